"""The client registry: data model and schemas (appendix 3, "Verantwoording bestandsanalyse").

A municipality extracts its client registry from several systems (in Amsterdam: OP/NUS for
benefits, M2000 and BVS for re-integration activities, PION for secondments, spreadsheets for
wage subsidies). This module defines the tables such an extract must have: one column spec per
column (:data:`MODEL`: kind, whether it may be empty, allowed codes, whether it identifies a
person) and a pandera schema built from it. :mod:`analysis.registry.extract` reads and checks the
files of an extract against this model; the data model is documented for auditors in
``docs/registry.md``.

Raw extracts still hold direct identifiers (BSN, name); :mod:`analysis.registry.intake` replaces
them by a keyed pseudonym before anything is written to ``data/processed/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.core.frames import duplicated

SCHEMES: dict[str, str] = {
    "pw": "Participatiewet (tot 2015: WWB)",
    "ioaw": "IOAW",
    "ioaz": "IOAZ",
    "bbz": "Bbz (zelfstandigen)",
    "special_assistance_only": "alleen bijzondere bijstand",
}
"""The scheme a benefit spell is paid under. ``pw`` is general assistance (bijstand) under the
Participatiewet, and under the WWB before 2015 (one code: the same benefit). A person whose every
spell is ``special_assistance_only`` is not in the target group (§4.3.2)."""
BENEFIT_SCHEMES = ("pw", "ioaw", "ioaz", "bbz")
"""Schemes that are a benefit for the costs of living: a spell of one of these is "on benefit"
(outflow, re-inflow); special assistance alone is not."""

INFLOW_REASONS: dict[str, str] = {
    "job_loss": "baanverlies",
    "end_of_unemployment_benefit": "einde WW-uitkering",
    "end_of_other_benefit": "einde andere uitkering",
    "household_change": "verandering in de leefsituatie (scheiding, partner, huishouden)",
    "end_of_education": "einde opleiding",
    "end_of_self_employment": "einde werk als zelfstandige",
    "moved_in": "verhuizing naar de gemeente",
    "other_unknown": "overige redenen of onbekend",
}
"""Why a spell started, in the categories CBS uses for inflow into bijstand."""

END_REASONS: dict[str, str] = {
    "work_employee": "werk als werknemer",
    "work_self_employed": "werk als zelfstandige",
    "other_income": "ander inkomen of andere uitkering",
    "household_change": "verandering in de leefsituatie (partner, huishouden)",
    "state_pension_age": "AOW-leeftijd bereikt",
    "moved": "verhuizing",
    "detention": "detentie",
    "death": "overlijden",
    "other_unknown": "overige redenen of onbekend",
}
"""Why a spell ended, in the categories CBS uses for outflow from bijstand. Outflow to work is
``work_employee`` or ``work_self_employed`` (:data:`WORK_END_REASONS`); every other reason is
other outflow (§4.3.4)."""
WORK_END_REASONS = ("work_employee", "work_self_employed")

EXEMPTION_GROUNDS: dict[str, tuple[str, str]] = {
    # Participatiewet (2015–)
    "urgent_medical": ("pw", "Dringende redenen: medisch (art. 9 lid 2 Pw)"),
    "urgent_social": ("pw", "Dringende redenen: sociaal (art. 9 lid 2 Pw)"),
    "urgent_care": ("pw", "Dringende redenen: zorgtaken (art. 9 lid 2 Pw)"),
    "fully_incapacitated": ("pw", "Volledig en duurzaam arbeidsongeschikt (art. 9 lid 5 Pw)"),
    "single_parent_child_under_5": ("pw", "Alleenstaande ouder met kind tot 5 jaar (art. 9a Pw)"),
    # Wet werk en bijstand, as Amsterdam registered them in 2004-2006 (rows of Tabel 4.8)
    "born_before_1941_11": ("wwb", "Geboren voor 1-11-1941"),
    "child_under_5": ("wwb", "Verzorging van een kind < 5 jr"),
    "education": ("wwb", "Opleiding"),
    "older_than_57_5": ("wwb", "Ouder dan 57,5 jaar"),
    "social_activation": ("wwb", "Sociale activering"),
    "distance_to_labour_market": ("wwb", "Grote afstand tot de arbeidsmarkt"),
    "medical": ("wwb", "Medische redenen"),
    "social": ("wwb", "Sociale redenen"),
    "trajectory_obligations": ("wwb", "Wegens trajectverplichtingen"),
}
"""Grounds for an exemption from the duty to work, by era: ``pw`` the grounds of art. 9 and 9a
of the Participatiewet, ``wwb`` the reasons Amsterdam registered under the WWB (the rows of
Tabel 4.8, which a municipality's own 2006 codes map onto). Code → (era, Dutch label)."""
EXEMPTION_REASONS: dict[str, str] = {code: label for code, (_, label) in EXEMPTION_GROUNDS.items()}
"""Exemption ground → Dutch label, in the order tables list them."""

INSTRUMENTS: dict[str, str] = {
    "lks": "loonkostensubsidie (art. 10d Pw)",
    "beschut_werk": "beschut werk (art. 10b Pw)",
    "jobcoach": "jobcoaching",
    "trajectory": "re-integratietraject",
    "proefplaatsing": "proefplaatsing",
    "detachering": "detachering",
    "werkervaringsplaats": "werkervaringsplaats",
    "training": "scholing of training",
    "social_activation": "sociale activering",
    "id_wiw_job": "ID- of WIW-baan (gesubsidieerde arbeid, tot 2004)",
    "other": "overige voorziening",
}
"""Instruments of re-integration (art. 7 and 10 Pw) a provision can be."""

EMPLOYER_TYPES: dict[str, str] = {
    "regular": "reguliere werkgever",
    "social_firm": "sociale onderneming",
    "sw_company": "SW-bedrijf",
    "municipality": "gemeente",
}
TARGET_GROUNDS: dict[str, str] = {
    "wajong": "Wajong",
    "wsw": "Wsw (indicatie of dienstverband)",
    "praktijkroute": "praktijkroute",
    "indicatie_banenafspraak": "indicatie banenafspraak (UWV)",
    "beschut_werk": "indicatie beschut werk",
}
"""Grounds of registration in UWV's target-group register (doelgroepregister banenafspraak)."""

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
RUNGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Col:
    """One column of the data model.

    ``kind`` is how the value is read: ``text``, ``code`` (one of ``codes``), ``date``, ``flag``
    (true/false), ``amount`` (euros, not negative), ``number`` (a decimal number in ``bounds``),
    ``int`` (whole number in ``bounds``).
    ``identifier`` columns (BSN, name, client number, birth date) are never printed in a
    message: a problem in them is reported by file, column and line only.
    """

    kind: str
    nullable: bool = False
    codes: tuple = ()
    unique: bool = False
    identifier: bool = False
    bounds: tuple[int, int] | None = None


def _text(nullable: bool = False, **kwargs) -> Col:
    return Col("text", nullable=nullable, **kwargs)


def _code(values, nullable: bool = False) -> Col:
    return Col("code", nullable=nullable, codes=tuple(values))


def _date(nullable: bool = False, identifier: bool = False) -> Col:
    return Col("date", nullable=nullable, identifier=identifier)


FLAG = Col("flag")
AMOUNT = Col("amount")
RUNG = Col("int", codes=RUNGS)
# BSN is text: leading zeros matter, and a raw extract may hold empty or invalid numbers, which
# the intake counts and drops (rules 1 and 2).
BSN = Col("text", nullable=True, identifier=True)

MODEL: dict[str, dict[str, Col]] = {
    "clients": {
        "bsn": BSN,
        "client_number": _text(unique=True, identifier=True),
        "name": _text(nullable=True, identifier=True),
        "birth_date": _date(identifier=True),
        "household_role": _code(HOUSEHOLD_ROLES),
    },
    "benefit_spells": {
        "bsn": BSN,
        "spell_start": _date(),
        "spell_end": _date(nullable=True),
        "scheme": _code(SCHEMES),
        "inflow_reason": _code(INFLOW_REASONS, nullable=True),
        "end_reason": _code(END_REASONS, nullable=True),
    },
    "exemptions": {
        "bsn": BSN,
        "reason": _code(EXEMPTION_REASONS),
        "start_date": _date(),
        "end_date": _date(nullable=True),
    },
    "ladder": {"bsn": BSN, "rung": RUNG, "reference_date": _date()},
    "contracts": {
        "contract_id": _text(unique=True),
        "provider": _text(),
        "name": _text(),
        "category": _text(),
        "rung": RUNG,
        "system": _code(SYSTEMS),
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "intake_closed": FLAG,
        "price_eur": AMOUNT,
        "premium_eur": AMOUNT,
    },
    "activities": {
        "activity_id": _text(unique=True),
        "bsn": BSN,
        "contract_id": _text(nullable=True),
        "kind": _code(ACTIVITY_KINDS),
        "rung": RUNG,
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "completed": FLAG,
        "meets_norm": FLAG,
        "approved": FLAG,
    },
    "payments": {
        "payment_id": _text(unique=True),
        "bsn": BSN,
        "contract_id": _text(nullable=True),
        "activity_id": _text(nullable=True),
        "provider": _text(),
        "kind": _code(PAYMENT_KINDS),
        "amount_eur": AMOUNT,
        "payment_date": _date(),
    },
    "secondments": {
        "activity_id": _text(unique=True),
        "bsn": BSN,
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "wage_cost_eur": AMOUNT,
        "revenue_eur": AMOUNT,
    },
    "employment": {
        "bsn": BSN,
        "employer_id": _text(),
        "employer_type": _code(EMPLOYER_TYPES),
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "hours_per_week": Col("number", nullable=True, bounds=(0, 168)),
        "subsidised": FLAG,
    },
    "unemployment_benefits": {
        "bsn": BSN,
        "start_date": _date(),
        "end_date": _date(nullable=True),
    },
    "wage_subsidies": {
        "payment_id": _text(unique=True),
        "bsn": BSN,
        "activity_id": _text(nullable=True),
        "year": Col("int", bounds=(1990, 2100)),
        "amount_eur": AMOUNT,
        "payment_date": _date(),
    },
    "provisions": {
        "provision_id": _text(unique=True),
        "bsn": BSN,
        "instrument": _code(INSTRUMENTS),
        "start_date": _date(),
        "end_date": _date(nullable=True),
        "provider": _text(nullable=True),
        "cost_eur": Col("amount", nullable=True),
        "wage_value_pct": Col("number", nullable=True, bounds=(0, 100)),
    },
    "target_register": {
        "bsn": BSN,
        "birth_date": _date(nullable=True, identifier=True),
        "ground": _code(TARGET_GROUNDS),
        "start_date": _date(),
        "end_date": _date(nullable=True),
    },
}
"""The columns of every registry table (DESIGN.md, "Data contracts"), in file order."""

PERIODS: dict[str, tuple[str, str]] = {
    "benefit_spells": ("spell_start", "spell_end"),
    "exemptions": ("start_date", "end_date"),
    "contracts": ("start_date", "end_date"),
    "activities": ("start_date", "end_date"),
    "secondments": ("start_date", "end_date"),
    "employment": ("start_date", "end_date"),
    "unemployment_benefits": ("start_date", "end_date"),
    "provisions": ("start_date", "end_date"),
    "target_register": ("start_date", "end_date"),
}
"""(start, end) of every dated table: an end before its start is an error."""

DTYPES = {
    "text": "str",
    "code": "str",
    "date": "datetime64[ns]",
    "flag": "bool",
    "amount": "float64",
    "number": "float64",
    "int": "Int64",
}
"""The dtype every column has once read, whatever file format it came from."""


def _column(spec: Col) -> pa.Column:
    checks = []
    if spec.codes:
        checks.append(pa.Check.isin(list(spec.codes), error=f"one of {list(spec.codes)}"))
    if spec.bounds:
        checks.append(pa.Check.in_range(*spec.bounds))
    if spec.kind == "amount":
        checks.append(pa.Check.ge(0, error="not negative"))
    if spec.unique:
        # pandera's own unique= hashes every value: seconds at two million ids, where sorting
        # hashes proves a key unique in a tenth (core.frames.duplicated)
        checks.append(
            pa.Check(lambda s: s.isna() | ~duplicated(s, keep=False), error="each value unique")
        )
    return pa.Column(DTYPES[spec.kind], checks, nullable=spec.nullable)


def _period_check(start: str, end: str) -> pa.Check:
    return pa.Check(
        lambda df: df[end].isna() | (df[end] >= df[start]), error=f"{end} on or after {start}"
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    table: pa.DataFrameSchema(
        {name: _column(spec) for name, spec in columns.items()},
        strict=True,
        ordered=True,
        checks=[_period_check(*PERIODS[table])] if table in PERIODS else None,
    )
    for table, columns in MODEL.items()
}
"""The contract every table meets after reading: the model's dtypes, codes, bounds and periods.
:mod:`analysis.registry.extract` reports problems with file and line first; this is the final
assertion."""

TABLES = tuple(MODEL)
REQUIRED_TABLES = ("clients", "benefit_spells")
"""Tables every extract has: who the clients are and their benefit spells."""
OPTIONAL_TABLES = tuple(t for t in TABLES if t not in REQUIRED_TABLES)
"""Tables a case has or not (``registry.tables`` in case.yml declares which): read as empty when
absent. The 2004-2006 tables of Amsterdam (ladder, contracts, activities, payments, secondments,
wage subsidies), the Participatiewet's provisions, payroll employment (Polis via Suwinet),
unemployment benefits and UWV's target-group register."""


def declared_tables(declared: tuple[str, ...] | None) -> tuple[str, ...]:
    """The optional tables a case has: those ``registry.tables`` declares, or, where it declares
    none, every optional table (whatever the extract holds)."""
    return OPTIONAL_TABLES if declared is None else declared


class RegistryError(InputError):
    """A registry extract is missing or does not meet the data model."""


@dataclass(frozen=True)
class Registry:
    """The registry tables of one case (raw: with BSN; cleaned: with ``client_key``).

    ``padded_bsn`` counts, per table, the BSNs of fewer than nine digits that were read with
    leading zeros added (a spreadsheet drops them; docs/registry.md).
    """

    tables: Mapping[str, pd.DataFrame]
    padded_bsn: Mapping[str, int] = field(default_factory=dict)
    present: frozenset[str] | None = None
    """The tables the extract has (None: every table in ``tables``); the others are empty."""

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def has(self, name: str) -> bool:
        """Whether the extract has table ``name`` (an absent optional table reads as empty)."""
        if self.present is None:
            return name in self.tables
        return name in self.present

    def counts(self) -> dict[str, int]:
        return {name: len(frame) for name, frame in self.tables.items()}


def registry_dir(case: str, synthetic: bool) -> Path:
    """Where the registry of ``case`` is read from: the office's own extract in
    ``data/raw/<case>/registry/``, or the generated demo registry in
    ``data/synthetic/<case>/registry/`` (kept apart, so a demo build never touches an extract)."""
    if synthetic:
        return paths.synthetic_dir(case) / "registry"
    return paths.raw_dir(case) / "registry"


def empty_table(table: str) -> pd.DataFrame:
    """An empty frame with the columns and dtypes of ``table``."""
    return pd.DataFrame(
        {name: pd.Series(dtype=DTYPES[spec.kind]) for name, spec in MODEL[table].items()}
    )


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
    "provisions": "voorzieningen",
    "target_register": "doelgroepregister",
}
"""Dutch names of the registry tables, for the report."""
