"""`directory validate` does each piece of work once: the work is counted here (calls of the
libraries it leans on, files composed), never timed. Speed is measured by bench/run."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from directory import cli
from directory.build.cache import State
from directory.outputs import insight
from directory.problems import sort_key
from directory.records import load, phones, validate
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


def test_only_number_like_scalars_reach_pyyamls_resolver(monkeypatch):
    """The loader types words itself (YAML 1.1's booleans and nulls) and asks PyYAML's
    patterns only about what starts like a number; YAML's readings are unchanged."""
    asked: list[str] = []
    real = yaml.resolver.BaseResolver.resolve

    def counted(self, kind, value, implicit):
        asked.append(value)
        return real(self, kind, value, implicit)

    monkeypatch.setattr(yaml.resolver.BaseResolver, "resolve", counted)
    text = (
        "name: Knit\nopen: no\nfree: True\nnote: ~\nnothing: null\nother: Null thing\n"
        "count: 12\nopens: 12:00\nprice: -1.5\nwhen: 2026-01-01\nword: off-peak\n"
    )
    doc, problems = load.parse(text.encode(), Path("x.yaml"), "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {
        "name": "Knit",
        "open": False,
        "free": True,
        "note": None,
        "nothing": None,
        "other": "Null thing",
        "count": 12,
        "opens": 720,
        "price": -1.5,
        "when": dt.date(2026, 1, 1),
        "word": "off-peak",
    }
    assert sorted(asked) == sorted(["12", "12:00", "-1.5", "2026-01-01"])
    for word in ("yes", "No", "ON", "<<", "="):
        node = yaml.compose(f"a: {word}\n", Loader=load._Loader)
        assert (
            node.value[0][1].tag
            == yaml.compose(f"a: {word}\n", Loader=yaml.SafeLoader).value[0][1].tag
        )


def test_the_tab_pattern_runs_only_on_files_with_a_tab(monkeypatch):
    class Counted:
        def __init__(self) -> None:
            self.calls = 0

        def search(self, text: str):
            self.calls += 1
            return real.search(text)

    real = load._TAB_INDENT
    counted = Counted()
    monkeypatch.setattr(load, "_TAB_INDENT", counted)
    for n in range(5):
        load.parse(f"name: Club {n}\nsummary: Tea.\n".encode(), Path("a.yaml"), "a.yaml")
    assert counted.calls == 0
    doc, problems = load.parse(b"name: Club\ncost:\n\tfree: true\n", Path("b.yaml"), "b.yaml")
    assert counted.calls == 1 and doc is None
    assert [(p.line, p.message[:24]) for p in problems] == [(3, "a tab is used for indent")]


def test_validate_reads_lean_records_with_the_same_report(generated: Path, run, monkeypatch):
    """`directory validate` asks for lean records (a tenth of the bytes from the worker
    processes): the report is the same as from whole records."""
    leans: list[bool] = []
    real = cli.read_content

    def spy(*args, **kwargs):
        leans.append(kwargs.get("lean", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "read_content", spy)
    report = run(
        "validate", "--content", str(generated), "--today", "2026-11-28", "--format", "json"
    )
    assert leans == [True]
    whole = read_content(generated, TODAY)
    lean = read_content(generated, TODAY, lean=True)
    assert sorted(whole.problems, key=sort_key) == sorted(lean.problems, key=sort_key)
    assert len(lean.services) == len(whole.services) == 800
    assert [r["id"] for r in lean.services] == [r["id"] for r in whole.services]
    assert {k for r in lean.services for k in r} <= {
        "id",
        "file",
        "district",
        "name",
        "organisation",
        "contacts",
        "locations",
    }
    assert {k for r in lean.organisations.values() for k in r} <= {
        "id",
        "file",
        "name",
        "phone",
        "email",
        "website",
        "charity_number",
    }
    assert len(pickle.dumps(lean.services)) * 5 < len(pickle.dumps(whole.services))
    got = insight.record_duplicate_problems(lean.organisations, lean.services)
    assert got == insight.record_duplicate_problems(whole.organisations, whole.services)
    assert len(json.loads(report.output)) == len(whole.problems) + len(got)
    with pytest.raises(ValueError):
        read_content(generated, TODAY, lean=True, cache=State())


def test_html_and_link_patterns_run_only_on_text_that_could_match(content: Path, run, monkeypatch):
    """Text with no `<` is never searched for HTML tags, nor text with no `](` for inline
    links; text that has them still gets its warnings, with file, line and field."""
    searched: dict[str, list[str]] = {"html": [], "link": []}

    class Counted:
        def __init__(self, name: str, pattern) -> None:
            self.name, self.pattern = name, pattern

        def finditer(self, text: str):
            searched[self.name].append(text)
            return self.pattern.finditer(text)

    monkeypatch.setattr(validate, "HTML_TAG", Counted("html", validate.HTML_TAG))
    monkeypatch.setattr(validate, "MD_LINK", Counted("link", validate.MD_LINK))
    write(
        content / "services/preston/knit.yaml",
        SERVICE.format(n=1, phone="01632 960001")
        + "description: |\n  Bring <b>wool</b>. See [the club](ftp://example.org/knit).\n",
    )
    result = run("validate", "--today", "2026-11-28")
    assert "content/services/preston/knit.yaml:13: warning: description: contains HTML" in (
        result.output
    )
    assert "content/services/preston/knit.yaml:13: warning: description: the link 'ftp:" in (
        result.output
    )
    assert all("<" in text for text in searched["html"])
    assert all("](" in text for text in searched["link"])
    assert len(searched["html"]) == len(searched["link"]) == 1


def test_the_comment_pattern_runs_only_on_files_with_a_comment_after_a_value(monkeypatch):
    """A file without ` #` (or a tab and #) is not searched value by value for a comment
    after it; one with `name: Shed #2` still has its cut value kept for validation."""

    class Counted:
        def __init__(self) -> None:
            self.calls = 0

        def match(self, text: str, pos: int):
            self.calls += 1
            return real.match(text, pos)

    real = load._COMMENT_AFTER
    counted = Counted()
    monkeypatch.setattr(load, "_COMMENT_AFTER", counted)
    plain = "name: Shed\n# a note on a line of its own\nlocations:\n  - town: Leyland\n"
    doc, problems = load.parse(plain.encode(), Path("a.yaml"), "a.yaml")
    assert doc is not None and problems == [] and doc.cut == {}
    assert counted.calls == 0
    cut = "name: Shed #2 Woodwork\nlocations:\n  - town: Leyland # by the church\n"
    doc, problems = load.parse(cut.encode(), Path("b.yaml"), "b.yaml")
    # Read by the fast path: the cut values are looked for when a text is checked.
    assert doc is not None and doc.fast and counted.calls == 0
    assert doc.is_cut(("name",), "Shed") and counted.calls == 2
    assert doc.cut == {
        ("name",): "Shed #2 Woodwork",
        ("locations", 0, "town"): "Leyland # by the church",
    }
