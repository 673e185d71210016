"""Durable work as the reader sees it (notebook 02, "Duurzaam aan het werk?"): still at work
after the start and after the support ended, back on benefit after the work ended, and the
Kaplan–Meier curves of time in work."""

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
    shown_count,
    thin_curves,
)
from analysis.report.html import Part, count_table, html, sentences

SOURCE = (
    "Bron: loonadministratie en voorzieningen in het cliëntenbestand van deze casus. Geteld: "
    "werk dat in de periode begon met ondersteuning (een gesubsidieerde eerste baan, of "
    "loonkostensubsidie, beschut werk, jobcoaching of detachering in de eerste 31 dagen). Een "
    "nieuwe baan binnen 31 dagen telt als doorwerken. Het percentage is over wie zo lang te "
    "volgen is."
)
RETURN_SOURCE = (
    "Bron: als hierboven, met de uitkeringen in het cliëntenbestand. Van het werk dat met "
    "ondersteuning begon en in de periode eindigde: weer een uitkering binnen 6 of 12 maanden "
    "na het einde van het werk."
)


def headers(horizons: tuple[int, ...], count: str, label: str) -> dict[str, str]:
    """Per horizon how many can be followed and the share still at work (the count at work is
    left out of the display: the share over those followed gives it, and the table fits)."""
    out = {"label": label, "started_n": count, "support_ended_n": count}
    for k in horizons:
        out |= {
            f"observed_{k}m_n": f"{k} mnd te volgen",
            f"at_work_{k}m_pct": f"% werkt na {k} mnd",
        }
    return out


RETURN_HEADERS = {
    "label": "soort werkgever bij de start",
    "ended_n": "werk beëindigd",
    "observed_6m_n": "6 mnd te volgen",
    "back_6m_pct": "% uitkering binnen 6 mnd",
    "observed_12m_n": "12 mnd te volgen",
    "back_12m_pct": "% uitkering binnen 12 mnd",
}


def _table(
    frame: pd.DataFrame, caption: str, heads: dict[str, str], source: str, rules: Rules
) -> tuple[str, Protected]:
    prefix = "back" if "back_6m_n" in frame else "at_work"
    bases = {
        c: c.replace(f"{prefix}_", "observed_").replace("_pct", "_n")
        for c in frame.columns
        if c.endswith("_pct")
    }
    protected = protect(frame, rules, shares=bases)
    shown = protected.shown[[c for c in protected.shown.columns if c in heads]]
    view = Protected(shown, protected.primary, protected.secondary, [], protected.check)
    return count_table(view, caption, source, heads), protected


def _showable(row: pd.Series, k: int, min_cell: int) -> bool:
    """A share at k months may be told: at least ``min_cell`` followed, and the count at work
    none or at least ``min_cell`` (the table hides it otherwise)."""
    prefix = "back" if f"back_{k}m_n" in row else "at_work"
    return (
        row[f"observed_{k}m_n"] >= min_cell
        and shown_count(row[f"{prefix}_{k}m_n"], min_cell)
        and not pd.isna(row[f"{prefix}_{k}m_pct"])  # a share the table hides stays unsaid
    )


def _trend(frame: pd.DataFrame, k: int, min_cell: int) -> tuple[pd.Series, pd.Series] | None:
    """The first and the last year whose share at k months may be told."""
    years = frame[
        (frame["label"] != "Totaal") & frame.apply(_showable, axis=1, k=k, min_cell=min_cell)
    ]
    if len(years) < 2:
        return None
    return years.iloc[0], years.iloc[-1]


def _share_sentence(frame: pd.DataFrame, k: int, min_cell: int, opening, years) -> str:
    """The total's share at k months (``opening(n, pct)``) and, where two years may be told,
    the first and the last (``years(a, b)`` with a ``{}`` for each share); empty when the total
    may not be told."""
    total = frame.set_index("label").loc["Totaal"]
    if not _showable(total, k, min_cell):
        return ""
    line = opening(nl_number(total[f"observed_{k}m_n"]), nl_pct(total[f"at_work_{k}m_pct"]))
    trend = _trend(frame, k, min_cell)
    if trend:
        a, b = trend
        shares = (nl_pct(a[f"at_work_{k}m_pct"]), nl_pct(b[f"at_work_{k}m_pct"]))
        line += " (" + years(a["label"], b["label"]).format(*shares) + ")"
    return line + "."


def summary_sentences(
    tables: dict[str, pd.DataFrame], durable_months: int, min_cell: int
) -> list[str]:
    """Durable work after the start and after the support, its trend, and the return to
    benefit; only shares over at least ``min_cell`` persons."""
    k = durable_months
    lines = [
        "‘Duurzaam’ werk heeft geen vaste definitie; de Rekenkamer Amsterdam vond in 2025 dat "
        "haar gemeente het niet definieerde. Deze analyse noemt werk duurzaam als iemand ten "
        f"minste {k} maanden aaneengesloten werkt: een instelling van de analyse, die de "
        "Verantwoording onderaan de pagina met de andere instellingen noemt."
    ]
    lines.append(
        _share_sentence(
            tables["dw_start"],
            k,
            min_cell,
            lambda n, pct: (
                f"Van de {n} mensen die met ondersteuning aan het werk gingen en {k} maanden te "
                f"volgen zijn, werkte {pct} na {k} maanden nog"
            ),
            lambda a, b: f"wie in {a} begon: {{}}, wie in {b} begon: {{}}",
        )
    )
    lines.append(
        _share_sentence(
            tables["dw_support"],
            k,
            min_cell,
            lambda n, pct: (
                f"Van wie nog werkte toen de ondersteuning stopte en {k} maanden te volgen is, "
                f"werkte {pct} {k} maanden later nog"
            ),
            lambda a, b: f"ondersteuning gestopt in {a}: {{}}, in {b}: {{}}",
        )
    )
    back = tables["dw_return"].set_index("label").loc["Totaal"]
    if _showable(back, 12, min_cell):
        lines.append(
            f"Van wie het werk verloor en twaalf maanden te volgen is, had "
            f"{nl_pct(back['back_12m_pct'])} binnen een jaar weer een uitkering."
        )
    return [line for line in lines if line]


def curve_figure(
    by_cohort: dict[str, pd.DataFrame],
    by_employer: dict[str, pd.DataFrame],
    rules: Rules | int = 10,
):
    """Kaplan–Meier share still at work by months since the start: per start year (left) and
    per employer type (right); steps of fewer than ``survival_threshold`` work ends pooled, the
    tail cut where fewer are followed."""
    import matplotlib.pyplot as plt

    rules = as_rules(rules)
    by_cohort, check = thin_curves(by_cohort, rules)
    by_employer, other = thin_curves(by_employer, rules)
    check = check.merged(other)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    for ax, curves, title in (
        (axes[0], by_cohort, "naar jaar van de start"),
        (axes[1], by_employer, "naar soort werkgever"),
    ):
        # start years are ordered: a sequential palette; employer types: the house colours
        palette = plt.cm.viridis if curves is by_cohort else None
        for i, (label, curve) in enumerate(curves.items()):
            part = from_start(curve, survival=1.0)
            part = part[part["months"] <= 60]
            colour = palette(i / max(len(curves) - 1, 1)) if palette else None
            if part.empty:
                continue  # no step with enough work ends: the note under the figure says so
            ax.step(part["months"], 100 * part["survival"], where="post", label=label, color=colour)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("maanden sinds de start")
        ax.set_xlim(0, 60)
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, ncol=2)
    axes[0].set_ylabel("% nog aan het werk")
    fig.suptitle("Nog aan het werk na een start met ondersteuning (Kaplan–Meier)", fontsize=11)
    if check.status == "suppressed":
        fig.text(0.01, -0.03, SURVIVAL_NOTE.format(n=rules.survival_threshold), fontsize=8)
    fig.disclosure = check
    fig.tight_layout()
    return fig


def parts(
    tables: dict[str, pd.DataFrame],
    curves: tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]],
    durable_months: int,
    rules: Rules | int,
) -> list[Part]:
    """Section "Duurzaam aan het werk?": sentences, the four tables, the curves."""
    rules = as_rules(rules)
    min_cell = rules.threshold
    if not tables["dw_start"].set_index("label").loc["Totaal", "started_n"]:
        return ["<p>In deze periode begon niemand met ondersteuning aan het werk.</p>"]
    hs = tuple(int(c.split("_")[2][:-1]) for c in tables["dw_start"] if c.endswith("_pct"))
    out, hidden, told = [], [], {}
    for table_id, caption, label, count in (
        ("dw_start", "Nog aan het werk na de start, naar jaar van de start", "jaar", "gestart"),
        (
            "dw_employer",
            "Nog aan het werk na de start, naar soort werkgever",
            "soort werkgever",
            "gestart",
        ),
        (
            "dw_support",
            "Nog aan het werk nadat de ondersteuning stopte, naar jaar van stoppen",
            "jaar",
            "ondersteuning gestopt",
        ),
    ):
        text, n = _table(tables[table_id], caption, headers(hs, count, label), SOURCE, rules)
        out.append(text)
        hidden.append(n)
        told[table_id] = masked(n, tables[table_id])
    text, n = _table(
        tables["dw_return"],
        "Weer een uitkering nadat het werk eindigde",
        RETURN_HEADERS,
        RETURN_SOURCE,
        rules,
    )
    out.append(text)
    told["dw_return"] = masked(n, tables["dw_return"])
    lines = summary_sentences(told, durable_months, min_cell)
    lines.append(legend(rules, *hidden, n))
    lines = [line for line in lines if line]
    parts_: list[Part] = [sentences(lines), html(*out)]
    if any(curves):
        parts_.append(curve_figure(*curves, rules=rules))
    return parts_
