"""``timeline._nearest_cue`` with its shortcuts finds the cue the plain search found.

The shortcuts: a cue is searched only when the window holds one of the literals every match
of it contains, and after a ``specific_first`` pass without a hit only the generic cues are
tried again. The reference below is the function before them. Windows are cut from texts
built from strings the cue patterns generate themselves (``st.from_regex``), own sentences
with denied problems ("keine Störung mehr", "ohne Probleme"), capitals and characters whose
lower case ``re.IGNORECASE`` does not see as ``str.lower`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicelab import timeline as tl

RULES = tl.default_rules()
CUES = RULES.wait_cues
OWN = ["Ich wartete zwei Stunden in der Warteschleife.", "Der Zug hatte Verspätung",
       "keine Störung mehr", "ohne Probleme", "lief ohne Ärger", "WARTEZEIT", "Wartezeit",
       "an der Haltestelle", "Im Chat", "seit drei Wochen", "meldete sich niemand", " ",
       ", ", ". ", "K", "ſ", "İ", "Hotline", "nach 40 Minuten", "die Reparatur dauerte"]


def _plain(sentence: str, lo: int, hi: int, start: int, end: int, signal: str,
           days: float | None, cues: Mapping[str, re.Pattern[str]],
           specific_first: bool = False) -> str | None:
    """``_nearest_cue`` before its shortcuts (the reference)."""
    if specific_first:
        kind = _plain(sentence, lo, hi, start, end, signal, days,
                      {k: p for k, p in cues.items() if k not in {"other_wait", "waiting_place"}}
                      | {"other_wait": tl._NEVER})
        if kind is not None:
            return kind
    window = sentence[lo:hi]
    best = None
    pairs = [(rank, kind, cues[kind]) for rank, kind in enumerate(tl.WAIT_KINDS)]
    if "waiting_place" in cues and (days is None or days < 1):
        pairs.append((tl.WAIT_KINDS.index("other_wait"), "other_wait", cues["waiting_place"]))
    for rank, kind, pattern in pairs:
        if kind == "open_wait" and signal not in tl._OPEN_SIGNALS:
            continue
        if kind == "hold_time" and days is not None and days >= 1:
            continue
        for m in pattern.finditer(window):
            if kind == "resolution_time" and (
                    tl._WITHOUT.search(window, 0, m.start())
                    or (tl._DENIED.search(window, 0, m.start())
                        and tl._PROBLEM.match(window, m.start()))):
                continue
            a, b = lo + m.start(), lo + m.end()
            gap = max(start - b, a - end, 0)
            if best is None or (gap, rank) < best[:2]:
                best = (gap, rank, kind)
    return best[2] if best is not None else None


def _texts() -> st.SearchStrategy[str]:
    own = st.sampled_from(sorted(CUES)).flatmap(
        lambda name: st.from_regex(CUES[name], fullmatch=False).map(lambda s: s[:60]))
    piece = st.one_of(own, st.sampled_from(OWN), st.text(alphabet="aeinrstöüK .,", max_size=8))
    return st.lists(piece, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(), st.data(), st.sampled_from(["", "seit", "nach"]),
       st.sampled_from([None, 0.02, 1.0, 30.0]), st.booleans())
def test_the_nearest_cue_is_the_plain_searchs(text: str, data: st.DataObject, signal: str,
                                              days: float | None, specific: bool) -> None:
    n = len(text)
    lo = data.draw(st.integers(0, n))
    hi = data.draw(st.integers(lo, n))
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    assert tl._nearest_cue(text, lo, hi, start, end, signal, days, CUES, specific) == \
        _plain(text, lo, hi, start, end, signal, days, CUES, specific)


def test_a_generic_wait_yields_to_a_specific_cue_and_stands_alone_otherwise() -> None:
    s = "Im Chat nach 40 Minuten Wartezeit endlich jemand."
    a = s.index("40")
    b = a + len("40 Minuten")
    assert tl._nearest_cue(s, 0, len(s), a, b, "nach", 40 / 1440, CUES, True) == "hold_time"
    s = "Wir mussten 40 Minuten warten."
    a = s.index("40")
    b = a + len("40 Minuten")
    assert tl._nearest_cue(s, 0, len(s), a, b, "", 40 / 1440, CUES, True) == "other_wait" \
        == _plain(s, 0, len(s), a, b, "", 40 / 1440, CUES, True)


def test_a_waiting_place_counts_in_the_second_pass() -> None:
    s = "Heute 25 Minuten an der Haltestelle gestanden."
    a = s.index("25")
    b = a + len("25 Minuten")
    assert tl._nearest_cue(s, 0, len(s), a, b, "", 25 / 1440, CUES, True) == "other_wait" \
        == _plain(s, 0, len(s), a, b, "", 25 / 1440, CUES, True)
