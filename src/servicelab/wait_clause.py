"""A stated wait read from its clause: the predicate and its arguments (issue 15, item 4).

Why: a cue word somewhere near a duration ("Antwort", "Verspätung") often belongs to another
clause ("Auf meine Beschwerde kam nach einer Woche eine E-Mail: Man bedaure die Verspätung").
What a duration measures is said by the clause it stands in: "nach X" before a past event
("kam nach acht Tagen die Nachricht") is the wait until that event, and the event's kind
comes from its predicate (arrive, fix, receive, last) and its nouns (a message or the
company's staff → ``response_wait``; money → ``resolution_time``; a train or parcel →
``delay``). The predicates and noun classes are rows of ``data/timex_wait_structure.csv``
(lemma patterns, each with an example), passed in as a :class:`WaitStructure`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from servicelab.timex.rules import RuleTable, regex

#: predicate roles and noun-class roles of the structure file
#: (``running``: an adverb, matched on the clause's words, that says a count still runs;
#: ``running_verb``: the verbs such a count is told with)
PREDICATES = ("arrival", "fix", "receive", "last", "postpone", "contact", "depart", "stuck",
              "running", "running_verb", "idle")
ARGUMENTS = ("message", "staff", "money", "conveyance", "process", "demand")
#: the codebook's wait kinds (§6.6) a row may name
KINDS = ("hold_time", "delay", "open_wait", "response_wait", "resolution_time", "other_wait")
#: a clause ends at punctuation (quotation marks only quote: "dauere „bis zu acht Wochen"")
#: or before a conjunction that opens another clause
_CLAUSE_CUT = re.compile(r"[,;:()–—]|[.!?…]\s|\b(?:und|aber|weil|obwohl|dass|denn|sondern|"
                         r"wenn|falls|bevor|sodass|damit|nachdem)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_NEGATION = frozenset({"nicht", "nie", "kein", "keine", "keinen", "keiner", "keinem",
                       "weder", "nichts", "niemand"})
#: finite past forms of the auxiliaries (simple past of sein, werden, haben)
_PAST_AUX = frozenset({"war", "waren", "warst", "wart", "wurde", "wurden", "wurdest",
                       "hatte", "hatten", "hattest"})
#: present forms of the perfect's auxiliaries ("habe … erhalten", "ist … gekommen")
_PERFECT_AUX = frozenset({"habe", "hat", "haben", "hast", "ist", "sind", "bin", "bist"})
_PRESENT_ENDINGS = ("e", "st", "est", "t", "et", "en", "n")
#: the present singular of the modals and "wissen", which ends like no regular present
#: ("muss", "kann", "weiß"): read as a preterite, they made a present clause past
_IRREGULAR_PRESENT = frozenset({"muss", "musst", "kann", "kannst", "will", "willst", "soll",
                                "sollst", "darf", "darfst", "mag", "magst", "weiß", "weißt"})
_PRONOUNS = frozenset({"ich", "du", "er", "sie", "es", "wir", "ihr", "man"})
#: a plural subject right before an infinitive-shaped verb makes it finite ("wir haben")
_PLURAL_SUBJECTS = frozenset({"wir", "sie"})
#: "war das Geld wieder da", "war mein Auto wieder fahrbereit": a state restored — "da" or
#: an adjective of capability (-bar, -bereit, -fähig: "erreichbar", "einsatzbereit"); "war
#: nach 3 Wochen wieder schwarz" is the problem coming back, no fix
_RESTORED = re.compile(r"\bwieder\s+(?:\w+\s+)?(da|online|[a-zäöüß]+(?:bar|bereit|fähig))\W*$")
#: a subject that points back to the clause before ("das dauert", "dies kann dauern")
_DEMONSTRATIVE = frozenset({"das", "dies", "dieses", "es"})
#: prepositions: a possessive after one is inside a phrase, not the clause's subject
_PREPOSITIONS = frozenset({"in", "im", "an", "am", "auf", "bei", "beim", "mit", "von", "vom",
                           "zu", "zum", "zur", "aus", "nach", "für", "über", "unter", "vor",
                           "hinter", "neben", "zwischen", "durch", "gegen", "ohne", "um",
                           "seit", "wegen", "trotz", "laut"})
#: the writer's possessives ("mein Antrag", "unsere Heizung")
_POSSESSIVE = re.compile(r"(?:mein|unser)(?:e|en|em|er|es)?")
#: the customer as subject: "kamen wir an" is the customer's journey, not a wait ending
_CUSTOMER = frozenset({"ich", "wir"})
#: particles a separable verb leaves at its clause's end ("ruft sie an" → "anrufen")
_PARTICLES = frozenset({"an", "zurück", "vorbei", "los", "ab"})
#: a duration that opens its sentence after "nach" ("Nach vier Wochen ruft sie an"): told in
#: the narrative present, the clause reports an event like a preterite would
_FRONTED_NACH = re.compile(r"\W*(?:(?:erst|und|dann|doch|aber)\s+)?nach\s+(?:\w+\s+)?$",
                           re.IGNORECASE)
#: a modal or future auxiliary makes a present clause an expectation, not a report
_MODAL = frozenset({"soll", "sollen", "sollte", "sollten", "wird", "werden", "kann", "können",
                    "muss", "müssen", "darf", "dürfen", "man"})


@dataclass(frozen=True)
class WaitStructure:
    """Predicate lemmas (role, kind, pattern) and noun classes (role, kind, pattern) that say
    what a duration's clause reports; rows of ``timex_wait_structure.csv``."""

    predicates: tuple[tuple[str, str, re.Pattern[str]], ...]
    arguments: tuple[tuple[str, str, re.Pattern[str]], ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> WaitStructure:
        """The shipped file or a user's with the same columns; a bad row raises
        ``CorpusInputError`` naming file and row."""
        table = RuleTable.open("timex_wait_structure.csv", ("role", "kind", "pattern", "example"),
                               path)

        def row(r: dict[str, str]) -> tuple[str, str, re.Pattern[str]]:
            if r["role"] not in PREDICATES + ARGUMENTS:
                raise ValueError(f"unknown role {r['role']!r} (one of "
                                 f"{', '.join(PREDICATES + ARGUMENTS)})")
            if not r["example"].strip():
                raise ValueError("empty example")
            kind = r["kind"].strip()
            if kind not in KINDS and not (kind == "" and r["role"] in ("arrival", "last",
                                                                     "demand")):
                raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)} (empty only "
                                 "for arrival and last, whose nouns decide, and demand)")
            return r["role"], r["kind"].strip(), re.compile(regex(r["pattern"]))

        rows = table.each(row)
        return cls(tuple(r for r in rows if r[0] in PREDICATES),
                   tuple(r for r in rows if r[0] in ARGUMENTS))


@lru_cache(maxsize=1)
def default_structure() -> WaitStructure:
    """The shipped structure rows, loaded once."""
    return WaitStructure.load()


def clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the clause around ``sentence[start:end]``: from the last punctuation mark or
    clause-opening conjunction before it to the next one after it."""
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(sentence, 0, start)]
    after = _CLAUSE_CUT.search(sentence, end)
    return (cuts[-1] if cuts else 0), (after.start() if after else len(sentence))


def _lemma(word: str) -> str:
    from servicelab.lemmas import lemma

    return lemma(word)


def _is_verb(lem: str) -> bool:
    """A lemma shaped like an infinitive whose third-person present ("wartet", "habt"…) the
    lemmatiser's dictionary lists under it: "kein", "zehn", "wenn" end like infinitives but
    are no verbs, and read as a participle after "habe" they made a present clause past."""
    if not (lem[:1].islower() and lem.endswith("n") and len(lem) > 3):
        return False
    return _has_present_t(lem)


@lru_cache(maxsize=20_000)
def _has_present_t(lem: str) -> bool:
    from servicelab.lemmas import dictionary_lemma

    stem = lem[:-2] if lem.endswith("en") else lem[:-1]
    return any(dictionary_lemma(stem + e) == lem for e in ("t", "et", "e"))


def _present_form(word: str, lem: str) -> bool:
    """"warte", "wartet", "dauert", "hänge"; also vowel-changing forms ending in -t
    ("bricht", "fährt") that are no weak preterite (-te)."""
    stem = lem[:-2] if lem.endswith("en") else lem[:-1]
    if word != lem and any(word == stem + e for e in _PRESENT_ENDINGS):
        return True
    return word.endswith("t") and not word.startswith("ge") and not word.endswith("tet")


#: inseparable prefixes: a verb with one has no "ge-" in its participle, which then looks
#: like the infinitive ("erhalten", "bekommen", "vergessen"); any other infinitive after
#: "habe" is no participle ("Ich habe seit Februar ein Auto auf dem Hof stehen")
_INSEPARABLE = re.compile(r"^(?:be|emp|ent|er|ge|miss|ver|zer)")


def _participle_like(word: str) -> bool:
    """An infinitive-shaped word that can be a past participle (see ``_INSEPARABLE``)."""
    return _INSEPARABLE.match(word) is not None


def tense(words: list[str]) -> str:
    """``past`` (a past auxiliary, a perfect, a preterite: "kam", "meldete", "habe … erhalten"),
    ``present`` (a present finite verb: "warte", "kochen wir", "dauert") or ``none``."""
    low = [w.lower() for w in words]
    if _PAST_AUX & set(low):
        return "past"
    verbs = []   # (index, word, lemma) of the lower-case verb forms (and the clause's first)
    for i, w in enumerate(words):
        if not (w[:1].islower() or i == 0):
            continue
        lem = _lemma(low[i])
        if _is_verb(lem):
            verbs.append((i, low[i], lem))
    aux = [i for i, w in enumerate(low) if w in _PERFECT_AUX]
    if aux and any((w.startswith("ge") and w != lem) or (i > aux[0] and w == lem
                                                          and _participle_like(w))
                   for i, w, lem in verbs):
        return "past"  # "habe … erhalten", "ist … gekommen" (not "habe … stehen"); a
        #                participle before its auxiliary too ("gekommen ist das Paket …",
        #                "…, als das Paket gekommen ist")
    present = False
    for i, w, lem in verbs:
        if w in _IRREGULAR_PRESENT:
            present = True
        elif w == lem:   # infinitive, or a plural present beside its pronoun ("kochen wir",
            #            "wir haben … stehen")
            present |= (i + 1 < len(low) and low[i + 1] in _PRONOUNS) \
                or (i > 0 and low[i - 1] in _PLURAL_SUBJECTS)
        elif _present_form(w, lem):
            present = True
        elif not w.startswith("ge"):
            return "past"  # a preterite: "kam", "meldete", "lief"
    return "present" if present else "none"


def _argument_kind(words: list[str], structure: WaitStructure, roles: tuple[str, ...]
                   ) -> str | None:
    """The kind of the first noun of a class in ``roles``. A noun takes its first class in
    file order: "Lieferung" is a conveyance before it is a process (-ung), so where
    conveyances do not count it counts as nothing. A clause without a capital (web posts
    in lower case, or in capitals read lower-cased) is read word by word."""
    if not any(w[:1].isupper() for w in words):  # written in lower case: "kam ne mail"
        words = [w.capitalize() for w in words if len(w) > 2]
    for w in words:
        if not w[:1].isupper():
            continue
        lem = _lemma(w)
        role, kind = next(((r, k) for r, k, pat in structure.arguments
                           if pat.match(lem) or pat.match(w)), ("", ""))
        if role in roles:
            return kind
    return None


def _clause_words(sentence: str, start: int, end: int, whole: bool
                  ) -> tuple[list[str], str, str]:
    """Words of the duration's clause (without the duration), and the text before and after
    it; a clause without a verb ("Heute, nach 23 Tagen, war …") is read with its sentence."""
    a, b = (0, len(sentence)) if whole else clause_bounds(sentence, start, end)
    before, after = sentence[a:start], sentence[end:b]
    words = _WORD.findall(before) + _WORD.findall(after)
    if not whole and not any(_is_verb(_lemma(w.lower())) for w in words if w[:1].islower()):
        return _clause_words(sentence, start, end, True)
    return words, before, after


def still_open(sentence: str, start: int, end: int, signal: str,
               structure: WaitStructure | None = None) -> bool:
    """"Nach sieben Wochen habe ich weder eine Zahlung noch … erhalten": after ``nach``, a
    negated receipt in the duration's clause says the wait is still open, whatever message
    noun the clause names."""
    if signal != "nach":
        return False
    structure = structure or default_structure()
    words, _, _ = _clause_words(sentence, start, end, False)
    low = {w.lower() for w in words}
    lemmas = {_lemma(w) for w in low}
    return bool(_NEGATION & low) and any(
        role == "receive" and pat.match(x) for role, _, pat in structure.predicates
        for x in lemmas) and tense(words) != "present"


def clause_kind(sentence: str, start: int, end: int, signal: str,
                structure: WaitStructure | None = None, whole: bool = False,
                days: float | None = None) -> str | None:
    """The wait kind the clause of the duration ``sentence[start:end]`` reports, or ``None``.

    * a postponement ("auf einen Flug zwei Tage später umgebucht", "um drei Stunden
      verschoben") → ``delay``;
    * the duration completes "dauern" → the kind of its nouns (a process in -ung, when it
      takes a day or more: ``resolution_time``; an hour's "Abholung" is a queue that a
      nearby cue names), else nothing ("der Umbau hat … gedauert" is nobody's wait);
    * after ``nach``, in a clause that is not present tense: a negated receipt ("habe weder
      … noch … erhalten") → ``open_wait``; a fix or a restored state ("war … wieder da")
      → ``resolution_time``; an arrival or a receipt ("kam", "stand vor der Tür", "habe
      mein Geld bekommen") → the kind of the noun that arrives (with none, ``other_wait``
      only after "endlich" and not for the customer's own arrival); "endlich" alone →
      ``other_wait``.

    ``whole`` reads the whole sentence ("Am dritten Tag war das Paket endlich da, fünf Tage
    nach der Benachrichtigung": the duration's own clause is the apposition)."""
    structure = structure or default_structure()
    words, before, after = _clause_words(sentence, start, end, whole)
    text = f"{before} {after}"
    low_words = {w.lower() for w in words if w[:1].islower()}
    lemmas = low_words | {_lemma(w) for w in low_words}  # a participle the lemmatiser misses
    last = _WORD.findall(after)[-1:] or _WORD.findall(before)[-1:]
    if last and last[0].lower() in _PARTICLES:  # "ruft sie an": the lemma "anrufen"
        lemmas |= {last[0].lower() + x for x in lemmas if _is_verb(x)}
    found = _found_roles(structure, lemmas, text)
    if "postpone" in found:  # "auf einen Flug zwei Tage später umgebucht"
        return found["postpone"]
    if "last" in found:  # "das dauert" alone, "der Umbau hat … gedauert": nobody's wait
        # how long a delivery or journey takes is no lateness ("Die Lieferung dauert zwei
        # Tage"): without "conveyance", "Lieferung" is a process like "Bearbeitung"
        roles = tuple(r for r in (ARGUMENTS[:4] if days is not None and days < 1
                                  else ARGUMENTS) if r not in ("conveyance", "demand"))
        kind = _argument_kind(words, structure, roles)
        if kind is None and _DEMONSTRATIVE & {w.lower() for w in words}:
            # "Die Rücksendung sei nicht bearbeitet, das könne bis zu 14 Tage dauern"
            a, _ = clause_bounds(sentence, start, end)
            prev, _ = clause_bounds(sentence, max(a - 1, 0), max(a - 1, 0))  # the clause before
            kind = _argument_kind(_WORD.findall(sentence[prev:a]), structure, roles)
        if kind is None and ("es" in {w.lower() for w in words} or _subject_left_out(words)
                             or own_case(words)) \
                and tense(words) == "past" and days is not None and days >= 1:
            kind = "resolution_time"  # "Bei mir hat es fünf Wochen gedauert": a case told
            #                          as done, its length (not "der Umbau hat … gedauert")
        return kind
    low = {w.lower() for w in words}
    if signal != "nach" or (tense(words) == "present" and not (
            _FRONTED_NACH.fullmatch(sentence[:start]) and not _MODAL & low)):
        return None
    if "contact" in found and not (_CUSTOMER | _NEGATION | _MODAL) & low:  # "ruft sie an";
        # not "ruft mich niemand an" (an intermediate point of a wait told later, §6.9) nor
        # "soll mich … anrufen" (an expectation)
        return found["contact"]
    if "receive" in found and _NEGATION & low:
        return found["receive"]
    restored = _RESTORED.search(after)
    if "fix" in found or restored:
        return found.get("fix") or "resolution_time"
    if "arrival" in found or "receive" in found:  # "kam die Nachricht", "Geld bekommen"
        kind = _argument_kind(words, structure, ARGUMENTS[:4])
        if kind is None and "arrival" in found and not (_CUSTOMER | _NEGATION | _MODAL) & low:
            kind = _unclassed_arrival(words, structure)
        return kind or ("other_wait" if "endlich" in low and not _CUSTOMER & low else None)
    if "endlich" in low:
        return "other_wait"
    return None


#: an indefinite person arriving ("kam doch noch jemand"): somebody of the company's side
_SOMEBODY = frozenset({"jemand", "wer"})


def _found_roles(structure: WaitStructure, lemmas: set[str], text: str,
                 plain: bool = False) -> dict[str, str]:
    """Role → kind of the predicate rows that match one of ``lemmas`` (an arrival row also
    one of the words or "vor der Tür" of ``text``), the first row of a role deciding.

    Speed (same result): which rows match a string is looked up once per distinct string
    and structure (the clause words repeat across a corpus); ``plain`` runs every row's
    pattern on every string, for tests."""
    preds = structure.predicates
    found: dict[str, str] = {}
    if plain:
        for role, kind, pat in preds:
            hit = any(pat.match(x) for x in lemmas) or (
                role == "arrival" and any(pat.match(p) for p in _phrases(text)))
            if hit and role not in found:
                found[role] = kind
        return found
    rows = _rows_matching(structure)
    hits: set[int] = set()
    for x in lemmas:
        hits |= rows(x)
    phrases: set[int] | None = None
    for k, (role, kind, _) in enumerate(preds):
        hit = k in hits
        if not hit and role == "arrival":
            if phrases is None:
                phrases = set()
                for x in _phrases(text):
                    phrases |= rows(x)
            hit = k in phrases
        if hit and role not in found:
            found[role] = kind
    return found


_ROW_MEMOS: dict[int, tuple[WaitStructure, Callable[[str], frozenset[int]]]] = {}


def _rows_matching(structure: WaitStructure) -> Callable[[str], frozenset[int]]:
    """``x`` → the indices of ``structure.predicates`` whose pattern matches ``x``, memoised
    per string (one memo per structure object, bounded)."""
    entry = _ROW_MEMOS.get(id(structure))
    if entry is not None and entry[0] is structure:
        return entry[1]
    pats = [pat for _, _, pat in structure.predicates]
    memo: dict[str, frozenset[int]] = {}

    def rows(x: str) -> frozenset[int]:
        got = memo.get(x)
        if got is None:
            if len(memo) > 200_000:
                memo.clear()
            got = memo[x] = frozenset(k for k, pat in enumerate(pats) if pat.match(x))
        return got

    if len(_ROW_MEMOS) > 8:
        _ROW_MEMOS.clear()
    _ROW_MEMOS[id(structure)] = (structure, rows)
    return rows


def _unclassed_arrival(words: list[str], structure: WaitStructure) -> str | None:
    """What arrives after "nach" in a past clause when no noun class names it (round ten):
    a person ("kam doch noch jemand") or a decision or notice in -ung ("Nach sieben Wochen
    kam eine Ablehnung") is the company answering, ``response_wait``; a thing of the case
    ("der Schlüssel kam nach zehn Tagen per Post") ends a wait of no named kind,
    ``other_wait``; a bill or a dunning letter (``demand`` rows) asks the customer for
    something and ends no wait. The customer's own arrival, a negated or expected one is read
    before."""
    if _argument_kind(words, structure, ("demand",)) is not None:
        return None  # "Fünf Wochen später kam eine Rechnung": the company asks, no one waited
    if _SOMEBODY & {w.lower() for w in words if w[:1].islower()}:
        return "response_wait"
    if process_noun(words, structure):
        return "response_wait"
    if any(w[:1].isupper() for w in words[1:]):
        return "other_wait"
    return None


def _subject_left_out(words: list[str]) -> bool:
    """"hat bei mir fast vier Monate gedauert", "hat sechs Wochen gedauert": a "dauern" told
    as done whose subject is left out (no noun or pronoun outside a prepositional phrase) is
    the case the text is about, like "es"; "der Umbau hat … gedauert" names another thing."""
    low = [w.lower() for w in words]
    for i, w in enumerate(words):
        inside = i > 0 and low[i - 1] in _PREPOSITIONS or i > 1 and low[i - 2] in _PREPOSITIONS
        if (w[:1].isupper() and i > 0 or low[i] in _PRONOUNS) and not inside:
            return False
    return True


#: "bei mir", "bei uns": the writer's own case, told beside the one discussed
_OWN_CASE = re.compile(r"\bbei (?:mir|uns)\b", re.IGNORECASE)


def own_case(words: list[str]) -> bool:
    """The clause tells the writer's own case ("Bei uns hat die Küche auch fast vier Monate
    gedauert", "hat bei mir letzten Sommer vier Tage gedauert"): how long a thing took there
    is the writer's wait, whatever the subject (round eleven: forum replies that compare)."""
    return _OWN_CASE.search(" ".join(words)) is not None


def negated(words: list[str]) -> bool:
    """The clause denies something ("kommt … nicht", "kein Internet"): a service that is not
    there, the state an open wait is about, whoever its grammatical subject is."""
    return bool(_NEGATION & {w.lower() for w in words})


def first_person(words: list[str]) -> bool:
    """The clause speaks of the writer ("ich", "wir", "mir", "uns"): an open wait is the
    customer's, not a third party's ("Der Mann rennt seit einer Stunde durch den Zug")."""
    return bool({"ich", "wir", "mir", "uns", "mich"} & {w.lower() for w in words})


def writers_own(words: list[str]) -> bool:
    """The clause speaks of the writer's own thing: a possessive outside a prepositional
    phrase ("Mein Antrag liegt seit acht Wochen beim Amt", "Seit Montag steht mein Rad in
    der Werkstatt"), not "Der Zusteller in meinem Viertel ist seit Monaten überlastet"."""
    low = [w.lower() for w in words]
    return any(_POSSESSIVE.fullmatch(w) and (i == 0 or low[i - 1] not in _PREPOSITIONS)
               for i, w in enumerate(low))


def _phrases(text: str) -> list[str]:
    """The clause's words and its "vor der Tür": what arrival rows on words match."""
    low = [w.lower() for w in _WORD.findall(text)]
    out = list(low)
    if re.search(r"\bvor der Tür\b", text):
        out.append("vor der Tür")
    return out


#: a copula: "Der Ersatzflug war zwei Tage später" (the clause's only verb)
_COPULA = frozenset({"war", "waren", "ist", "sind", "wäre", "wären"})


def later_kind(sentence: str, start: int, end: int,
               structure: WaitStructure | None = None) -> str | None:
    """The wait kind of a relative span ("N später") from its clause, which reports what
    came that late: read like a clause after "nach" (:func:`clause_kind`: "eine halbe
    Stunde später stand der Techniker vor der Tür" → ``response_wait``); a departure
    ("fährt zwei Stunden später", "geht es 15 Minuten später los", in any tense; not the
    customer's own) or a train, flight or delivery that "was" that much later → ``delay``."""
    structure = structure or default_structure()
    kind = clause_kind(sentence, start, end, "nach", structure)
    if kind is not None:
        return kind
    a, b = clause_bounds(sentence, start, end)  # the span's own clause, never the sentence
    before, after = _WORD.findall(sentence[a:start]), _WORD.findall(sentence[end:b])
    low = [w.lower() for w in before + after]
    lemmas = set(low) | {_lemma(w) for w in low}
    if after and after[-1].lower() in _PARTICLES:  # "geht es … los": "losgehen"
        lemmas |= {after[-1].lower() + x for x in lemmas if _is_verb(x)}
    if any(role == "depart" and pat.match(x) for role, _, pat in structure.predicates
           for x in lemmas) and not _CUSTOMER & set(low):  # not "wir fuhren … später"
        return "delay"
    return "delay" if _late_conveyance(before, structure) else None


#: a strong participle the lemmatiser leaves as it is ("gefahren", "abgeflogen"): its
#: infinitive is the stem without "ge" (with a separable particle before it)
_STRONG_PARTICIPLE = re.compile(r"(ab|an|los|weg|zurück)?ge(\w{3,}en)")


def open_after_call(sentence: str, start: int, end: int,
                    structure: WaitStructure | None = None) -> bool:
    """The clause of a duration after "nach" that a call or hotline came before ("Hotline
    angerufen. Nach 20 Minuten aufgelegt.", "Nach gut zwei Stunden hieß es …") may be the
    time on hold: true unless the clause reports a departure ("die beiden sind nach zwanzig
    Minuten wieder gefahren": a visit's length) or an expectation (a modal or future)."""
    structure = structure or default_structure()
    words, _, after = _clause_words(sentence, start, end, False)
    low = [w.lower() for w in words]
    if _MODAL & set(low):
        return False
    lemmas = set(low) | {_lemma(w) for w in low} | {
        (m.group(1) or "") + m.group(2) for w in low
        if (m := _STRONG_PARTICIPLE.fullmatch(w))}
    last = _WORD.findall(after)[-1:]
    if last and last[0].lower() in _PARTICLES:  # "fuhr … ab": "abfahren"
        lemmas |= {last[0].lower() + x for x in lemmas if _is_verb(x)}
    return not any(role == "depart" and pat.match(x) for role, _, pat in structure.predicates
                   for x in lemmas)


def _late_conveyance(before: list[str], structure: WaitStructure) -> bool:
    """"Der einzige Ersatzflug war zwei Tage später": a train, flight or delivery as the
    subject of a copula right before the span (not "beim Rückflug … war sie freundlich")."""
    low = [w.lower() for w in before]
    cop = max((i for i, w in enumerate(low) if w in _COPULA), default=-1)
    if cop < 1:
        return False
    for i, w in enumerate(before[:cop]):
        if w[:1].isupper() and _argument_kind([w], structure, ("conveyance",)) == "delay":
            return not _PREPOSITIONS & set(low[max(0, i - 3):i])
    return False



#: particles a separable verb of being stuck or failing leaves at the clause's end
_STUCK_PARTICLES = ("zusammen", "fest", "aus", "ab", "still", "ein")


#: a duration followed by "alt": an age ("ist jetzt fast fünf Monate alt"), no count of a wait
_AGE_AFTER = re.compile(r"\s*alte?[mnrs]?\b")
#: a duration before a time one is given ("habe jetzt zwei Wochen Urlaub", "noch drei Tage
#: Zeit"): an allotment, not a wait
_ALLOTMENT = re.compile(r"\s*(?:Urlaub|Ferien|Zeit|Frist|Bedenkzeit)\b")


def running_count(sentence: str, start: int, end: int,
                  structure: WaitStructure | None = None) -> str | None:
    """"Das ist jetzt drei Wochen her", "die Reklamation dauert jetzt knapp zwei Wochen",
    "Fünf Monate Geduld habe ich schon": a duration in a present clause with an adverb that
    says the count still runs (``running`` rows: "jetzt", "schon", "mittlerweile" …) and a
    verb that counts time (``running_verb`` rows: sein, haben, dauern, laufen …) is how long
    the writer has waited so far, an open wait (codebook §4.2.4, round eight; round five's
    "Jetzt sind es fast vier Wochen" is one). Both in the duration's own clause (a clause
    without a verb is not read with its sentence here: a teaser line's "Jetzt … sichern" is
    not its count). Not with a modal or future ("soll jetzt zwei Wochen dauern": an
    expectation), not an age ("ist jetzt fünf Monate alt"), not a time one is given ("habe
    jetzt zwei Wochen Urlaub"), not an action ("jetzt nehme ich die Woche"). The row's kind,
    or ``None``."""
    structure = structure or default_structure()
    a, b = clause_bounds(sentence, start, end)
    words = _WORD.findall(sentence[a:start]) + _WORD.findall(sentence[end:b])
    low = {w.lower() for w in words}
    if tense(words) != "present" or _MODAL & low or _AGE_AFTER.match(sentence, end) \
            or _ALLOTMENT.match(sentence, end):
        return None
    lemmas = low | {_lemma(w) for w in low}
    if not any(role == "running_verb" and pat.match(x)
               for role, _, pat in structure.predicates for x in lemmas):
        return None
    return next((kind for role, kind, pat in structure.predicates if role == "running"
                 for w in low if pat.match(w)), None)


def stuck(words: list[str], structure: WaitStructure | None = None) -> bool:
    """The clause's verb says the customer's thing is stuck or failing ("liegt seit dem 21.
    Oktober im Sortierzentrum", "seit … bricht die Verbindung jeden Abend zusammen"): a state
    one waits out, whoever its grammatical subject is (``stuck`` rows of the structure file;
    a separable verb read with its particle at the clause's end)."""
    structure = structure or default_structure()
    low = [w.lower() for w in words]
    lemmas = {_lemma(w) for w in low}
    if low and low[-1] in _STUCK_PARTICLES:
        lemmas |= {low[-1] + x for x in lemmas if _is_verb(x)}
    lemmas |= set(low)  # a failed state is an adjective ("ist seit Montag kaputt"): its word
    return any(role == "stuck" and pat.match(x) for role, _, pat in structure.predicates
               for x in lemmas)


#: words between a message noun and the "vom" of its date ("Mail an die Zentrale vom …")
_MESSAGE_GAP = 4


def unanswered_message(sentence: str, start: int, end: int,
                       structure: WaitStructure | None = None) -> bool:
    """"Auf meine Mail vom 2. September kam bis heute keine Antwort", "Auf meine erste Mail
    vom 4. November habe ich nie eine Antwort bekommen": the date ``sentence[start:end]``
    after "vom" dates the writer's message (a ``message`` noun at most four words before
    "vom", with "mein"/"unser" before it), and the clause after the date denies an answer
    (a negation with a message noun or a receipt or contact predicate). The wait for the
    answer runs from that date to the post's own date, still open (codebook §6.10, §6.13:
    an unanswered message stated by its date). Not when the sentence tells the answer came
    after all ("erst am …", "dann")."""
    structure = structure or default_structure()
    head = _WORD.findall(sentence[max(0, start - 80):start])
    if len(head) < 2 or head[-1].lower() != "vom" and not (
            len(head) > 2 and head[-2].lower() == "vom"):  # "vom Montag", "vom 2. September"
        return False
    cut = len(head) - (1 if head[-1].lower() == "vom" else 2)
    before = head[max(0, cut - _MESSAGE_GAP - 1):cut]
    if _argument_kind(before, structure, ("message",)) is None \
            or not any(w.lower().startswith(("mein", "unser")) for w in before):
        return False  # the writer's own message ("meine Mail"), not "Ihre Mail vom …"
    _, b = clause_bounds(sentence, end, end)
    words = _WORD.findall(sentence[end:b])
    low = {w.lower() for w in words}
    if not _NEGATION & low or {"erst", "dann", "später"} & low:
        return False
    lemmas = low | {_lemma(w) for w in low}
    return _argument_kind(words, structure, ("message",)) is not None or any(
        role in {"receive", "contact"} and pat.match(x)
        for role, _, pat in structure.predicates for x in lemmas)


#: "eine Woche gar nichts", "drei Wochen lang nichts", "zehn Tage überhaupt nix": nothing
#: right after the duration
_NOTHING_AFTER = re.compile(
    r"\s+(?:lang\s+)?(?:(?:gar|überhaupt|rein|absolut)\s+)?(?:nichts|nix)\b(?!\s+zu\b)",
    re.IGNORECASE)  # not "nichts zu tun": something one has (not) to do


def nothing_happened(sentence: str, start: int, end: int,
                     structure: WaitStructure | None = None) -> str | None:
    """"Dann passierte drei Wochen lang nichts", "Danach kam erst mal eine Woche gar nichts":
    a duration followed by "(lang) (gar) nichts" in a clause whose verb says that something
    happens or comes (``idle`` rows: passieren, kommen, tun …) is how long the company did
    nothing about the case, a wait for its answer (``response_wait``; codebook §6.6). The
    row's kind, or ``None``."""
    structure = structure or default_structure()
    if _NOTHING_AFTER.match(sentence, end) is None:
        return None
    a, b = clause_bounds(sentence, start, end)
    low = {w.lower() for w in _WORD.findall(sentence[a:start] + " " + sentence[end:b])}
    if _MODAL & low:
        return None  # "soll jetzt zwei Wochen nichts passieren": an expectation
    lemmas = low | {_lemma(w) for w in low}
    return next((kind for role, kind, pat in structure.predicates if role == "idle"
                 for x in lemmas if pat.match(x)), None)


def process_noun(words: list[str], structure: WaitStructure | None = None) -> bool:
    """A noun of the clause names a process of the customer's case ("Entscheidung",
    "Prüfung": ``process`` rows), taken in file order so that a delivery ("Lieferung",
    "Zustellung": ``conveyance``) is none."""
    structure = structure or default_structure()
    return _argument_kind(words, structure, ("process",)) is not None
