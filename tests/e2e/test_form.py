"""The "Suggest a service" form in a real browser: a new service and a change, filled in as a
resident would; the record it makes passes `directory validate`, builds, and goes through
`directory from-issue`; its problems are worded as the validator words them; its links stay
under the limits; zero axe violations, keyboard use and 320 px reflow."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Page, expect

from directory.build.pipeline import build
from directory.cli import main
from directory.contribute.issue import FIELDS
from directory.outputs.form import form_data
from directory.records.content import read_content

from .conftest import EXAMPLE, TODAY, axe_violations, describe, example_model, serve

# The form dates a record today, by the browser's clock; the example site is built for TODAY.
NOW = max(TODAY, dt.date.today())
LIMITS = form_data(example_model())["limits"]
REPO = example_model().config.corrections_url
EMAIL = example_model().config.corrections_email


@pytest.fixture
def errors(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    page.on(
        "request", lambda r: found.append("request: " + r.url) if "127.0.0.1" not in r.url else None
    )
    return found


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(EXAMPLE, root)
    return root


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def group(page: Page, name: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-name="{name}"]')


def fill_new_service(page: Page) -> None:
    page.get_by_label("District the service is in").select_option("preston")
    page.get_by_label("Name of the service").fill("Knit & Natter: Fulwood")
    page.get_by_label("Organisation that runs it").select_option(index=1)
    page.get_by_label("Summary").fill(
        "Knitting, crochet and a cup of tea for anyone who likes making things."
    )
    page.get_by_label("Description (optional)").fill("Bring your own wool.\n\nNeedles to borrow.")
    group(page, "categories").locator("input").first.check()
    group(page, "access").get_by_label("Just turn up").check()
    group(page, "cost.free").get_by_label("Yes").check()
    page.get_by_role("button", name="Add a phone number").click()
    page.locator('[name="contacts.phones.0.number"]').fill("01632 960555")
    page.get_by_label("Email address").fill("knit@example.org")
    page.get_by_role("button", name="Add a session").click()
    group(page, "schedule.0.days").get_by_label("Wednesday").check()
    page.locator('[name="schedule.0.opens"]').fill("14:00")
    page.locator('[name="schedule.0.closes"]').fill("16:00")
    page.get_by_role("button", name="Add a language").click()
    page.locator('[name="languages.0"]').fill("Polish")


def submit(page: Page) -> None:
    page.locator("#suggest-form button[type=submit]").click()


def links(page: Page) -> dict[str, str]:
    return {
        name: page.locator(f"#{name}").get_attribute("href") or ""
        for name in ("issue-link", "new-file-link", "email-link", "edit-file-link")
    }


def params(url: str) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


def issue_body(answers: dict[str, str]) -> str:
    """The issue as GitHub renders the issue form after the link filled it in."""
    parts = []
    for f in FIELDS:
        value = answers.get(f.id, "")
        if value and f.render:
            value = f"```{f.render}\n{value}\n```"
        parts.append(f"### {f.label}\n\n{value or '_No response_'}")
    return "\n\n".join(parts).replace("\n", "\r\n")


def test_new_service_makes_a_valid_record(page: Page, errors: list[str], content: Path, tmp_path):
    page.goto("/suggest/")
    expect(page.locator("#suggest-form")).to_be_visible()
    expect(page.locator("#form-needs-script")).to_be_hidden()
    no_violations(page)
    fill_new_service(page)
    submit(page)
    send = page.locator("#send")
    expect(send).to_be_visible()
    expect(send).to_be_focused()
    no_violations(page)
    record = page.locator("#record").input_value()
    assert record.startswith("# yaml-language-server: $schema=../../../schemas/service.schema.json")
    assert 'opens: "14:00"' in record

    # The file as the new-file link would create it: in the district's folder, named from
    # the service's name.
    made = links(page)
    new_file = made["new-file-link"]
    assert new_file.startswith(f"{REPO}/new/main/content/services/preston?")
    assert params(new_file) == {"filename": "knit-and-natter-fulwood.yaml", "value": record}
    path = content / "services" / "preston" / "knit-and-natter-fulwood.yaml"
    path.write_text(record, encoding="utf-8")
    checked = read_content(content, NOW, only=[path])
    assert checked.problems == [], [p.text() for p in checked.problems]
    code, out = cli(
        "build",
        "--content",
        str(content),
        "--out",
        str(tmp_path / "site"),
        "--today",
        NOW.isoformat(),
        "--no-cache",
    )
    assert code == 0, out
    built = (tmp_path / "site" / "services" / "knit-and-natter-fulwood" / "index.html").read_text()
    assert "Knit &amp; Natter: Fulwood" in built and "01632 960555" in built

    # The prefilled issue goes through `directory from-issue` to the same file.
    issue = made["issue-link"]
    assert issue.startswith(f"{REPO}/issues/new?")
    fields = params(issue)
    assert fields["template"] == "suggest-a-service.yml"
    assert fields["title"] == "Suggest a service: Knit & Natter: Fulwood"
    assert fields["district"] == "preston" and fields["file_name"] == "knit-and-natter-fulwood"
    assert fields["record"] == record and "changes" not in fields
    path.unlink()
    body = tmp_path / "issue.md"
    body.write_text(issue_body(fields), encoding="utf-8")
    code, out = cli("from-issue", str(body), "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out
    assert path.read_text(encoding="utf-8") == record
    code, out = cli("validate", "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out

    email = made["email-link"]
    assert email.startswith(f"mailto:{EMAIL}?")
    assert params(email)["body"].startswith(record)
    for name, limit in (
        ("issue-link", "github"),
        ("new-file-link", "github"),
        ("email-link", "email"),
    ):
        assert len(made[name]) <= LIMITS[limit], name
    expect(page.locator("#issue-link")).to_be_visible()
    expect(page.locator("#email-link")).to_be_visible()
    expect(page.locator("#issue-too-long")).to_be_hidden()
    # Past about 2 KB a few browsers fail: the page says so, with a way round it.
    long_hint = page.locator("#links-long")
    if len(issue) > LIMITS["browser"]:
        expect(long_hint).to_be_visible()
        blank = page.locator("#issue-blank-link-2").get_attribute("href") or ""
        assert len(blank) <= LIMITS["browser"] and "record" not in params(blank)
    else:
        expect(long_hint).to_be_hidden()
    assert errors == []


def test_report_a_change_is_prefilled_with_the_service(
    page: Page, errors: list[str], content: Path
):
    sv = next(s for s in example_model().services if s.id == "tuesday-lunch-club")
    page.goto(f"/{sv.url}")
    page.get_by_role("link", name="Report a change to this service").click()
    expect(page.locator("#form-title")).to_have_text(f"Report a change to a service: {sv.name}")
    expect(page.get_by_label("Name of the service")).to_have_value(sv.name)
    expect(page.get_by_label("District the service is in")).to_have_value("preston")
    number = page.locator('[name="contacts.phones.0.number"]')
    expect(number).to_have_value(sv.phones[0].number)
    no_violations(page)
    number.fill("01632 960999")
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    record = page.locator("#record").input_value()
    made = links(page)
    fields = params(made["issue-link"])
    assert fields["changes"] == fields["file_name"] == sv.id
    # A whole record is past the 2 KB some browsers manage, though under GitHub's 8 KB.
    assert LIMITS["browser"] < len(made["issue-link"]) <= LIMITS["github"]
    expect(page.locator("#links-long")).to_be_visible()
    # An ordinary record goes by email link too (no "too long to put in an email link").
    assert params(made["email-link"])["body"].startswith(record)
    expect(page.locator("#email-link")).to_be_visible()
    expect(page.locator("#email-too-long")).to_be_hidden()
    assert fields["title"] == f"Change to {sv.name} ({sv.id})"
    # A listed file is edited, not created.
    expect(page.locator("#new-file-link")).to_be_hidden()
    expect(page.locator("#edit-file-link")).to_be_visible()
    assert made["edit-file-link"] == f"{REPO}/edit/main/content/services/preston/{sv.id}.yaml"
    path = content / "services" / "preston" / f"{sv.id}.yaml"
    path.write_text(record, encoding="utf-8")
    code, out = cli("validate", "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out
    rec = next(r for r in read_content(content, NOW).services if r["id"] == sv.id)
    assert rec["contacts"]["phones"][0]["number"] == "01632 960999"
    # Everything else is as it was.
    before = next(r for r in read_content(EXAMPLE, TODAY).services if r["id"] == sv.id)
    rec["contacts"]["phones"][0]["number"] = before["contacts"]["phones"][0]["number"]
    # Everything, the date it was checked too: one number corrected is not the whole checked.
    rec.pop("file"), before.pop("file")
    assert rec == before
    assert errors == []


def test_report_a_change_sets_today_only_when_all_is_checked(page: Page, errors: list[str]):
    sv = next(s for s in example_model().services if s.id == "tuesday-lunch-club")
    page.goto(f"/suggest/?service={sv.id}")
    checked = page.get_by_label("Date these details were checked")
    expect(checked).to_have_value(sv.reviewed.isoformat())
    assert sv.reviewed != dt.date.today()
    box = page.get_by_label("I have checked all of this information is correct")
    box.check()
    expect(checked).to_have_value(dt.date.today().isoformat())
    box.uncheck()
    expect(checked).to_have_value(sv.reviewed.isoformat())
    box.check()
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    record = yaml.safe_load(page.locator("#record").input_value())
    assert str(record["reviewed"]) == dt.date.today().isoformat()
    no_violations(page)
    assert errors == []


def test_a_new_suggestion_has_no_checked_all_box(page: Page, errors: list[str]):
    page.goto("/suggest/")
    expect(page.get_by_label("Date these details were checked")).to_have_value(
        dt.date.today().isoformat()
    )
    expect(page.locator("#checked-all")).to_be_hidden()
    assert errors == []


BAD = {
    "contacts.email": ("knit at example", "knit at example"),
    "contacts.website": ("www.example.org", "www.example.org"),
    "contacts.phones.0.number": ("0163 2", "0163 2"),
    "locations.0.postcode": ("PR1", "PR1"),
    "schedule.0.opens": ("25:00", "25:00"),
    "eligibility.min_age": ("about fifty", "about fifty"),
    "eligibility.max_age": ("130", 130),
    "summary": ("x" * 301, "x" * 301),
}


# Values with the form the JSON Schema asks for that the validator still refuses.
BAD_BEYOND_THE_SCHEMA = {
    "contacts.email": ("test@example.org", "test@example.org"),
    "contacts.phones.0.number": ("01632 96099", "01632 96099"),
    "reviewed": ("1899-12-31", "1899-12-31"),
}


@pytest.mark.parametrize("bad", [BAD, BAD_BEYOND_THE_SCHEMA], ids=["schema", "beyond"])
def test_problems_are_worded_as_the_validator_words_them(page: Page, errors, content, bad):
    page.goto("/suggest/")
    fill_new_service(page)
    page.get_by_role("button", name="Add a venue").click()
    for name in ("name", "address", "town"):
        page.locator(f'[name="locations.0.{name}"]').fill("Hall")
    page.locator('[name="locations.0.postcode"]').fill("PR1 3BQ")
    for name, (typed, _) in bad.items():
        page.locator(f'[name="{name}"]').fill(typed)
    submit(page)
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    no_violations(page)
    shown = {
        name: page.locator(f'[data-name="{name}"] .error-message')
        .first.text_content()
        .removeprefix("Error: ")
        for name in bad
    }
    # The same values in a file, checked by the validator.
    record = yaml_record(bad)
    path = content / "services" / "preston" / "bad-values.yaml"
    path.write_text(record, encoding="utf-8")
    problems = read_content(content, NOW, only=[path]).problems
    said = {p.field.replace("[", ".").replace("]", ""): p.message for p in problems}
    for name in bad:
        assert shown[name] == said[name], name
    assert summary.locator("li").count() == len(bad)
    # Each link in the summary moves to its question.
    first = summary.get_by_role("link").first
    target = (first.get_attribute("href") or "").removeprefix("#")
    first.click()
    expect(page.locator(f"#{target}")).to_be_focused()
    if "summary" in bad:
        expect(page.locator('[name="summary"]')).to_be_focused()
    assert errors == []


# UK numbers as people write them: every format the validator accepts (landlines with 4- and
# 5-digit area codes, 0800, 03, 07, Relay UK, 116 123 and other short numbers) and numbers it
# refuses for each of its reasons.
PHONES = [
    "01632 96099",
    "01632 960999",
    "01772 123456",
    "015396 20000",
    "016977 2000",
    "(01632) 960123",
    "020 7946 0000",
    "0800 123 4567",
    "0800 1111",
    "0808 800 5000",
    "101",
    "0300 123 4567",
    "0345 600 0000",
    "07700 900123",
    "07911 123456",
    "+44 (0)1632 960123",
    "0044 1632 960123",
    "01632 960992 ext 204",
    "18001 01632 960989",
    "116 123",
    "111",
    "01234 56789",
    "07000 00000",
    "0163296012345",
    "01234 567890",
    "0123456789",
    "0033 1 23 45 67 89",
    "116 123 ext 5",
    "01632 960",
    "+1 202 555 0100",
    "0000 000000",
]


def test_phone_numbers_are_checked_as_the_validator_checks_them(page: Page, errors, content):
    page.goto("/suggest/")
    fill_new_service(page)
    add = page.get_by_role("button", name="Add a phone number")
    for i, number in enumerate(PHONES):
        if i:
            add.click()
        page.locator(f'[name="contacts.phones.{i}.number"]').fill(number)
    submit(page)
    expect(page.locator("#form-errors")).to_be_visible()
    shown = [
        (
            page.locator(f'[data-name="contacts.phones.{i}.number"] .error-message').text_content()
            or ""
        ).removeprefix("Error: ")
        for i in range(len(PHONES))
    ]
    rec = yaml.safe_load(yaml_record({}))
    rec["contacts"] = {"phones": [{"number": n} for n in PHONES]}
    path = content / "services" / "preston" / "phones.yaml"
    path.write_text(yaml.safe_dump(rec, sort_keys=False), encoding="utf-8")
    said = {p.field: p.message for p in read_content(content, NOW, only=[path]).problems}
    expected = [said.get(f"contacts.phones[{i}].number", "") for i in range(len(PHONES))]
    assert shown == expected
    assert shown[0].startswith("'01632 96099' is not a valid UK phone number")
    assert 8 < sum(1 for m in shown if m) < len(PHONES) - 8  # both verdicts, many of each
    no_violations(page)
    assert errors == []


def yaml_record(values: dict[str, tuple[str, object]]) -> str:
    import yaml

    rec: dict = {
        "name": "Bad values",
        "organisation": "preston-age-friendly-network",
        "categories": ["lunch-clubs"],
        "access": ["drop-in"],
        "cost": {"free": True},
        "contacts": {"phones": [{}]},
        "locations": [{"name": "Hall", "address": "Hall", "town": "Hall"}],
        "schedule": [{"days": ["wednesday"], "closes": "16:00"}],
        "reviewed": TODAY.isoformat(),
    }
    for name, (_, value) in values.items():
        keys = name.split(".")
        here: dict = rec
        for key in keys[:-1]:
            here = here[int(key)] if key.isdigit() else here.setdefault(key, {})  # type: ignore[index]
        here[keys[-1]] = value
    return yaml.safe_dump(rec, sort_keys=False, allow_unicode=True)


def test_missing_answers_are_named(page: Page, errors):
    page.goto("/suggest/")
    page.get_by_label("Name of the service").press("Enter")  # a keyboard user submits
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    items = summary.locator("li").all_inner_texts()
    assert items[:4] == [
        "Choose the district the service is in",
        "Enter the name of the service",
        "Choose the organisation that runs it",
        "Choose at least one type of support",
    ]
    expect(group(page, "name").locator(".error-message")).to_have_text(
        "Error: Enter the name of the service"
    )
    # Each says its question once, and in words for residents, not for people editing files.
    for item in items:
        assert "is missing" not in item and "content/" not in item and " id" not in item, item
        assert not re.search(r"(\b\w+ \w+ \w+\b).*\1", item.lower()), item
    described = page.get_by_label("Name of the service").get_attribute("aria-describedby") or ""
    assert "f-name-error" in described.split()
    assert errors == []


def test_a_long_record_is_copied_and_pasted_instead(page: Page, errors):
    page.goto("/suggest/")
    fill_new_service(page)
    page.get_by_label("Description (optional)").fill(
        ("Thé et café à côté de l’église. " * 200)[:4990]
    )
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    made = links(page)
    assert len(made["issue-link"]) > LIMITS["github"]
    expect(page.locator("#issue-link")).to_be_hidden()
    expect(page.locator("#issue-too-long")).to_be_visible()
    expect(page.locator("#links-long")).to_be_hidden()
    blank = page.locator("#issue-blank-link").get_attribute("href") or ""
    assert len(blank) <= LIMITS["github"] and "record" not in params(blank)
    expect(page.locator("#email-too-long")).to_be_visible()
    expect(page.locator("#new-file-too-long")).to_be_visible()
    page.get_by_role("button", name="Copy the record").click()
    expect(page.locator("#copy-status")).not_to_be_empty()
    no_violations(page)
    assert errors == []


@pytest.mark.parametrize("width", [320, 1280])
def test_form_reflows(page: Page, errors, width: int, tmp_path: Path):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/suggest/")
    no_sideways_scroll(page)
    submit(page)
    no_sideways_scroll(page)
    page.goto("/suggest/")
    fill_new_service(page)
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=str(tmp_path / f"form-{width}.png"), full_page=True)
    page.get_by_role("button", name="Change your answers").click()
    expect(page.get_by_label("District the service is in")).to_be_focused()
    assert errors == []


def test_csp_is_unchanged_and_nothing_runs_inline(page: Page):
    page.goto("/suggest/")
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert csp is not None and "script-src 'self'" in csp and "unsafe" not in csp
    scripts = page.locator("script")
    for i in range(scripts.count()):
        s = scripts.nth(i)
        assert s.get_attribute("src") or s.get_attribute("type") == "application/json"


def test_a_group_not_listed_yet_adds_its_organisation(page: Page, errors, content: Path, tmp_path):
    page.goto("/suggest/")
    fill_new_service(page)
    page.get_by_label("Organisation that runs it").select_option(label="It is not in the list")
    name = page.get_by_label("Name of the organisation")
    expect(name).to_be_visible()
    submit(page)
    expect(page.locator("#form-errors")).to_contain_text("Enter the name of the organisation")
    no_violations(page)
    name.fill("Fulwood Makers' Circle")
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    record = page.locator("#record").input_value()
    assert 'organisation: "fulwood-makers-circle"' in record
    fields = params(page.locator("#issue-link").get_attribute("href") or "")
    assert fields["organisation_name"] == "Fulwood Makers' Circle"
    expect(page.locator("#new-org-para")).to_be_visible()
    org_link = page.locator("#new-org-link").get_attribute("href") or ""
    assert org_link.startswith(f"{REPO}/new/main/content/organisations?")
    assert params(org_link) == {
        "filename": "fulwood-makers-circle.yaml",
        "value": 'name: "Fulwood Makers\' Circle"\n',
    }
    body = tmp_path / "issue.md"
    body.write_text(issue_body(fields), encoding="utf-8")
    code, out = cli("from-issue", str(body), "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out
    assert (content / "organisations" / "fulwood-makers-circle.yaml").is_file()
    code, out = cli("validate", "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out
    assert errors == []


def test_rules_across_fields_are_checked_too(page: Page, errors, content: Path):
    page.goto("/suggest/")
    fill_new_service(page)
    page.get_by_role("button", name="Remove this phone number").click()
    page.get_by_label("Email address").fill("")
    page.locator('[name="schedule.0.closes"]').fill("14:00")  # 13:30 would be overnight
    page.get_by_label("Youngest age, in years").fill("60")
    page.get_by_label("Oldest age, in years").fill("18")
    submit(page)
    expect(page.locator("#form-errors")).to_be_focused()
    shown = {
        name: (
            page.locator(f'[data-name="{name}"] .error-message').first.text_content() or ""
        ).removeprefix("Error: ")
        for name in ("contacts", "schedule.0.closes", "eligibility.max_age")
    }
    record = yaml_record({})
    import yaml

    rec = yaml.safe_load(record)
    rec["contacts"] = {}
    rec["schedule"] = [{"days": ["wednesday"], "opens": "14:00", "closes": "14:00"}]
    rec["eligibility"] = {"min_age": 60, "max_age": 18}
    path = content / "services" / "preston" / "rules.yaml"
    path.write_text(yaml.safe_dump(rec, sort_keys=False), encoding="utf-8")
    said = {
        p.field.replace("[", ".").replace("]", ""): p.message
        for p in read_content(content, NOW, only=[path]).problems
    }
    # The validator finds the same problems on the same questions; the form says them in
    # terms of its questions, not of the file's fields.
    assert set(shown) <= set(said)
    words = form_data(example_model())["messages"]
    assert shown == {
        "contacts": words["no_contact"],
        "schedule.0.closes": words["closes_at_opening"].format(closes="14:00"),
        "eligibility.max_age": words["ages"].format(hi=18, lo=60),
    }
    assert shown["eligibility.max_age"] == said["eligibility.max_age"]
    no_violations(page)
    assert errors == []


def test_add_another_works_from_the_keyboard(page: Page, errors):
    page.goto("/suggest/")
    add = page.get_by_role("button", name="Add a phone number")
    add.focus()
    page.keyboard.press("Enter")
    first = page.locator('[name="contacts.phones.0.number"]')
    expect(first).to_be_focused()
    page.keyboard.type("01632 960123")
    add.focus()
    page.keyboard.press("Space")
    expect(page.locator('[name="contacts.phones.1.number"]')).to_be_focused()
    items = group(page, "contacts.phones").locator("[data-item] > legend")
    expect(items.nth(1)).to_have_text("Phone number 2")
    remove = page.get_by_role("button", name="Remove this phone number").first
    remove.focus()
    page.keyboard.press("Enter")
    expect(add).to_be_focused()
    # What is left renumbers; a removed item's position is never reused.
    expect(items.nth(0)).to_have_text("Phone number 1")
    assert page.locator('[name="contacts.phones.0.number"]').count() == 0
    page.keyboard.press("Enter")
    assert page.locator('[name="contacts.phones.2.number"]').count() == 1
    assert errors == []


def test_a_paused_service_change_says_its_contacts_are_kept(page: Page, errors):
    site = example_model()
    sv = next(s for s in site.services if site.contacts_hidden(s))
    page.goto(f"/suggest/?service={sv.id}")
    expect(page.locator("#form-withheld")).to_be_visible()
    expect(page.get_by_label("Name of the service")).to_have_value(sv.name)
    expect(page.get_by_label("Email address")).to_have_value("")
    no_violations(page)
    submit(page)
    expect(page.locator("#send")).to_be_visible()  # no "add a way to get in touch"
    assert sv.email and sv.email not in page.locator("#record").input_value()
    assert errors == []


@pytest.mark.parametrize(
    "typed,accepted",
    [
        ("Polish", True),
        ("bsl", True),
        ("ta", True),
        ("British Sign Language", True),
        ("Farsi", True),
        ("Klingonese", False),
        ("Polish and Urdu", False),
    ],
)
def test_languages_are_checked_against_the_validators_list(
    page: Page, errors, content: Path, typed: str, accepted: bool
):
    with page.expect_response("**/suggest/languages.json"):
        page.goto("/suggest/")
    fill_new_service(page)
    page.locator('[name="languages.0"]').fill(typed)
    submit(page)
    # The validator's word on the same value, in a file.
    path = content / "services" / "preston" / "language.yaml"
    path.write_text(yaml_record({}) + f"languages: [{typed!r}]\n", encoding="utf-8")
    said = [
        p.message
        for p in read_content(content, NOW, only=[path]).problems
        if p.field.startswith("languages")
    ]
    if accepted:
        expect(page.locator("#send")).to_be_visible()
        assert said == []
    else:
        message = group(page, "languages.0").locator(".error-message").first
        expect(message).to_contain_text("is not a language name or ISO 639 code")
        shown = (message.text_content() or "").removeprefix("Error: ")
        assert said and said[0].startswith(shown.split(";")[0])
    assert errors == []


@pytest.fixture
def imported_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The example county with one service as an import leaves it: the directory it came
    from named, and no date anyone here checked it; served on 127.0.0.1."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    path = content / "services" / "preston" / "tuesday-lunch-club.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("reviewed:")]
    lines += [
        "imported:",
        "  source: Lancashire Care Finder",
        "  id: LCF-0042",
        "  date: 2026-11-02",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(content, tmp_path / "site", TODAY)
    assert result.ok, [p.text() for p in result.problems]
    for url in serve(tmp_path / "site"):
        yield url, content


def test_a_change_to_an_imported_record_needs_no_checked_date(
    page: Page, errors: list[str], imported_site: tuple[str, Path]
):
    """Someone correcting one detail of a record no one here has checked yet is not asked to
    date a check they did not make; the record keeps where it came from, and stays unchecked
    unless they tick that they checked all of it."""
    url, content = imported_site
    page.goto(f"{url}/suggest/?service=tuesday-lunch-club")
    expect(page.get_by_label("Name of the service")).to_have_value("Tuesday Lunch Club")
    checked = page.get_by_label("Date these details were checked (optional)")
    expect(checked).to_have_value("")
    expect(page.locator("#f-checked-all-hint")).to_contain_text("not been checked")
    no_violations(page)
    page.locator('[name="contacts.phones.0.number"]').fill("01632 960999")
    submit(page)
    expect(page.locator("#send")).to_be_visible()
    text = page.locator("#record").input_value()
    record = yaml.safe_load(text)
    assert "reviewed" not in record, text
    assert {k: str(v) for k, v in record["imported"].items()} == {
        "source": "Lancashire Care Finder",
        "id": "LCF-0042",
        "date": "2026-11-02",
    }
    path = content / "services" / "preston" / "tuesday-lunch-club.yaml"
    path.write_text(text, encoding="utf-8")
    code, out = cli("validate", "--content", str(content), "--today", NOW.isoformat())
    assert code == 0, out
    # Ticked, it is dated today, as any change whose sender checked all of it.
    page.goto(f"{url}/suggest/?service=tuesday-lunch-club")
    expect(page.get_by_label("Name of the service")).to_have_value("Tuesday Lunch Club")
    page.get_by_label("I have checked all of this information is correct").check()
    expect(checked).to_have_value(dt.date.today().isoformat())
    assert errors == []
