"""Places in a page's structure that hold a person's name, whatever the name is.

Why a module: the given-name and surname lists find the names they list; a nickname
("Mausi"), a rare given name or a name that is also a word ("Lasse") is found only by where
it stands. Each slot here is a layout or phrase position, never a list of names:

* ``chat``: the speaker of a pasted chat log line ("[14:02] X:", "03.11.26, 14:02 - X:");
* ``decorated``: a display name between decorations or before an emoji, alone on its line,
  above the post's metadata ("~X~", "✿ X ✿", "X 🚗" then "vor 3 Stunden");
* ``mail``: a sender or recipient field of a quoted e-mail header ("Von: X", "An: X <…>"),
  only in a block that has a subject, sent or date field too;
* ``device``: the owner of the device in a mail footer ("Gesendet von Xs iPhone");
* ``profile``: the account in a social profile address ("instagram.com/x.y",
  "youtube.com/@x");
* ``said``: a name that a sentence credits or thanks ("wie X schon sagte", "Danke an X");
* ``display``: the display name of an author line, with an emoji or symbol before its handle
  and the post's metadata ("X ✊ @x_ks · 3. Dez."): the same person as the handle, when the
  handle is a person's;
* ``header``: the one-word author of a header whose other fields are the post's ranks,
  levels, counters and its date or age, separated by " · " or " | ", on a line of its own or
  inside a flat export's run ("X · Level 6 · Beiträge: 12 · Registriert: 01.02.2019",
  "… Antworten x · Ersteller · 2024-11-03 text"), and the author of an avatar's alt text or
  a post's "by" line ("Profilbild von X" alone on its line, "Kommentar von X · vor 4 Min.",
  "Bewertet von X" alone on its line, where an initial and a surname may stand); " • "
  separates fields too ("X • vor 2 Tagen");
* ``member``: the one-word author of a profile header whose fields end in a post counter or
  a join date, the post's date elsewhere ("X · Stammgast · seit 2013 · 3.905 Beiträge");
* ``above_handle``: a display name alone on its line above its handle's line
  ("X\n@x.bsky.social · vor 5 Min."), kept by the caller only when it spells the handle.

:func:`slot_names` yields the raw captures; :mod:`servicelab.privacy` decides, with its word
lists and the page's organisations, which are persons.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from servicelab.scan import Hint, LiteralIndex, candidates, hinted_finditer

_NAME = r"[^\W\d_][^\W\d_]*(?:-[^\W\d_]+)*"
_LINE_START = (Hint(re.compile(r"\A")), Hint(re.compile("\n"), shift=1, overlaps=False))

# "[09:41] Detlef:", "09:41 Detlef:", "[3.11.26, 09:41] Detlef:", "03.11.26, 09:41 - Detlef:",
# "[09:47] Ilka (Vodafone):" (the speaker's firm in brackets)
CHAT = re.compile(r"\[?(?:\d\d?\.\d\d?\.(?:\d\d(?:\d\d)?)?,? )?\d\d?:\d\d(?::\d\d)?\]?(?: [-–])? "
                  rf"(?P<who>[\w.-]{{2,30}}(?: {_NAME}){{0,2}})(?: \([^)\n]{{1,30}}\))?: ")
# a decoration: a symbol or emoji, not punctuation that ends or opens a sentence
_DECO = r"[^\w\s.,:;!?()\[\]\"'„“”‚‘’«»<>/\\&@#%+=-]"
DECORATED = re.compile(rf"(?:(?P<pre>{_DECO}{{1,3}}) ?)?(?P<who>[A-ZÄÖÜ]{_NAME}"
                       rf"(?: [A-ZÄÖÜ]{_NAME})?)(?: ?(?P<post>{_DECO}{{1,3}}))?[ \t]*\n"
                       r"(?=vor \d|vor einer? |gestern|heute|\d\d?\.\d\d?\.|\d\d?:\d\d"
                       r"|\d+ (?:Std|Min|Sek)\.|\d+ (?:Stunden?|Minuten?)\b)")
DISPLAY = re.compile(rf"(?P<who>[A-ZÄÖÜ]{_NAME}(?: [A-ZÄÖÜ]{_NAME})?) {_DECO}{{1,3}} "
                     r"@(?P<handle>\w[\w.]{1,30}) ·")
MAIL = re.compile(r"(?:Von|An|Cc|CC|Kopie|From|To|Absender|Empfänger): "
                  r"(?P<who>[^<\n@]{2,80}?) *(?:<[^>\n]*>|\[E-Mail_[0-9a-f]+\])?[ \t]*(?=\n|\Z)")
# a mail header block: a sender or recipient field and, within five lines, one of these
_MAIL_BLOCK = re.compile(r"(?m)^(?:Betreff|Gesendet|Datum|Subject|Sent|Date): ")
_MAIL_REACH = 400
_MAIL_FIELDS = ("Betreff: ", "Gesendet: ", "Datum: ", "Subject: ", "Sent: ", "Date: ")
DEVICE = re.compile(rf"(?:Gesendet von|Sent from) (?P<who>{_NAME})(?:s|'s|’s) "
                    r"(?:iPhone|iPad|Handy|Smartphone|Tablet|Galaxy|Samsung|Pixel|Android|Mac)")
_PLATFORMS = ("instagram.com/", "facebook.com/", "fb.com/", "tiktok.com/", "twitter.com/",
              "x.com/", "threads.net/", "youtube.com/@", "youtube.com/user/",
              "youtube.com/c/", "twitch.tv/", "linkedin.com/in/",
              "pinterest.de/", "pinterest.com/", "github.com/", "reddit.com/user/",
              "reddit.com/u/", "linktr.ee/", "t.me/", "soundcloud.com/", "vimeo.com/",
              "xing.com/profile/", "patreon.com/", "ko-fi.com/", "snapchat.com/add/")
PROFILE = re.compile(r"(?<![\w.-])(?:www\.)?(?:"
                     + "|".join(re.escape(p) for p in _PLATFORMS)
                     + r")@?(?P<who>[\w][\w.-]{1,40}\w)(?![\w-])")  # "/" may follow
# path words of a platform that name a page kind, not an account ("instagram.com/p/…")
_NOT_AN_ACCOUNT = frozenset({
    "p", "reel", "reels", "tv", "watch", "channel", "c", "user", "in", "i", "groups", "group",
    "pages", "page", "hashtag", "explore", "stories", "story", "status", "shorts", "results",
    "search", "help", "login", "share", "sharer", "events", "event", "photo", "photos",
    "video", "videos", "media", "marketplace", "gaming", "notes", "permalink", "intent", "home",
    "accounts", "about", "legal", "privacy", "policies", "settings", "business", "ads",
    "dialog", "plugins", "messages", "notifications", "places", "live", "embed", "playlist"})
SAID = re.compile(r"\b(?:(?:[Dd]anke|[Dd]ank|[Gg]rüße|[Gg]ruß) an (?P<thanked>[A-ZÄÖÜ]"
                  rf"{_NAME})(?=[ ,.!:;)]|$)|[Ww]ie (?P<said>[A-ZÄÖÜ]{_NAME}) (?:(?:schon|bereits"
                  r"|oben|richtig|ja) )*(?:sagte|schrieb|meinte|erwähnte|sagt|schreibt|meint"
                  r"|geschrieben hat|gesagt hat))")
# literal alternations: on a long text they are read from the caller's literal index (one
# Aho-Corasick pass for every cue, servicelab.scan.LiteralIndex), not scanned again
_SAID_HINTS = (Hint(re.compile("Danke an |danke an |Dank an |dank an |Grüße an |grüße an "
                               "|Gruß an |gruß an |Wie |wie ")),)
_CLOCK = re.compile(r"\d:\d\d")
# where a profile address can end its host: the engine finds the "." of each quickly (a
# pattern that starts with a literal), which beat an alternation of the hosts by 3x
_HOST_END = re.compile(r"\.(?:com|ee|me|tv|net|de)/")
_HOST_CHARS = re.compile(r"[\w.-]")
# a username in a header slot: word characters, dots and hyphens, with at least one letter
_USERNAME = r"(?=[\w.-]*[^\W\d_])[\w.-]{2,40}"
# a post's date or age, the field that makes a run of " · " fields a post's header
_DATED = (r"(?:vor (?:\d+|einem|einer|einigen|wenigen) [^\W\d_]+\.?|[Gg]estern|[Hh]eute"
          r"|\d{4}-\d\d-\d\d|\d\d?\.\d\d?\.(?:\d{4}|\d\d)?|\d\d?/\d\d?/\d{4})")
# (a subreddit's "r/x • vor 9 Std." is no author)
# one word, then up to six short fields (ranks, levels, counters, a display name), then the
# date or age after at most two label words ("Registriert: ", "Mitglied seit "): the word is
# the post's author ("the cargo company | News Der seit dem 18.05.2015" is a title and prose)
HEADER = re.compile(rf"(?<![\w.@-])(?<![·|•] )(?<!r/)(?P<who>{_USERNAME}) [·|•] "
                    rf"(?:[^·|•\n]{{1,40}}? [·|•] ){{0,6}}?(?:[^\W\d_]+:? ){{0,2}}{_DATED}"
                    r"(?![\w-])")
_HEADER_HINTS = (Hint(re.compile(" [·|•] "), back=re.compile(r"[\w.-]")),)
# a member's profile counter or join date, the field that makes a run of fields a user's
# profile header even without the post's date ("X · Stammgast · seit 2013 · 3.905 Beiträge");
# at least one field between (a trend list's "Thema · 12.400 Posts" is no profile), and
# the caller drops a line under a one-word line (the author's badges: "Neuling · 3 Beiträge")
# (not "Kommentare" or "Bewertungen": an article's or a shop's counters, "… 5 Sternen · 312
# Bewertungen")
_COUNTER = (r"(?:\d[\d.]* (?:Beiträge|Posts)|(?:Beiträge|Posts): ?\d"
            r"|(?:Mitglied|dabei|[Rr]egistriert) seit:? \d)")
MEMBER = re.compile(rf"(?<![\w.@-])(?<![·|•] )(?P<who>{_USERNAME}) [·|•] "
                    rf"(?:[^·|•\n]{{1,40}}? [·|•] ){{1,5}}?{_COUNTER}(?![\w-])")
# an avatar's alt text alone on its line, or a post's "by" line before its date or age
_BY_NOUNS = ("Kommentar", "Antwort", "Beitrag", "Bewertung", "Rezension", "Bewertet",
             "Geschrieben", "Verfasst", "Gepostet")
# an initial and a surname ("G. Weidemann") or one username
_BY_WHO = rf"(?:[A-ZÄÖÜ]\. [A-ZÄÖÜ]{_NAME}|{_USERNAME})"
BY = re.compile(r"(?:(?:Profilbild|Profilfoto|Benutzerbild|Avatar|Bild) von @?(?P<pic>"
                rf"{_USERNAME})[ \t]*(?=\n|\Z)|(?:{'|'.join(_BY_NOUNS)})"
                rf" von @?(?P<post>{_BY_WHO}) [·|•] (?:[^·|•\n]{{1,40}}? [·|•] )"
                rf"{{0,3}}?{_DATED}|(?<![^\n])(?:{'|'.join(_BY_NOUNS)}) von @?(?P<line>{_BY_WHO})"
                r"[ \t]*(?=\n|\Z))")
_BY_HINTS = (Hint(re.compile("Profilbild von |Profilfoto von |Benutzerbild von |Avatar von "
                             "|Bild von |" + "|".join(f"{n} von " for n in _BY_NOUNS))),)
_COUNTER_WORDS = ("Beiträge", "Posts", " seit")
# a display name alone on its line above the account's handle ("Kochtopf\n@kochtopf.bsky.social
# · vor 5 Min."): the caller keeps it only when it spells the handle (the same account name)
ABOVE_HANDLE = re.compile(r"(?P<who>[^\W\d_][\w.-]{1,39})[ \t]*\n@(?P<handle>\w[\w.-]{1,60}\w)"
                          r"(?= [·|•] )")
#: the literal hint patterns, for the caller's :class:`~servicelab.scan.LiteralIndex`
LITERAL_HINTS = tuple(h.pattern for h in _SAID_HINTS + _BY_HINTS)


def _profiles(text: str) -> Iterator[re.Match[str]]:
    """``PROFILE.finditer(text)``, tried only at the start of the host before each ".com/",
    ".tv/" …"""
    last = 0
    for end in _HOST_END.finditer(text):
        start = end.start()
        while start > last and _HOST_CHARS.match(text, start - 1):
            start -= 1
        m = PROFILE.match(text, start)
        if m is None and text.startswith("www.", start):
            m = PROFILE.match(text, start + 4)
        if m is not None:
            yield m
            last = m.end()


def _lines_from(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches that start a line."""
    yield from hinted_finditer(pattern, text, _LINE_START)


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]
                ) -> Iterator[re.Match[str]]:
    """``hinted_finditer`` over candidate starts found once (the header and member slots
    share their hint, " · "; scanning a long text for it twice cost 0.02 s per 8 MB)."""
    last = 0
    for pos in starts:
        if pos >= last:
            m = pattern.match(text, pos)
            if m is not None:
                yield m
                last = m.end()


class Slot(NamedTuple):
    """One name slot: its kind, the raw capture, where the match starts, and the handle an
    author line's display name belongs to (``display`` only)."""

    kind: str
    who: str
    start: int
    handle: str = ""


def slot_names(text: str, index: LiteralIndex | None = None) -> Iterator[Slot]:
    """Every slot of the module docstring in ``text``; the captures are neither trimmed nor
    checked against word lists (the caller's job). ``index``: the text's literal index
    holding :data:`LITERAL_HINTS`, when the caller has one (a long text)."""
    if ":" in text and _CLOCK.search(text):
        for m in _lines_from(CHAT, text):
            yield Slot("chat", m.group("who"), m.start())
    if "\n" in text:
        for m in _lines_from(DECORATED, text):
            if m.group("pre") or m.group("post"):
                yield Slot("decorated", m.group("who"), m.start())
    if "@" in text and " · " in text:
        for m in _lines_from(DISPLAY, text):
            yield Slot("display", m.group("who"), m.start(), m.group("handle"))
    if any(f in text for f in _MAIL_FIELDS) and _MAIL_BLOCK.search(text):
        for m in _lines_from(MAIL, text):
            near = text[max(0, m.start() - _MAIL_REACH):m.end() + _MAIL_REACH]
            if _MAIL_BLOCK.search(near):
                for part in re.split(r"[;,]", m.group("who")):
                    if part.strip():
                        yield Slot("mail", part.strip().strip("'\""), m.start())
    if "Gesendet von" in text or "Sent from" in text:
        for m in DEVICE.finditer(text):
            yield Slot("device", m.group("who"), m.start())
    if "/" in text:
        for m in _profiles(text):
            who = m.group("who").lower()
            if who not in _NOT_AN_ACCOUNT and not who.endswith((".php", ".html", ".htm")) \
                    and not who.isdigit():  # a page kind, a script, a numeric id
                yield Slot("profile", m.group("who"), m.start())
    if " · " in text or " | " in text or " • " in text:
        starts = list(candidates(text, _HEADER_HINTS))  # one scan for both slots
        for m in _matches_at(HEADER, text, starts):
            yield Slot("header", m.group("who"), m.start())
        if any(c in text for c in _COUNTER_WORDS):
            for m in _matches_at(MEMBER, text, starts):
                yield Slot("member", m.group("who"), m.start())
    if " von " in text:
        for m in hinted_finditer(BY, text, _BY_HINTS, index):
            yield Slot("by", m.group("pic") or m.group("post") or m.group("line"), m.start())
    if "\n@" in text:
        for m in _lines_from(ABOVE_HANDLE, text):
            yield Slot("above_handle", m.group("who"), m.start(), m.group("handle"))
    for m in hinted_finditer(SAID, text, _SAID_HINTS, index):
        yield Slot("said", m.group("thanked") or m.group("said"), m.start())
