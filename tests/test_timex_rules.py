"""The tagger's rules are an object passed in: user files, tunables, one-line errors."""

from __future__ import annotations

import dataclasses
from importlib import resources

import pytest

from servicelab import timex
from servicelab.errors import CorpusInputError


def shipped(name: str) -> str:
    return (resources.files("servicelab") / "data" / name).read_text(encoding="utf-8")


def texts(text: str, **kwargs) -> list[tuple[str, str, str]]:
    return [(t.text, t.value, t.offset) for t in timex.tag(text, **kwargs)]


def test_a_user_word_list_replaces_the_shipped_one(tmp_path):
    mine = tmp_path / "relative.csv"
    mine.write_text(shipped("timex_relative_words.csv").rstrip("\r\n")
                    + "\nübernächste,2,rel,test\n", encoding="utf-8")
    rules = timex.TimexRules.load(relative_words=mine)
    assert ("übernächste Woche", "XXXX-WXX", "+P2W") in texts("übernächste Woche", rules=rules)
    # two rule sets side by side in one process: the shipped one is untouched
    assert texts("übernächste Woche") == []
    assert timex.default_rules() is timex.default_rules()


def test_a_tunable_is_a_field():
    text = "Bestellt am 30.12.2014. Die Umstellung sollte am Montag, den 17. Dezember sein."
    [t] = [t for t in timex.tag(text) if t.text == "Montag, den 17. Dezember"]
    assert t.value == "2012-12-17"  # a Monday within two years of 2014
    narrow = dataclasses.replace(timex.default_rules(), weekday_year_span=0)
    [t] = [t for t in timex.tag(text, rules=narrow) if t.text == "Montag, den 17. Dezember"]
    assert t.value == "2014-12-17"  # no fitting year: the nearest explicit date's year


def test_rules_are_immutable():
    rules = timex.default_rules()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.apposition_gap = 40
    with pytest.raises(TypeError):
        rules.numbers["zwei"] = 3.0


def test_a_missing_column_is_one_line(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text("word,unit\nTag,D\n", encoding="utf-8")
    with pytest.raises(CorpusInputError) as e:
        timex.TimexRules.load(units=bad)
    assert str(e.value) == f"{bad}: missing column(s) abbreviation, constructions"


def test_a_bad_row_is_one_line_naming_the_row(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text("word,unit,abbreviation,constructions\nTag,D,0,quantity\nFortnight,F,0,\n",
                   encoding="utf-8")
    with pytest.raises(CorpusInputError) as e:
        timex.TimexRules.load(units=bad)
    msg = str(e.value)
    assert msg.startswith(f"{bad}: row 3: unknown unit 'F'") and "\n" not in msg


def test_unknown_file_key_and_missing_file(tmp_path):
    with pytest.raises(ValueError, match="unknown timex rule file"):
        timex.TimexRules.load(gazetteer="x.csv")
    with pytest.raises(CorpusInputError, match="file not found"):
        timex.TimexRules.load(holidays=tmp_path / "nope.csv")


def test_every_word_list_is_read_from_a_file(tmp_path):
    # the words come from the files: an empty file (header only) removes the expression
    for key, text, expr in [("holidays", "nach Weihnachten", "Weihnachten"),
                            ("seasons", "im Sommer", "Sommer"),
                            ("period_words", "zum Jahresende", "Jahresende"),
                            ("deictic_words", "gestern", "gestern"),
                            ("adjective_suffixes", "dreitägig", "dreitägig")]:
        assert expr in [t for t, _, _ in texts(text)], key
        header = shipped(timex.rules.FILES[key][0]).splitlines()[0]
        empty = tmp_path / f"{key}.csv"
        empty.write_text(header + "\n", encoding="utf-8")
        rules = timex.TimexRules.load(**{key: empty})
        assert expr not in [t for t, _, _ in texts(text, rules=rules)], key



def test_a_misspelt_context_or_construction_is_an_error(tmp_path):
    ctx = tmp_path / "contexts.csv"
    ctx.write_text("context,word\nmonth,im\nmnth,seit\n", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"row 3: unknown context 'mnth'"):
        timex.TimexRules.load(context_words=ctx)
    units = tmp_path / "units.csv"
    units.write_text("word,unit,abbreviation,constructions\nTag,D,0,quantity evry\n",
                     encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"row 2: unknown construction 'evry'"):
        timex.TimexRules.load(units=units)


def test_rules_pickle_for_dask_workers():
    import pickle

    from servicelab import timeline

    text = "Am 3.3.2015 nachgefragt. Tags drauf: storniert! Ca. zwei Wochen später kam Geld."
    rules = pickle.loads(pickle.dumps(timex.default_rules()))
    assert rules is not timex.default_rules()
    assert timex.tag(text, rules=rules) == timex.tag(text)
    tl = pickle.loads(pickle.dumps(timeline.default_rules()))
    assert timeline.sentence_events("Tags drauf: storniert!", tl) == [("cancellation",
                                                                       "storniert")]
