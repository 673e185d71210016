"""analysis.registry.codes: a municipality's own codes read through codes.yml, every error named."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from analysis.registry.codes import load_codes
from analysis.registry.extract import load_extract
from analysis.registry.model import RegistryError

from test_extract import OPTS, set_cell, write_extract

CODES = """\
benefit_spells:
  end_reason:
    "01": work_employee
    VH: moved
exemptions:
  reason:
    MED: urgent_medical
ladder:
  rung:
    T3: 3
"""


@pytest.fixture
def own_codes(tmp_path: Path):
    """The test extract as a benefit system exports it: its own codes for end reason,
    exemption reason and rung."""
    folder = write_extract(tmp_path / "registry")
    set_cell("benefit_spells", 2, "end_reason", "01")(folder)
    set_cell("benefit_spells", 4, "end_reason", "VH")(folder)
    set_cell("exemptions", 2, "reason", "MED")(folder)
    set_cell("ladder", 2, "rung", "T3")(folder)
    (tmp_path / "codes.yml").write_text(CODES, encoding="utf-8")
    return folder, dataclasses.replace(OPTS, codes=load_codes(tmp_path / "codes.yml"))


def test_own_codes_are_read_as_the_model_codes(own_codes):
    folder, opts = own_codes
    mapped = load_extract(folder, opts)
    plain = load_extract(write_extract(folder.parent / "plain"), OPTS)
    for table in ("benefit_spells", "exemptions", "ladder"):
        assert mapped[table].equals(plain[table]), table


def test_an_unmapped_code_names_file_line_column_code_and_the_mapped_codes(own_codes):
    folder, opts = own_codes
    set_cell("benefit_spells", 3, "end_reason", "99")(folder)  # was empty (still on benefit)
    with pytest.raises(RegistryError) as info:
        load_extract(folder, opts)
    message = str(info.value)
    for fragment in (
        "benefit_spells.csv",
        "line 3, column 'end_reason'",
        "code '99' is not mapped in codes.yml",
        "benefit_spells.end_reason maps: 01, VH",
    ):
        assert fragment in message


def test_a_model_code_in_a_mapped_column_is_not_read_unless_mapped(own_codes):
    # once a column has a mapping, every value goes through it: "work_employee" typed by hand
    # among the system's codes is a problem, not silently accepted
    folder, opts = own_codes
    set_cell("benefit_spells", 2, "end_reason", "work_employee")(folder)
    with pytest.raises(RegistryError, match="code 'work_employee' is not mapped"):
        load_extract(folder, opts)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("clientz:\n  x:\n    a: b\n", "'clientz' is not a table of the data model"),
        (
            "benefit_spells:\n  spell_start:\n    a: b\n",
            "benefit_spells.spell_start is not a code column",
        ),
        ("benefit_spells:\n  end_reason:\n    '01': werk\n", "maps to 'werk', which is not a code"),
        ("benefit_spells:\n  end_reason: []\n", "expected own code: model code"),
        ("benefit_spells: [\n", "not valid YAML"),
    ],
)
def test_a_bad_mapping_file_is_refused_with_its_key(tmp_path, text, fragment):
    file = tmp_path / "codes.yml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match="codes.yml") as info:
        load_codes(file)
    assert fragment in str(info.value)
