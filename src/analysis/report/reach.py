"""Reach as the reader sees it (notebook 02, "Bereik van de doelgroep"): UWV's target-group
register against who the municipality supports, per year and per ground, with a figure."""

from __future__ import annotations

import pandas as pd

from analysis.core.formats import nl_number, nl_pct
from analysis.report.disclosure import suppress_small
from analysis.report.html import Part, count_table, html, sentences

HEADERS = {
    "registered_n": "in het register",
    "supported_n": "ondersteund",
    "both_n": "beide",
    "registered_only_n": "niet in beeld",
    "supported_only_n": "alleen ondersteund",
    "match_pct": "% in beeld",
}
"""Short headers (the table has seven columns); the sentence and the source line say what they
mean: in the register, supported by the municipality, registered but not in view."""
SOURCE = (
    "Bron: doelgroepregister (UWV) en cliëntenbestand van deze casus, gekoppeld op de "
    "sleutelcode van het BSN. Ondersteund: een uitkering, een voorziening of gesubsidieerd werk "
    "van de gemeente in dat jaar. Niet in beeld: in het register, niet ondersteund. % in beeld: "
    "ondersteund van wie in het register stond."
)


def _table(frame: pd.DataFrame, caption: str, label: str, min_cell: int) -> tuple[str, int]:
    shown, hidden = suppress_small(frame, min_cell)
    return count_table(shown, caption, SOURCE, {**HEADERS, "label": label}), hidden


def reach_figure(per_year: pd.DataFrame):
    """Per year the registered persons: in view of the municipality or not (stacked bars)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    fig, ax = plt.subplots(figsize=(7, 3.4))
    years = per_year["label"]
    ax.bar(
        years, per_year["both_n"], color=COLOURS["blue"], label="ook ondersteund door de gemeente"
    )
    ax.bar(
        years,
        per_year["registered_only_n"],
        bottom=per_year["both_n"],
        color=COLOURS["orange"],
        label="niet in beeld bij de gemeente",
    )
    ax.set_title("Personen in het doelgroepregister van UWV")
    ax.set_ylabel("personen")
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def parts(per_year: pd.DataFrame, per_ground: pd.DataFrame, year: int, min_cell: int) -> list[Part]:
    """Section "Bereik van de doelgroep": the sentence, both tables, the figure."""
    last = per_year.iloc[-1]
    if not last["registered_n"]:
        return ["<p>Het doelgroepregister bevat voor deze periode niemand.</p>"]
    by_year, hidden_y = _table(per_year, "Doelgroepregister en gemeente per jaar", "jaar", min_cell)
    by_ground, hidden_g = _table(
        per_ground, f"Doelgroepregister en gemeente naar grond, {year}", "grond", min_cell
    )
    lines = []
    if min(last["registered_n"], last["registered_only_n"] or min_cell) >= min_cell:
        lines.append(
            f"In {last['label']} stonden {nl_number(last['registered_n'])} inwoners in het "
            f"doelgroepregister; {nl_number(last['registered_only_n'])} van hen kregen dat jaar "
            "geen uitkering, voorziening of gesubsidieerd werk van de gemeente "
            f"({nl_pct(100 - last['match_pct'])} niet in beeld)."
        )
    if hidden_y or hidden_g:
        lines.append(f"Aantallen onder de {min_cell} personen zijn afgeschermd (<{min_cell}).")
    return [html(by_year, by_ground), sentences(lines), reach_figure(per_year)]
