"""analysis.steps.information: chapter-7 norms, the timeline and the waiting times."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.published.tables import TableError
from analysis.report import information as information_view
from analysis.steps import information


def _timeline(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["document", "event", "date"]).assign(source="test")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def test_waiting_times_pair_each_start_with_later_actions_only():
    timeline = _timeline(
        [
            ("Vodu", "uiterste datum", "2006-09-20"),
            ("Vodu", "vastgesteld", "2006-09-27"),
            ("Nota", "besproken in commissie", "2004-01-10"),  # before it was scheduled
            ("Nota", "gepland", "2004-02-01"),
            ("Nota", "besproken in commissie", "2004-03-02"),
        ]
    )
    waits = information.waiting_times(timeline)
    assert list(zip(waits["document"], waits["days"], strict=True)) == [("Vodu", 7), ("Nota", 30)]


def test_conflicting_dates_are_listed_not_resolved():
    timeline = _timeline(
        [
            ("Factsheets", "besproken in commissie", "2005-01-20"),
            ("Factsheets", "besproken in commissie", "2005-02-01"),
            ("Vodu", "vastgesteld", "2006-09-27"),
        ]
    )
    conflicts = information.conflicting_dates(timeline)
    assert len(conflicts) == 2 and set(conflicts["document"]) == {"Factsheets"}
    assert information.conflicting_dates(timeline.iloc[[0, 2]]).empty


def test_the_amsterdam_findings_load_and_count():
    findings = information.load_findings("amsterdam_2006")
    counts = information.score_counts(findings)
    # Hand count of the seven norm parts of chapter 7 (information.csv, coded from §7.2–7.5):
    # four '-', two '+/-', none '+', one without a verdict.
    assert counts == {"+": 0, "+/-": 2, "-": 4, "none": 1}
    assert findings["norm_id"].is_unique
    timeline = information.load_timeline("amsterdam_2006")
    assert timeline["date"].is_monotonic_increasing
    fig = information_view.timeline_figure(timeline)
    assert len(fig.axes[0].get_yticklabels()) == timeline["document"].nunique()


def test_an_unknown_event_is_named(tmp_path):
    file = tmp_path / "timeline.csv"
    file.write_text(
        "document,event,date,source\nVodu 2005,afgeserveerd,2006-09-27,test\n", encoding="utf-8"
    )
    with pytest.raises(information.InformationError, match="'afgeserveerd'"):
        information.load_timeline("x", file=file)


def test_a_bad_score_names_file_line_and_column(tmp_path):
    file = tmp_path / "information.csv"
    file.write_text(
        "norm_id,section,norm,finding,score,score_basis,source\nI1,§7.2,n,f,++,b,s\n",
        encoding="utf-8",
    )
    with pytest.raises(TableError, match="line 2, column 'score': expected a score"):
        information.load_findings("x", file=file)
