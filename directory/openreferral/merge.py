"""What each import wrote, kept beside the content, so that importing the same source again
keeps what people changed here since (a three-way merge, field by field).

The record: `content/.imported/<source>.yaml`, one file per source, committed with the
content (the content loader reads only `services/`, `organisations/`, `site.yaml` and
`taxonomy.yaml`, and skips names starting with a dot):

    source: council-feed.json
    services:
      <source id>: {file: services/preston/lunch-club.yaml, written: {...the record...}}
    organisations:
      <source id>: {file: organisations/age-concern.yaml, written: {...}}

`written` is the record exactly as that import wrote it (without the `imported` group). On
the next import, for each top-level field of a record: changed only in the source -> the
source's value; changed only here -> kept; changed in both -> kept, and the report names the
file and the field; `reviewed` added here is always kept. A record imported before this
record existed has no base: every field that differs is kept as it is here, and said.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FOLDER = ".imported"
HEADER = (
    "# What `directory import` last wrote for each record of this source, so that importing\n"
    "# it again keeps what was changed here since. Keep it with the content; do not edit it.\n"
)
NOT_MERGED = {"imported"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "source"


class Bases:
    """The record of one source's last import: what was written, by kind and source id."""

    def __init__(self, content_dir: Path, source: str) -> None:
        self.source = source
        folder = content_dir / FOLDER
        path = folder / f"{_slug(source)}.yaml"
        data = self._read(path)
        if data is not None and data.get("source") != source:
            # Two sources whose names make the same file name: the second gets a suffix.
            digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()[:8]
            path = folder / f"{_slug(source)}-{digest}.yaml"
            data = self._read(path)
        self.path = path
        data = data or {}
        self.entries: dict[str, dict[str, Any]] = {
            kind: dict(data.get(kind) or {}) for kind in ("services", "organisations")
        }
        self._text = self.dump()

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        if not path.exists():
            return None
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        return data if isinstance(data, dict) else None

    def get(self, kind: str, sid: str) -> dict[str, Any] | None:
        """{file, written} for a source id, or None when no import recorded one."""
        entry = self.entries[kind].get(str(sid))
        return entry if isinstance(entry, dict) else None

    def set(self, kind: str, sid: str, file: str, written: dict[str, Any]) -> None:
        rec = {k: v for k, v in written.items() if k not in NOT_MERGED}
        self.entries[kind][str(sid)] = {"file": file, "written": rec}

    def dump(self) -> str:
        data = {
            "source": self.source,
            **{kind: dict(sorted(self.entries[kind].items())) for kind in self.entries},
        }
        return HEADER + yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )

    def save(self) -> None:
        """Write the record when it changed (the same import twice leaves it as it was)."""
        text = self.dump()
        if text == self._text:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(text, encoding="utf-8")
        self._text = text


@dataclass
class Merged:
    record: dict[str, Any]
    from_source: list[str] = field(default_factory=list)  # fields updated from the source
    kept: list[str] = field(default_factory=list)  # changed here only: kept
    both: list[str] = field(default_factory=list)  # changed here and in the source: kept ours
    unknown: list[str] = field(default_factory=list)  # no base: differing, kept ours


def merge(base: dict[str, Any] | None, ours: dict[str, Any], theirs: dict[str, Any]) -> Merged:
    """Three-way merge of one record, by top-level field.

    base: what the last import wrote (None when it is not known); ours: the file as it is
    now; theirs: what this import would write. Values compare as YAML reads them. The
    `imported` group is the source's (theirs); the order of fields is theirs, then any
    field only ours has.
    """
    out: dict[str, Any] = {}
    m = Merged(out)
    keys = [k for k in theirs if k not in NOT_MERGED]
    keys += [k for k in ours if k not in theirs and k not in NOT_MERGED]
    for k in keys:
        o, t = ours.get(k), theirs.get(k)
        if o == t:
            value = o
        elif base is None:
            value = o
            m.unknown.append(k)
        else:
            b = base.get(k)
            if o == b:
                value = t
                m.from_source.append(k)
            elif t == b:
                value = o
                m.kept.append(k)
            else:
                value = o
                m.both.append(k)
        if k == "reviewed" and o is not None:
            value = o  # a check made here is always kept
        if value is not None:
            out[k] = value
    out["imported"] = theirs.get("imported") if m.from_source else ours.get("imported")
    if out["imported"] is None:
        out["imported"] = theirs.get("imported")
    return m


def normal(text: str) -> dict[str, Any]:
    """A record as the file would give it back (dates as dates, no comments)."""
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}
