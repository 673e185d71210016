"""The audit's main conclusions (chapter 8), computed from what the pipeline wrote to
``data/processed/<case>/``, next to the figures the report prints.

Every value here is read from a processed output of an earlier notebook (reproduced tables,
key figures, payment findings, case-study verdicts) or from coded findings; published figures
come only from ``facts.csv`` and appear only in the ``printed`` column. A conclusion whose inputs
are missing (a case without a registry) is left out, never filled in.

Agreement: the printed figure is rounded (``7,6%``, ``€ 1.870``, ``circa € 17.000``,
``anderhalf jaar``); ``step`` is the rounding step of the printed figure as the report prints it,
and a computed value agrees when it lies within half a step of the printed one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import store
from analysis.core import paths
from analysis.core.formats import nl_number
from analysis.published.tables import load_facts

THEMES = {
    "outflow": "Uitstroom naar werk",
    "contracts": "Contracten",
    "costs": "Kosten",
    "payments": "Betalingen",
}


def _row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    """The row of a stored table with this ``row_id`` (never found by its label text)."""
    hits = frame[frame["row_id"] == row_id]
    if len(hits) != 1:
        raise KeyError(f"expected one row with row_id {row_id!r}, found {len(hits)}")
    return hits.iloc[0]


# ---------------------------------------------------------------------------------------------
# conclusions


@dataclass(frozen=True)
class Figure:
    """One computed figure of a conclusion."""

    id: str
    theme: str
    label: str
    value: float
    unit: str  # pct, count, eur, years
    basis: str  # where it comes from, in Dutch
    fact_id: str | None = None
    step: float | None = None


def _outflow(case: str) -> list[Figure]:
    t415, t416 = (
        store.read(case, "table", table_id="t4_15"),
        store.read(case, "table", table_id="t4_16"),
    )
    out: list[Figure] = []
    if t415 is not None:
        total = _row(t415, "totaal_clienten")
        clients, work, after = (
            total["beginstand_n"],
            total["uitstroom_werk_n"],
            total["uitstroom_werk_traject_n"],
        )
        basis = f"tabel 4.15 (herberekend): van {nl_number(clients)} cliënten met een uitkering"
        out += [
            Figure(
                "outflow_to_work_pct",
                "outflow",
                "Cliënten met een uitkering die regulier werk vonden",
                100 * work / clients,
                "pct",
                f"{basis} vonden er {nl_number(work)} werk",
                "outflow_to_work_pct_ch8",
                0.1,
            ),
            Figure(
                "clients_found_work_n",
                "outflow",
                "Aantal cliënten dat regulier werk vond",
                work,
                "count",
                "tabel 4.15 (herberekend)",
                "clients_found_work_ch8_n",
                1,
            ),
            Figure(
                "outflow_after_trajectory_pct",
                "outflow",
                "… van wie werk vond na afronding van een re-integratieactiviteit",
                100 * after / clients,
                "pct",
                f"{basis} vonden er {nl_number(after)} werk na een afgerond traject",
                "outflow_to_work_after_trajectory_pct_ch8",
                0.1,
            ),
        ]
    if t416 is not None:
        subtotal = _row(t416, "subtotaal_clienten_met_een_uitkering")["traject_afgerond_n"]
        work = _row(t416, "uitkering_beeindigd_en_uitgestroomd_naar_arbeid")["traject_afgerond_n"]
        still = _row(t416, "uitkering_niet_beeindigd")["traject_afgerond_n"]
        basis = (
            f"tabel 4.16 (herberekend): van {nl_number(subtotal)} cliënten met een afgerond traject"
        )
        out += [
            Figure(
                "work_of_completers_pct",
                "outflow",
                "Cliënten met een afgerond traject die regulier werk vonden",
                100 * work / subtotal,
                "pct",
                f"{basis} vonden er {nl_number(work)} werk",
                "outflow_to_work_of_completers_pct_ch8",
                1,
            ),
            Figure(
                "still_on_benefit_of_completers_pct",
                "outflow",
                "Cliënten met een afgerond traject die nog in de bijstand zitten",
                100 * still / subtotal,
                "pct",
                f"{basis} hadden er {nl_number(still)} nog een uitkering",
                "still_on_benefit_of_completers_pct_ch8",
                1,
            ),
        ]
    return out


def _contracts(case: str, success_pct: float) -> list[Figure]:
    key = store.key_figures(case)
    if "contracts_successful_n" not in key:
        return []
    if key["contract_success_pct"] != success_pct:
        raise ValueError(
            f"{store.path(case, 'key_figures')}: the contract figures were computed with "
            f"contract_success_pct {key['contract_success_pct']:g}, not {success_pct:g}; "
            "rebuild notebook 02_outflow with the same parameters"
        )
    edge = key["low_outflow_edge_pct"]
    return [
        Figure(
            "contracts_examined_n",
            "contracts",
            "Onderzochte contracten met re-integratiebedrijven",
            key["contracts_examined_n"],
            "count",
            "tabel 4.17 (herberekend)",
            "contracts_examined_n_ch8",
            1,
        ),
        Figure(
            "contracts_successful_n",
            "contracts",
            f"Contracten met ten minste {success_pct:g}% uitstroom naar werk",
            key["contracts_successful_n"],
            "count",
            f"contracten met ten minste {success_pct:g}% uitstroom (parameter "
            "contract_success_pct, onderdeel 2)",
            "contracts_outflow_35pct_plus_n_ch8" if success_pct == 35 else None,
            1,
        ),
        Figure(
            "contracts_low_outflow_n",
            "contracts",
            f"Contracten met 0% tot {edge:g}% uitstroom naar werk",
            key["contracts_low_outflow_n"],
            "count",
            f"tabel 4.17 (herberekend), klassen tot {edge:g}%",
            "contracts_outflow_0_10pct_n_ch8" if edge == 10 else None,
            1,
        ),
        Figure(
            "clients_on_low_outflow_contracts_n",
            "contracts",
            "Cliënten op die contracten",
            key["clients_on_low_outflow_contracts_n"],
            "count",
            "tabel 4.17 (herberekend); het rapport schrijft 'ruim'",
            "clients_on_contracts_0_10pct_n_ch8" if edge == 10 else None,
            1000,
        ),
    ]


def _costs(case: str) -> list[Figure]:
    out: list[Figure] = []
    t56 = store.read(case, "table", table_id="t5_6")
    if t56 is not None:
        with_benefit = _row(t56, "clienten_met_uitkering")
        out.append(
            Figure(
                "cost_per_client_eur",
                "costs",
                "Gemiddelde re-integratiekosten per cliënt met een uitkering",
                with_benefit["gemiddelde_kosten_eur"],
                "eur",
                "tabel 5.6 (herberekend)",
                "cost_per_client_eur_ch8",
                10,
            )
        )
    key = store.key_figures(case)
    if "cost_per_exit_to_work_eur" in key:
        per_exit = key["cost_per_exit_to_work_eur"]
        basis = (
            "kosten van cliënten met een uitkering en een afgerond traject, gedeeld door de "
            f"{nl_number(key.get('work_after_trajectory_n'))} die daarna werk vonden (onderdeel 3)"
        )
        out += [
            Figure(
                "cost_per_exit_eur",
                "costs",
                "Kosten per uitstroom naar werk (§5.3.1)",
                per_exit,
                "eur",
                basis,
                "cost_per_exit_to_work_all_costs_eur",
                1,
            ),
            Figure(
                "cost_per_exit_eur_ch8",
                "costs",
                "Kosten per uitstroom naar werk (hoofdstuk 8: 'circa')",
                per_exit,
                "eur",
                basis,
                "cost_per_exit_to_work_eur_ch8",
                1000,
            ),
        ]
    if pd.notna(key.get("break_even_months")):  # NaN when the case sets no benefit cost
        out.append(
            Figure(
                "break_even_years",
                "costs",
                "Jaren uit de uitkering om de kosten terug te verdienen",
                key["break_even_months"] / 12,
                "years",
                "kosten per uitstroom gedeeld door de uitkeringskosten per maand (onderdeel 3)",
                "break_even_years_ch8",
                0.5,
            )
        )
    if "low_outflow_cost_pct" in key:
        out.append(
            Figure(
                "low_outflow_cost_pct",
                "costs",
                "Deel van het contractgeld naar contracten met hooguit "
                f"{key.get('low_outflow_edge_pct', 10):g}% uitstroom",
                key["low_outflow_cost_pct"],
                "pct",
                "tabel 5.9 (herberekend, onderdeel 3)",
                "contracts_low_or_no_outflow_cost_share_pct",
                1,
            )
        )
    return out


def _payments(case: str) -> list[Figure]:
    findings = store.read(case, "payment_findings")
    if findings is None:
        return []
    first = findings[findings["rule"] == "premium_for_financed_placement"]
    return [
        Figure(
            "financed_placement_premium_clients_n",
            "payments",
            "Cliënten voor wie een uitstroompremie werd betaald voor een baan die de gemeente "
            "zelf financierde",
            first["client_key"].nunique(),
            "count",
            "betalingscontrole, regel 1 (onderdeel 3)",
            "workstar_clients_from_other_providers_n",
            1,
        ),
        Figure(
            "financed_placement_premium_eur",
            "payments",
            "… bedrag van die premies",
            first["amount_eur"].sum(),
            "eur",
            "betalingscontrole, regel 1 (onderdeel 3)",
            "workstar_referral_premiums_total_text_eur",
            1000,
        ),
        Figure(
            "payment_findings_eur",
            "payments",
            "Alle betalingen die een controleregel raakt",
            findings.drop_duplicates("payment_id")["amount_eur"].sum(),
            "eur",
            "betalingscontrole, regels 1–4 (onderdeel 3)",
        ),
    ]


def conclusions(case: str, contract_success_pct: float = 35) -> pd.DataFrame:
    """The computed conclusions with the printed figure (if the case has it) and agreement."""
    figures = (
        _outflow(case) + _contracts(case, contract_success_pct) + _costs(case) + _payments(case)
    )
    facts = _facts(case)
    rows = []
    for f in figures:
        printed = facts.get(f.fact_id) if f.fact_id else None
        value, quote = printed if printed else (float("nan"), "")
        agrees = None if f.step is None or value != value else abs(f.value - value) <= f.step / 2
        rows.append(
            {
                "id": f.id,
                "theme": THEMES[f.theme],
                "label": f.label,
                "computed": float(f.value),
                "unit": f.unit,
                "basis": f.basis,
                "printed": value,
                "quote": quote,
                "step": f.step,
                "agrees": agrees,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "theme",
            "label",
            "computed",
            "unit",
            "basis",
            "printed",
            "quote",
            "step",
            "agrees",
        ],
    )


def _facts(case: str) -> dict[str, tuple[float, str]]:
    if not (paths.raw_dir(case) / "facts.csv").is_file():
        return {}
    facts = load_facts(case)
    return {
        r.fact_id: (float(r.value), str(r.quote)) for r in facts.itertuples() if pd.notna(r.value)
    }


def value(frame: pd.DataFrame, figure_id: str) -> float:
    """The computed value of one conclusion (KeyError when the case does not have it)."""
    hit = frame.loc[frame["id"] == figure_id, "computed"]
    if hit.empty:
        raise KeyError(figure_id)
    return float(hit.iloc[0])


# ---------------------------------------------------------------------------------------------
# Figuur 8.1


# ---------------------------------------------------------------------------------------------
# recommendations


def load_recommendations(case: str) -> pd.DataFrame | None:
    """The audit's recommendations (``recommendations.csv``) with the steps each addresses."""
    file = paths.raw_dir(case) / "recommendations.csv"
    if not file.is_file():
        return None
    frame = pd.read_csv(file, dtype=str)
    frame["addresses"] = frame["addresses"].fillna("").str.split(";")
    return frame
