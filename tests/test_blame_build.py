"""Builds use the gated blame sentence model (issue 15 item 3, round six): invented texts and
an invented model, so that each test shows what the model adds to the rules' table."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import servicelab.blame_model as bm
from servicelab import blame, build_corpus
from servicelab.blame import PATTERNS, BlameRules
from servicelab.blame_model import sentence_features
from servicelab.engines import analyse, build, read_table

# invented sentences: for this test model a whistling cockatoo is a `concedes` (absurd on
# purpose: no model trained on real gold learns it, so a row from it shows that this model,
# and not the shipped one, was used; the rules have no cue for it)
OWN_SLIP = ["Der Kakadu pfeift im Flur.", "Im Flur pfeift der Kakadu laut.",
            "Der Kakadu pfeift schon wieder.", "Laut pfeift der Kakadu im Flur."]
NEUTRAL = ["Am Montag war ich beim Bäcker.", "Das Wetter in Kiel ist heute mild.",
           "Wir haben im Garten Tomaten gepflanzt.", "Der Film lief um acht Uhr.",
           "Meine Schwester wohnt in Erfurt.", "Der Zug nach Bonn fährt um neun."]
ANGRY = ("Seit drei Wochen warte ich auf meinen Router von Vodafone. "
         "Das ist eine Frechheit, Vodafone! ")
SLIP = "Unser Kakadu pfeift im Flur."


def _model(**changes) -> bm.BlameModel:
    rules = BlameRules.default()
    rows = [{"doc_id": f"d{i}", "start": 0, "end": len(t), "text": t,
             "features": sentence_features(t, "author", set(), rules),
             **{p: int(p == "concedes" and t in OWN_SLIP) for p in PATTERNS}}
            for i, t in enumerate(OWN_SLIP + NEUTRAL)]
    model = bm.BlameModel.train(pd.DataFrame(rows))
    return dataclasses.replace(model, max_sentences=None, **changes)


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "angry.txt").write_text(ANGRY + SLIP + "\n", encoding="utf-8")
    (folder / "calm.txt").write_text("Heute war ich im Laden von Vodafone. " + SLIP + "\n",
                                     encoding="utf-8")
    return folder


@pytest.fixture
def shipped(monkeypatch) -> bm.BlameModel:
    """The invented model as this process's default (as the Dask client's model is)."""
    model = _model()
    monkeypatch.setattr(bm, "_DEFAULT", {"model": model})
    return model


def _added(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["target_source"] == "model"]


def test_the_build_adds_the_models_attribution_where_the_rules_found_blame(texts, shipped):
    corpus = build_corpus(texts)
    table = blame.build_tables(corpus)["blame"]
    added = _added(table)
    assert list(zip(added["doc_id"].str.contains("angry"), added["pattern"],
                    added["target_entity"], strict=True)) == [(True, "concedes", "Vodafone")]
    rules_only = blame.build_tables(corpus, BlameRules.load(model_combine="rules"))["blame"]
    assert _added(rules_only).empty
    assert len(table) == len(rules_only) + 1
    # gated: the calm text, where the rules found no blame, gets nothing from the model
    assert not table["doc_id"].str.contains("calm").any()
    union = blame.build_tables(corpus, BlameRules.load(model_combine="union"))["blame"]
    assert set(_added(union)["doc_id"].str.contains("calm")) == {True, False}


def test_the_model_opens_a_post_the_rules_found_blameless_only_with_enough_evidence(
        texts, shipped):
    """Round seven: under the gate the model may add rows to a post without rule rows when
    ``open_min`` of its sentences are flagged (the calm text holds one flagged sentence)."""
    corpus = build_corpus(texts)
    one = blame.build_tables(corpus, model=dataclasses.replace(shipped, open_min=1))["blame"]
    assert set(_added(one)["doc_id"].str.contains("calm")) == {True, False}
    two = blame.build_tables(corpus, model=dataclasses.replace(shipped, open_min=2))["blame"]
    assert not two["doc_id"].str.contains("calm").any()
    pd.testing.assert_frame_equal(two, blame.build_tables(corpus)["blame"])


def test_the_model_adds_one_sentence_per_attribution_the_rules_did_not_make(texts, shipped):
    (texts / "angry.txt").write_text(ANGRY + SLIP + " " + OWN_SLIP[0] + "\n", encoding="utf-8")
    corpus = build_corpus(texts)
    assert len(_added(blame.build_tables(corpus)["blame"])) == 1
    every = dataclasses.replace(shipped, new_only=False)
    assert len(_added(blame.build_tables(corpus, model=every)["blame"])) == 2


def test_the_model_does_not_read_texts_longer_than_it_learned_blame_from(texts, shipped):
    corpus = build_corpus(texts)
    short = dataclasses.replace(shipped, max_sentences=2)  # the angry text has three
    assert _added(blame.build_tables(corpus, model=short)["blame"]).empty
    assert len(_added(blame.build_tables(corpus, model=dataclasses.replace(
        shipped, max_sentences=3))["blame"])) == 1


def test_a_trained_model_remembers_the_longest_text_it_learned_blame_from():
    rows = [
        {"doc_id": d, "start": i, "end": i + 1, "text": t,
         "features": sentence_features(t, "author", set(), BlameRules.default()),
         **{p: int(p == "concedes" and t in OWN_SLIP) for p in PATTERNS}}
        for d, texts in (("long", NEUTRAL * 2), ("blames", [*OWN_SLIP[:3], *NEUTRAL[:2]]),
                         ("other", OWN_SLIP[3:]))
        for i, t in enumerate(texts)]
    assert bm.BlameModel.train(pd.DataFrame(rows)).max_sentences == 5  # not 12: no blame
    # the shipped settings cap the trained length (round eight: heldout6's 31-sentence texts
    # do not lift it above round seven's 27), never raise it
    settings = bm.ModelSettings.default()
    assert dataclasses.replace(settings, max_sentences=4).train(
        pd.DataFrame(rows)).max_sentences == 4
    assert dataclasses.replace(settings, max_sentences=None).train(
        pd.DataFrame(rows)).max_sentences == 5
    assert settings.train(pd.DataFrame(rows)).max_sentences == 5


def test_without_training_data_builds_keep_the_rules_and_say_so_once(texts, monkeypatch,
                                                                     tmp_path, capsys):
    empty = tmp_path / "no_data"
    empty.mkdir()
    monkeypatch.setenv("SERVICELAB_DATA", str(empty))
    monkeypatch.setattr(bm, "_DEFAULT", {})
    corpus = build_corpus(texts)
    table = blame.build_tables(corpus)["blame"]
    again = blame.build_tables(corpus)["blame"]
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "blame uses the rules alone" in lines[0]
    assert bm.default_model() is bm.RULES_ONLY
    rules_only = blame.build_tables(corpus, BlameRules.load(model_combine="rules"))["blame"]
    pd.testing.assert_frame_equal(table, rules_only)
    pd.testing.assert_frame_equal(again, rules_only)


def test_an_unknown_combination_is_refused_in_one_line():
    with pytest.raises(ValueError, match="model_combine is one of gated, union, model, rules"):
        BlameRules.load(model_combine="both")


def test_dask_workers_use_the_clients_model_and_give_the_pandas_table(texts, shipped,
                                                                       tmp_path):
    from distributed import Client, LocalCluster

    pd_out, dk_out = tmp_path / "pd", tmp_path / "dk"
    build(texts, pd_out)
    build(texts, dk_out, engine="dask", n_workers=1, max_chunk_bytes=1)
    analyse(pd_out, names=["blame"])
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        analyse(dk_out, engine="dask", names=["blame"], client=client)
    mine, theirs = read_table(pd_out, "blame"), read_table(dk_out, "blame")
    assert len(_added(mine)) == 1  # the invented model acted, in the workers too
    key = ["doc_id", "start", "pattern", "target_entity"]
    pd.testing.assert_frame_equal(mine.sort_values(key).reset_index(drop=True),
                                  theirs.sort_values(key).reset_index(drop=True))


@pytest.fixture(scope="module")
def tuning() -> tuple[dict, dict, dict]:
    """The tuning gold sets, each set's labelled sentences and the model trained on the other
    sets, built once for both left-out tests below (none depends on the threshold or on the
    test; round eleven: built once, not once per test)."""
    from servicelab.blame_evaluation import left_out_models, set_sentences
    from servicelab.blame_model import training_goldsets

    goldsets = training_goldsets()
    sentences = set_sentences(goldsets)
    return goldsets, sentences, left_out_models(sentences)


def test_left_out_the_shipped_combination_beats_the_rules_on_the_tuning_sets(tuning):
    """The round-six choice, re-checked: each tuning set scored by a model trained on the
    others (germeval_evaluation.left_out_table); ``gated`` must keep a higher mean F1 than
    the rules (in-sample for the rules, so the comparison favours them) and beat them on at
    least two of the eight sets. Fails when a change to the rules' features or the model
    makes the learned component useless on text it never saw."""
    from servicelab.germeval_evaluation import left_out_table

    goldsets, sentences, models = tuning
    table = left_out_table(goldsets, sentences=sentences, models=models)
    assert sorted(set(table["left_out"])) == ["germeval_tuning", "heldout2", "heldout3",
                                              "heldout4", "heldout5", "heldout6",
                                              "heldout7", "heldout8", "heldout9"]
    f1 = table.pivot(index="left_out", columns="method", values="f1")
    assert f1["gated"].mean() > f1["rules"].mean()
    assert (f1["gated"] > f1["rules"]).sum() >= 2
    assert f1["gated"].mean() >= f1["model"].mean()  # the gate is what is shipped
    # round seven: the model's own three-sentence evidence opens the gate; it must keep a
    # higher mean than the rules' gate alone and win on at least three of the eight sets
    assert f1["gated"].mean() > f1["rules_gate"].mean()
    assert (f1["gated"] > f1["rules_gate"]).sum() >= 3
    # round nine: the targets (precision .8, recall .6), pooled over the complaint-text
    # sets each scored by a model that never saw it (GermEval's one-line remarks are not the
    # kind of text the targets are set for); fails when the shipped combination loses them
    # on text it never saw
    gated = table[(table["method"] == "gated") & table["left_out"].str.startswith("heldout")]
    tp, fp, fn = gated["tp"].sum(), gated["fp"].sum(), gated["fn"].sum()
    assert tp / (tp + fp) >= 0.8
    assert tp / (tp + fn) >= 0.6


def test_left_out_the_shipped_threshold_is_the_one_the_rule_chooses(tuning):
    """Round ten: each tuning set scored by a model trained on the other seven
    (blame_evaluation.left_out_rows), at every threshold of the grid. The shipped threshold
    must be the one the pre-set rule picks (highest pooled precision with pooled recall
    ≥ .70), must raise precision over .5 on at least six of the eight sets, and must keep
    the issue's targets pooled over the complaint-text sets. Fails when the features, the
    training data or the rules move the left-out optimum away from the shipped value."""
    from servicelab.blame_evaluation import (
        choose_threshold,
        left_out_rows,
        pooled,
        threshold_table,
    )
    from servicelab.blame_model import ModelSettings

    goldsets, sentences, models = tuning
    table = threshold_table(left_out_rows(goldsets, sentences=sentences, models=models),
                            goldsets)
    shipped = ModelSettings.default().threshold
    assert choose_threshold(table) == shipped
    prec = table.assign(p=table["tp"] / (table["tp"] + table["fp"]).clip(lower=1)).pivot(
        index="left_out", columns="threshold", values="p")
    assert (prec[shipped] > prec[0.5]).sum() >= 6
    texts = pooled(table[table["left_out"].str.startswith("heldout")]).loc[shipped]
    assert texts["precision"] >= 0.8
    assert texts["recall"] >= 0.65


def test_choose_threshold_keeps_the_recall_floor():
    """The most precise threshold whose pooled recall stays at the floor, not the most
    precise one (own numbers)."""
    from servicelab.blame_evaluation import choose_threshold

    table = pd.DataFrame([
        {"left_out": s, "threshold": t, "tp": tp, "fp": fp, "fn": 10 - tp}
        for s in ("a", "b")
        for t, tp, fp in ((0.5, 9, 5), (0.6, 8, 2), (0.7, 7, 1), (0.8, 4, 0))])
    assert choose_threshold(table, min_recall=0.70) == 0.7  # .8 is purer, recall .4
    assert choose_threshold(table, min_recall=0.75) == 0.6
    assert choose_threshold(table, min_recall=0.95) == 0.5  # none keeps it: the lowest
