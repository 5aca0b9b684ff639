"""Issue 15 round four, anchoring: invented sentences for the two tagger readings added
this round (each failed on the rules before it)."""

from __future__ import annotations

from datetime import date

from servicelab import timex


def tagged(text: str, dct: date | None = None) -> list[tuple[str, str, str]]:
    return [(t.text, t.value, t.mod) for t in timex.tag(text, dct=dct)]


def test_a_hedged_part_of_day_keeps_its_hedge():
    assert ("gegen Abend", "TEV", "APPROX") in tagged("Der Monteur kam erst gegen Abend.")
    assert ("Abend", "TEV", "") in tagged("Der Monteur kam erst am Abend.")


def test_the_same_deictic_phrase_names_the_year_the_post_writes_after_it():
    got = tagged("Das neue Jahr fängt mit Ausfällen an. Wir feiern das neue Jahr 2017 trotzdem.")
    assert got[0] == ("neue Jahr", "2017", "")


def test_without_the_year_written_the_phrase_stays_unknown():
    assert tagged("Das neue Jahr fängt mit Ausfällen an.") == [("neue Jahr", "XXXX", "")]


def test_two_different_years_after_the_phrase_decide_nothing():
    got = tagged("Das neue Jahr fängt an. Das neue Jahr 2017 oder das neue Jahr 2018?")
    assert got[0] == ("neue Jahr", "XXXX", "")


def test_a_date_before_the_phrase_still_anchors_it():
    got = tagged("Am 2.1.2015 schrieb ich: das neue Jahr beginnt. Gutes neue Jahr 2017!")
    assert ("neue Jahr", "2015", "") in got


def test_a_range_of_working_days_converts_both_ends():
    got = tagged("Die Karte kommt in drei bis fünf Werktagen.")
    assert got == [("drei", "P4.2D", ""), ("fünf Werktagen", "P7D", "")]


def test_a_forum_byline_outside_the_body_still_dates_the_post():
    from servicelab import timeline
    from servicelab import timex_evaluation as te

    text = ("Beitrag von nutzer12 » 12.01.2016, 09:14\n"
            "Im November bestellt, am vergangenen Mittwoch kam die Absage.")
    t = timeline.build_tables(te.texts_corpus({"d": text}))["timex"]
    got = dict(zip(t["text"], t["value"], strict=True))
    # the byline is no segment, but its date is tagged as a header expression (round seven:
    # the held-out gold labels header dates and stamps), without a sentence
    assert got == {"12.01.2016": "2016-01-12", "09:14": "T09:14", "November": "2015-11",
                   "vergangenen Mittwoch": "2016-01-06"}
    assert t.loc[t["text"] == "12.01.2016", "sentence_id"].isna().all()
