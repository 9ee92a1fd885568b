"""Near me's postcode data: read from the ONS Postcode Directory package once, cached, and
shipped only for the site's area."""

from __future__ import annotations

import json
from pathlib import Path

from directory.build.pipeline import build
from directory.site import geo

from .e2e.conftest import EXAMPLE, TODAY, example_model


def test_known_postcodes_are_placed_accurately(tmp_path: Path):
    area, version = geo.area_postcodes(["SW1A 1AA", "PR1 8UH"], tmp_path)
    assert version == "2026.1.1"
    # Buckingham Palace and Preston, as the ONS publishes them in WGS84.
    lat, lon = area["SW1A"]["1AA"]
    assert abs(lat - 51.50101) < 0.0005 and abs(lon - -0.14159) < 0.0005
    lat, lon = area["PR1"]["8UH"]
    assert abs(lat - 53.7633) < 0.001 and abs(lon - -2.7220) < 0.001


def test_the_area_is_the_districts_holding_the_sites_postcodes(tmp_path: Path):
    site = example_model()
    places = geo.site_places(site, tmp_path)
    assert {"PR1", "BB11", "LA1", "FY8"} <= set(places.districts)
    assert not any(d.startswith(("SW", "BT", "EH")) for d in places.districts)
    assert places.towns["preston"] and places.towns["morecambe"]
    # A postcode not in the directory is placed at the middle of its postcode district.
    assert places.locate("PR1 0ZZ") == places.districts["PR1"]
    assert places.locate("not a postcode") is None


def test_northern_ireland_postcodes_are_left_out(tmp_path: Path):
    area, _ = geo.area_postcodes(["BT1 1AA", "PR1 8UH"], tmp_path)
    assert area and not any(d.startswith("BT") for d in area)


def test_the_directory_is_read_once_then_cached(tmp_path: Path):
    geo.READS.clear()
    first = geo.area_postcodes(["PR1 8UH", "BB11 1AA"], tmp_path)
    assert sum(geo.READS.values()) >= 20  # every letter file of the directory
    geo.READS.clear()
    again = geo.area_postcodes(["BB11 1AA", "pr18uh"], tmp_path)
    assert sum(geo.READS.values()) == 0 and again == first
    # A new postcode for the site is a new area: read again.
    geo.area_postcodes(["PR1 8UH", "BB11 1AA", "LA1 1AA"], tmp_path)
    assert sum(geo.READS.values()) >= 20


def test_a_build_ships_the_areas_postcodes_and_reuses_the_cache(tmp_path: Path):
    cache_dir = tmp_path / "cache"
    geo.READS.clear()
    assert build(EXAMPLE, tmp_path / "one", TODAY, cache_dir=cache_dir).ok
    cold = sum(geo.READS.values())
    geo.READS.clear()
    assert build(EXAMPLE, tmp_path / "two", TODAY, cache_dir=cache_dir).ok
    assert sum(geo.READS.values()) == 0 < cold
    near = tmp_path / "two" / "near"
    summary = json.loads((near / "places.json").read_text())
    assert set(summary["districts"]) == {p.stem for p in near.glob("*.json")} - {"places"}
    assert "Open Government Licence" in summary["attribution"]
    pr1 = json.loads((near / "PR1.json").read_text())
    codes = [pr1["i"][k : k + 3] for k in range(0, len(pr1["i"]), 3)]
    assert len(codes) > 100 and len(pr1["d"]) == 2 * len(codes)
    k = codes.index("8UH")
    lat = pr1["c"][0] + pr1["d"][2 * k] / 1000
    lon = pr1["c"][1] + pr1["d"][2 * k + 1] / 1000
    assert abs(lat - 53.7633) < 0.001 and abs(lon - -2.7220) < 0.001
    assert max(p.stat().st_size for p in near.glob("*.json")) < 100_000
    privacy = (tmp_path / "two" / "privacy" / "index.html").read_text()
    assert "ONS Postcode Directory" in privacy


def test_the_directory_is_read_one_letter_at_a_time():
    """Reading the area holds the values of at most one letter's file at a time, and the
    decompressed bytes of the letters the site's postcodes are in: all of them at once took
    650 MB (from the peak of memory Python allocates while reading)."""
    import tracemalloc

    postcodes = ["PR1 8UH", "BB11 1AA", "SW1A 1AA", "LA1 1AA", "M1 1AE", "B1 1AA", "EH1 1AA"]
    geo.READS.clear()
    tracemalloc.start()
    try:
        area, _ = geo.read_area(postcodes)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(geo.READS.values()) == len(geo.READS) >= 20  # each letter decompressed once
    assert {"PR1", "SW1A", "EH1", "B1"} <= set(area)
    assert peak < 200_000_000, peak
