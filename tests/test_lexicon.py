"""The German rules of the lexicon scorer, one test (at least) per rule, plus the data files."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.lexicon import (
    SentimentLexicon,
    analyse,
    emoticons,
    explain,
    gpl_entries,
    intensifiers,
    lexicon_score,
    load_lexicon,
    negation_words,
    sentiws_entries,
    tokenize,
)


@pytest.fixture(scope="module")
def sws():
    return load_lexicon("sentiws")


@pytest.fixture(scope="module")
def gpl():
    return load_lexicon("gpl")


def total(text, lex, **kw):
    return analyse(text, lex, **kw).total


# --- the lexicons themselves --------------------------------------------------------------

def test_sentiws_is_read_from_gersent_data():
    e = sentiws_entries()
    assert len(e) > 30_000  # SentiWS v2.0 with inflections: ~34k forms
    assert e["polarity"].between(-1, 1).all()
    assert set(e["source"].str.contains("SentiWS")) == {True}


def test_gpl_is_read_from_textblob_de_xml_without_importing_it():
    import sys

    e = gpl_entries()
    assert len(e) > 5_000
    assert (e["polarity"] != 0).all()
    assert "textblob_de" not in sys.modules


def test_lexicon_known_words(sws, gpl):
    assert sws.exact("gut") > 0 and sws.exact("schlecht") < 0
    assert gpl.exact("gut") > 0 and gpl.exact("schlecht") < 0
    with pytest.raises(ValueError):
        load_lexicon("vader")


@pytest.mark.parametrize("name", ["negation.csv", "intensifiers.csv", "emoticons.csv"])
def test_word_lists_have_a_source_column(name):
    text = resources.files("servicelab").joinpath("data", "sentiment", name).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows and all(r["source"].strip() for r in rows)


# --- negation -------------------------------------------------------------------------------

def test_nicht_gut_is_negative(sws, gpl):
    for lex in (sws, gpl):
        assert total("Das ist gut.", lex) > 0
        assert total("Das ist nicht gut.", lex) < 0


def test_kein_problem_is_positive(sws, gpl):
    for lex in (sws, gpl):
        assert total("Das ist ein Problem.", lex) < 0
        assert total("Kein Problem.", lex) > 0


def test_keine_hilfe_is_negative(sws):
    assert total("Hilfe vom Support.", sws) > 0
    assert total("Keine Hilfe vom Support.", sws) < 0


def test_kein_np_negation_uses_the_polar_head_noun(sws):
    # "kein großes Problem" is not a problem; the adjective does not carry the negation
    assert total("Das ist kein großes Problem.", sws) > 0
    # "keine gute Idee": the head noun is not polar, so the adjective is negated
    assert total("Das ist keine gute Idee.", sws) < 0


def test_post_verbal_negation(sws):
    assert total("Der Service hilft mir.", sws) > 0
    assert total("Der Service hilft mir nicht.", sws) < 0
    assert total("Das gefällt mir nicht.", sws) < 0


def test_nicht_schlecht_is_only_mildly_positive(sws):
    assert 0 < total("nicht schlecht", sws) < abs(total("schlecht", sws))


def test_negation_scope_ends_at_clause_boundary(sws):
    # "nicht" belongs to the first clause; "gut" after "aber" stays positive
    a = analyse("Das hilft nicht, aber es ist gut.", sws)
    gut = [h for h in a.hits if h.token == "gut"][0]
    assert not gut.negated and gut.value > 0


def test_kaum_is_a_weak_negator(sws):
    plain = total("Das ist hilfreich.", sws)
    kaum = total("Das ist kaum hilfreich.", sws)
    assert plain > 0 > kaum
    assert abs(kaum) < abs(plain)
    assert negation_words()["kaum"] < 1


# --- intensifiers and downtoners --------------------------------------------------------------

def test_sehr_intensifies(sws):
    assert total("Das ist sehr gut.", sws) > total("Das ist gut.", sws) > 0
    assert total("Das ist sehr schlecht.", sws) < total("Das ist schlecht.", sws) < 0


def test_ziemlich_intensifies_moderately(sws):
    gut = total("Das ist gut.", sws)
    assert gut < total("Das ist ziemlich gut.", sws) < total("Das ist sehr gut.", sws)
    assert intensifiers()["ziemlich"] < intensifiers()["sehr"]


def test_downtoner_weakens(sws):
    assert 0 < total("Das ist etwas gut.", sws) < total("Das ist gut.", sws)


def test_intensifier_that_is_also_a_polar_word(sws):
    # "super" modifies the next polar word, but alone it is itself positive
    assert total("super", sws) > 0
    a = analyse("super freundlich", sws)
    assert [h.token for h in a.hits] == ["freundlich"] and a.hits[0].factor > 1


def test_negated_intensified(sws):
    assert total("Der Service war nicht sehr freundlich.", sws) < 0


# --- inflection and compounds --------------------------------------------------------------------

def test_suffix_fallback_for_inflected_forms(gpl):
    # the German Polarity Lexicon lists base forms only
    assert gpl.exact("schlechtesten") is None
    value, how = gpl.lookup("schlechtesten")
    assert value < 0 and how == "suffix"
    value, how = gpl.lookup("gute")
    assert value > 0 and how == "suffix"


def test_compound_fallback(sws):
    assert sws.exact("Servicekatastrophe") is None
    value, how = sws.lookup("Servicekatastrophe")
    assert value < 0 and how == "compound"
    value, how = sws.lookup("Cyberport-Hölle")
    assert value < 0 and how == "compound"


def test_unknown_words_stay_unknown(sws):
    assert sws.lookup("Festplatte") is None
    assert sws.lookup("xyzqwv") is None


def test_names_urls_and_numbers_are_not_scored(sws):
    a = analyse("Person_16de88 schrieb http://gut.de/schlecht am 12.3.", sws)
    assert a.hits == []


# --- exclamation, emoticons, emoji --------------------------------------------------------------

def test_exclamation_amplifies(sws):
    assert total("Das ist schlecht!!!", sws) < total("Das ist schlecht!", sws) \
        < total("Das ist schlecht.", sws) < 0
    # amplification is capped at three marks
    assert total("schlecht!!!", sws) == pytest.approx(total("schlecht!!!!!!", sws))


def test_exclamation_does_not_create_polarity(sws):
    assert total("Die Festplatte!!!", sws) == 0


def test_emoticons_and_emoji(sws):
    sad = lexicon_score("Danke für nichts :(", "sentiws")
    assert sad < lexicon_score("Danke für nichts", "sentiws")
    assert total(":-)", sws) > 0 and total(":(", sws) < 0
    assert total("🙂", sws) > 0 and total("😡", sws) < 0
    assert total("👍🏻", sws) >= 0
    assert emoticons()["😉"] < emoticons()["🙂"]


def test_emoticon_is_one_token():
    kinds = [(t.kind, t.text) for t in tokenize("schön :-) oder nicht :(")]
    assert ("emo", ":-)") in kinds and ("emo", ":(") in kinds


# --- quoted vendor text ---------------------------------------------------------------------------

def test_quoted_vendor_text_does_not_turn_a_complaint_positive(sws):
    text = ("Was für eine Frechheit. Sie schrieben: „Sie als Kunde sind uns sehr wichtig, "
            "wir freuen uns auf Ihren nächsten Einkauf und danken herzlich“ – lächerlich.")
    with_rule = total(text, sws)
    without_rule = total(text, sws, quote_weight=1.0)
    assert with_rule < 0
    assert with_rule < without_rule
    quoted = [h for h in analyse(text, sws).hits if h.quoted]
    assert {h.token for h in quoted} >= {"wichtig", "freuen"}


def test_tunables_are_rules_passed_in_not_module_defaults(sws):
    """Notebook 01's exercise: a changed quote weight must change the score (it used to be a
    module constant bound as a default argument, so changing it did nothing)."""
    text = ("Was für eine Frechheit. Sie schrieben: „Sie als Kunde sind uns sehr wichtig, "
            "wir freuen uns auf Ihren nächsten Einkauf und danken herzlich“ – lächerlich.")
    flat = SentimentLexicon.load(quote_weight=1.0)
    assert total(text, flat.lexicon("sentiws"), rules=flat) == total(text, sws,
                                                                     quote_weight=1.0)
    assert total(text, sws, rules=flat) > total(text, sws)
    assert lexicon_score(text, "sentiws", rules=flat) > lexicon_score(text, "sentiws")
    assert SentimentLexicon.default().quote_weight == 0.25  # the shipped rules are untouched
    louder = SentimentLexicon.default().with_(exclamation_step=1.0)
    assert total("Gut!", sws, rules=louder) > total("Gut!", sws)


def test_fully_quoted_text_keeps_its_polarity(sws):
    assert total("„Das ist ganz wunderbar.“", sws) > 0


# --- naive counting, aggregation -----------------------------------------------------------------

def test_naive_ignores_rules(sws):
    assert total("Das ist nicht gut.", sws, rules=False) > 0
    assert total("Kein Problem.", sws, rules=False) < 0


def test_scores_are_bounded_and_zero_for_empty():
    for text in ["", "   ", "schlecht " * 200, "gut " * 200, "1234"]:
        s = lexicon_score(text, "sentiws")
        assert -1 < s < 1
    assert lexicon_score("", "gpl") == 0


def test_explain_lists_the_rules_applied():
    df = explain("Das ist nicht sehr gut!")
    row = df.iloc[0]
    assert row["token"] == "gut" and row["negated"] and row["factor"] > 1 and row["value"] < 0


def _plain_stem(lex, w: str):
    """Lexicon._stem as it was before the stem map: four candidate strings per suffix."""
    from servicelab.lexicon import _ADJ_ENDINGS, _MIN_STEM, _SUFFIX_SET

    for k in (5, 4, 3, 2, 1):
        suf = w[-k:]
        if suf not in _SUFFIX_SET or len(w) - k < 3:
            continue
        if len(w) - k < _MIN_STEM and suf not in _ADJ_ENDINGS:
            continue
        stem = w[:-k]
        for cand in (stem, stem + "en", stem + "e", stem + "n"):
            if cand in lex.polarity:
                return lex.polarity[cand]
    return None


@pytest.mark.parametrize("which", ["sws", "gpl"])
def test_stem_map_gives_the_candidates_polarity_in_their_order(which, request):
    """The precomputed stem map must return what trying stem, +en, +e, +n in turn returned,
    for inflected forms of lexicon words (cut and extended at random) and for noise."""
    import random

    from servicelab.lexicon import _SUFFIXES

    lex = request.getfixturevalue(which)
    rng = random.Random(7)
    forms = sorted(lex.polarity)
    words = []
    for form in rng.sample(forms, 3000):
        cut = form[: max(3, len(form) - rng.randint(0, 3))]
        words += [form + rng.choice(_SUFFIXES), cut + rng.choice(_SUFFIXES), form, cut]
    words += ["".join(rng.choice("aeinrstuäöü") for _ in range(rng.randint(3, 12)))
              for _ in range(3000)]
    differ = [w for w in words if lex._stem(w) != _plain_stem(lex, w)]
    assert differ == []
    assert sum(_plain_stem(lex, w) is not None for w in words) > 3000  # the test reaches stems


def _plain_lookup(lex, w: str):
    """Lexicon._lookup as it was before the compound loop read its suffixes once per word."""
    if w in lex.polarity:
        return lex.polarity[w], "exact"
    value = _plain_stem(lex, w)
    if value is not None:
        return value, "suffix"
    if "-" in w:
        head = w.rsplit("-", 1)[1]
        found = _plain_lookup(lex, head) if len(head) >= 4 else None
        return (found[0], "compound") if found is not None else None
    for i in range(3, len(w) - 4 + 1):
        head = w[i:]
        if head in lex.polarity:
            return lex.polarity[head], "compound"
        value = _plain_stem(lex, head) if len(head) > 5 else None
        if value is not None:
            return value, "compound"
    return None


@pytest.mark.parametrize("which", ["sws", "gpl"])
def test_compound_lookup_matches_the_plain_head_loop(which, request):
    """Compounds of random prefixes and (inflected) lexicon words get the polarity and kind
    the plain loop over heads gave, including heads too short to stem."""
    import random

    from servicelab.lexicon import _SUFFIXES, Lexicon

    lex = request.getfixturevalue(which)
    rng = random.Random(11)
    forms = sorted(lex.polarity)
    words = []
    for form in rng.sample(forms, 3000):
        prefix = "".join(rng.choice("bdgklmnprstaeiou") for _ in range(rng.randint(0, 9)))
        words += [prefix + form, prefix + form + rng.choice(_SUFFIXES),
                  prefix + form[: max(2, len(form) - rng.randint(1, 4))] + rng.choice(_SUFFIXES)]
    fresh = Lexicon(lex.name, lex.polarity)  # an empty memo: every word is looked up
    differ = [w for w in words if fresh._lookup(w) != _plain_lookup(lex, w)]
    assert differ == []
    kinds = {found[1] for w in words if (found := _plain_lookup(lex, w)) is not None}
    assert kinds == {"exact", "suffix", "compound"}


_SHORT_FORMS = ["gut", "gute", "guten", "mies", "miese", "toll", "arg", "ärger", "übel",
                "naja", "fein", "feinen", "sau", "klasse", "öde", "lahmen"]
_PARTS = ["ab", "ber", "super", "ur", "hyper", "x", "s", "ge", "en", "e", "n", "es", "est",
          "sten", "ere", "nd", "t", "-", "ö"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_SHORT_FORMS), st.sampled_from([-1.0, -0.3, 0.4, 1.0]),
                       min_size=1),
       st.lists(st.lists(st.sampled_from(_SHORT_FORMS + _PARTS), min_size=1, max_size=5),
                min_size=1, max_size=20))
def test_head_start_filter_keeps_every_head_the_plain_loop_finds(polarity, pieces):
    """Compounds over a small lexicon of short forms (three-letter stems, forms that are
    stems of others): the lookup that skips heads whose first four letters begin no form
    or stem gives what the plain loop over every head gives."""
    from servicelab.lexicon import Lexicon

    lex = Lexicon("t", polarity)
    for word in ("".join(p) for p in pieces):
        assert Lexicon("t", polarity)._lookup(word) == _plain_lookup(lex, word), word


def _plain_stem_map(polarity):
    """Lexicon._stems as it was: each form's candidates ranked in one Python loop."""
    best = {}
    for form, value in polarity.items():
        for rank, ending in enumerate(("", "en", "e", "n")):
            if ending and not (form.endswith(ending) and len(form) > len(ending)):
                continue
            stem = form[:len(form) - len(ending)]
            if stem not in best or rank < best[stem][0]:
                best[stem] = (rank, value)
    return {stem: v for stem, (_, v) in best.items()}


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text("aen", min_size=1, max_size=6),
                       st.sampled_from([-1.0, -0.5, 0.25, 0.7]), max_size=30))
def test_stem_map_merge_keeps_the_earliest_ending(polarity):
    """Forms over the letters of the endings (``ne``, ``nen``, ``n`` … collide as stems of
    each other): the merged per-ending maps give each stem the polarity the ranking loop
    gave."""
    from servicelab.lexicon import _stem_map

    assert _stem_map(polarity) == _plain_stem_map(polarity)


@given(st.lists(st.sampled_from(["a", "b", "e", "n", "s", "t", "st", "en", "er", "nd",
                                  "sten", "esten", "ndes"]), max_size=4).map("".join))
def test_suffixes_kept_by_ending_are_the_words_own(word):
    """The suffix candidates read from the per-ending memo are those of the word itself,
    for words shorter than the five letters that key it too."""
    from servicelab.lexicon import _suffixes_by_end, _suffixes_of

    assert _suffixes_by_end(word) == _suffixes_of(word)
    assert _suffixes_by_end(word) == _suffixes_of(word)  # the second read is the memo's


# --- the polarity maps without pandas (speed; the same numbers) ------------------------------

def _pandas_mean_by_lower(rows):
    """The plain version: the entries' frame sorted, forms lower-cased, mean per form."""
    import pandas as pd

    e = pd.DataFrame(rows, columns=["form", "polarity"]).sort_values(["form", "polarity"])
    pol = e.assign(form=e["form"].str.lower()).groupby("form")["polarity"].mean()
    return tuple((k, float(v)) for k, v in pol.items())


def _bits(pairs):
    import struct

    return [(k, struct.pack("<d", v)) for k, v in pairs]


@given(st.lists(st.tuples(st.sampled_from(["gut", "Gut", "GUT", "übel", "Übel", "ärger",
                                           "Ärger", "mies", "top"]),
                          st.one_of(st.floats(-1, 1, allow_nan=False), st.just(float("nan")),
                                    st.sampled_from([0.0, -0.0, 0.3, -0.7, 0.0040]))),
                min_size=1, max_size=30))
@settings(max_examples=300, deadline=None)
def test_mean_by_lower_is_the_pandas_group_mean(rows) -> None:
    # forms collapse by case into groups of 1 to many rows; every mean bit for bit pandas'
    from servicelab.lexicon import _mean_by_lower

    assert _bits(_mean_by_lower(rows)) == _bits(_pandas_mean_by_lower(rows))


@pytest.mark.parametrize("name", ["sentiws", "gpl"])
def test_shipped_polarity_maps_are_the_pandas_group_means(name) -> None:
    from servicelab.lexicon import _polarities

    entries = sentiws_entries() if name == "sentiws" else gpl_entries()
    plain = _pandas_mean_by_lower(list(zip(entries["form"], entries["polarity"], strict=True)))
    assert _bits(_polarities(name)) == _bits(plain)


def test_polarity_cache_gives_the_built_rows_bit_for_bit(tmp_path, monkeypatch) -> None:
    # the second process reads the file the first wrote: the same forms, order and floats
    from servicelab import lexicon

    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    rows = (("ärger", -0.5 / 3), ("gut", 0.1 + 0.2), ("x", 5e-324), ("y", -0.0))
    calls = []

    def build():
        calls.append(1)
        return rows

    first = lexicon._cached_polarities("gpl", build)
    again = lexicon._cached_polarities("gpl", build)
    assert len(calls) == 1
    assert [(f, v.hex()) for f, v in again] == [(f, v.hex()) for f, v in rows] == \
        [(f, v.hex()) for f, v in first]


def test_polarity_cache_rebuilds_a_damaged_or_foreign_file(tmp_path, monkeypatch) -> None:
    from servicelab import lexicon

    monkeypatch.setenv("SERVICELAB_CACHE", str(tmp_path))
    rows = (("gut", 0.5), ("schlecht", -0.75))
    lexicon._cached_polarities("sentiws", lambda: rows)
    (path,) = tmp_path.glob("polarities-sentiws-*.txt")
    damaged = path.read_bytes().replace((-0.75).hex().encode(), (0.75).hex().encode())
    path.write_bytes(damaged)  # a changed value: the checksum fails, the rows are rebuilt
    assert lexicon._cached_polarities("sentiws", lambda: rows) == rows
    assert path.read_bytes() != damaged
    other = (("gut", 0.25),)  # a file for the same key is read, not the build
    assert lexicon._cached_polarities("sentiws", lambda: other) == rows
    # a tab or newline in a form: not cached, the rows still returned
    odd = (("a\tb", 1.0),)
    assert lexicon._cached_polarities("gpl", lambda: odd) == odd
    assert not list(tmp_path.glob("polarities-gpl-*.txt"))
