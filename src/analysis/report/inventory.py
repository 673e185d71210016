"""What a case is made of: its description, parameters and raw input files.

Used by notebook ``00_registry`` to open every report with the case, the effective parameters
and the sha256 of every raw input, so a reviewer can check that a rebuild used the same sources.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core import paths
from analysis.core.cases import COMPONENTS, PARAMETERS, Case
from analysis.core.provenance import sha256
from analysis.published.tables import natural_key


def case_overview(case: Case) -> pd.DataFrame:
    """One row per property of the case, with Dutch labels (for a two-column table)."""
    rows = [
        ("Onderzoek", case.title),
        ("Rekenkamer", f"{case.auditor} ({case.published})"),
        ("Gemeente", case.municipality),
        (
            "Onderzoeksperiode",
            f"{case.period_start:%d-%m-%Y} t/m {case.period_end:%d-%m-%Y}",
        ),
        ("Onderdelen met gegevens", ", ".join(COMPONENTS[c] for c in case.components)),
    ]
    return pd.DataFrame(rows, columns=["kenmerk", "waarde"])


def parameter_overview(case: Case) -> pd.DataFrame:
    """The effective parameters in words (meaning, value, what a different value changes, and
    whether the build overrode the case's value); the parameter names are in the Verantwoording."""
    rows = []
    for name, spec in PARAMETERS.items():
        value = case.parameters[name]
        if isinstance(value, list | tuple):
            value = " / ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "ja" if value else "nee"
        rows.append(
            {
                "instelling": spec.description,
                "waarde": "niet bekend" if value is None else str(value),
                "verandert": spec.changes,
                "herkomst": "afwijkend, meegegeven bij het bouwen"
                if name in case.overridden
                else "standaardwaarde"
                if name in case.defaulted
                else "casus",
            }
        )
    return pd.DataFrame(rows)


SYNTHETIC_LABEL = "registry (synthetisch demobestand)"
"""How the generated demo registry is listed among the inputs (it lives in ``data/synthetic``)."""


def raw_inputs(case: str) -> pd.DataFrame:
    """Every file under ``data/raw/<case>/`` with its size and sha256, sorted by path, and the
    generated demo registry of the case (``data/synthetic/<case>/registry/``) if it has one."""
    listed: list[tuple[str, Path]] = []
    folder = paths.raw_dir(case)
    listed += [(str(p.relative_to(folder)), p) for p in folder.rglob("*")]
    demo = paths.synthetic_dir(case) / "registry"
    if demo.is_dir():
        listed += [(f"{SYNTHETIC_LABEL}/{p.relative_to(demo)}", p) for p in demo.rglob("*")]
    listed = sorted(
        ((name, p) for name, p in listed if p.is_file() and p.name != ".gitkeep"),
        key=lambda item: natural_key(item[0]),
    )
    return pd.DataFrame(
        {
            "bestand": [name for name, _ in listed],
            "omvang_kb": [round(p.stat().st_size / 1024, 1) for _, p in listed],
            "sha256": [sha256(p) for _, p in listed],
        }
    )


def inputs_by_folder(inputs: pd.DataFrame) -> pd.DataFrame:
    """Number of files and total size per top-level folder of the raw inputs."""
    folder = (
        inputs["bestand"]
        .str.split("/")
        .str[0]
        .where(inputs["bestand"].str.contains("/"), "(hoofdmap)")
    )
    return (
        inputs.assign(map=folder)
        .groupby("map", sort=True)
        .agg(bestanden=("bestand", "size"), omvang_kb=("omvang_kb", "sum"))
        .reset_index()
    )
