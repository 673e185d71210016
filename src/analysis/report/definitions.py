"""The analysis's own definition of every table it computes from a client registry: its Dutch
title, the header and unit of each column, and its source line.

The computed tables of chapters 4 and 5 (``steps.outflow``: Tabel 4.6–4.8, 4.13–4.18, Figuur
8.1; ``steps.costs``: Tabel 5.5–5.9) keep the table ids and column names of the Amsterdam audit
(2007), so that where a case has a transcription of the printed table the two can be set side by
side. What a reader needs to read a table — title, headers, units — is defined here, so a case
without any printed report (a municipality auditing itself) gets the same tables. The printed
titles and headers stay in the transcription (``published.tables.table_meta``) as comparison
metadata. The wording was copied from the printed tables where it fits any case; a date of the
period is filled in from the case (``{start}``, ``{end}``, ``{situation}``: the day after the
period, on which the situation of every client is taken).

Tables recomputed from other printed figures (the CBS and SEO tables 4.2, 4.3, 4.10, 4.11) exist
only where a transcription does and have no definition here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from analysis.core.formats import nl_date

REGISTRY_SOURCE = "Bron: bestandsanalyse op basis van het cliëntenbestand van deze casus."
SITUATION = "Situatie per {situation}"


@dataclass(frozen=True)
class Column:
    """One column of a computed table: its Dutch header and its unit (one of
    ``published.tables.UNITS``: ``label``, ``count``, ``pct``, ``eur``, ``eur_mln``, …)."""

    header: str
    unit: str


COHORT_COLUMN = re.compile(r"^(?:stand_(\d+)_(\d+)_(\d{4})|instroom_(\d{4}))_(n|pct)$")
"""Per-cohort columns of Tabel 4.8 and 4.14: the stock on the first day of the period
(``stand_1_1_2004_n``) and the inflow per year (``instroom_2005_n``), each optionally a share."""


def _cohort_column(column: str) -> Column | None:
    match = COHORT_COLUMN.match(column)
    if match is None:
        return None
    day, month, year, inflow_year, kind = match.groups()
    header = f"Instroom {inflow_year}" if inflow_year else f"Stand {day}-{month}-{year}"
    return Column(header + (" – %" if kind == "pct" else ""), "count" if kind == "n" else "pct")


@dataclass(frozen=True)
class TableDefinition:
    """What a reader needs to read one computed table."""

    table_id: str
    title: str
    columns: Mapping[str, Column]
    cohort_columns: bool = False
    """Whether the table has one column (and a share) per cohort of the period."""
    needs: str = "uitkeringsgegevens"
    """What of the registry the table rests on, in Dutch, for the sentence shown when a case's
    registry lacks it ("Het cliëntenbestand van deze casus bevat geen …")."""
    source: str = REGISTRY_SOURCE

    def column(self, name: str) -> Column | None:
        """The definition of column ``name`` (None for a column this table does not define)."""
        if name in self.columns:
            return self.columns[name]
        return _cohort_column(name) if self.cohort_columns else None

    def covers(self, columns: Iterable[str]) -> list[str]:
        """The columns of ``columns`` without a definition (empty when all are defined)."""
        return [c for c in columns if self.column(c) is None]

    def headers(self, columns: Iterable[str], period_end: dt.date) -> dict[str, str]:
        """Dutch header per column (an undefined column keeps its name)."""
        words = _period_words(period_end)
        out = {}
        for name in columns:
            col = self.column(name)
            out[name] = col.header.format(**words) if col is not None else name
        return out

    def units(self, columns: Iterable[str]) -> dict[str, str]:
        """Unit per column (``number`` for a column this table does not define)."""
        out = {}
        for name in columns:
            col = self.column(name)
            out[name] = col.unit if col is not None else "number"
        return out

    def caption(self, period_start: dt.date, period_end: dt.date) -> str:
        """The own title with the case's dates filled in."""
        return self.title.format(**_period_words(period_end, period_start))


def _period_words(period_end: dt.date, period_start: dt.date | None = None) -> dict[str, str]:
    words = {"end": nl_date(period_end), "situation": nl_date(period_end + dt.timedelta(days=1))}
    if period_start is not None:
        words["start"] = nl_date(period_start)
    return words


def _cols(*items: tuple[str, str, str]) -> dict[str, Column]:
    return {name: Column(header, unit) for name, header, unit in items}


DEFINITIONS: dict[str, TableDefinition] = {
    d.table_id: d
    for d in (
        TableDefinition(
            "t4_6",
            "Uitstroom naar werk per jaar van instroom in de bijstandsuitkering",
            _cols(
                ("label", "Groepen met een bijstandsuitkering", "label"),
                ("beginstand_n", "Beginstand", "count"),
                ("in_uitkering_n", f"{SITUATION} – In de uitkering", "count"),
                ("uitstroom_n", f"{SITUATION} – Uitstroom", "count"),
                ("uitstroom_werk_n", f"{SITUATION} – Uitstroom naar werk", "count"),
                ("uitstroom_werk_pct", f"{SITUATION} – Uitstroom naar werk % beginstand", "pct"),
            ),
        ),
        TableDefinition(
            "t4_7",
            "Uitstroom naar arbeid binnen 1 jaar, naar leeftijd",
            _cols(
                ("label", "Leeftijdscategorie", "label"),
                ("aantal_clienten_n", "Aantal cliënten", "count"),
                ("uitstroom_1jaar_n", "Uitstroom binnen één jaar", "count"),
                ("uitstroom_1jaar_pct", "%", "pct"),
                ("uitstroom_werk_1jaar_n", "Uitstroom naar werk binnen één jaar", "count"),
                ("uitstroom_werk_1jaar_pct", "%", "pct"),
            ),
        ),
        TableDefinition(
            "t4_8",
            "Categorie ontheffingen van cliënten onderverdeeld naar jaar van instroom",
            _cols(
                ("label", "Reden ontheffing arbeidsverplichting", "label"),
                ("totaal_n", "Totaal", "count"),
                ("totaal_pct", "%", "pct"),
            ),
            cohort_columns=True,
            needs="gegevens over ontheffingen",
        ),
        TableDefinition(
            "t4_13",
            "Aantal cliënten per trede van de re-integratieladder op de peildatum",
            _cols(
                ("label", "Tredenindeling", "label"),
                ("aantal_clienten_n", "Aantal cliënten", "count"),
                ("aantal_clienten_pct", "%", "pct"),
            ),
            needs="tredenindeling (re-integratieladder)",
        ),
        TableDefinition(
            "t4_14",
            "Bereik re-integratietrajecten arbeidsactivering en arbeidstoeleiding",
            _cols(
                ("label", "Cliënten met afgeronde re-integratietrajecten", "label"),
                ("totaal_n", "Totaal", "count"),
                ("totaal_pct", "Totaal – %", "pct"),
            ),
            cohort_columns=True,
            needs="gegevens over re-integratieactiviteiten",
        ),
        TableDefinition(
            "t4_15",
            "Uitstroom naar werk, na afronding traject arbeidsactivering (trede 3) of "
            "arbeidstoeleiding (trede 4)",
            _cols(
                ("label", "Groepen met een bijstandsuitkering", "label"),
                ("beginstand_n", "Beginstand", "count"),
                ("uitstroom_werk_n", f"{SITUATION} – Uitstroom naar werk", "count"),
                ("uitstroom_werk_pct", f"{SITUATION} – Uitstroom naar werk %", "pct"),
                (
                    "uitstroom_werk_traject_n",
                    f"{SITUATION} – Uitstroom naar werk na traject trede 3/4",
                    "count",
                ),
                (
                    "uitstroom_werk_traject_pct",
                    f"{SITUATION} – Uitstroom naar werk na traject trede 3/4 %",
                    "pct",
                ),
            ),
            needs="gegevens over re-integratieactiviteiten",
        ),
        TableDefinition(
            "t4_16",
            "Beëindigingsoorzaak uitkering onderverdeeld naar het afronden van "
            "re-integratieactiviteiten",
            _cols(
                ("label", "Status uitkering", "label"),
                ("geen_traject_afgerond_n", "Geen re-integratietraject afgerond", "count"),
                ("geen_traject_afgerond_pct", "Geen re-integratietraject afgerond – (%)", "pct"),
                ("traject_afgerond_n", "Eén of meer re-integratietrajecten afgerond", "count"),
                (
                    "traject_afgerond_pct",
                    "Eén of meer re-integratietrajecten afgerond – (%)",
                    "pct",
                ),
                ("totaal_n", "Totaal", "count"),
                ("totaal_pct", "Totaal – (%)", "pct"),
            ),
            needs="gegevens over re-integratieactiviteiten",
        ),
        TableDefinition(
            "t4_17",
            "Mate waarin contracten bijdragen aan uitstroom naar werk",
            _cols(
                ("label", "% Uitstroom naar werk per contract", "label"),
                ("aantal_contracten_n", "Aantal contracten naar % uitstroom naar werk", "count"),
                ("aantal_clienten_n", "Totaal aantal cliënten op contracten", "count"),
                ("aantal_clienten_werk_n", "Aantal cliënten uitgestroomd naar werk", "count"),
            ),
            needs="contracten met re-integratiebedrijven",
        ),
        TableDefinition(
            "t4_18",
            "Typering succesvolste contracten",
            _cols(
                ("label", "Categorie", "label"),
                ("aantal_contracten_n", "Aantal contracten", "count"),
                ("instroom_afgesloten_n", "Instroom afgesloten", "count"),
            ),
            needs="contracten met re-integratiebedrijven",
        ),
        TableDefinition(
            "f8_1",
            "Wat werd er van de cliënten met een uitkering? Situatie per {situation}",
            _cols(
                ("label", "Cliënten met een uitkering", "label"),
                ("aandeel_pct", "% van de cliënten met een uitkering", "pct"),
            ),
        ),
        TableDefinition(
            "t5_5",
            "Kostenverdeling per re-integratiecategorie",
            _cols(
                ("label", "Kostensoort", "label"),
                ("totale_kosten_eur_mln", "Totale kosten (afgerond op € 1 miljoen)", "eur_mln"),
                ("aandeel_pct", "%", "pct"),
            ),
            needs="kostengegevens",
        ),
        TableDefinition(
            "t5_6",
            "Kosten re-integratie onderscheiden naar cliënten met en zonder uitkering",
            _cols(
                ("label", "Cliënten die re-integratieactiviteiten hebben afgerond", "label"),
                ("totale_kosten_eur_mln", "Totale kosten (afgerond op € 1 miljoen)", "eur_mln"),
                ("gemiddelde_kosten_eur", "Gemiddelde kosten", "eur"),
            ),
            needs="kostengegevens",
        ),
        TableDefinition(
            "t5_7",
            "Besteding re-integratiegelden arbeidsactivering en arbeidstoeleiding naar periode "
            "van instroom in de uitkering",
            _cols(
                ("label", "Jaar van instroom", "label"),
                ("instroom_n", "Instroom", "count"),
                (
                    "clienten_afgerond_n",
                    "Aantal cliënten re-integratieactiviteiten afgerond",
                    "count",
                ),
                (
                    "re_integratiekosten_eur_mln",
                    "Re-integratiekosten (afgerond op € 1 miljoen)",
                    "eur_mln",
                ),
                ("gemiddelde_re_integratiekosten_eur", "Gemiddelde re-integratiekosten", "eur"),
            ),
            needs="kostengegevens",
        ),
        TableDefinition(
            "t5_8",
            "Kosten per beëindigingsoorzaak uitkering onderverdeeld naar het afronden van "
            "re-integratieactiviteiten",
            _cols(
                ("label", "Status uitkering", "label"),
                (
                    "aantal_n",
                    "Cliënten die re-integratieactiviteiten hebben afgerond – Aantal",
                    "count",
                ),
                (
                    "totale_kosten_eur_mln",
                    "Cliënten die re-integratieactiviteiten hebben afgerond – Totale kosten "
                    "(afgerond op € 1 miljoen)",
                    "eur_mln",
                ),
                ("gemiddelde_kosten_eur", "Gemiddelde kosten", "eur"),
            ),
            needs="kostengegevens",
        ),
        TableDefinition(
            "t5_9",
            "Totale en gemiddelde kosten van contracten die bijdragen aan uitstroom naar werk",
            _cols(
                ("label", "Uitstroom naar werk %", "label"),
                ("aantal_contracten_n", "Aantal contracten naar % uitstroom naar werk", "count"),
                ("clienten_op_contracten_n", "Totaal aantal cliënten op de contracten", "count"),
                ("clienten_uitgestroomd_werk_n", "Aantal cliënten uitgestroomd naar werk", "count"),
                ("totale_kosten_eur_mln", "Totale kosten (afgerond op € 1 miljoen)", "eur_mln"),
                (
                    "gemiddelde_kosten_per_uitgestroomde_client_eur",
                    "Gemiddelde kosten per uitgestroomde cliënt",
                    "eur",
                ),
            ),
            needs="contracten met betalingen",
        ),
        TableDefinition(
            "tp_costs",
            "Kosten van voorzieningen die in de periode begonnen, per instrument",
            _cols(
                ("label", "Instrument", "label"),
                ("clients_n", "Cliënten", "count"),
                ("provisions_n", "Voorzieningen", "count"),
                ("cost_known_n", "Voorzieningen met bekende kosten", "count"),
                ("cost_eur", "Totale bekende kosten", "eur"),
                ("cost_per_client_eur", "Bekende kosten per cliënt", "eur"),
            ),
            needs="gegevens over voorzieningen",
            source=(
                "Bron: voorzieningen in het cliëntenbestand van deze casus. Een voorziening zonder "
                "bekende kosten telt niet mee in de kosten; de kosten per cliënt zijn dan een "
                "ondergrens."
            ),
        ),
    )
}
"""The own definition of every table computed from the registry, by table id."""


def definition(table_id: str) -> TableDefinition | None:
    """The own definition of a computed table (None for a table recomputed from printed
    figures, which only exists beside its transcription)."""
    return DEFINITIONS.get(table_id)
