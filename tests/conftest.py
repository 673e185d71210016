"""Shared fixtures: a throw-away data/raw folder with one small case."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core import paths

from toycase import run_make, write_case


@pytest.fixture
def raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data/raw and data/processed in a temporary folder, used by the package."""
    raw_root = tmp_path / "raw"
    raw_root.mkdir()
    monkeypatch.setattr(paths, "RAW", raw_root)
    monkeypatch.setattr(paths, "PROCESSED", tmp_path / "processed")
    return raw_root


@pytest.fixture
def toy(raw: Path) -> Path:
    """The small, consistent case 'toy'."""
    return write_case(raw)


@pytest.fixture(scope="session")
def demo_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry of amsterdam_2006 as ``make data`` writes it, generated once."""
    from analysis.core.cases import load_case
    from analysis.synthetic.generate import case_codes, generate, write_registry

    folder = tmp_path_factory.mktemp("demo") / "registry"
    write_registry(generate(load_case("amsterdam_2006")), folder, case_codes("amsterdam_2006"))
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The default case built with ``make -j2 report`` into temporary output folders, once."""
    out = tmp_path_factory.mktemp("build")
    dirs = {"REPORTS": out / "reports", "PROCESSED": out / "processed"}
    result = run_make("-j2", "report", "CASE=amsterdam_2006", **dirs)
    assert result.returncode == 0, result.stdout + result.stderr
    return {**dirs, "stdout": result.stdout}  # type: ignore[dict-item]
