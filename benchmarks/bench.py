"""Start-up, scaling and memory of microcompare, measured against its own floors.

Run from a checkout with the package installed (`pip install .`, not `-e`), with that
environment's Python:

    python benchmarks/bench.py            # 10 paired runs per figure (30 for start-up)
    python benchmarks/bench.py --runs 20  # steadier on a noisy machine

Each figure runs two commands in turn (A B A B ...) after a warm-up, so a drift in the
machine's speed touches both alike, and reports the median of the per-pair ratios next to
its target. Start-up figures take a tenth of a second a run, and a noisy machine moves a
single pair by a third either way, so they get three times the runs. Peak memory is the
largest resident set of each command, read from the operating system after it exits.
Exit status 1 when a ratio misses its target.

Only the standard library is used, plus PyYAML (a dependency of microcompare) to write the
generated catalogues.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILTIN = ROOT / "data" / "devices.yaml"
IMPORT_FLOOR = "import typer, rich.console, rich.table, pydantic, yaml"
# rank's own floor: the same imports and numpy, which only ranking loads (issue 19).
RANK_FLOOR = IMPORT_FLOOR + ", numpy"
# Reports the peak resident set of one command, in KiB, on stderr.
PEAK_RSS = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)"
)


def microcompare() -> list[str]:
    """The installed console script, as a user runs it; `python -m` where there is none."""
    script = Path(sys.executable).with_name("microcompare")
    return [str(script)] if script.exists() else [sys.executable, "-m", "microcompare"]


def uncompiled() -> str | None:
    """The package's path when its modules have no up-to-date bytecode and none will be
    written (PYTHONDONTWRITEBYTECODE), so that every run compiles them first."""
    spec = importlib.util.find_spec("microcompare.cli")
    if not sys.dont_write_bytecode or spec is None or spec.origin is None:
        return None
    source = Path(spec.origin)
    compiled = Path(importlib.util.cache_from_source(str(source)))
    if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
        return None
    return str(source.parent)


def generate(count: int, path: Path, seed: int = 1) -> Path:
    """A catalogue of `count` devices: the real ones replicated with new slugs and prices
    and currents varied by up to ±30%, citing the built-in sources."""
    real = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    devices = []
    for index in range(count):
        device = dict(real["devices"][index % len(real["devices"])])
        device["slug"] = f"{device['slug']}-{index}"
        device["name"] = f"{device['name']} #{index}"
        device.pop("aliases", None)
        for field in ("price_usd", "output_ua"):
            claims = device.get(field)
            if isinstance(claims, dict):
                claims = [claims]
            if claims:
                device[field] = [_vary(claim, rng) for claim in claims]
        devices.append(device)
    document = {"schema_version": 1, "sources": real["sources"], "devices": devices}
    # Written out in full, as a person or a script writing YAML would: PyYAML's dumper would
    # otherwise turn every shared value into an anchor and aliases.
    dumper = type("Dumper", (getattr(yaml, "CSafeDumper", yaml.SafeDumper),), {})
    dumper.ignore_aliases = lambda self, data: True  # type: ignore[attr-defined]
    path.write_text(yaml.dump(document, Dumper=dumper, allow_unicode=True), encoding="utf-8")
    return path


def _vary(claim: dict[str, object], rng: random.Random) -> dict[str, object]:
    factor = rng.uniform(0.7, 1.3)
    value = claim["value"]
    if isinstance(value, dict):
        varied: object = {key: round(float(v) * factor, 1) for key, v in value.items()}
    else:
        varied = round(float(value) * factor, 2)  # type: ignore[arg-type]
    return {**claim, "value": varied}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_kib(command: list[str]) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, *command],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stderr.strip().splitlines()[-1])


@dataclass
class Figure:
    name: str
    target: float
    a: list[float]
    b: list[float]
    ratios: list[float]
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target


def paired(name: str, target: float, a: list[str], b: list[str], runs: int) -> Figure:
    wall(a)
    wall(b)
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(runs):
        times_a.append(wall(a))
        times_b.append(wall(b))
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True)]
    return Figure(name, target, times_a, times_b, ratios)


def memory(name: str, target: float, a: list[str], b: list[str], runs: int) -> Figure:
    peaks_a = [float(peak_kib(a)) for _ in range(max(3, runs // 3))]
    peaks_b = [float(peak_kib(b)) for _ in range(max(3, runs // 3))]
    ratios = [statistics.median(peaks_a) / statistics.median(peaks_b)]
    return Figure(name, target, peaks_a, peaks_b, ratios, unit="MiB")


def show(figure: Figure) -> str:
    if figure.unit == "MiB":
        a, b = statistics.median(figure.a) / 1024, statistics.median(figure.b) / 1024
        values = f"{a:8.1f} MiB {b:8.1f} MiB"
    else:
        a, b = statistics.median(figure.a) * 1000, statistics.median(figure.b) * 1000
        values = f"{a:8.0f} ms  {b:8.0f} ms "
    verdict = "ok" if figure.ok else "OVER"
    return f"{figure.name:<46} {values} {figure.ratio:6.2f}× ≤ {figure.target:<5g} {verdict}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="paired runs per figure")
    args = parser.parse_args()
    runs = args.runs
    tool = microcompare()
    stale = uncompiled()
    if stale:
        print(
            f"warning: {stale} has no compiled bytecode and PYTHONDONTWRITEBYTECODE is set, "
            "so every run compiles it first and the start-up figures measure that; "
            "install with 'pip install .' (not -e) to time what a user runs.",
            file=sys.stderr,
        )
    python = [sys.executable]
    floor = [*python, "-c", IMPORT_FLOOR]
    rank_floor = [*python, "-c", RANK_FLOOR]
    workdir = Path(tempfile.mkdtemp(prefix="microcompare-bench-"))
    try:
        small = generate(1_000, workdir / "devices-1000.yaml")
        large = generate(10_000, workdir / "devices-10000.yaml")
        parse = [
            *python,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
            str(large),
        ]
        # The same parse with the cyclic collector off, as microcompare runs: a stricter
        # floor, shown for information beside the target's own.
        parse_paused = [
            *python,
            "-c",
            "import gc, sys, yaml; gc.disable(); "
            "yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
            str(large),
        ]

        def rank(path: Path) -> list[str]:
            return [*tool, "rank", "--no-builtin", "--catalog", str(path), "--format", "json"]

        print(
            f"microcompare {version('microcompare')} · Python {platform.python_version()} · "
            f"typer {version('typer')} · pydantic {version('pydantic')} · "
            f"rich {version('rich')} · PyYAML {version('pyyaml')} · numpy {version('numpy')}"
        )
        print(
            f"{platform.machine()} · {os.cpu_count()} CPUs · {platform.platform()} · "
            f"{runs} paired runs ({3 * runs} for start-up), medians"
        )
        print(f"{'figure (A vs B)':<46} {'A':>11} {'B':>11}  ratio    target")
        measures = [
            (paired, "list (piped) vs import floor", 1.0, [*tool, "list"], floor, 3 * runs),
            (paired, "--help vs import floor", 0.75, [*tool, "--help"], floor, 3 * runs),
            (
                paired,
                "rank (built-in) vs import floor + numpy",
                1.5,
                [*tool, "rank"],
                rank_floor,
                3 * runs,
            ),
            (paired, "rank 10,000 json vs CSafeLoader parse", 3.0, rank(large), parse, runs),
            (paired, "rank 10,000 vs rank 1,000 (growth)", 12.0, rank(large), rank(small), runs),
            (memory, "peak memory: rank 10,000 vs parse", 3.0, rank(large), parse, runs),
        ]
        figures = []
        for measure, name, target, a, b, count in measures:
            figures.append(measure(name, target, a, b, count))
            print(show(figures[-1]), flush=True)
        stricter = paired(
            "info: rank 10,000 vs parse, collector off", 0, rank(large), parse_paused, runs
        )
        print(show(stricter).replace(" ≤ 0     OVER", "  (no target)"), flush=True)
        return 0 if all(figure.ok for figure in figures) else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
