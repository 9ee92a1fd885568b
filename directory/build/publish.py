"""The only module that writes to the output folder, and it does so atomically.

Two ways, both swapping the finished site in only when everything succeeded, so that a
failure leaves the published site untouched:

- AtomicOutput: every file is written (or hard-linked from the published site) into a new
  folder beside the output, which then replaces it.
- With a build cache, the output is a symbolic link to one of two copies of the site beside
  it, `.<out>.copy-1` and `.<out>.copy-2` (StandbyOutput). A build brings the copy that is not
  published up to date, rewriting only the files whose outputs changed since that copy was
  made (files the two copies share are hard links, unlinked before being rewritten) and
  removing files no output makes any more, then points the link at it: one rename. The
  previously published copy becomes the one the next build updates. A copy being updated
  holds a file `.directory-updating` until it is complete; a build that finds it there
  (the last one failed or was killed) makes that copy afresh.

Pages are written as they are rendered, so memory stays flat.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

MARKER = ".directory-site"  # says a folder is a site this tool built, so it may replace it
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


class PublishError(Exception):
    pass


# A file's bytes in pieces, written one after the other: a file put together from parts
# kept in memory (the API's collections) is written without first joining a copy of it.
Chunks = list[bytes | memoryview]
Data = bytes | Chunks


def size_of(data: Data) -> int:
    """The length in bytes of what write_file writes."""
    return len(data) if isinstance(data, bytes) else sum(len(c) for c in data)


def _put(path: Path, data: Data) -> None:
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    with open(path, "wb") as f:
        f.writelines(data)


def safe_relpath(rel: str) -> str:
    """Refuse any output path that could leave the output folder."""
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or any(not _SAFE_PART.match(p) or p in (".", "..") for p in parts)
    ):
        raise PublishError(f"refusing to write outside the output folder: {rel!r}")
    return rel


def write_file(root: Path, rel: str, data: Data, replace: bool = False) -> None:
    """Write one file into a folder being built (also called in worker processes). replace:
    the file may exist and be a hard link shared with the published site, so it is unlinked
    first rather than written over."""
    path = root / safe_relpath(rel)
    if replace:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            # A copy made by an earlier version, which had a folder where this file goes
            # (the API's objects were folders once): what was in it is made no more.
            shutil.rmtree(path)
    try:
        _put(path, data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        _put(path, data)


class AtomicOutput:
    def __init__(self, out: Path, background_cleanup: bool = False, linked: bool = False) -> None:
        """linked: publish as one of two copies (module docstring), making the other copy
        of hard links to it for the next build to update."""
        self.out = out.absolute()
        self.linked = linked
        self.tmp = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self.background_cleanup = background_cleanup
        self.written: list[str] = []
        self.bytes = 0

    def __enter__(self) -> AtomicOutput:
        if self.out.exists():
            if not self.out.is_dir():
                raise PublishError(f"{self.out} exists and is not a folder")
            if any(self.out.iterdir()) and not (self.out / MARKER).exists():
                raise PublishError(
                    f"{self.out} is not empty and was not built by this tool; "
                    "refusing to replace it (choose another --out)"
                )
        self.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        for stale in self.out.parent.glob(f".{self.out.name}.old-*"):
            self._remove(stale)  # left by an interrupted (or still running) clean-up
        self.tmp.mkdir()
        (self.tmp / MARKER).write_bytes(b"")
        return self

    def write(self, rel: str, data: Data) -> None:
        write_file(self.tmp, rel, data)
        self.record(rel, size_of(data))

    def record(self, rel: str, size: int) -> None:
        """Note a file a worker process wrote into the new folder with write_file."""
        self.written.append(rel)
        self.bytes += size

    def _aside(self, path: Path) -> None:
        """Move a folder out of the way and remove it (in the background, if asked)."""
        if path.exists() and not path.is_symlink():
            old = self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.time_ns()}"
            os.replace(path, old)
            self._remove(old)

    def commit(self) -> None:
        first, second = copies(self.out)
        published = published_copy(self.out)
        if self.linked:
            copy, other = (second, first) if published == first else (first, second)
            self._aside(copy)
            os.replace(self.tmp, copy)
            point(self.out, copy, self.background_cleanup)
            self._aside(other)
            replicate(copy, other)
            return
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.time_ns()}"
        if self.out.exists() or self.out.is_symlink():
            os.replace(self.out, old)
        os.replace(self.tmp, self.out)
        if old.is_symlink():
            old.unlink()
        elif old.exists():
            self._remove(old)
        for copy in (first, second):
            self._aside(copy)  # a plain folder again: the copies are no longer needed

    def _remove(self, old: Path) -> None:
        if self.background_cleanup:
            # Removing thousands of files takes seconds and nothing waits for it: a separate
            # process does it (and the next build removes anything it leaves).
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import shutil, sys; shutil.rmtree(sys.argv[1], True)",
                    str(old),
                ],
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        else:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            self.commit()


UPDATING = ".directory-updating"  # in a copy of the site being brought up to date


def copies(out: Path) -> tuple[Path, Path]:
    """The two copies of the site that out links to, with a build cache."""
    out = out.absolute()
    return out.parent / f".{out.name}.copy-1", out.parent / f".{out.name}.copy-2"


def published_copy(out: Path) -> Path | None:
    """The copy out links to, or None if out is not such a link."""
    out = out.absolute()
    if not out.is_symlink():
        return None
    target = out.parent / os.readlink(out)
    return target if target in copies(out) else None


def point(out: Path, copy: Path, background_cleanup: bool = False) -> None:
    """Make out a link to copy, in one rename (out may be a link, a folder or missing)."""
    out = out.absolute()
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(copy.name, link)
    if out.exists() and not out.is_symlink():
        # A site published as a plain folder, once: moved aside, then the link takes its
        # place (a moment without a site, on the first build with a cache only).
        old = out.parent / f".{out.name}.old-{os.getpid()}-{time.time_ns()}"
        os.replace(out, old)
        os.replace(link, out)
        AtomicOutput(out, background_cleanup)._remove(old)
        return
    os.replace(link, out)


def replicate(source: Path, dest: Path) -> None:
    """dest becomes a copy of source made of hard links (the standby copy after a full
    build); any earlier dest is removed first."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / UPDATING).parent.mkdir(parents=True, exist_ok=True)
    (dest / UPDATING).write_bytes(b"")
    for root, dirs, files in os.walk(source):
        target = dest / os.path.relpath(root, source)
        for d in dirs:
            (target / d).mkdir(exist_ok=True)
        for name in files:
            os.link(os.path.join(root, name), target / name)
    (dest / UPDATING).unlink()


class StandbyOutput:
    """The copy of the site that is not published, brought up to date in place (module
    docstring); committed by pointing the output link at it."""

    def __init__(self, out: Path, copy: Path) -> None:
        self.out = out.absolute()
        self.tmp = copy  # where files go, as in AtomicOutput
        self.written: list[str] = []
        self.bytes = 0

    def __enter__(self) -> StandbyOutput:
        (self.tmp / UPDATING).write_bytes(b"")
        return self

    def write(self, rel: str, data: Data) -> None:
        write_file(self.tmp, rel, data, replace=True)
        self.record(rel, size_of(data))

    def record(self, rel: str, size: int) -> None:
        self.written.append(rel)
        self.bytes += size

    def remove_others(self, had: set[str]) -> None:
        """Remove the files the copy had that no output makes any more."""
        for rel in had.difference(self.written):
            path = self.tmp / safe_relpath(rel)
            try:
                path.unlink(missing_ok=True)
            except NotADirectoryError:
                continue  # its folder is a file now (write_file), and it went with the folder
            parent = path.parent
            while parent != self.tmp:
                try:
                    parent.rmdir()  # only if it is now empty
                except OSError:
                    break
                parent = parent.parent

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            (self.tmp / UPDATING).unlink()
            point(self.out, self.tmp)
        # On failure the copy keeps UPDATING, so the next build makes it afresh.
