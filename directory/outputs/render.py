"""Site + templates -> {output path: bytes}, one page at a time.

Templates are looked up in the site's own folder first, then in the package's defaults, file
by file. Autoescaping is on and undefined variables fail the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

import jinja2
import markdown
import nh3
from markupsafe import Markup

from directory.outputs.changes import area_slug
from directory.outputs.form import controls, form_data, service_record
from directory.outputs.normalise import fold
from directory.outputs.search import manifest
from directory.site.geo import ATTRIBUTION as POSTCODE_ATTRIBUTION
from directory.site.lists import make_lists
from directory.site.model import Service, Site

# No inline script or style anywhere, nothing from other hosts.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'"
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "blockquote",
    "h3",
    "h4",
}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_HREFLESS_LINK = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)
STATIC = Path(__file__).parents[1] / "static"
# A district's or category's page lists at most this many services of one category in one
# district, and links to a page of them all: a district page stays readable on a phone
# however big the county grows.
GROUP_LIMIT = 10
AZ_SPLIT = 500
STATIC_FILES = ("site.css", "favicon.svg")


def make_env(template_dirs: list[Path]) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d)) for d in template_dirs if d.is_dir()
    ]
    loaders.append(jinja2.PackageLoader("directory", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat per page
    )
    env.filters["longdate"] = longdate
    env.filters["displayurl"] = display_url
    env.filters["letterslug"] = letter_slug
    env.filters["isolong"] = lambda iso: longdate(dt.date.fromisoformat(iso))
    env.filters["areaslug"] = area_slug
    return env


def longdate(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def display_url(url: str) -> str:
    """The address without https:// and a trailing slash, easier to read and say aloud."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _markdown(extensions: list[str], references: bool = False) -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", *extensions], output_format="html")
    # Raw HTML in a record is shown as text, never passed through: remove the block and inline
    # HTML handlers, so `<script>` becomes `&lt;script&gt;` before the sanitiser even runs.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Images are never shown, and reference-style links ([text][id] with `[id]: https://...`
    # below) are rare: leaving out their patterns makes Markdown a third faster, which counts
    # at 10,000 services, so only texts with a link definition use an instance that has them.
    unused = ["image_link", "image_reference", "short_image_ref"]
    if not references:
        unused += ["reference", "short_reference"]
    for name in unused:
        md.inlinePatterns.deregister(name)
    md.treeprocessors.deregister("prettify")
    return md


# In a record, a single line break is a line break (nl2br): text pasted from a form or a
# spreadsheet has no hard-wrapped lines, and its line breaks mean something. The site's own
# pages are hand-wrapped Markdown, read as Markdown normally is.
_md = _markdown(["nl2br"])
_md_references = _markdown(["nl2br"], references=True)
_md_page = _markdown([], references=True)
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)

# Which of Python-Markdown's inline patterns and block processors could match anything in a
# text, from what their regular expressions need (markdown/inlinepatterns.py and
# blockprocessors.py), after Markdown's own clean-up (tabs expanded, \r read as \n); a nested
# block is the text's own lines without some indent, quote marks or list markers, so what
# starts a line is looked for after them too. Most records are paragraphs, perhaps a list,
# some bold: a text is converted by an instance without what it gives no chance to match,
# which makes the same HTML in about 60% of the time (at 10,000 services, 1.5 CPU-s instead
# of 2.5). tests/test_markdown.py checks the HTML against the full instances.
_LINE_STARTS = re.compile(r"[\r\n]+((?:[ \t>]|[*+-][ \t]|[0-9]+\.[ \t])*[^\r\n]?)")
_DIGIT = re.compile("[0-9]")


def _could_match(text: str) -> dict[tuple[str, bool], bool]:
    """{(name, inline?): whether it could match something in text}."""
    starts = "".join(_LINE_STARTS.findall("\n" + text))
    breaks = "\n" in text or "\r" in text
    link = "[" in text
    angle = "<" in text
    indent = "    " in text or "\t" in text
    dash = "-" in starts
    return {
        ("backtick", True): "`" in text,
        ("escape", True): "\\" in text,
        ("reference", True): link,
        ("link", True): link,
        ("short_reference", True): link,
        ("autolink", True): angle,
        ("automail", True): angle,
        ("linebreak", True): breaks and any(f"{w}{n}" in text for w in " \t" for n in "\n\r"),
        ("entity", True): "&" in text,
        ("em_strong", True): "*" in text or "_" in text,
        ("nl", True): breaks,
        ("indent", False): indent,
        ("code", False): indent,
        ("hashheader", False): "#" in text,
        ("setextheader", False): breaks and (dash or "=" in starts),
        ("hr", False): dash or "_" in starts or "*" in starts,
        ("olist", False): "." in starts and _DIGIT.search(starts) is not None,
        ("ulist", False): dash or "*" in starts or "+" in starts,
        ("quote", False): ">" in text,
        ("reference", False): "]:" in text,
    }


# Instances by (base instance, what they lack); a county's texts need a handful of them.
# Past this many, texts are converted by the base instances.
_MAX_INSTANCES = 64
_instances: dict[tuple[int, frozenset[tuple[str, bool]]], markdown.Markdown] = {}


def full_markdown(text: str, page: bool = False) -> markdown.Markdown:
    """The instance with every pattern a text of its kind can use."""
    if page:
        return _md_page
    return _md_references if LINK_DEFINITION.search(text) else _md


def markdown_for(text: str, page: bool = False) -> markdown.Markdown:
    """The Markdown instance that converts `text` (a record's, or a static page's with
    page=True): one without the patterns and processors the text gives no chance to match
    (_could_match), else the full one."""
    base = full_markdown(text, page)
    unused = frozenset(
        (name, inline)
        for (name, inline), could in _could_match(text).items()
        if not could and name in (base.inlinePatterns if inline else base.parser.blockprocessors)
    )
    key = (id(base), unused)
    md = _instances.get(key)
    if md is None:
        if len(_instances) >= _MAX_INSTANCES:
            return base
        md = _markdown([] if page else ["nl2br"], references=base is not _md)
        for name, inline in unused:
            (md.inlinePatterns if inline else md.parser.blockprocessors).deregister(name)
        _instances[key] = md
    return md


def render_markdown(text: str | None, page: bool = False) -> Markup:
    """Markdown from a record -> safe HTML: escaped raw HTML, sanitised, safe links only.

    A record's headings are demoted below the page's own; a static page (page=True) keeps its
    headings, starting with its h1.
    """
    if not text:
        return Markup("")
    if not page:
        text = re.sub(r"^#{1,6}[ \t]+", "### ", text, flags=re.MULTILINE)
    html = markdown_for(text, page).reset().convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS | ({"h1", "h2"} if page else set()),
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        link_rel="external noopener nofollow",
        strip_comments=True,
    )
    # A link whose address was removed (javascript:, data:...) is left as its plain text.
    return Markup(_HREFLESS_LINK.sub(r"\1", clean))


class Renderer:
    """Renders every page of a site. Each page is yielded as soon as it is rendered."""

    def __init__(self, site: Site, env: jinja2.Environment, assets: dict[str, str]) -> None:
        self.site = site
        self.env = env
        self.assets = assets
        cfg = site.config
        self.areas = [(area, [d for d in cfg.districts if d.area == area]) for area in cfg.areas]
        self.base_path = urlsplit(cfg.base_url).path or "/"
        self.lists = make_lists(site)
        # (district, category) pairs with more services than a list shows: they get a page.
        self.overflow = {
            pair
            for pair, services in self.lists.district_category.items()
            if len(services) > GROUP_LIMIT
        }
        self.letters = self._letters()

    def page(self, template: str, path: str, **context: Any) -> tuple[str, bytes]:
        depth = path.count("/")
        root = "../" * depth if path != "404.html" else self.base_path
        canonical_path = path[: -len("index.html")] if path.endswith("index.html") else path
        html = self.env.get_template(template).render(
            config=self.site.config,
            site=self.site,
            today=self.site.today,
            root=root,
            assets=self.assets,
            csp=CSP,
            breadcrumbs=context.pop("breadcrumbs", None),
            canonical=self.site.config.base_url + canonical_path if path != "404.html" else "",
            description=context.pop("description", ""),
            page_kind=context.pop("kind", ""),
            title=context.pop("title", ""),
            **context,
        )
        return path, html.encode("utf-8")

    def search_page(self) -> tuple[str, bytes]:
        site = self.site
        return self.page(
            "search.html",
            "search/index.html",
            kind="search",
            buckets=json.dumps(manifest(site, self.lists), sort_keys=True, separators=(",", ":")),
            languages=sorted(
                {(lang.name, lang.code) for sv in site.services for lang in sv.languages}
            ),
            category_words=json.dumps(
                [[c.id, c.name, fold(f"{c.name} {' '.join(c.synonyms)}")] for c in site.categories]
            ),
            areas=self.areas,
            categories=site.categories,
            breadcrumbs=[("Home", "")],
        )

    def my_list(self) -> tuple[str, bytes]:
        return self.page("my-list.html", "my-list/index.html", breadcrumbs=[("Home", "")])

    def suggest(self) -> tuple[str, bytes]:
        """The "Suggest a service" form (also "Report a change", with ?service=<id>)."""
        return self.page(
            "suggest.html",
            "suggest/index.html",
            kind="suggest",
            controls=controls(self.site),
            # In the schema's order (the tojson filter sorts keys): the record's fields come
            # out in the order people write them.
            form_json=Markup(jinja2.utils.htmlsafe_json_dumps(form_data(self.site))),
            areas=self.areas,
            title="Suggest a service",
            description="Tell us about a community service, or a change to one.",
            breadcrumbs=[("Home", "")],
        )

    def not_found(self) -> tuple[str, bytes]:
        return self.page("404.html", "404.html")

    def static_page(self, slug: str, title: str, body: str) -> tuple[str, bytes]:
        return self.page(
            "page.html",
            f"{slug}/index.html",
            title=title,
            body=render_markdown(body, page=True),
            breadcrumbs=[("Home", "")],
            # Whatever a site's own privacy page says, it credits the postcode data.
            attribution=POSTCODE_ATTRIBUTION if slug == "privacy" else "",
        )

    def home_context(self) -> dict[str, Any]:
        """All the home page shows of the services and organisations: how many services
        each district and category lists, which categories have any, whether any
        organisation is a public service."""
        site = self.site
        district_counts = {
            d.slug: sum(1 for sv in self.lists.serving(d.slug) if site.listed(sv))
            for d in site.config.districts
        }
        category_counts = {
            c.id: sum(1 for sv in self.lists.in_category(c.id) if site.listed(sv))
            for c in site.categories
        }
        # Top-level categories, each with the categories below it; only those with services.
        category_groups = [
            (top, [c for c in site.children(top) if self.lists.in_category(c.id)])
            for top in site.children(None)
            if self.lists.in_category(top.id)
        ]
        return {
            "categories": [c for c in site.categories if self.lists.in_category(c.id)],
            "category_groups": category_groups,
            "public_services": any(
                o.type in ("council", "nhs") for o in site.organisations.values()
            ),
            "district_counts": district_counts,
            "category_counts": category_counts,
        }

    def home(self) -> tuple[str, bytes]:
        site = self.site
        return self.page(
            "home.html",
            "index.html",
            areas=self.areas,
            description=site.config.description,
            **self.home_context(),
        )

    def district(self, d: Any) -> tuple[str, bytes]:
        site = self.site
        services = self.lists.serving(d.slug)
        groups = []
        # Grouped by the top-level categories: each group holds the categories below it too.
        for c in site.children(None):
            shown, held = site.split(self.lists.pair(d.slug, c.id))
            if shown or held:
                groups.append((c, *self._capped(d.slug, c.id, shown, held)))
        shown_count = sum(1 for sv in services if site.listed(sv))
        return self.page(
            "district.html",
            f"districts/{d.slug}/index.html",
            district=d,
            groups=groups,
            shown_count=shown_count,
            title=f"Services in {d.name}",
            description=f"Community services in {d.name}.",
            breadcrumbs=[("Home", "")],
        )

    def category(self, c: Any) -> tuple[str, bytes]:
        site = self.site
        services = self.lists.in_category(c.id)
        groups: list[tuple[str, str, list[Service], list[Service], str | None, int]] = []
        county = [sv for sv in services if sv.county_wide]
        if county:
            shown, held = site.split(county)
            label = f"Across the {site.config.area_name}"
            groups.append((label, "county", shown, held, None, len(shown)))
        for d in site.config.districts:
            shown, held = site.split(
                sv for sv in self.lists.pair(d.slug, c.id) if not sv.county_wide
            )
            if shown or held:
                groups.append((d.name, d.slug, *self._capped(d.slug, c.id, shown, held)))
        subcategories = [sub for sub in site.children(c) if self.lists.in_category(sub.id)]
        parent = site.parent_of(c)
        crumbs = [("Home", "")]
        if parent is not None:
            crumbs.append((parent.name, f"categories/{parent.id}/"))
        return self.page(
            "category.html",
            f"categories/{c.id}/index.html",
            category=c,
            groups=groups,
            subcategories=subcategories,
            title=c.name,
            description=c.description,
            breadcrumbs=crumbs,
        )

    def _capped(
        self, district: str, category: str, shown: list[Service], held: list[Service]
    ) -> tuple[list[Service], list[Service], str | None, int]:
        """A list cut to GROUP_LIMIT, the path of the page of them all (if it has one), and
        how many there are in all."""
        if (district, category) not in self.overflow:
            return shown, held, None, len(shown)
        return shown[:GROUP_LIMIT], [], f"districts/{district}/{category}/", len(shown)

    def district_category(self, slug: str, category_id: str) -> tuple[str, bytes]:
        site = self.site
        d = site.config.district(slug)
        c = next(c for c in site.categories if c.id == category_id)
        shown, held = site.split(self.lists.pair(slug, category_id))
        return self.page(
            "district_category.html",
            f"districts/{slug}/{category_id}/index.html",
            district=d,
            category=c,
            shown=shown,
            held=held,
            title=f"{c.name} in {d.name}",
            description=f"{c.name} in {d.name}.",
            breadcrumbs=[("Home", ""), (d.name, f"districts/{slug}/")],
        )

    def service(self, sv: Service) -> tuple[str, bytes]:
        show_slot_location = len(sv.locations) > 1 and any(s.location for s in sv.schedule)
        district = sv.district
        return self.page(
            "service.html",
            f"{sv.url}index.html",
            service=sv,
            description_html=render_markdown(sv.description),
            contacts_hidden=self.site.contacts_hidden(sv),
            show_slot_location=show_slot_location,
            terms_used=bool(self.site.config.school_terms) and any(s.term for s in sv.schedule),
            service_record=service_record(sv, self.site.contacts_hidden(sv)),
            title=sv.name,
            description=sv.summary,
            breadcrumbs=[("Home", ""), (district.name, f"districts/{district.slug}/")],
        )

    def organisation(self, org: Any) -> tuple[str, bytes]:
        shown, held = self.site.split(org.services)
        shown.sort(key=lambda sv: sv.name.lower())
        return self.page(
            "organisation.html",
            f"{org.url}index.html",
            org=org,
            description_html=render_markdown(org.description),
            shown=shown,
            held=held,
            title=org.name,
            breadcrumbs=[("Home", "")],
        )

    def _letters(self) -> list[tuple[str, list[Service], list[Service]]]:
        """(letter, listed, not taking new people) for each first letter, in name order."""
        site = self.site
        out = []
        for letter, services in self.lists.letter.items():
            shown = [sv for sv in services if site.listed(sv)]
            held = [sv for sv in services if not site.listed(sv)]
            out.append((letter, shown, held))
        return out

    @property
    def az_split(self) -> bool:
        """Past AZ_SPLIT services, the A to Z is a page per letter."""
        return len(self.site.services) > AZ_SPLIT

    def a_to_z(self, only: str | None = None) -> tuple[str, bytes]:
        letters = all_letters = self.letters
        shown_count = sum(len(shown) for _, shown, _ in letters)
        path = "a-z/index.html"
        if only is not None:
            letters = [entry for entry in letters if letter_slug(entry[0]) == only]
            path = f"a-z/{only}/index.html"
        return self.page(
            "a-z.html",
            path,
            letters=letters,
            all_letters=all_letters,
            split=self.az_split,
            index=self.az_split and only is None,
            shown_count=shown_count,
            title="All services A to Z" + (f": {letters[0][0]}" if only else ""),
            breadcrumbs=[("Home", "")] + ([("A to Z", "a-z/")] if only else []),
        )


def letter_slug(letter: str) -> str:
    return letter.lower() if letter != "#" else "other"


def sitemap(site: Site, paths: list[str]) -> bytes:
    base = site.config.base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for p in sorted(paths):
        if p.endswith(".html") and p != "404.html":
            loc = base + (p[: -len("index.html")] if p.endswith("index.html") else p)
            lines.append(f"<url><loc>{xml_escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(site: Site) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {site.config.base_url}sitemap.xml\n".encode()


def static_assets(extra: dict[str, bytes]) -> dict[str, tuple[str, bytes]]:
    """{logical name: (fingerprinted file name, bytes)}: a new name whenever the bytes change,
    so browsers can cache assets for ever."""
    files: dict[str, bytes] = {}
    for name in STATIC_FILES:
        files[name] = (STATIC / name).read_bytes()
    files.update(extra)
    out = {}
    for name, data in files.items():
        if name == "favicon.svg":
            out[name] = (name, data)
            continue
        stem, dot, ext = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        out[name] = (f"{stem}.{digest}.{ext}", data)
    return out


def read_static_pages(pages_dir: Path) -> list[tuple[str, str, str]]:
    """content/pages/<slug>.md -> (slug, title from the first '# ' line, Markdown)."""
    pages = []
    if pages_dir.is_dir():
        for p in sorted(pages_dir.glob("*.md")):
            text = p.read_text(encoding="utf-8")
            m = re.match(r"#\s+(.+)\n", text)
            title = m.group(1).strip() if m else p.stem.replace("-", " ").capitalize()
            pages.append((p.stem, title, text))
    return pages
