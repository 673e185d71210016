"""analysis.steps.survival: durations on benefit with left truncation for the stock."""

from __future__ import annotations

import pandas as pd

from analysis.registry.intake import Period
from analysis.steps import survival

PERIOD = Period.of("2015-01-01", "2024-12-31")


def _status(rows):
    frame = pd.DataFrame(rows, columns=["spell_start", "spell_end", "end_status"])
    return frame.assign(
        client_key=[f"k{i}" for i in range(len(frame))],
        has_benefit=True,
        cohort="stock",
        age_group="41 t/m 45 jaar",
        spell_start=pd.to_datetime(frame["spell_start"]),
        spell_end=pd.to_datetime(frame["spell_end"]),
    )


def test_a_stock_spell_ending_on_the_first_day_of_the_period_exits_after_it_entered():
    status = _status(
        [
            ("2014-04-07", "2015-01-01", "work"),  # ends on the period's first day
            ("2013-01-01", "2016-06-30", "other"),
            ("2014-12-31", None, "on_benefit"),  # the day before the period: still the stock
            ("2015-01-01", "2015-03-31", "work"),  # inflow: no truncation
        ]
    )
    frame = survival.durations(status, PERIOD)
    assert (frame["entry_months"] < frame["months"]).all()
    assert (frame["entry_months"] > 0).tolist() == [True, True, True, False]
    curve = survival.kaplan_meier(frame, event=(1, 2))  # statsmodels refused entry == exit
    assert curve["survival"].iloc[0] < 1
