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

from directory.problems import errors, format_problems
from directory.records.content import read_content

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
    content = read_content(content_dir, today, only=paths or None, lean=True)
    if not paths and content.config is not None:
        # Probable duplicates across organisations (insight.py): warnings, so that a pull
        # request adding a likely duplicate shows it on the new file. From the records, so
        # validation never builds the site model (a second or so at 10,000 services).
        from directory.outputs.insight import record_duplicate_problems

        content.problems += record_duplicate_problems(content.organisations, content.services)
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
    from directory.build.pipeline import build as run_build
    from directory.build.report import build_summary

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
    from directory.build.pipeline import build as run_build
    from directory.build.serve import serve as run_server

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
    from directory.records.jsonschema import json_schema, write_schemas

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
    "--type",
    "org_type",
    help="Organisation type: voluntary-community-group, charity, faith-group, "
    "social-enterprise, council, nhs or other.",
)
@click.option(
    "--volunteer-led/--not-volunteer-led",
    default=None,
    help="Whether the organisation is run by volunteers.",
)
@click.option("--id", "record_id", help="The file name (id), if not the one made from --name.")
@TODAY
def new(kind: str, content_dir: Path, today: dt.date, **given: Any) -> None:
    """Write a new, commented service or organisation record, asking for what is not given."""
    from directory.contribute.scaffold import Answers, new_record, next_steps

    path = new_record(kind, content_dir, today, Answers(**given))
    content = read_content(content_dir, today, only=[path])
    if content.problems:
        click.echo(format_problems(content.problems, "text"))
    click.echo(next_steps(kind, path, content_dir))
    sys.exit(1 if errors(content.problems) else 0)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", required=True, help="The site's title.")
@click.option("--council", required=True, help="The council that runs the directory.")
@click.option(
    "--district", "districts", multiple=True, required=True, help="A district's name; repeat."
)
@click.option(
    "--base-url",
    default="https://example.org/",
    show_default=True,
    help="Where the site will be published.",
)
@click.option(
    "--email",
    default="directory@example.org",
    show_default=True,
    help="Where corrections go.",
)
@click.option("--area", default="All areas", show_default=True, help="The districts' area.")
def init(
    folder: Path,
    title: str,
    council: str,
    districts: tuple[str, ...],
    base_url: str,
    email: str,
    area: str,
) -> None:
    """Make a new content folder (site.yaml, a starter taxonomy, pages) that validates."""
    from directory.openreferral.newsite import init_site

    try:
        written = init_site(folder, title, council, list(districts), base_url, email, area)
    except (FileExistsError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    content = read_content(folder, dt.date.today())
    if content.problems:
        click.echo(format_problems(content.problems, "text"), err=True)
    click.echo(
        f"Wrote {len(written)} files in {folder}. Next: directory import oruk FEED "
        f"--content {folder}, then directory build --content {folder}."
    )
    sys.exit(1 if errors(content.problems) else 0)


def _imported(report: Any, content_dir: Path, today: dt.date) -> None:
    """Print an import's report and what validation says of the content folder now; exit 1
    if a source could not be read or the folder has errors."""
    click.echo(report.text())
    content = read_content(content_dir, today)
    if content.problems:
        click.echo(format_problems(content.problems, "text"), err=True)
    sys.exit(1 if report.problems or errors(content.problems) else 0)


@main.group(name="import")
def import_() -> None:
    """Bring an existing list of services into a content folder."""


@import_.command(name="oruk")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@CONTENT
@click.option("--district", help="Put every record in this district (a slug in site.yaml).")
@click.option(
    "--add-categories",
    is_flag=True,
    help="Add taxonomy terms that match no category (and their parents) to taxonomy.yaml.",
)
@click.option(
    "--source",
    "source_name",
    help="The name records remember as their source. Default: the file's name.",
)
@TODAY
def import_oruk(
    sources: tuple[Path, ...],
    content_dir: Path,
    district: str | None,
    add_categories: bool,
    source_name: str | None,
    today: dt.date,
) -> None:
    """Import an Open Referral UK feed: JSON (a service, a list or a page), .ndjson, a
    tabular data package, or a folder of them. Prints what happened to every record."""
    from directory.openreferral.importer import ImportError_
    from directory.openreferral.importer import import_oruk as run_import

    try:
        report = run_import(
            list(sources), content_dir, today, district, add_categories, source_name
        )
    except ImportError_ as e:
        raise click.ClickException(str(e)) from None
    _imported(report, content_dir, today)


@import_.command(name="spreadsheet")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    required=True,
    type=click.Path(path_type=Path),
    help="A YAML file naming the column of each field, or the name of a shipped one "
    "(dfe-local-authority-data-capture).",
)
@CONTENT
@click.option("--district", help="Put every record in this district (a slug in site.yaml).")
@click.option("--add-categories", is_flag=True, help="Add unmatched categories to taxonomy.yaml.")
@click.option("--source", "source_name", help="The name records remember as their source.")
@TODAY
def import_spreadsheet(
    file: Path,
    mapping: Path,
    content_dir: Path,
    district: str | None,
    add_categories: bool,
    source_name: str | None,
    today: dt.date,
) -> None:
    """Import a council's spreadsheet (CSV or XLSX), its columns named by a mapping file."""
    from directory.openreferral.importer import ImportError_, import_records
    from directory.openreferral.spreadsheet import read_mapping, read_spreadsheet

    try:
        notices: list[str] = []
        records = read_spreadsheet(file, read_mapping(mapping), notices)
        report = import_records(
            records, [], content_dir, today, district, add_categories, source_name, notices
        )
    except ImportError_ as e:
        raise click.ClickException(str(e)) from None
    _imported(report, content_dir, today)


@main.command("from-issue")
@click.argument("body", type=click.Path(dir_okay=False, path_type=Path))
@CONTENT
@TODAY
@click.option(
    "--comment",
    "comment_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="On problems, write the reply to the issue (Markdown) into this file.",
)
@click.option(
    "--pr-body",
    "pr_body_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="On success, write the pull request's description (Markdown) into this file.",
)
@click.option("--issue", "issue_number", help="The issue's number, for the pull request.")
def from_issue(
    body: Path,
    content_dir: Path,
    today: dt.date,
    comment_file: Path | None,
    pr_body_file: Path | None,
    issue_number: str | None,
) -> None:
    """Turn a submitted "Suggest or correct a service" issue into a checked record file.

    BODY is the issue's text as GitHub renders the issue form. The record is written into
    content/services/<district>/<file name>.yaml only if it passes the same checks as
    `directory validate`; otherwise each problem is printed, naming the field, and the
    exit status is 1.
    """
    from directory.contribute.issue import comment, pull_request_body
    from directory.contribute.issue import from_issue as convert

    try:
        text = body.read_bytes().decode("utf-8", errors="replace")
    except OSError as e:
        raise click.ClickException(f"cannot read {body}: {e.strerror}") from None
    result = convert(text, content_dir, today)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not result.ok:
        for problem in result.problems:
            click.echo(problem)
        if comment_file is not None:
            comment_file.write_text(comment(result), encoding="utf-8")
        sys.exit(1)
    assert result.path is not None
    if result.removed is not None:
        click.echo(f"removed {result.removed}")
    if result.organisation is not None:
        click.echo(f"wrote {result.organisation}")
    click.echo(f"wrote {result.path}")
    if pr_body_file is not None:
        pr_body_file.write_text(pull_request_body(result, issue_number), encoding="utf-8")


@main.command("issue-template")
@click.option(
    "--write",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write it into this folder (refreshes .github/ISSUE_TEMPLATE/).",
)
def issue_template(folder: Path | None) -> None:
    """Print the GitHub issue form that the site's "Suggest a service" form fills in."""
    from directory.contribute.issue import TEMPLATE_FILE
    from directory.contribute.issue import issue_template as text

    if folder is None:
        click.echo(text(), nl=False)
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEMPLATE_FILE).write_text(text(), encoding="utf-8")
    click.echo(f"wrote {folder / TEMPLATE_FILE}")


@main.command()
@click.argument("changed", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="The built site.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("preview"),
    show_default=True,
    help="Where to copy the changed pages, for the workflow's artifact.",
)
def preview(changed: Path, site_dir: Path, out_dir: Path) -> None:
    """Show the pages a pull request changes, for its reviewers.

    CHANGED is a file listing the changed content files, one a line (`git diff --name-only`).
    Prints their pages' text as Markdown (for the job summary) and copies the pages, with the
    site's assets, into --out.
    """
    from directory.contribute.preview import copy_pages, summary
    from directory.contribute.preview import preview as find

    try:
        names = changed.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        raise click.ClickException(f"cannot read {changed}: {e.strerror}") from None
    found = find(names, site_dir)
    copy_pages(found, site_dir, out_dir)
    click.echo(summary(found), nl=False)


@main.command("send-digest")
@click.option(
    "--digests",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site/digest"),
    show_default=True,
    help="The built site's digest/ folder (a .txt and an .html file per district).",
)
def send_digest(folder: Path) -> None:
    """Email each district's weekly digest to the people who asked for it.

    The mail service and the recipients come from environment variables (repository
    secrets): DIGEST_SMTP_HOST, DIGEST_SMTP_PORT, DIGEST_SMTP_USER, DIGEST_SMTP_PASSWORD,
    DIGEST_SMTP_SECURITY, DIGEST_FROM and DIGEST_RECIPIENTS ("preston: a@x.org, b@y.org",
    a line per district). See README, "Following a district".
    """
    import os

    from directory.build.mail import MailError, send, settings

    if not folder.is_dir():
        raise click.ClickException(f"{folder} is not a folder of digests: build the site first")
    try:
        sent = send(folder, settings(os.environ))
    except MailError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Sent {sent} digest email(s).")
