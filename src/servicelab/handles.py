"""Social-media handles (``@Name``): one pattern and one stop list for every module.

Why one module: the segmenter (addressees), the actor matcher (unknown organisations), the
pseudonymiser and the thread linker each used to carry their own handle regex and their own
list of words that follow an ``@`` without being a handle; the lists had drifted apart.
"""

from __future__ import annotations

import re

#: Words written after ``@`` that address everyone or a topic, not a person or a company.
NOT_A_HANDLE = frozenset({"thema", "alle", "all", "topic", "admin"})

_LETTER = "A-Za-zÄÖÜäöüß"
#: ``@Name`` or ``@ Name`` (group 1 is the name): a letter, then up to 30 word characters.
#: Also when glued to a word ("Twitter@DB_Bahn"): the segmenter and the pseudonymiser must
#: not miss a handle (e-mail addresses are pseudonymised before any handle is looked for).
HANDLE = re.compile(rf"@ ?([{_LETTER}]\w{{0,30}})")
#: The same handle, only where it starts a word: the actor matcher reads names from it and
#: would otherwise take the tail of "foren@derstandard" for an organisation.
FREE_HANDLE = re.compile(r"(?<![\w@])" + HANDLE.pattern)


def is_handle_name(name: str) -> bool:
    """False for the stop words of :data:`NOT_A_HANDLE` ("@alle", "@Thema")."""
    return name.lower() not in NOT_A_HANDLE

#: A line that shows only a handle: a header line above a post ("@anna.k", "@anna · 2 Std.";
#: ``rest`` holds the "· …" tail) or an addressee line before a reply ("@Kaule,", "@anna:").
HANDLE_LINE = re.compile(r"^(?P<handle>@ ?\w[\w.]{0,30})(?P<rest>[,:]|\s*·\s.*)?$")


def header_handle(line: str) -> str | None:
    """The handle of a header line that shows only a handle (with an optional "· date"
    tail), else None; an addressee line ending in "," or ":" is not a header."""
    m = HANDLE_LINE.match(line)
    if m is None or m.group("rest") in (",", ":") or " " in m.group("handle"):
        return None
    return m.group("handle")


def is_addressee_line(line: str) -> bool:
    """A line that only addresses someone ("@Kaule,", "@anna:", "@pdaether")."""
    m = HANDLE_LINE.match(line)
    return m is not None and (m.group("rest") or ",") in (",", ":")
