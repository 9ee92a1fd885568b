"""The one declaration of every content field.

Validation (validate.py), the JSON Schema for editors (jsonschema.py), the field reference in
docs/content-format.md (docs.py) and the Open Referral UK mapping all read these objects, so
they cannot drift apart.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

# Kinds of value a field holds. Each kind has one checker in validate.py.
TEXT = "text"  # one line of plain text
PARAGRAPH = "paragraph"  # plain text, may span lines
MARKDOWN = "markdown"
INTEGER = "integer"
NUMBER = "number"
BOOLEAN = "boolean"
DATE = "date"
TIME = "time"  # "HH:MM", 24-hour clock
CHOICE = "choice"
LIST = "list"
OBJECT = "object"
EMAIL = "email"
URL = "url"
PHONE = "phone"
POSTCODE = "postcode"
REFERENCE = "reference"  # an id of something else in the content

# What a REFERENCE points at.
REF_ORGANISATION = "organisation"
REF_CATEGORY = "category"
REF_DISTRICT = "district"
REF_AREA = "area"
REF_LANGUAGE = "language"


@dataclass(frozen=True)
class Field:
    """One field of a record: what it holds, what is allowed, what it means, where it goes."""

    name: str
    kind: str
    help: str
    oruk: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    item: Field | None = None  # for LIST
    fields: tuple[Field, ...] = ()  # for OBJECT
    ref: str = ""  # for REFERENCE
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    min_items: int = 0
    unique: bool = False  # for LIST: no repeated items
    default: Any = None
    example: Any = None

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        """The fields of an OBJECT by name (computed once: validation asks for every record)."""
        return {f.name: f for f in self.fields}

    def child(self, name: str) -> Field | None:
        return self.by_name.get(name)


CAPACITY_STATUSES = ("open", "limited", "waitlist", "full", "paused")
ACCESS_METHODS = ("drop-in", "self-referral", "professional-referral", "appointment", "membership")
CONTACT_PREFERENCES = ("phone", "email", "website", "post", "in-person")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("first", "second", "third", "fourth", "last")
ORGANISATION_SIZES = ("micro", "small", "medium", "large", "major")
SERVICE_STATUSES = ("active", "temporarily-closed")
ACCESSIBILITY = (
    "step-free",
    "wheelchair-accessible",
    "accessible-toilet",
    "hearing-loop",
    "parking",
    "blue-badge-parking",
    "lift",
    "quiet-space",
    "guide-dogs-welcome",
    "changing-places",
    "near-bus-stop",
)
COUNTY = "county"  # in areas_served: the whole county

# Languages a service can offer, with their ISO 639 codes for Open Referral UK.
LANGUAGES: dict[str, str] = {
    "English": "en",
    "British Sign Language": "bfi",
    "Arabic": "ar",
    "Bengali": "bn",
    "Cantonese": "yue",
    "Farsi": "fa",
    "French": "fr",
    "Gujarati": "gu",
    "Hindi": "hi",
    "Italian": "it",
    "Kurdish": "ku",
    "Lithuanian": "lt",
    "Mandarin": "cmn",
    "Pashto": "ps",
    "Polish": "pl",
    "Portuguese": "pt",
    "Punjabi": "pa",
    "Romanian": "ro",
    "Somali": "so",
    "Spanish": "es",
    "Tigrinya": "ti",
    "Ukrainian": "uk",
    "Urdu": "ur",
    "Welsh": "cy",
}

CAPACITY = Field(
    "capacity",
    OBJECT,
    "Whether the service can take new people just now. Protects small groups from being "
    "overwhelmed: `full` and `paused` services leave lists and search until they reopen.",
    oruk="service.service_capacity (HSDS 3.1 draft); status also in service.alert",
    fields=(
        Field(
            "status",
            CHOICE,
            "`open`: taking new people. `limited`: small group, expect a slow reply. "
            "`waitlist`: new people go on a waiting list. `full`: not taking new people. "
            "`paused`: not taking anyone just now (contact details are hidden).",
            oruk="service_capacity.available (0 when full or paused) and service.alert",
            required=True,
            choices=CAPACITY_STATUSES,
            example="open",
        ),
        Field(
            "note",
            PARAGRAPH,
            "A plain-English note shown with the status, such as how long the wait is.",
            oruk="service_capacity.description",
            max_length=300,
            example="New members are always welcome.",
        ),
        Field(
            "until",
            DATE,
            "The date this status ends. On the first build after it, the service shows as open.",
            oruk="service_capacity.updated (with the status) and schedule.valid_to",
        ),
        Field(
            "contact_preference",
            CHOICE,
            "How the organisation would like new people to get in touch first.",
            oruk="contact.title",
            choices=CONTACT_PREFERENCES,
            example="phone",
        ),
    ),
)

PHONE_ITEM = Field(
    "phone",
    OBJECT,
    "A phone number, with an optional label saying when or what it is for.",
    oruk="phone",
    fields=(
        Field(
            "number",
            PHONE,
            "A UK phone number.",
            oruk="phone.number",
            required=True,
            example="01632 960123",
        ),
        Field(
            "label",
            TEXT,
            "What the number is for, or when to ring.",
            oruk="phone.description",
            max_length=100,
            example="Mondays to Fridays, 9am to 5pm",
        ),
    ),
)

SERVICE = Field(
    "service",
    OBJECT,
    "A service: `content/services/<district>/<id>.yaml`. The file name is its id and the "
    "folder is its district.",
    oruk="service",
    fields=(
        Field(
            "name",
            TEXT,
            "The service's name as residents know it.",
            oruk="service.name",
            required=True,
            max_length=120,
            example="Tuesday Lunch Club",
        ),
        Field(
            "organisation",
            REFERENCE,
            "The id of the organisation that runs it (the file name in `content/organisations/`).",
            oruk="service.organization_id",
            required=True,
            ref=REF_ORGANISATION,
            example="preston-age-friendly-network",
        ),
        Field(
            "summary",
            TEXT,
            "One plain-English sentence, shown in lists and search results.",
            oruk="service.description (first paragraph)",
            required=True,
            max_length=160,
            example="A hot lunch and good company for older people every Tuesday.",
        ),
        Field(
            "description",
            MARKDOWN,
            "What happens, who comes, what to bring. Markdown: "
            "paragraphs, **bold**, lists and links; no HTML.",
            oruk="service.description",
            max_length=5000,
            example="Come along for a freshly cooked lunch, a cup of tea and a chat.\n\n"
            "Vegetarian and soft-food options are **always** available.\n",
        ),
        Field(
            "categories",
            LIST,
            "Category ids from `content/taxonomy.yaml`.",
            oruk="service.attributes (taxonomy_term)",
            required=True,
            min_items=1,
            unique=True,
            item=Field("category", REFERENCE, "A category id.", ref=REF_CATEGORY),
            example=["lunch-clubs"],
        ),
        Field(
            "areas_served",
            LIST,
            "District slugs the service covers, or `[county]` for the "
            "whole county. Defaults to the folder's district.",
            oruk="service.service_areas",
            unique=True,
            min_items=1,
            item=Field("area", REFERENCE, "A district slug or `county`.", ref=REF_AREA),
            example=["preston", "south-ribble"],
        ),
        Field(
            "eligibility",
            OBJECT,
            "Who the service is for.",
            oruk="service.minimum_age, service.maximum_age, service.attributes (eligibility)",
            fields=(
                Field(
                    "min_age",
                    INTEGER,
                    "Youngest age, in years.",
                    oruk="service.minimum_age",
                    min=0,
                    max=120,
                    example=50,
                ),
                Field(
                    "max_age",
                    INTEGER,
                    "Oldest age, in years.",
                    oruk="service.maximum_age",
                    min=0,
                    max=120,
                ),
                Field(
                    "who",
                    PARAGRAPH,
                    "Who it is for, in plain English.",
                    oruk="service.attributes (eligibility description)",
                    max_length=300,
                    example="People aged 50 and over.",
                ),
                Field(
                    "notes",
                    PARAGRAPH,
                    "Anything else about who can use it.",
                    oruk="service.attributes (eligibility description)",
                    max_length=500,
                    example="Carers are welcome too.",
                ),
            ),
        ),
        Field(
            "access",
            LIST,
            "How people start using it.",
            oruk="service.attributes (access method)",
            required=True,
            min_items=1,
            unique=True,
            item=Field("method", CHOICE, "An access method.", choices=ACCESS_METHODS),
            example=["drop-in"],
        ),
        Field(
            "access_notes",
            PARAGRAPH,
            "How to get started, in plain English.",
            oruk="service.attributes (application process)",
            max_length=500,
            example="Just turn up, or ring to book a place.",
        ),
        Field(
            "cost",
            OBJECT,
            "What it costs. Say `free: true` when it is free.",
            oruk="service.cost_options",
            required=True,
            fields=(
                Field(
                    "free",
                    BOOLEAN,
                    "`true` when the service is free to use.",
                    oruk="cost_option.option = 'Free'",
                    required=True,
                    example=True,
                ),
                Field(
                    "options",
                    LIST,
                    "Prices, each an amount in pounds and what it is for.",
                    oruk="service.cost_options",
                    item=Field(
                        "option",
                        OBJECT,
                        "A price.",
                        oruk="cost_option",
                        fields=(
                            Field(
                                "amount",
                                NUMBER,
                                "The price in pounds.",
                                oruk="cost_option.amount",
                                required=True,
                                min=0,
                                max=10000,
                                example=3.5,
                            ),
                            Field(
                                "description",
                                TEXT,
                                "What the price is for.",
                                oruk="cost_option.amount_description",
                                required=True,
                                max_length=120,
                                example="for lunch and a drink",
                            ),
                        ),
                    ),
                ),
                Field(
                    "notes",
                    PARAGRAPH,
                    "Anything else about cost.",
                    oruk="cost_option.amount_description",
                    max_length=300,
                    example="Carers come free.",
                ),
            ),
        ),
        Field(
            "contacts",
            OBJECT,
            "How to get in touch: at least one phone, email or website.",
            oruk="service.contacts, service.email, service.url",
            required=True,
            fields=(
                Field("phones", LIST, "Phone numbers.", oruk="contact.phones", item=PHONE_ITEM),
                Field(
                    "email",
                    EMAIL,
                    "An email address.",
                    oruk="service.email",
                    example="hello@example.org",
                ),
                Field(
                    "website",
                    URL,
                    "A web page about the service (http or https).",
                    oruk="service.url",
                    example="https://example.org/",
                ),
            ),
        ),
        Field(
            "locations",
            LIST,
            "Where it happens. Leave out for phone or online services.",
            oruk="service.service_at_locations",
            item=Field(
                "location",
                OBJECT,
                "A venue.",
                oruk="location",
                fields=(
                    Field(
                        "name",
                        TEXT,
                        "The venue's name.",
                        oruk="location.name",
                        required=True,
                        max_length=120,
                        example="St Mary's Church Hall",
                    ),
                    Field(
                        "address",
                        TEXT,
                        "Street address (the first line).",
                        oruk="address.address_1",
                        required=True,
                        max_length=200,
                        example="12 Church Street",
                    ),
                    Field(
                        "town",
                        TEXT,
                        "Town or village.",
                        oruk="address.city",
                        required=True,
                        max_length=80,
                        example="Preston",
                    ),
                    Field(
                        "postcode",
                        POSTCODE,
                        "A UK postcode.",
                        oruk="address.postal_code",
                        required=True,
                        example="PR1 3BQ",
                    ),
                    Field(
                        "latitude",
                        NUMBER,
                        "Latitude, for the map link.",
                        oruk="location.latitude",
                        min=49,
                        max=61,
                        example=53.759,
                    ),
                    Field(
                        "longitude",
                        NUMBER,
                        "Longitude, for the map link.",
                        oruk="location.longitude",
                        min=-9,
                        max=2,
                        example=-2.699,
                    ),
                    Field(
                        "accessibility",
                        LIST,
                        "Venue accessibility features.",
                        oruk="location.accessibility",
                        unique=True,
                        item=Field("feature", CHOICE, "A feature.", choices=ACCESSIBILITY),
                        example=["step-free", "accessible-toilet"],
                    ),
                    Field(
                        "accessibility_notes",
                        PARAGRAPH,
                        "More about getting in and around.",
                        oruk="accessibility.details",
                        max_length=300,
                        example="Level access from the side door.",
                    ),
                ),
            ),
        ),
        Field(
            "schedule",
            LIST,
            "When it runs: one entry for each regular session.",
            oruk="service.schedules",
            item=Field(
                "slot",
                OBJECT,
                "A regular session.",
                oruk="schedule",
                fields=(
                    Field(
                        "days",
                        LIST,
                        "Days of the week.",
                        oruk="schedule.byday",
                        required=True,
                        min_items=1,
                        unique=True,
                        item=Field("day", CHOICE, "A day.", choices=DAYS),
                        example=["tuesday"],
                    ),
                    Field(
                        "opens",
                        TIME,
                        'Start time, 24-hour, in quotes: "09:30".',
                        oruk="schedule.opens_at",
                        required=True,
                        example="10:00",
                    ),
                    Field(
                        "closes",
                        TIME,
                        'End time, 24-hour, in quotes: "12:00".',
                        oruk="schedule.closes_at",
                        required=True,
                        example="12:00",
                    ),
                    Field(
                        "frequency",
                        CHOICE,
                        "`weekly` (the default) or `monthly`.",
                        oruk="schedule.freq",
                        choices=("weekly", "monthly"),
                        default="weekly",
                    ),
                    Field(
                        "weeks",
                        LIST,
                        "For monthly sessions: which weeks of the month.",
                        oruk="schedule.byday (with ordinal, e.g. 1TU)",
                        unique=True,
                        item=Field("week", CHOICE, "A week.", choices=WEEKS),
                    ),
                    Field(
                        "location",
                        TEXT,
                        "The venue's name, when there are several.",
                        oruk="schedule.service_at_location_id",
                        max_length=120,
                    ),
                    Field(
                        "note",
                        TEXT,
                        "A short note about this session.",
                        oruk="schedule.notes",
                        max_length=200,
                        example="Lunch is served at 12:30.",
                    ),
                ),
            ),
        ),
        Field(
            "schedule_notes",
            PARAGRAPH,
            "Notes about all sessions, such as bank holidays.",
            oruk="schedule.description",
            max_length=300,
            example="Closed on bank holidays.",
        ),
        Field(
            "languages",
            LIST,
            "Languages spoken, besides the website's.",
            oruk="service.languages (name and ISO 639 code)",
            unique=True,
            item=Field("language", REFERENCE, "A language name.", ref=REF_LANGUAGE),
            example=["English", "Polish"],
        ),
        CAPACITY,
        Field(
            "reviewed",
            DATE,
            "The date someone last checked the whole record was right.",
            oruk="service.assured_date",
            required=True,
            example="2026-10-02",
        ),
        Field(
            "status",
            CHOICE,
            "`active`, or `temporarily-closed`.",
            oruk="service.status",
            choices=SERVICE_STATUSES,
            default="active",
        ),
    ),
)

ORGANISATION = Field(
    "organisation",
    OBJECT,
    "An organisation: `content/organisations/<id>.yaml`. The file name is its id.",
    oruk="organization",
    fields=(
        Field(
            "name",
            TEXT,
            "The organisation's name.",
            oruk="organization.name",
            required=True,
            max_length=120,
            example="Preston Age Friendly Network",
        ),
        Field(
            "description",
            MARKDOWN,
            "What the organisation does.",
            oruk="organization.description",
            max_length=3000,
            example="A small volunteer-run charity that runs lunch clubs and social groups\n"
            "for older people.\n",
        ),
        Field(
            "website",
            URL,
            "Its website (http or https).",
            oruk="organization.website",
            example="https://example.org/",
        ),
        Field(
            "email",
            EMAIL,
            "A general email address.",
            oruk="organization.email",
            example="hello@example.org",
        ),
        Field(
            "phone",
            PHONE,
            "A general phone number.",
            oruk="organization.contacts.phones",
            example="01632 960000",
        ),
        Field(
            "charity_number",
            TEXT,
            "Registered charity number, in quotes.",
            oruk="organization_identifier (identifier_scheme GB-CHC)",
            max_length=12,
            example="1098765",
        ),
        Field(
            "company_number",
            TEXT,
            "Companies House number, in quotes.",
            oruk="organization_identifier (identifier_scheme GB-COH)",
            max_length=10,
            example="09876543",
        ),
        Field(
            "size",
            CHOICE,
            "Income band: micro (under £10,000 a year), small (up to "
            "£100,000), medium (up to £1m), large (up to £10m), major (over £10m).",
            oruk="organization.attributes (size)",
            choices=ORGANISATION_SIZES,
            example="small",
        ),
        Field(
            "volunteer_led",
            BOOLEAN,
            "`true` when run by volunteers.",
            oruk="organization.attributes (volunteer-led)",
            example=True,
        ),
        CAPACITY,
        Field(
            "reviewed",
            DATE,
            "The date someone last checked the record.",
            oruk="organization.attributes (assured date)",
            example="2026-09-14",
        ),
    ),
)

DISTRICT = Field(
    "district",
    OBJECT,
    "A district.",
    oruk="service_area",
    fields=(
        Field(
            "slug",
            TEXT,
            "Its id: lowercase letters, digits and hyphens; also the folder name.",
            required=True,
            max_length=60,
        ),
        Field("name", TEXT, "Its name.", oruk="service_area.name", required=True, max_length=80),
        Field(
            "area",
            REFERENCE,
            "Which of the site's areas it belongs to.",
            required=True,
            ref="site-area",
        ),
        Field(
            "population",
            INTEGER,
            "How many people live there (for example the ONS mid-year estimate), for the "
            "per-resident figures of the insight pages. Say where it comes from in "
            "`population_source`.",
            min=1,
            max=100_000_000,
            example=147835,
        ),
    ),
)

SITE = Field(
    "site",
    OBJECT,
    "Site configuration: `content/site.yaml`.",
    fields=(
        Field("title", TEXT, "The site's title.", required=True, max_length=80),
        Field(
            "council", TEXT, "The council that runs the directory.", required=True, max_length=120
        ),
        Field("base_url", URL, "Where the site is published, ending in `/`.", required=True),
        Field("description", PARAGRAPH, "A sentence or two for the home page.", max_length=500),
        Field(
            "example_data",
            BOOLEAN,
            "`true` shows a banner saying the records are examples.",
            default=False,
        ),
        Field(
            "corrections",
            OBJECT,
            "Where corrections go.",
            required=True,
            fields=(
                Field("email", EMAIL, "Email address for corrections.", required=True),
                Field("url", URL, "Where to propose changes (the repository)."),
            ),
        ),
        Field(
            "areas",
            LIST,
            "The county's areas that districts are grouped into.",
            required=True,
            min_items=1,
            unique=True,
            item=Field("area", TEXT, "An area name.", max_length=40),
        ),
        Field("districts", LIST, "The districts.", required=True, min_items=1, item=DISTRICT),
        Field(
            "population_source",
            PARAGRAPH,
            "Where the districts' `population` figures come from: the release, its date and "
            "the year they are for. Shown with the insight tables.",
            max_length=500,
        ),
        Field(
            "capacity",
            OBJECT,
            "What the site does with capacity statuses.",
            fields=(
                Field(
                    "hidden",
                    LIST,
                    "Statuses left out of default lists and search.",
                    unique=True,
                    default=["full", "paused"],
                    item=Field("status", CHOICE, "A status.", choices=CAPACITY_STATUSES),
                ),
                Field(
                    "hide_contacts",
                    LIST,
                    "Statuses whose phone and email are not shown.",
                    unique=True,
                    default=["paused"],
                    item=Field("status", CHOICE, "A status.", choices=CAPACITY_STATUSES),
                ),
                Field(
                    "rotate",
                    BOOLEAN,
                    "Rotate the order within a capacity tier by build date.",
                    default=True,
                ),
            ),
        ),
        Field(
            "review",
            OBJECT,
            "How old a record's `reviewed` date may be.",
            fields=(
                Field(
                    "warn_after_months",
                    INTEGER,
                    "After this, pages say the information may be out of date.",
                    min=1,
                    max=120,
                    default=12,
                ),
                Field(
                    "hide_after_months",
                    INTEGER,
                    "After this, the record leaves lists and "
                    "search and the build report asks for it to be checked.",
                    min=1,
                    max=240,
                    default=24,
                ),
            ),
        ),
        Field(
            "limits",
            OBJECT,
            "Limits on content files.",
            fields=(
                Field(
                    "max_file_kb",
                    INTEGER,
                    "The largest content file, in KB.",
                    min=1,
                    max=10240,
                    default=64,
                ),
            ),
        ),
    ),
)

CATEGORY = Field(
    "category",
    OBJECT,
    "A category.",
    oruk="taxonomy_term",
    fields=(
        Field(
            "id",
            TEXT,
            "Its id: lowercase letters, digits and hyphens.",
            oruk="taxonomy_term.code",
            required=True,
            max_length=60,
        ),
        Field("name", TEXT, "Its name.", oruk="taxonomy_term.name", required=True, max_length=80),
        Field(
            "description",
            PARAGRAPH,
            "A sentence about it.",
            oruk="taxonomy_term.description",
            max_length=300,
        ),
        Field(
            "synonyms",
            LIST,
            "Words residents use for it; search finds the category by them.",
            unique=True,
            item=Field("synonym", TEXT, "A word or phrase.", max_length=60),
        ),
    ),
)

TAXONOMY = Field(
    "taxonomy",
    OBJECT,
    "The category taxonomy: `content/taxonomy.yaml`.",
    oruk="taxonomy",
    fields=(
        Field("categories", LIST, "The categories.", required=True, min_items=1, item=CATEGORY),
    ),
)
