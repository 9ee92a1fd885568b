"""Text from a source as it was meant: the file's encoding found, and mojibake repaired.

A CSV saved by Excel on Windows as plain "CSV" is in Windows-1252, not UTF-8 (`£` is the byte
0xA3). A file is read as UTF-8 (with or without a byte-order mark), then as UTF-16 when it
starts with that byte-order mark, then as Windows-1252, and the report says which, with the
advice to save as "CSV UTF-8". Text that was UTF-8 read once as Windows-1252 somewhere before
it reached the source (`CafÃ©`, `Donâ€™t`) is repaired with ftfy's encoding fixer only (no
other changes to what the source wrote), and noted field by field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ftfy

SAVE_AS = 'save it from Excel as "CSV UTF-8 (Comma delimited)" to be sure'


class NotText(Exception):
    """A file in no encoding the import can read."""


def decode(raw: bytes, path: Path) -> tuple[str, str | None]:
    """(the text, a note when it was not UTF-8)."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        first_bad = e.start
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode(
                "utf-16"
            ), f"{path.name}: read as UTF-16 (it has that byte-order mark)"
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise NotText(
            f"{path}: not UTF-8 (byte 0x{raw[first_bad]:02x} at position {first_bad} is not "
            f"UTF-8) nor Windows-1252; {SAVE_AS}"
        ) from None
    return text, (
        f"{path.name}: not UTF-8, so read as Windows-1252, the encoding of Excel's plain "
        f'"CSV" on Windows (check £, é and quotes came through); {SAVE_AS}'
    )


def read(path: Path) -> tuple[str, str | None]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise NotText(f"{path}: {e}") from None
    return decode(raw, path)


def repair(data: Any, notes: list[str], path: str = "") -> Any:
    """Every text of a nested object with its mojibake repaired (and noted)."""
    if isinstance(data, dict):
        return {
            k: v if str(k).startswith("_") else repair(v, notes, f"{path}.{k}" if path else k)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [repair(v, notes, f"{path}[{n}]") for n, v in enumerate(data)]
    if not isinstance(data, str) or data.isascii():
        return data
    fixed = ftfy.fix_encoding(data)
    if fixed != data:
        shown = data if len(data) <= 60 else data[:57] + "..."
        notes.append(
            f"{path or 'text'}: {shown!r} was garbled by a wrong encoding somewhere before "
            "this source (mojibake); repaired"
        )
    return fixed
