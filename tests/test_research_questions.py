"""Research questions honestly mapped: a question counts as answered only when a step that
answers it from the data ran for the case (its outputs exist); questions that need interviews or
dossiers are never counted (report.findings.question_status)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.core.cases import load_case
from analysis.report.findings import question_status, research_question_steps

MAPPING = """\
nr,component,answer,outputs,toelichting
1,goals,coded,goals_scored,doelen getoetst
1,goals,interviews,,beleidstheorie
2,outflow,computed,table:pl_year;table:dw_start,werk met ondersteuning
3,casestudies,interviews,,ervaringen
4,costs,computed,table:tp_costs,kosten (de casus heeft geen kosten)
"""


def _write(toy, text: str = MAPPING) -> None:
    (toy / "research_question_steps.csv").write_text(text, encoding="utf-8")


def test_a_question_is_answered_only_when_its_outputs_exist(toy):
    _write(toy)
    cfg = load_case("toy")
    status = question_status(cfg, research_question_steps("toy")).set_index("nr")
    assert not status["answered"].any()  # nothing has run yet
    assert status.loc["3", "interviews_only"] and not status.loc["1", "interviews_only"]
    assert status.loc["2", "how"] == "nog niet: de uitkomsten van outflow ontbreken"

    frame = pd.DataFrame({"label": ["2024"], "total_n": [12]})
    store.write_tables("toy", {"pl_year": frame})
    status = question_status(cfg, research_question_steps("toy")).set_index("nr")
    assert not status.loc["2", "answered"]  # dw_start is still missing
    store.write_tables("toy", {"dw_start": frame})
    status = question_status(cfg, research_question_steps("toy")).set_index("nr")
    assert status.loc["2", "answered"] and status.loc["2", "how"] == "berekend uit de gegevens"
    # the case has no costs component: a costs table on disk does not answer question 4
    store.write_tables("toy", {"tp_costs": frame})
    assert (
        not question_status(cfg, research_question_steps("toy"))
        .set_index("nr")
        .loc["4", "answered"]
    )


def test_the_front_page_counts_answered_questions_not_mapped_ones(toy):
    from analysis.report.findings import Inputs, _research_questions

    _write(toy)
    store.write_tables("toy", {t: pd.DataFrame({"label": ["x"]}) for t in ("pl_year", "dw_start")})
    sentence = _research_questions(Inputs(load_case("toy")))
    assert sentence == (
        "Van de 4 deelvragen zijn er 1 beantwoord met berekende cijfers of gecodeerde bevindingen "
        "uit de gegevens van deze casus; 1 vragen alleen interviews of dossiers, die niet in de "
        "gegevens zitten."
    )


def test_a_bad_mapping_names_file_row_column_and_value(toy):
    _write(toy, MAPPING.replace("3,casestudies,interviews", "3,casestudies,guessed"))
    with pytest.raises(
        ValueError, match=r"research_question_steps.csv: row 5, column answer: 'guessed'"
    ):
        research_question_steps("toy")
    _write(toy, MAPPING.replace("table:tp_costs", ""))
    with pytest.raises(ValueError, match=r"row 6, column outputs: empty"):
        research_question_steps("toy")


def test_amsterdam_2024_maps_every_question_and_says_which_need_interviews():
    mapping = research_question_steps("amsterdam_2024")
    assert sorted(mapping["nr"].unique()) == ["1", "2", "3", "4", "5", "6"]
    only_interviews = {
        nr for nr, group in mapping.groupby("nr") if (group["answer"] == "interviews").all()
    }
    assert only_interviews == {"4", "5"}
