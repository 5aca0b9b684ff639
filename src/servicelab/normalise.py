"""Normalise decoded text: mojibake repair, Unicode NFC, quotes, dashes, whitespace.

The normalised text is the reference for every offset in the project: all later tables point
into it with ``start``/``end``. Normalisation is idempotent (``normalise_text(normalise_text(t))
== normalise_text(t)``), which the tests check.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    normalization="NFC",
)

_TRANSLATE = str.maketrans(
    {
        # double quotes → "
        "„": '"', "“": '"', "”": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〃": '"',
        # single quotes / apostrophes → '
        "‚": "'", "‘": "'", "’": "'", "‛": "'", "′": "'", "‹": "'", "›": "'", "`": "'",
        "´": "'",
        # dashes: hyphen variants → -, dash variants → – (en dash)
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2012": "–", "\u2014": "–", "\u2015": "–",
        # spaces → plain space
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
        # invisible characters are dropped (zero-width joiner is kept: it builds emoji)
        "\u200b": None, "\u200c": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
    }
)
for _cp in range(0x2000, 0x200B):
    _TRANSLATE[_cp] = " "

_SPACES = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n{3,}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage ("Ã¤" → "ä") and similar, via ftfy."""
    return ftfy.fix_text(text, _FTFY)


def normalise_text(text: str) -> str:
    """Return the canonical form of ``text`` used for all offsets."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")
