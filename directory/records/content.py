"""The content folder -> configuration, categories, organisations, services and problems.

This is the reading half of the pipeline: it finds the files, loads them (load.py) and checks
them (validate.py). Nothing here raises on bad content; every problem is collected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from queue import Empty

from directory.build.cache import Entry, State, digest
from directory.problems import Problem
from directory.records import schema as s
from directory.records.config import Category, Config, categories_from_record
from directory.records.load import DEFAULT_MAX_BYTES, Document, load_file
from directory.records.validate import (
    SLUG,
    Checker,
    Context,
    check_organisation,
    check_service,
    check_slug,
    did_you_mean,
)

SITE_FILE = "site.yaml"
TAXONOMY_FILE = "taxonomy.yaml"
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400


@dataclass
class Content:
    config: Config | None = None
    categories: tuple[Category, ...] = ()
    organisations: dict[str, dict] = field(default_factory=dict)
    services: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shas: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256 of its bytes

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def read_content(
    content_dir: Path,
    today: dt.date,
    only: Iterable[Path] | None = None,
    jobs: int | None = None,
    cache: State | None = None,
    salt: str = "",
    lean: bool = False,
) -> Content:
    """Read and check everything under content_dir (or only some files, with full context).

    With a cache (from the last build), files whose stat or hash has not changed are not read
    again, as long as nothing they are checked against (salt: the code; the context: ids,
    districts, categories, date) has changed either.

    lean=True (for `directory validate`, which makes nothing from the records): every check
    is made as usual, but the services and organisations returned keep only the fields the
    checks across records read (LEAN_SERVICE, LEAN_ORGANISATION, and id, file, district), so
    worker processes send back a tenth of the bytes. Not with a cache, which keeps records.
    """
    if lean and cache is not None:
        raise ValueError("a lean read keeps no whole records to cache")
    content_dir = content_dir.resolve()
    out = Content()

    cwd = os.getcwd()
    below = os.path.join(cwd, "")

    def rel(p: Path) -> str:
        """The path as messages show it: relative to where the command was run."""
        text = str(p)
        if text.startswith(below):  # the usual case, and 10 times quicker than relpath
            return text[len(below) :]
        try:
            return os.path.relpath(text, cwd)
        except ValueError:  # pragma: no cover - another drive on Windows
            return text

    ctx = Context(today=today)
    site_path = content_dir / SITE_FILE
    site_rec = _read_single(site_path, rel(site_path), s.SITE, ctx, out.problems)
    if site_rec is None:
        if not site_path.exists():
            out.problems.append(
                Problem(
                    rel(site_path),
                    1,
                    "",
                    "the site configuration is "
                    "missing; is --content pointing at the content folder?",
                )
            )
        return out
    config = Config.from_record(site_rec)
    out.config = config
    max_bytes = config.max_file_kb * 1024

    tax_path = content_dir / TAXONOMY_FILE
    tax_rec = _read_single(tax_path, rel(tax_path), s.TAXONOMY, ctx, out.problems, max_bytes)
    if tax_rec is None and not tax_path.exists():
        out.problems.append(Problem(rel(tax_path), 1, "", "the category taxonomy is missing"))
    if tax_rec is not None:
        out.categories = categories_from_record(tax_rec)

    org_files = _discover(content_dir / "organisations", 0, rel, out.problems)
    svc_files = _discover(content_dir / "services", 1, rel, out.problems)
    ctx = Context(
        today=today,
        organisations=frozenset(p.stem for p in org_files),
        categories=frozenset(c.id for c in out.categories),
        districts=frozenset(d.slug for d in config.districts),
        site_areas=frozenset(config.areas),
        school_terms=bool(config.school_terms),
        area_name=config.area_name,
    )

    selected: set[Path] | None = None
    if only is not None:
        selected = {Path(p).resolve() for p in only}

    tasks: list[tuple[str, Path, str, str]] = []  # kind, path, shown name, district
    misfiled: set[Path] = set()  # services in a folder that is not a district
    for p in org_files:
        name = rel(p)
        out.problems += check_slug(p.stem, "organisation id (the file name)", name)
        tasks.append(("organisation", p, name, ""))
    for p in svc_files:
        district = p.parent.name
        name = rel(p)
        out.problems += check_slug(p.stem, "service id (the file name)", name)
        if district not in ctx.districts:
            out.problems.append(
                Problem(
                    name,
                    1,
                    "",
                    f"the folder {district!r} is not a district in content/site.yaml"
                    f"{did_you_mean(district, ctx.districts)}; allowed: "
                    + ", ".join(sorted(ctx.districts)),
                )
            )
            # Still checked, so its other problems are all said at once; never published.
            misfiled.add(p)
        tasks.append(("service", p, name, district))
    if selected is not None:
        out.problems += _not_records(selected, tasks, content_dir, rel, out.problems)
        tasks = [t for t in tasks if t[1].resolve() in selected]

    results = _check_cached(tasks, ctx, max_bytes, jobs, cache, salt, out, lean)
    seen_services: dict[str, str] = {}
    for (kind, path, name, district), (rec, problems) in zip(tasks, results, strict=True):
        out.problems += problems
        if rec is None or path in misfiled:
            continue
        rec["id"] = path.stem
        rec["file"] = name
        if kind == "organisation":
            out.organisations[path.stem] = rec
            continue
        rec["district"] = district
        if path.stem in seen_services:
            out.problems.append(
                Problem(
                    name,
                    1,
                    "",
                    f"the service id {path.stem!r} is also "
                    f"used by {seen_services[path.stem]}; service ids "
                    "must be unique across the county (rename one file)",
                )
            )
            continue
        seen_services[path.stem] = name
        out.services.append(rec)
    if selected is None:
        out.problems += _probable_duplicates(out.services)
    out.services.sort(key=lambda r: r["id"])
    return out


def _read_single(
    path: Path,
    name: str,
    f: s.Field,
    ctx: Context,
    problems: list[Problem],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict | None:
    """Read and check site.yaml or taxonomy.yaml, with the checks particular to each."""
    if not path.exists():
        return None
    doc, load_problems = load_file(path, name, max_bytes)
    problems += load_problems
    if doc is None:
        return None
    if f is s.SITE and isinstance(doc.data.get("areas"), list):
        ctx = Context(today=ctx.today, site_areas=frozenset(str(a) for a in doc.data["areas"]))
    if f is s.TAXONOMY and isinstance(doc.data.get("categories"), list):
        ids = frozenset(
            str(c["id"]) for c in doc.data["categories"] if isinstance(c, dict) and "id" in c
        )
        ctx = Context(today=ctx.today, categories=ids)
    c = Checker(doc, ctx)
    rec = c.check_object(f, doc.data, ())
    if rec is not None:
        items, label, what = (
            ("districts", "slug", "district slug")
            if f is s.SITE
            else ("categories", "id", "category id")
        )
        seen: set[str] = set()
        for i, item in enumerate(rec.get(items) or []):
            ident = (item or {}).get(label)
            if not ident:
                continue
            key = (items, i, label)
            if not SLUG.match(ident) or ident == s.COUNTY:
                c.error(
                    key,
                    f"{what} {ident!r} must use lowercase letters, digits and "
                    "hyphens" + (", and cannot be 'county'" if f is s.SITE else ""),
                )
            elif ident in seen:
                c.error(key, f"{what} {ident!r} is used twice")
            seen.add(ident)
        if f is s.TAXONOMY:
            _check_parents(c, rec.get("categories") or [])
        for i, term in enumerate(rec.get("school_terms") or [] if f is s.SITE else []):
            if term and term.get("starts") and term.get("ends") and term["ends"] < term["starts"]:
                c.error(
                    ("school_terms", i, "ends"),
                    f"{term['ends'].isoformat()} is before the term starts "
                    f"({term['starts'].isoformat()})",
                )
    if rec is not None and f is s.SITE and rec.get("oruk_namespace"):
        try:
            uuid.UUID(rec["oruk_namespace"])
        except ValueError:
            c.error(
                ("oruk_namespace",),
                f"{rec['oruk_namespace']!r} is not a UUID such as "
                "0f8e0d3c-5f0e-4b61-9d4a-2a9f1c6b7e21 (directory init writes one)",
            )
    problems += c.problems
    if rec is None or any(p.severity == "error" for p in c.problems + load_problems):
        return None
    return rec


def _check_parents(c: Checker, categories: list[dict | None]) -> None:
    """A category's parent is another category, and following parents never comes back."""
    parent = {cat["id"]: cat.get("parent") for cat in categories if cat and cat.get("id")}
    for i, cat in enumerate(categories):
        if not cat or not cat.get("parent"):
            continue
        seen = [cat["id"]]
        up = cat["parent"]
        while up is not None and up not in seen:
            seen.append(up)
            up = parent.get(up)
        if up is not None:
            loop = " -> ".join([*seen[seen.index(up) :], up])
            c.error(("categories", i, "parent"), f"categories cannot be their own parents: {loop}")


def _not_records(
    selected: set[Path],
    tasks: list[tuple[str, Path, str, str]],
    content_dir: Path,
    rel: Callable[[Path], str],
    problems: list[Problem],
) -> list[Problem]:
    """An error for each file asked for by name that is no record of content_dir: outside
    it, or inside it but not where services and organisations go (so nothing was checked,
    which must not pass as "0 errors"). Files already reported (wrong place, not .yaml) and
    site.yaml and taxonomy.yaml (always checked) are left alone."""
    known = {t[1].resolve() for t in tasks}
    known |= {(content_dir / SITE_FILE).resolve(), (content_dir / TAXONOMY_FILE).resolve()}
    reported = {p.file for p in problems}
    folder = rel(content_dir)
    where = (
        f"services go in {folder}/services/<district>/<id>.yaml and organisations in "
        f"{folder}/organisations/<id>.yaml"
    )
    out: list[Problem] = []
    for p in sorted(selected - known):
        name = rel(p)
        if name in reported or not p.exists():
            continue
        if not p.is_relative_to(content_dir):
            message = (
                f"this file is not inside the content folder {folder}; {where} "
                "(or give --content the folder it belongs to)"
            )
        else:
            message = f"this is not a service or organisation file, so it is not read; {where}"
        out.append(Problem(name, 1, "", message))
    return out


def _discover(
    folder: Path, depth: int, rel: Callable[[Path], str], problems: list[Problem]
) -> list[Path]:
    """The .yaml files at exactly `depth` folders below `folder`, sorted; strays reported."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for here, level, files, links in _walk(folder, 0):
        for fname in files:
            p = here / fname
            if fname.startswith("."):
                continue
            if not fname.endswith(".yaml"):
                hint = " (rename it to .yaml)" if fname.endswith(".yml") else ""
                problems.append(
                    Problem(rel(p), 1, "", f"not a .yaml file, so it is not read{hint}")
                )
                continue
            if level != depth:
                where = (
                    "directly in content/organisations/"
                    if depth == 0
                    else "in a district folder: content/services/<district>/<id>.yaml"
                )
                problems.append(
                    Problem(rel(p), 1, "", f"this file is in the wrong place; put it {where}")
                )
                continue
            if fname in links:
                problems.append(Problem(rel(p), 1, "", "symbolic links are not read"))
                continue
            found.append(p)
    return found


def _walk(folder: Path, level: int) -> Iterator[tuple[Path, int, list[str], set[str]]]:
    """os.walk's order (each folder's files sorted, then its folders sorted, not following
    links), with the links among the files known from the folder's listing, not asked of
    the file system file by file: (folder, depth, file names, names that are links)."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return
    files, dirs, links = [], [], set()
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.is_symlink():
                dirs.append(entry.name)
        else:
            files.append(entry.name)
            if entry.is_symlink():
                links.add(entry.name)
    yield folder, level, sorted(files), links
    for name in sorted(dirs):
        yield from _walk(folder / name, level + 1)


Result = tuple[dict | None, list[Problem]]


def _check_one(task: tuple[str, Path, str, str], ctx: Context, max_bytes: int) -> Result:
    kind, path, name, district = task
    doc, problems = load_file(path, name, max_bytes)
    if doc is None:
        return None, problems
    rec, more = _check_doc(kind, doc, ctx, district)
    if any(p.severity == "error" for p in problems):
        rec = None
    return rec, problems + more


def _check_doc(
    kind: str, doc: Document, ctx: Context, district: str
) -> tuple[dict | None, list[Problem]]:
    if kind == "organisation":
        return check_organisation(doc, ctx)
    return check_service(doc, ctx, district)


def _check_chunk(
    tasks: list[tuple[str, Path, str, str]], ctx: Context, max_bytes: int, lean: bool = False
) -> list[tuple[dict | None, list[Problem]]]:
    results = [_check_one(t, ctx, max_bytes) for t in tasks]
    if not lean:
        return results
    return [
        (_lean(t[0], rec) if rec is not None else None, problems)
        for t, (rec, problems) in zip(tasks, results, strict=True)
    ]


# What the checks across records (probable duplicates here and in outputs/insight.py) read
# of each record: a lean read keeps these and nothing else.
LEAN_SERVICE = ("name", "organisation")
LEAN_CONTACTS = ("email", "website")
LEAN_ORGANISATION = ("name", "phone", "email", "website", "charity_number")


def _lean(kind: str, rec: dict) -> dict:
    """A checked record cut down to the fields LEAN_* name (a new dict; rec is unchanged)."""
    if kind == "organisation":
        return {k: rec[k] for k in LEAN_ORGANISATION if k in rec}
    out = {k: rec[k] for k in LEAN_SERVICE if k in rec}
    contacts = rec.get("contacts")
    if contacts is not None:
        out["contacts"] = {k: contacts[k] for k in LEAN_CONTACTS if k in contacts}
        if contacts.get("phones") is not None:
            out["contacts"]["phones"] = [
                {"number": p["number"]} for p in contacts["phones"] if p is not None
            ]
    if rec.get("locations") is not None:
        out["locations"] = [{"postcode": loc["postcode"]} for loc in rec["locations"] if loc]
    return out


def _check_cached(
    tasks: list[tuple[str, Path, str, str]],
    ctx: Context,
    max_bytes: int,
    jobs: int | None,
    cache: State | None,
    salt: str,
    out: Content,
    lean: bool = False,
) -> list[Result]:
    """Check every file, reusing the cache's result for files that have not changed."""
    if cache is None:
        return _check_all(tasks, ctx, max_bytes, jobs, lean)
    # Sorted: a frozenset's order (and so its repr) changes from one run to the next.
    context = digest(
        salt,
        ctx.today,
        max_bytes,
        *(
            sorted(ids)
            for ids in (ctx.organisations, ctx.categories, ctx.districts, ctx.site_areas)
        ),
        ctx.school_terms,
        ctx.area_name,
    )
    if cache.context != context:
        cache.records.clear()
        cache.context = context
    results: list[Result | None] = [None] * len(tasks)
    todo: list[int] = []
    for i, (_kind, path, name, _district) in enumerate(tasks):
        entry = cache.records.get(name)
        try:
            st = path.stat()
        except OSError:
            todo.append(i)
            continue
        if entry is not None and (entry.mtime_ns, entry.size) == (st.st_mtime_ns, st.st_size):
            results[i] = entry.result
            out.shas[name] = entry.sha
            continue
        # Touched but perhaps not changed (a checkout, a copy): compare the content.
        sha = _sha(path)
        if entry is not None and entry.sha == sha:
            entry.mtime_ns, entry.size = st.st_mtime_ns, st.st_size
            results[i] = entry.result
            out.shas[name] = sha
            continue
        cache.records[name] = Entry(st.st_mtime_ns, st.st_size, sha, None)
        out.shas[name] = sha
        todo.append(i)
    for i, result in zip(
        todo, _check_all([tasks[i] for i in todo], ctx, max_bytes, jobs), strict=True
    ):
        results[i] = result
        entry = cache.records.get(tasks[i][2])
        if entry is not None:
            entry.result = result
    names = {t[2] for t in tasks}
    for gone in [n for n in cache.records if n not in names]:
        del cache.records[gone]
    return [r if r is not None else (None, []) for r in results]


def _sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# How the last parallel check shared its chunks: chunk index -> "main" or "worker" (tests).
last_split: dict[int, str] = {}


def _check_all(
    tasks: list[tuple[str, Path, str, str]],
    ctx: Context,
    max_bytes: int,
    jobs: int | None,
    lean: bool = False,
) -> list[Result]:
    """Check every task, in file order. With several cores, jobs - 1 forked worker processes
    and this one take small chunks in turn from a shared counter, so each core works until
    the last chunk (a process that finishes early takes more) and only the results travel
    back; a worker that dies leaves its chunks to this process."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        return _check_chunk(tasks, ctx, max_bytes, lean)
    size = max(25, -(-len(tasks) // (jobs * 32)))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    fork = multiprocessing.get_context("fork")
    counter = fork.Value("i", 0)
    queue: multiprocessing.Queue[tuple[int, list[Result]]] = fork.Queue()
    workers = [
        fork.Process(
            target=_check_chunks_worker,
            args=(chunks, counter, queue, ctx, max_bytes, lean),
            daemon=True,
        )
        for _ in range(jobs - 1)
    ]
    for w in workers:
        w.start()
    results: list[list[Result] | None] = [None] * len(chunks)
    last_split.clear()
    while (i := _take(counter)) < len(chunks):
        results[i] = _check_chunk(chunks[i], ctx, max_bytes, lean)
        last_split[i] = "main"
    while any(r is None for r in results):
        try:
            i, part = queue.get(timeout=0.05)
        except Empty:
            if any(w.is_alive() for w in workers):
                continue
            try:  # the workers are gone: anything still queued, then the rest here
                while True:
                    i, part = queue.get(timeout=0.05)
                    results[i], last_split[i] = part, "worker"
            except Empty:
                pass
            for i, r in enumerate(results):
                if r is None:
                    results[i] = _check_chunk(chunks[i], ctx, max_bytes, lean)
                    last_split[i] = "main"
            break
        results[i], last_split[i] = part, "worker"
    for w in workers:
        w.join(timeout=1)
    queue.close()
    return [r for part in results if part is not None for r in part]


def _take(counter: Synchronized[int]) -> int:
    """The next chunk's index, counted once across processes."""
    with counter.get_lock():
        i = counter.value
        counter.value = i + 1
    return int(i)


def _check_chunks_worker(
    chunks: list[list[tuple[str, Path, str, str]]],
    counter: Synchronized[int],
    queue: multiprocessing.Queue[tuple[int, list[Result]]],
    ctx: Context,
    max_bytes: int,
    lean: bool,
) -> None:
    while (i := _take(counter)) < len(chunks):
        queue.put((i, _check_chunk(chunks[i], ctx, max_bytes, lean)))


def _probable_duplicates(services: list[dict]) -> list[Problem]:
    """One warning per pair of service records that look like one service: the same
    organisation and name, or a phone and a venue postcode in common (records in file
    order; the later file is warned, naming the earlier and everything the two share, so
    three shared phones are one warning, not three)."""
    by_name: dict[tuple[str, str], dict] = {}
    by_phone: dict[tuple[str, str], dict] = {}
    # (this file, other file) -> what they share, in the order found
    shared: dict[tuple[str, str], list[str]] = {}
    for rec in sorted(services, key=lambda r: r["file"]):
        key = (rec["organisation"], _norm(rec["name"]))
        other = by_name.setdefault(key, rec)
        if other is not rec:
            shared.setdefault((rec["file"], other["file"]), []).append("same organisation and name")
        phones = [_norm(p["number"]) for p in (rec.get("contacts") or {}).get("phones") or []]
        postcodes = [loc["postcode"] for loc in rec.get("locations") or []]
        for ph in phones:
            for pc in postcodes:
                other = by_phone.setdefault((ph, pc), rec)
                if other is not rec:
                    reasons = shared.setdefault((rec["file"], other["file"]), [])
                    if "same phone and postcode" not in reasons:
                        reasons.append("same phone and postcode")
    problems = []
    for (file, other_file), reasons in shared.items():
        by_name_too = "same organisation and name" in reasons
        problems.append(
            Problem(
                file,
                1,
                "name" if by_name_too else "contacts",
                f"probably the same service as {other_file} ({'; '.join(reasons)})"
                + (
                    "; update that record instead, or give this one a clearer name"
                    if by_name_too
                    else ""
                ),
                "warning",
            )
        )
    return problems


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())
