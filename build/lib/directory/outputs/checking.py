"""Which records need checking, by district and by organisation, and the polite request to
check them: for councillors' district pages, the weekly digest and the reminders page.

A record is due for checking `warn_after_months` after its `reviewed` date (the date from
which the site says "may be out of date"); it is "out of date" from then on, and "due soon"
in the DUE_SOON_DAYS before. A record brought in by an import and not yet checked by a
person (no `reviewed` date) is always on the list. Pure functions of the site model.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from directory.site.model import Organisation, Service, Site

DUE_SOON_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day if it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


@dataclass(frozen=True)
class Due:
    """A record to check: why, and since or until when."""

    service: Service
    reason: str  # "out of date", "due soon", "not yet checked"
    due: dt.date | None  # when it is (or was) due; None for an import not yet checked

    @property
    def text(self) -> str:
        sv = self.service
        if self.reason == "not yet checked":
            return "imported and not yet checked"
        checked = f"last checked {_long(sv.reviewed)}" if sv.reviewed else "never checked"
        if self.reason == "due soon" and self.due is not None:
            return f"{checked}; due for checking by {_long(self.due)}"
        return f"{checked}; out of date"


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def due(sv: Service, site: Site) -> Due | None:
    """Whether the record needs checking on the build date, and why."""
    reviewed = getattr(sv, "reviewed", None)
    if reviewed is None:
        return Due(sv, "not yet checked", None)
    when = add_months(reviewed, site.config.warn_after_months)
    if when <= site.today or sv.freshness != "fresh":
        return Due(sv, "out of date", when)
    if (when - site.today).days <= DUE_SOON_DAYS:
        return Due(sv, "due soon", when)
    return None


def to_check(services: Iterable[Service], site: Site) -> list[Due]:
    """Records to check, oldest first."""
    out = [d for sv in services if (d := due(sv, site)) is not None]
    out.sort(key=lambda d: (d.due or dt.date.min, d.service.name.lower(), d.service.id))
    return out


def contact(org: Organisation, services: Iterable[Service] = ()) -> tuple[str | None, str | None]:
    """(email, phone) to reach an organisation: its own, else its first service's."""
    email, phone = org.email, org.phone.number if org.phone else None
    for sv in services:
        email = email or sv.email
        phone = phone or (sv.phones[0].number if sv.phones else None)
    return email, phone


@dataclass(frozen=True)
class Reminder:
    """One organisation's records to check, with a ready-written request."""

    organisation: Organisation
    records: tuple[Due, ...]
    email: str | None
    phone: str | None
    subject: str
    body: str

    @property
    def mailto(self) -> str | None:
        if not self.email:
            return None
        return (
            f"mailto:{quote(self.email, safe='@.+-_')}?subject={quote(self.subject)}"
            f"&body={quote(self.body)}"
        )


def reminders(site: Site) -> list[Reminder]:
    """Every organisation with records out of date or due within DUE_SOON_DAYS, by name."""
    out = []
    for org in sorted(site.organisations.values(), key=lambda o: (o.name.lower(), o.id)):
        records = tuple(to_check(org.services, site))
        if not records:
            continue
        email, phone = contact(org, org.services)
        out.append(Reminder(org, records, email, phone, *request(org, records, site)))
    return out


def request(org: Organisation, records: tuple[Due, ...], site: Site) -> tuple[str, str]:
    """(subject, body) of a polite request to check the records, in plain text."""
    cfg = site.config
    several = len(records) > 1
    subject = f"Please check your {'entries' if several else 'entry'} in the {cfg.title}"
    lines = [
        f"Dear {org.name},",
        "",
        f"The {cfg.title} lists {'these services' if several else 'this service'} that you "
        "run. Residents, carers and front-door staff rely on it, so we ask every group to "
        f"check {'its entries' if several else 'its entry'} once a year.",
        "",
    ]
    for d in records:
        lines.append(f"- {d.service.name} ({d.text}): {cfg.base_url}{d.service.url}")
    lines += [
        "",
        "Could you look at "
        + ("each one" if several else "it")
        + " and reply to tell us what has changed, or that nothing has? If you are too busy "
        "for new referrals just now, tell us that too: we can show the service as full or "
        "paused, so that people are not sent to you.",
        "",
        "Thank you for all you do,",
        cfg.council,
    ]
    return subject, "\n".join(lines)


def reminders_csv(items: list[Reminder], site: Site) -> bytes:
    """One row per organisation, for a mail merge: who to write to and what to say."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "organisation_id",
            "organisation",
            "email",
            "phone",
            "records",
            "earliest_due",
            "services",
            "subject",
            "message",
        ]
    )
    for r in items:
        dates = [d.due for d in r.records if d.due is not None]
        writer.writerow(
            [
                r.organisation.id,
                r.organisation.name,
                r.email or "",
                r.phone or "",
                len(r.records),
                min(dates).isoformat() if dates else "",
                "\n".join(f"{d.service.name} ({d.text})" for d in r.records),
                r.subject,
                r.body,
            ]
        )
    return out.getvalue().encode("utf-8")
