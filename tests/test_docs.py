"""The field reference and the templates come from schema.py and stay in step with it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from directory.contribute.docs import REFRESH, generated, walk
from directory.contribute.scaffold import KINDS, example, example_record, render, template
from directory.records import schema as s
from directory.records.load import Document
from directory.records.validate import Checker, Context

from .conftest import ROOT, SAMPLE_ORG, SAMPLE_SERVICE, write
from .test_schema_outputs import schema_errors

ROOTS = (s.SERVICE, s.ORGANISATION, s.SITE, s.TAXONOMY)


def test_docs_are_current():
    for path, expected in generated(ROOT).items():
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.relative_to(ROOT)} is out of date with directory/records/schema.py: run "
            f"`{REFRESH}` from the repository root"
        )


def every_field(f: s.Field, path: str) -> Iterator[tuple[str, s.Field]]:
    """Every Field object, list items included."""
    yield path, f
    for c in f.fields:
        yield from every_field(c, f"{path}.{c.name}")
    if f.item is not None:
        yield from every_field(f.item, f"{path}[]")


def test_every_field_has_help():
    missing = [p for root in ROOTS for p, f in every_field(root, root.name) if not f.help.strip()]
    assert not missing, f"fields without help text in directory/records/schema.py: {missing}"


@pytest.mark.parametrize("root", [s.SERVICE, s.ORGANISATION], ids=lambda f: f.name)
def test_every_record_field_maps_to_open_referral(root):
    missing = [p for p, f in walk(root) if not f.oruk.strip()]
    assert not missing, f"{root.name} fields without an Open Referral UK mapping: {missing}"


def test_reference_lists_every_field():
    text = (ROOT / "docs/content-format.md").read_text(encoding="utf-8")
    for root in ROOTS:
        for path, _ in walk(root):
            assert f"| `{path}` |" in text, path


def test_every_example_is_valid():
    """Each declared example passes the validator's own check of its field."""
    ctx = Context(
        today=dt.date(2026, 11, 28),
        organisations=frozenset([SAMPLE_ORG]),
        categories=frozenset(["lunch-clubs"]),
        districts=frozenset(["preston", "south-ribble"]),
    )
    for root in ROOTS:
        for path, f in every_field(root, root.name):
            if f.example is None:
                continue
            checker = Checker(Document(Path(), "", f.example), ctx)
            checker.check(f, f.example, ())
            assert not checker.problems, (path, checker.problems)


@pytest.mark.parametrize("kind", list(KINDS))
def test_uncommented_examples_have_the_right_shape(kind):
    """Deleting every "# " in a template gives fields of the right shape (cross-field rules
    such as "free with prices" aside)."""
    record = {f.name: example(f) for f in KINDS[kind].fields if example(f) is not None}
    data = yaml.safe_load(render(kind, record, commented=False))
    data = json.loads(json.dumps(data, default=lambda v: v.isoformat()))  # dates as text
    assert schema_errors(kind, data) == []


def test_templates_are_valid_records(content, run):
    """The templates in CONTRIBUTING.md, pasted as they are, pass `directory validate`."""
    (content / SAMPLE_SERVICE).unlink()
    write(content / "services/preston/tuesday-lunch-club.yaml", template("service"))
    write(content / "organisations/example-organisation.yaml", template("organisation"))
    result = run("validate", "--today", "2026-11-28", "--strict")
    assert result.exit_code == 0, result.output
    assert "2 organisations checked: 0 error(s), 0 warning(s)" in result.output


def test_template_lists_optional_fields_commented_out():
    text = template("service")
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert "\n# capacity:\n#   status: open\n" in text
    assert '\n#     opens: "10:00"\n' in text
    assert example_record("service")["cost"] == {"free": True}
