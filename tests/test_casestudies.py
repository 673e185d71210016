"""analysis.steps.casestudies: aggregation rules, derived against printed verdicts, the coding template."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.core import paths
from analysis.report import casestudies as casestudies_view
from analysis.steps import casestudies

NORMS = {
    "phases": [
        {
            "id": "before",
            "label": "Voor",
            "norms": [
                {"id": "B1", "text": "a"},
                {"id": "B2", "text": "b"},
                {"id": "B3", "text": "c"},
                {"id": "B4", "text": "d"},
            ],
        },
        {
            "id": "during",
            "label": "Tijdens",
            "norms": [{"id": "D1", "text": "e"}, {"id": "D2", "text": "f"}],
        },
        {
            "id": "after",
            "label": "Na",
            "norms": [
                {"id": "A1", "text": "g"},
                {"id": "A2", "text": "h"},
                {"id": "A3", "text": "i"},
            ],
        },
    ],
    "aggregation": {"rule": "half_negative"},
}


@pytest.mark.parametrize(
    ("scores", "half", "majority", "worst"),
    [
        (["+", "+"], "+", "+", "+"),
        (["+", "+/-"], "+/-", "+/-", "+/-"),
        (["+/-", "-"], "-", "+/-", "-"),  # mixed: half negative
        (["+/-", "+/-", "-", "-"], "-", "+/-", "-"),
        (["+/-", "-", "-"], "-", "-", "-"),
        (["+", "+", "-"], "+/-", "+/-", "-"),
    ],
)
def test_aggregation_rules_on_mixed_scores(scores, half, majority, worst):
    assert casestudies.aggregate(scores, "half_negative") == half
    assert casestudies.aggregate(scores, "majority_negative") == majority
    assert casestudies.aggregate(scores, "worst") == worst
    assert casestudies.aggregate([]) is None


def test_verdicts_per_trajectory_phase_and_total():
    scores = pd.DataFrame(
        [
            ("B1", "all", "+/-"),
            ("B2", "all", "+/-"),
            ("B3", "all", "-"),
            ("B4", "all", "-"),
            ("D1", "ac", "+/-"),
            ("D2", "ac", "-"),
            ("D1", "gs", "+"),
            ("D2", "gs", "+"),
            ("D1", "ws", "+/-"),
            ("D2", "ws", "-"),
            ("A1", "all", "+/-"),
            ("A2", "all", "-"),
            ("A3", "all", "-"),
        ],
        columns=["norm_id", "trajectory_id", "score"],
    )
    derived = casestudies.derive_verdicts(scores, NORMS).set_index(["phase", "trajectory_id"])[
        "verdict"
    ]
    assert derived[("during", "ac")] == "-" and derived[("during", "gs")] == "+"
    assert derived[("during", "all")] == "-"  # two of three trajectories '-'
    assert derived[("before", "all")] == "-"  # two of four norms '-': half
    assert derived[("after", "all")] == "-"
    assert derived[("all", "all")] == "-"  # the total from the three phases
    majority = casestudies.derive_verdicts(scores, NORMS, rule="majority_negative").set_index(
        ["phase", "trajectory_id"]
    )["verdict"]
    assert majority[("before", "all")] == "+/-"
    # what each verdict rests on is fields; the report words them
    full = casestudies.derive_verdicts(scores, NORMS).set_index(["phase", "trajectory_id"])
    during = full.loc[("during", "all")]
    assert (during["norm_scores"], during["trajectory_verdicts"]) == ("", "- + -")
    assert full.loc[("before", "all"), "norm_scores"] == "+/- +/- - -"
    assert full.loc[("all", "all"), "phase_verdicts"] == "- - -"
    words = [casestudies_view.derived_from(r) for _, r in full.reset_index().iterrows()]
    assert "trajecten: - + -" in words and "fasen: - - -" in words


def test_the_amsterdam_verdicts_are_derived_and_compared_with_the_print():
    norms = casestudies.load_norms()
    frames = casestudies.load_casestudies("amsterdam_2006", norms=norms)
    derived = casestudies.derive_verdicts(frames["scores"], norms)
    compared = casestudies.compare_verdicts(
        derived, casestudies.printed_verdicts("amsterdam_2006", norms)
    )
    assert len(compared) >= 7  # three phase tables (one with three trajectories) and Tabel 6.11
    assert compared["verdict"].notna().all()
    shares = casestudies.premium_shares(frames["trajectories"])
    assert shares["agrees"].all()  # 4000 / 6500 = 62%, 2700 / 11100 = 24%, 3000 / 9500 = 32%


def test_a_filled_template_loads_derives_and_renders(tmp_path):
    folder = tmp_path / "casestudies"
    folder.mkdir()
    for name in casestudies.UNITS:
        shutil.copy(paths.RAW / "templates" / f"casestudy_{name}.csv", folder / f"{name}.csv")
    norms = casestudies.load_norms()
    frames = casestudies.load_casestudies("template", folder=folder, norms=norms)
    assert len(frames["clients"]) == 1 and len(frames["scores"]) >= 1
    derived = casestudies.derive_verdicts(frames["scores"], norms)
    assert set(derived["verdict"].dropna()) <= {"+", "+/-", "-"}
    # One scored norm: its phase verdict is that score.
    only = frames["scores"].iloc[0]
    phase = casestudies.norms_frame(norms).set_index("norm_id").at[only["norm_id"], "phase"]
    row = derived[(derived["phase"] == phase) & (derived["trajectory_id"] == "all")]
    assert row["verdict"].iloc[0] == only["score"]
    heatmap = casestudies_view.heatmap_figure(frames["scores"], norms, frames["trajectories"])
    cells = [t.get_text() for t in heatmap.axes[0].texts]
    assert only["score"] in cells and len(cells) == len(casestudies.norms_frame(norms))
    outflow = casestudies.outflow_by_contract(frames["contracts"])
    effects = casestudies_view.effects_figure(outflow)
    # the blue bars are the recomputed shares of the contracts that have something to show
    shown = outflow[
        outflow[["agreed_outflow_pct", "realised_outflow_pct", "realised_outflow_pct_printed"]]
        .notna()
        .any(axis=1)
    ]
    bars = [p.get_width() for p in effects.axes[0].patches][len(shown) :]
    assert bars == pytest.approx(shown["realised_outflow_pct"].astype(float).fillna(0).tolist())


def _contracts(**columns):
    base = {
        "contract_key": ["a", "b", "c"],
        "trajectory_id": ["t1", "t2", "t3"],
        "name": ["A", "B", "C"],
        "agreed_outflow_pct": [40, 40, None],
        "participants_n": [100, 100, 50],
        "realised_outflow_n": [30, 45, 10],
        "realised_outflow_pct_printed": [45, 30, None],
    }
    return pd.DataFrame({**base, **columns}).convert_dtypes()


def test_below_the_agreement_is_judged_on_the_recomputed_share_not_the_printed_one():
    # A prints 45% but 30 of 100 is 30%: below the agreed 40%. B prints 30% but 45 of 100 is
    # 45%: not below. C has no agreement: no verdict. (Judged on the printed share before.)
    out = casestudies.outflow_by_contract(_contracts()).set_index("contract_key")
    assert out["realised_outflow_pct"].tolist() == [30, 45, 20]
    assert bool(out.loc["a", "below_agreement"])
    assert not out.loc["b", "below_agreement"]
    assert pd.isna(out.loc["c", "below_agreement"])
    assert out["printed_differs"].tolist()[:2] == [True, True]


def test_codes_that_do_not_match_are_named(tmp_path):
    folder = tmp_path / "casestudies"
    folder.mkdir()
    for name in casestudies.UNITS:
        shutil.copy(paths.RAW / "templates" / f"casestudy_{name}.csv", folder / f"{name}.csv")
    scores = (folder / "scores.csv").read_text(encoding="utf-8").splitlines()
    header, row = scores[0], scores[1]
    (folder / "scores.csv").write_text(
        header + "\n" + row.replace(row.split(",")[0], "X9", 1) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        casestudies.CaseStudyError, match="norm_id 'X9' is not in execution_norms.yml"
    ):
        casestudies.load_casestudies("template", folder=folder)
