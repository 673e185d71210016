"""The audit's own norm framework scored per norm (analysis.steps.norms) and the goal norm set
2018 (meetbaar, bereikt): hand-made frameworks and goals, and the transcribed Uithoorn files."""

from __future__ import annotations

import pytest
import yaml

from analysis.core.cases import load_case
from analysis.steps import goal_norms_2018, goals, norms

FRAMEWORK = {
    "title": "Toetsnormen",
    "source": "handgemaakt",
    "scale": {"+": "voldoet", "+/-": "deels", "-": "voldoet niet"},
    "parts": [
        {
            "part": "Beleid",
            "norms": [
                {"id": "B1", "norm": "er is  beleid", "criteria": [{"text": "een kader"}]},
                {"id": "B2", "norm": "er zijn doelen", "criteria": [{"text": "meetbaar"}]},
            ],
        },
        {
            "part": "Praktijk",
            "norms": [
                {"id": "P1", "norm": "het werkt", "criteria": [{"text": "a"}, {"text": "b"}]}
            ],
        },
    ],
}
HEADER = "norm_id,finding,score,score_basis,source\n"


def _write(tmp_path, framework=FRAMEWORK, findings=None):
    frame_file = tmp_path / "audit_norms_test.yml"
    frame_file.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    rows = findings or [
        "B1,er is een kader,+,afgeleid uit de conclusie: goed,§1",
        "B2,doelen zonder maat,-,afgeleid uit de conclusie: niet meetbaar,§2",
        "P1,wisselend,,geen oordeel af te lezen: de conclusie zwijgt,§3",
    ]
    findings_file = tmp_path / "norm_findings.csv"
    findings_file.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return frame_file, findings_file


def test_a_framework_in_printed_order_with_its_criteria(tmp_path):
    frame_file, _ = _write(tmp_path)
    header, framework = norms.load_framework("test", frame_file)
    assert framework["norm_id"].tolist() == ["B1", "B2", "P1"]
    assert framework["norm"].iloc[0] == "er is beleid"  # printed lines joined by one space
    assert framework["criteria"].iloc[2] == ("a", "b")
    assert header["scale"]["+/-"] == "deels" and "parts" not in header


def test_scores_counted_per_part_by_hand(tmp_path):
    frame_file, findings_file = _write(tmp_path)
    _, framework = norms.load_framework("test", frame_file)
    scored = norms.load_findings("x", framework, findings_file)
    counts = norms.counts_by_part(scored).set_index("part")
    # Beleid: B1 +, B2 −; Praktijk: P1 without verdict; total 3 norms
    assert counts.loc["Beleid"].tolist() == [2, 1, 0, 1, 0]
    assert counts.loc["Praktijk"].tolist() == [1, 0, 0, 0, 1]
    assert counts.loc["Totaal"].tolist() == [3, 1, 0, 1, 1]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["B1,x,+,y,z", "B2,x,+,y,z"], "no row for norm P1"),
        (["B1,x,+,y,z", "B2,x,+,y,z", "P1,x,+,y,z", "P9,x,+,y,z"], "line 5: norm_id 'P9'"),
        (["B1,x,+,y,z", "B1,x,-,y,z", "B2,x,+,y,z", "P1,x,+,y,z"], "'B1' occurs more than once"),
    ],
)
def test_findings_that_do_not_fit_the_framework(tmp_path, rows, message):
    frame_file, findings_file = _write(tmp_path, findings=rows)
    _, framework = norms.load_framework("test", frame_file)
    with pytest.raises(norms.NormError, match=message):
        norms.load_findings("x", framework, findings_file)


def test_a_score_outside_the_scale_names_file_line_and_column(tmp_path):
    frame_file, findings_file = _write(tmp_path, findings=["B1,x,ok,y,z", "B2,x,,y,z", "P1,x,,y,z"])
    _, framework = norms.load_framework("test", frame_file)
    with pytest.raises(ValueError, match="score"):
        norms.load_findings("x", framework, findings_file)


def test_a_norm_without_criteria_or_a_twice_used_id(tmp_path):
    broken = yaml.safe_load(yaml.safe_dump(FRAMEWORK))
    broken["parts"][0]["norms"][1]["criteria"] = []
    broken["parts"][1]["norms"][0]["id"] = "B1"
    frame_file, _ = _write(tmp_path, framework=broken)
    with pytest.raises(norms.NormError, match="B2.*criterion(?s:.*)'B1' occurs more than once"):
        norms.load_framework("test", frame_file)
    with pytest.raises(norms.NormError, match="no norm framework 'nope'"):
        norms.load_framework("nope")


def test_uithoorn_is_scored_on_its_own_framework():
    cfg = load_case("uithoorn_2018")
    assert cfg.audit_norms == "2018" and cfg.goal_norms == "2018"
    header, framework = norms.load_framework(cfg.audit_norms)
    assert list(dict.fromkeys(framework["part"])) == [
        "Beleid",
        "Praktijk",
        "Resultaten",
        "Bijsturing",
    ]
    scored = norms.load_findings(cfg.name, framework)
    assert scored["score_basis"].str.match("afgeleid uit de conclusie|geen oordeel").all()
    # a score only where the basis quotes a conclusion
    read = scored["score_basis"].str.startswith("afgeleid")
    assert (scored["score"].notna() == read).all()


def _goal(**fields):
    base = {"goal_id": "G1", "text": "Uitstroom bevorderen", "direction": None}
    return {**base, **fields}


@pytest.mark.parametrize(
    ("goal", "score"),
    [
        (_goal(target_value=35.0, direction="level"), "+"),
        (_goal(text="35% komt niet tot een aanvraag"), "+"),  # a figure in the text
        (_goal(direction="increase"), "+/-"),
        (_goal(direction="decrease", text="Instroom beperken"), "+/-"),
        (_goal(text="Participatie", direction=None), "-"),
    ],
)
def test_measurable(goal, score):
    assert goal_norms_2018.prescore_measurable(goal).score == score


@pytest.mark.parametrize(
    ("goal", "score"),
    [
        (_goal(target_value=80.0, realised_value=80.0, direction="level"), "+"),
        (_goal(target_value=80.0, realised_value=40.0, direction="level"), "+/-"),
        # a decrease from 100 to 60 that reached 100: (100 − 100) / (100 − 60) = 0% → −
        (
            _goal(
                target_value=60.0, realised_value=100.0, baseline_value=100.0, direction="decrease"
            ),
            "-",
        ),
        (_goal(target_value=80.0, direction="level"), None),  # no realisation
    ],
)
def test_achieved(goal, score):
    got = goal_norms_2018.prescore_achieved(goal)
    assert got.score == score and got.evidence


def test_the_2018_set_scores_the_register_on_both_criteria():
    cfg = load_case("uithoorn_2018")
    norm_set = goals.load_norms(cfg)
    assert goals.goal_criteria(norm_set) == ("measurable", "achieved")
    register = goals.load_goals(cfg.name)
    scored = goals.score_goals(register, norm_set)
    assert {"pre_measurable", "pre_achieved_evidence"} <= set(scored.columns)
    # the report prints no realisation: nothing is scored as achieved, and the evidence says why
    assert scored["pre_achieved"].isna().all()
    assert scored["pre_achieved_evidence"].str.startswith("niet te berekenen").all()
    measurable = scored.set_index("goal_id")["pre_measurable"]
    # G01-G03 ('instroom beperken', 'uitstroom bevorderen', 'participatie bevorderen') state a
    # direction only; the streefcijfers of Tabel 2.3 (G04 on) have a value
    assert measurable[["G01", "G02", "G03"]].tolist() == ["+/-"] * 3
    assert (measurable.drop(["G01", "G02", "G03"]) == "+").all()
