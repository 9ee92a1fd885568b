"""Site configuration and taxonomy -> frozen, typed objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    slug: str
    name: str
    area: str
    population: int | None = None  # residents, for per-resident figures (insight.py)
    ons_code: str | None = None
    postcodes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    synonyms: tuple[str, ...]
    parent: str | None = None  # the id of the broader category it belongs under


@dataclass(frozen=True)
class Term:
    """A school term: its first and last days (inclusive), and its name if given."""

    starts: dt.date
    ends: dt.date
    name: str | None = None


@dataclass(frozen=True)
class Config:
    title: str
    council: str
    base_url: str
    description: str
    example_data: bool
    corrections_email: str
    corrections_url: str | None
    areas: tuple[str, ...]
    districts: tuple[District, ...]
    hidden_statuses: frozenset[str]
    hide_contacts_statuses: frozenset[str]
    rotate: bool
    warn_after_months: int
    hide_after_months: int
    max_file_kb: int
    oruk_namespace: str | None = None
    population_source: str = ""
    area_name: str = "county"  # what residents call the whole area: county, borough, city
    imported_grace_days: int = 90
    school_terms: tuple[Term, ...] = ()

    @classmethod
    def from_record(cls, rec: dict) -> Config:
        cap = rec.get("capacity") or {}
        review = rec.get("review") or {}
        limits = rec.get("limits") or {}
        corrections = rec.get("corrections") or {}
        terms = rec.get("school_terms") or []
        base = rec["base_url"]
        return cls(
            title=rec["title"],
            council=rec["council"],
            base_url=base if base.endswith("/") else base + "/",
            description=rec.get("description") or "",
            example_data=bool(rec.get("example_data")),
            corrections_email=corrections.get("email", ""),
            corrections_url=corrections.get("url"),
            areas=tuple(rec["areas"]),
            districts=tuple(
                District(
                    d["slug"],
                    d["name"],
                    d["area"],
                    population=d.get("population"),
                    ons_code=d.get("ons_code"),
                    postcodes=tuple(p.upper() for p in d.get("postcodes") or ()),
                )
                for d in rec["districts"]
            ),
            hidden_statuses=frozenset(cap.get("hidden", ["full", "paused"])),
            hide_contacts_statuses=frozenset(cap.get("hide_contacts", ["paused"])),
            rotate=cap.get("rotate", True),
            warn_after_months=review.get("warn_after_months", 12),
            hide_after_months=review.get("hide_after_months", 24),
            max_file_kb=limits.get("max_file_kb", 64),
            oruk_namespace=rec.get("oruk_namespace"),
            population_source=rec.get("population_source") or "",
            area_name=rec.get("area_name") or "county",
            imported_grace_days=review.get("imported_grace_days", 90),
            school_terms=tuple(
                sorted(
                    (Term(t["starts"], t["ends"], t.get("name")) for t in terms if t),
                    key=lambda t: t.starts,
                )
            ),
        )

    def district(self, slug: str) -> District:
        for d in self.districts:
            if d.slug == slug:
                return d
        raise KeyError(slug)


def categories_from_record(rec: dict) -> tuple[Category, ...]:
    return tuple(
        Category(
            c["id"],
            c["name"],
            c.get("description") or "",
            tuple(c.get("synonyms") or ()),
            c.get("parent"),
        )
        for c in rec["categories"]
    )
