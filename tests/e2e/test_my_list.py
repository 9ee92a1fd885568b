"""My list (add from results and service pages, print, share as a link) and what search
offers when nothing matches, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, example_model
from .test_search import search


def names_on_list(page: Page) -> list[str]:
    expect(page.locator("#my-list-status")).not_to_contain_text("Loading")
    return page.locator("#my-list-items .result-title").all_inner_texts()


def test_add_from_results_and_a_service_page_then_print_and_share(page: Page, base_url: str):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    search(page, "tech cafe")
    first = page.locator("#search-results .result").first
    first.get_by_role("button", name="Add to my list (Tech Café)").click()
    expect(first.get_by_role("button", name=re.compile("my list"))).to_have_text(
        "Remove from my list (Tech Café)"
    )
    expect(page.locator("#list-announce")).to_contain_text("Added Tech Café to your list")

    site = example_model()
    breakfast = next(sv for sv in site.services if sv.name == "Breakfast Drop-in")
    page.goto(f"/services/{breakfast.id}/")
    page.get_by_role("button", name="Add to my list (Breakfast Drop-in)").click()
    expect(
        page.get_by_role("button", name="Remove from my list (Breakfast Drop-in)")
    ).to_be_visible()

    page.goto("/my-list/")
    assert names_on_list(page) == ["Tech Café", "Breakfast Drop-in"]
    # Phone numbers and addresses in full, for a printed sheet.
    items = page.locator("#my-list-items")
    expect(items).to_contain_text("01632 960012")
    expect(items).to_contain_text("9 Marsh Lane, Preston, PR1 8UH")
    expect(items).to_contain_text("Every Monday to Friday: 8am to 11am. Open on bank holidays too")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this list")).to_be_hidden()
    expect(page.locator(".footer")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollHeight") < 1123  # one A4 sheet at 96 dpi
    page.emulate_media(media="screen")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # The shared link shows the same list in a browser that has none.
    link = page.locator("#my-list-link").input_value()
    assert re.search(r"\?ids=[a-z0-9-]+,[a-z0-9-]+$", link)
    page.evaluate("localStorage.clear()")
    page.goto(link)
    assert names_on_list(page) == ["Tech Café", "Breakfast Drop-in"]
    expect(page.locator("#my-list-status")).to_contain_text("A shared list of 2 services")
    page.get_by_role("button", name="Save these to my list").click()
    page.goto("/my-list/")
    assert names_on_list(page) == ["Tech Café", "Breakfast Drop-in"]

    # Kept in the browser only: no cookie, nothing sent.
    assert page.context.cookies() == []
    assert all(r.startswith(base_url) for r in requests)
    stored = page.evaluate("localStorage.getItem('directory-my-list')")
    assert "Tech Café" in stored


def test_removing_from_the_list(page: Page):
    search(page, "tech cafe")
    button = page.locator("#search-results .result").first.get_by_role(
        "button", name=re.compile("my list")
    )
    button.click()
    expect(button).to_contain_text("Remove from my list")
    button.click()
    expect(button).to_contain_text("Add to my list")
    page.goto("/my-list/")
    expect(page.locator("#my-list-status")).to_contain_text("Your list is empty")


def test_nothing_found_is_never_a_dead_end(page: Page):
    assert search(page, "bereavemnet xylofone", district="preston") == []
    help_box = page.locator("#search-help")
    expect(help_box).to_be_visible()
    expect(help_box.get_by_role("link", name="bereavement", exact=True)).to_be_visible()
    expect(help_box.get_by_role("link", name="Bereavement support")).to_be_visible()
    expect(help_box.get_by_role("link", name="search again without them")).to_be_visible()
    expect(help_box.get_by_role("link", name="all services from A to Z")).to_be_visible()
    expect(help_box).to_contain_text("Ask Lancashire County Council for help")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    help_box.get_by_role("link", name="bereavement", exact=True).click()
    expect(page.locator("#search-results .result").first).to_be_visible()
    expect(page.locator("#search-help")).to_be_hidden()
