"""Opening times: when each kind of schedule entry is on, its Open Referral UK fields, and the
validator's word on entries that do not hold together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from directory.records.config import Term
from directory.records.load import parse
from directory.records.schedule import Slot, bank_holidays
from directory.records.validate import Context, check_service

TERMS = (Term(dt.date(2026, 9, 3), dt.date(2026, 12, 18), "Autumn"),)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_weekly():
    slot = Slot(("tuesday",), "10:00", "12:00")
    assert slot.occurs_on(d("2026-12-01")) and not slot.occurs_on(d("2026-12-02"))
    assert slot.open_at(at("2026-12-01 10:00")) and slot.open_at(at("2026-12-01 11:59"))
    assert not slot.open_at(at("2026-12-01 12:00")) and not slot.open_at(at("2026-12-01 09:59"))


def test_fortnightly_counts_from_its_start():
    slot = Slot(("thursday",), "14:00", "16:00", "fortnightly", starts=d("2026-09-03"))
    on = [day for day in (d("2026-09-03") + dt.timedelta(days=7 * i) for i in range(6))]
    assert [slot.occurs_on(day) for day in on] == [True, False, True, False, True, False]
    assert slot.occurs_on(d("2026-08-20"))  # before the start date, the same rhythm
    assert slot.oruk()["interval"] == 2 and slot.oruk()["dtstart"] == "2026-09-03"


def test_monthly_on_the_nth_and_last_weekday():
    slot = Slot(("tuesday",), "10:30", "12:00", "monthly", weeks=("second", "last"))
    december = [day for day in range(1, 32) if slot.occurs_on(dt.date(2026, 12, day))]
    assert december == [8, 29]  # Tuesdays: 1, 8, 15, 22, 29
    assert slot.oruk()["byday"] == "2TU,-1TU" and slot.oruk()["freq"] == "MONTHLY"


def test_monthly_on_dates_and_the_last_day():
    slot = Slot((), "09:00", "13:00", "monthly", dates=(1, 15, -1))
    assert [day for day in range(1, 31) if slot.occurs_on(dt.date(2026, 11, day))] == [1, 15, 30]
    assert slot.oruk()["bymonthday"] == "1,15,-1" and "byday" not in slot.oruk()


def test_monthly_date_varies_is_never_claimed():
    slot = Slot((), "18:30", "21:00", "monthly", date_varies=True, note="See Facebook.")
    assert not any(slot.occurs_on(dt.date(2026, 12, day)) for day in range(1, 32))
    assert slot.when == "Once a month (the date varies)"


def test_one_off():
    slot = Slot((), "10:00", "15:00", "once", date=d("2026-12-12"))
    assert slot.occurs_on(d("2026-12-12")) and not slot.occurs_on(d("2026-12-19"))
    oruk = slot.oruk()
    assert (oruk["dtstart"], oruk["until"], oruk["count"]) == ("2026-12-12", "2026-12-12", 1)


def test_term_time_and_school_holidays():
    term = Slot(("wednesday",), "09:30", "11:30", term="term-time")
    holidays = Slot(("wednesday",), "10:00", "12:00", term="school-holidays")
    assert term.occurs_on(d("2026-12-16"), TERMS) and not holidays.occurs_on(d("2026-12-16"), TERMS)
    assert holidays.occurs_on(d("2026-12-23"), TERMS) and not term.occurs_on(d("2026-12-23"), TERMS)


def test_past_midnight_belongs_to_the_evening_it_starts():
    slot = Slot(("friday",), "20:00", "08:00")
    assert slot.overnight and slot.time == "8pm to 8am the next morning"
    assert Slot(("friday",), "22:00", "13:00").time == "10pm to 1pm the next day"
    assert slot.open_at(at("2026-12-04 23:00"))  # Friday night
    assert slot.open_at(at("2026-12-05 07:59"))  # Saturday morning, the same session
    assert not slot.open_at(at("2026-12-05 08:00"))
    assert not slot.open_at(at("2026-12-04 07:00"))  # Friday morning: Thursday had none


def test_open_24_hours_and_until_midnight():
    slot = Slot(("monday",), "00:00", "24:00")
    assert slot.time == "Open 24 hours" and not slot.overnight
    assert slot.open_at(at("2026-11-30 00:00")) and slot.open_at(at("2026-11-30 23:59"))
    late = Slot(("monday",), "18:00", "24:00")
    assert late.time == "6pm to midnight" and late.open_at(at("2026-11-30 23:30"))


def test_seasons_and_appointments():
    slot = Slot(("monday",), "20:00", "08:00", valid_from=d("2026-11-01"), valid_to=d("2027-03-31"))
    assert not slot.occurs_on(d("2026-10-26")) and slot.occurs_on(d("2026-11-02"))
    assert slot.when == "Every Monday; from 1 November 2026 to 31 March 2027"
    appointment = Slot((), None, None, by_appointment=True)
    assert appointment.when == "By appointment" and appointment.time == ""
    assert not appointment.open_at(at("2026-11-30 10:00"))
    assert appointment.oruk()["attending_type"] == "by appointment"


SERVICE = """\
name: Knit and Natter
organisation: org
summary: A friendly knitting group.
categories: [c]
contacts:
  email: knit@example.org
reviewed: 2026-06-01
schedule:
"""


def problems(slot: str, school_terms: bool = False) -> list[str]:
    text = SERVICE + "".join(f"  {line}\n" for line in slot.strip("\n").split("\n"))
    doc, found = parse(text.encode(), Path("x.yaml"), "x.yaml")
    assert doc is not None and not found
    ctx = Context(
        today=dt.date(2026, 11, 28),
        organisations=frozenset({"org"}),
        categories=frozenset({"c"}),
        districts=frozenset({"preston"}),
        school_terms=school_terms,
    )
    rec, found = check_service(doc, ctx, "preston")
    return [f"{p.line}: {p.field}: {p.message}" for p in found]


GOOD = [
    '- {days: [friday], opens: "20:00", closes: "08:00"}',
    '- {days: [monday], opens: "00:00", closes: "24:00"}',
    "- {frequency: fortnightly, days: [thursday], starts: 2026-09-03, "
    'opens: "14:00", closes: "16:00"}',
    '- {frequency: monthly, days: [tuesday], weeks: [last], opens: "10:00", closes: "12:00"}',
    '- {frequency: monthly, dates: [1, -1], opens: "10:00", closes: "12:00"}',
    "- {frequency: monthly, date_varies: true, note: Dates on Facebook.}",
    '- {frequency: once, date: 2026-12-12, opens: "10:00", closes: "15:00"}',
    "- {by_appointment: true}",
]


@pytest.mark.parametrize("slot", GOOD)
def test_every_shape_validates(slot: str):
    assert problems(slot) == []


BAD = [
    (
        '- {frequency: fortnightly, days: [thursday], opens: "14:00", closes: "16:00"}',
        "9: schedule[0]: a fortnightly session needs `starts`",
    ),
    (
        '- {frequency: fortnightly, days: [thursday], starts: 2026-09-02, opens: "14:00", '
        'closes: "16:00"}',
        "9: schedule[0].starts: 2026-09-02 is a wednesday, not one of its days (thursday)",
    ),
    (
        '- {frequency: monthly, days: [tuesday], opens: "10:00", closes: "12:00"}',
        "9: schedule[0].weeks: a monthly session needs `weeks`",
    ),
    (
        "- {frequency: monthly, date_varies: true}",
        "9: schedule[0].note: when the date varies, say in `note` where to find the dates",
    ),
    (
        '- {frequency: once, opens: "10:00", closes: "12:00"}',
        "9: schedule[0]: a one-off session (`frequency: once`) needs its `date`",
    ),
    (
        '- {days: [monday], weeks: [first], opens: "10:00", closes: "12:00"}',
        "9: schedule[0].frequency: `weeks` is given, so add `frequency: monthly`",
    ),
    (
        '- {days: [monday], opens: "24:00", closes: "08:00"}',
        '9: schedule[0].opens: a session opens at "00:00" at the latest',
    ),
    (
        '- {days: [monday], opens: "10:00", closes: "10:00"}',
        "9: schedule[0].closes: closes at 10:00, the time it opens",
    ),
    ('- {days: [monday], opens: "10:00"}', "9: schedule[0]: closes is missing"),
    ("- {days: [monday]}", "9: schedule[0]: opens is missing"),
    ('- {opens: "10:00", closes: "12:00"}', "9: schedule[0]: days is missing"),
    (
        '- {days: [monday], opens: "10:00", closes: "12:00", term: term-time}',
        "9: schedule[0].term: the site has no `school_terms` in content/site.yaml",
    ),
    (
        '- {days: [monday], opens: "10:00", closes: "12:00", valid_from: 2027-01-01, '
        "valid_to: 2026-12-01}",
        "9: schedule[0].valid_to: 2026-12-01 is before valid_from (2027-01-01)",
    ),
]


@pytest.mark.parametrize("slot,expected", BAD, ids=[b[1].split(": ", 2)[2][:40] for b in BAD])
def test_entries_that_do_not_hold_together(slot: str, expected: str):
    found = problems(slot)
    assert any(p.startswith(expected) for p in found), found


def test_term_time_with_school_terms_is_fine():
    assert (
        problems('- {days: [monday], opens: "10:00", closes: "12:00", term: term-time}', True) == []
    )


# A real bank holiday: Monday 3 May 2027 (the early May bank holiday), and the Monday after.
MAY_DAY = d("2027-05-03")
HOLIDAYS = frozenset({MAY_DAY})


def test_bank_holidays_come_from_the_holidays_package_weekdays_only():
    days = bank_holidays([2026, 2027])
    assert MAY_DAY in days and d("2026-12-25") in days and d("2026-08-31") in days
    # Boxing Day 2026 is a Saturday: the bank holiday is Monday 28 December instead.
    assert d("2026-12-26") not in days and d("2026-12-28") in days
    assert d("2027-12-27") in days and d("2027-12-28") in days and d("2027-12-25") not in days
    assert all(day.weekday() < 5 for day in days) and days == sorted(days)


def test_a_session_closed_on_bank_holidays_is_not_open_on_one():
    closed = Slot(("monday",), "12:00", "14:00", closed_on_bank_holidays=True)
    assert not closed.occurs_on(MAY_DAY, (), HOLIDAYS)
    assert not closed.open_at(at("2027-05-03 12:30"), (), HOLIDAYS)
    assert closed.open_at(at("2027-05-10 12:30"), (), HOLIDAYS)  # the next Monday
    assert closed.open_at(at("2027-05-03 12:30"))  # without the holidays it would be
    assert closed.bank_holidays == "Closed on bank holidays"
    assert "closed on bank holidays" in closed.oruk()["description"]
    assert closed.to_json()["closed_on_bank_holidays"] is True


def test_a_session_that_runs_on_bank_holidays_and_one_that_does_not_say():
    runs = Slot(("monday",), "08:00", "11:00", closed_on_bank_holidays=False)
    unknown = Slot(("monday",), "08:00", "11:00")
    for slot in (runs, unknown):
        assert slot.open_at(at("2027-05-03 09:00"), (), HOLIDAYS)
    assert runs.bank_holidays == "Open on bank holidays too" and unknown.bank_holidays == ""
    assert runs.to_json()["closed_on_bank_holidays"] is False
    assert "closed_on_bank_holidays" not in unknown.to_json()


def test_past_midnight_a_session_belongs_to_the_day_it_starts_on_bank_holidays_too():
    night = Slot(("sunday", "monday"), "20:00", "08:00", closed_on_bank_holidays=True)
    assert night.open_at(at("2027-05-03 07:00"), (), HOLIDAYS)  # Sunday night's session
    assert not night.open_at(at("2027-05-03 21:00"), (), HOLIDAYS)  # none starts on the day
    assert not night.open_at(at("2027-05-04 07:00"), (), HOLIDAYS)


def test_closed_on_bank_holidays_validates_as_a_true_or_false():
    assert (
        problems(
            '- {days: [monday], opens: "10:00", closes: "12:00", closed_on_bank_holidays: true}'
        )
        == []
    )
    assert (
        problems(
            '- {days: [monday], opens: "10:00", closes: "12:00", closed_on_bank_holidays: false}'
        )
        == []
    )
    found = problems(
        '- {days: [monday], opens: "10:00", closes: "12:00", closed_on_bank_holidays: sometimes}'
    )
    assert any("schedule[0].closed_on_bank_holidays" in p for p in found), found
