"""The build, as one pipeline: read and check the content, model the site for the build date,
make every declared output (outputs.py), publish the lot atomically.

The pipeline knows no kind of output by name: it plans, fingerprints, schedules and reuses
every kind alike from its declaration. With a cache folder, a build redoes only what changed
since the last one (cache.py): an unchanged site is left as it is, and outputs whose
fingerprint is unchanged are hard-linked from the previous site into the new one instead of
being rendered again; a service's search terms are reused while its records are unchanged.
"""

from __future__ import annotations

import datetime as dt
import gc
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

from directory.build import cache
from directory.build.publish import (
    MARKER,
    UPDATING,
    AtomicOutput,
    PublishError,
    StandbyOutput,
    copies,
    published_copy,
    safe_relpath,
    size_of,
    write_file,
)
from directory.outputs import changes, oversight
from directory.outputs import kinds as outputs
from directory.outputs.form import form_assets, form_files
from directory.outputs.render import (
    STATIC,
    Renderer,
    make_env,
    read_static_pages,
    robots,
    sitemap,
    static_assets,
)
from directory.problems import Problem, errors
from directory.records.content import SITE_FILE, TAXONOMY_FILE, read_content
from directory.site import geo
from directory.site.model import Site, build_site


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
    rendered: int = 0  # outputs made afresh (the rest were reused)
    reused: int = 0
    linked: int = 0  # files hard-linked from the published site (the rest were kept or made)
    terms_computed: int = 0  # services whose search terms were worked out (not cached)
    # Search pieces patched from the previous build's (search.patch_piece) in this process
    pieces_patched: int = 0
    # Shards' docs and facets files patched from the previous build's (search.patch_docs)
    search_files_patched: int = 0
    # Shards whose pieces' refs were found from every service's words (not the previous
    # build's, moved for the changed services)
    search_refs_made: int = 0
    # Worker processes forked to render outputs (none when there is little to render)
    render_workers: int = 0
    # Kind name -> outputs of the kind rendered in forked workers (the rest: in this process)
    rendered_in_workers: dict[str, int] = field(default_factory=dict)
    # Part name (outputs.PARTS) -> services whose part was worked out (not cached)
    parts_computed: dict[str, int] = field(default_factory=dict)
    work: dict[str, float] = field(default_factory=dict)  # CPU seconds, by kind of output
    # Rows of the build state's sqlite file (cache.py) read before, and written after
    state_rows_read: int = 0
    state_rows_written: int = 0
    watch: oversight.Watch | None = None  # what changed since the previous build

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
    previous: Path | None = None,
) -> BuildResult:
    """Build the site into out_dir. background_cleanup: remove the previous site in a
    separate process after the swap, instead of waiting for it (the command line does).
    previous: a folder holding the previous build's change record (changes.py), to report
    what changed since; None makes this build the baseline."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    code = cache.code_fingerprint(templates_dir)
    state = cache.load(cache_dir) if cache_dir else None
    inputs = ""
    if state is not None:
        inputs = cache.digest(
            code,
            today,
            cache.stat_fingerprint(_content_files(content_dir)),
            _previous_fingerprint(previous, out_dir),
        )
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
    env = make_env([templates_dir] if templates_dir else [])
    assets = static_assets(
        {
            "lunr.min.js": (STATIC / "lunr.min.js").read_bytes(),
            "search.js": (STATIC / "search.js").read_bytes(),
            "normalise.js": (STATIC / "normalise.js").read_bytes(),
            "schedule.js": (STATIC / "schedule.js").read_bytes(),
            "list.js": (STATIC / "list.js").read_bytes(),
            **form_assets(),
        }
    )
    assets["lunr.LICENSE.txt"] = ("lunr.LICENSE.txt", (STATIC / "lunr.LICENSE.txt").read_bytes())
    assets.update(form_files())
    renderer = Renderer(site, env, {name: fname for name, (fname, _) in assets.items()})
    static_pages = {
        slug: (title, body) for slug, title, body in read_static_pages(content_dir / "pages")
    }
    made = outputs.Build(site, renderer, static_pages, assets)
    made.places = geo.site_places(site, cache_dir)
    site_file, taxonomy = (_read(content_dir / n) for n in (SITE_FILE, TAXONOMY_FILE))
    settings = {
        "site": cache.digest(site_file),
        "taxonomy": cache.digest(taxonomy),
        "today": today.isoformat(),
    }
    job = _Job(
        made=made,
        out_dir=out_dir,
        result=result,
        previous=state,
        can_link=state is not None and _same_site(out_dir, state),
        shas=content.shas,
        jobs=jobs,
        progress=progress,
        background_cleanup=background_cleanup,
    )
    _fill_parts(job, code, settings)
    memberships = outputs.shard_memberships(made, code)
    rows_context = cache.digest(code, sorted(settings.items()), made.places.key)
    made.previous_search = _previous_search(job, memberships, rows_context)
    changed = _changed_services(job, previous)
    made.watch = result.watch = oversight.watch(site, previous, changed)
    units = job.units = plan(made, code, settings, content.shas)
    result.search_refs_made = made.refs_made
    result.timings["model"] = time.perf_counter() - started - sum(result.timings.values())
    try:
        _publish(job)
    except (jinja2.TemplateError, TemplateFailed) as e:
        problem = e.args[0] if isinstance(e, TemplateFailed) else template_problem(e, templates_dir)
        result.problems.append(problem)
        result.seconds = time.perf_counter() - started
        return result
    except BaseException:
        cache.forget(cache_dir)
        raise
    result.site = site
    if made.previous_search is not None:
        result.pieces_patched = made.previous_search.patched
        result.search_files_patched = made.previous_search.files_patched
    if state is not None:
        state.inputs = inputs
        state.outputs = {name: unit.fingerprint for name, unit in units.items()}
        state.search_shards = memberships
        state.search_rows = rows_context
        state.search_refs = outputs.search_refs(made)
        state.summary = {
            "out": str(out_dir.absolute()),
            "marker": _marker_stamp(out_dir),
            "counts": {"pages": result.pages, "files": result.files, "bytes": result.bytes},
        }
        cache.save(cache_dir, state)
        result.state_rows_read, result.state_rows_written = state.rows_read, state.rows_written
    result.seconds = time.perf_counter() - started
    return result


def _previous_search(
    job: _Job, memberships: dict[str, str], rows_context: str
) -> outputs.PreviousSearch | None:
    """What the search files can be patched from: the published site, when this build may
    trust it (it is the one the state describes), for the shards whose services are the
    same as then, if every service whose words changed had words then (else None); its
    docs and facets rows too when the code, the settings, the date and the places (
    rows_context) are the same as then."""
    previous = job.previous
    if previous is None or not job.can_link or None in job.old_words.values():
        return None
    same = frozenset(n for n, d in memberships.items() if previous.search_shards.get(n) == d)
    rows_same = bool(previous.search_rows) and previous.search_rows == rows_context
    return outputs.PreviousSearch(
        job.out_dir, same, dict(job.old_words), refs=previous.search_refs, rows_same=rows_same
    )


def _changed_services(job: _Job, previous: Path | None) -> list[Any] | None:
    """The services whose records changed since the previous build, when that build
    published the folder `previous` (the output folder, which the state describes) with
    the same services, code, settings, date and places: what the change record need
    compare (else None: every service)."""
    prev = job.made.previous_search
    if previous is None or previous.absolute() != job.out_dir.absolute():
        return None
    if prev is None or not prev.rows_same or outputs.COUNTY_SHARD not in prev.shards:
        return None
    if len(prev.words) > outputs.PATCH_MAX:
        return None
    by_id = job.made.lists.by_id
    return [by_id[sid] for sid in prev.words]


def _content_files(content_dir: Path) -> list[str]:
    return [
        os.path.join(root, name) for root, _dirs, files in os.walk(content_dir) for name in files
    ]


def _previous_fingerprint(previous: Path | None, out_dir: Path) -> str:
    """The previous build's change record, when it is not this output folder's own (whose
    files each build replaces, so they cannot tell whether anything else changed)."""
    if previous is None or previous.absolute() == out_dir.absolute():
        return str(previous is None)
    return cache.stat_fingerprint(changes.record_files(previous))


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


@dataclass(frozen=True)
class Unit:
    """One output of one kind, with the fingerprint of everything it is made from."""

    kind: str
    key: Any
    fingerprint: str


def plan(
    made: outputs.Build, code: str, settings: dict[str, str], shas: dict[str, str]
) -> dict[str, Unit]:
    """Every output of every declared kind, by name (Kind.unit), each with a fingerprint:
    SHA-256 of the code, the kind, the key, the settings the kind names and what its
    made_from lists (records by their files' hashes, other values by repr)."""
    records = made.records = outputs.record_fingerprints(made.site, shas)
    units: dict[str, Unit] = {}
    for kind in outputs.kind_by_name().values():
        shared = cache.digest(code, kind.name, [settings[s] for s in sorted(kind.settings)])
        for key in kind.keys(made):
            name = kind.unit(key)
            if name in units:
                raise ValueError(f"two outputs are both called {name!r}")
            deps = [outputs.depends(d, records) for d in kind.made_from(made, key)]
            units[name] = Unit(kind.name, key, cache.digest(shared, key, deps))
    return units


# What worker processes need. They are forked after it is set, so they inherit it instead of
# receiving a pickled copy of the whole site.
_WORK: dict[str, Any] = {}
Written = list[tuple[str, list[tuple[str, int]], float]]  # [(unit, [(path, size)], CPU s)]


class TemplateFailed(Exception):
    """A template error, as the problem naming its file and line: made where it happened,
    because a worker process's traceback (which names them) does not reach this one."""


def _render_chunk(chunk: list[tuple[str, str, Any]]) -> tuple[int, Written]:
    """Render some outputs and write their files; (the process id, what was written)."""
    made: outputs.Build = _WORK["made"]
    kinds: dict[str, outputs.Kind] = _WORK["kinds"]
    out = []
    for unit, kind, key in chunk:
        began = time.process_time()
        written = []
        try:
            files = kinds[kind].render(made, key)
        except jinja2.TemplateError as e:
            raise TemplateFailed(template_problem(e, None)) from None
        for path, data in files:
            write_file(_WORK["root"], path, data, _WORK["replace"])
            written.append((path, size_of(data)))
        out.append((unit, written, time.process_time() - began))
    return os.getpid(), out


def _part_chunk(service_ids: list[str]) -> tuple[dict[str, Any], float]:
    """One part of some services (in a worker process), and the CPU seconds it took."""
    began = time.process_time()
    made: outputs.Build = _WORK["made"]
    part: outputs.Part = _WORK["part"]
    by_id = made.lists.by_id
    return {sid: part.make(made, by_id[sid]) for sid in service_ids}, time.process_time() - began


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _schedule(work: list[tuple[int, tuple[str, str, Any]]], size: int) -> list[list[Any]]:
    """Outputs into chunks of about `size` cost, the costliest first, so the workers finish
    together; an output costing more than a chunk is a chunk of its own."""
    chunks: list[list[Any]] = []
    current: list[Any] = []
    weight = 0
    for cost, item in sorted(work, key=lambda w: -w[0]):
        current.append(item)
        weight += cost
        if weight >= size:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def _run(
    fn: Callable[[Any], Any], items: list[Any], jobs: int, local: list[Any] | None = None
) -> Iterator[Any]:
    """fn over items, with jobs - 1 worker processes forked now and this process as the last
    worker (it would otherwise sit waiting, holding as much memory as any of them). local:
    more items that only this process runs (first, while the workers take the others), for
    work that reads what the workers should not touch. Results come in the order they
    finish; callers do not depend on it."""
    mine = deque(local or [])
    if jobs <= 1 or len(items) + min(len(mine), 1) <= 1:
        yield from map(fn, [*mine, *items])
        return
    pending = deque(items)
    ctx = multiprocessing.get_context("fork")
    # What this process holds is left out of garbage collection while workers share it: a
    # collection in a worker would write to every object's header, copying every page of
    # the parent's memory into the worker's own (at 10,000 services, hundreds of MB each).
    gc.freeze()
    try:
        yield from _pooled(fn, pending, mine, jobs, ctx)
    finally:
        gc.unfreeze()


def _pooled(
    fn: Callable[[Any], Any], pending: deque[Any], mine: deque[Any], jobs: int, ctx: Any
) -> Iterator[Any]:
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=ctx) as pool:
        running: set[Future[Any]] = set()
        while pending or running or mine:
            # Keep each worker one item ahead, so it never waits for this process.
            while pending and len(running) < 2 * (jobs - 1):
                running.add(pool.submit(fn, pending.popleft()))
            if mine:
                yield fn(mine.popleft())
            elif pending:
                yield fn(pending.popleft())
            finished = {f for f in running if f.done()}
            if not pending and not mine and not finished and running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.discard(future)
                yield future.result()


def _link_previous(
    old_root: Path, new_root: Path, files: list[str], replace: bool = False
) -> int | None:
    """Hard-link a unit's files from the published site into the new one; their total size,
    or None if any is missing (then the unit is made afresh). replace: a file of that name
    may be there already."""
    total = 0
    for rel in files:
        src, dst = old_root / safe_relpath(rel), new_root / rel
        try:
            total += src.stat().st_size
            if replace:
                dst.unlink(missing_ok=True)
            try:
                os.link(src, dst)
            except FileNotFoundError:
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.link(src, dst)
        except OSError:
            return None
    return total


@dataclass
class _Job:
    """One publication: the outputs planned, where they go, what the last build left."""

    made: outputs.Build
    out_dir: Path
    result: BuildResult
    previous: cache.State | None
    can_link: bool
    shas: dict[str, str]  # content file -> SHA-256 of its bytes
    jobs: int
    progress: Progress | None
    background_cleanup: bool
    units: dict[str, Unit] = field(default_factory=dict)
    # Service id -> its search words in the previous build (None: it had none), for the
    # services whose words were worked out again
    old_words: dict[str, Any] = field(default_factory=dict)


def _fill_parts(job: _Job, code: str, settings: dict[str, str]) -> None:
    """Fill job.made.parts with every part (outputs.PARTS) a declared kind reads: from the
    cache while the service's key (its record files, the settings the part names, the code)
    is unchanged, else worked out afresh (in parallel)."""
    started = time.perf_counter()
    made, previous = job.made, job.previous
    needed = {name for kind in outputs.KINDS for name in kind.parts}
    computed, work = job.result.parts_computed, job.result.work
    for part in outputs.PARTS:
        if part.name not in needed:
            continue
        label = f"parts: {part.name}"  # CPU seconds in the report, beside the outputs'
        salt = cache.digest(code, part.name, [settings[s] for s in sorted(part.settings)])
        old = previous.parts.get(part.name, {}) if previous is not None else {}
        values = made.parts.setdefault(part.name, {})
        kept: dict[str, tuple[str, Any]] = {}
        missing = []
        for sv in part.services(made):
            key = cache.digest(salt, job.shas.get(sv.file), job.shas.get(sv.organisation.file))
            cached = old.get(sv.id)
            if cached is not None and cached[0] == key:
                values[sv.id] = cached[1]
                kept[sv.id] = cached
            else:
                missing.append((sv.id, key))
        _WORK.update(made=made, part=part)
        try:
            ids = [sid for sid, _ in missing]
            for chunk, cpu in _run(_part_chunk, _chunks(ids, 250), job.jobs):
                values.update(chunk)
                work[label] = work.get(label, 0.0) + cpu
        finally:
            _WORK.clear()
        for sid, key in missing:
            kept[sid] = (key, values[sid])
            if part.name == "words":  # what the published search pieces were made from
                was = old.get(sid)
                job.old_words[sid] = was[1] if was is not None else None
        computed[part.name] = len(missing)
        if previous is not None:
            previous.parts[part.name] = kept
    job.result.terms_computed = computed.get("words", 0)
    job.result.timings["parts"] = time.perf_counter() - started


def _output(job: _Job) -> tuple[AtomicOutput | StandbyOutput, dict[str, Any]]:
    """Where this build writes, and what is already there: the standby copy of the site
    when the last build left it complete and the state says what it holds, else a new
    folder (a plain folder without a cache, one of the two copies with one)."""
    previous = job.previous
    if previous is None:
        return AtomicOutput(job.out_dir, job.background_cleanup), {}
    published = published_copy(job.out_dir)
    if job.can_link and published is not None and previous.standby:
        copy = next(c for c in copies(job.out_dir) if c != published)
        if (copy / MARKER).exists() and not (copy / UPDATING).exists():
            return StandbyOutput(job.out_dir, copy), previous.standby
    return AtomicOutput(job.out_dir, job.background_cleanup, linked=True), {}


# Outputs costing at most this much in all (Kind.cost; a page is 1) are rendered in this
# process rather than in forked workers: a one-record change at 10,000 services costs
# about 700, a cold build about 40,000.
INLINE_COST = 2000


def _publish(job: _Job) -> None:
    """Write every planned output and swap the result in: outputs the target already holds
    are left as they are, others the published site has are hard-linked from it, the rest
    are rendered in worker processes."""
    result, previous = job.result, job.previous
    kinds = outputs.kind_by_name()
    out, held = _output(job)
    standby = isinstance(out, StandbyOutput)
    with out:
        files: dict[str, list[str]] = {}
        sizes: dict[str, int] = {}
        started_reuse = time.perf_counter()
        render: list[tuple[str, str, Any]] = []
        for name, unit in job.units.items():
            there = held.get(name)
            if there is not None and there[0] == unit.fingerprint:
                files[name], sizes[name] = there[1], there[2]
                for rel in there[1]:
                    out.record(rel, 0)
                out.bytes += there[2]
                result.reused += 1
                continue
            old = previous.files.get(name) if previous is not None and job.can_link else None
            if old and previous is not None and previous.outputs.get(name) == unit.fingerprint:
                size = _link_previous(job.out_dir, out.tmp, old, standby)
                if size is not None:
                    result.linked += len(old)
                    files[name], sizes[name] = old, size
                    for rel in old:
                        out.record(rel, 0)
                    out.bytes += size
                    result.reused += 1
                    continue
            render.append((name, unit.kind, unit.key))
        result.timings["reuse"] = time.perf_counter() - started_reuse
        _WORK.update(made=job.made, kinds=kinds, root=out.tmp, replace=standby)
        try:
            mark = time.perf_counter()
            work = []
            for item in render:
                cost = kinds[item[1]].cost
                work.append((cost(job.made, item[2]) if cost else 1, item))
            done = 0
            # A fork is not free: the worker copies every page of the parent's memory it
            # touches (reference counts), which costs more than a few hundred outputs.
            jobs = job.jobs if sum(cost for cost, _ in work) > INLINE_COST else 1
            # Kinds that read the services' parts (search words, API fragments: every
            # service's, for county-wide files) are rendered here only, so that the
            # workers never touch the parts and share them instead of copying them.
            here = [w for w in work if kinds[w[1][1]].parts]
            chunks = _schedule([w for w in work if not kinds[w[1][1]].parts], 100)
            local = _schedule(here, 100)
            result.render_workers = jobs - 1 if len(chunks) + min(len(local), 1) > 1 else 0
            me = os.getpid()
            for pid, written in _run(_render_chunk, chunks, jobs, local):
                if pid != me:
                    for name, _paths, _cpu in written:
                        kind = job.units[name].kind
                        result.rendered_in_workers[kind] = (
                            result.rendered_in_workers.get(kind, 0) + 1
                        )
                for name, paths, cpu in written:
                    files[name] = [p for p, _ in paths]
                    sizes[name] = sum(size for _, size in paths)
                    for path, size in paths:
                        out.record(path, size)
                    kind = job.units[name].kind
                    result.work[kind] = result.work.get(kind, 0.0) + cpu
                done += len(written)
                if job.progress:
                    job.progress(done, len(render))
            result.timings["render"] = time.perf_counter() - mark
        finally:
            _WORK.clear()
        result.rendered = len(render)
        finishing = time.perf_counter()
        if len(set(out.written)) != len(out.written):
            seen: set[str] = set()
            twice = sorted({p for p in out.written if p in seen or seen.add(p)})  # type: ignore[func-returns-value]
            raise PublishError(f"two outputs write the same file: {', '.join(twice[:5])}")
        pages = sorted(
            path
            for name, unit in job.units.items()
            if kinds[unit.kind].sitemap
            for path in files[name]
            if path.endswith(".html")
        )
        out.write("sitemap.xml", sitemap(job.made.site, pages))
        out.write("robots.txt", robots(job.made.site))
        if isinstance(out, StandbyOutput):
            out.remove_others({rel for _fp, paths, _size in held.values() for rel in paths})
        result.pages = len(pages)
        result.files = len(out.written)
        result.bytes = out.bytes
        if previous is not None:
            if standby:
                # What is published now becomes the copy the next build updates.
                previous.standby = {
                    name: (fp, previous.files[name], previous.sizes.get(name, 0))
                    for name, fp in previous.outputs.items()
                    if name in previous.files
                }
            else:  # the other copy is made of links to this one
                previous.standby = {
                    name: (job.units[name].fingerprint, paths, sizes[name])
                    for name, paths in files.items()
                }
            previous.files, previous.sizes = files, sizes
    result.timings["publish"] = time.perf_counter() - finishing


def _template_frame(e: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error was raised in: Jinja rewrites tracebacks so that
    template frames carry the template's file name."""
    name, line = None, None
    tb = e.__traceback__
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith((".html", ".xml", ".txt")):
            name, line = fname, tb.tb_lineno
        tb = tb.tb_next
    return name, line


def template_problem(e: jinja2.TemplateError, templates_dir: Path | None) -> Problem:
    """A template error as a problem naming the template file and line."""
    name, line = getattr(e, "filename", None), getattr(e, "lineno", None)
    if not name:
        name, line = _template_frame(e)
    shown = name or "templates"
    if name:
        try:
            shown = os.path.relpath(name)
        except ValueError:  # pragma: no cover
            shown = name
    return Problem(shown, line or 1, "", f"{e.message or e}" if hasattr(e, "message") else str(e))
