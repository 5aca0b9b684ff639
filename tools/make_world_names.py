"""Write ``src/servicelab/data/world_names/world_names.csv`` from two maintained name lists.

Why: the given-name dictionary the pseudonymiser reads (``nam_dict.txt`` of gender-guesser)
covers Europe, the Middle East and East Asia, but hardly Sub-Saharan Africa ("Ngozi",
"Kwame", "Fatoumata" are missing), and the project had no surname list at all, so a full
name whose given name is on no list ("Chinwe Okonkwo") survived. The two sources:

* Faker (MIT licence): the ``first_names*`` and ``last_names*`` of its person providers, per
  locale. The Anglo locales (``en``, ``en_US``, ``en_GB``, ``en_IE``, ``en_NZ``, ``es``) are
  left out for given names: nam_dict covers those names, and their US baby-name lists hold
  English words ("Canyon", "Summer") that would read as names in German text; so is
  ``is_IS``, Iceland's register of every approved name ("Atlanta", "Unna", "Mars").
* sigpwned/popular-names-by-country-dataset (CC0 1.0): Wikipedia's lists of most popular
  given names and most common surnames by country (July 2023), romanised forms.

Only Latin-script names are kept (German text writes names in Latin letters). Given names
that nam_dict already lists are left out (the file only adds). Run::

    pip download faker==40.54.0 --no-deps -d /tmp/fk && unzip /tmp/fk/*.whl -d /tmp/fk/x
    PYTHONPATH=/tmp/fk/x:src python tools/make_world_names.py --faker /tmp/fk/x \
        --wikipedia <checkout of popular-names-by-country-dataset>
"""

from __future__ import annotations

import argparse
import csv
import importlib
import pkgutil
import sys
import unicodedata
from pathlib import Path

ANGLO = frozenset({"en", "en_US", "en_GB", "en_IE", "en_NZ", "es"})
#: given-name lists left out: the Anglo ones (above) and Iceland's register of every approved
#: name (not a list of names people have: "Atlanta", "Unna", "Signa", "Mars" are in it)
SKIP_GIVEN = ANGLO | {"is_IS"}
OUT = Path(__file__).resolve().parents[1] / "src/servicelab/data/world_names/world_names.csv"


def _latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def _usable(name: str) -> bool:
    """One word (a hyphen allowed), title case, Latin letters, three letters or more."""
    return (len(name) >= 3 and name[:1].isupper() and not name.isupper() and " " not in name
            and _latin(name) and all(c.isalpha() or c in "-'" for c in name))


def faker_names(root: Path) -> dict[tuple[str, str], set[str]]:
    """(name, kind) -> locales, from Faker's person providers."""
    sys.path.insert(0, str(root))
    import faker.providers.person as person  # noqa: PLC0415 - the unpacked wheel

    out: dict[tuple[str, str], set[str]] = {}
    for mod in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        for attr, value in vars(provider).items():
            if not isinstance(value, (tuple, list, dict, set, frozenset)):
                continue
            if attr.startswith("first_names") and mod.name not in SKIP_GIVEN:
                kind = "given"
            elif attr.startswith("last_names"):
                kind = "surname"
            else:
                continue
            for name in value:
                if isinstance(name, str) and _usable(name):
                    out.setdefault((name, kind), set()).add(f"faker:{mod.name}")
    return out


def wikipedia_names(root: Path) -> dict[tuple[str, str], set[str]]:
    """(name, kind) -> countries, from the two CSV files of the CC0 data set."""
    out: dict[tuple[str, str], set[str]] = {}
    for file, kind in (("common-forenames-by-country.csv", "given"),
                       ("common-surnames-by-country.csv", "surname")):
        with (root / file).open(encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                for name in {row["Romanized Name"].strip(), row["Localized Name"].strip()}:
                    if _usable(name):
                        out.setdefault((name, kind), set()).add(f"wikipedia:{row['Country']}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faker", type=Path, required=True, help="unpacked faker wheel")
    ap.add_argument("--wikipedia", type=Path, required=True,
                    help="checkout of popular-names-by-country-dataset")
    args = ap.parse_args()
    from servicelab.names import nam_dict_path, read_nam_dict

    listed = read_nam_dict(nam_dict_path())
    merged: dict[tuple[str, str], set[str]] = {}
    for part in (faker_names(args.faker), wikipedia_names(args.wikipedia)):
        for k, v in part.items():
            merged.setdefault(k, set()).update(v)
    rows = sorted((name, kind, " ".join(sorted(src))) for (name, kind), src in merged.items()
                  if not (kind == "given" and name in listed))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "kind", "source"])
        w.writerows(rows)
    print(f"{OUT}: {sum(r[1] == 'given' for r in rows)} given names, "
          f"{sum(r[1] == 'surname' for r in rows)} surnames")


if __name__ == "__main__":
    main()
