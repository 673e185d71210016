"""The costs step as the reader sees it (notebook 03): the budget and reserve, the key figures
of §5.3 beside the printed ones, the sentences, and the budget chart."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from analysis.core.cases import Case
from analysis.core.formats import nl_count, nl_eur, nl_number, nl_pct
from analysis.published.tables import case_facts
from analysis.report.disclosure import review
from analysis.report.html import Part, sentences, table
from analysis.report.reproduction import missing_table
from analysis.report.reproduction import render as render_table
from analysis.steps.costs import budget_shares, reserves


def budget_figure(available: pd.DataFrame, reserve_frame: pd.DataFrame, spending: pd.DataFrame):
    """Budget available for re-integration, reserve and the analysed spending per year."""
    import matplotlib.pyplot as plt

    from analysis.report.style import COLOURS

    budget = available.set_index("label").loc["Beschikbaar voor re-integratie"]
    cols = [c for c in budget.index if c.endswith("_eur_mln")]
    years = [int(c.split("_")[1]) for c in cols]
    fig, ax = plt.subplots(figsize=(8.5, 4))
    ax.bar(
        [y - 0.2 for y in years],
        budget[cols].astype(float),
        width=0.4,
        color=COLOURS["sky"],
        label="beschikbaar voor re-integratie (begroting/jaarrekening)",
    )
    ax.plot(
        reserve_frame["year"],
        reserve_frame["reserve_eur_mln"],
        marker="o",
        color=COLOURS["vermillion"],
        label="reservering werkdeel (eind van het jaar)",
    )
    spent = spending[spending["year"].isin(years)]
    ax.bar(
        spent["year"] + 0.2,
        spent["eur_mln"],
        width=0.4,
        color=COLOURS["blue"],
        label="uitgaven trede 3–5 in het cliëntenbestand",
    )
    ax.set_xticks(years)
    ax.set_ylabel("€ miljoen")
    ax.set_title("Budget, reservering en onderzochte uitgaven per jaar")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)
    ax.grid(axis="y", alpha=0.3)
    fig.disclosure = review(
        "budgetten uit begrotingsstukken (openbaar) en uitgaven per jaar uit het "
        "cliëntenbestand: totalen over alle betalingen, dominantie niet getoetst"
    )
    return fig


# ---------------------------------------------------------------------------------------------
# the sections of notebook 03, as output parts

NO_COSTS = (
    "<p><strong>Voor deze casus zijn geen kosten- of betalingsgegevens "
    "beschikbaar</strong>; dit "
    "onderdeel is niet uitgevoerd.</p>"
)
REGISTRY_SOURCE = "Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus."
RESERVE_COLUMNS = {
    "year": "jaar",
    "reserve_eur_mln": "reservering (€ mln)",
    "movement_eur_mln": "mutatie",
    "available_eur_mln": "beschikbaar voor re-integratie",
    "ceiling_eur_mln": "plafond",
    "room_eur_mln": "ruimte onder het plafond",
}


def budget_parts(
    kern: pd.DataFrame, werk: pd.DataFrame, reserve: pd.DataFrame, ceiling: float | None
) -> list[Part]:
    """Section "Budget en reserveringen": Tabel 5.1 shares recomputed, the reserve against the
    carry-over ceiling (parameter ``carry_over_ceiling_pct``) and its growth."""
    shares = budget_shares(kern)
    shares["kolom"] = shares["kolom"].map(lambda c: kern.attrs["meta"].headers.get(c, c))
    parts: list[Part] = [
        table(
            shares,
            caption="Tabel 5.1 – totalen en aandeel werk, herberekend uit de gedrukte bedragen",
            headers={
                "kolom": "",
                "totaal_eur_mln": "totaal (€ mln)",
                "werk_eur_mln": "werk (€ mln)",
                "werk_pct": "aandeel werk",
            },
            formats={"werk_pct": lambda v: nl_pct(v)},
        )
    ]
    if ceiling is None:
        return parts
    res = reserves(werk, reserve, ceiling)
    parts.append(
        table(
            res.assign(year=res["year"].astype(str)),
            caption="Tabel 5.3 – reservering werkdeel tegen het plafond van "
            f"{nl_number(ceiling)}% van het beschikbare budget",
            headers=RESERVE_COLUMNS,
            formats={c: (lambda v: nl_number(v, 1)) for c in RESERVE_COLUMNS if c != "year"},
            source="Bron: tabel 5.2 en 5.3 van het rapport; plafond volgens de WWB (een instelling "
            "van de analyse). Het rapport noemt het toegekende werkdeel niet; het "
            "beschikbare budget (incl. reserveringen) dient als benadering.",
        )
    )
    first, latest = res.iloc[0], res.iloc[-1]
    share = 100 * latest["reserve_eur_mln"] / latest["available_eur_mln"]
    parts.append(
        sentences(
            [
                f"De reservering groeit van {nl_eur(first['reserve_eur_mln'], 1)} mln naar "
                f"{nl_eur(latest['reserve_eur_mln'], 1)} mln ({int(latest['year'])}, prognose); "
                f"dat is {nl_pct(share, 0)} van het beschikbare budget.",
            ]
        )
    )
    return parts


def key_figure_parts(
    cfg: Case, key: dict[str, float] | None, zero: dict[str, float] | None, edges: Sequence[float]
) -> list[Part]:
    """Section "Wat kost een uitstroom naar werk?": the §5.3 figures computed, beside the
    printed ones where the case's report states them, and the sentences."""
    if not key or not zero:
        return [missing_table("t5_5")]
    facts = case_facts(cfg.name)

    def printed(fact_id: str) -> float:
        return facts.at[fact_id, "value"] if fact_id in facts.index else float("nan")

    one = lambda v: nl_number(v, 1)  # noqa: E731
    pct = lambda v: nl_pct(v)  # noqa: E731
    rows = [
        ("Kosten per uitstroom naar werk na een traject (€)", key["cost_per_exit_to_work_eur"],
         printed("cost_per_exit_to_work_all_costs_eur"), nl_eur),
        ("Terugverdientijd (maanden)", key["break_even_months"],
         12 * printed("payback_period_years"), one),
        ("Kosten van contracten (€ mln)", key["contracts_cost_eur"] / 1e6,
         printed("contracts_total_cost_eur_mln"), one),
        (f"Aandeel naar contracten met hooguit {edges[1]:g}% uitstroom (%)",
         key["low_outflow_cost_pct"], printed("contracts_low_or_no_outflow_cost_share_pct"), pct),
        ("Kosten contracten zonder uitstroom naar werk (€)", zero["cost_eur"],
         printed("contracts_zero_outflow_cost_eur"), nl_eur),
        ("  waarvan aandeel cliënten zonder uitkering (%)", zero["no_benefit_cost_pct"],
         printed("contracts_zero_outflow_no_benefit_cost_share_pct"), pct),
        ("Cliënten op kosteloze trajecten", key["cost_free_clients_n"],
         printed("cost_free_trajectories_clients_n"), nl_number),
        ("  van wie uitgestroomd naar werk", key["cost_free_exits_n"],
         printed("cost_free_trajectories_to_work_n"), nl_number),
    ]  # fmt: skip
    figures = pd.DataFrame(
        [{"kerncijfer": r[0], "berekend": r[3](r[1]), "in het rapport": r[3](r[2])} for r in rows]
    )
    caption = "Kerncijfers uit de tekst van hoofdstuk 5: berekend en gedrukt"
    if all(pd.isna(r[2]) for r in rows):  # no printed report states them
        figures = figures.drop(columns="in het rapport")
        caption = "Kerncijfers van de kosten: per uitstroom naar werk en per contract"
    benefit = cfg["benefit_cost_per_month_eur"]
    quote = str(facts["quote"].get("payback_period_years", ""))
    said = re.search(r"(\S+ jaar)", quote)
    source = (
        f"Terugverdientijd bij € {nl_number(benefit)} uitkeringskosten per maand (een "
        "instelling van de analyse)" + (f"; het rapport zegt '{said.group(1)}'." if said else ".")
    )
    return [
        table(figures, caption=caption, source=source),
        sentences(
            [
                "Alle re-integratiekosten van cliënten met een uitkering "
                f"({nl_eur(key['cost_with_benefit_eur'] / 1e6, 1)} mln) gedeeld door de "
                f"{nl_number(key['work_after_trajectory_n'])} cliënten die na een traject werk "
                f"vonden: {nl_eur(key['cost_per_exit_to_work_eur'])} per uitstroom naar werk.",
                f"Bij {nl_eur(benefit)} uitkeringskosten per maand moet zo'n cliënt "
                f"{nl_number(key['break_even_months'], 1)} maanden uit de uitkering blijven om "
                "die kosten terug te verdienen.",
            ]
        ),
    ]


def contract_cost_sentences(key: dict[str, float], edges: Sequence[float]) -> str:
    """Section "Kosten per contract": the share of contract money on low-outflow contracts and
    the cost-free trajectories (nothing when no contract money was found)."""
    if not key or not key.get("contracts_cost_eur"):
        return ""
    free = nl_count(key["cost_free_contracts_n"], "kosteloos contract", "kosteloze contracten")
    return sentences(
        [
            f"{nl_pct(key['low_outflow_cost_pct'], 0)} van het geld voor contracten "
            f"({nl_eur(key['low_outflow_cost_eur'] / 1e6, 1)} mln van "
            f"{nl_eur(key['contracts_cost_eur'] / 1e6, 1)} mln) ging naar contracten waarbij "
            f"hooguit {edges[1]:g}% van de deelnemers werk vond.",
            f"Op {free} zaten "
            f"{nl_number(key['cost_free_clients_n'])} cliënten, van wie "
            f"{nl_number(key['cost_free_exits_n'])} werk vonden; zij drukken de gemiddelde kosten "
            "per uitstroom in hun klasse.",
        ]
    )


def compared(cfg: Case, table_id: str, tables: dict, comparisons: dict) -> str:
    """A computed cost table (house style, small cells hidden), beside the printed one where the
    case has it; one sentence when the case's registry has no data for it."""
    if table_id not in tables:
        return missing_table(table_id)
    return render_table(cfg, table_id, tables[table_id], comparisons.get(table_id))


def cost_table_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Section "Kosten per categorie en per cliënt": Tabel 5.5–5.8 (one sentence when the
    registry has no cost data at all)."""
    ids = ("t5_5", "t5_6", "t5_7", "t5_8")
    if not set(ids) & set(tables):
        return [missing_table("t5_5")]
    return [compared(cfg, t, tables, comparisons) for t in ids if t in tables]


def provision_cost_parts(cfg: Case, tables: dict, comparisons: dict) -> list[Part]:
    """Section "Kosten van voorzieningen per instrument": the table and where the money went
    (one sentence when the registry has no provisions)."""
    if "tp_costs" not in tables:
        return [missing_table("tp_costs")]
    frame = tables["tp_costs"]
    total = frame[frame["label"] == "Totaal"].iloc[0]
    lines = []
    if total["cost_eur"] > 0:
        parts = frame[frame["label"] != "Totaal"].sort_values("cost_eur", ascending=False)
        top = parts.iloc[0]
        lines.append(
            f"Van de bekende kosten ({nl_eur(total['cost_eur'])}) ging "
            f"{nl_pct(100 * top['cost_eur'] / total['cost_eur'], 0)} naar {top['label']}."
        )
    unknown = int(total["provisions_n"] - total["cost_known_n"])
    if unknown:
        lines.append(
            f"Van {nl_number(unknown)} van de {nl_number(total['provisions_n'])} voorzieningen "
            "staan geen kosten in het bestand."
        )
    return [compared(cfg, "tp_costs", tables, comparisons), sentences(lines)]
