"""Pseudonymise private persons' names, handles, phone numbers, e-mail and street addresses.

Replacements are stable: the same original gives the same pseudonym in every document and on
every run with the same key (a keyed 64-bit BLAKE2 hash), so threads stay readable
("@Person_3fa2c1d04b9e7a12 answers Person_3fa2c1d04b9e7a12"). The mapping is returned
separately and never written by ``servicelab build``.

**Policy** (codebook §7; each point is tested in ``tests/test_privacy_forms.py``):

* *Private, replaced*: commenters, forum users, customers, readers quoted in news ("Leserin
  Hatice D. aus Porz": ``Hatice D.``), staff named as individuals (a first name or initials in
  a care-team signature, "Ihr Herr Öztürk"), usernames and handles of persons. Titles stay,
  the name goes: "Dr. Person_…", "Herrn Person_…", "Familie Person_…". A double given name
  with its surname is one person ("Lisa Marie Schmidt"; "Lisa Marie" alone later is the same).
* *Public, kept*: companies and brands (the gazetteer) and their accounts — a handle that is
  an organisation plus team words only (``@telekom_hilft``, ``@Sky_Hilfe_Team``,
  ``@Vattenfall_DE``), an account the page marks as the company's ("X ✓ Verifiziertes
  Unternehmen", "X Kundenservice"), the page's copyright holder ("© 2024 X"); a country
  after a known company keeps its handle public (``ikea_deutschland``, ``u/ING_Deutschland``);
  a person's name in a handle makes it private (``o2_Service_Katrin``); a team compound counts
  as a team word (``TOYOTA_Kundenbetreuung``, ``dbreiseservice``). A company's function mailbox
  (team words before the "@", the company in the domain: ``kundenbetreuung@toyota.de``) and
  the site's name before its footer menu ("X · Impressum") stay, also written hidden at a
  firm's domain ("service [at] krueger-reisen.example"). Public figures in their public role
  (``privacy_public.csv``, or named after a role noun such as "Senatorin", "Vorstandschef",
  also after the role's organisation and a comma, "Präsident der Bundesnetzagentur, X Y", or
  as a listed organisation's "-Chef"). Journalists' bylines ("Von X Y", "Ein Bericht von X
  und Y", "Autor: …", an author box "X Y ist Redakteur…"/"X Y schreibt seit …", also
  "Finanzjournalistin"): a byline is published professional authorship, so the name stays
  wherever it appears in the page, and its surname alone too. A photographer in an image
  credit ("Foto: X Y/dpa") is private (codebook §7.2, image credits).
* *Ids and error messages*: a file name or ``--id-column`` value, and every input value an
  error message quotes, goes through :func:`pseudonymise_id` (names and e-mail addresses, not
  layout cues), so no table, report page or error shows a private name through an id.

Names are found by given-name list (:mod:`servicelab.names`, ~60,000 names of many origins,
Sub-Saharan Africa included) plus surname, particles ("van der", "al-") and initials ("Max
M."); by a surname list (~17,000 of many origins that are no German or English word) beside
an unknown capitalised word ("Chinwe Okonkwo"), in surname-first order ("Nguyễn Thị Lan") or
as a second surname ("Fernández García"); and by cues that work
for names on no list: "Herr/Frau/Familie X", "Leser(in)/Nutzer(in) X", signatures ("Gruß,
X", "LG X", "^KaW", "/mk"), author lines ("X sagt:", "X schrieb am …:", "Zitat von X", "X ·
14.03.2026", "X Mitglied seit", a username line above its metadata line, Reddit's "u/X",
"Display Name handle.name_" and a bare dotted handle line above a comment), greetings with a
listed given name or a word on no list ("Hej Lina,", "Hi Lütti,"), and by the slots of
:mod:`servicelab.name_slots`, whatever the name: a chat log's speaker, a decorated display
name above its post's age, a mail header's sender and recipients, "Gesendet von Xs iPhone",
a social profile address, "Danke an X", "wie X schon sagte", the one-word author of a
" · " header of ranks, counters and the post's date ("X · Level 6 · Beiträge: 12 ·
Registriert: …", also inside a flat export's run), "Profilbild von X", "Kommentar von X · vor
4 Min." (whatever word X is). Menu and badge words
("Verifiziert", "Unbeantwortet"), capitalised infinitives ("Teilen" of a share bar) and team
compounds are no names. Phones, e-mails and addresses are matched by form
(:mod:`servicelab.contact_details`).

The key is never in the code (with a key in the source, anyone could confirm a guessed name
by hashing it): :func:`resolve_key` takes it from ``SERVICELAB_PSEUDONYM_KEY``, from a file
``servicelab.key`` beside the corpus, or from the user's own key file, created on first use.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import os
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import TypeVar

import ahocorasick

from servicelab.contact_details import (
    EMAIL,
    PHONE,
    STREET,  # noqa: F401 - notebooks executed before the move import it from here
    addresses,
    email_spans,
    is_service_line,
)
from servicelab.entities import looks_like_common_word
from servicelab.errors import CorpusInputError
from servicelab.firm_parts import FirmParts
from servicelab.handles import HANDLE
from servicelab.lemmas import dictionary_lemma, is_infinitive, is_verb_form
from servicelab.name_slots import LITERAL_HINTS as SLOT_LITERALS
from servicelab.name_slots import slot_names
from servicelab.names import (
    GivenNames,
    common_surnames,
    english_proper_names,
    english_words,
    german_words,
    given_names,
    listed_surnames,
)
from servicelab.scan import Hint, LiteralIndex, hinted_finditer, is_literal_alternation

T = TypeVar("T")
KEY_FILE_NAME = "servicelab.key"
KEY_ENV = "SERVICELAB_PSEUDONYM_KEY"
DIGEST_BYTES = 8  # 64 bits: 20,000 handles collide with probability ~1e-11 (24 bits gave 12)

# Words that are never a surname or a name after a cue (determiners, pronouns, greetings …).
_STOP = frozenset("""
der die das den dem des ein eine einen einem einer eines und oder aber auch ich du er sie es
wir ihr ihre ihr ihren ihrem mein meine dein deine sein seine unser unsere euer eure hallo
danke bitte liebe lieber viele grüße gruß gruss vom von zum zur im am an auf aus bei mit nach
seit für über unter vor hinter neben zwischen team kundenservice service support community
ps edit antworten zitieren melden moderator admin redaktion gast mitglied anonym anonymous
""".split())
_PARTICLES = frozenset("von van der de den del della di da dos du le la ten ter zu vom zum "
                       "bin ibn al el abu".split())
_PSEUDONYM = re.compile(r"(?:Person|Telefon|E-Mail|Adresse)_[0-9a-f]{16}")
_TOKEN = re.compile(r"(?<![\w@.])[^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w@])")
_CAP_WORD = re.compile(r"[^\W\d_a-zß-ÿ][^\W\d_]*(?:['’-][^\W\d_]+)*")
_NAME_WINDOW = 160  # characters after a given name that can hold the rest of the name
# The boundaries of a given-name occurrence and of a replaced person's name (see
# :func:`_occurrences` and :func:`_person_matches`), as zero-width checks at one position.
_NAME_BEFORE = re.compile(r"(?<![\w@.])")
_NAME_AFTER = re.compile(r"(?![\w@]|['’-][^\W\d_])")
_PERSON_BEFORE = re.compile(r"(?<![\w@])")
_PERSON_TAIL = re.compile(r"(s|'s|’s)?(?![\w])")


# a non-word character other than the space (a space would only be replaced by itself: the
# text's many spaces made the substitution slow)
_NON_WORD = re.compile(r"[^\w ]")


def _starts(text: str, words: Iterable[str], ends: tuple[str, ...] = ("",),
            text_map: str | None = None) -> dict[int, list[int]]:
    """Start offset -> lengths (longest first) of every occurrence of ``words`` in ``text``
    that begins a word (the character before it is no word character), overlaps included:
    one Aho-Corasick pass, however many words there are.

    Both name searches only accept such starts, so occurrences inside words ("Ina" in
    "Inhaber", thousands on a large page) are not even collected: the automaton runs over a
    copy of the text with every non-word character turned into a space, on the words with a
    space in front, and each hit is checked against the real text. ``ends``: what may follow
    an occurrence in that copy (" ": a non-word character or the end of the text; "s ": an
    "s", then one of those; "": anything), so that prefixes of longer words ("Max" in
    "Maximal") are not collected either when the caller would reject them. ``text_map``:
    that copy, when the caller has it (:func:`_word_map`).
    """
    automaton = ahocorasick.Automaton()
    keys: dict[str, list[tuple[str, int]]] = {}
    for w in words:
        mapped = " " + _NON_WORD.sub(" ", w)
        for end in ends:
            keys.setdefault(mapped + end, []).append((w, len(w)))
    for k, ws in keys.items():
        automaton.add_word(k, (len(k), ws))
    at: dict[int, list[int]] = {}
    if len(automaton):
        automaton.make_automaton()
        for last, (size, ws) in automaton.iter(text_map if text_map is not None
                                               else _word_map(text)):
            start = last - size + 1  # the key's space stands for the character before
            for w, n in ws:
                if text.startswith(w, start):
                    at.setdefault(start, []).append(n)
    for lengths in at.values():
        if len(lengths) > 1:
            lengths.sort(reverse=True)
    return at


@lru_cache(maxsize=2)
def _word_map(text: str) -> str:
    """``text`` with every non-word character but the space turned into a space, between two
    spaces: what :func:`_starts` runs its automaton over. Cached: the given-name scan and the
    person forms read the same text (the forms its lower-cased copy, whose map is this one
    lower-cased, :func:`_lower_word_map`); building it costs 0.1 s on an 8 MB page."""
    return " " + _NON_WORD.sub(" ", text) + " "


def _lower_word_map(text: str) -> str:
    """``_word_map(text.lower())`` for a text whose lower-cased copy is as long (so every
    character lowers to one character): lower-casing never moves a character into or out of
    ``[^\\w ]`` (checked for every code point in tests/test_privacy_speed.py), so the map of
    the lower-cased text is the lower-cased map. The one letter whose lower case depends on
    its neighbours, "Σ" (final "ς"), could lower differently once the map has turned an
    apostrophe beside it into a space: a text holding it is mapped again."""
    if "Σ" in text:
        return _word_map(text.lower())
    return _word_map(text).lower()


def _occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    r"""Spans of ``names`` standing as words, left to right and not overlapping: what
    ``finditer`` of ``(?<![\w@.])(?:n1|n2|…)(?![\w@]|['’-][^\W\d_])`` gives, in time linear in
    the text (the alternation tried every name at every position)."""
    out, last = [], 0
    for p, lengths in sorted(_starts(text, names, (" ",)).items()):
        if p < last or not _NAME_BEFORE.match(text, p):
            continue
        for n in lengths:
            if _NAME_AFTER.match(text, p + n):
                out.append((p, p + n))
                last = p + n
                break
    return out


def _person_matches(low: str, forms: Iterable[str], text_map: str | None = None
                    ) -> list[tuple[int, int, int, int]]:
    r"""(start, name start, name end, end) of each person form in the lower-cased text, as
    ``finditer`` of ``(?<![\w@])(@ ?)?(f1|f2|…)(s|'s|’s)?(?![\w])`` with the forms longest first
    gives them (a leading "@" or "@ " belongs to the match), in time linear in the text.
    ``text_map``: :func:`_word_map` of ``low``, when the caller has it."""
    at = _starts(low, forms, (" ", "s "), text_map)
    # a start before a form's own is one only with the "@" or "@ " that belongs to the match
    ats = (m.start() for m in re.finditer("@", low))
    candidates = sorted({*at, *(c for c in ats if c + 1 in at or c + 2 in at)})
    out, last = [], 0
    for p in candidates:
        if p < last or not _PERSON_BEFORE.match(low, p):
            continue
        if low.startswith("@", p):
            names = (p + 2, p + 1) if low.startswith(" ", p + 1) else (p + 1,)
        else:
            names = (p,)
        for q in names:
            hit = _longest_form(low, q, at.get(q, ()))
            if hit is not None:
                out.append((p, q, hit[0], hit[1]))
                last = hit[1]
                break
    return out


def _longest_form(low: str, q: int, lengths: Iterable[int]) -> tuple[int, int] | None:
    """(name end, match end) of the longest form at ``q`` that its tail admits (a loop, not
    a generator: it runs once per name occurrence, 100,000 times on an 8 MB page)."""
    for n in lengths:
        t = _PERSON_TAIL.match(low, q + n)
        if t is not None:
            return q + n, t.end()
    return None
def _upper_class() -> str:
    """A character class of every upper-case letter of the Basic Multilingual Plane, as ranges:
    names after a title start with "Đ", "Ł", "Ž", "Ş" as often as with "Ö" ("Frau Đorđević",
    "Herr Łukaszewicz"), which ``[A-ZÄÖÜ]`` missed."""
    ranges: list[list[int]] = []
    for cp in range(0x10000):
        if chr(cp).isupper():
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


_UPPER = _upper_class()
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|as|ash|at|az|ibn|bin|abu)-[A-ZÄÖÜ]")
_INITIAL = re.compile(r" ([A-ZÄÖÜ]{1,2})\.(?!\w)")
_USERNAME_SHAPE = re.compile(r"^(?=.*[^\W\d_])[\w.-]*(?:_|\d|[a-zäöüß][A-ZÄÖÜ])[\w.-]*$")
_UNDERSCORED = re.compile(r"(?<![\w@./#?&=-])[^\W\d_][\w.-]*_[\w-]*\w(?![\w@])")
_WHO = r"(?P<who>(?=[\w.-]*[^\W\d_])[\w.-]{2,40}(?: [A-ZÄÖÜ][\w.-]+){0,2})"
_ONE = r"(?P<who>(?=[\w.-]*[^\W\d_])[\w.-]{2,40})"
# author lines and quote headers of comment layouts: the unit's author is a private person
_AUTHOR_CUES = (
    re.compile(rf"(?m)^(?:↳ )?{_WHO} (?:sagt|schrieb|schreibt|meint|antwortete|fragt)"
               r"(?: am [^:\n]{0,40})?:"),
    re.compile(rf"\b(?:Zitat von|Antwort von|Kommentar von|gestartet von|Beitrag von|Frage von"
               rf"|Antwort an|Reply to|Geschrieben von|Verfasst von) @?{_WHO}"),
    re.compile(rf"{_ONE}(?: [A-ZÄÖÜ][\w-]+){{0,2}} Mitglied seit"),
    re.compile(rf"(?m)^{_WHO} *· *(?:\d|vor |gestern|heute)"),
    re.compile(rf"(?m)^{_ONE} +(?:vor \d+ (?:(?:Sekunden?|Minuten?|Stunden?|Tag(?:en)?|Wochen?"
               r"|Monat(?:en)?|Jahr(?:en)?)\b|(?:Sek|Min|Std|Wo|Mon)\.)"  # "vor 2 Std."
               r"|(?:gestern|heute)\b)"),
    re.compile(rf"(?m)^{_ONE} ?\n(?=[^\n]*(?:·|\d\d?\.\d\d?\.|vor \d|vor einem|Bewertung"
               r"|Rezension|Beitr|Mitglied|Sterne|Moderator|Benutzer|Experte|Top-Fan"
               r"|Stammgast|Community Manager))"),  # a name line above its metadata or badge
    re.compile(rf"(?m)^{_ONE} ?$"),
    re.compile(rf"{_ONE} → "),  # Disqus-style "reply → addressee"
)
_NAME_LINE_CUES = (_AUTHOR_CUES[5], _AUTHOR_CUES[6])  # a name alone on its line
# a one-word line above a user's own metadata within two lines — membership, post count,
# review count, a star rating: the metadata vouches for a username whatever word it is
# ("Kochtopf\nMitglied seit 2019", "Pusteblume\n14.10.2026\n★☆☆☆☆")
_USER_LINE = re.compile(r"(?m)^(?P<who>[^\W\d_][\w.-]{1,39}) ?\n(?:[^\n]{0,80}\n)?[^\n]{0,80}?"
                        r"(?:Mitglied seit|Beiträge: ?\d|[★☆]|\d+ (?:Rezensionen|Bewertungen)\b)")
# a given name's genitive before what a user writes ("Olivers Beitrag", "Mias Tipp"): the
# possessor of a post is a person; the name itself is then replaced wherever it stands
_POST_NOUNS = ("Beitrag", "Post", "Kommentar", "Antwort", "Frage", "Tipp", "Hinweis",
               "Nachricht", "Rezension", "Bewertung")
_POSSESSOR_BEFORE = re.compile(r"(?<![\w@.-])([A-ZÄÖÜ][a-zäöüß]{2,})$")


def _genitive_possessors(text: str) -> Iterable[str]:
    """The names before "s <post noun>" ("Olivers Beitrag" → "Oliver"): a find per noun, the
    name read back from there (a pattern over the whole text cost 0.16 s per 8 MB)."""
    for noun in _POST_NOUNS:
        cue = f"s {noun}"
        pos = text.find(cue)
        while pos != -1:
            end = pos + len(cue)
            if end == len(text) or not text[end].isalnum():
                m = _POSSESSOR_BEFORE.search(text, max(0, pos - 30), pos)
                if m:
                    yield m.group(1)
            pos = text.find(cue, pos + 1)
_USER_LINE_HINTS = ("Mitglied seit", "Beiträge:", "★", "☆", "Rezensionen", "Bewertungen")
# a text without the literal cannot match the cue above it (spares the slow patterns)
_AUTHOR_HINTS: tuple[tuple[str, ...], ...] = (
    (" sagt", " schrieb", " meint", " antwortete", " fragt"),
    ("Zitat von", "Antwort von", "Kommentar von", "gestartet von", "Beitrag von", "Frage von",
     "Antwort an", "Reply to", "Geschrieben von", "Verfasst von"),
    ("Mitglied seit",), ("·",), (), (), (), ("→",))
_CUE_HINTS: dict[str, tuple[str, ...]] = {  # same for the cues of _collect_people
    "signature": ("Gru", "Grü", "LG", "VG", "MfG", "Servus", "Ciao", "Tschüss", "Cheers", "Bye",
                  "--"),
    "sign_off": ("^", " /", "\n/"),
    "greeting": ("Hallo", "Hej", "Hey", "Hi ", "Moin", "Servus", "Liebe", "Danke", "Merci"),
    "person_noun": ("Leser", "Nutzer", "User", "Benutzer", "Kunde", "Kundin", "Mitglied",
                    "Kolleg", "Forist", "Kommentator", "Rentner", "Mieter", "Nachbar"),
    "title": ("Herr", "Frau", "Fräulein", "Hr.", "Fr.", "Familie"),
    "staff": ("Team (", "team (", "Service (", "service (", "Support (", "support (",
              "dienst (", "betreuung ("),
    "byline": ("Von ", "ericht von", "ommentar von", "nalyse von", "eportage von", "eitrag von",
               "olumne von", "Text:",
               "Autor", "Interview:", "Recherche:"),
}
# a team's sign-off with its staff member's initial and surname in brackets: "Ihr
# PhoneSecond-Team (R. Hoffmann)" — the person is private, the team stays readable (a given
# name in brackets is found by the given-name scan)
_STAFF_IN_BRACKETS = re.compile(r"(?:[Tt]eam|[Ss]ervice|[Ss]upport|dienst|betreuung) "
                                r"\((?P<who>[A-ZÄÖÜ][a-zäöü]?\. [A-ZÄÖÜ][^\W\d_]+"
                                r"(?:-[A-ZÄÖÜ][^\W\d_]+)*)\)")
# readers, users, customers introduced by a journalist or a thread: "Leserin Hatice D. aus …"
_PERSON_NOUN = re.compile(
    r"\b(?:Leser|Leserin|Nutzer|Nutzerin|User|Userin|Benutzer|Benutzerin|Kunde|Kundin|Mitglied"
    r"|Kollege|Kollegin|Forist|Foristin|Kommentator|Kommentatorin|Rentner|Rentnerin|Mieter"
    r"|Mieterin|Nachbar|Nachbarin)(?: \([^)]{1,30}\))? @?" + _WHO)
_TITLE = re.compile(r"\b(?:Herrn?|Frau|Fräulein|Hr\.|Fr\.|Familie)"
                    r"(?: (?:Dr\.|Prof\.|Dipl\.-Ing\.))* "
                    rf"(?P<who>(?:{_UPPER}[a-zäöü]?\. (?={_UPPER}[a-zäöüß]))?"  # "Herr Ş. Karaca"
                    rf"{_UPPER}[^\W\d_]*(?:[-'’][^\W\d_]+)*\.?"
                    r"(?: (?:von|van|de|zu|al|el) [A-ZÄÖÜ][^\W\d_-]*(?:-[^\W\d_]+)*)?)")
_SIGNATURE = re.compile(
    r"(?:\b(?:Gruß|Grüße|Grüßen|Gruss|Grüsse|LG|VG|MfG|Servus|Ciao|Tschüss|Cheers|Bye)"
    r"(?: aus (?:dem |der |den )?[A-ZÄÖÜ][\w-]+)?[,!]?"  # "LG aus Graz, Ferdl"
    r"|^--) *\n? *" + _WHO, re.MULTILINE)
_SIGN_OFF = re.compile(r"(?<=\s)[\^/](?P<who>[A-Za-z]{2,3})(?=\s|$)")
# a greeting or thanks addresses a person by a listed given name: "Hej Lina," "Danke Theresa!"
_GREETING = re.compile(r"\b(?:Hallo|Hej|Hey|Hi|Moin|Servus|Liebe|Lieber|Danke|Merci) "
                       rf"(?P<who>{_UPPER}[^\W\d_]+(?:-{_UPPER}[^\W\d_]+)?)(?=[,!])")
# a Reddit user: "u/konto_gesperrt_hilfe", "Gepostet von u/Paragrafenreiter"
_REDDIT_USER = re.compile(r"(?<![\w/])u/(?P<who>[\w-]{2,30})")
# the rest of a dotted handle after HANDLE's first part: "@wohnglueck.lina", "@anna.k"
_HANDLE_DOTS = re.compile(r"(?:\.\w*[^\W\d_]\w*)+")
# an Instagram-style author line, display name then handle: "Jule Martens jule.martens_"
_HANDLE_TOKEN = r"[a-z0-9]+(?:[._][a-z0-9]+)*_?"  # checked by _is_handle_token
_DISPLAY_NAME_LINE = re.compile(
    r"(?m)^(?P<who>[A-ZÄÖÜ][^\W\d_]+(?:[ -][A-ZÄÖÜ][^\W\d_]+){0,2}) "
    rf"(?P<handle>{_HANDLE_TOKEN})[ \t]*\n(?=[^\n]*\w)")
# a display name right before its @handle (X, Mastodon, Threads author lines): "Lasse B.
# @lasseb@social.example", "Anna Weber @anna_w"; the name starts at a listed given name
_NAME_BEFORE_HANDLE = re.compile(r"((?:[A-ZÄÖÜ][^\W\d_]*\.? ){1,3})@(?P<handle>\w[\w.]*|\[)")
# a username as one field of a metadata line, before its date: "von FragenFrieda · 02.12.",
# "Kommentar #6 | Ex-Postler | 03.12.26"
_HEADER_FIELD = re.compile(rf"(?:\bvon @?|[|·] +){_ONE} +[|·] +(?:\d|vor |[Gg]estern|[Hh]eute)")
# a handle alone on its line (a bare author line): dotted or underscored lowercase parts
_DOTTED_HANDLE = re.compile(r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)*\.[a-z0-9]+(?:[._][a-z0-9]+)*_?")
# what ends a web address or a file name, not a handle ("www.example.de", "bild.jpg")
_NOT_A_HANDLE_END = re.compile(r"(?:^www\.|\.(?:de|com|net|org|eu|at|ch|info|jpe?g|png|gif"
                               r"|pdf|html?|php|txt|csv|docx?|xlsx?)$)")


def _is_handle_token(token: str) -> bool:
    """A lowercase handle with ``_``, ``.`` or digits ("jule.martens_", "minimal_marco"),
    not a web address or file name."""
    return (re.fullmatch(_HANDLE_TOKEN, token) is not None and re.search("[a-z]{2}", token)
            is not None
            and any(c in "._" or c.isdigit() for c in token)
            and not _NOT_A_HANDLE_END.search(token))
# bylines: "Von Petra Schulte" above an article, an author box ("X ist Redakteur")
_NAME_RUN = (r"(?:Dr\. |Prof\. )?[A-ZÄÖÜ][^\W\d_]+(?:-[^\W\d_]+)*"
             r"(?: [A-ZÄÖÜ][^\W\d_]+(?:-[^\W\d_]+)*){1,3}")
_BYLINE = re.compile(
    r"\b(?:Von|Ein Bericht von|Ein Kommentar von|Eine Analyse von|Eine Reportage von"
    r"|Ein Beitrag von|Ein Gastbeitrag von|Eine Kolumne von"
    r"|Text:|Autor:|Autorin:|Interview:|Recherche:) "
    rf"(?P<who>{_NAME_RUN})(?: und (?P<who2>{_NAME_RUN}))?")
# no image credit cue ("Foto:", "Bild:"): a credit never keeps its photographer readable, agency
# or newsroom after the name or not ("Foto: Jan-Hendrik Ohlsen / WESER-KURIER"); it names who
# took a picture, not who wrote the text (codebook §7.2, image credits). The name stays only when
# the same person is the article's byline on the page ("Von Henrike Albers")
_JOURNALIST = (r"(?:Redakteur|Autor|Journalist|Reporter|Korrespondent|Kolumnist|Volontär"
               r"|Chefredakteur|Ressortleiter|Fotograf"
               r"|[A-ZÄÖÜ][a-zäöüß]+(?:redakteur|autor|journalist|reporter|korrespondent"
               r"|kolumnist))")  # "Finanzjournalist", "Wirtschaftsredakteurin"
_AUTHOR_BOX = re.compile(
    rf"(?P<who>{_NAME_RUN})(?:(?: ?\n| (?:ist|war) (?:\w+ )?){_JOURNALIST}"
    r"| (?:schreibt|arbeitet) seit \d)")
_AUTHOR_BOX_HINT = re.compile(rf"{_JOURNALIST}| (?:schreibt|arbeitet) seit \d")
# where an _AUTHOR_BOX_HINT match starts: at a role word or " schreibt seit", or at the capital
# before the lower-case run that ends at a compound's role ("Finanz|journalist"); its
# [A-ZÄÖÜ][a-zäöüß]+ start was tried at every capital of the text
_AUTHOR_BOX_HINTS = (
    Hint(re.compile("Redakteur|Autor|Journalist|Reporter|Korrespondent|Kolumnist|Volontär"
                    "|Chefredakteur|Ressortleiter|Fotograf| schreibt seit | arbeitet seit ")),
    Hint(re.compile("redakteur|autor|journalist|reporter|korrespondent|kolumnist"),
         back=re.compile("[a-zäöüß]"), shift=-1),
)
_NAME_CHARS = re.compile(r"[\w .\n-]")
# the name after a public role noun ("Verbraucherschutzsenatorin X Y": the noun's rest, a name)
# or after the role's organisation in the genitive and a comma ("Präsident der
# Bundesnetzagentur, X Y"; "Chefin des Verbands, X Y"): an apposition names the holder
_ROLE_NAME = re.compile(r"[a-zäöüß]*(?: de[rs] [A-ZÄÖÜ][\w-]*(?: [A-ZÄÖÜ][\w-]*){0,2},)?"
                        rf" ({_NAME_RUN})")
# a firm's head ("Flix-Chef X Y", "Telekomchefin X Y"): "chef" after a listed organisation's
# name; "mein Chef X", "Küchenchef X" stay private (the word before is no organisation)
_FIRM_HEAD = re.compile(r"([^\W\d_]+)-?$")
_DAY_BEFORE = re.compile(r"\d\. ?$")
_YEAR_AFTER = re.compile(r"\.? (?:19|20)\d\d(?!\d)")
_MAX_BOX_REACH = 2000  # characters a name run before an author-box cue may span (see below)


def _below_author_line(text: str, start: int, rules: PrivacyRules) -> bool:
    """The line before ``start`` is an author line (a username, or a short line that starts
    with a given name after an optional title): a one-word line under it is the author's badge
    ("Netzwerker", "Community-Mentor", "Rechtsanwältin"), not another person."""
    if start < 2 or text[start - 1] != "\n":
        return False
    prev = text[text.rfind("\n", 0, start - 1) + 1:start - 1].strip()
    tokens = [t for t in prev.split(" ") if t not in ("Dr.", "Prof.")]
    if not tokens or len(prev) > 40 or len(tokens) > 4:
        return False
    if len(tokens) == 1:
        return bool(_USERNAME_SHAPE.match(tokens[0]))
    return rules.given.is_name(tokens[0]) and tokens[1][:1].isupper()


def _author_boxes(text: str) -> Iterable[re.Match[str]]:
    """``_AUTHOR_BOX.finditer(text)``, searched only before each of its cue words
    ("Redakteur", "schreibt seit 19"): the pattern starts with a name run, which the engine
    tried at every capital letter of the text. A match ends with its cue word and holds only
    word characters, spaces, hyphens, dots and line breaks before it, so each search starts at
    the last other character before the cue (at most ``_MAX_BOX_REACH`` back; a longer run of
    letters is no name) and ends at the cue's end."""
    last = 0
    for hint in hinted_finditer(_AUTHOR_BOX_HINT, text, _AUTHOR_BOX_HINTS, _hint_index(text)):
        start = hint.start()
        floor = max(last, start - _MAX_BOX_REACH)
        while start > floor and _NAME_CHARS.match(text, start - 1):
            start -= 1
        for m in _AUTHOR_BOX.finditer(text, start, hint.end()):
            yield m
            last = m.end()


def _arrow_authors(text: str) -> Iterable[re.Match[str]]:
    """``_AUTHOR_CUES[-1].finditer(text)`` ("name → addressee"), searched only before each
    " → ": a match is at most 40 name characters and the arrow."""
    cue, last, pos = _AUTHOR_CUES[-1], 0, text.find(" → ")
    while pos != -1:
        m = cue.search(text, max(last, pos - 40), pos + 3)
        if m:
            yield m
            last = m.end()
        pos = text.find(" → ", pos + 1)

# a company's own account: "X ✓ Verifiziertes Unternehmen", "X Kundenservice", "X-Service-Team"
_ORG_CUES = (
    re.compile(r"(?m)^(?P<who>[^\n✓✔]{2,40}?) *[✓✔] *(?:Verifiziert|Offiziell|Unternehmen)"),
    re.compile(r"(?P<who>[A-ZÄÖÜ0-9][\w&.]*(?:-[A-ZÄÖÜ][\w&]*)*)[ -](?:Kundenservice|Kundendienst"
               r"|Service-Team|Serviceteam|Service|Community-Team|Social-Media-Team|Team"
               r"|Support)\b"),
    # the copyright holder of the page is its publisher: "© 2024 NetzKompass", "Copyright 2026 X"
    re.compile(r"(?:©|\(c\)|Copyright)(?: ©)? *(?:\d{4}(?: *[–-] *\d{4})? +)?"
               r"(?P<who>[A-ZÄÖÜ][\w&]*(?:[.-][A-ZÄÖÜ\w][\w&]*)*)"),
    # the site's name in front of its footer menu is the publisher: "BewertungsPortal · Über
    # uns · Impressum", "Techkram.de | Impressum" (one word; a person's name is no site name)
    re.compile(r"(?m)^(?P<who>[A-ZÄÖÜ][\w&.-]{1,40}) *[·|] *(?:Über uns|Impressum|Datenschutz"
               r"|Kontakt|AGB)\b"),
)
_ORG_HINTS = (re.compile("[✓✔]"), re.compile(r"[ -](?:Kundenservice|Kundendienst|Service"
                                              r"|Serviceteam|Community-Team|Social-Media-Team"
                                              r"|Team|Support)\b"),
              re.compile(r"©|\(c\)|Copyright"),
              re.compile("Über uns|Impressum|Datenschutz|Kontakt|AGB"))
_FOOTER_MENU = frozenset({"über", "impressum", "datenschutz", "kontakt", "agb"})


def _literals(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


# where the cues below can match (servicelab.scan): each is tried only there, not at every
# position of an 8 MB page; tests/test_scan.py checks each against the plain scan
_CUE_STARTS: dict[re.Pattern[str], tuple[Hint, ...]] = {
    _AUTHOR_CUES[1]: (Hint(_literals(_AUTHOR_HINTS[1])),),
    _PERSON_NOUN: (Hint(_literals(_CUE_HINTS["person_noun"])),),
    _TITLE: (Hint(_literals(_CUE_HINTS["title"])),),
    _STAFF_IN_BRACKETS: (Hint(_literals(_CUE_HINTS["staff"])),),
    _SIGNATURE: (Hint(_literals(_CUE_HINTS["signature"])),),
    _SIGN_OFF: (Hint(re.compile(r"[\^/]"), overlaps=False),),
    _BYLINE: (Hint(_literals(("Von ", "Ein", "Text:", "Autor", "Interview:", "Recherche:"))),),
    # starts after no word character, so at the start of the name characters before a "_"
    _UNDERSCORED: (Hint(re.compile("_"), back=re.compile(r"[\w.-]")),),
    # the author-line cues that start at a line start: the text's start or after a break
    **{cue: (Hint(re.compile(r"\A")), Hint(re.compile("\n"), shift=1, overlaps=False))
       for cue in (*_AUTHOR_CUES[:1], *_AUTHOR_CUES[3:7])},
    # the pattern without its leading \b starts with its greeting words: the engine skips
    # ahead to them (with \b it was tried at every position)
    _GREETING: (Hint(re.compile(_GREETING.pattern.removeprefix("\\b"))),),
    _REDDIT_USER: (Hint(re.compile("u/")),),  # the match starts at its "u/"
    # a display name before its handle: anywhere in the run of letters, dots and spaces that
    # ends at the "@" (tried at every capital of an 8 MB page, the cue cost 0.3 s)
    _NAME_BEFORE_HANDLE: (Hint(re.compile("@"), back=re.compile(r"[^\W\d_]|[. ]"),
                               inside=True),),
    # a header field starts at its "von" or at the separator before it
    _HEADER_FIELD: (Hint(_literals(("von ",))), Hint(re.compile("[|·]"), overlaps=False)),
    # "Lisa_M Moderatorin Mitglied seit": the name run and badge words before the literal
    # (the name's character run was tried at every word character: 2 s on an 8 MB page)
    _AUTHOR_CUES[2]: (Hint(re.compile(" Mitglied seit"), back=re.compile(r"[\w. -]"),
                           inside=True),),
    # "X-Service-Team", "Vodafone Kundenservice": the account's name is the run of name
    # characters before " Kundenservice" (it was tried at every capital and digit)
    _ORG_CUES[1]: (Hint(_ORG_HINTS[1], back=re.compile(r"[\w&.-]"), inside=True),),
    _ORG_CUES[3]: (Hint(re.compile(r"\A")), Hint(re.compile("\n"), shift=1, overlaps=False)),
}


def _cue_matches(cue: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """``cue.finditer(text)``, by its hints where it has some."""
    hints = _CUE_STARTS.get(cue)
    return cue.finditer(text) if hints is None else hinted_finditer(cue, text, hints,
                                                                     _hint_index(text))


# the literal alternations among the cues' hints ("Herr|Frau|…", "Gru|Grü|LG|…"): on a long
# text one Aho-Corasick pass finds them all (servicelab.scan.LiteralIndex) instead of a scan
# per cue; single characters with many hits ("_", "@", a line break) keep their own scans
_INDEXED_HINTS = tuple(dict.fromkeys((*(
    h.pattern for hints in (*_CUE_STARTS.values(), _AUTHOR_BOX_HINTS) for h in hints
    if is_literal_alternation(h.pattern) and len(h.pattern.pattern) > 1), *SLOT_LITERALS)))
_INDEX_MIN_CHARS = 100_000  # below, the scans cost less than building the index


def _hint_index(text: str) -> LiteralIndex | None:
    """The literal index of a long text (built once per text), None for a short one."""
    return _literal_index(text) if len(text) >= _INDEX_MIN_CHARS else None


@lru_cache(maxsize=2)
def _literal_index(text: str) -> LiteralIndex:
    return LiteralIndex(text, _INDEXED_HINTS)


@dataclass(frozen=True)
class SignOffRules:
    """Where a page's structure marks a short name as a person's though no list knows it:
    a staff member's initials after "^" or "/" closing a quoted statement ("… bekannt. ^TL"),
    the surname after "i.A." ("Ihr Service-Team, i.A. Pawlak"), and the speaker slot of a
    chat export ("[28.11.26, 07:40] Manni 44 EG: …"), whose first word is a nickname."""

    initials: re.Pattern[str] = re.compile(r"(?<!\S)[\^/]([A-ZÄÖÜ]{2,3})(?=[\"”“']*\s*$)",
                                           re.MULTILINE)
    on_behalf: re.Pattern[str] = re.compile(
        r"\bi\. ?A\. ([A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?! [A-ZÄÖÜ])")
    chat_speaker: re.Pattern[str] = re.compile(
        r"^\[\d{1,2}\.\d{1,2}\.\d{2,4},? \d{1,2}:\d{2}(?::\d{2})?\] ([A-ZÄÖÜ][\w-]+)"
        r"(?=[^:\n]{0,30}:| hat | ist )", re.MULTILINE)
    # words that open a speaker slot but are no name ("[…] Hr Schulte:", "[…] Frau Acar:")
    titles: frozenset[str] = frozenset({"hr", "fr", "herr", "frau", "dr", "prof", "familie"})


@dataclass(frozen=True)
class PrivacyRules:
    """What the pseudonymiser knows: given names, names that stay public, organisations."""

    given: GivenNames
    public: dict[str, str]  # lower-cased name or handle → kind (privacy_public.csv)
    roles: tuple[str, ...]  # lower-cased role nouns that make the following name public
    organisations: frozenset[str]  # lower-cased gazetteer names and handles
    team_words: frozenset[str]  # handle parts that name a team, not a person ("hilft", "de")
    # country names after a known organisation only ("ikea_deutschland"; "sparfuchs_deutschland"
    # is a person's)
    country_words: frozenset[str] = frozenset()
    # offsets of firm names in a text ("Sanitär Kowalczyk GmbH"): a person's name inside one is
    # the firm's and stays readable; the same name elsewhere is still replaced. None: no spans
    firm_spans: Callable[[str], list[tuple[int, int]]] | None = None
    # surnames of many origins that are no German or English word ("Okonkwo", "Nguyễn"):
    # beside an unknown capitalised word, or before a given name, they make a full name
    surnames: frozenset[str] = frozenset()
    # the commonest surnames of each country, words included ("Weber"): after a given name
    # that is also a listed firm ("Otto Weber", "Penny Schulz") they make a person's name
    common_surnames: frozenset[str] = frozenset()
    # lower-cased German states and large cities ("berlin"): a place is nobody's name, and a
    # place's handle ("@Berlin") is its account
    places: frozenset[str] = frozenset()
    # trade heads and institution tails: a handle with one ("söp_Schlichtungsstelle",
    # "pizzeria.daenzo") and no given name is a firm's or an institution's
    firm_parts: FirmParts | None = None
    # what a firm glues to its name in a web domain ("o2online.example", "xyzshop.de"): a
    # domain label that is a known organisation plus one of these is the firm's domain
    domain_tails: tuple[str, ...] = ("online", "shop", "web", "net", "service", "de")
    sign_offs: SignOffRules = SignOffRules()


def _read_public(name: str) -> list[dict[str, str]]:
    path = resources.files("servicelab.data").joinpath(name)
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def privacy_rules() -> PrivacyRules:
    """The shipped rules (``given_names`` + ``privacy_public.csv`` + the gazetteer)."""
    from servicelab.entities import Gazetteer, firm_name_spans, load_places

    public, roles, teams, countries, heads, tails = {}, [], set(), set(), set(), set()
    for row in _read_public("privacy_public.csv"):
        if row["kind"] == "firm_head":
            heads.add(row["name"])
        elif row["kind"] == "institution_tail":
            tails.add(row["name"])
        elif row["kind"] == "public_role":
            roles.append(row["name"].lower())
        elif row["kind"] == "team_word":
            teams.add(row["name"].lower())
        elif row["kind"] == "country_word":
            countries.add(row["name"].lower())
        else:
            public[row["name"].lower()] = row["kind"]
    gazetteer = Gazetteer.default()
    parts = FirmParts.load(heads | set(gazetteer.heads), tails)
    return PrivacyRules(given_names(), public, tuple(sorted(roles, key=len, reverse=True)),
                        gazetteer.known_names, frozenset(teams), frozenset(countries),
                        partial(parts.spans, base=firm_name_spans), listed_surnames(),
                        common_surnames(), load_places(), parts)


def _split_handle(name: str) -> list[str]:
    return [p.lower() for p in re.findall(r"[A-ZÄÖÜ]{2,}(?![a-zäöüß])|[A-ZÄÖÜ]?[a-zäöüß]+|\d+",
                                          name.replace("-", "_"))]


@lru_cache(maxsize=4)
def _hyphen_heads(organisations: frozenset[str]) -> frozenset[str]:
    """Every ``x`` with an organisation that starts with ``x-`` ("huk" of "huk-coburg"): one
    set look-up per handle instead of a walk over the organisations."""
    return frozenset(o[:i] for o in organisations for i, c in enumerate(o) if c == "-")


#: team words that also end a compound naming a team ("reiseservice", "kundenbetreuung",
#: "serviceteam"); short ones ("de", "at", "info") only count as whole parts
_TEAM_HEADS = ("service", "support", "hilfe", "team", "betreuung", "dienst")
#: the modifier of a compound that names a customer function, whatever its head
#: ("kundendialog", "kundencenter", "kundenkontakt"): beside a firm's name, its team
_TEAM_MODIFIERS = ("kunden",)


def _team_part(part: str, rules: PrivacyRules) -> bool:
    """A handle part that names a team: a team word, or a compound whose head is one
    ("Reiseservice", "Kundenbetreuung"), not a person's name ("Kai")."""
    return part in rules.team_words or part in rules.country_words or any(
        part.endswith(h) and len(part) >= len(h) + 3 for h in _TEAM_HEADS) or any(
        part.startswith(m) and len(part) >= len(m) + 4 for m in _TEAM_MODIFIERS)


def _org_then_team(low: str, rules: PrivacyRules) -> bool:
    """A handle that runs an organisation and a team compound together without a separator
    ("dbreiseservice", "toyotakundendienst")."""
    return any(low[:i] in rules.organisations and _team_part(low[i:], rules)
               and not rules.given.is_name(low[i:].capitalize())
               for i in range(2, len(low) - 4))


def is_public_handle(name: str, rules: PrivacyRules) -> bool:
    """A handle or username that names a company or its team, not a person.

    Public when it is listed (gazetteer, ``privacy_public.csv``) or when its parts are an
    organisation plus team words only (``@Sky_Hilfe_Team``, ``@Vattenfall_DE``,
    ``@vodafone_service``); a person's name among the parts makes it private
    (``o2_Service_Katrin``).
    """
    low = name.lower().lstrip("@")
    if low in rules.public or low in rules.organisations:
        return True
    if rules.firm_parts is not None and _institution_handle(low, rules):
        return True  # "söp_Schlichtungsstelle", "pizzeria.daenzo"
    if low in _hyphen_heads(rules.organisations):
        return True  # "@HUK" of "@HUK-COBURG Kundenservice"
    parts = [p for p in re.split(r"[_.-]+", low) if p]
    if any(p in rules.organisations for p in parts):
        rest = [p for p in parts if p not in rules.organisations]
        return all(_team_part(p, rules) for p in rest)
    fine = _split_handle(name)
    if len(fine) > 1 and fine[0] in rules.organisations:
        return all(_team_part(p, rules) for p in fine[1:])
    if len(parts) == 1 and _org_then_team(low, rules):
        return True
    # "@Vattenfall_DE", "@DB_Bahn": a name that is no person's, then team words only
    return (len(parts) > 1 and all(p in rules.team_words for p in parts[1:])
            and not rules.given.is_name(parts[0].capitalize()))

def _institution_handle(low: str, rules: PrivacyRules) -> bool:
    """A handle of two parts or more, one a trade head or an institution compound, none a
    given name ("söp_schlichtungsstelle"; not "anna_friseur", a person's)."""
    parts = [p for p in re.split(r"[_.-]+", low) if p]
    parts_ = rules.firm_parts
    return (parts_ is not None and len(parts) > 1
            and any(parts_.is_institution_part(p) for p in parts)
            and not any(rules.given.is_name(p.capitalize()) for p in parts))


_HIDDEN_AT = re.compile(r"\s?[(\[{]\s?(?:at|AT|ät)\s?[)\]}]\s?| (?:at|AT) ")
_HIDDEN_DOT = re.compile(r"\s?[(\[{]\s?(?:dot|DOT|punkt|Punkt)\s?[)\]}]\s?| (?:dot|punkt) ")


def _org_domain_label(label: str, rules: PrivacyRules) -> bool:
    """A domain label that is a known organisation with a web tail glued on ("o2online"):
    the firm's own domain, so a team mailbox there is the firm's."""
    return any(label.endswith(tail) and label[:-len(tail)] in rules.organisations
               for tail in rules.domain_tails if len(label) > len(tail) + 1)


def is_team_address(address: str, rules: PrivacyRules) -> bool:
    """A company's function mailbox or team account, not a person's (codebook §7: a company's
    service e-mail is public, a private site's contact address is not): team words only
    before the "@" and a known organisation in the domain ("kundenbetreuung@toyota.de"), or
    a company's team handle before it (the fediverse "dbreiseservice@bahn.example.social").
    "kontakt@meinblog.de", "info@anna-weber.de" and "mueller_service@gmx.de" stay private.
    Written to hide it ("name(at)example.de"), an address is a person's, unless it is a
    function mailbox at a firm's domain ("service [at] krueger-reisen.example": a trade word
    among the domain's labels)."""
    local, at, domain = address.lower().partition("@")
    hidden = not at
    if hidden:
        m = _HIDDEN_AT.search(address)
        if m is None:
            return False
        local, domain = address[:m.start()].lower(), _HIDDEN_DOT.sub(".", address[m.end():]
                                                                     ).lower()
    parts = [p for p in re.split(r"[_.+-]+", local) if p]
    labels = [p for p in re.split(r"[.-]+", domain) if p][:-1]  # without the top level
    if parts and all(_team_part(p, rules) for p in parts) \
            and any(label in rules.organisations or _org_domain_label(label, rules) or (
                rules.firm_parts is not None and rules.firm_parts.is_institution_part(label))
                for label in labels):
        return True
    if hidden:
        return False
    named = (any(p in rules.organisations for p in parts) or _org_then_team(local, rules)
             or (_split_handle(local) or [""])[0] in rules.organisations)
    return named and is_public_handle(local, rules)


def user_key_file() -> Path:
    """The user's own key file (``$XDG_CONFIG_HOME/servicelab/pseudonym.key``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "servicelab" / "pseudonym.key"


def _read_key(path: Path) -> bytes:
    try:
        key = path.read_text(encoding="utf-8").strip().encode()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusInputError(str(path), f"pseudonym key unreadable ({exc.__class__.__name__})"
                               ) from None
    if len(key) < 16:
        raise CorpusInputError(str(path), "a pseudonym key needs at least 16 characters")
    return key


def resolve_key(corpus: str | Path | None = None) -> bytes:
    """The pseudonym key for a corpus, without ever taking it from the code.

    In order: the environment variable ``SERVICELAB_PSEUDONYM_KEY``; a file
    ``servicelab.key`` in the corpus folder (or beside a corpus file) — the shipped seed
    corpus has one, so its pseudonyms are the same on every machine; the user's key file
    (:func:`user_key_file`), created with a random key on first use. Same key, same
    pseudonyms; keep the key as private as the raw texts.
    """
    if os.environ.get(KEY_ENV):
        key = os.environ[KEY_ENV].strip().encode()
        if len(key) < 16:
            raise CorpusInputError(KEY_ENV, "a pseudonym key needs at least 16 characters")
        return key
    if corpus is not None:
        folder = Path(corpus) if Path(corpus).is_dir() else Path(corpus).parent
        if (folder / KEY_FILE_NAME).is_file():
            return _read_key(folder / KEY_FILE_NAME)
    path = user_key_file()
    if not path.is_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # written whole under a private name, then linked into place: a build that
            # starts at the same moment sees either no key file or a complete one
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another build created it a moment ago: use that one
            finally:
                tmp.unlink()
        except OSError as exc:
            raise CorpusInputError(str(path), f"cannot create the pseudonym key ({exc.strerror});"
                                   f" set {KEY_ENV} instead") from None
    return _read_key(path)


def pseudonym(kind: str, original: str, key: bytes) -> str:
    """Stable pseudonym for ``original`` of ``kind`` (person, phone, email, address)."""
    norm = re.sub(r"\s+", " ", original.strip().lower())
    digest = hashlib.blake2b(f"{kind}|{norm}".encode(), key=key[:64],
                             digest_size=DIGEST_BYTES).hexdigest()
    label = {"person": "Person", "phone": "Telefon", "email": "E-Mail", "address": "Adresse"}
    return f"{label[kind]}_{digest}" if kind == "person" else f"[{label[kind]}_{digest}]"


@dataclass
class Pseudonymised:
    """Result of :func:`pseudonymise_text`: the new text and what was replaced."""

    text: str
    replacements: list[tuple[str, str, str]] = field(default_factory=list)  # kind, orig, new


def _person_key(name: str) -> str:
    return re.sub(r"\d+$", "", name).lower()


def _is_wordish_or_public(token: str, rules: PrivacyRules) -> bool:
    """A stop word, an organisation or a listed public name ("Hallo Telekom,", "Danke Meta")."""
    low = token.lower()
    return low in _STOP or low in rules.organisations or low in rules.public


def _is_wordish(token: str, rules: PrivacyRules) -> bool:
    """A token that is a German word, a stop word or an organisation, not a name."""
    low = token.lower()
    return (low in _STOP or low in rules.organisations or low in rules.public
            or (low in german_words() and not rules.given.is_plain(token)))


# an abbreviated given name: "M.", "Th." (not a title or an abbreviation such as "Dr.", "St.")
_INITIAL_TOKEN = re.compile(r"^(?!(?:Dr|St|Nr|Co|Mr|Ms|Fa|Hr|Fr|Jr|Sr|Mio|Mrd|Bd|Ca"
                            r"|Mo|Di|Mi|Do|Sa|So)\.)"  # weekdays: "Mo. Abend"
                            r"[A-ZÄÖÜ][a-zäöü]?\.$")
# "M. Ferreira", "Th. Brenninkmeyer", "M. Yıldırım-Koch" anywhere in a text
_INITIAL_SURNAME = re.compile(r"(?<![\w.])(?P<ini>[A-ZÄÖÜ][a-zäöü]?\.) "
                              r"(?P<sur>[A-ZÄÖÜ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)*)(?![\w-])")
_INITIAL_SURNAME_HINTS = (Hint(re.compile(r"\. [A-ZÄÖÜ]"), reach=2, overlaps=False),)


def _team_compound(token: str, rules: PrivacyRules) -> bool:
    """A hyphenated word with an organisation or a team word among its parts
    ("ING-Social-Media-Team" in "Nils vom ING-Social-Media-Team"): a team, not a surname."""
    parts = [p.lower() for p in token.split("-")]
    return len(parts) > 1 and any(p in rules.organisations or p in rules.team_words
                                  for p in parts)


def _is_surname(token: str, rules: PrivacyRules) -> bool:
    """A capitalised token that can be a surname: no German word, stop word, organisation or
    listed public name, not made of German words only ("Ferreira", "Yıldırım-Koch",
    "Güneş-Baumann"; not "Danach", "Telekom", "Baum-Schule")."""
    token = token.rstrip(".:,")
    low = token.lower()
    return (len(token) >= 3 and token[0].isupper() and not token.isupper()
            and low not in _STOP and low not in rules.organisations and low not in rules.public
            and low not in german_words()
            and any(p.lower() not in german_words() and not looks_like_common_word(p)
                    for p in token.split("-")))


def _named_after_initial(token: str, rules: PrivacyRules) -> bool:
    """A capitalised word after an initial in a place a cue keeps for a person (a signature,
    a team's staff in brackets): a surname, even one that is also a word or a firm ("R.
    Hoffmann", "K. Müller", "M. Weber" — the commonest German surnames are words); not a stop
    word, an abbreviation in capitals or a listed public name."""
    token = token.rstrip(".:,)")
    low = token.lower()
    return (len(token) >= 3 and token[0].isupper() and not token.isupper()
            and low not in _STOP and low not in rules.public)


def _firm_page(account: str, rules: PrivacyRules) -> bool:
    """A profile address's account that runs an organisation (no given name) into a word:
    the firm's page ("facebook.com/dbbahn"), not a person's ("facebook.com/ottobraun")."""
    low = account.lower()
    return any(low[:i] in rules.organisations and not rules.given.is_name(low[:i].capitalize())
               and (low[i:] in german_words() or low[i:] in english_words())
               for i in range(2, len(low) - 2))


def _slot_name(who: str, rules: PrivacyRules, keep: set[str]) -> bool:
    """A single word that a greeting or a crediting phrase addresses ("Hi X,", "Danke an X",
    "wie X schon sagte") is a person's name when it is a listed given name or on no word list
    ("Lütti", "Smilla"), and no stop word, organisation, public name or place; a word on no
    list that ends in "s" addresses a community ("Liebe Cloudys,"), not a person. The given
    name of the page's byline ("Hi Tobias," below "Eine Kolumne von Tobias H…") addresses the
    article's author, a public name: replacing it broke the byline itself."""
    low = who.lower()
    return (not _is_wordish_or_public(who, rules) and low not in keep
            and "^" + low not in keep and low not in rules.places
            and (rules.given.is_name(who)
                 or (_unknown_word(who, rules, keep) and not low.endswith("s"))))


def _trim_who(who: str, rules: PrivacyRules) -> str:
    """The name in a cue's capture: its first token and following tokens that are no words
    ("Ines Zitieren Antworten" → "Ines"); empty when the first token is a word. An initial
    and the word after it are a name ("M. Ferreira", "R. Hoffmann")."""
    tokens = who.split(" ")
    if len(tokens) > 1 and _INITIAL_TOKEN.match(tokens[0]) and _named_after_initial(
            tokens[1], rules):
        return f"{tokens[0]} {tokens[1].rstrip('.:,)')}"  # "M. Ferreira", "Th. Brenninkmeyer"
    first = tokens[0].rstrip(".:,")
    if not first or first.lower() in _STOP or first.lower() in rules.organisations or (
            _is_wordish(first, rules) and not _USERNAME_SHAPE.match(first)
            and not rules.given.is_plain(first)):
        return ""
    if not _USERNAME_SHAPE.match(first) and not rules.given.is_name(first) \
            and is_verb_form(first):
        return ""  # a badge or menu word: "Verifiziert → …", "Benutzer   Unbeantwortet"
    kept = [first]
    for tok in tokens[1:]:
        if not tok[:1].isupper() or _is_wordish(tok.rstrip(".:,"), rules):
            break
        kept.append(tok.rstrip(":,"))
    return " ".join(kept)


@dataclass
class _Found:
    """Person forms of one text: lower-cased form → (pseudonym key, case-sensitive)."""

    forms: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def add(self, form: str, key: str, case_sensitive: bool) -> None:
        form = form.strip()
        if len(form) >= 2:
            self.forms.setdefault(form.lower(), (key.lower(), case_sensitive))


def _byline_name(run: str, rules: PrivacyRules) -> str:
    """The name of a byline's or author box's name run: :func:`_trim_who`, but the capitalised
    word after a given name is the surname even when it is also a German word ("Von Katharina
    Lenz", "Von Marlene Vogel"): the cue vouches for a name, a surname list cannot."""
    who = _trim_who(run, rules)
    tokens = run.split(" ")
    if not who and len(tokens) > 1 and rules.given.is_name(tokens[0]) \
            and tokens[1][:1].isupper() and not tokens[1].isupper() \
            and not _is_wordish(tokens[1], rules) and tokens[1].lower() not in _STOP \
            and tokens[1].lower() not in rules.organisations:
        # a given name that is also a word ("Von Selin Aksoy und Mark Terhoeven"): the cue
        # and a surname that is no word vouch for a name
        return f"{tokens[0]} {tokens[1]}"
    if who and " " not in who and run.startswith(who + " "):
        nxt = run[len(who) + 1:].split(" ")[0]
        if nxt[:1].isupper() and not nxt.isupper() and nxt.lower() not in _STOP \
                and nxt.lower() not in rules.organisations:
            return f"{who} {nxt}"
    return who


def _protected_names(text: str, rules: PrivacyRules) -> tuple[set[str], set[str]]:
    """Names that stay readable in this text, lower-cased: (people, organisations).

    People: listed public names, bylines and author boxes and their parts, names after a
    public role noun ("Verbraucherschutzsenatorin X Y"). Organisations: the gazetteer's and
    accounts marked as a company's ("X ✓ Verifiziertes Unternehmen", "X Kundenservice").
    """
    low = text.lower()
    keep = {n for n in rules.public if " " in n and n in low}
    bylined: set[str] = set()  # "^first": the given name of an article's byline
    if "Von " in text or ":" in text or "von " in text or "\n" in text \
            or _AUTHOR_BOX_HINT.search(text):  # a one-line author box ("X ist Redakteurin")
        for cue in (_BYLINE, _AUTHOR_BOX):
            if cue is _BYLINE and not any(h in text for h in _CUE_HINTS["byline"]):
                continue
            for m in _author_boxes(text) if cue is _AUTHOR_BOX else _cue_matches(cue, text):
                for who in (m.group("who"), m.groupdict().get("who2")):
                    who = _byline_name(re.sub(r"^(?:Dr\.|Prof\.) ", "", who or ""), rules)
                    if " " in who and rules.given.is_name(who.split(" ")[0]):
                        keep.add(who.lower())
                        if cue is _BYLINE:
                            bylined.add("^" + who.split(" ")[0].lower())
    for role in rules.roles:
        pos = low.find(role)
        while pos != -1:
            m = _ROLE_NAME.match(text, pos + len(role))  # no copy of the rest of the text
            if m:
                keep.add(_trim_who(re.sub(r"^(?:Dr\.|Prof\.) ", "", m.group(1)), rules).lower())
            pos = low.find(role, pos + 1)
    pos = low.find("chef")
    while pos != -1:
        head = _FIRM_HEAD.search(low, max(0, pos - 40), pos)
        if head and head.group(1) in rules.organisations:
            m = _ROLE_NAME.match(text, pos + 4)
            if m:
                keep.add(_byline_name(re.sub(r"^(?:Dr\.|Prof\.) ", "", m.group(1)),
                                      rules).lower())
        pos = low.find("chef", pos + 1)
    orgs = set()
    for cue, hint in zip(_ORG_CUES, _ORG_HINTS, strict=True):
        if not hint.search(text):
            continue
        for m in _cue_matches(cue, text):
            who = m.group("who").strip()
            if cue is _ORG_CUES[3] and (who.lower() in _FOOTER_MENU
                                         or rules.given.is_name(who.split(".")[0])):
                continue  # "Impressum · Datenschutz"; "Marlene · Impressum" is a person's
            if cue is _ORG_CUES[2] and _person_holder(text, m.end(), who, rules):
                continue  # "© 2026 Edda Brunsmann": a private blog's owner, not a publisher
            if who.lower() not in _STOP and not _PSEUDONYM.match(who):
                orgs.add(who.lower())
    keep.discard("")
    # the surname alone stays too ("Schulte-Hovenbeck schreibt"); a first name alone does not
    # make another person's full name public, it is only not replaced on its own
    surnames = {name.rsplit(" ", 1)[-1] for name in keep if " " in name}
    firsts = {"~" + name.split(" ")[0] for name in keep if " " in name}
    return keep | surnames | firsts | bylined, orgs


_NEXT_CAP = re.compile(r" ([A-ZÄÖÜ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)?)(?![\w&.-])")


def _person_holder(text: str, end: int, who: str, rules: PrivacyRules) -> bool:
    """The copyright holder is a person (a given name, then a word on no German or English
    list: "© 2026 Edda Brunsmann"), not a firm ("© 2024 Otto Group", "© Rosa Verlag")."""
    m = _NEXT_CAP.match(text, end)
    if m is None or not rules.given.is_name(who) or who.lower() in rules.organisations:
        return False
    last = m.group(1)  # a compound test would call "Brunsmann" a word ("-mann"): lists only
    return (last.lower() not in rules.organisations and last.lower() not in german_words()
            and last.lower() not in english_words()
            and f"{who} {last}".lower() not in rules.organisations)


def _scan_full_names(text: str, rules: PrivacyRules, keep: set[str], found: _Found) -> None:
    """Given name(s) + optional particles + surname or initial, by walking the tokens; a lone
    given name that is no German word is a name too."""
    given = rules.given
    # speed: the given names of this text are looked up once per distinct capitalised word, and
    # only the few words after each of their occurrences are tokenised and walked
    caps = set(_CAP_WORD.findall(text))
    here = {w for w in caps if w[0].isupper() and given.is_name(w)}
    fulls: dict[str, set[str]] = {}
    surs = caps & rules.surnames
    # "Marquardt-Diallo": a double surname whose parts are listed surnames
    surs |= {w for w in caps if "-" in w and all(
        p in rules.surnames or p in rules.common_surnames for p in w.split("-"))}
    # one pass for both lists: the surnames' occurrences are those of a listed surname
    occurrences = _occurrences(text, here | surs) if surs else _occurrences(text, here)
    if surs:
        _unknown_then_surname(text, rules, keep, found,
                              [(a, b) for a, b in occurrences if text[a:b] in surs], fulls)
    if not here:
        _lone_stands_for_full(fulls, keep, found)
        return
    by_start: dict[int, re.Match[str]] = {}
    for start, end in occurrences:
        if text[start:end] not in here:
            continue
        for m in _TOKEN.finditer(text, start, start + _NAME_WINDOW):
            old = by_start.get(m.start())  # the longest token of the windows at each start
            if old is None or m.end() > old.end():
                by_start[m.start()] = m
    tokens = [by_start[k] for k in sorted(by_start)]
    words = [m.group() for m in tokens]
    starts = [x for x, w in enumerate(words) if w in here]
    lone: list[str] = []
    runs: list[str] = []
    n, done = len(tokens), 0

    def adjacent(a: int, b: int) -> bool:
        return tokens[a].end() + 1 == tokens[b].start() and text[tokens[a].end()] == " "

    for i in starts:
        if i < done:
            continue  # inside a name found before
        tok = words[i]
        if tok.lower() in keep or tok.lower() in _STOP or tok.lower() in rules.public:
            continue
        if tok.lower() in rules.organisations:
            # "Meta" is a given name, but listed as a company; "Otto Weber" is a person
            full = _firm_word_then_surname(text, tokens, i, rules)
            if full is not None and full.lower() not in keep:
                found.add(full, full, True)  # "Otto" alone stays the firm's
                done = i + 2
            continue
        j = i
        while j + 1 < n and adjacent(j, j + 1) and words[j + 1] in here \
                and words[j + 1].lower() not in rules.organisations:
            j += 1
        before = _surname_first(text, tokens[i].start(), rules, surs, j > i) if surs else None
        # "The Share": a run must start with a real given name, or follow a listed surname
        # that puts the name in surname-first order ("Trần Thị Mai")
        plain = given.is_plain(tok) or before is not None
        if not plain and len(tok) <= 3:
            continue  # "The", "Man", "Bei": short words that are also names never start one
        k = j + 1
        while plain and k < n and adjacent(k - 1, k) \
                and tokens[k].group().lower() in _PARTICLES and k - j <= 2:
            k += 1
        end, run_only = None, False
        if k < n and adjacent(k - 1, k) and not (j > i and _is_surname_word(words[j], rules)
                                                 and _opens_a_sentence(words[k], rules)):
            sur = tokens[k].group()
            low = sur.lower()
            # "Kaya vom Elektrohandel", "Petra zur Post": "vom"/"zum"/"zur" before a German
            # noun name a place or a firm, not a noble surname (the word check is costly:
            # made only where it decides)
            article = k > j + 1 and any(words[x].lower() in _ARTICLE_PARTICLES
                                        for x in range(j + 1, k))
            # "Rail NRW", "Linie RB": capitals only are an abbreviation, never a surname
            if (sur[0].isupper() or _ARABIC_ARTICLE.match(sur)) and low not in _STOP \
                    and not (len(sur) >= 2 and sur.isupper()) \
                    and low not in rules.organisations and low not in rules.public \
                    and not _team_compound(sur, rules) \
                    and not ("-" in low and low.partition("-")[0] in rules.places) \
                    and not is_infinitive(sur, german_words()) \
                    and ((plain and not article)
                         or not (low in german_words() or looks_like_common_word(sur))):
                end = tokens[k].end()
                if k + 1 < n and adjacent(k, k + 1) and _second_surname(words[k + 1], rules,
                                                                        surs):
                    end = tokens[k + 1].end()  # a double surname: "Lucía Fernández García"
        if end is None and plain:
            ini = _INITIAL.match(text, tokens[j].end())
            if ini:
                end = ini.end()
        elif end is None and j == i:
            ini = _INITIAL.match(text, tokens[j].end())
            if ini and text.startswith((",", ";", ")"), ini.end()):
                end = ini.end()  # "Ein Leser, Horst B., meint": a given name that is a word
        if end is None and j > i and plain:
            end, run_only = tokens[j].end(), True  # "Lisa Marie", "Luca Ferrante"
        if before is not None and end is None:
            end = tokens[j].end()  # "Nguyễn Thị Lan": the surname first, then the given name
        if end is not None:
            full = text[tokens[i].start() if before is None else before:end]
            if full.lower() not in keep:
                if run_only:
                    runs.append(full)
                else:
                    first = " ".join(tokens[x].group() for x in range(i, j + 1))
                    fulls.setdefault(tokens[i].group().lower(), set()).add(full.lower())
                    if j > i:
                        fulls.setdefault(first.lower(), set()).add(full.lower())
                    found.add(full, full, True)
            done = i
            while done < n and tokens[done].end() <= end:
                done += 1
            continue
        if plain and j == i and not text.endswith(("St. ", "Sankt ", "Bad "), 0,
                                                   tokens[i].start()) \
                and not _DAY_BEFORE.search(text, max(0, tokens[i].start() - 4),
                                           tokens[i].start()) \
                and not (len(tok) <= 4 and _YEAR_AFTER.match(text, tokens[i].end())):
            # not a place named after a saint ("St. Georg", "Sankt Peter"), not a month
            # after a day number ("Registriert: Fr 14. Jan 2011"), not a month's abbreviation
            # before a year ("Dabei seit: Sep 2020")
            lone.append(tok)
    for run in runs:  # "Lisa Marie" after "Lisa Marie Schmidt" is the same person
        longer = fulls.get(run.lower(), set())
        if len(longer) == 1:
            found.add(run, next(iter(longer)), True)
        else:
            found.add(run, run, True)
            fulls.setdefault(run.split(" ")[0].lower(), set()).add(run.lower())
    written = {w.lower(): w for w in words if w[:1].isupper()}
    by_surname: dict[str, set[str]] = {}
    for names in fulls.values():
        for full in names:
            sur = written.get(full.rsplit(" ", 1)[-1], "")
            if " " in full and sur.lower() not in keep and len(sur) >= 4 \
                    and _is_surname(sur, rules):
                by_surname.setdefault(sur, set()).add(full)
    for sur, names in by_surname.items():
        # the surname alone ("Kanzlei Güneş-Baumann") is the person of the full name when it
        # is no word (found in its written case only)
        found.add(sur, next(iter(names)) if len(names) == 1 else sur, True)
    _lone_stands_for_full(fulls, keep, found)
    for tok in lone:
        if "~" + tok.lower() not in keep:  # first name of a public person, not alone a name
            found.add(tok, tok, True)


_ARTICLE_PARTICLES = frozenset({"vom", "zum", "zur"})


def _is_surname_word(token: str, rules: PrivacyRules) -> bool:
    """A listed surname ("Öztürk" is a given name too): a run of names that ends in one is
    a whole name already."""
    return token in rules.surnames or token in rules.common_surnames


def _opens_a_sentence(token: str, rules: PrivacyRules) -> bool:
    """A capitalised word that German writes lower case ("Genau", "Leider", "Stimmt": the
    lexicon knows "genau", not "Genau") and no list calls a surname: after a given name and
    a listed surname ("Hakan Öztürk Genau das …" on a one-line export) it opens the next
    sentence and is not a third part of the name. A noun ("Bauer") or a listed surname
    still is; so is any word after two given names ("Anna Maria Kühn": "Kühn" is a word
    too, and the run holds no surname yet)."""
    return (token[:1].isupper() and token not in german_words()
            and token.lower() in german_words() and token not in rules.surnames
            and token not in rules.common_surnames)

# a unit's header line: the author's name first, at most one more field (a badge, a team, a
# rank) and the post's date or age, on a short line of its own ("Jo Baumgärtner vor 1 Tag",
# "M. Ritter Telekom hilft vor 5 Tagen", "Heidi1958 Level 3 · Mitglied Heute, 07:40"; the
# corpus layer has already folded the columns' runs of spaces into one)
_HEADER_LINE = re.compile(
    r"(?P<who>(?:[A-ZÄÖÜ][a-zäöü]?\.|[A-ZÄÖÜ][^\W\d_]+) [A-ZÄÖÜ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)*"
    r"|(?=[\w.-]*[^\W\d_])[\w.-]{2,40}) (?:[^\n]{1,40}? )?"
    r"(?:vor (?:\d+|einem|einer) \w+\.?|[Gg]estern|[Hh]eute|\d\d?\.\d\d?\.|\d\d?/\d\d?/)"
    r"[^\n]{0,24}")
_HEADER_LINE_MAX = 100  # a header line is short; a longer one is a sentence


def _header_line_names(text: str) -> list[str]:
    """The names that open header lines (:data:`_HEADER_LINE`): whole lines of at most
    :data:`_HEADER_LINE_MAX` characters, so a long line costs one length test."""
    out, pos, n = [], 0, len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        if end - pos <= _HEADER_LINE_MAX:
            m = _HEADER_LINE.fullmatch(text, pos, end)
            if m:
                out.append(m.group("who"))
        pos = end + 1
    return out


def _header_full_name(who: str, rules: PrivacyRules, keep: set[str]) -> bool:
    """Two words opening a header line are a person when the first is a given name, an
    initial or no German or English word, and the second a listed surname or no German word
    (after an initial any capitalised word: "M. Ritter"); never a firm, a team or a public
    name ("Deutsche Bahn", "Telekom hilft", "Beste Antwort")."""
    first, last = who.split(" ", 1)
    if who.lower() in keep or who.lower() in rules.organisations or who.lower() in rules.public \
            or is_public_handle(who, rules) or _team_compound(last, rules) \
            or any(w.lower() in rules.organisations or w.lower() in rules.public
                   or w.lower() in _STOP or w.lower() in rules.places for w in (first, last)):
        return False
    if _INITIAL_TOKEN.match(first):
        return _named_after_initial(last, rules)
    # the header's place vouches for the name: words on no German or English list will do
    # ("Jo", "Baumgärtner": simplemma and the compound test would call them words)
    if not (rules.given.is_name(first) or (first.lower() not in german_words()
                                           and first.lower() not in english_words())):
        return False
    return (last in rules.surnames or last in rules.common_surnames
            or last.lower() not in german_words())


# a site's navigation menu: three or more " · ", " | " or " › " fields, no digit among them
_MENU_LINE = re.compile(r"[^\d\n·|›]{1,30}(?: [·|›] [^\d\n·|›]{1,30}){2,}")


def _site_name_line(text: str, m: re.Match[str], who: str) -> bool:
    """A one-word line that is the site's name, not a user's: a web address ("portal.de"),
    or the text's first line above a navigation menu ("Kiosk\nStart · Suche · Profil")."""
    if "." in who and _NOT_A_HANDLE_END.search(who):
        return True
    if m.start() != 0:
        return False
    nl = text.find("\n", m.start())
    end = text.find("\n", nl + 1) if nl != -1 else -1
    return nl != -1 and _MENU_LINE.fullmatch(text, nl + 1, len(text) if end == -1 else end) \
        is not None


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.&-]*) $")


def _header_author(text: str, who: str, start: int, slot: str, rules: PrivacyRules,
                   keep: set[str]) -> bool:
    """The one word of a header slot (:mod:`servicelab.name_slots` ``header``/``by``) is a
    person's username, whatever word it is ("Treppenwitz", "zugvogel"), unless it is a stop,
    menu or badge word, a firm, a team, a public name or a place. Inside a line (a flat
    export's run) a capitalised word may be a sentence's last word or a firm's legal form
    ("… Bau GmbH | 04.09.2015"), so there only a lower-case word or one with digits or "_"
    counts, never one after a firm, a team or a stop word other than
    "von" ("Telekom hilft · vor 2 Std.", "von Redaktion x · 01.12.2026"; but "von x · …")."""
    low = who.lower()
    if _PSEUDONYM.match(who) or low in _STOP or low in rules.organisations \
            or low in rules.public or low in keep or low in rules.places \
            or low in rules.team_words or _team_compound(who, rules) \
            or is_public_handle(who, rules):
        return False
    shaped = _USERNAME_SHAPE.match(who) is not None
    if not shaped and not rules.given.is_name(who) and is_verb_form(who):
        return False  # "Antworten", "Verifiziert", "hilft": a button, a badge, a team's verb
    if slot in ("by", "member") or start == 0 or text[start - 1] == "\n":
        return True  # a "by" line or a member's counters vouch for the word wherever it stands
    before = _WORD_BEFORE.search(text, max(0, start - 41), start)
    if before and (before.group(1).lower() in rules.organisations
                   or (before.group(1).lower() in _STOP and before.group(1) != "von")
                   or before.group(1).lower() in rules.team_words
                   or is_public_handle(before.group(1), rules)):
        return False  # "von Redaktion handyfuchs · 01.12.2026": the site's editors
    if before and before.group(1)[0].isupper() and before.group(1) != "von" \
            and not is_infinitive(before.group(1), german_words()) \
            and low in german_words() and not rules.given.is_name(who.capitalize()):
        return False  # "Haus kompakt · Heft 7": a title's second word (not after a menu's
        # "Hochladen"), no username
    return who[0].islower() or any(c == "_" or c.isdigit() for c in who)  # not "GmbH |"


def _under_name_line(text: str, start: int) -> bool:
    """The line at ``start`` is right under a short line of words alone, no field separator
    and no digit outside a one-word username (an author line, "Bummelzug", "Kerem_1987" or
    "Tamara Nwosu", above the author's rank badge and counters); a button row, a post's
    number or its age above ("#9 · vor 4 Std.", "vor 2 Tagen") leaves the line an author's
    header."""
    if start < 2 or text[start - 1] != "\n":
        return False
    prev = text[text.rfind("\n", 0, start - 1) + 1:start - 1].strip()
    return bool(prev) and len(prev) <= 40 and prev[0].isalpha() and not any(
        c in "·|•" or (c.isdigit() and " " in prev) for c in prev)  # "Kerem_1987" is a name


def _spells_handle(who: str, handle: str) -> bool:
    """A display name that spells its account's handle ("Kochtopf" above
    "@kochtopf.bsky.social"): the same account name, so a username whatever word it is."""
    account = handle.split(".")[0]
    return re.sub(r"[\W_]", "", who).lower() == re.sub(r"[\W_]", "", account).lower()


_NO_LETTER_LINE = re.compile(r"(?:Beitrag )?[^\w\n]*#?[\d\s.,:/#|·-]*")


def _opens_a_post(text: str, start: int) -> bool:
    """The line at ``start`` opens a post: the text's first line, or one below a blank line or
    a line of numbers only ("#6", "02.09.2024, 21:03"); a word under a name line is that
    author's rank badge ("Funkloch_Fiete\nGrünschnabel\nBeiträge: 4"), not a user."""
    if start == 0:
        return True
    prev = text[text.rfind("\n", 0, start - 1) + 1:start - 1]
    return not prev.strip() or _NO_LETTER_LINE.fullmatch(prev.strip()) is not None


def _user_line_name(who: str, rules: PrivacyRules, keep: set[str]) -> bool:
    """The word of a line above a user's metadata (:data:`_USER_LINE`) is a username unless it
    is a stop, menu or badge word, a firm, a team, a public name or a place ("Zalando\n★★★★☆",
    "Antworten\n★ 12")."""
    low = who.lower()
    if len(who) < 2 or _PSEUDONYM.match(who) or low in _STOP or low in rules.organisations \
            or low in rules.public or low in keep or low in rules.places \
            or low in rules.team_words or _team_compound(who, rules) \
            or is_public_handle(who, rules) \
            or (rules.firm_parts is not None and rules.firm_parts.is_institution_part(who)):
        return False
    return rules.given.is_name(who) or _USERNAME_SHAPE.match(who) is not None \
        or not is_verb_form(who)


def _firm_word_then_surname(text: str, tokens: list[re.Match[str]], i: int,
                            rules: PrivacyRules) -> str | None:
    """"Otto Weber", "Penny Schulz": a plain given name that is also a listed firm's name,
    right before a surname (a common one of its country, or a listed one that is no word),
    is a person's full name, unless the two words are a listed firm themselves ("Otto
    Group", "Mercedes-Benz") or the second is a firm or a place ("Zara Deutschland")."""
    tok = tokens[i].group()
    if i + 1 >= len(tokens) or not rules.given.is_plain(tok) \
            or tokens[i].end() + 1 != tokens[i + 1].start() or text[tokens[i].end()] != " ":
        return None
    sur = tokens[i + 1].group()
    low = sur.lower()
    if not (sur in rules.common_surnames or sur in rules.surnames) \
            or low in rules.organisations or low in rules.public or low in rules.places \
            or f"{tok} {sur}".lower() in rules.organisations \
            or f"{tok}-{sur}".lower() in rules.organisations:
        return None
    return f"{tok} {sur}"


def _unknown_word(token: str, rules: PrivacyRules, keep: set[str]) -> bool:
    """A capitalised word that is on no word list: no German or English word (TIGER, SentiWS,
    simplemma's dictionary, textblob's English lexicon), stop word, organisation, public name,
    place or abbreviation ("Chinwe", "Thị"; not "Telekom", "Kiel", "Smart", "Anwohner",
    "DHL")."""
    low = token.lower()
    return (len(token) >= 2 and token[0].isupper() and not token.isupper()
            and low not in _STOP and low not in rules.organisations and low not in rules.public
            and low not in keep and low not in german_words() and low not in english_words()
            and token not in english_proper_names()  # "Atlanta", "Lenin": places, the famous
            and low not in rules.places and not looks_like_common_word(token)
            and dictionary_lemma(token) is None)  # "Anwohner", "Paketbote": simplemma's words


def _unknown_then_surname(text: str, rules: PrivacyRules, keep: set[str], found: _Found,
                          at: list[tuple[int, int]], fulls: dict[str, set[str]]) -> None:
    """A listed surname right after an unknown capitalised word is a full name whose given
    name is on no list ("Chinwe Okonkwo", "Olusegun Bello"); the given name alone is then the
    same person (through ``fulls``)."""
    for a, b in at:  # the spans of listed surnames in the text
        begin = _word_ending_at(text, a - 1)
        if begin is None:
            continue
        first, surname = text[begin:a - 1], text[a:b]
        if surname.lower() in rules.organisations or rules.given.is_name(surname) \
                or surname in english_proper_names() or first in rules.surnames:
            continue  # "Fussballfans Mathias", "Atletico Madrid", "Costa Rica": no full name
        if rules.given.is_name(first) or not _unknown_word(first, rules, keep) \
                or is_verb_form(first):
            continue  # a given name is the token walk's; a word or a place is no name
        full = f"{first} {text[a:b]}"
        if full.lower() in keep:
            continue
        found.add(full, full, True)
        fulls.setdefault(first.lower(), set()).add(full.lower())


def _second_surname(token: str, rules: PrivacyRules, surs: set[str]) -> bool:
    """A listed surname after a surname that is the same person's ("Fernández García"), not
    the next person's given name, a place or a firm ("Weiss Andreas", "Muster Paris")."""
    return (token in surs and not rules.given.is_name(token)
            and token not in english_proper_names()
            and token.lower() not in rules.organisations and token.lower() not in rules.places)


def _surname_first(text: str, start: int, rules: PrivacyRules, surs: set[str],
                   two_names: bool = False) -> int | None:
    """Where a name starts that puts a listed surname first, then a middle name, then the
    given name at ``start`` ("Nguyễn Thị Lan", "Trần Văn Minh"); with ``two_names`` (the
    given names at ``start`` are two, "Văn Đức") the surname may come right before them.
    None when there is none. Three parts, because two capitalised names in a row are mostly
    two persons or a surname and the next person's given name in German text ("Weiss
    Andreas", "Menden Alex"). (String steps, not a regex search: it runs at every given
    name of a text.)"""
    w1 = _word_ending_at(text, start - 1)
    if w1 is None:
        return None
    if two_names and text[w1:start - 1] in surs and not rules.given.is_name(text[w1:start - 1]) \
            and _word_ending_at(text, w1 - 1) is None:
        return w1  # "Phạm Văn Đức"
    w2 = _word_ending_at(text, w1 - 1)
    if w2 is None:
        return None
    surname, middle = text[w2:w1 - 1], text[w1:start - 1]
    if surname not in surs or rules.given.is_name(surname) or middle in surs \
            or not (rules.given.is_plain(middle) or _unknown_word(middle, rules, set())):
        return None  # the middle name: "Thị", "Văn" (listed as given names, folded)
    if _word_ending_at(text, w2 - 1) is not None:
        return None  # a capitalised word before it: a run of names, not one surname-first
    return w2


def _word_ending_at(text: str, space: int) -> int | None:
    """The start of the capitalised word that ends right before the space at ``space`` ("Thị"
    in "Thị Lan"), when it is one word of letters after a non-word character; else None."""
    if space < 1 or text[space] != " " or not text[space - 1].isalpha():
        return None
    begin, floor = space - 1, max(0, space - 40)
    while begin > floor and (text[begin - 1].isalpha() or text[begin - 1] == "-"):
        begin -= 1
    if not text[begin].isupper():
        return None  # most words before a name are lower-case: rejected before the regex
    word = text[begin:space]
    if not _PLAIN_WORD.fullmatch(word) or (begin > 0 and _WORD_GLUE.match(text, begin - 1)):
        return None
    return begin


_PLAIN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WORD_GLUE = re.compile(r"[\w@.'’-]")


def _lone_stands_for_full(fulls: dict[str, set[str]], keep: set[str], found: _Found) -> None:
    """A lone first name stands for its full name when that is unambiguous."""
    for first, names in fulls.items():
        if len(names) == 1 and "~" + first not in keep:
            found.add(first, next(iter(names)), True)


_LOCAL_BEFORE = re.compile(r"[\w.+-]+$")


def _in_kept_address(text: str, at: int) -> bool:
    """The "@" at ``at`` is inside an e-mail address still in the text (a firm's mailbox left
    readable), not a mention glued to a word ("RT@taz", ".@user")."""
    local = _LOCAL_BEFORE.search(text, max(0, at - 64), at)
    if local is None:
        return False
    m = EMAIL.match(text, local.start())
    return m is not None and m.end() > at


def _collect_people(text: str, rules: PrivacyRules, layout_cues: bool = True
                    ) -> dict[str, tuple[str, bool]]:
    """Lower-cased person name forms in ``text`` → (pseudonym key, case-sensitive).

    ``layout_cues=False`` (ids, error values) skips handles, usernames and author lines: in a
    file name "f00.txt" or "page_001" is no username."""
    found = _Found()
    keep, doc_orgs = _protected_names(text, rules)
    if doc_orgs - rules.organisations:
        rules = replace(rules, organisations=rules.organisations | doc_orgs)

    def username(name: str) -> None:
        name = name.rstrip(".:,;")
        if len(name) < 2 or _PSEUDONYM.match(name) or is_public_handle(name, rules) \
                or name.lower() in keep or name.lower() in rules.places:
            return  # "@Berlin" is the city's account, not a person's
        found.add(name, _person_key(name), False)
        stem = re.sub(r"[._-]*\d+$", "", name)  # "moni.1984": "moni", not "moni."
        if len(stem) >= 4 and stem.lower() != name.lower() and \
                stem.lower() not in german_words() and stem.lower() not in rules.places \
                and stem.lower() not in rules.organisations:  # "Berlin2016": not Berlin
            found.add(stem, _person_key(name), False)

    def person(who: str, strict: bool = False) -> None:
        if any(who.lower().startswith(name) for name in keep if " " in name):
            return  # "Kollege Achim Gras": a public person named after a cue
        who = _trim_who(who, rules)
        if not who or who.lower() in keep or is_public_handle(who, rules):
            return  # "Lieferando.de" above its reply is the company's account
        if who.islower() and who in german_words():
            return
        first = who.split(" ")[0]
        if strict and " " in who and not rules.given.is_name(first):
            return  # "Local Guide · 45 Rezensionen": several words, none a given name
        if len(first) <= 3 and first.isupper() and not first.endswith("."):
            return  # "AT · 6 Bewertungen": a country code, not initials
        if " " not in who and _USERNAME_SHAPE.match(who) and not rules.given.is_name(who):
            username(who)
        elif not who.islower() or " " in who:
            found.add(who, who, True)
        else:
            username(who)

    if "@" in text and layout_cues:
        for m in HANDLE.finditer(text):
            if m.start() and text[m.start() - 1] not in " \n" and _in_kept_address(text,
                                                                            m.start()):
                continue  # the domain of an address left readable ("info@hotel-monaco.de",
                # a firm's mailbox; "@x_Kundendialog@mastodon.example"'s instance): no user
            dots = _HANDLE_DOTS.match(text, m.end())
            username(m.group(1) + (dots.group() if dots else ""))
    if "u/" in text and layout_cues:
        for m in _cue_matches(_REDDIT_USER, text):
            username(m.group("who"))
    if layout_cues:
        for m in _DISPLAY_NAME_LINE.finditer(text):
            if _is_handle_token(m.group("handle")) \
                    and not _is_wordish(m.group("who").split(" ")[0], rules) \
                    and not is_public_handle(m.group("handle"), rules):
                username(m.group("handle"))
                person(m.group("who"))
    if "@" in text and layout_cues:
        for m in _cue_matches(_NAME_BEFORE_HANDLE, text):
            tokens = m.group(1).split()
            first = next((i for i, t in enumerate(tokens) if rules.given.is_name(t.rstrip("."))
                          and not _is_wordish_or_public(t, rules)), None)
            handle = m.group("handle")  # "[": a fediverse address already replaced
            if first is not None and (handle == "[" or not is_public_handle(handle, rules)):
                name = " ".join(tokens[first:])  # the handle vouches for it: no word check
                found.add(name, name, True)
    if ("·" in text or "|" in text) and layout_cues:
        for m in _cue_matches(_HEADER_FIELD, text):
            who = m.group("who")
            if _USERNAME_SHAPE.match(who) or ("-" in who and not _is_wordish(who, rules)
                                               and who.lower() not in german_words()):
                username(who)
    if "_" in text and layout_cues:
        for m in _cue_matches(_UNDERSCORED, text):
            username(m.group(0))
    for cue, hints in zip(_AUTHOR_CUES, _AUTHOR_HINTS, strict=True) if layout_cues else ():
        if hints and not any(h in text for h in hints):
            continue
        for m in _arrow_authors(text) if cue is _AUTHOR_CUES[-1] else _cue_matches(cue, text):
            who = m.group("who")
            if cue.pattern.endswith("?$") and not _USERNAME_SHAPE.match(who) \
                    and not (_DOTTED_HANDLE.fullmatch(who) and _is_handle_token(who)):
                continue  # a one-word line is an author line only when it looks like a username
            if cue in _NAME_LINE_CUES and _below_author_line(text, m.start(), rules):
                continue  # "Dragan_Essen\nNetzwerker": a badge under the author line
            if cue in _NAME_LINE_CUES and _site_name_line(text, m, who):
                continue  # "portal.de\nFragen | Themen | Experten": the site above its menu
            person(who, strict=True)
    if layout_cues:
        for who in _genitive_possessors(text):
            if rules.given.is_plain(who) and who.lower() not in keep \
                    and who.lower() not in rules.organisations and who.lower() not in _STOP:
                found.add(who, who, True)
    if layout_cues and "\n" in text and any(h in text for h in _USER_LINE_HINTS):
        for m in _USER_LINE.finditer(text):
            who = m.group("who").rstrip(".")
            if _user_line_name(who, rules, keep) and _opens_a_post(text, m.start()):
                if who[0].isupper() and not _USERNAME_SHAPE.match(who):
                    found.add(who, who, True)  # "Kochtopf": the capitalised form only
                else:
                    username(who)
    if layout_cues and "\n" in text:
        for who in _header_line_names(text):
            if " " not in who:
                if _USERNAME_SHAPE.match(who) and not rules.given.is_name(who):
                    username(who)
            elif _header_full_name(who, rules, keep):
                found.add(who, who, True)
    for cue in (_PERSON_NOUN, _TITLE, _SIGNATURE, _SIGN_OFF, _GREETING, _STAFF_IN_BRACKETS) \
            if layout_cues else (_TITLE,):
        hints = _CUE_HINTS[{_SIGNATURE: "signature", _SIGN_OFF: "sign_off", _GREETING: "greeting",
                            _PERSON_NOUN: "person_noun", _TITLE: "title",
                            _STAFF_IN_BRACKETS: "staff"}[cue]]
        if not any(h in text for h in hints):
            continue
        for m in _cue_matches(cue, text):
            who = m.group("who")
            if cue is _PERSON_NOUN and who.split(" ")[0].islower() \
                    and not _USERNAME_SHAPE.match(who.split(" ")[0]):
                continue  # "Ein Nutzer schrieb:" names nobody
            if cue is _PERSON_NOUN and _names_a_group(who.split(" ")[0], rules):
                continue  # "Linux User Group Darmstadt": the noun is part of a club's name
            if cue is _GREETING:
                if _slot_name(who, rules, keep):
                    found.add(who, who, True)
            elif cue is _TITLE:
                if who.lower() not in keep and who.lower() not in rules.organisations:
                    found.add(who, who, True)
            elif cue is _SIGN_OFF and m.group(0)[0] == "^" and who.isupper():
                found.add(who, who, True)  # "^SR": a care-team member's initials, never a firm
            else:
                person(who)
    if ". " in text:
        for m in hinted_finditer(_INITIAL_SURNAME, text, _INITIAL_SURNAME_HINTS):
            if _INITIAL_TOKEN.match(m.group("ini")) and _is_surname(m.group("sur"), rules) \
                    and m.group(0).lower() not in keep and m.group("sur").lower() not in keep:
                found.add(m.group(0), m.group(0), True)
    _scan_full_names(text, rules, keep, found)
    # after the name scan: a first name in a slot that the scan has tied to a full name keeps
    # that person's pseudonym ("An: Gerlinde" after "Gerlinde Pfannschmidt")
    for slot, who, start, handle in slot_names(text, _hint_index(text)) if layout_cues else ():
        if slot == "display" and (is_public_handle(handle, rules) or handle.lower() in keep):
            continue  # "Telekom hilft 💬 @telekom_hilft ·": the firm's account
        if slot == "decorated" and (_below_author_line(text, start, rules) or all(
                p.lower() in _STOP or p.lower() in german_words()
                or p.lower() in english_words() for p in who.split(" ")[0].split("-"))):
            continue  # "Thomas_Ell\nCommunity-Guide ★": the author's badge, not a name
        if slot == "above_handle":
            if _spells_handle(who, handle) and not is_public_handle(handle, rules) \
                    and _user_line_name(who, rules, keep):
                if who[0].isupper() and not _USERNAME_SHAPE.match(who):
                    found.add(who, who, True)  # "Kochtopf": the capitalised form only
                else:
                    username(who)
            continue
        if slot == "by" and " " in who:
            if _header_full_name(who, rules, keep):
                found.add(who, who, True)  # "Bewertet von G. Weidemann"
            continue
        if slot == "member" and _under_name_line(text, start):
            continue  # "Bummelzug\nNeuling · 3 Beiträge": the author's rank and counters
        if slot in ("header", "by", "member"):
            if _header_author(text, who, start, slot, rules, keep):
                if who[0].isupper() and not _USERNAME_SHAPE.match(who):
                    found.add(who, who, True)  # "Treppenwitz": the capitalised form only
                else:
                    username(who)
        elif slot == "profile":
            if not _firm_page(who, rules):
                username(who)
        elif slot == "said":
            if _slot_name(who, rules, keep):
                found.add(who, who, True)
        elif not any(_team_compound(t, rules) for t in who.split(" ")):
            # the slot vouches for a name: chat speaker, mail field, display name, device;
            # not a firm's bot or team ("[21:04] OTTO-Assistent:")
            person(who, strict=slot in ("decorated", "display"))
    if layout_cues:
        _sign_off_names(text, rules, keep, found)
    return found.forms


def _names_a_group(token: str, rules: PrivacyRules) -> bool:
    """The word after a person noun that makes the two a collective's name ("User Group",
    "Nutzer Forum"): a word of either lexicon that is no given name."""
    low = token.lower()
    return not rules.given.is_name(token) and (low in english_words() or low in german_words())


def _sign_off_names(text: str, rules: PrivacyRules, keep: set[str], found: _Found) -> None:
    """Short names the page's structure marks as a person's (:class:`SignOffRules`): initials
    and a surname alone are on no name list, a chat nickname often neither."""
    so = rules.sign_offs

    def known(word: str) -> bool:
        low = word.lower()
        return (low in keep or low in rules.organisations or low in rules.public
                or low in rules.places or is_public_handle(word, rules))

    for m in so.initials.finditer(text):
        if not known(m.group(1)):
            found.add(m.group(1), m.group(1), True)
    for m in so.on_behalf.finditer(text):
        if not known(m.group(1)) and m.group(1).lower() not in german_words():
            found.add(m.group(1), m.group(1), True)
    for m in so.chat_speaker.finditer(text):
        word = m.group(1)
        low = word.lower()
        if not known(word) and not _team_compound(word, rules) and low not in so.titles \
                and low not in _STOP and low not in german_words() \
                and low not in english_words():  # the slot vouches for a name
            found.add(word, word, True)


# a firm's contact just before a phone, joined by "oder", "," or "bzw." (and "telefonisch
# unter"): a team address kept readable or a web address on a firm's domain
_CONTACT_BEFORE = re.compile(
    r"(?:(?P<mail>[\w.+-]+@[\w.-]+\.[a-z]{2,})|(?P<host>[\w-]+)\.(?:de|com|at|ch|eu|net)(?:/[\w/-]*)?)"
    r"\s*(?:,|oder|bzw\.)\s*(?:telefonisch\s+|per Telefon\s+)?(?:unter\s+)?$")


def _beside_firm_contact(text: str, start: int, rules: PrivacyRules) -> bool:
    """A phone given right after a firm's own contact ("kundenservice@eon.example oder 0871 …",
    "dhl.example/kontakt oder telefonisch unter 0228 …") is the firm's line, not a person's."""
    if "@" not in text[max(0, start - 80):start] and "." not in text[max(0, start - 80):start]:
        return False
    m = _CONTACT_BEFORE.search(text, max(0, start - 80), start)
    if m is None:
        return False
    if m.group("mail"):
        return is_team_address(m.group("mail"), rules)
    return m.group("host").lower() in rules.organisations


@dataclass(frozen=True)
class FirmAuthorRules:
    """A landline given in a reply by a firm's own page ("Pizzeria Da Gianni Bielefeld Autor
    Frank Iwanowski Ja, bis 14 Uhr! Einfach anrufen unter 0521 555 4490."): the platform's
    author badge after the firm's name says the firm speaks, so the number is its business
    line. A comment boundary ("Antworten", the UI line ending each comment) in between means
    someone else speaks; a mobile is a person's whoever gives it."""

    badge: re.Pattern[str] = re.compile(r" (?:Autor|Autorin|Author)\b")
    boundary: re.Pattern[str] = re.compile(r"\bAntworten\b|\n")
    reach: int = 160  # characters between the badge and the number
    mobile: re.Pattern[str] = re.compile(r"(?:\+49\s?(?:\(0\)\s?)?|0)1[5-7]")


def _firm_author_line(text: str, start: int, rules: PrivacyRules,
                      fa: FirmAuthorRules = FirmAuthorRules()) -> bool:
    """The phone at ``start`` is in a reply by a firm's page (:class:`FirmAuthorRules`)."""
    if rules.firm_spans is None or fa.mobile.match(text, start) is not None:
        return False
    lo = max(0, start - fa.reach)
    badges = list(fa.badge.finditer(text, lo, start))
    if not badges:
        return False
    badge = badges[-1]
    if fa.boundary.search(text, badge.end(), start) is not None:
        return False
    head = max(0, badge.start() - 80)
    before = text[head:badge.start()]
    spans = _with_place_tails(before, sorted(rules.firm_spans(before)), rules)
    return any(head + b == badge.start() for _, b in spans)


def pseudonymise_text(text: str, key: bytes, rules: PrivacyRules | None = None,
                      layout_cues: bool = True) -> Pseudonymised:
    """Replace private data in ``text``; companies, their teams, public figures and bylines
    stay (see the module docstring for the policy)."""
    rules = rules or privacy_rules()
    out = Pseudonymised(text)

    def replace_spans(s: str, spans: list[tuple[int, int]], kind: str) -> str:
        parts, last = [], 0
        for a, b in spans:
            if a < last:
                continue
            new = pseudonym(kind, s[a:b], key)
            out.replacements.append((kind, s[a:b], new))
            parts += [s[last:a], new]
            last = b
        return "".join(parts) + s[last:] if parts else s

    s = text
    s = replace_spans(s, [(a, b) for a, b in email_spans(s)
                          if not is_team_address(s[a:b], rules)], "email")
    s = replace_spans(s, addresses(s), "address")
    s = replace_spans(s, [m.span() for m in PHONE.finditer(s)
                          if not is_service_line(s, *m.span())
                          and not _beside_firm_contact(s, m.start(), rules)
                          and not _firm_author_line(s, m.start(), rules)], "phone")

    people = _collect_people(s, rules, layout_cues)
    if people:
        forms = sorted(people, key=len, reverse=True)
        # matched on the lower-cased text when that keeps every offset (IGNORECASE is slow)
        low = s.lower()
        if len(low) == len(s):
            matches = _person_matches(low, forms, _lower_word_map(s))
        else:
            alt = "|".join(re.escape(f) for f in forms)
            pattern = re.compile(rf"(?<![\w@])(@ ?)?({alt})(s|'s|’s)?(?![\w])", re.IGNORECASE)
            matches = [(m.start(), m.start(2), m.end(2), m.end()) for m in pattern.finditer(s)]
        if rules.firm_spans is not None and matches:  # a name inside a firm's name is the
            firms = rules.firm_spans(s)                   # firm's: found once per text
            if firms:
                firms = sorted(firms)
                matches = _outside_spans(matches, firms)

        by_key: dict[str, str] = {}  # a person is named many times: one hash each

        def person_repl(start: int, name_start: int, name_end: int, end: int) -> str:
            at = name_start > start
            name = s[name_start:name_end]
            people_key, case_sensitive = people[name.lower()]
            if case_sensitive and not at and not name[:1].isupper():
                return s[start:end]  # "Jana" is a name, "jana" would not be
            new = by_key.get(people_key)
            if new is None:
                new = by_key[people_key] = pseudonym("person", people_key, key)
            out.replacements.append(("person", name, new))
            return f"{'@' if at else ''}{new}{s[name_end:end]}"

        parts, last = [], 0
        for start, name_start, name_end, end in matches:
            parts += [s[last:start], person_repl(start, name_start, name_end, end)]
            last = end
        s = "".join(parts) + s[last:]
    out.text = s
    return out


def _with_place_tails(text: str, spans: list[tuple[int, int]], rules: PrivacyRules
                      ) -> list[tuple[int, int]]:
    """Firm spans grown by a town right after them ("Pizzeria Da Gianni Bielefeld": the
    trading name and its branch's town): else "Gianni Bielefeld" reads as a full name that
    runs out of the firm's span and is replaced."""
    out = []
    for a, b in spans:
        m = _NEXT_WORD.match(text, b)
        if m is not None and m.group(1).lower() in rules.places:
            b = m.end()
        out.append((a, b))
    return out


_NEXT_WORD = re.compile(r" ([A-ZÄÖÜ][\w-]+)\b")


def _outside_spans(matches: list[tuple[int, int, int, int]], spans: list[tuple[int, int]]
                   ) -> list[tuple[int, int, int, int]]:
    """The name matches that lie inside none of ``spans`` (firm names, "Sanitär Kowalczyk
    GmbH"; sorted, possibly overlapping): one bisect per match over the spans' starts, with
    the furthest end reached by any span starting at or before it."""
    starts = [a for a, _ in spans]
    reach, far = [], -1
    for _, b in spans:
        far = max(far, b)
        reach.append(far)
    out = []
    for mt in matches:
        k = bisect.bisect_right(starts, mt[1]) - 1
        if k < 0 or reach[k] < mt[2]:
            out.append(mt)
    return out


def pseudonymise_id(value: str, key: bytes | None, rules: PrivacyRules | None = None) -> str:
    """An id (file stem, ``--id-column`` value) or an input value quoted in an error message,
    with private data replaced like text: names split by ``_``/``-``/``.`` are found too
    (``Beschwerde_Jürgen_Weißmüller`` → ``Beschwerde_Person_…``), an e-mail address becomes
    its pseudonym. Stable with the key; unchanged when ``key`` is None (no pseudonymisation).
    """
    if key is None or not value:
        return value
    if EMAIL.fullmatch(value.strip()):
        return pseudonym("email", value.strip(), key).strip("[]")
    if " " in value:
        return pseudonymise_text(value, key, rules, layout_cues=False).text
    new = pseudonymise_text(value.replace("_", " "), key, rules, layout_cues=False).text
    return value if new == value.replace("_", " ") else new.replace(" ", "_")


def pseudonymise_path(path: str, key: bytes | None, rules: PrivacyRules | None = None) -> str:
    """A relative input path (``sub/Beschwerde_Jürgen_Weißmüller.txt``, ``export.csv:12``)
    with each part pseudonymised by :func:`pseudonymise_id`."""
    if key is None or not path:
        return path
    return "/".join(pseudonymise_id(part, key, rules) for part in path.split("/"))


_QUOTED_VALUE = re.compile(r"'([^'\n]{1,200})'|\"([^\"\n]{1,200})\"")


def pseudonymise_message(problem: str, key: bytes | None,
                         rules: PrivacyRules | None = None) -> str:
    """An error message with the input values it quotes pseudonymised like ids ("repeated id
    'max.mustermann@web.de'", "unreadable date 'Anruf von Jürgen Weißmüller'"); the paths
    named in it ("first in …") too."""
    if key is None or not problem:
        return problem

    def repl(m: re.Match[str]) -> str:
        value = m.group(1) if m.group(1) is not None else m.group(2)
        quote = "'" if m.group(1) is not None else '"'
        return f"{quote}{pseudonymise_id(value, key, rules)}{quote}"

    out = _QUOTED_VALUE.sub(repl, problem)
    return re.sub(r"(?<=\(first in )[^)]+", lambda m: pseudonymise_path(m.group(0), key, rules),
                  out)


def pseudonymise_input(raw: T, key: bytes | None) -> T:
    """An input document whose ``doc_id`` and ``path`` show no private data (a file named
    after a person, an e-mail address in ``--id-column``); ``None`` key leaves it as it is."""
    if key is None:
        return raw
    return replace(raw, doc_id=pseudonymise_id(raw.doc_id, key),
                   path=pseudonymise_path(raw.path, key))


def pseudonymise_error(row: dict[str, str], key: bytes | None) -> dict[str, str]:
    """An ``errors`` row (``path``, ``problem``) with ids and quoted values pseudonymised."""
    if key is None:
        return row
    return {**row, "path": pseudonymise_path(row["path"], key),
            "problem": pseudonymise_message(row["problem"], key)}
