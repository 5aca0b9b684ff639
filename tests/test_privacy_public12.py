"""Public names after round ten (issue 15): names that must stay readable by their structure
(a role beside the name, a firm's head, a firm's branch, a firm's mailbox, a care team's
handle), with the private look-alikes beside them still replaced."""

import pytest

from servicelab.privacy import pseudonymise_text

KEY = b"public12-test-key-0123456789"


def _out(text: str) -> str:
    return pseudonymise_text(text, KEY).text


@pytest.mark.parametrize(("text", "name"), [
    # a role, then its organisation in the genitive and a comma: an apposition names the holder
    ("Die Präsidentin der Landesmedienanstalt, Gesine Harkort, will die Fälle prüfen.",
     "Gesine Harkort"),
    ("Der Staatssekretär des Verkehrsministeriums, Torben Albrecht, schwieg dazu.",
     "Torben Albrecht"),
    # "<firm>-Chef" / "<firm>chefin": the head of a listed organisation
    ("Schreib doch gleich an Telekom-Chefin Wiebke Lorentzen, die liest sowas.",
     "Wiebke Lorentzen"),
    ("Der Flix-Chef Arvid Sönnichsen hat sich nie dazu geäußert.", "Arvid Sönnichsen"),
])
def test_a_name_in_a_public_role_stays(text: str, name: str) -> None:
    assert name in _out(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Mein Chef Arvid Sönnichsen hat nur gelacht.", "Arvid Sönnichsen"),  # no organisation
    ("Der Küchenchef Gesine Harkort kam selbst an den Tisch.", "Gesine Harkort"),
    ("Meine Nachbarin, Gesine Harkort, hat das auch erlebt.", "Gesine Harkort"),
])
def test_a_private_person_beside_a_look_alike_is_replaced(text: str, name: str) -> None:
    assert name not in _out(text)


def test_a_firm_named_after_a_person_keeps_its_branch() -> None:
    """"Trattoria Da Bruno Köln-Ehrenfeld": the trade head and particle make the firm; the
    town part after it is its branch, no surname of "Bruno"."""
    out = _out("Trattoria Da Bruno Köln-Ehrenfeld antwortete: Tut uns leid. Gruß, Bruno")
    assert "Trattoria Da Bruno Köln-Ehrenfeld" in out
    assert not out.endswith("Bruno")  # the owner's sign-off is his own name


def test_a_firms_hidden_mailbox_stays_a_persons_goes() -> None:
    out = _out("Belege bitte an info [at] lohmann-reisen.example oder an mich: "
               "jens.lohmann [at] web.example")
    assert "info [at] lohmann-reisen.example" in out and "jens.lohmann" not in out


@pytest.mark.parametrize("handle", ["@HVV_Kundendialog", "@Rossmann_Kundencenter",
                                    "@HVV_Kundendialog@mastodon.hamburg.example"])
def test_a_care_teams_customer_function_handle_stays(handle: str) -> None:
    out = _out(f"Antwort an {handle}\n{handle} danke, hat geklappt. Gruß an @jonte_k")
    assert out.count(handle) == 2 and "jonte_k" not in out


def test_a_landline_offered_as_uns_is_the_firms_a_mobile_or_mich_a_persons() -> None:
    """The speaker offers the number: "Ruf uns an unter" a business's line (codebook §7.2 h4/
    h8), "erreichen Sie mich direkt unter" a staff member's own line, a mobile a person's."""
    out = _out("Tut uns leid, da ging was schief. Ruf uns gern an unter 0421 / 66 80 31, "
               "wir klären das. Ruft uns an unter 0172 4455 901. "
               "Sie erreichen mich direkt unter 0421 66 80 377.")
    assert "0421 / 66 80 31" in out
    assert "0172 4455 901" not in out and "0421 66 80 377" not in out


def test_a_firms_mailbox_left_readable_makes_no_user_of_its_domain() -> None:
    """"info@pension-seeblick.example" is the guest house's (a trade word in the
    domain); its "@pension" is no mention, so the word "Pension" stays a word."""
    out = _out("Buchung nur über info@pension-seeblick.example. Die Pension war "
               "sauber. Gruß an @mareike_hb")
    assert "info@pension-seeblick.example" in out and "Die Pension war" in out
    assert "mareike_hb" not in out
