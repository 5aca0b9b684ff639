"""Issue 14: every name, phone, address and e-mail form, the public-name policy, ids and
error messages, and the PII recall on the development corpus."""

from __future__ import annotations

import csv

import pytest

from servicelab import build_corpus
from servicelab.devcorpus import families
from servicelab.errors import CorpusInputError
from servicelab.names import given_names
from servicelab.privacy import (
    is_public_handle,
    privacy_rules,
    pseudonym,
    pseudonymise_error,
    pseudonymise_id,
    pseudonymise_text,
)
from servicelab.privacy_eval import PII_KINDS, TARGET_RECALL, overall, score_privacy

KEY = b"test-key-not-a-secret-0123456789"


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


def test_the_given_name_list_is_large_and_of_many_origins():
    names = given_names()
    assert len(names) >= 10_000
    for name in ("Mehmet", "Hüseyin", "Agnieszka", "Małgorzata", "Dariusz", "Svetlana", "Yusuf",
                 "Fatima", "Chiara", "Ngoc", "Jürgen", "Gül"):
        assert names.is_plain(name), name
    for word in ("Bitte", "Mai", "Will", "Stern", "Naja"):  # German words: never alone a name
        assert not names.is_plain(word), word


@pytest.mark.parametrize("phone", ["+49 (0)30 123 45 67", "(030) 1234 5678", "030 / 98 76 54",
                                   "0171-2345678", "+43 660 555 12 34", "+41 44 555 12 34",
                                   "0261 – 396 1338", "01712345678"])
def test_phone_forms(phone):
    out = _out(f"Rufen Sie mich an: {phone}, danke.")
    assert phone not in out and "[Telefon_" in out
    assert out.endswith(", danke.")


def test_numbers_that_are_no_phones_stay():
    text = ("Bestellung 302-1234567-1234567 vom 14.03.2026 um 08:02, 149,99 € und 1.299,00 Euro, "
            "IBAN DE89 3704 0044 0532 0130 00, Vertrag 2019/2020, am 01.02.2024, 01067 Dresden.")
    assert _out(text) == text


@pytest.mark.parametrize("address", ["Am Lindenhof 7, 50667 Köln",
                                     "Postfach 10 20 30, 10115 Berlin",
                                     "Packstation 142, 80331 München", "Am Wiesengrund 25",
                                     "In der Lohwiese 3",
                                     "Bergstraße 41, 45657 Recklinghausen", "Weidenweg 15a",
                                     "Mariahilfer Straße 45/3/12, 1060 Wien",
                                     "Bahnhofstrasse 12, CH-8001 Zürich"])
def test_address_forms(address):
    out = _out(f"Bitte an {address} schicken.")
    assert out.startswith("Bitte an [Adresse_") and out.endswith("] schicken.")


def test_prefix_words_without_postcode_are_no_address():
    text = ("Im Jahr 2020 kam am Montag 7 Mal niemand. Am Ende 3 Anrufe. Im Oktober 2024 "
            "und Am Dienstag 12 Uhr, Zum Glück 2 Tage später, Am BER 2 Stunden.")
    assert _out(text) == text


@pytest.mark.parametrize("text, secret", [
    ("M. Ferreira sagt:\nDas dauert.", "Ferreira"),
    ("Kerstin Albrecht → Th. Brenninkmeyer", "Brenninkmeyer"),
    ("Danke für die Hilfe. Gruß, M. Yıldırım-Koch", "Yıldırım"),
    ("Th. Brenninkmeyer\nvor 2 Tagen\nStimmt.", "Brenninkmeyer"),
])
def test_initials_with_a_surname_are_a_name(text, secret):
    assert secret not in _out(text)


def test_initials_before_words_titles_and_places_stay():
    text = "Siehe Teil B. Danach kam Dr. Oetker, dann St. Georg und Abs. Drei."
    assert _out(text) == text


def test_a_surname_alone_is_the_person_of_its_full_name():
    out = _out("Rechtsanwältin Dr. Ayşe Güneş-Baumann hilft. Die Kanzlei Güneş-Baumann ruft an.")
    assert "Güneş" not in out
    full = out.split("Dr. ")[1].split(" ")[0]
    assert out.count(full) == 2  # the same pseudonym for the surname alone


def test_a_surname_that_is_a_word_alone_stays():
    out = _out("Helmut Müller kam. Der Müller mahlt Korn.")
    assert "Helmut" not in out and out.endswith("Der Müller mahlt Korn.")


def test_signature_with_a_place_names_the_writer():
    assert "Ferdl" not in _out("Hat bei mir geklappt.\nLG aus Graz, Ferdl")
    assert "Ines" not in _out("Viele Grüße aus dem Allgäu\nInes")


@pytest.mark.parametrize("badge", ["Moderator", "Erfahrener Benutzer", "Top-Fan"])
def test_a_username_line_above_a_badge_line_is_a_username(badge):
    out = _out(f"vor 5 Monaten\nKabelkobold\n{badge}\nSo geht das.")
    assert "Kabelkobold" not in out and badge in out


@pytest.mark.parametrize("email", ["info(at)example.de", "name [at] web [dot] de",
                                   "max.muster@example.de", "t.guemues (at) example (dot) de"])
def test_email_forms(email):
    out = _out(f"Schreibt mir an {email} bitte.")
    assert "[E-Mail_" in out and "example" not in out and "web" not in out


@pytest.mark.parametrize("text, secrets", [
    ("Karl-Heinz Müller-Lüdenscheidt wartet.", ["Karl", "Lüdenscheidt"]),
    ("Mehmet Yılmaz wartet.", ["Mehmet", "Yılmaz"]),
    ("Ewa Wiśniewska und Dragan Đorđević warten.", ["Wiśniewska", "Đorđević"]),
    ("Jan van der Berg und Ahmad al-Rifai warten.", ["van der Berg", "Rifai"]),
    ("Leser Max M. aus Köln schreibt.", ["Max M."]),
])
def test_name_forms(text, secrets):
    out = _out(text)
    assert "Person_" in out
    for secret in secrets:
        assert secret not in out


def test_double_given_name_is_one_pseudonym_for_the_whole_name():
    out = _out("Lisa Marie Schmidt beschwert sich. Später schrieb Lisa Marie noch einmal.")
    assert "Schmidt" not in out and "Lisa" not in out and "Marie" not in out
    assert out.count(pseudonym("person", "lisa marie schmidt", KEY)) == 2


def test_doctor_title_stays_and_is_no_pseudonym_of_its_own():
    out = _out("Dr. Anna Wiśniewska vom Amt schrieb.")
    assert out.startswith("Dr. Person_") and "Wiśniewska" not in out
    assert out.count("Person_") == 1


@pytest.mark.parametrize("text, secret", [
    ("Herr Zwiebelhuber rief an.", "Zwiebelhuber"),
    ("Ich habe mit Frau Lindemann-Ferreira gesprochen.", "Lindemann-Ferreira"),
    ("Das Schreiben ging an Herrn P. zurück.", "P."),
    ("Familie Nowak wartet seit Mai.", "Nowak"),
    ("Leserin Okwuosa Brandtner aus Porz schreibt:", "Brandtner"),
    ("Die Nutzerin kiezkind_030 meint das auch.", "kiezkind"),
    ("Geht nicht.\nGruß, Kerem", "Kerem"),
    ("Geht nicht. LG Benedikt", "Benedikt"),
    ("Geht nicht.\nViele Grüße, Jana Okonkwo", "Okonkwo"),
    ("Wir kümmern uns darum. ^KaW", "KaW"),
    ("Wir kümmern uns darum. /mk", "mk"),
    ("Anna sagt:\nDas ist bei mir auch so.", "Anna"),
    ("kaufrausch88 sagt:\nDas ist bei mir auch so.", "kaufrausch"),
    ("Svetlana Morozova schrieb am 21.02.2026 um 12:40:\nStimmt.", "Morozova"),
    ("Zitat von Kabelsalat_Köln: und will mir einen Techniker schicken", "Kabelsalat"),
    ("rheinblick58 · 14.03.2026, 08:02\nBei uns genau dasselbe.", "rheinblick"),
    ("netzoptimist\nDE · 4 Bewertungen\nGeht so.", "netzoptimist"),
    ("DerSchlaueMeier Mitglied seit: 01.02.2024 Beiträge: 57 Beitrag #4", "DerSchlaueMeier"),
])
def test_context_cues(text, secret):
    assert secret not in _out(text)


@pytest.mark.parametrize("handle", ["@Unitymedia", "@telekom_hilft", "@DB_Bahn",
                                    "@Vattenfall_DE", "@vodafone_service"])
def test_company_and_care_team_handles_are_public(handle):
    rules = privacy_rules()
    assert is_public_handle(handle, rules)
    text = f"{handle} antwortet nicht. Unitymedia und Vodafone auch nicht."
    assert _out(text) == text


@pytest.mark.parametrize("handle", ["@o2_Service_Katrin", "@Kalle_aus_Urbach", "@moabit_mo",
                                    "@Realist1965"])
def test_a_person_in_a_handle_makes_it_private(handle):
    assert not is_public_handle(handle, privacy_rules())
    assert handle[1:] not in _out(f"{handle} schreibt.")


def test_company_accounts_named_in_the_page_stay():
    text = ("Sky_Hilfe_Team ✔ Offizieller Unternehmensaccount · 19.02.2026\n"
            "Servus, wir kümmern uns. Beste Grüße, Stefan vom Sky Service\n"
            "@Sky_Hilfe_Team danke. Das Abo bei Sky läuft weiter.")
    out = _out(text)
    assert "Sky_Hilfe_Team" in out and "bei Sky läuft" in out and "Sky Service" in out
    assert "Stefan" not in out


def test_byline_policy():
    """Codebook §7: journalists' bylines and author boxes stay (published authorship), also
    elsewhere in the page; public figures in their role stay; readers quoted and a photographer
    in an image credit are private (§7.2)."""
    text = ("Von Petra Schulte-Hovenbeck\n"
            "Leserin Hatice Demir aus Porz schreibt: Niemand kam.\n"
            "Foto: Marek Hollstein/dpa\n"
            "Verbraucherschutzsenatorin Dagmar Kühnel-Osei fordert Aufklärung.\n"
            "Schulte-Hovenbeck fragte nach.\n"
            "Petra Schulte-Hovenbeck\nRedakteurin im Ressort Wirtschaft.\n"
            "Ein Bericht von Konstantin Weber-Aksoy und Ngoc Anh Trần · 5 Min.")
    out = _out(text)
    for public in ("Von Petra Schulte-Hovenbeck", "Dagmar Kühnel-Osei",
                   "Schulte-Hovenbeck fragte", "Konstantin Weber-Aksoy", "Ngoc Anh Trần"):
        assert public in out, public
    assert "Hatice" not in out and "Demir" not in out
    assert "Hollstein" not in out  # a photographer in a credit is private (§7.2, image credits)


def test_ids_are_pseudonymised_like_text_and_stable():
    stem = "Beschwerde_Jürgen_Weißmüller"
    new = pseudonymise_id(stem, KEY)
    assert new.startswith("Beschwerde_Person_") and "Jürgen" not in new
    assert new == pseudonymise_id(stem, KEY)
    # the same person in a text gets the same pseudonym
    assert new.split("_", 1)[1] in _out("Jürgen Weißmüller ruft an.")
    mail = pseudonymise_id("max.mustermann@web.de", KEY)
    assert "mustermann" not in mail and mail == pseudonymise_id("max.mustermann@web.de", KEY)
    assert pseudonymise_id("002_298609f3879511e1", KEY) == "002_298609f3879511e1"
    assert pseudonymise_id(stem, None) == stem  # --no-pseudonymise


def test_error_messages_quote_no_private_value():
    row = pseudonymise_error({"path": "export.csv:14", "problem":
                              "repeated id 'max.mustermann@web.de' (first in export.csv:3)"}, KEY)
    assert "mustermann" not in row["problem"] and row["problem"].startswith("repeated id 'E-Mail_")
    row = pseudonymise_error({"path": "Beschwerde_Jürgen_Weißmüller.csv:2", "problem":
                              "unreadable date 'Anruf von Jürgen Weißmüller' in column 'date'"},
                             KEY)
    assert "Weißmüller" not in row["path"] + row["problem"]
    assert row["problem"].endswith("in column 'date'")


def test_no_private_name_through_file_names_in_any_table(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "Beschwerde_Jürgen_Weißmüller.txt").write_text(
        "Seit Wochen kein Internet bei Vodafone.\n", encoding="utf-8")
    (folder / "Anruf_Zofia_Wiśniewska.txt").write_bytes(b"\x00\x01\x02binary\x00")
    corpus = build_corpus(folder, key=KEY, on_error="skip")
    for name, df in corpus.tables().items():
        blob = df.astype(str).to_string()
        for secret in ("Jürgen", "Weißmüller", "Zofia", "Wiśniewska"):
            assert secret not in blob, (name, secret)
    assert len(corpus.errors) == 1
    with pytest.raises(CorpusInputError) as exc:
        build_corpus(folder, key=KEY)
    assert "Wiśniewska" not in str(exc.value)


def _assert_target(scores) -> None:
    totals = overall(scores.recall, "n", "found").groupby("kind")[["n", "found"]].sum()
    for kind in PII_KINDS:
        if kind in totals.index:
            n, found = totals.loc[kind, "n"], totals.loc[kind, "found"]
            assert found / n >= TARGET_RECALL, (kind, int(found), int(n))
    assert scores.leaks.empty
    public = scores.public
    assert public.loc[public["kind"].isin(["company", "care_team"]), "replaced"].sum() == 0


def test_dev_families_pii_recall_reaches_the_issue_target():
    """Every family's development pages (held-out pages left out), companies and care teams
    kept. The family 'social' was held out for privacy until the rules of branch privacy2:
    scored once as held out it had usernames 6/13 (dotted Instagram names, usernames shown
    without any cue), names 21/23, a full-name leak, 3 of 10 company names and 1 of 4 care
    teams replaced ('Meta', '@ikea_deutschland'). Its pages were then read to write those
    rules, so its figures are in-sample from now on (codebook §7.2); the held-out privacy
    check is the ``*_heldout_*`` pages."""
    _assert_target(score_privacy(families(), key=KEY))


def test_the_shipped_exception_lists_are_sourced():
    for name in ("given_names.csv", "given_name_exceptions.csv", "privacy_public.csv"):
        from importlib import resources

        path = resources.files("servicelab.data").joinpath(name)
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and all(r["source"].strip() for r in rows), name


def test_families_exist_for_the_recall_test():
    assert "social" in set(families())


def test_id_column_values_and_their_errors_show_no_private_data(tmp_path, monkeypatch):
    from servicelab.engines import build, read_table
    from servicelab.inputs import TableOptions

    monkeypatch.setenv("SERVICELAB_PSEUDONYM_KEY", KEY.decode())
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "text", "date"])
        w.writeheader()
        w.writerows([
            {"id": "max.mustermann@web.de", "text": "Kein Internet.", "date": "2026-01-02"},
            {"id": "max.mustermann@web.de", "text": "Immer noch nicht.", "date": "2026-01-03"},
            {"id": "Jürgen_Weißmüller", "text": "Paket fehlt.",
             "date": "Anruf von Jürgen Weißmüller"},
            {"id": "erika.musterfrau@gmx.de", "text": "Rechnung falsch.", "date": "2026-01-04"},
        ])
    options = TableOptions(text_column="text", id_column="id", date_column="date")
    with pytest.raises(CorpusInputError) as exc:
        build(path, tmp_path / "out0", options=options)
    assert "mustermann" not in str(exc.value) and "repeated id 'E-Mail_" in str(exc.value)
    build(path, tmp_path / "out", options=options, on_error="skip")
    for name in ("documents", "segments", "sentences", "errors"):
        blob = read_table(tmp_path / "out", name).astype(str).to_string()
        for secret in ("mustermann", "musterfrau", "Jürgen", "Weißmüller"):
            assert secret not in blob, (name, secret)
    assert len(read_table(tmp_path / "out", "errors")) == 2


def test_held_out_pages_are_left_out_by_default_and_loaded_apart():
    from servicelab.devcorpus import held_out_families, is_held_out, load_dev_gold
    from servicelab.privacy_eval import score_privacy

    dev, held = load_dev_gold(), load_dev_gold(held_out=True)
    assert not dev["page_id"].map(is_held_out).any()
    assert held["page_id"].map(is_held_out).all() and len(held) > 0
    assert set(held["family"]) <= set(held_out_families())
    # every held-out page has gold for the layers a page needs (social posts have no title)
    for page, rows in held.groupby("page_id"):
        assert {"segment", "furniture", "pii", "public"} <= set(rows["layer"]), page
    assert len(load_dev_gold(held_out=None)) == len(dev) + len(held)
    with pytest.raises(ValueError):
        score_privacy(pages="test")


@pytest.mark.parametrize("page, badge", [
    ("Dragan_Essen\nNetzwerker\nam 05.06.2024 20:48\nDas klappt.", "Netzwerker"),
    ("alter_Hase_Kai\nCommunity-Mentor\n08.01.2025 20:05\nProbier es so.", "Community-Mentor"),
    ("Dr. Ayşe Güneş-Baumann\nRechtsanwältin\nNachfrage | 07.05.2024", "Rechtsanwältin"),
])
def test_a_badge_line_under_an_author_line_stays(page, badge):
    out = _out(page)
    assert badge in out and "Person_" in out.split("\n")[0]


def test_privacy_scores_one_sessions_held_out_pages_apart():
    from servicelab.devcorpus import held_out_families
    from servicelab.privacy_eval import score_privacy

    fams = held_out_families()
    h3 = score_privacy(fams, pages="held_out:h3").recall
    every = score_privacy(fams, pages="held_out").recall
    assert h3["held_out"].all() and 0 < h3["n"].sum() < every["n"].sum()
    with pytest.raises(ValueError, match="held_out:<session>"):
        score_privacy(fams, pages="heldout")
