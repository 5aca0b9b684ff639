"""The main vendor of a complaint text: which named organisation the case is about.

Why a module: a text often names several firms (the shop and its carrier, the operator and
the consumer centre that helped); blame without a named target, the shift chain and the
vendor tables all hang on this one choice, so its rules live in one place and are measured
on their own (``germeval_evaluation.score_orgs``, row "main vendor").

The rules, in order:

1. **Reply subject**: a text opening "Re: <Firm> …" is about that firm (forum threads).
   (Round five, before the next rules: a brand named alone counts for its one branch named in
   the text, "Sparkasse" → "Sparkasse Talgrund-Nord"; a candidate in a salutation or an
   "An:" line is the vendor: a letter is written to the firm it is about.)
2. **Title**: a short first line (a subject, headline or review title, ``max_title`` characters
   at most, followed by the body on later lines) that names a candidate: its first candidate
   (round six: its first that is no maker, when a maker and a seller are named).
3. **Most mentioned**: the candidate with most mentions, if it holds at least
   ``case_min_share`` of them (ties: a seller or servicer before a maker, round six; a shop
   before the carrier that delivered for it, round nine; then a gazetteer firm before a firm
   found by structure, then the one named first).
4. **Learned chooser** (round nine, ``VendorChoice.learned``, on): a logistic regression over
   the candidates' features, the rules' choice among them, names the best candidate when it
   scores at least .3, else none (:mod:`servicelab.main_vendor_model`; validated by leaving
   whole sets out, docs/vendors_round9.md). :func:`rules_vendor` is the rules alone.

Round eleven (docs/vendor11_round11.md): before counting, a firm the deal only went through
(a portal, marketplace or payment service: :mod:`servicelab.vendor_roles`) yields to the other
firms named, and a first line that is a bare web address (the page's own) names no candidate.

Candidates are organisations of the consumer-facing types (``BlameRules.case_types``) named by
name or handle (round seven: also a listed firm of type "other", a gym or a landlord) and,
with ``unknown_orgs``, firms found by structure alone: a legal form ("Autohaus Brenner
GmbH"), a sector head ("Stadtwerke Lindenau") or a firm noun's apposition
("der Fahrradhändler Zweirad Lenz") — a small local firm is often exactly what the complaint is
about and is never in a gazetteer. An unknown ``@handle`` is no candidate: in a text not yet
pseudonymised it is mostly a user. Social channels are never the vendor; media only when no
other firm is named, and then only when named ``reporter_min_mentions`` times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from servicelab.entities import Mention

_REPLY_TITLE = re.compile(r"\s*(?:(?:Re|RE|AW|Aw|WG|Fwd)\s*:\s*)+")


@dataclass(frozen=True)
class VendorChoice:
    """How the main vendor is chosen (see the module docstring); the shares and types are
    read from the blame rules passed alongside."""

    unknown_orgs: bool = True  # firms found by structure may be the vendor
    title: bool = True  # a firm named in a title line is the vendor
    max_title: int = 160  # characters of a first line that can be a title
    # a generic firm noun ("Stromanbieter", "Bank") introduced with a named firm close after it
    # ("zu einem Stromanbieter gewechselt, der Kleinwatt GmbH") stands for that firm: each
    # mention of the same generic entity in the text counts for the firm
    generic_links: bool = False  # measured: no change at share .5 (docs/vendors_round4.md)
    link_gap: int = 40  # characters at most between the generic noun and the firm
    min_share: float | None = None  # share of counted mentions; None: the blame rules' share
    # bodies that advise, test or arbitrate for the customer: the vendor only when no other
    # firm is named (a consumer centre quoted in a report about a utility is not the case)
    advisers: frozenset[str] = frozenset({
        "Verbraucherzentrale", "Stiftung Warentest", "Bundesnetzagentur", "BaFin", "söp",
        "Schlichtungsstelle Energie", "Schlichtungsstelle Luftverkehr",
        "Universalschlichtungsstelle", "Versicherungsombudsmann", "PKV-Ombudsmann",
        "Ombudsmann der privaten Banken", "Bund der Versicherten", "Finanztip"})
    adviser_heads: tuple[str, ...] = ("Verbraucherzentrale ",)  # "Verbraucherzentrale Sachsen"
    # a brand or body named alone counts for its one branch named in the same text
    # ("Familienkasse" … "die Familienkasse West")
    branches: bool = True
    # a candidate the text addresses ("Liebes Team vom Reisebüro Sonnenhang,", "An: Kundenservice
    # der Stadtwerke Talheim") is the vendor: a letter is written to the firm it is about
    addressee: bool = True
    # a maker whose product the complaint is about yields to the local firm that sold or
    # serviced it ("mein Skoda" … "das Autohaus Lindemann"): off, it measured worse on heldout2
    maker_yields: bool = False
    # the firm that sold or serviced before the maker of the product (round six): in a title
    # naming both ("Nikon für 149 Euro: Wie mich #Redcoon …") and at equal mentions; unlike
    # ``maker_yields`` a maker named more often stays the vendor ("VW" four times beside
    # "Autohaus Kämmerer" once: a recall by the maker)
    seller_before_maker: bool = True
    # round seven: a listed firm of no sector type ("other": a gym chain, a landlord, a
    # restaurant chain) may be the vendor like a firm found by structure; before, only the
    # latter could ("McFit", "Vonovia" were never chosen). Social channels stay out.
    listed_other: bool = True
    # round nine: a payment service moves the money between the customer and the firm the case
    # is about ("über PayPal bei Eventim bezahlt"): like an adviser, it is the vendor only when
    # no other firm is named. Off: it gained one text of the set it was read from (heldout5),
    # none left out and none on fresh heldout7 (docs/vendors_round9.md)
    payment_yields: bool = False
    payment_services: frozenset[str] = frozenset({
        "PayPal", "Klarna", "Mastercard", "Visa", "American Express", "Apple Pay", "Google Pay",
        "Amazon Pay", "Paysafecard", "Sofort", "Giropay", "Ratepay", "Afterpay", "Riverty"})
    # round nine: a firm the text sets aside ("nicht bei GLS", "weg von E.ON", "statt bei
    # Otto", "nicht X, sondern Y", "X kann nichts dafür") is no candidate while another one is
    # named: the writer says the case is elsewhere. Off: each pattern gained only on the text
    # it was read from (heldout4 +2, heldout5 +2), none with that set left out and none on
    # fresh heldout7 (docs/vendors_round9.md)
    set_aside: bool = False
    # round nine: a carrier delivers for the shop the customer bought from ("bei Gartenwelt X
    # bestellt … DPD hat das Paket …"): at equal mentions the shop goes before the carrier, as
    # the seller before the maker. Measured and left out: dropping the carrier whenever a shop
    # is named (a carrier named three times beside the shop once is the case)
    carrier_last: bool = True
    carrier_types: frozenset[str] = frozenset({"logistics"})
    shop_types: frozenset[str] = frozenset({"retailer", "platform", "other"})
    # round nine: a learned chooser ranks the candidates the rules see, with the rules' own
    # choice among its features (:mod:`servicelab.main_vendor_model`; pre-registered before
    # heldout8: sentence evidence, threshold .3, trained on the seven tuning sets). Off: the
    # rules above alone
    learned: bool = True
    # round eleven: a firm the deal only went through ("über X gebucht", "ein Vergleichsportal
    # (X)", a payment service; :mod:`servicelab.vendor_roles`' role "via" without a deal "bei
    # X") yields at the most-mentioned step to the other firms named: the booking portal to
    # the hotel, the marketplace to its seller, PayPal to the shop
    intermediary_yields: bool = True
    # round eleven: a first line that is a bare web address ("blog-beispiel.de/2025/08/…") is
    # the page's own address, its publisher: no candidate
    page_address: bool = True


DEFAULT_CHOICE = VendorChoice()
#: the rules alone (the learned chooser's own input: its "rules_choice" feature)
RULES_CHOICE = VendorChoice(learned=False)


def candidates(mentions: Sequence[Mention], rules, choice: VendorChoice = DEFAULT_CHOICE
               ) -> list[Mention]:
    """The mentions that may be the main vendor, in text order (media dropped when another
    firm is named)."""
    sources = ("name", "handle", "unknown_org") if choice.unknown_orgs else ("name", "handle")
    ms = sorted((m for m in mentions
                 if m.source in sources and m.entity_type in rules.case_types | {"other"}
                 and (m.entity_type != "other" or m.source == "unknown_org"
                      or (choice.listed_other and m.source == "name"))
                 and not (m.source == "unknown_org" and m.surface.startswith("@"))
                 and m.entity not in rules.channels),
                key=lambda m: (m.start, m.end))
    def adviser(m: Mention) -> bool:
        return m.entity in choice.advisers or m.entity.startswith(choice.adviser_heads)

    if any(not adviser(m) and m.entity_type not in rules.reporter_types for m in ms):
        ms = [m for m in ms if not adviser(m)]
    if choice.payment_yields and any(m.entity not in choice.payment_services
                                     and m.entity_type not in rules.reporter_types for m in ms):
        ms = [m for m in ms if m.entity not in choice.payment_services]
    if any(m.entity_type not in rules.reporter_types for m in ms):
        return [m for m in ms if m.entity_type not in rules.reporter_types]
    if ms and sum(m.entity == ms[0].entity for m in ms) < rules.reporter_min_mentions:
        return []
    return ms


_PAGE_ADDRESS = re.compile(r"\s*(?:https?://)?(?:www\.)?[\w.-]+\.[a-z]{2,6}/\S*[ \t]*\n")


def text_candidates(text: str, mentions: Sequence[Mention], rules,
                    choice: VendorChoice = DEFAULT_CHOICE) -> list[Mention]:
    """:func:`candidates`, without those in a first line that is a bare web address with a
    path (``choice.page_address``): the page's own address names its publisher."""
    ms = candidates(mentions, rules, choice)
    if choice.page_address:
        page = _PAGE_ADDRESS.match(text)
        if page:
            ms = [m for m in ms if m.start >= page.end()]
    return ms


def _intermediaries_yield(text: str, ms: list[Mention], choice: VendorChoice
                          ) -> list[Mention]:
    """Without the intermediaries (:func:`servicelab.vendor_roles.intermediaries`) when
    another firm is named."""
    from servicelab.vendor_roles import intermediaries

    channel = intermediaries(text, ms, choice.payment_services)
    rest = [m for m in ms if m.entity not in channel]
    return rest or ms


def _title_end(text: str, choice: VendorChoice) -> int | None:
    """End offset of a title line: a first line of at most ``max_title`` characters with
    more text after it."""
    stripped = len(text) - len(text.lstrip())
    nl = text.find("\n", stripped)
    if nl < 0 or nl - stripped > choice.max_title or not text[nl:].strip():
        return None
    return nl


def main_vendor(text: str, mentions: Sequence[Mention], rules,
                choice: VendorChoice = DEFAULT_CHOICE, model=None) -> tuple[str, str] | None:
    """(entity, entity_type) of the main vendor of ``text`` from its ``mentions`` (offsets
    into ``text``), or None: the rules' choice (module docstring, :func:`rules_vendor`), and
    with ``choice.learned`` the learned chooser's over the same candidates
    (``model``: a :class:`servicelab.main_vendor_model.MainVendorModel`, default the shipped
    one; one without weights keeps the rules' choice)."""
    chosen = rules_vendor(text, mentions, rules, choice)
    if not choice.learned:
        return chosen
    if model is None:
        from servicelab.main_vendor_model import default_model

        model = default_model()
    if model.empty:
        return chosen
    return model.choose(text, mentions, rules, choice, chosen)


def rules_vendor(text: str, mentions: Sequence[Mention], rules,
                 choice: VendorChoice = DEFAULT_CHOICE) -> tuple[str, str] | None:
    """The rules' main vendor (module docstring), whatever ``choice.learned`` says."""
    ms = text_candidates(text, mentions, rules, choice)
    if not ms:
        return None
    reply = _REPLY_TITLE.match(text)
    if reply and ms[0].start == reply.end():  # "Re: Kölner Verkehrs-Betriebe AG …"
        return ms[0].entity, ms[0].entity_type
    if choice.set_aside:
        ms = _without_set_aside(text, ms)
    if choice.branches:
        ms = _merge_branches(ms)
    if choice.addressee:
        addressed = _addressed(text, ms)
        if addressed is not None:
            return addressed.entity, addressed.entity_type
    end = _title_end(text, choice) if choice.title else None
    if end is not None and ms[0].end <= end:
        titled = [m for m in ms if m.end <= end]
        if choice.seller_before_maker:  # "Nikon für 149 Euro: Wie mich #Redcoon …"
            titled = [m for m in titled if m.entity_type != "manufacturer"] or titled
        return titled[0].entity, titled[0].entity_type
    if choice.maker_yields:
        ms = _maker_yields(ms)
    if choice.intermediary_yields:
        ms = _intermediaries_yield(text, ms, choice)
    counts: dict[tuple[str, str], int] = {}
    known: set[tuple[str, str]] = set()
    for m in ms:
        counts[(m.entity, m.entity_type)] = counts.get((m.entity, m.entity_type), 0) + 1
        if m.source != "unknown_org":
            known.add((m.entity, m.entity_type))
    if choice.generic_links:
        for firm, n in linked_generics(text, mentions, ms, choice).items():
            counts[firm] += n
    # a shop, platform or firm found by structure, not a payment service, beside a carrier
    shop_named = any(t in choice.shop_types and e not in choice.payment_services
                     for e, t in counts)
    # a tie goes to the firm that sold or serviced over the maker of the product ("mein Opel
    # … beim Autohaus Rademacher gekauft": the complaint is about who sold it; the maker wins
    # when named more often), then to a gazetteer firm over a structural guess, then to the
    # one named first
    top = max(counts.items(), key=lambda kv: (
        kv[1], not (choice.seller_before_maker and kv[0][1] == "manufacturer"),
        not (choice.carrier_last and kv[0][1] in choice.carrier_types and shop_named),
        kv[0] in known))
    share = rules.case_min_share if choice.min_share is None else choice.min_share
    return top[0] if top[1] / sum(counts.values()) >= share else None


# the words right before a firm that set it aside: "nicht (mehr) bei", "weg von", "statt (bei)",
# "anstatt"; not "nicht von": "das Geld kam von PayPal, nicht von Zalando" blames Zalando
_SET_ASIDE_BEFORE = re.compile(
    r"(?i)(?:\bnicht(?:\s+mehr)?\s+(?:bei|über)(?:\s+(?:der|die|den|dem))?"
    r"|\bweg\s+von(?:\s+(?:der|die|den|dem))?"
    r"|\b(?:an)?statt(?:\s+(?:bei|von))?(?:\s+(?:der|die|den|dem))?)\s+$")
# "nicht X …, sondern Y": the words right before X and the contrast after it in its clause
_NOT_BEFORE = re.compile(r"(?i)\bnicht\s+(?:(?:der|die|das|den|dem)\s+)?$")
_BUT_AFTER = re.compile(r"(?i)^[^.!?\n]{0,30},?\s+sondern\b")
# the writer clears the firm in the same clause: "bei X, der Laden kann nix dafür", "X kann
# da nichts dafür"
_CLEARED_AFTER = re.compile(r"(?i)^[^.!?\n]{0,40}\b(?:kann|können|konnte|konnten)\s+(?:da\s+)?"
                            r"(?:auch\s+)?(?:nix|nichts)\s+dafür")


def set_aside(text: str, m: Mention) -> bool:
    """True when ``text`` sets the firm of mention ``m`` aside (see the patterns above)."""
    before = text[max(0, m.start - 30):m.start]
    after = text[m.end:m.end + 60]
    return bool(_SET_ASIDE_BEFORE.search(before) or _CLEARED_AFTER.match(after)
                or (_NOT_BEFORE.search(before) and _BUT_AFTER.match(after)))


def _without_set_aside(text: str, ms: list[Mention]) -> list[Mention]:
    """The candidates without the firms the text sets aside (:func:`set_aside` at one of its
    mentions), unless no other firm would be left."""
    aside = {m.entity for m in ms if set_aside(text, m)}
    rest = [m for m in ms if m.entity not in aside]
    return rest or ms


def _merge_branches(ms: list[Mention]) -> list[Mention]:
    """Mentions of a name whose one branch the text names ("Sparkasse" and "Sparkasse
    Talgrund-Nord") as mentions of that branch."""
    entities = {m.entity for m in ms}
    branch: dict[str, str] = {}
    for e in entities:
        longer = [b for b in entities if b.startswith(e + " ")]
        if len(longer) == 1:
            branch[e] = longer[0]
    if not branch:
        return ms
    types = {m.entity: m.entity_type for m in ms}
    return [Mention(m.start, m.end, m.surface, branch[m.entity], types[branch[m.entity]],
                    m.source) if m.entity in branch else m for m in ms]


# a salutation or an address line before a candidate on the same line: "Liebe Verkehrsbetriebe
# Altmarkhafen,", "Sehr geehrtes Team der Stadtwerke X,", "Hallo MuskelHaus-Team", "An: Service X"
_ADDRESS_LINE = re.compile(r"(?im)^[ \t]*(?:(?:liebe[rs]?|sehr geehrte[rs]?|hallo|hi|moin|"
                           r"guten tag)\b|an:)[^\n]{0,40}$")


def _addressed(text: str, ms: list[Mention]) -> Mention | None:
    """The first candidate named in a salutation or an "An:" line (see above), if any."""
    for m in ms:
        line_start = text.rfind("\n", 0, m.start) + 1
        if _ADDRESS_LINE.match(text[line_start:m.start]):
            return m
    return None


def _maker_yields(ms: list[Mention]) -> list[Mention]:
    """Without the makers when a firm found by structure (a local dealer, a workshop) is
    named too."""
    local = [m for m in ms if m.source == "unknown_org"]
    if local and any(m.entity_type == "manufacturer" for m in ms):
        return [m for m in ms if m.entity_type != "manufacturer"]
    return ms


_SENTENCE_END = re.compile(r"[.!?]\s")


def linked_generics(text: str, mentions: Sequence[Mention], ms: Sequence[Mention],
                    choice: VendorChoice = DEFAULT_CHOICE) -> dict[tuple[str, str], int]:
    """(entity, type) of a candidate → how many generic mentions stand for it: a generic
    firm noun whose first following candidate in the same sentence starts within
    ``link_gap`` characters names that candidate; every mention of the generic entity counts
    (the first link wins)."""
    generics = [m for m in mentions if m.source == "generic"
                and m.entity_type not in ("staff", "customer")]
    link: dict[str, tuple[str, str]] = {}
    for g in generics:
        after = [m for m in ms if m.start >= g.end]
        if g.entity in link or not after:
            continue
        first = min(after, key=lambda m: m.start)
        between = text[g.end:first.start]
        if len(between) <= choice.link_gap and not _SENTENCE_END.search(between):
            link[g.entity] = (first.entity, first.entity_type)
    out: dict[tuple[str, str], int] = {}
    for g in generics:
        if g.entity in link:
            out[link[g.entity]] = out.get(link[g.entity], 0) + 1
    return out
