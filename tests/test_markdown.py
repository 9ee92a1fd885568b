"""Markdown is converted by instances without the patterns a text gives no chance to match
(render.markdown_for): the same HTML as the instances with every pattern, for less work."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.outputs import render

from .conftest import EXAMPLE

# Pieces of text that start, end or make every kind of Markdown block and inline element,
# and the characters around them (tabs, \r, trailing spaces, indents, entities, escapes).
PIECES = [
    "word",
    "Club",
    " ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "]:",
    "[x]: https://example.org",
    "[a](https://example.org)",
    "[a][x]",
    "<",
    ">",
    "<https://example.org>",
    "<a@example.org>",
    "&",
    "&amp;",
    "&#123;",
    ";",
    "#",
    "### ",
    "=",
    "===",
    "-",
    "- ",
    "---",
    "+ ",
    "1. ",
    "2.",
    "!",
    '"',
    "'",
    "–",
    "é",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _same(text: str, page: bool) -> None:
    fast = render.markdown_for(text, page).reset().convert(text)
    full = render.full_markdown(text, page).reset().convert(text)
    assert fast == full, repr(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_a_record_text_converts_as_with_every_pattern(text: str) -> None:
    _same(text, page=False)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_a_static_page_converts_as_with_every_pattern(text: str) -> None:
    _same(text, page=True)


def test_the_example_county_converts_as_with_every_pattern() -> None:
    seen = 0
    for path in sorted(EXAMPLE.rglob("*.yaml")):
        record = yaml.safe_load(path.read_text())
        if isinstance(record, dict) and isinstance(record.get("description"), str):
            _same(record["description"], page=False)
            seen += 1
    for path in sorted((EXAMPLE / "pages").glob("*.md")):
        _same(path.read_text(), page=True)
        seen += 1
    assert seen > 20


def test_plain_paragraphs_skip_the_patterns_they_cannot_use() -> None:
    """Texts with only words and line breaks share one instance that tries nothing but the
    line break pattern; bold text gets the emphasis pattern too, a list the list processor."""
    plain = [f"Club number {i}.\nMeets on Tuesdays.\n\nAll welcome." for i in range(200)]
    used = {id(render.markdown_for(text)) for text in plain}
    assert len(used) == 1
    md = render.markdown_for(plain[0])
    assert [p.name for p in md.inlinePatterns._priority] == ["nl"]
    assert "ulist" not in md.parser.blockprocessors
    assert "hashheader" not in md.parser.blockprocessors
    assert render.full_markdown(plain[0]) is not md
    assert "em_strong" in render.markdown_for("Some **bold** words.").inlinePatterns
    assert "ulist" in render.markdown_for("Bring:\n\n- a coat").parser.blockprocessors
    assert str(render.render_markdown(plain[0])) == (
        "<p>Club number 0.<br>Meets on Tuesdays.</p><p>All welcome.</p>"
    )
