"""Feeds of changes: Atom 1.0 (RFC 4287) and JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

One pair of feeds for the whole area, each area (North, East, Central...), each district and
each category: an entry per service added, changed or removed, linking to the service page
(or, once removed, to the "What's new" page), dated with the build that found it, with the
change in plain words. Entry ids are tag URIs (RFC 4151) made from the change's stable id, so
a feed reader never shows the same change twice. A feed's `updated` date is its newest
entry's (or the date its history starts), so a night without changes leaves it byte for byte
as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from markupsafe import escape as html_escape

from directory.outputs.changes import Change, History, area_slug
from directory.site.model import Site

FEED_LIMIT = 100  # newest entries per feed


@dataclass(frozen=True)
class Scope:
    """What a feed (and a "What's new" page) covers: everything, or one area, district or
    category."""

    kind: str  # all, area, district, category
    value: str  # the area's name, the district's slug, the category's id ("" for all)
    slug: str  # its part of the path
    title: str  # "Preston"

    @property
    def key(self) -> str:
        """ "all", "area/north", "district/preston", "category/dementia"."""
        return "all" if self.kind == "all" else f"{self.kind}/{self.slug}"

    def wanted(self, change: Change) -> bool:
        if self.kind == "area":
            return change.in_area(self.value)
        if self.kind == "district":
            return change.in_district(self.value)
        if self.kind == "category":
            return change.in_category(self.value)
        return True

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom"

    @property
    def json_path(self) -> str:
        return f"feeds/{self.key}.json"

    @property
    def whats_new(self) -> str:
        return "whats-new/" if self.kind == "all" else f"whats-new/{self.key}/"


def scopes(site: Site) -> list[Scope]:
    """Every feed: the whole area, then each area, district and category, in site order."""
    out = [Scope("all", "", "", site.config.title)]
    out += [Scope("area", a, area_slug(a), f"{a} area") for a in site.config.areas]
    out += [Scope("district", d.slug, d.slug, d.name) for d in site.config.districts]
    out += [Scope("category", c.id, c.id, c.name) for c in site.categories]
    return out


def entries_for(scope: Scope, history: History, limit: int = FEED_LIMIT) -> list[Change]:
    return [c for c in history.entries if scope.wanted(c)][:limit]


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _tag(site: Site, change_id: str) -> str:
    """tag:directory.example.org,2026-11-29:changes/2026-11-29/lunch-club/ab12cd34ef"""
    host = urlsplit(site.config.base_url).hostname or "localhost"
    return f"tag:{host},{change_id[:10]}:changes/{change_id}"


def _feed_tag(site: Site, scope: Scope, since: str) -> str:
    host = urlsplit(site.config.base_url).hostname or "localhost"
    return f"tag:{host},{since}:feeds/{scope.key}"


def feed_title(site: Site, scope: Scope) -> str:
    if scope.key == "all":
        return f"Changes to {site.config.title}"
    return f"Changes to community services: {scope.title}"


def entry_link(site: Site, scope: Scope, change: Change) -> str:
    base = site.config.base_url
    if change.url:
        return base + change.url
    return base + scope.whats_new + "#" + change_anchor(change)


def change_anchor(change: Change) -> str:
    return "change-" + change.id.replace("/", "-")


def _html(change: Change) -> str:
    items = "".join(f"<li>{html_escape(d)}</li>" for d in change.details)
    org = html_escape(change.organisation)
    return f"<ul>{items}</ul><p>Run by {org}.</p>" if org else f"<ul>{items}</ul>"


def atom(site: Site, scope: Scope, history: History) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of the scope's changes, newest first."""
    base = site.config.base_url
    entries = entries_for(scope, history)
    updated = _stamp(entries[0].date if entries else history.since)
    self_link = quoteattr(base + scope.atom_path)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
        f"  <id>{escape(_feed_tag(site, scope, history.since))}</id>",
        f"  <title>{escape(feed_title(site, scope))}</title>",
        f"  <subtitle>Services added, changed and no longer listed, from "
        f"{escape(site.config.title)}.</subtitle>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site.config.council)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={self_link}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base + scope.whats_new)}/>',
        "  <generator>directory</generator>",
    ]
    for c in entries:
        link = quoteattr(entry_link(site, scope, c))
        lines += [
            "  <entry>",
            f"    <id>{escape(_tag(site, c.id))}</id>",
            f"    <title>{escape(c.headline)}</title>",
            f"    <updated>{_stamp(c.date)}</updated>",
            f'    <link rel="alternate" type="text/html" href={link}/>',
            f"    <summary>{escape(c.text)}</summary>",
            f'    <content type="html">{escape(_html(c))}</content>',
            f"    <category term={quoteattr(c.kind)}/>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def json_feed(site: Site, scope: Scope, history: History) -> bytes:
    """A JSON Feed 1.1 of the scope's changes, newest first."""
    base = site.config.base_url
    items = []
    for c in entries_for(scope, history):
        items.append(
            {
                "id": _tag(site, c.id),
                "url": entry_link(site, scope, c),
                "title": c.headline,
                "content_text": c.text,
                "content_html": _html(c),
                "date_published": _stamp(c.date),
                "tags": [c.kind, *c.tags],
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_title(site, scope),
        "home_page_url": base + scope.whats_new,
        "feed_url": base + scope.json_path,
        "description": f"Services added, changed and no longer listed, from {site.config.title}.",
        "language": "en-GB",
        "authors": [{"name": site.config.council}],
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
