"""The state-pension (AOW) age by date of birth, from the statutory table in
``data/raw/norms/aow_age.csv``.

A person on social assistance who reaches the AOW age leaves the target group of re-integration
(and the Participatiewet: the AOW replaces the benefit). The age is set per calendar year (art. 7a
AOW: 65 until 2012, then raised step by step; from 2024 67, from 2028 67 years and 3 months,
announced five years ahead). A person reaches it on the first day on which their age is at least
the AOW age of that day's year. Years beyond the table are refused, not guessed: the table is
extended when the minister announces the next year.
"""

from __future__ import annotations

import pandas as pd

from analysis.core import paths, provenance
from analysis.core.errors import InputError


class AowTableError(InputError):
    """The AOW-age table is missing, inconsistent, or does not reach a year that is needed."""


def aow_table_file():
    return paths.RAW / "norms" / "aow_age.csv"


def load_aow_ages() -> pd.DataFrame:
    """The statutory table (``from_year, to_year, years, months, source``), checked: years
    contiguous, the age never falling."""
    file = aow_table_file()
    if not file.is_file():
        raise AowTableError(f"{file}: the AOW-age table is missing")
    provenance.record_input(file)
    table = pd.read_csv(file)
    gaps = table["from_year"].iloc[1:].to_numpy() != table["to_year"].iloc[:-1].to_numpy() + 1
    if gaps.any():
        row = int(gaps.argmax()) + 3  # header is line 1
        raise AowTableError(f"{file}, line {row}: from_year does not follow the line before")
    months = 12 * table["years"] + table["months"]
    if (months.diff().dropna() < 0).any():
        raise AowTableError(f"{file}: the AOW age falls from one year to the next")
    return table


def aow_date(birth: pd.Series, table: pd.DataFrame, until: int | None = None) -> pd.Series:
    """The day each person reaches the AOW age (``birth`` as datetimes).

    With ``until`` (a year), only the years up to it are looked at: a person who does not reach
    the AOW age by then gets no date (NaT) instead of an error — the question "reached by that
    day?" needs no year beyond it."""
    out = pd.Series(pd.NaT, index=birth.index, dtype="datetime64[ns]")
    last = int(table["to_year"].iloc[-1])
    if until is not None and until > last:
        raise AowTableError(
            f"{aow_table_file()}: the table ends in {last}, but the AOW age of {until} is "
            "needed; extend it with the age the minister announced"
        )
    years = [
        (year, int(row.years), int(row.months))
        for row in table.itertuples()
        for year in range(int(row.from_year), int(row.to_year) + 1)
        if until is None or year <= until
    ]
    for year, y, m in years:
        reached = birth + pd.DateOffset(years=y, months=m)
        # the age only rises, so the first year whose own age is reached in that year is it
        hit = out.isna() & birth.notna() & (reached.dt.year <= year)
        out[hit] = reached[hit].clip(lower=pd.Timestamp(year=year, month=1, day=1))
    unknown = out.isna() & birth.notna()
    if unknown.any() and until is None:
        raise AowTableError(
            f"{aow_table_file()}: the table ends in {last}, but {int(unknown.sum())} person(s) "
            "reach the AOW age later; extend it with the age the minister announced"
        )
    return out


def past_aow_age(birth: pd.Series, day: pd.Timestamp, table: pd.DataFrame) -> pd.Series:
    """Whether each person has reached the AOW age on ``day`` (only the table's years up to
    ``day`` are needed: a person born in 1990 has not reached it in 2023, whatever it will be)."""
    return (aow_date(birth, table, until=day.year) <= day).fillna(False).astype(bool)
