"""The outflow step as the reader sees it (notebook 02): each section's tables beside the
printed ones, its sentences, the survival curves and the benchmark chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_number, nl_pct
from analysis.published.tables import case_facts, has_table
from analysis.registry.intake import Period
from analysis.report.definitions import DEFINITIONS
from analysis.report.disclosure import (
    Rules,
    as_rules,
    from_start,
    protect_survival_table,
    public,
    review,
    thin_curves,
)
from analysis.report.html import Part, html, sentences, table
from analysis.report.reproduction import missing_table
from analysis.report.reproduction import render as render_table
from analysis.steps.benchmark import AREAS, flows
from analysis.steps.outflow import AGE_GROUPS
from analysis.steps.survival import (
    cohort_name,
    cumulative_incidence,
    durations,
    kaplan_meier,
    still_on_benefit,
    within_one_year_check,
)


def index_chart(stock: pd.DataFrame, outflow_pct: pd.DataFrame):
    """Two panels: the stock indexed to the first year, and outflow as % of the stock."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    colours = {"nederland": COLOURS["grey"], "g4": COLOURS["orange"], "amsterdam": COLOURS["blue"]}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    years = stock["label"].astype(int)
    for area, name in AREAS.items():
        counts = stock[f"{area}_n"].astype(float)
        left.plot(years, 100 * counts / counts.iloc[0], marker="o", color=colours[area], label=name)
        right.plot(
            outflow_pct["label"].astype(int),
            outflow_pct[f"{area}_pct"],
            marker="o",
            color=colours[area],
            label=name,
        )
    left.set_title(f"Bijstandscliënten < 65 jaar (index {years.iloc[0]} = 100)")
    right.set_title("Uitstroom in % van het bestand")
    for ax in (left, right):
        ax.set_xlabel("jaar")
        ax.grid(axis="y", alpha=0.3)
    right.legend()
    fig.tight_layout()
    fig.disclosure = public("CBS-cijfers over bijstand en uitstroom")
    return fig


def exit_to_work_figure(frame: pd.DataFrame, max_months: float = 30, rules: Rules | int = 10):
    """Left: Kaplan–Meier share left for work (other exits censored) by cohort. Right:
    cumulative incidence of work and other exits (competing risks) for the inflow cohorts.
    Each curve shows only steps of at least ``survival_threshold`` exits and stops where fewer
    persons are at risk (:func:`analysis.report.disclosure.thin_curve`)."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    palette = [
        COLOURS["grey"],
        COLOURS["blue"],
        COLOURS["orange"],
        COLOURS["green"],
        COLOURS["purple"],
    ]
    rules = as_rules(rules)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.2))
    groups = dict(list(frame.groupby("cohort", sort=False)))
    curves, check = thin_curves(
        {cohort_name(c): kaplan_meier(p, event=1) for c, p in groups.items()}, rules
    )
    for colour, code in zip(palette, groups, strict=False):
        curve = from_start(curves[cohort_name(code)], survival=1.0)
        curve = curve[curve["months"] <= max_months]
        if curve.empty:
            continue  # no step with enough exits: the note under the figure says so
        left.step(
            curve["months"],
            100 * (1 - curve["survival"]),
            where="post",
            color=colour,
            label=cohort_name(code),
        )
    left.set_title("Uitstroom naar werk (Kaplan–Meier)")
    left.set_xlabel("maanden sinds instroom")
    left.set_ylabel("% uitgestroomd naar werk")
    left.legend(fontsize=8)
    inflow = frame[frame["entry_months"] == 0]
    both = cumulative_incidence(inflow)
    work, work_check = thin_curves({"werk": both}, rules, events="work_events_n")
    other, other_check = thin_curves({"andere reden": both}, rules, events="other_events_n")
    check = check.merged(work_check).merged(other_check)
    work_curve = from_start(work["werk"], work=0.0)
    work_curve = work_curve[work_curve["months"] <= max_months]
    other_curve = from_start(other["andere reden"], other=0.0)
    other_curve = other_curve[other_curve["months"] <= max_months]
    right.step(
        work_curve["months"],
        100 * work_curve["work"],
        where="post",
        color=COLOURS["blue"],
        label="werk",
    )
    right.step(
        other_curve["months"],
        100 * other_curve["other"],
        where="post",
        color=COLOURS["vermillion"],
        label="andere reden",
    )
    years = sorted(inflow["cohort"].unique())
    right.set_title(f"Instroom {years[0]}–{years[-1]}: uitstroom naar reden")
    right.set_xlabel("maanden sinds instroom")
    right.set_ylabel("cumulatief % uitgestroomd")
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.set_xlim(0, max_months)
    if check.status == "suppressed":
        fig.text(
            0.01,
            -0.02,
            f"Curven tonen alleen stappen van minstens {rules.survival_threshold} uitstromers en "
            f"stoppen waar minder dan {rules.survival_threshold} personen in beeld zijn.",
            fontsize=8,
        )
    fig.disclosure = check
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# the sections of notebook 02, as output parts

NO_REGISTRY = (
    "<p><strong>Deze casus heeft geen cliëntenbestand</strong>; de uitstroomanalyse op "
    "cliëntniveau is niet uitgevoerd.</p>"
)


def norm_parts(case: str) -> list[Part]:
    """The audit's outflow norm for contracts, from ``facts.csv`` (nothing when not printed)."""
    norm = _fact(case, "contract_outflow_norm_pct_ch8")
    if norm is None:
        return []
    return [
        "<p><strong>Norm.</strong> Het doel van de Wet werk en bijstand is uitstroom naar "
        "regulier werk; re-integratietrajecten moeten daaraan bijdragen. In nieuwe "
        "contracten "
        f"eist de gemeente dat minstens {nl_number(norm)}% van de deelnemers duurzaam uitstroomt "
        "naar werk.</p>"
    ]


def _fact(case: str, fact_id: str, column: str = "value") -> Any:
    facts = case_facts(case)
    return facts.at[fact_id, column] if fact_id in facts.index else None


def not_compared(case: str) -> dict[str, dict[str, str]]:
    """Printed cells the registry cannot reproduce, with the reason (per table, per column)."""
    ladder = _fact(case, "dwi_clients_ladder_n")
    on = _fact(case, "ladder_reference_date", "value_text")
    if ladder is None or on is None:
        return {}
    day = dt.date.fromisoformat(on)
    return {
        "t4_13": {
            "aantal_clienten_n": f"het rapport telt de {nl_number(ladder)} cliënten die DWI op "
            f"{day.day}-{day.month}-{day.year} had; het bestand bevat alleen wie in de periode "
            "in de bijstand zat"
        }
    }


def missing_stock(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    """Tabel 4.2/4.3 cells left empty because the report does not print that year's stock."""
    first = str(frame["label"].iloc[0])
    return {
        (str(row["label"]), column): "het rapport drukt het bestand van dit jaar voor deze groep "
        "niet af"
        for _, row in frame.iterrows()
        for column in frame.columns
        if column.endswith("_pct") and pd.isna(row[column]) and str(row["label"]) != first
    }


def compared(
    cfg: Case, table_id: str, tables: dict, comparisons: dict, source: str | None = None
) -> str:
    """A computed table (house style, small cells hidden), beside the printed one where the case
    has it; one sentence when the case's registry has no data for it."""
    if table_id not in tables:
        return missing_table(table_id)
    return render_table(cfg, table_id, tables[table_id], comparisons.get(table_id), source)


def stock_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Tabel 4.6 and its sentence: outflow to work and who was still on benefit."""
    if "t4_6" not in tables:
        return [missing_table("t4_6")]
    total = tables["t4_6"].iloc[-1]
    still = total["in_uitkering_n"]
    return [
        compared(cfg, "t4_6", tables, comparisons),
        sentences(
            [
                f"Van de {nl_number(total['beginstand_n'])} cliënten met een uitkering stroomde "
                f"{nl_pct(total['uitstroom_werk_pct'])} uit naar werk; {nl_number(still)} "
                f"({nl_pct(100 * still / total['beginstand_n'])}) had aan het eind van de "
                "periode nog een uitkering.",
            ]
        ),
    ]


def age_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Tabel 4.7 and its sentence: outflow within a year, youngest against oldest group."""
    if "t4_7" not in tables:
        return [missing_table("t4_7")]
    t47 = tables["t4_7"]
    young, old = t47.iloc[1], t47.iloc[-2]
    return [
        compared(cfg, "t4_7", tables, comparisons),
        sentences(
            [
                f"Binnen één jaar vond {nl_pct(t47.iloc[-1]['uitstroom_werk_1jaar_pct'])} van "
                f"alle cliënten werk; bij {young['label']} was dat "
                f"{nl_pct(young['uitstroom_werk_1jaar_pct'])}, bij {old['label']} "
                f"{nl_pct(old['uitstroom_werk_1jaar_pct'])}.",
            ]
        ),
    ]


def trajectory_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Tabel 4.15 and 4.16: outflow to work after a completed trajectory, the success ratio."""
    present = [t for t in ("t4_15", "t4_16") if t in tables]
    if len(present) < 2:  # the sentences need both tables
        return [compared(cfg, t, tables, comparisons) for t in present] or [missing_table("t4_15")]
    t416 = tables["t4_16"].set_index("label")
    done = t416.loc["Subtotaal cliënten met een uitkering", "traject_afgerond_n"]
    stayed = t416.loc["Uitkering niet beëindigd", "traject_afgerond_n"]
    worked = t416.loc["Uitkering beëindigd en uitgestroomd naar arbeid", "traject_afgerond_n"]
    ratio = tables["t4_15"].iloc[-1]["uitstroom_werk_traject_pct"]
    lines = [f"De succesratio over de hele periode is {nl_pct(ratio)}."]
    if done:
        lines.insert(
            0,
            f"Van de {nl_number(done)} cliënten die een traject afrondden, vond "
            f"{nl_pct(100 * worked / done, 0)} werk; {nl_pct(100 * stayed / done, 0)} had na "
            "afloop nog steeds een uitkering.",
        )
    return [
        compared(cfg, "t4_15", tables, comparisons),
        compared(cfg, "t4_16", tables, comparisons),
        sentences(lines),
    ]


def contract_parts(
    cfg: Case, tables: dict, comparisons: dict, contracts: dict[str, float] | None
) -> list[Part]:
    """Tabel 4.17 and 4.18 and the share of successful contracts (one definition, the step's)."""
    present = [t for t in ("t4_17", "t4_18") if t in tables]
    total = (contracts or {}).get("contracts_examined_n", 0)
    if not present or not total:
        return [missing_table("t4_17")]
    best = contracts["contracts_successful_n"]  # type: ignore[index]
    return [
        *(compared(cfg, t, tables, comparisons) for t in present),
        sentences(
            [
                f"Bij {best} van de {total} contracten ({nl_pct(100 * best / total)}) stroomde "
                f"{cfg['contract_success_pct']:g}% of meer van de deelnemers uit naar werk.",
            ]
        ),
    ]


def figure_8_1_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Figuur 8.1: what became of the clients with benefit, as a table and one stacked bar."""
    if "f8_1" not in tables:
        return [missing_table("f8_1")]
    if has_table(cfg.name, "f8_1"):
        title = "Figuur 8.1 – Onderverdeling uitstroom bijstandsgerechtigden (herberekend)"
    else:
        title = DEFINITIONS["f8_1"].caption(cfg.period_start, cfg.period_end)
    return [compared(cfg, "f8_1", tables, comparisons), figure_8_1_bar(tables["f8_1"], title)]


def figure_8_1_bar(f81: pd.DataFrame, title: str):
    """Figuur 8.1 recomputed as one stacked bar."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 2.2))
    parts = f81.iloc[:4]
    left = 0
    colours = ["#999999", "#E69F00", "#56B4E9", "#0072B2"]
    names = ["nog in de uitkering", "andere reden", "werk zonder traject", "werk na traject"]
    for value, colour, name in zip(parts["aandeel_pct"], colours, names, strict=False):
        ax.barh([0], [value], left=left, color=colour, label=f"{name} ({nl_pct(value)})")
        left += value
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xlabel("% van de cliënten met een uitkering")
    ax.legend(ncol=2, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.45))
    ax.set_title(title)
    fig.disclosure = review(
        "aandelen van alle cliënten met een uitkering (tienduizenden); de "
        "aantallen erachter draagt de figuur niet mee"
    )
    return fig


SURVIVAL_HEADERS = {
    "cohort": "groep",
    "age_group": "leeftijd",
    "clients_n": "cliënten",
    "after_6_months_pct": "na 6 maanden",
    "after_12_months_pct": "na 12 maanden",
    "after_24_months_pct": "na 24 maanden",
}


def survival_parts(status: pd.DataFrame, period: Period, rules: Rules | int = 10) -> list[Part]:
    """Beyond the report: time to exit (Kaplan–Meier, competing risks) and the check that the
    curve agrees with the report's count of exits within a year."""
    rules = as_rules(rules)
    frame = durations(status, period)
    inflow = frame[frame["entry_months"] == 0]
    by_cohort = still_on_benefit(inflow, "cohort")
    by_cohort["cohort"] = by_cohort["cohort"].map(cohort_name)
    by_age = still_on_benefit(inflow, "age_group")
    order = [g for *_, g in AGE_GROUPS]
    by_age = by_age.set_index("age_group").reindex(order).dropna(how="all").reset_index()
    fmt = {
        c: (lambda v: v if isinstance(v, str) else nl_pct(v))
        for c in SURVIVAL_HEADERS
        if c.startswith("after")
    }
    first_full = str(period.start.year)
    cohorts = protect_survival_table(by_cohort, rules, (6, 12, 24))
    ages = protect_survival_table(by_age, rules, (6, 12, 24))
    source = (
        "Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus. Leeg waar de "
        "groep nog niet zo lang is gevolgd of waar minder dan "
        f"{rules.survival_threshold} personen in beeld zijn of uitstroomden."
    )
    return [
        exit_to_work_figure(frame, rules=rules),
        html(
            table(
                cohorts.shown,
                caption="Nog in de uitkering na 6, 12 en 24 maanden (Kaplan–Meier, % van de "
                "instroom)",
                headers=SURVIVAL_HEADERS,
                formats=fmt,
                source=source,
                numeric=[c for c in SURVIVAL_HEADERS if c in cohorts.shown and c != "cohort"],
                check=cohorts.check,
            ),
            table(
                ages.shown,
                caption="Nog in de uitkering na 6, 12 en 24 maanden, naar leeftijd (instroom in "
                "de periode)",
                headers=SURVIVAL_HEADERS,
                formats=fmt,
                source=source,
                numeric=[c for c in SURVIVAL_HEADERS if c in ages.shown and c != "age_group"],
                check=ages.check,
            ),
        ),
        sentences([_one_year_check(within_one_year_check(frame, first_full), first_full)]),
    ]


def _one_year_check(check: dict[str, float], first_full: str) -> str:
    count, curve = nl_pct(check["count_pct"], 2), nl_pct(check["curve_pct"], 2)
    if abs(check["count_pct"] - check["curve_pct"]) < 0.05:
        return (
            f"Controle: van de instroom {first_full} (volledig een jaar gevolgd) vond volgens de "
            f"telling van uitstroom binnen één jaar {count} binnen een jaar werk; de curve met "
            f"concurrerende uitkomsten geeft {curve}. Beide methoden komen overeen."
        )
    return f"Controle: telling {count} en curve {curve} wijken af."


BENCHMARK_SOURCE = "Bron: CBS, zoals gedrukt in het rapport; percentages herberekend."


def benchmark_parts(
    cfg: Case, bench: dict[str, pd.DataFrame], comparisons: dict, stock, amsterdam
) -> list[Part]:
    """Tabel 4.2–4.4: the CBS counts with their percentages recomputed, and the index chart."""
    parts: list[Part] = [
        "<p>De tabellen 4.2 tot en met 4.4 van het rapport geven CBS-aantallen voor Nederland, "
        "de vier grote steden en de gemeente. De percentages zijn hier opnieuw uitgerekend uit "
        "die aantallen.</p>"
    ]
    parts += [compared(cfg, t, bench, comparisons, BENCHMARK_SOURCE) for t in ("t4_2", "t4_3")]
    parts.append(
        table(
            flows(amsterdam),
            caption="Tabel 4.4 – Amsterdam: in- en uitstroom en bestand, met het bestand dat "
            "uit de stromen volgt",
            headers={
                "label": "jaar",
                "instroom_n": "instroom",
                "uitstroom_n": "uitstroom",
                "totaal_n": "bestand (CBS)",
                "implied_total_n": "bestand volgens stromen",
                "gap_n": "verschil",
            },
            source=BENCHMARK_SOURCE,
        )
    )
    parts.append(index_chart(stock, bench["t4_3"]))
    return parts


NO_BENCHMARK_TABLE = (
    "<p>Het rapport van deze casus vergelijkt in de tekst met andere gemeenten, maar "
    "drukt geen "
    "vergelijkingstabel; de vergelijkende cijfers uit de tekst zijn als losse cijfers "
    "overgenomen "
    "(zie de bronbestanden in de verantwoording).</p>"
)


SEO_SOURCE = "Bron: SEO (2006), zoals gedrukt in het rapport; effect herberekend."
