"""`directory validate` does each piece of work once: the work is counted here (calls of the
libraries it leans on, files composed), never timed. Speed is measured by bench/run."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest

from directory.outputs import insight
from directory.records import phones
from directory.records.content import read_content
from directory.site import model

from .conftest import EXAMPLE, ROOT, TODAY, write

sys.path.insert(0, str(ROOT))
from bench.generate import write_county  # noqa: E402
from bench.replicate import replicate  # noqa: E402

SERVICE = """\
name: Knit and Natter {n}
organisation: preston-age-friendly-network
summary: A friendly knitting group with tea and cake.
categories: [older-people]
access: [drop-in]
cost:
  free: true
contacts:
  phones:
    - number: "{phone}"
    - number: "01632 960123"
reviewed: 2026-06-01
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated county of 800 services (about 100 probable duplicates across
    organisations)."""
    folder = tmp_path_factory.mktemp("generated") / "content"
    write_county(folder, 800)
    return folder


def test_each_phone_number_text_is_parsed_once(content: Path, run, monkeypatch):
    """30 services giving 3 numbers between them: libphonenumber parses each text once,
    and every file still gets its own message, with its line, for a bad number."""
    calls: list[str] = []
    real = phones.phonenumbers.parse

    def counted(text, region=None, *args, **kwargs):
        calls.append(text)
        return real(text, region, *args, **kwargs)

    monkeypatch.setattr(phones.phonenumbers, "parse", counted)
    phones.parse.cache_clear()
    for n in range(30):
        phone = ("01632 960001", "01632 960002", "01632 96000")[n % 3]
        write(
            content / f"services/preston/knit-{n}.yaml",
            SERVICE.format(n=n, phone=phone),
        )
    result = run("validate", "--today", "2026-11-28", "--format", "json")
    problems = json.loads(result.output)
    bad = [p for p in problems if p["field"] == "contacts.phones[0].number"]
    assert sorted(p["file"] for p in bad) == sorted(
        f"content/services/preston/knit-{n}.yaml" for n in range(2, 30, 3)
    )
    assert {p["line"] for p in bad} == {10}
    assert all("'01632 96000' is not a valid UK phone number" in p["message"] for p in bad)
    numbers = [c for c in calls if c.startswith("01632")]
    # The three numbers above, 01632 960123, and the sample service's and organisation's own.
    assert sorted(set(numbers)) == sorted(numbers)
    assert {"01632 960001", "01632 960002", "01632 96000", "01632 960123"} <= set(numbers)
    assert phones.parse.cache_info().hits >= 30 * 2 - len(numbers)


def test_validate_warns_of_duplicates_without_building_the_site(generated: Path, run, monkeypatch):
    """The duplicate warnings come from the records: the site model is never built."""
    expected = _site_warnings(generated)
    assert len(expected) > 50  # the generated county has probable duplicates to find

    def refuse(*args, **kwargs):
        raise AssertionError("validate built the site model")

    monkeypatch.setattr(model, "build_site", refuse)
    result = run(
        "validate", "--content", str(generated), "--today", "2026-11-28", "--format", "json"
    )
    got = [p for p in json.loads(result.output) if "% alike" in p["message"]]
    # The report is in file order, not in likeness order.
    assert sorted((p["file"], p["message"]) for p in got) == sorted(
        (p.file, p.message) for p in expected
    )


def test_record_duplicates_equal_the_site_models(generated: Path, tmp_path: Path):
    """The same warnings, in the same order, as from the site model, on a generated county
    and on the example's records copied under other organisations (every pair alike)."""
    full = tmp_path / "full"
    replicate(EXAMPLE, full, 500, copy_organisations=True)
    for folder in (generated, full):
        content = read_content(folder, TODAY)
        got = insight.record_duplicate_problems(content.organisations, content.services)
        assert got == _site_warnings(folder)
        assert got


def test_record_duplicates_leave_out_services_of_broken_organisations(tmp_path: Path):
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    content = read_content(folder, TODAY)
    service = dict(content.services[0], organisation="no-such-organisation")
    twin = dict(service, id="twin", file="twin.yaml")
    assert insight.record_duplicate_problems(content.organisations, [service, twin]) == []


def _site_warnings(folder: Path) -> list:
    content = read_content(folder, TODAY)
    site = model.build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )
    return insight.duplicate_problems(site)


def test_replicated_county_validates_with_warnings_only(tmp_path: Path):
    """bench/replicate.py: the example's own records, copied to 300 services."""
    out = tmp_path / "county"
    assert replicate(EXAMPLE, out, 300) == 300
    content = read_content(out, dt.date(2026, 11, 28))
    assert len(content.services) == 300
    assert len(content.organisations) == len(list((EXAMPLE / "organisations").glob("*.yaml")))
    assert content.ok, [p for p in content.problems if p.severity == "error"][:3]
