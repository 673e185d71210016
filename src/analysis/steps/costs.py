"""Costs of re-integration, computed from the cleaned registry and ledger (chapter 5, §5.2–5.3).

Implements Tabel 5.5 (gross and net cost by category), 5.6 (clients with and without benefit),
5.7 (by inflow period), 5.8 (by end of benefit), 5.9 (contracts by outflow bucket, with the cost
per exit to work), the cost per exit to work when all costs of clients with benefit are charged
to those who found work (the audit's € 17.150) with the break-even period, the cost-free
trajectories, and the budget tables 5.1–5.4 recomputed from their printed parts.

A cost line is what the municipality paid for a re-integration activity that passed the intake:
invoice lines on paid contracts (fees, wage contributions, premiums) linked to a remaining
activity, wage-subsidy payments up to the period end, and secondment wage costs. Labels and
column names follow the published tables; no published figure is read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.frames import is_in, lookup, taken
from analysis.core.rounding import percent, round_half_up
from analysis.registry.intake import Period
from analysis.registry.model import INSTRUMENTS, Registry
from analysis.steps.outflow import (
    bucket,
    bucket_labels,
    client_status,
    cohorts,
    contract_outcomes,
    for_counting,
    is_low_outflow,
)

SYSTEMS = {
    "BVS": "Arbeidsactivering en -toeleiding (contracten DWI en Sociale Dienst)",
    "M2000": "Arbeidsactivering en -toeleiding (contracten Maatwerk)",
}
MLN = 1e6


def cost_lines(registry: Registry) -> pd.DataFrame:
    """Every cost line: ``client_key, category (contract|wage_subsidy|secondment), contract_id,
    system, kind, amount_eur, date``."""
    activities = registry["activities"]["activity_id"]
    contracts = registry["contracts"].set_index("contract_id")
    pay = registry["payments"]
    pay = pay[is_in(pay["activity_id"], activities) & is_in(pay["contract_id"], contracts.index)]
    contract = pd.DataFrame(
        {
            "client_key": pay["client_key"],
            "category": "contract",
            "contract_id": pay["contract_id"],
            "system": pay["contract_id"].map(contracts["system"]),
            "kind": pay["kind"],
            "amount_eur": pay["amount_eur"],
            "date": pay["payment_date"],
        }
    )
    lks = registry["wage_subsidies"]
    subsidy = pd.DataFrame(
        {
            "client_key": lks["client_key"],
            "category": "wage_subsidy",
            "contract_id": None,
            "system": None,
            "kind": "wage_subsidy",
            "amount_eur": lks["amount_eur"],
            "date": lks["payment_date"],
        }
    )
    sec = registry["secondments"]
    sec = sec[is_in(sec["activity_id"], activities)]
    secondment = pd.DataFrame(
        {
            "client_key": sec["client_key"],
            "category": "secondment",
            "contract_id": None,
            "system": None,
            "kind": "secondment",
            "amount_eur": sec["wage_cost_eur"],
            "date": sec["start_date"],
        }
    )
    return pd.concat([contract, subsidy, secondment], ignore_index=True)


def revenue(registry: Registry) -> float:
    """Secondment revenues: what the hirers paid the municipality (Tabel 5.5)."""
    sec = registry["secondments"]
    paid = is_in(sec["activity_id"], registry["activities"]["activity_id"])
    return float(sec.loc[paid, "revenue_eur"].sum())


def client_costs(lines: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """The status table with each client's re-integration cost (``cost_eur``)."""
    per = lines.groupby("client_key")["amount_eur"].sum()
    cost = taken(per, lookup(status["client_key"], per.index), status.index)
    # in the dtype Series.map gives for this key (Arrow-backed for an Arrow text key), whose sums
    # are the same to the last digit as before this lookup replaced the map
    like = status["client_key"].iloc[:1].map(per).dtype if len(status) else cost.dtype
    return status.assign(cost_eur=cost.astype(like).fillna(0.0))


def _mln(value: float) -> float:
    return value / MLN


def table_5_5(lines: pd.DataFrame, revenue_eur: float) -> pd.DataFrame:
    """Tabel 5.5 – gross cost by category, secondment revenues, net cost (€ mln, % of gross)."""
    contract = lines[lines["category"] == "contract"]
    lks = lines[lines["category"] == "wage_subsidy"]
    year = pd.to_datetime(lks["date"]).dt.year
    gross = lines["amount_eur"].sum()
    rows = [
        (SYSTEMS["BVS"], contract.loc[contract["system"] == "BVS", "amount_eur"].sum()),
        (SYSTEMS["M2000"], contract.loc[contract["system"] == "M2000", "amount_eur"].sum()),
        ("Loonkostensubsidies 2004 en 2005", lks.loc[year <= 2005, "amount_eur"].sum()),
        ("Loonkostensubsidies 2006", lks.loc[year >= 2006, "amount_eur"].sum()),
        ("Detacheringen", lines.loc[lines["category"] == "secondment", "amount_eur"].sum()),
        ("Brutokosten re-integratie", gross),
    ]
    out = pd.DataFrame(rows, columns=["label", "total"])
    out["aandeel_pct"] = percent(out["total"], gross, 0)
    # the audit prints one share for both wage-subsidy rows, on the first
    both = out["total"].iloc[2] + out["total"].iloc[3]
    out.loc[2, "aandeel_pct"] = float(percent(both, gross, 0))
    out.loc[3, "aandeel_pct"] = np.nan
    extra = pd.DataFrame(
        [
            {
                "label": "Detacheringsopbrengsten (vergoeding van inlener aan DWI)",
                "total": revenue_eur,
            },
            {"label": "Nettokosten re-integratie", "total": gross - revenue_eur},
        ]
    )
    out = pd.concat([out, extra], ignore_index=True)
    out["totale_kosten_eur_mln"] = out.pop("total") / MLN
    return out[["label", "totale_kosten_eur_mln", "aandeel_pct"]]


def _nl_count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def table_5_6(costs: pd.DataFrame) -> pd.DataFrame:
    """Tabel 5.6 – cost of clients who completed activities, with and without benefit."""
    done = costs[costs["completed"]]
    with_b, without = done[done["has_benefit"]], done[~done["has_benefit"]]
    rows = [
        (f"{_nl_count(len(with_b))} cliënten met uitkering", with_b),
        (f"{_nl_count(len(without))} cliënten zonder uitkering", without),
        ("Totaal", done),
    ]
    return pd.DataFrame(
        {
            "label": [r[0] for r in rows],
            "totale_kosten_eur_mln": [r[1]["cost_eur"].sum() / MLN for r in rows],
            "gemiddelde_kosten_eur": [round_half_up(r[1]["cost_eur"].mean(), 0) for r in rows],
        }
    )


def table_5_7(costs: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Tabel 5.7 – cost of clients with benefit who completed activities, by inflow period."""
    benefit = costs[costs["has_benefit"]]
    rows = []
    for code, year in cohorts(period):
        label = f"Voor {period.start.year}" if code == "stock" else f"In {year}"
        rows.append((label, benefit[benefit["cohort"] == code]))
    rows.append(("Totaal", benefit))
    out = []
    for label, part in rows:
        done = part[part["completed"]]
        out.append(
            {
                "label": label,
                "instroom_n": len(part),
                "clienten_afgerond_n": len(done),
                "re_integratiekosten_eur_mln": done["cost_eur"].sum() / MLN,
                "gemiddelde_re_integratiekosten_eur": round_half_up(done["cost_eur"].mean(), 0),
            }
        )
    return pd.DataFrame(out)


def table_5_8(costs: pd.DataFrame) -> pd.DataFrame:
    """Tabel 5.8 – cost by end of benefit, for clients who completed activities."""
    done = costs[costs["completed"]]
    benefit = done[done["has_benefit"]]
    parts = [
        (
            "Uitkering beëindigd en uitgestroomd naar arbeid",
            benefit[benefit["end_status"] == "work"],
            True,
        ),
        (
            "Uitkering beëindigd om door andere oorzaken",
            benefit[benefit["end_status"] == "other"],
            True,
        ),
        ("Uitkering niet beëindigd", benefit[benefit["end_status"] == "on_benefit"], True),
        ("Subtotaal cliënten met een uitkering", benefit, False),
        ("Cliënten zonder uitkering", done[~done["has_benefit"]], True),
        ("Totaal cliënten", done, False),
    ]
    return pd.DataFrame(
        {
            "label": [p[0] for p in parts],
            "aantal_n": [len(p[1]) for p in parts],
            "totale_kosten_eur_mln": [p[1]["cost_eur"].sum() / MLN for p in parts],
            "gemiddelde_kosten_eur": [
                round_half_up(p[1]["cost_eur"].mean(), 0) if p[2] else np.nan for p in parts
            ],
        }
    )


def contract_costs(lines: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Contract outcomes (participants, exits) with their total cost."""
    spent = lines[lines["category"] == "contract"].groupby("contract_id")["amount_eur"].sum()
    return outcomes.assign(cost_eur=outcomes["contract_id"].map(spent).fillna(0.0))


def table_5_9(contract_costs_frame: pd.DataFrame, edges: Sequence[float]) -> pd.DataFrame:
    """Tabel 5.9 – cost of contracts by outflow bucket, and cost per client who left for work."""
    paid = contract_costs_frame[contract_costs_frame["participants_n"] > 0]
    buckets = bucket(100 * paid["work_n"] / paid["participants_n"], edges)
    rows = []
    for label in [*bucket_labels(edges), "Totaal"]:
        part = paid if label == "Totaal" else paid[buckets == label]
        exits, cost = int(part["work_n"].sum()), float(part["cost_eur"].sum())
        rows.append(
            {
                "label": label,
                "aantal_contracten_n": len(part),
                "clienten_op_contracten_n": int(part["participants_n"].sum()),
                "clienten_uitgestroomd_werk_n": exits,
                "totale_kosten_eur_mln": cost / MLN,
                "gemiddelde_kosten_per_uitgestroomde_client_eur": round_half_up(cost / exits, 0)
                if exits
                else np.nan,
            }
        )
    return pd.DataFrame(rows)


def key_figures(
    costs: pd.DataFrame,
    contract_costs_frame: pd.DataFrame,
    edges: Sequence[float],
    benefit_cost_per_month_eur: float | None,
) -> dict[str, float]:
    """The figures §5.3 states in its text, computed: cost per exit to work, break-even months,
    cost-free trajectories, the share spent on contracts with at most the second bucket edge."""
    done = costs[costs["completed"] & costs["has_benefit"]]
    to_work = int(done["work_after_trajectory"].sum())
    per_exit = done["cost_eur"].sum() / to_work if to_work else np.nan
    paid = contract_costs_frame[contract_costs_frame["participants_n"] > 0]
    free = paid[paid["cost_eur"] == 0]
    low = paid[is_low_outflow(100 * paid["work_n"] / paid["participants_n"], edges)]
    zero = paid[paid["work_n"] == 0]
    out = {
        "cost_with_benefit_eur": float(done["cost_eur"].sum()),
        "work_after_trajectory_n": to_work,
        "cost_per_exit_to_work_eur": float(per_exit),
        "break_even_months": float(per_exit / benefit_cost_per_month_eur)
        if benefit_cost_per_month_eur
        else np.nan,
        "cost_free_contracts_n": len(free),
        "cost_free_clients_n": int(free["participants_n"].sum()),
        "cost_free_exits_n": int(free["work_n"].sum()),
        "contracts_cost_eur": float(paid["cost_eur"].sum()),
        "low_outflow_cost_eur": float(low["cost_eur"].sum()),
        "low_outflow_cost_pct": float(100 * low["cost_eur"].sum() / paid["cost_eur"].sum()),
        "zero_outflow_cost_eur": float(zero["cost_eur"].sum()),
    }
    return out


def zero_outflow_detail(
    lines: pd.DataFrame, costs: pd.DataFrame, outcomes: pd.DataFrame
) -> dict[str, float]:
    """§5.3.2: on the contracts without any exit to work, who took part and what they cost."""
    zero_ids = set(
        outcomes.loc[(outcomes["participants_n"] > 0) & (outcomes["work_n"] == 0), "contract_id"]
    )
    spent = lines[(lines["category"] == "contract") & lines["contract_id"].isin(zero_ids)]
    people = costs.set_index("client_key")
    who = spent.assign(
        has_benefit=spent["client_key"].map(people["has_benefit"]),
        end_status=spent["client_key"].map(people["end_status"]),
    )
    total = who["amount_eur"].sum()
    without = who[~who["has_benefit"].astype(bool)]
    stayed = who[who["end_status"] == "on_benefit"]
    return {
        "cost_eur": float(total),
        "no_benefit_clients_n": int(without["client_key"].nunique()),
        "no_benefit_cost_pct": float(100 * without["amount_eur"].sum() / total)
        if total
        else np.nan,
        "stayed_on_benefit_clients_n": int(stayed["client_key"].nunique()),
        "stayed_on_benefit_cost_eur": float(stayed["amount_eur"].sum()),
    }


# ---------------------------------------------------------------------------------------------
# budgets (Tabel 5.1–5.4): recomputed from their printed parts


def budget_shares(kerncijfers: pd.DataFrame) -> pd.DataFrame:
    """Tabel 5.1: each year's total and the share of 'Werk' recomputed from the printed amounts."""
    amounts = [c for c in kerncijfers.columns if c.endswith("_eur_mln")]
    parts = kerncijfers[kerncijfers["label"] != "Totaal"]
    rows = []
    for col in amounts:
        total = parts[col].sum()
        work = float(parts.loc[parts["label"] == "Werk", col].iloc[0])
        rows.append(
            {
                "kolom": col,
                "totaal_eur_mln": total,
                "werk_eur_mln": work,
                "werk_pct": float(percent(work, total, 1)),
            }
        )
    return pd.DataFrame(rows)


def reserves(available: pd.DataFrame, reserve: pd.DataFrame, ceiling_pct: float) -> pd.DataFrame:
    """Tabel 5.3 against the carry-over ceiling: reserve, movement, ceiling as ``ceiling_pct`` of
    the budget available for re-integration (Tabel 5.2), room left under it."""
    budget = available.set_index("label").loc["Beschikbaar voor re-integratie"]
    stock = reserve.iloc[0]
    years = [c for c in reserve.columns if c != "label"]
    rows, previous = [], None
    budget_values = list(
        budget.drop(labels=[c for c in budget.index if not c.endswith("_eur_mln")]).to_numpy()
    )
    for i, col in enumerate(years):
        value = float(stock[col])
        available_budget = float(budget_values[i]) if i < len(budget_values) else np.nan
        ceiling = available_budget * ceiling_pct / 100
        rows.append(
            {
                "year": int(col.split("_")[3]),
                "reserve_eur_mln": value,
                "movement_eur_mln": np.nan if previous is None else value - previous,
                "available_eur_mln": available_budget,
                "ceiling_eur_mln": ceiling,
                "room_eur_mln": ceiling - value,
            }
        )
        previous = value
    return pd.DataFrame(rows)


def spending_by_year(lines: pd.DataFrame) -> pd.DataFrame:
    """The analysed re-integration spending (rungs 3–5) per year of payment (€ mln)."""
    year = pd.to_datetime(lines["date"]).dt.year
    return (lines.assign(year=year).groupby("year")["amount_eur"].sum() / MLN).reset_index(
        name="eur_mln"
    )


@dataclass(frozen=True)
class CostBasis:
    """What the chapter-5 tables and key figures are computed from."""

    lines: pd.DataFrame  # one row per cost line (invoice, subsidy, secondment wage)
    per_client: pd.DataFrame  # costs and status per client
    outcomes: pd.DataFrame  # participants and exits per paid contract
    contract_costs: pd.DataFrame  # outcomes with the cost per contract


def provision_costs(registry: Registry, status: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Costs of the provisions that started in the period, per instrument: clients, provisions,
    total cost, cost per client; ``cost_known_n`` counts the provisions with a cost recorded
    (the others are left out of the sums, not read as zero). Clients are those in the file."""
    provisions = registry["provisions"]
    started = provisions[
        provisions["start_date"].between(period.start, period.end)
        & is_in(provisions["client_key"], status["client_key"])
    ]
    rows = []
    groups = [
        (label, started[started["instrument"] == code]) for code, label in INSTRUMENTS.items()
    ]
    for label, part in [*groups, ("Totaal", started)]:
        if label != "Totaal" and part.empty:
            continue
        cost = part["cost_eur"]
        clients = part["client_key"].nunique()
        rows.append(
            {
                "label": label,
                "clients_n": clients,
                "provisions_n": len(part),
                "cost_known_n": int(cost.notna().sum()),
                "cost_eur": float(cost.sum()),
                "cost_per_client_eur": float(cost.sum()) / clients if clients else np.nan,
            }
        )
    return pd.DataFrame(rows)


def analyse(
    registry: Registry,
    period: Period,
    edges: Sequence[float],
    spells: str = "period",
    status: pd.DataFrame | None = None,
    outcomes: pd.DataFrame | None = None,
) -> tuple[CostBasis, dict[str, pd.DataFrame]]:
    """The cost step: its basis and the tables the registry has the data for — 5.5–5.9 from
    the payments of the 2006 model (``payments`` and ``contracts``), the costs of provisions
    per instrument (``tp_costs``) from ``provisions``. ``status``: the clients' status of the
    outflow step where it has run (:func:`analysis.steps.outflow.client_status`), with its
    contract ``outcomes`` (:func:`analysis.steps.outflow.contract_outcomes`)."""
    if status is None:
        status = client_status(registry, period, spells)
    lines = cost_lines(registry)
    per_client = client_costs(lines, status)
    if outcomes is None:
        outcomes = contract_outcomes(registry, status)
    basis = CostBasis(lines, per_client, outcomes, contract_costs(lines, outcomes))
    tables = {}
    if registry.has("payments") and registry.has("contracts"):
        counting = for_counting(per_client)
        tables = {
            "t5_5": table_5_5(lines, revenue(registry)),
            "t5_6": table_5_6(counting),
            "t5_7": table_5_7(counting, period),
            "t5_8": table_5_8(counting),
            "t5_9": table_5_9(basis.contract_costs, edges),
        }
    if registry.has("provisions"):
        tables["tp_costs"] = provision_costs(registry, status, period)
    return basis, tables


def _rows(
    table_id: str, label: str, column: str, who: pd.Series, value: pd.Series, kind: str
) -> pd.DataFrame:  # kind: "provider" or "client"
    """Contribution rows of one cell; ``kind`` says whether ``who`` holds providers or
    (pseudonymised) client keys."""
    names = who.astype(str).to_numpy()
    return pd.DataFrame(
        {
            "table_id": table_id,
            "label": label,
            "column": column,
            "provider": names if kind == "provider" else "",
            "client_key": names if kind == "client" else "",
            "value_eur": value.to_numpy(dtype=float),
        }
    )


def contributions(
    registry: Registry,
    basis: CostBasis,
    tables: dict[str, pd.DataFrame],
    period: Period,
    edges: Sequence[float],
) -> pd.DataFrame:
    """What each client or provider contributes to each money cell of the cost tables, for the
    dominance rules of disclosure control (``report.disclosure.protect_amounts``): one row per
    table, row label, column and contributor. Contract payments count for the provider that
    holds the contract (a firm a reader could recognise), the other costs for the client.

    Columns: ``table_id, label, column, provider, client_key, value_eur`` (one of provider and
    client key filled), sorted so that the file does not depend on the pseudonymisation key.
    """
    frames = []
    lines = basis.lines
    if "t5_5" in tables:
        provider = lines["contract_id"].map(
            registry["contracts"].set_index("contract_id")["provider"]
        )
        is_contract = lines["category"] == "contract"
        column = "totale_kosten_eur_mln"
        year = pd.to_datetime(lines["date"]).dt.year
        subsets = zip(
            tables["t5_5"]["label"],
            [
                (lines["category"] == "contract") & (lines["system"] == "BVS"),
                (lines["category"] == "contract") & (lines["system"] == "M2000"),
                (lines["category"] == "wage_subsidy") & (year <= 2005),
                (lines["category"] == "wage_subsidy") & (year >= 2006),
                lines["category"] == "secondment",
                pd.Series(True, index=lines.index),
            ],
            strict=False,  # the revenue and net rows have no contributions of their own
        )
        for label, mask in subsets:
            firms, clients = mask & is_contract, mask & ~is_contract
            amounts = lines["amount_eur"]
            frames.append(_rows("t5_5", label, column, provider[firms], amounts[firms], "provider"))
            frames.append(
                _rows(
                    "t5_5",
                    label,
                    column,
                    lines.loc[clients, "client_key"],
                    amounts[clients],
                    "client",
                )
            )
    per_client = basis.per_client
    done = per_client[per_client["completed"]]
    for table_id, column, groups in (
        (
            "t5_6",
            "totale_kosten_eur_mln",
            [done[done["has_benefit"]], done[~done["has_benefit"]], done],
        ),
        (
            "t5_8",
            "totale_kosten_eur_mln",
            [
                done[done["has_benefit"] & (done["end_status"] == "work")],
                done[done["has_benefit"] & (done["end_status"] == "other")],
                done[done["has_benefit"] & (done["end_status"] == "on_benefit")],
                done[done["has_benefit"]],
                done[~done["has_benefit"]],
                done,
            ],
        ),
    ):
        if table_id not in tables:
            continue
        for label, part in zip(tables[table_id]["label"], groups, strict=True):
            frames.append(
                _rows(table_id, label, column, part["client_key"], part["cost_eur"], "client")
            )
    if "t5_7" in tables:
        benefit = per_client[per_client["has_benefit"] & per_client["completed"]]
        parts = [benefit[benefit["cohort"] == code] for code, _ in cohorts(period)] + [benefit]
        for label, part in zip(tables["t5_7"]["label"], parts, strict=True):
            frames.append(
                _rows(
                    "t5_7",
                    label,
                    "re_integratiekosten_eur_mln",
                    part["client_key"],
                    part["cost_eur"],
                    "client",
                )
            )
    if "t5_9" in tables:
        paid = basis.contract_costs[basis.contract_costs["participants_n"] > 0]
        provider = paid["contract_id"].map(
            registry["contracts"].set_index("contract_id")["provider"]
        )
        buckets = bucket(100 * paid["work_n"] / paid["participants_n"], edges)
        for label in [*bucket_labels(edges), "Totaal"]:
            mask = buckets.notna() if label == "Totaal" else buckets == label
            frames.append(
                _rows(
                    "t5_9",
                    label,
                    "totale_kosten_eur_mln",
                    provider[mask],
                    paid.loc[mask, "cost_eur"],
                    "provider",
                )
            )
    if "tp_costs" in tables:
        provisions = registry["provisions"]
        started = provisions[
            provisions["start_date"].between(period.start, period.end)
            & is_in(provisions["client_key"], per_client["client_key"])
            & provisions["cost_eur"].notna()
        ]
        for code, label in [*INSTRUMENTS.items(), (None, "Totaal")]:
            part = started if code is None else started[started["instrument"] == code]
            if label in set(tables["tp_costs"]["label"]):
                frames.append(
                    _rows(
                        "tp_costs",
                        label,
                        "cost_eur",
                        part["client_key"],
                        part["cost_eur"],
                        "client",
                    )
                )
    columns = ["table_id", "label", "column", "provider", "client_key", "value_eur"]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    return out.sort_values(
        ["table_id", "label", "column", "value_eur", "provider"],
        ascending=[True, True, True, False, True],
        kind="stable",
    ).reset_index(drop=True)
