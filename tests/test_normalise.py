"""Search text normalisation: directory/outputs/normalise.py (index side) and its twin
static/normalise.js (query side, in the browser) give the same result, character for
character, and do what residents need."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from directory.outputs import normalise
from directory.outputs.lunr_compat import STOP_WORDS as LUNR_STOP_WORDS

from .conftest import Node

ROOT = Path(__file__).resolve().parents[1]
NORMALISE_JS = ROOT / "directory" / "static" / "normalise.js"

SAMPLES = [
    "Tech Café",
    "Food Bank",
    "Foodbank",
    "food bank club",
    "Bank of Food",
    "Poulton Bike Kitchen PR1 8UH",
    "lunch club 2 drop-in",
    "Men’s Shed",
    "a b c",
    "TECH CAFE",
    "tech cafe",
    "Morecambe Tech Café: help with phones, tablets and laptops",
    "macramé/embroidery",
    "parent/carer",
    "Parent/Carer support",
    "PR1 8UH",
    "pr18uh",
    "PR1  8UH",
    "pr1 8uh",
    "(PR1 8UH)",
    "BB11 1AA",
    "bb111aa",
    "M1 1AE",
    "EC1A 1BB",
    "w1a 0ax",
    "PR1",
    "pr1 café",
    "room 12 3pm",
    "Mary’s café",
    "Mary's Café",
    "St Mary‘s",
    "O'Neill's",
    "don't",
    "men’s shed",
    "mens shed",
    "ｃａｆｅ ｔｅｃｈ",
    "ﬁsh ﬂour",
    "em\u00adbroidery",
    "zero\u200bwidth",
    "join\u200d",
    "\ufeffbom",
    "drop-in",
    "drop‑in",
    "drop – in",
    "drop—in",
    "dropin",
    "after-school club",
    "co-operative",
    "-leading trailing-",
    "Straße",
    "ÆRØSKØBING Łódź",
    "Đorđe Þór",
    "İstanbul",
    "ΟΔΟΣ οδός",
    "Zoë's naïve crème brûlée",
    "e\u0301cole",
    "हिन्दी ਪੰਜਾਬੀ اردو",
    "日本語 テキスト",
    "“quoted” ‘single’ «guillemets»",
    "tea&cake, 4.50 £5 ½ 2²",
    "over 60s",
    "under-5s",
    "10am-12pm",
    "Knit 🧶 & natter 👨‍👩‍👧",
    "a_b",
    "x" * 300,
    "line\u2028sep para\u2029graph\ttab\nnewline",
    "",
    "   ",
    "'s",
    "it's",
    "x's-y",
    "autism SEND carers",
    "the after may am off",
    "lone \ud800 surrogate",
]


def assigned_characters() -> list[str]:
    return [
        chr(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) != "Cn"
    ]


NORMALISE_SCRIPT = """
output({
  fold: input.fold.map(M.fold),
  index: input.samples.map((s) => M.indexTokens(s)),
  query: input.samples.map((s) => M.queryTokens(s)),
  split: input.samples.map((s) => M.queryTokens(s, true)),
  postcode: input.samples.map((s) => M.queryTokens(s).map(M.isPostcode)),
  splits: input.samples.map((s) => M.querySplits(s)),
  joins: input.samples.map((s) => M.queryJoins(s)),
  stopWords: M.stopWords,
})
"""


def test_python_and_javascript_normalise_identically(node: Node) -> None:
    chars = assigned_characters()
    folds = chars + ["a" + c + "b" for c in chars[::3]] + ["x's" + c for c in chars[::17]]
    folds += SAMPLES
    js = node(NORMALISE_JS, NORMALISE_SCRIPT, {"fold": folds, "samples": SAMPLES})
    differ = [(s, normalise.fold(s), j) for s, j in zip(folds, js["fold"], strict=True)]
    differ = [d for d in differ if d[1] != d[2]]
    assert differ == [], f"{len(differ)} differ (text, Python, JS): {differ[:20]}"
    assert [normalise.index_tokens(s) for s in SAMPLES] == js["index"]
    assert [normalise.query_tokens(s) for s in SAMPLES] == js["query"]
    assert [normalise.query_tokens(s, split=True) for s in SAMPLES] == js["split"]
    assert [[normalise.is_postcode(t) for t in normalise.query_tokens(s)] for s in SAMPLES] == (
        js["postcode"]
    )
    assert js["stopWords"] == sorted(normalise.STOP_WORDS)
    assert [normalise.query_splits(s) for s in SAMPLES] == js["splits"]
    assert [normalise.query_joins(s) for s in SAMPLES] == js["joins"]
    assert any(js["joins"]) and any(js["splits"])


@pytest.mark.parametrize(
    "typed,written",
    [
        ("tech cafe", "Tech Café"),
        ("cafe", "café"),
        ("CAFÉ", "cafe"),
        ("embroidery", "macramé/embroidery"),
        ("carer", "parent/carer"),
        ("pr18uh", "PR1 8UH"),
        ("PR1  8uh", "pr18uh"),
        ("mary", "Mary’s"),
        ("marys", "Mary’s"),
        ("oneill", "O'Neill"),
        ("fish", "ﬁsh"),
        ("cafe", "ｃａｆｅ"),
        ("embroidery", "em\u00adbroid\u200bery"),
        ("drop-in", "drop in"),
        ("drop in", "drop-in"),
        ("dropin", "drop-in"),
        ("drop-in", "dropin"),
        ("drop‑in", "Drop—in"),
        ("after school", "after-school"),
        ("strasse", "Straße"),
        ("zoe", "Zoë"),
        ("60s", "over 60s"),
    ],
)
def test_what_residents_type_meets_what_records_say(typed: str, written: str) -> None:
    from directory.outputs.lunr_compat import js_stem

    indexed = set(normalise.index_terms(written))
    joined = {js_stem(t) for t in normalise.query_tokens(typed)}
    split = {js_stem(t) for t in normalise.query_tokens(typed, split=True)}
    assert joined <= indexed or split <= indexed, (typed, joined, split, written, indexed)


@pytest.mark.parametrize(
    "typed,name",
    [
        ("foodbank", "Burnley Food Bank"),
        ("foodbanks", "Food banks and pantries"),
        ("food bank", "Burnley Foodbank"),
        ("bike kitchen poulton", "Poulton Bikekitchen"),
        ("bikekitchen poulton", "Poulton Bike Kitchen"),
        ("menshed", "Men's Shed"),
    ],
)
def test_words_written_apart_or_together_meet(typed: str, name: str) -> None:
    """A search is also looked up with two neighbours joined, or (as the browser does, keeping
    the ways whose words are all in the index) one word split in two: one way meets the name."""
    from directory.outputs.lunr_compat import js_stem

    indexed = set(normalise.index_terms(name))
    kept = [w for w in normalise.query_splits(typed) if {js_stem(x) for x in w} <= indexed]
    ways = [normalise.query_tokens(typed), *normalise.query_joins(typed), *kept]
    assert any({js_stem(t) for t in way} <= indexed for way in ways), (typed, ways, indexed)
    # The words as typed do not meet it: the test is of the joins and splits.
    assert not {js_stem(t) for t in normalise.query_tokens(typed)} <= indexed


def test_joins_and_splits_stay_within_words_of_letters() -> None:
    assert normalise.query_joins("food bank") == [["foodbank"]]
    assert normalise.query_joins("bank of food") == []  # never across a stop word
    assert normalise.query_joins("room 12 3pm") == []  # nor numbers
    assert normalise.query_joins("pr1 8uh cafe") == []  # nor a postcode
    assert normalise.query_joins("lunch") == []
    assert ["food", "bank"] in normalise.query_splits("foodbank")
    assert all(min(map(len, w)) >= normalise.SPLIT_MIN for w in normalise.query_splits("foodbank"))
    assert normalise.query_splits("cafe") == []  # too short to split
    assert normalise.query_splits("pr18uh") == [] and normalise.query_splits("2026") == []
    assert normalise.index_tokens("Food Bank") == ["food", "bank"]  # the index does not grow


def test_stop_words_keep_the_words_residents_use() -> None:
    assert normalise.STOP_WORDS < LUNR_STOP_WORDS
    assert normalise.query_tokens("the after school club") == ["after", "school", "club"]
    assert normalise.query_tokens("lunch in May") == ["lunch", "may"]


def test_postcodes_are_recognised_however_typed() -> None:
    for typed in ("PR1 8UH", "pr18uh", "Pr1 8uH", "PR1   8UH"):
        assert normalise.query_tokens(typed) == ["pr18uh"]
        assert normalise.is_postcode("pr18uh")
    assert normalise.query_tokens("PR1") == ["pr1"] and not normalise.is_postcode("pr1")
    assert normalise.query_tokens("room 12 3pm") == ["room", "12", "3pm"]
