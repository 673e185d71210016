"""Fast frame operations the pandas defaults do value by value.

pandas 3 keeps text in Arrow-backed string columns, and ``Series.isin`` on such a column turns
every value of the set into a Python object first: 0,5 s per call at a million persons, dozens of
calls per run. :func:`is_in` hands the membership test to Arrow's own ``is_in`` kernel instead,
and :func:`lookup` (for ``map`` and ``reindex`` on a text key) its ``index_in``: both hash the
bytes in C++, and keep their speed at two million keys, where pandas' hashing of Python strings
slows down more than the keys grow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow(values: pd.Series | pd.Index | np.ndarray) -> pa.Array | pa.ChunkedArray:
    if isinstance(values, pd.Series | pd.Index):
        try:
            return pa.array(values.array, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return pa.array(np.asarray(values, dtype=object), from_pandas=True)
    return pa.array(values, from_pandas=True)


def is_in(series: pd.Series, values: Iterable[object]) -> pd.Series:
    """``series.isin(values)`` (missing values are never in), by Arrow's hash kernel."""
    if isinstance(values, set | frozenset | dict | map | filter):
        values = list(values)
    if not isinstance(values, pd.Series | pd.Index | np.ndarray):
        values = pd.Series(list(values), dtype=series.dtype)
    column, value_set = _arrow(series), _arrow(values)
    if len(value_set) == 0:
        return pd.Series(False, index=series.index)
    if value_set.type != column.type:
        value_set = value_set.cast(column.type)
    value_set = pc.drop_null(value_set)
    found = pc.is_in(column, value_set=value_set, skip_nulls=True)
    mask = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return pd.Series(mask, index=series.index)


def lookup(keys: pd.Series, index: pd.Series | pd.Index) -> np.ndarray:
    """The position in ``index`` of each value of ``keys`` (its first occurrence), -1 where it
    does not occur or is missing."""
    column, value_set = _arrow(keys), _arrow(index)
    if value_set.type != column.type:
        value_set = value_set.cast(column.type)
    found = pc.index_in(column, value_set=value_set, skip_nulls=True)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def taken(frame: pd.DataFrame | pd.Series, positions: np.ndarray, index: pd.Index):
    """The rows of ``frame`` at ``positions`` (-1: a row of missing values, as ``reindex`` gives
    them), labelled ``index``."""
    return frame.reset_index(drop=True).reindex(positions).set_axis(index, axis=0)


def map_few(series: pd.Series, mapping: Mapping[object, object]) -> pd.Series:
    """``series.map(mapping)`` as an object column, for a column of few distinct values (a code,
    a flag): the mapping is applied once per distinct value, where ``map`` looks up every row
    (seconds at two million rows). Missing values and values not in ``mapping`` give NaN."""
    codes, distinct = pd.factorize(series)
    mapped = np.append(pd.Series(distinct).map(mapping).to_numpy(dtype=object), np.nan)
    return pd.Series(mapped[codes], index=series.index, dtype=object)


def is_unique(series: pd.Series) -> bool:
    """Whether no value occurs twice (missing values count as one value), by Arrow's hash."""
    return pc.count_distinct(_arrow(series), mode="all").as_py() == len(series)
