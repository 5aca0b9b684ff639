"""The German lexicon rules of :func:`servicelab.lexicon.analyse` over a whole batch of texts.

Why: ``analyse`` is a per-token state machine in Python (~1 µs per token and lexicon), most of
the sentiment analysis's time. Here the tokens of all texts are arrays (kind codes, ids of
distinct token strings); what depends on a token alone (lexicon lookup, modifier words,
emoticon values), sentence numbers, quotation state, clauses, the exclamation and quote
weights and the sums are NumPy over the whole batch. Only the rare stateful rules run in
Python, and only from the tokens that start them: a degree word's pending factor (walked to
the word it applies to) and a negator's scope (walked until its weight is used up, then the
post-verbal and noun-phrase rules on its clause).

The results are those of ``analyse`` bit for bit: every hit value gets the same floating-point
operations in the same order, and the sums add the hits of each text one after the other as
Python's ``sum`` does (``tests/test_lexicon_batch.py`` compares both on own sentences, random
sequences of rule words and GermEval training texts; ``benchmarks/analysis_tables_snapshot.py``
compares the sentiment tables of the seeds, the dev corpus and the bench corpus).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, count
from operator import attrgetter, itemgetter

import numpy as np

from servicelab.lexicon import (
    _EMOJI,
    _UNSEEN,
    _URL,
    _WORD_FORMS,
    Lexicon,
    SentimentLexicon,
    Token,
    _blank,
    _word_form,
)
from servicelab.quotes import CLOSING_ONLY, OPENING_ONLY

WORD, EMO, EXCL, QUOTE, STOP = 0, 1, 2, 3, 4
_KIND_CODE = {"word": WORD, "emo": EMO, "excl": EXCL, "quote": QUOTE, "stop": STOP}
#: kind code by the token pattern's group name (``emoji`` counts as ``emo``)
_GROUP_CODE = {**_KIND_CODE, "emoji": EMO}
_LASTGROUP = attrgetter("lastgroup")


@dataclass(frozen=True, eq=False)
class TokenArrays:
    """The tokens of a batch of texts as arrays: text ``indptr``, per token ``kind`` code and
    ``vid`` (index into ``vocab``, the distinct token strings)."""

    indptr: np.ndarray  # tokens of text t: indptr[t]:indptr[t + 1]
    kind: np.ndarray  # int8 codes WORD … STOP
    vid: np.ndarray  # int64 index into vocab
    vocab: list[str]
    _info: dict = field(default_factory=dict, repr=False)  # rules id -> (rules, WordInfo)

    @classmethod
    def from_lists(cls, tokens: Sequence[Sequence[Token]]) -> TokenArrays:
        """Flatten ``tokenize`` results (one list per text)."""
        lens = np.fromiter(map(len, tokens), np.int64, len(tokens))
        indptr = np.zeros(len(tokens) + 1, np.int64)
        np.cumsum(lens, out=indptr[1:])
        flat = list(chain.from_iterable(tokens))
        kind = np.fromiter(map(_KIND_CODE.__getitem__, map(_FIRST, flat)), np.int8, len(flat))
        vocab, vid = _distinct(list(map(_SECOND, flat)))
        return cls(indptr, kind, vid, vocab)

    @classmethod
    def of_texts(cls, texts: Sequence[str], rules: SentimentLexicon | None = None,
                 within: dict[int, tuple[int, int]] | None = None) -> TokenArrays:
        """The tokens of ``tokenize`` for every text, scanned straight into arrays.

        ``within`` maps a text to (index of an outer text, offset) where its tokens are the
        slice of the outer text's tokens (a sentence in its segment; the caller checks that
        the text stands there with whitespace at its edges, see
        :func:`servicelab.sentiment._fits`); such a text is not scanned again."""
        sl = rules or SentimentLexicon.default()
        rx, within = sl.token_re, within or {}
        inner_of: dict[int, list[tuple[int, int]]] = {}
        for i, (j, offset) in within.items():
            inner_of.setdefault(j, []).append((offset, i))
        parts: list[str] = []  # the stretches scanned, in order (URLs blanked)
        span = np.zeros((len(texts), 2), np.int64)  # parts [a, b) of each text
        start_of: dict[int, np.ndarray] = {}
        for i, text in enumerate(texts):
            if i in within:
                continue
            first = len(parts)
            pieces = inner_of.get(i)
            if pieces is not None and _pieces(text, sorted(pieces), texts, parts, span):
                pass  # the texts inside it are parts of their own (their span set there)
            elif pieces is not None:  # overlapping texts inside: offsets to slice them
                blanked = _blanked(text)
                start_of[i] = np.fromiter(map(re.Match.start, rx.finditer(blanked)),
                                          np.int64)
                parts.append(blanked)
            else:
                parts.append(_blanked(text))
            span[i] = (first, len(parts))
        vocab, base_vid, part_ptr = _scan(parts, sl)
        bounds = part_ptr[span]
        for i, (j, offset) in within.items():
            if j not in start_of:
                continue  # a part of its own
            lo, starts = bounds[j, 0], start_of[j]
            a = lo + np.searchsorted(starts, offset)
            b = lo + np.searchsorted(starts, offset + len(texts[i]))
            bounds[i] = (a, b)
        kind_v = _kinds(vocab, sl)
        lens = bounds[:, 1] - bounds[:, 0]
        indptr = np.zeros(len(texts) + 1, np.int64)
        np.cumsum(lens, out=indptr[1:])
        take = np.arange(indptr[-1]) - np.repeat(indptr[:-1] - bounds[:, 0], lens)
        vid = base_vid[take]
        return cls(indptr, kind_v[vid], vid, vocab)

    def word_info(self, rules: SentimentLexicon) -> WordInfo:
        """:class:`WordInfo` of the distinct words under ``rules`` (made once per rules
        object and shared by the lexicons that read these tokens)."""
        key = id(rules)
        cached = self._info.get(key)
        if cached is None or cached[0] is not rules:
            cached = (rules, WordInfo.of(self, rules))
            self._info[key] = cached
        return cached[1]

    @property
    def n_texts(self) -> int:
        return len(self.indptr) - 1

    def text_of(self) -> np.ndarray:
        """Index of the text of every token."""
        return np.repeat(np.arange(self.n_texts), np.diff(self.indptr))


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _distinct(strings: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct strings in the order they first occur, and each string's index among
    them (int64): dictionary passes in C, no sort."""
    index = dict(zip(dict.fromkeys(strings), count()))
    return list(index), np.fromiter(map(index.__getitem__, strings), np.int64, len(strings))


def _kinds(vocab: list[str], rules: SentimentLexicon) -> np.ndarray:
    """The kind code of each distinct token string (int8).

    A token's kind follows from its string alone: the branch that matched it in the text
    is the first that matches it on its own (``tests/test_lexicon_batch.py``). Why most
    strings are not matched again: a token whose first character can begin no emoticon and
    no emoji was matched by the word, exclamation, quote or stop branch, and each of those
    matches at a position by its first character alone (a letter, ``!``, a quotation mark,
    a stop), so its kind is the kind of that character on its own; only the others are
    matched whole (:func:`_kinds_plain`, which the tests compare with)."""
    rx = rules.token_re
    by_first = _first_kinds(rules)
    firsts = list(map(_FIRST_CHAR, vocab))
    for c in set(firsts).difference(by_first):
        by_first[c] = _kind_of_first(c, rules)
    codes = list(map(by_first.__getitem__, firsts))
    if None in codes:
        for k, code in enumerate(codes):
            if code is None:
                m = rx.fullmatch(vocab[k])
                codes[k] = _GROUP_CODE.get(_LASTGROUP(m), STOP) if m is not None else STOP
    return np.array(codes, np.int8)


def _kinds_plain(vocab: list[str], rules: SentimentLexicon) -> np.ndarray:
    """:func:`_kinds` with every string matched whole."""
    return np.array([_GROUP_CODE.get(_LASTGROUP(m), STOP) if m is not None else STOP
                     for m in map(rules.token_re.fullmatch, vocab)], np.int8)


_FIRST_CHAR = itemgetter(slice(0, 1))
_EMOJI_START = re.compile(_EMOJI)


def _kind_of_first(c: str, rules: SentimentLexicon) -> int | None:
    """The kind of every token beginning with ``c`` (see :func:`_kinds`), or None where
    the token must be matched whole (``c`` may begin an emoticon or emoji, or is empty)."""
    if not c or c in _emoticon_firsts(rules) or _EMOJI_START.match(c):
        return None
    m = rules.token_re.fullmatch(c)
    return _GROUP_CODE.get(_LASTGROUP(m), STOP) if m is not None else None


@lru_cache(maxsize=8)
def _emoticon_firsts(rules: SentimentLexicon) -> frozenset[str]:
    """The first characters of the emoticons of ``rules``."""
    return frozenset(e[:1] for e in rules.emoticons)


_FIRST_KINDS: dict[int, tuple[SentimentLexicon, dict[str, int | None]]] = {}


def _first_kinds(rules: SentimentLexicon) -> dict[str, int | None]:
    """:func:`_kind_of_first` by character under ``rules``, kept per rules object."""
    found = _FIRST_KINDS.get(id(rules))
    if found is None or found[0] is not rules:
        if len(_FIRST_KINDS) >= 8:
            _FIRST_KINDS.clear()
        found = _FIRST_KINDS[id(rules)] = (rules, {})
    return found[1]


def _blanked(text: str) -> str:
    """``text`` with its URLs blanked, as :func:`tokenize` scans it."""
    if "www." in text or "://" in text:
        return _URL.sub(_blank, text)
    return text


def _pieces(text: str, pieces: list[tuple[int, int]], texts: Sequence[str],
            parts: list[str], span: np.ndarray) -> bool:
    """Append ``text`` to ``parts`` as its pieces: the texts inside it (``pieces``:
    (offset, index), sorted) and the gaps between them; set the span of each text inside
    to its one part. False (nothing appended) when two pieces overlap.

    Why the same tokens as one scan: each inside text stands at its offset with whitespace
    (or the end) on one side of each edge (``sentiment._fits``); no token holds whitespace
    but a lone newline, the pattern looks at most one character ahead and a URL holds no
    whitespace, so no token or URL crosses an edge and each piece yields the tokens of
    its stretch of ``text`` (``tests/test_lexicon_batch.py``)."""
    at = 0
    for offset, i in pieces:
        if offset < at:
            return False
        at = offset + len(texts[i])
    at = 0
    for offset, i in pieces:
        parts.append(_blanked(text[at:offset]))
        span[i] = (len(parts), len(parts) + 1)
        parts.append(_blanked(texts[i]))
        at = offset + len(texts[i])
    parts.append(_blanked(text[at:]))
    return True


_SEP = "\x00"  # joins the parts of a batch for one scan (a token of its own, see _scan)


def _scan(parts: list[str], rules: SentimentLexicon
          ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The tokens of every part (URLs blanked already) as distinct strings (first-occurrence
    order), each token's index among them, and the token offset where each part starts
    (``len(parts) + 1`` values).

    Why one scan: a batch has tens of thousands of short parts (sentences and the gaps
    between them); one ``findall`` over the parts joined by ``\\x00`` replaces a call per
    part. The separator matches only as a token of its own (no other branch of the pattern
    takes it, no emoticon holds it), and to the pattern it is like the end of the text (no
    word character, no token spans it, the one-character lookaheads fail on it as they do
    at the end), so the tokens between two separators are the part's tokens. Parts that
    hold the separator themselves, or rules with an emoticon that does, are scanned one by
    one (:func:`_scan_each`, also the plain version the tests compare with)."""
    rx = rules.token_re
    if len(parts) < 2 or any(_SEP in e for e in rules.emoticons):
        return _scan_each(parts, rx)
    joined = _SEP.join(parts)
    if joined.count(_SEP) != len(parts) - 1:
        return _scan_each(parts, rx)
    vocab, vid = _distinct(_separated(rx).findall(joined))
    sep = vocab.index(_SEP)
    at = np.flatnonzero(vid == sep)
    vid = vid[vid != sep]
    vid[vid > sep] -= 1
    del vocab[sep]
    return vocab, vid, np.r_[0, at - np.arange(len(at)), len(vid)]


def _scan_each(parts: list[str], rx: re.Pattern[str]
               ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """:func:`_scan` with one ``findall`` per part."""
    plain = _plain(rx)
    found = [plain.findall(part) for part in parts]
    ptr = np.zeros(len(parts) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, found), np.int64, len(found)), out=ptr[1:])
    vocab, vid = _distinct(list(chain.from_iterable(found)))
    return vocab, vid, ptr


@lru_cache(maxsize=8)
def _separated(rx: re.Pattern[str]) -> re.Pattern[str]:
    """:func:`_plain` of ``rx`` with the separator as a token of its own."""
    return re.compile(_SEP + "|" + _plain(rx).pattern, rx.flags)


@lru_cache(maxsize=8)
def _plain(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` without its named groups, so that ``findall`` returns the matched strings
    (the same matches: the groups only name the branches)."""
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", rx.pattern), rx.flags)


@dataclass(frozen=True, eq=False)
class WordInfo:
    """What each distinct token string is under a set of rules, whatever the lexicon:
    ``cat`` 0 ordinary word, 1 no word for the lexicons (digit or underscore), 2 scope
    end, 3 negator, 4 degree word (with its factor in ``degree``), -1 not a word; ``cap``
    capitalised; ``form`` the lower-cased form; ``ordinary`` the vocabulary ids of
    categories 0 and 4 (the words that are looked up)."""

    cat: np.ndarray
    degree: np.ndarray
    cap: np.ndarray
    form: list[str]
    ordinary: list[int]

    @classmethod
    def of(cls, toks: TokenArrays, rules: SentimentLexicon) -> WordInfo:
        vocab, nv = toks.vocab, len(toks.vocab)
        is_word = np.zeros(nv, bool)
        is_word[toks.vid[toks.kind == WORD]] = True
        cat = np.full(nv, -1, np.int8)
        degree = np.zeros(nv)
        cap = np.zeros(nv, bool)
        form_of = [""] * nv
        ordinary: list[int] = []
        ends, negators, degrees = rules.scope_ends, rules.negators, rules.degree
        for v in np.flatnonzero(is_word).tolist():
            text = vocab[v]
            form = _WORD_FORMS.get(text)
            if form is None:
                form = _word_form(text)
            form_of[v] = form
            cap[v] = text[:1].isupper()
            if not form:
                cat[v] = 1
            elif form in ends:
                cat[v] = 2
            elif form in negators:
                cat[v] = 3
            elif form in degrees:
                cat[v] = 4
                degree[v] = degrees[form]
                ordinary.append(v)
            else:
                cat[v] = 0
                ordinary.append(v)
        return cls(cat, degree, cap, form_of, ordinary)


@dataclass(frozen=True, eq=False)
class BatchAnalysis:
    """What :class:`~servicelab.lexicon.Analysis` gives per text, as arrays.

    ``total`` and ``score`` as the properties of the same names; ``pos``/``neg`` the sums of
    the positive/negative non-emoticon hit values and ``emo`` of the emoticon hits (the
    model's lexicon features), each summed in hit order."""

    score: np.ndarray
    total: np.ndarray
    n_words: np.ndarray
    n_exclamations: np.ndarray
    n_negations: np.ndarray
    pos: np.ndarray
    neg: np.ndarray
    emo: np.ndarray


def _ordered_sums(values: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Per owner (non-decreasing ``owner`` per value), the sum of its values added one after
    the other from 0 (Python's ``sum``; NumPy's own sums add pairwise, which can differ in
    the last bit)."""
    out = np.zeros(n)
    if not len(values):
        return out
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    rank = np.arange(len(owner)) - np.repeat(starts, np.diff(np.r_[starts, len(owner)]))
    order = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[order], np.arange(int(rank.max()) + 2))
    for k in range(len(bounds) - 1):
        sel = order[bounds[k]:bounds[k + 1]]
        out[owner[sel]] += values[sel]  # one value per owner and rank: no repeated index
    return out


def _squash(total: np.ndarray, n_words: np.ndarray, alpha: float) -> np.ndarray:
    """:func:`servicelab.lexicon.squash` elementwise (same operations)."""
    out = np.zeros(len(total))
    ok = (n_words > 0) & (total != 0)
    d = total[ok] / np.sqrt(n_words[ok].astype(float))
    out[ok] = d / np.sqrt(d * d + alpha)
    return out


def analyse_batch(toks: TokenArrays, lexicon: Lexicon,
                  rules: bool | SentimentLexicon = True) -> BatchAnalysis:
    """``analyse(text, lexicon, rules, tokens=…)`` of every text of ``toks`` at once
    (``rules=False``: the naive word count)."""
    sl = rules if isinstance(rules, SentimentLexicon) else SentimentLexicon.default()
    n = toks.n_texts
    kind, vid, vocab = toks.kind, toks.vid, toks.vocab
    tid = toks.text_of()
    counted = (kind == WORD) | (kind == EMO)
    n_words_all = np.bincount(tid[counted], minlength=n)
    if rules is False:
        return _naive(toks, lexicon, sl, tid, n_words_all)

    # ---- what each distinct token string is under these rules and this lexicon
    nv = len(vocab)
    info = toks.word_info(sl)
    cat_v, deg_v, cap_v = info.cat, info.degree, info.cap
    is_emo_v = np.zeros(nv, bool)
    is_emo_v[vid[kind == EMO]] = True
    prior_v = np.full(nv, np.nan)
    nextok_v = np.zeros(nv, bool)
    emo_v = np.zeros(nv)
    degree, emos = sl.degree, sl.emoticons
    looked = np.zeros(nv, bool)  # nextok_v known
    memo, lookup = lexicon._memo, lexicon.lookup_lower
    for v in info.ordinary:  # ordinary and degree words: their lexicon polarity
        form = info.form[v]  # the word lower-cased
        found = memo.get(form, _UNSEEN)  # the lookup's memo, keyed by the lower-cased form
        if found is _UNSEEN:
            found = lookup(form)
        if found is not None:
            prior_v[v] = found[0]
            nextok_v[v] = True
        elif form in degree:
            nextok_v[v] = True
    looked[info.ordinary] = True
    for v in np.flatnonzero(is_emo_v).tolist():
        text = vocab[v]
        value = emos.get(text.replace("\ufe0f", "").replace("\u200d", ""))
        if value is None:
            value = emos.get(text[0], 0.0)
        emo_v[v] = value

    # ---- per token
    ntok = len(kind)
    is_word = kind == WORD
    cat = np.where(is_word, cat_v[vid], -1)
    last_of_text = np.zeros(ntok, bool)
    last_of_text[toks.indptr[1:][np.diff(toks.indptr) > 0] - 1] = True
    nxt_ok = np.zeros(ntok, bool)
    if ntok > 1:
        # whether a word after a degree word is polar or a degree word (_next_polar); the
        # words not looked up above (no word, scope end, negator) only where they follow one
        after_deg = np.flatnonzero((cat[:-1] == 4) & (kind[1:] == WORD)) + 1
        for v in np.unique(vid[after_deg]).tolist():
            if not looked[v]:
                text = vocab[v]
                nextok_v[v] = lexicon.lookup(text) is not None or text.lower() in degree
                looked[v] = True
        nxt_ok[:-1] = (kind[1:] == WORD) & nextok_v[vid[1:]]
    nxt_ok &= ~last_of_text
    applied = (cat == 4) & nxt_ok
    is_neg = cat == 3
    ordinary = is_word & ((cat == 0) | ((cat == 4) & ~applied))  # goes to the lookup
    polar = ordinary & ~np.isnan(prior_v[vid])
    emo_hit = (kind == EMO) & (emo_v[vid] != 0)

    # sentence number of each token (texts never share one: the text index is added)
    ends_sentence = np.zeros(nv, bool)
    for v in np.flatnonzero(np.bincount(vid[kind == STOP], minlength=nv)).tolist():
        ends_sentence[v] = vocab[v][0] in ".?…" or vocab[v] == "\n"
    inc = (kind == EXCL) | ((kind == STOP) & ends_sentence[vid])
    sentence = np.cumsum(inc) - inc + tid

    # quotation state when each token is read
    quoted = np.zeros(ntok, bool)
    qpos = np.flatnonzero(kind == QUOTE)
    if len(qpos):
        after = np.zeros(len(qpos), bool)
        state, prev_t = False, -1
        for k, (p, t) in enumerate(zip(qpos.tolist(), tid[qpos].tolist(), strict=True)):
            if t != prev_t:
                state, prev_t = False, t
            mark = vocab[vid[p]]
            state = True if mark in OPENING_ONLY else False if mark in CLOSING_ONLY \
                else not state
            after[k] = state
        last = np.maximum.accumulate(np.where(kind == QUOTE, np.arange(ntok), -1))
        k_of = np.searchsorted(qpos, last)
        same = (last >= 0) & (last >= toks.indptr[tid])
        quoted[same] = after[k_of[same]]

    # clauses: a scope end, quotation mark, exclamation or stop closes one
    boundary = (cat == 2) | (kind == QUOTE) | (kind == EXCL) | (kind == STOP)
    first_of_text = np.zeros(ntok, bool)
    first_of_text[toks.indptr[:-1][np.diff(toks.indptr) > 0]] = True
    clause = np.cumsum(boundary | first_of_text)

    # ---- hit values: prior times the pending degree factor
    value = np.where(polar, prior_v[vid], 0.0)
    apos = np.flatnonzero(applied)
    if len(apos):
        _pending(apos, value, kind, cat, applied, polar, deg_v[vid], tid, ntok)

    # ---- negation
    negated = np.zeros(ntok, bool)
    npos = np.flatnonzero(is_neg)
    if len(npos):
        _negation(npos, value, negated, kind, cat, applied, polar, ordinary, cap_v[vid],
                  clause, tid, vocab, vid, sl)

    # ---- exclamation and quotation weights, in analyse's order
    hit = polar | emo_hit
    value = np.where(emo_hit, emo_v[vid], value)
    excl_n = np.zeros(int(sentence[-1]) + 1 if ntok else 0, np.int64)
    epos = np.flatnonzero(kind == EXCL)
    excl_len = np.array([len(vocab[v]) for v in vid[epos].tolist()], np.int64)
    excl_n[sentence[epos]] = excl_len  # one exclamation run per sentence (each ends one)
    hpos = np.flatnonzero(hit)
    hv = value[hpos]
    hn = excl_n[sentence[hpos]]
    with_n = hn > 0
    hv[with_n] *= 1 + sl.exclamation_step * np.minimum(hn[with_n], 3)
    ht = tid[hpos]
    hq = quoted[hpos]
    unquoted = np.zeros(n, bool)
    unquoted[ht[~hq]] = True
    qw = sl.quote_weight
    if qw != 1.0:
        weigh = hq & unquoted[ht]
        hv[weigh] *= qw

    total = _ordered_sums(hv, ht, n)
    n_hits = np.bincount(ht, minlength=n)
    n_mod = np.bincount(tid[is_neg | applied], minlength=n)
    n_words = np.maximum(n_words_all - n_mod, (n_hits > 0).astype(np.int64))
    n_excl = np.bincount(tid[epos], weights=excl_len, minlength=n).astype(np.int64)
    n_neg = np.bincount(tid[is_neg], minlength=n)
    is_emo_h = emo_hit[hpos]
    pos_m = ~is_emo_h & (hv > 0)
    neg_m = ~is_emo_h & (hv < 0)
    return BatchAnalysis(
        _squash(total, n_words, sl.alpha), total, n_words, n_excl, n_neg,
        _ordered_sums(hv[pos_m], ht[pos_m], n), _ordered_sums(hv[neg_m], ht[neg_m], n),
        _ordered_sums(hv[is_emo_h], ht[is_emo_h], n))


def _naive(toks: TokenArrays, lexicon: Lexicon, sl: SentimentLexicon, tid: np.ndarray,
           n_words: np.ndarray) -> BatchAnalysis:
    """``analyse(…, rules=False)``: exact lower-cased forms summed."""
    n, kind, vid = toks.n_texts, toks.kind, toks.vid
    pol = lexicon.polarity
    prior_v = np.full(len(toks.vocab), np.nan)
    words = np.zeros(len(toks.vocab), bool)
    words[vid[kind == WORD]] = True
    for v in np.flatnonzero(words).tolist():
        found = pol.get(toks.vocab[v].lower())
        if found is not None:
            prior_v[v] = found
    hpos = np.flatnonzero((kind == WORD) & ~np.isnan(prior_v[vid]))
    hv, ht = prior_v[vid[hpos]], tid[hpos]
    total = _ordered_sums(hv, ht, n)
    zero = np.zeros(n, np.int64)
    return BatchAnalysis(_squash(total, n_words, sl.alpha), total, n_words, zero, zero,
                         _ordered_sums(hv[hv > 0], ht[hv > 0], n),
                         _ordered_sums(hv[hv < 0], ht[hv < 0], n), np.zeros(n))


def _pending(apos: np.ndarray, value: np.ndarray, kind: np.ndarray, cat: np.ndarray,
             applied: np.ndarray, polar: np.ndarray, factor: np.ndarray, tid: np.ndarray,
             ntok: int) -> None:
    """Multiply each polar word by the degree words pending before it (``sehr gut``,
    ``sehr sehr gut``): walk from each applied degree word to the word it ends at."""
    done = 0  # tokens before this one are walked already (a chain of degree words)
    for i in apos.tolist():
        if i < done:
            continue
        t = int(tid[i])
        pending, left = 1.0, 0
        j = i
        while j < ntok and int(tid[j]) == t:
            k = int(kind[j])
            if k == WORD:
                c = int(cat[j])
                if applied[j]:
                    pending *= float(factor[j])
                    left = 2
                elif c in (1, 2, 3):
                    pass  # no word, scope end, negator: the pending factor waits
                elif polar[j]:
                    value[j] = value[j] * pending
                    break
                else:
                    left -= 1
                    if not left:
                        break
            elif k == STOP:
                break
            j += 1
        done = j + 1 if j < ntok and int(tid[j]) == t else j


def _negation(npos: np.ndarray, value: np.ndarray, negated: np.ndarray, kind: np.ndarray,
              cat: np.ndarray, applied: np.ndarray, polar: np.ndarray, ordinary: np.ndarray,
              cap: np.ndarray, clause: np.ndarray, tid: np.ndarray, vocab: list[str],
              vid: np.ndarray, sl: SentimentLexicon) -> None:
    """Each negator in order: its scope forward (``nicht gut``, ``kein Problem``), then at
    its end the post-verbal rule (``funktioniert nicht``) or the noun-phrase rule (``kein
    großes Problem``), on the hits of its clause."""
    pos_f, neg_f = sl.negate_positive, sl.negate_negative
    ntok = len(kind)

    def negate(j: int, weight: float) -> None:
        v = float(value[j])
        value[j] = weight * (-v * (pos_f if v > 0 else neg_f))
        negated[j] = True

    ppos = np.flatnonzero(polar)
    hit_pos, hit_clause = ppos.tolist(), clause[ppos].tolist()  # for bisection
    for i in npos.tolist():
        word = vocab[vid[i]].lower()
        weight = sl.negators[word]
        np_kind = word.startswith("kein") or word in {"ohne", "wenig"}
        t, left, used, mine = int(tid[i]), 4, False, []
        j = i + 1
        while left > 0 and j < ntok and int(tid[j]) == t:
            k = int(kind[j])
            if k in (EXCL, QUOTE, STOP) or (k == WORD and int(cat[j]) in (2, 3)):
                break  # the clause ends, or the next negator finishes this one
            if k == WORD and ordinary[j]:
                if polar[j]:
                    negate(j, weight)
                    used = True
                    mine.append(j)
                    if not np_kind:
                        left = 0
                left -= 1
                if np_kind and cap[j]:
                    break
            j += 1
        c = int(clause[i])
        if not np_kind and not used:
            # the last polar word before the negator in its clause that is not negated
            k = bisect_left(hit_pos, i) - 1
            while k >= 0 and hit_clause[k] == c and negated[hit_pos[k]]:
                k -= 1
            if k >= 0 and hit_clause[k] == c:
                negate(hit_pos[k], weight)
        if np_kind and len(mine) > 1 and cap[mine[-1]]:
            for h in mine[:-1]:
                value[h] = 0.0
