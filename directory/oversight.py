"""Outputs for people who watch the directory rather than search it: the change file, feeds
and "What's new" pages (councillors following their district), and the follow page.

`outputs` returns {output path: bytes}, a pure function of the site, the history and the
templates. The pipeline writes them with the rest of the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import changes, feeds
from .changes import Change, History
from .model import Site
from .render import Renderer


@dataclass
class Watch:
    """What this build knows of changes: the history to publish and what it found itself."""

    snapshot: dict[str, Any]
    history: History
    found: list[Change]


def watch(site: Site, previous: Path | None) -> Watch:
    """Compare this build with the previous one (read from the folder `previous`)."""
    old_snapshot, old_history = changes.read_previous(previous)
    current = changes.snapshot(site)
    history, found = changes.update(old_history, old_snapshot, current, site)
    return Watch(current, history, found)


def outputs(renderer: Renderer, w: Watch) -> Iterator[tuple[str, bytes]]:
    """Every file: change file and snapshot, feeds, "What's new" pages, the follow page."""
    site = renderer.site
    today = site.today.isoformat()
    yield changes.SNAPSHOT, changes.dump(w.snapshot)
    yield changes.CHANGES, changes.dump(w.history.to_json(today))
    districts = {d.slug: d.name for d in site.config.districts}
    all_scopes = feeds.scopes(site)
    for scope in all_scopes:
        yield scope.atom_path, feeds.atom(site, scope, w.history)
        yield scope.json_path, feeds.json_feed(site, scope, w.history)
    for scope in all_scopes:
        if scope.key.startswith("category/"):
            continue  # a category's changes are in its feeds; its page is the category page
        others: list[tuple[str, str]] = []
        if scope.key == "all":
            others = [(s.key, s.title) for s in all_scopes if not s.key.startswith("category/")][1:]
        title = "What's new" if scope.key == "all" else f"What's new in {scope.title}"
        crumbs = [("Home", "")] + ([("What's new", "whats-new/")] if scope.key != "all" else [])
        yield renderer.page(
            "whats_new.html",
            f"{scope.whats_new}index.html",
            scope=scope,
            history=w.history,
            changes=feeds.entries_for(scope, w.history),
            districts=districts,
            others=others,
            title=title,
            description=f"Community services added, changed and no longer listed: {scope.title}.",
            breadcrumbs=crumbs,
        )
    groups = [
        ("Areas", [s for s in all_scopes if s.key.startswith("area/")]),
        ("Districts", [s for s in all_scopes if s.key.startswith("district/")]),
        ("Types of support", [s for s in all_scopes if s.key.startswith("category/")]),
    ]
    yield renderer.page(
        "follow.html",
        "follow/index.html",
        groups=[(h, g) for h, g in groups if g],
        title="Follow changes",
        description="Get changes to community services by email or in a feed reader.",
        breadcrumbs=[("Home", "")],
    )
