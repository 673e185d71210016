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
