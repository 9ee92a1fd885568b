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


def test_reminders_have_a_ready_written_email_and_a_mail_merge_csv(site: Path):
    page = BeautifulSoup((site / "reminders/index.html").read_text(), "html.parser")
    links = [a for a in page.find_all("a") if a.get("href", "").startswith("mailto:")]
    assert links
    first = urlsplit(links[0]["href"])
    query = parse_qs(first.query)
    assert "@" in unquote(first.path)
    assert query["subject"][0].startswith("Please check your")
    body = query["body"][0]
    assert body.startswith("Dear ") and "https://directory.example.org/services/" in body
    assert "Thank you" in body
    rows = list(csv.DictReader(io.StringIO((site / "reminders/reminders.csv").read_text())))
    assert len(rows) == len(page.select("section.reminder"))
    for row in rows:
        assert row["message"].startswith(f"Dear {row['organisation']},")
        assert int(row["records"]) == len(row["services"].splitlines())
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
