"""The `directory` command. Each command parses options, calls the pipeline, prints a summary."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

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
    help="The date to build for (review ages, capacity end dates, list order). Default: today.",
)


@click.group()
@click.version_option(package_name="directory")
def main() -> None:
    """Build and check a directory of community services."""
    # Reading a county makes hundreds of thousands of small objects that all live to the
    # end; with the default threshold the cyclic collector rescans them all again and again
    # (30% of the time of validating 10,000 records). Collect young objects less often.
    gc.set_threshold(100_000, 50, 100)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONTENT
@TODAY
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations for pull requests.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def validate(
    paths: tuple[Path, ...], content_dir: Path, today: dt.date, fmt: str, strict: bool
) -> None:
    """Check content files and report every problem at once.

    With PATHS, only those files are checked (against the whole content folder).
    """
    started = time.perf_counter()
    content = read_content(content_dir, today, only=paths or None)
    if not paths and content.config is not None:
        # Probable duplicates across organisations (insight.py): warnings, so that a pull
        # request adding a likely duplicate shows it on the new file.
        from .insight import duplicate_problems
        from .model import build_site

        site = build_site(
            content.config, content.categories, content.organisations, content.services, today
        )
        content.problems += duplicate_problems(site)
    report = format_problems(content.problems, fmt)
    if report:
        click.echo(report)
    failed = bool(errors(content.problems)) or (strict and bool(content.problems))
    if fmt == "text":
        n_err = len(errors(content.problems))
        n_warn = len(content.problems) - n_err
        summary = (
            f"{len(content.services)} services and {len(content.organisations)} "
            f"organisations checked: {n_err} error(s), {n_warn} warning(s) "
            f"in {time.perf_counter() - started:.2f}s"
        )
        click.echo(summary, err=True)
    sys.exit(1 if failed else 0)


OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where to write the site.",
)
TEMPLATES = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="The site's own templates, used before the package's defaults, file by file.",
)

CACHE = click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep what the last build knew, so the next one redoes only what changed. "
    "Default: .<out>-cache beside the output folder.",
)
NO_CACHE = click.option("--no-cache", is_flag=True, help="Build everything from scratch.")
PREVIOUS = click.option(
    "--previous",
    "previous_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A copy of the previously published site (at least its changes/ folder), to report "
    "what changed since. Default: the output folder, before it is replaced.",
)


def _cache_dir(out_dir: Path, cache_dir: Path | None, no_cache: bool) -> Path | None:
    if no_cache:
        return None
    return cache_dir or out_dir.absolute().parent / f".{out_dir.absolute().name}-cache"


@main.command()
@CONTENT
@OUT
@TODAY
@TEMPLATES
@CACHE
@NO_CACHE
@PREVIOUS
def build(
    content_dir: Path,
    out_dir: Path,
    today: dt.date,
    templates_dir: Path,
    cache_dir: Path | None,
    no_cache: bool,
    previous_dir: Path | None,
) -> None:
    """Build the site. On any content error nothing is published and the exit status is 1."""
    from .pipeline import build as run_build
    from .report import build_summary

    result = run_build(
        content_dir,
        out_dir,
        today,
        templates_dir,
        progress=_progress if sys.stderr.isatty() else None,
        cache_dir=_cache_dir(out_dir, cache_dir, no_cache),
        background_cleanup=True,
        previous=previous_dir or out_dir,
    )
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    if result.problems:
        click.echo(format_problems(result.problems, "text"), err=True)
    if not result.ok:
        click.echo(
            f"Build failed: {len(errors(result.problems))} error(s). Nothing was "
            f"published; {out_dir} is unchanged.",
            err=True,
        )
        sys.exit(1)
    click.echo(build_summary(result, out_dir))


@main.command()
@CONTENT
@OUT
@TODAY
@TEMPLATES
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
def serve(content_dir: Path, out_dir: Path, today: dt.date, templates_dir: Path, port: int) -> None:
    """Build, serve the site on 127.0.0.1 and rebuild when content or templates change."""
    from .pipeline import build as run_build
    from .serve import serve as run_server

    def rebuild() -> bool:
        result = run_build(
            content_dir,
            out_dir,
            today,
            templates_dir,
            cache_dir=_cache_dir(out_dir, None, False),
            previous=out_dir,
        )
        if result.problems:
            click.echo(format_problems(result.problems, "text"), err=True)
        return result.ok

    if not rebuild() and not out_dir.exists():
        click.echo("Fix the errors above, then run this again.", err=True)
        sys.exit(1)
    run_server(out_dir, [content_dir, templates_dir], rebuild, port=port)


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    click.echo(
        f"\rRendering [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages",
        nl=False,
        err=True,
    )


@main.command()
@click.option(
    "--kind",
    type=click.Choice(["service", "organisation", "site", "taxonomy"]),
    default="service",
    show_default=True,
)
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every kind's schema into this folder (refreshes schemas/).",
)
def schema(kind: str, folder: Path | None) -> None:
    """Print the JSON Schema of a content file (for editors' YAML language server)."""
    from .jsonschema import json_schema, write_schemas

    if folder is not None:
        for path in write_schemas(folder):
            click.echo(f"wrote {path}")
        return
    click.echo(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))


@main.command()
@click.option(
    "--kind", type=click.Choice(["service", "organisation"]), default="service", show_default=True
)
@CONTENT
@click.option("--district", help="District slug (the folder), such as preston.")
@click.option("--organisation", help="Id of the organisation that runs the service.")
@click.option("--name", help="The name residents know it by; the file name is made from it.")
@click.option("--summary", help="One sentence for lists and search results.")
@click.option("--category", "categories", multiple=True, help="A category id; repeat for more.")
@click.option("--access", multiple=True, help="How people start using it; repeat for more.")
@click.option("--free/--not-free", default=None, help="Whether the service is free.")
@click.option("--phone", help="A phone number.")
@click.option("--email", help="An email address.")
@click.option("--website", help="A web address (https://...).")
@click.option("--size", help="Organisation size: micro, small, medium, large or major.")
@click.option(
    "--volunteer-led/--not-volunteer-led",
    default=None,
    help="Whether the organisation is run by volunteers.",
)
@click.option("--id", "record_id", help="The file name (id), if not the one made from --name.")
@TODAY
def new(kind: str, content_dir: Path, today: dt.date, **given: Any) -> None:
    """Write a new, commented service or organisation record, asking for what is not given."""
    from .scaffold import Answers, new_record, next_steps

    path = new_record(kind, content_dir, today, Answers(**given))
    content = read_content(content_dir, today, only=[path])
    if content.problems:
        click.echo(format_problems(content.problems, "text"))
    click.echo(next_steps(kind, path))
    sys.exit(1 if errors(content.problems) else 0)
