"""Rounding as printed reports round: half away from zero (12,25 → 12,3), never to even."""

from __future__ import annotations

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
