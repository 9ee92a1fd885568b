"""A suggestion sent as a GitHub issue -> a checked record file in the right folder.

The issue form (.github/ISSUE_TEMPLATE/suggest-a-service.yml) is generated from FIELDS, and
the site's form fills those field ids through the new-issue address. GitHub renders a
submitted issue form as Markdown: for each field, `### Label`, a blank line, the answer, and
`_No response_` for an empty one (GitHub Docs, "Syntax for issue forms"). `from_issue` reads
that back, writes `content/services/<district>/<id>.yaml`, and checks it with the same checks
as `directory validate`. On any problem the content folder is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from directory.problems import Problem
from directory.records.content import read_content
from directory.records.load import parse
from directory.records.validate import SLUG, SLUG_MAX

TEMPLATE_FILE = "suggest-a-service.yml"
LABEL = "suggestion"
NO_RESPONSE = "_No response_"
# A whole issue body can be 65,536 characters on GitHub; anything longer did not come from
# an issue form, and is refused before it is parsed.
MAX_BODY = 65_536


@dataclass(frozen=True)
class IssueField:
    id: str
    label: str
    type: str  # input or textarea
    description: str
    required: bool = False
    render: str = ""


FIELDS = (
    IssueField(
        "record",
        "The record",
        "textarea",
        "The service's record in YAML, as the directory's form makes it. If you are not "
        "using the form, copy the template from CONTRIBUTING.md and fill it in.",
        required=True,
        render="yaml",
    ),
    IssueField(
        "district",
        "District",
        "input",
        "The district the service is in, as in its web address: for example preston or "
        "south-ribble.",
        required=True,
    ),
    IssueField(
        "file_name",
        "File name",
        "input",
        "The service's short name for its web address: lowercase letters, digits and "
        "hyphens, for example knit-and-natter.",
        required=True,
    ),
    IssueField(
        "changes",
        "The listed service this changes",
        "input",
        "For a change to a service already in the directory, its file name. Leave empty for "
        "a new service.",
    ),
    IssueField(
        "organisation_name",
        "New organisation",
        "input",
        "Only if the organisation that runs the service is not in the directory yet: its "
        "name. Leave empty otherwise.",
    ),
    IssueField(
        "notes",
        "Anything the reviewers should know",
        "textarea",
        "For example how you know the details are right. This is public: do not include "
        "anything private.",
    ),
)
BY_LABEL = {f.label: f for f in FIELDS}


def issue_template() -> str:
    """The text of .github/ISSUE_TEMPLATE/suggest-a-service.yml (committed; a test keeps it
    current)."""
    body = []
    for f in FIELDS:
        attrs: dict[str, object] = {"label": f.label, "description": f.description}
        if f.render:
            attrs["render"] = f.render
        body.append(
            {
                "type": f.type,
                "id": f.id,
                "attributes": attrs,
                "validations": {"required": f.required},
            }
        )
    data = {
        "name": "Suggest or correct a service",
        "description": "Add a service to the directory, or correct one that is listed.",
        "title": "Suggest a service: ",
        "labels": [LABEL],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": 'The easiest way is the "Suggest a service" form on the '
                    "directory's website, which fills this in for you. A check reads the "
                    "record, and a pull request is opened for the directory team to review."
                },
            },
            *body,
        ],
    }
    head = (
        "# Generated from directory/contribute/issue.py by `directory issue-template`;\n"
        "# do not edit.\n"
        "# The site's form fills these field ids through the new-issue address, and\n"
        "# `directory from-issue` reads the submitted issue back by these labels.\n"
    )
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


@dataclass
class Suggestion:
    answers: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # plain-English, each names the field


_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})[^\n]*\n(.*?)\n?\s*\1\s*$", re.DOTALL)


def parse_body(body: str) -> Suggestion:
    """An issue form's rendered body -> {field id: answer}. Headings that are not the form's
    are kept with the answer above them (a reply that quotes `###` stays text)."""
    out = Suggestion()
    if len(body) > MAX_BODY:
        out.problems.append(
            f"The issue is {len(body):,} characters long; the most a suggestion can be is "
            f"{MAX_BODY:,}. Shorten the description, or email the directory team."
        )
        return out
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    current: str | None = None
    lines: dict[str, list[str]] = {}
    for line in text.split("\n"):
        m = _HEADING.match(line)
        if m and m.group(1) in BY_LABEL and BY_LABEL[m.group(1)].id not in lines:
            current = BY_LABEL[m.group(1)].id
            lines[current] = []
        elif current is not None:
            lines[current].append(line)
    for fid, chunk in lines.items():
        answer = "\n".join(chunk).strip("\n")
        if answer.strip() == NO_RESPONSE:
            answer = ""
        if fid == "record":
            m = _FENCE.match(answer)
            if m:
                answer = m.group(2)
            answer = answer.strip("\n") + "\n" if answer.strip() else ""
        else:
            answer = answer.strip()
        out.answers[fid] = answer
    for f in FIELDS:
        if f.required and not out.answers.get(f.id):
            if f.id not in lines:
                out.problems.append(
                    f"{f.label}: the issue has no “{f.label}” section; use the "
                    "“Suggest or correct a service” issue form, or the form on the website."
                )
            else:
                out.problems.append(f"{f.label}: is empty; {f.description}")
    return out


@dataclass
class Result:
    path: Path | None = None  # the record written, when there were no errors
    removed: Path | None = None  # the old file, when a change moved a service's district
    organisation: Path | None = None  # a new organisation's file, written with the service
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def ok(self) -> bool:
        return self.path is not None and not self.problems


def _check_id(label: str, value: str) -> str | None:
    if SLUG.match(value) and len(value) <= SLUG_MAX:
        return None
    suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:SLUG_MAX] or "tea-club"
    return (
        f"{label}: {_quote(value)} is not allowed: use lowercase letters, digits and "
        f"hyphens, at most {SLUG_MAX} characters (such as {suggestion!r})"
    )


def _quote(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    return repr(shown)


def _existing(content_dir: Path, service_id: str) -> list[Path]:
    services = content_dir / "services"
    if not services.is_dir():
        return []
    return sorted(p for p in services.glob(f"*/{service_id}.yaml") if p.is_file())


def from_issue(body: str, content_dir: Path, today: dt.date) -> Result:
    """Write the suggested record into content_dir, checked; or say what is wrong.

    Problems are plain-English sentences that start with the issue form's label or, for the
    record, the record's line and field (`The record, line 4: contacts.email: ...`).
    """
    parsed = parse_body(body)
    result = Result(problems=list(parsed.problems), notes=parsed.answers.get("notes", ""))
    if result.problems:
        return result
    answers = parsed.answers
    content = read_content(content_dir, today, only=[])
    if content.config is None:
        result.problems += [p.text() for p in content.problems]
        return result
    # Someone filling in the issue form by hand writes "South Ribble", or "Knit and Natter"
    # for the file name: taken as meant (and said), unless it looks like a path.
    district = _district(answers["district"], content.config.districts)
    service_id = _forgiven(answers["file_name"], "File name", result.warnings)
    changes = _forgiven(answers.get("changes", ""), BY_LABEL_ID["changes"], result.warnings)
    for f, value in (("District", district), ("File name", service_id)):
        problem = _check_id(f, value)
        if problem:
            result.problems.append(problem)
    if changes:
        problem = _check_id(BY_LABEL_ID["changes"], changes)
        if problem:
            result.problems.append(problem)
    slugs = [d.slug for d in content.config.districts]
    if not result.problems and district not in slugs:
        result.problems.append(
            f"District: {_quote(district)} is not one of this directory's districts: "
            + ", ".join(slugs)
        )
    if result.problems:
        return result
    found = _existing(content_dir, service_id)
    old: Path | None = None
    if changes:
        if changes != service_id:
            result.problems.append(
                f"File name: a change keeps the service's file name; use {changes!r}, "
                "or leave “The listed service this changes” empty for a new service"
            )
            return result
        if not found:
            result.problems.append(
                f"The listed service this changes: there is no listed service {changes!r}; "
                "leave it empty to suggest a new service"
            )
            return result
        old = found[0]
    elif found:
        where = found[0].relative_to(content_dir).parent.as_posix()
        result.problems.append(
            f"File name: a service called {service_id!r} is already listed (in {where}/); "
            "choose another file name, or use “Report a change” on its page"
        )
        return result
    record = answers["record"]
    limit = content.config.max_file_kb * 1024
    if len(record.encode("utf-8")) > limit:
        result.problems.append(
            f"The record: it is {len(record.encode('utf-8')):,} bytes; the most allowed is "
            f"{limit:,} ({content.config.max_file_kb} KB). Shorten the description."
        )
        return result
    if old is not None:
        record = _keep_withheld(record, old, content_dir, today)
    new_org = _new_organisation(answers.get("organisation_name", ""), record, content_dir)
    if isinstance(new_org, str):
        result.problems.append(new_org)
        return result
    target = content_dir / "services" / district / f"{service_id}.yaml"
    # The folders and file name are checked slugs and a known district, so the target is
    # inside the content folder; checked again here in case the folder is a link elsewhere.
    if content_dir.resolve() not in target.resolve().parents:
        result.problems.append(f"District: {_quote(district)} points outside the content folder")
        return result
    before = target.read_bytes() if target.exists() else None
    created_dir = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(record, encoding="utf-8")
    written = [target]
    if new_org is not None:
        org_path, org_text = new_org
        org_path.write_text(org_text, encoding="utf-8")
        written.append(org_path)
        result.organisation = org_path
    checked = read_content(content_dir, today, only=written)
    org_file = new_org[0].resolve() if new_org is not None else None
    for p in sorted(checked.problems):
        at = Path(p.file).resolve() if p.file else None
        if at == target.resolve():
            text = _record_problem(p)
        elif at is not None and at == org_file:
            text = f"New organisation: {p.field + ': ' if p.field else ''}{p.message}"
        elif p.severity == "error":
            text = p.text()  # something else in the content folder is wrong
        else:
            continue
        (result.problems if p.severity == "error" else result.warnings).append(text)
    if result.problems:
        if result.organisation is not None:
            result.organisation.unlink()
            result.organisation = None
        if before is None:
            target.unlink()
            if created_dir:
                target.parent.rmdir()
        else:
            target.write_bytes(before)
        return result
    if old is not None and old.resolve() != target.resolve():
        old.unlink()
        result.removed = old
    result.path = target
    return result


BY_LABEL_ID = {f.id: f.label for f in FIELDS}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ")).strip("-")


def _forgiven(value: str, label: str, warnings: list[str]) -> str:
    """An id as written, or made from a name ("Knit and Natter" -> knit-and-natter); never
    from anything with a path in it, which is refused as written."""
    if not value or SLUG.match(value) or re.search(r"[/\\]|\.\.|[\x00-\x1f]", value):
        return value
    slug = _slug(value)
    if slug and len(slug) <= SLUG_MAX:
        warnings.append(f"{label}: {_quote(value)} was taken as {slug!r}")
        return slug
    return value


def _district(value: str, districts: tuple) -> str:  # type: ignore[type-arg]
    """A district's slug from its slug or its name, in any case."""
    for d in districts:
        if value.strip().lower() in (d.slug, d.name.lower()):
            return str(d.slug)
    return value


def _keep_withheld(record: str, old: Path, content_dir: Path, today: dt.date) -> str:
    """A change to a paused service, sent without the contact details its page does not
    publish (form.WITHHELD), keeps the listed ones. Otherwise the record is as sent."""
    from directory.outputs.form import WITHHELD
    from directory.site.model import build_site

    before, _ = parse(old.read_bytes(), old, old.name)
    after, _ = parse(record.encode("utf-8"), Path("record.yaml"), "record")
    if before is None or after is None:
        return record
    listed, sent = before.data, after.data
    if not isinstance(listed, dict) or not isinstance(sent, dict):
        return record
    org = content_dir / "organisations" / f"{listed.get('organisation')}.yaml"
    content = read_content(content_dir, today, only=[old, org])
    if content.config is None or not content.services:
        return record
    site = build_site(
        content.config, content.categories, content.organisations, content.services, today
    )
    if not site.services or not site.contacts_hidden(site.services[0]):
        return record
    kept = False
    for group, key in WITHHELD:
        value = (listed.get(group) or {}).get(key) if isinstance(listed.get(group), dict) else None
        target = sent.setdefault(group, {})
        if value is not None and isinstance(target, dict) and key not in target:
            target[key] = value
            kept = True
    if not kept:
        return record
    head = "".join(line + "\n" for line in record.splitlines() if line.startswith("#"))
    return head + yaml.safe_dump(sent, sort_keys=False, allow_unicode=True, width=88)


def _new_organisation(name: str, record: str, content_dir: Path) -> tuple[Path, str] | str | None:
    """For "New organisation": (its file, its text) to write with the service, None when
    there is nothing to add (no name given, or the organisation is listed), or a problem."""
    name = name.strip()
    if not name:
        return None
    doc, _ = parse(record.encode("utf-8"), Path("record.yaml"), "record")
    org_id = (
        doc.data.get("organisation") if doc is not None and isinstance(doc.data, dict) else None
    )
    if not isinstance(org_id, str):
        return None  # the record's own check says what is wrong with `organisation`
    problem = _check_id("New organisation", org_id)
    if problem:
        return problem
    path = content_dir / "organisations" / f"{org_id}.yaml"
    if path.exists():
        return None
    if len(name) > 200 or "\n" in name:
        return f"New organisation: the name is {len(name)} characters long; write it on one line"
    text = "# yaml-language-server: $schema=../../schemas/organisation.schema.json\n"
    text += yaml.safe_dump({"name": name}, allow_unicode=True, default_style='"', width=10**6)
    return path, text.replace('"name":', "name:")


def _record_problem(p: Problem) -> str:
    where = f"The record, line {p.line}"
    return f"{where}: {p.field}: {p.message}" if p.field else f"{where}: {p.message}"


def comment(result: Result) -> str:
    """The reply to the issue, in Markdown, when the suggestion could not be turned into a
    record. Each problem is shown as code, so nothing in it is read as Markdown or HTML."""
    lines = [
        "Thank you for your suggestion. Before it can go to the directory team, a few "
        "things need changing:",
        "",
    ]
    for problem in result.problems:
        lines.append(f"- {_inline_code(problem)}")
    lines += [
        "",
        "Please edit the issue (the ··· button at the top right of it, then **Edit**) and "
        "put these right; the check runs again when you save. You can also use the form on "
        "the directory's website again, or email the directory team.",
    ]
    return "\n".join(lines) + "\n"


def _inline_code(text: str) -> str:
    text = text.replace("\n", " ")
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}"


def pull_request_body(result: Result, issue: str | None) -> str:
    """The pull request's description: where it came from, and the suggester's notes."""
    lines = []
    if issue:
        lines.append(f"Suggested in #{issue}. Closes #{issue}.")
        lines.append("")
    if result.organisation is not None:
        lines.append(
            f"Adds the organisation `{result.organisation.stem}` too: please check it is "
            "real and not already listed under another name."
        )
        lines.append("")
    if result.removed is not None and result.path is not None:
        lines.append(
            f"Moves the service to `{result.path.parent.name}` "
            f"(from `{result.removed.parent.name}`)."
        )
        lines.append("")
    if result.warnings:
        lines.append("The check has these remarks:")
        lines += [f"- {_inline_code(w)}" for w in result.warnings]
        lines.append("")
    if result.notes:
        lines.append("Notes from the person who suggested it:")
        lines.append("")
        lines += ["> " + line for line in result.notes.splitlines()]
        lines.append("")
    lines.append("The preview check shows the page as residents will see it.")
    return "\n".join(lines) + "\n"
