"""A council's own spreadsheet (CSV or XLSX) -> Open Referral UK services, by a small YAML
mapping of its columns, then imported like any feed (importer.py), with the same repairs,
report and provenance.

The mapping (see `mappings/dfe-local-authority-data-capture.yaml`):

    sheet: 1                 # XLSX: the sheet's number (from 1) or name
    defaults:                # what is true of every row, for fields the sheet has no column
      access: [self-referral]  # for (the council says so; the import never guesses)
    header_row: 1            # the row holding the column names
    first_data_row: 2        # rows before it (guidance, examples) are skipped
    columns:                 # target: the column's name as in the header row
      id: Service unique identifier
      name: Name of service
      ...

Rows with the same `id` are one service (templates that give a row per venue or price);
without an `id` column every row is a service. Targets are listed in TARGETS.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import yaml

from directory.openreferral.importer import ImportError_, Record, read_text
from directory.openreferral.oruk import ACCESS_TAXONOMY
from directory.records.schema import ACCESS_METHODS

TARGETS = {
    "id": "the service's id in the spreadsheet (rows with the same id are one service)",
    "name": "the service's name",
    "summary": "a one-sentence summary",
    "description": "the description",
    "organisation": "the organisation's name",
    "organisation_description": "the organisation's description",
    "organisation_website": "the organisation's website",
    "location_name": "a venue's name",
    "address_1": "a venue's first address line",
    "address_2": "a venue's second address line (joined to the first)",
    "town": "a venue's town",
    "postcode": "a venue's postcode",
    "email": "an email address",
    "phone": "a phone number (or several)",
    "sms": "a number for text messages",
    "website": "a web address",
    "category": "category names or ids, separated by ; or ,",
    "cost_amount": "a price in pounds (0 or empty with `free` words: free)",
    "cost_per": "what the price is per (session, hour...)",
    "cost_description": "words about the cost",
    "language": "languages, separated by ; or ,",
    "min_age": "the youngest age",
    "max_age": "the oldest age",
    "opening_hours": "opening times in words (kept as schedule notes)",
    "delivery_method": "In person, Online or Telephone (kept as words about access)",
    "service_area": "the district or area it serves",
    "eligibility": "who it is for",
    "status": "active, inactive...",
    "assured_date": "the date the source says it was last checked",
}
LISTS = {"category", "language"}
# Targets that say one thing of the whole service: rows sharing an id that give different
# values are reported. The others (venues, phones, prices, categories) add up across rows.
SERVICE_LEVEL = {
    "summary",
    "organisation",
    "organisation_description",
    "organisation_website",
    "email",
    "website",
    "min_age",
    "max_age",
    "opening_hours",
    "service_area",
    "eligibility",
    "status",
    "assured_date",
}


MAPPINGS = Path(__file__).parent / "mappings"


def read_mapping(path: Path) -> dict[str, Any]:
    """A mapping file, or the name of one shipped in directory/mappings/."""
    if not path.exists() and (MAPPINGS / f"{path}.yaml").exists():
        path = MAPPINGS / f"{path}.yaml"
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ImportError_(f"{path}: {e}") from None
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise ImportError_(f"{path}: needs `columns:`, target: column name")
    defaults = mapping.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - {"access"}:
        raise ImportError_(f"{path}: defaults: only `access` (a list of access methods) is allowed")
    bad = [m for m in defaults.get("access") or [] if m not in ACCESS_METHODS]
    if bad:
        raise ImportError_(
            f"{path}: defaults.access: {', '.join(map(str, bad))} is not one of "
            + ", ".join(ACCESS_METHODS)
        )
    unknown = sorted(set(mapping["columns"]) - set(TARGETS))
    if unknown:
        raise ImportError_(
            f"{path}: columns: unknown target(s) {', '.join(unknown)}; allowed: "
            + ", ".join(TARGETS)
        )
    return mapping


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(
    path: Path, mapping: dict[str, Any], notices: list[str] | None = None
) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of every row of the sheet, numbered as the spreadsheet shows. A
    CSV not in UTF-8 is read as Windows-1252, saying so in notices (importer.read_text)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a file that is not a workbook
            raise ImportError_(f"{path}: not a readable XLSX workbook ({e})") from None
        sheet = mapping.get("sheet", 1)
        try:
            ws = wb[sheet] if isinstance(sheet, str) else wb.worksheets[int(sheet) - 1]
        except (KeyError, IndexError, ValueError):
            raise ImportError_(f"{path}: no sheet {sheet!r}; it has {wb.sheetnames}") from None
        rows = [(n, list(r)) for n, r in enumerate(ws.iter_rows(values_only=True), 1)]
        wb.close()
        return rows
    text = read_text(path, notices if notices is not None else [])
    try:
        return [(n, list(r)) for n, r in enumerate(csv.reader(io.StringIO(text, newline="")), 1)]
    except csv.Error as e:
        raise ImportError_(f"{path}: {e}") from None


def read_spreadsheet(
    path: Path, mapping: dict[str, Any], notices: list[str] | None = None
) -> list[Record]:
    rows = read_rows(path, mapping, notices)
    header_row = int(mapping.get("header_row", 1))
    first = int(mapping.get("first_data_row", header_row + 1))
    header = next((r for n, r in rows if n == header_row), None)
    if header is None:
        raise ImportError_(f"{path}: there is no row {header_row} to read column names from")
    names = [_cell(h) for h in header]
    where: dict[str, int] = {}
    missing = []
    for target, column in mapping["columns"].items():
        if column in names:
            where[target] = names.index(column)
        else:
            missing.append(f"{target}: {column!r}")
    if missing:
        hint = _header_hint(rows, header_row, list(mapping["columns"].values()), len(where))
        raise ImportError_(
            f"{path}:{header_row}: column(s) not found in the header row: "
            + "; ".join(missing)
            + hint
        )
    services: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for n, cells in rows:
        if n < first:
            continue
        values = {t: _cell(cells[i]) if i < len(cells) else "" for t, i in where.items()}
        raw = {t: cells[i] if i < len(cells) else None for t, i in where.items()}
        if not any(values.values()):
            continue
        key = values.get("id") or f"row {n}"
        if key in services:
            # Rows with the same id are more venues, sessions or prices of one service; a row
            # naming or describing a different service is not: it stands alone, and the
            # import refuses it as a second record with the id (naming both rows).
            group = services[key]
            differs = [
                t
                for t in ("name", "description")
                if values.get(t) and group["given"].get(t) and values[t] != group["given"][t]
            ]
            if differs:
                key = f"{key}\0row {n}"
                services[key] = {"rows": [], "first": n, "given": {}, "clash": (group, differs)}
                order.append(key)
        if key not in services:
            services[key] = {"rows": [], "first": n, "given": {}}
            order.append(key)
        group = services[key]
        for t in ("name", "description"):
            if values.get(t) and not group["given"].get(t):
                group["given"][t] = values[t]
        group["rows"].append((n, values, raw))
    access = (mapping.get("defaults") or {}).get("access") or []
    records = [_service(path, key, services[key]) for key in order]
    for r in records:
        r.data.setdefault("attributes", [])
        r.data["attributes"] += [
            {
                "link_type": ACCESS_TAXONOMY,
                "taxonomy_term": {"code": m, "taxonomy": ACCESS_TAXONOMY},
            }
            for m in access
        ]
    return records


def _header_hint(
    rows: list[tuple[int, list[Any]]], header_row: int, columns: list[str], found: int
) -> str:
    """Where the column names are, when they are not in `header_row`: the row (among the
    first 30) holding the most of them."""
    best, best_n = None, found
    for n, cells in rows[:30]:
        names = {_cell(c) for c in cells}
        got = sum(1 for c in columns if c in names)
        if got > best_n:
            best, best_n = n, got
    if best is not None:
        return (
            f". Row {best} holds {best_n} of the {len(columns)} column names: is the header "
            f"there? Then set `header_row: {best}` (and `first_data_row`, the first row of "
            "services) in the mapping"
        )
    if found == 0:
        return (
            f". None of the mapping's column names are in row {header_row}: check that "
            "`header_row` in the mapping is the row holding the column names, and that they "
            "are spelt as in the sheet"
        )
    return ""


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _service(path: Path, key: str, group: dict[str, Any]) -> Record:
    """The rows of one service -> an ORUK service, as a feed would give it."""
    notes: list[str] = []
    rows = group["rows"]
    first: dict[str, str] = {}
    first_row: dict[str, int] = {}
    for n, values, _raw in rows:
        for t, v in values.items():
            if v and t not in first:
                first[t] = v
                first_row[t] = n
            elif v and t in SERVICE_LEVEL and v != first[t]:
                notes.append(
                    f"{t}: rows {first_row[t]} and {n} (id {first.get('id')}) give different "
                    f"values, {first[t]!r} and {v!r}; the first is kept (correct the sheet "
                    "if the other is right)"
                )
    clash = group.get("clash")
    if clash:
        other, fields = clash
        notes.append(
            f"row {group['first']}: its {' and '.join(fields)} differ from row "
            f"{other['first']}'s, which has the same id {first.get('id')!r}: "
            "so it is not more venues or prices of that service"
        )
    sv: dict[str, Any] = {
        "id": first.get("id") or key,
        "name": first.get("name"),
        "description": "\n\n".join(
            x for x in (first.get("summary"), first.get("description")) if x
        ),
        "email": first.get("email"),
        "url": first.get("website"),
        "status": first.get("status") or "active",
        "assured_date": first.get("assured_date"),
        "minimum_age": first.get("min_age"),
        "maximum_age": first.get("max_age"),
        "eligibility_description": first.get("eligibility"),
        "organization": {
            "id": first.get("organisation"),
            "name": first.get("organisation"),
            "description": first.get("organisation_description") or "",
            "website": first.get("organisation_website"),
        },
    }
    access = [first[t] for t in ("delivery_method",) if first.get(t)]
    if access:
        sv["application_process"] = "How it is delivered: " + "; ".join(access)
    phones = []
    for _n, values, raw in rows:
        for target, label in (("phone", None), ("sms", "Text")):
            v = values.get(target)
            if not v:
                continue
            if isinstance(raw.get(target), (int, float)) and not v.startswith("0"):
                notes.append(
                    f"{target}: {v} was stored as a number, which drops the leading 0; read as 0{v}"
                )
                v = "0" + v
            if {"number": v, "description": label} not in phones:
                phones.append({"number": v, "description": label})
    sv["phones"] = phones
    terms, langs, costs, venues = [], [], [], []
    for _n, values, _raw in rows:
        for c in _split(values.get("category", "")):
            if c not in terms:
                terms.append(c)
        for lang in _split(values.get("language", "")):
            if lang not in langs:
                langs.append(lang)
        cost = {
            "amount": values.get("cost_amount") or None,
            "option": values.get("cost_per") or None,
            "amount_description": values.get("cost_description") or None,
        }
        if any(cost.values()) and cost not in costs:
            costs.append(cost)
        if any(values.get(t) for t in ("location_name", "address_1", "postcode")):
            address = ", ".join(x for x in (values.get("address_1"), values.get("address_2")) if x)
            venue = {
                "location": {
                    "location_type": "physical",
                    "name": values.get("location_name") or None,
                    "addresses": [
                        {
                            "address_1": address,
                            "city": values.get("town"),
                            "postal_code": values.get("postcode"),
                            "address_type": "physical",
                        }
                    ],
                }
            }
            if venue not in venues:
                venues.append(venue)
    sv["attributes"] = [{"taxonomy_term": {"name": t, "code": t}} for t in terms]
    sv["languages"] = [{"name": lang, "code": lang} for lang in langs]
    sv["cost_options"] = [_cost(c) for c in costs]
    sv["service_at_locations"] = venues
    if first.get("service_area"):
        sv["service_areas"] = [{"name": a} for a in _split(first["service_area"])]
    if first.get("opening_hours"):
        sv["schedules"] = [{"description": first["opening_hours"]}]
    where = f"{path}:{group['first']}"
    numbers = [n for n, _v, _r in rows]
    at = f"row {numbers[0]}" if len(numbers) == 1 else "rows " + ", ".join(map(str, numbers))
    data = {k: v for k, v in sv.items() if v not in (None, "", [])}
    return Record(path.name, data, where, notes, at=at)


FREE = re.compile(r"^(free|free of charge|no charge|nothing|£?0(\.0+)?)$", re.IGNORECASE)


def _cost(c: dict[str, Any]) -> dict[str, Any]:
    """One row's cost cells -> an ORUK cost option. `Free` (or 0, "no charge") in the amount
    column is free; a price keeps only the words the sheet gives (none are made up)."""
    amount = (c.get("amount") or "").strip() or None
    words = " ".join(x for x in (c.get("option"), c.get("amount_description")) if x)
    said_free = amount is not None and not amount[-1:].isdigit() and FREE.match(amount)
    zero = amount is None or FREE.match(amount)
    if said_free or (zero and (not words or "free" in words.lower())):
        return {"option": "Free", "amount_description": words or None}
    out: dict[str, Any] = {"amount_description": words or None}
    if amount is not None:
        try:
            out["amount"] = float(amount.replace(",", "").lstrip("£").strip())
        except ValueError:
            out["amount"] = amount
    if c.get("option"):
        out["amount_description"] = f"per {c['option']}" + (
            f", {c['amount_description']}" if c.get("amount_description") else ""
        )
    return out
