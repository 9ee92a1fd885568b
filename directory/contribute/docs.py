"""schema.py -> the field reference in docs/content-format.md and the templates in CONTRIBUTING.md.

Both files are written by hand except between their markers, which this module fills in.
Refresh them from the repository root with `python -m directory.contribute.docs`; a test fails when
either is out of date, so the documentation cannot drift from the schema.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from directory.contribute.scaffold import template
from directory.records import schema as s
from directory.records.jsonschema import allowed_values

REFRESH = "python -m directory.contribute.docs"
CONTENT_FORMAT = Path("docs/content-format.md")
CONTRIBUTING = Path("CONTRIBUTING.md")

REFERENCE = ("<!-- field-reference:start -->", "<!-- field-reference:end -->")
TEMPLATES = {
    kind: (f"<!-- template:{kind}:start -->", f"<!-- template:{kind}:end -->")
    for kind in ("service", "organisation")
}
NOTICE = (
    f"<!-- Generated from directory/records/schema.py by `{REFRESH}`: edit schema.py, "
    "not the text between these markers. -->"
)

SECTIONS = (
    ("Service", s.SERVICE),
    ("Organisation", s.ORGANISATION),
    ("Site configuration", s.SITE),
    ("Category taxonomy", s.TAXONOMY),
)

_KIND = {
    s.TEXT: ("text", "lines of text"),
    s.PARAGRAPH: ("text", "texts"),
    s.MARKDOWN: ("Markdown", "Markdown texts"),
    s.INTEGER: ("whole number", "whole numbers"),
    s.NUMBER: ("number", "numbers"),
    s.BOOLEAN: ("true/false", "true/false values"),
    s.DATE: ("date", "dates"),
    s.TIME: ("time", "times"),
    s.CHOICE: ("choice", "choices"),
    s.OBJECT: ("group", "groups"),
    s.EMAIL: ("email", "emails"),
    s.URL: ("web address", "web addresses"),
    s.PHONE: ("phone number", "phone numbers"),
    s.POSTCODE: ("postcode", "postcodes"),
}
_REF = {
    s.REF_ORGANISATION: ("organisation id", "organisation ids"),
    s.REF_CATEGORY: ("category id", "category ids"),
    s.REF_DISTRICT: ("district slug", "district slugs"),
    s.REF_AREA: ("district slug", "district slugs"),
    s.REF_LANGUAGE: ("language", "languages"),
    "site-area": ("area", "areas"),
}


def walk(root: s.Field, prefix: str = "") -> Iterator[tuple[str, s.Field]]:
    """Every field a contributor writes, with its path: `locations[].postcode`.

    A list of plain values is one field (`categories`); a list of groups is walked into.
    """
    for f in root.fields:
        path = prefix + f.name
        yield path, f
        if f.kind == s.OBJECT:
            yield from walk(f, path + ".")
        elif f.kind == s.LIST and f.item is not None and f.item.kind == s.OBJECT:
            yield from walk(f.item, path + "[].")


def kind_words(f: s.Field) -> str:
    if f.kind == s.LIST and f.item is not None:
        return "list of " + _word(f.item, plural=True)
    return _word(f, plural=False)


def _word(f: s.Field, plural: bool) -> str:
    words = _REF.get(f.ref, ("id", "ids")) if f.kind == s.REFERENCE else _KIND[f.kind]
    return words[1] if plural else words[0]


def reference() -> str:
    """The Markdown tables of every record type's fields."""
    out = [NOTICE, ""]
    for title, root in SECTIONS:
        out += [f"### {title}", "", root.help, ""]
        out.append(
            "| Field | Kind | Required | Allowed values | What it means | Open Referral UK |"
        )
        out.append("| --- | --- | --- | --- | --- | --- |")
        for path, f in walk(root):
            allowed = allowed_values(f)
            if f.kind == s.LIST and f.min_items:
                allowed = "; ".join(filter(None, (allowed, f"at least {f.min_items}")))
            if f.default is not None:
                allowed = "; ".join(filter(None, (allowed, f"default {_code(f.default)}")))
            cells = [
                f"`{path}`",
                kind_words(f),
                "yes" if f.required else "",
                allowed,
                f.help,
                f"`{f.oruk}`" if f.oruk else "–",
            ]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def _code(value: object) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fill(text: str, markers: tuple[str, str], body: str) -> str:
    """Replace what is between the markers with body; the rest of the text is kept as is."""
    start, end = markers
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        raise ValueError(f"the markers {start} and {end} are missing")
    return text[: i + len(start)] + "\n" + body.rstrip("\n") + "\n" + text[j:]


def generated(root: Path) -> dict[Path, str]:
    """What each documentation file should hold, given its hand-written parts."""
    doc = root / CONTENT_FORMAT
    text = fill(doc.read_text(encoding="utf-8"), REFERENCE, reference())
    contributing = root / CONTRIBUTING
    guide = contributing.read_text(encoding="utf-8")
    for kind, markers in TEMPLATES.items():
        guide = fill(guide, markers, f"```yaml\n{template(kind)}```")
    return {doc: text, contributing: guide}


def main(argv: list[str] | None = None) -> int:
    """Refresh the generated parts of the documentation in the repository at argv[0] or ."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(".")
    for path, text in generated(root).items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
