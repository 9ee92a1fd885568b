"""Site -> search files: one lunr index per district plus one for the whole county, each with
a small file of what the results list shows.

A resident searching within a district downloads only that district's shard. The index is
built here in Python (lunr_compat.py keeps it identical to one lunr.js would build) and only
read in the browser. Each service's words are worked out once (service_terms) and shared by
every shard it is in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from .lunr_compat import build_index_from_terms, document_terms, dumps
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
Terms = dict[str, list[str]]


def shards(site: Site) -> Iterator[tuple[str, list[Service]]]:
    """(shard name, services) for the whole county and for each district."""
    yield COUNTY_SHARD, list(site.services)
    for d in site.config.districts:
        yield d.slug, site.serving(d)


def index_document(sv: Service) -> dict[str, Any]:
    """The text lunr indexes for one service. Lists are joined, so each word is a term."""
    categories = " ".join(f"{c.name} {' '.join(c.synonyms)}" for c in sv.categories)
    places = {sv.district.name}
    places.update(d.name for d in sv.areas_served)
    for loc in sv.locations:
        places.update((loc.town, loc.postcode.split()[0], loc.name))
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


def build_shard(
    site: Site, name: str, services: list[Service], terms: Mapping[str, Terms]
) -> list[tuple[str, bytes]]:
    """The index and the results file of one shard. Refs are row numbers, to keep it small."""
    ordered = site.ordered(services)
    index = build_index_from_terms(((str(i), terms[sv.id]) for i, sv in enumerate(ordered)), FIELDS)
    rows = [result_row(site, sv) for sv in ordered]
    return [
        (f"search/{name}.index.json", dumps(index).encode("utf-8")),
        (
            f"search/{name}.docs.json",
            json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        ),
    ]


def build_search(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every search file, in one process (the pipeline spreads the same work over cores)."""
    terms = {sv.id: service_terms(sv) for sv in site.services}
    for name, services in shards(site):
        yield from build_shard(site, name, services, terms)
