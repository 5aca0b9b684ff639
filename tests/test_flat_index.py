"""The finders of ``flat.flat_pieces`` find the same with the line's literal index as with
their own scans (``scan.LiteralIndex``: one Aho-Corasick pass for every literal
alternation they search). Lines are built from the finders' own phrases, their edges
(a phrase inside a longer one, a counter before a button word) and random text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.boilerplate import flat_rules
from servicelab.flat import (
    _BYLINE,
    _BYLINE_HINTS,
    _STARTS,
    _STARTS_HINTS,
    _literals,
    announcer_cuts,
    head_cuts,
    label_cuts,
    ui_runs,
)
from servicelab.layout import DATE, DATE_HINTS
from servicelab.scan import LiteralIndex, hinted_finditer

RULES = flat_rules()
PHRASES = ["Teilen", "Teilen mit:", "Diesen Beitrag teilen", "Lesen Sie auch:", "Von Ida Kern",
           "Beitrag", "Dieser Beitrag hat 3 Kommentare", " hat geschrieben:", "12 ▲ ▼ Antworten",
           "• Teilen ›", "Melden", "Antworten abbrechen", "Schreibe einen Kommentar",
           "Anzeige Jetzt 40 GB", "Sie sehen gerade", "vor 3 Tagen", "#12", "12. März 2026",
           "14:05", "3 Kommentare", "Vorsicht", "Vonovia", " ", ". ", "Ida", "x" * 30]
LINES = st.one_of(st.lists(st.sampled_from(PHRASES), max_size=12).map("".join),
                  st.text(alphabet="TeilnVo #▲•. 12", max_size=60))


@settings(max_examples=600, deadline=None)
@given(LINES)
def test_the_finders_read_the_index_as_they_read_the_line(line):
    index = LiteralIndex(line, _literals(RULES))
    assert [m.span() for m in ui_runs(line, index)] == [m.span() for m in ui_runs(line)]
    for pattern, hints in ((_STARTS, _STARTS_HINTS), (_BYLINE, _BYLINE_HINTS),
                           (DATE, DATE_HINTS)):
        assert [m.span() for m in hinted_finditer(pattern, line, hints, index)] == \
            [m.span() for m in pattern.finditer(line)]
    assert label_cuts(line, RULES, index) == label_cuts(line, RULES)
    assert head_cuts(line, RULES, index) == head_cuts(line, RULES)
    cuts = {0, len(line), *head_cuts(line, RULES), *label_cuts(line, RULES)}
    assert announcer_cuts(line, cuts, RULES, index) == announcer_cuts(line, cuts, RULES)


def test_every_literal_alternation_of_the_finders_is_indexed():
    indexed = _literals(RULES)
    assert _STARTS_HINTS[0].pattern in indexed and DATE_HINTS[3].pattern in indexed
    assert len(indexed) >= 8
