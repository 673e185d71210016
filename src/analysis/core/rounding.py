"""Rounding as printed reports round, and the interval a printed figure stands for.

Printed reports round half away from zero (12,25 → 12,3), never to even. A printed ``7,6`` stands
for any true value in [7,55; 7,65]: :class:`Interval` carries that, so the cross-footing of the
printed tables and the comparison of computed figures with printed ones use one notion of
"within the rounding".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def round_half_up(values, decimals: int = 1):
    """Round half away from zero to ``decimals`` (numpy's ``round`` rounds half to even)."""
    values = np.asarray(values, dtype=float)
    scale = 10.0**decimals
    return np.sign(values) * np.floor(np.abs(values) * scale + 0.5 + 1e-9) / scale


def percent(part, whole, decimals: int = 1):
    """``100 · part / whole`` rounded half up; NaN where ``whole`` is 0 or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return round_half_up(
            100 * np.asarray(part, dtype=float) / np.asarray(whole, dtype=float), decimals
        )


_EPS = 1e-9


@dataclass(frozen=True)
class Interval:
    """A printed figure with its rounding: the true value lies in ``[lo, hi]``."""

    value: float
    lo: float
    hi: float

    @classmethod
    def exact(cls, value: float) -> Interval:
        return cls(value, value, value)

    @classmethod
    def printed(cls, text: str, exact: bool) -> Interval:
        """The interval a printed number stands for, from its text (``"7.6"`` → 7.55–7.65)."""
        value = float(text)
        if exact:
            return cls.exact(value)
        decimals = len(text.split(".")[1]) if "." in text else 0
        half = 0.5 * 10.0**-decimals
        return cls(value, value - half, value + half)

    @property
    def half_width(self) -> float:
        return (self.hi - self.lo) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.value + other.value, self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.value - other.value, self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, other: Interval) -> Interval:
        ends = [self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi]
        return Interval(self.value * other.value, min(ends), max(ends))

    def __truediv__(self, other: Interval) -> Interval:
        if other.lo <= 0 <= other.hi:
            if other.value == 0:
                return Interval(math.nan, -math.inf, math.inf)
            return Interval(self.value / other.value, -math.inf, math.inf)
        return self * Interval(1 / other.value, 1 / other.hi, 1 / other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.value, -self.hi, -self.lo)

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi + _EPS and other.lo <= self.hi + _EPS
