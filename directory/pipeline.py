"""The build, as one pipeline: read and check the content, model the site for the build date,
render every page and search shard, publish the lot atomically.

With a cache folder, a build redoes only what changed since the last one (cache.py): an
unchanged site is left as it is, and unchanged pages and shards are hard-linked from the
previous site into the new one instead of being rendered again.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import cache, geo
from .content import SITE_FILE, TAXONOMY_FILE, read_content
from .model import Site, build_site
from .problems import Problem, errors
from .publish import MARKER, AtomicOutput, safe_relpath, write_file
from .render import (
    STATIC,
    Renderer,
    make_env,
    read_static_pages,
    robots,
    sitemap,
    static_assets,
)
from .search import Terms, bank_holidays, build_shard, service_terms, shards


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    unchanged: bool = False  # nothing changed since the last build: the site was left as is
    timings: dict[str, float] = field(default_factory=dict)  # seconds, by stage
    rendered: int = 0  # pages and shards made afresh (the rest were reused)
    reused: int = 0

    @property
    def ok(self) -> bool:
        return (self.site is not None or self.unchanged) and not errors(self.problems)


Progress = Callable[[int, int], None]


def build(
    content_dir: Path,
    out_dir: Path,
    today: dt.date,
    templates_dir: Path | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
    background_cleanup: bool = False,
) -> BuildResult:
    """Build the site into out_dir. background_cleanup: remove the previous site in a
    separate process after the swap, instead of waiting for it (the command line does)."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    code = cache.code_fingerprint(templates_dir)
    state = cache.load(cache_dir) if cache_dir else None
    inputs = ""
    if state is not None:
        inputs = cache.digest(code, today, cache.stat_fingerprint(_content_files(content_dir)))
        if state.inputs == inputs and _same_site(out_dir, state):
            result = BuildResult(unchanged=True, **state.summary.get("counts", {}))
            result.seconds = time.perf_counter() - started
            return result
        cache.load_big(cache_dir, state)
    content = read_content(content_dir, today, jobs=jobs, cache=state, salt=code)
    result = BuildResult(problems=content.problems)
    result.timings["read and check"] = time.perf_counter() - started
    if not content.ok or content.config is None:
        if state is not None:
            cache.save(cache_dir, state)  # keeps what was checked; the site is unchanged
        result.seconds = time.perf_counter() - started
        return result
    site = build_site(
        content.config, content.categories, content.organisations, content.services, today
    )
    places = geo.site_places(site, cache_dir)
    env = make_env([templates_dir] if templates_dir else [])
    assets = static_assets(
        {
            "lunr.min.js": (STATIC / "lunr.min.js").read_bytes(),
            "search.js": (STATIC / "search.js").read_bytes(),
            "normalise.js": (STATIC / "normalise.js").read_bytes(),
            "schedule.js": (STATIC / "schedule.js").read_bytes(),
        }
    )
    renderer = Renderer(site, env, {name: fname for name, (fname, _) in assets.items()})
    static_pages = read_static_pages(content_dir / "pages")
    settings = [_read(content_dir / n) for n in (SITE_FILE, TAXONOMY_FILE)]
    shared = cache.digest(code, today, *settings, static_pages, places.version)
    units = fingerprints(site, renderer.tasks(static_pages), content.shas, shared)
    result.timings["model"] = time.perf_counter() - started - sum(result.timings.values())
    # A service's search terms depend on its record, its organisation's name, the taxonomy
    # and the districts; not on the date.
    words = cache.digest(code, *settings)
    terms_keys = {
        sv.id: cache.digest(
            words, content.shas.get(sv.file), content.shas.get(sv.organisation.file)
        )
        for sv in site.services
    }
    can_link = state is not None and _same_site(out_dir, state)
    try:
        _publish(
            site,
            renderer,
            assets,
            static_pages,
            out_dir,
            result,
            progress,
            jobs,
            units,
            state,
            can_link,
            terms_keys,
            background_cleanup,
            places,
        )
    except jinja2.TemplateError as e:
        result.problems.append(template_problem(e, templates_dir))
        result.seconds = time.perf_counter() - started
        return result
    except BaseException:
        cache.forget(cache_dir)
        raise
    result.site = site
    if state is not None:
        state.inputs = inputs
        state.outputs = {unit: fp for unit, (fp, _task) in units.items()}
        state.summary = {
            "out": str(out_dir.absolute()),
            "marker": _marker_stamp(out_dir),
            "counts": {"pages": result.pages, "files": result.files, "bytes": result.bytes},
        }
        cache.save(cache_dir, state)
    result.seconds = time.perf_counter() - started
    return result


def _content_files(content_dir: Path) -> list[Path]:
    return [Path(root) / name for root, _dirs, files in os.walk(content_dir) for name in files]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _marker_stamp(out_dir: Path) -> int:
    try:
        return (out_dir / MARKER).stat().st_mtime_ns
    except OSError:
        return -1


def _same_site(out_dir: Path, state: cache.State) -> bool:
    """The output folder is the one the cached build published, untouched since."""
    return (
        state.summary.get("out") == str(out_dir.absolute())
        and state.summary.get("marker") == _marker_stamp(out_dir) != -1
    )


Unit = tuple[str, tuple[str, Any]]  # (fingerprint, task)


def fingerprints(
    site: Site, tasks: list[tuple[str, Any]], shas: dict[str, str], shared: str
) -> dict[str, Unit]:
    """Every page and shard, with a fingerprint of everything it shows: the shared inputs
    (code, templates, configuration, taxonomy, static pages, date) and the records in it."""
    svc = {
        sv.id: shas.get(sv.file, "") + shas.get(sv.organisation.file, "") for sv in site.services
    }
    everything = cache.digest(
        sorted(svc.items()), sorted(shas.get(o.file, "") for o in site.organisations.values())
    )
    # Who is in which list, in one pass (asking the site per list is quadratic).
    by_district: dict[str, list[str]] = {}
    by_category: dict[str, list[str]] = {}
    for sv in site.services:
        for d in sv.areas_served:
            by_district.setdefault(d.slug, []).append(svc[sv.id])
        for c in sv.categories:
            by_category.setdefault(c.id, []).append(svc[sv.id])
    units: dict[str, Unit] = {}
    for task in tasks:
        kind, key = task
        if kind == "service":
            sv = site.services[key]
            units[f"service:{sv.id}"] = (cache.digest(shared, svc[sv.id]), task)
        elif kind == "organisation":
            org = site.organisations[key]
            deps = [shas.get(org.file, "")] + [svc[s.id] for s in org.services]
            units[f"organisation:{key}"] = (cache.digest(shared, deps), task)
        elif kind == "district":
            d = site.config.districts[key]
            deps = by_district.get(d.slug, [])
            units[f"district:{d.slug}"] = (cache.digest(shared, deps), task)
        elif kind == "category":
            c = site.categories[key]
            deps = by_category.get(c.id, [])
            units[f"category:{c.id}"] = (cache.digest(shared, deps), task)
        elif kind == "district-category":
            slug, cid = key
            deps = sorted(set(by_district.get(slug, [])) & set(by_category.get(cid, [])))
            units[f"district-category:{slug}:{cid}"] = (cache.digest(shared, deps), task)
        elif kind == "a-z-letter":
            units[f"a-z:{key}"] = (cache.digest(shared, everything), task)
        elif kind == "static":
            units[f"static:{key[0]}"] = (cache.digest(shared), task)
        elif kind == "404":
            units["404"] = (cache.digest(shared), task)
        else:  # home, a-z, search: counts and lists of everything
            units[kind] = (cache.digest(shared, everything), task)
    for name, services in shards(site):
        deps = [svc[s.id] for s in services]
        units[f"shard:{name}"] = (cache.digest(shared, deps), ("shard", name))
    return units


# What worker processes need. They are forked after it is set, so they inherit it instead of
# receiving a pickled copy of the whole site.
_WORK: dict[str, Any] = {}
Written = list[tuple[str, list[tuple[str, int]]]]  # [(unit, [(path, size)])]


def _render_chunk(units: list[tuple[str, tuple[str, Any]]]) -> Written:
    renderer: Renderer = _WORK["renderer"]
    out = []
    for unit, task in units:
        path, data = renderer.render(task)
        write_file(_WORK["root"], path, data)
        out.append((unit, [(path, len(data))]))
    return out


def _terms_chunk(service_ids: list[int]) -> dict[str, Terms]:
    services = _WORK["renderer"].site.services
    return {services[i].id: service_terms(services[i]) for i in service_ids}


def _shard(unit_name: tuple[str, str]) -> Written:
    unit, name = unit_name
    site = _WORK["renderer"].site
    written = []
    shard_files = build_shard(site, name, _WORK["shards"][name], _WORK["terms"], _WORK["places"])
    for path, data in shard_files:
        write_file(_WORK["root"], path, data)
        written.append((path, len(data)))
    return [(unit, written)]


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run(fn: Callable[[Any], Any], items: list[Any], jobs: int) -> Iterator[Any]:
    """fn over items, with jobs - 1 worker processes forked now and this process as the last
    worker (it would otherwise sit waiting, holding as much memory as any of them). Results
    come in the order they finish; callers do not depend on it."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    pending = deque(items)
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx) as pool:
        running: set[Future[Any]] = set()
        while pending or running:
            # Keep each worker one item ahead, so it never waits for this process.
            while pending and len(running) < 2 * (jobs - 1):
                running.add(pool.submit(fn, pending.popleft()))
            if pending:
                yield fn(pending.popleft())
            finished = {f for f in running if f.done()}
            if not pending and not finished:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.discard(future)
                yield future.result()


def _link_previous(old_root: Path, new_root: Path, files: list[str]) -> int | None:
    """Hard-link a unit's files from the published site into the new one; their total size,
    or None if any is missing (then the unit is made afresh)."""
    total = 0
    for rel in files:
        src, dst = old_root / safe_relpath(rel), new_root / rel
        try:
            total += src.stat().st_size
            try:
                os.link(src, dst)
            except FileNotFoundError:
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.link(src, dst)
        except OSError:
            return None
    return total


def _publish(
    site: Site,
    renderer: Renderer,
    assets: dict[str, tuple[str, bytes]],
    static_pages: list[tuple[str, str, str]],
    out_dir: Path,
    result: BuildResult,
    progress: Progress | None,
    jobs: int,
    units: dict[str, Unit],
    previous: cache.State | None,
    can_link: bool,
    terms_keys: dict[str, str],
    background_cleanup: bool = False,
    places: geo.Places = geo.EMPTY,
) -> None:
    with AtomicOutput(out_dir, background_cleanup) as out:
        for rel, data in geo.site_files(places):
            out.write(rel, data)
        out.write("search/bank-holidays.json", bank_holidays(site.today))
        for _name, (fname, data) in sorted(assets.items()):
            out.write(f"assets/{fname}", data)
        out.write("assets/lunr.LICENSE.txt", (STATIC / "lunr.LICENSE.txt").read_bytes())
        files: dict[str, list[str]] = {}
        started_reuse = time.perf_counter()
        render: list[tuple[str, tuple[str, Any]]] = []
        shard_units: list[tuple[str, str]] = []
        for unit, (fp, task) in units.items():
            old = previous.files.get(unit) if previous is not None and can_link else None
            if old and previous is not None and previous.outputs.get(unit) == fp:
                size = _link_previous(out_dir, out.tmp, old)
                if size is not None:
                    files[unit] = old
                    for rel in old:
                        out.record(rel, 0)
                    out.bytes += size
                    result.reused += 1
                    continue
            if task[0] == "shard":
                shard_units.append((unit, task[1]))
            else:
                render.append((unit, task))
        result.timings["reuse"] = time.perf_counter() - started_reuse
        started_pages = time.perf_counter()
        _WORK.update(
            renderer=renderer, root=out.tmp, terms={}, shards=dict(shards(site)), places=places
        )
        try:
            done = 0
            for written in _run(_render_chunk, _chunks(render, 100), jobs):
                for unit, paths in written:
                    files[unit] = [p for p, _ in paths]
                    for path, size in paths:
                        out.record(path, size)
                done += len(written)
                if progress:
                    progress(done, len(render))
            mark = time.perf_counter()
            result.timings["pages"] = mark - started_pages
            if shard_units:
                # Each service's words once, then the shards, largest first so that the
                # workers finish together.
                wanted = sorted(
                    {
                        i
                        for _, name in shard_units
                        for i in _service_positions(site, _WORK["shards"][name])
                    }
                )
                for part in _run(_terms_chunk, _chunks(wanted, 500), jobs):
                    _WORK["terms"].update(part)
                shard_units.sort(key=lambda u: -len(_WORK["shards"][u[1]]))
                for written in _run(_shard, shard_units, jobs):
                    for unit, paths in written:
                        files[unit] = [p for p, _ in paths]
                        for path, size in paths:
                            out.record(path, size)
            result.timings["search"] = time.perf_counter() - mark
        finally:
            _WORK.clear()
        result.rendered = len(render) + len(shard_units)
        finishing = time.perf_counter()
        pages = sorted(files[u][0] for u in units if not u.startswith("shard:"))
        out.write("sitemap.xml", sitemap(site, pages))
        out.write("robots.txt", robots(site))
        result.pages = len(pages)
        result.files = len(out.written)
        result.bytes = out.bytes
        if previous is not None:
            previous.files = files
    result.timings["publish"] = time.perf_counter() - finishing


def _service_positions(site: Site, services: list[Any]) -> list[int]:
    position = {sv.id: i for i, sv in enumerate(site.services)}
    return [position[sv.id] for sv in services]


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
