"""What every notebook does first: load the case with the parameters of this run, and set the
house style of tables and charts.

A notebook's ``parameters`` cell defines ``case`` and the analysis parameters (``None`` = the
value of ``case.yml``); papermill injects the build's values after it. ``setup(globals())``
takes exactly those names from the notebook's namespace, so the list of parameters lives in one
place (:data:`analysis.core.cases.PARAMETERS`), and running the cell twice in JupyterLab gives
the same case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.core.cases import PARAMETERS, Case, load_case
from analysis.report.html import style
from analysis.report.style import figure_style


def parameters(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis parameters defined in a notebook's namespace (its ``parameters`` cell)."""
    return {name: namespace[name] for name in PARAMETERS if name in namespace}


def setup(namespace: Mapping[str, Any]) -> Case:
    """The case of this run (``namespace['case']`` with the notebook's parameters), after
    emitting the house CSS and setting the chart defaults."""
    cfg = load_case(namespace["case"], **parameters(namespace))
    style()
    figure_style()
    return cfg


def _expected(cfg: Case, artefact: str) -> bool:
    """Whether the earlier notebooks write ``artefact`` for this case at all."""
    from analysis.published import crossfoot
    from analysis.published.tables import table_files
    from analysis.report.definitions import DEFINITIONS
    from analysis.steps.benchmark import BENCHMARK_TABLES

    if artefact == "consistency":
        return bool(crossfoot.load_checks(cfg.name))
    if artefact == "reproduction":  # a printed table that 02 or 03 recomputes
        recomputed = set(DEFINITIONS) if cfg.has("registry") else set()
        return bool(set(table_files(cfg.name)) & (recomputed | set(BENCHMARK_TABLES)))
    return cfg.has("registry")


def run_first(cfg: Case, *artefacts: str) -> str:
    """A notice (HTML) naming the notebooks to run first when this case should have
    ``artefacts`` from earlier notebooks but they are not there yet, e.g. a notebook opened in
    JupyterLab before the ones it reads from; empty when all are there. Without it, a missing
    output would read as 'this case has none'."""
    from analysis import store

    producers = []
    for name in artefacts:
        if _expected(cfg, name) and not store.path(cfg.name, name).is_file():
            producers += [p.strip() for p in store.ARTEFACTS[name].written_by.split(",")]
    if not producers:
        return ""
    listed = ", ".join(dict.fromkeys(producers))
    return (
        "<p class='run-first'><strong>Nog niet alles is gedraaid.</strong> Dit onderdeel leest "
        f"wat {listed} voor deze casus schrijft, en dat ontbreekt nog. Draai eerst die "
        f"notebooks, of bouw het hele rapport met <code>make report CASE={cfg.name}</code>; "
        "tot dan zijn de tabellen hieronder onvolledig.</p>"
    )
