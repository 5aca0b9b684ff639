"""Where a person's name or a word is part of a firm's or an institution's name (privacy).

Why a module: the pseudonymiser keeps companies readable (codebook §7), and firm names are
often built from people's names ("Pizzeria Da Rocco", "Sanitätshaus Vogt & Amiri") or written
as handles ("söp_Schlichtungsstelle", "pizzeria.daenzo"). The gazetteer's firm spans
(:func:`servicelab.entities.firm_name_spans`) leave out a name holding a given name, as it may
be a person; two shapes settle it the other way, by structure, not by a list of firms:

* a trade head, then a naming particle, then a name ("Pizzeria Da Rocco", "Bistro Chez Lou",
  "Gasthaus Zur Linde"): the particle is how a shop is named, never how a person is called;
* a firm span, then "& Name" ("Sanitätshaus Vogt & Amiri"): partners of a firm.

A handle or username is an institution's when one of its parts is a trade head or ends in an
institution tail ("-stelle", "-zentrale": "söp_Schlichtungsstelle") and none is a given name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_PARTICLES = ("Da", "da", "Dal", "dal", "Chez", "Zum", "Zur", "Bei")
_NAME = r"[A-ZÄÖÜ][\w'’-]*\w"
_PARTNER = re.compile(rf"[ \t]?&[ \t]?{_NAME}")
# the particle and its name; the head is read back from the word before (a find per
# particle, not a pattern tried at each of a hundred heads)
_PARTICLE_NAME = re.compile(rf"(?:{'|'.join(_PARTICLES)})[ \t]+{_NAME}")
_HEAD_BEFORE = re.compile(r"([^\W\d_][\w-]*)[ \t]+$")


@dataclass(frozen=True)
class FirmParts:
    """Trade heads ("pizzeria", "sanitätshaus"; lower-cased) and institution tails
    ("stelle", "zentrale") that make a name or a handle a firm's."""

    heads: frozenset[str]
    tails: tuple[str, ...]

    @classmethod
    def load(cls, heads: Iterable[str], tails: Iterable[str]) -> FirmParts:
        return cls(frozenset(h.lower() for h in heads), tuple(sorted({t.lower() for t in tails})))

    def spans(self, text: str, base: Callable[[str], list[tuple[int, int]]] | None = None
              ) -> list[tuple[int, int]]:
        """Offsets of firm names in ``text``: ``base``'s (the gazetteer's), each extended over
        "& Name", and head + particle + name."""
        found = list(base(text)) if base is not None else []
        out = set(found)
        for a, b in found:
            m = _PARTNER.match(text, b)
            if m:
                out.add((a, m.end()))
        for particle in _PARTICLES:  # a find per particle, the head read back from there
            pos = text.find(f" {particle} ")
            while pos != -1:
                head = _HEAD_BEFORE.search(text, max(0, pos - 40), pos + 1)
                name = _PARTICLE_NAME.match(text, pos + 1)
                if head and name and head.group(1).lower() in self.heads:
                    out.add((head.start(1), name.end()))
                pos = text.find(f" {particle} ", pos + 1)
        return sorted(out)

    def is_institution_part(self, part: str) -> bool:
        """A handle part that names a trade or an institution ("pizzeria",
        "schlichtungsstelle"), not a person."""
        low = part.lower()
        return low in self.heads or any(low.endswith(t) and len(low) >= len(t) + 3
                                        for t in self.tails)
