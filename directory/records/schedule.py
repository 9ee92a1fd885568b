"""Opening times: a schedule entry (`schedule[]` in a service record) -> plain English, JSON for
the browser, Open Referral UK's `schedule` fields, and whether it is open on a date or at a time.

The model follows Open Referral UK 3.0 / HSDS 3.0 `schedule` (iCalendar RRULE parts): freq
WEEKLY or MONTHLY, interval (2 for fortnightly, counted from dtstart), byday (with an ordinal
for "the second Tuesday": 2TU, -1TU for the last), bymonthday, valid_from / valid_to,
opens_at / closes_at. A one-off session is dtstart = until with count 1. Term-time and
school-holiday sessions use the site's `school_terms`. `closed_on_bank_holidays` (true: no
session starts on a bank holiday; false: they run on bank holidays too; None: not known) is
Open Referral UK 1.0's holiday_schedule.closed, which 3.0 has only as text in `description`;
the bank holidays are England's, from the maintained `holidays` package (bank_holidays()).

Times are "HH:MM" local (UK) clock times. A session whose closing time is not after its opening
time runs past midnight into the next day ("20:00" to "08:00"); "00:00" to "24:00" is open all
day. `to_json()` is what the browser needs to work out "open now" without the server: the same
rules as `occurs_on` and `open_at` here, which are the reference for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from directory.records.config import Term

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEK_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
ALL_DAY = ("00:00", "24:00")


@dataclass(frozen=True)
class Slot:
    """One schedule entry, as validated (see schema.py `schedule`). frequency: weekly,
    fortnightly, monthly or once; days: weekday names; weeks: first..last (monthly);
    dates: days of the month, -1 the last (monthly); starts: a date of one fortnightly session;
    date: a one-off session's date; term: term-time or school-holidays; opens/closes: "HH:MM"
    or None (by appointment)."""

    days: tuple[str, ...]
    opens: str | None
    closes: str | None
    frequency: str = "weekly"
    weeks: tuple[str, ...] = ()
    location: str | None = None
    note: str | None = None
    dates: tuple[int, ...] = ()
    date_varies: bool = False
    starts: dt.date | None = None
    date: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    term: str | None = None
    by_appointment: bool = False
    closed_on_bank_holidays: bool | None = None

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Slot:
        return cls(
            days=tuple(rec.get("days") or ()),
            opens=rec.get("opens"),
            closes=rec.get("closes"),
            frequency=rec.get("frequency") or "weekly",
            weeks=tuple(rec.get("weeks") or ()),
            location=rec.get("location"),
            note=rec.get("note"),
            dates=tuple(rec.get("dates") or ()),
            date_varies=bool(rec.get("date_varies")),
            starts=rec.get("starts"),
            date=rec.get("date"),
            valid_from=rec.get("valid_from"),
            valid_to=rec.get("valid_to"),
            term=rec.get("term"),
            by_appointment=bool(rec.get("by_appointment")),
            closed_on_bank_holidays=rec.get("closed_on_bank_holidays"),
        )

    # -- plain English ------------------------------------------------------------------------

    @property
    def when(self) -> str:
        """ "Every Tuesday", "Every other Thursday, counting from 3 September 2026", "First and
        third Thursday of the month", "On the 1st and 15th of the month", "Once a month (the
        date varies)", "On Saturday 12 December 2026", "By appointment"; with "term time only"
        and the dates it runs between, when it has them."""
        days = _days(self.days)
        if self.frequency == "once" and self.date is not None:
            text = f"On {self.date:%A} {longdate(self.date)}"
        elif self.frequency == "monthly" and self.date_varies:
            text = "Once a month (the date varies)"
        elif self.frequency == "monthly" and self.dates:
            text = f"On the {_join([_ordinal(d) for d in self.dates])} of the month"
        elif self.frequency == "monthly":
            text = f"{_join(list(self.weeks)).capitalize()} {days} of the month"
        elif self.frequency == "fortnightly":
            since = f", counting from {longdate(self.starts)}" if self.starts else ""
            text = f"Every other {days}{since}"
        elif days:
            text = "Every day" if len(self.days) == 7 else f"Every {days}"
        else:
            text = ""
        if self.by_appointment:
            text = f"By appointment, {text[0].lower()}{text[1:]}" if text else "By appointment"
        extras = []
        if self.term == "term-time":
            extras.append("term time only")
        elif self.term == "school-holidays":
            extras.append("school holidays only")
        if self.valid_from and self.valid_to:
            extras.append(f"from {longdate(self.valid_from)} to {longdate(self.valid_to)}")
        elif self.valid_from:
            extras.append(f"from {longdate(self.valid_from)}")
        elif self.valid_to:
            extras.append(f"until {longdate(self.valid_to)}")
        return "; ".join([text, *extras]) if extras else text

    @property
    def bank_holidays(self) -> str:
        """ "Closed on bank holidays", "Open on bank holidays too", or "" when the record does
        not say."""
        if self.closed_on_bank_holidays is None:
            return ""
        if self.closed_on_bank_holidays:
            return "Closed on bank holidays"
        return "Open on bank holidays too"

    @property
    def time(self) -> str:
        """ "10am to midday", "8pm to 8am the next morning", "Open 24 hours", or "" when there
        are no times (by appointment)."""
        if self.opens is None or self.closes is None:
            return ""
        if (self.opens, self.closes) == ALL_DAY:
            return "Open 24 hours"
        if self.overnight:
            when = "the next morning" if self.closes < "12:00" else "the next day"
            return f"{clock(self.opens)} to {clock(self.closes)} {when}"
        return f"{clock(self.opens)} to {clock(self.closes)}"

    @property
    def overnight(self) -> bool:
        """Runs past midnight into the next day (closes at or before it opens)."""
        return (
            self.opens is not None
            and self.closes is not None
            and self.closes != "24:00"
            and self.closes <= self.opens
        )

    # -- dates and times ----------------------------------------------------------------------

    def occurs_on(
        self, day: dt.date, terms: Sequence[Term] = (), holidays: Collection[dt.date] = ()
    ) -> bool:
        """Whether a session starts on this date (holidays: the bank holidays, for sessions
        closed on them; a session past midnight belongs to the day it starts)."""
        if self.closed_on_bank_holidays and day in holidays:
            return False
        if self.valid_from and day < self.valid_from or self.valid_to and day > self.valid_to:
            return False
        if self.term is not None:
            in_term = any(t.starts <= day <= t.ends for t in terms)
            if in_term != (self.term == "term-time"):
                return False
        weekday = DAYS[day.weekday()]
        if self.frequency == "once":
            return day == self.date
        if self.frequency == "monthly":
            if self.date_varies:
                return False  # not known: the note says where the dates are
            if self.dates:
                last = calendar.monthrange(day.year, day.month)[1]
                return any(d == day.day or d == -1 and day.day == last for d in self.dates)
            if weekday not in self.days:
                return False
            nth = (day.day - 1) // 7 + 1
            is_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
            return any(WEEK_NUMBER[w] == nth or w == "last" and is_last for w in self.weeks)
        if self.days and weekday not in self.days:
            return False
        if self.frequency == "fortnightly":
            if self.starts is None:
                return False
            weeks = (_monday(day) - _monday(self.starts)).days // 7
            return weeks % 2 == 0
        return bool(self.days)

    def open_at(
        self,
        moment: dt.datetime,
        terms: Sequence[Term] = (),
        holidays: Collection[dt.date] = (),
    ) -> bool:
        """Whether a session is on at this local time: one that started today, or one that
        started yesterday and runs past midnight (holidays: as occurs_on)."""
        if self.opens is None or self.closes is None:
            return False
        now = f"{moment.hour:02d}:{moment.minute:02d}"
        today = moment.date()
        if self.overnight:
            if self.occurs_on(today, terms, holidays) and now >= self.opens:
                return True
            yesterday = today - dt.timedelta(days=1)
            return self.occurs_on(yesterday, terms, holidays) and now < self.closes
        return self.occurs_on(today, terms, holidays) and self.opens <= now < self.closes

    # -- for other programs -------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """The entry for the browser ("open now") and other programs: only plain JSON values,
        dates as "YYYY-MM-DD", weeks as numbers (1 to 4, -1 the last), keys left out when
        empty. Rules: see occurs_on and open_at."""
        out: dict[str, Any] = {
            "frequency": self.frequency,
            "days": list(self.days),
            "weeks": [WEEK_NUMBER[w] for w in self.weeks],
            "dates": list(self.dates),
            "date_varies": self.date_varies,
            "starts": _iso(self.starts),
            "date": _iso(self.date),
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
            "term": self.term,
            "opens": self.opens,
            "closes": self.closes,
            "overnight": self.overnight,
            "by_appointment": self.by_appointment,
            "closed_on_bank_holidays": self.closed_on_bank_holidays,
            "location": self.location,
            "note": self.note,
        }
        kept = {k: v for k, v in out.items() if v not in (None, [], False)}
        if self.closed_on_bank_holidays is False:
            kept["closed_on_bank_holidays"] = False  # said, unlike the other false values
        return kept

    def oruk(self) -> dict[str, Any]:
        """The Open Referral UK 3.0 `schedule` fields this entry maps to (without ids)."""
        byday = [ICAL_DAYS[DAYS.index(d)] for d in self.days]
        out: dict[str, Any] = {
            "freq": "MONTHLY" if self.frequency == "monthly" else "WEEKLY",
            "opens_at": self.opens,
            "closes_at": self.closes,
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
            "description": self.when
            + (f": {self.time}" if self.time else "")
            + (f" ({self.bank_holidays.lower()})" if self.bank_holidays else ""),
            "notes": self.note,
            "attending_type": "by appointment" if self.by_appointment else None,
        }
        if self.frequency == "fortnightly":
            out["interval"] = 2
            out["dtstart"] = _iso(self.starts)
        if self.frequency == "once":
            out.update(dtstart=_iso(self.date), until=_iso(self.date), count=1)
        if self.frequency == "monthly" and self.weeks:
            byday = [f"{WEEK_NUMBER[w]}{d}" for w in self.weeks for d in byday]
        if self.dates:
            out["bymonthday"] = ",".join(str(d) for d in self.dates)
        if byday and not self.dates and self.frequency != "once":
            out["byday"] = ",".join(byday)
        return {k: v for k, v in out.items() if v is not None}


def bank_holidays(years: Iterable[int]) -> list[dt.date]:
    """England's bank holidays in these years, in date order, from the maintained `holidays`
    package (country GB, subdivision ENG: the county is in England). Offline: the package
    carries its own rules and dates. The package also names a holiday's own day when it falls
    at a weekend (Boxing Day on a Saturday); the bank holiday is then the weekday it lists as
    "(observed)", and every bank holiday is a weekday, so weekend days are left out (as in the
    government's own list)."""
    import holidays

    days = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    return sorted(day for day in days if day.weekday() < 5)


def clock(hhmm: str) -> str:
    """'14:00' -> '2pm', '09:30' -> '9:30am', '12:00' -> 'midday', '00:00' and '24:00' ->
    'midnight'."""
    h, m = int(hhmm[:2]), int(hhmm[3:])
    if (h, m) == (12, 0):
        return "midday"
    if m == 0 and h in (0, 24):
        return "midnight"
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


def longdate(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _days(days: tuple[str, ...]) -> str:
    """ "Tuesday", "Monday and Thursday", "Monday to Friday" (3 or more days in a row)."""
    idx = sorted(DAYS.index(d) for d in days)
    names = [DAYS[i].capitalize() for i in idx]
    if len(idx) >= 3 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{names[0]} to {names[-1]}"
    return _join(names)


def _ordinal(n: int) -> str:
    if n == -1:
        return "last day"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
