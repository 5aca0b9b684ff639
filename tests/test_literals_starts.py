"""``literals.StartIndex`` finds exactly what ``finditer`` finds (blame's cue regexes are
tried only where one of their start literals occurs).

Random patterns from pieces that sit at the edges of the derivation (``\\b``, look-behinds,
``$``, groups, alternations with an empty branch, repeats, small and large classes, emoji,
characters whose case folding ``str.lower`` misses: ſ, the Kelvin sign, İ, ẞ) against random
texts from the same pieces; and every cue of the default blame rules against own sentences
and strings the cue itself generates (``st.from_regex``).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.blame import BlameRules
from servicelab.literals import StartIndex, lowered, start_literals

_ATOMS = ["mal", "Mal", "wieder", "s", "ſ", "K", "k", "\u212a", "İ", "i", "ß", "ẞ", "!", "?",
          ":", "-", "#", "\U0001F644", "ä", "Ä", " ", "\n", "x", "a"]
_PIECES = [r"\b", r"(?<![A-Za-z])", r"(?<=\s)", "$", "(?=a)", r"\w+", r"\d", "[!?]",
           "[a-c]", "[^a]", "[sK]", r"[\U0001F644#]", "x*", "a?", ".", "(?:mal|schon)",
           "(?:|ab)", "(?i:s)"] + [re.escape(a) for a in _ATOMS]


def _patterns() -> st.SearchStrategy[re.Pattern[str]]:
    seq = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4).map("".join)
    alts = st.lists(seq, min_size=1, max_size=4).map("|".join)
    flags = st.sampled_from([0, re.IGNORECASE])
    return st.builds(lambda p, f: re.compile(p, f), alts, flags)


def _texts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_ATOMS) | st.text(max_size=3), max_size=30).map("".join)


def _check(pattern: re.Pattern[str], text: str) -> None:
    expected = [m.span() for m in pattern.finditer(text)]
    index = StartIndex.of(pattern)
    if index is None:
        return
    assert [m.span() for m in index.finditer(text, lowered(text))] == expected
    assert [m.span() for m in index.finditer(text, None)] == expected


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_patterns(), _texts())
def test_start_index_equals_finditer_on_random_patterns(pattern, text):
    try:
        _check(pattern, text)
    except re.error:
        pytest.skip("pattern not compilable")


def test_start_literals_read_from_the_pattern():
    assert start_literals(re.compile(r"\b(?:mal|schon|jedes ?Mal) wieder\b", re.I)) == (
        "jed", "mal", "sch")
    assert start_literals(re.compile(r"(?<![A-Za-z]):-?[/(]|[!?]$|\bWTF\b")) == (
        "!", ":", "?", "wtf")
    assert start_literals(re.compile(r"#(?:fail|wtf)|[\U0001F644\U0001F44E]")) == (
        "#fa", "#wt", "\U0001F44E", "\U0001F644")
    # a match may start anywhere, or be empty: no start literals
    assert start_literals(re.compile(r"\w+ hat")) is None
    assert start_literals(re.compile(r"x*")) is None
    assert start_literals(re.compile(r"ab|(?i:s)")) is None


def test_folded_characters_reach_the_regex():
    """A text ``lowered`` cannot read (ſ, Kelvin sign) is searched in full: 'ſchon' matches
    'schon' under IGNORECASE although 'ſch' is not a start literal."""
    pattern = re.compile(r"\bschon wieder\b", re.IGNORECASE)
    index = StartIndex.of(pattern)
    assert index is not None
    for text in ("Und ſchon wieder kaputt.", "SCHON WIEDER", "\u212aein Anschluss, schon wieder"):
        assert [m.span() for m in index.finditer(text, lowered(text))] == [
            m.span() for m in pattern.finditer(text)]
    # the other way round: a folded character in the pattern matches plain text
    for source, text in (("\u017fchon", "schon, Schon"), ("\u212aein", "kein Kein"),
                         ("[\u017f\u212a]", "ks"), ("(?:a|\u017f)b", "sb ab")):
        _check(re.compile(source, re.IGNORECASE), text)
        assert len(re.compile(source, re.IGNORECASE).findall(text)) == 2


_OWN = ["Schon wieder ist der Zug ausgefallen!!", "Danke für nichts :-(", "Typisch, wie immer.",
        "Das ist eine Frechheit?!", "#fail bei der Hotline \U0001F644", "Geht gar nicht, WTF",
        "Die Lieferung kam nie pünktlich, mal wieder zu spät.", "Ein Witz, dieser Service"]


@pytest.mark.parametrize("cue", BlameRules.default().cues, ids=lambda c: c.name)
def test_every_cue_equals_finditer_on_own_sentences(cue):
    for text in _OWN:
        _check(cue.pattern, text)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_cue_equals_finditer_on_generated_strings(data):
    cues = [c for c in BlameRules.default().cues if c.starts is not None]
    cue = data.draw(st.sampled_from(cues))
    parts = data.draw(st.lists(st.from_regex(cue.pattern) | st.sampled_from(_OWN + _ATOMS),
                               min_size=1, max_size=4))
    _check(cue.pattern, " ".join(parts))
