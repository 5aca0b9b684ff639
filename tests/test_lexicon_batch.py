"""The batch rules (lexicon_batch) give what analyse gives, bit for bit, and the token pattern
gives the tokens of its earlier, slower form."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.external import load_germeval2017
from servicelab.lexicon import _EMOJI, SentimentLexicon, analyse, tokenize
from servicelab.lexicon_batch import TokenArrays, analyse_batch
from servicelab.quotes import QUOTE_MARKS

RULES = SentimentLexicon.default()

#: own sentences, one or more per rule of analyse
OWN = [
    "", "!!!", "123 456", "Der Versand war nicht gut.", "Das war kein großes Problem.",
    "Keine schöne, tolle Katastrophe!!", "Die Bestellung funktioniert nicht.",
    "Sehr sehr gut gelaufen!", "Ein äußerst extrem mieser Service :(",
    "Sie schrieben „wir bedauern sehr“, aber geholfen hat niemand.",
    "kaum hilfreich und wenig freundlich", "Sehr xyz gut, sehr 12 schlecht.",
    "sehr Super_schlecht gut", "Ohne Ärger, ohne Probleme 👍👍",
    "Nicht schlecht, nicht gut, nicht schlecht nicht", "Das ist »super« gelaufen ❤️",
    "Hilfe? Keine. Antwort? Nie!!! Frechheit", "www.example.org ist toll https://x.y/z gut",
    "Kein Rückruf kein Ersatz keine Entschuldigung.", "Schade… wirklich schade :-/",
    "Die Hotline-Hölle und die Servicewüste", "gar nicht mal so übel, ziemlich nett",
]


def _fields(texts, lexicon, rules):
    toks = [tokenize(t, RULES) for t in texts]
    ref = [analyse(t, lexicon, rules=rules, tokens=k) for t, k in zip(texts, toks, strict=True)]
    got = analyse_batch(TokenArrays.from_lists(toks), lexicon, rules)
    want = {
        "score": [a.score for a in ref], "total": [a.total for a in ref],
        "n_words": [a.n_words for a in ref],
        "n_exclamations": [a.n_exclamations for a in ref],
        "n_negations": [a.n_negations for a in ref],
        "pos": [sum(h.value for h in a.hits if h.value > 0 and h.how != "emoticon")
                for a in ref],
        "neg": [sum(h.value for h in a.hits if h.value < 0 and h.how != "emoticon")
                for a in ref],
        "emo": [sum(h.value for h in a.hits if h.how == "emoticon") for a in ref],
    }
    return got, want


def _assert_same(texts, lexicon, rules):
    got, want = _fields(texts, lexicon, rules)
    for name, values in want.items():
        g, w = getattr(got, name), np.asarray(values, dtype=float)
        bad = np.flatnonzero(g != w)
        assert not len(bad), (name, [(texts[i], g[i], w[i]) for i in bad[:3]])


METHODS = [("naive", "sentiws", False), ("sentiws", "sentiws", RULES), ("gpl", "gpl", RULES)]


@pytest.mark.parametrize(("method", "lexicon", "rules"), METHODS)
def test_own_sentences_bit_identical(method, lexicon, rules):
    _assert_same(OWN, RULES.lexicon(lexicon), rules)


@pytest.mark.parametrize(("method", "lexicon", "rules"), METHODS)
def test_germeval_training_texts_bit_identical(method, lexicon, rules):
    texts = load_germeval2017("dev")["text"].astype(str).head(800).tolist()
    _assert_same(texts, RULES.lexicon(lexicon), rules)


def test_other_tunables_bit_identical():
    rules = RULES.with_(quote_weight=0.5, exclamation_step=0.3, negate_negative=0.7)
    _assert_same(OWN, rules.lexicon("sentiws"), rules)


# random sequences of the words the rules react to: negators, degree words, scope ends,
# polar words (capitalised or not), digits, quotation marks, stops, exclamation, emoticons
_PIECES = ["nicht", "kein", "keine", "kaum", "ohne", "wenig", "sehr", "extrem", "total",
           "aber", "und", "gut", "schlecht", "Problem", "Katastrophe", "Freude", "toll",
           "Service", "der", "hat", "Gut", "Super_gut", "x12", ",", ".", "?", "!", "!!",
           "„", "“", '"', "»", "«", ":)", ":(", "👍", "😡", "\n", "–", "…"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=25), min_size=1, max_size=6))
def test_random_rule_sequences_bit_identical(docs):
    texts = [" ".join(d) for d in docs]
    for _, lexicon, rules in METHODS:
        _assert_same(texts, RULES.lexicon(lexicon), rules)


def test_sliced_tokens_are_those_of_the_sentence():
    outer = "Erst gut. Dann nicht gut! Am Ende „super“ :)"
    inner = "Dann nicht gut!"
    toks = TokenArrays.of_texts([outer, inner], RULES, {1: (0, outer.index(inner))})
    alone = TokenArrays.of_texts([inner], RULES)
    sliced = slice(toks.indptr[1], toks.indptr[2])
    assert [toks.vocab[v] for v in toks.vid[sliced]] == [alone.vocab[v] for v in alone.vid]
    assert (toks.kind[sliced] == alone.kind).all()


def _old_pattern(emoticons):
    """The token pattern as it was before the lookahead and possessive runs."""
    emos = sorted((e for e in emoticons if not re.match(_EMOJI, e)), key=len, reverse=True)
    emo_alt = "|".join(re.escape(e) for e in emos)
    return re.compile(
        rf"(?P<emo>{emo_alt})(?!\w)"
        rf"|(?P<emoji>{_EMOJI})[\ufe0f\u200d]*"
        r"|(?P<word>[^\W\d_](?:[\w]|[-'](?=\w))*)"
        r"|(?P<excl>!+)"
        rf"|(?P<quote>[{QUOTE_MARKS}])"
        r"|(?P<stop>[.?;:…]+|[,()–]|\n)")


_CHARS = st.sampled_from(list("aäßxXD3<>:;()=-'_ !?.,\n„“\"«»–…/|]pP") + ["👍", "\ufe0f"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHARS, max_size=40).map("".join))
def test_token_pattern_same_tokens_as_before(text):
    old = _old_pattern(RULES.emoticons)
    want = [(m.lastgroup, m.group(), m.start()) for m in old.finditer(text)]
    got = [(m.lastgroup, m.group(), m.start()) for m in RULES.token_re.finditer(text)]
    assert got == want


def test_model_features_of_the_batch_equal_those_of_single_analyses():
    """The model's eight lexicon features from the batch equal lexicon_feature_rows of the
    per-text analyses, to the bit (they feed the SVM)."""
    from servicelab.sentiment_model import lexicon_feature_matrix, lexicon_feature_rows

    texts = OWN + load_germeval2017("dev")["text"].astype(str).head(300).tolist()
    sws, gpl = RULES.lexicon("sentiws"), RULES.lexicon("gpl")
    rows = lexicon_feature_rows([(analyse(t, sws), analyse(t, gpl)) for t in texts])
    assert (lexicon_feature_matrix(texts) == rows).all()


def _as_tokens(toks, i):
    kinds = ("word", "emo", "excl", "quote", "stop")
    part = slice(toks.indptr[i], toks.indptr[i + 1])
    return [(kinds[int(k)], toks.vocab[v]) for k, v in
            zip(toks.kind[part], toks.vid[part], strict=True)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_CHARS, max_size=30).map("".join), min_size=1, max_size=4))
def test_scan_gives_the_tokens_of_tokenize(texts):
    """Both scans (strings only, and with offsets for an outer text) give the kinds and
    strings of tokenize: a token's kind follows from its string."""
    outer = " ".join(texts)
    within = {1: (0, 0)} if texts[0] and not texts[0][-1].isspace() else {}
    toks = TokenArrays.of_texts([outer, *texts], RULES, within)
    for i, text in enumerate([outer, *texts]):
        if i in within:
            continue
        assert _as_tokens(toks, i) == [t[:2] for t in tokenize(text, RULES)]


_PIECE_CHARS = st.one_of(_CHARS, st.sampled_from(["www.x.de/a", "https://y.z", " ", "\t",
                                                  "\x00"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PIECE_CHARS, max_size=12).map("".join), min_size=1, max_size=5),
       st.lists(st.sampled_from([" ", "\n", "  ", " \n", "", "x"]), min_size=5, max_size=5),
       st.booleans())
def test_texts_inside_scanned_as_pieces_give_the_tokens_of_tokenize(parts, gaps, overlap):
    """An outer text is scanned as its inside texts and the gaps between them (no second
    scan of the inside texts): every text, outer and inside, gets the tokens of tokenize,
    also with URLs, empty gaps and overlapping inside texts (then sliced from one scan)."""
    from servicelab.sentiment import _fits

    outer, offsets = gaps[0], []
    for k, part in enumerate(parts):
        offsets.append(len(outer))
        outer += part + gaps[k + 1 if k + 1 < len(gaps) else 0]
    texts = [outer, *parts]
    if overlap and parts[0]:
        texts.append(outer[offsets[0]:offsets[0] + len(parts[0]) + 1])
        offsets.append(offsets[0])
    within = {k + 1: (0, at) for k, at in enumerate(offsets) if _fits(texts[k + 1], outer, at)}
    toks = TokenArrays.of_texts(texts, RULES, within)
    for i, text in enumerate(texts):
        assert _as_tokens(toks, i) == [t[:2] for t in tokenize(text, RULES)], (i, text)


_NUL_RULES = SentimentLexicon(RULES.negators, RULES.scope_ends, RULES.degree,
                              {**RULES.emoticons, ":\x00)": 0.5, "x\x00": -0.5})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PIECE_CHARS, max_size=10).map("".join), max_size=8),
       st.sampled_from([RULES, _NUL_RULES]))
def test_one_scan_of_the_joined_parts_gives_each_parts_tokens(parts, rules):
    """Parts joined by the separator and scanned once give the distinct strings, token ids
    and part offsets of one scan per part: with empty parts, URLs, emoticons at the edges,
    parts that hold the separator and rules with an emoticon that holds it."""
    from servicelab.lexicon_batch import _blanked, _scan, _scan_each

    parts = [_blanked(p) for p in parts]
    vocab, vid, ptr = _scan(parts, rules)
    want_vocab, want_vid, want_ptr = _scan_each(parts, rules.token_re)
    assert vocab == want_vocab
    assert vid.tolist() == want_vid.tolist() and vid.dtype == want_vid.dtype
    assert ptr.tolist() == want_ptr.tolist()


_NO_EMOTICONS = SentimentLexicon(RULES.negators, RULES.scope_ends, RULES.degree, {})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_CHARS, max_size=30).map("".join), min_size=1, max_size=4),
       st.sampled_from([RULES, _NUL_RULES, _NO_EMOTICONS]))
def test_kinds_read_from_first_characters_are_those_of_the_whole_token(texts, rules):
    """Token strings of random texts (emoticons that begin with a letter or a stop, emoji,
    quotation marks; rules without emoticons, whose empty emoticon branch matches
    anywhere): the kind read from the first character, or the whole string where it may
    begin an emoticon or emoji, is the kind of the whole string."""
    from servicelab.lexicon_batch import _kinds, _kinds_plain, _scan_each

    vocab = _scan_each(texts, rules.token_re)[0]
    assert _kinds(vocab, rules).tolist() == _kinds_plain(vocab, rules).tolist()


def test_separator_inside_an_emoticon_is_no_part_edge():
    """Own texts: with an emoticon that holds the separator, texts scanned in one batch
    still get the tokens of tokenize (the batch falls back to one scan per text), also
    where one text ends and the next begins as that emoticon does."""
    texts = ["Naja :", ") gut", "Das war's, x", "Super!", "x"]
    toks = TokenArrays.of_texts(texts, _NUL_RULES)
    for i, text in enumerate(texts):
        assert _as_tokens(toks, i) == [t[:2] for t in tokenize(text, _NUL_RULES)], text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["gut", "Gut", "!", "\n", "", "ß", "x"]), max_size=30))
def test_distinct_strings_in_first_order_with_their_index(strings):
    from servicelab.lexicon_batch import _distinct

    vocab, vid = _distinct(strings)
    assert vocab == list(dict.fromkeys(strings))
    assert [vocab[v] for v in vid.tolist()] == strings and vid.dtype == np.int64
