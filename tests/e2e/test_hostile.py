"""Hostile records render as text and run nothing, in a real browser."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from directory.build.pipeline import build

from .conftest import EXAMPLE, serve

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LONG = "Supercalifragilistic" * 12

HOSTILE_SERVICE = f"""\
name: 'Hostile <b onmouseover=alert(1)>club</b> {XSS}'
organisation: hostile-org
summary: '"><svg onload=alert(1)> {LONG[:120]}'
description: |
  Normal text then raw HTML: {XSS}
  <iframe src="https://evil.example"></iframe>

  [click me](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and
  [vb](vbscript:msgbox) and <a href="javascript:alert(2)">html link</a>
  ![image](https://tracker.example/pixel.gif)

  # A heading that should not be an h1

  A [good link](https://example.org/ok) and <style>body{{display:none}}</style>
categories: [advice]
access: [drop-in]
access_notes: '<script>alert(3)</script>'
eligibility:
  who: '<img src=x onerror=alert(4)>'
cost:
  free: false
  options:
    - amount: 1
      description: '<i>per</i> session {XSS}'
contacts:
  phones:
    - number: "01632 960999"
      label: '<a href="javascript:alert(5)">call</a>'
  website: 'https://example.org/"><script>alert(6)</script>'
locations:
  - name: '<script>alert(7)</script> Hall'
    address: '1 "Quote" Street'
    town: Preston
    postcode: PR1 1AA
    accessibility_notes: '{LONG}'
schedule:
  - days: [monday]
    opens: "10:00"
    closes: "11:00"
    note: '{XSS}'
capacity:
  status: limited
  note: '<script>alert(8)</script>'
reviewed: 2026-01-01
"""
HOSTILE_ORG = f"""\
name: 'Org {XSS}'
description: '[x](javascript:alert(9)) <script>alert(10)</script>'
website: https://example.org/
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(EXAMPLE, content, ignore=shutil.ignore_patterns("services", "organisations"))
    (content / "services" / "preston").mkdir(parents=True)
    (content / "organisations").mkdir()
    (content / "services/preston/hostile.yaml").write_text(HOSTILE_SERVICE)
    (content / "organisations/hostile-org.yaml").write_text(HOSTILE_ORG)
    result = build(content, root / "site", dt.date(2026, 11, 28))
    assert result.ok, [p.text() for p in result.problems]
    return root / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site)


def test_no_script_or_handlers_in_the_html(hostile_site: Path):
    for path in hostile_site.rglob("*.html"):
        if "api" in path.relative_to(hostile_site).parts:
            # JSON for Open Referral UK consumers, with < and > escaped: no tag can form.
            assert b"<" not in path.read_bytes() and b">" not in path.read_bytes(), path
            continue
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/json":
                # A data block, never run (the form reads it): JSON with <, > and & escaped,
                # so nothing in a record can end it early or open a tag.
                text = script.string or ""
                json.loads(text)
                assert "<" not in text and ">" not in text, (path, "unescaped data block")
                continue
            assert script.get("src", "").startswith(("../", "assets/")), (path, script)
            assert not script.string, (path, "inline script")
        for tag in soup.find_all(True):
            for attr in tag.attrs:
                assert not attr.lower().startswith("on"), (path, tag)
            for attr in ("href", "src", "action"):
                value = tag.get(attr)
                if isinstance(value, str):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (path, tag)
        for bad in ("iframe", "img", "svg", "style", "object", "embed", "h1 h1"):
            if bad in ("img", "svg", "iframe", "style", "object", "embed"):
                assert not soup.find(bad), (path, bad)
        assert len(soup.find_all("h1")) == 1, path


def test_hostile_text_is_shown_as_typed(hostile_site: Path):
    html = (hostile_site / "services/hostile/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert "<script>alert(" not in html
    assert soup.h1.get_text() == f"Hostile <b onmouseover=alert(1)>club</b> {XSS}"
    links = [a["href"] for a in soup.select("main a")]
    assert "https://example.org/ok" in links
    assert not any(h.startswith(("javascript", "data", "vbscript")) for h in links)


def test_nothing_runs_in_the_browser(page: Page, hostile_url: str):
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in (
        "/services/hostile/",
        "/organisations/hostile-org/",
        "/a-z/",
        "/districts/preston/",
        "/search/?q=hostile",
    ):
        page.goto(hostile_url + path)
        page.wait_for_load_state("networkidle")
        page.mouse.move(200, 300)
    assert problems == []
    assert all(r.startswith(hostile_url) for r in requests), requests
    # Very long words wrap instead of pushing the page sideways on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(hostile_url + "/services/hostile/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
