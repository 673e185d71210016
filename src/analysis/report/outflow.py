"""Figures of the outflow step (notebook 02): survival curves and the benchmark index chart."""

from __future__ import annotations

import pandas as pd

from analysis.steps.benchmark import AREAS
from analysis.steps.survival import cohort_name, cumulative_incidence, kaplan_meier


def index_chart(stock: pd.DataFrame, outflow_pct: pd.DataFrame):
    """Two panels: the stock indexed to the first year, and outflow as % of the stock."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    colours = {"nederland": COLOURS["grey"], "g4": COLOURS["orange"], "amsterdam": COLOURS["blue"]}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    years = stock["label"].astype(int)
    for area, name in AREAS.items():
        counts = stock[f"{area}_n"].astype(float)
        left.plot(years, 100 * counts / counts.iloc[0], marker="o", color=colours[area], label=name)
        right.plot(
            outflow_pct["label"].astype(int),
            outflow_pct[f"{area}_pct"],
            marker="o",
            color=colours[area],
            label=name,
        )
    left.set_title(f"Bijstandscliënten < 65 jaar (index {years.iloc[0]} = 100)")
    right.set_title("Uitstroom in % van het bestand")
    for ax in (left, right):
        ax.set_xlabel("jaar")
        ax.grid(axis="y", alpha=0.3)
    right.legend()
    fig.tight_layout()
    return fig


def exit_to_work_figure(frame: pd.DataFrame, max_months: float = 30):
    """Left: Kaplan–Meier share left for work (other exits censored) by cohort. Right:
    cumulative incidence of work and other exits (competing risks) for the inflow cohorts."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    palette = [
        COLOURS["grey"],
        COLOURS["blue"],
        COLOURS["orange"],
        COLOURS["green"],
        COLOURS["purple"],
    ]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.2))
    for colour, (code, part) in zip(palette, frame.groupby("cohort", sort=False), strict=False):
        curve = kaplan_meier(part, event=1)
        curve = curve[curve["months"] <= max_months]
        left.step(
            curve["months"],
            100 * (1 - curve["survival"]),
            where="post",
            color=colour,
            label=cohort_name(code),
        )
    left.set_title("Uitstroom naar werk (Kaplan–Meier)")
    left.set_xlabel("maanden sinds instroom")
    left.set_ylabel("% uitgestroomd naar werk")
    left.legend(fontsize=8)
    inflow = frame[frame["entry_months"] == 0]
    curve = cumulative_incidence(inflow)
    curve = curve[curve["months"] <= max_months]
    right.step(
        curve["months"], 100 * curve["work"], where="post", color=COLOURS["blue"], label="werk"
    )
    right.step(
        curve["months"],
        100 * curve["other"],
        where="post",
        color=COLOURS["vermillion"],
        label="andere reden",
    )
    years = sorted(inflow["cohort"].unique())
    right.set_title(f"Instroom {years[0]}–{years[-1]}: uitstroom naar reden")
    right.set_xlabel("maanden sinds instroom")
    right.set_ylabel("cumulatief % uitgestroomd")
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.set_xlim(0, max_months)
    fig.tight_layout()
    return fig
