"""The provenance block at the end of every report (Dutch): case, parameters (overrides marked),
code version, the raw inputs read with their sha256, software versions and build time. The facts
come from :mod:`analysis.core.provenance`; this module words and lays them out."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from analysis.core import paths
from analysis.core.cases import PARAMETERS
from analysis.core.provenance import git_state, package_versions, sha256, used_inputs


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _describe(name: str) -> str:
    spec = PARAMETERS.get(name)
    return spec.description if spec else ""


def _format_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "—" if value is None else str(value)


def provenance_html(
    case: str,
    parameters: Mapping[str, Any],
    overridden: Iterable[str] = (),
    defaulted: Iterable[str] = (),
    inputs: Iterable[Path] | None = None,
    now: dt.datetime | None = None,
    seeds: Iterable[str] = (),
) -> str:
    """The provenance block (Dutch) shown at the end of every report.

    Args:
        case: case name.
        parameters: the effective parameters of the run.
        overridden: names of parameters that differ from ``case.yml`` (passed with ``-p``).
        defaulted: names of parameters ``case.yml`` leaves out (their default applies).
        inputs: raw files used; defaults to those recorded by the loaders in this process.
        now: build time (defaults to the current time in Amsterdam).
        seeds: the text extractions of the printed report(s) the case was transcribed from.
    """
    now = now or dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    files = sorted(Path(p) for p in (used_inputs() if inputs is None else inputs))
    overridden, defaulted = set(overridden), set(defaulted)

    def origin(name: str) -> str:
        if name in overridden:
            return "meegegeven bij de build (PARAMS)"
        return "standaardwaarde" if name in defaulted else "uit case.yml"

    esc = html.escape
    param_rows = "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(_describe(k))}</td><td>{esc(_format_value(v))}</td>"
        f"<td>{origin(k)}</td></tr>"
        for k, v in parameters.items()
    )
    seed_line = f" · tekstextractie van het rapport: {esc(', '.join(seeds))}" if seeds else ""
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
gebouwd op {esc(now.strftime("%d-%m-%Y %H:%M %Z"))}{seed_line}</p>
<details><summary>Parameters ({len(parameters)})</summary>
<p>Een afwijkende waarde geef je mee bij het bouwen, bijvoorbeeld
<code>make report CASE={esc(case)} PARAMS="-p min_cell 5"</code>.</p>
<table><thead><tr><th>parameter</th><th>betekenis</th><th>waarde</th><th>herkomst</th></tr></thead>
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

    display(
        HTML(
            provenance_html(
                case.name, case.parameters, case.overridden, case.defaulted, seeds=case.seeds
            )
        )
    )
