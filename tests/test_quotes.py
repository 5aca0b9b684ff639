"""One quote detector: passages between paired quotation marks on a line."""

from __future__ import annotations

import pytest

from servicelab.quotes import quoted_passages
from servicelab.sentences import quoted_spans


def test_marks_pair_left_to_right_and_never_across_lines():
    text = 'Er schrieb: "Wir prüfen das." Und dann „nichts“.\nEin "offenes Zitat\nbleibt" offen.'
    assert [inner for _, _, inner in quoted_passages(text)] == ["Wir prüfen das.", "nichts"]
    a, b, _ = quoted_passages(text)[0]
    assert text[a:b] == '"Wir prüfen das."'


def test_length_limits_filter_passages_but_keep_the_pairing():
    text = '"kurz" und "ein langes Zitat über fünfzehn Zeichen"'
    assert [q for _, _, q in quoted_passages(text, 15, 600)] == [
        "ein langes Zitat über fünfzehn Zeichen"]


@pytest.mark.parametrize("line", [
    'Sie sagte "nein" und "ja" und "vielleicht',
    '"Alles" gut "oder" nicht?',
    'Kein Zitat hier.',
    '"""',
])
def test_the_sentence_table_and_the_detector_agree_on_quotation_marks(line):
    """sentences.quoted_spans pairs '"' per line the same way (it can call the detector)."""
    spans = [(a, b) for a, b, _ in quoted_passages(line)]
    assert quoted_spans(line, 0, len(line)) == spans
