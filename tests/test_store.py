"""analysis.store: every processed artefact by name, checked against its schema on write and read."""

from __future__ import annotations

import json

import pandas as pd
import pandera.errors
import pytest

from analysis import store
from analysis.core import paths


@pytest.fixture
def processed(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROCESSED", tmp_path)
    return tmp_path


def _funnel(**extra):
    row = dict(step=1, rule="r", description="d", table="clients", records_in=5, dropped=1)
    return pd.DataFrame([{**row, "records_out": 4, **extra}])


def test_written_artefact_reads_back_unchanged(processed):
    file = store.write("c", "funnel", _funnel())
    assert file == processed / "c" / "funnel.csv"
    pd.testing.assert_frame_equal(store.read("c", "funnel"), _funnel())
    assert [p.name for p in file.parent.iterdir()] == ["funnel.csv"]  # no temporary left behind


def test_per_table_artefacts_are_named_by_table(processed):
    frame = pd.DataFrame({"label": ["Totaal"], "n": [3]})
    with pytest.raises(pandera.errors.SchemaError, match="row_id"):
        store.write("c", "table", frame, table_id="t4_6")  # joins need the row id
    store.write_tables("c", {"t4_6": frame})
    assert store.path("c", "table", table_id="t4_6") == processed / "c/tables/t4_6.csv"
    assert store.read("c", "table", table_id="t4_6")["n"].tolist() == [3]
    assert store.read("c", "table", table_id="t4_7") is None


def test_a_frame_without_a_column_readers_rely_on_is_refused(processed):
    with pytest.raises(pandera.errors.SchemaError, match="records_out"):
        store.write("c", "funnel", _funnel().drop(columns="records_out"))
    assert not (processed / "c" / "funnel.csv").exists()


def test_require_names_the_notebook_that_writes_the_artefact(processed):
    with pytest.raises(FileNotFoundError, match="05_information"):
        store.require("c", "information_waiting_times")
    with pytest.raises(KeyError, match="no processed artefact 'funel'"):
        store.path("c", "funel")


def test_key_figures_replace_their_own_section_only(processed):
    store.write_key_figures("c", "costs", {"a": 1})
    store.write_key_figures("c", "outflow", {"b": 2})
    store.write_key_figures("c", "costs", {"c": 3})
    assert store.key_figures("c") == {"b": 2.0, "c": 3.0}


def _write_sections(case: str, section: str, times: int) -> None:
    for i in range(times):
        store.write_key_figures(case, section, {f"{section}_{j}": i for j in range(20)})


def test_notebooks_side_by_side_keep_each_others_key_figures(processed):
    # make -j runs 02 and 03 at once; both merge their section into key_figures.csv
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_write_sections, args=("c", section, 40))
        for section in ("contracts", "costs")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(worker.exitcode == 0 for worker in workers)
    frame = store.read("c", "key_figures")
    assert frame["section"].tolist() == ["contracts"] * 20 + ["costs"] * 20
    assert set(frame["value"]) == {39.0}


def test_reproduction_rows_of_a_table_are_replaced_not_appended(processed):
    def rows(table_id, reproduced):
        return pd.DataFrame(
            [
                {
                    "table_id": table_id,
                    "row": "Totaal",
                    "column": "n",
                    "published": "10",
                    "reproduced": reproduced,
                    "abs_diff": 0.0,
                    "within_tolerance": True,
                    "status": "within",
                    "reason": None,
                    "alternative": None,
                    "basis": "registry",
                }
            ]
        )

    store.update_reproduction("c", rows("t5_5", 10))
    store.update_reproduction("c", rows("t4_6", 10))
    merged = store.update_reproduction("c", rows("t5_5", 11))
    assert merged["table_id"].tolist() == ["t4_6", "t5_5"]  # in table order
    assert merged.loc[merged["table_id"] == "t5_5", "reproduced"].tolist() == [11]


@pytest.mark.parametrize("file", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_no_notebook_writes_a_file_itself(file):
    cells = json.loads(file.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for call in ("to_csv(", "to_parquet(", "processed_dir(", "open(", "write_text("):
        assert call not in code, f"{file.name} calls {call}: write through analysis.store"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("17.136 cliënten met uitkering", "clienten_met_uitkering"),
        ("3.349 cliënten met uitkering", "clienten_met_uitkering"),
        ("0% - 10%", "0_10"),
        ("Nieuwe instroom in 2004", "nieuwe_instroom_in_2004"),
        ("3. Begeleiding naar werk", "3_begeleiding_naar_werk"),
        ("Uitkering niet beëindigd", "uitkering_niet_beeindigd"),
    ],
)
def test_row_ids_drop_a_leading_count_and_keep_years(label, expected):
    from analysis.core.labels import row_id

    assert row_id(label) == expected


def test_stored_tables_carry_row_ids_and_refuse_two_rows_with_one_id(processed):
    frame = pd.DataFrame({"label": ["3.349 cliënten met uitkering", "Totaal"], "n": [1, 2]})
    store.write_tables("c", {"t5_6": frame})
    stored = store.read("c", "table", table_id="t5_6")
    assert stored["row_id"].tolist() == ["clienten_met_uitkering", "totaal"]
    with pytest.raises(ValueError, match="share the row id 'totaal'"):
        store.write_tables("c", {"t": pd.DataFrame({"label": ["Totaal", "totaal"]})})


def test_a_label_with_another_count_is_still_compared_with_the_printed_row():
    # An office's registry has its own number of clients in Tabel 5.6's labels; the printed
    # row "17.136 cliënten met uitkering" is matched on its row id, not reported as missing.
    from analysis.published import reproduction
    from analysis.published.tables import load_table

    ours = load_table("amsterdam_2006", "t5_6").copy()
    ours.loc[0, "label"] = "3.349 cliënten met uitkering"
    rows = reproduction.compare("amsterdam_2006", "t5_6", ours)
    assert not (rows["status"] == "not_reproduced").any()
    assert rows["within_tolerance"].all()
