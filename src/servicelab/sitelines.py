"""Lines repeated across the pages of one site: template furniture no single page reveals.

Why a corpus-level pass: a site's menu entries, footer lines and widget captions look like
text on any one page, but the same line on most pages of the same folder is the site's
template, not anything a speaker wrote. Both build paths (``corpus.build_corpus`` and
``engines.build``) count lines with :class:`SiteLineCounter` before they process documents and
pass each document the hashes of its site's repeated lines; :func:`servicelab.boilerplate.
find_boilerplate` records those lines as ``repeated``. One pass over the lines, one set per
site: linear in the corpus.

A site is a document's folder (its path's parent). Exact copies of a page (same SHA-256)
count once, so duplicated files do not turn a page's own text into furniture. Lines are
compared by a key that ignores case, spacing and punctuation (normalisation changes quotes
and dashes); a line that names a private person differs after pseudonymisation and is not
matched (a known limit).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class RepeatRules:
    """When a line is a site's template furniture (passed in; defaults keep a site's own
    speech: a sign-off such as "Viele Grüße" is on far fewer than half of a site's pages)."""

    min_pages: int = 3  # distinct pages of the same site
    min_share: float = 0.5  # of the site's distinct pages
    max_chars: int = 200  # template lines are short
    min_key_chars: int = 4  # letters and digits in the line


DEFAULT_REPEAT = RepeatRules()
NO_LINES: frozenset[int] = frozenset()


def site_of(path: str) -> str:
    """The site of a document: the folder of its (relative) path; ``""`` at the top."""
    return str(PurePosixPath(path.replace("\\", "/")).parent)


def line_hash(line: str, rules: RepeatRules = DEFAULT_REPEAT) -> int | None:
    """A 64-bit key of a line (case, spacing and punctuation ignored); None for a line too
    long or too short to be template furniture."""
    if not line or len(line) > rules.max_chars:
        return None
    key = _NON_WORD.sub("", unicodedata.normalize("NFKC", line).casefold())
    if len(key) < rules.min_key_chars:
        return None
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def page_hashes(lines: list[str], rules: RepeatRules = DEFAULT_REPEAT) -> set[int]:
    """The distinct line keys of one page."""
    out = set()
    for ln in lines:
        h = line_hash(ln.strip(), rules)
        if h is not None:
            out.add(h)
    return out


@dataclass
class SiteLineCounter:
    """Counts, per site, on how many distinct pages each line key occurs."""

    rules: RepeatRules = DEFAULT_REPEAT
    pages: dict[str, set[str]] = field(default_factory=dict)  # site -> page SHA-256s
    counts: dict[str, Counter[int]] = field(default_factory=dict)

    def add(self, path: str, sha256: str, lines: list[str]) -> None:
        """Count one page (a second copy of the same bytes is ignored)."""
        self.add_hashes(path, sha256, page_hashes(lines, self.rules))

    def add_hashes(self, path: str, sha256: str, hashes: set[int]) -> None:
        """Count one page from its :func:`page_hashes` (computed elsewhere, e.g. on a Dask
        worker; adding pages in input order gives the same result as :meth:`add`)."""
        site = site_of(path)
        seen = self.pages.setdefault(site, set())
        if sha256 in seen:
            return
        seen.add(sha256)
        self.counts.setdefault(site, Counter()).update(hashes)

    def repeated(self) -> dict[str, frozenset[int]]:
        """Per site with repeated lines, the keys of its template lines."""
        out: dict[str, frozenset[int]] = {}
        for site, counter in sorted(self.counts.items()):
            n = len(self.pages[site])
            need = max(self.rules.min_pages, self.rules.min_share * n)
            if n < self.rules.min_pages:
                continue
            keys = frozenset(h for h, c in counter.items() if c >= need)
            if keys:
                out[site] = keys
        return out
