"""`directory build`: real sites built in temporary folders and read back."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.build.pipeline import build
from directory.build.publish import MARKER, PublishError, safe_relpath
from directory.outputs import render

from .conftest import EXAMPLE, TODAY, write

SERVICE = """\
name: {name}
organisation: preston-age-friendly-network
summary: {name} summary.
categories: [lunch-clubs]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960{n:03d}"
  email: s{n}@example.org
reviewed: {reviewed}
{extra}
"""


def add_service(
    content: Path,
    sid: str,
    n: int,
    district: str = "preston",
    reviewed: str = "2026-06-01",
    extra: str = "",
    name: str = "",
) -> None:
    write(
        content / f"services/{district}/{sid}.yaml",
        SERVICE.format(
            name=name or sid.replace("-", " ").title(), n=n, reviewed=reviewed, extra=extra
        ),
    )


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_bytes(), "html.parser")


def listed_names(page: BeautifulSoup, section_id: str = "lunch-clubs") -> list[str]:
    section = page.find(id=section_id).find_parent("section")
    main_list = section.find("ul", class_="results", recursive=False)
    return [h.get_text() for h in main_list.select(".result-title")] if main_list else []


def held_names(page: BeautifulSoup, section_id: str = "lunch-clubs") -> list[str]:
    section = page.find(id=section_id).find_parent("section")
    return [h.get_text() for h in section.select("details.held .result-title")]


def test_cli_builds_the_example_county(run, tmp_path):
    result = run("build", "--content", str(EXAMPLE), "--out", "out", "--today", "2026-11-28")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert "Built out/ for 2026-11-28" in result.output
    for page in (
        "index.html",
        "a-z/index.html",
        "search/index.html",
        "404.html",
        "accessibility/index.html",
        "privacy/index.html",
        "add-or-update/index.html",
        "sitemap.xml",
        "robots.txt",
        "districts/preston/index.html",
        "search/county.terms.json",
        "search/county/0.json",
        "search/preston.docs.json",
    ):
        assert (out / page).is_file(), page
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://directory.example.org/districts/preston/</loc>" in sitemap
    assert "404" not in sitemap


def test_same_content_and_date_give_identical_bytes(tmp_path):
    a = build(EXAMPLE, tmp_path / "a", TODAY, jobs=1)
    b = build(EXAMPLE, tmp_path / "b", TODAY, jobs=2)
    assert a.ok and b.ok
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert build(EXAMPLE, tmp_path / "c", TODAY + dt.timedelta(days=1)).ok
    assert tree(tmp_path / "a") != tree(tmp_path / "c")


def test_content_error_leaves_the_published_site_untouched(content, run, tmp_path):
    assert run("build", "--out", "site", "--today", "2026-11-28").exit_code == 0
    before = tree(tmp_path / "site")
    add_service(content, "broken", 1, extra="capacity:\n  status: ful")
    result = run("build", "--out", "site", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert (
        "content/services/preston/broken.yaml:14: capacity.status: 'ful' is not one of "
        "open, limited, waitlist, full, paused (did you mean 'full'?)"
    ) in result.output
    assert "Nothing was published; site is unchanged." in result.output
    assert tree(tmp_path / "site") == before
    # No half-built folder is left beside it (only the build cache, and the two copies of
    # the site that `site` links to, publish.py).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site-cache",
        ".site.copy-1",
        ".site.copy-2",
        "content",
        "site",
    ]


def test_failure_part_way_leaves_the_published_site_untouched(content, tmp_path, monkeypatch):
    assert build(content, tmp_path / "site", TODAY).ok
    before = tree(tmp_path / "site")
    add_service(content, "second", 2)

    def explode(self, sv):  # the disk fills, a template breaks, the job is killed...
        raise OSError("No space left on device")

    monkeypatch.setattr(render.Renderer, "service", explode)
    with pytest.raises(OSError):
        build(content, tmp_path / "site", TODAY)
    assert tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_refuses_to_replace_a_folder_it_did_not_build(content, tmp_path):
    precious = write(tmp_path / "docs" / "notes.txt", "keep me")
    with pytest.raises(PublishError, match="was not built by this tool"):
        build(content, tmp_path / "docs", TODAY)
    assert precious.read_text() == "keep me"
    assert build(content, tmp_path / "fresh", TODAY).ok
    assert (tmp_path / "fresh" / MARKER).exists()


@pytest.mark.parametrize(
    "path",
    [
        "../escape.html",
        "/etc/passwd",
        "a/../../b",
        "a//b",
        "",
        "services/x y/index.html",
        "a/.hidden/../x",
    ],
)
def test_paths_cannot_escape_the_output_folder(path):
    with pytest.raises(PublishError):
        safe_relpath(path)


def without_org_capacity(content: Path) -> None:
    org = content / "organisations/preston-age-friendly-network.yaml"
    text = org.read_text()
    start = text.index("capacity:")
    end = text.index("reviewed:")
    org.write_text(text[:start] + text[end:])


def test_capacity_rules_in_lists_and_pages(content, tmp_path):
    without_org_capacity(content)
    (content / "services/preston/tuesday-lunch-club.yaml").unlink()
    add_service(content, "open-club", 1)
    add_service(content, "limited-club", 2, extra="capacity:\n  status: limited")
    add_service(content, "waitlist-club", 3, extra="capacity:\n  status: waitlist")
    add_service(content, "full-club", 4, extra="capacity:\n  status: full\n  note: Back soon.")
    add_service(content, "paused-club", 5, extra="capacity:\n  status: paused\n  until: 2027-01-31")
    add_service(
        content, "pause-over-club", 6, extra="capacity:\n  status: paused\n  until: 2026-11-27"
    )
    add_service(content, "stale-club", 7, reviewed="2025-10-01")
    add_service(content, "expired-club", 8, reviewed="2024-10-01")
    add_service(content, "closed-club", 9, extra="status: temporarily-closed")
    result = build(content, tmp_path / "site", TODAY)
    assert result.ok, result.problems
    site = tmp_path / "site"
    page = soup(site, "districts/preston/index.html")
    shown = listed_names(page)
    # Open (and ended pauses, whose capacity is unknown) come before limited and waitlist.
    assert set(shown[:3]) == {"Open Club", "Pause Over Club", "Stale Club"}
    assert set(shown[3:]) == {"Limited Club", "Waitlist Club"}
    assert set(held_names(page)) == {"Full Club", "Paused Club", "Expired Club", "Closed Club"}

    paused = soup(site, "services/paused-club/index.html")
    text = paused.get_text(" ", strip=True)
    assert "paused and is not taking new people" in text
    assert "expects to reopen after 31 January 2027" in text
    assert not paused.select('a[href^="tel:"]') and not paused.select('main a[href^="mailto:s"]')
    full = soup(site, "services/full-club/index.html")
    assert full.select('a[href^="tel:"]'), "full services keep their phone number"
    assert "Back soon." in full.get_text()
    assert "may be out of date" in soup(site, "services/stale-club/index.html").get_text()
    assert "may be out of date" not in soup(site, "services/open-club/index.html").get_text()
    ended_page = soup(site, "services/pause-over-club/index.html").get_text(" ")
    assert "Taking new people" not in ended_page  # the record never said so
    assert "This service was paused until 27 November 2026" in ended_page

    a_z = soup(site, "a-z/index.html")
    main_lists = [
        h.get_text()
        for ul in a_z.select("section > ul.results")
        for h in ul.select(".result-title")
    ]
    assert "Paused Club" not in main_lists and "Open Club" in main_lists

    assert result.site is not None
    assert [sv.id for sv in result.site.ended_pauses] == ["pause-over-club"]
    # The record never said it takes new people again: no such claim, and the page says
    # when the pause was due to end (a user trial found "Taking new people" here).
    ended = next(sv for sv in result.site.services if sv.id == "pause-over-club")
    assert ended.capacity.status == "unknown" and not ended.capacity.label
    page = soup(tmp_path / "site", "services/pause-over-club/index.html").get_text(" ")
    assert "Taking new people" not in page
    assert "This service was paused until" in page and "whether it is taking new people" in page


def test_services_inherit_their_organisations_capacity(content, tmp_path):
    add_service(content, "inherits", 1)
    add_service(content, "own-capacity", 2, extra="capacity:\n  status: open")
    result = build(content, tmp_path / "site", TODAY)
    assert result.site is not None
    by_id = {sv.id: sv for sv in result.site.services}
    assert by_id["inherits"].capacity.status == "limited"
    assert by_id["inherits"].capacity.inherited
    assert by_id["own-capacity"].capacity.status == "open"
    text = soup(tmp_path / "site", "services/inherits/index.html").get_text()
    assert "please allow a week for a reply" in text


def test_build_report_names_ended_pauses_and_expired_records(content, run):
    add_service(
        content, "pause-over-club", 6, extra="capacity:\n  status: paused\n  until: 2026-11-01"
    )
    add_service(content, "expired-club", 8, reviewed="2024-10-01")
    result = run("build", "--out", "site", "--today", "2026-11-28")
    assert result.exit_code == 0, result.output
    assert (
        "content/services/preston/pause-over-club.yaml: the paused status has ended"
        in result.output
    )
    assert (
        "content/services/preston/expired-club.yaml: last checked 2024-10-01; please check it"
    ) in result.output
    assert "1 not in lists (1 not checked for over 24 months)" in result.output


def test_order_within_a_tier_rotates_with_the_date(content, tmp_path):
    without_org_capacity(content)
    for i in range(8):
        add_service(content, f"club-{i}", 10 + i)
    orders = set()
    for day in range(5):
        today = TODAY + dt.timedelta(days=day)
        assert build(content, tmp_path / "site", today).ok
        orders.add(tuple(listed_names(soup(tmp_path / "site", "districts/preston/index.html"))))
    assert len(orders) > 1, "the order changes from day to day"
    firsts = {order[0] for order in orders}
    assert len(firsts) > 1, "the same service is not always first"


def test_county_wide_and_multi_district_services_appear_in_each_district(content, tmp_path):
    add_service(content, "county-helpline", 1, extra="areas_served: [county]")
    add_service(
        content, "two-districts", 2, district="chorley", extra="areas_served: [chorley, wyre]"
    )
    assert build(content, tmp_path / "site", TODAY).ok
    site = tmp_path / "site"
    for district in ("preston", "burnley", "wyre"):
        assert "County Helpline" in listed_names(soup(site, f"districts/{district}/index.html"))
    assert "Two Districts" in listed_names(soup(site, "districts/wyre/index.html"))
    assert "Two Districts" not in soup(site, "districts/preston/index.html").get_text()
    category = soup(site, "categories/lunch-clubs/index.html")
    assert category.find(id="county").get_text() == "Across the county"


def test_site_templates_override_the_defaults_file_by_file(content, tmp_path):
    templates = tmp_path / "templates"
    write(
        templates / "404.html",
        '{% extends "base.html" %}{% block main %}<h1>Lost?</h1>{% endblock %}',
    )
    assert build(content, tmp_path / "site", TODAY, templates_dir=templates).ok
    assert "Lost?" in (tmp_path / "site/404.html").read_text()
    assert "Find community support" in (tmp_path / "site/index.html").read_text()


def test_a_typo_in_a_template_fails_the_build(content, tmp_path, run):
    write(
        tmp_path / "templates" / "404.html",
        '{% extends "base.html" %}{% block main %}{{ sevice.name }}{% endblock %}',
    )
    result = run("build", "--out", "site", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert "templates/404.html:1: 'sevice' is undefined" in result.output
    assert not (tmp_path / "site").exists()


def test_markdown_is_rendered_safely():
    html = render.render_markdown(
        "**Hi** <b>there</b>\n\n# Big\n\n[x](javascript:alert(1)) [ok](https://example.org)"
    )
    assert "<strong>Hi</strong> &lt;b&gt;there&lt;/b&gt;" in html
    assert "<h3>Big</h3>" in html
    assert "javascript" not in html and "<a>" not in html
    assert '<a href="https://example.org" rel="external noopener nofollow">ok</a>' in html


def page_weight(site: Path, page: str) -> int:
    """Bytes a browser downloads for a page, gzip-compressed: the HTML, its CSS and JS."""
    html = (site / page).read_bytes()
    doc = BeautifulSoup(html, "html.parser")
    total = len(gzip.compress(html, mtime=0))
    base = (site / page).parent
    for tag in doc.select('link[rel="stylesheet"], script[src]'):
        ref = tag.get("href") or tag.get("src")
        total += len(gzip.compress((base / str(ref)).resolve().read_bytes(), mtime=0))
    return total


def test_pages_stay_within_the_weight_budget(tmp_path):
    """A service page with its CSS and JS is at most 60 KB compressed (the heaviest one)."""
    assert build(EXAMPLE, tmp_path / "site", TODAY).ok
    site = tmp_path / "site"
    heaviest = max(
        page_weight(site, str(p.relative_to(site)))
        for p in (site / "services").glob("*/index.html")
    )
    assert heaviest <= 60_000, heaviest
    assert page_weight(site, "search/index.html") <= 60_000


def test_long_lists_link_to_a_page_of_them_all(content, tmp_path):
    """A district page shows at most 10 of a category; the rest are a link away."""
    without_org_capacity(content)
    for i in range(12):
        add_service(content, f"club-{i:02d}", 20 + i)
    assert build(content, tmp_path / "site", TODAY).ok
    site = tmp_path / "site"
    page = soup(site, "districts/preston/index.html")
    assert len(listed_names(page)) == 10
    link = page.find("a", string=re.compile("See all 13 lunch clubs"))
    assert link is not None and link["href"] == "../../districts/preston/lunch-clubs/"
    full = soup(site, "districts/preston/lunch-clubs/index.html")
    assert len(full.select("main ul.results .result-title")) == 13
    assert full.h1.get_text() == "Lunch clubs and community meals in Preston"
    category = soup(site, "categories/lunch-clubs/index.html")
    assert category.find("a", href="../../districts/preston/lunch-clubs/") is not None
    assert "districts/preston/lunch-clubs/" in (site / "sitemap.xml").read_text()
    # Small groups have no such page.
    assert not (site / "districts/chorley/lunch-clubs").exists()


def test_a_big_a_to_z_is_a_page_per_letter(content, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "AZ_SPLIT", 3)
    for i, name in enumerate(["Apple Club", "Banana Club", "Cherry Club", "1st Scouts"]):
        add_service(content, f"s-{i}", 40 + i, name=name)
    assert build(content, tmp_path / "site", TODAY).ok
    site = tmp_path / "site"
    index = soup(site, "a-z/index.html")
    letters = [a["href"] for a in index.select("nav.az a")]
    assert letters == ["../a-z/other/", "../a-z/a/", "../a-z/b/", "../a-z/c/", "../a-z/t/"]
    assert not index.select("ul.results")
    page_b = soup(site, "a-z/b/index.html")
    assert [h.get_text() for h in page_b.select(".result-title")] == ["Banana Club"]
    assert page_b.h1.get_text() == "All services A to Z: B"
    assert [h.get_text() for h in soup(site, "a-z/other/index.html").select(".result-title")] == [
        "1st Scouts"
    ]


def _frozen(_item: int) -> tuple[int, int]:
    import gc
    import os

    return os.getpid(), gc.get_freeze_count()


def test_workers_leave_the_shared_objects_out_of_garbage_collection():
    """While worker processes are forked from the build, everything the build holds is
    frozen (gc.freeze), so no collection copies the parent's pages into a worker."""
    import gc
    import os

    from directory.build.pipeline import _run

    results = list(_run(_frozen, list(range(8)), jobs=2))
    assert any(pid != os.getpid() for pid, _ in results)  # some ran in a worker
    assert all(count > 0 for _, count in results)
    assert gc.get_freeze_count() == 0  # and the build's own objects are collected again
