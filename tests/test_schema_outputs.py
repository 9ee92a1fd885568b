"""The JSON Schemas for editors: committed copies are current, and they agree with validation."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from directory.records import jsonschema as js
from directory.records import schema as s
from directory.records.load import Document
from directory.records.validate import Checker, Context

from .conftest import EXAMPLE, ROOT

REFRESH = "directory schema --write schemas/"


def editor_view(path: Path) -> Any:
    """A YAML file as the YAML language server sees it: unquoted dates are strings."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema_errors(kind: str, data: Any) -> list[str]:
    validator = Draft202012Validator(
        js.json_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'.'.join(map(str, e.absolute_path)) or '(file)'}: {e.message}"
        for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


@pytest.mark.parametrize("kind", list(js.KINDS))
def test_committed_schema_is_current(kind):
    path = ROOT / "schemas" / js.schema_file(kind)
    assert path.exists(), f"{path} is missing: run `{REFRESH}`"
    assert path.read_text(encoding="utf-8") == js.dumps(js.json_schema(kind)), (
        f"schemas/{js.schema_file(kind)} is out of date with directory/records/schema.py: "
        f"run `{REFRESH}`"
    )


@pytest.mark.parametrize("kind", list(js.KINDS))
def test_schema_is_valid_draft_2020_12(kind):
    Draft202012Validator.check_schema(js.json_schema(kind))


def test_cli_prints_and_writes_schemas(run, tmp_path):
    result = run("schema", "--kind", "organisation")
    assert result.exit_code == 0
    assert json.loads(result.output) == js.json_schema("organisation")
    result = run("schema", "--write", "out")
    assert result.exit_code == 0, result.output
    for kind in js.KINDS:
        written = tmp_path / "out" / js.schema_file(kind)
        assert written.read_text(encoding="utf-8") == js.dumps(js.json_schema(kind))


def test_schema_carries_the_declarations():
    service = js.json_schema("service")
    assert service["additionalProperties"] is False
    assert "name" in service["required"] and "description" not in service["required"]
    status = service["properties"]["capacity"]["properties"]["status"]
    assert status["enum"] == list(s.CAPACITY_STATUSES)
    assert "Open Referral UK" in status["markdownDescription"]
    assert service["properties"]["summary"]["maxLength"] == 300
    age = service["properties"]["eligibility"]["properties"]["min_age"]
    assert (age["type"], age["minimum"], age["maximum"]) == ("integer", 0, 120)
    reviewed = service["properties"]["reviewed"]
    assert (reviewed["type"], reviewed["format"]) == ("string", "date")


def test_modelines_point_at_the_schemas():
    for kind, sample in (
        ("service", "services/preston/tuesday-lunch-club.yaml"),
        ("organisation", "organisations/preston-age-friendly-network.yaml"),
    ):
        path = EXAMPLE / sample
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == js.modeline(kind)
        target = first.split("$schema=", 1)[1]
        assert (path.parent / target).resolve() == ROOT / "schemas" / js.schema_file(kind)


def example_files() -> list[tuple[str, Path]]:
    files = [("site", EXAMPLE / "site.yaml"), ("taxonomy", EXAMPLE / "taxonomy.yaml")]
    files += [("organisation", p) for p in sorted((EXAMPLE / "organisations").glob("*.yaml"))]
    files += [("service", p) for p in sorted((EXAMPLE / "services").glob("*/*.yaml"))]
    return files


def test_every_example_file_matches_its_schema():
    """What `directory validate` accepts in the example county, the editor accepts too."""
    problems = []
    for kind, path in example_files():
        problems += [
            f"{path.relative_to(ROOT)}: {e}" for e in schema_errors(kind, editor_view(path))
        ]
    assert not problems, "\n".join(problems)


SAMPLE = EXAMPLE / "services/preston/tuesday-lunch-club.yaml"

INVALID = [
    # (change to the sample service, what the schema says)
    (lambda r: r["capacity"].update(status="ful"), "'ful' is not one of"),
    (lambda r: r.update(nmae="x"), "Additional properties are not allowed ('nmae'"),
    (lambda r: r.pop("name"), "'name' is a required property"),
    (lambda r: r["schedule"][0].update(opens=690), "690 is not of type 'string'"),
    (lambda r: r["schedule"][0].update(opens="11.30am"), "does not match"),
    (lambda r: r["contacts"]["phones"][0].update(number="12345"), "does not match"),
    (lambda r: r["contacts"]["phones"][0].update(number=1632960102), "is not of type"),
    (lambda r: r["contacts"].update(website="javascript:alert(1)"), "does not match"),
    (lambda r: r["locations"][0].update(postcode="PR99 ZZZ"), "does not match"),
    (lambda r: r.update(reviewed="last June"), "does not match"),
    (lambda r: r.update(categories=[]), "should be non-empty"),
    (lambda r: r.update(summary="Long " * 70), "is too long"),
    (lambda r: r.update(name="Two\nlines"), "does not match"),
    (lambda r: r["eligibility"].update(min_age=150), "150 is greater than the maximum of 120"),
    (lambda r: r.update(languages=[""]), "should be non-empty"),
    (lambda r: r["cost"].update(free="yes"), "'yes' is not of type 'boolean'"),
]


@pytest.mark.parametrize("change,expected", INVALID, ids=[e for _, e in INVALID])
def test_invalid_records_are_rejected(change, expected):
    record = editor_view(SAMPLE)
    assert schema_errors("service", record) == []
    change(record)
    errors = schema_errors("service", record)
    assert any(expected in e for e in errors), errors


# The patterns for editors are written for ECMA-262 regular expressions; validate.py checks
# the same things in Python after normalising. They must agree on ordinary values.
AGREE = {
    s.POSTCODE: (
        ["PR1 3BQ", "pr1 3bq", "PR13BQ", "M1 1AE", "SW1A 1AA", "GIR 0AA", "BB11 2AB"],
        ["PR99 ZZZ", "12345", "PR1", "PR1 3B", "Preston"],
    ),
    s.PHONE: (
        [
            "01632 960123",
            "01632960123",
            "(01632) 960123",
            "07700 900123",
            "+44 1632 960123",
            "+44 (0)1632 960123",
            "0161 496 0000",
            "020 7946 0000",
            "01632 960992 ext 204",
            "01632 960992 x204",
            "18001 01632 960989",
            "116 123",
            "111",
            "0800 123 4567",
        ],
        ["12345", "01632 960", "call us", "+1 555 0100", "01632 96012345678", "116 123 ext 2"],
    ),
    s.URL: (
        ["https://example.org", "http://example.org/path?q=1", "HTTPS://EXAMPLE.ORG/"],
        [
            "javascript:alert(1)",
            "www.example.org",
            "https://localhost",
            "https://exa mple.org",
            "ftp://example.org",
            "mailto:a@example.org",
        ],
    ),
    s.EMAIL: (
        ["a@example.org", "first.last+tag@sub.example.org"],
        ["a at example dot org", "a@b", "@example.org", "a@exa mple.org"],
    ),
    s.TIME: (["09:30", "9:30", "23:59", "14.00", "24:00"], ["24:30", "9am", "12:60", "noon"]),
    s.DATE: (["2026-11-28"], ["28/11/2026", "last June", "2026-11"]),
}


def validator_accepts(kind: str, value: str) -> bool:
    checker = Checker(Document(Path(), "", value), Context(today=dt.date(2026, 11, 28)))
    checker.check(s.Field("x", kind, "x"), value, ())
    return not checker.problems


@pytest.mark.parametrize("kind", list(AGREE))
def test_patterns_agree_with_validation(kind):
    pattern = js._string(s.Field("x", kind, "x"))["pattern"]
    good, bad = AGREE[kind]
    for value in good:
        assert validator_accepts(kind, value), value
        assert re.search(pattern, value), value
    for value in bad:
        assert not validator_accepts(kind, value), value
        assert not re.search(pattern, value), value
