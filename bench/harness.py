"""The benchmark harness behind bench/run: build, search and memory at several county sizes.

For each size it generates a synthetic county once (bench/generate.py, cached in the work
folder by size and by a hash of the generator), copies it to a scratch content folder, and
then, --runs times: validates it, builds it cold, builds it again with nothing changed, and
builds it once more after changing one record. Then it measures the site on disk (size,
files, search shards raw and gzip -6) and a district search in headless Chromium. Every
figure is the median of the runs. A baseline measured in the same session (a fixed CPU loop
and Python's start-up time) lets figures from a busy machine be compared with each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import measure, near_probe, peers, search_probe

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
GENERATOR = BENCH / "generate.py"
TODAY = "2026-11-28"
DEFAULT_SIZES = (1000, 10000)
WARM_QUERIES = 20
MUTATE_BASE = 100  # K for --mutate: MUTATE_BASE + run number, so each run changes something
PEER_MUTATE_BASE = 500  # the same for the peers' one-change builds


# -- figures and targets --------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "s", "ms", "MB", "KB", "count"
    per_service: bool = True  # shown in the linearity column
    timed: bool = False  # shown in baseline units
    optional: bool = False  # left out of the table when never measured, even with a target


METRICS: list[Metric] = [
    Metric("validate_s", "validate", "s", timed=True),
    Metric("cold_s", "cold full build", "s", timed=True),
    Metric("noop_s", "no-op rebuild", "s", timed=True),
    Metric("change_s", "one-record-change rebuild", "s", timed=True),
    Metric(
        "shards_s",
        "search shards build (as the build reports it)",
        "s",
        timed=True,
        optional=True,
    ),
    Metric("peak_mb", "peak memory of a build (RSS, children included)", "MB"),
    Metric(
        "peak_pss_mb",
        "peak memory of a build (PSS: pages shared by forked workers counted once)",
        "MB",
    ),
    Metric("largest_process_mb", "peak memory of the largest single build process", "MB"),
    Metric("validate_peak_mb", "peak memory of validate", "MB"),
    Metric("site_mb", "output size", "MB"),
    Metric("site_files", "output files", "count"),
    Metric("county_raw_kb", "county shard, raw", "KB"),
    Metric("county_gz_kb", "county shard, gzip -6", "KB"),
    Metric("district_max_raw_kb", "largest district shard, raw", "KB"),
    Metric("district_max_gz_kb", "largest district shard, gzip -6", "KB"),
    Metric("district_median_raw_kb", "median district shard, raw", "KB"),
    Metric("district_median_gz_kb", "median district shard, gzip -6", "KB"),
    Metric("other_search_kb", "other search files (shared by shards), raw", "KB"),
    Metric("search_raw_kb", "all search files, raw", "KB"),
    Metric("search_gz_kb", "all search files, gzip -6", "KB"),
    Metric(
        "first_bytes_kb",
        "bytes before first district result (gzip, as sent)",
        "KB",
        per_service=False,
    ),
    Metric(
        "load_bytes_kb",
        "bytes for the whole search page load (gzip, as sent)",
        "KB",
        per_service=False,
    ),
    Metric("first_ms", "time to first district result", "ms", per_service=False, timed=True),
    Metric("peer_cold_s", "Hugo + Pagefind: cold build", "s", timed=True, optional=True),
    Metric("peer_change_s", "Hugo + Pagefind: one-record change", "s", timed=True, optional=True),
    Metric(
        "peer_peak_pss_mb",
        "Hugo + Pagefind: peak memory (PSS, the larger of the two)",
        "MB",
        optional=True,
    ),
    Metric("warm_ms", "warm query median", "ms", per_service=False, timed=True),
    Metric(
        "near_bytes_kb",
        "bytes before first near-me result, postcode files included (gzip, as sent)",
        "KB",
        per_service=False,
    ),
    Metric("near_first_ms", "time to first near-me result", "ms", per_service=False, timed=True),
    Metric(
        "near_sort_ms",
        "distance sort of every county result",
        "ms",
        per_service=False,
        timed=True,
    ),
    Metric("near_warm_ms", "warm near-me query median", "ms", per_service=False, timed=True),
]
METRIC_BY_KEY = {m.key: m for m in METRICS}


@dataclass(frozen=True)
class Target:
    key: str
    size: int
    limit: float
    issue: int

    def met(self, value: float | None) -> bool | None:
        return None if value is None else value <= self.limit


TARGETS: list[Target] = [
    Target("validate_s", 10000, 3, 8),
    Target("cold_s", 10000, 10, 8),
    Target("noop_s", 10000, 0.5, 8),
    Target("change_s", 10000, 1, 8),
    Target("peak_pss_mb", 10000, 400, 8),
    Target("first_bytes_kb", 10000, 150, 4),
    Target("first_ms", 10000, 500, 4),
    Target("warm_ms", 10000, 20, 4),
    Target("shards_s", 10000, 6, 4),
    Target("near_bytes_kb", 10000, 150, 11),
    Target("near_first_ms", 10000, 500, 11),
    Target("near_sort_ms", 10000, 50, 11),
    Target("near_warm_ms", 10000, 20, 11),
    Target("cold_s", 100000, 100, 8),
    Target("peak_pss_mb", 100000, 1500, 8),
]


def fmt_value(value: float | None, unit: str) -> str:
    """A figure for a table: about three significant digits, thousands separated."""
    if value is None:
        return "–"
    if unit == "count":
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_limit(limit: float, unit: str) -> str:
    return f"≤ {limit:,g} {unit}"


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def per_service_text(values: dict[int, float | None], unit: str) -> str:
    """How the cost per service grows from the smallest size to the largest (1.00× = linear)."""
    known = sorted((n, v) for n, v in values.items() if v is not None and v > 0)
    if len(known) < 2:
        return ""
    (n0, v0), (n1, v1) = known[0], known[-1]
    per0, per1 = v0 / n0, v1 / n1
    scale, shown = {
        "s": (1e3, "ms"),
        "ms": (1, "ms"),
        "MB": (1e3, "KB"),
        "KB": (1, "KB"),
        "count": (1, ""),
    }[unit]
    a, b = per0 * scale, per1 * scale
    suffix = f" {shown}" if shown else ""
    return f"{per1 / per0:.2f}× ({_short(a)} → {_short(b)}{suffix}/service)"


def _short(x: float) -> str:
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def status_text(ok: bool | None) -> str:
    return {True: "met", False: "NOT MET", None: "not measured"}[ok]


# -- tables -------------------------------------------------------------------------------


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub Markdown table; numeric-looking columns are right-aligned."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def numeric(i: int) -> bool:
        values = [r[i] for r in rows if i < len(r) and r[i] not in ("", "–")]
        return bool(values) and all(re.fullmatch(r"[\d,.]+", v) for v in values)

    aligns = ["---:" if i and numeric(i) else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "| " + " | ".join(aligns) + " |"]
    for row in rows:
        padded = list(row) + [""] * (len(headers) - len(row))
        lines.append("| " + " | ".join(cell(c) for c in padded) + " |")
    return "\n".join(lines)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain fixed-width table for the terminal."""
    all_rows = [list(headers)] + [list(r) + [""] * (len(headers) - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(headers))]

    def line(r: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) if re.fullmatch(r"[\d,.–]*", c) else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(all_rows[0]), rule] + [line(r) for r in all_rows[1:]])


def results_rows(
    sizes: Sequence[int], figures: dict[int, dict[str, float | None]]
) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the main table: one row per figure, one column per size, then each
    target that applies to a measured size with its status, then the linearity column."""
    target_sizes = sorted({t.size for t in TARGETS if t.size in sizes})
    headers = ["figure"] + [f"{n:,}" for n in sizes]
    for n in target_sizes:
        headers += [f"target at {n:,}", f"at {n:,}"]
    if len(sizes) > 1:
        headers.append("linearity (per-service cost, smallest → largest size)")
    rows: list[list[str]] = []
    for m in METRICS:
        values = {n: figures.get(n, {}).get(m.key) for n in sizes}
        targets = {t.size: t for t in TARGETS if t.key == m.key}
        never = all(v is None for v in values.values())
        if never and (m.optional or not any(n in targets for n in sizes)):
            continue
        row = [f"{m.label} ({m.unit})" if m.unit != "count" else m.label]
        row += [fmt_value(values[n], m.unit) for n in sizes]
        for n in target_sizes:
            t = targets.get(n)
            row += [fmt_limit(t.limit, m.unit), status_text(t.met(values[n]))] if t else ["", ""]
        if len(sizes) > 1:
            row.append(per_service_text(values, m.unit) if m.per_service else "")
        rows.append(row)
    return headers, rows


def baseline_rows(
    sizes: Sequence[int], figures: dict[int, dict[str, float | None]]
) -> tuple[list[str], list[list[str]]]:
    """Timed figures divided by the CPU-loop baseline measured alongside them."""
    headers = ["figure (÷ CPU baseline)"] + [f"{n:,}" for n in sizes]
    rows: list[list[str]] = []
    for m in METRICS:
        if not m.timed:
            continue
        cells = []
        for n in sizes:
            value, unit = figures.get(n, {}).get(m.key), figures.get(n, {}).get("cpu_unit_s")
            if value is not None and unit:
                value = value / 1000 if m.unit == "ms" else value
                cells.append(f"{value / unit:,.1f}")
            else:
                cells.append("–")
        if any(c != "–" for c in cells):
            rows.append([m.label] + cells)
    return headers, rows


# -- machine and baseline --------------------------------------------------------------------


def cpu_loop() -> float:
    """Seconds for a fixed pure-Python loop (about 0.1 s on a quiet 2020s core)."""
    started = time.perf_counter()
    total = 0
    for i in range(1_500_000):
        total += i * i % 7
    return time.perf_counter() - started


def baseline(python: str, repeat: int = 5) -> dict[str, float]:
    cpu = statistics.median(cpu_loop() for _ in range(repeat))
    starts = []
    for _ in range(repeat * 2):
        t0 = time.perf_counter()
        subprocess.run([python, "-c", "pass"], check=True)
        starts.append(time.perf_counter() - t0)
    return {"baseline_cpu_s": cpu, "baseline_python_s": statistics.median(starts)}


def machine() -> dict[str, str]:
    info = {
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))  # type: ignore[union-attr]
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError, ValueError):
        info["memory"] = "unknown"
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        model = re.search(r"model name\s*:\s*(.+)", cpu)
        if model:
            info["cpu"] = model.group(1).strip()
    except OSError:
        pass
    try:
        out = subprocess.run(
            [search_probe.CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
        info["chromium"] = out or "unknown"
    except (OSError, subprocess.SubprocessError):
        info["chromium"] = "not found"
    return info


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# -- one size ------------------------------------------------------------------------------


class BenchError(RuntimeError):
    pass


def generator_hash() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()[:12]


def county(work: Path, size: int, python: str, log: Callable[[str], None]) -> Path:
    """The generated county for size, made once per generator version and kept in work."""
    folder = work / "counties"
    name = f"{size}-{generator_hash()}"
    done = folder / name
    if (done / ".complete").is_file():
        return done
    for old in folder.glob(f"{size}-*"):  # an older generator's county of this size
        shutil.rmtree(old, ignore_errors=True)
    tmp = folder / f".{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    log(f"generating {size:,} services (once; cached in {done})")
    t0 = time.perf_counter()
    subprocess.run(
        [python, str(GENERATOR), "--services", str(size), "--out", str(tmp)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (tmp / ".complete").write_text(f"{time.perf_counter() - t0:.1f}s\n")
    tmp.rename(done)
    return done


def has_option(cli: Path, command: str, option: str) -> bool:
    out = subprocess.run([str(cli), command, "--help"], capture_output=True, text=True)
    return re.search(rf"(^|\s){re.escape(option)}\b", out.stdout) is not None


def settle(site: Path, timeout: float = 120) -> None:
    """Wait until the previous build's replaced site is gone: the build removes it in a
    separate process after it returns, which would otherwise slow the next measurement."""
    deadline = time.monotonic() + timeout
    while any(site.parent.glob(f".{site.name}.old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)


def shards_seconds(output: str) -> float | None:
    """The search shards' build time as the build reports it: the seconds spent working out
    search terms ("Seconds: ..., search terms 1.2, ...") plus the CPU seconds of the shard
    outputs ("CPU seconds by kind of output: ..., shard 4.2, ...")."""
    total = None
    for line in output.splitlines():
        pattern = {
            "Seconds:": r"\bsearch terms (\d+(?:\.\d+)?)",
            "CPU seconds by kind of output:": r"\bshard (\d+(?:\.\d+)?)",
        }
        for start, regex in pattern.items():
            found = re.search(regex, line) if line.startswith(start) else None
            if found:
                total = (total or 0.0) + float(found.group(1))
    return total


@dataclass
class SizeRun:
    size: int
    runs: list[dict[str, float | None]] = field(default_factory=list)
    figures: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def _check(m: measure.Measured, what: str) -> None:
    if m.returncode != 0:
        tail = "\n".join(m.output.strip().splitlines()[-15:])
        raise BenchError(f"{what} failed with exit status {m.returncode}:\n{tail}")


# (ours, theirs, what is compared) for the peer comparison
PEER_RATIOS = [
    ("cold_s", "peer_cold_s", "cold build"),
    ("change_s", "peer_change_s", "one-record change"),
    ("peak_pss_mb", "peer_peak_pss_mb", "peak memory (PSS)"),
]


PEER_HEADERS = ["figure, services", "ours", "Hugo + Pagefind", "ours is smaller by"]


def bench_peers(
    result: SizeRun, content: Path, base: Path, runs: int, log: Callable[[str], None]
) -> None:
    """The same county built with Hugo and Pagefind (bench/peers.py), --runs times: cold,
    then after one changed record."""
    peers.ensure_tools(log)
    site = base / "hugo"
    peers.hugo_site(content, site)
    districts = peers.districts_of(content)
    rows = []
    for i in range(runs):
        shutil.rmtree(site / "public", ignore_errors=True)
        cold_s, cold_mb = peers.build(site)
        changed = subprocess.run(
            [sys.executable, str(GENERATOR), "--out", str(content), "--mutate"]
            + [str(PEER_MUTATE_BASE + i)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        peers.change_one(site, Path(changed.splitlines()[-1]), districts)
        change_s, change_mb = peers.build(site)
        rows.append((cold_s, change_s, max(cold_mb, change_mb)))
        log(
            f"  {result.size:,} peers run {i + 1}/{runs}: Hugo + Pagefind cold {cold_s:.2f}s, "
            f"one change {change_s:.2f}s, peak {max(cold_mb, change_mb):.0f} MB "
            f"(load {loadavg()})"
        )
    for k, key in enumerate(("peer_cold_s", "peer_change_s", "peer_peak_pss_mb")):
        result.figures[key] = median([r[k] for r in rows])
    result.notes.append(
        f"peers: Hugo {peers.version(['hugo', 'version'])}, Pagefind "
        f"{peers.version([str(peers.PAGEFIND), '--version'])}; {peers.LIMITS}"
    )


def peer_rows(sizes: Sequence[int], figures: dict[int, dict[str, float | None]]) -> list[list[str]]:
    """One row per figure compared: ours, theirs and how many times ours is smaller."""
    rows = []
    for ours, theirs, label in PEER_RATIOS:
        unit = METRIC_BY_KEY[ours].unit
        for n in sizes:
            a, b = figures[n].get(ours), figures[n].get(theirs)
            if b is None:
                continue
            ratio = f"{b / a:.1f}×" if a else "–"
            rows.append([f"{label}, {n:,}", fmt_value(a, unit), fmt_value(b, unit), ratio])
    return rows


def remove_site(site: Path) -> None:
    """The site, whether a folder or (with a cache) a link to one of two copies beside it."""
    if site.is_symlink():
        site.unlink()
    shutil.rmtree(site, ignore_errors=True)
    for n in (1, 2):
        shutil.rmtree(site.parent / f".{site.name}.copy-{n}", ignore_errors=True)


def bench_size(
    size: int, runs: int, work: Path, log: Callable[[str], None], with_peers: bool = False
) -> SizeRun:
    python = sys.executable
    cli = Path(python).with_name("directory")
    result = SizeRun(size)
    pristine = county(work, size, python, log)
    base = work / str(size)
    content, site, cache = base / "content", base / "site", base / "cache"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    shutil.copytree(pristine, content, symlinks=True)
    (content / ".complete").unlink(missing_ok=True)
    cache_args: list[str] = []
    if has_option(cli, "build", "--cache"):
        cache_args = ["--cache", str(cache)]
        result.notes.append(f"builds use --cache {cache} (deleted before each cold build)")
    else:
        result.notes.append("the build has no --cache option: a cold build removes the output")
    build = [
        str(cli),
        "build",
        "--content",
        str(content),
        "--out",
        str(site),
        "--today",
        TODAY,
        *cache_args,
    ]
    validate = [str(cli), "validate", "--content", str(content), "--today", TODAY]
    known = {"content", "site", "cache", ".site.copy-1", ".site.copy-2"}

    result.figures.update(baseline(python))
    for i in range(runs):
        row: dict[str, float | None] = {}
        settle(site)
        v = measure.run_measured(validate, cwd=base)
        _check(v, "validate")
        row["validate_s"], row["validate_peak_mb"] = v.seconds, v.peak_mb

        remove_site(site)
        shutil.rmtree(cache, ignore_errors=True)
        settle(site)
        cold = measure.run_measured(build, cwd=base)
        _check(cold, "cold build")
        row["cold_s"] = cold.seconds
        row["shards_s"] = shards_seconds(cold.output)
        if i == 0:
            result.details["cold_build_output"] = cold.output.strip().splitlines()[:2]
            extra = sorted(p.name for p in base.iterdir() if p.name not in known)
            if extra:
                result.notes.append(
                    f"the build left {', '.join(extra)} beside the site: if "
                    "that is a cache, cold builds may not be cold"
                )

        settle(site)
        noop = measure.run_measured(build, cwd=base)
        _check(noop, "no-op build")
        row["noop_s"] = noop.seconds

        k = MUTATE_BASE + i
        subprocess.run(
            [python, str(GENERATOR), "--out", str(content), "--mutate", str(k)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        settle(site)
        change = measure.run_measured(build, cwd=base)
        _check(change, "one-change build")
        row["change_s"] = change.seconds
        row["peak_mb"] = max(cold.peak_mb, noop.peak_mb, change.peak_mb)
        row["cold_peak_mb"] = cold.peak_mb
        row["peak_pss_mb"] = (
            max(cold.peak_pss_bytes, noop.peak_pss_bytes, change.peak_pss_bytes) / 1e6
        )
        row["largest_process_mb"] = (
            max(
                cold.largest_process_bytes, noop.largest_process_bytes, change.largest_process_bytes
            )
            / 1e6
        )
        result.runs.append(row)
        log(
            f"  {size:,} run {i + 1}/{runs}: validate {v.seconds:.2f}s, cold {cold.seconds:.2f}s,"
            f" no-op {noop.seconds:.2f}s, one change {change.seconds:.2f}s, peak "
            f"{row['peak_mb']:.0f} MB (load {loadavg()})"
        )

    for key in result.runs[0] if result.runs else ():
        result.figures[key] = median([r.get(key) for r in result.runs])

    total, files = measure.directory_size(site)
    result.figures["site_mb"], result.figures["site_files"] = total / 1e6, files
    site_disk(result, site, content)
    if runs:
        search_browser(result, site, content, runs, log)
    if with_peers:
        bench_peers(result, content, base, runs, log)
    result.figures.update({f"after_{k}": v for k, v in baseline(python).items()})
    before, after = result.figures["baseline_cpu_s"], result.figures["after_baseline_cpu_s"]
    result.figures["cpu_unit_s"] = (before + after) / 2 if before and after else before
    return result


def site_disk(result: SizeRun, site: Path, content: Path) -> None:
    shards = search_probe.shard_sizes(site / "search")
    districts = {p.name for p in (content / "services").iterdir() if p.is_dir()}
    result.details["shards"] = {s.name: [s.files, s.raw, s.gz] for s in shards.values()}
    if shards:
        result.figures["search_raw_kb"] = sum(s.raw for s in shards.values()) / 1e3
        result.figures["search_gz_kb"] = sum(s.gz for s in shards.values()) / 1e3
    county_shard = shards.get("county")
    if county_shard:
        result.figures["county_raw_kb"] = county_shard.raw / 1e3
        result.figures["county_gz_kb"] = county_shard.gz / 1e3
    ds = [s for s in shards.values() if s.name in districts]
    if ds:
        biggest = max(ds, key=lambda s: s.gz)
        result.figures["district_max_raw_kb"] = max(s.raw for s in ds) / 1e3
        result.figures["district_max_gz_kb"] = biggest.gz / 1e3
        result.figures["district_median_raw_kb"] = statistics.median(s.raw for s in ds) / 1e3
        result.figures["district_median_gz_kb"] = statistics.median(s.gz for s in ds) / 1e3
        result.details["largest_district"] = biggest.name
        files = sorted(s.files for s in ds)
        result.notes.append(
            f"{len(ds)} district shards ({files[0]}–{files[-1]} files each) and "
            + (
                f"a county shard ({county_shard.files} files)"
                if county_shard
                else "no county shard"
            )
            + " under search/"
        )
    other = [s for s in shards.values() if s.name != "county" and s.name not in districts]
    if other:
        result.figures["other_search_kb"] = sum(s.raw for s in other) / 1e3
        result.notes.append(
            "search files that are not a district's or the county's: "
            + ", ".join(sorted(s.name for s in other))
        )
    if not shards:
        result.notes.append("no search files found under search/")


def search_browser(
    result: SizeRun, site: Path, content: Path, runs: int, log: Callable[[str], None]
) -> None:
    if not Path(search_probe.CHROMIUM).exists():
        result.notes.append(f"no Chromium at {search_probe.CHROMIUM}: browser figures skipped")
        return
    district = (
        result.details.get("largest_district")
        or max(
            (p for p in (content / "services").iterdir() if p.is_dir()),
            key=lambda p: sum(1 for _ in p.glob("*.yaml")),
        ).name
    )
    words = search_probe.common_words(
        search_probe.service_names(content, district), WARM_QUERIES + 1
    )
    if not words:
        result.notes.append(f"no service names found in {district}: browser figures skipped")
        return
    query, warm = words[0], words[1:]
    # A few two-word queries too: residents type phrases as often as single words.
    warm = warm[: WARM_QUERIES - 4] + [
        f"{a} {b}" for a, b in zip(warm[:4], warm[4:8], strict=False)
    ]
    log(f"  {result.size:,} search probe: district {district}, query {query!r}")
    try:
        probe = search_probe.probe(site, district, query, warm, runs)
    except Exception as e:  # the browser figures are one part; keep the rest
        result.notes.append(f"search probe failed: {type(e).__name__}: {e}".splitlines()[0])
        return

    def kb(x: float | None) -> float | None:
        return None if x is None else x / 1e3

    result.figures["first_bytes_kb"] = kb(probe.bytes_before_first)
    result.figures["load_bytes_kb"] = kb(probe.bytes_total)
    result.figures["first_ms"] = probe.first_result_ms
    result.figures["warm_ms"] = probe.warm_median_ms
    result.details["probe"] = {
        "district": district,
        "query": query,
        "warm_queries": warm,
        "browser": probe.browser_version,
        "loads": [
            {
                "first_ms": x.first_result_ms,
                "bytes_before_first": x.bytes_before_first,
                "bytes_total": x.bytes_total,
                "requests_before_first": x.requests_before_first,
                "results": x.results,
                "status": x.status,
                "warm_ms": x.warm_ms,
                "requests": x.requests,
                "error": x.error,
            }
            for x in probe.loads
        ],
    }
    result.notes.append(
        f"district search: /search/?q={query}&district={district} "
        f"({probe.loads[0].results if probe.loads else 0} results shown); "
        f"{len(warm)} warm queries"
    )
    if probe.loads and probe.loads[0].requests_before_first is not None:
        first_load = probe.loads[0]
        result.notes.append(
            f"the search page load made {len(first_load.requests)} requests, "
            f"{first_load.requests_before_first} of them finished before the first result"
        )
    for err in probe.errors[:5]:
        result.notes.append(f"search probe: {err}")
    near_browser(result, site, query, warm, runs, log)


def near_browser(
    result: SizeRun,
    site: Path,
    query: str,
    warm: list[str],
    runs: int,
    log: Callable[[str], None],
) -> None:
    """Near me: a search near a postcode with no district chosen (near_probe)."""
    postcode = near_probe.site_postcode(site)
    if postcode is None:
        result.notes.append("no postcode files under near/: near-me figures skipped")
        return
    log(f"  {result.size:,} near-me probe: near {postcode}, query {query!r}")
    try:
        near = near_probe.probe(site, postcode, query, warm, runs)
    except Exception as e:
        result.notes.append(f"near-me probe failed: {type(e).__name__}: {e}".splitlines()[0])
        return
    bytes_first = near.bytes_before_first
    result.figures["near_bytes_kb"] = None if bytes_first is None else bytes_first / 1e3
    result.figures["near_first_ms"] = near.first_result_ms
    result.figures["near_sort_ms"] = near.sort_median_ms
    result.figures["near_warm_ms"] = near.warm_median_ms
    shown = near.loads[0].results if near.loads else 0
    result.notes.append(
        f"near-me search: /search/?q={query}&near={postcode} ({shown} results shown first); "
        f"distance sort of all {near.sorted_rows:,} county rows"
    )
    for load in near.loads:
        if load.error:
            result.notes.append(f"near-me probe: {load.error}")


# -- the report ------------------------------------------------------------------------------


def report(
    sizes: Sequence[int],
    results: dict[int, SizeRun],
    info: dict[str, str],
    command: str,
    started: dt.datetime,
    seconds: float,
    runs: int,
) -> str:
    figures = {n: r.figures for n, r in results.items()}
    headers, rows = results_rows(sizes, figures)
    b_headers, b_rows = baseline_rows(sizes, figures)
    out = [
        "# Benchmark results",
        "",
        f"Measured by `{command}` on {started:%Y-%m-%d %H:%M} (local time), in "
        f"{seconds / 60:.1f} minutes. Each figure is the median of {runs} run(s). "
        "Regenerate with `bench/run`; see the notes below for how each figure is measured.",
        "",
        "## Machine",
        "",
        f"- cores: {info.get('cores')}; memory: {info.get('memory')}; "
        f"CPU: {info.get('cpu', 'unknown')}",
        f"- Python {info.get('python')}; {info.get('chromium')}; {info.get('platform')}",
        f"- load average at start {info.get('load_start')}, at end {info.get('load_end')} "
        "(the machine is shared: other people build and test on it at the same time)",
        "",
        "## Results against the targets (issues #8 and #4)",
        "",
        markdown_table(headers, rows),
        "",
        *(
            [
                "## Against Hugo and Pagefind (`--peers`)",
                "",
                markdown_table(PEER_HEADERS, peer_rows(sizes, figures)),
                "",
            ]
            if peer_rows(sizes, figures)
            else []
        ),
        "## Baseline measured in the same run",
        "",
        "A fixed pure-Python CPU loop and Python's start-up time, measured before and after "
        "each size. On a busy machine every figure swells together; the ratios below (each "
        "time divided by the mean of the CPU loop before and after) are steadier than the "
        "seconds.",
        "",
        markdown_table(
            ["baseline"] + [f"{n:,}" for n in sizes],
            [
                ["CPU loop before (ms)"]
                + [fmt_value(_ms(figures[n].get("baseline_cpu_s")), "ms") for n in sizes],
                ["CPU loop after (ms)"]
                + [fmt_value(_ms(figures[n].get("after_baseline_cpu_s")), "ms") for n in sizes],
                ["`python -c pass` (ms)"]
                + [fmt_value(_ms(figures[n].get("baseline_python_s")), "ms") for n in sizes],
            ],
        ),
        "",
        markdown_table(b_headers, b_rows),
        "",
        "## Notes",
        "",
    ]
    for n in sizes:
        for note in results[n].notes:
            out.append(f"- {n:,}: {note}")
    out += [
        "",
        "How the figures are measured:",
        "",
        "- Each measurement starts once the previous build's replaced site has been removed "
        "(the build leaves that to a separate process after it returns).\n"
        "- Times are wall-clock seconds of the whole command (`directory validate` or "
        f"`directory build`, `--today {TODAY}`), Python start-up included.",
        "- Cold build: the output folder (and the build cache, when the build has a `--cache` "
        "option) is deleted first. No-op: the same build again. One change: "
        "`bench/generate.py --mutate K` changes one service's summary (K differs per run), "
        "then the build.",
        "- Peak memory: the highest sum of the resident set sizes of the build's process and "
        "all its children, sampled from /proc every 20 ms, over the cold, no-op and one-change "
        "builds of a run. Memory shared by forked workers is counted once per process, so "
        "this is an upper bound.",
        "- Units are decimal: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes (the stricter reading "
        "of each target).",
        "- Shards: every file under `site/search/` except HTML, grouped by the name before "
        "the first dot; gzip is level 6.",
        "- Browser: Debian's Chromium, headless, through Playwright, against a local threaded "
        "server that sends gzip (level 6) when the browser accepts it. Each load is a fresh "
        "browser context with the cache disabled, after one unmeasured warm-up load. Bytes "
        "before the first result are what the server wrote (headers and body) for the page "
        "and every resource the page had finished fetching when the first "
        "`#search-results li` appeared; time to first result is `performance.now()` at that "
        "moment (from navigation start). Warm queries: the box `#q` is filled and "
        "`#search-form` submitted in the same page, timed until `#search-status` shows the "
        "outcome; the median over every warm query of every load.",
        "- Linearity: each figure divided by the number of services, at the largest size "
        "against the smallest (1.00× is linear; above 1 grows faster than the county).",
        "",
    ]
    return "\n".join(out)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1e3


# -- command line -----------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are whole numbers, like 1000,10000: {text!r}"
        ) from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sorted(set(sizes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Benchmark validate, build, memory and search at several county sizes.",
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated service counts (default 1000,10000; 100000 works but takes a while)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also build each county with Hugo and Pagefind, and compare (installs them)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=BENCH / "RESULTS.md",
        help="where to write the report (default bench/RESULTS.md)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=BENCH / "work",
        help="scratch folder: generated counties, sites, caches (default bench/work/)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    command = "bench/run " + " ".join(sys.argv[1:] if argv is None else argv)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started, t0 = dt.datetime.now(), time.perf_counter()
    info = machine()
    info["load_start"] = loadavg()
    log(
        f"bench: sizes {', '.join(f'{n:,}' for n in args.sizes)}, {args.runs} run(s) each; "
        f"{info['cores']} cores, {info['memory']}, load {info['load_start']}"
    )
    results: dict[int, SizeRun] = {}
    for size in args.sizes:
        try:
            results[size] = bench_size(size, args.runs, work, log, args.peers)
        except (BenchError, peers.PeerError) as e:
            log(f"bench: {size:,} services: {e}")
            return 1
    info["load_end"] = loadavg()
    seconds = time.perf_counter() - t0
    headers, rows = results_rows(args.sizes, {n: r.figures for n, r in results.items()})
    print(text_table(headers, rows))
    compared = peer_rows(args.sizes, {n: r.figures for n, r in results.items()})
    if compared:
        print(text_table(PEER_HEADERS, compared))
    text = report(args.sizes, results, info, command.strip(), started, seconds, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    raw = {
        "command": command,
        "started": started.isoformat(timespec="seconds"),
        "machine": info,
        "sizes": {
            n: {"figures": r.figures, "runs": r.runs, "notes": r.notes, "details": r.details}
            for n, r in results.items()
        },
    }
    (work / "results.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")
    log(
        f"bench: wrote {args.out} (raw figures in {work / 'results.json'}) "
        f"in {seconds / 60:.1f} min"
    )
    return 0
