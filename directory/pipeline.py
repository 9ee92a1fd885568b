"""The build, as one pipeline: read and check the content, model the site for the build date,
render every page and search shard, publish the lot atomically.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .content import read_content
from .model import Site, build_site
from .problems import Problem, errors
from .publish import AtomicOutput, write_file
from .render import (
    STATIC,
    Renderer,
    make_env,
    read_static_pages,
    robots,
    sitemap,
    static_assets,
)
from .search import Terms, build_shard, service_terms, shards


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
        _publish(
            site,
            renderer,
            assets,
            static_pages,
            out_dir,
            result,
            progress,
            jobs or os.cpu_count() or 1,
        )
    except jinja2.TemplateError as e:
        result.problems.append(template_problem(e, templates_dir))
        result.seconds = time.perf_counter() - started
        return result
    result.site = site
    result.seconds = time.perf_counter() - started
    return result


# What worker processes need. They are forked after it is set, so they inherit it instead of
# receiving a pickled copy of the whole site.
_WORK: dict[str, Any] = {}


def _render_chunk(task_ids: list[int]) -> list[tuple[str, int]]:
    renderer: Renderer = _WORK["renderer"]
    tasks = _WORK["tasks"]
    written = []
    for i in task_ids:
        path, data = renderer.render(tasks[i])
        write_file(_WORK["root"], path, data)
        written.append((path, len(data)))
    return written


def _terms_chunk(service_ids: list[int]) -> dict[str, Terms]:
    services = _WORK["renderer"].site.services
    return {services[i].id: service_terms(services[i]) for i in service_ids}


def _shard(name: str) -> list[tuple[str, int]]:
    site = _WORK["renderer"].site
    services = _WORK["shards"][name]
    written = []
    for path, data in build_shard(site, name, services, _WORK["terms"]):
        write_file(_WORK["root"], path, data)
        written.append((path, len(data)))
    return written


def _chunks(n: int, size: int) -> list[list[int]]:
    return [list(range(i, min(i + size, n))) for i in range(0, n, size)]


def _run(fn: Callable[[Any], Any], items: list[Any], jobs: int) -> Iterator[Any]:
    """fn over items, in worker processes forked now (or in this one when jobs is 1)."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        yield from pool.map(fn, items)


def _publish(
    site: Site,
    renderer: Renderer,
    assets: dict[str, tuple[str, bytes]],
    static_pages: list[tuple[str, str, str]],
    out_dir: Path,
    result: BuildResult,
    progress: Progress | None,
    jobs: int,
) -> None:
    tasks = renderer.tasks(static_pages)
    with AtomicOutput(out_dir) as out:
        for _name, (fname, data) in sorted(assets.items()):
            out.write(f"assets/{fname}", data)
        out.write("assets/lunr.LICENSE.txt", (STATIC / "lunr.LICENSE.txt").read_bytes())
        _WORK.update(
            renderer=renderer, tasks=tasks, root=out.tmp, terms={}, shards=dict(shards(site))
        )
        try:
            # Pages, and each service's search terms, spread over the workers in chunks.
            pages: list[str] = []
            for written in _run(_render_chunk, _chunks(len(tasks), 100), jobs):
                for path, size in written:
                    out.record(path, size)
                    pages.append(path)
                if progress:
                    progress(len(pages), len(tasks))
            for part in _run(_terms_chunk, _chunks(len(site.services), 500), jobs):
                _WORK["terms"].update(part)
            # Then the shards, largest first so that the workers finish together.
            names = sorted(_WORK["shards"], key=lambda n: -len(_WORK["shards"][n]))
            for written in _run(_shard, names, jobs):
                for path, size in written:
                    out.record(path, size)
        finally:
            _WORK.clear()
        out.write("sitemap.xml", sitemap(site, sorted(pages)))
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
