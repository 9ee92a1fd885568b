"""The `directory` command. Each command parses options, calls the pipeline, prints a summary."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from .content import read_content
from .problems import errors, format_problems

CONTENT = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder (site.yaml, taxonomy.yaml, organisations/, services/).",
)


def _today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-28") from None


TODAY = click.option(
    "--today",
    callback=_today,
    metavar="YYYY-MM-DD",
    help="The date to build for (review ages, capacity end dates, list order). "
    "Default: today.",
)


@click.group()
@click.version_option(package_name="directory")
def main() -> None:
    """Build and check a directory of community services."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT
@TODAY
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="github prints workflow annotations for pull requests.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(paths: tuple[Path, ...], content_dir: Path, today: dt.date, fmt: str,
             strict: bool) -> None:
    """Check content files and report every problem at once.

    With PATHS, only those files are checked (against the whole content folder).
    """
    started = time.perf_counter()
    content = read_content(content_dir, today, only=paths or None)
    report = format_problems(content.problems, fmt)
    if report:
        click.echo(report)
    failed = bool(errors(content.problems)) or (strict and bool(content.problems))
    if fmt == "text":
        n_err = len(errors(content.problems))
        n_warn = len(content.problems) - n_err
        summary = (f"{len(content.services)} services and {len(content.organisations)} "
                   f"organisations checked: {n_err} error(s), {n_warn} warning(s) "
                   f"in {time.perf_counter() - started:.2f}s")
        click.echo(summary, err=True)
    sys.exit(1 if failed else 0)


OUT = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                   default=Path("site"), show_default=True, help="Where to write the site.")
TEMPLATES = click.option(
    "--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"), show_default=True,
    help="The site's own templates, used before the package's defaults, file by file.")


@main.command()
@CONTENT
@OUT
@TODAY
@TEMPLATES
def build(content_dir: Path, out_dir: Path, today: dt.date, templates_dir: Path) -> None:
    """Build the site. On any content error nothing is published and the exit status is 1."""
    from .pipeline import build as run_build
    from .report import build_summary

    result = run_build(content_dir, out_dir, today, templates_dir,
                       progress=_progress if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    if result.problems:
        click.echo(format_problems(result.problems, "text"), err=True)
    if not result.ok:
        click.echo(f"Build failed: {len(errors(result.problems))} error(s). Nothing was "
                   f"published; {out_dir} is unchanged.", err=True)
        sys.exit(1)
    click.echo(build_summary(result, out_dir))


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    click.echo(f"\rRendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages",
               nl=False, err=True)


@main.command()
@click.option("--kind", type=click.Choice(["service", "organisation", "site", "taxonomy"]),
              default="service", show_default=True)
def schema(kind: str) -> None:
    """Print the JSON Schema of a content file (for editors' YAML language server)."""
    from .jsonschema import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
