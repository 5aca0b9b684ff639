"""Community defence: cue rules per strategy, stance rules, reply links, tables, gold file."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from servicelab import defence as D
from servicelab.annotations import align, load_gold
from servicelab.errors import CorpusInputError

# One seed phrase (the cue's origin) and one unseen phrasing per strategy.
SEED_PHRASES = {
    "two_sides": "nun, zu so einer Geschichte gehören immer noch zwei.",
    "customer_blame": "Vielleicht hat der Kunde seine Rechnung ja wirklich nicht bezahlt.",
    "legal_justification": "Festzuhalten ist zunächst, dass die Festplatte selber keine Mängel "
                           "hatte, also nach Kaufrecht des BGB auch kein Rechtsanspruch auf "
                           "Umtausch besteht.",
    "expectation_correction": 'Ihr Tenor ist stets derselbe: "Was erwartest du eigentlich?!"',
    "positive_experience": "Auch wenn ich bis jetzt nur gute Erfahrungen mit Cyberport gemacht "
                           "habe, bin ich kein Fan.",
    "praise_offer": "Auf das Rücknahmeangebot des Händlers wird dagegen lobend hingewiesen.",
    "meta_critique": "Das ist halt die Geschichte mit dem Glashaus und den Steinen.",
    "own_bad_experience": "Ich habe dieses Jahr auch schon meine ganz persönliche "
                          "Cyberport-Hölle erlebt.",
    "counter_argument": "Wenn einer Ware eine zugesicherte Eigenschaft fehlt, hat man das "
                        "Recht auf Wandlung.",
}
UNSEEN_PHRASES = {
    "two_sides": ["Die Wahrheit liegt wohl irgendwo in der Mitte.",
                  "Als Außenstehender kann man das doch kaum beurteilen."],
    "customer_blame": ["Offenbar wurde der Betrag nie überwiesen, da wundert mich nichts.",
                       "Wer billig kauft, kauft zweimal."],
    "legal_justification": ["Laut AGB ist der Händler dazu nicht verpflichtet.",
                            "Die Garantie ist da längst abgelaufen."],
    "expectation_correction": ["Service kostet nun mal Geld.",
                               "Das ist Sache des Herstellers, nicht des Händlers.",
                               "Was erwartet ihr denn für 20 Euro?"],
    "positive_experience": ["Ich habe bei denen schon dreimal bestellt, alles lief problemlos.",
                            "Kann den Laden nur empfehlen."],
    "praise_offer": ["Immerhin haben sie das Gerät anstandslos zurückgenommen.",
                     "Dass sie dir einen Gutschein angeboten haben, finde ich fair."],
    "meta_critique": ["Statt erst mal beim Support anzurufen, wird hier gleich losgemeckert.",
                      "Warum muss man so etwas gleich an den Pranger stellen?"],
    "own_bad_experience": ["Mir ist genau das auch passiert.",
                           "Bei mir war es genauso, das Paket war kaputt."],
    "counter_argument": ["Das stimmt so nicht, der Händler muss nachbessern.",
                         "Als Verbraucher hast du ein Recht auf Nachbesserung."],
}


def test_cue_file_is_valid_and_covers_every_strategy():
    cues = D.DefenceRules.default().cues
    assert all(c.source.strip() for c in cues)
    assert len({c.cue_id for c in cues}) == len(cues)
    covered = {c.strategy for c in cues if c.kind == "strategy"}
    assert covered == set(D.STRATEGIES)
    table = D.cue_table()
    assert list(table.columns) == ["cue_id", "strategy", "kind", "pattern", "source"]


@pytest.mark.parametrize("row", D.DefenceRules.default().cue_rows, ids=lambda r: r["cue_id"])
def test_every_cue_has_an_example_that_triggers_it(row):
    """The rules file keeps an example per rule, and the rule fires on it."""
    assert row.get("example"), f"cue {row['cue_id']} has no example in defence_cues.csv"
    cue = next(c for c in D.DefenceRules.default().cues if c.cue_id == row["cue_id"])
    assert D.cue_hits(cue, row["example"]) > 0


def test_a_users_cue_file_is_used_and_validated(tmp_path):
    head = "cue_id,strategy,kind,negatable,pattern,source\n"
    mine = tmp_path / "my_cues.csv"
    mine.write_text(head + "my_fair,two_sides,strategy,0,\\bfair bleiben\\b,me\n",
                    encoding="utf-8")
    text = "Man sollte fair bleiben."
    assert D.detect(text).strategies == ()
    assert D.detect(text, rules=D.DefenceRules.load(cues=mine)).strategies == ("two_sides",)
    mine.write_text(head + "x,two_sides,strategy,0,(a,me\n", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"^my_cues.csv: row 2: pattern of 'x'"):
        D.DefenceRules.load(cues=mine)


@pytest.mark.parametrize("strategy", D.STRATEGIES)
def test_seed_phrase_triggers_its_strategy(strategy):
    assert strategy in D.detect(SEED_PHRASES[strategy]).strategies


@pytest.mark.parametrize(("strategy", "text"),
                         [(s, t) for s, texts in UNSEEN_PHRASES.items() for t in texts])
def test_unseen_phrasing_triggers_its_strategy(strategy, text):
    assert strategy in D.detect(text).strategies


@pytest.mark.parametrize("text", [
    "Wow… das ist natürlich die Kehrseite der Medaille.",
    "Aber auf der anderen Seite habe ich es dann doch gelassen.",
    "Was mache ich nun mit der bestellten Festplatte, wenn die nicht läuft?",
    "Moderierst du neuerdings Kommentare – die erscheinen gar nicht?",
])
def test_neutral_sentences_trigger_nothing(text):
    assert D.detect(text).strategies == ()


def test_rejected_defence_becomes_counter_argument():
    text = ("Jetzt kann man natürlich sagen, selbst schuld, wenn sie sich billigen Plunder "
            "bestellt, aber manche Studenten haben es nicht so dick.")
    d = D.detect(text)
    assert "customer_blame" not in d.strategies
    assert "counter_argument" in d.strategies


def test_legal_point_for_the_customer_is_not_a_justification():
    d = D.detect("Als Verbraucher hast du ein Recht auf Nachbesserung.")
    assert "legal_justification" not in d.strategies
    vendor_side = D.detect("Eine zugesicherte Eigenschaft fehlt also nicht wirklich.")
    assert vendor_side.strategies == ("legal_justification",)


def test_negated_good_experience_is_not_vouching():
    d = D.detect("Ich habe keine guten Erfahrungen gemacht.")
    assert "positive_experience" not in d.strategies


def test_experience_polarity_decides_the_side():
    good = D.detect("Ich selber hatte dort einmal umgetauscht, was super schnell ging.")
    bad = D.detect("Ich kenne auch Leute, die dort bestellt haben. Notebook kaputt, ewig nichts "
                   "mehr gehört.")
    assert "positive_experience" in good.strategies
    assert "own_bad_experience" in bad.strategies
    assert good.personal and bad.personal


def test_vendor_voice_gets_no_complainant_strategies():
    text = "Das stimmt so nicht. Die Rechnung ist offen, laut AGB gilt Vorkasse."
    assert "counter_argument" in D.detect(text).strategies
    vendor = D.detect(text, role="vendor")
    assert "counter_argument" not in vendor.strategies
    assert "customer_blame" in vendor.strategies


def test_stance_rules():
    assert D.stance_from_raw(2) == "defends_vendor"
    assert D.stance_from_raw(-1) == "supports_complainant"
    assert D.stance_from_raw(0) == "neutral"
    assert D.stance_from_raw(5, role="vendor") == "vendor"
    assert D.detect(SEED_PHRASES["two_sides"]).raw > 0
    assert D.detect(SEED_PHRASES["own_bad_experience"]).raw < 0


def _thread(texts: list[tuple[str, str]]) -> pd.DataFrame:
    rows = [{"unit_id": "d:p0:s00", "doc_id": "d", "post_id": "d:p0", "position": 0,
             "kind": "body", "role": "author", "addressees": [],
             "text": "Der Shop hat meine defekte Festplatte nicht umgetauscht."}]
    for k, (role, text) in enumerate(texts, start=1):
        rows.append({"unit_id": f"d:p0:s{k:02d}", "doc_id": "d", "post_id": "d:p0",
                     "position": k, "kind": "comment", "role": role,
                     "addressees": D.extract_addressees(text), "text": text})
    return pd.DataFrame(rows)


THREAD = _thread([
    ("commenter", "Zu so einer Geschichte gehören immer zwei. Vielleicht wurde die Rechnung "
                  "nicht bezahlt, und die Garantie ist abgelaufen."),
    ("commenter", '@Anna: "Vielleicht wurde die Rechnung nicht bezahlt" – das stimmt so nicht.'),
    ("commenter", "Sofort unterschrieben."),
    ("vendor", "@Anna: Danke für den Hinweis auf die Garantie, wir prüfen das."),
    ("commenter", "@Bert: volle Zustimmung."),
])


def test_addressees_from_line_starts_only():
    assert D.extract_addressees("@Anna: hallo\n@ Bert, ja\n@Carl\nmail an x@y.de") == [
        "Anna", "Bert", "Carl"]
    assert D.extract_addressees('@ Thema "Rechnung"') == []


def test_reply_links_from_quotes_and_handles():
    links = D.find_replies(THREAD)
    quote = links[links["cue"] == "quote"]
    assert quote[["source_id", "target_id"]].values.tolist() == [["d:p0:s02", "d:p0:s01"]]
    at = links[links["cue"] == "at_mention"].set_index("source_id")
    # the quote ties the handle "Anna" to comment 1, so a later "@Anna" resolves there too
    assert at.loc["d:p0:s02", "target_id"] == "d:p0:s01"
    assert at.loc["d:p0:s04", "target_id"] == "d:p0:s01"
    assert at.loc["d:p0:s04", "resolution"] == "handle_via_quote"
    # an unknown handle without shared content words falls back to the previous comment
    assert at.loc["d:p0:s05", "resolution"] == "recency"
    assert at.loc["d:p0:s05", "target_id"] == "d:p0:s04"
    assert (links["source_id"] != links["target_id"]).all()
    order = {u: p for u, p in zip(THREAD["unit_id"], THREAD["position"], strict=True)}
    assert all(order[t] < order[s] for s, t in zip(links["source_id"], links["target_id"],
                                                   strict=True))


def test_name_mention_links_to_the_named_participant():
    thread = _thread([
        ("commenter", "Die Rechnung war offen, Kulanz gibt es erst nach Zahlungseingang."),
        ("commenter", "@Anna: Wandlung ist ein Recht, Zahlungseingang hin oder her."),
        ("vendor", "Anna hat den Fall richtig erkannt: Zahlungseingang zuerst."),
    ])
    links = D.find_replies(thread)
    named = links[links["cue"] == "name_mention"]
    assert named["source_id"].tolist() == ["d:p0:s03"]
    assert named["handle"].tolist() == ["Anna"]
    assert named["target_id"].tolist() == ["d:p0:s01"]


def test_agreement_inherits_the_stance_of_its_target():
    links = D.find_replies(THREAD)
    st = D.thread_stance(THREAD, links).set_index("unit_id")
    assert st.loc["d:p0:s01", "stance"] == "defends_vendor"
    assert st.loc["d:p0:s02", "stance"] == "supports_complainant"
    # no addressee: agreement with the post, i.e. with the complaint
    assert st.loc["d:p0:s03", "stance"] == "supports_complainant"
    assert st.loc["d:p0:s04", "stance"] == "vendor"
    assert st["score"].between(-1, 1).all()


def test_build_tables_on_seed_corpus(seed_corpus):
    tables = D.build_tables(seed_corpus)
    stance, replies = tables["stance"], tables["replies"]
    comments = seed_corpus.segments[seed_corpus.segments["kind"] == "comment"]
    assert sorted(stance["segment_id"]) == sorted(comments["segment_id"])
    assert stance["segment_id"].is_monotonic_increasing
    assert set(stance["stance"]) <= set(D.STANCES)
    role = comments.set_index("segment_id")["role"]
    assert (stance["stance"].eq("vendor") == stance["segment_id"].map(role).eq("vendor")).all()
    assert list(replies.columns) == D.REPLY_COLUMNS
    assert len(replies) > 0 and replies["target_segment_id"].notna().all()
    again = D.build_tables(seed_corpus)
    pd.testing.assert_frame_equal(stance, again["stance"])
    pd.testing.assert_frame_equal(replies, again["replies"])


def test_gold_file_covers_every_comment_and_aligns(seed_corpus):
    gold = load_gold("defence_gold")
    assert set(gold["stance"]) <= set(D.STANCES)
    for labels in D.split_labels(gold["strategies"]):
        assert labels <= set(D.STRATEGIES)
    assert (gold["quote"].str.len() >= 15).all()
    assert not gold["quote"].str.contains(r"@|\d{4,}", regex=True).any()
    comments = gold[gold["unit"] == "comment"]
    thread = load_gold("thread_gold")
    thread = thread[thread["doc_id"].isin(set(comments["doc_id"]))]
    assert sorted(comments["comment"].astype(int)) == sorted(
        set(thread["comment"].astype(int)))
    aligned = align(gold, seed_corpus, unit="segment", source="defence_gold")
    assert aligned["segment_id"].notna().all()
    targets = set(comments["quote"]) | {"post"}
    assert set(comments.loc[comments["reply_to"] != "", "reply_to"]) <= targets
    units = D.gold_units(seed_corpus, gold)
    texts = units.set_index("quote")["text"]
    for q in comments["quote"]:
        assert re.sub(r"\W", "", q.replace("„", '"').replace("“", '"'))[:10] in re.sub(
            r"\W", "", texts[q])


def test_strategy_scores_and_agreement():
    scores = D.strategy_scores(["two_sides;customer_blame", "", "meta_critique"],
                               ["two_sides", "meta_critique", "meta_critique"]).set_index(
        "strategy")
    assert scores.loc["two_sides", "precision"] == 1.0
    assert scores.loc["customer_blame", "recall"] == 0.0
    assert scores.loc["meta_critique", "precision"] == 0.5
    agree = D.stance_agreement(["a", "b", "b"], ["a", "b", "a"])
    assert agree["accuracy"] == pytest.approx(0.667, abs=1e-3)


def test_cross_validation_is_deterministic():
    texts = [SEED_PHRASES[s] for s in D.STRATEGIES] + ["Moderierst du Kommentare?"] * 2
    labels = ["defends_vendor"] * 7 + ["supports_complainant"] * 2 + ["neutral"] * 2
    a = D.cross_validate_stance(texts, labels)
    b = D.cross_validate_stance(texts, labels)
    pd.testing.assert_frame_equal(a, b)
    assert {"majority", "cue_rules", "char_ngram_lr", "cue_feature_lr"} <= set(a.columns)


def test_external_validation_counts():
    mp = pd.DataFrame({
        "text": ["Meine Frau hat dort bestellt, alles problemlos.", "Das ist Politik.",
                 "Das stimmt nicht, weil es anders war.", "Ja."],
        "PersonalStories": pd.array([1, 0, 0, pd.NA], dtype="Int64"),
        "ArgumentsUsed": pd.array([pd.NA, pd.NA, 1, 0], dtype="Int64"),
    })
    ev = D.external_validation(mp).set_index(["category", "detector"])
    row = ev.loc[("PersonalStories", "experience_frames")]
    assert (row["posts"], row["positives"], row["tp"], row["precision"]) == (3, 1, 1, 1.0)
    assert ev.loc[("ArgumentsUsed", "strategies_or_markers"), "recall"] == 1.0


def test_published_baselines_parse(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "| category | BOW | MNB |\n| --- | --- | --- |\n"
        "| Personal stories | 0.6407 | **0.4993** |\n| Arguments used | 0.5625 | 0.3906 |\n",
        encoding="utf-8")
    table = D.published_baselines(readme)
    assert len(table) == 4
    assert table.set_index(["category", "method"]).loc[("PersonalStories", "MNB"), "f1"] == 0.4993


def test_author_field_resolves_handles_and_own_name_is_no_mention():
    thread = _thread([
        ("commenter", "Anna sagt:\nDas ist mir genauso passiert."),
        ("commenter", "Bert sagt:\nWer so billig kauft, muss damit rechnen. Lies die AGB."),
        ("commenter", "Carl sagt:\n@Bert so ein Unsinn, ein Händler muss für Mängel haften."),
    ])
    thread["author"] = [None, "Anna", "Bert", "Carl"]
    thread.loc[3, "addressees"] = ["Bert"]
    links = D.find_replies(thread)
    assert links[["source_id", "target_id", "cue", "resolution"]].values.tolist() == [
        ["d:p0:s03", "d:p0:s02", "at_mention", "author"]]
    st = D.thread_stance(thread, links).set_index("unit_id")["stance"].to_dict()
    assert st == {"d:p0:s01": "supports_complainant", "d:p0:s02": "defends_vendor",
                  "d:p0:s03": "supports_complainant"}


def test_cue_rules_split_sentences_like_the_corpus():
    from servicelab.sentences import split_sentences

    text = "Siehe Nr. 5 im Vertrag. Am 17. Dezember kam nichts.\nDanke!"
    spans = split_sentences(text, 0, len(text))
    assert D.split_sentences(text) == [text[a:b] for a, b in spans] == [
        "Siehe Nr. 5 im Vertrag.", "Am 17. Dezember kam nichts.", "Danke!"]


# --------------------------------------------------------------------------- issue 15: stance on
# every reply unit (sentences written for these tests, not taken from the dev pages)

@pytest.mark.parametrize(("text", "stance"), [
    ("Also bravo, Otto! So schnell hatte ich noch nie eine Erstattung.", "defends_vendor"),
    ("Hut ab, wie die Bahn das heute gelöst hat.", "defends_vendor"),
    ("First World Problems, echt jetzt.", "defends_vendor"),
    ("Tja, selbst schuld, wenn man so etwas bei einem Billiganbieter bestellt.",
     "defends_vendor"),
    ("Lesen hilft. Das stand alles in der Auftragsbestätigung.", "defends_vendor"),
    ("Wer am Wochenende umzieht, darf doch nicht erwarten, dass alles sofort läuft.",
     "defends_vendor"),
    ("Meckern auf hohem Niveau, andere Leute haben gar keinen Anschluss.", "defends_vendor"),
    ("Bei mir genauso, seit Montag kein Netz.", "supports_complainant"),
    ("Bei mir war es genau dasselbe mit dem Router. Unmöglich!", "supports_complainant"),
    ("Gleiches Problem hier in Kiel, und beim Kundendienst meldet sich niemand.",
     "supports_complainant"),
    ("Setz denen schriftlich eine Frist und geh dann zur Schlichtungsstelle.",
     "supports_complainant"),
    ("Es geht nicht um den einen Tag, es geht darum, dass keiner Bescheid sagt.",
     "supports_complainant"),
])
def test_issue15_praise_dismissal_and_solidarity(text, stance):
    assert D.stance_from_raw(D.detect(text).raw) == stance


@pytest.mark.parametrize("text", [
    "Toll, dass sich nach drei Wochen immer noch niemand meldet.",  # sarcastic praise
    "Bravo, wieder nichts geliefert.",
    "Wir waren mit der Lieferung nicht zufrieden.",
])
def test_sarcastic_or_negated_praise_is_no_defence(text):
    assert D.detect(text).raw <= 0


@pytest.mark.parametrize("text", [
    "Weiß jemand, ob man den Router selbst tauschen darf?",
    "Hinweis der Moderation: bitte keine Telefonnummern posten.",
    "Wer zahlt, obwohl die Leitung tot ist, kann eine Gutschrift verlangen.",
])
def test_questions_notices_and_plain_information_stay_neutral(text):
    assert D.stance_from_raw(D.detect(text).raw) == "neutral"


def test_the_complainants_own_reply_leans_to_the_complainant():
    # restating the case (a negation: it still complains) leans to the complainant
    thread = _thread([("author", "Bis heute hat sich die Hotline nicht gemeldet."),
                      ("commenter", "Danke euch allen für die Tipps.")])
    out = D.thread_stance(thread, D.find_replies(thread)).set_index("unit_id")
    assert out.loc["d:p0:s01", "stance"] == "supports_complainant"
    assert "author_reply" in out.loc["d:p0:s01", "cues"]
    assert out.loc["d:p0:s02", "stance"] == "neutral"
    off = D.DefenceRules.load(author_reply=0, fallback=False)
    assert D.thread_stance(thread, D.find_replies(thread), off).set_index(
        "unit_id").loc["d:p0:s01", "stance"] == "neutral"


@pytest.mark.parametrize("text", [
    "Danke euch allen für die Tipps.",
    "Update: Der Monteur war heute da, die Spülmaschine läuft wieder. Danke für eure Hilfe!",
    "Nachtrag: Die Gutschrift ist gestern auf dem Konto eingegangen.",
])
def test_the_complainants_plain_status_or_thanks_is_neutral(text):
    """Codebook §7.2 (round seven): the complainant's own plain status report or thanks takes
    no side; the author lean and the 'Update:' cue used to make it supportive."""
    rules = D.DefenceRules.load(fallback=False)
    out = D.thread_stance(_thread([("author", text)]), D.find_replies(_thread([("author", text)])),
                          rules)
    assert out["stance"].tolist() == ["neutral"]
    assert out["cues"].iloc[0].endswith("plain_status")


@pytest.mark.parametrize("text", [
    "Update: Der Monteur war da, aber die Spülmaschine läuft immer noch nicht.",
    "Nachtrag: Gutschrift kam, eine Entschuldigung gab es keine.",
    "Update: Techniker kommt Freitag. Warum nicht gleich so?",
])
def test_the_complainants_status_note_that_still_complains_supports(text):
    rules = D.DefenceRules.load(fallback=False)
    thread = _thread([("author", text)])
    out = D.thread_stance(thread, D.find_replies(thread), rules)
    assert out["stance"].tolist() == ["supports_complainant"]


@pytest.mark.parametrize("text, expected", [
    ("Da hast du recht, das stand im Vertrag. Trotzdem hätte man kurz anrufen können.", True),
    ("Das mit der Frist ist ein Argument. Aber ich würde trotzdem erst schreiben.", True),
    ("Fair, die Rechnung war hoch. Ich meinte nur die Anfahrt.", True),
    ("Ich sag ja nicht, dass du lügst. Nur dass es bei uns anders lief.", True),
    ("Da hast du recht, das war mein Fehler.", False),  # no contrast: he withdraws
    ("Trotzdem hat er recht.", False),  # the contrast comes before the granted point
])
def test_a_granted_point_with_a_contrast_is_found(text, expected):
    assert D.grants_point(text, D.DefenceRules.load(fallback=False)) is expected


def test_reply_agreement_uses_the_shared_metrics():
    gold = pd.DataFrame({"source_id": ["a", "b", "c"], "target_id": ["x", "y", "z"],
                         "cue": ["at_mention", "quote", "implicit"]})
    pred = pd.DataFrame({"source_id": ["a", "b", "q"], "target_id": ["x", "x", "z"]})
    out = D.reply_agreement(pred, gold)
    assert out["found"] == 1 and out["recall_visible"] == 0.5
    assert out["correct_pairs"] == 1 and out["precision"] == round(1 / 3, 3)
    empty = D.reply_agreement(pred.iloc[:0], gold.iloc[:0])
    assert np.isnan(empty["precision"]) and np.isnan(empty["recall_visible"])


# --------------------------------------------------------------------------- round six: a
# conceded annoyance followed by a contrast is a defence (sentences written for these tests)

@pytest.mark.parametrize("text", [
    "Ärgerlich, klar, aber die Lieferzeit stand doch im Angebot.",
    "Ist natürlich blöd gelaufen. Aber so ein Sturm legt eben auch mal ein Netz lahm.",
    "Ich versteh den Ärger mit dem Paket. Aber der Bote hat es immerhin zweimal versucht.",
])
def test_a_conceded_annoyance_then_a_contrast_defends(text):
    d = D.detect(text)
    assert "two_sides" in d.strategies
    assert D.stance_from_raw(d.raw) == "defends_vendor"


@pytest.mark.parametrize("text", [
    "Ärgerlich, dass die Hotline seit Tagen nicht abnimmt.",  # no contrast: a complaint
    "Nicht ärgerlich, aber seltsam, dass keiner anruft.",  # negated annoyance
    "Ärgerlich ist das. Ich hätte schon längst gekündigt.",  # the next sentence agrees
])
def test_annoyance_without_a_contrast_is_no_concession(text):
    assert "two_sides" not in D.detect(text).strategies


def test_a_concession_inside_a_rejection_frame_is_no_defence():
    text = ("Jetzt kann man natürlich sagen, ärgerlich, aber selbst schuld, doch die "
            "Rechnung kam nie an.")
    assert "two_sides" not in D.detect(text).strategies
