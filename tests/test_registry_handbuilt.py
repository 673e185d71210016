"""A hand-built registry whose intake funnel and chapter-4 tables were computed BY HAND.

Every expected number below was worked out on paper from the definitions in
``docs/registry.md`` (not by running the code); the comment next to it says how. Period:
2004-01-01 to 2006-06-30, reference date 2006-07-01.

The persons (BSNs pass the 11-proef of ``stdnum.nl.bsn``; checked once, stated as literals):

    code  BSN        what it exercises
    ----  ---------  ----------------------------------------------------------------------
    X1    (empty)    rule 1: records without a BSN (client, spell, payment)
    X2    123456789  rule 2: BSN fails the 11-proef (client, spell, ladder row)
    X3    111222540  rule 3: born 1939-01-01, exactly 65 on 2004-01-01 (client, spell, exemption)
    X4    111222552  rule 4: active and passive partner (2 clients, spell, activity, payment)
    X5    111222564  spell ended 2003, only activity fails the norm (rule 9) -> not in the file
    S1    111222333  stock, born 1939-01-02 (64: stays), exempt, rung-1 activity (rule 6), rung 1
    S2    111222345  stock, work after 487 days (not within 1y), completed on K1
    S3    111222357  stock (start 2003-12-31), moved after exactly 365 days (within 1y), age 24
                     on the birthday, exemption ended 2003-12-31 (does not count), activities
                     started before 2004 (rule 7) and not marked completed (rule 8)
    S4    111222369  stock, exactly 18 (tot 18 jaar), on benefit, on two contracts (K1, K3), rung 3
    N1    111222370  2004, 19 on the spell start, work after 364 days, on K2 and K5
    N2    111222382  2004 (start 2004-01-01), work after 366 days (not within 1y); activities
                     rung 2 + not approved (counted by rule 6) and not approved (rule 10) -> work
                     without a completed trajectory
    N3    111222394  2004, unknown end reason (= other), exempt (medical) AND completed
    N4    111222400  2004, exactly 57, two exemptions (latest reason counts), activity not
                     meeting the norm (rule 9), activity completed after the period end (rule 8)
    N5    111222412  2004, on benefit, secondment outside contracts (completed), rung 5
    R1    111222424  re-entrant (2003 spell dropped by rule 5), 2005, no ladder row, activity
                     without end date (rule 8), activity on unpaid contract K6 (rule 11)
    R2    111222436  re-entrant whose earlier spell overlaps the period (dropped by rule 5),
                     2005, work after 211 days, wage subsidy outside contracts (one payment
                     after 2006-06-30: rule 12, one on 2006-06-30: kept)
    N6    111222448  2005, partner_income (= other), on K1, ladder row but left benefit
    N7    111222461  2005, exempt (education), completed on K2, rung-2 stage (rule 6), rung 4
    N8    111222473  2005, work on 2006-06-30 (= period end) after 543 days, on K4
    N9    111222485  2006, spell ends 2006-09-30 (after the period: on benefit), two activities
                     on K1 (counts once), exemption starting after the period (does not count)
    N10   111222497  2006, work after 149 days, on K4, age 30
    N11   111222503  2006, detention (= other), on K1
    N12   111222515  2006, spell starts on the last day of the period, no ladder row
    NB1   111222527  no benefit in the period (spell ended 2003), completed activity on K1
    NB2   111222539  no benefit spell at all, completed internship outside contracts
    E1    111222576  only in the variant fixture: spell ends ON the reference date 2006-07-01

Contracts: K1 (5 participants, 1 to work: 20%), K2 (2, 1: 50%, intake closed), K3 (2, 0: 0%),
K4 (2, 2: 100%), K5 (1, 1: 100%), K6 (never paid: dropped by rule 11), K7 (paid, but its
only activity was not approved: no participants).
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.registry.extract import validate
from analysis.registry.intake import Period, run_intake
from analysis.registry.model import SCHEMAS, Registry, RegistryError
from analysis.steps import outflow

PERIOD = Period.of("2004-01-01", "2006-06-30")
KEY = b"test-key"

X1, X2, X3, X4, X5 = None, "123456789", "111222540", "111222552", "111222564"
S1, S2, S3, S4 = "111222333", "111222345", "111222357", "111222369"
N1, N2, N3, N4, N5 = "111222370", "111222382", "111222394", "111222400", "111222412"
R1, R2, N6, N7, N8 = "111222424", "111222436", "111222448", "111222461", "111222473"
N9, N10, N11, N12 = "111222485", "111222497", "111222503", "111222515"
NB1, NB2 = "111222527", "111222539"
E1 = "111222576"

BEGELEIDING = "3. Begeleiding naar werk"
ACTIVERING = "2. Arbeidsactivering"
WERKERVARING = "4. Werkervaringsplaats"

# --- the raw extract ---------------------------------------------------------------------------

CLIENTS = [
    # bsn, client_number, name, birth_date, household_role
    (X1, "C01", "Zonder Nummer", "1970-01-01", "active"),
    (X2, "C02", "Fout Nummer", "1971-02-02", "active"),
    (X3, "C03", "Oud Genoeg", "1939-01-01", "active"),
    (X4, "C04", "Dubbel Actief", "1975-03-03", "active"),
    (X4, "C05", "Dubbel Passief", "1975-03-03", "passive"),
    (X5, "C06", "Buiten Periode", "1965-04-04", "active"),
    (S1, "C07", "Sanne Een", "1939-01-02", "active"),
    (S2, "C08", "Sem Twee", "1970-05-15", "active"),
    (S3, "C09", "Sara Drie", "1980-01-01", "active"),
    (S4, "C10", "Stijn Vier", "1985-06-30", "active"),
    (N1, "C11", "Noor Een", "1985-03-01", "active"),
    (N2, "C12", "Nick Twee", "1975-01-15", "active"),
    (N3, "C13", "Nina Drie", "1966-08-20", "active"),
    (N4, "C14", "Nout Vier", "1947-02-01", "active"),
    (N5, "C15", "Nora Vijf", "1960-09-02", "active"),
    (R1, "C16", "Ruben Een", "1956-04-10", "active"),
    (R2, "C17", "Rosa Twee", "1980-10-01", "active"),
    (N6, "C18", "Nadia Zes", "1978-12-31", "active"),
    (N7, "C19", "Niels Zeven", "1972-07-07", "active"),
    (N8, "C20", "Naomi Acht", "1982-01-04", "active"),
    (N9, "C21", "Noah Negen", "1953-02-02", "active"),
    (N10, "C22", "Nienke Tien", "1975-06-01", "active"),
    (N11, "C23", "Nils Elf", "1984-11-11", "active"),
    (N12, "C24", "Nova Twaalf", "1961-12-25", "active"),
    (NB1, "C25", "Bas Een", "1970-01-01", "active"),
    (NB2, "C26", "Bo Twee", "1983-05-05", "active"),
]

SPELLS = [
    # bsn, spell_start, spell_end, end_reason (scheme pw, no inflow reason: added by _frame)
    (X1, "2004-01-01", None, None),
    (X2, "2004-02-01", None, None),
    (X3, "2000-01-01", None, None),
    (X4, "2004-01-01", None, None),
    (X5, "2002-01-01", "2003-06-30", "work_employee"),
    (S1, "2001-03-01", None, None),
    (S2, "2003-06-01", "2004-09-30", "work_employee"),
    (S3, "2003-12-31", "2004-12-30", "moved"),
    (S4, "2003-07-01", None, None),
    (N1, "2004-03-01", "2005-02-28", "work_employee"),
    (N2, "2004-01-01", "2005-01-01", "work_employee"),
    (N3, "2004-05-01", "2004-10-31", "other_unknown"),
    (N4, "2004-06-01", None, None),
    (N5, "2004-09-01", None, None),
    (R1, "2003-02-01", "2003-10-31", "work_employee"),
    (R1, "2005-03-01", None, None),
    (R2, "2004-02-01", "2004-08-31", "moved"),
    (R2, "2005-09-01", "2006-03-31", "work_employee"),
    (N6, "2005-01-10", "2005-07-31", "household_change"),
    (N7, "2005-11-01", None, None),
    (N8, "2005-01-03", "2006-06-30", "work_employee"),
    (N9, "2006-02-01", "2006-09-30", "work_employee"),
    (N10, "2006-01-02", "2006-05-31", "work_employee"),
    (N11, "2006-03-01", "2006-06-15", "detention"),
    (N12, "2006-06-30", None, None),
    (NB1, "2002-01-01", "2003-09-30", "other_income"),
]

EXEMPTIONS = [
    # bsn, reason, start_date, end_date
    (X3, "born_before_1941_11", "2000-01-01", None),
    (X5, "social", "2002-01-01", "2003-06-30"),
    (S1, "born_before_1941_11", "2001-03-01", None),
    (S3, "child_under_5", "2002-01-01", "2003-12-31"),  # ended before the period
    (N3, "medical", "2004-05-01", "2004-10-31"),
    (N4, "social", "2004-06-01", "2005-05-31"),
    (N4, "distance_to_labour_market", "2005-06-01", None),  # the latest: its reason counts
    (N7, "education", "2005-11-01", "2006-12-31"),
    (N9, "trajectory_obligations", "2006-08-01", None),  # starts after the period
]

LADDER = [
    # bsn, rung, reference_date
    (X2, 3, "2006-07-01"),
    (S1, 1, "2006-07-01"),
    (S4, 3, "2006-07-01"),
    (N4, 2, "2006-07-01"),
    (N5, 5, "2006-07-01"),
    (N6, 4, "2006-07-01"),  # left benefit in 2005: not on benefit on the reference date
    (N7, 4, "2006-07-01"),
    (N9, 3, "2006-07-01"),
]

CONTRACTS = [
    # contract_id, provider, name, category, rung, system, start, end, intake_closed, price, premium
    ("K1", "Alfa", "Werkroute", BEGELEIDING, 4, "M2000", "2003-01-01", None, False, 2500.0, 500.0),
    ("K2", "Beta", "Snel aan de slag", BEGELEIDING, 4, "M2000", "2003-06-01", "2006-12-31", True, 3000.0, 800.0),
    ("K3", "Gamma", "Op weg", ACTIVERING, 3, "BVS", "2003-01-01", None, False, 1500.0, 0.0),
    ("K4", "Delta", "Leerwerkplek", WERKERVARING, 5, "BVS", "2005-01-01", None, False, 2000.0, 400.0),
    ("K5", "Beta", "Plaatsing", BEGELEIDING, 4, "BVS", "2004-06-01", None, False, 1800.0, 900.0),
    ("K6", "Epsilon", "Nooit betaald", ACTIVERING, 3, "M2000", "2004-01-01", None, False, 1200.0, 0.0),
    ("K7", "Zeta", "Niets gefiatteerd", ACTIVERING, 3, "BVS", "2004-01-01", None, True, 1000.0, 0.0),
]  # fmt: skip

ACTIVITIES = [
    # activity_id, bsn, contract_id, kind, rung, start, end, completed, meets_norm, approved
    ("A01", S2, "K1", "traject", 4, "2004-02-01", "2004-08-31", True, True, True),  # kept
    ("A02", S4, "K1", "traject", 4, "2004-03-01", "2004-09-30", True, True, True),  # kept
    ("A03", S4, "K3", "traject", 3, "2005-01-10", "2005-06-30", True, True, True),  # kept
    ("A04", N1, "K2", "traject", 4, "2004-04-01", "2004-10-31", True, True, True),  # kept
    ("A05", N1, "K5", "traject", 4, "2004-11-01", "2005-01-31", True, True, True),  # kept
    ("A06", N2, "K7", "traject", 3, "2004-03-01", "2004-09-30", True, True, False),  # rule 10
    ("A07", N3, "K3", "traject", 3, "2004-06-01", "2004-09-30", True, True, True),  # kept
    ("A08", N5, None, "detachering", 5, "2005-01-01", "2005-12-31", True, True, True),  # kept
    ("A09", R1, "K1", "traject", 4, "2005-04-01", None, False, True, True),  # rule 8
    ("A10", R1, "K6", "traject", 3, "2005-05-01", "2005-09-30", True, True, True),  # rule 11
    ("A11", R2, None, "loonkostensubsidie", 5, "2005-10-01", "2006-03-31", True, True, True),
    ("A12", N6, "K1", "traject", 4, "2005-02-01", "2005-06-30", True, True, True),  # kept
    ("A13", N7, "K2", "traject", 4, "2005-11-15", "2006-05-31", True, True, True),  # kept
    ("A14", N7, None, "stage", 2, "2005-11-15", "2006-01-31", True, True, True),  # rule 6
    ("A15", N8, "K4", "traject", 5, "2005-03-01", "2005-12-31", True, True, True),  # kept
    ("A16", N9, "K1", "traject", 4, "2006-02-15", "2006-04-30", True, True, True),  # kept
    ("A17", N9, "K1", "traject", 4, "2006-05-01", "2006-06-30", True, True, True),  # kept
    ("A18", N10, "K4", "traject", 5, "2006-02-01", "2006-04-30", True, True, True),  # kept
    ("A19", N11, "K1", "traject", 4, "2006-03-15", "2006-06-10", True, True, True),  # kept
    ("A20", NB1, "K1", "traject", 4, "2004-04-01", "2004-12-31", True, True, True),  # kept
    ("A21", NB2, None, "stage", 3, "2005-02-01", "2005-05-31", True, True, True),  # kept
    ("A22", S1, None, "traject", 1, "2004-05-01", "2004-08-31", True, True, True),  # rule 6
    ("A23", S3, "K3", "traject", 3, "2003-11-01", "2004-03-31", True, True, True),  # rule 7
    ("A24", S3, "K1", "traject", 4, "2004-02-01", "2004-07-31", False, True, True),  # rule 8
    ("A25", N4, "K3", "traject", 3, "2004-07-01", "2004-12-31", True, False, True),  # rule 9
    ("A26", X5, "K3", "traject", 3, "2004-02-01", "2004-05-31", True, False, True),  # rule 9
    ("A27", N2, None, "stage", 2, "2004-05-01", "2004-06-30", True, True, False),  # rule 6 first
    ("A28", X4, "K1", "traject", 4, "2004-03-01", "2004-06-30", True, True, True),  # rule 4
    # marked completed, but the end date lies after the period: the code drops it in rule 8
    # (the spec's rule 8 only names "no end date, or not marked completed"; see the report)
    ("A29", N4, None, "stage", 3, "2006-04-01", "2006-08-31", True, True, True),
]  # fmt: skip

PAYMENTS = [
    # payment_id, bsn, contract_id, activity_id, provider, kind, amount_eur, payment_date
    ("P01", S2, "K1", None, "Alfa", "fee", 1500.0, "2004-09-15"),
    ("P02", S4, "K3", None, "Gamma", "fee", 800.0, "2005-07-15"),
    ("P03", N1, "K2", None, "Beta", "fee", 1200.0, "2004-11-15"),
    ("P04", N1, "K2", None, "Beta", "outflow_premium", 500.0, "2005-03-01"),
    ("P05", N1, "K5", None, "Beta", "outflow_premium", 900.0, "2005-02-15"),
    ("P06", N2, "K7", None, "Zeta", "fee", 700.0, "2004-10-15"),
    ("P07", N8, "K4", None, "Delta", "fee", 1000.0, "2006-01-15"),
    ("P08", NB2, None, None, "Stageburo", "internship_fee", 300.0, "2005-06-15"),
    ("P09", X1, "K1", None, "Alfa", "fee", 400.0, "2005-01-01"),  # rule 1
    ("P10", X4, "K1", None, "Alfa", "fee", 400.0, "2004-07-15"),  # rule 4
    ("P11", X5, "K3", None, "Gamma", "fee", 200.0, "2004-06-15"),  # X5 not in the file
]

SECONDMENTS = [
    # activity_id, bsn, start_date, end_date, wage_cost_eur, revenue_eur
    ("A08", N5, "2005-01-01", "2005-12-31", 20000.0, 15000.0),
]

WAGE_SUBSIDIES = [
    # payment_id, bsn, activity_id, year, amount_eur, payment_date
    ("W1", R2, "A11", 2005, 2000.0, "2005-12-15"),
    ("W2", R2, "A11", 2006, 1500.0, "2006-07-15"),  # after the period: rule 12
    ("W3", R2, "A11", 2006, 1500.0, "2006-06-30"),  # on the period end: kept
]

ROWS = {
    "clients": CLIENTS,
    "benefit_spells": SPELLS,
    "exemptions": EXEMPTIONS,
    "ladder": LADDER,
    "contracts": CONTRACTS,
    "activities": ACTIVITIES,
    "payments": PAYMENTS,
    "secondments": SECONDMENTS,
    "wage_subsidies": WAGE_SUBSIDIES,
}


def _frame(table: str, rows) -> pd.DataFrame:
    if table == "benefit_spells":  # a 2006 extract: every spell under the WWB (scheme pw)
        frame = pd.DataFrame(list(rows), columns=["bsn", "spell_start", "spell_end", "end_reason"])
        frame = frame.assign(scheme="pw", inflow_reason=None)
        return frame[list(SCHEMAS[table].columns)]
    return pd.DataFrame(list(rows), columns=list(SCHEMAS[table].columns))


def build_raw(extra: dict[str, list] | None = None) -> Registry:
    extra = extra or {}
    tables = {}
    for table, rows in ROWS.items():
        tables[table] = validate(table, _frame(table, [*rows, *extra.get(table, [])]))
    return Registry(tables)


def key_of(bsn: str) -> str:
    """The pseudonym, computed independently: first 16 hex digits of HMAC-SHA256(key, BSN)."""
    return hmac.new(KEY, bsn.encode(), hashlib.sha256).hexdigest()[:16]


SPELL_READING = "latest"  # the 2006 audit's reading (intake.spells of amsterdam_2006)


@pytest.fixture(scope="module")
def result():
    return run_intake(build_raw(), PERIOD, key=KEY, spells=SPELL_READING)


@pytest.fixture(scope="module")
def status(result):
    return outflow.client_status(result.registry, PERIOD, SPELL_READING)


@pytest.fixture(scope="module")
def outcomes(result, status):
    return outflow.contract_outcomes(result.registry, status)


# --- 1. the funnel and the pseudonymisation ------------------------------------------------------


def test_every_raw_table_validates_with_the_schema_columns():
    raw = build_raw()
    # 26 client rows (X4 twice), 26 spells (R1, R2 twice), 9 exemptions, 8 ladder rows,
    # 7 contracts, 29 activities, 11 payments, 1 secondment, 3 wage-subsidy payments
    assert raw.counts() == {
        "clients": 26, "benefit_spells": 26, "exemptions": 9, "ladder": 8, "contracts": 7,
        "activities": 29, "payments": 11, "secondments": 1, "wage_subsidies": 3,
    }  # fmt: skip
    for table, frame in raw.tables.items():
        assert list(frame.columns) == list(SCHEMAS[table].columns)


FUNNEL = [
    # step, rule, table, records_in, dropped, records_out (a clients row for every step; other
    # tables only where something was dropped; tables in the order of the extract)
    (1, "drop_missing_bsn", "clients", 26, 1, 25),  # X1
    (1, "drop_missing_bsn", "benefit_spells", 26, 1, 25),  # X1
    (1, "drop_missing_bsn", "payments", 11, 1, 10),  # P09
    (2, "drop_invalid_bsn", "clients", 25, 1, 24),  # X2
    (2, "drop_invalid_bsn", "benefit_spells", 25, 1, 24),  # X2
    (2, "drop_invalid_bsn", "ladder", 8, 1, 7),  # X2
    (3, "drop_aged_65_plus", "clients", 24, 1, 23),  # X3 (65 on 2004-01-01); S1 (64) stays
    (3, "drop_aged_65_plus", "benefit_spells", 24, 1, 23),  # X3
    (3, "drop_aged_65_plus", "exemptions", 9, 1, 8),  # X3
    (4, "drop_active_passive_duplicates", "clients", 23, 2, 21),  # X4, both registrations
    (4, "drop_active_passive_duplicates", "benefit_spells", 23, 1, 22),  # X4
    (4, "drop_active_passive_duplicates", "activities", 29, 1, 28),  # A28
    (4, "drop_active_passive_duplicates", "payments", 10, 1, 9),  # P10
    (5, "drop_special_assistance_only", "clients", 21, 0, 21),  # every spell is pw here
    # drop_id_wiw_jobs does not apply: a 2006 extract has no provisions table
    (6, "drop_activities_rung_1_2", "clients", 21, 0, 21),
    (6, "drop_activities_rung_1_2", "activities", 28, 3, 25),  # A14, A22, A27
    (7, "drop_activities_started_before_period", "clients", 21, 0, 21),
    (7, "drop_activities_started_before_period", "activities", 25, 1, 24),  # A23
    (8, "drop_activities_not_completed", "clients", 21, 0, 21),
    (8, "drop_activities_not_completed", "activities", 24, 3, 21),  # A09, A24, A29
    (9, "drop_activities_not_meeting_norm", "clients", 21, 0, 21),
    (9, "drop_activities_not_meeting_norm", "activities", 21, 2, 19),  # A25, A26
    (10, "drop_activities_not_approved", "clients", 21, 0, 21),
    (10, "drop_activities_not_approved", "activities", 19, 1, 18),  # A06
    (11, "drop_contracts_without_payment", "clients", 21, 0, 21),
    (11, "drop_contracts_without_payment", "contracts", 7, 1, 6),  # K6
    (11, "drop_contracts_without_payment", "activities", 18, 1, 17),  # A10 (on K6)
    (12, "drop_wage_subsidies_after_period", "clients", 21, 0, 21),
    (12, "drop_wage_subsidies_after_period", "wage_subsidies", 3, 1, 2),  # W2
    (13, "persons_in_file", "clients", 21, 1, 20),  # X5: spell ended 2003, no activity left
    (13, "persons_in_file", "benefit_spells", 22, 1, 21),  # X5 (every spell is kept)
    (13, "persons_in_file", "exemptions", 8, 1, 7),  # X5
    (13, "persons_in_file", "payments", 9, 1, 8),  # P11 (X5)
]


def test_funnel_counts_every_rule_per_table(result):
    funnel = result.funnel
    assert list(funnel.columns) == [
        "step", "rule", "description", "table", "records_in", "dropped", "records_out",
    ]  # fmt: skip
    got = [
        (int(r.step), r.rule, r.table, int(r.records_in), int(r.dropped), int(r.records_out))
        for r in funnel.itertuples()
    ]
    assert got == FUNNEL
    assert funnel["description"].str.len().gt(0).all()


def test_cleaned_registry_counts(result):
    # what FUNNEL leaves: 20 persons in the file (18 with benefit, NB1, NB2), 21 spells (18
    # latest ones overlapping + NB1's 2003 spell + the earlier spells of R1 and R2), exemptions S1 S3 N3 N4 N4 N7 N9, ladder without X2,
    # contracts without K6, 17 activities (A01-A05 A07 A08 A11-A13 A15-A21), payments
    # P01-P08, the secondment, W1 and W3
    assert result.registry.counts() == {
        "clients": 20, "benefit_spells": 21, "exemptions": 7, "ladder": 7, "contracts": 6,
        "activities": 17, "payments": 8, "secondments": 1, "wage_subsidies": 2,
    }  # fmt: skip
    acts = result.registry["activities"]
    assert sorted(acts["activity_id"]) == [
        "A01", "A02", "A03", "A04", "A05", "A07", "A08", "A11", "A12", "A13",
        "A15", "A16", "A17", "A18", "A19", "A20", "A21",
    ]  # fmt: skip
    contract_ids = sorted(result.registry["contracts"]["contract_id"])
    assert contract_ids == ["K1", "K2", "K3", "K4", "K5", "K7"]
    assert sorted(result.registry["wage_subsidies"]["payment_id"]) == ["W1", "W3"]
    # re-entrants keep every spell; the tables read the latest (intake.spells: latest)
    spells = result.registry["benefit_spells"]
    for bsn, starts in ((R1, ["2003-02-01", "2005-03-01"]), (R2, ["2004-02-01", "2005-09-01"])):
        own = spells[spells["client_key"] == key_of(bsn)]
        assert sorted(own["spell_start"]) == [pd.Timestamp(d) for d in starts]


def test_cleaned_tables_hold_no_direct_identifiers(result):
    for table, frame in result.registry.tables.items():
        assert "bsn" not in frame.columns, table
        if table != "contracts":  # contracts.name is the name of the contract, not a person
            assert "name" not in frame.columns, table
    assert "client_number" not in result.registry["clients"].columns
    assert not result.demo_key


def test_client_key_is_the_hmac_of_the_bsn(result):
    # S2 = 111222345: HMAC-SHA256 under b"test-key", first 16 hex digits
    expected = hmac.new(b"test-key", b"111222345", hashlib.sha256).hexdigest()[:16]
    assert len(expected) == 16
    clients = result.registry["clients"]
    assert expected in set(clients["client_key"])
    spells = result.registry["benefit_spells"]
    row = spells[spells["client_key"] == expected]
    assert list(row["spell_start"]) == [pd.Timestamp("2003-06-01")]  # S2's spell
    # every remaining client is one of the 20 persons in the file, by the same HMAC
    in_file = [S1, S2, S3, S4, N1, N2, N3, N4, N5, R1, R2, N6, N7, N8, N9, N10, N11, N12, NB1, NB2]
    assert sorted(clients["client_key"]) == sorted(key_of(b) for b in in_file)


# --- 2. client_status ----------------------------------------------------------------------------

# bsn: cohort, end_status, exit_within_1y, age, age_group, exempt, exemption_reason, completed,
#      work_after_trajectory
# durations: S2 2003-06-01..2004-09-30 = 366 + 121 = 487; S3 2003-12-31..2004-12-30 = 365;
# N1 2004-03-01..2005-02-28 = 364; N2 2004-01-01..2005-01-01 = 366 (leap year);
# N3 2004-05-01..10-31 = 183; R2 2005-09-01..2006-03-31 = 211; N6 2005-01-10..07-31 = 202;
# N8 2005-01-03..2006-06-30 = 365 + 178 = 543; N10 2006-01-02..05-31 = 149;
# N11 2006-03-01..06-15 = 106.  Age on max(spell_start, 2004-01-01).
STATUS = {
    S1: ("stock", "on_benefit", False, 64, "57 jaar en ouder", True, "born_before_1941_11", False, False),
    S2: ("stock", "work", False, 33, "31 t/m 35 jaar", False, None, True, True),
    S3: ("stock", "other", True, 24, "24 t/m 27 jaar", False, None, False, False),
    S4: ("stock", "on_benefit", False, 18, "tot 18 jaar", False, None, True, False),
    N1: ("2004", "work", True, 19, "19 t/m 23 jaar", False, None, True, True),
    N2: ("2004", "work", False, 28, "28 t/m 30 jaar", False, None, False, False),
    N3: ("2004", "other", True, 37, "36 t/m 40 jaar", True, "medical", True, False),
    N4: ("2004", "on_benefit", False, 57, "57 jaar en ouder", True, "distance_to_labour_market", False, False),
    N5: ("2004", "on_benefit", False, 43, "41 t/m 45 jaar", False, None, True, False),
    R1: ("2005", "on_benefit", False, 48, "46 t/m 50 jaar", False, None, False, False),
    R2: ("2005", "work", True, 24, "24 t/m 27 jaar", False, None, True, True),
    N6: ("2005", "other", True, 26, "24 t/m 27 jaar", False, None, True, False),
    N7: ("2005", "on_benefit", False, 33, "31 t/m 35 jaar", True, "education", True, False),
    N8: ("2005", "work", False, 22, "19 t/m 23 jaar", False, None, True, True),
    N9: ("2006", "on_benefit", False, 52, "51 t/m 56 jaar", False, None, True, False),
    N10: ("2006", "work", True, 30, "28 t/m 30 jaar", False, None, True, True),
    N11: ("2006", "other", True, 21, "19 t/m 23 jaar", False, None, True, False),
    N12: ("2006", "on_benefit", False, 44, "41 t/m 45 jaar", False, None, False, False),
}  # fmt: skip


def _row(status, bsn):
    rows = status[status["client_key"] == key_of(bsn)]
    assert len(rows) == 1
    return rows.iloc[0]


def _opt(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize("bsn", list(STATUS), ids=lambda b: b)
def test_client_status_of_a_client_with_benefit(status, bsn):
    row = _row(status, bsn)
    got = (
        row["cohort"],
        row["end_status"],
        bool(row["exit_within_1y"]),
        int(row["age"]),
        row["age_group"],
        bool(row["exempt"]),
        _opt(row["exemption_reason"]),
        bool(row["completed"]),
        bool(row["work_after_trajectory"]),
    )
    assert bool(row["has_benefit"])
    assert got == STATUS[bsn]


@pytest.mark.parametrize("bsn", [NB1, NB2], ids=["NB1", "NB2"])
def test_client_status_of_a_client_without_benefit(status, bsn):
    # NB1's only spell ended 2003-09-30, NB2 has none; both stay for a completed activity
    row = _row(status, bsn)
    assert not bool(row["has_benefit"])
    assert _opt(row["cohort"]) is None and _opt(row["end_status"]) is None
    assert not bool(row["exit_within_1y"]) and not bool(row["exempt"])
    assert bool(row["completed"]) and not bool(row["work_after_trajectory"])


def test_client_status_has_one_row_per_person_in_the_file(status):
    assert len(status) == 20  # 18 with benefit + NB1 + NB2
    assert int(status["has_benefit"].sum()) == 18


# --- 3. the tables -------------------------------------------------------------------------------


def _check(got: pd.DataFrame, expected: dict) -> None:
    pdt.assert_frame_equal(
        got.reset_index(drop=True).astype(object).where(got.notna().values, np.nan),
        pd.DataFrame(expected).astype(object).where(pd.DataFrame(expected).notna(), np.nan),
        check_dtype=False,
        check_exact=False,
        atol=1e-9,
    )


def test_table_4_6(status):
    # cohorts: stock S1 S2 S3 S4; 2004 N1-N5; 2005 R1 R2 N6 N7 N8; 2006 N9-N12
    # on benefit: S1 S4 | N4 N5 | R1 N7 | N9 N12; work: S2 | N1 N2 | R2 N8 | N10
    _check(
        outflow.table_4_6(status, PERIOD),
        {
            "label": [
                "Bijstandscliënten per 1-1-2004", "Nieuwe instroom in 2004",
                "Nieuwe instroom in 2005", "Nieuwe instroom in 2006", "Totaal bijstandscliënten",
            ],
            "beginstand_n": [4, 5, 5, 4, 18],
            "in_uitkering_n": [2, 2, 2, 2, 8],
            "uitstroom_n": [2, 3, 3, 2, 10],
            "uitstroom_werk_n": [1, 2, 2, 1, 6],
            "uitstroom_werk_pct": [25.0, 40.0, 40.0, 25.0, 33.3],  # 6/18 = 33.33
        },
    )  # fmt: skip


def test_table_4_7(status):
    # groups: tot 18 S4 | 19-23 N1 N8 N11 | 24-27 S3 R2 N6 | 28-30 N2 N10 | 31-35 S2 N7 |
    # 36-40 N3 | 41-45 N5 N12 | 46-50 R1 | 51-56 N9 | 57+ S1 N4
    # within 1y: S3 N1 N3 R2 N6 N10 N11 (7); of them to work: N1 R2 N10 (3)
    _check(
        outflow.table_4_7(status),
        {
            "label": [
                "tot 18 jaar", "19 t/m 23 jaar", "24 t/m 27 jaar", "28 t/m 30 jaar",
                "31 t/m 35 jaar", "36 t/m 40 jaar", "41 t/m 45 jaar", "46 t/m 50 jaar",
                "51 t/m 56 jaar", "57 jaar en ouder", "Totaal uitkeringsgerechtigden",
            ],
            "aantal_clienten_n": [1, 3, 3, 2, 2, 1, 2, 1, 1, 2, 18],
            "uitstroom_1jaar_n": [0, 2, 3, 1, 0, 1, 0, 0, 0, 0, 7],
            "uitstroom_1jaar_pct": [0.0, 66.7, 100.0, 50.0, 0.0, 100.0, 0.0, 0.0, 0.0, 0.0, 38.9],
            "uitstroom_werk_1jaar_n": [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 3],
            "uitstroom_werk_1jaar_pct": [0.0, 33.3, 33.3, 50.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 16.7],
        },
    )  # fmt: skip


def test_table_4_8(status):
    # exempt: S1 born_before (stock), N3 medical (2004), N4 distance (2004: the later of two),
    # N7 education (2005). S3's exemption ended 2003-12-31, N9's starts 2006-08-01.
    # totaal_pct: of 18 clients, whole percent: 1/18 = 5.6 -> 6, 4/18 = 22.2 -> 22
    # Percentage per jaar: exempt / clients per cohort: 1/4, 2/5, 1/5, 0/4, 4/18
    _check(
        outflow.table_4_8(status, PERIOD),
        {
            "label": [
                "Geboren voor 1-11-1941", "Verzorging van een kind < 5 jr", "Opleiding",
                "Ouder dan 57,5 jaar", "Sociale activering", "Grote afstand tot de arbeidsmarkt",
                "Medische redenen", "Sociale redenen", "Wegens trajectverplichtingen",
                "Totaal ontheffingen", "Totaal cliënten", "Percentage per jaar",
            ],
            "stand_1_1_2004_n": [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 25.0],
            "instroom_2004_n": [0, 0, 0, 0, 0, 1, 1, 0, 0, 2, 5, 40.0],
            "instroom_2005_n": [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 5, 20.0],
            "instroom_2006_n": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0.0],
            "totaal_n": [1, 0, 1, 0, 0, 1, 1, 0, 0, 4, 18, 22.0],
            "totaal_pct": [6.0, 0.0, 6.0, 0.0, 0.0, 6.0, 6.0, 0.0, 0.0, 22.0, 100.0, np.nan],
        },
    )  # fmt: skip


def test_table_4_13(result, status):
    # on benefit on 2006-07-01: S1 S4 N4 N5 R1 N7 N9 (ends 2006-09-30) N12 = 8
    # rungs: S1 1, N4 2, S4 3, N9 3, N7 4, N5 5 (N6's row: she left in 2005); R1, N12 no row
    _check(
        outflow.table_4_13(result.registry, status),
        {
            "label": [*outflow.RUNGS.values(), "Subtotaal", "Nog niet ingedeeld", "Totaal"],
            "aantal_clienten_n": [1, 1, 2, 1, 1, 6, 2, 8],
            "aantal_clienten_pct": [12.5, 12.5, 25.0, 12.5, 12.5, 75.0, 25.0, 100.0],
        },
    )


def test_table_4_14(status):
    # Afgerond (completed, not exempt): S2 S4 | N1 N5 | R2 N6 N8 | N9 N10 N11
    # Geen of niet afgerond (neither): S3 | N2 | R1 | N12
    # Ontheffing: S1 | N3 N4 | N7 | -   (N3 and N7 completed, but exempt)
    _check(
        outflow.table_4_14(status, PERIOD),
        {
            "label": ["Afgerond", "Geen of niet afgerond", "Ontheffing", "Totaal"],
            "stand_1_1_2004_n": [2, 1, 1, 4],
            "stand_1_1_2004_pct": [50.0, 25.0, 25.0, 100.0],
            "instroom_2004_n": [2, 1, 2, 5],
            "instroom_2004_pct": [40.0, 20.0, 40.0, 100.0],
            "instroom_2005_n": [3, 1, 1, 5],
            "instroom_2005_pct": [60.0, 20.0, 20.0, 100.0],
            "instroom_2006_n": [3, 1, 0, 4],
            "instroom_2006_pct": [75.0, 25.0, 0.0, 100.0],
            "totaal_n": [10, 4, 4, 18],
            "totaal_pct": [56.0, 22.0, 22.0, 100.0],  # 55.6, 22.2, 22.2
        },
    )


def test_table_4_15(status):
    # work after a completed trajectory: S2 | N1 (N2 did not complete) | R2 N8 | N10
    _check(
        outflow.table_4_15(status, PERIOD),
        {
            "label": [
                "Bijstandscliënten 1-1-2004", "Nieuwe instroom in 2004", "Nieuwe instroom in 2005",
                "Nieuwe instroom in 2006", "Totaal cliënten",
            ],
            "beginstand_n": [4, 5, 5, 4, 18],
            "uitstroom_werk_n": [1, 2, 2, 1, 6],
            "uitstroom_werk_pct": [25.0, 40.0, 40.0, 25.0, 33.3],
            "uitstroom_werk_traject_n": [1, 1, 2, 1, 5],
            "uitstroom_werk_traject_pct": [25.0, 20.0, 40.0, 25.0, 27.8],  # 5/18 = 27.78
        },
    )  # fmt: skip


def test_table_4_16(status):
    # work: N2 not completed; S2 N1 R2 N8 N10 completed
    # other: S3 not; N3 N6 N11 completed
    # on benefit: S1 N4 R1 N12 not; S4 N5 N7 N9 completed
    # % of the 18 clients with benefit, whole percent; then NB1 NB2 (both completed)
    _check(
        outflow.table_4_16(status),
        {
            "label": [
                "Uitkering beëindigd en uitgestroomd naar arbeid",
                "Uitkering beëindigd door andere oorzaken", "Uitkering niet beëindigd",
                "Subtotaal cliënten met een uitkering", "Cliënten zonder uitkering",
                "Totaal cliënten",
            ],
            "geen_traject_afgerond_n": [1, 1, 4, 6, np.nan, 6],
            "geen_traject_afgerond_pct": [6.0, 6.0, 22.0, 33.0, np.nan, np.nan],
            "traject_afgerond_n": [5, 3, 4, 12, 2, 14],
            "traject_afgerond_pct": [28.0, 17.0, 22.0, 67.0, np.nan, np.nan],
            "totaal_n": [6, 4, 8, 18, 2, 20],
            "totaal_pct": [33.0, 22.0, 44.0, 100.0, np.nan, np.nan],
        },
    )  # fmt: skip


def test_contract_outcomes(outcomes):
    # K1: S2 S4 N6 N9 (two activities, counted once) N11 NB1 -> 6, of whom S2 to work; NB1 has
    #     no benefit but is in the file, so a participant (§5.3.2 counts such clients)
    # K2: N1 (work) N7 -> 2, 1;  K3: S4 N3 -> 2, 0;  K4: N8 N10 -> 2, 2;  K5: N1 -> 1, 1
    # K7: paid, but A06 was not approved -> 0 participants;  K6 never paid: gone
    _check(
        outcomes[["contract_id", "category", "intake_closed", "participants_n", "work_n", "work_pct"]],
        {
            "contract_id": ["K1", "K2", "K3", "K4", "K5", "K7"],
            "category": [BEGELEIDING, BEGELEIDING, ACTIVERING, WERKERVARING, BEGELEIDING, ACTIVERING],
            "intake_closed": [False, True, False, False, False, True],
            "participants_n": [6, 2, 2, 2, 1, 0],
            "work_n": [1, 1, 0, 2, 1, 0],
            "work_pct": [16.67, 50.0, 0.0, 100.0, 100.0, np.nan],
        },
    )  # fmt: skip


def test_table_4_17(outcomes):
    # shares: K3 0% -> "0%"; K1 1/6 = 16,7% -> "10% - 20%";
    # K2 50%, K4 100%, K5 100% -> "35% - 100%" (last bucket includes 100%); K7 has no participants
    _check(
        outflow.table_4_17(outcomes, [0, 10, 20, 35, 100]),
        {
            "label": ["0%", "0% - 10%", "10% - 20%", "20% - 35%", "35% - 100%", "Totaal"],
            "aantal_contracten_n": [1, 0, 1, 0, 3, 5],
            "aantal_clienten_n": [2, 0, 6, 0, 5, 13],
            "aantal_clienten_werk_n": [0, 0, 1, 0, 4, 5],
        },
    )


def test_bucket_edges_are_lower_inclusive_and_the_last_includes_100():
    shares = pd.Series([0.0, 5.0, 10.0, 20.0, 34.9, 35.0, 100.0])
    assert list(outflow.bucket(shares, [0, 10, 20, 35, 100])) == [
        "0%",
        "0% - 10%",
        "10% - 20%",
        "20% - 35%",
        "20% - 35%",
        "35% - 100%",
        "35% - 100%",
    ]


def test_table_4_17_edges_are_lower_inclusive(outcomes):
    # other edges: K2 at exactly 50% falls in the bucket it opens; K1 (16,7%) in 0 - 20%
    _check(
        outflow.table_4_17(outcomes, [0, 20, 50, 100]),
        {
            "label": ["0%", "0% - 20%", "20% - 50%", "50% - 100%", "Totaal"],
            "aantal_contracten_n": [1, 1, 0, 3, 5],
            "aantal_clienten_n": [2, 6, 0, 5, 13],
            "aantal_clienten_werk_n": [0, 1, 0, 4, 5],
        },
    )


def test_table_4_18(outcomes):
    # share >= 35%: K2 (Begeleiding, closed), K5 (Begeleiding, open), K4 (Werkervaring, open)
    _check(
        outflow.table_4_18(outcomes, 35),
        {
            "label": [BEGELEIDING, WERKERVARING],
            "aantal_contracten_n": [2, 1],
            "instroom_afgesloten_n": [1, 0],
        },
    )
    # "at least": K2 at exactly 50% still counts
    _check(
        outflow.table_4_18(outcomes, 50),
        {
            "label": [BEGELEIDING, WERKERVARING],
            "aantal_contracten_n": [2, 1],
            "instroom_afgesloten_n": [1, 0],
        },
    )


def test_figure_8_1(status):
    # of 18: on benefit 8 (44.4), other 4 (22.2), work without completing N2 1 (5.6),
    # work after completing 5 (27.8), work in total 6 (33.3)
    got = outflow.figure_8_1(status)
    assert list(got["label"].str[:30]) == [
        "Cliënten die een bijstandsuitk",
        "Cliënten waarvan de uitkering ",
        "Cliënten die een reguliere baa",
        "Cliënten die een reguliere baa",
        "Reguliere baan gevonden (totaa",
    ]
    assert [float(x) for x in got["aandeel_pct"]] == [44.4, 22.2, 5.6, 27.8, 33.3]


# --- the reference date: a spell ending ON 2006-07-01 --------------------------------------------


def _variant():
    # E1: inflow 2006-04-01, spell ends 2006-07-01 (the reference date), rung 4 on the ladder
    extra = {
        "clients": [(E1, "C27", "Eva Eind", "1977-01-01", "active")],
        "benefit_spells": [(E1, "2006-04-01", "2006-07-01", "work_employee")],
        "ladder": [(E1, 4, "2006-07-01")],
    }
    result = run_intake(build_raw(extra), PERIOD, key=KEY)
    return result, outflow.client_status(result.registry, PERIOD)


def test_a_spell_ending_on_the_reference_date_is_on_benefit_at_the_reference_date():
    # docs: on_benefit "if spell_end is empty or after the period end" -> E1 is on benefit
    _, status = _variant()
    row = _row(status, E1)
    assert row["cohort"] == "2006" and row["end_status"] == "on_benefit"
    assert not bool(row["exit_within_1y"])


def test_table_4_13_counts_a_spell_ending_on_the_reference_date():
    # as in test_table_4_13, plus E1 on rung 4: 9 clients on benefit on 2006-07-01
    result, status = _variant()
    _check(
        outflow.table_4_13(result.registry, status),
        {
            "label": [*outflow.RUNGS.values(), "Subtotaal", "Nog niet ingedeeld", "Totaal"],
            "aantal_clienten_n": [1, 1, 2, 2, 1, 7, 2, 9],
            "aantal_clienten_pct": [11.1, 11.1, 22.2, 22.2, 11.1, 77.8, 22.2, 100.0],
        },
    )


# --- 4. a bad extract fails ----------------------------------------------------------------------


def test_text_in_a_date_column_names_the_column_and_row():
    frame = _frame("benefit_spells", SPELLS[5:8])
    frame.loc[1, "spell_start"] = "gisteren"
    with pytest.raises(RegistryError) as info:
        validate("benefit_spells", frame, "benefit_spells.csv")
    message = str(info.value)
    assert "benefit_spells.csv" in message
    assert "row 2, column 'spell_start'" in message  # index 1 = the second data row
    assert "'gisteren'" in message


def test_a_missing_column_is_named():
    frame = _frame("benefit_spells", SPELLS[5:8]).drop(columns=["end_reason"])
    with pytest.raises(RegistryError, match="column 'end_reason' is missing"):
        validate("benefit_spells", frame)


def test_an_unknown_end_reason_is_refused():
    frame = _frame("benefit_spells", SPELLS[5:8])
    frame.loc[2, "end_reason"] = "emigrated"
    with pytest.raises(RegistryError) as info:
        validate("benefit_spells", frame)
    assert "row 3, column 'end_reason'" in str(info.value)
    assert "'emigrated'" in str(info.value)


def test_the_other_reading_of_rung_1_2_keeps_completed_lower_rungs_of_selected_clients():
    # Appendix 3's cost selection (intake.lower_rungs: keep_completed_of_selected), by hand:
    # A14 (N7, rung-2 stage, completed, meets the norm) is kept: N7 is selected by A13 on rung 4.
    # A27 (N2, rung 2) is kept by this rule too — N2 has A06 on rung 3 — but not approved, so
    # rule 10 drops it. A22 (S1, rung 1) goes: S1 has no rung 3–5 activity and is on rung 1.
    result = run_intake(build_raw(), PERIOD, key=KEY, lower_rungs="keep_completed_of_selected")
    funnel = result.funnel.set_index(["rule", "table"])
    step6 = funnel.loc[("keep_completed_lower_rungs_of_selected", "activities")]
    assert (step6["records_in"], step6["dropped"]) == (28, 1)
    assert funnel.loc[("drop_activities_not_approved", "activities"), "dropped"] == 2  # A06, A27
    kept = set(result.registry["activities"]["activity_id"])
    assert "A14" in kept and not {"A22", "A27"} & kept
    default = set(run_intake(build_raw(), PERIOD, key=KEY).registry["activities"]["activity_id"])
    assert kept - default == {"A14"}


def test_a_skipped_rule_is_not_applied_and_not_in_the_funnel():
    # intake.skip: X4, registered as active and passive, stays (both registrations)
    result = run_intake(
        build_raw(), PERIOD, key=KEY, spells=SPELL_READING, skip=("drop_active_passive_duplicates",)
    )
    assert "drop_active_passive_duplicates" not in set(result.funnel["rule"])
    clients = result.registry["clients"]
    assert (clients["client_key"] == key_of(X4)).sum() == 2
