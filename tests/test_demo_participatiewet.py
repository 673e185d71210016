"""analysis.synthetic.participatiewet: the demo registry of a case without a printed report.

It is drawn from invented rates (none from a report), is deterministic, meets the data model,
and plants what each intake rule must drop."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.cases import load_case
from analysis.registry.extract import load_registry
from analysis.registry.intake import Period, run_intake
from analysis.registry.model import END_REASONS
from analysis.synthetic import participatiewet
from analysis.synthetic.generate import write_registry

CASE = "demo_2022"


@pytest.fixture(scope="module")
def case():
    return load_case(CASE)


@pytest.fixture(scope="module")
def written(case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "registry"
    write_registry(participatiewet.generate(case), folder, extract_date=case.registry_extract_date)
    return folder


@pytest.fixture(scope="module")
def result(case, written):
    raw = load_registry(CASE, written)
    period = Period.of(case.period_start, case.period_end)
    return run_intake(raw, period, synthetic=True, **case.intake_options)


def test_the_same_seed_draws_the_same_registry(case):
    a, b = participatiewet.generate(case), participatiewet.generate(case)
    for table in a:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def test_it_writes_the_declared_tables_only(case, written):
    tables = {f.stem for f in written.glob("*.parquet")}
    assert tables == {"clients", "benefit_spells", *case.registry_tables}


def test_every_rate_is_logged_with_a_reason_and_end_reasons_are_model_codes():
    for key, (_value, reason) in participatiewet.RATES.items():
        assert len(reason) > 20, key
    assert set(participatiewet.END_WEIGHTS) <= set(END_REASONS)
    assert sum(participatiewet.END_WEIGHTS.values()) == pytest.approx(1.0)


def test_the_intake_drops_what_was_planted(result):
    funnel = result.funnel
    dropped = funnel.groupby(["rule", "table"])["dropped"].sum()
    rate = participatiewet.rate
    assert dropped[("drop_missing_bsn", "benefit_spells")] == rate("missing_bsn_n")
    assert dropped[("drop_invalid_bsn", "benefit_spells")] == rate("invalid_bsn_n")
    assert dropped[("drop_active_passive_duplicates", "clients")] == 2 * rate("duplicates_n")
    assert dropped[("drop_special_assistance_only", "clients")] == rate("special_assistance_only_n")
    # the planted older persons, born 1948-1949, are past the AOW age on 2022-01-01; the others
    # are born from 1961 and are not
    assert dropped[("drop_past_aow_age", "clients")] == rate("past_aow_n")


def test_people_leave_and_come_back(result):
    spells = result.registry["benefit_spells"]
    assert spells["client_key"].duplicated().sum() > 100  # returns to benefit
    assert set(spells["scheme"]) == {"pw", "ioaw", "ioaz", "bbz"}
