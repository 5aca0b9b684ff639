# %% [markdown]
# # 02 · Who is to blame? Vendor blame and blame shifting
#
# ## Overview
# Complaint threads are arguments about responsibility. A shop says the delay is its
# supplier's doing, a hotline looks for the cause with the customer, a retailer calls a price
# "a mistake" and voids the order, commenters tell the complainant it is his own fault. This
# notebook asks:
#
# 1. Which actors are mentioned in each case — shops, operators, suppliers, manufacturers,
#    staff, the customer?
# 2. Who blames whom: how do complainants, commenters and vendor voices distribute blame over
#    these actors?
# 3. When does a vendor *shift* blame, and what does the sequence of shifts look like in a case?
# 4. How well do transparent rules find blame, measured against hand-made gold labels and on
#    texts the rules have never seen?
#
# ## Prerequisites
# | Concept | Importance | Notes |
# | --- | --- | --- |
# | [00 · What is in the corpus?](00_corpus.ipynb) | necessary | documents, posts, segments, sentences, offsets |
# | Regular expressions | helpful | the gazetteer and the cue list are regex data files |
# | Attribution theory, image repair | helpful | summarised below; see Resources |
# | `data/annotations/CODEBOOK.md` §3 | necessary for the validation | how the gold labels were made |
#
# Time to learn: 30 minutes.

# %% [markdown]
# ## Imports

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown

from servicelab import (
    annotation_agreement,
    germeval_evaluation,
    heldout,
    heldout_rounds,
    palette,
    validation,
)
from servicelab.annotations import align, load_gold
from servicelab.blame import (
    PATTERNS,
    BlameRules,
    case_vendors,
    cue_table,
    evaluate,
    sentence_voices,
    shift_chains,
)
from servicelab.entities import ENTITY_TYPES, find_mentions, gazetteer_table
from servicelab.findings import findings_markdown
from servicelab.heldout_texts import TextSet, score_vendors_blame
from servicelab.tables import as_corpus, is_seed_corpus, load_or_build

pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 130)

# %% [markdown]
# ## Parameters
# `corpus_dir` points at a folder of `.txt` files (relative to this notebook). Validation
# against the gold labels runs only for seed documents present in the corpus (`validate`);
# the held-out check on GermEval 2017 (`external_check`) does not depend on the corpus.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
tables_dir = "../data/processed"  # built tables: read, or built here once
validate = True
external_check = True
n_examples = 2

# %% [markdown]
# ## What exactly are we measuring?
# We code an **attribution of responsibility**: a sentence that says, or clearly implies,
# that an actor is at fault for something that went wrong in a concrete service episode. Not
# the tone (notebook 01), not who is *really* responsible, and not whether a commenter sides
# with the shop (notebook 04).
#
# The four patterns are coarse versions of established typologies:
#
# | pattern | who blames whom | image repair (Benoit 1995, 1997) | SCCT (Coombs 2007) |
# | --- | --- | --- | --- |
# | `accuses` | complainant, commenter or reporting author → a firm-side party | the accusation itself | crisis responsibility |
# | `shifts` | a vendor voice → another party or cause (supplier, department rules, "the system") | shifting the blame; defeasibility | deny: scapegoat; diminish: excuse |
# | `concedes` | a party → itself ("falsch aufgenommen … bei uns") | mortification; corrective action | rebuild: apology |
# | `customer_blame` | anyone → the complaining customer (unpaid bill, misuse, "selbst schuld") | attack the accuser | deny: attack the accuser |
#
# Behind all four stands the consumer-attribution question "who done it?" (Folkes 1984, 1988;
# Folkes & Kotsos 1986): is the cause located with the firm — retailer, manufacturer, staff —
# or with the consumer? Buyers and sellers answer it differently, which is exactly what a
# complaint thread makes visible. The *target type* records where the cause is located.
#
# **What the rules cannot see.** They read one sentence at a time, so blame carried by a
# pronoun ("Das haben Sie ignoriert") needs the post's main vendor as a stand-in; irony
# without a negative word, idioms ("die Rechnung ohne den Wirt machen") and arguments spread
# over several sentences are invisible; and a vendor's line reproduced in a dialogue without
# quotation marks looks like the author speaking.

# %% [markdown]
# ## Data
# We build the corpus tables (notebook 00) and keep the original documents: a near-duplicate
# would count the same blame twice.

# %%
built = load_or_build(corpus_dir, tables_dir)  # every table of the build
corpus = as_corpus(built, corpus_dir)  # + the private pseudonym map, for the gold
ON_SEEDS = is_seed_corpus(built)  # commentary on particular seed pages only then
docs = corpus.documents
originals = sorted(docs.loc[docs["duplicate_of"].isna(), "doc_id"])
texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
print(f"{len(docs)} documents, {len(originals)} originals, "
      f"{len(corpus.posts)} posts, {len(corpus.sentences)} sentences")

# %% [markdown]
# ## Method
# ### 1. Actor mentions
# A gazetteer (`src/servicelab/data/gazetteer.csv`) maps surface forms to a canonical entity
# and one of eight types. Every row says where it comes from: a seed, or a hand-compiled list
# of German retailers, operators, manufacturers and carriers for texts the seeds do not
# cover.

# %%
gaz = gazetteer_table()
(gaz.groupby(["entity_type", "match"]).size().rename("entries").reset_index()
 .sort_values(["entity_type", "match"]).reset_index(drop=True))

# %% [markdown]
# Company names are matched case-insensitively with possessive and derived endings; generic
# actors are matched inflected and as the head of a compound; a hyphenated compound that
# starts with a company ("Telekom-Mitarbeiter") records it as the staff member's
# `organisation`. Names the gazetteer has never seen are found as *unknown organisations* when
# written as `@Name` or after "bei" if the word is not a known German common word (the
# lexicon shipped with textblob-de). Pronouns depend on the voice: in a complainant's own
# words "ich/wir" are the customer, in a vendor's letter "wir" is the vendor and "Sie" the
# customer.

# %%
examples = [
    ("author", "Also bei der Telekom sei alles in Ordnung, sagte der Telekom-Mitarbeiter."),
    ("author", "Schaut mal bei Amazon nach, Ihr Redcoonisten – Cyberports Hotline ist besser."),
    ("author", "Nie wieder bestelle ich bei Zockerwelt24, @Schnellversand antwortet nie."),
    ("vendor", "Verzögert sich um zwei Wochen. Sagt unser Lieferant, Sie erhalten Nachricht."),
]
pd.DataFrame([{"voice": voice, "surface": m.surface, "entity": m.entity,
               "entity_type": m.entity_type, "source": m.source,
               "organisation": m.organisation}
              for voice, text in examples for m in find_mentions(text, voice)])

# %% [markdown]
# ### 2. Whose voice is a sentence?
# The voice is the segment's role (author, commenter, vendor) from notebook 00, with one
# correction: a vendor's letter or answer quoted inside a complaint — a shop's e-mail quoted in
# full, a reported "Sagt unser Lieferant", a hotline's "Wir prüfen noch einmal Ihre Leitung" — is
# the vendor speaking. A run of quoted sentences counts as vendor voice if it contains company
# wording ("wir" together with formal "Sie", a letter salutation, "unser Lieferant") or starts
# with "Antwort:".

# %%
voices = sentence_voices(corpus)
sents = corpus.sentences.merge(corpus.segments[["segment_id", "role"]], on="segment_id")
sents["voice"] = sents["sentence_id"].map(voices)
(sents[sents["doc_id"].isin(originals)]
 .groupby(["role", "quoted", "voice"]).size().rename("sentences").reset_index())

# %% [markdown]
# ### 3. Cues and rules
# The cue list (`src/servicelab/data/blame_cues.csv`) holds regular expressions of ten kinds,
# each with its source and an example sentence that triggers it (a test checks every
# example). Negative evaluations of conduct ("Unvermögen", "rüde", "vertröstet")
# and fault words ("Fehler", "falsch") become accusations when a firm-side actor is
# mentioned — the closest one is the target; causal constructions ("wegen", "liegt an",
# "Ursache … beim") take the actor that follows them.

# %%
cues = cue_table()
(cues.assign(seed=cues["source"].str.contains("seed"),
             general=cues["source"].str.contains("hand-compiled|issue"))
 .groupby("kind").agg(cues=("name", "size"), from_seeds=("seed", "sum"),
                      with_general_terms=("general", "sum"))
 .reset_index())

# %% [markdown]
# The pattern follows from the cue, the voice and the target, in a fixed order (codebook
# rule 3): blame on the customer is `customer_blame` whoever speaks; an own error or apology in
# a vendor voice is `concedes` for the vendor; a vendor pointing to anyone else — supplier,
# manufacturer, a department's rules, "the system" — `shifts`; everyone else blaming a
# firm-side party `accuses`. Pronouns and generic firm words ("dieser Laden", "Sie") stand for
# the post's **main vendor** (`servicelab.vendor_choice`): the retailer, operator, platform
# or local firm (found by name, handle or structure: "Autohaus Brenner GmbH") with at least
# half of the company mentions in the post; consumer centres and ombudsmen only when no firm
# is named. A post without one (an essay about many companies) gets no accusations through
# generic words.
#
# Cue list, gazetteer and tunables (how close a target must be to a fault word, how large a
# share makes the main vendor) form one `BlameRules` object that every function takes as
# `rules=`. Without it the shipped rules are used; `BlameRules.load(cues="my_cues.csv")` or
# `BlameRules.load(gazetteer=Gazetteer.load(extra="my_vendors.csv"))` try your own files
# without touching the package (notebook 05 shows how).

# %%
rules = BlameRules.default()
print(f"{len(rules.cues)} cues, {len(rules.gazetteer.entries)} gazetteer entries; target "
      f"within {rules.near} characters of a fault word, {rules.cause_window} after a cause")
# The built tables were made with the shipped rules (= `rules`); with your own rules,
# `tables = servicelab.blame.build_tables(corpus, rules=rules)` recomputes them here.
tables = built
mentions, blame = tables["mentions"], tables["blame"]
cases = case_vendors(mentions, corpus.sentences)
print(f"{len(mentions)} mentions, {len(blame)} blame rows; "
      f"main vendor found for {len(cases)} of {len(corpus.posts)} posts")

# %% [markdown]
# ## Results
# ### Mentions per case
# A *case* is a post: one service episode, or one essay. Pronouns are left out of the counts.

# %%
post_info = corpus.posts.set_index("post_id")["title"].fillna("").str.slice(0, 45)
m = mentions[mentions["source"] != "pronoun"].merge(
    corpus.sentences[["sentence_id", "post_id"]], on="sentence_id")
m = m[m["doc_id"].isin(originals)]
per_case = (pd.crosstab(m["post_id"], m["entity_type"])
            .reindex(columns=list(ENTITY_TYPES), fill_value=0))
per_case.insert(0, "main_vendor", [cases.get(p, ("–", ""))[0] for p in per_case.index])
per_case.insert(1, "title", [post_info.get(p, "") for p in per_case.index])
per_case.sort_index()

# %% [markdown]
# The most mentioned actors overall, and below them the organisations that the gazetteer did
# *not* know (found by the `@Name` / "bei <Name>" rules; read them: not every find is an
# organisation):

# %%
(m.groupby(["entity", "entity_type"]).size().rename("mentions").reset_index()
 .sort_values(["mentions", "entity"], ascending=[False, True]).head(12)
 .reset_index(drop=True))

# %%
m.loc[m["source"] == "unknown_org", ["doc_id", "start", "end", "surface"]].reset_index(drop=True)

# %% [markdown]
# ### Who blames whom?
# Every blame row has a voice and a target type. The left matrix counts blame rows over all
# patterns; the right one shows which patterns each voice uses.

# %%
b = blame[blame["doc_id"].isin(originals)]
roles = ["author", "commenter", "vendor"]
who_whom = (pd.crosstab(b["speaker_role"], b["target_type"])
            .reindex(index=roles, columns=list(ENTITY_TYPES), fill_value=0))
who_how = (pd.crosstab(b["speaker_role"], b["pattern"])
           .reindex(index=roles, columns=list(PATTERNS), fill_value=0))
fig, axes = plt.subplots(1, 2, figsize=(12.5, 3.4), gridspec_kw={"width_ratios": [2, 1.1]})
top = max(1, int(who_whom.to_numpy().max()), int(who_how.to_numpy().max()))  # one scale
for ax, mat, title in [(axes[0], who_whom, "target type"), (axes[1], who_how, "pattern")]:
    image = ax.imshow(mat.to_numpy(), cmap=palette.COUNTS_MAP, vmin=0, vmax=top,
                      aspect="auto")
    ax.set_xticks(range(mat.shape[1]), mat.columns, rotation=35, ha="right")
    ax.set_yticks(range(mat.shape[0]), mat.index if ax is axes[0] else [])  # same rows
    for (i, j), v in np.ndenumerate(mat.to_numpy()):
        ax.text(j, i, str(v), ha="center", va="center",
                color="white" if v > top / 2 else "black")
    ax.set_title(f"Blame rows: speaker role × {title}")
fig.colorbar(image, ax=list(axes), label="blame rows", fraction=0.03)
plt.show()

# %%
# Each voice's patterns, most frequent first, read from the right matrix (not typed).
def ranked(row: pd.Series) -> str:
    row = row[row > 0].sort_values(ascending=False, kind="stable")
    return ", ".join(f"{k} {v}" for k, v in row.items()) or "no blame row"


per_doc = b["doc_id"].value_counts().sort_index()
Markdown("Patterns by voice, most frequent first: " + "; ".join(
    f"**{r}**: {ranked(who_how.loc[r])}" for r in who_how.index) + ". "
    + (f"The counts are small: {len(b)} blame row(s) from {len(per_doc)} document(s), "
       f"{per_doc.max()} of them ({per_doc.max() / len(b):.0%}) from `{per_doc.idxmax()}`."
       if len(b) else "There are no blame rows on this corpus."))

# %%
who_whom

# %% [markdown]
# ### Blame per case

# %%
per_case_blame = (pd.crosstab(b["post_id"], b["pattern"])
                  .reindex(columns=list(PATTERNS), fill_value=0))
per_case_blame.insert(0, "main_vendor", [cases.get(p, ("–", ""))[0]
                                         for p in per_case_blame.index])
per_case_blame.sort_index()

# %% [markdown]
# ### Blame-shifting chains
# For each case, the vendor acts in text order — shifts, concessions and blame on the
# customer, whether the vendor says them or the author reports them — written as a sequence.
# A generic target that the text names elsewhere by apposition is resolved
# ("deren Lieferant ("Cyberport")").

# %%
chains = shift_chains(b, mentions, cases)
for row in chains.itertuples():
    print(f"{row.post_id}: {row.chain}")

# %%
Markdown("On the seed pages, read the Check24 chain as the issue describes it: the vendor "
         "names its supplier, the supplier turns out to be Cyberport, and when the order is "
         "voided the customer is said to have cancelled it. The Cyberport thread swings between "
         "the customer (late complaint, unpaid invoice, the wrong computer) and the shop's own "
         "error (\"falsch aufgenommen … bei uns\"); the last reply apologises and, in the same "
         "sentence, points to the accounting department's rules.") if ON_SEEDS else None

# %% [markdown]
# ### Quotes with provenance
# Every row points into the document text; `text[start:end]` is the sentence that carries
# the blame. `n_examples` examples per pattern:

# %%
ex = (b.sort_values(["pattern", "doc_id", "start"])
      .groupby("pattern", sort=False).head(n_examples).copy())
ex["sentence"] = [texts[r.doc_id][r.start:r.end][:90] for r in ex.itertuples()]
ex[["pattern", "doc_id", "start", "end", "speaker_role", "target_entity", "cue",
    "sentence"]].reset_index(drop=True)

# %% [markdown]
# ## Validation
# ### Against the seed gold labels
# `blame_gold.csv` holds one row per blame-carrying seed sentence (and pattern), labelled by
# reading the seeds against the codebook before the rules were run. Rows marked `doubtful`
# stay in. We compare (sentence, pattern) pairs on the original documents; predicted rows on
# sentences shorter than 15 characters are left out because gold cannot key them.
#
# **Caveat.** The cue list was written by reading these same seeds, so the numbers below are
# *in-sample*: they say how well the rules reproduce the reading they were built from, not
# how well they generalise. The held-out check further down answers that.

# %%
gold_all = load_gold("blame_gold")
gold_here = gold_all[gold_all["doc_id"].isin(originals)]
validate = validate and len(gold_here) > 0
if validate:
    gold = align(gold_here, corpus, unit="sentence")
    n_doubtful = int(gold["note"].str.contains("doubtful").sum())
    print(f"{len(gold)} gold rows ({n_doubtful} doubtful) in {gold['doc_id'].nunique()} "
          f"documents")
    scores = evaluate(b, gold)
else:
    print("no gold labels for the documents of this corpus: validation skipped")
    scores = pd.DataFrame()
scores

# %% [markdown]
# `type_agreement` is the share of correctly found (sentence, pattern) pairs whose target type
# also matches the gold. The misses show what the rules cannot see:

# %%
missed = pd.DataFrame(columns=["doc_id", "pattern", "speaker_role", "quote", "note"])
if validate:
    pred_keys = set(zip(b["sentence_id"], b["pattern"], strict=True))
    missed = gold[[(s, p) not in pred_keys
                   for s, p in zip(gold["sentence_id"], gold["pattern"], strict=True)]]
    missed = missed.assign(quote=missed["quote"].str.replace("\n", " ").str.slice(0, 60),
                           note=missed["note"].str.slice(0, 45))
    print(f"{len(missed)} gold rows missed; by pattern:",
          missed["pattern"].value_counts().sort_index().to_dict())
(missed[["doc_id", "pattern", "speaker_role", "quote", "note"]]
 .sort_values(["pattern", "doc_id", "quote"]).reset_index(drop=True).head(10))

# %% [markdown]
# ### Held-out check: texts the rules have never seen
# Fifty negative, relevant Deutsche Bahn feedback documents from the GermEval 2017
# development set (random sample, seed 42) were labelled by reading, document by document,
# before the rules were run on them (`blame_external_gold.csv`). Each document is treated as
# one text in the author's voice. Only counts and metrics are shown.

# %%
external = pd.DataFrame()
if external_check:
    try:
        external = validation.blame_heldout()
    except FileNotFoundError:
        print("external data not found: held-out check skipped")
external

# %% [markdown]
# These fifty documents were labelled before the first rules were run on them. When they were
# first scored, the rules found almost nothing here (`accuses` P 0.67, R 0.10): Deutsche Bahn
# could not be a case's vendor and tweets blame in words the seed-derived cues lacked. The
# rules written since (issue 15) were tuned on the tuning half of the larger sample below,
# not on these documents, so this set is still unseen by them.

# %% [markdown]
# ### Held-out: the GermEval sample's test half (issue 15)
# A second, larger held-out set: 400 GermEval 2017 documents drawn with a fixed seed (`germeval_sample.csv`, codebook §6) and labelled for organisations and blame, split by rank into a tuning and a test half. The gold was frozen at commit `65eb5f4` (the last commit that touched it;
# `servicelab.germeval_gold.GOLD_COMMIT`). Rules were then written while reading the **tuning**
# half, so its scores are in-sample; the **test** half was scored once, after the rules were
# frozen. The target column is issue 15's; `n_test` is the number of gold (or predicted, for
# precision) items on the test half.

# %%
halves = pd.DataFrame()
if external_check:
    try:
        halves = heldout.vendor_blame_halves()
    except FileNotFoundError:
        print("GermEval 2017 not found: the halves are not scored here")
halves.round(3)

# %%
Markdown(heldout.summary(halves)) if len(halves) else None

# %% [markdown]
# **Which figure to quote.** The test half above was scored once when round two's rules were
# frozen (commit `cbfcb32`, the README's table). The rules changed after that, tuned on the
# tuning half only, so this test column is now a second look at the same documents. From round
# three on, each round of rules is scored once on a fresh set of complaint texts written and
# labelled for it by a session that read no rule (`servicelab.heldout_rounds`); after that one
# scoring the set becomes tuning data. The figures of every round, as first scored, are in
# `docs/heldout_scores.md`.
#
# ### Held out: the current round's fresh set

# %%
fresh_round = heldout_rounds.latest()
Markdown(fresh_round.describe(latest=True))

# %%
fresh = score_vendors_blame(TextSet(fresh_round.texts)) if external_check else {}
fresh_table = (heldout.vendor_blame_table(fresh, fresh_round.texts_commit) if fresh
               else pd.DataFrame())
fresh_table.round(3)

# %%
Markdown(heldout.summary(fresh_table, fresh_round.texts)) if len(fresh_table) else None

# %% [markdown]
# **How far do two readers agree?** Every gold file has one reader. For the last two fresh sets a
# second session read a seeded sample (ten texts, five from each half; `random.Random(20261205)`)
# against the same codebook without seeing the first labels (`data/annotations/agreement/`):
# heldout9 (round ten's fresh set, tuning data now) and heldout10 (this round's).
# `annotation_agreement.readings_table` scores each against the first reading with the methods'
# own matching rules (F1 = agreement; for heldout9, four texts whose first organisation rows the
# second reader saw by mistake are left out of the organisation and main-vendor rows).
# Near-full agreement means the invented texts are unambiguous by design: it is these sets'
# ceiling, not that of real pages.

# %%
agreement = annotation_agreement.readings_table()[0] if external_check else pd.DataFrame()
agreement

# %% [markdown]
# Organisations and blame per pattern on the same set (`n` = gold items):

# %%
fresh["orgs"].round(3) if fresh else None

# %%
fresh["blame"].round(3) if fresh else None

# %% [markdown]
# **Rules, a classifier, or both?** A sentence classifier (TF-IDF word and character n-grams,
# one logistic regression per pattern) trained on the whole GermEval tuning half is scored on
# the fresh set beside the rules and the union of both (`compare_methods_on`); its
# cross-validated score on the tuning half itself is `germeval_evaluation.compare_methods`.

# %%
methods = pd.DataFrame()
if external_check:
    methods = germeval_evaluation.compare_methods_on(TextSet(fresh_round.texts).goldset())
methods.round(3)

# %% [markdown]
# **The sentence model on the fresh set (shipped from round six).** Round five trained a
# sentence model on the pooled tuning gold (`servicelab.blame_model`); round six chose, by
# leaving each tuning set out in turn (codebook §3), to ship it gated by the rules: it adds
# rows only to texts in which the rules found blame, one sentence per attribution the rules
# did not make. Round seven added heldout5 to its training data, character pieces to its
# features, and lets three sentences it flags open a text the rules found blameless; round
# eight added heldout6 (its reading limit kept at 27 sentences, `ModelSettings.max_sentences`);
# round nine added heldout7 and changed nothing else (the variants tried are in codebook §3);
# round ten added heldout8 and raised the probability a model row needs from .5 to .65, chosen
# by leaving each set out (`blame_evaluation`: the highest pooled precision whose pooled recall
# stays at .70 or more); round eleven added heldout9 and new cues, with which the same rule
# picks .70.
# The fresh set's blame table above is that shipped method; the rules alone are scored here
# beside it.

# %%
model_rows = pd.DataFrame()
if external_check:
    fresh_gold = TextSet(fresh_round.texts).goldset()
    model_rows = pd.concat(  # the shipped method's rows are the fresh set's blame table above
        [germeval_evaluation.score_blame(goldset=fresh_gold).assign(method="rules alone"),
         fresh["blame"].assign(method="rules + gated model (shipped)")])
(model_rows[model_rows["pattern"] == "all"].set_index("method").round(3) if len(model_rows)
 else model_rows)

# %% [markdown]
# ### Earlier rounds' sets: tuning data now

# %%
Markdown("\n\n".join(r.describe(latest=False) for r in heldout_rounds.earlier()))

# %%
(heldout_rounds.in_sample(heldout.round_vendor_blame).round(3) if external_check
 else pd.DataFrame())

# %% [markdown]
# ### The sentence model beside the rules, each tuning set left out (rounds five to ten)
# A sentence classifier over lemmas, character pieces and what the rules saw in the sentence
# (cue kinds, the patterns they attributed, the voice) is trained on the pooled tuning gold
# (heldout2 to heldout8, the GermEval tuning half; `servicelab.blame_model`). Each set is left
# out in turn and scored with the model trained on the others: the model alone, the union
# with the rules, `rules_gate` (the model adds rows only to texts in which the rules found
# blame: round six) and `gated` (as `rules_gate`, but three sentences the model flags open a
# text the rules found blameless: round seven). The rules were read against these sets, so
# their figures here are in-sample and optimistic; the model's are not. Builds use `gated`,
# chosen by these figures (codebook §3).

# %%
left_out = pd.DataFrame()
if external_check:
    left_out = germeval_evaluation.left_out_table()
(left_out[["left_out", "method", "gold", "predicted", "tp", "fp", "precision", "recall", "f1"]]
 .round(3) if len(left_out) else left_out)

# %% [markdown]
# ## Limitations
# * **Small, in-sample gold.** The shipped gold (its size is printed in the validation above)
#   covers a few seed pages, labelled by one annotator who also wrote the rules, with very few
#   `shifts`. Agreement between two readers was measured only on a sample of the fresh
#   held-out set (above), whose invented texts are clearer than real pages. Treat the seed
#   scores as a consistency check.
# * **Poor transfer.** On the held-out Deutsche Bahn sample recall for accusations is low; a
#   new domain needs its own gazetteer entries and cue words, and new gold to check them.
# * **One sentence at a time.** Anaphora ("dort", "Das haben Sie ignoriert") are resolved only
#   to the post's main vendor; arguments over several sentences (USB 1.1 → "dummerweise aber
#   nicht am Titanium") and idioms are missed.
# * **Voice.** Vendor lines reproduced without quotation marks (a dialogue written as plain
#   text) are treated as the author's; an author's aside inside a quoted e-mail is treated as the
#   vendor's.
# * **Targets by proximity.** The closest actor to a cue is taken as the target, which can
#   pick the company instead of its hotline or the other way round (see `type_agreement`).
# * **No classifier.** With a gold set of this size from a few pages a scikit-learn model
#   would mostly learn these pages; the rules stay the method until more gold exists.

# %% [markdown]
# ## Exercises
# 1. **Teach the gazetteer Deutsche Bahn.** Write rows for "Bahn", "DB", the handle
#    `DB_Bahn` and staff words such as "Zugbegleiter" into a CSV of your own (the columns of
#    `gazetteer_table()`), load `BlameRules.load(gazetteer=Gazetteer.load(extra="db.csv"))`,
#    pass it as `rules=` to `document_patterns`, re-run the held-out check, and explain why
#    the improved numbers are no longer a held-out result. What would you need to measure
#    generalisation again?
# 2. **Dialogue lines.** Some authors render a vendor's answers as dialogue without quotation
#    marks ("Geht leider nicht, der Auftrag ist schon raus."). Write a rule that
#    recognises such lines (hint: alternating short turns, "Antwort:", formal address) and
#    measure how `speaker_role` and the `customer_blame` scores change.
# 3. **Strategies, not just patterns.** `blame_gold.csv` has a `strategy` column with Benoit's
#    strategy for vendor acts. Tabulate it per case and compare with Coombs' deny / diminish /
#    rebuild: which vendor combines which strategies?
# 4. **Your own corpus.** Point `corpus_dir` at a folder of your complaint texts (validation
#    is skipped without seed documents). Which unknown organisations does the matcher report?

# %% [markdown]
# ## Key findings on this corpus
# Computed from the built tables by the same function as the report's index (`servicelab.findings`),
# near-duplicate documents left out: each share and median with its n, coverage and 95 %
# bootstrap interval, or "not measurable" when it rests on too little.

# %%
Markdown(findings_markdown("02_vendor_blame", built))

# %% [markdown]
# ## Summary
# Transparent rules over a gazetteer and a cue list turn sentences into *who blames whom*.
# On this corpus, read from the matrices above:

# %%
def f1_of(table: pd.DataFrame, pattern: str, column: str = "f1") -> float:
    """One score of a validation table above (NaN when it was not computed)."""
    if table.empty or column not in table or "pattern" not in table:
        return float("nan")
    hit = table.loc[table["pattern"] == pattern, column]
    return float(hit.iloc[0]) if len(hit) else float("nan")


said = ["The chains make the movement of responsibility in a case readable."]
if not np.isnan(f1_of(scores, "all")):
    said.append(f"Against the seed gold (in-sample) the rules reach F1 "
                f"{f1_of(scores, 'all'):.2f} over all patterns.")
if not np.isnan(f1_of(external, "accuses", "recall")):
    said.append(f"On the held-out Deutsche Bahn documents they find "
                f"{f1_of(external, 'accuses', 'recall'):.0%} of the accusations "
                f"(precision {f1_of(external, 'accuses', 'precision'):.2f}).")
Markdown("\n".join(f"* {r}: {ranked(who_how.loc[r])}" for r in who_how.index)
         + "\n\n" + " ".join(said))

# %% [markdown]
# ### What's next?
# Notebook 03 times the vendor's answers; notebook 04 looks at commenters who defend the
# vendor — many of the `customer_blame` rows by commenters reappear there as defence
# strategies.
#
# ## Resources
# * Benoit, W. L. (1995). *Accounts, Excuses, and Apologies: A Theory of Image Restoration
#   Strategies*. Albany, NY: State University of New York Press.
# * Benoit, W. L. (1997). Image repair discourse and crisis communication. *Public Relations
#   Review*, 23(2), 177–186.
# * Coombs, W. T. (2007). Protecting organization reputations during a crisis: The
#   development and application of situational crisis communication theory. *Corporate
#   Reputation Review*, 10(3), 163–176.
# * Folkes, V. S. (1984). Consumer reactions to product failure: An attributional approach.
#   *Journal of Consumer Research*, 10(4), 398–409.
# * Folkes, V. S. (1988). Recent attribution research in consumer behavior: A review and new
#   directions. *Journal of Consumer Research*, 14(4), 548–565.
# * Folkes, V. S., & Kotsos, B. (1986). Buyers' and sellers' explanations for product
#   failure: Who done it? *Journal of Marketing*, 50(2), 74–80.
# * Wojatzki, M., Ruppert, E., Holschneider, S., Zesch, T., & Biemann, C. (2017). GermEval
#   2017: Shared task on aspect-based sentiment in social media customer feedback. In
#   *Proceedings of the GermEval 2017 Shared Task*, Berlin (data: CC BY-NC 4.0).
# * Schneider, G., & Volk, M. (1998). Adding manual constraints and lexical look-up to a
#   Brill-tagger for German. *ESSLLI workshop on recent advances in corpus annotation*
#   (the lexicon in textblob-de used to recognise common words).
# * Codebook: `data/annotations/CODEBOOK.md` §3; data files:
#   `src/servicelab/data/gazetteer.csv`, `src/servicelab/data/blame_cues.csv`.
