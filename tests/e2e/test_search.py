"""Search in a real browser, on the example county: what residents type finds what they need,
and services not taking new people stay out unless asked for."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Page, expect

from directory.outputs.lunr_compat import dumps
from directory.outputs.search import bucket_of, service_terms, shard_index, shards

from .conftest import axe_violations, describe, example_model


def search(page: Page, query: str, **filters: str) -> list[str]:
    """Search through the form, as a resident would; returns the result names in order."""
    page.goto("/search/")
    page.get_by_label("Search for a service, an activity or a need").fill(query)
    if filters:
        open_filters(page)
    if "district" in filters:
        page.get_by_label("District").select_option(filters["district"])
    if "category" in filters:
        page.get_by_label("Type of support").select_option(filters["category"])
    if filters.get("all"):
        page.get_by_label("Include services not taking new people").check()
    page.get_by_role("button", name="Search", exact=True).last.click()
    settled(page)
    return page.locator("#search-results .result-title").all_inner_texts()


def settled(page: Page) -> None:
    """Wait until the search has finished (near me adds nearby districts after the first
    results)."""
    status = page.locator("#search-status")
    expect(status).not_to_have_text("")
    expect(status).not_to_have_text("Searching…")
    expect(status).not_to_contain_text("Looking in nearby districts")


def open_filters(page: Page) -> None:
    details = page.locator("#more-filters")
    if details.get_attribute("open") is None:
        page.locator("#more-filters > summary").click()


def service(name_part: str):  # type: ignore[no-untyped-def]
    site = example_model()
    return next(sv for sv in site.services if name_part.lower() in sv.name.lower())


def test_exact_name_comes_first(page: Page):
    site = example_model()
    target = next(sv for sv in site.services if site.listed(sv) and len(sv.name.split()) >= 3)
    names = search(page, target.name)
    assert names and names[0] == target.name


def test_synonym_finds_the_category(page: Page):
    """'memory loss' is a synonym of dementia in the taxonomy, not in the services' text."""
    site = example_model()
    dementia = [
        sv.name
        for sv in site.services
        if any(c.id == "dementia" for c in sv.categories) and site.listed(sv)
    ]
    names = search(page, "memory loss")
    assert set(dementia) <= set(names)


def test_misspelling_falls_back_to_close_matches(page: Page):
    names = search(page, "dementai cafe")
    status = page.locator("#search-status").inner_text()
    assert "No exact matches" in status
    assert any("Dementia" in n or "Memory" in n for n in names)


@pytest.mark.parametrize(
    "query,expect_word", [("lunch clubs", "lunch"), ("befriending", "befriend"), ("walks", "walk")]
)
def test_plurals_and_endings(page: Page, query: str, expect_word: str):
    site = example_model()
    names = search(page, query)
    assert names, query
    texts = {
        sv.name: f"{sv.name} {sv.summary} {sv.description} "
        f"{' '.join(c.name + ' ' + ' '.join(c.synonyms) for c in sv.categories)}".lower()
        for sv in site.services
    }
    assert all(expect_word in texts[n] for n in names[:5])


def test_district_filter_uses_that_districts_shard(page: Page):
    site = example_model()
    district = site.config.districts[0]
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    names = search(page, "group", district=district.slug)
    allowed = {sv.name for sv in site.serving(district)}
    assert names and set(names) <= allowed
    shards = [u.split("/search/", 1)[1] for u in requested if u.endswith(".json")]
    assert f"{district.slug}.docs.json" in shards
    assert all(s.startswith((f"{district.slug}.", f"{district.slug}/")) for s in shards), shards
    assert f"district={district.slug}" in page.url


def test_category_filter(page: Page):
    site = example_model()
    names = search(page, "", category="transport")
    expected = {
        sv.name
        for sv in site.services
        if any(c.id == "transport" for c in sv.categories) and site.listed(sv)
    }
    assert set(names) == expected


def test_services_not_taking_new_people_are_hidden_unless_asked(page: Page):
    site = example_model()
    paused = next(
        sv for sv in site.services if sv.capacity.status == "paused" and not sv.temporarily_closed
    )
    assert paused.name not in search(page, paused.name)
    status = page.locator("#search-status").inner_text()
    assert "not taking new people" in status
    names = search(page, paused.name, all="1")
    assert paused.name in names
    result = page.locator(".result", has_text=paused.name).first
    expect(result).to_contain_text("Paused: not taking new people")


def test_limited_ranks_below_open_of_equal_relevance(page: Page):
    """Every category-only search lists open services before limited and waiting-list ones."""
    names = search(page, "", category="older-people")
    more = page.get_by_role("button", name="Show more results")
    while more.is_visible():
        more.click()
    names = page.locator("#search-results .result-title").all_inner_texts()
    # A service whose record does not say has no capacity badge, and ranks with open ones.
    slower = ("Small group: expect a slow reply", "Waiting list")
    tiers = [
        1 if any(t in slower for t in result.locator(".tag").all_inner_texts()) else 0
        for result in page.locator("#search-results .result").all()
    ]
    assert len(names) == len(tiers) and tiers == sorted(tiers) and 0 in tiers and 1 in tiers


def test_shared_url_and_back_button(page: Page):
    page.goto("/search/?q=" + quote_plus("food bank") + "&district=preston")
    expect(page.locator("#search-status")).to_contain_text("found for ‘food bank’ in Preston")
    expect(page.get_by_label("Search for a service, an activity or a need")).to_have_value(
        "food bank"
    )
    first = page.locator("#search-results .result-title").all_inner_texts()
    assert first
    search_box = page.get_by_label("Search for a service, an activity or a need")
    search_box.fill("carers")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"q=carers"))
    page.go_back()
    expect(page.locator("#search-status")).to_contain_text("food bank")
    assert page.locator("#search-results .result-title").all_inner_texts() == first


def test_result_count_is_announced(page: Page):
    search(page, "lunch")
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    total = int(status.inner_text().split()[0])
    assert page.locator("#search-results li").count() == min(total, 20)


def test_long_lists_are_shown_twenty_at_a_time(page: Page):
    names = search(page, "", category="older-people")
    total = int(page.locator("#search-status").inner_text().split()[0])
    assert total > 20 and len(names) == 20
    more = page.get_by_role("button", name="Show more results")
    more.click()
    expect(page.locator("#search-results li")).to_have_count(min(total, 40))
    expect(page.locator("#search-results li").nth(20).locator("a")).to_be_focused()
    while more.is_visible():
        more.click()
    expect(page.locator("#search-results li")).to_have_count(total)


def test_nothing_found_says_so(page: Page):
    assert search(page, "xylophone zebra") == []
    expect(page.locator("#search-status")).to_contain_text("0 services")


def test_query_never_leaves_the_device(page: Page, base_url: str):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    search(page, "secret words")
    assert all(r.startswith(base_url) for r in requests)
    assert not any("secret" in r for r in requests if "/search/?" not in r)


def test_without_javascript_the_page_offers_browsing(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/search/?q=lunch")
    notice = page.locator("noscript, .notice").filter(has_text="Search needs JavaScript")
    expect(notice.first).to_be_visible()
    page.get_by_role("link", name="by district").click()
    expect(page.locator("h1")).to_have_text("Find community support near you")
    context.close()


def test_search_page_with_results_passes_axe(page: Page):
    search(page, "carers", all="1")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


QUERIES = [
    "lunch",
    "lunch club",
    "memory loss",
    "carers",
    "food bank",
    "walking group",
    "befriending",
    "transport hospital",
    "tuesday",
    "café",
    "advice debt",
    "digital",
    "knit",
    "men's shed",
    "older people",
    "free",
    "library",
    "bereavement",
    "polish",
    "singing",
    "exercise",
    "church hall",
    "young carers",
    "wheelchair",
    "preston",
    "burnley",
    "pr1",
    "bb11",
    "domestic abuse",
    "toddlers",
    "shopping",
    "garden",
]
MISSPELT = [
    "lunhc",
    "luch club",
    "dementai",
    "befrinding",
    "transprt",
    "carres club",
    "walkng group",
]


@pytest.mark.parametrize("shard", ["county", "preston"])
def test_pieces_score_exactly_as_the_full_index(page: Page, shard: str):
    """The index put together from the pieces holding a query's words (or, for close
    matches, the words within one letter of them) gives the same results, in the same order,
    with the same scores, as the shard's whole lunr index."""
    site = example_model()
    services = dict(shards(site))[shard]
    terms = {sv.id: service_terms(sv) for sv in services}
    _, index = shard_index(site, services, terms)
    page.goto("/search/")
    differences = page.evaluate(
        """async ([shard, queries, fullIndex]) => {
        const S = window.directorySearch;
        const full = lunr.Index.load(JSON.parse(fullIndex));
        const out = [];
        for (const q of queries) {
            const words = S.words(q);
            for (const [close, required] of [[false, true], [false, false], [true, true]]) {
                const part = await S.indexFor(S.shard(shard), words, close);
                const a = S.run(full, words, close, required).map((r) => [r.ref, r.score]);
                const b = S.run(part, words, close, required).map((r) => [r.ref, r.score]);
                if (JSON.stringify(a) !== JSON.stringify(b)) out.push([q, close, required, a, b]);
            }
        }
        return out;
    }""",
        [shard, QUERIES + MISSPELT, dumps(index)],
    )
    assert differences == []


def test_the_browser_finds_each_word_in_the_piece_the_build_put_it_in(page: Page):
    words = ["lunch", "café", "zoë", "ﬁsh", "𝐛old", "日本語", "a", "", "\ud800x", "men's"]
    page.goto("/search/")
    found = page.evaluate(
        "([words, ns]) => words.map((w) => ns.map((n) => window.directorySearch.bucketOf(w, n)))",
        [words, [1, 2, 64, 1024, 1000]],
    )
    assert found == [[bucket_of(w, n) for n in [1, 2, 64, 1024, 1000]] for w in words]


def test_a_district_search_fetches_only_a_few_pieces(page: Page):
    """Before the first result: the shard's result rows and the pieces for the query's
    words. (The rest of the district's pieces follow in the background.)"""
    page.add_init_script(
        """new MutationObserver((_, observer) => {
            if (document.querySelector('#search-results li')) {
                window.beforeFirst = performance.getEntriesByType('resource').map((e) => e.name);
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto("/search/?q=lunch+club&district=preston")
    expect(page.locator("#search-results li").first).to_be_visible()
    first = [u.split("/search/", 1)[-1] for u in page.evaluate("window.beforeFirst")]
    pieces = [u for u in first if u.startswith("preston/")]
    assert "preston.docs.json" in first and 1 <= len(pieces) <= 2, first
    # Then the whole district index is put together, and later searches fetch nothing.
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    page.wait_for_load_state("networkidle")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    search_box = page.get_by_label("Search for a service, an activity or a need")
    search_box.fill("carers support")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.locator("#search-status")).to_contain_text("carers support")
    assert [u for u in requested if u.endswith(".json")] == []
