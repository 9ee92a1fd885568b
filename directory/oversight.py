"""Outputs for people who watch the directory rather than search it: the change record,
feeds and "What's new" pages (councillors following their district), and the follow page.

Each function here renders one output declared in outputs.py, from the build's Watch: what
changed since the previous build (changes.py). Feeds and "What's new" pages are made from
their own entries only, so a build that changes nothing they show reuses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import changes, feeds
from .changes import Change, History
from .model import Site

if TYPE_CHECKING:
    from .outputs import Build, Files


@dataclass
class Watch:
    """What this build knows of changes: the history to publish and what it found itself."""

    snapshot: dict[str, Any]
    history: History
    found: list[Change]
    scopes: dict[str, feeds.Scope]  # by key


def watch(site: Site, previous: Path | None) -> Watch:
    """Compare this build with the previous one (read from the folder `previous`)."""
    old_snapshot, old_history = changes.read_previous(previous)
    current = changes.snapshot(site)
    history, found = changes.update(old_history, old_snapshot, current, site)
    return Watch(current, history, found, {s.key: s for s in feeds.scopes(site)})


def _watch(b: Build) -> Watch:
    assert b.watch is not None, "the build compares with the previous one before rendering"
    return b.watch


def snapshot_file(b: Build, _key: str) -> Files:
    return [(changes.SNAPSHOT, changes.dump(_watch(b).snapshot))]


def change_file(b: Build, _key: str) -> Files:
    w = _watch(b)
    return [(changes.CHANGES, changes.dump(w.history.to_json(b.site.today.isoformat())))]


def history_facts(b: Build) -> list[object]:
    """What change outputs show besides their entries: [since, previous build's date]
    (feeds show only the first)."""
    w = _watch(b)
    return [w.history.since, w.history.previous_date]


def feed_keys(b: Build) -> list[str]:
    return list(_watch(b).scopes)


def page_keys(b: Build) -> list[str]:
    """A "What's new" page for everything, each area and each district (a category's
    changes are in its feeds; its page is the category page)."""
    return [k for k, s in _watch(b).scopes.items() if s.kind != "category"]


def scope_entries(b: Build, key: str) -> list[Change]:
    w = _watch(b)
    return feeds.entries_for(w.scopes[key], w.history)


def feed_files(b: Build, key: str) -> Files:
    w = _watch(b)
    scope = w.scopes[key]
    return [
        (scope.atom_path, feeds.atom(b.site, scope, w.history)),
        (scope.json_path, feeds.json_feed(b.site, scope, w.history)),
    ]


def whats_new_page(b: Build, key: str) -> Files:
    w = _watch(b)
    scope = w.scopes[key]
    others: list[tuple[str, str]] = []
    if scope.kind == "all":
        others = [(s.key, s.title) for s in w.scopes.values() if s.kind in ("area", "district")]
    title = "What's new" if scope.kind == "all" else f"What's new in {scope.title}"
    crumbs = [("Home", "")] + ([("What's new", "whats-new/")] if scope.kind != "all" else [])
    return [
        b.renderer.page(
            "whats_new.html",
            f"{scope.whats_new}index.html",
            scope=scope,
            history=w.history,
            changes=feeds.entries_for(scope, w.history),
            districts={d.slug: d.name for d in b.site.config.districts},
            others=others,
            title=title,
            description=f"Community services added, changed and no longer listed: {scope.title}.",
            breadcrumbs=crumbs,
        )
    ]


def follow_page(b: Build, _key: str) -> Files:
    scopes = list(_watch(b).scopes.values())
    groups = [
        ("Areas", [s for s in scopes if s.kind == "area"]),
        ("Districts", [s for s in scopes if s.kind == "district"]),
        ("Types of support", [s for s in scopes if s.kind == "category"]),
    ]
    return [
        b.renderer.page(
            "follow.html",
            "follow/index.html",
            groups=[(h, g) for h, g in groups if g],
            title="Follow changes",
            description="Get changes to community services by email or in a feed reader.",
            breadcrumbs=[("Home", "")],
        )
    ]
