"""The benchmark harness's pure parts: memory sampling, the gzip server, shards and tables.

No timing assertions: speed is measured by bench/run, never by tests.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import harness, measure, search_probe

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A child that holds about 40 MB and starts a grandchild that holds about 30 MB for 2 s (long
# enough for the sampler to see both at once on a busy machine).
FAMILY = """
import subprocess, sys, time
grand = subprocess.Popen([sys.executable, "-c",
    "import time; b = bytearray(30_000_000); b[::4096] = b'x' * len(b[::4096]); time.sleep(2)"])
block = bytearray(40_000_000)
block[::4096] = b"x" * len(block[::4096])
print("started", flush=True)
grand.wait()
"""


def test_run_measured_counts_children_and_captures_output() -> None:
    got = measure.run_measured([sys.executable, "-c", FAMILY])
    assert got.returncode == 0
    assert "started" in got.output
    assert got.seconds > 0
    assert got.samples >= 1
    # Both processes' memory at once, as sampled: more than either could hold alone. (The
    # largest single process may look bigger: forked from pytest, it counts pytest's memory
    # until it exec'd.)
    assert got.sampled_bytes > 60_000_000
    assert got.peak_bytes == max(got.sampled_bytes, got.largest_process_bytes)
    assert got.peak_mb == got.peak_bytes / 1e6
    assert 0 < got.largest_process_bytes <= got.peak_bytes
    assert 0 < got.peak_pss_bytes <= got.peak_bytes


def test_run_measured_reports_failure() -> None:
    got = measure.run_measured([sys.executable, "-c", "import sys; print('no'); sys.exit(3)"])
    assert got.returncode == 3
    assert "no" in got.output


def test_tree_rss_of_a_sleeping_child_and_its_child() -> None:
    code = (
        "import subprocess, sys; "
        "subprocess.run([sys.executable, '-c', 'import time; time.sleep(5)'])"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 5
        while len(measure.process_tree(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        tree = measure.process_tree(proc.pid)
        assert len(tree) == 2 and tree[0] == proc.pid
        assert measure.rss_bytes(proc.pid) > 0
        assert measure.tree_rss_bytes(proc.pid) > measure.rss_bytes(proc.pid)
        # Proportional sizes share out common pages (the interpreter's): no more than RSS.
        assert 0 < measure.tree_pss_bytes(proc.pid) <= measure.tree_rss_bytes(proc.pid)
        # The slow path (every /proc/*/stat) finds the same child.
        assert measure._parent_map()[proc.pid] == tree[1:]
    finally:
        proc.kill()
        proc.wait()
    assert measure.rss_bytes(proc.pid) == 0


def test_sampler_stops() -> None:
    sampler = measure.RssSampler(os.getpid(), interval=0.01)
    sampler.start()
    time.sleep(0.05)
    assert sampler.stop() > 0
    assert not sampler.is_alive()


def test_directory_size(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_bytes(b"12345")
    (tmp_path / "y").write_bytes(b"123")
    assert measure.directory_size(tmp_path) == (8, 2)


# -- the gzip server --------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "index.html").write_text("<p>search</p>" * 200)
    (tmp_path / "data.json").write_text('{"words": ["lunch", "club"]}' * 300)
    (tmp_path / "pic.png").write_bytes(b"\x89PNG" + bytes(500))
    (tmp_path / "404.html").write_text("<p>not here</p>")
    return tmp_path


def _get(url: str, path: str, gz: bool) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Accept-Encoding": "gzip, deflate, br"} if gz else {}
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def _settled(server: search_probe.GzipServer, n: int) -> list[search_probe.Served]:
    """The server records a response just after its last byte, maybe after the client read it."""
    got: list[search_probe.Served] = []
    deadline = time.monotonic() + 5
    while len(got) < n and time.monotonic() < deadline:
        got += server.take()
        time.sleep(0.01)
    return got


def test_server_sends_gzip_and_counts_bytes(site: Path) -> None:
    raw = (site / "data.json").read_bytes()
    with search_probe.GzipServer(site) as server:
        resp, body = _get(server.url, "/data.json?x=1", gz=True)
        assert resp.status == 200
        assert resp.getheader("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == raw
        assert len(body) < len(raw)
        [served] = _settled(server, 1)
        assert served.path == "/data.json?x=1" and served.encoding == "gzip"
        # Headers and body, nothing else.
        assert len(body) < served.bytes < len(body) + 400
        assert server.take() == []


def test_server_sends_plain_when_gzip_is_not_accepted(site: Path) -> None:
    with search_probe.GzipServer(site) as server:
        resp, body = _get(server.url, "/data.json", gz=False)
        assert resp.getheader("Content-Encoding") is None
        assert body == (site / "data.json").read_bytes()
        resp, body = _get(server.url, "/pic.png", gz=True)  # images are not compressed
        assert resp.getheader("Content-Encoding") is None
        assert body == (site / "pic.png").read_bytes()


def test_server_folders_and_missing_files(site: Path) -> None:
    with search_probe.GzipServer(site) as server:
        resp, _ = _get(server.url, "/search?q=club", gz=True)
        assert resp.status == 301 and resp.getheader("Location") == "/search/?q=club"
        resp, body = _get(server.url, "/search/?q=club&district=x", gz=True)
        assert resp.status == 200
        assert gzip.decompress(body) == (site / "search" / "index.html").read_bytes()
        resp, body = _get(server.url, "/nothing/here.json", gz=False)
        assert resp.status == 404 and body == b"<p>not here</p>"
        # In any order: each is recorded by the thread that served it.
        assert sorted(s.status for s in _settled(server, 3)) == [200, 301, 404]


def test_accepts_gzip() -> None:
    assert search_probe._accepts_gzip("gzip, deflate, br, zstd")
    assert search_probe._accepts_gzip("br;q=1.0, gzip;q=0.8")
    assert not search_probe._accepts_gzip("gzip;q=0, br")
    assert not search_probe._accepts_gzip("")
    assert search_probe.compressible("application/json")
    assert search_probe.compressible("text/html; charset=utf-8")
    assert search_probe.compressible("image/svg+xml")
    assert not search_probe.compressible("image/png")


def test_bytes_for_matches_each_request_once() -> None:
    def served(path: str, n: int) -> search_probe.Served:
        return search_probe.Served(path, 200, n, 0.0)

    log = [
        served("/search/?q=a", 10),
        served("/a.js", 20),
        served("/x/0.json", 40),
        served("/x/0.json", 80),
        served("/favicon.svg", 160),
    ]
    urls = [
        "http://127.0.0.1:1/search/?q=a",
        "http://127.0.0.1:1/a.js",
        "http://127.0.0.1:1/x/0.json",
    ]
    assert search_probe.bytes_for(log, urls) == 70


# -- shards and query words ---------------------------------------------------------------------


def test_shard_sizes_groups_by_name_before_the_first_dot(tmp_path: Path) -> None:
    search = tmp_path / "search"
    (search / "preston").mkdir(parents=True)
    (search / "preston.index.json").write_text("[1, 2, 3]" * 50)
    (search / "preston.docs.json").write_text("[]")
    (search / "preston" / "0.json").write_text("{}")
    (search / "county.index.json").write_text("{}")
    (search / "index.html").write_text("<p>the page</p>")
    shards = search_probe.shard_sizes(search)
    assert sorted(shards) == ["county", "preston"]
    preston = shards["preston"]
    assert preston.files == 3
    assert preston.raw == 450 + 2 + 2
    assert 0 < preston.gz < preston.raw
    assert search_probe.shard_sizes(tmp_path / "missing") == {}


def test_service_names_and_common_words(tmp_path: Path) -> None:
    folder = tmp_path / "services" / "preston"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text("id: x\nname: Preston Lunch Club\nsummary: s\n")
    (folder / "b.yaml").write_text('name: "Men\'s: Lunch and Walking Club"\n')
    (folder / "c.yaml").write_text("summary: no name\n")
    names = list(search_probe.service_names(tmp_path, "preston"))
    assert names == ["Preston Lunch Club", "Men's: Lunch and Walking Club"]
    assert search_probe.common_words(names, 3) == ["club", "lunch", "preston"]


# -- figures and tables ---------------------------------------------------------------------


def test_fmt_value() -> None:
    assert harness.fmt_value(None, "s") == "–"
    assert harness.fmt_value(1.234, "s") == "1.23"
    assert harness.fmt_value(12.34, "s") == "12.3"
    assert harness.fmt_value(1234.5, "KB") == "1,234"
    assert harness.fmt_value(1484, "count") == "1,484"
    assert harness.fmt_limit(150, "KB") == "≤ 150 KB"
    assert harness.fmt_limit(0.5, "s") == "≤ 0.5 s"


def test_results_rows_mark_targets_and_linearity() -> None:
    figures: dict[int, dict[str, float | None]] = {
        1000: {"cold_s": 1.0, "validate_s": 0.2, "peak_mb": 100.0},
        10000: {"cold_s": 12.0, "validate_s": 2.0, "peak_mb": 400.0},
    }
    headers, rows = harness.results_rows([1000, 10000], figures)
    assert headers[:5] == ["figure", "1,000", "10,000", "target at 10,000", "at 10,000"]
    assert headers[-1].startswith("linearity")
    by_label = {r[0]: r for r in rows}
    cold = by_label["cold full build (s)"]
    assert cold[1:5] == ["1.00", "12.0", "≤ 10 s", "NOT MET"]
    assert cold[5].startswith("1.20×")
    assert by_label["validate (s)"][4] == "met"
    assert by_label["peak memory of a build (RSS, children included) (MB)"][5].startswith("0.40×")
    # A target with no figure still shows, as not measured.
    assert by_label["warm query median (ms)"][4] == "not measured"
    # A figure with neither values nor a target at these sizes is left out, and so is an
    # optional one (the build may not report its search shards' time).
    assert "county shard, raw (KB)" not in by_label
    assert not any(label.startswith("search shards build") for label in by_label)


def test_results_rows_one_size_has_no_linearity() -> None:
    headers, rows = harness.results_rows([1000], {1000: {"cold_s": 1.0}})
    assert headers == ["figure", "1,000"]
    assert rows == [["cold full build (s)", "1.00"]]


def test_tables() -> None:
    headers = ["figure", "1,000"]
    rows = [["cold | build (s)", "1.00"], ["words", "met"]]
    md = harness.markdown_table(headers, rows).splitlines()
    assert md[0] == "| figure | 1,000 |"
    assert md[1] == "| --- | --- |"  # "met" is not a number, so the column is not right-aligned
    assert md[2] == "| cold \\| build (s) | 1.00 |"
    md = harness.markdown_table(headers, rows[:1]).splitlines()
    assert md[1] == "| --- | ---: |"
    text = harness.text_table(headers, rows).splitlines()
    assert text[0].startswith("figure") and text[1].startswith("------")
    assert len({len(line) for line in text[:3]}) == 1


def test_baseline_rows_divide_by_the_cpu_unit() -> None:
    figures: dict[int, dict[str, float | None]] = {
        1000: {"cold_s": 2.0, "warm_ms": 10.0, "cpu_unit_s": 0.1}
    }
    _, rows = harness.baseline_rows([1000], figures)
    assert ["cold full build", "20.0"] in rows
    assert ["warm query median", "0.1"] in rows


def test_per_service_text() -> None:
    assert harness.per_service_text({1000: 1.0}, "s") == ""
    assert harness.per_service_text({1000: 1.0, 10000: 10.0}, "s") == (
        "1.00× (1.00 → 1.00 ms/service)"
    )
    assert harness.per_service_text({1000: 1.0, 10000: None}, "s") == ""


def test_shards_seconds() -> None:
    assert harness.shards_seconds("Built site/ for 2026-11-28: 10 pages in 2.98s.") is None
    line = "Seconds: read and check 3.94, model 0.67, search terms 1.25, render 6.4, publish 0.02"
    cpu = "CPU seconds by kind of output: service 5.1, shard 3.00, home 0.01"
    assert harness.shards_seconds(f"Built site/\n{line}\n{cpu}\nTo look at it") == 4.25
    assert harness.shards_seconds("the search page 3 s") is None


def test_parse_sizes() -> None:
    assert harness.parse_sizes("10000,1000,1_000") == [1000, 10000]
    with pytest.raises(Exception, match="whole numbers"):
        harness.parse_sizes("ten")
    with pytest.raises(Exception, match="at least one"):
        harness.parse_sizes("0")


def test_the_peer_site_has_a_page_per_service_district_category_and_organisation(tmp_path):
    from bench import peers

    content = Path(__file__).resolve().parents[1] / "content"
    peers.hugo_site(content, tmp_path / "hugo")
    pages = tmp_path / "hugo" / "content"
    services = sorted(p.stem for p in (content / "services").glob("*/*.yaml"))
    assert sorted(p.stem for p in (pages / "services").glob("*.md")) == services
    assert len(list((pages / "organisations").glob("*/_index.md"))) == len(
        list((content / "organisations").glob("*.yaml"))
    )
    assert (pages / "districts" / "preston" / "_index.md").exists()
    front = (pages / "services" / f"{services[0]}.md").read_text().split("\n\n", 1)[0]
    assert set(json.loads(front)) >= {"title", "summary", "districts", "categories"}
    assert (tmp_path / "hugo" / "layouts" / "_default" / "single.html").exists()


def test_peer_rows_divide_theirs_by_ours() -> None:
    rows = harness.peer_rows(
        [10000], {10000: {"cold_s": 5.0, "peer_cold_s": 40.0, "change_s": 1.0}}
    )
    assert rows == [["cold build, 10,000", "5.00", "40.0", "8.0×"]]
