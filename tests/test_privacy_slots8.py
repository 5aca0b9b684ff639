"""Round eight: names found by the slot they stand in (``servicelab.name_slots``), not by a
list — nicknames and names on no list in chat logs, decorated display names, mail headers,
profile addresses, greetings and thanks. Every sentence is written here (none is from a page
set); each name below is on no given-name list or stands in a form the lists miss, so each
test failed before the slot existed."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicelab.privacy import pseudonymise_text
from servicelab.privacy_eval import score_pages

KEY = b"k" * 32
STRESS = Path(__file__).parent / "fixtures" / "privacy_stress8"


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


@pytest.mark.parametrize(("text", "name"), [
    # the speaker of a pasted chat log line
    ("Hier der Verlauf:\n[21:15] Wuschi: hat jemand die Hotline-Nummer?\n"
     "[21:16] Kundenservice: Bitte warten.", "Wuschi"),
    ("03.02.26, 07:58 - Quappi: Paket ist schon wieder weg", "Quappi"),
    # a display name between decorations, or before an emoji, above the post's age
    ("Vertrag gekündigt?\n\n♥ Flauschi ♥\nvor 2 Tagen\nJa, per Einschreiben.", "Flauschi"),
    ("Frage.\n\nHasi 🐰\nvor 6 Stunden\nBei mir auch.", "Hasi"),
    ("Frage.\n\n✦ Quappi ✦\n3 Std.\nBei mir auch.", "Quappi"),  # a short age: "3 Std."
    # a sender or recipient field of a quoted mail header
    ("Von: Fluppi\nAn: Zentrale\nBetreff: Rechnung\n\nSchick das mal weiter.", "Fluppi"),
    # the owner of the device in a mail footer ("Fridolins": a given name in the genitive)
    ("Kannst du das bitte prüfen?\n\nGesendet von Fridolins iPad", "Fridolins"),
    # an account in a social profile address
    ("Die Fotos vom Schaden sind auf facebook.com/hanne.wiegand77 zu sehen.",
     "hanne.wiegand77"),
    ("Alle Links: linktr.ee/fluppi.macht.sachen", "fluppi.macht.sachen"),
    # a name that a sentence credits or thanks
    ("Das hilft, wie Mücki schon schrieb, nur schriftlich.", "Mücki"),
    ("Danke an Quappi für den Hinweis mit der Schlichtungsstelle!", "Quappi"),
    # a greeting that addresses a name on no list
    ("Hi Wuschi, hast du schon eine Antwort bekommen?", "Wuschi"),
    # a copyright holder that is a person: the private blog's owner
    ("Mein Ärger mit dem Router\n\nGreta Ohlendiek\n© 2025 Greta Ohlendiek · Impressum",
     "Greta Ohlendiek"),
])
def test_a_name_in_its_slot_is_replaced(text: str, name: str) -> None:
    assert name not in _out(text)


def test_an_initial_with_a_diacritic_after_a_title_is_one_person() -> None:
    out = _out("Rückruf an Frau Ç. Demirtaş erledigt.")
    assert "Demirtaş" not in out and "Ç." not in out
    assert out.count("Person_") == 1, out


def test_a_numbered_nickname_leaves_the_sentence_full_stop() -> None:
    """"lotti.1977" makes "Lotti" a form of the same person; the full stop after "Lotti" is
    the sentence's (the stem "lotti." had swallowed it)."""
    out = _out("lotti.1977 schrieb am 3.5.:\nBei mir auch.\n\nDanke, Lotti. Bis bald.")
    assert "otti" not in out and ". Bis bald." in out


@pytest.mark.parametrize("text", [
    "Hier der Verlauf:\n[10:02] Telekom hilft: Wir melden uns.\n[10:05] Kundenservice: Bitte "
    "warten.",  # a team speaks in the chat
    "[08:15] Zalando-Bot: Wie kann ich helfen?\n[08:16] Du: Retoure fehlt",  # a firm's bot
    "Von: Vodafone Kundenservice <service@vodafone.example>\nBetreff: Ihre Anfrage\n\nHallo.",
    "Beispiel: instagram.com/p/Cx12ab und instagram.com/telekom",  # a post, a firm's account
    "Danke an Vodafone für gar nichts. Wie Sie schon sagten, es dauert.",
    "© 2024 Otto Group · Impressum",
    "Hallo Zusammen, hat jemand Erfahrung?",
    "★ Fazit ★\nvor 2 Tagen\nAm Ende kam das Paket doch.",  # a heading word, not a name
])
def test_firms_teams_words_and_badges_in_those_slots_stay(text: str) -> None:
    assert _out(text) == text


def test_a_decorated_badge_under_the_author_line_stays() -> None:
    out = _out("Rike_Z\nSuper-User ★\n01.02.2026 10:00\nDas Ticket ist raus.")
    assert "Rike_Z" not in out and "\nSuper-User ★\n" in out


def test_the_stress_set_is_fully_pseudonymised_and_keeps_its_public_names() -> None:
    """Our own page set with the shapes no page set had (tests/fixtures/privacy_stress8):
    every private detail found, every company, team and public figure kept, no full name
    left (before the slots: 26 of 35 found, one full name left)."""
    s = score_pages(STRESS)
    assert s.missed.empty, s.missed[["page_id", "kind"]].to_string()
    assert int(s.public["kept"].sum()) == int(s.public["n"].sum())
    assert s.leaks.empty


def test_a_firms_page_in_a_profile_address_stays() -> None:
    text = "Schreibt lieber an facebook.com/dbbahn, das Team dort antwortet schneller."
    assert _out(text) == text


# second pass, after the h6 pages were scored with the slots above (their errors read: these
# rules are in-sample on h6); the sentences are written here


def test_a_display_name_with_an_emoji_before_a_private_handle_is_replaced() -> None:
    out = _out("Schon wieder.\nBahnfrust 🚆 @bahnfrust_hb · 4. Dez.\nAntwort an @mira_k\nJa.")
    assert "Bahnfrust" not in out and "bahnfrust_hb" not in out


def test_a_display_name_before_a_firms_handle_stays() -> None:
    text = "Telekom hilft 💬 @telekom_hilft · 4. Dez.\nHallo, wir schauen nach."
    assert _out(text) == text


def test_fraeulein_is_a_title_like_frau() -> None:
    out = _out("Veröffentlicht von Fräulein Zwirnsfaden · 3 Kommentare")
    assert "Zwirnsfaden" not in out and "Fräulein Person_" in out


@pytest.mark.parametrize(("text", "kept"), [
    # a byline opened by "Ein Beitrag von": published authorship stays readable
    ("Ein Beitrag von Henrike Albersmeyer, Redakteurin Verbraucher. Albersmeyer fragte nach.",
     "Henrike Albersmeyer"),
])
def test_public_roles_and_bylines_stay(text: str, kept: str) -> None:
    assert kept in _out(text)


def test_a_clubs_chair_is_no_public_role() -> None:
    """A guard (passes on the old code too): a club's chair named in a local report is a
    private person (the GermEval tuning half has one); a broad "vorsitzende" role word,
    tried in this round, kept such names readable and was dropped."""
    out = _out("Der Verein feiert, sagt die Vorsitzende Ilka Dombrowski-Nehls.")
    assert "Dombrowski-Nehls" not in out


def test_a_community_greeted_by_its_plural_nickname_stays() -> None:
    """Found on the bench pages (real texts, no gold): "Liebe Cloudys," greets a forum's
    members; a word on no list with a plural "s" is no person's name."""
    text = "Liebe Wolkigs, wer kommt am Samstag mit?"
    assert _out(text) == text


@pytest.mark.parametrize("text", [
    "Mehr Bilder: https://www.instagram.com/kaddi_naeht/ (Story vom Montag)",
    "Sein Beitrag: facebook.com/jorin.albrecht.52/posts/1234567",
])
def test_an_account_before_a_slash_or_a_further_path_is_replaced(text: str) -> None:
    out = _out(text)
    assert "kaddi_naeht" not in out and "jorin.albrecht" not in out


@pytest.mark.parametrize("text", [
    "Siehe facebook.com/profile.php?id=100012345 für Details.",
    "Termin: https://www.facebook.com/events/4455667788/ und facebook.com/4455667788",
    "Geteilt über twitter.com/intent/tweet?text=Paket",
])
def test_a_platforms_page_kind_script_or_number_is_no_account(text: str) -> None:
    assert _out(text) == text


def test_a_page_set_without_its_page_is_one_clear_error(tmp_path: Path) -> None:
    from servicelab.errors import CorpusInputError

    (tmp_path / "gold.tsv").write_text("page\tlayer\tkind\tquote\tshape\nx\tpii\tname\tJo\t\n",
                                       encoding="utf-8")
    with pytest.raises(CorpusInputError, match="x.txt"):
        score_pages(tmp_path)
