"""``sentences.quoted_spans`` skips the quote-mark search on lines without a mark; the spans
equal those of the plain search on every line (random texts of quote marks, salutations,
reply lines and long flat lines)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.boilerplate import lines_with_offsets
from servicelab.sentences import quoted_spans

PIECES = ['"', 'Er sagt "nein".', "Antwort: Wir prüfen das.", "Sehr geehrte Frau Ida,",
          "Mit freundlichen Grüßen", "Ihr Team", "ich warte.", "\n", " ", "Ida", ". ",
          "Kein Zitat hier " * 120, '"Zitat" ' * 3]


def _plain_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quote-mark pairs of every non-empty line, searched on every line."""
    out = []
    for ls, _le, line in lines_with_offsets(text[start:end]):
        if not line:
            continue
        marks = [m.start() for m in re.finditer('"', line)]
        out += [(start + ls + a, start + ls + b + 1)
                for a, b in zip(marks[0::2], marks[1::2], strict=False)]
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.data())
def test_quote_mark_pairs_equal_the_plain_search(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = quoted_spans(text, start, end)
    plain = _plain_marks(text, start, end)
    # the spans that open with a quote mark are the mark pairs (reply lines open with
    # "Antwort:", letters with their salutation), in line order
    marks = [s for s in got if text[s[0]] == '"']
    assert marks == plain
