"""A municipality's own codes mapped onto the data model's (``data/raw/<case>/codes.yml``).

A benefit system exports its own codes (``01`` for work, ``VH`` for a move); the analysis knows
only the model's (:data:`analysis.registry.model.MODEL`). ``codes.yml`` says, per table and
column, which own code means which model code::

    benefit_spells:
      end_reason:
        "01": work
        "02": other_income
    exemptions:
      reason:
        MED: medical

A mapped column is read through its mapping only: every non-empty value must be one of the
mapped codes (an identity entry ``work: work`` is allowed), so a code nobody mapped stops the
intake with file, line, column and the code, never silently passes or becomes "unknown".
Columns without a mapping are read as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import yaml

from analysis.core.frames import map_few
from analysis.registry.model import MODEL, RegistryError

CodeMap = Mapping[str, Mapping[str, Mapping[str, str]]]
"""table → column → own code → model code."""

MAPPABLE = ("code", "int")
"""Column kinds a mapping may translate: codes, and whole-number codes such as the ladder rung."""


def load_codes(file: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Read and check ``codes.yml``: known tables and code columns, model codes as targets."""
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{file}: not valid YAML ({exc})") from None
    if not isinstance(raw, Mapping):
        raise RegistryError(f"{file}: expected table: column: own code: model code")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for table, columns in raw.items():
        if table not in MODEL:
            raise RegistryError(
                f"{file}: '{table}' is not a table of the data model ({', '.join(MODEL)})"
            )
        if not isinstance(columns, Mapping):
            raise RegistryError(f"{file}: {table}: expected column: own code: model code")
        for column, mapping in columns.items():
            spec = MODEL[table].get(column)
            if spec is None or spec.kind not in MAPPABLE or not spec.codes:
                coded = [c for c, s in MODEL[table].items() if s.kind in MAPPABLE and s.codes]
                raise RegistryError(
                    f"{file}: {table}.{column} is not a code column of the data model "
                    f"(code columns of {table}: {', '.join(coded) or 'none'})"
                )
            if not isinstance(mapping, Mapping) or not mapping:
                raise RegistryError(f"{file}: {table}.{column}: expected own code: model code")
            allowed = {str(c) for c in spec.codes}
            for own, target in mapping.items():
                if str(target) not in allowed:
                    raise RegistryError(
                        f"{file}: {table}.{column}: own code '{own}' maps to '{target}', which is "
                        f"not a code of the data model ({', '.join(sorted(allowed))})"
                    )
            out.setdefault(table, {})[column] = {str(k): str(v) for k, v in mapping.items()}
    return out


def translate(
    frame: pd.DataFrame, table: str, codes: CodeMap
) -> tuple[pd.DataFrame, list[tuple[str, pd.Index, Callable[[int], str]]]]:
    """``frame`` with its mapped columns translated to model codes, and per column the rows
    whose value is not a mapped code, with the message for each (file and line added by the
    reader)."""
    mappings = codes.get(table, {})
    if not mappings:
        return frame, []
    out = frame.copy()
    problems = []
    for column, mapping in mappings.items():
        if column not in frame.columns:
            continue
        text = frame[column].astype("string").str.strip()
        present = text.notna() & (text != "")
        translated = map_few(text, mapping)
        unmapped = present & translated.isna()
        if unmapped.any():
            listed = ", ".join(sorted(mapping))

            def message(i: int, text=text, column=column, listed=listed) -> str:
                return (
                    f"code '{text[i]}' is not mapped in codes.yml ({table}.{column} maps: {listed})"
                )

            problems.append((column, frame.index[unmapped], message))
        out[column] = translated.where(present, None).astype(object)
    return out, problems
