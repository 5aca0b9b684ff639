"""The tagger tries a word-led core only where its first character stands, and finds exactly
what trying every core finds.

Texts are built from strings the core patterns generate themselves (``st.from_regex``: a
core changed so that it starts differently makes these fail), trigger words inside other
words ("nach", "Frühsommer"), capitals, digits and random text.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.timex import extraction
from servicelab.timex.dispatch import Dispatch, first_chars
from servicelab.timex.rules import resolve_rules

PATTERNS = extraction.compile_patterns(resolve_rules(None))
#: the word-led cores (the digit-led ones are tried at every digit run, undispatched)
CORES = {h.name: pat for h, pat in PATTERNS.word_cores}
FRAGMENTS = ["nach", "sich", "Frühsommer", "heute", "Heute", "HEUTE", "halb 8", "Halb",
             "3 h", "2h", "am Montagabend", "KW 12", "Uhr", "um 9 Uhr", "seit Wochen",
             "vor 3 Tagen", "Mai", "im Mai 2024", "12.03.2024", "wöchentlich", "Tag",
             "Heiligabend", "zwei Stunden", " ", ", ", ".", "\n", "x", "Jahreswechsel"]


class _Every:
    """A dispatch that hands out every core (the plain loop before dispatching)."""

    def __init__(self, cores: tuple) -> None:
        self._cores = cores

    def at(self, ch: str) -> tuple:
        return self._cores


def _texts() -> st.SearchStrategy[str]:
    own = st.sampled_from(sorted(CORES)).flatmap(
        lambda name: st.from_regex(CORES[name], fullmatch=True).map(lambda s: s[:40]))
    piece = st.one_of(own, st.sampled_from(FRAGMENTS),
                      st.text(alphabet="aehmrstuHMSTW0129 .:-", max_size=8))
    return st.lists(piece, max_size=10).map("".join)


@pytest.mark.parametrize("name", sorted(CORES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_starts_with_one_of_the_first_characters(name: str,
                                                             data: st.DataObject) -> None:
    pattern = CORES[name]
    first = first_chars(pattern)
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    m = pattern.match(text)
    if first is not None and m is not None:
        assert m.end() > 0 and text[0] in first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_dispatched_extraction_is_the_plain_one(text: str) -> None:
    plain = replace(PATTERNS, word_dispatch=_Every(PATTERNS.word_cores))
    got = extraction.extract(text)
    orig = extraction.compile_patterns
    extraction.compile_patterns = lambda rules: plain  # type: ignore[assignment]
    try:
        want = extraction.extract(text)
    finally:
        extraction.compile_patterns = orig
    assert got == want


def test_first_characters_of_literals_classes_and_groups() -> None:
    assert first_chars(re.compile(r"(?:halb|Halb)\s+\d")) == frozenset("hH")
    assert first_chars(re.compile(r"(?<!\w)[A-C]x?|Uhr(?!\w)")) == frozenset("ABCU")
    assert first_chars(re.compile(r"(?:KW)?Woche")) == frozenset("KW")
    # unbounded: a category, a case-insensitive pattern, an empty match, any character
    for p in (r"\d+Uhr", r"(?i)uhr", r"(?:x)?", r".b", r"[^a]b", r"\bTag"):
        assert first_chars(re.compile(p)) is None or p == r"\bTag"
    assert first_chars(re.compile(r"\bTag")) == frozenset("T")


def test_dispatch_keeps_the_order_and_tries_unbounded_patterns_everywhere() -> None:
    items = [("a", re.compile("heute")), ("b", re.compile(r"\w+")), ("c", re.compile("halb"))]
    d = Dispatch(items)
    assert [name for name, _ in d.at("h")] == ["a", "b", "c"]
    assert [name for name, _ in d.at("z")] == ["b"]
    # the shipped word cores: the unit "h" inside "nach" is no longer tried against 16 cores
    assert len(PATTERNS.word_dispatch.at("h")) < len(PATTERNS.word_cores) / 2
