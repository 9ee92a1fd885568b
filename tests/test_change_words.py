"""The plain words a change is told in: changes.describe on two snapshot records."""

from __future__ import annotations

import pytest

from directory.outputs.changes import describe

BASE = {
    "name": "Tuesday Lunch Club",
    "district": "preston",
    "areas": ["Central"],
    "served": ["preston"],
    "categories": ["lunch-clubs"],
    "organisation": "Preston Age Friendly Network",
    "summary": "Lunch.",
    "description": "abc",
    "capacity": "open",
    "capacity_note": "",
    "capacity_until": "",
    "capacity_ended": "",
    "status": "active",
    "listed": True,
    "hidden_reason": "",
    "freshness": "fresh",
    "reviewed": "2026-10-02",
    "phones": ["01632 960102"],
    "email": "a@example.org",
    "website": "",
    "venues": ["St Mary's Church Hall, Preston PR1 3BQ"],
    "days": ["tuesday"],
    "times": ["Every Tuesday, 11:30am to 2pm"],
    "cost": "£4.50 for lunch",
    "access": ["drop-in"],
    "ages": "",
    "who": "",
    "languages": [],
}
DISTRICTS = {"preston": "Preston", "chorley": "Chorley", "south-ribble": "South Ribble"}
CATS = {"lunch-clubs": "Lunch clubs", "older-people": "Older people's groups"}


@pytest.mark.parametrize(
    "change,words,tags",
    [
        (
            {"capacity": "paused", "listed": False},
            ["Now paused: not taking new people"],
            ["full", "unlisted"],
        ),
        ({"capacity": "waitlist"}, ["Now has a waiting list"], []),
        ({"days": ["tuesday", "thursday"]}, ["Now also on Thursdays"], []),
        (
            {"days": ["monday"], "times": ["Every Monday, 10am to midday"]},
            ["Moved from Tuesdays to Mondays", "Times now: every Monday, 10am to midday"],
            [],
        ),
        ({"venues": ["Town Hall, Preston PR1 2RL"]}, ["Moved to Town Hall, Preston PR1 2RL"], []),
        ({"cost": "Free"}, ["Now free"], []),
        (
            {"categories": ["older-people"]},
            ["Now listed under Older people's groups", "No longer listed under Lunch clubs"],
            [],
        ),
        ({"served": ["preston", "south-ribble"]}, ["Now also serves South Ribble"], []),
        ({"served": "county"}, ["Now covers the whole area"], []),
        ({"district": "chorley"}, ["Moved from Preston to Chorley"], []),
        (
            {"name": "Wednesday Lunch Club"},
            ["Renamed from Tuesday Lunch Club to Wednesday Lunch Club"],
            [],
        ),
        ({"email": ""}, ["Email address removed"], []),
        ({"phones": []}, ["Phone number removed"], []),
        ({"status": "temporarily-closed", "listed": False}, ["Temporarily closed"], ["unlisted"]),
        ({"reviewed": "2026-11-30"}, ["Checked on 30 November 2026"], []),
        (
            {"freshness": "expired", "listed": False},
            ["Not checked since 2 October 2026: left lists and search until it is checked"],
            ["out-of-date", "unlisted"],
        ),
    ],
)
def test_each_change_in_plain_words(change, words, tags):
    new = {**BASE, **change}
    details, fields, got_tags = describe(BASE, new, DISTRICTS, CATS)
    assert details == words
    assert got_tags == tags
    assert set(change) - {"listed"} <= set(fields)


def test_a_pause_that_ends_by_its_date():
    old = {**BASE, "capacity": "paused", "capacity_until": "2026-12-21", "listed": False}
    new = {**BASE, "capacity": "unknown", "capacity_ended": "paused"}
    details, _fields, tags = describe(old, new, DISTRICTS, CATS)
    assert details == ["The pause has ended: not yet confirmed as taking new people"]
    assert tags == ["pause-ended", "listed"]


def test_contacts_not_shown_while_paused_are_not_in_the_changes():
    old = {**BASE, "contacts_hidden": True, "phones": ["3f2a"], "email": "9c1b"}
    new = {**old, "phones": ["77aa"], "email": "0d0d"}
    details, fields, _tags = describe(old, new, DISTRICTS, CATS)
    assert details == [] and "phones" not in fields


def test_every_status_that_can_end_has_words_on_the_page_and_in_the_changes():
    """A status with an `until` date can end; the page and the change list take their words
    for it from the one table, so neither falls back to generic wording."""
    from directory.records.schema import CAPACITY_STATUSES
    from directory.site.model import CAPACITY_ENDED, Capacity

    for status in CAPACITY_STATUSES:
        if status == "open":
            continue
        old = {**BASE, "capacity": status, "capacity_until": "2026-12-21"}
        new = {**BASE, "capacity": "unknown", "capacity_ended": status}
        details, _fields, _tags = describe(old, new, DISTRICTS, CATS)
        assert details == [f"{CAPACITY_ENDED[status][1]}: not yet confirmed as taking new people"]
        was = Capacity("unknown", ended=status).ended_was
        assert was == CAPACITY_ENDED[status][0] and was.startswith("This service ")
