"""analysis.steps.payments: each rule on tiny hand-made ledgers, with positive and negative cases."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.registry.model import Registry
from analysis.steps import payments

T = pd.Timestamp


def ledger(payments_rows, activities=(), contracts=(), jobs=(), ww=(), spells=(), persons=None):
    pay = pd.DataFrame(
        payments_rows,
        columns=[
            "payment_id",
            "client_key",
            "contract_id",
            "activity_id",
            "provider",
            "kind",
            "amount_eur",
            "payment_date",
        ],
    )
    pay["payment_date"] = pd.to_datetime(pay["payment_date"])
    acts = pd.DataFrame(
        list(activities),
        columns=["activity_id", "client_key", "contract_id", "kind", "start_date", "end_date"],
    )
    for col in ("start_date", "end_date"):
        acts[col] = pd.to_datetime(acts[col])
    con = pd.DataFrame(list(contracts), columns=["contract_id", "provider"])
    emp = pd.DataFrame(
        list(jobs),
        columns=["client_key", "employer_id", "start_date", "end_date", "subsidised"],
    )
    une = pd.DataFrame(list(ww), columns=["client_key", "start_date", "end_date"])
    spl = pd.DataFrame(
        list(spells), columns=["client_key", "spell_start", "spell_end", "end_reason"]
    )
    for frame, cols in (
        (emp, ("start_date", "end_date")),
        (une, ("start_date", "end_date")),
        (spl, ("spell_start", "spell_end")),
    ):
        for col in cols:
            frame[col] = pd.to_datetime(frame[col])
    emp["subsidised"] = emp["subsidised"].astype(bool)
    keys = sorted(set(pay["client_key"].dropna()))
    per = (
        persons
        if persons is not None
        else pd.DataFrame({"client_key": keys, "bsn_valid": True, "known_client": True})
    )
    return Registry(
        {
            "payments": pay,
            "activities": acts,
            "contracts": con,
            "employment": emp,
            "unemployment_benefits": une,
            "benefit_spells": spl,
            "persons": per,
        }
    )


# --- rule 3: sustained regular work -------------------------------------------------------------


def _premium_after(months_of_work: float, **extra):
    start = T("2005-01-01")
    paid = start + pd.Timedelta(days=round(30.44 * months_of_work))
    extra.setdefault("spells", [("c1", "2003-05-01", "2004-12-31", "work")])
    return ledger(
        [("P1", "c1", "K1", "A1", "Alfa", "outflow_premium", 1500.0, paid)],
        jobs=[("c1", "Bakkerij", start, None, False)],
        **extra,
    )


def test_lawful_premium_after_eight_months_of_regular_work_is_not_flagged():
    assert payments.premium_before_sustained_work(_premium_after(8)).empty


def test_premium_after_five_months_of_regular_work_is_flagged():
    found = payments.premium_before_sustained_work(_premium_after(5))
    assert list(found["payment_id"]) == ["P1"]
    row = found.iloc[0]
    assert (row["reason"], str(row["period_start"].date())) == ("too_soon", "2005-01-01")
    assert row["months_at_payment"] == pytest.approx(5.0, abs=0.1)
    assert pd.isna(row["interrupted_by"])


def test_unemployment_benefit_inside_the_period_breaks_sustained_work():
    led = _premium_after(8, ww=[("c1", "2005-03-01", "2005-06-30")])
    found = payments.premium_before_sustained_work(led)
    assert list(found["payment_id"]) == ["P1"]
    assert found.iloc[0][["reason", "interrupted_by"]].tolist() == [
        "interrupted",
        "unemployment_benefit",
    ]


def test_return_to_benefit_breaks_it_but_the_spell_that_ended_at_the_job_does_not():
    led = _premium_after(
        8, spells=[("c1", "2003-05-01", "2005-01-01", "work"), ("c1", "2005-04-01", None, None)]
    )
    found = payments.premium_before_sustained_work(led)
    assert found.iloc[0]["interrupted_by"] == "social_assistance"
    assert payments.premium_before_sustained_work(_premium_after(8)).empty  # the exit spell alone


def test_premium_without_any_regular_job_is_flagged_and_sustained_months_is_a_parameter():
    led = ledger([("P1", "c1", "K1", "A1", "Alfa", "outflow_premium", 1500.0, "2005-09-01")])
    assert payments.premium_before_sustained_work(led).iloc[0]["reason"] == "no_regular_job"
    assert payments.premium_before_sustained_work(_premium_after(8), sustained_months=12)[
        "payment_id"
    ].tolist() == ["P1"]


# --- rule 1: premium for a placement the municipality finances -----------------------------------


def _chain(with_financed_job: bool):
    jobs = (
        [("c1", "WorkstaR", "2005-01-01", "2005-07-01", True)]
        if with_financed_job
        else [("c1", "Bakkerij", "2005-01-01", None, False)]
    )
    return ledger(
        [
            ("P1", "c1", "KA", "A1", "Bedrijf A", "outflow_premium", 2700.0, "2005-07-20"),
            ("P2", "c1", "KB", "B1", "WorkstaR", "wage_contribution", 6500.0, "2005-07-10"),
        ],
        activities=[
            ("A1", "c1", "KA", "traject", "2004-07-01", "2004-10-31"),
            ("B1", "c1", "KB", "stage", "2004-11-01", "2004-12-31"),
        ],
        contracts=[("KA", "Bedrijf A"), ("KB", "WorkstaR")],
        jobs=jobs,
    )


def test_premium_for_a_job_the_municipality_finances_is_flagged_with_the_chain():
    found = payments.premium_for_financed_placement(_chain(True))
    assert list(found["payment_id"]) == ["P1"]
    assert found.iloc[0]["provider"] == "Bedrijf A" and found.iloc[0]["counterpart"] == "WorkstaR"
    assert found.iloc[0]["amount_eur"] == 2700.0


def test_premium_for_regular_work_is_not_flagged_by_rule_1():
    assert payments.premium_for_financed_placement(_chain(False)).empty


def test_paid_activity_at_another_provider_in_the_window_is_a_financed_placement():
    led = ledger(
        [
            ("P1", "c1", "KA", "A1", "Bedrijf A", "outflow_premium", 1000.0, "2005-07-20"),
            ("P2", "c1", "KB", "B1", "Bedrijf B", "fee", 3000.0, "2005-06-01"),
            ("P3", "c2", "KA", "A2", "Bedrijf A", "outflow_premium", 1000.0, "2005-07-20"),
        ],
        activities=[
            ("A1", "c1", "KA", "traject", "2004-06-01", "2004-10-31"),
            ("B1", "c1", "KB", "traject", "2005-02-01", "2005-05-31"),
            # c2: an open registration at B nobody was paid for is no placement
            ("A2", "c2", "KA", "traject", "2004-06-01", "2004-10-31"),
            ("B2", "c2", "KB", "traject", "2005-02-01", None),
        ],
        contracts=[("KA", "Bedrijf A"), ("KB", "Bedrijf B")],
    )
    assert payments.premium_for_financed_placement(led)["payment_id"].tolist() == ["P1"]


# --- rule 2: two providers paid for the same service ---------------------------------------------


def _double(overlap: bool):
    stage_start = "2005-03-01" if overlap else "2005-07-01"
    return ledger(
        [
            ("P1", "c1", "KF", "F1", "FourstaR", "qualification_premium", 800.0, "2005-06-15"),
            ("P2", "c1", "KW", "W1", "WorkstaR", "internship_fee", 1500.0, "2005-06-20"),
            ("P3", "c1", "KF", "F1", "FourstaR", "fee", 2000.0, "2005-06-15"),
            ("P4", "c1", "KW", "W1", "WorkstaR", "wage_contribution", 3000.0, "2005-06-20"),
        ],
        activities=[
            ("F1", "c1", "KF", "traject", "2005-01-01", "2005-05-31"),
            ("W1", "c1", "KW", "stage", stage_start, "2005-08-31"),
        ],
        contracts=[("KF", "FourstaR"), ("KW", "WorkstaR")],
    )


def test_qualification_premium_and_internship_fee_for_one_internship_are_flagged():
    found = payments.double_payment_same_service(_double(overlap=True))
    assert sorted(found["payment_id"]) == ["P1", "P2"]
    assert found["amount_eur"].sum() == 2300.0


def test_the_same_services_one_after_the_other_are_not_flagged():
    assert payments.double_payment_same_service(_double(overlap=False)).empty


# --- rule 4 and the whole audit -------------------------------------------------------------------


def test_payments_for_invalid_unknown_or_missing_bsn_are_flagged():
    persons = pd.DataFrame(
        {
            "client_key": ["ok", "bad", "stranger"],
            "bsn_valid": [True, False, True],
            "known_client": [True, False, False],
        }
    )
    led = ledger(
        [
            ("P1", "ok", "K", None, "A", "fee", 1.0, "2005-01-01"),
            ("P2", "bad", "K", None, "A", "fee", 2.0, "2005-01-01"),
            ("P3", "stranger", "K", None, "A", "fee", 3.0, "2005-01-01"),
            ("P4", None, "K", None, "A", "fee", 4.0, "2005-01-01"),
        ],
        persons=persons,
    )
    found = payments.payment_for_invalid_or_unknown_client(led).set_index("payment_id")
    assert sorted(found.index) == ["P2", "P3", "P4"]
    assert found["reason"].to_dict() == {"P2": "invalid_bsn", "P3": "unknown_bsn", "P4": "no_bsn"}


def test_audit_leaves_rule_1_cases_out_of_rule_3():
    found = payments.audit(_chain(True))
    assert found["rule"].tolist() == ["premium_for_financed_placement"]
    summary = payments.summary(found).set_index("rule")
    assert summary.loc["premium_for_financed_placement", "amount_eur"] == pytest.approx(2700.0)


def test_a_finding_is_worded_from_its_fields():
    from analysis.report.payments import finding_detail

    found = payments.premium_before_sustained_work(
        _premium_after(8, ww=[("c1", "2005-03-01", "2005-06-30")])
    ).iloc[0]
    assert finding_detail(found, 6) == (
        "regulier werk sinds 01-01-2005 (8,0 maanden bij de betaling); onderbroken door WW-uitkering"
    )
