"""Reproducible audit of a municipality's welfare-to-work policy.

The package behind the notebooks: every computation the report shows lives here, so that it can
be tested and reused across cases (Rekenkamer Amsterdam 2007, Uithoorn 2018, Amsterdam 2024).
"""

__version__ = "0.1.0"
