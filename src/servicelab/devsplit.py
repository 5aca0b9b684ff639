"""Tuning and test halves of the development corpus (codebook §7.3).

Why a module: the stance rules (and any other rule read against ``data/dev``) may be read and
tuned on one half of the pages only; the other half is scored once, at the end. The half of a
page depends on its ``page_id`` alone (a seeded SHA-256), so a page added later gets a half
without moving any existing page, and every evaluation agrees on the split.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from servicelab.devcorpus import in_page_set, is_held_out

SEED = "servicelab-dev-half-1"
HALVES = ("tuning", "test", "all", "held_out")


def page_half(page_id: str) -> str:
    """``tuning`` or ``test``: the parity of SHA-256(``SEED:page_id``)."""
    digest = hashlib.sha256(f"{SEED}:{page_id}".encode()).hexdigest()
    return "tuning" if int(digest, 16) % 2 == 0 else "test"


def check_half(half: str) -> None:
    """Refuse anything but ``tuning``, ``test``, ``all``, ``held_out`` or
    ``held_out:<session>`` with one line."""
    if half not in HALVES and not (half.startswith("held_out:") and len(half) > 9):
        raise ValueError(f"unknown half {half!r}; use one of {HALVES} or held_out:<session>")


def select_half(gold: pd.DataFrame, half: str = "tuning") -> pd.DataFrame:
    """The rows of dev gold (:func:`servicelab.devcorpus.load_dev_gold`) whose page is in
    ``half``. ``tuning``, ``test`` and ``all`` hold development pages only; ``held_out``
    the held-out pages (codebook §7.2), ``held_out:h3`` those one session wrote
    (``*_heldout_h3*``), so that sets written for different rounds are scored apart."""
    check_half(half)
    if half.startswith("held_out"):
        pages: bool | str = half.partition(":")[2] or True
        return gold[gold["page_id"].map(lambda p: in_page_set(p, pages))]
    dev = gold[~gold["page_id"].map(is_held_out)]
    if half == "all":
        return dev
    return dev[dev["page_id"].map(page_half) == half]
