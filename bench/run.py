"""Run every benchmark, print a table and write `bench/results.json`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

from bench import core_figures, print_figures, sync_figures
from bench.dataset import prepare
from bench.timing import Figure

HERE = Path(__file__).resolve().parent
SIZES = {"full": (100_000, 1_000_000), "small": (2_000, 10_000)}


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _row(figure: Figure) -> str:
    target = "" if figure.target is None else f"{figure.target_kind} ≤ {figure.target:g}"
    verdict = {None: "", True: "ok", False: "MISSED"}[figure.meets_target]
    ratio = "" if figure.ratio is None else f"×{figure.ratio:.1f}"
    if figure.ratio_target is not None:
        sign = "≥" if figure.ratio_at_least else "≤"
        ratio += f" ({sign}{figure.ratio_target:g})"
    return (
        f"{figure.name:<44} {figure.median:>10.2f} {figure.p99:>10.2f} {figure.unit:<3}"
        f" {figure.samples:>7} {target:>14} {verdict:>6} {ratio:>14}"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure; exit 1 when a target is missed (with --strict)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--samples", type=int, default=1000, help="samples per fast figure")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--cache-dir", type=Path, default=HERE / ".cache")
    parser.add_argument("--skip-gui", action="store_true", help="only the Qt-free figures")
    parser.add_argument("--cold-starts", type=int, default=7, help="new GUI processes to time")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    products, sales = SIZES[args.size]
    rng = random.Random(7)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="station-bench-") as folder:
        work = Path(folder)
        dataset = prepare(work, args.cache_dir, products, sales)
        how = "reused from cache" if dataset.cached else "built"
        print(
            f"station: {products} products, {sales} sales ({how}, "
            f"{dataset.build_seconds:.1f} s). Setup: products via the catalog's "
            "upsert_product, past sales bulk-loaded with SQL; measured figures use the "
            "app's own code paths.",
            flush=True,
        )
        figures: list[Figure] = []
        figures += core_figures.scan_figures(dataset, args.samples, rng)
        figures += core_figures.search_figures(dataset, args.samples, rng)
        figures += core_figures.report_figures(dataset, max(50, args.samples // 5), rng)
        figures += core_figures.sale_figures(dataset, max(100, args.samples // 5), rng)
        for extra in _optional_modules(args.skip_gui):
            figures += extra.figures(dataset, args.samples, rng, work, args)
        figures += core_figures.size_figures(dataset)
    print(
        f"{'figure':<44} {'median':>10} {'p99':>10} {'':<3} {'samples':>7} "
        f"{'target':>14} {'':>6} {'/base (target)':>14}"
    )
    for figure in figures:
        print(_row(figure))
    result = {
        "machine": machine(),
        "size": {"products": products, "sales": sales},
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [
            asdict(f) | {"meets_target": f.meets_target, "ratio": f.ratio} for f in figures
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}")
    missed = [f.name for f in figures if f.meets_target is False]
    if missed:
        print("targets missed: " + "; ".join(missed))
    return 1 if (missed and args.strict) else 0


def _optional_modules(skip_gui: bool) -> list[ModuleType]:
    """Figure modules beyond core: printing, sync with a real hub, and (unless skipped) Qt."""
    modules: list[ModuleType] = [print_figures, sync_figures]
    if not skip_gui:
        from bench import gui_figures  # imports Qt

        modules.append(gui_figures)
    return modules
