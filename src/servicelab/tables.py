"""The one interface between the build and its readers: the built tables.

Why: the report's index and every notebook must describe the *same* tables. Before, the
report built the tables and each notebook rebuilt the corpus from raw text, so the two could
disagree (the index counted a near-duplicate page, the notebooks dropped it). Now
:func:`load_or_build` reads the tables of a build folder, building them once when they are
missing or were built from other input; :func:`originals` is the one place where
near-duplicate documents are dropped, for the findings and the notebooks alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from servicelab.corpus import Corpus

Tables = dict[str, pd.DataFrame]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _recorded_and_found(corpus_dir: str | Path, tables_dir: str | Path
                        ) -> tuple[dict, dict] | None:
    """(input path -> SHA-256 as the manifest records them, the same for the files now in
    ``corpus_dir``), or None when ``tables_dir`` holds no readable complete build."""
    from servicelab.errors import OneLineError
    from servicelab.outfolder import complete_manifest
    from servicelab.reading import list_corpus_files

    tables_dir = Path(tables_dir)
    if not (tables_dir / "manifest.json").exists():
        return None
    try:
        manifest = complete_manifest(tables_dir)
        files = list_corpus_files(Path(corpus_dir))
    except (OneLineError, OSError):
        return None
    recorded = {r.get("path"): r.get("sha256") for r in manifest.get("inputs", [])}
    root = Path(corpus_dir)
    found = {}
    for f in files:
        f = Path(f)
        rel = f.name if root.is_file() else f.relative_to(root).as_posix()
        found[rel] = _sha256(f)
    return recorded, found


def holds_another_corpus(corpus_dir: str | Path, tables_dir: str | Path) -> bool:
    """Does ``tables_dir`` hold a complete build of input files none of which is in
    ``corpus_dir``? Then building there would replace another corpus's tables (say a
    user's ``make run CORPUS=…``) with this one's, so :func:`load_or_build` refuses."""
    pair = _recorded_and_found(corpus_dir, tables_dir)
    if pair is None:
        return False
    recorded, found = pair
    return bool(recorded) and not set(recorded) & set(found)


def is_current(corpus_dir: str | Path, tables_dir: str | Path) -> bool:
    """Do ``tables_dir``'s tables come from the files now in ``corpus_dir``?

    A complete build whose manifest lists analysis tables and the same input files with the
    same SHA-256 (paths relative to the corpus as the manifest records them), built by this
    version of the package's code and rules (:func:`servicelab.outfolder.code_fingerprint`).
    """
    from servicelab.analyses import ANALYSES
    from servicelab.outfolder import code_fingerprint

    pair = _recorded_and_found(corpus_dir, tables_dir)
    if pair is None:
        return False
    recorded, found = pair
    if built_by(tables_dir) != code_fingerprint():
        return False  # built by other code or rules: its numbers are not this version's
    wanted = {t for a in ANALYSES.values() for t in a.tables} | {"documents", "segments"}
    return wanted <= set(table_names(tables_dir)) and found == recorded


def built_by(tables_dir: str | Path) -> str | None:
    """The code fingerprint in the manifest of ``tables_dir`` (None: unknown or mixed)."""
    from servicelab.outfolder import complete_manifest

    return complete_manifest(Path(tables_dir)).get("code")


def table_names(tables_dir: str | Path) -> list[str]:
    """The tables a complete build in ``tables_dir`` lists, sorted."""
    from servicelab.outfolder import complete_manifest

    return sorted(complete_manifest(Path(tables_dir)).get("tables", {}))


def read_tables(tables_dir: str | Path) -> Tables:
    """Every table of the build in ``tables_dir`` (checked against its manifest)."""
    from servicelab.engines import read_table

    return {name: read_table(tables_dir, name) for name in table_names(tables_dir)}


def load_or_build(corpus_dir: str | Path, tables_dir: str | Path,
                  log: Callable[[str], None] | None = None, wait: float = 900) -> Tables:
    """The corpus and analysis tables of ``corpus_dir``, read from ``tables_dir``.

    Builds them there first (corpus and every registered analysis, as ``servicelab build``
    does) only when ``tables_dir`` holds no complete build of the files now in
    ``corpus_dir``; ``log`` hears one line when that happens. When another process is
    building into ``tables_dir`` (two notebooks started at once), waits up to ``wait``
    seconds for it and reads its build instead of failing.
    """
    import time

    from servicelab.engines import build
    from servicelab.errors import OutputFolderError

    deadline = time.monotonic() + wait
    if not is_current(corpus_dir, tables_dir) and holds_another_corpus(corpus_dir, tables_dir):
        raise OutputFolderError(
            tables_dir, f"holds the tables of another corpus (none of its input files is in "
            f"{corpus_dir}); set tables_dir to a folder of its own, or remove this folder "
            "if those tables are no longer needed")
    while not is_current(corpus_dir, tables_dir):
        if log:
            log(f"building the tables of {corpus_dir} into {tables_dir}")
        try:
            build(corpus_dir, tables_dir, analyses=True)
        except OutputFolderError as exc:
            if "another servicelab run is writing here" not in str(exc) \
                    or time.monotonic() > deadline:
                raise
            time.sleep(2)
    return read_tables(tables_dir)


def pseudonyms_of(corpus_dir: str | Path) -> pd.DataFrame:
    """The original → pseudonym map of each document of ``corpus_dir``, derived again from
    the raw files with the corpus's key (as :func:`servicelab.corpus.process_document` does).

    Why: the map is private and never written to the tables, but aligning hand-made gold
    quotes (which name people) to the pseudonymised text needs it. It costs a read and the
    name search of every file, not a build. Files that do not read are left out."""
    from servicelab.errors import CorpusInputError
    from servicelab.normalise import normalise_text
    from servicelab.privacy import pseudonymise_input, pseudonymise_text, resolve_key
    from servicelab.reading import list_corpus_files, read_file

    root = Path(corpus_dir)
    key = resolve_key(root)
    base = root if root.is_dir() else root.parent
    rows = []
    for f in list_corpus_files(root):
        try:
            raw = pseudonymise_input(read_file(f, base), key)
        except CorpusInputError:
            continue
        replaced = pseudonymise_text(normalise_text(raw.text), key).replacements
        rows += [{"doc_id": raw.doc_id, "kind": k, "original": o, "pseudonym": p}
                 for k, o, p in sorted(set(replaced))]
    return pd.DataFrame(rows, columns=["doc_id", "kind", "original", "pseudonym"])


def as_corpus(tables: Mapping[str, pd.DataFrame],
              corpus_dir: str | Path | None = None) -> Corpus:
    """The corpus tables as a :class:`~servicelab.corpus.Corpus` (for functions that take
    one). The pseudonym map is never among the built tables; with ``corpus_dir`` it is
    derived again from the raw files (:func:`pseudonyms_of`), for aligning gold quotes."""
    from servicelab.corpus import COLUMNS

    corpus = Corpus(**{name: tables[name] for name in COLUMNS})
    if corpus_dir is not None:
        corpus.pseudonyms = pseudonyms_of(corpus_dir)
    return corpus


def duplicate_ids(tables: Mapping[str, pd.DataFrame]) -> set[str]:
    """The ids of documents flagged as near-duplicates of another document."""
    docs = tables.get("documents")
    if docs is None or "duplicate_of" not in docs:
        return set()
    return set(docs.loc[docs["duplicate_of"].notna(), "doc_id"].astype(str))


def originals(tables: Mapping[str, pd.DataFrame]) -> Tables:
    """``tables`` without the rows of near-duplicate documents: every finding and every
    notebook summary counts each document once.

    Rows are dropped by ``doc_id``; the ``latency`` table, which has none, by its
    ``case_id`` (a post id) through the ``posts`` table. The ``documents`` table keeps only
    the originals; ``errors`` (no document) is kept as it is.
    """
    dups = duplicate_ids(tables)
    if not dups:
        return dict(tables)
    posts = tables.get("posts")
    dup_posts: set[str] = set()
    if posts is not None and {"post_id", "doc_id"} <= set(posts.columns):
        dup_posts = set(posts.loc[posts["doc_id"].isin(dups), "post_id"].astype(str))
    out: Tables = {}
    for name, df in tables.items():
        if df is None:
            out[name] = df
        elif "doc_id" in df.columns:
            out[name] = df[~df["doc_id"].astype(str).isin(dups)].reset_index(drop=True)
        elif "case_id" in df.columns:
            out[name] = df[~df["case_id"].astype(str).isin(dup_posts)].reset_index(drop=True)
        else:
            out[name] = df
    return out


def is_seed_corpus(tables: Mapping[str, pd.DataFrame]) -> bool:
    """Are these the tables of the shipped seed pages (``data/raw``), file for file?

    Why: notebooks comment on particular seed documents (a thread, a case); that commentary
    is shown only when it describes the corpus at hand. Compared by the SHA-256 of the raw
    files, so a copy of the seeds elsewhere counts, a subset or an edited page does not."""
    from servicelab.errors import OneLineError
    from servicelab.paths import checkout_data_dir

    docs = tables.get("documents")
    if docs is None or "sha256" not in docs or docs.empty:
        return False
    try:
        seeds = {_sha256(p) for p in sorted(checkout_data_dir("raw").glob("*.txt"))}
    except (OneLineError, OSError):
        return False
    return bool(seeds) and set(docs["sha256"].astype(str)) == seeds
