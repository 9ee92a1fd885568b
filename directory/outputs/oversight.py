"""Outputs for people who watch the directory rather than search it: the change record,
feeds and "What's new" pages (councillors following their district), and the follow page.

Each function here renders one output declared in outputs.py, from the build's Watch: what
changed since the previous build (changes.py). Feeds and "What's new" pages are made from
their own entries only, so a build that changes nothing they show reuses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from directory.outputs import changes, checking, feeds, insight, render
from directory.outputs.changes import Change, History
from directory.outputs.render import CSP
from directory.site.model import Site

if TYPE_CHECKING:
    from directory.outputs.kinds import Build, Files


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


# Commissioning insight (insight.py) ------------------------------------------------------

INSIGHT_PAGES = ("", "capacity", "freshness", "who-runs", "duplicates")


def insight_page(b: Build, key: str) -> Files:
    """insight/<key>/index.html and a CSV per table on it."""
    site = b.site
    intro: list[str]
    if key == "":
        counts, per = insight.coverage(site)
        tables = [counts] + ([per] if per else [])
        title = "Gaps: services by district and type of support"
        intro = [
            "Where services are and where they are not: listed services serving each district, "
            "by type of support" + (", and per 10,000 residents." if per else "."),
            "Each table can be downloaded as a CSV file for a spreadsheet.",
        ]
    elif key == "capacity":
        tables = [insight.capacity(site)]
        title = "Capacity pressure"
        intro = ["How many services are full, paused, on a waiting list or have limited time."]
    elif key == "freshness":
        tables = [insight.freshness(site)]
        title = "How up to date the records are"
        intro = ["Records not checked for a long time may no longer be right."]
    elif key == "who-runs":
        tables = list(insight.who_runs(site))
        title = "Who runs the services"
        intro = [
            "How much of what is offered rests on small groups run by volunteers, who can be "
            "overwhelmed by too many referrals."
        ]
    else:
        tables = [insight.duplicates_table(site)[0]]
        title = "Probable duplicates"
        intro = [
            "Services run by different organisations that share contact details or a venue "
            "and have similar names. A person should look at each pair: some will be one "
            "service listed twice, others two groups doing the same thing in the same place."
        ]
    path = "insight/index.html" if key == "" else f"insight/{key}/index.html"
    crumbs = [("Home", "")] + ([("Insight", "insight/")] if key else [])
    page = b.renderer.page(
        "insight.html",
        path,
        tables=tables,
        intro=intro,
        current=f"{key}/" if key else "",
        title=title,
        description="Commissioning insight: " + title.lower() + ".",
        breadcrumbs=crumbs,
    )
    return [page] + [(f"insight/{t.slug}.csv", t.csv()) for t in tables]


# For councillors: a page per district, the weekly digest; reminders to check -------------

DIGEST_DAYS = 7


def district_changes(b: Build, slug: str, since: dt.date) -> list[Change]:
    """The district's changes from `since` to the build date, newest first."""
    start = since.isoformat()
    return [c for c in _watch(b).history.entries if c.date >= start and c.in_district(slug)]


def new_this_month(b: Build, slug: str) -> list[Change]:
    first = b.site.today.replace(day=1)
    return [c for c in district_changes(b, slug, first) if c.kind == "added"]


def digest_changes(b: Build, slug: str) -> list[Change]:
    return district_changes(b, slug, b.site.today - dt.timedelta(days=DIGEST_DAYS - 1))


def councillor_page(b: Build, slug: str) -> Files:
    site = b.site
    d = site.config.district(slug)
    services = b.lists.serving(slug)
    by_category = []
    for c in site.categories:
        in_cat = [sv for sv in services if c in sv.categories]
        by_category.append((c, sum(1 for sv in in_cat if site.listed(sv)), len(in_cat)))
    held = sorted(
        (sv for sv in services if sv.capacity.status in ("full", "paused")),
        key=lambda sv: (sv.name.lower(), sv.id),
    )
    checks = [
        (item, *checking.contact(item.service.organisation, [item.service]))
        for item in checking.to_check(services, site)
    ]
    return [
        b.renderer.page(
            "councillors.html",
            f"councillors/{slug}/index.html",
            district=d,
            services=services,
            listed=sum(1 for sv in services if site.listed(sv)),
            by_category=by_category,
            new=new_this_month(b, slug),
            held=held,
            checks=checks,
            title=f"{d.name}: for councillors",
            description=f"Community services in {d.name}: what is new, full or needs checking.",
            breadcrumbs=[("Home", ""), ("For councillors", "councillors/")],
        )
    ]


def councillors_index(b: Build, _key: str) -> Files:
    return [
        b.renderer.page(
            "councillors_index.html",
            "councillors/index.html",
            areas=b.renderer.areas,
            title="For councillors and commissioners",
            breadcrumbs=[("Home", "")],
        )
    ]


def digest(b: Build, slug: str) -> Files:
    """digest/<district>.html and .txt: the week's changes and what needs checking, ready
    to send as the two parts of an email."""
    site = b.site
    d = site.config.district(slug)
    items = digest_changes(b, slug)
    start = site.today - dt.timedelta(days=DIGEST_DAYS - 1)
    context = {
        "config": site.config,
        "today": site.today,
        "start": start,
        "district": d,
        "csp": CSP,
        "subject": f"Community services in {d.name}: the week to {render.longdate(site.today)}",
        "sections": [
            ("New", [c for c in items if c.kind == "added"]),
            ("Changed", [c for c in items if c.kind == "changed"]),
            ("No longer listed", [c for c in items if c.kind == "removed"]),
        ],
        "checks": checking.to_check(b.lists.serving(slug), site),
    }
    env = b.renderer.env
    html = env.get_template("digest.html").render(**context)
    text = env.get_template("digest.txt").render(**context).strip() + "\n"
    return [(f"digest/{slug}.html", html.encode()), (f"digest/{slug}.txt", text.encode())]


def reminders_page(b: Build, _key: str) -> Files:
    items = checking.reminders(b.site)
    page = b.renderer.page(
        "reminders.html",
        "reminders/index.html",
        items=items,
        title="Reminders to check",
        description="Organisations with records out of date or due for checking.",
        breadcrumbs=[("Home", ""), ("For councillors", "councillors/")],
    )
    return [page, ("reminders/reminders.csv", checking.reminders_csv(items, b.site))]
