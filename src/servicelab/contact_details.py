"""Patterns for contact details: e-mail addresses, phone numbers, postal addresses.

Why a module of its own: these are found by their form alone (no name list, no context), and
the privacy evaluation and the tests need the same patterns the pseudonymiser uses.

Forms covered (each has a test): ``max@web.de``, obfuscated ``info(at)example.de`` and
``name [at] web [dot] de``; phones ``+49 (0)30 123 45 67``, ``(030) 1234 5678``, ``030 / 98 76
54``, ``0171-2345678``, ``+43 660 555 12 34``, ``+41 44 555 12 34``; addresses ``Bergstraße 41,
45657 Recklinghausen``, ``Am Lindenhof 7, 50667 Köln``, ``Postfach 10 20 30, 10115 Berlin``,
Austrian ``Mariahilfer Straße 45/3/12, 1060 Wien`` and Swiss ``Bahnhofstrasse 12, CH-8001
Zürich``. Dates, prices, times, order numbers and IBANs are not phones: a phone starts with
``+`` and a country code, or with a ``0`` trunk prefix, and is never glued to ``.``/``,``
digits (regexes were chosen over ``phonenumbers``; see README, "Libraries").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicelab.scan import Hint, hinted_finditer

_AT = r"(?:@|\s?[(\[{]\s?(?:at|AT|ät)\s?[)\]}]\s?)"
_DOT = r"(?:\.|\s?[(\[{]\s?(?:dot|DOT|punkt|Punkt)\s?[)\]}]\s?)"
EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]*\w{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,}}\b"
)
# cheap test that must hold wherever EMAIL can match ("@user" in a tweet is no e-mail)
EMAIL_HINT = re.compile(rf"@[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*{_DOT}[A-Za-z]{{2,}}"
                        r"|[(\[{] ?(?:at|AT|ät) ?[)\]}]")

_BRACKETS = "([{}])"


def _safe_cut(text: str, pos: int, step: int) -> int:
    """The first whitespace at or beyond ``pos`` (walking by ``step``) that no e-mail match
    can span: whitespace inside a match always has a bracket beside it ("name [at] web")."""
    n = len(text)
    while 0 < pos < n:
        if text[pos].isspace() and text[pos - 1] not in _BRACKETS and (
                pos + 1 >= n or text[pos + 1] not in _BRACKETS):
            return pos
        pos += step
    return max(0, min(pos, n))


def email_spans(text: str, reach: int = 300) -> list[tuple[int, int]]:
    """Spans of ``EMAIL.finditer(text)``, searched only near the hints (an "@" before a
    domain, an "(at)"): a scan of the whole text tried the pattern at every word start, which
    took a second on 8 MB. Windows end at whitespace no match can span, so the result is the
    same as the scan of the whole text."""
    spans: list[tuple[int, int]] = []
    end = 0
    for hint in EMAIL_HINT.finditer(text):
        if hint.start() < end:
            continue
        start = max(end, _safe_cut(text, hint.start() - reach, -1))
        end = _safe_cut(text, hint.end() + reach, 1)
        spans.extend(m.span() for m in EMAIL.finditer(text, start, end))
    if " at " in text or " AT " in text:
        taken = spans[:]
        spans.extend(sp for sp in spelled_email_spans(text)
                     if not any(a < sp[1] and sp[0] < b for a, b in taken))
        spans.sort()
    return spans


@dataclass(frozen=True)
class SpelledEmailRules:
    """How an address is written out in words on a mailing-list archive ("aleks.nowicki at
    posteo.de", "name at web dot de"): the archive hides the "@" from harvesters, the address
    is still a person's. Found by its structure (a lower-case local part, the separator word, a
    domain with a TLD), so no list of names is needed."""

    at_words: tuple[str, ...] = ("at", "AT")
    dot_words: tuple[str, ...] = ("dot", "punkt")
    # a local part that is a German or English word is prose ("look at example.com"), unless
    # it is a mailbox's usual name ("kontakt at anna-weber.example" is a private site's)
    mailbox_words: frozenset[str] = frozenset({
        "info", "kontakt", "service", "support", "mail", "post", "hallo", "hello", "office",
        "team", "admin", "presse", "kundenservice", "kundenbetreuung", "redaktion", "buero",
        "büro", "anfrage", "anfragen", "shop", "webmaster"})


_SPELLED_LOCAL = re.compile(r"(?<![\w.+@-])[a-z0-9][a-z0-9._+-]*$")


def _spelled_domain(rules: SpelledEmailRules) -> re.Pattern[str]:
    dot = "(?:\\.|" + "|".join(f" {re.escape(w)} " for w in rules.dot_words) + ")"
    return re.compile(rf"[a-z0-9-]+(?:{dot}[a-z0-9-]+)*{dot}[a-z]{{2,}}(?![\w@-]|\.\w)")


def spelled_email_spans(text: str, rules: SpelledEmailRules | None = None
                        ) -> list[tuple[int, int]]:
    """Spans of e-mail addresses spelled with a bare separator word ("tw at wiegand-it.de"):
    found from each " at " outwards (a scan from every word start was slow); a local part
    that is a German or English word ("look at …") is prose, not an address, unless it is a
    mailbox's usual name (``SpelledEmailRules.mailbox_words``)."""
    from servicelab.names import english_words, german_words  # the lists load lazily

    rules = rules or SpelledEmailRules()
    sep = re.compile("|".join(f" {re.escape(w)} " for w in rules.at_words))
    domain = _spelled_domain(rules)
    spans = []
    for m in sep.finditer(text):
        local = _SPELLED_LOCAL.search(text, max(0, m.start() - 64), m.start())
        if local is None:
            continue
        word = local.group(0).lower()
        if word not in rules.mailbox_words and (word in german_words()
                                                or word in english_words()):
            continue
        dom = domain.match(text, m.end())
        if dom is not None:
            spans.append((local.start(), dom.end()))
    return spans


# +CC [(0)] area … | (0area) … | 0area …; groups of digits joined by space, "-", "/" or " / ".
_SEP = r"(?:\s?[/–-]\s?|\s)"
PHONE = re.compile(  # starts with its first character, so the engine skips to "+", "(" or "0"
    r"[+(0](?<![\w.,/+-][+(0])(?<!\d [+(0])"
    r"(?:(?<=\+)\d{2,3}\s?(?:\(0\)\s?)?\d{1,5}|(?<=\()0\d{2,5}\)|(?<=0)\d{2,5})"
    rf"(?:{_SEP}\d{{2,}}){{1,5}}(?!\w|[.,]\d)"
    r"|[+0](?<![\w.,/+-][+0])(?:(?<=0)[1-9]\d{8,11}|(?<=\+)[1-9]\d{9,13})(?!\w|[.,]\d)"
)

# a firm's line, not a person's (codebook §7: companies stay readable): a German number range no
# private line has (0800 free-phone, 0180x shared-cost, 0900 premium, 0137 mass calls), with or
# without +49, or a switchboard, whose extension "-0" rings the firm's reception
_SERVICE_RANGE = re.compile(r"(?:\+49\s?(?:\(0\)\s?)?|0)(?:800|180|900|137)")
_SWITCHBOARD = re.compile(r"[–-]\s?0(?![\d–-])")


# a landline offered in the first person plural ("Ruf uns bitte an unter …", "erreichen Sie uns
# unter …"): a firm or its team speaks; "erreichen Sie mich direkt unter …" is a staff member's
# own line, and a mobile (015x, 016x, 017x) is a person's whoever offers it
_US_BEFORE = re.compile(r"\buns(?: [^\W\d_]+){0,3} unter:? ?$")
_MOBILE = re.compile(r"(?:\+49\s?(?:\(0\)\s?)?|0)1[5-7]")


def is_service_line(text: str, start: int, end: int) -> bool:
    """The phone at ``text[start:end]`` (a :data:`PHONE` match) belongs to a firm by its form:
    a service range ("0800 2736 100", "+49 180 5 12 34") or a switchboard ("0521 93 847-0", the
    extension read just after the match, which needs two digits a group); a direct line
    ("0521 93 847-12") and mobiles are a person's. A landline offered as "uns" (``_US_BEFORE``,
    the 40 characters before the number) is the speaking firm's line."""
    return _SERVICE_RANGE.match(text, start, end) is not None or \
        _SWITCHBOARD.match(text, end) is not None or (
            _US_BEFORE.search(text, max(0, start - 40), start) is not None
            and _MOBILE.match(text, start, end) is None)


# "-platz", "-markt", "-steig" are left out of compounds: "Sitzplatz 12", "Bahnsteig 1/2"
_STREET_WORDS = (r"(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|damm|ufer|chaussee|ring|pfad"
                 r"|graben|wall|zeile|gürtel|kai|promenade)")
_STREET_NAME = (rf"(?:[A-ZÄÖÜ][\w-]*{_STREET_WORDS}"
                r"|[A-ZÄÖÜ][\w-]+ (?:Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer)"
                r"|(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter"
                r" der|Hinter dem|Vor dem|Alte|Alter|Neue|Neuer) [A-ZÄÖÜ][\w-]+)")
_NUMBER = r"\d{1,4}(?: ?[a-zA-Z]\b)?(?:/\d{1,3}){0,3}"
_TOWN = r",? (?:(?:D|A|CH|AT)-)?\d{4,5} [A-ZÄÖÜ][\w-]+(?: (?:am|an der|im|bei) [A-ZÄÖÜ][\w-]+)?"
STREET = re.compile(rf"\b{_STREET_NAME} {_NUMBER}(?:{_TOWN})?(?![\w/])")
# "Am/Im/Zum <Word> <n>" without a street word is an address only with a postcode after it.
_PREFIX_ONLY = re.compile(r"^(?:Am|An|Auf|Im|In|Zum|Zur|Unter|Hinter|Vor|Alte|Alter|Neue|Neuer)"
                          rf" (?!.*{_STREET_WORDS} )")
POSTBOX = re.compile(r"\b(?:Postfach|Packstation|Postfiliale) \d[\d ]{0,10}\d(?:" + _TOWN + r")?")
# "Am Wiesengrund 25": the word after a prefix names a street when it is no German word
_PREFIX_WORD = re.compile(r"^(?:An der|An den|Auf der|Auf dem|In der|In den|Unter den"
                          r"|Hinter der|Hinter dem|Vor dem|Am|Im|Zum|Zur|Alte|Alter|Neue|Neuer)"
                          r" ([A-ZÄÖÜ][\w-]+) ")
ADDRESS_HINT = re.compile(rf"(?:{_STREET_WORDS}|Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz|Postfach"
                          r"|\b(?:Am|An|Auf|Im|In|Zum|Zur|Unter|Hinter|Vor)(?: de[mnr])?"
                          r" [A-ZÄÖÜ]\w+) \d")
_HAS_TOWN = re.compile(_TOWN + "$")
# POSTBOX without its leading \b starts with its words: the engine skips ahead to them
_POSTBOX_HINTS = (Hint(re.compile(POSTBOX.pattern.removeprefix("\\b"))),)
# where a STREET match can start (servicelab.scan; with its leading \b the pattern was tried at
# every position of the text): in the word before a street word and the house number
# ("Bahnhofstraße 12": the compound's run of word characters and hyphens), in the word before
# a separate street word ("Lange Straße 3"), or at a prefix ("Am Lindenhof 7")
_STREET_HINTS = (
    Hint(re.compile(rf"{_STREET_WORDS} \d"), back=re.compile(r"[\w-]"), inside=True),
    Hint(re.compile(r" (?:Stra(?:ß|ss)e|Str\.|Weg|Gasse|Allee|Platz|Ring|Damm|Ufer) \d"),
         back=re.compile(r"[\w-]"), inside=True),
    Hint(re.compile(r"(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den"
                    r"|Hinter der|Hinter dem|Vor dem|Alte|Alter|Neue|Neuer) [A-ZÄÖÜ][\w-]+ \d")),
)


_WORD_BEFORE_NUMBER = re.compile(r"(?<![^\W\d_])([^\W\d_]+\.?) \d")
_STREET_END = re.compile(rf"(?:{_STREET_WORDS}|Postfach)$", re.IGNORECASE)


def _candidate(text: str) -> bool:
    """Cheap test for an address: a word ending like a street before a number, "Postfach", or
    a street word or prefix before a number ("Am Wiesengrund 25")."""
    if "Postfach" in text or "Packstation" in text or "Postfiliale" in text:
        return True
    words = set(_WORD_BEFORE_NUMBER.findall(text))
    return any(_STREET_END.search(w) for w in words) or bool(ADDRESS_HINT.search(text))


def _street_word(match: str) -> bool:
    """"Am Wiesengrund 25": the word after the prefix is no German word (as "Jahr", "Montag",
    "Oktober" are), no acronym, at least four letters, so it names a street."""
    from servicelab.names import german_words  # the word lists load lazily

    m = _PREFIX_WORD.match(match)
    if not m:
        return False
    word = m.group(1)
    return (len(word) >= 4 and not word.isupper() and word.lower() not in german_words()
            and not any(c.isdigit() for c in word))


def addresses(text: str) -> list[tuple[int, int]]:
    """Spans of street addresses and postboxes in ``text``."""
    if not _candidate(text):
        return []
    spans = []
    for m in hinted_finditer(STREET, text, _STREET_HINTS):
        if _PREFIX_ONLY.match(m.group(0)) and not _HAS_TOWN.search(m.group(0)) \
                and not _street_word(m.group(0)):
            continue  # "Im Jahr 2020", "Am Montag 7" …
        spans.append(m.span())
    spans.extend(m.span() for m in hinted_finditer(POSTBOX, text, _POSTBOX_HINTS))
    return sorted(spans)
