"""What changed since the previous published build, in plain words.

Every build publishes two machine-readable files:

- the snapshot: what the site said about each service on this build (its name, where it
  is, its capacity, contacts, times, venues, freshness...), as shown to residents. It is in
  parts, one per district (`changes/snapshot/<district>.json`, the services whose home
  district it is), so that a change to one service rewrites one part;
  `changes/snapshot.json` gives the build date and names the parts;
- `changes/changes.json`: the change file: every change found by this build and by earlier
  ones, newest first, for the last HISTORY_DAYS days.

The next build reads both from the previous site (the output folder itself, or a folder given
with `--previous`, such as the one the nightly workflow downloads from the published site),
compares the previous snapshot with its own, and adds what it finds to the history. A
snapshot.json of the first format (every service in the one file) is read as well. The
snapshot is of the built site, not of the files, so changes that come from the date alone are
found as well: a pause that ended, a record that became out of date or left the lists.

Without a previous snapshot (the first build, or the published site could not be read) the
build is a baseline: it reports no changes rather than calling every service new.

Pure functions of data, apart from `read_previous`; the same inputs give the same output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.site.model import CAPACITY_ENDED, CAPACITY_LABEL, Service, Site

FORMAT = 1  # of the change file
SNAPSHOT_FORMAT = 2  # of the snapshot and its parts (1: every service in snapshot.json)
SNAPSHOT = "changes/snapshot.json"
CHANGES = "changes/changes.json"
_PART_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
HISTORY_DAYS = 92  # about three months of changes stay in the change file and the feeds
MAX_ENTRIES = 2000  # and never more than this many entries, newest kept


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")


def area_slug(area: str) -> str:
    """'North' -> 'north': the area's part of feed and page paths."""
    return _slug(area)


def _record(sv: Service, site: Site) -> dict[str, Any]:
    """A service as residents see it on this build: the fields a change is reported on."""
    cap = sv.capacity
    # While a service's phone and email are not shown (paused), the published snapshot and
    # the changes do not show them either: only a hash, to notice that they changed.
    hidden = site.contacts_hidden(sv)
    phones = [p.number for p in sv.phones]
    email = sv.email or ""
    if hidden:
        phones = [_hash(n) for n in phones]
        email = _hash(email) if email else ""
    return {
        "name": sv.name,
        "district": sv.district.slug,
        "areas": sorted({d.area for d in sv.areas_served}),
        "served": "county" if sv.county_wide else sorted(d.slug for d in sv.areas_served),
        "categories": [c.id for c in sv.categories],
        "organisation": sv.organisation.name,
        "summary": sv.summary,
        "description": _hash(sv.description or ""),
        "capacity": cap.status,
        "capacity_note": cap.note or "",
        "capacity_until": cap.until.isoformat() if cap.until else "",
        "capacity_ended": cap.ended or "",
        "status": sv.status,
        "listed": site.listed(sv),
        "hidden_reason": site.hidden_reason(sv) or "",
        "freshness": sv.freshness,
        # "" for an imported record no one has checked yet.
        "reviewed": sv.reviewed.isoformat() if sv.reviewed else "",
        "contacts_hidden": hidden,
        "phones": phones,
        "email": email,
        "website": sv.website or "",
        "venues": [
            f"{loc.name or loc.address or loc.town}, {loc.town} {loc.postcode}".strip()
            for loc in sv.locations
        ],
        "days": sorted({d for slot in sv.schedule for d in slot.days}, key=_DAYS.index),
        "times": [", ".join(t for t in (slot.when, slot.time) if t) for slot in sv.schedule],
        "cost": sv.cost_text,
        "access": list(sv.access),
        "ages": sv.age_text or "",
        "who": sv.who or "",
        "languages": [str(language) for language in sv.languages],
    }


def dated(sv: Service) -> tuple[object, ...]:
    """What a service's snapshot record takes from the build date: the model applies the
    date to capacity (a pause that ends on a date) and to freshness only, and the record's
    other fields come from its files and site.yaml."""
    return (sv.capacity.status, sv.capacity.ended, sv.freshness)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def snapshot(site: Site, services: Iterable[Service] | None = None) -> dict[str, Any]:
    """{"format", "date", "services": {id: record}}: what this build shows, for the next
    (of the services given, by default every service)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "date": site.today.isoformat(),
        "services": {
            sv.id: _record(sv, site) for sv in (site.services if services is None else services)
        },
    }


class ChangeRecordError(Exception):
    """The previous build's change record could not be read again while building."""


def part_path(district: str) -> str:
    """Where a district's part of the snapshot is published."""
    return f"changes/snapshot/{district}.json"


def snapshot_index(snap: dict[str, Any], districts: Iterable[str]) -> dict[str, Any]:
    """changes/snapshot.json: the build date and the parts, by district slug."""
    return {"format": SNAPSHOT_FORMAT, "date": snap["date"], "parts": sorted(districts)}


def snapshot_part(records: dict[str, dict[str, Any]], district: str) -> dict[str, Any]:
    """A district's part: {"format", "district", "services": {id: record}} for the services
    whose home district it is (records: this build's, for those services)."""
    return {"format": SNAPSHOT_FORMAT, "district": district, "services": records}


def by_district(snap: dict[str, Any], districts: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The snapshot's records split into parts: {district: {id: record}}, every district."""
    parts: dict[str, dict[str, Any]] = {d: {} for d in districts}
    for sid, rec in snap["services"].items():
        parts.setdefault(rec["district"], {})[sid] = rec
    return parts


@dataclass(frozen=True)
class Change:
    """One service's change on one build. kind: added, changed or removed.

    tags say what kind of change it holds besides: pause-ended, out-of-date (now shows
    "may be out of date"), unlisted (left lists and search), listed (back in them), full
    (stopped taking new people)."""

    date: str  # ISO date of the build that found it
    service: str  # service id
    name: str
    kind: str
    details: tuple[str, ...]  # each change in plain words
    fields: tuple[str, ...]  # the snapshot fields that changed
    tags: tuple[str, ...]
    district: str
    served: tuple[str, ...]  # district slugs served (all of them if county-wide)
    areas: tuple[str, ...]  # area names
    categories: tuple[str, ...]
    organisation: str

    @property
    def id(self) -> str:
        """Stable: the same change found again gives the same id."""
        text = json.dumps([self.kind, self.details], ensure_ascii=False)
        return f"{self.date}/{self.service}/{hashlib.sha256(text.encode()).hexdigest()[:10]}"

    @property
    def url(self) -> str | None:
        """The service's page, relative to the site root; None once it is removed."""
        return None if self.kind == "removed" else f"services/{self.service}/"

    @property
    def headline(self) -> str:
        if self.kind == "added":
            return f"New: {self.name}"
        if self.kind == "removed":
            return f"No longer listed: {self.name}"
        return f"Changed: {self.name}"

    @property
    def text(self) -> str:
        """The change in one sentence or a few."""
        return " ".join(d if d.endswith(".") else d + "." for d in self.details)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "service": self.service,
            "name": self.name,
            "kind": self.kind,
            "headline": self.headline,
            "details": list(self.details),
            "fields": list(self.fields),
            "tags": list(self.tags),
            "district": self.district,
            "served": list(self.served),
            "areas": list(self.areas),
            "categories": list(self.categories),
            "organisation": self.organisation,
            "url": self.url,
        }

    @classmethod
    def from_json(cls, rec: dict[str, Any]) -> Change:
        return cls(
            date=str(rec["date"]),
            service=str(rec["service"]),
            name=str(rec["name"]),
            kind=str(rec["kind"]),
            details=tuple(rec.get("details") or ()),
            fields=tuple(rec.get("fields") or ()),
            tags=tuple(rec.get("tags") or ()),
            district=str(rec.get("district", "")),
            served=tuple(rec.get("served") or ()),
            areas=tuple(rec.get("areas") or ()),
            categories=tuple(rec.get("categories") or ()),
            organisation=str(rec.get("organisation", "")),
        )

    def in_district(self, slug: str) -> bool:
        return slug in self.served

    def in_area(self, area: str) -> bool:
        return area in self.areas

    def in_category(self, cid: str) -> bool:
        return cid in self.categories


def _served(rec: dict[str, Any], all_districts: list[str]) -> tuple[str, ...]:
    served = rec.get("served")
    return tuple(all_districts) if served == "county" else tuple(served or ())


def _change(
    date: str, sid: str, rec: dict[str, Any], kind: str, details: list[str], fields: list[str],
    tags: list[str], all_districts: list[str],
) -> Change:  # fmt: skip
    return Change(
        date=date,
        service=sid,
        name=rec["name"],
        kind=kind,
        details=tuple(details),
        fields=tuple(fields),
        tags=tuple(tags),
        district=rec["district"],
        served=_served(rec, all_districts),
        areas=tuple(rec.get("areas") or ()),
        categories=tuple(rec.get("categories") or ()),
        organisation=rec.get("organisation", ""),
    )


def compare(previous: dict[str, Any] | None, current: dict[str, Any], site: Site) -> list[Change]:
    """The changes from the previous snapshot to this one, by service id. A removed service
    keeps the districts and categories it had, so the feeds it was in say it has gone."""
    if not previous:
        return []
    date = current["date"]
    before, after = previous.get("services") or {}, current["services"]
    everywhere = [d.slug for d in site.config.districts]
    names = {d.slug: d.name for d in site.config.districts}
    cats = {c.id: c.name for c in site.categories}
    out = []
    for sid in sorted(set(before) | set(after)):
        old, new = before.get(sid), after.get(sid)
        if old is None and new is not None:
            details = [f"Added to the directory: {new['summary']}"]
            tags = [] if new["listed"] else ["unlisted"]
            out.append(_change(date, sid, new, "added", details, [], tags, everywhere))
        elif new is None and old is not None:
            details = ["No longer in the directory"]
            out.append(_change(date, sid, old, "removed", details, [], [], everywhere))
        elif old is not None and new is not None and old != new:
            details, fields, tags = describe(old, new, names, cats)
            if details:
                out.append(_change(date, sid, new, "changed", details, fields, tags, everywhere))
    return out


def _list_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _difference(
    old: list[str], new: list[str], names: dict[str, str]
) -> tuple[list[str], list[str]]:
    """(names of the ids added, names of the ids removed)."""
    gained = [names.get(i, i) for i in new if i not in old]
    return gained, [names.get(i, i) for i in old if i not in new]


def _days(days: list[str]) -> str:
    return _list_words([d.capitalize() + "s" for d in days])


def _long(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def describe(
    old: dict[str, Any], new: dict[str, Any], districts: dict[str, str], cats: dict[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """(details in plain words, fields that changed, tags) between two snapshot records."""
    details: list[str] = []
    fields: list[str] = []
    tags: list[str] = []

    def changed(*names: str) -> bool:
        hit = [n for n in names if old.get(n) != new.get(n)]
        fields.extend(h for h in hit if h not in fields)
        return bool(hit)

    if changed("name"):
        details.append(f"Renamed from {old['name']} to {new['name']}")
    if changed("capacity"):
        status, ended = new["capacity"], new.get("capacity_ended")
        if ended:
            ended_words = CAPACITY_ENDED.get(ended, ("", f"The {ended} status has ended"))[1]
            details.append(f"{ended_words}: not yet confirmed as taking new people")
            tags.append("pause-ended")
        elif status == "open":
            details.append("Now taking new people")
        else:
            details.append(
                {
                    "full": "Now full: not taking new people",
                    "paused": "Now paused: not taking new people",
                    "limited": "Now a small group: expect a slow reply",
                    "waitlist": "Now has a waiting list",
                }.get(status, CAPACITY_LABEL.get(status, status))
            )
            if status in ("full", "paused"):
                tags.append("full")
        if new.get("capacity_until") and status != "open":
            details.append(f"Expected to change on {_long(new['capacity_until'])}")
    elif changed("capacity_until") and new.get("capacity_until"):
        details.append(f"Now expected to change on {_long(new['capacity_until'])}")
    if changed("capacity_note") and new.get("capacity_note"):
        details.append(f"Note about places: {new['capacity_note']}")
    if changed("status"):
        if new["status"] == "temporarily-closed":
            details.append("Temporarily closed")
        else:
            details.append("Open again after a temporary closure")
    private = old.get("contacts_hidden") or new.get("contacts_hidden")
    if not private and changed("phones"):
        added = [p for p in new["phones"] if p not in old["phones"]]
        if added:
            word = "number" if len(added) == 1 else "numbers"
            details.append(f"New phone {word}: {_list_words(added)}")
        elif not new["phones"]:
            details.append("Phone number removed")
        else:
            details.append("Phone numbers changed: " + _list_words(new["phones"]))
    if not private and changed("email"):
        details.append(
            f"New email address: {new['email']}" if new["email"] else "Email address removed"
        )
    if changed("website"):
        details.append(f"New website: {new['website']}" if new["website"] else "Website removed")
    if changed("days"):
        more = _days([d for d in new["days"] if d not in old["days"]])
        fewer = _days([d for d in old["days"] if d not in new["days"]])
        if more and fewer:
            details.append(f"Moved from {fewer} to {more}")
        elif more:
            details.append(f"Now also on {more}")
        elif fewer:
            details.append(f"No longer on {fewer}")
    if changed("times"):
        if new["times"]:
            times = "; ".join(new["times"])
            details.append(f"Times now: {times[0].lower()}{times[1:]}")
        else:
            details.append("Opening times removed: ask the organisation")
    if changed("venues"):
        moved = [v for v in new["venues"] if v not in old["venues"]]
        if moved and len(new["venues"]) == 1:
            details.append(f"Moved to {moved[0]}")
        elif moved:
            details.append("New venue: " + "; ".join(moved))
        else:
            gone = [v for v in old["venues"] if v not in new["venues"]]
            details.append("No longer meets at " + "; ".join(gone))
    if changed("cost"):
        details.append("Now free" if new["cost"] == "Free" else f"Cost now: {new['cost']}")
    if changed("access"):
        details.append("How to start has changed")
    if changed("ages") and new["ages"]:
        details.append(f"Now for {new['ages'][0].lower()}{new['ages'][1:]}")
    if changed("who") and new["who"]:
        details.append(f"Now for: {new['who']}")
    if changed("categories"):
        gained, lost = _difference(old["categories"], new["categories"], cats)
        if gained:
            details.append("Now listed under " + _list_words(gained))
        if lost:
            details.append("No longer listed under " + _list_words(lost))
    if changed("district"):
        details.append(
            f"Moved from {districts.get(old['district'], old['district'])} to "
            f"{districts.get(new['district'], new['district'])}"
        )
    if changed("served"):
        if new["served"] == "county":
            details.append("Now covers the whole area")
        elif old["served"] == "county":
            details.append("No longer covers the whole area")
        else:
            gained, lost = _difference(old["served"], new["served"], districts)
            if gained:
                details.append("Now also serves " + _list_words(gained))
            if lost:
                details.append("No longer serves " + _list_words(lost))
    if changed("organisation"):
        details.append(f"Now run by {new['organisation']}")
    if changed("summary"):
        details.append(f"New summary: {new['summary']}")
    if changed("description"):
        details.append("Description updated")
    if changed("languages"):
        details.append("Languages updated")
    if changed("freshness"):
        last = _long(new["reviewed"]) if new["reviewed"] else ""
        if new["freshness"] == "stale":
            details.append(f"May be out of date: last checked on {last}")
            tags.append("out-of-date")
        elif new["freshness"] == "expired":
            since = f"Not checked since {last}" if last else "Imported and never checked"
            details.append(f"{since}: left lists and search until it is checked")
            tags.append("out-of-date")
    if changed("reviewed") and new["reviewed"] and new["reviewed"] > old["reviewed"]:
        details.append(f"Checked on {_long(new['reviewed'])}")
    explained = {"capacity", "status", "reviewed", "freshness"} & set(fields)
    if changed("listed"):
        if new["listed"]:
            tags.append("listed")
            if not explained:
                details.append("Back in lists and search")
        else:
            tags.append("unlisted")
    return details, fields, tags


@dataclass
class History:
    """The change file: every build's changes, newest first, for HISTORY_DAYS days."""

    since: str  # the date of the first build this history knows (the baseline)
    entries: list[Change] = field(default_factory=list)
    previous_date: str | None = None  # the build compared against, if any

    def to_json(self, date: str) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "date": date,
            "previous_build": self.previous_date,
            "since": self.since,
            "entries": [c.to_json() for c in self.entries],
        }


def update(
    previous_history: dict[str, Any] | None,
    previous_snapshot: dict[str, Any] | None,
    current: dict[str, Any],
    site: Site,
) -> tuple[History, list[Change]]:
    """The new history and the changes this build found."""
    today = current["date"]
    found = compare(previous_snapshot, current, site)
    old: list[Change] = []
    since = str((previous_snapshot or {}).get("date") or today)
    if previous_history and previous_snapshot:
        since = str(previous_history.get("since") or since)
        for rec in previous_history.get("entries") or []:
            try:
                old.append(Change.from_json(rec))
            except (KeyError, TypeError, ValueError):
                continue  # an entry this version cannot read is left out, not fatal
    cutoff = (site.today - dt.timedelta(days=HISTORY_DAYS)).isoformat()
    new_ids = {c.id for c in found}
    kept = [c for c in old if c.date >= cutoff and c.id not in new_ids and c.date <= today]
    entries = sorted(found + kept, key=lambda c: (c.date, c.service, c.id), reverse=True)
    entries = entries[:MAX_ENTRIES]
    previous_date = str(previous_snapshot.get("date")) if previous_snapshot else None
    return History(since, entries, previous_date), found


def read_previous(folder: Path | None) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(snapshot, change file) from a previous site's folder; None for what is missing or
    unreadable (a previous build of another format, a truncated download). The snapshot is
    {"format", "date", "services": {id: record}}, put together from its parts; if any part
    named in snapshot.json cannot be read, there is no snapshot (rather than one that
    would make that part's services look new)."""
    if folder is None:
        return None, None
    return _read_snapshot(folder), _read_json(folder / CHANGES, (FORMAT,))


def read_part(folder: Path, district: str) -> dict[str, Any] | None:
    """One district's part of the snapshot in `folder`: {id: record}, None if unreadable."""
    part = _read_json(folder / part_path(district), (SNAPSHOT_FORMAT,))
    services = part.get("services") if part is not None else None
    return services if isinstance(services, dict) else None


def read_index(folder: Path) -> dict[str, Any] | None:
    """snapshot.json in `folder` (of this format), None if unreadable."""
    return _read_json(folder / SNAPSHOT, (SNAPSHOT_FORMAT,))


def read_history(folder: Path) -> dict[str, Any] | None:
    """changes.json in `folder`, None if unreadable."""
    return _read_json(folder / CHANGES, (FORMAT,))


def snapshot_parts(folder: Path) -> list[str]:
    """The district parts the snapshot.json in `folder` names ([] if it cannot be read):
    for fetching them from a published site."""
    return _part_names(_read_json(folder / SNAPSHOT, (SNAPSHOT_FORMAT,)))


def _part_names(index: dict[str, Any] | None) -> list[str]:
    parts = (index or {}).get("parts")
    if not isinstance(parts, list):
        return []
    return [p for p in parts if isinstance(p, str) and _PART_NAME.fullmatch(p)]


def record_files(folder: Path) -> list[Path]:
    """The files of the change record in `folder`: snapshot.json, its parts, changes.json."""
    parts = [folder / part_path(p) for p in snapshot_parts(folder)]
    return [folder / SNAPSHOT, *parts, folder / CHANGES]


def _read_snapshot(folder: Path) -> dict[str, Any] | None:
    index = _read_json(folder / SNAPSHOT, (1, SNAPSHOT_FORMAT))
    if index is None:
        return None
    if index["format"] == 1:  # every service in the one file
        return index if isinstance(index.get("services"), dict) else None
    names = _part_names(index)
    if not isinstance(index.get("parts"), list) or len(names) != len(index["parts"]):
        return None
    services: dict[str, Any] = {}
    for name in names:
        part = _read_json(folder / part_path(name), (SNAPSHOT_FORMAT,))
        if part is None or not isinstance(part.get("services"), dict):
            return None
        services.update(part["services"])
    return {"format": SNAPSHOT_FORMAT, "date": index.get("date"), "services": services}


def _read_json(path: Path, formats: tuple[int, ...]) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") not in formats:
        return None
    return data


def dump(data: Any) -> bytes:
    """Compact, sorted JSON: byte-identical for the same data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode()


def summary_lines(found: list[Change], history: History) -> list[str]:
    """For the build report."""
    if history.previous_date is None:
        return [
            "Changes: no previous build to compare with; this build is the baseline for the "
            "next one's change report."
        ]
    counts = {k: sum(1 for c in found if c.kind == k) for k in ("added", "changed", "removed")}
    lines = [
        f"Changes since the build of {history.previous_date}: {counts['added']} added, "
        f"{counts['changed']} changed, {counts['removed']} removed."
    ]
    for c in found:
        lines.append(f"  {c.headline} ({c.service}): {c.text}")
    return lines
