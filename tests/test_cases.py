"""analysis.core.cases: case.yml is validated key by key, with errors naming file and key."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.core.cases import CaseConfigError, list_cases, load_case

from toycase import CASE_YML, write_case


def test_every_shipped_case_loads():
    cases = list_cases()
    assert {"amsterdam_2006", "uithoorn_2018", "amsterdam_2024"} <= set(cases)
    for name in cases:
        case = load_case(name)
        assert case.name == name
        assert case.period_start <= case.period_end


def test_default_case_has_the_design_parameters():
    case = load_case("amsterdam_2006")
    assert case["sustained_months"] == 6
    assert case["contract_success_pct"] == 35
    assert case["contract_buckets_pct"] == [0, 10, 20, 35, 100]
    assert case["benefit_cost_per_month_eur"] == 965
    assert case["min_cell"] == 10
    assert case.period_start == dt.date(2004, 1, 1)
    assert case.period_end == dt.date(2006, 6, 30)
    assert case.has("registry")


def test_overrides_replace_case_values_and_none_keeps_them(toy):
    case = load_case("toy", sustained_months=12, min_cell=None)
    assert case["sustained_months"] == 12
    assert case["min_cell"] == 10
    assert case.overridden == ("sustained_months",)


def test_missing_key_names_file_and_key(raw):
    write_case(raw, files={"case.yml": CASE_YML.replace("  min_cell: 10\n", "")})
    with pytest.raises(
        CaseConfigError, match=r"toy/case.yml: key 'parameters.min_cell' is missing"
    ):
        load_case("toy")


def test_wrong_type_names_file_key_and_expectation(raw):
    write_case(raw, files={"case.yml": CASE_YML.replace("min_cell: 10", "min_cell: ten")})
    with pytest.raises(
        CaseConfigError,
        match=r"case.yml: key 'parameters.min_cell': expected an integer, got 'ten'",
    ):
        load_case("toy")


def test_bad_period_and_unknown_component(raw):
    write_case(raw, files={"case.yml": CASE_YML.replace("end: 2006-06-30", "end: 30-06-2006")})
    with pytest.raises(CaseConfigError, match=r"key 'period.end': expected a date"):
        load_case("toy")
    write_case(raw, files={"case.yml": CASE_YML.replace("[goals, outflow]", "[goals, outflowz]")})
    with pytest.raises(CaseConfigError, match=r"key 'components': unknown \['outflowz'\]"):
        load_case("toy")


def test_buckets_must_ascend(raw):
    write_case(raw, files={"case.yml": CASE_YML.replace("[0, 10, 20, 35, 100]", "[0, 20, 10]")})
    with pytest.raises(CaseConfigError, match="contract_buckets_pct.*ascending"):
        load_case("toy")


def test_wrong_override_type_and_unknown_parameter(toy):
    with pytest.raises(CaseConfigError, match="sustained_months.*expected an integer"):
        load_case("toy", sustained_months="six")
    with pytest.raises(CaseConfigError, match="'sustaned_months'.*not a known parameter"):
        load_case("toy", sustaned_months=6)


def test_unknown_case_lists_known_ones(toy):
    with pytest.raises(CaseConfigError, match=r"no such case file \(known cases: toy\)"):
        load_case("nowhere")


def test_folder_name_must_match(raw):
    write_case(raw, files={"case.yml": CASE_YML.replace("name: toy", "name: other")})
    with pytest.raises(CaseConfigError, match="must equal the folder name 'toy'"):
        load_case("toy")


@pytest.mark.parametrize(
    "extra, message",
    [
        ("registy:\n  date_format: '%d-%m-%Y'\n", "key 'registy' is not a known key"),
        ("registry:\n  date_formaat: '%d-%m-%Y'\n", "key 'registry.date_formaat' is not a known"),
        ("registry:\n  date_format: 'dd-mm-yyyy'\n", "key 'registry.date_format': expected"),
        ("registry:\n  extract_date: gisteren\n", "key 'registry.extract_date': expected a date"),
        ("registry: [1, 2]\n", "key 'registry': expected keys"),
    ],
)
def test_a_bad_registry_section_names_file_and_key(raw, extra, message):
    write_case(raw, files={"case.yml": CASE_YML + extra})
    with pytest.raises(CaseConfigError, match=message) as info:
        load_case("toy")
    assert "case.yml" in str(info.value)


def test_the_registry_section_sets_how_the_extract_is_read(raw):
    extra = "registry:\n  date_format: '%d-%m-%Y'\n  extract_date: 2006-09-01\n"
    write_case(raw, files={"case.yml": CASE_YML + extra})
    case = load_case("toy")
    assert case.registry_date_format == "%d-%m-%Y"
    assert case.registry_extract_date == dt.date(2006, 9, 1)


def test_without_a_registry_section_dates_are_iso_and_the_extract_date_is_open(toy):
    case = load_case("toy")
    assert case.registry_date_format == "%Y-%m-%d" and case.registry_extract_date is None


def test_the_intake_age_limit_is_the_aow_age_unless_the_case_fixes_one(tmp_path, monkeypatch):
    from analysis.core import cases, paths

    assert cases.load_case("amsterdam_2006").intake_age_limit == 65
    source = (paths.RAW / "amsterdam_2006" / "case.yml").read_text(encoding="utf-8")
    (tmp_path / "x").mkdir()
    monkeypatch.setattr(paths, "RAW", tmp_path)
    lines = source.splitlines()
    start = lines.index("intake:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    without = "\n".join(lines[:start] + lines[end:]).replace("name: amsterdam_2006", "name: x")
    (tmp_path / "x" / "case.yml").write_text(without, encoding="utf-8")
    assert cases.load_case("x").intake_age_limit == "aow"
    (tmp_path / "x" / "case.yml").write_text(
        without + "\nintake:\n  age_limit: sixty\n", encoding="utf-8"
    )
    with pytest.raises(cases.CaseConfigError, match="intake.age_limit.*'sixty'"):
        cases.load_case("x")


def test_the_optional_tables_core_knows_are_the_models():
    from analysis.core import cases
    from analysis.registry.model import OPTIONAL_TABLES

    assert set(cases._OPTIONAL_TABLES) == set(OPTIONAL_TABLES)


def test_registry_tables_intake_spells_skip_and_generator_are_read(raw):
    extra = (
        "registry:\n  tables: [exemptions, provisions]\n"
        "intake:\n  spells: latest\n  skip: [drop_id_wiw_jobs]\n"
        "demo_generator: participatiewet\n"
    )
    write_case(raw, files={"case.yml": CASE_YML + extra})
    case = load_case("toy")
    assert case.registry_tables == ("exemptions", "provisions")
    assert case.intake_spells == "latest" and case.intake_skip == ("drop_id_wiw_jobs",)
    assert case.intake_options["spells"] == "latest"
    assert case.demo_generator == "participatiewet"
    write_case(raw, files={"case.yml": CASE_YML})
    defaults = load_case("toy")
    assert defaults.registry_tables is None and defaults.intake_spells == "period"
    assert defaults.demo_generator == "amsterdam_2006" and defaults.intake_skip == ()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("registry:\n  tables: [ladders]\n", "key 'registry.tables': expected a list of optional"),
        ("registry:\n  tables: [clients]\n", "key 'registry.tables'"),
        ("intake:\n  spells: first\n", "key 'intake.spells': expected one of period, latest"),
        ("intake:\n  skip: [drop_missing_bsn]\n", "key 'intake.skip'"),
        ("demo_generator: amsterdam\n", "key 'demo_generator': expected one of"),
    ],
)
def test_bad_registry_and_intake_settings_name_their_key(raw, extra, fragment):
    write_case(raw, files={"case.yml": CASE_YML + extra})
    with pytest.raises(CaseConfigError, match="case.yml") as info:
        load_case("toy")
    assert fragment in str(info.value)


def test_the_skippable_rules_are_the_intakes_but_bsn_age_and_rungs():
    from analysis.core import cases
    from analysis.registry.intake import RULES

    fixed = {
        "drop_missing_bsn",
        "drop_invalid_bsn",
        "drop_aged_65_plus",
        "drop_activities_rung_1_2",
    }
    assert set(cases._SKIPPABLE) == {name for name, _, _ in RULES} - fixed


def test_placement_goals_are_read_and_a_wrong_value_is_named(tmp_path):
    import yaml

    from analysis.core.cases import case_file, parse_case

    raw = yaml.safe_load(case_file("amsterdam_2024").read_text(encoding="utf-8"))
    file = tmp_path / "amsterdam_2024" / "case.yml"
    assert parse_case(file, raw).placement_goals == ("G08", "G09")
    raw["placements"] = {"goals": "G08"}
    with pytest.raises(CaseConfigError, match=r"placements.goals.*'G08'"):
        parse_case(file, raw)
    raw["placements"] = {"target": ["G08"]}
    with pytest.raises(CaseConfigError, match=r"placements.target' is not a known key"):
        parse_case(file, raw)


def test_goal_norms_choose_the_norm_set_and_default_to_2007(raw):
    write_case(raw, files={"case.yml": CASE_YML})
    assert load_case("toy").goal_norms == "2007"
    for value in ("2024", '"2024"'):
        write_case(raw, files={"case.yml": CASE_YML + f"goal_norms: {value}\n"})
        assert load_case("toy").goal_norms == "2024"


def test_each_case_scores_its_goals_against_the_norms_of_its_own_audit():
    assert load_case("amsterdam_2024").goal_norms == "2024"
    assert load_case("uithoorn_2018").goal_norms == "2018"
    for case in ("amsterdam_2006", "demo_2022"):
        assert load_case(case).goal_norms == "2007"


@pytest.mark.parametrize("value", ["2025", "2024.0", "specifiek", "[2007]", "true"])
def test_an_unknown_goal_norm_set_names_file_key_and_value(raw, value):
    write_case(raw, files={"case.yml": CASE_YML + f"goal_norms: {value}\n"})
    with pytest.raises(
        CaseConfigError,
        match=r"toy/case.yml: key 'goal_norms': expected one of "
        r"2007, 2024, 2018, got ",
    ) as info:
        load_case("toy")
    assert str(info.value).endswith(repr(__import__("yaml").safe_load(value)))


def test_every_goal_norm_set_has_its_norm_file():
    from analysis.core.cases import GOAL_NORM_SETS
    from analysis.steps.goals import norms_file

    for norm_set in GOAL_NORM_SETS:
        assert norms_file(norm_set).is_file(), norm_set


def test_disclosure_parameters_take_acros_defaults_when_case_yml_leaves_them_out():
    from analysis.core.cases import load_case

    cfg = load_case("demo_2022")  # its case.yml names none of them
    assert cfg["disclosure_nk_n"] == 2 and cfg["disclosure_nk_k"] == 0.9
    assert cfg["disclosure_p_percent"] == 0.1 and cfg["disclosure_survival_threshold"] == 10
    assert cfg["disclosure_zeros"] is False and cfg["disclosure_strict"] is False
    assert "disclosure_strict" in cfg.defaulted and "min_cell" not in cfg.defaulted
    strict = load_case("demo_2022", disclosure_strict=True)
    assert strict["disclosure_strict"] is True and "disclosure_strict" not in strict.defaulted


def test_audit_norms_and_municipality_code():
    cfg = load_case("uithoorn_2018")
    assert cfg.audit_norms == "2018" and cfg.municipality_code == "GM0451"
    assert cfg["peer_size_class"] == "0-50000"
    assert load_case("amsterdam_2006").audit_norms is None
    assert load_case("amsterdam_2006")["peer_size_class"] == "0-"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("audit_norms: 1999", "key 'audit_norms': no file data/raw/norms/audit_norms_1999.yml"),
        ("municipality_code: 451", "key 'municipality_code': expected CBS's code"),
        ("municipality_code: GM451", "key 'municipality_code': expected CBS's code"),
    ],
)
def test_a_wrong_audit_norm_set_or_municipality_code_names_the_key(raw, line, message):
    write_case(raw, files={"case.yml": CASE_YML + line + "\n"})
    with pytest.raises(CaseConfigError, match=message):
        load_case("toy")
