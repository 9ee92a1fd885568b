"""Every page type in a real browser: zero axe-core violations (WCAG 2.2 AA), keyboard use,
phone and desktop layouts, and no errors in the console."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, example_model, header_search_overflow


def page_urls() -> list[tuple[str, str]]:
    """(what, path) for every page type, with a service in each capacity state."""
    site = example_model()
    urls = [
        ("home", "/"),
        ("a-z", "/a-z/"),
        ("search", "/search/"),
        ("accessibility", "/accessibility/"),
        ("privacy", "/privacy/"),
        ("add-or-update", "/add-or-update/"),
        ("404", "/404.html"),
    ]
    urls.append(("district", f"/districts/{site.config.districts[0].slug}/"))
    urls.append(("category", f"/categories/{site.categories[0].id}/"))
    renderer_overflow = sorted(
        (d.slug, c.id)
        for d in site.config.districts
        for c in site.categories
        if sum(1 for sv in site.serving(d) if c in sv.categories) > 10
    )
    slug, cid = renderer_overflow[0]
    urls.append(("district-category", f"/districts/{slug}/{cid}/"))
    urls.append(("organisation", f"/organisations/{next(iter(site.organisations))}/"))
    for status in ("open", "limited", "waitlist", "full", "paused"):
        sv = next(sv for sv in site.services if sv.capacity.status == status)
        urls.append((f"service-{status}", f"/{sv.url}"))
    for fresh in ("stale", "expired"):
        sv = next(sv for sv in site.services if sv.freshness == fresh)
        urls.append((f"service-{fresh}", f"/{sv.url}"))
    closed = next(sv for sv in site.services if sv.temporarily_closed)
    urls.append(("service-closed", f"/{closed.url}"))
    ended = site.ended_pauses[0]
    urls.append(("service-pause-ended", f"/{ended.url}"))
    return urls


URLS = page_urls()


@pytest.fixture
def errors(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    page.on("dialog", lambda d: (found.append("dialog: " + d.message), d.dismiss()))
    return found


@pytest.mark.parametrize("what,path", URLS, ids=[u[0] for u in URLS])
def test_no_accessibility_violations(page: Page, errors: list[str], what: str, path: str):
    page.goto(path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert errors == []


def test_search_page_with_results_has_no_violations(page: Page, errors: list[str]):
    page.goto("/search/?q=lunch&all=1")
    expect(page.locator("#search-results li").first).to_be_visible()
    details = page.locator("details.held")
    assert details.count() == 0
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert errors == []


def test_held_back_services_open_without_violations(page: Page):
    """The collapsed 'not taking new people' section is accessible when opened too."""
    site = example_model()
    district = next(
        d for d in site.config.districts if any(not site.listed(sv) for sv in site.serving(d))
    )
    page.goto(f"/districts/{district.slug}/")
    summary = page.locator("details.held summary").first
    summary.click()
    expect(page.locator("details.held[open]").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_skip_link_and_visible_focus(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0, "the skip link is on screen when focused"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands inside the main content, with a visible focus style.
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const el = document.activeElement;
        const s = getComputedStyle(el);
        return {inMain: !!el.closest('main'), bg: s.backgroundColor, shadow: s.boxShadow,
                outline: s.outlineStyle}; }""")
    assert focused["inMain"]
    assert focused["bg"] == "rgb(255, 221, 0)" or focused["outline"] != "none"


def test_keyboard_reaches_every_link_and_control(page: Page):
    """Tabbing through the home page visits every link, field and button, in order."""
    page.goto("/")
    total = page.evaluate("""() => [...document.querySelectorAll(
        'a[href], input, select, button, summary')].filter(el => el.offsetParent !== null ||
        el.classList.contains('skip-link')).length""")
    seen = set()
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        seen.add(
            page.evaluate(
                "() => [...document.querySelectorAll('*')].indexOf(document.activeElement)"
            )
        )
    assert len(seen) >= total


def test_search_from_the_header_on_every_page(page: Page):
    page.goto("/a-z/")
    page.get_by_label("Search the directory").fill("lunch")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=lunch")
    expect(page.locator("#search-status")).to_contain_text("found for ‘lunch’")


@pytest.mark.parametrize("width", [375, 1280])
def test_layout_fits_phone_and_desktop(page: Page, width: int, tmp_path_factory):
    site = example_model()
    sv = next(sv for sv in site.services if sv.locations and sv.schedule and sv.phones)
    out: Path = tmp_path_factory.getbasetemp() / "screenshots"
    out.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [
        ("home", "/"),
        ("service", f"/{sv.url}"),
        ("district", f"/districts/{sv.district.slug}/"),
    ]:
        page.goto(path)
        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        if width == 375:
            # Targets outside running text are at least 24px high (WCAG 2.2 target size).
            small = page.evaluate("""() => [...document.querySelectorAll(
                'main a, button, input, select')].filter(el => {
                if (el.closest('p, dd, td')) return false;
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.height < 24; }).map(el => el.outerHTML.slice(0, 80))""")
            assert small == [], small


@pytest.mark.parametrize("what,path", URLS, ids=[u[0] for u in URLS])
def test_header_search_fits_a_phone_on_every_page(page: Page, errors, what: str, path: str):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert header_search_overflow(page) == [], path
    assert errors == []


def test_print_stylesheet_hides_navigation(page: Page):
    site = example_model()
    sv = site.services[0]
    page.goto(f"/{sv.url}")
    page.emulate_media(media="print")
    expect(page.locator(".header-search")).to_be_hidden()
    expect(page.locator(".footer-links")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()


@pytest.fixture(scope="module")
def split_a_to_z(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The example county built as a big county would be: an A to Z page per letter."""
    from directory.build.pipeline import build
    from directory.outputs import render

    from .conftest import EXAMPLE, TODAY, serve

    out = tmp_path_factory.mktemp("split") / "site"
    saved = render.AZ_SPLIT
    render.AZ_SPLIT = 50
    try:
        assert build(EXAMPLE, out, TODAY).ok
    finally:
        render.AZ_SPLIT = saved
    yield from serve(out)


@pytest.mark.parametrize("path", ["/a-z/", "/a-z/s/"])
def test_a_to_z_by_letter_has_no_violations(page: Page, split_a_to_z: str, path: str):
    page.goto(split_a_to_z + path)
    assert page.locator("nav.az a").count() > 10
    violations = axe_violations(page)
    assert violations == [], describe(violations)
