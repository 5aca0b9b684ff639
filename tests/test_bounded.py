"""Bounded cost (issue 18 §4): work that grows linearly with the input, checked by results
and memory ceilings, not by timings (those are in benchmarks/bench_bounded.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicelab.sentences import QuoteCoverage, is_quoted

ROOT = Path(__file__).resolve().parents[1]

spans_st = st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)).map(
    lambda t: (t[0], t[0] + t[1])), max_size=30)


def is_quoted_reference(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    """The former implementation (sentences × spans), kept as the reference."""
    inside = 0
    for qs, qe in spans:
        if qs < e and qe > s:
            inside += min(e, qe) - max(s, qs)
    return e > s and inside * 2 >= (e - s)


@settings(max_examples=300, deadline=None)
@given(spans_st, st.lists(st.tuples(st.integers(-5, 260), st.integers(-5, 260)), max_size=40))
def test_is_quoted_equals_the_pairwise_reference(spans, sentences):
    cover = QuoteCoverage(spans)
    for s, e in sentences:
        overlap = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in spans) if e > s else 0
        assert cover.inside(s, e) == overlap
        assert is_quoted(s, e, cover) == is_quoted_reference(s, e, spans)
        assert is_quoted(s, e, spans) == is_quoted_reference(s, e, spans)


def _count_trainings() -> None:
    """Run on each Dask worker: count calls of ``train_default_model`` in that process."""
    from servicelab import sentiment_model as sm

    if getattr(sm, "_test_trainings", None) is None:
        train = sm.train_default_model
        sm._test_trainings = 0

        def counted():
            sm._test_trainings += 1
            return train()

        sm.train_default_model = counted


def _trainings() -> int:
    from servicelab import sentiment_model as sm

    return sm._test_trainings


def _dask_against_pandas(tmp_path, analysis: str, table: str, install, count) -> dict:
    """Run ``analysis`` on the seeds with Dask (2 process workers, ``install`` run on each
    first) and with pandas; the ``table`` of both must be equal. Returns ``count`` per worker,
    read after the Dask run."""
    from distributed import Client, LocalCluster

    from servicelab.engines import analyse, build, read_table

    raw = ROOT / "data" / "raw"
    build(raw, tmp_path / "pd", max_chunk_bytes=4_000)
    build(raw, tmp_path / "dk", max_chunk_bytes=4_000)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        client.run(install)
        analyse(tmp_path / "dk", engine="dask", names=[analysis], client=client)
        per_worker = client.run(count)
    analyse(tmp_path / "pd", engine="pandas", names=[analysis])
    a = read_table(tmp_path / "pd", table)
    b = read_table(tmp_path / "dk", table)
    key = list(a.columns[:3])
    pd.testing.assert_frame_equal(a.sort_values(key).reset_index(drop=True),
                                  b.sort_values(key).reset_index(drop=True))
    return per_worker


def test_dask_workers_receive_the_sentiment_model_once(tmp_path, monkeypatch):
    """Issue 18 §4: two workers analyse four partitions; the model is trained at most once
    (in the client) and no worker trains it again; the tables equal the pandas engine's."""
    from servicelab import sentiment_model as sm

    client_trainings = []
    train = sm.train_default_model
    monkeypatch.setattr(sm, "train_default_model",
                        lambda: client_trainings.append(1) or train())
    per_worker = _dask_against_pandas(tmp_path, "sentiment", "sentiment", _count_trainings,
                                      _trainings)
    assert len(per_worker) == 2
    assert sum(per_worker.values()) == 0, per_worker
    assert len(client_trainings) <= 1


def _count_stance_fits() -> None:
    """Run on each Dask worker: count stance models fitted in that process."""
    from servicelab import stance_model as st

    if getattr(st, "_test_fits", None) is None:
        fit = st.fit
        st._test_fits = 0

        def counted(*args, **kwargs):
            st._test_fits += 1
            return fit(*args, **kwargs)

        st.fit = counted


def _stance_fits() -> int:
    from servicelab import stance_model as st

    return st._test_fits


def test_dask_workers_receive_the_stance_model_and_do_not_fit_it(tmp_path):
    """Issue 17/18: the defence analysis's fallback classifier is fitted in the client and
    shipped; no worker fits it again, and the stance table equals the pandas engine's."""
    per_worker = _dask_against_pandas(tmp_path, "defence", "stance", _count_stance_fits,
                                      _stance_fits)
    assert len(per_worker) == 2
    assert sum(per_worker.values()) == 0, per_worker


def test_documents_over_the_limit_are_one_line_errors(tmp_path):
    from servicelab import engines
    from servicelab.errors import CorpusInputError

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "big.txt").write_text("Die Lieferung kam nicht. " * 100, encoding="utf-8")
    (corpus / "small.txt").write_text("Die Lieferung kam doch.", encoding="utf-8")
    with pytest.raises(CorpusInputError, match=r"^big\.txt: document of 2,500 bytes is over "
                       r"the limit of 1,000 bytes per document; split it"):
        engines.build(corpus, tmp_path / "out", max_document_bytes=1_000)
    result = engines.build(corpus, tmp_path / "out2", max_document_bytes=1_000,
                           on_error="skip")
    assert result.tables["documents"] == 1
    errors = engines.read_table(tmp_path / "out2", "errors")
    assert errors["path"].tolist() == ["big.txt"]
    assert "over the limit" in errors["problem"].iloc[0]


def test_large_documents_report_their_stages(tmp_path, monkeypatch):
    """With progress on, a document of at least LARGE_DOCUMENT_BYTES gets a stage bar that
    sees every stage in order; smaller documents get none."""
    from servicelab import engines

    seen: list[list[str]] = []

    class Recorder:
        def __init__(self, label: str, stages: int) -> None:
            self.stages = stages
            seen.append([])

        def __call__(self, stage: str) -> None:
            seen[-1].append(stage)

        def close(self) -> None:
            assert len(seen[-1]) == self.stages

    monkeypatch.setattr(engines, "StageBar", Recorder)
    monkeypatch.setattr(engines, "LARGE_DOCUMENT_BYTES", 1_000)
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "big.txt").write_text("Die Lieferung kam nicht. " * 100, encoding="utf-8")
    (corpus / "small.txt").write_text("Die Lieferung kam doch.", encoding="utf-8")
    engines.build(corpus, tmp_path / "out", progress=True)
    assert seen == [["normalise", "pseudonymise", "boilerplate", "posts, segments, sentences",
                     "near-duplicate signature"]]
    seen.clear()
    engines.build(corpus, tmp_path / "out2", progress=False)
    assert seen == []


MEMORY_CEILING_SCRIPT = '''
import resource, sys
import pandas as pd
from servicelab.dedup import flag_duplicates
letter = ("Beschwerde {i}: Die Lieferung kam nicht. Ich habe am 3. März bestellt und bis heute "
          "nichts erhalten. Der Kundenservice hat mir zweimal versprochen, dass das Paket "
          "unterwegs ist. Bitte erstatten Sie mir den Kaufpreis oder liefern Sie die Ware sofort.")
n = int(sys.argv[1])
docs = pd.DataFrame({"doc_id": [f"l{i:06d}" for i in range(n)],
                     "content": [letter.format(i=i) for i in range(n)]})
docs["n_chars"] = docs["content"].str.len()
flag_duplicates(docs.head(50))  # warm up: lazy imports and first allocations happen here
with open("/proc/self/status") as fh:
    size_kb = int(fh.read().split("VmSize:")[1].split()[0])
ceiling = size_kb * 1024 + int(sys.argv[2]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
print(int(flag_duplicates(docs).notna().sum()))
'''


def test_form_letters_dedup_under_a_memory_ceiling(tmp_path):
    """5,000 near-identical letters share all their LSH buckets; flagging them must fit in
    200 MB above the process's size after start-up (all pairs inside a bucket, 12.5 million,
    did not)."""
    import subprocess
    import sys

    script = tmp_path / "ceiling.py"
    script.write_text(MEMORY_CEILING_SCRIPT, encoding="utf-8")
    n = 5_000
    proc = subprocess.run([sys.executable, str(script), str(n), "200"], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.strip().splitlines()[-1:]
    assert int(proc.stdout) == n - 1


# ---- one large document: each step linear (issue 18: the 8 MB single-line page) ----------

class _CountingSpans(list):
    """A span list that counts how often its elements are read."""

    reads = 0

    def __iter__(self):
        for s in super().__iter__():
            type(self).reads += 1
            yield s

    def __getitem__(self, i):
        type(self).reads += 1
        return super().__getitem__(i)


def _page(n: int):
    """A page of ``n`` lines, every other one a furniture span (as a flat export gives)."""
    from servicelab.boilerplate import Span

    lines = [f"Zeile {i} mit etwas Text." for i in range(n)]
    text = "\n".join(lines)
    spans, pos = [], 0
    for i, line in enumerate(lines):
        if i % 2:
            spans.append(Span(pos, pos + len(line), "share_widget"))
        pos += len(line) + 1
    return text, spans


def test_title_search_reads_each_furniture_span_a_bounded_number_of_times():
    from servicelab.posts import find_titles

    reads = []
    for n in (200, 800):
        text, spans = _page(n)
        _CountingSpans.reads = 0
        assert find_titles(text, _CountingSpans(spans)) == find_titles(text, spans)
        reads.append(_CountingSpans.reads)
    # the former linear search read up to every span for every line: 16x for 4x the lines
    assert reads[1] <= 5 * reads[0], reads


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12),
                          st.sampled_from(["a", "b", "post_format_label"])), max_size=25),
       st.lists(st.integers(-3, 80), max_size=30))
def test_span_index_finds_the_first_span_the_linear_search_finds(raw, positions):
    from servicelab.boilerplate import Span
    from servicelab.posts import _SpanIndex

    spans = [Span(a, a + n, k) for a, n, k in raw]
    index = _SpanIndex(spans)
    for pos in positions:
        expected = next((s for s in spans if s.start <= pos < s.end
                         or s.start == s.end == pos), None)
        found = index(pos)
        assert found is expected or (found is not None and expected is not None
                                     and spans.index(found) == spans.index(expected))


def test_mojibake_repair_reads_only_the_lines_that_need_it(monkeypatch):
    import ftfy

    from servicelab import normalise

    seen = []
    real = ftfy.fix_text

    def spy(text, *args, **kwargs):
        seen.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(normalise.ftfy, "fix_text", spy)
    clean = "Die Lieferung kam nicht, der Kundendienst schwieg.\n" * 20_000
    text = clean + "Ich habe Ã¼ber eine Woche gewartet.\n" + clean
    fixed = normalise.repair_mojibake(text)
    assert "über eine Woche" in fixed and fixed.count("\n") == text.count("\n")
    assert sum(seen) < 200, seen  # the damaged line, not the 2 MB around it


_MOJI = ["Ã¼ber", "Ã¤", "â€ž", "Ã", "Â", "a", "\x85", "\x07", "\u2028", "\r", "\n", " ", "gut", "ä",
         "\ufeff", "\x1b[31m"]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_MOJI), max_size=30), st.integers(1, 12))
def test_mojibake_repair_by_segment_equals_ftfy_on_the_whole_text(pieces, size):
    import ftfy

    from servicelab import normalise

    text = "".join(pieces)
    config = normalise._FTFY._replace(max_decode_length=size)
    original = normalise._FTFY
    try:
        normalise._FTFY = config
        assert normalise._ftfy_segments(text) == ftfy.fix_text(text, config)
    finally:
        normalise._FTFY = original


_MAIL = ["max", ".", "@", "web", "de", " ", "(at)", " [at] ", "[dot]", " (dot) ", "-", "_",
         "\n", "info", "x", "ü", "(", ")", ",", "2"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_MAIL), max_size=40), st.integers(0, 12))
def test_email_search_near_hints_equals_the_whole_scan(pieces, reach):
    from servicelab.contact_details import EMAIL, email_spans

    text = "".join(pieces)
    assert email_spans(text, reach=reach) == [m.span() for m in EMAIL.finditer(text)]


_BOX = ["Anna", "Berg", "Dr.", "Max", " ", "\n", "ist", "war", "Redakteur", "Autorin",
        "Chefredakteur", "schreibt", "seit", "1997", ",", "-", "Lena", "sehr", "→", "x1"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_BOX), max_size=30))
def test_author_cues_near_their_words_equal_the_whole_scan(pieces):
    from servicelab import privacy

    text = " ".join(pieces) if len(pieces) % 2 else "".join(pieces)
    whole = [m.group("who") for m in privacy._AUTHOR_BOX.finditer(text)]
    assert [m.group("who") for m in privacy._author_boxes(text)] == whole
    arrow = privacy._AUTHOR_CUES[-1]
    assert [m.span() for m in privacy._arrow_authors(text)] == \
        [m.span() for m in arrow.finditer(text)]
