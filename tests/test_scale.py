"""A scaled registry (``analysis.synthetic.scale``) gives exactly k times the demo's counts in the
funnel and in every table, run through ``python -m analysis registry`` — the command the
benchmark times. Averages and shares stay as they are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from stdnum.nl import bsn

from analysis.synthetic.scale import scale_folder

K = 2


def _run(registry: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_PSEUDONYM_KEY"}
    command = [sys.executable, "-m", "analysis", "registry", "--case", "amsterdam_2006"]
    return subprocess.run(
        [*command, "--registry", str(registry), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def runs(demo_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("scale")
    scaled = tmp / "scaled"
    scale_folder(demo_registry, scaled, K, seed=3)
    folders = {}
    for name, registry in (("demo", demo_registry), ("scaled", scaled)):
        result = _run(registry, tmp / name)
        assert result.returncode == 0, result.stdout + result.stderr
        for phase in ("load", "intake", "outflow", "costs", "total"):
            assert any(line.startswith(phase) for line in result.stdout.splitlines()), phase
        folders[name] = tmp / name / "amsterdam_2006"
    return {**folders, "scaled_registry": scaled, "demo_registry": demo_registry}


def test_replicas_have_fresh_persons_of_the_same_kind(runs):
    demo = pd.read_parquet(runs["demo_registry"] / "clients.parquet")
    scaled = pd.read_parquet(runs["scaled_registry"] / "clients.parquet")
    assert len(scaled) == K * len(demo)
    copy = scaled.iloc[len(demo) :].reset_index(drop=True)
    assert copy["bsn"].isna().sum() == demo["bsn"].isna().sum()
    valid = demo["bsn"].dropna().map(bsn.is_valid)
    assert copy["bsn"].dropna().map(bsn.is_valid).tolist() == valid.tolist()
    assert not set(copy["bsn"].dropna()) & set(demo["bsn"].dropna())
    # one person keeps one number: the duplicated BSNs are duplicated alike
    assert copy["bsn"].duplicated().tolist() == demo["bsn"].duplicated().tolist()
    assert scaled["client_number"].is_unique


def test_the_funnel_is_k_times_the_demos(runs):
    demo = pd.read_csv(runs["demo"] / "funnel.csv")
    scaled = pd.read_csv(runs["scaled"] / "funnel.csv")
    assert scaled[["step", "rule", "table"]].equals(demo[["step", "rule", "table"]])
    for column in ("records_in", "dropped", "records_out"):
        assert (scaled[column] == K * demo[column]).all(), column


def test_every_table_is_k_times_the_demos_counts(runs):
    files = sorted((runs["demo"] / "tables").glob("*.csv"))
    assert len(files) >= 14
    for file in files:
        demo = pd.read_csv(file)
        scaled = pd.read_csv(runs["scaled"] / "tables" / file.name)
        assert scaled["row_id"].tolist() == demo["row_id"].tolist(), file.name
        # a row of shares in count columns: Tabel 4.8's "Percentage per jaar"
        counts = ~demo["label"].str.startswith("Percentage")
        for column in demo.columns.drop(["row_id", "label"]):
            factor = np.where(counts, K, 1) if column.endswith(("_n", "_mln")) else 1
            expected = demo[column] * factor
            assert np.allclose(scaled[column], expected, rtol=1e-9, equal_nan=True), (
                file.name,
                column,
            )
