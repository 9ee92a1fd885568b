"""Near me measurements in headless Chromium, on the same counting gzip server as the search
probe (search_probe.GzipServer): a cold load of a search near a postcode with no district
chosen (bytes and time before the first result, including the postcode files), a distance
sort of every result of the county shard, and warm queries with the place kept.
"""

from __future__ import annotations

import statistics
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import search_probe

# Every row of the county shard, as the page holds them after a search (search.js's hits: row,
# score, rank, ref), given distances from the place and sorted nearest first by the page's own
# functions (window.directorySearch.measure and .order, which present() uses). Median of
# several runs; the rows are put back in their first order before each run.
SORT_SCRIPT = """
async (postcode) => {
  const S = window.directorySearch;
  const origin = await S.resolve(postcode);
  const docs = await (await fetch('county.docs.json')).json();
  const first = docs.rows.map((row, ref) => ({ row, score: 0, i: docs.rank[ref], ref }));
  const times = [];
  let placed = 0;
  for (let run = 0; run < 7; run++) {
    const hits = first.slice();
    const t0 = performance.now();
    S.measure(hits, origin);
    S.order(hits, true);
    times.push(performance.now() - t0);
    placed = hits.filter((h) => h.miles !== null).length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[3], rows: docs.rows.length, placed };
}
"""


@dataclass
class NearResult:
    postcode: str
    query: str
    loads: list[search_probe.PageLoad]
    sort_ms: list[float] = field(default_factory=list)
    sorted_rows: int = 0
    placed_rows: int = 0  # of them, rows given a distance (with a place to go to)

    def _median(self, attr: str) -> float | None:
        values = [v for v in (getattr(x, attr) for x in self.loads) if v is not None]
        return statistics.median(values) if values else None

    @property
    def first_result_ms(self) -> float | None:
        return self._median("first_result_ms")

    @property
    def bytes_before_first(self) -> float | None:
        return self._median("bytes_before_first")

    @property
    def warm_median_ms(self) -> float | None:
        values = [v for x in self.loads for v in x.warm_ms]
        return statistics.median(values) if values else None

    @property
    def sort_median_ms(self) -> float | None:
        return statistics.median(self.sort_ms) if self.sort_ms else None


def site_postcode(site: Path) -> str | None:
    """A full postcode the site knows: the first of its largest postcode file (geo.py's
    postcodes_file: the inward codes run together in "i")."""
    import json

    files = sorted((site / "near").glob("*.json"), key=lambda p: -p.stat().st_size)
    for path in files:
        if path.stem == "places":
            continue
        codes = json.loads(path.read_text(encoding="utf-8")).get("i", "")
        if codes:
            return f"{path.stem} {codes[:3]}"
    return None


def probe(
    site: Path, postcode: str, query: str, warm: list[str], loads: int, browser: Any = None
) -> NearResult:
    """Cold loads of /search/?q=query&near=postcode (no district), each in a fresh context,
    after one unmeasured load; then the distance sort of every county result. In a browser
    of its own (headless Chromium), or in `browser` (a Playwright Browser) when given."""
    from playwright.sync_api import sync_playwright

    path = "/search/?" + urllib.parse.urlencode({"q": query, "near": postcode})
    with search_probe.GzipServer(site) as server:
        if browser is not None:
            return _measure(browser, server, path, postcode, query, warm, loads)
        with sync_playwright() as pw:
            own = pw.chromium.launch(
                executable_path=search_probe.CHROMIUM, args=search_probe.CHROMIUM_ARGS
            )
            try:
                return _measure(own, server, path, postcode, query, warm, loads)
            finally:
                own.close()


def _measure(
    browser: Any,
    server: search_probe.GzipServer,
    path: str,
    postcode: str,
    query: str,
    warm: list[str],
    loads: int,
) -> NearResult:
    search_probe._one_load(browser, server, path, warm[:3])
    result = NearResult(
        postcode,
        query,
        [search_probe._one_load(browser, server, path, warm) for _ in range(loads)],
    )
    for _ in range(loads):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(server.url + "/search/")
            page.wait_for_function("() => window.directorySearch")
            got: dict[str, Any] = page.evaluate(SORT_SCRIPT, postcode)
            result.sort_ms.append(float(got["ms"]))
            result.sorted_rows = int(got["rows"])
            result.placed_rows = int(got["placed"])
        finally:
            context.close()
    return result
