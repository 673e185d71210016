"""Reproduction: the pipeline's tables next to the published ones, cell by cell.

Every notebook that recomputes a published table writes it to
``data/processed/<case>/tables/<id>.csv`` (same labels and columns as the transcription) and its
cells to ``reproduction.csv`` (``table_id,row,column,published,reproduced,abs_diff,
within_tolerance,note``). This module is the one place where computed and published figures
meet; the published side is only ever a comparison value.

Tolerance: the printed precision, as in the cross-footing (:class:`~analysis.core.rounding.
Interval`): counts must match exactly; every other figure must lie within half a unit of the
printed figure's last decimal (a printed ``7,6%`` stands for 7,55–7,65; ``20%`` for 19,5–20,5).
Where the published tables contradict each other (a finding of
:mod:`analysis.published.crossfoot`), a reproduced count that equals the value the other table
implies is within tolerance, with a note saying so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from analysis.core import paths
from analysis.core.labels import row_id
from analysis.core.rounding import Interval
from analysis.published.tables import (
    EXACT_UNITS,
    has_table,
    has_transcriptions,
    load_table,
    read_table_text,
    table_order,
)

COLUMNS = [
    "table_id",
    "row",
    "column",
    "published",
    "reproduced",
    "abs_diff",
    "within_tolerance",
    "status",
    "reason",
    "alternative",
    "basis",
]
STATUSES = ("within", "outside", "not_compared", "not_reproduced", "contradiction", "explained")
"""What became of a printed cell: ``within`` / ``outside`` its printed precision;
``not_compared`` (the data cannot reproduce it; ``reason`` says why); ``not_reproduced`` (the
pipeline has no such cell); ``contradiction`` (outside, but equal to the value the other printed
figures imply, ``alternative``); ``explained`` (outside, for the ``reason`` of a calibration note).
A comparison is fields; ``report.reproduction.note_text`` words them."""
BASES = {"registry": "uit het cliëntenbestand", "printed": "uit gedrukte aantallen"}
"""What a reproduced cell was computed from: the registry, or other printed figures (CBS counts,
SEO rates). Agreement means different things for the two, so they are never added up."""


def contradictions(case: str) -> dict[tuple[str, str, str], float]:
    """Published cells that the crossfoot found inconsistent, with the value the rest implies
    (none for a case without a transcription)."""
    from analysis.published.crossfoot import crossfoot, findings

    if not has_transcriptions(case):
        return {}

    out: dict[tuple[str, str, str], float] = {}
    for _, f in findings(crossfoot(case)).iterrows():
        parts = str(f["location"]).split(" › ")
        if len(parts) == 2:
            out[(f["table_id"], row_id(parts[0]), parts[1])] = float(f["recomputed"])
    return out


CALIBRATION_NOTES = "calibration_notes.csv"
"""Beside a generated demo registry (``data/synthetic/<case>/``): printed cells the generator
could not meet because the report contradicts itself, with the reason."""


def calibration_notes(case: str) -> dict[tuple[str, str, str], str]:
    """(table, row label, column) → reason, for a case with a generated demo registry; empty for
    an office's own extract (nothing is calibrated there)."""
    file = paths.synthetic_dir(case) / CALIBRATION_NOTES
    if not file.is_file():
        return {}
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    return {(r.table_id, r.row, r.column): r.note for r in frame.itertuples(index=False)}


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def compare(
    case: str,
    table_id: str,
    reproduced: pd.DataFrame,
    alternatives: Mapping[tuple[str, str, str], float] | None = None,
    not_compared: Mapping[str | tuple[str, str], str] | None = None,
    known: Mapping[tuple[str, str, str], str] | None = None,
    basis: str = "registry",
) -> pd.DataFrame:
    """Cell-by-cell comparison of a reproduced table with the published one.

    Args:
        case: the case.
        table_id: the published table.
        reproduced: the pipeline's table, with the transcription's labels and column names.
        alternatives: contradicting published cells → the value the other tables imply.
        not_compared: column, or (row label, column), → reason, for published cells that cannot
            be reproduced from the data (listed with an empty ``within_tolerance``).
        known: (table, row label, column) → reason, for misses that are explained (they stay
            misses; the reason goes into the note).
        basis: ``registry`` or ``printed`` (:data:`BASES`): what ``reproduced`` is computed from.
    """
    text, meta = read_table_text(case, table_id)
    published = load_table(case, table_id)
    alternatives = alternatives or {}
    not_compared = dict(not_compared or {})
    ours = reproduced.assign(_key=reproduced["label"].map(row_id)).set_index("_key")
    rows = []
    for i, prow in published.iterrows():
        key = row_id(prow["label"])
        for column, unit in meta.units.items():
            if column == "label" or pd.isna(prow[column]):
                continue
            value = prow[column]
            if unit == "text":
                match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*%?\s*", str(value))
                if not match:
                    continue  # words such as "n.v.t." are not figures
                value = float(match.group(1))
            elif unit not in ("count", "pct", "pct_change", "eur", "eur_mln", "number", "months"):
                continue
            row = {
                "table_id": table_id,
                "row": prow["label"],
                "column": column,
                "published": float(value),
            }
            reason = not_compared.get(column) or not_compared.get((prow["label"], column))
            if reason:
                rows.append(
                    {
                        **row,
                        "reproduced": math.nan,
                        "abs_diff": math.nan,
                        "within_tolerance": pd.NA,
                        "status": "not_compared",
                        "reason": reason,
                    }
                )
                continue
            mine = ours[column].get(key, math.nan) if column in ours.columns else math.nan
            mine = math.nan if pd.isna(mine) else float(mine)
            if math.isnan(mine):
                rows.append(
                    {
                        **row,
                        "reproduced": math.nan,
                        "abs_diff": math.nan,
                        "within_tolerance": False,
                        "status": "not_reproduced",
                    }
                )
                continue
            diff = abs(mine - float(value))
            printed_text = match.group(1) if unit == "text" else str(text.at[i, column])
            exact = unit in EXACT_UNITS or column.endswith("_n")
            printed = Interval.printed(printed_text, exact)
            ok = printed.overlaps(Interval.exact(mine))
            found = {"status": "within" if ok else "outside"}
            alternative = alternatives.get((table_id, key, column))
            if (
                not ok
                and alternative is not None
                and abs(mine - alternative) < 0.5 * 10.0 ** -_decimals(printed_text) + 1e-9
            ):
                ok = True
                found = {"status": "contradiction", "alternative": alternative}
            if not ok and known and (table_id, prow["label"], column) in known:
                found = {"status": "explained", "reason": known[(table_id, prow["label"], column)]}
            rows.append(
                {**row, "reproduced": mine, "abs_diff": diff, "within_tolerance": ok, **found}
            )
    # rows the pipeline produced that the audit does not print are not compared
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    return pd.DataFrame(rows, columns=COLUMNS[:-1]).assign(basis=basis)


def compare_all(
    case: str,
    tables: Mapping[str, pd.DataFrame],
    alternatives: Mapping[tuple[str, str, str], float] | None = None,
    not_compared: Mapping[str, Mapping[str | tuple[str, str], str]] | None = None,
    known: Mapping[tuple[str, str, str], str] | None = None,
    basis: str = "registry",
) -> dict[str, pd.DataFrame]:
    """:func:`compare` for every table in ``tables`` that the case has a printed version of
    (``not_compared`` per table id); a table without one has nothing to be compared with and is
    left out, so a case without a transcription gets an empty dict."""
    not_compared = not_compared or {}
    return {
        table_id: compare(
            case, table_id, frame, alternatives, not_compared.get(table_id), known, basis
        )
        for table_id, frame in tables.items()
        if has_table(case, table_id)
    }


def concat(comparisons: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The comparison rows of several tables as one frame (what ``reproduction.csv`` holds)."""
    return pd.concat(comparisons.values(), ignore_index=True)


def merge_rows(existing: pd.DataFrame | None, rows: pd.DataFrame) -> pd.DataFrame:
    """``existing`` comparison rows, those of the tables in ``rows`` replaced, in table order."""
    if existing is None:
        existing = pd.DataFrame(columns=COLUMNS)
    existing = existing[~existing["table_id"].isin(set(rows["table_id"]))]
    frames = [f for f in (existing, rows) if not f.empty]
    merged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    order = sorted(range(len(merged)), key=lambda i: table_order(str(merged.at[i, "table_id"])))
    return merged.iloc[order].reset_index(drop=True)


def summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per table: published cells compared, within tolerance, share (%), not compared."""
    compared = rows[rows["within_tolerance"].notna()]
    out = (
        compared.groupby("table_id", sort=False)["within_tolerance"]
        .agg(cells_n="size", within_n=lambda s: int(s.astype(bool).sum()))
        .reset_index()
    )
    skipped = rows[rows["within_tolerance"].isna()].groupby("table_id").size()
    out["not_compared_n"] = out["table_id"].map(skipped).fillna(0).astype(int)
    out["within_pct"] = 100 * out["within_n"] / out["cells_n"]
    return out


def overall(rows: pd.DataFrame, basis: str | None = None) -> tuple[int, int]:
    """Published cells within tolerance, and published cells compared, over all tables (of one
    ``basis`` when given)."""
    if basis is not None:
        rows = rows[rows["basis"] == basis]
    compared = rows["within_tolerance"].dropna()
    return int(compared.astype(bool).sum()), len(compared)


def misses(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[
        rows["within_tolerance"].notna() & ~rows["within_tolerance"].fillna(True).astype(bool)
    ]
