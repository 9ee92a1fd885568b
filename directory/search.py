"""Site -> search files: one lunr index per district plus one for the whole county, each with
a small file of what the results list shows.

A resident searching within a district downloads only that district's shard, and of its
index only the pieces holding the words searched for. The index is built here in Python
(lunr_compat.py keeps it identical to one lunr.js would build) and only read in the
browser. Each service's words are worked out once (service_terms) and shared by every shard
it is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from .geo import Places
from .lists import Lists, make_lists
from .lunr_compat import (
    build_index_from_terms,
    build_postings_from_terms,
    compact_ref,
    dumps,
)
from .model import Service, Site
from .normalise import index_terms
from .schedule import DAYS, WEEK_NUMBER

# Boosts: a word in a service's name matters most; the description least.
FIELDS: list[tuple[str, float]] = [
    ("name", 10),
    ("categories", 5),
    ("summary", 4),
    ("organisation", 3),
    ("places", 2),
    ("eligibility", 2),
    ("description", 1),
]
COUNTY_SHARD = "county"
BUCKET_SERVICES = 20
Terms = dict[str, list[str]]


def shards(site: Site, lists: Lists | None = None) -> Iterator[tuple[str, list[Service]]]:
    """(shard name, services) for the whole county and for each district."""
    lists = lists or make_lists(site)
    yield COUNTY_SHARD, list(site.services)
    for d in site.config.districts:
        yield d.slug, lists.serving(d.slug)


def index_document(sv: Service) -> dict[str, str]:
    """The text indexed for one service, by field. Lists are joined, so each word is a term;
    a location's postcode is indexed whole (``pr18uh``) and by its outward code (``pr1``)."""
    categories = " ".join(f"{c.name} {' '.join(c.synonyms)}" for c in sv.categories)
    places = {sv.district.name}
    places.update(d.name for d in sv.areas_served)
    for loc in sv.locations:
        places.update(p for p in (loc.town, loc.postcode, loc.postcode.split()[0], loc.name) if p)
    eligibility = [sv.who or "", sv.eligibility_notes or ""]
    return {
        "name": sv.name,
        "categories": categories,
        "summary": sv.summary,
        "organisation": sv.organisation.name,
        "places": " ".join(sorted(places)),
        "eligibility": " ".join(eligibility),
        "description": sv.description or "",
    }


def service_terms(sv: Service) -> Terms:
    """A service's terms by field, normalised as the browser normalises queries
    (normalise.index_terms)."""
    doc = index_document(sv)
    return {name: index_terms(doc[name]) for name, _ in FIELDS}


def coordinates(sv: Service, places: Places | None) -> list[float]:
    """[latitude, longitude, ...] of each of a service's locations (degrees, 3 decimals:
    about 100 m, plenty for distances in miles): as the record gives them, or else placed by
    the location's postcode."""
    out: list[float] = []
    for loc in sv.locations:
        if loc.latitude is not None and loc.longitude is not None:
            point: tuple[float, float] | None = (loc.latitude, loc.longitude)
        else:
            point = places.locate(loc.postcode) if places else None
        if point is not None:
            out += [round(point[0], 3), round(point[1], 3)]
    return out


def where_label(sv: Service) -> str:
    """Where a result says the service is: a district, or how it is reached when it has no
    place to go to (so that near me shows it as such, not as far away)."""
    if not sv.county_wide and not sv.locations:
        if sv.attending:
            return " or ".join(sv.attending_labels).capitalize()
        return "By phone" if sv.phones else "Online"
    return sv.where_text


FREQUENCIES = {"weekly": 0, "fortnightly": 1, "monthly": 2, "once": 3}
EPOCH = dt.date(1970, 1, 1)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def _day(d: dt.date | None) -> int:
    """Days since 1970-01-01 (0 when there is no date)."""
    return (d - EPOCH).days if d else 0


def schedule_rows(sv: Service) -> list[list[Any]]:
    """A service's opening times for the browser's "open now" and day/time filters, one row
    per session with a time (schedule.Slot; "by appointment" sessions are never open now):
    [days, opens, closes, frequency, extra, term, valid from, valid to]. days: a bit mask
    (1 Monday ... 64 Sunday); opens and closes: minutes after midnight, UK clock (a close at
    or before the opening runs past midnight, 1440 is midnight at the end of the day);
    frequency 0 weekly, 1 fortnightly (extra: the day number of the Monday of a week it
    runs), 2 monthly (extra: [weeks], 1 to 4 or -1 the last, or with frequency 4 [dates],
    -1 the last), 3 once (extra: its day number); term 1 term time only, 2 school holidays
    only; valid from/to day numbers (days since 1970-01-01), 0 when open-ended. The same
    rules as Slot.occurs_on and Slot.open_at, which tests/test_schedule_js.py compares."""
    out: list[list[Any]] = []
    for slot in sv.schedule:
        if slot.opens is None or slot.closes is None or slot.date_varies:
            continue
        days = sum(1 << DAYS.index(d) for d in slot.days if d in DAYS)
        freq = FREQUENCIES.get(slot.frequency, 0)
        extra: Any = 0
        if slot.frequency == "fortnightly":
            if slot.starts is None:
                continue
            extra = _day(slot.starts - dt.timedelta(days=slot.starts.weekday()))
        elif slot.frequency == "monthly":
            if slot.dates:
                freq, extra = 4, list(slot.dates)
            else:
                extra = [WEEK_NUMBER[w] for w in slot.weeks]
        elif slot.frequency == "once":
            if slot.date is None:
                continue
            extra = _day(slot.date)
        term = {"term-time": 1, "school-holidays": 2}.get(slot.term or "", 0)
        row = [days, _minutes(slot.opens), _minutes(slot.closes), freq, extra, term]
        row += [_day(slot.valid_from), _day(slot.valid_to)]
        out.append(row)
    return out


def result_row(site: Site, sv: Service, places: Places | None = None) -> list[Any]:
    """What a result shows, as a compact row: [id, name, organisation, summary, where,
    capacity status, tier, flags, categories, coordinates]. Flags: 1 listed by default,
    2 free, 4 stale, 8 no place to go to (county-wide, phone or online), 16 drop-in, 32 a
    step-free location."""
    flags = (
        (1 if site.listed(sv) else 0)
        | (2 if sv.free else 0)
        | (4 if sv.freshness != "fresh" else 0)
        | (8 if sv.county_wide or not sv.locations else 0)
        | (16 if "drop-in" in sv.access else 0)
        | (32 if any("step-free" in loc.accessibility for loc in sv.locations) else 0)
    )
    where = where_label(sv)
    status = "closed" if sv.temporarily_closed else sv.capacity.status
    return [
        sv.id,
        sv.name,
        sv.organisation.name,
        sv.summary,
        where,
        status,
        sv.capacity.tier,
        flags,
        site.category_ids(sv),  # with the categories above: a parent's filter finds them
        coordinates(sv, places),
    ]


def facet_row(sv: Service) -> list[Any]:
    """What the age, language and opening-time filters need, kept out of the result rows
    (the browser fetches them only when one of those filters is used): [[min age, max age]
    or 0, ISO 639-3 language codes or 0, schedule_rows or 0]."""
    ages = [sv.min_age, sv.max_age] if sv.min_age is not None or sv.max_age is not None else 0
    return [ages, [lang.code for lang in sv.languages] or 0, schedule_rows(sv) or 0]


def bucket_count(services: int) -> int:
    """How many pieces a shard's index is cut into: one for about every 20 services, a power
    of two from 1 to 1024."""
    n = 1
    while n < 1024 and n * BUCKET_SERVICES < services:
        n *= 2
    return n


def bucket_of(term: str, buckets: int) -> int:
    """Which piece holds a term: a hash of its UTF-16 code units, which spreads the terms
    evenly. search.js computes the same from each stemmed query word."""
    units = term.encode("utf-16-le", "surrogatepass")
    h = 0
    for i in range(0, len(units), 2):
        h = (h * 31 + units[i] + (units[i + 1] << 8)) & 0xFFFFFFFF
    return h % buckets


def split_index(index: Mapping[str, Any], buckets: int) -> list[list[list[Any]]]:
    """Cut a serialized lunr index into pieces by term, for the browser to fetch only the
    pieces holding the words of a query.

    Each piece is a list of [term, postings of field 0, postings of field 1, ...], where the
    postings of a field are [ref, weight, ref, weight, ...]: every weight the full index holds
    for that term. A lunr index put together from some pieces scores a query on their terms
    exactly as the full index does, because lunr divides by the query vector's length, not
    the document's (lunr.Vector#similarity).
    """
    fields = list(index["fields"])
    position = {name: i for i, name in enumerate(fields)}
    term_of: dict[int, str] = {}
    for term, posting in index["invertedIndex"]:
        term_of[posting["_index"]] = term
    weights: dict[str, list[list[Any]]] = {t: [[] for _ in fields] for t in term_of.values()}
    for field_ref, vector in index["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        f = position[field]
        doc = compact_ref(ref)
        for i in range(0, len(vector), 2):
            weights[term_of[vector[i]]][f] += [doc, vector[i + 1]]
    pieces: list[list[list[Any]]] = [[] for _ in range(buckets)]
    for term, _posting in index["invertedIndex"]:
        pieces[bucket_of(term, buckets)].append([term, *weights[term]])
    return pieces


def shard_index(
    site: Site, services: list[Service], terms: Mapping[str, Terms]
) -> tuple[list[Service], dict[str, Any]]:
    """A shard's services in list order, and its lunr index (refs are row numbers)."""
    ordered = site.ordered(services)
    index = build_index_from_terms(((str(i), terms[sv.id]) for i, sv in enumerate(ordered)), FIELDS)
    return ordered, index


def build_shard(
    site: Site,
    name: str,
    services: list[Service],
    terms: Mapping[str, Terms],
    places: Places | None = None,
) -> list[tuple[str, bytes]]:
    """The files of one shard: what the results list shows, its lunr index cut into pieces by
    term (split_index of shard_index, made without serializing the whole index first), and
    the list of its terms (for finding close matches to a misspelt word)."""
    ordered = site.ordered(services)
    entries = build_postings_from_terms(
        ((str(i), terms[sv.id]) for i, sv in enumerate(ordered)), FIELDS
    )
    rows = [result_row(site, sv, places) for sv in ordered]
    buckets = bucket_count(len(ordered))
    pieces: list[list[list[Any]]] = [[] for _ in range(buckets)]
    for entry in entries:
        pieces[bucket_of(entry[0], buckets)].append(entry)
    files = [
        (f"search/{name}.docs.json", dumps(rows).encode("utf-8")),
        (f"search/{name}.terms.json", dumps([e[0] for e in entries]).encode("utf-8")),
        (f"search/{name}.facets.json", dumps([facet_row(sv) for sv in ordered]).encode("utf-8")),
    ]
    for i, piece in enumerate(pieces):
        files.append((f"search/{name}/{i}.json", dumps(piece).encode("utf-8")))
    return files


def manifest(site: Site, lists: Lists | None = None) -> dict[str, int]:
    """Shard name -> how many pieces its index is cut into, for the search page."""
    return {name: bucket_count(len(services)) for name, services in shards(site, lists)}


def calendar_file(site: Site) -> bytes:
    """search/calendar.json, for "open now" in the browser: England's bank holidays from last
    year to two years ahead ("YYYY-MM-DD", from the ``holidays`` package, subdivision ENG)
    and the site's school terms as [first day, last day] day numbers (days since 1970-01-01).
    """
    import holidays

    today = site.today
    years = range(today.year - 1, today.year + 3)
    days = sorted(holidays.country_holidays("GB", subdiv="ENG", years=years))
    terms = [[_day(t.starts), _day(t.ends)] for t in site.config.school_terms]
    return dumps({"bank_holidays": [d.isoformat() for d in days], "terms": terms}).encode()
