"""Products that stand for their maker (issue 15 round eleven): "mein Pixel 7" → Google.

Why a module: gold lists a device's maker among a text's organisations when the customer's
own device is the matter ("Mein Galaxy seit fünf Wochen in Reparatur" → Samsung; "bei meinem
alten Golf" → Volkswagen), though the text never names the firm. A product name alone is no
organisation (codebook §6.2; "eine Playstation bestellt" does not make Sony an actor), and
many product names are words too ("Golf", "Polo", "Pixel"). So a product counts for its
maker only in the two shapes that make it the customer's device:

* owned: a possessive determiner, up to two small adjectives, the product ("meinem alten
  Golf", "unser Thermomix");
* a model designation after it: a number, a Roman numeral or a letter with digits ("Pixel 7",
  "Galaxy S23", "Golf VII", "PS5").

The list (``data/product_makers.csv``) keeps one row per product with its maker (a gazetteer
entity), an example sentence holding the product and a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from servicelab.errors import CorpusInputError
from servicelab.rulefiles import read_rule_csv

PRODUCT_COLUMNS = ("product", "maker", "case", "example", "source")
_OWNER = (r"(?i:\b(?:mein|dein|sein|ihr|unser|euer|eur)(?:e|em|en|er|es)?"
          r"(?:\s+[a-zäöüß]+(?:e|er|en|em|es)){0,2})\s+")
# a model designation: "7", "13 Pro", "S23", "VII", "B8", "6R"; "PS5" joins it to the name
_MODEL = r"(?:\s?\d{1,3}[a-z]?\b|\s(?:[A-Z]{1,2}\d{1,3}[A-Za-z]?|[IVX]{1,4}|[A-Z])\b)"


@dataclass(frozen=True)
class Product:
    """One product name and its maker (the gazetteer entity it stands for)."""

    product: str
    maker: str
    case_sensitive: bool

    def regex(self) -> re.Pattern[str]:
        name = re.escape(self.product)
        if not self.case_sensitive:
            name = f"(?i:{name})"
        return re.compile(rf"(?P<owned>{_OWNER})?(?<![\w-])(?P<name>{name})"
                          rf"(?P<model>{_MODEL})?(?![\w-])")


def load_products(path: str | Path | None = None) -> tuple[Product, ...]:
    """The product rows (``data/product_makers.csv`` or ``path``); a row lacking its maker,
    an example holding the product, or a source is one :class:`CorpusInputError` line."""
    path = path if path is not None else resources.files("servicelab.data").joinpath(
        "product_makers.csv")
    name = Path(str(path)).name
    out = []
    for i, row in enumerate(read_rule_csv(path, PRODUCT_COLUMNS, "product list"), start=2):
        product, maker, case = row["product"].strip(), row["maker"].strip(), row["case"].strip()
        problem = None
        if not product or not maker:
            problem = "product and maker must not be empty"
        elif case not in ("i", "s"):
            problem = f"case must be i or s, not {case!r}"
        elif product.lower() not in row["example"].lower():
            problem = f"the example does not hold the product {product!r}"
        elif not row["source"].strip():
            problem = "source is empty (say where the entry comes from)"
        if problem:
            raise CorpusInputError(name, f"row {i}: {problem}")
        out.append(Product(product, maker, case == "s"))
    return tuple(out)


def product_makers(text: str, products: Iterable[Product]
                   ) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, maker) of each product in ``text`` that is owned or carries a
    model designation (see the module docstring); the span is the product and its model."""
    out = []
    low = text.lower()
    for p in products:
        if p.product.lower() not in low:
            continue
        for m in p.regex().finditer(text):
            if m.group("owned") is None and m.group("model") is None:
                continue
            end = m.end("model") if m.group("model") else m.end("name")
            out.append((m.start("name"), end, text[m.start("name"):end], p.maker))
    return out
