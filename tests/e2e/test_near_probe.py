"""bench/near_probe.py measures what the site does for near me: the bytes before the first
result include the place files the page fetches (places.json and the typed postcode's
district file, in the form the build ships them), and the distance sort it times is the
page's own, over every row of the county shard."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser

from bench import near_probe


def test_the_near_me_probe_counts_the_postcode_files_and_sorts_every_row(
    example_site: Path, browser: Browser
):
    postcode = near_probe.site_postcode(example_site)
    assert postcode is not None
    district, inward = postcode.split()
    shipped = json.loads((example_site / "near" / f"{district}.json").read_text())
    assert inward in shipped["i"]
    result = near_probe.probe(example_site, postcode, "lunch", ["cafe", "walk"], 1, browser)
    load = result.loads[0]
    assert load.error == "" and load.results > 0, load.status
    assert "/near/places.json" in load.before_first
    assert f"/near/{district}.json" in load.before_first
    served = {path: size for path, _, size in load.requests}
    counted = sum(served[p] for p in load.before_first if p in served)
    assert load.bytes_before_first == counted
    assert served[f"/near/{district}.json"] > 0
    assert load.bytes_before_first > served["/near/places.json"] + served[f"/near/{district}.json"]
    # The sort: every county row, distances for those with a place to go to.
    rows = json.loads((example_site / "search" / "county.docs.json").read_text())["rows"]
    assert result.sorted_rows == len(rows)
    assert 0 < result.placed_rows < len(rows)
    assert result.sort_median_ms is not None and load.warm_ms
