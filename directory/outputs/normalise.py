"""Text normalisation for search: one definition, run on service text when the index is built
(here) and on what a resident types when they search (its twin, static/normalise.js).

What people type differs from what records say in ways that should not matter, so both sides
are brought to one form before lunr sees them (tests/test_normalise.py checks the two twins
give the same result for every character Python's Unicode database knows):

1. Characters nobody can see are dropped: soft hyphens, zero-width spaces and joiners,
   direction marks, variation selectors, tag characters.
2. Unicode NFKC: the different characters phones and word processors type for the same letter
   or mark become one (full-width ``ｃａｆｅ``, ligatures ``ﬁ``, superscripts, non-breaking
   spaces).
3. Lower case, then accents and other diacritics are taken off (``café`` -> ``cafe``,
   ``Zoë`` -> ``zoe``); letters with no decomposition are spelt out (``ß`` -> ``ss``,
   ``æ`` -> ``ae``, ``ø`` -> ``o``, ``ł`` -> ``l``).
4. Curly and other apostrophes become ``'``; every dash becomes ``-``.
5. A UK postcode is written one way however it was typed: ``PR1 8UH``, ``pr18uh`` and
   ``PR1  8UH`` all become ``pr18uh`` (its outward code ``pr1`` is indexed separately with
   a service's places).
6. A possessive ``'s`` is dropped (``Mary's`` -> ``mary``); other apostrophes join
   (``O'Neill`` -> ``oneill``, ``don't`` -> ``dont``).
7. Every other character that is not a letter, number, mark or hyphen separates words:
   ``parent/carer``, ``macramé/embroidery``, ``tea&cake``, ``“quoted”``.

Hyphens are where the two sides differ on purpose. In the index a hyphenated word is
indexed as its parts and joined (``drop-in`` -> ``drop``, ``in``, ``dropin``), so a search
for ``drop in``, ``drop-in`` or ``dropin`` finds it; in a query a hyphenated word is looked up
joined (``drop-in`` -> ``dropin``), so that a record saying ``dropin`` is found too, and
when that finds nothing, as its parts (a record saying ``drop in``).

Words written apart or together are the other such difference (``food bank`` and
``Foodbank``, ``bike kitchen`` and ``bikekitchen``), handled on the query side only, so the
index does not grow: a search of several words is also looked up with each two neighbouring
words joined (:func:`query_joins`: ``food bank`` -> ``foodbank``) and the results put
together; and when a search finds nothing, a long word is tried split in two where both
halves are words of the index (:func:`query_splits` gives the candidates, the browser keeps
those whose halves are in the shard's word list: ``foodbank`` -> ``food bank``). Only words
of letters are joined or split, never across a stop word or a number. (Indexing names with
neighbouring words joined was measured on the 10,000-service county: 75% more distinct
terms, 15% more search bytes, 2.6 KB more before the first result.)

Stop words are lunr's English list less the words residents search with (``after`` school
club, ``off``, ``may``, ``am``); they are dropped on both sides. Terms are then stemmed by
lunr.js's stemmer (:func:`directory.outputs.lunr_compat.js_stem` in Python, lunr's own pipeline in
the browser).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from directory.outputs.lunr_compat import STOP_WORDS as LUNR_STOP_WORDS
from directory.outputs.lunr_compat import js_stem

__all__ = [
    "KEPT_WORDS",
    "STOP_WORDS",
    "fold",
    "index_terms",
    "index_tokens",
    "is_postcode",
    "query_joins",
    "query_splits",
    "query_tokens",
]

# Words in lunr's stop list that residents search with.
KEPT_WORDS = frozenset({"after", "am", "may", "off", "able"})
STOP_WORDS = frozenset(LUNR_STOP_WORDS - KEPT_WORDS)

# Default-ignorable characters that turn up in pasted or typed text (a subset of Unicode's
# Default_Ignorable_Code_Point: the ones with no visible effect on Latin text).
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
# The combining diacritical mark blocks: what is left of accents after NFD.
_DIACRITIC_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
_LETTERS_RE = re.compile("[" + "".join(_LETTERS) + "]")
_APOSTROPHE_RE = re.compile("[\u2018\u2019\u201b\u02bb\u02bc\u2032]")
_DASH_RE = re.compile("[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
# A UK postcode: outward code (area letters, district digit, an optional digit or letter),
# optional spaces, inward code (a digit and two letters), standing alone.
POSTCODE_PATTERN = r"(?<![a-z0-9])([a-z]{1,2}[0-9][a-z0-9]?) *([0-9][a-z]{2})(?![a-z0-9])"
_POSTCODE_RE = re.compile(POSTCODE_PATTERN)
_FULL_POSTCODE_RE = re.compile(r"[a-z]{1,2}[0-9][a-z0-9]?[0-9][a-z]{2}")
_ASCII_POSSESSIVE_RE = re.compile(r"'s(?![a-z0-9])")
_ASCII_OTHER_RE = re.compile(r"[^a-z0-9\-]+")


@functools.cache
def _other_class() -> str:
    """Every character that is not a letter, number, mark or hyphen (Unicode categories
    L*, N*, M*), as a regex character class: JavaScript's [^\\p{L}\\p{N}\\p{M}-] (made once,
    on the first text that is not ASCII)."""
    ranges: list[str] = []
    start = None
    for cp in range(0x110001):
        other = cp < 0x110000 and (
            0xD800 <= cp <= 0xDFFF or (cp != 0x2D and unicodedata.category(chr(cp))[0] not in "LNM")
        )
        if other and start is None:
            start = cp
        elif not other and start is not None:
            ranges.append(re.escape(chr(start)) + "-" + re.escape(chr(cp - 1)))
            start = None
    return "".join(ranges)


@functools.cache
def _unicode_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a run of separating characters, a possessive 's that ends a word)."""
    other = _other_class()
    return re.compile(f"[{other}]+"), re.compile(f"'s(?=\\Z|[{other}-])")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Text in the one form search compares: lower case, no accents, words separated by single
    spaces, hyphens kept (see the module docstring for each step)."""
    if text.isascii():
        s = text.lower()
    else:
        s = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)).lower()
        s = unicodedata.normalize("NFC", _DIACRITIC_RE.sub("", unicodedata.normalize("NFD", s)))
        s = _LETTERS_RE.sub(lambda m: _LETTERS[m.group()], s)
        s = _DASH_RE.sub("-", _APOSTROPHE_RE.sub("'", s))
    s = _POSTCODE_RE.sub(r"\1\2", s)
    other, possessive = (_ASCII_OTHER_RE, _ASCII_POSSESSIVE_RE) if s.isascii() else _unicode_res()
    s = possessive.sub("", s).replace("'", "")
    return " ".join(other.sub(" ", s).split())


def _parts(word: str) -> list[str]:
    return [p for p in word.split("-") if p]


_LETTERS_ONLY_RE = re.compile(r"[a-z]{2,}")


def _joinable(word: str) -> bool:
    return word not in STOP_WORDS and _LETTERS_ONLY_RE.fullmatch(word) is not None


def index_tokens(text: str) -> list[str]:
    """The words a record's text is indexed under: hyphenated words as parts and joined."""
    out: list[str] = []
    for word in fold(text).split(" "):
        parts = _parts(word)
        out += parts
        if len(parts) > 1:
            out.append("".join(parts))
    return [w for w in out if w not in STOP_WORDS]


def query_joins(text: str) -> list[list[str]]:
    """The search's words again with one pair of neighbours joined, for each such pair:
    "food bank club" -> [["foodbank", "club"], ["food", "bankclub"]]. Neighbours are the
    words as typed: a stop word between two words keeps them apart."""
    words = ["".join(_parts(w)) for w in fold(text).split(" ")]
    words = [w for w in words if w]
    out = []
    for i in range(len(words) - 1):
        if _joinable(words[i]) and _joinable(words[i + 1]):
            joined = [*words[:i], words[i] + words[i + 1], *words[i + 2 :]]
            out.append([w for w in joined if w not in STOP_WORDS])
    return out


# The shortest half a split may leave: "foodbank" -> "food" + "bank", never "f" + "oodbank".
SPLIT_MIN = 3


def query_splits(text: str) -> list[list[str]]:
    """The search's words again with one word split in two, for each word of letters long
    enough and each place it could split: "foodbank" -> [["foo", "dbank"], ["food", "bank"],
    ["foodb", "ank"]]. The browser keeps the candidates whose halves are both words of the
    index (its word list), so only real halves are looked up."""
    words = query_tokens(text)
    out = []
    for i, word in enumerate(words):
        if not _joinable(word):
            continue
        for cut in range(SPLIT_MIN, len(word) - SPLIT_MIN + 1):
            halves = [h for h in (word[:cut], word[cut:]) if h not in STOP_WORDS]
            if len(halves) == 2:
                out.append([*words[:i], *halves, *words[i + 1 :]])
    return out


def query_tokens(text: str, *, split: bool = False) -> list[str]:
    """The words a search is looked up by: hyphenated words joined, or (``split``, tried when
    the joined form finds nothing) as their parts."""
    out: list[str] = []
    for word in fold(text).split(" "):
        out += _parts(word) if split else ["".join(_parts(word))]
    return [w for w in out if w and w not in STOP_WORDS]


def index_terms(text: str) -> list[str]:
    """index_tokens, stemmed as lunr.js stems: the terms a field is indexed under."""
    return [js_stem(t) for t in index_tokens(text)]


def is_postcode(token: str) -> bool:
    """Whether a query token is a full UK postcode in the folded form (``pr18uh``)."""
    return _FULL_POSTCODE_RE.fullmatch(token) is not None
