"""``make bench``: the registry analysis at 0,1, 1 and 2 million persons, beside a DuckDB reference.

Builds scaled registries from the demo registry of ``amsterdam_2006`` (``k`` replicas with fresh,
valid BSNs and unique ids, :mod:`analysis.synthetic.scale`; cached under ``data/bench/``), and per
size runs, each in a fresh process and back to back, the DuckDB reference
(``benchmarks/reference_duckdb.py``) and the pipeline's own command (``python -m analysis
registry``). It prints per size the seconds per phase (load + validation, intake, outflow tables,
cost tables), the peak memory, the ratio to the reference measured in the same run, and the ratio
of the 2 M to the 1 M run. This machine is shared and noisy: the ratios are the figures to quote,
and ``--repeat`` keeps the fastest of several runs of each, made in rounds over all sizes so that
the runs compared were made close together in time.

    python benchmarks/bench.py [--sizes 2 15 30] [--repeat 2] [--cache data/bench]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = "amsterdam_2006"
PHASES = ("load", "intake", "outflow", "costs")
SIZES = (2, 15, 30)
"""Replicas of the demo registry (66.873 client records): ≈ 0,13 M, 1,0 M and 2,0 M persons."""


def _demo_registry() -> Path:
    folder = Path(os.environ.get("ANALYSIS_SYNTHETIC_DIR", ROOT / "data" / "synthetic"))
    folder = folder / CASE / "registry"
    if not (folder / "clients.parquet").is_file():
        sys.exit(f"{folder}: no demo registry; run `make data CASE={CASE}` first")
    return folder


def scaled(k: int, cache: Path) -> Path:
    """The registry of ``k`` replicas, made once and kept in ``cache``."""
    from analysis.synthetic.scale import scale_folder

    folder = cache / f"{CASE}-k{k}"
    stamp = folder / ".complete"
    if not stamp.is_file():
        started = time.perf_counter()
        print(f"  making {folder} ({k} replicas) …", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        scale_folder(_demo_registry(), folder, k, seed=k)
        stamp.write_text("")
        print(f"  … {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def child(which: str, registry: Path, out: Path) -> dict:
    """Run one side in this (fresh) process: seconds per phase and the peak memory."""
    if which == "ours":
        os.environ["ANALYSIS_PROCESSED_DIR"] = str(out)
        from analysis.batch import analyse_registry

        seconds = analyse_registry(CASE, registry, say=lambda line: None)
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from reference_duckdb import run

        from analysis.registry.intake import DEMO_KEY

        raw = ROOT / "data" / "raw" / CASE
        codes = raw / "codes.yml"
        result = run(
            registry, raw / "case.yml", codes if codes.is_file() else None, DEMO_KEY.encode()
        )
        seconds = dict(result.seconds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": {p: seconds[p] for p in PHASES}, "peak_mb": peak}


def measure(which: str, registry: Path) -> dict:
    """One run of one side in a fresh process: seconds per phase, total and peak memory."""
    with tempfile.TemporaryDirectory(prefix="bench-") as out:
        command = [sys.executable, __file__, "--child", which, str(registry), out]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{which} failed on {registry}:\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["total"] = sum(result["seconds"].values())
    return result


def fastest(runs: list[dict]) -> dict:
    return min(runs, key=lambda run: run["total"])


def _persons(registry: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(registry / "clients.parquet").metadata.num_rows


def _line(label: str, run: dict) -> str:
    phases = "".join(f"{run['seconds'][p]:9.1f}" for p in PHASES)
    return f"  {label:<10}{phases}{run['total']:9.1f}{run['peak_mb']:10,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="replicas per run")
    parser.add_argument("--repeat", type=int, default=2, help="runs per side; the fastest counts")
    parser.add_argument("--cache", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument(
        "--child", nargs=3, metavar=("SIDE", "REGISTRY", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    header = "".join(f"{p:>9}" for p in (*PHASES, "total")) + f"{'peak MB':>10}"
    registries = {k: scaled(k, args.cache) for k in args.sizes}
    runs: dict[tuple[str, int], list[dict]] = {}
    # rounds over all sizes, each side back to back: a shared machine drifts over minutes, and
    # the growth from 1 M to 2 M should compare runs made close together
    for round_ in range(args.repeat):
        for k, registry in registries.items():
            print(f"  round {round_ + 1}/{args.repeat}: {k} replicas …", flush=True)
            for side in ("reference", "ours"):
                runs.setdefault((side, k), []).append(measure(side, registry))
    ours_total: dict[int, float] = {}
    ref_total: dict[int, float] = {}
    for k, registry in registries.items():
        persons = _persons(registry)
        reference, ours = fastest(runs[("reference", k)]), fastest(runs[("ours", k)])
        print(f"\n{k} replicas: {persons:,} client records (seconds, fastest of {args.repeat})")
        print(f"  {'':<10}{header}")
        print(_line("reference", reference))
        print(_line("pipeline", ours))
        ratio = ours["total"] / reference["total"]
        print(f"  pipeline / reference: {ratio:.2f}", flush=True)
        ours_total[persons], ref_total[persons] = ours["total"], reference["total"]
    sizes = sorted(ours_total)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        for name, totals in (("pipeline", ours_total), ("reference", ref_total)):
            growth = totals[large] / totals[small]
            print(
                f"{name}: {large:,} / {small:,} persons (x{large / small:.2f}): time x{growth:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
