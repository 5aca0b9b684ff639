# %% [markdown]
# # 06 · Scaling out: the same tables on Dask
#
# ## Overview
# Five blog pages fit in memory; a crawl of a complaint forum, a brand's customer-care
# archive or the One Million Posts corpus do not. servicelab therefore has two engines that
# run the same per-partition code: **pandas** (one process, the default) and **Dask** (a
# cluster of worker processes, on one machine or many). This notebook asks:
#
# 1. Does the Dask engine give exactly the tables the pandas engine gives?
# 2. What does its output look like on disk, and how is it read back?
# 3. How do table-shaped exports (JSON Lines) with bad rows go through the same build?
#
# ## Prerequisites
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | `00_corpus` | necessary | the corpus tables and their columns |
# | Dask DataFrame | helpful | lazy, partitioned DataFrames; `.compute()` gives pandas |
# | Parquet | helpful | the column file format every table is written in |
#
# Time to learn: 10 minutes.

# %% [markdown]
# ## Imports

# %%
import json
import random
import tempfile
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from servicelab.corpus import COLUMNS
from servicelab.engines import build, read_table
from servicelab.inputs import TableOptions
from servicelab.reading import list_corpus_files, read_file

pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)

# %% [markdown]
# ## Parameters
# `corpus_dir` is the folder whose paragraphs are recombined into a generated corpus of
# `n_documents` pages; `n_workers` is the size of the local Dask cluster.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
n_documents = 300
n_workers = 2
SEED = 42

# %% [markdown]
# ## Data: a generated corpus
# To see partitions at work we need more than five files. The pages below are recombined
# from the paragraphs of the corpus in `corpus_dir` with a fixed seed: each page takes a few
# paragraphs, every third page gets a small comment thread with `@handles`, and every 25th
# page repeats the one before with a one-line postscript — a near-duplicate the build must
# flag even when the two pages land in different partitions. (Short pages that happen to
# draw mostly the same paragraphs are near-duplicates too.)

# %%
paragraphs = [line[:400] for f in list_corpus_files(corpus_dir)  # any encoding, see 00
              for line in read_file(f).text.splitlines() if len(line.strip()) > 20]
rng = random.Random(SEED)
workdir = Path(tempfile.mkdtemp(prefix="servicelab_scale_"))
pages_dir = workdir / "pages"
pages_dir.mkdir()
previous = None
for i in range(n_documents):
    if previous and i % 25 == 24:
        lines = [*previous, "Nachtrag: immer noch keine Antwort."]
    else:
        lines = [rng.choice(paragraphs) for _ in range(rng.randint(2, 6))]
        if i % 3 == 0:
            lines += ["", "2 Kommentare", ""] + [
                f"@{rng.choice(['Anna', 'Telekom_hilft'])} {rng.choice(paragraphs)}"
                for _ in range(2)]
    previous = lines
    (pages_dir / f"page_{i:04d}.txt").write_text("\n".join(lines), encoding="utf-8")
n_bytes = sum(p.stat().st_size for p in pages_dir.iterdir())
print(f"{n_documents} pages, {n_bytes / 1e6:.2f} MB, from {len(paragraphs)} paragraphs")

# %% [markdown]
# ## Method
# ### The pandas engine
# `build` with `engine="pandas"` cuts the input into partitions (here of at most 100 kB so
# that even this small corpus has several), processes one after the other and streams each
# table into a single file `<table>.parquet`.

# %%
pandas_out = workdir / "tables_pandas"
result_pandas = build(pages_dir, pandas_out, engine="pandas", max_chunk_bytes=100_000)
print(f"pandas engine: {result_pandas.partitions} partitions")
sorted(p.name for p in pandas_out.iterdir())

# %% [markdown]
# ### The Dask engine
# The same call with `engine="dask"` and a `distributed` client. On the command line,
# `servicelab build … --engine dask` starts a `LocalCluster` itself (one worker process per
# core), or joins a running scheduler with `--scheduler tcp://HOST:8786`; here we start a
# small in-process cluster so the notebook stays quick. Its dashboard would show the tasks
# live; we do not print its address, which changes from run to run.

# %%
cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=False,
                       dashboard_address=":0")
client = Client(cluster)
dask_out = workdir / "tables_dask"
result_dask = build(pages_dir, dask_out, engine="dask", client=client,
                    max_chunk_bytes=100_000)
print(f"dask engine: {result_dask.partitions} partitions on {n_workers} workers")

# %% [markdown]
# Every table is now a folder of parts; part *i* of each table holds the rows of the same
# documents (partition *i* of the input):

# %%
layout = pd.DataFrame(
    [{"table": name, "parts": len(list((dask_out / name).glob("part-*.parquet"))),
      "rows": result_dask.tables[name]} for name in COLUMNS])
layout

# %% [markdown]
# ## Results
# ### Reading partitioned tables with Dask
# `dask.dataframe.read_parquet` reads a table folder lazily, one Dask partition per part
# file; nothing is loaded until `.compute()`. Here: sentences per role of the speaker, with
# the segments joined in.

# %%
sentences = dd.read_parquet(dask_out / "sentences")
segments = dd.read_parquet(dask_out / "segments", columns=["segment_id", "role", "kind"])
print(f"sentences: {sentences.npartitions} partitions")
per_role = (sentences.merge(segments, on="segment_id")
            .groupby(["kind", "role"]).size().compute()
            .rename("sentences").reset_index().sort_values(["kind", "role"]))
per_role.reset_index(drop=True)

# %% [markdown]
# ### Near-duplicates across partitions
# The flagged pages and the pages they repeat. Whether or not a pair was cut into different
# partitions, the group-by on LSH band keys sees it. In a cluster of near-duplicates the
# longest page counts as the original, so here the page with the postscript is kept and
# the page before it is flagged.

# %%
docs = read_table(dask_out, "documents")
flagged = docs.loc[docs["duplicate_of"].notna(), ["doc_id", "duplicate_of", "n_chars"]]
print(f"{len(flagged)} near-duplicates flagged")
flagged.head(10).reset_index(drop=True)

# %% [markdown]
# ### A table-shaped export with bad rows
# The same pages as JSON Lines, one post per row, with an id and a date column — and three
# bad rows: an empty text, an unreadable date and a repeated id. With `on_error="skip"` they
# end up in the `errors` table, each naming file, row and problem.

# %%
export = workdir / "export.jsonl"
rows = [{"post_id": f"post{i:04d}", "message": p.read_text(encoding="utf-8"),
         "created": f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00"}
        for i, p in enumerate(sorted(pages_dir.iterdir()))]
rows[10]["message"] = " "
rows[20]["created"] = "letzte Woche"
rows[30]["post_id"] = "post0001"
export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                  encoding="utf-8")
options = TableOptions(text_column="message", id_column="post_id", date_column="created")
jsonl_out = workdir / "tables_jsonl"
result_jsonl = build(export, jsonl_out, engine="dask", client=client, options=options,
                     on_error="skip", max_chunk_bytes=100_000)
read_table(jsonl_out, "errors")

# %%
read_table(jsonl_out, "documents")[["doc_id", "path", "date", "n_chars"]].head(5)

# %% [markdown]
# ## Validation
# The claim of this notebook: both engines give the same tables. For every corpus table we
# read both outputs, sort them by their ids and compare every cell.

# %%
def same(name: str) -> bool:
    a, b = read_table(pandas_out, name), read_table(dask_out, name)
    key = list(a.columns[:2])
    a = a.sort_values(key).reset_index(drop=True)
    b = b.sort_values(key).reset_index(drop=True)
    return a.equals(b)


validation = pd.DataFrame([{"table": name, "rows pandas": result_pandas.tables[name],
                            "rows dask": result_dask.tables[name], "identical": same(name)}
                           for name in COLUMNS])
validation

# %%
assert validation["identical"].all()
client.close()
cluster.close()

# %% [markdown]
# ## Limitations
# - On a corpus this small the Dask engine is slower than pandas: starting workers and
#   scheduling tasks costs more than it saves. It pays off from tens of megabytes on; see
#   `benchmarks/RESULTS.md` for measured speed-ups and memory.
# - With a cluster of several machines, the input and output folders must be on a file
#   system that every worker mounts under the same path.
# - Analyses that need the whole corpus at once (`per_document=False` in their registry record) run as one
#   task on one worker, which needs memory for the whole corpus.
#
# ## Exercises
# 1. Change `max_chunk_bytes` to 20 000 and 1 000 000. How many partitions and part files do
#    you get — and do the tables change?
# 2. Write the export as CSV instead of JSON Lines (`csv.DictWriter`) and build it with
#    `fmt="csv"`. Which row numbers do the errors report?
# 3. Read `sentences` with `dd.read_parquet` and compute the mean sentence length per
#    document role without calling `.compute()` before the last step.
#
# ## Summary
# The Dask engine runs the same per-partition functions as the pandas engine and writes
# partitioned Parquet that Dask, DuckDB or Spark read as one table; near-duplicates are
# found across partitions with a group-by on MinHash band keys. Exports with a text column
# are built like folders of text files, bad rows reported like bad files.
#
# ## Resources
# - Rocklin, M. (2015). *Dask: Parallel Computation with Blocked algorithms and Task
#   Scheduling*. Proceedings of the 14th Python in Science Conference, 126–132.
# - Broder, A. Z. (1997). *On the resemblance and containment of documents*. Compression and
#   Complexity of Sequences, IEEE, 21–29.
# - Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of Massive Datasets*
#   (3rd ed.), chapter 3: Finding Similar Items. Cambridge University Press.
# - Dask documentation: deploying a cluster from the command line,
#   https://docs.dask.org/en/stable/deploying-cli.html
