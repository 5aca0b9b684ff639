"""Issue 17: the memoised predicate rows of ``wait_clause._found_roles`` give what running
every row's pattern on every string gives (``plain=True``), on random word sets built from
the structure rows' own strings, inflections and noise, with and without "vor der Tür"."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab.wait_clause import WaitStructure, _found_roles, default_structure

STRUCTURE = default_structure()
#: own words: predicates, their forms and prefixes, arrival phrases, noise
WORDS = ["kommen", "ankommen", "kam", "da", "vor", "der", "tür", "Tür", "reparieren",
         "reparierte", "erhalten", "bekommen", "dauern", "dauert", "verschieben",
         "umgebucht", "anrufen", "zurückrufen", "antworten", "abfahren", "liegen",
         "hängen", "kaputt", "jetzt", "schon", "endlich", "lösen", "klären", "", "x",
         "dauernd", "kommentar", "helfen", "hilfe", "dafür", "Ärger"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.one_of(st.sampled_from(WORDS), st.text(alphabet="adeiklnrtuäü", max_size=8)),
               max_size=8),
       st.lists(st.sampled_from(WORDS + ["vor der Tür", ",", " "]), max_size=10).map(" ".join))
def test_memoised_predicate_rows_are_the_plain_ones(lemmas: set[str], text: str) -> None:
    assert _found_roles(STRUCTURE, lemmas, text) == _found_roles(STRUCTURE, lemmas, text,
                                                                 plain=True)


def test_the_memo_follows_the_structure_object() -> None:
    # a second structure with other rows answers from its own memo, not the first one's
    own = WaitStructure(predicates=(("last", "", STRUCTURE.predicates[0][2]),),
                        arguments=STRUCTURE.arguments)
    first = STRUCTURE.predicates[0][0]
    assert _found_roles(STRUCTURE, {"kommen"}, "")[first] == STRUCTURE.predicates[0][1]
    assert _found_roles(own, {"kommen"}, "") == {"last": ""}
    assert _found_roles(own, {"dauern"}, "") == {} == _found_roles(own, {"dauern"}, "",
                                                                   plain=True)
