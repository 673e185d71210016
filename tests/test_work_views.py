"""The report views of work with support and durable work: every sentence is computed from the
tables it sits beside, and no sentence tells a count under min_cell (figures by hand)."""

from __future__ import annotations

import pandas as pd

from analysis.report import placements as placements_view
from analysis.report import retention as retention_view
from analysis.steps import placements


def _per_year(totals: list[int], regular: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "label": [str(2021 + i) for i in range(len(totals))],
            "regular_n": regular,
            "social_firm_n": [t - r for t, r in zip(totals, regular, strict=True)],
            "sw_company_n": 0,
            "municipality_n": 0,
            "total_n": totals,
        }
    )
    frame["regular_pct"] = (100 * frame["regular_n"] / frame["total_n"]).round(1)
    return frame


GOALS = pd.DataFrame(
    {
        "goal_id": ["G1", "G2"],
        "target_value": [400.0, 150.0],
        "deadline": [pd.Timestamp("2026-12-31"), pd.NaT],
        "text": ["400 aan het werk eind 2026", "150 aan het werk"],
    }
)


def test_placement_sentences_compare_with_the_goal_and_skip_small_years():
    per_year = _per_year([8, 100, 130, 160], [4, 50, 70, 100])
    against = placements.against_goals(per_year, GOALS, ["G1", "G2"])
    lines = placements_view.summary_sentences(per_year, against, min_cell=10)
    # 2021's 8 is under 10: the comparison starts in 2022 (100, 50,0%)
    assert lines[0] == (
        "Eind 2024 waren 160 mensen met ondersteuning van de gemeente aan het werk (eind 2022: "
        "100); 62,5% bij een reguliere werkgever (eind 2022: 50,0%)."
    )
    # G1: 160/400 = 40%; needs (400 − 160) / 2 = 120 a year; trend (160 − 8) / 3 ≈ 50.7;
    # projected 160 + 2 × 50.67 ≈ 261
    assert lines[1] == (
        "Dat is 40,0% van het doel G1 (400 eind 2026): daarvoor moeten er elk jaar 120 bij komen; "
        "de laatste jaren groeide het aantal met gemiddeld 51 per jaar. Bij die groei zijn het er "
        "eind 2026 ongeveer 261: het doel is bij dit tempo niet haalbaar."
    )
    assert lines[2] == "Dat is 106,7% van het doel G2 (150, zonder termijn)."
    assert placements_view.summary_sentences(_per_year([8], [4]), against.iloc[:0], 10) == []


def _durable(at_work_12: list[int], observed_12: list[int]) -> dict[str, pd.DataFrame]:
    labels = ["2021", "2022", "Totaal"]

    def table(count: str) -> pd.DataFrame:
        frame = pd.DataFrame({"label": labels, count: observed_12})
        for k in (6, 12, 24):
            frame[f"observed_{k}m_n"] = observed_12
            frame[f"at_work_{k}m_n"] = at_work_12
            frame[f"at_work_{k}m_pct"] = [
                round(100 * a / o, 1) if o else float("nan")
                for a, o in zip(at_work_12, observed_12, strict=True)
            ]
        return frame

    back = pd.DataFrame(
        {
            "label": ["Totaal"],
            "ended_n": [30],
            "observed_6m_n": [30],
            "back_6m_n": [3],
            "back_6m_pct": [10.0],
            "observed_12m_n": [30],
            "back_12m_n": [12],
            "back_12m_pct": [40.0],
        }
    )
    return {
        "dw_start": table("started_n"),
        "dw_support": table("support_ended_n"),
        "dw_return": back,
    }


def test_durable_sentences_say_the_city_defines_nothing_and_hide_small_counts():
    lines = retention_view.summary_sentences(_durable([12, 30, 42], [20, 40, 60]), 12, 10)
    assert "geen vaste definitie" in lines[0] and "ten minste 12 maanden" in lines[0]
    assert lines[1] == (
        "Van de 60 mensen die met ondersteuning aan het werk gingen en 12 maanden te volgen zijn, "
        "werkte 70,0% na 12 maanden nog (wie in 2021 begon: 60,0%, wie in 2022 begon: 75,0%)."
    )
    assert lines[-1] == (
        "Van wie het werk verloor en twaalf maanden te volgen is, had 40,0% binnen een jaar weer "
        "een uitkering."
    )
    # 2021: 5 of 20 at work — 5 is a small cell, so no year comparison is told
    lines = retention_view.summary_sentences(_durable([5, 30, 35], [20, 40, 60]), 12, 10)
    assert "wie in 2021" not in " ".join(lines)
    assert "werkte 58,3% na 12 maanden nog." in lines[1]
