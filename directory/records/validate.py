"""Records -> cleaned values and a list of problems. Never raises on bad content.

Every check is driven by the declarations in schema.py; the few rules that involve more
than one field (closing after opening, free with prices, references) are written out below.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import dateutil.parser

from directory.problems import Problem, Severity
from directory.records import languages, phones
from directory.records import schema as s
from directory.records.load import Document, Key, dotted

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 60
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.IGNORECASE)
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
# "24:00" only as a closing time: open until midnight, or all day from "00:00".
TIME = re.compile(r"^(?:([01]?[0-9]|2[0-3])[:.]([0-5][0-9])|24[:.]00)$")
EMERGENCY = {"999", "112"}  # the UK's emergency numbers, as phones.parse gives their digits
DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TIME_TEXT = re.compile(r"^(?:[01]\d|2[0-4]):[0-5]\d$")  # HH:MM, as the schema asks
WHOLE = re.compile(r"^[+-]?[0-9]{1,15}$")  # ASCII digits only: "²".isdigit() is true
BIG = 10**15  # no count, age or price in a record is this big
# Control characters, and the bidirectional overrides that can make text read differently
# from what it holds.
BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\ufeff]")
MD_LINK = re.compile(r"\]\(\s*([^)\s]+)")
# Reference-style links: `[text][id]` or `[id]` in the text, `[id]: https://...` on a line.
MD_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
MD_REFERENCE = re.compile(r"(?<![\\!])\[([^\]\n]+)\]\[([^\]\n]*)\]")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
# <https://...> and <name@example.org> are Markdown links, not HTML.
AUTOLINK = re.compile(r"^<(?:(?:https?|mailto|tel):[^\s<>]+|[^\s<>@]+@[^\s<>@]+)>$", re.IGNORECASE)


@dataclass
class Context:
    """What a record is checked against: the ids that exist, and today's date."""

    today: dt.date
    organisations: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    site_areas: frozenset[str] = frozenset()
    school_terms: bool = False  # whether site.yaml gives term dates
    area_name: str = s.COUNTY  # the site's word for the whole area; means `county` too


@dataclass
class Checker:
    doc: Document
    ctx: Context
    problems: list[Problem] = field(default_factory=list)

    def error(self, key: Key, message: str, severity: Severity = "error") -> None:
        self.problems.append(
            Problem(self.doc.name, self.doc.line(key), dotted(key), message, severity)
        )

    def warn(self, key: Key, message: str) -> None:
        self.error(key, message, "warning")

    # -- the generic walk -------------------------------------------------------------------

    def check(self, f: s.Field, value: Any, key: Key) -> Any:
        """The cleaned value, or None after reporting why it is not acceptable."""
        if value is None:
            return None
        handler = _HANDLERS[f.kind]
        return handler(self, f, value, key)

    def check_object(self, f: s.Field, value: Any, key: Key) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(key, f"should be a group of fields ({_names(f)}), found {_describe(value)}")
            return None
        out: dict[str, Any] = {}
        known = f.by_name
        for k, v in value.items():
            child = known.get(k)
            if child is None:
                self.error(
                    (*key, k),
                    f"unknown field {k!r}{did_you_mean(k, known)}; "
                    f"allowed here: {', '.join(known)}",
                )
                continue
            if v is None:
                if child.required:
                    self.error((*key, k), "is empty; " + _first_sentence(child.help))
                    continue
                out[k] = None
                continue
            out[k] = _HANDLERS[child.kind](self, child, v, (*key, k))
        for c in f.required_fields:
            if c.name not in value:
                self.error(key, f"{dotted((*key, c.name))} is missing; {_first_sentence(c.help)}")
        for c in f.defaulted_fields:
            if out.get(c.name) is None:
                out[c.name] = c.default
        return out

    def check_list(self, f: s.Field, value: Any, key: Key) -> list[Any] | None:
        assert f.item is not None
        if not isinstance(value, list):
            if isinstance(value, str) and "," in value and _is_id(f.item):
                # "lunch-clubs, older-people": ids and names hold no commas, so this is a
                # list written without its brackets; read it as one, and say how to write it.
                value = [part.strip() for part in value.split(",")]
                self.warn(
                    key,
                    f"is a list written without its brackets; it is read as "
                    f"[{', '.join(value)}], but write it so",
                )
            elif isinstance(value, str | int | float) and not isinstance(value, bool):
                # A single value where a list is wanted: accept it, it is what people mean.
                value = [value]
            else:
                self.error(key, f"should be a list, found {_describe(value)}")
                return None
        if len(value) < f.min_items:
            self.error(key, f"needs at least {f.min_items} item(s)")
        out: list[Any] = []
        seen: set[Any] = set()
        item_field = f.item
        handler = _HANDLERS[item_field.kind]
        for i, item in enumerate(value):
            ik: Key = (*key, i)
            cleaned = None if item is None else handler(self, item_field, item, ik)
            if cleaned is None:
                if item is None:
                    self.error(ik, "is an empty list item")
                if item_field.kind == s.OBJECT:
                    # Keep the place, so checks across fields of later items (closing
                    # times, venue names) still name the right item and line.
                    out.append(None)
                continue
            if f.unique:
                marker = repr(cleaned)
                if marker in seen:
                    self.warn(ik, f"{_show(item)} is listed twice")
                    continue
                seen.add(marker)
            out.append(cleaned)
        return out

    def check_text(self, f: s.Field, value: Any, key: Key) -> str | None:
        if type(value) is str:
            pass  # nearly every value: none of the conversions below apply
        elif isinstance(value, bool):
            said = self.doc.raw.get(key, str(value).lower())
            self.error(
                key,
                f"{said!r} was read by YAML as {str(value).lower()}, not as "
                f'text; put it in quotes: "{said}"',
            )
            return None
        elif isinstance(value, int | float):
            raw: str | None = self.doc.raw.get(key)
            if raw is not None and ":" in raw:
                self.error(
                    key,
                    f'{raw!r} was read by YAML as the number {value}; put it in quotes: "{raw}"',
                )
                return None
            value = raw if raw is not None else _number_text(value)
        elif isinstance(value, dt.date):
            value = self.doc.raw.get(key, value.isoformat())
        if not isinstance(value, str):
            self.error(key, f"should be text, found {_describe(value)}")
            return None
        # Text pasted from Windows (CR LF) or an old Mac (CR) has the same line breaks.
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text = value.strip()
        if not text:
            if f.required:
                self.error(key, "is empty; " + _first_sentence(f.help))
            return None
        bad = BAD_CHARS.search(text)
        if bad:
            self.error(
                key,
                f"contains an invisible control character "
                f"(U+{ord(bad.group()):04X}); retype the text",
            )
            return None
        if (self.doc.cut or self.doc.comments) and f.kind in _PROSE and self.doc.is_cut(key, text):
            self.error(
                key,
                f"YAML reads everything after ' #' as a note, so this is read as {text!r}; if "
                f"the rest is part of it, put the whole value in quotes: "
                f"{_quoted(self.doc.cut[key])}; if it is a note, put it on a line of its own",
            )
            return None
        if f.kind == s.TEXT and "\n" in text:
            self.error(key, "should be one line of text")
            return None
        if f.max_length and len(text) > f.max_length:
            self.error(key, f"is {len(text)} characters long; the most allowed is {f.max_length}")
            return None
        if f.warn_length and len(text) > f.warn_length:
            self.warn(
                key,
                f"is {len(text)} characters long; up to {f.warn_length} reads best "
                f"(at most {f.max_length} are allowed)",
            )
        if f.kind == s.MARKDOWN:
            self.check_references(text, key)
            for m in MD_LINK.finditer(text) if "](" in text else ():
                target = m.group(1).strip().strip("<>")
                scheme = target.split(":", 1)[0].lower() if ":" in target else ""
                if scheme and scheme not in ("http", "https", "mailto", "tel"):
                    self.warn(
                        key,
                        f"the link {target[:40]!r} is not allowed (only http, "
                        "https, mailto and tel links); it is shown as plain text",
                    )
        if f.kind == s.MARKDOWN and _has_html(text):
            self.warn(
                key,
                "contains HTML, which the page shows as typed, tags and all, not as "
                "formatting; use Markdown "
                "(**bold**, - lists, [link text](https://...))",
            )
        elif f.kind != s.MARKDOWN and _has_html(text):
            self.warn(key, "contains something that looks like HTML; it is shown as typed")
        return text

    def check_references(self, text: str, key: Key) -> None:
        """Reference-style links: each `[text][id]` needs an `[id]: https://...` line, and
        those addresses are held to the same schemes as inline links."""
        if "][" not in text and "]:" not in text:
            return
        defined = {}
        for m in MD_DEFINITION.finditer(text):
            defined[m.group(1).strip().lower()] = m.group(2)
            scheme = m.group(2).split(":", 1)[0].lower() if ":" in m.group(2) else ""
            if scheme and scheme not in ("http", "https", "mailto", "tel"):
                self.warn(
                    key,
                    f"the link [{m.group(1)}] goes to {m.group(2)[:40]!r}, which is not "
                    "allowed (only http, https, mailto and tel links); it is shown as plain text",
                )
        for m in MD_REFERENCE.finditer(text):
            ref = (m.group(2) or m.group(1)).strip().lower()
            if ref not in defined:
                self.warn(
                    key,
                    f"the link [{m.group(1)}][{m.group(2)}] has no address, so it is shown as "
                    f"typed; add a line `[{m.group(2) or m.group(1)}]: https://...` below the "
                    "text, or write the link as [text](https://...)",
                )

    def check_integer(self, f: s.Field, value: Any, key: Key) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and WHOLE.match(value.strip()):
                value = int(value.strip())
            elif isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
                self.error(
                    key, f"is a number {len(value.strip())} digits long, which is far too big"
                )
                return None
            else:
                self.error(key, f"should be a whole number, found {_show(value)}")
                return None
        return self._range(f, value, key)

    def check_number(self, f: s.Field, value: Any, key: Key) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    value = float(value.strip().lstrip("£"))
                except ValueError:
                    pass
            if not isinstance(value, int | float):
                self.error(key, f"should be a number, found {_show(value)}")
                return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(key, "should be a number")
            return None
        return self._range(f, value, key)

    def _range(self, f: s.Field, value: Any, key: Key) -> Any:
        if abs(value) >= BIG:
            self.error(
                key, f"{_show(value)} is far too big; allowed {_num(f.min)} to {_num(f.max)}"
            )
            return None
        if f.min is not None and value < f.min or f.max is not None and value > f.max:
            self.error(key, f"{value} is out of range; allowed {_num(f.min)} to {_num(f.max)}")
            return None
        return value

    def check_boolean(self, f: s.Field, value: Any, key: Key) -> bool | None:
        if not isinstance(value, bool):
            self.error(key, f"should be true or false, found {_show(value)}")
            return None
        # A file read by the fast path wrote every boolean as true or false.
        raw = "" if self.doc.fast else self.doc.raw.get(key, "")
        if raw and raw.lower() not in ("true", "false"):
            self.error(
                key,
                f"{raw!r} means {str(value).lower()} only to some YAML readers; "
                f"write {str(value).lower()}",
            )
            return None
        return value

    def check_date(self, f: s.Field, value: Any, key: Key) -> dt.date | None:
        if isinstance(value, str) and DATE_TEXT.match(value.strip()):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                self.error(key, f"{value!r} is not a real date")
                return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            hint = iso_hint(value) if isinstance(value, str) else ""
            self.error(key, f"should be a date written YYYY-MM-DD, found {_show(value)}{hint}")
            return None
        if value.year < 1900:
            self.error(key, f"{value.isoformat()} is too long ago to be right")
            return None
        return value

    def check_time(self, f: s.Field, value: Any, key: Key) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            raw = self.doc.raw.get(key, str(value))
            if ":" in raw:
                self.error(
                    key,
                    f"{raw} was read by YAML as the number {value} (minutes in "
                    f'base 60); put the time in quotes: "{raw}"',
                )
            else:
                self.error(key, f'should be a time in quotes like "09:30", found {raw}')
            return None
        if isinstance(value, float):
            raw = self.doc.raw.get(key, str(value))
            self.error(key, f'should be a time in quotes like "09:30", found {raw}')
            return None
        if not isinstance(value, str):
            self.error(key, f'should be a time like "09:30", found {_show(value)}')
            return None
        m = TIME.match(value.strip())
        if not m:
            self.error(key, f'{value!r} is not a time; write 24-hour time like "09:30" or "14:00"')
            return None
        if m[1] is None:
            return "24:00"
        return f"{int(m[1]):02d}:{m[2]}"

    def check_choice(self, f: s.Field, value: Any, key: Key) -> str | None:
        if isinstance(value, bool):
            raw = self.doc.raw.get(key, str(value).lower())
            self.error(
                key,
                f"{raw!r} was read by YAML as {str(value).lower()}; put it in "
                f"quotes, or use one of {', '.join(f.choices)}",
            )
            return None
        text = str(value).strip() if isinstance(value, str | int | float) else None
        if text is None:
            self.error(key, f"should be one of {', '.join(f.choices)}, found {_describe(value)}")
            return None
        if text in f.choices:
            return text
        norm = text.lower().replace(" ", "-").replace("_", "-")
        if norm in f.choices:
            return norm
        self.error(
            key, f"{text!r} is not one of {', '.join(f.choices)}{did_you_mean(norm, f.choices)}"
        )
        return None

    def check_email(self, f: s.Field, value: Any, key: Key) -> str | None:
        text = self.check_text(f, value, key)
        if text is None:
            return None
        if text.lower().startswith("mailto:"):
            text = text[7:]
        if not EMAIL.match(text) or len(text) > 254:
            self.error(key, f"{text!r} is not an email address like name@example.org")
            return None
        if phones.placeholder_email(text):
            self.error(
                key,
                f"{text!r} looks like a placeholder, not an address anyone reads; "
                "give the real address or leave the field out",
            )
            return None
        return text

    def check_url(self, f: s.Field, value: Any, key: Key) -> str | None:
        text = self.check_text(f, value, key)
        if text is None:
            return None
        try:
            parts = urllib.parse.urlsplit(text)
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() not in ("http", "https"):
            if parts is not None and not parts.scheme and "." in text and " " not in text:
                self.error(key, f"{text!r} needs https:// at the start")
            else:
                self.error(
                    key,
                    f"{text!r} is not a web address; only http:// and https:// links are allowed",
                )
            return None
        if not parts.netloc or " " in text or "." not in parts.netloc or len(text) > 2000:
            self.error(key, f"{text!r} is not a complete web address")
            return None
        return text

    def check_phone(self, f: s.Field, value: Any, key: Key) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            raw = self.doc.raw.get(key, str(value))
            self.error(
                key,
                f"{raw} was read as a number, which loses the leading 0; put the "
                f'phone number in quotes: "0{raw}"'
                if not raw.startswith("0")
                else f"{raw} was read as a number; put the phone number in quotes",
            )
            return None
        text = self.check_text(f, value, key)
        if text is None:
            return None
        number = phones.parse(text)
        if isinstance(number, str):
            self.error(
                key,
                f"{text!r} {number}; write a UK number like 01632 960123, "
                "01632 960992 ext 204, 18001 01632 960989 or 116 123",
            )
            return None
        if number.e164 in EMERGENCY:
            self.warn(
                key,
                f"{number.text} is the emergency number, not this service's own; give the "
                "number people call to reach the service (say when to call 999 in the "
                "description)",
            )
        return number.text

    def check_postcode(self, f: s.Field, value: Any, key: Key) -> str | None:
        text = self.check_text(f, value, key)
        if text is None:
            return None
        compact = re.sub(r"\s+", "", text).upper()
        if not POSTCODE.match(compact):
            self.error(key, f"{text!r} is not a UK postcode like PR1 3BQ")
            return None
        return f"{compact[:-3]} {compact[-3:]}"

    def check_reference(self, f: s.Field, value: Any, key: Key) -> str | None:
        text = self.check_text(f, value, key)
        if text is None:
            return None
        if f.ref == s.REF_LANGUAGE:
            found = languages.find(text)
            if found is not None:
                return found.name
            close = languages.suggestions(text)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            self.error(
                key,
                f"{text!r} is not a language name or ISO 639 code{hint}; write the "
                "language's English name, such as Polish, Sylheti or British Sign Language",
            )
            return None
        if f.ref == s.REF_AREA and text == self.ctx.area_name:
            return s.COUNTY
        known, what = {
            s.REF_ORGANISATION: (self.ctx.organisations, "organisation"),
            s.REF_CATEGORY: (self.ctx.categories, "category"),
            s.REF_DISTRICT: (self.ctx.districts, "district"),
            s.REF_AREA: (self.ctx.districts | {s.COUNTY}, "district"),
            "site-area": (self.ctx.site_areas, "area"),
        }[f.ref]
        if text in known:
            return text
        hint = did_you_mean(text, known)
        if f.ref == s.REF_ORGANISATION:
            where = "there is no content/organisations/" + text + ".yaml"
        elif f.ref == s.REF_CATEGORY:
            where = "it is not a category id in content/taxonomy.yaml"
        elif f.ref == "site-area":
            where = "it is not in the site's areas: " + ", ".join(sorted(known))
        else:
            where = "it is not a district slug in content/site.yaml" + (
                " (or `county`)" if f.ref == s.REF_AREA else ""
            )
        self.error(key, f"unknown {what} {text!r}: {where}{hint}")
        return None


_HANDLERS: dict[str, Callable[[Checker, s.Field, Any, Key], Any]] = {
    s.TEXT: Checker.check_text,
    s.PARAGRAPH: Checker.check_text,
    s.MARKDOWN: Checker.check_text,
    s.INTEGER: Checker.check_integer,
    s.NUMBER: Checker.check_number,
    s.BOOLEAN: Checker.check_boolean,
    s.DATE: Checker.check_date,
    s.TIME: Checker.check_time,
    s.CHOICE: Checker.check_choice,
    s.LIST: Checker.check_list,
    s.OBJECT: Checker.check_object,
    s.EMAIL: Checker.check_email,
    s.URL: Checker.check_url,
    s.PHONE: Checker.check_phone,
    s.POSTCODE: Checker.check_postcode,
    s.REFERENCE: Checker.check_reference,
}


# -- records --------------------------------------------------------------------------------


def check_service(doc: Document, ctx: Context, district: str) -> tuple[dict | None, list[Problem]]:
    """One service file -> its cleaned record (None if it has errors) and its problems."""
    c = Checker(doc, ctx)
    rec = c.check_object(s.SERVICE, doc.data, ())
    if rec is None:
        return None, c.problems
    _check_capacity(c, rec.get("capacity"), ("capacity",))
    if rec.get("summary") is None and not any(p.field == "summary" for p in c.problems):
        derived = first_sentence(rec.get("description") or "")
        if derived:
            rec["summary"] = derived
            c.warn(
                (),
                f"summary is missing, so the description's first sentence is shown in lists: "
                f"{derived[:80]!r}{'...' if len(derived) > 80 else ''}; add a `summary`",
            )
        else:
            c.error((), "summary is missing; add one plain-English sentence saying what it is")
    reviewed = rec.get("reviewed")
    if reviewed and reviewed > ctx.today:
        c.error(
            ("reviewed",),
            f"{reviewed.isoformat()} is in the future; use the date the record was checked",
        )
        rec["reviewed"] = None
    areas = rec.get("areas_served")
    if areas is None:
        rec["areas_served"] = [district]
    elif s.COUNTY in areas and len(areas) > 1:
        c.error(
            ("areas_served",),
            "`county` already covers every district; list either `[county]` or districts",
        )
    elig = rec.get("eligibility") or {}
    lo, hi = elig.get("min_age"), elig.get("max_age")
    if lo is not None and hi is not None and lo > hi:
        c.error(("eligibility", "max_age"), f"the oldest age ({hi}) is below the youngest ({lo})")
    cost = rec.get("cost")
    if cost:
        if cost.get("free") and cost.get("options"):
            c.error(
                ("cost", "options"),
                "the service is marked free but has prices; remove the prices or set `free: false`",
            )
        elif cost.get("free") is False and not cost.get("options") and not cost.get("notes"):
            c.warn(
                ("cost",),
                "the service is not free: add `options` with prices, or `notes` "
                "saying what it costs",
            )
    contacts = rec.get("contacts")
    if contacts is not None and not any(contacts.get(k) for k in CONTACT_WAYS):
        c.error(
            ("contacts",),
            "add at least one way to get in touch: phones, email, website, links or people",
        )
    locations = [loc for loc in rec.get("locations") or [] if loc]
    names = [loc["name"] for loc in locations if loc.get("name")]
    names += [_heading(loc) for loc in locations if not loc.get("name")]
    for i, slot in enumerate(rec.get("schedule") or []):
        if slot:
            _check_slot(c, slot, ("schedule", i), names)
    attending = rec.get("attending") or []
    if "in-person" in attending and not locations:
        c.warn(("attending",), "`in-person` is given but there are no `locations`; add where")
    unreported = not any(p.field == "reviewed" for p in c.problems)
    if rec.get("reviewed") is None and rec.get("imported") is None and unreported:
        c.error(
            (),
            "reviewed is missing; the date someone last checked the whole record, "
            "YYYY-MM-DD (only a record brought in by an import, with `imported`, may "
            "leave it out until it is checked)",
        )
    imported = rec.get("imported") or {}
    if imported.get("date") and imported["date"] > ctx.today:
        c.error(("imported", "date"), f"{imported['date'].isoformat()} is in the future")
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems
    return rec, c.problems


def check_organisation(doc: Document, ctx: Context) -> tuple[dict | None, list[Problem]]:
    c = Checker(doc, ctx)
    rec = c.check_object(s.ORGANISATION, doc.data, ())
    if rec is None:
        return None, c.problems
    _check_capacity(c, rec.get("capacity"), ("capacity",))
    reviewed = rec.get("reviewed")
    if reviewed and reviewed > ctx.today:
        c.error(("reviewed",), f"{reviewed.isoformat()} is in the future")
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems
    return rec, c.problems


CONTACT_WAYS = ("phones", "email", "emails", "website", "links", "people")


def _heading(loc: dict) -> str:
    """A location's name, or the first part of its address (as the page heads it)."""
    return str(loc.get("name") or str(loc.get("address") or "").split(",")[0].strip())


def _check_slot(c: Checker, slot: dict, key: Key, names: list[str]) -> None:
    """The rules across a schedule entry's fields: each frequency's own fields, times, dates."""
    freq = slot.get("frequency") or "weekly"
    has = {k for k, v in slot.items() if v not in (None, [], False)}
    appointment = bool(slot.get("by_appointment"))
    own = {
        "weekly": set(),
        "fortnightly": {"starts"},
        "monthly": {"weeks", "dates", "date_varies"},
        "once": {"date"},
    }[freq]
    for k in sorted(({"starts", "weeks", "dates", "date_varies", "date"} & has) - own):
        wanted = {
            "starts": "fortnightly",
            "weeks": "monthly",
            "dates": "monthly",
            "date_varies": "monthly",
            "date": "once",
        }[k]
        c.error((*key, "frequency"), f"`{k}` is given, so add `frequency: {wanted}`")
    if freq == "fortnightly":
        if not slot.get("starts"):
            c.error(
                key,
                "a fortnightly session needs `starts`: the date of one session, so the "
                "weeks are known (such as starts: 2026-09-03)",
            )
        elif slot.get("days") and s.DAYS[slot["starts"].weekday()] not in slot["days"]:
            c.error(
                (*key, "starts"),
                f"{slot['starts'].isoformat()} is a {s.DAYS[slot['starts'].weekday()]}, not "
                f"one of its days ({', '.join(slot['days'])})",
            )
    if freq == "monthly":
        ways = [k for k in ("weeks", "dates", "date_varies") if k in has]
        if not ways:
            c.error(
                (*key, "weeks"),
                "a monthly session needs `weeks` (such as [first] or [second, last]) with "
                "`days`, or `dates` (such as [1, 15]), or `date_varies: true` with a `note`",
            )
        elif len(ways) > 1:
            c.error((*key, ways[1]), f"give only one of {', '.join(ways)}")
        if "date_varies" in has and not slot.get("note"):
            c.error((*key, "note"), "when the date varies, say in `note` where to find the dates")
        if "dates" in has and "days" in has:
            c.error((*key, "days"), "a session on `dates` of the month needs no `days`")
    if freq == "once":
        if not slot.get("date"):
            c.error(key, "a one-off session (`frequency: once`) needs its `date`")
        elif slot.get("days") and s.DAYS[slot["date"].weekday()] not in slot["days"]:
            c.error(
                (*key, "days"),
                f"{slot['date'].isoformat()} is a {s.DAYS[slot['date'].weekday()]}; leave "
                "`days` out of a one-off session",
            )
    # Missing means not written: a value that was written but refused has its own message.
    needs_days = freq in ("weekly", "fortnightly") or "weeks" in has
    if needs_days and "days" not in slot and not appointment:
        c.error(key, "days is missing; which days of the week, such as [tuesday]")
    opens, closes = slot.get("opens"), slot.get("closes")
    if ("opens" in slot) != ("closes" in slot):
        missing = "opens" if "opens" not in slot else "closes"
        c.error(key, f"{missing} is missing; give both times, or neither")
    elif "opens" not in slot and not appointment and "date_varies" not in has:
        c.error(key, 'opens is missing; give the times, such as opens: "10:00" and closes: "12:00"')
    if opens == "24:00":
        c.error((*key, "opens"), 'a session opens at "00:00" at the latest, not "24:00"')
    elif opens and closes and opens == closes:
        c.error(
            (*key, "closes"),
            f'closes at {closes}, the time it opens; for all day write opens: "00:00" and '
            'closes: "24:00"',
        )
    elif (length := _unlikely_overnight(opens, closes)) is not None:
        hours, minutes = divmod(length, 60)
        span = f"{hours} hours" + (f" {minutes} minutes" if minutes else "")
        c.warn(
            (*key, "closes"),
            f"closes at {closes}, before it opens at {opens}, so it runs overnight for {span}; "
            'if that is not what you meant, check the times (24-hour clock: 2pm is "14:00")',
        )
    start, end = slot.get("valid_from"), slot.get("valid_to")
    if start and end and end < start:
        c.error((*key, "valid_to"), f"{end.isoformat()} is before valid_from ({start.isoformat()})")
    if slot.get("term") and not c.ctx.school_terms:
        c.error(
            (*key, "term"),
            "the site has no `school_terms` in content/site.yaml to say when terms are",
        )
    where = slot.get("location")
    if where and where not in names:
        c.error(
            (*key, "location"),
            f"{where!r} is not the name of one of this "
            f"service's locations{did_you_mean(where, names)}",
        )


def _is_id(f: s.Field) -> bool:
    """A choice or a reference to a category, district or organisation: a slug, which holds
    no comma (a language's name may: "Greek, Modern")."""
    return f.kind == s.CHOICE or (f.kind == s.REFERENCE and f.ref != s.REF_LANGUAGE)


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


# A session past midnight is real (a night shelter from 20:00 to 08:00, an out-of-hours line
# from 17:00 to 09:00), but one that opens in the morning, or runs for most of a day, is far
# more often a.m. and p.m. mixed up ("10:00" to "02:00" meant for 2pm).
OVERNIGHT_LONGEST = 18 * 60  # minutes


def _unlikely_overnight(opens: Any, closes: Any) -> int | None:
    """How long a session runs, in minutes, when it closes before it opens (so runs
    overnight) and opens before noon or lasts longer than OVERNIGHT_LONGEST; else None.
    Times as HH:MM text (anything else: None)."""
    if not (isinstance(opens, str) and isinstance(closes, str)):
        return None
    if not (TIME_TEXT.match(opens) and TIME_TEXT.match(closes)) or closes == "24:00":
        return None
    if closes >= opens:
        return None
    length = (_minutes(closes) - _minutes(opens)) % (24 * 60)
    return length if opens < "12:00" or length > OVERNIGHT_LONGEST else None


def _check_capacity(c: Checker, cap: dict | None, key: Key) -> None:
    if not cap:
        return
    if cap.get("until") and cap.get("status") == "open":
        c.warn((*key, "until"), "`until` has no effect when the status is open")


def check_slug(name: str, what: str, file: str) -> list[Problem]:
    if SLUG.match(name) and len(name) <= SLUG_MAX:
        return []
    suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:SLUG_MAX]
    return [
        Problem(
            file,
            1,
            "",
            f"the {what} {name!r} is not allowed: use lowercase letters, "
            f"digits and hyphens, at most {SLUG_MAX} characters (such as "
            f"{suggestion!r})",
        )
    ]


# -- helpers --------------------------------------------------------------------------------


_MD_LINK_TEXT = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|!?\[([^\]]*)\]\[[^\]]*\]")
_MD_MARKS = re.compile(r"(\*\*|__|\*|`|^#+\s*|^\s*(?:[-*+]|\d+[.)])\s+|^>\s*)", re.MULTILINE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def first_sentence(markdown_text: str, limit: int = 300) -> str:
    """The first sentence of a Markdown text, as plain text of at most `limit` characters
    (cut at a word, with "..."), or "" when there is no text."""
    para = markdown_text.strip().split("\n\n", 1)[0]
    para = _MD_LINK_TEXT.sub(lambda m: m.group(1) or m.group(2) or "", para)
    para = " ".join(_MD_MARKS.sub("", para).split())
    sentence = _SENTENCE_END.split(para, 1)[0].strip()
    if len(sentence) > limit:
        sentence = sentence[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return sentence


def uk_date(text: str) -> dt.date | None:
    """A date written another way than YYYY-MM-DD, as people in the UK write them, or None
    when text does not name one day (a part missing, an impossible date, no date at all).

    Read by dateutil's parser, day first (03/04/2026 is 3 April), except that a text starting
    with a four-digit year is read year, month, day (2026/10/02 is 2 October, as in ISO 8601
    and every system that writes the year first); a time after the date is ignored."""
    text = text.strip()
    if not text or len(text) > 40 or not any(c.isdigit() for c in text):
        return None
    year_first = bool(_YEAR_FIRST.match(text))
    # Parsed twice with different defaults: a part missing from the text (a year, a day)
    # takes the default, so the two readings differ and no date is given.
    readings = set()
    for default in (dt.datetime(1901, 1, 1), dt.datetime(1902, 2, 2)):
        try:
            read = dateutil.parser.parse(
                text, dayfirst=not year_first, yearfirst=year_first, default=default
            )
        except (ValueError, OverflowError, TypeError):
            return None
        readings.add(read.date())
    return readings.pop() if len(readings) == 1 else None


_YEAR_FIRST = re.compile(r"\d{4}\D")


def iso_hint(text: str) -> str:
    """' (if that is 31 December 2026, write 2026-12-31)' for a date written another way
    that names a day, a month and a year (uk_date), or "" when text is not such a date."""
    day = uk_date(text)
    if day is None:
        return ""
    return f" (if that is {day.day} {day:%B %Y}, write {day.isoformat()})"


def did_you_mean(word: str, options: Any) -> str:
    """' (did you mean 'x'?)' for the option closest to word (difflib's ratio at least
    0.6, case ignored), or "" when none is that close."""
    match = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def _names(f: s.Field) -> str:
    return ", ".join(c.name for c in f.fields[:4]) + (", ..." if len(f.fields) > 4 else "")


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".") + "."


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return _show(value)


_PROSE = (s.TEXT, s.PARAGRAPH, s.MARKDOWN)


def _has_html(text: str) -> bool:
    """Whether text holds an HTML tag (a Markdown autolink such as <https://...> is not one)."""
    return "<" in text and any(not AUTOLINK.match(m.group()) for m in HTML_TAG.finditer(text))


def _quoted(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number_text(value: int | float) -> str:
    """A number as text, however big (Python refuses to print an int of 4,300+ digits)."""
    if isinstance(value, int) and abs(value) >= BIG:
        return f"a number {_digit_count(abs(value))} digits long"
    return str(value)


def _digit_count(n: int) -> int:
    """How many decimal digits a positive int has, exactly, without printing it (which Python
    refuses past 4,300 digits): (bit_length - 1) * log10(2), rounded down, is never over the
    count less one, and comparisons with powers of ten settle the rest."""
    low = (n.bit_length() - 1) * 30102 // 100000  # log10(2) = 0.30103, rounded down
    while 10 ** (low + 1) <= n:
        low += 1
    return low + 1


def _show(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return _number_text(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _num(v: float | None) -> str:
    if v is None:
        return "any"
    return str(int(v)) if v == int(v) else str(v)
