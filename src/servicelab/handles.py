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
#: ``@Name`` or ``@ Name`` (group 1 is the name): a letter, then up to 30 word characters;
#: not inside a word or an e-mail address.
HANDLE = re.compile(rf"(?<![\w@])@ ?([{_LETTER}]\w{{0,30}})")


def is_handle_name(name: str) -> bool:
    """False for the stop words of :data:`NOT_A_HANDLE` ("@alle", "@Thema")."""
    return name.lower() not in NOT_A_HANDLE
