"""House style of the reports: Dutch number formats and tables a reviewer can read.

Reviewers read the exported HTML, never the code, so every table passes through :func:`table`:
Dutch column headers, numbers formatted the Dutch way (``40.546``, ``7,6%``, ``€ 17.150``) and
right-aligned, a caption with the audit's numbering and a source line.
"""

from __future__ import annotations

import html as _html
from collections.abc import Callable, Iterable, Mapping
from numbers import Number
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.formats import (
    MISSING,
    decimals_of,
    is_missing,
    nl_eur,
    nl_eur_mln,
    nl_number,
    nl_pct,
    without_line_references,
)
from analysis.report.style import COLOURS, SCORE_COLOURS

CSS = "<style>" + (Path(__file__).with_name("report.css")).read_text(encoding="utf-8") + "</style>"


def _format_cell(value: Any, formatter: Callable[[Any], str] | None) -> tuple[str, bool]:
    if formatter is not None:
        return formatter(value), True
    if is_missing(value):
        return "", False
    if isinstance(value, bool):
        return ("ja" if value else "nee"), False
    if isinstance(value, Number):
        return nl_number(value, decimals_of(value)), True
    return _reader(str(value)), False


def table(
    frame: pd.DataFrame,
    caption: str = "",
    source: str = "",
    formats: Mapping[str, Callable[[Any], str]] | None = None,
    headers: Mapping[str, str] | None = None,
    total_rows: Any = (),
    escape: bool = True,
    numeric: Iterable[str] = (),
    check: Any = None,
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
            that disclosure control turned into ``"<10"``).
        check: the :class:`analysis.report.disclosure.Check` of the table, carried in the HTML
            for the build's disclosure report (None: a table without one).
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
    cap = f"<caption>{_reader(caption)}</caption>" if caption else ""
    src = f"<p class='audit-source'>{_reader(source)}</p>" if source else ""
    attribute = check.attribute() if check is not None else ""
    return (
        f"<table class='audit-table'{attribute}>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>{src}"
    )


def show(*parts: str) -> None:
    """Display HTML parts in the notebook (one output, so the HTML reads as one block)."""
    from IPython.display import HTML, display

    display(HTML("".join(parts)))


Part = Any
"""A piece of a notebook's output: an HTML string (one output block) or a matplotlib figure."""


def html(*parts: str) -> str:
    """Several HTML pieces as one output block (what ``show(a, b)`` displays)."""
    return "".join(parts)


def figure_title(fig: Any) -> str:
    """The title of a figure for its caption and alt text, taken out of the image: the
    figure's suptitle, else the title of its only titled axes (a title of several panels stays
    in the image and the caption joins them)."""
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        text = suptitle.get_text().strip()
        suptitle.set_text("")
        return text
    titled = [ax for ax in fig.get_axes() if ax.get_title(loc="left") or ax.get_title()]
    if len(titled) == 1:
        ax = titled[0]
        text = (ax.get_title(loc="left") or ax.get_title()).strip()
        ax.set_title("", loc="left")
        ax.set_title("")
        return text
    return "; ".join((ax.get_title(loc="left") or ax.get_title()).strip() for ax in titled)


def figure_html(fig: Any) -> str:
    """A figure as ``<figure>``: a PNG at twice the pixels (sharp on any screen and in print),
    its title as caption and as Dutch alt text (the build numbers the caption). A figure drawn
    from the registry carries its disclosure check as ``fig.disclosure``."""
    import base64
    import io

    title = figure_title(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=2 * fig.dpi, bbox_inches="tight")
    width = round(fig.get_size_inches()[0] * fig.dpi)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = _html.escape(f"Grafiek: {title}" if title else "Grafiek", quote=True)
    caption = f"<figcaption>{_reader(title)}</figcaption>" if title else ""
    check = getattr(fig, "disclosure", None)
    attribute = check.attribute() if check is not None else ""
    return (
        f"<figure class='audit-figure'{attribute}>{caption}<img src='data:image/png;base64,{data}' "
        f"alt='{alt}' style='max-width:100%;width:{width}px;height:auto'></figure>"
    )


def render(*parts: Part) -> None:
    """Display each part in order: a string as one HTML output, a figure as an HTML figure with
    caption and alt text (:func:`figure_html`; closed afterwards, so a notebook keeps no open
    figures)."""
    from IPython.display import HTML, display

    for part in parts:
        if isinstance(part, str):
            display(HTML(part))
        else:
            import matplotlib.pyplot as plt

            from analysis.report.style import dutch_axes

            dutch_axes(part)
            display(HTML(figure_html(part)))
            plt.close(part)


def style() -> None:
    """Emit the house CSS once at the top of a notebook."""
    show(CSS)


def _reader(text: str) -> str:
    return _html.escape(without_line_references(text))


def escape(text: str) -> str:
    """HTML-escape a reader text for use inside :func:`show` (references to lines of the text
    extraction dropped: :func:`analysis.core.formats.without_line_references`)."""
    return _reader(text)


# Okabe–Ito colours: distinguishable with the common forms of colour blindness.


FINDING_HEADERS = {
    "finding": "bevinding",
    "score": "oordeel",
    "score_basis": "waarop het oordeel rust",
}
"""Column headers of a table of findings scored against norms (its scores: :func:`score_badge`)."""


def score_badge(score: Any) -> str:
    """A score (``+``, ``+/-``, ``-``) as a coloured symbol; empty for a missing score."""
    if is_missing(score) or str(score) == "":
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


def number_format(unit: str) -> Callable[[Any], str]:
    """The Dutch display format for a column unit of ``docs/transcription.md``."""

    def fmt(value: Any) -> str:
        if isinstance(value, str):
            return escape(value)
        if is_missing(value):
            return MISSING
        if unit in ("pct", "pct_change"):
            return nl_pct(value, 1)
        if unit == "eur":
            return nl_eur(value)
        if unit == "eur_mln":
            return nl_eur_mln(value)
        return nl_number(value, decimals_of(value))

    return fmt


def count_table(protected: Any, caption: str, source: str, headers: Mapping[str, str]) -> str:
    """A table of person counts and shares after disclosure control (``protected``: an
    :class:`analysis.report.disclosure.Protected`; cells may be ``<10`` or ``×``): numbers
    right-aligned, shares in Dutch percent notation, totals in bold, the check carried along."""
    shown = protected.shown
    totals = [
        i
        for i, label in enumerate(shown["label"])
        if str(label).startswith(("Totaal", "Subtotaal"))
    ]
    shares = {
        c: (lambda v: v if isinstance(v, str) else nl_pct(v)) for c in shown if c.endswith("_pct")
    }
    return table(
        shown,
        caption=caption,
        source=source,
        headers=headers,
        formats=shares,
        total_rows=totals,
        numeric=[c for c in shown.columns if c != "label"],
        check=protected.check,
    )
