"""One colour per meaning, for every figure of every notebook.

Why: a reader who has learnt in notebook 00 that green is the vendor's voice must not find
green meaning "defends the vendor" or "a relative date" in notebook 04 or 03. Every figure
takes its colours from here; a meaning that appears in several notebooks (the vendor's voice,
a hand label against a measure) keeps its colour everywhere.
"""

from __future__ import annotations

#: Who speaks (segments.role). The vendor's voice is the same green in every figure.
ROLE: dict[str, str] = {"author": "#937860", "commenter": "#dd8452", "vendor": "#55a868",
                        "unknown": "#999999"}

#: Whose side a comment takes (stance.stance); ``vendor`` is the vendor's voice, as in ROLE.
STANCE: dict[str, str] = {"supports_complainant": "#c44e52", "defends_vendor": "#4c72b0",
                          "neutral": "#bbbbbb", "vendor": ROLE["vendor"]}

#: A post body in a reply graph (not a comment, no stance).
POST = "#8172b3"

#: What a reader labelled by hand, and what a method measured, wherever both are shown.
READ = "#444444"
MEASURED = "#17becf"

#: Plain counts with no category (posts per page, characters removed).
COUNT = "#7f7f7f"

#: Reference values from the literature (bands and lines behind our data).
REFERENCE = "#bbbbbb"

#: Guides that carry no data: zero lines, scale marks, separators, and their labels.
GUIDE = "#999999"
GUIDE_TEXT = "#666666"

#: Colour map of every heatmap of counts (who blames whom, confusion matrices): one scale,
#: read with its colour bar.
COUNTS_MAP = "Blues"

#: Where a latency comes from (latency.source).
LATENCY_SOURCE: dict[str, str] = {"dates": "#4c72b0", "relative": "#64b5cd",
                                  "stated": "#8172b3"}

#: Service events (events.event): colour and marker. Customer acts warm, vendor acts in the
#: vendor's green family, outcomes blue.
EVENT: dict[str, tuple[str, str]] = {
    "order": ("#dd8452", "o"), "complaint": ("#c44e52", "o"),
    "escalation": ("#c44e52", "^"), "cancellation": ("#937860", "X"),
    "confirmation": (ROLE["vendor"], "s"), "promised": (ROLE["vendor"], "D"),
    "vendor_response": (ROLE["vendor"], "s"), "refund": ("#4c72b0", "P"),
    "delivery": ("#4c72b0", "v"), "fix": ("#4c72b0", "*"),
    "delay": ("#8c8c8c", "x"), "wait_start": ("#8c8c8c", "|"),
}


def colour(mapping: dict[str, str], key: object, default: str = "#999999") -> str:
    """The colour of ``key`` in ``mapping``; grey for anything the palette does not know."""
    return mapping.get(str(key), default)
