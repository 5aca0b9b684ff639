"""One handle pattern and one stop list, used alike by segmenter, actor matcher and linker."""

from __future__ import annotations

import pytest

from servicelab import defence, segments
from servicelab.entities import find_mentions
from servicelab.handles import NOT_A_HANDLE


@pytest.mark.parametrize("word", sorted(NOT_A_HANDLE))
def test_a_stop_word_is_no_handle_anywhere(word):
    line = f"@{word.capitalize()}: bitte lesen"
    assert segments.addressees(line) == []
    assert defence.extract_addressees(line) == []
    assert not segments.starts_new_comment(line, "Vorige Zeile.", False)
    assert [m for m in find_mentions(line, pronouns=False) if m.source == "unknown_org"] == []


def test_a_glued_handle_is_addressed_but_no_organisation_name():
    text = "Schreib an foren@derstandard oder an Twitter@Zalandoo_hilft."
    assert segments.addressees(text) == ["derstandard", "Zalandoo_hilft"]
    assert [m for m in find_mentions(text, pronouns=False) if m.source == "unknown_org"] == []
