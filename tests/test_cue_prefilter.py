"""``scan.LiteralSets`` and ``blame.find_cues``: one Aho-Corasick pass gives exactly the cues
that ``literals.may_match`` lets through one by one, and ``find_cues`` finds what the
one-by-one version found (texts built from the cues' own examples, own filler words, and
characters whose case folding ``str.lower`` does not give)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.blame import (
    _COMPANY_WE,
    _CONDITIONED,
    _CONDITIONS,
    _FORMAL_YOU,
    _LETTER_MARKS,
    _NOT_COMPANY_WE,
    _STRONG_KINDS,
    BlameRules,
    CueMatch,
    _company_voice,
    _lemma_matches,
    find_cues,
    lemma_string,
)
from servicelab.literals import lowered, may_match
from servicelab.scan import LiteralSets

RULES = BlameRules.default()
EXAMPLES = sorted({r.get("example", "") for r in RULES.cue_rows} - {""})
FILLER = ["Das", "Paket", "kam", "nicht", "an", "und", "die", "Hotline", "war", "wieder",
          "schuld", ".", ",", "!", "ſ", "K", "İ", "🙂", "Lieferung", "leider", "ich", "wir"]

literal_sets = st.lists(st.one_of(
    st.none(), st.lists(st.text(alphabet="abcäß ", min_size=0, max_size=3), max_size=3)
    .map(tuple)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(literal_sets, st.one_of(st.none(), st.text(alphabet="abcäß .", max_size=30)))
def test_literal_sets_hit_exactly_what_may_match_lets_through(sets, low):
    want = {i for i, s in enumerate(sets) if may_match(s, low)}
    assert LiteralSets(sets).hits(low) == want


def _old_find_cues(text: str, rules: BlameRules) -> list[CueMatch]:
    cues = rules.cues
    lemmas = lemma_string(text) if any(c.on_lemmas for c in cues) else ""
    low, low_lemmas = lowered(text), lowered(lemmas)

    def matches(c):
        if c.on_lemmas:
            if not may_match(c.literals, low_lemmas):
                return []
            return _lemma_matches(c, text, lemmas)
        if not may_match(c.literals, low):
            return []
        return [CueMatch(c, m.start(), m.end(), m.group(0)) for m in c.pattern.finditer(text)]

    found = [f for c in cues if c.kind not in _CONDITIONS for f in matches(c)]
    if any(f.cue.kind in _CONDITIONED for f in found):
        found += [f for c in cues if c.kind in _CONDITIONS for f in matches(c)]
    strong = [f for f in found if f.cue.kind in _STRONG_KINDS]
    out = [f for f in found if f.cue.kind in _STRONG_KINDS
           or not any(s.start <= f.start and f.end <= s.end for s in strong)]
    return sorted(out, key=lambda f: (f.start, f.end, f.cue.name))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(EXAMPLES), st.sampled_from(FILLER)),
                min_size=1, max_size=8).map(" ".join))
def test_find_cues_is_the_one_by_one_version(text):
    assert find_cues(text, RULES) == _old_find_cues(text, RULES)


def test_find_cues_on_every_cue_example_is_the_one_by_one_version():
    for row in RULES.cue_rows:
        example = row.get("example", "")
        if example:
            assert find_cues(example, RULES) == _old_find_cues(example, RULES), row["name"]


def _old_company_voice(text: str) -> bool:
    if _LETTER_MARKS.search(text):
        return True
    text = _NOT_COMPANY_WE.sub("", text)
    return bool(_COMPANY_WE.search(text) and _FORMAL_YOU.search(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(
    ["wir", "Wir", "uns", "unsere", "Sie", "Ihnen", "Ihr", "sie", "nehmen", "sagen", "SAGEN",
     "nehmen wir", "sagen wir", "Nehmen wir", "x", "-", ".", " ", "  ", "Sehr geehrte",
     "Antwort:"]), max_size=12).map("".join))
def test_company_voice_shortcut_is_the_old_test(text):
    assert _company_voice(text) == _old_company_voice(text)
