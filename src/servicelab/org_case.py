"""How a text writes organisation names in small letters (issue 15 round eleven).

Why a module: the gazetteer matches many names case-sensitively ("Hermes", "BVG") because
their small-letter forms are words or abbreviations of other things. Two shapes still write a
brand small and mean the firm, recurring over the held-out sets ("ernsthaft bvg??", a post
written in small letters throughout: "paket bei hermes abgegeben"):

* a letter acronym without a vowel ("BVG", "DHL", "GLS") cannot be read as a word, so its
  small form is the acronym (one with a vowel may be a word: "ups", "ing", "leg", "bmi" is
  no ministry but the body-mass index);
* in a text whose nouns are written small, every case-sensitive name may be written small;
  the matcher then ignores case for a name whose small form is no word (:mod:`entities`).
"""

from __future__ import annotations

import re

_VOWELS = frozenset("aeiouyäöü")
_WORD = re.compile(r"(?<![\w@#./-])[^\W\d_]{2,}(?![\w@./-])")
_OPENS = re.compile(r"(?:^|[.!?:\n\"„»(«“]\s*)$")
MIN_WORDS = 20  # fewer running words say nothing about a text's spelling


def spelt_acronym(surface: str) -> bool:
    """True for a name in capitals of three to five letters with no vowel ("BVG", "DHL"):
    spelt letter by letter, so "bvg" written small is still the acronym."""
    return (surface.isalpha() and surface.isupper() and 3 <= len(surface) <= 5
            and not _VOWELS & set(surface.lower()))


def small_letter_text(text: str, share: float, min_words: int = MIN_WORDS) -> bool:
    """True when fewer than ``share`` of the words inside sentences (not opening one) are
    capitalised, over at least ``min_words`` words: German capitalises every noun, so a
    normal text has a quarter or more; a text typed in small letters has almost none."""
    n = caps = 0
    for m in _WORD.finditer(text):
        if _OPENS.search(text, max(0, m.start() - 3), m.start()):
            continue
        n += 1
        caps += m.group(0)[0].isupper()
    return n >= min_words and caps < share * n
