"""privacy13: private details the h10 pages showed by their structure (e-mails spelled with a
bare "at", a mailing list's signature names, staff initials after "^", a surname after "i.A.",
a chat export's speaker nickname), and the public names beside them that must stay (a firm's
mailbox at its own domain, a second journalist in a byline, a
firm page's business line, a user group's name). Every line here is invented."""

import pytest

from servicelab.contact_details import email_spans
from servicelab.privacy import is_team_address, privacy_rules, pseudonymise_text

KEY = b"privacy13-test-key-0123456789"


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


# --- e-mails spelled with a bare separator word -------------------------------------------------

@pytest.mark.parametrize(("line", "address"), [
    ("Von: Quirin Obermaier  quirin.obermaier at mailbox.example\nDatum: Fr",
     "quirin.obermaier at mailbox.example"),
    ("Schreibt mir an qo at obermaier-net.example.", "qo at obermaier-net.example"),
    ("oder an quirin at obermaier dot example bitte", "quirin at obermaier dot example"),
    # a mailbox's usual name is no prose word here: a private site's contact address
    ("Impressum: kontakt at quirins-kueche.example", "kontakt at quirins-kueche.example"),
])
def test_an_address_spelled_with_at_is_found(line: str, address: str) -> None:
    assert [line[a:b] for a, b in email_spans(line)] == [address]
    assert address not in _out(line)


@pytest.mark.parametrize("line", [
    "Wir waren at home, sagt man auf Denglisch.",  # no domain after it
    "Look at Example.com for details",  # a capitalised word is no local part
    "you should look at example.com for details",  # an English word is prose
    "Treffen um 18 Uhr at the Bahnhof.",
])
def test_prose_with_at_is_no_address(line: str) -> None:
    assert email_spans(line) == []


def test_the_separator_words_are_rules() -> None:
    from servicelab.contact_details import SpelledEmailRules, spelled_email_spans

    line = "schreib an quirin chez obermaier.example"
    assert spelled_email_spans(line) == []
    assert spelled_email_spans(line, SpelledEmailRules(at_words=("chez",))) == [(11, len(line))]


def test_a_firms_mailbox_spelled_out_at_its_own_domain_stays() -> None:
    rules = privacy_rules()
    assert is_team_address("kundenbetreuung at o2online.example", rules)
    assert not is_team_address("quirin at obermaieronline.example", rules)
    out = _out("Von: o2 Kundenbetreuung  kundenbetreuung at o2online.example\nDatum: Mi")
    assert "kundenbetreuung at o2online.example" in out


def test_a_social_media_mailbox_at_a_firms_domain_stays() -> None:
    line = "Schreiben Sie an service-social@xxxlutz.example, wir melden uns."
    assert "service-social@xxxlutz.example" in _out(line)
    assert "quirin-social@mailbox.example" not in _out(
        "Schreiben Sie an quirin-social@mailbox.example, danke.")


# --- names the page's structure marks -----------------------------------------------------------

def test_a_signature_name_on_a_mailing_list_leaves_no_trace() -> None:
    """The signature's given name was replaced already; the spelled address beside the
    sender kept it readable ("quirin.obermaier at …")."""
    page = ("Von: Quirin Obermaier  quirin.obermaier at mailbox.example\nDatum: Fr 4 Dez\n"
            "Hallo Liste,\n\nder Router spinnt wieder.\n\nGruß\nQuirin\n\n-- \nQuirin Obermaier\n")
    out = _out(page).lower()
    assert "quirin" not in out and "obermaier" not in out


def test_staff_initials_after_a_caret_are_replaced() -> None:
    line = '"Die Störung ist behoben, wir bitten um Entschuldigung. ^QX"'
    assert "^QX" not in _out(line)
    assert "QX" in _out("Der Tarif QX kostet mehr.")  # no caret: an acronym


def test_a_surname_after_i_a_is_replaced() -> None:
    line = "Mit freundlichen Grüßen, Ihr Putzblitz Service-Team, i.A. Wendrowski"
    out = _out(line)
    assert "Wendrowski" not in out
    assert "Putzblitz Service-Team" in out


def test_a_chat_export_speaker_nickname_is_replaced() -> None:
    chat = ("[03.12.26, 08:10] Quaxi 12 OG: Die Heizung ist wieder kalt.\n"
            "[03.12.26, 08:12] Frau Obermaier: Bei uns auch.\n"
            "[03.12.26, 08:15] Quaxi 12 OG hat die Gruppe verlassen\n")
    out = _out(chat)
    assert "Quaxi" not in out
    assert "Frau" in out  # a title opens a slot but is no name


# --- public names beside them -------------------------------------------------------------------

def test_both_journalists_of_a_byline_stay() -> None:
    line = "Von Selin Qaradag und Mark Kowalczyk\nBochum. Das Netz fiel aus."
    out = _out(line)
    assert "Selin Qaradag" in out and "Mark Kowalczyk" in out


def test_a_firm_pages_business_line_stays_and_a_commenters_does_not() -> None:
    page = ("Trattoria Da Quirino Bielefeld Autor Hanne Obermaier Ja, bis 14 Uhr! Einfach "
            "anrufen unter 0521 555 7781. 10 Min. Gefällt mir Antworten Hanne Obermaier "
            "Danke, oder ruft mich an: 0521 555 3412")
    out = _out(page)
    assert "0521 555 7781" in out
    assert "0521 555 3412" not in out
    mobile = "Trattoria Da Quirino Bielefeld Autor Ruf Quirino an: 0171 5557781"
    assert "0171 5557781" not in _out(mobile)


def test_a_user_group_is_no_person() -> None:
    line = "Listenarchiv der Linux User Group Bielefeld\nHallo"
    assert "User Group Bielefeld" in _out(line)
    assert "Quirin" not in _out("Ein User Quirin Obermaier meinte, das geht.")
