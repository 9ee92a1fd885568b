"""Site -> search files: one lunr index per district plus one for the whole county, each with
a small file of what the results list shows.

A resident searching within a district downloads only that district's shard, and of its
index only the pieces holding the words searched for. The index is built here in Python
(lunr_compat.py keeps it identical to one lunr.js would build) and only read in the
browser. Each service's words are worked out once (service_terms) and shared by every shard
it is in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .lunr_compat import (
    build_index_from_terms,
    build_postings_from_terms,
    compact_ref,
    dumps,
)
from .model import Service, Site
from .normalise import index_terms

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


def shards(site: Site) -> Iterator[tuple[str, list[Service]]]:
    """(shard name, services) for the whole county and for each district."""
    yield COUNTY_SHARD, list(site.services)
    for d in site.config.districts:
        yield d.slug, site.serving(d)


def index_document(sv: Service) -> dict[str, str]:
    """The text indexed for one service, by field. Lists are joined, so each word is a term;
    a location's postcode is indexed whole (``pr18uh``) and by its outward code (``pr1``)."""
    categories = " ".join(f"{c.name} {' '.join(c.synonyms)}" for c in sv.categories)
    places = {sv.district.name}
    places.update(d.name for d in sv.areas_served)
    for loc in sv.locations:
        places.update((loc.town, loc.postcode, loc.postcode.split()[0], loc.name))
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


def result_row(site: Site, sv: Service) -> list[Any]:
    """What a result shows, as a compact row: [id, name, organisation, summary, where,
    capacity status, tier, flags, categories]. Flags: 1 listed by default, 2 free, 4 stale."""
    flags = (
        (1 if site.listed(sv) else 0)
        | (2 if sv.free else 0)
        | (4 if sv.freshness != "fresh" else 0)
    )
    where = "Across the county" if sv.county_wide else sv.district.name
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
        [c.id for c in sv.categories],
    ]


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
    site: Site, name: str, services: list[Service], terms: Mapping[str, Terms]
) -> list[tuple[str, bytes]]:
    """The files of one shard: what the results list shows, its lunr index cut into pieces by
    term (split_index of shard_index, made without serializing the whole index first), and
    the list of its terms (for finding close matches to a misspelt word)."""
    ordered = site.ordered(services)
    entries = build_postings_from_terms(
        ((str(i), terms[sv.id]) for i, sv in enumerate(ordered)), FIELDS
    )
    rows = [result_row(site, sv) for sv in ordered]
    buckets = bucket_count(len(ordered))
    pieces: list[list[list[Any]]] = [[] for _ in range(buckets)]
    for entry in entries:
        pieces[bucket_of(entry[0], buckets)].append(entry)
    files = [
        (f"search/{name}.docs.json", dumps(rows).encode("utf-8")),
        (f"search/{name}.terms.json", dumps([e[0] for e in entries]).encode("utf-8")),
    ]
    for i, piece in enumerate(pieces):
        files.append((f"search/{name}/{i}.json", dumps(piece).encode("utf-8")))
    return files


def manifest(site: Site) -> dict[str, int]:
    """Shard name -> how many pieces its index is cut into, for the search page."""
    return {name: bucket_count(len(services)) for name, services in shards(site)}
