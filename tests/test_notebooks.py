"""Notebook conventions: names, one parameters cell with `case`, no outputs, python3 kernel."""

from __future__ import annotations

import ast
import json
import re

import pytest

from analysis.core import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_name_is_numbered_snake_case(notebook):
    assert re.fullmatch(r"\d{2}_[a-z0-9]+(_[a-z0-9]+)*\.ipynb", notebook.name)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_exactly_one_parameters_cell_defining_case(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse("".join(tagged[0]["source"]))
    names = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert "case" in names


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{notebook.name}: strip outputs"
            assert cell.get("execution_count") is None, f"{notebook.name}: strip execution counts"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_kernel_is_python3(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_a_dutch_title_and_ends_with_provenance(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# ")
    last = "".join(nb["cells"][-1]["source"])
    assert "provenance.show(" in last


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_needs_tags_name_known_components(notebook):
    from analysis.build import (
        PRINTED_REGISTRY,
        SYNTHETIC_REGISTRY,
        TRANSCRIPTION,
        goal_norm_tags,
        registry_table_tags,
    )
    from analysis.core.cases import COMPONENTS

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    tags = [t for c in nb["cells"] for t in c.get("metadata", {}).get("tags", [])]
    needs = {t[len("needs-") :] for t in tags if t.startswith("needs-")}
    known = {
        *COMPONENTS,
        TRANSCRIPTION,
        PRINTED_REGISTRY,
        SYNTHETIC_REGISTRY,
        *registry_table_tags(None),
        *goal_norm_tags(),
    }
    assert needs <= known, f"unknown component in needs- tag: {needs - known}"


def test_sections_a_case_lacks_are_dropped_from_the_html():
    import nbformat

    from analysis.build import drop_unmet

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Titel"),
            nbformat.v4.new_markdown_cell(
                "## Uit het bestand", metadata={"tags": ["needs-registry"]}
            ),
            nbformat.v4.new_markdown_cell("## Doelen", metadata={"tags": ["needs-goals"]}),
        ]
    )
    kept = drop_unmet(nb, ("goals",))
    assert [c.source for c in kept.cells] == ["# Titel", "## Doelen"]


def test_only_a_case_with_printed_registry_tables_gets_the_reproduction_sections():
    from analysis.build import PRINTED_REGISTRY, TRANSCRIPTION, case_components

    assert PRINTED_REGISTRY in case_components("amsterdam_2006")
    # a transcription of text only: no printed table to set the registry tables beside
    assert TRANSCRIPTION in case_components("amsterdam_2024")
    assert PRINTED_REGISTRY not in case_components("amsterdam_2024")
    assert PRINTED_REGISTRY not in case_components("demo_2022")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short_and_markdown_types_no_figure(notebook):
    # Logic lives in analysis/, a notebook only calls it: at most ~15 lines of code per cell
    # (imports aside). A figure a reader sees in prose is formatted from data or parameters,
    # so markdown holds no number with a thousands separator (the typed "41.062" of the past).

    for i, cell in enumerate(json.loads(notebook.read_text(encoding="utf-8"))["cells"]):
        text = "".join(cell["source"])
        if cell["cell_type"] == "code":
            code = [
                line
                for line in text.splitlines()
                if line.strip() and not line.startswith(("import ", "from ", "#"))
            ]
            assert len(code) <= 16, f"{notebook.name} cell {i}: {len(code)} lines of code"
        else:
            assert not re.search(r"\b\d{1,3}\.\d{3}\b", text), f"{notebook.name} cell {i}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_rebinds_an_imported_name(notebook):
    # Running a cell twice in JupyterLab must work: a variable that shadows an imported module
    # (notebook 03 once assigned `summary = …` over the module) breaks the second run.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tree = ast.parse("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    imported, assigned = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
        elif isinstance(node, ast.FunctionDef):
            assigned.add(node.name)
    assert not imported & assigned, f"{notebook.name} rebinds {imported & assigned}"
