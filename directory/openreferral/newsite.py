"""`directory init`: a new content folder that validates, ready for `directory import`.

It holds site.yaml (the title, council and districts given, a fresh `oruk_namespace`),
a starter taxonomy of common community-support categories, the accessibility statement,
privacy notice and "add or update" pages, and empty organisations/ and services/ folders.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml

from directory.openreferral.importer import slugify

STARTER_CATEGORIES = [
    (
        "advice",
        "Advice and information",
        "Free advice on benefits, debt, housing and more.",
        ["benefits", "debt", "money advice", "welfare rights"],
    ),
    (
        "befriending",
        "Befriending and loneliness",
        "Visits, calls and friendship for people who feel alone.",
        ["lonely", "loneliness", "isolation", "companionship"],
    ),
    (
        "carers",
        "Support for carers",
        "Help, breaks and peer groups for people looking after someone.",
        ["carer", "respite", "unpaid carer"],
    ),
    (
        "dementia",
        "Dementia support",
        "Cafés, groups and advice for people living with dementia.",
        ["memory loss", "alzheimers", "memory cafe"],
    ),
    (
        "food",
        "Food banks and community meals",
        "Food parcels, pantries, lunch clubs and meals.",
        ["food bank", "pantry", "lunch club", "meals"],
    ),
    (
        "mental-health",
        "Mental health and wellbeing",
        "Peer support, talking groups and wellbeing.",
        ["anxiety", "depression", "low mood", "wellbeing"],
    ),
    (
        "physical-activity",
        "Staying active",
        "Walking groups, gentle exercise and dance.",
        ["exercise", "walking", "fitness"],
    ),
    (
        "transport",
        "Community transport",
        "Dial-a-ride, volunteer drivers and minibuses.",
        ["lift", "dial a ride", "volunteer driver"],
    ),
    (
        "families",
        "Children and families",
        "Baby and toddler groups, family support and play.",
        ["parents", "toddler", "baby group"],
    ),
    (
        "other",
        "Other community support",
        "Community groups that fit no other category.",
        ["community group"],
    ),
]

PAGES = {
    "accessibility": """# Accessibility statement

This statement applies to {title}, run by {council}. We want as many people as possible to be
able to use it. You should be able to change colours and fonts, zoom in up to 400% without
text spilling off the screen, get around using just a keyboard or speech recognition, and
listen to the site with a screen reader.

## How accessible this website is

Every type of page is tested with automated accessibility checks (axe-core, against WCAG 2.2
level AA) and an HTML validator each time the site is built.

## Reporting problems

If you find a problem or need information in another format, email
[{email}](mailto:{email}).

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are
not happy with how we respond to your complaint, contact the Equality Advisory and Support
Service (EASS).
""",
    "privacy": """# Privacy

This directory does not collect any information about you.

- **No cookies.** The site does not set cookies.
- **No tracking.** There are no analytics, adverts or tracking pixels.
- **Nothing from other websites.** Every page, picture and script comes from this site.
- **Your searches stay on your device.** Your browser searches the index itself.

Questions about privacy: [{email}](mailto:{email}).
""",
    "add-or-update": """# Add or update a service

Any voluntary, community, faith or social enterprise group can be listed here for free.

Email [{email}](mailto:{email}) with the name of your group and the service, one sentence
saying what it is, who it is for, what it costs, when and where it happens and how people can
get in touch.
""",
}


def init_site(
    folder: Path,
    title: str,
    council: str,
    districts: list[str],
    base_url: str,
    email: str,
    area: str,
) -> list[Path]:
    """Write a new content folder; the files written. Refuses a folder that has a site.yaml."""
    if (folder / "site.yaml").exists():
        raise FileExistsError(f"{folder / 'site.yaml'} already exists; nothing was changed")
    slugs = [slugify(d) for d in districts]
    if len(set(slugs)) != len(slugs):
        raise ValueError("two --district names give the same slug: " + ", ".join(slugs))
    site = {
        "title": title,
        "council": council,
        "base_url": base_url if base_url.endswith("/") else base_url + "/",
        "oruk_namespace": str(uuid.uuid4()),
        "corrections": {"email": email},
        "areas": [area],
        "districts": [
            {"slug": slug, "name": name, "area": area}
            for slug, name in zip(slugs, districts, strict=True)
        ],
    }
    taxonomy = {
        "categories": [
            {"id": i, "name": n, "description": d, "synonyms": syn}
            for i, n, d, syn in STARTER_CATEGORIES
        ]
    }
    written = []
    folder.mkdir(parents=True, exist_ok=True)

    def put(rel: str, text: str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    put(
        "site.yaml",
        "# Site configuration. Every key is described in docs/content-format.md.\n"
        "# oruk_namespace makes the Open Referral UK ids in api/: keep it once published.\n"
        "# Add `postcodes: [AB1, AB2]` or `ons_code:` to a district so that\n"
        "# `directory import` can place records in it.\n"
        + yaml.safe_dump(site, sort_keys=False, allow_unicode=True, width=100),
    )
    put(
        "taxonomy.yaml",
        "# The categories services are listed under. Change them to suit; `synonyms` are\n"
        "# words residents use that should find the category in search.\n"
        + yaml.safe_dump(taxonomy, sort_keys=False, allow_unicode=True, width=100),
    )
    for slug, text in PAGES.items():
        put(f"pages/{slug}.md", text.format(title=title, council=council, email=email))
    for sub in ["organisations", *(f"services/{slug}" for slug in slugs)]:
        (folder / sub).mkdir(parents=True, exist_ok=True)
        put(f"{sub}/.gitkeep", "")
    return written
