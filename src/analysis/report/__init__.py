"""Dutch wording, tables, figures and the front page: everything a reader sees.

The house helpers (Dutch number formats, the table, ``show``) are re-exported here so a notebook
can write ``from analysis.report import nl_number, show, table``.
"""

from analysis.core.formats import (  # noqa: F401
    MISSING,
    decimals_of,
    nl_date,
    nl_eur,
    nl_eur_mln,
    nl_number,
    nl_pct,
    nl_signed,
)
from analysis.report.disclosure import is_person_count, suppress_small  # noqa: F401
from analysis.report.html import (  # noqa: F401
    CSS,
    escape,
    html,
    number_format,
    render,
    score_badge,
    sentences,
    show,
    style,
    table,
)
from analysis.report.style import COLOURS, SCORE_COLOURS, figure_style  # noqa: F401
