"""A problem found in the content: where it is, what is wrong, how bad it is."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        where = f"{self.file}:{self.line}:"
        label = "" if self.severity == "error" else " warning:"
        field = f" {self.field}:" if self.field else ""
        return f"{where}{label}{field} {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command, so a pull request shows it on the line."""
        title = self.field or "content"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},title={title}::{msg}"


def sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line, p.field, p.message)


def format_problems(problems: list[Problem], fmt: str) -> str:
    problems = sorted(problems, key=sort_key)
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
