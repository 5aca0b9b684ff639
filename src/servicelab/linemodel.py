"""A learned second opinion on the lines the layout rules leave as text.

Why: rule rounds on the corpus layer gained on the page set whose errors were read and little
on the next one. A small logistic model over *structural* line features (length, digits,
sentence end, capitals, dates, separators, name-like tokens, repeats on the page, position,
and the same for the neighbouring lines together with the kinds the rules gave them) is fitted
on the gold of the development page sets and validated by leaving whole page sets out
(``tools/line_model_loso.py``). It only speaks on a thread page (the rules found metadata
lines), on a short line the rules left as text, and only when it is confident; it never
overrides a rule.

Classes: ``text``, ``title`` (a headline: short, no sentence end, yet the writer's; told
apart so that it is not taken for furniture), ``metadata`` (names, dates, badges, statistics),
``ui`` (buttons, counters) and ``other`` (page furniture: menus, footers, forms, teasers;
written as ``navigation``). It speaks below the page's first metadata line only (the page
head and the headline stay the rules': a site name taken for furniture moved the title) and
never on the first line under a header (a unit's first words). Left-out scores:
``docs/line_model.md``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from servicelab.layout import date_search

CLASSES = ("text", "title", "metadata", "ui", "other")
_FURNITURE = (2, 3, 4)  # the classes that are furniture (a title is the writer's text)
# the boilerplate kind a confident non-text class is written as
CLASS_KIND = {"metadata": "metadata", "ui": "ui", "other": "navigation"}
MODEL_FILE = Path(__file__).parent / "data" / "line_model.json"

_SEP = re.compile(r"[·|•▸»›/]")
_NAMEISH = re.compile(r"\b(?:Person_[0-9a-f]{6,}|@\w+|\w+_\w+|[A-Za-zÄÖÜäöüß]+\d+)\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_NUMBER = re.compile(r"^\(?[\d.,:+%-]+\)?$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_OTHER = re.compile(r"[^\w\s]|_")
_RULE_GROUPS = ("metadata", "ui")  # neighbour kinds told apart; any other furniture is "other"


def _own(line: str) -> list[float]:
    """Features of one line by itself (all in [0, 1] or small counts)."""
    s = line.strip()
    words = s.split()
    n = max(len(words), 1)
    # counted by C-speed scans (a generator over characters cost most of the model's time)
    letters = len(_LETTER.findall(s))
    digits = len(_DIGIT.findall(s))
    other = len(_OTHER.findall(s))
    size = max(len(s), 1)
    return [
        min(math.log1p(len(s)) / 6, 1.5),
        min(len(words), 30) / 30,
        digits / size,
        other / size,
        letters / size,
        sum(w[:1].isupper() for w in words) / n,
        sum(bool(_NUMBER.match(w)) for w in words) / n,
        float(s.endswith((".", "!", "?", "…"))),
        float(s.endswith(":")),
        float(s[:1].islower()),
        float(date_search(s) is not None) if digits or "vor " in s else 0.0,
        float(_CLOCK.search(s) is not None) if ":" in s else 0.0,
        min(len(_SEP.findall(s)), 3) / 3,
        min(len(_NAMEISH.findall(s)), 2) / 2,
        float("," in s),
    ]


_N_OWN = len(_own("x"))
_BLANK = [0.0] * _N_OWN


def _kind_onehot(kind: str | None, present: bool) -> list[float]:
    if not present:
        return [0.0, 0.0, 0.0, 1.0]
    if kind is None:
        return [1.0, 0.0, 0.0, 0.0]
    if kind in _RULE_GROUPS:
        return [0.0, float(kind == "metadata"), float(kind == "ui"), 0.0]
    return [0.0, 0.0, 0.0, 1.0]


def line_features(lines: list[tuple[int, int, str]], kinds: list[str | None],
                  only: list[int]) -> list[list[float]]:
    """Feature vectors of the lines ``only`` (indices into ``lines``): the line's own
    features, its repeats on the page, its position, the previous and next
    non-empty lines' features and the rule kinds of both."""
    keys = Counter(ln.strip() for _, _, ln in lines if ln)  # (C-speed: no pattern per line)
    nonempty = [k for k, (_, _, ln) in enumerate(lines) if ln]
    rank = {k: i for i, k in enumerate(nonempty)}
    total = max(len(nonempty), 1)
    own_cache: dict[int, list[float]] = {}

    def own(k: int) -> list[float]:
        if k not in own_cache:
            own_cache[k] = _own(lines[k][2])
        return own_cache[k]

    out = []
    for k in only:
        i = rank[k]
        p = nonempty[i - 1] if i > 0 else None
        n = nonempty[i + 1] if i + 1 < len(nonempty) else None
        out.append([
            *own(k),
            float(keys[lines[k][2].strip()] > 1),
            i / total,
            float(i < 3),
            float(i >= total - 3),
            float(p is not None and p < k - 1),  # a blank line above
            *(own(p) if p is not None else _BLANK),
            *_kind_onehot(kinds[p] if p is not None else None, p is not None),
            *(own(n) if n is not None else _BLANK),
            *_kind_onehot(kinds[n] if n is not None else None, n is not None),
        ])
    return out


@dataclass(frozen=True)
class LineModel:
    """Weights of the multinomial logistic line model (one row per :data:`CLASSES`), the
    feature scaling it was fitted with, and when it may speak."""

    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.98  # the furniture classes' probability needed to overrule "text"
    max_chars: int = 120  # longer lines are prose: never judged
    max_lower_words: int = 3  # a line with more lower-case words is a sentence: never judged
    # a text of more lines is a dump, not a thread page (the dev pages have at most ~200): the
    # rules alone, so that the model's per-line Python cost stays off the long-text builds
    max_lines: int = 2000

    @classmethod
    def load(cls, path: str | Path | None = None) -> LineModel:
        """The shipped model (``data/line_model.json``), or the one at ``path``."""
        return _load(str(path or MODEL_FILE))

    def to_json(self) -> str:
        return json.dumps({"coef": [[round(v, 6) for v in row] for row in self.coef],
                           "intercept": [round(v, 6) for v in self.intercept],
                           "mean": [round(v, 6) for v in self.mean],
                           "scale": [round(v, 6) for v in self.scale],
                           "threshold": self.threshold, "max_chars": self.max_chars,
                           "max_lower_words": self.max_lower_words,
                           "max_lines": self.max_lines},
                          indent=1)

    def probabilities(self, features: list[list[float]]) -> list[list[float]]:
        """Class probabilities per feature vector (softmax of the linear scores)."""
        if not features:
            return []
        z = (np.asarray(features, dtype=float) - np.asarray(self.mean)) / np.asarray(self.scale)
        scores = z @ np.asarray(self.coef).T + np.asarray(self.intercept)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).tolist()

    def candidates(self, lines: list[tuple[int, int, str]], kinds: list[str | None]
                   ) -> list[int]:
        """The lines it may judge: short, non-empty, no sentence (few lower-case words: German
        prose has them, furniture rarely; none before a final colon, which introduces a
        quotation), left as text by the rules."""
        out = []
        for k, (_, _, ln) in enumerate(lines):
            if kinds[k] is not None or not ln or len(ln) > self.max_chars:
                continue
            lower = sum(w[:1].islower() for w in ln.split())
            if lower <= self.max_lower_words and not (lower and ln.rstrip().endswith(":")):
                out.append(k)
        return out

    def mark(self, lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
        """Give a furniture kind, in place, to the candidate lines the model is sure of; on
        thread pages only (some line already ``metadata``), so free text stays the rules',
        and below the first metadata line."""
        if len(lines) > self.max_lines or "metadata" not in kinds:
            return
        only = self.candidates(lines, kinds)
        if not only:
            return
        before = list(kinds)
        first = kinds.index("metadata")  # the page head and headline above stay the rules'
        nonempty = [k for k, (_, _, ln) in enumerate(lines) if ln]
        rank = {k: i for i, k in enumerate(nonempty)}
        for k, probs in zip(only, self.probabilities(line_features(lines, before, only)),
                            strict=True):
            if sum(probs[c] for c in _FURNITURE) >= self.threshold and k > first \
                    and not _opens_unit(nonempty, rank[k], before):
                best = max(_FURNITURE, key=lambda c: probs[c])
                kinds[k] = CLASS_KIND[CLASSES[best]]


def _opens_unit(nonempty: list[int], i: int, kinds: list[str | None]) -> bool:
    """The line right under a header or button row, not above more header lines: the first
    words of a unit ("Hallo in die Runde,", a one-line comment) are its text, however short;
    dropping them would lose the unit's start."""
    p = kinds[nonempty[i - 1]] if i > 0 else None
    n = kinds[nonempty[i + 1]] if i + 1 < len(nonempty) else None
    return p in ("metadata", "ui") and n != "metadata"


@lru_cache(maxsize=4)
def _load(path: str) -> LineModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return LineModel(coef=tuple(tuple(r) for r in data["coef"]),
                     intercept=tuple(data["intercept"]), mean=tuple(data["mean"]),
                     scale=tuple(data["scale"]), threshold=data["threshold"],
                     max_chars=data["max_chars"], max_lower_words=data["max_lower_words"],
                     max_lines=data["max_lines"])
