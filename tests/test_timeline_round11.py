"""Issue 15 round eleven: stated waits in lines written in lower case, fragments that label a
time limit, and the quoted-letter test's first person (``servicelab.sentences``,
``servicelab.timeline``). Every sentence is invented for this file; each positive case failed
before this round; the others are guards that the change does not over-fire."""

from __future__ import annotations

import dataclasses

import pytest

from servicelab import timex_evaluation as te
from servicelab.sentences import lower_case_line, quoted_spans, split_line, split_sentences
from servicelab.timeline import default_rules

waits = te.stated_waits
#: the rules as before this round: a wait reads its whole sentence, lower case or not
_WHOLE = dataclasses.replace(default_rules(), lower_share=0.0)


def test_a_line_without_capitalised_nouns_is_lower_case_and_prose_is_not():
    assert lower_case_line("seit 5 tagen kein internet. hotline sagt nix, echt jetzt.")
    assert not lower_case_line("Seit fünf Tagen habe ich kein Internet. Die Hotline sagt nichts.")
    assert not lower_case_line("ok danke dir.")  # too short to tell


def test_the_lower_case_split_is_off_for_the_corpus_and_keeps_abbreviations():
    line = "hab z.b. am 2. des monats bestellt. seit 5 tagen kein internet. hotline sagt nix."
    assert split_sentences(line, 0, len(line)) == [(0, len(line))]  # the corpus table
    parts = [line[a:b] for a, b in split_line(line, 0.15)]
    assert parts == ["hab z.b. am 2. des monats bestellt.", "seit 5 tagen kein internet.",
                     "hotline sagt nix."]


@pytest.mark.parametrize("text, days", [
    ("sorry muss mich mal auskotzen. seit 5 tagen kein internet. hab homeoffice und muss "
     "jetzt jeden tag ins cafe.", 5.0),
    ("mal ehrlich, das ist ein witz. seit 8 tagen kein telefon, gar nix. der techniker kam nie "
     "und die hotline legt jedes mal auf.", 8.0),
])
def test_a_wait_in_a_lower_case_line_reads_its_own_part_of_the_sentence(text, days):
    assert waits(text) == [("open_wait", days, "lower_bound")]
    assert waits(text, rules=_WHOLE) == []  # the other parts' verbs made it past


def test_a_lower_case_fragment_without_a_reading_of_its_own_keeps_the_whole_sentence():
    text = ("hotline heute morgen: 25 min warten, dann aufgelegt worden. zweiter versuch "
            "mittags: 40 min, dann eine bandansage.")
    assert waits(text) == waits(text, rules=_WHOLE) == [
        ("hold_time", 0.0174, "exact"), ("hold_time", 0.0278, "exact")]


@pytest.mark.parametrize("text", [
    "der kontrolleur schreibt mir 60 € auf, ich soll zahlen. frist zum widerspruch: 14 tage.",
    "Der Kontrolleur schrieb mir 60 € auf. Widerspruchsfrist: 14 Tage.",
])
def test_a_fragment_that_labels_a_time_limit_is_no_wait(text):
    assert waits(text) == []


def test_a_fragment_that_sums_up_the_case_stays_a_wait():
    assert waits("Ich schrieb der Firma. Nach zwölf Tagen.") == [("other_wait", 12.0, "exact")]


def test_meinung_in_a_quoted_letter_is_not_the_writer_speaking():
    text = ("Sehr geehrte Frau Lorenz,\nnach unserer Meinung ist der Schaden selbst verursacht.\n"
            "Mit freundlichen Grüßen\nIhr Kundenservice")
    assert quoted_spans(text, 0, len(text)) == [(0, len(text))]
    mine = text.replace("nach unserer Meinung", "nach meinem Eindruck")
    assert quoted_spans(mine, 0, len(mine)) != [(0, len(mine))]  # the writer's own line
