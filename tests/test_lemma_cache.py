"""The lemmatiser's cached dictionary gives exactly simplemma's own lemmas."""

from __future__ import annotations

import simplemma

from servicelab import lemmas

TOKENS = ["gemeldet", "meldete", "zugesagt", "Techniker", "Verifiziert", "Unbeantwortet",
          "kam", "Kündigungen", "schickte", "Rückerstattung", "wartete", "Hotline", "xyzzy",
          "Ämter", "angerufen", "gegangen", "Deutschen", "Bahn", "läuft", "Störungen"]


def _fresh(monkeypatch, folder) -> None:
    monkeypatch.setenv("SERVICELAB_CACHE", str(folder))
    lemmas._lemmatizer.cache_clear()
    lemmas.lemma.cache_clear()


def test_cached_dictionary_gives_simplemmas_lemmas(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    first = [lemmas.lemma(t) for t in TOKENS]  # decoded and written
    assert len(list(tmp_path.glob("simplemma-*.marshal"))) == 1
    _fresh(monkeypatch, tmp_path)
    second = [lemmas.lemma(t) for t in TOKENS]  # read back from the cache
    expected = [simplemma.lemmatize(t, lang="de") for t in TOKENS]
    assert first == expected
    assert second == expected
    lemmas._lemmatizer.cache_clear()
    lemmas.lemma.cache_clear()


def test_the_cached_table_is_the_shipped_one(tmp_path, monkeypatch):
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    _fresh(monkeypatch, tmp_path)
    lemmas.load_dictionary("de")  # writes
    assert lemmas.load_dictionary("de") == _load_dictionary_from_disk("de")  # reads


def test_a_damaged_cache_file_is_decoded_again(tmp_path, monkeypatch):
    _fresh(monkeypatch, tmp_path)
    path = lemmas._cache_file("de")
    path.write_bytes(b"not marshal data")
    assert lemmas.load_dictionary("de")[b"gemeldet"] == simplemma.lemmatize(
        "gemeldet", lang="de").encode()
    lemmas._lemmatizer.cache_clear()
    lemmas.lemma.cache_clear()


def test_cache_off_still_lemmatises(monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", "off")
    lemmas._lemmatizer.cache_clear()
    lemmas.lemma.cache_clear()
    assert lemmas.lemma("gemeldet") == simplemma.lemmatize("gemeldet", lang="de")
    lemmas._lemmatizer.cache_clear()
    lemmas.lemma.cache_clear()
