"""Reading a registry extract safely (appendix 3; the contract is ``docs/registry.md``).

A municipality's extract arrives as one CSV or parquet file per table. Spreadsheet exports bring
the usual traps: Windows-1252 text, ``;`` as separator, decimal commas, dates as dd-mm-yyyy,
flags as ``nee``, BSNs that lost their leading zero. Nothing here is guessed: every value is
parsed by the kind its column has in :data:`analysis.registry.model.MODEL`, and anything that does
not parse is a problem reported with the file, the line (CSV: the file's line, the header being
line 1) or row (parquet: the record's number), the column and — except for identifiers, which are
never printed — the value. All problems of all files are collected and raised as one
:class:`~analysis.registry.model.RegistryError`, before anything is written.

Content checks the audit needs (``docs/registry.md``, "Checks on reading"): no negative amounts,
no end before its start, no date after the extract date, one ``clients`` row per BSN and role,
no header-only files, no CSV beside a parquet file of the same table, no file that is not a table
of the model.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.core import provenance
from analysis.core.frames import duplicated, map_few
from analysis.registry.codes import CodeMap, load_codes, translate
from analysis.registry.model import (
    MODEL,
    OPTIONAL_TABLES,
    PERIODS,
    REQUIRED_TABLES,
    SCHEMAS,
    TABLES,
    Col,
    Registry,
    RegistryError,
    empty_table,
    registry_dir,
)

ISO_DATE = "%Y-%m-%d"
GENERATED_STAMP = ".generated"
"""The file the demo generator leaves in a registry it wrote."""

FLAG_VALUES: dict[str, bool] = {
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "ja": True,
    "nee": False,
    "j": True,
    "n": False,
    "waar": True,
    "onwaar": False,
    "yes": True,
    "no": False,
}
"""Spellings of a flag that are read (case and surrounding spaces ignored); anything else,
including an empty cell, is an error."""

MAX_SHOWN = 20
"""Problems listed per file; the rest are counted."""


@dataclass(frozen=True)
class ReadOptions:
    """How an extract is read: the date format of its text dates and the extract date (no
    record may be dated after it). ``synthetic`` says the folder holds a generated demo
    registry."""

    date_format: str = ISO_DATE
    extract_date: dt.date | None = None
    synthetic: bool = False
    codes: CodeMap = field(default_factory=dict)
    """The case's own codes → the model's (``codes.yml``, :mod:`analysis.registry.codes`)."""
    tables: tuple[str, ...] | None = None
    """The optional tables the case declares (``registry.tables`` in case.yml): each must be
    there, and no other. None: read the optional tables the folder has."""

    @property
    def latest(self) -> pd.Timestamp:
        return pd.Timestamp(self.extract_date or dt.date.today())


@dataclass
class Problems:
    """The problems found in one file, each tied to a record where there is one."""

    file: str
    lines: bool = True
    """CSV: say "line N" (the file's line); otherwise "row N" (the record's number)."""
    items: list[tuple[int, str]] = field(default_factory=list)
    line_numbers: list[int] | None = None
    """The file line each record starts on (blank lines and quoted line breaks shift them)."""

    def where(self, index: int) -> str:
        if not self.lines:
            return f"row {index + 1}"
        return f"line {self.line_numbers[index] if self.line_numbers else index + 2}"

    def add(self, message: str, index: int | None = None) -> None:
        self.items.append((-1 if index is None else int(index), message))

    def at(self, index: pd.Index, column: str, message: Callable[[int], str]) -> None:
        for i in index[:MAX_SHOWN]:
            self.add(f"{self.where(i)}, column '{column}': {message(i)}", i)
        if len(index) > MAX_SHOWN:
            self.add(f"column '{column}': … and {len(index) - MAX_SHOWN} more records like these")

    def message(self) -> str:
        items = sorted(self.items, key=lambda item: item[0])
        shown = [text for _, text in items[:MAX_SHOWN]]
        if len(items) > MAX_SHOWN:
            shown.append(f"… and {len(items) - MAX_SHOWN} more problems")
        note = " (line = the file's line; the header is line 1)" if self.lines else ""
        head = f"{self.file}: {len(items)} problem{'s' if len(items) != 1 else ''}{note}"
        return head + "\n  " + "\n  ".join(shown)

    def __bool__(self) -> bool:
        return bool(self.items)


def _shown(spec: Col, value: object) -> str:
    """A value as it may appear in a message: never an identifier."""
    if spec.identifier:
        return "a value that is not shown (this column identifies a person)"
    return repr(value)


# --- files ------------------------------------------------------------------------------------


_SEPARATORS = {";": "a semicolon (;)", "\t": "a tab", "|": "a vertical bar (|)"}


def read_csv(file: Path, columns: list[str]) -> tuple[pd.DataFrame, list[int]]:
    """The cells of a CSV file as text and the file line each record starts on, or a
    RegistryError that says what is wrong with the file."""
    data = file.read_bytes()
    expected = (
        f"expected a header row with the columns {', '.join(columns)} and one record per line"
    )
    if not data.strip():
        raise RegistryError(f"{file}: the file is empty; {expected}")
    data = data.removeprefix(b"\xef\xbb\xbf")  # the byte-order mark Excel writes in 'CSV UTF-8'
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp1252")
            hint = (
                "; it reads as Windows-1252, the encoding of Excel's plain 'CSV' export: "
                "save it as 'CSV UTF-8' or convert it (iconv -f cp1252 -t utf-8)"
            )
        except UnicodeDecodeError:
            pass
        raise RegistryError(
            f"{file}: line {line} is not UTF-8 (byte 0x{data[exc.start]:02x}); "
            f"the extract must be UTF-8{hint}"
        ) from None
    header = text.splitlines()[0]
    if "," not in header:
        for sep, name in _SEPARATORS.items():
            if sep in header:
                raise RegistryError(
                    f"{file}: the columns are separated by {name}, as in an Excel export with "
                    f"Dutch settings; the extract uses commas (,) and a decimal point; {expected}"
                )
    starts = record_lines(file, text)
    frame = pd.read_csv(
        io.StringIO(text),
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        sep=",",
        index_col=False,  # never take the first column as an index (pandas does on long rows)
    )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, starts


def record_lines(file: Path, text: str) -> list[int]:
    """The file line on which each record starts, after checking that every record has as many
    fields as the header (pandas silently pads short rows, and turns the first column into an
    index when every row is one field longer)."""
    reader = csv.reader(io.StringIO(text))
    width = len(next(reader))
    starts = []
    previous = reader.line_num
    for row in reader:
        start, previous = previous + 1, reader.line_num
        if not row:
            continue  # a blank line: pandas skips it too
        if len(row) != width:
            raise RegistryError(
                f"{file}: line {start} has {len(row)} fields where the header has "
                f"{width}: a comma inside a value must be quoted, and amounts use a decimal "
                "point (12.50, not 12,50)"
            )
        starts.append(start)
    return starts


def read_parquet(file: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises several kinds for a damaged or foreign file
        raise RegistryError(
            f"{file}: not a readable parquet file ({type(exc).__name__}: {exc})"
        ) from None


# --- values -----------------------------------------------------------------------------------


def _as_text(series: pd.Series) -> pd.Series:
    """Cells as stripped text (missing stays missing; empty text is missing)."""
    if series.dtype == bool:
        series = series.map({True: "true", False: "false"})
    missing = series.isna()  # before the cast: a missing date or number is not the text 'NaT'
    text = series.astype("str").str.strip()
    return text.where(~missing & (text != ""), None).astype("str")


_DMY = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
_MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$")


def _date_hint(value: str, date_format: str) -> str:
    if _DMY.match(value):
        return (
            " (this looks like dd-mm-yyyy: convert the column to yyyy-mm-dd, or declare the "
            "format as registry.date_format in case.yml)"
        )
    if re.fullmatch(r"\d{5}", value):
        return " (this looks like an Excel date number: format the column as a date first)"
    return ""


def parse_dates(series: pd.Series, spec: Col, column: str, fmt: str, out: Problems) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_convert("Europe/Amsterdam").dt.tz_localize(None)
        return series.astype("datetime64[ns]")
    if series.dtype == object and series.map(lambda v: isinstance(v, dt.date)).any():
        # date objects (parquet date32) are dates already: write them in the declared format
        series = series.map(lambda v: v.strftime(fmt) if isinstance(v, dt.date) else v)
    text = _as_text(series)
    cleaned = text.str.replace(_MIDNIGHT, "", regex=True)
    parsed = pd.to_datetime(cleaned, format=fmt, errors="coerce")
    bad = text.notna() & parsed.isna()
    if bad.any():
        expected = "a date as yyyy-mm-dd" if fmt == ISO_DATE else f"a date as {fmt!r}"
        out.at(
            text.index[bad],
            column,
            lambda i: (
                f"expected {expected}, got {_shown(spec, text[i])}"
                + ("" if spec.identifier else _date_hint(text[i], fmt))
            ),
        )
    return parsed.astype("datetime64[ns]")


def parse_flags(series: pd.Series, spec: Col, column: str, out: Problems) -> pd.Series:
    if series.dtype == bool:
        return series
    text = _as_text(series).str.lower()
    value = map_few(text, FLAG_VALUES)
    bad = value.isna()
    if bad.any():
        allowed = "true/false (also 1/0, ja/nee, j/n, waar/onwaar, yes/no)"
        out.at(
            text.index[bad],
            column,
            lambda i: (
                f"expected {allowed}, got {'an empty cell' if pd.isna(text[i]) else repr(text[i])}"
            ),
        )
    return value.eq(True).astype(bool)  # the bad ones are reported above


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _number_hint(value: str) -> str:
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", value) or re.fullmatch(
        r"[+-]?\d+,\d+", value
    ):
        return (
            " (Dutch number format: write amounts with a decimal point and no thousands "
            "separator, e.g. 1234.50)"
        )
    if "€" in value:
        return " (leave out the euro sign)"
    return ""


def parse_numbers(series: pd.Series, spec: Col, column: str, out: Problems) -> pd.Series:
    whole = spec.kind == "int"
    if pd.api.types.is_numeric_dtype(series) and series.dtype != bool:
        values = series.astype("float64")
        text = None
    else:
        text = _as_text(series)
        ok = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
        values = pd.to_numeric(text.where(ok), errors="coerce").astype("float64")
        bad = text.notna() & ~ok
        if bad.any():
            kind = "a whole number" if whole else "an amount such as 1234.50"
            out.at(
                text.index[bad],
                column,
                lambda i: (
                    f"expected {kind}, got {_shown(spec, text[i])}"
                    + ("" if whole else _number_hint(text[i]))
                ),
            )
    if whole:
        fractional = values.notna() & (values != values.round())
        if fractional.any():
            out.at(
                values.index[fractional],
                column,
                lambda i: f"expected a whole number, got {values[i]!r}",
            )
        return values.round().astype("Int64")
    return values


def _parse(
    series: pd.Series, spec: Col, column: str, opts: ReadOptions, out: Problems
) -> pd.Series:
    if spec.kind == "date":
        return parse_dates(series, spec, column, opts.date_format, out)
    if spec.kind == "flag":
        return parse_flags(series, spec, column, out)
    if spec.kind in ("amount", "number", "int"):
        return parse_numbers(series, spec, column, out)
    return _as_text(series)


def normalise_bsn(series: pd.Series) -> tuple[pd.Series, int]:
    """BSNs as nine-digit text: layout (spaces, dots, dashes) removed, and a number of fewer than
    nine digits (a spreadsheet drops leading zeros) padded with zeros, as the 11-proef of
    ``stdnum.nl.bsn`` reads it — so the pseudonym is that of the same BSN written plainly."""
    if pd.api.types.is_float_dtype(series):
        series = series.astype("Int64")
    text = _as_text(series)
    # nine plain digits, nearly every value, need nothing: only the others take the slow path
    plain = text.str.fullmatch("[0-9]{9}").fillna(False).astype(bool).to_numpy()
    if plain.all():
        return text, 0
    rest = text[~plain]
    # spaces, dots and dashes inside the number are layout, as stdnum.nl.bsn.compact reads it
    rest = rest.str.replace(r"[\s.\-]", "", regex=True)
    short = rest.str.fullmatch(r"\d{1,8}").fillna(False).astype(bool)
    text = text.copy()
    text[~plain] = rest.where(~short, rest.str.zfill(9))
    return text.astype("str"), int(short.sum())


# --- tables -----------------------------------------------------------------------------------


def _check_columns(table: str, frame: pd.DataFrame, out: Problems) -> bool:
    model = list(MODEL[table])
    missing = [c for c in model if c not in frame.columns]
    extra = [c for c in frame.columns if c not in MODEL[table]]
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    for column in missing:
        out.add(f"column '{column}' is missing (the table has: {', '.join(model)})")
    for column in extra:
        out.add(f"column '{column}' is not part of the data model of '{table}'")
    for column in duplicated:
        out.add(f"column '{column}' appears more than once")
    return not (missing or extra or duplicated)


def _check_column(
    column: str,
    spec: Col,
    series: pd.Series,
    empty: pd.Series,
    opts: ReadOptions,
    out: Problems,
    planned: bool = False,
) -> None:
    """``empty``: the cells that were empty in the file (a value that did not parse is missing
    in ``series`` too, but already reported)."""
    if not spec.nullable and spec.kind != "flag":  # empty flags: reported by parse_flags
        if empty.any():
            out.at(series.index[empty], column, lambda i: "empty, but the column is required")
    if spec.codes:
        bad = series.notna() & ~series.isin(list(spec.codes))
        if bad.any():
            allowed = ", ".join(str(c) for c in spec.codes)
            out.at(
                series.index[bad],
                column,
                lambda i: f"expected one of {allowed}, got {series[i]!r}",
            )
    if spec.bounds:
        low, high = spec.bounds
        bad = series.notna() & ((series < low) | (series > high))
        if bad.any():
            out.at(
                series.index[bad],
                column,
                lambda i: f"expected {low}–{high}, got {series[i]}",
            )
    if spec.unique:
        twice = series.notna() & duplicated(series, keep=False)
        if twice.any():
            out.at(
                series.index[twice],
                column,
                lambda i: (
                    f"{_shown(spec, series[i])} occurs more than once; each value must be unique"
                ),
            )
    if spec.kind == "amount":
        negative = series < 0
        if negative.any():
            out.at(
                series.index[negative],
                column,
                lambda i: (
                    f"negative amount {series[i]!r}: amounts are positive; "
                    "net a credit note against the invoice it corrects before the extract"
                ),
            )
    if spec.kind == "date" and not planned:
        late = series > opts.latest
        if late.any():
            latest = f"{opts.latest:%Y-%m-%d}"
            out.at(
                series.index[late],
                column,
                lambda i: (
                    f"{'a date that is not shown' if spec.identifier else f'{series[i]:%Y-%m-%d}'} "
                    f"lies after the extract date {latest} (registry.extract_date in case.yml; "
                    "default: today)"
                ),
            )


def _check_values(
    table: str, frame: pd.DataFrame, raw: pd.DataFrame, opts: ReadOptions, out: Problems
) -> None:
    for column, spec in MODEL[table].items():
        source = raw[column]
        textual = source.dtype == object or pd.api.types.is_string_dtype(source)
        if spec.kind in ("text", "code") and column != "bsn":
            empty = frame[column].isna()  # read as _as_text(source) already
        else:
            empty = _as_text(source).isna() if textual else source.isna()
        # the end of a dated record may be planned: an exemption or provision granted until
        # 2027, a benefit ending on a set day; every other date must have happened
        planned = table in PERIODS and column == PERIODS[table][1]
        _check_column(column, spec, frame[column], empty, opts, out, planned)
    if table in PERIODS:
        start, end = PERIODS[table]
        before = frame[end].notna() & frame[start].notna() & (frame[end] < frame[start])
        if before.any():
            out.at(
                frame.index[before],
                end,
                lambda i: (
                    f"{frame[end][i]:%Y-%m-%d} lies before {start} {frame[start][i]:%Y-%m-%d}"
                ),
            )
    if table == "clients":
        known = frame[frame["bsn"].notna()]
        twice = known[duplicated(known, ["bsn", "household_role"], keep=False)]
        for _, group in twice.groupby(["bsn", "household_role"], sort=False):
            lines = " and ".join(out.where(i) for i in group.index[:5])
            role = group["household_role"].iloc[0]
            out.add(
                f"{lines}: the same BSN twice with household_role '{role}' (one row per person "
                "and role; the BSN is not shown)",
                group.index[0],
            )
    if table == "ladder":
        _check_ladder(frame, out)


def _check_ladder(frame: pd.DataFrame, out: Problems) -> None:
    """The ladder is one snapshot: one reference date for the whole table, one rung per person
    (Tabel 4.13 counts clients per rung on that date; two dates or two rungs have no reading)."""
    dates = frame["reference_date"].dropna().unique()
    if len(dates) > 1:
        shown = ", ".join(f"{d:%Y-%m-%d}" for d in sorted(pd.to_datetime(dates))[:5])
        first = frame.index[frame["reference_date"] != frame["reference_date"].min()]
        out.add(
            f"{out.where(first[0])}: the ladder has {len(dates)} reference dates ({shown}); it "
            "is one snapshot with one reference_date for every row",
            first[0],
        )
    known = frame[frame["bsn"].notna()]
    twice = known[duplicated(known["bsn"], keep=False)]
    for _, group in twice.groupby("bsn", sort=False):
        lines = " and ".join(out.where(i) for i in group.index[:5])
        out.add(
            f"{lines}: the same BSN twice in the ladder (one rung per person on the reference "
            "date; the BSN is not shown)",
            group.index[0],
        )


def read_table(
    table: str,
    frame: pd.DataFrame,
    source: str = "<frame>",
    opts: ReadOptions | None = None,
    lines: bool = False,
    line_numbers: list[int] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Parse and check one table read from ``source``; return it typed as the model says, with
    the number of BSNs padded with leading zeros.

    Raises:
        RegistryError: every problem of the table, by line or row and column.
    """
    opts = opts or ReadOptions()
    out = Problems(source, lines=lines, line_numbers=line_numbers)
    if not _check_columns(table, frame, out):
        raise RegistryError(out.message())
    frame, unmapped = translate(frame, table, opts.codes)
    for column, rows, message in unmapped:
        out.at(rows, column, message)
    typed = {}
    padded = 0
    for column, spec in MODEL[table].items():
        if column == "bsn":
            typed[column], padded = normalise_bsn(frame[column])
        else:
            typed[column] = _parse(frame[column], spec, column, opts, out)
    result = pd.DataFrame(typed, index=frame.index)
    _check_values(table, result, frame, opts, out)
    if out:
        raise RegistryError(out.message())
    try:
        SCHEMAS[table].validate(result, lazy=True)
    except pa.errors.SchemaErrors as exc:  # a gap in the checks above: still never a value
        checks = sorted(
            {
                f"{c}: {k}"
                for c, k in zip(
                    exc.failure_cases["column"], exc.failure_cases["check"], strict=True
                )
            }
        )
        raise RegistryError(
            f"{source}: does not meet the data model ({'; '.join(checks)})"
        ) from None
    return result, padded


def validate(table: str, frame: pd.DataFrame, source: Path | str = "<frame>") -> pd.DataFrame:
    """Type and check one registry table held in memory (rows counted from 1)."""
    return read_table(table, frame, str(source))[0]


def _files(folder: Path) -> dict[str, Path]:
    """The table files of ``folder``; a table given twice or a file that is no table of the
    model is a problem, named."""
    found: dict[str, list[Path]] = {}
    strangers = []
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() not in (".csv", ".parquet") or not file.is_file():
            continue
        if file.stem in MODEL:
            found.setdefault(file.stem, []).append(file)
        else:
            strangers.append(file.name)
    problems = []
    for name in strangers:
        problems.append(
            f"{folder / name}: not a table of the data model (tables: {', '.join(TABLES)}); "
            "rename or remove it"
        )
    for table, files in found.items():
        if len(files) > 1:
            problems.append(
                f"{folder}: table '{table}' is given twice "
                f"({' and '.join(f.name for f in files)}); keep one"
            )
    if problems:
        raise RegistryError("\n".join(problems))
    return {table: files[0] for table, files in found.items()}


def load_extract(folder: Path, opts: ReadOptions | None = None) -> Registry:
    """Read, type and check every table of the extract in ``folder``.

    Raises:
        RegistryError: every problem found, file by file, in one message; no identifier in it.
    """
    opts = opts or ReadOptions()
    if not folder.is_dir():
        raise RegistryError(f"{folder}: no registry extract (a folder with one file per table)")
    if not opts.synthetic and (folder / GENERATED_STAMP).exists():
        raise RegistryError(
            f"{folder}: holds a generated demo registry ({GENERATED_STAMP}), but the case says "
            "synthetic_registry: false; remove the demo files and put the extract here"
        )
    files = _files(folder)
    messages = _declared_problems(folder, files, opts.tables)
    tables: dict[str, pd.DataFrame] = {}
    padded: dict[str, int] = {}
    for table in TABLES:
        if table not in files:
            tables[table] = empty_table(table)
            continue
        file = files[table]
        try:
            is_csv = file.suffix.lower() == ".csv"
            starts = None
            if is_csv:
                frame, starts = read_csv(file, list(MODEL[table]))
            else:
                frame = read_parquet(file)
            if frame.empty and len(frame.columns):
                raise RegistryError(
                    f"{file}: has a header but no records; table '{table}' must hold at least one"
                    + (
                        " (leave the file out if the extract has no such records)"
                        if table in OPTIONAL_TABLES
                        else ""
                    )
                )
            tables[table], padded[table] = read_table(
                table, frame, str(file), opts, lines=is_csv, line_numbers=starts
            )
            provenance.record_input(file)
        except RegistryError as exc:
            messages.append(str(exc))
    if messages:
        raise RegistryError("\n".join(messages))
    return Registry(tables, {t: n for t, n in padded.items() if n}, frozenset(files))


def _declared_problems(
    folder: Path, files: Mapping[str, Path], declared: tuple[str, ...] | None
) -> list[str]:
    """A required table without a file; with ``registry.tables`` declared, a declared table
    without a file and a file of a table the case does not declare."""
    messages = []
    missing = [t for t in REQUIRED_TABLES if t not in files]
    if declared is not None:
        missing += [t for t in declared if t not in files]
    if missing:
        messages.append(
            f"{folder}: no file for the table(s) {', '.join(missing)} "
            "(<table>.csv or <table>.parquet)"
            + (
                "; required, or declared in registry.tables of case.yml"
                if declared is not None
                else "; required"
            )
        )
    if declared is not None:
        extra = [t for t in files if t in OPTIONAL_TABLES and t not in declared]
        if extra:
            messages.append(
                f"{folder}: holds the table(s) {', '.join(extra)}, which registry.tables in "
                f"case.yml does not declare (it declares: {', '.join(declared) or 'none'}); "
                "declare them or remove the files"
            )
    return messages


def read_options(case) -> ReadOptions:
    """The read options of a loaded case (:class:`analysis.core.cases.Case`), with its code
    mapping (``data/raw/<case>/codes.yml``) where it has one."""
    file = case.raw_dir / "codes.yml"
    codes = {}
    if file.is_file():
        provenance.record_input(file)
        codes = load_codes(file)
    return ReadOptions(
        date_format=case.registry_date_format,
        extract_date=case.registry_extract_date,
        synthetic=case.synthetic_registry,
        codes=codes,
        tables=case.registry_tables,
    )


def load_registry(case: str, folder: Path | None = None) -> Registry:
    """Read and check the registry extract of ``case`` (its own folder unless ``folder``)."""
    from analysis.core.cases import load_case

    cfg = load_case(case)
    stale = registry_dir(case, synthetic=False)
    if cfg.synthetic_registry and folder is None and (stale / GENERATED_STAMP).exists():
        raise RegistryError(
            f"{stale}: holds a demo registry generated by an earlier version, which wrote it among "
            f"the case's own inputs; demo registries now live in {registry_dir(case, True)}. "
            f"Remove the old one (rm -r {stale}) and build again"
        )
    return load_extract(folder or registry_dir(case, cfg.synthetic_registry), read_options(cfg))


__all__ = [
    "FLAG_VALUES",
    "ReadOptions",
    "load_extract",
    "load_registry",
    "read_table",
    "validate",
]
