"""The Nu Html Checker (vnu.jar from the pinned npm package, run by Debian's Java) finds no
errors in any page of the example site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import VNU_JAR


def test_every_page_is_valid_html(example_site: Path):
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        if os.environ.get("CI"):
            pytest.fail("java and node_modules/vnu-jar are needed (scripts/install --test)")
        pytest.skip("no java or vnu.jar (scripts/install --test)")
    # api/ holds JSON in index.html files and extensionless files named by id.
    pages = sorted(
        str(p)
        for p in example_site.rglob("*.html")
        if "api" not in p.relative_to(example_site).parts
    )
    assert len(pages) > 100
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{m.get('url', '?').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
    ]
    assert problems == [], "\n".join(problems[:30])
    assert proc.returncode == 0
