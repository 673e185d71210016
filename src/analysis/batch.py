"""The registry analysis outside the notebooks: ``python -m analysis registry``.

For batch runs and benchmarks: read an extract, run the intake, compute the outflow and cost
tables, and write what notebooks 00, 02 and 03 write — the cleaned, pseudonymised registry and
ledger (parquet), the funnel, every computed table and the contract key figures (CSV) — without
the report around them. One progress line per phase with its seconds::

    python -m analysis registry --case amsterdam_2006
    python -m analysis registry --case amsterdam_2006 --registry /data/extract --out /tmp/run

``--out`` is a processed root: the files go to ``<out>/<case>/``, laid out as in
``data/processed/``. The same refusals as the notebook apply (real data needs a secret pseudonym
key, see :func:`analysis.registry.intake.pseudonym_key`); a bad extract is one error listing every
problem by file, line and column.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PROCESSED_VARIABLE = "ANALYSIS_PROCESSED_DIR"

PHASES = ("load", "intake", "outflow", "costs")
"""The phases the command times: load + validation, intake (with writing the cleaned registry),
outflow tables (chapter 4), cost tables (chapter 5)."""


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def phase(name: str, seconds: dict[str, float], say: Callable[[str], None]) -> Iterator[None]:
    """Time the block as phase ``name`` and print one line when it ends."""
    started = time.perf_counter()
    yield
    seconds[name] = time.perf_counter() - started
    say(f"{name:<8} {seconds[name]:7.1f} s   (peak memory {peak_memory_mb():,.0f} MB)")


def analyse_registry(
    case: str, registry: Path | None = None, say: Callable[[str], None] = print
) -> dict[str, float]:
    """Run the registry analysis of ``case`` and write its artefacts; seconds per phase."""
    from analysis import store
    from analysis.core.cases import load_case
    from analysis.registry import intake
    from analysis.registry.extract import load_registry
    from analysis.steps import costs, outflow

    cfg = load_case(case)
    period = intake.Period.of(cfg.period_start, cfg.period_end)
    edges, spells = cfg["contract_buckets_pct"], cfg.intake_spells
    seconds: dict[str, float] = {}
    intake.pseudonym_key(cfg.synthetic_registry)  # refuse real data without a key, before reading
    with phase("load", seconds, say):
        raw = load_registry(case, registry)
    with phase("intake", seconds, say):
        result = intake.run_intake(
            raw, period, synthetic=cfg.synthetic_registry, **cfg.intake_options
        )
        del raw
        store.write_intake(case, result.registry, result.ledger, result.funnel)
    cleaned = result.registry
    with phase("outflow", seconds, say):
        status, tables, contracts, outcomes = outflow.analyse(
            cleaned, period, edges, cfg["contract_success_pct"], spells
        )
        store.write_key_figures(case, "contracts", contracts)
        store.write_tables(case, tables)
    with phase("costs", seconds, say):
        basis, tables = costs.analyse(cleaned, period, edges, spells, status, outcomes)
        store.write_tables(case, tables)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis registry",
        description="Run the registry analysis (intake, outflow and cost tables) of a case.",
    )
    parser.add_argument("--case", required=True, help="case folder under data/raw/")
    parser.add_argument(
        "--registry", type=Path, help="extract folder (default: the case's own registry)"
    )
    parser.add_argument(
        "--out", type=Path, help="processed root to write to (default: data/processed)"
    )
    args = parser.parse_args(argv)
    if args.out:
        # the store reads its root from the environment when analysis.core.paths is imported
        os.environ[PROCESSED_VARIABLE] = str(args.out.resolve())
    from analysis.core import paths

    if args.out and paths.PROCESSED != args.out.resolve():
        raise RuntimeError("--out must be set before analysis.core.paths is imported")
    started = time.perf_counter()
    seconds = analyse_registry(args.case, args.registry)
    total = time.perf_counter() - started
    print(f"total    {total:7.1f} s   (peak memory {peak_memory_mb():,.0f} MB)")
    return 0 if set(seconds) == set(PHASES) else 1
