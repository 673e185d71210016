"""Dutch notation of numbers, amounts, percentages and dates (``40.546``, ``7,6%``, ``€ 17.150``).

A convention every layer shares, like rounding: the goal scorer quotes a target in its evidence,
the report formats every table with it. It holds no wording; sentences are built in ``report/``.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

MISSING = "–"


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def nl_count(n: Any, singular: str, plural: str) -> str:
    """``1, "doel", "doelen"`` → ``1 doel``; ``3`` → ``3 doelen`` (Dutch grouping)."""
    return f"{nl_number(n)} {singular if int(n) == 1 else plural}"


def nl_number(value: Any, decimals: int = 0) -> str:
    """``40546`` → ``40.546``; ``7.55, 1`` → ``7,6`` (Dutch grouping and decimal comma)."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def nl_pct(value: Any, decimals: int = 1) -> str:
    """``7.6`` → ``7,6%`` (the value is already a percentage)."""
    return MISSING if is_missing(value) else f"{nl_number(value, decimals)}%"


def nl_eur(value: Any, decimals: int = 0) -> str:
    """``17150`` → ``€ 17.150``."""
    return MISSING if is_missing(value) else f"€ {nl_number(value, decimals)}"


def nl_eur_mln(value: Any, decimals: int = 1) -> str:
    """``31.4`` → ``€ 31,4 mln``."""
    return MISSING if is_missing(value) else f"€ {nl_number(value, decimals)} mln"


MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def nl_date(value: Any) -> str:
    """``2005-01-20`` → ``20 januari 2005``."""
    if is_missing(value) or value is pd.NaT:
        return MISSING
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"


def nl_signed(value: Any, decimals: int = 1) -> str:
    """A difference with its sign: ``+0,1`` / ``−0,1`` / ``0``."""
    if is_missing(value):
        return MISSING
    if round(float(value), decimals) == 0:
        return nl_number(0, decimals)
    sign = "+" if value > 0 else "−"
    return sign + nl_number(abs(value), decimals)


def decimals_of(value: Any, max_decimals: int = 4) -> int:
    """The number of decimals needed to show ``value`` without trailing zeros."""
    if is_missing(value):
        return 0
    text = f"{float(value):.{max_decimals}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


_RANGE = r"\d+(?:\s*[-–]\s*\d+)?"
_LINES = rf"(?:seed\s*)?(?:r\.|regels?)\s*{_RANGE}(?:(?:\s*,\s*|\s+en\s+){_RANGE})*"
_LINE_REFERENCE_ONLY = re.compile(rf"\s*\(\s*(?:\d{{3}}\s+)?{_LINES}\s*\)", re.I)
_LINE_REFERENCE_LISTED = re.compile(
    rf"\s*,?\s*(?<![\w.])(?:\d{{3}}\s+)?{_LINES}(?=\s*[,;)]|\s*$)", re.I
)
_LINE_REFERENCE_LEADING = re.compile(rf"(?<=\()\s*(?:\d{{3}}\s+)?{_LINES}\s*[,;]\s*", re.I)


def without_line_references(text: str) -> str:
    """Reader text without references to lines of the text extraction of a report.

    Transcriptions cite the extraction's line numbers (``(r. 5690-5694)``, ``(seed regels 1991,
    1995 en 1999)``, ``§7.6 (r. 5987)``); a reader has the printed report, whose § and table
    references stay. The line numbers remain in the source files named in the Verantwoording.
    """
    text = _LINE_REFERENCE_ONLY.sub("", text)
    text = _LINE_REFERENCE_LEADING.sub("", text)
    text = _LINE_REFERENCE_LISTED.sub("", text)
    return re.sub(r"\(\s*\)", "", text)
