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


def venn_figure(last: pd.Series, min_cell: int):
    """Two overlapping circles for one year: in the register only, both, supported only; areas
    in proportion to the counts (the overlap is drawn schematically), counts under ``min_cell``
    shown as ``<min_cell``."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    from analysis.report.style import COLOURS

    def count(n: int) -> str:
        return f"<{min_cell}" if 0 < n < min_cell else nl_number(n)

    left, right = max(last["registered_n"], 1), max(last["supported_n"], 1)
    r1, r2 = (left / max(left, right)) ** 0.5, (right / max(left, right)) ** 0.5
    # the overlap grows with the share of the smaller circle that is in both
    share = last["both_n"] / max(min(left, right), 1)
    gap = (r1 + r2) - 2 * min(r1, r2) * share
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.add_patch(Circle((0, 0), r1, color=COLOURS["orange"], alpha=0.45, lw=0))
    ax.add_patch(Circle((gap, 0), r2, color=COLOURS["blue"], alpha=0.45, lw=0))
    ax.text(-r1 * 0.55, 0, count(last["registered_only_n"]), ha="center", va="center")
    ax.text((r1 + gap - r2) / 2, 0, count(last["both_n"]), ha="center", va="center")
    ax.text(gap + r2 * 0.55, 0, count(last["supported_only_n"]), ha="center", va="center")
    ax.text(-r1 * 0.55, r1 + 0.08, "doelgroepregister UWV", ha="center", fontsize=9)
    ax.text(gap + r2 * 0.55, r2 + 0.08, "ondersteund door de gemeente", ha="center", fontsize=9)
    ax.set_title(f"Register en gemeente in {last['label']}", pad=18)
    ax.set_xlim(-r1 - 0.1, gap + r2 + 0.1)
    ax.set_ylim(-max(r1, r2) - 0.1, max(r1, r2) + 0.25)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def linkage_sentence(linkage: dict[str, int], min_cell: int) -> str:
    """How many persons of the register the registry has at all (any table, any time)."""
    if linkage["registered_n"] < min_cell:
        return ""
    return (
        f"Koppeling: van de {nl_number(linkage['registered_n'])} personen die in de periode in het "
        f"register stonden, komen er {nl_number(linkage['linked_n'])} "
        f"({nl_pct(linkage['linked_pct'])}) ergens in het cliëntenbestand van de gemeente voor "
        "(op enig moment, met een uitkering, voorziening of baan)."
    )


def parts(
    per_year: pd.DataFrame,
    per_ground: pd.DataFrame,
    per_age: pd.DataFrame,
    linkage: dict[str, int],
    year: int,
    min_cell: int,
) -> list[Part]:
    """Section "Bereik van de doelgroep": the sentences, the tables, the figures."""
    last = per_year.iloc[-1]
    if not last["registered_n"]:
        return ["<p>Het doelgroepregister bevat voor deze periode niemand.</p>"]
    by_year, hidden_y = _table(per_year, "Doelgroepregister en gemeente per jaar", "jaar", min_cell)
    by_ground, hidden_g = _table(
        per_ground, f"Doelgroepregister en gemeente naar grond, {year}", "grond", min_cell
    )
    by_age, hidden_a = _table(
        per_age, f"Doelgroepregister en gemeente naar leeftijd, {year}", "leeftijd", min_cell
    )
    lines = []
    if min(last["registered_n"], last["registered_only_n"] or min_cell) >= min_cell:
        lines.append(
            f"In {last['label']} stonden {nl_number(last['registered_n'])} inwoners in het "
            f"doelgroepregister; {nl_number(last['registered_only_n'])} van hen kregen dat jaar "
            "geen uitkering, voorziening of gesubsidieerd werk van de gemeente "
            f"({nl_pct(100 - last['match_pct'])} niet in beeld)."
        )
    lines.append(linkage_sentence(linkage, min_cell))
    if hidden_y or hidden_g or hidden_a:
        lines.append(f"Aantallen onder de {min_cell} personen zijn afgeschermd (<{min_cell}).")
    return [
        sentences([line for line in lines if line]),
        venn_figure(last, min_cell),
        html(by_year, by_ground, by_age),
        reach_figure(per_year),
    ]
