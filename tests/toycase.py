"""A small case written to a temporary data/raw folder, for unit tests."""

from __future__ import annotations

import hashlib
import subprocess
import textwrap
from pathlib import Path

CASE_YML = """\
name: toy
title: Proefcasus
municipality: Proefstad
auditor: Rekenkamer Proefstad
published: 2020
seeds: [002_d613431e16c1d5b1.txt]
period:
  start: 2004-01-01
  end: 2006-06-30
parameters:
  sustained_months: 6
  durable_months: 12  # work episode length the report calls durable (steps.retention)
  contract_success_pct: 35
  contract_buckets_pct: [0, 10, 20, 35, 100]
  benefit_cost_per_month_eur: 965
  carry_over_ceiling_pct: null
  min_cell: 10
  seed: 1
components: [goals, outflow]
"""

SOURCES = """\
table_id,file,title,section,unit,seed,notes
t1_1,tables/t1_1.csv,Uitstroom per groep,§1,aantal cliënten; % van beginstand,002_d613431e16c1d5b1.txt,
"""

COLUMNS = """\
table_id,column,header,unit
t1_1,label,Groep,label
t1_1,begin_n,Beginstand,count
t1_1,werk_n,Uitstroom naar werk,count
t1_1,werk_pct,% naar werk,pct
t1_1,oordeel,Oordeel,score
"""

TABLE = """\
label,begin_n,werk_n,werk_pct,oordeel
Groepen,,,,
Groep A,100,7,7.0,+
Groep B,200,31,15.5,+/-
Totaal,300,38,12.7,
"""

FACTS = """\
fact_id,value,unit,section,quote
clients_n,300,count,§1,In totaal ging het om 300 cliënten.
cost_eur_mln,4.5,eur_mln,§2,"De kosten bedroegen € 4,5 miljoen."
report_date,2007-03-14,date,§0,Het rapport verscheen op 14 maart 2007.
"""


def write_case(root: Path, name: str = "toy", files: dict[str, str | None] | None = None) -> Path:
    """Write a case folder under ``root``; ``files`` overrides or (with None) omits a file."""
    folder = root / name
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    contents = {
        "case.yml": CASE_YML.replace("name: toy", f"name: {name}"),
        "sources.csv": SOURCES,
        "columns.csv": COLUMNS,
        "tables/t1_1.csv": TABLE,
        "facts.csv": FACTS,
        **(files or {}),
    }
    for key, text in contents.items():
        path = folder / key
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` by relative path ({} if it does not exist): to show
    that a failed step left a folder exactly as it was."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_make(*args: str, **overrides: Path) -> subprocess.CompletedProcess[str]:
    """``make`` in the repository with variables such as REPORTS=… (output folders)."""
    from analysis.core import paths

    variables = [f"{k}={v}" for k, v in overrides.items()]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(paths.ROOT), *args, *variables],
        capture_output=True,
        text=True,
        timeout=1800,
    )
