"""Pseudonymise private persons' names, handles, phone numbers, e-mail and street addresses.

Replacements are stable: the same original gives the same pseudonym in every document and on
every run with the same key (a keyed 64-bit BLAKE2 hash), so threads stay readable
("@Person_3fa2c1d04b9e7a12 answers Person_3fa2c1d04b9e7a12"). Company handles and public
figures listed in ``data/privacy_public.csv`` are kept. The mapping is returned separately
and never written by ``servicelab build``.

The key is never in the code (with a key in the source, anyone could confirm a guessed name
by hashing it): :func:`resolve_key` takes it from ``SERVICELAB_PSEUDONYM_KEY``, from a file
``servicelab.key`` beside the corpus, or from the user's own key file, created on first use.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from servicelab.errors import CorpusInputError
from servicelab.handles import HANDLE

KEY_FILE_NAME = "servicelab.key"
KEY_ENV = "SERVICELAB_PSEUDONYM_KEY"
DIGEST_BYTES = 8  # 64 bits: 20,000 handles collide with probability ~1e-11 (24 bits gave 12)

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w.,/-])(?:\+49[ /-]?|0)\d{2,5}(?:[ /-]?\d{2,}){1,4}(?![\w.,]\d)"
)
_STREET_WORDS = r"(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|damm|ufer|chaussee|ring)"
STREET = re.compile(
    rf"\b(?:[A-ZÄÖÜ][\w-]*{_STREET_WORDS}"
    r"|[A-ZÄÖÜ][\w-]+ (?:Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz))"
    r" \d{1,4}(?: ?[a-zA-Z]\b)?(?:,? \d{5} [A-ZÄÖÜ][\w-]+)?"
)
TITLE_NAME = re.compile(
    r"\b(Herrn?|Frau|Hr\.|Fr\.) ([A-ZÄÖÜ](?:[a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?|\.))"
)
USER_NAME = re.compile(
    r"\b(?:User|Userin|Nutzer|Nutzerin|Benutzer)(?: \([^)]{1,30}\))? ([A-Za-z][\w-]*[\d_][\w-]*)"
)
# Cheap tests that must hold wherever the pattern after them can match; they spare the
# costly pattern on most documents (measured: benchmarks/bench_build.py).
_TITLE_HINT = re.compile(r"(?:Herrn?|Frau|Hr\.|Fr\.) [A-ZÄÖÜ]")
_STREET_HINT = re.compile(
    rf"(?:{_STREET_WORDS}|Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz) \d"
)
_SURNAME = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    path = resources.files("servicelab.data").joinpath("given_names.csv")
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["name"] for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def _full_name_pattern() -> re.Pattern[str]:
    """A listed given name followed by a capitalised surname (no leading ``\\b``: see
    :func:`_full_names`).

    The names are grouped by first letter so the pattern starts with a character class,
    which lets the regex engine skip to candidate letters instead of trying every name at
    every word boundary.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(_given_names(), key=len, reverse=True):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    alt = "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())
    return re.compile(rf"({alt}) ({_SURNAME})\b")


def _full_names(text: str) -> Iterator[tuple[str, str]]:
    """(given name, surname) pairs in ``text``, as ``finditer`` of the pattern with a leading
    ``\\b`` would give them: a match inside a word is skipped and the search goes on one
    character later."""
    pattern, pos = _full_name_pattern(), 0
    while m := pattern.search(text, pos):
        if m.start() and _WORD_CHAR.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        yield m.group(1), m.group(2)
        pos = m.end()


@lru_cache(maxsize=1)
def _public() -> dict[str, str]:
    path = resources.files("servicelab.data").joinpath("privacy_public.csv")
    with path.open(encoding="utf-8") as fh:
        return {row["name"].lower(): row["kind"] for row in csv.DictReader(fh)}


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
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(secrets.token_hex(32) + "\n")
        except FileExistsError:
            pass  # another build created it a moment ago
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


def _collect_people(text: str) -> dict[str, str]:
    """Map lower-cased person name forms found in ``text`` to their pseudonym key."""
    public = _public()
    people: dict[str, str] = {}
    for m in HANDLE.finditer(text):
        name = m.group(1)
        if len(name) < 2 or name.lower() in public:
            continue
        people.setdefault(name.lower(), _person_key(name))
        stem = re.sub(r"\d+$", "", name)
        if len(stem) >= 4 and stem.lower() != name.lower():
            people.setdefault(stem.lower(), _person_key(name))
    for m in USER_NAME.finditer(text) if ("User" in text or "utzer" in text) else ():
        name = m.group(1)
        if name.lower() not in public:
            people.setdefault(name.lower(), _person_key(name))
            stem = re.sub(r"\d+$", "", name)
            if len(stem) >= 4:
                people.setdefault(stem.lower(), _person_key(name))
    private_full: dict[str, set[str]] = {}
    public_first: set[str] = set()
    for first, last in _full_names(text):
        full = f"{first} {last}"
        if full.lower() in public:
            public_first.add(first.lower())
        else:
            people.setdefault(full.lower(), full.lower())
            private_full.setdefault(first.lower(), set()).add(full.lower())
    for first, fulls in private_full.items():
        # a lone first name stands for the full name only when that is unambiguous
        if len(fulls) == 1 and first not in public_first:
            people.setdefault(first, next(iter(fulls)))
    return people


def pseudonymise_text(text: str, key: bytes) -> Pseudonymised:
    """Replace private data in ``text``; public figures and company handles stay."""
    out = Pseudonymised(text)

    def sub(pattern: re.Pattern[str], kind: str, s: str,
            hint: re.Pattern[str] | None = None) -> str:
        """Replace ``pattern``'s matches; skipped where ``hint`` (needed by any match) is absent."""
        if hint is not None and not hint.search(s):
            return s

        def repl(m: re.Match[str]) -> str:
            new = pseudonym(kind, m.group(0), key)
            out.replacements.append((kind, m.group(0), new))
            return new

        return pattern.sub(repl, s)

    s = sub(EMAIL, "email", text, hint=_EMAIL_DOMAIN)
    s = sub(STREET, "address", s, hint=_STREET_HINT)
    s = sub(PHONE, "phone", s)

    def title_repl(m: re.Match[str]) -> str:
        new = pseudonym("person", m.group(2), key)
        out.replacements.append(("person", m.group(2), new))
        return f"{m.group(1)} {new}"

    if _TITLE_HINT.search(s):
        s = TITLE_NAME.sub(title_repl, s)

    people = _collect_people(s)
    if people:
        forms = sorted(people, key=len, reverse=True)
        alt = "|".join(re.escape(f) for f in forms)
        pattern = re.compile(rf"(?<![\w@])(@ ?)?({alt})(s|'s)?(?![\w])", re.IGNORECASE)

        def person_repl(m: re.Match[str]) -> str:
            at, name, gen = m.group(1) or "", m.group(2), m.group(3) or ""
            people_key = people[name.lower()]
            new = pseudonym("person", people_key, key)
            out.replacements.append(("person", name, new))
            return f"{'@' if at else ''}{new}{gen}"

        s = pattern.sub(person_repl, s)
    out.text = s
    return out
