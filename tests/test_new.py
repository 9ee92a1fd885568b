"""`directory new`: asks for what is missing and writes a valid, commented record."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner, Result

from directory.cli import main
from directory.contribute.scaffold import render, slugify

from .conftest import SAMPLE_ORG, SAMPLE_SERVICE

TODAY = "2026-11-28"
NEW = "content/services/preston/knit-and-natter.yaml"


def new(*args: str, answers: list[str] | None = None) -> Result:
    """Run `directory new` with typed answers (the `run` fixture has chdir'd to tmp_path)."""
    text = "\n".join(answers) + "\n" if answers is not None else None
    return CliRunner().invoke(main, ["new", "--today", TODAY, *args], input=text)


SERVICE_ANSWERS = [
    "preston",  # district
    SAMPLE_ORG,  # organisation
    "Knit and Natter",  # name
    "A friendly knitting group with tea and cake.",  # summary
    "older-people",  # categories
    "drop-in, self-referral",  # access
    "y",  # free
    "01632 960555",  # phone
    "",  # email
    "",  # website
]


def test_new_service_by_answering_questions(content, run):
    result = new(answers=SERVICE_ANSWERS)
    assert result.exit_code == 0, result.output
    assert f"Created {NEW}" in result.output
    assert f"directory validate {NEW}" in result.output
    record = yaml.safe_load((content.parent / NEW).read_text(encoding="utf-8"))
    assert record == {
        "name": "Knit and Natter",
        "organisation": SAMPLE_ORG,
        "summary": "A friendly knitting group with tea and cake.",
        "categories": ["older-people"],
        "access": ["drop-in", "self-referral"],
        "cost": {"free": True},
        "contacts": {"phones": [{"number": "01632 960555"}]},
        "reviewed": __import__("datetime").date(2026, 11, 28),
    }
    validated = run("validate", "--today", TODAY, "--strict")
    assert validated.exit_code == 0, validated.output
    assert "2 services and 1 organisations checked: 0 error(s), 0 warning(s)" in validated.output


def test_new_service_from_options_asks_nothing(content, run):
    result = new(
        "--district",
        "preston",
        "--organisation",
        SAMPLE_ORG,
        "--name",
        "Knit and Natter",
        "--summary",
        "Knitting with tea.",
        "--category",
        "older-people",
        "--category",
        "lunch-clubs",
        "--access",
        "drop-in",
        "--not-free",
        "--email",
        "knit@example.org",
        answers=["£2 a session, tea included"],
    )
    assert result.exit_code == 0, result.output
    text = (content.parent / NEW).read_text(encoding="utf-8")
    assert "categories: [older-people, lunch-clubs]" in text
    assert "  free: false\n" in text and "  notes: £2 a session, tea included\n" in text
    assert "# description: |" in text  # optional fields are there, commented out
    assert run("validate", "--today", TODAY, "--strict").exit_code == 0


def test_wrong_district_gives_did_you_mean_and_asks_again(content, run):
    result = new(answers=["prestn", *SERVICE_ANSWERS])
    assert result.exit_code == 0, result.output
    assert (
        "Error: unknown district 'prestn': it is not a district slug in content/site.yaml "
        "(did you mean 'preston'?)"
    ) in result.output
    assert (content.parent / NEW).exists()


def test_typos_in_answers_are_caught_at_the_prompt(content, run):
    answers = list(SERVICE_ANSWERS)
    answers[4:5] = ["older-people, dementa", "older-people, dementia"]
    answers[6:7] = ["walk-in", "drop-in"]
    result = new(answers=answers + ["", "", ""])
    assert "(did you mean 'dementia'?)" in result.output
    assert "'walk-in' is not one of drop-in" in result.output
    assert result.exit_code == 0, result.output


def test_at_least_one_contact_is_asked_for(content, run):
    answers = SERVICE_ANSWERS[:7] + ["", "", "", "", "knit@example.org", ""]
    result = new(answers=answers)
    assert result.exit_code == 0, result.output
    assert "give at least one of a phone number, an email address or a website" in result.output


def test_existing_file_is_refused(content, run):
    before = (content / SAMPLE_SERVICE).read_bytes()
    result = new(
        "--district", "preston", "--organisation", SAMPLE_ORG, "--name", "Tuesday Lunch Club"
    )
    assert result.exit_code == 1
    assert (
        "content/services/preston/tuesday-lunch-club.yaml already exists; edit that "
        "file, or choose another id with --id"
    ) in result.output
    assert (content / SAMPLE_SERVICE).read_bytes() == before


def test_service_ids_are_unique_across_districts(content, run):
    result = new(
        "--district", "chorley", "--organisation", SAMPLE_ORG, "--name", "Tuesday Lunch Club"
    )
    assert result.exit_code == 1
    assert "content/services/preston/tuesday-lunch-club.yaml already exists" in result.output
    assert not (content / "services/chorley").exists()


def test_bad_option_names_the_option(content, run):
    result = new("--district", "preston", "--category", "dementa")
    assert result.exit_code == 2
    assert "Invalid value for '--category'" in result.output
    assert "(did you mean 'dementia'?)" in result.output


def test_new_organisation(content, run):
    result = new(
        "--kind",
        "organisation",
        answers=[
            "Ribble Valley Friendship Group",  # name
            "https://rvfg.example.org",  # website
            "",  # email
            "01632 960777",  # phone
            "smal",  # size: a typo
            "small",
            "charity",  # type
            "y",  # volunteer-led
        ],
    )
    assert result.exit_code == 0, result.output
    assert "(did you mean 'small'?)" in result.output
    path = content / "organisations/ribble-valley-friendship-group.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["size"] == "small" and record["volunteer_led"] is True
    assert record["type"] == "charity"
    assert record["phone"] == "01632 960777"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/organisation.schema.json\n"
    )
    validated = run("validate", "--today", TODAY, "--strict")
    assert validated.exit_code == 0, validated.output
    assert "2 organisations checked" in validated.output


def test_existing_organisation_is_refused(content, run):
    result = new("--kind", "organisation", "--name", "Preston Age Friendly Network")
    assert result.exit_code == 1
    assert f"content/organisations/{SAMPLE_ORG}.yaml already exists" in result.output


def test_service_options_are_refused_for_an_organisation(content, run):
    result = new("--kind", "organisation", "--district", "preston")
    assert result.exit_code == 2
    assert "--district is not used for a new organisation" in result.output


@pytest.mark.parametrize(
    "name,slug",
    [
        ("Knit and Natter", "knit-and-natter"),
        ("St Mary’s Café & Lunch Club", "st-marys-cafe-and-lunch-club"),
        ("  Over-60s -- Tea Dance!  ", "over-60s-tea-dance"),
        ("A" * 30 + " " + "B" * 40, "a" * 30),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_tricky_answers_are_quoted_so_yaml_keeps_them_as_text():
    record = {
        "name": "No",
        "summary": "Knitting: bring needles #1",
        "organisation": "yes",
        "categories": ["a, b"],
        "access": ["on"],
        "cost": {"free": True},
        "contacts": {"email": "a@example.org"},
        "reviewed": "2026-01-01",
    }
    back = yaml.safe_load(render("service", record))
    assert back["name"] == "No"
    assert back["summary"] == "Knitting: bring needles #1"
    assert back["organisation"] == "yes"
    assert back["categories"] == ["a, b"]
    assert back["access"] == ["on"]


def test_id_option_must_be_a_slug(content, run):
    result = new("--id", "Knit Natter")
    assert result.exit_code == 2
    assert "Invalid value for '--id': 'Knit Natter': use lowercase letters" in result.output


def test_question_mark_lists_the_organisations(content, run):
    result = new(answers=["preston", "?", *SERVICE_ANSWERS[1:]])
    assert f"Error: organisation ids: {SAMPLE_ORG}" in result.output
    assert result.exit_code == 0, result.output


def test_next_steps_name_a_content_folder_that_is_not_the_default(content, run):
    content.rename(content.parent / "c3")
    result = new("--content", "c3", answers=SERVICE_ANSWERS)
    assert result.exit_code == 0, result.output
    made = "c3/services/preston/knit-and-natter.yaml"
    assert f"directory validate --content c3 {made}" in result.output
    # The command as printed works.
    assert run("validate", "--content", "c3", made).exit_code == 0
