"""Integer allocation and raking for the demo registry (:mod:`analysis.synthetic`).

A leaf module: numpy only, nothing from :mod:`analysis`, so that both the population
(:mod:`analysis.synthetic.generate`) and the ledger (:mod:`analysis.synthetic.ledger`) can use
it without importing each other.

* :func:`allocate` – largest-remainder split of an integer total, with caps (water-filling);
* :func:`allocate_columns` – an integer matrix with given row and column totals;
* :func:`ipf` – iterative proportional fitting of a real matrix to row and column totals;
* :func:`rake` – scale amounts so that overlapping groups add up to their targets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def allocate(
    total: int, weights: Sequence[float], caps: Sequence[float] | None = None
) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` without exceeding ``caps``.

    Water-filling: cells that would exceed their cap are fixed at it and the rest is shared again;
    the integer parts are then topped up by largest remainder. Raises when the caps cannot hold
    the total.
    """
    weights = np.asarray(weights, dtype=float)
    caps = np.full(len(weights), np.inf) if caps is None else np.asarray(caps, dtype=float)
    if total < 0 or total > caps.sum() + 1e-9:
        raise ValueError(f"cannot allocate {total} within caps summing to {caps.sum()}")
    share = np.zeros(len(weights))
    free = np.ones(len(weights), dtype=bool) & (caps > 0)
    remaining = float(total)
    while remaining > 1e-9 and free.any():
        w = np.where(free, weights, 0.0)
        w = w if w.sum() > 0 else free.astype(float)
        proposal = remaining * w / w.sum()
        over = free & (share + proposal > caps)
        if not over.any():
            share += proposal
            break
        remaining -= (caps[over] - share[over]).sum()
        share[over] = caps[over]
        free &= ~over
    counts = np.floor(share + 1e-9).astype(int)
    short = total - counts.sum()
    order = np.argsort(-(share - counts), kind="stable")
    for i in order:
        if short == 0:
            break
        if counts[i] < caps[i]:
            counts[i] += 1
            short -= 1
    if short != 0:
        raise ValueError(f"allocation of {total} left {short} unplaced")
    return counts


def ipf(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, iterations: int = 500) -> np.ndarray:
    """A real matrix shaped like ``seed`` whose row and column sums approach ``rows`` and
    ``cols`` (iterative proportional fitting, a fixed number of sweeps, no convergence test)."""
    m = np.asarray(seed, dtype=float) + 1e-9  # an empty seed cell may still receive a share
    for _ in range(iterations):
        m *= (rows / m.sum(axis=1))[:, None]
        m *= cols / m.sum(axis=0)
    return m


def allocate_columns(
    row_totals: Sequence[int], col_totals: Sequence[int], seed: np.ndarray
) -> np.ndarray:
    """An integer matrix with the given row and column totals, shaped like ``seed``.

    Iterative proportional fitting gives real targets; columns are then filled one by one with
    :func:`allocate` (capped by what each row still has), the last column taking the rest.
    """
    rows, cols = np.asarray(row_totals, float), np.asarray(col_totals, float)
    if abs(rows.sum() - cols.sum()) > 1e-9:
        raise ValueError(f"row totals {rows.sum()} and column totals {cols.sum()} differ")
    m = ipf(seed, rows, cols, iterations=200)
    out = np.zeros(m.shape, dtype=int)
    left = np.asarray(row_totals, dtype=int).copy()
    for j in range(m.shape[1] - 1):
        out[:, j] = allocate(int(col_totals[j]), m[:, j], caps=left)
        left -= out[:, j]
    out[:, -1] = left
    return out


def rake(
    amounts: np.ndarray,
    groups: Mapping[str, tuple[np.ndarray, float]],
    iterations: int = 500,
) -> np.ndarray:
    """Scale ``amounts`` so that every group (a boolean mask over the lines and its target sum)
    adds up to its target. Iterative proportional fitting; raises when it does not converge."""
    x = np.asarray(amounts, dtype=float).copy()
    for _ in range(iterations):
        worst = 0.0
        for mask, target in groups.values():
            current = x[mask].sum()
            if current <= 0:
                if target > 0:
                    raise ValueError("a group with a positive target has no amounts to scale")
                continue
            x[mask] *= target / current
            worst = max(worst, abs(current - target) / max(target, 1.0))
        if worst < 1e-10:
            return x
    raise ValueError(f"raking did not converge (worst relative gap {worst:.2e})")
