"""A municipality's own extract through `make report`, as the README tells an audit office to do.

The case `proefstad` is the Amsterdam case with synthetic_registry: false and the demo registry
written as documented CSV in its own data/raw/proefstad/registry/ (in a temporary copy of
data/raw). A build without a secret key refuses; a build with a malformed cell stops in notebook
00 with the file, line and column and no BSN anywhere (terminal or executed notebook), and leaves
data/processed/ and reports/ as they were; the demo generator refuses to write for the case.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.registry import intake

from test_extract_demo import to_documented_csv
from toycase import tree_hashes

CASE = "proefstad"
CLEAN = "proefstad_schoon"
KEY = "een geheime sleutel van de rekenkamer"


@pytest.fixture(scope="module")
def office(demo_registry, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("office")
    raw = root / "raw"
    shutil.copytree(paths.RAW, raw, ignore=shutil.ignore_patterns("registry"))
    shutil.copytree(raw / "amsterdam_2006", raw / CASE)
    case_yml = (raw / CASE / "case.yml").read_text(encoding="utf-8")
    case_yml = case_yml.replace("name: amsterdam_2006", f"name: {CASE}")
    case_yml = case_yml.replace("synthetic_registry: true", "synthetic_registry: false")
    (raw / CASE / "case.yml").write_text(case_yml, encoding="utf-8")
    registry = to_documented_csv(demo_registry, raw / CASE / "registry")
    (registry / ".generated").unlink()  # an office's extract carries no demo stamp
    shutil.copytree(raw / CASE, raw / CLEAN)  # the same extract, without the planted error
    clean_yml = (raw / CLEAN / "case.yml").read_text(encoding="utf-8")
    (raw / CLEAN / "case.yml").write_text(clean_yml.replace(f"name: {CASE}", f"name: {CLEAN}"))
    # one decimal comma in the payments, as an Excel export with Dutch settings writes it
    lines = (registry / "payments.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[6].split(",")
    cells[header.index("amount_eur")] = '"1234,50"'
    lines[6] = ",".join(cells)
    (registry / "payments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bsns = set(pd.read_csv(registry / "clients.csv", dtype=str)["bsn"].dropna())
    return {"RAW": raw, "REPORTS": root / "reports", "PROCESSED": root / "processed",
            "SYNTHETIC": root / "synthetic", "bsns": bsns}  # type: ignore[dict-item]  # fmt: skip


def _make(
    office, *args: str, key: str | None = None, case: str = CASE
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != intake.KEY_VARIABLE}
    if key:
        env[intake.KEY_VARIABLE] = key
    dirs = [f"{k}={office[k]}" for k in ("RAW", "REPORTS", "PROCESSED", "SYNTHETIC")]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(paths.ROOT), *args, f"CASE={case}", *dirs],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def _no_bsn(text: str, bsns: set[str]) -> bool:
    return not (set(re.findall(r"\d{8,9}", text)) & (bsns | {b.lstrip("0") for b in bsns}))


@pytest.mark.e2e
def test_a_real_extract_without_a_key_refuses_and_writes_nothing(office):
    result = _make(office, "report")
    assert result.returncode != 0
    assert "ANALYSIS_PSEUDONYM_KEY is not set" in result.stderr
    assert "export ANALYSIS_PSEUDONYM_KEY=" in result.stderr
    assert tree_hashes(office["PROCESSED"] / CASE / "registry") == {}
    assert not (office["REPORTS"] / CASE).exists()


@pytest.mark.e2e
def test_a_malformed_real_extract_stops_with_file_line_and_column_and_no_bsn(office):
    processed, reports = tree_hashes(office["PROCESSED"]), tree_hashes(office["REPORTS"] / CASE)
    result = _make(office, "report", key=KEY)
    assert result.returncode != 0, result.stdout
    assert "payments.csv: 1 problem" in result.stderr
    assert "line 7, column 'amount_eur'" in result.stderr and "decimal point" in result.stderr
    assert "Traceback" not in result.stderr
    assert _no_bsn(result.stdout + result.stderr, office["bsns"])
    executed = office["REPORTS"] / ".work" / CASE / "executed" / "00_registry.ipynb"
    assert executed.is_file() and _no_bsn(executed.read_text(encoding="utf-8"), office["bsns"])
    assert tree_hashes(office["PROCESSED"]) == processed  # nothing written …
    assert tree_hashes(office["REPORTS"] / CASE) == reports  # … and nothing published


@pytest.mark.e2e
def test_the_demo_generator_refuses_to_write_for_a_real_case(office):
    registry = office["RAW"] / CASE / "registry"
    before = tree_hashes(registry)
    result = _make(office, "data")
    assert result.returncode == 0 and "has no synthetic registry" in result.stdout
    env = {**os.environ, "ANALYSIS_RAW_DIR": str(office["RAW"]),
           "ANALYSIS_SYNTHETIC_DIR": str(office["SYNTHETIC"])}  # fmt: skip
    direct = subprocess.run(
        [sys.executable, "-m", "analysis.synthetic", CASE], capture_output=True, text=True, env=env
    )
    assert direct.returncode == 1
    assert "synthetic_registry: false" in direct.stderr and "does not write" in direct.stderr
    assert "Traceback" not in direct.stderr
    pointed = subprocess.run(
        [sys.executable, "-m", "analysis.synthetic", "amsterdam_2006", "--out", str(registry)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert pointed.returncode == 1 and "never writes under" in pointed.stderr
    assert tree_hashes(registry) == before


def _comparable(folder: Path) -> dict[str, object]:
    """Every processed output of a case, with the pseudonyms (which depend on the key) and the
    demo's calibration notes left out: CSV text, parquet frames."""
    out: dict[str, object] = {}
    for file in sorted(folder.rglob("*")):
        name = str(file.relative_to(folder))
        if file.suffix == ".csv":
            frame = pd.read_csv(file, dtype=str, keep_default_na=False)
            if name == "reproduction.csv":
                # the calibration notes explain where the demo registry could not follow the
                # print: read for a synthetic registry only, so those misses are "explained"
                # there and plain "outside" on the office's extract
                frame["status"] = frame["status"].replace("explained", "outside")
                frame = frame.drop(columns="reason")
            if name == "disclosure.csv":
                # the checks of what the registry gives must agree; the titles of the public
                # tables name the case's own inputs (how many source files it has)
                frame = frame[frame["status"] != "public"]
            out[name] = frame.drop(columns=["client_key"], errors="ignore").to_csv(index=False)
        elif file.suffix == ".parquet":
            out[name] = pd.read_parquet(file).drop(columns=["client_key"], errors="ignore")
    return out


@pytest.mark.e2e
def test_the_demo_registry_as_a_real_csv_extract_gives_the_demo_figures(office, built):
    """The whole report of an office's CSV extract equals that of the same records read as the
    parquet demo: every table, funnel, reproduction, cost and payment figure (the pseudonyms
    differ: another key)."""
    result = _make(office, "report", key=KEY, case=CLEAN)
    assert result.returncode == 0, result.stderr
    ours = _comparable(office["PROCESSED"] / CLEAN)
    demo = _comparable(built["PROCESSED"] / "amsterdam_2006")
    assert ours.keys() == demo.keys()
    for name, value in demo.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(ours[name], value, obj=name)
        else:
            assert ours[name] == value, name
    front = (office["REPORTS"] / CLEAN / "index.html").read_text(encoding="utf-8")
    assert "synthetisch" not in front.lower()  # a real extract carries no demo label
