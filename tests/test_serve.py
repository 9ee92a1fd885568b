"""`directory serve`: serves the built site on 127.0.0.1 and rebuilds when content changes."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

from directory.build.pipeline import build
from directory.build.serve import serve

from .conftest import TODAY


def test_serves_and_rebuilds_on_change(content: Path, tmp_path: Path, capsys):
    out = tmp_path / "site"
    rebuilds: list[bool] = []

    def rebuild() -> bool:
        ok = build(content, out, TODAY).ok
        rebuilds.append(ok)
        return ok

    assert rebuild()
    stop = threading.Event()
    addresses: list[str] = []
    thread = threading.Thread(
        target=serve,
        args=(out, [content], rebuild),
        kwargs={"port": 0, "once": stop, "interval": 0.1, "ready": addresses.append},
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not addresses and time.monotonic() < deadline:
            time.sleep(0.02)
        assert addresses and addresses[0].startswith("http://127.0.0.1:")
        url = addresses[0] + "services/tuesday-lunch-club/"
        assert b"Tuesday Lunch Club" in urllib.request.urlopen(url, timeout=5).read()

        svc = content / "services/preston/tuesday-lunch-club.yaml"
        svc.write_text(svc.read_text().replace("name: Tuesday Lunch Club", "name: Tuesday Club"))
        deadline = time.monotonic() + 20
        while len(rebuilds) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rebuilds == [True, True]
        assert b"Tuesday Club" in urllib.request.urlopen(url, timeout=5).read()
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    assert "rebuilt in" in capsys.readouterr().out
