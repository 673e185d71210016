"""The AOW age by date of birth: the statutory table at its boundaries (SVB's published ranges)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.registry import aow

TABLE = aow.load_aow_ages()


def _date(birth: str) -> pd.Timestamp:
    return aow.aow_date(pd.Series([pd.Timestamp(birth)]), TABLE).iloc[0]


@pytest.mark.parametrize(
    ("birth", "reached"),
    [
        ("1940-06-01", "2005-06-01"),  # 65 until 2012
        ("1947-12-31", "2012-12-31"),
        ("1948-01-01", "2013-02-01"),  # 2013: 65 and 1 month
        ("1952-03-31", "2017-12-31"),  # 2017: 65 and 9 months
        ("1952-04-01", "2018-04-01"),  # ... one day later falls in 2018: 66
        ("1957-02-28", "2023-12-28"),  # 2023: 66 and 10 months
        ("1957-03-01", "2024-03-01"),  # 2024: 67
        ("1960-12-31", "2027-12-31"),
        ("1961-01-01", "2028-04-01"),  # 2028: 67 and 3 months
        ("1963-09-30", "2030-12-30"),
    ],
)
def test_the_aow_age_at_the_boundaries_of_the_statutory_table(birth, reached):
    assert _date(birth) == pd.Timestamp(reached)


def test_past_the_aow_age_on_a_day():
    births = pd.Series(pd.to_datetime(["1957-02-28", "1957-03-01"]))
    on = aow.past_aow_age(births, pd.Timestamp("2024-01-01"), TABLE)
    assert on.tolist() == [True, False]


def test_a_year_beyond_the_table_is_refused_not_guessed():
    with pytest.raises(aow.AowTableError, match="the table ends in 2030"):
        _date("1964-01-01")


def test_an_inconsistent_table_is_refused(tmp_path, monkeypatch):
    from analysis.core import paths

    (tmp_path / "norms").mkdir()
    (tmp_path / "norms" / "aow_age.csv").write_text(
        "from_year,to_year,years,months,source\n1957,2012,65,0,a\n2014,2014,65,2,b\n"
    )
    monkeypatch.setattr(paths, "RAW", tmp_path)
    with pytest.raises(aow.AowTableError, match="line 3: from_year does not follow"):
        aow.load_aow_ages()


def test_the_intake_age_rule_uses_the_aow_age_or_the_fixed_age_of_the_case():
    from analysis.registry import intake

    clients = pd.DataFrame(
        {
            "bsn": ["111222333", "111222345"],
            "birth_date": pd.to_datetime(["1958-06-01", "1956-06-01"]),
            "household_role": ["active", "active"],
        }
    )
    period = intake.Period.of("2024-01-01", "2024-12-31")
    # On 1 January 2024 the first is 65 (AOW only at 67, on 1 June 2025), the second 67 and
    # past the AOW age (reached 1 April 2023 at 66 and 10 months).
    aow_kept = intake.drop_past_age_limit({"clients": clients}, period, "aow")["clients"]
    fixed_kept = intake.drop_past_age_limit({"clients": clients}, period, 65)["clients"]
    assert aow_kept["bsn"].tolist() == ["111222333"]
    assert fixed_kept.empty
    name, description, _ = intake.age_rule("aow")
    assert (name, description) == (
        "drop_past_aow_age",
        "AOW-leeftijd bereikt bij de start van de periode",
    )


def test_whether_the_age_is_reached_needs_only_the_years_up_to_that_day():
    # born 1990: the AOW age lies decades beyond the table, but on 2023-01-01 it is surely not
    # reached; the question needs the ages of the years up to 2023 only
    table = aow.load_aow_ages()
    births = pd.Series(pd.to_datetime(["1990-06-01", "1956-05-31", "2007-12-31"]))
    assert aow.past_aow_age(births, pd.Timestamp("2023-01-01"), table).tolist() == [
        False,
        True,
        False,
    ]


def test_a_day_beyond_the_table_still_stops():
    table = aow.load_aow_ages()
    with pytest.raises(aow.AowTableError, match="the AOW age of 2031 is needed"):
        aow.past_aow_age(
            pd.Series(pd.to_datetime(["1960-01-01"])), pd.Timestamp("2031-01-01"), table
        )
