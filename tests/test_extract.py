"""Reading a registry extract: malformed and realistic inputs (analysis.registry.extract).

A small extract is written as CSV exactly as docs/registry.md documents it. Each malformed case
changes one thing and must give one RegistryError that names the file, the column and the line
where they apply, and never an identifier (BSN, name, client number, birth date). The realistic
cases (Dutch flags, a byte-order mark, lost leading zeros, absent optional tables, a declared
date format) must read correctly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.registry import intake
from analysis.registry.extract import GENERATED_STAMP, ReadOptions, load_extract, read_table
from analysis.registry.model import MODEL, OPTIONAL_TABLES, RegistryError

A, B, C = "111222333", "111222345", "012345611"  # valid BSNs; C has a leading zero

FILES = {
    "clients": f"""\
        bsn,client_number,name,birth_date,household_role
        {A},C1,Anna Een,1970-05-15,active
        {B},C2,Bram Twee,1980-01-01,active
        {C},C3,Cees Drie,1975-03-03,active
        """,
    "benefit_spells": f"""\
        bsn,spell_start,spell_end,scheme,inflow_reason,end_reason
        {A},2003-01-01,2005-06-30,pw,job_loss,work_employee
        {B},2004-03-01,,pw,,
        {C},2004-05-01,2005-01-31,ioaw,,moved
        """,
    "exemptions": f"""\
        bsn,reason,start_date,end_date
        {B},urgent_medical,2004-03-01,2004-12-31
        """,
    "ladder": f"""\
        bsn,rung,reference_date
        {A},3,2006-07-01
        """,
    "contracts": """\
        contract_id,provider,name,category,rung,system,start_date,end_date,intake_closed,price_eur,premium_eur
        K1,Bedrijf A,Traject werk,3. Begeleiding naar werk,3,BVS,2004-01-01,2006-12-31,false,2500.00,500.00
        """,
    "activities": f"""\
        activity_id,bsn,contract_id,kind,rung,start_date,end_date,completed,meets_norm,approved
        A1,{A},K1,traject,3,2004-02-01,2005-01-31,true,true,true
        A2,{B},K1,traject,3,2004-06-01,2005-03-31,false,true,false
        """,
    "payments": f"""\
        payment_id,bsn,contract_id,activity_id,provider,kind,amount_eur,payment_date
        P1,{A},K1,A1,Bedrijf A,fee,2500.00,2005-02-15
        P2,{C},K1,A1,Bedrijf A,outflow_premium,500.00,2005-03-15
        """,
    "secondments": f"""\
        activity_id,bsn,start_date,end_date,wage_cost_eur,revenue_eur
        D1,{B},2004-06-01,2004-12-31,10000.00,8000.00
        """,
    "wage_subsidies": f"""\
        payment_id,bsn,activity_id,year,amount_eur,payment_date
        W1,{B},,2005,1500.00,2005-12-15
        """,
    "employment": f"""\
        bsn,employer_id,employer_type,start_date,end_date,hours_per_week,subsidised
        {A},Werkgever B,regular,2005-07-01,,32,false
        """,
    "unemployment_benefits": f"""\
        bsn,start_date,end_date
        {A},2006-01-01,2006-03-31
        """,
}
IDENTIFIERS = [
    A,
    B,
    C,
    C.lstrip("0"),
    "Anna Een",
    "Bram Twee",
    "Cees Drie",
    "1970-05-15",
    "1980-01-01",
    "1975-03-03",
]
PERIOD = intake.Period.of("2004-01-01", "2006-06-30")
OPTS = ReadOptions(extract_date=dt.date(2007, 1, 1))


def write_extract(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, text in FILES.items():
        (folder / f"{table}.csv").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    return write_extract(tmp_path / "registry")


def _lines(folder: Path, table: str) -> list[str]:
    return (folder / f"{table}.csv").read_text(encoding="utf-8").splitlines()


def _write(folder: Path, table: str, lines: list[str]) -> None:
    (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def set_cell(table: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    """Put ``value`` in ``column`` on the file's ``line`` (the header is line 1)."""

    def change(folder: Path) -> None:
        lines = _lines(folder, table)
        header = lines[0].split(",")
        cells = lines[line - 1].split(",")
        cells[header.index(column)] = value
        lines[line - 1] = ",".join(cells)
        _write(folder, table, lines)

    return change


def replace_text(table: str, old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        file = folder / f"{table}.csv"
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return change


def append_line(table: str, line: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        _write(folder, table, [*_lines(folder, table), line])

    return change


def drop_column(table: str, column: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        frame.drop(columns=[column]).to_csv(folder / f"{table}.csv", index=False)

    return change


def header_only(table: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        _write(folder, table, _lines(folder, table)[:1])

    return change


def write_bytes(table: str, data: bytes, suffix: str = ".csv") -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        (folder / f"{table}{suffix}").write_bytes(data)

    return change


def remove(table: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        (folder / f"{table}.csv").unlink()

    return change


def cp1252(table: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        text = (folder / f"{table}.csv").read_text(encoding="utf-8").replace("Bedrijf A", "Café A")
        (folder / f"{table}.csv").write_bytes(text.encode("cp1252"))

    return change


def separated_by(table: str, sep: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        _write(folder, table, [line.replace(",", sep) for line in _lines(folder, table)])

    return change


def beside_parquet(table: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str)
        frame.to_parquet(folder / f"{table}.parquet", index=False)

    return change


def parquet_with(table: str, column: str, value: object) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        frame[column] = value
        frame.to_parquet(folder / f"{table}.parquet", index=False)
        (folder / f"{table}.csv").unlink()

    return change


def stamp(folder: Path) -> None:
    (folder / GENERATED_STAMP).write_text("generated\n")


MALFORMED: list[tuple[str, Callable[[Path], None], list[str]]] = [
    # (kind, change, fragments the message must hold)
    ("missing column", drop_column("benefit_spells", "end_reason"),
     ["benefit_spells.csv", "column 'end_reason' is missing"]),
    ("extra column", replace_text("ladder", "reference_date", "reference_date,remark"),
     ["ladder.csv"]),  # header and rows disagree: named below by field count or column
    ("extra column with values", lambda f: (replace_text("ladder", "reference_date", "reference_date,remark")(f), replace_text("ladder", "2006-07-01", "2006-07-01,x")(f)),
     ["ladder.csv", "column 'remark' is not part of the data model"]),
    ("column twice", replace_text("ladder", "rung,reference_date", "rung,rung"),
     ["ladder.csv", "column 'reference_date' is missing"]),
    ("text in a date column", set_cell("benefit_spells", 3, "spell_start", "gisteren"),
     ["benefit_spells.csv", "line 3, column 'spell_start'", "'gisteren'", "yyyy-mm-dd"]),
    ("dd-mm-yyyy date", set_cell("contracts", 2, "start_date", "01-02-2004"),
     ["contracts.csv", "line 2, column 'start_date'", "dd-mm-yyyy", "registry.date_format"]),
    ("Excel date number", set_cell("payments", 3, "payment_date", "38426"),
     ["payments.csv", "line 3, column 'payment_date'", "Excel date number"]),
    ("bad birth date (identifier)", set_cell("clients", 2, "birth_date", "15-05-1970"),
     ["clients.csv", "line 2, column 'birth_date'", "not shown"]),
    ("text in an amount", set_cell("contracts", 2, "price_eur", "duur"),
     ["contracts.csv", "line 2, column 'price_eur'", "'duur'"]),
    ("decimal comma, quoted", set_cell("payments", 2, "amount_eur", '"2500,00"'),
     ["payments.csv", "line 2, column 'amount_eur'", "decimal point"]),
    ("decimal comma, unquoted", set_cell("payments", 2, "amount_eur", "2500,00"),
     ["payments.csv", "line 2 has 9 fields where the header has 8", "decimal point"]),
    ("Dutch thousands separator", set_cell("secondments", 2, "wage_cost_eur", '"10.000,00"'),
     ["secondments.csv", "line 2, column 'wage_cost_eur'", "Dutch number format"]),
    ("euro sign", set_cell("secondments", 2, "revenue_eur", "€8000"),
     ["secondments.csv", "line 2, column 'revenue_eur'", "euro sign"]),
    ("negative amount", set_cell("payments", 3, "amount_eur", "-500.00"),
     ["payments.csv", "line 3, column 'amount_eur'", "negative amount"]),
    ("unknown flag", set_cell("activities", 3, "completed", "misschien"),
     ["activities.csv", "line 3, column 'completed'", "expected true/false", "'misschien'"]),
    ("empty flag", set_cell("contracts", 2, "intake_closed", ""),
     ["contracts.csv", "line 2, column 'intake_closed'", "an empty cell"]),
    ("unknown code", set_cell("benefit_spells", 2, "end_reason", "emigrated"),
     ["benefit_spells.csv", "line 2, column 'end_reason'", "expected one of", "'emigrated'"]),
    ("rung out of range", set_cell("ladder", 2, "rung", "7"),
     ["ladder.csv", "line 2, column 'rung'", "expected one of 1, 2, 3, 4, 5"]),
    ("text in a whole-number column", set_cell("ladder", 2, "rung", "drie"),
     ["ladder.csv", "line 2, column 'rung'", "expected a whole number", "'drie'"]),
    ("fraction in a whole-number column", set_cell("wage_subsidies", 2, "year", "2005.5"),
     ["wage_subsidies.csv", "line 2, column 'year'", "whole number"]),
    ("year out of range", set_cell("wage_subsidies", 2, "year", "1890"),
     ["wage_subsidies.csv", "line 2, column 'year'", "1990–2100"]),
    ("required cell empty", set_cell("contracts", 2, "provider", ""),
     ["contracts.csv", "line 2, column 'provider'", "empty, but the column is required"]),
    ("same person twice in one role", append_line("clients", f"{A},C9,Anna Een,1970-05-15,active"),
     ["clients.csv", "line 2 and line 5", "the same BSN twice with household_role 'active'"]),
    ("ladder with two reference dates", append_line("ladder", f"{B},4,2006-06-30"),
     ["ladder.csv", "line 2", "the ladder has 2 reference dates (2006-06-30, 2006-07-01)", "one snapshot"]),
    ("same person twice in the ladder", append_line("ladder", f"{A},4,2006-07-01"),
     ["ladder.csv", "the same BSN twice in the ladder", "one rung per person"]),
    ("duplicate id", append_line("payments", f"P1,{A},K1,A1,Bedrijf A,fee,10.00,2005-04-15"),
     ["payments.csv", "line 2, column 'payment_id'", "occurs more than once"]),
    ("duplicate client number (identifier)", append_line("clients", f"{A},C1,Anna Een,1970-05-15,passive"),
     ["clients.csv", "line 5, column 'client_number'", "not shown"]),
    ("end before start", set_cell("activities", 2, "end_date", "2004-01-15"),
     ["activities.csv", "line 2, column 'end_date'", "lies before start_date"]),
    ("end before start, optional table", set_cell("unemployment_benefits", 2, "end_date", "2005-12-31"),
     ["unemployment_benefits.csv", "line 2, column 'end_date'", "lies before start_date"]),
    ("spell end before start", set_cell("benefit_spells", 4, "spell_end", "2004-04-30"),
     ["benefit_spells.csv", "line 4, column 'spell_end'", "lies before spell_start"]),
    ("date after the extract date", set_cell("payments", 2, "payment_date", "2031-01-01"),
     ["payments.csv", "line 2, column 'payment_date'", "after the extract date 2007-01-01"]),
    ("birth date after the extract date", set_cell("clients", 3, "birth_date", "2031-01-01"),
     ["clients.csv", "line 3, column 'birth_date'", "not shown", "after the extract date"]),
    ("empty file", write_bytes("exemptions", b""),
     ["exemptions.csv", "the file is empty", "expected a header row"]),
    ("blank file", write_bytes("exemptions", b"\n\n  \n"),
     ["exemptions.csv", "the file is empty"]),
    ("header-only required table", header_only("ladder"),
     ["ladder.csv", "has a header but no records"]),
    ("header-only optional table", header_only("employment"),
     ["employment.csv", "has a header but no records", "leave the file out"]),
    ("missing required table", remove("benefit_spells"),
     ["no file for the table(s) benefit_spells", "; required"]),
    ("CSV beside parquet", beside_parquet("ladder"),
     ["table 'ladder' is given twice", "ladder.csv and ladder.parquet"]),
    ("semicolon separator", separated_by("contracts", ";"),
     ["contracts.csv", "separated by a semicolon", "commas"]),
    ("tab separator", separated_by("ladder", "\t"),
     ["ladder.csv", "separated by a tab"]),
    ("Windows-1252", cp1252("contracts"),
     ["contracts.csv", "line 2 is not UTF-8", "Windows-1252", "CSV UTF-8"]),
    ("not a table of the model", write_bytes("clienten", b"bsn\n1\n"),
     ["clienten.csv", "not a table of the data model"]),
    ("unreadable parquet", lambda f: (write_bytes("ladder", b"PAR1 not really", ".parquet")(f), remove("ladder")(f)),
     ["ladder.parquet", "not a readable parquet file"]),
    ("parquet: text in an amount", parquet_with("secondments", "revenue_eur", "veel"),
     ["secondments.parquet", "row 1, column 'revenue_eur'", "'veel'"]),
    ("parquet: bad date as text", parquet_with("ladder", "reference_date", "2006-13-01"),
     ["ladder.parquet", "row 1, column 'reference_date'"]),
    ("demo stamp in a real extract", stamp,
     ["generated demo registry", "synthetic_registry: false"]),
]  # fmt: skip


@pytest.mark.parametrize(
    "kind, change, fragments", MALFORMED, ids=[m[0].replace(" ", "_") for m in MALFORMED]
)
def test_a_malformed_extract_gives_one_clear_message_without_identifiers(
    raw, extract, kind, change, fragments
):
    load_extract(extract, OPTS)  # the extract is fine before the change
    change(extract)
    with pytest.raises(RegistryError) as info:
        load_extract(extract, OPTS)
    assert not paths.PROCESSED.exists()  # reading writes nothing
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{kind}: {fragment!r} not in\n{message}"
    for identifier in IDENTIFIERS:
        assert identifier not in message, f"{kind}: identifier in\n{message}"
    assert "Traceback" not in message


def test_there_are_at_least_35_kinds_of_malformed_extract():
    assert len(MALFORMED) >= 35


def test_all_problems_of_all_files_come_in_one_message(extract):
    set_cell("contracts", 2, "price_eur", "duur")(extract)
    set_cell("ladder", 2, "rung", "9")(extract)
    set_cell("ladder", 2, "reference_date", "1-7-2006")(extract)
    with pytest.raises(RegistryError) as info:
        load_extract(extract, OPTS)
    message = str(info.value)
    assert "contracts.csv: 1 problem" in message and "ladder.csv: 2 problems" in message
    assert "(line = the file's line; the header is line 1)" in message


# --- realistic inputs that must read correctly ---------------------------------------------------


def test_the_documented_extract_reads_with_the_model_dtypes(extract):
    registry = load_extract(extract, OPTS)
    for table, columns in MODEL.items():
        frame = registry[table]
        assert list(frame.columns) == list(columns)
    assert registry["contracts"]["intake_closed"].tolist() == [False]
    assert registry["activities"]["completed"].tolist() == [True, False]
    assert registry["activities"]["approved"].tolist() == [True, False]
    assert registry["contracts"]["price_eur"].tolist() == [2500.0]
    assert registry["benefit_spells"]["spell_start"].dt.strftime("%Y-%m-%d").tolist() == [
        "2003-01-01",
        "2004-03-01",
        "2004-05-01",
    ]


@pytest.mark.parametrize(
    "yes, no", [("true", "false"), ("TRUE", "FALSE"), ("1", "0"), ("ja", "nee"), ("J", "N"),
                ("waar", "onwaar"), (" yes ", " no ")]
)  # fmt: skip
def test_flags_are_read_as_written_never_as_non_empty_text(extract, yes, no):
    set_cell("activities", 2, "completed", yes)(extract)
    set_cell("activities", 3, "completed", no)(extract)
    set_cell("activities", 3, "approved", no)(extract)
    registry = load_extract(extract, OPTS)
    assert registry["activities"]["completed"].tolist() == [True, False]
    assert registry["activities"]["approved"].tolist() == [True, False]


def test_a_byte_order_mark_is_read_as_utf8(extract):
    plain = load_extract(extract, OPTS)
    file = extract / "clients.csv"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    pd.testing.assert_frame_equal(load_extract(extract, OPTS)["clients"], plain["clients"])


def test_a_bsn_that_lost_its_leading_zero_is_padded_and_still_links(extract):
    set_cell("payments", 3, "bsn", C.lstrip("0"))(extract)  # 8 digits, as Excel writes it
    registry = load_extract(extract, OPTS)
    assert registry["payments"]["bsn"].tolist() == [A, C]
    assert registry.padded_bsn == {"payments": 1}
    result = intake.run_intake(registry, PERIOD, key=b"k" * 16)
    persons = result.ledger["persons"]
    assert persons["bsn_valid"].all() and persons["known_client"].all()


def test_a_bsn_written_with_spaces_or_dots_is_the_same_bsn(extract):
    set_cell("payments", 2, "bsn", "111 222 333")(extract)
    set_cell("ladder", 2, "bsn", "111.222.333")(extract)
    registry = load_extract(extract, OPTS)
    assert registry["payments"]["bsn"].iloc[0] == A and registry["ladder"]["bsn"].iloc[0] == A


def test_absent_optional_tables_read_as_empty_with_the_model_dtypes(extract):
    for table in OPTIONAL_TABLES:
        (extract / f"{table}.csv").unlink(missing_ok=True)
    registry = load_extract(extract, OPTS)
    for table in OPTIONAL_TABLES:
        assert registry[table].empty
        assert list(registry[table].columns) == list(MODEL[table])
    assert str(registry["employment"]["start_date"].dtype) == "datetime64[ns]"
    assert registry["employment"]["subsidised"].dtype == bool
    intake.run_intake(registry, PERIOD, key=b"k" * 16)  # and the intake runs on it


def test_a_declared_table_must_be_there_and_an_undeclared_one_must_not(extract):
    declared = dataclasses.replace(OPTS, tables=("exemptions", "provisions"))
    with pytest.raises(RegistryError) as info:
        load_extract(extract, declared)
    message = str(info.value)
    assert (
        "no file for the table(s) provisions (<table>.csv or <table>.parquet); required" in message
    )
    assert "or declared in registry.tables" in message
    holds = "holds the table(s) activities, contracts, employment, ladder, payments, secondments"
    assert holds in message  # every undeclared one, named
    assert "which registry.tables in case.yml does not declare" in message


def test_the_declared_tables_are_read_and_the_others_are_empty_and_absent(extract):
    keep = ("exemptions", "employment")
    for table in FILES:
        if table not in ("clients", "benefit_spells", *keep):
            (extract / f"{table}.csv").unlink()
    registry = load_extract(extract, dataclasses.replace(OPTS, tables=keep))
    assert registry.has("exemptions") and registry.has("employment")
    assert not registry.has("ladder") and registry["ladder"].empty
    assert not registry.has("provisions") and list(registry["provisions"].columns) == list(
        MODEL["provisions"]
    )


def test_a_declared_date_format_is_used(extract):
    for table in FILES:
        file = extract / f"{table}.csv"
        text = file.read_text(encoding="utf-8")
        dates = pd.Series(text.split("\n"))
        # rewrite every yyyy-mm-dd as dd-mm-yyyy
        import re

        file.write_text(
            re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3-\2-\1", "\n".join(dates)), encoding="utf-8"
        )
    with pytest.raises(RegistryError, match="dd-mm-yyyy"):
        load_extract(extract, OPTS)
    registry = load_extract(
        extract, ReadOptions(date_format="%d-%m-%Y", extract_date=OPTS.extract_date)
    )
    assert registry["contracts"]["start_date"].tolist() == [pd.Timestamp("2004-01-01")]
    assert registry["payments"]["payment_date"].tolist() == [
        pd.Timestamp("2005-02-15"),
        pd.Timestamp("2005-03-15"),
    ]


def test_line_numbers_are_the_files_own_also_after_blank_lines_and_quoted_breaks(extract):
    lines = _lines(extract, "contracts")
    lines.insert(1, "")  # a blank line after the header
    lines.append(
        'K2,Bedrijf B,"Traject\nover twee regels",3. Begeleiding naar werk,3,BVS,'
        "2004-01-01,,false,100.00,0.00"
    )
    lines.append("K3,Bedrijf C,Traject,3. Begeleiding naar werk,3,BVS,2004-13-01,,false,1.00,0.00")
    _write(extract, "contracts", lines)
    with pytest.raises(RegistryError) as info:
        load_extract(extract, OPTS)
    # header 1, blank 2, K1 3, K2 4–5, K3 6
    assert "line 6, column 'start_date'" in str(info.value)


def test_parquet_dates_are_read_as_dates_whatever_the_declared_text_format(extract):
    frame = pd.read_csv(extract / "ladder.csv", dtype=str)
    frame["reference_date"] = [dt.date(2006, 7, 1)]  # parquet date32
    frame.to_parquet(extract / "ladder.parquet", index=False)
    (extract / "ladder.csv").unlink()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        opts = ReadOptions(date_format=fmt, extract_date=OPTS.extract_date)
        table, _ = read_table("ladder", pd.read_parquet(extract / "ladder.parquet"), "x", opts)
        assert table["reference_date"].tolist() == [pd.Timestamp("2006-07-01")]


def test_a_midnight_time_after_a_date_is_accepted(extract):
    set_cell("ladder", 2, "reference_date", "2006-07-01 00:00:00")(extract)
    registry = load_extract(extract, OPTS)
    assert registry["ladder"]["reference_date"].tolist() == [pd.Timestamp("2006-07-01")]


def test_a_bsn_stored_as_a_number_in_parquet_keeps_its_zero(extract):
    frame = pd.read_csv(extract / "clients.csv", dtype=str)
    frame["bsn"] = frame["bsn"].astype(int)  # 012345611 → 12345611
    frame.to_parquet(extract / "clients.parquet", index=False)
    (extract / "clients.csv").unlink()
    registry = load_extract(extract, OPTS)
    assert registry["clients"]["bsn"].tolist() == [A, B, C]


# --- the key ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, problem",
    [(None, "is not set"), (intake.DEMO_KEY, "published demo key"), ("kort", "shorter than 16")],
)
def test_real_data_refuses_to_run_without_a_secret_key(extract, monkeypatch, value, problem):
    if value is None:
        monkeypatch.delenv(intake.KEY_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(intake.KEY_VARIABLE, value)
    registry = load_extract(extract, OPTS)
    with pytest.raises(intake.PseudonymKeyError) as info:
        intake.run_intake(registry, PERIOD)
    message = str(info.value)
    assert problem in message and f"export {intake.KEY_VARIABLE}=" in message


def test_a_secret_key_is_used_and_the_demo_key_only_for_synthetic_data(extract, monkeypatch):
    registry = load_extract(extract, OPTS)
    monkeypatch.setenv(intake.KEY_VARIABLE, "een lange geheime sleutel van de rekenkamer")
    assert intake.run_intake(registry, PERIOD).demo_key is False
    monkeypatch.delenv(intake.KEY_VARIABLE)
    assert intake.run_intake(registry, PERIOD, synthetic=True).demo_key is True


# --- what the cleaned registry keeps ----------------------------------------------------------------


def test_the_cleaned_registry_keeps_the_age_it_needs_not_the_birth_date(extract):
    result = intake.run_intake(load_extract(extract, OPTS), PERIOD, key=b"k" * 16)
    clients = result.registry["clients"]
    assert "birth_date" not in clients.columns and "name" not in clients.columns
    assert sorted(clients["birth_year"]) == [1970, 1975, 1980]
    spells = result.registry["benefit_spells"].set_index("client_key")["age_at_start_n"]
    key = intake.pseudonymise(pd.Series([A, B, C]), b"k" * 16)
    # A: born 1970-05-15, spell before the period → age on 2004-01-01 = 33
    # B: born 1980-01-01, spell from 2004-03-01 → 24; C: born 1975-03-03, from 2004-05-01 → 29
    assert [spells[k] for k in key] == [33, 24, 29]


def test_an_old_demo_registry_among_a_synthetic_cases_inputs_is_named(raw):
    from analysis.registry.extract import load_registry

    from toycase import CASE_YML, write_case

    yml = CASE_YML.replace("components: [goals, outflow]", "components: [registry]")
    write_case(raw, files={"case.yml": yml + "synthetic_registry: true\n"})
    (raw / "toy" / "registry").mkdir()
    stamp(raw / "toy" / "registry")
    with pytest.raises(RegistryError, match="generated by an earlier version") as info:
        load_registry("toy")
    assert "rm -r" in str(info.value)


def test_a_planned_end_after_the_extract_date_is_read_but_a_start_is_not(extract):
    # an exemption granted until 2031 is a planned end, not a typing error
    set_cell("exemptions", 2, "end_date", "2031-12-31")(extract)
    registry = load_extract(extract, OPTS)
    assert registry["exemptions"]["end_date"].max() == pd.Timestamp("2031-12-31")
    set_cell("exemptions", 2, "start_date", "2031-01-01")(extract)
    with pytest.raises(
        RegistryError, match="column 'start_date': 2031-01-01 lies after the extract"
    ):
        load_extract(extract, OPTS)
