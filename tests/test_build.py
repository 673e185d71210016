"""The build: papermill + nbconvert per notebook, index pages, real make dependencies.

The end-to-end tests run `make report` for the default case into a temporary copy of the output
folders (REPORTS=… PROCESSED=…), so a developer's own reports are left alone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from analysis.build import BuildError, _error_message, notebook_title, parse_params, report_done
from analysis.core import paths

from reader_text import code_in_reader_text
from toycase import run_make, tree_hashes

CASE = "amsterdam_2006"


# ---------------------------------------------------------------------------------------------
# unit tests


def test_params_are_parsed_like_papermill():
    assert parse_params(["-p", "sustained_months", "12", "-r", "min_cell", "007"]) == {
        "sustained_months": 12,
        "min_cell": "007",  # raw: the case check then says it is no integer
    }
    with pytest.raises(BuildError, match=r"'sustaind_months' is not a known parameter; known: "):
        parse_params(["-p", "sustaind_months", "12"])
    assert parse_params(["-p", "contract_buckets_pct", "[0, 50, 100]"]) == {
        "contract_buckets_pct": [0, 50, 100]
    }
    with pytest.raises(BuildError, match="needs a name and a value"):
        parse_params(["-p", "min_cell"])
    with pytest.raises(BuildError, match="expected '-p name value'"):
        parse_params(["min_cell", "5"])


def test_error_message_names_notebook_cell_and_error():
    class Failure(Exception):
        ename, evalue, exec_count = "KeyError", "'\x1b[31mbeginstand_n\x1b[0m'", 4
        source = "frame['beginstand_n']\nmore()"

    message = _error_message(Path("notebooks/02_outflow.ipynb"), Failure())
    assert message.startswith(
        "notebook 02_outflow.ipynb failed in cell [4]: KeyError: 'beginstand_n'"
    )
    assert "> frame['beginstand_n'] …" in message


def test_notebook_title_is_its_first_heading():
    assert (
        notebook_title(paths.NOTEBOOKS / "90_consistency.ipynb")
        == "Consistentie van gepubliceerde cijfers"
    )


def test_report_done_says_whether_anything_ran(tmp_path):
    (tmp_path / CASE).mkdir()
    html = tmp_path / CASE / "00_registry.html"
    html.write_text("x")
    assert "Nothing needed rebuilding" in report_done(CASE, tmp_path, since=time.time() + 5)
    assert "1 notebook(s) rebuilt" in report_done(CASE, tmp_path, since=time.time() - 60)


# ---------------------------------------------------------------------------------------------
# end-to-end


_make = run_make  # the default case is built once per session: the `built` fixture (conftest)


def assert_reader_text_is_codeless(folder: Path) -> None:
    """No identifier, file name, seed or line reference in what a reader sees of any page of a
    case outside its Verantwoording (tests/reader_text.py)."""
    leaks = [
        f"{page.name}: [{kind}] {hit!r} in …{context}…"
        for page in sorted(folder.glob("*.html"))
        for kind, hit, context in code_in_reader_text(page.read_text(encoding="utf-8"))
    ]
    assert not leaks, "\n".join(leaks)


def assert_demo_is_labelled(folder: Path) -> None:
    """A case with a synthetic registry: every page says so, and so does every table source line
    that names the cliëntenbestand."""
    for page in sorted(folder.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "synthetisch demobestand" in html.lower(), page.name
        for source in re.findall(r"<p class=[\"']audit-source[\"']>([^<]*)</p>", html):
            if "cliëntenbestand" in source:
                assert "synthetisch demobestand" in source, (page.name, source)


def assert_disclosure_holds(folder: Path, processed: Path) -> dict[str, int]:
    """Every table and figure of every page is in ``disclosure.csv`` and in its page's
    Verantwoording; none fails a rule (strict mode would publish the pages); the intruder of
    tests/attacker.py recovers no suppressed cell of any table. Returns the counts."""
    import pandas as pd
    from attacker import published_tables, recoverable

    from analysis.build import refuse_unsafe
    from analysis.report.disclosure import without_provenance

    checks = pd.read_csv(processed / "disclosure.csv")
    tables = figures = suppressed_tables = 0
    for page in sorted(folder.glob("[0-9][0-9]_*.html")):
        html = page.read_text(encoding="utf-8")
        main = re.sub(
            r"<details class=[\"']beside-printed[\"']>.*?</details>",
            "",
            without_provenance(html),
            flags=re.S,
        )
        captions = re.findall(r"<table class=[\"']audit-table[\"'][^>]*><caption>", main)
        pictures = re.findall(r"<figure class=[\"']audit-figure[\"']", main)
        listed = checks[checks["page"] == page.stem]
        assert (listed["output"] == "tabel").sum() == len(captions), page.name
        assert (listed["output"] == "figuur").sum() == len(pictures), page.name
        if captions or pictures:
            assert "Controle op onthulling" in html[len(without_provenance(html)) :], page.name
        refuse_unsafe(html, folder.name, page.stem, {"disclosure_strict": True})
        tables, figures = tables + len(captions), figures + len(pictures)
        for caption, headers, rows in published_tables(html):
            suppressed_tables += 1
            assert recoverable(headers, rows) == [], (page.name, caption)
    assert "fail" not in set(checks["status"])
    return {"tables": tables, "figures": figures, "suppressed_tables": suppressed_tables}


@pytest.mark.e2e
def test_no_suppressed_cell_of_the_2006_report_can_be_recovered(built):
    counts = assert_disclosure_holds(built["REPORTS"] / CASE, built["PROCESSED"] / CASE)
    assert counts["suppressed_tables"] >= 3  # Tabel 4.7, 4.8 and 4.18 hide cells
    import pandas as pd

    checks = pd.read_csv(built["PROCESSED"] / CASE / "disclosure.csv")
    t47 = checks[checks["title"].str.startswith("Tabel 4.7 ")].iloc[0]
    assert (t47["primary_n"], t47["secondary_n"]) == (1, 1)  # "tot 18 jaar" and a complement


@pytest.mark.e2e
def test_build_prints_one_line_per_notebook_with_seconds(built):
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        assert re.search(rf"^\s+{nb.stem}\s+\d+\.\d s$", built["stdout"], re.M), built["stdout"]


@pytest.mark.e2e
def test_html_reports_are_dutch_codeless_and_carry_provenance(built):
    reports = built["REPORTS"]
    root_index = (reports / "index.html").read_text(encoding="utf-8")
    assert f"href='{CASE}/index.html'" in root_index
    case_index = (reports / CASE / "index.html").read_text(encoding="utf-8")
    assert "Begeleiding van bijstand naar werk" in case_index
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        html = (reports / CASE / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert f"href='{nb.stem}.html'" in case_index
        assert notebook_title(nb) in html  # the Dutch section heading
        assert 'id="provenance"' in html and "Verantwoording van deze uitvoer" in html
        assert "sha256" in html and "case.yml" in html
        # no code: neither input areas nor the source of any code cell
        assert not re.search(r'class="[^"]*(jp-CodeMirrorEditor|highlight)', html)
        code = [c for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code"]
        for cell in code:
            for line in "".join(cell["source"]).splitlines():
                if len(line.strip()) > 25:
                    assert line.strip() not in html, f"code visible in {nb.stem}.html: {line}"
        assert "Traceback" not in html
        assert '<html lang="nl">' in html
        assert 'class="page-links"' in html and '<a href="index.html">Overzicht' in html
    assert_reader_text_is_codeless(reports / CASE)
    assert_demo_is_labelled(reports / CASE)  # the default case runs on a calibrated demo


@pytest.mark.e2e
def test_the_front_page_is_a_bestuurlijke_nota_in_the_order_of_a_rekenkamer_report(built):
    front = (built["REPORTS"] / CASE / "index.html").read_text(encoding="utf-8")
    order = [
        "<h2 id='nota'>Bestuurlijke nota</h2>",
        "<h3 id='conclusies'>Hoofdconclusies</h3>",
        "<h3 id='aanbevelingen'>Aanbevelingen</h3>",
        "Bestuurlijke reactie van het college (§9.1)",
        "Nawoord van de rekenkamer (§9.2)",
        "<h2 id='bevindingen'>Nota van bevindingen",
        "<h2 id='leeswijzer'>Leeswijzer</h2>",
        "<h2 id='begrippen'>Begrippen en afkortingen</h2>",
        "<footer>",
    ]
    positions = [front.find(marker) for marker in order]
    assert -1 not in positions and positions == sorted(positions), dict(
        zip(order, positions, strict=True)
    )
    # the recommendations' printed bullets as a list, the college's letter verbatim
    assert "<li>Onderzoek succes- en faalfactoren van afzonderlijke re-integratietrajecten" in front
    assert "Ons College heeft met belangstelling kennis genomen van het rapport." in front
    assert "<dt>WIW</dt>" in front and "<dt>Kaplan–Meier</dt>" in front
    assert "make report CASE=amsterdam_2006</code>" in front  # the command in the colophon


@pytest.mark.e2e
def test_the_2006_report_has_no_sections_of_the_2024_audit(built):
    # the 2006 registry has subsidised jobs but no provisions and no target-group register
    outflow = (built["REPORTS"] / CASE / "02_outflow.html").read_text(encoding="utf-8")
    for heading in ("Bereik van de doelgroep", "Aan het werk met ondersteuning", "Duurzaam aan"):
        assert heading not in outflow
    assert "Bereik van trajecten voor arbeidsactivering" in outflow


@pytest.mark.e2e
def test_build_writes_every_artefact_of_the_store_to_the_given_folder(built, monkeypatch):
    from analysis import store

    monkeypatch.setattr(paths, "PROCESSED", built["PROCESSED"])
    for name in store.ARTEFACTS:
        if name == "table":
            continue
        frame = store.read(CASE, name)  # checked against the artefact's schema
        assert frame is not None and len(frame) > 0, f"{name} not written by the build"
    # every computed table that was compared is stored under its id
    for table_id in store.read(CASE, "reproduction").query("basis == 'registry'")["table_id"]:
        assert store.read(CASE, "table", table_id=table_id) is not None, table_id
    assert store.load_cleaned(CASE).counts()["clients"] > 0


@pytest.mark.e2e
def test_costs_notebook_writes_findings_and_reproduction(built):
    import pandas as pd

    findings = pd.read_csv(built["PROCESSED"] / CASE / "payment_findings.csv")
    assert set(findings["rule"]) == {
        "premium_for_financed_placement",
        "double_payment_same_service",
        "premium_before_sustained_work",
        "payment_for_invalid_or_unknown_client",
    }
    reproduced = pd.read_csv(built["PROCESSED"] / CASE / "reproduction.csv")
    assert {"t4_6", "t4_17", "t5_5", "t5_9"} <= set(reproduced["table_id"])
    assert "bsn" not in findings.columns


@pytest.mark.e2e
def test_goal_scoring_writes_the_scored_register(built):
    import pandas as pd

    scored = pd.read_csv(built["PROCESSED"] / CASE / "goals_scored.csv")
    register = pd.read_csv(paths.RAW / CASE / "goals.csv")
    assert list(scored["goal_id"]) == list(register["goal_id"])
    for column in (
        "auditor_specific",
        "pre_specific",
        "pre_specific_evidence",
        "auditor_time_bound",
        "pre_time_bound",
        "pre_time_bound_evidence",
        "realised_value",
        "realised_pct_printed",
        "realised_pct_computed",
        "differs",
    ):
        assert column in scored.columns


@pytest.mark.e2e
@pytest.mark.parametrize("case", ["uithoorn_2018", "amsterdam_2024"])
def test_the_other_cases_build(case, tmp_path):
    result = _make(
        "report", f"CASE={case}", REPORTS=tmp_path / "reports", PROCESSED=tmp_path / "processed"
    )
    assert result.returncode == 0, result.stderr
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        html = (tmp_path / "reports" / case / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert notebook_title(nb) in html and "Traceback" not in html
    assert (tmp_path / "processed" / case / "goals_scored.csv").is_file()
    assert_reader_text_is_codeless(tmp_path / "reports" / case)
    outflow = (tmp_path / "reports" / case / "02_outflow.html").read_text(encoding="utf-8")
    front = (tmp_path / "reports" / case / "index.html").read_text(encoding="utf-8")
    assert "Nota van bevindingen: het onderzoek in stappen" in front
    # Sections of the other era are dropped by their tags, not left as empty headings.
    assert "Bereik van trajecten voor arbeidsactivering" not in outflow  # 2006 activities
    if case == "uithoorn_2018":
        # no client registry: its sections are dropped
        assert "Uitstroom naar werk per jaar van instroom" not in outflow
        assert "Samen tellen de activiteiten op tot" in outflow  # Tabel 4.1, participation
        assert "Het aantal bijstandsuitkeringen ging van" in front
        # its own recommendations (§5.3, to college and council), conclusions and letter, in
        # the order of a rekenkamer report
        college = front.index("Aanbevelingen voor het college (§5.3) met de onderbouwing")
        council = front.index("Aanbevelingen voor de gemeenteraad (§5.3) met de onderbouwing")
        printed = front.index("Conclusies zoals het rapport ze drukt")
        letter = front.index("<h3>Bestuurlijke reactie van het college</h3>")
        assert printed < college < council < letter
        assert "geen aanbevelingen" not in front
        # its own norm framework scored, the goals against it, the interviews, the peer section
        pages = tmp_path / "reports" / case
        norms = (pages / "06_norms.html").read_text(encoding="utf-8")
        assert "Normenkader Rekenkamer Uithoorn (2019)" in norms
        assert "Bevindingen en oordeel per norm" in norms and "Van de 11 normen" in norms
        goals = (pages / "01_policy_goals.html").read_text(encoding="utf-8")
        assert "meetbaar (voorlopig)" in goals and "specifiek (voorlopig)" not in goals
        execution = (pages / "04_case_studies.html").read_text(encoding="utf-8")
        assert "Werving en selectie van de geïnterviewde cliënten" in execution
        assert "De 4 rekenkundige controles van de werving kloppen" in execution
        assert "Ervaringen van cliënten per thema" in execution and "enkele cliënten" in execution
        assert "python -m analysis peers fetch" in outflow  # no snapshot: how to get one
    else:
        # the 2024 audit's questions 2 and 3 from the (synthetic) registry, 1 and 6 from the
        # goal register; 4 and 5 need interviews
        for heading in (
            "Bereik van de doelgroep",
            "Aan het werk met ondersteuning, en de doelen van het college",
            "Duurzaam aan het werk?",
        ):
            assert heading in outflow
        assert "Van de 6 deelvragen zijn er 4 beantwoord" in front
        # its four recommendations (summary of the 2025 report: no § to cite)
        assert "Aanbevelingen met de onderbouwing uit deze analyse" in front
        assert "beleid te maken dat rekening houdt met verschillen" in front
        assert "geen aanbevelingen" not in front
        assert "2 vragen alleen interviews of dossiers" in front
        # a synthetic registry (analysis.synthetic.amsterdam_2024): every page with its figures
        # says it is a demo
        assert "synthetisch demobestand" in outflow and "Demonstratiegegevens" in front
        assert_demo_is_labelled(tmp_path / "reports" / case)
        summary_html = (tmp_path / "reports" / case / "99_summary.html").read_text(encoding="utf-8")
        assert "Deelvragen van het onderzoeksplan en wat ze beantwoordt" in summary_html


@pytest.mark.e2e
def test_summary_and_front_page_figures_equal_the_processed_outputs(built):
    import pandas as pd

    from analysis.core.formats import nl_eur, nl_number, nl_pct

    processed = built["PROCESSED"] / CASE
    summary_html = (built["REPORTS"] / CASE / "99_summary.html").read_text(encoding="utf-8")
    front = (built["REPORTS"] / CASE / "index.html").read_text(encoding="utf-8")
    t415 = pd.read_csv(processed / "tables" / "t4_15.csv").set_index("label")
    total = t415.loc["Totaal cliënten"]
    outflow = nl_pct(100 * total["uitstroom_werk_n"] / total["beginstand_n"])
    t56 = pd.read_csv(processed / "tables" / "t5_6.csv")
    per_client = nl_eur(
        t56.loc[t56["label"].str.contains("met uitkering"), "gemiddelde_kosten_eur"].iloc[0]
    )
    keys = pd.read_csv(processed / "key_figures.csv").set_index("figure")["value"]
    per_exit = nl_eur(keys["cost_per_exit_to_work_eur"])
    t417 = pd.read_csv(processed / "tables" / "t4_17.csv").set_index("label")
    successful = nl_number(t417.loc["35% - 100%", "aantal_contracten_n"])
    examined = nl_number(t417.loc["Totaal", "aantal_contracten_n"])
    for text in (outflow, per_client, per_exit):
        assert text in summary_html and text in front, text
    assert f"{examined} contracten met re-integratiebedrijven halen er {successful}" in summary_html
    verdicts = pd.read_csv(processed / "casestudy_verdicts.csv")
    assert len(verdicts) and "Oordeel over de uitvoering" in front


@pytest.mark.e2e
def test_small_counts_are_suppressed_in_the_html(built):
    html = (built["REPORTS"] / CASE / "04_case_studies.html").read_text(encoding="utf-8")
    assert "&lt;10" in html  # Figuur 5.1 counts below min_cell


@pytest.mark.e2e
def test_second_build_runs_nothing_and_is_fast(built):
    started = time.perf_counter()
    result = _make("report", f"CASE={CASE}", REPORTS=built["REPORTS"], PROCESSED=built["PROCESSED"])
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "Nothing needed rebuilding" in result.stdout
    assert not re.search(r"\d+\.\d s$", result.stdout, re.M)
    assert seconds < 2, f"no-op build took {seconds:.2f} s"


def _copy_with_changed_first_notebook(built, tmp_path: Path, edit) -> tuple[Path, Path]:
    """A copy of the built reports and of the notebooks, with ``edit`` applied to notebook 00."""
    reports = tmp_path / "reports"
    shutil.copytree(built["REPORTS"], reports)
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    first = notebooks / "00_registry.ipynb"
    nb = json.loads(first.read_text())
    edit(nb)
    first.write_text(json.dumps(nb))
    return reports, notebooks


@pytest.mark.e2e
def test_broken_notebook_stops_the_build_and_leaves_no_current_html(built, tmp_path):
    def break_it(nb):
        nb["cells"].insert(
            3,
            {
                "cell_type": "code",
                "id": "broken",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": "raise ValueError('met opzet kapot')",
            },
        )

    reports, notebooks = _copy_with_changed_first_notebook(built, tmp_path, break_it)
    assert (reports / CASE / "00_registry.html").exists()  # from the earlier, good build
    before = tree_hashes(reports / CASE)

    result = _make(
        "report",
        f"CASE={CASE}",
        REPORTS=reports,
        PROCESSED=tmp_path / "processed",
        NOTEBOOK_DIR=notebooks,
    )
    assert result.returncode != 0
    assert "00_registry.ipynb failed in cell" in result.stderr
    assert "ValueError: met opzet kapot" in result.stderr
    # the work copy of the failed page is gone, so nothing current-looking is left of it …
    assert not (reports / ".work" / CASE / "00_registry.html").exists()
    # … and the published report is the previous complete one, untouched
    assert tree_hashes(reports / CASE) == before
    assert _links_resolve(reports)
    # the build stopped: the registry notebook goes first, and no other notebook ran
    for later in ("01_policy_goals", "02_outflow", "90_consistency", "99_summary"):
        assert later not in result.stdout


def _links_resolve(reports: Path) -> bool:
    """Every link of the root index and of each case index points at a file that exists."""
    pages = [reports / "index.html", *reports.glob("*/index.html")]
    for page in pages:
        for target in re.findall(r"href=['\"]([^'\"#]+\.html)['\"]", page.read_text()):
            if not (page.parent / target).is_file():
                return False
    return True


@pytest.mark.e2e
def test_an_interrupted_build_leaves_the_previous_complete_report(built, tmp_path):
    import os
    import signal

    def change(nb):  # a changed first notebook: everything reruns
        nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\nGewijzigd."

    reports, notebooks = _copy_with_changed_first_notebook(built, tmp_path, change)
    before = tree_hashes(reports / CASE)
    root_before = (reports / "index.html").read_bytes()

    command = ["make", "--no-print-directory", "-C", str(paths.ROOT), "report", f"CASE={CASE}",
               f"REPORTS={reports}", f"PROCESSED={tmp_path / 'processed'}",
               f"NOTEBOOK_DIR={notebooks}"]  # fmt: skip
    shutil.copytree(built["PROCESSED"], tmp_path / "processed")
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # a background job of a non-interactive shell (as CI may be) inherits SIGINT ignored;
        # restore the default, as in a terminal where the user presses Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    seen = []
    # wait for the progress line of the first notebook (printed after its HTML is written), not
    # any line naming it: a warning on a loaded machine can mention 00_registry earlier
    done = re.compile(r"^\s+00_registry\s+[\d.]+ s$")
    for line in process.stdout:
        seen.append(line)
        if done.match(line.rstrip("\n")):
            break
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    assert process.returncode != 0, "".join(seen)
    new_page = reports / ".work" / CASE / "00_registry.html"
    assert new_page.exists(), "".join(seen)  # the new page was built …
    assert tree_hashes(reports / CASE) == before  # … but not published: the old report stands whole
    assert (reports / "index.html").read_bytes() == root_before
    assert _links_resolve(reports)


@pytest.mark.e2e
def test_a_participatiewet_case_without_a_printed_report_builds(tmp_path):
    # demo_2022: only case.yml and a (synthetic) Participatiewet registry, no transcription
    reports, processed = tmp_path / "reports", tmp_path / "processed"
    result = _make("report", "CASE=demo_2022", REPORTS=reports, PROCESSED=processed)
    assert result.returncode == 0, result.stdout + result.stderr
    printed = re.compile(r"gedrukt|het rapport|(tabel|figuur) \d+\.\d+|bijlage 3", re.I)
    for nb in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        html = (reports / "demo_2022" / f"{nb.stem}.html").read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", " ", html.split('<section class="provenance"')[0])
        assert "Traceback" not in html and not printed.search(text), (nb.stem, printed.search(text))
    outflow = (reports / "demo_2022" / "02_outflow.html").read_text(encoding="utf-8")
    assert "Herinstroom binnen 6 en 12 maanden, naar reden van uitstroom" in outflow
    assert "Ontheffingen naar grond" in outflow or "art. 9 lid 2 Pw" in outflow
    assert "Doelgroepregister en gemeente per jaar" in outflow  # reach (issue 14, first part)
    assert "Aan het werk met ondersteuning naar soort werkgever" in outflow
    assert "Nog aan het werk na de start, naar jaar van de start" in outflow
    assert_demo_is_labelled(reports / "demo_2022")
    assert_reader_text_is_codeless(reports / "demo_2022")
    counts = assert_disclosure_holds(reports / "demo_2022", processed / "demo_2022")
    assert counts["suppressed_tables"] >= 8
    computed = ("t4_6", "t4_7", "t4_8", "r_reason", "r_year", "tp_costs", "rc_year", "pl_year")
    for table_id in (*computed, "dw_start", "dw_employer", "dw_support", "dw_return"):
        assert (processed / "demo_2022" / "tables" / f"{table_id}.csv").is_file(), table_id
    for table_id in ("t4_13", "t4_17", "t5_5"):  # no ladder, contracts or payments: not computed
        assert not (processed / "demo_2022" / "tables" / f"{table_id}.csv").exists(), table_id
    front = (reports / "demo_2022" / "index.html").read_text(encoding="utf-8")
    assert "verzonnen kansen" in front and "binnen twaalf maanden weer een uitkering" in front
