"""Near me, open now and the filters, in a real browser on the example county; each result
is checked against the records themselves, worked out here independently."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect

from directory.outputs.search import coordinates
from directory.records.schedule import bank_holidays
from directory.site import geo

from .conftest import axe_violations, describe, example_model
from .test_search import settled

SEARCH_LABEL = "Search for a service, an activity or a need"


def results(page: Page, **params: str) -> list[str]:
    page.goto("/search/?" + urlencode(params))
    settled(page)
    more = page.get_by_role("button", name="Show more results")
    while more.is_visible():
        more.click()
    return page.locator("#search-results .result-title").all_inner_texts()


def status(page: Page) -> str:
    return page.locator("#search-status").inner_text()


@pytest.fixture(scope="module")
def places() -> geo.Places:
    return geo.site_places(example_model())


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 3958.8 * 2 * math.asin(min(1, math.sqrt(h)))


def listed():  # type: ignore[no-untyped-def]
    site = example_model()
    return [sv for sv in site.services if site.listed(sv)]


def distances(page: Page) -> list[float | None]:
    out: list[float | None] = []
    for meta in page.locator("#search-results .result-meta").all_inner_texts():
        if "at this postcode" in meta:
            out.append(0.0)
        elif m := re.search(r"([\d.]+) miles? away", meta):
            out.append(float(m.group(1)))
        elif "less than 0.1 miles" in meta:
            out.append(0.05)
        else:
            out.append(None)
    return out


@pytest.mark.parametrize("typed", ["PR1 8UH", "pr18uh"])
def test_a_postcode_typed_near_sorts_by_distance(page: Page, typed: str):
    names = results(page, near=typed)
    assert "near PR1 8UH" in status(page)
    got = distances(page)
    located = [d for d in got if d is not None]
    assert located == sorted(located) and len(located) > 20
    # Services with no place to go to come after every located one, not as far away.
    first_none = got.index(None)
    assert all(d is None for d in got[first_none:])
    assert got[0] == 0.0 and names


def test_a_full_postcode_in_the_search_box_finds_services_at_it_and_near_it(page: Page):
    at = {sv.name for sv in listed() if any(loc.postcode == "PR1 8UH" for loc in sv.locations)}
    names = results(page, q="PR1 8UH")
    assert set(names[: len(at)]) == at
    assert distances(page)[: len(at)] == [0.0] * len(at)
    assert len(names) > len(at) + 10, "services near it are listed too"


def test_services_in_range_are_counted(page: Page, places: geo.Places):
    """Within 5 miles: every service with a place that close, in any district; and the
    services with no place to go to (phone, online, county-wide) that serve Preston."""
    origin = places.locate("PR1 8UH")
    assert origin is not None
    site = example_model()
    preston = {sv.id for sv in site.serving(site.config.district("preston"))}
    expected = set()
    for sv in listed():
        c = coordinates(sv, places)
        placeless = sv.county_wide or not sv.locations
        close = any(miles(origin, (c[k], c[k + 1])) <= 5 for k in range(0, len(c), 2))
        at = any(loc.postcode == "PR1 8UH" for loc in sv.locations)
        if (placeless and sv.id in preston) or (not placeless and (close or at)):
            expected.add(sv.name)
    other = {sv.name for sv in listed() if sv.id not in preston} & expected
    assert other, "the example should have services just over the district boundary"
    names = results(page, near="PR1 8UH", miles="5")
    assert status(page).startswith(f"{len(expected)} services within 5 miles of PR1 8UH")
    assert len(names) == len(set(names)) and set(names) == expected
    assert all(d is None or d <= 5 for d in distances(page))


def test_a_town_typed(page: Page):
    results(page, near="Chorley", q="lunch")
    assert "near Chorley" in status(page)
    located = [d for d in distances(page) if d is not None]
    assert located and located == sorted(located)


def test_an_unknown_place_says_so(page: Page):
    results(page, near="Atlantis")
    assert "could not find the place ‘Atlantis’" in status(page)


@contextlib.contextmanager
def located_lunch(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A page whose browser lets the site know where it is (central Preston), with "lunch"
    searched near that location by the "Use my location" button; and every address the page
    has asked for since it opened (to check the location never leaves the device)."""
    context = browser.new_context(
        base_url=base_url,
        geolocation={"latitude": 53.7633, "longitude": -2.7220},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto("/search/")
        page.get_by_label(SEARCH_LABEL).fill("lunch")
        page.get_by_role("button", name="Use my location").click()
        expect(page.locator("#search-status")).to_contain_text("near your location")
        settled(page)
        yield page, requests
    finally:
        context.close()


def test_use_my_location_asks_and_keeps_it_on_the_device(browser: Browser, base_url: str):
    with located_lunch(browser, base_url) as (page, requests):
        located = [d for d in distances(page) if d is not None]
        assert located and located == sorted(located)
        assert "53.76" not in page.url and all("53.76" not in r for r in requests)


def london(y: int, mo: int, d: int, h: int, mi: int) -> dt.datetime:
    """A London wall-clock time as an aware datetime (GMT in winter, BST in summer)."""
    from zoneinfo import ZoneInfo

    return dt.datetime(y, mo, d, h, mi, tzinfo=ZoneInfo("Europe/London"))


def open_at(sv, when: dt.datetime) -> bool:  # type: ignore[no-untyped-def]
    """The reference rules (directory/records/schedule.py), at the London wall-clock time,
    with England's bank holidays."""
    terms = example_model().config.school_terms
    holidays = frozenset(bank_holidays([when.year]))
    return any(slot.open_at(when.replace(tzinfo=None), terms, holidays) for slot in sv.schedule)


@pytest.mark.parametrize(
    "when",
    [london(2026, 12, 1, 9, 30), london(2026, 12, 3, 14, 15), london(2027, 7, 7, 10, 30)],
)
def test_open_now_with_a_fixed_clock(page: Page, when: dt.datetime):
    page.clock.set_fixed_time(when)
    expected = {sv.name for sv in listed() if open_at(sv, when)}
    assert expected, "pick a time when something is open"
    names = results(page, open="1")
    assert set(names) == expected


def test_open_now_on_a_bank_holiday_says_check_first(page: Page):
    """Christmas Day: a service whose record does not say about bank holidays is listed
    with "check before you go"; one that says it opens on them is listed without."""
    when = london(2026, 12, 25, 9, 30)
    page.clock.set_fixed_time(when)
    names = results(page, open="1")
    unknown = [
        sv.name
        for sv in listed()
        if open_at(sv, when) and all(s.closed_on_bank_holidays is None for s in sv.schedule)
    ]
    assert unknown and set(unknown) <= set(names)
    item = page.locator(".result", has_text=unknown[0]).first
    expect(item).to_contain_text("Bank holiday today: check before you go")
    assert "Breakfast Drop-in" in names  # it says it opens on bank holidays
    item = page.locator(".result", has_text="Breakfast Drop-in").first
    expect(item).not_to_contain_text("Bank holiday today")


def test_open_now_on_a_bank_holiday_leaves_out_services_closed_on_them(page: Page):
    """Monday 3 May 2027, the early May bank holiday, at 10am: the advice lines open on
    weekdays but closed on bank holidays are left out; the Breakfast Drop-in, which opens
    on bank holidays, is in. The Monday after, the advice lines are open again."""
    holiday = london(2027, 5, 3, 10, 0)
    page.clock.set_fixed_time(holiday)
    names = results(page, open="1")
    assert set(names) == {sv.name for sv in listed() if open_at(sv, holiday)}
    assert "Breakfast Drop-in" in names
    assert "Carers' Advice Line" not in names and "Later Life Advice Line" not in names
    closed = {
        sv.name
        for sv in listed()
        if any(s.closed_on_bank_holidays for s in sv.schedule) and not open_at(sv, holiday)
    }
    assert len(closed) >= 3 and not closed & set(names)
    page.clock.set_fixed_time(london(2027, 5, 10, 10, 0))
    after = results(page, open="1")
    assert "Carers' Advice Line" in after and "Later Life Advice Line" in after


def test_open_on_a_day_and_time(page: Page):
    def on(sv, day: str, lo: int, hi: int) -> bool:  # type: ignore[no-untyped-def]
        for s in sv.schedule:
            if s.opens is None or s.closes is None or s.date_varies:
                continue
            o = int(s.opens[:2]) * 60 + int(s.opens[3:])
            c = int(s.closes[:2]) * 60 + int(s.closes[3:])
            if day in s.days and o < hi and c > lo:
                return True
        return False

    expected = {sv.name for sv in listed() if on(sv, "saturday", 0, 720)}
    assert set(results(page, day="saturday", time="morning")) == expected


@pytest.mark.parametrize(
    "param,keep",
    [
        ("free", lambda sv: sv.free),
        ("dropin", lambda sv: "drop-in" in sv.access),
        ("stepfree", lambda sv: any("step-free" in loc.accessibility for loc in sv.locations)),
    ],
)
def test_each_filter(page: Page, param: str, keep):  # type: ignore[no-untyped-def]
    expected = {sv.name for sv in listed() if keep(sv)}
    assert 0 < len(expected) < len(listed())
    assert set(results(page, **{param: "1"})) == expected


def test_age_filter(page: Page):
    def fits(sv) -> bool:  # type: ignore[no-untyped-def]
        return (sv.min_age is None or sv.min_age <= 8) and (sv.max_age is None or sv.max_age >= 8)

    expected = {sv.name for sv in listed() if fits(sv)}
    assert 0 < len(expected) < len(listed())
    assert set(results(page, age="8")) == expected


def test_language_filter(page: Page):
    expected = {sv.name for sv in listed() if "pol" in [lang.code for lang in sv.languages]}
    assert expected
    assert set(results(page, lang="pol")) == expected
    page.locator("#more-filters > summary")
    expect(page.get_by_label("Language spoken")).to_have_value("pol")
    assert page.locator("#lang option:checked").inner_text() == "Polish"


def test_filters_are_in_the_address_and_the_back_button_works(page: Page):
    page.goto("/search/")
    page.get_by_label(SEARCH_LABEL).fill("lunch")
    page.locator("#more-filters > summary").click()
    page.get_by_label("Free only").check()
    page.get_by_label("For someone aged").fill("70")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"age=70"))
    settled(page)
    assert "free=1" in page.url
    first = page.locator("#search-results .result-title").all_inner_texts()
    page.get_by_label("Free only").uncheck()
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).not_to_have_url(re.compile(r"free=1"))
    settled(page)
    page.go_back()
    expect(page.get_by_label("Free only")).to_be_checked()
    expect(page.get_by_label("For someone aged")).to_have_value("70")
    expect(page.locator("#search-results .result-title")).to_have_count(len(first))
    status_box = page.locator("#search-status")
    assert status_box.get_attribute("role") == "status"


def test_search_page_with_filters_open_passes_axe(page: Page):
    results(page, q="lunch", near="PR1 8UH", miles="5", free="1")
    expect(page.locator("#more-filters")).to_have_attribute("open", "")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_search_page_reflows_at_320_pixels(page: Page):
    page.set_viewport_size({"width": 320, "height": 800})
    results(page, q="lunch", near="PR1 8UH", free="1")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
