"""Drawing helpers shared by the demo generators: dates in a window, valid and invalid BSNs.

A leaf module (imports nothing of the package), like :mod:`analysis.synthetic.allocation`."""

from __future__ import annotations

import numpy as np

DAY = np.timedelta64(1, "D")


def dates(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """One uniform date per element between ``low`` and ``high`` (inclusive, datetime64[D])."""
    low, high = np.asarray(low, "datetime64[D]"), np.asarray(high, "datetime64[D]")
    span = (high - low).astype(int)
    if (span < 0).any():
        raise ValueError("a date window is empty")
    return low + (rng.random(len(low)) * (span + 1)).astype(int) * DAY


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def valid_bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct 9-digit numbers that pass the 11-proef."""
    weights = np.arange(9, 1, -1)
    found: list[str] = []
    seen: set[str] = set()
    while len(found) < n:
        digits = rng.integers(0, 10, size=(2 * (n - len(found)) + 16, 8))
        digits[:, 0] = rng.integers(1, 10, size=len(digits))
        check = (digits * weights).sum(axis=1) % 11
        for row, c in zip(digits, check, strict=True):
            if c == 10:
                continue
            number = "".join(map(str, row)) + str(c)
            if number not in seen:
                seen.add(number)
                found.append(number)
                if len(found) == n:
                    break
    return np.array(found, dtype=object)


def invalidate(bsns: np.ndarray) -> np.ndarray:
    """Change the last digit so that the 11-proef fails."""
    return np.array([b[:-1] + str((int(b[-1]) + 1) % 10) for b in bsns], dtype=object)
