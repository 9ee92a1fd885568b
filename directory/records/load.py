"""Content files -> documents that remember where each value came from.

YAML is read with libyaml's composer (it keeps line numbers), and the node tree is turned
into plain Python values here rather than by PyYAML's constructor, so that YAML's traps
(duplicate keys, aliases, `no` read as false, `12:00` read as 720) are seen and reported
instead of silently changing what a contributor wrote.

Most files have none of those traps, and composing a node tree is most of the time it takes
to read one. So a file is first read by yaml_rs (a YAML parser in Rust that makes plain
Python values directly, ten times quicker), and that reading is kept only when the file
cannot hold anything the node tree would read differently or report (see _fast); the node
tree is then composed only if a line number or a scalar's raw text is asked for, which is
when there is a problem to report. Every other file is composed at once, as before.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from directory.problems import Problem

try:
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - libyaml is part of the PyYAML wheels
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

Key = tuple[str | int, ...]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

DEFAULT_MAX_BYTES = 64 * 1024
# No record needs groups nested deeper than this; deeper would only exhaust the stack.
MAX_DEPTH = 20
# The first characters of plain scalars YAML 1.1 may read as numbers, dates or times. Words
# YAML 1.1 reads as something other than text are in _WORDS; every other plain scalar is text.
_MAYBE_NUMBER = frozenset("-+.0123456789")
_WORDS = {
    **{
        word: BOOL
        for base in ("yes", "no", "true", "false", "on", "off")
        for word in (base, base.title(), base.upper())
    },
    **dict.fromkeys(("~", "null", "Null", "NULL"), NULL),
    "<<": "tag:yaml.org,2002:merge",
    "=": "tag:yaml.org,2002:value",
}


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """libyaml's loader with a quicker resolver: the composer asks for the type of every
    scalar, and most are text that cannot be anything else (a third of the load time). The
    same types as PyYAML's resolver (YAML 1.1): words from _WORDS, and PyYAML's own
    patterns only for what starts like a number."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return STR
            if not value:
                return NULL
            if value[0] in _MAYBE_NUMBER:
                return str(super().resolve(kind, value, implicit))
            return _WORDS.get(value, STR)
        return SEQ if kind is yaml.SequenceNode else MAP


_DATE = re.compile(r"^(\d{4})-(\d\d?)-(\d\d?)$")
_BOM = b"\xef\xbb\xbf"
# libyaml's own message for a tab in the indentation is cryptic, so look for one first.
_TAB_INDENT = re.compile(r"^[ ]*(?:- )?\t", re.MULTILINE)


# How many files were read each way since the process started (tests count the work).
counts = {"fast": 0, "composed": 0, "composed_later": 0}


@dataclass
class Document:
    """One content file: its data, and the YAML nodes it came from, which know every value's
    line. Lines are looked up only for the few values a problem is reported on.

    A file read by the fast path (fast=True) keeps its text instead of its nodes, and the
    nodes are composed the first time a line or a raw text is asked for."""

    path: Path
    name: str  # the path as shown in messages
    data: Any
    root: yaml.Node | None = None
    # Plain text values followed by ` #` on their line: key -> the whole line's text, as the
    # contributor probably meant it. Validation reports those read as text (see _changed_text).
    cut: dict[Key, str] = field(default_factory=dict)
    text: str | None = None
    # Read by the fast path: every true or false in data was written true or false (any
    # case), so no raw text needs looking up to check a boolean.
    fast: bool = False
    # Read by the fast path from a text with a value followed by a comment: cut is worked
    # out from the node tree when a text value might be one of them (see is_cut).
    comments: bool = False

    def is_cut(self, key: Key, value: str) -> bool:
        """Whether the plain text value at key was followed by ` #` (see cut). value is its
        text: a file read by the fast path composes its tree only when value's last word is
        followed by ` #` somewhere in the file."""
        if self.comments and self.text is not None:
            words = value.split()
            if words and re.search(re.escape(words[-1]) + r"[ \t]+#", self.text):
                text = self.text
                root = self.tree()
                self.comments = False
                if root is not None:
                    _changed_text(root, (), text, self, [])
        return key in self.cut

    @property
    def raw(self) -> RawText:
        return RawText(self.tree())

    def tree(self) -> yaml.Node | None:
        """The root node, composed now if the file was read by the fast path."""
        if self.root is None and self.text is not None:
            counts["composed_later"] += 1
            self.root = yaml.compose(self.text, Loader=_Loader)
            self.text = None
        return self.root

    def line(self, key: Key) -> int:
        """The line of the value at key, or of its nearest parent that has one."""
        return walk(self.tree(), key)[1]


def walk(root: yaml.Node | None, key: Key) -> tuple[yaml.Node | None, int, int]:
    """(the node at key or None, the line of the deepest part of key found, how many parts
    of key were found). A field's line is its name's line."""
    node = root
    line = node.start_mark.line + 1 if node is not None else 1
    for depth, part in enumerate(key):
        child = None
        if isinstance(node, yaml.MappingNode):
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode) and knode.value == part:
                    child, line = vnode, knode.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            return None, line, depth
        node = child
    return node, line, len(key)


class RawText:
    """The text of plain scalars that YAML turned into something other than a string, so
    validation can tell `no` (false) from `false`, and `12:00` (720) from 720."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root  # not the document: no reference cycle, so it is freed at once

    def get(self, key: Key, default: Any = None) -> Any:
        node, _line, found = walk(self.root, key)
        if (
            found == len(key)
            and isinstance(node, yaml.ScalarNode)
            and not node.style
            and node.tag not in (STR, NULL)
        ):
            return node.value
        return default


def load_file(
    path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns no document when it cannot be read at all."""
    try:  # one open, one stat of the open file and one read: half pathlib's system time
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        fd = -1  # said below, with the same words as before
    if fd >= 0:
        try:
            size = os.fstat(fd).st_size
            if size <= max_bytes:
                raw = os.read(fd, size + 1)
                if len(raw) <= size:  # else it grew since: read below
                    return parse(raw, path, name)
        except OSError:
            pass
        finally:
            os.close(fd)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    name,
                    1,
                    "",
                    f"the file is {size // 1024} KB; the limit is "
                    f"{max_bytes // 1024} KB. Split it, or shorten the description.",
                )
            ]
        raw = path.read_bytes()
    except OSError as e:
        return None, [Problem(name, 1, "", f"cannot read the file: {e.strerror}")]
    return parse(raw, path, name)


def parse(raw: bytes, path: Path, name: str) -> tuple[Document | None, list[Problem]]:
    start = raw[:200]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or 3 * start.count(0) >= len(start) > 0:
        # Windows editors' "Unicode" is UTF-16: two bytes a letter, every other one zero
        # for English text, with or without a byte-order mark.
        return None, [
            Problem(
                name,
                1,
                "",
                "the file is saved as UTF-16 (Windows calls it Unicode); save it as UTF-8",
            )
        ]
    if raw.startswith(_BOM):
        return None, [
            Problem(
                name,
                1,
                "",
                "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, [
            Problem(
                name,
                line,
                "",
                f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8",
            )
        ]
    # Most files have no tab at all: the line-by-line pattern runs only on those that do.
    tab = _TAB_INDENT.search(text) if "\t" in text else None
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return None, [
            Problem(
                name,
                line,
                "",
                "a tab is used for indentation; YAML needs spaces (use two spaces per level)",
            )
        ]
    data = _fast(text)
    if data is not None:
        counts["fast"] += 1
        comments = " #" in text and bool(_COMMENT_AFTER_VALUE.search(text))
        return Document(path, name, data, None, text=text, fast=True, comments=comments), []
    counts["composed"] += 1
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except RecursionError:
        return None, [Problem(name, 1, "", "the file nests lists or groups far too deeply")]
    except yaml.MarkedYAMLError as e:
        line, message = _syntax_problem(e, text)
        return None, [Problem(name, line, "", f"YAML syntax error: {message}")]
    except yaml.YAMLError as e:
        return None, [Problem(name, 1, "", f"YAML error: {e}")]
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None, [Problem(name, 1, "", "the file is empty")]
    if len(nodes) > 1:
        return None, [
            Problem(
                name,
                nodes[1].start_mark.line + 1,
                "",
                "the file holds more "
                "than one YAML document (a line with `---`); keep one record "
                "per file",
            )
        ]
    doc = Document(path, name, None, nodes[0])
    problems: list[Problem] = []
    doc.data = _convert(nodes[0], (), doc, problems, set())
    if "&" in text:
        problems += _anchors(text, nodes[0], name)
    if "#" in text or "\n " in text:
        _changed_text(nodes[0], (), text, doc, problems)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                name,
                nodes[0].start_mark.line + 1,
                "",
                "the file should hold fields such as `name: ...`, one per line",
            )
        )
        return None, problems
    return doc, problems


def _anchors(text: str, root: yaml.Node, name: str) -> list[Problem]:
    """A problem for each YAML anchor (`&name` before a value), naming its field: to YAML
    `name: &Co Lunch Club` is the text "Lunch Club" with an anchor called Co, so a word the
    contributor wrote would silently be left out. Anchors come from libyaml's events (the
    node tree does not keep them), matched to the tree's nodes by where they start."""
    anchored: dict[tuple[int, int], str] = {}
    try:
        for event in yaml.parse(text, Loader=_Base):
            anchor = getattr(event, "anchor", None)
            mark = event.start_mark
            if anchor is not None and mark is not None and not isinstance(event, yaml.AliasEvent):
                anchored[(mark.line, mark.column)] = anchor
    except yaml.YAMLError:  # pragma: no cover - the text was composed without error
        return []
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, Key]] = [(root, ())]
    while stack and anchored:
        node, key = stack.pop()
        anchor = anchored.pop((node.start_mark.line, node.start_mark.column), None)
        # An anchored list or group changes nothing by itself (its alias is reported).
        if anchor is not None and isinstance(node, yaml.ScalarNode):
            problems.append(
                Problem(
                    name,
                    node.start_mark.line + 1,
                    _dotted(key),
                    f"'&{anchor}' at the start of a value is a YAML anchor, so it is left out "
                    f"of the value ({node.value!r}); put the whole value in quotes: "
                    f'"&{anchor} {node.value}"',
                )
            )
        if isinstance(node, yaml.MappingNode):
            stack += [(v, (*key, k.value)) for k, v in node.value if isinstance(k.value, str)]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(v, (*key, i)) for i, v in enumerate(node.value)]
    return problems


def _syntax_problem(e: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line (1-based) and words for a YAML syntax error: libyaml's own words, with what
    people usually got wrong when libyaml says them (found by trying each mistake of
    tests/test_validate.py: a quote not closed, an apostrophe in single quotes, a field out
    of line, a missing colon, a value holding ': ')."""
    mark = e.problem_mark or e.context_mark
    line = mark.line if mark else 0
    what = e.problem or "the file is not valid YAML"
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    # The line before this one that holds something (not blank, not only a comment).
    above = next(
        (i for i in range(line - 1, -1, -1) if lines[i].strip() and lines[i].lstrip()[0] != "#"),
        None,
    )
    before = lines[above] if above is not None and above < len(lines) else ""
    if e.context == "while scanning a quoted scalar" and e.context_mark is not None:
        opened = e.context_mark.line
        return opened + 1, (
            f"{what}: the quote that opens on this line is not closed; add the closing "
            "quote at the end of the value"
        )
    if "expected <document start>" in what and above is not None and ":" not in before:
        return above + 1, f"{what} (this line has no ':'; each field is `name: value`)"
    flows = ("while parsing a flow sequence", "while parsing a flow mapping")
    if e.context in flows and e.context_mark is not None:
        opened, close = e.context_mark.line, "]" if "sequence" in e.context else "}"
        return opened + 1, (
            f"{what}: the {'list' if close == ']' else 'group'} that opens on this line "
            f"is not closed; end it with {close} on the same line"
        )
    if what == "did not find expected key" and _SINGLE_QUOTE_CUT.match(here):
        return line + 1, (
            f"{what} (an apostrophe inside text in single quotes ends the text: put the "
            'value in double quotes instead, such as "St Mary\'s Lunch Club")'
        )
    if "mapping values are not allowed" in what:
        if here.count(": ") + here.endswith(":") >= 2:
            hint = "a value containing ': ' needs quotes around it"
        elif above is not None and ":" not in before:
            return above + 1, f"{what} (this line has no ':'; each field is `name: value`)"
        else:
            hint = (
                "this line looks like a field: start it in the same column as the field "
                "above it, or put the value of the line above in quotes"
            )
        return line + 1, f"{what} ({hint})"
    if "expected '-' indicator" in what or what == "did not find expected key":
        return line + 1, (
            f"{what} (this line is not in line with the lines above it: each field of a "
            "group or list item starts in the same column)"
        )
    if "found character '\\t'" in what or "tab" in what:
        return line + 1, f"{what} (use spaces, not tabs)"
    if "could not find expected ':'" in what:
        if e.context == "while scanning a simple key" and e.context_mark is not None:
            return e.context_mark.line + 1, f"{what} (each field is `name: value`)"
        return line + 1, f"{what} (each field needs `name: value`; check the line above too)"
    return line + 1, what


# A value in single quotes followed by more text: `name: 'St Mary's Lunch Club'`.
_SINGLE_QUOTE_CUT = re.compile(r"^\s*(?:- )?[\w.-]+:\s*'[^']*'\S")


def _convert(
    node: yaml.Node, key: Key, doc: Document, problems: list[Problem], seen: set[int]
) -> Any:
    """A container node's value. Scalars are converted by _scalar, which is given its
    parent's key and its own part separately: building a key for every value would cost a
    third of the time, and it is needed only when there is a problem to report."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, key, None, doc, problems)
    if len(key) >= MAX_DEPTH:
        problems.append(
            Problem(
                doc.name,
                node.start_mark.line + 1,
                _dotted(key),
                f"lists or groups are nested more than {MAX_DEPTH} deep; no field needs that",
            )
        )
        return None
    # An alias makes two places share one node; expanding them can blow up (the
    # "billion laughs"), and anchors are too clever for a contributor's record.
    if id(node) in seen:
        problems.append(
            Problem(
                doc.name,
                node.start_mark.line + 1,
                _dotted(key),
                "YAML anchors and aliases (& and *) are not allowed; write the value out",
            )
        )
        return None
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [
            _scalar(item, key, i, doc, problems)
            if type(item) is yaml.ScalarNode
            else _convert(item, (*key, i), doc, problems, seen)
            for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            if knode.tag == STR and type(knode) is yaml.ScalarNode:
                # The usual field name: plain text, not seen before in this group.
                k = knode.value
                if k not in first:
                    first[k] = knode
                    if type(vnode) is yaml.ScalarNode:
                        if vnode.tag == STR or vnode.style:
                            out[k] = vnode.value
                        else:
                            out[k] = _scalar(vnode, key, k, doc, problems)
                    else:
                        out[k] = _convert(vnode, (*key, k), doc, problems, seen)
                    continue
            line = knode.start_mark.line + 1
            if knode.tag == "tag:yaml.org,2002:merge":
                problems.append(
                    Problem(doc.name, line, _dotted(key), "YAML merge keys (<<) are not allowed")
                )
                continue
            if not isinstance(knode, yaml.ScalarNode) or knode.tag not in (STR, BOOL, INT):
                problems.append(
                    Problem(doc.name, line, _dotted(key), "a field name must be plain text")
                )
                continue
            k = knode.value
            if knode.tag == BOOL:
                problems.append(
                    Problem(
                        doc.name,
                        line,
                        _dotted((*key, k)),
                        f"the field name {k!r} is read by YAML as true/false; put it in quotes",
                    )
                )
                continue
            if k in first:
                problems.append(
                    Problem(
                        doc.name,
                        line,
                        _dotted((*key, k)),
                        f"the field {k!r} appears twice (first on line "
                        f"{_line(first[k])}); YAML would silently keep only the last "
                        "one. Delete one of them",
                    )
                )
                continue
            first[k] = knode
            if type(vnode) is yaml.ScalarNode:
                out[k] = _scalar(vnode, key, k, doc, problems)
            else:
                out[k] = _convert(vnode, (*key, k), doc, problems, seen)
        return out
    return None  # pragma: no cover


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


_COMMENT_AFTER = re.compile(r"[ \t]+#([^\n]*)")
_LIST_LINE = re.compile(r"\n[ \t]*(?:[-*+]|[0-9]+[.)])[ \t]")


def _changed_text(
    node: yaml.Node,
    key: Key,
    text: str,
    doc: Document,
    problems: list[Problem],
    comments: bool | None = None,
) -> None:
    """Find text that YAML reads differently from how it looks, without any error of its own:
    a plain value followed by ` #` (the rest of the line is a comment, so `name: Shed #2
    Woodwork Group` reads as "Shed"; kept in doc.cut for validation, which knows which fields
    are text rather than a choice with a note after it), and a list written in a plain or
    quoted value running over several lines (YAML joins the lines, so the items run together,
    reported here)."""
    if comments is None:  # a comment after a value needs a space or tab before its #
        comments = " #" in text or "\t#" in text
    if len(key) >= MAX_DEPTH:
        return
    if isinstance(node, yaml.MappingNode):
        children: Iterable[tuple[str | int, yaml.Node]] = (
            (k.value, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)
        )
    elif isinstance(node, yaml.SequenceNode):
        children = enumerate(node.value)
    else:
        return
    for part, child in children:
        if type(child) is not yaml.ScalarNode:
            _changed_text(child, (*key, part), text, doc, problems, comments)
            continue
        style = child.style
        if style and style not in ('"', "'"):
            continue  # block scalars (| and >) keep or fold lines as asked
        if comments and not style and child.tag == STR:
            m = _COMMENT_AFTER.match(text, child.end_mark.index)
            if m:
                doc.cut[(*key, part)] = f"{child.value} #{m.group(1).rstrip()}"
        start, end = child.start_mark, child.end_mark
        if end.line > start.line and _LIST_LINE.search(text, start.index, end.index):
            problems.append(
                Problem(
                    doc.name,
                    start.line + 1,
                    _dotted((*key, part)),
                    "this text runs over several lines without `|`, so YAML joins them into "
                    "one line and its list items run together; write `|` after the field's "
                    "name and start the text on the next line, indented",
                )
            )


def _scalar(
    node: yaml.ScalarNode,
    parent: Key,
    part: str | int | None,
    doc: Document,
    problems: list[Problem],
) -> Any:
    tag, value = node.tag, node.value
    if tag == STR or node.style:  # text; quoted or block scalars are always text
        return value
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() in ("true", "yes", "on", "y")
    if tag == INT:
        return _int(value)
    if tag == FLOAT:
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value  # .inf, .nan or sexagesimal floats: leave to validation as text
    key = parent if part is None else (*parent, part)
    if tag == TIMESTAMP:
        m = _DATE.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                # 2026-02-30: kept as the text, so validation says it is not a real date
                # (a missing value would also be reported as missing).
                return value
        return value  # a date and time: left as text, validation says what is wanted
    problems.append(
        Problem(
            doc.name,
            node.start_mark.line + 1,
            _dotted(key),
            f"YAML tags such as {tag!r} are not allowed",
        )
    )
    return None


def _int(value: str) -> int | str:
    v = value.replace("_", "")
    sign = -1 if v.startswith("-") else 1
    v = v.lstrip("+-")
    try:
        if ":" in v:  # YAML 1.1 base 60: 12:00 -> 720
            total = 0
            for part in v.split(":"):
                total = total * 60 + int(part)
            return sign * total
        if v.startswith("0b"):
            return sign * int(v[2:], 2)
        if v.startswith("0x"):
            return sign * int(v[2:], 16)
        if len(v) > 1 and v.startswith("0"):
            return sign * int(v, 8)
        return sign * int(v)
    except ValueError:
        return value


def _dotted(key: Iterable[str | int]) -> str:
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


dotted = _dotted


# -- the fast path --------------------------------------------------------------------------

# What in a file's text leaves it to the node tree, because the node tree could read it
# differently from yaml_rs (YAML 1.2) or would report it: characters libyaml refuses or reads
# as line breaks, tabs, carriage returns and backslash escapes (the parsers differ at the
# edges), flow mappings, merge keys, document markers and directives, complex keys, tags,
# anchors and aliases, a quoted text running over lines, block
# text folded (`>`) or with its last line break stripped (`|-`), lists nested three deep on
# one line and deep indentation (yaml_rs recurses once a level), and numbers that YAML 1.1
# and 1.2 read differently (leading zeros, 0o and 0b, exponents, `-.5`), written as a whole
# plain value. Each pattern starts with a literal character, so that searching is quick, and
# looks behind it for the rest (Python's re scans slowly for a pattern that starts otherwise).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029]")
_NOT_FAST = tuple(
    re.compile(pattern).search
    for pattern in (
        r"\?(?<=[\s\[,]\?)(?=\s|\Z)",  # a complex key
        r"!(?<=[\s\[,]!)(?=\S)",  # a tag
        r"&(?<=[\s\[,]&)(?=\S)",  # an anchor
        r"\*(?<=[\s\[,]\*)(?=[^\s*])",  # an alias (not **bold**)
        r'"(?<=[\s\[,:-]")[^"\n]*\n',  # a quoted text running over lines
        r"'(?<=[\s\[,:-]')[^'\n]*\n",
        r">(?<= >)",  # folded block text
        r"\|(?=[0-9]?-)",  # block text with its last line break stripped
        r"-(?= +- +- )",  # lists nested three deep on one line
    )
)
_COMMENT_AFTER_VALUE = re.compile(r"\S +#")
# Where a number YAML 1.1 and 1.2 may read differently could start: a 0 at the start of a
# word (after an optional sign), an e after a digit or a dot, or a sign before a dot.
_NUMBER_HINTS = tuple(
    re.compile(pattern)
    for pattern in (r"0(?<=[\s\[,]0)", r"0(?<=[\s\[,][-+]0)", r"e(?<=[0-9.]e)", r"E(?<=[0-9.]E)")
)
_NUMBER_TRAP = re.compile(
    r"[-+]?(?:0[0-9a-zA-Z_]|[0-9.][0-9._]*[eE]|\.)[^\s,\]]*[ ]*(?:$|[,\]])", re.MULTILINE
)
_WORD_START = frozenset(" \n[,")
_VALUE_START = frozenset(":-?[,\n")


def _fast_allowed(text: str) -> bool:
    """Whether nothing in text is of the kinds above (see _fast). A value followed by a
    comment is allowed: see Document.is_cut."""
    if "\\" in text or "{" in text or "<<" in text or "\t" in text or "\r" in text:
        return False
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return False  # block text ending the file without a line break: yaml_rs adds one
    if not text.replace("\n", "").isprintable() and _UNPRINTABLE.search(text):
        return False
    if text.startswith(("---", "...", "%", "?", "!", "&", "*", '"', "'")):
        return False
    if "\n---" in text or "\n..." in text or "\n%" in text:
        return False
    if "\n" + " " * 40 in text or "+." in text or "-." in text:
        return False  # deep indentation; a sign before a dot
    for search in _NOT_FAST:
        if search(text):
            return False
    for m in (m for hint in _NUMBER_HINTS for m in hint.finditer(text)):
        # Back to the start of the word, then: is the word a whole plain value?
        i = m.start()
        while i and text[i - 1] not in _WORD_START:
            i -= 1
        j = i
        while j and text[j - 1] == " ":
            j -= 1
        if (j == 0 or text[j - 1] in _VALUE_START) and _NUMBER_TRAP.match(text, i):
            return False
    return True


# A list item's start after a space or a line break: what a text running over several lines
# without `|` turns its list lines into (see _changed_text).
_FOLDED_ITEM = re.compile(r"[ \n](?:[-*+]|[0-9]+[.)]) ")
_PLAIN_BEFORE = frozenset(" \n[,{?:-")
_PLAIN_AFTER = frozenset(" \n:,]}")


class _Declined(Exception):
    """The fast reading is not certain to equal the node tree's."""


def _fast(text: str) -> dict[str, Any] | None:
    """The file's values as the node tree would give them, or None when that is not certain
    (then the file is composed). Never raises."""
    if not _fast_allowed(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except (KeyboardInterrupt, SystemExit):  # pragma: no cover
        raise
    except BaseException:  # a YAML error (the node tree says where), or a parser panic
        return None
    if type(data) is not dict:
        return None
    try:
        return _fast_map(data, 0, text)
    except _Declined:
        return None


def _fast_map(data: dict[Any, Any], depth: int, text: str) -> dict[str, Any]:
    """data checked, and changed in place where YAML 1.1 reads a value otherwise."""
    if depth >= MAX_DEPTH:
        raise _Declined
    for k, v in data.items():
        if type(k) is not str:
            raise _Declined
        if (
            k
            and (k[0] in _MAYBE_NUMBER or k in _WORDS)
            and _plain_tag(k) != STR
            and (_plain_in(text, k) or not _quoted_in(text, k))
        ):
            raise _Declined  # a name YAML 1.1 reads as a number or true/false
        t = type(v)
        if t is str:
            if v and (v[0] in _MAYBE_NUMBER or v in _WORDS or " " in v or v.isspace()):
                data[k] = _fast_text(v, text)
        elif t is dict:
            _fast_map(v, depth + 1, text)
        elif t is list:
            _fast_list(v, depth + 1, text)
        elif t is float:
            if v - v != 0:  # inf or nan: YAML 1.1 reads .inf as text here
                raise _Declined
        elif not (t is bool or t is int or v is None):
            raise _Declined
    return data


def _fast_list(data: list[Any], depth: int, text: str) -> None:
    if depth >= MAX_DEPTH:
        raise _Declined
    for i, v in enumerate(data):
        t = type(v)
        if t is str:
            if v and (v[0] in _MAYBE_NUMBER or v in _WORDS or " " in v or v.isspace()):
                data[i] = _fast_text(v, text)
        elif t is dict:
            _fast_map(v, depth + 1, text)
        elif t is list:
            _fast_list(v, depth + 1, text)
        elif t is float:
            if v - v != 0:
                raise _Declined
        elif not (t is bool or t is int or v is None):
            raise _Declined


def _fast_text(v: str, text: str) -> Any:
    """A text yaml_rs read, as YAML 1.1 reads it."""
    if v.isspace():
        raise _Declined  # an empty block text is "" to libyaml, "\n" to yaml_rs
    if v[0] in _MAYBE_NUMBER or v in _WORDS:
        tag = _plain_tag(v)
        if tag != STR:
            # Text to yaml_rs, something else to YAML 1.1 if it was written plain.
            quoted, plain = _quoted_in(text, v), _plain_in(text, v)
            if quoted == plain:
                raise _Declined
            return v if quoted else _plain_value(v, tag)
    if (
        not v.endswith("\n")
        and _FOLDED_ITEM.search(v)
        and not (v + "\n" in text or v + '"' in text or v + "'" in text)
    ):
        raise _Declined  # perhaps a text over several lines with list items in it
    return v


def _quoted_in(text: str, value: str) -> bool:
    return f'"{value}"' in text or f"'{value}'" in text


def _plain_in(text: str, value: str) -> bool:
    """Whether value stands anywhere in text where a plain scalar could: after a space, a
    line break or a flow indicator, and before one."""
    end = len(text)
    i = text.find(value)
    while i >= 0:
        j = i + len(value)
        if (i == 0 or text[i - 1] in _PLAIN_BEFORE) and (j == end or text[j] in _PLAIN_AFTER):
            return True
        i = text.find(value, i + 1)
    return False


_RESOLVER = _Loader("")


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str) -> str:
    """The type YAML 1.1 (as _Loader resolves it) gives value written as a plain scalar."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))


def _plain_value(value: str, tag: str) -> Any:
    """What _scalar makes of value written plain, or _Declined where _scalar would report a
    problem or validation would need the raw text (true or false not written so)."""
    if tag == NULL:
        return None
    if tag == BOOL:
        if value.lower() not in ("true", "false"):
            raise _Declined
        return value.lower() == "true"
    if tag == INT:
        return _int(value)
    if tag == FLOAT:
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == TIMESTAMP:
        m = _DATE.match(value)
        if not m:
            return value
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value  # not a real date: validation says so, as when composed
    raise _Declined
