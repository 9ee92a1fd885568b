"""The fast reading of content files (yaml_rs, then checks that YAML 1.1 would read the same):
it is used for ordinary files, leaves every file with a trap to libyaml's node tree, and its
values always equal the node tree's. The work is counted (files read each way, trees composed
later), never timed."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.records import content as c
from directory.records import load
from directory.records.content import read_content

from .conftest import EXAMPLE, ROOT, SAMPLE_SERVICE, TODAY, write

sys.path.insert(0, str(ROOT))
from bench.generate import write_county  # noqa: E402


def _tree_reading(text: str) -> tuple[object, list, dict]:
    """What the node tree makes of text: the values, the problems and the cut texts."""
    nodes = [n for n in yaml.compose_all(text, Loader=load._Loader) if n is not None]
    doc = load.Document(Path("x.yaml"), "x.yaml", None, nodes[0])
    problems: list = []
    doc.data = load._convert(nodes[0], (), doc, problems, set())
    load._changed_text(nodes[0], (), text, doc, problems)
    return doc.data, problems, doc.cut


def _reset() -> None:
    for k in load.counts:
        load.counts[k] = 0


def test_the_example_is_read_fast_and_no_tree_is_composed(tmp_path: Path):
    """Every record of the example county is read by the fast path with the same values as
    the node tree's, and a clean county composes no tree at all."""
    files = sorted([*EXAMPLE.glob("services/*/*.yaml"), *EXAMPLE.glob("organisations/*.yaml")])
    assert files
    for f in files:
        text = f.read_text(encoding="utf-8")
        fast = load._fast(text)
        assert fast is not None, f
        data, problems, _cut = _tree_reading(text)
        assert (fast, problems) == (data, [])
        assert repr(fast) == repr(data)  # the same types too (True is not 1, 1.0 is not 1)
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    _reset()
    content = read_content(folder, TODAY, jobs=1)
    assert content.ok
    records = len(list(folder.glob("services/*/*.yaml"))) + len(
        list(folder.glob("organisations/*.yaml"))
    )
    # site.yaml folds its description (`>-`), which is left to the node tree.
    assert load.counts == {"fast": records + 1, "composed": 1, "composed_later": 0}


def test_a_tree_is_composed_only_for_a_file_with_a_problem(content: Path, run):
    """A problem found by validation composes that file's tree (for its line) and no other."""
    service = content / SAMPLE_SERVICE
    text = service.read_text(encoding="utf-8")
    assert "\nreviewed: " in text
    write(content / "services/preston/late.yaml", text.replace("\nreviewed: ", "\nreviewd: "))
    _reset()
    result = run("validate", "--today", "2026-11-28", "--format", "json")
    problems = json.loads(result.output)
    line = text.splitlines().index(
        next(ln for ln in text.splitlines() if ln.startswith("reviewed:"))
    )
    assert {"file": "content/services/preston/late.yaml", "line": line + 1, "field": "reviewd"} in [
        {k: p[k] for k in ("file", "line", "field")} for p in problems
    ]
    assert load.counts["composed_later"] == 1
    assert load.counts["composed"] == 1  # site.yaml (see above)
    assert load.counts["fast"] == 4  # the taxonomy, the organisation, both services


TRAPS = {
    # Each is read by the node tree, which reports it or reads it otherwise than YAML 1.2.
    "a boolean word": "open: no\n",
    "an octal number": "count: 0123\n",
    "a 0o number": "count: 0o17\n",
    "an exponent": "price: 1e3\n",
    "a sign before a dot": "price: -.5\n",
    "infinity": "price: .inf\n",
    "a duplicate": "name: A\nname: B\n",
    "an alias": "a: &x [1]\nb: *x\n",
    "a tag": "a: !!str 5\n",
    "a merge key": "a: {x: 1}\nb:\n  <<: {x: 2}\n",
    "a list in a plain text": "description: Bring\n  - wool\n  - needles\n",
    "a list in a quoted text": 'description: "Bring\n\n  - wool"\n',
    "a tab": "name: A\nsummary: a\tb\n",
    "a boolean name": "yes: 1\n",
    "a number name": "1: a\n",
    "two documents": "name: A\n---\nname: B\n",
    "a list": "- a\n- b\n",
    "nothing": "# only a comment\n",
    "deep lists": "a: " + "- " * 30 + "x\n",
    "a bad escape": 'name: "a\\/b"\n',
    "a control character": "name: a\x07b\n",
    "a line separator": "name: a\u2028b\n",
    "a folded text": "description: >\n  a\n    b\n",
    "a stripped text": "description: |-\n  12:00\n",
    "block text ending the file": "description: |\n  a",
}


# Written plain, read by YAML 1.1 as something else than by yaml_rs, and no problem to the
# node tree: the fast path reads them as YAML 1.1 does (validation then asks for the raw
# text, composing the tree, when it reports them).
AS_YAML_11 = {
    "opens: 12:00\n": {"opens": 720},
    "reviewed: 2026-02-03 10:00\n": {"reviewed": "2026-02-03 10:00"},
    "n: 1_000\n": {"n": 1000},
    "n: 190:20:30.15\n": {"n": "190:20:30.15"},
    "when: 2026-1-2\n": {"when": "2026-1-2"},
    "free: True\n": {"free": True},
    "note: ~\n": {"note": None},
}


def test_plain_values_are_read_as_yaml_1_1_reads_them():
    for text, value in AS_YAML_11.items():
        assert load._fast(text) == value == _tree_reading(text)[0], text
        assert repr(load._fast(text)) == repr(value)


def test_every_trap_is_left_to_the_node_tree(tmp_path: Path):
    for what, text in TRAPS.items():
        assert load._fast(text) is None, what
        _reset()
        load.parse(text.encode(), tmp_path / "x.yaml", "x.yaml")
        assert load.counts["composed"] == 1 and load.counts["fast"] == 0, what


def test_a_text_cut_by_a_comment_is_found_by_composing_that_file_only(tmp_path: Path):
    """A comment after a value does not stop the fast path; a text value whose last word is
    followed by ` #` composes the tree to see whether it was cut there, and is reported."""
    other = "name: Knit\nsize: small   # micro, small or large\n"
    cut = "name: Shed #2 Woodwork\nsize: small   # micro, small or large\n"
    _reset()
    docs = [load.parse(text.encode(), tmp_path / "x.yaml", "x.yaml")[0] for text in (other, cut)]
    assert load.counts["fast"] == 2 and load.counts["composed"] == 0
    assert [d is not None and d.fast and d.comments for d in docs] == [True, True]
    assert docs[0] is not None and docs[1] is not None
    assert not docs[0].is_cut(("name",), "Knit")
    assert load.counts["composed_later"] == 0
    assert docs[1].is_cut(("name",), "Shed")
    assert docs[1].cut == {
        ("name",): "Shed #2 Woodwork",
        ("size",): "small # micro, small or large",
    }
    assert load.counts["composed_later"] == 1


def test_quoted_values_that_look_like_numbers_stay_text():
    text = 'opens: "12:00"\nphone: "01632 960123"\nword: "no"\nwhen: 2026-01-02\nn: 12\n'
    assert load._fast(text) == {
        "opens": "12:00",
        "phone": "01632 960123",
        "word": "no",
        "when": load.dt.date(2026, 1, 2),
        "n": 12,
    }
    assert load._fast(text) == _tree_reading(text)[0]


# Pieces of records, tricky ones among them, joined into texts for the differential test.
WORDS = st.sampled_from(
    [
        "name",
        "summary",
        "opens",
        "n",
        "no",
        "yes",
        "True",
        "null",
        "~",
        "1",
        "0123",
        "12:00",
        "2026-01-02",
        "2026-13-01",
        "1e3",
        "1.5",
        ".5",
        "-1",
        "+1",
        "1_000",
        "0x1F",
        "0b11",
        "a - b",
        "x # y",
        "x #y",
        "Tea & cake",
        "*bold*",
        "**bold**",
        "'q'",
        '"q"',
        "it's",
        "",
        "[a, b]",
        "[1, 02]",
        "<b>",
        "a: b",
        "- x",
        "1. x",
        "|",
        ">",
        "|-",
        "!x",
        "&a",
        "*a",
        "PR1 3BQ",
        "01632 960123",
        "?",
        "%",
        "---",
        "\\",
        "é",
        "\u00a0",
        ".inf",
        "-.5",
    ]
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 2, 4]))
        kind = draw(st.integers(0, 5))
        key, value = draw(WORDS), draw(WORDS)
        if kind == 0:
            lines.append(f"{indent}{key}: {value}")
        elif kind == 1:
            lines.append(f"{indent}- {value}")
        elif kind == 2:
            lines.append(f"{indent}{key}:")
        elif kind == 3:
            lines.append(f"{indent}{key}: {draw(st.sampled_from(['|', '>', '']))}")
        elif kind == 4:
            lines.append(f'{indent}{key}: "{value}"')
        else:
            lines.append(f"{indent}{value}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts())
def test_the_fast_reading_equals_the_node_trees_or_declines(text: str):
    _same_or_declined(text)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("ab :-#'\"\n[],|>0123.e&*!?\\\t")), max_size=80))
def test_the_fast_reading_of_odd_text_equals_the_node_trees_or_declines(text: str):
    _same_or_declined(text)


def _same_or_declined(text: str) -> None:
    """The fast reading of text is None, or the node tree's values with no problem; and every
    text the node tree finds cut by a comment is found by Document.is_cut."""
    fast = load._fast(text)
    if fast is None:
        return
    data, problems, cut = _tree_reading(text)
    assert (fast, problems) == (data, [])
    assert repr(fast) == repr(data)
    doc, _ = load.parse(text.encode(), Path("x.yaml"), "x.yaml")
    assert doc is not None and doc.fast
    for key, _whole in cut.items():
        value: object = data
        for part in key:
            value = value[part]  # type: ignore[index]
        assert isinstance(value, str)
        assert doc.comments and doc.is_cut(key, value.strip()), key


def test_both_cores_take_chunks_and_the_report_is_in_file_order(tmp_path: Path, monkeypatch):
    """With two jobs, the worker process and this one each check some of the chunks they
    take in turn; the problems and records are those of one process, in the same order. A
    worker that dies leaves its chunks to this process."""
    folder = tmp_path / "county"
    write_county(folder, 900)
    one = read_content(folder, TODAY, jobs=1)
    two = read_content(folder, TODAY, jobs=2)
    assert set(c.last_split.values()) == {"main", "worker"}
    assert len(c.last_split) > 16  # small chunks, so neither waits long for the other
    assert two.problems == one.problems and two.services == one.services
    assert two.organisations == one.organisations

    def dies(*args, **kwargs):
        os._exit(3)

    monkeypatch.setattr(c, "_check_chunks_worker", dies)
    alone = read_content(folder, TODAY, jobs=2)
    assert set(c.last_split.values()) == {"main"}
    assert alone.problems == one.problems and alone.services == one.services


def test_files_are_read_with_one_open_and_one_read(tmp_path: Path, monkeypatch):
    """load_file opens each file once and reads it with one system call (no pathlib stat or
    read_bytes); a file over the size limit is still refused with its size."""
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    calls: list[str] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        calls.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    reads: list[int] = []
    real_read = os.read

    def counted_read(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(load.os, "read", counted_read)
    content = read_content(folder, TODAY, jobs=1)
    assert content.ok and calls == []
    files = len(list(folder.glob("**/*.yaml")))
    assert len(reads) == files
    big = write(folder / "services/preston/big.yaml", "name: A\n" + "# x\n" * 20000)
    doc, problems = load.load_file(big, "big.yaml", 64 * 1024)
    assert doc is None and [p.message for p in problems] == [
        "the file is 78 KB; the limit is 64 KB. Split it, or shorten the description."
    ]


def test_files_are_found_from_folder_listings_alone(tmp_path: Path, monkeypatch):
    """Finding the records asks nothing of the file system file by file (no lstat for each
    file to see whether it is a link); a link is still refused, and strays still reported."""
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    (folder / "services/preston/link.yaml").symlink_to(folder / SAMPLE_SERVICE)
    write(folder / "services/preston/notes.txt", "x")
    write(folder / "services/stray.yaml", "name: A\n")
    asked: list[str] = []
    real = Path.is_symlink

    def counted(self: Path) -> bool:
        asked.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "is_symlink", counted)
    content = read_content(folder, TODAY, jobs=1)
    assert asked == []
    said = {(Path(p.file).name, p.message[:20]) for p in content.problems}
    assert ("link.yaml", "symbolic links are n") in said
    assert ("notes.txt", "not a .yaml file, so") in said
    assert ("stray.yaml", "this file is in the ") in said


def test_an_impossible_date_is_the_same_text_both_ways():
    """2026-02-30 is kept as written by both readings (validation says it is not a real
    date); the fast reading takes it."""
    assert load._fast("reviewed: 2026-02-30\n") == {"reviewed": "2026-02-30"}
    _same_or_declined("reviewed: 2026-02-30\n")
    _same_or_declined("reviewed: 2026-13-01\nname: x\n")
