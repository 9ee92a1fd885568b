"""Search measurements: shard sizes on disk, and a district search in headless Chromium.

The browser loads the built site from a local server that compresses responses with gzip
(level 6) when the browser accepts it, as a real static host or CDN would, and counts every
byte it writes (headers and body) per request. The page side only relies on the search
page's stable contract: the form #search-form, its box #q, the list #search-results (one li
per result) and the status line #search-status.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

GZIP_LEVEL = 6
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml")
COMPRESSIBLE_EXTRA = {
    "image/svg+xml",
    "application/manifest+json",
    "application/atom+xml",
    "application/rss+xml",
    "application/ld+json",
    "application/geo+json",
}


def gzip_bytes(data: bytes, level: int = GZIP_LEVEL) -> bytes:
    """gzip -6 of data, with a fixed timestamp so sizes never vary."""
    return gzip.compress(data, compresslevel=level, mtime=0)


def compressible(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base.startswith(COMPRESSIBLE) or base in COMPRESSIBLE_EXTRA or base.endswith("+json")


# -- the server ----------------------------------------------------------------------------


@dataclass
class Served:
    """One response: the request target, status, bytes written to the socket, when."""

    path: str
    status: int
    bytes: int
    started: float
    encoding: str = ""


class _CountingWriter:
    """Wraps the handler's socket writer and counts what goes through it."""

    def __init__(self, raw: io.BufferedIOBase) -> None:
        self.raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files from the server's root, gzip-compressed when the client accepts it."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    server: GzipServer

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        started = time.time()
        counter: _CountingWriter = self.wfile  # type: ignore[assignment]
        before = counter.count
        status, encoding = self._respond(head)
        self.server.record(Served(self.path, status, counter.count - before, started, encoding))

    def _respond(self, head: bool) -> tuple[int, str]:
        parts = urllib.parse.urlsplit(self.path)
        fs_path = Path(self.translate_path(self.path))
        if fs_path.is_dir():
            if not parts.path.endswith("/"):
                target = urllib.parse.urlunsplit(("", "", parts.path + "/", parts.query, ""))
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return int(HTTPStatus.MOVED_PERMANENTLY), ""
            fs_path = fs_path / "index.html"
        status = HTTPStatus.OK
        if not fs_path.is_file():
            status = HTTPStatus.NOT_FOUND
            fs_path = Path(self.server.root) / "404.html"
        body, content_type = b"Not found\n", "text/plain; charset=utf-8"
        if fs_path.is_file():
            body = self.server.read(fs_path)
            content_type = self.guess_type(str(fs_path))
        encoding = ""
        accepts = self.headers.get("Accept-Encoding", "")
        if compressible(content_type) and _accepts_gzip(accepts):
            body = self.server.read(fs_path, gz=True) if fs_path.is_file() else gzip_bytes(body)
            encoding = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return int(status), encoding


def _accepts_gzip(header: str) -> bool:
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = re.search(r"q\s*=\s*([0-9.]+)", params)
            return not q or float(q.group(1)) > 0
    return False


class GzipServer(ThreadingHTTPServer):
    """A threaded static server for root on 127.0.0.1 that records every response it sends.

    Compressed bodies are kept in memory (keyed by path, size and mtime), so a repeated
    request costs what a host with precompressed files would.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: str | os.PathLike[str], port: int = 0) -> None:
        self.root = os.fspath(root)
        self.served: list[Served] = []
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, int, int, bool], bytes] = {}
        root_dir = self.root

        class Handler(GzipHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=root_dir, **kwargs)

        super().__init__(("127.0.0.1", port), Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a kept-alive connection is normal, not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)

    def record(self, served: Served) -> None:
        with self._lock:
            self.served.append(served)

    def take(self) -> list[Served]:
        """The responses recorded since the last take, oldest first."""
        with self._lock:
            out, self.served = self.served, []
        return out

    def read(self, path: Path, gz: bool = False) -> bytes:
        st = path.stat()
        key = (str(path), st.st_size, st.st_mtime_ns, gz)
        body = self._bodies.get(key)
        if body is None:
            body = path.read_bytes()
            if gz:
                body = gzip_bytes(body)
            self._bodies[key] = body
        return body

    def __enter__(self) -> GzipServer:
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join()


# -- the index on disk ----------------------------------------------------------------------


@dataclass
class Shard:
    name: str
    files: int = 0
    raw: int = 0
    gz: int = 0


def shard_sizes(search_dir: Path) -> dict[str, Shard]:
    """Every data file under site/search/, grouped into shards, raw and gzip -6 bytes.

    A shard is named by the first part of the file's path below search/ up to its first
    dot: search/preston.index.json and search/preston/terms-a.json both belong to "preston".
    HTML pages (the search page itself) are not part of any shard.
    """
    shards: dict[str, Shard] = {}
    if not search_dir.is_dir():
        return shards
    for path in sorted(search_dir.rglob("*")):
        if not path.is_file() or path.suffix in (".html", ".htm"):
            continue
        first = path.relative_to(search_dir).parts[0]
        name = first.split(".", 1)[0]
        data = path.read_bytes()
        shard = shards.setdefault(name, Shard(name))
        shard.files += 1
        shard.raw += len(data)
        shard.gz += len(gzip_bytes(data))
    return shards


# -- query words ----------------------------------------------------------------------------

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "with",
        "your",
        "you",
        "we",
        "all",
        "new",
    ]
)


def _name_of(path: Path) -> str | None:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("name:"):
                value = line.split(":", 1)[1].strip()
                if value.startswith('"'):
                    try:
                        return str(json.loads(value))
                    except ValueError:
                        return None
                return value.strip("'")
    return None


def service_names(content: Path, district: str) -> Iterator[str]:
    """Names of the services in one district folder of a content folder."""
    for path in sorted((content / "services" / district).glob("*.yaml")):
        name = _name_of(path)
        if name:
            yield name


def common_words(names: Iterator[str] | list[str], n: int) -> list[str]:
    """The n most frequent words (4 letters or more, not common English) in names."""
    counts: Counter[str] = Counter()
    for name in names:
        for word in re.findall(r"[a-z]+", name.lower()):
            if len(word) >= 4 and word not in STOP_WORDS:
                counts[word] += 1
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


# -- the browser ----------------------------------------------------------------------------

FIRST_RESULT_SCRIPT = """
(() => {
  if (window.top !== window) return;
  const seen = () => {
    if (window.__benchFirst) return true;
    const li = document.querySelector('#search-results li');
    if (!li) return false;
    const t = performance.now();
    const status = document.getElementById('search-status');
    window.__benchFirst = {
      ms: t,
      count: document.querySelectorAll('#search-results li').length,
      status: status ? status.textContent : '',
      resources: performance.getEntriesByType('resource').map((e) => ({
        url: e.name, start: e.startTime, end: e.responseEnd,
        transfer: e.transferSize, encoded: e.encodedBodySize,
      })),
    };
    return true;
  };
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
})();
"""

WARM_QUERY_SCRIPT = """
async (q) => {
  const form = document.getElementById('search-form');
  const input = document.getElementById('q');
  const status = document.getElementById('search-status');
  if (!form || !input || !status) return { ms: null, status: 'search form not found' };
  const busy = (text) => !text.trim() || /searching|loading|…$|\\.\\.\\.$/i.test(text.trim());
  status.textContent = '';
  return await new Promise((resolve) => {
    let t0 = 0;
    const observer = new MutationObserver(() => {
      const text = status.textContent;
      if (busy(text)) return;
      const ms = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      resolve({ ms, status: text, count: document.querySelectorAll('#search-results li').length });
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve({ ms: null, status: status.textContent });
    }, 10000);
    input.value = q;
    t0 = performance.now();
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
  });
}
"""


@dataclass
class PageLoad:
    """One cold load of a district search page."""

    first_result_ms: float | None
    bytes_before_first: int | None
    bytes_total: int
    requests_before_first: int | None
    results: int
    status: str
    warm_ms: list[float] = field(default_factory=list)
    warm_failed: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    requests: list[tuple[str, int, int]] = field(default_factory=list)  # path, status, bytes
    before_first: list[str] = field(default_factory=list)  # paths counted in bytes_before_first


@dataclass
class ProbeResult:
    district: str
    query: str
    warm_queries: list[str]
    browser_version: str
    loads: list[PageLoad]

    def _values(self, attr: str) -> list[float]:
        return [v for v in (getattr(load, attr) for load in self.loads) if v is not None]

    @property
    def first_result_ms(self) -> float | None:
        values = self._values("first_result_ms")
        return statistics.median(values) if values else None

    @property
    def bytes_before_first(self) -> float | None:
        values = self._values("bytes_before_first")
        return statistics.median(values) if values else None

    @property
    def bytes_total(self) -> float | None:
        values = self._values("bytes_total")
        return statistics.median(values) if values else None

    @property
    def warm_median_ms(self) -> float | None:
        values = [v for load in self.loads for v in load.warm_ms]
        return statistics.median(values) if values else None

    @property
    def errors(self) -> list[str]:
        return [load.error for load in self.loads if load.error] + [
            f"warm query {q!r}: {why}" for load in self.loads for q, why in load.warm_failed
        ]


def _path_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def bytes_for(served: list[Served], urls: list[str]) -> int:
    """Bytes the server sent for the requests to urls (each url matched once per request)."""
    wanted = Counter(_path_of(u) for u in urls)
    total = 0
    for s in served:
        if wanted[s.path] > 0:
            wanted[s.path] -= 1
            total += s.bytes
    return total


def _one_load(browser: Any, server: GzipServer, path: str, warm: list[str]) -> PageLoad:
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.add_init_script(FIRST_RESULT_SCRIPT)
        server.take()
        page.goto(server.url + path, wait_until="commit")
        try:
            page.wait_for_function("() => window.__benchFirst", timeout=30_000)
        except Exception:
            status = page.evaluate(
                "() => (document.getElementById('search-status') || {}).textContent || ''"
            )
            try:
                page.wait_for_load_state("networkidle", timeout=10_000)
            except Exception:
                pass
            served = server.take()
            return PageLoad(
                None,
                None,
                sum(s.bytes for s in served),
                None,
                0,
                status,
                error=f"no result within 30 s; status: {status!r}",
            )
        first = page.evaluate("() => window.__benchFirst")
        try:
            page.wait_for_load_state("networkidle", timeout=10_000)
        except Exception:
            pass
        served = server.take()
        urls = [server.url + path] + [r["url"] for r in first["resources"]]
        load = PageLoad(
            first_result_ms=float(first["ms"]),
            bytes_before_first=bytes_for(served, urls),
            bytes_total=sum(s.bytes for s in served),
            requests_before_first=len(urls),
            results=int(first["count"]),
            status=str(first["status"]),
            requests=[(s.path, s.status, s.bytes) for s in served],
            before_first=[_path_of(u) for u in urls],
        )
        for q in warm:
            try:
                got = page.evaluate(WARM_QUERY_SCRIPT, q)
            except Exception as e:  # e.g. the form navigated because its script failed
                load.warm_failed.append((q, f"{type(e).__name__}: {e}".splitlines()[0]))
                break
            if got.get("ms") is None:
                load.warm_failed.append((q, f"no status within 10 s ({got.get('status')!r})"))
            else:
                load.warm_ms.append(float(got["ms"]))
        return load
    finally:
        context.close()


def probe(site: Path, district: str, query: str, warm: list[str], loads: int) -> ProbeResult:
    """Cold loads of /search/?q=query&district=district, each in a fresh browser context.

    One unmeasured load comes first, so the server's compressed copies and the operating
    system's file cache are warm, as they would be on a real host.
    """
    from playwright.sync_api import sync_playwright

    path = "/search/?" + urllib.parse.urlencode({"q": query, "district": district})
    with GzipServer(site) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            _one_load(browser, server, path, warm[:3])
            results = [_one_load(browser, server, path, warm) for _ in range(loads)]
            return ProbeResult(district, query, warm, browser.version, results)
        finally:
            browser.close()
