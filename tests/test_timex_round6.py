"""Issue 15 round six: anchoring (``servicelab.timex``). Every sentence is invented for this
file; each case failed on the rules before this round."""

from __future__ import annotations

import pytest

from servicelab import timex_evaluation as te
from servicelab.timex import tag_corpus


def values(text: str) -> dict[str, str]:
    table, _ = tag_corpus(te.texts_corpus({"d": text}))
    return dict(zip(table["text"], table["value"], strict=True))


@pytest.mark.parametrize("text, stamp, value", [
    ("Kundin · vor 3 Tagen · 04.06.2025\nDer Techniker kam gestern wieder nicht.",
     "vor 3 Tagen", "2025-06-04"),
    ("Nutzer · vor 2 Stunden · 01.06.2025, 21:58\nSeit dem Abend kein Netz.",
     "vor 2 Stunden", "2025-06-01T21:58"),
])
def test_a_relative_stamp_before_a_full_date_takes_that_date(text, stamp, value):
    assert values(text)[stamp] == value


def test_a_past_clause_with_a_long_verb_bracket_puts_a_later_month_in_the_year_before():
    text = ("Leipzig, 17.03.2025\n\nIch habe im November über ein Vergleichsportal zur "
            "kleinen Stromfirma Nord gewechselt.")
    assert values(text)["November"] == "2024-11"
