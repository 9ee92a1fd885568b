"""An index built in Python by directory.outputs.lunr_compat behaves in lunr.js like one
lunr.js builds.

Each test runs one Node process on lunr.js 2.3.9: node_modules/lunr/lunr.js in the project, or
the file named by $LUNR_JS. Without Node or lunr.js the tests skip, except under CI, where they
fail.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sysconfig
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from lunr import lunr as stock_lunr

from directory.outputs.lunr_compat import (
    STOP_WORDS,
    UNICODE_TRIMMER_JS,
    UNICODE_TRIMMER_LABEL,
    build_index,
    dumps,
    js_log,
    js_round3,
    js_stem,
    js_tokenize,
    lunr_trim,
    unicode_trim,
)

from .conftest import run_script

ROOT = Path(__file__).resolve().parents[1]

# Shared by every Node script: arguments, lunr.js, and a lunr.js-built index for comparison,
# made the way lunr.js's own `lunr(function () {...})` makes one.
PRELUDE = r"""
const fs = require('fs')
const [inputPath, outputPath, lunrPath] = process.argv.slice(2)
const lunr = require(lunrPath)
const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'))
const output = (value) => fs.writeFileSync(outputPath, JSON.stringify(value))
const unicodeTrimmer = (0, eval)('(' + input.unicodeTrimmerJs + ')')
lunr.Pipeline.registerFunction(unicodeTrimmer, input.unicodeTrimmerLabel)

function buildInJs (docs, ref, fields, trimmer) {
  return lunr(function () {
    if (trimmer === 'unicode') {
      this.pipeline.before(lunr.trimmer, unicodeTrimmer)
      this.pipeline.remove(lunr.trimmer)
    }
    this.ref(ref)
    for (const [name, boost] of fields) this.field(name, { boost: boost })
    for (const doc of docs) this.add(doc)
  })
}

function loadFile (path) {
  return lunr.Index.load(JSON.parse(fs.readFileSync(path, 'utf8')))
}

function search (idx, query) {
  return idx.search(query).map((r) => [r.ref, r.score])
}
"""


@pytest.fixture(scope="module")
def lunr_js() -> Path:
    candidates = [Path(os.environ["LUNR_JS"])] if os.environ.get("LUNR_JS") else []
    candidates.append(ROOT / "node_modules" / "lunr" / "lunr.js")
    found = next((path for path in candidates if path.is_file()), None)
    reason = None
    if shutil.which("node") is None:
        reason = "node is not on PATH"
    elif found is None:
        reason = "lunr.js not found: run `npm ci` (node_modules/lunr/lunr.js) or set LUNR_JS"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert found is not None
    assert 'lunr.version = "2.3.9"' in found.read_text(encoding="utf-8"), f"{found} is not 2.3.9"
    return found.resolve()


def run_node(tmp_path: Path, lunr_js: Path, script: str, payload: dict[str, Any]) -> Any:
    """Run PRELUDE + script once with payload as `input`; return what it passes to output()."""
    payload = {
        "unicodeTrimmerJs": UNICODE_TRIMMER_JS,
        "unicodeTrimmerLabel": UNICODE_TRIMMER_LABEL,
        **payload,
    }
    (tmp_path / "script.js").write_text(PRELUDE + script, encoding="utf-8")
    # ASCII JSON, so lone surrogates travel as \ud800 escapes as they would in an index file.
    (tmp_path / "input.json").write_text(json.dumps(payload), encoding="utf-8")
    out = tmp_path / "output.json"
    run_script(tmp_path / "script.js", tmp_path / "input.json", out, lunr_js)
    return json.loads(out.read_text(encoding="utf-8"))


def write_index(tmp_path: Path, name: str, index: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(dumps(index), encoding="utf-8")
    return str(path)


def normalized_index(index: dict[str, Any]) -> dict[str, Any]:
    """A serialized index with postings as plain dicts (key order aside, JSON is compared)."""
    return json.loads(json.dumps(index))


# --- (a) the stemmer -----------------------------------------------------------------------

SUFFIXES = [
    "s",
    "es",
    "ies",
    "sses",
    "ed",
    "eed",
    "ing",
    "ings",
    "ational",
    "tional",
    "enci",
    "anci",
    "izer",
    "bli",
    "alli",
    "entli",
    "eli",
    "ousli",
    "ization",
    "ation",
    "ator",
    "alism",
    "iveness",
    "fulness",
    "ousness",
    "aliti",
    "iviti",
    "biliti",
    "logi",
    "icate",
    "ative",
    "alize",
    "iciti",
    "ical",
    "ful",
    "ness",
    "al",
    "ance",
    "ence",
    "er",
    "ic",
    "able",
    "ible",
    "ant",
    "ement",
    "ment",
    "ent",
    "sion",
    "tion",
    "ou",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "e",
    "ll",
    "y",
    "ly",
    "ely",
    "ying",
    "yed",
]

ODD_TOKENS = [
    "",
    "a",
    "ab",
    "y",
    "yy",
    "yyy",
    "yes",
    "ying",
    "sky",
    "try",
    "key",
    "tuesday",
    "sses",
    "ies",
    "eed",
    "ing",
    "ed",
    "caf",
    "café",
    "cafés",
    "zoë",
    "naïve",
    "ﬁsh",
    "über",
    "straße",
    "older people",
    "cats\n",
    "cats\r",
    "abc\u2028ed",
    "abc\u2029ing",
    "a\u3000bs",
    "😀s",
    "a😀ing",
    "😀😀ed",
    "𝐛olds",
    "x\ud800ing",
    "\udc00\udc00ss",
    "__proto__",
    "constructor",
    "hasownproperty",
    "tostring",
    "mary's",
    "mary'",
    "o'neill's",
    "don't",
    "4.50",
    "pr1",
    "2026-10-02",
    "日本語",
    "ελληνικά",
    "x" * 3000,
    "ab" * 2000 + "ing",
    "y" * 500 + "ies",
]


def english_words() -> set[str]:
    """A large English vocabulary from text every Python install has: the standard library's
    docstrings, comments and pydoc topics (no word list is installed on this machine)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    words: set[str] = set()
    for path in stdlib.rglob("*.py"):
        if "site-packages" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        words.update(word.lower() for word in re.findall(r"[A-Za-z]+", text))
    return words


def content_words() -> set[str]:
    """Every distinct word of the example content as it reaches the stemmer (both trimmers)."""
    words: set[str] = set()
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        for token in js_tokenize(path.read_text(encoding="utf-8")):
            words.update((token, lunr_trim(token), unicode_trim(token)))
    return words


def test_stemmer_matches_lunr_js(tmp_path: Path, lunr_js: Path) -> None:
    english = english_words()
    content = content_words()
    assert len(english) > 30_000, "the assembled word list is unexpectedly small"
    assert len(content) > 200, "the example content has unexpectedly few words"
    # Every suffix rule, on a sample of real stems.
    derived = {base + suffix for base in sorted(english)[::25] for suffix in SUFFIXES}
    words = sorted(english | content | derived | set(ODD_TOKENS))

    fixture = lunr_js.parent / "test" / "fixtures" / "stemming_vocab.json"
    expected = json.loads(fixture.read_text(encoding="utf-8")) if fixture.is_file() else {}
    words += sorted(expected)

    script = """
    output(input.words.map((w) => lunr.stemmer(new lunr.Token(w, {})).toString()))
    """
    js_stems = run_node(tmp_path, lunr_js, script, {"words": words})
    mismatches = [
        (word, js, py)
        for word, js in zip(words, js_stems, strict=True)
        if (py := js_stem(word)) != js
    ]
    assert mismatches == [], (
        f"{len(mismatches)} stems differ (word, lunr.js, ours): {mismatches[:20]}"
    )
    assert {w: js_stem(w) for w in expected} == expected
    # The words the site is known to need, e.g. a search for "Tuesday" (lunr.py: "tuesdai").
    assert js_stem("tuesday") == "tuesday" and js_stem("holidays") == "holiday"


# --- tokenizer, lowercasing, trimmers and stop words ---------------------------------------


def assigned_characters() -> list[str]:
    """Every code point Python's Unicode database knows, surrogates excepted."""
    return [
        chr(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) != "Cn"
    ]


def test_text_processing_matches_lunr_js(tmp_path: Path, lunr_js: Path) -> None:
    chars = assigned_characters()
    separators = "\t\n\v\f\r \xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    field_values: list[Any] = [
        "Tuesday Lunch-Club",
        "  lead and trail  ",
        "a--b",
        "ΟΔΟΣ ΟΔΟΣ.",
        "İstanbul ǅemal",
        "tea\u3000coffee narrow\u202fnbsp line\u2028sep",
        "x" + separators.replace(" ", "y"),
        "\x1c\x1d\x1e\x1f\x85\u180e\u200b",
        "Knit 🧶 & natter 👨‍👩‍👧",
        4.5,
        1.0,
        0,
        -2.5,
        1e21,
        1e-7,
        123456789.125,
        True,
        False,
        None,
        ["Older People", 0, False, None, 4.5, ""],
        ["a b", "C-D", True, 1e21],
        [],
        "",
        "lone \ud800 surrogate",
    ]
    tokens = sorted(
        {t for value in field_values for t in js_tokenize(value)}
        | set(ODD_TOKENS)
        | {c + "ab" for c in chars[::7]}
        | {"ab" + c for c in chars[3::7]}
        | {"'" + c + "'" for c in chars[5::11]}
        | {
            "mary's",
            "mary’s",
            "maryʼs",
            "james'",
            "'s",
            "x!'s",
            "it's",
            "o'neill's",
            "e\u0301",
            "\u0301e",
            "cafe\u0301",
            "\u00a9",
            "—",
            "&",
            "...",
            "_x_",
        }
    )
    stock_js_words = re.search(
        r"lunr\.stopWordFilter = lunr\.generateStopWordFilter\(\[(.*?)\]\)",
        lunr_js.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    assert stock_js_words is not None
    assert set(re.findall(r"'([^']*)'", stock_js_words.group(1))) == STOP_WORDS

    # Term weights: lunr.idf's log argument for every document/term count up to 400 documents,
    # and scores next to every rounding tie up to 20.
    log_args = [1 + abs((n - d + 0.5) / (d + 0.5)) for n in range(1, 401) for d in range(1, n + 1)]
    ties = [(k + 0.5) / 1000 for k in range(20_000)]
    scores = sorted({t2 for t in ties for t2 in (t, math.nextafter(t, 0), math.nextafter(t, 1))})

    script = """
    const tokenize = (v) => lunr.tokenizer(v).map((t) => t.toString())
    const run = (fn, w) => { const t = fn(new lunr.Token(w, {})); return t ? t.toString() : null }
    const stop = ['the', 'constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', '']
    output({
      tokens: input.values.map(tokenize),
      lower: input.chars.map((c) => c.toLowerCase()),
      lunrTrim: input.tokens.map((w) => run(lunr.trimmer, w)),
      unicodeTrim: input.tokens.map((w) => run(unicodeTrimmer, w)),
      stop: stop.concat(input.stopWords).map((w) => run(lunr.stopWordFilter, w)),
      stopProbe: stop,
      log: input.logArgs.map(Math.log),
      round: input.scores.map((x) => Math.round(x * 1000) / 1000),
    })
    """
    js = run_node(
        tmp_path,
        lunr_js,
        script,
        {
            "values": field_values,
            "chars": chars,
            "tokens": tokens,
            "stopWords": sorted(STOP_WORDS),
            "logArgs": log_args,
            "scores": scores,
        },
    )

    assert [js_tokenize(v) for v in field_values] == js["tokens"]
    lower_diffs = [
        (c, c.lower(), j) for c, j in zip(chars, js["lower"], strict=True) if c.lower() != j
    ]
    assert lower_diffs == []
    assert [lunr_trim(t) for t in tokens] == js["lunrTrim"]
    assert [unicode_trim(t) or None for t in tokens] == js["unicodeTrim"]
    probe = js["stopProbe"] + sorted(STOP_WORDS)
    assert [None if w in STOP_WORDS else w for w in probe] == js["stop"]
    assert [js_log(x) for x in log_args] == js["log"]
    assert [js_round3(x) for x in scores] == js["round"]


# --- (b) awkward records load and are found ------------------------------------------------

AWKWARD_FIELDS = [("name", 10), ("summary", 5), ("categories", 3), ("description", 1)]
AWKWARD_DOCS: list[dict[str, Any]] = [
    {
        "id": "emoji",
        "name": "Knit & Natter 🧶☕️",
        "summary": "Bring yarn 🧶, leave happy 😀!",
        "categories": ["crafts 🎨", "👍🏽"],
        "description": "👨‍👩‍👧 family-friendly 🏳️‍🌈 group",
    },
    {
        "id": "accents",
        "name": "Zoë's Café",
        "summary": "A naïve café crème for Zoë and Chloë",
        "categories": ["Cafés", "résumé help"],
        "description": "Über-friendly Renée; déjà vu.",
    },
    {
        "id": "symbols",
        "name": "Tea & Cake",
        "summary": "£3.50 (50% off!) @home #community",
        "categories": ["C++", "&", "—"],
        "description": "<script>alert(1)</script> a.b. -- – — ... “quoted” ‘single’ €5 ½ ©2026 ™",
    },
    {
        "id": "cjk",
        "name": "日本語テキスト",
        "summary": "東京\u3000大阪 中文 한국어",
        "categories": ["Ελληνικά"],
        "description": "ΟΔΟΣ Straße İstanbul ǅemal",
    },
    {
        "id": "proto",
        "name": "__proto__ constructor hasOwnProperty",
        "summary": "toString valueOf prototype",
        "categories": ["__proto__", "constructor"],
        "description": "__defineGetter__ isPrototypeOf propertyIsEnumerable",
    },
    {"id": "__proto__", "name": "Proto reference", "summary": "a document whose ref is __proto__"},
    {"id": "constructor", "name": "Constructor reference", "summary": "ref is constructor"},
    {
        "id": "long",
        "name": "pneumonoultramicroscopicsilicovolcanoconiosis",
        "summary": "x" * 5000,
        "categories": ["ab" * 3000],
        "description": "https://example.org/" + "very/" * 400 + " " + "🙂" * 500,
    },
    {
        "id": "order",
        "name": "aﬁx a😀x 𝐛old ﬁsh ｆｕｌｌ wide",
        "summary": "\ue000private a\ufb01b",
        "categories": ["a\U0001f600b"],
    },
    {
        "id": "separators",
        "name": "separators",
        "description": "line\u2028separator para\u2029graph narrow\u202fnbsp "
        "ideographic\u3000space thin\u2009space bom\ufeffword zero\u200bwidth",
    },
    {
        "id": "lists",
        "name": "List values",
        "categories": ["Older People", 0, False, None, 4.5, "Ünïcödé", ""],
    },
    {"id": "numbers", "name": 12345, "summary": 4.5, "categories": [True], "description": 1e21},
    {
        "id": "surrogate",
        "name": "lone \ud800 x\udc00y surrogate",
        "summary": "pair \ud83d\ude00 joined",
    },
    {"id": "plain", "name": "Tuesday Lunch Club", "summary": "Holidays and keys for older people"},
    {"id": "mary", "name": "St Mary's Church Hall", "summary": "Parkinson’s support group"},
]
# (query, ref that must be among the results) in both trimmer modes ...
FOUND_IN_BOTH = [
    ("knit", "emoji"),
    ("natter", "emoji"),
    ("naïve", "accents"),
    ("tea", "symbols"),
    ("cake", "symbols"),
    ("__proto__", "proto"),
    ("constructor", "proto"),
    ("hasOwnProperty", "proto"),
    ("tostring", "proto"),
    ("prototype", "proto"),
    ("proto", "__proto__"),
    ("reference", "constructor"),
    ("pneumonoultramicroscopicsilicovolcanoconiosis", "long"),
    ("x" * 5000, "long"),
    ("ab" * 3000, "long"),
    ("separator", "separators"),
    ("graph", "separators"),
    ("ideographic", "separators"),
    ("space", "separators"),
    ("word", "separators"),
    ("4.5", "lists"),
    ("12345", "numbers"),
    ("4.5", "numbers"),
    ("true", "numbers"),
    ("surrogate", "surrogate"),
    ("joined", "surrogate"),
    ("tuesday", "plain"),
    ("holiday", "plain"),
    ("keys", "plain"),
    ("older", "plain"),
    ("wide", "order"),
    ("straße", "cjk"),
    ("yarn", "emoji"),
]
# ... and only where the trimmer understands more than ASCII (lunr.js's cuts "café" to "caf").
# Not here: "Zoë's" (lunr.js does not trim queries: "zoë'" is looked up) and "résumé" (a list
# item is one token, "résumé help").
FOUND_IN_UNICODE = [
    ("café", "accents"),
    ("cafés", "accents"),
    ("zoë", "accents"),
    ("crème", "accents"),
    ("déjà", "accents"),
    ("日本語テキスト", "cjk"),
    ("ελληνικά", "cjk"),
    ("οδος", "cjk"),
    ("大阪", "cjk"),
    ("ǆemal", "cjk"),
    ("ünïcödé", "lists"),
    ("mary", "mary"),
    ("parkinson", "mary"),
    ("aﬁx", "order"),
    ("ﬁsh", "order"),
    ("ｆｕｌｌ", "order"),
]


def test_awkward_records_load_in_lunr_js_and_are_found(tmp_path: Path, lunr_js: Path) -> None:
    queries = sorted({q for q, _ in FOUND_IN_BOTH + FOUND_IN_UNICODE})
    payload: dict[str, Any] = {"docs": AWKWARD_DOCS, "fields": AWKWARD_FIELDS, "queries": queries}
    python_built = {}
    for mode in ("lunr", "unicode"):
        python_built[mode] = build_index(AWKWARD_DOCS, "id", AWKWARD_FIELDS, trimmer=mode)
        payload[mode] = write_index(tmp_path, f"{mode}.json", python_built[mode])
    payload["empty"] = write_index(tmp_path, "empty.json", build_index([], "id", AWKWARD_FIELDS))
    # The same records through lunr.py alone: its index should not even load (term order).
    stock = stock_lunr(
        "id",
        [{"field_name": n, "boost": b} for n, b in AWKWARD_FIELDS],
        [{n: d.get(n) for n in ["id", *dict(AWKWARD_FIELDS)]} for d in AWKWARD_DOCS],
    )
    payload["stock"] = str(tmp_path / "stock.json")
    Path(payload["stock"]).write_text(json.dumps(stock.serialize()), encoding="utf-8")

    script = """
    const result = {}
    for (const mode of ['lunr', 'unicode']) {
      const ours = loadFile(input[mode])
      const theirs = buildInJs(input.docs, 'id', input.fields, mode)
      result[mode] = {
        ours: input.queries.map((q) => search(ours, q)),
        theirs: input.queries.map((q) => search(theirs, q)),
        jsIndex: theirs.toJSON(),
      }
    }
    result.empty = search(loadFile(input.empty), 'anything')
    try {
      loadFile(input.stock)
      result.stockError = null
    } catch (e) {
      result.stockError = e.message
    }
    output(result)
    """
    js = run_node(tmp_path, lunr_js, script, payload)

    assert js["stockError"] == "Out of order word insertion", (
        "lunr.py's own index of these records now loads: the test no longer covers term order"
    )
    assert js["empty"] == []
    for mode, expected in (("lunr", FOUND_IN_BOTH), ("unicode", FOUND_IN_BOTH + FOUND_IN_UNICODE)):
        results = dict(zip(queries, js[mode]["ours"], strict=True))
        missing = [(q, ref) for q, ref in expected if ref not in [r for r, _ in results[q]]]
        assert missing == [], f"{mode}: not found {missing}"
        assert js[mode]["ours"] == js[mode]["theirs"]
        assert normalized_index(python_built[mode]) == js[mode]["jsIndex"]
    # What the unicode trimmer is for: lunr.js's own cuts "café" to "caf" and "Zoë" to "zo".
    assert {"caf", "zo"} <= {term for term, _ in python_built["lunr"]["invertedIndex"]}
    assert dict(zip(queries, js["lunr"]["ours"], strict=True))["zoë"] == []


# --- (c) ranked results equal those of a lunr.js-built index -------------------------------

SERVICE_FIELDS = [
    ("name", 10),
    ("summary", 5),
    ("categories", 4),
    ("organisation", 3),
    ("town", 2),
    ("postcode", 2),
    ("description", 1),
]
_SERVICES = [
    # name, organisation, summary, categories, town, postcode, description
    (
        "Tuesday Lunch Club",
        "Preston Age Friendly Network",
        "A hot two-course lunch and good company for older people every Tuesday.",
        ["Lunch clubs and community meals", "Older people's groups", "dinner", "meals"],
        "Preston",
        "PR1",
        "Freshly cooked lunch, bingo and a quiz. Carers eat for free. £4.50.",
    ),
    (
        "Memory Café",
        "Dementia Friends Lancashire",
        "A relaxed café for people living with dementia and their carers.",
        ["Dementia support", "memory loss", "alzheimers", "forgetful"],
        "Chorley",
        "PR7",
        "Singing, reminiscence and tea. Zoë runs the café on Thursdays.",
    ),
    (
        "Walking for Health",
        "Ribble Valley Ramblers",
        "Gentle walks of one to three miles.",
        ["Staying active", "walking", "walks", "exercise"],
        "Clitheroe",
        "BB7",
        "Walking groups leave from the library. Walkers of all abilities welcome.",
    ),
    (
        "Carers' Support Group",
        "Carers Link",
        "Peer support and breaks for unpaid carers.",
        ["Support for carers", "carer", "caring", "respite"],
        "Lancaster",
        "LA1",
        "Caring for someone? Meet other carers, share advice and have a break.",
    ),
    (
        "Foodbank Plus",
        "Trussell Trust Preston",
        "Emergency food parcels and advice.",
        ["Food banks and pantries", "food bank", "foodbank", "groceries"],
        "Preston",
        "PR2",
        "Bring your voucher. We also give money advice and help with the cost of living.",
    ),
    (
        "Community Pantry",
        "St Mary's Church",
        "Affordable groceries for members.",
        ["Food banks and pantries", "pantry", "cost of living"],
        "Leyland",
        "PR25",
        "Pay £5 a week and choose ten items. St Mary's Church Hall, every Friday.",
    ),
    (
        "Dial-a-Ride",
        "Lancashire Community Transport",
        "Door-to-door minibus for shopping trips.",
        ["Community transport", "bus", "minibus", "dial a ride"],
        "Burnley",
        "BB11",
        "Wheelchair accessible minibuses. Book a day ahead; hospital transport too.",
    ),
    (
        "Volunteer Drivers",
        "Lancashire Community Transport",
        "Lifts to hospital appointments.",
        ["Community transport", "lift", "lifts", "volunteer driver", "hospital transport"],
        "Pendle",
        "BB9",
        "Drivers use their own cars; a mileage charge applies.",
    ),
    (
        "Befriending Service",
        "Age UK Lancashire",
        "Weekly visits and phone calls.",
        ["Befriending and loneliness", "lonely", "isolation", "friendship"],
        "Preston",
        "PR1",
        "A volunteer befriender visits you at home each week for a chat.",
    ),
    (
        "Telephone Friends",
        "Age UK Lancashire",
        "A friendly phone call twice a week.",
        ["Befriending and loneliness", "telephone friends", "companionship"],
        "Fylde",
        "FY8",
        "Our volunteers ring for a chat. Telephone befriending for lonely people.",
    ),
    (
        "Citizens Advice Preston",
        "Citizens Advice",
        "Free advice on benefits, debt and housing.",
        ["Advice and information", "benefits", "debt", "money advice", "welfare rights"],
        "Preston",
        "PR1",
        "Drop in on Mondays or book an appointment about benefits or debts.",
    ),
    (
        "Pension Credit Clinic",
        "Age UK Lancashire",
        "Help claiming pension credit.",
        ["Advice and information", "pension credit", "forms"],
        "Blackpool",
        "FY1",
        "We fill in forms with you and check you get every benefit you are owed.",
    ),
    (
        "Mind Talking Group",
        "Lancashire Mind",
        "Peer support for anxiety and low mood.",
        ["Mental health and wellbeing", "anxiety", "depression", "talking"],
        "Blackburn",
        "BB1",
        "A safe space to talk. Counselling can be arranged.",
    ),
    (
        "Chair Exercise",
        "Active Lancashire",
        "Seated exercise to music.",
        ["Staying active", "chair exercise", "falls prevention"],
        "Preston",
        "PR2",
        "Gentle chair-based exercise for people who find standing difficult.",
    ),
    (
        "Tai Chi in the Park",
        "Active Lancashire",
        "Slow movement outdoors.",
        ["Staying active", "tai chi", "fitness"],
        "Lancaster",
        "LA1",
        "Tai chi improves balance and helps prevent falls.",
    ),
    (
        "Digital Drop-in",
        "Preston Library",
        "Help using phones, tablets and computers.",
        ["Digital skills", "computer", "tablet", "smartphone", "email help"],
        "Preston",
        "PR1",
        "Bring your iPad or smartphone; volunteers help you get online.",
    ),
    (
        "Home from Hospital",
        "British Red Cross",
        "Support after a hospital stay.",
        ["Help at home", "home from hospital", "shopping"],
        "Chorley",
        "PR7",
        "Shopping, prescriptions and a friendly visit for six weeks after discharge.",
    ),
    (
        "Handyperson Scheme",
        "Care and Repair",
        "Small repairs and odd jobs at home.",
        ["Help at home", "handyman", "handyperson", "repairs", "odd jobs"],
        "Wyre",
        "FY6",
        "Grab rails, key safes and small repairs for older or disabled people.",
    ),
    (
        "Stroke Club",
        "Stroke Association",
        "Peer support after a stroke.",
        ["Living with a health condition", "stroke"],
        "Blackpool",
        "FY3",
        "Meet people who understand. Speech and language activities.",
    ),
    (
        "Parkinson's Café",
        "Parkinson's UK",
        "Coffee and support for people with Parkinson's.",
        ["Living with a health condition", "parkinsons"],
        "Preston",
        "PR3",
        "A monthly café with exercise and advice for people with Parkinson's.",
    ),
    (
        "Bereavement Walks",
        "Cruse Lancashire",
        "Walking and talking after a loss.",
        ["Bereavement support", "grief", "walking"],
        "Fylde",
        "FY8",
        "A gentle walk with others who are grieving. Walks start at the café.",
    ),
    (
        "Young Carers Club",
        "Carers Link",
        "Activities and breaks for young carers.",
        ["Support for carers", "young carers", "Families and children"],
        "Lancaster",
        "LA1",
        "Games, trips and holiday activities for carers aged 8 to 17.",
    ),
    (
        "Parent and Toddler Group",
        "St Mary's Church",
        "Play and stories for little ones.",
        ["Families and children", "toddlers", "parents", "kids"],
        "Leyland",
        "PR25",
        "Toys, songs and a cup of tea for parents and carers with toddlers.",
    ),
    (
        "Holiday Hunger Club",
        "Foodbank Plus",
        "Free meals and activities in the holidays.",
        ["Families and children", "holiday activities", "meals"],
        "Preston",
        "PR2",
        "Hot lunch and play for children during school holidays.",
    ),
    (
        "Deaf Social Club",
        "Deaf Links",
        "A social club in British Sign Language.",
        ["Disability support", "deaf"],
        "Preston",
        "PR1",
        "Monthly social for deaf and hard of hearing people. Hearing loop fitted.",
    ),
    (
        "Wheelchair Users Group",
        "Disability Lancashire",
        "Advice and campaigning.",
        ["Disability support", "wheelchair", "disabled"],
        "Burnley",
        "BB11",
        "We test wheelchair access in shops and cafés and campaign for step-free access.",
    ),
    (
        "Mosque Lunch Club",
        "Preston Muslim Forum",
        "Halal lunches for older people.",
        ["Lunch clubs and community meals", "Faith and community groups", "mosque"],
        "Preston",
        "PR1",
        "A hot halal lunch every Wednesday, open to all.",
    ),
    (
        "Gurdwara Langar",
        "Sikh Community Preston",
        "Free vegetarian meals for everyone.",
        ["Faith and community groups", "gurdwara", "meals", "food"],
        "Preston",
        "PR1",
        "Langar is served daily; everyone is welcome to eat.",
    ),
    (
        "Domestic Abuse Helpline",
        "Lancashire Women",
        "Confidential support by phone.",
        ["Domestic abuse support", "abuse", "domestic violence"],
        "Blackburn",
        "BB2",
        "Call us any time. Safe, confidential and free.",
    ),
    (
        "Rough Sleeper Outreach",
        "Homeless Action",
        "Support for people sleeping rough.",
        ["Housing and homelessness", "homeless", "rough sleeping", "shelter"],
        "Blackpool",
        "FY1",
        "Night shelter places, showers and help to find a tenancy.",
    ),
    (
        "Thursday Lunch Club",
        "Fulwood Methodist Church",
        "Soup and sandwiches every Thursday.",
        ["Lunch clubs and community meals", "luncheon club"],
        "Preston",
        "PR2",
        "A simple lunch with friends. £3 for soup and a sandwich. Key holders: Mary and Jo.",
    ),
]
SERVICE_DOCS: list[dict[str, Any]] = [
    {
        "ref": f"s{i:02d}",
        "name": n,
        "organisation": o,
        "summary": s,
        "categories": c,
        "town": t,
        "postcode": p,
        "description": d,
    }
    for i, (n, o, s, c, t, p, d) in enumerate(_SERVICES)
]
QUERIES = [
    "lunch",
    "lunches",
    "lunch club",
    "clubs",
    "walking",
    "walks",
    "walkers",
    "dementia",
    "demntia~1",
    "dementai~2",
    "befriending",
    "befriend*",
    "lunc*",
    "*ing",
    "carer",
    "carers",
    "caring",
    "+lunch +club",
    "+food -bank",
    "food bank",
    "foodbank",
    "name:lunch",
    "categories:carers",
    "summary:support",
    "lunch^10 tea",
    "tea^5 lunch",
    "memory cafe",
    "café",
    "cafés",
    "mary's",
    "st mary's",
    "tuesday",
    "thursdays",
    "holidays",
    "money advice",
    "dial-a-ride",
    "pr1",
    "preston",
    "4.50",
    "older people",
    "transport~1",
    "hospitl~1",
    "xyzzy",
    "the",
    "counselling",
    "wheelchair",
    "zoë",
    "keys",
    "play",
    "parkinsons",
    "parkinson's",
    "-lunch preston",
    "town:preston +meals",
    "exercis*",
    "fals~1 prevention",
]


@pytest.mark.parametrize("trimmer", ["lunr", "unicode"])
def test_ranked_results_match_a_lunr_js_built_index(
    tmp_path: Path, lunr_js: Path, trimmer: str
) -> None:
    index = build_index(SERVICE_DOCS, "ref", SERVICE_FIELDS, trimmer=trimmer)  # type: ignore[arg-type]
    script = """
    const ours = loadFile(input.index)
    const theirs = buildInJs(input.docs, 'ref', input.fields, input.trimmer)
    output({
      ours: input.queries.map((q) => search(ours, q)),
      theirs: input.queries.map((q) => search(theirs, q)),
      jsIndex: theirs.toJSON(),
    })
    """
    js = run_node(
        tmp_path,
        lunr_js,
        script,
        {
            "index": write_index(tmp_path, "index.json", index),
            "docs": SERVICE_DOCS,
            "fields": SERVICE_FIELDS,
            "queries": QUERIES,
            "trimmer": trimmer,
        },
    )

    assert normalized_index(index) == js["jsIndex"]
    answered = 0
    for query, ours, theirs in zip(QUERIES, js["ours"], js["theirs"], strict=True):
        assert [ref for ref, _ in ours] == [ref for ref, _ in theirs], query
        assert [s for _, s in ours] == pytest.approx([s for _, s in theirs], abs=1e-6), query
        answered += bool(ours)
    assert answered >= len(QUERIES) - 5, "too few queries found anything to compare"


# --- plain Python checks -------------------------------------------------------------------


def test_build_index_rejects_what_lunr_js_would_mishandle() -> None:
    doc = {"id": "a", "name": "x"}
    with pytest.raises(ValueError, match="duplicate"):
        build_index([doc, doc], "id", [("name", 1)])
    for bad in ("constructor", "_index", "a/b", "0", "__proto__"):
        with pytest.raises(ValueError):
            build_index([doc], "id", [(bad, 1)])
    with pytest.raises(ValueError, match="positive"):
        build_index([doc], "id", [("name", 0)])
    with pytest.raises(TypeError):
        build_index([{"id": 1, "name": "x"}], "id", [("name", 1)])
    with pytest.raises(TypeError):
        build_index([{"id": "a", "name": {"nested": "x"}}], "id", [("name", 1)])
    assert build_index([], "id", [("name", 1)])["pipeline"] == ["stemmer"]
    text = dumps(
        build_index(
            [{"id": "a\u2028", "name": "x\ud800y </script> \u2029"}],
            "id",
            [("name", 1)],
            trimmer="lunr",
        )
    )
    assert not re.search("[\ud800-\udfff\u2028\u2029<]", text)
    assert json.loads(text)["invertedIndex"][1][0] == "x\ud800i"  # escaped, not lost
