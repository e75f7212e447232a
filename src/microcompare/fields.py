"""Every cited field of a device, declared once: its label, unit, direction and typed names.

A new device fact is declared here first; `records.Device` must then have a field of the same
name, in the same place, or the package does not import (see `records`). Every renderer and
the engine take a field's words from here, so a field cannot be shown without a label and two
formats cannot label it differently. Standard library only: `list` imports this at start-up.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Better(StrEnum):
    """Which value of a field `compare` marks as better, where it marks one at all."""

    # A smaller number is better (a price).
    LOWER = "lower"
    # A larger number is better.
    HIGHER = "higher"
    # The values have an order the engine states (FDA-cleared above not cleared, no app
    # needed above an app required, ...).
    ORDERED = "ordered"


class Field(NamedTuple):
    """One cited device field and the words every format uses for it."""

    name: str
    # What it is, without its unit: "Price".
    title: str
    # The unit its numbers are in, printed after the title: "Price (USD)".
    unit: str | None = None
    # Which value is better, for the fields `compare` marks; None: no value is better.
    better: Better | None = None
    # The header of a column of `list` where it differs from the label (Markdown, HTML).
    header: str | None = None
    # The header of a narrow terminal column of `list`, where it differs from `header`.
    short: str | None = None
    # Other names people may type for it (--columns), besides its own.
    typed: tuple[str, ...] = ()
    # Shown by `list` when no --columns are given.
    listed: bool = False

    @property
    def label(self) -> str:
        """The label of `show`, `compare` and CSV: "Price (USD)", "Probes"."""
        return f"{self.title} ({self.unit})" if self.unit else self.title

    @property
    def column(self) -> str:
        """The header of this field's column in a wide `list` table."""
        return self.header or self.label

    @property
    def narrow(self) -> str:
        """The header of this field's column in the terminal's `list` table."""
        return self.short or self.column


# In the order `show` and `compare` print them, which is the order of `records.Device`.
FIELDS: tuple[Field, ...] = (
    Field(
        "price_usd",
        "Price",
        unit="USD",
        better=Better.LOWER,
        short="Price",
        typed=("price", "usd"),
        listed=True,
    ),
    Field(
        "output_ua",
        "Output",
        unit="µA",
        short="µA",
        typed=("output", "current", "ua", "µa"),
        listed=True,
    ),
    Field(
        "current_type", "Current type", header="Current", short="Type", typed=("type",), listed=True
    ),
    Field("probes", "Probes", listed=True),
    Field("app", "App", better=Better.ORDERED, listed=True),
    Field("subscription", "Subscription", better=Better.ORDERED),
    Field(
        "subscription_usd_per_month",
        "Subscription",
        unit="USD/month",
        typed=("subscription_usd", "subscription_price"),
    ),
    Field(
        "fda_status", "FDA status", better=Better.ORDERED, header="FDA", typed=("fda",), listed=True
    ),
    Field("fda_510k", "FDA 510(k)", typed=("510k",)),
    Field("intensity_levels", "Intensity levels", typed=("levels",)),
    Field(
        "adjustable_intensity", "Adjustable intensity", better=Better.ORDERED, typed=("intensity",)
    ),
    Field("modes", "Modes"),
    Field("auto_shutoff_s", "Auto-shutoff", unit="s", typed=("shutoff", "auto_shutoff")),
    Field("attachments", "Attachments"),
    Field("extra_modalities", "Extra modalities", typed=("modalities",)),
    Field("protocol", "Protocol"),
    Field("waveform", "Waveform"),
    Field("frequency_hz", "Frequency", unit="Hz", typed=("frequency",)),
    Field("evidence", "Clinical evidence", better=Better.ORDERED),
    Field("price_other", "Price (other currency)"),
    Field("fda_date", "FDA 510(k) date"),
    Field("otc", "Over the counter"),
    Field("fda_predicate", "510(k) predicate"),
    Field("warranty_months", "Warranty", unit="months"),
    Field("money_back_days", "Money-back", unit="days"),
    Field("battery", "Battery"),
    Field("release_year", "Released"),
    Field("consumables", "Consumables"),
    Field("adverse_events", "Reported harms (unverified)"),
)

FIELD: dict[str, Field] = {field.name: field for field in FIELDS}
CITED_FIELDS: tuple[str, ...] = tuple(FIELD)
# What `list` shows when no --columns are given.
LIST_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS if field.listed)


def label(name: str) -> str:
    """The label of the cited field `name`: "Price (USD)"."""
    return FIELD[name].label
