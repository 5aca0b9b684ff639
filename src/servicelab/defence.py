"""Community defence: per comment a stance towards the conflict, the strategies used, and
who answers whom in the thread.

Stance labels: ``supports_complainant``, ``defends_vendor``, ``neutral`` and ``vendor``
(segments the corpus gives the role ``vendor``). Strategies (codebook section
``data/annotations/CODEBOOK.md` §5`): on the defence side ``two_sides``,
``customer_blame``, ``legal_justification``, ``expectation_correction``,
``positive_experience``, ``praise_offer``, ``meta_critique``; on the complainant side
``own_bad_experience`` and ``counter_argument``.

The method is a set of transparent cue rules (``servicelab/data/defence_cues.csv``, one
regular expression per row with its ``source``), applied per sentence:

* a *rejection frame* ("Jetzt kann man natürlich sagen, selbst schuld …, aber …") turns
  the defence cues of its sentence into a ``counter_argument``;
* a legal point in the vendor's favour ("kein Rechtsanspruch") overrides a legal point for
  the customer in the same sentence;
* personal experiences come from first-person narrative frames plus the polarity of the
  frame sentence and the two after it; a present-tense defect report ("… funktioniert
  nicht") outside a conditional counts as the writer's own bad experience;
* a *concession* (kind ``concession``: the writer grants the complainant's annoyance,
  "Ärgerlich, klar") followed by a contrast later in its sentence or opening the next one
  ("… Aber …", "Trotzdem …") credits its strategy (``two_sides``): granting the annoyance
  and then arguing the other way defends the vendor (round six, from the error causes on
  four page sets);
* cues marked ``negatable`` are ignored right after ``kein``/``nicht``/``nie``;
* vendor voices never receive complainant-side strategies.

The stance score adds defence strategies and vendor-friendly cues, subtracts complainant
strategies and vendor-critical cues, and lets agreement ("100% ack", "Sofort
unterschrieben") inherit the stance of the comment it answers (the post itself, i.e. the
complaint, when no addressee is found); a comment by the page's own author (role
``author``: the complainant answering in their thread) leans towards the complainant by
``DefenceRules.author_reply``. ``score = tanh(raw / 2)``, positive = towards the vendor.
Where no stance cue fires (raw 0, not a vendor), a unit of at most three sentences that opens
with an asking question (a w-question or a verb-first yes/no question, after at most a short
greeting or thanks: ``servicelab/data/stance_question_openers.csv``; an echo fragment such as
"Schnell? Sie wartet seit Wochen." is rhetorical and does not count) is ``neutral`` — also when
the page's author asks it, before the author lean — and any other is decided by the fallback
classifier
(``DefenceRules.fallback``, :mod:`servicelab.stance_model`); grouped cross-validation over the
dev pages chose this over the rules alone, the model alone and a majority fallback
(codebook §5, issue 15). Two readings of codebook §7.2 come first (round seven): a note of
the page's author with no stance cue but an "Update:" opener and nothing that still complains
(no negation, contrast or question) is a plain status report or thanks, ``neutral``
(:func:`plain_status`); and, with the fallback, a reader's cue-less unit that grants another
reader's point and goes on with a contrast is ``neutral`` (:func:`grants_point`,
``servicelab/data/stance_point_concessions.csv``). Round eight: a reader's unit whose stance
rests on a single cue of its own (raw ±1; not an agreement, which takes the stance of the unit
it answers) takes the classifier's label where the classifier claims one
with a one-vs-rest score above ``DefenceRules.model_override`` (one cue is weak evidence
against a confident model trained on every page set; chosen left out per page set).

Reply links come from @mentions (``addressees``), from quotations of an earlier comment's
words, and from handles named in running text. Handles are not author lines: a handle is
tied to a comment when the addressing comment also quotes it (``@X: "…"``), or when the
corpus knows the author; otherwise the addressed comment is the earlier one most similar
in content (TF-IDF over capitalised words — German nouns — numbers and pseudonyms), or the
previous one when nothing overlaps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from servicelab import sentences
from servicelab.corpus import Corpus
from servicelab.entities import Gazetteer
from servicelab.errors import CorpusInputError
from servicelab.handles import HANDLE, is_handle_name
from servicelab.literals import lowered, may_match, required_literals
from servicelab.metrics import prf
from servicelab.quotes import quoted_passages
from servicelab.rulefiles import read_rule_csv
from servicelab.stance_model import StanceModel

DEFENCE_STRATEGIES: tuple[str, ...] = (
    "two_sides", "customer_blame", "legal_justification", "expectation_correction",
    "positive_experience", "praise_offer", "meta_critique",
)
COMPLAINANT_STRATEGIES: tuple[str, ...] = ("own_bad_experience", "counter_argument")
STRATEGIES: tuple[str, ...] = DEFENCE_STRATEGIES + COMPLAINANT_STRATEGIES
STANCES: tuple[str, ...] = ("supports_complainant", "defends_vendor", "neutral", "vendor")
ARGUMENT_STRATEGIES: tuple[str, ...] = (
    "two_sides", "customer_blame", "legal_justification", "expectation_correction",
    "meta_critique", "counter_argument",
)
EXPERIENCE_STRATEGIES: tuple[str, ...] = ("positive_experience", "own_bad_experience")
CUE_KINDS: tuple[str, ...] = (
    "strategy", "experience_frame", "defect_report", "polarity_pos", "polarity_neg",
    "rejection", "agreement", "stance_complainant", "stance_vendor", "argument_marker",
    "concession",
)
STANCE_COLUMNS = ["segment_id", "doc_id", "post_id", "position", "role", "stance", "score",
                  "strategies", "cues"]
REPLY_COLUMNS = ["doc_id", "post_id", "source_segment_id", "target_segment_id", "cue",
                 "handle", "resolution", "evidence"]

_NEGATOR = re.compile(r"\b(?:kein\w*|nicht|nie|niemals)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:wenn|falls|ob|sollte|sollten|würde|hätte)\b", re.IGNORECASE)
# what turns a conceded annoyance into a defence: a contrast later in its sentence, or at the
# start of the next one ("Ärgerlich, klar. Aber …")
_CONTRAST = re.compile(r"\b(?:aber|doch|trotzdem|allerdings|jedoch)\b", re.IGNORECASE)
_CONTRAST_OPENS = re.compile(r"^\W*(?:aber|doch|trotzdem|allerdings|jedoch)\b", re.IGNORECASE)
_BARE_HANDLE = re.compile(r"^" + HANDLE.pattern + r"\s*,?\s*$")
_ADDRESSEE = re.compile(r"(?m)^" + HANDLE.pattern + r"(?=[:,]|\s*$)")
_CONTENT_TOKEN = r"(?u)\b(?:[A-ZÄÖÜ][\w-]+|\w*\d\w*)\b"
_WORD = re.compile(r"\w+")
CUE_COLUMNS = ("cue_id", "strategy", "kind", "negatable", "pattern", "source")


@dataclass(frozen=True)
class Cue:
    """One row of ``defence_cues.csv``: a compiled pattern with its kind and strategy."""

    cue_id: str
    strategy: str
    kind: str
    negatable: bool
    regex: re.Pattern
    source: str
    #: lower-cased words every match contains one of (:mod:`servicelab.literals`), so most
    #: sentences are ruled out by a substring test before the regex runs
    literals: tuple[str, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "literals", required_literals(self.regex))


def read_cues(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a defence cue CSV; a bad row is one :class:`CorpusInputError` line."""
    name = Path(str(path)).name
    rows = read_rule_csv(path, CUE_COLUMNS, "cue file", " (and example)")
    for i, row in enumerate(rows, start=2):
        problem = None
        if row["kind"] not in CUE_KINDS:
            problem = f"unknown kind {row['kind']!r} (one of {', '.join(CUE_KINDS)})"
        elif row["kind"] == "strategy" and row["strategy"] not in STRATEGIES:
            problem = f"unknown strategy {row['strategy']!r} (one of {', '.join(STRATEGIES)})"
        elif not row["source"].strip():
            problem = f"cue {row['cue_id']!r} has no source"
        else:
            try:
                re.compile(row["pattern"])
            except re.error as exc:
                problem = f"pattern of {row['cue_id']!r} does not compile ({exc})"
        if problem:
            raise CorpusInputError(name, f"row {i}: {problem}")
    return tuple(rows)


QUESTION_COLUMNS = ("rule_id", "kind", "pattern", "source", "example")
QUESTION_KINDS = ("asking", "rhetorical")


def _read_pattern_rows(path: str | Path, columns: tuple[str, ...], what: str,
                       kinds: tuple[str, ...] = (), at_start: bool = True
                       ) -> tuple[dict[str, str], ...]:
    """Validated rows of a pattern CSV: each pattern compiles, has a source and matches its
    own example (at the start with ``at_start``, anywhere otherwise); with ``kinds`` each
    row's kind is one of them. A bad row is one :class:`CorpusInputError` line."""
    name = Path(str(path)).name
    rows = read_rule_csv(path, columns, what)
    for i, row in enumerate(rows, start=2):
        try:
            rx = re.compile(row["pattern"], re.IGNORECASE)
        except re.error as exc:
            raise CorpusInputError(name, f"row {i}: pattern of {row['rule_id']!r} does not "
                                         f"compile ({exc})") from None
        problem = None
        if kinds and row["kind"] not in kinds:
            problem = f"unknown kind {row['kind']!r} (one of {', '.join(kinds)})"
        elif not row["source"].strip():
            problem = f"rule {row['rule_id']!r} has no source"
        elif not (rx.match if at_start else rx.search)(row["example"]):
            verb = "match" if at_start else "find"
            problem = f"pattern of {row['rule_id']!r} does not {verb} its example " \
                      f"{row['example']!r}"
        if problem:
            raise CorpusInputError(name, f"row {i}: {problem}")
    return tuple(rows)


def read_question_openers(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a question-opener CSV (kind ``asking`` or ``rhetorical``; each
    pattern must compile and match its own example at the start)."""
    return _read_pattern_rows(path, QUESTION_COLUMNS, "question-opener file", QUESTION_KINDS)


TIP_COLUMNS = ("rule_id", "pattern", "source", "example")


def read_tip_openers(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a tip-opener CSV (each pattern must compile and match its own
    example at the start)."""
    return _read_pattern_rows(path, TIP_COLUMNS, "tip-opener file")


def read_point_concessions(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a point-concession CSV (same columns as the tip openers; each
    pattern must compile and find its own example)."""
    return _read_pattern_rows(path, TIP_COLUMNS, "point-concession file", at_start=False)


CARE_VOICE_COLUMNS = ("rule_id", "kind", "pattern", "source", "example")
CARE_VOICE_KINDS = ("apology", "service")


def read_care_voice(path: str | Path) -> tuple[dict[str, str], ...]:
    """Validated rows of a care-voice CSV (kind ``apology`` or ``service``; each pattern must
    compile and find its own example)."""
    return _read_pattern_rows(path, CARE_VOICE_COLUMNS, "care-voice file", CARE_VOICE_KINDS,
                              at_start=False)


def _any_of(rows: tuple[dict[str, str], ...], kind: str) -> re.Pattern | None:
    """One pattern for the rows of ``kind`` (``None`` if there are none)."""
    chosen = [r["pattern"] for r in rows if r["kind"] == kind]
    return re.compile("|".join(f"(?:{p})" for p in chosen), re.IGNORECASE) if chosen else None


def _openers(rows: tuple[dict[str, str], ...], kind: str) -> re.Pattern | None:
    """One pattern for the question openers of ``kind`` (``None`` if there are none)."""
    chosen = [r["pattern"] for r in rows if r["kind"] == kind]
    return re.compile(r"(?:(?:und|aber|also|oder|ok|okay)\s+)?(?:"
                      + "|".join(f"(?:{p})" for p in chosen) + ")",
                      re.IGNORECASE) if chosen else None


@dataclass(frozen=True, eq=False)
class DefenceRules:
    """The defence cue list and the tunables of the stance and reply rules.

    An object passed in, so that a user's cue list (:meth:`load`) can be tried and compared
    with the shipped one in one session.
    """

    cue_rows: tuple[dict[str, str], ...] = field(repr=False)
    negation_lookback: int = 30  # characters before a negatable cue searched for kein/nicht
    experience_window: int = 3  # an experience frame takes polarity from it and the next two
    shingle: int = 8  # words shared verbatim with an earlier comment make a reply link
    quote_chars: tuple[int, int] = (15, 600)  # a quotation that can tie comments together
    # a comment by the page's author (the complainant answering in their own thread) leans
    # this much towards the complainant (codebook §5: the complainant restating their case)
    author_reply: int = 1
    # with the fallback: a cue-less unit of at most this many sentences that opens with a
    # question is ``neutral`` (0: the classifier decides those too)
    question_sentences: int = 3
    # a first sentence of at most this many words that asks nothing ("Danke!", "Hallo
    # zusammen,") is a greeting: the question test looks at the sentence after it
    greeting_words: int = 3
    # an opening question of at most this many words that no asking opener matches is an
    # echo of someone's word ("Pünktlich?", "Und dann?"): rhetorical
    echo_words: int = 3
    # with the fallback: a reader's unit whose stance rests on one cue (raw score ±1) takes
    # the classifier's label where one one-vs-rest score exceeds this (a single cue is weak
    # evidence against a confident model; round eight, chosen left out per page set: 0.25;
    # ``None``: the cue always stands)
    model_override: float | None = 0.25
    #: rows of ``stance_question_openers.csv``: how an asking question opens (w-word, or a
    #: verb-first yes/no question) and how a rhetorical one does (declarative order);
    #: empty: any question mark counts
    question_rows: tuple[dict[str, str], ...] = field(default=(), repr=False)
    #: the classifier that decides units on which no stance cue fires
    #: (:class:`servicelab.stance_model.StanceModel`; ``None``: such units stay ``neutral``)
    fallback: StanceModel | None = field(default=None, repr=False)
    #: lower-cased names of consumer-facing companies (the gazetteer's vendor types): a
    #: comment posted under one of them speaks for the company
    vendor_names: frozenset[str] = field(default=frozenset(), repr=False)
    #: lower-cased names of every company of the gazetteer (also media and "other" types:
    #: a pay-TV or streaming service): one followed by a care-team word (``care_words``) as a
    #: comment's author ("Sky Deutschland Hilfe", "Beispielbank Kundenservice") speaks for
    #: the company
    company_names: frozenset[str] = field(default=frozenset(), repr=False)
    #: the care-team words after a company name in an author line (a regex, whole words)
    care_words: str = (r"hilfe|hilft|service|kundenservice|kundendienst|kundenbetreuung|"
                       r"support|team|care|help|helps|social[- ]media[- ]team")
    #: rows of ``stance_care_voice.csv``: a comment with an ``apology`` to the reader and a
    #: ``service`` step in the company's first person ("das tut uns leid … schick uns …")
    #: speaks for the company even without a company author line; empty: no such reading
    care_voice_rows: tuple[dict[str, str], ...] = field(default=(), repr=False)
    #: rows of ``stance_tip_openers.csv``: how a general tip for any reader opens ("Kleiner
    #: Tipp für alle: …"); with the fallback, a cue-less unit that opens so is ``neutral``
    tip_rows: tuple[dict[str, str], ...] = field(default=(), repr=False)
    #: rows of ``stance_point_concessions.csv``: how a reader grants another reader's point
    #: ("da hat X recht", "ist ein Argument"); with the fallback, a cue-less reader's unit
    #: that grants a point and then goes on with a contrast (``contrast_after``) is
    #: ``neutral`` (codebook §7.2: conceding a fact but keeping one's view)
    point_rows: tuple[dict[str, str], ...] = field(default=(), repr=False)
    #: a contrast after a granted point: the writer keeps his own line
    contrast_after: str = r"\b(?:aber|trotzdem|dennoch|allerdings|jedoch|nur\s+dass|meinte\s+nur)\b"
    #: cues that only mark a note as the complainant's status report ("Update:"): a note of
    #: the complainant with no other stance cue and nothing of ``still_complains`` is a plain
    #: status report or thanks, ``neutral`` (codebook §7.2), not the author lean
    status_cues: tuple[str, ...] = ("crit_own_update",)
    #: what makes the complainant's own note still a complaint: a negation, a contrast or a
    #: question (restating the case, rebutting, asking on)
    still_complains: str = (r"\b(?:kein\w*|nicht|nichts|nie|niemals|niemand|ohne|aber|doch|"
                            r"trotzdem|allerdings|jedoch)\b|\?")
    cues: tuple[Cue, ...] = field(init=False, repr=False)
    point_concession: re.Pattern | None = field(init=False, repr=False)
    contrast_pattern: re.Pattern = field(init=False, repr=False)
    complaint_pattern: re.Pattern = field(init=False, repr=False)
    tip_opener: re.Pattern | None = field(init=False, repr=False)
    question_opener: re.Pattern | None = field(init=False, repr=False)
    care_apology: re.Pattern | None = field(init=False, repr=False)
    care_service: re.Pattern | None = field(init=False, repr=False)
    rhetorical_opener: re.Pattern | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cues", tuple(
            Cue(r["cue_id"], r["strategy"], r["kind"], r["negatable"] == "1",
                re.compile(r["pattern"], re.IGNORECASE), r["source"]) for r in self.cue_rows))
        object.__setattr__(self, "question_opener", _openers(self.question_rows, "asking"))
        object.__setattr__(self, "rhetorical_opener",
                           _openers(self.question_rows, "rhetorical"))
        object.__setattr__(self, "tip_opener", re.compile(
            "|".join(f"(?:{r['pattern']})" for r in self.tip_rows), re.IGNORECASE)
            if self.tip_rows else None)
        object.__setattr__(self, "point_concession", re.compile(
            "|".join(f"(?:{r['pattern']})" for r in self.point_rows), re.IGNORECASE)
            if self.point_rows else None)
        object.__setattr__(self, "contrast_pattern", re.compile(self.contrast_after,
                                                                re.IGNORECASE))
        object.__setattr__(self, "complaint_pattern", re.compile(self.still_complains,
                                                                 re.IGNORECASE))
        object.__setattr__(self, "care_apology", _any_of(self.care_voice_rows, "apology"))
        object.__setattr__(self, "care_service", _any_of(self.care_voice_rows, "service"))

    @classmethod
    def load(cls, cues: str | Path | None = None, fallback: bool | StanceModel = True,
             gazetteer: Gazetteer | None = None, questions: str | Path | None = None,
             care_voice: str | Path | None = None, tips: str | Path | None = None,
             points: str | Path | None = None, **tunables: object) -> DefenceRules:
        """The shipped cue list (or the user's ``cues`` CSV, same columns) and tunables;
        ``fallback``: the shipped stance classifier (``True``), none (``False``: the cue
        rules alone) or a :class:`~servicelab.stance_model.StanceModel` of the user's;
        ``gazetteer``: where company author names come from (the shipped one by default);
        ``questions``: the question-opener CSV, ``care_voice``: the care-voice CSV, ``tips``:
        the tip-opener CSV, ``points``: the point-concession CSV (the shipped ones by
        default)."""
        data = resources.files("servicelab.data")
        path = cues if cues is not None else data.joinpath("defence_cues.csv")
        qpath = questions if questions is not None else data.joinpath(
            "stance_question_openers.csv")
        cpath = care_voice if care_voice is not None else data.joinpath(
            "stance_care_voice.csv")
        model = StanceModel.default() if fallback is True else (fallback or None)
        return cls(read_cues(str(path)), fallback=model, vendor_names=vendor_names(gazetteer),
                   company_names=vendor_names(gazetteer, None),
                   question_rows=read_question_openers(str(qpath)),
                   care_voice_rows=read_care_voice(str(cpath)),
                   tip_rows=read_tip_openers(str(tips if tips is not None else data.joinpath(
                       "stance_tip_openers.csv"))),
                   point_rows=read_point_concessions(str(
                       points if points is not None else data.joinpath(
                           "stance_point_concessions.csv"))), **tunables)

    @classmethod
    def default(cls) -> DefenceRules:
        """The shipped rules (loaded once; they are immutable)."""
        return _default_rules()


#: gazetteer types whose names, as a comment's author, make the comment the vendor's voice
VENDOR_TYPES: frozenset[str] = frozenset({
    "bank", "energy", "insurer", "logistics", "manufacturer", "platform", "retailer", "staff",
    "telecom", "transport", "travel"})


#: gazetteer types that are never a company's care team (authorities, the customer side)
NOT_COMPANY_TYPES: frozenset[str] = frozenset({"public_body", "customer", "union"})


def vendor_names(gazetteer: Gazetteer | None = None,
                 types: frozenset[str] | None = VENDOR_TYPES) -> frozenset[str]:
    """Lower-cased surfaces and entity names of the gazetteer's ``types`` (``None``: every
    type but :data:`NOT_COMPANY_TYPES`)."""
    rows = (gazetteer or Gazetteer.default()).rows
    return frozenset(n.lower() for r in rows if r["match"] != "head"
                     and (r["entity_type"] in types if types is not None
                          else r["entity_type"] not in NOT_COMPANY_TYPES)
                     for n in (r["surface"], r["entity"]))


@lru_cache(maxsize=1)
def _default_rules() -> DefenceRules:
    return DefenceRules.load()


def cue_table(rules: DefenceRules | None = None) -> pd.DataFrame:
    """The cue list as a table (for display): cue_id, strategy, kind, pattern, source."""
    return pd.DataFrame([{"cue_id": c.cue_id, "strategy": c.strategy, "kind": c.kind,
                          "pattern": c.regex.pattern, "source": c.source}
                         for c in (rules or DefenceRules.default()).cues])


def split_sentences(text: str) -> list[str]:
    """The sentences of a plain string, by the corpus splitter (:mod:`servicelab.sentences`)."""
    return [text[a:b] for a, b in sentences.split_sentences(text, 0, len(text))]


@dataclass(frozen=True)
class Detection:
    """What the cue rules find in one text."""

    strategies: tuple[str, ...]
    cues: tuple[str, ...]
    raw: int
    agreement: bool
    personal: bool
    argumentative: bool
    markers: int

    @property
    def defence(self) -> tuple[str, ...]:
        return tuple(s for s in self.strategies if s in DEFENCE_STRATEGIES)


def cue_hits(cue: Cue, sentence: str, rules: DefenceRules | None = None) -> int:
    """How often ``cue`` fires in ``sentence`` (not after a negator if negatable, a defect
    report not inside a conditional)."""
    back = (rules or DefenceRules.default()).negation_lookback
    n = 0
    for m in cue.regex.finditer(sentence):
        if cue.negatable and _NEGATOR.search(sentence[max(0, m.start() - back):m.start()]):
            continue
        if cue.kind == "defect_report" and _CONDITIONAL.search(sentence[:m.start()]):
            continue
        n += 1
    return n


def _conceded(cue: Cue, parts: list[str], i: int) -> bool:
    """Whether a concession cue in sentence ``i`` is followed by a contrast: later in the
    same sentence, or opening the next one (the writer grants the annoyance, then argues
    the other way: "Ärgerlich, aber …", "Ich versteh den Ärger. Aber …")."""
    after = [parts[i][m.end():] for m in cue.regex.finditer(parts[i])]
    return any(_CONTRAST.search(a) for a in after) or (
        bool(after) and i + 1 < len(parts) and bool(_CONTRAST_OPENS.match(parts[i + 1])))


def detect(text: str, role: str = "commenter", rules: DefenceRules | None = None) -> Detection:
    """Strategies, fired cue ids and the raw stance score of ``text`` (see module doc)."""
    rules = rules or DefenceRules.default()
    cues = rules.cues
    parts = split_sentences(text)
    per_sentence: list[dict[str, int]] = []
    for sentence in parts:
        low = lowered(sentence)
        per_sentence.append({c.cue_id: n for c in cues if may_match(c.literals, low)
                             and (n := cue_hits(c, sentence, rules))})
    by_id = {c.cue_id: c for c in cues}
    fired: dict[str, str] = {}  # cue_id -> strategy credited ('' for stance-only cues)
    agreement = False
    markers = 0
    personal = False
    for i, hits in enumerate(per_sentence):
        kinds = {by_id[k].kind for k in hits}
        rejected = "rejection" in kinds
        legal_vendor = any(by_id[k].strategy == "legal_justification" for k in hits)
        for cue_id, n in hits.items():
            cue = by_id[cue_id]
            if cue.kind == "strategy":
                if rejected and cue.strategy in DEFENCE_STRATEGIES:
                    continue
                if legal_vendor and cue_id.startswith("counter_legal"):
                    continue
                fired[cue_id] = cue.strategy
            elif cue.kind == "rejection":
                fired[cue_id] = "counter_argument"
            elif cue.kind == "defect_report":
                fired[cue_id] = "own_bad_experience"
                personal = True
            elif cue.kind == "experience_frame":
                personal = True
                window = per_sentence[i:i + rules.experience_window]
                pos = sum(n for w in window for k, n in w.items()
                          if by_id[k].kind == "polarity_pos")
                neg = sum(n for w in window for k, n in w.items()
                          if by_id[k].kind == "polarity_neg")
                if pos > neg:
                    fired[cue_id] = "positive_experience"
                elif neg > pos:
                    fired[cue_id] = "own_bad_experience"
                else:
                    fired[cue_id] = ""
            elif cue.kind == "agreement":
                agreement = True
                fired[cue_id] = ""
            elif cue.kind in ("stance_complainant", "stance_vendor"):
                fired[cue_id] = ""
            elif cue.kind == "argument_marker":
                markers += n
            elif cue.kind == "concession" and not rejected and _conceded(cue, parts, i):
                fired[cue_id] = cue.strategy
    if role == "vendor":
        fired = {k: s for k, s in fired.items() if s not in COMPLAINANT_STRATEGIES}
    strategies = tuple(s for s in STRATEGIES if s in set(fired.values()))
    stance_cues = sum(1 if by_id[k].kind == "stance_vendor" else -1 for k in fired
                      if k in by_id and by_id[k].kind in ("stance_vendor", "stance_complainant"))
    raw = (sum(s in DEFENCE_STRATEGIES for s in strategies)
           - sum(s in COMPLAINANT_STRATEGIES for s in strategies) + stance_cues)
    personal = personal or any(s in EXPERIENCE_STRATEGIES for s in strategies)
    argumentative = any(s in ARGUMENT_STRATEGIES for s in strategies)
    return Detection(strategies, tuple(sorted(fired)), raw, agreement, personal,
                     argumentative, markers)


def stance_from_raw(raw: float, role: str = "commenter") -> str:
    """The stance label for a raw score (``vendor`` for vendor voices)."""
    if role == "vendor":
        return "vendor"
    if raw >= 1:
        return "defends_vendor"
    if raw <= -1:
        return "supports_complainant"
    return "neutral"


# --------------------------------------------------------------------------- thread structure

def extract_addressees(text: str) -> list[str]:
    """@handles at the start of a line ("@Name:", "@ Name,", a bare "@Name" line)."""
    return list(dict.fromkeys(h for h in _ADDRESSEE.findall(text) if is_handle_name(h)))


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _shingles(text: str, n: int) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def _as_list(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]  # list, tuple or numpy array (from Parquet)


def _similarity(texts: list[str]) -> np.ndarray:
    """Cosine similarity of the units' content words (TF-IDF).

    Content words are capitalised tokens (German nouns), tokens with digits and
    pseudonyms; a capitalised token whose lower-case form also occurs in the thread is a
    sentence-initial function word and dropped; a light suffix strip (-en, -er, -es, -e,
    -n, -s) joins inflected forms. The TF-IDF is scikit-learn's ``TfidfVectorizer(
    analyzer=tokens, sublinear_tf=True)``, made without importing it
    (:func:`servicelab.tfidf_fit.fit_transform`).
    """
    from servicelab.tfidf_fit import fit_transform

    lower = {w for t in texts for w in re.findall(r"\b[a-zäöüß][\w-]*\b", t)}

    def tokens(text: str) -> list[str]:
        out = []
        for w in re.findall(_CONTENT_TOKEN, text):
            if w.lower() in lower and not any(ch.isdigit() for ch in w):
                continue
            w = w.lower()
            out.append(w if w.startswith("person_") else re.sub(r"(?:en|er|es|e|n|s)$", "", w))
        return out

    if not any(tokens(t) for t in texts):
        return np.zeros((len(texts), len(texts)))
    m = fit_transform([tokens(t) for t in texts])
    return (m @ m.T).toarray()


@dataclass
class _Thread:
    """One post's units in order, with what the link rules need."""

    ids: list[str]
    texts: list[str]
    roles: list[str]
    kinds: list[str]
    addressed: list[list[str]]
    authors: list[str | None]
    sim: np.ndarray

    @classmethod
    def from_units(cls, thread: pd.DataFrame) -> _Thread:
        texts = list(thread["text"])
        authors = list(thread["author"]) if "author" in thread else [None] * len(thread)
        return cls(list(thread["unit_id"]), texts, list(thread["role"]), list(thread["kind"]),
                   [_as_list(a) for a in thread["addressees"]],
                   [a if isinstance(a, str) and a else None for a in authors],
                   _similarity(texts))

    def quote_links(self, rules: DefenceRules) -> dict[int, list[tuple[int, str, str]]]:
        """For each comment: earlier units whose words it quotes (marked, else
        ``rules.shingle`` words verbatim)."""
        norms = [_norm(t) for t in self.texts]
        shingles = [_shingles(t, rules.shingle) for t in self.texts]
        links: dict[int, list[tuple[int, str, str]]] = {}
        for j, kind in enumerate(self.kinds):
            if kind != "comment":
                continue
            found: list[tuple[int, str, str]] = []
            for _, _, q in quoted_passages(self.texts[j], *rules.quote_chars):
                nq = _norm(q)
                hit = next((i for i in range(j - 1, -1, -1) if nq in norms[i]), None)
                if len(nq) >= rules.quote_chars[0] and hit is not None:
                    found.append((hit, "quote", q.strip()[:60]))
            if not found:
                for i in range(j - 1, -1, -1):
                    shared = shingles[j] & shingles[i]
                    if shared:
                        found.append((i, "verbatim", sorted(shared)[0][:60]))
                        break
            links[j] = found
        return links

    def identities(self, quote_links: dict[int, list[tuple[int, str, str]]]
                   ) -> dict[str, list[tuple[int, str]]]:
        """handle → units it wrote: from the author field, and from "@handle" + quote."""
        known: dict[str, list[tuple[int, str]]] = {}
        for i, author in enumerate(self.authors):
            if author:
                known.setdefault(author, []).append((i, "author"))
        for j, found in quote_links.items():
            for i, _, _ in found:
                for handle in self.addressed[j]:
                    if i not in [k for k, _ in known.get(handle, [])]:
                        known.setdefault(handle, []).append((i, "handle_via_quote"))
        return known

    def resolve(self, handle: str, j: int, known: dict[str, list[tuple[int, str]]]
                ) -> tuple[int, str]:
        """The unit that ``handle`` (addressed or named in unit ``j``) refers to."""
        earlier = [(i, how) for i, how in known.get(handle, []) if i < j]
        if earlier:
            return max(earlier)
        # a comment that itself addresses @handle was not written by handle; a vendor voice
        # does not answer another vendor voice
        candidates = [i for i in range(j) if handle not in self.addressed[i]
                      and not (self.roles[j] == "vendor" and self.roles[i] == "vendor")]
        candidates = candidates or list(range(j))
        score, best = max(((self.sim[j, i], i) for i in candidates), default=(0.0, -1))
        if score > 0:
            return best, "content"
        return candidates[-1], "recency"


def find_replies(units: pd.DataFrame, rules: DefenceRules | None = None) -> pd.DataFrame:
    """Reply links within each post: one row per (source, target, cue).

    ``units`` needs ``unit_id``, ``doc_id``, ``post_id``, ``position``, ``kind``, ``role``,
    ``addressees`` and ``text`` (optionally ``author``). Columns of the result: ``doc_id``,
    ``post_id``, ``source_id``, ``target_id``, ``cue`` (at_mention | quote | name_mention),
    ``handle``, ``resolution`` (quote | verbatim | author | handle_via_quote | content |
    recency), ``evidence``.
    """
    rows: list[dict] = []
    for post_id, group in units.groupby("post_id", sort=True):
        group = group.sort_values("position").reset_index(drop=True)
        if not (group["kind"] == "comment").any():
            continue
        doc_id = group["doc_id"].iloc[0]
        t = _Thread.from_units(group)
        quotes = t.quote_links(rules or DefenceRules.default())
        known = t.identities(quotes)
        participants = sorted({h for a in t.addressed for h in a})

        def add(j: int, i: int, cue: str, handle: str | None, how: str, ev: str,
                t: _Thread = t, doc_id: str = doc_id, post_id: str = post_id) -> None:
            rows.append({"doc_id": doc_id, "post_id": post_id, "source_id": t.ids[j],
                         "target_id": t.ids[i], "cue": cue, "handle": handle,
                         "resolution": how, "evidence": ev})

        for j, kind in enumerate(t.kinds):
            if kind != "comment":
                continue
            for i, how, ev in quotes.get(j, []):
                add(j, i, "quote", None, how, ev)
            for handle in t.addressed[j]:
                i, how = t.resolve(handle, j, known)
                add(j, i, "at_mention", handle, how, "@" + handle)
            for handle in participants:
                named = re.search(rf"(?<![@\w]){re.escape(handle)}(?!\w)", t.texts[j])
                if handle not in t.addressed[j] and handle != t.authors[j] and named:
                    i, how = t.resolve(handle, j, known)
                    add(j, i, "name_mention", handle, how, handle)
    out = pd.DataFrame(rows, columns=["doc_id", "post_id", "source_id", "target_id", "cue",
                                      "handle", "resolution", "evidence"])
    out = out[out["source_id"] != out["target_id"]]
    return out.sort_values(["doc_id", "source_id", "cue", "target_id"]).reset_index(drop=True)


def strip_thread_quotes(units: pd.DataFrame, rules: DefenceRules | None = None
                        ) -> dict[str, str]:
    """Unit texts without the passages they quote from earlier units of the same post.

    Quoted words of another comment are not the quoting writer's own claims (codebook);
    quotations of anything else (a vendor letter, a reported reply) are kept.
    """
    low, high = (rules or DefenceRules.default()).quote_chars
    out: dict[str, str] = {}
    for _, thread in units.groupby("post_id", sort=True):
        thread = thread.sort_values("position")
        seen: list[str] = []
        for r in thread.itertuples(index=False):
            text = r.text
            for a, b, inner in quoted_passages(r.text, low, high):
                nq = _norm(inner)
                if len(nq) >= low and any(nq in earlier for earlier in seen):
                    text = text.replace(r.text[a:b], " ")
            out[r.unit_id] = text
            seen.append(_norm(r.text))
    return out


_LEADING_HANDLES = re.compile(r"^\s*(?:@\S+[:,]?\s*)+")


def opens_with_question(text: str, max_sentences: int = 3,
                        rules: DefenceRules | None = None) -> bool:
    """Whether ``text`` (leading @handles aside) asks: at most ``max_sentences`` sentences,
    the first of which (after at most one greeting or thanks of ``rules.greeting_words``
    words, such as "Danke!") is a question that is not rhetorical. Rhetorical (it argues,
    it does not ask): an echo fragment of at most ``rules.echo_words`` words that no asking
    opener matches ("Pünktlich? Der Bus kam nie."), or a question in declarative order ("Du
    weißt schon, dass …?"); openers in ``stance_question_openers.csv`` (``rules``: the shipped
    :class:`DefenceRules` by default; 0 sentences turns the test off)."""
    if max_sentences <= 0:
        return False
    rules = rules or DefenceRules.default()
    parts = [p.strip() for p in split_sentences(_LEADING_HANDLES.sub("", text)) if p.strip()]
    if not parts or len(parts) > max_sentences:
        return False
    first = parts[0]
    if (not first.endswith("?") and len(parts) > 1
            and len(_WORD.findall(first)) <= rules.greeting_words):
        first = parts[1]
    if not first.endswith("?"):
        return False
    asking = rules.question_opener is not None and bool(rules.question_opener.match(first))
    if not asking and len(_WORD.findall(first)) <= rules.echo_words \
            and rules.question_opener is not None:
        return False
    return asking or rules.rhetorical_opener is None \
        or rules.rhetorical_opener.match(first) is None


def opens_with_general_tip(text: str, rules: DefenceRules | None = None) -> bool:
    """Whether ``text`` (leading @handles aside) opens as a tip for any reader ("Kleiner
    Tipp für alle: …", "Falls es jemandem hilft: …"; ``rules.tip_rows``): codebook §7.2,
    general tips that protect anyone take no side."""
    rules = rules or DefenceRules.default()
    return rules.tip_opener is not None and bool(
        rules.tip_opener.match(_LEADING_HANDLES.sub("", text or "").lstrip()))


def plain_status(d: Detection, text: str, rules: DefenceRules) -> bool:
    """Whether a note of the complainant (role ``author``) is a plain status report or
    thanks: no stance cue but the status cues (``rules.status_cues``, complainant-side
    "Update:" cues), no agreement, and nothing that still complains (a negation, a contrast,
    a question: ``rules.still_complains``). Codebook §7.2: "the complainant's own plain status
    report, thanks or follow-up question is neutral; restating the case … supports"."""
    status = sum(1 for c in d.cues if c in rules.status_cues)
    return (not d.agreement and d.raw + status == 0
            and not rules.complaint_pattern.search(text or ""))


def grants_point(text: str, rules: DefenceRules | None = None) -> bool:
    """Whether ``text`` grants another reader's point ("da hat X recht", "ist ein Argument":
    ``rules.point_rows``) and then keeps its own line with a contrast after it
    (``rules.contrast_after``): codebook §7.2, conceding a fact but keeping one's view is
    neutral."""
    rules = rules or DefenceRules.default()
    if rules.point_concession is None or not isinstance(text, str):
        return False
    m = rules.point_concession.search(text)
    return m is not None and rules.contrast_pattern.search(text, m.end()) is not None


def thread_stance(units: pd.DataFrame, replies: pd.DataFrame,
                  rules: DefenceRules | None = None) -> pd.DataFrame:
    """Stance, score and strategies for every comment unit (two passes, see module doc)."""
    rules = rules or DefenceRules.default()
    body_of = {r.post_id: r.unit_id for r in units.itertuples(index=False) if r.kind == "body"}
    priority = {"quote": 0, "at_mention": 1, "name_mention": 2}
    target_of: dict[str, str] = {}
    if len(replies):
        ranked = replies.assign(p=replies["cue"].map(priority)).sort_values(["source_id", "p"])
        first_links = ranked.drop_duplicates("source_id").set_index("source_id")
        target_of = first_links["target_id"].to_dict()
    # only comments get a row, and only a comment's reply target is looked up besides: the
    # cue rules never run on posts without comments (most of a large corpus of articles)
    is_comment = (units["kind"] == "comment").to_numpy()
    wanted = is_comment | units["unit_id"].isin(set(target_of.values())).to_numpy()
    needed = units[wanted]
    texts = strip_thread_quotes(units[units["post_id"].isin(set(needed["post_id"]))], rules)
    det = {r.unit_id: detect(texts[r.unit_id], r.role, rules)
           for r in needed.itertuples(index=False)}
    first = {u: stance_from_raw(d.raw, role) for (u, d), role
             in zip(det.items(), needed["role"], strict=True)}
    rows = []
    for r in units.itertuples(index=False):
        if r.kind != "comment":
            continue
        d = det[r.unit_id]
        raw = d.raw
        cues = list(d.cues)
        if d.agreement:
            target = target_of.get(r.unit_id, body_of.get(r.post_id))
            target_stance = ("supports_complainant" if target == body_of.get(r.post_id)
                             else first.get(target, "neutral"))
            raw += {"supports_complainant": -1, "defends_vendor": 1}.get(target_stance, 0)
            cues.append(f"agree_with:{target_stance}")
        cued = raw != 0
        if r.role == "author" and plain_status(d, texts[r.unit_id], rules):
            rows.append({"unit_id": r.unit_id, "doc_id": r.doc_id, "post_id": r.post_id,
                         "position": int(r.position), "role": r.role, "stance": "neutral",
                         "score": 0.0, "strategies": ";".join(d.strategies),
                         "cues": [*cues, "plain_status"], "raw": 0, "cued": True})
            continue
        if r.role == "author" and rules.author_reply:
            raw -= rules.author_reply
            cues.append("author_reply")
        rows.append({"unit_id": r.unit_id, "doc_id": r.doc_id, "post_id": r.post_id,
                     "position": int(r.position), "role": r.role,
                     "stance": stance_from_raw(raw, r.role),
                     "score": round(math.tanh(raw / 2), 3),
                     "strategies": ";".join(d.strategies), "cues": cues,
                     "raw": raw, "cued": cued})
    if rules.fallback is not None:
        # no stance cue: a short unit that opens with an asking question is neutral (codebook
        # §5, §7.2: also the complainant's own follow-up question, so before the author
        # lean), else the classifier decides a commenter's unit (issue 15); the score stays
        # the cue score
        open_rows = [row for row in rows if not row["cued"] and row["role"] != "vendor"]
        asks = [opens_with_question(texts[row["unit_id"]], rules.question_sentences, rules)
                for row in open_rows]
        for row in (row for row, a in zip(open_rows, asks, strict=True) if a):
            row["stance"] = "neutral"
            row["cues"].append("question")
        tips = [not a and opens_with_general_tip(texts[row["unit_id"]], rules)
                for row, a in zip(open_rows, asks, strict=True)]
        for row in (row for row, t in zip(open_rows, tips, strict=True) if t):
            row["stance"] = "neutral"
            row["cues"].append("general_tip")
        asks = [a or t for a, t in zip(asks, tips, strict=True)]
        points = [not a and row["role"] != "author" and grants_point(texts[row["unit_id"]], rules)
                  for row, a in zip(open_rows, asks, strict=True)]
        for row in (row for row, g in zip(open_rows, points, strict=True) if g):
            row["stance"] = "neutral"
            row["cues"].append("granted_point")
        asks = [a or g for a, g in zip(asks, points, strict=True)]
        # a model that reads the structure decides the complainant's cue-less units too
        # (codebook §7.2: their plain status, thanks or follow-up is neutral; restating the
        # case supports), else the author lean stands
        own = rules.fallback.structure
        model_rows = [row for row, a in zip(open_rows, asks, strict=True)
                      if not a and (row["raw"] == 0 or (own and row["role"] == "author"))]
        for row, label in zip(model_rows, rules.fallback.predict(
                [texts[row["unit_id"]] for row in model_rows],
                [row["role"] for row in model_rows]), strict=True):
            row["stance"] = label
            row["cues"].append("model")
        if rules.model_override is not None:
            # an agreement takes the stance of the unit it answers: the text alone does not
            # show it, so the model does not override it
            weak = [row for row in rows if row["cued"] and row["role"] == "commenter"
                    and abs(row["raw"]) == 1
                    and not any(c.startswith("agree_with:") for c in row["cues"])]
            for row, label in zip(weak, rules.fallback.claimed(
                    [texts[row["unit_id"]] for row in weak], [row["role"] for row in weak],
                    rules.model_override), strict=True):
                if label is not None and label != row["stance"]:
                    row["stance"] = label
                    row["cues"].append("model_override")
    for row in rows:
        row["cues"] = ";".join(row["cues"])
        del row["cued"]
    return pd.DataFrame(rows, columns=["unit_id", "doc_id", "post_id", "position", "role",
                                       "stance", "score", "strategies", "cues", "raw"])


_PSEUDONYM_TOKEN = re.compile(r"\bPerson_[0-9a-f]{6,}\b")
# the review platforms' header over the business' own answer ("Antwort vom Inhaber")
_OWNER_REPLY = re.compile(r"(?i)^\s*Antwort\s+(?:von|vom|des|der)\s+(?:Inhaber\w*|Unternehmen"
                          r"|Händler\w*|Anbieter\w*|Betreiber\w*|Geschäftsinhaber\w*)\b")


def _author_keys(author: object) -> set[str]:
    """The pseudonyms in an author line ("Person_… · Themenstarter" → {"Person_…"})."""
    return set(_PSEUDONYM_TOKEN.findall(author)) if isinstance(author, str) else set()


def _company_key(author: object) -> str:
    """An author line as a company name: "Zalando · zalando.de" → "zalando",
    "@Lieferando.de" → "lieferando", "Sky Hilfe •" → "sky hilfe"."""
    if not isinstance(author, str):
        return ""
    name = re.split(r"\s+[·|•]\s+|\s+•$", author.strip())[0].strip().lstrip("@")
    return re.sub(r"\.(?:de|com|at|ch|eu|net)$", "", name).lower()


def _company_branch(key: str, rules: DefenceRules) -> bool:
    """Whether an author line (as :func:`_company_key`) is a company's branch or region: the
    company's name, then a place or a region ("mediamarkt köln-marsdorf", "db regio
    baden-württemberg"). Why: a store's or a region's account answers under the company's
    name with its site after it; the first one or two words are the company."""
    words = key.split()
    return len(words) > 1 and any(" ".join(words[:n]) in rules.vendor_names
                                  for n in (2, 1) if n < len(words))


def _care_team(key: str, rules: DefenceRules) -> bool:
    """Whether an author line (as :func:`_company_key`) is a company's care team: a company
    name of the gazetteer, then one care-team word ("sky deutschland hilfe")."""
    m = re.fullmatch(rf"(.+?)[\s_-]+(?:{rules.care_words})", key, re.IGNORECASE)
    return bool(m) and m.group(1) in rules.company_names


def speaks_as_care_team(text: str, rules: DefenceRules | None = None) -> bool:
    """Whether ``text`` is in a care team's voice: an apology or thanks to the reader *and* a
    service step in the company's first person (``rules.care_voice_rows``): "Das tut uns
    leid. Schick uns bitte deine Auftragsnummer." Either alone is what commenters write too."""
    rules = rules or DefenceRules.default()
    if rules.care_apology is None or rules.care_service is None or not isinstance(text, str):
        return False
    return bool(rules.care_apology.search(text)) and bool(rules.care_service.search(text))


def segment_units(corpus: Corpus, rules: DefenceRules | None = None) -> pd.DataFrame:
    """The corpus segments in the unit shape used by :func:`find_replies`.

    Three readings of the corpus layer for stance (codebook §5, §7: every unit that is not a
    body gets a stance, ``vendor`` by role): a reader quoted in an article (kind
    ``quoted_reader``) is a unit with a stance like a comment; a comment posted under a
    company's name (``rules.vendor_names``) or under a review platform's owner-answer header
    ("Antwort vom Inhaber"), or written in a care team's voice (:func:`speaks_as_care_team`),
    is the vendor's; else a comment whose author line carries the
    pseudonym of its post's author is the complainant answering in their own thread.
    """
    rules = rules or DefenceRules.default()
    seg = corpus.segments
    units = seg.rename(columns={"segment_id": "unit_id"})[
        ["unit_id", "doc_id", "post_id", "position", "kind", "role", "addressees", "text",
         "author", "start", "end"]].copy()
    units["kind"] = units["kind"].replace({"quoted_reader": "comment"})
    body_keys: dict[str, set[str]] = {}
    for r in units[units["kind"] == "body"].itertuples(index=False):
        body_keys.setdefault(r.post_id, set()).update(_author_keys(r.author))
    roles = []
    for r in units.itertuples(index=False):
        role = r.role
        if r.kind == "comment" and role != "vendor" and (
                _company_key(r.author) in rules.vendor_names
                or _care_team(_company_key(r.author), rules)
                or _company_branch(_company_key(r.author), rules)
                or (isinstance(r.author, str) and _OWNER_REPLY.match(r.author))
                or speaks_as_care_team(r.text, rules)):
            role = "vendor"
        elif r.kind == "comment" and role == "commenter" and (
                _author_keys(r.author) & body_keys.get(r.post_id, set())):
            role = "author"
        roles.append(role)
    units["role"] = roles
    return units


def build_tables(corpus: Corpus, rules: DefenceRules | None = None
                 ) -> dict[str, pd.DataFrame]:
    """``{"stance": …, "replies": …}`` for every comment segment of ``corpus`` (``rules``:
    the shipped :class:`DefenceRules` by default)."""
    units = segment_units(corpus, rules)
    replies = find_replies(units, rules)
    stance = thread_stance(units, replies, rules).rename(columns={"unit_id": "segment_id"})
    stance = stance[STANCE_COLUMNS].sort_values("segment_id").reset_index(drop=True)
    replies = replies.rename(columns={"source_id": "source_segment_id",
                                      "target_id": "target_segment_id"})[REPLY_COLUMNS]
    return {"stance": stance, "replies": replies.reset_index(drop=True)}


def sentence_strategies(corpus: Corpus, kind: str = "body",
                        rules: DefenceRules | None = None) -> pd.DataFrame:
    """Cue rules per sentence of ``kind`` segments (narrated threads such as 004)."""
    seg_kind = corpus.segments.set_index("segment_id")["kind"]
    sents = corpus.sentences[corpus.sentences["segment_id"].map(seg_kind) == kind]
    rows = []
    for s in sents.itertuples(index=False):
        d = detect(s.text, rules=rules)
        rows.append({"sentence_id": s.sentence_id, "doc_id": s.doc_id,
                     "stance": stance_from_raw(d.raw), "strategies": ";".join(d.strategies),
                     "text": s.text})
    return pd.DataFrame(rows, columns=["sentence_id", "doc_id", "stance", "strategies", "text"])


# --------------------------------------------------------------------------- gold and validation

def gold_units(corpus: Corpus, gold: pd.DataFrame) -> pd.DataFrame:
    """Comment units as the gold file cuts them (independent of the segmenter).

    A unit starts at the line that holds its quote (a bare "@handle" line just above
    belongs to it) and ends where the next gold comment starts or its post ends. The post
    body is added as a unit so that replies to the post can be resolved. ``role`` is
    ``vendor`` where the gold stance is ``vendor`` (the codebook decides that by role).
    """
    from servicelab.annotations import find_quote, pseudonym_map

    comments = gold[gold["unit"] == "comment"]
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows = []
    for doc_id, g in comments.groupby("doc_id", sort=True):
        if doc_id not in texts:
            raise CorpusInputError("defence_gold.csv", f"row {g.index[0] + 2}: doc_id "
                                   f"{doc_id!r} is not in the corpus")
        text = texts[doc_id]
        mapping = pseudonym_map(corpus, doc_id)
        starts = []
        for r in g.itertuples():
            span = find_quote(text, r.quote, mapping)
            if span is None:
                raise CorpusInputError("defence_gold.csv", f"row {r.Index + 2}: quote not "
                                       f"found in {doc_id}: {r.quote!r}")
            start = text.rfind("\n", 0, span[0]) + 1
            prev = text.rfind("\n", 0, max(start - 1, 0)) + 1
            if start > 0 and _BARE_HANDLE.match(text[prev:start - 1]):
                start = prev
            starts.append((start, r))
        starts.sort(key=lambda t: t[0])
        posts = corpus.posts[corpus.posts["doc_id"] == doc_id]
        for k, (start, r) in enumerate(starts):
            post = posts[(posts["start"] <= start) & (posts["end"] > start)].iloc[0]
            end = starts[k + 1][0] if k + 1 < len(starts) else int(post["end"])
            end = min(end, int(post["end"]))
            body = text[start:end].strip()
            rows.append({"unit_id": f"{doc_id}:c{int(r.comment):02d}", "doc_id": doc_id,
                         "post_id": post["post_id"], "position": int(r.comment),
                         "kind": "comment",
                         "role": "vendor" if r.stance == "vendor" else "commenter",
                         "addressees": extract_addressees(body), "text": body,
                         "start": start, "end": end, "quote": r.quote})
        bodies = corpus.segments[(corpus.segments["doc_id"] == doc_id)
                                 & (corpus.segments["kind"] == "body")]
        for b in bodies.itertuples(index=False):
            rows.append({"unit_id": b.segment_id, "doc_id": doc_id, "post_id": b.post_id,
                         "position": 0, "kind": "body", "role": b.role, "addressees": [],
                         "text": b.text, "start": b.start, "end": b.end, "quote": "post"})
    return pd.DataFrame(rows).sort_values(["doc_id", "post_id", "position"]).reset_index(drop=True)


def split_labels(values: Iterable[str]) -> list[set[str]]:
    """';'-joined strategy strings → sets (empty string → empty set)."""
    return [set(filter(None, str(v).split(";"))) if isinstance(v, str) else set() for v in values]


def strategy_scores(gold: Iterable[str], pred: Iterable[str]) -> pd.DataFrame:
    """Per-strategy support, TP, FP, FN, precision, recall and F1 (multi-label sets)."""
    g, p = split_labels(gold), split_labels(pred)
    rows = []
    for s in STRATEGIES:
        r = prf(sum(s in a and s in b for a, b in zip(g, p, strict=True)),
                sum(s not in a and s in b for a, b in zip(g, p, strict=True)),
                sum(s in a and s not in b for a, b in zip(g, p, strict=True)))
        rows.append({"strategy": s, "side": "defence" if s in DEFENCE_STRATEGIES else
                     "complainant", "gold": r.tp + r.fn, "predicted": r.tp + r.fp, "tp": r.tp,
                     "precision": r.precision, "recall": r.recall, "f1": r.f1})
    return pd.DataFrame(rows).round(3)


def stance_agreement(gold: Iterable[str], pred: Iterable[str]) -> dict[str, float]:
    """Accuracy, macro-F1 (over the labels present in gold or prediction) and Cohen's kappa."""
    from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

    g, p = list(gold), list(pred)
    labels = sorted(set(g) | set(p))
    return {"n": len(g), "accuracy": round(accuracy_score(g, p), 3),
            "macro_f1": round(f1_score(g, p, labels=labels, average="macro",
                                       zero_division=0), 3),
            "kappa": round(cohen_kappa_score(g, p), 3)}


def cue_features(texts: Iterable[str], rules: DefenceRules | None = None) -> pd.DataFrame:
    """Cue-rule features for a classifier: one 0/1 column per strategy plus counts."""
    rows = []
    for t in texts:
        d = detect(t, rules=rules)
        row = {f"s_{s}": int(s in d.strategies) for s in STRATEGIES}
        row.update({"agreement": int(d.agreement), "raw": d.raw, "markers": d.markers})
        rows.append(row)
    return pd.DataFrame(rows)


def cross_validate_stance(texts: list[str], labels: list[str], seed: int = 42,
                          rules: DefenceRules | None = None) -> pd.DataFrame:
    """Leave-one-out predictions of four stance methods on the gold units.

    Methods: majority class; the cue rules (no training); one-vs-rest logistic regression
    (liblinear, balanced class weights) on character 3–5-grams (TF-IDF), and on the cue
    features. Returns one row per unit
    with the gold label and each method's prediction. With a few dozen labelled units this
    is an illustration of the procedure, not an estimate to rely on.
    """
    from sklearn.dummy import DummyClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import LeaveOneOut, cross_val_predict
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline

    x_text = np.array(texts, dtype=object)
    y = np.array(labels)
    feats = cue_features(texts, rules).to_numpy(dtype=float)
    loo = LeaveOneOut()
    char = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
        OneVsRestClassifier(LogisticRegression(class_weight="balanced", solver="liblinear",
                                               random_state=seed)))
    cue_lr = OneVsRestClassifier(LogisticRegression(class_weight="balanced",
                                                    solver="liblinear", random_state=seed))
    out = pd.DataFrame({"text": texts, "gold": labels})
    out["majority"] = cross_val_predict(DummyClassifier(strategy="most_frequent"),
                                        feats, y, cv=loo)
    out["cue_rules"] = [stance_from_raw(detect(t, rules=rules).raw) for t in texts]
    out["char_ngram_lr"] = cross_val_predict(char, x_text, y, cv=loo)
    out["cue_feature_lr"] = cross_val_predict(cue_lr, feats, y, cv=loo)
    return out


# --------------------------------------------------------------------------- external data

_MP_ROWS = {"PersonalStories": "Personal stories", "ArgumentsUsed": "Arguments used"}


def published_baselines(readme: str | Path) -> pd.DataFrame:
    """F1 of the corpus authors' methods for PersonalStories/ArgumentsUsed, parsed from the
    One Million Posts README table (so that no number is typed by hand)."""
    lines = Path(readme).read_text(encoding="utf-8").splitlines()
    header = next(ln for ln in lines if ln.startswith("| category | BOW"))
    methods = [c.strip() for c in header.strip("|").split("|")][1:]
    rows = []
    for category, label in _MP_ROWS.items():
        line = next(ln for ln in lines if ln.startswith(f"| {label} |"))
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")][1:]
        for method, value in zip(methods, cells, strict=True):
            rows.append({"category": category, "method": method, "f1": float(value)})
    return pd.DataFrame(rows)


def external_validation(mp: pd.DataFrame, rules: DefenceRules | None = None) -> pd.DataFrame:
    """Precision/recall/F1 of the cue detectors against One Million Posts labels.

    ``mp`` is :func:`servicelab.external.load_million_posts` (columns ``text``,
    ``PersonalStories``, ``ArgumentsUsed``). Detectors: for PersonalStories the two
    experience strategies, and the wider first-person-experience flag; for ArgumentsUsed the
    argument strategies, German argument connectives, and both together.
    """
    need = mp[mp["PersonalStories"].notna() | mp["ArgumentsUsed"].notna()]
    dets = [detect(t, rules=rules) for t in need["text"].fillna("")]
    flags = pd.DataFrame({
        "experience_strategies": [any(s in EXPERIENCE_STRATEGIES for s in d.strategies)
                                  for d in dets],
        "experience_frames": [d.personal for d in dets],
        "argument_strategies": [d.argumentative for d in dets],
        "argument_markers": [d.markers > 0 for d in dets],
    }, index=need.index)
    flags["strategies_or_markers"] = flags["argument_strategies"] | flags["argument_markers"]
    tasks = {"PersonalStories": ["experience_strategies", "experience_frames"],
             "ArgumentsUsed": ["argument_strategies", "argument_markers",
                               "strategies_or_markers"]}
    rows = []
    for category, detectors in tasks.items():
        labelled = need[category].notna()
        y = need.loc[labelled, category].astype(int).to_numpy()
        for name in detectors:
            p = flags.loc[labelled, name].to_numpy()
            tp = int((p & (y == 1)).sum())
            r = prf(tp, int(p.sum()) - tp, int((y == 1).sum()) - tp)
            rows.append({"category": category, "detector": name, "posts": int(len(y)),
                         "positives": int(y.sum()), "flagged": int(p.sum()), "tp": tp,
                         "precision": r.precision, "recall": r.recall, "f1": r.f1})
    return pd.DataFrame(rows).round(3)


def gold_reply_links(units: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The gold ``reply_to`` column as links between :func:`gold_units` ids."""
    by_quote = units.set_index(["doc_id", "quote"])["unit_id"].to_dict()
    rows = []
    for r in gold[(gold["unit"] == "comment") & (gold["reply_to"] != "")].itertuples(index=False):
        rows.append({"source_id": by_quote[(r.doc_id, r.quote)],
                     "target_id": by_quote[(r.doc_id, r.reply_to)], "cue": r.reply_cue})
    return pd.DataFrame(rows, columns=["source_id", "target_id", "cue"])


def reply_agreement(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """How many gold links with a visible cue are found, and how many found links are gold.

    ``predicted`` and ``gold`` have ``source_id``, ``target_id`` (and gold a ``cue``);
    ``implicit`` gold links are outside the detector's reach and only counted.
    """
    pred_pairs = set(zip(predicted["source_id"], predicted["target_id"], strict=True))
    gold_pairs = set(zip(gold["source_id"], gold["target_id"], strict=True))
    visible = gold[gold["cue"] != "implicit"]
    found = sum((s, t) in pred_pairs for s, t in zip(visible["source_id"], visible["target_id"],
                                                     strict=True))
    correct = len(pred_pairs & gold_pairs)
    recall = prf(found, 0, len(visible) - found).recall  # servicelab.metrics: nan when empty
    precision = prf(correct, len(pred_pairs) - correct, 0).precision
    return {"gold_links": len(gold), "gold_visible": len(visible), "found": found,
            "recall_visible": round(recall, 3), "predicted_pairs": len(pred_pairs),
            "correct_pairs": correct, "precision": round(precision, 3)}
