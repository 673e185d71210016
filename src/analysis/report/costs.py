"""Figures of the costs step (notebook 03): budget, reserve and spending."""

from __future__ import annotations

import pandas as pd


def budget_figure(available: pd.DataFrame, reserve_frame: pd.DataFrame, spending: pd.DataFrame):
    """Budget available for re-integration, reserve and the analysed spending per year."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    budget = available.set_index("label").loc["Beschikbaar voor re-integratie"]
    cols = [c for c in budget.index if c.endswith("_eur_mln")]
    years = [int(c.split("_")[1]) for c in cols]
    fig, ax = plt.subplots(figsize=(8.5, 4))
    ax.bar(
        [y - 0.2 for y in years],
        budget[cols].astype(float),
        width=0.4,
        color=COLOURS["sky"],
        label="beschikbaar voor re-integratie (begroting/jaarrekening)",
    )
    ax.plot(
        reserve_frame["year"],
        reserve_frame["reserve_eur_mln"],
        marker="o",
        color=COLOURS["vermillion"],
        label="reservering werkdeel (eind van het jaar)",
    )
    spent = spending[spending["year"].isin(years)]
    ax.bar(
        spent["year"] + 0.2,
        spent["eur_mln"],
        width=0.4,
        color=COLOURS["blue"],
        label="uitgaven trede 3–5 in het cliëntenbestand",
    )
    ax.set_xticks(years)
    ax.set_ylabel("€ miljoen")
    ax.set_title("Budget, reservering en onderzochte uitgaven per jaar")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    ax.grid(axis="y", alpha=0.3)
    return fig
