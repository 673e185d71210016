"""Work with support as the reader sees it (notebook 02, "Aan het werk met ondersteuning"): the
year-end counts by employer type, the goals of the college beside them, and a figure."""

from __future__ import annotations

import math

import pandas as pd

from analysis.core.formats import nl_number, nl_pct
from analysis.registry.model import EMPLOYER_TYPES
from analysis.report.disclosure import (
    Check,
    Rules,
    as_rules,
    counts_check,
    legend,
    masked,
    protect,
    shown_count,
)
from analysis.report.html import Part, count_table, html, sentences, table
from analysis.steps.placements import GOAL_COLUMNS

HEADERS = {
    "label": "eind van het jaar",
    **{f"{code}_n": label for code, label in EMPLOYER_TYPES.items()},
    "total_n": "totaal",
    "regular_pct": "% bij reguliere werkgever",
}
SOURCE = (
    "Bron: loonadministratie (banen) en voorzieningen in het cliëntenbestand van deze casus. Aan "
    "het werk met ondersteuning: op de laatste dag van het jaar een baan én loonkostensubsidie, "
    "beschut werk, jobcoaching of detachering, of een gesubsidieerde baan. Werkgever: die van de "
    "baan met de meeste uren."
)
GOAL_HEADERS = {
    "goal": "doel",
    "target_n": "streefwaarde",
    "deadline_year": "termijn",
    "realised_n": "gerealiseerd",
    "realised_pct": "% van streefwaarde",
    "trend_per_year": "groei per jaar",
    "needed_per_year": "nodig per jaar",
    "projected_n": "bij deze groei op termijn",
}
GOAL_SOURCE = (
    "Bron: doelenregister van deze casus (streefwaarde en termijn) en de telling uit het "
    "cliëntenbestand hierboven "
    "(gerealiseerd: eind van het laatste jaar van de periode). Groei per jaar: gemiddelde "
    "verandering over de laatste drie jaar. Nodig per jaar: wat er tot de termijn elk jaar bij "
    "moet komen. De bronnen zeggen niet hoe de gemeente zelf telt; beide doelen staan naast "
    "dezelfde telling."
)


def _number(value: float) -> str:
    return "–" if value is None or pd.isna(value) else nl_number(round(value))


def goals_table(against: pd.DataFrame, goals: pd.DataFrame) -> str:
    """The goals with their realisation, trend and the growth they need."""
    text = goals.set_index("goal_id")["text"]
    shown = against.assign(
        goal=[f"{g}: {text[g]}" for g in against["goal_id"]],
        deadline_year=[
            "geen" if pd.isna(y) else f"eind {int(y)}" for y in against["deadline_year"]
        ],
        realised_n=[
            f"{nl_number(n)} (eind {y})"
            for n, y in zip(against["realised_n"], against["year"], strict=True)
        ],
    )
    formats = {
        "target_n": _number,
        "realised_pct": lambda v: "–" if pd.isna(v) else nl_pct(v),
        "trend_per_year": _number,
        "needed_per_year": _number,
        "projected_n": _number,
    }
    return table(
        shown[list(GOAL_HEADERS)],
        caption="Aan het werk met ondersteuning tegenover de doelen van het college",
        source=GOAL_SOURCE,
        headers=GOAL_HEADERS,
        formats=formats,
        numeric=["target_n", "realised_pct", "trend_per_year", "needed_per_year", "projected_n"],
    )


def figure(per_year: pd.DataFrame, against: pd.DataFrame, rules: Rules | int = 10):
    """Stacked bars per employer type by year-end, the goals as lines, the trend to the
    deadline dashed. A bar part under the threshold is merged into "overig / afgeschermd" with
    the other small parts of its year (and left out when that is still small), so no drawn
    part is a small group."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    colours = [COLOURS["blue"], COLOURS["green"], COLOURS["orange"], COLOURS["purple"]]
    fig, ax = plt.subplots(figsize=(8, 4))
    years = per_year["label"].astype(int)
    rules = as_rules(rules)
    protected = protect(per_year, rules)
    hidden = protected.primary | protected.secondary
    bottom = pd.Series(0, index=per_year.index)
    pooled = pd.Series(0, index=per_year.index)
    drawn = []
    for (code, label), colour in zip(EMPLOYER_TYPES.items(), colours, strict=True):
        column = f"{code}_n"
        mask = pd.Series([(i, column) in hidden for i in range(len(per_year))], per_year.index)
        pooled = pooled + per_year[column].where(mask, 0)
        values = per_year[column].where(~mask, 0)
        if values.any():
            ax.bar(years, values, bottom=bottom, color=colour, label=label)
            bottom = bottom + values
            drawn.extend(values[values > 0])
    if pooled.any():
        # the hidden parts of a year together: their sum is total minus the visible parts,
        # which the table shows anyway
        ax.bar(years, pooled, bottom=bottom, color=COLOURS["grey"], label="afgeschermd (samen)")
    check = counts_check(drawn, rules, "staafdelen")
    if hidden:
        note = f"staafdelen die de tabel afschermt, samen getekend ({len(hidden)} cellen)"
        check = check.merged(Check(status="suppressed", notes=(note,)))
    fig.disclosure = check
    last_year = int(years.iloc[-1])
    for row in against.itertuples(index=False):
        end = int(row.deadline_year) if not pd.isna(row.deadline_year) else last_year
        ax.hlines(row.target_n, years.iloc[0] - 0.4, end + 0.4, colors=COLOURS["vermillion"])
        ax.annotate(
            f"doel {row.goal_id}: {nl_number(row.target_n)}",
            (years.iloc[0] - 0.4, row.target_n),
            xytext=(0, 3),
            textcoords="offset points",
            fontsize=8,
            color=COLOURS["vermillion"],
        )
        if not pd.isna(row.deadline_year) and not math.isnan(row.projected_n):
            ax.plot(
                [last_year, end],
                [row.realised_n, row.projected_n],
                ls="--",
                color=COLOURS["grey"],
                label="bij gelijke groei" if row.goal_id == against["goal_id"].iloc[-1] else None,
            )
    ax.set_xticks(sorted({*years, *(int(y) for y in against["deadline_year"].dropna())}))
    ax.set_title("Aan het werk met ondersteuning, eind van elk jaar")
    ax.set_ylabel("personen")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def summary_sentences(per_year: pd.DataFrame, against: pd.DataFrame, min_cell: int) -> list[str]:
    """The last year-end, the share at regular employers then and in the first year whose
    counts may be shown, each goal; no sentence gives a count under ``min_cell``."""
    safe = per_year[
        (per_year["total_n"] >= min_cell)
        & per_year["regular_n"].map(lambda n: shown_count(n, min_cell))
    ]
    last = per_year.iloc[-1]
    if pd.isna(last["total_n"]) or last["total_n"] < min_cell:
        return []
    line = (
        f"Eind {last['label']} waren {nl_number(last['total_n'])} mensen met ondersteuning van "
        f"de gemeente aan het werk"
    )
    if len(safe) > 1 and safe.iloc[-1]["label"] == last["label"]:
        first = safe.iloc[0]
        line += (
            f" (eind {first['label']}: {nl_number(first['total_n'])}); "
            f"{nl_pct(last['regular_pct'])} bij een reguliere werkgever (eind {first['label']}: "
            f"{nl_pct(first['regular_pct'])})"
        )
    lines = [line + "."]
    for row in against.itertuples(index=False):
        line = (
            f"Dat is {nl_pct(row.realised_pct)} van het doel {row.goal_id} "
            f"({nl_number(row.target_n)}"
        )
        if pd.isna(row.deadline_year):
            lines.append(line + ", zonder termijn).")
            continue
        line += f" eind {int(row.deadline_year)})"
        if math.isnan(row.needed_per_year):
            lines.append(line + ".")
            continue
        verdict = "haalbaar" if row.trend_per_year >= row.needed_per_year else "niet haalbaar"
        lines.append(
            f"{line}: daarvoor moeten er elk jaar {_number(row.needed_per_year)} bij komen; de "
            f"laatste jaren groeide het aantal met gemiddeld {_number(row.trend_per_year)} per "
            f"jaar. Bij die groei zijn het er eind {int(row.deadline_year)} ongeveer "
            f"{_number(row.projected_n)}: het doel is bij dit tempo {verdict}."
        )
    return lines


def parts(
    per_year: pd.DataFrame,
    against: pd.DataFrame | None,
    goals: pd.DataFrame | None,
    rules: Rules | int,
) -> list[Part]:
    """Section "Aan het werk met ondersteuning": sentences, tables, figure."""
    rules = as_rules(rules)
    min_cell = rules.threshold
    if not per_year["total_n"].any():
        return [
            "<p>In deze periode was niemand met ondersteuning van de gemeente aan het werk.</p>"
        ]
    protected = protect(per_year, rules)
    per_year_html = count_table(
        protected, "Aan het werk met ondersteuning naar soort werkgever", SOURCE, HEADERS
    )
    if against is None:
        against = pd.DataFrame(columns=GOAL_COLUMNS)
    lines = summary_sentences(masked(protected, per_year), against, min_cell)
    lines.append(legend(rules, protected))
    lines = [line for line in lines if line]
    tables = [per_year_html]
    if len(against) and goals is not None:
        tables.append(goals_table(against, goals))
    return [sentences(lines), figure(per_year, against, rules), html(*tables)]
