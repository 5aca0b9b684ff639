"""``cache.cached_pickle``: a trained object is built once, loaded afterwards, rebuilt when the
file is damaged or holds something else, and built every time without a cache folder."""

from __future__ import annotations

from dataclasses import dataclass

from servicelab.cache import cached_pickle


@dataclass(frozen=True)
class Weights:
    values: tuple[float, ...]


def test_built_once_then_loaded_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    calls = []

    def build() -> Weights:
        calls.append(1)
        return Weights((0.5, -1.0))

    assert cached_pickle("w.pickle", Weights, build) == Weights((0.5, -1.0))
    assert cached_pickle("w.pickle", Weights, build) == Weights((0.5, -1.0))
    assert len(calls) == 1
    (tmp_path / "w.pickle").write_bytes(b"not a pickle")
    assert cached_pickle("w.pickle", Weights, build) == Weights((0.5, -1.0))
    assert len(calls) == 2
    assert cached_pickle("w.pickle", dict, lambda: {"a": 1}) == {"a": 1}  # a foreign file


def test_without_a_cache_folder_it_is_built_every_time(monkeypatch):
    monkeypatch.setenv("SERVICELAB_CACHE", "off")
    calls = []
    for _ in range(2):
        cached_pickle("w.pickle", Weights, lambda: calls.append(1) or Weights(()))
    assert len(calls) == 2
