"""The round-five sentence model of blame (servicelab.blame_model) on invented sentences."""

import numpy as np
import pandas as pd
import pytest

from servicelab.blame import PATTERNS, TEXT_BLAME_COLUMNS, BlameRules, text_blame
from servicelab.blame_model import (
    TRAINING_GERMEVAL_HALF,
    TRAINING_TEXT_SETS,
    BlameModel,
    combine,
    sentence_rows,
)
from servicelab.germeval_evaluation import GoldSet, compare_methods_on, model_sentences

# invented training sentences: blame sentences share "vergessen"/"verschlampt", the others
# are neutral reports
BLAME = ["Der Versand hat meine Bestellung einfach vergessen.",
         "Die Werkstatt hat den Auftrag schon wieder verschlampt.",
         "Das Reisebüro hat die Buchung vergessen und nie bestätigt.",
         "Die Hausverwaltung hat meinen Antrag verschlampt.",
         "Mein Paket wurde vom Lager offenbar vergessen."]
NEUTRAL = ["Am Montag war ich beim Bäcker.", "Das Wetter in Kiel ist heute mild.",
           "Wir haben im Garten Tomaten gepflanzt.", "Der Film lief um acht Uhr.",
           "Meine Schwester wohnt in Erfurt."]


def _training() -> pd.DataFrame:
    rows = []
    for i, text in enumerate(BLAME + NEUTRAL):
        feats = sentence_rows(text).iloc[0]
        rows.append({"doc_id": f"d{i}", "start": 0, "end": len(text), "text": text,
                     "features": feats["features"],
                     **{p: int(p == "accuses" and i < len(BLAME)) for p in PATTERNS}})
    # two invented concessions so that a second pattern is learnt too
    for j, text in enumerate(["Wir bedauern den Fehler unseres Lagers sehr.",
                              "Wir bedauern, dass unser Versand den Fehler gemacht hat."]):
        rows.append({"doc_id": f"c{j}", "start": 0, "end": len(text), "text": text,
                     "features": sentence_rows(text).iloc[0]["features"],
                     **{p: int(p == "concedes") for p in PATTERNS}})
    return pd.DataFrame(rows)


def test_features_carry_the_rules_cues_and_voice_as_marker_tokens():
    text = "Sehr geehrte Frau Kruse, wir bedauern den Fehler bei Ihrer Buchung sehr."
    feats = sentence_rows(text).iloc[0]["features"].split()
    assert "zzvoice_vendor" in feats  # a letter in company wording is the vendor's voice
    assert any(f.startswith("zzcue_") for f in feats)
    assert "bedauern" in feats  # lemmas, not inflected forms


def test_a_model_trained_on_labelled_sentences_flags_an_unseen_one():
    model = BlameModel.train(_training())
    assert [p for p, _ in model.models] == ["accuses", "concedes"]  # < 2 positives: none
    new = sentence_rows("Der Händler hat meine Rücksendung komplett vergessen.\n"
                        "Im Park blühen die Kirschen.")
    probs = model.probabilities(new)
    assert probs.loc[0, "accuses"] > 0.5 > probs.loc[1, "accuses"]
    assert (probs["shifts"] == 0).all()


def test_training_does_not_depend_on_row_order():
    data = _training()
    a = BlameModel.train(data)
    b = BlameModel.train(data.sample(frac=1.0, random_state=3))
    new = sentence_rows("Die Post hat mein Einschreiben vergessen. Ich koche Suppe.")
    np.testing.assert_allclose(a.probabilities(new).to_numpy(), b.probabilities(new).to_numpy())


def test_training_weights_give_each_text_or_set_the_same_total_weight():
    from servicelab.blame_model import _set_weights

    data = _training().assign(set=["a"] * 10 + ["b"] * 2,
                              doc_id=["d0"] * 6 + ["d1"] * 4 + ["c0", "c1"])
    assert _set_weights(data, "none") is None
    for how, col in (("sets", "set"), ("docs", "doc_id")):
        w = pd.Series(_set_weights(data, how), index=data.index)
        totals = w.groupby(data[col]).sum()
        np.testing.assert_allclose(totals.to_numpy(), totals.iloc[0])
        assert w.mean() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="set_weights"):
        _set_weights(data, "texts")
    # the weights reach the fit: the same sentences weighted by set give other probabilities
    new = sentence_rows("Die Post hat mein Einschreiben vergessen.")
    plain = BlameModel.train(data).probabilities(new)
    weighted = BlameModel.train(data, set_weights="sets").probabilities(new)
    assert not np.allclose(plain.to_numpy(), weighted.to_numpy())


class _Fixed:
    """A stand-in estimator with fixed probabilities per sentence position."""

    def __init__(self, probs):
        self.probs = probs

    def predict_proba(self, x):
        p = np.array(self.probs[:len(x)])
        return np.column_stack([1 - p, p])


def test_a_flagged_sentence_without_a_rule_row_blames_the_main_vendor():
    text = ("Bei Vodafone habe ich im Mai einen Router bestellt. "
            "Bis heute ist nichts davon bei mir angekommen, trotz vier Anrufen.")
    model = BlameModel((("accuses", _Fixed([0.1, 0.9])),))
    rows = model.text_rows(text, rule_rows=pd.DataFrame(columns=TEXT_BLAME_COLUMNS))
    assert list(rows["pattern"]) == ["accuses"]
    assert rows.iloc[0]["target_entity"] == "Vodafone"
    assert rows.iloc[0]["target_source"] == "model"
    assert text[rows.iloc[0]["start"]:].startswith("Bis heute")


def test_a_flagged_sentence_keeps_the_rules_target_when_they_agree():
    text = "Die Telekom ist völlig unfähig, seit Wochen habe ich kein Internet."
    rules_rows = text_blame(text)
    assert "accuses" in set(rules_rows["pattern"])
    model = BlameModel((("accuses", _Fixed([0.95])),))
    rows = model.text_rows(text, rule_rows=rules_rows)
    assert set(rows["target_source"]) != {"model"}
    assert set(rows["target_entity"]) == set(rules_rows.loc[rules_rows["pattern"] == "accuses",
                                                            "target_entity"])


def _rows(*patterns: str) -> pd.DataFrame:
    return pd.DataFrame([{"start": i * 10, "end": i * 10 + 9, "speaker_role": "author",
                          "target_entity": "Firma", "target_type": "retailer",
                          "target_surface": "", "target_source": "x", "pattern": p,
                          "cue": "", "cue_kind": ""} for i, p in enumerate(patterns)],
                        columns=TEXT_BLAME_COLUMNS)


def test_gated_adds_the_models_rows_only_to_texts_in_which_the_rules_found_blame():
    rule_rows, model_rows = _rows("accuses"), _rows("accuses", "concedes")
    assert len(combine(rule_rows, model_rows, "gated")) == 2  # same sentence counted once
    assert combine(_rows(), model_rows, "gated").empty
    assert len(combine(_rows(), model_rows, "union")) == 2
    assert combine(rule_rows, model_rows, "rules").equals(rule_rows)
    with pytest.raises(ValueError, match="unknown combination"):
        combine(rule_rows, model_rows, "both")


# invented: a complaint whose three sentences blame nobody by any rule cue
QUIET = ("Bei Tchibo habe ich im März eine Kaffeemühle bestellt. "
         "Geliefert wurde ein Milchaufschäumer. "
         "Seit zwei Wochen liegt das Paket nun bei mir im Flur.")


def test_a_text_the_rules_found_blameless_is_opened_only_by_several_flagged_sentences():
    empty = pd.DataFrame(columns=TEXT_BLAME_COLUMNS)
    assert text_blame(QUIET).empty
    flagged = BlameModel((("accuses", _Fixed([0.2, 0.8, 0.9])),), open_min=2)
    rows = flagged.text_rows(QUIET, rule_rows=empty, gated=True)
    assert list(rows["pattern"]) == ["accuses"] and set(rows["target_entity"]) == {"Tchibo"}
    assert flagged.text_rows(QUIET, rule_rows=empty, gated=False).equals(rows)
    # one flagged sentence is no evidence of its own; without open_min the rules' gate holds
    one = BlameModel((("accuses", _Fixed([0.2, 0.3, 0.9])),), open_min=2)
    assert one.text_rows(QUIET, rule_rows=empty, gated=True).empty
    assert len(one.text_rows(QUIET, rule_rows=empty, gated=False)) == 1
    shut = BlameModel((("accuses", _Fixed([0.2, 0.8, 0.9])),))
    assert shut.text_rows(QUIET, rule_rows=empty, gated=True).empty


def test_an_opened_text_keeps_the_models_rows_under_the_gate():
    model_rows = _rows("accuses", "concedes")
    assert combine(_rows(), model_rows, "gated").empty
    assert len(combine(_rows(), model_rows, "gated", opened=True)) == 2


def test_the_shipped_settings_train_a_model_over_lemmas_and_character_pieces():
    from servicelab.blame_model import ModelSettings

    model = ModelSettings(open_min=3).train(_training())
    assert model.open_min == 3
    assert "chars" in model.features.named_transformers_
    words = ModelSettings(chars=False).train(_training())
    assert "chars" not in words.features.named_transformers_


def _goldset() -> GoldSet:
    sample = pd.DataFrame({"doc_id": ["x1", "x2"], "text": [
        "Ich habe bei Otto einen Schrank bestellt. Otto hat die Lieferung schlicht vergessen.",
        "Der Schrank von Ikea steht seit gestern im Flur. Er gefällt mir gut."]})
    gold = pd.DataFrame([{"doc_id": "x1", "pattern": "accuses", "target_entity": "Otto",
                          "target_type": "retailer",
                          "quote": "Otto hat die Lieferung schlicht vergessen"}])
    return GoldSet(sample, {"blame": gold}.__getitem__)


def test_model_sentences_label_the_sentence_that_holds_a_gold_quote():
    sents = model_sentences(_goldset())
    assert list(sents["doc_id"]) == ["x1", "x1", "x2", "x2"]
    assert list(sents["accuses"]) == [0, 1, 0, 0]
    assert sents[["shifts", "concedes", "customer_blame"]].to_numpy().sum() == 0


def test_compare_methods_on_with_training_sets_scores_rules_model_union_and_gated():
    gs = _goldset()
    train = {"own": GoldSet(pd.DataFrame({"doc_id": [f"t{i}" for i in range(len(BLAME))],
                                          "text": BLAME}),
                            {"blame": pd.DataFrame([{
                                "doc_id": f"t{i}", "pattern": "accuses", "target_entity": "X",
                                "target_type": "retailer", "quote": t.rstrip(".")}
                                for i, t in enumerate(BLAME)])}.__getitem__)}
    train["neutral"] = GoldSet(pd.DataFrame({"doc_id": ["n0"], "text": [" ".join(NEUTRAL)]}),
                               {"blame": pd.DataFrame(columns=["doc_id", "pattern", "quote",
                                                               "target_entity",
                                                               "target_type"])}.__getitem__)
    out = compare_methods_on(gs, train=train).set_index("method")
    assert list(out.index) == ["rules", "model", "union", "gated", "rules_gate"]
    assert out.loc["union", "tp"] >= out.loc["rules", "tp"]
    assert out.loc["rules", "tp"] == compare_methods_on(gs).set_index("method").loc[
        "rules", "tp"]


def test_the_shipped_model_trains_on_named_tuning_sets_only():
    # heldout9 is tuning data from round eleven on; heldout10 (being written) never enters
    assert TRAINING_TEXT_SETS == ("heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
                                  "heldout7", "heldout8", "heldout9")
    assert TRAINING_GERMEVAL_HALF == "tuning"


def test_default_model_is_cached_and_reused(monkeypatch, tmp_path):
    import servicelab.blame_model as bm

    calls = []
    small = {"own": _goldset()}
    monkeypatch.setattr(bm, "training_goldsets", lambda: small)
    monkeypatch.setattr(bm, "_DEFAULT", {})
    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    real = BlameModel.train.__func__

    def counting(cls, *a, **k):
        calls.append(1)
        return real(cls, *a, **k)

    monkeypatch.setattr(BlameModel, "train", classmethod(counting))
    first = bm.default_model(BlameRules.default())
    assert len(list(tmp_path.glob("blame_model_*.pickle"))) == 1
    assert bm.default_model() is first  # once per process
    bm._DEFAULT.clear()  # a new process: read from disk, not retrained
    second = bm.default_model(BlameRules.default())
    assert len(calls) == 1
    assert [p for p, _ in first.models] == [p for p, _ in second.models]


def test_compare_methods_on_with_folds_predicts_each_document_by_a_model_that_never_saw_it(
        monkeypatch):
    import servicelab.blame_model as bm

    seen = []
    real = bm.BlameModel.train.__func__

    def recording(cls, data, *a, **k):
        seen.append(set(data["doc_id"]))
        return real(cls, data, *a, **k)

    monkeypatch.setattr(bm.BlameModel, "train", classmethod(recording))
    train = {"neutral": GoldSet(pd.DataFrame({"doc_id": ["n0"], "text": [" ".join(BLAME)]}),
                                {"blame": pd.DataFrame([{
                                    "doc_id": "n0", "pattern": "accuses", "target_entity": "X",
                                    "target_type": "retailer", "quote": t.rstrip(".")}
                                    for t in BLAME])}.__getitem__)}
    out = compare_methods_on(_goldset(), train=train, folds=2)
    assert len(seen) == 2
    assert all("neutral:n0" in s for s in seen)
    own = [{d for d in s if d.startswith("own:")} for s in seen]
    assert own[0] | own[1] == {"own:x1", "own:x2"} and not own[0] & own[1]
    assert list(out["method"]) == ["rules", "model", "union", "gated", "rules_gate"]
