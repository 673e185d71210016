"""Where things live. One module of path constants, so no notebook hard-codes a folder.

The output folders can be redirected with environment variables (the Makefile passes them on),
which lets the end-to-end tests build into a temporary folder without touching a developer's
reports.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
"""Repository root (``src/analysis/core/paths.py`` → three levels up from ``src``)."""

RAW = Path(os.environ.get("ANALYSIS_RAW_DIR", ROOT / "data" / "raw"))
PROCESSED = Path(os.environ.get("ANALYSIS_PROCESSED_DIR", ROOT / "data" / "processed"))
SYNTHETIC = Path(os.environ.get("ANALYSIS_SYNTHETIC_DIR", ROOT / "data" / "synthetic"))
"""Generated demo registries (``make data``), kept apart from the immutable inputs in ``RAW``."""
REPORTS = Path(os.environ.get("ANALYSIS_REPORTS_DIR", ROOT / "reports"))
NOTEBOOKS = ROOT / "notebooks"

SHARED_INPUTS = ("norms", "national_2017", "templates")
"""Folders under ``data/raw`` that are not cases but inputs shared by all cases."""


def raw_dir(case: str) -> Path:
    """The immutable inputs of ``case``."""
    return RAW / case


def processed_dir(case: str) -> Path:
    """Everything the pipeline derives for ``case`` (created on demand)."""
    path = PROCESSED / case
    path.mkdir(parents=True, exist_ok=True)
    return path


def synthetic_dir(case: str) -> Path:
    """Where the demo generator writes for ``case`` (never a folder under ``data/raw``)."""
    return SYNTHETIC / case


@contextmanager
def replaced(folder: Path) -> Iterator[Path]:
    """Fill a fresh folder beside ``folder``; on success it replaces ``folder`` with two renames,
    so a reader (or an interrupted write) sees the previous folder whole or the new one."""
    fresh = folder.with_name(f".{folder.name}.new")
    old = folder.with_name(f".{folder.name}.old")
    for stale in (fresh, old):
        if stale.exists():
            shutil.rmtree(stale)
    fresh.parent.mkdir(parents=True, exist_ok=True)
    yield fresh
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
