"""A hand-built 2026 extract (Participatiewet era), checked against docs/registry.md alone.

The extract in ``tests/handbuilt_2026/registry/`` is the client registry of the fictional
municipality Veenwijk, period 2023-01-01 to 2025-12-31 (reference date 2026-01-01), written with
the municipality's own codes (``tests/handbuilt_2026/codes.yml``: scheme, end reason, exemption
reason and instrument are own codes; household role, inflow reason, employer type and ground are
model codes, read as they are). Every expected figure below was worked out by hand from the
documentation, never by calling the implementation.

Own codes: scheme PW/IOAW/IOAZ/BBZ/BB(= special_assistance_only); end reason 01 work_employee,
02 work_self_employed, 10 other_income, 20 household_change, 30 state_pension_age, 40 moved,
50 detention, 60 death, 99 other_unknown; exemption MED urgent_medical, SOC urgent_social,
ZORG urgent_care, AO fully_incapacitated, AO5 single_parent_child_under_5; instrument LKS lks,
BW beschut_werk, JC jobcoach, TRAJ trajectory, TRAIN training, SA social_activation, IDWIW id_wiw_job.

Persons (spells as start–end scheme/end reason; "exit" = the first episode ending in the period):

P01 078809320 b.1990-05-10  PW 2020-03-01–2023-06-30 (01). Stock, work, age 32. Exit 2023-06-30 to
    work, never back, observed 6 and 12 m. Two LKS provisions in the period (9000.50, 6000.00).
    Employment row written as 78809320 (leading zero dropped by a spreadsheet: padded, same key).
P02 184520599 b.1995-02-01  PW 2023-02-01–2023-08-31 (01); PW 2024-02-29–open. Counting spell is
    the open one: cohort 2024, on benefit, age 29. Exit 2023-08-31 to work, back 2024-02-29 =
    exit + 6 months exactly (leap day): back within 6 and 12 m; 182 days = 5.979 months.
P03 155008754 b.1980-07-15  BBZ 2022-10-01–2023-03-31 (02); PW 2023-10-01–2024-09-30 (10). Counting
    spell the PW one: cohort 2023, other, 365 days (exit within 1 year, boundary), age 43. Exit
    2023-03-31 self-employed; back 2023-10-01 > 2023-09-30 (= +6 m): not back in 6, back in 12
    (<= 2024-03-31). Second exit 2024-09-30 does not count (first exit only).
P04 936957931 b.1970-01-20  PW 2021-05-01–2023-04-30 (40); PW 2024-06-01–open. Cohort 2024, on
    benefit, age 54. Exit 2023-04-30 moved, back 2024-06-01 > 2024-04-30: not back in 6 or 12 m.
P05 352477647 b.1985-11-30  PW 2019-01-01–2023-05-31 (10); PW 2023-06-01–2024-03-31 (01): adjacent
    spells, one episode (no exit in 2023-05). Counting spell 2023-06-01: cohort 2023, work,
    304 days (within 1 year), age 37. Exit 2024-03-31 to work, never back. LKS 12000.00.
P06 603784951 b.1962-08-08  PW 2018-04-01–2023-08-31 (10); IOAW 2023-09-01–open: change of scheme
    without a gap, no exit. Cohort 2023 (the IOAW spell), scheme ioaw, on benefit, age 61.
    Beschut werk 8000.00; employment (sw_company, flag "Waar"); target register "603.784.951".
P07 575407207 b.1958-02-10  IOAW 2020-01-01–2025-02-28 (30). Stock, other, age 64. Exemption AO ->
    fully_incapacitated. Exit 2025-02-28 (other), observed 6 m (2025-08-28) not 12 m.
P08 301461338 b.1999-09-09  PW 2025-01-15–2025-09-30 (01). Cohort 2025, work, 258 days, age 25.
    Exit 2025-09-30 too late to be observed for 6 (or 12) months.
P09 190727615 b.1992-04-04  PW 2024-03-01–2025-02-28 (20); PW 2025-10-01–open. Cohort 2025, on
    benefit, age 33. Exit 2025-02-28 household_change: observed 6 m, not back in 6 (2025-08-28);
    back within 12 m (2026-02-28) but NOT observed for 12 m, so left out of the 12-month share.
P10 934190823 b.1988-12-12  PW 2023-01-01–2023-04-30 (empty reason); PW 2023-07-15–open. Cohort 2023,
    on benefit, age 34. Exit 2023-04-30 other_unknown (empty), back after 76 days (2.497 months).
P11 820568326 b.1975-03-03  PW 2023-01-01–open (starts ON the period start: cohort 2023, not stock);
    BB 2023-05-01–2023-05-31 beside it (stays; BB is never the counting spell). Age 47. Trajectory
    2500.00 and training 600.00 in the period (one client, two instruments).
P12 869539711 b.1983-06-06  PW 2019-01-01–2020-12-31 (01) (an exit before the period: not the first
    exit in the period); PW 2022-01-01–2023-06-30 (99); BB 2023-07-01–2023-12-31 (not a benefit:
    the exit stands). Stock, other, age 39. Exit 2023-06-30 other_unknown, never back.
P13 398442782 b.1968-10-10  PW 2015-01-01–open. Stock, on benefit, age 54. Exemptions ZORG
    2020-01-01–2023-12-31, SOC 2024-01-01–2024-12-31, MED 2024-01-01–2024-06-30: latest start,
    tie-break longest -> urgent_social. Trajectory 2022-09-01 (started before the period: no cost).
P14 566432316 b.1979-01-01  PW 2023-03-01–open. Cohort 2023, on benefit, age 44. Exemptions AO and
    MED both 2023-03-01–2023-12-31 (AO first in the file): same end, model order ->
    urgent_medical. Social activation 450.00.
P15 937176345 b.1990-01-15  PW 2024-05-01–2025-04-30 (01). Cohort 2024, work, 364 days, age 34.
    Exemptions ZORG 2024-05-01–2025-04-30 and AO5 2024-05-01–open: open end runs longest ->
    single_parent_child_under_5. Exit 2025-04-30 to work: observed 6 not 12. Jobcoach 1500.00.
P16 451159378 b.2004-06-30  PW 2022-06-01–open. Stock, on benefit, age 18 ("tot 18 jaar").
    Exemption MED 2021-2022 ends before the period: not exempt. Beschut werk without cost.
P17 225204265 b.2004-01-01  PW 2023-03-01–2023-09-30 (01); PW 2026-02-01–open (after the period:
    the counting spell under 'period' is the 2023 one). Cohort 2023, work, 213 days, age 19.
    Exit 2023-09-30 to work, not back within 6 or 12 months.
P18 137526805 b.1960-03-03  IOAZ 2021-01-01–2023-12-31 (02). Stock, ioaz, work, age 62. Exit to
    work (self-employed). An id_wiw_job provision 2019-01-01–2022-12-31 ends the day before the
    period: rule 6 does not apply.
P19 523659660 b.1997-07-07  PW 2023-05-01–2023-11-30 (50); PW 2025-01-06–open. Cohort 2025, on
    benefit, age 27. Exit 2023-11-30 detention, back after more than 12 months.
P20 536630446 b.1957-05-05  PW 2016-01-01–2024-08-15 (60) and BBZ 2017-01-01–2018-12-31 (02) inside
    it (starts later, ends earlier: the episode ends 2024-08-15 with reason death). Stock, other,
    age 65 (below the AOW age).
P21 920540491 b.1956-03-01  66 years 10 months on 2023-01-01 = AOW age of 2023: past the AOW age,
    rule 3 drops client, spell, exemption and provision.
P22 312066612 b.1956-06-01  66 years 7 months on 2023-01-01 (AOW age 66y7m in 2022 only reached on
    2023-01-01, 66y10m in 2023 only on 2023-04-01): not past the AOW age under either reading.
    PW 2012-01-01–2023-03-31 (30). Stock, other, age 66. Exit other, never back.
P23 688327163 active AND passive registration: rule 4 drops 2 clients, 1 spell, 1 employment row.
P24 578499204 only BB spells (2): rule 5 drops 1 client, 2 spells, 1 target-register row.
P25 102644081 provision IDWIW 2022-06-01–2023-02-28 overlaps the period: rule 6 drops 1 client,
    1 spell, 1 provision.
P26 207725755 b.2001-01-01  PW 2025-03-01–2025-12-31 (01): ends ON the period end, so ended (work).
    Cohort 2025, 305 days, age 24. Exit 2025-12-31, not observed.
P27 123456780 fails the 11-proef: rule 2 drops 1 client, 1 spell, 1 employment row.
P28 510340751 PW 2019-2021 only; jobcoach 2024 (3000.00): in the file without benefit.
P29 751703369 PW 2018-01-01–2022-12-31 (ends the day before the period) and a training provision
    that also ended 2022-12-31: neither benefit nor provision in the period -> not in the file.
P30 234399995 b.1993-03-03  PW 2024-01-01–2026-01-31 (01): ends after the period end -> on benefit;
    the episode does not end in the period (no exit). Cohort 2024, age 30.
No BSN: client C032, one spell, one exemption, one provision (rule 1).
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.registry import intake
from analysis.registry.codes import load_codes
from analysis.registry.extract import ReadOptions, load_extract
from analysis.registry.model import RegistryError
from analysis.steps import outflow, reinflow
from analysis.steps.costs import provision_costs

HERE = Path(__file__).parent / "handbuilt_2026"
FOLDER = HERE / "registry"
CODES = HERE / "codes.yml"
EXTRACT_DATE = dt.date(2026, 6, 30)
KEY = b"a-test-key-of-16+chars"
PERIOD = intake.Period.of("2023-01-01", "2025-12-31")
OPTIONAL = ("exemptions", "provisions", "employment", "target_register")

BSN = {
    "P01": "078809320",
    "P02": "184520599",
    "P03": "155008754",
    "P04": "936957931",
    "P05": "352477647",
    "P06": "603784951",
    "P07": "575407207",
    "P08": "301461338",
    "P09": "190727615",
    "P10": "934190823",
    "P11": "820568326",
    "P12": "869539711",
    "P13": "398442782",
    "P14": "566432316",
    "P15": "937176345",
    "P16": "451159378",
    "P17": "225204265",
    "P18": "137526805",
    "P19": "523659660",
    "P20": "536630446",
    "P21": "920540491",
    "P22": "312066612",
    "P23": "688327163",
    "P24": "578499204",
    "P25": "102644081",
    "P26": "207725755",
    "P27": "123456780",
    "P28": "510340751",
    "P29": "751703369",
    "P30": "234399995",
}
SPARE_BSN = ("754620554", "749507135")  # for the extra persons of the variant extracts


def eleven_proef(bsn: str) -> bool:
    digits = [int(c) for c in bsn.zfill(9)]
    total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    return len(bsn.zfill(9)) == 9 and total % 11 == 0


def key_of(person: str) -> str:
    return intake.pseudonymise(pd.Series([BSN[person]], dtype=object), KEY).iloc[0]


def read(folder: Path = FOLDER, codes: dict | None = None, tables=None):
    codes = load_codes(CODES) if codes is None else codes
    opts = ReadOptions(extract_date=EXTRACT_DATE, codes=codes, tables=tables)
    return load_extract(folder, opts)


def copy_extract(tmp_path: Path) -> Path:
    target = tmp_path / "registry"
    shutil.copytree(FOLDER, target)
    return target


def run(raw, age_limit="aow", skip=()):
    return intake.run_intake(
        raw, PERIOD, key=KEY, age_limit=age_limit, lower_rungs="drop", spells="period", skip=skip
    )


@pytest.fixture(scope="module")
def raw():
    return read()


@pytest.fixture(scope="module")
def cleaned(raw):
    """The cleaned registry as the documentation's intake (age_limit "aow") leaves it."""
    return run(raw).registry


@pytest.fixture(scope="module")
def status(cleaned):
    return outflow.client_status(cleaned, PERIOD, spells="period")


@pytest.fixture(scope="module")
def exits(cleaned):
    return reinflow.exits(cleaned["benefit_spells"], PERIOD)


# --------------------------------------------------------------------------------------------
# reading


def test_bsns_of_the_extract():
    assert len(set(BSN.values())) == len(BSN)
    assert [p for p, b in BSN.items() if not eleven_proef(b)] == ["P27"]
    assert all(eleven_proef(b) for b in SPARE_BSN)


def test_reads_every_table_with_the_codes_mapping(raw):
    counts = {name: len(raw[name]) for name in ("clients", "benefit_spells", *OPTIONAL)}
    assert counts == {
        "clients": 32,
        "benefit_spells": 45,
        "exemptions": 11,
        "provisions": 16,
        "employment": 6,
        "target_register": 4,
    }
    spells = raw["benefit_spells"]
    # own codes counted in the CSV: PW 36, BB 4, BBZ 2, IOAW 2, IOAZ 1
    assert spells["scheme"].value_counts().to_dict() == {
        "pw": 36,
        "special_assistance_only": 4,
        "bbz": 2,
        "ioaw": 2,
        "ioaz": 1,
    }
    # 01 x10, 02 x3, 10 x4, 20, 30 x2, 40, 50, 60, 99 x5; 17 empty
    assert spells["end_reason"].value_counts().to_dict() == {
        "work_employee": 10,
        "other_unknown": 5,
        "other_income": 4,
        "work_self_employed": 3,
        "state_pension_age": 2,
        "household_change": 1,
        "moved": 1,
        "detention": 1,
        "death": 1,
    }
    assert spells["end_reason"].isna().sum() == 17
    # an unmapped code column is read as it is (inflow_reason: model codes; empty on P03's
    # second spell and the four BB spells)
    assert spells["inflow_reason"].isna().sum() == 5
    assert "job_loss" in set(spells["inflow_reason"].dropna())
    assert sorted(raw["exemptions"]["reason"].value_counts().items()) == [
        ("fully_incapacitated", 2),
        ("single_parent_child_under_5", 1),
        ("urgent_care", 2),
        ("urgent_medical", 4),
        ("urgent_social", 2),
    ]
    provisions = raw["provisions"].set_index("provision_id")
    assert provisions.loc["V04", "instrument"] == "beschut_werk"
    assert provisions.loc["V12", "instrument"] == "id_wiw_job"
    assert pd.isna(provisions.loc["V04", "cost_eur"])  # empty cost: unknown, never zero
    assert provisions.loc["V01", "cost_eur"] == pytest.approx(9000.50)
    assert raw["employment"]["subsidised"].tolist() == [False, True, False, True, False, True]
    assert raw["employment"]["employer_type"].tolist() == [
        "regular",
        "social_firm",
        "regular",
        "municipality",
        "regular",
        "sw_company",
    ]
    assert sorted(raw["target_register"]["ground"]) == [
        "beschut_werk",
        "indicatie_banenafspraak",
        "praktijkroute",
        "wajong",
    ]


def test_declared_tables_read(raw):
    registry = read(tables=OPTIONAL)
    assert all(registry.has(name) for name in OPTIONAL)


def test_unmapped_own_code_stops_with_file_line_column_and_mapping(tmp_path):
    folder = copy_extract(tmp_path)
    file = folder / "benefit_spells.csv"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[30].startswith("523659660,2023-05-01,2023-11-30,PW,other_unknown,50")  # line 31
    lines[30] = lines[30].replace(",50\n", ",77\n")
    file.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        read(folder)
    message = str(err.value)
    for part in ("benefit_spells.csv", "line 31", "end_reason", "'77'", "codes.yml"):
        assert part in message, (part, message)
    assert "benefit_spells.end_reason maps: 01, 02, 10, 20, 30, 40, 50, 60, 99" in message
    assert "523659660" not in message  # a BSN never appears in a message


@pytest.mark.parametrize(
    "text, key",
    [
        ("benefit_spells:\n  scheme:\n    PW: wwb\n", "wwb"),  # target not a model code
        ("benefit_spells:\n  regeling:\n    PW: pw\n", "regeling"),  # unknown column
        ("uitkeringen:\n  scheme:\n    PW: pw\n", "uitkeringen"),  # unknown table
    ],
)
def test_codes_file_refused_with_its_key(tmp_path, text, key):
    file = tmp_path / "codes.yml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        read(codes=load_codes(file))
    assert key in str(err.value)


def test_declared_table_missing(tmp_path):
    with pytest.raises(RegistryError) as err:
        read(tables=(*OPTIONAL, "unemployment_benefits"))
    assert "unemployment_benefits" in str(err.value)


def test_undeclared_table_present():
    with pytest.raises(RegistryError) as err:
        read(tables=("exemptions", "provisions", "employment"))
    assert "target_register" in str(err.value)
    assert "registry.tables" in str(err.value)


# --------------------------------------------------------------------------------------------
# intake

# dropped records per rule and table, by hand (see the person list)
FUNNEL = {
    "drop_missing_bsn": {"clients": 1, "benefit_spells": 1, "exemptions": 1, "provisions": 1},
    "drop_invalid_bsn": {"clients": 1, "benefit_spells": 1, "employment": 1},
    "drop_past_aow_age": {"clients": 1, "benefit_spells": 1, "exemptions": 1, "provisions": 1},
    "drop_active_passive_duplicates": {"clients": 2, "benefit_spells": 1, "employment": 1},
    "drop_special_assistance_only": {"clients": 1, "benefit_spells": 2, "target_register": 1},
    "drop_id_wiw_jobs": {"clients": 1, "benefit_spells": 1, "provisions": 1},
}
TABLES = ("clients", "benefit_spells", *OPTIONAL)


def dropped(funnel: pd.DataFrame, rule: str) -> dict[str, int]:
    rows = funnel[(funnel["rule"] == rule) & (funnel["dropped"] > 0)]
    return {r.table: int(r.dropped) for r in rows.itertuples() if r.table in TABLES}


def test_intake_with_aow_rule(raw):
    """The documented default age rule runs on a 2026 extract (people born up to 2007): whether a
    person reached the AOW age on the period start needs the table's years up to 2023 only (an
    independent reading of the spec found the first version computing every AOW date and stopping
    at the table's end in 2030)."""
    result = run(raw)
    funnel = result.funnel
    for rule, expected in FUNNEL.items():
        assert dropped(funnel, rule) == expected, rule
    first = funnel[funnel["table"] == "clients"].iloc[0]
    assert first["records_in"] == 32
    # 32 - 1 - 1 - 1 - 2 - 1 - 1 = 25 clients after rule 6
    after6 = funnel[(funnel["rule"] == "drop_id_wiw_jobs") & (funnel["table"] == "clients")]
    assert after6["records_out"].tolist() == [25]


def test_funnel_rules_other_than_age(raw):
    """Rules 1, 2, 4, 5 and 6 on the extract without P21 (age limit 67 drops nobody)."""
    funnel = run(read(), age_limit=67).funnel
    for rule, expected in FUNNEL.items():
        if rule == "drop_past_aow_age":
            assert dropped(funnel, "drop_past_age_limit") == {}
            assert dropped(funnel, "drop_aged_65_plus") == {}
            continue
        assert dropped(funnel, rule) == expected, rule
    # after rule 6: 32 - 1 - 1 - 2 - 1 - 1 = 26 clients (P21 kept at age limit 67)
    after6 = funnel[(funnel["rule"] == "drop_id_wiw_jobs") & (funnel["table"] == "clients")]
    assert after6["records_out"].tolist() == [26]


def write_mini(folder: Path, people: list[tuple[str, str]]) -> None:
    folder.mkdir(parents=True)
    clients = ["client_number,bsn,name,birth_date,household_role"]
    spells = ["bsn,spell_start,spell_end,scheme,inflow_reason,end_reason"]
    for i, (bsn, born) in enumerate(people, 1):
        clients.append(f"M{i:03d},{bsn},Persoon {i},{born},active")
        spells.append(f"{bsn},2015-01-01,,PW,job_loss,")
    (folder / "clients.csv").write_text("\n".join(clients) + "\n", encoding="utf-8")
    (folder / "benefit_spells.csv").write_text("\n".join(spells) + "\n", encoding="utf-8")


def test_aow_boundary(tmp_path):
    """Only persons born before 1960, so that every AOW date falls inside aow_age.csv.

    The rule: reached on the first day the age is at least the AOW age of that day's year.
    - born 1956-03-01: 66y10m on 2023-01-01 (2023: 66y10m) -> past;
    - born 1956-05-31: 66y7m on 2022-12-31 (2022: 66y7m) -> reached in 2022 -> past, although
      on 2023-01-01 the age (66y7m1d) is below 2023's 66y10m;
    - born 1956-06-01: 66y7m only on 2023-01-01, when 66y10m applies -> not past (reached
      2023-04-01);
    - born 1957-05-05: 65 -> not past.
    """
    folder = tmp_path / "registry"
    write_mini(
        folder,
        [
            (BSN["P21"], "1956-03-01"),
            (SPARE_BSN[0], "1956-05-31"),
            (BSN["P22"], "1956-06-01"),
            (BSN["P20"], "1957-05-05"),
        ],
    )
    result = run(read(folder, codes={"benefit_spells": {"scheme": {"PW": "pw"}}}))
    assert dropped(result.funnel, "drop_past_aow_age") == {"clients": 2, "benefit_spells": 2}
    keys = intake.pseudonymise(pd.Series([BSN["P22"], BSN["P20"]], dtype=object), KEY)
    assert set(result.registry["benefit_spells"]["client_key"]) == set(keys)


def test_cleaned_registry_is_pseudonymised(cleaned):
    for name in ("clients", "benefit_spells", *OPTIONAL):
        frame = cleaned[name]
        assert "client_key" in frame.columns, name
        assert not {"bsn", "name", "client_number", "birth_date"} & set(frame.columns), name


def test_employment_and_target_register_kept(cleaned):
    # employment: P01 (written 78809320), P05, P03, P06 stay; P23 (rule 4), P27 (rule 2) go
    assert sorted(cleaned["employment"]["client_key"]) == sorted(
        key_of(p) for p in ("P01", "P05", "P03", "P06")
    )
    # target register: P16, P06 (written 603.784.951), P28 stay; P24 (rule 5) goes
    assert sorted(cleaned["target_register"]["client_key"]) == sorted(
        key_of(p) for p in ("P16", "P06", "P28")
    )


# --------------------------------------------------------------------------------------------
# outflow: who is in the file, client status

WITH_BENEFIT = [f"P{i:02d}" for i in range(1, 21)] + ["P22", "P26", "P30"]  # 23 persons
IN_FILE = [*WITH_BENEFIT, "P28"]  # P28: provision in the period, no benefit


def test_who_is_in_the_file(status):
    assert len(status) == 24
    assert set(status["client_key"]) == {key_of(p) for p in IN_FILE}
    for absent in ("P21", "P23", "P24", "P25", "P27", "P29"):
        assert key_of(absent) not in set(status["client_key"]), absent


# person: has_benefit, cohort, scheme, end_status, age, age group prefix, exit within 1 year,
#         exempt, exemption reason, duration in days (ended spells)
STATUS = {
    "P01": (True, "stock", "pw", "work", 32, "31 t/m 35", False, False, None, 1216),
    "P02": (True, "2024", "pw", "on_benefit", 29, "28 t/m 30", False, False, None, None),
    "P03": (True, "2023", "pw", "other", 43, "41 t/m 45", True, False, None, 365),
    "P04": (True, "2024", "pw", "on_benefit", 54, "51 t/m 56", False, False, None, None),
    "P05": (True, "2023", "pw", "work", 37, "36 t/m 40", True, False, None, 304),
    "P06": (True, "2023", "ioaw", "on_benefit", 61, "57 jaar en ouder", False, False, None, None),
    "P07": (
        True,
        "stock",
        "ioaw",
        "other",
        64,
        "57 jaar",
        False,
        True,
        "fully_incapacitated",
        None,
    ),
    "P08": (True, "2025", "pw", "work", 25, "24 t/m 27", True, False, None, 258),
    "P09": (True, "2025", "pw", "on_benefit", 33, "31 t/m 35", False, False, None, None),
    "P10": (True, "2023", "pw", "on_benefit", 34, "31 t/m 35", False, False, None, None),
    "P11": (True, "2023", "pw", "on_benefit", 47, "46 t/m 50", False, False, None, None),
    "P12": (True, "stock", "pw", "other", 39, "36 t/m 40", False, False, None, 545),
    "P13": (True, "stock", "pw", "on_benefit", 54, "51 t/m 56", False, True, "urgent_social", None),
    "P14": (True, "2023", "pw", "on_benefit", 44, "41 t/m 45", False, True, "urgent_medical", None),
    "P15": (
        True,
        "2024",
        "pw",
        "work",
        34,
        "31 t/m 35",
        True,
        True,
        "single_parent_child_under_5",
        364,
    ),
    "P16": (True, "stock", "pw", "on_benefit", 18, "tot 18 jaar", False, False, None, None),
    "P17": (True, "2023", "pw", "work", 19, "19 t/m 23", True, False, None, 213),
    "P18": (True, "stock", "ioaz", "work", 62, "57 jaar", False, False, None, 1094),
    "P19": (True, "2025", "pw", "on_benefit", 27, "24 t/m 27", False, False, None, None),
    "P20": (True, "stock", "pw", "other", 65, "57 jaar", False, False, None, 3149),
    "P22": (True, "stock", "pw", "other", 66, "57 jaar", False, False, None, 4107),
    "P26": (True, "2025", "pw", "work", 24, "24 t/m 27", True, False, None, 305),
    "P30": (True, "2024", "pw", "on_benefit", 30, "28 t/m 30", False, False, None, None),
}


@pytest.mark.parametrize("person", sorted(STATUS))
def test_client_status(status, person):
    has, cohort, scheme, end, age, group, within, exempt, reason, days = STATUS[person]
    row = status.set_index("client_key").loc[key_of(person)]
    assert bool(row["has_benefit"]) is has
    assert row["cohort"] == cohort
    assert row["scheme"] == scheme
    assert row["end_status"] == end
    assert int(row["age"]) == age
    assert str(row["age_group"]).startswith(group)
    assert bool(row["exit_within_1y"]) is within
    assert bool(row["exempt"]) is exempt
    assert (None if pd.isna(row["exemption_reason"]) else row["exemption_reason"]) == reason
    if days is not None:
        assert row["duration_days"] == days


def test_client_without_benefit(status):
    row = status.set_index("client_key").loc[key_of("P28")]
    assert not bool(row["has_benefit"])
    assert pd.isna(row["cohort"]) and pd.isna(row["end_status"])
    assert not bool(row["exit_within_1y"])


# --------------------------------------------------------------------------------------------
# outflow tables


@pytest.fixture(scope="module")
def tables(cleaned, status):
    return outflow.all_tables(cleaned, status, PERIOD, edges=[0, 10, 20, 35, 100], success_pct=35)


def test_tables_computed_without_ladder_contracts_activities(tables):
    # t4_13 needs the ladder, t4_17/t4_18 contracts; t4_14-t4_16 read the completed trajectories
    # (activities), which this extract does not have.
    assert sorted(tables) == ["t4_6", "t4_7", "t4_8"]


def test_t4_6(tables):
    """Per cohort: beginstand, on benefit on 2026-01-01, exits, exits to work, % of beginstand.

    stock: P01 w, P07 o, P12 o, P13 b, P16 b, P18 w, P20 o, P22 o -> 8, 2, 6, 2, 25.0
    2023:  P03 o, P05 w, P06 b, P10 b, P11 b, P14 b, P17 w      -> 7, 4, 3, 2, 28.6 (28.57)
    2024:  P02 b, P04 b, P15 w, P30 b                           -> 4, 3, 1, 1, 25.0
    2025:  P08 w, P09 b, P19 b, P26 w                           -> 4, 2, 2, 2, 50.0
    total                                                     -> 23, 11, 12, 7, 30.4 (30.43)
    """
    t = tables["t4_6"]
    assert t["label"].tolist()[-1] == "Totaal bijstandscliënten"
    values = t[["beginstand_n", "in_uitkering_n", "uitstroom_n", "uitstroom_werk_n"]]
    assert values.values.tolist() == [
        [8, 2, 6, 2],
        [7, 4, 3, 2],
        [4, 3, 1, 1],
        [4, 2, 2, 2],
        [23, 11, 12, 7],
    ]
    assert t["uitstroom_werk_pct"].tolist() == [25.0, 28.6, 25.0, 50.0, 30.4]
    assert "2023" in t["label"].iloc[1] and "2025" in t["label"].iloc[3]


def test_t4_7(tables):
    """Per age group: clients, exits within one year (ended in the period, <= 365 days), to work.

    tot 18: P16; 19-23: P17 (w); 24-27: P08 (w), P19, P26 (w); 28-30: P02, P30;
    31-35: P01, P09, P10, P15 (w); 36-40: P05 (w), P12; 41-45: P03 (other, 365 days), P14;
    46-50: P11; 51-56: P04, P13; 57+: P06, P07, P18, P20, P22.
    """
    t = tables["t4_7"]
    counts = t[["aantal_clienten_n", "uitstroom_1jaar_n", "uitstroom_werk_1jaar_n"]]
    assert counts.values.tolist() == [
        [1, 0, 0],
        [1, 1, 1],
        [3, 2, 2],
        [2, 0, 0],
        [4, 1, 1],
        [2, 1, 1],
        [2, 1, 0],
        [1, 0, 0],
        [2, 0, 0],
        [5, 0, 0],
        [23, 6, 5],
    ]
    # % of the clients of the row: 6/23 = 26.09, 5/23 = 21.74; 2/3 = 66.67
    assert t["uitstroom_1jaar_pct"].tolist()[-1] == 26.1
    assert t["uitstroom_werk_1jaar_pct"].tolist()[-1] == 21.7
    assert t["uitstroom_1jaar_pct"].tolist()[2] == 66.7
    assert t["label"].iloc[0].startswith("tot 18")


def test_t4_8(tables):
    """Exempt clients with benefit by ground (the five Pw grounds, zero rows included) and cohort.

    P13 stock urgent_social, P14 2023 urgent_medical, P15 2024 single_parent, P07 stock
    fully_incapacitated; nobody urgent_care. Clients per cohort 8, 7, 4, 4 = 23.
    % (no decimals, as printed in 2006): of all 23 clients: 1/23 = 4.3 -> 4, 4/23 = 17.4 -> 17;
    per cohort: 2/8 = 25, 1/7 = 14.3 -> 14, 1/4 = 25, 0/4 = 0.
    """
    t = tables["t4_8"]
    cohorts = [c for c in t.columns if c.endswith("_n") and c != "totaal_n"]
    assert len(cohorts) == 4  # stock, 2023, 2024, 2025
    grid = t[[*cohorts, "totaal_n"]].values.tolist()
    assert grid[:5] == [
        [0, 1, 0, 0, 1],  # urgent_medical
        [1, 0, 0, 0, 1],  # urgent_social
        [0, 0, 0, 0, 0],  # urgent_care
        [1, 0, 0, 0, 1],  # fully_incapacitated
        [0, 0, 1, 0, 1],  # single_parent_child_under_5
    ]
    assert grid[5] == [2, 1, 1, 0, 4]  # total exemptions
    assert grid[6] == [8, 7, 4, 4, 23]  # total clients
    assert grid[7] == [25, 14, 25, 0, 17]  # percentage per cohort
    assert t["totaal_pct"].tolist()[:7] == [4, 4, 0, 4, 4, 17, 100]
    assert len(t) == 8  # no WWB grounds: none occurs in this extract
    assert "Pw" in t["label"].iloc[0]


# --------------------------------------------------------------------------------------------
# re-inflow

# person: end_reason, to_work, exit year, observed_6m, back_6m, observed_12m, back_12m
EXITS = {
    "P01": ("work_employee", True, 2023, True, False, True, False),
    "P02": ("work_employee", True, 2023, True, True, True, True),
    "P03": ("work_self_employed", True, 2023, True, False, True, True),
    "P04": ("moved", False, 2023, True, False, True, False),
    "P05": ("work_employee", True, 2024, True, False, True, False),
    "P07": ("state_pension_age", False, 2025, True, False, False, False),
    "P08": ("work_employee", True, 2025, False, False, False, False),
    "P09": ("household_change", False, 2025, True, False, False, True),
    "P10": ("other_unknown", False, 2023, True, True, True, True),
    "P12": ("other_unknown", False, 2023, True, False, True, False),
    "P15": ("work_employee", True, 2025, True, False, False, False),
    "P17": ("work_employee", True, 2023, True, False, True, False),
    "P18": ("work_self_employed", True, 2023, True, False, True, False),
    "P19": ("detention", False, 2023, True, False, True, False),
    "P20": ("death", False, 2024, True, False, True, False),
    "P22": ("state_pension_age", False, 2023, True, False, True, False),
    "P26": ("work_employee", True, 2025, False, False, False, False),
}
EPISODE_END = {
    "P01": "2023-06-30",
    "P02": "2023-08-31",
    "P03": "2023-03-31",
    "P04": "2023-04-30",
    "P05": "2024-03-31",
    "P07": "2025-02-28",
    "P08": "2025-09-30",
    "P09": "2025-02-28",
    "P10": "2023-04-30",
    "P12": "2023-06-30",
    "P15": "2025-04-30",
    "P17": "2023-09-30",
    "P18": "2023-12-31",
    "P19": "2023-11-30",
    "P20": "2024-08-15",
    "P22": "2023-03-31",
    "P26": "2025-12-31",
}


def test_exits_are_the_first_exits_of_persons_in_the_file(exits):
    assert len(exits) == 17
    assert set(exits["client_key"]) == {key_of(p) for p in EXITS}


@pytest.mark.parametrize("person", sorted(EXITS))
def test_exit(exits, person):
    reason, work, year, o6, b6, o12, b12 = EXITS[person]
    row = exits.set_index("client_key").loc[key_of(person)]
    assert pd.Timestamp(row["episode_end"]) == pd.Timestamp(EPISODE_END[person])
    assert row["end_reason"] == reason
    assert bool(row["to_work"]) is work
    assert int(row["exit_year"]) == year
    assert (bool(row["observed_6m"]), bool(row["back_6m"])) == (o6, b6)
    assert (bool(row["observed_12m"]), bool(row["back_12m"])) == (o12, b12)


@pytest.mark.parametrize(
    "person, next_start, days",
    [("P02", "2024-02-29", 182), ("P03", "2023-10-01", 184), ("P10", "2023-07-15", 76)],
)
def test_time_to_return(exits, person, next_start, days):
    row = exits.set_index("client_key").loc[key_of(person)]
    assert pd.Timestamp(row["next_start"]) == pd.Timestamp(next_start)
    assert bool(row["returned"])
    assert row["months"] == pytest.approx(days / (365.25 / 12))


def pct_or_nan(value) -> float:
    return math.nan if value is None or pd.isna(value) else float(value)


def assert_rows(frame: pd.DataFrame, expected: list[tuple]) -> None:
    columns = ["exits_n", "observed_6m_n", "back_6m_n", "observed_12m_n", "back_12m_n"]
    assert frame[columns].values.tolist() == [list(e[:5]) for e in expected]
    for got6, got12, e in zip(frame["back_6m_pct"], frame["back_12m_pct"], expected, strict=True):
        for got, want in ((got6, e[5]), (got12, e[6])):
            got = pct_or_nan(got)
            assert (math.isnan(got) and math.isnan(want)) or got == want, (got, want, e)


def test_reinflow_by_reason(exits):
    """Reasons that occur, in the order of the end-reason table; subtotals work, other; total.

    work_employee: P01 P02 P05 P08 P15 P17 P26 -> 7; obs6 5 (not P08, P26), back6 1 (P02);
        obs12 4 (P01 P02 P05 P17), back12 1 (P02).
    work_self_employed: P03 P18 -> 2; 2, 0; 2, 1 (P03).
    household_change: P09 -> 1; 1, 0; 0, 0 (back in 12 months, but not observed: left out).
    state_pension_age: P07 P22 -> 2; 2, 0; 1 (P22), 0.
    moved P04, detention P19, death P20: 1; 1, 0; 1, 0 each.
    other_unknown: P10 (empty reason) P12 -> 2; 2, 1 (P10); 2, 1.
    work: 9; 7, 1 (14.3); 6, 2 (33.3). other: 8; 8, 1 (12.5); 6, 1 (16.7). total: 17; 15, 2
    (13.3); 12, 3 (25.0).
    """
    nan = math.nan
    table = reinflow.by_reason(exits)
    assert_rows(
        table,
        [
            (7, 5, 1, 4, 1, 20.0, 25.0),
            (2, 2, 0, 2, 1, 0.0, 50.0),
            (1, 1, 0, 0, 0, 0.0, nan),
            (2, 2, 0, 1, 0, 0.0, 0.0),
            (1, 1, 0, 1, 0, 0.0, 0.0),
            (1, 1, 0, 1, 0, 0.0, 0.0),
            (1, 1, 0, 1, 0, 0.0, 0.0),
            (2, 2, 1, 2, 1, 50.0, 50.0),
            (9, 7, 1, 6, 2, 14.3, 33.3),
            (8, 8, 1, 6, 1, 12.5, 16.7),
            (17, 15, 2, 12, 3, 13.3, 25.0),
        ],
    )
    assert table["label"].iloc[-1] == "Totaal"


def test_reinflow_by_year(exits):
    """2023: P01 P02 P03 P04 P10 P12 P17 P18 P19 P22 (10; all observed; back6 P02 P10; back12
    P02 P03 P10). 2024: P05 P20 (2, observed, none back). 2025: P07 P08 P09 P15 P26 (5;
    observed 6 m: P07 P09 P15; none observed 12 m)."""
    nan = math.nan
    table = reinflow.by_year(exits, PERIOD)
    assert_rows(
        table,
        [
            (10, 10, 2, 10, 3, 20.0, 30.0),
            (2, 2, 0, 2, 0, 0.0, 0.0),
            (5, 3, 0, 0, 0, 0.0, nan),
            (17, 15, 2, 12, 3, 13.3, 25.0),
        ],
    )
    labels = table["label"].tolist()
    assert all(str(y) in label for y, label in zip((2023, 2024, 2025), labels[:3], strict=True))
    assert labels[-1] == "Totaal"


def survival_at(frame: pd.DataFrame, months: float) -> float:
    before = frame[frame["months"] <= months]
    return 1.0 if before.empty else float(before["survival"].iloc[-1])


def test_return_curve(exits):
    """Kaplan–Meier, time to the next episode, censored at 2025-12-31.

    work (9): events P02 182 d (5.979 m), P03 184 d (6.045 m); censored before them: P26 (0 d),
    P08 (92 d). At risk at 5.979 m: 7 -> S = 6/7; at 6.045 m: 6 -> S = 6/7 * 5/6 = 5/7.
    other (8): first event P10 at 76 d (2.497 m), nobody censored before -> S = 7/8.
    """
    curves = reinflow.return_curve(exits)
    assert survival_at(curves["work"], 5.0) == 1.0
    assert survival_at(curves["work"], 6.0) == pytest.approx(6 / 7)
    assert survival_at(curves["work"], 6.1) == pytest.approx(5 / 7)
    assert survival_at(curves["other"], 3.0) == pytest.approx(7 / 8)
    row = curves["work"][curves["work"]["months"] <= 6.0].iloc[-1]
    assert row["lower"] <= row["survival"] <= row["upper"]


# --------------------------------------------------------------------------------------------
# costs of provisions


def test_provision_costs(cleaned, status):
    """Provisions that started in the period, for clients in the file.

    lks: V01 9000.50 + V02 6000.00 (P01) + V03 12000.00 (P05): 2 clients, 3, 3, 27000.50, 13500.25
        (V14 of P21 dropped by rule 3).
    beschut werk: V04 (P16, no cost) + V05 8000.00 (P06): 2, 2, 1, 8000.00, 4000.00.
    jobcoach: V06 3000.00 (P28, no benefit) + V07 1500.00 (P15): 2, 2, 2, 4500.00, 2250.00
        (V16 without BSN dropped).
    trajectory: V09 2500.00 (P11); V08 (P13) started 2022: 1, 1, 1, 2500.00, 2500.00.
    training: V10 600.00 (P11); V15 (P29, before the period, not in the file): 1, 1, 1, 600.
    social activation: V11 450.00 (P14): 1, 1, 1, 450.
    id_wiw_job: V12 started 2019, V13 dropped by rule 6: no row.
    total: 8 clients (P01 P05 P16 P06 P28 P15 P11 P14), 10, 9, 43050.50, 5381.3125.
    """
    table = provision_costs(cleaned, status, PERIOD)
    assert table["label"].iloc[-1] == "Totaal"
    rows = table.set_index("label")
    expected = {
        "loonkostensubsidie": (2, 3, 3, 27000.50, 13500.25),
        "beschut werk": (2, 2, 1, 8000.00, 4000.00),
        "jobcoach": (2, 2, 2, 4500.00, 2250.00),
        "traject": (1, 1, 1, 2500.00, 2500.00),
        "scholing": (1, 1, 1, 600.00, 600.00),
        "sociale activering": (1, 1, 1, 450.00, 450.00),
        "Totaal": (8, 10, 9, 43050.50, 5381.3125),
    }
    assert len(rows) == len(expected)
    for word, (clients, provisions, known, cost, per_client) in expected.items():
        label = [x for x in rows.index if word.lower() in x.lower()]
        assert len(label) == 1, (word, list(rows.index))
        row = rows.loc[label[0]]
        got = (row["clients_n"], row["provisions_n"], row["cost_known_n"])
        assert got == (clients, provisions, known), word
        assert row["cost_eur"] == pytest.approx(cost)
        assert row["cost_per_client_eur"] == pytest.approx(per_client, abs=0.01)


# --------------------------------------------------------------------------------------------
# a person with a provision in the period and no benefit spell at all


def test_person_without_any_spell_but_a_provision_is_in_the_file(tmp_path):
    """Rule 5 drops persons "whose every benefit spell is special_assistance_only"
    ("Cliënten met alleen bijzondere bijstand"). A person without any spell has no special
    assistance only; with a provision in the period the person is in the file, without benefit.
    """
    folder = copy_extract(tmp_path)
    bsn = SPARE_BSN[1]
    with open(folder / "clients.csv", "a", encoding="utf-8") as f:
        f.write(f"C040,{bsn},Eline Koster,1989-09-09,active\n")
    with open(folder / "provisions.csv", "a", encoding="utf-8") as f:
        f.write(f"V40,{bsn},JC,2024-03-01,2024-08-31,Jobcoach BV,1000.00,\n")
    result = run(read(folder), age_limit=67)
    key = intake.pseudonymise(pd.Series([bsn], dtype=object), KEY).iloc[0]
    assert dropped(result.funnel, "drop_special_assistance_only")["clients"] == 1  # P24 only
    status = outflow.client_status(result.registry, PERIOD)
    row = status.set_index("client_key").loc[key]
    assert not bool(row["has_benefit"])


def test_contributions_behind_the_provision_costs(cleaned):
    """The money cells of tp_costs from the provisions per client (docs: test_provision_costs):
    lks = P01 (V01 9000.50 + V02 6000.00) and P05 (V03 12000.00); jobcoach = 3000.00 and
    1500.00; the total 43050.50 over the 7 clients with a known cost. With fewer than 10 contributors every cell
    fails the threshold rule of disclosure control."""
    from analysis.report.disclosure import Rules, dominated
    from analysis.steps import costs

    basis, tables = costs.analyse(cleaned, PERIOD, [0, 10, 20, 35, 100])
    frame = costs.contributions(cleaned, basis, tables, PERIOD, [0, 10, 20, 35, 100])
    mine = frame[frame["table_id"] == "tp_costs"]
    assert set(mine["column"]) == {"cost_eur"} and (mine["provider"] == "").all()
    per_client = mine.groupby(["label", "client_key"])["value_eur"].sum()

    def cell(start: str) -> list[float]:
        label = next(x for x in per_client.index.get_level_values(0) if x.startswith(start))
        return sorted(per_client[label], reverse=True)

    assert cell("loonkostensubsidie") == [15000.50, 12000.00]
    assert cell("jobcoach") == [3000.00, 1500.00]
    assert per_client["Totaal"].sum() == pytest.approx(43050.50)
    assert len(per_client["Totaal"]) == 7  # 8 clients, but V04 of P16 has no cost recorded
    verdict = dominated(
        mine.assign(cell=mine["label"], contributor=mine["client_key"], value=mine["value_eur"]),
        Rules(),
    )
    assert verdict["too_few"].all() and verdict["fails"].all()
