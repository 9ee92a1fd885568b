"""Shared fixtures: small real content folders built in temporary directories."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


# Node runs a browser script (one of directory/static/ that also exports itself to CommonJS):
# the module is `M`, the payload `input`, and the script hands its answer to `output(value)`.
_NODE_PRELUDE = """
const fs = require('fs')
const [modulePath, inputPath, outputPath] = process.argv.slice(2)
const M = require(modulePath)
const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'))
const output = (value) => fs.writeFileSync(outputPath, JSON.stringify(value))
"""


Node = Callable[[Path, str, Any], Any]


@pytest.fixture
def node(tmp_path: Path) -> Node:
    """`node(module, script, payload)` -> the JSON value the script passes to output(), run
    once in Node with the payload as `input` and the module as `M`. Skips without Node, except
    in CI (where a missing Node must fail)."""
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("node is not on PATH")
        pytest.skip("node is not on PATH")

    def run(module: Path, script: str, payload: Any) -> Any:
        folder = Path(tempfile.mkdtemp(prefix="node-", dir=tmp_path))  # one per run
        (folder / "run.js").write_text(_NODE_PRELUDE + script, encoding="utf-8")
        (folder / "in.json").write_text(json.dumps(payload), encoding="utf-8")
        out = folder / "out.json"
        run_script(folder / "run.js", module, folder / "in.json", out)
        return json.loads(out.read_text(encoding="utf-8"))

    return run


def run_script(script: Path, *args: Path) -> None:
    """Run a Node script with these arguments; fail with its error output if it fails."""
    proc = subprocess.run(
        ["node", str(script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
