"""Sentences and figures for the published volume, inflow and participation series."""

from __future__ import annotations

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_number
from analysis.published.tables import load_table, table_files, table_meta
from analysis.report.disclosure import public
from analysis.report.html import Part, sentences
from analysis.steps.participation import active_share, changes, participation_sum


def change_sentence(series: pd.DataFrame, what: str) -> str:
    """``"<what> ging van 336 (januari 2017) naar 313 (oktober 2018): −23 (−6,8%)."`` for a
    series with one value column ending in ``_n`` (persons) or ``_pct`` (a percentage)."""
    from analysis.core.formats import nl_signed

    column = next(c for c in series.columns if c.endswith(("_n", "_pct")))
    pct = column.endswith("_pct")
    decimals, unit = (1, "%") if pct else (0, "")
    first, last = series.iloc[0], changes(series, column).iloc[-1]
    return (
        f"{what} ging van {nl_number(first[column], decimals)}{unit} ({first['label']}) naar "
        f"{nl_number(last[column], decimals)}{unit} ({last['label']}): "
        f"{nl_signed(last['change_first'], decimals)}{' procentpunt' if pct else ''} "
        f"({nl_signed(last['change_first_pct'])}%)."
    )


def participation_figure(shares: pd.DataFrame, title: str):
    """Horizontal bars of the share of clients per activity."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    data = shares.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.2))
    colours = [
        COLOURS["grey"] if label.lower().startswith("geen") else COLOURS["blue"]
        for label in data["label"]
    ]
    ax.barh(range(len(data)), data["clienten_pct"], color=colours)
    for i, value in enumerate(data["clienten_pct"]):
        ax.text(value + 0.8, i, f"{value:g}%".replace(".", ","), va="center", fontsize=9)
    ax.set_yticks(range(len(data)), data["label"], fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel("% van de cliënten (een cliënt kan meer dan één activiteit hebben)")
    ax.set_xlim(0, max(100, float(data["clienten_pct"].max()) + 10))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title)
    fig.tight_layout()
    fig.disclosure = public("CBS-cijfers en cijfers uit het gedrukte rapport")
    return fig


def series_figure(volume: pd.DataFrame | None, inflow: pd.DataFrame | None, municipality: str):
    """The volume (persons) and the inflow percentage at the dates the report names, side by
    side; points only, because the report gives no values in between."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS, dutch_date_axis

    panels = [
        (frame, column, label, colour)
        for frame, column, label, colour in (
            (volume, f"{_key(municipality)}_n", "personen met een uitkering", COLOURS["blue"]),
            (inflow, f"{_key(municipality)}_pct", "instroom per maand (%)", COLOURS["orange"]),
        )
        if frame is not None
    ]
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 3.4), squeeze=False)
    for ax, (frame, column, label, colour) in zip(axes[0], panels, strict=True):
        dates = pd.to_datetime(frame["maand"])
        ax.plot(dates, frame[column], color=colour, lw=1, ls=":", marker="o", ms=7)
        for date, value in zip(dates, frame[column], strict=True):
            ax.annotate(
                f"{value:g}".replace(".", ","),
                (date, value),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=9,
            )
        ax.set_title(label, fontsize=10)
        dutch_date_axis(ax)
        ax.set_ylim(0, float(frame[column].max()) * 1.25)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.suptitle(f"{municipality}: de waarden die het rapport noemt", fontsize=11)
    fig.tight_layout()
    fig.disclosure = public("CBS-cijfers en cijfers uit het gedrukte rapport")
    return fig


def _key(municipality: str) -> str:
    return municipality.lower().replace(" ", "_")


def published_series_parts(cfg: Case) -> list[Part]:
    """Section "Bijstandsvolume, instroom en participatie": the figures the report names, as
    charts, with the changes between them and the share of clients with an activity."""
    available = set(table_files(cfg.name))
    parts: list[Part] = []
    volume = load_table(cfg.name, "s_volume") if "s_volume" in available else None
    inflow = load_table(cfg.name, "s_inflow") if "s_inflow" in available else None
    if volume is not None or inflow is not None:
        parts.append(series_figure(volume, inflow, cfg.municipality))
        named = ((volume, "Het aantal bijstandsuitkeringen"), (inflow, "Het instroompercentage"))
        parts.append(sentences([change_sentence(f, what) for f, what in named if f is not None]))
    if "t4_1" in available:
        shares = load_table(cfg.name, "t4_1")
        meta = table_meta(cfg.name, "t4_1")
        parts.append(participation_figure(shares, f"{meta.number} – {meta.title}"))
        lines = [
            f"Samen tellen de activiteiten op tot {nl_number(participation_sum(shares))}%: "
            "cliënten kunnen meer dan één activiteit hebben."
        ]
        active = active_share(shares)
        if active is not None:
            lines.append(
                f"{nl_number(active)}% van de cliënten heeft ten minste één activiteit; "
                f"{nl_number(100 - active)}% geen."
            )
        parts.append(sentences(lines))
    return parts
