"""What a build did, in words: for the person or the nightly job that ran it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from directory.build.pipeline import BuildResult
from directory.outputs import changes


def build_summary(result: BuildResult, out_dir: Path) -> str:
    if result.unchanged:
        return (
            f"Nothing has changed since the last build: {out_dir}/ is up to date "
            f"({result.pages} pages; checked in {result.seconds:.2f}s)."
        )
    site = result.site
    assert site is not None
    warnings = len(result.problems)
    listed = sum(1 for sv in site.services if site.listed(sv))
    reasons = Counter(h.reason for h in site.hidden)
    lines = [
        f"Built {out_dir}/ for {site.today.isoformat()}: {result.pages} pages, "
        f"{result.files} files, {result.bytes / 1_000_000:.1f} MB in {result.seconds:.2f}s"
        + (
            f" ({result.reused} outputs unchanged, {result.rendered} made)."
            if result.reused
            else "."
        ),
        f"{len(site.services)} services from {len(site.organisations)} organisations: "
        f"{listed} listed, {len(site.hidden)} not in lists"
        + (
            " (" + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())) + ")"
            if reasons
            else ""
        )
        + ".",
    ]
    for sv in site.ended_pauses:
        lines.append(
            f"  {sv.file}: the {sv.capacity.ended} status has ended (its `until` "
            "date has passed); it is listed again, with no capacity shown until the record "
            "says."
        )
    for sv in site.checking_list():
        if sv.reviewed is not None:
            lines.append(
                f"  {sv.file}: last checked {sv.reviewed.isoformat()}; please check it "
                "and update `reviewed`."
            )
        elif sv.imported is not None:
            left = "no longer listed" if sv.freshness == "expired" else "listed until checked"
            lines.append(
                f"  {sv.file}: imported from {sv.imported.source} on "
                f"{sv.imported.date.isoformat()} and not yet checked ({left}); please check "
                "it and add `reviewed`."
            )
    stale = sum(1 for sv in site.services if sv.freshness == "stale")
    if stale:
        lines.append(
            f"{stale} services show 'may be out of date' (checked more than "
            f"{site.config.warn_after_months} months ago)."
        )
    if result.watch is not None:
        lines += changes.summary_lines(result.watch.found, result.watch.history)
    if warnings:
        lines.append(f"{warnings} warning(s), shown above.")
    if result.timings:
        lines.append("Seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))
    if result.work:
        busiest = sorted(result.work.items(), key=lambda kv: -kv[1])
        lines.append(
            "CPU seconds by kind of output: " + ", ".join(f"{k} {v:.2f}" for k, v in busiest)
        )
    lines.append(f"To look at it: directory serve, or python -m http.server -d {out_dir}")
    return "\n".join(lines)
