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

from directory.records import phones
from directory.records import schema as s
from directory.records.config import Category, Config, District
from directory.records.languages import Language, find_language
from directory.records.schedule import Slot

# When a record does not say: no badge, no claim; it ranks with open services.
UNKNOWN = "unknown"
# Capacity tiers: lower comes first in lists. `full` and `paused` are hidden by default.
TIER = {"open": 0, UNKNOWN: 0, "limited": 1, "waitlist": 1, "full": 2, "paused": 2}

CAPACITY_LABEL = {
    "open": "Taking new people",
    "limited": "Small group: expect a slow reply",
    "waitlist": "Waiting list",
    "full": "Full: not taking new people",
    "paused": "Paused: not taking new people",
    UNKNOWN: "",
}
# A status whose `until` date has passed, in the service page's words ("This service was
# paused until 3 November 2026.") and the change list's ("The pause has ended"). The one
# table of them: statuses not named here have no `until` (open) or no badge (unknown).
CAPACITY_ENDED = {
    "paused": ("This service was paused", "The pause has ended"),
    "full": ("This service was full", "No longer full"),
    "waitlist": ("This service had a waiting list", "The waiting list has ended"),
    "limited": ("This service was taking few people", "No longer limited"),
}
PHONE_KIND_LABEL = {
    "voice": "Phone",
    "text": "Text",
    "whatsapp": "WhatsApp",
    "textphone": "Textphone",
}
ORGANISATION_TYPE_LABEL = {
    "voluntary-community-group": "Voluntary or community group",
    "charity": "Charity",
    "faith-group": "Faith group",
    "social-enterprise": "Social enterprise",
    "council": "Council",
    "nhs": "NHS",
    "other": "Other",
}
ORGANISATION_TYPE_PHRASE = {
    "voluntary-community-group": "a voluntary or community group",
    "charity": "a charity",
    "faith-group": "a faith group",
    "social-enterprise": "a social enterprise",
    "council": "a council",
    "nhs": "part of the NHS",
    "other": "",
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
    ended_on: dt.date | None = None  # that `until` date

    @property
    def label(self) -> str:
        """The badge's words; "" when the record does not say (no badge is shown)."""
        return CAPACITY_LABEL[self.status]

    @property
    def known(self) -> bool:
        return self.status != UNKNOWN

    @property
    def ended_was(self) -> str:
        """The service page's words for the status that ended ("This service was paused");
        "" when none ended."""
        if not self.ended:
            return ""
        return CAPACITY_ENDED.get(self.ended, ("This service was not taking new people", ""))[0]

    @property
    def tier(self) -> int:
        return TIER[self.status]


@dataclass(frozen=True)
class Location:
    name: str | None  # many venues in real records have none
    address: str  # "" when the record gives none (a venue known by its name and postcode)
    town: str
    postcode: str
    latitude: float | None
    longitude: float | None
    accessibility: tuple[str, ...]
    accessibility_notes: str | None

    @property
    def heading(self) -> str:
        """The venue's name, or the first line of its address when it has no name (or its
        town, when it has neither)."""
        return self.name or self.address.split(",")[0].strip() or self.town or self.postcode

    @property
    def address_lines(self) -> list[str]:
        """The address as shown under the heading: without the line the heading already
        says, so nothing is shown twice."""
        lines = [part.strip() for part in self.address.split(",") if part.strip()]
        if not self.name and lines:
            lines = lines[1:]
        town = [self.town] if self.town and self.town != self.heading else []
        return [*lines, *town, self.postcode]

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
            ", ".join(p for p in (self.address, self.town, self.postcode) if p)
        )


@dataclass(frozen=True)
class Phone:
    """number: as a cleaned record holds it ("01632 960992 ext. 204"); kind: voice, text,
    whatsapp or textphone (schema.PHONE_KINDS)."""

    number: str
    label: str | None
    kind: str = "voice"

    @property
    def parsed(self) -> phones.PhoneNumber:
        return phones.from_text(self.number)  # validation has checked it

    @property
    def tel(self) -> str:
        """The link that calls it: tel: in E.164 with ;ext= (RFC 3966), sms: for a text
        number, a WhatsApp chat link for WhatsApp."""
        p = self.parsed
        if self.kind == "text":
            return "sms:" + p.e164
        if self.kind == "whatsapp" and not p.short:
            return "https://wa.me/" + p.e164.lstrip("+")
        return p.tel

    @property
    def kind_label(self) -> str:
        return PHONE_KIND_LABEL[self.kind]


def _phone(rec: dict) -> Phone:
    return Phone(rec["number"], rec.get("label"), rec.get("kind") or "voice")


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Person:
    """A named contact: name, role, and their own phone and email if given."""

    name: str
    role: str | None
    phone: Phone | None
    email: str | None


@dataclass(frozen=True)
class Email:
    address: str
    label: str | None


@dataclass(frozen=True)
class Imported:
    """Where an imported record came from (never a date anyone checked it)."""

    source: str
    id: str | None
    date: dt.date


ATTENDING_LABEL = {"in-person": "In person", "online": "Online", "phone": "By phone"}


@dataclass
class Organisation:
    id: str
    name: str
    description: str | None
    website: str | None
    email: str | None
    phone: Phone | None
    charity_number: str | None
    company_number: str | None
    size: str | None
    volunteer_led: bool | None
    capacity: Capacity | None
    reviewed: dt.date | None
    file: str
    type: str | None = None  # schema.ORGANISATION_TYPES
    services: list[Service] = field(default_factory=list)

    @property
    def type_label(self) -> str | None:
        return ORGANISATION_TYPE_LABEL.get(self.type) if self.type else None

    @property
    def type_phrase(self) -> str:
        """ "a charity", "part of the NHS": after the organisation's name; "" when not known."""
        return ORGANISATION_TYPE_PHRASE.get(self.type, "") if self.type else ""

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
    access: tuple[str, ...]  # empty: the record does not say how to start
    access_notes: str | None
    free: bool | None  # None: the record does not say
    cost_options: tuple[tuple[float, str], ...]
    cost_notes: str | None
    phones: tuple[Phone, ...]
    email: str | None
    website: str | None
    locations: tuple[Location, ...]
    schedule: tuple[Slot, ...]
    schedule_notes: str | None
    languages: tuple[Language, ...]
    capacity: Capacity
    reviewed: dt.date | None  # None only for an imported record not yet checked
    status: str
    file: str
    # fresh; stale (may be out of date); unchecked (imported, not yet checked, in its grace
    # period); expired (left lists: not checked for too long, or the grace period is over)
    freshness: str = "fresh"
    order_key: str = ""
    attending: tuple[str, ...] = ()  # in-person, online, phone; empty: not said
    emails: tuple[Email, ...] = ()
    links: tuple[Link, ...] = ()
    people: tuple[Person, ...] = ()
    imported: Imported | None = None
    area_name: str = "county"  # the site's word for the whole area

    @property
    def where_text(self) -> str:
        """Where it is, in a list: "Across the county" (in the site's word) or its district."""
        return f"Across the {self.area_name}" if self.county_wide else self.district.name

    @property
    def attending_labels(self) -> list[str]:
        return [ATTENDING_LABEL[a] for a in self.attending]

    @property
    def remote_only(self) -> bool:
        """Online or by phone, with no venue."""
        return bool(self.attending) and "in-person" not in self.attending

    @property
    def schedule_json(self) -> list[dict]:
        """The opening times as plain JSON (see schedule.Slot.to_json), for the browser."""
        return [slot.to_json() for slot in self.schedule]

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
    def has_eligibility(self) -> bool:
        """Whether the record says anything about who the service is for."""
        return any(
            v is not None for v in (self.who, self.min_age, self.max_age, self.eligibility_notes)
        )

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
        """What the record says it costs; "Ask about cost" when it does not say."""
        if self.free:
            return "Free"
        if self.cost_options:
            return "; ".join(f"{money(a)} {d}" for a, d in self.cost_options)
        if self.free is False:
            return "There is a charge"
        return "Ask about cost"


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
    _ancestors: dict[str, tuple[str, ...]] | None = field(default=None, repr=False)

    def listed(self, service: Service) -> bool:
        """Offered in default lists and search results."""
        return not self.hidden_reason(service)

    def hidden_reason(self, service: Service) -> str | None:
        if service.freshness == "expired" and service.reviewed is None:
            return f"imported and not checked within {self.config.imported_grace_days} days"
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
        """Services in the category or in any category below it."""
        within = self.descendants(category)
        return [sv for sv in self.services if any(c.id in within for c in sv.categories)]

    def ancestors(self) -> dict[str, tuple[str, ...]]:
        """Each category id -> itself and the ids above it, nearest first. Validation has
        made sure parents exist and never loop. Worked out once per site."""
        if self._ancestors is None:
            self._ancestors = self._ancestry()
        return self._ancestors

    def category_ids(self, service: Service) -> list[str]:
        """A service's categories and every category above them, without repeats."""
        above = self.ancestors()
        return list(dict.fromkeys(a for c in service.categories for a in above.get(c.id, (c.id,))))

    def _ancestry(self) -> dict[str, tuple[str, ...]]:
        parent = {c.id: c.parent for c in self.categories}
        out: dict[str, tuple[str, ...]] = {}
        for c in self.categories:
            chain = [c.id]
            while parent.get(chain[-1]) in parent and parent[chain[-1]] not in chain:
                chain.append(parent[chain[-1]])  # type: ignore[arg-type]
            out[c.id] = tuple(chain)
        return out

    def descendants(self, category: Category) -> frozenset[str]:
        """The ids of the category and of every category below it."""
        found = {category.id}
        grew = True
        while grew:
            more = {c.id for c in self.categories if c.parent in found} - found
            found |= more
            grew = bool(more)
        return frozenset(found)

    def children(self, category: Category | None) -> list[Category]:
        """The categories directly below one (or the top-level ones), in taxonomy order."""
        parent = category.id if category is not None else None
        known = {c.id for c in self.categories}
        return [
            c
            for c in self.categories
            if (c.parent if c.parent in known else None) == parent and c is not category
        ]

    def parent_of(self, category: Category) -> Category | None:
        return next((c for c in self.categories if c.id == category.parent), None)

    def checking_list(self) -> list[Service]:
        """Records the build asks people to check: imported and never checked, or not checked
        for longer than the site allows."""
        return [sv for sv in self.services if sv.reviewed is None or sv.freshness == "expired"]


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
        # The pause (or wait, or full spell) was declared to end: it ends by itself. The record
        # says nothing of what comes after, so the capacity is unknown (no "Taking new
        # people" badge) and the page says when the pause was due to end (PRODUCT.md: a
        # missing value is shown as unknown, never filled with a guess).
        return Capacity(
            UNKNOWN, None, None, rec.get("contact_preference"), inherited, status, until
        )
    return Capacity(status, rec.get("note"), until, rec.get("contact_preference"), inherited)


def _organisation(rec: dict, today: dt.date) -> Organisation:
    return Organisation(
        id=rec["id"],
        name=rec["name"],
        description=rec.get("description"),
        website=rec.get("website"),
        email=rec.get("email"),
        phone=Phone(rec["phone"], None) if rec.get("phone") else None,
        charity_number=rec.get("charity_number"),
        company_number=rec.get("company_number"),
        size=rec.get("size"),
        volunteer_led=rec.get("volunteer_led"),
        capacity=_capacity(rec.get("capacity"), today),
        reviewed=rec.get("reviewed"),
        file=rec["file"],
        type=rec.get("type"),
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
    capacity = capacity or Capacity(UNKNOWN)
    areas = rec["areas_served"]
    county_wide = s.COUNTY in areas
    served = tuple(config.districts) if county_wide else tuple(districts[a] for a in areas)
    elig = rec.get("eligibility") or {}
    cost = rec.get("cost") or {}
    contacts = rec["contacts"]
    reviewed = rec.get("reviewed")
    imp = rec.get("imported")
    imported = Imported(imp["source"], imp.get("id"), imp["date"]) if imp else None
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
        access=tuple(rec.get("access") or ()),
        access_notes=rec.get("access_notes"),
        free=cost.get("free"),
        cost_options=tuple((o["amount"], o["description"]) for o in cost.get("options") or []),
        cost_notes=cost.get("notes"),
        phones=tuple(_phone(p) for p in contacts.get("phones") or []),
        email=contacts.get("email"),
        website=contacts.get("website"),
        locations=tuple(
            Location(
                loc.get("name"),
                loc.get("address") or "",
                loc.get("town") or "",
                loc["postcode"],
                loc.get("latitude"),
                loc.get("longitude"),
                tuple(loc.get("accessibility") or ()),
                loc.get("accessibility_notes"),
            )
            for loc in rec.get("locations") or []
        ),
        schedule=tuple(Slot.from_record(sl) for sl in rec.get("schedule") or [] if sl),
        schedule_notes=rec.get("schedule_notes"),
        languages=tuple(_language(name) for name in rec.get("languages") or ()),
        capacity=capacity,
        reviewed=reviewed,
        status=rec.get("status", "active"),
        file=rec["file"],
        attending=tuple(rec.get("attending") or (("in-person",) if rec.get("locations") else ())),
        emails=tuple(Email(e["address"], e.get("label")) for e in contacts.get("emails") or []),
        links=tuple(Link(x["url"], x["label"]) for x in contacts.get("links") or []),
        people=tuple(
            Person(
                p["name"],
                p.get("role"),
                Phone(p["phone"], None) if p.get("phone") else None,
                p.get("email"),
            )
            for p in contacts.get("people") or []
        ),
        imported=imported,
        area_name=config.area_name,
        record=rec,
    )
    if reviewed is None:
        assert imported is not None  # validation requires one or the other
        age = (today - imported.date).days
        sv.freshness = "expired" if age > config.imported_grace_days else "unchecked"
    else:
        sv.freshness = freshness(reviewed, today, config)
    # A hash of the date and id: a stable order for the day that changes the next day, so
    # no organisation is always first (nor always last, as alphabetical order would do).
    sv.order_key = hashlib.sha256(f"{today.isoformat()}/{sv.id}".encode()).hexdigest()
    return sv


def _language(name: str) -> Language:
    found = find_language(name)
    assert found is not None, name  # validation has checked it
    return found


def freshness(reviewed: dt.date, today: dt.date, config: Config) -> str:
    months = (today.year - reviewed.year) * 12 + today.month - reviewed.month
    if today.day < reviewed.day:
        months -= 1
    if months >= config.hide_after_months:
        return "expired"
    if months >= config.warn_after_months:
        return "stale"
    return "fresh"


def money(amount: float) -> str:
    if amount == int(amount):
        return f"£{int(amount)}"
    return f"£{amount:.2f}"
