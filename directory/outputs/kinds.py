"""Every kind of output the build makes, each declared once.

A declaration (:class:`Kind`) says, for one kind of output (service pages, district pages, a
search shard, an API file per service, a feed per district...):

- ``keys``: which outputs of the kind exist in this build (one per key);
- ``made_from``: what one output is made from: the records it shows (model ``Service`` and
  ``Organisation`` objects, each standing for its record file and, for a service, its
  organisation's file) and any other plain values it depends on (a count, a list of
  letters), compared by ``repr``;
- ``settings``: which settings it depends on besides those records: ``"site"`` (site.yaml),
  ``"taxonomy"`` (taxonomy.yaml), ``"today"`` (the build date). The package's code and the
  site's templates always count;
- ``render``: how it is made: ``[(path under the site, bytes), ...]``, any file type (HTML,
  JSON, XML, CSV); every path it returns is where the output goes.

The build (pipeline.py) does the rest for every kind alike: it lists the outputs, gives each
a fingerprint (SHA-256 of the kind, key, settings and what it is made from), reuses the
previous site's files for an unchanged fingerprint, renders the others in worker processes
(largest ``cost`` first), counts them on the progress bar and lists the HTML files of kinds
with ``sitemap=True`` in sitemap.xml. A render function must give the same bytes for the same
fingerprint (tests/test_outputs.py checks each kind against a cold build), so it may read
only what ``made_from`` and ``settings`` name.

Adding a kind of output is adding a declaration to :data:`KINDS` (README, "Adding a kind of
output").
"""

from __future__ import annotations

import bisect
import hashlib
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.build.publish import Data
from directory.openreferral import api
from directory.outputs import oversight
from directory.outputs.form import languages_file, languages_version
from directory.outputs.render import Renderer, letter_slug
from directory.outputs.search import (
    COUNTY_SHARD,
    Words,
    bucket_count,
    calendar_file,
    patch_docs,
    patch_facets,
    patch_piece,
    piece_refs,
    service_terms,
    shard_docs,
    shard_facets,
    shard_piece,
    shard_terms,
    shards,
    words_of,
)
from directory.site import geo
from directory.site.lists import Lists
from directory.site.model import Organisation, Service, Site

Key = Any  # str, or a tuple of str: small, hashable, picklable (sent to worker processes)
Files = Sequence[tuple[str, Data]]  # bytes, or chunks written one after the other (publish.py)
SETTINGS = frozenset({"site", "taxonomy", "today"})


@dataclass
class Build:
    """What declarations read: the site model for the build date, its lists, the page
    renderer, the static pages, the assets and the parts (PARTS) the kinds read."""

    site: Site
    renderer: Renderer
    static_pages: dict[str, tuple[str, str]]  # slug -> (title, Markdown)
    assets: dict[str, tuple[str, bytes]]  # logical name -> (file name, bytes)
    # Part name -> service id -> that service's part (PARTS), filled before the outputs are
    # planned (from the cache for services whose records are unchanged).
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What declarations work out once per build and share (filled while planning, before
    # the worker processes are forked).
    memo: dict[Any, Any] = field(default_factory=dict)
    # id(service or organisation) -> what its record files hash to (record_fingerprints)
    records: dict[int, str] = field(default_factory=dict)
    places: geo.Places = geo.EMPTY  # postcode locations for near me (geo.site_places)
    # What a search piece can be patched from instead of made afresh (PreviousSearch)
    previous_search: PreviousSearch | None = None
    refs_made: int = 0  # shards whose pieces' refs were found from every service's words

    def records_of(self, items: Iterable[Service | Organisation]) -> str:
        """One made_from value standing for many records, in order: quicker to fingerprint
        than listing thousands of services one by one."""
        fps = self.records
        return hashlib.sha256("".join([fps[id(x)] for x in items]).encode()).hexdigest()

    watch: oversight.Watch | None = None  # what changed since the previous build

    @property
    def lists(self) -> Lists:
        return self.renderer.lists

    @property
    def words(self) -> dict[str, Words]:
        """Every service's search Words (search.py), by service id."""
        return self.parts.setdefault("words", {})


@dataclass(frozen=True)
class Kind:
    """One kind of output. See the module docstring. Optional: ``cost``, the relative work
    of one output (a page is 1), to schedule the largest first; ``parts``, the names of the
    PARTS the kind reads from Build.parts, which the build then fills before planning."""

    name: str
    keys: Callable[[Build], Iterable[Key]]
    made_from: Callable[[Build, Key], Iterable[object]]
    render: Callable[[Build, Key], Files]
    settings: frozenset[str] = SETTINGS
    sitemap: bool = True
    parts: frozenset[str] = frozenset()
    cost: Callable[[Build, Key], int] | None = None

    def unit(self, key: Key) -> str:
        """The output's name in the build state: "kind" or "kind:key[:key...]"."""
        if key is None or key == "":
            return self.name
        if isinstance(key, tuple):
            return ":".join([self.name, *key])
        return f"{self.name}:{key}"


def _one(fn: Callable[[Build, Key], tuple[str, bytes]]) -> Callable[[Build, Key], Files]:
    return lambda b, key: [fn(b, key)]


def _single(b: Build) -> list[Key]:
    return [""]


def _home_from(b: Build) -> list[object]:
    facts = b.renderer.home_context()
    return [
        facts["district_counts"],
        facts["category_counts"],
        [c.id for c in facts["categories"]],
        [(top.id, [c.id for c in below]) for top, below in facts["category_groups"]],
        facts["public_services"],
    ]


def _letters_present(b: Build) -> list[str]:
    return list(b.lists.letter)


def _a_to_z_from(b: Build, key: Key) -> list[object]:
    if not b.renderer.az_split:
        return list(b.site.services)
    # The index page: which letters there are and how many services are taking people.
    listed = sum(1 for sv in b.site.services if b.site.listed(sv))
    return [_letters_present(b), listed]


def _shard_names(b: Build) -> list[str]:
    return [name for name, _ in shards(b.site, b.lists)]


def _shard_services(b: Build, name: str) -> list[Service]:
    """A shard's services, in id order (a service's ref is its position here)."""
    if name == COUNTY_SHARD:
        return b.site.services
    return b.lists.serving(name)


def _shard_records(b: Build, name: str) -> str:
    """records_of a shard's services, worked out once per build for the kinds that share it
    (the shard's search files, a district's councillor page and digest)."""
    if name != COUNTY_SHARD:
        return _district_records(b, name)
    return _memo(b, ("shard records", name), lambda: b.records_of(_shard_services(b, name)))


def _district_records(b: Build, slug: str) -> str:
    """records_of the services serving a district, once per build."""
    return _memo(b, ("district records", slug), lambda: b.records_of(b.lists.serving(slug)))


def _shard_fingerprints(b: Build, name: str) -> list[str]:
    """The record fingerprints of a shard's services, by ref."""
    fps = b.records
    return _memo(b, ("shard fps", name), lambda: [fps[id(sv)] for sv in _shard_services(b, name)])


def _memo(b: Build, key: Any, make: Callable[[], Any]) -> Any:
    if key not in b.memo:
        b.memo[key] = make()
    return b.memo[key]


def _piece_refs(b: Build, name: str) -> list[array[int]]:
    """For each piece of a shard, the refs of its services with a word in it (search.
    piece_refs), once per build: the previous build's, with the changed services' refs
    moved, while the shard's services are the same as then; else from every service's
    words (counted in Build.refs_made)."""
    return _memo(b, ("refs", name), lambda: _refs_of(b, name))


def _refs_of(b: Build, name: str) -> list[array[int]]:
    services = _shard_services(b, name)
    buckets = bucket_count(len(services))
    prev = b.previous_search
    kept = prev.refs.get(name) if prev is not None and name in prev.shards else None
    if prev is not None and kept is not None and len(kept) == buckets:
        refs = [array("I", r) for r in kept]  # the state's stay as the previous build's
        try:
            for r in _memo(b, ("changed refs", name), lambda: _changed_refs(b, name)):
                old, new = prev.words[services[r].id], b.words[services[r].id]
                before = old.pieces(buckets) if old is not None else set()
                after = new.pieces(buckets)
                for piece in before - after:
                    _take_ref(refs[piece], r)
                for piece in after - before:
                    _put_ref(refs[piece], r)
        except ValueError:
            pass
        else:
            return refs
    b.refs_made += 1
    return [array("I", r) for r in piece_refs(services, b.words, buckets)]


def _take_ref(refs: array[int], ref: int) -> None:
    j = bisect.bisect_left(refs, ref)
    if j == len(refs) or refs[j] != ref:
        raise ValueError(f"the previous piece has no {ref}")
    del refs[j]


def _put_ref(refs: array[int], ref: int) -> None:
    j = bisect.bisect_left(refs, ref)
    if j < len(refs) and refs[j] == ref:
        raise ValueError(f"the previous piece has {ref} already")
    refs.insert(j, ref)


def _piece_from(b: Build, key: tuple[str, str]) -> list[object]:
    """A piece is made from its services' words and their refs (and how many pieces there
    are, which decides the words it holds)."""
    name, i = key
    refs = _piece_refs(b, name)[int(i)]
    fps = _shard_fingerprints(b, name)
    records = hashlib.sha256("".join([fps[r] for r in refs]).encode()).hexdigest()
    return [len(fps), refs.tobytes(), records]  # records: as Build.records_of


@dataclass
class PreviousSearch:
    """What the previous build published of the search pieces, to patch them (search.
    patch_piece): where its site is, the shards whose services (so refs) are the same as
    then, and the words then of every service whose words have been worked out again."""

    root: Path
    shards: frozenset[str]
    words: dict[str, Words | None]  # service id -> its words in the previous build
    # Shard name -> the refs in each of its pieces, as published (_piece_refs)
    refs: Mapping[str, list[array[int]]] = field(default_factory=dict)
    # The build date, the settings and the places are those of the previous build, so that
    # a shard's docs and facets rows differ only for the services in `words`.
    rows_same: bool = False
    patched: int = 0  # pieces patched in this process (the rest were made afresh)
    files_patched: int = 0  # docs and facets files patched in this process


PATCH_MAX = 50  # more services changed than this: a piece is made afresh


def shard_memberships(b: Build, code: str) -> dict[str, str]:
    """Shard name -> a digest of the code (which makes the pieces) and of its services' ids
    by ref, kept in the build state: a piece can be patched only while both are the same."""
    return {
        name: hashlib.sha256("\0".join([code, *(sv.id for sv in services)]).encode()).hexdigest()
        for name, services in shards(b.site, b.lists)
    }


def _piece(b: Build, name: str, i: str) -> bytes:
    services = _shard_services(b, name)
    buckets = bucket_count(len(services))
    prev = b.previous_search
    if prev is not None and name in prev.shards and len(prev.words) <= PATCH_MAX:
        refs = _memo(b, ("changed refs", name), lambda: _changed_refs(b, name))
        changes = [(r, prev.words[services[r].id], b.words[services[r].id]) for r in refs]
        try:
            before = (prev.root / f"search/{name}/{i}.json").read_bytes()
            patched = patch_piece(before, changes, int(i), buckets)
        except (OSError, ValueError):
            pass
        else:
            prev.patched += 1
            return patched
    entries = ((r, b.words[services[r].id]) for r in _piece_refs(b, name)[int(i)])
    return shard_piece(entries, int(i), buckets)


def _previous_file(b: Build, name: str, path: str) -> tuple[list[int], bytes] | None:
    """For a shard's docs or facets file: the refs of its changed services and the file
    the previous build published, when it can be patched (else None)."""
    prev = b.previous_search
    if prev is None or not prev.rows_same or name not in prev.shards:
        return None
    if len(prev.words) > PATCH_MAX:
        return None
    try:
        before = (prev.root / path).read_bytes()
    except OSError:
        return None
    return _memo(b, ("changed refs", name), lambda: _changed_refs(b, name)), before


def _docs(b: Build, name: str) -> bytes:
    services = _shard_services(b, name)
    previous = _previous_file(b, name, f"search/{name}.docs.json")
    if previous is not None and b.previous_search is not None:
        try:
            out = patch_docs(b.site, services, previous[1], previous[0], b.words, b.places)
        except ValueError:
            pass
        else:
            b.previous_search.files_patched += 1
            return out
    return shard_docs(b.site, services, b.words, b.places)


def _facets(b: Build, name: str) -> bytes:
    services = _shard_services(b, name)
    previous = _previous_file(b, name, f"search/{name}.facets.json")
    if previous is not None and b.previous_search is not None:
        try:
            out = patch_facets(services, previous[1], previous[0])
        except ValueError:
            pass
        else:
            b.previous_search.files_patched += 1
            return out
    return shard_facets(services)


def _changed_refs(b: Build, name: str) -> list[int]:
    changed = b.previous_search.words if b.previous_search else {}
    return [r for r, sv in enumerate(_shard_services(b, name)) if sv.id in changed]


@dataclass(frozen=True)
class Part:
    """A service's share of some outputs, worked out once per build for each service and
    kept between builds (cache.py) while the service's record files, its organisation's and
    the settings named are unchanged (with the package's code): outputs are put together
    from the parts instead of each working out the same thing again. ``make`` must depend on
    nothing else, and give a value that can be pickled."""

    name: str
    services: Callable[[Build], Iterable[Service]]  # whose parts there are
    make: Callable[[Build, Service], Any]
    settings: frozenset[str] = SETTINGS


WORDS = frozenset({"words"})
API = frozenset({"api"})


def _published(b: Build) -> list[Service]:
    """The services in the Open Referral UK API, in the site's order."""
    return _memo(b, "api published", lambda: api.published(b.site))


def _published_records(b: Build) -> str:
    """records_of the services in the API, once per build (for each collection)."""
    return _memo(b, "api published records", lambda: b.records_of(_published(b)))


def _published_by_organisation(b: Build) -> dict[str, list[Service]]:
    def group() -> dict[str, list[Service]]:
        out: dict[str, list[Service]] = {}
        for sv in _published(b):
            out.setdefault(sv.organisation.id, []).append(sv)
        return out

    return _memo(b, "api by organisation", group)


def _api_fragment(b: Build, sv: Service) -> api.Fragment:
    return api.fragment(sv, _memo(b, "oruk context", lambda: api.context(b.site)))


def _fragments(b: Build, services: Iterable[Service]) -> list[api.Fragment]:
    frags = b.parts["api"]
    return [frags[sv.id] for sv in services]


PARTS: list[Part] = [
    # Search words depend on the record, its organisation's name, the taxonomy and the
    # districts; not on the date.
    Part(
        "words",
        services=lambda b: b.site.services,
        make=lambda b, sv: words_of(service_terms(sv)),
        settings=frozenset({"site", "taxonomy"}),
    ),
    Part("api", services=_published, make=_api_fragment),
]


KINDS: list[Kind] = [
    Kind(
        "asset",
        keys=lambda b: sorted(b.assets),
        made_from=lambda b, name: [],
        render=lambda b, name: [(f"assets/{b.assets[name][0]}", b.assets[name][1])],
        settings=frozenset(),  # the files are part of the package
        sitemap=False,
    ),
    Kind(
        "home",
        keys=_single,
        made_from=lambda b, _: [_home_from(b)],
        render=_one(lambda b, _: b.renderer.home()),
    ),
    Kind(
        "district",
        keys=lambda b: [d.slug for d in b.site.config.districts],
        made_from=lambda b, slug: b.lists.serving(slug),
        render=_one(lambda b, slug: b.renderer.district(b.site.config.district(slug))),
    ),
    Kind(
        "category",
        keys=lambda b: [c.id for c in b.site.categories],
        made_from=lambda b, cid: b.lists.in_category(cid),
        render=_one(
            lambda b, cid: b.renderer.category(next(c for c in b.site.categories if c.id == cid))
        ),
    ),
    Kind(
        "district-category",
        keys=lambda b: [
            (d.slug, c.id)
            for d in b.site.config.districts
            for c in b.site.categories
            if (d.slug, c.id) in b.renderer.overflow
        ],
        made_from=lambda b, pair: b.lists.pair(*pair),
        render=_one(lambda b, pair: b.renderer.district_category(*pair)),
    ),
    Kind(
        "service",
        keys=lambda b: [sv.id for sv in b.site.services],
        made_from=lambda b, sid: [b.lists.by_id[sid]],
        render=_one(lambda b, sid: b.renderer.service(b.lists.by_id[sid])),
    ),
    Kind(
        "organisation",
        keys=lambda b: list(b.site.organisations),
        made_from=lambda b, oid: [b.site.organisations[oid], *b.site.organisations[oid].services],
        render=_one(lambda b, oid: b.renderer.organisation(b.site.organisations[oid])),
    ),
    Kind(
        "a-z",
        keys=_single,
        made_from=_a_to_z_from,
        render=_one(lambda b, _: b.renderer.a_to_z()),
    ),
    Kind(
        "a-z-letter",
        keys=lambda b: [letter_slug(k) for k in b.lists.letter] if b.renderer.az_split else [],
        made_from=lambda b, slug: [
            _letters_present(b),
            *next(v for k, v in b.lists.letter.items() if letter_slug(k) == slug),
        ],
        render=_one(lambda b, slug: b.renderer.a_to_z(slug)),
    ),
    Kind(
        "search",
        keys=_single,
        # How many pieces each shard's index has: the number of services in each district.
        made_from=lambda b, _: [sorted((n, len(s)) for n, s in shards(b.site, b.lists))],
        render=_one(lambda b, _: b.renderer.search_page()),
    ),
    Kind(
        "my-list",
        keys=_single,
        made_from=lambda b, _: [],
        render=_one(lambda b, _: b.renderer.my_list()),
        settings=frozenset({"site", "today"}),
    ),
    Kind(
        "suggest",
        keys=_single,
        # The form offers the organisations, categories and districts by name.
        made_from=lambda b, _: [sorted((o.id, o.name) for o in b.site.organisations.values())],
        render=_one(lambda b, _: b.renderer.suggest()),
    ),
    Kind(
        "suggest-languages",
        keys=_single,
        made_from=lambda b, _: [languages_version()],  # pycountry's table
        render=lambda b, _: [("suggest/languages.json", languages_file())],
        settings=frozenset(),
        sitemap=False,
    ),
    Kind(
        "404",
        keys=_single,
        made_from=lambda b, _: [],
        render=_one(lambda b, _: b.renderer.not_found()),
        settings=frozenset({"site", "today"}),
    ),
    Kind(
        "static",
        keys=lambda b: list(b.static_pages),
        made_from=lambda b, slug: [b.static_pages[slug]],
        render=_one(lambda b, slug: b.renderer.static_page(slug, *b.static_pages[slug])),
        settings=frozenset({"site", "today"}),
    ),
    # The search files of each shard (search.py, "The files of a shard").
    Kind(
        "search-docs",
        keys=_shard_names,
        # Services without coordinates are placed by their postcode: the places are what
        # the area's postcodes make (Places.key).
        made_from=lambda b, name: [_shard_records(b, name), b.places.key],
        render=lambda b, name: [(f"search/{name}.docs.json", _docs(b, name))],
        sitemap=False,
        parts=WORDS,
        cost=lambda b, name: len(_shard_services(b, name)) // 100 + 1,
    ),
    Kind(
        "search-facets",
        keys=_shard_names,
        made_from=lambda b, name: [_shard_records(b, name)],
        render=lambda b, name: [(f"search/{name}.facets.json", _facets(b, name))],
        settings=frozenset({"site"}),
        sitemap=False,
    ),
    Kind(
        "search-terms",
        keys=_shard_names,
        made_from=lambda b, name: [_shard_records(b, name)],
        render=lambda b, name: [
            (f"search/{name}.terms.json", shard_terms(_shard_services(b, name), b.words))
        ],
        settings=frozenset({"site", "taxonomy"}),
        sitemap=False,
        parts=WORDS,
    ),
    Kind(
        "search-piece",
        keys=lambda b: [
            (name, str(i))
            for name in _shard_names(b)
            for i in range(bucket_count(len(_shard_services(b, name))))
        ],
        made_from=_piece_from,
        render=lambda b, key: [(f"search/{key[0]}/{key[1]}.json", _piece(b, *key))],
        settings=frozenset({"site", "taxonomy"}),  # words, not the date
        sitemap=False,
        parts=WORDS,
    ),
    Kind(
        "near-places",
        keys=lambda b: [""] if b.places.districts else [],
        made_from=lambda b, _: [b.places.key, b.places.towns, b.places.areas],
        render=lambda b, _: geo.places_file(b.places),
        settings=frozenset({"site"}),  # district names place towns too
        sitemap=False,
    ),
    Kind(
        "near-postcodes",
        keys=lambda b: list(b.places.postcodes),
        # The area's postcodes are what the package's version and the site's postcodes make.
        made_from=lambda b, district: [b.places.key],
        render=lambda b, district: geo.postcodes_file(b.places, district),
        sitemap=False,
        settings=frozenset(),
    ),
    Kind(
        "calendar",
        keys=_single,
        made_from=lambda b, _: [],
        render=lambda b, _: [("search/calendar.json", calendar_file(b.site))],
        settings=frozenset({"site", "today"}),  # school terms, and the years around today
        sitemap=False,
    ),
]


# The Open Referral UK API (api.py), put together from each published service's Fragment:
# its own files, its organisation's, and the collections (which list every service, so any
# change remakes them: each its own output, so that they are made side by side).
def _api_collection(name: str, files: Callable[[list[api.Fragment]], tuple[str, Data]]) -> Kind:
    return Kind(
        name,
        keys=_single,
        made_from=lambda b, _: [_published_records(b)],
        render=lambda b, _: [files(_fragments(b, _published(b)))],
        sitemap=False,
        parts=API,
        cost=lambda b, _: len(_published(b)) // 200 + 1,
    )


KINDS += [
    Kind(
        "api-service",
        keys=lambda b: [sv.id for sv in _published(b)],
        made_from=lambda b, sid: [b.lists.by_id[sid]],
        render=lambda b, sid: api.service_files(b.parts["api"][sid]),
        sitemap=False,
        parts=API,
    ),
    Kind(
        "api-organization",
        keys=lambda b: list(_published_by_organisation(b)),
        made_from=lambda b, oid: _published_by_organisation(b)[oid],
        render=lambda b, oid: [
            api.organization_file(_fragments(b, _published_by_organisation(b)[oid]))
        ],
        sitemap=False,
        parts=API,
    ),
    Kind(
        "api-organizations",
        keys=_single,
        made_from=lambda b, _: [
            b.records_of(b.site.organisations[oid] for oid in _published_by_organisation(b))
        ],
        render=lambda b, _: [
            api.organizations_page(
                _fragments(b, [s[0] for s in _published_by_organisation(b).values()])
            )
        ],
        sitemap=False,
        parts=API,
    ),
    _api_collection("api-services", api.services_page),
    _api_collection("api-service-at-locations", api.at_locations_page),
    _api_collection("api-ndjson", api.ndjson),
    Kind(
        "api-tabular",
        keys=_single,
        made_from=lambda b, _: [_published_records(b)],
        render=lambda b, _: api.tabular_files(
            _fragments(b, _published(b)), api.taxonomies(b.site, api.context(b.site))
        ),
        sitemap=False,
        parts=API,
        cost=lambda b, _: len(_published(b)) // 100 + 1,
    ),
    Kind(
        "api",
        keys=_single,
        made_from=lambda b, _: [],
        render=lambda b, _: api.fixed_files(b.site),
        settings=frozenset({"site", "taxonomy"}),
        sitemap=False,
    ),
]


# What changed since the previous build (oversight.py, changes.py, feeds.py).
KINDS += [
    Kind(
        "change-snapshot",
        keys=_single,
        made_from=lambda b, _: [],  # the date and the districts
        render=oversight.snapshot_file,
        settings=frozenset({"site", "today"}),
        sitemap=False,
    ),
    Kind(
        "change-snapshot-district",
        keys=lambda b: [d.slug for d in b.site.config.districts],
        made_from=oversight.snapshot_part_from,  # its services as shown on this date
        render=oversight.snapshot_part_file,
        settings=frozenset({"site"}),
        sitemap=False,
    ),
    Kind(
        "change-file",
        keys=_single,
        made_from=lambda b, _: [*oversight.history_facts(b), *_watch_entries(b)],
        render=oversight.change_file,
        settings=frozenset({"today"}),
        sitemap=False,
    ),
    Kind(
        "feed",
        keys=oversight.feed_keys,
        made_from=lambda b, key: [oversight.history_facts(b)[0], *oversight.scope_entries(b, key)],
        render=oversight.feed_files,
        settings=frozenset({"site", "taxonomy"}),  # titles; not the date
        sitemap=False,
    ),
    Kind(
        "whats-new",
        keys=oversight.page_keys,
        made_from=lambda b, key: [*oversight.history_facts(b), *oversight.scope_entries(b, key)],
        render=oversight.whats_new_page,
    ),
    Kind(
        "follow",
        keys=_single,
        made_from=lambda b, _: [],
        render=oversight.follow_page,
    ),
]


# Commissioning insight: tables of the whole area, each page made from the figures it shows
# (oversight.insight_from), so a change that alters none of them remakes no page.
KINDS.append(
    Kind(
        "insight",
        keys=lambda b: list(oversight.INSIGHT_PAGES),
        made_from=oversight.insight_from,
        render=oversight.insight_page,
    )
)


# For councillors: a page per district, the weekly digest, reminders to check.
KINDS += [
    Kind(
        "councillors",
        keys=lambda b: [d.slug for d in b.site.config.districts],
        made_from=lambda b, slug: [
            _district_records(b, slug),
            *oversight.new_this_month(b, slug),
        ],
        render=oversight.councillor_page,
    ),
    Kind(
        "councillors-index",
        keys=_single,
        made_from=lambda b, _: [],
        render=oversight.councillors_index,
    ),
    Kind(
        "digest",
        keys=lambda b: [d.slug for d in b.site.config.districts],
        made_from=lambda b, slug: [
            _district_records(b, slug),
            *oversight.digest_changes(b, slug),
        ],
        render=oversight.digest,
        sitemap=False,  # an email, not a page of the site
    ),
    # Reminders to check: a page per organisation with records to check, made from what
    # its reminder says; the list of them and the mail-merge CSV, from every reminder.
    Kind(
        "reminders",
        keys=_single,
        made_from=lambda b, _: [r.facts() for r in oversight.reminders(b).values()],
        render=oversight.reminders_page,
    ),
    Kind(
        "reminder",
        keys=lambda b: list(oversight.reminders(b)),
        made_from=lambda b, oid: [oversight.reminders(b)[oid].facts()],
        render=oversight.organisation_reminder,
    ),
]


def _watch_entries(b: Build) -> list[object]:
    return list(b.watch.history.entries) if b.watch else []


def record_fingerprints(site: Site, shas: Mapping[str, str]) -> dict[int, str]:
    """id(model object) -> what its record files hash to, as 32 hex digits (BLAKE2b of
    their SHA-256s; short, so that joining and hashing thousands of them for one output
    costs little): a service stands for its own file and its organisation's, an
    organisation for its file."""
    out: dict[int, str] = {}
    for org in site.organisations.values():
        out[id(org)] = _short(shas.get(org.file, ""))
    for sv in site.services:
        out[id(sv)] = _short(shas.get(sv.file, "") + "/" + shas.get(sv.organisation.file, ""))
    return out


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def depends(item: object, records: Mapping[int, str]) -> object:
    """What one made_from item contributes to a fingerprint."""
    if isinstance(item, (Service, Organisation)):
        return records[id(item)]
    return item


def kind_by_name() -> dict[str, Kind]:
    names = [k.name for k in KINDS]
    if len(set(names)) != len(names):
        raise ValueError(f"two kinds of output share a name: {sorted(names)}")
    return {k.name: k for k in KINDS}


def search_refs(b: Build) -> dict[str, list[array[int]]]:
    """Shard name -> the refs in each of its pieces in this build, for the next."""
    return {name: _piece_refs(b, name) for name in _shard_names(b)}
