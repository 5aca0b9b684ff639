"""The role a candidate firm plays in a complaint text (issue 15, vendors round eleven).

Why: a portal, marketplace or payment service named more often than the firm complained about
won the main vendor (a booking portal for the hotel, a marketplace for its seller, a payment
service for the shop). The chooser (:mod:`servicelab.main_vendor_model`) saw mention counts,
types and the lemma before each mention, but not what the words around a mention say about
the firm's role: the deal went *through* it (``via``: "über X gebucht", "ein Vergleichsportal (X)"),
it *sold* or ran what the intermediary listed (``seller``: "verkauft von … X", "der Händler
X"), the writer *dealt* with it ("bei X bestellt": ``at`` with a ``deal`` word in the
sentence, together ``contract``), or it *answers* ("X antwortet nicht", "X lehnt ab").
The cues are regexes in ``data/vendor_role_cues.csv`` (one example each, read with
:func:`servicelab.rulefiles.read_rule_csv`), matched right before or after a mention or in its
sentence; the features are per candidate and relative to the other candidates (an
intermediary beside a direct party, and the reverse).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from servicelab.entities import Mention

_COLUMNS = ("role", "where", "regex", "example")
_DOMAIN = re.compile(r"(?i)^[\w.-]+\.(?:de|com|net|org|eu|at|ch|info|io)$")


@dataclass(frozen=True)
class RoleCues:
    """role → (where, compiled regex) rows; ``before`` regexes end at the mention (``$``),
    ``after`` ones start right after it (``^``), ``sentence`` ones search its sentence."""

    rows: tuple[tuple[str, str, re.Pattern[str]], ...]
    window: int = 60  # characters before / after a mention that ``before`` / ``after`` see

    @classmethod
    def load(cls, path=None) -> RoleCues:
        """The shipped cues (``data/vendor_role_cues.csv``) or those at ``path``."""
        from importlib import resources

        from servicelab.rulefiles import read_rule_csv

        path = path or resources.files("servicelab") / "data" / "vendor_role_cues.csv"
        rows = read_rule_csv(path, _COLUMNS, "vendor role cue file")
        return cls(tuple((r["role"], r["where"], re.compile(r["regex"])) for r in rows))

    def roles_at(self, text: str, m: Mention, sentence: tuple[int, int]) -> set[str]:
        """The roles the cues give mention ``m`` of ``text`` (``sentence``: its span)."""
        before = text[max(sentence[0], m.start - self.window):m.start]
        after = text[m.end:min(sentence[1], m.end + self.window)]
        out = set()
        for role, where, rx in self.rows:
            hay = before if where == "before" else after if where == "after" else \
                text[sentence[0]:sentence[1]]
            if rx.search(hay):
                out.add(role)
        if "deal" in out:
            out |= {"contract"} if "at" in out else set()
            out |= {"via"} if "through" in out else set()
        return out


_CUES: list[RoleCues] = []  # loaded once per process


def default_cues() -> RoleCues:
    if not _CUES:
        _CUES.append(RoleCues.load())
    return _CUES[0]


def role_features(text: str, by_entity: dict[str, list[Mention]], types: dict[str, str],
                  sentence_of, payment: frozenset[str], cues: RoleCues | None = None
                  ) -> dict[str, dict[str, Any]]:
    """entity → its role features: ``role_via`` / ``role_seller`` / ``role_contract`` /
    ``role_answers`` (any mention), ``role_domain`` (named as a web address: the page's
    publisher, not the firm), ``role_via_beside_direct`` (an intermediary — via, a platform or
    a payment service — while another candidate sold or contracted) and
    ``role_direct_beside_via`` (the reverse). ``sentence_of``: offset → sentence span."""
    cues = cues or default_cues()
    roles: dict[str, set[str]] = {}
    for e, mine in by_entity.items():
        found: set[str] = set()
        for m in mine:
            found |= cues.roles_at(text, m, sentence_of(m.start))
        roles[e] = found
    direct = {e for e, r in roles.items() if r & {"seller", "contract"}}
    channel = {e for e, r in roles.items() if "via" in r or types[e] == "platform"
               or e in payment}
    out: dict[str, dict[str, Any]] = {}
    for e, r in roles.items():
        f: dict[str, Any] = {f"role_{k}": 1 for k in ("via", "seller", "contract", "answers")
                             if k in r}
        if _DOMAIN.match(by_entity[e][0].surface):
            f["role_domain"] = 1
        if e in channel and e not in direct and direct - {e}:
            f["role_via_beside_direct"] = 1
        if e in direct and e not in channel and channel - {e}:
            f["role_direct_beside_via"] = 1
        out[e] = f
    return out


def mentions_by_entity(ms: Sequence[Mention]) -> dict[str, list[Mention]]:
    """entity → its mentions in text order."""
    out: dict[str, list[Mention]] = {}
    for m in ms:
        out.setdefault(m.entity, []).append(m)
    return out


def intermediaries(text: str, ms: Sequence[Mention], payment: frozenset[str],
                   cues: RoleCues | None = None) -> set[str]:
    """The candidate firms the deal only went through: a ``via`` cue at one of its mentions
    and no ``contract`` at any, or a payment service (``payment``)."""
    from servicelab.main_vendor_model import _sentence

    cues = cues or default_cues()
    out = set()
    for e, mine in mentions_by_entity(ms).items():
        found: set[str] = set()
        for m in mine:
            found |= cues.roles_at(text, m, _sentence(text, m.start))
        if e in payment or ("via" in found and "contract" not in found):
            out.add(e)
    return out
