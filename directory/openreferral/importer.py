"""Open Referral UK feeds -> content files, taking what can be taken, as a careful officer
would, and reporting per record what was repaired, dropped or refused, and why.

Sources: a JSON file holding one service, a list of services or an ORUK page (`contents`);
an `.ndjson` file of services; an HSDS tabular data package (a folder or its
`datapackage.json`, with the CSVs beside it); or a folder of any of these.

Fields are read by the rules in oruk.py (the same ones the `api/` export writes with), then
repaired (several phone numbers in one field split, `https://` added to a bare domain,
placeholders such as "N/A" dropped), then checked by the same validation as every content
file: a value validation refuses is dropped with the reason, and a record that still has
errors is refused with them. Nothing is dropped without a line in the report.

Each record remembers its source and its id there (`imported`), so importing the same
source again updates the files it made, never a record written by a person, and the same
input gives the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from directory.contribute.scaffold import slugify as new_slug
from directory.openreferral import oruk
from directory.openreferral import text as source_text
from directory.openreferral.html import from_html
from directory.openreferral.merge import Bases, Merged, merge, normal
from directory.records import schema as s
from directory.records.config import Category, Config, categories_from_record
from directory.records.content import SITE_FILE, TAXONOMY_FILE, read_content
from directory.records.load import Document
from directory.records.validate import Context, check_organisation, check_service
from directory.site.geo import split_postcode

PLACEHOLDERS = {
    "n/a",
    "na",
    "n.a.",
    "none",
    "null",
    "nil",
    "tbc",
    "tba",
    "tbd",
    "-",
    "--",
    ".",
    "?",
    "unknown",
    "not known",
    "not applicable",
    "to be confirmed",
    "test",
    "xxx",
}
PHONE_IN_TEXT = re.compile(
    r"(?<![\d+])(\+?\d[\d ()\-]{1,}\d)(\s*(?:ext\.?|extension|x)\s*\d{1,6})?", re.IGNORECASE
)
ONE_NUMBER = re.compile(r"\+?[\d\s()\-]+(?:\s*(?:ext\.?|extension|x)\s*\d{1,6})?", re.IGNORECASE)
SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?) ?\d[A-Z]{2}\b")


class ImportError_(Exception):
    """A source that cannot be read at all (the file, and why)."""


@dataclass
class Outcome:
    """What happened to one record of a source."""

    source: str
    source_id: str
    name: str
    action: str = "refused"  # added, updated, unchanged, refused
    file: str | None = None
    district_rule: str = ""
    notes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why it was refused
    unmatched: list[str] = field(default_factory=list)  # category terms matching none
    at: str = ""  # "row 7": where it is in the source, when it has rows


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)  # files written
    categories_added: list[str] = field(default_factory=list)
    categories_unmatched: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # sources that could not be read
    kept: list[str] = field(default_factory=list)  # local changes kept over the source's
    notices: list[str] = field(default_factory=list)  # what reading the files repaired

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def text(self) -> str:
        lines = []
        for o in self.outcomes:
            at = f", {o.at}" if o.at else ""
            head = f"{o.action}: {o.name!r} (id {o.source_id} in {o.source}{at})"
            if o.file:
                head += f" -> {o.file}"
            lines.append(head)
            if o.district_rule:
                lines.append(f"  district: {o.district_rule}")
            lines += [f"  refused: {r}" for r in o.reasons]
            lines += [f"  {n}" for n in o.notes]
        for cid in self.categories_added:
            lines.append(f"category added to taxonomy.yaml: {cid}")
        for name, n in sorted(self.categories_unmatched.items()):
            lines.append(
                f"category not matched: {name!r} ({n} record(s)); add it or a synonym to "
                "taxonomy.yaml, or run again with --add-categories"
            )
        lines += self.notices
        lines += self.problems
        lines += [f"kept here: {k}" for k in self.kept]
        lines.append(
            f"{self.count('added')} added, {self.count('updated')} updated, "
            f"{self.count('unchanged')} unchanged, {self.count('refused')} refused"
            + (
                f", {self.count('kept removed')} removed here and not added again"
                if self.count("kept removed")
                else ""
            )
        )
        return "\n".join(lines)


# ---- reading sources ----------------------------------------------------------------------


@dataclass
class Record:
    source: str
    data: Any
    where: str  # file and line or index, for messages
    notes: list[str] = field(default_factory=list)  # what reading it repaired
    at: str = ""  # where in the source the report names it ("row 7", "rows 7, 8")


def read_sources(
    paths: list[Path], notices: list[str] | None = None
) -> tuple[list[Record], list[str]]:
    """(records, sources that could not be read); notices gets what reading a file repaired
    (an encoding that was not UTF-8)."""
    records: list[Record] = []
    problems: list[str] = []
    notices = notices if notices is not None else []
    for path in paths:
        try:
            records += list(_read_path(path, notices))
        except ImportError_ as e:
            problems.append(f"not read: {e}")
    return records, problems


def read_text(path: Path, notices: list[str]) -> str:
    """A source file's text in whatever encoding it is (see text.py); noted when not UTF-8."""
    try:
        got, note = source_text.read(path)
    except source_text.NotText as e:
        raise ImportError_(str(e)) from None
    if note:
        notices.append(note)
    return got


def _read_path(path: Path, notices: list[str]) -> Iterator[Record]:
    if path.is_dir():
        if (path / "datapackage.json").exists():
            yield from read_tabular(path / "datapackage.json", notices)
            return
        found = [
            p for p in sorted(path.rglob("*")) if p.suffix in (".json", ".ndjson") and p.is_file()
        ]
        if not found:
            tables = sorted(p.name for p in path.glob("*.csv"))
            raise ImportError_(
                f"{path}: a folder with nothing to import: expected ORUK JSON (.json), "
                "newline-delimited JSON (.ndjson) or a tabular data package (its "
                "datapackage.json beside the CSV tables)"
                + (
                    f"; it has {len(tables)} CSV file(s) ({', '.join(tables[:5])}"
                    + (", ..." if len(tables) > 5 else "")
                    + ") but no datapackage.json saying what they are. For a council's own "
                    "spreadsheet use `directory import spreadsheet FILE.csv --mapping MAP.yaml`"
                    if tables
                    else ""
                )
            )
        for p in found:
            yield from _read_path(p, notices)
        return
    if path.name == "datapackage.json":
        yield from read_tabular(path, notices)
        return
    raw = read_text(path, notices)
    source = path.name
    if path.suffix == ".ndjson":
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield Record(source, json.loads(line), f"{path}:{n}")
            except json.JSONDecodeError as e:
                yield Record(source, None, f"{path}:{n}: not JSON ({e.msg})")
        return
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ImportError_(f"{path}:{e.lineno}: not JSON ({e.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]  # an ORUK page
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportError_(f"{path}: holds neither a service, a list of services nor a page")
    for i, item in enumerate(data):
        yield Record(source, item, f"{path}: item {i + 1}")


def read_tabular(package: Path, notices: list[str]) -> Iterator[Record]:
    """An HSDS tabular data package -> nested services, as the API would give them."""
    try:
        pkg = json.loads(read_text(package, notices))
    except json.JSONDecodeError as e:
        raise ImportError_(f"{package}: {e}") from None
    tables: dict[str, list[dict[str, str]]] = {}
    for res in pkg.get("resources") or []:
        path = package.parent / str(res.get("path", ""))
        if not path.is_file():
            continue
        rows = csv.DictReader(io.StringIO(read_text(path, notices), newline=""))
        tables[str(res.get("name"))] = [
            {k: v for k, v in row.items() if k and v not in (None, "")} for row in rows
        ]

    def by(table: str, key: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for row in tables.get(table, []):
            if row.get(key):
                out.setdefault(row[key], []).append(dict(row))
        return out

    org_phones, idents = (
        by("phone", "organization_id"),
        by("organization_identifier", "organization_id"),
    )
    orgs = {
        r["id"]: {
            **r,
            "phones": org_phones.get(r["id"], []),
            "organization_identifiers": idents.get(r["id"], []),
        }
        for r in tables.get("organization", [])
        if r.get("id")
    }
    terms = {r["id"]: dict(r) for r in tables.get("taxonomy_term", []) if r.get("id")}
    addresses, access = by("address", "location_id"), by("accessibility", "location_id")
    locations: dict[str | None, dict[str, Any]] = {}
    for r in tables.get("location", []):
        loc: dict[str, Any] = dict(r)
        loc["addresses"] = addresses.get(r.get("id", ""), [])
        loc["accessibility"] = access.get(r.get("id", ""), [])
        locations[r.get("id")] = loc
    sal = by("service_at_location", "service_id")
    attrs = by("attribute", "link_id")
    contacts = by("contact", "service_id")
    phones_by_contact = by("phone", "contact_id")
    children = {
        "schedules": by("schedule", "service_id"),
        "service_areas": by("service_area", "service_id"),
        "languages": by("language", "service_id"),
        "cost_options": by("cost_option", "service_id"),
        "phones": by("phone", "service_id"),
    }
    for n, row in enumerate(tables.get("service", []), 2):
        sv: dict[str, Any] = dict(row)
        sid = sv.get("id", "")
        for key, table in children.items():
            sv[key] = table.get(sid, [])
        for num in ("minimum_age", "maximum_age"):
            if num in sv:
                sv[num] = _number(sv[num])
        for c in sv["cost_options"]:
            if "amount" in c:
                c["amount"] = _number(c["amount"])
        sv["contacts"] = [
            {**c, "phones": phones_by_contact.get(c.get("id", ""), [])}
            for c in contacts.get(sid, [])
        ]
        sv["service_at_locations"] = [
            {**x, "location": locations.get(x.get("location_id"), {})} for x in sal.get(sid, [])
        ]
        for x in sv["service_at_locations"]:
            for coord in ("latitude", "longitude"):
                if coord in x["location"]:
                    x["location"][coord] = _number(x["location"][coord])
        sv["attributes"] = [
            {**a, "taxonomy_term": terms[a["taxonomy_term_id"]]}
            for a in attrs.get(sid, [])
            if a.get("taxonomy_term_id") in terms
        ]
        if sv.get("organization_id") in orgs:
            sv["organization"] = orgs[sv["organization_id"]]
        sv["_terms"] = terms
        yield Record(package.parent.name, sv, f"{package.parent / 'services.csv'}:{n}")


def _number(value: Any) -> Any:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return value
    return int(f) if f == int(f) else f


# ---- repairs ----------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A file name from a name (as `directory new` makes them); "record" if nothing is left."""
    return new_slug(text) or "record"


def is_placeholder(value: Any) -> bool:
    t = oruk.text(value)
    if t is None:
        return False
    low = t.lower()
    return (
        low in PLACEHOLDERS
        or bool(re.fullmatch(r"0+", re.sub(r"\D", "", t) or "x"))
        or low.startswith(("test@", "noemail@", "none@", "no@"))
    )


def split_phones(
    raw: Any, label: str | None, notes: list[str], kind: str = "voice"
) -> list[dict[str, Any]]:
    """One feed phone field -> the numbers in it, each with the words around it as label."""
    t = oruk.text(raw)
    if t is None:
        return []
    if is_placeholder(t):
        notes.append(f"phone: {t!r} is a placeholder; left out")
        return []
    extra = {} if kind == "voice" else {"kind": kind}
    if SCIENTIFIC.fullmatch(t):
        # A spreadsheet showed a long number in scientific notation and was saved so: the
        # digits past the first few are gone, and none may be made up.
        notes.append(
            f"phone: Excel has turned this number into {t}; format the column as text "
            "(left out: its digits are lost)"
        )
        return []
    if ONE_NUMBER.fullmatch(t):  # the validation says whether it is a number
        return [{"number": t, "label": label, **extra}]
    found = list(PHONE_IN_TEXT.finditer(t))
    if not found:
        notes.append(f"phone: {t!r} holds no phone number; left out")
        return []
    rest = _label_words(PHONE_IN_TEXT.sub(" ", t))
    # The words between numbers: each number's own ("01772 333444 (office), 07700 900123
    # (mobile)"), unless words only before or after them all say what every number is.
    cuts = [0] + [x for m in found for x in (m.start(), m.end())] + [len(t)]
    segs = [_label_words(t[cuts[i] : cuts[i + 1]]) for i in range(0, len(cuts), 2)]
    own: list[str] | None = None
    if len(found) > 1 and any(segs[1:-1]):
        if not segs[-1]:
            own = segs[:-1]  # words before each number
        elif not segs[0]:
            own = segs[1:]  # words after each number
    out = []
    for i, m in enumerate(found):
        number = " ".join(m.group(1).split())
        if m.group(2):
            number += " ext " + re.sub(r"\D", "", m.group(2))
        words_here = own[i] if own is not None else rest
        words = label or words_here or None
        if label and words_here:
            words = f"{label}: {words_here}"
        out.append({"number": number, "label": words[:100] if words else None, **extra})
    if len(found) > 1 or rest:
        shown = ", ".join(
            str(o["number"]) + (f" ({o['label']})" if own is not None and o["label"] else "")
            for o in out
        )
        notes.append(
            f"phone: {t!r} split into {len(out)} number(s) ({shown})"
            + (f" with the words {rest!r} as label" if rest and own is None else "")
        )
    return out


PHONE_WORD = re.compile(r"^\s*(?:tel(?:ephone)?|phone|ph|t)\b\s*[.:]?", re.IGNORECASE)


def _label_words(rest: str) -> str:
    """The words around the numbers of a phone field, as a label: joining words, a leading
    "Tel:" (the field says it is a phone) and brackets left without their pair go."""
    rest = re.sub(r"\b(or|and)\b", " ", rest)
    rest = PHONE_WORD.sub("", rest)
    rest = " ".join(re.sub(r"\(\s*\)", " ", rest).split())
    # Brackets without their pair (the number was inside them) are taken out.
    keep = [True] * len(rest)
    opened: list[int] = []
    for i, ch in enumerate(rest):
        if ch == "(":
            opened.append(i)
        elif ch == ")":
            if opened:
                opened.pop()
            else:
                keep[i] = False
    for i in opened:
        keep[i] = False
    rest = "".join(ch for ch, k in zip(rest, keep, strict=True) if k)
    rest = re.sub(r"^[\s,;/:-]+|[\s,;/:-]+$", "", rest)
    if re.fullmatch(r"\([^()]*\)", rest):
        rest = rest[1:-1].strip()
    return " ".join(rest.split())


def repair_url(raw: Any, what: str, notes: list[str]) -> str | None:
    t = oruk.text(raw)
    if t is None:
        return None
    if is_placeholder(t):
        notes.append(f"{what}: {t!r} is a placeholder; left out")
        return None
    if re.match(r"^[a-z][a-z0-9+.-]*://", t, re.IGNORECASE):
        return t
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", t, re.IGNORECASE):
        notes.append(f"{what}: {t!r} has no https://; added")
        return "https://" + t
    notes.append(f"{what}: {t!r} is not a web address; left out")
    return None


def repair_email(raw: Any, notes: list[str]) -> str | None:
    t = oruk.text(raw)
    if t is None:
        return None
    if t.lower().startswith("mailto:"):
        t = t[7:]
    if is_placeholder(t):
        notes.append(f"email: {t!r} is a placeholder; left out")
        return None
    found = re.findall(r"[^\s,;<>()]+@[^\s,;<>()]+\.[a-z]{2,}", t, re.IGNORECASE)
    if not found:
        notes.append(f"email: {t!r} is not an email address; left out")
        return None
    if len(found) > 1 or found[0] != t:
        notes.append(
            f"email: {t!r}: kept {found[0]}" + (", others left out" if len(found) > 1 else "")
        )
    return found[0]


def first_sentence(text: str, limit: int) -> str | None:
    flat = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", flat)
    sentence = m.group(1) if m else flat
    return sentence if len(sentence) <= limit else None


# ---- matching ---------------------------------------------------------------------------


@dataclass
class Site:
    """The content folder being imported into."""

    content_dir: Path
    config: Config
    categories: dict[str, Category]
    services: list[dict[str, Any]]
    organisations: dict[str, dict[str, Any]]
    today: dt.date

    def category_for(self, term: dict[str, Any]) -> str | None:
        keys = {(oruk.text(term.get(k)) or "").lower() for k in ("code", "name", "term", "id")} - {
            ""
        }
        for c in self.categories.values():
            names = {c.id.lower(), c.name.lower(), *(x.lower() for x in c.synonyms)}
            if keys & names:
                return c.id
        slugs = {slugify(k) for k in keys}
        for c in self.categories.values():
            if c.id in slugs:
                return c.id
        return None


def place(
    site: Site, fields: dict[str, Any], given: str | None
) -> tuple[str | None, list[str], str]:
    """(district slug, areas served, the rule that placed it)."""
    districts = site.config.districts
    by_name = {d.name.lower(): d.slug for d in districts} | {d.slug: d.slug for d in districts}
    by_ons = {d.ons_code.upper(): d.slug for d in districts if d.ons_code}
    areas: list[str] = []
    for name in fields.get("areas_served") or []:
        slug = by_name.get(name.lower()) or by_ons.get(name.upper())
        if slug and slug not in areas:
            areas.append(slug)
    if given:
        return given, areas, f"{given}: from --district"
    for loc in fields.get("locations") or []:
        m = POSTCODE.search((loc.get("postcode") or "").upper())
        if m:
            outward = m.group(1)
            for d in districts:
                if outward in d.postcodes:
                    return d.slug, areas, f"{d.slug}: the postcode {outward} is in {d.name}"
    for sa in fields.get("_areas_raw") or []:
        for value in (sa.get("extent"), sa.get("uri"), sa.get("service_area")):
            t = (oruk.text(value) or "").upper()
            for code, slug in by_ons.items():
                if code in t:
                    return slug, areas, f"{slug}: the service area's ONS code {code}"
    if areas:
        d = site.config.district(areas[0])
        return d.slug, areas, f"{d.slug}: the service area is named {d.name}"
    return None, areas, ""


# ---- one record ---------------------------------------------------------------------------


def _drop(rec: dict[str, Any], dotted: str) -> bool:
    """Remove the value at a problem's field (such as `contacts.phones[1].number`: the whole
    phone goes). True if something was removed."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", dotted):
        parts.append(int(index) if index else name)
    if not parts:
        return False
    # A bad value inside a list item drops the item: a phone without its number is nothing.
    for cut in range(len(parts) - 1, 0, -1):
        if isinstance(parts[cut], int):
            parts = parts[: cut + 1]
            break
    node: Any = rec
    for p in parts[:-1]:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return False
    last = parts[-1]
    try:
        if isinstance(node, list) and isinstance(last, int):
            node.pop(last)
        elif isinstance(node, dict) and last in node:
            del node[last]
        else:
            return False
    except IndexError:
        return False
    return True


def _prune(rec: Any) -> Any:
    if isinstance(rec, dict):
        out = {k: _prune(v) for k, v in rec.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(rec, list):
        return [x for x in (_prune(v) for v in rec) if x not in (None, "", [], {})]
    return rec


def checked(
    rec: dict[str, Any], check: Any, notes: list[str], protect: set[str]
) -> tuple[dict[str, Any] | None, list[str]]:
    """Validate as a content file; drop each value validation refuses (and say so), until
    the record passes or what is wrong is a field it cannot do without."""
    for _ in range(50):
        doc = Document(Path("import.yaml"), "import.yaml", rec)
        result, problems = check(doc)
        errs = [p for p in problems if p.severity == "error"]
        if not errs:
            return (rec if result is not None else None), []
        dropped = False
        for p in errs:
            top = re.split(r"[.\[]", p.field)[0] if p.field else ""
            # A field the record needs is refused, not dropped; an incomplete item of a list
            # (a venue with only a postcode) is dropped.
            if not p.field or top in protect or ("missing" in p.message and "[" not in p.field):
                continue
            if _drop(rec, p.field):
                # The validator's message without its help text (written for YAML editors).
                notes.append(f"{p.field} left out: {p.message.split('; ')[0]}")
                dropped = True
                break
        if not dropped:
            return None, [f"{p.field or 'record'}: {p.message}" for p in errs]
        rec = _prune(rec)
    return None, ["too many problems"]


def _org_record(raw: dict[str, Any], service_name: str, notes: list[str]) -> dict[str, Any]:
    name = oruk.text(raw.get("name"))
    if not name or is_placeholder(name):
        notes.append(
            "organization: it has no name in the source; the service's name is used (check it)"
        )
        name = service_name
    org: dict[str, Any] = {"name": name}
    desc = oruk.text(raw.get("description"))
    if desc and not is_placeholder(desc):
        org["description"] = desc
    org["website"] = repair_url(raw.get("website") or raw.get("url"), "organization.website", notes)
    org["email"] = repair_email(raw.get("email"), notes)
    for p in oruk.items(raw.get("phones")):
        got = split_phones(p.get("number"), None, notes)
        if got:
            org["phone"] = got[0]["number"]
            break
    for ident in oruk.items(raw.get("organization_identifiers")):
        scheme = (oruk.text(ident.get("identifier_scheme")) or "").upper()
        value = oruk.text(ident.get("identifier"))
        if scheme == "GB-CHC" and value:
            org["charity_number"] = value
        elif scheme == "GB-COH" and value:
            org["company_number"] = value
    return org


def service_record(
    site: Site,
    data: dict[str, Any],
    ctx: oruk.Context,
    outcome: Outcome,
    add_categories: bool,
    terms: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """An ORUK service -> (a content record before checking, categories to add, the
    district slugs its service areas name). The service is read once, so each repair is
    noted once."""
    notes = outcome.notes
    fields = oruk.read_service(data, ctx)
    rec: dict[str, Any] = {"name": fields["name"]}
    summary, description = fields["summary"], fields["description"]
    limit = (s.SERVICE.child("summary") or s.SERVICE).max_length or 160
    if summary and len(summary) > limit:
        description = "\n\n".join(x for x in (summary, description) if x)
        summary = None
    if not summary and description:
        summary = first_sentence(description, limit)
        if summary:
            notes.append("summary: not in the source; the description's first sentence is used")
    rec["summary"] = summary
    rec["description"] = description
    new_categories: list[dict[str, Any]] = []
    cats: list[str] = []
    own = data.get("_terms")
    all_terms: dict[str, Any] = own if isinstance(own, dict) else terms
    for term in fields["categories"]:
        cid = site.category_for(term)
        if cid is None and add_categories:
            cid, added = _new_category(site, term, all_terms, new_categories)
            if added:
                notes.append(f"categories: {term.get('name')!r} added to taxonomy.yaml")
        if cid is None:
            name = oruk.text(term.get("name")) or oruk.text(term.get("code")) or "?"
            notes.append(f"categories: {name!r} matches no category; left out")
            outcome.unmatched.append(name)
            continue
        if cid not in cats:
            cats.append(cid)
    rec["categories"] = cats
    rec["eligibility"] = fields["eligibility"]
    rec["access"] = fields["access"]
    rec["attending"] = fields["attending"]
    rec["access_notes"] = fields["access_notes"]
    rec["cost"] = fields["cost"]
    contacts = fields["contacts"]
    phones = []
    for p in contacts["phones"]:
        phones += split_phones(p["number"], p.get("label"), notes, p.get("kind") or "voice")
    rec["contacts"] = {
        "phones": [{k: v for k, v in p.items() if v} for p in phones],
        "email": repair_email(contacts["email"], notes),
        "emails": [
            {"address": repair_email(e["address"], notes), "label": e["label"]}
            for e in contacts["emails"]
        ],
        "website": repair_url(contacts["website"], "website", notes),
        "links": [
            {"url": repair_url(x["url"], "links", notes), "label": x["label"]}
            for x in contacts["links"]
        ],
        "people": [
            {
                "name": person["name"],
                "role": person["role"],
                "email": repair_email(person["email"], notes),
                "phone": person["phone"],
            }
            for person in contacts["people"]
        ],
    }
    rec["locations"], rec["_dropped_venues"] = _venues(fields["locations"], notes)
    rec["schedule"] = fields["schedule"]
    rec["schedule_notes"] = fields["schedule_notes"]
    rec["languages"] = fields["languages"]
    rec["capacity"] = fields["capacity"]
    if rec["capacity"] and rec["capacity"].get("until"):
        rec["capacity"]["until"] = dt.date.fromisoformat(rec["capacity"]["until"])
    if fields["reviewed"]:
        # The date the source says the record was last checked: the source's word, kept.
        rec["reviewed"] = dt.date.fromisoformat(fields["reviewed"])
    status = fields["status"]
    if status not in s.SERVICE_STATUSES:
        outcome.reasons.append(
            f"status: the source says {status!r}; only active services are imported"
        )
    rec["status"] = status
    for key in ("name", "summary", "description", "access_notes", "schedule_notes"):
        if is_placeholder(rec.get(key)):
            notes.append(f"{key}: {rec[key]!r} is a placeholder; left out")
            rec[key] = None
    return rec, new_categories, fields["areas_served"]


def _venues(
    locations: list[dict[str, Any]] | None, notes: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Venues with their postcodes written the usual way (`pr2  6ab` with two spaces or a
    non-breaking space is PR2 6AB); a venue the content format cannot hold (no town) is left
    out saying exactly what it held, so the source can be corrected."""
    out, dropped = [], []
    for n, loc in enumerate(locations or []):
        loc = dict(loc)
        pc = loc.get("postcode")
        split = split_postcode(pc) if isinstance(pc, str) else None
        if split and pc != f"{split[0]} {split[1]}":
            loc["postcode"] = f"{split[0]} {split[1]}"
            notes.append(f"locations[{n}].postcode: {pc!r} written as {loc['postcode']}")
        if not loc.get("town"):
            held = ", ".join(str(loc[k]) for k in ("name", "address", "postcode") if loc.get(k))
            notes.append(
                f"locations[{n}] ({held or 'nothing but coordinates'}) left out: a venue needs "
                "its town, and the source gives none; add the town (address city) in the "
                "source to keep it"
                + (
                    "; its postcode is still used to find the district"
                    if loc.get("postcode")
                    else ""
                )
            )
            dropped.append(loc)
            continue
        out.append(loc)
    return out, dropped


def _new_category(
    site: Site,
    term: dict[str, Any],
    all_terms: dict[str, Any],
    adding: list[dict[str, Any]],
) -> tuple[str | None, bool]:
    name = oruk.text(term.get("name")) or oruk.text(term.get("term"))
    if not name:
        return None, False
    cid = slugify(oruk.text(term.get("code")) or name)
    if cid in site.categories:
        return cid, False
    for c in adding:
        if c["id"] == cid:
            return cid, False
    cat: dict[str, Any] = {"id": cid, "name": name[:80]}
    desc = oruk.text(term.get("description"))
    if desc and desc.lower() != name.lower():
        cat["description"] = desc[:300]
    parent = all_terms.get(str(term.get("parent_id"))) if term.get("parent_id") else None
    if isinstance(parent, dict) and s.CATEGORY.child("parent") is not None:
        pid = site.category_for(parent) or _new_category(site, parent, all_terms, adding)[0]
        if pid:
            cat["parent"] = pid
    adding.append(cat)
    site.categories[cid] = Category(cid, cat["name"], cat.get("description", ""), ())
    return cid, True


# ---- the command ----------------------------------------------------------------------------

SERVICE_ORDER = [f.name for f in s.SERVICE.fields]
ORG_ORDER = [f.name for f in s.ORGANISATION.fields]


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a block (`|`), as a person would write it."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


IMPORT_HEADER = "# Imported by `directory import`: check it, then add `reviewed`.\n"


def dump(rec: dict[str, Any], order: list[str], checked: bool = False) -> str:
    """A record as a content file; a record someone checked here gets no "check it" header."""
    ordered = {k: rec[k] for k in order if k in rec}
    head = "" if checked else IMPORT_HEADER
    return head + yaml.dump(
        ordered,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def load_site(content_dir: Path, today: dt.date) -> Site:
    content = read_content(content_dir, today)
    if content.config is None:
        raise ImportError_(
            f"{content_dir / SITE_FILE}: the content folder's configuration has errors; "
            "run directory validate"
        )
    return Site(
        content_dir,
        content.config,
        {c.id: c for c in content.categories},
        content.services,
        content.organisations,
        today,
    )


def import_oruk(
    sources: list[Path],
    content_dir: Path,
    today: dt.date,
    district: str | None = None,
    add_categories: bool = False,
    source_name: str | None = None,
) -> Report:
    notices: list[str] = []
    records, problems = read_sources(sources, notices)
    return import_records(
        records, problems, content_dir, today, district, add_categories, source_name, notices
    )


def import_records(
    records: list[Record],
    problems: list[str],
    content_dir: Path,
    today: dt.date,
    district: str | None = None,
    add_categories: bool = False,
    source_name: str | None = None,
    notices: list[str] | None = None,
) -> Report:
    """Records read from any source (ORUK services) -> content files and the report."""
    site = load_site(content_dir, today)
    if district and district not in {d.slug for d in site.config.districts}:
        raise ImportError_(
            f"--district {district!r} is not a district slug in {content_dir / SITE_FILE}"
        )
    report = Report(problems=problems, notices=list(notices or []))
    if not records and not problems:
        report.problems.append(
            "nothing to import: the source holds no records (an empty list, or a sheet with "
            "no rows after its header)"
        )
    ctx = oruk.Context(site.config, oruk.Ids(oruk.namespace(site.config)), site.categories)
    # Files an earlier import made, by (source, source id).
    mine = {
        (r["imported"]["source"], r["imported"].get("id")): r
        for r in site.services
        if r.get("imported")
    }
    org_mine = {
        (r["imported"]["source"], r["imported"].get("id")): oid
        for oid, r in site.organisations.items()
        if r.get("imported")
    }
    taken = {r["id"] for r in site.services}  # a service's id is unique across the site
    org_ids = set(site.organisations)
    orgs_written: dict[str, tuple[str, dict[str, Any], str, str]] = {}
    org_by_source: dict[tuple[str, str], str] = {}
    new_categories: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], Outcome] = {}  # the first record of each source id
    stores: dict[str, Bases] = {}

    def store(source: str) -> Bases:
        if source not in stores:
            stores[source] = Bases(content_dir, source)
        return stores[source]

    # Every taxonomy term of the feed, so a term's parent is found wherever it appears.
    all_terms: dict[str, Any] = {}
    for record in records:
        if isinstance(record.data, dict):
            for a in oruk.items(record.data.get("attributes")):
                term = a.get("taxonomy_term")
                if isinstance(term, dict) and oruk.text(term.get("id")):
                    all_terms.setdefault(str(term["id"]), term)
    for record in records:
        source = (source_name or record.source)[:120]
        data = record.data
        if not isinstance(data, dict):
            report.outcomes.append(
                Outcome(source, "?", "?", reasons=[f"{record.where}: not a service object"])
            )
            continue
        html_notes: list[str] = []
        data = from_html(source_text.repair(data, html_notes), html_notes)
        sid = oruk.text(data.get("id"))
        name = oruk.text(data.get("name")) or "(no name)"
        outcome = Outcome(
            source, sid or name, name, notes=list(record.notes) + html_notes, at=record.at
        )
        report.outcomes.append(outcome)
        if not sid:
            outcome.notes.append("id: the source gives none; its name is used to recognise it")
            sid = outcome.source_id
        elif not oruk.UUID_RE.match(sid):
            outcome.notes.append(f"id: {sid!r} is not a UUID; kept as the source id")
        first = seen.get((source, sid))
        if first is not None:
            outcome.reasons.append(
                f"the same id appears earlier in the source ({first.name!r}"
                + (f", {first.at}" if first.at else "")
                + "); only the first "
                "record with an id is read"
                + (", and it was refused: correct that one" if first.action == "refused" else "")
            )
            continue
        seen[(source, sid)] = outcome
        ctx.notes = outcome.notes
        rec, cats, areas_served = service_record(
            site, data, ctx, outcome, add_categories, all_terms
        )
        new_categories += cats
        for c in cats:
            report.categories_added.append(c["id"])
        for t in outcome.unmatched:
            report.categories_unmatched[t] = report.categories_unmatched.get(t, 0) + 1
        raw_areas = oruk.items(data.get("service_areas"))
        slug, areas, rule = place(
            site,
            {
                **rec,
                "locations": rec["locations"] + rec.pop("_dropped_venues"),
                "areas_served": areas_served,
                "_areas_raw": raw_areas,
            },
            district,
        )
        if slug is None:
            outcome.reasons.append(
                "district: no --district, no venue postcode in a district's `postcodes`, and "
                "no service area named after a district"
            )
        outcome.district_rule = rule
        if len(areas) == len(site.config.districts) and areas:
            rec["areas_served"] = [s.COUNTY]
        elif areas:
            rec["areas_served"] = areas if slug in areas else [slug, *areas]
        # The organisation: one file per source organisation.
        raw_org = fields_org(data) or {}
        org_sid = oruk.text(raw_org.get("id")) or f"{sid}/organization"
        org_key = (source, org_sid)
        org_id = org_by_source.get(org_key) or org_mine.get(org_key)
        org_rec = _org_record(raw_org, name, outcome.notes)
        if org_id is None:
            base = slugify(org_rec["name"])
            org_id, n = base, 2
            while org_id in org_ids:
                org_id, n = f"{base}-{n}", n + 1
            org_ids.add(org_id)
        org_by_source[org_key] = org_id
        org_rec["imported"] = {"source": source, "id": org_sid, "date": today}
        rec["organisation"] = org_id
        rec["imported"] = {"source": source, "id": sid, "date": today}
        if outcome.reasons:
            continue
        rec = _prune(rec)
        vctx = Context(
            today=today,
            organisations=frozenset(org_ids),
            categories=frozenset(site.categories),
            districts=frozenset(d.slug for d in site.config.districts),
            site_areas=frozenset(site.config.areas),
            school_terms=bool(site.config.school_terms),
            area_name=site.config.area_name,
        )
        assert slug is not None
        good, reasons = checked(
            rec,
            functools.partial(check_service, ctx=vctx, district=slug),
            outcome.notes,
            {"name", "organisation", "imported"},
        )
        if good is None:
            outcome.reasons += reasons
            continue
        org_good, org_reasons = checked(
            _prune(org_rec),
            functools.partial(check_organisation, ctx=vctx),
            outcome.notes,
            {"name", "imported"},
        )
        if org_good is None:
            outcome.reasons += [f"organization: {r}" for r in org_reasons]
            continue
        previous = mine.get((source, sid))
        bases = store(source)
        base_entry = bases.get("services", sid)
        if previous is None and base_entry and not (content_dir / base_entry["file"]).exists():
            # Removed here after an earlier import: a person's decision, kept.
            outcome.action = "kept removed"
            outcome.notes.append(
                f"{base_entry['file']}: an earlier import wrote it and it has been removed "
                f"here since, so it is not added again (to bring it back, delete its entry "
                f"from {bases.path.relative_to(content_dir)})"
            )
            continue
        old_rel = f"services/{previous['district']}/{previous['id']}.yaml" if previous else None
        rel = old_rel
        if rel is None or (district and not rel.startswith(f"services/{slug}/")):
            base = slugify(rec["name"])
            cand, n = base, 2
            while cand in taken:
                cand, n = f"{base}-{n}", n + 1
            taken.add(cand)
            rel = f"services/{slug}/{cand}.yaml"
        text = dump(good, SERVICE_ORDER)
        path = content_dir / (old_rel or rel)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        outcome.file = rel
        theirs = normal(text)
        if previous and old is not None:
            base_rec = base_entry["written"] if base_entry else None
            ours = normal(old)
            result = merge(base_rec, ours, theirs)
            # Checked here: the header taken out, or a `reviewed` date added or changed.
            checked_here = _checked(old) or ours.get("reviewed") not in (
                None,
                (base_rec or theirs).get("reviewed"),
            )
            _say_merge(outcome, rel, result, theirs, report)
            bases.set("services", sid, rel, theirs)
            if not result.from_source and old_rel == rel:
                outcome.action = "unchanged"
            else:
                if old_rel and old_rel != rel:
                    (content_dir / old_rel).unlink(missing_ok=True)
                _write(content_dir / rel, dump(result.record, SERVICE_ORDER, checked_here))
                outcome.action = "updated"
        else:
            _write(content_dir / rel, text)
            bases.set("services", sid, rel, theirs)
            outcome.action = "added"
        orgs_written[org_id] = (f"organisations/{org_id}.yaml", org_good, source, org_sid)
    for _org_id, (rel, org_rec, source, org_sid) in sorted(orgs_written.items()):
        path = content_dir / rel
        text = dump(_prune(org_rec), ORG_ORDER)
        theirs = normal(text)
        bases = store(source)
        if not path.exists():
            _write(path, text)
            bases.set("organisations", org_sid, rel, theirs)
            report.organisations.append(rel)
            continue
        old = path.read_text(encoding="utf-8")
        ours = normal(old)
        if not ours.get("imported"):
            continue  # an organisation a person wrote: left alone
        base_entry = bases.get("organisations", org_sid)
        result = merge(base_entry["written"] if base_entry else None, ours, theirs)
        bases.set("organisations", org_sid, rel, theirs)
        for field_name in result.both:
            report.kept.append(
                f"{rel}: {field_name}: changed here and in the source since the last import; "
                "the value here is kept"
            )
        if result.from_source:
            _write(path, dump(result.record, ORG_ORDER, _checked(old)))
            report.organisations.append(rel)
    for bases in stores.values():
        bases.save()
    if new_categories:
        add_to_taxonomy(content_dir / TAXONOMY_FILE, new_categories)
    return report


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _checked(old: str) -> bool:
    """Whether a file no longer carries the "check it" header (a person checked it)."""
    return not old.startswith(IMPORT_HEADER)


def _say_merge(
    outcome: Outcome, rel: str, result: Merged, theirs: dict[str, Any], report: Report
) -> None:
    if result.from_source:
        outcome.notes.append("updated from the source: " + ", ".join(result.from_source))
    if result.kept:
        outcome.notes.append(
            "kept as changed here since the last import: " + ", ".join(result.kept)
        )
    for name in result.both:
        line = (
            f"{rel}: {name}: changed here and in the source since the last import; the value "
            "here is kept"
            + ("" if theirs.get(name) is not None else " (the source no longer gives one)")
        )
        outcome.notes.append(line)
        report.kept.append(line)
    if result.unknown:
        line = (
            f"{rel}: {', '.join(result.unknown)}: differ from the source, and there is no "
            "record of what the last import wrote (it was made before imports kept one); "
            "the values here are kept"
        )
        outcome.notes.append(line)
        report.kept.append(line)


def fields_org(data: dict[str, Any]) -> dict[str, Any] | None:
    org = data.get("organization")
    if isinstance(org, dict):
        return org
    if data.get("organization_id"):
        return {"id": data.get("organization_id")}
    return None


def add_to_taxonomy(path: Path, categories: list[dict[str, Any]]) -> None:
    """Append categories to taxonomy.yaml, keeping the file's comments and order."""
    text = path.read_text(encoding="utf-8")
    block = yaml.safe_dump(categories, sort_keys=False, allow_unicode=True, width=100)
    block = "".join("  " + line if line.strip() else line for line in block.splitlines(True))
    new = text.rstrip("\n") + "\n" + block
    data = yaml.safe_load(new)
    ids = {c.get("id") for c in data.get("categories", [])} if isinstance(data, dict) else set()
    if not all(c["id"] in ids for c in categories):
        # categories: is not the last key: write the whole file again.
        data = yaml.safe_load(text)
        data["categories"] = list(data.get("categories") or []) + categories
        new = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(new, encoding="utf-8")


__all__ = ["import_oruk", "Report", "ImportError_", "categories_from_record"]
