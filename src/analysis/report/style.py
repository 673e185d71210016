"""One look for every chart: colour-blind-safe colours and the matplotlib defaults."""

from __future__ import annotations

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
