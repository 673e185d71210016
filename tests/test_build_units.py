"""Build steps without a notebook run: the input manifest, publishing, file modes, CLI errors."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from analysis import build
from analysis.core import cli, paths
from analysis.registry.model import RegistryError
from analysis.synthetic.generate import check_target

from toycase import write_case


@pytest.fixture
def inputs(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(paths, "SYNTHETIC", tmp_path / "synthetic")
    folder = write_case(raw)
    (folder / "registry").mkdir()
    (folder / "registry" / "clients.csv").write_text("bsn\n111222333\n")
    return folder


def test_the_manifest_changes_with_content_not_with_dates(inputs, tmp_path):
    out = tmp_path / "work" / ".inputs"
    assert build.write_manifest("toy", out) is True
    assert "registry/clients.csv" in out.read_text() and "case.yml" in out.read_text()
    assert build.write_manifest("toy", out) is False  # nothing changed
    clients = inputs / "registry" / "clients.csv"
    os.utime(clients, (time.time() + 60, time.time() + 60))
    assert build.write_manifest("toy", out) is False  # touched, same content
    # restored from a backup with an older date and other content: make's dates miss this
    clients.write_text("bsn\n111222345\n")
    os.utime(clients, (1_000_000_000, 1_000_000_000))
    assert build.write_manifest("toy", out) is True
    clients.unlink()  # a deleted table
    assert build.write_manifest("toy", out) is True
    assert "registry/clients.csv" not in out.read_text()


def test_the_manifest_includes_the_generated_demo_registry(inputs, tmp_path):
    demo = paths.synthetic_dir("toy") / "registry"
    demo.mkdir(parents=True)
    (demo / "clients.parquet").write_bytes(b"x")
    out = tmp_path / ".inputs"
    build.write_manifest("toy", out)
    assert "clients.parquet" in out.read_text()


def test_publish_replaces_the_case_folder_whole_and_pages_are_world_readable(tmp_path):
    work = tmp_path / build.WORK_DIR / "toy"
    build._atomic_write(work / "index.html", "<p>nieuw</p>")
    build._atomic_write(work / "00_registry.html", "<p>nieuw</p>")
    (work / ".params").write_text("")
    old = tmp_path / "toy"
    old.mkdir()
    (old / "index.html").write_text("<p>oud</p>")
    (old / "99_summary.html").write_text("<p>oud</p>")  # a page the new build no longer has
    build.publish("toy", tmp_path)
    assert sorted(p.name for p in old.iterdir()) == ["00_registry.html", "index.html"]
    assert (old / "index.html").read_text() == "<p>nieuw</p>"
    assert stat.S_IMODE((old / "index.html").stat().st_mode) == 0o644
    assert not list(tmp_path.glob(".toy.*"))


def test_publish_refuses_an_incomplete_build(tmp_path):
    (tmp_path / build.WORK_DIR / "toy").mkdir(parents=True)
    with pytest.raises(build.BuildError, match="no complete build"):
        build.publish("toy", tmp_path)


def test_the_generator_never_writes_under_data_raw_or_over_foreign_files(raw, tmp_path):
    with pytest.raises(RegistryError, match="never writes under"):
        check_target(raw / "toy" / "registry")
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "clients.csv").write_text("bsn\n")
    with pytest.raises(RegistryError, match="did not write"):
        check_target(folder)
    assert check_target(tmp_path / "empty") == (tmp_path / "empty").resolve()


def test_a_known_error_is_one_line_without_traceback(capsys, monkeypatch):
    def main(argv):
        raise RegistryError("registry/clients.csv: line 3, column 'bsn': empty")

    monkeypatch.delenv("ANALYSIS_DEBUG", raising=False)
    assert cli.run(main) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: registry/clients.csv: line 3") and "Traceback" not in err
    monkeypatch.setenv("ANALYSIS_DEBUG", "1")
    with pytest.raises(RegistryError):
        cli.run(main)


def test_table_of_contents_links_every_section_heading():
    from analysis.build import table_of_contents

    body = (
        '<h1 id="Titel">Titel</h1><h2 id="Een">Een<a class="anchor-link" href="#Een">¶</a></h2>'
        '<p>x</p><h2 id="Twee-%C3%A9n">Twee én</h2>'
    )
    toc = table_of_contents(body)
    assert '<a href="#Een">Een</a>' in toc and '<a href="#Twee-%C3%A9n">Twee én</a>' in toc
    assert "¶" not in toc
    assert table_of_contents('<h1 id="T">T</h1><h2 id="Een">Een</h2>') == ""  # one section


def test_page_links_point_to_the_neighbouring_sections(raw, tmp_path):
    import json

    from analysis.build import case_label, page_links

    write_case(raw)

    for name, title in (("00_a", "Eerste"), ("01_b", "Tweede"), ("02_c", "Derde")):
        cell = {"cell_type": "markdown", "metadata": {}, "source": [f"# {title}\n"]}
        nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    middle = page_links(tmp_path / "01_b.ipynb", "toy")
    assert (
        '<a href="00_a.html">← Eerste</a>' in middle and '<a href="02_c.html">Derde →</a>' in middle
    )
    first = page_links(tmp_path / "00_a.ipynb", "toy")
    # the case by its auditor, year and title, not by its folder name
    assert "←" not in first
    assert f'<a href="index.html">Overzicht: {case_label("toy")}</a>' in first
    assert "toy" not in case_label("toy")
    assert "→" not in page_links(tmp_path / "02_c.ipynb", "toy")


def test_own_tables_and_figures_are_numbered_and_printed_numbers_kept():
    body = (
        "<caption>Tabel 4.6 – Uitstroom naar werk</caption><caption>Instroom per jaar</caption>"
        "<figcaption>Figuur 8.1 – Wat werd er van de cliënten?</figcaption>"
        "<figcaption>Terug in de uitkering</figcaption><caption>Kosten per contract</caption>"
    )
    numbered = build.number_captions(body, "02")
    assert "<caption>Tabel 4.6 – Uitstroom naar werk</caption>" in numbered
    assert "<caption>Tabel A2.1 – Instroom per jaar</caption>" in numbered
    assert "<caption>Tabel A2.2 – Kosten per contract</caption>" in numbered
    assert "<figcaption>Figuur 8.1 – Wat werd er van de cliënten?</figcaption>" in numbered
    assert "<figcaption>Figuur A2.1 – Terug in de uitkering</figcaption>" in numbered
    assert "Tabel A99.1" in build.number_captions("<caption>x</caption>", "99")


def test_overridden_parameters_show_in_a_banner_and_in_the_build_command():
    assert build.params_banner({}, "amsterdam_2006") == ""
    banner = build.params_banner({"sustained_months": 12}, "amsterdam_2006")
    assert "Afwijkende instellingen" in banner
    # the reader sees the meaning, the value used and the case's own value, not the name
    assert (
        "maanden regulier werk voordat uitstroom als duurzaam telt: <strong>12</strong>" in banner
    )
    assert "(casus: 6)" in banner and "sustained_months" not in banner
    assert build.build_command("amsterdam_2006", None) == "make report CASE=amsterdam_2006"
    assert (
        build.build_command(
            "amsterdam_2006", {"sustained_months": 12, "contract_buckets_pct": [0, 50, 100]}
        )
        == "make report CASE=amsterdam_2006 PARAMS='-p sustained_months 12 -p contract_buckets_pct [0, 50, 100]'"
    )


def test_the_demo_banner_is_only_for_a_case_with_a_synthetic_registry():
    assert "synthetisch demobestand" in build.demo_banner("amsterdam_2006")
    assert build.demo_banner("uithoorn_2018") == ""  # no registry at all


def test_registry_source_lines_of_a_demo_case_say_so():
    from analysis.report.registry import label_demo_sources

    body = (  # nbconvert writes the attribute with double quotes and may break the line
        "<p class='audit-source'>Bron: bestandsanalyse op het cliëntenbestand van deze casus.</p>"
        '<p class="audit-source">Bron: bestandsanalyse op het cliëntenbestand\nvan deze casus.</p>'
        "<p class='audit-source'>Bron: tabel 5.2 van het rapport.</p>"
    )
    labelled = label_demo_sources(body)
    assert (
        labelled.count("van deze casus. Let op: synthetisch demobestand, geen echte cliënten.") == 2
    )
    assert "<p class='audit-source'>Bron: tabel 5.2 van het rapport.</p>" in labelled
    assert label_demo_sources(labelled) == labelled  # once


def test_the_report_title_of_a_demo_case_says_so_on_every_pdf_page():
    from analysis.core.cases import load_case

    # analysis.pdf puts the front page's title on top of every page
    assert build.case_title(load_case("demo_2022")).endswith("– synthetisch demobestand")
    assert build.case_title(load_case("uithoorn_2018")) == (
        "Re-integratie onder de Participatiewet – Uithoorn"
    )
