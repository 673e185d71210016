"""Benchmark figures: Amsterdam against the Netherlands and the four big cities (§4.2.1–4.2.3).

Tabel 4.2–4.4 print CBS counts (clients on benefit under 65, outflow, inflow) with derived
percentages. The counts are the data here; this module recomputes every derived figure from them
(yearly change, outflow as a share of the stock, Amsterdam's gap to NL and G4) so that the notebook
can show them and :mod:`analysis.published.reproduction` can compare them with the printed
percentages. Tabel 4.10 and 4.11 (SEO's effect estimates) are context: the effect is recomputed as
the
difference of the two printed rates.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.rounding import percent, round_half_up

AREAS = {"nederland": "Nederland", "g4": "G4", "amsterdam": "Amsterdam"}


def stock_changes(stock: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.2 recomputed: yearly % change of the stock per area, Amsterdam's gap in points.

    The gap is printed as NL (or G4) minus Amsterdam: a positive gap means Amsterdam's stock fell
    faster.
    """
    out = stock[["label"] + [f"{a}_n" for a in AREAS]].copy()
    for area in AREAS:
        counts = out[f"{area}_n"].astype(float)
        out[f"{area}_pct"] = round_half_up(100 * (counts / counts.shift(1) - 1))
    out["verschil_tov_nl_pct"] = round_half_up(out["nederland_pct"] - out["amsterdam_pct"])
    out["verschil_tov_g4_pct"] = round_half_up(out["g4_pct"] - out["amsterdam_pct"])
    return out[list(stock.columns)]


def outflow_shares(
    outflow: pd.DataFrame, stock: pd.DataFrame, amsterdam: pd.DataFrame
) -> pd.DataFrame:
    """Tabel 4.3 recomputed: outflow as % of the stock of the same year; gap Amsterdam minus NL/G4.

    The stock comes from Tabel 4.2, and for Amsterdam in years Tabel 4.2 lacks from Tabel 4.4.
    """
    stock = stock.set_index("label")
    amsterdam_stock = amsterdam.set_index("label")["totaal_n"]
    out = outflow[["label"] + [f"{a}_n" for a in AREAS]].copy()
    for area in AREAS:
        base = out["label"].map(stock[f"{area}_n"])
        if area == "amsterdam":
            base = base.fillna(out["label"].map(amsterdam_stock))
        out[f"{area}_pct"] = pd.Series(percent(out[f"{area}_n"], base), index=out.index)
    out["verschil_tov_nl_pct"] = round_half_up(out["amsterdam_pct"] - out["nederland_pct"])
    out["verschil_tov_g4_pct"] = round_half_up(out["amsterdam_pct"] - out["g4_pct"])
    return out[list(outflow.columns)]


BENCHMARK_TABLES = ("t4_2", "t4_3", "t4_4")
"""The printed CBS tables the benchmark reads (stock, outflow, Amsterdam): a case with all three
gets Tabel 4.2 and 4.3 recomputed."""


def benchmark_tables(
    stock: pd.DataFrame, outflow: pd.DataFrame, amsterdam: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Tabel 4.2 and 4.3 with their percentages recomputed from the printed CBS counts."""
    return {"t4_2": stock_changes(stock), "t4_3": outflow_shares(outflow, stock, amsterdam)}


def flows(amsterdam: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.4 with the stock implied by the previous stock and the flows, and the gap.

    CBS stocks and flows need not reconcile exactly (people turning 65, re-inflow within a year);
    the gap shows by how much they do not.
    """
    out = amsterdam.copy()
    implied = out["totaal_n"].shift(1) + out["instroom_n"] - out["uitstroom_n"]
    out["implied_total_n"] = implied.astype("Int64")
    out["gap_n"] = (out["totaal_n"] - implied).astype("Int64")
    return out


def effects(rates: pd.DataFrame) -> pd.DataFrame:
    """Tabel 4.10 / 4.11: the effect row recomputed as 'met traject' minus 'zonder traject'."""
    frame = rates.set_index("label")
    columns = [c for c in frame.columns if c.endswith("_pct")]
    effect = frame.loc["Met traject na 6 maanden", columns] - frame.loc["Zonder traject", columns]
    out = rates.copy()
    out.loc[out["label"] == "Effect in procentpunten", columns] = round_half_up(
        effect.astype(float)
    )
    return out
