"""The published tables and text figures of each case, loaded through schemas.

Implements the data contract of ``docs/transcription.md``: every table the audits print is a CSV
in ``data/raw/<case>/tables/``, described by a row in ``sources.csv`` and its columns in
``columns.csv``; figures stated only in the text are in ``facts.csv``. The schemas are built from
that metadata (data, not code per table), with pandera:

* stage 1, on the text as written: required columns in order, numbers in machine form
  (``40546``, ``7.6``, not ``40.546`` or ``7,6``), scores within ``+``, ``+/-``, ``-``;
* stage 2, on the typed values: counts are whole numbers ≥ 0, percentages within 0–100, etc.

A bad file fails with one :class:`TableError` naming the file, line, column and what was
expected. ``python -m analysis.published.tables <case>`` checks a whole case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.core import paths, provenance
from analysis.core.errors import InputError

UNITS: dict[str, str] = {
    "label": "the row label",
    "text": "verbatim text",
    "score": "a score: '+', '+/-' or '-'",
    "count": "a count: a whole number ≥ 0",
    "pct": "a percentage between 0 and 100",
    "pct_change": "a percentage (may be negative)",
    "eur": "an amount in euros",
    "eur_mln": "an amount in millions of euros",
    "number": "a number",
    "months": "a number of months",
    "year": "a year (four digits)",
    "date": "a date written YYYY-MM-DD",
}
NUMERIC_UNITS = {"count", "pct", "pct_change", "eur", "eur_mln", "number", "months", "year"}
EXACT_UNITS = {"count", "year"}
"""Units whose printed figures are exact; all other numbers are rounded to their printed digits."""
SCORES = ("+", "+/-", "-")

NUMBER_RE = r"^-?\d+(\.\d+)?$"
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
TABLE_ID_RE = r"^(t|f)\d+_\d+[a-z]?$|^s_[a-z0-9_]+$"
NAME_RE = r"^[a-z][a-z0-9_]*$"
SEED_RE = r"^\d{3}_[0-9a-f]{16}\.txt$"

SOURCES_COLUMNS = ["table_id", "file", "title", "section", "unit", "seed", "notes"]
COLUMNS_COLUMNS = ["table_id", "column", "header", "unit"]
FACTS_COLUMNS = ["fact_id", "value", "unit", "section", "quote"]


class TableError(InputError):
    """A transcribed file does not meet its schema or the manifest is incomplete."""


@dataclass(frozen=True)
class TableMeta:
    """What ``sources.csv`` and ``columns.csv`` say about one table."""

    table_id: str
    title: str
    section: str
    unit: str
    seed: str
    notes: str
    columns: tuple[str, ...]
    headers: dict[str, str]
    units: dict[str, str]

    @property
    def number(self) -> str:
        """The printed number as a Dutch caption prefix: ``Tabel 4.6``, ``Figuur 8.1``."""
        if self.table_id.startswith("s_"):
            return ""
        kind = "Tabel" if self.table_id.startswith("t") else "Figuur"
        return f"{kind} {self.table_id[1:].replace('_', '.')}"


def _read_text_csv(file: Path) -> pd.DataFrame:
    if not file.is_file():
        raise TableError(f"{file}: file not found")
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise TableError(f"{file}: cannot be read as UTF-8 CSV: {exc}") from exc
    provenance.record_input(file)
    return frame


LINE_NOTE = " (line = the file's line; the header is line 1)"


def _line(index: object) -> str:
    try:
        return f"line {int(index) + 2}"  # header is line 1, first data row line 2
    except (TypeError, ValueError):
        return "header"


def _failure_lines(frame: pd.DataFrame, errors: pa.errors.SchemaErrors) -> list[str]:
    lines = []
    cases = errors.failure_cases
    for _, fc in cases.iterrows():
        column, check, value, index = fc["column"], fc["check"], fc["failure_case"], fc["index"]
        if fc["schema_context"] == "DataFrameSchema":
            if check == "column_in_schema":
                lines.append(f"column '{value}' is not declared in columns.csv")
            elif check == "column_in_dataframe":
                lines.append(f"column '{value}' declared in columns.csv is missing")
            elif check == "column_ordered":
                lines.append(f"column '{value}' is out of the declared order")
            else:
                lines.append(f"{check}: {value}")
            continue
        if check == "field_uniqueness":
            check = "a row label that is unique within the table"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        where = _line(index)
        if index is not None and "label" in frame.columns and pd.notna(index):
            label = frame.loc[index, "label"] if index in frame.index else ""
            if label and column != "label":
                where += f" ('{label}')"
        lines.append(f"{where}, column '{column}': expected {check}, got {value!r}")
    return lines


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> list[str]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _failure_lines(frame, exc)
    return []


def _raise(file: Path, lines: list[str]) -> None:
    lines = list(dict.fromkeys(lines))  # the two stages may report a structural problem twice
    shown = lines[:20] + ([f"… and {len(lines) - 20} more"] if len(lines) > 20 else [])
    raise TableError(
        f"{file}{LINE_NOTE}: " + ("\n  " if len(shown) > 1 else "") + "\n  ".join(shown)
    )


def _validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, file: Path) -> pd.DataFrame:
    lines = _failures(schema, frame)
    if lines:
        _raise(file, lines)
    return frame


def _text_check(unit: str) -> list[pa.Check]:
    if unit in NUMERIC_UNITS:
        expected = "a number in machine form (40546 or 7.6; no thousands dot or decimal comma)"
        if unit == "year":
            return [pa.Check.str_matches(r"^\d{4}$", error=UNITS["year"])]
        if unit == "count":
            # a whole number written without a thousands dot: "40546", never "40.546"
            return [
                pa.Check.str_matches(r"^-?\d+$", error=UNITS["count"] + " without thousands dot")
            ]
        return [pa.Check.str_matches(NUMBER_RE, error=expected)]
    if unit == "score":
        return [pa.Check.isin(SCORES, error=UNITS["score"])]
    if unit == "date":
        return [pa.Check.str_matches(DATE_RE, error=UNITS["date"])]
    return []


def _typed_check(unit: str) -> list[pa.Check]:
    if unit == "count":
        return [
            pa.Check.ge(0, error=UNITS["count"]),
            pa.Check(lambda s: s == s.round(0), element_wise=False, error=UNITS["count"]),
        ]
    if unit == "pct":
        return [pa.Check.in_range(0, 100, error=UNITS["pct"])]
    if unit == "months":
        return [pa.Check.ge(0, error=UNITS["months"])]
    return []


def _empty_to_na(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    frame = frame.copy()
    for col in columns:
        frame[col] = frame[col].mask(frame[col].str.strip() == "")
    return frame


def _typed(frame: pd.DataFrame, units: dict[str, str]) -> pd.DataFrame:
    out = frame.copy()
    for col, unit in units.items():
        if unit in NUMERIC_UNITS:
            values = pd.to_numeric(out[col], errors="coerce")  # text-stage errors reported already
            out[col] = values.astype("Int64" if unit in EXACT_UNITS else "Float64")
        elif unit == "date":
            out[col] = pd.to_datetime(out[col], format="%Y-%m-%d")
        else:
            out[col] = out[col].astype("string")
    return out


# ---------------------------------------------------------------------------------------------
# metadata: sources.csv and columns.csv


def _sources_schema() -> pa.DataFrameSchema:
    text = pa.Column(str, pa.Check.str_length(min_value=1, error="a non-empty text"))
    return pa.DataFrameSchema(
        {
            "table_id": pa.Column(
                str,
                pa.Check.str_matches(TABLE_ID_RE, error="a table id like t4_6, f8_1 or s_name"),
                unique=True,
            ),
            "file": text,
            "title": text,
            "section": pa.Column(str),
            "unit": pa.Column(str),
            "seed": pa.Column(str, pa.Check.str_matches(SEED_RE, error="a seed file name")),
            "notes": pa.Column(str),
        },
        strict=True,
        ordered=True,
        checks=pa.Check(
            lambda df: df["file"] == "tables/" + df["table_id"] + ".csv",
            error="file = tables/<table_id>.csv",
        ),
    )


def _columns_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "table_id": pa.Column(str),
            "column": pa.Column(str, pa.Check.str_matches(NAME_RE, error="a snake_case name")),
            "header": pa.Column(str),
            "unit": pa.Column(str, pa.Check.isin(list(UNITS), error=f"one of {list(UNITS)}")),
        },
        strict=True,
        ordered=True,
        unique=["table_id", "column"],
    )


def read_sources(case: str) -> pd.DataFrame:
    """``sources.csv`` of ``case``, validated."""
    file = paths.raw_dir(case) / "sources.csv"
    return _validate(_sources_schema(), _read_text_csv(file), file)


def read_columns(case: str) -> pd.DataFrame:
    """``columns.csv`` of ``case``, validated."""
    file = paths.raw_dir(case) / "columns.csv"
    return _validate(_columns_schema(), _read_text_csv(file), file)


def table_meta(case: str, table_id: str) -> TableMeta:
    """Title, section, notes and column units of one table."""
    sources = read_sources(case)
    row = sources[sources["table_id"] == table_id]
    if row.empty:
        raise TableError(
            f"{paths.raw_dir(case) / 'sources.csv'}: no row for table '{table_id}' "
            f"(known: {', '.join(sources['table_id'])})"
        )
    src = row.iloc[0]
    cols = read_columns(case)
    cols = cols[cols["table_id"] == table_id]
    file = paths.raw_dir(case) / "columns.csv"
    if cols.empty:
        raise TableError(f"{file}: no columns declared for table '{table_id}'")
    if cols.iloc[0]["column"] != "label" or cols.iloc[0]["unit"] != "label":
        raise TableError(f"{file}: the first column of '{table_id}' must be 'label' (unit label)")
    return TableMeta(
        table_id=table_id,
        title=src["title"],
        section=src["section"],
        unit=src["unit"],
        seed=src["seed"],
        notes=src["notes"],
        columns=tuple(cols["column"]),
        headers=dict(zip(cols["column"], cols["header"], strict=True)),
        units=dict(zip(cols["column"], cols["unit"], strict=True)),
    )


# ---------------------------------------------------------------------------------------------
# tables


def unit_schemas(
    units: dict[str, str], required: Iterable[str] = ()
) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """Text-stage and typed-stage schemas for a CSV whose columns have the given units.

    Args:
        units: column → unit (see :data:`UNITS`), in file order.
        required: columns that may not have empty cells (a ``label`` column never may).
    """
    required = set(required)
    text_cols, typed_cols = {}, {}
    for col, unit in units.items():
        if unit == "label":
            text_cols[col] = pa.Column(
                str,
                pa.Check.str_length(min_value=1, error="a non-empty row label"),
                unique=True,
                report_duplicates="exclude_first",
            )
        else:
            text_cols[col] = pa.Column(str, _text_check(unit), nullable=col not in required)
        typed_cols[col] = pa.Column(checks=_typed_check(unit), nullable=True)
    text_schema = pa.DataFrameSchema(text_cols, strict=True, ordered=True)
    typed_schema = pa.DataFrameSchema(typed_cols, strict=True, ordered=True)
    return text_schema, typed_schema


def table_schemas(meta: TableMeta) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """The text-stage and typed-stage schemas of a table, derived from its column units."""
    return unit_schemas(meta.units)


def read_csv_with_units(
    file: Path, units: dict[str, str], required: Iterable[str] = ()
) -> pd.DataFrame:
    """Read a CSV written to the contract of ``docs/transcription.md`` and type it by ``units``.

    Raises:
        TableError: one message listing every cell that does not meet its unit.
    """
    frame = _read_text_csv(file)
    value_cols = [c for c in frame.columns if c in units and units[c] != "label"]
    frame = _empty_to_na(frame, value_cols)
    text_schema, typed_schema = unit_schemas(units, required)
    lines = _failures(text_schema, frame)
    known = [c for c in frame.columns if c in units]
    typed = _typed(frame[known], {c: units[c] for c in known})
    lines += _failures(typed_schema, typed.reindex(columns=list(units)))
    if lines:
        _raise(file, lines)
    return typed


def read_table_text(case: str, table_id: str) -> tuple[pd.DataFrame, TableMeta]:
    """A table as written (strings, empty cells as NA), validated at the text stage.

    The crossfoot needs the text to know each figure's printed decimals.
    """
    meta = table_meta(case, table_id)
    file = paths.raw_dir(case) / "tables" / f"{table_id}.csv"
    frame = _read_text_csv(file)
    text_schema, _ = table_schemas(meta)
    value_cols = [c for c in frame.columns if c in meta.units and meta.units[c] != "label"]
    frame = _empty_to_na(frame, value_cols)
    return _validate(text_schema, frame, file), meta


def load_table(case: str, table_id: str) -> pd.DataFrame:
    """One published table, typed and validated.

    Counts and years become ``Int64``, other numbers ``Float64``, dates ``datetime64``, text and
    scores ``string``; empty cells are ``<NA>``. ``frame.attrs["meta"]`` holds the
    :class:`TableMeta` (Dutch title, printed headers, units, notes).

    Raises:
        TableError: the file or its metadata is missing or does not meet the schema; the
            message names the file, line, column and what was expected.
    """
    meta = table_meta(case, table_id)
    file = paths.raw_dir(case) / "tables" / f"{table_id}.csv"
    typed = read_csv_with_units(file, meta.units)
    typed.attrs["meta"] = meta
    return typed


# ---------------------------------------------------------------------------------------------
# facts


def _facts_text_schema() -> pa.DataFrameSchema:
    fact_units = [u for u in UNITS if u not in ("label", "text", "score")]
    return pa.DataFrameSchema(
        {
            "fact_id": pa.Column(
                str, pa.Check.str_matches(NAME_RE, error="a snake_case id"), unique=True
            ),
            "value": pa.Column(
                str,
                pa.Check.str_matches(
                    f"{NUMBER_RE[:-1]}|{DATE_RE[1:]}", error="a number in machine form or a date"
                ),
            ),
            "unit": pa.Column(str, pa.Check.isin(fact_units, error=f"one of {fact_units}")),
            "section": pa.Column(str),
            "quote": pa.Column(str, pa.Check.str_length(min_value=1, error="the quoted sentence")),
        },
        strict=True,
        ordered=True,
    )


def load_facts(case: str) -> pd.DataFrame:
    """Figures the report states only in its text (``facts.csv``), typed and validated.

    Columns: ``fact_id, value`` (``Float64``; ``<NA>`` for dates), ``value_text`` (as written),
    ``unit, section, quote``. Counts must be whole numbers ≥ 0, percentages within 0–100.
    """
    file = paths.raw_dir(case) / "facts.csv"
    frame = _validate(_facts_text_schema(), _read_text_csv(file), file)
    is_date = frame["unit"] == "date"
    bad_date = is_date & ~frame["value"].str.match(DATE_RE)
    bad_number = ~is_date & ~frame["value"].str.match(NUMBER_RE)
    problems = [
        f"line {i + 2} ('{frame.at[i, 'fact_id']}'), column 'value': expected "
        f"{UNITS[frame.at[i, 'unit']]}, got {frame.at[i, 'value']!r}"
        for i in frame.index[bad_date | bad_number]
    ]
    values = pd.to_numeric(frame["value"].where(~is_date), errors="coerce").astype("Float64")
    for unit, ok in (
        ("count", lambda v: (v >= 0) & (v == v.round(0))),
        ("pct", lambda v: (v >= 0) & (v <= 100)),
        ("months", lambda v: v >= 0),
    ):
        mask = (frame["unit"] == unit) & ~ok(values).fillna(True)
        problems += [
            f"line {i + 2} ('{frame.at[i, 'fact_id']}'), column 'value': expected "
            f"{UNITS[unit]}, got {frame.at[i, 'value']!r}"
            for i in frame.index[mask]
        ]
    if problems:
        raise TableError(f"{file}{LINE_NOTE}: " + "\n  ".join(sorted(problems)))
    out = frame.assign(value=values, value_text=frame["value"])
    out = out[["fact_id", "value", "value_text", "unit", "section", "quote"]]
    return out.astype({"fact_id": "string", "unit": "string", "section": "string"})


def case_facts(case: str) -> pd.DataFrame:
    """The case's facts indexed by ``fact_id`` (:func:`load_facts`); an empty frame for a case
    without ``facts.csv`` (a case needs no transcription)."""
    if not (paths.raw_dir(case) / "facts.csv").is_file():
        columns = ["value", "value_text", "unit", "section", "quote"]
        return pd.DataFrame(columns=columns, index=pd.Index([], name="fact_id"))
    return load_facts(case).set_index("fact_id")


def fact(facts: pd.DataFrame, fact_id: str) -> float:
    """The value of one fact; a clear error when it does not exist."""
    hit = facts.loc[facts["fact_id"] == fact_id, "value"]
    if hit.empty:
        raise KeyError(f"no fact '{fact_id}' in facts.csv")
    return float(hit.iloc[0])


# ---------------------------------------------------------------------------------------------
# manifest


def natural_key(text: str) -> list[int | str]:
    """Sort key that puts ``t4_2`` before ``t4_10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def table_order(table_id: str) -> tuple[int, int, int, str]:
    """Sort key in the report's printed order: by chapter, tables before figures, then series.

    ``t4_17`` < ``t5_1`` < ``f5_1`` < ``t6_1``; ``s_…`` series come last.
    """
    match = re.fullmatch(r"([tf])(\d+)_(\d+)([a-z]?)", table_id)
    if match is None:
        return (10**6, 0, 0, table_id)
    kind, chapter, number, suffix = match.groups()
    return (int(chapter), 0 if kind == "t" else 1, int(number), suffix)


def table_files(case: str) -> list[str]:
    """Ids of the CSV files present in ``data/raw/<case>/tables/``."""
    folder = paths.raw_dir(case) / "tables"
    return sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []


def check_manifest(case: str) -> list[str]:
    """Problems with the manifest: CSVs without a ``sources.csv`` row and vice versa, tables
    without declared columns, declared columns of unknown tables. Empty when all is well."""
    sources = read_sources(case)
    columns = read_columns(case)
    listed, present = set(sources["table_id"]), set(table_files(case))
    declared = set(columns["table_id"])
    problems = [f"tables/{t}.csv has no row in sources.csv" for t in sorted(present - listed)]
    problems += [
        f"sources.csv lists '{t}' but tables/{t}.csv is missing" for t in sorted(listed - present)
    ]
    problems += [f"columns.csv declares no columns for '{t}'" for t in sorted(listed - declared)]
    problems += [
        f"columns.csv declares columns of unknown table '{t}'" for t in sorted(declared - listed)
    ]
    return problems


@dataclass(frozen=True)
class CaseInventory:
    """Counts reported by :func:`check_case`."""

    case: str
    tables: int
    cells: int
    facts: int


def has_transcriptions(case: str) -> bool:
    """Whether ``case`` has a transcription of a printed report (a case needs none)."""
    return (paths.raw_dir(case) / "sources.csv").is_file()


def has_table(case: str, table_id: str) -> bool:
    """Whether ``case`` has a transcription of the printed table ``table_id``: its file in
    ``tables/`` and its row in ``sources.csv``."""
    if not (paths.raw_dir(case) / "tables" / f"{table_id}.csv").is_file():
        return False
    return has_transcriptions(case) and table_id in set(read_sources(case)["table_id"])


def check_case(case: str) -> CaseInventory:
    """Validate every table and the facts of ``case``; raise one :class:`TableError` listing
    every problem found."""
    problems = check_manifest(case)
    cells = 0
    ids = sorted(read_sources(case)["table_id"], key=table_order)
    for table_id in ids:
        try:
            frame = load_table(case, table_id)
        except TableError as exc:
            problems.append(str(exc))
            continue
        values = frame.drop(columns="label")
        cells += int(values.notna().sum().sum())
    n_facts = 0
    if (paths.raw_dir(case) / "facts.csv").is_file():
        try:
            n_facts = len(load_facts(case))
        except TableError as exc:
            problems.append(str(exc))
    if problems:
        raise TableError(f"{case}: {len(problems)} problem(s)\n" + "\n".join(problems))
    return CaseInventory(case, len(ids), cells, n_facts)


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.published.tables [case ...]``: check the transcriptions of the cases."""
    args = argv if argv is not None else sys.argv[1:]
    cases = args or sorted(p.parent.name for p in paths.RAW.glob("*/sources.csv"))
    status = 0
    for case in cases:
        try:
            inv = check_case(case)
        except TableError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        print(f"{case}: {inv.tables} tables, {inv.cells} cells, {inv.facts} facts — all valid")
    return status


if __name__ == "__main__":
    from analysis.core.cli import run

    raise SystemExit(run(main))
