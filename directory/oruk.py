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

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import schema as s
from .config import Category, Config
from .model import ACCESS_LABEL, ACCESSIBILITY_LABEL, CAPACITY_LABEL, Organisation, Service

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
        return str(uuid.uuid5(self.ns, "/".join(str(p) for p in path)))


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


def access_term(ids: Ids, method: str) -> dict[str, Any]:
    return {
        "id": ids("taxonomy_term", ACCESS_TAXONOMY, method),
        "code": method,
        "name": ACCESS_LABEL[method],
        "description": ACCESS_LABEL[method],
        "taxonomy": ACCESS_TAXONOMY,
        "taxonomy_id": ids("taxonomy", ACCESS_TAXONOMY),
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
    return {"attributes": attrs}


def _categories_back(o: dict[str, Any], ctx: Context) -> Any:
    # Terms of any taxonomy but our access methods; the importer matches them to categories.
    return [t for t in _terms(o, None) if t.get("taxonomy") != ACCESS_TAXONOMY]


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


def _access_back(o: dict[str, Any], ctx: Context) -> Any:
    found = []
    for term in _terms(o, ACCESS_TAXONOMY):
        code = text(term.get("code")) or text(term.get("term"))
        if code in ACCESS_LABEL and code not in found:
            found.append(code)
    return found or None


def _access_notes_out(sv: Service, ctx: Context) -> dict[str, Any]:
    return {"application_process": sv.access_notes}


def _access_notes_back(o: dict[str, Any], ctx: Context) -> Any:
    return text(o.get("application_process"))


def _cost_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    options: list[dict[str, Any]] = []
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


def _cost_back(o: dict[str, Any], ctx: Context) -> Any:
    free = False
    options = []
    for opt in items(o.get("cost_options")):
        label = (text(opt.get("option")) or "").lower()
        amount = _amount(opt.get("amount"))
        if label == "free" or (amount == 0 and not text(opt.get("amount_description"))):
            free = True
            continue
        if amount is None:
            ctx.note(f"cost_options: amount {opt.get('amount')!r} is not a price; left out")
            continue
        what = text(opt.get("amount_description")) or text(opt.get("option")) or "per session"
        options.append(
            {"amount": int(amount) if amount == int(amount) else amount, "description": what}
        )
    notes = text(o.get("fees_description")) or text(o.get("fees"))
    if not options and not free and not notes:
        return None
    if notes and not options and not free and notes.lower().startswith("free"):
        free = True
    return clean({"free": free, "options": options, "notes": notes}) | {"free": free}


def phone_objects(ids: Ids, owner: str, phones: Any) -> list[dict[str, Any]]:
    return [
        clean(
            {
                "id": ids(owner, "phone", n),
                "number": p.number,
                "description": p.label,
            }
        )
        for n, p in enumerate(phones)
    ]


def _contacts_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    phones = phone_objects(ctx.ids, f"service/{sv.id}", sv.phones)
    for p in phones:
        p["service_id"] = sid
    return {"url": sv.website, "email": sv.email, "phones": phones}


def _contacts_back(o: dict[str, Any], ctx: Context) -> Any:
    # Raw values: the importer repairs and checks them (several numbers in one field, bare
    # domains) and reports what it could not take.
    phones = []
    for p in items(o.get("phones")):
        phones.append({"number": p.get("number"), "label": text(p.get("description"))})
    for c in items(o.get("contacts")):
        for p in items(c.get("phones")):
            label = text(p.get("description")) or text(c.get("name")) or text(c.get("title"))
            phones.append({"number": p.get("number"), "label": label})
    return {"phones": phones, "email": o.get("email"), "website": o.get("url")}


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
                    "address_1": loc.address,
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
    sid = ctx.ids("service", sv.id)
    venues = {loc.name: n for n, loc in enumerate(sv.locations)}
    out = []
    for n, slot in enumerate(sv.schedule):
        if slot.frequency == "monthly" and slot.weeks:
            byday = ",".join(WEEK_CODES[w] + DAY_CODES[d] for w in slot.weeks for d in slot.days)
        else:
            byday = ",".join(DAY_CODES[d] for d in slot.days)
        at = venues.get(slot.location) if slot.location else None
        out.append(
            clean(
                {
                    "id": ctx.ids("service", sv.id, "schedule", n),
                    "service_id": sid,
                    "service_at_location_id": ctx.ids("service", sv.id, "service_at_location", at)
                    if at is not None
                    else None,
                    "freq": "MONTHLY" if slot.frequency == "monthly" else "WEEKLY",
                    "interval": 1,
                    "byday": byday,
                    "opens_at": slot.opens,
                    "closes_at": slot.closes,
                    "notes": slot.note,
                    "description": sv.schedule_notes,
                    "attending_type": slot.location,
                }
            )
        )
    if sv.schedule_notes and not out:
        out.append(
            {
                "id": ctx.ids("service", sv.id, "schedule", "notes"),
                "service_id": sid,
                "description": sv.schedule_notes,
            }
        )
    return {"schedules": out}


_BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


def _time(value: Any) -> str | None:
    t = text(value)
    m = re.match(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", t or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _schedule_back(o: dict[str, Any], ctx: Context) -> Any:
    slots = []
    venues = {}
    for sal in items(o.get("service_at_locations")):
        loc = sal.get("location")
        if isinstance(loc, dict) and text(loc.get("name")):
            venues[sal.get("id")] = text(loc.get("name"))
    for sc in items(o.get("schedules")):
        byday = text(sc.get("byday"))
        opens, closes = _time(sc.get("opens_at")), _time(sc.get("closes_at"))
        if not byday and not opens:
            continue  # notes only: taken by schedule_notes
        days: list[str] = []
        weeks: list[str] = []
        parts = [p.strip().upper() for p in (byday or "").split(",") if p.strip()]
        ok = bool(parts)
        for p in parts:
            m = _BYDAY.match(p)
            if not m or (m.group(1) and m.group(1).lstrip("+") not in CODE_WEEKS):
                ok = False
                break
            day = CODE_DAYS[m.group(2)]
            if day not in days:
                days.append(day)
            if m.group(1):
                week = CODE_WEEKS[m.group(1).lstrip("+")]
                if week not in weeks:
                    weeks.append(week)
        freq = (text(sc.get("freq")) or "WEEKLY").upper()
        if not ok or not opens or not closes or freq not in ("WEEKLY", "MONTHLY"):
            ctx.note(
                f"schedules: {byday or '(no days)'} {sc.get('opens_at')}-{sc.get('closes_at')} "
                f"({freq.lower()}) is not a regular weekly or monthly session; left out"
            )
            continue
        if freq == "MONTHLY" and not weeks:
            ctx.note(f"schedules: monthly on {byday} without weeks of the month; left out")
            continue
        slot: dict[str, Any] = {"days": days, "opens": opens, "closes": closes}
        if freq == "MONTHLY":
            slot["frequency"] = "monthly"
            slot["weeks"] = [w for w in s.WEEKS if w in weeks]
        where = text(sc.get("attending_type")) or venues.get(sc.get("service_at_location_id"))
        if where and len(venues) > 1:
            slot["location"] = where
        if text(sc.get("notes")):
            slot["note"] = text(sc.get("notes"))
        slots.append(slot)
    return slots or None


def _schedule_notes_back(o: dict[str, Any], ctx: Context) -> Any:
    for sc in items(o.get("schedules")):
        if text(sc.get("description")):
            return text(sc.get("description"))
    return None


def _languages_out(sv: Service, ctx: Context) -> dict[str, Any]:
    sid = ctx.ids("service", sv.id)
    return {
        "languages": [
            clean(
                {
                    "id": ctx.ids("service", sv.id, "language", lang),
                    "service_id": sid,
                    "name": lang,
                    "code": s.LANGUAGES.get(lang),
                }
            )
            for lang in sv.languages
        ]
    }


_LANGUAGE_BY_CODE = {v: k for k, v in s.LANGUAGES.items()}


def _languages_back(o: dict[str, Any], ctx: Context) -> Any:
    found = []
    for lang in items(o.get("languages")):
        name = text(lang.get("name"))
        code = (text(lang.get("code")) or "").lower()
        known = next((k for k in s.LANGUAGES if name and k.lower() == name.lower()), None)
        known = known or _LANGUAGE_BY_CODE.get(code)
        if known:
            if known not in found:
                found.append(known)
        elif name or code:
            ctx.note(f"languages: {name or code!r} is not a language this site knows; left out")
    return found or None


def _capacity_out(sv: Service, ctx: Context) -> dict[str, Any]:
    cap = sv.capacity
    if cap is None:
        return {}
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


_UNTIL = re.compile(r"\bUntil (\d{4}-\d{2}-\d{2})\.")


def _capacity_back(o: dict[str, Any], ctx: Context) -> Any:
    caps = items(o.get("capacities")) or items(o.get("service_capacity"))
    alert = text(o.get("alert")) or ""
    status = None
    for st, label in CAPACITY_LABEL.items():
        if alert.startswith(label):
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
        out["until"] = m.group(1)
    if "note" not in out and status and alert.startswith(CAPACITY_LABEL[status]):
        # No service_capacity (the tabular package has no table for it): the alert's words.
        rest = alert[len(CAPACITY_LABEL[status]) :].removeprefix(".")
        rest = re.sub(r"^\s*Until \d{4}-\d{2}-\d{2}\.", "", rest).strip()
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
    t = text(o.get("assured_date"))
    return t[:10] if t and re.match(r"^\d{4}-\d{2}-\d{2}", t) else None


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
        out.update(rule.out(sv, ctx))
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
    phones = phone_objects(ctx.ids, f"organisation/{org.id}", [_OrgPhone(org.phone)])
    return clean(
        {
            "id": oid,
            "name": org.name,
            "description": (org.description or "").strip(),
            "email": org.email,
            "website": org.website,
            "organization_identifiers": idents,
            "phones": phones if org.phone else [],
        }
    ) | {"description": (org.description or "").strip()}


@dataclass(frozen=True)
class _OrgPhone:
    number: str | None
    label: str | None = None
