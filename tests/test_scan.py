"""``scan.hinted_finditer`` finds exactly what ``finditer`` finds, for every hinted pattern.

The texts are built from strings each pattern itself generates (``st.from_regex``, so an
alternative added to a pattern without its hint makes these tests fail), fragments that sit
at the edges of the hints (a colon before a number, a word inside a longer literal, a long
run before " hat geschrieben:") and random text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from servicelab.boilerplate import flat_rules
from servicelab.contact_details import _POSTBOX_HINTS, _STREET_HINTS, POSTBOX, STREET
from servicelab.flat import (
    _BYLINE,
    _BYLINE_HINTS,
    _STARTS,
    _STARTS_HINTS,
    _UI_RUN,
    _UI_RUN_HINTS,
    _label_pattern,
    label_hints,
)
from servicelab.layout import DATE, DATE_HINTS
from servicelab.privacy import (
    _AUTHOR_BOX_HINT,
    _AUTHOR_BOX_HINTS,
    _CUE_STARTS,
    _INITIAL_SURNAME,
    _INITIAL_SURNAME_HINTS,
)
from servicelab.scan import (
    Hint,
    boundary_hint,
    candidates,
    hinted_finditer,
    required_literal,
    search_hinted,
)

HINTED = {"byline": (_BYLINE, _BYLINE_HINTS), "starts": (_STARTS, _STARTS_HINTS),
          "date": (DATE, DATE_HINTS), "ui_run": (_UI_RUN, _UI_RUN_HINTS),
          "initial_surname": (_INITIAL_SURNAME, _INITIAL_SURNAME_HINTS),
          "labels": (_label_pattern(flat_rules().labels), label_hints(flat_rules().labels)),
          "postbox": (POSTBOX, _POSTBOX_HINTS), "street": (STREET, _STREET_HINTS),
          "author_box_cue": (_AUTHOR_BOX_HINT, _AUTHOR_BOX_HINTS),
          **{f"privacy_cue_{i}": pair for i, pair in enumerate(_CUE_STARTS.items())}}
FRAGMENTS = [" ", "  ", "dabei uns", "Winter", "international", "unser", "Ihr", ":", ".",
             "\n", "#", "#12", ":12 Kommentare", "12 Min. Lesezeit",
             "Diesen Beitrag veröffentlicht:", "Beitrag", "Von ", "von ", "vor 3 Tagen",
             "vor einem Jahr", "12. März 2026", "3.4.2026", "2026-01-02", "14:05",
             "x" * 45, "ab:cd", "Nutzer_42 hat geschrieben:", " hat geschrieben:",
             "Zitat von Person_0a1b", "Lesedauer: 3 Min.", "März", "Mai 2024", "a1", "1a",
             "12345.6", "1.2.3", "12 ▲ ▼ Antworten", "3 Antworten", "• Teilen", "42",
             "Herr ", "Frau Dr. ", "LG ", "\n--\n", " /mk", " ^KaW", "Leserin ", "(45) ",
             "M. Ferreira", "Th. Brenninkmeyer", "Hallo Lisa,", "Lieber Max!", "xHallo ",
             "u/", "Bau/", "u/konto_x", "Postfach 12 34", "Postfach 1234, 10115 Berlin",
             "Finanz", "MeinFinanz", "redakteur", "Autorenredakteur", "xautor", "Ä",
             " schreibt seit ",
             "Antwort von ", "Lisa", "Ein Bericht von ",
             "Grüße\n", "max_muster", "a.b_c", "x@y_z", "_1", "-_", "\nLisa_M\n",
             "Rosenweg 4", "Ulmen-Allee 9b", "Kurze Gasse 2/1", "Am Wiesengrund 25",
             "In der Aue 3, 12345 Neustadt", "Hinter dem ", "str. 5", "wegen 3", "-Weg 1"]


# the button-run pattern backtracks exponentially on the long symbol runs st.from_regex
# writes for it: its texts are built from its parts instead
UI_PARTS = ["12 ", "3", "1.234 ", "▲", "▼ ", "• ", "› ", "·", "| ", "Antworten", "Teilen ",
            "Melden", "Gefällt mir", "hilfreich", "(3)", " 12 ", "Kommentar melden", "x"]


# the line-start author cues: st.from_regex cannot satisfy their lookaheads; their parts
LINE_CUE_PARTS = ["Lisa_M", "lisa88", "Max Muster", "\n", " ", " · 3", "· vor 2 Tagen",
                  " vor 3 Stunden", "gestern", "heute", " sagt:", " schrieb am 3. März:", "↳ ",
                  "Mitglied seit 2020", "\nBewertung", "Moderator", "12.03.", "x"]


def _texts(name: str, pattern: re.Pattern[str]) -> st.SearchStrategy[str]:
    if name == "ui_run":
        own = st.sampled_from(UI_PARTS)
    elif pattern.pattern.startswith("(?m)^"):
        own = st.sampled_from(LINE_CUE_PARTS)
    else:
        own = st.from_regex(pattern, fullmatch=True)
    piece = st.one_of(own, st.sampled_from(FRAGMENTS), st.text(alphabet="aB1 .:#\n", max_size=8))
    return st.lists(piece, max_size=12).map("".join)


@pytest.mark.parametrize("name", sorted(HINTED))
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hinted_finditer_finds_what_finditer_finds(name: str, data: st.DataObject) -> None:
    pattern, hints = HINTED[name]
    text = data.draw(_texts(name, pattern))
    expected = [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in hinted_finditer(pattern, text, hints)] == expected


def test_hints_see_the_matches_the_literal_would_hide() -> None:
    # "Diesen Beitrag" is a hint occurrence that holds "Beitrag", where _STARTS matches
    text = "Diesen Beitrag veröffentlicht: heute"
    assert [m.start() for m in hinted_finditer(_STARTS, text, _STARTS_HINTS)] == [7]
    # the run before " hat geschrieben:" starts 40 characters back at most
    name = "n" * 40
    line = f"Text {name} hat geschrieben: ja {'m' * 41} hat geschrieben: nein"
    got = [m.group(0) for m in hinted_finditer(_BYLINE, line, _BYLINE_HINTS)]
    assert got == [f"{name} hat geschrieben:"] == [m.group(0) for m in _BYLINE.finditer(line)]


def test_candidates_follow_reach_inside_and_overlaps() -> None:
    text = "aaa b aaa"
    assert candidates(text, [Hint(re.compile("aa"))]) == [0, 1, 6, 7]
    assert candidates(text, [Hint(re.compile("aa"), overlaps=False)]) == [0, 6]
    assert candidates(text, [Hint(re.compile("b"), reach=2)]) == [2, 3, 4]
    assert candidates(text, [Hint(re.compile("b a+"), inside=True)]) == [4, 5, 6, 7, 8]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab :", max_size=40))
def test_a_pattern_tried_at_every_hinted_place_is_finditer(text: str) -> None:
    pattern = re.compile(r"(?<![a-z])a+ ?b")
    hints = [Hint(re.compile("a+"), overlaps=False)]
    assert [m.span() for m in hinted_finditer(pattern, text, hints)] == \
        [m.span() for m in pattern.finditer(text)]


MOJIBAKE = ["Ã¤", "Ã¶", "Ã¼", "ÃŸ", "â€ž", "â€œ", "Â ", "Ã ", "Ã", "\x85", "\x9c", "\ufeff",
            "�", "Ø§Ù„", "вЂ", "×²", "a Ã ", "ГўВЂВ.a", "x. Â “", "ä", "ö", "ü", "ß", "Ä", "€",
            "°", "a", " ", ".", "\n", "\r", "x" * 9]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MOJIBAKE), st.text(max_size=6)), max_size=30)
       .map("".join), st.data())
def test_windowed_badness_scan_is_ftfys(text: str, data: st.DataObject) -> None:
    from ftfy.badness import BADNESS_RE

    from servicelab.normalise import _badness

    start = data.draw(st.sampled_from([0, min(3, len(text))]))
    end = data.draw(st.sampled_from([len(text), max(start, len(text) - 3)]))
    assert [m.span() for m in _badness(text, start, end)] == \
        [m.span() for m in BADNESS_RE.finditer(text, start, end)]


def test_the_windowed_badness_scan_is_in_use() -> None:
    # the installed ftfy's pattern: short matches that each hold a non-ASCII character
    from ftfy.badness import BADNESS_RE

    from servicelab.normalise import _BADNESS_REACH, _badness

    assert _BADNESS_REACH is not None and _BADNESS_REACH <= 10
    # matches that reach far from their non-ASCII characters, between ASCII stretches
    text = "xxxxxxxx ГўВЂВ.a xxxxxxxx ab Ã  xxxxxxxx"
    assert [m.group(0) for m in _badness(text, 0, len(text))] == \
        [m.group(0) for m in BADNESS_RE.finditer(text)] != []


NEAR = ["ä", "ü", "ß", "Ü", "„", "“", "–", "°", "€", "Ã", "Â", "œ", "Г", "×", "²", "√", "‚", "¤",
        "a", "ab", "abcde", " "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NEAR + MOJIBAKE), max_size=24).map("".join))
def test_windows_only_around_umlauts_with_a_neighbour_find_every_badness_match(text: str) -> None:
    # two non-ASCII characters a few letters apart, or a lone one that ftfy's pattern takes
    from ftfy.badness import BADNESS_RE

    from servicelab.normalise import _badness

    assert [m.span() for m in _badness(text, 0, len(text))] == \
        [m.span() for m in BADNESS_RE.finditer(text)]


def test_a_lone_umlaut_opens_no_badness_window() -> None:
    from servicelab.normalise import _BADNESS_REACH, _BADNESS_SINGLES, _badness_seeds

    assert _BADNESS_SINGLES is not None and "ä" not in _BADNESS_SINGLES
    assert {"Ã", "œ", "\x85"} <= _BADNESS_SINGLES
    text = "Grüße aus der Küche, schön, dann Ã und œ"
    seeds = _badness_seeds(text, 0, len(text), _BADNESS_REACH)
    assert [text[p] for p in seeds] == ["ü", "ß", "Ã", "œ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MOJIBAKE), st.text(max_size=6)), max_size=30)
       .map("".join))
def test_hinted_ftfy_touches_are_the_plain_scan(text: str) -> None:
    from servicelab.normalise import _FTFY_TOUCHES, _TOUCH_HINTS

    assert [m.span() for m in hinted_finditer(_FTFY_TOUCHES, text, _TOUCH_HINTS)] == \
        [m.span() for m in _FTFY_TOUCHES.finditer(text)]


@pytest.mark.parametrize("cue", __import__("servicelab.segments").segments.vendor_cues(),
                         ids=lambda c: c.name)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_vendor_cues_found_by_their_hint_as_by_search(cue, data: st.DataObject) -> None:  # noqa: ANN001
    # a cue that does not start with \b has no hint and is searched plainly
    text = data.draw(_texts("vendor", cue.pattern))
    found = cue.pattern.search(text)
    assert search_hinted(cue.pattern, cue.hint, text) == (found is not None)
    # the literal every match holds is in the text whenever the cue matches, and in the match
    assert cue.needs is None or found is None or cue.needs in found.group(0)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([r"\ba b+c\b", r"(?:^|[.!?,]\s+)\S+ vom (?:[\w-]+ ){0,3}Team$",
                        r"[Uu]nser(?:e|en)? Team", r"x(?:abc)y", r"(ab)+cde", r"a[bc]d"]),
       st.data())
def test_the_required_literal_is_in_every_match(pattern: str, data: st.DataObject) -> None:
    compiled = re.compile(pattern)
    literal = required_literal(compiled, shortest=1)
    match = compiled.search(data.draw(st.from_regex(compiled)))
    assert match is not None and (literal is None or literal in match.group(0))


def test_the_required_literal_is_a_top_level_run() -> None:
    assert required_literal(re.compile(r"(?:^|[.!?,]\s+)\S+ vom (?:[\w-]+ ){0,3}Team$")) \
        == " vom "
    assert required_literal(re.compile(r"\b[Uu]nser(?:e|en)? (?:Service|Team)\b")) == "nser"
    assert required_literal(re.compile(r"\b(?:als|ich bin) Sprecher")) == " Sprecher"
    assert required_literal(re.compile(r"(?:Kulanz|intern)")) is None  # inside a group
    assert required_literal(re.compile(r"ab?c")) is None  # "a", then an optional "b"
    assert required_literal(re.compile("bei uns", re.IGNORECASE)) is None


def test_boundary_hint_only_for_a_leading_boundary() -> None:
    assert boundary_hint(re.compile(r"bei uns\b")) is None
    hint = boundary_hint(re.compile(r"\bbei uns\b"))
    assert hint is not None and hint.pattern == r"bei uns\b"
    assert not search_hinted(re.compile(r"\bbei uns\b"), hint, "dabei uns")
    assert search_hinted(re.compile(r"\bbei uns\b"), hint, "dabei uns, bei uns")


LINE_PARTS = ["Antworten", "antworten", "Gefällt mir", "„gefällt mir“", "Teilen", " ", "·", "3",
              "12 ", "▲", "Ich", "habe", "x", "Ja", "Nein", "alle 3 antworten ansehen", "²",
              "★★★", "4 von 5 Sternen", "(4/5)", "2 Sterne 40 %", "5", "4.", "Nr. 12.", "a.",
              "2026.", ". ", "! ", "Hallo", "Link kopieren", "_", "ß", "ẞ", "\n", "4.\n"]
lines_ = st.lists(st.one_of(st.sampled_from(LINE_PARTS), st.text(max_size=4)), max_size=14)


@settings(max_examples=400, deadline=None)
@given(lines_.map("".join))
def test_is_ui_is_the_whole_line_substitution(line: str) -> None:
    from servicelab.layout import _NOT_UI_LEFT, _UI_WORDS, MAX_UI_CHARS, is_ui

    slow = bool(line.strip()) and len(line) <= MAX_UI_CHARS \
        and not _NOT_UI_LEFT.search(_UI_WORDS.sub(" ", line))
    assert is_ui(line) == slow


@settings(max_examples=300, deadline=None)
@given(lines_.map("".join))
def test_is_rating_first_test_drops_no_rating(line: str) -> None:
    from servicelab.layout import _RATING_CHAR, RATING

    assert RATING.search(line) is None or _RATING_CHAR.search(line) is not None


@settings(max_examples=300, deadline=None)
@given(lines_.map("".join), st.data())
def test_ends_sentence_shortcut_is_the_number_dot_pattern(line: str, data: st.DataObject) -> None:
    from servicelab.flat import _NUMBER_DOT, _ends_sentence

    pos = data.draw(st.integers(0, len(line)))
    assert _ends_sentence(line, pos) == (not _NUMBER_DOT.search(line, max(0, pos - 40), pos))


def test_back_hints_walk_each_run_once_and_find_its_start() -> None:
    hint = Hint(re.compile("_"), back=re.compile(r"[\w.-]"))
    assert candidates("ab a_b_c x.y_z _", [hint]) == [3, 9, 15]
    assert candidates("_" * 5, [hint]) == [0]
    # with a shift: the character before the run ("Finanzredakteur": its capital)
    capital = Hint(re.compile("redakteur"), back=re.compile("[a-z]"), shift=-1)
    assert candidates("Finanzredakteur und redakteur", [capital]) == [0, 19]


def test_a_hint_that_matches_at_the_end_is_read_once() -> None:
    assert candidates("", [Hint(re.compile(r"\A"))]) == [0]
    assert candidates("ab", [Hint(re.compile(r"\Z"))]) == [2]


@pytest.mark.parametrize("text", ["x 12 Antworten Teilen", ". 12 Antworten Teilen",
                                  " 12 Antworten Teilen x", "a 1.234 ▲ ▼ Melden Teilen",
                                  "Seite:12 Kommentare", "x 7 Min. Lesezeit"])
def test_counters_after_a_space_are_found_in_the_run_before_the_word(text: str) -> None:
    # the back hints walk to the start of the run (a space); the match starts at its counter
    for pattern, hints in (HINTED["ui_run"], HINTED["starts"]):
        assert [m.span() for m in hinted_finditer(pattern, text, hints)] == \
            [m.span() for m in pattern.finditer(text)]


NAV_PARTS = ["  ", " | ", " · ", " • ", "\t", "\xa0", "\u2028", "\x1c", " ", "|", "·", "Start",
             "Forum", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(NAV_PARTS), st.sampled_from(LINE_PARTS),
                          st.text(max_size=4)), max_size=14).map("".join))
def test_nav_split_shortcut_is_the_split_pattern(line: str) -> None:
    from servicelab.layout import _NAV_SPLIT, _may_split

    assert _may_split(line) == (_NAV_SPLIT.search(line) is not None)


def test_every_whitespace_but_the_space_is_unprintable() -> None:
    # what _may_split's C-speed test relies on
    import sys

    assert not [c for c in map(chr, range(sys.maxunicode + 1))
                if c.isspace() and c != " " and c.isprintable()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINE_PARTS), st.sampled_from(FRAGMENTS),
                          st.from_regex(DATE, fullmatch=True)), max_size=8).map("".join))
def test_date_search_is_the_plain_search(line: str) -> None:
    from servicelab.layout import date_search

    found, plain = date_search(line), DATE.search(line)
    assert (found and found.span()) == (plain and plain.span())


SENTENCE_PARTS = [". ", ".  ", "! ", "?\n", "“ ", '" ', "… ", ") ", " ", "Der", "der", "„Ja",
                  '"Nein', "@x", "3", ".", ")", "x", "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PARTS), max_size=16).map("".join))
def test_sentence_gaps_are_the_lookbehind_pattern(line: str) -> None:
    from servicelab.flat import _SENTENCE

    plain = re.compile(r"(?<=[.!?“\"…)])\s+(?=[A-ZÄÖÜ„\"@0-9])")
    assert [m.span(1) for m in _SENTENCE.finditer(line)] == \
        [m.span() for m in plain.finditer(line)]


def _rule_lines() -> st.SearchStrategy[str]:
    from servicelab.boilerplate import _rules

    examples = [r.pattern.pattern for r in _rules()]  # the patterns' own text as noise
    own = st.sampled_from(_rules()).flatmap(
        lambda r: st.from_regex(r.pattern, fullmatch=True).filter(lambda x: "\n" not in x))
    pad = st.text(alphabet="ab .:", min_size=0, max_size=160)
    return st.one_of(own, pad, st.sampled_from(examples),
                     st.tuples(own, pad).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(_rule_lines())
def test_the_length_guards_leave_the_first_furniture_test_as_it_was(line: str) -> None:
    from servicelab.boilerplate import _any_rule, _any_rule_matches

    assert _any_rule_matches(line) == bool(_any_rule().match(line))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["schrieb", "meint", " die Nutzerin X", ":", ".", " ", "\n",
                                 "Er", "x" * 30]), max_size=10).map("".join))
def test_an_attribution_ends_with_a_colon(line: str) -> None:
    from servicelab.segments import _ATTRIBUTION

    assert _ATTRIBUTION.search(line) is None or line.endswith((":", ":\n"))


def test_a_guarded_pattern_is_tried_up_to_its_guard_and_not_beyond() -> None:
    from servicelab.boilerplate import _any_rule_for, _guards, _rules

    unhinted = [r for r in _rules() if r.hint is None]
    for n in _guards():
        for r in unhinted:
            alt = f"(?:{r.pattern.pattern})"
            within, beyond = _any_rule_for(n), _any_rule_for(n + 1)
            admits = r.max_len is None or r.max_len >= n
            assert (within is not None and alt in within.pattern) == admits
            assert (beyond is not None and alt in beyond.pattern) == (
                r.max_len is None or r.max_len >= n + 1)


def _searched(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Every place a pattern matches, by a search after each start (the plain way)."""
    out, m = [], pattern.search(text)
    while m is not None:
        out.append(m.span())
        if m.start() >= len(text):
            break
        m = pattern.search(text, m.start() + 1)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab.", min_size=1, max_size=4), min_size=1, max_size=5),
       st.text(alphabet="ab. ", max_size=30))
@example(["ab", "ba"], "aba")  # a literal that starts in the last part of another
@example(["Diesen Beitrag", "Beitrag"], "Diesen Beitrag")  # one inside another
@example(["aa"], "aaaa")  # one inside itself
def test_overlapping_literals_are_found_by_finditer_and_their_inner_starts(
        words: list[str], text: str) -> None:
    from servicelab.scan import LiteralIndex, _inner, _spans

    pattern = re.compile("|".join(re.escape(w) for w in words))
    assert _inner(pattern) is not None  # a plain alternation: the fast way is taken
    assert list(_spans(Hint(pattern), text)) == _searched(pattern, text)
    # one Aho-Corasick pass finds the same occurrences, and what finditer finds
    index = LiteralIndex(text, (pattern, re.compile(r"b\.|ab")))
    assert index.spans(pattern) == _searched(pattern, text)
    assert index.finditer_spans(pattern) == [m.span() for m in pattern.finditer(text)]
    assert list(_spans(Hint(pattern), text, index)) == _searched(pattern, text)
    assert list(_spans(Hint(pattern, overlaps=False), text, index)) == \
        [m.span() for m in pattern.finditer(text)]


def test_only_plain_literal_alternations_take_the_fast_way() -> None:
    from servicelab.scan import _inner

    assert _inner(re.compile("Diesen Beitrag|Beitrag")) == {"Diesen Beitrag": (7,),
                                                            "Beitrag": ()}
    for pattern in (r"\A", r"a+", r"(?:a|b)", r"\d", "a||b", r"\u00e4"):
        assert _inner(re.compile(pattern)) is None
    assert _inner(re.compile("abc", re.IGNORECASE)) is None


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MOJIBAKE + ["\ud800", "\udfff", "\x80", "\x9f", "\xa0",
                                                      "Ä“", "â€", "ï»", "Ä", "“"]),
                          st.text(max_size=4)), max_size=12).map("".join))
def test_the_suspect_test_is_the_suspect_pattern(text: str) -> None:
    from servicelab.normalise import _SUSPECT, _suspect

    assert _suspect(text) == (_SUSPECT.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["z.B.", "Dr.", " ", "  ", "\n", "\t", "\xa0", "Haus", "17.",
                                 '"', ")", "ab", "\u2028"]), max_size=10).map("".join))
def test_the_word_before_a_boundary_is_the_pattern_s(head: str) -> None:
    from servicelab.sentences import _WORD_BEFORE, _word_before

    m = _WORD_BEFORE.search(head)
    assert _word_before(head) == (m.group(1) if m else "")
