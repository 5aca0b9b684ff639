# %% [markdown]
# # 03 · Response latency: how long do complainants wait?
#
# ## Overview
# Complaint texts carry their own clock: "am 3.5.2019 bestellt", "die Antwort kam knapp zwei
# Wochen später", "zwei Tage darauf", "eine halbe Stunde in der Warteschleife", "seit drei
# Monaten". Blog pages often carry no publication date of their own. This notebook asks:
#
# 1. Which temporal expressions do the texts contain, and what do they mean on the calendar
#    when the only anchors are the dates the writers mention themselves?
# 2. Which service events (order, promise, complaint, vendor response, cancellation, fix, …)
#    does each case report, and when?
# 3. How long did customers wait — for a first answer, for a promised switch-over, for a fix —
#    and how do these waits compare with published webcare figures?
# 4. How well does the rule-based tagger agree with hand-made gold annotations, beside a
#    general-purpose date parser (`dateparser`), on the seeds and on held-out external text?
#
# ## Prerequisites
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | pandas DataFrames | necessary | filtering, `groupby`, `merge` |
# | TIMEX3 values (`2014-12-17`, `P2W`, `T16:00`) | necessary | `CODEBOOK.md` §4 |
# | Precision, recall, F1 | helpful | used in the validation section |
# | `00_corpus` | helpful | how posts, segments and sentences are made |
#
# Time to learn: 30 minutes.

# %% [markdown]
# ## Imports

# %%
import warnings

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown

from servicelab import heldout, heldout_rounds, palette, validation
from servicelab import timeline as TL
from servicelab import timex as TX
from servicelab import timex_evaluation as TE
from servicelab.annotations import load_gold
from servicelab.findings import findings_markdown, is_hold_time
from servicelab.tables import as_corpus, is_seed_corpus, load_or_build

# dateparser's German data triggers a pytz/regex DeprecationWarning on some versions
warnings.filterwarnings("ignore", category=DeprecationWarning, module="dateparser")
warnings.filterwarnings("ignore", category=DeprecationWarning, module="regex")
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)

# %% [markdown]
# ## Parameters
# `corpus_dir` is the folder of `.txt` pages, `external_dir` holds the external corpora
# (GermEval 2017 in `germeval2017/`). The held-out check draws `HELDOUT_N` GermEval documents
# with `SEED` and keeps those of at most `HELDOUT_MAX_CHARS` characters; the gold file
# `timex_gold_germeval.csv` was made for exactly that draw. With papermill:
# `papermill 03_response_latency.ipynb out.ipynb -p corpus_dir /path/to/texts`.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
tables_dir = "../data/processed"  # built tables: read, or built here once
external_dir = "../data/external"
SEED = 42
HELDOUT_N = 60
HELDOUT_MAX_CHARS = 1000

# %% [markdown]
# ## Data
# The corpus tables come from `build_corpus` (see `00_corpus`). The tagger reads every post
# body and comment (page furniture is left out) and anchors expressions per post; the
# explicit years of the whole page are used for one check only, weekday/date consistency.

# %%
built = load_or_build(corpus_dir, tables_dir)  # every table of the build
corpus = as_corpus(built, corpus_dir)  # + the private pseudonym map, for the gold
ON_SEEDS = is_seed_corpus(built)  # commentary on particular seed pages only then
tables = built  # the build's timex, events and latency tables
timexes, events, latency = tables["timex"], tables["events"], tables["latency"]
print(corpus)
print(f"{len(timexes)} temporal expressions, {len(events)} events, "
      f"{len(latency)} latency measurements")

# %% [markdown]
# ### What kinds of time do the texts talk about?

# %%
counts = timexes.pivot_table(index="doc_id", columns="type", values="timex_id",
                             aggfunc="count", fill_value=0)
counts

# %%
# Which document talks in which kind of time, read from the table above (not typed).
if counts.empty:
    said = "The texts contain no temporal expression."
else:
    said = "Most expressions of each type: " + "; ".join(
        f"`{t}` in `{counts[t].idxmax()}` ({counts[t].max()} of {counts[t].sum()})"
        for t in counts.columns) + "."
Markdown(said + " Durations and deictic words (\"heute\", \"morgen\") cannot be placed on "
         "a calendar without a date to anchor them, such as a comment's date.")

# %% [markdown]
# A few rows of the `timex` table. `value` is the TIMEX3 normalisation, `anchor` the id of
# the expression it was resolved against, `offset` the relation to that anchor.

# %%
cols = ["timex_id", "text", "type", "value", "mod", "anchor_text", "offset"]
# the document with the most calendar dates (any document when there are none)
dates = timexes[timexes["type"] == "DATE"]
example_doc = (dates if len(dates) else timexes)["doc_id"].value_counts().sort_index()
example_doc = example_doc.idxmax() if len(example_doc) else None
print(f"document: {example_doc}")
timexes[timexes["doc_id"] == example_doc][cols].reset_index(drop=True).head(10)

# %% [markdown]
# ## Method
# ### Tagging and normalising
# `servicelab.timex` is a rule-based tagger written for this project (HeidelTime's idea of
# extraction rules plus a normalisation step, none of its rules). Each rule starts at a
# *core* — a digit, a month, weekday, unit or deictic word from the CSV word lists in
# `servicelab/data/timex_*.csv` — and reads modifiers around it: hedges ("ca.", "knapp",
# "bis zu" → `mod`), number words, "später/darauf" (relative dates), "vor" (ago), "jeden"
# (sets). Numbers that only look like dates are refused: versions (`USB 2.0`), prices
# (`149,99`), phone numbers, coupon codes, section numbers.
#
# Without a document date, anchoring follows the codebook: partial dates take the year of
# the nearest explicit date of the post; a weekday next to a partial date fixes the year if
# exactly one year within two years of the page's explicit years fits; weekdays resolve
# forward from the last calendar date; relative expressions from the last dated expression,
# or from the date they stand in apposition to. Deictic words (heute, morgen) keep an offset
# but no calendar date — except inside a quoted e-mail whose arrival the text dates.

# %%
demo = ("Sie haben am 30.12.2014 bestellt. Ein Tag später – also am 31.12. kam die Storno-Mail. "
        "Die Umstellung sollte am Mittwoch, den 17. Dezember über die Bühne gehen, "
        "bis 18 oder 19 Uhr. Am Freitagvormittag folgt der Rückruf. Tags drauf: storniert!")
TX.tag_frame(demo)[["text", "type", "value", "mod", "anchor_text", "offset", "rule"]]

# %% [markdown]
# Read the `anchor_text` column: "31.12." borrows its year from "30.12.2014"; "Ein Tag
# später" takes the date it stands in apposition to; the Wednesday fixes 2014 for "17.
# Dezember"; "Freitagvormittag" is counted forward from that Wednesday and "Tags drauf" from
# the last dated expression before it. In the two-part range only "19 Uhr" carries "Uhr"; the
# "18" inherits it.

# %% [markdown]
# ### Events and latencies
# `servicelab.timeline` marks sentences that report a service event (trigger patterns in
# `timex_event_triggers.csv`; a comment by a vendor voice is a vendor response) and dates each
# event by the expression of its own sentence nearest to the trigger, else by the narrative
# reference time of its segment (`dated_by = context`), else by a relative offset such as
# "Tags drauf" (`relative`). A *case* is a post. Latencies are the intervals between the first
# dated events of two kinds, plus waiting times the writers state themselves (`stated`).
# `precision` says how far a number can be trusted: `exact_day`, `exact_time`, `approximate`
# (a hedge or month granularity), `lower_bound` ("seit", "erst nach dem …"), `upper_bound`
# ("bis zu").

# %%
ev_cols = ["event", "trigger", "timex_text", "value", "precision", "dated_by"]
# the case with the most dated events (a post of the corpus, chosen by the data)
dated_per_case = events[events["value"].notna()]["case_id"].value_counts().sort_index()
example_case = dated_per_case.idxmax() if len(dated_per_case) else None
print(f"case: {example_case}")
events[events["case_id"] == example_case][ev_cols].head(10)

# %% [markdown]
# Most sentences of a narrative carry no date of their own; they inherit the reference time
# set by the last dated sentence of the same post body (`context`). Sentences inside a quoted
# letter keep the reference of the sentence that introduces the letter.

# %% [markdown]
# ## Results
# ### Case timelines
# One panel per case with at least two events dated to a calendar day. Promised times are
# open diamonds; the arrow runs from the first promise to the first fix or delivery after it.

# %%
style = palette.EVENT  # colour and marker per event kind, as everywhere
dated = events[events["day"].notna()].copy()
dated["when"] = pd.to_datetime(dated["day"])
cases = sorted(c for c, g in dated.groupby("case_id") if g["day"].nunique() >= 2
               or len(g) >= 3)
if cases:
    fig, axes = plt.subplots(len(cases), 1, figsize=(9, 2.4 * len(cases)), squeeze=False)
    for ax, case in zip(axes[:, 0], cases, strict=True):
        g = dated[dated["case_id"] == case]
        kinds = [k for k in TL.EVENT_KINDS if k in set(g["event"])]
        for k in kinds:
            colour, marker = style[k]
            pts = g[g["event"] == k]
            ax.scatter(pts["when"], [kinds.index(k)] * len(pts), color=colour, marker=marker,
                       s=60, facecolors="none" if k == "promised" else colour, zorder=3)
        promised = g[g["event"] == "promised"].sort_values("when")
        actual = g[g["event"].isin(["fix", "delivery"])].sort_values("when")
        if len(promised) and len(actual):
            p0 = promised.iloc[0]
            a0 = actual[actual["when"] >= p0["when"]]
            if len(a0):
                ax.annotate("", xy=(a0.iloc[0]["when"], kinds.index(a0.iloc[0]["event"])),
                            xytext=(p0["when"], kinds.index("promised")),
                            arrowprops={"arrowstyle": "->", "color": palette.EVENT["promised"][0]})
        ax.set_yticks(range(len(kinds)), kinds)
        ax.set_ylim(-0.7, len(kinds) - 0.3)
        span = (g["when"].max() - g["when"].min()).days
        ax.set_xlim(g["when"].min() - pd.Timedelta(days=1 + span // 10),
                    g["when"].max() + pd.Timedelta(days=1 + span // 10))
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, -(-(span + 2) // 6))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m.%y"))
        ax.set_title(case, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    plt.show()
else:
    print("No case in this corpus has events on two calendar days.")

# %%
# Commentary on particular seed cases: shown only when this corpus is the seed pages.
Markdown("On the seed pages, the panels put the writers' own dates on a common axis: in the "
         "Telekom case the promise, the failed switch-over, the hotline calls, the escalation "
         "on Twitter and the fix follow within a few days; the Cyberport case spans weeks "
         "between delivery and complaint; the Redcoon order and its cancellation are a day "
         "apart.") if ON_SEEDS else None

# %% [markdown]
# ### Latencies across cases
# Every measurement with its precision and the words it rests on. `days` is fractional for
# stated waits in minutes or hours.

# %%
lat_view = latency[["case_id", "from_event", "to_event", "days", "precision", "source",
                    "evidence"]].copy()
lat_view["hours"] = (lat_view["days"] * 24).round(2)
lat_view = lat_view.sort_values(["case_id", "source", "from_event", "to_event"])
lat_view.reset_index(drop=True).round(3)

# %% [markdown]
# Three sources of evidence sit side by side: two dated events (`dates`), a relative
# expression that only gives the distance to the previous event (`relative`, "Tags drauf"),
# and the waiting times the writers state (`stated`). Only the first kind can be checked
# against a calendar; the others are as good as the writer's memory.

# %% [markdown]
# ### Set against published webcare figures
# Einwiller & Steilen (2015) coded 5,023 complaint threads on the Facebook and Twitter pages of
# 34 large US companies (18 Feb – 17 Mar 2013): 47 % of the complaints got no company answer;
# when the company answered, the first response came after 8 h 24 min on average and within
# 46 minutes for half of them (the median is over answered complaints only). Istanbulluoglu
# (2017) asked consumers who had complained on social media: they expected a reply within
# 1–3 hours on Twitter and 3–6 hours on Facebook. These are typed from the papers, not
# computed here; our numbers come from the self-selected stories of this corpus, written
# *because* something went wrong, so they describe cases, not rates.

# %%
published = pd.DataFrame([
    {"source": "Einwiller & Steilen 2015", "measure": "complaints unanswered",
     "value": "47 %"},
    {"source": "Einwiller & Steilen 2015", "measure": "first response, median (answered)",
     "value": "46 min"},
    {"source": "Einwiller & Steilen 2015", "measure": "first response, mean (answered)",
     "value": "8 h 24 min"},
    {"source": "Istanbulluoglu 2017", "measure": "expected reply on Twitter", "value": "1–3 h"},
    {"source": "Istanbulluoglu 2017", "measure": "expected reply on Facebook", "value": "3–6 h"},
])
def wait_text(days: float, precision: str) -> str:
    """Days at day precision, minutes or hours for shorter stated waits."""
    if precision in {"exact_day", "lower_bound"} and days >= 1 or days == 0:
        return "same day" if days == 0 else f"{days:g} days"
    return f"{days * 1440:.0f} min" if days < 1 / 24 else f"{days * 24:.1f} h"


complaint_cases = sorted(set(events.loc[events["event"] == "complaint", "case_id"]))
answered = sorted(set(events.loc[events["event"] == "vendor_response", "case_id"])
                  & set(complaint_cases))
# a time on hold is not a response: read each row's kind from the table, keep holds apart
hold = is_hold_time(latency) if len(latency) else pd.Series(dtype=bool)
first = latency[~hold & (latency["from_event"] == "complaint")
                & (latency["to_event"] == "vendor_response")]
holds = latency[hold]
ours = pd.DataFrame([
    {"source": "this corpus", "measure": "cases with a complaint",
     "value": str(len(complaint_cases))},
    {"source": "this corpus", "measure": "… of which with a vendor response in the text",
     "value": str(len(answered))},
    *[{"source": "this corpus",
       "measure": f"complaint → first response ({r.source}, {r.precision})",
       "value": wait_text(r.days, r.precision)} for r in first.sort_values("days").itertuples()],
    *[{"source": "this corpus", "measure": f"time on hold, not a response ({r.precision})",
       "value": wait_text(r.days, r.precision)} for r in holds.sort_values("days").itertuples()],
])
pd.concat([published, ours], ignore_index=True)

# %% [markdown]
# ### Waiting on the hotline versus waiting for a fix
# Times on hold and times to a fix, one bar per measurement, on a log scale: minutes and
# months on one axis.

# %%
Markdown("On the seed pages: the same Telekom customer waits minutes for an agent and days "
         "for a working line; the Twitter complaint in the second post of "
         "`002_298609f3879511e1` has been open for months.") if ON_SEEDS else None

# %%
waits = latency[latency["days"] > 0].copy()
waits["label"] = (waits["case_id"] + " "
                  + waits["from_event"] + "→" + waits["to_event"] + ": "
                  + waits["evidence"].str.replace(r"^[\w ]+: ", "", regex=True).str.slice(0, 28))
waits["hours"] = waits["days"] * 24
waits = waits.sort_values(["hours", "label"]).reset_index(drop=True)
if len(waits):
    colours = palette.LATENCY_SOURCE
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(waits) + 1.2))
    ax.barh(range(len(waits)), waits["hours"], color=[colours[s] for s in waits["source"]])
    ax.set_yticks(range(len(waits)), waits["label"], fontsize=8)
    ax.set_xscale("log")
    for x, lab in [(1 / 60, "1 min"), (1, "1 h"), (24, "1 day"), (24 * 30, "1 month")]:
        ax.axvline(x, color=palette.GUIDE, lw=0.8, ls=":")
        ax.text(x, len(waits) - 0.4, lab, fontsize=8, color=palette.GUIDE_TEXT)
    ax.axvspan(1, 3, color=palette.REFERENCE, alpha=0.3, label="expected on Twitter (1–3 h)")
    for src, col in colours.items():
        ax.barh([0], [0], color=col, label=src)
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    ax.set(xlabel="hours (log scale)", title="Stated and measured waiting times")
    fig.tight_layout()
    plt.show()
else:
    print("No positive waiting times in this corpus.")

# %%
by_scale = waits.assign(scale=pd.cut(waits["hours"], [0, 1, 24, 24 * 30, 1e6],
                                     labels=["< 1 hour", "hours", "days", "months"]))
by_scale.groupby("scale", observed=False).agg(
    measurements=("hours", "size"),
    examples=("label", lambda s: "; ".join(s.head(2))))

# %%
Markdown("On the seed pages the scales differ by orders of magnitude: the hotline answers "
         "within minutes, but the problem behind the call takes days, and a problem handled "
         "in public on Twitter can stay open for months. What frustrates these writers is "
         "rarely the first response time that webcare studies measure; it is the time to a "
         "fix and broken promises.") if ON_SEEDS else None

# %% [markdown]
# ## Validation
# ### Temporal expressions on the seed gold
# `timex_gold.csv` lists every temporal expression of every seed post with its TIMEX3 value,
# annotated by reading against the codebook before the tagger ran. Strict span match needs
# identical offsets, lenient any overlap (one-to-one); value accuracy is over lenient
# matches, value F1 counts a lenient match with the right value as a hit (TempEval-3 style).
# The baseline is `dateparser.search.search_dates(languages=["de"])` with `DATE_ORDER="DMY"`
# and `PREFER_DATES_FROM="past"`, run on the same segments in the same run. Its hits are read
# generously: a year that is not written stays `XXXX` (not the parser's guess), a clock time
# becomes `THH:MM`. **Caveat:** the tagger's rules were written while reading these seeds,
# so these scores are in-sample.

# %%
doc_ids = set(corpus.documents["doc_id"])
gold = load_gold("timex_gold")
gold = gold[gold["doc_id"].isin(doc_ids)]
scores, matches = {}, None
if gold.empty:
    print("The seed gold is not part of this corpus: no validation on it.")
else:
    gold = TE.align_gold(gold, corpus)
    # the gold documents and their near-duplicates (which repeat the gold's expressions)
    dup_of = corpus.documents.set_index("doc_id")["duplicate_of"]
    seed_docs = sorted(set(gold["doc_id"]) | set(dup_of[dup_of.isin(set(gold["doc_id"]))].index))
    pred = timexes[timexes["doc_id"].isin(seed_docs)]
    baseline = TE.dateparser_table(corpus)
    baseline = baseline[baseline["doc_id"].isin(seed_docs)]
    matches = TE.match_spans(pred, gold)
    scores["servicelab.timex (seeds)"] = TE.span_scores(matches)
    scores["dateparser (seeds)"] = TE.span_scores(TE.match_spans(baseline, gold))
    print(pd.DataFrame(scores).T.to_string())

# %% [markdown]
# ### Held-out: GermEval 2017 documents annotated before tagging
# Fifty-six short Deutsche Bahn feedback documents, drawn at random and annotated before the
# tagger ever saw them; the misses they revealed were not fixed right away (codebook §4.1.7).
# One of them, clock times written without "Uhr", was later covered by the rules of issue 15
# (written from the larger sample below), so this set is no longer strictly unseen; the test
# half of that sample is. Each document is tagged on its own.

# %%
heldout_scores, heldout_matches = {}, None
try:
    texts = validation.timex_heldout_texts(SEED, HELDOUT_N, HELDOUT_MAX_CHARS, external_dir)
except FileNotFoundError:
    texts = None
    print("GermEval 2017 not found under external_dir: held-out check skipped.")
if texts is not None:
    heldout_scores, heldout_matches = validation.timex_heldout(texts)
    n_gold = heldout_scores["servicelab.timex (held-out)"]["gold"]
    print(f"{len(texts)} documents, {n_gold} gold expressions")
    print(pd.DataFrame(heldout_scores).T.to_string())

# %% [markdown]
# On text the rules were not written for, the tagger loses recall (clock times without
# "Uhr", capitals, rarer words) but keeps its precision; dateparser's many hits are mostly
# function words ("die", "mit", "so") read as weekdays or months.

# %%
# in-sample (the seeds the rules were written on) and held-out scores in separate panels
panels = [(name, pd.DataFrame(sc).T) for name, sc in
          [("in-sample: seeds (rules written on them)", scores),
           ("held-out: GermEval, annotated before tagging", heldout_scores)] if sc]
if panels:
    cols = ["strict_F1", "lenient_F1", "value_accuracy", "value_F1"]
    fig, axes = plt.subplots(1, len(panels), figsize=(5.2 * len(panels), 3.6), sharey=True,
                             squeeze=False)
    for ax, (name, table) in zip(axes[0], panels, strict=True):
        table[cols].plot.bar(ax=ax, rot=0, width=0.8, legend=False)
        ax.set(ylim=(0, 1.05), ylabel="score", title=name)
        ax.set_xticks(range(len(table)), [i.split(" (")[0] for i in table.index], fontsize=8)
    axes[0][-1].legend(frameon=False, fontsize=8, loc="upper right")
    fig.suptitle("Tagger vs dateparser")
    plt.tight_layout()
    plt.show()

# %% [markdown]
# ### Held-out: the GermEval sample's test half (issue 15)
# A second held-out set: 400 GermEval 2017 documents drawn with a fixed seed plus 120 drawn from documents that state a duration (`germeval_sample.csv`, `germeval_waits_sample.csv`, codebook §6, §6.8), labelled for temporal expressions, events and stated waits, split by rank into a tuning and a test half. The gold was frozen at commit `65eb5f4` (the last commit that touched it;
# `servicelab.germeval_gold.GOLD_COMMIT`). Rules were then written while reading the **tuning**
# half, so its scores are in-sample; the **test** half was scored once, after the rules were
# frozen. The target column is issue 15's; `n_test` is the number of gold (or predicted, for
# precision) items on the test half.

# %%
halves = pd.DataFrame()
if texts is not None:
    try:
        halves = heldout.latency_halves()
    except FileNotFoundError:
        print("GermEval 2017 not found: the halves are not scored here")
halves.round(3)

# %%
Markdown(heldout.summary(halves)) if len(halves) else None

# %% [markdown]
# **Which figure to quote.** The test half above was scored once when round two's rules were
# frozen (commit `cbfcb32`). The wait rules changed after it, tuned on the tuning half only, so
# its test column is a second look. From round three on, each round of rules is scored once on a
# fresh set of complaint texts written and labelled for it by a session that read no rule
# (`servicelab.heldout_rounds`); after that one scoring the set becomes tuning data. The figures
# of every round, as first scored, are in `docs/heldout_scores.md`.
#
# ### Held out: the current round's fresh set

# %%
fresh_round = heldout_rounds.latest()
Markdown(fresh_round.describe(latest=True))

# %%
fresh = heldout.round_latency(fresh_round) if texts is not None else pd.DataFrame()
fresh.round(3)

# %%
Markdown(heldout.summary(fresh, fresh_round.texts)) if len(fresh) else None

# %% [markdown]
# ### Earlier rounds' sets: tuning data now

# %%
Markdown("\n\n".join(r.describe(latest=False) for r in heldout_rounds.earlier()))

# %%
heldout_rounds.in_sample(heldout.round_latency).round(3) if texts is not None else None

# %% [markdown]
# ### Where the tagger goes wrong on held-out text
# Gold expressions it missed or normalised differently (known misses; expression texts only).

# %%
if heldout_matches is not None:
    wrong = heldout_matches[heldout_matches["gold_start"].notna()
                            & ~(heldout_matches["strict"] & heldout_matches["value_ok"])]
    print(wrong[["gold_text", "gold_value", "pred_text", "pred_value"]]
          .fillna("—").reset_index(drop=True).to_string())

# %% [markdown]
# ### Events and latencies on the seed gold
# `events_gold.csv` lists the events of every case with the day a reader can give them. A
# predicted event is right when the gold has the same kind in the same sentence;
# `date_agrees` counts right events whose day also agrees. The detector was written on the
# same seeds (in-sample).

# %%
egold = load_gold("events_gold")
egold = egold[egold["doc_id"].isin(doc_ids)]
if egold.empty:
    print("The event gold is not part of this corpus.")
else:
    egold = TL.gold_events(egold, corpus)
    print(TL.event_scores(events, egold).to_string(index=False))

# %% [markdown]
# The latencies a reader computes from the gold events, beside the detector's (`dates` only):

# %%
if not egold.empty:
    post_of = dict(zip(egold["case_id"], egold["post_id"], strict=False))
    gl = TL.latencies(egold).assign(post_id=lambda d: d["case_id"].map(post_of))
    pl = latency[latency["source"] == "dates"].rename(columns={"case_id": "post_id"})
    both = gl.merge(pl, on=["post_id", "from_event", "to_event"], how="outer",
                    suffixes=("_gold", "_tagger"))
    both["case"] = both["case_id"].fillna("")
    view = both[["case", "post_id", "from_event", "to_event", "days_gold", "precision_gold",
                 "days_tagger", "precision_tagger"]]
    print(view.sort_values(["post_id", "from_event"]).fillna("—").to_string(index=False))

# %% [markdown]
# ## Limitations
# * **Self-reported time.** Every date is the complainant's (or the vendor's) account, written
#   after the fact and selected for a story; "knapp einen Monat" and "rund fünf Minuten" are
#   perceptions. A handful of complaint pages is not a sample of service encounters: no rate
#   (such as the 47 % unanswered) can be estimated from it.
# * **No document dates.** Deictic words stay unresolved (`XXXX-XX-XX`) and the year of a
#   partial date is borrowed from other dates of the post or, via weekday consistency, of the
#   page. A page whose posts span years could mislead the weekday rule (it needs exactly one
#   fitting year within two years).
# * **In-sample seeds.** Gold and rules were made by the same person on the same seed pages;
#   the seed scores are optimistic. The held-out GermEval sample (56 documents, 55
#   expressions) is small and from another genre (tweets, news snippets).
# * **Known misses** (held-out): clock times without "Uhr" or a preposition (`Ankunft 19:03`,
#   `07:00 D: …`), `17:45h`, all-capital dates (`DONNERSTAG, DEN 10. DEZEMBER 2015`),
#   `Vorjahr`, `Jahre später`, `tagsüber`, the adjective `heutigen`, a weekday/date that
#   needs a year from a date written in capitals, datelines in parentheses that fix `heute`.
#   On the seeds: `Dezember-Heft` and `Herbstgespräche` are left out by design.
# * **Events** are found by trigger phrases: a customer's "Antwort:" counts as a vendor
#   response, past orders of other commenters count as orders, a promise without a time
#   ("Zusage") is not a `promised` event. Dating by context assumes the narrative moves in
#   the order it is told.
#
# ## Exercises
# 1. **Add a relative expression.** "übernächste Woche" (the week after next) is not tagged.
#    Copy `servicelab/data/timex_relative_words.csv`, add a row `übernächste,2,rel,my addition` and tag
#    with your rules: `rules = TX.TimexRules.load(relative_words="my_relative_words.csv")`,
#    `TX.tag_frame("übernächste Woche", rules=rules)` — the value should be `XXXX-WXX` with
#    offset `+P2W`. Then `TL.build_tables(corpus, rules=TL.TimelineRules.load(timex=rules))`
#    rebuilds the timeline with them; no package file is touched.
# 2. **Give the pages a date.** `TX.tag(text, dct=date(2015, 1, 5))` resolves deictic words.
#    Re-tag the example case above (`example_case`) with a date its own text gives and compare
#    how `heute` and its latencies change.
# 3. **Fix a known miss.** Make `Ankunft 19:03` a TIME without accepting football scores
#    (`2:1`) or Bible verses; re-run the held-out cell and report the new strict F1 — and why
#    it is no longer a held-out number.
# 4. **Your own corpus.** Point `corpus_dir` at your texts: which cases have dated events, and
#    what share of complaints shows a vendor response?

# %% [markdown]
# ## Key findings on this corpus
# Computed from the built tables by the same function as the report's index (`servicelab.findings`),
# near-duplicate documents left out: each share and median with its n, coverage and 95 %
# bootstrap interval, or "not measurable" when it rests on too little.

# %%
Markdown(findings_markdown("03_response_latency", built))

# %% [markdown]
# ## Summary
# The tagger finds and normalises the temporal expressions of German complaint prose,
# anchoring partial and relative dates without a document date. On this run, read from the
# tables above:

# %%
said = []
for name, sc in [("the seed gold (in-sample)", scores),
                 ("the held-out GermEval documents", heldout_scores)]:
    tagger = next((v for k, v in sc.items() if k.startswith("servicelab.timex")), None)
    parser = next((v for k, v in sc.items() if k.startswith("dateparser")), None)
    if tagger and parser:
        verb = "above" if tagger["value_F1"] > parser["value_F1"] else "not above"
        said.append(f"* On {name} the tagger's value F1 is {tagger['value_F1']:.2f}, {verb} "
                    f"dateparser's {parser['value_F1']:.2f}.")
said.append(f"* {len(answered)} of {len(complaint_cases)} case(s) with a complaint show a "
            f"vendor response in the text; {len(first)} complaint-to-response time(s) and "
            f"{len(holds)} time(s) on hold (kept apart) were measured.")
if len(waits):
    scale = by_scale.groupby("scale", observed=False).size()
    said.append("* Waiting times by scale: " + ", ".join(
        f"{k} {int(v)}" for k, v in scale.items()) + f" ({len(waits)} in all).")
Markdown("\n".join(said))

# %% [markdown]
# Next: `04_community_defence` asks who speaks up for the vendor in the comments.
#
# ## Resources
# * Einwiller, S. A., & Steilen, S. (2015). Handling complaints on social network sites – An
#   analysis of complaints and complaint responses on Facebook and Twitter pages of large US
#   companies. *Public Relations Review*, 41(2), 195–204.
#   https://doi.org/10.1016/j.pubrev.2014.11.012
# * Istanbulluoglu, D. (2017). Complaint handling on social media: The impact of multiple
#   response times on consumer satisfaction. *Computers in Human Behavior*, 74, 72–82.
#   https://doi.org/10.1016/j.chb.2017.04.016
# * Pustejovsky, J., Castaño, J., Ingria, R., Saurí, R., Gaizauskas, R., Setzer, A., & Katz, G.
#   (2003). TimeML: Robust specification of event and temporal expressions in text. *New
#   Directions in Question Answering* (AAAI Spring Symposium), 28–34.
# * Strötgen, J., & Gertz, M. (2013). Multilingual and cross-domain temporal tagging.
#   *Language Resources and Evaluation*, 47(2), 269–298.
#   https://doi.org/10.1007/s10579-012-9179-y
# * Strötgen, J., & Gertz, M. (2011). WikiWarsDE: A German corpus of narratives annotated with
#   temporal expressions. *Proceedings of the Conference of the German Society for
#   Computational Linguistics and Language Technology (GSCL 2011)*, 129–134.
# * UzZaman, N., Llorens, H., Derczynski, L., Allen, J., Verhagen, M., & Pustejovsky, J.
#   (2013). SemEval-2013 Task 1: TempEval-3: Evaluating time expressions, events, and temporal
#   relations. *Proceedings of SemEval 2013*, 1–9.
# * Wojatzki, M., Ruppert, E., Holschneider, S., Zesch, T., & Biemann, C. (2017). GermEval
#   2017: Shared task on aspect-based sentiment in social media customer feedback.
#   *Proceedings of the GermEval 2017 Workshop*, Berlin, 1–12. (Data: CC BY-NC 4.0.)
# * dateparser (Scrapinghub), https://dateparser.readthedocs.io — `search.search_dates`.
