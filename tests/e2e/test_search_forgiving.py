"""Search forgives what residents type (issue 11's examples), in a real browser: on the
example county, and on a copy of it with records written the way real ones are (accents,
slashes, curly quotes, soft hyphens pasted from Word)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from directory.build.pipeline import build

from .conftest import EXAMPLE, TODAY, example_model, serve
from .test_search import search

MESSY_SERVICE = """\
name: Crafty Carers Circle
organisation: cleveleys-crafty-neighbours
summary: "Macramé/embroidery and a natter for parent/carers: tea & cake, all welcome."
description: |
  Bring your own project or borrow one of ours. Soft\u00adhyphenated em\u00adbroidery
  and “quoted” words. Run by O’Neill’s family.
categories: [carers]
eligibility:
  who: Parent/carers of children with autism or SEND.
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "01632 960900"
locations:
  - name: Cleveleys Community Rooms
    address: 1 Victoria Road West
    town: Cleveleys
    postcode: FY5 1AG
    accessibility: [step-free]
schedule:
  - days: [wednesday]
    opens: "10:00"
    closes: "12:00"
capacity:
  status: open
reviewed: 2026-10-01
status: active
"""


# Two words in the record, one in the search, and the other way round.
JOINED_SERVICES = {
    "poulton-bike-kitchen": ("Poulton Bike Kitchen", "Mend your bike with volunteers' tools."),
    "fleetwood-playbarn": ("Fleetwood Playbarn", "Soft play for under-5s and their grown-ups."),
}


JOINED_SERVICE = """\
name: {name}
organisation: cleveleys-crafty-neighbours
summary: {summary}
categories: [carers]
access: [drop-in]
cost:
  free: true
contacts:
  email: hello@example.org
reviewed: 2026-10-01
"""


@pytest.fixture(scope="session")
def messy_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("messy")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    (content / "services" / "wyre" / "crafty-carers-circle.yaml").write_text(
        MESSY_SERVICE, encoding="utf-8"
    )
    for slug, (name, summary) in JOINED_SERVICES.items():
        path = content / "services" / "wyre" / f"{slug}.yaml"
        path.write_text(JOINED_SERVICE.format(name=name, summary=summary), encoding="utf-8")
    out = root / "site"
    result = build(content, out, TODAY)
    assert result.ok, [p.text() for p in result.problems]
    return out


@pytest.fixture()
def messy_page(browser: Browser, messy_site: Path) -> Iterator[Page]:
    for url in serve(messy_site):
        context = browser.new_context(base_url=url)
        yield context.new_page()
        context.close()


def status(page: Page) -> str:
    return page.locator("#search-status").inner_text()


def test_tech_cafe_without_the_accent(page: Page):
    names = search(page, "tech cafe")
    assert names[0] == "Tech Café"
    assert "No services match all your words" not in status(page)


def test_cafe_lists_every_cafe_spelt_with_an_accent(page: Page):
    site = example_model()
    cafes = {sv.name for sv in site.services if "café" in sv.name.lower() and site.listed(sv)}
    assert len(cafes) >= 3
    names = search(page, "cafe")
    assert cafes <= set(names)
    assert "No exact matches" not in status(page)


@pytest.mark.parametrize("typed", ["pr18uh", "PR1 8UH", "pr1 8uh", "PR1  8UH"])
def test_a_postcode_however_typed_finds_the_services_at_it_first(page: Page, typed: str):
    site = example_model()
    at = {
        sv.name
        for sv in site.services
        if site.listed(sv) and any(loc.postcode == "PR1 8UH" for loc in sv.locations)
    }
    assert at
    names = search(page, typed)
    assert set(names[: len(at)]) == at, names[:5]


@pytest.mark.parametrize(
    "typed",
    [
        "embroidery",
        "macrame",
        "carer circle",
        "crafty carers",
        "ｃｒａｆｔｙ",
        "oneill",
        "o’neill",
        "autism",
        "send",
        "parent",
        "tea cake",
    ],
)
def test_messy_records_are_found_as_residents_type(messy_page: Page, typed: str):
    names = search(messy_page, typed)
    assert "Crafty Carers Circle" in names, (typed, status(messy_page))
    assert "No exact matches" not in status(messy_page)


@pytest.mark.parametrize("typed", ["drop-in breakfast", "drop in breakfast", "dropin breakfast"])
def test_hyphenated_and_joined_forms(page: Page, typed: str):
    names = search(page, typed)
    assert "Breakfast Drop-in" in names[:3], (typed, names[:5])
    assert "No exact matches" not in status(page)


@pytest.mark.parametrize(
    "typed,name",
    [
        ("bikekitchen", "Poulton Bike Kitchen"),
        ("bike kitchen", "Poulton Bike Kitchen"),
        ("play barn", "Fleetwood Playbarn"),
        ("Play-barn", "Fleetwood Playbarn"),
        ("playbarn", "Fleetwood Playbarn"),
        ("play barn fleetwood", "Fleetwood Playbarn"),
    ],
)
def test_words_written_apart_or_together(messy_page: Page, typed: str, name: str):
    names = search(messy_page, typed)
    assert names[:1] == [name], (typed, names[:5], status(messy_page))
    assert "No exact matches" not in status(messy_page)
    assert "No services match all your words" not in status(messy_page)


@pytest.mark.parametrize("typed", ["foodbank", "food bank"])
def test_foodbank_finds_every_food_bank_however_written(page: Page, typed: str):
    site = example_model()
    banks = {
        sv.name
        for sv in site.services
        if "food bank" in sv.name.lower() and site.listed(sv) and sv.capacity.status != "full"
    }
    assert len(banks) >= 2
    names = search(page, typed)
    assert banks <= set(names), (typed, banks - set(names))
