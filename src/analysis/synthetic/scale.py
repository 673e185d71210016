"""Scaled registries for benchmarks: ``k`` replicas of an extract, each with fresh identifiers.

``make bench`` measures the registry analysis at 0,1 to 2 million persons, far beyond a demo
registry. A replica keeps every record of the extract and gives each person a fresh BSN of the
same kind (a valid number stays valid, an invalid one invalid, a missing one missing; one person
keeps one number across tables and records) and every record a fresh unique id (contracts,
activities, payments, provisions, client numbers), so that every count of the funnel and of every
table is exactly ``k`` times the extract's and no two replicas share a person or a contract.
Replica 0 is the extract itself. Codes, dates and amounts are copied unchanged.

Run as ``python -m analysis.synthetic.scale SOURCE DEST --k 15``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.cli import run
from analysis.registry.keys import valid_numbers

ID_COLUMNS = ("client_number", "contract_id", "activity_id", "payment_id", "provision_id")
"""Columns whose values identify one record or object; a replica suffixes them with ``~r``."""

WEIGHTS = np.arange(9, 1, -1)


def fresh_valid_bsns(rng: np.random.Generator, n: int, taken: np.ndarray) -> np.ndarray:
    """``n`` distinct 9-digit numbers (as integers) passing the 11-proef whose first eight digits
    differ from those of every number in ``taken`` (so an invalidated one cannot meet one either).
    """
    prefixes = np.unique(taken // 10)
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        draw = rng.integers(10_000_000, 100_000_000, size=2 * (n - len(found)) + 1024)
        check = (draw[:, None] // 10 ** np.arange(7, -1, -1) % 10 * WEIGHTS).sum(axis=1) % 11
        keep = (check != 10) & ~np.isin(draw, prefixes)
        found = np.unique(np.concatenate([found, draw[keep] * 10 + check[keep]]))
    return rng.permutation(found)[:n]


def _bsn_codes(tables: dict[str, pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct BSN values of the extract and whether each passes the 11-proef."""
    values = pd.unique(
        pd.concat([f["bsn"].dropna().astype(str) for f in tables.values() if "bsn" in f])
    )
    values = np.asarray(values, dtype=object)
    return values, valid_numbers(values)


def _as_int(values: np.ndarray) -> np.ndarray:
    """The digits of each BSN as an integer (non-numeric ones count as 0: they take no prefix)."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").fillna(0)
    return numbers.astype(np.int64).to_numpy()


def replica_bsns(values: np.ndarray, valid: np.ndarray, k: int, seed: int) -> list[dict[str, str]]:
    """Per replica ``1 … k-1`` a map from each BSN of the extract to a fresh one of its kind."""
    rng = np.random.default_rng(seed)
    fresh = fresh_valid_bsns(rng, (k - 1) * len(values), _as_int(values))
    maps = []
    for r in range(1, k):
        numbers = fresh[(r - 1) * len(values) : r * len(values)]
        # an invalid BSN stays invalid: change the check digit of a fresh valid number
        numbers = np.where(valid, numbers, numbers // 10 * 10 + (numbers % 10 + 1) % 10)
        maps.append(dict(zip(values, (f"{n:09d}" for n in numbers), strict=True)))
    return maps


def replica(
    tables: dict[str, pd.DataFrame], r: int, bsns: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Replica ``r`` of ``tables`` with BSNs mapped by ``bsns`` and ids suffixed ``~r``."""
    out = {}
    for name, frame in tables.items():
        frame = frame.copy()
        if "bsn" in frame:
            frame["bsn"] = frame["bsn"].map(bsns).astype(frame["bsn"].dtype)
        for column in ID_COLUMNS:
            if column in frame:
                frame[column] = (frame[column] + f"~{r}").astype(frame[column].dtype)
        out[name] = frame
    return out


def scale(tables: dict[str, pd.DataFrame], k: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """``k`` replicas of ``tables`` (replica 0 unchanged), concatenated per table."""
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    values, valid = _bsn_codes(tables)
    copies = [tables] + [
        replica(tables, r, bsns)
        for r, bsns in enumerate(replica_bsns(values, valid, k, seed), start=1)
    ]
    return {n: pd.concat([c[n] for c in copies], ignore_index=True) for n in tables}


def scale_folder(source: Path, dest: Path, k: int, seed: int = 0) -> dict[str, int]:
    """Write ``k`` replicas of the parquet extract in ``source`` to ``dest``; rows per table."""
    files = sorted(source.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{source}: no parquet files to scale")
    tables = scale({f.stem: pd.read_parquet(f) for f in files}, k, seed)
    dest.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_parquet(dest / f"{name}.parquet", index=False)
    return {name: len(frame) for name, frame in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with the extract's parquet files")
    parser.add_argument("dest", type=Path, help="folder to write the scaled extract to")
    parser.add_argument("--k", type=int, required=True, help="number of replicas")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = scale_folder(args.source, args.dest, args.k, args.seed)
    print(
        f"{args.k} replicas of {args.source} in {args.dest} "
        f"({time.perf_counter() - started:.1f} s): clients {rows.get('clients', 0):,}".replace(
            ",", "."
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
