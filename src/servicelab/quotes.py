"""Quoted passages: one definition of quotation marks and of a quoted passage.

Why one module: the sentence table (``sentences.quoted_spans``), the reply linker of
:mod:`servicelab.defence` and the lexicon rules each detected quotations their own way.
A passage is the text between a quotation mark and the next one on the same line; the corpus
normalises every double quotation mark to ``"``, raw text may still hold the typographic ones.
"""

from __future__ import annotations

import re

#: Double quotation marks: straight, German „…“, English “…”, guillemets «…» and »…«.
QUOTE_MARKS = '"„“”«»'
#: Marks that only open (``„``, ``«``) or only close (``»``) a quotation in running text;
#: the others open or close depending on whether a quotation is open.
OPENING_ONLY = "„«"
CLOSING_ONLY = "»"

_PASSAGE = re.compile(rf"[{QUOTE_MARKS}]([^{QUOTE_MARKS}\n]*)[{QUOTE_MARKS}]")


def quoted_passages(text: str, min_chars: int = 0, max_chars: int | None = None
                    ) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each quoted passage, marks included in ``start:end``.

    Marks pair up left to right on each line; passages whose inner text is shorter than
    ``min_chars`` or longer than ``max_chars`` are left out (the marks still pair).
    """
    out = []
    for m in _PASSAGE.finditer(text):
        n = len(m.group(1))
        if n >= min_chars and (max_chars is None or n <= max_chars):
            out.append((m.start(), m.end(), m.group(1)))
    return out
