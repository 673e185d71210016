"""Cross-footing: auditing the audit's own arithmetic (DESIGN.md, "Cross-footing").

For every transcribed table the identities it should satisfy are declared as data in
``data/raw/<case>/checks.yml`` (see ``docs/transcription.md``): row identities
(``beginstand_n == in_uitkering_n + uitstroom_n``), column totals, percentages recomputed from
printed counts, and figures printed twice (``cell(...)``, ``fact(...)``).

Tolerance follows the printed precision. Counts and years are exact; every other printed figure
stands for an interval (``7.6`` means 7.55–7.65). The right-hand side is recomputed with interval
arithmetic from the printed inputs, so the rounding of a sum's parts is allowed for. A check is a
*finding* when the printed figure's interval and the recomputed interval do not overlap: no
choice of unrounded inputs could have produced the printed figure. Nothing is ever corrected.

``python -m analysis.published.crossfoot <case>`` prints the findings (a check on the
transcription, writing nothing); notebook ``90_consistency`` stores them as the artefact
``consistency``.
"""

from __future__ import annotations

import ast
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from analysis.core import paths, provenance
from analysis.core.rounding import Interval
from analysis.published.tables import (
    EXACT_UNITS,
    NUMERIC_UNITS,
    TableError,
    load_facts,
    read_table_text,
    table_order,
)

CONSISTENCY_COLUMNS = [
    "table_id",
    "check",
    "location",
    "printed",
    "recomputed",
    "difference",
    "verdict",
    "tolerance",
    "note",
]
VERDICTS = ("consistent", "finding", "not_testable")
_EPS = 1e-9


class CheckError(ValueError):
    """A declaration in ``checks.yml`` is malformed or refers to something that does not exist."""


_NUMBER_IN_TEXT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$")


def _cell_interval(text: str, column: str, unit: str) -> Interval | None:
    """The interval of a printed cell; ``None`` for a text cell that holds no number.

    Text columns hold a number where the printed column mixes figures and markers
    (``109%`` beside ``Onbekend``); such a figure counts as exact when the column is a count
    (name ending in ``_n``) and as rounded to its printed decimals otherwise.
    """
    if unit != "text":
        return Interval.printed(text, exact=unit in EXACT_UNITS)
    match = _NUMBER_IN_TEXT.match(text)
    if match is None:
        return None
    return Interval.printed(match.group(1), exact=column.endswith("_n"))


class _Missing(Exception):
    """A referenced cell is empty: the check does not apply to this row."""


@dataclass
class CaseData:
    """The printed tables and facts of one case, as text with their units, for the checks."""

    case: str
    _tables: dict[str, tuple[pd.DataFrame, dict[str, str]]]
    _facts: pd.DataFrame | None

    @classmethod
    def load(cls, case: str) -> CaseData:
        facts_file = paths.raw_dir(case) / "facts.csv"
        facts = load_facts(case) if facts_file.is_file() else None
        return cls(case, {}, facts)

    def table(self, table_id: str) -> tuple[pd.DataFrame, dict[str, str]]:
        if table_id not in self._tables:
            try:
                frame, meta = read_table_text(self.case, table_id)
            except TableError as exc:
                raise CheckError(f"table '{table_id}': {exc}") from exc
            self._tables[table_id] = (frame.set_index("label", drop=False), meta.units)
        return self._tables[table_id]

    def value(self, table_id: str, row: str, column: str) -> Interval:
        frame, units = self.table(table_id)
        if column not in units or column == "label":
            raise CheckError(f"table '{table_id}' has no column '{column}'")
        if units[column] not in NUMERIC_UNITS and units[column] != "text":
            raise CheckError(f"column '{column}' of '{table_id}' is {units[column]}, not a number")
        if row not in frame.index:
            raise CheckError(f"table '{table_id}' has no row labelled {row!r}")
        text = frame.at[row, column]
        if pd.isna(text):
            raise _Missing()
        value = _cell_interval(text, column, units[column])
        if value is None:
            raise CheckError(
                f"cell {row!r} › {column} of '{table_id}' holds text {text!r}, not a number"
            )
        return value

    def fact(self, fact_id: str) -> Interval:
        if self._facts is None:
            raise CheckError(f"fact('{fact_id}'): case '{self.case}' has no facts.csv")
        hit = self._facts[self._facts["fact_id"] == fact_id]
        if hit.empty:
            raise CheckError(f"fact('{fact_id}') is not in facts.csv")
        row = hit.iloc[0]
        if row["unit"] == "date":
            raise CheckError(f"fact('{fact_id}') is a date, not a number")
        return Interval.printed(row["value_text"], exact=row["unit"] in EXACT_UNITS)


_BINOPS: dict[type, Callable[[Interval, Interval], Interval]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def _evaluate(node: ast.AST, data: CaseData, row: Mapping[str, Interval | None]) -> Interval:
    """Evaluate one side of a formula with interval arithmetic."""
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](
            _evaluate(node.left, data, row), _evaluate(node.right, data, row)
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, data, row)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Interval.exact(float(node.value))
    if isinstance(node, ast.Name):
        if node.id not in row:
            raise CheckError(f"'{node.id}' is not a column of this table")
        value = row[node.id]
        if value is None:
            raise _Missing()
        return value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "rounded":
        # rounded(x, step): x was printed rounded to `step` ("circa € 78.000" → step 1000)
        if len(node.args) != 2 or not isinstance(node.args[1], ast.Constant):
            raise CheckError("rounded() takes an expression and a rounding step: rounded(x, 1000)")
        inner, half = _evaluate(node.args[0], data, row), float(node.args[1].value) / 2
        return Interval(
            inner.value, min(inner.lo, inner.value - half), max(inner.hi, inner.value + half)
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if len(args) != len(node.args) or not all(isinstance(a, str) for a in args):
            raise CheckError(f"{node.func.id}(...) takes quoted texts only")
        if node.func.id == "cell" and len(args) == 3:
            return data.value(*args)
        if node.func.id == "fact" and len(args) == 1:
            return data.fact(args[0])
        raise CheckError(f"unknown function {node.func.id}() or wrong number of arguments")
    raise CheckError(f"unsupported expression: {ast.unparse(node)}")


def _parse(formula: str) -> tuple[ast.AST, ast.AST, str]:
    try:
        tree = ast.parse(formula, mode="eval").body
    except SyntaxError as exc:
        raise CheckError(f"formula {formula!r} is not valid: {exc.msg}") from exc
    if not (
        isinstance(tree, ast.Compare) and len(tree.ops) == 1 and isinstance(tree.ops[0], ast.Eq)
    ):
        raise CheckError(f"formula {formula!r} must have the form 'printed == recomputed'")
    left = tree.left
    location = ast.unparse(left)
    if isinstance(left, ast.Call) and len(left.args) == 3:
        location = " › ".join(str(a.value) for a in left.args[1:])  # type: ignore[attr-defined]
    return left, tree.comparators[0], location


def _result(
    table_id: str, check: str, location: str, printed: Interval, recomputed: Interval, note: str
) -> dict[str, Any]:
    testable = math.isfinite(recomputed.lo) and math.isfinite(recomputed.hi)
    if not testable:
        verdict = "not_testable"
    else:
        verdict = "consistent" if printed.overlaps(recomputed) else "finding"
    tolerance = printed.half_width + (recomputed.half_width if testable else math.nan)
    return {
        "table_id": table_id,
        "check": check,
        "location": location,
        "printed": printed.value,
        "recomputed": recomputed.value,
        "difference": printed.value - recomputed.value,
        "verdict": verdict,
        "tolerance": tolerance,
        "note": note,
    }


def _row_values(
    frame: pd.DataFrame, units: Mapping[str, str], label: str
) -> dict[str, Interval | None]:
    values: dict[str, Interval | None] = {}
    for col, unit in units.items():
        if unit not in NUMERIC_UNITS and unit != "text":
            continue
        text = frame.at[label, col]
        values[col] = None if pd.isna(text) else _cell_interval(text, col, unit)
    return values


def _select_rows(
    frame: pd.DataFrame, rows: Any, table_id: str, exclude: str | None = None
) -> list[str]:
    if rows in (None, "all"):
        return [r for r in frame.index if r != exclude]
    if not isinstance(rows, list):
        raise CheckError(f"{table_id}: 'rows' must be 'all' or a list of row labels")
    missing = [r for r in rows if r not in frame.index]
    if missing:
        raise CheckError(f"{table_id}: no row labelled {missing[0]!r}")
    return rows


def run_check(spec: Mapping[str, Any], data: CaseData) -> list[dict[str, Any]]:
    """Run one declaration of ``checks.yml`` and return one result per tested location."""
    table_id = spec.get("table")
    check = spec.get("check")
    if not table_id or not check:
        raise CheckError(f"every check needs 'table' and 'check': {dict(spec)}")
    note = spec.get("note") or ""
    frame, units = data.table(table_id)
    results = []

    if "column_sum" in spec:
        cs = spec["column_sum"]
        total_row = cs.get("total_row")
        if total_row not in frame.index:
            raise CheckError(f"{table_id}: no total row labelled {total_row!r}")
        parts = _select_rows(frame, cs.get("part_rows"), table_id, exclude=total_row)
        for col in cs.get("columns") or []:
            if col not in units:
                raise CheckError(f"{table_id}: no column '{col}'")
            try:
                printed = data.value(table_id, total_row, col)
            except _Missing:
                continue
            total = Interval.exact(0.0)
            for part in parts:
                try:
                    total = total + data.value(table_id, part, col)
                except _Missing:
                    continue
            results.append(_result(table_id, check, f"{total_row} › {col}", printed, total, note))
        return results

    formula = spec.get("formula")
    if not formula:
        raise CheckError(f"{table_id} / {check}: needs 'formula' or 'column_sum'")
    left, right, location = _parse(formula)
    row_wise = "rows" in spec
    labels = _select_rows(frame, spec.get("rows"), table_id) if row_wise else [None]
    for label in labels:
        row = _row_values(frame, units, label) if label is not None else {}
        try:
            printed = _evaluate(left, data, row)
            recomputed = _evaluate(right, data, row)
        except _Missing:
            continue
        where = f"{label} › {location}" if label is not None else location
        results.append(_result(table_id, check, where, printed, recomputed, note))
    return results


def load_checks(case: str) -> list[dict[str, Any]]:
    """The declarations of ``checks.yml`` (an empty list when the case has none)."""
    file = paths.raw_dir(case) / "checks.yml"
    if not file.is_file():
        return []
    try:
        checks = yaml.safe_load(file.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise CheckError(f"{file}: not valid YAML: {exc}") from exc
    if not isinstance(checks, list):
        raise CheckError(f"{file}: expected a list of checks")
    provenance.record_input(file)
    return checks


def crossfoot(case: str, checks: list[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """Run every check of ``case`` and return the results as a ``consistency`` frame.

    Args:
        case: the case folder name.
        checks: declarations to run instead of the case's ``checks.yml`` (for tests).

    Raises:
        CheckError: a declaration is malformed or names a table, row, column or fact that does
            not exist. The message says which declaration.
    """
    data = CaseData.load(case)
    checks = load_checks(case) if checks is None else checks
    rows: list[dict[str, Any]] = []
    for number, spec in enumerate(checks, start=1):
        try:
            rows.extend(run_check(spec, data))
        except CheckError as exc:
            raise CheckError(
                f"checks.yml, check {number} ({spec.get('check', '?')}): {exc}"
            ) from None
    frame = pd.DataFrame(rows, columns=CONSISTENCY_COLUMNS)
    order = sorted(range(len(frame)), key=lambda i: table_order(frame.at[i, "table_id"]))
    return frame.iloc[order].reset_index(drop=True)  # tables in printed order, checks as declared


def findings(consistency: pd.DataFrame) -> pd.DataFrame:
    """Only the checks whose printed figure cannot follow from the printed inputs."""
    return consistency[consistency["verdict"] == "finding"].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.published.crossfoot <case> ...``: run the checks and list the
    findings."""
    args = argv if argv is not None else sys.argv[1:]
    if not args:
        print("usage: python -m analysis.published.crossfoot <case> [<case> ...]", file=sys.stderr)
        return 2
    status = 0
    for case in args:
        try:
            result = crossfoot(case)
        except (CheckError, TableError) as exc:
            print(f"{case}: {exc}", file=sys.stderr)
            status = 1
            continue
        found = findings(result)
        counts = result["verdict"].value_counts()
        print(
            f"{case}: {len(result)} checks — {counts.get('consistent', 0)} consistent, "
            f"{len(found)} findings, {counts.get('not_testable', 0)} not testable"
        )
        for _, f in found.iterrows():
            print(
                f"  {f['table_id']}: {f['check']} — {f['location']}: printed {f['printed']:g}, "
                f"recomputed {f['recomputed']:.6g} (difference {f['difference']:.4g})"
            )
    return status


if __name__ == "__main__":
    from analysis.core.cli import run

    raise SystemExit(run(main))
