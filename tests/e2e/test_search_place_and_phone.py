"""Words and a place typed in the one search box ("lunch club near PR1", "food bank in
Preston", "... near me") are searched exactly as the words with the place typed in
"Postcode or town"; and on a phone the first result comes soon after the search box, with
the near and filter controls folded away (GOV.UK details)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import axe_violations, describe
from .test_near_and_filters import SEARCH_LABEL, distances, located_lunch, results, status
from .test_search import settled

# Where the first result's top edge is at 320 px wide, measured on the example county (with
# its "Example data" banner): 620 px, within the first screen of a 320 x 640 phone (746 px
# before the search box's label became the page heading and the banner was shortened;
# 1,266 px before the controls were folded away).
FIRST_RESULT_MAX = 640


def listing(page: Page) -> list[tuple[str, float | None]]:
    names = page.locator("#search-results .result-title").all_inner_texts()
    return list(zip(names, distances(page), strict=True))


@pytest.mark.parametrize(
    "typed,words,place,said",
    [
        ("lunch club near PR1", "lunch club", "PR1", "near PR1"),
        ("food bank in Preston", "food bank", "Preston", "near Preston"),
        ("lunch near PR1 8UH", "lunch", "PR1 8UH", "near PR1 8UH"),
        ("Lunch club near pr18uh", "Lunch club", "pr18uh", "near PR1 8UH"),
        ("drop in near Chorley", "drop in", "Chorley", "near Chorley"),
    ],
)
def test_words_and_a_place_in_the_search_box(
    page: Page, typed: str, words: str, place: str, said: str
):
    names = results(page, q=words, near=place)
    expected = listing(page)
    expected_status = status(page)
    assert names and said in expected_status
    located = [d for _, d in expected if d is not None]
    assert located and located == sorted(located), "sorted by distance"
    # Typed in the box and searched, as a resident would.
    page.goto("/search/")
    page.get_by_label(SEARCH_LABEL).fill(typed)
    page.get_by_label(SEARCH_LABEL).press("Enter")
    settled(page)
    more = page.get_by_role("button", name="Show more results")
    while more.is_visible():
        more.click()
    assert listing(page) == expected
    assert status(page) == expected_status
    # The address holds the search as typed: shared, it gives the same list.
    assert parse_qs(urlsplit(page.url).query) == {"q": [typed]}
    shared = page.url
    page.goto("/search/")
    page.goto(shared)
    settled(page)
    while more.is_visible():
        more.click()
    assert listing(page) == expected


def test_a_place_word_that_is_not_a_place_stays_a_word(page: Page):
    """ "in" followed by words that are not a place this site knows: all words, no place."""
    results(page, q="help in the home")
    assert " near " not in status(page)
    assert page.locator("#near-status").inner_text() == ""
    assert all(d is None for d in distances(page))


# Ways residents say "where I am" (a trial's "lunch near you" was read as a place called
# "you"); each asks for the location, as "near me" does.
NEAR_ME = [
    "lunch near me",
    "lunch near you",
    "lunch nearby",
    "lunch close to me?",
    "lunch near here",
]


@pytest.mark.parametrize("typed", NEAR_ME)
def test_near_me_in_the_search_box_asks_for_the_location(
    browser: Browser, base_url: str, typed: str
):
    with located_lunch(browser, base_url) as (page, requests):
        expected = listing(page)
        page.goto("/search/")
        page.get_by_label(SEARCH_LABEL).fill(typed)
        page.get_by_label(SEARCH_LABEL).press("Enter")
        expect(page.locator("#search-status")).to_contain_text("‘lunch’ near your location")
        settled(page)
        assert listing(page) == expected
        assert parse_qs(urlsplit(page.url).query) == {"q": [typed]}
        assert all("53.76" not in r and "2.72" not in r for r in requests + [page.url])


def test_near_me_without_a_location_says_so(browser: Browser, base_url: str):
    context = browser.new_context(base_url=base_url)  # no permission: the browser says no
    page = context.new_page()
    page.goto("/search/?q=lunch+near+me")
    expect(page.locator("#search-status")).to_contain_text("could not get your location")
    settled(page)
    assert "found for ‘lunch’" in status(page)
    assert page.locator("#search-results .result").count() > 0
    context.close()


def first_result_top(page: Page) -> float:
    return page.evaluate(
        "document.querySelector('#search-results .result').getBoundingClientRect().top"
        " + window.scrollY"
    )


def test_on_a_phone_the_first_result_comes_soon(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    results(page, q="lunch")
    top = first_result_top(page)
    assert top <= FIRST_RESULT_MAX, f"first result at {top}px"
    expect(page.locator("#near-options")).not_to_have_attribute("open", "")
    expect(page.locator("#more-filters")).not_to_have_attribute("open", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_on_a_phone_the_controls_open_when_the_address_uses_them(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    results(page, q="lunch", near="PR1 8UH")
    expect(page.locator("#near-options")).to_have_attribute("open", "")
    expect(page.get_by_label("Postcode or town")).to_have_value("PR1 8UH")
    expect(page.locator("#more-filters")).not_to_have_attribute("open", "")
    results(page, q="lunch", sort="relevance")
    expect(page.locator("#near-options")).to_have_attribute("open", "")
    results(page, q="lunch", free="1")
    expect(page.locator("#near-options")).not_to_have_attribute("open", "")
    expect(page.locator("#more-filters")).to_have_attribute("open", "")
    # Opened by the resident: the near controls are there to use.
    results(page, q="lunch")
    page.get_by_text("Near a place").click()
    page.get_by_label("Postcode or town").fill("Chorley")
    page.get_by_label("Postcode or town").press("Enter")
    settled(page)
    assert "near Chorley" in status(page)


def test_on_a_wide_screen_the_near_controls_are_open(page: Page):
    page.set_viewport_size({"width": 1280, "height": 800})
    results(page, q="lunch")
    expect(page.locator("#near-options")).to_have_attribute("open", "")
    expect(page.get_by_label("Postcode or town")).to_be_visible()
    expect(page.locator("#more-filters")).not_to_have_attribute("open", "")
