"""Stable row ids for tables whose rows are known by a printed label.

A printed label may carry a computed count (Tabel 5.6: "17.136 cliënten met uitkering"): on an
office's own registry the count differs, the label with it. Rows are therefore matched and
joined on :func:`row_id`, the label without a leading count, accents or punctuation
(``clienten_met_uitkering``), never on the label text itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LEADING_COUNT = re.compile(r"^\d{1,3}(?:\.\d{3})*\s+(?=\D)")


def row_id(label: object) -> str:
    """``"17.136 cliënten met uitkering"`` → ``clienten_met_uitkering``; ``"0% - 10%"`` →
    ``0_10``; years and numbers inside a label stay (``nieuwe_instroom_in_2004``)."""
    text = _LEADING_COUNT.sub("", str(label).strip())
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def row_ids(labels: Iterable[object]) -> list[str]:
    """:func:`row_id` of every label; a ValueError when two labels give the same id."""
    ids = [row_id(label) for label in labels]
    seen: dict[str, int] = {}
    for i, rid in enumerate(ids):
        if rid in seen:
            raise ValueError(f"rows {seen[rid] + 1} and {i + 1} share the row id '{rid}'")
        seen[rid] = i
    return ids
