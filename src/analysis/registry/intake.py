"""Intake of a registry extract: selection, cleaning and pseudonymisation (appendix 3, §4.3.2).

The rules of ``docs/registry.md`` as named functions, applied in order. Each rule takes the
tables and the period and returns the tables it keeps; :func:`run_intake` counts, per rule and
table, how many records went (the funnel). Afterwards the BSN is replaced by a keyed hash and
names are dropped, so no direct identifier leaves this step.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.frames import duplicated, is_in
from analysis.registry.aow import load_aow_ages, past_aow_age
from analysis.registry.keys import Pseudonyms, valid_bsn, valid_numbers
from analysis.registry.keys import pseudonymise as pseudonymise  # the intake's own name for it
from analysis.registry.model import Registry, RegistryError
from analysis.registry.spells import DATES, counted_spells, overlapping

KEY_VARIABLE = "ANALYSIS_PSEUDONYM_KEY"
DEMO_KEY = "demo-sleutel-niet-geheim"
"""The published default key: fine for the synthetic demo registry, never for real data."""
MIN_KEY_LENGTH = 16
"""Shortest key accepted for real data: a short key can be guessed together with the BSN."""


_NEW_KEY = "import secrets; print(secrets.token_urlsafe(32))"


class PseudonymKeyError(RegistryError):
    """Real data without a secret key: the intake refuses to run."""


Tables = dict[str, pd.DataFrame]
PERSON_TABLES = (
    "clients",
    "benefit_spells",
    "exemptions",
    "ladder",
    "activities",
    "payments",
    "secondments",
    "employment",
    "unemployment_benefits",
    "wage_subsidies",
    "provisions",
    "target_register",
)


@dataclass(frozen=True)
class Period:
    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def of(cls, start: dt.date | str, end: dt.date | str) -> Period:
        return cls(pd.Timestamp(start), pd.Timestamp(end))

    @property
    def reference(self) -> pd.Timestamp:
        """The day after the period ("situatie per 1 juli 2006")."""
        return self.end + pd.Timedelta(days=1)


PERSON = "_person"
"""The column the intake adds to every person table: one integer per distinct BSN (-1: none),
so that the rules select persons by integer rather than by hashing text — at a million persons
the difference between seconds and a minute. Dropped before anything is written."""


BSN_STATE = "_bsn_state"
"""The column beside :data:`PERSON`: whether the record's BSN is missing, fails the 11-proef or
is valid, found once per distinct number (the first two rules read it)."""
MISSING, INVALID, VALID = 0, 1, 2


def _persons(frame: pd.DataFrame) -> pd.Series:
    """Who each record is about: the intake's person number, or the BSN in tables without it
    (a rule called on its own)."""
    return frame[PERSON] if PERSON in frame.columns else frame["bsn"]


def _member(frame: pd.DataFrame, persons: pd.Series | pd.Index) -> pd.Series:
    """Whether each record of ``frame`` is about one of ``persons`` (as :func:`_persons`)."""
    if PERSON not in frame.columns:
        return is_in(frame["bsn"], persons)
    numbers = frame[PERSON].to_numpy()
    chosen = np.asarray(persons, dtype=np.int64)
    # a lookup table over the person numbers, shifted by one so that -1 (no BSN) is never in
    table = np.zeros(max(numbers.max(initial=-1), chosen.max(initial=-1)) + 2, dtype=bool)
    table[chosen + 1] = True
    return pd.Series(table[numbers + 1], index=frame.index)


def _drop_persons(tables: Tables, persons: pd.Series | pd.Index) -> Tables:
    out = dict(tables)
    for name in _present(tables):
        frame = tables[name]
        out[name] = frame[~_member(frame, persons)]
    return out


def age_on(birth: pd.Series, day: pd.Timestamp | pd.Series) -> pd.Series:
    """Age in whole years on ``day`` (a date, or one date per person)."""
    if isinstance(day, pd.Series):
        month, dom, year = day.dt.month, day.dt.day, day.dt.year
    else:
        month, dom, year = day.month, day.day, day.year
    before_birthday = (birth.dt.month > month) | ((birth.dt.month == month) & (birth.dt.day > dom))
    return year - birth.dt.year - before_birthday.astype(int)


# --- the rules, in order ---------------------------------------------------------------------


def _present(tables: Tables) -> list[str]:
    """The person tables this extract has (optional ones may be absent in hand-built data)."""
    return [name for name in PERSON_TABLES if name in tables]


def drop_missing_bsn(tables: Tables, period: Period) -> Tables:
    """Records without a BSN cannot be linked and are left out."""
    out = dict(tables)
    for name in _present(tables):
        frame = tables[name]
        if BSN_STATE in frame.columns:
            out[name] = frame[frame[BSN_STATE] != MISSING]
        else:
            out[name] = frame[frame["bsn"].notna() & (frame["bsn"].astype(str).str.strip() != "")]
    return out


def drop_invalid_bsn(tables: Tables, period: Period) -> Tables:
    """Records whose BSN fails the 11-proef."""
    out = dict(tables)
    for name in _present(tables):
        frame = tables[name]
        if BSN_STATE in frame.columns:
            out[name] = frame[frame[BSN_STATE] == VALID]
        else:
            out[name] = frame[valid_bsn(frame["bsn"])]
    return out


def drop_past_age_limit(tables: Tables, period: Period, age_limit: int | str = 65) -> Tables:
    """Persons past the age limit on the period start leave the target group: a fixed age (the
    2006 audit: 65 or older) or ``aow``, the statutory AOW age by date of birth."""
    clients = tables["clients"]
    if age_limit == "aow":
        past = past_aow_age(clients["birth_date"], period.start, load_aow_ages())
    else:
        past = age_on(clients["birth_date"], period.start) >= int(age_limit)
    return _drop_persons(tables, _persons(clients)[past])


def drop_aged_65_plus(tables: Tables, period: Period) -> Tables:
    """Persons aged 65 or older on the period start are exempt from re-integration (2006)."""
    return drop_past_age_limit(tables, period, 65)


def age_rule(age_limit: int | str) -> tuple[str, str, Callable[[Tables, Period], Tables]]:
    """The age rule of the intake for a case's ``intake.age_limit``."""
    if age_limit == "aow":
        return (
            "drop_past_aow_age",
            "AOW-leeftijd bereikt bij de start van de periode",
            lambda tables, period: drop_past_age_limit(tables, period, "aow"),
        )
    if int(age_limit) == 65:
        return (
            "drop_aged_65_plus",
            "65 jaar of ouder bij de start van de periode",
            drop_aged_65_plus,
        )
    return (
        f"drop_aged_{int(age_limit)}_plus",
        f"{int(age_limit)} jaar of ouder bij de start van de periode",
        lambda tables, period: drop_past_age_limit(tables, period, int(age_limit)),
    )


def drop_active_passive_duplicates(tables: Tables, period: Period) -> Tables:
    """Persons registered both as active and as passive partner: both records go."""
    clients = tables["clients"]
    roles = clients["household_role"].groupby(_persons(clients)).nunique()
    return _drop_persons(tables, roles[roles > 1].index)


def drop_special_assistance_only(tables: Tables, period: Period) -> Tables:
    """Persons whose every benefit spell is special assistance only are not in the target group
    ("Cliënten met alleen bijzondere bijstand", appendix 3): all their records go."""
    spells = tables["benefit_spells"]
    special = spells["scheme"].eq("special_assistance_only").groupby(_persons(spells)).all()
    return _drop_persons(tables, special[special].index)


def drop_id_wiw_jobs(tables: Tables, period: Period) -> Tables:
    """Persons with a subsidised ID or WIW job in the period ("cliënten met een ID- of
    WIW-baan", appendix 3), where the extract records one as a provision: all their records
    go. An extract without provisions drops nobody here."""
    provisions = tables.get("provisions")
    if provisions is None or provisions.empty:
        return dict(tables)
    jobs = provisions[provisions["instrument"] == "id_wiw_job"]
    jobs = overlapping(jobs, period.start, period.end, DATES)
    return _drop_persons(tables, _persons(jobs))


def _filter_activities(tables: Tables, keep: pd.Series) -> Tables:
    out = dict(tables)
    out["activities"] = tables["activities"][keep]
    return out


def drop_activities_rung_1_2(tables: Tables, period: Period) -> Tables:
    """Activities in rungs 1 (care) and 2 (social participation) are not re-integration to work."""
    return _filter_activities(tables, tables["activities"]["rung"] >= 3)


LOWER_RUNGS = ("drop", "keep_completed_of_selected")
"""Readings of the audit for rung 1–2 activities (it contradicts itself, docs/registry.md):
``drop`` — §4.3.2 and appendix 3's list: no activity in rungs 1 and 2;
``keep_completed_of_selected`` — appendix 3's cost selection: a *selected* client (on rung 3–5
of the ladder, or with a rung 3–5 activity) keeps the lower-rung activities completed with a
result meeting the norm."""


def keep_completed_lower_rungs_of_selected(tables: Tables, period: Period) -> Tables:
    """Rung 1–2 activities go, except those completed and meeting the norm of a selected client
    (appendix 3: "Heeft een geselecteerde cliënt echter wel een van deze andere activiteiten
    positief afgerond … dan zijn deze wel geselecteerd")."""
    acts = tables["activities"]
    ladder = tables.get("ladder")
    selected = [_persons(acts)[acts["rung"] >= 3]]
    if ladder is not None:
        selected.append(_persons(ladder)[ladder["rung"] >= 3])
    positive = acts["completed"].astype(bool) & acts["meets_norm"].astype(bool)
    keep = (acts["rung"] >= 3) | (_member(acts, pd.concat(selected)) & positive)
    return _filter_activities(tables, keep)


def lower_rung_rule(reading: str) -> tuple[str, str, Callable[[Tables, Period], Tables]]:
    """The rung 1–2 rule of the intake for a case's ``intake.lower_rungs``."""
    if reading == "keep_completed_of_selected":
        return (
            "keep_completed_lower_rungs_of_selected",
            "activiteiten in trede 1 of 2, behalve positief afgeronde van geselecteerde cliënten",
            keep_completed_lower_rungs_of_selected,
        )
    return ("drop_activities_rung_1_2", "activiteiten in trede 1 of 2", drop_activities_rung_1_2)


def drop_activities_started_before_period(tables: Tables, period: Period) -> Tables:
    """Activities started before the period start."""
    return _filter_activities(tables, tables["activities"]["start_date"] >= period.start)


def drop_activities_not_completed(tables: Tables, period: Period) -> Tables:
    """Activities not completed in the period (still running or broken off)."""
    acts = tables["activities"]
    keep = acts["completed"] & acts["end_date"].notna() & (acts["end_date"] <= period.end)
    return _filter_activities(tables, keep)


def drop_activities_not_meeting_norm(tables: Tables, period: Period) -> Tables:
    """Activities whose result did not meet the contract norm (and were therefore not paid)."""
    return _filter_activities(tables, tables["activities"]["meets_norm"])


def drop_activities_not_approved(tables: Tables, period: Period) -> Tables:
    """Activities the municipality did not approve (niet gefiatteerd)."""
    return _filter_activities(tables, tables["activities"]["approved"])


def drop_contracts_without_payment(tables: Tables, period: Period) -> Tables:
    """Contracts on which nothing was paid, with the activities still on them."""
    paid = tables["payments"]["contract_id"].dropna()
    out = dict(tables)
    contracts = tables["contracts"]
    out["contracts"] = contracts[is_in(contracts["contract_id"], paid)]
    acts = tables["activities"]
    out["activities"] = acts[acts["contract_id"].isna() | is_in(acts["contract_id"], paid)]
    return out


def drop_wage_subsidies_after_period(tables: Tables, period: Period) -> Tables:
    """Wage-subsidy payments dated after the period end."""
    out = dict(tables)
    subsidies = tables["wage_subsidies"]
    out["wage_subsidies"] = subsidies[subsidies["payment_date"] <= period.end]
    return out


RULES: tuple[tuple[str, str, Callable[[Tables, Period], Tables]], ...] = (
    ("drop_missing_bsn", "geen BSN", drop_missing_bsn),
    ("drop_invalid_bsn", "BSN voldoet niet aan de 11-proef", drop_invalid_bsn),
    ("drop_aged_65_plus", "65 jaar of ouder bij de start van de periode", drop_aged_65_plus),
    (
        "drop_active_passive_duplicates",
        "dubbel geregistreerd als actieve en passieve partner",
        drop_active_passive_duplicates,
    ),
    (
        "drop_special_assistance_only",
        "alleen bijzondere bijstand",
        drop_special_assistance_only,
    ),
    ("drop_id_wiw_jobs", "ID- of WIW-baan in de periode", drop_id_wiw_jobs),
    ("drop_activities_rung_1_2", "activiteiten in trede 1 of 2", drop_activities_rung_1_2),
    (
        "drop_activities_started_before_period",
        "activiteiten gestart vóór de periode",
        drop_activities_started_before_period,
    ),
    ("drop_activities_not_completed", "activiteiten niet afgerond", drop_activities_not_completed),
    (
        "drop_activities_not_meeting_norm",
        "activiteiten die niet aan de norm voldeden",
        drop_activities_not_meeting_norm,
    ),
    ("drop_activities_not_approved", "activiteiten niet gefiatteerd", drop_activities_not_approved),
    (
        "drop_contracts_without_payment",
        "contracten zonder betaling",
        drop_contracts_without_payment,
    ),
    (
        "drop_wage_subsidies_after_period",
        "loonkostensubsidies betaald na de periode",
        drop_wage_subsidies_after_period,
    ),
)
"""(name, Dutch description, function) in the order the audit applies them."""

NEEDS: dict[str, str] = {
    "drop_id_wiw_jobs": "provisions",
    "drop_activities_rung_1_2": "activities",
    "drop_activities_started_before_period": "activities",
    "drop_activities_not_completed": "activities",
    "drop_activities_not_meeting_norm": "activities",
    "drop_activities_not_approved": "activities",
    "drop_contracts_without_payment": "contracts",
    "drop_wage_subsidies_after_period": "wage_subsidies",
}
"""The optional table a rule works on: an extract without it has nothing for the rule to do, so
the rule does not apply and is left out of the funnel (a 2026 extract lists no 2006 rules)."""


# --- the file and pseudonymisation --------------------------------------------------------------


OWN_POPULATION = ("target_register",)
"""Person tables not restricted to the persons in the file (BSN rules still apply)."""


def persons_in_file(tables: Tables, period: Period, spells: str = "period") -> pd.Index:
    """The persons (as :func:`_persons`: BSNs in tables without person numbers) with a client
    record and benefit in the period (the spell that counts under the reading ``spells``,
    :mod:`analysis.registry.spells`), a remaining activity, or a provision or a subsidised job in
    the period (support without benefit: a Wsw job, subsidised work)."""
    person = PERSON if PERSON in tables["benefit_spells"].columns else "bsn"
    counted = counted_spells(tables["benefit_spells"], period.start, period.end, spells, person)
    active = [counted[person], _persons(tables["activities"])]
    provisions = tables.get("provisions")
    if provisions is not None:
        active.append(_persons(overlapping(provisions, period.start, period.end, DATES)))
    jobs = tables.get("employment")
    if jobs is not None:
        jobs = jobs[jobs["subsidised"].astype(bool)]
        active.append(_persons(overlapping(jobs, period.start, period.end, DATES)))
    clients = tables["clients"]
    return pd.Index(_persons(clients)[_member(clients, pd.concat(active))].unique())


def minimise(tables: Tables, period: Period) -> Tables:
    """Keep of a person only what the analysis uses: names and client numbers go, and the birth
    date is replaced by the age each spell needs (in whole years on the later of its start and
    the period start, Tabel 4.7) and the birth year."""
    out = dict(tables)
    clients = tables["clients"]
    first = ~duplicated(_persons(clients))
    birth = clients.loc[first, "birth_date"].set_axis(_persons(clients)[first])
    spells = tables["benefit_spells"]
    on = spells["spell_start"].where(spells["spell_start"] > period.start, period.start)
    age = age_on(_persons(spells).map(birth), on).astype("Int64")
    # assign and drop copy no data (copy-on-write), and never change the caller's frames
    out["benefit_spells"] = spells.assign(age_at_start_n=age)
    if "target_register" in tables:
        year = tables["target_register"]["birth_date"].dt.year.astype("Int64")
        register = tables["target_register"].drop(columns=["birth_date"])
        register.insert(register.columns.get_loc("ground"), "birth_year", year)
        out["target_register"] = register
    clients = clients.drop(columns=["name", "client_number"])
    clients.insert(
        clients.columns.get_loc("birth_date"), "birth_year", clients["birth_date"].dt.year
    )
    out["clients"] = clients.drop(columns=["birth_date"])
    return out


def pseudonym_key(synthetic: bool = False) -> tuple[bytes, bool]:
    """The key for the pseudonyms and whether it is the published demo key.

    A synthetic demo registry may use the published demo key. Real data may not: there are only
    about 10^8 valid BSNs, so a pseudonym made with a known key is reversed by trying them all.

    Raises:
        PseudonymKeyError: real data and no key, the demo key, or a key that is too short.
    """
    key = os.environ.get(KEY_VARIABLE, "")
    if synthetic:
        return (key or DEMO_KEY).encode(), not key
    how = (
        f"Set a secret key only the audit office knows before the build, e.g.\n"
        f"    export {KEY_VARIABLE}=\"$(python3 -c '{_NEW_KEY}')\"\n"
        "and keep it with the audit file: the same key gives the same pseudonyms next time."
    )
    if not key:
        problem = f"{KEY_VARIABLE} is not set"
    elif key == DEMO_KEY:
        problem = f"{KEY_VARIABLE} holds the published demo key"
    elif len(key) < MIN_KEY_LENGTH:
        problem = f"{KEY_VARIABLE} is shorter than {MIN_KEY_LENGTH} characters"
    else:
        return key.encode(), False
    raise PseudonymKeyError(
        f"{problem}: the registry of this case is real data (synthetic_registry: false), and its "
        "BSNs would be pseudonymised with a key anyone can use to reverse them. " + how
    )


LEDGER_TABLES = (
    "payments",
    "activities",
    "contracts",
    "benefit_spells",
    "employment",
    "unemployment_benefits",
)
"""Tables the payment audit reads in full (before selection), pseudonymised."""


@dataclass(frozen=True)
class IntakeResult:
    registry: Registry
    funnel: pd.DataFrame
    demo_key: bool
    ledger: Registry | None = None
    """The whole ledger for the payment audit (§5.4): every payment, activity, contract, spell
    and employment record before selection, pseudonymised, plus ``persons`` with whether each
    pseudonym's BSN passes the 11-proef and is known in the client records."""


@dataclass(frozen=True)
class PersonNumbers:
    """Every person table of an extract with the columns :data:`PERSON` and :data:`BSN_STATE`
    added, the distinct BSNs in the order the numbers count them, whether each passes the
    11-proef, and their pseudonyms (each computed once, for every table)."""

    tables: Tables
    distinct: pd.Index
    valid: np.ndarray
    pseudonyms: Pseudonyms

    @classmethod
    def of(cls, raw: Registry, key: bytes) -> PersonNumbers:
        names = [t for t in PERSON_TABLES if t in raw.tables]
        codes, distinct = pd.factorize(pd.concat([raw[t]["bsn"] for t in names]))
        valid = valid_numbers(np.asarray(distinct, dtype=object))
        blank = pd.Series(distinct, dtype=object).astype(str).str.strip().eq("").to_numpy()
        state = np.append(np.where(blank, MISSING, np.where(valid, VALID, INVALID)), MISSING)
        tables, at = dict(raw.tables), 0
        for name in names:
            own = codes[at : at + len(raw[name])]  # -1 (no BSN) takes the state appended last
            tables[name] = raw[name].assign(**{PERSON: own, BSN_STATE: state[own].astype(np.int8)})
            at += len(raw[name])
        return cls(tables, distinct, valid, Pseudonyms(key, distinct))

    def pseudonymised(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with ``client_key`` first instead of ``bsn`` and the person number."""
        out = frame.drop(columns=["bsn", PERSON, BSN_STATE])
        out.insert(0, "client_key", self.pseudonyms.at(frame[PERSON], frame.index))
        return out


def ledger_tables(raw: Registry, key: bytes, numbers: PersonNumbers | None = None) -> Registry:
    """Pseudonymised copies of the tables the payment audit needs, before any selection."""
    numbers = numbers or PersonNumbers.of(raw, key)
    tables: dict[str, pd.DataFrame] = {}
    for name in LEDGER_TABLES:
        if name not in raw.tables:
            continue
        frame = numbers.tables[name]
        if "bsn" in frame.columns:
            frame = numbers.pseudonymised(frame)
        tables[name] = frame.reset_index(drop=True)
    every = np.arange(len(numbers.distinct))
    clients = numbers.tables["clients"][PERSON].to_numpy()
    known = np.zeros(len(every), dtype=bool)
    known[clients[clients >= 0]] = True
    tables["persons"] = pd.DataFrame(
        {
            "client_key": numbers.pseudonyms.at(every),
            "bsn_valid": numbers.valid,
            "known_client": known,
        }
    )
    return Registry(tables)


def run_intake(
    raw: Registry,
    period: Period,
    key: bytes | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    synthetic: bool = False,
    age_limit: int | str = 65,
    lower_rungs: str = "drop",
    spells: str = "period",
    skip: tuple[str, ...] = (),
) -> IntakeResult:
    """Apply every rule in order, keep the persons in the file, pseudonymise.

    Args:
        raw: the validated extract (with BSN).
        period: the audit period.
        key: the pseudonym key; default from ``ANALYSIS_PSEUDONYM_KEY`` (see
            :func:`pseudonym_key`: real data refuses to run without a secret key).
        progress: called with one line per rule (for a progress display).
        synthetic: the extract is a generated demo registry (may use the demo key).
        age_limit: ``intake.age_limit`` of the case: a fixed age or ``aow``
            (:func:`drop_past_age_limit`).
        lower_rungs: ``intake.lower_rungs`` of the case (:data:`LOWER_RUNGS`).
        spells: ``intake.spells``: which spell puts a person in the file
            (:mod:`analysis.registry.spells`); every spell is kept.
        skip: ``intake.skip``: rules that do not apply to the case.

    Returns:
        The cleaned registry (``client_key`` instead of ``bsn``, no names), the funnel
        (``step, rule, description, table, records_in, dropped, records_out``) and whether the
        demo key was used.
    """
    demo = False
    if key is None:
        key, demo = pseudonym_key(synthetic)
    numbers = PersonNumbers.of(raw, key)
    ledger = ledger_tables(raw, key, numbers)
    tables: Tables = numbers.tables
    rows = []
    chosen = {
        "drop_aged_65_plus": age_rule(age_limit),
        "drop_activities_rung_1_2": lower_rung_rule(lower_rungs),
    }
    rules = tuple(
        chosen.get(r[0], r)
        for r in RULES
        if r[0] not in skip and (r[0] not in NEEDS or raw.has(NEEDS[r[0]]))
    )
    for step, (name, description, rule) in enumerate(rules, start=1):
        after = rule(tables, period)
        for table, frame in tables.items():
            dropped = len(frame) - len(after[table])
            if dropped or table in ("clients",):
                rows.append(
                    {
                        "step": step,
                        "rule": name,
                        "description": description,
                        "table": table,
                        "records_in": len(frame),
                        "dropped": dropped,
                        "records_out": len(after[table]),
                    }
                )
        if progress:
            total = sum(len(f) for f in tables.values()) - sum(len(f) for f in after.values())
            progress(f"{step:2d}. {name}: {total} records dropped")
        tables = after

    keep = persons_in_file(tables, period, spells)
    before = {t: len(f) for t, f in tables.items()}
    # the target-group register is a population of its own (reach: who is registered with UWV
    # but not in view of the municipality), so its persons need not be in the file
    tables = {
        t: (f[_member(f, keep)] if "bsn" in f.columns and t not in OWN_POPULATION else f)
        for t, f in tables.items()
    }
    for table, frame in tables.items():
        if before[table] != len(frame) or table == "clients":
            rows.append(
                {
                    "step": len(rules) + 1,
                    "rule": "persons_in_file",
                    "description": "geen uitkering, activiteit of voorziening in de periode",
                    "table": table,
                    "records_in": before[table],
                    "dropped": before[table] - len(frame),
                    "records_out": len(frame),
                }
            )

    tables = minimise(tables, period)
    cleaned = {}
    for table, frame in tables.items():
        if "bsn" in frame.columns:
            frame = numbers.pseudonymised(frame)
        cleaned[table] = frame.reset_index(drop=True)
    return IntakeResult(Registry(cleaned, present=raw.present), pd.DataFrame(rows), demo, ledger)
