"""Labelling sheets: sampling, checking a filled sheet, scoring methods on the user's labels."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from servicelab import sheets
from servicelab.cli import main
from servicelab.metrics import prf
from servicelab.stats import Bootstrap

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FAST = Bootstrap(resamples=200)
DOCS = ["d1", "d2", "d3"]
PER_DOC = 6


def _sid(doc: str, i: int) -> str:
    return f"{doc}:p0:s00:t{i:03d}"


def make_tables() -> dict[str, pd.DataFrame]:
    """Three documents of six sentences in one segment each, plus a duplicate of d1.

    Sentiment: method ``a`` says negative for even sentences, neutral for odd ones, and
    positive only for d3's last sentence; method ``b`` says neutral everywhere except that
    positive sentence. Blame, timex and events are predicted for a few sentences.
    """
    documents = pd.DataFrame({"doc_id": [*DOCS, "d4"], "duplicate_of": [None, None, None, "d1"]})
    rows = []
    for doc in [*DOCS, "d4"]:
        for i in range(PER_DOC):
            rows.append({"sentence_id": _sid(doc, i), "segment_id": f"{doc}:p0:s00",
                         "post_id": f"{doc}:p0", "doc_id": doc, "position": i, "start": 10 * i,
                         "end": 10 * i + 9, "text": f"Satz {i} von {doc}.", "quoted": False})
    sentences = pd.DataFrame(rows)
    senti = []
    for sid in sentences["sentence_id"]:
        i = int(sid[-3:])
        rare = sid == _sid("d3", PER_DOC - 1)
        a = "positive" if rare else ("negative" if i % 2 == 0 else "neutral")
        b = "positive" if rare else "neutral"
        senti += [{"unit": "sentence", "id": sid, "method": "a", "label": a},
                  {"unit": "sentence", "id": sid, "method": "b", "label": b}]
    sentiment = pd.DataFrame(senti)
    blame = pd.DataFrame({"sentence_id": [_sid("d1", 0)] * 3 + [_sid("d2", 3)],
                          "pattern": ["accuses", "customer_blame", "concedes", "shifts"]})
    timex = pd.DataFrame({"sentence_id": [_sid("d1", 1), _sid("d2", 2), _sid("d2", 2)]})
    events = pd.DataFrame({"sentence_id": [_sid("d1", 2), _sid("d3", 4)],
                           "start": [20, 40], "event": ["complaint", "refund"]})
    segments = pd.DataFrame({
        "segment_id": ["d1:p0:s00", "d1:p0:s01", "d1:p0:s02", "d1:p0:s03"],
        "post_id": ["d1:p0"] * 4, "doc_id": ["d1"] * 4, "position": [0, 1, 2, 3],
        "start": [0, 100, 200, 300], "text": ["Body text.", "First comment.",
                                              "Second comment.", "Third comment."]})
    stance = pd.DataFrame({"segment_id": ["d1:p0:s01", "d1:p0:s02", "d1:p0:s03"],
                           "stance": ["supports_complainant", "defends_vendor", "neutral"]})
    replies = pd.DataFrame({"source_segment_id": ["d1:p0:s03"],
                            "target_segment_id": ["d1:p0:s01"]})
    return {"documents": documents, "sentences": sentences, "sentiment": sentiment,
            "blame": blame, "timex": timex, "events": events, "segments": segments,
            "stance": stance, "replies": replies}


@pytest.fixture()
def tables() -> dict[str, pd.DataFrame]:
    return make_tables()


# --------------------------------------------------------------------------- sampling

def test_sheet_has_the_columns_empty_labels_and_the_codebook_question(tables):
    sheet = sheets.sample_sheet(tables, "sentiment", n=6, seed=1)
    assert list(sheet.columns) == ["task", "unit_id", "doc_id", "text", "context", "question",
                                   "label"]
    assert len(sheet) == 6 and sheet["unit_id"].is_unique
    assert (sheet["label"] == "").all()
    assert sheet["question"].str.contains("codebook §2").all()
    assert sheet["question"].str.contains("negative, neutral or positive").all()


def test_duplicate_documents_are_never_sampled(tables):
    sheet = sheets.sample_sheet(tables, "timex", n=100, seed=3)
    assert "d4" not in set(sheet["doc_id"])
    assert len(sheet) == len(DOCS) * PER_DOC  # everything else is there


def test_sampling_is_deterministic_given_the_seed(tables):
    one = sheets.sample_sheet(tables, "sentiment", n=6, seed=7)
    pd.testing.assert_frame_equal(one, sheets.sample_sheet(tables, "sentiment", n=6, seed=7))
    others = [sheets.sample_sheet(tables, "sentiment", n=6, seed=s)["unit_id"].tolist()
              for s in range(1, 6)]
    assert len({tuple(o) for o in others}) > 1


@pytest.mark.parametrize("seed", range(1, 9))
def test_a_rare_predicted_class_is_in_the_sample(tables, seed):
    # one sentence of 18 is predicted positive: unstratified, 6 of 18 miss it 2 times in 3
    sheet = sheets.sample_sheet(tables, "sentiment", n=6, seed=seed)
    assert _sid("d3", PER_DOC - 1) in set(sheet["unit_id"])


def test_nothing_predicted_gets_half_the_sample_however_many_kinds():
    sizes = {"none": 500, "a": 50, "b": 50, "c": 50, "d": 50, "e": 3}
    quota = sheets.allocate(sizes, 60, nothing="none")
    assert quota["none"] == 30 and sum(quota.values()) == 60 and quota["e"] == 3
    assert sheets.allocate({"yes": 40, "no": 40}, 60, nothing="no") == {"no": 30, "yes": 30}
    assert sheets.allocate({"none": 4, "a": 100}, 60, nothing="none") == {"none": 4, "a": 56}


@pytest.mark.parametrize("seed", range(1, 6))
def test_documents_are_capped(tables, seed):
    sheet = sheets.sample_sheet(tables, "blame", n=6, seed=seed)
    assert sheet["doc_id"].value_counts().max() <= 2  # ceil(6 / 3 documents)


def test_cap_is_lifted_only_when_the_other_documents_are_used_up(tables):
    sheet = sheets.sample_sheet(tables, "timex", n=15, seed=1, per_document=2)
    assert len(sheet) == 15


def test_sentence_context_is_the_neighbouring_sentences(tables):
    sheet = sheets.sample_sheet(tables, "timex", n=100, seed=1).set_index("unit_id")
    assert sheet.loc[_sid("d2", 3), "context"] == ("before: Satz 2 von d2. | after: "
                                                   "Satz 4 von d2.")
    assert sheet.loc[_sid("d2", 0), "context"] == "before:  | after: Satz 1 von d2."


def test_comment_context_is_the_comment_it_answers(tables):
    sheet = sheets.sample_sheet(tables, "stance", n=10, seed=1).set_index("unit_id")
    assert sheet.loc["d1:p0:s03", "context"] == "answers: First comment."
    assert sheet.loc["d1:p0:s02", "context"] == "previous: First comment."
    assert "d1:p0:s00" not in sheet.index  # the body has no stance row


def test_events_sheet_asks_about_the_predicted_kind(tables):
    sheet = sheets.sample_sheet(tables, "events", n=100, seed=1).set_index("unit_id")
    assert f"{_sid('d1', 2)}@complaint" in sheet.index
    assert "kind complaint: the customer contacts the vendor" in \
        sheet.loc[f"{_sid('d1', 2)}@complaint", "question"]
    kinds = {u.split("@")[1] for u in sheet.index}
    assert kinds <= set(sheets.EVENT_KINDS) and len(kinds) > 2  # unpredicted rows get kinds


@pytest.mark.parametrize("task", list(sheets.TASKS))
def test_a_corpus_without_units_gives_an_empty_sheet(tables, task):
    empty = {k: v.iloc[0:0] for k, v in tables.items()}
    empty["documents"] = tables["documents"]
    sheet = sheets.sample_sheet(empty, task, n=5, seed=1)
    assert sheet.empty and list(sheet.columns) == sheets.SHEET_COLUMNS


def test_missing_analysis_table_is_one_line(tmp_path):
    from servicelab.engines import build
    from servicelab.errors import OutputFolderError

    with pytest.raises(OutputFolderError, match="no manifest.json"):
        sheets.load_tables(tmp_path, "blame")  # not a build at all
    build(RAW, tmp_path / "out")  # corpus tables only
    with pytest.raises(sheets.CorpusInputError,
                       match=r"no table 'blame' \(run `servicelab analyse .* --only blame`"):
        sheets.load_tables(tmp_path / "out", "blame")


# --------------------------------------------------------------------------- reading

def _write(tmp_path: Path, sheet: pd.DataFrame, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    sheet.to_csv(path, index=False)
    return path


def test_every_bad_row_is_one_line_naming_file_and_row(tables, tmp_path):
    sheet = sheets.sample_sheet(tables, "sentiment", n=5, seed=1)
    sheet["label"] = ["negative", "angry", "", "Neutral", "positive"]
    sheet.loc[4, "unit_id"] = sheet.loc[0, "unit_id"]        # duplicate of row 2
    extra = sheet.iloc[[0]].assign(unit_id="nope:1", label="negative")
    dup_doc = sheet.iloc[[0]].assign(unit_id=_sid("d4", 0), label="negative")
    path = _write(tmp_path, pd.concat([sheet, extra, dup_doc], ignore_index=True))
    with pytest.raises(sheets.SheetError) as err:
        sheets.read_sheet(path, "sentiment", tables)
    problems = err.value.problems
    assert len(problems) == 4
    assert all(p.startswith(f"{path}:row ") and "\n" not in p for p in problems)
    assert "row 3: label 'angry' is not one of negative, neutral, positive" in problems[0]
    assert "row 6: unit id" in problems[1] and "repeats row 2" in problems[1]
    assert "row 7: unknown unit id 'nope:1'" in problems[2]
    assert f"row 8: unknown unit id '{_sid('d4', 0)}'" in problems[3]


def test_events_ids_need_a_known_sentence_and_kind(tables, tmp_path):
    sheet = sheets.sample_sheet(tables, "events", n=2, seed=1)
    sheet["label"] = "yes"
    ok = f"{_sid('d2', 1)}@order"
    bad = [f"{_sid('d2', 1)}@party", f"{_sid('d4', 1)}@order", _sid("d2", 1)]
    extra = pd.DataFrame({"task": "events", "unit_id": [ok, *bad], "label": "no"})
    path = _write(tmp_path, pd.concat([sheet, extra], ignore_index=True))
    with pytest.raises(sheets.SheetError) as err:
        sheets.read_sheet(path, "events", tables)
    assert [p.split(": ", 1)[1] for p in err.value.problems] == [
        f"unknown unit id {u!r} (not a sentence of these tables, or of a duplicate document)"
        for u in bad]


def test_empty_labels_are_counted_not_errors(tables, tmp_path):
    sheet = sheets.sample_sheet(tables, "sentiment", n=5, seed=1)
    sheet["label"] = ["negative", "", "", " Neutral ", "positive"]
    got = sheets.read_sheet(_write(tmp_path, sheet), None, tables)
    assert got.task == "sentiment" and got.unlabelled == 2
    assert got.labels["label"].tolist() == ["negative", "neutral", "positive"]


def test_a_sheet_saved_with_semicolons_is_read(tables, tmp_path):
    sheet = sheets.sample_sheet(tables, "timex", n=4, seed=1)
    sheet["label"] = ["yes", "no", "", "no"]
    path = tmp_path / "excel.csv"
    sheet.to_csv(path, index=False, sep=";", encoding="utf-8-sig")
    got = sheets.read_sheet(path, None, tables)
    assert got.labels["label"].tolist() == ["yes", "no", "no"] and got.unlabelled == 1


def test_a_sheet_of_another_task_is_refused(tables, tmp_path):
    sheet = sheets.sample_sheet(tables, "timex", n=3, seed=1)
    with pytest.raises(sheets.SheetError, match="sheet is for task timex, not blame"):
        sheets.read_sheet(_write(tmp_path, sheet), "blame", tables)


def test_missing_columns_and_unreadable_files_are_one_line(tables, tmp_path):
    path = _write(tmp_path, pd.DataFrame({"unit_id": ["x"]}))
    with pytest.raises(sheets.SheetError, match="missing column"):
        sheets.read_sheet(path, "timex", tables)
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("unit_id,label\nä,no\n".encode("latin-1"))
    with pytest.raises(sheets.SheetError, match="not UTF-8"):
        sheets.read_sheet(bad, "timex", tables)


# --------------------------------------------------------------------------- scoring

def _labelled(tables, task: str, labels: dict[str, str]) -> sheets.LabelledSheet:
    frame = pd.DataFrame({"unit_id": list(labels), "label": list(labels.values())})
    return sheets.LabelledSheet("x.csv", task, frame, 0)


def _value(scores: sheets.SheetScores, method: str, measure: str) -> float:
    t = scores.table
    return float(t[(t["method"] == method) & (t["measure"] == measure)]["value"].iloc[0])


def test_labels_equal_to_a_method_validate_that_method(tables):
    pred = sheets.predictions("sentiment", tables, tables["sentiment"]["id"].drop_duplicates())
    a = pred[pred["method"] == "a"]
    a = a[a["unit_id"].str.startswith(("d1", "d2", "d3"))]
    scores = sheets.score_sheet(_labelled(tables, "sentiment", dict(zip(
        a["unit_id"], a["label"], strict=True))), tables, FAST)
    assert scores.best == "a"
    assert _value(scores, "a", "accuracy") == 1.0 and _value(scores, "a", "kappa") == 1.0
    assert _value(scores, "b", "accuracy") < 1.0
    assert set(scores.table["n"]) == {len(DOCS) * PER_DOC}


def test_kappa_and_macro_scores_match_sklearn_and_metrics(tables):
    ids = [_sid(d, i) for d in DOCS for i in range(PER_DOC)]
    rng = np.random.default_rng(0)
    gold = rng.choice(["negative", "neutral", "positive"], size=len(ids)).tolist()
    scores = sheets.score_sheet(_labelled(tables, "sentiment", dict(zip(ids, gold,
                                                                        strict=True))),
                                tables, FAST)
    pred = sheets.predictions("sentiment", tables, pd.Series(ids))
    b = pred[pred["method"] == "b"].set_index("unit_id").loc[ids, "label"].tolist()
    assert _value(scores, "b", "kappa") == pytest.approx(cohen_kappa_score(gold, b))
    f1s = [prf(sum(g == c and p == c for g, p in zip(gold, b, strict=True)),
               sum(g != c and p == c for g, p in zip(gold, b, strict=True)),
               sum(g == c and p != c for g, p in zip(gold, b, strict=True))).f1
           for c in sorted(set(gold))]
    assert _value(scores, "b", "f1") == pytest.approx(np.mean(f1s))


def test_bootstrap_kappa_equals_sklearn_on_random_labels():
    task = sheets.TASKS["stance"]
    labels = list(task.labels)
    rng = np.random.default_rng(5)
    for _ in range(25):
        g = rng.integers(0, 4, size=30)
        p = np.where(rng.random(30) < 0.5, g, rng.integers(0, 4, size=30))
        cm = np.bincount(g * 4 + p, minlength=16).reshape(4, 4)
        got = sheets._measures(cm, labels, task)["kappa"]
        assert got == pytest.approx(cohen_kappa_score(g, p, labels=[0, 1, 2, 3]))


def test_span_tasks_are_scored_as_sentence_level_detection(tables):
    # gold: d1 t001 and d2 t002 and d3 t000 contain a time expression; the tagger finds the
    # first two (tp 2), misses d3 t000 (fn 1), and has no false positive among these rows
    gold = {_sid("d1", 1): "yes", _sid("d2", 2): "yes", _sid("d3", 0): "yes",
            _sid("d1", 3): "no", _sid("d3", 5): "no"}
    scores = sheets.score_sheet(_labelled(tables, "timex", gold), tables, FAST)
    want = prf(2, 0, 1)
    assert _value(scores, "rules", "precision") == want.precision
    assert _value(scores, "rules", "recall") == pytest.approx(want.recall)
    assert _value(scores, "rules", "f1") == pytest.approx(want.f1)
    assert set(scores.table.loc[scores.table["measure"] == "f1", "scope"]) == {"yes"}


def test_events_rows_are_scored_for_the_kind_they_ask_about(tables):
    gold = {f"{_sid('d1', 2)}@complaint": "yes", f"{_sid('d1', 2)}@refund": "yes",
            f"{_sid('d3', 4)}@refund": "yes", f"{_sid('d2', 0)}@order": "no"}
    scores = sheets.score_sheet(_labelled(tables, "events", gold), tables, FAST)
    assert _value(scores, "rules", "recall") == pytest.approx(2 / 3)
    assert _value(scores, "rules", "precision") == 1.0


def test_blame_label_follows_codebook_precedence(tables):
    pred = sheets.predictions("blame", tables, pd.Series([_sid("d1", 0), _sid("d2", 3),
                                                          _sid("d2", 4)]))
    assert pred["label"].tolist() == ["customer_blame", "shifts", "none"]


def test_intervals_contain_the_value_and_are_reproducible(tables):
    ids = [_sid(d, i) for d in DOCS for i in range(PER_DOC)]
    gold = dict(zip(ids, ["negative", "neutral"] * 9, strict=True))
    one = sheets.score_sheet(_labelled(tables, "sentiment", gold), tables, FAST).table
    two = sheets.score_sheet(_labelled(tables, "sentiment", gold), tables, FAST).table
    pd.testing.assert_frame_equal(one, two)
    ok = one.dropna(subset=["value", "low"])
    assert ((ok["low"] <= ok["value"] + 1e-12) & (ok["value"] <= ok["high"] + 1e-12)).all()


def test_best_is_by_kappa_then_accuracy():
    table = pd.DataFrame([("t", m, ms, "", v, 0, 0, 10) for m, ms, v in [
        ("x", "kappa", 0.5), ("x", "accuracy", 0.7), ("y", "kappa", 0.5),
        ("y", "accuracy", 0.8), ("z", "kappa", math.nan), ("z", "accuracy", 0.9)]],
        columns=["task", "method", "measure", "scope", "value", "low", "high", "n"])
    assert sheets._best(table) == "y"


def test_no_labels_gives_no_best(tables):
    scores = sheets.score_sheet(_labelled(tables, "timex", {}), tables, FAST)
    assert scores.best is None and "no method can be scored" in str(scores)


# --------------------------------------------------------------------------- command line

def test_cli_sample_refuses_to_overwrite(tmp_path, capsys):
    existing = tmp_path / "sheet.csv"
    existing.write_text("my labels\n")
    assert main(["sample", str(tmp_path / "nowhere"), "--task", "timex",
                 "--out", str(existing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "never overwritten" in err
    assert existing.read_text() == "my labels\n"


def test_cli_sample_of_an_empty_task_is_one_line(tmp_path, capsys):
    from servicelab.engines import build

    corpus = tmp_path / "texts"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Die Lieferung kam nach drei Wochen. Kein Kommentar darunter.",
                                  encoding="utf-8")
    out = tmp_path / "out"
    build(corpus, out, analyses=["defence"])  # a real build whose stance table is empty
    assert main(["sample", str(out), "--task", "stance", "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no comments to sample" in err
    assert not (tmp_path / "s.csv").exists()
    assert main(["sample", str(out), "--task", "stance", "--n", "0",
                 "--out", str(tmp_path / "s.csv")]) == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_end_to_end_on_the_seed_corpus(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(ROOT / "data" / "raw"), "--out", str(out), "--corpus-only",
                 "--quiet"]) == 0
    assert main(["analyse", str(out), "--only", "sentiment", "--quiet"]) == 0
    sheet_path = tmp_path / "sheet.csv"
    assert main(["sample", str(out), "--task", "sentiment", "--n", "30", "--seed", "1",
                 "--out", str(sheet_path)]) == 0
    sheet = pd.read_csv(sheet_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(sheet) == 30 and not sheet["doc_id"].str.startswith("001_").any()
    # label like the sentiws method would: it must come out as the one that validates best
    tables = sheets.load_tables(out, "sentiment")
    pred = sheets.predictions("sentiment", tables, sheet["unit_id"])
    sentiws = pred[pred["method"] == "sentiws"].set_index("unit_id")["label"]
    sheet["label"] = sheet["unit_id"].map(sentiws)
    sheet.to_csv(sheet_path, index=False)
    capsys.readouterr()
    assert main(["score", str(out), "--gold", str(sheet_path)]) == 0
    printed = capsys.readouterr().out
    assert "validates best on these labels: sentiws" in printed
    # a bad row: one line each on stderr, exit status 2
    sheet.loc[0, "label"] = "furious"
    sheet.loc[1, "unit_id"] = "no-such-unit"
    sheet.to_csv(sheet_path, index=False)
    assert main(["score", str(out), "--gold", str(sheet_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith(f"servicelab: error: {sheet_path}:row ")
                                 for line in err)
    # the blame table was never built: one line saying how to make it
    assert main(["sample", str(out), "--task", "blame", "--out", str(tmp_path / "b.csv")]) == 2
    assert "servicelab analyse" in capsys.readouterr().err


def test_every_event_kind_of_the_timeline_can_be_labelled():
    """A sheet accepts each kind the timeline analysis writes (codebook §4.2.2 and §6.5)."""
    from servicelab.sheets import EVENT_KINDS
    from servicelab.timeline import EVENT_KINDS as TIMELINE_KINDS

    assert set(TIMELINE_KINDS) == set(EVENT_KINDS)
