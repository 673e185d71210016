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


def test_page_links_point_to_the_neighbouring_sections(tmp_path):
    import json

    from analysis.build import page_links

    for name, title in (("00_a", "Eerste"), ("01_b", "Tweede"), ("02_c", "Derde")):
        cell = {"cell_type": "markdown", "metadata": {}, "source": [f"# {title}\n"]}
        nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    middle = page_links(tmp_path / "01_b.ipynb", "toy")
    assert (
        '<a href="00_a.html">← Eerste</a>' in middle and '<a href="02_c.html">Derde →</a>' in middle
    )
    first = page_links(tmp_path / "00_a.ipynb", "toy")
    assert "←" not in first and '<a href="index.html">Overzicht toy</a>' in first
    assert "→" not in page_links(tmp_path / "02_c.ipynb", "toy")
