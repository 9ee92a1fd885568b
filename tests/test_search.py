"""The search files: what is indexed, and pieces that hold exactly what the index holds."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from directory.outputs.lunr_compat import build_index_from_terms, utf16_key
from directory.outputs.normalise import index_terms
from directory.outputs.search import (
    FIELDS,
    bucket_count,
    bucket_of,
    build_shard,
    index_document,
    result_row,
    service_terms,
    shard_index,
    shards,
)

from .e2e.conftest import example_model


def frequencies(site, name: str, services, terms) -> dict[tuple[str, int, int], int]:
    """(term, field, ref) -> term frequency, from a shard's pieces."""
    files = dict(build_shard(site, name, services, terms))
    buckets = bucket_count(len(services))
    out = {}
    for i in range(buckets):
        piece = json.loads(files[f"search/{name}/{i}.json"])
        assert [entry[0] for entry in piece] == sorted((entry[0] for entry in piece), key=utf16_key)
        for term, *postings in piece:
            assert bucket_of(term, buckets) == i
            for f, flat in enumerate(postings):
                for k in range(0, len(flat), 2):
                    out[(term, f, flat[k])] = flat[k + 1]
    assert f"search/{name}/{buckets}.json" not in files
    return out


def test_pieces_hold_exactly_every_term_frequency_and_the_docs_every_field_length():
    site = example_model()
    for name, services in shards(site):
        terms = {sv.id: service_terms(sv) for sv in services}
        ordered = sorted(services, key=lambda sv: sv.id)
        expected = {}
        for ref, sv in enumerate(ordered):
            for f, (field, _) in enumerate(FIELDS):
                for term, n in Counter(terms[sv.id][field]).items():
                    expected[(term, f, ref)] = n
        assert frequencies(site, name, services, terms) == expected
        files = dict(build_shard(site, name, services, terms))
        docs = json.loads(files[f"search/{name}.docs.json"])
        assert docs["fields"] == [list(f) for f in FIELDS]
        assert [row[0] for row in docs["rows"]] == [sv.id for sv in ordered]
        assert docs["lengths"] == [[len(terms[sv.id][f]) for f, _ in FIELDS] for sv in ordered]
        listed = site.ordered(services)
        assert [listed[r].id for r in docs["rank"]] == [sv.id for sv in ordered]
        words = sorted({term for term, _, _ in expected}, key=utf16_key)
        assert json.loads(files[f"search/{name}.terms.json"]) == words


def test_the_index_is_the_one_build_index_makes():
    """Shards reuse each service's terms; the result is the same as indexing the text."""
    site = example_model()
    services = dict(shards(site))["preston"]
    terms = {sv.id: service_terms(sv) for sv in services}
    ordered, index = shard_index(site, services, terms)
    docs = [
        (str(i), {f: index_terms(text) for f, text in index_document(sv).items()})
        for i, sv in enumerate(ordered)
    ]
    assert index == build_index_from_terms(docs, FIELDS)


def test_categories_synonyms_and_places_are_indexed():
    site = example_model()
    sv = next(
        s for s in site.services if any(c.id == "dementia" for c in s.categories) and s.locations
    )
    terms = service_terms(sv)
    assert "memori" in terms["categories"] and "loss" in terms["categories"]
    assert sv.locations[0].postcode.split()[0].lower() in terms["places"]
    assert sv.locations[0].postcode.replace(" ", "").lower() in terms["places"]
    assert sv.district.name.split()[0].lower()[:4] in " ".join(terms["places"])


def test_bucket_count_grows_with_the_shard():
    assert bucket_count(0) == 1
    assert bucket_count(20) == 1
    assert bucket_count(21) == 2
    assert bucket_count(1300) == 128
    assert bucket_count(10**7) == 1024


def test_result_rows_are_small_and_flag_hidden_services():
    site = example_model()
    for sv in site.services:
        row = result_row(site, sv)
        assert row[0] == sv.id and row[1] == sv.name
        assert bool(row[7] & 1) == site.listed(sv)
        # 64: hidden for not being checked for too long, so the page can say why.
        assert bool(row[7] & 64) == (sv.freshness == "expired")
        assert len(json.dumps(row)) < 600
    assert any(sv.freshness == "expired" for sv in site.services)


def test_a_result_says_only_how_it_is_reached_when_the_record_says_it():
    """A service with no venue is "by phone" or "online" only when its record says so:
    home visits with an office phone number cover their district (a user trial found
    "Befriending Visits · By phone")."""
    site = example_model()
    for sv in site.services:
        where = result_row(site, sv)[4]
        if sv.county_wide or sv.locations:
            assert where == sv.where_text
        elif sv.attending:
            said = {"in-person": "in person", "online": "online", "phone": "by phone"}
            assert where.lower() == " or ".join(said[a] for a in sv.attending)
        else:
            assert where == f"Covers {sv.district.name}", sv.id
    visits = next(sv for sv in site.services if sv.id == "lune-and-bay-befriending-visits")
    assert visits.phones and not visits.attending
    assert result_row(site, visits)[4] == "Covers Lancaster"


def test_the_shipped_lunr_js_is_the_pinned_one():
    """The site ships lunr.min.js from the package; it must be the file of the version
    package-lock.json pins, which the parity tests run against."""
    root = Path(__file__).resolve().parents[1]
    pinned = root / "node_modules" / "lunr" / "lunr.min.js"
    if not pinned.exists():
        if os.environ.get("CI"):
            pytest.fail("node_modules/lunr is missing (scripts/install --test)")
        pytest.skip("node_modules/lunr is missing (scripts/install --test)")
    shipped = root / "directory" / "static" / "lunr.min.js"
    assert shipped.read_bytes() == pinned.read_bytes()
    lock = json.loads((root / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/lunr"]["version"] == "2.3.9"
