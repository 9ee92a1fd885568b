"""schema.py -> JSON Schemas (draft 2020-12) for editors.

With the YAML language server (the Red Hat YAML extension for VS Code, and others), a
contributor gets completion, hover help and red underlines while typing. The schemas are
generated from the field declarations, committed in `schemas/`, and kept current by a test.

`directory validate` stays the authority: it also checks references (organisations,
categories, districts), cross-field rules (closing after opening) and YAML's traps, which a
JSON Schema cannot express. The patterns here are a little stricter than the validator where
it forgives (it accepts `mailto:` before an email, for example), never looser on a value's form.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from directory.records import schema as s
from directory.records.validate import EMAIL, SLUG, TIME

DRAFT = "https://json-schema.org/draft/2020-12/schema"

KINDS: dict[str, s.Field] = {
    "service": s.SERVICE,
    "organisation": s.ORGANISATION,
    "site": s.SITE,
    "taxonomy": s.TAXONOMY,
}

# Where each kind of file sits below the repository root, so the modeline's relative path to
# schemas/ is right: content/services/<district>/x.yaml is three folders down.
_DEPTH = {"service": 3, "organisation": 2, "site": 1, "taxonomy": 1}

# ECMA-262 patterns (what editors run) for the kinds validate.py checks in Python code.
# validate.py normalises before matching (case, spaces, +44), so these spell those forms out;
# tests/test_schema_outputs.py checks they agree with validate.py on sample values.
POSTCODE = r"^ *(?:[Gg][Ii][Rr] *0[Aa][Aa]|[A-Za-z]{1,2}[0-9][A-Za-z0-9]? *[0-9][A-Za-z]{2}) *$"
_SEP = r"[ ()\-]"
_EXT = r"(?:[Ee][Xx][Tt](?:[Ee][Nn][Ss][Ii][Oo][Nn])?\.?|[Xx])"
# An ordinary number (after an optional Relay UK prefix, before an optional extension), or a
# short number: 116 xxx, 118 xxx, 111, 119, 105, 999.
PHONE = (
    rf"^{_SEP}*(?:(?:1800[12]{_SEP}+)?(?:\+44{_SEP}*(?:0{_SEP}*)?|0{_SEP}*)(?:[0-9]{_SEP}*){{9,10}}"
    rf"(?:{_EXT}{_SEP}*[0-9]{{1,6}}{_SEP}*)?|1(?:1[68] ?[0-9]{{3}}|11|19|05) *|999 *)$"
)
URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]*\.[^\s/?#]*(?:[/?#]\S*)?$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ONE_LINE = r"^[^\n]*$"

_REF_HELP = {
    s.REF_ORGANISATION: "an organisation id: a file name in content/organisations/",
    s.REF_CATEGORY: "a category id from content/taxonomy.yaml",
    s.REF_DISTRICT: "a district slug from content/site.yaml",
    s.REF_AREA: "a district slug from content/site.yaml, or `county`",
    "site-area": "one of the site's `areas`",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file: service, organisation, site or taxonomy."""
    root = KINDS[kind]
    out: dict[str, Any] = {"$schema": DRAFT, "title": f"{kind.capitalize()} record"}
    out.update(_field(root))
    return out


def dumps(schema: dict[str, Any]) -> str:
    """The exact text of a committed schema file."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line of a content file that points the YAML language server at its schema."""
    up = "../" * _DEPTH[kind]
    return f"# yaml-language-server: $schema={up}schemas/{schema_file(kind)}"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / schema_file(kind)
        path.write_text(dumps(json_schema(kind)), encoding="utf-8")
        written.append(path)
    return written


def _field(f: s.Field) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f.help, "markdownDescription": _markdown(f)}
    out.update(_type(f))
    if f.default is not None:
        out["default"] = f.default
    if f.example is not None:
        out["examples"] = [f.example]
    return out


def _type(f: s.Field) -> dict[str, Any]:
    kind = f.kind
    if kind == s.OBJECT:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {c.name: _field(c) for c in f.fields},
            "additionalProperties": False,
        }
        required = [c.name for c in f.fields if c.required]
        if required:
            out["required"] = required
        return out
    if kind == s.LIST:
        assert f.item is not None
        out = {"type": "array", "items": _type(f.item) | _item_help(f.item)}
        if f.min_items:
            out["minItems"] = f.min_items
        if f.unique:
            out["uniqueItems"] = True
        return out
    if kind in (s.INTEGER, s.NUMBER):
        out = {"type": "integer" if kind == s.INTEGER else "number"}
        if f.min is not None:
            out["minimum"] = _num(f.min)
        if f.max is not None:
            out["maximum"] = _num(f.max)
        return out
    if kind == s.BOOLEAN:
        return {"type": "boolean"}
    if kind == s.CHOICE:
        return {"type": "string", "enum": list(f.choices)}
    return _string(f)


def _string(f: s.Field) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    pattern = {
        s.TEXT: ONE_LINE,
        s.DATE: DATE,
        s.TIME: TIME.pattern,
        s.EMAIL: EMAIL.pattern,
        s.URL: URL,
        s.PHONE: PHONE,
        s.POSTCODE: POSTCODE,
    }.get(f.kind)
    if f.kind == s.REFERENCE and f.ref not in ("site-area", s.REF_LANGUAGE):
        pattern = SLUG.pattern
    if pattern:
        out["pattern"] = pattern
    if f.kind == s.DATE:
        out["format"] = "date"
    elif f.kind == s.EMAIL:
        out["format"] = "email"
    elif f.kind == s.URL:
        out["format"] = "uri"
        out["maxLength"] = 2000
    if f.required or f.ref == s.REF_LANGUAGE:
        out["minLength"] = 1  # validation reports an empty required value
    if f.max_length:
        out["maxLength"] = f.max_length
    return out


def _item_help(item: s.Field) -> dict[str, Any]:
    # Objects in a list carry their own help; a scalar item's help is only its kind.
    if item.kind == s.OBJECT:
        return {"description": item.help}
    return {}


def _markdown(f: s.Field) -> str:
    """Hover text: the help, what is allowed, and where it goes in Open Referral UK."""
    parts = [f.help]
    allowed = allowed_values(f)
    if allowed:
        parts.append(f"Allowed: {allowed}.")
    if f.required:
        parts.append("**Required.**")
    if f.oruk:
        parts.append(f"Open Referral UK: `{f.oruk}`")
    return "\n\n".join(parts)


def allowed_values(f: s.Field) -> str:
    """What a field accepts, in a few words of Markdown (shared with docs.py)."""
    target = f.item if f.kind == s.LIST and f.item is not None else f
    if target.choices:
        return ", ".join(f"`{c}`" for c in target.choices)
    if target.kind == s.REFERENCE:
        if target.ref == s.REF_LANGUAGE:
            return "any language, by its English name or ISO 639 code"
        return _REF_HELP.get(target.ref, "an id")
    if target.min is not None or target.max is not None:
        return f"{_num(target.min)} to {_num(target.max)}"
    if target.max_length and target.warn_length:
        return f"up to {target.max_length} characters (a warning past {target.warn_length})"
    if target.max_length:
        return f"up to {target.max_length} characters"
    return {
        s.DATE: "a date, YYYY-MM-DD",
        s.TIME: 'a 24-hour time in quotes, "09:30"',
        s.BOOLEAN: "`true` or `false`",
        s.EMAIL: "an email address",
        s.URL: "an http:// or https:// address",
        s.PHONE: 'a UK phone number in quotes, "01632 960123"',
        s.POSTCODE: "a UK postcode",
    }.get(target.kind, "")


def _num(v: float | None) -> int | float | str:
    if v is None:
        return "any"
    return int(v) if v == int(v) else v
