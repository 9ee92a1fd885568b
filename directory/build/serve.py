"""`directory serve`: build, serve on 127.0.0.1, rebuild when content or templates change.

Polling the files' modification times once a second is plenty for a preview and needs no
extra dependency.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def snapshot(folders: Iterable[Path]) -> dict[str, float]:
    state: dict[str, float] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                p = os.path.join(root, name)
                try:
                    state[p] = os.stat(p).st_mtime
                except OSError:
                    pass
    return state


def serve(
    out_dir: Path,
    watch: list[Path],
    rebuild: Callable[[], bool],
    port: int = 8000,
    once: threading.Event | None = None,
    interval: float = 1.0,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve out_dir until interrupted (or until `once` is set, for tests); `ready` is told
    the address once the server listens."""
    handler = functools.partial(_Handler, directory=str(out_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    if ready:
        ready(address)
    print(
        f"Serving {out_dir}/ at {address} "
        "(Ctrl+C to stop); rebuilding when content or templates change.",
        flush=True,
    )
    last = snapshot(watch)
    try:
        while not (once and once.is_set()):
            time.sleep(interval)
            now = snapshot(watch)
            if now != last:
                last = now
                started = time.perf_counter()
                ok = rebuild()
                print(
                    f"{dt.datetime.now():%H:%M:%S} rebuilt in {time.perf_counter() - started:.1f}s"
                    if ok
                    else f"{dt.datetime.now():%H:%M:%S} content has errors; still serving the "
                    "last good build",
                    flush=True,
                )
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
