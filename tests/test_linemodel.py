"""The learned line model (servicelab.linemodel): where it may speak, what it says on a
thread page written here, and that ``use_line_model=False`` leaves the rules alone."""

from __future__ import annotations

from servicelab.boilerplate import find_boilerplate, line_kinds
from servicelab.linemodel import CLASSES, LineModel, line_features

THREAD = """Forum für Bahnfahrer
Zugausfall am Montag – Erstattung abgelehnt
Person_1a2b3c4d5e6f7a8b · 03.11.2026, 19:40
Mein Zug nach Kassel fiel aus und die Erstattung wurde abgelehnt, angeblich zu spät eingereicht.
Gefällt 7 Leuten · Antwort schreiben
Person_9f8e7d6c5b4a3f2e · 03.11.2026, 20:05
Bei mir war es genauso, nach dem zweiten Widerspruch kam das Geld dann doch noch an.
Person_0a1b2c3d4e5f6a7b · 03.11.2026, 20:30
Ich würde sofort die Schlichtungsstelle einschalten, das geht schneller als man denkt.
Impressum Datenschutz Kontakt
"""


def _kinds(spans: list, text: str) -> dict[str, str]:
    return {text[s.start : s.end]: s.kind for s in spans}


def test_counter_row_the_rules_miss_is_ui_with_the_model() -> None:
    rules = _kinds(find_boilerplate(THREAD, use_line_model=False), THREAD)
    model = _kinds(find_boilerplate(THREAD), THREAD)
    assert "Gefällt 7 Leuten · Antwort schreiben" not in rules
    assert model["Gefällt 7 Leuten · Antwort schreiben"] == "ui"


def test_page_head_and_unit_openers_stay_the_rules() -> None:
    """Above the first metadata line (site name, headline) and the first line under a header
    the model does not speak, however sure it is."""
    model = _kinds(find_boilerplate(THREAD), THREAD)
    assert "Forum für Bahnfahrer" not in model
    assert not any(k.startswith("Bei mir war es genauso") for k in model)


def test_rules_alone_on_request() -> None:
    lines, kinds = line_kinds(THREAD)
    spans = find_boilerplate(THREAD, use_line_model=False)
    assert {THREAD[s.start : s.end] for s in spans} == {
        THREAD[s:e] for (s, e, _), k in zip(lines, kinds, strict=True) if k is not None}


def test_sentences_and_quotation_leads_are_never_judged() -> None:
    lines = [(0, 0, "Das hat bei mir auch nicht geklappt, leider."),
             (0, 0, "Eine Kundin sieht es anders:"),
             (0, 0, "Sortieren: Neueste")]
    assert LineModel.load().candidates(lines, [None, None, None]) == [2]


def test_no_metadata_no_opinion() -> None:
    """Free text without a thread skeleton (the seed pages) stays the rules'."""
    text = "Kurzer Titel\n\nIch habe am Montag angerufen und niemand ging ran.\n4 Antworten\n"
    lines, kinds = line_kinds(text)
    before = list(kinds)
    LineModel.load().mark(lines, kinds)
    assert kinds == before


def test_weights_round_trip_and_shape(tmp_path) -> None:
    model = LineModel.load()
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = LineModel.load(path)
    assert again == model
    lines, kinds = line_kinds(THREAD)
    x = line_features(lines, kinds, [0])
    assert len(model.coef) == len(CLASSES) and len(model.coef[0]) == len(x[0])
    assert abs(sum(model.probabilities(x)[0]) - 1) < 1e-9
