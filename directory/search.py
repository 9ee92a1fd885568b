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
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .lists import Lists, make_lists
from .lunr_compat import build_index_from_terms, document_terms, dumps, utf16_key
from .model import Service, Site

# Boosts: a word in a service's name matters most; the description least.
FIELDS: list[tuple[str, float]] = [
    ("name", 10),
    ("categories", 5),
    ("summary", 4),
    ("organisation", 3),
    ("places", 2),
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


def index_document(sv: Service) -> dict[str, Any]:
    """The text lunr indexes for one service. Lists are joined, so each word is a term."""
    categories = " ".join(f"{c.name} {' '.join(c.synonyms)}" for c in sv.categories)
    places = {sv.district.name}
    places.update(d.name for d in sv.areas_served)
    for loc in sv.locations:
        places.update(p for p in (loc.town, loc.postcode.split()[0], loc.name) if p)
    return {
        "name": sv.name,
        "categories": categories,
        "summary": sv.summary,
        "organisation": sv.organisation.name,
        "places": " ".join(sorted(places)),
        "description": sv.description or "",
    }


def service_terms(sv: Service) -> Terms:
    return document_terms(index_document(sv), FIELDS)


def result_row(site: Site, sv: Service) -> list[Any]:
    """What a result shows, as a compact row: [id, name, organisation, summary, where,
    capacity status, tier, flags, categories]. Flags: 1 listed by default, 2 free, 4 stale."""
    flags = (
        (1 if site.listed(sv) else 0)
        | (2 if sv.free else 0)
        | (4 if sv.freshness != "fresh" else 0)
    )
    where = sv.where_text
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
    ]


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


def shard_docs(site: Site, services: list[Service], words: Mapping[str, Words]) -> bytes:
    """{name}.docs.json for a shard's services given in id order."""
    rank = {sv.id: i for i, sv in enumerate(site.ordered(services))}
    return dumps(
        {
            "fields": [[name, boost] for name, boost in FIELDS],
            "rows": [result_row(site, sv) for sv in services],
            "lengths": [list(words[sv.id].lengths) for sv in services],
            "rank": [rank[sv.id] for sv in services],
        }
    ).encode("utf-8")


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


def shard_piece(entries: Iterable[tuple[int, Words]], piece: int, buckets: int) -> bytes:
    """One piece of a shard, {name}/{piece}.json, from (ref, words) of every service with a
    word in it, in ref order."""
    postings: dict[str, list[list[int]]] = {}
    width = len(FIELDS)
    for ref, words in entries:
        tfs = words.frequencies
        for k in words.in_piece(piece, buckets):
            t = words.terms[k]
            entry = postings.get(t)
            if entry is None:
                entry = postings[t] = [[] for _ in FIELDS]
            for f in range(width):
                tf = tfs[k * width + f]
                if tf:
                    entry[f] += (ref, tf)
    return dumps([[t, *postings[t]] for t in sorted(postings, key=utf16_key)]).encode("utf-8")


def build_shard(
    site: Site, name: str, services: list[Service], terms: Mapping[str, Terms]
) -> list[tuple[str, bytes]]:
    """Every file of one shard at once (the build makes them one by one, as outputs)."""
    ordered = sorted(services, key=lambda sv: sv.id)
    words = {sv.id: words_of(terms[sv.id]) for sv in ordered}
    buckets = bucket_count(len(ordered))
    files = [
        (f"search/{name}.docs.json", shard_docs(site, ordered, words)),
        (f"search/{name}.terms.json", shard_terms(ordered, words)),
    ]
    for i, refs in enumerate(piece_refs(ordered, words, buckets)):
        entries = ((r, words[ordered[r].id]) for r in refs)
        files.append((f"search/{name}/{i}.json", shard_piece(entries, i, buckets)))
    return files


def manifest(site: Site, lists: Lists | None = None) -> dict[str, int]:
    """Shard name -> how many pieces its index is cut into, for the search page."""
    return {name: bucket_count(len(services)) for name, services in shards(site, lists)}
