"""What a council web team would pick instead, on the same county: Hugo (Debian's package)
for the pages and Pagefind (npm, pinned in bench/peers/package-lock.json) for the search.

bench/run --peers converts the generated county into a Hugo site once per size (a Markdown
page per service with its summary, description, districts, categories and organisation as
front matter; taxonomies give a page per district, category and organisation, as ours do;
the templates are in bench/peers/layouts/;
Pagefind indexes the service pages only, as our search does), then, --runs times: builds it
cold (hugo into an empty folder, then pagefind over it) and again after changing one
service's summary (Hugo and Pagefind both rebuild everything: neither has an incremental
mode outside Hugo's development server). Times and peak memory are measured as ours are
(bench/measure.py), and the report divides theirs by ours.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench import measure

SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BENCH = Path(__file__).resolve().parent
PEERS = BENCH / "peers"
PAGEFIND = PEERS / "node_modules" / ".bin" / "pagefind"


class PeerError(RuntimeError):
    pass


def ensure_tools(log: Callable[[str], None]) -> None:
    """Hugo from Debian, Pagefind from npm (bench/peers/package-lock.json)."""
    if shutil.which("hugo") is None:
        log("bench: installing Hugo (Debian's hugo package)")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo"],
            check=True,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
            stdout=subprocess.DEVNULL,
        )
    if not PAGEFIND.exists():
        log("bench: installing Pagefind (npm ci in bench/peers)")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=True, cwd=PEERS
        )


def _front_matter(values: dict[str, Any], body: str) -> str:
    # JSON front matter: Hugo reads it as is, and JSON needs no quoting rules of its own.
    return json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True) + "\n\n" + body


def hugo_site(content: Path, dest: Path) -> None:
    """The county as a Hugo site in dest (made afresh)."""
    shutil.rmtree(dest, ignore_errors=True)
    site = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader=SAFE)
    taxonomy = yaml.load((content / "taxonomy.yaml").read_text(encoding="utf-8"), Loader=SAFE)
    districts = {d["slug"]: d["name"] for d in site.get("districts", [])}
    categories = {c["id"]: c["name"] for c in taxonomy.get("categories", taxonomy)}
    shutil.copytree(PEERS / "layouts", dest / "layouts")
    (dest / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        f"title = {json.dumps(site.get('title', 'Directory'))}\n"
        'disableKinds = ["RSS"]\n'
        "[taxonomies]\n"
        'district = "districts"\ncategory = "categories"\norganisation = "organisations"\n',
        encoding="utf-8",
    )
    pages = dest / "content"
    for kind, names in (("districts", districts), ("categories", categories)):
        for slug, name in names.items():
            (pages / kind / slug).mkdir(parents=True)
            (pages / kind / slug / "_index.md").write_text(
                _front_matter({"title": name}, ""), encoding="utf-8"
            )
    for path in sorted((content / "organisations").glob("*.yaml")):
        org = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE)
        folder = pages / "organisations" / path.stem
        folder.mkdir(parents=True)
        (folder / "_index.md").write_text(
            _front_matter({"title": org["name"]}, org.get("description") or ""), encoding="utf-8"
        )
    (pages / "services").mkdir(parents=True)
    for path in sorted((content / "services").glob("*/*.yaml")):
        (pages / "services" / f"{path.stem}.md").write_text(
            service_page(path, districts), encoding="utf-8"
        )


def service_page(path: Path, districts: dict[str, str]) -> str:
    sv = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE)
    areas = sv.get("areas_served") or [path.parent.name]
    if "county" in areas:
        areas = list(districts)
    capacity = (sv.get("capacity") or {}).get("status", "open")
    return _front_matter(
        {
            "title": sv["name"],
            "summary": sv["summary"],
            "districts": areas,
            "categories": sv["categories"],
            "organisations": [sv["organisation"]],
            "capacity": capacity,
        },
        sv.get("description") or "",
    )


def commands(site: Path) -> list[list[str]]:
    return [
        ["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")],
        [str(PAGEFIND), "--site", str(site / "public"), "--quiet"],
    ]


def build(site: Path) -> tuple[float, float]:
    """Hugo then Pagefind over the site: (seconds, peak PSS in MB of the larger of the two)."""
    seconds, pss = 0.0, 0.0
    for cmd in commands(site):
        m = measure.run_measured(cmd)
        if m.returncode != 0:
            raise PeerError(f"{' '.join(cmd[:1])} failed: {m.output.strip()[-500:]}")
        seconds += m.seconds
        pss = max(pss, (m.peak_pss_bytes or m.peak_bytes) / 1e6)
    return seconds, pss


def change_one(site: Path, record: Path, districts: dict[str, str]) -> None:
    """Write a changed service record's page again (after bench/generate.py --mutate)."""
    (site / "content" / "services" / f"{record.stem}.md").write_text(
        service_page(record, districts), encoding="utf-8"
    )


def districts_of(content: Path) -> dict[str, str]:
    site = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader=SAFE)
    return {d["slug"]: d["name"] for d in site.get("districts", [])}


LIMITS = (
    "their site has a page per service, district, category and organisation and a Pagefind "
    "index of the service pages (ours also has district-category pages, an A to Z, capacity "
    "rules and per-district search shards); both rebuild everything after a change"
)


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.strip().split("\n")[0][:60]
