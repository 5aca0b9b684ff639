"""German temporal expression tagger for web prose (TIMEX3-style values).

A small package split by role:

* ``rules``      — ``TimexRules``: the word lists (``servicelab/data/timex_*.csv``) and
  tunables as one immutable object; ``TimexRules.load(holidays="my.csv")`` swaps a file;
* ``extraction`` — patterns and the explicit handler table ``HANDLERS``; ``extract`` finds
  candidates and reads what each says;
* ``resolution`` — ``resolve`` anchors candidates and writes their TIMEX3 values;
* ``values``     — duration/offset formatting and the Easter computus;
* ``tagging``    — ``tag`` (one text), ``tag_texts``, ``build_tables(corpus, rules=None)``.

Scoring against gold and the dateparser baseline live outside, in
``servicelab.timex_evaluation``. Every function that applies rules takes ``rules=``
(``None`` → the shipped rules).
"""

from servicelab.timex.extraction import (
    HANDLERS,
    Candidate,
    Rule,
    compile_patterns,
    extract,
    unshout,
)
from servicelab.timex.resolution import Timex, explicit_years, resolve
from servicelab.timex.rules import TimexRules, default_rules
from servicelab.timex.tagging import (
                                      TIMEX_COLUMNS,
                                      build_tables,
                                      tag,
                                      tag_corpus,
                                      tag_frame,
                                      tag_texts,
)
from servicelab.timex.values import duration_value, easter

__all__ = ["HANDLERS", "TIMEX_COLUMNS", "Candidate", "Rule", "Timex", "TimexRules",
           "build_tables", "compile_patterns", "default_rules", "duration_value", "easter",
           "explicit_years", "extract", "resolve", "tag", "tag_corpus", "tag_frame", "tag_texts",
           "unshout"]
