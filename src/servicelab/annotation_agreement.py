"""How far two annotators agree on the same texts: the ceiling a method is measured under.

Why a module: every gold file was made by one reader, so a target such as "organisation
recall ≥ .9" says nothing about how far a second careful reader would get. A second
session labelled a seeded sample of heldout9 (codebook §6.16), and another one of heldout10
(§6.17), without seeing the first labels (``data/annotations/agreement/``); this module
scores each second reading against the first with the *same* matching rules the methods
are scored with (:mod:`servicelab.germeval_evaluation`,
:mod:`servicelab.timex_evaluation`), so the figures sit beside the methods' as their human
reference. The first gold is never changed from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from servicelab.errors import CorpusInputError
from servicelab.metrics import prf_sets
from servicelab.paths import checkout_data_dir

STANCES = ("supports_complainant", "defends_vendor", "neutral", "vendor")


@dataclass(frozen=True)
class SecondReading:
    """Which set was read twice, the sample's seed and sizes, and where the second labels
    live (``root`` replaces ``data/`` in tests)."""

    textset: str = "heldout9"
    session: str = "h9"
    pages: tuple[str, ...] = (
        "blog_heldout_h9a", "blog_heldout_h9b", "review_heldout_h9a", "review_heldout_h9b",
        "forum_heldout_h9a", "news_heldout_h9a", "disqus_heldout_h9a",
        "community_heldout_h9a", "qa_heldout_h9a", "social_heldout_h9a", "flat_heldout_h9a")
    seed: int = 20261205
    texts_per_half: int = 5
    n_pages: int = 4
    #: texts whose organisation rows the second reader saw in the first gold (a grep slip its
    #: README records): left out of the organisation and main-vendor measures
    saw_first_orgs: tuple[str, ...] = ("h9_01", "h9_15", "h9_22", "h9_25")
    root: Path | None = None

    def folder(self) -> Path:
        return (Path(self.root) / "annotations" / "agreement" if self.root is not None
                else checkout_data_dir("annotations") / "agreement")

    def sample(self, doc_ids: list[str]) -> tuple[list[str], list[str]]:
        """The texts (``texts_per_half`` from each half of the sorted ids, as the set was
        written in two halves) and pages read twice, drawn with one seeded generator."""
        ids = sorted(doc_ids)
        half = len(ids) // 2
        rng = random.Random(self.seed)
        texts = sorted(rng.sample(ids[:half], self.texts_per_half))
        texts += sorted(rng.sample(ids[half:], self.texts_per_half))
        return texts, sorted(rng.sample(list(self.pages), self.n_pages))

    def second(self, layer: str) -> pd.DataFrame:
        """The second reader's rows of ``layer`` (docs, orgs, blame, waits or stance)."""
        name = (f"{self.session}_second_stance.csv" if layer == "stance"
                else f"{self.textset}_second_{layer}.csv")
        path = self.folder() / name
        if not path.exists():
            raise CorpusInputError(str(path), "no second reading of this layer")
        return pd.read_csv(path, dtype=str, keep_default_na=False)


#: the second readings shipped, by the set read twice: heldout9's (round ten's fresh set,
#: drawn at stop 22) and heldout10's (round eleven's, drawn at stop 23 with the same seed)
READINGS: dict[str, SecondReading] = {
    "heldout9": SecondReading(),
    "heldout10": SecondReading(
        textset="heldout10", session="h10",
        pages=("blog_heldout_h10a", "community_heldout_h10a", "disqus_heldout_h10a",
               "flat_heldout_h10a", "forum_heldout_h10a", "forum_heldout_h10b",
               "news_heldout_h10a", "qa_heldout_h10a", "review_heldout_h10a",
               "social_heldout_h10a", "social_heldout_h10b"),
        saw_first_orgs=()),
}


def text_agreement(first: dict[str, pd.DataFrame], second: dict[str, pd.DataFrame],
                   canon: dict[str, str]) -> pd.DataFrame:
    """Second reading scored against the first, one row per measure: ``precision`` is the
    share of the second reader's items the first has, ``recall`` the share of the first
    reader's items the second found, and F1 the agreement (symmetric). Both frames hold only
    the documents read twice."""
    from servicelab.germeval_evaluation import _key, blame_items
    from servicelab.timex_evaluation import wait_scores

    def row(measure: str, g: set, p: set) -> dict[str, object]:
        return {"measure": measure, "first": len(g), "second": len(p),
                **prf_sets(g, p).as_dict(3)}

    def orgs(df: pd.DataFrame, complained: bool) -> set[tuple[str, str]]:
        df = df[df["complained_about"] == "1"] if complained else df
        return {(d, _key(o, canon)) for d, o in zip(df["doc_id"], df["organisation"],
                                                    strict=True)}

    def mains(df: pd.DataFrame) -> set[tuple[str, str]]:
        df = df[(df["complaint"] == "1") & (df["main_vendor"] != "")]
        return {(d, _key(v, canon)) for d, v in zip(df["doc_id"], df["main_vendor"],
                                                    strict=True)}

    rows = [row("organisations", orgs(first["orgs"], False), orgs(second["orgs"], False)),
            row("complained-about organisations", orgs(first["orgs"], True),
                orgs(second["orgs"], True)),
            row("main vendor", mains(first["docs"]), mains(second["docs"])),
            row("blame triples", blame_items(first["blame"], canon, True),
                blame_items(second["blame"], canon, True)),
            row("blame patterns", blame_items(first["blame"], canon, True, "pattern"),
                blame_items(second["blame"], canon, True, "pattern"))]
    waits = wait_scores(second["waits"], first["waits"])
    rows.append({"measure": "stated waits ±20 %", "first": waits["gold"],
                 "second": waits["predicted"], "precision": waits["precision"],
                 "recall": waits["recall"],
                 "f1": round(2 * waits["recovered"] / (waits["gold"] + waits["predicted"]), 3)
                 if waits["gold"] + waits["predicted"] else float("nan")})
    out = pd.DataFrame(rows)
    return out[["measure", "first", "second", "precision", "recall", "f1"]]


def stance_agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict[str, object]:
    """Accuracy and Cohen's κ of the second reader's stance on the first reader's units
    (joined on page and quote; a unit the second reader left out is a bad-input error)."""
    from sklearn.metrics import cohen_kappa_score

    joined = first.merge(second, on=["page_id", "quote"], how="left",
                         suffixes=("_first", "_second"), validate="one_to_one")
    missing = joined[joined["stance_second"].isna()]
    if len(missing):
        r = missing.iloc[0]
        raise CorpusInputError(r["page_id"], f"no second stance for unit {r['quote']!r}")
    a, b = joined["stance_first"].tolist(), joined["stance_second"].tolist()
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    return {"units": len(joined), "agree": agree, "accuracy": round(agree / len(joined), 3),
            "kappa": round(float(cohen_kappa_score(a, b, labels=list(STANCES))), 3)}


def first_units(pages: list[str], held_out: str = "h9") -> pd.DataFrame:
    """The first reader's reply units of ``pages`` (titles and article bodies have no stance):
    ``page_id``, ``quote``, ``kind``, ``stance`` — what the second reader was given, less the
    stance."""
    from servicelab.devcorpus import load_dev_gold

    gold = load_dev_gold(held_out=held_out)
    units = gold[(gold["layer"] == "segment") & gold["page_id"].isin(pages)
                 & ~gold["kind"].isin(["title", "body"])]
    return units[["page_id", "quote", "kind", "stance"]].reset_index(drop=True)


def second_reading(reading: SecondReading | None = None, canon: dict[str, str] | None = None
                   ) -> tuple[pd.DataFrame, dict[str, object]]:
    """The text measures and the stance agreement of ``reading`` (default: heldout9's)."""
    from servicelab.heldout_texts import TextSet

    reading = reading or SecondReading()
    if canon is None:
        from servicelab.blame import BlameRules
        from servicelab.germeval_evaluation import _canonical

        canon = _canonical(BlameRules.default().gazetteer)
    ts = TextSet(reading.textset, reading.root)
    texts, pages = reading.sample(ts.texts()["doc_id"].tolist())
    first = {layer: (g := ts.gold(layer))[g["doc_id"].isin(texts)]
             for layer in ("docs", "orgs", "blame", "waits")}
    second = {layer: reading.second(layer) for layer in first}
    for layer, df in second.items():
        stray = sorted(set(df["doc_id"]) - set(texts))
        if stray:
            raise CorpusInputError(f"{reading.textset}_second_{layer}.csv",
                                   f"doc_id {stray[0]!r} is not in the sample {texts}")
    for layer in ("docs", "orgs"):  # blame and waits use docs only through these rows
        first[layer] = first[layer][~first[layer]["doc_id"].isin(reading.saw_first_orgs)]
        second[layer] = second[layer][~second[layer]["doc_id"].isin(reading.saw_first_orgs)]
    return (text_agreement(first, second, canon),
            stance_agreement(first_units(pages, reading.session), reading.second("stance")))


def readings_table(readings: dict[str, SecondReading] | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every shipped second reading (:data:`READINGS`) side by side, for the notebooks: the
    text measures with a ``set`` column first, and one stance row per set."""
    texts, stance = [], []
    for name, reading in (readings or READINGS).items():
        t, s = second_reading(reading)
        texts.append(t.assign(set=name))
        stance.append({"set": name, "pages": reading.session, **s})
    table = pd.concat(texts, ignore_index=True)
    return table[["set", *[c for c in table.columns if c != "set"]]], pd.DataFrame(stance)
