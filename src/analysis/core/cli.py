"""Command-line entry points: a known error is one clear line, never a traceback.

A researcher running ``python -m analysis.synthetic.generate`` or ``make data`` on a bad input
should read what to fix, not a stack trace; a developer who wants the traceback sets
``ANALYSIS_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from analysis.core.errors import InputError


def known_errors() -> tuple[type[Exception], ...]:
    """The errors that describe a problem with an input, each with a message that names it."""
    return (InputError,)


def run(main: Callable[[list[str] | None], int], argv: list[str] | None = None) -> int:
    """Call ``main``; print a known error as ``error: <message>`` and return 1."""
    try:
        return main(argv)
    except known_errors() as exc:
        if os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"error: {exc}\n(set ANALYSIS_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
