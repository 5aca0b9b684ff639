"""A firm named after its owner stays readable; the owner as a person is still replaced
(issue 15 round five: companies stay readable in every table)."""

from servicelab.privacy import privacy_rules, pseudonymise_text

KEY = b"test-key-not-a-secret-0123456789"


def test_a_firm_alone_is_untouched():
    text = "Die Zimmerei Brandtner GmbH hat das Dach undicht gelassen."
    assert pseudonymise_text(text, KEY).text == text


def test_the_same_surname_of_a_person_is_still_replaced():
    text = ("Die Dachdeckerei Wendrich & Söhne hat gepfuscht. Am Telefon war Frau Wendrich "
            "sehr unfreundlich, und Jana Wendrich schrieb nie zurück.")
    out = pseudonymise_text(text, KEY).text
    assert "Dachdeckerei Wendrich & Söhne" in out
    assert "Frau Wendrich" not in out and "Jana Wendrich" not in out
    assert out.count("Wendrich") == 1


def test_a_trade_word_before_a_full_personal_name_protects_nobody():
    text = "Friseur Anna Wendrich hat mir die Haare verschnitten."
    assert "Wendrich" not in pseudonymise_text(text, KEY).text


def test_without_the_hook_the_firm_name_is_replaced_as_before():
    from dataclasses import replace

    rules = replace(privacy_rules(), firm_spans=None)
    text = "Die Sanitär Wendrich GmbH kam nicht. Herr Wendrich rief an."
    assert "Wendrich" not in pseudonymise_text(text, KEY, rules).text


def test_a_lawyers_office_named_after_her_is_her_name():
    """Codebook §7 gold: a professional's practice ("Kanzlei <surname>") names the person."""
    text = "Rechtsanwältin Dr. Maren Wendrich antwortete.\nKanzlei Wendrich\nHauptweg 3"
    assert "Wendrich" not in pseudonymise_text(text, KEY).text
