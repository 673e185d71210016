"""The assumptions log of the demo registry: every offset the generator adds to a printed figure.

The generator calibrates to the published figures (:mod:`analysis.synthetic.generate`). Where a
figure is printed rounded or approximately ("circa", "ruim") and the exact value matters for
another printed figure, the generator lands on a value beside the printed one. Each such offset
lives here, with its reason, so that no calibration offset is a bare number in the generator.
"""

from __future__ import annotations

ASSUMPTIONS: dict[str, tuple[float, str]] = {
    "m2000_rounding_eur": (
        0.2e6,
        "Tabel 5.5 (§5.3) prints the Maatwerk contracts' cost rounded to € 1 miljoen (15) and "
        "the BVS line takes the rest of Tabel 5.9's contract cost (§5.3.2, € 31,4 miljoen); "
        "€ 15,2 miljoen keeps both lines within their printed rounding.",
    ),
    "secondment_revenue_offset_eur": (
        -0.15e6,
        "§5.3 prints the secondment revenue as 'circa € 33 miljoen'; € 32,85 miljoen keeps the "
        "net cost of Tabel 5.5 (gross cost minus revenue, € 80,4 − 32,85) at the printed 48.",
    ),
    "low_bucket_pre2004_offset_eur": (
        0.05e6,
        "§5.3.2 prints 'ruim € 7,1 miljoen' for the low-outflow contracts closed before 2004; "
        "€ 7,15 miljoen is a little over and still rounds to the printed 7,1.",
    ),
}
"""Short key → (value, one-sentence reason citing the report section)."""


def assumed(key: str) -> float:
    """The value of the assumption ``key`` (a KeyError names an unlogged assumption)."""
    return ASSUMPTIONS[key][0]
