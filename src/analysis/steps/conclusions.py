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

from dataclasses import dataclass, field

import pandas as pd

from analysis import store
from analysis.core import paths
from analysis.published.tables import case_facts


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
    """One computed figure of a conclusion: fields only; ``report.conclusions`` words its label
    and basis from ``id`` and ``parts`` (the counts it was computed from, the thresholds)."""

    id: str
    theme: str  # outflow, contracts, costs, payments
    value: float
    unit: str  # pct, count, eur, years
    fact_id: str | None = None
    step: float | None = None
    parts: dict[str, float] = field(default_factory=dict)


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
        parts = {"clients": clients, "work": work, "after": after}
        out += [
            Figure(
                "outflow_to_work_pct",
                "outflow",
                100 * work / clients,
                "pct",
                "outflow_to_work_pct_ch8",
                0.1,
                parts,
            ),
            Figure("clients_found_work_n", "outflow", work, "count", "clients_found_work_ch8_n", 1),
            Figure(
                "outflow_after_trajectory_pct",
                "outflow",
                100 * after / clients,
                "pct",
                "outflow_to_work_after_trajectory_pct_ch8",
                0.1,
                parts,
            ),
        ]
    if t416 is not None:
        subtotal = _row(t416, "subtotaal_clienten_met_een_uitkering")["traject_afgerond_n"]
        work = _row(t416, "uitkering_beeindigd_en_uitgestroomd_naar_arbeid")["traject_afgerond_n"]
        still = _row(t416, "uitkering_niet_beeindigd")["traject_afgerond_n"]
        parts = {"completed": subtotal, "work": work, "still": still}
        out += [
            Figure(
                "work_of_completers_pct",
                "outflow",
                100 * work / subtotal,
                "pct",
                "outflow_to_work_of_completers_pct_ch8",
                1,
                parts,
            ),
            Figure(
                "still_on_benefit_of_completers_pct",
                "outflow",
                100 * still / subtotal,
                "pct",
                "still_on_benefit_of_completers_pct_ch8",
                1,
                parts,
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
    parts = {"success_pct": success_pct, "edge_pct": edge}
    # the report prints its figures for 35% and 10%: other thresholds have no printed twin
    at_35, at_10 = success_pct == 35, edge == 10
    return [
        Figure(
            "contracts_examined_n",
            "contracts",
            key["contracts_examined_n"],
            "count",
            "contracts_examined_n_ch8",
            1,
        ),
        Figure(
            "contracts_successful_n",
            "contracts",
            key["contracts_successful_n"],
            "count",
            "contracts_outflow_35pct_plus_n_ch8" if at_35 else None,
            1,
            parts,
        ),
        Figure(
            "contracts_low_outflow_n",
            "contracts",
            key["contracts_low_outflow_n"],
            "count",
            "contracts_outflow_0_10pct_n_ch8" if at_10 else None,
            1,
            parts,
        ),
        Figure(
            "clients_on_low_outflow_contracts_n",
            "contracts",
            key["clients_on_low_outflow_contracts_n"],
            "count",
            "clients_on_contracts_0_10pct_n_ch8" if at_10 else None,
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
                with_benefit["gemiddelde_kosten_eur"],
                "eur",
                "cost_per_client_eur_ch8",
                10,
            )
        )
    key = store.key_figures(case)
    if "cost_per_exit_to_work_eur" in key:
        per_exit = key["cost_per_exit_to_work_eur"]
        parts = {"work_after_trajectory": key.get("work_after_trajectory_n")}
        out += [
            Figure(
                "cost_per_exit_eur",
                "costs",
                per_exit,
                "eur",
                "cost_per_exit_to_work_all_costs_eur",
                1,
                parts,
            ),
            Figure(
                "cost_per_exit_eur_ch8",
                "costs",
                per_exit,
                "eur",
                "cost_per_exit_to_work_eur_ch8",
                1000,
                parts,
            ),
        ]
    if pd.notna(key.get("break_even_months")):  # NaN when the case sets no benefit cost
        out.append(
            Figure(
                "break_even_years",
                "costs",
                key["break_even_months"] / 12,
                "years",
                "break_even_years_ch8",
                0.5,
            )
        )
    if "low_outflow_cost_pct" in key:
        out.append(
            Figure(
                "low_outflow_cost_pct",
                "costs",
                key["low_outflow_cost_pct"],
                "pct",
                "contracts_low_or_no_outflow_cost_share_pct",
                1,
                {"edge_pct": key.get("low_outflow_edge_pct", 10)},
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
            first["client_key"].nunique(),
            "count",
            "workstar_clients_from_other_providers_n",
            1,
        ),
        Figure(
            "financed_placement_premium_eur",
            "payments",
            first["amount_eur"].sum(),
            "eur",
            "workstar_referral_premiums_total_text_eur",
            1000,
        ),
        Figure(
            "payment_findings_eur",
            "payments",
            findings.drop_duplicates("payment_id")["amount_eur"].sum(),
            "eur",
        ),
    ]


def conclusions(case: str, contract_success_pct: float = 35) -> pd.DataFrame:
    """The computed conclusions with the printed figure (if the case has it) and agreement:
    ``id``, ``theme``, ``computed``, ``unit``, ``parts`` (what it was computed from), ``printed``,
    ``quote``, ``step``, ``agrees``. ``report.conclusions.worded`` adds label and basis."""
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
                "theme": f.theme,
                "computed": float(f.value),
                "unit": f.unit,
                "parts": f.parts,
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
            "computed",
            "unit",
            "parts",
            "printed",
            "quote",
            "step",
            "agrees",
        ],
    )


def _facts(case: str) -> dict[str, tuple[float, str]]:
    facts = case_facts(case)
    return {
        fact_id: (float(r.value), str(r.quote))
        for fact_id, r in zip(facts.index, facts.itertuples(), strict=True)
        if pd.notna(r.value)
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
