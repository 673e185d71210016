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


def _text_array(values: pd.Series) -> pa.Array | None:
    """The column as one Arrow text array, or None if it is not text."""
    try:
        array = _arrow(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    return array


def text_bytes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets and the bytes of a non-empty Arrow text array, read from its buffers (no
    Python string is made): value ``i`` is ``data[offsets[i] - offsets[0] : offsets[i + 1] -
    offsets[0]]``."""
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    return offsets, data


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _words(values: pd.Series) -> np.ndarray | None:
    """The values of a column as rows of 64-bit words such that equal values give equal rows:
    integers as themselves, ASCII text padded with NUL bytes to a whole number of words and read
    from Arrow's buffer. None for other columns (missing integers, non-ASCII text, dates)."""
    if pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        if values.hasnans:
            return None
        return values.to_numpy().astype(np.uint64, copy=False).reshape(-1, 1)
    array = _text_array(values)
    if array is None:
        return None
    if len(array) == 0:
        return np.zeros((0, 1), dtype=np.uint64)
    array = pc.fill_null(array, "")  # missing reads as empty text: equal stays equal
    width = 8 * max(1, -(-pc.max(pc.binary_length(array)).as_py() // 8))
    padded = pc.utf8_rpad(array, width=width, padding="\x00")
    _, data = text_bytes(padded)
    if len(data) != width * len(padded):  # a multi-byte character: no fixed width
        return None
    return data.view(np.uint64).reshape(len(padded), width // 8)


def _row_hashes(columns: list[pd.Series]) -> np.ndarray | None:
    """One 64-bit hash per row of ``columns``; equal rows give equal hashes. None where a column
    has no word form (:func:`_words`)."""
    hashed: np.ndarray | None = None
    for column in columns:
        words = _words(column)
        if words is None:
            return None
        for j in range(words.shape[1]):
            if hashed is None:
                hashed = words[:, j].copy()
            else:
                hashed = ((hashed ^ (hashed >> np.uint64(29))) * _MIX) ^ words[:, j]
    return hashed


def _proved_distinct(columns: list[pd.Series]) -> bool:
    """True when no two rows of ``columns`` are equal, shown by sorting their 64-bit hashes (a
    vectorised sort keeps its speed at millions of rows, where hash tables slow down more than
    the rows grow); False when that cannot be shown: two rows may be equal."""
    hashed = _row_hashes(columns)
    if hashed is None:
        return False
    ordered = np.sort(hashed)
    return not bool((ordered[1:] == ordered[:-1]).any())


def duplicated(
    data: pd.Series | pd.DataFrame, columns: list[str] | None = None, keep: str | bool = "first"
) -> pd.Series:
    """``data.duplicated(...)`` (missing values equal to each other), answered without pandas'
    hash table when no row occurs twice — the usual case of a key, proved by
    :func:`_proved_distinct`; pandas decides the rest."""
    if isinstance(data, pd.Series):
        parts = [data]
    else:
        parts = [data[c] for c in (columns if columns is not None else data.columns)]
    if _proved_distinct(parts):
        return pd.Series(False, index=data.index)
    if isinstance(data, pd.Series):
        return data.duplicated(keep=keep)
    return data.duplicated(columns, keep=keep)


def is_unique(series: pd.Series) -> bool:
    """Whether no value occurs twice (missing values count as one value): proved by sorting
    (:func:`_proved_distinct`), else decided by Arrow's hash."""
    if _proved_distinct([series]):
        return True
    if pd.api.types.is_integer_dtype(series.dtype) and not isinstance(series.dtype, pd.ArrowDtype):
        return bool(series.is_unique)
    return pc.count_distinct(_arrow(series), mode="all").as_py() == len(series)


_NIBBLE = np.full(256, 255, dtype=np.uint8)
_NIBBLE[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)


def _hex64(column: pd.Series) -> np.ndarray | None:
    """The values as unsigned 64-bit integers if every one is 16 lower-case hex digits, else
    None. Read from Arrow's buffers: no Python string is made."""
    array = _text_array(column)
    if array is None or array.null_count:
        return None
    if len(array) == 0:
        return np.zeros(0, dtype=np.uint64)
    offsets, text = text_bytes(array)
    if (np.diff(offsets) != 16).any():
        return None
    nibbles = _NIBBLE[text]
    if (nibbles > 15).any():
        return None
    nibbles = nibbles.reshape(-1, 16)
    octets = np.ascontiguousarray((nibbles[:, 0::2] << 4) | nibbles[:, 1::2])
    return octets.view(">u8").ravel().astype(np.uint64)


def hashed_keys(*columns: pd.Series) -> tuple[pd.Series, ...]:
    """The key columns as unsigned 64-bit integers (same index and name) if every value of every
    column is a pseudonym of 16 lower-case hex digits — the intake's keys — else unchanged.

    Equal keys stay equal and different keys different, so membership, lookups, uniqueness and
    grouping give the same answers; hashing an 8-byte integer is 3-4 times as fast as hashing a
    16-byte text at two million keys (0,15 against 0,6 s for a uniqueness test), for 0,1 s of
    conversion. Convert all columns that are compared with each other in one call."""
    codes = []
    for column in columns:
        coded = _hex64(column)
        if coded is None:
            return columns
        codes.append(coded)
    return tuple(
        pd.Series(coded, index=column.index, name=column.name)
        for coded, column in zip(codes, columns, strict=True)
    )
