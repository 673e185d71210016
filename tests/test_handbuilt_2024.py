"""A hand-built 2024 extract for reach by age, work with support and durable work, checked
against docs/registry.md alone ("Reach", "Work with support", "Durable work").

The extract in ``tests/handbuilt_2024/registry/`` is the client registry of the fictional
municipality Polderdam, period 2021-01-01 to 2024-12-31, extract date 2025-06-30, written in the
model's own codes (no codes.yml). Every expected figure below was worked out by hand from the
documentation, never by calling the implementation of ``analysis.steps.placements`` or
``analysis.steps.retention`` (written at the same time from the same text).

Dates are start–end (an empty end: open). "LKS", "JC" … are provisions (lks, jobcoach,
beschut_werk, detachering are work support; training is not). "sub" marks a job flagged
``subsidised``. Calendar months as pandas adds them (2022-03-31 + 6 months = 2022-09-30).

Reach (target_register; ages in 2023 are 2023 − birth year)

R01 190180110  register only (never a client): wajong 2019-01-01–, born 1996-09-15. Registered
    2021–2024, never supported. Age 2023: 27 exactly (26 on 1 January: the age is year − birth
    year) -> "27 tot 35 jaar"; 2021: 25 -> "tot 27 jaar".
R02 532145860  register only: indicatie_banenafspraak 2022-03-01–2023-06-30, birth date empty ->
    "onbekend". Registered 2022 and 2023 only.
R03 414560243  register only: praktijkroute 2018-01-01–2020-12-31, ends the day before the period:
    registered in no year.
R04 696755336  client, pw 2020-01-01–; register wsw 2015-01-01–, born 1990: in both, every year.
    Age 2023: 33.
R05 227482785  client without any benefit spell, only a training provision 2022-09-01–2023-08-31
    (in the file through the provision); register praktijkroute 2022-01-01–, born 1960.
    Supported through the provision only: 2022 and 2023. Age 2023: 63.
R06 523278421  client, pw 2020-06-01–2021-08-31; job sw_company sub 2023-02-01– (32 h), no
    provision; register beschut_werk 2021-01-01–, born 1985. Supported 2021 (benefit), not 2022
    (registered only), 2023–2024 through the subsidised job only. Age 2023: 38.
R07 621074925  client, pw 2022-01-01–2022-12-31; three register rows, born 1970: wajong
    2019-01-01–2022-12-31, beschut_werk 2022-07-01– and indicatie_banenafspraak
    2022-07-01–2022-12-31 (in that file order). 2022: latest start 2022-07-01 twice -> the ground
    listed first, indicatie_banenafspraak; 2023: beschut_werk; 2021: wajong. Supported 2022 only.
    Age 2023: 53.
R08 096685785  client (leading zero), pw 2022-06-01–; register row written "96.685.785" (zero
    dropped by a spreadsheet, dots): padded and read as 096685785, same pseudonym -> in both
    from 2022. Register indicatie_banenafspraak 2021-06-01–, born 1998. Age 2023: 25.
R09 544928106  register only: wsw 2023-01-01–, born 1978-06-30. Age 2023: 45 exactly -> "45 tot
    55 jaar".
R10 726129859  client, pw 2021-01-01–2023-03-31; register praktijkroute 2021-01-01–, born
    1968-05-05. Age 2023: 55 exactly -> "55 jaar en ouder". Supported 2021–2023.
R11 130803467  client with pw 2015–2019 only: not in the file (client row and spell dropped by
    persons_in_file), but the register row wajong 2020-01-01– (born 1992) is kept: registered
    only every year. Age 2023: 31.

Work with support (year-ends 2021-12-31 … 2024-12-31; benefit spells end when the work starts)

W01 420016533  pw 2019-01-01–2021-02-28; regular 2021-03-01– 32 h; LKS 2021-03-01–2023-06-30.
    Year-ends 2021, 2022 regular; 2023, 2024 not (LKS ended). Episode 2021-03-01 open, supported,
    support end 2023-06-30.
W02 539262559  pw 2021-01-01–2022-04-30; social_firm 2022-05-01– 24 h; JC 2022-05-31–2023-12-31
    (starts on start + 30 days: still within the first 31 days -> supported). Year-ends 2022,
    2023 social_firm. Support end 2023-12-31.
W03 431462951  pw 2021-01-01–2021-03-31; municipality sub 2020-01-01– 36 h, no provision: every
    year-end municipality. Its episode starts before the period: never in the retention tables.
W04 755454996  pw 2020-01-01–2021-12-31; regular 2022-01-01– 40 h; only a training provision
    2021-10-01–2023-03-31: never at work with support; episode not started with support.
W05 303365158  pw 2021-01-01–; LKS 2022-01-01–2023-12-31 but no job: never at work.
W06 400290601  pw 2020-09-01–2022-01-31 and 2024-03-01–; regular sub 2022-02-01–2023-12-31 30 h
    (ends on 31 Dec: counted at 2023-12-31). Year-ends 2022, 2023 regular. The subsidised row
    ends with the episode: no support end. Back on benefit 2024-03-01: within 6 months.
W07 673465615  pw 2019-06-01–2021-08-31 and 2023-08-01–; sw_company sub 2021-09-01–2022-12-30
    20 h (ends on 30 Dec: not at work on 2022-12-31). Year-end 2021 sw_company. No support end.
    Back 2023-08-01: after 2023-06-30 (6 m), within 2023-12-30 (12 m).
W08 985324752  pw 2020-01-01–2022-05-31; sw_company sub 2022-06-01– 8 h and regular 2023-03-01–
    32 h: year-end 2022 sw_company, 2023 and 2024 regular (most hours, although the support is
    on the other job). Episode 2022-06-01 sw_company, supported, no support end.
W09 421421678  ioaw 2020-05-01–2021-12-31; regular sub 2022-01-01– hours empty (= 0) and
    municipality 2023-09-01– 0 h: year-end 2022 regular; 2023, 2024 municipality (same hours,
    latest start). Episode 2022-01-01 regular, supported, no support end.
W10 814232012  pw 2023-01-01–2024-05-31; regular 2024-06-01– 28 h; LKS 2024-06-01– (open):
    year-end 2024 regular. Episode observed 6 months (2024-12-01), no support end.
W11 155167923  pw 2022-01-01–2024-11-14; social_firm 2024-11-15– 32 h; beschut werk
    2024-12-20– (start + 35 days): year-end 2024 social_firm, but the episode is not started with
    support.
W12 998590563  pw 2023-05-01–2023-12-31; detachering 2023-12-15– (before the job, overlapping its
    first days); regular 2024-01-01– 38 h: not at work on 2023-12-31 (no job yet), year-end 2024
    regular. Episode supported; 6 m observed (2024-07-01), 12 m not (2025-01-01, one day late).

Durable work

D01 225352424  pw 2019-03-01–2021-03-31; regular sub 2021-04-01–2022-03-31 32 h, then
    social_firm 2022-05-02–2023-10-31 32 h (starts on the day after the end + 31 days: the same
    episode; with gap_days=30 two episodes). Episode 2021-04-01–2023-10-31 regular, supported,
    support end 2022-03-31. Year-end 2021 regular (sub); 2022 not. After the work: special
    assistance 2024-01-15 (not a benefit), pw 2025-01-15: not back within 12 months.
D02 964520692  pw 2020-01-01–2021-01-31; sw_company sub 2021-02-01–2021-07-31 20 h; regular
    2021-09-02– 36 h (one day beyond 2021-08-01 + 31 days: a new episode); JC 2021-10-03–
    2022-06-30 (start + 31 days of the second episode: not started with support). Episode 1
    2021-02-01–2021-07-31 supported, not at work at 6 months (2021-08-01); no return to benefit.
    Year-end 2021 regular (the jobcoach covers the day), 2022 not.
D03 670238764  pw 2021-06-01–2022-02-28 and 2022-09-02–; social_firm 2022-03-01–2022-09-01
    24 h; LKS 2022-03-10–2022-09-01. Episode ends exactly on start + 6 months: at work at
    6 months, not at 12. Back on benefit the next day.
D04 761688316  bbz 2022-01-01–2023-03-31; regular 2023-04-01–2023-06-30 16 h and sw_company
    2023-04-01–2025-03-31 30 h (same start: most hours -> sw_company); LKS 2023-04-01– (open).
    The end after the period end counts as open. Year-ends 2023, 2024 sw_company.
D05 726995423  pw 2023-06-01–2024-02-29; regular 2024-03-01– 20 h; JC 2024-03-01–2024-05-31:
    support end 2024-05-31, at work 6 months later (2024-11-30). No year-end.
D06 843311356  pw 2023-09-01–2024-07-31 and 2024-11-15–; municipality 2024-08-01–2024-10-31
    24 h; LKS 2024-08-01–2024-12-31 (ends after the work: no support end). Not observed for
    6 months; back on benefit but not observed.
D07 203002532  pw 2022-02-01–2023-01-14 and 2024-10-01–; municipality sub 2023-01-15–2024-03-31
    10 h. Year-end 2023 municipality. Back 2024-10-01: after 2024-09-30 (6 m); within 12 m but
    not observed for 12 m (2025-03-31).
D08 459982813  pw 2021-09-01–2022-06-30; regular 2022-07-01–2023-02-28 25 h; LKS
    2022-07-01–2022-12-31: year-end 2022 regular; support end 2022-12-31, gone 6 months later.

Goals (``against_goals``): year-end totals 5, 7, 8, 8 (2021–2024), so N_t = 8 in t = 2024 and the
trend over k = min(3, 4 − 1) = 3 years is (8 − 5) / 3 = 1.0 a year.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import store
from analysis.registry import intake
from analysis.registry.extract import ReadOptions, load_extract
from analysis.registry.model import EMPLOYER_TYPES, MODEL, TARGET_GROUNDS
from analysis.steps import reach

FOLDER = Path(__file__).parent / "handbuilt_2024" / "registry"
EXTRACT_DATE = dt.date(2025, 6, 30)
KEY = b"another-test-key-16+chars"
PERIOD = intake.Period.of("2021-01-01", "2024-12-31")

BSN = {
    "R01": "190180110",
    "R02": "532145860",
    "R03": "414560243",
    "R04": "696755336",
    "R05": "227482785",
    "R06": "523278421",
    "R07": "621074925",
    "R08": "096685785",
    "R09": "544928106",
    "R10": "726129859",
    "R11": "130803467",
    "W01": "420016533",
    "W02": "539262559",
    "W03": "431462951",
    "W04": "755454996",
    "W05": "303365158",
    "W06": "400290601",
    "W07": "673465615",
    "W08": "985324752",
    "W09": "421421678",
    "W10": "814232012",
    "W11": "155167923",
    "W12": "998590563",
    "D01": "225352424",
    "D02": "964520692",
    "D03": "670238764",
    "D04": "761688316",
    "D05": "726995423",
    "D06": "843311356",
    "D07": "203002532",
    "D08": "459982813",
}
R08_AS_WRITTEN = "96.685.785"  # in target_register.csv
REGISTER_ONLY = ("R01", "R02", "R03", "R09")  # in the register, never a client


def key_of(person: str) -> str:
    return intake.pseudonymise(pd.Series([BSN[person]], dtype=object), KEY).iloc[0]


def person_of(key: str) -> str:
    return {key_of(p): p for p in BSN}[key]


def read():
    return load_extract(FOLDER, ReadOptions(extract_date=EXTRACT_DATE, codes={}))


@pytest.fixture(scope="module")
def raw():
    return read()


@pytest.fixture(scope="module")
def result(raw):
    return intake.run_intake(
        raw, PERIOD, key=KEY, age_limit="aow", lower_rungs="drop", spells="period"
    )


@pytest.fixture(scope="module")
def cleaned(result):
    return result.registry


def pct_or_nan(value) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def same_pct(got, want: float) -> bool:
    got = pct_or_nan(got)
    return (math.isnan(got) and math.isnan(want)) or got == want


def by_label(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(label=table["label"].astype(str)).set_index("label")


def employer_code(value: str) -> str:
    """The employer type as a code (a label is accepted: the spec names no form)."""
    labels = {label: code for code, label in EMPLOYER_TYPES.items()}
    return labels.get(value, value)


# --------------------------------------------------------------------------------------------
# reading and intake


def test_bsns_of_the_extract():
    from stdnum.nl import bsn

    assert len(set(BSN.values())) == len(BSN) == 31
    assert all(bsn.is_valid(b) for b in BSN.values())
    assert BSN["R08"].startswith("0")
    assert bsn.compact(R08_AS_WRITTEN).zfill(9) == BSN["R08"]


def test_reads_every_table(raw):
    counts = {t: len(raw[t]) for t in ("clients", "benefit_spells", "provisions", "employment")}
    assert counts == {"clients": 27, "benefit_spells": 33, "provisions": 14, "employment": 25}
    assert len(raw["target_register"]) == 13
    assert dict(raw.padded_bsn) == {"target_register": 1}  # R08's "96.685.785"
    assert BSN["R08"] in set(raw["target_register"]["bsn"])


def test_intake_keeps_the_register_as_its_own_population(result, cleaned):
    """Persons only in the register (R01, R02, R03, R09) and R11, whose client row leaves the
    file (benefit 2015–2019 only), keep their register rows: all 13 rows stay. The file drops
    R11's client row and spell, and nothing of the register."""
    register = set(cleaned["target_register"]["client_key"])
    clients = set(cleaned["clients"]["client_key"])
    assert len(cleaned["target_register"]) == 13
    for person in (*REGISTER_ONLY, "R11"):
        assert key_of(person) in register, person
        assert key_of(person) not in clients, person
    assert len(cleaned["clients"]) == 26 and len(cleaned["benefit_spells"]) == 32
    funnel = result.funnel
    in_file = funnel[(funnel["rule"] == "persons_in_file") & (funnel["dropped"] > 0)]
    assert dict(zip(in_file["table"], in_file["dropped"], strict=True)) == {
        "clients": 1,
        "benefit_spells": 1,
    }
    # the register keeps the birth year only; R08's row (written 96.685.785) links to its client
    assert "birth_date" not in cleaned["target_register"].columns
    assert key_of("R08") in register & clients


def test_no_bsn_leaves_the_intake(result):
    """No column the model marks as identifying a person (bsn, client_number, a person's name,
    birth_date), and no BSN (in any spelling) as or inside any value, in the cleaned registry or
    the pseudonymised ledger."""
    forbidden = {*BSN.values(), R08_AS_WRITTEN, BSN["R08"].lstrip("0")}
    identifying = {c for cols in MODEL.values() for c, spec in cols.items() if spec.identifier}
    assert identifying == {"bsn", "client_number", "name", "birth_date"}
    registries = {"registry": result.registry, "ledger": result.ledger}
    for where, registry in registries.items():
        for name, frame in registry.tables.items():
            model = MODEL.get(name, {})
            person = {c for c, spec in model.items() if spec.identifier} | {"bsn"}
            assert not person & set(frame.columns), (where, name)
            for column in frame.columns:
                values = set(frame[column].dropna().astype(str))
                leaked = {v for v in values for b in forbidden if b in v}
                assert not leaked, (where, name, column)


# --------------------------------------------------------------------------------------------
# reach (analysis.steps.reach)


def test_reach_per_year(cleaned):
    """Registered: 2021 R01 R04 R06 R07 R08 R10 R11 (7; R02 and R05 start in 2022, R09 in 2023,
    R03 ended 2020); 2022 + R02 R05 (9); 2023 + R09 (10); 2024 without R02 (9).

    Supported (benefit spell, any provision, or a subsidised job in the year):
    2021: R04 R06 R10; W01–W09; D01 D02 D03 D08 -> 16.
    2022: R04 R05 R07 R08 R10; W01–W09 W11; D01 (sub job to 03-31) D02 (JC) D03 D04 D07 D08 -> 21.
    2023: R04 R05 R06 R08 R10; W01–W12; D03 D04 D05 D06 D07 -> 22 (D01, D02, D08: unsupported
          work only).
    2024: R04 R06 R08; W03 W05 W06 W07 W08 W09 W10 W11 W12; D03 D04 D05 D06 D07 -> 17 (D01's
          special assistance is not a benefit).
    Both: 2021 R04 R06 R10 (3); 2022 R04 R05 R07 R08 R10 (5); 2023 R04 R05 R06 R08 R10 (5);
    2024 R04 R06 R08 (3). Match 3/7 = 42.86, 5/9 = 55.56, 5/10, 3/9 = 33.33.
    """
    table = by_label(reach.by_year(cleaned, PERIOD))
    columns = ["registered_n", "supported_n", "both_n", "registered_only_n", "supported_only_n"]
    assert table[columns].to_dict("index") == {
        "2021": dict(zip(columns, [7, 16, 3, 4, 13], strict=True)),
        "2022": dict(zip(columns, [9, 21, 5, 4, 16], strict=True)),
        "2023": dict(zip(columns, [10, 22, 5, 5, 17], strict=True)),
        "2024": dict(zip(columns, [9, 17, 3, 6, 14], strict=True)),
    }
    assert table["match_pct"].tolist() == [42.9, 55.6, 50.0, 33.3]


def test_reach_by_ground(cleaned):
    """2023: wajong R01 R11 (none supported); wsw R04 (yes) R09; praktijkroute R05 R10 (both
    supported); indicatie R02, R08 (yes, linked through the padded BSN); beschut R06 (yes,
    subsidised job only) R07. 2022: R07 counts once, under indicatie_banenafspraak (its two rows
    starting 2022-07-01: the ground listed first); R06 beschut not supported in 2022."""
    columns = ["registered_n", "supported_n", "registered_only_n"]
    g = TARGET_GROUNDS
    table = by_label(reach.by_ground(cleaned, PERIOD, 2023))
    assert table[columns].values.tolist() == [
        [2, 0, 2],
        [2, 1, 1],
        [2, 2, 0],
        [2, 1, 1],
        [2, 1, 1],
        [10, 5, 5],
    ]
    assert table.index.tolist() == [*g.values(), "Totaal"]
    table = by_label(reach.by_ground(cleaned, PERIOD, 2022))
    expected = {
        g["wajong"]: [2, 0, 2],  # R01 R11
        g["wsw"]: [1, 1, 0],  # R04
        g["praktijkroute"]: [2, 2, 0],  # R05 (provision) R10
        g["indicatie_banenafspraak"]: [3, 2, 1],  # R02, R07, R08
        g["beschut_werk"]: [1, 0, 1],  # R06
        "Totaal": [9, 5, 4],
    }
    assert dict(zip(table.index, table[columns].values.tolist(), strict=True)) == expected


def test_reach_by_age_2023(cleaned):
    """Age = 2023 − birth year in the register.

    tot 27: R08 (25, supported) -> 1, 1, 0.
    27 tot 35: R01 (27 exactly, not supported), R04 (33, yes), R11 (31, no) -> 3, 1, 2.
    35 tot 45: R06 (38, subsidised job) -> 1, 1, 0.
    45 tot 55: R07 (53, benefit ended 2022), R09 (45 exactly) -> 2, 0, 2.
    55 en ouder: R05 (63, training provision), R10 (55 exactly, benefit to 2023-03-31) -> 2, 2, 0.
    onbekend: R02 (no birth date) -> 1, 0, 1.
    Totaal 10, 5, 5 (as by_year and by_ground for 2023).
    """
    table = by_label(reach.by_age(cleaned, PERIOD, 2023))
    assert table.index.tolist() == [
        "tot 27 jaar",
        "27 tot 35 jaar",
        "35 tot 45 jaar",
        "45 tot 55 jaar",
        "55 jaar en ouder",
        "onbekend",
        "Totaal",
    ]
    assert table[["registered_n", "supported_n", "registered_only_n"]].values.tolist() == [
        [1, 1, 0],
        [3, 1, 2],
        [1, 1, 0],
        [2, 0, 2],
        [2, 2, 0],
        [1, 0, 1],
        [10, 5, 5],
    ]


def test_reach_by_age_lists_only_groups_that_occur(cleaned):
    """2021 (registered R01 R04 R06 R07 R08 R10 R11; supported R04 R06 R10):
    tot 27: R01 (25), R08 (23) -> 2, 0, 2; 27 tot 35: R04 (31, yes), R11 (29) -> 2, 1, 1;
    35 tot 45: R06 (36, yes) -> 1, 1, 0; 45 tot 55: R07 (51), R10 (53, yes) -> 2, 1, 1.
    No 55-plus and no unknown birth year in 2021 (R02, R05 are registered from 2022)."""
    table = by_label(reach.by_age(cleaned, PERIOD, 2021))
    assert table.index.tolist() == [
        "tot 27 jaar",
        "27 tot 35 jaar",
        "35 tot 45 jaar",
        "45 tot 55 jaar",
        "Totaal",
    ]
    assert table[["registered_n", "supported_n", "registered_only_n"]].values.tolist() == [
        [2, 0, 2],
        [2, 1, 1],
        [1, 1, 0],
        [2, 1, 1],
        [7, 3, 4],
    ]


# --------------------------------------------------------------------------------------------
# work with support (analysis.steps.placements)


@pytest.fixture(scope="module")
def placements():
    from analysis.steps import placements

    return placements


def test_work_support_instruments(placements):
    assert set(placements.WORK_SUPPORT) == {"lks", "beschut_werk", "jobcoach", "detachering"}


def test_at_work_on_the_last_day_of_2023(placements, cleaned):
    """2023-12-31: W02 social_firm (JC ends that day), W03 municipality (sub), W06 regular (sub
    job ends that day), W08 regular (32 h beside the 8 h subsidised sw_company job), W09
    municipality (0 h and empty hours: latest start), D04 sw_company (30 h beside the ended 16 h
    job; LKS open), D07 municipality (sub), R06 sw_company (sub). Not: W01 (LKS ended), W04
    (training only), W05 (no job), W12 (detachering but the job starts 2024-01-01)."""
    frame = placements.at_work(cleaned, pd.Timestamp("2023-12-31"))
    assert frame["client_key"].is_unique
    got = {
        person_of(k): employer_code(t)
        for k, t in zip(frame["client_key"], frame["employer_type"], strict=True)
    }
    assert got == {
        "W02": "social_firm",
        "W03": "municipality",
        "W06": "regular",
        "W08": "regular",
        "W09": "municipality",
        "D04": "sw_company",
        "D07": "municipality",
        "R06": "sw_company",
    }


def test_at_work_covers_the_end_day(placements, cleaned):
    """W07's subsidised job ends 2022-12-30: at work that day, not the next."""
    on = set(placements.at_work(cleaned, pd.Timestamp("2022-12-30"))["client_key"])
    after = set(placements.at_work(cleaned, pd.Timestamp("2022-12-31"))["client_key"])
    assert key_of("W07") in on and key_of("W07") not in after
    assert key_of("D08") in on & after  # LKS to 2022-12-31


PLACEMENTS = pd.DataFrame(
    {
        "label": ["2021", "2022", "2023", "2024"],
        "regular_n": [3, 4, 2, 3],
        "social_firm_n": [0, 1, 1, 1],
        "sw_company_n": [1, 1, 2, 2],
        "municipality_n": [1, 1, 3, 2],
        "total_n": [5, 7, 8, 8],
        "regular_pct": [60.0, 57.1, 25.0, 37.5],
    }
)
"""by_year of the extract, by hand (see test_placements_per_year)."""


def test_placements_per_year(placements, cleaned):
    """2021-12-31: regular W01 (LKS) D01 (sub) D02 (JC); sw_company W07; municipality W03 -> 5,
        regular 3/5 = 60.0.
    2022-12-31: regular W01 W06 W09 D08 (LKS to 12-31); social_firm W02; sw_company W08;
        municipality W03 -> 7, 4/7 = 57.14. Not W07 (ended 12-30), D01 (unsubsidised second
        job), D02 (JC ended), W04 (training).
    2023-12-31: regular W06 W08; social_firm W02; sw_company D04 R06; municipality W03 W09 D07
        -> 8, 2/8 = 25.0.
    2024-12-31: regular W08 W10 W12; social_firm W11; sw_company D04 (job to 2025-03-31) R06;
        municipality W03 W09 -> 8, 3/8 = 37.5. Not D05 (JC ended), D06 and D07 (work ended).
    """
    table = placements.by_year(cleaned, PERIOD)
    table = table.assign(label=table["label"].astype(str)).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        table[PLACEMENTS.columns], PLACEMENTS, check_dtype=False, check_exact=True
    )


GOALS = pd.DataFrame(
    {
        "goal_id": ["PW-2026", "SW-OPEN", "PW-2024", "ELSEWHERE"],
        "text": ["12 aan het werk eind 2026", "10 aan het werk", "16 eind 2024", "niet geteld"],
        "target_value": [12.0, 10.0, 16.0, 99.0],
        "deadline": pd.to_datetime(["2026-12-31", None, "2024-12-31", "2025-12-31"]),
    }
)


def check_goal(row, target, deadline_year, year, realised, pct, trend, needed, projected):
    assert row["target_n"] == target
    if deadline_year is None:
        assert pd.isna(row["deadline_year"])
    else:
        assert int(row["deadline_year"]) == deadline_year
    assert int(row["year"]) == year
    assert row["realised_n"] == realised
    assert same_pct(row["realised_pct"], pct)
    for got, want in (
        (row["trend_per_year"], trend),
        (row["needed_per_year"], needed),
        (row["projected_n"], projected),
    ):
        if want is None:
            assert pd.isna(got)
        else:
            assert float(got) == pytest.approx(want)


def test_against_goals(placements):
    """t = 2024, N_t = 8, trend (8 − 5) / 3 = 1.0.

    PW-2026: target 12, deadline 2026 -> 8/12 = 66.67%; needed (12 − 8) / 2 = 2.0; projected
        8 + 1.0 · 2 = 10.0.
    SW-OPEN: target 10, no deadline -> 80.0%; needed and projected empty.
    PW-2024: target 16, deadline 2024 = t -> 50.0%; needed empty (deadline not after t);
        projected 8 + 1.0 · 0 = 8.0.
    ELSEWHERE is in the register but not listed: not in the table.
    """
    table = placements.against_goals(PLACEMENTS, GOALS, ["PW-2026", "SW-OPEN", "PW-2024"])
    assert sorted(table["goal_id"]) == ["PW-2024", "PW-2026", "SW-OPEN"]
    # stored as table pl_goals: its rows are identified by their label, the goal id
    assert store.with_row_ids(table)["label"].tolist() == table["goal_id"].tolist()
    rows = table.set_index("goal_id")
    check_goal(rows.loc["PW-2026"], 12, 2026, 2024, 8, 66.7, 1.0, 2.0, 10.0)
    check_goal(rows.loc["SW-OPEN"], 10, None, 2024, 8, 80.0, 1.0, None, None)
    check_goal(rows.loc["PW-2024"], 16, 2024, 2024, 8, 50.0, 1.0, None, 8.0)


def per_year(totals: dict[int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": [str(y) for y in totals],
            "regular_n": list(totals.values()),
            "social_firm_n": 0,
            "sw_company_n": 0,
            "municipality_n": 0,
            "total_n": list(totals.values()),
            "regular_pct": 100.0,
        }
    )


def test_goal_trend_over_at_most_three_years(placements):
    """Five years 10, 4, 6, 9, 13: k = min(3, 4) = 3, trend (13 − 4) / 3 = 3.0 (not
    (13 − 10) / 4). Target 25 by 2027-06-30: 52.0%, needed (25 − 13) / 3 = 4.0, projected
    13 + 3 · 3 = 22.0. Two years 6, 9: k = 1, trend 3.0; target 15 by 2025: 60.0%, needed 6.0,
    projected 12.0."""
    goals = pd.DataFrame(
        {
            "goal_id": ["G"],
            "target_value": [25.0],
            "deadline": pd.to_datetime(["2027-06-30"]),
        }
    )
    five = per_year({2020: 10, 2021: 4, 2022: 6, 2023: 9, 2024: 13})
    row = placements.against_goals(five, goals, ["G"]).set_index("goal_id").loc["G"]
    check_goal(row, 25, 2027, 2024, 13, 52.0, 3.0, 4.0, 22.0)
    goals = goals.assign(target_value=[15.0], deadline=pd.to_datetime(["2025-12-31"]))
    two = per_year({2023: 6, 2024: 9})
    row = placements.against_goals(two, goals, ["G"]).set_index("goal_id").loc["G"]
    check_goal(row, 15, 2025, 2024, 9, 60.0, 3.0, 6.0, 12.0)


# --------------------------------------------------------------------------------------------
# durable work (analysis.steps.retention)


@pytest.fixture(scope="module")
def retention():
    from analysis.steps import retention

    return retention


@pytest.fixture(scope="module")
def episodes(retention, cleaned):
    return retention.work_episodes(cleaned, PERIOD)


SKIP = "not asserted"
# person: episodes starting in the period as (start, end or None = open, employer type,
# started with support, support end or None; SKIP where the spec defines none: not supported)
EPISODES = {
    "W01": [("2021-03-01", None, "regular", True, "2023-06-30")],
    "W02": [("2022-05-01", None, "social_firm", True, "2023-12-31")],
    "W04": [("2022-01-01", None, "regular", False, SKIP)],
    "W06": [("2022-02-01", "2023-12-31", "regular", True, None)],
    "W07": [("2021-09-01", "2022-12-30", "sw_company", True, None)],
    "W08": [("2022-06-01", None, "sw_company", True, None)],
    "W09": [("2022-01-01", None, "regular", True, None)],
    "W10": [("2024-06-01", None, "regular", True, None)],
    "W11": [("2024-11-15", None, "social_firm", False, SKIP)],
    "W12": [("2024-01-01", None, "regular", True, None)],
    "D01": [("2021-04-01", "2023-10-31", "regular", True, "2022-03-31")],
    "D02": [
        ("2021-02-01", "2021-07-31", "sw_company", True, None),
        ("2021-09-02", None, "regular", False, SKIP),
    ],
    "D03": [("2022-03-01", "2022-09-01", "social_firm", True, None)],
    "D04": [("2023-04-01", None, "sw_company", True, None)],  # ends 2025-03-31: open
    "D05": [("2024-03-01", None, "regular", True, "2024-05-31")],
    "D06": [("2024-08-01", "2024-10-31", "municipality", True, None)],
    "D07": [("2023-01-15", "2024-03-31", "municipality", True, None)],
    "D08": [("2022-07-01", "2023-02-28", "regular", True, "2022-12-31")],
    "R06": [("2023-02-01", None, "sw_company", True, None)],
}


def episode_rows(frame: pd.DataFrame, person: str, in_period: bool = True) -> list[tuple]:
    rows = frame[frame["client_key"] == key_of(person)].sort_values("episode_start")
    out = []
    for r in rows.itertuples():
        start = pd.Timestamp(r.episode_start)
        if in_period and not PERIOD.start <= start <= PERIOD.end:
            continue
        out.append(r)
    return out


def check_episode(row, expected) -> None:
    start, end, employer, supported, support_end = expected
    assert pd.Timestamp(row.episode_start) == pd.Timestamp(start)
    if end is None:
        assert pd.isna(row.episode_end)
    else:
        assert pd.Timestamp(row.episode_end) == pd.Timestamp(end)
    assert employer_code(row.employer_type) == employer
    assert bool(row.supported) is supported
    if support_end is None:
        assert pd.isna(row.support_end)
    elif support_end is not SKIP:
        assert pd.Timestamp(row.support_end) == pd.Timestamp(support_end)


@pytest.mark.parametrize("person", sorted(EPISODES))
def test_work_episode(episodes, person):
    rows = episode_rows(episodes, person)
    assert len(rows) == len(EPISODES[person]), [tuple(r) for r in rows]
    for row, expected in zip(rows, EPISODES[person], strict=True):
        check_episode(row, expected)


def test_work_episodes_of_nobody_else_start_in_the_period(episodes):
    """20 episodes start in the period (17 started with support, W04, W11 and D02's second
    not). W03's starts in 2020: if listed, it is open, municipality and supported without a
    support end (its subsidised job is open)."""
    starts = pd.to_datetime(episodes["episode_start"])
    inside = episodes[(starts >= PERIOD.start) & (starts <= PERIOD.end)]
    assert len(inside) == 20
    assert set(inside["client_key"]) == {key_of(p) for p in EPISODES}
    for row in episode_rows(episodes, "W03", in_period=False):
        check_episode(row, ("2020-01-01", None, "municipality", True, None))


def test_work_episodes_with_a_shorter_gap(retention, cleaned):
    """With gap_days=30 D01's second job (2022-05-02) starts after 2022-04-01 + 30 days: two
    episodes; the first ends with its subsidised row (no support end), the second starts
    without support."""
    frame = retention.work_episodes(cleaned, PERIOD, gap_days=30)
    rows = episode_rows(frame, "D01")
    assert len(rows) == 2
    check_episode(rows[0], ("2021-04-01", "2022-03-31", "regular", True, None))
    check_episode(rows[1], ("2022-05-02", "2023-10-31", "social_firm", False, SKIP))


def assert_horizons(table: pd.DataFrame, count: str, expected: dict[str, tuple]) -> None:
    """``expected``: label -> (count, then per horizon 6, 12, 24: observed, at work, %). A row
    the spec leaves open (a label without episodes) may be there only with zeros."""
    table = by_label(table)
    assert table.index[-1] == "Totaal"
    for label in table.index:
        if label not in expected:
            assert table.loc[label, count] == 0, label
    for label, values in expected.items():
        row = table.loc[label]
        assert row[count] == values[0], (label, count)
        for i, k in enumerate((6, 12, 24)):
            observed, at_work, pct = values[1 + 3 * i : 4 + 3 * i]
            assert row[f"observed_{k}m_n"] == observed, (label, k)
            assert row[f"at_work_{k}m_n"] == at_work, (label, k)
            assert same_pct(row[f"at_work_{k}m_pct"], pct), (label, k, row[f"at_work_{k}m_pct"])


NAN = math.nan


def test_after_start(retention, episodes):
    """Episodes started with support that start in the period (17; not W03, W04, W11, D02's
    second). Observed for k months: start + k months <= 2024-12-31.

    2021: W01 (open), W07 (to 2022-12-30), D01 (to 2023-10-31), D02 (to 2021-07-31: gone on
          2021-08-01) -> 6 m 4/3, 12 m 4/3, 24 m 4/2 (W01, D01; W07 gone 2023-09-01).
    2022: W02, W08, W09 (open), W06 (to 2023-12-31), D03 (to 2022-09-01 = start + 6 m),
          D08 (to 2023-02-28) -> 6 m 6/6, 12 m 6/4 (not D03, D08), 24 m 6/3 (W06 gone
          2024-02-01).
    2023: D04 (open: ends after the period), D07 (to 2024-03-31), R06 (open) -> 6 m 3/3, 12 m
          3/3, 24 m not observed (2025).
    2024: D05 (6 m 2024-09-01), W10 (2024-12-01), W12 (2024-07-01) observed and at work; D06
          (2025-02-01) not observed -> 6 m 3/3; 12 m, 24 m none observed.
    Total 17: 6 m 16/15 = 93.75 -> 93.8 (half up); 12 m 13/10 = 76.92; 24 m 10/5 = 50.0.
    """
    assert_horizons(
        retention.after_start(episodes, PERIOD),
        "started_n",
        {
            "2021": (4, 4, 3, 75.0, 4, 3, 75.0, 4, 2, 50.0),
            "2022": (6, 6, 6, 100.0, 6, 4, 66.7, 6, 3, 50.0),
            "2023": (3, 3, 3, 100.0, 3, 3, 100.0, 0, 0, NAN),
            "2024": (4, 3, 3, 100.0, 0, 0, NAN, 0, 0, NAN),
            "Totaal": (17, 16, 15, 93.8, 13, 10, 76.9, 10, 5, 50.0),
        },
    )


def test_by_employer(retention, episodes):
    """Employer type of the first row (D04: sw_company, 30 h against 16 h on the same day).

    regular: W01 W06 W09 D01 D08 (2021–2022), W10 W12 D05 (2024) -> 8; 6 m 8/8; 12 m 5/4
        (D08 gone); 24 m 5/3 (W06, D08 gone).
    social_firm: W02, D03 -> 2; 6 m 2/2; 12 m 2/1; 24 m 2/1.
    sw_company: W07, W08, D02, D04, R06 -> 5; 6 m 5/4 (D02 gone); 12 m 5/4; 24 m 3/1 (observed
        W07 W08 D02; at work W08) = 33.33.
    municipality: D06 (not observed), D07 -> 2; 6 m 1/1; 12 m 1/1 (2024-01-15 <= 2024-03-31);
        24 m none observed.
    """
    labels = EMPLOYER_TYPES
    assert_horizons(
        retention.by_employer(episodes, PERIOD),
        "started_n",
        {
            labels["regular"]: (8, 8, 8, 100.0, 5, 4, 80.0, 5, 3, 60.0),
            labels["social_firm"]: (2, 2, 2, 100.0, 2, 1, 50.0, 2, 1, 50.0),
            labels["sw_company"]: (5, 5, 4, 80.0, 5, 4, 80.0, 3, 1, 33.3),
            labels["municipality"]: (2, 1, 1, 100.0, 1, 1, 100.0, 0, 0, NAN),
            "Totaal": (17, 16, 15, 93.8, 13, 10, 76.9, 10, 5, 50.0),
        },
    )


def test_after_support(retention, episodes):
    """Support ends in the period for D01 2022-03-31 (work to 2023-10-31), D08 2022-12-31 (work
    to 2023-02-28), W01 2023-06-30 (open), W02 2023-12-31 (open), D05 2024-05-31 (open).

    2022: D01 at 6 m (2022-09-30) and 12 m (2023-03-31), not 24 m (2024-03-31); D08 gone at
          every horizon (24 m: 2024-12-31, the period end, still observed) -> 2; 2/1; 2/1; 2/0.
    2023: W01 (2023-12-30, 2024-06-30), W02 (2024-06-30, 2024-12-31: observed on the period end)
          -> 2; 2/2; 2/2; 24 m not observed.
    2024: D05 (2024-11-30) -> 1; 1/1; 12 m and 24 m not observed.
    No support ended in 2021: that row may be left out.
    Total 5: 6 m 5/4 = 80.0; 12 m 4/3 = 75.0; 24 m 2/0 = 0.0.
    """
    assert_horizons(
        retention.after_support(episodes, PERIOD),
        "support_ended_n",
        {
            "2022": (2, 2, 1, 50.0, 2, 1, 50.0, 2, 0, 0.0),
            "2023": (2, 2, 2, 100.0, 2, 2, 100.0, 0, 0, NAN),
            "2024": (1, 1, 1, 100.0, 0, 0, NAN, 0, 0, NAN),
            "Totaal": (5, 5, 4, 80.0, 4, 3, 75.0, 2, 0, 0.0),
        },
    )


def test_return_to_benefit(retention, episodes, cleaned):
    """Episodes started with support that ended in the period (D04's end after the period is
    open), and a benefit-scheme spell starting after the end, on or before end + k months;
    observed when end + k months <= 2024-12-31.

    regular: W06 (end 2023-12-31, pw 2024-03-01: back 6 and 12; 12 m observed on the period
        end), D01 (2023-10-31; special assistance 2024-01-15 does not count, pw 2025-01-15 after
        12 m), D08 (2023-02-28, no spell) -> 3; 6 m 3/1 = 33.3; 12 m 3/1.
    social_firm: D03 (2022-09-01, pw the next day) -> 1; 1/1; 1/1.
    sw_company: W07 (2022-12-30, pw 2023-08-01: not within 6 (2023-06-30), within 12
        (2023-12-30)), D02 (2021-07-31, no spell after) -> 2; 2/0; 2/1.
    municipality: D06 (2024-10-31, pw 2024-11-15: not observed), D07 (2024-03-31, pw 2024-10-01:
        not within 6 (2024-09-30); 12 m not observed) -> 2; 1/0; 0/0.
    Total 8: 6 m 7/2 = 28.57; 12 m 6/3 = 50.0.
    """
    table = by_label(retention.return_to_benefit(episodes, cleaned, PERIOD))
    assert table.index[-1] == "Totaal"
    labels = EMPLOYER_TYPES
    expected = {
        labels["regular"]: (3, 3, 1, 33.3, 3, 1, 33.3),
        labels["social_firm"]: (1, 1, 1, 100.0, 1, 1, 100.0),
        labels["sw_company"]: (2, 2, 0, 0.0, 2, 1, 50.0),
        labels["municipality"]: (2, 1, 0, 0.0, 0, 0, NAN),
        "Totaal": (8, 7, 2, 28.6, 6, 3, 50.0),
    }
    assert set(table.index) == set(expected)
    counts = ["ended_n", "observed_6m_n", "back_6m_n", "observed_12m_n", "back_12m_n"]
    for label, (ended, o6, b6, p6, o12, b12, p12) in expected.items():
        row = table.loc[label]
        assert [row[c] for c in counts] == [ended, o6, b6, o12, b12], label
        assert same_pct(row["back_6m_pct"], p6), label
        assert same_pct(row["back_12m_pct"], p12), label
