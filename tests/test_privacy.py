import re

from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab import privacy
from servicelab.privacy import pseudonym, pseudonymise_text


def test_phone_email_address_replaced():
    text = ("Anschluss 0228-622243, Hotline 0800 33 03000, Mail an max.muster@example.de, "
            "wohnhaft Ettighoffer Straße 26 A und Filiale in der Rochusstraße 198.")
    out = pseudonymise_text(text).text
    for secret in ("0228-622243", "0800 33 03000", "max.muster@example.de", "Ettighoffer",
                   "Rochusstraße 198"):
        assert secret not in out
    assert "[Telefon_" in out and "[E-Mail_" in out and "[Adresse_" in out


def test_prices_dates_versions_untouched():
    text = "Am 4.8.2006 für 149,99 Euro, USB 2.0, am 30.12.2014 um 16 Uhr, Filiale 9949207."
    assert pseudonymise_text(text).text == text


def test_handles_and_their_bare_mentions_share_a_pseudonym():
    text = "@kaule Danke. @Kaule, sorry. Wie kaule schon sagte; pdaether und @pdaether."
    out = pseudonymise_text(text).text
    assert "kaule" not in out.lower() and "pdaether" not in out
    p = pseudonym("person", "kaule")
    assert out.count(p) == 3


def test_company_handles_and_public_figures_kept():
    text = "@telekom_hilft antwortet. Sascha Lobo schreibt. Daniel Kempkens wartet."
    out = pseudonymise_text(text).text
    assert "@telekom_hilft" in out and "Sascha Lobo" in out
    assert "Kempkens" not in out


def test_full_name_then_first_name_alone():
    out = pseudonymise_text("Sven Kaulfuß hilft. Und Sven hat sich ins Zeug gelegt.").text
    assert "Sven" not in out
    assert out.count(pseudonym("person", "sven kaulfuß")) == 2


def test_titles_and_forum_users():
    out = pseudonymise_text("Herr Glaser meldet sich. Der User (anonym) destiny44 fragt; "
                            "destinys Post.").text
    assert "Glaser" not in out and "destiny" not in out


def test_stable_across_calls():
    assert pseudonymise_text("@Mike: hallo").text == pseudonymise_text("@Mike: hallo").text


# The full-name scan skips the ``\b`` of the plain pattern for speed; it must find exactly what
# ``finditer`` of ``\b(<names>) (<surname>)\b`` finds (names inside words, names run together,
# hyphenated surnames, umlauts).
_WORDS = ["Peter", "Andrea", "Andreas", "Anna", "Müller", "Schmidt-Meier", "Kaule", "Der",
          "XPeter", "Peter_", "3Anna", "üAndreas", "Özdemir", "Übel", "x"]
_SEPARATORS = [" ", " ", " ", "", "-", ". ", "\n"]


@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), max_size=10))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_full_name_scan_equals_the_word_boundary_pattern(pairs):
    text = "".join(word + sep for word, sep in pairs)
    names = "|".join(sorted(privacy._given_names(), key=len, reverse=True))
    reference = re.compile(rf"\b({names}) ({privacy._SURNAME})\b")
    assert list(privacy._full_names(text)) == [m.groups() for m in reference.finditer(text)]
