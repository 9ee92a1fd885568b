"""The GitHub workflows parse, and every command they run exists with the options they give."""

from __future__ import annotations

import shlex
import subprocess
import sys
from typing import Any

import pytest
import yaml

from directory.cli import main

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), name
    # PyYAML reads the key `on` as true (YAML 1.1); GitHub reads it as "on".
    data["on"] = data.pop(True, data.get("on"))
    return data


def commands(data: dict[str, Any]) -> list[list[str]]:
    """Every command line in every `run:` step."""
    out = []
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            script = step.get("run", "").replace("\\\n", " ")
            for line in script.splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    # Each command of a pipeline (`python build.py | tee report.txt`).
                    argv = shlex.split(line, comments=True)
                    # Redirections are the shell's, not the command's.
                    cut = [i for i, a in enumerate(argv) if a in (">", ">>", "<")]
                    if cut:
                        argv = argv[: cut[0]]
                    while "|" in argv:
                        out.append(argv[: argv.index("|")])
                        argv = argv[argv.index("|") + 1 :]
                    out.append(argv)
    return out


def test_check_runs_on_pull_requests_that_touch_content():
    data = load("check.yml")
    assert "content/**" in data["on"]["pull_request"]["paths"]
    assert ["directory", "validate", "--format", "github"] in commands(data)


def test_nightly_runs_every_night_and_on_demand():
    on = load("nightly.yml")["on"]
    assert on["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    assert "workflow_dispatch" in on


@pytest.mark.parametrize("name", ["check.yml", "nightly.yml", "suggestion.yml", "preview.yml"])
def test_workflows_call_commands_that_exist(name):
    called = 0
    for argv in commands(load(name)):
        if argv[0] == "directory":
            sub, args = argv[1], argv[2:]
        elif argv[:2] == ["python", "build.py"]:
            assert (ROOT / "build.py").is_file(), "the workflow runs build.py, which is missing"
            sub, args = "build", argv[2:]
        else:
            continue
        called += 1
        assert sub in main.commands, f"{name} runs `directory {sub}`, which does not exist"
        # Parsing the options (without running the command) catches a misspelt option.
        main.commands[sub].make_context(sub, list(args))
    assert called, f"{name} calls no directory command"


def test_nightly_publishes_only_after_a_successful_build():
    jobs = load("nightly.yml")["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    uses = [step.get("uses", "") for step in jobs["build"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    build_step = next(
        i for i, s in enumerate(jobs["build"]["steps"]) if "build.py" in s.get("run", "")
    )
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages"))
    assert upload > build_step and "if" not in jobs["build"]["steps"][upload]
    assert any(
        s.get("uses", "").startswith("actions/deploy-pages") for s in jobs["deploy"]["steps"]
    )


def test_build_py_runs_the_build_command():
    result = subprocess.run(
        [sys.executable, "build.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: directory build" in result.stdout


def test_nightly_compares_with_the_published_site_before_building():
    steps = load("nightly.yml")["jobs"]["build"]["steps"]
    fetch = next(i for i, s in enumerate(steps) if "changes/$name" in s.get("run", ""))
    build_step = next(i for i, s in enumerate(steps) if "build.py" in s.get("run", ""))
    assert fetch < build_step and steps[fetch].get("continue-on-error") is True
    assert "--previous previous" in steps[build_step]["run"]
    assert "previous/changes" in steps[fetch]["run"]


def test_every_workflow_is_tested():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == [
        "check.yml",
        "nightly.yml",
        "preview.yml",
        "suggestion.yml",
    ]


def test_suggestion_turns_labelled_issues_into_pull_requests_or_comments():
    data = load("suggestion.yml")
    assert data["on"]["issues"]["types"] == ["opened", "edited"]
    job = data["jobs"]["record"]
    assert "'suggestion'" in job["if"]
    from directory.contribute.issue import LABEL

    assert f"'{LABEL}'" in job["if"]
    argvs = commands(data)
    from_issue = next(a for a in argvs if a[:2] == ["directory", "from-issue"])
    assert "--comment" in from_issue and "--pr-body" in from_issue
    assert ["directory", "validate"] in argvs
    steps = job["steps"]
    convert = next(s for s in steps if "from-issue" in s.get("run", ""))
    assert convert["continue-on-error"] is True and convert["id"] == "record"
    pr = next(s for s in steps if "gh pr create" in s.get("run", ""))
    assert pr["if"] == "steps.record.outcome == 'success'"
    reply = next(s for s in steps if "gh issue comment" in s.get("run", ""))
    assert reply["if"] == "steps.record.outcome == 'failure'"
    assert "--body-file" in reply["run"]
    # What someone typed reaches the shell only through environment variables.
    for step in steps:
        assert "github.event.issue" not in step.get("run", ""), step
    assert data["jobs"]["preview"]["uses"] == "./.github/workflows/preview.yml"


def test_preview_builds_and_shows_the_changed_pages():
    data = load("preview.yml")
    assert "content/**" in data["on"]["pull_request"]["paths"]
    assert "ref" in data["on"]["workflow_call"]["inputs"]
    argvs = commands(data)
    build = next(a for a in argvs if a[:2] == ["directory", "build"])
    show = next(a for a in argvs if a[:2] == ["directory", "preview"])
    assert argvs.index(build) < argvs.index(show)
    assert build[build.index("--out") + 1] == show[show.index("--site") + 1]
    steps = data["jobs"]["preview"]["steps"]
    summary = next(s for s in steps if "directory preview" in s.get("run", ""))
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == show[show.index("--out") + 1]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the diff needs the base branch


def test_the_weekly_digest_is_sent_after_publishing_with_secrets_only():
    data = load("nightly.yml")
    job = data["jobs"]["digest"]
    assert job["needs"] == ["build", "deploy"]
    assert ["directory", "send-digest", "--digests", "digest"] in commands(data)
    for name, value in job["env"].items():
        assert name.startswith("DIGEST_") and value == f"${{{{ secrets.{name} }}}}"
    text = (WORKFLOWS / "nightly.yml").read_text()
    assert "@" not in text.replace("actions/", "").split("digest:", 1)[1].split("uses:")[0]
    uploads = [
        s for s in data["jobs"]["build"]["steps"] if s.get("with", {}).get("name") == "digest"
    ]
    assert uploads and uploads[0]["with"]["path"] == "site/digest"
