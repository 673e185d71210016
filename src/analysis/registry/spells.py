"""Which benefit spell counts: all spells are kept, a reading chooses one per person.

The cleaned registry keeps every benefit spell of a person (re-inflow needs them). The tables
of chapter 4 describe one spell per client; which one is a reading of the case
(``intake.spells`` in case.yml):

* ``latest`` — the 2006 audit (appendix 3: "alleen de meest recente informatie"; "Alle in- en
  uitstroomgegevens van cliënten die meerdere malen de uitkering in en uitstroomden" are left
  out): a person's latest spell, whether or not it overlaps the period; a person whose latest
  spell lies outside the period has no benefit in the period.
* ``period`` (the default) — the latest of the spells that overlap the period.

Only spells of a benefit scheme (:data:`analysis.registry.model.BENEFIT_SCHEMES`) count: special
assistance alone is not being on benefit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.registry.model import BENEFIT_SCHEMES

SPELL_READINGS = ("period", "latest")


def benefit_spells(spells: pd.DataFrame) -> pd.DataFrame:
    """The spells of a benefit scheme (special assistance alone is not on benefit)."""
    return spells[spells["scheme"].isin(BENEFIT_SCHEMES)]


def overlapping(
    records: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    columns: tuple[str, str] = ("spell_start", "spell_end"),
) -> pd.DataFrame:
    """The dated records (spells by default; ``columns`` names another table's start and end)
    that overlap ``start``–``end`` (both inclusive; an open end runs on)."""
    first, last = columns
    return records[(records[first] <= end) & (records[last].isna() | (records[last] >= start))]


DATES = ("start_date", "end_date")
"""The start and end columns of every dated table but ``benefit_spells``."""


def _sort_key(values: pd.Series) -> np.ndarray:
    """Dates or numbers as a numeric array that sorts like them, a missing value last."""
    if pd.api.types.is_datetime64_any_dtype(values):
        days = values.to_numpy(dtype="datetime64[ns]")
        return np.where(np.isnat(days), np.iinfo(np.int64).max, days.view(np.int64))
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(numbers), np.inf, numbers)


def last_per_person(records: pd.DataFrame, person: str, order: list[str]) -> pd.DataFrame:
    """Per person the record that sorts last by the columns ``order`` (a missing value last; of
    records alike in all, the later one), in the order of ``records``' index. A stable sort on
    integer codes: sorting a million text keys takes seconds."""
    persons = records[person]
    if pd.api.types.is_integer_dtype(persons.dtype) and not persons.hasnans:
        codes = persons.to_numpy()  # integer keys sort as they are: no hash table to build
    else:
        codes = pd.factorize(persons)[0]
    keys = [_sort_key(records[column]) for column in reversed(order)]
    sorted_rows = np.lexsort((*keys, codes))
    ordered = codes[sorted_rows]
    last = np.append(ordered[1:] != ordered[:-1], True) if len(ordered) else np.zeros(0, bool)
    if records.index.is_monotonic_increasing and records.index.is_unique:
        return records.iloc[np.sort(sorted_rows[last])]  # in index order with one copy
    return records.iloc[sorted_rows[last]].sort_index()


def latest_per_person(spells: pd.DataFrame, person: str) -> pd.DataFrame:
    """Per person the spell that started last (an open end sorts last on the same start day; of
    spells alike in both, the later record). In the order of ``spells``' index."""
    return last_per_person(spells, person, ["spell_start", "spell_end"])


def counted_spells(
    spells: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, reading: str, person: str
) -> pd.DataFrame:
    """One spell per person who had benefit in ``start``–``end`` under ``reading``
    (:data:`SPELL_READINGS`); ``person`` is the id column (``bsn`` or ``client_key``)."""
    if reading not in SPELL_READINGS:
        raise ValueError(f"unknown spell reading {reading!r}; known: {', '.join(SPELL_READINGS)}")
    spells = benefit_spells(spells)
    if reading == "latest":
        return overlapping(latest_per_person(spells, person), start, end)
    return latest_per_person(overlapping(spells, start, end), person)


def runs(
    records: pd.DataFrame,
    person: str,
    columns: tuple[str, str],
    gap_days: int = 0,
) -> pd.Series:
    """A run number per record: a person's dated records (``columns`` = start, end; an empty end
    is open) in order of start belong to one run while each starts on or before the day after
    the latest end so far plus ``gap_days`` (0: overlapping or following on the next day).

    Returns an integer Series aligned to ``records`` (numbers are unique across persons). Records
    must have no missing start."""
    first, last = columns
    order = records.sort_values([person, first], kind="stable")
    # an open end runs on: compare with a date later than any record
    open_end = pd.Timestamp("2262-01-01")
    reach = order[last].fillna(open_end).groupby(order[person], sort=False).cummax()
    previous = reach.groupby(order[person], sort=False).shift(1)
    first_of_person = order[person].ne(order[person].shift(1)).fillna(True)
    limit = previous.where(previous < open_end) + pd.Timedelta(days=1 + gap_days)
    later = (order[first] > limit).fillna(False)
    new = first_of_person.astype(bool) | (limit.notna() & later).astype(bool)
    return new.astype("int64").cumsum().reindex(records.index)
