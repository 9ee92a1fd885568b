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
    # Optional, but in the template for new records: most records should say it.
    recommended: bool = False
    choices: tuple[str, ...] = ()
    item: Field | None = None  # for LIST
    fields: tuple[Field, ...] = ()  # for OBJECT
    ref: str = ""  # for REFERENCE
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    warn_length: int | None = None  # for text: a warning past this many characters
    min_items: int = 0
    unique: bool = False  # for LIST: no repeated items
    default: Any = None
    example: Any = None

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        """The fields of an OBJECT by name (computed once: validation asks for every record)."""
        return {f.name: f for f in self.fields}

    @functools.cached_property
    def required_fields(self) -> tuple[Field, ...]:
        """The required fields of an OBJECT (computed once, as by_name)."""
        return tuple(f for f in self.fields if f.required)

    @functools.cached_property
    def defaulted_fields(self) -> tuple[Field, ...]:
        """The fields of an OBJECT with a default, filled in when missing or empty."""
        return tuple(f for f in self.fields if f.default is not None)

    def child(self, name: str) -> Field | None:
        return self.by_name.get(name)


CAPACITY_STATUSES = ("open", "limited", "waitlist", "full", "paused")
ACCESS_METHODS = ("drop-in", "self-referral", "professional-referral", "appointment", "membership")
CONTACT_PREFERENCES = ("phone", "email", "website", "post", "in-person")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKS = ("first", "second", "third", "fourth", "last")
FREQUENCIES = ("weekly", "fortnightly", "monthly", "once")
TERMS = ("term-time", "school-holidays")
ATTENDING = ("in-person", "online", "phone")
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

ORGANISATION_TYPES = (
    "voluntary-community-group",
    "charity",
    "faith-group",
    "social-enterprise",
    "council",
    "nhs",
    "other",
)
PHONE_KINDS = ("voice", "text", "whatsapp", "textphone")

IMPORTED = Field(
    "imported",
    OBJECT,
    "Where a record brought in by an import came from. Written by `directory import`; kept "
    "apart from `reviewed`, which says when a person checked it. Until someone checks it, "
    "the page says it was imported and has not been checked, and after the site's grace "
    "period it leaves lists until checked.",
    oruk="metadata (resource_type, last_action_date, updated_by) and service.id",
    fields=(
        Field(
            "source",
            TEXT,
            "The name of the directory or file it came from.",
            oruk="metadata.updated_by",
            required=True,
            max_length=120,
            example="Harbourside Family Information Service",
        ),
        Field(
            "id",
            TEXT,
            "The record's id in that source.",
            oruk="service.id (of the source)",
            max_length=200,
            example="svc-00123",
        ),
        Field(
            "date",
            DATE,
            "The date it was imported.",
            oruk="metadata.last_action_date",
            required=True,
            example="2026-11-01",
        ),
    ),
)

CAPACITY = Field(
    "capacity",
    OBJECT,
    "Whether the service can take new people just now. Protects small groups from being "
    "overwhelmed: `full` and `paused` services leave lists and search until they reopen. "
    "Leave it out when it is not known: the site then shows no badge and makes no claim.",
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
            "A UK phone number, in quotes: any usual form, with an extension "
            '("01632 960992 ext 204"), a Relay UK prefix ("18001 01632 960989") or a short '
            'number ("116 123", "111").',
            oruk="phone.number and phone.extension",
            required=True,
            example="01632 960123",
        ),
        Field(
            "kind",
            CHOICE,
            "`voice` (the default): ring it. `text`: send a text message (SMS). `whatsapp`: "
            "message it on WhatsApp. `textphone`: a textphone (minicom) number.",
            oruk="phone.type (voice, text, textphone; whatsapp is text with the description "
            "'WhatsApp')",
            choices=PHONE_KINDS,
            default="voice",
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
            "One plain-English sentence, shown in lists and search results. Best under 160 "
            "characters. When it is left out, the description's first sentence is used (with a "
            "warning).",
            oruk="service.description (first paragraph)",
            recommended=True,
            max_length=300,
            warn_length=160,
            example="A hot lunch and good company for older people every Tuesday.",
        ),
        Field(
            "description",
            MARKDOWN,
            "What happens, who comes, what to bring. Markdown: "
            "paragraphs, **bold**, lists and links; no HTML.",
            oruk="service.description",
            max_length=10000,
            warn_length=5000,
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
            "whole county (or the site's `area_name`: `[borough]`). Defaults to the folder's "
            "district.",
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
            "How people start using it. When it is left out, the page asks people to contact the "
            "service to ask how to start.",
            oruk="service.attributes (access method)",
            recommended=True,
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
            "What it costs. Say `free: true` when it is free. When it is left out, the page says "
            "to ask about cost.",
            oruk="service.cost_options",
            recommended=True,
            fields=(
                Field(
                    "free",
                    BOOLEAN,
                    "`true` when the service is free to use; `false` when there is a charge.",
                    oruk="cost_option.option = 'Free'",
                    recommended=True,
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
            "How to get in touch: at least one phone, email, website, link or named contact.",
            oruk="service.contacts, service.email, service.url",
            required=True,
            fields=(
                Field("phones", LIST, "Phone numbers.", oruk="service.phones", item=PHONE_ITEM),
                Field(
                    "email",
                    EMAIL,
                    "An email address.",
                    oruk="service.email",
                    example="hello@example.org",
                ),
                Field(
                    "emails",
                    LIST,
                    "More email addresses, each with a label saying what it is for.",
                    oruk="service.contacts (contact.email, contact.title)",
                    item=Field(
                        "email",
                        OBJECT,
                        "An email address and what it is for.",
                        oruk="contact",
                        fields=(
                            Field(
                                "address",
                                EMAIL,
                                "The email address.",
                                oruk="contact.email",
                                required=True,
                                example="bookings@example.org",
                            ),
                            Field(
                                "label",
                                TEXT,
                                "What it is for.",
                                oruk="contact.title",
                                max_length=100,
                                example="Bookings",
                            ),
                        ),
                    ),
                ),
                Field(
                    "website",
                    URL,
                    "A web page about the service (http or https).",
                    oruk="service.url",
                    example="https://example.org/",
                ),
                Field(
                    "links",
                    LIST,
                    "Other pages: social media (for many small groups, a Facebook page is "
                    "their only website), booking pages, newsletters.",
                    oruk="service.attributes (link) and organization.url",
                    item=Field(
                        "link",
                        OBJECT,
                        "A web address and its label.",
                        fields=(
                            Field(
                                "url",
                                URL,
                                "The address (http or https).",
                                oruk="attribute.value (link)",
                                required=True,
                                example="https://www.facebook.com/example",
                            ),
                            Field(
                                "label",
                                TEXT,
                                "What it is, in a few words.",
                                oruk="attribute.label (link)",
                                required=True,
                                max_length=80,
                                example="Facebook page",
                            ),
                        ),
                    ),
                ),
                Field(
                    "people",
                    LIST,
                    "Named people to contact, with their role.",
                    oruk="service.contacts",
                    item=Field(
                        "person",
                        OBJECT,
                        "A named contact.",
                        oruk="contact",
                        fields=(
                            Field(
                                "name",
                                TEXT,
                                "Their name.",
                                oruk="contact.name",
                                required=True,
                                max_length=100,
                                example="Jo Bloggs",
                            ),
                            Field(
                                "role",
                                TEXT,
                                "Their role.",
                                oruk="contact.title",
                                max_length=100,
                                example="Group organiser",
                            ),
                            Field(
                                "phone",
                                PHONE,
                                "Their phone number, in quotes.",
                                oruk="contact.phones",
                            ),
                            Field(
                                "email",
                                EMAIL,
                                "Their email address.",
                                oruk="contact.email",
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Field(
            "attending",
            LIST,
            "How people take part: `in-person` (at the locations), `online`, `phone`. "
            "Defaults to in-person when there are locations.",
            oruk="schedule.attending_type and service_at_location",
            unique=True,
            item=Field("way", CHOICE, "A way of taking part.", choices=ATTENDING),
            example=["in-person", "online"],
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
                        "The venue's name. Leave out when it has none: the address is its heading.",
                        oruk="location.name",
                        max_length=120,
                        example="St Mary's Church Hall",
                    ),
                    Field(
                        "address",
                        TEXT,
                        "Street address (the first line). Leave it out only when there is "
                        "none to give (a village hall known by its name): the venue's name, "
                        "town and postcode then say where it is.",
                        oruk="address.address_1",
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
            "When it runs: one entry for each kind of session. Each is weekly unless "
            "`frequency` says otherwise.",
            oruk="service.schedules",
            item=Field(
                "slot",
                OBJECT,
                "A session, or a run of them.",
                oruk="schedule",
                fields=(
                    Field(
                        "frequency",
                        CHOICE,
                        "`weekly` (the default); `fortnightly` (every other week from "
                        "`starts`); `monthly` (on `weeks` of the month, on `dates`, or with "
                        "`date_varies`); `once` (on `date` only).",
                        oruk="schedule.freq (WEEKLY or MONTHLY) and schedule.interval "
                        "(2 for fortnightly)",
                        choices=FREQUENCIES,
                        default="weekly",
                    ),
                    Field(
                        "days",
                        LIST,
                        "Days of the week.",
                        oruk="schedule.byday",
                        min_items=1,
                        unique=True,
                        item=Field("day", CHOICE, "A day.", choices=DAYS),
                        example=["tuesday"],
                    ),
                    Field(
                        "opens",
                        TIME,
                        'Start time, 24-hour, in quotes: "09:30". "00:00" to "24:00" is open '
                        "all day.",
                        oruk="schedule.opens_at",
                        example="10:00",
                    ),
                    Field(
                        "closes",
                        TIME,
                        'End time, 24-hour, in quotes: "12:00". Earlier than `opens` means '
                        'the next morning ("20:00" to "08:00").',
                        oruk="schedule.closes_at",
                        example="12:00",
                    ),
                    Field(
                        "weeks",
                        LIST,
                        "For monthly sessions on a weekday: which weeks of the month.",
                        oruk="schedule.byday (with ordinal, e.g. 1TU; last is -1)",
                        unique=True,
                        item=Field("week", CHOICE, "A week.", choices=WEEKS),
                    ),
                    Field(
                        "dates",
                        LIST,
                        "For monthly sessions on a date: days of the month, 1 to 31 (-1 for "
                        "the last day).",
                        oruk="schedule.bymonthday",
                        unique=True,
                        item=Field("day", INTEGER, "A day of the month.", min=-1, max=31),
                    ),
                    Field(
                        "date_varies",
                        BOOLEAN,
                        "`true` for a monthly session whose date changes; say in `note` where "
                        "the dates are given.",
                        oruk="schedule.freq MONTHLY with schedule.description",
                    ),
                    Field(
                        "starts",
                        DATE,
                        "For fortnightly sessions: the date of one session, so the weeks are "
                        "known.",
                        oruk="schedule.dtstart",
                    ),
                    Field(
                        "date",
                        DATE,
                        "For a one-off session (`frequency: once`): its date.",
                        oruk="schedule.dtstart, schedule.until and schedule.count = 1",
                    ),
                    Field(
                        "valid_from",
                        DATE,
                        "The first date these sessions run (for a season or a new group).",
                        oruk="schedule.valid_from",
                    ),
                    Field(
                        "valid_to",
                        DATE,
                        "The last date these sessions run.",
                        oruk="schedule.valid_to",
                    ),
                    Field(
                        "term",
                        CHOICE,
                        "`term-time`: only in school terms; `school-holidays`: only in the "
                        "holidays. The dates are the site's `school_terms`.",
                        oruk="schedule.description (and the dates as schedule.valid_from and "
                        "valid_to)",
                        choices=TERMS,
                    ),
                    Field(
                        "by_appointment",
                        BOOLEAN,
                        "`true` when people come by appointment; days and times may then be "
                        "left out.",
                        oruk="schedule.attending_type",
                    ),
                    Field(
                        "location",
                        TEXT,
                        "The venue's name (or the first part of its address), when there are "
                        "several.",
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
            "Languages spoken, besides the website's: English names or ISO 639 codes "
            "(Polish, Sylheti, British Sign Language or BSL, ta).",
            oruk="service.languages (language.name and language.code, ISO 639)",
            unique=True,
            item=Field(
                "language",
                REFERENCE,
                "A language's English name or ISO 639 code.",
                ref=REF_LANGUAGE,
            ),
            example=["English", "Polish"],
        ),
        CAPACITY,
        Field(
            "reviewed",
            DATE,
            "The date someone last checked the whole record was right. Required, except in a "
            "record brought in by an import and not yet checked (see `imported`).",
            oruk="service.assured_date",
            recommended=True,
            example="2026-10-02",
        ),
        IMPORTED,
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
            "type",
            CHOICE,
            "What kind of organisation it is, so commissioners can tell voluntary, community, "
            "faith and social enterprise services from statutory ones.",
            oruk="organization.attributes (organisation type)",
            choices=ORGANISATION_TYPES,
            example="charity",
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
        IMPORTED,
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
            "ons_code",
            TEXT,
            "The ONS code of the district's local authority, such as `E07000117`. "
            "`directory import` places records whose service area gives this code here.",
            oruk="service_area.extent",
            max_length=9,
        ),
        Field(
            "postcodes",
            LIST,
            "Postcode districts (a postcode's first half, such as `BB11`) inside this "
            "district. `directory import` places records by their venue's postcode.",
            unique=True,
            item=Field("postcode", TEXT, "A postcode district.", max_length=4),
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
            "oruk_namespace",
            TEXT,
            "A UUID of this site's own. The Open Referral UK ids in `api/` are made from it "
            "and each record's id, so they stay the same when the site moves. "
            "`directory init` writes one; keep it once published.",
            oruk="the namespace of every id (RFC 4122 version 5 UUIDs)",
            max_length=36,
            example="0f8e0d3c-5f0e-4b61-9d4a-2a9f1c6b7e21",
        ),
        Field(
            "area_name",
            TEXT,
            "What residents call the whole area the directory covers: county, borough, city.",
            max_length=40,
            default="county",
        ),
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
                Field(
                    "imported_grace_days",
                    INTEGER,
                    "How long an imported record that no one has checked yet stays in lists "
                    "and search, in days from its import date.",
                    min=0,
                    max=3650,
                    default=90,
                ),
            ),
        ),
        Field(
            "school_terms",
            LIST,
            "School term dates, for sessions that run only in term time or only in the holidays.",
            item=Field(
                "term",
                OBJECT,
                "A school term.",
                fields=(
                    Field("starts", DATE, "Its first day.", required=True),
                    Field("ends", DATE, "Its last day.", required=True),
                    Field("name", TEXT, "Its name, such as Autumn term 2026.", max_length=60),
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
        Field("name", TEXT, "Its name.", oruk="taxonomy_term.name", required=True, max_length=150),
        Field(
            "description",
            PARAGRAPH,
            "A sentence about it.",
            oruk="taxonomy_term.description",
            max_length=300,
        ),
        Field(
            "parent",
            REFERENCE,
            "The id of the broader category it belongs under. Home and list pages group "
            "categories by parent, and a parent's page lists its children's services too.",
            oruk="taxonomy_term.parent_id",
            ref=REF_CATEGORY,
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
