"""What the last build knew, so the next one redoes only what changed.

Three levels, keyed by content hashes:

- checked records: a content file whose size and modification time (or failing that, whose
  SHA-256) are unchanged is not read and checked again (while what checking depends on
  besides the record, `context`, is unchanged);
- services' parts (outputs.PARTS: search words, Open Referral fragments): kept while their
  key (the service's record files, the settings the part names, the code) is unchanged;
- published files: each output has a fingerprint of everything it shows; if it is
  unchanged, the file is kept or hard-linked from the previous site instead of made again.

The first two are rows of a sqlite file (state.sqlite: one row per content file and per
service and part), and a build writes only the rows that changed; the rest, with what the
published site holds, is a small pickle (state.pickle) that every build reads first.

A build with no changes at all stops after looking at the files' sizes and times. Whatever
the cache holds, the output is byte-identical to a cold build's (tests/test_incremental.py).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory import __version__

FORMAT = 10  # bump when what is stored changes


@dataclass
class Entry:
    """A content file as last read: its stat, its hash and the result of checking it."""

    mtime_ns: int
    size: int
    sha: str
    result: Any  # (cleaned record or None, problems)


@dataclass
class State:
    """Kept in two files: a small one read by every build (to see whether anything changed
    at all) and the sqlite file (records, parts) read only when something has."""

    format: int = FORMAT
    inputs: str = ""  # fingerprint of every input file's stat, the code and the date
    summary: dict[str, Any] = field(default_factory=dict)  # the published site, for no-ops
    outputs: dict[str, str] = field(default_factory=dict)  # published unit -> fingerprint
    files: dict[str, list[str]] = field(default_factory=dict)  # unit -> files it wrote
    sizes: dict[str, int] = field(default_factory=dict)  # unit -> bytes of its files
    # What the copy of the site that is not published holds (publish.py): unit ->
    # (fingerprint, files, bytes)
    standby: dict[str, tuple[str, list[str], int]] = field(default_factory=dict)
    # Search shard name -> a digest of its services' ids, as published (outputs.
    # shard_memberships)
    search_shards: dict[str, str] = field(default_factory=dict)
    # What the shards' docs and facets rows depend on besides each service's records, as
    # published: a digest of the code, the settings, the date and the places
    search_rows: str = ""
    # Shard name -> the refs (array of int) in each of its pieces, as published
    search_refs: dict[str, list[Any]] = field(default_factory=dict)
    context: str = ""  # what checking a record depends on besides the record
    records: dict[str, Entry] = field(default_factory=dict)  # by file path
    # part name (outputs.PARTS) -> service id -> (key, the service's part)
    parts: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict)
    big_loaded: bool = False
    # Rows of the sqlite file read by load_big and written by the last save (the work done).
    rows_read: int = 0  # rows of the sqlite file read
    rows_written: int = 0  # rows the last save wrote
    loaded: dict[Any, Any] = field(default_factory=dict)  # what the rows hold (_snapshot)


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def code_fingerprint(templates_dir: Path | None) -> str:
    """The package's own files and the site's templates: a change to either changes pages."""
    h = hashlib.sha256(__version__.encode())
    roots = [Path(__file__).parents[1]]  # the whole package
    if templates_dir is not None and templates_dir.is_dir():
        roots.append(templates_dir)
    for root in roots:
        for path in sorted(_files(root)):
            if path.suffix in (".pyc",):
                continue
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def stat_fingerprint(paths: Iterable[str | os.PathLike[str]]) -> str:
    """SHA-256 of each file's path, size and modification time (files that are gone are
    left out), in the order of the paths as strings (quicker to sort than Path objects)."""
    h = hashlib.sha256()
    for p in sorted(os.fspath(p) for p in paths):
        try:
            st = os.stat(p)
        except OSError:
            continue
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _files(root: Path) -> Iterable[Path]:
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            yield Path(dirpath) / name


def load(folder: Path | None) -> State:
    """The small part of the state; call load_big before using records or parts."""
    if folder is None:
        return State()
    state = _read(folder / "state.pickle")
    if not isinstance(state, State) or state.format != FORMAT:
        return State(big_loaded=True)
    state.big_loaded = False
    return state


BIG_FILE = "state.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS record (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    sha TEXT NOT NULL, result BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS part (
    part TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (part, id));
"""


def _connect(folder: Path) -> sqlite3.Connection:
    db = sqlite3.connect(folder / BIG_FILE, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(_SCHEMA)
    return db


def load_big(folder: Path | None, state: State) -> None:
    """The checked records and the services' parts, from the sqlite file beside the small
    state: one row per content file (table record) and per service and part (table part).
    Remembers what was read, so that save writes only the rows that changed."""
    if state.big_loaded:
        return
    state.big_loaded = True
    if folder is None or not (folder / BIG_FILE).exists():
        return
    with collection_paused():
        try:
            db = _connect(folder)
            try:
                _read_rows(db, state)
            finally:
                db.close()
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            state.context, state.records, state.parts = "", {}, {}
            return
        state.rows_read = len(state.records) + sum(len(p) for p in state.parts.values())
        state.loaded = _snapshot(state)


def _read_rows(db: sqlite3.Connection, state: State) -> None:
    meta = dict(db.execute("SELECT name, value FROM meta"))
    if meta.get("format") != str(FORMAT).encode():
        return
    context = meta.get("context", b"")
    state.context = context.decode()
    for path, mtime, size, sha, result in db.execute("SELECT * FROM record"):
        state.records[path] = Entry(mtime, size, sha, pickle.loads(result))
    for part, sid, key, value in db.execute("SELECT * FROM part"):
        state.parts.setdefault(part, {})[sid] = (key, pickle.loads(value))


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused, and what was made meanwhile left out of
    its later collections (gc.freeze): the rows make millions of objects that live for the
    whole build, and each full collection walks every one of them (at 10,000 services, the
    rows took 2.4 CPU-s to read with collections and 1.3 s without). Unpickled values make
    no reference cycles to collect. What is garbage already is collected first, so that
    none of it is frozen."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def _snapshot(state: State) -> dict[Any, Any]:
    """What the rows hold, to compare with at save: each record's entry (the object itself:
    a record checked again is a new one) and its stat (updated in place when a file is
    touched but unchanged); each part's key (a fingerprint of what it is made from)."""
    out: dict[Any, Any] = {}
    for path, e in state.records.items():
        out["record", path] = (e, e.mtime_ns, e.size)
    for part, values in state.parts.items():
        for sid, (key, _value) in values.items():
            out[part, sid] = key
    return out


def save(folder: Path | None, state: State) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    if state.big_loaded:
        _save_big(folder, state)
    small = State(
        state.format,
        state.inputs,
        state.summary,
        state.outputs,
        state.files,
        state.sizes,
        state.standby,
        state.search_shards,
        state.search_rows,
        state.search_refs,
    )
    _write(folder / "state.pickle", small)


HIGHEST = pickle.HIGHEST_PROTOCOL


def _save_big(folder: Path, state: State) -> None:
    """Write the rows that changed since load_big, and delete those no longer there. Each
    row is pickled as sqlite takes it, so that no more than one is held as bytes at a time
    (after a cold build, every service's parts: at 10,000 services, 150 MB)."""
    old = state.loaded
    wrote_records: list[str] = []
    wrote_parts: list[tuple[str, str, str]] = []

    def records() -> Iterator[tuple[Any, ...]]:
        for path, e in state.records.items():
            was = old.get(("record", path))
            if was is None or was[0] is not e or was[1:] != (e.mtime_ns, e.size):
                wrote_records.append(path)
                yield (path, e.mtime_ns, e.size, e.sha, pickle.dumps(e.result, HIGHEST))

    def parts() -> Iterator[tuple[Any, ...]]:
        for part, values in state.parts.items():
            for sid, (key, value) in values.items():
                if old.get((part, sid)) != key:
                    wrote_parts.append((part, sid, key))
                    yield (part, sid, key, pickle.dumps(value, HIGHEST))

    gone_records = [(k[1],) for k in old if k[0] == "record" and k[1] not in state.records]
    gone_parts = [k for k in old if k[0] != "record" and k[1] not in state.parts.get(k[0], {})]
    db = _connect(folder)
    try:
        db.execute("BEGIN IMMEDIATE")
        if not old:  # nothing was read: whatever the file holds is not this state
            db.execute("DELETE FROM record")
            db.execute("DELETE FROM part")
        db.executemany("INSERT OR REPLACE INTO record VALUES (?, ?, ?, ?, ?)", records())
        db.executemany("DELETE FROM record WHERE path = ?", gone_records)
        db.executemany("INSERT OR REPLACE INTO part VALUES (?, ?, ?, ?)", parts())
        db.executemany("DELETE FROM part WHERE part = ? AND id = ?", gone_parts)
        meta = {"format": str(FORMAT).encode(), "context": state.context.encode()}
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
        db.execute("COMMIT")
    finally:
        db.close()
    state.rows_written = len(wrote_records) + len(wrote_parts)
    # What the file holds now: the snapshot taken at load, with the rows just written and
    # deleted (not taken again: that would walk every row).
    for path in wrote_records:
        e = state.records[path]
        old["record", path] = (e, e.mtime_ns, e.size)
    for part, sid, key in wrote_parts:
        old[part, sid] = key
    for (path,) in gone_records:
        del old["record", path]
    for gone in gone_parts:
        del old[gone]
    state.loaded = old


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def _write(path: Path, value: Any) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}")
    with open(tmp, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def forget(folder: Path | None) -> None:
    """Drop the cache (after a failed build, so nothing half-known is reused)."""
    if folder is not None:
        for name in ("state.pickle", BIG_FILE, f"{BIG_FILE}-wal", f"{BIG_FILE}-shm"):
            try:
                (folder / name).unlink()
            except OSError:
                pass
