"""Build steps called by the Makefile: run one notebook, write the index pages.

``python -m analysis.build notebook`` executes a notebook with papermill and exports it to HTML
with the code hidden. It deletes the notebook's previous HTML first and writes the new one
atomically, so a failed run never leaves an HTML that looks current. A failure prints the
notebook's name, the failing cell and its error, not papermill's whole traceback.

``python -m analysis.build index`` writes the case's ``index.html``; ``publish`` replaces
``reports/<case>/`` by the complete set of pages built in ``reports/.work/<case>/``, so a failed or
interrupted build leaves the previous complete report; ``root`` writes ``reports/index.html``;
``manifest`` writes the hashes of a case's inputs (the Makefile's dependency on their content);
``done`` prints what the build did.

This module is imported at every ``make report``, also when nothing needs to be done, so heavy
imports (papermill, nbconvert) happen inside the functions that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import html
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from analysis.core import paths

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NOTEBOOK_NAME = re.compile(r"^\d{2}_[a-z0-9]+(_[a-z0-9]+)*\.ipynb$")
WORK_DIR = ".work"
"""Under the reports folder: where a case is built before it is published."""


class BuildError(RuntimeError):
    """A notebook failed; the message names it and the failing cell's error."""


def parse_params(args: list[str]) -> dict[str, Any]:
    """Papermill-style parameters: ``-p name value`` (YAML-typed) and ``-r name value`` (raw);
    a name that is not an analysis parameter (:data:`analysis.core.cases.PARAMETERS`) stops the
    build with the known names."""
    import yaml

    from analysis.core.cases import PARAMETERS

    params: dict[str, Any] = {}
    i = 0
    while i < len(args):
        flag = args[i]
        if flag not in ("-p", "--parameters", "-r", "--parameters_raw"):
            raise BuildError(
                f"PARAMS: expected '-p name value' or '-r name value', got {' '.join(args[i:])!r}"
            )
        if len(args) - i < 3:
            raise BuildError(f"PARAMS: '{flag}' needs a name and a value")
        name, value = args[i + 1], args[i + 2]
        if name not in PARAMETERS:
            # stop before any notebook runs, not in the first notebook's first cell
            raise BuildError(
                f"PARAMS: '{name}' is not a known parameter; known: {', '.join(PARAMETERS)}"
            )
        params[name] = yaml.safe_load(value) if flag in ("-p", "--parameters") else value
        i += 3
    return params


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of a notebook (its section title in the report)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in "".join(cell.get("source", [])).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return notebook.stem


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is for reading by others
    os.replace(tmp, path)


def _error_message(notebook: Path, exc: Exception) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = _ANSI.sub("", str(getattr(exc, "evalue", exc))).strip()
    cell = getattr(exc, "exec_count", None)
    source = (getattr(exc, "source", "") or "").strip().splitlines()
    where = f"cell [{cell}]" if cell is not None else "a cell"
    first_line = f"    > {source[0]}" + (" …" if len(source) > 1 else "") if source else ""
    return f"notebook {notebook.name} failed in {where}: {ename}: {evalue}\n{first_line}".rstrip()


@contextlib.contextmanager
def _kernel_stderr_captured(log: Path) -> Iterator[None]:
    """Send the kernel's own stderr (start-up chatter such as ipykernel's transport warning) to
    ``log`` instead of the build output; the caller shows it only when the kernel fails."""
    saved = os.dup(2)
    sys.stderr.flush()
    with log.open("wb") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _strip_noise(nb: Any) -> Any:
    """Drop stderr streams (library warnings) from the reviewer's HTML; errors stop the build."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return nb


TRANSCRIPTION = "transcription"
"""The tag ``needs-transcription`` keeps a cell only for a case with a transcription of a printed
report (``sources.csv``): text about the printed tables. Not a component of ``case.yml``: a case
has it when it has the files."""


PRINTED_REGISTRY = "printed-registry"
"""The tag ``needs-printed-registry`` keeps a cell only for a case whose printed report has tables
the registry analysis recomputes (``analysis.report.definitions.DEFINITIONS``: the 2006 audit's
chapter 4 and 5): text that sets computed tables beside printed ones. A case with a transcription
of text only (amsterdam_2024) has none."""


SYNTHETIC_REGISTRY = "synthetic-registry"
"""``needs-synthetic-registry``: a cell about what only a demo case has (the registry with a known
effect of trajectories that tests the net-effect estimators)."""


def case_components(case: str) -> tuple[str, ...]:
    """The components of ``case`` for ``needs-`` tags: those of its ``case.yml``,
    :data:`TRANSCRIPTION` when it has a transcription, :data:`PRINTED_REGISTRY` when that has
    tables the registry analysis recomputes, its registry tables
    (:data:`REGISTRY_TABLE`) and its goal norm set (:data:`GOAL_NORMS`)."""
    from analysis.core.cases import load_case
    from analysis.published.tables import has_transcriptions, table_files
    from analysis.report.definitions import DEFINITIONS

    cfg = load_case(case)
    printed = (TRANSCRIPTION,) if has_transcriptions(case) else ()
    if set(table_files(case)) & set(DEFINITIONS):
        printed += (PRINTED_REGISTRY,)
    synthetic = (SYNTHETIC_REGISTRY,) if cfg.synthetic_registry else ()
    return (
        cfg.components
        + printed
        + synthetic
        + registry_table_tags(cfg.registry_tables)
        + (GOAL_NORMS + cfg.goal_norms,)
    )


GOAL_NORMS = "goal-norms-"
"""``needs-goal-norms-<set>``: a cell about one norm set for policy goals (the introduction of
notebook 01 and its sections that only one set has), kept for a case whose ``goal_norms`` is that
set. Every case has exactly one, also one without goals (the default, 2007)."""


def goal_norm_tags() -> tuple[str, ...]:
    """The ``goal-norms-<set>`` components of every norm set."""
    from analysis.core.cases import GOAL_NORM_SETS

    return tuple(GOAL_NORMS + s for s in GOAL_NORM_SETS)


REGISTRY_TABLE = "table-"
"""``needs-table-<table>``: a cell about an optional registry table (``needs-table-provisions``),
kept when the case declares the table in ``registry.tables`` — or declares none, since then the
extract decides and the section says so itself when the table is absent."""


def registry_table_tags(declared: tuple[str, ...] | None) -> tuple[str, ...]:
    """The ``table-<name>`` components of a case's declared registry tables (all optional
    tables when it declares none)."""
    from analysis.registry.model import declared_tables

    return tuple(REGISTRY_TABLE + t for t in declared_tables(declared))


def drop_unmet(nb: Any, components: tuple[str, ...]) -> Any:
    """Drop cells tagged ``needs-<component>`` when the case lacks that component, so a case
    without (say) a client registry shows no empty section headings (:func:`case_components`)."""
    keep = []
    for cell in nb.cells:
        needs = [
            t[len("needs-") :] for t in cell.metadata.get("tags", []) if t.startswith("needs-")
        ]
        if all(n in components for n in needs):
            keep.append(cell)
    nb.cells = keep
    return nb


NAV_STYLE = "font:14px system-ui,sans-serif;margin:12px 16px"
TOC_STYLE = (
    "font:14px system-ui,sans-serif;margin:.4rem 0 1.2rem;padding:.5rem 1rem;"
    "border-left:3px solid #0072B2;background:#f3f6fa"
)
HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def table_of_contents(body: str) -> str:
    """ "Op deze pagina": a link to each section heading (``<h2>``) of an exported page, or
    nothing for a page with fewer than two sections."""
    items = []
    for anchor, inner in HEADING.findall(body):
        text = re.sub(r"<[^>]+>|¶", "", inner).strip()
        items.append(f'<li><a href="#{anchor}">{text}</a></li>')
    if len(items) < 2:
        return ""
    return (
        f'<nav class="toc" aria-label="Inhoud van deze pagina" style="{TOC_STYLE}">'
        f"<strong>Op deze pagina</strong><ol style='margin:.3rem 0 0'>{''.join(items)}</ol></nav>"
    )


def case_label(case: str) -> str:
    """How a page names its case to a reader: auditor and year, not the case's folder name."""
    from analysis.core.cases import load_case

    cfg = load_case(case)
    return f"{cfg.auditor} ({cfg.published}), {cfg.title}"


def page_links(notebook: Path, case: str) -> str:
    """Previous section, the case's front page and the next section, for the foot of a page
    (the sections in the order of their numbers, as on the front page)."""
    pages = sorted(p for p in notebook.parent.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))
    names = [p.name for p in pages]
    i = names.index(notebook.name) if notebook.name in names else -1
    links = []
    if i > 0:
        links.append(
            f'<a href="{pages[i - 1].stem}.html">← {html.escape(notebook_title(pages[i - 1]))}</a>'
        )
    links.append(f'<a href="index.html">Overzicht: {html.escape(case_label(case))}</a>')
    if 0 <= i < len(pages) - 1:
        links.append(
            f'<a href="{pages[i + 1].stem}.html">{html.escape(notebook_title(pages[i + 1]))} →</a>'
        )
    return (
        f'<nav class="page-links" aria-label="Andere onderdelen" style="{NAV_STYLE};'
        'padding-top:.6rem;border-top:1px solid #bbb">' + " · ".join(links) + "</nav>"
    )


BANNER_STYLE = (
    "font:15px system-ui,sans-serif;margin:.6rem 0;padding:.5rem 1rem;border-radius:4px;"
    "background:#fff4e5;border:1px solid #E69F00"
)


def params_banner(params: dict[str, Any] | None, case: str) -> str:
    """The banner of a build with overridden parameters: each one in words with the value used
    and the value of the case (nothing when no parameter was overridden)."""
    if not params:
        return ""
    from analysis.core.cases import PARAMETERS, load_case

    own = load_case(case).parameters

    def shown(value: Any) -> str:
        if isinstance(value, list | tuple):
            return " / ".join(str(v) for v in value)
        return "niet bekend" if value is None else str(value)

    items = "; ".join(
        f"{html.escape(PARAMETERS[name].description)}: <strong>{html.escape(shown(value))}"
        f"</strong> (casus: {html.escape(shown(own.get(name)))})"
        for name, value in params.items()
        if name in PARAMETERS
    )
    return (
        f'<p class="params-banner" role="note" style="{BANNER_STYLE}"><strong>Afwijkende '
        f"instellingen.</strong> Dit rapport is gebouwd met andere waarden dan die van de casus: "
        f"{items}. De cijfers wijken daardoor af van een standaardbouw.</p>"
    )


PRINTED_NUMBER = re.compile(r"^\s*(?:Tabel|Figuur|Schema|Kader)\s+\d")
CAPTION = re.compile(r"<(caption|figcaption)>(.*?)</\1>", re.S)


def number_captions(body: str, section: str) -> str:
    """Number the tables and figures this analysis adds, so a reader can cite them: on page
    ``NN`` they are *Tabel AN.1*, *Figuur AN.1*, … in page order (A for analysis); a caption
    that carries the printed report's number (*Tabel 4.6*, *Figuur 8.1*) keeps it."""
    counts = {"caption": 0, "figcaption": 0}
    prefix = f"A{int(section)}" if section.isdigit() else f"A{section}"

    def number(match: re.Match[str]) -> str:
        tag, text = match.group(1), match.group(2)
        if PRINTED_NUMBER.match(text):
            return match.group(0)
        counts[tag] += 1
        kind = "Tabel" if tag == "caption" else "Figuur"
        return f"<{tag}>{kind} {prefix}.{counts[tag]} – {text}</{tag}>"

    return CAPTION.sub(number, body)


def build_command(case: str, params: dict[str, Any] | None) -> str:
    """The ``make`` command that builds this report with these parameters."""
    if not params:
        return f"make report CASE={case}"
    given = " ".join(f"-p {name} {json.dumps(value)}" for name, value in params.items())
    return f"make report CASE={case} PARAMS={shlex.quote(given)}"


def demo_banner(case: str) -> str:
    """The demo banner of a case whose registry is synthetic (nothing for an office's own)."""
    from analysis.core.cases import load_case
    from analysis.report.registry import demo_banner as banner

    return banner(load_case(case), BANNER_STYLE)


def export_html(
    executed: Path,
    title: str,
    case: str,
    notebook: Path | None = None,
    params: dict[str, Any] | None = None,
) -> str:
    """HTML of an executed notebook with code cells and prompts hidden; under its title the
    demo banner (synthetic registry), the banner of overridden ``params`` and a table of
    contents; table source lines naming a synthetic registry marked as such; and (given the
    ``notebook`` it came from) links to the previous and next section at its foot."""
    import nbformat
    from nbconvert import HTMLExporter

    from analysis.report.registry import label_demo_sources

    nb = _strip_noise(nbformat.read(executed, as_version=4))
    nb = drop_unmet(nb, case_components(case))
    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    nav = (
        f'<nav class="report-nav" style="font:14px system-ui,sans-serif;margin:12px 0 0 16px">'
        f'<a href="index.html">← Overzicht: {html.escape(case_label(case))}</a></nav>'
    )
    body = body.replace('<html lang="en">', '<html lang="nl">', 1)  # the report is Dutch
    demo = demo_banner(case)
    if demo:
        body = label_demo_sources(body)
    if notebook is not None:
        body = number_captions(body, notebook.name[:2])
        body = with_disclosure_summary(body, case, notebook.stem, params)
    under_title = demo + params_banner(params, case) + table_of_contents(body)
    if under_title:
        body = re.sub(r"(</h1>)", lambda m: m.group(1) + under_title, body, count=1)
    if notebook is not None:
        body = body.replace("</body>", page_links(notebook, case) + "</body>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)


def _rules(case: str, params: dict[str, Any] | None):
    from analysis.core.cases import load_case
    from analysis.report.disclosure import Rules

    return Rules.of(load_case(case, **(params or {})))


def with_disclosure_summary(
    body: str, case: str, page: str, params: dict[str, Any] | None = None
) -> str:
    """``body`` with the disclosure check of its tables and figures in its Verantwoording."""
    from analysis.report.disclosure import output_checks, summary_html

    checks = output_checks(body, page)
    if checks.empty:
        return body
    summary = summary_html(checks, _rules(case, params))
    return re.sub(
        r"(<section[^>]*\bid=[\"']provenance[\"'][^>]*>.*?)(</section>)",
        lambda m: m.group(1) + summary + m.group(2),
        body,
        count=1,
        flags=re.S,
    )


def refuse_unsafe(body: str, case: str, page: str, params: dict[str, Any] | None) -> None:
    """In strict mode (``disclosure_strict``), stop before a page with an output that fails a
    disclosure rule is written."""
    from analysis.core.cases import load_case
    from analysis.report.disclosure import output_checks

    if not load_case(case, **(params or {}))["disclosure_strict"]:
        return
    checks = output_checks(body, page)
    failed = checks[checks["status"] == "fail"]
    if len(failed):
        listed = "; ".join(f"{r.output} '{r.title}': {r.notes}" for r in failed.itertuples())
        raise BuildError(
            f"disclosure_strict: {page} has {len(failed)} output(s) that fail a disclosure rule "
            f"and were not handled, so its HTML is not written: {listed}"
        )


def write_disclosure(case: str, reports: Path, notebooks: Path) -> Path:
    """``data/processed/<case>/disclosure.csv``: the check of every table and figure of the
    case's pages, for an output checker to review before publication."""
    import pandas as pd

    from analysis import store
    from analysis.report.disclosure import CHECK_COLUMNS, output_checks

    frames = [
        output_checks((reports / case / f"{nb.stem}.html").read_text(encoding="utf-8"), nb.stem)
        for nb in sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
        if (reports / case / f"{nb.stem}.html").is_file()
    ]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CHECK_COLUMNS)
    return store.write(case, "disclosure", frame)


BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
"""The variables that set the threads of numpy's linear algebra in a notebook's kernel."""


def run_notebook(notebook: Path, case: str, reports: Path, params: dict[str, Any]) -> float:
    """Execute ``notebook`` for ``case`` and export its HTML; return the seconds it took.

    The previous HTML is removed before the run, so a failure leaves none that looks current.

    Raises:
        BuildError: the notebook failed; the message names it and the failing cell's error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    out_dir = reports / case
    html_file = out_dir / f"{notebook.stem}.html"
    executed = out_dir / "executed" / notebook.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    html_file.unlink(missing_ok=True)

    # The kernels of a build run side by side (make -j) on small matrices: one BLAS thread each.
    # Several per kernel fight over the cores (the effect matching of 02 takes twice as long). A
    # value set by the user wins. (Not exported from the Makefile: nproc, which sets the number
    # of jobs, reads OMP_NUM_THREADS too.)
    for variable in BLAS_THREADS:
        os.environ.setdefault(variable, "1")
    started = time.perf_counter()
    kernel_log = Path(tempfile.mkstemp(prefix="kernel-", suffix=".log")[1])
    try:
        with _kernel_stderr_captured(kernel_log):
            papermill.execute_notebook(
                str(notebook),
                str(executed),
                parameters={"case": case, **params},
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                cwd=str(notebook.parent),
            )
    except PapermillExecutionError as exc:
        (out_dir / "index.html").unlink(missing_ok=True)
        raise BuildError(_error_message(notebook, exc)) from None
    except Exception as exc:  # kernel died, notebook unreadable, …
        (out_dir / "index.html").unlink(missing_ok=True)
        log = kernel_log.read_text(errors="replace").strip()
        raise BuildError(
            f"notebook {notebook.name} could not be run: {type(exc).__name__}: {exc}"
            + (f"\n  kernel output:\n{log[-2000:]}" if log else "")
        ) from None
    finally:
        kernel_log.unlink(missing_ok=True)
    _stable_cell_ids(executed)
    page = export_html(executed, notebook_title(notebook), case, notebook, params)
    refuse_unsafe(page, case, notebook.stem, params)
    _atomic_write(html_file, page)
    return time.perf_counter() - started


def _stable_cell_ids(executed: Path) -> None:
    """Papermill gives its injected-parameters cell a random id; give it a fixed one, so two
    builds of the same inputs give the same executed notebook and HTML."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    changed = False
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            changed = cell.get("id") != "injected-parameters"
            cell["id"] = "injected-parameters"
    if changed:
        executed.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# index pages

_PAGE_CSS = Path(__file__).parent.joinpath("report", "index.css").read_text(encoding="utf-8")


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='nl'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    built: bool


def sections(case: str, reports: Path, notebooks: Path) -> list[Section]:
    found = sorted(p for p in notebooks.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))
    return [
        Section(nb.stem, notebook_title(nb), (reports / case / f"{nb.stem}.html").is_file())
        for nb in found
    ]


def _now() -> dt.datetime:
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam"))


def case_title(cfg: Any) -> str:
    """The title of a case's report: in the browser tab and on top of every PDF page, so a demo
    case says it is one on every page (:mod:`analysis.pdf` takes the front page's title)."""
    from analysis.report.registry import DEMO_LABEL

    demo = cfg.has("registry") and cfg.synthetic_registry
    return f"{cfg.title} – {cfg.municipality}" + (f" – {DEMO_LABEL}" if demo else "")


def write_case_index(
    case: str, reports: Path, notebooks: Path, params: dict[str, Any] | None = None
) -> Path:
    """``reports/<case>/index.html``: the front page (:mod:`analysis.report.frontpage`), with
    the parameters the notebooks ran with (its key figures must say what the pages say)."""
    from analysis.core import provenance
    from analysis.core.cases import load_case
    from analysis.report import frontpage

    cfg = load_case(case, **(params or {}))
    steps = [frontpage.Step(s.name, s.title, s.built) for s in sections(case, reports, notebooks)]
    body = frontpage.front_page_body(
        cfg,
        steps,
        f"{_now():%d-%m-%Y %H:%M}",
        provenance.git_state(),
        command=build_command(case, params),
        params_banner=params_banner(params, case),
    )
    out = reports / case / "index.html"
    write_disclosure(case, reports, notebooks)
    _atomic_write(out, _page(case_title(cfg), body))
    return out


def write_root_index(reports: Path) -> Path:
    """``reports/index.html``: one line per case, linked when its report has been built."""
    from analysis.core.cases import list_cases, load_case

    items = []
    for case in list_cases():
        cfg = load_case(case)
        label = (
            f"{html.escape(cfg.municipality)} – {html.escape(cfg.title)} "
            f"({cfg.auditor}, {cfg.published})"
        )
        if (reports / case / "index.html").is_file():
            items.append(f"<li><a href='{case}/index.html'>{label}</a></li>")
        else:
            items.append(
                f"<li class='missing'>{label} — nog niet gebouwd "
                f"(<code>make report CASE={case}</code>)</li>"
            )
    body = (
        "<h1>Rekenkameronderzoek re-integratie: rapporten</h1>"
        "<p class='sub'>Reproduceerbare analyses van het re-integratiebeleid per casus.</p>"
        f"<ul>{''.join(items)}</ul>"
    )
    out = reports / "index.html"
    _atomic_write(out, _page("Rapporten re-integratieonderzoek", body))
    return out


# ---------------------------------------------------------------------------------------------
# publishing and the input manifest


def publish(case: str, reports: Path) -> Path:
    """Replace ``reports/<case>/`` by the complete build in ``reports/.work/<case>/``.

    The new pages are copied beside the old ones and swapped in with two renames, so readers see
    either the previous complete report or the new one.
    """
    work = reports / WORK_DIR / case
    if not (work / "index.html").is_file():
        raise BuildError(f"{work}: no complete build of {case} to publish")
    target = reports / case
    with paths.replaced(target) as fresh:
        shutil.copytree(work, fresh, ignore=shutil.ignore_patterns(".params", ".inputs*"))
    return target


def input_files(case: str) -> list[Path]:
    """Every input a case's report reads: its raw folder (with the office's own extract), the
    shared inputs, and the generated demo registry where the case has one."""
    folders = [paths.raw_dir(case), *(paths.RAW / name for name in paths.SHARED_INPUTS)]
    folders.append(paths.synthetic_dir(case))
    files = []
    for folder in folders:
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.is_file() and p.name != ".gitkeep"]
    return sorted(files)


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(case: str, out: Path) -> bool:
    """Write ``sha256  path`` of every input of ``case`` to ``out`` if it differs from what is
    there; return whether it changed.

    A file is hashed again only when its size or modification time changed since the last run
    (kept in ``<out>.cache``), so a no-op build stays fast on a large extract.
    """
    cache_file = out.with_name(out.name + ".cache")
    cache: dict[str, tuple[int, int, str]] = {}
    if cache_file.is_file():
        for line in cache_file.read_text(encoding="utf-8").splitlines():
            size, mtime, digest, name = line.split(" ", 3)
            cache[name] = (int(size), int(mtime), digest)
    lines, cached = [], []
    for file in input_files(case):
        name = str(file.relative_to(paths.ROOT) if file.is_relative_to(paths.ROOT) else file)
        stat = file.stat()
        known = cache.get(name)
        if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
            digest = known[2]
        else:
            digest = _sha256(file)
        lines.append(f"{digest}  {name}")
        cached.append(f"{stat.st_size} {stat.st_mtime_ns} {digest} {name}")
    text = "\n".join(lines) + "\n"
    _atomic_write(cache_file, "\n".join(cached) + "\n")
    if out.is_file() and out.read_text(encoding="utf-8") == text:
        return False
    _atomic_write(out, text)
    return True


def report_done(case: str, reports: Path, since: float) -> str:
    """One line on what this ``make report`` did (compares HTML times with the build start)."""
    rebuilt = [
        p
        for p in (reports / case).glob("*.html")
        if p.name != "index.html" and p.stat().st_mtime > since
    ]
    where = reports / "index.html"
    if not rebuilt:
        return f"Nothing needed rebuilding: every notebook of {case} is up to date. Report: {where}"
    return f"{len(rebuilt)} notebook(s) rebuilt for {case}. Report: {where}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.build")
    sub = parser.add_subparsers(dest="command", required=True)
    nb = sub.add_parser("notebook", help="run one notebook and export its HTML")
    nb.add_argument("--case", required=True)
    nb.add_argument("--notebook", required=True, type=Path)
    nb.add_argument("--reports", type=Path, default=paths.REPORTS)
    nb.add_argument("--params", default="", help="papermill parameters, e.g. '-p min_cell 5'")
    idx = sub.add_parser("index", help="write reports/<case>/index.html")
    idx.add_argument("--case", required=True)
    idx.add_argument("--reports", type=Path, default=paths.REPORTS)
    idx.add_argument("--notebooks", type=Path, default=paths.NOTEBOOKS)
    idx.add_argument("--params", default="", help="the papermill parameters of the build")
    pub = sub.add_parser("publish", help="replace reports/<case>/ by the complete new build")
    pub.add_argument("--case", required=True)
    pub.add_argument("--reports", type=Path, default=paths.REPORTS)
    man = sub.add_parser("manifest", help="write the hashes of a case's inputs")
    man.add_argument("--case", required=True)
    man.add_argument("--out", type=Path, required=True)
    root = sub.add_parser("root", help="write reports/index.html")
    root.add_argument("--reports", type=Path, default=paths.REPORTS)
    done = sub.add_parser("done", help="say what the build did")
    done.add_argument("--case", required=True)
    done.add_argument("--reports", type=Path, default=paths.REPORTS)
    done.add_argument("--since", type=float, required=True)
    args = parser.parse_args(argv)

    try:
        if args.command == "notebook":
            if not NOTEBOOK_NAME.match(args.notebook.name):
                raise BuildError(f"{args.notebook}: notebook names look like NN_snake_case.ipynb")
            params = parse_params(shlex.split(args.params))
            seconds = run_notebook(args.notebook, args.case, args.reports, params)
            print(f"  {args.notebook.stem:<24} {seconds:6.1f} s", flush=True)
        elif args.command == "index":
            params = parse_params(shlex.split(args.params))
            write_case_index(args.case, args.reports, args.notebooks, params)
        elif args.command == "publish":
            publish(args.case, args.reports)
        elif args.command == "manifest":
            write_manifest(args.case, args.out)
        elif args.command == "root":
            write_root_index(args.reports)
        elif args.command == "done":
            print(report_done(args.case, args.reports, args.since))
    except BuildError as exc:
        print(f"BUILD FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
