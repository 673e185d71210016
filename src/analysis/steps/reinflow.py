"""Re-inflow: who comes back on benefit after leaving it (beyond the 2006 audit).

The 2006 audit kept only each person's latest spell, so nobody's return could be measured; the
cleaned registry now keeps every spell. Following CBS (*herinstroom*): of the persons who left
benefit in the period, the share back on benefit within 6 and within 12 months, by the reason the
benefit ended and by the year of leaving, and a Kaplan–Meier curve of the time to return.

Definitions (``docs/registry.md``, "Re-inflow"):

* Only spells of a benefit scheme count (Participatiewet, IOAW, IOAZ, Bbz); special assistance
  alone is not being on benefit.
* Spells of one person that overlap or follow on the next day form one *episode*: a change of
  scheme or a re-registration without a day off benefit is not leaving.
* A person's *exit* is the end of their first episode that ends in the period (so each person
  counts once); its reason is the end reason of the episode's last spell (empty: other/unknown).
* *Back within k months*: the person's next episode starts within k calendar months after the
  exit. The share is taken over the exits that can be observed for k months: exit date + k
  months on or before the period end (the extract is taken to be complete up to the period end;
  later exits are left out of that share, not counted as staying off benefit).
* The Kaplan–Meier curve follows every exit from its date to the return, censored at the period
  end.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.frames import is_in
from analysis.core.rounding import percent
from analysis.registry.intake import Period
from analysis.registry.model import END_REASONS, WORK_END_REASONS
from analysis.registry.spells import benefit_spells, runs
from analysis.steps.survival import MONTH_DAYS, kaplan_meier

HORIZONS = (6, 12)
"""Months after leaving within which a return counts (CBS: 6 and 12)."""


def episodes(spells: pd.DataFrame) -> pd.DataFrame:
    """Benefit spells merged into episodes per person: ``client_key, episode_start,
    episode_end`` (NaT: still running) and ``end_reason`` of the episode's last spell — the last,
    in order of start, of those ending on the episode's end."""
    spells = benefit_spells(spells).sort_values(["client_key", "spell_start"], kind="stable")
    run = runs(spells, "client_key", ("spell_start", "spell_end"))
    by_run = spells.groupby(run, sort=True)
    still_running = spells["spell_end"].isna().groupby(run).any()
    last_end = by_run["spell_end"].max()
    ends_it = spells["spell_end"].eq(run.map(last_end)).fillna(False).astype(bool)
    reason = spells.loc[ends_it, "end_reason"].groupby(run[ends_it]).nth(-1)
    reason.index = run[ends_it][~run[ends_it].duplicated(keep="last")].to_numpy()
    reason = reason.reindex(last_end.index).where(~still_running)
    # object columns, so that the frame infers its dtypes as it did from rows of Python values
    return pd.DataFrame(
        {
            "client_key": by_run["client_key"].first().to_numpy(dtype=object),
            "episode_start": by_run["spell_start"].first().to_numpy(),
            "episode_end": last_end.where(~still_running).to_numpy(),
            "end_reason": reason.to_numpy(dtype=object, na_value=None),
        }
    ).astype({"episode_start": "datetime64[ns]", "episode_end": "datetime64[ns]"})


def exits(spells: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One row per person who left benefit in the period: the first such exit, its reason,
    whether it was to work, the next episode's start and the months to it, and per horizon
    whether the exit can be observed that long and whether the person was back by then."""
    eps = episodes(spells)
    nxt = eps.groupby("client_key")["episode_start"].shift(-1)
    eps = eps.assign(next_start=nxt)
    ended = eps[eps["episode_end"].between(period.start, period.end)]
    first = ended.drop_duplicates("client_key", keep="first").copy()
    first["end_reason"] = first["end_reason"].fillna("other_unknown")
    first["to_work"] = first["end_reason"].isin(WORK_END_REASONS)
    first["exit_year"] = first["episode_end"].dt.year.astype(int)
    returned = first["next_start"].notna() & (first["next_start"] <= period.end)
    first["returned"] = returned
    stop = first["next_start"].where(returned, period.end)
    first["months"] = (stop - first["episode_end"]).dt.days / MONTH_DAYS
    for k in HORIZONS:
        limit = first["episode_end"] + pd.DateOffset(months=k)
        first[f"observed_{k}m"] = limit <= period.end
        first[f"back_{k}m"] = returned & (first["next_start"] <= limit)
    return first.drop(columns=["episode_start"]).reset_index(drop=True)


def _row(label: str, part: pd.DataFrame) -> dict:
    row: dict = {"label": label, "exits_n": len(part)}
    for k in HORIZONS:
        observed = part[part[f"observed_{k}m"]]
        row[f"observed_{k}m_n"] = len(observed)
        row[f"back_{k}m_n"] = int(observed[f"back_{k}m"].sum())
    return row


def _finish(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for k in HORIZONS:
        observed = out[f"observed_{k}m_n"].replace(0, np.nan)
        out[f"back_{k}m_pct"] = percent(out[f"back_{k}m_n"], observed)
    return out


def by_reason(exits_frame: pd.DataFrame) -> pd.DataFrame:
    """Re-inflow within 6 and 12 months by the reason benefit ended (rows: each reason that
    occurs, in the model's order, then work and other exits, then the total)."""
    rows = [
        _row(label, exits_frame[exits_frame["end_reason"] == code])
        for code, label in END_REASONS.items()
        if (exits_frame["end_reason"] == code).any()
    ]
    rows.append(_row("Subtotaal uitstroom naar werk", exits_frame[exits_frame["to_work"]]))
    rows.append(_row("Subtotaal andere uitstroom", exits_frame[~exits_frame["to_work"]]))
    rows.append(_row("Totaal", exits_frame))
    return _finish(rows)


def by_year(exits_frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Re-inflow within 6 and 12 months by the year of leaving (one row per year of the
    period, then the total)."""
    years = range(period.start.year, period.end.year + 1)
    rows = [
        _row(f"Uitstroom in {year}", exits_frame[exits_frame["exit_year"] == year])
        for year in years
    ]
    rows.append(_row("Totaal", exits_frame))
    return _finish(rows)


def return_curve(exits_frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Kaplan–Meier share *not yet back* on benefit by months since leaving, for exits to work
    and other exits (``months, survival, lower, upper``); a group without exits is left out."""
    frame = exits_frame.assign(entry_months=0.0, event=exits_frame["returned"].astype(int))
    curves = {}
    for group, part in (("work", frame[frame["to_work"]]), ("other", frame[~frame["to_work"]])):
        if len(part):
            curves[group] = kaplan_meier(part, event=1)
    return curves


def uncounted_spells(registry, status: pd.DataFrame) -> dict[str, int]:
    """The kept benefit spells the chapter-4 tables do not read (each counted client's other
    spells, under the case's spell reading): how many, of how many persons. Under the 2006
    reading these are the earlier spells of re-entrants the audit left out."""
    spells = benefit_spells(registry["benefit_spells"])
    spells = spells[is_in(spells["client_key"], status["client_key"])]
    counted = status.loc[status["has_benefit"], ["client_key", "spell_start"]]
    marked = spells.merge(
        counted.assign(_counted=True), on=["client_key", "spell_start"], how="left"
    )
    other = marked[marked["_counted"].isna()]
    return {"spells_n": len(other), "persons_n": int(other["client_key"].nunique())}


def analyse(registry, period: Period) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The re-inflow step: the exits and the tables ``r_reason`` and ``r_year``."""
    frame = exits(registry["benefit_spells"], period)
    return frame, {"r_reason": by_reason(frame), "r_year": by_year(frame, period)}
