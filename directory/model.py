"""Validated records -> the Site: services, organisations, districts and categories, with the
capacity and freshness rules applied for the build date.

Everything here is a pure function of the content and `today`, so the same content and the
same date give the same site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import schema as s
from .config import Category, Config, District

# Capacity tiers: lower comes first in lists. `full` and `paused` are hidden by default.
TIER = {"open": 0, "limited": 1, "waitlist": 1, "full": 2, "paused": 2}

CAPACITY_LABEL = {
    "open": "Taking new people",
    "limited": "Small group: expect a slow reply",
    "waitlist": "Waiting list",
    "full": "Full: not taking new people",
    "paused": "Paused: not taking new people",
}
ACCESS_LABEL = {
    "drop-in": "Just turn up",
    "self-referral": "Get in touch yourself to join",
    "professional-referral": "Ask your GP, social worker or another professional to refer you",
    "appointment": "By appointment",
    "membership": "Members only: ask how to join",
}
ACCESSIBILITY_LABEL = {
    "step-free": "Step-free access",
    "wheelchair-accessible": "Wheelchair accessible",
    "accessible-toilet": "Accessible toilet",
    "hearing-loop": "Hearing loop",
    "parking": "Parking",
    "blue-badge-parking": "Blue Badge parking",
    "lift": "Lift",
    "quiet-space": "Quiet space",
    "guide-dogs-welcome": "Guide dogs welcome",
    "changing-places": "Changing Places toilet",
    "near-bus-stop": "Near a bus stop",
}
SIZE_LABEL = {
    "micro": "Micro (income under £10,000 a year)",
    "small": "Small (income £10,000 to £100,000 a year)",
    "medium": "Medium (income £100,000 to £1 million a year)",
    "large": "Large (income £1 million to £10 million a year)",
    "major": "Major (income over £10 million a year)",
}


@dataclass(frozen=True)
class Capacity:
    status: str
    note: str | None = None
    until: dt.date | None = None
    contact_preference: str | None = None
    inherited: bool = False  # taken from the organisation
    ended: str | None = None  # the status whose `until` date passed on this build

    @property
    def label(self) -> str:
        return CAPACITY_LABEL[self.status]

    @property
    def tier(self) -> int:
        return TIER[self.status]


@dataclass(frozen=True)
class Location:
    name: str
    address: str
    town: str
    postcode: str
    latitude: float | None
    longitude: float | None
    accessibility: tuple[str, ...]
    accessibility_notes: str | None

    @property
    def accessibility_labels(self) -> list[str]:
        return [ACCESSIBILITY_LABEL[a] for a in self.accessibility]

    @property
    def map_url(self) -> str:
        """A plain link to OpenStreetMap: no map is embedded, so nothing loads from elsewhere."""
        if self.latitude is not None and self.longitude is not None:
            lat, lon = f"{self.latitude:.5f}", f"{self.longitude:.5f}"
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        from urllib.parse import quote

        return "https://www.openstreetmap.org/search?query=" + quote(
            f"{self.address}, {self.town}, {self.postcode}"
        )


@dataclass(frozen=True)
class Slot:
    days: tuple[str, ...]
    opens: str
    closes: str
    frequency: str
    weeks: tuple[str, ...]
    location: str | None
    note: str | None

    @property
    def when(self) -> str:
        """'Every Tuesday' or 'First and third Thursday of the month'."""
        days = _join([d.capitalize() for d in self.days])
        if self.frequency == "monthly":
            weeks = _join(list(self.weeks))
            return f"{weeks.capitalize()} {days} of the month"
        return f"Every {days}"

    @property
    def time(self) -> str:
        return f"{clock(self.opens)} to {clock(self.closes)}"


@dataclass(frozen=True)
class Phone:
    number: str
    label: str | None

    @property
    def tel(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
        return "tel:" + digits


@dataclass
class Organisation:
    id: str
    name: str
    description: str | None
    website: str | None
    email: str | None
    phone: str | None
    charity_number: str | None
    company_number: str | None
    size: str | None
    volunteer_led: bool | None
    capacity: Capacity | None
    reviewed: dt.date | None
    file: str
    services: list[Service] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"organisations/{self.id}/"

    @property
    def size_label(self) -> str | None:
        return SIZE_LABEL.get(self.size) if self.size else None


@dataclass
class Service:
    id: str
    name: str
    organisation: Organisation
    summary: str
    description: str | None
    categories: tuple[Category, ...]
    district: District
    county_wide: bool
    areas_served: tuple[District, ...]  # every district it serves (all of them if county-wide)
    min_age: int | None
    max_age: int | None
    who: str | None
    eligibility_notes: str | None
    access: tuple[str, ...]
    access_notes: str | None
    free: bool
    cost_options: tuple[tuple[float, str], ...]
    cost_notes: str | None
    phones: tuple[Phone, ...]
    email: str | None
    website: str | None
    locations: tuple[Location, ...]
    schedule: tuple[Slot, ...]
    schedule_notes: str | None
    languages: tuple[str, ...]
    capacity: Capacity
    reviewed: dt.date
    status: str
    file: str
    freshness: str = "fresh"  # fresh, stale (may be out of date), expired (left lists)
    order_key: str = ""
    # The checked record it was made from, for "Report a change" (form.py).
    record: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def url(self) -> str:
        return f"services/{self.id}/"

    @property
    def temporarily_closed(self) -> bool:
        return self.status == "temporarily-closed"

    @property
    def access_labels(self) -> list[str]:
        return [ACCESS_LABEL[a] for a in self.access]

    @property
    def towns(self) -> list[str]:
        return sorted({loc.town for loc in self.locations})

    @property
    def age_text(self) -> str | None:
        if self.min_age is not None and self.max_age is not None:
            return f"Ages {self.min_age} to {self.max_age}"
        if self.min_age is not None:
            return f"Ages {self.min_age} and over"
        if self.max_age is not None:
            return f"Up to age {self.max_age}"
        return None

    @property
    def cost_text(self) -> str:
        if self.free:
            return "Free"
        if self.cost_options:
            return "; ".join(f"{money(a)} {d}" for a, d in self.cost_options)
        return "There is a charge"


@dataclass
class Hidden:
    """Why a service is left out of default lists, for the build report."""

    service: Service
    reason: str


@dataclass
class Site:
    config: Config
    today: dt.date
    categories: tuple[Category, ...]
    organisations: dict[str, Organisation]
    services: list[Service]  # every service, sorted by id
    ended_pauses: list[Service] = field(default_factory=list)
    hidden: list[Hidden] = field(default_factory=list)

    def listed(self, service: Service) -> bool:
        """Offered in default lists and search results."""
        return not self.hidden_reason(service)

    def hidden_reason(self, service: Service) -> str | None:
        if service.freshness == "expired":
            return f"not checked for over {self.config.hide_after_months} months"
        if service.temporarily_closed:
            return "temporarily closed"
        if service.capacity.status in self.config.hidden_statuses:
            return service.capacity.status
        return None

    def contacts_hidden(self, service: Service) -> bool:
        return service.capacity.status in self.config.hide_contacts_statuses

    def ordered(self, services: Iterable[Service]) -> list[Service]:
        """Capacity tier first, then a daily rotation (or name order if rotation is off)."""
        if self.config.rotate:
            return sorted(services, key=lambda sv: (sv.capacity.tier, sv.order_key, sv.id))
        return sorted(services, key=lambda sv: (sv.capacity.tier, sv.name.lower(), sv.id))

    def split(self, services: Iterable[Service]) -> tuple[list[Service], list[Service]]:
        """(listed, not taking new people), each in list order."""
        shown: list[Service] = []
        held: list[Service] = []
        for sv in self.ordered(services):
            (shown if self.listed(sv) else held).append(sv)
        return shown, held

    def serving(self, district: District) -> list[Service]:
        return [sv for sv in self.services if district in sv.areas_served]

    def in_category(self, category: Category) -> list[Service]:
        return [sv for sv in self.services if category in sv.categories]


def build_site(
    config: Config,
    categories: tuple[Category, ...],
    org_records: dict[str, dict],
    service_records: list[dict],
    today: dt.date,
) -> Site:
    cats = {c.id: c for c in categories}
    districts = {d.slug: d for d in config.districts}
    orgs = {oid: _organisation(rec, today) for oid, rec in sorted(org_records.items())}
    site = Site(config, today, categories, orgs, [])
    for rec in sorted(service_records, key=lambda r: r["id"]):
        org = orgs.get(rec["organisation"])
        if org is None:  # its organisation had errors; validation has said so
            continue
        sv = _service(rec, org, cats, districts, config, today)
        org.services.append(sv)
        site.services.append(sv)
        if sv.capacity.ended:
            site.ended_pauses.append(sv)
        reason = site.hidden_reason(sv)
        if reason:
            site.hidden.append(Hidden(sv, reason))
    for org in orgs.values():
        org.services.sort(key=lambda sv: sv.name.lower())
    return site


def _capacity(rec: dict | None, today: dt.date, inherited: bool = False) -> Capacity | None:
    if not rec:
        return None
    status, until = rec["status"], rec.get("until")
    if until is not None and until < today and status != "open":
        # The pause (or wait, or full spell) was declared to end: it ends by itself.
        return Capacity("open", None, None, rec.get("contact_preference"), inherited, ended=status)
    return Capacity(status, rec.get("note"), until, rec.get("contact_preference"), inherited)


def _organisation(rec: dict, today: dt.date) -> Organisation:
    return Organisation(
        id=rec["id"],
        name=rec["name"],
        description=rec.get("description"),
        website=rec.get("website"),
        email=rec.get("email"),
        phone=rec.get("phone"),
        charity_number=rec.get("charity_number"),
        company_number=rec.get("company_number"),
        size=rec.get("size"),
        volunteer_led=rec.get("volunteer_led"),
        capacity=_capacity(rec.get("capacity"), today),
        reviewed=rec.get("reviewed"),
        file=rec["file"],
    )


def _service(
    rec: dict,
    org: Organisation,
    cats: dict[str, Category],
    districts: dict[str, District],
    config: Config,
    today: dt.date,
) -> Service:
    capacity = _capacity(rec.get("capacity"), today)
    if capacity is None and org.capacity is not None:
        oc = org.capacity
        capacity = Capacity(oc.status, oc.note, oc.until, oc.contact_preference, True, oc.ended)
    capacity = capacity or Capacity("open")
    areas = rec["areas_served"]
    county_wide = s.COUNTY in areas
    served = tuple(config.districts) if county_wide else tuple(districts[a] for a in areas)
    elig = rec.get("eligibility") or {}
    cost = rec["cost"]
    contacts = rec["contacts"]
    reviewed = rec["reviewed"]
    sv = Service(
        id=rec["id"],
        name=rec["name"],
        organisation=org,
        summary=rec["summary"],
        description=rec.get("description"),
        categories=tuple(cats[c] for c in rec["categories"]),
        district=districts[rec["district"]],
        county_wide=county_wide,
        areas_served=served,
        min_age=elig.get("min_age"),
        max_age=elig.get("max_age"),
        who=elig.get("who"),
        eligibility_notes=elig.get("notes"),
        access=tuple(rec["access"]),
        access_notes=rec.get("access_notes"),
        free=cost["free"],
        cost_options=tuple((o["amount"], o["description"]) for o in cost.get("options") or []),
        cost_notes=cost.get("notes"),
        phones=tuple(Phone(p["number"], p.get("label")) for p in contacts.get("phones") or []),
        email=contacts.get("email"),
        website=contacts.get("website"),
        locations=tuple(
            Location(
                loc["name"],
                loc["address"],
                loc["town"],
                loc["postcode"],
                loc.get("latitude"),
                loc.get("longitude"),
                tuple(loc.get("accessibility") or ()),
                loc.get("accessibility_notes"),
            )
            for loc in rec.get("locations") or []
        ),
        schedule=tuple(
            Slot(
                tuple(sl["days"]),
                sl["opens"],
                sl["closes"],
                sl.get("frequency", "weekly"),
                tuple(sl.get("weeks") or ()),
                sl.get("location"),
                sl.get("note"),
            )
            for sl in rec.get("schedule") or []
        ),
        schedule_notes=rec.get("schedule_notes"),
        languages=tuple(rec.get("languages") or ()),
        capacity=capacity,
        reviewed=reviewed,
        status=rec.get("status", "active"),
        file=rec["file"],
        record=rec,
    )
    sv.freshness = freshness(reviewed, today, config)
    # A hash of the date and id: a stable order for the day that changes the next day, so
    # no organisation is always first (nor always last, as alphabetical order would do).
    sv.order_key = hashlib.sha256(f"{today.isoformat()}/{sv.id}".encode()).hexdigest()
    return sv


def freshness(reviewed: dt.date, today: dt.date, config: Config) -> str:
    months = (today.year - reviewed.year) * 12 + today.month - reviewed.month
    if today.day < reviewed.day:
        months -= 1
    if months >= config.hide_after_months:
        return "expired"
    if months >= config.warn_after_months:
        return "stale"
    return "fresh"


def clock(hhmm: str) -> str:
    """'14:00' -> '2pm', '09:30' -> '9:30am', '12:00' -> 'midday'."""
    h, m = int(hhmm[:2]), int(hhmm[3:])
    if (h, m) == (12, 0):
        return "midday"
    if (h, m) == (0, 0):
        return "midnight"
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


def money(amount: float) -> str:
    if amount == int(amount):
        return f"£{int(amount)}"
    return f"£{amount:.2f}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
