"""DuckDB reference implementation of the registry analysis (the benchmark's yardstick).

Written from ``docs/registry.md`` (data model, code mapping, intake rules, definitions of the
tables), independently of the pandas pipeline: one in-process DuckDB connection reads the
parquet files of an extract, maps the municipality's codes, checks the model, applies the intake
rules in order (each rule a named view or macro, the funnel counted per rule and table), keeps the
persons in the file, pseudonymises the BSN, and computes Tabel 4.6–4.8, 4.13–4.18 (and Figuur
8.1, which the pandas outflow step computes alongside) and Tabel 5.5–5.9.

Pseudonym: the BSN becomes the first 16 hex digits of HMAC-SHA256(key, BSN) — the pipeline's
pseudonym — computed in SQL from DuckDB's ``sha256`` as
``sha256((key ⊕ opad) || sha256((key ⊕ ipad) || bsn))`` (RFC 2104), one evaluation per
distinct BSN.

    python benchmarks/reference_duckdb.py --registry DIR --case data/raw/amsterdam_2006 \
        [--compare data/processed/amsterdam_2006]

Not implemented (the pandas reader has them): CSV extracts (parquet only), a
``registry.date_format`` for text dates other than ISO, messages naming each offending line (the
checks report counts per column), the ledger copy for the payment audit, and the tables outside
chapters 4 and 5 (re-inflow, reach, placements, retention, provision costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

# --- the data model (docs/registry.md, "Tables of an extract" and "Codes") ----------------------

BENEFIT_SCHEMES = ("pw", "ioaw", "ioaz", "bbz")
WORK_END_REASONS = ("work_employee", "work_self_employed")
EXEMPTION_GROUNDS = {  # code → (era, label), in the order tables list them
    "urgent_medical": ("pw", "Dringende redenen: medisch (art. 9 lid 2 Pw)"),
    "urgent_social": ("pw", "Dringende redenen: sociaal (art. 9 lid 2 Pw)"),
    "urgent_care": ("pw", "Dringende redenen: zorgtaken (art. 9 lid 2 Pw)"),
    "fully_incapacitated": ("pw", "Volledig en duurzaam arbeidsongeschikt (art. 9 lid 5 Pw)"),
    "single_parent_child_under_5": ("pw", "Alleenstaande ouder met kind tot 5 jaar (art. 9a Pw)"),
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
CODES = {
    "scheme": (*BENEFIT_SCHEMES, "special_assistance_only"),
    "inflow_reason": (
        "job_loss",
        "end_of_unemployment_benefit",
        "end_of_other_benefit",
        "household_change",
        "end_of_education",
        "end_of_self_employment",
        "moved_in",
        "other_unknown",
    ),
    "end_reason": (
        "work_employee",
        "work_self_employed",
        "other_income",
        "household_change",
        "state_pension_age",
        "moved",
        "detention",
        "death",
        "other_unknown",
    ),
    "reason": tuple(EXEMPTION_GROUNDS),
    "household_role": ("active", "passive"),
    "instrument": (
        "lks",
        "beschut_werk",
        "jobcoach",
        "trajectory",
        "proefplaatsing",
        "detachering",
        "werkervaringsplaats",
        "training",
        "social_activation",
        "id_wiw_job",
        "other",
    ),
    "employer_type": ("regular", "social_firm", "sw_company", "municipality"),
    "ground": ("wajong", "wsw", "praktijkroute", "indicatie_banenafspraak", "beschut_werk"),
    "activity_kind": ("traject", "stage", "detachering", "loonkostensubsidie"),
    "payment_kind": (
        "fee",
        "wage_contribution",
        "outflow_premium",
        "qualification_premium",
        "internship_fee",
    ),
    "system": ("M2000", "BVS"),
    "rung": (1, 2, 3, 4, 5),
}


@dataclass(frozen=True)
class C:
    """A column: kind (bsn, text, code, date, flag, amount, number, int), empty allowed,
    the code list (a key of CODES), unique, bounds."""

    kind: str
    nullable: bool = False
    codes: str | None = None
    unique: bool = False
    bounds: tuple[float, float] | None = None


def _m(**cols: C) -> dict[str, C]:
    return cols


BSN = C("bsn", nullable=True)
MODEL: dict[str, dict[str, C]] = {
    "clients": _m(
        bsn=BSN,
        client_number=C("text", unique=True),
        name=C("text", True),
        birth_date=C("date"),
        household_role=C("code", codes="household_role"),
    ),
    "benefit_spells": _m(
        bsn=BSN,
        spell_start=C("date"),
        spell_end=C("date", True),
        scheme=C("code", codes="scheme"),
        inflow_reason=C("code", True, "inflow_reason"),
        end_reason=C("code", True, "end_reason"),
    ),
    "exemptions": _m(
        bsn=BSN,
        reason=C("code", codes="reason"),
        start_date=C("date"),
        end_date=C("date", True),
    ),
    "ladder": _m(bsn=BSN, rung=C("int", codes="rung"), reference_date=C("date")),
    "contracts": _m(
        contract_id=C("text", unique=True),
        provider=C("text"),
        name=C("text"),
        category=C("text"),
        rung=C("int", codes="rung"),
        system=C("code", codes="system"),
        start_date=C("date"),
        end_date=C("date", True),
        intake_closed=C("flag"),
        price_eur=C("amount"),
        premium_eur=C("amount"),
    ),
    "activities": _m(
        activity_id=C("text", unique=True),
        bsn=BSN,
        contract_id=C("text", True),
        kind=C("code", codes="activity_kind"),
        rung=C("int", codes="rung"),
        start_date=C("date"),
        end_date=C("date", True),
        completed=C("flag"),
        meets_norm=C("flag"),
        approved=C("flag"),
    ),
    "payments": _m(
        payment_id=C("text", unique=True),
        bsn=BSN,
        contract_id=C("text", True),
        activity_id=C("text", True),
        provider=C("text"),
        kind=C("code", codes="payment_kind"),
        amount_eur=C("amount"),
        payment_date=C("date"),
    ),
    "secondments": _m(
        activity_id=C("text", unique=True),
        bsn=BSN,
        start_date=C("date"),
        end_date=C("date", True),
        wage_cost_eur=C("amount"),
        revenue_eur=C("amount"),
    ),
    "employment": _m(
        bsn=BSN,
        employer_id=C("text"),
        employer_type=C("code", codes="employer_type"),
        start_date=C("date"),
        end_date=C("date", True),
        hours_per_week=C("number", True, bounds=(0, 168)),
        subsidised=C("flag"),
    ),
    "unemployment_benefits": _m(bsn=BSN, start_date=C("date"), end_date=C("date", True)),
    "wage_subsidies": _m(
        payment_id=C("text", unique=True),
        bsn=BSN,
        activity_id=C("text", True),
        year=C("int", bounds=(1990, 2100)),
        amount_eur=C("amount"),
        payment_date=C("date"),
    ),
    "provisions": _m(
        provision_id=C("text", unique=True),
        bsn=BSN,
        instrument=C("code", codes="instrument"),
        start_date=C("date"),
        end_date=C("date", True),
        provider=C("text", True),
        cost_eur=C("amount", True),
        wage_value_pct=C("number", True, bounds=(0, 100)),
    ),
    "target_register": _m(
        bsn=BSN,
        birth_date=C("date", True),
        ground=C("code", codes="ground"),
        start_date=C("date"),
        end_date=C("date", True),
    ),
}
REQUIRED = ("clients", "benefit_spells")
PERIODS = {  # start, end of every dated table; the end may be planned (after the extract date)
    "benefit_spells": ("spell_start", "spell_end"),
    **{
        t: ("start_date", "end_date")
        for t in (
            "exemptions",
            "contracts",
            "activities",
            "secondments",
            "employment",
            "unemployment_benefits",
            "provisions",
            "target_register",
        )
    },
}
PERSON_TABLES = tuple(t for t in MODEL if "bsn" in MODEL[t])
OWN_POPULATION = ("target_register",)
FLAGS = {
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

# --- labels of the printed tables ---------------------------------------------------------------

AGE_GROUPS = (
    (None, 18, "tot 18 jaar"),
    (19, 23, "19 t/m 23 jaar"),
    (24, 27, "24 t/m 27 jaar"),
    (28, 30, "28 t/m 30 jaar"),
    (31, 35, "31 t/m 35 jaar"),
    (36, 40, "36 t/m 40 jaar"),
    (41, 45, "41 t/m 45 jaar"),
    (46, 50, "46 t/m 50 jaar"),
    (51, 56, "51 t/m 56 jaar"),
    (57, None, "57 jaar en ouder"),
)
RUNG_LABELS = {
    1: "Trede 1: Zorg",
    2: "Trede 2: Maatschappelijke participatie (‘Meedoen’ en ‘Terugdoen’)",
    3: "Trede 3: Stappen op weg naar werk (Arbeidsactivering)",
    4: "Trede 4: Begeleiding naar Werk (Arbeidstoeleiding)",
    5: "Trede 5: Werk",
}
SYSTEM_LABELS = {
    "BVS": "Arbeidsactivering en -toeleiding (contracten DWI en Sociale Dienst)",
    "M2000": "Arbeidsactivering en -toeleiding (contracten Maatwerk)",
}


class ExtractError(ValueError):
    """The extract does not meet the data model (every problem, counted per column)."""


# --- the case -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    start: dt.date
    end: dt.date
    age_limit: int | str = "aow"
    lower_rungs: str = "drop"
    spells: str = "period"
    skip: tuple[str, ...] = ()
    edges: tuple[float, ...] = (0, 10, 20, 35, 100)
    success_pct: float = 35
    tables: tuple[str, ...] | None = None
    extract_date: dt.date | None = None

    @classmethod
    def read(cls, file: Path) -> Case:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        intake = raw.get("intake") or {}
        params = raw.get("parameters") or {}
        registry = raw.get("registry") or {}
        return cls(
            start=_date(raw["period"]["start"]),
            end=_date(raw["period"]["end"]),
            age_limit=intake.get("age_limit", "aow"),
            lower_rungs=intake.get("lower_rungs", "drop"),
            spells=intake.get("spells", "period"),
            skip=tuple(intake.get("skip") or ()),
            edges=tuple(params.get("contract_buckets_pct", (0, 10, 20, 35, 100))),
            success_pct=float(params.get("contract_success_pct", 35)),
            tables=tuple(registry["tables"]) if "tables" in registry else None,
            extract_date=_date(registry["extract_date"]) if "extract_date" in registry else None,
        )


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _q(value) -> str:
    """A SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _in(values) -> str:
    return "(" + ", ".join(_q(v) for v in values) + ")"


@dataclass
class Reference:
    seconds: dict[str, float]
    funnel: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    pseudonym: str = "HMAC-SHA256(key, BSN)[:16 hex], in SQL from sha256 (RFC 2104)"
    notes: list[str] = field(default_factory=lambda: list(READINGS))


READINGS = (
    "two benefit spells of a person with the same start and the same end: the later record of "
    "the extract counts (docs/registry.md does not say; the pandas pipeline's stable sort does "
    "the same)",
    "Tabel 4.8 lists the grounds of each era that occurs among the counted exemptions of the "
    "clients in the file (docs/registry.md: 'that occurs in the extract')",
    "Tabel 5.5 splits the wage subsidies by the year of payment_date, not the column year",
    "costs reuse the client status of the outflow phase (the pandas costs step recomputes it)",
)


# --- load ---------------------------------------------------------------------------------------


def _typed(column: str, spec: C, source_type: str, mapping: dict[str, str] | None) -> str:
    """The SQL expression reading ``column`` (of parquet type ``source_type``) as the model
    says. Text that does not parse becomes NULL; the checks compare with the raw value."""
    col = f'"{column}"'
    numeric = any(t in source_type for t in ("INT", "DOUBLE", "FLOAT", "DECIMAL"))
    text = f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"
    if spec.kind == "bsn":
        if numeric:
            text = f"CAST(CAST({col} AS BIGINT) AS VARCHAR)"
        # spaces, dots and dashes are layout; fewer than nine digits: leading zeros were lost
        clean = f"NULLIF(regexp_replace({text}, '[\\s.\\-]', '', 'g'), '')"
        return (
            f"CASE WHEN regexp_full_match({clean}, '[0-9]{{1,8}}') THEN lpad({clean}, 9, '0') "
            f"ELSE {clean} END"
        )
    if mapping is not None:  # a mapped column is read through its mapping only
        pairs = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in mapping.items())
        return f"MAP {{{pairs}}}[{text}]" if mapping else "NULL"
    if spec.kind == "date":
        if "TIMESTAMP" in source_type or source_type == "DATE":
            return f"CAST({col} AS DATE)"
        return (
            f"CAST(try_strptime(regexp_replace({text}, '[ T]00:00(:00(\\.0+)?)?$', ''), "
            f"'%Y-%m-%d') AS DATE)"
        )
    if spec.kind == "flag":
        if source_type == "BOOLEAN":
            return col
        pairs = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in FLAGS.items())
        return f"MAP {{{pairs}}}[lower({text})]"
    if spec.kind in ("amount", "number"):
        return col if numeric else f"TRY_CAST({text} AS DOUBLE)"
    if spec.kind == "int":
        return f"TRY_CAST({col if numeric else text} AS BIGINT)"
    return text  # text and unmapped codes, as they are


def load(con: duckdb.DuckDBPyConnection, folder: Path, case: Case, codes: dict) -> set[str]:
    """Read every parquet file of the extract into a typed table ``raw_<table>`` and check it
    against the model. Returns the tables the extract has."""
    problems: list[str] = []
    files = {f.stem: f for f in folder.iterdir() if f.suffix.lower() in (".parquet", ".csv")}
    for name, file in files.items():
        if name not in MODEL:
            problems.append(f"{file.name}: not a table of the data model")
        elif file.suffix.lower() == ".csv":
            raise NotImplementedError(f"{file}: the reference reads parquet extracts only")
    missing = [t for t in REQUIRED if t not in files]
    if case.tables is not None:
        missing += [t for t in case.tables if t not in files]
        problems += [
            f"{t}: present but not declared in registry.tables"
            for t in files
            if t in MODEL and t not in REQUIRED and t not in case.tables
        ]
    if missing:
        problems.append(f"no file for the table(s) {', '.join(missing)}")
    for table, columns in codes.items():
        for column, mapping in columns.items():
            spec = MODEL.get(table, {}).get(column)
            if spec is None or spec.codes is None:
                problems.append(f"codes.yml: {table}.{column} is not a code column")
            elif bad := [
                v for v in mapping.values() if v not in {str(c) for c in CODES[spec.codes]}
            ]:
                problems.append(f"codes.yml: {table}.{column} maps to non-model codes {bad}")
    if problems:
        raise ExtractError("\n".join(problems))

    latest = case.extract_date or dt.date.today()
    present = set()
    for table, spec in MODEL.items():
        file = files.get(table)
        if file is None:  # an absent optional table reads as empty
            cols = ", ".join(f'CAST(NULL AS {_sqltype(s)}) AS "{c}"' for c, s in spec.items())
            con.execute(f"CREATE OR REPLACE TABLE raw_{table} AS SELECT {cols} LIMIT 0")
            continue
        present.add(table)
        source = f"read_parquet({_q(str(file))})"
        types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        bad_cols = [c for c in spec if c not in types] + [c for c in types if c not in spec]
        if bad_cols:
            problems.append(
                f"{file.name}: columns missing or not in the model: {', '.join(bad_cols)}"
            )
            continue
        mapped = codes.get(table, {})
        select = ", ".join(
            f'{_typed(c, s, types[c], mapped.get(c))} AS "{c}"' for c, s in spec.items()
        )
        # the raw text of the columns whose parsing can fail, to tell "empty" from "unreadable"
        raws = [
            c
            for c, s in spec.items()
            if c in mapped
            or (s.kind in ("date", "flag", "amount", "number", "int") and types[c] == "VARCHAR")
        ]
        raw_select = "".join(
            f', NULLIF(trim(CAST("{c}" AS VARCHAR)), \'\') AS "_raw_{c}"' for c in raws
        )
        row_nr = ", file_row_number AS _row" if table == "benefit_spells" else ""
        src = f"read_parquet({_q(str(file))}, file_row_number = true)" if row_nr else source
        con.execute(
            f"CREATE OR REPLACE TABLE raw_{table} AS SELECT {select}{raw_select}{row_nr} FROM {src}"
        )
        problems += _check(con, table, spec, raws, latest)
    if problems:
        raise ExtractError("\n".join(problems))
    return present


def _sqltype(spec: C) -> str:
    return {
        "date": "DATE",
        "flag": "BOOLEAN",
        "amount": "DOUBLE",
        "number": "DOUBLE",
        "int": "BIGINT",
    }.get(spec.kind, "VARCHAR")


def _check(con, table: str, spec: dict[str, C], raws: list[str], latest: dt.date) -> list[str]:
    """The checks on reading (docs/registry.md), one aggregate over the table: counts per
    column of unreadable values, empty required cells, unknown codes, duplicates, negative
    amounts, ends before starts, dates after the extract date."""
    checks: dict[str, str] = {"records": "count(*)"}
    for c, s in spec.items():
        if c in raws:
            checks[f"{c}: not readable or not a mapped code"] = (
                f'count(*) FILTER ("_raw_{c}" IS NOT NULL AND "{c}" IS NULL)'
            )
        if not s.nullable:
            empty = f'"_raw_{c}" IS NULL' if c in raws else f'"{c}" IS NULL'
            checks[f"{c}: empty, but required"] = f"count(*) FILTER ({empty})"
        if s.codes:
            checks[f"{c}: not a code of the model"] = (
                f'count(*) FILTER ("{c}" NOT IN {_in(CODES[s.codes])})'
            )
        if s.bounds:
            checks[f"{c}: out of bounds {s.bounds}"] = (
                f'count(*) FILTER ("{c}" NOT BETWEEN {s.bounds[0]} AND {s.bounds[1]})'
            )
        if s.unique:
            checks[f"{c}: values not unique"] = f'count("{c}") - count(DISTINCT "{c}")'
        if s.kind == "amount":
            checks[f"{c}: negative amount"] = f'count(*) FILTER ("{c}" < 0)'
        planned = table in PERIODS and c == PERIODS[table][1]
        if s.kind == "date" and not planned:
            checks[f"{c}: after the extract date {latest}"] = (
                f'count(*) FILTER ("{c}" > {_q(latest)})'
            )
    if table in PERIODS:
        a, b = PERIODS[table]
        checks[f"{b}: before {a}"] = f'count(*) FILTER ("{b}" < "{a}")'
    if table == "clients":
        checks["the same BSN twice with the same household_role"] = (
            "count(bsn) - count(DISTINCT (bsn, household_role)) FILTER (bsn IS NOT NULL)"
        )
    if table == "ladder":
        checks["more than one reference_date"] = "greatest(count(DISTINCT reference_date) - 1, 0)"
        checks["the same BSN twice"] = "count(bsn) - count(DISTINCT bsn)"
    names = list(checks)
    row = con.execute(f"SELECT {', '.join(checks.values())} FROM raw_{table}").fetchone()
    if row[0] == 0:
        return [f"{table}: the file holds no records"]
    return [f"{table}: {n}: {v} record(s)" for n, v in zip(names[1:], row[1:], strict=True) if v]


# --- intake -------------------------------------------------------------------------------------

DESCRIPTIONS = {
    "drop_missing_bsn": "geen BSN",
    "drop_invalid_bsn": "BSN voldoet niet aan de 11-proef",
    "drop_past_aow_age": "AOW-leeftijd bereikt bij de start van de periode",
    "drop_active_passive_duplicates": "dubbel geregistreerd als actieve en passieve partner",
    "drop_special_assistance_only": "alleen bijzondere bijstand",
    "drop_id_wiw_jobs": "ID- of WIW-baan in de periode",
    "drop_activities_rung_1_2": "activiteiten in trede 1 of 2",
    "keep_completed_lower_rungs_of_selected": (
        "activiteiten in trede 1 of 2, behalve positief afgeronde van geselecteerde cliënten"
    ),
    "drop_activities_started_before_period": "activiteiten gestart vóór de periode",
    "drop_activities_not_completed": "activiteiten niet afgerond",
    "drop_activities_not_meeting_norm": "activiteiten die niet aan de norm voldeden",
    "drop_activities_not_approved": "activiteiten niet gefiatteerd",
    "drop_contracts_without_payment": "contracten zonder betaling",
    "drop_wage_subsidies_after_period": "loonkostensubsidies betaald na de periode",
    "persons_in_file": "geen uitkering, activiteit of voorziening in de periode",
}
ACTIVITY_RULES = (
    "drop_activities_rung_1_2",
    "drop_activities_started_before_period",
    "drop_activities_not_completed",
    "drop_activities_not_meeting_norm",
    "drop_activities_not_approved",
)


def _rules(case: Case, present: set[str]) -> list[str]:
    """The rules that apply, in order: a rule on an absent optional table, or skipped by the
    case, is left out (and the steps are numbered as applied)."""
    age = (
        "drop_past_aow_age" if case.age_limit == "aow" else f"drop_aged_{int(case.age_limit)}_plus"
    )
    lower = (
        "keep_completed_lower_rungs_of_selected"
        if case.lower_rungs == "keep_completed_of_selected"
        else "drop_activities_rung_1_2"
    )
    needs = {
        "drop_id_wiw_jobs": "provisions",
        "drop_contracts_without_payment": "contracts",
        "drop_wage_subsidies_after_period": "wage_subsidies",
        **{r: "activities" for r in (*ACTIVITY_RULES, lower)},
    }
    rules = [
        "drop_missing_bsn",
        "drop_invalid_bsn",
        age,
        "drop_active_passive_duplicates",
        "drop_special_assistance_only",
        "drop_id_wiw_jobs",
        lower,
        *ACTIVITY_RULES[1:],
        "drop_contracts_without_payment",
        "drop_wage_subsidies_after_period",
    ]
    unskippable = {"drop_missing_bsn", "drop_invalid_bsn", age, lower}
    return [
        r
        for r in rules
        if (r in unskippable or r not in case.skip) and (r not in needs or needs[r] in present)
    ]


def _hmac_macro(key: bytes) -> str:
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in block).hex()
    opad = bytes(b ^ 0x5C for b in block).hex()
    return (
        "CREATE OR REPLACE MACRO pseudonym(bsn) AS substr(sha256("
        f"unhex('{opad}') || unhex(sha256(unhex('{ipad}') || encode(bsn)))), 1, 16)"
    )


def intake(con, case: Case, present: set[str], key: bytes) -> pd.DataFrame:
    """Every intake rule in order (each a named view or macro), the funnel, the persons in the
    file, the pseudonym. Leaves the cleaned tables ``clean_<table>`` keyed by ``client_key``."""
    p0, p1 = _q(case.start), _q(case.end)
    rules = _rules(case, present)
    step = {r: i for i, r in enumerate(rules, start=1)}
    age_rule = rules[2]
    sql = [
        # rule 1: no BSN; rule 2: the 11-proef (nine digits weighted 9..2 and −1, the sum
        # divisible by 11, not all zeros)
        "CREATE OR REPLACE MACRO drop_missing_bsn(bsn) AS bsn IS NULL",
        """CREATE OR REPLACE MACRO drop_invalid_bsn(bsn) AS NOT coalesce(
             regexp_full_match(bsn, '[0-9]{9}') AND bsn <> '000000000' AND (
               9 * (ascii(bsn[1]) - 48) + 8 * (ascii(bsn[2]) - 48) + 7 * (ascii(bsn[3]) - 48)
             + 6 * (ascii(bsn[4]) - 48) + 5 * (ascii(bsn[5]) - 48) + 4 * (ascii(bsn[6]) - 48)
             + 3 * (ascii(bsn[7]) - 48) + 2 * (ascii(bsn[8]) - 48) - (ascii(bsn[9]) - 48)
             ) % 11 = 0, FALSE)""",
        "CREATE OR REPLACE MACRO bsn_ok(bsn) AS NOT drop_missing_bsn(bsn) "
        "AND NOT drop_invalid_bsn(bsn)",
        # age in whole years on a day
        """CREATE OR REPLACE MACRO age_on(birth, day) AS
             year(day) - year(birth)
             - CASE WHEN month(birth) > month(day)
                      OR (month(birth) = month(day) AND day(birth) > day(day)) THEN 1 ELSE 0 END""",
    ]
    # rule 3: the age rule — a fixed age, or the AOW age by date of birth
    if case.age_limit == "aow":
        aow = Path(__file__).resolve().parents[1] / "data" / "raw" / "norms" / "aow_age.csv"
        sql.append(f"""
        CREATE OR REPLACE VIEW {age_rule} AS
        -- the AOW date: the first year Y whose own age is reached in Y (or before), not before
        -- 1 January of Y; reached on the period start if some such Y up to that year gives a
        -- date on or before it (the age only rises, so the first Y gives the earliest date)
        WITH ages AS (
            SELECT y AS year, years, months
            FROM read_csv({_q(str(aow))}) AS t,
                 range(t.from_year, t.to_year + 1) AS r(y)
            WHERE y <= year({p0}))
        SELECT DISTINCT c.bsn FROM raw_clients c JOIN ages a
          ON year(c.birth_date + to_years(a.years) + to_months(a.months)) <= a.year
        WHERE bsn_ok(c.bsn)
          AND greatest(c.birth_date + to_years(a.years) + to_months(a.months),
                       make_date(a.year, 1, 1)) <= {p0}""")
    else:
        sql.append(f"""
        CREATE OR REPLACE VIEW {age_rule} AS
        SELECT DISTINCT bsn FROM raw_clients
        WHERE bsn_ok(bsn) AND age_on(birth_date, {p0}) >= {int(case.age_limit)}""")
    sql += [
        # rule 4: registered as active and as passive partner
        """CREATE OR REPLACE VIEW drop_active_passive_duplicates AS
           SELECT bsn FROM raw_clients WHERE bsn_ok(bsn)
           GROUP BY bsn HAVING count(DISTINCT household_role) > 1""",
        # rule 5: every spell special assistance only
        """CREATE OR REPLACE VIEW drop_special_assistance_only AS
           SELECT bsn FROM raw_benefit_spells WHERE bsn_ok(bsn)
           GROUP BY bsn HAVING bool_and(scheme = 'special_assistance_only')""",
        # rule 6: an ID or WIW job overlapping the period
        f"""CREATE OR REPLACE VIEW drop_id_wiw_jobs AS
           SELECT DISTINCT bsn FROM raw_provisions
           WHERE bsn_ok(bsn) AND instrument = 'id_wiw_job'
             AND start_date <= {p1} AND (end_date IS NULL OR end_date >= {p0})""",
    ]
    # the person rules: each person's first rule (a person rule looks at the person's own
    # records only, so the first rule whose condition holds is the rule that drops them)
    person_rules = [
        r
        for r in rules[2:]
        if r
        in (
            age_rule,
            "drop_active_passive_duplicates",
            "drop_special_assistance_only",
            "drop_id_wiw_jobs",
        )
    ]
    union = " UNION ALL ".join(f"SELECT bsn, {step[r]} AS step FROM {r}" for r in person_rules)
    sql.append(f"""CREATE OR REPLACE TEMP TABLE person_rule AS
                   SELECT bsn, min(step) AS step FROM ({union}) GROUP BY bsn""")

    def person_step(alias: str) -> str:
        return (
            f"CASE WHEN drop_missing_bsn({alias}.bsn) THEN {step['drop_missing_bsn']} "
            f"WHEN drop_invalid_bsn({alias}.bsn) THEN {step['drop_invalid_bsn']} "
            f"ELSE pr.step END"
        )

    # the record verdicts: per record the rule that drops it (NULL: kept by the rules)
    for table in PERSON_TABLES:
        if table in ("activities", "wage_subsidies"):
            continue
        sql.append(f"""CREATE OR REPLACE TEMP TABLE verdict_{table} AS
                       SELECT t.*, {person_step("t")} AS step
                       FROM raw_{table} t LEFT JOIN person_rule pr USING (bsn)""")
    # rules 7-11 on activities, one column per rule
    if "activities" in present:
        lower = next(
            r
            for r in rules
            if r in ("drop_activities_rung_1_2", "keep_completed_lower_rungs_of_selected")
        )
        if lower == "drop_activities_rung_1_2":
            lower_sql = "rung < 3"
        else:  # rung 1-2 stays if completed with a result meeting the norm, for a selected
            # client (a rung 3-5 activity, or rung 3-5 on the ladder)
            lower_sql = """rung < 3 AND NOT (completed AND meets_norm AND coalesce(bsn IN (
                SELECT bsn FROM raw_activities WHERE rung >= 3 AND bsn IS NOT NULL
                UNION SELECT bsn FROM raw_ladder WHERE rung >= 3 AND bsn IS NOT NULL), FALSE))"""
        sql.append(f"""CREATE OR REPLACE VIEW activity_rules AS
            SELECT *,
                {lower_sql} AS {lower},
                start_date < {p0} AS drop_activities_started_before_period,
                NOT (completed AND end_date IS NOT NULL AND end_date <= {p1})
                    AS drop_activities_not_completed,
                NOT meets_norm AS drop_activities_not_meeting_norm,
                NOT approved AS drop_activities_not_approved
            FROM raw_activities""")
        first = " ".join(f"WHEN {r} THEN {step[r]}" for r in rules if r in (lower, *ACTIVITY_RULES))
        sql.append(f"""CREATE OR REPLACE TEMP TABLE verdict_activities AS
            SELECT a.* EXCLUDE ({lower}, drop_activities_started_before_period,
                                drop_activities_not_completed, drop_activities_not_meeting_norm,
                                drop_activities_not_approved),
                   coalesce({person_step("a")}, CASE {first} END) AS step
            FROM activity_rules a LEFT JOIN person_rule pr USING (bsn)""")
    else:
        sql.append(
            "CREATE OR REPLACE TEMP TABLE verdict_activities AS "
            "SELECT *, CAST(NULL AS INTEGER) AS step FROM raw_activities"
        )
    # rule 12: contracts on which nothing (left after the earlier rules) was paid
    if "drop_contracts_without_payment" in step:
        s = step["drop_contracts_without_payment"]
        sql += [
            """CREATE OR REPLACE VIEW drop_contracts_without_payment AS
               SELECT contract_id FROM raw_contracts
               WHERE contract_id NOT IN (SELECT contract_id FROM verdict_payments
                                         WHERE step IS NULL AND contract_id IS NOT NULL)""",
            f"""CREATE OR REPLACE TEMP TABLE verdict_contracts AS
                SELECT c.*, CASE WHEN d.contract_id IS NOT NULL THEN {s} END AS step
                FROM raw_contracts c
                LEFT JOIN drop_contracts_without_payment d USING (contract_id)""",
            f"""UPDATE verdict_activities SET step = {s}
                WHERE step IS NULL AND contract_id IN (SELECT contract_id
                                                       FROM drop_contracts_without_payment)""",
        ]
    else:
        sql.append(
            "CREATE OR REPLACE TEMP TABLE verdict_contracts AS "
            "SELECT *, CAST(NULL AS INTEGER) AS step FROM raw_contracts"
        )
    # rule 13: wage-subsidy payments after the period end
    s13 = step.get("drop_wage_subsidies_after_period", "NULL")
    sql.append(f"""CREATE OR REPLACE TEMP TABLE verdict_wage_subsidies AS
        SELECT w.*, coalesce({person_step("w")},
                             CASE WHEN payment_date > {p1} THEN {s13} END) AS step
        FROM raw_wage_subsidies w LEFT JOIN person_rule pr USING (bsn)""")

    # the spell that counts (intake.spells): latest = the person's latest benefit-scheme spell
    # (latest start; the same day: the open one, else the one ending last), kept if it
    # overlaps the period; period = the latest of the spells overlapping the period
    sql.append(
        _counted_spell_view(
            "counted_spell_raw", "verdict_benefit_spells", "bsn", case, "step IS NULL"
        )
    )
    # persons in the file: a client record left and benefit in the period, a remaining
    # activity, a provision or a subsidised job overlapping the period
    last = len(rules) + 1
    sql += [
        f"""CREATE OR REPLACE TEMP TABLE persons_in_file AS
            SELECT DISTINCT bsn FROM verdict_clients WHERE step IS NULL
            INTERSECT (
                SELECT bsn FROM counted_spell_raw
                UNION SELECT bsn FROM verdict_activities WHERE step IS NULL
                UNION SELECT bsn FROM verdict_provisions
                      WHERE step IS NULL AND start_date <= {p1}
                        AND (end_date IS NULL OR end_date >= {p0})
                UNION SELECT bsn FROM verdict_employment
                      WHERE step IS NULL AND subsidised AND start_date <= {p1}
                        AND (end_date IS NULL OR end_date >= {p0}))""",
    ]
    for table in PERSON_TABLES:
        if table in OWN_POPULATION:
            continue
        sql.append(f"""UPDATE verdict_{table} SET step = {last}
                       WHERE step IS NULL AND bsn NOT IN (SELECT bsn FROM persons_in_file)""")
    for statement in sql:
        con.execute(statement)

    funnel = _funnel(con, rules, last)

    # pseudonymise: one HMAC per distinct BSN kept; names and client numbers go, the birth
    # date becomes the birth year and the age each spell needs
    con.execute(_hmac_macro(key))
    kept = " UNION ".join(f"SELECT bsn FROM verdict_{t} WHERE step IS NULL" for t in PERSON_TABLES)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE pseudonyms AS
                    SELECT bsn, pseudonym(bsn) AS client_key FROM ({kept})""")
    for table in MODEL:
        cols = [c for c in MODEL[table] if c != "bsn"]
        if table == "clients":
            cols = ["household_role", "year(birth_date) AS birth_year"]
        elif table == "target_register":
            cols = ["year(birth_date) AS birth_year", "ground", "start_date", "end_date"]
        elif table == "benefit_spells":
            cols = [f'"{c}"' for c in cols] + [
                f"age_on(b.birth_date, greatest(t.spell_start, {p0})) AS age_at_start_n",
                "_row",
            ]  # the record's number in the extract (the last tie-break of spells)
        else:
            cols = [f'"{c}"' for c in cols]
        if "bsn" in MODEL[table]:
            birth = (
                "LEFT JOIN (SELECT bsn, any_value(birth_date) AS birth_date FROM "
                "verdict_clients WHERE step IS NULL GROUP BY bsn) b USING (bsn)"
                if table == "benefit_spells"
                else ""
            )
            con.execute(f"""CREATE OR REPLACE TABLE clean_{table} AS
                SELECT p.client_key, {", ".join(cols)}
                FROM verdict_{table} t JOIN pseudonyms p USING (bsn) {birth}
                WHERE t.step IS NULL""")
        else:
            con.execute(f"""CREATE OR REPLACE TABLE clean_{table} AS
                SELECT {", ".join(cols)} FROM verdict_{table} WHERE step IS NULL""")
    return funnel


def _counted_spell_view(name: str, source: str, person: str, case: Case, where: str) -> str:
    p0, p1 = _q(case.start), _q(case.end)
    overlaps = f"spell_start <= {p1} AND (spell_end IS NULL OR spell_end >= {p0})"
    # the same start and end: the later record of the file (the spec does not say)
    order = "spell_start DESC, spell_end DESC NULLS FIRST, _row DESC"
    benefit = f"scheme IN {_in(BENEFIT_SCHEMES)}"
    if case.spells == "latest":
        return f"""CREATE OR REPLACE VIEW {name} AS
            SELECT * FROM (
                SELECT * FROM {source} WHERE {where} AND {benefit}
                QUALIFY row_number() OVER (PARTITION BY {person} ORDER BY {order}) = 1)
            WHERE {overlaps}"""
    if case.spells == "period":
        return f"""CREATE OR REPLACE VIEW {name} AS
            SELECT * FROM {source} WHERE {where} AND {benefit} AND {overlaps}
            QUALIFY row_number() OVER (PARTITION BY {person} ORDER BY {order}) = 1"""
    raise ValueError(f"unknown intake.spells {case.spells!r}")


def _funnel(con, rules: list[str], last: int) -> pd.DataFrame:
    """Per rule and table: records in, dropped, records out (a table listed where the rule
    dropped something, ``clients`` always)."""
    tables = [t for t in MODEL]
    union = " UNION ALL ".join(
        f"SELECT {_q(t)} AS tbl, {i} AS ord, step, count(*) AS n FROM verdict_{t} GROUP BY step"
        for i, t in enumerate(tables)
    )
    names = [*rules, "persons_in_file"]
    steps = ", ".join(
        f"({i}, {_q(n)}, {_q(DESCRIPTIONS.get(n, _age_description(n)))})"
        for i, n in enumerate(names, start=1)
    )
    return (
        con.execute(f"""
        WITH counts AS ({union}),
        totals AS (SELECT tbl, ord, sum(n) AS total FROM counts GROUP BY tbl, ord),
        steps(step, rule, description) AS (VALUES {steps}),
        grid AS (
            SELECT s.step, s.rule, s.description, t.tbl, t.ord, t.total,
                   coalesce(c.n, 0) AS dropped
            FROM steps s CROSS JOIN totals t
            LEFT JOIN counts c ON c.tbl = t.tbl AND c.step = s.step),
        flow AS (
            SELECT *, total - sum(dropped) OVER (PARTITION BY tbl ORDER BY step) AS records_out
            FROM grid)
        SELECT step, rule, description, tbl AS "table",
               records_out + dropped AS records_in, dropped, records_out
        FROM flow WHERE dropped > 0 OR tbl = 'clients'
        ORDER BY step, ord""")
        .df()
        .astype(
            {"records_in": "int64", "dropped": "int64", "records_out": "int64", "step": "int64"}
        )
    )


def _age_description(rule: str) -> str:
    age = rule.removeprefix("drop_aged_").removesuffix("_plus")
    return f"{age} jaar of ouder bij de start van de periode"


# --- outflow (chapter 4) ------------------------------------------------------------------------

PCT = """CREATE OR REPLACE MACRO pct(part, whole, decimals) AS
    CASE WHEN whole IS NULL OR whole = 0 THEN NULL
         ELSE sign(100.0 * part / whole)
              * floor(abs(100.0 * part / whole) * pow(10, decimals) + 0.5 + 1e-9)
              / pow(10, decimals) END"""
ROUND = """CREATE OR REPLACE MACRO round_up(x, decimals) AS
    CASE WHEN x IS NULL OR isnan(x) THEN NULL
         ELSE sign(x) * floor(abs(x) * pow(10, decimals) + 0.5 + 1e-9) / pow(10, decimals) END"""


def _cohorts(case: Case) -> list[tuple[str, str]]:
    """(cohort code, column name) in printed order: the stock, then each year."""
    s = case.start
    return [("stock", f"stand_{s.day}_{s.month}_{s.year}_n")] + [
        (str(y), f"instroom_{y}_n") for y in range(case.start.year, case.end.year + 1)
    ]


def outflow(con, case: Case, present: set[str]) -> dict[str, pd.DataFrame]:
    p0, p1 = _q(case.start), _q(case.end)
    con.execute(PCT)
    con.execute(ROUND)
    con.execute(
        _counted_spell_view("counted_spell", "clean_benefit_spells", "client_key", case, "TRUE")
    )
    age_group = " ".join(
        f"WHEN age_at_start_n {'>= ' + str(lo) if lo is not None else '>= 0'}"
        f"{' AND age_at_start_n <= ' + str(hi) if hi is not None else ''} THEN {_q(label)}"
        for lo, hi, label in AGE_GROUPS
    )
    exemption_rank = (
        "CASE reason "
        + " ".join(f"WHEN {_q(c)} THEN {i}" for i, c in enumerate(EXEMPTION_GROUNDS))
        + " END"
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE client_status AS
        WITH
        -- the exemption whose reason counts: of those overlapping the period the latest
        -- start; the same day: the longest (open longest); then the ground listed first
        latest_exemption AS (
            SELECT client_key, reason FROM clean_exemptions
            WHERE start_date <= {p1} AND (end_date IS NULL OR end_date >= {p0})
            QUALIFY row_number() OVER (PARTITION BY client_key
                ORDER BY start_date DESC, end_date DESC NULLS FIRST, {exemption_rank}) = 1),
        completed AS (SELECT DISTINCT client_key FROM clean_activities),
        status AS (
            SELECT c.client_key,
                   s.client_key IS NOT NULL AS has_benefit,
                   CASE WHEN s.client_key IS NULL THEN NULL
                        WHEN s.spell_start < {p0} THEN 'stock'
                        ELSE CAST(year(s.spell_start) AS VARCHAR) END AS cohort,
                   s.spell_start, s.spell_end,
                   CASE WHEN s.client_key IS NULL THEN NULL
                        WHEN s.spell_end IS NULL OR s.spell_end > {p1} THEN 'on_benefit'
                        WHEN s.end_reason IN {_in(WORK_END_REASONS)} THEN 'work'
                        ELSE 'other' END AS end_status,
                   s.spell_end <= {p1} AND s.spell_end - s.spell_start <= 365 AS exit_within_1y,
                   s.age_at_start_n AS age,
                   CASE {age_group} END AS age_group,
                   e.client_key IS NOT NULL AS exempt,
                   e.reason AS exemption_reason,
                   a.client_key IS NOT NULL AS completed
            FROM (SELECT DISTINCT client_key FROM clean_clients) c
            LEFT JOIN counted_spell s USING (client_key)
            LEFT JOIN latest_exemption e USING (client_key)
            LEFT JOIN completed a USING (client_key))
        SELECT *, coalesce(end_status = 'work' AND completed, FALSE) AS work_after_trajectory,
               coalesce(exit_within_1y, FALSE) AS exit_1y
        FROM status""")
    out: dict[str, pd.DataFrame] = {}
    cohorts = _cohorts(case)
    s = case.start
    stock = f"{s.day}-{s.month}-{s.year}"

    def cohort_rows(stock_label: str) -> str:
        rows = [f"(0, 'stock', {_q(stock_label)})"] + [
            f"({i}, {_q(code)}, {_q('Nieuwe instroom in ' + code)})"
            for i, (code, _) in enumerate(cohorts[1:], start=1)
        ]
        return f"rows(ord, cohort, label) AS (VALUES {', '.join(rows)})"

    # Tabel 4.6
    out["t4_6"] = con.execute(f"""
        WITH {cohort_rows("Bijstandscliënten per " + stock)},
        per AS (
            SELECT coalesce(r.label, 'Totaal bijstandscliënten') AS label,
                   coalesce(r.ord, 99) AS ord,
                   count(*) AS beginstand_n,
                   count(*) FILTER (end_status = 'on_benefit') AS in_uitkering_n,
                   count(*) FILTER (end_status <> 'on_benefit') AS uitstroom_n,
                   count(*) FILTER (end_status = 'work') AS uitstroom_werk_n
            FROM client_status s LEFT JOIN rows r USING (cohort)
            WHERE has_benefit GROUP BY ROLLUP ((r.label, r.ord)))
        SELECT r.label, coalesce(beginstand_n, 0) AS beginstand_n,
               coalesce(in_uitkering_n, 0) AS in_uitkering_n,
               coalesce(uitstroom_n, 0) AS uitstroom_n,
               coalesce(uitstroom_werk_n, 0) AS uitstroom_werk_n,
               pct(uitstroom_werk_n, beginstand_n, 1) AS uitstroom_werk_pct
        FROM (SELECT label, ord FROM rows UNION ALL SELECT 'Totaal bijstandscliënten', 99) r
        LEFT JOIN per USING (label, ord) ORDER BY r.ord""").df()

    # Tabel 4.7
    groups = ", ".join(f"({i}, {_q(label)})" for i, (_, _, label) in enumerate(AGE_GROUPS))
    out["t4_7"] = con.execute(f"""
        WITH groups(ord, label) AS (VALUES {groups}, (99, 'Totaal uitkeringsgerechtigden')),
        per AS (
            SELECT coalesce(age_group, 'Totaal uitkeringsgerechtigden') AS label,
                   count(*) AS n, count(*) FILTER (exit_1y) AS out_n,
                   count(*) FILTER (exit_1y AND end_status = 'work') AS work_n
            FROM client_status WHERE has_benefit GROUP BY ROLLUP (age_group))
        SELECT g.label, coalesce(n, 0) AS aantal_clienten_n,
               coalesce(out_n, 0) AS uitstroom_1jaar_n, pct(out_n, n, 1) AS uitstroom_1jaar_pct,
               coalesce(work_n, 0) AS uitstroom_werk_1jaar_n,
               pct(work_n, n, 1) AS uitstroom_werk_1jaar_pct
        FROM groups g LEFT JOIN per p ON p.label = g.label ORDER BY g.ord""").df()

    # Tabel 4.8: every ground of each era that occurs, in the model's order
    if "exemptions" in present:
        eras = {
            EXEMPTION_GROUNDS[r][0]
            for (r,) in con.execute(
                "SELECT DISTINCT exemption_reason FROM client_status "
                "WHERE exemption_reason IS NOT NULL"
            ).fetchall()
        }
        grounds = [(c, label) for c, (era, label) in EXEMPTION_GROUNDS.items() if era in eras]
        rows = ", ".join(f"({i}, {_q(c)}, {_q(label)})" for i, (c, label) in enumerate(grounds))
        counts = ", ".join(
            f"count(*) FILTER (cohort = {_q(code)}) AS {col}" for code, col in cohorts
        )
        cols = [col for _, col in cohorts]
        rows_sql = (
            f"grounds(ord, code, label) AS (VALUES {rows})"
            if grounds
            else ("grounds(ord, code, label) AS (SELECT 0, NULL::VARCHAR, NULL::VARCHAR LIMIT 0)")
        )
        t = con.execute(f"""
            WITH {rows_sql},
            per AS (SELECT exemption_reason AS code, {counts} FROM client_status
                    WHERE has_benefit GROUP BY exemption_reason),
            body AS (
                SELECT g.ord, g.label, {", ".join(f"coalesce(p.{c}, 0) AS {c}" for c in cols)}
                FROM grounds g LEFT JOIN per p USING (code)
                UNION ALL
                SELECT 100, 'Totaal ontheffingen', {counts} FROM client_status
                WHERE has_benefit AND exempt
                UNION ALL
                SELECT 101, 'Totaal cliënten', {counts} FROM client_status WHERE has_benefit),
            summed AS (SELECT *, {" + ".join(cols)} AS totaal_n FROM body)
            SELECT label, {", ".join(cols)}, totaal_n,
                   pct(totaal_n, max(totaal_n) FILTER (ord = 101) OVER (), 0) AS totaal_pct
            FROM summed ORDER BY ord""").df()
        exempt = t[t["label"] == "Totaal ontheffingen"].iloc[0]
        total = t[t["label"] == "Totaal cliënten"].iloc[0]
        share = {c: _pct(exempt[c], total[c], 0) for c in [*cols, "totaal_n"]}
        t = pd.concat(
            [t, pd.DataFrame([{"label": "Percentage per jaar", **share}])], ignore_index=True
        )
        t[[*cols, "totaal_n"]] = t[[*cols, "totaal_n"]].round().astype("Int64")
        out["t4_8"] = t

    # Tabel 4.13: clients on benefit on the ladder's reference date, by rung
    if "ladder" in present:
        rungs = ", ".join(f"({r}, {_q(label)})" for r, label in RUNG_LABELS.items())
        out["t4_13"] = con.execute(f"""
            WITH reference AS (SELECT max(reference_date) AS day FROM clean_ladder),
            on_benefit AS (
                SELECT s.client_key, l.rung FROM client_status s CROSS JOIN reference r
                LEFT JOIN clean_ladder l USING (client_key)
                WHERE s.has_benefit AND s.spell_start <= r.day
                  AND (s.spell_end IS NULL OR s.spell_end >= r.day)),
            labels(rung, label) AS (VALUES {rungs}),
            body AS (
                SELECT l.rung AS ord, l.label, count(o.client_key) AS n
                FROM labels l LEFT JOIN on_benefit o USING (rung) GROUP BY l.rung, l.label
                UNION ALL SELECT 6, 'Subtotaal', count(rung) FROM on_benefit
                UNION ALL SELECT 7, 'Nog niet ingedeeld', count(*) - count(rung) FROM on_benefit
                UNION ALL SELECT 8, 'Totaal', count(*) FROM on_benefit)
            SELECT label, n AS aantal_clienten_n,
                   pct(n, max(n) FILTER (ord = 8) OVER (), 1) AS aantal_clienten_pct
            FROM body ORDER BY ord""").df()

    if "activities" in present:
        # Tabel 4.14: reach per cohort (% of the cohort, whole numbers)
        cols = [*cohorts, ("total", "totaal_n")]
        counts = ", ".join(
            f"count(*) FILTER ({'TRUE' if code == 'total' else 'cohort = ' + _q(code)}) AS {col}"
            for code, col in cols
        )
        pcts = ", ".join(
            f"{col}, pct({col}, sum({col}) FILTER (ord < 3) OVER (), 0) AS "
            f"{col.replace('_n', '_pct')}"
            for _, col in cols
        )
        out["t4_14"] = con.execute(f"""
            WITH groups(ord, label) AS (VALUES (0, 'Afgerond'), (1, 'Geen of niet afgerond'),
                                               (2, 'Ontheffing')),
            grouped AS (
                SELECT cohort, CASE WHEN exempt THEN 'Ontheffing'
                                    WHEN completed THEN 'Afgerond'
                                    ELSE 'Geen of niet afgerond' END AS label
                FROM client_status WHERE has_benefit),
            body AS (
                SELECT g.ord, g.label, {counts}
                FROM groups g LEFT JOIN grouped x USING (label) GROUP BY g.ord, g.label
                UNION ALL
                SELECT 3, 'Totaal', {counts} FROM grouped)
            SELECT label, {pcts} FROM body ORDER BY ord""").df()

        # Tabel 4.15
        out["t4_15"] = con.execute(f"""
            WITH {cohort_rows("Bijstandscliënten " + stock)},
            per AS (
                SELECT cohort, count(*) AS n, count(*) FILTER (end_status = 'work') AS work_n,
                       count(*) FILTER (work_after_trajectory) AS traject_n
                FROM client_status WHERE has_benefit GROUP BY ROLLUP (cohort))
            SELECT coalesce(r.label, 'Totaal cliënten') AS label,
                   coalesce(n, 0) AS beginstand_n, coalesce(work_n, 0) AS uitstroom_werk_n,
                   pct(work_n, n, 1) AS uitstroom_werk_pct,
                   coalesce(traject_n, 0) AS uitstroom_werk_traject_n,
                   pct(traject_n, n, 1) AS uitstroom_werk_traject_pct
            FROM (SELECT ord, cohort, label FROM rows UNION ALL SELECT 99, NULL, NULL) r
            LEFT JOIN per p ON p.cohort IS NOT DISTINCT FROM r.cohort
            ORDER BY r.ord""").df()

        # Tabel 4.16
        out["t4_16"] = con.execute("""
            WITH statuses(ord, end_status, label) AS (VALUES
                (0, 'work', 'Uitkering beëindigd en uitgestroomd naar arbeid'),
                (1, 'other', 'Uitkering beëindigd door andere oorzaken'),
                (2, 'on_benefit', 'Uitkering niet beëindigd')),
            total AS (SELECT count(*) AS n FROM client_status WHERE has_benefit),
            body AS (
                SELECT r.ord, r.label,
                       count(s.client_key) FILTER (NOT s.completed) AS geen_traject_afgerond_n,
                       count(s.client_key) FILTER (s.completed) AS traject_afgerond_n
                FROM statuses r LEFT JOIN client_status s
                  ON s.has_benefit AND s.end_status = r.end_status
                GROUP BY r.ord, r.label
                UNION ALL
                SELECT 3, 'Subtotaal cliënten met een uitkering',
                       count(*) FILTER (NOT completed), count(*) FILTER (completed)
                FROM client_status WHERE has_benefit),
            pcts AS (
                SELECT ord, label, geen_traject_afgerond_n,
                       pct(geen_traject_afgerond_n, total.n, 0) AS geen_traject_afgerond_pct,
                       traject_afgerond_n,
                       pct(traject_afgerond_n, total.n, 0) AS traject_afgerond_pct,
                       geen_traject_afgerond_n + traject_afgerond_n AS totaal_n,
                       pct(geen_traject_afgerond_n + traject_afgerond_n, total.n, 0) AS totaal_pct
                FROM body, total)
            SELECT * EXCLUDE (ord) FROM (
                SELECT * FROM pcts
                UNION ALL
                SELECT 4, 'Cliënten zonder uitkering', NULL, NULL,
                       count(*) FILTER (completed), NULL, count(*), NULL
                FROM client_status WHERE NOT has_benefit
                UNION ALL
                SELECT 5, 'Totaal cliënten', count(*) FILTER (NOT completed), NULL,
                       count(*) FILTER (completed), NULL, count(*), NULL
                FROM client_status)
            ORDER BY ord""").df()

    if "contracts" in present:
        _contract_outcomes(con)
        out.update(_contract_tables(con, case))
    if "activities" in present:
        # Figuur 8.1
        out["f8_1"] = con.execute("""
            WITH b AS (SELECT * FROM client_status WHERE has_benefit),
            parts(ord, label, n) AS (
                SELECT 0, 'Cliënten die een bijstandsuitkering hebben',
                       count(*) FILTER (end_status = 'on_benefit') FROM b
                UNION ALL SELECT 1, 'Cliënten waarvan de uitkering is beëindigd door verhuizing, '
                       || 'huwelijk, detentie,', count(*) FILTER (end_status = 'other') FROM b
                UNION ALL SELECT 2, 'Cliënten die een reguliere baan hebben gevonden zonder '
                       || 're-integratieactiveiten (uit trede 3, 4 of 5) te hebben afgerond',
                       count(*) FILTER (end_status = 'work' AND NOT completed) FROM b
                UNION ALL SELECT 3, 'Cliënten die een reguliere baan hebben gevonden nadat zij '
                       || 're-integratieactiveiten (uit trede 3, 4, of 5) hebben afgerond',
                       count(*) FILTER (work_after_trajectory) FROM b
                UNION ALL SELECT 4, 'Reguliere baan gevonden (totaal)',
                       count(*) FILTER (end_status = 'work') FROM b)
            SELECT label, pct(n, (SELECT count(*) FROM b), 1) AS aandeel_pct
            FROM parts ORDER BY ord""").df()
    return out


def _pct(part, whole, decimals):
    if not whole:
        return math.nan
    x = 100 * float(part) / float(whole)
    scale = 10.0**decimals
    return math.copysign(math.floor(abs(x) * scale + 0.5 + 1e-9) / scale, x)


def _contract_outcomes(con) -> None:
    """Per paid contract: participants (clients in the file with a remaining activity on it,
    with or without benefit; a client on several contracts counts for each) and exits to work."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE contract_outcomes AS
        WITH pairs AS (
            SELECT DISTINCT a.contract_id, a.client_key
            FROM clean_activities a JOIN client_status s USING (client_key)
            WHERE a.contract_id IS NOT NULL),
        per AS (
            SELECT p.contract_id, count(*) AS participants_n,
                   count(*) FILTER (s.end_status = 'work') AS work_n
            FROM pairs p JOIN client_status s USING (client_key) GROUP BY p.contract_id)
        SELECT c.contract_id, c.category, c.system, c.intake_closed,
               coalesce(per.participants_n, 0) AS participants_n,
               coalesce(per.work_n, 0) AS work_n,
               100.0 * per.work_n / per.participants_n AS share_pct
        FROM clean_contracts c LEFT JOIN per USING (contract_id)""")


def _bucket_sql(edges) -> tuple[str, list[str]]:
    """CASE expression giving a contract's bucket (exactly the first edge its own bucket; then
    lower edge inclusive, the last bucket including its upper edge) and the labels in order."""

    def fmt(x):
        return f"{x:g}%"

    labels = [fmt(edges[0])] + [
        f"{fmt(a)} - {fmt(b)}" for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]
    whens = [f"WHEN share_pct = {edges[0]} THEN {_q(labels[0])}"]
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        low = f"share_pct > {lo}" if i == 0 else f"share_pct >= {lo}"
        high = f"share_pct <= {hi}" if i == len(edges) - 2 else f"share_pct < {hi}"
        whens.append(f"WHEN {low} AND {high} THEN {_q(labels[i + 1])}")
    return "CASE " + " ".join(whens) + " END", labels


def _contract_tables(con, case: Case) -> dict[str, pd.DataFrame]:
    bucket, labels = _bucket_sql(case.edges)
    rows = ", ".join(f"({i}, {_q(label)})" for i, label in enumerate(labels))
    out = {}
    out["t4_17"] = con.execute(f"""
        WITH paid AS (SELECT *, {bucket} AS bucket FROM contract_outcomes
                      WHERE participants_n > 0),
        labels(ord, label) AS (VALUES {rows})
        SELECT l.label, count(p.contract_id) AS aantal_contracten_n,
               coalesce(sum(p.participants_n), 0) AS aantal_clienten_n,
               coalesce(sum(p.work_n), 0) AS aantal_clienten_werk_n
        FROM labels l LEFT JOIN paid p ON p.bucket = l.label GROUP BY l.ord, l.label
        UNION ALL
        SELECT 'Totaal', count(*), sum(participants_n), sum(work_n) FROM paid
        ORDER BY CASE WHEN label = 'Totaal' THEN 1 ELSE 0 END,
                 list_position({labels}, label)""").df()
    out["t4_18"] = con.execute(f"""
        SELECT category AS label, count(*) AS aantal_contracten_n,
               count(*) FILTER (intake_closed) AS instroom_afgesloten_n
        FROM contract_outcomes
        WHERE participants_n > 0 AND share_pct >= {case.success_pct}
        GROUP BY category ORDER BY category""").df()
    return out


# --- costs (chapter 5) --------------------------------------------------------------------------


def costs(con, case: Case, present: set[str]) -> dict[str, pd.DataFrame]:
    if not ("payments" in present and "contracts" in present):
        return {}
    y0 = case.start.year
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cost_lines AS
        -- invoice lines on a paid contract linked to a remaining activity
        SELECT p.client_key, 'contract' AS category, p.contract_id, c.system,
               p.amount_eur, p.payment_date AS day
        FROM clean_payments p JOIN clean_contracts c USING (contract_id)
        WHERE p.activity_id IN (SELECT activity_id FROM clean_activities)
        UNION ALL
        -- wage-subsidy payments up to the period end
        SELECT client_key, 'wage_subsidy', NULL, NULL, amount_eur, payment_date
        FROM clean_wage_subsidies
        UNION ALL
        -- the wage cost of a remaining secondment or internship
        SELECT client_key, 'secondment', NULL, NULL, wage_cost_eur, start_date
        FROM clean_secondments
        WHERE activity_id IN (SELECT activity_id FROM clean_activities)""")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE client_costs AS
        SELECT s.*, coalesce(l.cost_eur, 0.0) AS cost_eur
        FROM client_status s LEFT JOIN (
            SELECT client_key, sum(amount_eur) AS cost_eur FROM cost_lines GROUP BY client_key
        ) l USING (client_key)""")
    out = {}
    # Tabel 5.5
    t = con.execute(f"""
        WITH g AS (SELECT sum(amount_eur) AS gross FROM cost_lines),
        revenue AS (SELECT coalesce(sum(revenue_eur), 0) AS r FROM clean_secondments
                    WHERE activity_id IN (SELECT activity_id FROM clean_activities)),
        body(ord, label, total) AS (
            SELECT 0, {_q(SYSTEM_LABELS["BVS"])}, coalesce(sum(amount_eur) FILTER (
                category = 'contract' AND system = 'BVS'), 0) FROM cost_lines
            UNION ALL SELECT 1, {_q(SYSTEM_LABELS["M2000"])}, coalesce(sum(amount_eur) FILTER (
                category = 'contract' AND system = 'M2000'), 0) FROM cost_lines
            UNION ALL SELECT 2, 'Loonkostensubsidies 2004 en 2005', coalesce(sum(amount_eur)
                FILTER (category = 'wage_subsidy' AND year(day) <= 2005), 0) FROM cost_lines
            UNION ALL SELECT 3, 'Loonkostensubsidies 2006', coalesce(sum(amount_eur)
                FILTER (category = 'wage_subsidy' AND year(day) >= 2006), 0) FROM cost_lines
            UNION ALL SELECT 4, 'Detacheringen', coalesce(sum(amount_eur)
                FILTER (category = 'secondment'), 0) FROM cost_lines
            UNION ALL SELECT 5, 'Brutokosten re-integratie', gross FROM g
            UNION ALL SELECT 6, 'Detacheringsopbrengsten (vergoeding van inlener aan DWI)', r
                FROM revenue
            UNION ALL SELECT 7, 'Nettokosten re-integratie', gross - r FROM g, revenue)
        SELECT label, total / 1e6 AS totale_kosten_eur_mln,
               CASE WHEN ord IN (0, 1, 4, 5) THEN pct(total, gross, 0)
                    WHEN ord = 2 THEN pct(total + (SELECT total FROM body WHERE ord = 3),
                                          gross, 0) END AS aandeel_pct
        FROM body, g ORDER BY ord""").df()
    out["t5_5"] = t

    # Tabel 5.6
    counts = con.execute(
        "SELECT count(*) FILTER (has_benefit), count(*) FILTER (NOT has_benefit)"
        " FROM client_costs WHERE completed"
    ).fetchone()
    out["t5_6"] = con.execute(f"""
        SELECT label, total / 1e6 AS totale_kosten_eur_mln, round_up(mean, 0)
               AS gemiddelde_kosten_eur FROM (
            SELECT 0 AS ord, {_q(_nl(counts[0]) + " cliënten met uitkering")} AS label,
                   sum(cost_eur) FILTER (has_benefit) AS total,
                   avg(cost_eur) FILTER (has_benefit) AS mean FROM client_costs WHERE completed
            UNION ALL
            SELECT 1, {_q(_nl(counts[1]) + " cliënten zonder uitkering")},
                   sum(cost_eur) FILTER (NOT has_benefit), avg(cost_eur) FILTER (NOT has_benefit)
            FROM client_costs WHERE completed
            UNION ALL
            SELECT 2, 'Totaal', sum(cost_eur), avg(cost_eur) FROM client_costs WHERE completed)
        ORDER BY ord""").df()
    out["t5_6"]["totale_kosten_eur_mln"] = out["t5_6"]["totale_kosten_eur_mln"].fillna(0.0)

    # Tabel 5.7
    cohort_rows = ", ".join(
        [f"(0, 'stock', 'Voor {y0}')"]
        + [
            f"({i}, {_q(code)}, {_q('In ' + code)})"
            for i, (code, _) in enumerate(_cohorts(case)[1:], 1)
        ]
    )
    out["t5_7"] = con.execute(f"""
        WITH rows(ord, cohort, label) AS (VALUES {cohort_rows}, (99, NULL, 'Totaal')),
        per AS (
            SELECT cohort, count(*) AS instroom_n, count(*) FILTER (completed) AS done_n,
                   sum(cost_eur) FILTER (completed) AS cost,
                   avg(cost_eur) FILTER (completed) AS mean
            FROM client_costs WHERE has_benefit GROUP BY ROLLUP (cohort))
        SELECT r.label, coalesce(instroom_n, 0) AS instroom_n,
               coalesce(done_n, 0) AS clienten_afgerond_n,
               coalesce(cost, 0) / 1e6 AS re_integratiekosten_eur_mln,
               round_up(mean, 0) AS gemiddelde_re_integratiekosten_eur
        FROM rows r LEFT JOIN per p ON p.cohort IS NOT DISTINCT FROM r.cohort
        ORDER BY r.ord""").df()

    # Tabel 5.8
    out["t5_8"] = con.execute("""
        WITH done AS (SELECT * FROM client_costs WHERE completed),
        parts(ord, label, n, total, mean) AS (
            SELECT 0, 'Uitkering beëindigd en uitgestroomd naar arbeid', count(*),
                   sum(cost_eur), avg(cost_eur) FROM done WHERE has_benefit AND end_status = 'work'
            UNION ALL SELECT 1, 'Uitkering beëindigd om door andere oorzaken', count(*),
                   sum(cost_eur), avg(cost_eur) FROM done WHERE has_benefit AND end_status = 'other'
            UNION ALL SELECT 2, 'Uitkering niet beëindigd', count(*), sum(cost_eur),
                   avg(cost_eur) FROM done WHERE has_benefit AND end_status = 'on_benefit'
            UNION ALL SELECT 3, 'Subtotaal cliënten met een uitkering', count(*), sum(cost_eur),
                   NULL FROM done WHERE has_benefit
            UNION ALL SELECT 4, 'Cliënten zonder uitkering', count(*), sum(cost_eur),
                   avg(cost_eur) FROM done WHERE NOT has_benefit
            UNION ALL SELECT 5, 'Totaal cliënten', count(*), sum(cost_eur), NULL FROM done)
        SELECT label, n AS aantal_n, coalesce(total, 0) / 1e6 AS totale_kosten_eur_mln,
               round_up(mean, 0) AS gemiddelde_kosten_eur
        FROM parts ORDER BY ord""").df()

    # Tabel 5.9
    bucket, labels = _bucket_sql(case.edges)
    rows = ", ".join(f"({i}, {_q(label)})" for i, label in enumerate(labels))
    out["t5_9"] = con.execute(f"""
        WITH spent AS (SELECT contract_id, sum(amount_eur) AS cost FROM cost_lines
                       WHERE category = 'contract' GROUP BY contract_id),
        paid AS (SELECT o.*, coalesce(s.cost, 0.0) AS cost, {bucket} AS bucket
                 FROM contract_outcomes o LEFT JOIN spent s USING (contract_id)
                 WHERE o.participants_n > 0),
        labels(ord, label) AS (VALUES {rows}),
        body AS (
            SELECT l.ord, l.label, count(p.contract_id) AS n,
                   coalesce(sum(p.participants_n), 0) AS clients,
                   coalesce(sum(p.work_n), 0) AS exits, coalesce(sum(p.cost), 0) AS cost
            FROM labels l LEFT JOIN paid p ON p.bucket = l.label GROUP BY l.ord, l.label
            UNION ALL
            SELECT 99, 'Totaal', count(*), sum(participants_n), sum(work_n), sum(cost) FROM paid)
        SELECT label, n AS aantal_contracten_n, clients AS clienten_op_contracten_n,
               exits AS clienten_uitgestroomd_werk_n, cost / 1e6 AS totale_kosten_eur_mln,
               CASE WHEN exits > 0 THEN round_up(cost / exits, 0) END
                   AS gemiddelde_kosten_per_uitgestroomde_client_eur
        FROM body ORDER BY ord""").df()
    return out


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- the run ------------------------------------------------------------------------------------


def run(registry: Path, case_yml: Path, codes_yml: Path | None, key: bytes) -> Reference:
    """Load, intake, outflow and costs on one in-process DuckDB connection, timed per phase."""
    case = Case.read(Path(case_yml))
    codes = {}
    if codes_yml is not None and Path(codes_yml).is_file():
        codes = yaml.safe_load(Path(codes_yml).read_text(encoding="utf-8")) or {}
        codes = {
            t: {c: {str(k): str(v) for k, v in m.items()} for c, m in cols.items()}
            for t, cols in codes.items()
        }
    con = duckdb.connect()
    seconds: dict[str, float] = {}
    tables: dict[str, pd.DataFrame] = {}
    try:
        t0 = time.perf_counter()
        present = load(con, Path(registry), case, codes)
        seconds["load"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        funnel = intake(con, case, present, key)
        seconds["intake"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        tables.update(outflow(con, case, present))
        seconds["outflow"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        tables.update(costs(con, case, present))
        seconds["costs"] = time.perf_counter() - t0
    finally:
        con.close()
    return Reference(seconds, funnel, tables)


# --- comparison with the pandas pipeline's CSVs -------------------------------------------------


def _same(a, b) -> bool:
    na, nb = _missing(a), _missing(b)
    if na or nb:
        return na and nb
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def _missing(v) -> bool:
    if v is None or v is pd.NA:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def compare_frame(
    mine: pd.DataFrame, theirs: pd.DataFrame, keys: list[str]
) -> tuple[int, list[str]]:
    """Cells equal, and the differences (row key, column, mine, theirs)."""
    theirs = theirs.drop(columns=[c for c in ("row_id",) if c in theirs.columns])
    equal, diffs = 0, []
    mine_rows = {tuple(r[k] for k in keys): r for _, r in mine.iterrows()}
    their_rows = {tuple(r[k] for k in keys): r for _, r in theirs.iterrows()}
    columns = [c for c in dict.fromkeys([*theirs.columns, *mine.columns]) if c not in keys]
    common = [k for k in their_rows if k in mine_rows]
    if common != [k for k in mine_rows if k in their_rows]:
        diffs.append(f"rows in another order: pandas {common}")
    for row in dict.fromkeys([*their_rows, *mine_rows]):
        if row not in mine_rows or row not in their_rows:
            diffs.append(f"row {row}: only in {'pandas' if row in their_rows else 'duckdb'}")
            continue
        for col in columns:
            a = mine_rows[row].get(col, "<no column>")
            b = their_rows[row].get(col, "<no column>")
            if _same(a, b):
                equal += 1
            else:
                diffs.append(f"row {row}, {col}: duckdb {a!r}, pandas {b!r}")
    return equal, diffs


def compare(ref: Reference, processed: Path) -> int:
    """Print cells equal/different per table; return the number of differing cells."""
    total_diff = 0
    items = [("funnel", ref.funnel, processed / "funnel.csv", ["rule", "table"])]
    items += [(t, f, processed / "tables" / f"{t}.csv", ["label"]) for t, f in ref.tables.items()]
    for name, frame, file, keys in items:
        if not file.is_file():
            print(f"  {name:7s} no pandas file {file}")
            continue
        theirs = pd.read_csv(file)
        mine = frame.copy()
        if name == "funnel":
            theirs = theirs.drop(columns=["description"])
            mine = mine.drop(columns=["description"])
        equal, diffs = compare_frame(mine, theirs, keys)
        total_diff += len(diffs)
        print(f"  {name:7s} {equal:4d} equal, {len(diffs):3d} different")
        for d in diffs:
            print(f"           {d}")
    return total_diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registry", type=Path, required=True, help="folder of parquet files")
    parser.add_argument("--case", type=Path, required=True, help="data/raw/<case>")
    parser.add_argument("--compare", type=Path, help="data/processed/<case> of the pandas run")
    parser.add_argument(
        "--key",
        default=None,
        help="pseudonym key (default: ANALYSIS_PSEUDONYM_KEY, else the published demo key)",
    )
    args = parser.parse_args(argv)
    key = args.key or os.environ.get("ANALYSIS_PSEUDONYM_KEY") or "demo-sleutel-niet-geheim"
    codes = args.case / "codes.yml"
    ref = run(
        args.registry, args.case / "case.yml", codes if codes.is_file() else None, key.encode()
    )
    print(
        "phase seconds: "
        + ", ".join(f"{k} {v:.3f}" for k, v in ref.seconds.items())
        + f", total {sum(ref.seconds.values()):.3f}"
    )
    print(f"pseudonym: {ref.pseudonym}")
    if args.compare:
        print(f"comparison with {args.compare}:")
        return 1 if compare(ref, args.compare) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
