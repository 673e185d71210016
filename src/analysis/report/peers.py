"""The municipality against municipalities of the same size (notebook 02): per indicator a table
by year — its value, the peers' median and mean, its rank — and a figure of the three lines with
the band of the middle half of the peers. Without a snapshot of open figures, the command that
fetches one."""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_date, nl_number, nl_pct
from analysis.published.peers import FETCH_COMMAND, STATLINE_TABLE
from analysis.report.disclosure import public
from analysis.report.html import Part, html, sentences, table
from analysis.steps.peers import INDICATORS, size_class

OPEN_DATA = "open statistiek (gemeentecijfers), geen gegevens van personen"
LABELS = {
    "bijstand_per_1000": "personen met bijstand per 1.000 inwoners",
    "stock_change_pct": "verandering van het aantal personen met bijstand in een jaar (%)",
    "inflow_pct": "instroom in de bijstand als % van het aantal met bijstand een jaar eerder",
    "outflow_pct": "uitstroom uit de bijstand als % van het aantal met bijstand een jaar eerder",
}


def describe_size_class(text: str) -> str:
    """The size class in Dutch: "gemeenten met 20.000 tot 50.000 inwoners"."""
    low, high = size_class(text)
    if high is None:
        return "alle gemeenten" if low == 0 else f"gemeenten met {nl_number(low)} of meer inwoners"
    if low == 0:
        return f"gemeenten tot {nl_number(high)} inwoners"
    return f"gemeenten met {nl_number(low)} tot {nl_number(high)} inwoners"


def _fetched(meta: dict[str, Any]) -> str:
    """The day the snapshot was fetched, in Dutch notation."""
    day = meta.get("fetched")
    return nl_date(pd.Timestamp(str(day))) if day else "onbekende datum"


def no_snapshot_parts() -> list[Part]:
    """What to do when there is no snapshot: the command, and what it fetches."""
    return [
        html(
            "<p><strong>Er is nog geen momentopname van vergelijkingscijfers.</strong> Haal die "
            "eenmalig op met</p>",
            f"<pre>{escape(FETCH_COMMAND)}</pre>",
            "<p>(of <code>make peers</code>). Dat haalt bij het CBS (StatLine, tabel "
            f"{STATLINE_TABLE}, <em>Regionale kerncijfers Nederland</em>) per gemeente en jaar "
            "het aantal inwoners en het aantal personen met bijstand op en legt ze vast in "
            "<code>data/raw/peers/</code>, met datum, bron en controlegetal; daarna werkt deze "
            "vergelijking zonder internet. In- en uitstroom per gemeente staan niet in StatLine; "
            "een export van de Divosa-benchmark in hetzelfde formaat kan ze aanvullen "
            "(<code>docs/peers.md</code>).</p>",
        )
    ]


def _value(indicator: str, decimals: int = 1):
    def show(v: Any) -> str:
        if pd.isna(v):
            return "–"
        return nl_pct(v, decimals) if indicator.endswith("_pct") else nl_number(v, decimals)

    return show


def position_figure(positions: pd.DataFrame, indicator: str, municipality: str, size: str):
    """The municipality, the peers' median and mean by year, and their middle half as a band."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    fig, ax = plt.subplots(figsize=(8, 4))
    years = positions["year"]
    ax.fill_between(
        years,
        positions["q1"],
        positions["q3"],
        color=COLOURS["grey"],
        alpha=0.25,
        label="middelste helft van de vergelijkingsgroep",
    )
    ax.plot(years, positions["median"], color=COLOURS["grey"], label="mediaan", marker="o")
    ax.plot(years, positions["mean"], color=COLOURS["orange"], ls="--", label="gemiddelde")
    ax.plot(
        years, positions["value"], color=COLOURS["blue"], lw=2.5, marker="o", label=municipality
    )
    ax.set_xticks(list(years), [str(y) for y in years])
    ax.set_ylabel(LABELS[indicator])
    ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(f"{municipality} en {describe_size_class(size)}: {LABELS[indicator]}")
    fig.disclosure = public(OPEN_DATA)
    return fig


def position_parts(
    cfg: Case, positions: pd.DataFrame, indicator: str, size: str, meta: dict[str, Any]
) -> list[Part]:
    """One indicator: the table by year, the figure and a sentence on the last year."""
    municipality = cfg.municipality
    shown = positions.assign(
        rank=[f"{r} van {n}" for r, n in zip(positions["rank"], positions["ranked_n"], strict=True)]
    ).drop(columns=["q1", "q3", "ranked_n"])
    fmt = _value(indicator)
    last = positions.iloc[-1]
    side = (
        "boven"
        if last["value"] > last["median"]
        else ("onder" if last["value"] < last["median"] else "op")
    )
    lines = [
        f"In {int(last['year'])} lag {municipality} met {fmt(last['value'])} {side} de mediaan "
        f"({fmt(last['median'])}) van {int(last['peers_n'])} {describe_size_class(size)}; het "
        f"gemiddelde was {fmt(last['mean'])}. {nl_pct(last['below_pct'], 0)} van die gemeenten "
        "had een lagere waarde."
    ]
    tables = ", ".join(t["id"] for t in meta.get("tables", []))
    source = (
        f"Bron: {meta.get('source', 'open data')}"
        + (f", tabel {tables}" if tables else "")
        + f"; opgehaald {_fetched(meta)}. Rang: van laag naar hoog, "
        f"{municipality} meegeteld."
    )
    return [
        table(
            shown,
            caption=f"{municipality} en {describe_size_class(size)}: {LABELS[indicator]}",
            headers={
                "year": "jaar",
                "value": municipality,
                "peers_n": "gemeenten in de groep",
                "median": "mediaan",
                "mean": "gemiddelde",
                "rank": "rang",
                "below_pct": "% van de groep lager",
            },
            formats={
                "year": str,
                "value": fmt,
                "median": fmt,
                "mean": fmt,
                "below_pct": lambda v: "–" if pd.isna(v) else nl_pct(v, 0),
            },
            source=source,
            check=public(OPEN_DATA),
        ),
        position_figure(positions, indicator, municipality, size),
        sentences(lines),
    ]


def comparison_parts(
    cfg: Case, figures: pd.DataFrame, meta: dict[str, Any], size: str
) -> list[Part]:
    """The whole comparison: which snapshot and peer group, then per indicator with figures
    :func:`position_parts`; a sentence for the indicators the snapshot cannot give."""
    from analysis.steps.peers import available_indicators, find_municipality, indicators, position

    table_ = indicators(figures)
    code = find_municipality(figures, cfg.municipality_code, cfg.municipality)
    years = sorted(table_["year"].unique())
    parts: list[Part] = [
        sentences(
            [
                f"Momentopname van {_fetched(meta)}: "
                f"{table_['municipality_code'].nunique()} gemeenten, {years[0]}–{years[-1]}. "
                f"Vergelijkingsgroep: de andere {describe_size_class(size)} (naar het aantal "
                "inwoners op 1 januari van elk jaar)."
            ]
        )
    ]
    shown = available_indicators(table_)
    for indicator in shown:
        positions = position(table_, code, size, indicator)
        if not positions.empty:
            parts += position_parts(cfg, positions, indicator, size, meta)
    absent = [LABELS[i] for i in INDICATORS if i not in shown]
    if absent:
        parts.append(
            sentences(
                [
                    "Niet in deze momentopname: "
                    + "; ".join(absent)
                    + ". CBS StatLine publiceert geen in- en uitstroom per gemeente; een export "
                    "van de Divosa-benchmark in hetzelfde formaat kan ze aanvullen."
                ]
            )
        )
    return parts
