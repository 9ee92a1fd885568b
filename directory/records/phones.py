"""UK phone numbers as contributors write them -> one clean form, a display and a `tel:` link.

Parsing and validity come from `phonenumbers`, the Python port of Google's libphonenumber
(the numbering plan for the UK as Ofcom publishes it), not from hand-written rules. On top of
it this module knows three things a UK directory needs and the library leaves to its caller:

- the Relay UK prefixes (18001 to call from a textphone, 18002 to call a textphone), written
  before an ordinary number: `18001 01632 960989`;
- short numbers that are not E.164 numbers at all: 116 xxx helplines (116 123), 111, 999;
- Ofcom's ranges kept for drama and examples (01632 960000 to 960999, 07700 900000 to
  900999: https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama),
  which libphonenumber rightly calls invalid but which test and example content uses.

`parse(text)` returns a `PhoneNumber` or a message saying what is wrong. Its `text` is the
form validation keeps in a record (and that `parse` reads back to the same number).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, shortnumberinfo

REGION = "GB"
RELAY_PREFIXES = ("18001", "18002")
# Ofcom's drama ranges that libphonenumber does not call valid (the others, such as
# 020 7946 0xxx and 0113 496 0xxx, are in ordinary ranges it already accepts).
DRAMA = re.compile(r"^(?:1632960\d{3}|7700900\d{3})$")
_RELAY = re.compile(r"^\s*(1800[12])[\s\-]+(?=\S)")
_PLACEHOLDER = re.compile(r"^0*(\d)\1*$")
PLACEHOLDERS = ("123456789", "1234567890", "0123456789")


@dataclass(frozen=True)
class PhoneNumber:
    """A checked UK number.

    national: the digits as dialled in the UK, grouped as Ofcom groups them ("01632 960992",
    "0800 123 4567", "116 123"); extension: digits dialled after connecting, or "";
    relay: "18001" or "18002" when the number is to be called through Relay UK, or "";
    short: True for short numbers (116 123, 111), which have no international form.
    """

    national: str
    extension: str
    relay: str
    short: bool
    e164: str  # "+441632960992"; for a short number its digits: "116123"

    @property
    def text(self) -> str:
        """What the site shows, and what a cleaned record holds: "01632 960992 ext. 204"."""
        out = f"{self.relay} {self.national}" if self.relay else self.national
        return f"{out} ext. {self.extension}" if self.extension else out

    @property
    def tel(self) -> str:
        """A `tel:` link (RFC 3966): "tel:+441632960992;ext=204". A Relay UK number is dialled
        with its prefix before the national number; a short number is dialled as it is."""
        if self.relay:
            return "tel:" + self.relay + self.national.replace(" ", "")
        ext = f";ext={self.extension}" if self.extension else ""
        return "tel:" + self.e164 + ext


# A county lists the same few numbers many times (a helpline on each of an organisation's
# services, the drama ranges in example content), and libphonenumber takes about 80 µs a
# number: each distinct text is parsed once per process. The result is immutable (a frozen
# PhoneNumber or a message), so sharing it is safe.
@functools.lru_cache(maxsize=65536)
def parse(text: str) -> PhoneNumber | str:
    """A number as written (any UK form: spaces, brackets, +44, (0), "ext 204", "x204",
    a Relay UK prefix) -> a PhoneNumber, or a message saying why it is not a number.
    Memoised per text (`parse.cache_info()` counts the hits)."""
    relay = ""
    m = _RELAY.match(text)
    rest = text
    if m:
        relay, rest = m.group(1), text[m.end() :]
    try:
        number = phonenumbers.parse(rest, REGION)
    except phonenumbers.NumberParseException:
        return "is not a phone number"
    digits = phonenumbers.national_significant_number(number)
    if number.country_code != 44:
        return "is not a UK number (only UK numbers are listed)"
    if not relay and shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        if number.extension:
            return "is a short number, which has no extension"
        national = f"{digits[:3]} {digits[3:]}" if len(digits) == 6 else digits
        return PhoneNumber(national, "", "", True, digits)
    if _PLACEHOLDER.match(digits) or digits in PLACEHOLDERS:
        return "looks like a placeholder, not a real number"
    if not (phonenumbers.is_valid_number(number) or DRAMA.match(digits)):
        return "is not a valid UK phone number"
    extension = number.extension or ""
    if DRAMA.match(digits):
        national = f"0{digits[:4]} {digits[4:]}"
    else:
        # The national format would add the extension ("01772 906102 x204"); it is kept apart.
        number.extension = None
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return PhoneNumber(national, extension, relay, False, e164)


# The form `PhoneNumber.text` writes: "[18001 ]<national>[ ext. <digits>]".
_CLEAN = re.compile(r"^(?:(1800[12]) )?([0-9][0-9 ]*[0-9]|[0-9]{3})(?: ext\. ([0-9]+))?$")


def from_text(text: str) -> PhoneNumber:
    """A PhoneNumber from the text a cleaned record holds (PhoneNumber.text), without parsing
    it again: pages are made from validated records, and at 100,000 services a second parse
    of every number costs seconds. Anything else is parsed in full."""
    m = _CLEAN.match(text)
    if m:
        relay, national, ext = m.group(1) or "", m.group(2), m.group(3) or ""
        digits = national.replace(" ", "")
        if digits.startswith("0"):
            return PhoneNumber(national, ext, relay, False, "+44" + digits[1:])
        if not relay and not ext:
            return PhoneNumber(national, "", "", True, digits)
    found = parse(text)
    if isinstance(found, str):
        raise ValueError(f"{text!r} {found}")
    return found


def placeholder_email(address: str) -> bool:
    """True for the stand-in addresses real exports carry (`test@...`, `none@...`, an
    address at test.com), which no one would answer."""
    local, _, domain = address.lower().partition("@")
    return (
        local in PLACEHOLDER_EMAIL["local"]
        or domain.split(".")[0] in PLACEHOLDER_EMAIL["domain_start"]
        or domain in PLACEHOLDER_EMAIL["domain"]
    )


# The stand-in addresses, by part (form.js checks the same in the browser).
PLACEHOLDER_EMAIL = {
    "local": ["test", "testing", "none", "noemail", "no-email", "nobody", "na", "n/a"],
    "domain_start": ["test", "testing"],
    "domain": ["email.com", "none.com"],
}


# -- the same check in the browser ------------------------------------------------------------
# The form (static/phones.js) checks a number as `parse` does, with no server: the numbering
# plan's patterns are libphonenumber's own, which are written to run unchanged as JavaScript
# regular expressions (libphonenumber's JavaScript port uses the same metadata).
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


def _desc(desc: Any) -> list[Any] | None:
    """A PhoneNumberDesc -> [possible lengths, national number pattern], or None if the plan
    has no numbers of that type."""
    if desc is None or desc.national_number_pattern is None:
        return None
    return [list(desc.possible_length or ()), desc.national_number_pattern]


def browser_rules() -> dict[str, Any]:
    """What static/phones.js needs to give `parse`'s verdict in the browser, as JSON (about
    6 KB), from the `phonenumbers` metadata the validator uses:

    - "regions": the regions sharing +44 (GB, GG, IM, JE) in libphonenumber's order, each
      {"region", "leading" (a leading-digits pattern or null), "general": desc, "types":
      [desc, ...]}, where a desc is [possible lengths, pattern]; a number is valid when the
      first region that claims it (leading digits, or else any type matching) has a type
      that matches it in full (phonenumbers.is_valid_number);
    - "lengths", "local_lengths": GB's possible national number lengths (for stripping the
      trunk prefix, as phonenumbers.parse does); "national_prefix": GB's prefix pattern
      ("0|180020"); "idd": GB's international prefix ("00");
    - "short": [general desc, short-code desc] of GB's short numbers (116 123, 111);
    - "country_codes": every country calling code, so "00 33 ..." reads as France;
    - "relay", "drama", "placeholder", "placeholders": this module's own rules.
    """
    gb: Any = PhoneMetadata.metadata_for_region(REGION)
    short: Any = PhoneMetadata.short_metadata_for_region(REGION)
    regions = []
    for code in phonenumbers.region_codes_for_country_code(44):
        meta: Any = PhoneMetadata.metadata_for_region(code)
        types = [d for d in (_desc(getattr(meta, t)) for t in _TYPES) if d is not None]
        regions.append(
            {
                "region": code,
                "leading": meta.leading_digits,
                "general": _desc(meta.general_desc),
                "types": types,
            }
        )
    return {
        "regions": regions,
        "lengths": list(gb.general_desc.possible_length),
        "local_lengths": list(gb.general_desc.possible_length_local_only),
        "national_prefix": gb.national_prefix_for_parsing,
        "idd": gb.international_prefix,
        "short": [_desc(short.general_desc), _desc(short.short_code)],
        "country_codes": sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE),
        "relay": _RELAY.pattern,
        "drama": DRAMA.pattern,
        "placeholder": _PLACEHOLDER.pattern,
        "placeholders": list(PLACEHOLDERS),
    }
