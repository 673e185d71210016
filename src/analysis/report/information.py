"""Figures of the information step (notebook 05): the timeline of documents to the council."""

from __future__ import annotations

import pandas as pd

from analysis.steps.information import EVENT_LABELS


def timeline_figure(timeline: pd.DataFrame):
    """One line per document, a marker per event, dates on the horizontal axis."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    documents = list(dict.fromkeys(timeline["document"]))
    markers = {
        "gepland": ("o", COLOURS["grey"]),
        "uiterste datum": ("|", COLOURS["vermillion"]),
        "gepubliceerd": ("s", COLOURS["blue"]),
        "verzonden": ("s", COLOURS["sky"]),
        "besproken in commissie": ("D", COLOURS["orange"]),
        "besproken in raad": ("D", COLOURS["green"]),
        "vastgesteld": ("*", COLOURS["green"]),
    }
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(documents) + 1.6))
    for i, document in enumerate(documents):
        events = timeline[timeline["document"] == document]
        ax.plot(events["date"], [i] * len(events), color="#bbbbbb", lw=1.5, zorder=1)
    seen = set()
    for _, event in timeline.iterrows():
        marker, colour = markers[event["event"]]
        label = EVENT_LABELS[event["event"]]
        ax.scatter(
            event["date"],
            documents.index(event["document"]),
            marker=marker,
            s=90 if marker != "|" else 300,
            color=colour,
            zorder=2,
            label=None if label in seen else label,
        )
        seen.add(label)
    ax.set_yticks(range(len(documents)), [_short(d) for d in documents], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%Y"))
    ax.grid(axis="x", color="#eeeeee")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8, frameon=False)
    ax.set_title("Wanneer stukken klaar waren en wanneer de raad ze behandelde")
    fig.tight_layout()
    return fig


def _short(text: str, width: int = 45) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
