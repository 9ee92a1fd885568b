"""Commissioning insight: where services are, where they are not, how stretched and how
current they are, who runs them, and which look like the same service listed twice.

Each table is a `Table`: a caption, column headings and rows of cells, written as an
accessible HTML table (insight_*.html templates) and as CSV (`insight/*.csv`, UTF-8 with a
header row, RFC 4180 quoting). Pure functions of the site model.

What is counted:
- a service "serves" a district when the district is among its `areas_served` (a county-wide
  service serves every district, so it counts in each);
- "listed" means offered in lists and search on the build date (model.Site.listed): not full
  or paused, not temporarily closed, not past the review limit;
- per 10,000 residents uses the district's `population` from site.yaml.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz import fuzz, process

from directory.problems import Problem
from directory.site.model import Service, Site

PER = 10_000
PRESSURE = ("full", "paused", "waitlist", "limited")
SIZES = ("micro", "small", "medium", "large", "major")
# Web hosts that many unrelated groups share: a page there is not a sign of the same service.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "youtube.com",
        "google.com",
        "sites.google.com",
        "eventbrite.co.uk",
        "eventbrite.com",
        "wixsite.com",
        "wordpress.com",
        "blogspot.com",
        "gov.uk",
        "nhs.uk",
        "org.uk",
        "co.uk",
    }
)
NAME_THRESHOLD = 80  # rapidfuzz token_set_ratio (0-100) from which two names are "alike"
MAX_GROUP = 100
BIG_GROUP = 40  # from this many names a group's comparisons are spread over the cores


@dataclass
class Cell:
    """A table cell: its value (for CSV), what is shown, and what it stands out as."""

    value: object
    text: str = ""
    flag: str = ""  # "gap" (none at all), "lowest" (fewest per resident), "high" (pressure)
    href: str = ""

    @property
    def shown(self) -> str:
        return self.text or ("" if self.value is None else str(self.value))


@dataclass
class Table:
    slug: str  # insight/<slug>.csv
    caption: str
    headings: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    row_headings: bool = True  # the first cell of each row is a heading for it
    notes: list[str] = field(default_factory=list)

    def csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.headings)
        for row in self.rows:
            writer.writerow(["" if c.value is None else c.value for c in row])
        return out.getvalue().encode("utf-8")


def _share(part: int, whole: int) -> Cell:
    if not whole:
        return Cell(None, "–")
    pct = round(100 * part / whole)
    return Cell(pct, f"{pct}%")


def serving(site: Site) -> dict[str, list[Service]]:
    """Every district's services (all of them, listed or not), in one pass."""
    out: dict[str, list[Service]] = {d.slug: [] for d in site.config.districts}
    for sv in site.services:
        for d in sv.areas_served:
            out[d.slug].append(sv)
    return out


def coverage(
    site: Site, by_district: dict[str, list[Service]] | None = None
) -> tuple[Table, Table | None]:
    """Listed services serving each district, by category; and the same per 10,000 residents
    where site.yaml gives populations. Empty cells are gaps; in the per-resident table the
    lowest non-empty figure of each category is marked too. by_district: serving(site), if
    already worked out."""
    by_district = by_district or serving(site)
    cats = list(site.categories)
    counts = Table(
        "services-by-district-and-category",
        "Listed services serving each district, by type of support",
        ["District", *[c.name for c in cats], "All listed services"],
        notes=[
            "A service that covers the whole area is counted in every district.",
            "A cell marked 'none' is a gap: no listed service of that type serves the district.",
        ],
    )
    listed_ids = {sv.id for sv in site.services if site.listed(sv)}
    grid: dict[tuple[str, str], int] = {}
    for d in site.config.districts:
        listed = [sv for sv in by_district[d.slug] if sv.id in listed_ids]
        in_category: dict[str, int] = {}
        for sv in listed:
            for cid in {c.id for c in sv.categories}:
                in_category[cid] = in_category.get(cid, 0) + 1
        row = [Cell(d.name, href=f"districts/{d.slug}/")]
        for c in cats:
            n = grid[(d.slug, c.id)] = in_category.get(c.id, 0)
            row.append(Cell(n, "none" if n == 0 else str(n), "gap" if n == 0 else ""))
        row.append(Cell(len(listed)))
        counts.rows.append(row)
    with_pop = [d for d in site.config.districts if d.population]
    if not with_pop:
        return counts, None
    per = Table(
        "services-per-10000-residents",
        f"Listed services per {PER:,} residents, by district and type of support",
        ["District", "Residents", *[c.name for c in cats], "All listed services"],
        notes=[
            "Residents: " + (site.config.population_source or "as given in site.yaml") + ".",
            "'none' marks a gap; 'lowest' marks the fewest per resident among the districts "
            "that have any of that type.",
        ],
    )
    rates = {
        (d.slug, c.id): PER * grid[(d.slug, c.id)] / d.population
        for d in with_pop
        for c in cats
        if d.population
    }
    lowest = {}
    for c in cats:
        found = [rates[(d.slug, c.id)] for d in with_pop if grid[(d.slug, c.id)] > 0]
        lowest[c.id] = min(found) if len(found) > 1 else None
    for d, row in zip(site.config.districts, counts.rows, strict=True):
        if not d.population:
            continue
        cells = [Cell(d.name, href=f"districts/{d.slug}/"), Cell(d.population, f"{d.population:,}")]
        for c in cats:
            n = grid[(d.slug, c.id)]
            rate = rates[(d.slug, c.id)]
            if n == 0:
                cells.append(Cell(0, "none", "gap"))
            else:
                flag = "lowest" if lowest[c.id] is not None and rate == lowest[c.id] else ""
                cells.append(
                    Cell(round(rate, 2), f"{rate:.2f}" + (" (lowest)" if flag else ""), flag)
                )
        total = int(row[-1].value)  # type: ignore[call-overload]
        cells.append(
            Cell(round(PER * total / d.population, 2), f"{PER * total / d.population:.2f}")
        )
        per.rows.append(cells)
    return counts, per


def capacity(site: Site, by_district: dict[str, list[Service]] | None = None) -> Table:
    """Capacity pressure by district: how many of the services serving it are full, paused,
    on a waiting list or limited, of all those serving it (listed or not)."""
    table = Table(
        "capacity-pressure",
        "Capacity pressure by district",
        [
            "District",
            "Services",
            "Full",
            "Paused",
            "Waiting list",
            "Limited",
            "Under pressure (share)",
        ],
        notes=[
            "Under pressure: full, paused, on a waiting list or a small group with limited time."
        ],
    )
    by_district = by_district or serving(site)
    for d in site.config.districts:
        services = by_district[d.slug]
        n = {s: sum(1 for sv in services if sv.capacity.status == s) for s in PRESSURE}
        pressed = sum(n.values())
        share = _share(pressed, len(services))
        if share.value is not None and int(share.value) >= 50:  # type: ignore[call-overload]
            share.flag = "high"
        table.rows.append(
            [
                Cell(d.name, href=f"districts/{d.slug}/"),
                Cell(len(services)),
                Cell(n["full"]),
                Cell(n["paused"]),
                Cell(n["waitlist"]),
                Cell(n["limited"]),
                share,
            ]
        )
    return table


def freshness(site: Site, by_district: dict[str, list[Service]] | None = None) -> Table:
    """Records not checked in warn_after_months (12) and hide_after_months (24), by district."""
    warn, hide = site.config.warn_after_months, site.config.hide_after_months
    table = Table(
        "freshness",
        "How up to date the records are, by district",
        [
            "District",
            "Services",
            f"Not checked in {warn} months",
            f"Share not checked in {warn} months",
            f"Not checked in {hide} months (left lists)",
            "Imported, not yet checked",
        ],
    )
    by_district = by_district or serving(site)
    for d in site.config.districts:
        services = by_district[d.slug]
        checked = [sv for sv in services if getattr(sv, "reviewed", None) is not None]
        old = sum(1 for sv in checked if sv.freshness in ("stale", "expired"))
        expired = sum(1 for sv in checked if sv.freshness == "expired")
        share = _share(old, len(services))
        table.rows.append(
            [
                Cell(d.name, href=f"districts/{d.slug}/"),
                Cell(len(services)),
                Cell(old),
                share,
                Cell(expired),
                Cell(sum(1 for sv in services if sv.imported and sv.reviewed is None)),
            ]
        )
    return table


def organisation_type(org: object) -> str | None:
    """The organisation's type (charity, council, NHS...) where the content model has one."""
    value = getattr(org, "type", None) or getattr(org, "kind", None)
    return str(value) if value else None


def micro_volunteer(sv: Service) -> bool:
    org = sv.organisation
    return org.size == "micro" and bool(org.volunteer_led)


def who_runs(
    site: Site, by_district: dict[str, list[Service]] | None = None
) -> tuple[Table, Table]:
    """Services by the size of organisation that runs them (and by type, where known); and,
    by district, how much rests on micro volunteer-run groups."""
    sizes = Table(
        "organisations-by-size",
        "Who runs the services: by size of organisation",
        ["Size", "Organisations", "Services", "Share of services", "Run by volunteers"],
        notes=[
            "Sizes are the usual voluntary-sector income bands; 'not given' where the record "
            "does not say."
        ],
    )
    total = len(site.services)
    for size in (*SIZES, None):
        orgs = [o for o in site.organisations.values() if o.size == size]
        services = [sv for o in orgs for sv in o.services]
        label = size.capitalize() if size else "Not given"
        volunteer = sum(1 for sv in services if sv.organisation.volunteer_led)
        sizes.rows.append(
            [
                Cell(label),
                Cell(len(orgs)),
                Cell(len(services)),
                _share(len(services), total),
                Cell(volunteer),
            ]
        )
    types = sorted({t for o in site.organisations.values() if (t := organisation_type(o))})
    if types:
        for t in types:
            orgs = [o for o in site.organisations.values() if organisation_type(o) == t]
            services = [sv for o in orgs for sv in o.services]
            sizes.rows.append(
                [
                    Cell(f"Type: {t}"),
                    Cell(len(orgs)),
                    Cell(len(services)),
                    _share(len(services), total),
                    Cell(sum(1 for sv in services if sv.organisation.volunteer_led)),
                ]
            )
    reliance = Table(
        "reliance-on-micro-volunteer-groups",
        "How much rests on micro volunteer-run groups, by district",
        [
            "District",
            "Listed services",
            "Run by micro volunteer-run groups",
            "Share",
        ],
        notes=["Micro: income under £10,000 a year, run by volunteers (as the records say)."],
    )
    by_district = by_district or serving(site)
    for d in site.config.districts:
        listed = [sv for sv in by_district[d.slug] if site.listed(sv)]
        micro = sum(1 for sv in listed if micro_volunteer(sv))
        share = _share(micro, len(listed))
        if share.value is not None and int(share.value) >= 50:  # type: ignore[call-overload]
            share.flag = "high"
        reliance.rows.append(
            [Cell(d.name, href=f"districts/{d.slug}/"), Cell(len(listed)), Cell(micro), share]
        )
    return sizes, reliance


# Probable duplicates ---------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


@functools.lru_cache(maxsize=65536)
def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if not host or host in SHARED_HOSTS:
        return None
    return host


def match_keys(sv: Service) -> list[tuple[str, str]]:
    """(what is shared, value): the contact details and places two records of the same
    service would have in common."""
    org = sv.organisation
    return _keys(
        [p.number for p in sv.phones],
        org.phone.number if org.phone else None,
        (sv.email, org.email),
        (sv.website, org.website),
        org.charity_number,
        [loc.postcode for loc in sv.locations],
    )


def record_keys(rec: dict, org: dict) -> list[tuple[str, str]]:
    """match_keys from the checked records (content.py's dicts) of a service and its
    organisation, without the site model: the same keys build_site's Service would give."""
    contacts = rec.get("contacts") or {}
    return _keys(
        [p["number"] for p in contacts.get("phones") or []],
        org.get("phone"),
        (contacts.get("email"), org.get("email")),
        (contacts.get("website"), org.get("website")),
        org.get("charity_number"),
        [loc["postcode"] for loc in rec.get("locations") or []],
    )


def _keys(
    phones: Iterable[str],
    org_phone: str | None,
    emails: Iterable[str | None],
    urls: Iterable[str | None],
    charity_number: str | None,
    postcodes: Iterable[str],
) -> list[tuple[str, str]]:
    keys = [("phone", d) for d in map(_digits, phones) if len(d) >= 6]
    if org_phone:
        d = _digits(org_phone)
        if len(d) >= 6:
            keys.append(("phone", d))
    for email in emails:
        if email:
            keys.append(("email", email.strip().lower()))
    for url in urls:
        host = _host(url)
        if host:
            keys.append(("web domain", host))
    if charity_number:
        keys.append(("charity number", charity_number.replace(" ", "")))
    for postcode in postcodes:
        keys.append(("postcode", postcode.replace(" ", "").upper()))
    return sorted(set(keys))


def duplicate_facts(sv: Service) -> tuple[object, ...]:
    """Everything about a service that probable_duplicates and the table of them read: its
    id, name and organisation, and the raw values match_keys works from. A plain tuple,
    quick to make for every service (a fingerprint of the duplicates page)."""
    org = sv.organisation
    return (
        sv.id,
        sv.name,
        org.id,
        org.name,
        tuple(p.number for p in sv.phones),
        org.phone.number if org.phone else None,
        sv.email,
        org.email,
        sv.website,
        org.website,
        org.charity_number,
        tuple(loc.postcode for loc in sv.locations),
    )


@dataclass(frozen=True)
class Pair:
    """Two services run by different organisations that may be the same service."""

    first: Service
    second: Service
    shared: tuple[str, ...]  # "phone", "postcode"...
    score: int  # name likeness, 0 to 100


def probable_duplicates(services: Iterable[Service], threshold: int = NAME_THRESHOLD) -> list[Pair]:
    """Pairs of services of different organisations that share a phone number, email
    address, web domain, charity number or postcode, and whose names are alike
    (rapidfuzz token_set_ratio >= threshold, after lower-casing). Sorted by likeness.

    Names are compared only within each group sharing a detail, by rapidfuzz's C++ loop
    (process.extract), once per name; a detail shared by more than MAX_GROUP services (a
    switchboard, a big venue) says nothing and is skipped."""
    listed = list(services)
    found = _alike(
        [(sv.id, sv.name, sv.organisation.id, match_keys(sv)) for sv in listed], threshold
    )
    return [Pair(listed[i], listed[j], shared, score) for i, j, shared, score in found]


def _alike(
    candidates: list[tuple[str, str, str, list[tuple[str, str]]]], threshold: int
) -> list[tuple[int, int, tuple[str, ...], int]]:
    """probable_duplicates on (id, name, organisation id, match keys) tuples: (index of the
    first by id, index of the second, what they share, name likeness), sorted by likeness."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for n, (_id, _name, _org, mine) in enumerate(candidates):
        for key in mine:
            by_key.setdefault(key, []).append(n)
    ids = [c[0] for c in candidates]
    orgs = [c[2] for c in candidates]
    lowered = [c[1].lower() for c in candidates]
    found: dict[tuple[str, str], tuple[int, int, int]] = {}
    for group in by_key.values():
        if len(group) < 2 or len(group) > MAX_GROUP:
            continue
        if len(set(map(orgs.__getitem__, group))) < 2:
            continue  # one organisation's own services: validation compares those
        names = [lowered[n] for n in group]
        # Every name of the group against every other, in one call of rapidfuzz's C++ loop
        # (process.extract once per name costs more in calls than in comparisons).
        scores = process.cdist(
            names,
            names,
            scorer=fuzz.token_set_ratio,
            score_cutoff=threshold,
            dtype=np.float64,
            # A big group (a venue's postcode) on every core; threads cost more than
            # they save on a small one.
            workers=-1 if len(group) >= BIG_GROUP else 1,
        )
        for i, j in zip(*np.nonzero(np.triu(scores >= threshold, 1)), strict=True):
            na, nb = group[i], group[j]
            if orgs[na] == orgs[nb] or ids[na] == ids[nb]:
                continue
            first, second = (na, nb) if ids[na] < ids[nb] else (nb, na)
            found[(ids[first], ids[second])] = (first, second, round(float(scores[i, j])))
    pairs = []
    for first, second, score in found.values():
        common = set(candidates[first][3]) & set(candidates[second][3])
        shared = tuple(sorted({what for what, _ in common}))
        pairs.append((first, second, shared, score))
    pairs.sort(key=lambda p: (-p[3], -len(p[2]), candidates[p[0]][0], candidates[p[1]][0]))
    return pairs


def duplicates_table(site: Site) -> tuple[Table, list[Pair]]:
    pairs = probable_duplicates(site.services)
    table = Table(
        "probable-duplicates",
        "Probable duplicate services across organisations, for a person to judge",
        [
            "Service",
            "Organisation",
            "Other service",
            "Its organisation",
            "What they share",
            "Name likeness (out of 100)",
        ],
        row_headings=False,
        notes=[
            "Candidates share a phone number, email address, web domain, charity number or "
            f"postcode, and their names are alike (a likeness of {NAME_THRESHOLD} or more). "
            "They may be one service listed twice, or two groups that should know about each "
            "other."
        ],
    )
    for p in pairs:
        table.rows.append(
            [
                Cell(p.first.id, p.first.name, href=p.first.url),
                Cell(p.first.organisation.name),
                Cell(p.second.id, p.second.name, href=p.second.url),
                Cell(p.second.organisation.name),
                Cell("; ".join(p.shared)),
                Cell(p.score),
            ]
        )
    return table, pairs


def duplicate_problems(site: Site) -> list[Problem]:
    """A warning on each file of a probable duplicate pair, naming the other, so a pull
    request that adds a likely duplicate shows it on the new file. Pairs sharing both a
    phone number and a postcode are left to validation's own same-service check."""
    return _pair_problems(
        (
            (p.first.file, p.first.name, p.first.organisation.name),
            (p.second.file, p.second.name, p.second.organisation.name),
            p.shared,
            p.score,
        )
        for p in probable_duplicates(site.services)
    )


def record_duplicate_problems(
    organisations: dict[str, dict], services: list[dict], threshold: int = NAME_THRESHOLD
) -> list[Problem]:
    """duplicate_problems from the checked records (content.Content's organisations and
    services), for `directory validate`, which has no other use for the site model: the
    same warnings, in the same order, as duplicate_problems(build_site(...)). Services
    whose organisation is not among the records (it had errors) are left out, as
    build_site leaves them out."""
    listed = sorted(
        (rec for rec in services if rec["organisation"] in organisations),
        key=lambda r: r["id"],
    )
    orgs = [organisations[rec["organisation"]] for rec in listed]
    found = _alike(
        [
            (rec["id"], rec["name"], org["id"], record_keys(rec, org))
            for rec, org in zip(listed, orgs, strict=True)
        ],
        threshold,
    )
    return _pair_problems(
        (
            (listed[i]["file"], listed[i]["name"], orgs[i]["name"]),
            (listed[j]["file"], listed[j]["name"], orgs[j]["name"]),
            shared,
            score,
        )
        for i, j, shared, score in found
    )


def _pair_problems(
    pairs: Iterable[tuple[tuple[str, str, str], tuple[str, str, str], tuple[str, ...], int]],
) -> list[Problem]:
    """pairs: ((file, name, organisation name) of each service, what they share, score)."""
    problems = []
    for first, second, shared, score in pairs:
        if {"phone", "postcode"} <= set(shared):
            continue
        for this, other in ((first, second), (second, first)):
            problems.append(
                Problem(
                    this[0],
                    1,
                    "name",
                    f"probably the same service as {other[0]} ('{other[1]}', run by "
                    f"{other[2]}): same {' and '.join(shared)}, names "
                    f"{score}% alike. If it is, keep one record; if not, give them "
                    "clearer names",
                    "warning",
                )
            )
    return problems
