"""Time from inflow to exit: survival curves beyond the audit's tables (statsmodels).

The audit counts exits within one year (Tabel 4.7) and by 1 July 2006 (Tabel 4.6). With the
same registry a duration view adds when people leave: Kaplan–Meier curves of the time to exit to
work (other exits censored), cumulative incidence of work and other exits as competing outcomes,
and the share still on benefit after 6, 12 and 24 months. Clients who were already on benefit at
the period start enter the risk set at their duration on that day (left truncation), which the
Kaplan–Meier estimator of statsmodels supports; the cumulative-incidence estimator does not, so
competing-risk curves cover the inflow cohorts only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.duration.survfunc import CumIncidenceRight, SurvfuncRight

from analysis.registry.intake import Period

MONTH_DAYS = 365.25 / 12


def durations(status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per client with benefit: months from inflow to exit or censoring, entry, event type.

    ``event`` is 1 for an exit to work, 2 for another exit, 0 when still on benefit at the period
    end (censored). ``entry_months`` is the duration at the period start for the stock (0 for
    the inflow cohorts).
    """
    benefit = status[status["has_benefit"]].copy()
    stop = benefit["spell_end"].where(benefit["end_status"] != "on_benefit", period.end)
    benefit["months"] = (stop - benefit["spell_start"]).dt.days / MONTH_DAYS
    # the stock enters half a day before its duration on the period's first day, so a spell
    # that ends on that day still exits after it entered (statsmodels needs entry < exit); the
    # inflow keeps entry 0
    entry = ((period.start - benefit["spell_start"]).dt.days - 0.5).clip(lower=0) / MONTH_DAYS
    benefit["entry_months"] = entry
    benefit["event"] = benefit["end_status"].map({"work": 1, "other": 2, "on_benefit": 0})
    return benefit[["client_key", "cohort", "age_group", "months", "entry_months", "event"]]


def kaplan_meier(frame: pd.DataFrame, event: int | tuple[int, ...] = 1) -> pd.DataFrame:
    """Kaplan–Meier estimate of the share *not yet* exited (for the given event types).

    Other event types count as censoring. Returns ``months, survival, lower, upper`` and, per
    step, the persons at risk and the events (``at_risk_n``, ``events_n``: what disclosure
    control needs to decide which steps may be shown).
    """
    events = np.isin(frame["event"], np.atleast_1d(event)).astype(int)
    entry = frame["entry_months"].to_numpy()
    fit = SurvfuncRight(frame["months"].to_numpy(), events, entry=entry if entry.any() else None)
    lower, upper = (
        fit.simultaneous_cb() if len(fit.surv_times) > 1 else (fit.surv_prob, fit.surv_prob)
    )
    return pd.DataFrame(
        {
            "months": fit.surv_times,
            "survival": fit.surv_prob,
            "lower": lower,
            "upper": upper,
            "at_risk_n": np.asarray(fit.n_risk, dtype=int),
            "events_n": np.asarray(fit.n_events, dtype=int),
        }
    )


def cumulative_incidence(frame: pd.DataFrame) -> pd.DataFrame:
    """Cumulative incidence of exit to work and of other exits (competing risks), no truncation;
    per time also the persons at risk and the work and other exits at that time."""
    if frame["entry_months"].any():
        raise ValueError(
            "cumulative incidence needs clients followed from inflow (no left truncation)"
        )
    fit = CumIncidenceRight(frame["months"].to_numpy(), frame["event"].to_numpy())
    months, event = frame["months"].to_numpy(), frame["event"].to_numpy()
    times = np.asarray(fit.times)
    return pd.DataFrame(
        {
            "months": times,
            "work": fit.cinc[0],
            "other": fit.cinc[1],
            "at_risk_n": [int((months >= t).sum()) for t in times],
            "work_events_n": [int(((months == t) & (event == 1)).sum()) for t in times],
            "other_events_n": [int(((months == t) & (event == 2)).sum()) for t in times],
        }
    )


def value_at(curve: pd.DataFrame, column: str, months: float, start: float) -> float:
    """A step function's value at ``months`` (``start`` before the first step)."""
    before = curve[curve["months"] <= months]
    return float(before[column].iloc[-1]) if len(before) else start


def still_on_benefit(
    frame: pd.DataFrame, groups: str, at: tuple[int, ...] = (6, 12, 24)
) -> pd.DataFrame:
    """Per group the Kaplan–Meier share still on benefit (any exit) after ``at`` months (%).

    Empty where the group has not been followed that long. Per time also the persons still at
    risk (``at_risk_{m}_n``) and the exits since the time before (``exits_{m}_n``), which
    disclosure control needs.
    """
    rows = []
    for key, part in frame.groupby(groups, sort=False):
        curve = kaplan_meier(part, event=(1, 2))
        longest = (part["months"]).max()
        row = {groups: key, "clients_n": len(part)}
        before = -np.inf
        for months in at:
            value = 100 * value_at(curve, "survival", months, 1.0) if longest >= months else np.nan
            row[f"after_{months}_months_pct"] = value
            row[f"at_risk_{months}_n"] = int((part["months"] > months).sum())
            step = (curve["months"] > before) & (curve["months"] <= months)
            row[f"exits_{months}_n"] = int(curve.loc[step, "events_n"].sum())
            before = months
        rows.append(row)
    return pd.DataFrame(rows)


def within_one_year_check(frame: pd.DataFrame, cohort: str) -> dict[str, float]:
    """The audit's count of exits to work within one year against the competing-risk curve.

    For a cohort followed for at least a year after every inflow the two must agree: the
    cumulative incidence of work exits at 365 days is then the share of the cohort that left
    for work within 365 days (the definition of Tabel 4.7).
    """
    part = frame[frame["cohort"] == cohort]
    year = 365 / MONTH_DAYS
    raw = 100 * ((part["event"] == 1) & (part["months"] <= year + 1e-9)).mean()
    curve = cumulative_incidence(part)
    return {
        "cohort_n": float(len(part)),
        "count_pct": raw,
        "curve_pct": 100 * value_at(curve, "work", year + 1e-9, 0.0),
    }


COHORT_NAMES = {"stock": "in de bijstand op de startdatum"}


def cohort_name(code: str) -> str:
    return COHORT_NAMES.get(code, f"instroom {code}")
