"""Shortcuts of the pseudonymiser's name scans give what the plain computation gives.

``privacy._lower_word_map`` lower-cases the word map of a text instead of mapping the
lower-cased text again (one pass over an 8 MB page less): that is exact when lower-casing
never moves a character into or out of ``[^\\w ]``, which is checked here for every code
point, and on random texts against the plain map (the final sigma, the one letter lowered by
its context, is mapped from the lower-cased text).
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab import privacy
from servicelab.privacy import _NON_WORD, _lower_word_map, _person_matches, _word_map


def _plain_map(text: str) -> str:
    return " " + _NON_WORD.sub(" ", text) + " "


def test_lower_casing_keeps_every_character_on_its_side_of_the_word_map():
    moved = []
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if len(low) != 1:
            continue  # such a text is matched without the map (pseudonymise_text)
        if bool(_NON_WORD.match(c)) != bool(_NON_WORD.match(low)):
            moved.append(hex(cp))
    assert moved == []


def test_a_capital_sigma_beside_an_apostrophe_is_mapped_from_the_lower_cased_text():
    # "Σ" lowers to "ς" at a word's end: "a’Σ" to "a’ς", but its map "a Σ" to "a σ"
    text = "a’Σ bΣ’a"
    assert _plain_map(text).lower() != _plain_map(text.lower())
    assert _lower_word_map(text) == _plain_map(text.lower())


TEXTS = st.lists(st.sampled_from(list("aAbBäÄßẞ ΣσςİIıi.-_@’'\u2160\u24b6!?\n\t1²")
                                 + ["Max", "MAX ", "Öz-Türk", "ÉLAN", "ǅ", "ﬁ"]),
                 max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_lower_word_map_is_the_map_of_the_lower_cased_text(text):
    privacy._word_map.cache_clear()
    if len(text.lower()) != len(text):
        return
    assert _lower_word_map(text) == _plain_map(text.lower())
    assert _word_map(text) == _plain_map(text)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.lists(st.sampled_from(["max", "max m", "öz-türk", "σας", "élan", "i", "a"]),
                       min_size=1, max_size=4))
def test_person_matches_with_the_shared_map_equal_the_plain_ones(text, forms):
    privacy._word_map.cache_clear()
    if len(text.lower()) != len(text):
        return
    low = text.lower()
    forms = sorted(set(forms), key=len, reverse=True)
    # the pattern _person_matches stands for (its docstring), matched the slow way
    alt = "|".join(re.escape(f) for f in forms)
    plain = [(m.start(), m.start(2), m.end(2), m.end()) for m in
             re.finditer(rf"(?<![\w@])(@ ?)?({alt})(s|'s|’s)?(?![\w])", low)]
    assert _person_matches(low, forms, _lower_word_map(text)) == plain
    assert _person_matches(low, forms) == plain


def test_a_text_whose_punctuation_lowers_the_same_maps_alike():
    text = "Frau ÖZ-TÜRK schrieb: „Max!“ @MAX_M."
    assert _lower_word_map(text) == _plain_map(text.lower())


CUE_PIECES = ["Herr ", "Frau Dr. ", "Hr. ", "Familie ", "Gruß, ", "LG ", "Grüße aus Graz, ",
              "Von ", "Ein Bericht von ", "Foto: ", "Leserin ", "Nutzer ", "Zitat von ",
              "Antwort von @", "von ", "u/", " Mitglied seit", "Redakteurin", "redakteur",
              "Finanz", " schreibt seit 2015", "Ida", "Max Muster", "Kern", "_", "@", "\n",
              " ", ". ", ", ", "Vorstand", "Einkauf", "Herrmann"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CUE_PIECES), max_size=14).map("".join))
def test_the_cues_read_the_literal_index_as_they_read_the_text(text):
    index = privacy.LiteralIndex(text, privacy._INDEXED_HINTS)
    for cue, hints in privacy._CUE_STARTS.items():
        assert [m.span() for m in privacy.hinted_finditer(cue, text, hints, index)] == \
            [m.span() for m in cue.finditer(text)], cue.pattern
    assert [m.span() for m in privacy.hinted_finditer(
        privacy._AUTHOR_BOX_HINT, text, privacy._AUTHOR_BOX_HINTS, index)] == \
        [m.span() for m in privacy._AUTHOR_BOX_HINT.finditer(text)]


def test_a_long_text_is_searched_by_its_index_and_finds_what_a_short_one_finds():
    text = ("Herr Kern schrieb an Frau Dr. Ida Muster. " * 3000) + "Gruß, Max"
    assert len(text) >= privacy._INDEX_MIN_CHARS and privacy._hint_index(text) is not None
    assert [m.span() for m in privacy._cue_matches(privacy._TITLE, text)] == \
        [m.span() for m in privacy._TITLE.finditer(text)]
    assert privacy._hint_index(text[:1000]) is None
