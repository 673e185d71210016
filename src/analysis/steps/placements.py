"""Work with support: how many people are at work with the municipality's support, against the
college's goals.

Rekenkamer Amsterdam, *Werken met een arbeidsbeperking* (research design 2023, questions 1 and 3;
the 2025 report: "Steeds meer mensen met een arbeidsbeperking vinden werk met steun van de
gemeente. Het zijn er minder dan het college wilde"). The college's goals are counts of people:
4.500 employees in Sociaal Werk, 3.200 Amsterdammers at work with support from the
Participatiewet by the end of 2026. This step counts, from the payroll (``employment``) and the
provisions, who is at work with support at each year-end, by employer type, and sets the last
year-end against the goals the case names (``placements.goals`` in case.yml; target and deadline
from the goal register, never from code).

Definitions: ``docs/registry.md``, "Work with support".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from analysis.core.frames import is_in
from analysis.core.rounding import percent
from analysis.registry.intake import Period
from analysis.registry.model import EMPLOYER_TYPES, Registry
from analysis.registry.spells import DATES, overlapping

WORK_SUPPORT = ("lks", "beschut_werk", "jobcoach", "detachering")
"""Instruments that support a person *in* work (the others prepare for it)."""

GOAL_COLUMNS = [
    "label",
    "goal_id",
    "target_n",
    "deadline_year",
    "year",
    "realised_n",
    "realised_pct",
    "trend_per_year",
    "needed_per_year",
    "projected_n",
]
"""The columns of :func:`against_goals` (``label`` is the goal id: a stored table's rows are
identified by their label)."""
TREND_YEARS = 3
"""The trend is the mean yearly change over at most this many last years."""


def support_provisions(registry: Registry) -> pd.DataFrame:
    """The provisions of a work-support instrument (:data:`WORK_SUPPORT`)."""
    provisions = registry["provisions"]
    return provisions[provisions["instrument"].isin(WORK_SUPPORT)]


def _rank_jobs(jobs: pd.DataFrame) -> pd.DataFrame:
    """Jobs ordered so that per person the job that counts comes first: most hours (empty is
    0), then the latest start, then the employer type listed first in the code table."""
    order = {code: i for i, code in enumerate(EMPLOYER_TYPES)}
    return jobs.assign(
        _hours=jobs["hours_per_week"].astype("Float64").fillna(0),
        _type=jobs["employer_type"].map(order),
    ).sort_values(
        ["client_key", "_hours", "start_date", "_type"],
        ascending=[True, False, False, True],
        kind="stable",
    )


def at_work(registry: Registry, day: pd.Timestamp) -> pd.DataFrame:
    """Persons at work with support on ``day``: a job covering the day and, that day, a
    work-support provision or a covering subsidised job. One row per person: ``client_key,
    employer_type`` (of the covering job with the most hours)."""
    jobs = overlapping(registry["employment"], day, day, DATES)
    backed = pd.concat(
        [
            overlapping(support_provisions(registry), day, day, DATES)["client_key"],
            jobs.loc[jobs["subsidised"].astype(bool), "client_key"],
        ]
    )
    jobs = _rank_jobs(jobs[is_in(jobs["client_key"], backed)])
    first = jobs.drop_duplicates("client_key", keep="first")
    return first[["client_key", "employer_type"]].reset_index(drop=True)


def year_ends(period: Period) -> list[tuple[int, pd.Timestamp]]:
    """The last day of each year of the period (the period end in its last year)."""
    return [
        (year, min(pd.Timestamp(year=year, month=12, day=31), period.end))
        for year in range(period.start.year, period.end.year + 1)
    ]


def by_year(registry: Registry, period: Period) -> pd.DataFrame:
    """Per year-end of the period: persons at work with support per employer type, the total
    and the share at a regular employer (%)."""
    rows = []
    for year, day in year_ends(period):
        counts = at_work(registry, day)["employer_type"].value_counts()
        row = {"label": str(year)}
        row |= {f"{code}_n": int(counts.get(code, 0)) for code in EMPLOYER_TYPES}
        row["total_n"] = int(counts.sum())
        rows.append(row)
    out = pd.DataFrame(rows)
    out["regular_pct"] = percent(out["regular_n"], out["total_n"].where(out["total_n"] > 0))
    return out


def against_goals(
    per_year: pd.DataFrame, goals: pd.DataFrame, goal_ids: Sequence[str]
) -> pd.DataFrame:
    """The last year-end against each goal in ``goal_ids`` (target and deadline from the goal
    register ``goals``): realised share, trend, the yearly change needed and the projection."""
    unknown = [g for g in goal_ids if g not in set(goals["goal_id"])]
    if unknown:
        raise KeyError(
            f"goal(s) {', '.join(unknown)} named in placements.goals are not in the register"
        )
    years = per_year["label"].astype(int).to_list()
    totals = per_year["total_n"].to_list()
    year, realised = years[-1], totals[-1]
    k = min(TREND_YEARS, len(years) - 1)
    trend = (totals[-1] - totals[-1 - k]) / k if k else math.nan
    rows = []
    for goal_id in goal_ids:
        goal = goals.loc[goals["goal_id"] == goal_id].iloc[0]
        target = goal["target_value"]
        deadline = goal["deadline"]
        deadline_year = pd.Timestamp(deadline).year if pd.notna(deadline) else None
        ahead = deadline_year - year if deadline_year is not None else 0
        rows.append(
            {
                "label": goal_id,
                "goal_id": goal_id,
                "target_n": target,
                "deadline_year": deadline_year,
                "year": year,
                "realised_n": realised,
                "realised_pct": float(percent(realised, target)) if target else math.nan,
                "trend_per_year": trend,
                "needed_per_year": (target - realised) / ahead if ahead > 0 else math.nan,
                "projected_n": realised + trend * ahead if deadline_year is not None else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=GOAL_COLUMNS).astype({"deadline_year": "Int64"})
