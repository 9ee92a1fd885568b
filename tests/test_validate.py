"""`directory validate`: every kind of mistake gives a message naming file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directory.records.content import read_content

from .conftest import SAMPLE_SERVICE, TODAY, write

SERVICE = """\
name: Knit and Natter
organisation: preston-age-friendly-network
summary: A friendly knitting group with tea and cake.
categories: [older-people]
access: [drop-in]
cost:
  free: true
contacts:
  email: knit@example.org
reviewed: 2026-06-01
"""
FILE = "content/services/preston/knit-and-natter.yaml"


def check(content: Path, run, text: str | bytes, *args: str, file: str = FILE):
    path = content.parent / file
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return run("validate", "--today", "2026-11-28", *args)


def test_example_content_is_valid(run):
    """The whole example county validates cleanly, with no warnings either."""
    result = run(
        "validate",
        "--content",
        str(Path(__file__).parents[1] / "content"),
        "--today",
        "2026-11-28",
        "--strict",
    )
    assert result.exit_code == 0, result.output


def test_valid_record_passes(content, run):
    result = check(content, run, SERVICE)
    assert result.exit_code == 0, result.output
    assert "2 services and 1 organisations checked: 0 error(s)" in result.output


CASES = [
    # (what the contributor wrote in place of a line, expected message)
    (
        "name: Knit and Natter",
        "name: Knit and Natter\nnmae: Knit",
        f"{FILE}:2: nmae: unknown field 'nmae' (did you mean 'name'?)",
    ),
    (
        "name: Knit and Natter\n",
        "",
        f"{FILE}:1: name is missing; The service's name as residents know it.",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2027-01-01",
        f"{FILE}:10: reviewed: 2027-01-01 is in the future",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-02-30",
        f"{FILE}:10: reviewed: '2026-02-30' is not a real date",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 31/12/2025",
        f"{FILE}:10: reviewed: should be a date written YYYY-MM-DD, found '31/12/2025' "
        "(if that is 31 December 2025, write 2025-12-31)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 03.04.2026",
        f"{FILE}:10: reviewed: should be a date written YYYY-MM-DD, found '03.04.2026' "
        "(if that is 3 April 2026, write 2026-04-03)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026/10/02",
        f"{FILE}:10: reviewed: should be a date written YYYY-MM-DD, found '2026/10/02' "
        "(if that is 2 October 2026, write 2026-10-02)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-10-02 10:00:00+01:00",
        f"{FILE}:10: reviewed: should be a date written YYYY-MM-DD, found "
        "'2026-10-02 10:00:00+01:00' (if that is 2 October 2026, write 2026-10-02)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: last June",
        f"{FILE}:10: reviewed: should be a date written YYYY-MM-DD, found 'last June'",
    ),
    (
        "access: [drop-in]",
        "access: [drop in, referal]",
        f"{FILE}:5: access[1]: 'referal' is not one of drop-in, self-referral, "
        "professional-referral, appointment, membership (did you mean 'self-referral'?)",
    ),
    (
        "organisation: preston-age-friendly-network",
        "organisation: preston-age-friendly",
        f"{FILE}:2: organisation: unknown organisation 'preston-age-friendly': there is no "
        "content/organisations/preston-age-friendly.yaml (did you mean "
        "'preston-age-friendly-network'?)",
    ),
    (
        "categories: [older-people]",
        "categories: [older-people, dementa]",
        f"{FILE}:4: categories[1]: unknown category 'dementa': it is not a category id in "
        "content/taxonomy.yaml (did you mean 'dementia'?)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\nareas_served: [prestn]",
        f"{FILE}:11: areas_served[0]: unknown district 'prestn'",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\nareas_served: [county, chorley]",
        f"{FILE}:11: areas_served: `county` already covers every district",
    ),
    (
        "  email: knit@example.org",
        "  email: knit at example dot org",
        f"{FILE}:9: contacts.email: 'knit at example dot org' is not an email address",
    ),
    (
        "  email: knit@example.org",
        "  website: javascript:alert(1)",
        f"{FILE}:9: contacts.website: 'javascript:alert(1)' is not a web address; only "
        "http:// and https:// links are allowed",
    ),
    (
        "  email: knit@example.org",
        "  website: www.example.org",
        f"{FILE}:9: contacts.website: 'www.example.org' needs https:// at the start",
    ),
    (
        "  email: knit@example.org",
        "  phones:\n    - number: '12345'",
        f"{FILE}:10: contacts.phones[0].number: '12345' is not a valid UK phone number",
    ),
    (
        "  email: knit@example.org",
        "  phones:\n    - number: 1632960123",
        f"{FILE}:10: contacts.phones[0].number: 1632960123 was read as a number, which loses "
        'the leading 0; put the phone number in quotes: "01632960123"',
    ),
    (
        "contacts:\n  email: knit@example.org",
        "contacts: {}",
        f"{FILE}:8: contacts: add at least one way to get in touch",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\nlocations:\n  - name: Hall\n"
        "    address: 1 Road\n    town: Preston\n    postcode: PR99 ZZZ",
        f"{FILE}:15: locations[0].postcode: 'PR99 ZZZ' is not a UK postcode",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\nschedule:\n  - days: [monday]\n"
        "    opens: '14:00'\n    closes: '14:00'",
        f"{FILE}:14: schedule[0].closes: closes at 14:00, the time it opens; for all day write",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\nschedule:\n  - days: [munday]\n"
        "    opens: '10:00'\n    closes: '12:00'",
        f"{FILE}:12: schedule[0].days[0]: 'munday' is not one of monday",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\neligibility:\n  min_age: 65\n  max_age: 18",
        f"{FILE}:13: eligibility.max_age: the oldest age (18) is below the youngest (65)",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\neligibility:\n  min_age: 150",
        f"{FILE}:12: eligibility.min_age: 150 is out of range; allowed 0 to 120",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\neligibility:\n  min_age: " + "9" * 23,
        f"{FILE}:12: eligibility.min_age: a number 23 digits long is far too big; allowed 0 to 120",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\neligibility:\n  min_age: 1" + "0" * 15,
        f"{FILE}:12: eligibility.min_age: a number 16 digits long is far too big; allowed 0 to 120",
    ),
    (
        "reviewed: 2026-06-01",
        "reviewed: 2026-06-01\ncapacity:\n  status: ful",
        f"{FILE}:12: capacity.status: 'ful' is not one of open, limited, waitlist, full, "
        "paused (did you mean 'full'?)",
    ),
    (
        "cost:\n  free: true",
        "cost:\n  free: true\n  options:\n    - amount: 3\n      description: a cup of tea",
        f"{FILE}:8: cost.options: the service is marked free but has prices",
    ),
    (
        "summary: A friendly knitting group with tea and cake.",
        "summary: " + "Long " * 70,
        f"{FILE}:3: summary: is 349 characters long; the most allowed is 300",
    ),
    (
        "summary: A friendly knitting group with tea and cake.",
        "summary: |\n  Two\n  lines",
        f"{FILE}:3: summary: should be one line of text",
    ),
    (
        "cost:\n  free: true",
        "cost: free",
        f"{FILE}:6: cost: should be a group of fields (free, options, notes), found 'free'",
    ),
    (
        "name: Knit and Natter",
        "name: Knit \u202eand Natter",
        f"{FILE}:1: name: contains an invisible control character (U+202E)",
    ),
    # A real export's placeholders are refused, not published.
    (
        "  email: knit@example.org",
        '  phones:\n    - number: "00000000000"',
        f"{FILE}:10: contacts.phones[0].number: '00000000000' looks like a placeholder",
    ),
    (
        "  email: knit@example.org",
        "  email: test@example.org",
        f"{FILE}:9: contacts.email: 'test@example.org' looks like a placeholder",
    ),
    (
        "  email: knit@example.org",
        '  phones:\n    - number: "+1 555 0100"',
        f"{FILE}:10: contacts.phones[0].number: '+1 555 0100' is not a UK number",
    ),
    (
        "  email: knit@example.org",
        '  phones:\n    - number: "116 123 ext 2"',
        f"{FILE}:10: contacts.phones[0].number: '116 123 ext 2' is a short number",
    ),
    (
        "  email: knit@example.org",
        '  phones:\n    - number: "01632 960123"\n      kind: fax',
        f"{FILE}:11: contacts.phones[0].kind: 'fax' is not one of voice, text, whatsapp",
    ),
    (
        "categories: [older-people]",
        "categories: [older-people]\nlanguages: [Polish, Elvish]",
        f"{FILE}:5: languages[1]: 'Elvish' is not a language name or ISO 639 code",
    ),
    (
        "categories: [older-people]",
        "categories: [older-people]\nlanguages: [Sylhetti]",
        f"{FILE}:5: languages[0]: 'Sylhetti' is not a language name or ISO 639 code (did you "
        "mean 'Sylheti'?)",
    ),
    (
        "summary: A friendly knitting group with tea and cake.",
        "summary: A friendly knitting group with tea and cake.\ndescription: " + "x" * 10001,
        f"{FILE}:4: description: is 10001 characters long; the most allowed is 10000",
    ),
    (
        "summary: A friendly knitting group with tea and cake.\n",
        "",
        f"{FILE}:1: summary is missing; add one plain-English sentence",
    ),
    # Everything after " #" is a YAML comment: the name would be published as "Shed".
    (
        "name: Knit and Natter",
        "name: Shed #2 Woodwork Group",
        f"{FILE}:1: name: YAML reads everything after ' #' as a note, so this is read as "
        "'Shed'; if the rest is part of it, put the whole value in quotes: "
        '"Shed #2 Woodwork Group"',
    ),
    (
        "summary: A friendly knitting group with tea and cake.",
        "summary: Knitting, tea #and cake",
        f"{FILE}:3: summary: YAML reads everything after ' #' as a note",
    ),
    (
        "summary: A friendly knitting group with tea and cake.",
        "summary: Knitting.\ndescription: Bring\n  - needles\n  - wool",
        f"{FILE}:4: description: this text runs over several lines without `|`",
    ),
]


@pytest.mark.parametrize(
    "old,new,expected", CASES, ids=[c[2].split(": ", 2)[1] + str(i) for i, c in enumerate(CASES)]
)
def test_error_names_file_line_and_field(content, run, old, new, expected):
    assert old in SERVICE
    result = check(content, run, SERVICE.replace(old, new, 1))
    assert result.exit_code == 1, result.output
    assert expected in result.output


YAML_TRAPS = [
    # Duplicate keys: PyYAML would silently keep the last one.
    (
        SERVICE + "name: Knitting\n",
        f"{FILE}:11: name: the field 'name' appears twice (first on line 1)",
    ),
    # `no` / `on` where text is expected.
    (
        SERVICE.replace("name: Knit and Natter", "name: no"),
        f"{FILE}:1: name: 'no' was read by YAML as false, not as text; put it in quotes",
    ),
    (
        SERVICE.replace("access: [drop-in]", "access: [on]"),
        f"{FILE}:5: access[0]: 'on' was read by YAML as true",
    ),
    # `yes` for a true/false field: YAML 1.1 only.
    (
        SERVICE.replace("  free: true", "  free: yes"),
        f"{FILE}:7: cost.free: 'yes' means true only to some YAML readers; write true",
    ),
    # 12:00 read as a base-60 number.
    (
        SERVICE + "schedule:\n  - days: [monday]\n    opens: 12:00\n    closes: '13:00'\n",
        f"{FILE}:13: schedule[0].opens: 12:00 was read by YAML as the number 720",
    ),
    # Tab indentation.
    (
        SERVICE.replace("  free: true", "\tfree: true"),
        f"{FILE}:7: a tab is used for indentation; YAML needs spaces",
    ),
    # Several documents.
    (SERVICE + "---\nname: Another\n", f"{FILE}:12: the file holds more than one YAML document"),
    # Aliases.
    (
        "base: &b\n  email: a@example.org\n"
        + SERVICE.replace("contacts:\n  email: knit@example.org", "contacts: *b"),
        "YAML anchors and aliases (& and *) are not allowed",
    ),
    # Empty file, and a file with only comments.
    ("", f"{FILE}:1: the file is empty"),
    ("# name: to do\n", f"{FILE}:1: the file is empty"),
    # Syntax errors carry their line.
    (
        SERVICE.replace(
            "summary: A friendly knitting group with tea and cake.",
            "summary: Knitting: bring needles",
        ),
        f"{FILE}:3: YAML syntax error: mapping values are not allowed in this context "
        "(a value containing ': ' needs quotes around it)",
    ),
    (
        SERVICE.replace("access: [drop-in]", "access: [drop-in"),
        f"{FILE}:5: YAML syntax error: did not find expected ',' or ']': the list that opens "
        "on this line is not closed; end it with ] on the same line",
    ),
    # The mistakes hurried people make, each said where it was made, with what to do.
    (
        SERVICE.replace("name: Knit and Natter", "name: 'St Mary's Knit and Natter'"),
        f"{FILE}:1: YAML syntax error: did not find expected key (an apostrophe inside text "
        "in single quotes ends the text: put the value in double quotes instead",
    ),
    (
        SERVICE.replace("name: Knit and Natter", 'name: "Knit and Natter'),
        f"{FILE}:1: YAML syntax error: found unexpected end of stream: the quote that opens on "
        "this line is not closed; add the closing quote at the end of the value",
    ),
    (
        SERVICE.replace("  email: knit@example.org", "  email: knit@example.org\n   phone: 1"),
        f"{FILE}:10: YAML syntax error: mapping values are not allowed in this context (this "
        "line looks like a field: start it in the same column as the field above it",
    ),
    (
        SERVICE.replace("summary: A friendly", "summary A friendly"),
        f"{FILE}:3: YAML syntax error: could not find expected ':' (each field is `name: value`)",
    ),
    (
        "name Knit and Natter\n\n# who runs it\norganisation: x\n",
        f"{FILE}:1: YAML syntax error: did not find expected <document start> (this line has "
        "no ':'; each field is `name: value`)",
    ),
    (
        "name Knit and Natter\nsummary: Knitting\n",
        f"{FILE}:1: YAML syntax error: mapping values are not allowed in this context (this "
        "line has no ':'; each field is `name: value`)",
    ),
    # Not a mapping at all.
    ("- just\n- a list\n", f"{FILE}:1: the file should hold fields"),
    # Merge keys.
    ("<<: {name: x}\n" + SERVICE, f"{FILE}:1: YAML merge keys (<<) are not allowed"),
    # Custom tags.
    (
        SERVICE.replace("name: Knit and Natter", "name: !!python/object:os.system x"),
        "YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed",
    ),
]


@pytest.mark.parametrize("text,expected", YAML_TRAPS)
def test_yaml_traps_are_caught(content, run, text, expected):
    result = check(content, run, text)
    assert result.exit_code == 1, result.output
    assert expected in result.output


def test_byte_order_mark(content, run):
    result = check(content, run, b"\xef\xbb\xbf" + SERVICE.encode())
    assert result.exit_code == 1
    assert f"{FILE}:1: the file starts with a byte-order mark (BOM)" in result.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_says_so(content, run, encoding):
    """With a byte-order mark (utf-16) or without: not "byte 0xff" or "#x0000"."""
    result = check(content, run, SERVICE.encode(encoding))
    assert result.exit_code == 1
    assert (
        f"{FILE}:1: the file is saved as UTF-16 (Windows calls it Unicode); save it as UTF-8"
    ) in result.output
    assert "0xff" not in result.output and "#x0000" not in result.output


def test_invalid_utf8_names_the_line(content, run):
    text = SERVICE.replace("tea and cake", "tea and caf\udce9").encode("utf-8", "surrogateescape")
    result = check(content, run, text)
    assert result.exit_code == 1
    assert f"{FILE}:3: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8" in result.output


def test_huge_file_is_refused_without_parsing(content, run):
    text = SERVICE + "description: |\n" + ("  " + "word " * 20 + "\n") * 1000
    result = check(content, run, text)
    assert result.exit_code == 1
    assert f"{FILE}:1: the file is 100 KB; the limit is 64 KB" in result.output


def test_billion_laughs_is_refused_quickly(content, run):
    lol = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lol += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    result = check(content, run, lol)
    assert result.exit_code == 1
    assert "anchors and aliases" in result.output


def test_all_problems_reported_at_once_and_sorted(content, run):
    write(
        content / "services/chorley/b-service.yaml",
        SERVICE.replace("  free: true", "  free: maybe"),
    )
    text = SERVICE.replace("access: [drop-in]", "access: [walk-in]").replace(
        "reviewed: 2026-06-01", "reviewed: 2030-01-01"
    )
    result = check(content, run, text)
    lines = [ln for ln in result.output.splitlines() if ln.startswith("content/")]
    assert lines == [
        "content/services/chorley/b-service.yaml:7: cost.free: should be true or false, "
        "found 'maybe'",
        f"{FILE}:5: access[0]: 'walk-in' is not one of drop-in, self-referral, "
        "professional-referral, appointment, membership",
        f"{FILE}:10: reviewed: 2030-01-01 is in the future; use the date the record was checked",
    ]
    assert "3 error(s)" in result.output


def test_folder_must_be_a_district(content, run):
    result = check(content, run, SERVICE, file="content/services/blackpool/knit.yaml")
    assert result.exit_code == 1
    assert (
        "content/services/blackpool/knit.yaml:1: the folder 'blackpool' is not a "
        "district in content/site.yaml; allowed:"
    ) in result.output
    misspelt = check(content, run, SERVICE, file="content/services/prestn/knit.yaml")
    assert (
        "content/services/prestn/knit.yaml:1: the folder 'prestn' is not a district in "
        "content/site.yaml (did you mean 'preston'?); allowed:"
    ) in misspelt.output
    # The file's own problems are said at the same time, not after the folder is put right.
    careless = SERVICE.replace("reviewed: 2026-06-01", "reviewed: 31/12/2025")
    both = check(content, run, careless, file="content/services/prestn/knit.yaml")
    assert "the folder 'prestn' is not a district" in both.output
    assert "content/services/prestn/knit.yaml:10: reviewed: should be a date" in both.output
    # A misfiled record is checked, never published.
    fixed = SERVICE.replace("reviewed: 2026-06-01", "reviewed: 2025-12-31")
    (content / "services" / "prestn" / "knit.yaml").write_text(fixed, encoding="utf-8")
    read = read_content(content, TODAY)
    assert not read.ok and "knit" not in {r["id"] for r in read.services}


def test_file_names_must_be_slugs(content, run):
    result = check(content, run, SERVICE, file="content/services/preston/Knit Natter.yaml")
    assert result.exit_code == 1
    assert (
        "the service id (the file name) 'Knit Natter' is not allowed: use lowercase "
        "letters, digits and hyphens, at most 60 characters (such as 'knit-natter')"
    ) in result.output


def test_stray_files_are_reported(content, run):
    write(content / "services/preston/notes.yml", SERVICE)
    write(content / "services/orphan.yaml", SERVICE)
    result = run("validate", "--today", "2026-11-28")
    assert (
        "content/services/preston/notes.yml:1: not a .yaml file, so it is not read "
        "(rename it to .yaml)" in result.output
    )
    assert "content/services/orphan.yaml:1: this file is in the wrong place" in result.output


def test_service_ids_unique_across_the_county(content, run):
    write(content / "services/chorley/tuesday-lunch-club.yaml", SERVICE)
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert (
        "content/services/preston/tuesday-lunch-club.yaml:1: the service id "
        "'tuesday-lunch-club' is also used by content/services/chorley/"
        "tuesday-lunch-club.yaml"
    ) in result.output


def test_probable_duplicates_are_warnings(content, run):
    dup = (content / "services/preston/tuesday-lunch-club.yaml").read_text()
    write(content / "services/chorley/tuesday-lunch-club-chorley.yaml", dup)
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 0, result.output
    assert (
        "content/services/preston/tuesday-lunch-club.yaml:1: warning: name: probably the "
        "same service as content/services/chorley/tuesday-lunch-club-chorley.yaml"
    ) in result.output
    # One warning for the pair, naming all they share (a trial's copied record with three
    # phones was warned about three times over).
    warned = [line for line in result.output.splitlines() if "probably the same" in line]
    assert len(warned) == 1, warned
    assert "(same organisation and name; same phone and postcode)" in warned[0]
    strict = run("validate", "--today", "2026-11-28", "--strict")
    assert strict.exit_code == 1


def test_github_format_annotates_the_line(content, run):
    result = check(
        content, run, SERVICE.replace("access: [drop-in]", "access: [walkin]"), "--format", "github"
    )
    assert result.exit_code == 1
    assert (
        f"::error file={FILE},line=5,title=access[0]::'walkin' is not one of drop-in"
        in result.output
    )


def test_json_format(content, run):
    result = check(
        content, run, SERVICE.replace("access: [drop-in]", "access: [walkin]"), "--format", "json"
    )
    problems = json.loads(result.output)
    assert problems[0]["file"] == FILE
    assert problems[0]["line"] == 5
    assert problems[0]["field"] == "access[0]"
    assert problems[0]["severity"] == "error"


def test_validate_only_some_paths(content, run):
    write(content / "services/chorley/broken.yaml", "name: [")
    good = write(content / "services/preston/knit-and-natter.yaml", SERVICE)
    result = run("validate", "--today", "2026-11-28", str(good))
    assert result.exit_code == 0, result.output
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 1


def test_site_configuration_errors(content, run):
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("area: North,", "area: Nroth,", 1))
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert "content/site.yaml:19: districts[2].area: unknown area 'Nroth'" in result.output
    assert "(did you mean 'North'?)" in result.output


def test_missing_site_configuration(tmp_path, run):
    (tmp_path / "empty").mkdir()
    result = run("validate", "--content", "empty")
    assert result.exit_code == 1
    assert "empty/site.yaml:1: the site configuration is missing" in result.output


def test_a_broken_list_item_does_not_shift_later_lines(content, run):
    text = SERVICE + (
        "schedule:\n"
        "  - days: [funday]\n"
        "    opens: '10:00'\n"
        "    closes: '11:00'\n"
        "  - days: [monday]\n"
        "    opens: '14:00'\n"
        "    closes: '14:00'\n"
    )
    result = check(content, run, text)
    assert f"{FILE}:12: schedule[0].days[0]: 'funday' is not one of" in result.output
    assert f"{FILE}:17: schedule[1].closes: closes at 14:00, the time it opens" in result.output
    assert sum(1 for ln in result.output.splitlines() if ln.startswith(FILE)) == 2, result.output


def test_reference_links_with_an_address_are_fine_and_without_one_reported(content, run):
    good = SERVICE.replace(
        "categories:",
        "description: |\n  Read [our newsletter][news], or see <https://example.org/club>.\n\n"
        "  [news]: https://example.org/news\ncategories:",
    )
    result = check(content, run, good, "--strict")
    assert result.exit_code == 0, result.output
    bad = SERVICE.replace(
        "categories:",
        "description: |\n  Read [our newsletter][news].\n\n  [home]: javascript:alert(1)\n"
        "categories:",
    )
    result = check(content, run, bad)
    assert (
        f"{FILE}:4: warning: description: the link [our newsletter][news] has no address, so "
        "it is shown as typed; add a line `[news]: https://...`"
    ) in result.output
    assert "the link [home] goes to 'javascript:alert(1)', which is not allowed" in result.output


def test_html_is_still_reported_beside_an_autolink(content, run):
    text = SERVICE.replace(
        "categories:", "description: See <https://example.org/> or <b>ring</b>.\ncategories:"
    )
    result = check(content, run, text)
    assert f"{FILE}:4: warning: description: contains HTML" in result.output
    assert result.output.count("contains HTML") == 1


def test_reviewed_is_required_unless_the_record_was_imported(content, run):
    result = check(content, run, SERVICE.replace("reviewed: 2026-06-01\n", ""))
    assert f"{FILE}:1: reviewed is missing" in result.output and result.exit_code == 1
    imported = SERVICE.replace(
        "reviewed: 2026-06-01\n",
        "imported:\n  source: A family information service\n  id: '42'\n  date: 2026-11-01\n",
    )
    result = check(content, run, imported, "--strict")
    assert result.exit_code == 0, result.output
    future = imported.replace("date: 2026-11-01", "date: 2027-01-01")
    result = check(content, run, future)
    assert f"{FILE}:13: imported.date: 2027-01-01 is in the future" in result.output


def test_the_site_word_for_the_whole_area_means_county(content, run):
    site = content / "site.yaml"
    site.write_text(site.read_text() + "area_name: borough\n", encoding="utf-8")
    text = SERVICE.replace("categories:", "areas_served: [borough]\ncategories:")
    result = check(content, run, text, "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "categories,expected",
    [
        (
            "  - {id: a, name: A}\n  - {id: b, name: B, parent: c}\n",
            "content/taxonomy.yaml:3: categories[1].parent: unknown category 'c'",
        ),
        (
            "  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
            "content/taxonomy.yaml:2: categories[0].parent: categories cannot be their own "
            "parents: a -> b -> a",
        ),
        (
            "  - {id: a, name: A, parent: a}\n",
            "content/taxonomy.yaml:2: categories[0].parent: categories cannot be their own "
            "parents: a -> a",
        ),
    ],
)
def test_category_parents_exist_and_never_loop(content, run, categories, expected):
    (content / "taxonomy.yaml").write_text("categories:\n" + categories, encoding="utf-8")
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert expected in result.output, result.output


def test_school_terms_end_after_they_start(content, run):
    site = content / "site.yaml"
    text = site.read_text().replace("ends: 2026-10-23", "ends: 2026-07-01")
    site.write_text(text, encoding="utf-8")
    result = run("validate", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert "school_terms[0].ends: 2026-07-01 is before the term starts (2026-09-03)" in (
        result.output
    )


def test_a_file_outside_the_content_folder_is_an_error_naming_it(content, run):
    """Checking a file that is no record of the folder must not say "0 error(s)"."""
    c3 = content.rename(content.parent / "c3")
    write(c3.parent / "stray.yaml", SERVICE)
    result = run("validate", "--content", "c3", "stray.yaml", "--today", "2026-11-28")
    assert result.exit_code == 1, result.output
    assert "stray.yaml:1: this file is not inside the content folder c3; services go in " in (
        result.output
    )
    # Inside the folder, but where no record is read.
    write(c3 / "notes.yaml", SERVICE)
    result = run("validate", "--content", "c3", "c3/notes.yaml", "--today", "2026-11-28")
    assert result.exit_code == 1, result.output
    assert "c3/notes.yaml:1: this is not a service or organisation file" in result.output
    # A real record of the folder still passes.
    result = run("validate", "--content", "c3", f"c3/{SAMPLE_SERVICE}", "--today", "2026-11-28")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "opens,closes,warned",
    [
        ("14:00", "11:30", "runs overnight for 21 hours 30 minutes"),  # a.m. for p.m.
        ("10:00", "02:00", "runs overnight for 16 hours"),  # opens in the morning
        ("20:00", "08:00", None),  # a night shelter
        ("17:00", "09:00", None),  # an out-of-hours line
        ("22:00", "02:00", None),
        ("09:00", "17:00", None),
        ("00:00", "24:00", None),
    ],
)
def test_sessions_past_midnight_that_look_like_a_slip_are_warnings(
    content, run, opens, closes, warned
):
    """Overnight sessions are valid; one that opens in the morning or lasts most of a day is
    more often a.m. and p.m. mixed up, so it is published but questioned."""
    text = (
        SERVICE + f'schedule:\n  - days: [tuesday]\n    opens: "{opens}"\n    closes: "{closes}"\n'
    )
    result = check(content, run, text, "--strict")
    if warned is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert f"{FILE}:14: warning: schedule[0].closes: closes at {closes}, before it opens " in (
        result.output
    )
    assert warned in result.output
    assert check(content, run, text).exit_code == 0  # a warning: still published


def test_a_list_written_without_brackets_is_read_as_one(content, run):
    """`categories: lunch-clubs, older-people` is a list to the person who wrote it; each id
    is checked (with its own suggestion), not the whole text as one id."""
    text = SERVICE.replace("categories: [older-people]", "categories: lunch-clubs, older-peple")
    result = check(content, run, text)
    assert (
        f"{FILE}:4: warning: categories: is a list written without its brackets; it is read as "
        "[lunch-clubs, older-peple], but write it so"
    ) in result.output
    assert (
        f"{FILE}:4: categories[1]: unknown category 'older-peple': it is not a category id in "
        "content/taxonomy.yaml (did you mean 'older-people'?)"
    ) in result.output
    assert "'lunch-clubs, older-peple'" not in result.output
    fixed = text.replace("older-peple", "older-people")
    assert check(content, run, fixed).exit_code == 0
    assert check(content, run, fixed, "--strict").exit_code == 1


@pytest.mark.parametrize(
    "written,field,line",
    [
        ("name: &Co Lunch Club", "name", 1),
        ("summary: &Friends lunch club for older people.", "summary", 3),
    ],
)
def test_an_ampersand_starting_a_value_is_not_lost(content, run, written, field, line):
    """YAML reads `&Co` before a value as an anchor's name and drops it: the page would say
    "Lunch Club". It is reported, with the quoting that keeps it."""
    key = written.split(":")[0]
    text = "\n".join(written if ln.startswith(f"{key}:") else ln for ln in SERVICE.splitlines())
    result = check(content, run, text + "\n")
    assert result.exit_code == 1, result.output
    anchor, value = written.split(": &")[1].split(" ", 1)
    assert (
        f"{FILE}:{line}: {field}: '&{anchor}' at the start of a value is a YAML anchor, so it "
        f"is left out of the value ({value!r}); put the whole value in quotes: "
        f'"&{anchor} {value}"'
    ) in result.output
    quoted = text.replace(written, f'{key}: "&{anchor} {value}"')
    assert check(content, run, quoted + "\n").exit_code == 0


@pytest.mark.parametrize("written", ["2026-02-30", "2026-13-01"])
def test_an_impossible_date_is_said_once(content, run, written):
    """Not also "reviewed is missing": it was written, just not as a real date."""
    result = check(content, run, SERVICE.replace("reviewed: 2026-06-01", f"reviewed: {written}"))
    assert f"{FILE}:10: reviewed: '{written}' is not a real date" in result.output
    assert "reviewed is missing" not in result.output
    assert "1 error(s)" in result.output


@pytest.mark.parametrize("typed", ["Mirpuri", "mirpuri", "Potwari", "phr"])
def test_languages_spoken_here_by_the_names_people_use(typed):
    """Mirpuri, widely spoken in Lancashire, is ISO 639-3's Pahari-Potwari; it was offered
    "did you mean 'Manipuri'?"."""
    from directory.records import languages

    found = languages.find(typed)
    assert found is not None and found.code == "phr"
    assert found.name == "Mirpuri (Pahari-Potwari)"


@pytest.mark.parametrize("number", ["999", "112"])
def test_the_emergency_number_as_a_services_own_is_questioned(content, run, number):
    text = SERVICE.replace(
        "contacts:\n  email: knit@example.org",
        f'contacts:\n  email: knit@example.org\n  phones:\n    - number: "{number}"',
    )
    result = check(content, run, text)
    assert result.exit_code == 0, result.output  # a warning
    assert (
        f"{FILE}:11: warning: contacts.phones[0].number: {number} is the emergency number, not "
        "this service's own"
    ) in result.output
    ordinary = check(content, run, text.replace(f'"{number}"', '"116 123"'), "--strict")
    assert ordinary.exit_code == 0, ordinary.output
