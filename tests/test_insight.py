"""Commissioning insight, councillors' district pages, reminders and the weekly digest, read
back from a real build of the example county and checked against figures worked out here
from the YAML files themselves (not from the site model)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from directory.build.pipeline import build
from directory.outputs.insight import probable_duplicates
from directory.records.content import read_content
from directory.site.model import build_site

from .conftest import EXAMPLE, TODAY

DUPLICATE_A = """\
name: Chorley Friendship Café
organisation: chorley-kindly-neighbours
summary: A warm drink and a chat for anyone who feels alone.
categories: [befriending]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960555"
reviewed: 2026-10-01
"""
DUPLICATE_B = """\
name: Friendship Cafe Chorley
organisation: euxton-seniors-club
summary: Tea, cake and company on Wednesday mornings.
categories: [befriending, older-people]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960555"
reviewed: 2026-10-05
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("insight") / "content"
    shutil.copytree(EXAMPLE, folder)
    (folder / "services/chorley/chorley-friendship-cafe.yaml").write_text(DUPLICATE_A)
    (folder / "services/chorley/friendship-cafe-chorley.yaml").write_text(DUPLICATE_B)
    return folder


@pytest.fixture(scope="module")
def site(county: Path) -> Path:
    out = county.parent / "site"
    result = build(county, out, TODAY)
    assert result.ok, result.problems
    return out


def read_csv(site: Path, name: str) -> list[dict[str, str]]:
    data = (site / "insight" / name).read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def months(earlier: dt.date, later: dt.date) -> int:
    n = (later.year - earlier.year) * 12 + later.month - earlier.month
    return n - (later.day < earlier.day)


def raw(county: Path) -> tuple[dict, dict, list[dict]]:
    """site.yaml, organisations by id and services (with their folder's district), as the
    YAML files hold them."""
    config = yaml.safe_load((county / "site.yaml").read_text())
    orgs = {
        p.stem: yaml.safe_load(p.read_text()) for p in (county / "organisations").glob("*.yaml")
    }
    services = []
    for p in sorted((county / "services").glob("*/*.yaml")):
        rec = yaml.safe_load(p.read_text())
        rec["_district"], rec["_id"] = p.parent.name, p.stem
        services.append(rec)
    return config, orgs, services


def served(rec: dict, districts: list[str]) -> list[str]:
    areas = rec.get("areas_served") or [rec["_district"]]
    return districts if "county" in areas else areas


def status(rec: dict, orgs: dict) -> str:
    cap = rec.get("capacity") or orgs[rec["organisation"]].get("capacity") or {"status": "open"}
    until = cap.get("until")
    if until is not None and until < TODAY and cap["status"] != "open":
        return "open"
    return cap["status"]


def listed(rec: dict, orgs: dict, hide_after: int) -> bool:
    return (
        status(rec, orgs) not in ("full", "paused")
        and rec.get("status") != "temporarily-closed"
        and months(rec["reviewed"], TODAY) < hide_after
    )


def test_districts_by_categories_match_the_records(county: Path, site: Path):
    config, orgs, services = raw(county)
    taxonomy = yaml.safe_load((county / "taxonomy.yaml").read_text())["categories"]
    districts = [d["slug"] for d in config["districts"]]
    names = {d["slug"]: d["name"] for d in config["districts"]}
    rows = {r["District"]: r for r in read_csv(site, "services-by-district-and-category.csv")}
    assert set(rows) == set(names.values())
    gaps = 0
    for slug in districts:
        row = rows[names[slug]]
        here = [s for s in services if slug in served(s, districts) and listed(s, orgs, 24)]
        assert int(row["All listed services"]) == len(here)
        for cat in taxonomy:
            expected = sum(1 for s in here if cat["id"] in s["categories"])
            assert int(row[cat["name"]]) == expected, (slug, cat["id"])
            gaps += expected == 0
    assert gaps > 0  # the example county has gaps, and the page marks each one
    page = BeautifulSoup((site / "insight/index.html").read_text(), "html.parser")
    table = page.find("table")
    assert len(table.select("td.flag-gap")) == gaps
    assert all(td.get_text() == "none" for td in table.select("td.flag-gap"))
    assert table.find("th", scope="col") and table.find("th", scope="row")


def test_per_resident_figures_use_the_populations_in_site_yaml(county: Path, site: Path):
    config, orgs, services = raw(county)
    districts = [d["slug"] for d in config["districts"]]
    pops = {d["name"]: d["population"] for d in config["districts"]}
    # The example county's own figures (Census 2021), read here from site.yaml.
    assert all(pops.values()) and "Census 2021" in config["population_source"]
    counts = {r["District"]: r for r in read_csv(site, "services-by-district-and-category.csv")}
    per = read_csv(site, "services-per-10000-residents.csv")
    assert [r["District"] for r in per] == [d["name"] for d in config["districts"]]
    for row in per:
        name = row["District"]
        assert int(row["Residents"]) == pops[name]
        for col, value in row.items():
            if col in ("District", "Residents"):
                continue
            assert float(value) == pytest.approx(
                round(10_000 * int(counts[name][col]) / pops[name], 2)
            )
    # The lowest non-empty figure of each category is marked on the page.
    page = BeautifulSoup((site / "insight/index.html").read_text(), "html.parser")
    rate_table = page.find_all("table")[1]
    lowest = rate_table.select("td.flag-lowest")
    assert lowest and all("(lowest)" in td.get_text() for td in lowest)
    assert districts


def test_capacity_freshness_and_who_runs_them(county: Path, site: Path):
    config, orgs, services = raw(county)
    districts = [d["slug"] for d in config["districts"]]
    names = {d["slug"]: d["name"] for d in config["districts"]}
    pressure = {r["District"]: r for r in read_csv(site, "capacity-pressure.csv")}
    fresh = {r["District"]: r for r in read_csv(site, "freshness.csv")}
    reliance = {r["District"]: r for r in read_csv(site, "reliance-on-micro-volunteer-groups.csv")}
    for slug in districts:
        here = [s for s in services if slug in served(s, districts)]
        statuses = [status(s, orgs) for s in here]
        row = pressure[names[slug]]
        assert int(row["Services"]) == len(here)
        for col, st in [("Full", "full"), ("Paused", "paused"), ("Waiting list", "waitlist")]:
            assert int(row[col]) == statuses.count(st)
        pressed = sum(statuses.count(s) for s in ("full", "paused", "waitlist", "limited"))
        assert int(row["Under pressure (share)"]) == round(100 * pressed / len(here))
        old = [s for s in here if months(s["reviewed"], TODAY) >= 12]
        assert int(fresh[names[slug]]["Not checked in 12 months"]) == len(old)
        gone = [s for s in here if months(s["reviewed"], TODAY) >= 24]
        assert int(fresh[names[slug]]["Not checked in 24 months (left lists)"]) == len(gone)
        shown = [s for s in here if listed(s, orgs, 24)]
        micro = [
            s
            for s in shown
            if orgs[s["organisation"]].get("size") == "micro"
            and orgs[s["organisation"]].get("volunteer_led")
        ]
        assert int(reliance[names[slug]]["Run by micro volunteer-run groups"]) == len(micro)
    sizes = {r["Size"]: r for r in read_csv(site, "organisations-by-size.csv")}
    for size in ("micro", "small", "medium", "large"):
        ids = {oid for oid, o in orgs.items() if o.get("size") == size}
        assert int(sizes[size.capitalize()]["Organisations"]) == len(ids)
        assert int(sizes[size.capitalize()]["Services"]) == sum(
            1 for s in services if s["organisation"] in ids
        )


def test_the_planted_near_duplicate_is_found_and_warned_about(county: Path, site: Path, run):
    rows = read_csv(site, "probable-duplicates.csv")
    pair = {rows[0]["Service"], rows[0]["Other service"]}
    assert pair == {"chorley-friendship-cafe", "friendship-cafe-chorley"}
    assert (
        rows[0]["What they share"] == "phone" and int(rows[0]["Name likeness (out of 100)"]) >= 80
    )
    assert len(rows) == 1  # nothing else in the example county looks alike
    page = BeautifulSoup((site / "insight/duplicates/index.html").read_text(), "html.parser")
    assert page.find("a", string="Chorley Friendship Café")
    result = run("validate", "--content", str(county), "--today", TODAY.isoformat())
    warned = [line for line in result.output.splitlines() if "probably the same service" in line]
    assert len(warned) == 2 and all("same phone" in w for w in warned)
    assert any(
        w.startswith(str(county / "services/chorley/friendship-cafe-chorley.yaml"))
        or "friendship-cafe-chorley.yaml:1: warning: name:" in w
        for w in warned
    )


def test_unrelated_groups_at_one_venue_are_not_duplicates(tmp_path: Path):
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    # Same phone, different names: not alike enough to be the same service.
    (folder / "services/chorley/a.yaml").write_text(DUPLICATE_A)
    (folder / "services/chorley/b.yaml").write_text(
        DUPLICATE_B.replace("Friendship Cafe Chorley", "Monday Chair Yoga")
    )
    content = read_content(folder, TODAY)
    model = build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )
    assert probable_duplicates(model.services) == []


def test_councillors_page_for_a_district(county: Path, site: Path):
    config, orgs, services = raw(county)
    districts = [d["slug"] for d in config["districts"]]
    here = [s for s in services if "preston" in served(s, districts)]
    page = BeautifulSoup((site / "councillors/preston/index.html").read_text(), "html.parser")
    text = page.main.get_text(" ", strip=True)
    held = [s for s in here if status(s, orgs) in ("full", "paused")]
    section = page.find(id="held").find_parent("section")
    assert len(section.select("li")) == len(held) > 0
    for s in held:
        assert s["name"] in section.get_text()
    due = []
    for s in here:
        reviewed = s["reviewed"]
        due_on = reviewed.replace(year=reviewed.year + 1)
        if (due_on - TODAY).days <= 30:
            due.append(s)
    check = page.find(id="check").find_parent("section")
    assert len(check.select("tbody tr")) == len(due) > 0
    for s in due:
        row = check.find("a", string=s["name"]).find_parent("tr")
        org = orgs[s["organisation"]]
        email = org.get("email") or (s.get("contacts") or {}).get("email")
        if email:
            assert row.find("a", href=f"mailto:{email}")
    by_cat = page.find(id="by-category").find_parent("section")
    assert len(by_cat.select("tbody tr")) == len(
        yaml.safe_load((county / "taxonomy.yaml").read_text())["categories"]
    )
    assert "digest/preston.html" in str(page)
    assert "Preston" in text


def test_reminders_have_a_ready_written_email_and_a_mail_merge_csv(county: Path, site: Path):
    _config, _orgs, services = raw(county)
    due: dict[str, int] = {}  # organisation id -> its records due within 30 days or overdue
    for s in services:
        reviewed = s["reviewed"]
        if (reviewed.replace(year=reviewed.year + 1) - TODAY).days <= 30:
            due[s["organisation"]] = due.get(s["organisation"], 0) + 1
    index = BeautifulSoup((site / "reminders/index.html").read_text(), "html.parser")
    listed = index.select("tr.reminder th a")
    assert listed
    rows = list(csv.DictReader(io.StringIO((site / "reminders/reminders.csv").read_text())))
    assert [a.get_text() for a in listed] == [row["organisation"] for row in rows]
    by_id = {row["organisation_id"]: row for row in rows}
    assert {oid: int(row["records"]) for oid, row in by_id.items()} == due
    assert {a["href"] for a in listed} == {f"../reminders/{oid}/" for oid in by_id}
    # Each organisation's page: its records and the same request as the CSV, ready to send.
    mailed = 0
    for oid, row in by_id.items():
        page = BeautifulSoup((site / f"reminders/{oid}/index.html").read_text(), "html.parser")
        assert page.h1.get_text() == row["organisation"]
        records = [li.get_text(" ", strip=True) for li in page.select("#records ~ ul li")]
        assert len(records) == int(row["records"]) == len(row["services"].splitlines())
        link = page.find("a", string=f"Email {row['organisation']}")
        assert (link is not None) == bool(row["email"])
        if link is None:
            continue
        mailed += 1
        first = urlsplit(link["href"])
        query = parse_qs(first.query)
        assert first.scheme == "mailto" and unquote(first.path) == row["email"]
        assert query["subject"][0] == row["subject"]
        assert query["subject"][0].startswith("Please check your")
        body = query["body"][0]
        assert body == row["message"].replace("\r\n", "\n")
        assert body.startswith("Dear ") and "https://directory.example.org/services/" in body
        assert "Thank you" in body
    assert mailed
    for row in rows:
        assert row["message"].startswith(f"Dear {row['organisation']},")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", row["earliest_due"])


def test_the_digest_is_an_email_in_two_parts(site: Path):
    html = (site / "digest/preston.html").read_text()
    text = (site / "digest/preston.txt").read_text()
    assert "the week to 28 November 2026" in html and text.startswith(
        "Community services in Preston: the week to 28 November 2026\n"
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "en-GB" and page.title.get_text()
    for a in page.find_all("a"):
        assert a["href"].startswith("https://directory.example.org/")  # works in an email
    assert "&amp;" not in text and "<" not in text
    checks = page.find("h2", string=re.compile("^Needs checking")).find_next("ul")
    assert len(checks.find_all("li")) == text.count("https://directory.example.org/services/")


def _inodes(site: Path, *folders: str) -> dict[str, int]:
    return {
        str(p.relative_to(site)): p.stat().st_ino
        for folder in folders
        for p in (site / folder).rglob("*")
        if p.is_file()
    }


def test_insight_and_reminders_are_made_again_only_where_a_change_shows(tmp_path: Path):
    """Each insight page is made from the figures it shows and each reminder from what it
    says: a one-change build renders only those whose content the change alters; every other
    file is the previous build's (hard-linked: the same inode)."""
    county = tmp_path / "content"
    shutil.copytree(EXAMPLE, county)
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    lunch = county / "services/preston/tuesday-lunch-club.yaml"

    def rebuild(old: str, new: str) -> tuple[set[str], dict[str, float]]:
        before = _inodes(site, "insight", "reminders")
        text = lunch.read_text()
        assert old in text
        lunch.write_text(text.replace(old, new, 1))
        result = build(county, site, TODAY, cache_dir=cache_dir, previous=site)
        assert result.ok, result.problems
        after = _inodes(site, "insight", "reminders")
        return {p for p in after if after[p] != before.get(p)} | (set(before) - set(after)), (
            result.work
        )

    assert build(county, site, TODAY, cache_dir=cache_dir, previous=site).ok
    reminded = sorted(p.parent.name for p in (site / "reminders").glob("*/index.html"))
    assert len(reminded) > 3 and "preston-age-friendly-network" not in reminded

    # A new summary is in none of the figures nor in any reminder.
    remade, work = rebuild("summary: A hot", "summary: A warm")
    assert remade == set()
    assert not {"insight", "reminders", "reminder"} & set(work)

    # A waiting list: the capacity figures change; the service is still listed, so the gaps
    # table (listed services) stands, and so do the other pages.
    remade, work = rebuild("status: open", "status: waitlist")
    assert remade == {"insight/capacity/index.html", "insight/capacity-pressure.csv"}

    # Last checked over a year ago: its organisation now has a reminder; the freshness
    # figures change; every other organisation's reminder is left as it was.
    remade, work = rebuild("reviewed: 2026-10-02", "reviewed: 2025-10-02")
    assert remade == {
        "insight/freshness/index.html",
        "insight/freshness.csv",
        "reminders/index.html",
        "reminders/reminders.csv",
        "reminders/preston-age-friendly-network/index.html",
    }
    page = (site / "reminders/preston-age-friendly-network/index.html").read_text()
    assert "Tuesday Lunch Club" in page and "last checked 2 October 2025; out of date" in page


IMPORTED = """\
name: Chorley Carers Drop-in
organisation: chorley-kindly-neighbours
summary: Time out and a listening ear for unpaid carers.
categories: [befriending]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960777"
imported:
  source: Chorley Family Information Service
  id: "FIS-1042"
  date: {date}
"""


def test_imported_records_not_yet_checked_are_on_every_list_to_check(tmp_path: Path):
    """Records brought in by an import and not checked since: on the organisation's reminder
    with where they came from and when they leave lists, on the councillors' page and in the
    freshness table; checked since the import, they count by that date like any other."""
    county = tmp_path / "content"
    shutil.copytree(EXAMPLE, county)
    chorley = county / "services" / "chorley"
    (chorley / "carers-drop-in.yaml").write_text(IMPORTED.format(date="2026-11-01"))
    # Imported long ago: its grace period is over, so it has left lists.
    (chorley / "carers-drop-in-old.yaml").write_text(
        IMPORTED.format(date="2026-01-05").replace("Drop-in", "Drop-in (Euxton)")
    )
    # Imported, then checked by a person last week: nothing to ask.
    checked = IMPORTED.format(date="2026-11-01").replace("Drop-in", "Drop-in (Coppull)")
    (chorley / "carers-drop-in-checked.yaml").write_text(checked + "reviewed: 2026-11-20\n")
    site = tmp_path / "site"
    result = build(county, site, TODAY)
    assert result.ok, result.problems

    page = (site / "reminders/chorley-kindly-neighbours/index.html").read_text()
    text = BeautifulSoup(page, "html.parser").select_one("#records ~ ul").get_text(" ")
    assert (
        "Chorley Carers Drop-in : imported from Chorley Family Information Service on "
        "1 November 2026 and not yet checked; leaves lists on 31 January 2027 unless checked"
    ) in " ".join(text.split())
    assert (
        "imported from Chorley Family Information Service on 5 January 2026 and not yet "
        "checked; left lists on 6 April 2026"
    ) in " ".join(text.split())
    assert "Coppull" not in page
    rows = list(csv.DictReader(io.StringIO((site / "reminders/reminders.csv").read_text())))
    row = next(r for r in rows if r["organisation_id"] == "chorley-kindly-neighbours")
    assert row["earliest_due"] == "2026-04-06"
    assert "imported from Chorley Family Information Service" in row["message"]
    councillors = (site / "councillors/chorley/index.html").read_text()
    assert "Chorley Carers Drop-in</a></th><td>imported from Chorley Family" in councillors
    freshness = {r["District"]: r for r in read_csv(site, "freshness.csv")}
    assert freshness["Chorley"]["Imported, not yet checked"] == "2"
    assert {r["Imported, not yet checked"] for d, r in freshness.items() if d != "Chorley"} == {"0"}
