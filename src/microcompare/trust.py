"""How far to trust a value, in one place: what its claims are about, what kind of source
says it, and how old a price is.

The engine's reasons and every renderer take their words from here, so "said of the brand"
reads the same in a rank reason, a comparison cell and a CSV file. Standard library only,
so both the engine and the renderers may import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from .records import Claim, ClaimBasis, Source, SourceKind

T = TypeVar("T")

# Only a claim about the model itself is a fact about the model; the others say what they are.
BASIS_WORDS: Mapping[ClaimBasis, str] = {
    ClaimBasis.BRAND: "said of the brand, not this model",
    ClaimBasis.PREDECESSOR: "said of an earlier model",
}
# The general facts `safety` shows beside the conditions, in the order a user needs them.
ADVICE_FIELDS: tuple[tuple[str, str], ...] = (
    ("side_effects", "Side effects the sources report"),
    ("technique_cautions", "How not to use a device"),
    ("preparation", "Before a session"),
    ("aftercare", "After a session"),
    ("results_timeline", "When results show"),
)
# The same for advice about microcurrent in general, where there is no "this model".
GENERAL_BASIS_WORDS: Mapping[ClaimBasis, str] = {
    ClaimBasis.BRAND: "said of one brand's devices",
    ClaimBasis.PREDECESSOR: "said of one earlier model",
}
# Where a column has no room for the words: a mark, explained by BASIS_LEGEND.
BASIS_MARKS: Mapping[ClaimBasis, str] = {ClaimBasis.BRAND: "†", ClaimBasis.PREDECESSOR: "‡"}
BASIS_LEGEND = "† said of the brand, not this model; ‡ said of an earlier model"

SOURCE_KIND_WORDS: Mapping[SourceKind, str] = {
    SourceKind.REGULATOR: "regulator record",
    SourceKind.MAKER: "maker",
    SourceKind.EDITORIAL: "independent editorial",
    SourceKind.RETAILER: "retailer",
    SourceKind.USER_REVIEW: "user review",
    SourceKind.REPRINT: "reprint of another page",
    SourceKind.MACHINE_WRITTEN: "reads as machine-written",
    SourceKind.SPONSORED: "sponsored",
}

# A price older than this many years is marked as old.
OLD_PRICE_YEARS = 3
PRICE_FIELDS = frozenset({"price_usd", "price_other"})
# After an old price where a column has no room for its date.
OLD_PRICE_MARK = " (old)"


def for_the_model(claims: Sequence[Claim[T]]) -> tuple[Claim[T], ...]:
    """The claims a fact is read from: those about the model, where any are; otherwise
    those about the brand or an earlier model, the best there is (and shown as such)."""
    about_model = tuple(claim for claim in claims if claim.about is ClaimBasis.MODEL)
    return about_model or tuple(claims)


def basis(claims: Sequence[Claim[Any]]) -> ClaimBasis:
    """What a fact read from these claims rests on: the model, else the brand, else an
    earlier model (the brand's word is kept over an earlier model's when both are given)."""
    found = {claim.about for claim in claims}
    if not found or ClaimBasis.MODEL in found:
        return ClaimBasis.MODEL
    return ClaimBasis.BRAND if ClaimBasis.BRAND in found else ClaimBasis.PREDECESSOR


def basis_mark(about: ClaimBasis) -> str:
    """The mark after a value resting on `about` where a column has no room for words
    ("†", "‡"); nothing for the model itself."""
    return "" if about is ClaimBasis.MODEL else BASIS_MARKS[about]


def said_of(about: ClaimBasis) -> str:
    """The words after a value resting on `about`, e.g. " (said of an earlier model)";
    nothing for the model itself."""
    return "" if about is ClaimBasis.MODEL else f" ({BASIS_WORDS[about]})"


def qualified(text: str, claims: Sequence[Claim[Any]] | None) -> str:
    """A fact's words, with what it rests on where that is not the model itself: e.g.
    "FDA-cleared (said of the brand, not this model)"."""
    if not claims:
        return text
    return text + said_of(basis(for_the_model(claims)))


def source_kind_text(kind: SourceKind | None) -> str | None:
    """e.g. "regulator record"; None where the catalogue does not say."""
    return None if kind is None else SOURCE_KIND_WORDS[kind]


def today() -> dt.date:
    """The date prices are aged against. Tests replace this function to fix the date."""
    return dt.date.today()


def latest_day(partial: str) -> dt.date:
    """The last day a partial date ("2022", "2022-05", "2022-05-17") can mean."""
    parts = [int(part) for part in partial.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    if len(parts) > 2:
        return dt.date(year, month, parts[2])
    # The day before the next month's first (`calendar`, which says it directly, costs the
    # built-in catalogue's `list` half a millisecond to import).
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def is_old(partial: str, on: dt.date) -> bool:
    """Whether a price dated `partial` is older than OLD_PRICE_YEARS on the day `on`.

    A partial date counts from its last possible day, so a price is called old only when
    it certainly is.
    """
    try:
        cutoff = on.replace(year=on.year - OLD_PRICE_YEARS)
    except ValueError:  # 29 February
        cutoff = on.replace(year=on.year - OLD_PRICE_YEARS, day=28)
    return latest_day(partial) < cutoff


def claim_date(claim: Claim[Any], sources: Mapping[str, Source]) -> str | None:
    """When a claim's value held: its own as-of date, else its source's date, else None."""
    if claim.as_of:
        return claim.as_of
    source = sources.get(claim.source)
    return source.date if source is not None else None


def date_words(
    claims: Sequence[Claim[Any]], sources: Mapping[str, Source], on: dt.date
) -> tuple[str, ...]:
    """What to say of these claims' dates: e.g. ("as of 2024-02",), or ("as of 2019-05 and
    2026", "2019-05 older than 3 years"); nothing where no claim has a date."""
    dates = sorted({found for claim in claims if (found := claim_date(claim, sources))})
    if not dates:
        return ()
    words = ["as of " + " and ".join(dates)]
    old = [date for date in dates if is_old(date, on)]
    if old:
        which = "" if len(old) == len(dates) else " and ".join(old) + " "
        words.append(f"{which}older than {OLD_PRICE_YEARS} years")
    return tuple(words)


def old_dates(claims: Sequence[Claim[Any]], sources: Mapping[str, Source], on: dt.date) -> bool:
    """Whether any of these claims is dated more than OLD_PRICE_YEARS before `on`."""
    return any(
        is_old(found, on) for claim in claims if (found := claim_date(claim, sources)) is not None
    )


def old_price_words(
    claims: Sequence[Claim[Any]], sources: Mapping[str, Source], on: dt.date
) -> str:
    """e.g. " (price as of 2008-06, older than 3 years)" where a price an argument rests on
    is old; "" otherwise."""
    dates = sorted(
        {found for claim in claims if (found := claim_date(claim, sources)) and is_old(found, on)}
    )
    if not dates:
        return ""
    return f" (price as of {' and '.join(dates)}, older than {OLD_PRICE_YEARS} years)"


def by_id(sources: Sequence[Source]) -> dict[str, Source]:
    """Sources by id, for looking up a claim's date."""
    return {source.id: source for source in sources}
