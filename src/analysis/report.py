"""House style of the reports: Dutch number formats and tables a reviewer can read.

Reviewers read the exported HTML, never the code, so every table passes through :func:`table`:
Dutch column headers, numbers formatted the Dutch way (``40.546``, ``7,6%``, ``€ 17.150``) and
right-aligned, a caption with the audit's numbering and a source line.
"""

from __future__ import annotations

import html as _html
import math
from collections.abc import Callable, Iterable, Mapping
from numbers import Number
from pathlib import Path
from typing import Any

import pandas as pd

MISSING = "–"

CSS = "<style>" + (Path(__file__).with_name("report.css")).read_text(encoding="utf-8") + "</style>"


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def nl_number(value: Any, decimals: int = 0) -> str:
    """``40546`` → ``40.546``; ``7.55, 1`` → ``7,6`` (Dutch grouping and decimal comma)."""
    if _is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def nl_pct(value: Any, decimals: int = 1) -> str:
    """``7.6`` → ``7,6%`` (the value is already a percentage)."""
    return MISSING if _is_missing(value) else f"{nl_number(value, decimals)}%"


def nl_eur(value: Any, decimals: int = 0) -> str:
    """``17150`` → ``€ 17.150``."""
    return MISSING if _is_missing(value) else f"€ {nl_number(value, decimals)}"


def nl_eur_mln(value: Any, decimals: int = 1) -> str:
    """``31.4`` → ``€ 31,4 mln``."""
    return MISSING if _is_missing(value) else f"€ {nl_number(value, decimals)} mln"


MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def nl_date(value: Any) -> str:
    """``2005-01-20`` → ``20 januari 2005``."""
    if _is_missing(value) or value is pd.NaT:
        return MISSING
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"


def nl_signed(value: Any, decimals: int = 1) -> str:
    """A difference with its sign: ``+0,1`` / ``−0,1`` / ``0``."""
    if _is_missing(value):
        return MISSING
    if round(float(value), decimals) == 0:
        return nl_number(0, decimals)
    sign = "+" if value > 0 else "−"
    return sign + nl_number(abs(value), decimals)


def decimals_of(value: Any, max_decimals: int = 4) -> int:
    """The number of decimals needed to show ``value`` without trailing zeros."""
    if _is_missing(value):
        return 0
    text = f"{float(value):.{max_decimals}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _format_cell(value: Any, formatter: Callable[[Any], str] | None) -> tuple[str, bool]:
    if formatter is not None:
        return formatter(value), True
    if _is_missing(value):
        return "", False
    if isinstance(value, bool):
        return ("ja" if value else "nee"), False
    if isinstance(value, Number):
        return nl_number(value, decimals_of(value)), True
    return _html.escape(str(value)), False


def table(
    frame: pd.DataFrame,
    caption: str = "",
    source: str = "",
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    headers: Mapping[str, str] | None = None,
    total_rows: Any = (),
    escape: bool = True,
    numeric: Iterable[str] = (),
) -> str:
    """Render ``frame`` as a house-style HTML table (returns the HTML text).

    Args:
        frame: the data; its index is not shown.
        caption: table title, e.g. ``"Tabel 4.6 – Uitstroom naar werk per jaar van instroom"``.
        source: the source line shown under the table (``"Bron: …"``).
        formats: per column a function turning a value into display text.
        headers: Dutch header per column name (defaults to the column name).
        total_rows: positions (0-based) of rows to print in bold as totals.
        escape: escape text cells (set False only for cells that hold trusted HTML).
        numeric: columns to right-align as numbers although their dtype is text (e.g. counts
            that ``suppress_small`` turned into ``"<10"``).
    """
    formats = dict(formats or {})
    headers = dict(headers or {})
    totals = set(total_rows)
    forced = set(numeric)
    numeric = {
        c: c in forced
        or (pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
        for c in frame.columns
    }
    head = "".join(
        f"<th class='{'num' if numeric[c] else ''}'>{_html.escape(str(headers.get(c, c)))}</th>"
        for c in frame.columns
    )
    body = []
    for pos, (_, row) in enumerate(frame.iterrows()):
        cells = []
        for c in frame.columns:
            text, is_num = _format_cell(row[c], formats.get(c))
            if not escape and formats.get(c) is None and isinstance(row[c], str):
                text = row[c]
            cls = "num" if numeric[c] and (is_num or c in forced) else ""
            cells.append(f"<td class='{cls}'>{text}</td>")
        body.append(f"<tr class='{'total' if pos in totals else ''}'>{''.join(cells)}</tr>")
    cap = f"<caption>{_html.escape(caption)}</caption>" if caption else ""
    src = f"<p class='audit-source'>{_html.escape(source)}</p>" if source else ""
    return (
        f"<table class='audit-table'>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{src}"
    )


def show(*parts: str) -> None:
    """Display HTML parts in the notebook (one output, so the HTML reads as one block)."""
    from IPython.display import HTML, display

    display(HTML("".join(parts)))


def style() -> None:
    """Emit the house CSS once at the top of a notebook."""
    show(CSS)


def escape(text: str) -> str:
    """HTML-escape a text for use inside :func:`show`."""
    return _html.escape(text)


# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
COLOURS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
}
SCORE_COLOURS = {"+": COLOURS["green"], "+/-": COLOURS["orange"], "-": COLOURS["vermillion"]}


def score_badge(score: Any) -> str:
    """A score (``+``, ``+/-``, ``-``) as a coloured symbol; empty for a missing score."""
    if _is_missing(score) or str(score) == "":
        return ""
    colour = SCORE_COLOURS.get(str(score), COLOURS["grey"])
    return (
        f"<span class='score' style='background:{colour}' title='{_html.escape(str(score))}'>"
        f"{_html.escape(str(score))}</span>"
    )


def sentences(items: list[str]) -> str:
    """A bulleted list of (already computed) sentences, HTML-escaped."""
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{escape(s)}</li>" for s in items) + "</ul>"


def figure_style() -> None:
    """One look for every chart: size, fonts, colours (colour-blind safe), no chart junk."""
    import matplotlib as mpl

    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 110,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=list(COLOURS.values())),
            "legend.frameon": False,
            "savefig.bbox": "tight",
        }
    )


SMALL = "<{n}"


def is_person_count(column: str) -> bool:
    """Counts of people (``…_n``), as opposed to counts of contracts or money."""
    return column.endswith("_n") and "contract" not in column


def suppress_small(frame: pd.DataFrame, min_cell: int) -> tuple[pd.DataFrame, int]:
    """Hide person counts from 1 to ``min_cell − 1`` (shown as ``<10``) and the percentage
    derived from each (its ``…_pct`` twin in the same row). Returns the display frame (object
    dtype) and how many cells were hidden."""
    shown = frame.astype(object).copy()
    hidden = 0
    for column in frame.columns:
        if not is_person_count(column):
            continue
        values = pd.to_numeric(frame[column], errors="coerce")
        small = values.notna() & (values > 0) & (values < min_cell)
        if not small.any():
            continue
        shown.loc[small, column] = SMALL.format(n=min_cell)
        twin = column[:-2] + "_pct"
        if twin in frame.columns:
            shown.loc[small, twin] = MISSING
        hidden += int(small.sum())
    return shown, hidden


def number_format(unit: str) -> Callable[[Any], str]:
    """The Dutch display format for a column unit of ``docs/transcription.md``."""

    def fmt(value: Any) -> str:
        if isinstance(value, str):
            return escape(value)
        if _is_missing(value):
            return MISSING
        if unit in ("pct", "pct_change"):
            return nl_pct(value, 1)
        if unit == "eur":
            return nl_eur(value)
        if unit == "eur_mln":
            return nl_eur_mln(value)
        return nl_number(value, decimals_of(value))

    return fmt
