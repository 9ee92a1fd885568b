"""Real-browser tests: Chromium from Debian's packages driven by Playwright, axe-core and the
Nu Html Checker from the pinned npm packages. Nothing is downloaded at test time."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from directory.build.pipeline import build
from directory.records.content import read_content
from directory.site.model import Site, build_site

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "content"
TODAY = dt.date(2026, 11, 28)
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No DNS look-ups except for the local server.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return  # in CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (run scripts/install --test)")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@functools.cache
def example_model() -> Site:
    content = read_content(EXAMPLE, TODAY)
    assert content.ok and content.config
    return build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = build(EXAMPLE, out, TODAY)
    assert result.ok, [p.text() for p in result.problems]
    return out


def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 in a thread; stops when the fixture ends."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    yield from serve(example_site)


def axe_violations(page, tags: list[str] = WCAG22_AA) -> list[dict]:  # type: ignore[no-untyped-def]
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an injected <script> would be (rightly)
        # blocked by the site's Content Security Policy.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => (await axe.run(document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations""",
        tags,
    )


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in violations
    )


LONG_QUERY = "a lunch club or a warm space for older people near the harbour in Riverside"


def header_search_overflow(page) -> list[str]:  # type: ignore[no-untyped-def]
    """What makes the page wider than the window, with the header search (on the search page,
    its own search form) as it loads and then focused with a long search typed in: [] when
    nothing does (WCAG 2.2 1.4.10 Reflow)."""
    found = []
    box = page.locator("form[role=search]").first
    for moment in ("as it loads", "with a long search typed"):
        if moment != "as it loads":
            field = box.locator("input[type=search]")
            field.fill(LONG_QUERY)
            field.focus()
            page.keyboard.press("End")
        right = box.evaluate("(el) => el.getBoundingClientRect().right")
        width = page.evaluate("window.innerWidth")
        over = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        scrolled = page.evaluate("window.scrollX")
        if right > width or over > 0 or scrolled != 0:
            found.append(
                f"{moment}: search box ends at {right}px of {width}, page {over}px "
                f"too wide, scrolled {scrolled}px sideways"
            )
    return found
