"""Timing and peak memory of a command, children included (Linux, standard library only).

The memory figure is the highest sum, over one 20 ms sample, of the resident set size of the
command's process and every process below it, read from /proc. Pages shared between a parent
and its forked workers are counted once per process, so the figure is an upper bound of the
memory the build really holds (and what an out-of-memory killer would look at per process).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
INTERVAL = 0.02
PSS_EVERY = 10  # samples


def _task_children(pid: int) -> list[int] | None:
    """Children of pid from /proc/PID/task/*/children, or None where the kernel lacks it."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                found.extend(int(x) for x in f.read().split())
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}/task/{tid}"):
                continue  # the thread ended while we looked
            return None  # no CONFIG_PROC_CHILDREN: scan every process instead
        except (OSError, ValueError):
            continue
    return found


def _parent_map() -> dict[int, list[int]]:
    """Every process's children, from the ppid field of /proc/*/stat."""
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and brackets, so cut at the last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            kids.setdefault(int(fields[1]), []).append(int(name))
    return kids


def process_tree(root: int) -> list[int]:
    """root and all its descendants that are alive now."""
    pids = [root]
    parents: dict[int, list[int]] | None = None
    i = 0
    while i < len(pids):
        pid = pids[i]
        kids = _task_children(pid) if parents is None else None
        if kids is None:
            if parents is None:
                parents = _parent_map()
            kids = parents.get(pid, [])
        pids.extend(k for k in kids if k not in pids)
        i += 1
    return pids


def rss_bytes(pid: int) -> int:
    """Resident set size of one process, 0 if it has gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process: its private pages, plus its share of pages it
    shares with others (so forked workers' shared pages are counted once in a sum)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_pss_bytes(root: int) -> int:
    """Sum of the proportional set sizes of root and its descendants: the memory they hold."""
    return sum(pss_bytes(pid) for pid in process_tree(root))


def tree_rss_bytes(root: int) -> int:
    """Sum of the resident set sizes of root and its descendants."""
    return sum(rss_bytes(pid) for pid in process_tree(root))


class RssSampler(threading.Thread):
    """Polls the process tree under pid every interval seconds and keeps the highest sum."""

    def __init__(self, pid: int, interval: float = INTERVAL) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, tree_rss_bytes(self.pid))
            # PSS makes the kernel walk every page of every process: far dearer than RSS, so
            # it is sampled ten times less often, not to slow down what is being measured.
            if self.samples % PSS_EVERY == 0:
                self.peak_pss = max(self.peak_pss, tree_pss_bytes(self.pid))
            self.samples += 1
            if self._stop_event.wait(self.interval):
                return

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


@dataclass
class Measured:
    """One command's exit status, wall-clock seconds, peak tree RSS and combined output."""

    returncode: int
    seconds: float
    peak_bytes: int
    output: str
    samples: int = 0
    largest_process_bytes: int = 0  # the biggest single process's own peak (ru_maxrss)
    peak_pss_bytes: int = 0  # the highest sum of proportional set sizes
    # the highest sum of resident set sizes sampled (peak_bytes is the larger of it and
    # largest_process_bytes, which for a child forked from a big process counts the memory
    # it had before it exec'd)
    sampled_bytes: int = 0

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 1e6


def run_measured(
    cmd: Sequence[str | os.PathLike[str]],
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
    interval: float = INTERVAL,
) -> Measured:
    """Run cmd to completion, timing it and sampling its process tree's memory.

    The clock stops when the command's main process is reaped (a blocking wait4 in this
    thread, so the sampling interval does not blur the time). Output (stdout and stderr
    together) goes to a temporary file, so a chatty command cannot block on a full pipe.
    """
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [os.fspath(c) for c in cmd],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        sampler = RssSampler(proc.pid, interval)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            sampler.stop()
            raise
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        largest = usage.ru_maxrss * 1024  # KiB on Linux; the root and its reaped children
        sampled = sampler.stop()
        peak = max(sampled, largest)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Measured(
        proc.returncode, seconds, peak, text, sampler.samples, largest, sampler.peak_pss, sampled
    )


def directory_size(root: Path) -> tuple[int, int]:
    """Total bytes and number of files under root."""
    total = files = 0
    for folder, _, names in os.walk(root):
        for name in names:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
            files += 1
    return total, files
