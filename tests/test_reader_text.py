"""Reader text: no code, no line numbers of the text extraction, figures with alt text and
captions, neutral names for invented findings, the transcribed texts of the bestuurlijke nota."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.core.errors import InputError
from analysis.core.formats import without_line_references
from analysis.published import texts
from analysis.report.conclusions import bullets
from analysis.report.html import figure_html
from analysis.report.payments import neutral_names
from analysis.steps.goals import indicator_labels

from reader_text import code_in_reader_text, reader_text


def test_the_scan_finds_code_outside_the_verantwoording_only():
    page = (
        "<h1>Uitstroom</h1><p>Zie facts.csv en parameter sustained_months (r. 5893-5896).</p>"
        "<style>.a_b{}</style><p title='client_stock'>zonder code</p>"
        "<section id='provenance'><h2>Verantwoording</h2><td>case.yml</td><td>min_cell</td>"
        "</section><footer>make report CASE=amsterdam_2006</footer>"
    )
    found = {(kind, hit) for kind, hit, _ in code_in_reader_text(page)}
    assert found == {
        ("file name", "facts.csv"),
        ("snake_case identifier", "sustained_months"),
        ("line reference", "r. 5893"),
    }
    assert "zonder code" in reader_text(page) and "case.yml" not in reader_text(page)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "(oordeel §7.2, r. 5690-5694); zo ook §7.6 (r. 5987): x",
            "(oordeel §7.2); zo ook §7.6: x",
        ),
        (
            "Constanten uit tabel 4.12 (seed regels 1991, 1995 en 1999).",
            "Constanten uit tabel 4.12.",
        ),
        ("de conclusie (regel 2997) noemt", "de conclusie noemt"),
        (
            "(onderzoeksopzet 2023, r. 534-536, §4.2; zo ook §5, r. 559)",
            "(onderzoeksopzet 2023, §4.2; zo ook §5)",
        ),
        ("(r. 195-197; in het doel)", "(in het doel)"),
        # not line references: a rule number, a fraction in words
        ("controleregel 1 (onderdeel 3)", "controleregel 1 (onderdeel 3)"),
        ("Tabel 4.6, 3 van 7", "Tabel 4.6, 3 van 7"),
    ],
)
def test_line_references_of_the_extraction_are_left_out_of_reader_text(text, expected):
    assert without_line_references(text) == expected


def test_a_figure_gets_its_title_as_caption_and_alt_text_and_twice_the_pixels():
    fig, ax = plt.subplots(figsize=(4, 2), dpi=100)
    ax.plot([1, 2], [3, 4])
    ax.set_title("Terug in de uitkering")
    out = figure_html(fig)
    plt.close(fig)
    assert "<figcaption>Terug in de uitkering</figcaption>" in out
    assert "alt='Grafiek: Terug in de uitkering'" in out and "width:400px" in out
    import base64
    import io

    from PIL import Image

    data = out.split("base64,")[1].split("'")[0]
    assert Image.open(io.BytesIO(base64.b64decode(data))).size[0] > 600  # 2× the 400 px


def test_invented_findings_name_firms_neutrally_and_consistently():
    findings = pd.DataFrame(
        {
            "provider": ["Zeta", "Alpha", "Zeta"],
            "counterpart": ["Alpha", None, "Mid"],
            "amount_eur": [1, 2, 3],
        }
    )
    out = neutral_names(findings)
    assert list(out["provider"]) == ["Bedrijf C", "Bedrijf A", "Bedrijf C"]
    assert out["counterpart"].iloc[0] == "Bedrijf A" and pd.isna(out["counterpart"].iloc[1])
    assert out["counterpart"].iloc[2] == "Bedrijf B"
    assert list(out["amount_eur"]) == [1, 2, 3]


def test_the_referral_chain_figure_uses_the_letters_of_the_tables():
    from analysis.report.payments import chain_figure, neutral_flow, neutral_mapping

    findings = pd.DataFrame({"provider": ["Zeta", "Alpha"], "counterpart": ["Werk", "Werk"]})
    flow = {
        "providers": pd.DataFrame(
            {
                "provider": ["Alpha", "Zeta", "Omega"],
                "clients_n": [3, 12, 1],
                "premium_eur": [1, 2, 3],
            }
        ),
        "receiver": "Werk",
        "clients_n": 16,
        "receiver_paid": {"stage": 1500.0},
        "outcomes": {"regulier werk": 12},
        "as_of": pd.Timestamp("2006-11-02"),
    }
    mapping = neutral_mapping(findings, "Omega", "Werk")
    assert neutral_names(findings, mapping)["provider"].tolist() == ["Bedrijf D", "Bedrijf A"]
    fig = chain_figure(neutral_flow(flow, mapping))
    text = " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
    assert "Bedrijf A" in text and "Bedrijf D" in text and "aan Bedrijf C" in text
    assert not any(name in text for name in ("Alpha", "Zeta", "Omega", "Werk\n"))


def test_printed_bullets_become_a_list():
    html = bullets("Leer door te evalueren: • Onderzoek succes. • Gebruik deze kennis.")
    assert html == (
        "<p>Leer door te evalueren:</p><ul><li>Onderzoek succes.</li>"
        "<li>Gebruik deze kennis.</li></ul>"
    )
    assert bullets("Eén zin.") == "<p>Eén zin.</p>"


def test_indicators_are_named_by_their_label_or_the_words_of_their_first_goal():
    goals = pd.DataFrame(
        {
            "goal_id": ["G1", "G2", "G3"],
            "year": [2005, 2004, 2006],
            "indicator": ["client_stock", "client_stock", "wiw_jobs"],
            "text": [
                "later",
                "Het aantal cliënten met een bijstandsuitkering daalt van 45.000 naar 40.000 "
                "in vier jaar tijd",
                "WIW-banen",
            ],
        }
    )
    labels = indicator_labels(goals)
    assert labels["wiw_jobs"] == "WIW-banen"
    assert indicator_labels(goals.assign(text=["x", "y", "1.650 WIW-banen"]))["wiw_jobs"] == (
        "WIW-banen"
    )
    assert labels["client_stock"].startswith("Het aantal cliënten met een bijstandsuitkering")
    assert labels["client_stock"].endswith(" …") and len(labels["client_stock"]) <= 72
    given = goals.assign(indicator_label=["Cliëntenbestand", None, None])
    assert indicator_labels(given)["client_stock"] == "Cliëntenbestand"


def test_transcribed_texts_are_read_in_printed_order_and_errors_name_file_row_column(raw):
    folder = raw / "toy"
    folder.mkdir()
    (folder / "administrative_response.csv").write_text(
        "part,nr,section,heading,text,lines\n"
        "nawoord,1,§9.2,,De rekenkamer dankt.,10-11\n"
        "reactie,2,§9.1,Brief,Tweede alinea.,3-4\n"
        "reactie,1,§9.1,Brief,Eerste alinea.,1-2\n",
        encoding="utf-8",
    )
    response = texts.administrative_response("toy")
    assert list(response["text"]) == ["Eerste alinea.", "Tweede alinea.", "De rekenkamer dankt."]
    assert texts.printed_conclusions("toy") is None
    (folder / "administrative_response.csv").write_text(
        "part,nr,section,heading,text,lines\nbrief,1,§9.1,,Tekst.,1\n", encoding="utf-8"
    )
    with pytest.raises(
        InputError, match=r"administrative_response.csv, row 2, column part: 'brief'"
    ):
        texts.administrative_response("toy")
    (raw / "glossary.csv").write_text(
        "term,explanation,cases,source\nWIW,Wet inschakeling werkzoekenden.,toy,algemeen\n"
        "G4,De vier grote steden.,,algemeen\nLKS,Loonkostensubsidie.,other,algemeen\n",
        encoding="utf-8",
    )
    assert list(texts.glossary("toy")["term"]) == ["G4", "WIW"]
    assert len(texts.glossary()) == 3


def test_printed_figures_stand_beside_the_recomputed_on_request_small_counts_hidden():
    from analysis.report.reproduction import beside_printed

    comparison = pd.DataFrame(
        {
            "row": ["2004", "2004", "2005", "2005"],
            "column": ["werk_n", "werk_pct", "werk_n", "werk_pct"],
            "published": [120, 12.0, 9, 1.0],
            "reproduced": [118, 11.8, 8, 0.9],
            "basis": "registry",
        }
    )
    from analysis.report.disclosure import Rules, protect

    own = protect(
        pd.DataFrame({"label": ["2004", "2005"], "werk_n": [118, 8], "werk_pct": [11.8, 0.9]}),
        Rules(),
    )
    html = beside_printed(comparison, {"werk_n": "naar werk"}, {"werk_pct": "pct"}, own)
    assert html.startswith("<details class='beside-printed'><summary>")
    assert "naar werk: herberekend uit het cliëntenbestand" in html and "naar werk: gedrukt" in html
    assert ">118<" in html and ">120<" in html and "11,8%" in html
    assert "&lt;10" in html and ">8<" not in html and "0,9%" not in html  # 8 persons: hidden
    printed = beside_printed(comparison.assign(basis="printed"), {}, {}, own)
    assert "herberekend uit gedrukte aantallen" in printed


def test_a_line_reference_at_the_end_of_a_text_goes_too():
    assert (
        without_line_references("onderzoeksopzet 2023, r. 534-536, §4.2; zo ook §5, r. 559-563")
        == "onderzoeksopzet 2023, §4.2; zo ook §5"
    )


def test_the_reading_guide_explains_only_what_the_case_shows():
    from analysis.core.cases import load_case
    from analysis.report.nota import leeswijzer

    printed = leeswijzer(load_case("amsterdam_2006"))
    assert "Marge" in printed and "Tabel 4.6" in printed and "demobestand" in printed
    demo = leeswijzer(load_case("demo_2022"))  # no printed report, a synthetic registry
    assert "Marge" not in demo and "Tabel 4.6" not in demo and "demobestand" in demo
    assert "&lt;10" in demo and "&lt;10" not in leeswijzer(load_case("uithoorn_2018"))


def test_axis_labels_wrap_and_dates_read_in_dutch():
    import matplotlib.dates as mdates

    from analysis.report.style import dutch_month_formatter, wrap_label

    label = wrap_label(
        "G12 – 40% van alle nieuwe cliënten heeft binnen een jaar geen uitkering", 30
    )
    assert label.split("\n") == [
        "G12 – 40% van alle nieuwe",
        "cliënten heeft binnen een jaar",
        "geen uitkering",
    ]
    assert (
        wrap_label("a " * 100, 10, 2).endswith("…")
        and wrap_label("a " * 100, 10, 2).count("\n") == 1
    )
    fmt = dutch_month_formatter()
    assert fmt(mdates.datestr2num("2005-03-01"), 0) == "mrt\n2005"
    assert fmt(mdates.datestr2num("2006-10-15"), 3) == "okt"
    assert fmt(mdates.datestr2num("2007-01-01"), 4) == "jan\n2007"


def test_a_date_axis_over_two_years_has_few_labels_that_do_not_overlap():
    import matplotlib.dates as mdates

    from analysis.report.style import dutch_date_axis

    fig, ax = plt.subplots(figsize=(4.5, 3))
    days = pd.to_datetime(["2017-01-01", "2017-10-01", "2018-10-01"])
    ax.plot(days, [336, 363, 313])
    dutch_date_axis(ax)
    fig.canvas.draw()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 3 <= len(labels) <= 6
    boxes = [t.get_window_extent() for t in labels]
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:], strict=False)), [
        t.get_text() for t in labels
    ]
    assert labels[0].get_text().split("\n")[1] == str(mdates.num2date(ax.get_xticks()[0]).year)
    plt.close(fig)


def test_comparison_lines_count_in_dutch_and_agree_in_number():
    from analysis.report.reproduction import comparison_lines

    rows = pd.DataFrame(
        {
            "row": ["2004", "2005", "2005"],
            "column": ["pct", "pct", "share"],
            "published": [7.6, 11.4, 3.0],
            "reproduced": [7.55, 11.2, float("nan")],
            "within_tolerance": [True, False, None],
            "status": ["within", "outside", "not_compared"],
            "reason": ["", "", "het rapport drukt dit niet af"],
            "alternative": [float("nan")] * 3,
        }
    )
    lines = comparison_lines(rows, {"pct": "% werk", "share": "aandeel"})
    assert lines[0] == "Vergeleken met de gedrukte tabel: 1 van de 2 cijfers binnen de marge."
    assert "Afwijking: 2005 / % werk: gedrukt 11,4, herberekend 11,2." in lines
    assert "Kolom ‘aandeel’ (1 cijfer) niet vergeleken: het rapport drukt dit niet af." in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "De hoofdconclusies zijn: 1. De effectiviteit is laag. 2. De doelmatigheid is beperkt",
            (
                "De hoofdconclusies zijn:",
                ["De effectiviteit is laag.", "De doelmatigheid is beperkt"],
            ),
        ),
        ("Op 1. januari 2006 en in trede 2. Werk", None),  # no capital after 1.
        ("Alleen 1. Investeer in klanten.", None),  # one number is no list
        ("Zie 2. Leer en 3. Formuleer.", None),  # does not start at 1
    ],
)
def test_a_numbered_list_run_into_a_paragraph_is_found(text, expected):
    from analysis.report.nota import enumeration

    assert enumeration(text) == expected


def test_the_response_shows_a_numbered_list_as_a_list():
    from analysis.report.nota import _paragraphs

    frame = pd.DataFrame(
        {"heading": ["Aanbevelingen"], "text": ["Wij bevelen aan: 1. Investeer. 2. Leer. 3. Zorg."]}
    )
    out = _paragraphs(frame)
    assert "<p>Wij bevelen aan:</p><ol><li>Investeer.</li><li>Leer.</li><li>Zorg.</li></ol>" in out
