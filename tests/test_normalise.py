"""Search text normalisation: directory/outputs/normalise.py (index side) and its twin
static/normalise.js (query side, in the browser) give the same result, character for
character, and do what residents need."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from directory.outputs import normalise
from directory.outputs.lunr_compat import STOP_WORDS as LUNR_STOP_WORDS

ROOT = Path(__file__).resolve().parents[1]
NORMALISE_JS = ROOT / "directory" / "static" / "normalise.js"

SAMPLES = [
    "Tech Café",
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


def run_normalise_js(tmp_path: Path, payload: dict[str, Any]) -> Any:
    """Run static/normalise.js in Node on the payload's strings."""
    if shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("node is not on PATH")
        pytest.skip("node is not on PATH")
    script = """
    const fs = require('fs')
    const [modulePath, inputPath, outputPath] = process.argv.slice(2)
    const N = require(modulePath)
    const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'))
    fs.writeFileSync(outputPath, JSON.stringify({
      fold: input.fold.map(N.fold),
      index: input.samples.map(N.indexTokens),
      query: input.samples.map((s) => N.queryTokens(s)),
      split: input.samples.map((s) => N.queryTokens(s, true)),
      postcode: input.samples.map((s) => N.queryTokens(s).map(N.isPostcode)),
      stopWords: N.stopWords,
    }))
    """
    (tmp_path / "run.js").write_text(script, encoding="utf-8")
    (tmp_path / "in.json").write_text(json.dumps(payload), encoding="utf-8")
    proc = subprocess.run(
        [
            "node",
            str(tmp_path / "run.js"),
            str(NORMALISE_JS),
            str(tmp_path / "in.json"),
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


def test_python_and_javascript_normalise_identically(tmp_path: Path) -> None:
    chars = assigned_characters()
    folds = chars + ["a" + c + "b" for c in chars[::3]] + ["x's" + c for c in chars[::17]]
    folds += SAMPLES
    js = run_normalise_js(tmp_path, {"fold": folds, "samples": SAMPLES})
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
