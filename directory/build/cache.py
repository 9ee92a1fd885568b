"""What the last build knew, so the next one redoes only what changed.

Two levels, both keyed by content hashes and thrown away whenever the package, the site's
templates, the configuration, the taxonomy or the build date change:

- checked records: a content file whose size and modification time (or failing that, whose
  SHA-256) are unchanged is not read and checked again;
- published files: each page and search shard has a fingerprint of everything it shows; if
  it is unchanged, the file is hard-linked from the previous site instead of rendered.

A build with no changes at all stops after looking at the files' sizes and times. Whatever
the cache holds, the output is byte-identical to a cold build's (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory import __version__

FORMAT = 7  # bump when what is stored changes


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
    at all) and a big one (records, parts) read only when something has."""

    format: int = FORMAT
    inputs: str = ""  # fingerprint of every input file's stat, the code and the date
    summary: dict[str, Any] = field(default_factory=dict)  # the published site, for no-ops
    outputs: dict[str, str] = field(default_factory=dict)  # published unit -> fingerprint
    files: dict[str, list[str]] = field(default_factory=dict)  # unit -> files it wrote
    sizes: dict[str, int] = field(default_factory=dict)  # unit -> bytes of its files
    # What the copy of the site that is not published holds (publish.py): unit ->
    # (fingerprint, files, bytes)
    standby: dict[str, tuple[str, list[str], int]] = field(default_factory=dict)
    context: str = ""  # what checking a record depends on besides the record
    records: dict[str, Entry] = field(default_factory=dict)  # by file path
    # part name (outputs.PARTS) -> service id -> (key, the service's part)
    parts: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict)
    big_loaded: bool = False


BIG = ("context", "records", "parts")


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


def stat_fingerprint(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        try:
            st = p.stat()
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


def load_big(folder: Path | None, state: State) -> None:
    if state.big_loaded:
        return
    state.big_loaded = True
    big = _read(folder / "big.pickle") if folder is not None else None
    if isinstance(big, dict) and big.get("format") == FORMAT:
        for name in BIG:
            setattr(state, name, big[name])


def save(folder: Path | None, state: State) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    if state.big_loaded:
        _write(folder / "big.pickle", {"format": FORMAT, **{n: getattr(state, n) for n in BIG}})
    small = State(
        state.format,
        state.inputs,
        state.summary,
        state.outputs,
        state.files,
        state.sizes,
        state.standby,
    )
    _write(folder / "state.pickle", small)


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
        for name in ("state.pickle", "big.pickle"):
            try:
                (folder / name).unlink()
            except OSError:
                pass
