"""The analysis's own table definitions (report.definitions): every computed table is readable
without a printed report, and the sections of notebooks 02 and 03 survive a missing table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from test_registry_handbuilt import KEY, PERIOD, build_raw

from analysis.core.cases import load_case
from analysis.published.reproduction import compare_all
from analysis.published.tables import UNITS
from analysis.registry.intake import run_intake
from analysis.report import costs as costs_view
from analysis.report import outflow as outflow_view
from analysis.report import payments as payments_view
from analysis.report.definitions import DEFINITIONS, definition
from analysis.report.reproduction import render
from analysis.steps import costs, outflow

from test_handbuilt_2026 import PERIOD as PERIOD_2026
from test_handbuilt_2026 import read as read_2026
from test_handbuilt_2026 import run as run_2026
from toycase import write_case

EDGES = [0, 10, 20, 35, 100]


@pytest.fixture(scope="module")
def computed() -> dict[str, pd.DataFrame]:
    """Every table the outflow and cost steps compute, on the hand-built registry."""
    cleaned = run_intake(build_raw(), PERIOD, key=KEY).registry
    tables = outflow.analyse(cleaned, PERIOD, EDGES, 35).tables
    _, cost_tables = costs.analyse(cleaned, PERIOD, EDGES)
    # the Participatiewet tables, on the hand-built 2026 extract (it has provisions)
    cleaned_2026 = run_2026(read_2026()).registry
    _, tables_2026 = costs.analyse(cleaned_2026, PERIOD_2026, EDGES)
    return {**tables, **cost_tables, **tables_2026}


@pytest.fixture
def bare(raw):
    """A case with only its case.yml: no transcription of a printed report."""
    files = dict.fromkeys(["sources.csv", "columns.csv", "facts.csv", "tables/t1_1.csv"])
    write_case(raw, "bare", files=files)
    return load_case("bare")


def test_every_computed_table_has_a_definition_covering_its_columns(computed):
    assert set(computed) == set(DEFINITIONS)
    for table_id, frame in computed.items():
        own = definition(table_id)
        assert own is not None, table_id
        assert own.covers(frame.columns) == [], table_id
        assert own.title and own.source.startswith("Bron: ")
        for column in frame.columns:
            assert own.units([column])[column] in UNITS, (table_id, column)
            if column != "label":
                assert own.headers([column], PERIOD.end)[column].strip(), (table_id, column)


def test_period_dates_and_cohort_columns_are_filled_in_from_the_case():
    t46 = definition("t4_6").headers(["uitstroom_n"], dt.date(2025, 12, 31))
    assert t46 == {"uitstroom_n": "Situatie per 1 januari 2026 – Uitstroom"}
    t414 = definition("t4_14")
    assert t414.headers(["stand_1_1_2024_n", "instroom_2025_pct"], dt.date(2025, 12, 31)) == {
        "stand_1_1_2024_n": "Stand 1-1-2024",
        "instroom_2025_pct": "Instroom 2025 – %",
    }
    assert t414.units(["stand_1_1_2024_n", "instroom_2025_pct"]) == {
        "stand_1_1_2024_n": "count",
        "instroom_2025_pct": "pct",
    }
    assert definition("t4_6").covers(["instroom_2025_n"]) == ["instroom_2025_n"]  # no cohorts


def test_a_computed_table_without_a_transcription_has_its_own_title_and_no_comparison(
    bare, computed
):
    assert compare_all(bare.name, computed) == {}  # nothing printed to compare with
    html = render(bare, "t4_6", computed["t4_6"])
    assert "Uitstroom naar werk per jaar van instroom in de bijstandsuitkering" in html
    assert "Tabel 4.6" not in html and "herberekend" not in html
    assert "gedrukt" not in html.lower() and "Vergeleken" not in html
    assert "Situatie per 1 juli 2006 – Uitstroom naar werk" in html
    assert "Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus." in html


def test_a_transcribed_table_keeps_its_printed_caption_and_comparison(toy):
    from analysis.published.reproduction import compare

    case = load_case("toy")
    ours = pd.DataFrame(
        {"label": ["Groep A", "Groep B", "Totaal"], "begin_n": [100, 200, 300],
         "werk_n": [7, 31, 38], "werk_pct": [7.0, 15.5, 12.7]}
    )  # fmt: skip
    html = render(case, "t1_1", ours, compare("toy", "t1_1", ours), source="Bron: test.")
    assert "Tabel 1.1 – Uitstroom per groep (herberekend)" in html
    assert "Vergeleken met de gedrukte tabel: 9 van de 9 cijfers binnen de marge." in html


def test_sections_without_a_table_say_so_in_one_sentence_and_never_raise(bare):
    sections = [
        outflow_view.stock_parts(bare, {}, {}),
        outflow_view.age_parts(bare, {}, {}),
        outflow_view.trajectory_parts(bare, {}, {}),
        outflow_view.contract_parts(bare, {}, {}, None),
        outflow_view.contract_parts(bare, {}, {}, {"contracts_examined_n": 0}),
        outflow_view.figure_8_1_parts(bare, {}, {}),
        [outflow_view.compared(bare, "t4_13", {}, {})],
        costs_view.cost_table_parts(bare, {}, {}),
        [costs_view.compared(bare, "t5_9", {}, {})],
        costs_view.key_figure_parts(bare, None, None, EDGES),
        payments_view.audit_parts(None, None, bare),
    ]
    for parts in sections:
        assert len(parts) == 1 and isinstance(parts[0], str)
        assert parts[0].startswith("<p>Het cliëntenbestand van deze casus bevat geen ")
    assert "tredenindeling" in outflow_view.compared(bare, "t4_13", {}, {})
    assert costs_view.contract_cost_sentences({}, EDGES) == ""


def test_a_section_shows_the_tables_it_has(bare, computed):
    tables = {"t4_15": computed["t4_15"]}  # t4_16 missing: the table, no sentence about both
    parts = outflow_view.trajectory_parts(bare, tables, {})
    assert len(parts) == 1 and "Uitstroom naar werk, na afronding traject" in parts[0]
    parts = costs_view.cost_table_parts(bare, {"t5_6": computed["t5_6"]}, {})
    assert len(parts) == 1 and "cliënten met en zonder uitkering" in parts[0]


# ---------------------------------------------------------------------------------------------
# end-to-end: a municipality auditing itself, with only its case.yml and its registry extract

OWN_CASE = """\
name: eigenstad
title: Van bijstand naar werk in Eigenstad
municipality: Eigenstad
auditor: Rekenkamer Eigenstad
published: 2026
seeds: []
period:
  start: 2004-01-01
  end: 2006-06-30
parameters:
  sustained_months: 6
  durable_months: 12  # work episode length the report calls durable (steps.retention)
  contract_success_pct: 35
  contract_buckets_pct: [0, 10, 20, 35, 100]
  benefit_cost_per_month_eur: 965
  carry_over_ceiling_pct: null
  min_cell: 10
  seed: 1
synthetic_registry: false
intake:
  age_limit: 65
components: [registry, outflow, costs, payments, summary]
"""


@pytest.mark.e2e
def test_a_case_without_a_printed_report_builds_and_never_mentions_one(demo_registry, tmp_path):
    import os
    import re
    import shutil
    import subprocess

    from analysis.build import notebook_title
    from analysis.core import paths
    from analysis.registry import intake

    from test_extract_demo import to_documented_csv

    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw, ignore=shutil.ignore_patterns("registry"))
    (raw / "eigenstad").mkdir()
    (raw / "eigenstad" / "case.yml").write_text(OWN_CASE, encoding="utf-8")
    # the demo extract holds Amsterdam's own codes: the office maps them as Amsterdam does
    shutil.copy(raw / "amsterdam_2006" / "codes.yml", raw / "eigenstad" / "codes.yml")
    registry = to_documented_csv(demo_registry, raw / "eigenstad" / "registry")
    (registry / ".generated").unlink()  # an office's own extract
    dirs = {"RAW": raw, "REPORTS": tmp_path / "reports", "PROCESSED": tmp_path / "processed",
            "SYNTHETIC": tmp_path / "synthetic"}  # fmt: skip
    env = {**os.environ, intake.KEY_VARIABLE: "de geheime sleutel van Eigenstad"}
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(paths.ROOT), "report", "CASE=eigenstad",
         *(f"{k}={v}" for k, v in dirs.items())],
        capture_output=True, text=True, timeout=1800, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    out = dirs["REPORTS"] / "eigenstad"
    printed = re.compile(r"gedrukt|vergeleken met de|(tabel|figuur) \d+\.\d+", re.I)
    for page in ["index", *(nb.stem for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")))]:
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert "Traceback" not in html
        assert not printed.search(html), f"{page}: {printed.search(html).group(0)}"
    outflow_html = (out / "02_outflow.html").read_text(encoding="utf-8")
    assert notebook_title(paths.NOTEBOOKS / "02_outflow.ipynb") in outflow_html
    assert "Uitstroom naar werk per jaar van instroom in de bijstandsuitkering" in outflow_html
    costs_html = (out / "03_costs.html").read_text(encoding="utf-8")
    assert "Kosten re-integratie onderscheiden naar cliënten met en zonder uitkering" in costs_html
    assert not (dirs["PROCESSED"] / "eigenstad" / "reproduction.csv").exists()
