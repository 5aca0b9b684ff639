"""The fallback stance classifier (issue 15): trained from a table passed in, deterministic,
used only where no stance cue fires; bad tables fail in one line. Sentences are our own."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from servicelab import defence as D
from servicelab import stance_model as M
from servicelab.devcorpus import is_held_out
from servicelab.devsplit import page_half
from servicelab.errors import CorpusInputError

# A toy training table: "Warteschleife"-stories side with the complainant, "Geduld"-advice
# with the vendor, "Uhrzeit"-questions are neutral; the test texts share only those words.
TOY = pd.DataFrame(
    [{"page_id": f"p{k % 3}", "family": "toy", "kind": "comment", "role": "commenter",
      "stance": s, "text": t}
     for k, (s, t) in enumerate(
         [("supports_complainant", f"Stundenlang in der Warteschleife gehangen, Tag {i}.")
          for i in range(6)]
         + [("defends_vendor", f"Etwas Geduld bitte, das wird schon, Woche {i}.")
            for i in range(6)]
         + [("neutral", f"Um welche Uhrzeit hast du angerufen, Nummer {i}?")
            for i in range(6)])])


@pytest.fixture(scope="module")
def toy_model() -> M.StanceModel:
    return M.StanceModel(TOY)


def test_toy_model_learns_the_table(toy_model):
    assert toy_model.predict(["Wieder drei Stunden Warteschleife gehangen.",
                              "Nur Geduld, das wird schon.",
                              "Welche Uhrzeit war das?"]) == [
        "supports_complainant", "defends_vendor", "neutral"]
    assert toy_model.predict([]) == []


def test_training_is_deterministic():
    texts = ["Warteschleife ohne Ende", "Geduld, Leute", "Uhrzeit?"]
    assert M.StanceModel(TOY).predict(texts) == M.StanceModel(TOY).predict(texts)


def test_a_unit_no_classifier_claims_takes_the_training_prior():
    # two more Warteschleife rows make supports_complainant the training rows' majority; a
    # text of words the table never saw is claimed by no one-vs-rest classifier
    table = pd.concat([TOY, TOY.iloc[:2]], ignore_index=True)
    unseen = "Quittengelee mit Zimtblüten"
    plain, abstaining = M.StanceModel(table), M.StanceModel(table, abstain=0.0)
    assert (plain.pipeline.scores([unseen]) < 0).all()
    assert plain.predict([unseen]) != ["supports_complainant"]  # the least-bad score
    assert abstaining.predict([unseen]) == ["supports_complainant"]
    # a claimed unit keeps the classifier's label
    assert abstaining.predict(["Nur Geduld, das wird schon.", "Welche Uhrzeit war das?"]) == [
        "defends_vendor", "neutral"]


def test_the_shipped_model_abstains_to_the_prior():
    assert M.SHIPPED["abstain"] == 0.0
    model = M.StanceModel.default()
    assert model.abstain == 0.0 and model.pipeline.prior == "supports_complainant"


def test_pseudonyms_and_urls_are_no_features():
    assert M.normalise("Person_3fa9c2d1e0b7 schrieb https://x.example/a?b=1 dazu") == (
        "Person schrieb  URL  dazu")


def test_bad_training_table_is_one_line(tmp_path):
    bad = tmp_path / "t.csv"
    TOY.assign(stance=["vendor"] + list(TOY["stance"][1:])).to_csv(bad, index=False)
    with pytest.raises(CorpusInputError, match=r"t\.csv.*row 2: stance 'vendor'"):
        M.StanceModel.load(bad)
    TOY.drop(columns="text").to_csv(bad, index=False)
    with pytest.raises(CorpusInputError, match="missing columns text"):
        M.StanceModel.load(bad)


def test_shipped_training_table_is_tuning_data_only():
    from servicelab.defence_evaluation import TRAINING_SESSIONS

    table = M.read_training(M.resources.files("servicelab.data").joinpath(
        "stance_training.csv"))
    held = table["page_id"].map(is_held_out)
    # round five: the held-out pages of the sessions scored once before (h3, l1, p1) are
    # tuning data; a page of any later session (being written as fresh test data) is not
    sessions = table.loc[held, "page_id"].str.extract(r"_heldout_([a-z]+\d+)")[0]
    assert set(sessions) <= set(TRAINING_SESSIONS)
    assert set(table.loc[~held, "page_id"].map(page_half)) == {"tuning", "test"}
    assert set(table["stance"]) == set(M.LABELS)
    assert table["text"].str.len().min() > 0


def test_a_comment_under_a_companys_care_team_name_is_the_vendors():
    def seg(k, author):
        return {"segment_id": f"c:p0:s{k:02d}", "post_id": "c:p0", "doc_id": "c",
                "position": k, "kind": "body" if k == 0 else "comment", "author": author,
                "addressees": [], "role": "author" if k == 0 else "commenter",
                "start": 10 * k, "end": 10 * k + 10, "text": "Wir schauen uns das an."}
    table = pd.DataFrame([seg(0, "Person_0a1b2c3d4e5f"),
                          seg(1, "SPIEGEL Kundenservice •"),  # media type, care word
                          seg(2, "Vodafone Hilfe"),
                          seg(3, "Gast SPIEGEL Kundenservice •"),  # a guest answering it
                          seg(4, "Stadtanzeiger Team"),  # no company of the gazetteer
                          seg(5, "SPIEGEL")])  # a media name alone: not a care team
    units = D.segment_units(SimpleNamespace(segments=table),
                            D.DefenceRules.load(fallback=False))
    assert units["role"].tolist() == ["author", "vendor", "vendor", "commenter", "commenter",
                                      "commenter"]


def _thread(texts):
    rows = [{"unit_id": "d:p0:s00", "doc_id": "d", "post_id": "d:p0", "position": 0,
             "kind": "body", "role": "author", "addressees": [],
             "text": "Die Hotline lässt mich seit Tagen hängen."}]
    for k, (role, text) in enumerate(texts, start=1):
        rows.append({"unit_id": f"d:p0:s{k:02d}", "doc_id": "d", "post_id": "d:p0",
                     "position": k, "kind": "comment", "role": role, "addressees": [],
                     "text": text})
    return pd.DataFrame(rows)


def test_the_model_decides_only_where_no_cue_fires(toy_model):
    thread = _thread([
        ("commenter", "Gestern wieder zwei Stunden Warteschleife gehangen."),  # no cue
        ("commenter", "Nur Geduld, das wird schon."),  # no cue
        ("commenter", "Bei mir war es genau dasselbe, Warteschleife."),  # cue: own story
        ("commenter", "Selbst schuld, Warteschleife hin oder her."),  # cue: customer blame
        ("vendor", "Wir bitten um etwas Geduld, das wird schon."),  # vendor by role
    ])
    # the cue stands here whatever the model says (the override: the next test)
    rules = D.DefenceRules.load(fallback=toy_model, model_override=None)
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules).set_index("unit_id")
    assert out["stance"].tolist() == ["supports_complainant", "defends_vendor",
                                      "supports_complainant", "defends_vendor", "vendor"]
    assert [c.endswith("model") for c in out["cues"]] == [True, True, False, False, False]
    bare = D.DefenceRules.load(fallback=False)
    out = D.thread_stance(thread, D.find_replies(thread, bare), bare)
    assert out["stance"].tolist()[:2] == ["neutral", "neutral"]
    assert not out["cues"].str.contains("model").any()


def test_a_confident_model_overrides_a_single_cue(toy_model):
    thread = _thread([
        # one customer-blame cue, but the toy model is sure it is a Warteschleife story
        ("commenter", "Selbst schuld, wer da stundenlang in der Warteschleife hängt."),
        # one own-story cue, but the toy model is sure it is Geduld advice
        ("commenter", "Bei mir war es genau dasselbe, nur Geduld, das wird schon."),
        # one cue and a model that claims nothing: the cue stands
        ("commenter", "Selbst schuld, sage ich nur."),
        # the model agrees with the cue: nothing to override
        ("commenter", "Selbst schuld, wenn man keine Geduld hat."),
        # an agreement with the complaint (the post): the thread decides, not the model
        ("commenter", "Kann ich nur unterschreiben, nur Geduld, das wird schon."),
    ])
    rules = D.DefenceRules.load(fallback=toy_model)
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules)
    assert out["stance"].tolist() == ["supports_complainant", "defends_vendor",
                                      "defends_vendor", "defends_vendor",
                                      "supports_complainant"]
    assert out["cues"].str.endswith("model_override").tolist() == [True, True, False, False,
                                                                   False]
    off = D.DefenceRules.load(fallback=toy_model, model_override=None)
    out = D.thread_stance(thread, D.find_replies(thread, off), off)
    assert out["stance"].tolist() == ["defends_vendor", "supports_complainant",
                                      "defends_vendor", "defends_vendor",
                                      "supports_complainant"]


def test_shipped_rules_carry_the_shipped_model():
    assert isinstance(D.DefenceRules.default().fallback, M.StanceModel)
    assert D.DefenceRules.load(fallback=False).fallback is None


def test_quoted_readers_get_a_stance_and_own_replies_the_author_role():
    seg = pd.DataFrame([
        {"segment_id": "n:p0:s00", "post_id": "n:p0", "doc_id": "n", "position": 0,
         "kind": "body", "author": "Person_0a1b2c3d4e5f", "addressees": [], "role": "author",
         "start": 0, "end": 10, "text": "Seit drei Wochen kein Netz."},
        {"segment_id": "n:p0:s01", "post_id": "n:p0", "doc_id": "n", "position": 1,
         "kind": "quoted_reader", "author": None, "addressees": [], "role": "quoted_reader",
         "start": 10, "end": 20, "text": "Bei uns im Dorf genauso, seit Montag."},
        {"segment_id": "n:p0:s02", "post_id": "n:p0", "doc_id": "n", "position": 2,
         "kind": "comment", "author": "Person_0a1b2c3d4e5f · Themenstarter",
         "addressees": [], "role": "commenter", "start": 20, "end": 30,
         "text": "Danke euch, ich frage morgen noch einmal nach."},
        {"segment_id": "n:p0:s03", "post_id": "n:p0", "doc_id": "n", "position": 3,
         "kind": "comment", "author": "Person_ffffeeeedddd", "addressees": [],
         "role": "commenter", "start": 30, "end": 40,
         "text": "Danke euch, ich frage morgen noch einmal nach."},
        {"segment_id": "n:p0:s04", "post_id": "n:p0", "doc_id": "n", "position": 4,
         "kind": "comment", "author": "Person_0a1b2c3d4e5f · Themenstarter",
         "addressees": [], "role": "commenter", "start": 40, "end": 50,
         "text": "Ein Techniker kam bis heute nicht."},
    ])
    units = D.segment_units(SimpleNamespace(segments=seg))
    assert units["kind"].tolist() == ["body", "comment", "comment", "comment", "comment"]
    assert units["role"].tolist() == ["author", "quoted_reader", "author", "commenter",
                                      "author"]
    tables = D.build_tables(SimpleNamespace(segments=seg),
                            D.DefenceRules.load(fallback=False))
    st = tables["stance"].set_index("segment_id")["stance"].to_dict()
    # the complainant's plain thanks is neutral (codebook §7.2, round seven); restating the
    # case (it still complains: a negation) leans to the complainant
    assert st == {"n:p0:s01": "supports_complainant", "n:p0:s02": "neutral",
                  "n:p0:s03": "neutral", "n:p0:s04": "supports_complainant"}


def test_a_comment_under_a_company_name_or_owner_header_is_the_vendors():
    def seg(k, author, role):
        return {"segment_id": f"r:p0:s{k:02d}", "post_id": "r:p0", "doc_id": "r",
                "position": k, "kind": "body" if k == 0 else "comment", "author": author,
                "addressees": [], "role": role, "start": 10 * k, "end": 10 * k + 10,
                "text": "Lieferung kam nach drei Wochen, das ist zu lang."}
    table = pd.DataFrame([seg(0, "Person_0a1b2c3d4e5f", "author"),
                          seg(1, "Zalando · zalando.de", "commenter"),
                          seg(2, "@Lieferando.de", "author"),
                          seg(3, "Antwort vom Inhaber", "author"),
                          seg(4, "Lokalblatt Redaktion", "commenter"),
                          seg(5, "Person_99aa88bb77cc", "commenter")])
    rules = D.DefenceRules.load(fallback=False)
    units = D.segment_units(SimpleNamespace(segments=table), rules)
    assert units["role"].tolist() == ["author", "vendor", "vendor", "vendor", "commenter",
                                      "commenter"]
    no_names = D.DefenceRules(rules.cue_rows)
    assert D.segment_units(SimpleNamespace(segments=table), no_names)["role"].tolist()[1:3] \
        == ["commenter", "author"]


def test_a_fitted_model_pickles_for_process_workers(toy_model):
    import pickle

    again = pickle.loads(pickle.dumps(toy_model))
    texts = ["Warteschleife schon wieder", "Geduld", "Uhrzeit bitte?"]
    assert again.predict(texts) == toy_model.predict(texts)


@pytest.mark.parametrize(("text", "asks"), [
    ("Hast du die Kündigung schriftlich bestätigt bekommen? Das hilft später.", True),
    ("@Person_0a1b2c3d4e5f: Welche Nummer hast du gewählt?", True),
    ("Weiß jemand, ob das bei allen Anbietern so ist?", True),
    ("Das ist doch normal. Warum regt ihr euch auf?", False),  # opens with a claim
    ("Wozu gibt es einen Termin? Wenn keiner kommt, ist der Termin nichts wert. Drei Wochen "
     "warten ist zu lang. Ich würde sofort kündigen.", False),  # an argument, four sentences
])
def test_a_short_unit_that_opens_with_a_question_asks(text, asks):
    assert D.opens_with_question(text) is asks
    assert D.opens_with_question(text, 0) is False


@pytest.mark.parametrize(("text", "asks"), [
    # asking: a w-question (also after a preposition), a verb-first yes/no question, after a
    # short thanks or greeting
    ("Ab wann gilt die neue Kündigungsfrist eigentlich?", True),
    ("Danke! Reicht da eine formlose Mail oder muss es ein Brief sein?", True),
    ("Hallo zusammen. Gibt es für den Router eine Hotline am Wochenende?", True),
    # arguing: an echo fragment, a statement with a question mark, a question after a claim
    ("Pünktlich? Der Bus kam gar nicht, und niemand hat Bescheid gesagt.", False),
    ("Und dann? Die Spedition sagt den Termin trotzdem nicht ab.", False),
    ("Du weißt aber schon, dass es hier um eine Mahnung geht?", False),
    ("Geduld haben wir lange genug gehabt. Wie oft denn noch?", False),
    # a longer question in no declarative order still asks (as in round four)
    ("Nachträglich noch eine Gutschrift beantragen, geht das überhaupt?", True),
])
def test_only_an_asking_question_asks_not_an_echo_or_a_statement(text, asks):
    assert D.opens_with_question(text) is asks
    if not asks and not text.startswith("Geduld"):
        # without opener rows (the round-four test) any opening question mark asks
        no_openers = D.DefenceRules(D.DefenceRules.default().cue_rows)
        assert D.opens_with_question(text, 3, no_openers) is True


def test_bad_question_opener_row_is_one_line(tmp_path):
    bad = tmp_path / "q.csv"
    bad.write_text("rule_id,kind,pattern,source,example\nw,asking,wie\\b,own,Warum nicht?\n",
                   encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"q\.csv.*row 2: pattern of 'w' does not "
                                               r"match its example"):
        D.read_question_openers(bad)


def test_the_complainants_own_follow_up_question_is_neutral_not_the_author_lean(toy_model):
    rules = D.DefenceRules.load(fallback=toy_model)
    asked = _thread([("author", "Danke! Muss ich die Quittung im Original einschicken?")])
    out = D.thread_stance(asked, D.find_replies(asked, rules), rules)
    assert out["stance"].tolist() == ["neutral"]
    assert out["cues"].tolist() == ["author_reply;question"]
    told = _thread([("author", "Die Quittung habe ich eingeschickt, eine Antwort kam nie.")])
    out = D.thread_stance(told, D.find_replies(told, rules), rules)
    assert out["stance"].tolist() == ["supports_complainant"]  # the author lean, no model


def test_a_cueless_question_is_neutral_before_the_model_is_asked(toy_model):
    thread = _thread([("commenter", "Um welche Uhrzeit war die Warteschleife so lang?")])
    rules = D.DefenceRules.load(fallback=toy_model)
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules)
    assert out["stance"].tolist() == ["neutral"] and out["cues"].tolist() == ["question"]
    off = D.DefenceRules.load(fallback=toy_model, question_sentences=0)
    out = D.thread_stance(thread, D.find_replies(thread, off), off)
    assert out["cues"].tolist() == ["model"]


# --------------------------------------------------------------------------- round six: a care
# team's voice without a company author line (sentences written for these tests)

@pytest.mark.parametrize(("text", "care"), [
    ("Hallo Mia, das tut uns leid. Schick uns bitte deine Auftragsnummer, dann prüfen wir "
     "den Versand.", True),
    ("Danke für deine Geduld! Ich habe mir deinen Vertrag angesehen: Die Gutschrift kommt "
     "mit der nächsten Rechnung.", True),
    ("Wir entschuldigen uns für den Ausfall. Melde dich gern per Direktnachricht.", True),
    # one signal alone is what commenters write too
    ("Das tut mir leid für dich, bei mir lief es genauso.", False),
    ("Schreib mir, wenn du eine Vorlage für den Widerspruch brauchst.", False),
])
def test_an_apology_and_a_service_step_together_are_a_care_teams_voice(text, care):
    assert D.speaks_as_care_team(text) is care
    assert D.speaks_as_care_team(text, D.DefenceRules(D.DefenceRules.default().cue_rows)) \
        is False  # without care-voice rows there is no such reading


def test_a_comment_in_a_care_teams_voice_is_the_vendors_without_an_author_line():
    def seg(k, text):
        return {"segment_id": f"v:p0:s{k:02d}", "post_id": "v:p0", "doc_id": "v",
                "position": k, "kind": "body" if k == 0 else "comment", "author": None,
                "addressees": [], "role": "author" if k == 0 else "commenter",
                "start": 10 * k, "end": 10 * k + 10, "text": text}
    table = pd.DataFrame([
        seg(0, "Mein Paket ist seit zwei Wochen verschwunden."),
        seg(1, "Das tut uns leid! Schreib uns bitte die Sendungsnummer, wir kümmern uns."),
        seg(2, "Das tut mir leid, meins kam auch nie an.")])
    rules = D.DefenceRules.load(fallback=False)
    units = D.segment_units(SimpleNamespace(segments=table), rules)
    assert units["role"].tolist() == ["author", "vendor", "commenter"]


def test_bad_care_voice_row_is_one_line(tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_text("rule_id,kind,pattern,source,example\ns,apology,tut uns leid,own,"
                   "Wir bedauern das.\n", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"c\.csv.*row 2: pattern of 's' does not "
                                               r"find its example"):
        D.read_care_voice(bad)
    bad.write_text("rule_id,kind,pattern,source,example\ns,greeting,hallo,own,hallo\n",
                   encoding="utf-8")
    with pytest.raises(CorpusInputError, match="row 2: unknown kind 'greeting'"):
        D.read_care_voice(bad)


# --------------------------------------------------------------------------- round six: general
# tips for any reader take no side (codebook §7.2; sentences written for these tests)

@pytest.mark.parametrize(("text", "tip"), [
    ("Kleiner Tipp für alle Bahnfahrer: Das Ticket vorher offline speichern.", True),
    ("@Person_0a1b2c3d4e5f Tipp am Rande: Die Hotline ist morgens kürzer.", True),
    ("Falls es jemandem hilft: Fotos vom Zählerstand machen.", True),
    ("Generell gilt: Belege drei Jahre aufheben.", True),
    ("Tipp: Setz denen eine Frist und dann zum Anwalt.", False),  # advice to the complainant
    ("Mein Tipp wäre, gar nicht mehr dort zu bestellen.", False),
    # round seven: a label of plain information for the readers
    ("Zur Info: Der Wertstoffhof nimmt Kartons nur dienstags an.", True),
    ("Rein informativ: Die Widerrufsfrist beginnt mit der Lieferung.", True),
    ("Info ist das nicht, sondern eine Ausrede.", False),
])
def test_a_general_tip_opens_with_a_tip_label_for_everyone(text, tip):
    assert D.opens_with_general_tip(text) is tip


def test_a_cueless_general_tip_is_neutral_before_the_model_is_asked(toy_model, tmp_path):
    thread = _thread([("commenter",
                       "Kleiner Tipp für alle: Die Warteschleife ist nach 20 Uhr kürzer.")])
    rules = D.DefenceRules.load(fallback=toy_model)
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules)
    assert out["stance"].tolist() == ["neutral"] and out["cues"].tolist() == ["general_tip"]
    empty = tmp_path / "tips.csv"
    empty.write_text("rule_id,pattern,source,example\n", encoding="utf-8")
    no_tips = D.DefenceRules.load(fallback=toy_model, tips=empty)
    out = D.thread_stance(thread, D.find_replies(thread, no_tips), no_tips)
    assert out["cues"].tolist() == ["model"]


def test_bad_tip_opener_row_is_one_line(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("rule_id,pattern,source,example\nt,tipp:,own,Ein Tipp: nie\n",
                   encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"t\.csv.*row 2: pattern of 't' does not "
                                               r"match its example"):
        D.read_tip_openers(bad)


def test_a_reader_who_grants_a_point_and_keeps_his_line_is_neutral(toy_model):
    """Codebook §7.2 (round seven): granting another reader's point and keeping one's own line
    with a contrast takes no side; the model is not asked."""
    text = "Da hast du recht, das stand im Vertrag. Trotzdem hätte man kurz anrufen können."
    thread = _thread([("commenter", text),
                      ("commenter", "Gestern wieder zwei Stunden Warteschleife gehangen.")])
    rules = D.DefenceRules.load(fallback=toy_model)
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules)
    assert out["stance"].tolist() == ["neutral", "supports_complainant"]
    assert out["cues"].iloc[0].endswith("granted_point")
    assert out["cues"].iloc[1].endswith("model")


def test_every_page_set_weighs_the_same():
    ids = ["blog_01", "blog_02", "forum_03", "blog_heldout_h3a", "qa_heldout_h5b"]
    w = M.set_weights(ids)
    assert [M.page_set_of(p) for p in ids] == ["dev", "dev", "dev", "h3", "h5"]
    assert w[:3].sum() == pytest.approx(w[3]) == pytest.approx(w[4])
    assert w.sum() == pytest.approx(len(ids))


def test_a_structure_model_reads_whether_the_unit_is_the_complainants():
    # the same words, neutral from the complainant and supportive from a reader: only the
    # role column can tell them apart
    rows = [{"page_id": f"p{k % 3}", "family": "toy", "kind": "comment", "role": role,
             "stance": stance, "text": f"Die Gutschrift kam heute, Nummer {k}."}
            for k, (role, stance) in enumerate(
                [("author", "neutral")] * 6 + [("commenter", "supports_complainant")] * 6)]
    rows += [{**r, "stance": "defends_vendor", "text": f"Geduld, das wird schon, Tag {k}."}
             for k, r in enumerate(rows[:4])]
    table = pd.DataFrame(rows)
    with_role = M.StanceModel(table, structure=True)
    texts = ["Die Gutschrift kam heute."] * 2
    assert with_role.predict(texts, ["author", "commenter"]) == ["neutral",
                                                                "supports_complainant"]
    plain = M.StanceModel(table)
    assert len(set(plain.predict(texts, ["author", "commenter"]))) == 1
    # with such a model the complainant's cue-less unit is the model's, not the author lean's
    rules = D.DefenceRules.load(fallback=with_role)
    thread = _thread([("author", "Die Gutschrift kam heute, danke nicht.")])
    out = D.thread_stance(thread, D.find_replies(thread, rules), rules)
    assert out["cues"].iloc[0].endswith("model")
