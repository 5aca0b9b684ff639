"""Sentence-level blame attribution: who blames which actor, with which cue, in which pattern.

Transparent rules over two data files: the actor gazetteer (see :mod:`servicelab.entities`)
and the cue list ``data/blame_cues.csv`` (columns ``name``, ``kind``, ``regex``,
``target_entity``, ``target_type``, ``source``, ``example``). A regex that starts with
``lemma:`` is matched on the sentence's lemmas (simplemma), lower-cased and joined by single
spaces, so one row covers every inflected and irregular form ("lemma:\\bgestehen\\b" finds
"gestand", "gestanden"); its match is mapped back to the words' offsets. Both, with the
distance windows, form a :class:`BlameRules` object passed to every function (``rules=``; the
shipped files by default, ``BlameRules.load(cues="my_cues.csv")`` for a user's list). Cue kinds:

``negative_conduct``  negative evaluation of an actor's conduct ("Unvermögen", "rüde")
``fault``, ``cause``  fault words and causal constructions; need a target mentioned close by
``customer_fault``    the complaining customer is at fault (unpaid invoice, misuse, "selbst schuld")
``concession``        own error or apology ("falsch … bei uns", "entschuldigen wir uns")
``self_blame``        the complainant blames him- or herself (``customer_blame``, target ``Kunde``:
                      codebook §3 rule 3; quoted from a vendor's staff it concedes)
``reported_concession`` a party is reported to have found or admitted its own error
``shift``, ``denial`` a vendor points elsewhere ("Sagt unser Lieferant", "liegt nicht an uns")
``reported_shift``    somebody is reported to point elsewhere ("war es ein anderer")
``failure_report``    a stated service failure ("20 Minuten Verspätung", "kaputt"): an accusation
                      of the case's main vendor (or a firm named close by) in a complainant's
                      voice, but only when a ``grievance`` marker is in the same sentence
                      or the text around it marks a complaint (a marker in the neighbouring
                      sentence, a text or sentence opening with the company's @handle)
``grievance``         anger, irony, repetition ("mal wieder", "Danke für …", "!!"); never blame
                      on its own (codebook §6.3: a neutral traffic bulletin is no blame)
``counterfactual``    a reproach of an omission ("hätte den Account sperren können"): accuses the
                      firm that is its subject (named, "man", "Sie", "ihr", "die"), nobody else
``external_cause``    a cause outside the company (weather, "Personen im Gleis", a signal box,
                      "wegen eines Notarzteinsatzes"): ``shifts`` in a vendor's voice, or in a
                      company's bulletin (a sentence without the writer's "ich" and without
                      grievance, in a text with a main vendor)

Implicit targets (codebook §6.3): a strong accusation or a grieved failure report that names
no firm blames the case's main vendor (``target_source`` "case"). Apologies quoted from the
company ("Bitte entschuldigen Sie" in quotation marks) or said with "wir" in a text by the
company concede for the main vendor; a company reported to apologise or admit ("Die Bahn
entschuldigt sich", "räumen Probleme ein") concedes for the firm named. A customer fault
inside a concessive clause with a negation ("obwohl ich nie eine Mahnung erhalten habe") is
the customer's defence, not ``customer_blame``. A cause named in reported speech ("der Fehler
liege am Verteiler", "das Ersatzteil sei beim Hersteller nicht lieferbar") shifts to what is
named inside or after the cue, never to the party that said it; companies coordinated as one
subject ("Bahn und Telekom geben zu") concede together. In free texts (:func:`text_blame`)
a sentence that reports a company's words ("laut DB …", "nach Angaben der Bahn …") is the
vendor's voice (codebook §6.3 speaker ``vendor``), and so is one reporting a company's shop or staff
by a generic noun ("laut Autohaus …", "laut Hotline …"), and so is a reply block under a
header naming the company ("Antwort von 1&1 Team:", :func:`reply_blocks`). In free texts a
firm's units ("der Zusteller", "der Kundenservice") and generic nouns of the case vendor's own
kind ("die Plattform" about a platform) are the case vendor (codebook §6.3, §6.9). A reported
cause in the company's own network ("der Fehler liege am Verteiler an der Straße") concedes
for the company (codebook §3 rule 6, round-four decision). Negated fault words ("trifft keine
Schuld") blame nobody.

Patterns (codebook ``data/annotations/CODEBOOK.md` §3`): ``customer_blame`` — anyone blames
the complaining customer; ``concedes`` — a party admits its own error; ``shifts`` — a vendor
voice points to another party or cause; ``accuses`` — anyone else blames a firm-side party.
The *voice* of a sentence is the segment's role, except that a quoted block with company
wording ("wir … Sie", "Sehr geehrte", "unser Lieferant") or a line opening with "Antwort:" is a
vendor speaking inside a complaint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from servicelab import lemmas
from servicelab.entities import (
    CONSUMER_FACING_TYPES,
    ENTITY_TYPES,
    FIRM_TYPES,
    Gazetteer,
    Mention,
    find_mentions,
    mentions_table,
)
from servicelab.errors import CorpusInputError
from servicelab.literals import StartIndex, lowered, required_literals
from servicelab.metrics import prf
from servicelab.rulefiles import read_rule_csv
from servicelab.scan import LiteralSets
from servicelab.sentences import split_sentences
from servicelab.vendor_choice import main_vendor

PATTERNS = ("accuses", "shifts", "concedes", "customer_blame")
MODEL_COMBINATIONS = ("gated", "union", "model", "rules")
#: the trained models this analysis uses (imported at call time: blame_model imports this
#: module); the Dask engine trains them once and ships them (:func:`servicelab.engines.trained_for`)
USES_MODELS = ("servicelab.blame_model",)
CUE_KINDS = ("negative_conduct", "fault", "cause", "customer_fault", "concession", "self_blame",
             "reported_concession", "shift", "denial", "reported_shift", "failure_report",
             "grievance", "external_cause", "counterfactual")
BLAME_COLUMNS = ["doc_id", "post_id", "segment_id", "sentence_id", "start", "end",
                 "speaker_role", "target_entity", "target_type", "target_surface",
                 "target_source", "pattern", "cue", "cue_kind"]
CUE_COLUMNS = ("name", "kind", "regex", "target_entity", "target_type", "source")
MIN_GOLD_CHARS = 15  # shorter sentences cannot be keyed by a gold quote


#: a cue's ``target_type``: empty (the target is read from the sentence), an entity type, or
#: an outside cause
CUE_TARGET_TYPES = (*ENTITY_TYPES, "force_majeure")
LEMMA_PREFIX = "lemma:"  # a cue regex with this prefix is matched on the sentence's lemmas


@dataclass(frozen=True)
class Cue:
    """One cue of ``data/blame_cues.csv``; ``on_lemmas`` when its regex reads lemmas."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    target_entity: str
    target_type: str
    on_lemmas: bool = False
    #: lower-cased words every match contains one of (:mod:`servicelab.literals`): a
    #: substring test rules most sentences out before the regex runs
    literals: tuple[str, ...] | None = field(init=False, repr=False, compare=False)
    #: the places a match can start (:class:`literals.StartIndex`; None: anywhere): the
    #: regex is tried only there, with the same matches
    starts: StartIndex | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "literals", required_literals(self.pattern))
        object.__setattr__(self, "starts", StartIndex.of(self.pattern))


_TOKEN = re.compile(r"\w+")


def lemma(token: str) -> str:
    """The lower-cased lemma of a German token (:func:`servicelab.lemmas.lemma`, simplemma)."""
    return lemmas.lemma(token).lower()


def lemma_string(text: str) -> str:
    """The lower-cased lemmas of ``text``'s words joined by single spaces (cue matching)."""
    cache = _LEMMA_CACHE
    out = []
    for token in _TOKEN.findall(text):
        lem = cache.get(token)
        if lem is None:
            lem = cache[token] = lemma(token)
        out.append(lem)
    return " ".join(out)


_LEMMA_CACHE: dict[str, str] = {}  # token → lemma; faster than the lru_cache wrapper per token


def lemma_view(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The lemmas of ``text`` joined by spaces, and per token (lemma start, lemma end,
    text start, text end), so that a match on lemmas maps back to offsets in ``text``."""
    parts, spans, pos = [], [], 0
    for m in _TOKEN.finditer(text):
        lem = lemma(m.group(0))
        spans.append((pos, pos + len(lem), m.start(), m.end()))
        parts.append(lem)
        pos += len(lem) + 1
    return " ".join(parts), spans


def _lemma_matches(cue: Cue, text: str, lemmas: str, low: str | None = None
                   ) -> list[CueMatch]:
    """Matches of a lemma cue (``low``: ``lowered(lemmas)``); offsets are only worked out
    when the lemmas match."""
    found = (list(cue.pattern.finditer(lemmas)) if cue.starts is None
             else cue.starts.finditer(lemmas, low if low is not None else lowered(lemmas)))
    if not found:
        return []
    _, spans = lemma_view(text)
    out = []
    for m in found:
        toks = [t for t in spans if t[0] < m.end() and m.start() < t[1]]
        if toks:
            a, b = toks[0][2], toks[-1][3]
            out.append(CueMatch(cue, a, b, text[a:b]))
    return out


@dataclass(frozen=True)
class CueMatch:
    cue: Cue
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Blame:
    """One blame attribution in a sentence (offsets relative to the sentence)."""

    pattern: str
    target_entity: str
    target_type: str
    target_surface: str
    target_source: str
    cue: str
    cue_kind: str
    start: int
    end: int


def read_cues(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a blame cue CSV; a bad row is one :class:`CorpusInputError` line."""
    name = Path(str(path)).name
    rows = read_rule_csv(path, CUE_COLUMNS, "cue file", " (and example)")
    for i, row in enumerate(rows, start=2):
        if not row["name"]:
            raise CorpusInputError(name, f"row {i}: the cue has no name")
        if row["kind"] not in CUE_KINDS:
            raise CorpusInputError(name, f"row {i}: unknown kind {row['kind']!r} (one of "
                                   f"{', '.join(CUE_KINDS)})")
        if row["target_type"] and row["target_type"] not in CUE_TARGET_TYPES:
            raise CorpusInputError(name, f"row {i}: unknown target_type {row['target_type']!r} "
                                   f"(empty or one of {', '.join(CUE_TARGET_TYPES)})")
        try:
            pattern = re.compile(row["regex"].removeprefix(LEMMA_PREFIX), re.IGNORECASE)
        except re.error as exc:
            raise CorpusInputError(name, f"row {i}: regex of {row['name']!r} does not "
                                   f"compile ({exc})") from None
        example = row.get("example", "")
        if example and not _triggers(pattern, row["regex"].startswith(LEMMA_PREFIX), example):
            raise CorpusInputError(name, f"row {i}: the example {example!r} does not trigger "
                                   f"cue {row['name']!r}")
    return tuple(rows)


def _triggers(pattern: re.Pattern[str], on_lemmas: bool, example: str) -> bool:
    """True when a cue's regex matches its own example (on the example's lemmas for a
    'lemma:' cue): a cue whose example does not trigger it is a broken row."""
    return bool(pattern.search(lemma_string(example) if on_lemmas else example))


@dataclass(frozen=True, eq=False)
class BlameRules:
    """Everything the blame rules read: the cue list, the gazetteer and the tunables.

    An object passed in, so that a user's cue list (:meth:`load`) or a different window can
    be tried and compared with the shipped rules in one session.
    """

    cue_rows: tuple[dict[str, str], ...] = field(repr=False)
    gazetteer: Gazetteer = field(repr=False)
    near: int = 60  # characters between a fault word and its target
    cause_window: int = 30  # the target of "wegen", "liegt an", "aufgrund" follows in the phrase
    case_min_share: float = 0.5  # the main vendor has at least this share of firm mentions
    apposition_gap: int = 4  # at most ' ("' between a generic actor and the company naming it
    case_types: frozenset[str] = CONSUMER_FACING_TYPES  # who may be a case's main vendor
    channels: frozenset[str] = frozenset({"Twitter", "Facebook", "YouTube", "Flickr"})
    # types that are a main vendor only when no other firm is mentioned: a newspaper or news
    # agency names itself in the byline of a report about a company; a streaming service
    # complained about alone is still the case's vendor
    reporter_types: frozenset[str] = frozenset({"media"})
    reporter_min_mentions: int = 2  # ... and only when named this often (not a byline)
    generic_firms: frozenset[str] = frozenset({"Anbieter", "Händler"})
    # failure-report cues that only address the company ("ihr müsst …") and state no failure:
    # they need a grievance marker of their own even in a text addressed to the company
    address_cues: frozenset[str] = frozenset({"you_plural"})
    # apology cues whose own words with "uns"/"wir" ("das tut uns leid", "entschuldigen wir
    # uns") are the company's first person in a text with a main vendor, in any voice: a
    # company's reply pasted without a header and addressed with "du" (codebook §6.9, §6.13;
    # round eleven: heldout6-8 misses)
    own_we_apologies: frozenset[str] = frozenset({"apology"})
    # a grievance marker anywhere in a text's own voice makes its stated failures complaints
    # (:func:`complaint_contexts`); False: only a marker in the neighbouring sentence does
    whole_text_context: bool = True
    # how builds join the learned sentence model (:mod:`servicelab.blame_model`) to the rules:
    # "gated" (the model adds sentences only in posts where the rules found blame; chosen by
    # leaving each tuning set out, codebook §3), "union", "model" or "rules" (the rules alone)
    model_combine: str = "gated"
    cues: tuple[Cue, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.model_combine not in MODEL_COMBINATIONS:
            raise ValueError(f"model_combine is one of {', '.join(MODEL_COMBINATIONS)}, "
                             f"not {self.model_combine!r}")
        object.__setattr__(self, "cues", tuple(
            Cue(r["name"], r["kind"],
                re.compile(r["regex"].removeprefix(LEMMA_PREFIX), re.IGNORECASE),
                r["target_entity"], r["target_type"], r["regex"].startswith(LEMMA_PREFIX))
            for r in self.cue_rows))

    @classmethod
    def load(cls, cues: str | Path | None = None, gazetteer: Gazetteer | None = None,
             **tunables: object) -> BlameRules:
        """The shipped cue list (or the user's ``cues`` CSV, same columns), the gazetteer
        (default: the shipped one) and tunables given by name (``near=80``)."""
        path = cues if cues is not None else resources.files("servicelab.data").joinpath(
            "blame_cues.csv")
        return cls(read_cues(str(path)), gazetteer or Gazetteer.default(), **tunables)

    @classmethod
    def default(cls) -> BlameRules:
        """The shipped rules (loaded once; they are immutable)."""
        return _default_rules()

    def cue_table(self) -> pd.DataFrame:
        """The cue list as a table."""
        return pd.DataFrame(list(self.cue_rows))


@lru_cache(maxsize=1)
def _default_rules() -> BlameRules:
    return BlameRules.load()


def cue_table(rules: BlameRules | None = None) -> pd.DataFrame:
    """The cue list as a table."""
    return (rules or BlameRules.default()).cue_table()


_STRONG_KINDS = ("customer_fault", "concession", "self_blame", "reported_concession", "shift",
                 "denial", "reported_shift", "negative_conduct", "external_cause",
                 "counterfactual")
_CONDITIONS = ("grievance",)  # cue kinds that only qualify other cues
_CONDITIONED = ("failure_report", "external_cause")  # the kinds they qualify
_CONCESSIVE = re.compile(r"\b(?:obwohl|obgleich|obschon|wenngleich|auch wenn)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:nie|niemals|nicht|kein\w*|nirgends)\b", re.IGNORECASE)
_OWN_WE = re.compile(r"\b(?:wir|uns)\b", re.IGNORECASE)
# the writer's first person; "mein" only as the possessive's forms ("meine", "meinem"), not
# "Meinung" or "meinte" (the reported speaker's verb)
_WRITER_I = re.compile(r"\b(?:ich|mich|mir|mein(?:e[mnrs]?)?)\b", re.IGNORECASE)
# a text or sentence that opens by addressing an @handle (after retweet or hashtag prefixes)
_ADDRESSED_OPENING = re.compile(r"\s*(?:(?:RT\s+)?[@#]\w+:?\s+)*?(?:Liebe[rs]?\s+)?@(\w+)")
_QUOTE_MARKS = "\"„“”»«"


def _negated_concessive(text: str, start: int) -> bool:
    """True when ``start`` lies in a concessive clause with a negation ("obwohl ich nie …")."""
    clause = re.split(r"[.;!?]", text[:start])[-1]
    found = list(_CONCESSIVE.finditer(clause))
    if not found:
        return False
    m = found[-1]
    own = clause[m.end():].split(",")[0]  # the concessive clause ends at its comma
    return len(own) == len(clause) - m.end() and bool(_NEGATION.search(own))


_COUNTERFACTUAL = re.compile(r"\b(?:wäre|hätte|hätten|würde|würden|sollte|sollten)\b")


_NEGATED_FAULT = re.compile(r"\b(?:nicht|kein\w*|nie)\s+"
                            r"(?:(?:die|der|den|das|eine?n?|so|ganz|wirklich|allein|nur)\s+){0,2}$",
                            re.IGNORECASE)


def _negated_fault(text: str, start: int) -> bool:
    """True when the fault word at ``start`` is negated ("trifft keine Schuld", "nicht die
    Schuld des Fahrers"): negated blame gets no row for the negated party (codebook §6.9)."""
    return bool(_NEGATED_FAULT.search(text[:start]))


# a noun phrase that is no firm and no cause as the subject of a reported admission ("der
# Unfallgegner hat alles zugegeben", "Der Mann … entschuldigt sich")
_PERSON_SUBJECT = re.compile(r"\b(?:[Dd]er|[Dd]ie|[Dd]as|[Ee]in|[Ee]ine)\s+(?!(?:Fehler|Störung|"
                             r"Problem|Ursache|Schaden|Defekt|Panne)\b)[A-ZÄÖÜ]\w+")
# the author as the subject of a reported admission: "Ich muss allerdings einräumen",
# "gebe ich zu" (not "Ich finde, der Händler gab zu")
_FIRST_PERSON_SUBJECT = re.compile(r"\b(?:ich|wir)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:ich|wir)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,.;:!?–…]")
_ADDRESS_SUBJECT = re.compile(r"(?:^|\s)(?:man|Sie|ihr|Ihr|die|Die)\s*$")
_INVERTED_SUBJECT = re.compile(r"\w+\s+(?:man|Sie|ihr)\b")


def _counterfactual_subject(text: str, cm: CueMatch, firm: list[Mention]
                            ) -> Mention | bool | None:
    """The subject of "X hätte … können": a firm mention right before "hätte" or right after
    it ("hätte die Bahn … müssen"), True for "man"/"Sie"/"ihr"/"die" (the case vendor), None
    for anyone else ("er hätte …", the author's "wir hätten …")."""
    before = _CLAUSE_BREAK.split(text[:cm.start])[-1]
    for m in firm:
        if m.end <= cm.start and not text[m.end:cm.start].strip():
            return m
        if cm.start < m.start <= cm.start + len(cm.text.split()[0]) + 6 and not _words_between(
                text, cm.start, m.start):
            return m
    if _ADDRESS_SUBJECT.search(before) or _INVERTED_SUBJECT.match(cm.text):
        return True
    return None


def _words_between(text: str, start: int, m_start: int) -> bool:
    """True when more than the verb and an article lie between ``start`` and ``m_start``."""
    return len(text[start:m_start].split()) > 2


def _in_quotes(text: str, start: int) -> bool:
    """True when ``start`` is inside quoted speech of several words: an odd number of
    quotation marks before it, the quote holding a space (scare quotes around one word,
    '"irrtümliches" Angebot', are irony, not speech) and no counterfactual outside the
    quote ("Es wäre ein Leichtes gewesen …: 'Es tut uns leid …'" is no apology)."""
    marks = [i for i, ch in enumerate(text[:start]) if ch in _QUOTE_MARKS]
    if len(marks) % 2 == 0:
        return False
    opened = marks[-1]
    close = min((i for i in range(start, len(text)) if text[i] in _QUOTE_MARKS),
                default=len(text))
    return " " in text[opened:close] and not _COUNTERFACTUAL.search(text[:opened])


def find_cues(text: str, rules: BlameRules | None = None) -> list[CueMatch]:
    """Cue matches in ``text``; a weak cue (fault, cause) inside a stronger one is dropped.

    Grievance markers are only looked for when a failure report or an outside cause matched
    (they qualify those and nothing else; skipping them keeps the rules fast)."""
    cues = (rules or BlameRules.default()).cues
    on_text, on_lemmas = _cue_literal_sets(cues)
    lemmas = lemma_string(text) if on_lemmas.size else ""
    low, low_lemmas = lowered(text), lowered(lemmas)
    # the cues whose prefilter literals occur (``literals.may_match``), in one pass each
    tried = on_text.hits(low) | on_lemmas.hits(low_lemmas)

    def matches(c: Cue) -> list[CueMatch]:
        if c.on_lemmas:
            return _lemma_matches(c, text, lemmas, low_lemmas)
        found = c.pattern.finditer(text) if c.starts is None else c.starts.finditer(text, low)
        return [CueMatch(c, m.start(), m.end(), m.group(0)) for m in found]

    order = sorted(tried)
    found = [f for i in order if cues[i].kind not in _CONDITIONS for f in matches(cues[i])]
    if any(f.cue.kind in _CONDITIONED for f in found):  # markers only matter with a failure
        found += [f for i in order if cues[i].kind in _CONDITIONS for f in matches(cues[i])]
    strong = [f for f in found if f.cue.kind in _STRONG_KINDS]
    out = [f for f in found if f.cue.kind in _STRONG_KINDS
           or not any(s.start <= f.start and f.end <= s.end for s in strong)]
    return sorted(out, key=lambda f: (f.start, f.end, f.cue.name))


_LITERAL_SETS: dict[int, tuple[tuple[Cue, ...], LiteralSets, LiteralSets]] = {}


def _cue_literal_sets(cues: tuple[Cue, ...]) -> tuple[LiteralSets, LiteralSets]:
    """The prefilter literals of ``cues`` as two automata, text cues and lemma cues (index =
    the cue's place in ``cues``; the other kind's cues never hit); built once per cue list.
    ``on_lemmas.size`` is 0 when no cue reads lemmas."""
    got = _LITERAL_SETS.get(id(cues))
    if got is None or got[0] is not cues:
        if len(_LITERAL_SETS) > 16:
            _LITERAL_SETS.clear()
        lemma_cues = any(c.on_lemmas for c in cues)
        got = _LITERAL_SETS[id(cues)] = (
            cues, LiteralSets(() if c.on_lemmas else c.literals for c in cues),
            LiteralSets((c.literals if c.on_lemmas else ()) for c in cues) if lemma_cues
            else LiteralSets(()))
    return got[1], got[2]


def _distance(m: Mention, c: CueMatch) -> int:
    if m.end <= c.start:
        return c.start - m.end
    if c.end <= m.start:
        return m.start - c.end
    return 0


def _addresses_firm(text: str, firm: list[Mention]) -> bool:
    """True when the sentence opens by addressing a company's @handle ("@DB_Bahn … eine
    Stunde Verspätung"): a failure told to the company itself is a complaint. A handle later
    in the sentence is often a bulletin's signature ("Verspätungen … @SBahnBerlin")."""
    opening = _ADDRESSED_OPENING.match(text)
    return bool(opening) and any(
        m.source == "handle" and m.entity_type != "staff"
        and m.start <= opening.start(1) < m.end for m in firm)


_AND = re.compile(r"\s*(?:und|&|sowie|,)\s*")


def _coordinated(text: str, m: Mention, firm: list[Mention]) -> list[Mention]:
    """Companies joined to ``m`` by "und", "&", "sowie" or a comma ("Bahn und Telekom"): a
    coordinated subject, so what is reported of one is reported of all."""
    out = []
    for o in firm:
        if o is m or o.entity_type == "staff" or o.source == "generic":
            continue
        gap = text[m.end:o.start] if m.end <= o.start else text[o.end:m.start]
        if _AND.fullmatch(gap):
            out.append(o)
    return out


def grieved_sentence(text: str, rules: BlameRules | None = None) -> bool:
    """True when the sentence carries a grievance marker (anger, irony, "mal wieder")."""
    rules = rules or BlameRules.default()
    lemmas = None
    for c in rules.cues:
        if c.kind != "grievance":
            continue
        if c.on_lemmas:
            lemmas = lemma_string(text) if lemmas is None else lemmas
            if c.pattern.search(lemmas):
                return True
        elif c.pattern.search(text):
            return True
    return False


def _closest(mentions: list[Mention], cue: CueMatch, max_dist: int | None = None
             ) -> Mention | None:
    ranked = sorted(mentions, key=lambda m: (_distance(m, cue), m.source == "pronoun",
                                             m.start))
    if ranked and (max_dist is None or _distance(ranked[0], cue) <= max_dist):
        return ranked[0]
    return None


def _is_own(m: Mention, case_vendor: str | None, rules: BlameRules,
            case_type: str | None = None) -> bool:
    """A vendor voice's own side: itself (we, the case vendor, a generic firm word, a generic
    noun of the case vendor's own kind: "die Plattform" said by a platform)."""
    return (m.entity == case_vendor or m.entity in rules.generic_firms
            or (m.source == "pronoun" and m.entity == "Anbieter")
            or _names_case_kind(m, case_type))


def _names_case_kind(m: Mention, case_type: str | None) -> bool:
    """True for a generic noun of the case vendor's own type ("die Plattform" in a text about
    a platform, "die Bank" about a bank): it refers to the case vendor (codebook §6.9)."""
    return (case_type is not None and m.source == "generic"
            and m.entity_type == case_type and case_type not in ("staff", "customer"))


def _target(m: Mention, case: tuple[str, str] | None, rules: BlameRules
            ) -> tuple[str, str, str, str]:
    """(entity, type, surface, source); generic firm words, generic nouns of the case's own
    type and "Sie" resolve to the case."""
    if case and _names_case_kind(m, case[1]):
        return case[0], case[1], m.surface, "case"
    if (m.entity in rules.generic_firms or m.source == "pronoun") and m.entity_type != "customer":
        if case:
            return case[0], case[1], m.surface, "case"
        return m.entity, m.entity_type, m.surface, "sentence"
    return m.entity, m.entity_type, m.surface, "sentence"


def attribute(text: str, speaker_role: str | None, case: tuple[str, str] | None = None,
              rules: BlameRules | None = None, complaint_context: bool = False,
              cues: list[CueMatch] | None = None) -> list[Blame]:
    """Blame attributions in one sentence.

    ``speaker_role`` is the voice ("author", "commenter", "vendor"); ``case`` the post's main
    vendor as (entity, entity_type), used for pronouns, generic firm words and, for strong
    accusations without a named target, as the target. ``rules`` default to the shipped ones.
    ``complaint_context`` says the text around the sentence already marks it as a complaint
    (a grievance marker in a neighbouring sentence, a tweet addressed to the company): a
    stated failure then accuses without a marker of its own (codebook §6.3). ``cues`` are
    the sentence's :func:`find_cues` when the caller has them already.
    """
    rules = rules or BlameRules.default()
    near_chars, window = rules.near, rules.cause_window
    mentions = [m for m in find_mentions(text, speaker_role, gazetteer=rules.gazetteer)
                if m.entity not in rules.channels]
    matches = cues if cues is not None else find_cues(text, rules)
    case_vendor = case[0] if case else None
    vendor = speaker_role == "vendor"
    customers = [m for m in mentions if m.entity_type == "customer"]
    firm = [m for m in mentions if m.entity_type in FIRM_TYPES]
    # a structural guess at an unknown firm ("bei Göttingen", "Bei der Beauftragung") is no
    # target of a weak cue (a stated failure, a fault word) when the case has a known vendor
    named_firm = [m for m in firm if not (case and m.source == "unknown_org")]
    others = [m for m in named_firm
              if not _is_own(m, case_vendor, rules, case[1] if case else None)]

    def resolved(m: Mention) -> tuple[str, str, str, str]:
        return _target(m, case, rules)

    found: dict[str, Blame] = {}

    def add(pattern: str, target: tuple[str, str, str, str], cm: CueMatch) -> None:
        if pattern not in found:
            found[pattern] = Blame(pattern, *target, cm.text, cm.cue.kind, cm.start, cm.end)

    def own_target() -> tuple[str, str, str, str]:
        if case:
            return case[0], case[1], "", "case"
        return "Anbieter", "other", "", "sentence"

    grieved = any(cm.cue.kind == "grievance" for cm in matches)
    addressed = complaint_context or _addresses_firm(text, firm)
    for cm in matches:
        kind = cm.cue.kind
        cue_target = ((cm.cue.target_entity, cm.cue.target_type, "", "cue")
                      if cm.cue.target_entity else None)
        if kind == "grievance":
            continue
        if kind == "failure_report":
            if vendor or not (grieved or (addressed and cm.cue.name not in rules.address_cues)):
                continue
            near = _closest(named_firm, cm, near_chars)
            if near is not None and near.entity_type == "staff" and case:
                near = None  # the case vendor's staff or hotline: the vendor (codebook §6.3)
            if near is not None:
                add("accuses", resolved(near), cm)
            elif case:
                add("accuses", (case[0], case[1], "", "case"), cm)
            continue
        if kind == "external_cause":
            # a bulletin's outside cause shifts only when the text has a company it could be
            # from (a main vendor): a news item or a traffic site naming no firm shifts nothing
            if vendor or (case and not (grieved or _WRITER_I.search(text))):
                add("shifts", cue_target or ("Ursache außerhalb", "other", "", "cue"), cm)
            continue
        if kind == "customer_fault":
            if _negated_concessive(text, cm.start):
                continue
            near = _closest(customers, cm)
            add("customer_blame", resolved(near) if near else cue_target, cm)
        elif kind in ("fault", "cause"):
            if _negated_fault(text, cm.start):
                continue  # "trifft keine Schuld", "nicht die Schuld des …": no row (§6.9)
            pool_c = [c for c in customers if c.source != "pronoun" or vendor]
            pool = others if vendor else named_firm
            if kind == "cause":
                pool_c = [m for m in pool_c if 0 <= m.start - cm.end <= window]
                pool = [m for m in pool if 0 <= m.start - cm.end <= window]
            near_customer = _closest(pool_c, cm, near_chars)
            near_firm = _closest(pool, cm, near_chars)
            if kind == "cause" and near_customer and (
                    near_firm is None or _distance(near_customer, cm) < _distance(near_firm, cm)):
                add("customer_blame", resolved(near_customer), cm)
            elif vendor and near_firm:
                add("shifts", resolved(near_firm), cm)
            elif vendor and kind == "fault":
                add("concedes", own_target(), cm)
            elif not vendor and near_firm:
                add("accuses", resolved(near_firm), cm)
        elif kind in ("concession", "self_blame") and _negated_fault(text, cm.start):
            continue  # "nicht mein Fehler", "nicht unsere Schuld": a denial, no admission
        elif kind == "concession":
            if vendor or _in_quotes(text, cm.start) or _FORMAL_YOU.search(text) or (
                    cm.cue.name == "public_apology" and _OWN_WE.search(text)) or (
                    case and cm.cue.name in rules.own_we_apologies
                    and _OWN_WE.search(cm.text)
                    and not _COUNTERFACTUAL.search(text[:cm.start])):
                add("concedes", own_target(), cm)
        elif kind == "self_blame":  # the customer's own admission: target first (rule 3)
            if vendor or _in_quotes(text, cm.start):  # a quoted fitter: "Das war mein Fehler"
                add("concedes", own_target(), cm)
            else:
                add("customer_blame", ("Kunde", "customer", "", "cue"), cm)
        elif kind == "reported_concession":  # concedes for the firm the staff works for
            if not vendor and (_FIRST_PERSON_SUBJECT.search(text[:cm.start])
                               or _FIRST_PERSON.search(cm.text)):
                # "Ich muss allerdings einräumen, dass ich …": the author admits (rule 3)
                add("customer_blame", ("Kunde", "customer", "", "cue"), cm)
                continue
            clause = _CLAUSE_BREAK.split(text[:cm.start])[-1]
            start = cm.start - len(clause)
            in_clause = [m for m in firm if start <= m.start < cm.start]
            if not in_clause and _PERSON_SUBJECT.search(clause):
                continue  # "der Unfallgegner hat alles zugegeben": no firm admits anything
            near = _closest(in_clause, cm) or _closest(firm, cm)
            if near is None or near.entity_type == "staff":
                add("concedes", own_target(), cm)
            else:
                add("concedes", resolved(near), cm)
                for other in _coordinated(text, near, firm):  # "Bahn und Telekom räumen … ein"
                    key = f"concedes:{other.entity}"
                    if key not in found and other.entity != found["concedes"].target_entity:
                        found[key] = Blame("concedes", *resolved(other), cm.text, kind,
                                           cm.start, cm.end)
        elif kind in ("shift", "denial", "reported_shift"):
            if not vendor and kind == "shift":
                continue
            if kind == "reported_shift" and any(
                    o.cue.kind == "reported_concession" and o.start < cm.end
                    and cm.start < o.end for o in matches):
                continue  # the same reported cause is the firm's own network (rule 6)
            pool = others if kind != "reported_shift" else [m for m in firm
                                                            if m.entity != case_vendor]
            after = [m for m in pool if 0 <= m.start - cm.end <= window]
            if kind == "reported_shift":
                # reported speech names the cause inside or after the cue; the party before it
                # is the speaker ("Der Techniker meinte, der Fehler liege am Verteiler")
                inside = [m for m in pool if cm.start <= m.start and m.end <= cm.end]
                blamed = [c for c in customers if c.source != "pronoun"
                          and 0 <= c.start - cm.end <= window]
                if blamed and not (after or inside):
                    add("customer_blame", resolved(blamed[0]), cm)
                    continue
                near = _closest(after + inside, cm)
                own = [m for m in firm if m.entity == case_vendor and m.source != "pronoun"
                       and 0 <= m.start - cm.end <= near_chars]
                if not vendor and own and near is None:
                    # a third party's reported cause names the case vendor itself ("der
                    # Meister sagte, es liege an einem fehlerhaften Update von VW"): accuses
                    add("accuses", resolved(own[0]), cm)
                    continue
            else:
                near = _closest(after, cm) or _closest(pool, cm)  # "verweist auf den X"
            if kind == "shift" and cm.cue.name == "rules":
                near = _closest([m for m in firm if m.entity_type == "staff"], cm, near_chars)
                if near is None:
                    continue
            if near is not None:
                add("shifts", resolved(near), cm)
            elif cue_target:
                add("shifts", cue_target, cm)
            elif kind == "denial":
                add("customer_blame", ("Kunde", "customer", "", "cue"), cm)
        elif kind == "counterfactual":
            subject = _counterfactual_subject(text, cm, firm)
            if subject is True and not case:
                continue  # "man hätte … können" with no case vendor: nobody in particular
            if subject is not None and not vendor:
                add("accuses", resolved(subject) if isinstance(subject, Mention)
                    else own_target(), cm)
        elif kind == "negative_conduct":
            if vendor:
                near = _closest(customers + others, cm)
                if near is not None and near.entity_type == "customer":
                    add("customer_blame", resolved(near), cm)
                elif near is not None:
                    add("shifts", resolved(near), cm)
                continue
            near = _closest(firm, cm)
            named = [m for m in firm if m.entity_type != "staff" and m.source != "generic"
                     and cm.start <= m.start and m.end <= cm.end]
            if near is not None and near.entity_type == "staff" and named:
                near = named[0]  # "der Kundenservice der Telekom ist eine Frechheit": Telekom
            if near is not None:
                target = resolved(near)
            elif case:
                target = (case[0], case[1], "", "case")
            else:
                continue
            add("accuses", target, cm)
    rows = [b for b in found.values() if b.target_entity]
    if not case:  # without a case, generic firm words are generic statements (codebook rule 1)
        generic = {m.surface for m in mentions if m.source in ("generic", "pronoun")
                   and m.entity_type not in ("staff", "customer")}
        rows = [b for b in rows if not (b.pattern == "accuses" and b.target_surface in generic)]
    return sorted(rows, key=lambda b: PATTERNS.index(b.pattern))


_COMPANY_WE = re.compile(r"\b(?:wir|uns|unser\w*)\b", re.IGNORECASE)
_NOT_COMPANY_WE = re.compile(r"\b(?:nehmen|sagen) wir\b", re.IGNORECASE)
_FORMAL_YOU = re.compile(r"\b(?:Sie|Ihnen|Ihr(?:e|en|em|er)?)\b")
_LETTER_MARKS = re.compile(r"Sehr geehrte|Mit freundlichen Grüßen|Customer Care|\bunser "
                           r"(?:Lieferant|Kundenservice|Team)\b")
_ANSWER = re.compile(r"^\s*Antwort:")


def _company_voice(text: str) -> bool:
    if _LETTER_MARKS.search(text):
        return True
    # removing "nehmen wir" joins two non-word characters, so it can only take matches away:
    # without both on the whole text there is nothing to remove it from (most sentences)
    if not (_COMPANY_WE.search(text) and _FORMAL_YOU.search(text)):
        return False
    text = _NOT_COMPANY_WE.sub("", text)
    return bool(_COMPANY_WE.search(text) and _FORMAL_YOU.search(text))


def sentence_voices(corpus) -> dict[str, str]:
    """sentence_id → voice: the segment role, or ``vendor`` for quoted company wording.

    A run of consecutive quoted sentences in a segment is one quoted block; it is a vendor
    voice if any of its sentences uses company wording ("wir" with formal "Sie", a letter
    salutation, "unser Lieferant") or starts with "Antwort:". Outside quotes, a sentence that
    opens with "Antwort:" or combines "wir" with formal "Sie" is a reproduced vendor line.
    """
    roles = dict(zip(corpus.segments["segment_id"], corpus.segments["role"], strict=True))
    voices: dict[str, str] = {}
    sents = corpus.sentences.sort_values(["doc_id", "start"], kind="stable")
    block: list[tuple[str, str, str]] = []  # (sentence_id, segment_id, text)

    def flush() -> None:
        if block and any(_company_voice(text) or _ANSWER.match(text) for _, _, text in block):
            for sentence_id, _, _ in block:
                voices[sentence_id] = "vendor"
        block.clear()

    for sentence_id, segment_id, quoted, text in zip(
            sents["sentence_id"].tolist(), sents["segment_id"].tolist(),
            sents["quoted"].tolist(), sents["text"].tolist(), strict=True):
        role = roles.get(segment_id, "unknown")
        voices[sentence_id] = role
        if quoted and role != "vendor":
            if block and block[-1][1] != segment_id:
                flush()
            block.append((sentence_id, segment_id, text))
            continue
        flush()
        if role != "vendor" and (_ANSWER.match(text) or _company_voice(text)):
            voices[sentence_id] = "vendor"
    flush()
    return voices


def case_vendors(mentions: pd.DataFrame, sentences: pd.DataFrame,
                 rules: BlameRules | None = None,
                 texts: Mapping[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """post_id → (entity, entity_type) of the post's main vendor: the most mentioned candidate
    of :func:`servicelab.vendor_choice.main_vendor` (consumer-facing firms by name or handle and
    firms found by structure; media only when no other firm is named), if it has at least
    ``rules.case_min_share`` of those mentions in the post.

    ``texts`` (doc_id → ``documents.text``, which the mentions' offsets index) lets the choice
    read the page around the mentions: a title that names the shop beside a product's maker, a
    salutation's addressee; without it only the mentions count."""
    rules = rules or BlameRules.default()
    texts = texts or {}
    post_of = dict(zip(sentences["sentence_id"], sentences["post_id"], strict=True))
    doc_of = (dict(zip(sentences["post_id"], sentences["doc_id"], strict=True))
              if texts else {})
    m = mentions[mentions["source"].isin(["name", "handle", "unknown_org"])]
    m = m.assign(post_id=m["sentence_id"].map(post_of)).sort_values(["post_id", "start"],
                                                                     kind="stable")
    out = {}
    for post_id, grp in m.groupby("post_id", sort=True):
        text = texts.get(doc_of.get(post_id, ""), "")
        found = main_vendor(text, [Mention(r.start, r.end, r.surface, r.entity, r.entity_type,
                                           r.source) for r in grp.itertuples(index=False)], rules)
        if found:
            out[post_id] = found
    return out


def blame_table(corpus, voices: dict[str, str] | None = None,
                mentions: pd.DataFrame | None = None,
                rules: BlameRules | None = None, model=None) -> pd.DataFrame:
    """One row per (sentence, pattern) with a target; offsets index ``documents.text``.

    The rules' rows joined with the learned sentence model's as ``rules.model_combine``
    says (:func:`with_model`); ``model`` is a :class:`servicelab.blame_model.BlameModel`
    (default: the shipped one, :func:`servicelab.blame_model.default_model`)."""
    rules = rules or BlameRules.default()
    voices = voices if voices is not None else sentence_voices(corpus)
    if mentions is None:
        mentions = mentions_table(corpus, voices, gazetteer=rules.gazetteer)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    cases = case_vendors(mentions, corpus.sentences, rules, texts)
    rows = []
    kinds: dict[str, set[str]] = {}  # the cue kinds of each sentence, for the model's features
    sents = corpus.sentences
    for doc_id, post_id, segment_id, sentence_id, start, end, text in zip(
            *(sents[c].tolist() for c in ("doc_id", "post_id", "segment_id", "sentence_id",
                                          "start", "end", "text")), strict=True):
        voice = voices.get(sentence_id)
        cues = find_cues(text, rules)
        kinds[sentence_id] = {c.cue.kind for c in cues}
        for b in attribute(text, voice, cases.get(post_id), rules, cues=cues):
            rows.append({"doc_id": doc_id, "post_id": post_id, "segment_id": segment_id,
                         "sentence_id": sentence_id, "start": start, "end": end,
                         "speaker_role": voice, "target_entity": b.target_entity,
                         "target_type": b.target_type, "target_surface": b.target_surface,
                         "target_source": b.target_source, "pattern": b.pattern,
                         "cue": b.cue, "cue_kind": b.cue_kind})
    df = pd.DataFrame(rows, columns=BLAME_COLUMNS)
    df = with_model(df, corpus.sentences, voices, cases, rules, model, kinds)
    df = df.astype({"start": "int64", "end": "int64"})
    order = {p: i for i, p in enumerate(PATTERNS)}
    df = df.assign(_p=df["pattern"].map(order)).sort_values(["doc_id", "start", "_p"],
                                                            kind="stable")
    return df.drop(columns="_p").reset_index(drop=True)


def with_model(rule_table: pd.DataFrame, sentences: pd.DataFrame, voices: dict[str, str],
               cases: dict[str, tuple[str, str]], rules: BlameRules, model=None,
               cue_kinds: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """The rules' rows of a corpus joined with the sentence model's
    (:meth:`servicelab.blame_model.BlameModel.corpus_rows`) as ``rules.model_combine``
    says: ``gated`` adds the model's rows only in posts where the rules found blame (the
    rules decide whether a post blames anyone, the model finds more of its blame
    sentences) or the model opens (:meth:`servicelab.blame_model.BlameModel.opens`),
    ``union`` everywhere, ``model`` keeps the model's rows alone, ``rules`` the
    rules' alone. Only the sentences that can gain rows are transformed, in one batch
    (``cue_kinds``: sentence_id → the kinds of its cues, from the rules' pass)."""
    how = rules.model_combine
    if how == "rules":
        return rule_table
    if model is None:
        from servicelab.blame_model import default_model  # blame_model imports this module

        model = default_model()
    opening = how == "gated" and getattr(model, "open_min", None) is not None
    if how == "gated" and not opening:  # only posts with rule rows can gain rows
        sentences = sentences[sentences["post_id"].isin(set(rule_table["post_id"]))]
    model_rows = model.corpus_rows(sentences, voices, cases, rule_table, rules, cue_kinds,
                                   gated=opening)
    if how == "model":
        return model_rows
    key = ["sentence_id", "pattern", "target_entity"]
    known = set(rule_table[key].itertuples(index=False, name=None))
    added = model_rows[[k not in known for k in model_rows[key].itertuples(index=False,
                                                                            name=None)]]
    if added.empty:
        return rule_table
    return pd.concat([rule_table, added], ignore_index=True)


def build_tables(corpus, rules: BlameRules | None = None, model=None
                 ) -> dict[str, pd.DataFrame]:
    """``{"mentions": …, "blame": …}`` for ``servicelab build`` (``rules``: shipped ones
    by default, e.g. ``BlameRules.load(cues="my_cues.csv")``; ``model``: the sentence
    model, the shipped one by default)."""
    rules = rules or BlameRules.default()
    voices = sentence_voices(corpus)
    mentions = mentions_table(corpus, voices, gazetteer=rules.gazetteer)
    return {"mentions": mentions, "blame": blame_table(corpus, voices, mentions, rules, model)}


def evaluate(pred: pd.DataFrame, gold: pd.DataFrame,
             min_chars: int = MIN_GOLD_CHARS) -> pd.DataFrame:
    """Precision, recall and F1 per pattern over (sentence_id, pattern) pairs.

    ``gold`` must carry ``sentence_id`` (see :func:`servicelab.annotations.align`). Predicted
    rows on sentences shorter than ``min_chars`` are left out: gold cannot key them. The row
    ``all`` pools the patterns (micro average); ``type_agreement`` is the share of matched
    pairs whose target type also agrees.
    """
    pred = pred[(pred["end"] - pred["start"]) >= min_chars]
    p = pred[["sentence_id", "pattern", "target_type"]].drop_duplicates(
        ["sentence_id", "pattern"])
    g = gold[["sentence_id", "pattern", "target_type"]].drop_duplicates(
        ["sentence_id", "pattern"])
    merged = g.merge(p, on=["sentence_id", "pattern"], suffixes=("_gold", "_pred"))
    rows = []
    for pattern in [*PATTERNS, "all"]:
        def sel(d: pd.DataFrame, pattern: str = pattern) -> pd.DataFrame:
            return d if pattern == "all" else d[d["pattern"] == pattern]

        n_gold, n_pred, m = len(sel(g)), len(sel(p)), sel(merged)
        tp = len(m)
        r = prf(tp, n_pred - tp, n_gold - tp)
        agree = (m["target_type_gold"] == m["target_type_pred"]).mean() if tp else float("nan")
        rows.append({"pattern": pattern, "gold": n_gold, "predicted": n_pred, "correct": tp,
                     "precision": r.precision, "recall": r.recall, "f1": r.f1,
                     "type_agreement": agree})
    return pd.DataFrame(rows).round(3)


def shift_chains(blame: pd.DataFrame, mentions: pd.DataFrame,
                 cases: dict[str, tuple[str, str]],
                 rules: BlameRules | None = None) -> pd.DataFrame:
    """Per post, the sequence in which vendor acts move responsibility, as text.

    Vendor acts are ``shifts``, ``concedes`` (not the customer's self-reproach) and
    ``customer_blame``, whether said by the vendor or reported. A generic target named
    elsewhere in the post by apposition ("deren Lieferant ("Cyberport")") is written with
    its name: ``Lieferant = Cyberport``.
    """
    names = appositions(mentions, rules)
    rows = []
    acts = blame[blame["pattern"].isin(["shifts", "concedes", "customer_blame"])
                 & ~((blame["pattern"] == "concedes") & (blame["target_type"] == "customer"))]
    for post_id, grp in acts.sort_values(["doc_id", "start"]).groupby("post_id", sort=True):
        vendor = cases.get(post_id, ("(no main vendor)", "other"))[0]
        steps = [vendor]
        for r in grp.itertuples(index=False):
            label = r.target_entity
            named = names.get((post_id, r.target_entity))
            if named:
                label = f"{label} = {named}"
            step = f"{label} ({r.pattern})"
            if steps[-1] != step:
                steps.append(step)
        rows.append({"post_id": post_id, "vendor": vendor, "steps": len(steps) - 1,
                     "chain": " → ".join(steps)})
    return pd.DataFrame(rows, columns=["post_id", "vendor", "steps", "chain"])


def appositions(mentions: pd.DataFrame, rules: BlameRules | None = None
                ) -> dict[tuple[str, str], str]:
    """(post_id, generic entity) → company named right after it ("Lieferant ("Cyberport")")."""
    gap = (rules or BlameRules.default()).apposition_gap
    out: dict[tuple[str, str], str] = {}
    m = mentions.sort_values(["doc_id", "start"]).reset_index(drop=True)
    for a, b in zip(m.itertuples(index=False), m.iloc[1:].itertuples(index=False),
                    strict=False):
        if (a.doc_id == b.doc_id and a.source == "generic" and b.source in ("name", "handle")
                and a.sentence_id == b.sentence_id and 0 < b.start - a.end <= gap):
            post_id = a.sentence_id.rsplit(":s", 1)[0]
            out.setdefault((post_id, a.entity), b.entity)
    return out


def text_case(text: str, rules: BlameRules | None = None) -> tuple[str, str] | None:
    """The main vendor of a free text (:func:`servicelab.vendor_choice.main_vendor`), or None."""
    rules = rules or BlameRules.default()
    return main_vendor(text, find_mentions(text, pronouns=False, gazetteer=rules.gazetteer),
                       rules)


def document_patterns(text: str, speaker_role: str = "author",
                      rules: BlameRules | None = None) -> set[str]:
    """The patterns found anywhere in a free text, sentence by sentence (:func:`text_blame`:
    its own main vendor, company wording and reported company words as the vendor's voice)."""
    return set(text_blame(text, rules, speaker_role)["pattern"])


TEXT_BLAME_COLUMNS = ["start", "end", "speaker_role", "target_entity", "target_type",
                      "target_surface", "target_source", "pattern", "cue", "cue_kind"]


_REPORTED_BY = re.compile(r"\b(?:laut|lt\.|nach Angaben|zufolge|so)\s+(?:der|des|die|den|dem|von)?"
                          r"\s*", re.IGNORECASE)


def _reports_company(sentence: str, rules: BlameRules) -> bool:
    """True for "laut DB …", "nach Angaben der Bahn …", "laut Werkstatt …": the words of a
    company, or of its staff or shop named by a generic noun, reported."""
    starts = {m.start for m in find_mentions(sentence, pronouns=False, gazetteer=rules.gazetteer)
              if (m.source in ("name", "handle") and m.entity_type in rules.case_types)
              or (m.source == "generic" and (m.entity_type in rules.case_types
                                             or m.entity_type == "staff"))}
    return any(m.end() in starts for m in _REPORTED_BY.finditer(sentence))


def text_voices(text: str, spans: list[tuple[int, int]], speaker_role: str = "author",
                rules: BlameRules | None = None) -> list[str]:
    """The voice of each sentence span of a free text: ``speaker_role``, or ``vendor`` for a
    sentence in company wording, opening with "Antwort:" (as :func:`sentence_voices`) or
    reporting a company's words ("laut DB lag es am Stellwerk", codebook §6.3)."""
    rules = rules or BlameRules.default()
    blocks = reply_blocks(text, rules)
    out = []
    for s, e in spans:
        sentence = text[s:e]
        company = (_ANSWER.match(sentence) or _company_voice(sentence)
                   or _reports_company(sentence, rules)
                   or any(a <= s < b for a, b in blocks))
        out.append("vendor" if company and speaker_role != "vendor" else speaker_role)
    return out


# a header line that introduces a reply: "Antwort von 1&1 Team:", "Antwort @lieferando:",
# "Kommentar von …:" (the whole line, ending in a colon)
_REPLY_HEADER = re.compile(r"^[ \t]*(?:Antwort|Reply|Kommentar|Re)\b([^\n:]{0,60}):[ \t]*$",
                           re.MULTILINE | re.IGNORECASE)
_TO_ADDRESSEE = re.compile(r"\b(?:an|to)\b", re.IGNORECASE)


def reply_blocks(text: str, rules: BlameRules | None = None) -> list[tuple[int, int]]:
    """(start, end) of the reply blocks a company writes in a free text: from a header line
    naming the company as the one who answers ("Antwort von 1&1 Team:", "Antwort
    @lieferando:") to the next header line. A reply *to* the company ("Antwort an
    @lieferando:") or by a private person ("Antwort von mobilfunkfuchs:") is not one.

    Why: a forum or social-media thread pasted as one text carries the company's answers
    ("Hallo, das tut uns leid!") without the formal "Sie" that marks a letter."""
    rules = rules or BlameRules.default()
    headers = list(_REPLY_HEADER.finditer(text))
    out = []
    for i, h in enumerate(headers):
        who = h.group(1)
        if _TO_ADDRESSEE.search(who):
            continue
        firm = [m for m in find_mentions(who, pronouns=False, gazetteer=rules.gazetteer)
                if m.source in ("name", "handle") and m.entity_type in FIRM_TYPES
                and m.entity_type != "staff" and m.entity not in rules.channels]
        if firm:
            end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
            out.append((h.end(), end))
    return out


def text_blame(text: str, rules: BlameRules | None = None, speaker_role: str = "author"
               ) -> pd.DataFrame:
    """Blame rows of a free text (a tweet, a forum post) split into sentences.

    Why: a document outside a built corpus (the GermEval sample) should get the same
    sentence-level rules, one main vendor per text (:func:`text_case`) and the voices of
    :func:`text_voices`; offsets index ``text``.
    """
    rules = rules or BlameRules.default()
    case = text_case(text, rules)
    spans = split_sentences(text, 0, len(text))
    voices = text_voices(text, spans, speaker_role, rules)
    context = complaint_contexts(text, spans, voices, rules)
    rows = []
    for (s, e), voice, ctx in zip(spans, voices, context, strict=True):
        for b in attribute(text[s:e], voice, case, rules, complaint_context=ctx):
            b = _unit_as_firm(b, case)
            rows.append({"start": s, "end": e, "speaker_role": voice,
                         "target_entity": b.target_entity, "target_type": b.target_type,
                         "target_surface": b.target_surface, "target_source": b.target_source,
                         "pattern": b.pattern, "cue": b.cue, "cue_kind": b.cue_kind})
    return pd.DataFrame(rows, columns=TEXT_BLAME_COLUMNS).astype({"start": "int64",
                                                                  "end": "int64"})



def _unit_as_firm(b: Blame, case: tuple[str, str] | None) -> Blame:
    """An accusation or concession of the case vendor's staff or units ("der Zusteller",
    "der IKEA-Kundenservice") as one of the case vendor: in whole texts a firm's units count
    as the firm (codebook §6.3, §6.9); the surface keeps the words used."""
    if case and b.target_type == "staff" and b.pattern in ("accuses", "concedes"):
        return replace(b, target_entity=case[0], target_type=case[1], target_source="case")
    return b


def complaint_contexts(text: str, spans: list[tuple[int, int]], voices: list[str],
                       rules: BlameRules | None = None) -> list[bool]:
    """Per sentence: does the text around it mark it as a complaint? True when the previous or
    the next sentence in the same (non-vendor) voice carries a grievance marker ("Zu spät zur
    Arbeit. Danke kvb."), or when the text opens by addressing a company's @handle (a tweet
    to the company: "@DB_Bahn eine Stunde warten, weil der RE ausfällt"). With
    ``rules.whole_text_context`` a marker anywhere in a voice, in a sentence aimed at a firm
    (:func:`_aimed_grievance`), marks all of that voice's sentences: a complaint letter is
    angry in one place and states its failures in others ("Nach sieben Wochen habe ich weder
    eine Zahlung noch eine Bestätigung erhalten." two sentences before "diese Behandlung
    der Deutschen Bahn ärgert mich")."""
    rules = rules or BlameRules.default()
    grieved = [v != "vendor" and grieved_sentence(text[s:e], rules)
               for (s, e), v in zip(spans, voices, strict=True)]
    opening = _ADDRESSED_OPENING.match(text)
    to_firm = bool(opening) and _addresses_firm(text, [
        m for m in find_mentions(text[:opening.end()], pronouns=False, gazetteer=rules.gazetteer)
        if m.entity_type in FIRM_TYPES])
    # the voices in which a grievance aimed at a firm stands anywhere in the text
    text_wide = {v for (s, e), v, g in zip(spans, voices, grieved, strict=True)
                 if g and rules.whole_text_context and _aimed_grievance(text[s:e], rules)}
    out = []
    for i, v in enumerate(voices):
        near = (i > 0 and grieved[i - 1] and voices[i - 1] == v) or (
            i + 1 < len(voices) and grieved[i + 1] and voices[i + 1] == v)
        out.append(v != "vendor" and (near or to_firm or v in text_wide))
    return out


def _aimed_grievance(sentence: str, rules: BlameRules) -> bool:
    """True when a grieved sentence is aimed at a firm: it names one (by name, handle or a
    generic firm noun) or states a failure ("diese Behandlung der Bahn ärgert mich"); an
    unrelated exclamation ("Das Wetter ist toll!") is not."""
    if any(m.entity_type in FIRM_TYPES and m.source in ("name", "handle", "generic")
           for m in find_mentions(sentence, pronouns=False, gazetteer=rules.gazetteer)):
        return True
    return any(c.cue.kind in ("failure_report", "negative_conduct")
               for c in find_cues(sentence, rules))
