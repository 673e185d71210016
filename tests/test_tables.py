"""analysis.published.tables: the published tables load through schemas; bad files fail precisely."""

from __future__ import annotations

import pytest

from analysis.core import paths
from analysis.published.tables import TableError, check_case, check_manifest, load_facts, load_table

from toycase import COLUMNS, FACTS, SOURCES, TABLE, write_case


def _cases_with_transcriptions() -> list[str]:
    return sorted(p.parent.name for p in paths.RAW.glob("*/sources.csv"))


def test_the_shipped_transcriptions_exist():
    assert {"amsterdam_2006", "uithoorn_2018", "amsterdam_2024", "national_2017"} <= set(
        _cases_with_transcriptions()
    )


@pytest.mark.parametrize("case", _cases_with_transcriptions())
def test_every_table_of_every_case_passes_its_schema(case):
    inventory = check_case(case)  # raises TableError listing every problem
    assert inventory.tables > 0 and inventory.cells > 0


def test_amsterdam_2006_has_every_table_the_audit_prints():
    expected = (
        [f"t3_{i}" for i in range(1, 7)]
        + [f"t4_{i}" for i in range(1, 19)]
        + [f"t5_{i}" for i in range(1, 10)]
        + [f"t6_{i}" for i in range(1, 12)]
        + ["t7_1", "f5_1", "f8_1"]
    )
    from analysis.published.tables import table_files

    missing = sorted(set(expected) - set(table_files("amsterdam_2006")))
    assert missing == []


def test_load_table_types_the_columns(toy):
    frame = load_table("toy", "t1_1")
    assert str(frame["begin_n"].dtype) == "Int64"
    assert str(frame["werk_pct"].dtype) == "Float64"
    assert frame.loc[frame["label"] == "Totaal", "begin_n"].item() == 300
    assert frame["begin_n"].isna().sum() == 1  # the group-heading row
    assert frame.attrs["meta"].headers["werk_pct"] == "% naar werk"
    assert frame.attrs["meta"].number == "Tabel 1.1"


def _bad_table(raw, text):
    write_case(raw, files={"tables/t1_1.csv": text})
    with pytest.raises(TableError) as info:
        load_table("toy", "t1_1")
    return str(info.value)


def test_missing_column_is_named(raw):
    message = _bad_table(raw, "label,begin_n,werk_n,oordeel\nGroep A,100,7,+\n")
    assert "t1_1.csv" in message
    assert "column 'werk_pct' declared in columns.csv is missing" in message


def test_text_in_a_number_column_names_line_and_column(raw):
    message = _bad_table(raw, TABLE.replace("Groep B,200,", "Groep B,twee honderd,"))
    assert "t1_1.csv" in message
    assert "line 4 ('Groep B'), column 'begin_n': expected a count" in message
    assert "'twee honderd'" in message


def test_dutch_number_format_is_refused(raw):
    message = _bad_table(raw, TABLE.replace("15.5", '"15,5"').replace("200,31", '"2.000",31'))
    assert "column 'werk_pct': expected a number in machine form" in message
    assert "column 'begin_n': expected a count: a whole number ≥ 0 without thousands dot" in message


def test_negative_count_is_refused(raw):
    message = _bad_table(raw, TABLE.replace("Groep A,100,7,", "Groep A,100,-7,"))
    assert (
        "line 3 ('Groep A'), column 'werk_n': expected a count: a whole number ≥ 0, got -7"
        in message
    )


def test_percentage_above_100_is_refused(raw):
    message = _bad_table(raw, TABLE.replace("7.0,+", "140,+"))
    assert (
        "line 3 ('Groep A'), column 'werk_pct': expected a percentage between 0 and 100, got 140"
        in message
    )


def test_score_outside_the_scale_is_refused(raw):
    message = _bad_table(raw, TABLE.replace("15.5,+/-", "15.5,++"))
    assert "column 'oordeel': expected a score: '+', '+/-' or '-', got '++'" in message


def test_duplicate_row_label_is_refused(raw):
    message = _bad_table(raw, TABLE.replace("Groep B", "Groep A"))
    assert "column 'label': expected a row label that is unique within the table" in message


def test_manifest_finds_unlisted_and_missing_files(raw):
    folder = write_case(raw)
    (folder / "tables" / "t9_9.csv").write_text("label\nx\n", encoding="utf-8")
    write_case(
        raw,
        files={
            "sources.csv": SOURCES
            + "t2_1,tables/t2_1.csv,Ontbrekend,§2,aantal,002_d613431e16c1d5b1.txt,\n",
            "columns.csv": COLUMNS + "t2_1,label,,label\n",
        },
    )
    problems = check_manifest("toy")
    assert "tables/t9_9.csv has no row in sources.csv" in problems
    assert "sources.csv lists 't2_1' but tables/t2_1.csv is missing" in problems


def test_facts_are_typed_and_validated(raw):
    write_case(raw)
    facts = load_facts("toy")
    assert facts.set_index("fact_id").loc["cost_eur_mln", "value"] == 4.5
    assert facts.set_index("fact_id").loc["report_date", "value_text"] == "2007-03-14"
    write_case(raw, files={"facts.csv": FACTS + "share_pct,140,pct,§3,Wel 140 procent.\n"})
    with pytest.raises(
        TableError, match=r"line 5 \('share_pct'\), column 'value': expected a percentage"
    ):
        load_facts("toy")
    write_case(raw, files={"facts.csv": FACTS + "n_clients,12.5,count,§3,Ruim twaalf.\n"})
    with pytest.raises(TableError, match=r"'n_clients'.*expected a count"):
        load_facts("toy")
