"""What a reader sees of a built HTML page, and the code that must not be in it.

Reader text is the visible text of a page outside the Verantwoording (``section#provenance``) and
the colophon of the front page (``<footer>``, which says how the report was built), outside
``<style>``/``<script>`` and outside attributes. Code in reader text means: snake_case
identifiers (``client_stock``, ``sustained_months``), file names (``facts.csv``, ``case.yml``),
seed file names and line references of the text extraction (``r. 5893–5896``, ``regel 12``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIPPED = {"style", "script"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "source", "wbr"}

PATTERNS = {
    "snake_case identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "file name": re.compile(r"\b[\w.-]+\.(?:csv|ya?ml|py|ipynb|parquet|json|txt)\b", re.I),
    "seed reference": re.compile(r"\bseed\w*\b|\b\d{3}_[0-9a-f]{16}\b", re.I),
    "line reference": re.compile(r"\b(?:r\.|regels?)\s*\d+", re.I),
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        attributes = dict(attrs)
        hidden = (
            tag in SKIPPED
            or tag == "footer"
            or (tag == "section" and attributes.get("id") == "provenance")
        )
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.parts.append(data)


def reader_text(html: str) -> str:
    """The visible text of a page outside the Verantwoording, one space between pieces."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def code_in_reader_text(html: str) -> list[tuple[str, str, str]]:
    """(kind, match, context) for every piece of code in the reader text of ``html``."""
    text = reader_text(html)
    found = []
    for kind, pattern in PATTERNS.items():
        for hit in pattern.finditer(text):
            context = text[max(0, hit.start() - 60) : hit.end() + 60]
            found.append((kind, hit.group(0), context))
    return found
