"""analysis.steps.conclusions: conclusions read from processed outputs, compared with the printed facts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.core import paths
from analysis.report import conclusions as conclusions_view
from analysis.steps import conclusions as summary
from analysis.steps import outflow

# 17 paid contracts of 20 participants each; shares of participants who found work: five at
# 0%, seven at 5% (1 of 20), three at 20% (4), one at 35% (7) and one at 45% (9).
OUTCOMES = pd.DataFrame(
    {
        "contract_id": [f"c{i}" for i in range(17)],
        "participants_n": [20] * 17,
        "work_n": [0] * 5 + [1] * 7 + [4] * 3 + [7, 9],
    }
)


def write_contract_figures(success_pct):
    figures = outflow.contract_success(OUTCOMES, [0, 10, 20, 35, 100], success_pct)
    store.write_key_figures("amsterdam_2006", "contracts", figures)


@pytest.fixture
def processed(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    folder = tmp_path / "amsterdam_2006" / "tables"
    folder.mkdir(parents=True)
    t4_15 = pd.DataFrame(
        {
            "label": ["Nieuwe instroom in 2004", "Totaal cliënten"],
            "beginstand_n": [100, 1000],
            "uitstroom_werk_n": [10, 76],
            "uitstroom_werk_pct": [10.0, 7.6],
            "uitstroom_werk_traject_n": [3, 20],
            "uitstroom_werk_traject_pct": [3.0, 2.0],
        }
    )
    store.write_tables("amsterdam_2006", {"t4_15": t4_15})
    write_contract_figures(35)
    store.write_key_figures("amsterdam_2006", "costs", {"cost_per_exit_to_work_eur": 17000.4})
    return tmp_path


def test_conclusions_are_read_from_the_processed_outputs(processed):
    frame = summary.conclusions("amsterdam_2006", contract_success_pct=35)
    assert summary.value(frame, "outflow_to_work_pct") == pytest.approx(7.6)
    assert summary.value(frame, "outflow_after_trajectory_pct") == pytest.approx(2.0)
    assert summary.value(frame, "contracts_successful_n") == 2
    assert summary.value(frame, "contracts_low_outflow_n") == 12  # 0% and 0–10%
    assert summary.value(frame, "contracts_examined_n") == 17
    # Missing inputs leave a conclusion out rather than filling it in.
    assert "cost_per_client_eur" not in set(frame["id"])
    with pytest.raises(KeyError):
        summary.value(frame, "cost_per_client_eur")


def test_printed_figures_come_from_facts_and_agreement_uses_the_printed_rounding(processed):
    frame = summary.conclusions("amsterdam_2006").set_index("id")
    assert frame.loc["outflow_to_work_pct", "printed"] == 7.6
    assert frame.loc["outflow_to_work_pct", "agrees"]
    # 17.000,4 against the §5.3.1 figure 17.150 (to the euro): outside; against 'circa 17.000': inside
    assert not frame.loc["cost_per_exit_eur", "agrees"]
    assert frame.loc["cost_per_exit_eur_ch8", "agrees"]
    # 2 of 17 contracts against the printed 9: reported as a disagreement
    assert not frame.loc["contracts_successful_n", "agrees"]
    sentences = conclusions_view.disagreement_sentences(frame.reset_index())
    assert any(s.startswith("Contracten met ten minste 35%") for s in sentences)


def test_a_changed_success_threshold_changes_the_count(processed):
    write_contract_figures(10)
    frame = summary.conclusions("amsterdam_2006", contract_success_pct=10)
    assert summary.value(frame, "contracts_successful_n") == 5  # 20%, 20%, 20%, 35%, 45%


def test_a_success_threshold_between_bucket_edges_counts_contracts_not_buckets(processed):
    # 40% is no edge of Tabel 4.17's buckets: only the 45% contract reaches it. (Counting whole
    # buckets from the table, as before, found none and contradicted notebook 02.)
    write_contract_figures(40)
    frame = summary.conclusions("amsterdam_2006", contract_success_pct=40).set_index("id")
    assert frame.loc["contracts_successful_n", "computed"] == 1
    label = (
        conclusions_view.worded(frame.reset_index())
        .set_index("id")
        .loc["contracts_successful_n", "label"]
    )
    assert label.startswith("Contracten met ten minste 40%")
    assert pd.isna(frame.loc["contracts_successful_n", "printed"])  # the report prints 35%+ only


def test_conclusions_refuse_contract_figures_built_with_another_threshold(processed):
    with pytest.raises(ValueError, match="contract_success_pct 35, not 40"):
        summary.conclusions("amsterdam_2006", contract_success_pct=40)


def test_values_are_formatted_per_unit():
    assert conclusions_view.format_value(7.6401, "pct") == "7,6%"
    assert conclusions_view.format_value(1869, "eur") == "€ 1.869"
    assert conclusions_view.format_value(1.481, "years") == "1,5 jaar"
    assert conclusions_view.format_value(float("nan"), "count") == "–"


def test_rounding_steps_are_shown_in_the_unit_of_the_figure():
    assert conclusions_view.format_step(0.1, "pct") == "0,1 procentpunt"
    assert conclusions_view.format_step(1000, "eur") == "€ 1.000"
    assert conclusions_view.format_step(0.5, "years") == "0,5 jaar"
    assert conclusions_view.format_step(None, "count") == "–"


def test_without_computed_conclusions_the_consistency_finding_is_told_once_on_the_page():
    from analysis.core.cases import load_case
    from analysis.report.conclusions import consistency_parts, headline_parts

    found = {"goals": "Doelen: bevinding.", "consistency": "1 van de 18 controles: bevinding."}
    headline = "".join(headline_parts(load_case("uithoorn_2018"), pd.DataFrame(), found))
    assert "Doelen: bevinding." in headline
    assert "1 van de 18" not in headline
    assert "1 van de 18" in "".join(consistency_parts(found))


def test_the_payment_question_is_asked_only_of_a_registry_with_payments():
    from analysis.core.cases import load_case
    from analysis.report import frontpage

    step = frontpage.Step("03_costs", "Kosten", True)
    with_payments = frontpage.step_html(load_case("amsterdam_2006"), step, {})
    assert "in verhouding tot de resultaten, en zijn betalingen aan" in with_payments
    for case in ("amsterdam_2024", "uithoorn_2018"):
        body = frontpage.step_html(load_case(case), step, {})
        assert "in verhouding tot de resultaten?" in body and "betalingen" not in body, case


def test_the_front_page_tells_the_net_effect_at_twelve_months(tmp_path, monkeypatch):
    from analysis.core.cases import load_case
    from analysis.report import findings, frontpage

    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    rows = [
        ("naive", "alle", 12, 4.1, None, None, 3528),
        ("matching", "alle", 6, 1.8, 1.2, 2.5, 5473),
        ("matching", "alle", 12, 5.5, 4.3, 6.7, 3528),
        ("matching", "3. Scholing", 12, 7.9, 3.7, 11.9, 283),
        ("duration", "alle", 12, 2.6, 1.7, 3.7, 3528),
    ]
    columns = ["estimator", "category", "horizon", "effect_pp", "ci_low", "ci_high", "treated_n"]
    store.write("amsterdam_2006", "net_effect", pd.DataFrame(rows, columns=columns))
    cfg = load_case("amsterdam_2006")
    sentence = findings.component_findings(cfg)["net_effect"]
    assert "+5,5 procentpunt uitstroom naar werk binnen 12 maanden" in sentence
    assert (
        "(95%-interval +4,3 tot +6,7)" in sentence and "naïeve vergelijking geeft +4,1" in sentence
    )
    step = frontpage.Step("02_outflow", "Uitstroom", True)
    assert sentence in frontpage.step_html(cfg, step, {"net_effect": sentence})
