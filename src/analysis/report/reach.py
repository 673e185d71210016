"""Reach as the reader sees it (notebook 02, "Bereik van de doelgroep"): UWV's target-group
register against who the municipality supports, per year and per ground, with a figure."""

from __future__ import annotations

import pandas as pd

from analysis.core.formats import nl_number, nl_pct
from analysis.report.disclosure import (
    Check,
    Protected,
    Rules,
    as_rules,
    counts_check,
    legend,
    masked,
    protect,
    shown_count,
)
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


def _table(frame: pd.DataFrame, caption: str, label: str, rules: Rules) -> tuple[str, Protected]:
    protected = protect(frame, rules)
    return count_table(protected, caption, SOURCE, {**HEADERS, "label": label}), protected


def reach_figure(per_year: pd.DataFrame, rules: Rules | int = 10):
    """Per year the registered persons: in view of the municipality or not (stacked bars). A
    year with a bar part under the threshold is left out (the figure says so)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    rules = as_rules(rules)
    small = per_year[["both_n", "registered_only_n"]].map(rules.is_small).any(axis=1)
    per_year = per_year[~small]
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
    check = counts_check(
        per_year[["both_n", "registered_only_n"]].to_numpy().ravel(), rules, "staafdelen"
    )
    if small.any():
        note = (
            f"{int(small.sum())} jaar/jaren weggelaten: een deel telt minder dan {rules.threshold}"
        )
        ax.text(0, -0.2, note, transform=ax.transAxes, fontsize=8)
        check = check.merged(Check(status="suppressed", notes=(note,)))
    fig.disclosure = check
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
    fig.disclosure = counts_check(
        [last["registered_only_n"], last["both_n"], last["supported_only_n"]],
        as_rules(min_cell),
        "delen",
    )
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
    rules: Rules | int,
) -> list[Part]:
    """Section "Bereik van de doelgroep": the sentences, the tables, the figures."""
    rules = as_rules(rules)
    min_cell = rules.threshold
    last = per_year.iloc[-1]
    if not last["registered_n"]:
        return ["<p>Het doelgroepregister bevat voor deze periode niemand.</p>"]
    by_year, hidden_y = _table(per_year, "Doelgroepregister en gemeente per jaar", "jaar", rules)
    by_ground, hidden_g = _table(
        per_ground, f"Doelgroepregister en gemeente naar grond, {year}", "grond", rules
    )
    by_age, hidden_a = _table(
        per_age, f"Doelgroepregister en gemeente naar leeftijd, {year}", "leeftijd", rules
    )
    lines = []
    told = masked(hidden_y, per_year).iloc[-1]  # what the table shows of the last year
    if (
        shown_count(told["registered_n"], min_cell)
        and shown_count(told["registered_only_n"], min_cell)
        and not pd.isna(told["match_pct"])
        and told["registered_n"] >= min_cell
    ):
        lines.append(
            f"In {last['label']} stonden {nl_number(last['registered_n'])} inwoners in het "
            f"doelgroepregister; {nl_number(last['registered_only_n'])} van hen kregen dat jaar "
            "geen uitkering, voorziening of gesubsidieerd werk van de gemeente "
            f"({nl_pct(100 - last['match_pct'])} niet in beeld)."
        )
    lines.append(linkage_sentence(linkage, min_cell))
    lines.append(legend(rules, hidden_y, hidden_g, hidden_a))
    regions = [last["registered_only_n"], last["both_n"], last["supported_only_n"]]
    venn: list[Part] = [venn_figure(last, min_cell)]
    if any(rules.is_small(n) for n in regions):
        # the circles are drawn to scale and the totals are in the table: a small region
        # would be readable from them, so the figure is left out
        venn = []
        lines.append(
            f"De figuur van register en gemeente in {last['label']} is weggelaten: een deel "
            f"telt minder dan {min_cell} personen."
        )
    return [
        sentences([line for line in lines if line]),
        *venn,
        html(by_year, by_ground, by_age),
        reach_figure(per_year, rules),
    ]
