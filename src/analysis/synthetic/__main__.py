"""``python -m analysis.synthetic CASE``: generate the demo registry of a synthetic case."""

import sys

from analysis.core.cli import run
from analysis.synthetic.generate import main

sys.exit(run(main))
