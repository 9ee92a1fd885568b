"""Build search indexes in Python with lunr.py that behave exactly like lunr.js 2.3.9 ones.

The site's index is built here with the ``lunr`` package (lunr.py 0.8.0) and searched in the
browser by lunr.js 2.3.9. Out of the box the two disagree in ways that lose results or stop the
index loading at all; ``tests/test_lunr_parity.py`` checks each point below against Node:

* Stemmer: lunr.py ports a different Porter implementation (``key`` -> ``kei``, ``tuesday`` ->
  ``tuesdai``, ``try`` -> ``try``; lunr.js keeps ``key``/``tuesday`` and gives ``tri``). The
  browser stems queries with lunr.js, so such words could never be found. :func:`js_stem` is a
  line-for-line port of lunr.js's regular-expression stemmer, run on UTF-16 code units.
* Tokenizer: lunr.js splits on JavaScript ``\\s`` and ``-``; lunr.py only on ASCII whitespace,
  NBSP and ``-`` (not U+3000, U+202F, U+2028, U+2000-U+200A, ...). lunr.py also turns list
  items that are 0 or False into "" and formats numbers the Python way (``1.0``, ``True``).
* Trimmer: lunr.js strips ASCII ``\\W`` from token ends (``café`` -> ``caf``, ``—`` -> ``""``);
  lunr.py strips Unicode ``\\W`` and only when the word characters are contiguous (``a.b.``
  kept whole, ``—`` kept).
* Term order: lunr.py sorts the inverted index by code point, lunr.js by UTF-16 code unit;
  ``lunr.Index.load`` requires code-unit order and throws "Out of order word insertion" when a
  term with a character above U+FFFF (emoji, 𝐛old) sorts against one in U+E000-U+FFFF (ﬁ).
* Term weights: lunr.py rounds with ``round(x, 3)`` (0.0045 -> 0.004), lunr.js with
  ``Math.round(x*1000)/1000`` (0.005); and Python's ``math.log`` differs from V8's ``Math.log``
  by an ulp for ~7% of idf arguments. :func:`js_round3` and :func:`js_log` (fdlibm) copy JS.
* JSON: Python may emit ``NaN`` (JSON.parse rejects it) and lone surrogates (invalid UTF-8).

The fix keeps the package unforked and unpatched. :func:`index_terms` does lunr.js's tokenizer
and index pipeline in Python and hands each field's finished terms to a
:class:`lunr.builder.Builder` subclass that weights them as lunr.js does. Its search pipeline
holds our stemmer under the label "stemmer", so the index says ``"pipeline": ["stemmer"]``,
which lunr.js resolves to its own stemmer: the browser needs nothing but lunr.js itself.

Two token-cleaning modes (index side only; the browser never runs them):

``trimmer="lunr"``
    Exactly lunr.js's default pipeline (trimmer, stopWordFilter, stemmer): the same index
    ``lunr(function () {...})`` builds in JavaScript, including its quirks: accented letters at
    a word's edge are cut off (``café`` -> ``caf``, so "café" cannot be found) and
    punctuation-only tokens become the empty term ``""``.
``trimmer="unicode"`` (default)
    As above, but the trimmer is :data:`UNICODE_TRIMMER_JS`: NFC, strip characters that are not
    Unicode letters, numbers, marks or ``_`` from both ends, drop a possessive ``'s``/``’s``, and
    drop tokens left empty. "café", "Zoë" and "Mary's" (as "mary") are then findable. A lunr.js
    builder using the same function produces the same index (tested).

As in lunr.js, a list field is not split: each item is one token, so a category "older people"
becomes the single term "older people", which no ordinary query matches; join a list into a
string to index its words.

Known limits: lowercasing uses Python's ``str.lower`` and the unicode trimmer Python's Unicode
database (14.0 on 3.11), which match JavaScript except for characters assigned in later Unicode
versions. Queries are processed by lunr.js alone: only lowercasing and stemming, no trimming or
stop-word removal, so the page should clean query words itself before searching ("Zoë's," is
looked up as "zoë',"; "+the" matches nothing).
"""

from __future__ import annotations

import functools
import json
import math
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.stop_word_filter import WORDS as LUNR_STOP_WORDS
from lunr.token import Token
from lunr.vector import Vector

__all__ = [
    "LUNR_JS_VERSION",
    "STOP_WORDS",
    "UNICODE_TRIMMER_JS",
    "UNICODE_TRIMMER_LABEL",
    "Trimmer",
    "build_index",
    "dumps",
    "index_terms",
    "js_log",
    "js_number_to_string",
    "js_round3",
    "js_stem",
    "js_tokenize",
    "lunr_trim",
    "unicode_trim",
    "utf16_key",
]

LUNR_JS_VERSION = "2.3.9"

Trimmer = Literal["lunr", "unicode"]

# lunr.py's list is the same as lunr.js's 119 words (checked against lunr.js in the tests).
STOP_WORDS: frozenset[str] = frozenset(LUNR_STOP_WORDS)

# ECMAScript WhiteSpace + LineTerminator (what /\s/ matches; Zs is stable since Unicode 6.3)
# plus the hyphen: lunr.tokenizer.separator is /[\s\-]+/.
_JS_WHITESPACE = (
    "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_SEPARATOR_RE = re.compile("[" + re.escape(_JS_WHITESPACE + "-") + "]+")

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
# Escaped in the JSON text: lone surrogates cannot be encoded as UTF-8, U+2028/U+2029 end a
# line inside an old JS string literal and "<" could close a <script> the index is inlined in.
_JSON_ESCAPE_RE = re.compile("[\ud800-\udfff\u2028\u2029<]")

# Property names of Object.prototype: lunr.js's builder keeps per-field tallies in plain
# objects, so a field with one of these names gets NaN averages in a JS-built index.
_OBJECT_PROTOTYPE_NAMES = frozenset(
    {
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
    }
)
_ARRAY_INDEX_RE = re.compile(r"0|[1-9][0-9]*")

UNICODE_TRIMMER_LABEL = "lunrCompatUnicodeTrimmer"

# The JavaScript twin of unicode_trim as a lunr pipeline function; the parity tests register it
# in a lunr.js builder. The page may reuse it to clean query words the same way.
UNICODE_TRIMMER_JS = r"""function (token) {
  var word = /[^\p{L}\p{N}\p{M}_]+$/u
  var s = token.toString().normalize('NFC').replace(/^[^\p{L}\p{N}\p{M}_]+/u, '').replace(word, '')
  if (/['\u2019\u02bc]s$/.test(s)) s = s.slice(0, -2).replace(word, '')
  if (s === '') return undefined
  return token.update(function () { return s })
}"""


# --- strings as JavaScript sees them -------------------------------------------------------


def _join_surrogates(s: str) -> str:
    """Join surrogate pairs stored as two code points, as a JS string would; keep lone ones."""
    if not _SURROGATE_RE.search(s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _surrogate_pair(m: re.Match[str]) -> str:
    o = ord(m.group()) - 0x10000
    return chr(0xD800 + (o >> 10)) + chr(0xDC00 + (o & 0x3FF))


def _to_code_units(s: str) -> str:
    """Split characters above U+FFFF into surrogate pairs, so regexes see UTF-16 like JS does."""
    if s.isascii():
        return s
    return _ASTRAL_RE.sub(_surrogate_pair, s)


def utf16_key(s: str) -> bytes:
    """Sort key giving JavaScript's default string order (by UTF-16 code unit)."""
    return s.encode("utf-16-be", "surrogatepass")


def js_number_to_string(x: float) -> str:
    """``Number.prototype.toString()`` of a float (ECMAScript Number::toString, radix 10)."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    # repr gives the shortest digits that round-trip, as JS does; only the layout differs.
    d = Decimal(repr(abs(x))).normalize()
    _, digit_tuple, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(map(str, digit_tuple))
    k = len(digits)
    n = exponent + k  # the value is 0.digits * 10**n
    sign = "-" if x < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + mantissa + ("e+" if e >= 0 else "e-") + str(abs(e))


def _js_string(value: Any, *, in_list: bool = False) -> str:
    """What lunr.js turns a field value (or a list item) into before lowercasing it."""
    if value is None:
        return ""  # lunr.utils.asString(null); a None field is handled by the caller
    if isinstance(value, str):
        return _join_surrogates(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 2**53 else js_number_to_string(float(value))
    if isinstance(value, float):
        return js_number_to_string(value)
    where = "a list item" if in_list else "a field value"
    raise TypeError(f"cannot index {type(value).__name__} as {where}: use str, number or bool")


def js_tokenize(value: Any) -> list[str]:
    """Tokens ``lunr.tokenizer`` makes of a field value: lowercased; lists are not split."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [_js_string(item, in_list=True).lower() for item in value]
    return [t for t in _SEPARATOR_RE.split(_js_string(value).lower()) if t]


# --- the Porter stemmer of lunr.js ---------------------------------------------------------

# JS "." excludes \n, \r, U+2028 and U+2029; Python's only excludes \n. JS "$" (no m flag) is
# the very end; Python's "$" also matches before a final "\n", so "\Z" is used instead.
_ANY = "[^\n\r\u2028\u2029]"
_c = "[^aeiou]"
_v = "[aeiouy]"
_C = _c + "[^aeiouy]*"
_V = _v + "[aeiou]*"
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + r")?\Z")
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)
_S_V = re.compile("^(" + _C + ")?" + _v)
_RE_1A = re.compile(rf"^({_ANY}+?)(ss|i)es\Z")
_RE2_1A = re.compile(rf"^({_ANY}+?)([^s])s\Z")
_RE_1B = re.compile(rf"^({_ANY}+?)eed\Z")
_RE2_1B = re.compile(rf"^({_ANY}+?)(ed|ing)\Z")
_RE_LAST = re.compile(rf"{_ANY}\Z")
_RE2_1B_2 = re.compile(r"(at|bl|iz)\Z")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1\Z")
_CVC = re.compile("^" + _C + _v + r"[^aeiouwxy]\Z")
_RE_1C = re.compile(rf"^({_ANY}+?[^aeiou])y\Z")
_RE_2 = re.compile(
    rf"^({_ANY}+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator"
    r"|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)\Z"
)
_RE_3 = re.compile(rf"^({_ANY}+?)(icate|ative|alize|iciti|ical|ful|ness)\Z")
_RE_4 = re.compile(
    rf"^({_ANY}+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)\Z"
)
_RE2_4 = re.compile(rf"^({_ANY}+?)(s|t)(ion)\Z")
_RE_5 = re.compile(rf"^({_ANY}+?)e\Z")
_RE_5_1 = re.compile(r"ll\Z")
_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}


@functools.lru_cache(maxsize=1 << 17)
def js_stem(word: str) -> str:
    """``lunr.stemmer`` of lunr.js 2.3.9, step for step (see its porterStemmer)."""
    w = _to_code_units(word)
    if len(w) < 3:  # JS counts UTF-16 code units: "😀s" (3 units) is stemmed to "😀"
        return word
    first_y = w[0] == "y"
    if first_y:
        w = "Y" + w[1:]

    if (m := _RE_1A.match(w)) or (m := _RE2_1A.match(w)):  # step 1a
        w = m[1] + m[2]

    if m := _RE_1B.match(w):  # step 1b
        if _MGR0.match(m[1]):
            w = _RE_LAST.sub("", w, count=1)
    elif m := _RE2_1B.match(w):
        stem = m[1]
        if _S_V.match(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = _RE_LAST.sub("", w, count=1)
            elif _CVC.match(w):
                w += "e"

    if m := _RE_1C.match(w):  # step 1c
        w = m[1] + "i"

    if (m := _RE_2.match(w)) and _MGR0.match(m[1]):  # step 2
        w = m[1] + _STEP2[m[2]]

    if (m := _RE_3.match(w)) and _MGR0.match(m[1]):  # step 3
        w = m[1] + _STEP3[m[2]]

    if m := _RE_4.match(w):  # step 4
        if _MGR1.match(m[1]):
            w = m[1]
    elif (m := _RE2_4.match(w)) and _MGR1.match(m[1] + m[2]):
        w = m[1] + m[2]

    if m := _RE_5.match(w):  # step 5
        stem = m[1]
        if _MGR1.match(stem) or (_MEQ1.match(stem) and not _CVC.match(stem)):
            w = stem
    if _RE_5_1.search(w) and _MGR1.match(w):
        w = _RE_LAST.sub("", w, count=1)

    if first_y:
        w = "y" + w[1:]
    return _join_surrogates(w)


# --- trimmers ------------------------------------------------------------------------------

_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_APOSTROPHES = frozenset("'\u2019\u02bc")


def _strip(s: str, keep: Callable[[str], bool], *, leading: bool = True) -> str:
    # Walks in from the ends rather than using regexes: r"\W+$" backtracks quadratically on a
    # long run of symbols, and one pasted line of emoji should not stall a build.
    start, end = 0, len(s)
    while leading and start < end and not keep(s[start]):
        start += 1
    while end > start and not keep(s[end - 1]):
        end -= 1
    return s[start:end]


def lunr_trim(s: str) -> str:
    """``lunr.trimmer``: strip ASCII non-word characters from both ends (``café`` -> ``caf``)."""
    return _strip(s, _ASCII_WORD.__contains__)


@functools.lru_cache(maxsize=4096)
def _is_unicode_word_char(ch: str) -> bool:
    return ch == "_" or unicodedata.category(ch)[0] in "LNM"


def unicode_trim(s: str) -> str:
    """The Python twin of :data:`UNICODE_TRIMMER_JS` (returns "" where that drops the token)."""
    s = _strip(unicodedata.normalize("NFC", s), _is_unicode_word_char)
    if len(s) >= 2 and s[-1] == "s" and s[-2] in _APOSTROPHES:
        s = _strip(s[:-2], _is_unicode_word_char, leading=False)
    return s


# --- the index pipeline ------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 18)
def _lunr_term(token: str) -> str | None:
    # lunr.trimmer, lunr.stopWordFilter, lunr.stemmer; an emptied token stays, as "".
    s = lunr_trim(token)
    return None if s in STOP_WORDS else js_stem(s)


@functools.lru_cache(maxsize=1 << 18)
def _unicode_term(token: str) -> str | None:
    # UNICODE_TRIMMER_JS, lunr.stopWordFilter, lunr.stemmer.
    s = unicode_trim(token)
    return None if not s or s in STOP_WORDS else js_stem(s)


def index_terms(value: Any, trimmer: Trimmer = "unicode") -> list[str]:
    """The terms lunr.js's tokenizer and index pipeline make of one field value."""
    term = _lunr_term if trimmer == "lunr" else _unicode_term
    return [t for token in js_tokenize(value) if (t := term(token)) is not None]


def _stem_update(s: str, metadata: Any = None) -> str:
    return js_stem(s)


def _stemmer(token: Token, i: int | None = None, tokens: Any = None) -> Token:
    return token.update(_stem_update)


# lunr.py serializes a pipeline as its functions' labels. lunr.js loads "stemmer" as its own
# lunr.stemmer, so the search pipeline written to the index is ["stemmer"] as in a JS-built
# one. Setting the attribute, rather than Pipeline.register_function, leaves lunr.py's global
# registry (and lunr.py's own stemmer) untouched.
_stemmer.label = "stemmer"  # type: ignore[attr-defined]


# --- the builder ---------------------------------------------------------------------------


def js_round3(x: float) -> float:
    """``Math.round(x * 1000) / 1000``: ties go up; ``round(0.0045, 3)`` is 0.004, JS's 0.005."""
    y = x * 1000
    r = math.floor(y)
    if y - r >= 0.5:
        r += 1
    return r / 1000


# fdlibm's __ieee754_log, which V8 (and SpiderMonkey) use for Math.log. Python's math.log is
# glibc's and differs from it by one ulp for about 7% of lunr's idf arguments; after rounding
# to 3 decimals that rarely shows, but this way the weights are the ones lunr.js computes.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_LG1, _LG2, _LG3, _LG4, _LG5, _LG6, _LG7 = (
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
)


def js_log(x: float) -> float:
    """``Math.log`` as V8 computes it (fdlibm), for positive normal numbers."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    hx, lx = bits >> 32, bits & 0xFFFFFFFF
    if hx < 0x00100000 or hx >= 0x7FF00000:  # zero, negative, subnormal, inf, nan: unused
        return math.log(x) if 0 < x < math.inf else math.nan
    k = (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000
    x = struct.unpack("<d", struct.pack("<q", ((hx | (i ^ 0x3FF00000)) << 32) | lx))[0]
    k += i >> 20
    f = x - 1.0
    dk = float(k)
    if (0x000FFFFF & (2 + hx)) < 3:  # |f| < 2**-20
        if f == 0.0:
            return dk * _LN2_HI + dk * _LN2_LO if k else 0.0
        r = f * f * (0.5 - 0.33333333333333333 * f)
        return dk * _LN2_HI - ((r - dk * _LN2_LO) - f) if k else f - r
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    r = t2 + t1
    if ((hx - 0x6147A) | (0x6B851 - hx)) > 0:
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return dk * _LN2_HI - ((hfsq - (s * (hfsq + r) + dk * _LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * _LN2_HI - ((s * (f - r) - dk * _LN2_LO) - f)


def _js_idf(posting: Mapping[str, Any], document_count: int) -> float:
    """lunr.idf, with Math.log."""
    with_term = sum(len(docs) for field, docs in posting.items() if field != "_index")
    x = (document_count - with_term + 0.5) / (with_term + 0.5)
    return js_log(1 + abs(x))


class _JsCompatibleBuilder(Builder):
    """lunr.py's Builder weighting terms exactly as lunr.js does; no TokenSet (only JS searches)."""

    def term_weights(self) -> Iterator[tuple[str, str, list[tuple[str, float]]]]:
        """(field, doc ref, [(term, weight), ...]) for every field of every document: the
        weights lunr.Builder#createFieldVectors computes, by the same formula in the same
        operation order. (Written for speed: this is most of the time of building an index.)
        """
        self._calculate_average_field_lengths()
        idf_cache: dict[str, float] = {}
        k1, b = self._k1, self._b
        inverted = self.inverted_index
        document_count = self.document_count
        boosts = {name: field.boost for name, field in self._fields.items()}
        floor = math.floor
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            field_name, doc_ref = field_ref.split(FieldRef.JOINER, 1)
            if not term_frequencies:
                yield field_name, doc_ref, []
                continue
            norm = k1 * (
                1 - b + b * (self.field_lengths[field_ref] / self.average_field_length[field_name])
            )
            field_boost = boosts[field_name]
            doc_boost = self._documents[doc_ref].get("boost") or 1
            weights = []
            for term, tf in term_frequencies.items():
                idf = idf_cache.get(term)
                if idf is None:
                    idf = idf_cache[term] = _js_idf(inverted[term], document_count)
                score = idf * ((k1 + 1) * tf) / (norm + tf)
                score *= field_boost
                score *= doc_boost
                # js_round3, inline.
                y = score * 1000
                r = floor(y)
                if y - r >= 0.5:
                    r += 1
                weights.append((term, r / 1000))
            yield field_name, doc_ref, weights

    def _create_field_vectors(self) -> None:
        inverted = self.inverted_index
        field_vectors: dict[str, Vector] = {}
        for field_name, doc_ref, weights in self.term_weights():
            pairs = sorted((inverted[term]["_index"], w) for term, w in weights)
            # [index, weight, index, weight, ...] by index, as Vector.insert would leave it.
            field_vectors[field_name + FieldRef.JOINER + doc_ref] = Vector(
                [x for pair in pairs for x in pair]
            )
        self.field_vectors = field_vectors

    def _create_token_set(self) -> None:
        self.token_set = None  # lunr.Index.load rebuilds it in the browser

    def add_terms(self, doc_ref: str, terms_by_field: Mapping[str, list[str]]) -> None:
        """Builder.add for a document whose terms are already made (the pipeline is empty).

        The same bookkeeping as lunr.py's add, in the same order (a term's `_index` is the
        order it was first seen in), without a Token object per word.
        """
        self._documents[doc_ref] = {}
        self.document_count += 1
        inverted = self.inverted_index
        field_names = list(self._fields)
        for field_name in field_names:
            terms = terms_by_field[field_name]
            field_ref = field_name + FieldRef.JOINER + doc_ref
            frequencies: dict[str, int] = {}
            for term in terms:
                frequencies[term] = frequencies.get(term, 0) + 1
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = len(terms)
            for term in frequencies:
                posting = inverted.get(term)
                if posting is None:
                    posting = {name: {} for name in field_names}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted[term] = posting
                posting[field_name][doc_ref] = {}


def _check_fields(fields: Sequence[tuple[str, float]]) -> None:
    seen: set[str] = set()
    for name, boost in fields:
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(f"field name {name!r} must be a non-empty string without '/'")
        if name == "_index" or name in _OBJECT_PROTOTYPE_NAMES:
            raise ValueError(f"field name {name!r} clashes with lunr's own keys")
        if _ARRAY_INDEX_RE.fullmatch(name):
            # JS orders integer-like keys first, so field order (and term ids) would differ.
            raise ValueError(f"field name {name!r} must not look like an integer")
        if name in seen:
            raise ValueError(f"field {name!r} given twice")
        if isinstance(boost, bool) or not isinstance(boost, (int, float)):
            raise TypeError(f"boost of {name!r} must be a number")
        if not (math.isfinite(boost) and boost > 0):
            raise ValueError(f"boost of {name!r} must be positive (lunr.js treats 0 as 1)")
        seen.add(name)


def build_index(
    documents: Iterable[Mapping[str, Any]],
    ref: str,
    fields: Sequence[tuple[str, float]],
    *,
    trimmer: Trimmer = "unicode",
    b: float = 0.75,
    k1: float = 1.2,
) -> dict[str, Any]:
    """Build a serialized lunr index (the JSON ``lunr.Index.load`` takes) with lunr.py.

    ``documents`` are mappings with a unique string ``ref`` and, per field, a string, a number,
    a bool, None/missing, or a list of those (each item is one token, as in lunr.js).
    ``fields`` is ``[(name, boost), ...]`` in the order lunr.js would be given them.
    """
    if trimmer not in ("lunr", "unicode"):
        raise ValueError(f"trimmer must be 'lunr' or 'unicode', not {trimmer!r}")
    fields = list(fields)
    _check_fields(fields)

    refs: set[str] = set()
    prepared: list[tuple[str, dict[str, list[str]]]] = []
    for document in documents:
        doc_ref = document.get(ref)
        if not isinstance(doc_ref, str):
            raise TypeError(f"document ref {ref!r} must be a string, got {doc_ref!r}")
        doc_ref = _join_surrogates(doc_ref)
        if doc_ref in refs:
            raise ValueError(f"duplicate document ref {doc_ref!r}")
        refs.add(doc_ref)
        prepared.append((doc_ref, document_terms(document, fields, trimmer)))
    return build_index_from_terms(prepared, fields, b=b, k1=k1)


def document_terms(
    document: Mapping[str, Any], fields: Sequence[tuple[str, float]], trimmer: Trimmer = "unicode"
) -> dict[str, list[str]]:
    """The terms of each field of one document: the costly part of indexing, done once per
    document even when it goes into several indexes (see build_index_from_terms)."""
    return {name: index_terms(document.get(name), trimmer) for name, _ in fields}


def build_index_from_terms(
    documents: Iterable[tuple[str, Mapping[str, list[str]]]],
    fields: Sequence[tuple[str, float]],
    *,
    b: float = 0.75,
    k1: float = 1.2,
) -> dict[str, Any]:
    """build_index for documents whose terms are already made: [(ref, {field: terms})].

    Refs must be unique strings. build_index goes through here, so the parity tests against
    lunr.js cover both.
    """
    fields = list(fields)
    builder = _filled_builder(documents, fields, b, k1)
    if not builder.document_count:
        # lunr.py would divide by zero; lunr.js serializes an empty index.
        return {
            "version": LUNR_JS_VERSION,
            "fields": [name for name, _ in fields],
            "fieldVectors": [],
            "invertedIndex": [],
            "pipeline": builder.search_pipeline.serialize(),
        }
    serialized: dict[str, Any] = builder.build().serialize()
    # lunr.Index.load inserts the terms into its TokenSet in order and throws unless they are
    # sorted the way JS compares strings, by UTF-16 code unit; lunr.py sorts by code point.
    serialized["invertedIndex"].sort(key=lambda entry: utf16_key(entry[0]))
    return serialized


def _filled_builder(
    documents: Iterable[tuple[str, Mapping[str, list[str]]]],
    fields: list[tuple[str, float]],
    b: float,
    k1: float,
) -> _JsCompatibleBuilder:
    """A builder with every document added (their terms already made), ready to weigh."""
    _check_fields(fields)
    builder = _JsCompatibleBuilder()
    builder.ref("ref")
    builder.b(b)
    builder.k1(k1)
    for name, boost in fields:
        builder.field(name, boost=boost)
    builder.search_pipeline.add(_stemmer)
    for doc_ref, terms in documents:
        builder.add_terms(doc_ref, terms)
    return builder


def compact_ref(ref: str) -> int | str:
    """A ref as a number when it is one written plainly ("12", not "012"): a few bytes fewer
    per posting, and JavaScript turns it back into the same string key."""
    return int(ref) if ref.isdigit() and (ref[:1] != "0" or ref == "0") else ref


def build_postings_from_terms(
    documents: Iterable[tuple[str, Mapping[str, list[str]]]],
    fields: Sequence[tuple[str, float]],
    *,
    b: float = 0.75,
    k1: float = 1.2,
) -> list[list[Any]]:
    """The same index as build_index_from_terms, by term instead of by document:
    [[term, postings of field 0, postings of field 1, ...], ...] in lunr.js's term order, where
    the postings of a field are [ref, weight, ref, weight, ...] in the order the documents
    were given. Refs made of digits are given as numbers, to keep it small.

    It holds exactly what the serialized index holds (every term, and every weight of every
    term in every document's field vectors), without the cost of serializing vectors; the
    browser can put a lunr index back together from any part of it.
    """
    fields = list(fields)
    builder = _filled_builder(documents, fields, b, k1)
    if not builder.document_count:
        return []
    position = {name: i for i, (name, _) in enumerate(fields, 1)}
    postings: dict[str, list[Any]] = {
        term: [term, *([] for _ in fields)] for term in builder.inverted_index
    }
    for field_name, doc_ref, weights in builder.term_weights():
        f = position[field_name]
        doc = compact_ref(doc_ref)
        for term, w in weights:
            postings[term][f] += (doc, w)
    return [postings[t] for t in sorted(postings, key=utf16_key)]


def dumps(index: Any) -> str:
    """Compact JSON for the browser: no NaN/Infinity, lone surrogates and U+2028/9 escaped."""
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
