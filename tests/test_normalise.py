from hypothesis import given
from hypothesis import strategies as st

from servicelab.normalise import normalise_text, repair_mojibake


def test_mojibake_repaired():
    assert repair_mojibake("GrÃ¼ÃŸe aus KÃ¶ln") == "Grüße aus Köln"


def test_quotes_dashes_spaces_zero_width():
    raw = "„Hallo“ sagte er\u00a0\u00a0– geht’s?\u200b\r\n\n\n\n   Nächste\tZeile  "
    assert normalise_text(raw) == "\"Hallo\" sagte er – geht's?\n\nNächste Zeile"


def test_nfc():
    decomposed = "Mu\u0308ller"
    assert normalise_text(decomposed) == "Müller"


def test_emoji_kept():
    assert normalise_text("super 👍🏽 😉") == "super 👍🏽 😉"


@given(st.text())
def test_idempotent(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
