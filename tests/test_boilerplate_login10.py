"""Round ten: the login note of a reply form after a prompt or a button on the same line was
left inside the last comment (pooled over the h3, h5 and h6 page sets:
``tools/layout_causes.py``). Lines written here."""

from __future__ import annotations

import pytest

from servicelab.boilerplate import find_boilerplate

_LAST = ("Bei mir kam die Gutschrift nach zwei Wochen, ohne dass ich noch einmal anrufen "
         "musste. Geduld lohnt sich manchmal.")


def _kinds(line: str) -> list[tuple[str, str]]:
    text = f"{_LAST}\n{line}\n© Kreisbote Nord 2027 · Impressum"
    return [(s.kind, text[s.start:s.end]) for s in find_boilerplate(text)]


@pytest.mark.parametrize("line", [
    "Antworten · Du musst angemeldet sein, um zu antworten.",
    "Mitreden! Loggen Sie sich ein, um hier zu kommentieren.",
    "Deine Meinung   Beitrag schreiben …   Du musst eingeloggt sein, um zu posten.",
])
def test_a_login_note_after_a_prompt_is_comment_form(line: str) -> None:
    assert ("comment_form", line) in _kinds(line)


def test_a_commenter_telling_of_the_login_stays_text() -> None:
    line = "Ich musste erst angemeldet sein, um zu antworten, und das hat ewig gedauert."
    assert all(line not in part for _, part in _kinds(line))


def test_a_house_rules_note_with_the_word_meinung_is_comment_form() -> None:
    # "Meinung" is no first-person "mein…": the note stays furniture
    line = "Ihre Meinung zählt – bitte beachten Sie unsere Netiquette."
    assert ("comment_form", line) in _kinds(line)
