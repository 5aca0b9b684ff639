"""The cue prefilter (servicelab.literals) never rules out a text the regex would match."""

from __future__ import annotations

import re

import pytest

from servicelab.blame import BlameRules, lemma_string
from servicelab.defence import DefenceRules
from servicelab.literals import lowered, may_match, required_literals


def test_literals_of_alternatives_join_with_their_prefix():
    pattern = re.compile(r"\b(?:kann|können|könnte)\s+(?:man|wir)\b", re.IGNORECASE)
    assert required_literals(pattern) == ("kann", "können", "könnte")


def test_optional_parts_give_no_literal():
    assert required_literals(re.compile(r"x*\d+")) is None
    assert required_literals(re.compile(r"(?:ab)?c")) == ("c",)


def test_branch_with_a_free_alternative_gives_no_literal():
    assert required_literals(re.compile(r"(?:Ärger|\w+)")) is None
    assert required_literals(re.compile(r"(?:Ärger|\w+los)")) == ("los", "ärger")


def test_may_match_is_case_insensitive_like_re():
    lits = required_literals(re.compile(r"Glashaus", re.IGNORECASE))
    assert may_match(lits, lowered("Wer im GLASHAUS sitzt"))
    assert not may_match(lits, lowered("Wer im Gewächshaus sitzt"))


@pytest.mark.parametrize("text", ["Daſs war ſchlecht", "Das İst schlecht", "ein \u212aabel"])
def test_characters_re_folds_differently_skip_the_prefilter(text):
    # long s, dotted capital I and the Kelvin sign match s, i and k under re.IGNORECASE
    assert lowered(text) is None
    assert may_match(("xyz",), lowered(text))


def _sentences() -> list[str]:
    own = [
        "Zu so einer Geschichte gehören immer noch zwei.",
        "Das kann ich von hier aus nicht beurteilen, aber die Firma hat sich korrekt verhalten.",
        "Ich hatte auch schon gute Erfahrungen mit dem Händler gemacht!",
        "Die Bahn ist mal wieder zu spät, eine Frechheit!!",
        "Der Hersteller hat den Fehler eingeräumt und sich entschuldigt.",
        "Laut des Lieferanten liegt es am Lieferengpass.",
        "Wer billig kauft, kauft zweimal.",
        "Das Gerät funktioniert seit Tagen nicht, und niemand antwortet.",
        "FUNKTIONIERT NICHT. SKANDAL.",
        "Ein ganz normaler Satz ohne irgendeinen Hinweis.",
        "",
    ]
    return own


def test_no_shipped_cue_is_ruled_out_where_it_matches():
    """Every shipped defence and blame cue: the prefilter passes each sentence its regex
    matches (own sentences and each cue file's own example column)."""
    texts = _sentences()
    texts += [r["example"] for r in DefenceRules.default().cue_rows if r.get("example")]
    texts += [r["example"] for r in BlameRules.default().cue_rows if r.get("example")]
    checked = matched = 0
    for text in texts:
        low, lem = lowered(text), lemma_string(text)
        for c in DefenceRules.default().cues:
            checked += 1
            if c.regex.search(text):
                matched += 1
                assert may_match(c.literals, low), (c.cue_id, text)
        for c in BlameRules.default().cues:
            target = lem if c.on_lemmas else text
            checked += 1
            if c.pattern.search(target):
                matched += 1
                assert may_match(c.literals, lowered(target)), (c.name, text)
    assert matched > 50 and checked > matched
    # and the prefilter does rule out most cue × sentence pairs of an ordinary sentence
    low = lowered("Ein ganz normaler Satz ohne irgendeinen Hinweis.")
    ruled_out = sum(not may_match(c.literals, low) for c in DefenceRules.default().cues)
    assert ruled_out > len(DefenceRules.default().cues) // 2
