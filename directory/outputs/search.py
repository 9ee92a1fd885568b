"""Site -> search files: one lunr index per district plus one for the whole county, each with
a small file of what the results list shows.

A resident searching within a district downloads only that district's shard, and of its
index only the pieces holding the words searched for. The words are found here in Python
(lunr_compat.py makes them exactly as lunr.js would) and weighed in the browser by lunr.js's
own formula, so that a change to one service changes only the files holding its words (see
"The files of a shard" below). Each service's words are worked out once (service_terms) and
shared by every shard it is in; the build keeps them between builds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from directory.outputs.lunr_compat import build_index_from_terms, dumps, utf16_key
from directory.outputs.normalise import index_terms
from directory.records.schedule import DAYS, WEEK_NUMBER, bank_holidays
from directory.site.geo import Places
from directory.site.lists import Lists, make_lists
from directory.site.model import Service, Site

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
    place to go to (so that near me shows it as such, not as far away). Only what the record
    says: "Online or by phone" when its `attending` says so; a service with neither a venue
    nor a way of attending (home visits, drivers) "Covers <district>", never a guess from
    its having a phone number."""
    if not sv.county_wide and not sv.locations:
        if sv.attending:
            return " or ".join(sv.attending_labels).capitalize()
        return f"Covers {sv.district.name}"
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
    [days, opens, closes, frequency, extra, term, valid from, valid to, bank holidays].
    days: a bit mask
    (1 Monday ... 64 Sunday); opens and closes: minutes after midnight, UK clock (a close at
    or before the opening runs past midnight, 1440 is midnight at the end of the day);
    frequency 0 weekly, 1 fortnightly (extra: the day number of the Monday of a week it
    runs), 2 monthly (extra: [weeks], 1 to 4 or -1 the last, or with frequency 4 [dates],
    -1 the last), 3 once (extra: its day number); term 1 term time only, 2 school holidays
    only; valid from/to day numbers (days since 1970-01-01), 0 when open-ended; bank holidays
    1 closed on bank holidays, 2 runs on them too, left off when not known. The same
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
        holidays = {None: 0, True: 1, False: 2}[slot.closed_on_bank_holidays]
        if holidays:  # left off when not known, as most records do not say
            row.append(holidays)
        out.append(row)
    return out


def result_row(site: Site, sv: Service, places: Places | None = None) -> list[Any]:
    """What a result shows, as a compact row: [id, name, organisation, summary, where,
    capacity status, tier, flags, categories, coordinates]. Flags: 1 listed by default,
    2 free, 4 stale, 8 no place to go to (county-wide, phone or online), 16 drop-in, 32 a
    step-free location, 64 left out of lists because it has not been checked for too long
    (PRODUCT.md "Freshness"; the page says so instead of "not taking new people")."""
    flags = (
        (1 if site.listed(sv) else 0)
        | (2 if sv.free else 0)
        | (4 if sv.freshness != "fresh" else 0)
        | (8 if sv.county_wide or not sv.locations else 0)
        | (16 if "drop-in" in sv.access else 0)
        | (32 if any("step-free" in loc.accessibility for loc in sv.locations) else 0)
        | (64 if sv.freshness == "expired" else 0)
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


def term_hash(term: str) -> int:
    """The CRC-32 (ISO-HDLC, as zlib) of a term's UTF-16 code units, little-endian: it spreads
    terms evenly over the pieces, costs next to nothing here (zlib) and little in the
    browser, where search.js computes the same from each stemmed query word."""
    return zlib.crc32(term.encode("utf-16-le", "surrogatepass"))


def bucket_of(term: str, buckets: int) -> int:
    """Which piece holds a term."""
    return term_hash(term) % buckets


MAX_BITS = 10  # bucket_count is at most 2 ** MAX_BITS
# REVERSED[x]: x's MAX_BITS bits in reverse order. Sorted by REVERSED[hash % 1024], the terms
# of any one piece of any shard (2 ** k pieces) are side by side: their k low hash bits are
# the key's k high bits.
REVERSED = [int(f"{x:0{MAX_BITS}b}"[::-1], 2) for x in range(2**MAX_BITS)]


@dataclass(frozen=True)
class Words:
    """All the search files need of a service: its distinct terms, sorted by piece key
    (REVERSED[term_hash % 1024]) so that the terms of a piece are side by side, each term's
    key, its frequency in each field (len(FIELDS) numbers per term, flat), and the length of
    each field (its terms counted with repeats, as lunr counts)."""

    terms: tuple[str, ...]
    keys: array[int]
    frequencies: array[int]
    lengths: tuple[int, ...]

    def pieces(self, buckets: int) -> set[int]:
        """The pieces holding its terms, in a shard of `buckets` pieces."""
        shift = MAX_BITS - buckets.bit_length() + 1
        return {REVERSED[k >> shift << shift] for k in self.keys}

    def in_piece(self, piece: int, buckets: int) -> range:
        """The positions in self.terms of its terms in one piece."""
        shift = MAX_BITS - buckets.bit_length() + 1
        start = REVERSED[piece]  # the piece's bits reversed, at the top of the key
        return range(
            bisect.bisect_left(self.keys, start),
            bisect.bisect_left(self.keys, start + (1 << shift)),
        )


def words_of(terms: Terms) -> Words:
    counts = [Counter(terms[name]) for name, _ in FIELDS]
    keyed = sorted((REVERSED[term_hash(t) % 1024], t) for t in {t for c in counts for t in c})
    return Words(
        tuple(t for _, t in keyed),
        array("H", [k for k, _ in keyed]),
        array("I", [c.get(t, 0) for _, t in keyed for c in counts]),
        tuple(len(terms[name]) for name, _ in FIELDS),
    )


def shard_index(
    site: Site, services: list[Service], terms: Mapping[str, Terms]
) -> tuple[list[Service], dict[str, Any]]:
    """A shard's services in id order, and the lunr index of them that the browser puts
    together from the shard's files (refs are positions in id order)."""
    ordered = sorted(services, key=lambda sv: sv.id)
    index = build_index_from_terms(((str(i), terms[sv.id]) for i, sv in enumerate(ordered)), FIELDS)
    return ordered, index


# -- The files of a shard ----------------------------------------------------------------
#
# A shard is its services in id order; a service's ref is its position in that order, so it
# changes only when a service is added to or removed from the shard. The files hold no lunr
# weights: a weight depends on how many services have the word and on the average length of
# each field over the whole shard, so a weight changes whenever any service does. Instead,
# as Pagefind does, the files hold what each weight is made of, and search.js weighs them in
# the browser with lunr.js's own formula (lunr.Builder#createFieldVectors, lunr.idf):
#
# - {name}.docs.json: {"fields": [[field, boost], ...], "rows": [result_row, ...],
#   "lengths": [[field length, ...] per row], "rank": [place in list order per row]};
# - {name}/{i}.json, one piece per bucket_of(term) == i: [[term, [ref, term frequency, ...]
#   per field], ...] in lunr.js's term order;
# - {name}.terms.json: every term, in lunr.js's term order (for close matches).
#
# A changed service then changes the docs, the pieces holding its old and new words, and
# the terms list if a word appears or disappears: nothing else.


def shard_docs(
    site: Site,
    services: list[Service],
    words: Mapping[str, Words],
    places: Places | None = None,
) -> bytes:
    """{name}.docs.json for a shard's services given in id order (places: where services
    without coordinates of their own are, by postcode)."""
    rank = {sv.id: i for i, sv in enumerate(site.ordered(services))}
    return dumps(
        {
            "fields": [[name, boost] for name, boost in FIELDS],
            "rows": [result_row(site, sv, places) for sv in services],
            "lengths": [list(words[sv.id].lengths) for sv in services],
            "rank": [rank[sv.id] for sv in services],
        }
    ).encode("utf-8")


def patch_docs(
    site: Site,
    services: list[Service],
    previous: bytes,
    refs: Iterable[int],
    words: Mapping[str, Words],
    places: Places | None = None,
) -> bytes:
    """{name}.docs.json as shard_docs would make it, from the file the previous build made
    (its bytes) and the refs of the services that changed since: their rows and lengths are
    made again, the rank of every row worked out again (a changed name moves services in
    the list order), the other rows kept as they are. The shard's services, their refs, the
    build date, the settings and the places must be as then. ValueError if `previous` is
    not a docs file of as many services."""
    data = _previous_rows(previous, DOCS_KEYS, len(services))
    for ref in refs:
        sv = services[ref]
        data["rows"][ref] = result_row(site, sv, places)
        data["lengths"][ref] = list(words[sv.id].lengths)
    rank = {sv.id: i for i, sv in enumerate(site.ordered(services))}
    data["rank"] = [rank[sv.id] for sv in services]
    return dumps(data).encode("utf-8")


DOCS_KEYS = ("fields", "rows", "lengths", "rank")  # each but the first: a value per service


def _previous_rows(previous: bytes, keys: tuple[str, ...], count: int) -> dict[str, Any]:
    """A previous file's JSON object, checked to have `keys` in that order and `count`
    items in each list but the first key's (ValueError if not)."""
    data = json.loads(previous)
    if not isinstance(data, dict) or list(data) != list(keys):
        raise ValueError("not a file of the expected kind")
    if any(not isinstance(data[k], list) or len(data[k]) != count for k in keys[1:]):
        raise ValueError(f"not a file of {count} services")
    return data


def patch_facets(services: list[Service], previous: bytes, refs: Iterable[int]) -> bytes:
    """{name}.facets.json as shard_facets would make it, from the previous build's file and
    the refs of the services that changed since (the shard's services as then)."""
    wrapped = b'{"":0,"rows":' + previous + b"}"
    rows = _previous_rows(wrapped, ("", "rows"), len(services))["rows"]
    for ref in refs:
        rows[ref] = facet_row(services[ref])
    return dumps(rows).encode("utf-8")


def shard_facets(services: list[Service]) -> bytes:
    """{name}.facets.json: facet_row of each of a shard's services, in id order."""
    return dumps([facet_row(sv) for sv in services]).encode("utf-8")


def shard_terms(services: list[Service], words: Mapping[str, Words]) -> bytes:
    """{name}.terms.json: every distinct term of the shard's services."""
    distinct: set[str] = set()
    for sv in services:
        distinct.update(words[sv.id].terms)
    return dumps(sorted(distinct, key=utf16_key)).encode("utf-8")


def piece_refs(
    services: list[Service], words: Mapping[str, Words], buckets: int
) -> list[list[int]]:
    """For each piece, the refs of the services with a word in it."""
    refs: list[list[int]] = [[] for _ in range(buckets)]
    for ref, sv in enumerate(services):
        for b in words[sv.id].pieces(buckets):
            refs[b].append(ref)
    return refs


Postings = dict[str, list[list[int]]]  # term -> per field, flat [ref, tf, ref, tf, ...]


def shard_piece(entries: Iterable[tuple[int, Words]], piece: int, buckets: int) -> bytes:
    """One piece of a shard, {name}/{piece}.json, from (ref, words) of every service with a
    word in it, in ref order."""
    postings: Postings = {}
    for ref, words in entries:
        _post(postings, ref, words, piece, buckets, in_order=True)
    return _piece_bytes(postings)


def _post(
    postings: Postings,
    ref: int,
    words: Words,
    piece: int,
    buckets: int,
    in_order: bool,
) -> None:
    """Put ref's postings of its words in one piece into `postings`: each (ref, tf) pair
    appended when refs come in order (making a piece), else put in its place (patching)."""
    tfs = words.frequencies
    width = len(FIELDS)
    for k in words.in_piece(piece, buckets):
        t = words.terms[k]
        entry = postings.get(t)
        if entry is None:
            entry = postings[t] = [[] for _ in FIELDS]
        for f in range(width):
            tf = tfs[k * width + f]
            if not tf:
                continue
            if in_order:
                entry[f] += (ref, tf)
            else:
                _put(entry[f], ref, tf)


def _piece_bytes(postings: Postings) -> bytes:
    return dumps([[t, *postings[t]] for t in sorted(postings, key=utf16_key)]).encode("utf-8")


def patch_piece(
    previous: bytes,
    changes: Iterable[tuple[int, Words | None, Words | None]],
    piece: int,
    buckets: int,
) -> bytes:
    """A piece of a shard as shard_piece would make it, from the piece the previous build
    made (its bytes) and, for each service whose words changed since, (ref, its words
    then, its words now), with None for no words: the old postings of those refs are taken
    out and the new ones put in, in ref order. The shard's services and their refs must be
    the same as then. ValueError if `previous` does not hold what the old words say."""
    rows = json.loads(previous)
    if not isinstance(rows, list):
        raise ValueError("not a piece")
    postings: Postings = {row[0]: row[1:] for row in rows}
    width = len(FIELDS)
    for ref, old, new in changes:
        if old is not None:
            for k in old.in_piece(piece, buckets):
                t = old.terms[k]
                entry = postings.get(t)
                if entry is None or len(entry) != width:
                    raise ValueError(f"the previous piece has no {t!r}")
                for f in range(width):
                    if old.frequencies[k * width + f]:
                        _take(entry[f], ref)
                if not any(entry):
                    del postings[t]
        if new is not None:
            _post(postings, ref, new, piece, buckets, in_order=False)
    return _piece_bytes(postings)


def _take(flat: list[int], ref: int) -> None:
    """Remove ref's (ref, tf) pair from a field's flat postings [ref, tf, ref, tf, ...]."""
    j = bisect.bisect_left(flat[0::2], ref)
    if 2 * j >= len(flat) or flat[2 * j] != ref:
        raise ValueError(f"the previous piece has no posting for {ref}")
    del flat[2 * j : 2 * j + 2]


def _put(flat: list[int], ref: int, tf: int) -> None:
    j = bisect.bisect_left(flat[0::2], ref)
    if 2 * j < len(flat) and flat[2 * j] == ref:
        raise ValueError(f"a posting for {ref} is there already")
    flat[2 * j : 2 * j] = [ref, tf]


def build_shard(
    site: Site,
    name: str,
    services: list[Service],
    terms: Mapping[str, Terms],
    places: Places | None = None,
) -> list[tuple[str, bytes]]:
    """Every file of one shard at once (the build makes them one by one, as outputs)."""
    ordered = sorted(services, key=lambda sv: sv.id)
    words = {sv.id: words_of(terms[sv.id]) for sv in ordered}
    buckets = bucket_count(len(ordered))
    files = [
        (f"search/{name}.docs.json", shard_docs(site, ordered, words, places)),
        (f"search/{name}.terms.json", shard_terms(ordered, words)),
        (f"search/{name}.facets.json", shard_facets(ordered)),
    ]
    for i, refs in enumerate(piece_refs(ordered, words, buckets)):
        entries = ((r, words[ordered[r].id]) for r in refs)
        files.append((f"search/{name}/{i}.json", shard_piece(entries, i, buckets)))
    return files


def manifest(site: Site, lists: Lists | None = None) -> dict[str, int]:
    """Shard name -> how many pieces its index is cut into, for the search page."""
    return {name: bucket_count(len(services)) for name, services in shards(site, lists)}


def calendar_file(site: Site) -> bytes:
    """search/calendar.json, for "open now" in the browser: England's bank holidays from last
    year to two years ahead of the build date ("YYYY-MM-DD", schedule.bank_holidays: the
    ``holidays`` package), so a site left unbuilt for a while still knows them, and the site's
    school terms as [first day, last day] day numbers (days since 1970-01-01).
    """
    today = site.today
    days = bank_holidays(range(today.year - 1, today.year + 3))
    terms = [[_day(t.starts), _day(t.ends)] for t in site.config.school_terms]
    return dumps({"bank_holidays": [d.isoformat() for d in days], "terms": terms}).encode()
