"""Figures of the execution step (notebook 04): the norm heatmap and the contract effects."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.steps.casestudies import norms_frame


def heatmap_figure(scores: pd.DataFrame, norms: dict[str, Any], trajectories: pd.DataFrame):
    """Norms × trajectories coloured by score (colour-blind safe); overall scores span the row."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    from analysis.report.style import SCORE_COLOURS

    table = norms_frame(norms)
    columns = list(trajectories["trajectory_id"])
    names = dict(zip(trajectories["trajectory_id"], trajectories["provider"], strict=True))
    fig, ax = plt.subplots(figsize=(11, 0.5 * len(table) + 1.4))
    for i, norm in enumerate(table.itertuples()):
        row = scores[scores["norm_id"] == norm.norm_id]
        overall = row[row["trajectory_id"] == "all"]
        for j, trajectory in enumerate(columns):
            hit = row[row["trajectory_id"] == trajectory]
            score = (
                hit["score"].iloc[0]
                if len(hit)
                else (overall["score"].iloc[0] if len(overall) else None)
            )
            colour = SCORE_COLOURS.get(score, "#eeeeee")
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=colour, edgecolor="white", lw=2))
            ax.text(
                j + 0.5,
                i + 0.5,
                score or "–",
                ha="center",
                va="center",
                color="white",
                fontweight="bold",
            )
    labels = [
        f"{n.phase_short} · {n.printed_number}. {n.text[:55]}{'…' if len(n.text) > 55 else ''}"
        for n in table.itertuples()
    ]
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(table), 0)
    ax.set_xticks([j + 0.5 for j in range(len(columns))], [names[c] for c in columns])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(table))], labels, fontsize=8)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(
        "Oordeel per norm en traject (normen zonder uitsplitsing gelden voor alle trajecten)",
        pad=28,
    )
    return fig


def effects_figure(outflow: pd.DataFrame):
    """Agreed against realised outflow to work per contract (mid-period)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    data = outflow[
        outflow["agreed_outflow_pct"].notna()
        | outflow["realised_outflow_pct"].notna()
        | outflow["realised_outflow_pct_printed"].notna()
    ].reset_index(drop=True)
    realised = data["realised_outflow_pct"].astype(float)
    printed = data["realised_outflow_pct_printed"].astype(float)
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(data) + 1.3))
    y = range(len(data))
    ax.barh(
        [i - 0.2 for i in y],
        data["agreed_outflow_pct"].astype(float).fillna(0),
        height=0.4,
        color=COLOURS["grey"],
        label="afgesproken",
    )
    ax.barh(
        [i + 0.2 for i in y],
        realised.fillna(0),
        height=0.4,
        color=COLOURS["blue"],
        label="gerealiseerd (tussenstand, herberekend)",
    )
    ax.scatter(
        printed,
        [i + 0.2 for i in y],
        marker="|",
        s=180,
        color="black",
        label="gerealiseerd volgens het rapport",
        zorder=3,
    )
    for i, value in enumerate(data["agreed_outflow_pct"]):
        if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            ax.text(0.5, i - 0.2, "geen afspraak", va="center", fontsize=8, color="#555")
    ax.set_yticks(
        list(y), [f"{n[:55]}{'…' if len(n) > 55 else ''}" for n in data["name"]], fontsize=8
    )
    ax.invert_yaxis()
    ax.set_xlabel("% van de deelnemers uitgestroomd naar werk")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Afgesproken en gerealiseerde uitstroom naar werk per contract")
    return fig
