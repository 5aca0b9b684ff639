"""The on-disk cache of word sets (``cache.cached_word_sets``) and the loaders that use it:
what comes back from the cache is what the source files give, and a stale, damaged or
truncated file is rebuilt, never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab import cache, entities, names


def _counting_build(sets):
    calls = []

    def build():
        calls.append(1)
        return sets

    return build, calls


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_process_reads_the_cache(folder, tmp_path):
    source = tmp_path / "src.txt"
    source.write_text("eins zwei", encoding="utf-8")
    sets = (frozenset({"Straße", "Äpfel", "x y"}), frozenset(), frozenset({"ß"}))
    build, calls = _counting_build(sets)
    assert cache.cached_word_sets("t", [source], 3, build) == sets
    assert cache.cached_word_sets("t", [source], 3, build) == sets
    assert len(calls) == 1
    assert len(list(folder.glob("words-t-*.txt"))) == 1


def test_changed_or_missing_source_rebuilds(folder, tmp_path):
    source = tmp_path / "src.txt"
    source.write_text("eins", encoding="utf-8")
    build, calls = _counting_build((frozenset({"a"}),))
    cache.cached_word_sets("t", [source], 1, build)
    source.write_text("zwei", encoding="utf-8")
    cache.cached_word_sets("t", [source], 1, build)
    source.unlink()
    cache.cached_word_sets("t", [source], 1, build)
    cache.cached_word_sets("t", [None], 1, build)
    assert len(calls) == 3  # the missing file and None are both "missing": one key


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other_count"])
def test_damaged_file_is_rebuilt(folder, tmp_path, damage):
    source = tmp_path / "src.txt"
    source.write_text("eins", encoding="utf-8")
    sets = (frozenset({"Müller", "Schmidt", "Özdemir"}),)
    build, calls = _counting_build(sets)
    cache.cached_word_sets("t", [source], 1, build)
    (path,) = folder.glob("words-t-*.txt")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-2] ^= 0x01
    elif damage == "truncate":
        data = data[:-3]
    elif damage == "garbage":
        data = bytearray(b"\x80\x81 not a cache file")
    elif damage == "empty":
        data = bytearray()
    else:
        data = data.replace(b" 1 ", b" 2 ", 1)
    path.write_bytes(bytes(data))
    assert cache.cached_word_sets("t", [source], 1, build) == sets
    assert len(calls) == 2
    assert cache.cached_word_sets("t", [source], 1, build) == sets
    assert len(calls) == 2  # rewritten whole


def test_unencodable_words_are_returned_but_not_cached(folder, tmp_path):
    for sets in ((frozenset({"a\nb"}),), (frozenset({"a\0"}),), (frozenset({""}),)):
        build, calls = _counting_build(sets)
        assert cache.cached_word_sets("u", [None], 1, build) == sets
        assert cache.cached_word_sets("u", [None], 1, build) == sets
        assert len(calls) == 2
        assert not list(folder.glob("words-u-*"))


def test_cache_off_always_builds(monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", "off")
    build, calls = _counting_build((frozenset({"a"}),))
    cache.cached_word_sets("t", [None], 1, build)
    cache.cached_word_sets("t", [None], 1, build)
    assert len(calls) == 2


def test_wrong_count_is_an_error(folder):
    with pytest.raises(ValueError, match="expected 2"):
        cache.cached_word_sets("t", [None], 2, lambda: (frozenset({"a"}),))


def _fresh_loaders():
    for fn in (names.german_words, names.given_names, entities._lexicon_words):
        fn.cache_clear()


def test_loaders_from_cache_equal_the_source_files(folder):
    """Cold (written) and warm (read) cache give exactly what the plain readers give."""
    path = entities.textblob_lexicon_path()
    plain = {
        "lexicon": entities._read_lexicon_words(path) if path else (frozenset(), frozenset()),
    }
    _fresh_loaders()
    plain["german"] = names._read_german_words()
    plain["given"] = names._read_given_names()
    for _ in ("cold", "warm"):
        _fresh_loaders()
        assert (entities.load_common_words(), entities.load_proper_names()) == plain["lexicon"]
        assert names.german_words() == plain["german"]
        given = names.given_names()
        assert (given.plain, given.ambiguous, frozenset([given.source])) == plain["given"]
    assert sorted(p.name.rsplit("-", 1)[0] for p in folder.iterdir()) == [
        "words-german_words", "words-given_names", "words-textblob_lexicon"]
    _fresh_loaders()


class _ArchiveFile:
    """A data file inside an installed archive: readable, but no path."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read_bytes(self) -> bytes:
        return self.data


def test_a_file_without_a_path_is_hashed_too():
    one, two = _ArchiveFile(b"name\nAnna\n"), _ArchiveFile(b"name\nBerta\n")
    keys = {cache._source_digest("t", [f]) for f in (one, two, None)}
    assert len(keys) == 3
