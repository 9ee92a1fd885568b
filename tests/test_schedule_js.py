"""The browser's "open now" (static/schedule.js on search.py's schedule_rows) gives the same
answers as the reference rules in directory/records/schedule.py (Slot.open_at), for every session
of the example county and of the messy content set, at every half hour of a winter and a
summer fortnight and around month ends, the change of clocks, school terms and bank holidays
(England's, from the holidays package, as search/calendar.json ships them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from directory.outputs.search import calendar_file, schedule_rows
from directory.records.content import read_content
from directory.records.schedule import Slot, bank_holidays
from directory.site.model import Site, build_site

from .conftest import Node

ROOT = Path(__file__).resolve().parents[1]
SCHEDULE_JS = ROOT / "directory" / "static" / "schedule.js"
TODAY = dt.date(2026, 11, 28)


def model(folder: Path) -> Site:
    content = read_content(folder, TODAY)
    assert content.config is not None
    return build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )


def moments() -> list[dt.datetime]:
    out = []
    for start in (dt.date(2026, 11, 23), dt.date(2027, 6, 21), dt.date(2026, 12, 14)):
        for day in range(15):
            for half in range(48):
                out.append(
                    dt.datetime.combine(start + dt.timedelta(days=day), dt.time())
                    + dt.timedelta(minutes=30 * half)
                )
    # Bank holidays: Christmas, Boxing Day on a Saturday and its Monday, the early May one.
    for start in (dt.date(2026, 12, 24), dt.date(2027, 5, 2)):
        for day in range(5):
            for half in range(48):
                out.append(
                    dt.datetime.combine(start + dt.timedelta(days=day), dt.time())
                    + dt.timedelta(minutes=30 * half)
                )
    for day in (dt.date(2026, 10, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 28)):
        for minutes in (0, 59, 600, 1200, 1439):
            out.append(dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes))
    return out


@pytest.mark.parametrize("folder", [ROOT / "content", ROOT / "tests" / "messy"])
def test_open_now_in_the_browser_follows_the_reference_rules(node: Node, folder: Path):
    site = model(folder)
    terms = site.config.school_terms
    services = [sv for sv in site.services if sv.schedule]
    assert services
    when = moments()
    holidays = frozenset(bank_holidays(range(2026, 2028)))
    expected = [
        [any(s.open_at(m, terms, holidays) for s in sv.schedule) for m in when] for sv in services
    ]
    epoch = dt.date(1970, 1, 1)
    payload = {
        "slots": [schedule_rows(sv) for sv in services],
        "moments": [[m.year, m.month, m.day, m.hour * 60 + m.minute] for m in when],
        "terms": [[(t.starts - epoch).days, (t.ends - epoch).days] for t in terms],
        "holidays": [day.isoformat() for day in sorted(holidays)],
    }
    script = """
    const days = input.moments.map(([y, m, d, min]) => M.civil(y, m, d, min))
    const holidays = {}
    input.holidays.forEach((d) => { holidays[d] = true })
    const ctx = { terms: input.terms, holidays }
    output(input.slots.map((slots) => days.map((d) => M.openAt(slots, d, ctx))))
    """
    got = node(SCHEDULE_JS, script, payload)
    differ = [
        (sv.id, when[i].isoformat(), e)
        for sv, exp, js in zip(services, expected, got, strict=True)
        for i, (e, j) in enumerate(zip(exp, js, strict=True))
        if e != j
    ]
    assert differ == [], f"{len(differ)} differ (service, time, reference): {differ[:10]}"
    assert any(any(row) for row in expected), "some session should be open at some time"


def test_bank_holiday_sessions_in_the_browser(node: Node):
    """Monday 3 May 2027 (a bank holiday) at 12:30, and the Monday after: a session closed on
    bank holidays, one that runs on them, one that does not say; whether to say "check
    before you go" (only when no session on now is known to run on bank holidays)."""
    slots = [
        Slot(("monday",), "12:00", "14:00", closed_on_bank_holidays=True),
        Slot(("monday",), "12:00", "14:00", closed_on_bank_holidays=False),
        Slot(("monday",), "12:00", "14:00"),
    ]
    rows = [schedule_rows(_service(s)) for s in slots]
    assert [r[0][8:] for r in rows] == [[1], [2], []]
    script = """
    const ctx = { holidays: { "2027-05-03": true } }
    const days = [M.civil(2027, 5, 3, 750), M.civil(2027, 5, 10, 750)]
    const both = (rows, d) => [M.openAt(rows, d, ctx), M.holidayUnsure(rows, d, ctx)]
    output(input.map((rows) => days.map((d) => both(rows, d))))
    """
    got = node(SCHEDULE_JS, script, rows)
    assert got == [
        [[False, True], [True, False]],
        [[True, False], [True, False]],
        [[True, True], [True, False]],
    ]


def test_the_calendar_ships_the_bank_holidays_from_the_package():
    import json

    site = model(ROOT / "content")
    cal = json.loads(calendar_file(site))
    assert cal["bank_holidays"] == [
        d.isoformat() for d in bank_holidays(range(TODAY.year - 1, TODAY.year + 3))
    ]
    assert "2027-05-03" in cal["bank_holidays"] and "2026-12-26" not in cal["bank_holidays"]
    assert cal["bank_holidays"][0].startswith("2025") and cal["bank_holidays"][-1][:4] == "2028"


class _Sv:
    def __init__(self, slot: Slot):
        self.schedule = [slot]


def _service(slot: Slot):  # type: ignore[no-untyped-def]
    return _Sv(slot)
