"""The Open Referral UK 3.0 static API in a built site: every object validates against the
schemas the official validator loads, and a crawl like the validator's (served by a plain
static server on 127.0.0.1) finds every collection and id."""

from __future__ import annotations

import csv
import json
import re
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.build.pipeline import build

from .conftest import EXAMPLE, TODAY, write
from .e2e.conftest import example_model, serve

SCHEMAS = Path(__file__).parent / "oruk"
REMOTE = "https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/OpenReferralApi/Schemas/V3.0-UK/"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# The validator's tests (TestProfiles/HSDS-UK-3.0.json): each collection against its list
# schema, then ids from it against the object schema. Organisations are in the OpenAPI
# description but not in the validator's tests; their objects are checked all the same.
COLLECTIONS = {
    "services": ("service_list", "service"),
    "taxonomies": ("taxonomy_list", "taxonomy"),
    "taxonomy_terms": ("taxonomy_term_list", "taxonomy_term"),
    "service_at_locations": ("service_at_location_list", "service_at_location"),
    "organizations": (None, "organization"),
}


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        resource = Resource.from_contents(json.loads(path.read_text()), DRAFT202012)
        resources += [(REMOTE + path.name, resource), (path.name, resource)]
    return Registry().with_resources(resources)


REGISTRY = _registry()
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    # The validator's schemas ask for `uri`; jsonschema checks it only with an extra package.
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https", "mailto") and bool(parts.netloc or parts.path)


def check(obj: Any, name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, registry=REGISTRY, format_checker=FORMATS)
    problems = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
    assert not problems, [f"{list(e.absolute_path)}: {e.message}" for e in problems[:10]]


def every_uuid_field(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "id" or k.endswith("_id"):
                yield f"{path}.{k}", v
            yield from every_uuid_field(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from every_uuid_field(v, f"{path}[{i}]")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("oruk") / "site"
    result = build(EXAMPLE, out, TODAY, jobs=1)
    assert result.ok, [p.text() for p in result.problems]
    return out


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    for url in serve(site):
        yield url + "/api"


def get(url: str, direct: bool = False) -> Any:
    """The JSON at url, after the trailing-slash redirect of a collection; direct: answered
    without any redirect."""
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.status == 200, url
        if direct:
            assert r.geturl() == url
        return json.loads(r.read())


def read(site: Path, path: str) -> Any:
    return json.loads((site / path / "index.html").read_bytes())


def test_api_details_select_version_3(base: str):
    details = get(base)
    check(details, "api_details")
    assert details["version"] == "3.0"
    assert details["openapi_url"] == "https://directory.example.org/api/openapi.json"


def test_crawl_like_the_validator(base: str, site: Path):
    fetched = 0
    for collection, (list_schema, item_schema) in COLLECTIONS.items():
        first = get(f"{base}/{collection}")
        if list_schema:
            check(first, list_schema)
        assert first["total_pages"] == 1 and first["page_number"] == 1
        assert first["total_items"] == first["size"] == len(first["contents"]) > 0
        assert first["first_page"] and first["last_page"] and not first["empty"]
        # A static host ignores the query: page 2 is the same single page, which says so.
        assert get(f"{base}/{collection}?page=2") == first
        ids = [item["id"] for item in first["contents"]]
        assert len(set(ids)) == len(ids)
        for item in first["contents"]:
            check(item, item_schema)
        for oid in ids:
            full = get(f"{base}/{collection}/{oid}", direct=True)
            check(full, item_schema)
            assert full["id"] == oid
            fetched += 1
    assert fetched > 300


def test_the_schema_check_can_fail():
    with pytest.raises(AssertionError):
        check({"id": "not-a-uuid", "name": "n", "status": "open"}, "service")
    with pytest.raises(AssertionError):
        check({"contents": [{"id": str(uuid.uuid4())}]}, "service_list")


def test_every_id_is_a_uuid(site: Path):
    for line in (site / "api/services.ndjson").read_text().splitlines():
        for path, value in every_uuid_field(json.loads(line)):
            assert isinstance(value, str) and UUID.match(value), (path, value)


def test_full_service_carries_everything(site: Path):
    services = {o["name"]: o for o in map(json.loads, (site / "api/services.ndjson").open())}
    sv = services["Grief Walk and Talk"]
    assert sv["organization"]["name"] == "Lancashire Grief Companions"
    assert sv["phones"][0]["number"] == "07700 900538"
    assert sv["schedules"][0]["byday"] == "1SU" and sv["schedules"][0]["freq"] == "MONTHLY"
    loc = sv["service_at_locations"][0]["location"]
    assert loc["addresses"][0]["postal_code"] == "BB7 2DG"
    assert any(a.get("accessibility") == "near-bus-stop" for a in loc["accessibility"])
    terms = {a["taxonomy_term"]["code"] for a in sv["attributes"]}
    assert {"bereavement", "physical-activity", "drop-in"} <= terms
    assert sv["service_areas"][0]["name"] == "Ribble Valley"
    with_capacity = [o for o in services.values() if "capacities" in o]
    assert with_capacity and all(o["alert"] for o in with_capacity)
    assert all(o["capacities"][0]["available"] in (0, 1) for o in with_capacity)


def test_hidden_capacity_services_are_in_with_capacity_stale_ones_are_not(site: Path):
    model = example_model()
    ns = uuid.UUID(model.config.oruk_namespace)
    by_id = {o["id"]: o for o in map(json.loads, (site / "api/services.ndjson").open())}

    def published(sv):
        return by_id.get(str(uuid.uuid5(ns, f"service/{sv.id}")))

    expired = [sv for sv in model.services if sv.freshness == "expired"]
    full = [
        sv
        for sv in model.services
        if sv.capacity.status in ("full", "paused") and sv.freshness != "expired"
    ]
    assert expired and full
    assert not any(published(sv) for sv in expired)
    assert len(by_id) == len(model.services) - len(expired)
    for sv in full:
        o = published(sv)
        assert o["capacities"][0]["available"] == 0
        assert o["alert"].startswith(("Full", "Paused"))
        assert o["capacities"][0]["status"] == sv.capacity.status


def test_ids_come_from_the_namespace_not_the_base_url(content: Path, tmp_path: Path):
    site_yaml = content / "site.yaml"
    write(content / "site.yaml", site_yaml.read_text().replace("directory.example.org", "x.test"))
    out = tmp_path / "moved"
    assert build(content, out, TODAY, jobs=1).ok
    ns = uuid.UUID(re.search(r"oruk_namespace: (\S+)", site_yaml.read_text())[1])
    expected = str(uuid.uuid5(ns, "service/tuesday-lunch-club"))
    assert read(out, "api/services")["contents"][0]["id"] == expected
    assert (out / f"api/services/{expected}").is_file()


def test_a_bad_namespace_is_an_error(content: Path, run):
    site_yaml = content / "site.yaml"
    write(
        site_yaml,
        re.sub(r"oruk_namespace: \S+", "oruk_namespace: not-a-uuid", site_yaml.read_text()),
    )
    result = run("validate", "--content", str(content), "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "site.yaml:" in result.output and "oruk_namespace" in result.output
    assert "is not a UUID" in result.output


def test_no_html_tag_can_form_in_the_json(content: Path, tmp_path: Path):
    svc = content / "services/preston/tuesday-lunch-club.yaml"
    svc.write_text(svc.read_text().replace("name: ", "name: <script>alert(1)</script> ", 1))
    out = tmp_path / "s"
    assert build(content, out, TODAY, jobs=1).ok
    json_files = [p for p in (out / "api").rglob("*") if p.is_file() and p.suffix in ("", ".html")]
    objects = {p.parent.name for p in json_files if p.name != "index.html"}
    assert set(COLLECTIONS) <= objects
    for path in json_files:
        raw = path.read_bytes()
        assert b"<" not in raw and b">" not in raw
    assert read(out, "api/services")["contents"][0]["name"].startswith("<script>")


def test_tabular_package_matches_the_api(site: Path):
    pkg = json.loads((site / "api/tabular/datapackage.json").read_text())
    services = [json.loads(line) for line in (site / "api/services.ndjson").open()]
    tables = {}
    for res in pkg["resources"]:
        with open(site / "api/tabular" / res["path"], newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == [fl["name"] for fl in res["schema"]["fields"]]
            tables[res["name"]] = list(reader)
    assert [r["id"] for r in tables["service"]] == [o["id"] for o in services]
    orgs = {o["organization"]["id"] for o in services}
    assert {r["id"] for r in tables["organization"]} == orgs
    assert len(tables["schedule"]) == sum(len(o.get("schedules", [])) for o in services)
    assert len(tables["phone"]) >= sum(len(o.get("phones", [])) for o in services)
    terms = {r["id"] for r in tables["taxonomy_term"]}
    for r in tables["attribute"]:
        assert r["taxonomy_term_id"] in terms
    ids = {r["id"] for r in tables["service"]}
    for table in ("schedule", "service_area", "language", "cost_option", "service_at_location"):
        assert all(r["service_id"] in ids for r in tables[table]), table


def test_bank_holidays_are_said_in_the_sessions_notes(site: Path):
    """Open Referral UK 3.0 has no field for them (1.0's holiday_schedule.closed): each
    session says so in its notes and description, which the importer reads back."""
    services = {o["name"]: o for o in map(json.loads, (site / "api/services.ndjson").open())}
    carers = services["Carers' Advice Line"]["schedules"]
    assert [s["notes"].split("; ")[0] for s in carers[:2]] == ["Closed on bank holidays"] * 2
    assert "(closed on bank holidays)" in carers[0]["description"]
    breakfast = services["Breakfast Drop-in"]["schedules"][0]
    assert breakfast["notes"] == "Open on bank holidays too"
    page = (site / "services/carers-advice-line/index.html").read_text(encoding="utf-8")
    assert page.count("Closed on bank holidays") == 2
    page = (site / "services/guild-city-breakfast-drop-in/index.html").read_text(encoding="utf-8")
    assert "Open on bank holidays too" in page


def test_objects_are_files_beside_their_collection_not_folders(site: Path):
    """Each object is one file named by its id in its collection's folder: the API makes a
    folder per collection, never one per service, venue or organisation (a folder is the
    dearest thing a build makes)."""
    api = site / "api"
    folders = sorted(p.relative_to(api).as_posix() for p in api.rglob("*") if p.is_dir())
    assert folders == sorted([*COLLECTIONS, "tabular"])
    for collection in COLLECTIONS:
        listed = read(site, f"api/{collection}")["contents"]
        names = {p.name for p in (api / collection).iterdir()} - {"index.html"}
        assert names == {item["id"] for item in listed}
        for item in listed[:5]:
            assert json.loads((api / collection / item["id"]).read_bytes())["id"] == item["id"]


def test_an_organisation_lists_its_services_one_to_one_fields(site: Path):
    """As HSDS 3.0's /organizations/{id} without full_service: each service's own fields,
    not its nested lists nor the organisation again; the full service is at its own path."""
    full = {o["id"]: o for o in map(json.loads, (site / "api/services.ndjson").open())}
    seen = 0
    for item in read(site, "api/organizations")["contents"]:
        org = json.loads((site / "api/organizations" / item["id"]).read_bytes())
        assert org["services"]
        for sv in org["services"]:
            assert "organization" not in sv
            assert not any(isinstance(v, list) for v in sv.values())
            expected = {k: v for k, v in full[sv["id"]].items() if not isinstance(v, list)}
            del expected["organization"]
            assert sv == expected
            seen += 1
    assert seen == len(full)


def test_collections_are_written_from_the_services_own_bytes(tmp_path: Path):
    """The collections are chunks of the bytes each service's Fragment holds, written one
    after the other: making them allocates a small fraction of their size (no joined copy
    of the file, no copy of a service), and the files are the same bytes."""
    import tracemalloc

    from directory.build.publish import size_of, write_file
    from directory.openreferral import api

    model = example_model()
    frags = api.fragments(model)
    makers = [api.services_page, api.at_locations_page, api.ndjson, api.organizations_page]
    for make in makers:
        tracemalloc.start()
        path, data = make(frags)
        allocated = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        size = size_of(data)
        assert isinstance(data, list) and size > 20_000, path
        assert allocated < size / 4, (path, allocated, size)
        write_file(tmp_path, path, data)
        assert (tmp_path / path).read_bytes() == b"".join(data)
    assert read(tmp_path, "api/services") == api.page([json.loads(f.brief) for f in frags])
    lines = (tmp_path / "api/services.ndjson").read_bytes().splitlines()
    assert [json.loads(x) for x in lines] == [json.loads(f.service) for f in frags]
    # The tables: what they allocate beyond what the package and taxonomies alone do.
    taxes = api.taxonomies(model, api.context(model))
    allocated = []
    for some in ([], frags):
        tracemalloc.start()
        tables = api.tabular_files(some, taxes)
        allocated.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    size = sum(size_of(data) for _, data in tables)
    assert size > 100_000 and allocated[1] - allocated[0] < size / 4, (allocated, size)


def test_ids_are_uuid5_made_without_the_uuid_module(monkeypatch: pytest.MonkeyPatch):
    """Ids are RFC 4122 version 5 UUIDs of the namespace and path, computed from the SHA-1
    directly: the same strings as uuid.uuid5, which making a service's objects never calls."""
    from directory.openreferral import api, oruk

    ns = uuid.uuid4()
    ids = oruk.Ids(ns)
    for path in [("service", "tuesday-lunch-club"), ("phone", "x", 3), ("café", "Ünïcode ✓"), ()]:
        assert ids(*path) == str(uuid.uuid5(ns, "/".join(map(str, path))))
    model = example_model()
    calls = []
    real = uuid.uuid5
    monkeypatch.setattr(uuid, "uuid5", lambda *a: calls.append(a) or real(*a))
    frags = api.fragments(model)
    assert frags and not calls
