"""The conclusions (notebook 99) as a reader sees them: values in Dutch notation, the table of
computed against printed, the sentences for what disagrees, and Figuur 8.1."""

from __future__ import annotations

import pandas as pd

from analysis import store
from analysis.core import paths
from analysis.core.formats import MISSING, decimals_of, nl_eur, nl_number, nl_pct


def figure_8_1(case: str):
    """Figuur 8.1 as computed (processed f8_1) next to the printed one, as stacked bars."""
    import matplotlib.pyplot as plt

    from analysis.published.tables import load_table
    from analysis.report.style import COLOURS

    computed = store.read(case, "table", table_id="f8_1")
    if computed is None:
        return None
    printed = (
        load_table(case, "f8_1")
        if (paths.raw_dir(case) / "tables" / "f8_1.csv").is_file()
        else None
    )
    parts = computed[~computed["label"].str.contains("totaal")].reset_index(drop=True)
    colours = [COLOURS["grey"], COLOURS["sky"], COLOURS["orange"], COLOURS["blue"]]
    short = [
        "nog in de bijstand",
        "uitkering beëindigd om andere redenen",
        "werk zonder afgerond traject",
        "werk na afgerond traject",
    ]
    bars = [("berekend", parts["aandeel_pct"].tolist())]
    if printed is not None:
        lookup = dict(zip(printed["label"], printed["aandeel_pct"], strict=True))
        bars.append(("rapport", [lookup.get(label) for label in parts["label"]]))
    fig, ax = plt.subplots(figsize=(10, 2.6))
    for y, (_, values) in enumerate(bars):
        left = 0.0
        for i, share in enumerate(values):
            if share is None or share != share:
                continue
            ax.barh(y, share, left=left, color=colours[i % 4], label=short[i] if y == 0 else None)
            if share >= 3:
                ax.text(
                    left + share / 2,
                    y,
                    f"{share:.1f}".replace(".", ","),
                    ha="center",
                    va="center",
                    color="white" if i in (0, 3) else "black",
                    fontsize=9,
                )
            left += share
    ax.set_yticks(range(len(bars)), [b[0] for b in bars])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% van de cliënten met een uitkering in de periode")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=4, fontsize=8, frameon=False)
    ax.set_title("Figuur 8.1 – Wat werd er van de cliënten met een uitkering?")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def format_value(value: float, unit: str) -> str:
    """A conclusion's value in Dutch notation for its unit."""
    if value != value:  # NaN: the case does not print this figure
        return MISSING
    if unit == "pct":
        return nl_pct(value, 1)
    if unit == "eur":
        return nl_eur(value)
    if unit == "years":
        return f"{nl_number(value, 1)} jaar"
    return nl_number(value)


def format_step(step: float | None, unit: str) -> str:
    """The rounding step of a printed figure: ``0,1 procentpunt``, ``€ 1.000``, ``0,5 jaar``."""
    if step is None or step != step:
        return MISSING
    if unit == "pct":
        return f"{nl_number(step, decimals_of(step))} procentpunt"
    if unit == "years":
        return f"{nl_number(step, decimals_of(step))} jaar"
    return nl_eur(step) if unit == "eur" else nl_number(step)


def conclusions_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The conclusions as a reader's table: computed and printed side by side."""
    agree = frame["agrees"].map({True: "ja", False: "nee"}).fillna("–")
    return pd.DataFrame(
        {
            "onderwerp": frame["theme"],
            "conclusie": frame["label"],
            "berekend": [
                format_value(v, u) for v, u in zip(frame["computed"], frame["unit"], strict=True)
            ],
            "in het rapport": [
                format_value(v, u) for v, u in zip(frame["printed"], frame["unit"], strict=True)
            ],
            "afronding van het rapport": [
                format_step(st, u) for st, u in zip(frame["step"], frame["unit"], strict=True)
            ],
            "binnen de afronding": agree,
            "berekend uit": frame["basis"],
        }
    )


def disagreement_sentences(frame: pd.DataFrame) -> list[str]:
    """One sentence per conclusion whose computed value is outside the printed rounding."""
    out = []
    for _, r in frame[frame["agrees"].eq(False)].iterrows():
        out.append(
            f"{r['label']}: berekend {format_value(r['computed'], r['unit'])}, het rapport drukt "
            f"{format_value(r['printed'], r['unit'])} (“{r['quote']}”)."
        )
    return out
