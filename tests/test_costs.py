"""analysis.steps.costs: the chapter-5 tables on a small hand-made registry (amounts computed by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.registry.intake import Period
from analysis.registry.model import Registry
from analysis.steps import costs

PERIOD = Period.of("2004-01-01", "2006-06-30")


@pytest.fixture
def small():
    # clients: a (stock, work, completed on K1 and K2), b (2004, on benefit, completed on K1),
    # c (2005, other, not completed), d (no benefit, secondment), e (stock, on benefit, LKS)
    status = pd.DataFrame(
        {
            "client_key": list("abcde"),
            "has_benefit": [True, True, True, False, True],
            "cohort": ["stock", "2004", "2005", None, "stock"],
            "end_status": ["work", "on_benefit", "other", None, "on_benefit"],
            "completed": [True, True, False, True, True],
            "work_after_trajectory": [True, False, False, False, False],
        }
    )
    activities = pd.DataFrame(
        {
            "activity_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
            "client_key": ["a", "a", "b", "d", "e", "b"],
            "contract_id": ["K1", "K2", "K1", None, None, "K3"],
        }
    )
    contracts = pd.DataFrame(
        {
            "contract_id": ["K1", "K2", "K3"],
            "system": ["BVS", "M2000", "BVS"],
            "provider": ["P1", "P2", "P1"],
        }
    )
    pay = pd.DataFrame(
        {
            "client_key": ["a", "a", "a", "b", "b", "x"],
            "contract_id": ["K1", "K1", "K2", "K1", "K3", "K1"],
            "activity_id": ["A1", "A1", "A2", "A3", "A6", "A9"],  # A9 did not pass the intake
            "kind": ["fee", "outflow_premium", "fee", "fee", "fee", "fee"],
            "amount_eur": [1000.0, 500.0, 2000.0, 1500.0, 0.0, 999.0],
            "payment_date": pd.to_datetime(
                ["2004-05-01", "2005-01-01", "2004-09-01", "2005-03-01", "2005-04-01", "2005-01-01"]
            ),
        }
    )
    lks = pd.DataFrame(
        {
            "client_key": ["e", "e"],
            "amount_eur": [300.0, 200.0],
            "payment_date": pd.to_datetime(["2005-06-01", "2006-02-01"]),
        }
    )
    sec = pd.DataFrame(
        {
            "activity_id": ["A4"],
            "client_key": ["d"],
            "start_date": pd.to_datetime(["2004-03-01"]),
            "wage_cost_eur": [10000.0],
            "revenue_eur": [4000.0],
        }
    )
    registry = Registry(
        {
            "activities": activities,
            "contracts": contracts,
            "payments": pay,
            "wage_subsidies": lks,
            "secondments": sec,
        }
    )
    return registry, status


def test_cost_lines_keep_only_costs_of_activities_that_passed_the_intake(small):
    registry, _ = small
    lines = costs.cost_lines(registry)
    assert lines["amount_eur"].sum() == 1000 + 500 + 2000 + 1500 + 0 + 300 + 200 + 10000
    assert set(lines["category"]) == {"contract", "wage_subsidy", "secondment"}


def test_table_5_5_by_category_with_the_shared_wage_subsidy_share(small):
    registry, _ = small
    t = costs.table_5_5(costs.cost_lines(registry), costs.revenue(registry)).set_index("label")
    # gross 15.500: BVS 1000+500+1500+0 = 3000 (19%), M2000 2000 (13%), LKS 300 + 200 (3%), secondments 10000 (65%)
    assert t.loc[costs.SYSTEMS["BVS"], "totale_kosten_eur_mln"] == pytest.approx(0.003)
    assert t.loc[costs.SYSTEMS["M2000"], "totale_kosten_eur_mln"] == pytest.approx(0.002)
    assert (
        t.loc["Loonkostensubsidies 2004 en 2005", "aandeel_pct"] == 3.0
    )  # (300 + 200) / 15500 = 3,2%
    assert np.isnan(t.loc["Loonkostensubsidies 2006", "aandeel_pct"])
    assert t.loc["Brutokosten re-integratie", "totale_kosten_eur_mln"] == pytest.approx(0.0155)
    assert t.loc["Nettokosten re-integratie", "totale_kosten_eur_mln"] == pytest.approx(0.0115)


def test_tables_5_6_to_5_8_average_over_completers(small):
    registry, status = small
    per = costs.client_costs(costs.cost_lines(registry), status)
    t56 = costs.table_5_6(per).set_index("label")
    # with benefit: a 3500, b 1500, e 500 → 5500 / 3 = 1833,3 → 1833; without: d 10000
    assert t56.loc["3 cliënten met uitkering", "gemiddelde_kosten_eur"] == 1833
    assert t56.loc["1 cliënten zonder uitkering", "gemiddelde_kosten_eur"] == 10000
    t57 = costs.table_5_7(per, PERIOD).set_index("label")
    assert (
        t57.loc["Voor 2004", "clienten_afgerond_n"] == 2
        and t57.loc["Voor 2004", "gemiddelde_re_integratiekosten_eur"] == 2000
    )
    assert t57.loc["In 2005", "instroom_n"] == 1 and t57.loc["In 2005", "clienten_afgerond_n"] == 0
    t58 = costs.table_5_8(per).set_index("label")
    assert (
        t58.loc["Uitkering beëindigd en uitgestroomd naar arbeid", "gemiddelde_kosten_eur"] == 3500
    )
    assert t58.loc["Uitkering niet beëindigd", "aantal_n"] == 2
    assert t58.loc["Totaal cliënten", "totale_kosten_eur_mln"] == pytest.approx(0.0155)


def test_key_figures_and_contract_buckets(small):
    registry, status = small
    lines = costs.cost_lines(registry)
    per = costs.client_costs(lines, status)
    outcomes = pd.DataFrame(
        {"contract_id": ["K1", "K2", "K3"], "participants_n": [2, 1, 1], "work_n": [1, 1, 0]}
    )
    cc = costs.contract_costs(lines, outcomes)
    key = costs.key_figures(per, cc, [0, 10, 20, 35, 100], benefit_cost_per_month_eur=1000)
    assert key["cost_per_exit_to_work_eur"] == pytest.approx(
        5500
    )  # all costs of clients with benefit / 1 exit
    assert key["break_even_months"] == pytest.approx(5.5)
    assert (key["cost_free_contracts_n"], key["cost_free_clients_n"]) == (1, 1)  # K3: a fee of € 0
    t59 = costs.table_5_9(cc, [0, 10, 20, 35, 100]).set_index("label")
    # K3 0% (cost 0), K1 50% and K2 100% in 35-100 (3000 + 2000 = 5000 for 2 exits)
    assert t59.loc["35% - 100%", "gemiddelde_kosten_per_uitgestroomde_client_eur"] == 2500
    assert t59.loc["0%", "aantal_contracten_n"] == 1
    assert key["low_outflow_cost_pct"] == pytest.approx(0.0)


def test_reserves_against_the_carry_over_ceiling():
    available = pd.DataFrame(
        {
            "label": ["Beschikbaar voor re-integratie"],
            "jaarrekening_2004_eur_mln": [100.0],
            "jaarrekening_2005_eur_mln": [80.0],
        }
    )
    reserve = pd.DataFrame(
        {
            "label": ["Reservering"],
            "stand_31_12_2004_eur_mln": [30.0],
            "stand_31_12_2005_eur_mln": [70.0],
        }
    )
    out = costs.reserves(available, reserve, 75)
    assert out["ceiling_eur_mln"].tolist() == [75.0, 60.0]
    assert out["room_eur_mln"].tolist() == [45.0, -10.0]  # 2005 above the ceiling
    assert out["movement_eur_mln"].iloc[1] == 40.0


def test_contributions_behind_each_money_cell(small):
    """Who contributes what to each money cell, by hand: contract payments count for the
    provider (K1 and K3 are P1's, K2 is P2's), the other costs for the client."""
    registry, status = small
    lines = costs.cost_lines(registry)
    per = costs.client_costs(lines, status)
    outcomes = pd.DataFrame(
        {"contract_id": ["K1", "K2", "K3"], "participants_n": [2, 1, 1], "work_n": [1, 1, 0]}
    )
    basis = costs.CostBasis(lines, per, outcomes, costs.contract_costs(lines, outcomes))
    edges = [0, 10, 20, 35, 100]
    tables = {
        "t5_5": costs.table_5_5(lines, costs.revenue(registry)),
        "t5_6": costs.table_5_6(per),
        "t5_7": costs.table_5_7(per, PERIOD),
        "t5_8": costs.table_5_8(per),
        "t5_9": costs.table_5_9(basis.contract_costs, edges),
    }
    frame = costs.contributions(registry, basis, tables, PERIOD, edges)

    def cell(table_id: str, label: str) -> dict[str, float]:
        part = frame[(frame["table_id"] == table_id) & (frame["label"] == label)]
        who = part["provider"].where(part["provider"] != "", part["client_key"])
        return part.groupby(who)["value_eur"].sum().to_dict()

    assert cell("t5_5", costs.SYSTEMS["BVS"]) == {"P1": 3000.0}  # 1000 + 500 + 1500 + 0
    assert cell("t5_5", "Detacheringen") == {"d": 10000.0}
    assert cell("t5_5", "Brutokosten re-integratie") == {
        "P1": 3000.0, "P2": 2000.0, "e": 500.0, "d": 10000.0
    }  # fmt: skip
    assert cell("t5_7", "Voor 2004") == {"a": 3500.0, "e": 500.0}
    assert cell("t5_9", "35% - 100%") == {"P1": 3000.0, "P2": 2000.0}
    assert cell("t5_6", "1 cliënten zonder uitkering") == {"d": 10000.0}
