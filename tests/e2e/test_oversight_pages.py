"""The pages for councillors and commissioners in a real browser, after two builds with
changes between them: zero axe-core violations (WCAG 2.2 AA), and at 320 CSS px wide tables
scroll inside their own box rather than the page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from directory.build.pipeline import build

from .conftest import EXAMPLE, axe_violations, describe, serve

DAY1 = dt.date(2026, 11, 28)
DAY2 = dt.date(2026, 12, 1)

PAGES = [
    ("whats-new", "/whats-new/"),
    ("whats-new-district", "/whats-new/district/preston/"),
    ("whats-new-area", "/whats-new/area/central/"),
    ("follow", "/follow/"),
    ("councillors", "/councillors/"),
    ("councillors-district", "/councillors/preston/"),
    ("insight", "/insight/"),
    ("insight-capacity", "/insight/capacity/"),
    ("insight-freshness", "/insight/freshness/"),
    ("insight-who-runs", "/insight/who-runs/"),
    ("insight-duplicates", "/insight/duplicates/"),
    ("reminders", "/reminders/"),
    ("digest", "/digest/preston.html"),
]


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("oversight")
    county = tmp / "content"
    shutil.copytree(EXAMPLE, county)
    site = tmp / "site"
    assert build(county, site, DAY1, previous=site).ok
    lunch = county / "services/preston/tuesday-lunch-club.yaml"
    text = lunch.read_text().replace('"01632 960102"', '"01632 960188"')
    lunch.write_text(re.sub(r"capacity:\n  status: \w+", "capacity:\n  status: full", text))
    (county / "services/wyre/twiddle-muff-makers.yaml").unlink()
    # The same coffee morning entered again by another organisation: a probable duplicate.
    copy = (county / "services/preston/bsl-coffee-morning.yaml").read_text()
    copy = re.sub(
        r"^organisation: .*$", "organisation: preston-age-friendly-network", copy, flags=re.M
    )
    (county / "services/preston/bsl-coffee-morning-again.yaml").write_text(copy)
    assert build(county, site, DAY2, previous=site).ok
    return site


@pytest.fixture(scope="module")
def site_url(changed_site: Path) -> Iterator[str]:
    yield from serve(changed_site)


@pytest.mark.parametrize("what,path", PAGES, ids=[p[0] for p in PAGES])
def test_no_accessibility_violations(page: Page, site_url: str, what: str, path: str):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # The digest is an email: it links no icon, so the browser's own /favicon.ico is a 404.
    assert errors == [] or what == "digest", errors


def test_changes_are_on_the_whats_new_page(page: Page, site_url: str):
    page.goto(site_url + "/whats-new/district/preston/")
    assert page.get_by_role("link", name="Changed: Tuesday Lunch Club").is_visible()


@pytest.mark.parametrize("path", ["/insight/", "/insight/duplicates/", "/councillors/preston/"])
def test_wide_tables_scroll_in_their_box_at_320px(browser: Browser, site_url: str, path: str):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + path)
    # The page's own content (the header's search form is the home page issue's to fit).
    inner, outer = page.evaluate(
        "() => { const m = document.querySelector('main'); return [m.scrollWidth, m.clientWidth]; }"
    )
    assert inner <= outer, f"{path}: the content is {inner}px wide in {outer}px at 320px"
    assert page.locator(".table-scroll").count() > 0
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    context.close()
