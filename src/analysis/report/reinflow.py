"""Re-inflow as the reader sees it (notebook 02, "Herinstroom"): which spells the tables read,
the shares back on benefit within 6 and 12 months, and the curve of time to return."""

from __future__ import annotations

import pandas as pd

from analysis.core.formats import nl_number, nl_pct
from analysis.report.disclosure import (
    SURVIVAL_NOTE,
    Protected,
    Rules,
    as_rules,
    from_start,
    legend,
    masked,
    protect,
    thin_curves,
)
from analysis.report.html import Part, count_table, html, sentences

HEADERS = {
    "label": "",
    "exits_n": "uitgestroomd",
    "observed_6m_n": "6 mnd te volgen",
    "back_6m_n": "terug binnen 6 mnd",
    "back_6m_pct": "% terug binnen 6 mnd",
    "observed_12m_n": "12 mnd te volgen",
    "back_12m_n": "terug binnen 12 mnd",
    "back_12m_pct": "% terug binnen 12 mnd",
}
SOURCE = (
    "Bron: cliëntenbestand van deze casus, alle uitkeringen per persoon; per persoon de eerste "
    "uitstroom in de periode. Het percentage is over wie 6 of 12 maanden te volgen is."
)
READINGS = {
    "latest": (
        "Zoals de rekenkamer in 2007 telt in de tabellen hierboven per persoon alleen de laatste "
        "uitkering"
    ),
    "period": "In de tabellen hierboven telt per persoon de laatste uitkering in de periode",
}


def reading_sentence(reading: str, uncounted: dict[str, int]) -> str:
    """Which spell the chapter-4 tables read, and how many kept spells they leave aside."""
    if not uncounted["spells_n"]:
        return f"{READINGS[reading]}; niemand in het bestand heeft een andere uitkering."
    return (
        f"{READINGS[reading]}: {nl_number(uncounted['spells_n'])} andere uitkeringen van "
        f"{nl_number(uncounted['persons_n'])} personen tellen daar niet mee. Ze zijn niet "
        "weggegooid: hieronder tellen ze mee in de herinstroom."
    )


def _table(frame: pd.DataFrame, caption: str, label: str, rules: Rules) -> tuple[str, Protected]:
    bases = {f"back_{k}m_pct": f"observed_{k}m_n" for k in (6, 12)}
    protected = protect(frame, rules, shares=bases)
    return count_table(protected, caption, SOURCE, {**HEADERS, "label": label}), protected


def summary_sentences(by_reason: pd.DataFrame) -> list[str]:
    """The share back within 12 months, in total and after work and other exits."""
    rows = by_reason.set_index("label")
    total = rows.loc["Totaal"]
    if not total["observed_12m_n"]:
        return ["Niemand die in de periode uitstroomde, is al twaalf maanden te volgen."]
    work, other = rows.loc["Subtotaal uitstroom naar werk"], rows.loc["Subtotaal andere uitstroom"]
    if pd.isna(total["observed_12m_n"]) or pd.isna(total["back_12m_pct"]):
        return []  # the table hides the total: so does the sentence
    split = [
        f"{what} {nl_pct(row['back_12m_pct'])}"
        for what, row in (("na uitstroom naar werk", work), ("na andere uitstroom", other))
        if not pd.isna(row["back_12m_pct"])
    ]
    return [
        f"Van de {nl_number(total['observed_12m_n'])} personen die uitstroomden en twaalf maanden "
        f"te volgen zijn, had {nl_pct(total['back_12m_pct'])} binnen een jaar weer een uitkering"
        + (f" ({', '.join(split)})" if split else "")
        + ".",
    ]


def return_figure(curves: dict[str, pd.DataFrame], max_months: float = 36, rules: Rules | int = 10):
    """Kaplan–Meier share back on benefit by months since leaving, work and other exits (steps
    of fewer than ``survival_threshold`` returns pooled, the tail cut where fewer are followed)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    names = {"work": ("na uitstroom naar werk", COLOURS["blue"])}
    names["other"] = ("na andere uitstroom", COLOURS["vermillion"])
    thinned, check = thin_curves({names[g][0]: c for g, c in curves.items()}, as_rules(rules))
    curves = {g: thinned[names[g][0]] for g in curves}
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for group, curve in curves.items():
        part = from_start(curve, survival=1.0)
        part = part[part["months"] <= max_months]
        label, colour = names[group]
        if part.empty:
            continue
        ax.step(
            part["months"], 100 * (1 - part["survival"]), where="post", color=colour, label=label
        )
    ax.set_title("Terug in de uitkering (Kaplan–Meier)")
    ax.set_xlabel("maanden sinds uitstroom")
    ax.set_ylabel("% weer een uitkering")
    ax.set_xlim(0, max_months)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    if check.status == "suppressed":
        ax.text(0, -0.25, SURVIVAL_NOTE.format(n=as_rules(rules).survival_threshold),
                transform=ax.transAxes, fontsize=8)  # fmt: skip
    fig.disclosure = check
    fig.tight_layout()
    return fig


def parts(
    reading: str,
    uncounted: dict[str, int],
    tables: dict[str, pd.DataFrame],
    curves: dict[str, pd.DataFrame],
    rules: Rules | int,
) -> list[Part]:
    """Section "Herinstroom": the spell reading, both tables, the sentences, the curve."""
    rules = as_rules(rules)
    by_reason, hidden_r = _table(
        tables["r_reason"],
        "Herinstroom binnen 6 en 12 maanden, naar reden van uitstroom",
        "Reden van uitstroom",
        rules,
    )
    by_year, hidden_y = _table(
        tables["r_year"],
        "Herinstroom binnen 6 en 12 maanden, naar jaar van uitstroom",
        "Jaar van uitstroom",
        rules,
    )
    lines = summary_sentences(masked(hidden_r, tables["r_reason"]))
    lines.append(legend(rules, hidden_r, hidden_y))
    lines = [line for line in lines if line]
    out: list[Part] = [f"<p>{reading_sentence(reading, uncounted)}</p>", html(by_reason, by_year)]
    out.append(sentences(lines))
    if curves:
        out.append(return_figure(curves, rules=rules))
    return out
