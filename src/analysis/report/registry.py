"""The intake funnel as a reader sees it: the table of dropped records and its chart."""

from __future__ import annotations

import pandas as pd


def funnel_view(funnel: pd.DataFrame) -> pd.DataFrame:
    """Per rule the records dropped, per table in columns (for a readable funnel table)."""
    wide = funnel.pivot_table(
        index=["step", "description"],
        columns="table",
        values="dropped",
        aggfunc="sum",
        fill_value=0,
    )
    wide = wide.loc[:, (wide != 0).any()].reset_index()
    clients = funnel[funnel["table"] == "clients"].set_index("step")["records_out"]
    wide["clients_out_n"] = wide["step"].map(clients)
    return wide


def funnel_figure(funnel: pd.DataFrame):
    """Bars: records dropped per rule (all tables), in rule order."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    per_rule = funnel.groupby(["step", "description"], sort=True)["dropped"].sum().reset_index()
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(per_rule) + 1.2))
    y = range(len(per_rule))
    ax.barh(list(y), per_rule["dropped"], color=COLOURS["blue"])
    ax.set_yticks(
        list(y),
        [f"{s}. {d}" for s, d in zip(per_rule["step"], per_rule["description"], strict=True)],
    )
    ax.invert_yaxis()
    for i, value in enumerate(per_rule["dropped"]):
        ax.text(value, i, f" {value:,}".replace(",", "."), va="center", fontsize=9)
    ax.set_xlabel("verwijderde records (alle tabellen)")
    ax.set_title("Selectie en opschoning: verwijderde records per regel")
    return fig
