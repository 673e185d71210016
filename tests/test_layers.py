"""The package's layers: which subpackage may import which, checked on every module's syntax tree.

Allowed directions (``docs/architecture.md``): ``report → steps → registry, published → core``,
``store`` between the steps and the data layers, ``synthetic → registry, published, core``; the
build and the notebook setup sit on top and may use everything but ``synthetic``. Nothing but the
generator's own CLI and the tests imports ``synthetic``. Every import counts: module-level or
inside a function, ``import analysis.x``, ``from analysis.x import y``, ``from analysis import x``,
and attribute access ``analysis.x.y`` on the top package.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from analysis.core import paths

PACKAGE = paths.ROOT / "src" / "analysis"
LAYERS = ("core", "registry", "published", "store", "steps", "report", "synthetic")
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "registry": {"registry", "core"},
    "published": {"published", "core"},
    "store": {"store", "registry", "published", "core"},
    "steps": {"steps", "store", "registry", "published", "core"},
    "report": {"report", "steps", "store", "registry", "published", "core"},
    "synthetic": {"synthetic", "registry", "published", "core"},
    "top": {"report", "steps", "store", "registry", "published", "core", "top"},
}
# Steps computed from the registry alone: they must not read a published figure at all (the
# published figures are calibration targets of the demo registry; reading them here would make
# agreement with the printed tables circular).
REGISTRY_ONLY = {"steps.outflow", "steps.survival", "steps.costs", "steps.payments", "steps.effect"}


def layer_of(module: str) -> str:
    """``analysis.steps.outflow`` → ``steps``; ``analysis.store`` → ``store``; else ``top``."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "top"


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every ``analysis…`` module a source imports or reaches by attribute, with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "analysis"
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "analysis":
                continue
            # ``from analysis.steps import outflow`` imports the module analysis.steps.outflow
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Attribute):
            chain = []
            inner: ast.AST = node
            while isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name) and inner.id == "analysis":
                found.append((node.lineno, ".".join(["analysis", *reversed(chain)])))
    return found


def violations(module: str, source: str) -> list[str]:
    """The imports of ``module`` (dotted name) that break the layer rules, as readable lines."""
    own = layer_of(module)
    short = module.removeprefix("analysis.")
    out = []
    for line, target in imported_modules(source):
        layer = layer_of(target)
        if target in ("analysis", "analysis.__init__"):
            continue
        if layer not in ALLOWED[own]:
            out.append(f"{module}:{line} ({own}) imports {target} ({layer})")
        elif short in REGISTRY_ONLY and layer == "published":
            out.append(f"{module}:{line} computes from the registry but imports {target}")
    return out


def package_modules() -> list[tuple[str, Path]]:
    out = []
    for file in sorted(PACKAGE.rglob("*.py")):
        parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        out.append((name, file))
    return out


def notebook_source(file: Path) -> str:
    cells = json.loads(file.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_every_layer_folder_is_known():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert folders == set(LAYERS) - {"store"}
    assert (PACKAGE / "store.py").is_file()


@pytest.mark.parametrize("name,file", package_modules(), ids=lambda v: str(v))
def test_module_imports_follow_the_layers(name, file):
    if name == "analysis.synthetic.__main__":
        pytest.skip("the generator's CLI")
    assert violations(name, file.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("file", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_import_neither_the_generator_nor_below_the_layers(file):
    assert violations("analysis.notebook", notebook_source(file)) == []


@pytest.mark.parametrize(
    "module,source",
    [
        ("analysis.steps.outflow", "from analysis.report import html"),
        ("analysis.steps.outflow", "def f():\n    from analysis.report.html import nl_pct\n"),
        ("analysis.steps.costs", "import analysis.synthetic.ledger"),
        ("analysis.steps.goals", "import analysis\nanalysis.report.html.nl_pct(1)"),
        ("analysis.steps.benchmark", "from analysis import synthetic"),
        ("analysis.core.paths", "from analysis.registry import model"),
        ("analysis.registry.intake", "from analysis.published.tables import load_facts"),
        ("analysis.steps.outflow", "from analysis.published import tables"),
        ("analysis.build", "from analysis.synthetic.ledger import KNOWN_DEVIATIONS"),
    ],
)
def test_a_planted_import_is_a_violation(module, source):
    assert violations(module, source), f"{module}: {source!r} should break the layers"


@pytest.mark.parametrize(
    "module,source",
    [
        ("analysis.report.outflow", "from analysis.steps import outflow"),
        ("analysis.steps.benchmark", "from analysis.published.tables import load_table"),
        ("analysis.synthetic.generate", "from analysis.published.tables import load_facts"),
        ("analysis.steps.costs", "from analysis.steps.outflow import cohorts"),
    ],
)
def test_an_allowed_import_is_not_a_violation(module, source):
    assert violations(module, source) == []


def test_no_function_of_the_demo_generator_is_over_sixty_lines():
    # A short ``generate`` that calls phase functions: each phase readable on one screen.
    long = []
    for file in sorted((PACKAGE / "synthetic").glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long.append(f"{file.name}:{node.lineno} {node.name} ({length} lines)")
    assert long == []


def test_allocation_is_a_leaf_module():
    source = (PACKAGE / "synthetic" / "allocation.py").read_text(encoding="utf-8")
    assert imported_modules(source) == []
