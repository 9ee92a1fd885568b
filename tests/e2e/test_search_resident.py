"""What a resident on a phone found wrong in search, in a real browser on the example county:
hidden services are explained (why each is hidden), filters apply as they change, short
words one letter short are corrected, a place outside the area is said as typed, and the
page fits a 320 px screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, example_model
from .test_search import open_filters, search, settled

ALL_LABEL = "Include services not taking new people"


def hidden_for_age():  # type: ignore[no-untyped-def]
    """A service left out only because it has not been checked for too long (its capacity
    is not one that hides it)."""
    site = example_model()
    return next(
        sv
        for sv in site.services
        if sv.freshness == "expired"
        and not sv.temporarily_closed
        and sv.capacity.status not in site.config.hidden_statuses
    )


def test_a_service_hidden_for_its_age_is_said_to_be_unchecked(page: Page):
    sv = hidden_for_age()
    names = search(page, sv.name)
    assert sv.name not in names
    status = page.locator("#search-status").inner_text()
    assert "not been checked for over" in status, status
    assert "not taking new people" not in status.split("tick")[0], status
    expect(page.get_by_role("button", name="Show the hidden service")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert not axe_violations(page), describe(axe_violations(page))


def test_ticking_the_box_shows_it_without_pressing_search(page: Page):
    sv = hidden_for_age()
    search(page, sv.name)
    open_filters(page)
    page.get_by_label(ALL_LABEL).check()
    expect(page.locator("#search-results .result-title", has_text=sv.name)).to_be_visible()
    settled(page)
    status = page.locator("#search-status")
    expect(status).not_to_contain_text("tick")
    expect(status).to_have_attribute("aria-live", "polite")
    assert "all=1" in page.url


def test_the_show_button_shows_the_hidden_service(page: Page):
    sv = hidden_for_age()
    search(page, sv.name)
    page.get_by_role("button", name="Show the hidden service").click()
    expect(page.locator("#search-results .result-title", has_text=sv.name)).to_be_visible()
    expect(page.get_by_label(ALL_LABEL)).to_be_checked()
    expect(page.get_by_role("button", name="Show the hidden service")).to_be_hidden()
    assert not axe_violations(page), describe(axe_violations(page))


def test_changing_the_district_applies_at_once(page: Page):
    site = example_model()
    district = site.config.districts[0]
    search(page, "club")
    before = page.locator("#search-status").inner_text()
    open_filters(page)
    page.get_by_label("District").select_option(district.slug)
    expect(page.locator("#search-status")).to_contain_text(f"in {district.name}")
    settled(page)
    assert page.locator("#search-status").inner_text() != before
    allowed = {sv.name for sv in site.serving(district)}
    names = page.locator("#search-results .result-title").all_inner_texts()
    assert names and set(names) <= allowed
    assert f"district={district.slug}" in page.url


def test_a_short_word_one_letter_short_is_corrected(page: Page):
    """'luch' (4 letters) is one letter short of 'lunch': close matches, as 'demensia' gets,
    not services matching only 'club'."""
    names = search(page, "luch club")
    status = page.locator("#search-status").inner_text()
    assert "No exact matches" in status, status
    assert names and all("lunch" in n.lower() or "luncheon" in n.lower() for n in names[:3]), names
    # Every result has both words: the corrected one and 'club' (or their close matches).
    site = example_model()
    by_name = {sv.name: sv for sv in site.services}
    for n in names:
        sv = by_name[n]
        text = f"{sv.name} {sv.summary} {sv.description} {sv.organisation.name}".lower()
        text += " ".join(c.name + " " + " ".join(c.synonyms) for c in sv.categories).lower()
        assert "lunch" in text, n


def test_short_fixes_are_words_of_the_index(page: Page):
    search(page, "luch club")
    fixes = page.evaluate(
        "async () => await window.directorySearch.shortFixes("
        "window.directorySearch.shard('county'), ['luch', 'club'])"
    )
    assert ["lunch", "club"] in fixes
    # A short word the index has is left alone.
    assert (
        page.evaluate(
            "async () => await window.directorySearch.shortFixes("
            "window.directorySearch.shard('county'), ['lunch', 'club'])"
        )
        == []
    )


def status_after(page: Page, typed: str) -> str:
    page.goto("/search/")
    page.get_by_label("Search for a service, an activity or a need").fill(typed)
    page.get_by_label("Search for a service, an activity or a need").press("Enter")
    settled(page)
    return page.locator("#search-status").inner_text()


def test_a_postcode_outside_the_area_is_said_as_typed(page: Page):
    status = status_after(page, "dementia near sw1a1aa")
    assert status.startswith("SW1A 1AA is outside the county this directory covers"), status
    assert "found for ‘dementia’" in status, status
    assert "sw1a1aa" not in status
    names = page.locator("#search-results .result-title").all_inner_texts()
    assert names and not any("near" in n.lower().split() for n in names), names
    assert all("dementia" in n.lower() or "memory" in n.lower() for n in names[:3]), names
    # The same in the box with no "near", and in "Postcode or town".
    status = status_after(page, "dementia SW1A 1AA")
    assert status.startswith("SW1A 1AA is outside the county"), status
    assert "found for ‘dementia’" in status, status
    page.goto("/search/?q=dementia&near=sw1a+1aa")
    settled(page)
    assert page.locator("#search-status").inner_text().startswith("SW1A 1AA is outside")


def test_near_and_a_place_not_known_is_not_searched_as_words(page: Page):
    status = status_after(page, "dementia near Atlantis")
    assert "could not find the place ‘Atlantis’" in status, status
    assert "found for ‘dementia’" in status, status


PLACEHOLDER_CUT = """(input) => {
    if (!input.placeholder) return 0;
    const s = getComputedStyle(input), c = document.createElement("canvas").getContext("2d");
    c.font = s.font;
    const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return c.measureText(input.placeholder).width - room;
}"""


def test_the_header_search_has_a_visible_label_and_nothing_cut_off(page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/a-z/", "/privacy/"):
        page.goto(path)
        field = page.locator("#header-q")
        assert field.evaluate(PLACEHOLDER_CUT) <= 0, path
        label = page.locator("label[for=header-q]")
        expect(label).to_be_visible()
        expect(page.get_by_label("Search the directory")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert not axe_violations(page), describe(axe_violations(page))


def test_the_jump_to_bullets_are_in_line_with_their_text(page: Page):
    """Each bullet of a district page's "Jump to" list is on the first line of its link, also
    when the link wraps (at 320 px the first one does)."""
    page.set_viewport_size({"width": 320, "height": 640})
    site = example_model()
    gaps: list = []
    for d in site.config.districts:
        page.goto(f"/districts/{d.slug}/")
        gaps += page.evaluate(
            """() => [...document.querySelectorAll('nav.contents li')].map((li) => {
            const a = li.querySelector('a'), wraps = a.getBoundingClientRect().height > 40;
            // A probe at the start of the item sits on its first line box, as the bullet
            // does; the link's first letter should be on that line too.
            const probe = document.createElement('span');
            probe.textContent = 'x';
            li.insertBefore(probe, li.firstChild);
            const r = document.createRange(), text = a.firstChild;
            r.setStart(text, 0); r.setEnd(text, 1);
            const gap = Math.abs(r.getBoundingClientRect().top - probe.getBoundingClientRect().top);
            probe.remove();
            return [a.textContent, wraps, gap];
        })"""
        )
    assert any(wraps for _, wraps, _ in gaps), "no link wraps at 320 px: nothing tested"
    assert all(gap < 8 for _, _, gap in gaps), gaps
    assert not axe_violations(page), describe(axe_violations(page))
