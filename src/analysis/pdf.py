"""One PDF per case: the published pages of ``reports/<case>/`` in order, printed on A4.

``python -m analysis.pdf --case CASE`` (``make pdf``) reads the published report — the front page
``index.html`` first, then the sections it links in the order of their numbers — and joins them
into one HTML document: each section from a new page, its anchors prefixed with its name so the
links between and within the pages keep working in the PDF, the ``<details>`` of the
Verantwoording opened. The print style ``report/print.css`` goes last: A4, the case title on top
of every page, the section and "pagina x van y" at the foot, tables that wrap their headers
within the page width. WeasyPrint lays the document out; a table that is still wider than a
portrait page is measured, not guessed: it gets a landscape page of its own and the document is
laid out again. The PDF is written to ``reports/<case>/<case>.pdf`` in one step.

WeasyPrint (and the Pango library it draws text with) is an optional dependency: only this
module imports it, and only when a PDF is made, so ``make report`` never needs it.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.core import paths

INSTALL_HINT = (
    "the PDF needs WeasyPrint, installed once with pip install -e '.[pdf]' (in the project: "
    ".venv/bin/pip install -e '.[pdf]'), and the Pango library, on Debian/Ubuntu: "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)
_CSS_DIR = Path(__file__).parent / "report"
SECTION_LINK = re.compile(r"""href=(["'])(\d{2}_[a-z0-9_]+)\.html\1""")
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_ATTR = re.compile(r"""(\s(?:id|href)=)(["'])(.*?)\2""", re.S)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_STYLES = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


class PdfError(RuntimeError):
    """The PDF could not be made; the message says why and what to do."""


def weasyprint() -> Any:
    """The ``weasyprint`` module, or a :class:`PdfError` saying what to install."""
    try:
        import weasyprint as wp
    except ImportError as exc:
        raise PdfError(f"WeasyPrint is not installed ({exc}); {INSTALL_HINT}") from None
    except OSError as exc:  # the package is there, the Pango library is not
        raise PdfError(f"WeasyPrint cannot load Pango ({exc}); {INSTALL_HINT}") from None
    return wp


# ---------------------------------------------------------------------------------------------
# one document of the front page and the sections


@dataclass(frozen=True)
class Page:
    """A published page: its name (``02_outflow``, ``index``) and its HTML text."""

    name: str
    text: str


def section_names(front_page: str) -> list[str]:
    """The sections the front page links, each once, in the order of their numbers (the order
    of the audit and of the pages' own previous/next links; the front page may link a section
    early, as its conclusions link the summary)."""
    return sorted({name for _, name in SECTION_LINK.findall(front_page)})


def read_case(case_dir: Path) -> tuple[Page, list[Page]]:
    """The front page and the sections of a published case folder.

    Raises:
        PdfError: the folder has no front page, or a section it links is missing.
    """
    index = case_dir / "index.html"
    if not index.is_file():
        raise PdfError(f"{index} not found: build the report first (make report)")
    front = Page("index", index.read_text(encoding="utf-8"))
    pages = []
    for name in section_names(front.text):
        file = case_dir / f"{name}.html"
        if not file.is_file():
            raise PdfError(f"{file} not found, but the front page links it: build the report again")
        pages.append(Page(name, file.read_text(encoding="utf-8")))
    return front, pages


def _anchor(target: str, page: str, names: set[str]) -> str:
    """A link target of ``page`` as a fragment of the one document: ``#x`` → ``#page--x``,
    ``02_outflow.html`` → ``#02_outflow``; other targets unchanged."""
    if target.startswith("#"):
        return f"#{page}--{target[1:]}"
    file, _, fragment = target.partition("#")
    stem = file.removesuffix(".html")
    if "/" not in file and file.endswith(".html") and stem in names:
        return f"#{stem}--{fragment}" if fragment else f"#{stem}"
    return target


def _prefixed(body: str, page: str, names: set[str]) -> str:
    """``body`` with every id prefixed by ``page--``, every link to a page of the document
    pointing into it, and every ``<details>`` open."""

    def attr(m: re.Match[str]) -> str:
        name, quote, value = m.groups()
        if name.strip() == "id=":
            value = f"{page}--{value}"
        else:
            value = _anchor(html.unescape(value), page, names)
            value = html.escape(value, quote=True)
        return f"{name}{quote}{value}{quote}"

    def tag(m: re.Match[str]) -> str:
        text = _ATTR.sub(attr, m.group(0))
        if re.match(r"<details[\s>]", text) and not re.search(r"\sopen[\s>=]", text):
            text = text.replace("<details", "<details open", 1)
        return text

    return _TAG.sub(tag, body)


def _body(page: Page) -> str:
    found = _BODY.search(page.text)
    if not found:
        raise PdfError(f"{page.name}.html has no <body>")
    return found.group(1)


def _head_css(page: Page) -> str:
    """The CSS of the ``<style>`` elements in the head of a page."""
    head = page.text[: page.text.lower().find("<body")]
    return "\n".join(_STYLES.findall(head))


def print_css() -> str:
    return (_CSS_DIR / "print.css").read_text(encoding="utf-8")


def document(front: Page, sections: list[Page], *, with_print_css: bool = True) -> str:
    """The front page and the sections as one HTML document for print.

    The sections keep JupyterLab's style (the head of the first section: every section is
    exported with the same template) and the front page its own, scoped to it with CSS nesting;
    ``report/print.css`` comes last (leave it out with ``with_print_css=False``, to see what it
    changes).
    """
    names = {s.name for s in sections} | {front.name}
    title_match = _TITLE.search(front.text)
    title = html.unescape(title_match.group(1)).strip() if title_match else front.name
    section_css, front_css = (_head_css(sections[0]) if sections else ""), _head_css(front)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="nl" data-case-title="{html.escape(title, quote=True)}"><head>',
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{section_css}</style>",
        f"<style>.pdf-front {{\n{front_css}\n}}</style>",
        "</head><body>",
        f'<section class="pdf-front" id="{front.name}">',
        _prefixed(_body(front), front.name, names),
        "</section>",
    ]
    for page in sections:
        parts += [
            f'<section class="pdf-section jp-Notebook" id="{page.name}" '
            'data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">',
            _prefixed(_body(page), page.name, names),
            "</section>",
        ]
    if with_print_css:
        # last in the document: it wins from every style before it, also those in the sections
        parts.append(f"<style>{print_css()}</style>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# layout: measured, not guessed


@dataclass(frozen=True)
class Overflow:
    """A box that reaches beyond the content box of its page."""

    page: int  # 1-based
    tag: str
    classes: str
    table: str | None  # data-pdf-table of the table it belongs to, if any
    excess: float  # CSS px beyond the right edge


def _number_tables(doc: str) -> str:
    """Give every ``<table>`` an attribute ``data-pdf-table="N"``, to find it after layout."""
    counter = iter(range(1, 1_000_000))
    return re.sub(r"<table(?=[\s>])", lambda m: f'<table data-pdf-table="{next(counter)}"', doc)


def overflows(rendered: Any, tolerance: float = 0.5) -> list[Overflow]:
    """Every box of the laid-out document whose margin box lies (partly) outside the content
    box of its page, left or right."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(rendered.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        stack = [(child, None) for child in page_box.children]
        while stack:
            box, table = stack.pop()
            if isinstance(box, boxes.MarginBox):
                continue  # the running header and footer live in the page margins
            element = getattr(box, "element", None)
            if element is not None and box.element_tag == "table":
                table = element.get("data-pdf-table", table)
            x, width = box.position_x, _outer_width(box, boxes)
            excess = max(x + width - right, left - x)
            if excess > tolerance:
                found.append(
                    Overflow(
                        number,
                        box.element_tag or type(box).__name__,
                        (element.get("class") or "") if element is not None else "",
                        table,
                        excess,
                    )
                )
            stack.extend((child, table) for child in getattr(box, "children", ()))
    return found


def _outer_width(box: Any, boxes: Any) -> float:
    """The width a box takes: its margin box; for table rows, row groups and columns their
    border box, since padding does not apply to them (CSS 2.1 §8.4) though WeasyPrint keeps a
    declared one (JupyterLab's ``tr {padding: .5em}``) in ``margin_width()``."""
    rows = (boxes.TableRowBox, boxes.TableRowGroupBox, boxes.TableColumnBox)
    if isinstance(box, (*rows, boxes.TableColumnGroupBox)):
        return box.width
    return box.margin_width()


def render(doc: str, base_url: Path | str | None = None) -> Any:
    """Lay ``doc`` out with WeasyPrint (a ``weasyprint.Document``)."""
    wp = weasyprint()
    return wp.HTML(string=doc, base_url=str(base_url) if base_url else None).render()


_NUMBERED_TABLE = re.compile(
    r"""<table data-pdf-table="(\d+)"(.*?</table>)(<p class=["']audit-source["'])?""", re.S
)


def landscape(doc: str, tables: set[str]) -> str:
    """``doc`` with the tables numbered ``tables`` and their source lines on landscape pages
    (``data-pdf-landscape``, which ``print.css`` gives the named page ``wide``)."""

    def mark(m: re.Match[str]) -> str:
        number, rest, source = m.group(1), m.group(2), m.group(3) or ""
        if number not in tables:
            return m.group(0)
        source = source.replace("<p", "<p data-pdf-landscape", 1)
        return f'<table data-pdf-table="{number}" data-pdf-landscape{rest}{source}'

    return _NUMBERED_TABLE.sub(mark, doc)


@dataclass(frozen=True)
class Result:
    rendered: Any
    landscape: set[str]
    overflows: list[Overflow]


def lay_out(doc: str, base_url: Path | str | None = None) -> Result:
    """Lay the document out; tables wider than a portrait page go on landscape pages."""
    doc = _number_tables(doc)
    rendered = render(doc, base_url)
    wide = {o.table for o in overflows(rendered) if o.table}
    if not wide:
        return Result(rendered, set(), [])
    rendered = render(landscape(doc, wide), base_url)
    return Result(rendered, wide, overflows(rendered))


# ---------------------------------------------------------------------------------------------
# the case PDF


def section_pages(rendered: Any, names: list[str]) -> dict[str, tuple[int, int]]:
    """The first and last page (1-based) of each section, from where its anchor lies."""
    starts: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for anchor in page.anchors:
            if anchor in names and anchor not in starts:
                starts[anchor] = number
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    spans = {}
    for i, (name, first) in enumerate(ordered):
        last = ordered[i + 1][1] - 1 if i + 1 < len(ordered) else len(rendered.pages)
        spans[name] = (first, last)
    return spans


def write_pdf(case: str, reports: Path, out: Path | None = None) -> Path:
    """Write ``reports/<case>/<case>.pdf`` from the published pages; print one line per
    section and the page count."""
    started = time.perf_counter()
    case_dir = reports / case
    front, sections = read_case(case_dir)
    weasyprint()  # a missing WeasyPrint or Pango is said before the work starts
    print(f"PDF of {case}: the front page and {len(sections)} sections", flush=True)
    result = lay_out(document(front, sections), base_url=case_dir)
    pages = section_pages(result.rendered, [front.name, *(s.name for s in sections)])
    for name, (first, last) in pages.items():
        where = f"page  {first}" if first == last else f"pages {first}–{last}"
        print(f"  {name:<24} {where:<12} ({last - first + 1})", flush=True)
    if result.landscape:
        print(f"  {len(result.landscape)} table(s) too wide for portrait: set on landscape pages")
    for o in result.overflows:
        print(
            f"  WARNING: page {o.page}: a {o.tag} ({o.classes or 'no class'}) reaches "
            f"{o.excess:.0f} px beyond the page width",
            file=sys.stderr,
        )
    out = out or case_dir / f"{case}.pdf"
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        result.rendered.write_pdf(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is for reading by others
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    print(f"{out}: {len(result.rendered.pages)} pages (A4), {seconds:.1f} s", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.pdf", description="one PDF of a case's published report"
    )
    parser.add_argument("--case", required=True)
    parser.add_argument("--reports", type=Path, default=paths.REPORTS)
    parser.add_argument("--out", type=Path, help="default: reports/<case>/<case>.pdf")
    args = parser.parse_args(argv)
    try:
        write_pdf(args.case, args.reports, args.out)
    except PdfError as exc:
        print(f"PDF FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
