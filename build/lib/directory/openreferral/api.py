"""Site -> the Open Referral UK 3.0 static API under `api/`, and the same data in bulk.

Every path of the ORUK OpenAPI that a static host can answer is a folder with an
`index.html` holding JSON, so `python -m http.server`, GitHub Pages or a council's web server
answer `/api/services/<id>` (after a redirect to the trailing slash) without any
configuration. The ORUK validator ignores Content-Type. A static host also ignores `?page=`,
so each collection is one page (`total_pages: 1`): consumers that loop over pages stop after
the first instead of fetching the same page again and again.

JSON is written with `<`, `>` and `&` escaped (`\\u003c`...): the same data, but a browser
that opens a file as HTML finds no tag in it, whatever a record holds.

Bulk: `api/services.ndjson` (one full service per line) and `api/tabular/`, the HSDS tabular
data package (one CSV per table and the UK profile's `datapackage.json`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

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


def service_objects(site: Site) -> list[dict[str, Any]]:
    # Contacts stay in for paused services: the capacity says not to use them just now, and
    # a consumer honours it as the site does.
    ctx = context(site)
    return [oruk.service_object(sv, ctx) for sv in published(site)]


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
    return (f"{path}/index.html", dumps(obj))


def _brief(o: dict[str, Any]) -> dict[str, Any]:
    """A service's own fields and its organisation, as the UK profile's service_list has."""
    return {k: v for k, v in o.items() if not isinstance(v, list)}


def _at_locations(o: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**sal, "service": _brief(o)} for sal in o.get("service_at_locations", [])]


def service_files(site: Site, sv: Service) -> list[tuple[str, bytes]]:
    """One service's files: api/services/<id>/ and api/service_at_locations/<id>/ for each
    of its venues."""
    o = oruk.service_object(sv, context(site))
    files = [_index(f"api/services/{o['id']}", o)]
    files += [_index(f"api/service_at_locations/{x['id']}", x) for x in _at_locations(o)]
    return files


def collection_files(site: Site) -> list[tuple[str, bytes]]:
    """Every other file under api/: the base, each collection as one page, organisations
    and taxonomies by id, services.ndjson and the tabular package."""
    ctx = context(site)
    services = service_objects(site)
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
        _index("api/services", page([_brief(o) for o in services])),
    ]
    orgs: dict[str, dict[str, Any]] = {}
    for o in services:
        org = orgs.setdefault(o["organization"]["id"], {**o["organization"], "services": []})
        org["services"].append({k: v for k, v in o.items() if k != "organization"})
    org_list = sorted(orgs.values(), key=lambda x: x["id"])
    files.append(
        _index(
            "api/organizations",
            page([{k: v for k, v in g.items() if k != "services"} for g in org_list]),
        )
    )
    files += [_index(f"api/organizations/{g['id']}", g) for g in org_list]
    taxes = taxonomies(site, ctx)
    files.append(_index("api/taxonomies", page(taxes)))
    files += [_index(f"api/taxonomies/{t['id']}", t) for t in taxes]
    terms = [term for t in taxes for term in t["taxonomy_terms"]]
    files.append(_index("api/taxonomy_terms", page(terms)))
    files += [_index(f"api/taxonomy_terms/{term['id']}", term) for term in terms]
    files.append(
        _index("api/service_at_locations", page([x for o in services for x in _at_locations(o)]))
    )
    files.append(("api/services.ndjson", b"".join(dumps(o) + b"\n" for o in services)))
    files += tabular_files(services, taxes)
    return files


def api_files(site: Site) -> list[tuple[str, bytes]]:
    """Every file under api/, as (path, bytes)."""
    files = collection_files(site)
    for sv in published(site):
        files += service_files(site, sv)
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


def tabular_files(
    services: list[dict[str, Any]], taxes: list[dict[str, Any]]
) -> list[tuple[str, bytes]]:
    """The nested services flattened into the package's tables (HSDS 3.0 tabular format)."""
    pkg = datapackage()
    rows: dict[str, list[dict[str, Any]]] = {r["name"]: [] for r in pkg["resources"]}
    orgs: dict[str, dict[str, Any]] = {}
    for sv in services:
        rows["service"].append(sv)
        org = sv["organization"]
        orgs[org["id"]] = org
        for key, table in (
            ("schedules", "schedule"),
            ("service_areas", "service_area"),
            ("languages", "language"),
            ("cost_options", "cost_option"),
            ("contacts", "contact"),
            ("phones", "phone"),
            ("attributes", "attribute"),
        ):
            rows[table] += sv.get(key, [])
        for sal in sv.get("service_at_locations", []):
            rows["service_at_location"].append(sal)
            loc = sal["location"]
            rows["location"].append(loc)
            rows["address"] += loc.get("addresses", [])
            rows["accessibility"] += loc.get("accessibility", [])
    for org in sorted(orgs.values(), key=lambda o: o["id"]):
        rows["organization"].append(org)
        rows["organization_identifier"] += org.get("organization_identifiers", [])
        for p in org.get("phones", []):
            rows["phone"].append({**p, "organization_id": org["id"]})
    for t in taxes:
        rows["taxonomy"].append(t)
        rows["taxonomy_term"] += t["taxonomy_terms"]
    files = []
    for res in pkg["resources"]:
        cols = [f["name"] for f in res["schema"]["fields"]]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(cols)
        seen: set[str] = set()
        for row in rows[res["name"]]:
            if row.get("id") in seen:  # a term or organisation shared by several services
                continue
            seen.add(row.get("id", ""))
            w.writerow([_cell(row.get(c)) for c in cols])
        files.append((f"api/tabular/{res['path']}", buf.getvalue().encode()))
    files.append(
        ("api/tabular/datapackage.json", json.dumps(pkg, indent=2, ensure_ascii=False).encode())
    )
    return files


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return ""
    return str(value)
