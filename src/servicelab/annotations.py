"""Align hand-made gold annotations with corpus tables.

Gold files are keyed by ``doc_id`` and a verbatim ``quote`` from the document, not by ids,
so they survive improvements of the segmenter. ``align`` finds each quote in the document's
normalised text and returns the segment or sentence that contains its first character.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pandas as pd

from servicelab.corpus import Corpus
from servicelab.errors import CorpusInputError
from servicelab.normalise import normalise_text
from servicelab.paths import checkout_data_dir
from servicelab.privacy import pseudonymise_text


def apply_pseudonyms(text: str, mapping: dict[str, str]) -> str:
    """Replace the originals of a document's pseudonym map in ``text`` (longest first)."""
    for original in sorted(mapping, key=len, reverse=True):
        # "@ Monika" became "@Person_…" in the corpus, as privacy.pseudonymise_text writes it;
        # a genitive "Olivers" became "Person_…s", so the name may be followed by its "s"
        text = re.sub(rf"(@ ?)?(?<!\w){re.escape(original)}(?=s?(?!\w))",
                      lambda m, new=mapping[original]: ("@" if m.group(1) else "") + new, text)
    return text


def find_quote(
    text: str, quote: str, mapping: dict[str, str] | None = None, key: bytes | None = None
) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text`` after normalisation (and pseudonymisation).

    The quote is tried as it is, with the document's pseudonym ``mapping`` applied, and,
    when the pseudonym ``key`` is given, pseudonymised like the corpus text.
    """
    norm = normalise_text(quote)
    candidates = [norm]
    if key is not None:
        candidates.append(pseudonymise_text(norm, key).text)
    if mapping:
        candidates.append(apply_pseudonyms(norm, mapping))
        candidates += _names_cut_at_the_end(norm, mapping)
        candidates += _names_cut_at_the_start(norm, mapping)
    for candidate in candidates:
        pos = text.find(candidate)
        if pos >= 0:
            return pos, pos + len(candidate)
    return None


def _names_cut_at_the_end(quote: str, mapping: dict[str, str]) -> list[str]:
    """The quote completed with each pseudonymised name whose first words it ends with ("…
    ein Thema für Jan" when "Jan Böhmermann" was replaced): a gold quote marks where a unit
    starts and may stop inside a name, which then stands in the corpus only as a whole."""
    out = []
    for original in sorted(mapping, key=len, reverse=True):
        words = original.split()
        for k in range(len(words) - 1, 0, -1):
            head = " ".join(words[:k])
            if re.search(rf"(?<!\w){re.escape(head)}$", quote):
                out.append(apply_pseudonyms(quote[: len(quote) - len(head)] + original, mapping))
                break
    return out


def _names_cut_at_the_start(quote: str, mapping: dict[str, str]) -> list[str]:
    """The quote begun with the pseudonym of a replaced name whose last words it starts
    with: when the corpus took a unit's first word into the name before it ("Hakan Öztürk
    Genau das …" replaced as one name), the unit's gold quote ("Genau das …") stands in the
    corpus only as the tail of that pseudonym."""
    out = []
    for original in sorted(mapping, key=len, reverse=True):
        words = original.split()
        for k in range(1, len(words)):
            tail = " ".join(words[k:])
            if re.match(rf"{re.escape(tail)}(?!\w)", quote):
                out.append(mapping[original] + apply_pseudonyms(quote[len(tail):], mapping))
                break
    return out


def pseudonym_map(corpus: Corpus, doc_id: str) -> dict[str, str]:
    """original → pseudonym for one document of ``corpus``."""
    p = corpus.pseudonyms
    if p.empty:
        return {}
    p = p[p["doc_id"] == doc_id]
    return dict(zip(p["original"], p["pseudonym"], strict=True))


def align(
    gold: pd.DataFrame,
    corpus: Corpus,
    unit: Literal["segment", "sentence"] = "segment",
    source: str = "gold",
) -> pd.DataFrame:
    """``gold`` with ``start``, ``end`` of the quote and the id of the containing unit."""
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    table = corpus.segments if unit == "segment" else corpus.sentences
    id_col = f"{unit}_id"
    out = gold.copy()
    starts, ends, ids = [], [], []
    for i, row in enumerate(gold.itertuples(index=False)):
        doc_id, quote = row.doc_id, row.quote
        if doc_id not in texts:
            raise CorpusInputError(source, f"row {i + 2}: doc_id {doc_id!r} is not in the corpus")
        span = find_quote(texts[doc_id], quote, pseudonym_map(corpus, doc_id))
        if span is None:
            raise CorpusInputError(source, f"row {i + 2}: quote not found in {doc_id}: {quote!r}")
        units = table[(table["doc_id"] == doc_id) & (table["start"] <= span[0])
                      & (table["end"] > span[0])]
        starts.append(span[0])
        ends.append(span[1])
        ids.append(units[id_col].iloc[0] if len(units) else None)
    out["start"], out["end"], out[id_col] = starts, ends, ids
    return out


def annotations_dir() -> Path:
    """``data/annotations`` of the source checkout (gold files are data, not package code)."""
    return checkout_data_dir("annotations")


def load_gold(name: str) -> pd.DataFrame:
    """Read ``data/annotations/<name>.csv`` as strings (empty cells stay empty strings)."""
    path = annotations_dir() / f"{name}.csv"
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise CorpusInputError(str(path.name), f"cannot read gold file ({exc})") from None
