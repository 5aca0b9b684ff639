"""The repeated-line pass reads no lines of a site too small for a line to repeat, and finds
exactly what reading every page finds."""

from __future__ import annotations

import hashlib
import random

from servicelab import corpus
from servicelab.corpus import count_site_lines
from servicelab.reading import RawText
from servicelab.sitelines import SiteLineCounter

_LINES = ["Startseite", "Impressum und Datenschutz", "Kontakt aufnehmen", "Alle Beiträge",
          "Mein Paket kam nicht an.", "Der Kundendienst antwortet nicht.", "Zurück nach oben"]


def _raw(path: str, text: str) -> RawText:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return RawText(path.rsplit("/", 1)[-1], path, sha, "utf-8", len(text), text)


def _plain(raws: list[RawText]) -> SiteLineCounter:
    counter = SiteLineCounter()
    for raw in raws:
        counter.add_hashes(raw.path, raw.sha256, corpus.raw_page_hashes(raw))
    return counter


def test_repeated_lines_equal_reading_every_page():
    rng = random.Random(7)
    for _ in range(200):
        raws = []
        for site in range(rng.randint(1, 4)):
            for page in range(rng.randint(1, 5)):
                lines = rng.sample(_LINES, rng.randint(1, len(_LINES)))
                raws.append(_raw(f"s{site}/p{page}.txt", "\n".join(lines)))
                if rng.random() < 0.3:  # an exact copy counts once
                    raws.append(_raw(f"s{site}/copy{page}.txt", "\n".join(lines)))
        rng.shuffle(raws)
        assert count_site_lines(raws).repeated() == _plain(raws).repeated()


def test_small_site_is_not_read(monkeypatch):
    read = []
    real = corpus.raw_page_hashes
    monkeypatch.setattr(corpus, "raw_page_hashes", lambda raw: read.append(raw.path) or real(raw))
    raws = [_raw("big/a.txt", "Startseite\nA"), _raw("big/b.txt", "Startseite\nB"),
            _raw("big/c.txt", "Startseite\nC"), _raw("one/x.txt", "Startseite\nX"),
            _raw("two/y.txt", "Startseite\nY"), _raw("two/copy.txt", "Startseite\nY")]
    counter = count_site_lines(raws)
    assert sorted(read) == ["big/a.txt", "big/b.txt", "big/c.txt"]
    assert set(counter.repeated()) == {"big"}


def test_a_given_counter_reads_every_page():
    """Pages added to a counter passed in may join a site counted before: all are read."""
    counter = SiteLineCounter()
    count_site_lines([_raw("s/a.txt", "Startseite\nA"), _raw("s/b.txt", "Startseite\nB")],
                     counter)
    count_site_lines([_raw("s/c.txt", "Startseite\nC")], counter)
    assert set(counter.repeated()) == {"s"}
