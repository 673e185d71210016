"""Provenance of every report: which inputs, which code, which parameters, when.

Every HTML report ends with this block (DESIGN.md, "Build") so a reviewer can tell exactly what
a figure was computed from. The loaders of this package call :func:`record_input` for each raw
file they read; the notebook's last cell renders them
(:func:`analysis.report.provenance.provenance_html`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from analysis.core import paths

PACKAGES = (
    "pandas",
    "numpy",
    "pandera",
    "pyarrow",
    "matplotlib",
    "seaborn",
    "statsmodels",
    "python-stdnum",
    "papermill",
    "nbconvert",
)

_inputs: set[Path] = set()
"""Raw files read in this process. One notebook runs in one kernel, so this is per notebook."""


def record_input(path: Path | str) -> None:
    """Note that ``path`` was read, so its hash appears in the report's provenance."""
    _inputs.add(Path(path).resolve())


def used_inputs() -> list[Path]:
    return sorted(_inputs)


@cache
def _sha256_cached(path: Path, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256(path: Path | str) -> str:
    """Hex sha256 of a file (cached per path, modification time and size)."""
    path = Path(path)
    stat = path.stat()
    return _sha256_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=paths.ROOT, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def git_state() -> str:
    """The commit the code comes from, marked when the working tree differs from it."""
    commit = _git("rev-parse", "--short=12", "HEAD")
    if commit is None:
        return "geen git-commit (geen repository of nog niets vastgelegd)"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} (met niet-vastgelegde wijzigingen)" if dirty else commit


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "niet geïnstalleerd"
    return versions
