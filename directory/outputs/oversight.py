"""Outputs for people who watch the directory rather than search it: the change record,
feeds and "What's new" pages (councillors following their district), and the follow page.

Each function here renders one output declared in outputs.py, from the build's Watch: what
changed since the previous build (changes.py). Feeds and "What's new" pages are made from
their own entries only, so a build that changes nothing they show reuses them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from directory.outputs import changes, checking, feeds, insight, render
from directory.outputs.changes import Change, History
from directory.outputs.render import CSP
from directory.site.model import Service, Site

if TYPE_CHECKING:
    from directory.outputs.kinds import Build, Files


@dataclass
class Watch:
    """What this build knows of changes: the history to publish and what it found itself.

    snapshot: this build's (changes.snapshot), or, when only some services changed since
    the previous build (watch's `changed`), only theirs, the other records being those of
    the previous build's parts in the folder `previous`."""

    snapshot: dict[str, Any]
    history: History
    found: list[Change]
    scopes: dict[str, feeds.Scope]  # by key
    previous: Path | None = None  # the parts of the unchanged services' records
    records_made: int = 0  # services whose snapshot record was made (the work done)
    _parts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def part(self, site: Site, district: str) -> dict[str, Any]:
        """{id: record} of the services whose home district is `district`."""
        if district not in self._parts:
            if self.previous is None:
                self._parts.update(changes.by_district(self.snapshot, _slugs(site)))
            else:
                records = changes.read_part(self.previous, district)
                if records is None:  # the previous site changed under the build
                    raise changes.ChangeRecordError(f"cannot read {district}'s part again")
                mine = self.snapshot["services"]
                records = {k: v for k, v in records.items() if k not in mine}
                records.update({k: v for k, v in mine.items() if v["district"] == district})
                self._parts[district] = records
        return self._parts.get(district, {})


def _slugs(site: Site) -> list[str]:
    return [d.slug for d in site.config.districts]


def watch(site: Site, previous: Path | None, changed: list[Service] | None = None) -> Watch:
    """Compare this build with the previous one (read from the folder `previous`).
    changed: the only services whose records may differ from those of the previous
    build's snapshot, when the date, the settings and the services are the same as then:
    only their records are made and compared (if the previous snapshot holds each of them
    in its home district's part; else every service's are)."""
    scopes = {s.key: s for s in feeds.scopes(site)}
    if previous is not None and changed is not None:
        quick = _watch_changed(site, previous, changed, scopes)
        if quick is not None:
            return quick
    old_snapshot, old_history = changes.read_previous(previous)
    current = changes.snapshot(site)
    history, found = changes.update(old_history, old_snapshot, current, site)
    return Watch(current, history, found, scopes, records_made=len(site.services))


def _watch_changed(
    site: Site, previous: Path, changed: list[Service], scopes: dict[str, feeds.Scope]
) -> Watch | None:
    index = changes.read_index(previous)
    if index is None or index.get("date") != site.today.isoformat():
        return None
    parts: dict[str, dict[str, Any]] = {}
    old = {}
    for sv in changed:
        district = sv.district.slug
        if district not in parts:
            records = changes.read_part(previous, district)
            if records is None:
                return None
            parts[district] = records
        if sv.id not in parts[district]:
            return None  # moved from another district, or not in the previous snapshot
        old[sv.id] = parts[district][sv.id]
    now = changes.snapshot(site, changed)
    history, found = changes.update(
        changes.read_history(previous), {**now, "services": old}, now, site
    )
    return Watch(now, history, found, scopes, previous, len(changed))


def _memo(b: Build, key: object, make: Callable[[], Any]) -> Any:
    """Worked out once per build: while planning (fingerprints), and inherited by the
    worker processes that render."""
    if key not in b.memo:
        b.memo[key] = make()
    return b.memo[key]


def _watch(b: Build) -> Watch:
    assert b.watch is not None, "the build compares with the previous one before rendering"
    return b.watch


def _districts(b: Build) -> list[str]:
    return [d.slug for d in b.site.config.districts]


def snapshot_file(b: Build, _key: str) -> Files:
    """changes/snapshot.json: the build date and the district parts."""
    index = changes.snapshot_index(_watch(b).snapshot, _districts(b))
    return [(changes.SNAPSHOT, changes.dump(index))]


def _home_services(b: Build) -> dict[str, list[Service]]:
    def split() -> dict[str, list[Service]]:
        out: dict[str, list[Service]] = {d: [] for d in _districts(b)}
        for sv in b.site.services:
            out[sv.district.slug].append(sv)
        return out

    return _memo(b, "home services", split)


def snapshot_part_from(b: Build, district: str) -> list[object]:
    """A district's part of the snapshot is made from its services' records and what each
    takes from the build date (changes.dated): quicker than the records it holds."""
    services = _home_services(b)[district]
    return [b.records_of(services), [changes.dated(sv) for sv in services]]


def snapshot_part_file(b: Build, district: str) -> Files:
    part = changes.snapshot_part(_watch(b).part(b.site, district), district)
    return [(changes.part_path(district), changes.dump(part))]


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


def insight_tables(b: Build, key: str) -> list[insight.Table]:
    """The tables on insight page `key` (INSIGHT_PAGES), except the probable duplicates."""
    site = b.site
    by_district = _memo(b, ("insight", "serving"), lambda: insight.serving(site))
    if key == "":
        counts, per = insight.coverage(site, by_district)
        return [counts] + ([per] if per else [])
    if key == "capacity":
        return [insight.capacity(site, by_district)]
    if key == "freshness":
        return [insight.freshness(site, by_district)]
    if key == "who-runs":
        return list(insight.who_runs(site, by_district))
    raise KeyError(key)


def insight_from(b: Build, key: str) -> list[object]:
    """What insight page `key` is made from: the cells of its tables, which are quick to
    count (so a change that alters no figure, such as a new summary, leaves the page as it
    is); for the probable duplicates, each service's name, organisation and the contact
    details and places it is matched on (working out the pairs is the costly part)."""
    if key == "duplicates":
        return [insight.duplicate_facts(sv) for sv in b.site.services]
    tables = _memo(b, ("insight", key), lambda: insight_tables(b, key))
    return [(t.slug, t.caption, t.headings, t.notes, t.row_headings, t.rows) for t in tables]


def insight_page(b: Build, key: str) -> Files:
    """insight/<key>/index.html and a CSV per table on it."""
    intro: list[str]
    if key == "duplicates":
        tables = [insight.duplicates_table(b.site)[0]]
    else:
        tables = _memo(b, ("insight", key), lambda: insight_tables(b, key))
    if key == "":
        title = "Gaps: services by district and type of support"
        intro = [
            "Where services are and where they are not: listed services serving each district, "
            "by type of support" + (", and per 10,000 residents." if len(tables) > 1 else "."),
            "Each table can be downloaded as a CSV file for a spreadsheet.",
        ]
    elif key == "capacity":
        title = "Capacity pressure"
        intro = ["How many services are full, paused, on a waiting list or have limited time."]
    elif key == "freshness":
        title = "How up to date the records are"
        intro = ["Records not checked for a long time may no longer be right."]
    elif key == "who-runs":
        title = "Who runs the services"
        intro = [
            "How much of what is offered rests on small groups run by volunteers, who can be "
            "overwhelmed by too many referrals."
        ]
    else:
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


def reminders(b: Build) -> dict[str, checking.Reminder]:
    """Every organisation with records to check, by organisation id, in name order."""
    return _memo(b, "reminders", lambda: {r.organisation.id: r for r in checking.reminders(b.site)})


def reminders_page(b: Build, _key: str) -> Files:
    """reminders/index.html, a list of the organisations with records to check, and
    reminders/reminders.csv, every reminder for a mail merge."""
    items = list(reminders(b).values())
    page = b.renderer.page(
        "reminders.html",
        "reminders/index.html",
        items=items,
        title="Reminders to check",
        description="Organisations with records out of date or due for checking.",
        breadcrumbs=[("Home", ""), ("For councillors", "councillors/")],
    )
    return [page, ("reminders/reminders.csv", checking.reminders_csv(items, b.site))]


def organisation_reminder(b: Build, oid: str) -> Files:
    """reminders/<organisation>/index.html: its records to check and the request to send."""
    r = reminders(b)[oid]
    return [
        b.renderer.page(
            "reminder.html",
            f"reminders/{oid}/index.html",
            r=r,
            title=f"Reminder to check: {r.organisation.name}",
            description=f"Records of {r.organisation.name} out of date or due for checking.",
            breadcrumbs=[
                ("Home", ""),
                ("For councillors", "councillors/"),
                ("Reminders to check", "reminders/"),
            ],
        )
    ]
