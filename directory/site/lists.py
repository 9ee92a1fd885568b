"""Who is in which list: every list a page or an output shows, made once per build in one pass
over the services.

Asking the site for each list (Site.serving, Site.in_category) scans every service per list:
at 10,000 services and 500 lists that is millions of comparisons. Lists holds them all,
keyed by the list's own identifiers, each in id order (the order of Site.services); pages put
them in list order with Site.ordered or Site.split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.site.model import Service, Site


@dataclass
class Lists:
    by_id: dict[str, Service] = field(default_factory=dict)
    district: dict[str, list[Service]] = field(default_factory=dict)  # slug -> services
    category: dict[str, list[Service]] = field(default_factory=dict)  # category id -> services
    # (district slug, category id) -> services in that category serving that district
    district_category: dict[tuple[str, str], list[Service]] = field(default_factory=dict)
    # first letter of the name ("A" to "Z", or "#") -> services, in name order
    letter: dict[str, list[Service]] = field(default_factory=dict)

    def serving(self, slug: str) -> list[Service]:
        return self.district.get(slug, [])

    def in_category(self, category_id: str) -> list[Service]:
        return self.category.get(category_id, [])

    def pair(self, slug: str, category_id: str) -> list[Service]:
        return self.district_category.get((slug, category_id), [])


def first_letter(name: str) -> str:
    """The A to Z letter a name is listed under: "A" to "Z", or "#" for anything else."""
    first = name[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def make_lists(site: Site) -> Lists:
    """Every list, in one pass over site.services (time and memory linear in services times
    the districts and categories each serves)."""
    lists = Lists()
    for d in site.config.districts:
        lists.district[d.slug] = []
    for c in site.categories:
        lists.category[c.id] = []
    # A category's lists hold its own services and those of every category below it.
    for sv in site.services:
        lists.by_id[sv.id] = sv
        ids = site.category_ids(sv)
        for cid in ids:
            lists.category.setdefault(cid, []).append(sv)
        for d in sv.areas_served:
            lists.district.setdefault(d.slug, []).append(sv)
            for cid in ids:
                lists.district_category.setdefault((d.slug, cid), []).append(sv)
    for sv in sorted(site.services, key=lambda s: (s.name.lower(), s.id)):
        lists.letter.setdefault(first_letter(sv.name), []).append(sv)
    lists.letter = {k: lists.letter[k] for k in sorted(lists.letter)}
    return lists
