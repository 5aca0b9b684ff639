"""The timeline's trigger prefilters skip only work whose result is empty.

``sentence_events`` / ``lemma_events`` with the prefilters (the default) must give what the
plain code gives (``prefilter=False``: every pattern searched, every word lemmatised) on
texts built from strings the trigger patterns themselves generate (``st.from_regex``, so a
pattern changed without its literals makes these fail), inflected trigger words, separable
particles, compounds, capitals, characters whose lower case ``re`` does not see as
``str.lower`` does, and random text.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab import timeline as tl
from servicelab.timex.rules import FrozenMap
from servicelab.trigger_filter import LemmaFilter, LemmaHints, PatternFilter

RULES = tl.default_rules()
#: own words and phrases around the triggers: inflections, particles, compounds, negations
WORDS = ["Ich", "rief", "rufe", "an", "angerufen", "zurück", "meldete", "sich", "nicht",
         "gemeldet", "Meldung", "kam", "kommt", "ein", "Techniker", "Monteur", "Verspätung",
         "Zugverspätungen", "Ausfall", "Busausfälle", "fiel", "aus", "ausgefallen",
         "fällt", "wieder", "funktioniert", "seit", "warte", "wartete", "gelöst",
         "Problem", "erstattet", "zugesagt", "sagte", "zu", "wäre", "gekommen", "REPARIERT",
         "Storniert", "bestellt", "und", "oder", ",", ".", ";", "(", ")", "–", " ", "  ",
         "\n", "İ", "ſ", "K", "ß", "Straße", "STRASSE", "x1", "2024", "Mo."]


def _texts() -> st.SearchStrategy[str]:
    own = st.sampled_from(list(RULES.triggers.values())).flatmap(
        lambda p: st.from_regex(p, fullmatch=False).map(lambda s: s[:80]))
    piece = st.one_of(own, st.sampled_from(WORDS),
                      st.text(alphabet="aeiounrstlmgäöüAEÄÖÜ .,", max_size=10))
    return st.lists(piece, max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_prefiltered_sentence_events_are_the_plain_ones(text: str) -> None:
    assert tl.sentence_events(text, RULES) == tl.sentence_events(text, RULES, prefilter=False)
    assert tl.lemma_events(text, RULES) == tl.lemma_events(text, RULES, prefilter=False)


def test_the_rule_examples_still_fire_through_the_filters() -> None:
    # each trigger fires on a sentence written for it here, with and without the filter
    for text, kind in [("Am Montag rief ich bei der Hotline an.", "complaint"),
                       ("Nach drei Wochen meldete sich endlich jemand.", "vendor_response"),
                       ("Es gab wieder Zugausfälle auf der Strecke.", "delay"),
                       ("Der Betrag wurde mir gestern erstattet.", "refund")]:
        got = tl.sentence_events(text, RULES)
        assert kind in {k for k, _ in got}
        assert got == tl.sentence_events(text, RULES, prefilter=False)


def test_a_sentence_without_trigger_literals_tries_no_pattern() -> None:
    patterns = PatternFilter(RULES.triggers)
    assert patterns.candidates("Das Wetter war schön, die Sonne heiß.") == []
    # an 'İ' lower-cases to two characters: such a text tries every pattern
    assert patterns.candidates("İstanbul war schön.") == list(RULES.triggers)


def test_a_pattern_without_literals_is_always_tried_and_order_is_kept() -> None:
    pats = FrozenMap({"b": re.compile(r"\bstorniert\b"), "a": re.compile(r"\w+"),
                      "c": re.compile(r"Rückruf|rief zurück")})
    f = PatternFilter(pats)
    assert f.candidates("nichts davon") == ["a"]
    assert f.candidates("RÜCKRUF erhalten, storniert") == ["b", "a", "c"]


def test_the_lemma_filter_knows_inflections_particles_and_compounds() -> None:
    f = LemmaFilter({"melden", "anrufen"}, {"ausfall"})
    assert f.may_fire("Er meldete den Schaden.")
    assert f.may_fire("Ich habe angerufen.")
    assert f.may_fire("Zugausfall am Morgen")
    assert not f.may_fire("Der Zug kam pünktlich.")
    # a form seen before is answered from the memo, the same way
    assert f.may_fire("meldete") and not f.may_fire("pünktlich")


def test_the_filters_follow_the_rules_object_not_the_shipped_rules() -> None:
    own = tl.TimelineRules(
        triggers=FrozenMap({"refund": re.compile(r"\bGutschrift\b")}),
        wait_cues=RULES.wait_cues, timex=RULES.timex,
        lemma_triggers=(tl.LemmaTrigger("fix", "flicken"),))
    text = "Die Gutschrift kam, das Rad wurde geflickt."
    assert tl.sentence_events(text, own) == [("refund", "Gutschrift"), ("fix", "geflickt")] \
        == tl.sentence_events(text, own, prefilter=False)
    assert tl.sentence_events(text, RULES) == tl.sentence_events(text, RULES, prefilter=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_the_hinted_trigger_choice_is_the_plain_one(text: str) -> None:
    # the triggers a text can hold, from its words' hints, are those the plain scan of
    # every trigger keeps (and none when no word can be a trigger)
    prepared = tl._prepared(RULES.lemma_triggers)
    words = tl._WORD.findall(text)
    joined, keyed = tl._filters(RULES)[1].hits(words)
    assert tl._possible_hinted(prepared, words, joined, keyed) == tl._possible(prepared, text)
    assert bool(joined or keyed) == LemmaFilter(
        {k for _, _, k, noun, _ in prepared if not noun} | {j for *_, j in prepared if j},
        {k for _, _, k, noun, _ in prepared if noun}).may_fire(text)


def test_the_lemma_hints_name_the_triggers_a_form_can_be() -> None:
    h = LemmaHints([("melden", False, ""), ("rufen", False, "anrufen"),
                    ("ausfall", True, "")])
    assert h.of("meldete") == (frozenset(), frozenset({0}))
    assert h.of("angerufen") == (frozenset({1}), frozenset())
    assert h.of("Zugausfall") == (frozenset(), frozenset({2}))
    assert h.of("pünktlich") is None
    assert h.hits(["rief", "an", "Zugausfall"]) == (set(), {1, 2})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts(), max_size=6))
def test_the_batch_lemma_prefilter_is_the_per_sentence_one(texts: list[str]) -> None:
    # the whole-batch pass says of each text what its own words' hints say: a trigger form
    # inside a longer word ("meldetex", "_rief"), across two texts or next to a digit is none
    hints = tl._filters(RULES)[1]
    want = [any(hints.hits(tl._WORD.findall(t))) for t in texts]
    assert tl.lemma_candidates(texts, RULES) == want
    glued = ["x" + t + "1" for t in texts] + ["rief_", "an", "meldete"]
    assert tl.lemma_candidates(glued, RULES) == [
        any(hints.hits(tl._WORD.findall(t))) for t in glued]
