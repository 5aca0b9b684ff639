"""Phone detection: the project's regex against ``phonenumbers.PhoneNumberMatcher`` (region DE,
leniency VALID and POSSIBLE), on the phone forms of issue 14 and the dev gold, and on a negative
set (the seeds, GermEval 2017 dev, a line of dates, prices, order numbers and an IBAN).

``phonenumbers`` is not a dependency of servicelab (the regex won); to rerun:

    pip install phonenumbers && python benchmarks/compare_phone_detectors.py
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

from servicelab.contact_details import PHONE
from servicelab.devcorpus import load_dev_gold

ROOT = Path(__file__).resolve().parents[1]
FORMS = ["+49 (0)30 123 45 67", "(030) 1234 5678", "030 / 98 76 54", "0171-2345678",
         "+43 660 555 12 34", "+41 44 555 12 34", "0228-622243", "0800 33 03000"]
NOT_PHONES = ("Bestellung 302-1234567-1234567 vom 14.03.2026 um 08:02, 149,99 € und 1.299,00 "
              "Euro, IBAN DE89 3704 0044 0532 0130 00, Kundennr. 4711-0815, PLZ 50667, Vertrag "
              "2019/2020, Sendung 00340434161234567890, Rechnung 2026-000123, am 01.02.2024.")


def negatives() -> list[str]:
    """Texts that hold few phones: the seed pages, GermEval 2017 dev, ``NOT_PHONES``."""
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    path = ROOT / "data" / "external" / "germeval2017" / "subtaskB_tsv" / "dev.tsv"
    with path.open(encoding="utf-8") as fh:
        texts += [row[1] for row in csv.reader(fh, delimiter="\t") if len(row) > 1]
    return [*texts, NOT_PHONES]


def main() -> None:
    import phonenumbers
    from phonenumbers import Leniency, PhoneNumberMatcher

    gold = load_dev_gold()
    forms = FORMS + sorted(set(gold[(gold.layer == "pii") & (gold.kind == "phone")].quote))
    neg = negatives()

    def matcher(leniency: int) -> Callable[[str], list[str]]:
        return lambda t: [m.raw_string for m in PhoneNumberMatcher(t, "DE", leniency=leniency)]

    detectors = {"regex": lambda t: [m.group(0) for m in PHONE.finditer(t)],
                 "phonenumbers VALID": matcher(Leniency.VALID),
                 "phonenumbers POSSIBLE": matcher(Leniency.POSSIBLE)}
    print(f"phonenumbers {phonenumbers.__version__}; {len(forms)} phone forms, "
          f"{len(neg)} negative texts")
    for name, find in detectors.items():
        t0 = time.perf_counter()
        found = sum(any(p in m for m in find(f"Ruf an: {p} danke")) for p in forms)
        hits = [m for t in neg for m in find(t)]
        print(f"{name:22} forms found {found}/{len(forms)}; matches in the negative set "
              f"{len(hits)} (first: {hits[:6]}); {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
