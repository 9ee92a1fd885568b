"""`directory from-issue`: issue bodies as GitHub renders the issue form -> checked record
files, or plain-English problems naming the field. Offline, with sample and hostile bodies."""

from __future__ import annotations

from pathlib import Path

import yaml

from directory.contribute.issue import FIELDS, MAX_BODY, TEMPLATE_FILE, issue_template, parse_body

from .conftest import EXAMPLE, ROOT, SAMPLE_SERVICE, TODAY, write

RECORD = """\
# yaml-language-server: $schema=../../../schemas/service.schema.json
name: Knit and Natter
organisation: preston-age-friendly-network
summary: Knitting, crochet and a cuppa for anyone who likes making things.
categories: [lunch-clubs]
access: [drop-in]
cost:
  free: true
contacts:
  email: knit@example.org
schedule:
  - days: [wednesday]
    opens: "14:00"
    closes: "16:00"
reviewed: "2026-11-20"
"""


def body(
    record: str = RECORD,
    district: str = "preston",
    file_name: str = "knit-and-natter",
    changes: str = "",
    notes: str = "",
    organisation_name: str = "",
    crlf: bool = True,
) -> str:
    """An issue body exactly as GitHub renders the issue form (CRLF line ends and all)."""
    answers = {
        "record": f"```yaml\n{record}\n```" if record else "",
        "district": district,
        "file_name": file_name,
        "changes": changes,
        "notes": notes,
        "organisation_name": organisation_name,
    }
    parts = []
    for f in FIELDS:
        parts.append(f"### {f.label}\n\n{answers[f.id] or '_No response_'}")
    text = "\n\n".join(parts) + "\n"
    return text.replace("\n", "\r\n") if crlf else text


def convert(run, body_file: Path, content: Path, *extra: str):  # type: ignore[no-untyped-def]
    """`directory from-issue` on a body file, for the tests' date."""
    return run(
        "from-issue", str(body_file), "--content", str(content), "--today", "2026-11-28", *extra
    )


def built_page(run, content: Path, tmp_path: Path, service_id: str) -> str:  # type: ignore[no-untyped-def]
    """Build the content and read back one service's page."""
    built = run(
        "build",
        "--content",
        str(content),
        "--out",
        str(tmp_path / "site"),
        "--today",
        "2026-11-28",
        "--no-cache",
    )
    assert built.exit_code == 0, built.output
    return (tmp_path / "site" / "services" / service_id / "index.html").read_text()


def test_committed_issue_template_is_current():
    path = ROOT / ".github" / "ISSUE_TEMPLATE" / TEMPLATE_FILE
    assert path.read_text(encoding="utf-8") == issue_template(), (
        "run: directory issue-template --write .github/ISSUE_TEMPLATE"
    )
    data = yaml.safe_load(issue_template())
    ids = [item["id"] for item in data["body"] if "id" in item]
    assert ids == [f.id for f in FIELDS] and len(set(ids)) == len(ids)
    # Query parameters GitHub keeps for itself must not be field ids.
    assert not set(ids) & {"title", "body", "labels", "template", "assignees", "milestone"}


def test_parse_body_reads_answers_and_no_response():
    parsed = parse_body(body(notes="I run it.\n\n### Not a field\nstill notes"))
    assert parsed.problems == []
    assert parsed.answers["district"] == "preston"
    assert parsed.answers["changes"] == ""
    assert parsed.answers["record"] == RECORD
    assert parsed.answers["notes"] == "I run it.\n\n### Not a field\nstill notes"


def test_new_service_is_written_and_valid(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(notes="I help run it."))
    result = convert(run, b, content, "--pr-body", str(tmp_path / "pr.md"), "--issue", "42")
    assert result.exit_code == 0, result.output
    target = content / "services" / "preston" / "knit-and-natter.yaml"
    assert target.read_text(encoding="utf-8") == RECORD
    assert "wrote" in result.output
    pr = (tmp_path / "pr.md").read_text(encoding="utf-8")
    assert "Closes #42" in pr and "> I help run it." in pr
    checked = run("validate", "--content", str(content), "--today", "2026-11-28")
    assert checked.exit_code == 0, checked.output
    page = built_page(run, content, tmp_path, "knit-and-natter")
    assert "Knit and Natter" in page


def test_problems_name_the_field_and_leave_content_untouched(content: Path, run, tmp_path):
    bad = RECORD.replace("knit@example.org", "knit at example").replace('"16:00"', '"14:00"')
    b = write(tmp_path / "body.md", body(record=bad))
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = convert(run, b, content, "--comment", str(tmp_path / "comment.md"))
    assert result.exit_code == 1
    assert (
        "The record, line 10: contacts.email: 'knit at example' is not an email address "
        "like name@example.org"
    ) in result.output
    assert "schedule[0].closes: closes at 14:00, the time it opens" in result.output
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before
    reply = (tmp_path / "comment.md").read_text(encoding="utf-8")
    assert reply.startswith("Thank you") and "contacts.email" in reply


def test_a_change_replaces_the_listed_record(content: Path, run, tmp_path: Path):
    old = content / SAMPLE_SERVICE
    record = old.read_text(encoding="utf-8").replace("01632 960102", "01632 960999")
    b = write(
        tmp_path / "body.md",
        body(record=record, file_name="tuesday-lunch-club", changes="tuesday-lunch-club"),
    )
    result = convert(run, b, content)
    assert result.exit_code == 0, result.output
    assert "01632 960999" in old.read_text(encoding="utf-8")


def test_a_change_can_move_a_service_to_another_district(content: Path, run, tmp_path: Path):
    old = content / SAMPLE_SERVICE
    record = old.read_text(encoding="utf-8")
    b = write(
        tmp_path / "body.md",
        body(
            record=record,
            district="chorley",
            file_name="tuesday-lunch-club",
            changes="tuesday-lunch-club",
        ),
    )
    result = convert(run, b, content)
    assert result.exit_code == 0, result.output
    assert not old.exists()
    assert (content / "services" / "chorley" / "tuesday-lunch-club.yaml").exists()


def test_a_new_service_may_not_take_a_listed_name(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(file_name="tuesday-lunch-club"))
    before = (content / SAMPLE_SERVICE).read_bytes()
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "File name: a service called 'tuesday-lunch-club' is already listed" in result.output
    assert (content / SAMPLE_SERVICE).read_bytes() == before


def test_a_change_to_a_service_that_is_not_listed(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(file_name="no-such", changes="no-such"))
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "The listed service this changes: there is no listed service 'no-such'" in (
        result.output
    )


def test_missing_and_empty_answers(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(record="", district=""))
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "The record: is empty;" in result.output
    assert "District: is empty;" in result.output
    b = write(tmp_path / "other.md", "Please add our group, it meets on Tuesdays.\n")
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "The record: the issue has no “The record” section" in result.output


def hostile_cases() -> list[tuple[dict[str, str], str]]:
    return [
        ({"district": "../../../etc"}, "District: '../../../etc' is not allowed"),
        ({"district": "preston/../../x"}, "District: 'preston/../../x' is not allowed"),
        ({"file_name": "../../site"}, "File name: '../../site' is not allowed"),
        ({"file_name": "x.yaml\n### District\npreston"}, "File name: "),
        ({"district": "atlantis"}, "District: 'atlantis' is not one of this directory's"),
        ({"file_name": "a" * 200}, "at most 60 characters"),
        (
            {"record": "name: !!python/object/apply:os.system ['rm -rf /']\n"},
            "The record, line 1: ",
        ),
        (
            {"record": "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"},
            "The record, line 1: ",
        ),
        ({"record": RECORD + "---\nname: Second document\n"}, "The record, line "),
        ({"record": RECORD.replace("name: Knit", "name: Knit\nname: Knat")}, "The record, line"),
        ({"record": "- just\n- a list\n"}, "The record, line 1: "),
        ({"record": RECORD + "description: " + "é" * 40_000 + "\n"}, "bytes; the most allowed"),
    ]


def test_hostile_bodies_are_refused_without_touching_anything(content: Path, run, tmp_path):
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    outside = tmp_path / "site.yaml"
    for i, (change, expected) in enumerate(hostile_cases()):
        b = write(tmp_path / f"hostile-{i}.md", body(**change))
        result = convert(run, b, content)
        assert result.exit_code == 1, (change, result.output)
        assert expected in result.output, (change, result.output)
        assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before
        assert not outside.exists()


def test_html_and_script_are_kept_as_text_and_shown_escaped(content: Path, run, tmp_path):
    record = RECORD.replace(
        "summary: Knitting", "summary: <script>alert(1)</script> Knitting"
    ).replace("name: Knit and Natter", "name: 'Knit <img src=x onerror=alert(1)>'")
    b = write(tmp_path / "body.md", body(record=record))
    result = convert(run, b, content, "--pr-body", str(tmp_path / "pr.md"))
    assert result.exit_code == 0, result.output
    assert "looks like HTML" in result.output  # a warning, shown to the reviewer
    assert "looks like HTML" in (tmp_path / "pr.md").read_text(encoding="utf-8")
    page = built_page(run, content, tmp_path, "knit-and-natter")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_a_huge_body_is_refused_before_it_is_read(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "huge.md", body() + "x" * (MAX_BODY + 1))
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "the most a suggestion can be is 65,536" in result.output
    b.write_bytes(b"\xff\xfe\x00 not text at all \x00" * 10)
    result = convert(run, b, content)
    assert result.exit_code == 1


def test_comment_cannot_be_turned_into_markdown_or_html(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(file_name="<b>`x`</b>@everyone"))
    result = convert(run, b, content, "--comment", str(tmp_path / "c.md"))
    assert result.exit_code == 1
    reply = (tmp_path / "c.md").read_text(encoding="utf-8")
    line = next(x for x in reply.splitlines() if "File name" in x)
    assert line.startswith("- `` ") and line.endswith(" ``")


def test_today_is_the_default_date(content: Path, run, tmp_path: Path):
    assert TODAY.year == 2026
    b = write(tmp_path / "body.md", body(crlf=False))
    result = run("from-issue", str(b), "--content", str(content))
    assert result.exit_code == 0, result.output


def test_a_new_organisation_is_added_with_its_first_service(content: Path, run, tmp_path):
    record = RECORD.replace("preston-age-friendly-network", "fulwood-makers")
    b = write(tmp_path / "body.md", body(record=record, organisation_name='Fulwood "Makers": yes'))
    result = convert(run, b, content, "--pr-body", str(tmp_path / "pr.md"))
    assert result.exit_code == 0, result.output
    org = content / "organisations" / "fulwood-makers.yaml"
    assert 'name: "Fulwood \\"Makers\\": yes"' in org.read_text(encoding="utf-8")
    assert "Adds the organisation `fulwood-makers`" in (tmp_path / "pr.md").read_text()
    checked = run("validate", "--content", str(content), "--today", "2026-11-28")
    assert checked.exit_code == 0, checked.output
    assert "Fulwood" in checked.output or checked.exit_code == 0


def test_a_new_organisation_is_not_kept_when_the_service_has_problems(content, run, tmp_path):
    record = RECORD.replace("preston-age-friendly-network", "fulwood-makers").replace(
        "knit@example.org", "nope"
    )
    b = write(tmp_path / "body.md", body(record=record, organisation_name="Fulwood Makers"))
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "contacts.email" in result.output
    assert not (content / "organisations" / "fulwood-makers.yaml").exists()
    # A listed organisation is never overwritten.
    b = write(tmp_path / "again.md", body(organisation_name="Someone Else"))
    before = (content / "organisations" / "preston-age-friendly-network.yaml").read_bytes()
    result = convert(run, b, content)
    assert result.exit_code == 0, result.output
    assert (content / "organisations" / "preston-age-friendly-network.yaml").read_bytes() == before
    # Without a name for it, an unknown organisation is a problem naming the field.
    b = write(
        tmp_path / "unknown.md",
        body(record=record.replace("nope", "a@example.org"), file_name="other"),
    )
    result = convert(run, b, content)
    assert result.exit_code == 1
    assert "organisation: unknown organisation 'fulwood-makers'" in result.output


def paused_service():  # type: ignore[no-untyped-def]
    from tests.test_form import example_site

    site = example_site()
    return site, next(sv for sv in site.services if site.contacts_hidden(sv))


def test_a_paused_services_page_does_not_publish_its_contacts(tmp_path: Path, run):
    site, sv = paused_service()
    page = built_page(run, EXAMPLE, tmp_path, sv.id)
    assert sv.email and sv.email not in page
    assert sv.phones and all(p.number not in page for p in sv.phones)
    assert '"withheld": ["contacts.phones", "contacts.email"' in page


def test_a_change_to_a_paused_service_keeps_its_contacts(tmp_path: Path, run):
    import shutil

    from directory.outputs.form import record_for_form

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    site, sv = paused_service()
    answers = record_for_form(sv, withhold=True)
    assert "phones" not in answers["contacts"] and "email" not in answers["contacts"]
    answers["summary"] = "Help with money, back after the summer."
    record = "# yaml-language-server: $schema=../../../schemas/service.schema.json\n"
    record += yaml.safe_dump(answers, sort_keys=False, allow_unicode=True)
    b = write(
        tmp_path / "body.md",
        body(record=record, district=sv.district.slug, file_name=sv.id, changes=sv.id),
    )
    result = convert(run, b, content)
    assert result.exit_code == 0, result.output
    written = (content / "services" / sv.district.slug / f"{sv.id}.yaml").read_text()
    assert written.startswith("# yaml-language-server:")
    assert "back after the summer" in written
    assert sv.email in written and all(p.number in written for p in sv.phones)
    # New details typed in the form replace the listed ones.
    answers["contacts"]["email"] = "new@example.org"
    record = yaml.safe_dump(answers, sort_keys=False, allow_unicode=True)
    b = write(
        tmp_path / "again.md",
        body(record=record, district=sv.district.slug, file_name=sv.id, changes=sv.id),
    )
    result = convert(run, b, content)
    assert result.exit_code == 0, result.output
    written = (content / "services" / sv.district.slug / f"{sv.id}.yaml").read_text()
    assert "new@example.org" in written and sv.email not in written


def test_names_written_by_hand_are_taken_as_meant(content: Path, run, tmp_path: Path):
    b = write(tmp_path / "body.md", body(district="Preston", file_name="Knit & Natter"))
    result = convert(run, b, content, "--pr-body", str(tmp_path / "pr.md"))
    assert result.exit_code == 0, result.output
    assert (content / "services" / "preston" / "knit-and-natter.yaml").is_file()
    assert "File name: 'Knit & Natter' was taken as 'knit-and-natter'" in result.output
    assert "was taken as" in (tmp_path / "pr.md").read_text(encoding="utf-8")
