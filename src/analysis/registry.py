"""The client registry: data model, schemas and loader (appendix 3, "Verantwoording
bestandsanalyse").

A municipality extracts its client registry from several systems (in Amsterdam: OP/NUS for
benefits, M2000 and BVS for re-integration activities, PION for secondments, spreadsheets for
wage subsidies). This module defines the tables such an extract must have, one pandera schema
each, and one loader that reads them as CSV or parquet from ``data/raw/<case>/registry/``. The
data model is documented for auditors in ``docs/registry.md``.

Raw extracts still hold direct identifiers (BSN, name); :mod:`analysis.intake` replaces them by a
keyed pseudonym before anything is written to ``data/processed/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import paths, provenance

END_REASONS: dict[str, str] = {
    "work": "werk",
    "moved": "verhuizing",
    "partner_income": "huwelijk of samenwonen met een partner met inkomen",
    "detention": "detentie",
    "death": "overlijden",
    "no_information": "geen inlichtingen verstrekt",
    "other_income": "ander inkomen",
    "unknown": "onbekend",
}
"""Benefit end reasons; only ``work`` counts as outflow to work (§4.3.4)."""

EXEMPTION_REASONS: dict[str, str] = {
    "born_before_1941_11": "Geboren voor 1-11-1941",
    "child_under_5": "Verzorging van een kind < 5 jr",
    "education": "Opleiding",
    "older_than_57_5": "Ouder dan 57,5 jaar",
    "social_activation": "Sociale activering",
    "distance_to_labour_market": "Grote afstand tot de arbeidsmarkt",
    "medical": "Medische redenen",
    "social": "Sociale redenen",
    "trajectory_obligations": "Wegens trajectverplichtingen",
}
"""Reasons for an exemption from the duty to work (art. 9 WWB), with the labels of Tabel 4.8."""

ACTIVITY_KINDS = ("traject", "stage", "detachering", "loonkostensubsidie")
PAYMENT_KINDS = (
    "fee",
    "wage_contribution",
    "outflow_premium",
    "qualification_premium",
    "internship_fee",
)
"""Invoice lines (§5.4): a fee for services, a contribution to a client's wage, an outflow
premium, a premium for a labour-market qualification, an internship fee."""
SYSTEMS = ("M2000", "BVS")
HOUSEHOLD_ROLES = ("active", "passive")


def _date(nullable: bool = False) -> pa.Column:
    return pa.Column("datetime64[ns]", nullable=nullable, coerce=True)


def _text(nullable: bool = False, **kwargs) -> pa.Column:
    return pa.Column(str, nullable=nullable, **kwargs)


def _flag() -> pa.Column:
    return pa.Column(bool, coerce=True)


def _amount() -> pa.Column:
    return pa.Column(float, coerce=True)


def _rung() -> pa.Column:
    return pa.Column("Int64", pa.Check.isin([1, 2, 3, 4, 5], error="a rung 1–5"), coerce=True)


def _one_of(values, nullable: bool = False) -> pa.Column:
    return pa.Column(
        str, pa.Check.isin(list(values), error=f"one of {list(values)}"), nullable=nullable
    )


# BSN is text: leading zeros matter, and a raw extract may hold empty or invalid numbers, which
# the intake counts and drops. The schema only insists that it is text.
BSN = _text(nullable=True)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "clients": pa.DataFrameSchema(
        {
            "bsn": BSN,
            "client_number": _text(unique=True),
            "name": _text(nullable=True),
            "birth_date": _date(),
            "household_role": _one_of(HOUSEHOLD_ROLES),
        },
        strict=True,
    ),
    "benefit_spells": pa.DataFrameSchema(
        {
            "bsn": BSN,
            "spell_start": _date(),
            "spell_end": _date(nullable=True),
            "end_reason": _one_of(END_REASONS, nullable=True),
        },
        strict=True,
        checks=pa.Check(
            lambda df: df["spell_end"].isna() | (df["spell_end"] >= df["spell_start"]),
            error="spell_end on or after spell_start",
        ),
    ),
    "exemptions": pa.DataFrameSchema(
        {
            "bsn": BSN,
            "reason": _one_of(EXEMPTION_REASONS),
            "start_date": _date(),
            "end_date": _date(nullable=True),
        },
        strict=True,
    ),
    "ladder": pa.DataFrameSchema(
        {"bsn": BSN, "rung": _rung(), "reference_date": _date()},
        strict=True,
    ),
    "contracts": pa.DataFrameSchema(
        {
            "contract_id": _text(unique=True),
            "provider": _text(),
            "name": _text(),
            "category": _text(),
            "rung": _rung(),
            "system": _one_of(SYSTEMS),
            "start_date": _date(),
            "end_date": _date(nullable=True),
            "intake_closed": _flag(),
            "price_eur": _amount(),
            "premium_eur": _amount(),
        },
        strict=True,
    ),
    "activities": pa.DataFrameSchema(
        {
            "activity_id": _text(unique=True),
            "bsn": BSN,
            "contract_id": _text(nullable=True),
            "kind": _one_of(ACTIVITY_KINDS),
            "rung": _rung(),
            "start_date": _date(),
            "end_date": _date(nullable=True),
            "completed": _flag(),
            "meets_norm": _flag(),
            "approved": _flag(),
        },
        strict=True,
    ),
    "payments": pa.DataFrameSchema(
        {
            "payment_id": _text(unique=True),
            "bsn": BSN,
            "contract_id": _text(nullable=True),
            "activity_id": _text(nullable=True),
            "provider": _text(),
            "kind": _one_of(PAYMENT_KINDS),
            "amount_eur": _amount(),
            "payment_date": _date(),
        },
        strict=True,
    ),
    "secondments": pa.DataFrameSchema(
        {
            "activity_id": _text(unique=True),
            "bsn": BSN,
            "start_date": _date(),
            "end_date": _date(nullable=True),
            "wage_cost_eur": _amount(),
            "revenue_eur": _amount(),
        },
        strict=True,
    ),
    "employment": pa.DataFrameSchema(
        {
            "bsn": BSN,
            "employer": _text(),
            "start_date": _date(),
            "end_date": _date(nullable=True),
            "financed_by_municipality": _flag(),
        },
        strict=True,
    ),
    "unemployment_benefits": pa.DataFrameSchema(
        {"bsn": BSN, "start_date": _date(), "end_date": _date(nullable=True)},
        strict=True,
    ),
    "wage_subsidies": pa.DataFrameSchema(
        {
            "payment_id": _text(unique=True),
            "bsn": BSN,
            "activity_id": _text(nullable=True),
            "year": pa.Column("Int64", pa.Check.in_range(1990, 2100), coerce=True),
            "amount_eur": _amount(),
            "payment_date": _date(),
        },
        strict=True,
    ),
}
"""One schema per registry table (DESIGN.md, "Data contracts")."""

TABLES = tuple(SCHEMAS)
OPTIONAL_TABLES = ("employment", "unemployment_benefits")
"""Tables an extract may lack (read as empty): the employment and unemployment-benefit records
(UWV, via SUWInet) that the payment audit uses to judge sustained work."""


class RegistryError(ValueError):
    """A registry extract is missing or does not meet its schema."""


@dataclass(frozen=True)
class Registry:
    """The registry tables of one case (raw: with BSN; cleaned: with ``client_key``)."""

    tables: Mapping[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.tables.items()}


def registry_dir(case: str) -> Path:
    return paths.raw_dir(case) / "registry"


def _find(folder: Path, table: str) -> Path:
    for suffix in (".parquet", ".csv"):
        candidate = folder / f"{table}{suffix}"
        if candidate.is_file():
            return candidate
    raise RegistryError(f"{folder}: no {table}.parquet or {table}.csv")


def _read(file: Path) -> pd.DataFrame:
    if file.suffix == ".parquet":
        return pd.read_parquet(file)
    # text columns stay text (a BSN keeps its leading zero); empty cells become missing
    return pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])


def _describe(file: Path, frame: pd.DataFrame, exc: pa.errors.SchemaErrors) -> str:
    lines = []
    for _, fc in exc.failure_cases.head(20).iterrows():
        index = fc["index"]
        where = f"row {int(index) + 1}" if pd.notna(index) else "table"
        if fc["schema_context"] == "DataFrameSchema" and fc["check"] == "column_in_dataframe":
            lines.append(f"column '{fc['failure_case']}' is missing")
        elif fc["schema_context"] == "DataFrameSchema" and fc["check"] == "column_in_schema":
            lines.append(f"column '{fc['failure_case']}' is not part of the data model")
        else:
            check = fc["check"]
            if str(check).startswith("coerce_dtype"):
                check = f"type {str(check).split('(')[-1].rstrip(')')}"
            lines.append(
                f"{where}, column '{fc['column']}': expected {check}, got {fc['failure_case']!r}"
            )
    more = len(exc.failure_cases) - 20
    if more > 0:
        lines.append(f"… and {more} more")
    return f"{file}: " + "\n  ".join(lines)


def validate(table: str, frame: pd.DataFrame, file: Path | str = "<frame>") -> pd.DataFrame:
    """Validate and type one registry table.

    Raises:
        RegistryError: one message naming the file, row, column and what was expected.
    """
    try:
        return SCHEMAS[table].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise RegistryError(_describe(Path(file), frame, exc)) from None


def load_registry(case: str, folder: Path | None = None) -> Registry:
    """Read and validate every registry table of ``case`` (parquet preferred over CSV)."""
    folder = folder or registry_dir(case)
    if not folder.is_dir():
        raise RegistryError(f"{folder}: no registry extract for case '{case}'")
    tables = {}
    for table in TABLES:
        try:
            file = _find(folder, table)
        except RegistryError:
            if table in OPTIONAL_TABLES:
                tables[table] = validate(table, empty_table(table), f"{folder} (no {table})")
                continue
            raise
        provenance.record_input(file)
        tables[table] = validate(table, _read(file), file)
    return Registry(tables)


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the columns of ``table`` (for cases or tests without such records)."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in SCHEMAS[table].columns})


TABLE_LABELS: dict[str, str] = {
    "clients": "cliënten",
    "benefit_spells": "uitkeringen",
    "exemptions": "ontheffingen",
    "ladder": "trede",
    "contracts": "contracten",
    "activities": "activiteiten",
    "payments": "betalingen",
    "secondments": "detacheringen",
    "employment": "dienstverbanden",
    "unemployment_benefits": "WW-uitkeringen",
    "wage_subsidies": "loonkostensubsidies",
}
"""Dutch names of the registry tables, for the report."""
