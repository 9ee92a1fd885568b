"""The "Suggest a service" form, derived from the one schema (schema.py).

The form page is rendered from a tree of controls made here from the service fields, so a
field added to schema.py appears in the form without touching the template. In the browser,
static/form.js builds the record from the answers and checks it against the same JSON Schema
the validator derives from schema.py (jsonschema.py), and words each problem as validate.py
does, from the message templates below (tests/test_form.py checks they match the validator's
own messages for the same values).

Shapes: `controls(site)` -> a list of `Control` (a tree); `form_data(site)` -> the JSON data
block the page embeds (schema, messages, labels, where to send).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directory.contribute.issue import TEMPLATE_FILE
from directory.records import languages, phones
from directory.records import schema as s
from directory.records.jsonschema import json_schema
from directory.site.model import ACCESS_LABEL, ACCESSIBILITY_LABEL, Service, Site

# Nicer questions than the field names, where a name alone would not do. Anything not here
# gets its name in words ("access_notes" -> "Access notes").
LABELS: dict[str, str] = {
    "name": "Name of the service",
    "organisation": "Organisation that runs it",
    "summary": "Summary",
    "description": "Description",
    "categories": "Type of support",
    "areas_served": "Districts it covers",
    "eligibility": "Who it is for",
    "eligibility.min_age": "Youngest age, in years",
    "eligibility.max_age": "Oldest age, in years",
    "eligibility.who": "Who it is for, in a few words",
    "eligibility.notes": "Anything else about who can use it",
    "access": "How people start using it",
    "access_notes": "How to get started",
    "cost": "Cost",
    "cost.free": "Is it free?",
    "cost.options": "Prices",
    "cost.options.amount": "Price in pounds",
    "cost.options.description": "What the price is for",
    "cost.notes": "Anything else about cost",
    "contacts": "Contact details",
    "contacts.phones": "Phone numbers",
    "contacts.phones.number": "Phone number",
    "contacts.phones.label": "When to ring, or what the number is for",
    "contacts.email": "Email address",
    "contacts.website": "Website",
    "locations": "Where it happens",
    "locations.name": "Name of the venue",
    "locations.address": "Street address",
    "locations.town": "Town or village",
    "locations.postcode": "Postcode",
    "locations.accessibility": "Getting in and around",
    "locations.accessibility_notes": "More about getting in and around",
    "schedule": "When it runs",
    "schedule.days": "Days",
    "schedule.opens": "Starts at",
    "schedule.closes": "Ends at",
    "schedule.frequency": "How often",
    "schedule.weeks": "For monthly sessions: which weeks of the month",
    "schedule.location": "Venue, when there are several",
    "schedule.note": "A note about this session",
    "schedule_notes": "Notes about all sessions",
    "languages": "Languages spoken",
    "capacity": "Taking new people",
    "capacity.status": "Can it take new people just now?",
    "capacity.note": "A note about taking new people",
    "capacity.until": "Until when (YYYY-MM-DD)",
    "capacity.contact_preference": "How new people should get in touch first",
    "reviewed": "Date these details were checked",
    "status": "Is the service running?",
    "attending": "How people take part",
    "contacts.phones.kind": "How people use the number",
    "contacts.emails": "More email addresses",
    "contacts.links": "Other links",
    "contacts.links.url": "Web address",
    "contacts.people": "People to contact",
    "schedule.term": "School terms",
    "schedule.closed_on_bank_holidays": "Is it closed on bank holidays?",
    "imported.id": "Its reference there",
}
# Hints where the field's help is written for people editing files (it names files, ids,
# YAML values or field names) or only says the question again. "" for no hint.
HINTS: dict[str, str] = {
    "organisation": "The charity, group or company that runs it.",
    "categories": "Choose all that fit.",
    "areas_served": "Leave these empty if it covers only its own district.",
    "eligibility": "Leave these empty if anyone can use it.",
    "eligibility.who": "For example, carers of someone living with dementia.",
    "access": "Choose all that fit. If you choose none, the page asks people to get in touch "
    "to ask how to start.",
    "access_notes": "For example, ring first to book a place, or just come along.",
    "cost": "If you leave this out, the page tells people to ask about the cost.",
    "cost.options": "Each with its amount in pounds and what it is for.",
    "contacts.phones.kind": "",
    "contacts.emails": "Each with a few words saying what it is for.",
    "contacts.people.name": "",
    "contacts.people.role": "",
    "contacts.people.phone": "",
    "contacts.people.email": "",
    "attending": "If you choose none, it is in person when it has a venue.",
    "locations": "Leave this out for services by phone or online only.",
    "locations.address": "The first line of the address.",
    "reviewed": "Today, if you have just checked them.",
    "schedule": "One for each kind of session. Each is weekly unless you choose otherwise.",
    "schedule.days": "",
    "schedule.frequency": "Weekly unless you choose otherwise. For a fortnightly session, give "
    "the date of one session; for a monthly one, the weeks or the days of the month.",
    "schedule.opens": "24-hour time. From 00:00 to 24:00 means all day.",
    "schedule.closes": "24-hour time. An end earlier than the start means the next morning "
    "(20:00 to 08:00).",
    "schedule.dates.*": "1 to 31, or -1 for the last day of the month.",
    "schedule.date_varies": "For a monthly session whose date changes: say in the note where "
    "people find the dates.",
    "schedule.date": "For a session that happens once: its date.",
    "schedule.term": "The dates of the terms are the council's.",
    "schedule.closed_on_bank_holidays": "Choose Yes if these sessions do not happen on bank "
    "holidays, No if they happen as usual. Leave it if you do not know.",
    "schedule_notes": "Such as when it closes for the summer or at Christmas.",
    "languages": "Other than English. For example Polish, Sylheti or British Sign Language.",
    "languages.*": "Its name in English, such as Polish.",
    "capacity": "Whether it can take new people just now. Full and paused services leave "
    "lists and search until they reopen. Leave this out if you do not know.",
    "capacity.status": "",
    "imported": "Filled in when the record was brought in from another directory. Leave it "
    "as it is.",
    "imported.id": "The record's number or code in that directory.",
    "imported.date": "When it was brought in.",
    "status": "",
    "locations.latitude": "For the map link. Leave it empty if you do not know it.",
    "locations.longitude": "For the map link. Leave it empty if you do not know it.",
}
# What the form says when a question is not answered, in residents' words (GOV.UK: "Enter
# ...", "Choose ..."); the validator's own messages, for people editing files, name fields.
# A question not listed here gets "Enter" or "Choose" with its label (`missing_message`).
MISSING: dict[str, str] = {
    "__district": "Choose the district the service is in",
    "__organisation_name": "Enter the name of the organisation",
    "name": "Enter the name of the service",
    "organisation": "Choose the organisation that runs it",
    "summary": "Enter a summary",
    "categories": "Choose at least one type of support",
    "cost.free": "Say whether it is free",
    "cost.options.amount": "Enter the price in pounds",
    "cost.options.description": "Say what the price is for",
    "contacts.phones.number": "Enter the phone number",
    "contacts.emails.address": "Enter the email address",
    "contacts.links.url": "Enter the link's web address",
    "contacts.links.label": "Say what the link is, in a few words",
    "contacts.people.name": "Enter the person's name",
    "locations.address": "Enter the first line of the address",
    "locations.town": "Enter the town or village",
    "locations.postcode": "Enter the postcode",
    "capacity.status": "Choose whether it can take new people just now",
    "reviewed": "Enter the date these details were checked",
    "imported.source": "Enter the directory or file it came from",
    "imported.date": "Enter the date it was imported",
    "contacts": "Add at least one way to get in touch",
    "cost": "Say whether it is free",
}
# What "Add another" adds, by list.
ITEM_NAMES = {
    "cost.options": "price",
    "contacts.phones": "phone number",
    "locations": "venue",
    "schedule": "session",
}
CHOICE_LABELS: dict[str, str] = {
    **ACCESS_LABEL,
    **ACCESSIBILITY_LABEL,
    "temporarily-closed": "Temporarily closed",
    "active": "Running as normal",
    "voice": "Ring it",
    "text": "Send a text message (SMS)",
    "whatsapp": "Message it on WhatsApp",
    "textphone": "Ring it from a textphone (minicom)",
    "open": "Open: taking new people",
    "limited": "Limited: a small group, so expect a slow reply",
    "waitlist": "Waiting list: new people go on a waiting list",
    "full": "Full: not taking new people",
    "paused": "Paused: not taking anyone just now (its contact details are hidden)",
    "term-time": "Only in school terms",
    "school-holidays": "Only in the school holidays",
}
# Every field has a question, so a change made through the form keeps every value the
# record had (a field left out would be dropped from the file); except `imported` (where an
# import found the record), which is not a question for residents: a change to an imported
# record keeps it as it was (form.js).
SKIP: set[str] = {"imported"}
# Radios for short lists of choices, checkboxes for lists, a select past this many options.
RADIO_MAX = 6


# Words that start with a vowel letter but a consonant sound ("a user"), and the reverse.
_CONSONANT_SOUND = re.compile(r"(?:u[bcfhjkmnrstv][aeiou]|eu|one|once|uni|use|usu)", re.I)
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honour|heir)", re.I)


def with_article(noun: str) -> str:
    """A noun with "a" or "an" by how it sounds: "an email", "a phone number", "a user",
    "an hour". Letters as initials count by their spoken name ("an SMS number")."""
    word = noun.split(" ", 1)[0]
    if _VOWEL_SOUND.match(word):
        return f"an {noun}"
    if word.isupper() and len(word) > 1:
        vowel = word[0] in "AEFHILMNORSX"
    else:
        vowel = word[:1].lower() in "aeiou" and not _CONSONANT_SOUND.match(word)
    return f"{'an' if vowel else 'a'} {noun}"


@dataclass
class Control:
    """One question, or a group of them (fieldset), or a list of groups (repeat)."""

    path: str  # dotted, without list positions: "contacts.phones.number"
    name: str  # the field's own name
    kind: str  # text, textarea, email, url, tel, number, date, time, select, radios,
    # checkboxes, boolean, group, repeat
    label: str
    hint: str
    required: bool
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    children: list[Control] = field(default_factory=list)  # for group and repeat
    item_name: str = ""  # for repeat: what "Add another ..." adds
    add_label: str = ""  # for repeat: the add button's words, "Add an email"
    max_length: int | None = None
    inputmode: str = ""
    autocomplete: str = ""
    width: str = ""  # a CSS class for inputs whose answers are short
    # For a select of organisations: an option for one not listed yet, which asks its name
    # (the suggestion then adds the organisation too).
    other: str = ""

    @property
    def leaf(self) -> bool:
        return self.kind not in ("group", "repeat")


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _hint(f: s.Field) -> str:
    """The field's help in plain text: no Markdown backticks, asterisks or YAML hints."""
    text = f.help.replace("`", "").replace("**", "")
    text = re.sub(r"\s*Say free: true when it is free\.", "", text)
    text = re.sub(r',?\s*in quotes(: "[^"]*")?', "", text)
    text = re.sub(r"\s*\(the file name in content/organisations/\)", "", text)
    text = re.sub(r"\s*Markdown: .*$", " You can use **bold** and - lists.", text)
    return text.strip()


def _option_labels(values: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    return [(v, CHOICE_LABELS.get(v, _words(v).replace("-", " "))) for v in values]


def _reference_options(f: s.Field, site: Site) -> list[tuple[str, str]]:
    if f.ref == s.REF_ORGANISATION:
        orgs = sorted(site.organisations.values(), key=lambda o: (o.name.lower(), o.id))
        return [(o.id, o.name) for o in orgs]
    if f.ref == s.REF_CATEGORY:
        return [(c.id, c.name) for c in site.categories]
    if f.ref == s.REF_DISTRICT:
        return [(d.slug, d.name) for d in site.config.districts]
    if f.ref == s.REF_AREA:
        whole = f"The whole {site.config.area_name}"
        return [(s.COUNTY, whole)] + [(d.slug, d.name) for d in site.config.districts]
    return []  # languages: any in ISO 639, typed (too many to list)


_INPUT = {
    s.TEXT: "text",
    s.PARAGRAPH: "textarea",
    s.MARKDOWN: "textarea",
    s.EMAIL: "email",
    s.URL: "url",
    s.PHONE: "tel",
    s.POSTCODE: "text",
    s.DATE: "date",
    s.TIME: "time",
    s.INTEGER: "number",
    s.NUMBER: "number",
}


def _control(f: s.Field, path: str, site: Site) -> Control | None:
    if path in SKIP:
        return None
    label = LABELS.get(path, _words(f.name))
    hint = HINTS[path] if path in HINTS else _hint(f)
    if f.kind == s.BOOLEAN and hint.lower().startswith("true when"):
        hint = ""  # the question and its Yes and No say it
    if re.sub(r"^(an?|the) |\.$", "", hint.lower()) == label.lower():
        hint = ""  # "Phone numbers." says nothing the label does not
    # `reviewed` may be left out only by an import; a person's suggestion gives it.
    required = f.required or path == "reviewed"
    c = Control(path, f.name, "text", label, hint, required, max_length=f.max_length)
    if f.kind == s.OBJECT:
        c.kind = "group"
        c.children = [x for x in (_control(g, f"{path}.{g.name}", site) for g in f.fields) if x]
        return c
    if f.kind == s.LIST:
        assert f.item is not None
        item = f.item
        if item.kind == s.CHOICE or item.kind == s.REFERENCE and item.ref != s.REF_LANGUAGE:
            c.kind = "checkboxes"
            c.options = (
                _option_labels(item.choices)
                if item.kind == s.CHOICE
                else _reference_options(item, site)
            )
            return c
        c.kind = "repeat"
        c.item_name = ITEM_NAMES.get(path, _words(item.name).lower())
        c.add_label = f"Add {with_article(c.item_name)}"
        if item.kind == s.OBJECT:
            c.children = [
                x for x in (_control(g, f"{path}.{g.name}", site) for g in item.fields) if x
            ]
        else:
            # A list of single values (several email addresses, say): one question per item.
            leaf = _control(item, f"{path}.*", site)
            assert leaf is not None
            leaf.label = LABELS.get(path, _words(item.name))
            leaf.name = "*"  # the item itself: its input is named by the item's prefix
            c.children = [leaf]
        return c
    if f.kind == s.CHOICE:
        c.options = _option_labels(f.choices)
        c.kind = "radios" if len(c.options) <= RADIO_MAX else "select"
        return c
    if f.kind == s.REFERENCE:
        c.options = _reference_options(f, site)
        c.kind = "select" if c.options and f.ref != s.REF_LANGUAGE else "text"
        if f.ref == s.REF_ORGANISATION:
            c.other = "It is not in the list"
        return c
    if f.kind == s.BOOLEAN:
        c.kind = "boolean"
        c.options = [("true", "Yes"), ("false", "No")]
        return c
    c.kind = _INPUT.get(f.kind, "text")
    if f.kind == s.INTEGER:
        c.inputmode, c.width = "numeric", "input-short"
    elif f.kind == s.NUMBER:
        c.inputmode, c.width = "decimal", "input-short"
    elif f.kind in (s.POSTCODE, s.TIME, s.DATE):
        c.width = "input-short"
    # Number, date and time inputs: typed as text with a hint, so every value reaches the
    # check (a browser's own number box drops "about 5" without saying so).
    if c.kind in ("number", "date", "time"):
        c.kind = "text"
        c.hint = c.hint + {
            s.DATE: " For example, 2026-11-28.",
            s.TIME: " For example, 09:30 or 14:00.",
        }.get(f.kind, "")
        c.hint = c.hint.strip()
    c.autocomplete = {s.EMAIL: "email", s.URL: "url", s.PHONE: "tel"}.get(f.kind, "off")
    return c


def controls(site: Site) -> list[Control]:
    """The form's questions, in the schema's order."""
    return [x for x in (_control(f, f.name, site) for f in s.SERVICE.fields) if x]


# -- messages -------------------------------------------------------------------------------
# The validator's words for each check a JSON Schema makes, as templates: {value} is the
# answer as validate.py shows it (Python's repr), {n}, {length}, {min}, {max}, {choices} the
# numbers and lists of the rule. Cross-field rules that a JSON Schema cannot express are
# checked when the record reaches `directory from-issue` and `directory validate`.
MESSAGES: dict[str, str] = {
    "one_line": "should be one line of text",
    "too_long": "is {length} characters long; the most allowed is {max}",
    "email": "{value} is not an email address like name@example.org",
    "url_scheme": "{value} needs https:// at the start",
    "url_not_web": "{value} is not a web address; only http:// and https:// links are allowed",
    "url_incomplete": "{value} is not a complete web address",
    # {problem}: phones.parse's words, which static/phones.js gives in the browser.
    "phone": "{value} {problem}; write a UK number like 01632 960123, "
    "01632 960992 ext 204, 18001 01632 960989 or 116 123",
    "placeholder_email": "{value} looks like a placeholder, not an address anyone reads; "
    "give the real address or leave the field out",
    "postcode": "{value} is not a UK postcode like PR1 3BQ",
    "time": '{value} is not a time; write 24-hour time like "09:30" or "14:00"',
    "date": "should be a date written YYYY-MM-DD, found {value}",
    "real_date": "{value} is not a real date",
    "too_long_ago": "{date} is too long ago to be right",
    "integer": "should be a whole number, found {value}",
    "number": "should be a number, found {value}",
    "range": "{number} is out of range; allowed {min} to {max}",
    "choice": "{value} is not one of {choices}",
    "min_items": "needs at least {n} item(s)",
    "unique": "{value} is listed twice",
    "slug": "{value} is not an id: use lowercase letters, digits and hyphens",
    # The rules across fields (validate.check_service), which form.js checks too.
    "no_contact": "add at least one way to get in touch: phones, email, website, links or people",
    "closes_at_opening": 'closes at {closes}, the time it opens; for all day write opens: "00:00" '
    'and closes: "24:00"',
    "free_with_prices": "the service is marked free but has prices; remove the prices or set "
    "`free: false`",
    "monthly_weeks": "a monthly session needs `weeks` (such as [first] or [second, last]) with "
    "`days`, or `dates` (such as [1, 15]), or `date_varies: true` with a `note`",
    "weeks_monthly": "`weeks` is given, so add `frequency: monthly`",
    "ages": "the oldest age ({hi}) is below the youngest ({lo})",
    "county_and_districts": "`county` already covers every district; list either `[county]` "
    "or districts",
}


# The form's words where the validator's name fields and YAML values for people editing
# files: the same rules (form.js finds them where validate.py does; tests/test_form.py checks
# both), said in terms of the questions.
FORM_MESSAGES: dict[str, str] = {
    "no_contact": "Add at least one way to get in touch: a phone number, email address, "
    "website, link or person",
    "closes_at_opening": "It ends at {closes}, the time it starts; for all day, write 00:00 "
    "and 24:00",
    "free_with_prices": "It is marked free but has prices: remove the prices, or say it is "
    "not free",
    "monthly_weeks": "For a monthly session, choose which weeks of the month (with its days), "
    "or give the days of the month, or say the date varies and add a note",
    "weeks_monthly": "Weeks of the month are chosen, so choose Monthly under How often",
    "county_and_districts": "The whole county already covers every district: choose either "
    "the whole county or districts",
    "choice": "{value} is not one of the choices",
    "slug": "{value} is not one of the choices",
    "language": "{value} is not a language name or ISO 639 code; write the language's English "
    "name, such as Polish, Sylheti or British Sign Language",
}


def missing_messages(site: Site) -> dict[str, str]:
    """{dotted path of every question: what the form says when it is not answered}: MISSING's
    words, or, for a question not listed there (none is required), its label as an
    instruction."""
    out = dict(MISSING)
    for c in _walk(controls(site)):
        if c.path not in out:
            verb = "Choose" if c.kind in ("select", "radios", "checkboxes", "boolean") else "Enter"
            out[c.path] = f"{verb} {c.label[:1].lower()}{c.label[1:]}"
    return out


def _walk(cs: list[Control]) -> list[Control]:
    return [x for c in cs for x in [c, *_walk(c.children)]]


def kinds(root: s.Field = s.SERVICE) -> dict[str, str]:
    """{dotted path: the schema kind}, so the page words a pattern failure by what it checks."""
    out: dict[str, str] = {}

    def walk(f: s.Field, path: str) -> None:
        target = f.item if f.kind == s.LIST and f.item is not None else f
        if path:
            out[path] = f.kind if f.kind != s.LIST else "list"
            if f.kind == s.LIST and target.kind != s.OBJECT:
                out[path + ".*"] = target.kind
        for c in target.fields:
            walk(c, f"{path}.{c.name}" if path else c.name)

    walk(root, "")
    return out


# -- the record, for "Report a change" --------------------------------------------------------

INTERNAL = ("id", "file", "district")
# While a service's contacts are hidden (it has paused), its phone numbers and email address
# are not published anywhere, the record on its page included. A change sent without them
# keeps the listed ones (issue.from_issue).
# (Its page shows only its website.)
WITHHELD = tuple(
    ("contacts", f.name)
    for f in s.SERVICE.child("contacts").fields  # type: ignore[union-attr]
    if f.name != "website"
)


def record_for_form(sv: Service, withhold: bool = False) -> dict[str, Any]:
    """A service's checked record as the form's answers: plain JSON values, internal keys and
    filled-in defaults left out (so a change shows only what the file said); with withhold,
    without the contact details a paused service does not publish."""
    rec = {k: v for k, v in getattr(sv, "record", {}).items() if k not in INTERNAL}
    if rec.get("areas_served") == [sv.district.slug]:
        del rec["areas_served"]
    out = _plain(rec)
    if withhold:
        for group, key in WITHHELD:
            if isinstance(out.get(group), dict):
                out[group].pop(key, None)
    return out


def service_record(sv: Service, withhold: bool) -> dict[str, Any]:
    """The JSON data block on a service's page, for "Report a change"."""
    return {
        "id": sv.id,
        "district": sv.district.slug,
        "record": record_for_form(sv, withhold),
        "withheld": [".".join(path) for path in WITHHELD] if withhold else [],
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value if v is not None]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def languages_file() -> bytes:
    """suggest/languages.json: the languages the validator accepts (languages.browser_names),
    fetched by form.js to check the languages typed in the form."""
    return json.dumps(languages.browser_names(), ensure_ascii=False, separators=(",", ":")).encode()


def languages_version() -> str:
    """The pycountry release the languages file is made from (it changes only with it)."""
    from importlib.metadata import version

    return version("pycountry")


def form_data(site: Site) -> dict[str, Any]:
    """What form.js needs, as the page's JSON data block (never executed)."""
    cfg = site.config
    return {
        "schema": json_schema("service"),
        "messages": {**MESSAGES, **FORM_MESSAGES},
        "missing": missing_messages(site),
        "kinds": kinds(),
        "phones": phones.browser_rules(),
        "placeholder_email": phones.PLACEHOLDER_EMAIL,
        "labels": {c: LABELS[c] for c in sorted(LABELS)},
        "districts": {d.slug: d.name for d in cfg.districts},
        "repository": (cfg.corrections_url or "").rstrip("/"),
        "branch": "main",
        "email": cfg.corrections_email,
        "issue_template": TEMPLATE_FILE,
        "modeline": "# yaml-language-server: $schema=../../../schemas/service.schema.json",
        # GitHub refuses addresses much over 8 KB, and some browsers fail near 2 KB
        # ("browser": the page then offers the blank form too). That 2 KB is for web
        # addresses: a mailto link goes to the mail program, which takes a whole record
        # (a percent-encoded example record is 2 to 5 KB), so the email limit is GitHub's.
        "limits": {"github": 8000, "email": 8000, "browser": 2000},
    }


# -- the browser-side files -----------------------------------------------------------------
# Shipped from the pinned npm packages (package-lock.json), committed in static/ so that a
# build needs no Node; tests/test_form.py checks they are the packages' files.
STATIC = Path(__file__).parents[1] / "static"
JSON_SCHEMA_DIR = "json-schema-4.1.6"  # @cfworker/json-schema, its dist/esm modules


def form_assets() -> dict[str, bytes]:
    """Files whose names get a fingerprint (the page links to them)."""
    return {
        "form.js": (STATIC / "form.js").read_bytes(),
        "phones.js": (STATIC / "phones.js").read_bytes(),
        "js-yaml.min.js": (STATIC / "js-yaml.min.js").read_bytes(),
    }


def form_files() -> dict[str, tuple[str, bytes]]:
    """Files kept under their own names below assets/: the validator's modules import each
    other by name (the folder carries the version, so a new version is a new address), and
    the licences. {name: (file name, bytes)}, as render.static_assets gives."""
    out = {
        f"{JSON_SCHEMA_DIR}/{p.name}": p.read_bytes()
        for p in sorted((STATIC / JSON_SCHEMA_DIR).glob("*.js"))
    }
    for name in ("json-schema.LICENSE.txt", "js-yaml.LICENSE.txt"):
        out[name] = (STATIC / name).read_bytes()
    return {name: (name, data) for name, data in out.items()}
