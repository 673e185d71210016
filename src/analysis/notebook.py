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
