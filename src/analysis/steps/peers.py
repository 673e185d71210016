"""The municipality against municipalities of the same size, from open data.

Rekenkamer Uithoorn (2019, §4.3) set Uithoorn beside "113 andere gemeenten tot 50.000 inwoners"
(Divosa benchmark): outflow against the group's median, inflow against its mean, the volume
against the group. This step does that on a snapshot of open figures
(:mod:`analysis.published.peers`): per year the municipality's value of each indicator, and of
the peer group — the other municipalities whose population on 1 January lies in the size class
(parameter ``peer_size_class``) — the number, median, mean and the municipality's rank.

Indicators (per municipality and year):

* ``bijstand_per_1000`` — persons with bijstand per 1.000 inhabitants: 1000 × bijstand_n /
  population_n (the volume, comparable across sizes);
* ``stock_change_pct`` — change of the number with bijstand against the year before (%);
* ``inflow_pct``, ``outflow_pct`` — inflow and outflow in the year as % of the number with
  bijstand at the end of the year before; only where the snapshot has inflow and outflow (CBS
  StatLine has none per municipality; a Divosa export has).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

INDICATORS = ("bijstand_per_1000", "stock_change_pct", "inflow_pct", "outflow_pct")
"""The indicators per municipality and year (their Dutch names: ``analysis.report.peers``)."""


class PeerError(ValueError):
    """A size class that cannot be read, or a municipality that is not in the figures."""


def size_class(text: str) -> tuple[int, int | None]:
    """``"20000-50000"`` → (20000, 50000): inhabitants from (inclusive) to (exclusive);
    ``"250000-"`` → no upper bound."""
    match = re.fullmatch(r"\s*(\d+)\s*-\s*(\d*)\s*", str(text).replace(".", ""))
    if not match:
        raise PeerError(
            f"peer_size_class {text!r}: expected inhabitants from-to, such as 0-50000 or 250000-"
        )
    low, high = int(match[1]), int(match[2]) if match[2] else None
    if high is not None and high <= low:
        raise PeerError(f"peer_size_class {text!r}: the upper bound must lie above the lower")
    return low, high


def indicators(figures: pd.DataFrame) -> pd.DataFrame:
    """Per municipality and year the indicators of :data:`INDICATORS` (NaN where the figures
    lack an input: the year before, a zero, or inflow and outflow)."""
    out = figures.sort_values(["municipality_code", "year"]).reset_index(drop=True)
    stock = out["bijstand_n"].astype(float)
    population = out["population_n"].astype(float)
    before = stock.groupby(out["municipality_code"]).shift(1)
    # only a year directly before counts as "the year before"
    consecutive = out["year"].astype(int).groupby(out["municipality_code"]).diff().eq(1)
    before = before.where(consecutive)
    out["bijstand_per_1000"] = 1000 * stock / population.replace(0, np.nan)
    out["stock_change_pct"] = 100 * (stock / before.replace(0, np.nan) - 1)
    for flow in ("inflow", "outflow"):
        counts = out[f"{flow}_n"].astype(float) if f"{flow}_n" in out else np.nan
        out[f"{flow}_pct"] = 100 * counts / before.replace(0, np.nan)
    return out


def find_municipality(figures: pd.DataFrame, code: str | None, name: str) -> str:
    """The municipality's code in the figures: ``code`` when given, else the one code whose name
    is ``name`` (any case)."""
    codes = set(figures["municipality_code"])
    if code is not None:
        if code not in codes:
            raise PeerError(f"municipality {code} is not in the comparison figures")
        return code
    named = figures.loc[
        figures["municipality"].str.strip().str.lower() == name.strip().lower(), "municipality_code"
    ].unique()
    if len(named) != 1:
        found = "not" if len(named) == 0 else f"{len(named)} times ({', '.join(named)})"
        raise PeerError(
            f"municipality {name!r} is {found} in the comparison figures; set municipality_code "
            "in case.yml"
        )
    return str(named[0])


def position(table: pd.DataFrame, code: str, size: str, indicator: str) -> pd.DataFrame:
    """Per year: the municipality's ``indicator``, and of its peers (the other municipalities in
    the size class by that year's population, with a value) the number, median, mean, first and
    third quartile; the municipality's rank from low to high among itself and its peers (ties
    share the lower rank) and the share of peers below it (%).

    Years where the municipality has no value are left out."""
    low, high = size_class(size)
    rows = []
    for year, group in table.groupby("year", sort=True):
        own = group[group["municipality_code"] == code]
        if own.empty or pd.isna(own[indicator].iloc[0]):
            continue
        value = float(own[indicator].iloc[0])
        population = group["population_n"]
        in_class = (population >= low) & (population < high if high is not None else True)
        peers = group.loc[in_class & (group["municipality_code"] != code), indicator].dropna()
        peers = peers.astype(float)
        rows.append(
            {
                "year": int(year),
                "value": value,
                "peers_n": len(peers),
                "median": peers.median() if len(peers) else np.nan,
                "mean": peers.mean() if len(peers) else np.nan,
                "q1": peers.quantile(0.25) if len(peers) else np.nan,
                "q3": peers.quantile(0.75) if len(peers) else np.nan,
                "rank": int((peers < value).sum()) + 1,
                "ranked_n": len(peers) + 1,
                "below_pct": 100 * float((peers < value).mean()) if len(peers) else np.nan,
            }
        )
    columns = ["year", "value", "peers_n", "median", "mean", "q1", "q3", "rank", "ranked_n"]
    return pd.DataFrame(rows, columns=[*columns, "below_pct"])


def available_indicators(table: pd.DataFrame) -> list[str]:
    """The indicators with at least one value in the figures."""
    return [name for name in INDICATORS if table[name].notna().any()]
