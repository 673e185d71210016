"""analysis.steps.reinflow and analysis.registry.spells on tiny hand-made spell lists (the
hand-built extract of tests/test_handbuilt_2026.py covers the whole chain)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.registry.intake import Period
from analysis.registry.spells import counted_spells
from analysis.steps import reinflow

PERIOD = Period.of("2023-01-01", "2025-12-31")
T = pd.Timestamp


def _spells(rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["client_key", "spell_start", "spell_end", "scheme", "end_reason"]
    )
    for column in ("spell_start", "spell_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def test_adjacent_spells_and_a_change_of_scheme_are_one_episode():
    spells = _spells(
        [
            ("a", "2023-01-01", "2023-05-31", "pw", "other_unknown"),
            ("a", "2023-06-01", "2023-09-30", "ioaw", "work_employee"),  # next day: one episode
            ("a", "2024-01-15", None, "pw", None),
        ]
    )
    eps = reinflow.episodes(spells)
    assert eps["episode_end"].tolist()[0] == T("2023-09-30")
    assert eps["end_reason"].tolist()[0] == "work_employee"
    assert len(eps) == 2


def test_an_episode_ends_with_its_longest_spell_and_its_last_reason_on_that_day():
    spells = _spells(
        [
            # b: the second spell lies inside the first; the third starts two days after the
            # episode's end: a new episode, which a spell without end keeps running
            ("b", "2023-01-01", "2023-12-31", "pw", "work_employee"),
            ("b", "2023-03-01", "2023-04-30", "pw", "moved"),
            ("b", "2024-01-02", "2024-03-31", "pw", "other_unknown"),
            ("b", "2024-02-01", None, "pw", None),
            # c: two spells end on the same, latest day: the later one gives the reason
            ("c", "2023-05-01", "2023-08-31", "pw", "moved"),
            ("c", "2023-06-01", "2023-08-31", "ioaw", "work_self_employed"),
            ("c", "2023-07-01", "2023-07-31", "pw", "other_unknown"),
            ("c", "2023-09-01", "2023-09-30", "pw", "detention"),  # next day: still one
        ]
    )
    eps = reinflow.episodes(spells)
    assert eps["client_key"].tolist() == ["b", "b", "c"]
    assert eps["episode_start"].tolist() == [T("2023-01-01"), T("2024-01-02"), T("2023-05-01")]
    assert eps["episode_end"].tolist()[0] == T("2023-12-31")
    assert pd.isna(eps["episode_end"].tolist()[1])  # still running
    assert eps["episode_end"].tolist()[2] == T("2023-09-30")
    assert eps["end_reason"].tolist()[0] == "work_employee"
    assert pd.isna(eps["end_reason"].tolist()[1])  # a running episode has no end reason
    assert eps["end_reason"].tolist()[2] == "detention"
    tie = reinflow.episodes(spells.iloc[4:7])
    assert tie["end_reason"].tolist() == ["work_self_employed"]


def test_back_within_k_calendar_months_and_observed_only_when_followed_long_enough():
    spells = _spells(
        [
            # exit 2023-03-31, back 2023-09-30: exactly 6 calendar months later → within 6
            ("a", "2022-01-01", "2023-03-31", "pw", "work_employee"),
            ("a", "2023-09-30", None, "pw", None),
            # exit 2023-03-31, back 2023-10-01: one day too late for 6, within 12
            ("b", "2022-01-01", "2023-03-31", "pw", "moved"),
            ("b", "2023-10-01", "2024-02-29", "pw", "death"),
            # exit 2025-08-31: not followed for 6 months before the period end
            ("c", "2024-01-01", "2025-08-31", "pw", "other_income"),
            # special assistance is not a return to benefit
            ("d", "2022-01-01", "2023-06-30", "pw", "work_self_employed"),
            ("d", "2023-07-15", None, "special_assistance_only", None),
        ]
    )
    ex = reinflow.exits(spells, PERIOD).set_index("client_key")
    assert ex.loc["a", ["back_6m", "back_12m"]].tolist() == [True, True]
    assert ex.loc["b", ["back_6m", "back_12m"]].tolist() == [False, True]
    assert ex.loc["c", ["observed_6m", "observed_12m"]].tolist() == [False, False]
    assert not ex.loc["d", "returned"] and ex.loc["d", "to_work"]
    assert ex.loc["b", "end_reason"] == "moved"  # the first exit counts, not b's death
    table = reinflow.by_reason(ex.reset_index()).set_index("label")
    total = table.loc["Totaal"]
    # 4 exits; 3 followed 6 months (a, b, d), 1 back (a): 33,3%; 12 months the same three, 2 back
    assert total[["exits_n", "observed_6m_n", "back_6m_n", "back_12m_n"]].tolist() == [4, 3, 1, 2]
    assert total["back_6m_pct"] == pytest.approx(33.3)
    assert total["back_12m_pct"] == pytest.approx(66.7)


def test_the_two_spell_readings():
    spells = _spells(
        [
            ("a", "2022-01-01", "2023-04-30", "pw", "work_employee"),  # overlaps the period
            ("a", "2026-02-01", None, "pw", None),  # the latest, after the period
            ("b", "2023-02-01", None, "special_assistance_only", None),
        ]
    )
    latest = counted_spells(spells, PERIOD.start, PERIOD.end, "latest", "client_key")
    period = counted_spells(spells, PERIOD.start, PERIOD.end, "period", "client_key")
    assert latest.empty  # the 2006 reading: a's latest spell is not in the period
    assert period["spell_start"].tolist() == [T("2022-01-01")]
    with pytest.raises(ValueError, match="unknown spell reading"):
        counted_spells(spells, PERIOD.start, PERIOD.end, "first", "client_key")
