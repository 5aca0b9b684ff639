"""One colour per meaning: the palette covers every category the tables can hold."""

from __future__ import annotations


def test_the_palette_knows_every_event_kind():
    """Notebook 03 draws each event kind the timeline writes in the palette's style."""
    from servicelab import palette, timeline

    assert set(timeline.EVENT_KINDS) <= set(palette.EVENT)
