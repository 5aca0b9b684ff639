"""servicelab.lemmas: one cached German lemmatiser (simplemma) behind lemma()/lemmas()."""

from servicelab.lemmas import lemma, lemmas


def test_inflected_verbs_and_participles_share_a_lemma():
    assert {lemma(w) for w in ("meldete", "gemeldet", "melden")} == {"melden"}
    assert lemma("zugesagt") == "zusagen"
    assert lemma("kam") == "kommen"


def test_lemmas_keeps_order_and_nouns():
    assert lemmas(["Techniker", "storniert", "erstattet"]) == ["Techniker", "stornieren",
                                                              "erstatten"]
