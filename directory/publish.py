"""The only module that writes to the output folder, and it does so atomically.

Pages are written into a new folder beside the output as they are rendered (so memory stays
flat), and the finished folder is swapped in only when everything succeeded. If anything
fails, the new folder is removed and the previously published site is untouched.
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


def write_file(root: Path, rel: str, data: bytes) -> None:
    """Write one file into a folder being built (also called in worker processes)."""
    path = root / safe_relpath(rel)
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class AtomicOutput:
    def __init__(self, out: Path, background_cleanup: bool = False) -> None:
        self.out = out.absolute()
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

    def write(self, rel: str, data: bytes) -> None:
        write_file(self.tmp, rel, data)
        self.record(rel, len(data))

    def record(self, rel: str, size: int) -> None:
        """Note a file a worker process wrote into the new folder with write_file."""
        self.written.append(rel)
        self.bytes += size

    def commit(self) -> None:
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}-{time.time_ns()}"
        if self.out.exists():
            os.replace(self.out, old)
        os.replace(self.tmp, self.out)
        if old.exists():
            self._remove(old)

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
