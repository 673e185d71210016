"""analysis.steps.goals: pre-score rules, agreement, definition changes, realisation arithmetic."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.steps.goals import (
    GOAL_UNITS,
    agreement,
    definition_changes,
    parse_printed_pct,
    prescore_specific,
    prescore_time_bound,
    realisation,
    realisation_definition_changes,
    realised_share,
)


def goal(**fields):
    row = {column: None for column in GOAL_UNITS}
    row.update(
        goal_id="G01",
        document="Jaarplan gemeente 2005",
        year=2005,
        category="client_stock",
        indicator="client_stock",
    )
    row.update(fields)
    return row


# --- pre-score: specific ----------------------------------------------------------------------


def test_fully_specified_goal_is_specific_and_time_bound():
    g = goal(
        text="Op 1-1-2007 is het cliëntenbestand met een WWB-uitkering gereduceerd van 45.000 tot 40.000",
        target_value=40000,
        target_group="cliënten met een WWB-uitkering",
        deadline="2007-01-01",
    )
    specific = prescore_specific(g)
    assert specific.score == "+"
    assert "streefwaarde genoemd: 40.000" in specific.evidence
    assert "doelgroep: cliënten met een WWB-uitkering" in specific.evidence
    assert prescore_time_bound(g).score == "+"
    assert prescore_time_bound(g).evidence == ("einddatum: 01-01-2007",)


def test_goal_without_target_group_is_partly_specific():
    g = goal(text="3.218 trajectplannen werk/activering", target_value=3218)
    result = prescore_specific(g)
    assert result.score == "+/-"
    assert "geen doelgroep genoemd" in result.evidence


def test_goal_without_any_date_outside_an_annual_plan_is_not_time_bound():
    g = goal(
        document="Beleidskader Werk en reïntegratie",
        text="4.750 DWI-cliënten doen parttime werk",
        target_value=4750,
    )
    result = prescore_time_bound(g)
    assert result.score == "-"
    assert result.evidence == ("geen termijn of einddatum",)


def test_measurable_goal_in_an_annual_plan_takes_the_plan_year_as_term():
    g = goal(
        text="4.645 mensen uitgestroomd naar werk",
        target_value=4645,
        year=2006,
        document="Jaarplan gemeente 2006",
    )
    result = prescore_time_bound(g)
    assert result.score == "+"
    assert "planjaar 2006" in result.evidence[0]


def test_relative_term_only_is_partly_time_bound():
    g = goal(
        text="40% van alle nieuwe cliënten heeft binnen een jaar geen uitkering meer",
        target_value=40,
        target_unit="pct",
    )
    result = prescore_time_bound(g)
    assert result.score == "+/-"
    assert "binnen een jaar" in result.evidence[0]


def test_vague_goal_without_measure_scores_minus_on_both():
    g = goal(
        document="Programakkoord 2002-2006",
        year=2002,
        text="Bevorderen participatie en invullen maatschappelijke functies, gericht op doorstroming",
    )
    specific = prescore_specific(g)
    assert specific.score == "-"
    assert "vage formulering: 'bevorderen'" in specific.evidence
    assert prescore_time_bound(g).score == "-"


def test_direction_only_and_unknown_reference_make_a_goal_partly_specific():
    stable = goal(
        text="Aantal jongeren met een uitkering is stabiel of dalend (nulmeting 2.237 op 31-7-2006)"
    )
    assert prescore_specific(stable).score == "+/-"
    relative = goal(text="Daling cliëntenbestand met 500 cliënten meer dan landelijk gemiddelde")
    result = prescore_specific(relative)
    assert result.score == "+/-"
    assert any("landelijk gemiddelde" in e for e in result.evidence)


# --- agreement --------------------------------------------------------------------------------


def test_agreement_counts_only_goals_the_auditors_scored_and_computes_kappa():
    scored = pd.DataFrame(
        {
            "auditor_specific": ["+", "+", "-", "+/-", None],
            "pre_specific": ["+", "+/-", "-", "+/-", "+"],
        }
    )
    result = agreement(scored, "specific")
    assert (result.n, result.agreed) == (4, 3)
    assert result.share_agreed == pytest.approx(0.75)
    assert result.confusion.loc["+", "+/-"] == 1
    # by hand: po = 0.75; pe = (2*1 + 1*2 + 1*1)/16 = 5/16; kappa = (0.75 - 0.3125)/(1 - 0.3125)
    assert result.kappa == pytest.approx((0.75 - 5 / 16) / (1 - 5 / 16))


def test_kappa_is_undefined_when_everyone_uses_one_category():
    scored = pd.DataFrame({"auditor_specific": ["+", "+"], "pre_specific": ["+", "+"]})
    result = agreement(scored, "specific")
    assert result.share_agreed == 1 and math.isnan(result.kappa)


# --- consistency ------------------------------------------------------------------------------


def test_definition_change_and_a_goal_that_vanishes_and_returns():
    goals = pd.DataFrame(
        [
            goal(
                goal_id="G1",
                year=2004,
                text="a",
                target_group="cliënten met een WWB-uitkering",
                target_value=40000,
                target_unit="count",
            ),
            goal(
                goal_id="G2",
                year=2005,
                text="b",
                target_group="cliënten met een WWB-uitkering",
                target_value=40000,
                target_unit="count",
            ),
            goal(
                goal_id="G3",
                year=2006,
                text="c",
                target_group="cliënten met een re-integratiedoelstelling",
                target_value=40000,
                target_unit="count",
            ),
            goal(
                goal_id="G4",
                year=2004,
                indicator="parttime",
                text="d",
                target_value=25,
                target_unit="pct",
            ),
            goal(goal_id="G5", year=2005, indicator="other", text="e"),
            goal(
                goal_id="G6",
                year=2006,
                indicator="parttime",
                text="f",
                target_value=4750,
                target_unit="count",
            ),
        ]
    )
    changes = definition_changes(goals)
    kinds = set(zip(changes["indicator"], changes["kind"], strict=True))
    assert kinds == {("client_stock", "definition"), ("parttime", "target"), ("parttime", "absent")}
    change = changes[changes["kind"] == "definition"].iloc[0]
    assert (change["from_goal"], change["to_goal"]) == ("G2", "G3")
    assert change["after"] == "cliënten met een re-integratiedoelstelling"
    assert changes[changes["kind"] == "absent"].iloc[0]["before"] == "ontbreekt in 2005"


def test_realisation_for_another_population_is_listed():
    goals = pd.DataFrame(
        [
            goal(
                goal_id="G1",
                target_group="cliënten met een WWB-uitkering",
                realised_group="cliënten met een re-integratiedoelstelling",
            ),
            goal(
                goal_id="G2",
                target_group="cliënten met een WWB-uitkering",
                realised_group="mensen met WWB-uitkering",
            ),
        ]
    )  # G2 differs only in wording (mensen/cliënten, article), not in substance
    assert list(realisation_definition_changes(goals)["goal_id"]) == ["G1"]


# --- realisation ------------------------------------------------------------------------------


def test_reduction_is_realised_for_the_share_of_the_intended_fall():
    # from 45,000 to 40,000; 41,235 reached: 3,765 of 5,000 = 75.3%
    share, method = realised_share(
        goal(direction="decrease", baseline_value=45000, target_value=40000, realised_value=41235)
    )
    assert share == pytest.approx(75.3)
    assert method.startswith("deel van de beoogde daling")


def test_increase_and_level_targets():
    share, _ = realised_share(
        goal(direction="increase", baseline_value=100, target_value=200, realised_value=150)
    )
    assert share == pytest.approx(50)
    share, _ = realised_share(goal(direction="level", target_value=16295, realised_value=13135))
    assert share == pytest.approx(80.6, abs=0.05)


def test_unknown_realisation_is_not_computed_and_says_why():
    share, method = realised_share(goal(target_value=4750, realised_text="Niet over gerapporteerd"))
    assert math.isnan(share)
    assert method == "niet te berekenen: Niet over gerapporteerd"
    share, method = realised_share(goal(direction="maintain", realised_value=2300))
    assert math.isnan(share)


def test_printed_percentages_are_parsed_and_compared_at_their_precision():
    assert parse_printed_pct("81%") == (81.0, 0)
    assert parse_printed_pct("Onbekend") is None
    assert parse_printed_pct("min. 17%") == (17.0, 0)
    goals = pd.DataFrame(
        [
            goal(
                goal_id="G1",
                direction="decrease",
                baseline_value=45000,
                target_value=40000,
                realised_value=41235,
                realised_pct_printed="75",
            ),
            goal(
                goal_id="G2",
                direction="level",
                target_value=4300,
                realised_value=3934,
                realised_pct_printed="109%",
            ),
            goal(
                goal_id="G3",
                target_value=4750,
                realised_text="Niet over gerapporteerd",
                realised_pct_printed="Onbekend",
            ),
        ]
    )
    result = realisation(goals).set_index("goal_id")
    assert result.loc["G1", "differs"] == False  # noqa: E712  (pandas boolean NA-aware)
    assert result.loc["G2", "differs"] == True  # noqa: E712  3934/4300 = 91.5%, printed 109%
    assert pd.isna(result.loc["G3", "differs"])


def test_a_maximum_is_realised_as_target_over_realisation():
    share, method = realised_share(goal(direction="decrease", target_value=750, realised_value=917))
    assert share == pytest.approx(81.79, abs=0.01)
    assert method.startswith("streefwaarde / realisatie")


def test_rounding_of_printed_inputs_is_allowed_and_the_print_basis_is_named():
    goals = pd.DataFrame(
        [
            # 6,9% of a 25% target: 6.85–6.95 gives 27.4–27.8; a printed 27 stands for 26.5–27.5,
            # and the two overlap → consistent within the rounding of the print
            goal(
                goal_id="G1",
                target_value=25,
                target_unit="pct",
                realised_value=6.9,
                realised_pct_printed="27%",
            ),
            # a reduction goal printed as target / realisation
            goal(
                goal_id="G2",
                direction="level",
                target_value=1650,
                target_unit="count",
                realised_value=1044,
                realised_pct_printed="158%",
            ),
        ]
    )
    result = realisation(goals).set_index("goal_id")
    assert result.loc["G1", "differs"] == False  # noqa: E712
    assert result.loc["G2", "differs"] == True  # noqa: E712
    assert result.loc["G2", "printed_basis"] == "streefwaarde / realisatie"


# --- the shipped registers --------------------------------------------------------------------


@pytest.mark.parametrize("case", ["amsterdam_2006", "uithoorn_2018", "amsterdam_2024"])
def test_every_case_has_a_valid_register(case):
    from analysis.steps.goals import goal_criteria, load_goals, load_norms, score_goals

    norms = load_norms(case)
    scored = score_goals(load_goals(case), norms)
    assert len(scored) > 5
    for criterion in goal_criteria(norms):
        # a rule gives a score or says why it cannot (onderbouwd, a goal stated once)
        assert scored[f"pre_{criterion}"].dropna().isin(["+", "+/-", "-"]).all()
        assert scored[f"pre_{criterion}_evidence"].str.len().gt(0).all()


def test_the_2007_cases_are_scored_as_before():
    from analysis.steps.goals import goal_criteria, load_goals, load_norms, score_goals

    for case in ("amsterdam_2006",):
        norms = load_norms(case)
        assert goal_criteria(norms) == ("specific", "time_bound")
        register = load_goals(case)
        pd.testing.assert_frame_equal(score_goals(register, norms), score_goals(register))


def test_amsterdam_register_covers_every_scored_goal_of_chapter_3_and_4():
    from analysis.published.tables import load_table
    from analysis.steps.goals import load_goals

    register = load_goals("amsterdam_2006")
    for table_id in ["t3_1", "t3_2", "t3_4", "t3_5", "t3_6"]:
        table = load_table("amsterdam_2006", table_id)
        scored_rows = table[table["specifiek"].notna() | table["tijdgebonden"].notna()]["label"]
        covered = set(register.loc[register["source_table"] == table_id, "source_row"])
        assert set(scored_rows) <= covered, table_id
    for table_id in ["t4_1", "t4_5", "t4_9", "t4_12"]:
        table = load_table("amsterdam_2006", table_id)
        pct_column = [c for c in table.columns if c.startswith("realisatie_")][0]
        reported = table[table[pct_column].notna()]["label"]
        covered = set(register.loc[register["realised_table"] == table_id, "realised_row"])
        assert set(reported) <= covered, table_id


def test_the_client_stock_definition_change_of_the_audit_is_found():
    from analysis.steps.goals import definition_changes, load_goals, realisation_definition_changes

    register = load_goals("amsterdam_2006")
    changes = definition_changes(register)
    assert "client_stock" in set(changes.loc[changes["kind"] == "definition", "indicator"])
    elsewhere = realisation_definition_changes(register)
    row = elsewhere[elsewhere["realised_group"].str.contains("re-integratiedoelstelling")]
    assert len(row) == 1 and "WWB" in row.iloc[0]["target_group"]


def test_goal_sentences_agree_in_number_with_one_goal():
    from analysis.core.formats import nl_count
    from analysis.report.goals import realisation_sentences

    assert nl_count(1, "doel", "doelen") == "1 doel"
    assert nl_count(1250, "doel", "doelen") == "1.250 doelen"
    one = pd.DataFrame(
        {
            "goal_id": ["G1"],
            "realised_text": ["onbekend"],
            "realised_value": [float("nan")],
            "realised_pct_computed": [float("nan")],
            "differs": pd.array([pd.NA], dtype="boolean"),
        }
    )
    lines = realisation_sentences(one)
    assert lines[0].startswith("Van 1 doel is een realisatie gerapporteerd")
    assert lines[1].startswith("Bij 1 doel is de realisatie niet in een getal")
