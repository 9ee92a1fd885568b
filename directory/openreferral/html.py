"""HTML in a source's text -> what a content file holds: Markdown for the fields the site
renders as Markdown (a service's and an organisation's description), plain text for the rest.

Feeds exported from web directories often hold descriptions as HTML (`<p>Hot lunch &amp; a
natter.</p><ul><li>Two courses</li></ul>`). The site shows HTML in a record as typed, tags and
all, so an import converts it with markdownify: paragraphs, line breaks, lists, bold,
italics, headings, quotes and links (http, https, mailto and tel only) become Markdown;
scripts, styles and embedded objects are dropped with what they hold; any other tag is
dropped and its text kept. Each conversion is noted in the report.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bs4 import BeautifulSoup
from markdownify import markdownify

from directory.records.validate import AUTOLINK, HTML_TAG

DROPPED = ("script", "style", "iframe", "object", "embed", "noscript", "template", "head")
CONVERTED = [
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
]
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)
# Keys of a nested ORUK service whose text is Markdown in the content format.
MARKDOWN_PATHS = {"description", "organization.description"}


def _soup(text: str) -> tuple[BeautifulSoup, list[str]]:
    soup = BeautifulSoup(text, "html.parser")
    dropped = []
    for tag in soup.find_all(DROPPED):
        dropped.append(tag.name)
        tag.decompose()
    for a in soup.find_all("a"):
        href = str(a.get("href") or "")
        if not re.match(r"^(https?|mailto|tel):", href, re.IGNORECASE):
            a.unwrap()  # a link the site would not follow: its words only
    return soup, sorted(set(dropped))


def to_markdown(text: str) -> tuple[str, list[str]]:
    """(Markdown, names of the tags dropped with what they held)."""
    soup, dropped = _soup(text)
    out = markdownify(
        str(soup), convert=CONVERTED, heading_style="ATX", bullets="-", escape_underscores=False
    )
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return out, dropped


def to_text(text: str) -> tuple[str, list[str]]:
    soup, dropped = _soup(text)
    for br in soup.find_all("br"):
        br.replace_with(" ")
    return " ".join(soup.get_text(" ").split()), dropped


def _has_html(text: str) -> bool:
    """As validation tells HTML from Markdown (an autolink such as <https://...> is not)."""
    return "<" in text and any(not AUTOLINK.match(m.group()) for m in HTML_TAG.finditer(text))


def looks_like_html(text: str) -> bool:
    return _has_html(text) or bool(ENTITY.search(text))


def from_html(data: Any, notes: list[str], path: str = "") -> Any:
    """A nested ORUK service with every text holding HTML converted (and noted)."""
    if isinstance(data, dict):
        return {
            k: v if str(k).startswith("_") else from_html(v, notes, f"{path}.{k}" if path else k)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [from_html(v, notes, f"{path}[{n}]") for n, v in enumerate(data)]
    if not isinstance(data, str) or not looks_like_html(data):
        return data
    if not _has_html(data):
        notes.append(
            f"{path}: HTML entities such as &amp; replaced by the characters they stand for"
        )
        return html.unescape(data)
    if path in MARKDOWN_PATHS:
        out, dropped = to_markdown(data)
        said = "HTML converted to Markdown"
    else:
        out, dropped = to_text(data)
        said = "HTML tags taken out (this field is plain text)"
    if dropped:
        said += "; left out with what they held: " + ", ".join(f"<{t}>" for t in dropped)
    notes.append(f"{path}: {said}")
    return out
