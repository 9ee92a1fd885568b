"""The Open Referral UK 3.0 mapping, declared once and used both ways.

`RULES` pairs every service field of the content schema (schema.py, whose `oruk=` text says
where the field lives in ORUK) with two functions: `out` puts the field into a nested ORUK
service (the `api/` export, api.py) and `back` reads it from one (`directory import oruk`,
importer.py). A test checks that every schema field has exactly one rule and that a site
exported and imported again gives the same services back, so the two directions cannot drift.

Shapes follow the ORUK 3.0 UK profile (reference: OpenReferralUK/uk-profile, schema/compiled)
with three HSDS 3.0 fields the profile leaves out of nested JSON: `service.phones`,
`organization.phones` and `language.name`/`code`; plus HSDS 3.1's draft `service.capacities`
(`service_capacity`). The validator's schemas allow extra properties, so these validate.

Ids are UUIDs (RFC 4122 version 5) of the site's namespace (`oruk_namespace` in site.yaml)
and a path such as `service/tuesday-lunch-club`: the same record keeps the same id whatever
the base URL, and two sites with different namespaces never share one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from directory.records import schema as s
from directory.records.config import Category, Config
from directory.records.languages import find as find_language
from directory.records.validate import uk_date
from directory.site.model import (
    ACCESS_LABEL,
    ACCESSIBILITY_LABEL,
    ATTENDING_LABEL,
    CAPACITY_LABEL,
    UNKNOWN,
    Organisation,
    Service,
    money,
)

VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
# Used only when site.yaml has no `oruk_namespace`: ids then depend on the council's name.
FALLBACK_NAMESPACE = uuid.UUID("5b0f6a4e-2f8c-5e0a-9d57-1c5d0c1b7a10")

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DAY_CODES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
CODE_DAYS = {v: k for k, v in DAY_CODES.items()}
WEEK_CODES = {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "-1"}
CODE_WEEKS = {v: k for k, v in WEEK_CODES.items()}
STATUS_OUT = {"active": "active", "temporarily-closed": "temporarily closed"}
CAPACITY_UNIT = "Taking new people (1 yes, 0 no)"
FIRST_CONTACT = "Preferred first contact: "

# Taxonomies the site publishes besides its own categories: fixed vocabularies of the content
# format, so that consumers can filter on them (ORUK attributes link a service to a term).
ACCESS_TAXONOMY = "access-methods"
ATTENDING_TAXONOMY = "attending"
CATEGORY_TAXONOMY = "categories"


def namespace(config: Config) -> uuid.UUID:
    given = getattr(config, "oruk_namespace", None)
    if given:
        return uuid.UUID(str(given))
    return uuid.uuid5(FALLBACK_NAMESPACE, config.council)


@dataclass(frozen=True)
class Ids:
    """UUIDs for every object of one site, each a function of the namespace and a path."""

    ns: uuid.UUID

    def __call__(self, *path: object) -> str:
        """`str(uuid.uuid5(self.ns, "/".join(path)))`, made from the SHA-1 directly (RFC 4122
        section 4.3) without the two UUID objects: a service has some 40 ids, so this is a
        good part of making its ORUK object."""
        name = "/".join([p if p.__class__ is str else str(p) for p in path])
        b = bytearray(hashlib.sha1(self.ns.bytes + name.encode(), usedforsecurity=False).digest())
        b[6] = (b[6] & 0x0F) | 0x50  # version 5
        b[8] = (b[8] & 0x3F) | 0x80  # the RFC 4122 variant
        h = b[:16].hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass
class Context:
    """What the rules need besides the service: the site's configuration and ids (export),
    or the categories and districts to match against (import, with a list of notes)."""

    config: Config
    ids: Ids
    categories: dict[str, Category]
    notes: list[str] | None = None

    def note(self, text: str) -> None:
        if self.notes is not None:
            self.notes.append(text)


Out = Callable[[Service, Context], dict[str, Any]]
Back = Callable[[dict[str, Any], Context], Any]


@dataclass(frozen=True)
class Rule:
    """One content field: where it goes in an ORUK service and how it comes back."""

    field: str  # a service field of schema.SERVICE
    out: Out
    back: Back

    @property
    def oruk(self) -> str:
        f = s.SERVICE.child(self.field)
        return f.oruk if f else ""


# ---- helpers shared by both directions -------------------------------------------------


def clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: ORUK fields are optional unless the schema requires them."""
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def text(value: Any) -> str | None:
    """A string from a feed's value, stripped; None for empty or non-text values."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def items(value: Any) -> list[dict[str, Any]]:
    """The objects of a feed's list, skipping anything that is not an object."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def split_description(description: str | None) -> tuple[str | None, str | None]:
    """ORUK has one description; ours is a one-sentence summary and the rest. The summary is
    the first paragraph when it is short enough to be one."""
    if not description:
        return None, None
    description = description.replace("\r\n", "\n").strip()
    first, _, rest = description.partition("\n\n")
    first = " ".join(first.split())
    if len(first) <= 300 and "\n" not in first:
        return first, rest.strip() or None
    return None, description


def attribute(ids: Ids, owner: str, taxonomy: str, code: str, term: dict) -> dict[str, Any]:
    return {
        "id": ids(owner, "attribute", taxonomy, code),
        "link_id": ids(owner),
        "link_type": taxonomy,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def category_term(ids: Ids, c: Category, categories: dict[str, Category]) -> dict[str, Any]:
    parent = getattr(c, "parent", None)
    return clean(
        {
            "id": ids("taxonomy_term", CATEGORY_TAXONOMY, c.id),
            "code": c.id,
            "name": c.name,
            "description": c.description or c.name,
            "parent_id": ids("taxonomy_term", CATEGORY_TAXONOMY, parent)
            if parent in categories
            else None,
            "taxonomy": CATEGORY_TAXONOMY,
            "taxonomy_id": ids("taxonomy", CATEGORY_TAXONOMY),
            "term": c.name,
        }
    )


# The content format's fixed vocabularies published as taxonomies: {taxonomy: {code: name}}.
VOCABULARIES = {ACCESS_TAXONOMY: ACCESS_LABEL, ATTENDING_TAXONOMY: ATTENDING_LABEL}


def access_term(ids: Ids, method: str, taxonomy: str = ACCESS_TAXONOMY) -> dict[str, Any]:
    name = VOCABULARIES[taxonomy][method]
    return {
        "id": ids("taxonomy_term", taxonomy, method),
        "code": method,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
        "taxonomy_id": ids("taxonomy", taxonomy),
        "term": method,
    }


def _terms(oruk: dict[str, Any], taxonomy: str | None) -> list[dict[str, Any]]:
    """The taxonomy terms a service links to, optionally of one taxonomy only."""
    found = []
    for a in items(oruk.get("attributes")):
        term = a.get("taxonomy_term")
        if not isinstance(term, dict):
            continue
        if taxonomy is None or taxonomy in (a.get("link_type"), term.get("taxonomy")):
            found.append(term)
    return found


# ---- the rules -------------------------------------------------------------------------


def _name_out(sv: Service, ctx: Context) -> dict[str, Any]:
    return {"name": sv.name}


def _name_back(o: dict[str, Any], ctx: Context) -> Any:
    return text(o.get("name"))


def _org_out(sv: Service, ctx: Context) -> dict[str, Any]:
    org = organization_object(sv.organisation, ctx)
    return {"organization_id": org["id"], "organization": org}


def _org_back(o: dict[str, Any], ctx: Context) -> Any:
    # The importer matches or makes the organisation; this gives what it needs to.
    org = o.get("organization")
    return org if isinstance(org, dict) else {"id": o.get("organization_id")}


def _summary_out(sv: Service, ctx: Context) -> dict[str, Any]:
    body = sv.summary if not sv.description else f"{sv.summary}\n\n{sv.description.strip()}"
    return {"description": body}


def _summary_back(o: dict[str, Any], ctx: Context) -> Any:
    return split_description(text(o.get("description")))[0]


def _description_back(o: dict[str, Any], ctx: Context) -> Any:
    return split_description(text(o.get("description")))[1]


def _nothing(sv: Service, ctx: Context) -> dict[str, Any]:
    return {}  # written by the rule of another field (see its rule)


def _categories_out(sv: Service, ctx: Context) -> dict[str, Any]:
    owner = ("service", sv.id)
    attrs = [
        attribute(
            ctx.ids,
            "/".join(owner),
            CATEGORY_TAXONOMY,
            c.id,
            category_term(ctx.ids, c, ctx.categories),
        )
        for c in sv.categories
    ]
    attrs += [
        attribute(ctx.ids, "/".join(owner), ACCESS_TAXONOMY, m, access_term(ctx.ids, m))
        for m in sv.access
    ]
    attrs += [
        attribute(
            ctx.ids,
            "/".join(owner),
            ATTENDING_TAXONOMY,
            a,
            access_term(ctx.ids, a, ATTENDING_TAXONOMY),
        )
        for a in sv.attending
    ]
    return {"attributes": attrs}


def _categories_back(o: dict[str, Any], ctx: Context) -> Any:
    # Terms of any taxonomy but our access methods; the importer matches them to categories.
    return [t for t in _terms(o, None) if t.get("taxonomy") not in VOCABULARIES]


def _areas_out(sv: Service, ctx: Context) -> dict[str, Any]:
    # A county-wide service lists every district: a consumer needs names, not our `county`.
    return {
        "service_areas": [
            {
                "id": ctx.ids("service", sv.id, "service_area", d.slug),
                "service_id": ctx.ids("service", sv.id),
                "name": d.name,
                "service_area": d.name,
                "extent_type": "other",
                "extent": getattr(d, "ons_code", None) or d.name,
            }
            # The service's own district first: an import places it there again.
            for d in sorted(sv.areas_served, key=lambda d: d != sv.district)
        ]
    }


def _areas_back(o: dict[str, Any], ctx: Context) -> Any:
    names = []
    for a in items(o.get("service_areas")):
        name = text(a.get("name")) or text(a.get("service_area"))
        if name:
            names.append(name)
    return names  # the importer matches names to districts


def _eligibility_out(sv: Service, ctx: Context) -> dict[str, Any]:
    who = "\n\n".join(x for x in (sv.who, sv.eligibility_notes) if x)
    return {"minimum_age": sv.min_age, "maximum_age": sv.max_age, "eligibility_description": who}


def _age(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and 0 <= value <= 120 and value == int(value):
        return int(value)
    t = text(value)
    if t and t.isdigit() and int(t) <= 120:
        return int(t)
    return None


def _eligibility_back(o: dict[str, Any], ctx: Context) -> Any:
    who, _, notes = (text(o.get("eligibility_description")) or "").partition("\n\n")
    out = clean(
        {
            "min_age": _age(o.get("minimum_age")),
            "max_age": _age(o.get("maximum_age")),
            "who": who.strip() or None,
            "notes": notes.strip() or None,
        }
    )
    for key in ("minimum_age", "maximum_age"):
        if o.get(key) not in (None, "") and _age(o.get(key)) is None:
            ctx.note(f"{key}: {o.get(key)!r} is not an age in years; left out")
    return out or None


def _vocabulary_back(o: dict[str, Any], taxonomy: str) -> list[str]:
    found = []
    for term in _terms(o, taxonomy):
        code = text(term.get("code")) or text(term.get("term"))
        if code in VOCABULARIES[taxonomy] and code not in found:
            found.append(code)
    return found


def _access_back(o: dict[str, Any], ctx: Context) -> Any:
    return _vocabulary_back(o, ACCESS_TAXONOMY) or None


def _attending_back(o: dict[str, Any], ctx: Context) -> Any:
    found = _vocabulary_back(o, ATTENDING_TAXONOMY)
    if not found:  # a feed without our taxonomy: an online (virtual) location says online
        for sal in items(o.get("service_at_locations")):
            loc = sal.get("location")
            if isinstance(loc, dict) and loc.get("location_type") == "virtual":
                found = ["online"]
    return found or None


def _access_notes_out(sv: Service, ctx: Context) -> dict[str, Any]:
    return {"application_process": sv.access_notes}


def _access_notes_back(o: dict[str, Any], ctx: Context) -> Any:
    return text(o.get("application_process"))


def _cost_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    options: list[dict[str, Any]] = []
    if sv.free is False and not sv.cost_options:
        options.append(
            {
                "id": ctx.ids("service", sv.id, "cost_option", "charge"),
                "option": "There is a charge",
            }
        )
    if sv.free:
        options.append({"id": ctx.ids("service", sv.id, "cost_option", "free"), "option": "Free"})
    for n, (amount, what) in enumerate(sv.cost_options):
        options.append(
            {
                "id": ctx.ids("service", sv.id, "cost_option", n),
                "amount": amount,
                "amount_description": what,
            }
        )
    for o in options:
        o["service_id"] = sid
    return {"cost_options": options, "fees_description": sv.cost_notes}


def _amount(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if 0 <= value <= 10000 else None
    t = (text(value) or "").lstrip("£")
    try:
        v = float(t)
    except ValueError:
        return None
    return v if 0 <= v <= 10000 else None


FREE_WORDS = re.compile(r"^(free|free of charge|no charge|£?0(\.00?)?)$", re.IGNORECASE)


def _cost_back(o: dict[str, Any], ctx: Context) -> Any:
    """Cost options -> cost. A service with a price is not free: an option "Free" beside
    prices is kept as a £0 price in the source's words. A price with no words saying what it
    is for is kept in the cost's notes as the source gives it, never given made-up words."""
    free_words: list[str] = []
    options: list[dict[str, Any]] = []
    bare: list[float] = []
    charge = False
    for opt in items(o.get("cost_options")):
        label = text(opt.get("option")) or ""
        words = text(opt.get("amount_description"))
        if label.lower() == "there is a charge" and opt.get("amount") is None:
            charge = True
            continue
        given = opt.get("amount")
        amount = _amount(given)
        no_amount = given is None or text(given) is None
        if (amount == 0 and not words) or (FREE_WORDS.match(label) and (no_amount or amount == 0)):
            free_words.append(words or label or "Free")
            continue
        if amount is None:
            ctx.note(f"cost_options: amount {given!r} is not a price; left out")
            continue
        value = int(amount) if amount == int(amount) else amount
        what = words or label or None
        if what is None:
            bare.append(value)
            continue
        options.append({"amount": value, "description": what})
    notes = text(o.get("fees_description")) or text(o.get("fees"))
    if bare:
        prices = ", ".join(money(a) for a in bare)
        ctx.note(
            f"cost_options: {prices}: the source does not say what the price is for, so it is "
            "kept in the cost's notes as given (add a description to make it a price)"
        )
        notes = "; ".join(x for x in (notes, prices) if x)
    out: dict[str, Any] = {"options": options, "notes": notes}
    if options or bare or charge:
        out["free"] = False
        for w in free_words:
            options.append({"amount": 0, "description": w})
        if free_words:
            ctx.note(
                "cost_options: the source lists "
                + ", ".join(repr(w) for w in free_words)
                + " beside prices; kept as a £0 price, and the service is not marked free "
                "since it charges"
            )
    elif free_words:
        out["free"] = True
        said = [w for w in free_words if w.lower() != "free"]
        if said:  # "Free for carers": the words are the source's, kept
            out["notes"] = "; ".join(x for x in (notes, *said) if x)
    return clean(out) or None


PHONE_TYPE = {"voice": "voice", "text": "text", "textphone": "textphone", "whatsapp": "text"}
WHATSAPP = "WhatsApp"


def phone_objects(ids: Ids, owner: str, phones: Any) -> list[dict[str, Any]]:
    """HSDS 3.0 phones; WhatsApp, which HSDS has no type for, is a text number described so."""
    out = []
    for n, p in enumerate(phones):
        kind = getattr(p, "kind", "voice")
        label = p.label
        if kind == "whatsapp":
            label = f"{WHATSAPP}: {label}" if label else WHATSAPP
        out.append(
            clean(
                {
                    "id": ids(owner, "phone", n),
                    "number": p.number,
                    "type": PHONE_TYPE.get(kind, "voice"),
                    "description": label,
                }
            )
        )
    return out


def phone_back(p: dict[str, Any], label: str | None = None) -> dict[str, Any]:
    """A feed's phone -> {number (raw), label, kind}."""
    label = label or text(p.get("description"))
    kind = (text(p.get("type")) or "voice").lower()
    if label and label.startswith(WHATSAPP):
        kind, label = "whatsapp", label[len(WHATSAPP) :].lstrip(": ") or None
    if kind in ("sms", "text"):
        kind = "text"
    elif kind not in ("textphone", "whatsapp"):
        kind = "voice"
    number = p.get("number")
    if text(p.get("extension")) and isinstance(number, str):
        number = f"{number} ext {text(p.get('extension'))}"
    return {"number": number, "label": label, "kind": kind}


def _contacts_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    phones = phone_objects(ctx.ids, f"service/{sv.id}", sv.phones)
    for p in phones:
        p["service_id"] = sid
    # Labelled emails and named people are HSDS contacts (HSDS 3.0 gives a contact an email
    # and phones); other links are HSDS 3.1's draft additional_urls.
    contacts = [
        clean(
            {
                "id": ctx.ids("service", sv.id, "contact", "email", n),
                "service_id": sid,
                "title": e.label,
                "email": e.address,
            }
        )
        for n, e in enumerate(sv.emails)
    ]
    for n, person in enumerate(sv.people):
        owner = f"service/{sv.id}/contact/person/{n}"
        contacts.append(
            clean(
                {
                    "id": ctx.ids(owner),
                    "service_id": sid,
                    "name": person.name,
                    "title": person.role,
                    "email": person.email,
                    "phones": phone_objects(ctx.ids, owner, [person.phone] if person.phone else []),
                }
            )
        )
    links = [
        {"id": ctx.ids("service", sv.id, "url", n), "title": x.label, "url": x.url}
        for n, x in enumerate(sv.links)
    ]
    return {
        "url": sv.website,
        "email": sv.email,
        "phones": phones,
        "contacts": contacts,
        "additional_urls": links,
    }


def _contacts_back(o: dict[str, Any], ctx: Context) -> Any:
    # Raw values: the importer repairs and checks them (several numbers in one field, bare
    # domains) and reports what it could not take.
    phones = [phone_back(p) for p in items(o.get("phones"))]
    emails, people = [], []
    for c in items(o.get("contacts")):
        name, title = text(c.get("name")), text(c.get("title"))
        if title and title.startswith(FIRST_CONTACT):
            continue  # the capacity's preferred first contact
        numbers = [phone_back(p) for p in items(c.get("phones"))]
        if name:
            people.append(
                {
                    "name": name,
                    "role": title,
                    "email": c.get("email"),
                    "phone": numbers[0]["number"] if numbers else None,
                }
            )
            continue
        if c.get("email"):
            emails.append({"address": c.get("email"), "label": title})
        for p in numbers:
            phones.append({**p, "label": p["label"] or title})
    links = [
        {"url": u.get("url"), "label": text(u.get("title"))}
        for u in items(o.get("additional_urls"))
    ]
    return {
        "phones": phones,
        "email": o.get("email"),
        "website": o.get("url"),
        "emails": emails,
        "people": people,
        "links": links,
    }


def location_object(ids: Ids, sv: Service, n: int, loc: Any) -> dict[str, Any]:
    lid = ids("service", sv.id, "location", n)
    access = [
        clean(
            {
                "id": ids("service", sv.id, "location", n, "accessibility", a),
                "location_id": lid,
                "description": ACCESSIBILITY_LABEL[a],
                "accessibility": a,
            }
        )
        for a in loc.accessibility
    ]
    if loc.accessibility_notes:
        access.append(
            {
                "id": ids("service", sv.id, "location", n, "accessibility", "details"),
                "location_id": lid,
                "details": loc.accessibility_notes,
            }
        )
    return clean(
        {
            "id": lid,
            "location_type": "physical",
            "name": loc.name,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "addresses": [
                {
                    "id": ids("service", sv.id, "location", n, "address"),
                    "location_id": lid,
                    # HSDS requires a first line: the venue's name or town when the record
                    # gives no street address.
                    "address_1": loc.address or loc.name or loc.town,
                    "city": loc.town,
                    "state_province": "",
                    "postal_code": loc.postcode,
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": access,
        }
    )


def _locations_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    out = []
    for n, loc in enumerate(sv.locations):
        location = location_object(ctx.ids, sv, n, loc)
        out.append(
            {
                "id": ctx.ids("service", sv.id, "service_at_location", n),
                "service_id": sid,
                "location_id": location["id"],
                "location": location,
            }
        )
    return {"service_at_locations": out}


_FEATURE_BY_LABEL = {v.lower(): k for k, v in ACCESSIBILITY_LABEL.items()}


def _coordinate(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if low <= v <= high else None


def _locations_back(o: dict[str, Any], ctx: Context) -> Any:
    out = []
    for sal in items(o.get("service_at_locations")):
        loc = sal.get("location")
        if not isinstance(loc, dict):
            continue
        if loc.get("location_type") == "virtual":
            continue
        addrs = items(loc.get("addresses"))
        addr = next(
            (a for a in addrs if a.get("address_type") != "postal"), addrs[0] if addrs else {}
        )
        features: list[str] = []
        details = []
        for a in items(loc.get("accessibility")):
            for value in (a.get("accessibility"), a.get("description")):
                t = text(value)
                key = t if t in ACCESSIBILITY_LABEL else _FEATURE_BY_LABEL.get((t or "").lower())
                if key and key not in features:
                    features.append(key)
                    break
            else:
                t = text(a.get("description")) or text(a.get("accessibility"))
                if t:
                    details.append(t)
            if text(a.get("details")):
                details.append(str(text(a.get("details"))))
        out.append(
            clean(
                {
                    "name": text(loc.get("name")),
                    "address": text(addr.get("address_1")),
                    "town": text(addr.get("city")),
                    "postcode": text(addr.get("postal_code")),
                    "latitude": _coordinate(loc.get("latitude"), 49, 61),
                    "longitude": _coordinate(loc.get("longitude"), -9, 2),
                    "accessibility": features,
                    "accessibility_notes": " ".join(details) or None,
                }
            )
        )
    return out or None


def _schedule_out(sv: Service, ctx: Context) -> dict[str, Any]:
    """Each session by schedule.py's own ORUK form (Slot.oruk), with ids; notes about all
    sessions as a schedule of their own holding only a description."""
    sid = ctx.ids("service", sv.id)
    venues = {loc.name: n for n, loc in enumerate(sv.locations) if loc.name}
    out = []
    for n, slot in enumerate(sv.schedule):
        entry = {"id": ctx.ids("service", sv.id, "schedule", n), "service_id": sid}
        entry.update(slot.oruk())
        at = venues.get(slot.location) if slot.location else None
        if at is not None:
            entry["service_at_location_id"] = ctx.ids("service", sv.id, "service_at_location", at)
        if slot.term:
            entry["notes"] = "; ".join(x for x in (TERM_NOTE[slot.term], slot.note) if x)
        if slot.date_varies:
            entry["notes"] = "; ".join(x for x in (DATE_VARIES, entry.get("notes")) if x)
        if slot.closed_on_bank_holidays is not None:
            said = BANK_HOLIDAY_NOTE[slot.closed_on_bank_holidays]
            entry["notes"] = "; ".join(x for x in (said, entry.get("notes")) if x)
        if slot.location and at is None:
            entry["attending_type"] = slot.location
        out.append(clean(entry))
    if sv.schedule_notes:
        out.append(
            {
                "id": ctx.ids("service", sv.id, "schedule", "notes"),
                "service_id": sid,
                "description": sv.schedule_notes,
            }
        )
    return {"schedules": out}


# What HSDS has no field for, said in the schedule's notes in words a consumer shows as they are.
TERM_NOTE = {"term-time": "Term time only", "school-holidays": "School holidays only"}
DATE_VARIES = "The date varies"
# Open Referral UK 3.0 has no field for bank holidays (1.0 had holiday_schedule.closed): said
# in a session's notes, and read back from them.
BANK_HOLIDAY_NOTE = {True: "Closed on bank holidays", False: "Open on bank holidays too"}
BY_APPOINTMENT = "by appointment"
_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _time(value: Any) -> str | None:
    t = text(value)
    m = re.match(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", t or "")
    if not m or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def read_date(value: Any) -> str | None:
    """A date as a source writes it -> `YYYY-MM-DD`, or None when it is not a whole date.

    ISO dates and date-times (`2026-10-02`, `2026-10-02T09:00:00Z`) as they are; otherwise
    read by python-dateutil the UK way: day first (`02/10/2026`, `2 Oct 2026`, `31/12/2025`
    are 2 October 2026 and 31 December 2025), or year first when the text starts with a
    four-digit year (`2026/10/02`). A date missing its day, month or year (`October 2026`)
    is not a date: None, rather than a day made up."""
    t = text(value)
    if t is None:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", t)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    day = uk_date(t)
    return day.isoformat() if day is not None else None


def date_back(o: dict[str, Any], key: str, ctx: Context, where: str | None = None) -> str | None:
    """A date field of a feed's object, with a note naming the field when it cannot be read."""
    value = o.get(key)
    got = read_date(value)
    if got is None and text(value) is not None:
        ctx.note(
            f"{where or key}: {text(value)!r} is not a date that can be read (write it as "
            "YYYY-MM-DD or DD/MM/YYYY); left out"
        )
    return got


def _date(value: Any) -> str | None:
    return read_date(value)


def _is_session(sc: dict[str, Any]) -> bool:
    return any(sc.get(k) for k in ("freq", "byday", "bymonthday", "opens_at", "dtstart"))


def _schedule_back(o: dict[str, Any], ctx: Context) -> Any:
    slots = []
    venues = {}
    for sal in items(o.get("service_at_locations")):
        loc = sal.get("location")
        if isinstance(loc, dict) and text(loc.get("name")):
            venues[sal.get("id")] = text(loc.get("name"))
    for sc in items(o.get("schedules")):
        if not _is_session(sc):
            continue  # words only: taken by schedule_notes
        slot = _slot_back(sc, ctx)
        if slot is None:
            continue
        where = venues.get(sc.get("service_at_location_id")) or (
            text(sc.get("attending_type"))
            if (text(sc.get("attending_type")) or "").lower() != BY_APPOINTMENT
            else None
        )
        if where and (len(venues) > 1 or where not in venues.values()):
            slot["location"] = where
        slots.append(slot)
    return slots or None


def _slot_back(sc: dict[str, Any], ctx: Context) -> dict[str, Any] | None:
    """One ORUK schedule -> a schedule entry, or None (with a note) when it is not one."""
    byday = text(sc.get("byday"))
    freq = (text(sc.get("freq")) or "WEEKLY").upper()
    days: list[str] = []
    weeks: list[str] = []
    for part in [p.strip().upper() for p in (byday or "").split(",") if p.strip()]:
        m = _BYDAY.match(part)
        if not m or (m.group(1) and m.group(1).lstrip("+") not in CODE_WEEKS):
            ctx.note(f"schedules: byday {byday!r} is not days of the week; left out")
            return None
        if CODE_DAYS[m.group(2)] not in days:
            days.append(CODE_DAYS[m.group(2)])
        if m.group(1) and CODE_WEEKS[m.group(1).lstrip("+")] not in weeks:
            weeks.append(CODE_WEEKS[m.group(1).lstrip("+")])
    slot: dict[str, Any] = {}
    if days:
        slot["days"] = [d for d in s.DAYS if d in days]
    dates = []
    for part in (text(sc.get("bymonthday")) or "").split(","):
        if part.strip().lstrip("-").isdigit():
            dates.append(int(part))
    count = sc.get("count")
    interval = sc.get("interval")
    if count in (1, "1") or (
        text(sc.get("until")) and _date(sc.get("until")) == _date(sc.get("dtstart"))
    ):
        slot["frequency"] = "once"
        slot["date"] = date_back(sc, "dtstart", ctx, "schedules.dtstart")
    elif freq == "MONTHLY":
        slot["frequency"] = "monthly"
        if weeks:
            slot["weeks"] = [w for w in s.WEEKS if w in weeks]
        if dates:
            slot["dates"] = dates
    elif freq == "WEEKLY" and interval in (2, "2"):
        slot["frequency"] = "fortnightly"
        slot["starts"] = date_back(sc, "dtstart", ctx, "schedules.dtstart")
    elif freq != "WEEKLY":
        ctx.note(f"schedules: freq {freq!r} is not weekly or monthly; left out")
        return None
    opens, closes = _time(sc.get("opens_at")), _time(sc.get("closes_at"))
    if opens:
        slot["opens"] = opens
    if closes:
        slot["closes"] = closes
    for key in ("valid_from", "valid_to"):
        got = date_back(sc, key, ctx, f"schedules.{key}")
        if got:
            slot[key] = got
    if (text(sc.get("attending_type")) or "").lower() == BY_APPOINTMENT:
        slot["by_appointment"] = True
    notes = [n.strip() for n in (text(sc.get("notes")) or "").split(";") if n.strip()]
    for term, words in TERM_NOTE.items():
        if words in notes:
            slot["term"] = term
            notes.remove(words)
    if DATE_VARIES in notes:
        slot["date_varies"] = True
        notes.remove(DATE_VARIES)
    for closed, words in BANK_HOLIDAY_NOTE.items():
        if words in notes:
            slot["closed_on_bank_holidays"] = closed
            notes.remove(words)
    if notes:
        slot["note"] = "; ".join(notes)
    return slot


def _schedule_notes_back(o: dict[str, Any], ctx: Context) -> Any:
    # Notes about all sessions, and the words of any session that could not be read.
    words = [
        text(sc.get("description"))
        for sc in items(o.get("schedules"))
        if text(sc.get("description")) and not _is_session(sc)
    ]
    return "\n\n".join(w for w in words if w) or None


def _languages_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    return {
        "languages": [
            clean(
                {
                    "id": ctx.ids("service", sv.id, "language", lang.code),
                    "service_id": sid,
                    "name": lang.name,
                    "code": lang.alpha_2 or lang.code,
                }
            )
            for lang in sv.languages
        ]
    }


def _languages_back(o: dict[str, Any], ctx: Context) -> Any:
    found: list[str] = []
    for lang in items(o.get("languages")):
        name, code = text(lang.get("name")), text(lang.get("code"))
        known = (find_language(name) if name else None) or (find_language(code) if code else None)
        if known:
            if known.name not in found:
                found.append(known.name)
        elif name or code:
            ctx.note(
                f"languages: {name or code!r} is not a language name or ISO 639 code; left out"
            )
    return found or None


def _capacity_out(sv: Service, ctx: Context) -> dict[str, Any]:
    cap = sv.capacity
    if cap is None or cap.status == UNKNOWN:
        return {}  # not known: no claim
    sid = ctx.ids("service", sv.id)
    alert = CAPACITY_LABEL[cap.status] + "."
    if cap.until:
        alert += f" Until {cap.until.isoformat()}."
    if cap.note:
        alert += f" {cap.note}"
    updated = sv.reviewed.isoformat() if sv.reviewed else None
    out: dict[str, Any] = {
        "alert": alert,
        "capacities": [
            clean(
                {
                    "id": ctx.ids("service", sv.id, "service_capacity"),
                    "service_id": sid,
                    "unit": {"id": ctx.ids("unit", "new-people"), "name": CAPACITY_UNIT},
                    "available": 0 if cap.status in ("full", "paused") else 1,
                    "description": cap.note,
                    "updated": f"{updated}T00:00:00Z" if updated else None,
                    "status": cap.status,
                }
            )
        ],
    }
    if cap.contact_preference:
        out["contacts"] = [
            {
                "id": ctx.ids("service", sv.id, "contact", "first"),
                "service_id": sid,
                "title": FIRST_CONTACT + cap.contact_preference,
            }
        ]
    return out


_UNTIL = re.compile(r"\bUntil (.+?)\.(?:\s|$)")


def _capacity_back(o: dict[str, Any], ctx: Context) -> Any:
    caps = items(o.get("capacities")) or items(o.get("service_capacity"))
    alert = text(o.get("alert")) or ""
    status = None
    for st, label in CAPACITY_LABEL.items():
        if label and alert.startswith(label):
            status = st
    cap = caps[0] if caps else {}
    if status is None and text(cap.get("status")) in s.CAPACITY_STATUSES:
        status = text(cap.get("status"))
    if status is None and cap:
        available = cap.get("available")
        if isinstance(available, (int, float)) and not isinstance(available, bool):
            status = "full" if available <= 0 else "open"
    if status is None:
        return None  # unknown: no claim
    out: dict[str, Any] = {"status": status}
    if text(cap.get("description")):
        out["note"] = text(cap.get("description"))
    m = _UNTIL.search(alert)
    if m:
        until = read_date(m.group(1))
        if until:
            out["until"] = until
        else:
            ctx.note(
                f"capacity: the alert's end date {m.group(1)!r} is not a date that can be read; "
                "left out"
            )
    if "note" not in out and status and alert.startswith(CAPACITY_LABEL[status]):
        # No service_capacity (the tabular package has no table for it): the alert's words.
        rest = alert[len(CAPACITY_LABEL[status]) :].removeprefix(".")
        rest = _UNTIL.sub("", rest, count=1).strip() if _UNTIL.match(rest.strip()) else rest
        rest = rest.strip()
        if rest:
            out["note"] = rest
    for c in items(o.get("contacts")):
        title = text(c.get("title")) or ""
        if title.startswith(FIRST_CONTACT) and title[len(FIRST_CONTACT) :] in s.CONTACT_PREFERENCES:
            out["contact_preference"] = title[len(FIRST_CONTACT) :]
    return out


def _reviewed_out(sv: Service, ctx: Context) -> dict[str, Any]:
    return {"assured_date": sv.reviewed.isoformat() if sv.reviewed else None}


def _reviewed_back(o: dict[str, Any], ctx: Context) -> Any:
    return date_back(o, "assured_date", ctx)


def _status_out(sv: Service, ctx: Context) -> dict[str, Any]:
    return {"status": STATUS_OUT.get(sv.status, "active")}


def _status_back(o: dict[str, Any], ctx: Context) -> Any:
    t = (text(o.get("status")) or "active").lower()
    if t in ("temporarily closed", "temporarily-closed"):
        return "temporarily-closed"
    return "active" if t == "active" else t  # the importer refuses inactive and defunct


RULES: tuple[Rule, ...] = (
    Rule("name", _name_out, _name_back),
    Rule("organisation", _org_out, _org_back),
    Rule("summary", _summary_out, _summary_back),
    Rule("description", _nothing, _description_back),  # with the summary
    Rule("categories", _categories_out, _categories_back),  # access methods too
    Rule("areas_served", _areas_out, _areas_back),
    Rule("eligibility", _eligibility_out, _eligibility_back),
    Rule("access", _nothing, _access_back),  # with the categories
    Rule("attending", _nothing, _attending_back),  # with the categories
    Rule("access_notes", _access_notes_out, _access_notes_back),
    Rule("cost", _cost_out, _cost_back),
    Rule("contacts", _contacts_out, _contacts_back),
    Rule("locations", _locations_out, _locations_back),
    Rule("schedule", _schedule_out, _schedule_back),
    Rule("schedule_notes", _nothing, _schedule_notes_back),  # on each schedule
    Rule("languages", _languages_out, _languages_back),
    Rule("capacity", _capacity_out, _capacity_back),
    Rule("reviewed", _reviewed_out, _reviewed_back),
    Rule("status", _status_out, _status_back),
)


def service_object(sv: Service, ctx: Context) -> dict[str, Any]:
    """A fully nested ORUK 3.0 service (the body of `/services/{id}`)."""
    out: dict[str, Any] = {"id": ctx.ids("service", sv.id)}
    for rule in RULES:
        for key, value in rule.out(sv, ctx).items():
            if isinstance(value, list) and isinstance(out.get(key), list):
                out[key] = out[key] + value  # contacts come from two fields
            else:
                out[key] = value
    return clean(out)


def read_service(o: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """An ORUK service -> {field: value} by the rules, before matching and checking."""
    return {rule.field: rule.back(o, ctx) for rule in RULES}


def organization_object(org: Organisation, ctx: Context) -> dict[str, Any]:
    oid = ctx.ids("organisation", org.id)
    idents = []
    for scheme, kind, value in (
        ("GB-CHC", "Charity number", org.charity_number),
        ("GB-COH", "Company number", org.company_number),
    ):
        if value:
            idents.append(
                {
                    "id": ctx.ids("organisation", org.id, "identifier", scheme),
                    "organization_id": oid,
                    "identifier_scheme": scheme,
                    "identifier_type": kind,
                    "identifier": value,
                }
            )
    phones = phone_objects(ctx.ids, f"organisation/{org.id}", [org.phone] if org.phone else [])
    return clean(
        {
            "id": oid,
            "name": org.name,
            "description": (org.description or "").strip(),
            "email": org.email,
            "website": org.website,
            "organization_identifiers": idents,
            "phones": phones,
        }
    ) | {"description": (org.description or "").strip()}
