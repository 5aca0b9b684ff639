"""Actor mentions: companies, their handles and shops, generic actors, the customer.

A :class:`Gazetteer` (the shipped ``data/gazetteer.csv``, merged with a user's file by
``Gazetteer.load(extra="my.csv")`` and passed to :func:`find_mentions`; columns ``surface``,
``entity``, ``entity_type``, ``match``, ``case``, ``source``) maps surface forms to a
canonical ``entity`` and an ``entity_type`` (retailer, telecom, platform, supplier,
manufacturer, staff, customer, other, and the sector types below, so that a rail operator or
a bank is not filed as ``other``):

* ``transport``: passenger transport: rail, urban transit and transit associations, buses,
  airlines, airports, car rental and sharing (Deutsche Bahn, BVG, Flixbus, Lufthansa).
* ``logistics``: parcel and post carriers (Deutsche Post, DHL, Hermes, DPD).
* ``bank``: banks, savings banks, card issuers, credit bureaus (Sparkasse, ING, Schufa).
* ``insurer``: insurers and statutory health insurance funds (HUK-Coburg, Allianz, AOK).
* ``energy``: electricity, gas and heat suppliers and grid operators (E.ON, Vattenfall).
* ``travel``: tour operators and travel agencies, online ones included (TUI, Expedia).
* ``media``: pay TV, streaming, broadcasters and publishers selling subscriptions (Sky, Burda).
* ``public_body``: authorities and publicly funded bodies customers deal with (Jobcenter,
  Finanzamt, Beitragsservice, Bundesnetzagentur, Verbraucherzentrale).
* ``union``: trade unions customers blame for strikes (GDL, EVG, ver.di).

* ``match=name``: a company or brand. Case-insensitive unless ``case=s`` ("CP", "O2");
  possessive and derived endings ("Cyberports", "Telekoms", "Redcoonisten", "Cyberblocer"),
  the first part of a hyphenated compound ("Cyberport-Hölle") and a leading ``@``/``#``.
* ``match=handle``: a social-media handle, with or without ``@`` ("@Telekom_hilft").
* ``match=noun``: a generic actor noun, inflected ("Lieferanten", "Kundin") and as the head
  of a compound ("Kundenhotlines", "Hotline-Agenten", "Geschäftskunde"); the token must start
  with a capital letter (German nouns), multi-word entries may carry an inflected adjective
  ("technischen Service"). A hyphenated compound whose first part is a company
  ("Telekom-Mitarbeiter") records that company in ``organisation``.

Texts the gazetteer has never seen are covered by two rules: a ``@Name`` handle that is no
pseudonym and no given name, and "bei <Name>" where <Name> is not a known German common word
(the word list of the TIGER-based lexicon shipped with textblob-de, read as data), are
reported as ``entity_type="other"`` with ``source="unknown_org"``.

Pronouns are mapped by the voice of the sentence (``speaker_role``): in an author's own words
"ich/wir" are the complainant (``Kunde``); in a vendor's words "wir/uns/unser" are the vendor
(``Anbieter``) and formal "Sie/Ihnen/Ihr" the customer; in an author's words formal "Sie" is the
addressed vendor.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources, util
from pathlib import Path

import ahocorasick
import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.handles import FREE_HANDLE, NOT_A_HANDLE
from servicelab.rulefiles import read_rule_csv

SECTOR_TYPES = ("transport", "logistics", "bank", "insurer", "energy", "travel", "media",
                "public_body", "union")
ENTITY_TYPES = ("retailer", "telecom", "platform", "supplier", "manufacturer", *SECTOR_TYPES,
                "staff", "customer", "other")
FIRM_TYPES = frozenset({"retailer", "telecom", "platform", "supplier", "manufacturer",
                        *SECTOR_TYPES, "staff", "other"})
MENTION_COLUMNS = ["doc_id", "sentence_id", "start", "end", "surface", "entity", "entity_type",
                   "organisation", "source"]

_NAME_ENDINGS = r"(?:'s|’s|'|’|isten|istinnen|ianer|ler|er|s)?"
_NOUN_ENDINGS = r"(?:innen|in|ern|en|er|es|e|n|s)?"
_ADJ_ENDINGS = r"(?:e|er|en|em|es)"
_LETTER = "A-Za-zÄÖÜäöüß"
_UPPER = "A-ZÄÖÜ"
MIN_HEAD_FOR_CLOSED_COMPOUND = 5
_KIND_RANK = {"handle": 0, "name": 1, "noun": 2, "unknown_org": 3, "pronoun": 4}


@dataclass(frozen=True)
class Mention:
    """One actor mention: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    entity: str
    entity_type: str
    source: str
    organisation: str | None = None


@dataclass(frozen=True)
class _Entry:
    surface: str
    entity: str
    entity_type: str
    match: str
    pattern: re.Pattern[str]
    needle: str  # lower-cased substring every match contains (a cheap pre-filter)


def _needle(surface: str, match: str) -> str:
    if match == "noun":
        return _stem(surface.split(" ")[-1].lower())[:5]
    return re.split(r"[ -]", surface.lower())[0]


def _name_regex(surface: str, case_sensitive: bool, handle: bool) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.split(r"[ -]", surface)]
    body = r"[ -]?".join(parts) if len(parts) > 1 else parts[0]
    lead = r"(?:(?<=[@#])|(?<![\w@#.-]))" if not handle else r"(?<![\w])@?"
    tail = r"(?![\w])" if handle else _NAME_ENDINGS + r"(?![\w])"
    return re.compile(lead + body + tail, 0 if case_sensitive else re.IGNORECASE)


def _noun_regex(surface: str) -> re.Pattern[str]:
    words = surface.split(" ")
    pieces = []
    for w in words[:-1]:
        if w[0].islower() and w.endswith("er"):
            pieces.append(re.escape(w[0]) + "(?i:" + re.escape(w[1:-2]) + ")" + _ADJ_ENDINGS)
        else:
            pieces.append("(?i:" + re.escape(w) + ")")
    head = words[-1]
    if len(words) > 1:
        head_re = "(?i:" + re.escape(head) + ")" + _NOUN_ENDINGS
        return re.compile(r"(?<![\w-])" + r"[ -]".join([*pieces, head_re]) + r"(?![\w])")
    # "Kunde" → "Kundin": a final -e gives way to the feminine -in/-innen
    stem, endings = ((head[:-1], r"(?:innen|in|en|er|es|e|n)?") if head.endswith("e")
                     else (head, _NOUN_ENDINGS))
    hyphened = rf"[{_LETTER}0-9&]+(?:-[{_LETTER}0-9&]+)*-(?i:{re.escape(stem)})"
    plain = re.escape(stem[0]) + "(?i:" + re.escape(stem[1:]) + ")"
    alternatives = [hyphened, plain]
    if len(head) >= MIN_HEAD_FOR_CLOSED_COMPOUND:
        alternatives.insert(1, rf"[{_UPPER}][{_LETTER}]+(?i:{re.escape(stem)})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + ")" + endings
                      + r"(?![\w])")


GAZETTEER_COLUMNS = ("surface", "entity", "entity_type", "match", "case", "source")
MATCH_KINDS = ("name", "handle", "noun")
_CASES = ("i", "s")


def _entry(row: dict[str, str]) -> _Entry:
    if row["match"] == "noun":
        pattern = _noun_regex(row["surface"])
    else:
        pattern = _name_regex(row["surface"], row["case"] == "s", row["match"] == "handle")
    return _Entry(row["surface"], row["entity"], row["entity_type"], row["match"], pattern,
                  _needle(row["surface"], row["match"]))


def _read_gazetteer_rows(path: str | Path, seen: set[tuple[str, str]] | None = None
                         ) -> list[dict[str, str]]:
    """Validated rows of a gazetteer CSV; a bad row is one :class:`CorpusInputError` line.

    ``seen`` holds the (lower-cased surface, match) pairs of the files loaded before (and is
    updated): a user's file may add surfaces, not silently repeat or override shipped ones.
    """
    name = Path(path).name
    rows = read_rule_csv(path, GAZETTEER_COLUMNS, "gazetteer")
    earlier = set() if seen is None else set(seen)
    here: set[tuple[str, str]] = set()
    out = []
    for i, row in enumerate(rows, start=2):
        row = {c: (row.get(c) or "").strip() for c in GAZETTEER_COLUMNS}
        problem = None
        if not row["surface"] or not row["entity"]:
            problem = "surface and entity must not be empty"
        elif row["entity_type"] not in ENTITY_TYPES:
            problem = (f"unknown entity_type {row['entity_type']!r} (one of "
                       f"{', '.join(ENTITY_TYPES)})")
        elif row["match"] not in MATCH_KINDS:
            problem = f"unknown match {row['match']!r} (one of {', '.join(MATCH_KINDS)})"
        elif row["case"] not in _CASES:
            problem = f"case must be i (ignore case) or s (case-sensitive), not {row['case']!r}"
        elif not row["source"]:
            problem = "source is empty (say where the entry comes from)"
        elif ((row["surface"].lower(), row["match"]) in earlier
              or (row["surface"], row["match"]) in here):
            problem = f"surface {row['surface']!r} is already in the gazetteer"
        if problem:
            raise CorpusInputError(name, f"row {i}: {problem}")
        here.add((row["surface"], row["match"]))
        out.append(row)
    if seen is not None:
        seen.update((s.lower(), m) for s, m in here)
    return out


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """The actor gazetteer and the word lists that keep unknown names apart from words.

    Passed to the matcher instead of read at import, so that a user's vendors can be added
    (:meth:`load` with ``extra``) and two gazetteers compared in one session.
    """

    rows: tuple[dict[str, str], ...] = field(repr=False)
    given_names: frozenset[str] = field(repr=False)
    common_words: frozenset[str] = field(repr=False)
    not_a_handle: frozenset[str] = NOT_A_HANDLE
    entries: tuple[_Entry, ...] = field(init=False, repr=False)
    known_names: frozenset[str] = field(init=False, repr=False)
    _memo: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        entries = tuple(_entry(r) for r in self.rows)
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "known_names", frozenset(
            e.surface.lower() for e in entries if e.match != "noun"))

    def __getstate__(self) -> dict:
        """Pickle (for Dask workers) without the per-text memo."""
        return {**self.__dict__, "_memo": {}}

    def entries_in(self, low: str) -> list[_Entry]:
        """The entries whose pre-filter needle occurs in the lower-cased text, in file order.

        Why an automaton: with hundreds of organisations, testing each needle with ``in``
        costs more than the matching itself; one Aho-Corasick pass finds every needle that
        occurs (overlaps included), so exactly the same entries are tried, only faster.
        """
        found = self._memo.get("needles")
        if found is None:
            found = self._memo.setdefault("needles", _needle_automaton(self.entries))
        automaton, always = found
        hits: set[int] = set(always)
        if len(automaton):
            for _, indices in automaton.iter(low):
                hits.update(indices)
        return [self.entries[i] for i in sorted(hits)]

    @classmethod
    def load(cls, path: str | Path | None = None,
             extra: str | Path | Iterable[str | Path] | None = None) -> Gazetteer:
        """The shipped gazetteer (or ``path``), merged with the user's ``extra`` CSV file(s).

        ``extra`` files have the shipped columns (surface, entity, entity_type, match, case,
        source); a bad row, or a surface the gazetteer already has, raises
        :class:`~servicelab.errors.CorpusInputError` naming the file and row.
        """
        base = path if path is not None else resources.files("servicelab.data").joinpath(
            "gazetteer.csv")
        seen: set[tuple[str, str]] = set()
        rows = _read_gazetteer_rows(str(base), seen)
        extras = [] if extra is None else ([extra] if isinstance(extra, (str, Path))
                                           else list(extra))
        for e in extras:
            rows += _read_gazetteer_rows(e, seen)
        return cls(tuple(rows), load_given_names(), load_common_words())

    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped gazetteer (loaded once; it is immutable)."""
        return _default_gazetteer()

    def table(self) -> pd.DataFrame:
        """The entries as a table (for display and documentation)."""
        return pd.DataFrame(list(self.rows), columns=list(GAZETTEER_COLUMNS))


def _needle_automaton(entries: tuple[_Entry, ...]) -> tuple[ahocorasick.Automaton,
                                                             tuple[int, ...]]:
    """An automaton over the entries' needles (value: the entry indices) and the entries
    with an empty needle (always tried)."""
    by_needle: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        by_needle.setdefault(e.needle, []).append(i)
    automaton = ahocorasick.Automaton()
    for needle, indices in by_needle.items():
        if needle:
            automaton.add_word(needle, tuple(indices))
    if len(automaton):
        automaton.make_automaton()
    return automaton, tuple(by_needle.get("", ()))


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.load()


def gazetteer_table(gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """The gazetteer as a table (for display and documentation)."""
    return (gazetteer or Gazetteer.default()).table()


def load_given_names() -> frozenset[str]:
    """Lower-cased given names (``data/given_names.csv``): an ``@Name`` that is a person."""
    path = resources.files("servicelab.data").joinpath("given_names.csv")
    with path.open(encoding="utf-8") as fh:
        return frozenset(r["name"].lower() for r in csv.DictReader(fh))


def _textblob_de_dir() -> Path | None:
    spec = util.find_spec("textblob_de")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def load_common_words() -> frozenset[str]:
    """Lower-cased German words that are not proper names (TIGER-style lexicon of textblob-de).

    Words tagged ``NE`` (proper noun) are left out. Empty if textblob-de is not installed, in
    which case the "bei <Name>" rule only accepts name-like tokens (digits, inner capitals).
    """
    base = _textblob_de_dir()
    path = base / "ext" / "_pattern" / "text" / "de" / "de-lexicon.txt" if base else None
    if path is None or not path.exists():
        return frozenset()
    words = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and not line.startswith(";") and parts[1] != "NE":
                words.add(parts[0].lower())
    return frozenset(words)


def common_words() -> frozenset[str]:
    """The common words of the shipped gazetteer (see :func:`load_common_words`)."""
    return Gazetteer.default().common_words


_FUNCTION_WORDS = frozenset({
    "ihnen", "ihrem", "ihrer", "ihren", "ihr", "euch", "uns", "mir", "dir", "denen", "wem",
    "allen", "jedem", "jeder", "allem", "diesem", "dieser", "einem", "einer", "beiden",
})


_INFLECTION = re.compile(r"(?:en|n|e|s|es|er|ern)$")


def looks_like_common_word(token: str, gazetteer: Gazetteer | None = None) -> bool:
    """True if ``token`` is a known German common word or a compound ending in one.

    Hyphenated words are judged by their last part (the head of a German compound); an
    inflectional ending is stripped when the inflected form is not listed.
    """
    low = token.lower().strip(".,;:!?")
    words = (gazetteer or Gazetteer.default()).common_words
    if low in _FUNCTION_WORDS:
        return True
    low = low.rsplit("-", 1)[-1]
    for form in dict.fromkeys([low, _INFLECTION.sub("", low)]):
        if len(form) < 2:
            continue
        if form in words:
            return True
        for i in range(3, len(form) - 3):
            if form[i:] in words and len(form) - i >= 4:
                return True
    return False


def _name_like(token: str) -> bool:
    return bool(re.search(r"\d|[a-zäöüß][A-ZÄÖÜ]|&", token))


_BEI_NAME = re.compile(
    rf"\b[Bb]ei(?:m| der| dem| den)? (?P<name>[{_UPPER}0-9][\w&.-]*[\w&]"
    rf"(?: (?:[{_UPPER}][\w&-]*[\w&]|GmbH|AG|SE|KG|Inc\.?|Ltd\.?))?)"
)
_DOMAIN = re.compile(r"\.(?:de|com|net|org|at|ch|eu)$")
_PSEUDONYM = re.compile(r"^(?:Person|Adresse|Telefon|Email|E-Mail)_")


def _unknown_orgs(text: str, gaz: Gazetteer) -> list[Mention]:
    out = []
    known, words = gaz.known_names, gaz.common_words
    for m in FREE_HANDLE.finditer(text):
        name = m.group(1)
        low = name.lower()
        if (len(name) < 2 or low in known or low in gaz.not_a_handle
                or low in gaz.given_names or _PSEUDONYM.match(name)):
            continue
        out.append(Mention(m.start(), m.end(), m.group(0), name, "other", "unknown_org"))
    for m in _BEI_NAME.finditer(text):
        name = m.group("name")
        first = name.split(" ")[0]
        if (_PSEUDONYM.match(first) or len(re.findall(rf"[{_LETTER}]", first)) < 2
                or any(_DOMAIN.sub("", part.lower()) in known for part in first.split("-"))):
            continue
        second = name.split(" ")[1] if " " in name else ""
        named_after = bool(second) and not looks_like_common_word(second, gaz)
        if not _name_like(first) and looks_like_common_word(first, gaz) and not named_after:
            continue
        if not _name_like(first) and not words:
            continue
        if second in ("GmbH", "AG", "SE", "KG") or not second:
            surface = name
        else:
            surface = first if second.lower() in words else name
        start = m.start("name")
        out.append(Mention(start, start + len(surface), surface, surface, "other",
                           "unknown_org"))
    return out


_PRONOUNS = {
    "author": (re.compile(r"\b(?:[Ii]ch|[Mm]ich|[Mm]ir|[Ww]ir|[Uu]ns)\b"), "Kunde", "customer"),
    "vendor": (re.compile(r"\b(?:[Ww]ir|[Uu]ns|[Uu]nser(?:e|en|em|er|es)?)\b"), "Anbieter",
               "other"),
}
_FORMAL_YOU = re.compile(r"(?<![.!?:\"„] )(?<!^)\b(?:Sie|Ihnen)\b")


def _pronouns(text: str, speaker_role: str | None) -> list[Mention]:
    out = []
    if speaker_role in _PRONOUNS:
        rx, entity, etype = _PRONOUNS[speaker_role]
        out += [Mention(m.start(), m.end(), m.group(0), entity, etype, "pronoun")
                for m in rx.finditer(text)]
    if speaker_role == "vendor":
        out += [Mention(m.start(), m.end(), m.group(0), "Kunde", "customer", "pronoun")
                for m in _FORMAL_YOU.finditer(text)]
    elif speaker_role == "author":
        out += [Mention(m.start(), m.end(), m.group(0), "Anbieter", "other", "pronoun")
                for m in _FORMAL_YOU.finditer(text)]
    return out


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("e") else word


def _gazetteer_candidates(text: str, gaz: Gazetteer) -> list[tuple[Mention, int]]:
    """(mention, length of the gazetteer surface) for every gazetteer match.

    A closed compound ("Kundenhotline") is rejected when the whole word is a known German
    word of its own ("Sekunde" is no "Kunde", "Verkäufer" no "Käufer")."""
    out = []
    for e in gaz.entries_in(text.lower()):
        for m in e.pattern.finditer(text):
            token = m.group(0)
            if (e.match == "noun" and " " not in e.surface and "-" not in token
                    and not token.lower().startswith(_stem(e.surface.lower()))
                    and token.lower() in gaz.common_words):
                continue
            source = e.match if e.match != "noun" else "generic"
            out.append((Mention(m.start(), m.end(), token, e.entity, e.entity_type, source),
                        len(e.surface)))
    return out


def _rank(item: tuple[Mention, int]) -> tuple:
    m, surface_len = item
    kind = "noun" if m.source == "generic" else m.source
    return (-(m.end - m.start), -surface_len, _KIND_RANK.get(kind, 9), m.start, m.entity)


def _resolve(cands: list[tuple[Mention, int]]) -> list[Mention]:
    """Keep the longest non-overlapping mentions; a company inside a generic compound stays
    as its own mention and becomes the compound's ``organisation``."""
    chosen: list[Mention] = []
    for m, _ in sorted(cands, key=_rank):
        if any(c.start < m.end and m.start < c.end for c in chosen):
            continue
        chosen.append(m)
    orgs = [c for c, _ in cands if c.source in ("name", "handle")]
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


_MEMO_SIZE = 50_000


def find_mentions(text: str, speaker_role: str | None = None, pronouns: bool = True,
                  gazetteer: Gazetteer | None = None) -> list[Mention]:
    """All actor mentions in ``text``, sorted by offset.

    ``speaker_role`` ("author", "commenter", "vendor") is the voice of the text and only
    affects pronouns; pass ``pronouns=False`` to leave them out. ``gazetteer`` defaults to
    the shipped one. Results are remembered per gazetteer (repeated sentences are common).
    """
    gaz = gazetteer or Gazetteer.default()
    key = (text, speaker_role, pronouns)
    found = gaz._memo.get(key)
    if found is None:
        if len(gaz._memo) >= _MEMO_SIZE:
            gaz._memo.clear()
        found = gaz._memo[key] = _find_mentions(text, speaker_role, pronouns, gaz)
    return list(found)


def _find_mentions(text: str, speaker_role: str | None, pronouns: bool,
                   gaz: Gazetteer) -> tuple[Mention, ...]:
    cands = _gazetteer_candidates(text, gaz) + [(m, 0) for m in _unknown_orgs(text, gaz)]
    found = _resolve(cands)
    if pronouns:
        taken = [(m.start, m.end) for m in found]
        for p in _pronouns(text, speaker_role):
            if not any(a < p.end and p.start < b for a, b in taken):
                found.append(p)
    return tuple(sorted(found, key=lambda x: (x.start, x.end, x.entity)))


def mentions_table(corpus, voices: dict[str, str] | None = None, pronouns: bool = True,
                   gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per mention in every sentence of ``corpus``; offsets index ``documents.text``.

    ``voices`` maps sentence_id → voice ("author", "commenter", "vendor"); by default the
    segment's role, and no pronoun mapping inside quotations. ``gazetteer`` defaults to the
    shipped one.
    """
    roles = dict(zip(corpus.segments["segment_id"], corpus.segments["role"], strict=True))
    rows = []
    for s in corpus.sentences.itertuples(index=False):
        if voices is not None:
            voice = voices.get(s.sentence_id)
        else:
            voice = None if s.quoted else roles.get(s.segment_id)
        for m in find_mentions(s.text, voice, pronouns=pronouns, gazetteer=gazetteer):
            row = asdict(m)
            row.update(doc_id=s.doc_id, sentence_id=s.sentence_id, start=s.start + m.start,
                       end=s.start + m.end)
            rows.append(row)
    df = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    df = df.astype({"start": "int64", "end": "int64"})
    return df.sort_values(["doc_id", "start", "end", "entity"], kind="stable").reset_index(
        drop=True)
