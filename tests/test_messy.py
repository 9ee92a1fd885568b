"""A second content set, tests/messy/: made-up records shaped like real councils' exports
(drama phone numbers, example.org addresses). Each shape validates, and its page says only
what the record says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from directory.build.pipeline import build
from directory.records.content import read_content

from .conftest import EXAMPLE, TODAY

MESSY = Path(__file__).parent / "messy"

# The warnings the set is meant to give (file, field, the start of the message); any other
# problem is a failure.
EXPECTED_WARNINGS = {
    ("north-ward/long-description.yaml", "description", "is 5849 characters long"),
    ("old-town/long-summary.yaml", "summary", "is 215 characters long"),
    ("old-town/no-summary.yaml", "", "summary is missing, so the description's first"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("messy") / "site"
    content = tmp_path_factory.mktemp("messy-content") / "content"
    shutil.copytree(MESSY, content)
    result = build(content, out, TODAY)
    assert result.ok, result.problems
    return out


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_bytes(), "html.parser")


def main_text(site: Path, path: str) -> str:
    return " ".join(page(site, path).find("main").get_text(" ", strip=True).split())


def service(site: Path, sid: str) -> BeautifulSoup:
    return page(site, f"services/{sid}")


def fact(site: Path, sid: str, label: str) -> str | None:
    for dt in service(site, sid).select("dl.facts dt"):
        if dt.get_text(strip=True) == label:
            dd = dt.find_next_sibling("dd")
            return " | ".join(dd.stripped_strings)
    return None


def test_every_record_validates_with_only_the_expected_warnings():
    content = read_content(MESSY, TODAY)
    found = {
        (str(Path(p.file).resolve().relative_to(MESSY / "services")), p.field, p.message)
        for p in content.problems
    }
    assert all(p.severity == "warning" for p in content.problems), content.problems
    for file, field, start in EXPECTED_WARNINGS:
        assert any(f == file and fl == field and m.startswith(start) for f, fl, m in found), (
            file,
            found,
        )
    assert len(found) == len(EXPECTED_WARNINGS), found
    assert len(content.services) == len(list(MESSY.glob("services/*/*.yaml")))


PHONES = [
    # (service, what the page shows, the link)
    ("drop-in-advice", "Phone: 01632 960001", "tel:+441632960001"),
    ("extension-line", "Phone: 01632 960992 ext. 204", "tel:+441632960992;ext=204"),
    ("extension-line", "Phone: 01632 960993 ext. 12", "tel:+441632960993;ext=12"),
    ("plus-44-zero", "Phone: 01632 960990", "tel:+441632960990"),
    ("relay-uk", "Textphone: 18001 01632 960989", "tel:1800101632960989"),
    ("relay-uk", "Text: 07700 900123", "sms:+447700900123"),
    ("relay-uk", "WhatsApp: 07700 900124", "https://wa.me/447700900124"),
    ("listening-line", "Phone: 116 123", "tel:116123"),
    ("listening-line", "Phone: 111", "tel:111"),
    ("listening-line", "Phone: 0800 123 4567", "tel:+448001234567"),
    ("listening-line", "Phone: 0808 157 0192", "tel:+448081570192"),
    ("listening-line", "Phone: 0300 123 1110", "tel:+443001231110"),
]


@pytest.mark.parametrize("sid,shown,href", PHONES, ids=[p[1] for p in PHONES])
def test_phone_numbers_show_nationally_and_dial_in_e164(site, sid, shown, href):
    items = [
        li for li in service(site, sid).select("ul.contact-list li") if li.find("a", href=href)
    ]
    assert items, f"no link {href}"
    assert " ".join(items[0].get_text(" ", strip=True).split()).startswith(shown)


def test_organisation_phone_links_dial(site):
    org = page(site, "organisations/harbourside-cvs")
    link = org.select_one('a[href^="tel:"]')
    assert (link["href"], link.get_text()) == ("tel:+441632960100", "01632 960100")


def test_unknown_capacity_shows_no_badge_and_ranks_with_open(site):
    svc = service(site, "unknown-capacity")
    assert not svc.select(".tag-open, .tag-unknown")
    assert "Taking new people" not in main_text(site, "services/unknown-capacity")
    district = page(site, "districts/old-town")
    titles = [a.get_text() for a in district.select("ul.results .result-title a")]
    assert "Harbour Park Litter Pick" in titles
    assert not district.select(".tag-open")


def test_absent_access_and_cost_say_to_ask(site):
    assert (
        fact(site, "unknown-capacity", "How to start") == "Contact the service to ask how to start."
    )
    assert fact(site, "unknown-capacity", "Cost") == "Ask about cost"
    assert fact(site, "windows-export", "How to start") == "Just turn up"
    # A charge is shown only when the record says there is one.
    assert (
        fact(site, "paid-no-prices", "Cost")
        == "There is a charge | £5 a session, materials included."
    )
    assert fact(site, "drop-in-advice", "Cost") == "Free"


def test_eligibility_shows_only_what_the_record_says(site):
    assert fact(site, "unknown-capacity", "Who it is for") is None
    assert fact(site, "ages-only", "Who it is for") == "Ages 8 to 16"


def test_a_venue_without_a_name_is_headed_by_its_address_once(site):
    svc = service(site, "no-venue-name")
    venue = svc.select_one(".location")
    assert venue.h3.get_text() == "14 Quay Street"
    assert list(venue.select_one(".address").stripped_strings) == [
        "Harbourside",
        "London",
        "E20 1AA",
    ]
    assert main_text(site, "services/no-venue-name").count("14 Quay Street") == 2  # heading, map


def test_languages_by_name_or_code_show_by_name(site):
    assert fact(site, "languages", "Languages") == (
        "Sylheti, Tamil, Tagalog, Persian, Nepali, Turkish, British Sign Language, Polish"
    )
    assert fact(site, "relay-uk", "Languages") == "British Sign Language"


def test_a_missing_summary_is_the_descriptions_first_sentence(site):
    lead = service(site, "no-summary").select_one(".lead").get_text()
    assert lead == (
        "A relaxed morning for people living with memory loss and the people who care for them."
    )


def test_long_summary_and_description_are_shown_whole(site):
    assert service(site, "long-summary").select_one(".lead").get_text().endswith("neighbours.")
    prose = service(site, "long-description").select_one(".prose").get_text()
    assert len(prose) > 5000


def test_windows_line_breaks_are_line_breaks(site):
    prose = service(site, "windows-export").select_one(".prose")
    assert str(prose.p) == "<p>Meet at the boathouse.<br/>Walks take an hour.</p>"


def test_single_line_breaks_in_a_description_show(site):
    prose = service(site, "no-summary").select_one(".prose")
    assert "<br/>" in str(prose.p) and "Held in the church hall." in prose.get_text()


def test_a_quoted_hash_is_kept(site):
    assert service(site, "long-description").h1.get_text() == "Shed #2 Woodwork Group"
    assert page(site, "organisations/shed-2").h1.get_text() == "Shed #2 Woodwork Group"


ORG_TYPES = [
    ("harbourside-cvs", "a charity"),
    ("shed-2", "a voluntary or community group run by volunteers"),
    ("st-marks", "a faith group"),
    ("harbourside-council", "a council"),
    ("harbourside-nhs", "part of the NHS"),
    ("green-cafe-cic", "a social enterprise"),
]


@pytest.mark.parametrize("org,phrase", ORG_TYPES)
def test_organisation_type_is_shown(site, org, phrase):
    svc = next(p for p in (site / "services").iterdir() if _run_by(site, p.name, org))
    text = " ".join(service(site, svc.name).get_text(" ", strip=True).split())
    assert re.search(rf"Who runs it .*, {re.escape(phrase)}\.", text), text


def test_organisation_without_type_claims_none(site):
    text = main_text(site, "services/unknown-capacity")
    assert re.search(r"Who runs it Friends of Harbour Park \.", text), text


def _run_by(site: Path, sid: str, org: str) -> bool:
    link = service(site, sid).select_one(f'a[href$="organisations/{org}/"]')
    return link is not None


SCHEDULES = [
    # (service, the "When" and "Time" cells of each row)
    (
        "weekdays",
        [("Every Monday to Friday", "10am to 2pm"), ("Every Saturday", "9:30am to midday")],
    ),
    (
        "fortnightly",
        [("Every other Thursday, counting from 3 September 2026", "2pm to 4pm")],
    ),
    ("monthly-nth", [("Second and last Tuesday of the month", "10:30am to midday")]),
    ("monthly-dates", [("On the 1st and 15th of the month", "9am to 1pm")]),
    (
        "monthly-varies",
        [("Once a month (the date varies) | Dates are on our Facebook page.", "6:30pm to 9pm")],
    ),
    ("one-off", [("On Saturday 12 December 2026", "10am to 3pm")]),
    (
        "term-time",
        [
            ("Every Wednesday; term time only", "9:30am to 11:30am"),
            (
                "Every Monday and Wednesday; school holidays only | Holiday sessions are in the "
                "garden when it is dry.",
                "10am to midday",
            ),
        ],
    ),
    (
        "night-shelter",
        [("Every day; from 1 November 2026 to 31 March 2027", "8pm to 8am the next morning")],
    ),
    ("helpline-24h", [("Every day", "Open 24 hours")]),
    (
        "by-appointment",
        [
            ("By appointment", "Ask for a time"),
            ("By appointment, every Tuesday and Thursday", "1pm to 5pm"),
        ],
    ),
]


@pytest.mark.parametrize("sid,rows", SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_opening_times_in_plain_english(site, sid, rows):
    table = service(site, sid).select("table.table tbody tr")
    found = [tuple(" | ".join(td.stripped_strings) for td in tr.select("td")) for tr in table]
    assert found == rows


def test_term_dates_are_shown_with_term_time_sessions(site):
    text = main_text(site, "services/term-time")
    assert "School terms: Autumn term 2026, 3 September 2026 to 18 December 2026" in text
    assert "School terms" not in main_text(site, "services/weekdays")


def test_online_and_phone_services_say_there_is_no_venue(site):
    assert "Online: there is no venue to go to." in main_text(site, "services/online-only")
    assert "By phone: there is no venue to go to." in main_text(site, "services/helpline-24h")
    text = main_text(site, "services/venue-and-online")
    assert "You can take part in person or online." in text and "3 Canal Walk" in text


def test_labelled_emails_named_contacts_and_links(site):
    items = [
        " ".join(li.get_text(" ", strip=True).split())
        for li in service(site, "weekdays").select("ul.contact-list li")
    ]
    assert items == [
        "Email (General questions): pantry@harbourside-cvs.example.org",
        "Email (Volunteering): volunteer@harbourside-cvs.example.org",
    ]
    people = service(site, "fortnightly").select("h3 + ul.contact-list li")
    assert [" ".join(p.get_text(" ", strip=True).split()) for p in people] == [
        "Pat Example , Group organiser Phone: 07700 900200",
        "Sam Example Email: sam@example.org",
    ]
    assert people[0].find("a")["href"] == "tel:+447700900200"
    link = service(site, "facebook-only").select_one("ul.contact-list a")
    assert link["href"] == "https://www.facebook.com/groups/north-ward-walking-football-example"
    assert link.find_parent("li").get_text().startswith("Facebook group:")


def test_imported_records_say_they_are_not_checked(site):
    new = main_text(site, "services/imported-new")
    assert "This information has not been checked yet." in new
    assert (
        "Imported from Harbourside Family Information Service on 1 November 2026; not yet checked."
        in new
    )
    assert "Last checked" not in new
    checked = main_text(site, "services/imported-checked")
    assert "Last checked on 20 July 2026." in checked and "not been checked" not in checked


def test_imported_records_leave_lists_after_the_grace_period(site):
    district = page(site, "categories/arts-and-crafts").find(id="north-ward").find_parent("section")
    listed = [a.get_text() for a in district.select("section > ul.results .result-title a")]
    held = [a.get_text() for a in district.select("details.held .result-title a")]
    assert "Harbourside Youth Theatre" in listed  # imported 27 days ago
    assert "Old Imported Choir" in held and "Old Imported Choir" not in listed  # 180 days
    tags = district.find("a", string="Harbourside Youth Theatre").find_parent("li")
    assert "Not checked yet" in tags.get_text()


def test_imported_records_are_on_the_checking_list(tmp_path, run):
    content = tmp_path / "content"
    shutil.copytree(MESSY, content)
    result = run(
        "build", "--content", str(content), "--out", str(tmp_path / "out"), "--today", "2026-11-28"
    )
    assert result.exit_code == 0, result.output
    assert (
        "north-ward/imported-new.yaml: imported from Harbourside Family Information Service on "
        "2026-11-01 and not yet checked (listed until checked)"
    ) in result.output
    assert (
        "imported-old.yaml: imported from Harbourside Family Information Service on "
        "2026-06-01 and not yet checked (no longer listed)" in result.output
    )
    assert "imported-checked.yaml" not in result.output


def test_categories_group_by_parent_and_only_with_services(site):
    home = page(site, "")
    section = home.find(id="categories").find_next("ul")
    tops = [li.a.get_text() for li in section.find_all("li", recursive=False)]
    assert tops == [
        "Community groups, clubs, societies and social activities for residents of all ages",
        "Health and wellbeing",
        "Advice and information",
        "Older people",
    ]
    community = section.find_all("li", recursive=False)[0]
    assert [a.get_text() for a in community.select(".sub-list a")] == [
        "Sports, exercise and physical activity groups",
        "Arts, crafts and making things",
    ]
    assert "A category no service uses" not in home.get_text()


def test_a_parents_page_lists_its_childrens_services(site):
    parent = main_text(site, "categories/community-groups")
    for name in ("Chair Yoga", "Online Coding Club", "Harbour Park Litter Pick"):
        assert name in parent
    nav = page(site, "categories/community-groups").find(id="sub-title").find_parent("nav")
    assert [a.get_text() for a in nav.select("a")] == [
        "Sports, exercise and physical activity groups",
        "Arts, crafts and making things",
    ]
    child = page(site, "categories/sports-and-exercise")
    assert "Chair Yoga" in child.get_text() and "Online Coding Club" not in child.get_text()
    crumbs = [a.get_text() for a in child.select(".breadcrumbs a")]
    assert crumbs[-1].startswith("Community groups")


def test_district_pages_group_by_top_level_category(site):
    district = page(site, "districts/north-ward")
    headings = [h.get_text() for h in district.select("section > h2")]
    assert "Sports, exercise and physical activity groups" not in headings
    assert headings[0].startswith("Community groups")


def test_the_area_is_called_what_the_site_calls_it(site):
    text = main_text(site, "districts/old-town")
    assert "the whole borough" in text and "county" not in text.lower()
    cat = main_text(site, "categories/health")
    assert "Across the borough" in cat and "county" not in cat.lower()
    assert "The whole" not in main_text(site, "services/listening-line")


def test_schedule_json_is_plain_data(site):
    import json

    from directory.records.content import read_content
    from directory.site.model import build_site

    content = read_content(MESSY, TODAY)
    assert content.config is not None
    built = build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )
    by_id = {sv.id: sv for sv in built.services}
    rows = {sid: by_id[sid].schedule_json for sid, _ in SCHEDULES}
    json.dumps(rows)  # plain JSON values only
    assert rows["fortnightly"] == [
        {
            "frequency": "fortnightly",
            "days": ["thursday"],
            "starts": "2026-09-03",
            "opens": "14:00",
            "closes": "16:00",
        }
    ]
    assert rows["monthly-nth"][0]["weeks"] == [2, -1]
    assert rows["night-shelter"][0]["overnight"] is True
    assert rows["by-appointment"][0] == {"frequency": "weekly", "by_appointment": True}


def test_search_rows_carry_the_categories_above_so_a_parent_filter_finds_children():
    from directory.outputs.search import result_row
    from directory.site.model import build_site

    content = read_content(MESSY, TODAY)
    assert content.config is not None
    built = build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )
    yoga = next(sv for sv in built.services if sv.id == "venue-and-online")
    assert result_row(built, yoga)[8] == ["sports-and-exercise", "community-groups", "older-people"]
    assert result_row(built, yoga)[4] == "North Ward"


@pytest.mark.parametrize(
    "written",
    [
        "01632 960001",
        "01632 960992 ext 204",
        "+44 (0)1632 960990",
        "18001 01632 960989",
        "18002 020 7946 0001",
        "116 123",
        "111",
        "0800 123 4567",
        "07700 900123",
        "028 9649 6000",
        # Extensions on numbers outside the drama ranges, in the ways exports write them.
        "01772 906102 ext 204",
        "01772 906102 x204",
        "020 7946 0000 ext 5",
        "0161 496 0000 x5",
        "0800 123 4567 ext 3",
        "+44 (0)1524 123456 extension 9",
        "(01772) 421000 ext. 22",
    ],
)
def test_the_cleaned_form_reads_back_to_the_same_number(written):
    """Pages read the cleaned text without parsing it again; it is the same number, and its
    extension is said once, apart from the number."""
    from directory.records import phones

    parsed = phones.parse(written)
    assert not isinstance(parsed, str)
    assert phones.from_text(parsed.text) == parsed
    assert parsed.text.count("ext") == (1 if parsed.extension else 0)
    assert "x" not in parsed.national and "ext" not in parsed.national
    if parsed.extension:
        assert parsed.tel.endswith(f";ext={parsed.extension}")
        assert parsed.tel.count("ext") == 1


def test_a_real_number_with_an_extension_builds_and_dials(tmp_path):
    """The number validation accepts, the build shows and dials: an extension on an ordinary
    (not drama) number once crashed the build after validation had passed it."""

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    path = content / "services" / "preston" / "tuesday-lunch-club.yaml"
    text = path.read_text(encoding="utf-8")
    number = re.search(r'- number: "?([0-9 ]+)"?', text)
    assert number
    path.write_text(text.replace(number.group(0), '- number: "01772 906102 ext 204"', 1))
    result = build(content, tmp_path / "site", TODAY)
    assert result.ok, [p.text() for p in result.problems]
    page = (tmp_path / "site" / "services" / "tuesday-lunch-club" / "index.html").read_text()
    assert 'href="tel:+441772906102;ext=204"' in page
    assert "01772 906102 ext. 204" in page and "x204" not in page


EXPORT_PHONES = [
    ("phone-brackets", "01632 960111", "tel:+441632960111"),
    ("phone-hyphens", "01632 960112", "tel:+441632960112"),
    ("phone-plus-44", "01632 960113", "tel:+441632960113"),
    ("phone-double-zero", "01632 960114", "tel:+441632960114"),
    ("phone-extension-word", "01632 960115 ext. 3", "tel:+441632960115;ext=3"),
    ("phone-mobile-spaced", "07700 900116", "tel:+447700900116"),
    ("phone-london", "020 7946 0123", "tel:+442079460123"),
    ("phone-leeds", "0113 496 0000", "tel:+441134960000"),
    ("phone-cardiff", "029 2018 0000", "tel:+442920180000"),
    ("phone-low-call", "0345 600 3000", "tel:+443456003000"),
]


@pytest.mark.parametrize("sid,shown,href", EXPORT_PHONES, ids=[p[0] for p in EXPORT_PHONES])
def test_numbers_as_exports_write_them(site, sid, shown, href):
    link = service(site, sid).select_one("ul.contact-list a")
    assert (link.get_text(), link["href"]) == (shown, href)


LANGUAGE_CAFES = [
    "Arabic, French",
    "Yoruba, Igbo",
    "Akan",
    "Albanian, Romanian",
    "Kurdish (Sorani), Dari",
    "Amharic, Tigrinya",
    "Cantonese, Mandarin",
    "Vietnamese",
    "Gujarati, Hindi",
    "Portuguese, Spanish",
]


@pytest.mark.parametrize("n,shown", list(enumerate(LANGUAGE_CAFES, 1)), ids=LANGUAGE_CAFES)
def test_languages_a_borough_offers(site, n, shown):
    assert fact(site, f"language-cafe-{n}", "Languages") == shown


def test_choices_as_people_type_them_and_prices(site):
    assert fact(site, "mixed-case-choices", "How to start") == (
        "Just turn up | Get in touch yourself to join"
    )
    assert (
        fact(site, "mixed-case-choices", "Cost") == "£2 for tea and cake; £0.50 for a raffle ticket"
    )
    svc = service(site, "mixed-case-choices")
    assert svc.h1.get_text() == "Knit & Natter 🧶"
    assert svc.select_one(".tag-limited").get_text() == "Small group: expect a slow reply"
    assert "Two volunteers run it" in svc.get_text()


def test_capacity_notes_and_ends(site):
    assert "About six months." in main_text(site, "services/waitlist")
    full = main_text(site, "services/full-until")
    assert "full and not taking new people" in full and "after 31 January 2027" in full


def test_who_or_notes_alone(site):
    assert fact(site, "who-only", "Who it is for") == (
        "Dads, granddads and male carers, with their children."
    )
    assert fact(site, "notes-only", "Who it is for") == "Anyone of any faith or none."


def test_a_windows_block_keeps_its_lines_and_list(site):
    prose = service(site, "block-crlf").select_one(".prose")
    assert "Everyone is welcome.<br/>" in str(prose)
    assert [li.get_text() for li in prose.select("li")] == ["Vegetarian", "Halal"]


def test_every_language_name_shown_reads_back_to_itself():
    """A cleaned record holds the name the site shows; reading it again finds the same."""
    import pycountry

    from directory.records.languages import SHOWN_AS, find

    for record in pycountry.languages:
        found = find(record.alpha_3)
        assert found is not None and find(found.name) == found, record.alpha_3
    for code in SHOWN_AS:
        found = find(code)
        assert found is not None and find(found.name) == found, code
