"""`directory new`: ask a few questions, then write a valid, commented record in the right folder.

The record is written from schema.py: each field's comment is its help text, and the optional
fields are there as commented-out examples (their `example` values), so the file doubles as
the template in CONTRIBUTING.md. Answers are checked by the same code as `directory validate`,
so a typo is caught at the prompt with the same message and "did you mean".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

from directory.problems import format_problems
from directory.records import schema as s
from directory.records.content import read_content
from directory.records.jsonschema import modeline
from directory.records.load import Document
from directory.records.validate import SLUG, SLUG_MAX, Checker, Context

KINDS = {"service": s.SERVICE, "organisation": s.ORGANISATION}

HEADER = {
    "service": "A service. The file name (without .yaml) is its id; the folder is its district.",
    "organisation": "An organisation. The file name (without .yaml) is its id.",
}
HOW_TO = (
    "Every field is explained in docs/content-format.md. Lines starting with # are notes. "
    'To use an optional field, delete the "# " at the start of its lines.'
)
WIDTH = 90  # of comment lines

# A stand-in field, so a district answer is checked like any other reference.
DISTRICT = s.Field("district", s.REFERENCE, "A district slug.", ref=s.REF_DISTRICT)


# -- writing a record (pure) ----------------------------------------------------------------


def example(f: s.Field) -> Any:
    """An example value for a field: its declared example, or one built from its parts."""
    if f.example is not None:
        return f.example
    if f.kind == s.OBJECT:
        parts = {c.name: example(c) for c in f.fields}
        return {k: v for k, v in parts.items() if v is not None} or None
    if f.kind == s.LIST and f.item is not None:
        item = example(f.item)
        return None if item is None else [item]
    return f.default


def required_example(f: s.Field) -> Any:
    """Like example(), but only the parts an object requires (or all, if none is required)."""
    if f.kind == s.OBJECT and any(c.required or c.recommended for c in f.fields):
        return {c.name: required_example(c) for c in f.fields if c.required or c.recommended}
    return example(f)


def example_record(kind: str) -> dict[str, Any]:
    """The smallest valid record, made of examples: the template in CONTRIBUTING.md."""
    return {f.name: required_example(f) for f in KINDS[kind].fields if f.required or f.recommended}


def template(kind: str) -> str:
    return render(kind, example_record(kind))


def render(kind: str, record: dict[str, Any], commented: bool = True) -> str:
    """A record as commented YAML, with the fields it lacks as commented-out examples.

    With commented=False the examples are left in, so a test can check that every example
    has the right shape.
    """
    lines = [modeline(kind), *_comment(f"{HEADER[kind]} {HOW_TO}", 0)]
    for f in KINDS[kind].fields:
        lines.append("")
        lines += _comment(_note(f), 0)
        if f.name in record:
            lines += _entry(f, record[f.name], 0, (True, commented))
        else:
            value = example(f)
            if value is not None:
                lines += _hide(_entry(f, value, 0, (False, commented)), 0, commented)
    return "\n".join(lines) + "\n"


def _note(f: s.Field) -> str:
    text = ("Required. " if f.required else "Optional. ") + f.help
    is_list = f.kind == s.LIST and f.item is not None
    which = " Any of: " if is_list else " One of: "
    choices = f.item.choices if f.item is not None and is_list else f.choices
    # Unless the help already names every choice.
    if choices and not all(f"`{c}`" in f.help for c in choices):
        text += which + ", ".join(choices) + "."
    # Allowed values of the parts of a group, which are easy to get wrong.
    parent = f.item if f.kind == s.LIST and f.item is not None else f
    for c in parent.fields:
        inner = c.item.choices if c.kind == s.LIST and c.item is not None else c.choices
        if inner:
            text += f" {c.name}: " + ", ".join(inner) + "."
    return text


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    lines = textwrap.wrap(text, WIDTH - indent - 2, break_on_hyphens=False)
    return [f"{pad}# {line}" for line in lines]


def _hide(lines: list[str], indent: int, commented: bool) -> list[str]:
    """Comment lines out at the given indent, so deleting "# " brings them back."""
    if not commented:
        return lines
    return [ln[:indent] + "# " + ln[indent:] if ln.strip() else " " * indent + "#" for ln in lines]


def _entry(f: s.Field, value: Any, indent: int, mode: tuple[bool, bool]) -> list[str]:
    """`name: value` lines; mode is (show examples of missing parts, comment them out)."""
    pad = " " * indent
    if f.kind == s.OBJECT:
        return [f"{pad}{f.name}:", *_body(f, value, indent + 2, mode)]
    if f.kind == s.LIST:
        assert f.item is not None
        if f.item.kind == s.OBJECT:
            out = [f"{pad}{f.name}:"]
            for item in value:
                body = _body(f.item, item, indent + 4, (False, mode[1]))
                out += [f"{pad}  - {body[0].lstrip()}", *body[1:]]
            return out
        items = ", ".join(_scalar(f.item, v, flow=True) for v in value)
        return [f"{pad}{f.name}: [{items}]"]
    if isinstance(value, str):
        value = value.strip("\n")
        if "\n" in value:
            block = [f"{pad}  {ln}" if ln else "" for ln in value.split("\n")]
            return [f"{pad}{f.name}: |", *block]
    return [f"{pad}{f.name}: {_scalar(f, value)}"]


def _body(f: s.Field, value: dict[str, Any], indent: int, mode: tuple[bool, bool]) -> list[str]:
    show_missing, commented = mode
    out: list[str] = []
    for c in f.fields:
        if c.name in value:
            out += _entry(c, value[c.name], indent, (False, commented))
        elif show_missing and (ex := example(c)) is not None:
            out += _hide(_entry(c, ex, indent, (False, commented)), indent, commented)
    return out


def _scalar(f: s.Field, value: Any, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date) or f.kind == s.DATE:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    # Times and phone numbers are always quoted, as the docs tell people to do.
    if f.kind in (s.TIME, s.PHONE) or not _plain_is_safe(text, flow):
        return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string too
    return text


def _plain_is_safe(text: str, flow: bool) -> bool:
    """True when YAML reads the text back, unquoted, as exactly the same text."""
    if not text or text != text.strip() or "\n" in text:
        return False
    if re.fullmatch(r"[0-9+\-._: ]+", text):
        return False  # looks like a number to some YAML reader: 0123, 1_000, 12:00
    doc = f"v: [{text}]" if flow else f"v: {text}"
    try:
        back = yaml.safe_load(doc)
    except yaml.YAMLError:
        return False
    return bool(back == {"v": [text] if flow else text})


def slugify(text: str) -> str:
    """A file name from a name: "St Mary's Café & Co" -> "st-marys-cafe-and-co"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['`]", "", text.lower()).replace("&", " and ")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug


# -- asking ---------------------------------------------------------------------------------


@dataclass
class Answers:
    """What was given on the command line; None (or empty) means ask."""

    name: str | None = None
    record_id: str | None = None
    district: str | None = None
    organisation: str | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    free: bool | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    size: str | None = None
    volunteer_led: bool | None = None
    org_type: str | None = None


SERVICE_ONLY = ("district", "organisation", "summary", "categories", "access", "free")
ORGANISATION_ONLY = ("size", "volunteer_led", "org_type")


@dataclass
class Choices:
    """What answers may refer to, read from the content folder."""

    content_dir: Path
    today: dt.date
    districts: dict[str, str]  # slug -> name
    organisations: frozenset[str]
    categories: dict[str, str]  # id -> name
    services: dict[str, Path] = field(default_factory=dict)  # id -> file, county-wide

    def context(self) -> Context:
        return Context(
            today=self.today,
            organisations=self.organisations,
            categories=frozenset(self.categories),
            districts=frozenset(self.districts),
        )


def read_choices(content_dir: Path, today: dt.date) -> Choices:
    # only=[] reads site.yaml and taxonomy.yaml but checks no records: fast at any size.
    content = read_content(content_dir, today, only=[])
    if content.config is None:
        raise click.ClickException(
            "the site configuration cannot be read:\n" + format_problems(content.problems, "text")
        )
    return Choices(
        content_dir=content_dir,
        today=today,
        districts={d.slug: d.name for d in content.config.districts},
        organisations=frozenset(p.stem for p in (content_dir / "organisations").glob("*.yaml")),
        categories={c.id: c.name for c in content.categories},
        services={p.stem: p for p in (content_dir / "services").glob("*/*.yaml")},
    )


def check_answer(choices: Choices, f: s.Field, value: Any) -> Any:
    """The cleaned answer, or click.BadParameter with validation's own message."""
    checker = Checker(Document(Path(), "", value), choices.context())
    cleaned = checker.check(f, value, ())
    errors = [p.message for p in checker.problems if p.severity == "error"]
    if errors:
        raise click.BadParameter("; ".join(errors))
    return cleaned


class Asker:
    """Answers from options, all checked before any question is asked; else from prompts."""

    def __init__(self, given: Answers, questions: dict[str, Callable[[Any], Any]]) -> None:
        self.questions = questions
        self.answers: dict[str, Any] = {}
        for key, convert in questions.items():
            value = getattr(given, key)
            if value is None or value == ():
                continue
            try:
                self.answers[key] = convert(value)
            except click.BadParameter as e:
                e.param_hint = f"'{_option(key)}'"
                raise

    def given(self, *keys: str) -> bool:
        return any(k in self.answers for k in keys)

    def __call__(self, key: str, label: str, hint: str = "", optional: bool = False) -> Any:
        if key in self.answers:
            return self.answers[key]
        if hint:
            click.echo(hint)
        return click.prompt(
            label,
            value_proc=self.questions[key],
            default="" if optional else None,
            show_default=False,
        )


def _option(key: str) -> str:
    names = {"categories": "category", "record_id": "id", "org_type": "type"}
    return "--" + names.get(key, key).replace("_", "-")


def new_record(kind: str, content_dir: Path, today: dt.date, given: Answers) -> Path:
    """Ask for what is missing, write the record and return its path."""
    unused = ORGANISATION_ONLY if kind == "service" else SERVICE_ONLY
    for name in unused:
        if getattr(given, name) not in (None, ()):
            raise click.UsageError(f"{_option(name)} is not used for a new {kind}")
    if given.record_id is not None:
        _check_id(given.record_id)
    choices = read_choices(content_dir, today)
    if kind == "service":
        return _new_service(choices, given)
    return _new_organisation(choices, given)


def _new_service(choices: Choices, given: Answers) -> Path:
    svc = s.SERVICE
    contacts = _child(svc, "contacts")
    by_name = {name.lower(): slug for slug, name in choices.districts.items()}

    def district(text: str) -> str:
        text = text.strip()
        return str(check_answer(choices, DISTRICT, by_name.get(text.lower(), text)))

    def organisation(text: str) -> str:
        if text.strip() == "?":
            raise click.BadParameter(
                "organisation ids: " + ", ".join(sorted(choices.organisations))
            )
        return str(check_answer(choices, _child(svc, "organisation"), text.strip()))

    ask = Asker(
        given,
        {
            "district": district,
            "organisation": organisation,
            "name": _text(choices, svc, "name"),
            "summary": _text(choices, svc, "summary"),
            "categories": _categories(choices),
            "access": _list(choices, _child(svc, "access")),
            "phone": _optional(choices, _child(_child(contacts, "phones").item, "number")),
            "email": _optional(choices, _child(contacts, "email")),
            "website": _optional(choices, _child(contacts, "website")),
        },
    )
    district_slug = ask("district", "District", hint="Districts: " + ", ".join(choices.districts))
    org = ask(
        "organisation",
        "Organisation id (type ? to list them)",
        hint="Which organisation runs it? Its id is the file name in "
        f"{_shown(choices.content_dir / 'organisations')}/, without .yaml. If it is not there "
        f"yet, add it first with: directory new --kind organisation"
        f"{content_option(choices.content_dir)}",
    )
    name = ask("name", "Name")
    record_id = given.record_id or _id_from(name)
    path = choices.content_dir / "services" / district_slug / f"{record_id}.yaml"
    if record_id in choices.services:  # ids are unique across the county, not the district
        raise click.ClickException(
            f"{_shown(choices.services[record_id])} already exists; "
            "edit that file, or choose another id with --id"
        )
    summary = ask(
        "summary",
        "Summary",
        hint="One plain-English sentence for lists and search results (best under 160 "
        "characters; at most 300).",
    )
    categories = ask(
        "categories",
        "Categories",
        hint="Categories (ids, separated by commas):\n"
        + "\n".join(f"  {cid:<20} {cname}" for cid, cname in choices.categories.items()),
    )
    access = ask(
        "access",
        "Access",
        hint="How do people start using it? Separate with commas: " + ", ".join(s.ACCESS_METHODS),
    )
    free = given.free
    if free is None:
        free = click.confirm("Is it free to use?", default=None)
    cost: dict[str, Any] = {"free": free}
    if not free:
        notes = click.prompt(
            "What does it cost, in a few words? (Enter to add prices later)",
            default="",
            show_default=False,
            value_proc=_optional(choices, _child(_child(svc, "cost"), "notes")),
        )
        if notes:
            cost["notes"] = notes
    record = {
        "name": name,
        "organisation": org,
        "summary": summary,
        "categories": categories,
        "access": access,
        "cost": cost,
        "contacts": _contacts(ask),
        "reviewed": choices.today,
    }
    return _write(path, render("service", record))


def _new_organisation(choices: Choices, given: Answers) -> Path:
    org = s.ORGANISATION
    keys = ("website", "email", "phone")
    ask = Asker(
        given,
        {
            "name": _text(choices, org, "name"),
            "size": _optional(choices, _child(org, "size")),
            "org_type": _optional(choices, _child(org, "type")),
            **{k: _optional(choices, _child(org, k)) for k in keys},
        },
    )
    name = ask("name", "Name")
    record_id = given.record_id or _id_from(name)
    path = choices.content_dir / "organisations" / f"{record_id}.yaml"
    if path.exists():
        raise click.ClickException(
            f"{_shown(path)} already exists; edit that file, or choose another id with --id"
        )
    record: dict[str, Any] = {"name": name}
    if ask.given(*keys):
        record.update({k: ask.answers[k] for k in keys if ask.answers.get(k)})
    else:
        click.echo("How can people reach the organisation? Press Enter to skip any.")
        for k in keys:
            value = ask(k, k.capitalize(), optional=True)
            if value:
                record[k] = value
    size = ask(
        "size", "Size", hint=_child(org, "size").help + " Press Enter to skip.", optional=True
    )
    if size:
        record["size"] = size
    org_type = ask(
        "org_type",
        "Type",
        hint=_child(org, "type").help
        + " One of: "
        + ", ".join(s.ORGANISATION_TYPES)
        + ". Press Enter to skip.",
        optional=True,
    )
    if org_type:
        record["type"] = org_type
    volunteer_led = given.volunteer_led
    if volunteer_led is None:
        volunteer_led = click.prompt(
            "Run by volunteers? (y/n, Enter to skip)",
            default="",
            show_default=False,
            value_proc=_yes_no,
        )
    if volunteer_led is not None:
        record["volunteer_led"] = volunteer_led
    record["reviewed"] = choices.today
    return _write(path, render("organisation", record))


def _contacts(ask: Asker) -> dict[str, Any]:
    keys = ("phone", "email", "website")
    if ask.given(*keys):  # one given on the command line answers the whole group
        values = {k: ask.answers.get(k) for k in keys}
    else:
        while True:
            click.echo("How do people get in touch? Give at least one; press Enter to skip any.")
            values = {k: ask(k, k.capitalize(), optional=True) for k in keys}
            if any(values.values()):
                break
            click.echo("Error: give at least one of a phone number, an email address or a website.")
    out: dict[str, Any] = {}
    if values["phone"]:
        out["phones"] = [{"number": values["phone"]}]
    for k in ("email", "website"):
        if values[k]:
            out[k] = values[k]
    return out


def _id_from(name: str) -> str:
    record_id = slugify(name)
    if not record_id:
        raise click.UsageError("no file name can be made from that name; give one with --id")
    return record_id


def _check_id(record_id: str) -> None:
    if not SLUG.match(record_id) or len(record_id) > SLUG_MAX:
        raise click.BadParameter(
            f"{record_id!r}: use lowercase letters, digits and hyphens, "
            f"at most {SLUG_MAX} characters (such as "
            f"{slugify(record_id)!r})",
            param_hint="'--id'",
        )


def _child(f: s.Field | None, name: str) -> s.Field:
    assert f is not None
    found = f.child(name)
    assert found is not None, name
    return found


def _text(choices: Choices, parent: s.Field, name: str) -> Callable[[str], str]:
    f = _child(parent, name)
    return lambda text: str(check_answer(choices, f, text))


def _optional(choices: Choices, f: s.Field) -> Callable[[str], Any]:
    """An answer that may be left blank (None)."""
    return lambda text: check_answer(choices, f, text.strip()) if text.strip() else None


def _list(choices: Choices, f: s.Field) -> Callable[[Any], list[Any]]:
    def convert(value: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        return list(check_answer(choices, f, [i.strip() for i in items if i.strip()]))

    return convert


def _categories(choices: Choices) -> Callable[[Any], list[Any]]:
    # Accept a category's name as well as its id: people read the names.
    by_name = {name.lower(): cid for cid, name in choices.categories.items()}
    check = _list(choices, _child(s.SERVICE, "categories"))

    def convert(value: Any) -> list[Any]:
        items = value if isinstance(value, list | tuple) else str(value).split(",")
        ids = []
        for item in items:
            text = item.strip()
            if text:
                ids.append(
                    by_name.get(text.lower())
                    or (slugify(text) if slugify(text) in choices.categories else text)
                )
        return check(ids)

    return convert


def _yes_no(text: str) -> bool | None:
    answer = text.strip().lower()
    if not answer:
        return None
    if answer in ("y", "yes"):
        return True
    if answer in ("n", "no"):
        return False
    raise click.BadParameter("answer y or n, or press Enter to skip")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": never overwrite
            fh.write(text)
    except FileExistsError:
        raise click.ClickException(
            f"{_shown(path)} already exists; edit that file, or choose another id with --id"
        ) from None
    return path


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def content_option(content_dir: Path) -> str:
    """The text ' --content <folder>' for a command to copy, or '' for the default (content)."""
    if content_dir.resolve() == Path("content").resolve():
        return ""
    return f" --content {shlex.quote(_shown(content_dir))}"


def next_steps(kind: str, path: Path, content_dir: Path = Path("content")) -> str:
    """What to do after `directory new` wrote path; the commands name content_dir unless it
    is the default, so they can be copied as they are."""
    shown = _shown(path)
    return "\n".join(
        [
            f"Created {shown}",
            "Next:",
            '  1. Open the file and fill in the optional fields that apply: delete the "# " at',
            "     the start of their lines and change the example values.",
            "  2. Check it again:",
            f"       directory validate{content_option(content_dir)} {shlex.quote(shown)}",
            "  3. Propose it: put it on a new branch and open a pull request. CONTRIBUTING.md",
            "     explains how, including in GitHub's web editor.",
        ]
    )
