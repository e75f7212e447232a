"""What `chart` draws: each device's output current against the reference marks the
sources give, and each device's price. Unknown values stay unknown, listed last."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..records import Catalogue, Claim, Device
from ..trust import basis, for_the_model
from .criteria import (
    CONSUMER_WINDOW_SOURCES,
    CONSUMER_WINDOW_UA,
    SENSORY_THRESHOLD_SOURCES,
    SENSORY_THRESHOLD_UA,
    THERAPY_RANGE_SOURCES,
    THERAPY_RANGE_UA,
)
from .facts import current_range, price_range
from .result_parts import Bar, Mark
from .results import Chart


def _bars(
    devices: tuple[Device, ...],
    span: Callable[[Device], tuple[float, float] | None],
    claims: Callable[[Device], tuple[Claim[Any], ...] | None],
) -> tuple[Bar, ...]:
    bars = []
    for device in devices:
        found = span(device)
        # The sources and basis of the figures drawn: the model's own claims where any are.
        used = for_the_model(claims(device) or ())
        bars.append(
            Bar(
                slug=device.slug,
                name=device.name,
                low=found[0] if found else None,
                high=found[1] if found else None,
                sources=tuple(dict.fromkeys(claim.source for claim in used)),
                about=basis(used),
            )
        )
    # Largest first, so the chart reads top down; unknown last, by slug.
    known = sorted((bar for bar in bars if bar.high is not None), key=lambda b: -(b.high or 0))
    unknown = sorted((bar for bar in bars if bar.high is None), key=lambda b: b.slug)
    return tuple(known + unknown)


def chart_devices(catalogue: Catalogue) -> Chart:
    """Every device's current and price, with the window and threshold to read them by."""
    window = Mark(
        "consumer microcurrent window", *CONSUMER_WINDOW_UA, sources=CONSUMER_WINDOW_SOURCES
    )
    threshold = Mark(
        "sensory threshold (about)",
        SENSORY_THRESHOLD_UA,
        SENSORY_THRESHOLD_UA,
        sources=SENSORY_THRESHOLD_SOURCES,
    )
    therapy = Mark("microcurrent therapy range", *THERAPY_RANGE_UA, sources=THERAPY_RANGE_SOURCES)
    marks = (window, threshold, therapy)
    current = _bars(catalogue.devices, current_range, lambda device: device.output_ua)
    price = _bars(catalogue.devices, price_range, lambda device: device.price_usd)
    cited = {source for mark in marks for source in mark.sources}
    cited.update(source for bar in current + price for source in bar.sources)
    return Chart(
        current=current,
        price=price,
        window=window,
        threshold=threshold,
        other_ranges=(therapy,),
        sources=tuple(source for source in catalogue.sources if source.id in cited),
    )
