"""Figures of the information step (notebook 05): the timeline of documents to the council."""

from __future__ import annotations

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_date, nl_number
from analysis.report.disclosure import public
from analysis.report.html import FINDING_HEADERS, Part, score_badge, sentences, table
from analysis.steps.information import EVENT_LABELS, conflicting_dates, score_counts


def timeline_figure(timeline: pd.DataFrame):
    """One line per document, a marker per event, dates on the horizontal axis."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS, dutch_month_formatter, wrap_label

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
    fig, ax = plt.subplots(figsize=(10, 0.7 * len(documents) + 1.6))
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
    ax.set_yticks(range(len(documents)), [wrap_label(d, 50, 2) for d in documents], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(dutch_month_formatter())
    ax.grid(axis="x", color="#eeeeee")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8, frameon=False)
    ax.set_title("Wanneer stukken klaar waren en wanneer de raad ze behandelde")
    fig.tight_layout()
    fig.disclosure = public("data van stukken aan de raad")
    return fig


NO_INFORMATION = (
    "<p><strong>Voor deze casus zijn geen bevindingen over de informatievoorziening "
    "gecodeerd</strong>; dit onderdeel is niet uitgevoerd.</p>"
)


def findings_parts(cfg: Case, findings: pd.DataFrame) -> list[Part]:
    """Section "Normen en bevindingen": the chapter-7 norms with findings and scores, counted."""
    counts = score_counts(findings)
    lines = [
        f"Van de {len(findings)} (onderdelen van) normen voldoet de gemeente aan {counts['+']}, "
        f"deels aan {counts['+/-']} en niet aan {counts['-']}."
    ]
    if counts["none"]:
        unscored = findings[findings["score"].isna()]["section"].tolist()
        lines.append(f"Zonder oordeel in het rapport: {'; '.join(unscored)}.")
    return [
        table(
            findings[["section", "norm", "finding", "score", "score_basis"]],
            caption="Normen voor de informatievoorziening met bevindingen en oordeel",
            headers={"section": "paragraaf", "norm": "norm", **FINDING_HEADERS},
            formats={"score": score_badge},
            source=f"Bron: {cfg.auditor} ({cfg.published}), hoofdstuk 7 (normen en oordelen) en "
            "hoofdstuk 8.",
        ),
        sentences(lines),
    ]


def cost_information_parts(cfg: Case, t71: pd.DataFrame) -> list[Part]:
    """Section "Kosteninformatie": Tabel 7.1 as printed and how many cells say 'Ja'."""
    answers = t71.drop(columns="label").stack()
    return [
        table(
            t71,
            caption="Tabel 7.1 – Informatie over kosten per beleidsdoel en kosten per resultaat "
            "in de jaarstukken",
            headers={
                "label": "document",
                "informatie_kosten_beleidsdoel": "kosten per beleidsdoel",
                "informatie_kosten_resultaten": "kosten per resultaat",
            },
            source=f"Bron: {cfg.auditor} ({cfg.published}), tabel 7.1.",
        ),
        sentences(
            [
                f"In {int((answers == 'Ja').sum())} van de {len(answers)} vakken staat dat de "
                "jaarstukken deze kosteninformatie geven."
            ]
        ),
    ]


def timeline_parts(timeline: pd.DataFrame, waits: pd.DataFrame) -> list[Part]:
    """Section "Wanneer kreeg en besprak de raad de stukken?": the timeline, the waiting times,
    and dates the report prints twice."""
    view = waits.assign(
        van=waits["from_event"].map(EVENT_LABELS) + " " + waits["from_date"].map(nl_date),
        tot=waits["to_event"].map(EVENT_LABELS) + " " + waits["to_date"].map(nl_date),
    )
    lines = [
        f"{w['document']}: {nl_number(w['days'])} dagen van {EVENT_LABELS[w['from_event']]} "
        f"({nl_date(w['from_date'])}) tot {EVENT_LABELS[w['to_event']]} ({nl_date(w['to_date'])})."
        for _, w in waits.sort_values("days", ascending=False).iterrows()
    ]
    conflicts = conflicting_dates(timeline)
    for (document, event), group in conflicts.groupby(["document", "event"], sort=False):
        dates = " en ".join(nl_date(d) for d in group["date"])
        lines.append(
            f"Het rapport dateert '{EVENT_LABELS[event]}' van {document} op twee manieren: "
            f"{dates} (tekst en eindnoot verschillen); beide staan in de tijdlijn."
        )
    return [
        timeline_figure(timeline),
        table(
            view[["document", "van", "tot", "days"]],
            caption="Tijd tussen beschikbaar of geagendeerd en behandeld",
            headers={"days": "dagen"},
            source="Bron: hoofdstuk 7 en de eindnoten van het rapport; waar alleen een maand is "
            "gedrukt, is de eerste van de maand genomen.",
        ),
        sentences(lines),
    ]
