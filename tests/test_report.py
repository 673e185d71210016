"""analysis.report.html: Dutch number formats and the house table."""

from __future__ import annotations

import pandas as pd

from analysis.core.formats import (
    decimals_of,
    nl_date,
    nl_eur,
    nl_eur_mln,
    nl_number,
    nl_pct,
    nl_signed,
)
from analysis.report.disclosure import suppress_small
from analysis.report.html import table


def test_dutch_numbers():
    assert nl_number(40546) == "40.546"
    assert nl_number(7.6, 1) == "7,6"
    assert nl_number(1234567.891, 2) == "1.234.567,89"
    assert nl_number(-320) == "-320"
    assert nl_number(None) == "–"
    assert nl_pct(7.6) == "7,6%"
    assert nl_eur(17150) == "€ 17.150"
    assert nl_eur_mln(31.4) == "€ 31,4 mln"
    assert nl_signed(-0.05665, 2) == "−0,06"
    assert nl_signed(0.001, 1) == "0,0"
    assert decimals_of(7.6) == 1 and decimals_of(40546.0) == 0
    assert nl_date("2005-01-20") == "20 januari 2005" and nl_date(None) == "–"


def test_table_right_aligns_numbers_and_bolds_totals():
    frame = pd.DataFrame({"groep": ["A", "Totaal"], "aantal": [40546, 60824]})
    html = table(
        frame,
        caption="Tabel 4.6 – Test",
        source="Bron: test",
        total_rows=[1],
        headers={"aantal": "Aantal"},
    )
    assert "<caption>Tabel 4.6 – Test</caption>" in html
    assert "<td class='num'>40.546</td>" in html
    assert "<tr class='total'>" in html
    assert "Bron: test" in html
    assert "<th class='num'>Aantal</th>" in html


def test_table_escapes_text():
    html = table(pd.DataFrame({"t": ["<script>"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_table_numeric_columns_can_be_forced_for_suppressed_counts():
    frame = pd.DataFrame({"stroom": ["a", "b"], "n": [29, "<10"]})
    plain = table(frame)
    forced = table(frame, numeric=["n"])
    assert "<td class=''>&lt;10</td>" in plain
    assert "<td class='num'>&lt;10</td>" in forced and "<td class='num'>29</td>" in forced
    assert "<td class='num'>a</td>" not in forced


def test_small_person_counts_and_their_percentages_are_hidden():
    frame = pd.DataFrame(
        {
            "label": ["a", "b", "c"],
            "clienten_n": [3, 10, 0],
            "clienten_pct": [2.5, 8.0, 0.0],
            "bedrag_eur": [5, 5, 5],
        }
    )
    shown, hidden = suppress_small(frame, 10)
    assert hidden == 1
    assert shown.loc[0, "clienten_n"] == "<10" and shown.loc[0, "clienten_pct"] == "–"
    assert shown.loc[1, "clienten_n"] == 10  # the threshold itself is shown
    assert shown.loc[2, "clienten_n"] == 0  # zero reveals no person
    assert (shown["bedrag_eur"] == 5).all()  # amounts are not person counts
    assert suppress_small(frame, 3)[1] == 0


def test_front_page_names_both_folders_its_key_figures_are_read_from(tmp_path, monkeypatch):
    # report.findings reads the transcription, information.csv and research_question_steps.csv
    # from data/raw; the footer said every key figure came from data/processed.
    from analysis.core import paths
    from analysis.core.cases import load_case
    from analysis.report import frontpage

    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    body = frontpage.front_page_body(load_case("amsterdam_2006"), [], "01-12-2026 12:00", "abc")
    footer = body[body.index("<footer>") :]
    assert "data/processed/amsterdam_2006/" in footer
    assert "data/raw/amsterdam_2006/" in footer


def test_figure_axes_are_in_dutch_notation_and_years_stay_years():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.report.style import dutch_axes

    fig, (left, right) = plt.subplots(1, 2)
    left.plot([2015, 2020, 2024], [1200, 2500, 4300])
    right.bar(["regulier", "SW-bedrijf"], [0.25, 0.35])
    dutch_axes(fig)
    fig.canvas.draw()
    years = [t.get_text() for t in left.get_xticklabels()]
    assert "2020" in years and "2.020" not in years
    assert "2.500" in [t.get_text() for t in left.get_yticklabels()]
    assert [t.get_text() for t in right.get_xticklabels()] == ["regulier", "SW-bedrijf"]
    assert "0,30" in [t.get_text() for t in right.get_yticklabels()]
    plt.close(fig)
