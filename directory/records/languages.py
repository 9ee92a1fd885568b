"""Language names and codes -> one language, from ISO 639 through `pycountry`.

A record may name a language in English ("Tamil", "British Sign Language") or by its ISO 639-1
or 639-3 code ("ta", "bfi"); the site shows the name and Open Referral UK gets the code
(`language.code`, ISO 639). The ISO 639-3 names are the standard's own; where residents know
a language by another English name (Farsi, Punjabi, BSL, Cantonese), the few names below say
so. Nothing is downloaded: pycountry ships the ISO 639-3 table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import pycountry

# Names residents use that are not the ISO 639-3 name -> its code.
ALSO_KNOWN_AS = {
    "bsl": "bfi",
    "farsi": "fas",
    "punjabi": "pan",
    "pashto": "pus",
    "nepali": "nep",
    "greek": "ell",
    "malay": "msa",
    "cantonese": "yue",
    "mandarin": "cmn",
    "swahili": "swa",
    "kurdish sorani": "ckb",
    "sorani": "ckb",
    "kurmanji": "kmr",
    "dari": "prs",
    "irish gaelic": "gle",
    "scots gaelic": "gla",
    "scottish gaelic": "gla",
    "romani": "rom",
    # Spoken by many families from Azad Kashmir in Lancashire and Yorkshire; ISO 639-3 counts
    # it as Pahari-Potwari.
    "mirpuri": "phr",
    "potwari": "phr",
}
# ISO 639-3 names shown in the words residents use.
SHOWN_AS = {
    "pan": "Punjabi",
    "pus": "Pashto",
    "ell": "Greek",
    "yue": "Cantonese",
    "cmn": "Mandarin",
    "ckb": "Kurdish (Sorani)",
    "kmr": "Kurdish (Kurmanji)",
    "gla": "Scottish Gaelic",
    "phr": "Mirpuri (Pahari-Potwari)",
}
_SHOWN_CODES = {name.lower(): code for code, name in SHOWN_AS.items()}
_QUALIFIER = re.compile(r"\s*\((?:macrolanguage|individual language)\)$")


@dataclass(frozen=True)
class Language:
    """name: in English, as the site shows it ("Tamil"); code: ISO 639-3 ("tam");
    alpha_2: ISO 639-1 where the language has one ("ta"), else ""."""

    name: str
    code: str
    alpha_2: str

    def __str__(self) -> str:
        return self.name


@functools.lru_cache(maxsize=4096)
def find(text: str) -> Language | None:
    """A language by English name or ISO 639 code (case and spaces ignored), or None."""
    key = " ".join(text.split()).lower()
    if not key or len(key) > 80:
        return None
    languages = pycountry.languages
    record = None
    # "Ari" is a language's name and "ari" another's code: a capitalised word is a name.
    named = text.strip()[:1].isupper() and not text.strip().isupper()
    if named and key in _by_name():
        record = _by_name()[key]
    elif key in ALSO_KNOWN_AS:
        record = languages.get(alpha_3=ALSO_KNOWN_AS[key])
    elif key in _SHOWN_CODES:  # the name the site shows reads back to the same language
        record = languages.get(alpha_3=_SHOWN_CODES[key])
    elif len(key) == 2:
        record = languages.get(alpha_2=key)
    elif len(key) == 3:
        record = languages.get(alpha_3=key)
    if record is None:
        record = _by_name().get(key)
    if record is None:
        return None
    code = record.alpha_3
    # Without "(macrolanguage)" where that name is this language's alone.
    short = _QUALIFIER.sub("", record.name)
    name = SHOWN_AS.get(code) or (short if _by_name().get(short.lower()) is record else record.name)
    return Language(name, code, getattr(record, "alpha_2", ""))


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, Any]:
    """Lowercase English name (without "(macrolanguage)") -> pycountry record. Living
    languages first, so a name shared with a historic language finds the living one."""
    out: dict[str, Any] = {}
    ranked = sorted(pycountry.languages, key=lambda r: getattr(r, "type", "") != "L")
    for record in ranked:
        names = [
            record.name,
            getattr(record, "common_name", ""),
            getattr(record, "inverted_name", ""),
        ]
        for name in names:
            if name:
                out.setdefault(name.lower(), record)
                out.setdefault(_QUALIFIER.sub("", name).lower(), record)
    return out


find_language = find


def browser_names() -> dict[str, list[str]]:
    """What the suggest form needs to accept exactly the languages find() accepts, written at
    build time to suggest/languages.json: {"names": every lowercase name find() knows (ISO
    639-3 names, common and inverted names, ALSO_KNOWN_AS, SHOWN_AS), "codes": every ISO
    639-1 and 639-3 code}. A text is a language when its lowercase form, spaces collapsed, is
    a name, or has 2 or 3 letters and is a code."""
    names = set(_by_name()) | set(ALSO_KNOWN_AS) | set(_SHOWN_CODES)
    codes = {r.alpha_3 for r in pycountry.languages}
    codes |= {r.alpha_2 for r in pycountry.languages if getattr(r, "alpha_2", "")}
    return {"names": sorted(names), "codes": sorted(codes)}


def suggestions(text: str) -> list[str]:
    """Up to three language names close to text, for a "did you mean"."""
    import difflib

    names = list(_by_name()) + list(ALSO_KNOWN_AS)
    return [
        n.title() for n in difflib.get_close_matches(text.lower().strip(), names, n=3, cutoff=0.8)
    ]
