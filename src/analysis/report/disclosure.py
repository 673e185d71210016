"""Small-cell handling: person counts below ``min_cell`` are never shown, nor the percentage
that would give them away."""

from __future__ import annotations

import pandas as pd

from analysis.core.formats import MISSING

SMALL = "<{n}"


def is_person_count(column: str) -> bool:
    """Counts of people (``…_n``), as opposed to counts of contracts or money."""
    return column.endswith("_n") and "contract" not in column


def suppress_small(frame: pd.DataFrame, min_cell: int) -> tuple[pd.DataFrame, int]:
    """Hide person counts from 1 to ``min_cell − 1`` (shown as ``<10``) and the percentage
    derived from each (its ``…_pct`` twin in the same row). Returns the display frame (object
    dtype) and how many cells were hidden."""
    shown = frame.astype(object).copy()
    hidden = 0
    for column in frame.columns:
        if not is_person_count(column):
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        small = values.notna() & (values > 0) & (values < min_cell)
        if not small.any():
            continue
        shown.loc[small, column] = SMALL.format(n=min_cell)
        twin = column[:-2] + "_pct"
        if twin in frame.columns:
            shown.loc[small, twin] = MISSING
        hidden += int(small.sum())
    return shown, hidden


def suppress_small_shares(
    frame: pd.DataFrame, min_cell: int, bases: dict[str, str]
) -> tuple[pd.DataFrame, int]:
    """:func:`suppress_small`, and a share hidden too when its base (``bases``: share column →
    count column it is taken over) is a small number of persons: 1 of 3 is a person."""
    shown, hidden = suppress_small(frame, min_cell)
    for share, base in bases.items():
        values = pd.to_numeric(frame[base], errors="coerce")
        shown.loc[(values > 0) & (values < min_cell), share] = SMALL.format(n=min_cell)
    return shown, hidden


def shown_count(n: float, min_cell: int) -> bool:
    """Whether a person count may be shown (or a share be taken of it): none, or at least
    ``min_cell`` — the rule of :func:`suppress_small`, for sentences."""
    return not 0 < n < min_cell
