"""Disclosure control (issue 16): each rule on small hand-made tables, values worked out by hand,
and the intruder of tests/attacker.py on what the tables publish."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from attacker import published_tables, recoverable

from analysis.build import BuildError, refuse_unsafe
from analysis.report.disclosure import (
    SECRET,
    Check,
    Rules,
    counts_check,
    dominated,
    output_checks,
    protect,
    protect_amounts,
    thin_curve,
)
from analysis.report.html import count_table, table

RULES = Rules()


def _age_table(small: int = 3) -> pd.DataFrame:
    # Tabel 4.7 in miniature: the column total and every other cell visible
    return pd.DataFrame(
        {
            "label": ["tot 18 jaar", "19 t/m 23 jaar", "24 t/m 27 jaar", "Totaal"],
            "clients_n": [68, 1976, 4072, 6116],
            "work_n": [small, 197, 395, 592 + small],
        }
    )


def test_a_small_cell_under_a_visible_total_gets_a_complement():
    result = protect(_age_table(), RULES)
    assert result.primary == {(0, "work_n")}
    assert result.secondary == {(1, "work_n")}  # the smallest detail cell of the column
    assert result.shown.at[0, "work_n"] == "<10" and result.shown.at[1, "work_n"] == SECRET
    assert result.check.status == "suppressed" and result.check.secondary == 1


def test_without_the_complement_the_intruder_recovers_the_cell():
    frame = _age_table()
    primary_only = frame.astype(object)
    primary_only.at[0, "work_n"] = "<10"
    html = table(primary_only, caption="t")
    (_, headers, rows) = published_tables(html)[0]
    assert recoverable(headers, rows) == [(0, 2, 3.0)]
    (_, headers, rows) = published_tables(count_table(protect(frame, RULES), "t", "", {}))[0]
    assert recoverable(headers, rows) == []


def _completions(table: list[list[int | None]], bounds: dict, row_sums, col_sums):
    """Every integer filling of the hidden cells (None) of a small table that fits its totals,
    found row by row (the last hidden cell of a row follows from the row total)."""

    def rows_from(i: int, filled: list[list[int]]):
        if i == len(table):
            if all(sum(row[j] for row in filled) == col_sums[j] for j in range(len(col_sums))):
                yield filled
            return
        hidden = [j for j, v in enumerate(table[i]) if v is None]
        free, last = hidden[:-1], hidden[-1] if hidden else None
        ranges = [range(bounds[(i, j)][0], bounds[(i, j)][1] + 1) for j in free]
        for values in itertools.product(*ranges):
            row = list(table[i])
            for j, v in zip(free, values, strict=True):
                row[j] = v
            if last is not None:
                row[last] = row_sums[i] - sum(v for j, v in enumerate(row) if j != last)
                low, high = bounds[(i, last)]
                if not low <= row[last] <= high:
                    continue
            elif sum(row) != row_sums[i]:
                continue
            yield from rows_from(i + 1, [*filled, row])

    for filled in rows_from(0, []):
        yield {c: filled[c[0]][c[1]] for c in bounds}


def test_two_way_table_with_both_margins_exhaustive_search():
    # 3 × 3 counts with row and column totals; one cell of 4 persons
    cells = [[4, 25, 30], [12, 40, 18], [20, 15, 33]]
    frame = pd.DataFrame(
        {
            "label": ["a", "b", "c", "Totaal"],
            "x_n": [4, 12, 20, 36],
            "y_n": [25, 40, 15, 80],
            "z_n": [30, 18, 33, 81],
            "totaal_n": [59, 70, 68, 197],
        }
    )
    result = protect(frame, RULES)
    hidden = result.primary | result.secondary
    assert len(result.primary) == 1 and len(result.secondary) >= 3  # a row and a column more
    column = {"x_n": 0, "y_n": 1, "z_n": 2}
    inner = [row[:] for row in cells]
    bounds = {}
    for i, c in hidden:
        assert c in column and i < 3, "only inner cells need hiding here"
        inner[i][column[c]] = None
        bounds[(i, column[c])] = (1, 9) if (i, c) in result.primary else (10, 60)
    fits = list(_completions(inner, bounds, [59, 70, 68], [36, 80, 81]))
    assert fits, "the true table is one of the completions"
    for cell in bounds:
        assert len({fit[cell] for fit in fits}) > 1, f"cell {cell} is determined"


def test_a_zero_is_shown_unless_zeros_are_disclosive():
    frame = pd.DataFrame({"label": ["a", "b", "Totaal"], "n_n": [0, 40, 40]})
    assert protect(frame, RULES).shown.at[0, "n_n"] == 0
    strict = protect(frame, Rules(zeros_are_disclosive=True))
    assert strict.shown.at[0, "n_n"] == "<10"
    # 40 − 40 gives the zero back, and so does "Totaal = b" (both 40): b and the total go too
    assert strict.secondary == {(1, "n_n"), (2, "n_n")}


def test_share_hidden_with_its_count_and_with_its_base():
    frame = pd.DataFrame(
        {
            "label": ["a", "b"],
            "observed_n": [5, 40],
            "back_n": [2, 12],
            "back_pct": [40.0, 30.0],
        }
    )
    shown = protect(frame, RULES, shares={"back_pct": "observed_n"}).shown
    assert shown.at[0, "back_pct"] == "–" and shown.at[1, "back_pct"] == 30.0


def test_a_dominated_cost_cell():
    # cell A: one client 9.500 of 10.000 (N–K fails); cell B: ten clients, the largest two
    # 2.000 + 1.900 of 10.000 (passes); cell C: the third and later add 50 to 1.000 + 900
    # (p%: 50 < 10% of 1.000 fails, N–K: 1.900 of 1.950 fails too)
    contributions = pd.DataFrame(
        [("A", f"k{i}", v) for i, v in enumerate([9500] + [50] * 10)]
        + [("B", f"k{i}", v) for i, v in enumerate([2000, 1900] + [762.5] * 8)]
        + [("C", f"k{i}", v) for i, v in enumerate([1000, 900] + [5] * 10)],
        columns=["cell", "contributor", "value"],
    )
    verdict = dominated(contributions, RULES).set_index("cell")
    assert verdict.loc["A", "nk"] and verdict.loc["A", "fails"]
    assert not verdict.loc["B", "fails"]
    assert verdict.loc["C", "p_rule"] and verdict.loc["C", "nk"]


def test_p_rule_alone_and_too_few_contributors():
    # 10 contributors: 1.000, 500, and eight of 5 (= 40 < 10% of 1.000): p% fails, N–K does not
    # (1.500 of 1.540 = 97% > 90% … so take k = 0,99 to see the p% rule alone)
    rows = [("X", f"k{i}", v) for i, v in enumerate([1000, 500] + [5] * 8)]
    rows += [("Y", f"k{i}", 100) for i in range(3)]  # three contributors only
    frame = pd.DataFrame(rows, columns=["cell", "contributor", "value"])
    verdict = dominated(frame, Rules(nk_k=0.99)).set_index("cell")
    assert verdict.loc["X", "p_rule"] and not verdict.loc["X", "nk"]
    assert verdict.loc["Y", "too_few"] and verdict.loc["Y", "fails"]


def test_amounts_table_suppresses_the_dominated_cell_and_a_complement():
    frame = pd.DataFrame(
        {
            "row_id": ["a", "b", "c", "t"],
            "label": ["a", "b", "c", "Totaal"],
            "cost_eur": [10_000.0, 20_000.0, 30_000.0, 60_000.0],
        }  # fmt: skip
    )
    contributions = pd.DataFrame(
        [("a", "cost_eur", "p1", 9_600.0)]
        + [("a", "cost_eur", f"q{i}", 40.0) for i in range(10)]
        + [(r, "cost_eur", f"c{i}", v / 20) for r, v in (("b", 20_000), ("c", 30_000)) for i in range(20)]
        + [("t", "cost_eur", f"z{i}", 3_000.0) for i in range(20)],
        columns=["row_id", "column", "contributor", "value"],
    )  # fmt: skip
    result = protect_amounts(frame, ["cost_eur"], contributions, RULES)
    assert result.primary == {(0, "cost_eur")}
    assert result.secondary == {(1, "cost_eur")}  # else 60.000 − 20.000 − 30.000
    assert result.check.dominance == 1 and result.check.status == "suppressed"


def test_a_one_person_step_is_pooled_and_the_tail_cut():
    curve = pd.DataFrame(
        {
            "months": [1, 2, 3, 4, 5, 6],
            "survival": [0.9, 0.89, 0.8, 0.7, 0.69, 0.6],
            "at_risk_n": [100, 90, 89, 80, 12, 9],
            "events_n": [10, 1, 9, 10, 1, 1],
        }
    )
    shown, check = thin_curve(curve, RULES)
    # 1: 10 events (shown); 2+3: 1 + 9 (pooled, shown at 3); 4: 10; 5: 1 (held back); 6: cut
    assert shown["months"].tolist() == [1, 3, 4]
    assert check.status == "suppressed" and "afgekapt bij 6 maanden" in check.survival


def test_a_figure_with_a_small_group_fails_its_check():
    assert counts_check([40, 3], RULES, "staven").status == "fail"
    assert counts_check([40, 0, 12], RULES, "staven").status == "pass"


def test_an_unchecked_registry_table_fails_and_strict_mode_refuses_it(monkeypatch):
    body = (
        table(
            pd.DataFrame({"a": [1]}),
            caption="Ongecontroleerd",
            source="Bron: bestandsanalyse op basis van het cliëntenbestand.",
        )  # fmt: skip
        + table(pd.DataFrame({"a": [1]}), caption="Gecontroleerd", check=Check(("drempel 10",)))
    )
    checks = output_checks(body, "02_outflow")
    assert checks.set_index("title")["status"].to_dict() == {
        "Ongecontroleerd": "fail",
        "Gecontroleerd": "pass",
    }

    class Strict(dict):
        pass

    monkeypatch.setattr(
        "analysis.core.cases.load_case", lambda case, **p: Strict(disclosure_strict=True)
    )
    with pytest.raises(BuildError, match="Ongecontroleerd"):
        refuse_unsafe(body, "demo_2022", "02_outflow", {})
    monkeypatch.setattr(
        "analysis.core.cases.load_case", lambda case, **p: Strict(disclosure_strict=False)
    )
    refuse_unsafe(body, "demo_2022", "02_outflow", {})  # not strict: written, listed as fail


def test_a_subtotal_of_two_rows_the_labels_do_not_name():
    # "Subtotaal uitstroom naar werk" is the two work reasons, not the block above it: the
    # visible columns tell a reader so, and a complement must be found in that pair
    frame = pd.DataFrame(
        {
            "label": [
                "werk als werknemer",
                "werk als zelfstandige",
                "verhuizing",
                "overige redenen",
                "Subtotaal uitstroom naar werk",
                "Subtotaal andere uitstroom",
                "Totaal",
            ],
            "exits_n": [500, 80, 150, 300, 580, 450, 1030],
            "observed_n": [400, 70, 120, 250, 470, 370, 840],
            "back_n": [60, 4, 30, 70, 64, 100, 164],
        }
    )
    primary_only = frame.astype(object)
    primary_only.at[1, "back_n"] = "<10"
    (_, headers, rows) = published_tables(table(primary_only, caption="t"))[0]
    assert recoverable(headers, rows) == [(1, 3, 4.0)]  # 64 − 60
    result = protect(frame, RULES)
    assert result.primary == {(1, "back_n")}
    assert result.secondary & {(0, "back_n"), (4, "back_n")}  # in the werk pair or its subtotal
    (_, headers, rows) = published_tables(count_table(result, "t", "", {}))[0]
    assert recoverable(headers, rows) == []


def test_a_sentence_never_tells_a_share_the_table_hides():
    from analysis.report.disclosure import masked
    from analysis.report.retention import summary_sentences

    # 2 of 17 at work after 12 months in 2022 (hidden), so 15 of 35 in 2024 is hidden as its
    # complement; a sentence giving 2024's share (42,9%) would give 2022's count back
    k = 12
    frame = pd.DataFrame(
        {
            "label": ["2022", "2023", "2024", "2025", "Totaal"],
            "started_n": [17, 34, 35, 36, 122],
            f"observed_{k}m_n": [17, 34, 35, 0, 86],
            f"at_work_{k}m_n": [2, 18, 15, 0, 35],
            f"at_work_{k}m_pct": [11.8, 52.9, 42.9, float("nan"), 40.7],
        }
    )
    protected = protect(frame, RULES, shares={f"at_work_{k}m_pct": f"observed_{k}m_n"})
    assert (2, f"at_work_{k}m_n") in protected.secondary
    tables = {"dw_start": masked(protected, frame), "dw_support": masked(protected, frame)}
    tables["dw_return"] = pd.DataFrame(
        {"label": ["Totaal"], "observed_12m_n": [5], "back_12m_n": [1], "back_12m_pct": [20.0]}
    )
    text = " ".join(summary_sentences(tables, k, 10))
    assert "40,7%" in text and "52,9%" not in text and "42,9%" not in text


def test_told_keeps_labels_and_keys_of_a_stored_table():
    from analysis.report.disclosure import told

    stored = _age_table().assign(row_id=["a", "b", "c", "totaal"])
    out = told(stored, RULES)
    assert out["row_id"].tolist() == ["a", "b", "c", "totaal"]
    assert out["work_n"].isna().tolist() == [True, True, False, False]
