import pandas as pd

from servicelab.dedup import estimate_jaccard, flag_duplicates, shingles, signature

BASE = " ".join(f"wort{i} kommt vor und geht wieder" for i in range(60))


def test_signature_deterministic_and_jaccard_close():
    a, b = signature(BASE), signature(BASE + " ein kleiner zusatz am ende")
    assert (signature(BASE) == a).all()
    true_j = len(shingles(BASE) & shingles(BASE + " ein kleiner zusatz am ende")) / len(
        shingles(BASE) | shingles(BASE + " ein kleiner zusatz am ende"))
    assert abs(estimate_jaccard(a, b) - true_j) < 0.1


def test_flag_duplicates_longest_is_original():
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "content": [BASE, BASE + " plus kommentare", "ganz anderer text über die bahn " * 20, ""],
        "n_chars": [100, 900, 300, 0],
    })
    flags = flag_duplicates(docs)
    assert list(flags) == ["b", None, None, None]


def test_short_texts_are_duplicates_only_when_all_words_match():
    """Issue 13: texts under three tokens were shingled by their first token only."""
    docs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d", "e"],
        "content": ["Sehr gut", "Sehr schlecht", "Danke Telekom", "Danke Vodafone",
                    "danke, Telekom!"],
        "n_chars": [8, 13, 13, 14, 15],
    })
    assert list(flag_duplicates(docs)) == [None, None, "e", None, None]
