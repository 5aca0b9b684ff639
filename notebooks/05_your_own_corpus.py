# ---
# jupyter:
#   servicelab:
#     report: false
# ---

# %% [markdown]
# # 05 · Your own corpus: from a folder of texts to a report
#
# ## Overview
# The notebooks 00–04 were written on five seed pages. You will have your own complaints: a
# folder of forum threads, blog pages, app-store reviews or e-mails. This tutorial walks
# through the steps that make servicelab useful on them, in the order you should take them:
#
# 1. **Bring a folder** and build the tables — and read what the reader made of each file.
# 2. **Check the segmenter**: are posts, comments and vendor replies where you see them?
# 3. **Add vendors to the gazetteer**, so that the shops of *your* corpus are recognised.
# 4. **Label twenty items with the codebook** and measure the sentiment method against them.
# 5. **Run the report**: every notebook on your corpus, as HTML pages you can share.

# %% [markdown]
# ## Prerequisites
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | `00_corpus` | necessary | the tables and their columns |
# | `01_sentiment` | helpful | what the sentiment methods measure |
# | `data/annotations/CODEBOOK.md` §2 | necessary | the labelling rules of step 4 |
# | Cohen's kappa | helpful | agreement beyond chance |
#
# Time to learn: 30 minutes, plus the time to label your own twenty items.

# %% [markdown]
# ## Imports

# %%
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator
from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix

from servicelab import build_corpus, entities, palette, sentiment
from servicelab.annotations import align
from servicelab.blame import BlameRules, build_tables, cue_table
from servicelab.entities import Gazetteer
from servicelab.errors import CorpusInputError
from servicelab.findings import findings_for
from servicelab.report import main as report_main

pd.set_option("display.max_colwidth", 70)
pd.set_option("display.width", 120)
warnings.filterwarnings("ignore", category=UserWarning, module="sklearn")

# %% [markdown]
# ## Parameters
# Set `corpus_dir` to your folder (relative to this notebook or absolute). `gold_file` holds
# your twenty labels (step 4); `report_dir` holds your files and the report (step 5). The defaults
# run the tutorial on the seed corpus with the twenty labels we made for it.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
gold_file = "../data/annotations/tutorial_gold.csv"
report_dir = "../build/tutorial_report"
SEED = 42

# %% [markdown]
# ## Step 1 · Bring a folder and build the tables
# Any folder of `.txt` files works; sub-folders are searched too. Each file is one
# document: a blog page with its comments, a forum thread, one e-mail. The reader detects
# UTF-8 (with or without BOM), UTF-16 and cp1252/Latin-1 and records which it used. A file it
# cannot read (empty, binary, undecodable) stops the build with one line naming the file; with
# `on_error="skip"` it is listed in `corpus.errors` instead, as here.

# %%
corpus = build_corpus(corpus_dir, on_error="skip")
corpus

# %% [markdown]
# Read the document table first. A wrong encoding shows up as a strange `n_chars` to
# `n_bytes` ratio (UTF-16 has two bytes per character) or as mojibake in the text; a
# near-duplicate (`duplicate_of`) is a page you saved twice.

# %%
docs = corpus.documents[["doc_id", "encoding", "n_bytes", "n_chars", "duplicate_of"]]
print(docs["encoding"].value_counts().sort_index().to_string())
if len(corpus.errors):
    print(f"{len(corpus.errors)} file(s) skipped:")
    print(corpus.errors.head(10).to_string(index=False))
else:
    print("Every file was read.")
docs.head(10)

# %% [markdown]
# ## Step 2 · Check what the segmenter made of it
# The segmenter splits each page into posts, each post into its body and comments, and
# gives every comment a role: `commenter`, or `vendor` when it speaks for the company. It
# looks for author lines ("Anna sagt:"), reply markers (`@Name`), greetings and blank lines.
# Your pages may format comments differently — so look before you trust any count.

# %%
seg = corpus.segments
overview = pd.DataFrame({
    "posts": corpus.posts.groupby("doc_id").size(),
    "comments": seg[seg["kind"] == "comment"].groupby("doc_id").size(),
    "vendor_comments": seg[seg["role"] == "vendor"].groupby("doc_id").size(),
}).fillna(0).astype(int).sort_index()
overview.head(10)

# %% [markdown]
# Now read one thread as the segmenter cut it: one line per segment with its role, author
# and first words. Open the same file in an editor next to it. Do comments start where a new
# person speaks? Is every reply of the shop marked `vendor`?

# %%
comments = seg[seg["kind"] == "comment"]
if comments.empty:
    print("The segmenter found no comments in this corpus: each post is a body only. If your "
          "files do contain comment threads, their format is not recognised (see Exercise 1).")
    thread = None
else:
    busiest = comments.groupby("post_id").size().sort_values(ascending=False, kind="stable")
    thread = seg[seg["post_id"] == busiest.index[0]].sort_values("position")
    view = thread.assign(first_words=thread["text"].str.slice(0, 60).str.replace("\n", " "))
    print(f"Thread {busiest.index[0]}: {len(thread)} segments")
    print(view[["position", "kind", "role", "author", "first_words"]].head(12)
          .to_string(index=False))

# %% [markdown]
# A picture of the same thread shows its rhythm: long complaint, short replies, where the
# vendor comes in.

# %%
if thread is not None:
    colours = palette.ROLE  # one colour per voice in every notebook
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.bar(thread["position"], thread["text"].str.len(),
           color=[palette.colour(colours, r) for r in thread["role"]])
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    ax.legend(handles, list(colours), frameon=False, fontsize=8, loc="upper left",
              bbox_to_anchor=(1.0, 1.0))
    ax.set(xlabel="segment position in the thread", ylabel="characters", yscale="log",
           title="One thread as the segmenter cut it")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    plt.tight_layout()
    plt.show()
else:
    print("No thread to draw.")

# %% [markdown]
# ## Step 3 · Add vendors to the gazetteer
# Who is blamed (notebook 02) depends on recognising the actors: shops, manufacturers,
# hotlines. servicelab finds them with a *gazetteer*, a CSV list of names with their
# canonical entity and type (`retailer`, `telecom`, `platform`, `supplier`, `manufacturer`,
# `staff`, `customer`, `other`), shipped in the package and shown by
# `entities.gazetteer_table()`. First, what it knows:

# %%
known = entities.gazetteer_table()
print(f"{len(known)} entries")
print(known.groupby("entity_type").size().sort_values(ascending=False).to_string())

# %% [markdown]
# Which organisations does it find in your corpus? (`pronouns=False`: only names and nouns.)
# Names it has never seen are reported by two fallback rules ("bei <Name>", `@Name`) as
# `unknown_org`: these are your candidates.

# %%
mentions = entities.mentions_table(corpus, pronouns=False)
firms = mentions[mentions["entity_type"].isin(sorted(entities.FIRM_TYPES))]
if firms.empty:
    print("No organisation from the gazetteer is mentioned in this corpus.")
else:
    top = firms.groupby(["entity", "entity_type"]).size().rename("mentions").reset_index()
    print(top.sort_values(["mentions", "entity"], ascending=[False, True]).head(10)
          .to_string(index=False))
unknown = mentions.loc[mentions["source"] == "unknown_org", "surface"]
print("\nunknown names:", sorted(set(unknown))[:10] if len(unknown) else "none")

# %% [markdown]
# Add your vendors in a CSV **of your own**, with the gazetteer's columns and a `source`
# saying where you met each name — do not edit the package's file: your list belongs to your
# corpus and travels with it. Suppose your corpus is about bicycles (the two shops below are
# examples; replace them with yours):

# %%
mine = pd.DataFrame([
    {"surface": "Rose Bikes", "entity": "Rose Bikes", "entity_type": "retailer",
     "match": "name", "case": "i", "source": "my corpus: bicycle shop"},
    {"surface": "Fahrrad XXL", "entity": "Fahrrad XXL", "entity_type": "retailer",
     "match": "name", "case": "i", "source": "my corpus: bicycle chain store"},
])
mine_path = Path(report_dir) / "my_gazetteer.csv"
mine_path.parent.mkdir(parents=True, exist_ok=True)
mine.to_csv(mine_path, index=False)

# %% [markdown]
# `Gazetteer.load(extra=...)` merges your file with the shipped list. It checks every row
# (known entity type and match kind, a source, no name the gazetteer already has) and stops
# at the first bad one with one line naming your file and the row.

# %%
gazetteer = Gazetteer.load(extra=mine_path)
print(f"{len(known)} package rows + {len(mine)} of yours = {len(gazetteer.table())} rows")
try:
    bad = mine_path.with_name("bad_gazetteer.csv")
    mine.assign(entity_type=["bike shop", "retailer"]).to_csv(bad, index=False)
    Gazetteer.load(extra=bad)
except CorpusInputError as exc:
    print("a bad row is reported as:", exc)

# %% [markdown]
# What would your entries find? The mentions table with your gazetteer, next to the one with
# the shipped list (on the seeds: nothing new — they are not about bicycles).

# %%
with_mine = entities.mentions_table(corpus, pronouns=False, gazetteer=gazetteer)
new = with_mine[with_mine["entity"].isin(mine["entity"])]
print(f"{len(with_mine)} mentions with your gazetteer ({len(mentions)} without); "
      f"{len(new)} of your vendors")
if len(new):
    print(new[["sentence_id", "surface", "entity"]].head(5).to_string(index=False))

# %% [markdown]
# The blame analysis takes its rules — cue list, gazetteer, tunables — as one `BlameRules`
# object. Your own cues work the same way: copy the shipped cue list, add rows with a
# `source` and an `example`, and load it. Here one cue for "Abzocke" (rip-off), which the
# shipped list does not have:

# %%
cues_path = Path(report_dir) / "my_cues.csv"
my_cue = {"name": "ripoff", "kind": "negative_conduct", "regex": r"[\w-]*abzock\w*",
          "target_entity": "", "target_type": "", "source": "my corpus",
          "example": "Kundenabzocke bei der Sparkasse"}
pd.concat([cue_table(), pd.DataFrame([my_cue])]).to_csv(cues_path, index=False)
shipped = build_tables(corpus)["blame"]
rules = BlameRules.load(cues=cues_path, gazetteer=gazetteer)
mine_blame = build_tables(corpus, rules=rules)["blame"]
print(f"{len(shipped)} blame rows with the shipped rules, {len(mine_blame)} with yours")
mine_blame[mine_blame["cue_kind"].eq("negative_conduct")
           & mine_blame["cue"].str.contains("bzock")][["sentence_id", "pattern",
                                                      "target_entity", "cue"]]

# %% [markdown]
# In a notebook that is `build_tables(corpus, rules=BlameRules.load(cues="my_cues.csv"))`.
# On the command line the gazetteer is one option, merged with the shipped list:
#
# ```
# servicelab build my_texts --out my_tables --gazetteer my_gazetteer.csv
# servicelab analyse my_tables --gazetteer my_gazetteer.csv   # re-run the analyses only
# ```
#
# The package files stay unchanged, and your rows carry their `source`, so they survive
# every update of the package list.

# %% [markdown]
# ## Step 4 · Label twenty items and measure the method
# A number from a method means little until you know how often it agrees with a careful
# reader *on your texts*. The procedure, from `data/annotations/CODEBOOK.md`:
#
# 1. Draw a random sample (fixed seed, so that it can be redrawn).
# 2. Label every item by reading it against the codebook — **before** you look at what the
#    method says. Write down doubtful cases.
# 3. Only then run the method and compute the agreement.

# %% [markdown]
# The sample: sentences of 40–300 characters in the original (not duplicated) documents,
# not quotations of someone else, without pseudonyms, links or @handles, keyed by a quote
# (the first words, unique in the document) so that the labels survive changes of the
# sentence splitter.

# %%
originals = set(docs.loc[docs["duplicate_of"].isna(), "doc_id"])
texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
pool = corpus.sentences[corpus.sentences["doc_id"].isin(originals)
                        & ~corpus.sentences["quoted"]
                        & corpus.sentences["text"].str.len().between(40, 300)
                        & ~corpus.sentences["text"].str.contains(r"Person_|\[|@|http")]
pool = pool.assign(quote=[t if len(t) <= 60 else t[:61].rsplit(maxsplit=1)[0]
                          for t in pool["text"]])
pool = pool[[texts[d].count(q) == 1 for d, q in zip(pool["doc_id"], pool["quote"], strict=True)]]
n_items = min(20, len(pool))
sample = pool.sample(n=n_items, random_state=SEED).sort_values(["doc_id", "start"])
sheet = sample[["doc_id", "quote"]].assign(unit="sentence", label="", doubtful="", note="")
print(f"{len(pool)} eligible sentences; {n_items} drawn for labelling")
sheet[["doc_id", "quote"]].head(5)

# %% [markdown]
# Write the sheet to a CSV, open it in a spreadsheet, fill `label` (`negative`, `neutral`,
# `positive`), `doubtful` (1 where a second reader could choose otherwise) and `note`, and
# save it as your `gold_file`. The sheet goes next to the report:

# %%
sheet_path = Path(report_dir) / "labelling_sheet.csv"
sheet_path.parent.mkdir(parents=True, exist_ok=True)
sheet[["doc_id", "unit", "quote", "label", "doubtful", "note"]].to_csv(sheet_path, index=False)
print(f"wrote {len(sheet)} rows to {sheet_path.name}")

# %% [markdown]
# For the seed corpus we did exactly this: `data/annotations/tutorial_gold.csv` holds the
# twenty sentences the sampler above draws from the seeds, labelled by reading against
# `CODEBOOK.md` §2 before any method was run. `align` finds each quote in the corpus
# and returns the sentence that contains it.

# %%
gold = pd.read_csv(gold_file, dtype=str, keep_default_na=False)
gold = gold[gold["doc_id"].isin(set(corpus.documents["doc_id"])) & (gold["label"] != "")]
if gold.empty:
    print("None of the labelled items belongs to this corpus, so the method cannot be "
          "measured here: label the sheet above and set gold_file to it.")
    scored = None
else:
    aligned = align(gold, corpus, unit="sentence")
    sent_text = corpus.sentences.set_index("sentence_id")["text"]
    aligned = aligned.assign(text=aligned["sentence_id"].map(sent_text))
    print(f"{len(aligned)} labelled sentences aligned; label counts:")
    print(aligned["label"].value_counts().sort_index().to_string())

# %% [markdown]
# Now — and only now — the method. We compare the project's default method (`model`, a
# classifier trained on GermEval 2017 and One Million Posts, the best where it was validated
# on enough data — tweets and newspaper comments, not necessarily your texts) with the
# rule-based lexicon method `sentiws` (see notebook 01). Which one agrees with *you* is what
# the labels decide.

# %%
if not gold.empty:
    predicted = sentiment.labels(aligned["text"].tolist(), methods=["sentiws", "model"])
    scored = pd.concat([aligned.reset_index(drop=True), predicted], axis=1)
    rows = []
    for method in ["sentiws", "model"]:
        rows.append({"method": method, "n": len(scored),
                     "accuracy": accuracy_score(scored["label"], scored[method]),
                     "cohen_kappa": cohen_kappa_score(scored["label"], scored[method],
                                                      labels=list(sentiment.LABELS))})
    agreement = pd.DataFrame(rows).set_index("method").round(3)
    print(agreement.to_string())
    ranked_kappa = agreement["cohen_kappa"].sort_values(ascending=False, kind="stable")
    print(f"\nOn these {len(scored)} labels `{ranked_kappa.index[0]}` agrees best "
          f"(κ {ranked_kappa.iloc[0]:.2f}); `{ranked_kappa.index[-1]}` κ "
          f"{ranked_kappa.iloc[-1]:.2f}. κ near 0 is chance agreement, below 0 worse.")

# %% [markdown]
# Twenty items are few: one item is five percentage points of accuracy. A bootstrap over the
# items shows how wide the uncertainty is (1,000 resamples, fixed seed).

# %%
if scored is not None:
    rng = np.random.default_rng(SEED)
    idx = rng.integers(0, len(scored), size=(1000, len(scored)))
    for method in ["sentiws", "model"]:
        hits = (scored["label"].to_numpy() == scored[method].to_numpy())[idx].mean(axis=1)
        low, high = np.quantile(hits, [0.025, 0.975])
        print(f"{method}: accuracy 95 % interval {low:.2f}–{high:.2f}")

# %% [markdown]
# Where do they disagree? The confusion matrix of the better-agreeing method, gold in rows:

# %%
if scored is not None:
    best = agreement["cohen_kappa"].idxmax()
    cm = pd.DataFrame(confusion_matrix(scored["label"], scored[best],
                                       labels=list(sentiment.LABELS)),
                      index=[f"gold {x}" for x in sentiment.LABELS],
                      columns=[f"{best} {x}" for x in sentiment.LABELS])
    print(cm.to_string())
    doubtful = scored["doubtful"].astype(str).eq("1")
    ok = scored["label"] == scored[best]
    print(f"\nagreement on clear items: {ok[~doubtful].mean():.2f} (n={int((~doubtful).sum())}); "
          f"on doubtful items: {ok[doubtful].mean():.2f} (n={int(doubtful.sum())})")

# %% [markdown]
# Read the disagreements one by one: a method that misses irony ("so fabelhaftes Angebot")
# fails differently from one that misreads a factual sentence as negative.

# %%
if scored is not None:
    wrong = scored[scored["label"] != scored[best]]
    print(wrong.assign(text=wrong["text"].str.slice(0, 70))[["label", best, "text"]]
          .head(8).to_string(index=False))

# %% [markdown]
# ## Step 5 · Run the report
# `servicelab report CORPUS --out REPORT_DIR` (or `make report CORPUS=…`) builds the tables,
# runs every numbered notebook on your corpus with papermill, writes each as an HTML page with
# its figures, and an `index.html` with the key findings of each notebook, computed from the
# tables. If a notebook fails, the report stops with one line naming the notebook, the cell
# and the error, and keeps the executed notebook for you to open.
#
# Here we run only `00_corpus` to keep the tutorial fast; drop `--notebooks` for all of them.
# The report goes into its own sub-folder `report/`: servicelab writes only into a folder
# that is new, empty or its own, and `report_dir` already holds the CSV files made above.

# %%
report_out = Path(report_dir) / "report"
status = report_main([corpus_dir, "--out", str(report_out), "--notebooks", "00_corpus",
                      "--quiet"])
print("exit status", status)
print(sorted(p.name for p in report_out.iterdir() if p.suffix in (".html", ".ipynb")))

# %% [markdown]
# The index lists each notebook with findings like these, computed from the tables (not
# typed), so they change with your corpus:

# %%
for line in findings_for("00_corpus", corpus.tables()):
    print("-", line)

# %% [markdown]
# ### Your labels in the report: `--gold`
# The report can check its methods on your labels itself. A sheet with the columns `task`,
# `unit_id` and `label` (the format `servicelab sample` writes) goes to the report with
# `--gold`: every sentiment method is scored on it (accuracy, κ, precision, recall, F1 with
# bootstrap intervals), the one that agrees best computes the findings, and the index says
# which findings are validated on your corpus and which only on the shipped data. On the
# command line the whole path is:
#
# ```
# servicelab build CORPUS --out TABLES
# servicelab sample TABLES --task sentiment --n 60 --seed 1 --out sheet.csv   # label it
# servicelab report CORPUS --out REPORT --tables TABLES --gold sheet.csv
# ```
#
# Here the twenty labels of step 4 become such a sheet; the report reuses the tables it
# built above (same files, so nothing is rebuilt). A sheet with unknown ids, labels outside
# the codebook or repeated rows is refused with one line per problem.

# %%
if scored is not None:
    gold_sheet = Path(report_dir) / "my_sentiment_sheet.csv"
    (aligned.dropna(subset=["sentence_id"]).drop_duplicates("sentence_id")
     .assign(task="sentiment").rename(columns={"sentence_id": "unit_id"})
     [["task", "unit_id", "label"]].to_csv(gold_sheet, index=False))
    status = report_main([corpus_dir, "--out", str(report_out), "--notebooks", "00_corpus",
                          "--gold", str(gold_sheet), "--quiet"])
    print("exit status", status)
    scores = pd.read_csv(report_out / "validation.csv")
    print(scores[scores["measure"].isin(["accuracy", "kappa"])]
          .pivot(index="method", columns="measure", values="value").round(3).to_string())
else:
    print("No labels for this corpus yet: label the sheet of step 4 (or one from "
          "`servicelab sample`), then run the report with --gold.")

# %% [markdown]
# Open `index.html` from the report folder in any browser; the pages need no Jupyter and no
# network, so you can zip the folder and share it. Remember that the tables under
# `tables/` are pseudonymised, but the texts are still your texts: share them only as your
# data's licence allows.

# %% [markdown]
# ## Limitations
# - Twenty items give a rough estimate (see the bootstrap interval), not a benchmark; one
#   annotator gives no inter-annotator agreement.
# - The sampler excludes sentences with pseudonyms, links and handles, so the measured
#   agreement is for ordinary sentences; replies addressed to people are not in it.
# - The segmenter's rules were made on blog pages; other formats (e-mails, app reviews) need
#   their own check in step 2 before any thread statistic is trusted.

# %% [markdown]
# ## Exercises
# 1. Your forum writes "NAME hat kommentiert:" above each reply. Run step 2 on such a file,
#    see the comments merged, and add the verb to `SAYS` in `layout.py` with a test.
# 2. Label the sheet written in step 4 for *your* corpus, set `gold_file` to it and rerun.
#    Is the agreement on your texts better or worse than on the seeds?
# 3. Ask a fellow student to label the same twenty items without seeing your labels and
#    compute Cohen's kappa between the two of you. How does it compare with the method's?
# 4. Your forum names a holiday the tagger does not know ("Reformationstag", 31.10.). Copy
#    `servicelab/data/timex_holidays.csv`, add a row, and pass your copy in — no package
#    file changes: `from servicelab import timeline, timex`, then
#    `rules = timeline.TimelineRules.load(timex=timex.TimexRules.load(holidays="my.csv"))`
#    and `timeline.build_tables(corpus, rules=rules)`.

# %% [markdown]
# ## Summary
# A folder of texts becomes tables in one call; reading what the segmenter made of it, adding
# your vendors and labelling twenty items take an hour and tell you how far the numbers can
# be trusted on your data. The report then runs every analysis and gives you pages to share.
#
# ### What's next?
# Go back to notebooks 01–04 with your corpus and read each Validation section with your own
# twenty labels in mind.

# %% [markdown]
# ## Resources
# - Artstein, R., & Poesio, M. (2008). Inter-coder agreement for computational linguistics.
#   *Computational Linguistics*, 34(4), 555–596.
# - Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
#   Psychological Measurement*, 20(1), 37–46.
# - Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
# - papermill documentation: parameterising and executing notebooks,
#   https://papermill.readthedocs.io/
