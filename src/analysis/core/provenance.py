"""Provenance of every report: which inputs, which code, which parameters, when.

Every HTML report ends with this block (DESIGN.md, "Build") so a reviewer can tell exactly what
a figure was computed from. The loaders of this package call :func:`record_input` for each raw
file they read; the notebook's last cell renders :func:`provenance_html`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib.metadata
import platform
import subprocess
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _format_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else str(value)


def provenance_html(
    case: str,
    parameters: Mapping[str, Any],
    overridden: Iterable[str] = (),
    inputs: Iterable[Path] | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The provenance block (Dutch) shown at the end of every report.

    Args:
        case: case name.
        parameters: the effective parameters of the run.
        overridden: names of parameters that differ from ``case.yml`` (passed with ``-p``).
        inputs: raw files used; defaults to those recorded by the loaders in this process.
        now: build time (defaults to the current time in Amsterdam).
    """
    now = now or dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    files = sorted(Path(p) for p in (used_inputs() if inputs is None else inputs))
    overridden = set(overridden)
    esc = html.escape
    param_rows = "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(_format_value(v))}</td>"
        f"<td>{'meegegeven bij de build' if k in overridden else 'uit case.yml'}</td></tr>"
        for k, v in parameters.items()
    )
    input_rows = (
        "".join(
            f"<tr><td>{esc(_relative(p))}</td><td><code>{sha256(p)}</code></td></tr>" for p in files
        )
        or "<tr><td colspan='2'>geen bronbestanden gelezen</td></tr>"
    )
    version_rows = "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in package_versions().items()
    )
    return f"""
<section id="provenance" class="provenance">
<h2>Verantwoording van deze uitvoer</h2>
<p>Casus <strong>{esc(case)}</strong> · code-versie <code>{esc(git_state())}</code> ·
gebouwd op {esc(now.strftime("%d-%m-%Y %H:%M %Z"))}</p>
<details><summary>Parameters ({len(parameters)})</summary>
<table><thead><tr><th>parameter</th><th>waarde</th><th>herkomst</th></tr></thead>
<tbody>{param_rows}</tbody></table></details>
<details><summary>Gebruikte bronbestanden ({len(files)}) met sha256</summary>
<table><thead><tr><th>bestand</th><th>sha256</th></tr></thead>
<tbody>{input_rows}</tbody></table></details>
<details><summary>Softwareversies</summary>
<table><thead><tr><th>pakket</th><th>versie</th></tr></thead>
<tbody>{version_rows}</tbody></table></details>
</section>
"""


def show(case: Any) -> None:
    """Display the provenance block for a loaded :class:`analysis.core.cases.Case`."""
    from IPython.display import HTML, display

    display(HTML(provenance_html(case.name, case.parameters, case.overridden)))
