"""Durable work: do people who find work with support stay at work, also after the support ends?

Rekenkamer Amsterdam, *Werken met een arbeidsbeperking* (research design 2023, question 3:
"duurzame uitstroom naar betaald werk"; the 2025 report: "wie een baan vindt, blijft wel vaker aan
het werk. Ook nadat de hulp is gestopt"). The city itself defines no "duurzaam"; the report shows
the share still at work 6, 12 and 24 months after the start and after the support ended, and the
case parameter ``durable_months`` says which horizon is called durable.

A person's payroll jobs are merged into *work episodes* (a change of job within ``gap_days`` is
not leaving work); an episode *started with support* when its first job was subsidised or a
work-support provision (LKS, beschut werk, jobcoach, detachering) ran in its first 31 days. Shares
are taken over the episodes observed long enough (as for re-inflow); the Kaplan–Meier curves use
every episode, censored at the period end.

Definitions: ``docs/registry.md``, "Durable work".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.core.rounding import percent
from analysis.registry.intake import Period
from analysis.registry.model import EMPLOYER_TYPES, Registry
from analysis.registry.spells import DATES, benefit_spells, runs
from analysis.steps.placements import support_provisions
from analysis.steps.survival import MONTH_DAYS, kaplan_meier

HORIZONS = (6, 12, 24)
"""Months after the start (or the support end) at which being at work is counted."""
RETURN_HORIZONS = (6, 12)
"""Months after the work ended within which a return to benefit counts (as re-inflow)."""
JOB_GAP_DAYS = 31
"""Days between two jobs that still count as one spell of work (a change of job)."""
START_WINDOW_DAYS = 30
"""Support that starts this many days after the job's start still supports the start."""

EPISODE_COLUMNS = [
    "client_key",
    "episode_start",
    "episode_end",
    "employer_type",
    "supported",
    "support_end",
]


def horizons(durable_months: int) -> tuple[int, ...]:
    """The standard horizons and the case's durable horizon, in order."""
    return tuple(sorted({*HORIZONS, int(durable_months)}))


def _empty_episodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_key": pd.Series(dtype="string"),
            "episode_start": pd.Series(dtype="datetime64[ns]"),
            "episode_end": pd.Series(dtype="datetime64[ns]"),
            "employer_type": pd.Series(dtype="string"),
            "supported": pd.Series(dtype=bool),
            "support_end": pd.Series(dtype="datetime64[ns]"),
        }
    )


def _open_after(dates: pd.Series, day: pd.Timestamp) -> pd.Series:
    """An end after ``day`` is not known yet: open."""
    return dates.where(dates <= day)


def work_episodes(registry: Registry, period: Period, gap_days: int = JOB_GAP_DAYS) -> pd.DataFrame:
    """One row per work episode (jobs up to the period end): ``client_key, episode_start,
    episode_end`` (NaT: open, also when it ends after the period end), ``employer_type`` of its
    first job, ``supported`` (started with support) and ``support_end`` (NaT: none)."""
    jobs = registry["employment"]
    jobs = jobs[jobs["start_date"] <= period.end]
    if jobs.empty:
        return _empty_episodes()
    order = {code: i for i, code in enumerate(EMPLOYER_TYPES)}
    jobs = jobs.assign(
        end_date=_open_after(jobs["end_date"], period.end),
        _hours=jobs["hours_per_week"].astype("Float64").fillna(0),
        _type=jobs["employer_type"].map(order),
        subsidised=jobs["subsidised"].astype(bool),
    )
    jobs = jobs.assign(episode=runs(jobs, "client_key", DATES, gap_days))
    jobs = jobs.sort_values(
        ["episode", "start_date", "_hours", "_type"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    grouped = jobs.groupby("episode", sort=True)
    first = grouped.head(1).set_index("episode")
    episodes = pd.DataFrame(
        {
            "client_key": first["client_key"],
            "episode_start": grouped["start_date"].min(),
            # open when one of its jobs is open (max() skips the empty ends)
            "episode_end": grouped["end_date"]
            .max()
            .where(grouped["end_date"].count() == grouped.size()),
            "employer_type": first["employer_type"],
            "first_subsidised": first["subsidised"],
        }
    )
    episodes = _with_support(episodes, jobs, support_provisions(registry), period)
    return episodes[EPISODE_COLUMNS].reset_index(drop=True)


def _with_support(
    episodes: pd.DataFrame, jobs: pd.DataFrame, provisions: pd.DataFrame, period: Period
) -> pd.DataFrame:
    """Add ``supported`` and ``support_end`` (see the module docstring)."""
    provisions = provisions[provisions["start_date"] <= period.end].assign(
        end_date=lambda f: _open_after(f["end_date"], period.end)
    )
    pairs = episodes.reset_index().merge(
        provisions[["client_key", "start_date", "end_date"]], on="client_key"
    )
    window_end = pairs["episode_start"] + pd.Timedelta(days=START_WINDOW_DAYS)
    at_start = (pairs["start_date"] <= window_end) & (
        pairs["end_date"].isna() | (pairs["end_date"] >= pairs["episode_start"])
    )
    during = (pairs["episode_end"].isna() | (pairs["start_date"] <= pairs["episode_end"])) & (
        pairs["end_date"].isna() | (pairs["end_date"] >= pairs["episode_start"])
    )
    by_provision = set(pairs.loc[at_start, "episode"])
    supported = episodes["first_subsidised"].astype(bool) | episodes.index.isin(by_provision)
    # every support of the episode: overlapping provisions and subsidised jobs
    supports = pd.concat(
        [
            pairs.loc[during, ["episode", "end_date"]],
            jobs.loc[jobs["subsidised"], ["episode", "end_date"]],
        ]
    )
    still_open = supports.groupby("episode")["end_date"].apply(lambda s: s.isna().any())
    last = supports.groupby("episode")["end_date"].max()
    support_end = last.where(~still_open).reindex(episodes.index)
    lasted = episodes["episode_end"].notna() & (support_end >= episodes["episode_end"])
    support_end = support_end.where(supported & ~lasted)
    return episodes.assign(supported=supported, support_end=support_end.astype("datetime64[ns]"))


def _counted(episodes: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Episodes started with support, starting in the period."""
    inside = episodes["episode_start"].between(period.start, period.end)
    return episodes[episodes["supported"] & inside]


def _at_work_row(
    label: str, part: pd.DataFrame, origin: str, count: str, end: pd.Timestamp, hs
) -> dict:
    row: dict = {"label": label, count: len(part)}
    for k in hs:
        limit = part[origin] + pd.DateOffset(months=k)
        observed = limit <= end
        at_work = part["episode_end"].isna() | (part["episode_end"] >= limit)
        row[f"observed_{k}m_n"] = int(observed.sum())
        row[f"at_work_{k}m_n"] = int((observed & at_work).sum())
    return row


def _at_work_table(
    part: pd.DataFrame,
    keys: pd.Series,
    labels: dict,
    origin: str,
    count: str,
    period: Period,
    hs: Sequence[int],
    every: bool = True,
) -> pd.DataFrame:
    """A row per key (``labels``: key → label, in that order; a key without episodes only when
    ``every``), then the total."""
    rows = [
        _at_work_row(label, part[keys == key], origin, count, period.end, hs)
        for key, label in labels.items()
        if every or (keys == key).any()
    ]
    rows.append(_at_work_row("Totaal", part, origin, count, period.end, hs))
    return _finish(rows, hs)


def _finish(rows: list[dict], hs: Sequence[int], prefix: str = "at_work") -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for k in hs:
        observed = out[f"observed_{k}m_n"].replace(0, np.nan)
        out[f"{prefix}_{k}m_pct"] = percent(out[f"{prefix}_{k}m_n"], observed)
    columns = ["label", out.columns[1]]
    for k in hs:
        columns += [f"observed_{k}m_n", f"{prefix}_{k}m_n", f"{prefix}_{k}m_pct"]
    return out[columns]


def _years(period: Period) -> range:
    return range(period.start.year, period.end.year + 1)


def after_start(
    episodes: pd.DataFrame, period: Period, horizons: Sequence[int] = HORIZONS
) -> pd.DataFrame:
    """Still at work k months after the start, by the year the work started (then the total)."""
    part = _counted(episodes, period)
    years = {y: str(y) for y in _years(period)}
    keys = part["episode_start"].dt.year
    return _at_work_table(part, keys, years, "episode_start", "started_n", period, horizons)


def by_employer(
    episodes: pd.DataFrame, period: Period, horizons: Sequence[int] = HORIZONS
) -> pd.DataFrame:
    """Still at work k months after the start, by the employer type of the first job."""
    part = _counted(episodes, period)
    keys = part["employer_type"]
    return _at_work_table(
        part, keys, EMPLOYER_TYPES, "episode_start", "started_n", period, horizons, every=False
    )


def after_support(
    episodes: pd.DataFrame, period: Period, horizons: Sequence[int] = HORIZONS
) -> pd.DataFrame:
    """Still at work k months after the support ended, by the year it ended (then the total)."""
    part = _counted(episodes, period)
    part = part[part["support_end"].between(period.start, period.end)]
    years = {y: str(y) for y in _years(period)}
    keys = part["support_end"].dt.year
    return _at_work_table(part, keys, years, "support_end", "support_ended_n", period, horizons)


def return_to_benefit(episodes: pd.DataFrame, registry: Registry, period: Period) -> pd.DataFrame:
    """Of the counted episodes that ended in the period: back on benefit (a benefit-scheme spell
    starting after the end) within 6 and 12 months, by employer type at the start, then the
    total."""
    part = _counted(episodes, period)
    part = part[part["episode_end"].between(period.start, period.end)]
    spells = benefit_spells(registry["benefit_spells"])[["client_key", "spell_start"]]
    pairs = part.reset_index().merge(spells, on="client_key")
    pairs = pairs[pairs["spell_start"] > pairs["episode_end"]]
    next_start = pairs.groupby("index")["spell_start"].min().reindex(part.index)
    part = part.assign(_next=next_start)
    rows = []
    groups = [(label, part["employer_type"] == code) for code, label in EMPLOYER_TYPES.items()]
    for label, mask in [*groups, ("Totaal", pd.Series(True, index=part.index))]:
        own = part[mask]
        if label != "Totaal" and own.empty:
            continue
        row: dict = {"label": label, "ended_n": len(own)}
        for k in RETURN_HORIZONS:
            limit = own["episode_end"] + pd.DateOffset(months=k)
            observed = limit <= period.end
            row[f"observed_{k}m_n"] = int(observed.sum())
            row[f"back_{k}m_n"] = int((observed & (own["_next"] <= limit)).sum())
        rows.append(row)
    return _finish(rows, RETURN_HORIZONS, prefix="back")


def curves(episodes: pd.DataFrame, period: Period, by: str) -> dict[str, pd.DataFrame]:
    """Kaplan–Meier share still at work by months since the start, per start year (``by =
    "cohort"``) or per employer type (``"employer"``); groups without episodes are left out."""
    part = _counted(episodes, period)
    ended = part["episode_end"].notna()
    stop = (part["episode_end"] + pd.Timedelta(days=1)).where(ended, period.end)
    frame = part.assign(
        months=(stop - part["episode_start"]).dt.days / MONTH_DAYS,
        entry_months=0.0,
        event=ended.astype(int),
    )
    if by == "cohort":
        keys = frame["episode_start"].dt.year.astype(str)
        labels = {str(y): str(y) for y in _years(period)}
    else:
        keys, labels = frame["employer_type"], dict(EMPLOYER_TYPES)
    return {
        label: kaplan_meier(frame[keys == code], event=1)
        for code, label in labels.items()
        if (keys == code).any()
    }


def analyse(
    registry: Registry, period: Period, durable_months: int
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The durable-work step: the episodes and the tables ``dw_start``, ``dw_employer``,
    ``dw_support`` and ``dw_return``."""
    episodes = work_episodes(registry, period)
    hs = horizons(durable_months)
    return episodes, {
        "dw_start": after_start(episodes, period, hs),
        "dw_employer": by_employer(episodes, period, hs),
        "dw_support": after_support(episodes, period, hs),
        "dw_return": return_to_benefit(episodes, registry, period),
    }
