"""analysis.published.crossfoot: printed identities are checked within the rounding of the print."""

from __future__ import annotations

import pytest

from analysis.core.rounding import Interval
from analysis.published.crossfoot import CheckError, crossfoot, findings

from toycase import TABLE, write_case

CHECKS = [
    {
        "table": "t1_1",
        "check": "percentage naar werk",
        "rows": "all",
        "formula": "werk_pct == 100 * werk_n / begin_n",
    },
    {
        "table": "t1_1",
        "check": "totaalrij",
        "column_sum": {"total_row": "Totaal", "part_rows": "all", "columns": ["begin_n", "werk_n"]},
    },
    {
        "table": "t1_1",
        "check": "tekst = tabel",
        "formula": "cell('t1_1', 'Totaal', 'begin_n') == fact('clients_n')",
    },
]


def test_a_table_that_adds_up_yields_no_finding(toy):
    result = crossfoot("toy", CHECKS)
    # 3 percentage rows + 2 total columns + 1 cross-reference; the heading row is skipped
    assert len(result) == 6
    assert findings(result).empty
    assert set(result["verdict"]) == {"consistent"}


def test_a_planted_error_is_found_and_nothing_else(raw):
    # Groep B werk 31 → 33: the total (38) and Groep B's percentage (15.5) no longer follow
    write_case(raw, files={"tables/t1_1.csv": TABLE.replace("Groep B,200,31,", "Groep B,200,33,")})
    found = findings(crossfoot("toy", CHECKS))
    assert list(found["location"]) == ["Groep B › werk_pct", "Totaal › werk_n"]
    total = found.iloc[1]
    assert (total["printed"], total["recomputed"], total["difference"]) == (38, 40, -2)


def test_a_single_planted_error_in_a_percentage(raw):
    write_case(raw, files={"tables/t1_1.csv": TABLE.replace("12.7", "12.9")})
    found = findings(crossfoot("toy", CHECKS))
    assert len(found) == 1
    assert found.iloc[0]["location"] == "Totaal › werk_pct"
    assert found.iloc[0]["recomputed"] == pytest.approx(38 / 300 * 100)


def test_rounding_of_the_print_is_allowed_but_no_more():
    # 7.6 stands for 7.55–7.65; 4647/60824 = 7.640… is consistent, 7.7 would not be
    pct = Interval.exact(100) * Interval.exact(4647) / Interval.exact(60824)
    assert Interval.printed("7.6", exact=False).overlaps(pct)
    assert not Interval.printed("7.7", exact=False).overlaps(pct)
    # sums of rounded amounts: 0.7 + 0.3 may be anywhere in 0.9–1.1, so a printed 1.1 is fine
    total = Interval.printed("0.7", exact=False) + Interval.printed("0.3", exact=False)
    assert Interval.printed("1.1", exact=False).overlaps(total)
    assert not Interval.printed("1.2", exact=False).overlaps(total)
    # counts are exact
    assert not Interval.printed("38", exact=True).overlaps(Interval.exact(39))


def test_decimals_written_matter():
    assert Interval.printed("6.0", exact=False).half_width == pytest.approx(0.05)
    assert Interval.printed("6", exact=False).half_width == pytest.approx(0.5)


def test_rounded_widens_an_approximate_figure(toy):
    checks = [
        {
            "table": "t1_1",
            "check": "circa",
            "formula": "rounded(300, 100) == cell('t1_1', 'Totaal', 'begin_n') - 40",
        }
    ]
    assert crossfoot("toy", checks).iloc[0]["verdict"] == "consistent"
    checks[0]["formula"] = "300 == cell('t1_1', 'Totaal', 'begin_n') - 40"
    assert crossfoot("toy", checks).iloc[0]["verdict"] == "finding"


def test_division_by_zero_is_not_testable(raw):
    write_case(
        raw, files={"tables/t1_1.csv": TABLE.replace("Groep A,100,7,7.0", "Groep A,0,7,7.0")}
    )
    result = crossfoot("toy", CHECKS[:1])
    assert result.set_index("location").loc["Groep A › werk_pct", "verdict"] == "not_testable"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"table": "t1_1", "check": "x", "formula": "werk_pct = 1"}, "not valid"),
        ({"table": "t1_1", "check": "x", "formula": "werk_pct < 1"}, "printed == recomputed"),
        (
            {"table": "t1_1", "check": "x", "rows": "all", "formula": "nope_n == werk_n"},
            "'nope_n' is not a column",
        ),
        (
            {"table": "t1_1", "check": "x", "formula": "cell('t1_1', 'Groep Z', 'werk_n') == 1"},
            "no row labelled 'Groep Z'",
        ),
        (
            {"table": "t1_1", "check": "x", "formula": "fact('nope') == 1"},
            "fact\\('nope'\\) is not in facts.csv",
        ),
        ({"table": "t9_9", "check": "x", "formula": "1 == 1"}, "t9_9"),
        (
            {"table": "t1_1", "check": "x", "formula": "cell('t1_1', 'Totaal', 'oordeel') == 1"},
            "score, not a number",
        ),
        (
            {"table": "t1_1", "check": "x", "formula": "__import__('os') == 1"},
            "takes quoted texts only|unknown function",
        ),
    ],
)
def test_malformed_declarations_fail_with_the_check_named(toy, spec, message):
    with pytest.raises(CheckError, match=message) as info:
        crossfoot("toy", [spec])
    assert "check 1 (x)" in str(info.value)


def test_checks_file_of_a_case_is_used(raw):
    write_case(
        raw,
        files={
            "checks.yml": "- table: t1_1\n  check: totaal\n  column_sum: {total_row: Totaal, columns: [begin_n]}\n"
        },
    )
    result = crossfoot("toy")
    assert list(result["verdict"]) == ["consistent"]


def test_amsterdam_2006_runs_and_reports_findings():
    result = crossfoot("amsterdam_2006")
    assert len(result) > 400
    assert {"consistent", "finding"} <= set(result["verdict"])
    # Tabel 4.6 prints 39.987 clients still on benefit; its rows add up to 39.967 (seed line 1579)
    row = result[
        (result["table_id"] == "t4_6")
        & result["check"].str.startswith("Totaalrij")
        & (result["location"] == "Totaal bijstandscliënten › in_uitkering_n")
    ]
    assert list(row["verdict"]) == ["finding"]
    assert row.iloc[0]["printed"] - row.iloc[0]["recomputed"] == 20


def test_reproduction_uses_the_printed_precision_not_a_flat_half_point():
    # Tabel 4.6 prints its percentages with one decimal: 0,3 point off is outside the rounding
    # (a flat 0,5-point tolerance called it reproduced); 0,04 point off is inside.
    from analysis.published import reproduction
    from analysis.published.tables import load_table

    printed = load_table("amsterdam_2006", "t4_6")
    ours = printed.copy()
    ours.loc[0, "uitstroom_werk_pct"] = printed.loc[0, "uitstroom_werk_pct"] + 0.3
    ours.loc[1, "uitstroom_werk_pct"] = printed.loc[1, "uitstroom_werk_pct"] + 0.04
    rows = reproduction.compare("amsterdam_2006", "t4_6", ours).set_index(["row", "column"])
    verdict = rows["within_tolerance"]
    assert not verdict[(printed.loc[0, "label"], "uitstroom_werk_pct")]
    assert verdict[(printed.loc[1, "label"], "uitstroom_werk_pct")]
    assert verdict[(printed.loc[0, "label"], "beginstand_n")]  # counts unchanged: exact
