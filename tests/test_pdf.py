"""The case PDF (analysis.pdf): one A4 document of the front page and the sections, every table
within the page width.

The layout tests lay pages out with WeasyPrint and walk every box on every page: no box may reach
beyond the page's content box. The pages are made as the build makes them (the nbconvert export
of ``analysis.build.export_html`` with the house table of ``analysis.report.html``), with a table
as wide as the recomputed tables of chapter 4; the same page without the print style does not
fit, so the check can fail.
"""

from __future__ import annotations

import html
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import build, pdf
from analysis.core import paths

CASE = "amsterdam_2006"
TITLE = "Proefcasus – Proefstad"


@pytest.fixture(scope="module")
def weasyprint():
    try:
        import weasyprint
    except ImportError:
        pytest.fail(
            "WeasyPrint is not installed; it is in the test extras: pip install -e '.[test]'"
        )
    except OSError as exc:  # the package is there, the system's Pango library is not
        pytest.skip(f"WeasyPrint cannot load Pango ({exc}); Debian: apt-get install libpango-1.0-0")
    return weasyprint


def wide_frame(columns: int) -> pd.DataFrame:
    """A table like Tabel 4.14 (a label and twelve numbers): per cohort a count and a share,
    with long headers."""
    rows = ["Afgerond", "Geen of niet afgerond", "Ontheffing", "Totaal"]
    data: dict[str, list] = {"groep": rows}
    for i in range(columns):
        if i % 2 == 0:
            data[f"Instroom {2004 + i // 2} – uitstroom naar werk na traject"] = [
                11_606 + 1_000 * i,
                9_885,
                19_055,
                40_546,
            ]
        else:
            data[f"Instroom {2004 + i // 2} – uitstroom naar werk na traject %"] = [
                29.0,
                24.0,
                47.0,
                100.0,
            ]
    return pd.DataFrame(data)


def section_page(tmp_path: Path, columns: int, name: str = "02_outflow") -> pdf.Page:
    """A section page exported as the build exports one: a notebook with a heading, a wide house
    table with its source line, and a Verantwoording in a <details>."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from analysis.report.html import CSS, table

    wide = table(
        wide_frame(columns),
        caption="Tabel 4.14 – Bereik re-integratietrajecten (herberekend)",
        source="Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus.",
        total_rows=[3],
    )
    provenance = (
        "<section class='provenance' id='provenance'><h2>Verantwoording van deze uitvoer</h2>"
        "<details><summary>Gebruikte bronbestanden (1) met sha256</summary><table><thead><tr>"
        "<th>bestand</th><th>sha256</th></tr></thead><tbody><tr><td>data/raw/x/case.yml</td>"
        f"<td><code>{'6df5f9e09c3c2280' * 4}</code></td></tr></tbody></table></details></section>"
    )
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Uitstroom uit de bijstand\n\nInleiding.\n\n## Bereik\n\nTekst."),
            new_code_cell(
                "render(...)",
                outputs=[new_output("display_data", data={"text/html": CSS + wide})],
            ),
            new_markdown_cell("## Na de tabel\n\nTekst na de tabel."),
            new_code_cell(
                "provenance()",
                outputs=[new_output("display_data", data={"text/html": provenance})],
            ),
        ]
    )
    executed = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, executed)
    return pdf.Page(name, build.export_html(executed, "Uitstroom uit de bijstand", CASE))


def front_page(*sections: str) -> pdf.Page:
    """A front page as ``analysis.build`` writes one: its CSS, a link per section."""
    steps = "".join(
        f"<section class='step'><h3><a href='{s}.html'>Onderdeel {s}</a></h3><p>Vraag.</p>"
        "<ul class='key'><li>Kerncijfer.</li></ul></section>"
        for s in sections
    )
    body = (
        "<p><a href='../index.html'>← Alle casussen</a></p><h1>Proefcasus</h1>"
        f"<h2>Het onderzoek in stappen</h2>{steps}<footer>Gebouwd op …</footer>"
    )
    return pdf.Page("index", build._page(TITLE, body))


def margin_texts(page) -> list[str]:
    from weasyprint.formatting_structure import boxes

    return [
        "".join(getattr(b, "text", "") for b in box.descendants())
        for box in page._page_box.children
        if isinstance(box, boxes.MarginBox)
    ]


# ---------------------------------------------------------------------------------------------
# the document: order, anchors, details (no layout)


def test_sections_come_in_the_order_of_their_numbers_each_once():
    # the front page's conclusions link the summary before the steps
    front = front_page("99_summary", "00_registry", "02_outflow", "01_policy_goals", "99_summary")
    assert pdf.section_names(front.text) == [
        "00_registry",
        "01_policy_goals",
        "02_outflow",
        "99_summary",
    ]


def test_anchors_are_prefixed_links_point_into_the_document_and_details_are_open():
    page = pdf.Page(
        "02_outflow",
        '<html><body><h2 id="Bereik">Bereik</h2><a href="#Bereik">x</a>'
        "<a href='01_policy_goals.html'>vorige</a><a href=\"03_costs.html#provenance\">y</a>"
        '<a href="https://example.org/a.html">extern</a><details><summary>s</summary></details>'
        "</body></html>",
    )
    front = front_page("01_policy_goals", "02_outflow")
    goals = pdf.Page("01_policy_goals", "<html><body><h1>Doelen</h1></body></html>")
    doc = pdf.document(front, [goals, page])
    assert 'id="02_outflow--Bereik"' in doc and 'href="#02_outflow--Bereik"' in doc
    assert "href='#01_policy_goals'" in doc  # a section of the document: its start
    assert 'href="03_costs.html#provenance"' in doc  # not in the document: left alone
    assert 'href="https://example.org/a.html"' in doc
    assert "<details open>" in doc
    assert "href='#02_outflow'" in doc  # the front page links into the document too
    assert f'data-case-title="{html.escape(TITLE)}"' in doc
    # the print style comes after every other style, so it wins
    assert doc.rindex("<style") == doc.index(f"<style>{pdf.print_css()}")


def test_read_case_says_what_is_missing(tmp_path):
    with pytest.raises(pdf.PdfError, match=r"index.html not found: build the report first"):
        pdf.read_case(tmp_path)
    (tmp_path / "index.html").write_text(front_page("02_outflow").text, encoding="utf-8")
    with pytest.raises(pdf.PdfError, match=r"02_outflow.html not found, but the front page"):
        pdf.read_case(tmp_path)


def test_a_missing_weasyprint_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    with pytest.raises(pdf.PdfError) as err:
        pdf.weasyprint()
    assert "pip install -e '.[pdf]'" in str(err.value)
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in str(err.value)


def test_the_html_build_never_imports_weasyprint():
    # only analysis.pdf mentions it, and importing analysis.pdf or the build does not load it
    mentions = [
        p.relative_to(paths.ROOT).as_posix()
        for p in (paths.ROOT / "src" / "analysis").rglob("*.py")
        if "weasyprint" in p.read_text(encoding="utf-8")
    ]
    assert mentions == ["src/analysis/pdf.py"]
    code = "import sys, analysis.build, analysis.pdf; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------------
# layout: every box within the page


def test_a_wide_table_fits_a_portrait_a4_page_with_the_print_style(weasyprint, tmp_path):
    front, section = front_page("02_outflow"), section_page(tmp_path, columns=12)
    result = pdf.lay_out(pdf.document(front, [section]))
    assert result.overflows == []
    assert result.landscape == set()  # small print and wrapped headers are enough
    pages = result.rendered.pages
    assert all(round(p.width) == 794 and round(p.height) == 1123 for p in pages)  # A4 in CSS px
    # the front page first, the section from a new page; the case title on top of every page
    # but the first, the section and the page number at the foot
    assert pdf.section_pages(result.rendered, ["index", "02_outflow"])["02_outflow"][0] == 2
    n = len(pages)
    assert margin_texts(pages[0]) == [f"pagina 1 van {n}"]
    assert margin_texts(pages[1]) == [TITLE, "Uitstroom uit de bijstand", f"pagina 2 van {n}"]


def test_without_the_print_style_the_same_table_is_cut(weasyprint, tmp_path):
    front, section = front_page("02_outflow"), section_page(tmp_path, columns=12)
    rendered = pdf.render(pdf.document(front, [section], with_print_css=False))
    cut = pdf.overflows(rendered)
    assert cut, "the control page should overflow: else the check above proves nothing"
    assert {o.tag for o in cut} & {"table", "th", "td"}


def test_navigation_is_left_out_and_the_verantwoording_is_printed(weasyprint, tmp_path):
    front, section = front_page("02_outflow"), section_page(tmp_path, columns=4)
    rendered = pdf.render(pdf.document(front, [section]))
    text = " ".join(
        getattr(b, "text", "") for p in rendered.pages for b in p._page_box.descendants()
    )
    assert "Op deze pagina" not in text and "Overzicht amsterdam_2006" not in text
    assert "Alle casussen" not in text
    assert "6df5f9e09c3c2280" in text  # inside the <details>
    assert "– blz. 2" in text  # the front page gives the page of each section


def test_a_table_too_wide_for_portrait_gets_a_landscape_page(weasyprint, tmp_path):
    front, section = front_page("02_outflow"), section_page(tmp_path, columns=18)
    doc = pdf.document(front, [section])
    assert pdf.overflows(pdf.render(pdf._number_tables(doc)))  # too wide for portrait
    result = pdf.lay_out(doc)
    assert result.overflows == []
    assert len(result.landscape) == 1
    shapes = ["landscape" if p.width > p.height else "portrait" for p in result.rendered.pages]
    assert "landscape" in shapes
    assert shapes[-1] == "portrait"  # the text after the table goes on in portrait


def test_main_writes_one_readable_pdf_and_says_its_pages(weasyprint, tmp_path, capsys):
    folder = tmp_path / "reports" / "proef"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(front_page("02_outflow").text, encoding="utf-8")
    section = section_page(tmp_path, columns=10)
    (folder / "02_outflow.html").write_text(section.text, encoding="utf-8")
    assert pdf.main(["--case", "proef", "--reports", str(tmp_path / "reports")]) == 0
    out = folder / "proef.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp file
    printed = capsys.readouterr().out
    assert "  02_outflow " in printed and "pages (A4)" in printed


# ---------------------------------------------------------------------------------------------
# end-to-end: the whole report of the real build


@pytest.mark.e2e
def test_every_page_of_the_built_report_fits_the_page_width(weasyprint, built):
    front, sections = pdf.read_case(built["REPORTS"] / CASE)
    assert len(sections) >= 8
    result = pdf.lay_out(pdf.document(front, sections), base_url=built["REPORTS"] / CASE)
    assert result.overflows == []
