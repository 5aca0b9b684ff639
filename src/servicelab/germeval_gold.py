"""The GermEval 2017 sample and its gold labels (codebook §6): one loader for every analysis.

Why a module: the vendor, blame, timeline and sentiment evaluations all score against the
same sampled documents, split into a tuning half (rules may be read against it) and a test
half (scored once, after the rules are frozen). Reading texts, halves and label files in one
place keeps the halves from leaking: every function takes ``half`` and defaults to
``"tuning"``; the test half is only returned when asked for by name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.external import load_germeval2017
from servicelab.paths import checkout_data_dir

SAMPLES = ("germeval_sample.csv", "germeval_waits_sample.csv")
#: The commit that froze the sample and every label file (the last one to touch them); the
#: rules written for issue 15 came after it. ``tests/test_germeval_gold.py`` checks the history.
GOLD_COMMIT = "65eb5f4"
LAYERS = ("docs", "orgs", "blame", "timex", "events", "waits")
HALVES = ("tuning", "test", "all")


def _annotations(root: str | Path | None) -> Path:
    return Path(root) if root is not None else checkout_data_dir("annotations")


def _check_half(half: str) -> None:
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}; use one of {HALVES}")


def load_sample(half: str = "tuning", root: str | Path | None = None) -> pd.DataFrame:
    """Sampled documents of ``half``: ``doc_id``, ``split``, ``id``, ``half``, ``sample``
    (``first`` or ``waits``, codebook §6.8) and ``text`` (from the shipped GermEval files).

    ``doc_id`` is ``<split>:<row number in the split's TSV>``, as written by
    ``tools/draw_germeval_sample.py``; the text's URL must match the sample's ``id``.
    """
    _check_half(half)
    ann = _annotations(root)
    frames = []
    for name, sample in zip(SAMPLES, ("first", "waits"), strict=True):
        df = pd.read_csv(ann / name, dtype=str, keep_default_na=False)
        df["sample"] = sample
        frames.append(df)
    docs = pd.concat(frames, ignore_index=True)
    if half != "all":
        docs = docs[docs["half"] == half]
    texts = []
    for doc_id, url in zip(docs["doc_id"], docs["id"], strict=True):
        split, row = doc_id.split(":")
        source = load_germeval2017(split).iloc[int(row)]
        if source["id"] != url:
            raise CorpusInputError(doc_id, f"the GermEval {split} file has another document "
                                   f"in row {row} than the sample names")
        texts.append(source["text"])
    docs = docs.assign(text=texts)
    return docs[["doc_id", "split", "id", "half", "sample", "text"]].sort_values(
        "doc_id", kind="stable").reset_index(drop=True)


def load_gold(layer: str, half: str = "tuning", root: str | Path | None = None) -> pd.DataFrame:
    """Gold rows of ``layer`` (codebook §6.1–6.6) for the documents of ``half``, from every
    reading session (``data/annotations/germeval/<A|B|C>/germeval_<layer>_gold.csv``), with an
    ``annotator`` column. Every document of the half has a ``docs`` row ("nothing to label"
    is a label too), so an empty layer for a document means "none there"."""
    if layer not in LAYERS:
        raise ValueError(f"unknown gold layer {layer!r}; use one of {LAYERS}")
    _check_half(half)
    ann = _annotations(root)
    frames = []
    for session in sorted(p for p in (ann / "germeval").iterdir() if p.is_dir()):
        path = session / f"germeval_{layer}_gold.csv"
        if path.exists():
            df = pd.read_csv(path, dtype=str, keep_default_na=False)
            df["annotator"] = session.name
            frames.append(df)
    gold = pd.concat(frames, ignore_index=True)
    halves = pd.concat([pd.read_csv(ann / name, dtype=str, keep_default_na=False)
                        for name in SAMPLES], ignore_index=True).set_index("doc_id")["half"]
    unknown = sorted(set(gold["doc_id"]) - set(halves.index))
    if unknown:
        raise CorpusInputError(f"germeval_{layer}_gold.csv", f"doc_id {unknown[0]!r} is in no "
                               "sample")
    if half != "all":
        gold = gold[gold["doc_id"].map(halves) == half]
    return gold.reset_index(drop=True)
