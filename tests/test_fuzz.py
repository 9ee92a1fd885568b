"""Validation never crashes: random text, random values and mutated records give either
problems (with a file and a line) or a record the rest of the pipeline can use."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.outputs.render import Renderer, make_env
from directory.records.config import Config, categories_from_record
from directory.records.load import parse
from directory.records.validate import Context, check_organisation, check_service
from directory.site.model import build_site

from .conftest import EXAMPLE, SAMPLE_SERVICE, TODAY

SITE = Config.from_record(yaml.safe_load((EXAMPLE / "site.yaml").read_text()))
CATEGORIES = categories_from_record(yaml.safe_load((EXAMPLE / "taxonomy.yaml").read_text()))
ORG = {"id": "preston-age-friendly-network", "name": "Org", "file": "org.yaml"}
CTX = Context(
    today=TODAY,
    organisations=frozenset({ORG["id"]}),
    categories=frozenset(c.id for c in CATEGORIES),
    districts=frozenset(d.slug for d in SITE.districts),
    site_areas=frozenset(SITE.areas),
)
SAMPLE_TEXT = (EXAMPLE / SAMPLE_SERVICE).read_text()
SAMPLE = yaml.safe_load(SAMPLE_TEXT)
FIELDS = sorted(SAMPLE) + ["summary", "access", "cost", "languages"]
ENV = make_env([])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    # Numbers far past any limit: Python will not even print an int of 4,300+ digits.
    st.integers(min_value=1, max_value=5000).map(lambda n: 10**n - 1),
    # Digits that are not ASCII: "²".isdigit() is true, but int("²") fails.
    st.text(alphabet="0123456789²³¹٣०๓⁴₅①", min_size=1, max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(
        [
            "no",
            "on",
            "12:00",
            "0123",
            "~",
            "",
            "2026-02-30",
            "open",
            "ful",
            "county",
            "preston",
            "drop-in",
            "01632 960123",
            "PR1 3BQ",
            "javascript:alert(1)",
            "<script>x</script>",
            "\u202e",
            "a" * 300,
            "²",
            "9" * 4400,
            "Shed #2 Woodwork Group",
            "18001 01632 960989",
            "01632 960992 ext 204",
            "116 123",
            "00000000000",
            "test@example.org",
            "Sylheti",
            "bfi",
            "line one\r\nline two\rthree",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=20,
)


def dump(value: Any, **kw: Any) -> str:
    """YAML for a value, even one holding an int too long for Python to print by default
    (the text a contributor can type; it is the reading that must cope)."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return yaml.safe_dump(value, **kw)
    finally:
        sys.set_int_max_str_digits(limit)


def validate_text(text: str, district: str = "preston") -> None:
    doc, problems = parse(text.encode("utf-8", "surrogatepass"), Path("x.yaml"), "x.yaml")
    for p in problems:
        assert p.file == "x.yaml" and p.line >= 1
    if doc is None:
        assert problems
        return
    rec, more = check_service(doc, CTX, district)
    for p in more:
        assert p.file == "x.yaml" and p.line >= 1 and p.message
    if rec is not None:
        use(rec)
    org, _ = check_organisation(doc, CTX)


def use(rec: dict[str, Any]) -> None:
    """A record that passed validation goes through the model and renders."""
    rec = {**rec, "id": "fuzzed", "file": "x.yaml", "district": "preston"}
    site = build_site(SITE, CATEGORIES, {ORG["id"]: dict(ORG)}, [rec], TODAY)
    renderer = Renderer(
        site,
        ENV,
        {"site.css": "a.css", "lunr.min.js": "l.js", "search.js": "s.js", "list.js": "li.js"},
    )
    path, html = renderer.service(site.services[0])
    assert html.startswith(b"<!DOCTYPE html>")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    validate_text(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_random_values(value: Any) -> None:
    validate_text(dump(value, allow_unicode=True))


@st.composite
def mutated(draw: st.DrawFn) -> dict:
    rec = yaml.safe_load(dump(SAMPLE, allow_unicode=True))
    for _ in range(draw(st.integers(1, 4))):
        # Walk to a random place in the record, then replace, delete or add something there.
        node: Any = rec
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node))))
            )
            child = node[key]
            if not isinstance(child, dict | list):
                break
            node = child
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                node[key] = draw(values)
            elif action == "delete":
                del node[key]
            else:
                node[draw(st.text(max_size=10))] = draw(values)
        elif isinstance(node, list) and node:
            node[draw(st.integers(0, len(node) - 1))] = draw(values)
    return rec


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_records(rec: dict) -> None:
    validate_text(dump(rec, allow_unicode=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    doc, problems = parse(raw, Path("x.yaml"), "x.yaml")
    assert doc is not None or problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3000), st.sampled_from(["[", "{a: ", "- "]), st.sampled_from(FIELDS))
def test_deep_nesting(depth: int, opener: str, field: str) -> None:
    """Lists and groups nested far deeper than any record: a problem, never a crash."""
    if opener == "- ":
        body = "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "- x\n"
        text = f"{field}:\n" + body
    else:
        closer = "]" if opener == "[" else "}"
        text = f"{field}: " + opener * depth + "x" + closer * depth + "\n"
    rest = {k: v for k, v in SAMPLE.items() if k != field}
    validate_text(dump(rest, allow_unicode=True) + text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), scalars)
def test_any_value_in_any_field(field: str, value: Any) -> None:
    """Every field of the sample given any value, written as YAML: problems, never a crash."""
    rec = yaml.safe_load(SAMPLE_TEXT)
    rec.pop(field, None)
    rec[field] = value
    validate_text(dump(rec, allow_unicode=True))


@pytest.mark.parametrize(
    "line",
    [
        "min_age: ²",
        "min_age: " + "9" * 4400,
        "min_age: -" + "9" * 4400,
        "max_age: 1" + "0" * 5000,
        "min_age: '" + "9" * 4400 + "'",
        "min_age: ٣",
    ],
)
def test_strange_numbers_name_file_line_and_field(line: str) -> None:
    """The values that once stopped `validate` with a traceback."""
    text = re.sub(r"\n  min_age: \d+\n", "\n  " + line + "\n", SAMPLE_TEXT, count=1)
    doc, problems = parse(text.encode(), Path("x.yaml"), "x.yaml")
    assert doc is not None and not problems
    rec, problems = check_service(doc, CTX, "preston")
    assert rec is None
    field = line.split(":")[0]
    assert [p.field for p in problems] == [f"eligibility.{field}"], problems
    assert problems[0].line > 1 and len(problems[0].message) < 200


def test_the_sample_record_passes() -> None:
    """The fuzzing starts from a valid record (so the mutations are what fails)."""
    validate_text((EXAMPLE / SAMPLE_SERVICE).read_text())
    doc, _ = parse((EXAMPLE / SAMPLE_SERVICE).read_bytes(), Path("x"), "x")
    assert doc is not None
    rec, problems = check_service(doc, CTX, "preston")
    assert rec is not None and problems == []
