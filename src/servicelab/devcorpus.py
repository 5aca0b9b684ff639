"""The development corpus (``data/dev/``) and its gold labels (codebook §7).

Why a module: the corpus layer is measured on pages written for the project in the layouts real
complaint pages come in. Every measurement (segmentation, furniture, privacy, stance) reads the
pages and the gold through these two functions, so they agree on what a page and a label are.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from servicelab.corpus import Corpus
from servicelab.errors import CorpusInputError
from servicelab.paths import checkout_data_dir

GOLD_COLUMNS = ["page_id", "layer", "quote", "kind", "role", "author", "addressees", "stance",
                "note"]
LAYERS = ("title", "segment", "furniture", "pii", "public")
#: the pseudonym key of every evaluation on the development corpus: fixed, so the scores are
#: the same on every run and machine (pseudonyms only locate gold quotes and are never shown;
#: with a random or per-user key the flat-export splitter, which reads pseudonyms in header
#: stretches, scored differently). The value is the one the stance evaluation first used.
EVAL_KEY = b"servicelab-stance-evaluation-key"
# a page whose id contains this mark was written after the rules it measures and is scored
# once, at the end (codebook §7.2); every default leaves it out
HELD_OUT_MARK = "_heldout_"


def is_held_out(page_id: str) -> bool:
    """Whether a page is held out (its id contains ``_heldout_``)."""
    return HELD_OUT_MARK in page_id


def in_page_set(page_id: str, held_out: bool | str) -> bool:
    """Whether a page belongs to a page set: ``False`` the development pages, ``True`` every
    held-out page, a session name (``"h3"``) the held-out pages that session wrote
    (``*_heldout_h3*``), so that pages written for different rounds are scored apart."""
    if isinstance(held_out, str):
        return f"{HELD_OUT_MARK}{held_out}" in page_id
    return is_held_out(page_id) == held_out


def dev_dir() -> Path:
    """``data/dev`` (one folder per layout family, ``<family>/<page_id>.txt``)."""
    return checkout_data_dir("dev")


def build_family(family: str, key: bytes | None = None, root: str | Path | None = None,
                 pages: Iterable[str] | None = None) -> Corpus:
    """The corpus tables of one family's pages, under :data:`EVAL_KEY` unless a key is given
    (the one way every evaluation on the development corpus builds a family). ``pages``
    builds only those pages (copies in a temporary folder), so that a scorer of one half
    neither reads nor scores the other half's pages."""
    from servicelab.corpus import build_corpus

    base = (Path(root) if root is not None else dev_dir()) / family
    if pages is None:
        return build_corpus(base, key=key or EVAL_KEY)
    with tempfile.TemporaryDirectory() as tmp:
        for page in sorted(pages):
            shutil.copy(base / f"{page}.txt", Path(tmp) / f"{page}.txt")
        return build_corpus(tmp, key=key or EVAL_KEY)


def families(root: str | Path | None = None) -> list[str]:
    """The layout families that have pages, sorted."""
    base = Path(root) if root is not None else dev_dir()
    return sorted(p.name for p in base.iterdir() if p.is_dir() and any(p.glob("*.txt")))


def held_out_families(root: str | Path | None = None) -> list[str]:
    """The families that have held-out pages (``*_heldout_*.txt``), sorted."""
    base = Path(root) if root is not None else dev_dir()
    return [f for f in families(base) if any((base / f).glob(f"*{HELD_OUT_MARK}*.txt"))]


_SESSION = re.compile(rf"{HELD_OUT_MARK}([a-z]+\d+)")


def page_set_of(page_id: str) -> str:
    """The page set of a page: the session that wrote it when it is held out (``h3``), else
    ``dev``."""
    m = _SESSION.search(page_id)
    return m.group(1) if m else "dev"


def held_out_sessions(root: str | Path | None = None) -> list[str]:
    """The sessions that wrote held-out pages ("l1", "p1", "h3", …: the id part after
    ``_heldout_``, without a page letter), sorted."""
    base = Path(root) if root is not None else dev_dir()
    found = {m.group(1) for p in base.glob(f"*/*{HELD_OUT_MARK}*.txt")
             if (m := _SESSION.search(p.stem))}
    return sorted(found)


def read_gold_csv(path: Path, columns: list[str], absent: str) -> pd.DataFrame:
    """A gold CSV as strings, or one line naming the file: ``absent`` when it does not exist,
    the missing columns when it lacks some of ``columns``."""
    if not path.is_file():
        raise CorpusInputError(str(path), absent)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CorpusInputError(str(path), f"missing column(s) {', '.join(missing)}")
    return df


def load_dev_gold(families_: list[str] | None = None, gold_dir: str | Path | None = None,
                  root: str | Path | None = None, held_out: bool | str | None = False
                  ) -> pd.DataFrame:
    """Gold rows of the given families (default: all with pages), with a ``family`` column.

    ``held_out``: False (default) gives the development pages only, True only the held-out
    pages (:func:`is_held_out`), a session name those one session wrote (:func:`in_page_set`),
    None both. Every row is checked, held out or not: a known
    layer, a page that exists, and a quote that occurs verbatim in the page; a bad row
    raises one line naming the file, the row and the problem.
    """
    base = Path(root) if root is not None else dev_dir()
    gdir = Path(gold_dir) if gold_dir is not None else checkout_data_dir("annotations") / "dev"
    frames = []
    for family in families_ or families(base):
        path = gdir / f"{family}.csv"
        df = read_gold_csv(path, GOLD_COLUMNS, "no gold file for this family")
        texts: dict[str, str] = {}
        for i, row in enumerate(df.itertuples(index=False), start=2):
            where = f"{path}:{i}"
            if row.layer not in LAYERS:
                raise CorpusInputError(where, f"unknown layer {row.layer!r}")
            if row.page_id not in texts:
                page = base / family / f"{row.page_id}.txt"
                if not page.is_file():
                    raise CorpusInputError(where, f"no page {row.page_id!r} in {family}/")
                texts[row.page_id] = page.read_text(encoding="utf-8")
            if row.quote not in texts[row.page_id]:
                raise CorpusInputError(where, "quote not found verbatim in the page")
        if held_out is not None:
            df = df[df["page_id"].map(lambda p: in_page_set(p, held_out))]
        frames.append(df[GOLD_COLUMNS].assign(family=family))
    if not frames:
        return pd.DataFrame(columns=[*GOLD_COLUMNS, "family"])
    return pd.concat(frames, ignore_index=True)
