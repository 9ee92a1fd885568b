"""The build, as one pipeline: read and check the content, model the site for the build date,
render every page and search shard, publish the lot atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .content import read_content
from .model import Site, build_site
from .problems import Problem, errors
from .publish import AtomicOutput
from .render import (
    STATIC,
    Renderer,
    make_env,
    read_static_pages,
    robots,
    sitemap,
    static_assets,
)
from .search import build_search


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.site is not None and not errors(self.problems)


Progress = Callable[[int, int], None]


def build(
    content_dir: Path,
    out_dir: Path,
    today: dt.date,
    templates_dir: Path | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildResult:
    started = time.perf_counter()
    content = read_content(content_dir, today, jobs=jobs)
    result = BuildResult(problems=content.problems)
    if not content.ok or content.config is None:
        result.seconds = time.perf_counter() - started
        return result
    site = build_site(
        content.config, content.categories, content.organisations, content.services, today
    )
    env = make_env([templates_dir] if templates_dir else [])
    pkg = STATIC
    assets = static_assets(
        {
            "lunr.min.js": (pkg / "lunr.min.js").read_bytes(),
            "search.js": (pkg / "search.js").read_bytes(),
        }
    )
    renderer = Renderer(site, env, {name: fname for name, (fname, _) in assets.items()})
    static_pages = read_static_pages(content_dir / "pages")
    try:
        _publish(site, renderer, assets, static_pages, out_dir, result, progress)
    except jinja2.TemplateError as e:
        result.problems.append(template_problem(e, templates_dir))
        result.seconds = time.perf_counter() - started
        return result
    result.site = site
    result.seconds = time.perf_counter() - started
    return result


def _publish(
    site: Site,
    renderer: Renderer,
    assets: dict[str, tuple[str, bytes]],
    static_pages: list[tuple[str, str, str]],
    out_dir: Path,
    result: BuildResult,
    progress: Progress | None,
) -> None:
    pkg = STATIC
    total = (
        1
        + len(site.config.districts)
        + len(site.categories)
        + len(site.services)
        + len(site.organisations)
        + 3
        + len(static_pages)
    )
    with AtomicOutput(out_dir) as out:
        for _name, (fname, data) in sorted(assets.items()):
            out.write(f"assets/{fname}", data)
        out.write("assets/lunr.LICENSE.txt", (pkg / "lunr.LICENSE.txt").read_bytes())
        pages: list[str] = []
        for i, (path, data) in enumerate(renderer.all_pages(static_pages), 1):
            out.write(path, data)
            pages.append(path)
            if progress and i % 200 == 0:
                progress(i, total)
        for path, data in build_search(site):
            out.write(path, data)
        out.write("sitemap.xml", sitemap(site, pages))
        out.write("robots.txt", robots(site))
        result.pages = len(pages)
        result.files = len(out.written)
        result.bytes = out.bytes


def template_problem(e: jinja2.TemplateError, templates_dir: Path | None) -> Problem:
    """A template error as a problem naming the template file and line."""
    name, line = getattr(e, "filename", None), getattr(e, "lineno", None)
    if not name:
        # Jinja rewrites tracebacks so that template frames carry the template's file name.
        tb = e.__traceback__
        while tb is not None:
            fname = tb.tb_frame.f_code.co_filename
            if fname.endswith((".html", ".xml", ".txt")):
                name, line = fname, tb.tb_lineno
            tb = tb.tb_next
    shown = name or "templates"
    if name:
        try:
            shown = os.path.relpath(name)
        except ValueError:  # pragma: no cover
            shown = name
    return Problem(shown, line or 1, "", f"{e.message or e}" if hasattr(e, "message") else str(e))
