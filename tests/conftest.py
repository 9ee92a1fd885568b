"""Shared fixtures: small real content folders built in temporary directories."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from directory.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "content"
TODAY = dt.date(2026, 11, 28)
SAMPLE_ORG = "preston-age-friendly-network"
SAMPLE_SERVICE = "services/preston/tuesday-lunch-club.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A one-service content folder: the example's configuration, taxonomy and sample records."""
    root = tmp_path / "content"
    (root / "organisations").mkdir(parents=True)
    (root / "services" / "preston").mkdir(parents=True)
    for name in ("site.yaml", "taxonomy.yaml", f"organisations/{SAMPLE_ORG}.yaml", SAMPLE_SERVICE):
        shutil.copy(EXAMPLE / name, root / name)
    if (EXAMPLE / "pages").is_dir():
        shutil.copytree(EXAMPLE / "pages", root / "pages")
    return root


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run the CLI from tmp_path, so messages name files as content/..."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, [*args], catch_exceptions=False)

    return invoke


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
