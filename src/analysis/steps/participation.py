"""Published figures on benefit volume, inflow and participation, for cases without a client
registry (Uithoorn 2018, chapter 4): the few values the report states, as charts, and the changes
between them computed.

Inputs are transcribed tables: ``t4_1`` (share of clients per activity; a client can have more
than one), ``s_volume`` (benefit volume at the dates the text names) and ``s_inflow`` (monthly
inflow percentage at those dates).
"""

from __future__ import annotations

import pandas as pd


def changes(series: pd.DataFrame, value_column: str) -> pd.DataFrame:
    """Each value with the change from the previous one and from the first (absolute and %)."""
    out = series[["label", "maand", value_column]].copy()
    first = out[value_column].iloc[0]
    out["change_prev"] = out[value_column].diff()
    out["change_first"] = out[value_column] - first
    out["change_first_pct"] = 100 * out["change_first"] / first
    return out


def active_share(shares: pd.DataFrame) -> float | None:
    """Share of clients with at least one activity: 100 minus the 'Geen activiteit' row."""
    none = shares.loc[shares["label"].str.lower().str.startswith("geen"), "clienten_pct"]
    return float(100 - none.iloc[0]) if len(none) else None


def participation_sum(shares: pd.DataFrame) -> float:
    """Sum of the activity shares: above 100 means clients with more than one activity."""
    return float(shares["clienten_pct"].sum())
