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

# Every row of the county shard: distance to each from a point, then sorted nearest first,
# with the page's own functions (window.directorySearch.nearest). Median of several runs.
SORT_SCRIPT = """
async (postcode) => {
  const S = window.directorySearch;
  const origin = await S.resolve(postcode);
  const rows = (await (await fetch('county.docs.json')).json()).rows;
  const hits = rows.map((row, i) => ({ row, i, score: 0 }));
  const times = [];
  for (let run = 0; run < 7; run++) {
    const t0 = performance.now();
    for (const h of hits) h.miles = h.row[7] & 8 ? null : S.nearest(origin, h.row);
    hits.sort((x, y) => {
      const dx = x.miles === null ? Infinity : x.miles, dy = y.miles === null ? Infinity : y.miles;
      return dx - dy || x.i - y.i;
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[3], rows: rows.length };
}
"""


@dataclass
class NearResult:
    postcode: str
    query: str
    loads: list[search_probe.PageLoad]
    sort_ms: list[float] = field(default_factory=list)
    sorted_rows: int = 0

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


def probe(site: Path, postcode: str, query: str, warm: list[str], loads: int) -> NearResult:
    """Cold loads of /search/?q=query&near=postcode (no district), each in a fresh context,
    after one unmeasured load; then the distance sort of every county result."""
    from playwright.sync_api import sync_playwright

    path = "/search/?" + urllib.parse.urlencode({"q": query, "near": postcode})
    with search_probe.GzipServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=search_probe.CHROMIUM, args=search_probe.CHROMIUM_ARGS
        )
        try:
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
                finally:
                    context.close()
            return result
        finally:
            browser.close()
