"""The package, the tests and the notebooks pass ruff (lint and format), as `make test` checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core import paths

TARGETS = ["src", "tests", "notebooks", "benchmarks"]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed; it is in the test extras: pip install -e '.[test]'")
    return [found]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_passes(command):
    result = subprocess.run(
        [*_ruff(), *command, *TARGETS], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
