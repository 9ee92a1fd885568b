"""Site -> search files: one lunr index per district plus one for the whole county, each with
a small file of what the results list shows.

A resident searching within a district downloads only that district's shard. The index is
built here in Python (lunr_compat.py keeps it identical to one lunr.js would build) and only
read in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .lunr_compat import build_index, dumps
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


def shards(site: Site) -> Iterator[tuple[str, list[Service]]]:
    """(shard name, services) for each district and for the whole county."""
    yield COUNTY_SHARD, list(site.services)
    for d in site.config.districts:
        yield d.slug, site.serving(d)


def index_document(sv: Service, ref: str) -> dict[str, Any]:
    """The text lunr indexes for one service. Lists are joined, so each word is a term."""
    categories = " ".join(f"{c.name} {' '.join(c.synonyms)}" for c in sv.categories)
    places = {sv.district.name}
    places.update(d.name for d in sv.areas_served)
    for loc in sv.locations:
        places.update((loc.town, loc.postcode.split()[0], loc.name))
    return {
        "ref": ref,
        "name": sv.name,
        "categories": categories,
        "summary": sv.summary,
        "organisation": sv.organisation.name,
        "places": " ".join(sorted(places)),
        "description": sv.description or "",
    }


def result_row(site: Site, sv: Service) -> list[Any]:
    """What a result shows, as a compact row: [path, name, organisation, summary, where,
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


def build_shard(site: Site, services: list[Service]) -> tuple[bytes, bytes]:
    """(index JSON, results JSON) for one shard. Refs are row numbers, to keep it small."""
    ordered = site.ordered(services)
    docs = [index_document(sv, str(i)) for i, sv in enumerate(ordered)]
    index = build_index(docs, "ref", FIELDS)
    rows = [result_row(site, sv) for sv in ordered]
    return (
        dumps(index).encode("utf-8"),
        json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
    )


def build_search(site: Site) -> Iterator[tuple[str, bytes]]:
    for name, services in shards(site):
        index, rows = build_shard(site, services)
        yield f"search/{name}.index.json", index
        yield f"search/{name}.docs.json", rows
