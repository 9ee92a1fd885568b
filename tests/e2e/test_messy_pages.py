"""The messy content set (tests/messy/: long real-world names, addresses, links, a taxonomy
with parents, every schedule shape) in a real browser: no page scrolls sideways at 320 CSS px
(WCAG 2.2 1.4.10 Reflow), and every page type has zero axe-core violations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from directory.build.pipeline import build

from .conftest import TODAY, axe_violations, describe, header_search_overflow, serve

MESSY = Path(__file__).resolve().parents[1] / "messy"

PAGES = [
    ("home", "/"),
    ("search", "/search/"),
    ("search-results", "/search/?q=lunch&all=1"),
    ("a-z", "/a-z/"),
    ("district", "/districts/riverside/"),
    ("category-parent", "/categories/community-groups/"),
    ("category-child", "/categories/sports-and-exercise/"),
    ("organisation-long-name", "/organisations/harbourside-intergenerational/"),
    ("service-long-names", "/services/long-names/"),
    ("service-every-phone", "/services/listening-line/"),
    ("service-relay-text-whatsapp", "/services/relay-uk/"),
    ("service-people-and-fortnightly", "/services/fortnightly/"),
    ("service-term-time", "/services/term-time/"),
    ("service-imported", "/services/imported-new/"),
    ("service-no-venue-name", "/services/no-venue-name/"),
    ("service-online", "/services/online-only/"),
    ("service-long-description", "/services/long-description/"),
]
# (The 404 page links to the site's published folder, /directory/, which this server does not
# have; the example county's browser tests cover it.)


@pytest.fixture(scope="module")
def messy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("messy-browser") / "site"
    result = build(MESSY, out, TODAY)
    assert result.ok, [p.text() for p in result.problems]
    yield from serve(out)


@pytest.mark.parametrize("what,path", PAGES, ids=[p[0] for p in PAGES])
def test_no_sideways_scrolling_at_320px(page: Page, messy_url: str, what: str, path: str):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(messy_url + path)
    if what == "search-results":
        expect(page.locator("#search-results li").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map(el => el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40))
        .slice(0, 5)""")
    assert overflow <= 0, f"{path} is {overflow}px too wide at 320px: {wide}"


@pytest.mark.parametrize("what,path", PAGES, ids=[p[0] for p in PAGES])
def test_header_search_fits_at_320px(page: Page, messy_url: str, what: str, path: str):
    """An imported record's page among them: its header search, typed in, stays in the page."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(messy_url + path)
    assert header_search_overflow(page) == [], path


@pytest.mark.parametrize("what,path", PAGES, ids=[p[0] for p in PAGES])
def test_no_accessibility_violations(page: Page, messy_url: str, what: str, path: str):
    page.goto(messy_url + path)
    if what == "search-results":
        expect(page.locator("#search-results li").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_change_to_an_imported_record_keeps_where_it_came_from(page: Page, messy_url: str):
    """The form does not ask residents where an import found the record (source, id, date)
    but keeps it in the record a change sends."""
    page.goto(messy_url + "/suggest/?service=imported-new")
    expect(page.get_by_label("Name of the service")).to_have_value("Harbourside Youth Theatre")
    assert page.locator('[name^="imported"]').count() == 0
    expect(page.locator("#suggest-form")).not_to_contain_text("Its reference there")
    page.get_by_label("Date these details were checked").fill("2026-11-27")
    page.locator("#suggest-form button[type=submit]").click()
    expect(page.locator("#send")).to_be_visible()
    record = page.locator("#record").input_value()
    assert "imported:" in record and "FIS-00123" in record
    assert "Harbourside Family Information Service" in record
