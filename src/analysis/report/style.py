"""One look for every chart: colour-blind-safe colours and the matplotlib defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

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
    try:  # in a notebook: images at twice the pixels, so they stay sharp on screen and paper
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("retina")
    except Exception:  # outside IPython (tests, scripts) there is no inline backend to set
        pass


def _is_year_axis(values) -> bool:
    """Ticks that are whole years (2015, 2016, …): printed without a thousands dot."""
    return len(values) > 0 and all(float(v).is_integer() and 1900 <= v <= 2100 for v in values)


def dutch_axes(fig) -> None:
    """Numbers on the numeric axes of ``fig`` in Dutch notation (thousands dot, decimal comma);
    years stay as they are, category and date axes keep their own labels."""
    from matplotlib.ticker import FuncFormatter, ScalarFormatter

    from analysis.core.formats import nl_number

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not isinstance(axis.get_major_formatter(), ScalarFormatter):
                continue
            ticks = [t for t in axis.get_majorticklocs() if t == t]
            if _is_year_axis(ticks):
                axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}"))
                continue
            step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=1)
            decimals = 0 if float(step).is_integer() else (1 if step * 10 >= 1 else 2)
            axis.set_major_formatter(FuncFormatter(lambda v, _pos, d=decimals: nl_number(v, d)))


DUTCH_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def dutch_month_formatter():
    """Date ticks in Dutch month names, whatever the locale: the year under the month at the
    first tick and at each January ('jan\n2017', 'apr', 'jul', 'okt', 'jan\n2018'), so that
    neighbouring labels do not run into each other on a narrow chart."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    def fmt(value: float, pos: int | None) -> str:
        day = mdates.num2date(value)
        month = DUTCH_MONTHS[day.month - 1]
        return f"{month}\n{day.year}" if pos == 0 or day.month == 1 else month

    return FuncFormatter(fmt)


def dutch_date_axis(ax: Axes, max_ticks: int = 6) -> None:
    """A date x-axis with at most ``max_ticks`` ticks in Dutch (:func:`dutch_month_formatter`)."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=max_ticks))
    ax.xaxis.set_major_formatter(dutch_month_formatter())


def wrap_label(text: str, width: int = 40, max_lines: int = 3) -> str:
    """A long axis label on several lines instead of cut off; only a label longer than
    ``max_lines`` lines loses its tail (marked with …)."""
    import textwrap

    lines = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)
