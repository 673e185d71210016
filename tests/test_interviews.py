"""Interview coding (analysis.steps.interviews, analysis.report.interviews): the templates
round-trip, the funnel's arithmetic and small groups hidden, on hand-made files."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.core import paths
from analysis.report import interviews as interviews_view
from analysis.report.disclosure import Rules
from analysis.steps import interviews

FUNNEL = "step,stage,group,persons_n,source\n"
THEMES = "theme_id,theme,norm_id,source\nT1,Bereikbaarheid,,s\nT2,Aanbod,,s\n"
CODINGS = (
    "coding_id,theme_id,respondent_id,respondent_group,satisfaction,direction,quantifier,"
    "finding,quote,source\n"
)


def _folder(tmp_path, funnel, codings, themes=THEMES):
    for name, text in (
        ("funnel", FUNNEL + funnel),
        ("themes", themes),
        ("codings", CODINGS + codings),
    ):
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_templates_round_trip(tmp_path):
    for name in interviews.FILES:
        shutil.copy(paths.RAW / "templates" / f"interview_{name}.csv", tmp_path / f"{name}.csv")
    first = interviews.load_interviews("template", folder=tmp_path)
    assert first.counted and len(first.funnel) == 6
    again = tmp_path / "again"
    again.mkdir()
    for name in interviews.FILES:
        frame = getattr(first, name)
        frame.to_csv(again / f"{name}.csv", index=False)
    second = interviews.load_interviews("template", folder=again)
    for name in interviews.FILES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert interviews.funnel_checks(second.funnel)["holds"].all()


def test_funnel_shares_and_checks_by_hand(tmp_path):
    folder = _folder(
        tmp_path,
        "1,uitgenodigd,,200,s\n2,gereageerd,,40,s\n3,geïnterviewd,,10,s\n"
        "3,geïnterviewd,tevreden,6,s\n3,geïnterviewd,minder tevreden,4,s\n",
        "K1,T1,,cliënt,onbekend,negatief,enkele,f,,s\n",
    )
    coded = interviews.load_interviews("x", folder=folder)
    steps = interviews.funnel_steps(coded.funnel)
    assert steps["of_previous_pct"].tolist()[1:] == [20.0, 25.0]  # 40/200, 10/40
    assert steps["of_first_pct"].tolist() == [100.0, 20.0, 5.0]
    assert steps["groups"].iloc[2] == "tevreden: 6; minder tevreden: 4"
    assert interviews.funnel_checks(coded.funnel)["holds"].tolist() == [True, True, True]
    assert not coded.counted


def test_a_funnel_that_does_not_add_up(tmp_path):
    folder = _folder(
        tmp_path,
        "1,uitgenodigd,,20,s\n2,gereageerd,,35,s\n2,gereageerd,tevreden,30,s\n"
        "2,gereageerd,minder tevreden,4,s\n",
        "K1,T1,,cliënt,onbekend,negatief,enkele,f,,s\n",
    )
    checks = interviews.funnel_checks(interviews.load_interviews("x", folder=folder).funnel)
    assert checks["holds"].tolist() == [False, False]
    assert checks["kind"].tolist() == ["not_more_than_previous", "groups_add_up"]
    assert checks["found_n"].tolist() == [35, 34] and checks["parts"].iloc[1] == (30, 4)
    assert checks["expected_n"].tolist() == [20, 35]
    worded = interviews_view.worded_checks(checks, hidden=False)
    assert worded["found"].tolist() == ["35", "30 + 4 = 34"]
    assert worded["holds"].tolist() == ["klopt niet", "klopt niet"]


@pytest.mark.parametrize(
    ("codings", "message"),
    [
        ("K1,T9,,cliënt,onbekend,negatief,enkele,f,,s\n", "theme_id 'T9'"),
        ("K1,T1,,cliënt,blij,negatief,enkele,f,,s\n", "satisfaction 'blij'"),
        ("K1,T1,,cliënt,onbekend,boos,enkele,f,,s\n", "direction 'boos'"),
        ("K1,T1,,cliënt,onbekend,negatief,,f,,s\n", "respondent_id or the quantifier"),
        (
            "K1,T1,R1,cliënt,tevreden,negatief,,f,,s\nK2,T2,R1,cliënt,minder tevreden,positief,,f,,s\n",
            "respondent 'R1' is coded with more than one satisfaction",
        ),
    ],
)
def test_codings_that_break_the_contract(tmp_path, codings, message):
    folder = _folder(tmp_path, "1,uitgenodigd,,20,s\n", codings)
    with pytest.raises(interviews.InterviewError, match=message):
        interviews.load_interviews("x", folder=folder)


def test_a_theme_tied_to_an_unknown_norm(tmp_path):
    themes = "theme_id,theme,norm_id,source\nT1,Bereikbaarheid,PR9,s\n"
    folder = _folder(tmp_path, "1,a,,2,s\n", "K1,T1,,c,onbekend,negatief,q,f,,s\n", themes)
    with pytest.raises(interviews.InterviewError, match="norm_id 'PR9'"):
        interviews.load_interviews("x", folder=folder, norm_ids=["PR4"])


def _counted(tmp_path):
    # 12 respondents on T1: 9 satisfied and positive, 3 less satisfied and negative; on T2 one
    codings = "".join(
        f"K{i},T1,R{i},cliënt,tevreden,positief,,f,,s\n" for i in range(1, 10)
    ) + "".join(f"K{i},T1,R{i},cliënt,minder tevreden,negatief,,f,,s\n" for i in range(10, 13))
    codings += "K13,T2,R10,cliënt,minder tevreden,negatief,,f,,s\n"
    codings += "K14,T2,R10,cliënt,minder tevreden,negatief,,another statement,,s\n"
    funnel = "1,uitgenodigd,,100,s\n2,geïnterviewd,,12,s\n2,geïnterviewd,tevreden,9,s\n"
    funnel += "2,geïnterviewd,minder tevreden,3,s\n"
    return interviews.load_interviews("x", folder=_folder(tmp_path, funnel, codings))


def test_respondents_counted_once_per_theme_and_group(tmp_path):
    counts = interviews.theme_counts(_counted(tmp_path)).set_index("theme_id")
    assert counts.loc["T1", "tevreden_positief_n"] == 9
    assert counts.loc["T1", "minder_tevreden_negatief_n"] == 3
    assert counts.loc["T2", "minder_tevreden_negatief_n"] == 1  # two statements, one person
    assert counts["respondents_n"].tolist() == [12, 1]


def test_small_groups_of_own_interviews_are_hidden(tmp_path):
    coded = _counted(tmp_path)
    rules = Rules(threshold=5)
    table_html = "".join(
        p for p in interviews_view.counts_parts(coded, rules) if isinstance(p, str)
    )
    # T1: 9 satisfied + 3 less satisfied = 12 respondents; the 3 is small, and the 9 would give
    # it away (12 − 9), so it is hidden as well (×)
    assert ">12<" in table_html and "&lt;5" in table_html and "×" in table_html
    assert ">3<" not in table_html and ">9<" not in table_html
    funnel_html = "".join(
        p for p in interviews_view.funnel_parts(None, coded, rules) if isinstance(p, str)
    )
    # the split 9 / 3 of 12: the 3 is small; the 9 would give it away, so it goes too, and the
    # arithmetic check does not repeat them
    assert ">100<" in funnel_html and ">12<" in funnel_html
    assert ">9<" not in funnel_html and ">3<" not in funnel_html
    assert "×" in funnel_html and "&lt;5" in funnel_html and "9 + 3" not in funnel_html
    import matplotlib.pyplot as plt

    plt.close("all")


def test_uithoorn_interviews_as_printed():
    coded = interviews.load_interviews("uithoorn_2018")
    steps = interviews.funnel_steps(coded.funnel)
    assert steps["persons_n"].tolist() == [250, 35, 14, 8]
    assert interviews.funnel_checks(coded.funnel)["holds"].all()
    assert not coded.counted and coded.codings["quantifier"].notna().all()
