"""Case timelines: service events per post, dated by temporal expressions, and latencies.

A *case* is a post (``post_id``): one complaint story with its comments. Events come only from
the case's own text: sentences of its segments (teasers, related-article boxes and other page
furniture are boilerplate and never segments). ``find_events`` marks sentences that report
an event of the kinds in ``EVENT_KINDS`` — pattern triggers (``data/timex_event_triggers.csv``)
and lemma triggers (``data/timex_event_lemmas.csv``: "melden", "rufen … an", "zusagen",
"Verspätung" match every inflected form, past forms only, not negated); every comment by a
vendor voice is a ``vendor_response`` — and dates each event:

* ``sentence`` — a date or time expression in the same sentence;
* ``context``  — the last day-level date of the same segment before the sentence (the
  narrative's reference time), when the sentence has none;
* ``relative`` — a relative expression whose anchor is unknown ("Tags drauf", "drei Wochen
  später", "nach drei Wochen meldete sich …": that long after the previous event), kept as
  an offset;
* ``none``     — undated.

``latencies`` measures the intervals the complaint literature asks about (complaint → first
vendor response, promised → actual, order → cancellation, complaint → fix) and the waiting
times the texts state themselves (``stated_waits``). Each row has the codebook's wait
``kind`` (§6.6: ``delay``, ``open_wait``, ``response_wait``, ``hold_time``,
``resolution_time``, ``other_wait``; empty for intervals that are no wait, such as order →
cancellation), ``days``, ``bound`` (``exact``, ``approximate``, ``lower_bound``,
``upper_bound``) and the older ``precision`` (``exact_time``, ``exact_day``, …). A hold time
runs from ``call`` to ``agent``: it is never a vendor response. Customer relationships,
timetables and contract terms are never waits.

The rules (event triggers, waiting-time cues and the ``TimexRules`` that date the events) are
one ``TimelineRules`` object passed in: ``build_tables(corpus, rules=TimelineRules.load(
triggers="my_triggers.csv"))``; ``None`` → the shipped files.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import namedtuple
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import ahocorasick
import pandas as pd

from servicelab import timex as tx
from servicelab.errors import CorpusInputError
from servicelab.literals import lowered, may_match, required_literals
from servicelab.metrics import prf_sets
from servicelab.sentences import LOWER_SHARE, split_line
from servicelab.timex.rules import FrozenMap, RuleTable, regex
from servicelab.timex.values import duration_parts
from servicelab.trigger_filter import LemmaHints, PatternFilter, lower_lemma
from servicelab.wait_clause import (
    WaitStructure,
    clause_bounds,
    clause_kind,
    first_person,
    later_kind,
    negated,
    nothing_happened,
    open_after_call,
    process_noun,
    running_count,
    still_open,
    stuck,
    tense,
    unanswered_message,
    writers_own,
)

#: codebook §4.2.2, then the two kinds §6.5 adds for the GermEval sample
EVENT_KINDS = ["order", "confirmation", "promised", "delivery", "complaint", "vendor_response",
               "cancellation", "refund", "fix", "escalation", "delay", "wait_start"]
#: the kinds a gold file of codebook §4.2.2 (``events_gold.csv``) can judge
SEED_EVENT_KINDS = tuple(EVENT_KINDS[:10])
EVENT_COLUMNS = ["event_id", "case_id", "doc_id", "post_id", "segment_id", "sentence_id",
                 "start", "end", "event", "trigger", "role", "quoted", "timex_id", "timex_text",
                 "value", "day", "clock", "precision", "dated_by", "offset_days"]
LATENCY_COLUMNS = ["case_id", "doc_id", "from_event", "to_event", "kind", "days", "bound",
                   "precision", "source", "from_sentence", "to_sentence", "from_value",
                   "to_value", "evidence"]
#: the codebook's wait kinds (§6.6), in the order a sentence's cues are tried
WAIT_KINDS = ("hold_time", "delay", "open_wait", "response_wait", "resolution_time",
              "other_wait")
#: the events a stated wait runs between (a hold time is no vendor response)
WAIT_EVENTS = {"hold_time": ("call", "agent"), "delay": ("promised", "delivery"),
               "open_wait": ("wait_start", "open"),
               "response_wait": ("complaint", "vendor_response"),
               "resolution_time": ("complaint", "fix"), "other_wait": ("wait_start", "wait_end")}
#: the wait kind of an interval between two dated events
PAIR_KINDS = {("complaint", "vendor_response"): "response_wait", ("promised", "fix"): "delay",
              ("promised", "delivery"): "delay", ("complaint", "fix"): "resolution_time"}
#: the intervals measured between dated events: (from kind, to kinds as a regex)
PAIRS = (("complaint", "vendor_response"), ("promised", "fix|delivery"),
         ("order", "cancellation"), ("complaint", "fix"))
_RANK = {"exact_time": 0, "exact_day": 1, "approximate": 2, "upper_bound": 3,
         "lower_bound": 3, "unknown": 4}
_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d|MO|MI|AF|EV|NI))?$")
_CLOCK = re.compile(r"^T(\d\d):(\d\d)$")


@dataclass(frozen=True)
class LemmaTrigger:
    """An event trigger written as a lemma (``timex_event_lemmas.csv``): ``lemma`` with an
    optional separable ``particle`` ("rufen" + "an": "rief … an", "angerufen"), a word the
    sentence must also hold (``with``: "sich melden") and one that must not follow the trigger
    (``without``: "kündigte … an" is no cancellation)."""

    event: str
    lemma: str
    particle: str = ""
    with_: str = ""
    without: str = ""
    present: bool = False   # the present tense counts too (a state: "funktioniert wieder")


@dataclass(frozen=True, eq=False)
class TimelineRules:
    """Event triggers (kind → pattern), waiting-time cues (cue → pattern) and the temporal
    tagger's rules; ``pairs`` are the intervals ``latencies`` measures. Immutable; compared
    by identity."""

    triggers: Mapping[str, re.Pattern[str]]
    wait_cues: Mapping[str, re.Pattern[str]]
    timex: tx.TimexRules
    pairs: tuple[tuple[str, str], ...] = PAIRS
    lemma_triggers: tuple[LemmaTrigger, ...] = ()
    wait_structure: WaitStructure | None = None  # None → the shipped structure rows
    #: a stated wait in a line written in lower case reads its own part of the sentence
    #: (:func:`servicelab.sentences.lower_case_line`; 0: the whole sentence, as before)
    lower_share: float = LOWER_SHARE

    @classmethod
    def load(cls, triggers: str | Path | None = None, wait_cues: str | Path | None = None,
             timex: tx.TimexRules | None = None,
             lemma_triggers: str | Path | None = None,
             wait_structure: str | Path | None = None) -> TimelineRules:
        """The shipped ``timex_event_triggers.csv``/``timex_wait_cues.csv``, or a user's files
        with the same columns; bad rows raise ``CorpusInputError`` naming file and row."""
        trig = RuleTable.open("timex_event_triggers.csv", ("event", "pattern"), triggers)
        kinds = set(EVENT_KINDS)

        def trigger(r: dict[str, str]) -> tuple[str, re.Pattern[str]]:
            if r["event"] not in kinds:
                raise ValueError(f"unknown event {r['event']!r} (one of {EVENT_KINDS})")
            return r["event"], re.compile(regex(r["pattern"]))

        cues = RuleTable.open("timex_wait_cues.csv",
                              ("cue", "pattern", "ignore_case", "example"), wait_cues)

        def cue(r: dict[str, str]) -> tuple[str, re.Pattern[str]]:
            flags = re.IGNORECASE if r["ignore_case"] == "1" else 0
            return r["cue"], re.compile(regex(r["pattern"]), flags)

        got = dict(cues.each(cue))
        missing = sorted({*WAIT_KINDS, "not_a_wait"} - set(got))
        if missing:
            raise CorpusInputError(cues.path, f"missing cue(s) {', '.join(missing)}")
        lem = RuleTable.open("timex_event_lemmas.csv",
                             ("event", "lemma", "particle", "with", "without", "present",
                              "example"),
                             lemma_triggers)

        def lemma_trigger(r: dict[str, str]) -> LemmaTrigger:
            if r["event"] not in kinds:
                raise ValueError(f"unknown event {r['event']!r} (one of {EVENT_KINDS})")
            if not r["lemma"].strip():
                raise ValueError("empty lemma")
            return LemmaTrigger(r["event"], r["lemma"].strip(), r["particle"].strip().lower(),
                                r["with"].strip(), r["without"].strip().lower(),
                                r["present"].strip() == "1")

        return cls(triggers=FrozenMap(dict(trig.each(trigger))),
                   wait_cues=FrozenMap(got),
                   timex=tx.default_rules() if timex is None else timex,
                   lemma_triggers=tuple(lem.each(lemma_trigger)),
                   wait_structure=WaitStructure.load(wait_structure))


@lru_cache(maxsize=1)
def default_rules() -> TimelineRules:
    """The shipped timeline rules, loaded once."""
    return TimelineRules.load()


def _rules(rules: TimelineRules | None) -> TimelineRules:
    return default_rules() if rules is None else rules


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_NEGATION = frozenset({"nicht", "nie", "niemals", "kein", "keine", "keinen", "keiner",
                       "niemand"})
#: tokens before a trigger searched for a negation ("wurde bis heute nicht erstattet")
_NEGATION_WINDOW = 4
_CLAUSE = re.compile(r"[,;:()–—]")
_COORDINATION = frozenset({"und", "oder", "aber", "denn", "doch", "sondern"})
_SUBJUNCTIVE = frozenset({"wäre", "wären", "hätte", "hätten", "würde", "würden"})
_AUXILIARY = frozenset({"wurde", "wurden", "worden", "war", "waren", "ist", "sind", "bin",
                        "hat", "habe", "haben", "hatte", "hatten"})


@lru_cache(maxsize=8)
def _prepared(trig: tuple[LemmaTrigger, ...]
              ) -> tuple[tuple[LemmaTrigger, str, str, bool, str], ...]:
    """Per trigger what :func:`lemma_events` compares, worked out once per rule set: the
    ``with`` word and the lemma lower-cased, whether it is a noun, particle + lemma."""
    return tuple((t, t.with_.lower(), t.lemma.lower(), t.lemma[:1].isupper(),
                  t.particle + t.lemma.lower() if t.particle else "") for t in trig)


@lru_cache(maxsize=8)
def _filters(rules: TimelineRules
             ) -> tuple[PatternFilter, LemmaHints,
                        tuple[tuple[LemmaTrigger, str, str, bool, str], ...]]:
    """The exact prefilters of one rule set's pattern and lemma triggers
    (:mod:`servicelab.trigger_filter`), built once, and ``_prepared(rules.lemma_triggers)``,
    which the lemma hints index (kept here: the rules hash by identity, a tuple of
    triggers by every field of every trigger)."""
    prepared = _prepared(rules.lemma_triggers)
    return PatternFilter(rules.triggers), LemmaHints(
        (key, noun, joined) for _, _, key, noun, joined in prepared), prepared


def lemma_events(text: str, rules: TimelineRules | None = None,
                 prefilter: bool = True) -> list[tuple[str, str]]:
    """``[(event, trigger word)]`` of the lemma triggers in one sentence: "meldete sich",
    "rief … an", "zugesagt", "kam endlich ein Techniker". A trigger counts in a past form
    only, with its particle in the same clause, not negated in the few words before it
    ("nicht erstattet") or right after it ("meldete sich nicht"), and not in a clause of
    Konjunktiv II ("wäre … gekommen", "käme"). ``prefilter``: skip a sentence without a
    word that can be a trigger, and the triggers it cannot hold (the same result; False
    runs every step, for tests)."""
    rules = _rules(rules)
    trig = rules.lemma_triggers
    if not trig:
        return []
    if prefilter:
        words = _WORD.findall(text)
        _, hints, prepared = _filters(rules)
        joined, keyed = hints.hits(words)
        if not joined and not keyed:  # no word can be a trigger
            return []
        prepared = _possible_hinted(prepared, words, joined, keyed)
        if not prepared:
            return []
    else:
        prepared = _prepared(trig)
    clauses = [_WORD.findall(c) for c in _CLAUSE.split(text)]
    lower = [[w.lower() for w in c] for c in clauses]
    lem_at = {}
    for k, c in enumerate(clauses):
        for i, w in enumerate(c):
            lem_at[k, i] = lower_lemma(w)
    where: dict[str, list[tuple[int, int]]] = {}   # lemma → (clause, word) positions
    for spot, lm in lem_at.items():
        where.setdefault(lm, []).append(spot)
    vocab = {w for c in lower for w in c} | set(where)
    out: list[tuple[str, str]] = []
    for t, with_, key, noun, joined in prepared:
        if with_ and with_ not in vocab:
            continue
        if noun:
            keys = [x for x in where if x.endswith(key)]
        elif key not in where and (not joined or joined not in where):
            continue  # the common case: the trigger's lemma is not in the sentence
        else:
            keys = [key]
        if joined:
            keys.append(joined)
        spots = [p for x in keys if x in where for p in where[x]]
        if not spots:  # most triggers are not in a sentence at all
            continue
        spots.sort()
        hit = next(((k, i) for k, i in spots if _fires(t, lower[k], lem_at[k, i], i)), None)
        if hit is not None:
            out.append((t.event, clauses[hit[0]][hit[1]]))
    return out


def _possible(prepared: tuple[tuple[LemmaTrigger, str, str, bool, str], ...], text: str
              ) -> tuple[tuple[LemmaTrigger, str, str, bool, str], ...]:
    """The triggers of ``prepared`` that ``text`` can hold, in order: its ``with`` word among
    the words or lemmas, and its lemma (a noun's at the end of one: a compound) with its
    particle among the words — or particle + lemma as one word ("angerufen"). Necessary
    conditions of :func:`lemma_events` (and of ``_fires``: the particle closes a clause),
    so the others need not be tried."""
    words = _WORD.findall(text)
    low = {w.lower() for w in words}
    lemmas = {lower_lemma(w) for w in words}
    vocab = low | lemmas
    out = []
    for item in prepared:
        t, with_, key, noun, joined = item
        if with_ and with_ not in vocab:
            continue
        if (joined and joined in lemmas) or (
                (not t.particle or t.particle in low)
                and (any(x.endswith(key) for x in lemmas) if noun else key in lemmas)):
            out.append(item)
    return tuple(out)


def _possible_hinted(prepared: tuple[tuple[LemmaTrigger, str, str, bool, str], ...],
                     words: list[str], joined: set[int], keyed: set[int]
                     ) -> tuple[tuple[LemmaTrigger, str, str, bool, str], ...]:
    """:func:`_possible` of a text with the words ``words``, from the trigger indices its
    words hint at (``LemmaHints.hits``: particle + lemma, lemma or compound head): only
    those triggers are looked at (the same result, tested against ``_possible``)."""
    low: set[str] | None = None
    vocab: set[str] | None = None
    out = []
    for k in sorted(joined | keyed):
        item = prepared[k]
        t, with_ = item[0], item[1]
        if with_:
            if vocab is None:
                low = low or {w.lower() for w in words}
                vocab = low | {lower_lemma(w) for w in words}
            if with_ not in vocab:
                continue
        if k in joined:
            out.append(item)
            continue
        if t.particle:
            low = low or {w.lower() for w in words}
            if t.particle not in low:
                continue
        out.append(item)
    return tuple(out)


def _fires(t: LemmaTrigger, words: list[str], lem: str, i: int) -> bool:
    """Whether word ``i`` of a clause (lemma ``lem``) is trigger ``t`` (see ``lemma_events``)."""
    joined = bool(t.particle) and lem == t.particle + t.lemma
    noun = t.lemma[:1].isupper()
    if not joined and lem != t.lemma.lower() and not (noun and lem.endswith(t.lemma.lower())):
        return False  # a noun trigger also heads compounds: "Zugausfall" ends in "Ausfall"
    word, rest = words[i], words[i + 1:]
    if _SUBJUNCTIVE & set(words):
        return False  # Konjunktiv II ("wäre … gekommen")
    if not t.present and ((re.search("[äöü]", word) and not re.search("[äöü]", lem)) or (
            _present_or_infinitive(word, lem)
            and not (word.endswith("t") and _AUXILIARY & set(words)))):
        return False  # present, infinitive or "käme"; "wurde repariert" (no ge-) is past
    if t.particle and not joined and not any(
            w == t.particle and (j == len(rest) - 1 or rest[j + 1] in _COORDINATION)
            for j, w in enumerate(rest)):
        return False  # the particle closes its clause ("rief … an."), unlike "zu" + infinitive
    if t.without and t.without in rest:
        return False
    return not _NEGATION & set(words[max(0, i - _NEGATION_WINDOW):i] + rest[:2])


_PRESENT_ENDINGS = ("", "e", "st", "est", "t", "et", "en", "n")


def _present_or_infinitive(word: str, lem: str) -> bool:
    """True for "melden", "meldet", "kommt", "anrufen": a verb lemma trigger reports an event
    in a past form only ("meldete", "gemeldet", "kam", "angerufen"); the infinitive and the
    present are mostly modal, generic or hypothetical ("kann man das stornieren?", "man muss
    nachfragen"). Nouns (capitalised lemmas) are never filtered."""
    if not lem[:1].islower() or not lem.endswith("n"):
        return False
    stem = lem[:-2] if lem.endswith("en") else lem[:-1]
    return any(word == stem + e for e in _PRESENT_ENDINGS)


def lemma_candidates(texts: list[str], rules: TimelineRules | None = None) -> list[bool]:
    """For each of ``texts``, whether a word of it can be a lemma trigger (what
    ``LemmaHints.hits`` says of its words), worked out for the whole batch at once: the
    distinct word forms of all texts are judged once, and the few that can be a trigger are
    found by one Aho-Corasick pass as whole words (no word character on either side), instead
    of splitting every sentence into words. False → ``lemma_events`` gives ``[]``."""
    _, hints, _ = _filters(_rules(rules))
    joined = "\n".join(texts)
    relevant = hints.relevant(set(_WORD.findall(joined)))
    out = [False] * len(texts)
    if not relevant:
        return out
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    auto = ahocorasick.Automaton()
    for w in relevant:
        auto.add_word(w, len(w))
    auto.make_automaton()
    for last, n in auto.iter(joined):
        a, b = last - n + 1, last + 1
        if (a and _WORD_CHAR.match(joined, a - 1)) or _WORD_CHAR.match(joined, b):
            continue  # part of a longer word
        out[bisect_right(starts, a) - 1] = True
    return out


def sentence_events(text: str, rules: TimelineRules | None = None,
                    prefilter: bool = True, lemmas: bool = True) -> list[tuple[str, str]]:
    """``[(event, trigger text)]`` reported in one sentence (several kinds may co-occur):
    the pattern triggers, then the lemma triggers for kinds the patterns did not find.
    ``prefilter``: try only the triggers whose literals or lemmas the sentence holds (the
    same result; False tries every one, for tests); ``lemmas=False``: the caller knows that
    no word can be a lemma trigger (:func:`lemma_candidates`)."""
    rules = _rules(rules)
    triggers = rules.triggers
    out = []
    for kind in (_filters(rules)[0].candidates(text) if prefilter else triggers):
        m = triggers[kind].search(text)
        if m is not None:
            out.append((kind, m.group(0)))
    seen = {k for k, _ in out}
    for kind, word in (lemma_events(text, rules, prefilter) if lemmas else ()):
        if kind not in seen:
            out.append((kind, word))
            seen.add(kind)
    if any(k == "cancellation" for k, _ in out):  # "Ihre Bestellung … storniert" is no order
        out = [(k, t) for k, t in out if k != "order"]
    return out


def _rows(table: pd.DataFrame, columns: tuple[str, ...]) -> Iterator[tuple]:
    """``table.itertuples(index=False)`` for ``columns``, from column lists (the same Python
    values, without pandas' per-row work)."""
    row = namedtuple("Row", columns)  # type: ignore[misc]
    return map(row._make, zip(*(table[c].tolist() for c in columns), strict=True))


def _precision(value: str, mod: str, clock: bool, signal: str) -> str:
    if signal in {"nach", "frühestens", "ab", "seit"}:
        return "lower_bound"
    if signal in {"vor", "spätestens"}:
        return "upper_bound"
    if mod in {"APPROX", "LESS_THAN", "MORE_THAN"}:
        return "approximate"
    if _DAY.match(value):
        return "exact_time" if clock else "exact_day"
    if re.match(r"^\d{4}-\d\d$", value) or re.match(r"^\d{4}", value):
        return "approximate"
    return "unknown"


def _signal(text: str, start: int) -> str:
    words = re.findall(r"\w+", text[max(0, start - 25):start].lower())
    if len(words) >= 2 and words[-1] == "dem":
        return words[-2]
    return words[-1] if words else ""


def _offset_days(offset: str) -> float | None:
    """Days of a signed TIMEX3 offset: "+P1D" → 1, "-P2W" → -14, "+PT1H" → 1/24."""
    m = re.fullmatch(r"([+-])(P.+)", offset or "")
    n = duration_days(m.group(2)) if m else None
    if n is None:
        return None
    return n if m.group(1) == "+" else -n


def _after_duration(tset: list[dict] | None, text: str) -> dict | None:
    """"Nach drei Wochen meldete sich …": a duration after ``nach`` dates the event that long
    after the previous one (a relative date, like "drei Wochen später")."""
    for t in tset or ():
        days = duration_days(t["value"]) if t["type"] == "DURATION" else None
        if days and _signal(text, int(t["start"])) == "nach":
            return {"timex_id": t["timex_id"], "timex_text": t["text"], "value": "XXXX-XX-XX",
                    "day": None, "clock": "",
                    "precision": {"exact": "exact_day"}.get(b := _wait_bound(t["mod"], ""), b),
                    "offset_days": round(days, 6), "has_date": True,
                    "tstart": int(t["start"])}
    return None


def find_events(corpus, timex_table: pd.DataFrame,
                rules: TimelineRules | None = None) -> pd.DataFrame:
    """The ``events`` table: one row per (sentence, event kind), dated as described above."""
    rules = _rules(rules)
    docs = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    roles = dict(zip(corpus.segments["segment_id"], corpus.segments["role"], strict=True))
    sents = corpus.sentences.sort_values(["doc_id", "start"]).reset_index(drop=True)
    by_sentence: dict[str, list[dict]] = {}
    for t in timex_table.to_dict("records"):
        by_sentence.setdefault(t["sentence_id"], []).append(t)
    rows: list[dict] = []
    vendor_seen: set[str] = set()
    # the narrative reference time per segment: the day of the last sentence that sets it
    # (None after a sentence dated by an unknown day such as "heute"); a quoted letter keeps
    # the reference of the sentence that introduces it
    ref: dict[str, dict | None] = {}
    frozen: dict[str, dict | None] = {}
    may_hold = lemma_candidates(sents["text"].tolist(), rules)
    for s, lemmas in zip(_rows(sents, ("doc_id", "post_id", "segment_id", "sentence_id",
                                       "start", "end", "text", "quoted")), may_hold,
                         strict=True):
        text = docs[s.doc_id]
        tset = by_sentence.get(s.sentence_id)
        found = sentence_events(s.text, rules, lemmas=lemmas)
        role = roles.get(s.segment_id, "unknown")
        if role == "vendor" and s.segment_id not in vendor_seen \
                and not any(k == "vendor_response" for k, _ in found):
            found.append(("vendor_response", "(vendor comment)"))
        if role == "vendor":
            vendor_seen.add(s.segment_id)
        if s.quoted:
            context = frozen.setdefault(s.segment_id, ref.get(s.segment_id))
        else:
            frozen.pop(s.segment_id, None)
            context = ref.get(s.segment_id)
        for kind, trig in found:
            pos = int(s.start) + s.text.find(trig) if trig in s.text else int(s.start)
            d = _dating(tset, text, pos)
            if d is None or not d["has_date"]:
                d = _after_duration(tset, text) or d
            dated_by = "sentence"
            if d is None or not d["has_date"]:
                if context is not None:
                    clock = d["clock"] if d else ""
                    d = {**context, "clock": clock}
                    if clock and context["precision"] in {"exact_day", "exact_time"}:
                        d["precision"] = "exact_time"
                    dated_by = "context"
                elif d is None:
                    d = {"timex_id": None, "timex_text": "", "value": "XXXX-XX-XX", "day": None,
                         "clock": "", "precision": "unknown", "offset_days": None}
                    dated_by = "none"
            if d["day"] is None and d["offset_days"] is not None:
                dated_by = "relative"
            d.pop("has_date", None)
            d.pop("tstart", None)
            rows.append({"case_id": s.post_id, "doc_id": s.doc_id, "post_id": s.post_id,
                         "segment_id": s.segment_id, "sentence_id": s.sentence_id,
                         "start": int(s.start), "end": int(s.end), "event": kind,
                         "trigger": trig, "role": role, "quoted": bool(s.quoted),
                         **d, "dated_by": dated_by})
        if not s.quoted:
            own = _dating(tset, text, int(s.start))
            if own is not None and own["has_date"] and (
                    found or own["tstart"] - int(s.start) <= 25 or own["day"] is None):
                ref[s.segment_id] = {k: v for k, v in own.items()
                                     if k not in {"has_date", "tstart"}} \
                    if own["day"] is not None and own["precision"] in {
                        "exact_day", "exact_time"} else None
                if ref[s.segment_id] is not None:
                    ref[s.segment_id]["clock"] = ""
    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    df = df.sort_values(["doc_id", "start", "event"], kind="stable").reset_index(drop=True)
    df["event_id"] = [f"{c}:e{i:03d}" for c, i in zip(df["case_id"],
                                                     df.groupby("case_id").cumcount(),
                                                     strict=True)]
    return df[EVENT_COLUMNS]


_CLOCK_VALUE = re.compile(r"^T\d\d:\d\d$")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")
_BOUNDARY = re.compile(r"[.!?…;]\s*[A-ZÄÖÜ]")


def _dating(tset: list[dict] | None, text: str, pos: int) -> dict | None:
    """The date a sentence gives an event whose trigger is at ``pos``: the day-level
    expression nearest to the trigger, a clock time within 25 characters, or a relative
    offset ("Tags drauf"). ``None`` if the sentence has no date or time expression;
    ``has_date`` is False when it has only a clock time. ``tset``: the sentence's timex rows
    as records (plain Python: this runs once per sentence and per event)."""
    if not tset:
        return None
    points = []
    for t in tset:
        if t["type"] not in ("DATE", "TIME") or t["value"].endswith("_REF"):  # no calendar point
            continue
        a, b = t["start"], t["end"]
        gap = text[b:pos] if b <= pos else text[pos:a]
        # a sentence-internal boundary between trigger and date separates them
        points.append((len(gap) + (100 if _BOUNDARY.search(gap) else 0), a, t))
    if not points:
        return None
    points.sort(key=lambda x: (x[0], x[1]))
    clocks = [t for d, _, t in points if _CLOCK_VALUE.match(t["value"]) and d <= 25]
    clock = clocks[0]["value"][1:] if clocks else ""
    dates = [t for _, _, t in points
             if (not _CLOCK_VALUE.match(t["value"]) and t["type"] == "DATE")
             or _DAY_VALUE.match(t["value"])
             or t["rule"].startswith("anaphor")]  # "eine Stunde später"
    if not dates:
        if clock:
            t = clocks[0]
            return {"timex_id": t["timex_id"], "timex_text": t["text"], "value": t["value"],
                    "day": None, "clock": clock, "precision": "unknown", "offset_days": None,
                    "has_date": False, "tstart": int(t["start"])}
        return None
    t = dates[0]
    m = _DAY.match(t["value"])
    rel = t["rule"].startswith("anaphor") and m is None
    return {"timex_id": t["timex_id"], "timex_text": t["text"], "value": t["value"],
            "day": m.group(1) if m else None, "clock": clock if m else "",
            "precision": _precision(t["value"], t["mod"], bool(clock),
                                    _signal(text, int(t["start"]))) if m else (
                {"exact": "exact_day"}.get(b := _wait_bound(t["mod"], ""), b) if rel
                else "unknown"),
            "offset_days": _offset_days(t["offset"]) if rel else None, "has_date": True,
            "tstart": int(t["start"])}


# --------------------------------------------------------------------------- latencies

def _moment(row) -> datetime | None:
    if not isinstance(row["day"], str) or not row["day"]:
        return None
    d = date.fromisoformat(row["day"])
    hh, mm = (int(x) for x in row["clock"].split(":")) if row["clock"] else (0, 0)
    return datetime(d.year, d.month, d.day, hh, mm)


def _combine(a: str, b: str, both_clock: bool) -> str:
    worst = max((a, b), key=lambda p: _RANK.get(p, 4))
    if worst in {"exact_time", "exact_day"}:
        return "exact_time" if both_clock else "exact_day"
    return worst


def _first(events: list[dict], kinds: re.Pattern[str],
           not_before: datetime | None = None) -> dict | None:
    """The earliest dated event whose kind matches ``kinds`` in full (on or after
    ``not_before``; ties: text order). ``events``: one case's rows as records, in text order
    (plain Python: a DataFrame filter per case and pair cost more than the whole rest)."""
    best, best_m = None, None
    for r in events:
        if kinds.fullmatch(r["event"]) is None:
            continue
        m = _moment(r)
        if m is None or (not_before is not None and m.date() < not_before.date()):
            continue
        if best_m is None or m.date() < best_m.date():
            best, best_m = r, m
    return best


def _cases(events: pd.DataFrame) -> list[tuple[str, list[dict]]]:
    """The events of each case as records, by ``case_id`` then ``start`` (the order of one
    ``sort_values`` of the whole table; a case without an id has none, as in ``groupby``)."""
    out: dict[str, list[dict]] = {}
    for r in events.sort_values(["case_id", "start"]).to_dict("records"):
        if not pd.isna(r["case_id"]):
            out.setdefault(r["case_id"], []).append(r)
    return list(out.items())  # sorted by the sort above


def latencies(events: pd.DataFrame, timex_table: pd.DataFrame | None = None,
              sentences: pd.DataFrame | None = None,
              rules: TimelineRules | None = None,
              titles: frozenset[str] = frozenset(),
              post_dates: Mapping[str, date] | None = None,
              wait_model=None) -> pd.DataFrame:
    """The ``latency`` table of ``events`` (one case per ``case_id``).

    ``source`` says how a row was measured: ``dates`` (two dated events), ``relative`` (an
    event dated only relative to the previous one, "Tags drauf"), ``stated`` (a waiting time
    the text states, from ``timex_table``/``sentences`` when given; ``titles``: the segment
    ids of titles, whose waits the body repeats; ``post_dates``: each post's own date, up to
    which a wait stated by its start is counted).
    """
    rows: list[dict] = []
    pairs = [(a_kind, re.compile(a_kind), re.compile(b_kind))
             for a_kind, b_kind in _rules(rules).pairs]
    for case_id, ev in _cases(events):
        for a_kind, a_pat, b_pat in pairs:
            a = _first(ev, a_pat)
            if a is None:
                continue
            b = _first(ev, b_pat, not_before=_moment(a))
            if b is None:
                continue
            ma, mb = _moment(a), _moment(b)
            both_clock = bool(a["clock"]) and bool(b["clock"])
            days = (mb - ma).total_seconds() / 86400 if both_clock else float(
                (mb.date() - ma.date()).days)
            precision = _combine(a["precision"], b["precision"], both_clock)
            rows.append({"case_id": case_id, "doc_id": a.get("doc_id"), "from_event": a_kind,
                         "to_event": b["event"],
                         "kind": PAIR_KINDS.get((a_kind, b["event"]), ""),
                         "days": round(days, 3), "bound": _BOUND_OF_PRECISION.get(precision, ""),
                         "precision": precision,
                         "source": "dates", "from_sentence": a["sentence_id"],
                         "to_sentence": b["sentence_id"], "from_value": a["value"],
                         "to_value": b["value"],
                         "evidence": f"{a['timex_text'] or a['trigger']} → "
                                     f"{b['timex_text'] or b['trigger']}"})
        for i, r in enumerate(ev):
            if r["dated_by"] != "relative" or i == 0:
                continue
            prev = ev[i - 1]
            rows.append({"case_id": case_id, "doc_id": r.get("doc_id"),
                         "from_event": prev["event"], "to_event": r["event"],
                         "kind": PAIR_KINDS.get((prev["event"], r["event"]), ""),
                         "days": float(r["offset_days"]),
                         "bound": _BOUND_OF_PRECISION.get(r["precision"], "exact"),
                         "precision": r["precision"] if r["precision"] in _BOUND_OF_PRECISION
                         else "exact_day",
                         "source": "relative", "from_sentence": prev["sentence_id"],
                         "to_sentence": r["sentence_id"], "from_value": prev["value"],
                         "to_value": r["value"], "evidence": r["timex_text"]})
    if timex_table is not None and sentences is not None:
        rows += stated_waits(events, timex_table, sentences, rules, titles, post_dates,
                             wait_model)
    df = pd.DataFrame(rows, columns=LATENCY_COLUMNS)
    return df.sort_values(["case_id", "source", "from_sentence", "to_event"],
                          kind="stable").reset_index(drop=True)


_UNIT_DAYS = {"S": 1 / 86400, "MIN": 1 / 1440, "M": 30.44, "H": 1 / 24, "D": 1.0, "W": 7.0,
              "Y": 365.25}


def duration_days(value: str) -> float | None:
    """Length of a TIMEX3 duration in days (months = 30.44 days), also of several components
    ("PT5H40M"); None if vague."""
    parts = duration_parts(value)
    if parts is None:
        return None
    return sum(n * _UNIT_DAYS[k] for k, n in parts.items())


_BOUND_OF_PRECISION = {"exact_day": "exact", "exact_time": "exact", "approximate": "approximate",
                       "lower_bound": "lower_bound", "upper_bound": "upper_bound"}
_OPEN_SIGNALS = {"seit"}
#: characters around a duration in which a cue counts
_CUE_WINDOW = 120
_BEFORE_A_POINT = re.compile(r"\s+vor\b")
_HOLD_VERB = re.compile(r"\bdauer|\bwart", re.IGNORECASE)
#: "zwei Stunden Fahrt": a journey's length, no wait (codebook §6.6)
_JOURNEY = re.compile(r"\s+\w*[Ff]ahrt\b")
_NEVER = re.compile(r"(?!x)x")
#: "keine Störung": a problem word after it is denied (a solution is not: "keine Lösung")
#: (not a denial quoted from someone else: 'Hotline erkennt "keine Störung"')
_DENIED = re.compile(r"(?<![\"„“‚'])\b(?:kein\w*|nie)\s+(?:\w+\s+)?$", re.IGNORECASE)
#: "ohne Probleme": the problem cue after it is denied
_WITHOUT = re.compile(r"\bohne\s+(?:\w+\s+)?$", re.IGNORECASE)
#: "20 Minuten nachdem ich …", "drei Tage nach meiner Beschwerde": an interval after an event
_AFTER_A_POINT = re.compile(r"\s+(?:nachdem|nach)\b", re.IGNORECASE)
#: the event a sentence reports → the wait that ends in it (the complaint-side pairs of
#: ``WAIT_EVENTS``; a refund ends a resolution like a fix, codebook §6.6)
_WAIT_ENDING = {**{b: k for k, (a, b) in WAIT_EVENTS.items() if a == "complaint"},
                "refund": "resolution_time"}


def _structural_kind(sentence: str, start: int, end: int, signal: str, is_duration: bool,
                     rules: TimelineRules | None = None) -> str | None:
    """The wait kind read from structure when no cue word is near: a duration after
    ``nach`` ("Nach drei Wochen kam endlich ein Techniker"), before ``nach``/``nachdem``
    ("20 Minuten nachdem ich angerufen hatte") or a relative expression ("zwei Tage später")
    in a sentence that reports the vendor's answer, a fix or a refund is the wait until it."""
    after = signal == "nach" or _AFTER_A_POINT.match(sentence, end) is not None \
        or not is_duration
    if not after:
        return None
    if is_duration:
        told = sentence
    else:  # a relative span: its own clause ("Ich habe es zwei Tage später gemerkt und …
        #    einen Rückruf beantragt": the customer's step, no answer)
        lo, hi = clause_bounds(sentence, start, end)
        told = sentence[lo:hi]
    kinds = {_WAIT_ENDING.get(k) for k, _ in sentence_events(told, rules)}
    kind = next((k for k in WAIT_KINDS if k in kinds), None)
    if kind is None and is_duration and signal != "nach":  # "…, fünf Tage nach der …"
        kind = clause_kind(sentence, start, end, "nach", _rules(rules).wait_structure,
                           whole=True)
    if kind is None and not is_duration:  # "eine halbe Stunde später stand der Meister vor
        # der Tür": a span after a point reads like "nach N" before what its clause reports
        kind = later_kind(sentence, start, end, _rules(rules).wait_structure)
    return kind


def _wait_bound(mod: str, signal: str) -> str:
    """Codebook §6.6 ``bound``: ``seit`` and ``über``/``mehr als`` are lower bounds, ``bis zu``
    an upper bound, hedges (``etwa``, ``knapp``, ``fast``) approximate."""
    if signal in _OPEN_SIGNALS or mod in {"MORE_THAN", "EQUAL_OR_MORE"}:
        return "lower_bound"
    if mod == "EQUAL_OR_LESS":
        return "upper_bound"
    if mod in {"APPROX", "LESS_THAN"}:
        return "approximate"
    return "exact"


def _nearest_cue(sentence: str, lo: int, hi: int, start: int, end: int, signal: str,
                 days: float | None, cues: Mapping[str, re.Pattern[str]],
                 specific_first: bool = False) -> str | None:
    """The kind of the wait cue in ``sentence[lo:hi]`` nearest to the duration (ties in the
    order of ``WAIT_KINDS``). A problem cue after "ohne" ("lief zehn Jahre ohne Probleme")
    says there was none. ``specific_first``: a generic wait word ("Wartezeit") yields to any
    other kind's cue ("Im Chat … nach 40 Minuten Wartezeit": the chat makes it a hold).

    Speed (same result): a cue is searched only when the window holds one of the literals
    every match of it contains (:mod:`servicelab.literals`); after a ``specific_first``
    pass that found nothing, only the generic cues are left to try."""
    if specific_first:
        kind = _nearest_cue(sentence, lo, hi, start, end, signal, days,
                            {k: p for k, p in cues.items()
                             if k not in {"other_wait", "waiting_place"}}
                            | {"other_wait": _NEVER})
        if kind is not None:
            return kind
    window = sentence[lo:hi]
    low = lowered(window)
    best: tuple[int, int, str] | None = None
    pairs = [(rank, kind, cues[kind]) for rank, kind in enumerate(WAIT_KINDS)]
    if "waiting_place" in cues and (days is None or days < 1):  # "an der Haltestelle": a
        pairs.append((WAIT_KINDS.index("other_wait"), "other_wait", cues["waiting_place"]))
        #                                              wait there lasts less than a day
    if specific_first:  # the pass above tried every other kind's cue here and found none
        pairs = [pair for pair in pairs if pair[1] == "other_wait"]
    for rank, kind, pattern in pairs:
        if kind == "open_wait" and signal not in _OPEN_SIGNALS:
            continue
        if kind == "hold_time" and days is not None and days >= 1:
            continue
        if not may_match(_literals(pattern), low):
            continue  # none of the words every match holds is in the window
        for m in pattern.finditer(window):
            if kind == "resolution_time" and (
                    _WITHOUT.search(window, 0, m.start())
                    or (_DENIED.search(window, 0, m.start())
                        and _PROBLEM.match(window, m.start()))):
                continue  # "ohne Probleme", "keine Störung mehr": no problem to wait out
            a, b = lo + m.start(), lo + m.end()
            gap = max(start - b, a - end, 0)
            if best is None or (gap, rank) < best[:2]:
                best = (gap, rank, kind)
    return best[2] if best is not None else None


@lru_cache(maxsize=512)
def _literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literals one of which every match of a cue contains (``literals``), per pattern."""
    return required_literals(pattern)


def wait_kind(sentence: str, start: int, end: int, signal: str,
              rules: TimelineRules | None = None, days: float | None = None) -> str | None:
    """The codebook wait kind of the duration ``sentence[start:end]`` (offsets inside the
    sentence), or ``None`` when it is no wait (a customer relationship, a timetable, a
    journey, no cue).

    The duration's own clause speaks first: its nearest cue, then its predicate and nouns
    (:func:`servicelab.wait_clause.clause_kind`: "kam nach einer Woche eine E-Mail" is a
    response wait whatever the next clause says); then the nearest cue within
    ``_CUE_WINDOW`` characters. ``open_wait`` needs ``seit`` before the duration (an
    open-ended wait), otherwise its cues fall through; ``seit`` with a present-tense clause
    and no cue is an open wait too ("Seit sechs Wochen kochen wir auf einer Campingplatte").
    A hold lasts less than a day: with ``days`` of a day or more ("heute, 5 Tage später, …
    am Schalter") its cues do not count."""
    rules = _rules(rules)
    cues = rules.wait_cues
    near = sentence[max(0, start - 30):end + 40]
    if _not_a_wait(cues["not_a_wait"], near, start - max(0, start - 30)) \
            or _BEFORE_A_POINT.match(sentence, end) \
            or _JOURNEY.match(sentence, end):
        return None  # "10 Minuten vor Ankunft" is a point in time, no wait
    if still_open(sentence, start, end, signal, rules.wait_structure):
        return "open_wait"
    a, b = clause_bounds(sentence, start, end)
    kind = _nearest_cue(sentence, a, b, start, end, signal, days, cues, specific_first=True) \
        or clause_kind(sentence, start, end, signal, rules.wait_structure, days=days)
    if kind == "other_wait":
        kind = _kind_of_cause(sentence, b, start, end, days, cues) or kind
    still = signal in _OPEN_SIGNALS and (days is None or days < _OPEN_STATE_DAYS) \
        and not _past_clause(sentence, a, b, start, end)
    if kind in _STILL_RUNNING and still:
        return "open_wait"  # "der Händler antwortet seit 5 Tagen nicht": still waiting
    if kind is not None:
        return kind
    lo = max(0, start - _CUE_WINDOW)
    hi = end + _CUE_WINDOW
    kind = _nearest_cue(sentence, lo, hi, start, end, signal, days, cues)
    if kind in {"response_wait", "other_wait"} and still:
        return "open_wait"  # "Seit dem 4. November habe ich kein Internet, und die Hotline
        #                    vertröstet mich": the wait has not ended when written (a
        #                    problem cue further away says how long the problem lasts)
    if kind is not None:
        return kind  # the nearest cue wins: "patzige Antworten … fast 2 Stunden am
        #              Bahnhof verbracht" is no response wait
    window = sentence[lo:hi]
    if signal in _OPEN_SIGNALS and cues["response_wait"].search(window) is None \
            and re.search(r"\bwart", window, re.IGNORECASE):
        return "open_wait"
    if signal in _OPEN_SIGNALS and (days is None or days < _OPEN_STATE_DAYS) \
            and _open_state(sentence[:start] + " " * (end - start) + sentence[end:], a, b,
                            _PROBLEM, rules.wait_structure):
        return "open_wait"
    if signal == "seit" and (days is None or days < _OPEN_STATE_DAYS) \
            and _still_since(sentence, a, b, start, end):
        return "open_wait"
    return None


#: "jetzt seit", "nun schon seit", "mittlerweile seit": a state that holds when written
_NOW_SINCE = re.compile(
    r"\b(?:jetzt|nun|mittlerweile|inzwischen)\s+(?:schon\s+|bereits\s+)?seit\s+(?:de[mnr]\s+)?$",
    re.IGNORECASE)
#: a case that is being dealt with runs ("Nachforschungsauftrag läuft seit …", "die
#: Erstattung läuft seit …"): the customer waits for its end
_CASE_RUNS = re.compile(r"\b\w*(?:ung|auftrag|antrag|verfahren|reklamation|anfrage)\s+"
                        r"(?:läuft|laufen)\s+(?:\w+\s+){0,2}seit\s+(?:de[mnr]\s+)?$", re.IGNORECASE)
#: "seit elf Wochen nicht eingetragen", "ist seit Monaten nicht ausgezahlt": a thing not done
_NOT_DONE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:noch\s+)?(?:nicht|nie)\s+(?:\w+\s+)?"
                       r"(?:\w*ge\w+(?:t|en)|(?:be|ver|er|ent|zer)\w+(?:t|en)|\w+iert)\b"
                       r"(?!\s+(?:hat|haben|habe|wurde|worden))", re.IGNORECASE)


def _still_since(sentence: str, a: int, b: int, start: int, end: int) -> bool:
    """Round eleven: a "seit" span whose clause says the state holds when written, in three
    constructions the tense test misreads (a perfect form, a stative passive) or that name
    no cue: "jetzt seit" in a clause without a past auxiliary ("Die Tonne ist jetzt seit
    drei Wochen nicht geleert", "Das geht jetzt seit vier Wochen so"); a case running
    ("Nachforschungsauftrag läuft seit neun Tagen"); a thing not done, with at most "ist" or
    "sind" ("Note seit elf Wochen nicht eingetragen")."""
    head = sentence[max(a, start - 60):start]
    words = {w.lower() for w in _WORD.findall(sentence[a:start] + " " + sentence[end:b])}
    if _PAST_AUX_WORDS & words:
        return False
    if _NOW_SINCE.search(head) or _CASE_RUNS.search(head):
        return True
    return _NOT_DONE.match(sentence, end, b) is not None \
        and not (_FINITE_AUX - {"ist", "sind"}) & words


#: past finite auxiliaries: "war jetzt seit …" tells a past state
_PAST_AUX_WORDS = frozenset({"war", "waren", "wurde", "wurden", "hatte", "hatten"})
#: finite auxiliaries of the present perfect and passive
_FINITE_AUX = frozenset({"ist", "sind", "hat", "haben", "habe", "hast", "bin", "wird", "werden"})


#: an age ("fünf Monate alt"): of the duration it follows, not of one after it
_AGE = re.compile(r"(?:Jahr|Monat|Woche|Tag)\w*\s*alte?[mnrs]?\b", re.IGNORECASE)


def _not_a_wait(pattern: re.Pattern[str], near: str, at: int) -> bool:
    """A ``not_a_wait`` cue in ``near`` (the duration starts at ``at``), except the age of
    another thing told before it ("mein Kind ist fast fünf Monate alt und ich warte seit
    über vier Monaten": the baby's age is no reason to read the wait as none)."""
    return any(not (m.end() <= at and _AGE.search(m.group()))
               for m in pattern.finditer(near))


#: a call ("Anruf", "rief … an", "telefoniert"): a plain wait right after it is on hold
_CALL = re.compile(r"\b(?:\w*[Aa]nruf\w*|angerufen|rief\w* (?:\w+ ){0,3}an\b|telefon\w*)",
                   re.IGNORECASE)


def _on_the_phone(text: str, a: int, previous: str | None, rules: TimelineRules) -> bool:
    """A plain wait of less than a day ("55 Minuten warten") told right after a call or a
    hotline — earlier in its sentence ("Zweiter Anruf drei Tage später: 55 Minuten warten")
    or in the sentence before — is time on hold (codebook §6.6)."""
    before = f"{previous or ''} {text[:a]}"
    return bool(rules.wait_cues["hold_time"].search(before) or _CALL.search(before))


#: the kinds a "seit" span in a clause not in the past turns into an open wait: the answer
#: or the fix has not come yet when the text is written (codebook §6.6, "still waiting"); a
#: plain wait too ("Ich stehe seit 16:10 Uhr am Gleis": still standing there)
_STILL_RUNNING = frozenset({"response_wait", "resolution_time", "other_wait"})


def _past_clause(sentence: str, a: int, b: int, start: int, end: int) -> bool:
    """The clause ``sentence[a:b]`` (without the expression ``[start:end]``) is told in the
    past ("seit drei Wochen wurde nichts repariert")."""
    words = _WORD.findall(sentence[a:start] + " " + sentence[end:b])
    return tense(words) == "past"


#: a clause that gives the reason of the one before it
_CAUSE = re.compile(r"\W*(?:weil|da|denn)\b", re.IGNORECASE)


def _kind_of_cause(sentence: str, b: int, start: int, end: int, days: float | None,
                   cues: Mapping[str, re.Pattern[str]]) -> str | None:
    """A plain wait ("eine Stunde … warten") takes the kind its reason clause names ("…, weil
    der Zug ausfällt": a delay)."""
    m = _CAUSE.match(sentence, b)
    if m is None:
        return None
    _, stop = clause_bounds(sentence, m.end(), m.end())
    kind = _nearest_cue(sentence, m.end(), stop, start, end, "", days, cues,
                        specific_first=True)
    return kind if kind != "other_wait" else None


#: a present-tense "seit" span without a wait cue is an open wait when shorter than this;
#: spans of years in the present are histories (existence, residence, relationship),
#: which codebook §6.6 lists as no waits
_OPEN_STATE_DAYS = 365


def _open_state(sentence: str, a: int, b: int,
                problem: re.Pattern[str] | None = None,
                structure: WaitStructure | None = None) -> bool:
    """The clause ``sentence[a:b]`` (the wait's own expression blanked out: "vergangenem" is
    no preterite) states a present state one waits in: the writer's ("Seit sechs Wochen
    kochen wir auf einer Campingplatte") or a service denied ("seit Montag kommt der Bus
    nicht", "Seit 15 Tagen kein Internet."), a thing stuck or failing ("liegt seit dem 21.
    Oktober im Sortierzentrum": ``stuck`` rows of ``structure``), not a habit ("Seit drei
    Monaten fahre ich täglich …") nor a problem denied ("seit Wochen keine Störung":
    ``problem`` right after the negation). A clause without a verb ("…, seit zwei Monaten
    jeden Tag") takes the tense of the whole sentence; when that is not the past, a clause
    about the writer or a denial is a state ("Mein Galaxy seit fünf Wochen in Reparatur")."""
    if _problem_denied(sentence, a, b, problem):
        return False
    words = _WORD.findall(sentence[a:b])
    denied = negated(words)
    t = tense(words)
    failing = stuck(words, structure) or _status_quoted(sentence, a, b)
    if t == "none":
        whole = tense(_WORD.findall(sentence))
        return whole == "present" or (whole != "past" and (
            denied or first_person(_WORD.findall(sentence[:b])) or writers_own(words))) \
            or failing
    return t == "present" and (first_person(_WORD.findall(sentence[:b])) or denied
                               or writers_own(words) or failing) \
        and (failing or not _HABIT.search(sentence, a, b))


#: a short quotation: a status a tracking page or portal shows ("in Zustellung",
#: "Zollabfertigung", "in Bearbeitung im Briefzentrum"): at most five words between quotes
_STATUS_QUOTE = re.compile(r"[\"„“‚«»]\s*\w[\w\s.-]{0,60}?[\"“”‘«»]")


def _status_quoted(sentence: str, a: int, b: int) -> bool:
    """The "seit" clause ``sentence[a:b]`` shows a status in quotes ("Die Sendungsverfolgung
    zeigt seit dem 3. August den Status „in Bearbeitung“", "paket seit 9 tagen \"in
    zustellung\""): a state unchanged since then, one the customer waits out (codebook §6.6,
    round nine); a quotation of more than five words is speech, not a status."""
    return any(len(_WORD.findall(m.group())) <= 5 for m in _STATUS_QUOTE.finditer(sentence, a, b))


_NEGATION_WORD = re.compile(r"(?<![\"„“‚'])\b(?:nicht|nie|kein\w*|nichts)\s+(?:mehr\s+)?",
                            re.IGNORECASE)


def _problem_denied(sentence: str, a: int, b: int, problem: re.Pattern[str] | None) -> bool:
    """A negation right before a problem word ("keine Probleme", "keine Störung mehr")."""
    if problem is None:
        return False
    return any(problem.match(sentence, m.end()) for m in _NEGATION_WORD.finditer(sentence, a, b))


#: the problem words a denial turns into a good state ("keine Probleme", "keine Störung")
_PROBLEM = re.compile(r"(?:Problem|Störung|Ausfall|Ausfälle|Ärger|Beschwerde)\w*", re.IGNORECASE)

#: a frequency makes a present "seit" clause a habit, not a state one waits in (a failure
#: that recurs, "fallen regelmäßig Busse aus", stays a state: round nine)
_HABIT = re.compile(r"\b(?:täglich|wöchentlich|monatlich|jeden Tag|jede Woche|regelmäßig|"
                    r"immer wieder|oft|öfter)\b", re.IGNORECASE)


def _wait_days(t) -> float | None:
    """Days of a duration (``P3W``) or of a relative expression's offset (``+PT1H``)."""
    if t.type == "DURATION":
        return duration_days(t.value)
    m = re.fullmatch(r"\+(P.+)", t.offset or "")
    return duration_days(m.group(1)) if m and t.rule.startswith("anaphor") else None


def _hypothetical(sentence: str, start: int, end: int) -> bool:
    """True when the clause of ``sentence[start:end]`` is in Konjunktiv II ("würden",
    "wäre", "hätte", "bekämen") or a condition ("Wenn ich meine Prämie zwei Monate zu spät
    zahle", also after a conjunction: "aber wenn ihr eine Woche braucht"): a wait someone
    imagines, not one they state."""
    cuts = [m.end() for m in _CLAUSE.finditer(sentence, 0, start)]
    stop = _CLAUSE.search(sentence, end)
    clause = sentence[cuts[-1] if cuts else 0:stop.start() if stop else len(sentence)]
    words = [w.lower() for w in _WORD.findall(clause)]
    while words and words[0] in _COORDINATION:  # "…, aber wenn ihr eine Woche braucht"
        words = words[1:]
    return bool(_IMAGINED & set(words)) or (bool(words) and words[0] in _CONDITION)


#: a clause opened by these is a condition, not a report
_CONDITION = frozenset({"wenn", "falls", "sofern"})
#: the present modals a rule or a piece of advice is stated with ("muss die Airline …
#: anbieten", "können Sie … anrufen", "sollte sich … beschweren"); their past forms report
_RULE_MODALS = frozenset({"kann", "können", "muss", "müssen", "sollte", "sollten", "darf",
                          "dürfen"})
#: the prepositions of a threshold or a deadline a rule names ("ab zwei Stunden", "nach drei
#: Monaten", "binnen vier Wochen", "innerhalb von 14 Tagen")
_THRESHOLD_SIGNALS = frozenset({"ab", "nach", "binnen", "innerhalb", "von"})
#: the writer or the writer's side: a rule told about one's own case is a report of it
_FIRST_PERSON = frozenset({"ich", "wir", "mir", "uns", "mich", "mein", "meine", "meinen",
                           "meinem", "meiner", "unser", "unsere", "unseren", "unserem"})


def _general_rule(sentence: str, start: int, end: int) -> bool:
    """"Ab zwei Stunden Verspätung muss die Airline Getränke anbieten", "Wer länger als zehn
    Tage ohne Antwort bleibt, sollte sich beschweren", "Antwortet die Firma nicht binnen vier
    Wochen, können Sie die Schlichtungsstelle anrufen": a length in a clause that states a
    rule or gives advice — a threshold or deadline ("ab", "nach", "binnen" …) with a present
    modal in its own clause, or a condition ("wer …", a clause opened by its verb) whose
    next clause opens with one — and no word of the writer's side there is a threshold
    anyone may meet, no one's stated wait (round ten, from false waits of heldout5 and
    heldout6). Not a length announced up to a bound ("das kann bis zu 10 Werktage dauern"),
    read by its own rule; not a length the writer puts up with ("Zwei Stunden Verspätung
    kann passieren", "dann drei Wochen … warten muss", "seit vier Tagen niemand sagen
    kann")."""
    a, b = clause_bounds(sentence, start, end)
    own = [w.lower() for w in _WORD.findall(sentence[a:start] + " " + sentence[end:b])]
    if not own or _FIRST_PERSON & set(own) or "dauern" in {lower_lemma(w) for w in own}:
        return False
    if _RULE_MODALS & set(own):  # a threshold or a deadline: "ab …", "nach …", "binnen …"
        return _signal(sentence, start) in _THRESHOLD_SIGNALS
    after = _WORD.findall(sentence[b:b + 40])
    if not after or after[0].lower() not in _RULE_MODALS \
            or _FIRST_PERSON & {w.lower() for w in after[:4]}:
        return False
    first = _WORD.findall(sentence[a:start])[:1]
    return own[0] == "wer" or (a == 0 and bool(first) and tense(first) == "present")


#: Konjunktiv II forms that make a clause imagined ("bekämen wir innerhalb einer Woche eine
#: Mahnung"): the auxiliaries' and the commonest strong verbs' (kommen, bekommen, geben)
_IMAGINED = _SUBJUNCTIVE | frozenset({"wär", "käme", "kämen", "bekäme", "bekämen", "gäbe",
                                      "gäben"})
#: "innerhalb von 48 Stunden", "binnen zwei Tagen", "in drei Tagen": a deadline; also the
#: second of a range ("in 3–5 Tagen", "innerhalb von zwei bis drei Tagen")
_DEADLINE = re.compile(r"\b(?:innerhalb|binnen|in)(?:\s+von)?"
                       r"(?:\s+\w+\s*(?:bis|–|-)|\s*\d+\s*[–-])?\W*$", re.IGNORECASE)
#: the expectation a deadline is announced with ("sollte … auf dem Konto sein"), or the
#: future and the passive present of a rule ("wird innerhalb von 14 Tagen gutgeschrieben",
#: "Retouren werden innerhalb von 14 Tagen erstattet")
_EXPECTED = frozenset({"soll", "sollte", "sollten", "sollen", "wird", "werden"})


def _promised_deadline(sentence: str, start: int, end: int,
                       rules: TimelineRules | None) -> bool:
    """"der mir einen Technikertermin „innerhalb von 48 Stunden" versprach", "Die
    Erstattung sollte in 3–5 Werktagen auf dem Konto sein": a deadline in a sentence that
    reports a promise, or in a clause that announces what is expected, is a promised time,
    no wait (codebook §6.9); so is a duration in a clause that reports a promise ("11 min
    waren angekündigt") unless it runs up to or from a point ("nach …", "seit …", "zwei
    Monate nach …")."""
    m = _DEADLINE.search(sentence, 0, start)
    if m is None:  # "11 min waren angekündigt": the duration is what was promised
        a, b = clause_bounds(sentence, start, end)
        clause = sentence[a:b]
        cues = _rules(rules).wait_cues
        return _signal(sentence, start) not in {"nach", "seit"} \
            and _AFTER_A_POINT.match(sentence, end) is None \
            and cues["delay"].search(clause) is None and any(  # "Verzögert sich um …"
                k == "promised" for k, _ in sentence_events(clause, rules))
    a, b = clause_bounds(sentence, m.start(), end)
    if _EXPECTED & {w.lower() for w in _WORD.findall(sentence[a:b])}:
        return True
    return any(k == "promised" for k, _ in sentence_events(sentence, rules))


@dataclass(frozen=True)
class WaitCandidate:
    """A duration, a relative span ("zwei Tage später") or a start date ("seit dem 3. Mai")
    a stated wait may be read from, and what the rules made of it: ``kind`` (``None``: no
    wait) and ``reason`` (``wait``; a construction: ``special``, ``deprived``, ``range``,
    ``announced``, ``fragment``, ``running``, ``after_call``, ``unanswered``, ``idle``;
    or why no
    wait was read:
    ``hypothetical``, ``promised``, ``counted``, ``general_rule``, ``customer_step``, ``not_seit``,
    ``no_kind``, ``relative_plain``, ``span_of_years``).
    A learned detector reads these (``tools/wait_model_loso.py``)."""

    timex: object
    sentence: Mapping
    text: str
    start: int
    end: int
    days: float
    signal: str
    reason: str
    kind: str | None = None
    bound: str = ""
    since_date: bool = False
    previous: str = ""


#: "das dritte Mal seit letztem Mittwoch", "die zweite Störung in einem Jahr", "zum 4. Mal
#: innerhalb von zwei Wochen": an ordinal count of occasions framed by the span, no wait
_COUNTED_FRAME = re.compile(
    r"\b(?:zweite|dritte|vierte|fünfte|sechste|siebte|achte|neunte|zehnte|x-te|\d+\.)[mnrs]?"
    r"\s+(?:[\w-]+\s+){0,2}(?:in|seit|innerhalb(?:\s+von)?|binnen)\s+(?:\w+\s+)?$",
    re.IGNORECASE)
#: "erst eine Woche später", "endlich zwei Tage später": a relative span the text calls long
_ONLY_LATER = re.compile(r"\b(?:erst|endlich)\s+$", re.IGNORECASE)


#: a time limit a fragment labels ("Frist zum Widerspruch: 14 Tage.", "Widerrufsfrist: 14
#: Tage"): time the customer is allowed, not one waited (codebook §6.6, round eleven)
_TIME_LIMIT = re.compile(r"\w*frist\b", re.IGNORECASE)
#: words besides the duration a verbless fragment may have ("Also eher 25 Minuten.")
_FRAGMENT_WORDS = 4


#: the thing is still missing: "noch nicht", "noch kein …", "immer noch", "weder … noch"
_STILL_NOT = re.compile(r"\b(?:noch\s+(?:nicht|kein\w*|immer)|immer\s+noch|weder)\b",
                        re.IGNORECASE)
#: a relative span after an event: "drei Wochen später", "zwei Monate danach"
_LATER_SPAN = re.compile(r"(?:später|danach)$", re.IGNORECASE)


def _still_not_after(text: str, a: int, b: int, is_duration: bool) -> bool:
    """A span after an event ("sechs Wochen nach der Bestellung", "drei Wochen später")
    in a clause that says the thing is still missing ("hatte ich weder Dielen noch …", "haben
    … ihr Geld noch nicht zurück"): the wait has lasted that long and is open (codebook §6.6,
    round eleven; told in the past or present alike)."""
    after = _AFTER_A_POINT.match(text, b) is not None if is_duration \
        else _LATER_SPAN.search(text, a, b) is not None
    if not after:
        return False
    lo = _comma_part_start(text, a)  # "…, haben viele Besucherinnen und Besucher ihr Geld
    end = _COMMA_PART.search(text, b)  # noch nicht zurück": "und" joins the subjects there
    hi = end.start() if end else len(text)
    return _STILL_NOT.search(text, lo, hi) is not None


def _fragment_kind(text: str, a: int, b: int, days: float, previous: str,
                   rules: TimelineRules) -> str | None:
    """A sentence that is only a duration and a few words without a verb ("Dreieinhalb
    Stunden für nix.", "Also eher 25 Minuten.") sums up or corrects the wait the sentence
    before tells: the kind of the wait cue nearest its end (a queue, a hold, a delay); without
    one, a length of a day or more and under a year is the case's wait of no named kind
    (``other_wait``), a shorter one none."""
    words = _WORD.findall(text[:a] + " " + text[b:])
    if len(words) > _FRAGMENT_WORDS or tense(words) != "none" or not re.search(
            r"[.!?…]\s*$", text) or _TIME_LIMIT.search(text, 0, a):
        return None
    n = len(previous)
    kind = _nearest_cue(previous, 0, n, n, n, "", days, rules.wait_cues, specific_first=True)
    if kind is None and 1 <= days < _OPEN_STATE_DAYS and not text[b:].lstrip().startswith(":"):
        kind = "other_wait"  # round ten: "Sechs Wochen für ein Scharnierkabel.", "Fünf
        #   Wochen jetzt.", "Nach 99 Tagen.": a verbless length of a day or more (under a
        #   year) sums up the case's wait even when the sentence before names no cue; one
        #   before a colon labels a step of a list ("Nach 45 Tagen: Kontaktformular.")
    return kind if kind != "open_wait" else None


#: the noun of a stated length ("Dauer bis zu acht Werktage", "Bearbeitungsdauer")
_LENGTH_NOUN = re.compile(r"\b\w*(?:[Dd]auer|ungszeit)\b")
#: "mit … rechnen": the range the customer is told to expect, right after "mit"
_RECKON_WITH = re.compile(r"\bmit\W+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: what ends a comma part of a sentence
_COMMA_PART = re.compile(r"[,;:]|[.!?…](?=\s)")


def _announced_length(text: str, a: int, b: int, mod: str, rules: TimelineRules,
                      ranged: bool = False, days: float | None = None) -> bool:
    """"Das dauert laut DHL bis zu 10 Werktage", "Dauer bis zu acht Werktage": the length a
    company announces for the customer's case, an upper bound ("bis zu"), is a wait the
    customer is told to expect (codebook §6.9: "bis zu 10 Werktage" is a row, doubtful);
    a plain "das dauert zwei Tage" stays none."""
    if mod != "EQUAL_OR_LESS" and not ranged:
        return False  # a range ("dauere in der Regel ein bis zwei Wochen", "Bearbeitungszeit
        #               liege bei acht bis zwölf Wochen") is announced like "bis zu" (round nine)
    lo, hi = clause_bounds(text, a, b)
    if ranged and days is not None and days >= 1:  # round eleven: a range of days or more
        #   reads its whole comma part, not its clause ("Dauert aber „vier bis sechs Wochen“":
        #   "aber" is a particle there, no cut); minutes and hours stay in their clause ("Der
        #   Fußweg dauert etwa 10–15 Minuten": the range's dash cuts a journey's length off)
        lo = min(lo, _comma_part_start(text, a))
        if _not_a_wait(rules.wait_cues["not_a_wait"], text[lo:hi], a - lo):
            return False  # "Fahrzeit zwei bis drei Stunden": a timetable
    if _LENGTH_NOUN.search(text, lo, a):  # not "Lieferzeit 3–5 Werktage": a shop's listed
        #                                  time is no wait (round eleven, heldout2–8)
        return True
    lemmas = {lower_lemma(w) for w in _WORD.findall(text[lo:a] + " " + text[b:hi])}
    if ranged and "rechnen" in lemmas and _RECKON_WITH.search(text, lo, a):
        return True  # "müsse mit vier bis sechs Wochen rechnen": the length to expect
    return any(role == "last" and pat.match(x)
               for role, _, pat in rules.wait_structure.predicates for x in lemmas)


def _comma_part_start(text: str, a: int) -> int:
    """Where the part of ``text`` holding ``a`` starts: after the last comma, semicolon,
    colon or sentence end before it (conjunctions do not cut here)."""
    cuts = [m.end() for m in _COMMA_PART.finditer(text, 0, a)]
    return cuts[-1] if cuts else 0


def _customer_step(text: str, a: int, b: int, rules: TimelineRules) -> bool:
    """"Ich habe es zwei Tage später gemerkt und …": a relative span in a clause whose
    subject is the customer and that names no wait (no cue in the clause, no "erst") is a
    step of the customer's story, not the company's lateness."""
    if _ONLY_LATER.search(text, max(0, a - 12), a):
        return False
    lo, hi = clause_bounds(text, a, b)
    if not {"ich", "wir"} & {w.lower() for w in _WORD.findall(text[lo:a] + " " + text[b:hi])}:
        return False
    return not any(rules.wait_cues[k].search(text, lo, hi) for k in WAIT_KINDS)


def _decide_lower_case(t, s: Mapping, text: str, a: int, b: int, days: float,
                       since_date: bool, previous: str, rules: TimelineRules,
                       ranged: bool = False) -> WaitCandidate:
    """:func:`_decide` on the expression's own part of a sentence written in lower case
    ("sorry muss mich mal auskotzen. seit 5 tagen kein internet.": the splitter needs a
    capital to end a sentence, so the wait's clause took the other part's verb), the part
    before it as the sentence before; when that part alone gives no wait, the whole sentence
    is read as before (a chat fragment, "zweiter versuch mittags: 40 min", leans on the part
    before it). Any other sentence: :func:`_decide` as it is."""
    parts = split_line(text, rules.lower_share) if rules.lower_share > 0 else []
    if len(parts) > 1:
        k = next((k for k, (lo, hi) in enumerate(parts) if lo <= a and b <= hi), None)
        if k is not None:
            lo, hi = parts[k]
            before = text[parts[k - 1][0]:parts[k - 1][1]] if k else previous
            own = dict(s) | {"text": text[lo:hi], "start": int(s["start"]) + lo}
            c = _decide(t, own, text[lo:hi], a - lo, b - lo, days, since_date, before, rules,
                        ranged)
            if c.kind is not None:
                return c
    return _decide(t, s, text, a, b, days, since_date, previous, rules, ranged)


def _decide(t, s: Mapping, text: str, a: int, b: int, days: float, since_date: bool,
            previous: str, rules: TimelineRules, ranged: bool = False) -> WaitCandidate:
    """The rules' reading of one candidate (codebook §6.6, §6.9, §6.10)."""
    def out(reason: str, kind: str | None = None, bound: str = "", sig: str = "") -> WaitCandidate:
        return WaitCandidate(t, s, text, a, b, days, sig, reason, kind, bound, since_date,
                             previous)

    if _hypothetical(text, a, b):
        return out("hypothetical")  # "Die 20 min würden mir nichts machen": no one waited
    if _next_days(t):  # "in den nächsten Tagen": a wait only as announced processing
        if _announced_processing(text, a, b, rules):
            return out("announced", "resolution_time", "approximate")
        return out("promised")
    expected_range = ranged and 1 <= days < _OPEN_STATE_DAYS and _RANGE_DEADLINE.search(
        text, max(0, a - 60), a) is not None and not _EXPECTED_ONLY & {
            w.lower() for w in _WORD.findall(text[max(0, a - 60):b + 40])} \
        and not _DELIVERY_PROMISE.search(text, max(0, a - 60), b + 40)  # the range's dash
    #                                           cuts clauses: read the words around it
    if expected_range:  # "Ihr Geld ist in 3–5 Werktagen zurück", „in den nächsten 5–10
        #                 Werktagen": the span the customer is told to wait (codebook §6.9)
        kind = _nearest_cue(text, *clause_bounds(text, a, b), a, b, "", days, rules.wait_cues,
                            specific_first=True)
        kind = kind if kind in {"response_wait", "delay"} else "resolution_time"
        return out("range", kind, "approximate")
    if _promised_deadline(text, a, b, rules):
        return out("promised")
    if _COUNTED_FRAME.search(text, max(0, a - 50), a):
        return out("counted")  # "das dritte Mal seit letztem Mittwoch": a frame of counting
    if t.type == "DURATION" and t.mod != "EQUAL_OR_LESS" and _general_rule(text, a, b):
        return out("general_rule")  # "Ab zwei Stunden Verspätung muss die Airline …"
    signal = _signal(text, a) if t.type == "DURATION" else ""
    if t.type != "DURATION" and not since_date and _customer_step(text, a, b, rules):
        return out("customer_step")
    special = _special_wait(text, a, b, t.type, t.mod, rules)
    if special is not None:
        return out("special", *special, sig=signal)
    deprived = _deprivation(text, a, b, t.mod, days, rules) if t.type == "DURATION" else None
    if deprived is not None:
        return out("deprived", *deprived, sig=signal)
    spent = _spent_on(text, a, b, days, previous, rules) if t.type == "DURATION" else None
    if spent is not None:
        return out("spent", spent, _wait_bound(t.mod, signal), signal)
    if since_date:
        signal = _since_signal(text, a, rules)
        if signal == "vom" and unanswered_message(text, a, b, rules.wait_structure):
            return out("unanswered", "response_wait", "lower_bound", signal)  # "Auf meine
            #          Mail vom 2. September kam keine Antwort": still waiting when written
        if signal != "seit":
            return out("not_seit", sig=signal)
    kind = wait_kind(text, a, b, signal, rules, days)
    if kind is None and t.value.startswith("PT") and _HOLD_VERB.search(text) \
            and rules.wait_cues["hold_time"].search(previous):
        kind = "hold_time"  # "Der Sprachautomat sagt … bis der Agent …. Es dauerte fünf
        #                    Minuten.": a hold cue in the sentence before
    if kind == "other_wait" and days < 1 and _on_the_phone(text, a, previous, rules):
        kind = "hold_time"  # "hotline heute morgen: 25 min warten"
    if kind is None:
        kind = _structural_kind(s["text"], a, b, signal, t.type == "DURATION", rules)
    if kind is None and t.type != "DURATION" and not since_date \
            and _ONLY_LATER.search(text, max(0, a - 12), a):
        kind = "other_wait"  # "bekamen wir erst eine Woche später": only then, a wait
    if kind is None and t.type == "DURATION" and previous:
        told = _fragment_kind(text, a, b, days, previous, rules)
        if told is not None:  # "… um 6:15 in der Schlange gestanden, um 9:40 hieß es, für
            #                   heute sei Schluss. Dreieinhalb Stunden für nix."
            return out("fragment", told, _wait_bound(t.mod, signal), signal)
    if kind is None and _announced_length(text, a, b, t.mod, rules, ranged, days):
        return out("announced", "resolution_time", "approximate" if ranged else "upper_bound",
                   signal)
    if kind is None and t.type == "DURATION" and 1 <= days < _OPEN_STATE_DAYS \
            and signal != "seit" and not _not_a_wait(
                rules.wait_cues["not_a_wait"], text[max(0, a - 30):b + 40], a - max(0, a - 30)):
        running = running_count(text[:max(b, len(s["text"]))], a, b, rules.wait_structure)
        #         (its own sentence: not the next one a sentence cut short is read with)
        if running is not None:  # "das ist jetzt drei Wochen her": waited so far, still open
            return out("running", running, "lower_bound", signal)
    if kind is None and t.type == "DURATION" and 1 <= days < _OPEN_STATE_DAYS:
        idle = nothing_happened(text, a, b, rules.wait_structure)
        if idle is not None:  # "Dann passierte drei Wochen lang nichts": the company idle
            return out("idle", idle, _wait_bound(t.mod, signal), signal)
    if kind is None and 1 <= days < _OPEN_STATE_DAYS and not since_date \
            and _still_not_after(text, a, b, t.type == "DURATION"):
        return out("still_not", "open_wait", "lower_bound", signal)  # "Drei Wochen später
        #   haben viele ihr Geld noch nicht zurück": the thing is still missing when written
    if kind is None and t.type == "DURATION" and signal == "nach" and days < 1 \
            and _on_the_phone(text, a, previous, rules) \
            and open_after_call(text, a, b, rules.wait_structure):
        return out("after_call", "hold_time", _wait_bound(t.mod, signal), signal)
        #        "hotline heute 3x versucht. 1. mal nach 20 min aufgelegt": on hold till then
    if kind is None:
        return out("no_kind", sig=signal)
    if t.type != "DURATION" and not since_date and kind in {"open_wait", "other_wait"} \
            and not _ONLY_LATER.search(text, max(0, a - 12), a):
        return out("relative_plain", sig=signal)  # "zwei Tage später rief ich an": a step
        #                  of the story; "erst eine Woche später bekamen wir …": a wait
    if kind == "response_wait" and days >= _OPEN_STATE_DAYS:
        return out("span_of_years", sig=signal)  # "habe in 16 Jahren nie einen Schaden
        #              gemeldet": a span of years frames a history; no answer is waited for
    if days >= _OPEN_STATE_DAYS and not any(
            rules.wait_cues[k].search(text, *clause_bounds(text, a, b)) for k in WAIT_KINDS):
        return out("span_of_years", sig=signal)  # "ich arbeite seit drei Jahren im
        #   Homeoffice", "wofür man seit dreißig Jahren Beiträge zahlt": a span of years is a
        #   wait only when its own clause says so ("warte seit über vierzehn Monaten")
    bound = _wait_bound(t.mod, signal)
    if kind == "open_wait" and bound in {"exact", "approximate"}:
        bound = "lower_bound"  # still open when written (codebook §6.6)
    return out("wait", kind, bound, signal)


def stated_waits(events: pd.DataFrame, timex_table: pd.DataFrame,
                 sentences: pd.DataFrame, rules: TimelineRules | None = None,
                 titles: frozenset[str] = frozenset(),
                 post_dates: Mapping[str, date] | None = None,
                 model=None) -> list[dict]:
    """Waiting times the texts state (codebook §6.6): a duration ("seit drei Wochen warte
    ich", "45 Minuten in der Warteschleife") or a relative expression ("knapp eine Stunde
    später meldete sich …") with a wait cue near it, as a latency row with ``kind``, ``days``
    and ``bound`` (cues: ``TimelineRules.wait_cues``). Durations of a customer relationship
    or a timetable are never waits. A wait stated by its start ("seit dem 27. Oktober",
    "seit Montag") counts the days up to its post's own date (``post_dates``), a lower bound
    (codebook §6.10); a post without its own date gives such a wait no row.

    ``model``: an object whose ``added_rows(candidates, rules)`` sees every
    :class:`WaitCandidate` and returns rows to add (a learned detector, or a recorder:
    ``tools/wait_model_loso.py``); builds pass none."""
    rows: list[dict] = []
    order = sentences.sort_values(["doc_id", "start"]).reset_index(drop=True)
    same_doc = order["doc_id"].shift(-1) == order["doc_id"]
    nxt = dict(zip(order["sentence_id"], order["text"].shift(-1).where(same_doc, ""),
                   strict=True))
    same_doc = order["doc_id"].shift(1) == order["doc_id"]
    prv = dict(zip(order["sentence_id"], order["text"].shift(1).where(same_doc, ""),
                   strict=True))
    sents = sentences.set_index("sentence_id")
    rec = _SentenceRows(sentences)
    cand = timex_table[((timex_table["type"] == "DURATION")
                        & (timex_table["rule"] != "duration_range"))
                       | timex_table["rule"].str.startswith("anaphor")]  # a range: one wait
    since = _since_dates(timex_table, post_dates or {})
    # a relative span resolved to a day ("eine Woche später" → 2025-04-22) is a candidate
    # twice: as the span after an event, and as a start date "seit" may stand before; each
    # copy keeps its own reading (a copy's origin, not its timex id, says which)
    since_days = since["_days"].tolist() if len(since) else []
    cand = pd.concat([cand, since.drop(columns="_days")]) if len(since) else cand
    n_spans = len(cand) - len(since_days)
    found: list[WaitCandidate] = []
    first_of = _range_firsts(timex_table)
    for k, t in enumerate(cand.itertuples(index=False)):
        since_date = k >= n_spans
        days = since_days[k - n_spans] if since_date else _wait_days(t)
        if days is None and _next_days(t):
            days = _NEXT_DAYS  # "in den nächsten Tagen": three days (codebook §6.12)
        if days is None or not days > 0 or t.sentence_id not in rec:
            continue
        ranged = not since_date and t.timex_id in first_of
        if ranged:  # "in 3–5 Werktagen": one wait, the range's midpoint (codebook §6.9)
            days = (first_of[t.timex_id] + days) / 2
        if t.rule == "since_plural":
            days *= _VAGUE_PLURAL  # "seit Wochen": at least two weeks (codebook §6.10)
        s = rec[t.sentence_id]
        alone = text = tx.unshout(s["text"])  # "NACH ZWEI WOCHEN KAM ENDLICH EINE MAIL"
        if not re.search(r"[.!?…]\s*$", text):  # a sentence cut short ("seit acht (!)")
            text = f"{text} {nxt.get(t.sentence_id) or ''}"
        a, b = int(t.start) - int(s["start"]), int(t.end) - int(s["start"])
        c = _decide_lower_case(t, s, text, a, b, days, since_date,
                               prv.get(t.sentence_id) or "", _rules(rules), ranged)
        if c.kind is None and text != alone:  # round eleven: a line without a final stop
            # may be a heading ("Betreff: Guthaben seit Monaten nicht ausgezahlt"), not a
            # sentence cut short: read alone when the next line's verbs gave no wait
            c = _decide_lower_case(t, s, alone, a, b, days, since_date,
                                   prv.get(t.sentence_id) or "", _rules(rules), ranged)
        found.append(c)
        if c.kind is not None:
            bound = "approximate" if ranged and c.bound == "exact" else c.bound
            rows.append(_stated_row(s, t, c.kind, days, bound)
                        | ({"_recap": True} if c.reason in {"deprived", "fragment", "running"}
                           else {})
                        | ({"_retold": True} if t.type != "DURATION" and not since_date
                           else {}))
    if model is not None:
        rows += model.added_rows(found, _rules(rules))
    rows += _two_date_waits(timex_table, sents, rules, rec)
    rows = _without_title_repeats(rows, sents["segment_id"], titles)
    rows = _without_recaps(rows)
    rows = _without_retold(rows)
    for r in rows:
        del r["_vague"]
        r.pop("_recap", None)
        r.pop("_retold", None)
    return rows


#: "erst am 12. März", "erst am folgenden Montag": the second date of a wait told by two
#: dates (the words between "erst" and the date: an article, a relative word)
_ONLY_THEN = re.compile(r"\berst\s+(?:am|an\s+dem|im|zum)?\s*(?:[a-zäöü]+en\s+)?$", re.IGNORECASE)
#: how many sentences before the second date the first may stand
_TWO_DATE_SENTENCES = 2


class _SentenceRows(Mapping[str, dict]):
    """``sentence_id`` → what a stated wait reads of its sentence (text, start, post, doc) as
    a dict, built on lookup from column lists (``.loc`` on a DataFrame builds a Series per
    expression; most sentences are never looked up)."""

    _COLUMNS = ("text", "start", "post_id", "doc_id")

    def __init__(self, sentences: pd.DataFrame) -> None:
        self._at = {sid: k for k, sid in enumerate(sentences["sentence_id"].tolist())}
        self._cols = [(c, sentences[c].tolist()) for c in self._COLUMNS]

    def __getitem__(self, sid: str) -> dict:
        k = self._at[sid]
        return {c: v[k] for c, v in self._cols}

    def __contains__(self, sid: object) -> bool:
        return sid in self._at

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _two_date_waits(timex_table: pd.DataFrame, sents: pd.DataFrame,
                    rules: TimelineRules | None,
                    rec: Mapping[str, dict] | None = None) -> list[dict]:
    """A wait told by two dates (codebook §6.11): "Am 3. März habe ich reklamiert. Erst am
    12. März kam eine Antwort." — a calendar day after "erst" in a clause told in the past,
    and the last calendar day before it in the same post (its sentence or the two before):
    the days between, ``exact``. The kind is what the second clause reports, read like a
    clause after "nach" (an answer or the company's staff: ``response_wait``; a fix:
    ``resolution_time``; a parcel or train: ``delay``), else its nearest cue, else
    ``other_wait`` (a delivery time, §6.11)."""
    rules = _rules(rules)
    days_of = timex_table[(timex_table["type"] == "DATE")
                          & timex_table["value"].str.fullmatch(r"\d{4}-\d\d-\d\d")]
    if days_of.empty:
        return []
    with_erst = set(sents.index[sents["text"].str.contains("erst", case=False, regex=False)])
    posts = set(days_of.loc[days_of["sentence_id"].isin(with_erst), "post_id"])
    if not posts:  # the hint: no "erst" beside a date, no wait told by two dates
        return []
    rows: list[dict] = []
    order = {sid: k for k, sid in enumerate(sents.index)}
    cand = days_of[days_of["post_id"].isin(posts)].sort_values(["post_id", "start"])
    prev_t: dict | None = None
    for t in cand.to_dict("records"):  # one pass; each row beside the one before it
        prev, prev_t = prev_t, t
        if prev is None or prev["post_id"] != t["post_id"] \
                or t["sentence_id"] not in with_erst:
            continue
        s = sents.loc[t["sentence_id"]] if rec is None else rec[t["sentence_id"]]
        text = tx.unshout(s["text"])
        a, b = int(t["start"]) - int(s["start"]), int(t["end"]) - int(s["start"])
        if not _ONLY_THEN.search(text, max(0, a - 40), a):
            continue
        lo, hi = clause_bounds(text, a, b)
        if tense(_WORD.findall(text[lo:a] + " " + text[b:hi])) != "past":
            continue
        if prev["sentence_id"] not in order or order[t["sentence_id"]] \
                - order[prev["sentence_id"]] > _TWO_DATE_SENTENCES:
            continue
        n = (date.fromisoformat(t["value"]) - date.fromisoformat(prev["value"])).days
        if not 0 < n < _OPEN_STATE_DAYS:
            continue
        kind = clause_kind(text, a, b, "nach", rules.wait_structure, days=float(n)) \
            or _nearest_cue(text, lo, hi, a, b, "", float(n), rules.wait_cues,
                            specific_first=True) or "other_wait"
        if kind == "open_wait":
            kind = "other_wait"
        row = _stated_row(s, _TimexRow(**t), kind, float(n), "exact")
        row.update(from_sentence=prev["sentence_id"], from_value=prev["value"],
                   evidence=f"{kind}: {prev['text']} → {t['text']}")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class _TimexRow:
    """A timex record read by attribute (what ``_stated_row`` reads)."""

    timex_id: str
    doc_id: str
    post_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str
    anchor: str
    anchor_text: str
    offset: str
    rule: str


def _range_firsts(timex_table: pd.DataFrame) -> dict[str, float]:
    """The second duration of a range ("3–5 Werktagen", "drei bis vier Wochen": codebook
    §4.1.2 tags two expressions, the first ``duration_range``) → the first one's days."""
    firsts = timex_table[timex_table["rule"] == "duration_range"]
    if firsts.empty:
        return {}
    durations = timex_table[timex_table["type"] == "DURATION"]
    by_sentence: dict[str, list] = {}
    for r in _rows(durations, ("sentence_id", "start", "end", "timex_id", "rule", "value")):
        by_sentence.setdefault(r.sentence_id, []).append(r)
    out: dict[str, float] = {}
    for f in _rows(firsts, ("sentence_id", "end", "value")):
        after = [r for r in by_sentence.get(f.sentence_id, ())
                 if r.rule != "duration_range" and 0 <= r.start - f.end <= _RANGE_GAP]
        first_days = duration_days(f.value)
        if after and first_days is not None:
            out[min(after, key=lambda r: r.start).timex_id] = first_days
    return out


#: a range after a deadline's preposition ("in 3–5 Werktagen", "in den nächsten 5–10
#: Tagen", "innerhalb von zwei bis drei Wochen"); the range's first number sits between
_RANGE_DEADLINE = re.compile(r"\b(?:in|innerhalb|binnen)(?:\s+von)?(?:\s+den\s+nächsten)?"
                             r"\s+(?:\w+|\d+)\s*(?:bis|–|-)\s*$", re.IGNORECASE)
#: a delivery or arrival promised for a range ("Lieferung in 3–5 Werktagen", "Ankunft in
#: 25–35 min") is a promised delivery time, no wait (codebook §6.9, §6.10); a range under a
#: day ("mit der Bahn in 25–30 min") is a travel or delivery estimate
_DELIVERY_PROMISE = re.compile(r"\b(?:Lieferung|Lieferzeit|Zustellung|Ankunft|Versand)\b",
                               re.IGNORECASE)
#: "soll", "sollte": a range announced with them stays a promised time (codebook §6.9)
_EXPECTED_ONLY = frozenset({"soll", "sollte", "sollten", "sollen"})
#: characters between a range's two durations ("3–5", "drei bis vier")
_RANGE_GAP = 6


def _without_retold(rows: list[dict]) -> list[dict]:
    """Drop a relative span's row ("Und dann geht es 15 Minuten später los") that tells again
    a wait of the same kind and length the document states as a duration ("15 Minuten
    Verspätung"): one wait, one row (codebook §6.9)."""
    told = {(r["doc_id"], r["kind"], r["days"]) for r in rows if not r.get("_retold")}
    return [r for r in rows
            if not (r.get("_retold") and (r["doc_id"], r["kind"], r["days"]) in told)]


def _without_recaps(rows: list[dict]) -> list[dict]:
    """Drop a span-without row ("… das wiegt drei Wochen ohne Auto nicht auf") that sums up
    a wait of the same length the document states otherwise ("Es wurden gut drei Wochen
    daraus") or a running count that retells one ("Und drei Wochen finde ich schon geduldig"):
    one wait, one row (codebook §6.9)."""
    told = {(r["doc_id"], r["days"]) for r in rows if not r.get("_recap")}
    return [r for r in rows if not (r.get("_recap") and (r["doc_id"], r["days"]) in told)]


#: a vague plural span ("seit Wochen", "seit Monaten") lasts at least this many of its unit
#: as a stated wait (codebook §6.10: 14 / 60 days); its TIMEX3 value stays ``P1W``
#: ``MORE_THAN`` (§6.4)
_VAGUE_PLURAL = 2
#: "in den nächsten / kommenden Tagen" as an announced wait is read as three days (codebook
#: §6.12, §6.14); its TIMEX3 value stays ``PXD``
_NEXT_DAYS = 3.0


def _next_days(t) -> bool:
    """A vague span of days ahead ("in den nächsten Tagen", "in den kommenden Tagen")."""
    return t.type == "DURATION" and t.value == "PXD" and t.rule == "duration_next"


#: Konjunktiv I of "werden": the company's announcement reported ("der Fall werde …
#: abgeschlossen"), not a rule in the indicative ("wird … gutgeschrieben")
_REPORTED_WERDE = frozenset({"werde"})
#: the company gets in touch: a promise of contact, no processing announced ("ein
#: Sachverständiger melde sich in den nächsten Tagen", codebook §6.9)
_CONTACT_PROMISE = re.compile(r"\b(?:meld|ruf|schreib|antwort|kontaktier)\w*", re.IGNORECASE)


def _announced_processing(text: str, a: int, b: int, rules: TimelineRules) -> bool:
    """"Der Fall werde „in den kommenden Tagen" abgeschlossen", "Entscheidung „in den
    nächsten Tagen"": a span of days ahead the company announces for processing the
    customer's case — reported with "werde" and a participle, or beside a process noun
    (``process`` rows: "Entscheidung", "Prüfung"; not a delivery, "Zustellung") in a clause
    without a verb — is a ``resolution_time`` (codebook §6.12, §6.14:
    announced processing, three days); a promise of contact ("melde sich in den nächsten
    Tagen") and a rule in the indicative ("wird … gutgeschrieben") are none (§6.9)."""
    lo, hi = clause_bounds(text, a, b)
    words = _WORD.findall(text[lo:a]) + _WORD.findall(text[b:hi])
    if _CONTACT_PROMISE.search(text, lo, hi):
        return False
    low = {w.lower() for w in words + _WORD.findall(text[max(0, a - 25):a])}
    if _REPORTED_WERDE & low:  # "das werde aber in den nächsten Tagen angestoßen": "aber"
        #                        cuts the clause, the auxiliary stands right before it
        return any(w.lower().startswith("ge") or _INSEPARABLE_PARTICIPLE.match(w)
                   for w in words if w[:1].islower() and len(w) > 4)
    return tense(words) == "none" and process_noun(words, rules.wait_structure)


#: a participle with an inseparable prefix or a particle before "ge" ("abgeschlossen",
#: "bearbeitet", "entschieden", "angestoßen")
_INSEPARABLE_PARTICIPLE = re.compile(r"^(?:\w+ge\w+[tn]|(?:be|ent|er|ver|zer)\w+[tn])$")


def _stated_row(s: Mapping, t, kind: str, days: float, bound: str) -> dict:
    """One ``latency`` row of a stated wait (sentence ``s``, expression ``t``)."""
    pair = WAIT_EVENTS[kind]
    return {"case_id": s["post_id"], "doc_id": s["doc_id"], "from_event": pair[0],
            "to_event": pair[1], "kind": kind, "days": round(days, 6),
            "bound": bound, "precision": "exact_day" if bound == "exact" else bound,
            "source": "stated", "from_sentence": t.sentence_id,
            "to_sentence": t.sentence_id, "from_value": "", "to_value": t.value,
            "evidence": f"{kind}: {t.text}", "_vague": t.rule.endswith("_plural")}


#: "die nächsten sechs Wochen", "für die kommenden drei Tage": a span ahead of the writer
_AHEAD = re.compile(r"\b(?:nächsten|kommenden)\s+$", re.IGNORECASE)
#: a form of "werden" in the clause ("Daraus wurden über vier Wochen")
_BECOME = re.compile(r"\b(?:wurden?|werden|wird|geworden)\b", re.IGNORECASE)


def _special_wait(text: str, a: int, b: int, typ: str, mod: str,
                  rules: TimelineRules) -> tuple[str, str] | None:
    """Three constructions that state a wait without a wait word, as (kind, bound):

    * a span ahead in a clause that says nothing is free ("für die nächsten fünf Wochen
      ausgebucht", "Termine gab es für die nächsten sechs Wochen keine"): the wait for the
      first appointment, ``other_wait``, a lower bound (codebook §6.9, §6.10);
    * "Daraus wurden über vier Wochen", "Es wurden gut drei Wochen daraus": the real length
      of a repair or delivery announced before, ``resolution_time`` (a delay cue in the
      clause: ``delay``);
    * "Jetzt sind es fast vier Wochen": a count still running, ``open_wait``, a lower bound;
    * "Vier Wochen ohne Heizung": a span before what the customer went without,
      ``resolution_time`` (after ``seit`` the clause's own reading makes it an open wait).

    The cue patterns are rows of ``timex_wait_cues.csv`` (``booked_out``, ``turned_into``,
    ``running_count``); a user's file without them reads none of these."""
    if typ != "DURATION":
        return None
    cues = rules.wait_cues
    lo, hi = clause_bounds(text, a, b)
    clause = text[lo:hi]
    booked, became, running = (cues.get(k) for k in ("booked_out", "turned_into",
                                                     "running_count"))
    if booked is not None and _AHEAD.search(text, max(0, a - 20), a) and booked.search(clause):
        return "other_wait", "lower_bound"
    if became is not None and became.search(clause) and _BECOME.search(clause):
        kind = "delay" if cues["delay"].search(clause) else "resolution_time"
        return kind, _wait_bound(mod, "")
    if running is not None and running.search(clause):
        return "open_wait", "lower_bound"
    return None


def _deprivation(text: str, a: int, b: int, mod: str, days: float,
                 rules: TimelineRules) -> tuple[str, str] | None:
    """"Vier Wochen ohne Heizung", "zwei Tage ohne Antwort": a span right before what the
    customer went without is how long the problem lasted (``resolution_time``), or the wait
    for what is missing when a cue names it ("ohne Antwort": ``response_wait``). Not after
    ``seit`` (the clause's own reading makes that an open wait), not for a problem denied
    ("zehn Jahre ohne Probleme") nor a habit."""
    without = _DEPRIVED.match(text, b)
    if without is None or _PROBLEM.match(text, without.end()) or _signal(text, a) == "seit":
        return None
    lo, hi = clause_bounds(text, a, b)
    if _HABIT.search(text, lo, hi):
        return None
    kind = _nearest_cue(text, without.end(), hi, a, b, "", days, rules.wait_cues,
                        specific_first=True)
    kind = kind if kind in {"response_wait", "hold_time", "delay"} else "resolution_time"
    return kind, _wait_bound(mod, "")


#: a span spent on or for nothing: "Sechs Wochen für einen Brief", "… umsonst in der Kälte"
_SPENT = re.compile(r"\s+(?:für|umsonst|vergeblich)\b", re.IGNORECASE)
#: words a sentence may open with before the span ("Also", "Trotzdem:", a heading's label)
_OPENING_WORDS = 2


def _spent_on(text: str, a: int, b: int, days: float, previous: str,
              rules: TimelineRules) -> str | None:
    """Round eleven: a verbless sentence or heading that opens with a span and says what it
    was spent on ("Sechs Wochen für einen Brief, der drei Kilometer weit musste.", "Also
    knapp 1 Stunde 45 Minuten für eine kalte Margherita.", "Zweieinhalb Stunden umsonst in
    der Kälte") sums up the case's wait: the kind of the cue nearest it in its own part or
    in the sentence before, else ``other_wait``; a year or more is a history, no wait."""
    if days >= _OPEN_STATE_DAYS or len(_WORD.findall(text[:a])) > _OPENING_WORDS \
            or _SPENT.match(text, b) is None:
        return None
    cut = _COMMA_PART.search(text, b)
    hi = cut.start() if cut else len(text)
    if tense(_WORD.findall(text[:a] + " " + text[b:hi])) != "none":
        return None  # "Zwei Stunden für die Strecke brauchte der Bus": a clause, not a sum
    kind = _nearest_cue(text, 0, hi, a, b, "", days, rules.wait_cues, specific_first=True)
    if kind is None and previous:
        n = len(previous)
        kind = _nearest_cue(previous, 0, n, n, n, "", days, rules.wait_cues,
                            specific_first=True)
    return kind if kind not in (None, "open_wait") else "other_wait"


#: "Vier Wochen ohne Heizung", "zehn Tage ohne funktionierendes Telefon": a span right
#: before what the customer went without is how long the problem lasted (not "ohne
#: Probleme": ``_PROBLEM`` after it is a problem denied)
_DEPRIVED = re.compile(r"\s+ohne\s+(?:[a-zäöüß]\w*\s+)?(?=[A-ZÄÖÜ])")


def _since_signal(text: str, start: int, rules: TimelineRules) -> str:
    """The preposition before a date, past its article and a relative word ("seit dem 3.
    Mai", "seit vergangenem Freitag", "seit letztem Montag"); "seit" before an event the
    date places ("seit der Umstellung am 15. September")."""
    if _SINCE_EVENT_ON.search(text, max(0, start - 60), start):
        return "seit"  # round eleven: "Seit der Umstellung am 15. September bricht …"
    words = re.findall(r"\w+", text[max(0, start - 40):start].lower())
    skip = {"dem", "den", "der"} | set(rules.timex.relative)
    while words and words[-1] in skip:
        words.pop()
    return words[-1] if words else ""


#: "seit der Umstellung am", "seit meinem Umzug am": "seit" names an event that the date
#: after "am" places, so the state runs since that date
_SINCE_EVENT_ON = re.compile(r"\bseit\s+(?:[\w-]+\s+){1,2}am\s+$", re.IGNORECASE)


#: a month as a TIMEX3 value, and the day its part names ("Anfang Februar" → the 5th)
_MONTH_PART = re.compile(r"(\d{4})-(\d\d)")
_DAY_OF_PART = {"START": 5, "MID": 15, "END": 25}
#: a calendar day as a TIMEX3 value (a wait's start must be one to be counted)
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def _since_dates(timex_table: pd.DataFrame, post_dates: Mapping[str, date]) -> pd.DataFrame:
    """The DATE expressions of dated posts whose value is a calendar day (or the start,
    middle or end of a month) before the post's own date, with ``_days`` up to it (the
    caller keeps those after ``seit``); in a post whose header gives its clock time too, the
    clock times before it ("seit 16:10 Uhr" in a post of 19:32: the same day). Shorter
    than ``_OPEN_STATE_DAYS``: a span of years since a date is a history, no wait."""
    if not post_dates:
        return timex_table.iloc[0:0].assign(_days=[])
    rows, days = [], []
    for k, t in enumerate(_rows(timex_table, ("post_id", "type", "value", "mod"))):
        dct = post_dates.get(t.post_id)
        if isinstance(dct, datetime) and t.type == "TIME":  # "seit 16:10 Uhr" in a post
            clock = _CLOCK.fullmatch(t.value)            # written at 19:32
            if clock is not None:
                since = dct.replace(hour=int(clock[1]), minute=int(clock[2]))
                if since < dct:
                    rows.append(k)
                    days.append((dct - since).total_seconds() / 86400)
            continue
        if isinstance(dct, datetime):
            dct = dct.date()
        if dct is None or t.type != "DATE":
            continue
        m = _DAY_VALUE.fullmatch(t.value)
        part = _MONTH_PART.fullmatch(t.value) if m is None and t.mod in _DAY_OF_PART else None
        if m is not None:
            start = date(int(m[1]), int(m[2]), int(m[3]))
        elif part is not None:  # "seit Anfang Februar": from about the 5th
            start = date(int(part[1]), int(part[2]), _DAY_OF_PART[t.mod])
        else:
            continue
        n = (dct - start).days
        if 0 < n < _OPEN_STATE_DAYS:
            rows.append(k)
            days.append(float(n))
    return timex_table.iloc[rows].assign(_days=days)


def _without_title_repeats(rows: list[dict], segment_of: pd.Series,
                           titles: frozenset[str]) -> list[dict]:
    """Drop a wait stated in a title (segment ids ``titles``) that the body of the same
    document states again: with the same length ("Drei Wochen ohne Internet" over "seit drei
    Wochen warte ich"), or, for a title's vague span ("… hinhält seit Monaten", rule
    ``since_plural``), a body wait of the same kind at least that long ("Seit über zwei
    Monaten warte ich"). One wait, one row (codebook §6.9)."""
    if not titles:
        return rows

    def in_title(r: dict) -> bool:
        return segment_of.get(r["from_sentence"]) in titles

    body = [r for r in rows if not in_title(r)]

    def repeated(t: dict) -> bool:
        return any(r["doc_id"] == t["doc_id"] and (r["days"] == t["days"] or (
            t["_vague"] and r["kind"] == t["kind"] and r["days"] >= t["days"])) for r in body)

    return [r for r in rows if not (in_title(r) and repeated(r))]


def build_tables(corpus, rules: TimelineRules | None = None,
                 wait_model=None) -> dict[str, pd.DataFrame]:
    """``{"timex": …, "events": …, "latency": …}`` for ``servicelab build`` (``wait_model``:
    see :func:`stated_waits`)."""
    rules = _rules(rules)
    timex_table, post_dates = tx.tag_corpus(corpus, rules=rules.timex)
    events = find_events(corpus, timex_table, rules)
    segs = corpus.segments
    titles = frozenset(segs.loc[segs["kind"] == "title", "segment_id"])
    lat = latencies(events, timex_table, corpus.sentences, rules, titles, post_dates, wait_model)
    return {"timex": timex_table, "events": events, "latency": lat}


# --------------------------------------------------------------------------- evaluation

def gold_events(gold: pd.DataFrame, corpus) -> pd.DataFrame:
    """``events_gold`` aligned to sentences, in the shape of the ``events`` table."""
    from servicelab.annotations import align

    g = align(gold, corpus, unit="sentence")
    sents = corpus.sentences.set_index("sentence_id")
    g["post_id"] = [sents.loc[s, "post_id"] if isinstance(s, str) else None
                    for s in g["sentence_id"]]
    m = g["date"].str.extract(_DAY.pattern)
    g["day"] = m[0].where(m[0].notna(), None)
    g["clock"] = [c if isinstance(c, str) and ":" in c else "" for c in m[1]]
    g["value"] = g["date"]
    g["timex_text"] = g["timex"]
    g["trigger"] = ""
    g["offset_days"] = None
    g["dated_by"] = "gold"
    g["case_id"] = g["case"]
    return g.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def event_scores(pred: pd.DataFrame, gold: pd.DataFrame,
                 kinds: tuple[str, ...] = SEED_EVENT_KINDS) -> pd.DataFrame:
    """Precision, recall, F1 per event kind (``servicelab.metrics``: ``nan`` when undefined): a
    predicted event is right when the gold has the same kind in the same sentence;
    ``date_agrees`` counts right events whose day also agrees. Only ``kinds`` are scored (and
    summed in ``all``): the kinds the gold's codebook section defines — §4.2.2 for the seed
    gold, which has no ``delay``; ``EVENT_KINDS`` for the GermEval sample (§6.5)."""
    gkeys = {k for k in zip(gold["sentence_id"], gold["event"], strict=True) if k[1] in kinds}
    pkeys = {k for k in zip(pred["sentence_id"], pred["event"], strict=True) if k[1] in kinds}
    gday = {(s, e): d for s, e, d in zip(gold["sentence_id"], gold["event"], gold["day"],
                                         strict=True)}
    pday = {(s, e): d for s, e, d in zip(pred["sentence_id"], pred["event"], pred["day"],
                                         strict=True)}
    rows = []
    for kind in [*kinds, "all"]:
        g = {k for k in gkeys if kind in ("all", k[1])}
        p = {k for k in pkeys if kind in ("all", k[1])}
        tp = g & p
        s = prf_sets(g, p).as_dict(digits=3)
        date_ok = sum(1 for k in tp if _day_or_none(gday.get(k)) == _day_or_none(pday.get(k)))
        rows.append({"event": kind, "gold": len(g), "predicted": len(p), "correct": len(tp),
                     "precision": s["precision"], "recall": s["recall"], "f1": s["f1"],
                     "date_agrees": date_ok})
    return pd.DataFrame(rows)


def _day_or_none(x) -> str | None:
    return x if isinstance(x, str) and x else None
