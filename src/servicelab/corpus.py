"""Build the corpus tables: documents → posts → segments → sentences (+ boilerplate, errors).

``process_document`` turns one decoded file into rows of every table and is the unit of work
for any engine; ``build_corpus`` runs it over a folder and adds the corpus-wide step
(near-duplicate flags). Offsets (``start``, ``end``) always index the document's normalised,
pseudonymised ``text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from servicelab import dedup
from servicelab.boilerplate import find_boilerplate, lines_with_offsets
from servicelab.errors import CorpusInputError
from servicelab.normalise import normalise_text
from servicelab.posts import split_posts
from servicelab.privacy import (
    pseudonymise_error,
    pseudonymise_input,
    pseudonymise_text,
    resolve_key,
)
from servicelab.reading import RawText, list_corpus_files, read_file
from servicelab.segments import SegmentSpan, segment_post
from servicelab.sentences import QuoteCoverage, is_quoted, quoted_spans, split_sentences
from servicelab.sitelines import NO_LINES, SiteLineCounter, page_hashes, site_of

COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "sha256", "encoding", "n_bytes", "n_chars", "duplicate_of",
                  "text", "date"],
    "posts": ["post_id", "doc_id", "position", "title", "start", "end"],
    "segments": ["segment_id", "post_id", "doc_id", "position", "kind", "author", "addressees",
                 "role", "start", "end", "text"],
    "sentences": ["sentence_id", "segment_id", "post_id", "doc_id", "position", "start", "end",
                  "text", "quoted"],
    "boilerplate": ["doc_id", "start", "end", "kind", "text"],
    "errors": ["path", "problem"],
}
# row order of every table (ties keep the order in which process_document made the rows)
SORT_KEYS: dict[str, list[str]] = {
    "documents": ["doc_id"], "posts": ["doc_id", "position"], "segments": ["doc_id", "start"],
    "sentences": ["doc_id", "start"], "boilerplate": ["doc_id", "start"], "errors": ["path"],
}
PROGRESS_MIN_FILES = 50
DTYPES: dict[str, str] = {
    "position": "int64", "start": "int64", "end": "int64", "n_bytes": "int64",
    "n_chars": "int64", "quoted": "bool",
}


@dataclass
class Corpus:
    """The corpus as tidy tables; see ``COLUMNS`` for their columns."""

    documents: pd.DataFrame
    posts: pd.DataFrame
    segments: pd.DataFrame
    sentences: pd.DataFrame
    boilerplate: pd.DataFrame
    errors: pd.DataFrame
    pseudonyms: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The exported tables (the pseudonym key is deliberately not among them)."""
        return {name: getattr(self, name) for name in COLUMNS}

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={len(v)}" for k, v in self.tables().items())
        return f"Corpus({counts})"


def make_table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table with the documented columns and dtypes, also when ``rows`` is empty."""
    df = pd.DataFrame(rows, columns=COLUMNS[name])
    for col in df.columns:
        if col in DTYPES:
            df[col] = df[col].astype(DTYPES[col])
        elif col not in ("addressees",):
            df[col] = df[col].astype("object").where(df[col].notna(), None)
    return df


def raw_page_hashes(raw: RawText) -> set[int]:
    """The line keys of one read page, for the repeated-line count of its site."""
    return page_hashes([line for _, _, line in lines_with_offsets(raw.text)])


def count_site_lines(raws: list[RawText], counter: SiteLineCounter | None = None
                     ) -> SiteLineCounter:
    """Count the lines of read pages per site (the corpus-level pass before processing).

    With a new counter (no ``counter`` given), the lines of a site with fewer distinct pages
    than the rules' ``min_pages`` are not read: no line there can repeat
    (:meth:`SiteLineCounter.repeated` skips such a site), and reading the virtual lines of
    one large flat page cost about 0.5 s. Such a site's pages are counted with no lines."""
    small: set[str] = set()
    if counter is None:
        counter = SiteLineCounter()
        pages: dict[str, set[str]] = {}
        for raw in raws:
            pages.setdefault(site_of(raw.path), set()).add(raw.sha256)
        small = {site for site, shas in pages.items() if len(shas) < counter.rules.min_pages}
    for raw in raws:
        hashes = set() if site_of(raw.path) in small else raw_page_hashes(raw)
        counter.add_hashes(raw.path, raw.sha256, hashes)
    return counter


def site_lines_for(raw: RawText, repeated: dict[str, frozenset[int]]) -> frozenset[int]:
    """The repeated-line keys of a document's site (empty when it has none)."""
    return repeated.get(site_of(raw.path), NO_LINES) if repeated else NO_LINES


def process_document(raw: RawText, key: bytes | None,
                     on_stage: Callable[[str], None] | None = None,
                     repeated: frozenset[int] = NO_LINES) -> dict[str, list[dict]]:
    """All table rows for one document (the per-partition unit of every engine).

    ``key`` is the pseudonym key (:func:`servicelab.privacy.resolve_key`); ``None`` keeps
    names and numbers (``--no-pseudonymise``, research use only). ``on_stage`` is called
    with the name of each stage as it starts (progress of large documents,
    :class:`~servicelab.progress.StageBar`). ``repeated``: the keys of lines repeated across
    the pages of the document's site (:func:`site_lines_for`), recorded as furniture.
    """
    stage = on_stage or (lambda name: None)
    stage("normalise")
    text = normalise_text(raw.text)
    replaced: list[tuple[str, str, str]] = []
    if key is not None:
        stage("pseudonymise")
        result = pseudonymise_text(text, key)
        text, replaced = result.text, result.replacements
    stage("boilerplate")
    spans = find_boilerplate(text, repeated=repeated)
    rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    rows["pseudonyms"] = [
        {"doc_id": raw.doc_id, "kind": k, "original": o, "pseudonym": p}
        for k, o, p in sorted(set(replaced))
    ]
    for s in spans:
        rows["boilerplate"].append(
            {"doc_id": raw.doc_id, "start": s.start, "end": s.end, "kind": s.kind,
             "text": text[s.start : s.end]}
        )
    stage("posts, segments, sentences")
    for p_pos, post in enumerate(split_posts(text, spans)):
        post_id = f"{raw.doc_id}:p{p_pos}"
        rows["posts"].append(
            {"post_id": post_id, "doc_id": raw.doc_id, "position": p_pos, "title": post.title,
             "start": post.start, "end": post.end}
        )
        segs = segment_post(text, post, spans)
        if post.title_start is not None and post.title_end is not None:
            # the title is text the author wrote: analysable like any unit, with offsets
            first_body = next((s for s in segs if s.kind == "body"), None)
            segs.insert(0, SegmentSpan(post.title_start, post.title_end, "title", role="author",
                                       author=first_body.author if first_body else None))
        for s_pos, seg in enumerate(segs):
            seg_id = f"{post_id}:s{s_pos:02d}"
            rows["segments"].append(
                {"segment_id": seg_id, "post_id": post_id, "doc_id": raw.doc_id,
                 "position": s_pos, "kind": seg.kind, "author": seg.author,
                 "addressees": list(seg.addressees), "role": seg.role, "start": seg.start,
                 "end": seg.end, "text": text[seg.start : seg.end]}
            )
            quotes = QuoteCoverage(quoted_spans(text, seg.start, seg.end))
            for t_pos, (a, b) in enumerate(split_sentences(text, seg.start, seg.end)):
                rows["sentences"].append(
                    {"sentence_id": f"{seg_id}:t{t_pos:03d}", "segment_id": seg_id,
                     "post_id": post_id, "doc_id": raw.doc_id, "position": t_pos, "start": a,
                     "end": b, "text": text[a:b], "quoted": is_quoted(a, b, quotes)}
                )
    body = " ".join(r["text"] for r in rows["segments"] if r["kind"] == "body")
    rows["documents"].append(
        {"doc_id": raw.doc_id, "path": raw.path, "sha256": raw.sha256, "encoding": raw.encoding,
         "n_bytes": raw.n_bytes, "n_chars": len(text), "duplicate_of": None, "text": text,
         "date": getattr(raw, "date", None),  # tabular inputs may carry a date (inputs.py)
         "content": body or " ".join(r["text"] for r in rows["segments"])}
    )
    return rows


def assemble(parts: list[dict[str, list[dict]]], errors: list[dict]) -> Corpus:
    """Concatenate per-document rows into sorted tables and flag near-duplicates."""
    merged: dict[str, list[dict]] = {name: [] for name in [*COLUMNS, "pseudonyms"]}
    for part in parts:
        for name, rows in part.items():
            merged[name].extend(rows)
    docs_full = pd.DataFrame(merged["documents"])
    tables = {name: make_table(name, merged[name]) for name in COLUMNS if name != "errors"}
    if len(docs_full):
        docs_full = docs_full.sort_values("doc_id").reset_index(drop=True)
        flags = dedup.flag_duplicates(docs_full)
        dup = dict(zip(docs_full["doc_id"], flags, strict=True))
        tables["documents"]["duplicate_of"] = tables["documents"]["doc_id"].map(dup)
        tables["documents"]["duplicate_of"] = (
            tables["documents"]["duplicate_of"].astype("object").where(
                tables["documents"]["duplicate_of"].notna(), None)
        )
    for name, key in SORT_KEYS.items():
        if name == "errors":
            continue
        tables[name] = tables[name].sort_values(key, kind="stable").reset_index(drop=True)
    return Corpus(
        **tables,
        errors=make_table("errors", sorted(errors, key=lambda r: r["path"])),
        pseudonyms=pd.DataFrame(merged["pseudonyms"],
                                columns=["doc_id", "kind", "original", "pseudonym"]),
    )


def build_corpus(
    path: str | Path,
    pseudonymise: bool = True,
    on_error: Literal["raise", "skip"] = "raise",
    progress: bool = False,
    key: bytes | None = None,
) -> Corpus:
    """Read a folder of ``.txt`` files (or one file) into a :class:`Corpus`.

    Bad files raise :class:`CorpusInputError` naming the file, or with ``on_error="skip"``
    are listed in ``corpus.errors``. Raw files are only read, never written. The pseudonym
    key is ``key`` or, when that is ``None``, :func:`servicelab.privacy.resolve_key`'s.
    """
    if on_error not in ("raise", "skip"):
        raise ValueError("on_error must be 'raise' or 'skip'")
    root = Path(path)
    files = list_corpus_files(root)
    if pseudonymise and key is None:
        key = resolve_key(root)
    base = root if root.is_dir() else root.parent
    raws, errors = [], []
    for f in files:
        try:
            raw = read_file(f, base)
        except CorpusInputError as exc:
            bad = pseudonymise_error({"path": exc.path, "problem": exc.problem},
                                     key if pseudonymise else None)
            if on_error == "raise":
                raise CorpusInputError(bad["path"], bad["problem"]) from None
            errors.append(bad)
            continue
        raws.append(pseudonymise_input(raw, key if pseudonymise else None))
    repeated = count_site_lines(raws).repeated()
    iterator = raws
    if progress and len(raws) >= PROGRESS_MIN_FILES:
        from tqdm import tqdm

        iterator = tqdm(raws, desc="documents", unit="doc", mininterval=0.5, disable=None)
    parts = [process_document(raw, key if pseudonymise else None,
                              repeated=site_lines_for(raw, repeated)) for raw in iterator]
    if not parts:
        raise CorpusInputError(str(path), "no readable text file in the corpus "
                               f"({len(errors)} skipped)")
    return assemble(parts, errors)
