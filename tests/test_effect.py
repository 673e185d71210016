"""The net effect of trajectories (steps.effect) against a registry with a known effect.

The registry is drawn by analysis.synthetic.effect from a model in which the true effect is set;
the truth is computed there from the model's hazards and read only here, never by the estimator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.registry.model import Registry
from analysis.steps import effect
from analysis.synthetic import effect as model

HORIZONS = (6, 12, 24)


def _estimate(design: model.Design):
    drawn = model.draw(design)
    people = effect.people_of(Registry(drawn.tables), None, *model.period(design))
    matched = effect.matching(people)
    duration = effect.duration_model(people)
    naive = effect.naive(people).set_index("horizon")
    return model.truth(drawn), matched, duration, naive


def _all(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["category"] == "alle"].set_index("horizon")


def _true(truth: pd.DataFrame, estimand: str) -> pd.Series:
    rows = truth[(truth["estimand"] == estimand) & (truth["category"] == "alle")]
    return rows.set_index("horizon")["effect_pp"]


@pytest.fixture(scope="module")
def known():
    return _estimate(model.Design())


@pytest.fixture(scope="module")
def zero():
    return _estimate(model.Design().zero())


def test_the_design_has_a_positive_effect_and_a_biased_naive_comparison(known):
    truth, _, _, naive = known
    later = _true(truth, "now_vs_later")
    assert (later > 3).all()
    assert (naive["naive_pp"] > later + 4).all()


# A correct 95% interval misses on one seed in twenty, so whether this seed passes is partly
# luck: until the persons were ordered for key-independence, the bootstrap drew other replicates
# and the interval at 6 months started at 6,6, above the true 6,5. Over hundreds of seeds the
# matching's intervals hold the truth about as often as they should (tests/effect_coverage.py,
# docs/effect.md; the 83% once measured at 12 months on seeds 1-30 was the luck of those seeds).


@pytest.mark.parametrize("h", HORIZONS)
def test_matching_interval_holds_the_true_effect_and_not_the_naive_one(known, h):
    truth, matched, _, naive = known
    row = _all(matched.estimates).loc[h]
    true = _true(truth, "now_vs_later")[h]
    assert row["ci_low"] <= true <= row["ci_high"], (row.to_dict(), true)
    assert not row["ci_low"] <= naive.loc[h, "naive_pp"] <= row["ci_high"]


@pytest.mark.parametrize("h", HORIZONS)
def test_duration_model_interval_holds_the_true_effect_and_not_the_naive_one(known, h):
    truth, _, duration, naive = known
    row = _all(duration.estimates).loc[h]
    true = _true(truth, "now_vs_never")[h]
    assert row["ci_low"] <= true <= row["ci_high"], (row.to_dict(), true)
    assert not row["ci_low"] <= naive.loc[h, "naive_pp"] <= row["ci_high"]


def test_duration_model_finds_the_hazard_ratio_of_each_category(known):
    _, _, duration, _ = known
    set_ = dict(model.Design().effects)
    for row in duration.hazard_ratios.itertuples():
        assert row.ci_low <= set_[row.category] <= row.ci_high, row


@pytest.mark.parametrize("h", HORIZONS)
def test_with_no_effect_both_intervals_hold_zero(zero, h):
    truth, matched, duration, _ = zero
    assert np.allclose(truth["effect_pp"], 0)
    for frame in (matched.estimates, duration.estimates):
        row = _all(frame).loc[h]
        assert row["ci_low"] <= 0 <= row["ci_high"], row.to_dict()


def test_matching_balances_the_characteristics(known):
    _, matched, _, _ = known
    balance = matched.balance.set_index("covariate")
    assert balance["std_diff_before_pct"].abs().max() > 20  # the selection is there
    assert balance["std_diff_after_pct"].abs().max() < 5


# --- definitions on a hand-built extract, worked out by hand -------------------------------------


def _hand_built():
    """Four persons, period January 2020 – December 2020 (12 months).

    A: inflow 2020-01-15, trajectory 2020-03-02 (month 2), to work 2020-06-20 (month 5).
    B: inflow 2020-02-01, no trajectory, other exit 2020-02-28 (month 0).
    C: inflow 2020-10-10, trajectory 2020-10-31 (month 0), still on benefit (follow 3 months).
    D: inflow 2019-05-01 (before the period: not new inflow), trajectory 2020-01-10.
    """
    ts = pd.Timestamp
    spells = pd.DataFrame(
        {
            "client_key": ["A", "B", "C", "D"],
            "spell_start": [ts("2020-01-15"), ts("2020-02-01"), ts("2020-10-10"), ts("2019-05-01")],
            "spell_end": [ts("2020-06-20"), ts("2020-02-28"), pd.NaT, pd.NaT],
            "scheme": "pw",
            "end_reason": ["work_employee", "other_income", None, None],
        }
    )
    clients = pd.DataFrame(
        {
            "client_key": list("ABCD"),
            "birth_year": [1990, 1960, 2000, 1970],
            "household_role": "active",
        }
    )
    exemptions = pd.DataFrame(
        {
            "client_key": ["B"],
            "reason": "medical",
            "start_date": [ts("2019-01-01")],
            "end_date": [pd.NaT],
        }
    )
    activities = pd.DataFrame(
        {
            "client_key": ["A", "C", "D"],
            "activity_id": ["a", "c", "d"],
            "contract_id": ["K1", "K2", "K1"],
            "kind": "traject",
            "start_date": [ts("2020-03-02"), ts("2020-10-31"), ts("2020-01-10")],
        }
    )
    contracts = pd.DataFrame(
        {"contract_id": ["K1", "K2"], "category": ["X", "Y"], "price_eur": [1000.0, 2000.0]}
    )
    payments = pd.DataFrame({"activity_id": ["a", "a"], "amount_eur": [300.0, 200.0]})
    return spells, clients, exemptions, activities, contracts, payments


def test_inflow_and_person_months_by_hand():
    spells, clients, exemptions, activities, contracts, payments = _hand_built()
    starts = effect.trajectory_starts(activities, contracts, payments)
    assert dict(zip(starts["client_key"], starts["cost_eur"], strict=True)) == {
        "A": 500.0,
        "C": 0.0,
        "D": 0.0,
    }
    people = effect.inflow(
        spells, clients, exemptions, starts, pd.Timestamp("2020-01-01"), pd.Timestamp("2020-12-31")
    ).set_index("client_key")
    assert list(people.index) == ["A", "B", "C"]
    assert people["follow"].to_dict() == {"A": 12, "B": 11, "C": 3}
    assert people["exit"].fillna(-1).to_dict() == {"A": 5, "B": 0, "C": -1}
    assert people["start"].fillna(-1).to_dict() == {"A": 2, "B": -1, "C": 0}
    assert people["exempt"].to_dict() == {"A": False, "B": True, "C": False}
    assert people["category"].fillna("").to_dict() == {"A": "X", "B": "", "C": "Y"}
    assert people.loc["A", "age"] == 30
    rows = effect.person_months(people.reset_index(), horizons=(3, 6))
    # A at risk in months 0, 1, 2 (starts in 2); B in month 0; C in month 0 (starts)
    assert len(rows.d) == 5 and int(rows.treated.sum()) == 2
    a_start = (rows.person == 0) & (rows.d == 2)
    # A's exit in month 5 is within 6 months of month 2 (months 2-7), not within 3 (2-4)
    assert rows.work[6][a_start].all() and not rows.work[3][a_start].any()
    # C is followed for 3 months: counted for h = 3, not for h = 6
    c_start = rows.person == 2
    assert rows.followed[3][c_start].all() and not rows.followed[6][c_start].any()
    naive = effect.naive(people.reset_index(), horizons=(6,)).iloc[0]
    # starters followed 6 months: A only (work) → 100%; never-starters followed 6: B (no work) → 0%
    assert (naive["treated_n"], naive["never_n"], naive["naive_pp"]) == (1, 1, 100.0)


# --- the report section ---------------------------------------------------------------------------


def _fake_results():
    from types import SimpleNamespace

    est = pd.DataFrame(
        [
            # category, horizon, att, treated rate, control rate, n, off, ci
            ("alle", 24, 5.0, 30.0, 25.0, 400.0, 0.0, 2.0, 8.0),
            ("contract K1", 24, 10.0, 40.0, 30.0, 200.0, 0.0, 4.0, 16.0),
            ("X", 24, 4.0, 25.0, 21.0, 150.0, 0.0, 1.0, 7.0),
            ("Y", 24, 2.0, 20.0, 18.0, 45.0, 0.0, -3.0, 7.0),
            ("Z", 24, 30.0, 50.0, 20.0, 5.0, 0.0, 1.0, 60.0),
        ],
        columns=[
            "category", "horizon", "att_pp", "treated_rate_pct", "control_rate_pct",
            "treated_n", "off_support_n", "ci_low", "ci_high",
        ],
    )  # fmt: skip
    matched = SimpleNamespace(estimates=est)
    hr = pd.DataFrame({"category": ["X"], "hazard_ratio": [1.2], "ci_low": [1.0], "ci_high": [1.4]})
    duration = SimpleNamespace(
        hazard_ratios=hr, estimates=est.rename(columns={"att_pp": "effect_pp"})
    )
    costs = pd.Series({"contract K1": 3000.0, "X": 2000.0, "Y": 1000.0, "Z": 500.0})
    return matched, duration, costs


def test_contract_names_are_neutral_on_a_synthetic_registry():
    from analysis.report.effect import unit_names

    people = pd.DataFrame(
        {
            "category": ["contract K2", "contract K1", "X", None],
            "contract_id": ["K2", "K1", "K3", None],
            "contract_category": ["X", "Y", "X", None],
        }
    )
    contracts = pd.DataFrame(
        {"contract_id": ["K1", "K2"], "provider": ["Echt BV", "Ander BV"], "name": ["R1", "R2"]}
    )
    assert unit_names(people, contracts, synthetic=True) == {
        "contract K1": "Contract A (Y)",
        "contract K2": "Contract B (X)",
        "X": "X",
    }
    assert unit_names(people, contracts, synthetic=False)["contract K1"] == "Echt BV: R1 (Y)"


def test_cost_per_additional_exit_worked_out_by_hand():
    from analysis.report.disclosure import Rules
    from analysis.report.effect import category_table

    matched, duration, costs = _fake_results()
    html = category_table(matched, duration, costs, 24, Rules(), {"contract K1": "Contract A (X)"})
    body = html.split("<tbody>")[1]
    # K1: € 3.000 per starter, 10 pp → 3.000 / 0,10 = € 30.000 per extra exit; X: 2.000 / 0,04
    # = € 50.000; Y: interval through zero → not determined; Z: 5 starters → left out
    assert "€ 30.000" in body and "€ 50.000" in body
    assert body.index("Contract A (X)") < body.index(">X<") < body.index(">Y<")
    assert "niet te bepalen" in body.split(">Y<")[1]
    assert ">Z<" not in body
    assert "1,20" in body  # the hazard ratio of X


def test_truth_markers_only_where_a_truth_is_given(known):
    from analysis.report.effect import figure

    truth, matched, duration, naive = known
    with_truth = figure(matched, duration, naive.reset_index(), truth, rules=10)
    without = figure(matched, duration, naive.reset_index(), None, rules=10)
    marks = [c for c in with_truth.axes[0].collections if c.get_label() == "werkelijk effect"]
    assert len(marks) == 1
    assert not [c for c in without.axes[0].collections if c.get_label() == "werkelijk effect"]
    assert with_truth.disclosure.status == "pass"


def test_the_intervals_do_not_depend_on_the_pseudonyms():
    """Another key gives other pseudonyms (and another order of the keys): the persons are
    ordered on what the estimators read, so the bootstrap draws the same replicates."""
    design = model.Design(persons=3000, stock=0)
    drawn = model.draw(design)
    first, last = model.period(design)

    def estimates(tables):
        people = effect.people_of(Registry(tables), None, first, last)
        return effect.matching(people, bootstrap=20).estimates

    keys = drawn.tables["clients"]["client_key"]
    rng = np.random.default_rng(7)
    other = dict(zip(keys, rng.permutation([f"Q{i:06d}" for i in range(len(keys))]), strict=True))
    renamed = {
        name: frame.assign(client_key=frame["client_key"].map(other))
        if "client_key" in frame
        else frame
        for name, frame in drawn.tables.items()
    }
    pd.testing.assert_frame_equal(estimates(drawn.tables), estimates(renamed))


def test_a_replicate_counts_each_person_as_often_as_its_weight():
    """A person's bootstrap weight reaches every row of theirs (as a control in the months
    before a start, as a starter, the outcome rows of each horizon): a replicate's cell sums are
    those of the extract with each person written out as often as the weight says."""
    design = model.Design(persons=3000, stock=0)
    drawn = model.draw(design)
    people = effect.people_of(Registry(drawn.tables), None, *model.period(design))
    weight = np.random.default_rng(3).poisson(1.0, len(people))
    rows = effect.person_months(people)
    counter = effect.Counter.of(rows)
    copies = people.loc[np.repeat(people.index, weight)].reset_index(drop=True)
    rows_copies = effect.person_months(copies)
    counter_copies = effect.Counter.of(rows_copies)
    assert counter.columns == counter_copies.columns
    keys = list(rows.cells.columns)
    weighted = rows.cells.join(pd.DataFrame(counter.all(weight.astype(float))))
    copied = rows_copies.cells.join(pd.DataFrame(counter_copies.all(np.ones(len(copies)))))
    weighted = weighted.set_index(keys)
    weighted = weighted[weighted.abs().sum(axis=1) > 0]  # cells of weight-0 persons only
    pd.testing.assert_frame_equal(weighted, copied.set_index(keys), check_dtype=False)
