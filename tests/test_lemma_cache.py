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


def test_the_block_table_answers_like_the_dict_before_inside_and_after_its_forms():
    table = {b"b": b"1", b"bb": b"2", b"c": b"3", b"d\xc3\xa4": b"4", b"x": b"5"}
    for size in (1, 2, 64):
        _same_answers(lemmas.BlockTable.from_table(table, size), table)
    assert lemmas.BlockTable.loads(__import__("marshal").dumps({b"a": b"b"})) is None


def _same_answers(written, table):
    blocks = lemmas.BlockTable.loads(written.dumps())
    assert blocks is not None and len(blocks) == len(table) and dict(blocks) == table
    for key in [b"", b"a", b"b", b"ba", b"bb", b"bc", b"c", b"d", b"d\xc3\xa4", b"e", b"x",
                b"y", b"\xff"]:
        assert blocks.get(key) == table.get(key)
        assert (key in blocks) == (key in table)
