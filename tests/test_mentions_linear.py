"""``entities.find_mentions`` on a long text: the same mentions as the plain code, and work
that does not grow with the text's length where no name stands (issue 17's bug: a 1 MB text
took about two minutes).

Two things made it quadratic-or-worse: every gazetteer entry whose needle occurs anywhere
ran its regex over the whole text (entries × length; on a page most needles occur), and each
bare noun ("Bahn") sliced and searched the whole text before it. The shortcuts are checked
against the plain versions on random texts built from gazetteer surfaces, stop characters,
case-folding oddities (ſ, the Kelvin sign, İ) and own filler words.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab import entities
from servicelab.entities import (
    _BARE_COMPOUND,
    _COORDINATION,
    Gazetteer,
    Mention,
    _bare_fits,
    _coordination_before,
    _entry_matches,
    _entry_windows,
    _rank,
    _resolve,
    _SpanIndex,
    find_mentions,
)

GAZ = Gazetteer.default()
SURFACES = sorted({e.surface for e in GAZ.entries})
FILLER = ["Heute", "kam", "das", "Paket", "wieder", "nicht", "an", "und", "oder", "sowie",
          "&", "typisch", "danke", "liebe", "hallo", "die", "der", "bei", "von", "Kunden",
          "Streik", "-", "  ", " ", "\n", ".", ",", "!", "?", "(", ")", "„", "“", "/", ":",
          "ſ", "K", "İ", "🙂", "é", "Straße", "@", "#", "'s", "’", "-Kunden", "-Chaos"]


def _piece(draw_surface: str, how: int) -> str:
    return (draw_surface, draw_surface.lower(), draw_surface.upper())[how]


pieces = st.one_of(
    st.builds(_piece, st.sampled_from(SURFACES), st.integers(0, 2)),
    st.sampled_from(FILLER),
    st.text(alphabet="abcäöüßABCÄÖÜ -.\n", max_size=6))
texts = st.lists(pieces, min_size=1, max_size=120).map(" ".join)


def _plain(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(e.surface, m.span()) for e in GAZ.entries_in(text.lower())
            for m in e.pattern.finditer(text)]


def _windowed(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(e.surface, m.span()) for e, found in _entry_matches(text, GAZ) for m in found]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_windowed_entry_matches_are_the_plain_finditer(text):
    old = entities.WINDOWED_FROM
    entities.WINDOWED_FROM = 0  # windows on every text, short ones too
    try:
        assert _windowed(text) == _plain(text)
    finally:
        entities.WINDOWED_FROM = old


def test_windows_on_own_sentences_with_names_at_stretch_edges():
    old = entities.WINDOWED_FROM
    entities.WINDOWED_FROM = 0
    try:
        for text in ["Die Telekom! Telekom-Kunden (Vodafone) und die DB.",
                     "Mit der Deutschen Bahn/Telekom: nie wieder.\nAmazon",
                     "Ärger mit Zalando 🙂 und mit ZALANDO, dann mit Otto",
                     "Die Hotline von Vodafone\tsagt: Kundenservice ist zu."]:
            assert _windowed(text) == _plain(text), text
    finally:
        entities.WINDOWED_FROM = old


def test_find_mentions_on_a_long_text_is_the_plain_result():
    text = " ".join(["Die Telekom hat mein Paket verloren, typisch Bahn.",
                     "Bahn und Telekom räumen Probleme ein; der Händler Radwerk schweigt.",
                     "Ich habe bei Zalando bestellt, der Kundenservice von FlinkFahrrad half."]
                    * 60)
    assert len(text) > entities.WINDOWED_FROM
    windowed = entities._find_mentions(text, "author", True, GAZ)
    old = entities.WINDOWED_FROM
    entities.WINDOWED_FROM = len(text) + 1  # the plain path: every regex over the whole text
    try:
        plain = entities._find_mentions(text, "author", True, GAZ)
    finally:
        entities.WINDOWED_FROM = old
    assert windowed == plain
    assert len(windowed) > 300


def test_regex_work_does_not_grow_with_text_where_no_name_stands():
    """The characters handed to the gazetteer regexes: the same for a text with 60 and with
    6,000 sentences of filler after its names (the old code handed every entry whose
    needle occurred the whole text: entries × length)."""
    head = "Die Telekom und Vodafone, dann Zalando und die Deutsche Bahn. "
    filler = "Es kam wieder zu spät an, so ein Mist. "
    assert not GAZ.entries_in(filler.lower())  # no needle in the filler

    def work(text: str) -> int:
        total = 0
        for _, windows in _entry_windows(text, GAZ):
            total += len(text) if windows is None else sum(b - a for a, b in windows)
        return total

    short, long = head + filler * 60, head + filler * 6000
    assert len(short) > entities.WINDOWED_FROM
    assert len(long) > 50 * len(short)
    assert work(long) == work(short) > 0


# the bare-noun tests, against the old slicing versions
def _old_bare_fits(text: str, start: int, end: int, named: list[Mention]) -> bool:
    after = re.match(_COORDINATION, text[end:])
    if after and any(n.start == end + after.end() for n in named):
        return True
    before = re.search(_COORDINATION + r"$", text[:start])
    if before and any(n.end == before.start() for n in named):
        return True
    return bool(re.match(_BARE_COMPOUND, text[end:])) or bool(
        re.search(r"(?i)\b(?:typisch|danke|liebe|lieber|hallo) $", text[:start]))


bare_texts = st.lists(st.sampled_from(
    ["Bahn", "Telekom", "und", "oder", "sowie", "&", "Hund", "Kunde", "typisch", "Danke",
     "liebe", " ", "  ", "\n", "\t", "-Streik", "-Chaos", "-Kunden", ",", "x"]),
    min_size=1, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(bare_texts, st.data())
def test_coordination_before_is_the_old_search(text, data):
    start = data.draw(st.integers(0, len(text)))
    old = re.search(_COORDINATION + r"$", text[:start])
    assert _coordination_before(text, start) == (old.start() if old else None)


@settings(max_examples=300, deadline=None)
@given(bare_texts, st.data())
def test_bare_fits_is_the_old_test(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cuts = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))),
                              max_size=4))
    named = [Mention(a, b, text[a:b], "X", "other", "name") for a, b in cuts]
    assert _bare_fits(text, start, end, named) == _old_bare_fits(text, start, end, named)


def test_bare_noun_after_a_greeting_and_coordinated_on_own_sentences():
    for text in ["Danke Bahn, wirklich.", "Telekom und Bahn streiken", "Bahn  sowie Telekom",
                 "ach typisch bahn"]:
        got = {m.surface for m in find_mentions(text, pronouns=False)}
        assert any(s.lower() == "bahn" for s in got), (text, got)


# the overlap index and the choice of mentions, against the plain all-pairs versions
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=40)


def _mention(start: int, size: int, source: str = "name", entity: str = "X") -> Mention:
    return Mention(start, start + size, "x" * size, entity, "other", source)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 70), st.integers(0, 12))
def test_span_index_finds_every_overlapping_mention(found, a, size):
    ms = [_mention(s, n) for s, n in found]
    b = a + size
    got = sorted(_SpanIndex(ms).overlapping(a, b), key=lambda m: (m.start, m.end))
    want = sorted((m for m in ms if m.start < b and a < m.end), key=lambda m: (m.start, m.end))
    assert got == want


def _old_resolve(cands):
    chosen = []
    for m, _ in sorted(cands, key=_rank):
        if any(c.start < m.end and m.start < c.end for c in chosen):
            continue
        chosen.append(m)
    orgs = [c for c, _ in cands if c.source in ("name", "handle", "unknown_org")]
    out = []
    for m in chosen:
        if m.source == "generic":
            inner = [o for o in orgs if m.start <= o.start and o.end < m.end
                     and m.surface[o.end - m.start] == "-"]
            if inner:
                org = inner[0]
                out.append(org)
                m = Mention(m.start, m.end, m.surface, m.entity, m.entity_type, m.source,
                            org.entity)
        out.append(m)
    return sorted(set(out), key=lambda x: (x.start, x.end, x.entity))


candidates_st = st.lists(st.tuples(
    st.integers(0, 40), st.integers(0, 10),
    st.sampled_from(["name", "handle", "unknown_org", "generic", "pronoun"]),
    st.sampled_from(["A", "B", "C"]), st.integers(0, 12)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(candidates_st, st.text(alphabet="ab-", min_size=60, max_size=60))
def test_resolve_is_the_plain_choice(raw, text):
    cands = [(Mention(s, s + n, text[s:s + n], e, "other", src), k)
             for s, n, src, e, k in raw]
    assert _resolve(cands) == _old_resolve(cands)


WORDED = [e for e in GAZ.entries if e.words]


def _inflected(surface: str, how: int) -> str:
    """A surface as texts write it: cased, declined ("Deutschen"), joined or spaced."""
    out = _piece(surface, how % 3)
    if how >= 3:
        out = re.sub(r"e\b", "en", out)
    if how >= 4:
        out = out.replace(" ", "-")
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(
    st.builds(_inflected, st.sampled_from([e.surface for e in WORDED]), st.integers(0, 4)),
    st.sampled_from(FILLER)), min_size=1, max_size=12).map(" ".join))
def test_every_match_of_a_multiword_name_holds_all_its_words(text):
    low = text.lower()
    plain = not re.search("[ſİK]", text)
    for e in WORDED:
        if plain and e.pattern.search(text):
            assert all(w in low for w in e.words), (e.surface, text)


def test_words_prefilter_on_own_sentences():
    got = find_mentions("Wir kauften bei H & M ein, dann bei H&M.", pronouns=False)
    assert [m.surface for m in got if m.entity == "H&M"] == ["H & M", "H&M"]
    got = {m.entity for m in find_mentions("Die Deutsche Post und die Deutschen Bahn", None,
                                           pronouns=False)}
    assert {"Deutsche Post", "Deutsche Bahn"} <= got, got
    assert not any(m.entity == "Deutsche Post" for m in find_mentions(
        "Deutsche Hotline, Post kam nicht", pronouns=False))
