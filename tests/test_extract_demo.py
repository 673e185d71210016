"""The demo registry written as documented CSV gives the same outputs as the parquet one.

docs/registry.md documents the CSV form of an extract (UTF-8, header row, ISO dates,
``true``/``false`` flags, empty cells for missing values, a decimal point). Written that way, the
demo registry must give byte-identical cleaned tables, ledger and funnel, and so the same
payment findings: before flags were parsed explicitly, every ``false`` read as True.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.cases import load_case
from analysis.registry import intake
from analysis.registry.extract import GENERATED_STAMP, load_extract, read_options
from analysis.registry.model import MODEL
from analysis.steps import payments

PERIOD = intake.Period.of("2004-01-01", "2006-06-30")
KEY = b"een sleutel voor deze test"
CASE = load_case("amsterdam_2006")
OPTS = read_options(CASE)  # Amsterdam's own codes through codes.yml, its declared tables


def to_documented_csv(parquet: Path, out: Path) -> Path:
    out.mkdir(parents=True)
    for file in sorted(parquet.glob("*.parquet")):
        table = file.stem
        frame = pd.read_parquet(file)
        for column, spec in MODEL[table].items():
            if spec.kind == "flag":
                frame[column] = frame[column].map({True: "true", False: "false"})
        frame.to_csv(out / f"{table}.csv", index=False, date_format="%Y-%m-%d", encoding="utf-8")
    (out / GENERATED_STAMP).write_text("generated\n")
    return out


def _bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def both(demo_registry, tmp_path_factory):
    csv = to_documented_csv(demo_registry, tmp_path_factory.mktemp("csv") / "registry")
    return [
        intake.run_intake(load_extract(folder, OPTS), PERIOD, key=KEY, **CASE.intake_options)
        for folder in (demo_registry, csv)
    ]


def test_the_csv_really_holds_documented_flags(demo_registry, tmp_path):
    csv = to_documented_csv(demo_registry, tmp_path / "registry")
    text = (csv / "activities.csv").read_text(encoding="utf-8")
    assert ",false," in text and ",true," in text and "False" not in text


def test_cleaned_tables_ledger_and_funnel_are_byte_identical(both):
    from_parquet, from_csv = both
    for table in from_parquet.registry.tables:
        assert _bytes(from_csv.registry[table]) == _bytes(from_parquet.registry[table]), table
    for table in from_parquet.ledger.tables:
        assert _bytes(from_csv.ledger[table]) == _bytes(from_parquet.ledger[table]), table
    assert from_csv.funnel.to_csv() == from_parquet.funnel.to_csv()


def test_the_flag_rules_drop_records_and_the_payment_findings_agree(both):
    from_parquet, from_csv = both
    funnel = from_csv.funnel.set_index(["rule", "table"])["dropped"]
    # rules 9 and 10 drop activities: with every flag read as True they dropped none
    assert funnel[("drop_activities_not_meeting_norm", "activities")] > 0
    assert funnel[("drop_activities_not_approved", "activities")] > 0
    found = [payments.audit(r.ledger, 6) for r in both]
    assert len(found[0]) == len(found[1]) > 0
    pd.testing.assert_frame_equal(found[0], found[1])
