"""Site -> the Open Referral UK 3.0 static API under `api/`, and the same data in bulk.

Every path of the ORUK OpenAPI that a static host can answer is a file holding JSON, so
`python -m http.server`, GitHub Pages or a council's web server answer it without any
configuration: a collection is its folder's `index.html` (`/api/services` answers after the
usual redirect to `/api/services/`), and each object is a file named by its id in that
folder, without an extension (`/api/services/<id>` answers directly). A folder per object
would cost a directory per service, the build's dearest file-system operation (about
0.3 ms each on ext4 right after a site was deleted), and a redirect per request. Hosts send
the objects as `application/octet-stream`; the ORUK validator ignores Content-Type. A static
host also ignores `?page=`, so each collection is one page (`total_pages: 1`): consumers
that loop over pages stop after the first instead of fetching the same page again and again.

An organisation's object lists its services with their one-to-one fields only (as its
`services` in HSDS 3.0's `/organizations/{id}` without `full_service`): the full services
are each at `/services/<id>` and all together in `services.ndjson`.

The collections (every service in one file) are returned as chunks: the services' own bytes,
kept in their Fragment, with the commas and brackets between them, written one after the
other (publish.write_file) instead of being joined into one copy of the whole file first.

JSON is written with `<`, `>` and `&` escaped (`\\u003c`...): the same data, but a browser
that opens a file as HTML finds no tag in it, whatever a record holds.

Bulk: `api/services.ndjson` (one full service per line) and `api/tabular/`, the HSDS tabular
data package (one CSV per table and the UK profile's `datapackage.json`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from directory.build.publish import Chunks, Data
from directory.openreferral import oruk
from directory.site.model import Service, Site

DATAPACKAGE = Path(__file__).parent / "oruk_datapackage.json"
OPENAPI = Path(__file__).parent / "oruk_openapi.json"


def dumps(obj: Any) -> bytes:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")).encode()


def page(contents: list[dict[str, Any]]) -> dict[str, Any]:
    """An ORUK page holding a whole collection (HSDS 3.0 API reference, "Lists")."""
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


def published(site: Site) -> list[Service]:
    """Services in the API: all but those left out for not being checked for too long.
    Full, paused and temporarily closed services are in, with their capacity and status."""
    return [sv for sv in site.services if sv.freshness != "expired"]


def context(site: Site) -> oruk.Context:
    return oruk.Context(
        site.config, oruk.Ids(oruk.namespace(site.config)), {c.id: c for c in site.categories}
    )


VOCABULARY_NAMES = {
    oruk.ACCESS_TAXONOMY: (
        "How to start using a service",
        "How people start using a service: drop in, refer themselves and so on.",
    ),
    oruk.ATTENDING_TAXONOMY: (
        "How people take part",
        "In person at a venue, online or by phone.",
    ),
}


def taxonomies(site: Site, ctx: oruk.Context) -> list[dict[str, Any]]:
    """The site's categories and the content format's fixed vocabularies."""
    base = site.config.base_url + "api/taxonomies/"
    out = [
        {
            "id": ctx.ids("taxonomy", oruk.CATEGORY_TAXONOMY),
            "name": f"{site.config.title} categories",
            "description": "The categories services are listed under on the site.",
            "uri": base + ctx.ids("taxonomy", oruk.CATEGORY_TAXONOMY),
            "taxonomy_terms": [
                oruk.category_term(ctx.ids, c, ctx.categories) for c in site.categories
            ],
        }
    ]
    for taxonomy, codes in oruk.VOCABULARIES.items():
        name, description = VOCABULARY_NAMES[taxonomy]
        out.append(
            {
                "id": ctx.ids("taxonomy", taxonomy),
                "name": name,
                "description": description,
                "uri": base + ctx.ids("taxonomy", taxonomy),
                "taxonomy_terms": [oruk.access_term(ctx.ids, c, taxonomy) for c in codes],
            }
        )
    return out


def _index(path: str, obj: Any) -> tuple[str, bytes]:
    """A collection (or the API's base): its folder's index.html."""
    return (f"{path}/index.html", dumps(obj))


def _object(collection: str, oid: str, data: bytes) -> tuple[str, bytes]:
    """One object of a collection: a file named by its id, beside the collection's index."""
    return (f"api/{collection}/{oid}", data)


def _brief(o: dict[str, Any]) -> dict[str, Any]:
    """A service's own fields and its organisation, as the UK profile's service_list has."""
    return {k: v for k, v in o.items() if not isinstance(v, list)}


# ---- a service's part of every file -----------------------------------------------------


Row = tuple[str, str | None, bool, bytes]  # table, its id or None, whether it has one, CSV line


class Fragment(NamedTuple):
    """What one published service puts in the API's files, as bytes (JSON as `dumps` writes
    it, CSV rows as the tabular package's writer does), worked out once per service and kept
    between builds while its records are unchanged: every file under `api/` is put together
    from these without making the service's ORUK object again.

    - id: the service's ORUK id;
    - service: `/services/{id}`, and the service's line of services.ndjson;
    - brief: its entry in the `/services` list (`_brief`);
    - organization_id, organization: its organisation's id and object;
    - at_locations: (id, object without "service") of each service_at_location;
    - rows: (table, id or None, "id" in row, CSV line as UTF-8) of its rows in the tabular
      package;
    - organization_rows: the same for its organisation's rows."""

    id: str
    service: bytes
    brief: bytes
    organization_id: str
    organization: bytes
    at_locations: tuple[tuple[str, bytes], ...]
    rows: tuple[Row, ...]
    organization_rows: tuple[Row, ...]


# The nested lists of a service that are rows of a table, and the table's name.
SERVICE_TABLES = (
    ("schedules", "schedule"),
    ("service_areas", "service_area"),
    ("languages", "language"),
    ("cost_options", "cost_option"),
    ("contacts", "contact"),
    ("phones", "phone"),
    ("attributes", "attribute"),
)


def fragment(sv: Service, ctx: oruk.Context) -> Fragment:
    """One published service's part of the API (Fragment)."""
    o = oruk.service_object(sv, ctx)
    org = o["organization"]
    rows: list[tuple[str, dict[str, Any]]] = [("service", o)]
    for key, table in SERVICE_TABLES:
        rows += [(table, r) for r in o.get(key, [])]
    sals = []
    for sal in o.get("service_at_locations", []):
        sals.append((sal["id"], dumps(sal)))
        loc = sal["location"]
        rows += [("service_at_location", sal), ("location", loc)]
        rows += [("address", r) for r in loc.get("addresses", [])]
        rows += [("accessibility", r) for r in loc.get("accessibility", [])]
    org_rows = [("organization", org)]
    org_rows += [("organization_identifier", r) for r in org.get("organization_identifiers", [])]
    org_rows += [("phone", {**p, "organization_id": org["id"]}) for p in org.get("phones", [])]
    return Fragment(
        id=o["id"],
        service=dumps(o),
        brief=dumps(_brief(o)),
        organization_id=org["id"],
        organization=dumps(org),
        at_locations=tuple(sals),
        rows=_csv_rows(rows),
        organization_rows=_csv_rows(org_rows),
    )


def _csv_rows(
    rows: list[tuple[str, dict[str, Any]]],
) -> tuple[Row, ...]:
    columns = _columns()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    out = []
    for table, row in rows:
        buf.seek(0)
        buf.truncate()
        # The csv module writes None as "" and numbers as str() does, as _cell would.
        w.writerow(
            [_cell(v) if v.__class__ in _SPECIAL else v for v in map(row.get, columns[table])]
        )
        out.append((table, row.get("id"), "id" in row, buf.getvalue().encode()))
    return tuple(out)


def _join(parts: Iterable[bytes], before: bytes = b"[", after: bytes = b"]") -> bytes:
    return before + b",".join(parts) + after


def page_chunks(items: list[Chunks]) -> Chunks:
    """`dumps(page(contents))`, as chunks, from each item's `dumps` bytes as chunks."""
    head = dumps({**page([{}] * len(items)), "contents": []})
    out: Chunks = [head[: -len(b"[]}")], b"["]
    for i, item in enumerate(items):
        if i:
            out.append(b",")
        out.extend(item)
    out.append(b"]}")
    return out


def _with(obj: bytes, key: str, value: bytes) -> bytes:
    """`dumps({**o, key: v})` from `dumps(o)` and `dumps(v)`, key not in o (o not empty)."""
    return obj[:-1] + b',"' + key.encode() + b'":' + value + b"}"


def _without_organization(f: Fragment) -> bytes:
    """The service's one-to-one fields (its brief) without its "organization", as an
    organisation's services list it. The key is the brief's only "organization" (strings
    escape their quotes)."""
    return f.brief.replace(b',"organization":' + f.organization, b"", 1)


def _at_location(f: Fragment, sal: bytes) -> Chunks:
    """The service_at_location with its service's brief: `_with(sal, "service", f.brief)`,
    as chunks of the fragment's own bytes."""
    return [memoryview(sal)[:-1], b',"service":', f.brief, b"}"]


def service_files(f: Fragment) -> list[tuple[str, bytes]]:
    """One service's files: api/services/<id> and api/service_at_locations/<id> for each of
    its venues."""
    files = [_object("services", f.id, f.service)]
    files += [
        _object("service_at_locations", xid, b"".join(_at_location(f, sal)))
        for xid, sal in f.at_locations
    ]
    return files


def services_page(fragments: list[Fragment]) -> tuple[str, Data]:
    return ("api/services/index.html", page_chunks([[f.brief] for f in fragments]))


def at_locations_page(fragments: list[Fragment]) -> tuple[str, Data]:
    parts = [_at_location(f, sal) for f in fragments for _, sal in f.at_locations]
    return ("api/service_at_locations/index.html", page_chunks(parts))


def ndjson(fragments: list[Fragment]) -> tuple[str, Data]:
    """api/services.ndjson: one full service per line."""
    return ("api/services.ndjson", [c for f in fragments for c in (f.service, b"\n")])


def organization_file(fragments: list[Fragment]) -> tuple[str, bytes]:
    """api/organizations/<id>: the organisation with its published services' one-to-one
    fields (fragments of one organisation, in the site's order)."""
    first = fragments[0]
    services = _join(_without_organization(f) for f in fragments)
    return _object(
        "organizations", first.organization_id, _with(first.organization, "services", services)
    )


def organizations_page(fragments: list[Fragment]) -> tuple[str, Data]:
    """api/organizations/: every organisation with a published service, by id."""
    orgs = {f.organization_id: f.organization for f in fragments}
    return ("api/organizations/index.html", page_chunks([[orgs[k]] for k in sorted(orgs)]))


def fixed_files(site: Site) -> list[tuple[str, bytes]]:
    """The files no service is in: the base, the OpenAPI description, the taxonomies and
    their terms."""
    taxes = taxonomies(site, context(site))
    files = [
        _index(
            "api",
            {
                "version": oruk.VERSION,
                "profile": oruk.PROFILE,
                "openapi_url": site.config.base_url + "api/openapi.json",
            },
        ),
        ("api/openapi.json", OPENAPI.read_bytes()),
        _index("api/taxonomies", page(taxes)),
    ]
    files += [_object("taxonomies", t["id"], dumps(t)) for t in taxes]
    terms = [term for t in taxes for term in t["taxonomy_terms"]]
    files.append(_index("api/taxonomy_terms", page(terms)))
    files += [_object("taxonomy_terms", term["id"], dumps(term)) for term in terms]
    return files


def fragments(site: Site) -> list[Fragment]:
    """Every published service's Fragment, in the site's order."""
    ctx = context(site)
    return [fragment(sv, ctx) for sv in published(site)]


def api_files(site: Site) -> list[tuple[str, Data]]:
    """Every file under api/, as (path, bytes or chunks)."""
    frags = fragments(site)
    files: list[tuple[str, Data]] = [*fixed_files(site)]
    files += [services_page(frags), at_locations_page(frags), ndjson(frags)]
    files.append(organizations_page(frags))
    by_org: dict[str, list[Fragment]] = {}
    for f in frags:
        by_org.setdefault(f.organization_id, []).append(f)
    files += [organization_file(fs) for fs in by_org.values()]
    files += tabular_files(frags, taxonomies(site, context(site)))
    for f in frags:
        files += service_files(f)
    return files


# ---- the tabular data package -----------------------------------------------------------

# Columns the UK profile's tables leave out but HSDS 3.0 has, which this site fills.
EXTRA_COLUMNS = {
    "phone": ["service_id", "organization_id", "type"],
    "language": ["name", "code"],
    "taxonomy_term": ["code"],
    "service": ["eligibility_description", "application_process", "fees_description"],
}


def datapackage() -> dict[str, Any]:
    pkg = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        names = {f["name"] for f in res["schema"]["fields"]}
        for col in EXTRA_COLUMNS.get(res["name"], []):
            if col not in names:
                res["schema"]["fields"].append({"name": col, "type": "string"})
    return pkg


@cache
def _columns() -> dict[str, list[str]]:
    """Each table's columns, by table name."""
    return {
        r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in datapackage()["resources"]
    }


def tabular_files(fragments: list[Fragment], taxes: list[dict[str, Any]]) -> list[tuple[str, Data]]:
    """The nested services flattened into the package's tables (HSDS 3.0 tabular format):
    each table's rows in the services' order, then the organisations' by id, then the
    taxonomies'; a row whose id is there already (a term or organisation shared by several
    services) is left out."""
    pkg = datapackage()
    rows: dict[str, list[Row]] = {r["name"]: [] for r in pkg["resources"]}
    orgs = {}
    for f in fragments:
        for row in f.rows:
            rows[row[0]].append(row)
        orgs[f.organization_id] = f.organization_rows
    taxonomy_rows = _csv_rows(
        [("taxonomy", t) for t in taxes]
        + [("taxonomy_term", term) for t in taxes for term in t["taxonomy_terms"]]
    )
    for row in [r for oid in sorted(orgs) for r in orgs[oid]] + list(taxonomy_rows):
        rows[row[0]].append(row)
    files: list[tuple[str, Data]] = []
    for res in pkg["resources"]:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(_columns()[res["name"]])
        lines: Chunks = [buf.getvalue().encode()]
        seen: set[str | None] = set()
        for _table, rid, has_id, line in rows[res["name"]]:
            if rid in seen:
                continue
            seen.add(rid if has_id else "")
            lines.append(line)
        files.append((f"api/tabular/{res['path']}", lines))
    files.append(
        ("api/tabular/datapackage.json", json.dumps(pkg, indent=2, ensure_ascii=False).encode())
    )
    return files


_SPECIAL = frozenset({bool, dict, list})  # the cells _cell writes otherwise than csv does


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return ""
    return str(value)
