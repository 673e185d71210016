"""The transcribed report texts stand in the seeds at the lines they cite, and the glossary is
well-formed.

Files: the bestuurlijke reactie and nawoord (``administrative_response.csv``), Uithoorn's §5.2
conclusions (``conclusions.csv``) and the recommendations of the three cases
(``recommendations.csv``). Every row names its seed lines; the row's text must be found there,
beginning on the first cited line and ending on the last one, after the reading rules of
docs/transcription.md (one space for a line break, hyphenation at line ends undone, ``€`` for
the extraction's ``6 ``, split ligatures joined, ``•`` for the extraction's bullet signs).

The matcher is built from the transcription, character by character, against the seed text with
its line ends marked; only the places where the extraction is ambiguous may differ (see
``HYPHEN`` and ``SOFT``). Everything else must be equal, so a changed word, number or
punctuation mark fails (``test_an_altered_text_is_not_found``).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

SEEDS = Path("/work/shared/seeds")
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
"""This checkout's data (not ``analysis.core.paths``, which follows the installed package)."""
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not at hand")

CASES = {"amsterdam_2006", "uithoorn_2018", "amsterdam_2024", "demo_2022"}
COMPONENTS = {
    "goals",
    "outflow",
    "costs",
    "casestudies",
    "information",
    "payments",
    "registry",
    "benchmark",
    "participation",
    "research_questions",
}

HYPHEN = "\x01"
"""A hyphen at a line end: the transcription keeps it (``re-|integratie``) or drops it
(``voor-|gelegd``)."""
SOFT = "\x02"
"""A line that ends in a lower-case letter without a trailing space, followed by one that starts
with a lower-case letter: the extraction lost a hyphen (``ver|betering``) or the space."""
BULLETS = "•\uf0b7➢▪●◦"
"""Signs the extractions print for a bullet; the transcription writes ``•``."""

# file under data/raw, seed, column with the text, column with the lines, whether a row is the
# whole of its lines (a paragraph) or may leave printed words out at either end (a recommendation
# without its printed number; the 2024 summary's four recommendations share one sentence)
FILES = [
    ("amsterdam_2006/administrative_response.csv", "002", "text", "lines", True),
    ("amsterdam_2006/recommendations.csv", "002", "recommendation", "chapter_section", False),
    ("uithoorn_2018/administrative_response.csv", "003", "text", "lines", True),
    ("uithoorn_2018/conclusions.csv", "003", "text", "lines", True),
    ("uithoorn_2018/recommendations.csv", "003", "recommendation", "chapter_section", False),
    ("amsterdam_2024/recommendations.csv", "001", "recommendation", "chapter_section", False),
]


def read(name: str) -> list[dict[str, str]]:
    with (RAW / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def line_range(cell: str) -> tuple[int, int]:
    """``6432-6440``, ``2276`` or a citation ending in ``(r. 6369-6389)``."""
    match = re.search(r"(?:^|\(r\. )(\d+)(?:-(\d+))?\)?$", cell.strip())
    assert match, f"no line range in {cell!r}"
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    assert first <= last, cell
    return first, last


def rows() -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for name, seed, text_col, lines_col, whole in FILES:
        for i, row in enumerate(read(name)):
            fields = {**row, "text": row[text_col], "_lines": row[lines_col], "_whole": whole}
            out.append((f"{name}:{i + 1}", seed, fields))
    return out


ROWS = rows()


# --- the normaliser ------------------------------------------------------------------------


@cache
def seed_lines(seed: str) -> tuple[str, ...]:
    return tuple(next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8").splitlines())


def _clean(line: str) -> str:
    line = line.replace("\t", " ").replace("\ufffd", " ")
    for sign in BULLETS:
        line = line.replace(sign, "•")
    return " ".join(line.split())


def seed_text(seed: str, first: int, last: int) -> tuple[str, list[int]]:
    """Lines ``first``-``last`` of a seed as one string (blank lines skipped), with the offset
    at which each non-blank line starts. Line ends are a space, ``HYPHEN`` or ``SOFT``."""
    lines = seed_lines(seed)
    assert 1 <= first <= last <= len(lines), (seed, first, last)
    kept = [raw for raw in lines[first - 1 : last] if raw.strip()]
    text, starts = "", []
    for k, raw in enumerate(kept):
        line = _clean(raw)
        if k:
            prev_raw = kept[k - 1]
            if re.search(r"\S-$", text):
                text = text[:-1] + HYPHEN
            elif (
                prev_raw == prev_raw.rstrip()
                and re.search(r"[a-zà-ÿ]$", text)
                and re.match(r"[a-zà-ÿ]", line)
            ):
                text += SOFT
            else:
                text += " "
        starts.append(len(text))
        text += line
    return text, starts


def pattern(transcription: str) -> re.Pattern[str]:
    """A regex that finds ``transcription`` in a ``seed_text``."""
    t = " ".join(transcription.split())
    out = []
    for i, c in enumerate(t):
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if c == " ":
            out.append(f"[ {SOFT}]")
        elif c == "-":
            out.append(f"[-{HYPHEN}{SOFT}]")
        elif c == "€":
            out.append("[€6]")  # the extraction prints the euro sign as the digit 6
        else:
            out.append(re.escape(c))
            if c.isalpha() and nxt.isalpha():
                ligature = c in "ilf" and i > 0 and t[i - 1] == "f"  # 'fi guur', 'afl eggen'
                out.append(f"[{HYPHEN}{SOFT} ]?" if ligature else f"[{HYPHEN}{SOFT}]?")
    return re.compile("".join(out))


def _inside_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] in (HYPHEN, SOFT))


def found(transcription: str, seed: str, first: int, last: int, whole: bool = False) -> bool:
    """Whether the transcription stands in the seed as whole words, beginning on line ``first``
    and ending on line ``last``; with ``whole``, it is all of those lines."""
    text, starts = seed_text(seed, first, last)
    if whole:
        match = pattern(transcription).fullmatch(text)
        return match is not None
    first_line_end = starts[1] if len(starts) > 1 else len(text)
    regex = pattern(transcription)
    for pos in range(starts[0], first_line_end):
        if pos > starts[0] and _inside_word(text, pos - 1) and text[pos].isalnum():
            continue  # would begin inside a word
        match = regex.match(text, pos)
        if not match or match.end() <= starts[-1]:
            continue
        if _inside_word(text, match.end()) and text[match.end() - 1].isalnum():
            continue  # would end inside a word
        return True
    return False


# --- the normaliser itself -----------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "first", "last", "text", "expected"),
    [
        # hyphenation at a line end undone; a space there is wrong
        (
            "002",
            6426,
            6427,
            "heeft het concept van dit rapport op 21 december 2006 voorgelegd voor",
            True,
        ),
        (
            "002",
            6426,
            6427,
            "heeft het concept van dit rapport op 21 december 2006 voor gelegd voor",
            False,
        ),
        # a real hyphen split at a line end stays
        ("002", 6364, 6365, "doelmatigheid van het re-integratiebeleid.", True),
        ("002", 6364, 6365, "doelmatigheid van het re integratiebeleid.", False),
        # the euro artefact '6 ' (here '6  ') is written '€ '; the figure must be the same
        ("002", 6504, 6506, "Een investering van € 700 miljoen levert", True),
        ("002", 6504, 6506, "Een investering van € 800 miljoen levert", False),
        ("002", 6504, 6506, "Een investering van € 7000 miljoen levert", False),
        # a split ligature is joined, but no letter may go missing
        ("002", 367, 368, "Zoals de figuur op de volgende pagina illustreert", True),
        ("002", 367, 368, "Zoals de fguur op de volgende pagina illustreert", False),
        # the extraction's bullet '•\t' is '• '; bullets cannot be dropped
        ("002", 6539, 6541, "als volgt: • Trede 1: 13.456 • Trede 2: 10.155", True),
        ("002", 6539, 6541, "als volgt: Trede 1: 13.456 Trede 2: 10.155", False),
        # a hyphen the extraction lost at a line end ('ver|betering')
        ("002", 6492, 6493, "een stap gezet in de verbetering van de kansen", True),
        # blank lines between printed lines (seed 003) are line breaks
        ("003", 2097, 2099, "uit het BUIG-budget. Sinds de nieuwe werkwijze", True),
        # punctuation counts
        ("003", 2097, 2099, "uit het BUIG-budget, Sinds de nieuwe werkwijze", False),
    ],
)
def test_the_normaliser_reads_the_extraction(seed, first, last, text, expected):
    assert found(text, seed, first, last) is expected


@needs_seeds
def test_the_cited_lines_must_fit_the_text():
    text = "De Rekenkamer Amsterdam heeft het concept van dit rapport op 21 december 2006"
    assert found(text, "002", 6426, 6426)
    assert not found(text, "002", 6424, 6426)  # begins two lines too early
    paragraph = " ".join(_clean(x) for x in seed_lines("002")[6432:6434])  # r. 6433-6434
    assert found(paragraph, "002", 6433, 6434, whole=True)
    assert not found(paragraph, "002", 6433, 6436)  # ends two lines too late
    assert not found(paragraph, "002", 6433, 6433)  # the range stops inside the text
    assert not found(paragraph[:-20], "002", 6433, 6434, whole=True)  # a paragraph cut short


# --- the transcriptions --------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize(("where", "seed", "row"), ROWS, ids=[r[0] for r in ROWS])
def test_every_row_stands_in_the_seed_at_its_lines(where, seed, row):
    first, last = line_range(row["_lines"])
    lines = seed_lines(seed)
    assert lines[first - 1].strip() and lines[last - 1].strip(), (
        "a range starts or ends on a blank line"
    )
    assert row["text"].strip(), where
    assert found(row["text"], seed, first, last, row["_whole"]), (
        f"{where}: not at r. {first}-{last}"
    )


def _altered(text: str) -> list[str]:
    words = text.split()
    mid = len(words) // 2
    out = [
        " ".join(words[:mid] + ["niet"] + words[mid:]),  # a word added
        " ".join(words[:mid] + words[mid + 1 :]),  # a word dropped
        text[:-1] + ("x" if text[-1] != "x" else "y"),  # the last character changed
        text[:-1],  # the last character dropped (a paragraph must be whole)
    ]
    swapped = words[mid].swapcase() if words[mid].swapcase() != words[mid] else None
    if swapped:
        out.append(" ".join(words[:mid] + [swapped] + words[mid + 1 :]))  # a word's case changed
    digits = re.search(r"\d", text)
    if digits:
        d = digits.group()
        out.append(text[: digits.start()] + str((int(d) + 1) % 10) + text[digits.end() :])
    return out


@needs_seeds
@pytest.mark.parametrize(("where", "seed", "row"), ROWS, ids=[r[0] for r in ROWS])
def test_an_altered_text_is_not_found(where, seed, row):
    first, last = line_range(row["_lines"])
    for altered in _altered(row["text"]):
        if not row["_whole"] and row["text"].startswith(altered):
            continue  # a shorter fragment of a recommendation is still in the seed
        assert not found(altered, seed, first, last, row["_whole"]), f"{where}: {altered[:80]}…"


def test_no_euro_artefact_is_left_in_a_transcription():
    for where, _, row in ROWS:
        assert not re.search(r"(?<![\d.,])6 \d", row["text"]), where


# --- the formats ---------------------------------------------------------------------------

RESPONSES = [
    "amsterdam_2006/administrative_response.csv",
    "uithoorn_2018/administrative_response.csv",
]


@pytest.mark.parametrize("name", RESPONSES)
def test_administrative_response_format(name):
    table = read(name)
    assert list(table[0]) == ["part", "nr", "section", "heading", "text", "lines"]
    assert {r["part"] for r in table} <= {"inleiding", "reactie", "nawoord"}
    for part in {r["part"] for r in table}:
        of_part = [r for r in table if r["part"] == part]
        assert [int(r["nr"]) for r in of_part] == list(range(1, len(of_part) + 1)), part
        assert len({r["section"] for r in of_part}) == 1, part
    ranges = [line_range(r["lines"]) for r in table]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False)), (
        "ranges overlap or are out of order"
    )


def test_amsterdam_2006_response_has_the_reaction_and_the_afterword():
    table = read("amsterdam_2006/administrative_response.csv")
    assert {r["section"] for r in table if r["part"] == "reactie"} == {"§9.1"}
    assert {r["section"] for r in table if r["part"] == "nawoord"} == {"§9.2"}


@needs_seeds
@pytest.mark.parametrize("name", [*RESPONSES, "uithoorn_2018/conclusions.csv"])
def test_every_heading_is_printed_above_its_rows(name):
    seed = {"amsterdam_2006": "002", "uithoorn_2018": "003"}[name.split("/")[0]]
    table = read(name)
    lines = [" ".join(x.split()) for x in seed_lines(seed)]
    for row in table:
        heading = row["heading"]
        if not heading:
            continue
        first, _ = line_range(row["lines"])
        above = [n for n in range(first - 1, 0, -1) if lines[n - 1] == heading]
        assert above, f"heading {heading!r} not printed above r. {first}"
        # every row between the heading and this one falls under the same heading
        between = [r for r in table if above[0] < line_range(r["lines"])[0] < first]
        assert all(r["heading"] == heading for r in between), heading


def test_recommendations_format():
    from analysis.report.findings import FINDERS

    # a recommendation rests on the computed finding of a step (the front page and notebook 99
    # show the finding beside it): its `addresses` name findings the report can compute
    allowed = {
        "amsterdam_2006": COMPONENTS,
        "uithoorn_2018": {"goals", "benchmark", "participation", "norms"},
        "amsterdam_2024": set(FINDERS),
    }
    for case, components in allowed.items():
        table = read(f"{case}/recommendations.csv")
        columns = [c for c in table[0] if c != "heading"]  # the printed bold title, optional
        assert columns[:4] == ["rec_id", "chapter_section", "recommendation", "addresses"]
        assert all(r["recommendation"].startswith(r.get("heading") or "") for r in table)
        assert [r["rec_id"] for r in table] == [f"R{i}" for i in range(1, len(table) + 1)]
        for r in table:
            assert set(filter(None, r["addresses"].split(";"))) <= components, (case, r["rec_id"])
    uithoorn = read("uithoorn_2018/recommendations.csv")
    assert [r["addressee"] for r in uithoorn] == ["college"] * 4 + ["raad"] * 2
    assert len(read("amsterdam_2024/recommendations.csv")) == 4


def test_conclusions_format():
    table = read("uithoorn_2018/conclusions.csv")
    assert list(table[0]) == ["nr", "heading", "text", "lines"]
    assert [int(r["nr"]) for r in table] == list(range(1, len(table) + 1))
    assert all(r["heading"] and r["text"] for r in table)


# --- the glossary --------------------------------------------------------------------------

GLOSSARY = read("glossary.csv")
REF = re.compile(r"(\d{3}) [^;()]*\(r\. (\d+)(?:-(\d+))?\)")


def test_glossary_columns_and_order():
    assert list(GLOSSARY[0]) == ["term", "explanation", "cases", "source"]
    terms = [r["term"] for r in GLOSSARY]
    assert len({t.casefold() for t in terms}) == len(terms), "a term twice"
    assert terms == sorted(terms, key=str.casefold), "not sorted by term"


def test_glossary_explanations_and_cases():
    for r in GLOSSARY:
        assert r["term"].strip() == r["term"] and r["term"], r
        sentences = re.findall(r"[.!?](?:\s|$)", r["explanation"])
        assert r["explanation"].endswith(".") and 1 <= len(sentences) <= 2, r["term"]
        cases = [c for c in r["cases"].split(";") if c]
        assert set(cases) <= CASES and len(cases) == len(set(cases)), r["term"]
        assert cases == [] or len(cases) < len(CASES), f"{r['term']}: list all cases as empty"


def _squeezed(text: str) -> str:
    return re.sub(rf"[\s\-{HYPHEN}{SOFT}‘’'\"]", "", text).casefold()


@needs_seeds
def test_glossary_sources_cite_lines_that_use_the_term():
    for r in GLOSSARY:
        source = r["source"]
        refs = REF.findall(source)
        general = source.startswith("algemeen")
        assert general or refs, f"{r['term']}: source {source!r}"
        if not general:
            leftover = REF.sub("", source).replace(";", "").strip()
            assert not leftover, f"{r['term']}: unreadable part {leftover!r}"
        texts = []
        for seed, first, last in refs:
            first, last = int(first), int(last or first)
            lines = seed_lines(seed)
            assert lines[first - 1].strip() and lines[last - 1].strip(), (
                r["term"],
                seed,
                first,
                last,
            )
            texts.append(_squeezed(seed_text(seed, first, last)[0]))
        if general:
            continue
        names = [n for part in re.split(r" / |\(|\)", r["term"]) if (n := _squeezed(part))]
        # the last letter may differ: a plural or inflected form ('bedrijf' in 'bedrijven')
        stems = [n if len(n) <= 4 else n[:-1] for n in names]
        assert any(n in t for n in stems for t in texts), f"{r['term']} not at {source}"
