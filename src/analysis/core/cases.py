"""Cases and their parameters (DESIGN.md, "Cases and parameters").

A case is a folder ``data/raw/<case>/`` with a ``case.yml``. This module loads that file,
checks every key and type, and merges the parameters a notebook was given (papermill ``-p``)
over the defaults of the case. A missing key or a wrong type is one error that names the file
and the key, so a researcher editing ``case.yml`` sees at once what to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis.core import paths
from analysis.core.errors import InputError

COMPONENTS: dict[str, str] = {
    "registry": "cliëntenbestand (bestandsanalyse)",
    "goals": "beleidsdoelen",
    "outflow": "uitstroom",
    "benchmark": "vergelijking met landelijke cijfers",
    "costs": "kosten",
    "payments": "controle van betalingen",
    "casestudies": "casestudies uitvoering",
    "information": "informatie aan de raad",
    "norms": "toetsing aan het normenkader",
    "interviews": "interviews met cliënten",
    "peers": "vergelijking met gemeenten van dezelfde grootte (open data)",
    "participation": "participatie van cliënten",
    "research_questions": "onderzoeksvragen",
    "summary": "samenvatting",
}
"""Components a case can have, with the Dutch name used when a notebook says one is absent."""


class CaseConfigError(InputError):
    """A ``case.yml`` is missing, malformed, or has a key of the wrong type."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _is_number_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(_is_number(v) for v in value)
        and all(a < b for a, b in zip(value, value[1:], strict=False))
    )


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_str(v) for v in value)


def _is_date_format(value: Any) -> bool:
    if not _is_str(value) or "%Y" not in value or "%d" not in value or "%m" not in value:
        return False
    sample = dt.date(2004, 11, 23)
    try:
        return dt.datetime.strptime(sample.strftime(value), value).date() == sample
    except ValueError:
        return False


_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "int": (_is_int, "an integer"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "number": (_is_number, "a number"),
    "str": (_is_str, "a non-empty text"),
    "date": (_is_date, "a date written as YYYY-MM-DD"),
    "ascending_numbers": (_is_number_list, "a list of at least two ascending numbers"),
    "str_list": (_is_str_list, "a list of texts"),
    "date_format": (_is_date_format, "a date format such as '%Y-%m-%d' or '%d-%m-%Y'"),
}


@dataclass(frozen=True)
class ParameterSpec:
    """One analysis parameter: its type, whether a case may leave it empty, its meaning and what
    a different value changes in the report (both in Dutch, for the reader)."""

    kind: str
    nullable: bool
    description: str
    changes: str
    default: Any = None
    """The value when case.yml leaves the parameter out (None: case.yml must give it)."""


PARAMETERS: dict[str, ParameterSpec] = {
    "sustained_months": ParameterSpec(
        "int",
        False,
        "maanden regulier werk voordat uitstroom als duurzaam telt",
        "alleen de controle van uitstroompremies (onderdeel Kosten): welke premies vóór zoveel "
        "maanden werk zijn betaald",
    ),
    "contract_success_pct": ParameterSpec(
        "number",
        False,
        "uitstroom naar werk (%) vanaf waar een contract succesvol heet",
        "het aantal succesvolle contracten in Uitstroom, de conclusies en de samenvatting",
    ),
    "contract_buckets_pct": ParameterSpec(
        "ascending_numbers",
        False,
        "klassegrenzen (%) voor uitstroom naar werk per contract",
        "de indeling van contracten naar uitstroom (Uitstroom en Kosten) en, bij een "
        "demobestand, hoe de demoregistratie contracten trekt",
    ),
    "benefit_cost_per_month_eur": ParameterSpec(
        "number",
        True,
        "gemiddelde uitkeringskosten per cliënt per maand (€)",
        "alleen de terugverdientijd van een uitstroom naar werk (Kosten en samenvatting)",
    ),
    "carry_over_ceiling_pct": ParameterSpec(
        "number",
        True,
        "plafond (%) voor het meenemen van het werkdeel naar het volgende jaar",
        "alleen de toets van het meegenomen werkdeel (onderdeel Kosten)",
    ),
    "durable_months": ParameterSpec(
        "int",
        False,
        "maanden aaneengesloten aan het werk die dit rapport duurzaam werk noemt",
        "de tabellen over duurzaam werk (onderdeel Uitstroom) en de samenvatting daarvan",
    ),
    "peer_size_class": ParameterSpec(
        "str",
        False,
        "grootteklasse van de vergelijkingsgemeenten in inwoners, van-tot (tot telt niet mee), "
        "zoals 0-50000; zonder getal na het streepje geen bovengrens",
        "welke gemeenten de vergelijkingsgroep vormen in de vergelijking met open data "
        "(onderdeel Uitstroom): mediaan, gemiddelde en rangorde",
        default="0-",
    ),
    "min_cell": ParameterSpec(
        "int",
        False,
        "kleinste aantal personen dat een tabelcel mag tonen",
        "welke cellen in alle tabellen en figuren als '<10' (of de gekozen grens) verschijnen",
    ),
    "disclosure_nk_n": ParameterSpec(
        "int",
        False,
        "dominantieregel: aantal grootste bijdragen (N in N–K, zoals ACRO: 2)",
        "welke bedragen in tabellen met kosten of betalingen worden afgeschermd",
        default=2,
    ),
    "disclosure_nk_k": ParameterSpec(
        "number",
        False,
        "dominantieregel: hoogste aandeel (0–1) dat de N grootste bijdragen in een bedrag mogen "
        "hebben (K in N–K, zoals ACRO: 0,9)",
        "welke bedragen in tabellen met kosten of betalingen worden afgeschermd",
        default=0.9,
    ),
    "disclosure_p_percent": ParameterSpec(
        "number",
        False,
        "p%-regel (0–1): hoe nauwkeurig de op één na grootste bijdrager de grootste mag kunnen "
        "schatten (zoals ACRO: 0,1)",
        "welke bedragen in tabellen met kosten of betalingen worden afgeschermd",
        default=0.1,
    ),
    "disclosure_survival_threshold": ParameterSpec(
        "int",
        False,
        "kleinste aantal personen in beeld en gebeurtenissen per stap in een overlevingscurve",
        "hoe ver Kaplan–Meier-curven en tabellen 'nog in de uitkering na …' lopen en welke "
        "stappen zij tonen",
        default=10,
    ),
    "disclosure_zeros": ParameterSpec(
        "bool",
        False,
        "ook een nul in een tabel van personen afschermen",
        "welke cellen als '<10' verschijnen (ook nullen) en daarmee de secundaire afscherming",
        default=False,
    ),
    "disclosure_strict": ParameterSpec(
        "bool",
        False,
        "strikte controle: de build stopt als een tabel of figuur een regel niet haalt",
        "niets aan de cijfers; wel of een rapport met een niet-veilige uitvoer wordt geschreven "
        "(zet aan voor een echt cliëntenbestand)",
        default=False,
    ),
    "seed": ParameterSpec(
        "int",
        False,
        "startwaarde van de synthetische demoregistratie",
        "de getrokken demoregistratie; alleen de waarde in het casusbestand telt (de registratie "
        "wordt vóór de notebooks gemaakt), dus een afwijkende waarde bij het bouwen verandert "
        "niets",
    ),
}

_REGISTRY = ("date_format", "extract_date", "tables")
_PLACEMENTS = ("goals",)
_INTAKE = ("age_limit", "lower_rungs", "spells", "skip")
_LOWER_RUNGS = ("drop", "keep_completed_of_selected")
_SPELLS = ("period", "latest")
_GENERATORS = ("amsterdam_2006", "participatiewet", "amsterdam_2024")
GOAL_NORM_SETS = ("2007", "2024", "2018")
"""The norm sets a case's goals can be scored against (``goal_norms`` in case.yml; the first is
the default): ``2007`` = specific, time-bound, consistent (Rekenkamer Amsterdam 2007,
``data/raw/norms/goal_norms.yml``); ``2024`` = clear, concrete, consistent, substantiated
(research design 2023 of Rekenkamer Amsterdam, ``data/raw/norms/goal_norms_2024.yml``);
``2018`` = measurable, achieved (the normenkader of Rekenkamer Uithoorn 2019,
``data/raw/norms/goal_norms_2018.yml``)."""
_SKIPPABLE = (
    "drop_active_passive_duplicates",
    "drop_special_assistance_only",
    "drop_id_wiw_jobs",
    "drop_activities_started_before_period",
    "drop_activities_not_completed",
    "drop_activities_not_meeting_norm",
    "drop_activities_not_approved",
    "drop_contracts_without_payment",
    "drop_wage_subsidies_after_period",
)
"""Intake rules a case may switch off (``intake.skip``): every rule of
``analysis.registry.intake.RULES`` but the BSN rules (a record without a valid BSN cannot be
linked or pseudonymised), the age rule (set by ``intake.age_limit``) and the rung 1–2 rule (set by
``intake.lower_rungs``); tests/test_cases.py keeps the list in step with the rules."""
_OPTIONAL_TABLES = (
    "exemptions",
    "ladder",
    "contracts",
    "activities",
    "payments",
    "secondments",
    "employment",
    "unemployment_benefits",
    "wage_subsidies",
    "provisions",
    "target_register",
)
"""The optional tables of the registry data model (``analysis.registry.model.OPTIONAL_TABLES``;
core may not import registry, tests/test_cases.py keeps the two in step)."""
"""Keys of the optional ``registry`` section of case.yml (how the extract is read)."""

_TOP_LEVEL: dict[str, str] = {
    "name": "str",
    "title": "str",
    "municipality": "str",
    "auditor": "str",
    "published": "int",
    "seeds": "str_list",
    "components": "str_list",
}


@dataclass(frozen=True)
class Case:
    """A loaded, validated case with its effective parameters."""

    name: str
    title: str
    municipality: str
    auditor: str
    published: int
    period_start: dt.date
    period_end: dt.date
    parameters: Mapping[str, Any]
    components: tuple[str, ...]
    seeds: tuple[str, ...]
    path: Path
    overridden: tuple[str, ...] = field(default=())
    defaulted: tuple[str, ...] = field(default=())
    """Parameters case.yml leaves out, so they take their default (``ParameterSpec.default``)."""
    synthetic_registry: bool = False
    registry_date_format: str = "%Y-%m-%d"
    """How text dates in the registry extract are written (strftime codes; ISO by default)."""
    registry_extract_date: dt.date | None = None
    """The day the extract was taken: no record may be dated later (default: the build day)."""
    intake_age_limit: int | str = "aow"
    """Who leaves the target group by age: ``aow`` (the statutory AOW age by date of birth,
    ``data/raw/norms/aow_age.csv``) or a fixed age in years (the 2006 audit: 65)."""
    intake_lower_rungs: str = "drop"
    """How rung 1–2 activities are read (``analysis.registry.intake.LOWER_RUNGS``)."""
    intake_spells: str = "period"
    """Which benefit spell of a person the tables of chapter 4 read: ``period`` (the latest spell
    overlapping the period) or ``latest`` (the 2006 audit: only a person's latest spell)."""
    intake_skip: tuple[str, ...] = ()
    """Intake rules that do not apply to this case (``intake.skip``)."""
    demo_generator: str = "amsterdam_2006"
    """Which demo generator draws the synthetic registry: ``amsterdam_2006`` (calibrated to the
    printed tables of the 2007 audit), ``participatiewet`` (invented rates, no printed report:
    ``analysis.synthetic.participatiewet``) or ``amsterdam_2024`` (landing on what the 2025
    report states, invented rates otherwise: ``analysis.synthetic.amsterdam_2024``)."""
    registry_tables: tuple[str, ...] | None = None
    """The optional registry tables the case has (``registry.tables``); None: whatever the
    extract holds."""
    placement_goals: tuple[str, ...] = ()
    """Goals of the goal register whose target is a count of people at work with support
    (``placements.goals``): the realisation is counted from the registry
    (``analysis.steps.placements``)."""
    goal_norms: str = GOAL_NORM_SETS[0]
    """The norm set the case's policy goals are scored against (:data:`GOAL_NORM_SETS`)."""
    municipality_code: str | None = None
    """The municipality's CBS code (``GM0451``; ``municipality_code`` in case.yml), by which the
    peer comparison finds it in open data; None: found by ``municipality`` (its name)."""
    audit_norms: str | None = None
    """The audit's own norm framework (``audit_norms`` in case.yml: the set of
    ``data/raw/norms/audit_norms_<set>.yml``, scored by :mod:`analysis.steps.norms`); None: the
    case has none."""

    @property
    def intake_options(self) -> dict[str, Any]:
        """The ``intake:`` settings as keyword arguments of ``run_intake``."""
        return {
            "age_limit": self.intake_age_limit,
            "lower_rungs": self.intake_lower_rungs,
            "spells": self.intake_spells,
            "skip": self.intake_skip,
        }

    def has(self, component: str) -> bool:
        """Whether this case has data for ``component`` (one of :data:`COMPONENTS`)."""
        if component not in COMPONENTS:
            raise KeyError(f"unknown component {component!r}; known: {', '.join(COMPONENTS)}")
        return component in self.components

    def __getitem__(self, parameter: str) -> Any:
        return self.parameters[parameter]

    @property
    def raw_dir(self) -> Path:
        return self.path.parent


def _check(file: Path, key: str, value: Any, kind: str) -> None:
    test, expected = _TYPES[kind]
    if not test(value):
        raise CaseConfigError(
            f"{file}: key '{key}': expected {expected}, got {value!r} ({type(value).__name__})"
        )


def _require(file: Path, mapping: Mapping[str, Any], key: str, prefix: str = "") -> Any:
    if key not in mapping:
        raise CaseConfigError(f"{file}: key '{prefix}{key}' is missing")
    return mapping[key]


def parse_case(file: Path, raw: Any, overrides: Mapping[str, Any] | None = None) -> Case:
    """Validate the parsed YAML of ``file`` and apply parameter ``overrides``.

    Overrides whose value is ``None`` are ignored: that is how a notebook says "take the value
    from case.yml".
    """
    if not isinstance(raw, Mapping):
        raise CaseConfigError(f"{file}: expected a mapping of keys at the top level")
    for key, kind in _TOP_LEVEL.items():
        _check(file, key, _require(file, raw, key), kind)
    if raw["name"] != file.parent.name:
        raise CaseConfigError(
            f"{file}: key 'name': {raw['name']!r} must equal the folder name {file.parent.name!r}"
        )
    unknown = [c for c in raw["components"] if c not in COMPONENTS]
    if unknown:
        raise CaseConfigError(
            f"{file}: key 'components': unknown {unknown}; known: {', '.join(COMPONENTS)}"
        )

    period = _require(file, raw, "period")
    if not isinstance(period, Mapping):
        raise CaseConfigError(f"{file}: key 'period': expected keys 'start' and 'end'")
    for key in ("start", "end"):
        _check(file, f"period.{key}", _require(file, period, key, "period."), "date")
    if period["end"] < period["start"]:
        raise CaseConfigError(f"{file}: key 'period.end' lies before 'period.start'")

    params_raw = _require(file, raw, "parameters")
    if not isinstance(params_raw, Mapping):
        raise CaseConfigError(f"{file}: key 'parameters': expected a mapping")
    unknown = sorted(set(params_raw) - set(PARAMETERS))
    if unknown:
        raise CaseConfigError(
            f"{file}: key 'parameters.{unknown[0]}' is not a known parameter; "
            f"known: {', '.join(PARAMETERS)}"
        )
    params: dict[str, Any] = {}
    defaulted: list[str] = []
    for key, spec in PARAMETERS.items():
        if key not in params_raw and spec.default is not None:
            params[key] = spec.default
            defaulted.append(key)
            continue
        value = _require(file, params_raw, key, "parameters.")
        if value is None and spec.nullable:
            params[key] = None
            continue
        _check(file, f"parameters.{key}", value, spec.kind)
        params[key] = value

    synthetic = raw.get("synthetic_registry", False)
    if not isinstance(synthetic, bool):
        raise CaseConfigError(
            f"{file}: key 'synthetic_registry': expected true or false, got {synthetic!r}"
        )
    if synthetic and "registry" not in raw["components"]:
        raise CaseConfigError(
            f"{file}: key 'synthetic_registry' is true but 'registry' is not a component"
        )

    known = {
        *_TOP_LEVEL,
        "period",
        "parameters",
        "synthetic_registry",
        "registry",
        "intake",
        "demo_generator",
        "placements",
        "goal_norms",
        "audit_norms",
        "municipality_code",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise CaseConfigError(
            f"{file}: key '{unknown[0]}' is not a known key; known: {', '.join(sorted(known))}"
        )
    registry = _section(file, raw, "registry", _REGISTRY)
    date_format = registry.get("date_format", "%Y-%m-%d")
    _check(file, "registry.date_format", date_format, "date_format")
    extract_date = registry.get("extract_date")
    if extract_date is not None:
        _check(file, "registry.extract_date", extract_date, "date")

    intake = _section(file, raw, "intake", _INTAKE)
    age_limit = intake.get("age_limit", "aow")
    if not (age_limit == "aow" or (_is_int(age_limit) and 50 <= int(age_limit) <= 75)):
        raise CaseConfigError(
            f"{file}: key 'intake.age_limit': expected 'aow' (the statutory AOW age) or a whole "
            f"number of years from 50 to 75, got {age_limit!r}"
        )
    generator = _one_of(file, "demo_generator", raw.get("demo_generator"), _GENERATORS)
    goal_norms = _goal_norms(file, raw.get("goal_norms"))
    audit_norms = raw.get("audit_norms")
    if audit_norms is not None:
        audit_norms = str(audit_norms)
        if not (paths.RAW / "norms" / f"audit_norms_{audit_norms}.yml").is_file():
            raise CaseConfigError(
                f"{file}: key 'audit_norms': no file data/raw/norms/audit_norms_{audit_norms}.yml"
            )
    spells = _one_of(file, "intake.spells", intake.get("spells"), _SPELLS)
    skip = intake.get("skip", [])
    if not _is_str_list(skip) or set(skip) - set(_SKIPPABLE):
        raise CaseConfigError(
            f"{file}: key 'intake.skip': expected a list of rules from {', '.join(_SKIPPABLE)}, "
            f"got {skip!r}"
        )
    tables = registry.get("tables")
    if tables is not None and (not _is_str_list(tables) or set(tables) - set(_OPTIONAL_TABLES)):
        raise CaseConfigError(
            f"{file}: key 'registry.tables': expected a list of optional tables from "
            f"{', '.join(_OPTIONAL_TABLES)}, got {tables!r}"
        )
    lower_rungs = _one_of(file, "intake.lower_rungs", intake.get("lower_rungs"), _LOWER_RUNGS)
    placement_goals = _section(file, raw, "placements", _PLACEMENTS).get("goals", [])
    if not _is_str_list(placement_goals):
        raise CaseConfigError(
            f"{file}: key 'placements.goals': expected a list of goal ids of goals.csv, "
            f"got {placement_goals!r}"
        )

    overridden = []
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in PARAMETERS:
            raise CaseConfigError(
                f"parameter {key!r} passed to the notebook is not a known parameter; "
                f"known: {', '.join(PARAMETERS)}"
            )
        if PARAMETERS[key].kind == "number" and _is_int(value):
            value = float(value)
        _check(Path("notebook parameters"), key, value, PARAMETERS[key].kind)
        params[key] = value
        overridden.append(key)

    return Case(
        name=raw["name"],
        title=raw["title"],
        municipality=raw["municipality"],
        auditor=raw["auditor"],
        published=raw["published"],
        period_start=period["start"],
        period_end=period["end"],
        parameters=params,
        components=tuple(raw["components"]),
        seeds=tuple(raw["seeds"]),
        path=file,
        overridden=tuple(overridden),
        defaulted=tuple(k for k in defaulted if k not in overridden),
        synthetic_registry=synthetic,
        registry_date_format=date_format,
        registry_extract_date=extract_date,
        intake_age_limit=age_limit if age_limit == "aow" else int(age_limit),
        intake_lower_rungs=lower_rungs,
        intake_spells=spells,
        intake_skip=tuple(skip),
        registry_tables=tuple(tables) if tables is not None else None,
        demo_generator=generator,
        placement_goals=tuple(placement_goals),
        goal_norms=goal_norms,
        audit_norms=audit_norms,
        municipality_code=_municipality_code(file, raw.get("municipality_code")),
    )


def _municipality_code(file: Path, value: Any) -> str | None:
    """The optional ``municipality_code``: CBS's ``GM`` and four digits."""
    if value is None:
        return None
    if not (isinstance(value, str) and re.fullmatch(r"GM\d{4}", value)):
        raise CaseConfigError(
            f"{file}: key 'municipality_code': expected CBS's code, GM and four digits "
            f"(GM0451), got {value!r}"
        )
    return value


def _goal_norms(file: Path, value: Any) -> str:
    """The ``goal_norms`` key as one of :data:`GOAL_NORM_SETS`. YAML reads ``2024`` as a number
    and ``"2024"`` as text; both name the set, anything else (``2024.0``, ``2025``) is an error."""
    if value is None:
        return GOAL_NORM_SETS[0]
    if (_is_int(value) or isinstance(value, str)) and str(value) in GOAL_NORM_SETS:
        return str(value)
    raise CaseConfigError(
        f"{file}: key 'goal_norms': expected one of {', '.join(GOAL_NORM_SETS)}, got {value!r}"
    )


def _one_of(file: Path, key: str, value: Any, allowed: tuple[str, ...]) -> str:
    """``value`` of the optional ``key``, one of ``allowed`` (absent: the first, the default)."""
    if value is None:
        return allowed[0]
    if value not in allowed:
        raise CaseConfigError(
            f"{file}: key '{key}': expected one of {', '.join(allowed)}, got {value!r}"
        )
    return value


def _section(file: Path, raw: Mapping[str, Any], name: str, keys: tuple[str, ...]) -> Mapping:
    """An optional section of ``case.yml`` (``registry:``, ``intake:``) with only known keys."""
    section = raw.get(name) or {}
    if not isinstance(section, Mapping):
        raise CaseConfigError(f"{file}: key '{name}': expected keys {', '.join(keys)}")
    for key in sorted(set(section) - set(keys)):
        raise CaseConfigError(
            f"{file}: key '{name}.{key}' is not a known key; known: {', '.join(keys)}"
        )
    return section


def case_file(case: str) -> Path:
    return paths.raw_dir(case) / "case.yml"


def load_case(case: str, **overrides: Any) -> Case:
    """Load and validate ``data/raw/<case>/case.yml``.

    Args:
        case: the case folder name, e.g. ``"amsterdam_2006"``.
        **overrides: notebook parameters; ``None`` means "use the case's value".

    Raises:
        CaseConfigError: the file is missing, is not valid YAML, or a key is missing or has
            the wrong type. The message names the file and the key.
    """
    file = case_file(case)
    if not file.is_file():
        known = ", ".join(list_cases()) or "none"
        raise CaseConfigError(f"{file}: no such case file (known cases: {known})")
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseConfigError(f"{file}: not valid YAML: {exc}") from exc
    from analysis.core import provenance

    provenance.record_input(file)
    return parse_case(file, raw, overrides)


def list_cases() -> list[str]:
    """All case folders under ``data/raw`` (folders holding a ``case.yml``)."""
    if not paths.RAW.is_dir():
        return []
    return sorted(p.parent.name for p in paths.RAW.glob("*/case.yml"))
