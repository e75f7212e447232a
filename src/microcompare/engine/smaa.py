"""Stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma & Salminen 2001).

The ranking is repeated many times. Each time, every weight is drawn around the user's
(each multiplied by a factor between 1 − spread and 1 + spread, then all rescaled to sum to
one), and every uncertain value is drawn from its reading (uncertainty.py). The devices are
ranked by their score in that draw, exact ties in random order. Counting where each device
lands gives:

- the rank acceptability b_i^r: the share of draws in which device i has rank r;
- the central weights: the mean weights of the draws in which a device comes first;
- the confidence factor: how often a device comes first when the weights are its central
  weights and only the values vary.

This is the only module that imports numpy, so `list` and `--help` never load it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple

# Every matrix product here is kept below the size at which OpenBLAS shares it among threads
# (_BLAS_CELLS), so its threads would never work; unless the user says otherwise, none are
# started. Starting them when numpy loads costs more CPU than the import itself (about 50 ms
# on two cores), and the same products give the same bits on one thread.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# numpy after the thread count: OpenBLAS reads it as it loads.
import numpy as np
import numpy.typing as npt

from ..vocab import Method
from .uncertainty import Reading

# Ranks reported one by one; a larger catalogue reports the share of draws beyond them.
RANKS_SHOWN = 50
# Numbers drawn per chunk of draws, so memory stays flat however many devices there are.
_CHUNK_CELLS = 2_000_000
# Up to this many drawn values are kept for the second pass rather than drawn again.
_KEEP_CELLS = 4_000_000
# Draws ranked at a time, times the devices: the working arrays stay small and in cache.
_BLOCK_CELLS = 2**15
# Largest matrix product (rows × inner × columns) done in one call: below it the BLAS
# library keeps to one thread.
_BLAS_CELLS = 2**18
# Values drawn at a time for one criterion: each temporary array stays below the size
# (128 KiB) from which the C library maps fresh memory from the system for it and hands it
# back when freed, so each block reuses the memory the last one freed instead of faulting
# in new pages (on the built-in catalogue, about 3,000 page faults of a first ranking).
_DRAW_CELLS = 2**13
# Scores are compared to 2^-32 of the scale; closer than that counts as a tie.
_RESOLUTION = float(2**32)
# The largest float below 1, so a uniform number scaled by a count stays below it.
_BELOW_ONE = float(np.nextafter(1.0, 0.0))
# Confidence factors are computed for the devices first in at least this share of draws,
# at most CONFIDENCE_DEVICES of them: each costs as much as the ranking itself.
CONFIDENCE_DEVICES = 10
CONFIDENCE_MIN_FIRST = 0.01
# Unknown facts examined for `deciding` and how finely a continuous scale is cut.
_DECIDING_CELLS = 64
_BINS = 20
# A value range with fewer draws than this is too noisy to name a different pick.
_MIN_BIN_DRAWS = 50

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Flip(NamedTuple):
    """An uncertain fact whose value changes which device comes first most often."""

    device: int
    criterion: int
    # The chance that learning the fact changes the pick, over its plausible values.
    change: float
    # The point of the scale from which the device is (or stays) the pick.
    threshold: float
    # The device that becomes the pick on the other side of the threshold.
    other: int


class Sway(NamedTuple):
    """One of the leader's own uncertain values, and how far the leader's chance of coming
    first moves across its plausible values, lowest to highest share."""

    criterion: int
    low: float
    high: float


class Acceptability(NamedTuple):
    """What the draws say, per device in the order given, as plain Python numbers."""

    samples: int
    # Per device: the share of draws at each rank 1..min(devices, RANKS_SHOWN).
    by_rank: tuple[tuple[float, ...], ...]
    # Per device: the share of draws at a rank beyond those (0 in a small catalogue).
    beyond: tuple[float, ...]
    first: tuple[float, ...]
    top3: tuple[float, ...]
    expected_rank: tuple[float, ...]
    # Per device: mean weights of the draws it came first in (None if it never did).
    central_weights: tuple[tuple[float, ...] | None, ...]
    confidence: tuple[float | None, ...]
    flips: tuple[Flip, ...]
    # The leader's own uncertain values, those that move its chance most first.
    sways: tuple[Sway, ...] = ()


class _Cells(NamedTuple):
    """The uncertain values of one criterion: which devices, and what each may be."""

    rows: IntArray
    lows: FloatArray
    highs: FloatArray
    trusts: FloatArray
    # Levels: how many values the claims give, and those values padded to one width.
    counts: IntArray
    stated: FloatArray


class _Model(NamedTuple):
    # (devices, criteria): the settled values; uncertain cells are drawn over them.
    fixed: FloatArray
    uncertain: tuple[_Cells, ...]
    levels: tuple[FloatArray | None, ...]


def _model(
    readings: Sequence[Sequence[Reading]], levels: Sequence[tuple[float, ...] | None]
) -> _Model:
    count, width = len(readings), len(levels)
    fixed = np.zeros((count, width))
    uncertain: list[_Cells] = []
    for column in range(width):
        rows: list[int] = []
        stated: list[list[float]] = []
        trusts: list[float] = []
        for row, device in enumerate(readings):
            reading = device[column]
            if reading.settled:
                fixed[row, column] = reading.low
            else:
                rows.append(row)
                stated.append(list(reading.values) or [0.0])
                trusts.append(reading.trust)
        longest = max((len(values) for values in stated), default=1)
        padded = [values + [values[-1]] * (longest - len(values)) for values in stated]
        uncertain.append(
            _Cells(
                rows=np.array(rows, dtype=np.int64),
                lows=np.array([values[0] for values in stated], dtype=np.float64),
                highs=np.array([values[-1] for values in stated], dtype=np.float64),
                trusts=np.array(trusts, dtype=np.float64),
                counts=np.array([len(values) for values in stated], dtype=np.int64),
                stated=np.array(padded, dtype=np.float64).reshape(len(rows), longest),
            )
        )
    return _Model(
        fixed=fixed,
        uncertain=tuple(uncertain),
        levels=tuple(None if scale is None else np.array(scale) for scale in levels),
    )


def _chunk_size(samples: int, devices: int, criteria: int) -> int:
    return max(1, min(samples, _CHUNK_CELLS // max(1, devices * criteria)))


def _draws(
    model: _Model, weights: FloatArray, spread: float, samples: int, seed: int
) -> Iterator[tuple[FloatArray, FloatArray, FloatArray]]:
    """Per chunk: values (criteria, draws, devices), weights (draws, criteria) and tie
    numbers (draws, devices).

    The same model, weights, spread, samples and seed give the same draws in the same
    order, so a second pass sees exactly what the first saw.
    """
    rng = np.random.default_rng(seed)
    count, width = model.fixed.shape
    size = _chunk_size(samples, count, width)
    done = 0
    while done < samples:
        chunk = min(size, samples - done)
        done += chunk
        values = np.empty((width, chunk, count))
        for column, cells in enumerate(model.uncertain):
            values[column] = model.fixed[:, column]
            if not len(cells.rows):
                continue
            # A block of draws at a time, in order, so the stream of numbers is the same
            # and the temporary arrays stay small.
            for part in _blocks(chunk, max(1, _DRAW_CELLS // len(cells.rows))):
                drawn = rng.random((part.stop - part.start, len(cells.rows)))
                values[column][part, cells.rows] = _drawn_values(cells, model.levels[column], drawn)
        factors = 1.0 + spread * (2.0 * rng.random((chunk, width)) - 1.0)
        weighted = weights * factors
        weighted /= weighted.sum(axis=1, keepdims=True)
        yield values, weighted, rng.random((chunk, count))


def _drawn_values(cells: _Cells, scale: FloatArray | None, drawn: FloatArray) -> FloatArray:
    """Values from one uniform number per cell: below the reading's trust it draws from
    what the claims say, above it from the whole scale, each part rescaled to 0..1."""
    trust = cells.trusts
    if scale is None:
        stated_u = drawn / np.where(trust > 0, trust, 1.0)
        stated = cells.lows + (cells.highs - cells.lows) * np.minimum(stated_u, 1.0)
        if (trust >= 1).all():
            return np.asarray(stated)
        whole = (drawn - trust) / np.where(trust < 1, 1.0 - trust, 1.0)
        return np.asarray(np.where(drawn < trust, stated, whole))
    if (trust <= 0).all():
        return np.asarray(scale[(drawn * len(scale)).astype(np.int64)])
    stated_u = np.minimum(drawn / np.where(trust > 0, trust, 1.0), _BELOW_ONE)
    stated = cells.stated[np.arange(len(cells.rows)), (stated_u * cells.counts).astype(np.int64)]
    if (trust >= 1).all():
        return np.asarray(stated)
    whole_u = np.clip((drawn - trust) / np.where(trust < 1, 1.0 - trust, 1.0), 0, _BELOW_ONE)
    whole = scale[(whole_u * len(scale)).astype(np.int64)]
    return np.asarray(np.where(drawn < trust, stated, whole))


def draw_scores(values: FloatArray, weights: FloatArray, method: Method) -> FloatArray:
    """0..1 scores (draws, devices): values (criteria, draws, devices), one set of weights
    (draws, criteria) per draw."""
    if method is Method.WEIGHTED_SUM:
        total = np.zeros(values.shape[1:])
        term = np.empty(values.shape[1:])
        for column in range(values.shape[0]):
            np.multiply(weights[:, column, None], values[column], out=term)
            total += term
        return total
    to_best = np.zeros(values.shape[1:])
    to_worst = np.zeros(values.shape[1:])
    for column in range(values.shape[0]):
        w = weights[:, column, None]
        to_best += (w * (1.0 - values[column])) ** 2
        to_worst += (w * values[column]) ** 2
    return np.asarray(np.sqrt(to_worst) / (np.sqrt(to_best) + np.sqrt(to_worst)))


def set_scores(values: FloatArray, weights: FloatArray, method: Method) -> FloatArray:
    """0..1 scores (sets, draws, devices) with every set of weights (sets, criteria)."""
    width, chunk, count = values.shape
    flat = values.reshape(width, chunk * count)
    sets = len(weights)
    if method is Method.WEIGHTED_SUM:
        return _blocked_dot(weights, flat).reshape(sets, chunk, count)
    to_best = _blocked_dot(weights**2, (1.0 - flat) ** 2)
    to_worst = _blocked_dot(weights**2, flat**2)
    np.sqrt(to_best, out=to_best)
    np.sqrt(to_worst, out=to_worst)
    to_best += to_worst
    np.divide(to_worst, to_best, out=to_worst)
    return to_worst.reshape(sets, chunk, count)


def _blocked_dot(left: FloatArray, right: FloatArray) -> FloatArray:
    """left @ right, a block of columns at a time: each product stays below the size at
    which the BLAS library starts threads, which on a small machine cost far more than they
    save. Every column is the same dot product, so the result is bit for bit the same."""
    rows, inner = left.shape
    columns = right.shape[1]
    step = max(1, _BLAS_CELLS // max(1, rows * inner))
    if columns <= step:
        return np.asarray(np.dot(left, right))
    out = np.empty((rows, columns))
    for start in range(0, columns, step):
        out[:, start : start + step] = np.dot(left, right[:, start : start + step])
    return out


def _keys(score: FloatArray, ties: FloatArray) -> FloatArray:
    """Scores compared to 2^-32 of the scale; exact ties fall to the draw's random numbers.
    Computed in place: `score` becomes the keys."""
    score *= _RESOLUTION
    np.floor(score, out=score)
    score += ties
    return score


def _order(score: FloatArray, ties: FloatArray) -> IntArray:
    """Devices best first in each draw; exact ties in random order. Overwrites `score`."""
    keys = _keys(score, ties)
    np.negative(keys, out=keys)
    return np.asarray(np.argsort(keys, axis=1))


def simulate(
    readings: Sequence[Sequence[Reading]],
    levels: Sequence[tuple[float, ...] | None],
    weights: Sequence[float],
    *,
    method: Method,
    samples: int,
    seed: int,
    spread: float,
    worst: Sequence[float] | None = None,
) -> Acceptability:
    """Rank the devices `samples` times and count where each lands.

    The pick is the device most often first, then most often in the top three, then with
    the best `worst` score, then the first given (callers give devices in slug order); the
    flips are the facts that would change it.
    """
    model = _model(readings, levels)
    count, width = model.fixed.shape
    centre = np.asarray(weights, dtype=np.float64)
    centre = centre / centre.sum()
    shown = min(count, RANKS_SHOWN)
    at_rank = np.zeros((count, shown), dtype=np.int64)
    rank_sum = np.zeros(count, dtype=np.float64)
    central = np.zeros((count, width), dtype=np.float64)
    winners = np.zeros(samples, dtype=np.int64)
    done = 0
    positions = np.arange(count, dtype=np.int64)
    offsets = np.arange(shown, dtype=np.int64) * count
    # A small ranking keeps its draws for the second pass; a large one draws them again.
    kept: list[tuple[FloatArray, FloatArray, FloatArray]] | None = (
        [] if samples * count * width <= _KEEP_CELLS else None
    )
    for values, drawn, ties in _draws(model, centre, spread, samples, seed):
        if kept is not None:
            kept.append((values, drawn, ties))
        for part in _blocks(values.shape[1], max(1, _BLOCK_CELLS // count)):
            order = _order(draw_scores(values[:, part], drawn[part], method), ties[part])
            chunk = len(order)
            if shown < count:
                # Devices beyond the ranks shown still need their rank for the mean.
                ranks = np.empty_like(order)
                np.put_along_axis(ranks, order, np.broadcast_to(positions, order.shape), axis=1)
                rank_sum += ranks.sum(axis=0)
            # One count of (rank, device) pairs for all the ranks shown.
            at_rank += (
                np.bincount((order[:, :shown] + offsets).ravel(), minlength=shown * count)
                .reshape(shown, count)
                .T
            )
            np.add.at(central, order[:, 0], drawn[part])
            winners[done : done + chunk] = order[:, 0]
            done += chunk
    if shown == count:
        # Every rank is counted: the sum of each device's ranks follows from the counts.
        rank_sum += (at_rank * positions).sum(axis=1)
    share = at_rank / samples
    first = share[:, 0]
    top3 = share[:, : min(3, shown)].sum(axis=1)
    wins = at_rank[:, 0]
    centres: list[tuple[float, ...] | None] = [
        tuple(float(x) for x in central[i] / wins[i]) if wins[i] else None for i in range(count)
    ]
    judged = [
        int(i)
        for i in np.argsort(-first, kind="stable")[:CONFIDENCE_DEVICES]
        if first[i] >= CONFIDENCE_MIN_FIRST
    ]
    leader = min(
        range(count),
        key=lambda i: (
            -round(float(first[i]), 4),
            -round(float(top3[i]), 4),
            -round(worst[i], 6) if worst is not None else 0.0,
            i,
        ),
    )
    cells = _candidate_cells(model, first, leader)
    confident = np.zeros(count, dtype=np.int64)
    # Each cell's draws: views of the draws when they were kept in one chunk, else copied.
    single = kept is not None and len(kept) == 1
    cell_values: list[FloatArray] = [
        np.empty(0) if single else np.empty(samples, dtype=np.float64) for _ in cells
    ]
    done = 0
    judged_rows = np.array(judged, dtype=np.int64).reshape(len(judged), 1)
    centres_judged = np.array([central[i] / wins[i] for i in judged]).reshape(len(judged), width)
    # Draws per block: the scores under every judged set of weights in one small product.
    step = max(1, _BLAS_CELLS // max(1, len(judged) * width * count))
    again = kept if kept is not None else _draws(model, centre, spread, samples, seed)
    for values, _, ties in again:
        if judged:
            for part in _blocks(values.shape[1], step):
                scores = set_scores(values[:, part], centres_judged, method)
                best = _keys(scores, ties[part]).argmax(axis=2)
                confident[judged] += (best == judged_rows).sum(axis=1)
        chunk = values.shape[1]
        for k, (row, column) in enumerate(cells):
            if single:
                cell_values[k] = values[column][:, row]
            else:
                cell_values[k][done : done + chunk] = values[column][:, row]
        done += chunk
    confidence: list[float | None] = [None] * count
    for i in judged:
        confidence[i] = float(confident[i] / samples)
    flips, sways = _flips(model, cells, cell_values, winners, leader, count)
    return Acceptability(
        samples=samples,
        by_rank=tuple(tuple(float(x) for x in row) for row in share),
        beyond=tuple(float(1.0 - row.sum()) if count > shown else 0.0 for row in share),
        first=tuple(float(x) for x in first),
        top3=tuple(float(x) for x in top3),
        expected_rank=tuple(float(x) for x in rank_sum / samples + 1.0),
        central_weights=tuple(centres),
        confidence=tuple(confidence),
        flips=flips,
        sways=sways,
    )


def _blocks(length: int, step: int) -> Iterator[slice]:
    """Consecutive slices of at most `step` covering 0..length, in order."""
    for start in range(0, length, step):
        yield slice(start, min(start + step, length))


def _candidate_cells(model: _Model, first: FloatArray, leader: int) -> list[tuple[int, int]]:
    """Uncertain values of the devices that ever come first (and the leader's own)."""
    order = np.argsort(-first, kind="stable")
    contenders = [int(i) for i in order if first[i] > 0 or i == leader]
    members = [set(cells.rows.tolist()) for cells in model.uncertain]
    cells: list[tuple[int, int]] = []
    for row in contenders:
        for column in range(len(model.uncertain)):
            if row in members[column]:
                cells.append((row, column))
    return cells[:_DECIDING_CELLS]


def _bins(values: FloatArray, scale: FloatArray | None) -> tuple[IntArray, FloatArray]:
    """Each draw's bin and each bin's lowest value: a level, or a twentieth of the scale."""
    if scale is not None:
        # The nearest level: the draws are levels, so halfway between two is never hit.
        # Counting the midpoints below each value is what searchsorted gives, faster: in
        # bytes, from one contiguous copy (a bool added to an int64 count takes numpy's slow
        # casting loop, and each compare would read a strided view of the draws anew).
        level = np.ascontiguousarray(values)
        middles = (scale[1:] + scale[:-1]) / 2
        if len(middles) > 255:
            return np.asarray(np.searchsorted(middles, level), dtype=np.int64), scale
        below = np.zeros(len(level), dtype=np.uint8)
        for middle in middles:
            below += (level > middle).view(np.uint8)
        return below.astype(np.int64), scale
    index = np.minimum((values * _BINS).astype(np.int64), _BINS - 1)
    return index, np.arange(_BINS, dtype=np.float64) / _BINS


def _flips(
    model: _Model,
    cells: Sequence[tuple[int, int]],
    cell_values: Sequence[FloatArray],
    winners: IntArray,
    leader: int,
    count: int,
) -> tuple[tuple[Flip, ...], tuple[Sway, ...]]:
    """For each uncertain value: the pick within each range of it, and how often it differs.
    For the leader's own values, also its chance of coming first in each range.

    The chance the pick changes is the share of draws whose value lies in a range where
    another device comes first most often. Raising a device's own value only helps it, so
    the ranges where it is the pick lie above a threshold.
    """
    samples = len(winners)
    found: list[Flip] = []
    sways: list[Sway] = []
    for k, (row, column) in enumerate(cells):
        index, starts = _bins(cell_values[k], model.levels[column])
        # One count of winners per range of the value: (ranges, devices).
        tallies = np.bincount(index * count + winners, minlength=len(starts) * count).reshape(
            len(starts), count
        )
        # Per range: its draws, and the device most often first there (the leader if tied).
        in_range = tallies.sum(axis=1)
        leads = tallies[:, leader]
        pick = np.where(leads == tallies.max(axis=1), leader, tallies.argmax(axis=1))
        enough = np.flatnonzero(in_range >= _MIN_BIN_DRAWS)
        picks = list(
            zip(
                starts[enough].tolist(),
                in_range[enough].tolist(),
                pick[enough].tolist(),
                strict=True,
            )
        )
        if row == leader and len(enough):
            shares = leads[enough] / in_range[enough]
            if shares.max() > shares.min():
                sways.append(Sway(column, float(shares.min()), float(shares.max())))
        change = sum(drawn for _, drawn, best in picks if best != leader) / samples
        if change <= 0:
            continue
        if row == leader:
            # The leader stays the pick from the lowest range upward where it always is.
            above = [start for start, _, best in picks if best == leader]
            below = [best for start, _, best in picks if best != leader]
            threshold = min(above) if above else 1.0
            other = max(set(below), key=below.count)
        else:
            mine = [start for start, _, best in picks if best == row]
            if not mine:
                continue
            threshold = min(mine)
            other = leader
        found.append(Flip(row, column, float(change), threshold, other))
    found.sort(key=lambda flip: (-flip.change, flip.device, flip.criterion))
    sways.sort(key=lambda sway: (-(sway.high - sway.low), sway.criterion))
    return tuple(found), tuple(sways)
