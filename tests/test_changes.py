"""What changed between two builds: the change file, the feeds and the "What's new" pages.

Two real builds of the example county, with changes between them of every kind a councillor
is told about: a service added, one changed (phone, day, capacity), one removed, a pause
that ends by its date, a record that becomes out of date. Feeds are read back with
feedparser (Atom) and checked against the JSON Feed 1.1 specification's rules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from directory.build.pipeline import build
from directory.outputs import changes

from .conftest import EXAMPLE
from .test_build import tree

DAY1 = dt.date(2026, 11, 28)
DAY2 = dt.date(2026, 12, 22)  # the Burnley holiday club's pause ends on 21 December
BASE = "https://directory.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"

ADDED = ("chorley", "chorley-repair-cafe")
CHANGED = ("preston", "tuesday-lunch-club")
REMOVED = ("wyre", "twiddle-muff-makers")
PAUSE_ENDS = ("burnley", "burnley-holiday-lunch-club")
GOES_STALE = ("west-lancashire", "west-lancashire-dial-a-ride")  # checked 9 December 2025

NEW_SERVICE = """\
name: Chorley Repair Cafe
organisation: chorley-kindly-neighbours
summary: Bring a broken lamp, toaster or coat and fix it with a volunteer.
categories: [older-people]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960777"
reviewed: 2026-11-30
"""

# JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the required members and their types.
JSON_FEED_11 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "language": {"type": "string"},
        "authors": {
            "type": "array",
            "items": {"type": "object", "required": ["name"]},
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {
                        "type": "string",
                        "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$",
                    },
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example county built on DAY1, changed, then built again on DAY2 into the same
    folder, reading the first build's change record from it (as the command line does)."""
    tmp = tmp_path_factory.mktemp("two-builds")
    county = tmp / "content"
    shutil.copytree(EXAMPLE, county)
    first = build(county, tmp / "site", DAY1, previous=tmp / "site")
    assert first.ok, first.problems
    shutil.copytree(tmp / "site", tmp / "site-day1")

    (county / "services" / ADDED[0] / f"{ADDED[1]}.yaml").write_text(NEW_SERVICE)
    path = county / "services" / CHANGED[0] / f"{CHANGED[1]}.yaml"
    text = path.read_text()
    text = text.replace('"01632 960102"', '"01632 960188"').replace(
        "days: [tuesday]", "days: [wednesday]"
    )
    text = re.sub(r"capacity:\n  status: \w+", "capacity:\n  status: full", text)
    path.write_text(text)
    (county / "services" / REMOVED[0] / f"{REMOVED[1]}.yaml").unlink()
    second = build(county, tmp / "site", DAY2, previous=tmp / "site")
    assert second.ok, second.problems
    return tmp


def change_file(site: Path) -> dict:
    return json.loads((site / changes.CHANGES).read_text())


def by_service(site: Path) -> dict[str, dict]:
    return {e["service"]: e for e in change_file(site)["entries"]}


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def test_the_first_build_is_a_baseline(two_builds: Path):
    first = change_file(two_builds / "site-day1")
    assert first["entries"] == [] and first["previous_build"] is None
    assert first["since"] == DAY1.isoformat()
    index = json.loads((two_builds / "site-day1" / changes.SNAPSHOT).read_text())
    districts = sorted(p.name for p in (EXAMPLE / "services").iterdir())
    assert index == {"format": 2, "date": DAY1.isoformat(), "parts": districts}
    part = json.loads((two_builds / "site-day1" / changes.part_path(CHANGED[0])).read_text())
    assert part["district"] == CHANGED[0] and CHANGED[1] in part["services"]
    snap = changes.read_previous(two_builds / "site-day1")[0]
    assert snap is not None and snap["date"] == DAY1.isoformat()
    assert {sid: rec["district"] for sid, rec in snap["services"].items()} == {
        p.stem: p.parent.name for p in (EXAMPLE / "services").glob("*/*.yaml")
    }
    page = BeautifulSoup((two_builds / "site-day1/whats-new/index.html").read_text(), "html.parser")
    assert "first build" in page.main.get_text()


def test_the_change_file_says_what_changed_in_plain_words(two_builds: Path):
    data = change_file(two_builds / "site")
    assert data["previous_build"] == DAY1.isoformat() and data["date"] == DAY2.isoformat()
    entries = by_service(two_builds / "site")

    added = entries[ADDED[1]]
    assert added["kind"] == "added" and added["headline"] == "New: Chorley Repair Cafe"
    assert added["url"] == f"services/{ADDED[1]}/" and added["served"] == ["chorley"]

    changed = entries[CHANGED[1]]
    assert changed["kind"] == "changed"
    assert "New phone number: 01632 960188" in changed["details"]
    assert "Moved from Tuesdays to Wednesdays" in changed["details"]
    assert "Now full: not taking new people" in changed["details"]
    assert {"phones", "days", "capacity"} <= set(changed["fields"])
    assert "full" in changed["tags"] and "unlisted" in changed["tags"]

    removed = entries[REMOVED[1]]
    assert removed["kind"] == "removed" and removed["url"] is None
    assert removed["district"] == "wyre" and removed["headline"].startswith("No longer listed")

    ended = entries[PAUSE_ENDS[1]]
    assert "pause-ended" in ended["tags"]
    assert any("not yet confirmed as taking new people" in d for d in ended["details"])

    stale = entries[GOES_STALE[1]]
    assert "out-of-date" in stale["tags"]
    assert "May be out of date: last checked on 9 December 2025" in stale["details"]

    # Every other entry is explained by the date alone: a record crossing the 12 or 24 month
    # line, or a capacity spell whose end date passed. Worked out here from the records.
    planted = {ADDED[1], CHANGED[1], REMOVED[1]}
    for sid, entry in entries.items():
        if sid in planted:
            continue
        record = next((two_builds / "content" / "services").glob(f"*/{sid}.yaml")).read_text()
        reviewed = dt.date.fromisoformat(re.search(r"^reviewed: (\S+)", record, re.M).group(1))
        crossed = {
            limit
            for limit in (12, 24)
            if months_between(reviewed, DAY1) < limit <= months_between(reviewed, DAY2)
        }
        until = re.search(r"^  until: (\S+)", record, re.M)
        ends = until is not None and DAY1 <= dt.date.fromisoformat(until.group(1)) < DAY2
        assert crossed or ends, (sid, entry)
        assert entry["kind"] == "changed"
        assert ("out-of-date" in entry["tags"]) == bool(crossed)
        assert ("pause-ended" in entry["tags"]) == ends
    ids = [e["id"] for e in data["entries"]]
    assert len(ids) == len(set(ids))
    assert [e["date"] for e in data["entries"]] == sorted(
        (e["date"] for e in data["entries"]), reverse=True
    )


def test_the_change_report_is_printed_by_the_build(tmp_path: Path, run):
    county = tmp_path / "content"
    shutil.copytree(EXAMPLE, county)
    assert run("build", "--content", "content", "--out", "out", "--today", "2026-11-28")
    (county / "services" / REMOVED[0] / f"{REMOVED[1]}.yaml").unlink()
    result = run("build", "--content", "content", "--out", "out", "--today", "2026-11-29")
    assert result.exit_code == 0, result.output
    assert "Changes since the build of 2026-11-28: 0 added, 0 changed, 1 removed." in result.output
    assert "No longer listed: Twiddle Muff Makers (twiddle-muff-makers)" in result.output


def atom_entries(site: Path, key: str) -> list:
    data = (site / f"feeds/{key}.atom").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    check_atom_structure(data)
    return parsed.entries


def check_atom_structure(data: bytes) -> None:
    """RFC 4287 4.1.1 and 4.1.2: what a feed and each entry must hold."""
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].startswith(BASE) and links["alternate"].startswith(BASE)
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:directory.example.org,")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert entry.find(f"{ATOM}content[@type='html']") is not None


def json_items(site: Path, key: str) -> list[dict]:
    feed = json.loads((site / f"feeds/{key}.json").read_text())
    jsonschema.validate(feed, JSON_FEED_11)
    assert feed["feed_url"] == f"{BASE}feeds/{key}.json"
    return feed["items"]


def test_every_affected_feed_has_an_entry_for_each_change(two_builds: Path):
    site = two_builds / "site"
    entries = by_service(site)
    expected = {
        "all": set(entries),
        "district/chorley": {s for s, e in entries.items() if "chorley" in e["served"]},
        "district/preston": {s for s, e in entries.items() if "preston" in e["served"]},
        "district/wyre": {s for s, e in entries.items() if "wyre" in e["served"]},
        "area/north": {s for s, e in entries.items() if "North" in e["areas"]},
        "area/central": {s for s, e in entries.items() if "Central" in e["areas"]},
        "category/lunch-clubs": {s for s, e in entries.items() if "lunch-clubs" in e["categories"]},
        "category/dementia": {s for s, e in entries.items() if "dementia" in e["categories"]},
    }
    assert ADDED[1] in expected["district/chorley"] and REMOVED[1] in expected["district/wyre"]
    assert CHANGED[1] in expected["category/lunch-clubs"] and REMOVED[1] in expected["area/north"]
    for key, services in expected.items():
        atom = atom_entries(site, key)
        items = json_items(site, key)
        assert {e["service"] for e in change_file(site)["entries"] if e["service"] in services}
        assert len(atom) == len(items) == len(services), key
        for entry, item in zip(atom, items, strict=True):
            assert entry.id == item["id"] and entry.title == item["title"]
            assert entry.link == item["url"]
        titles = {e.title for e in atom}
        for sid in services:
            assert entries[sid]["headline"] in titles
    preston = {e.title: e for e in atom_entries(site, "district/preston")}
    lunch = preston["Changed: Tuesday Lunch Club"]
    assert lunch.link == f"{BASE}services/{CHANGED[1]}/"
    assert lunch.updated.startswith(DAY2.isoformat())
    assert "New phone number: 01632 960188" in lunch.summary
    assert "<li>Moved from Tuesdays to Wednesdays</li>" in lunch.content[0].value
    wyre = {e.title: e for e in atom_entries(site, "district/wyre")}
    gone = wyre["No longer listed: Twiddle Muff Makers"]
    assert gone.link.startswith(f"{BASE}whats-new/district/wyre/#change-")
    # A district with nothing new has a valid, empty feed.
    quiet = [d for d in ("fylde", "lancaster", "hyndburn", "rossendale") if not expected.get(d)]
    assert quiet
    for key in ("district/fylde",):
        json_items(site, key)
        atom_entries(site, key)


def test_whats_new_pages_list_the_changes_for_their_district(two_builds: Path):
    site = two_builds / "site"
    page = BeautifulSoup(
        (site / "whats-new/district/preston/index.html").read_text(), "html.parser"
    )
    text = page.main.get_text(" ", strip=True)
    assert "Changed: Tuesday Lunch Club" in text and "Moved from Tuesdays to Wednesdays" in text
    assert "Twiddle Muff Makers" not in text
    link = page.find("a", string="Changed: Tuesday Lunch Club")
    assert link["href"] == f"../../../services/{CHANGED[1]}/"
    alt = page.find("link", rel="alternate", type="application/atom+xml")
    assert alt["href"] == "../../../feeds/district/preston.atom"
    whole = BeautifulSoup((site / "whats-new/index.html").read_text(), "html.parser")
    headings = [h.get_text() for h in whole.main.select(".result-title")]
    assert len(headings) == len(change_file(site)["entries"])
    assert whole.find("a", href="../whats-new/district/preston/")
    wyre = BeautifulSoup((site / "whats-new/district/wyre/index.html").read_text(), "html.parser")
    assert "No longer listed: Twiddle Muff Makers" in wyre.main.get_text(" ", strip=True)


def test_district_category_and_home_pages_link_their_feeds(two_builds: Path):
    site = two_builds / "site"
    for path, feed in [
        ("index.html", "feeds/all.atom"),
        ("districts/preston/index.html", "../../feeds/district/preston.atom"),
        ("categories/dementia/index.html", "../../feeds/category/dementia.atom"),
        ("whats-new/area/north/index.html", "../../../feeds/area/north.atom"),
    ]:
        page = BeautifulSoup((site / path).read_text(), "html.parser")
        alt = page.find("link", rel="alternate", type="application/atom+xml")
        assert alt is not None and alt["href"] == feed, path
        json_alt = page.find("link", rel="alternate", type="application/feed+json")
        assert json_alt["href"] == feed.replace(".atom", ".json")
        follow = page.find("a", string=re.compile("^Follow changes"))
        assert follow is not None and "follow/#" in follow["href"], path
    follow = BeautifulSoup((site / "follow/index.html").read_text(), "html.parser")
    text = follow.main.get_text(" ", strip=True)
    assert "feed to email" in text and "feed reader" in text
    assert follow.find(id="district-preston").find("a", href=f"{BASE}feeds/district/preston.atom")


def test_a_build_without_changes_keeps_the_history_and_is_reproducible(two_builds: Path, tmp_path):
    site = two_builds / "site"
    county = two_builds / "content"
    before = change_file(site)
    # The same content and date again, into a fresh folder, against the same previous site:
    # byte for byte the same site.
    copy = tmp_path / "copy"
    shutil.copytree(two_builds / "site-day1", copy)
    again = build(county, copy, DAY2, previous=copy)
    assert again.ok
    assert tree(copy) == tree(site)
    # The next day, with nothing changed: no new entries, the same ids, feeds unchanged.
    later = build(county, copy, DAY2 + dt.timedelta(days=1), previous=copy)
    assert later.ok and later.watch is not None and later.watch.found == []
    after = change_file(copy)
    assert after["entries"] == before["entries"] and after["previous_build"] == DAY2.isoformat()
    assert (copy / "feeds/district/preston.atom").read_bytes() == (
        site / "feeds/district/preston.atom"
    ).read_bytes()


def test_an_unreadable_previous_record_makes_a_baseline(tmp_path: Path):
    county = tmp_path / "content"
    shutil.copytree(EXAMPLE, county)
    prev = tmp_path / "prev" / "changes"
    prev.mkdir(parents=True)
    (prev / "snapshot.json").write_text('{"format": 1, "services": ')  # cut short
    result = build(county, tmp_path / "site", DAY1, previous=tmp_path / "prev")
    assert result.ok and result.watch is not None
    assert result.watch.found == [] and result.watch.history.previous_date is None


def test_a_snapshot_missing_a_part_makes_a_baseline(two_builds: Path, tmp_path: Path):
    """A part that cannot be read would make its services look new: no snapshot at all."""
    prev = tmp_path / "prev"
    shutil.copytree(two_builds / "site-day1" / "changes", prev / "changes")
    assert changes.read_previous(prev)[0] is not None
    (prev / changes.part_path("wyre")).write_text('{"format": 2, "services": ')  # cut short
    assert changes.read_previous(prev)[0] is None
    result = build(two_builds / "content", tmp_path / "site", DAY2, previous=prev)
    assert result.ok and result.watch is not None and result.watch.found == []


def test_a_snapshot_of_the_first_format_is_still_read(two_builds: Path, tmp_path: Path):
    """A site published before the snapshot was split (every service in snapshot.json) is
    compared with as well: the same changes are found."""
    prev = tmp_path / "prev" / "changes"
    prev.mkdir(parents=True)
    snap = changes.read_previous(two_builds / "site-day1")[0]
    assert snap is not None
    old = {"format": 1, "date": snap["date"], "services": snap["services"]}
    (prev / "snapshot.json").write_bytes(changes.dump(old))
    shutil.copy(two_builds / "site-day1" / changes.CHANGES, prev / "changes.json")
    assert changes.snapshot_parts(prev.parent) == []
    result = build(two_builds / "content", tmp_path / "site", DAY2, previous=prev.parent)
    assert result.ok and result.watch is not None
    expected = sorted(e["id"] for e in change_file(two_builds / "site")["entries"])
    assert sorted(c.id for c in result.watch.found) == expected != []


def test_old_changes_leave_the_history(two_builds: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(two_builds / "site", copy)
    much_later = DAY2 + dt.timedelta(days=changes.HISTORY_DAYS + 1)
    result = build(two_builds / "content", copy, much_later, previous=copy)
    assert result.ok
    dates = {e["date"] for e in change_file(copy)["entries"]}
    assert DAY2.isoformat() not in dates


def inodes(site: Path, folder: str, pattern: str = "*.atom") -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in (site / folder).rglob(pattern)}


def test_feeds_are_made_again_only_where_a_change_shows(tmp_path: Path):
    """A one-change build renders the feeds that list the change; every other feed is the
    previous build's file (hard-linked: the same inode), and so is every feed the next day."""
    county = tmp_path / "content"
    shutil.copytree(EXAMPLE, county)
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    assert build(county, site, DAY1, cache_dir=cache_dir, previous=site).ok
    before = inodes(site, "feeds")
    snapshot = inodes(site, "changes", "*.json")
    assert len(snapshot) > 10
    path = county / "services" / CHANGED[0] / f"{CHANGED[1]}.yaml"
    path.write_text(path.read_text().replace('"01632 960102"', '"01632 960188"'))
    one = build(county, site, DAY1, cache_dir=cache_dir, previous=site)
    assert one.ok and one.watch is not None and [c.service for c in one.watch.found] == [CHANGED[1]]
    after = inodes(site, "feeds")
    remade = {p for p in after if after[p] != before[p]}
    # The snapshot: only the part of the changed service's district is written again.
    parts = inodes(site, "changes", "*.json")
    assert {p for p in parts if parts[p] != snapshot[p]} == {
        changes.part_path(CHANGED[0]),
        changes.CHANGES,
    }
    assert remade == {
        "feeds/all.atom",
        "feeds/area/central.atom",
        "feeds/district/preston.atom",
        "feeds/district/south-ribble.atom",
        "feeds/category/lunch-clubs.atom",
        "feeds/category/older-people.atom",
    }
    assert len(after) > 30
    # The next day, nothing new to say: not one feed is made again.
    quiet = DAY1 + dt.timedelta(days=1)
    nxt = build(county, site, quiet, cache_dir=cache_dir, previous=site)
    assert nxt.ok and nxt.watch is not None and nxt.watch.found == []
    assert inodes(site, "feeds") == after


def test_the_weekly_digest_lists_the_weeks_changes_for_its_district(two_builds: Path):
    site = two_builds / "site"
    entries = by_service(site)
    text = (site / "digest/preston.txt").read_text()
    page = BeautifulSoup((site / "digest/preston.html").read_text(), "html.parser")
    assert text.startswith("Community services in Preston: the week to 22 December 2026\n")
    changed = page.find("h2", string=re.compile(r"^Changed \(\d+\)$"))
    items = changed.find_next("ul").get_text(" ", strip=True)
    assert "Tuesday Lunch Club" in items and "New phone number: 01632 960188" in items
    assert "Tuesday Lunch Club (Preston Age Friendly Network, 22 December 2026)" in text
    preston = {s for s, e in entries.items() if "preston" in e["served"]}
    for heading, kind in (
        ("New", "added"),
        ("Changed", "changed"),
        ("No longer listed", "removed"),
    ):
        expected = sum(1 for s in preston if entries[s]["kind"] == kind)
        assert f"{heading} ({expected})" in text
        assert page.find("h2", string=f"{heading} ({expected})")
    wyre = (site / "digest/wyre.txt").read_text()
    assert "No longer listed (" in wyre and "Twiddle Muff Makers" in wyre
    chorley = (site / "digest/chorley.txt").read_text()
    assert "Chorley Repair Cafe" in chorley and "New (" in chorley
    # The first build's digest had nothing to report.
    first = (two_builds / "site-day1/digest/preston.txt").read_text()
    assert "New (0)" in first and "Changed (0)" in first


def test_the_snapshot_keeps_a_paused_services_contacts_private(two_builds: Path):
    snap = changes.read_previous(two_builds / "site")[0]["services"]
    paused = [sid for sid, rec in snap.items() if rec["contacts_hidden"]]
    assert paused
    data = "".join(p.read_text() for p in (two_builds / "site" / "changes").rglob("*.json"))
    for sid in paused:
        record = next((two_builds / "content" / "services").glob(f"*/{sid}.yaml")).read_text()
        for number in re.findall(r'number: "([^"]+)"', record):
            assert number not in data, (sid, number)
