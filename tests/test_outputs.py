"""Every declared kind of output, including kinds added later: built incrementally through a
series of changes, each kind's files equal a cold build's."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from directory.build import cache
from directory.build.pipeline import build
from directory.outputs import kinds as outputs
from directory.outputs import render

from .conftest import EXAMPLE, TODAY
from .test_build import tree


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # Small limits, so that the example county has an output of every kind: an A to Z page
    # per letter, and pages of all of a category in a district.
    monkeypatch.setattr(render, "AZ_SPLIT", 20)
    monkeypatch.setattr(render, "GROUP_LIMIT", 2)
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def _service(county: Path) -> Path:
    return county / "services" / "preston" / "tuesday-lunch-club.yaml"


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("a service's summary", lambda c: _edit(_service(c), "summary: ", "summary: Now with cake. ")),
    ("a service's first letter", lambda c: _edit(_service(c), "name: Tuesday", "name: Zesty")),
    ("a service fills up", lambda c: _edit(_service(c), "status: open", "status: full")),
    ("a service's categories", lambda c: _edit(_service(c), "[lunch-clubs, ", "[")),
    ("a service's districts", lambda c: _edit(_service(c), "[preston, south-ribble]", "[county]")),
    (
        "a service added",
        lambda c: shutil.copy(_service(c), c / "services" / "chorley" / "a-new-service.yaml"),
    ),
    ("a service removed", lambda c: sorted((c / "services" / "wyre").glob("*.yaml"))[0].unlink()),
    (
        "an organisation's name",
        lambda c: _edit(
            c / "organisations" / "preston-age-friendly-network.yaml",
            "name: Preston Age Friendly Network",
            "name: Preston Age Friendly Network CIO",
        ),
    ),
    (
        "the taxonomy",
        lambda c: _edit(c / "taxonomy.yaml", "Lunch clubs and community meals", "Lunch clubs"),
    ),
    ("the site settings", lambda c: _edit(c / "site.yaml", "title: ", "title: The ")),
    ("a static page", lambda c: _edit(c / "pages" / "privacy.md", "\n", "\n\nUpdated.\n")),
    (
        "a static page added",
        lambda c: (c / "pages" / "contact.md").write_text("# Contact\n\nHi.\n"),
    ),
]


def _by_kind(site: Path, cache_dir: Path) -> dict[str, dict[str, str]]:
    """{kind: {file: hash}} for every file the cached build's outputs wrote."""
    state = cache.load(cache_dir)
    files = tree(site)
    kinds: dict[str, dict[str, str]] = {}
    for unit, paths in state.files.items():
        kind = unit.split(":", 1)[0]
        for path in paths:
            kinds.setdefault(kind, {})[path] = files.pop(path)
    assert set(files) == {".directory-site", "sitemap.xml", "robots.txt"}
    return kinds


def test_every_kind_of_output_is_built_incrementally_as_a_cold_build_makes_it(
    county: Path, tmp_path: Path
) -> None:
    site, cold, cache_dir = tmp_path / "site", tmp_path / "cold", tmp_path / "cache"
    declared = {k.name for k in outputs.KINDS}
    first = build(county, site, TODAY, cache_dir=cache_dir)
    assert first.ok, first.problems
    # Every kind has outputs in the example county, so each is checked below.
    assert set(_by_kind(site, cache_dir)) == declared

    steps = [*CHANGES, ("the next day", lambda c: None)]
    for step, (what, change) in enumerate(steps):
        change(county)
        today = TODAY + dt.timedelta(days=1 if what == "the next day" else 0)
        cached = build(county, site, today, cache_dir=cache_dir)
        assert cached.ok, (what, cached.problems)
        if step > 0:
            assert cached.reused > 0 or what in ("the taxonomy", "the site settings"), what
        shutil.rmtree(cold, ignore_errors=True)
        made = build(county, cold, today)
        assert made.ok
        incremental = _by_kind(site, cache_dir)
        reference = tree(cold)
        for kind in declared:
            for path, digest in incremental.get(kind, {}).items():
                assert reference.get(path) == digest, f"after {what}: {kind} output {path}"
        assert tree(site) == reference, what
