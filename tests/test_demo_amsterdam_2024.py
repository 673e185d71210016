"""analysis.synthetic.amsterdam_2024: the demo registry of the case amsterdam_2024.

Deterministic, meets the data model, plants what each intake rule must drop, reads its targets
from the case files, and lands on the report's one printed registry figure (about 2.500 people
registered with UWV but not in view of the city) under the reach definition."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.cases import load_case
from analysis.published.tables import fact, load_facts
from analysis.registry.extract import load_registry
from analysis.registry.intake import Period, run_intake
from analysis.steps import reach
from analysis.synthetic import amsterdam_2024, caseload
from analysis.synthetic.generate import write_registry

CASE = "amsterdam_2024"
TOLERANCE = 0.02
"""The reach target is 'ongeveer 2.500': the analysis must land within 2% of it."""


@pytest.fixture(scope="module")
def case():
    return load_case(CASE)


@pytest.fixture(scope="module")
def frames(case):
    return amsterdam_2024.generate(case)


def _intake(case, frames, folder: Path):
    write_registry(frames, folder, extract_date=case.registry_extract_date)
    raw = load_registry(case.name, folder)
    period = Period.of(case.period_start, case.period_end)
    return run_intake(raw, period, synthetic=True, **case.intake_options), period


@pytest.fixture(scope="module")
def written(case, frames, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "registry"
    result, period = _intake(case, frames, folder)
    return folder, result, period


def test_the_same_seed_draws_the_same_registry(case, frames):
    again = amsterdam_2024.generate(case)
    for table in frames:
        pd.testing.assert_frame_equal(frames[table], again[table], obj=table)


def test_it_writes_the_declared_tables_only(case, written):
    folder, _, _ = written
    tables = {f.stem for f in folder.glob("*.parquet")}
    assert tables == {"clients", "benefit_spells", *case.registry_tables}


def test_the_registry_stays_small_enough_to_build_in_seconds(frames):
    assert frames["clients"]["bsn"].nunique() <= 25_000


def test_every_rate_is_used_and_logged_with_a_reason():
    # every rate the code asks for is logged, and every logged rate is asked for
    lookup = r"(?:\brate\(|_per_instrument\(|_trend\(d, )\s*\"(\w+)\""
    used = set()
    for module in (amsterdam_2024, caseload):
        used |= set(re.findall(lookup, Path(module.__file__).read_text(encoding="utf-8")))
    assert used == set(amsterdam_2024.RATES)
    for key, (_value, reason) in amsterdam_2024.RATES.items():
        assert len(reason) > 20, key
    for key, (how, quote, source) in amsterdam_2024.CALIBRATION.items():
        assert how and quote and source, key


def test_the_reach_target_is_the_fact_with_its_quote():
    facts = load_facts(CASE).set_index("fact_id")
    quote = amsterdam_2024.CALIBRATION["registered_only"][1]
    assert quote in facts.loc[amsterdam_2024.REGISTERED_ONLY_FACT, "quote"]


def test_the_intake_drops_what_was_planted(written):
    _, result, _ = written
    dropped = result.funnel.groupby(["rule", "table"])["dropped"].sum()
    rate = amsterdam_2024.rate
    assert dropped[("drop_missing_bsn", "benefit_spells")] == rate("missing_bsn_n")
    assert dropped[("drop_invalid_bsn", "benefit_spells")] == rate("invalid_bsn_n")
    assert dropped[("drop_active_passive_duplicates", "clients")] == 2 * rate("duplicates_n")
    assert dropped[("drop_special_assistance_only", "clients")] == rate("special_assistance_only_n")
    # the planted older persons are past the AOW age on 2015-01-01; everyone drawn is born
    # from 1959 and is not
    assert dropped[("drop_past_aow_age", "clients")] == rate("past_aow_n")


def test_reach_lands_on_the_reports_figure(written):
    _, result, period = written
    years = reach.by_year(result.registry, period).set_index("label")
    target = fact(load_facts(CASE), amsterdam_2024.REGISTERED_ONLY_FACT)
    last = years.loc[str(period.end.year), "registered_only_n"]
    assert abs(last - target) <= TOLERANCE * target
    assert years["registered_only_n"].is_monotonic_increasing  # the register fills up


def test_the_path_rises_and_stays_behind_the_goals(case):
    targets = amsterdam_2024.read_targets(CASE, case.placement_goals)
    assert set(targets.goals) == {"G08", "G09"}
    path = amsterdam_2024.rate("at_work_with_support_n")
    assert sorted(path) == list(range(case.period_start.year, case.period_end.year + 1))
    amsterdam_2024.check_path(path, targets)  # raises when a goal would be met


def test_names_are_neutral(frames):
    assert frames["clients"]["name"].str.fullmatch(r"Cliënt X?\d{3,6}").all()
    assert frames["employment"]["employer_id"].str.fullmatch(r"Werkgever \d{4}").all()
    providers = set(frames["provisions"]["provider"].dropna())
    assert all(
        re.fullmatch(r"Aanbieder \d{2}|Werkpunt Oost|Leerbedrijf Noord", p) for p in providers
    )


@pytest.fixture
def copied_case(tmp_path, monkeypatch):
    """A copy of the case (and the shared norms) under a temporary data/raw."""
    raw = tmp_path / "raw"
    for name in (CASE, "norms"):
        shutil.copytree(paths.RAW / name, raw / name, ignore=shutil.ignore_patterns("registry"))
    monkeypatch.setattr(paths, "RAW", raw)
    return raw / CASE


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_generator_reads_its_targets_from_the_case_files(copied_case, tmp_path):
    _edit(
        copied_case / "facts.csv",
        "uwv_niet_in_beeld_gemeente_n,2500,",
        "uwv_niet_in_beeld_gemeente_n,2300,",
    )
    cfg = load_case(CASE)
    assert amsterdam_2024.read_targets(CASE, ()).registered_only_n == 2300
    result, period = _intake(cfg, amsterdam_2024.generate(cfg), tmp_path / "registry")
    years = reach.by_year(result.registry, period).set_index("label")
    assert abs(years.loc[str(period.end.year), "registered_only_n"] - 2300) <= TOLERANCE * 2300


def test_a_path_that_would_meet_a_goal_stops_the_generator(copied_case):
    goals = copied_case / "goals.csv"
    _edit(goals, ",3200,count,level,", ",2700,count,level,")
    with pytest.raises(ValueError, match="G09"):
        amsterdam_2024.generate(load_case(CASE))
