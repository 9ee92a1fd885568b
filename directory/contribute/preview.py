"""A pull request's changed content files -> the built pages they change, for reviewers.

The preview workflow builds the site, then this picks out the pages of the services and
organisations a pull request touches: their text as Markdown for the job summary, and the
pages themselves (with the site's assets, so they look as residents will see them) copied
into a folder that the workflow keeps as a downloadable artifact.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from directory.build.publish import safe_relpath

_SERVICE = re.compile(r"^(?:.*/)?services/([a-z0-9-]+)/([a-z0-9-]+)\.yaml$")
_ORGANISATION = re.compile(r"^(?:.*/)?organisations/([a-z0-9-]+)\.yaml$")
# The summary of one job is limited to 1 MiB by GitHub; each page's text is cut well before.
MAX_PAGE_TEXT = 20_000


@dataclass
class Changed:
    path: str  # the content file, as git names it
    page: str | None  # the built page, relative to the site folder
    title: str = ""
    text: str = ""
    exists: bool = False


@dataclass
class Preview:
    pages: list[Changed] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # changed files with no page of their own


class _MainText(html.parser.HTMLParser):
    """The text a resident reads in <main>, a line per block, without scripts' data."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "dt", "dd", "tr", "div", "br", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.title = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        if tag in ("script", "style", "template"):
            self.skip += 1
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3") and self.depth:
            self.parts.append("#" * int(tag[1]) + " ")
        self._in_h1 = self._in_h1 or (tag == "h1" and self.depth > 0)

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag in ("script", "style", "template"):
            self.skip -= 1
        if tag == "h1":
            self._in_h1 = False
        if self.depth and tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)
            if self._in_h1:
                self.title += data

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def page_for(path: str) -> str | None:
    """The built page a content file makes, or None if it has no page of its own."""
    m = _SERVICE.match(path)
    if m:
        return f"services/{m.group(2)}/index.html"
    m = _ORGANISATION.match(path)
    if m:
        return f"organisations/{m.group(1)}/index.html"
    return None


def preview(changed: list[str], site_dir: Path) -> Preview:
    out = Preview()
    seen: set[str] = set()
    for path in changed:
        path = path.strip()
        if not path or path in seen:
            continue
        seen.add(path)
        page = page_for(path)
        if page is None:
            out.others.append(path)
            continue
        item = Changed(path, page)
        built = site_dir / safe_relpath(page)
        if built.is_file():
            parser = _MainText()
            parser.feed(built.read_text(encoding="utf-8", errors="replace"))
            item.exists = True
            item.title = " ".join(parser.title.split())
            item.text = parser.text()[:MAX_PAGE_TEXT]
        out.pages.append(item)
    return out


def summary(p: Preview) -> str:
    """Markdown for the job summary. Page text goes in fenced blocks, so nothing a record
    says is read as Markdown or HTML."""
    lines = ["## Pages this pull request changes", ""]
    if not p.pages:
        lines.append("No service or organisation pages change.")
    for item in p.pages:
        if not item.exists:
            lines += [f"### `{item.path}`", "", "This file has no page: it was removed.", ""]
            continue
        lines += [
            f"### {_plain(item.title) or item.page}",
            "",
            f"From `{item.path}`, built as `{item.page}` (in the preview artifact).",
            "",
        ]
        fence = "`" * max(3, _longest_run(item.text) + 1)
        lines += [f"{fence}text", item.text, fence, ""]
    if p.others:
        lines += ["Other changed files: " + ", ".join(f"`{o}`" for o in p.others), ""]
    return "\n".join(lines) + "\n"


def copy_pages(p: Preview, site_dir: Path, out_dir: Path) -> list[Path]:
    """The changed pages and the site's assets, at the same paths as in the site."""
    written: list[Path] = []
    assets = site_dir / "assets"
    if assets.is_dir():
        shutil.copytree(assets, out_dir / "assets", dirs_exist_ok=True)
    for item in p.pages:
        if not item.exists or item.page is None:
            continue
        rel = PurePosixPath(item.page)
        target = out_dir / safe_relpath(str(rel))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site_dir / safe_relpath(str(rel)), target)
        written.append(target)
    return written


def _plain(text: str) -> str:
    return re.sub(r"[\\`*_{}\[\]<>()#+!|]", lambda m: "\\" + m.group(), text)


def _longest_run(text: str) -> int:
    return max((len(m) for m in re.findall(r"`+", text)), default=0)
