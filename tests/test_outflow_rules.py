"""Definitions of chapter 4 that an independent re-implementation found unspecified (the spec
gaps of docs/registry.md), each on a tiny hand-made registry."""

from __future__ import annotations

import pandas as pd

from analysis.registry.intake import Period
from analysis.registry.model import Registry
from analysis.steps import outflow

PERIOD = Period.of("2004-01-01", "2006-06-30")
T = pd.Timestamp


def _registry(exemptions=(), activities=(), contracts=("K1",)) -> Registry:
    return Registry(
        {
            "clients": pd.DataFrame({"client_key": ["a", "b", "c"]}),
            "benefit_spells": pd.DataFrame(
                {
                    "client_key": ["a", "b"],
                    "spell_start": [T("2004-03-01"), T("2004-03-01")],
                    "spell_end": [T("2005-01-31"), pd.NaT],
                    "scheme": ["pw", "pw"],
                    "end_reason": ["work_employee", None],
                    "age_at_start_n": [30, 40],
                }
            ),
            "exemptions": pd.DataFrame(
                list(exemptions), columns=["client_key", "reason", "start_date", "end_date"]
            ),
            "activities": pd.DataFrame(list(activities), columns=["client_key", "contract_id"]),
            "contracts": pd.DataFrame(
                {
                    "contract_id": list(contracts),
                    "provider": "P",
                    "name": "n",
                    "category": "c",
                    "rung": 3,
                    "system": "BVS",
                    "intake_closed": False,
                }
            ),
        }
    )


def test_two_exemptions_starting_on_one_day_take_the_longer_then_the_first_listed_reason():
    same_day = [
        ("a", "medical", T("2005-01-01"), T("2005-06-30")),
        ("a", "social", T("2005-01-01"), pd.NaT),  # open-ended: runs longest
        ("b", "social", T("2005-01-01"), T("2005-12-31")),
        ("b", "medical", T("2005-01-01"), T("2005-12-31")),  # same end: Tabel 4.8 lists it first
    ]
    for rows in (same_day, same_day[::-1]):  # whatever the order of the extract
        status = outflow.client_status(_registry(exemptions=rows), PERIOD).set_index("client_key")
        assert status.loc["a", "exemption_reason"] == "social"
        assert status.loc["b", "exemption_reason"] == "medical"


def test_a_client_without_benefit_has_no_end_status_and_is_never_an_exit():
    # c has no benefit in the period but takes part in contract K1 with a, who left for work:
    # K1 has two participants and one exit (Tabel 4.17 counts c as a participant only).
    reg = _registry(activities=[("a", "K1"), ("c", "K1")])
    status = outflow.client_status(reg, PERIOD).set_index("client_key")
    assert pd.isna(status.loc["c", "end_status"]) and not status.loc["c", "has_benefit"]
    assert not status.loc["c", "exit_within_1y"]
    k1 = outflow.contract_outcomes(reg, status.reset_index()).set_index("contract_id").loc["K1"]
    assert (k1["participants_n"], k1["work_n"]) == (2, 1)
