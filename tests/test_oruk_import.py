"""`directory init` and `directory import oruk`: a new site that validates, an imperfect feed
taken in with a report per record, re-imports that update instead of duplicating, and the
round trip: the example county exported and imported again gives the same services."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml

from directory.build.pipeline import build
from directory.records import schema as s
from directory.records.content import read_content
from directory.site.model import Service, build_site

from .conftest import EXAMPLE, TODAY

FEED = Path(__file__).parent / "data" / "messy-feed.json"
LANCASHIRE = [
    "Burnley",
    "Chorley",
    "Fylde",
    "Hyndburn",
    "Lancaster",
    "Pendle",
    "Preston",
    "Ribble Valley",
    "Rossendale",
    "South Ribble",
    "West Lancashire",
    "Wyre",
]


def init(run, folder: str = "new", districts: list[str] = LANCASHIRE) -> Path:
    args = ["init", folder, "--title", "Test Directory", "--council", "Test County Council"]
    for d in districts:
        args += ["--district", d]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return Path(folder).absolute()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_every_service_field_has_exactly_one_rule():
    from directory.openreferral.oruk import RULES

    fields = [f.name for f in s.SERVICE.fields if f.name != "imported"]
    assert sorted(r.field for r in RULES) == sorted(fields)
    assert all(r.oruk for r in RULES)


def test_init_makes_a_site_that_validates_and_builds(run, tmp_path: Path):
    folder = init(run, districts=["North Town", "South Vale"])
    site = yaml.safe_load((folder / "site.yaml").read_text())
    assert [d["slug"] for d in site["districts"]] == ["north-town", "south-vale"]
    assert site["oruk_namespace"]
    result = run("validate", "--content", str(folder))
    assert result.exit_code == 0, result.output
    assert build(folder, tmp_path / "out", TODAY, jobs=1).ok
    assert (tmp_path / "out/api/services/index.html").exists()
    again = run("init", str(folder), "--title", "T", "--council", "C", "--district", "X")
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.fixture
def messy_site(run) -> Path:
    folder = init(run)
    shutil.copy(EXAMPLE / "taxonomy.yaml", folder / "taxonomy.yaml")
    site = folder / "site.yaml"
    text = site.read_text()
    text = text.replace("name: Preston\n", "name: Preston\n  postcodes: [PR1, PR2]\n")
    text = text.replace("name: Pendle\n", "name: Pendle\n  ons_code: E07000122\n")
    site.write_text(text)
    return folder


def outcomes(output: str) -> dict[str, list[str]]:
    """The report as {record name: its lines}."""
    found: dict[str, list[str]] = {}
    current = None
    for line in output.splitlines():
        if line.startswith(("added: ", "updated: ", "unchanged: ", "refused: ")):
            current = line.split("'")[1]
            found.setdefault(current, []).append(line)
        elif line.startswith("  ") and current:
            found[current].append(line)
        else:
            current = None
    return found


def test_an_imperfect_feed_is_taken_in_with_a_report(run, messy_site: Path):
    result = run("import", "oruk", str(FEED), "--content", str(messy_site), "--today", "2026-11-28")
    report = outcomes(result.output)
    access_required = s.SERVICE.child("access").required  # type: ignore[union-attr]

    riverside = "\n".join(report["Riverside Lunch Club"])
    assert "not a UUID" in riverside
    assert "split into 2 number(s) (01632 960001, 01632 960002)" in riverside
    assert "has no https://; added" in riverside
    assert "preston: the postcode PR1 is in Preston" in riverside
    if access_required:
        assert riverside.startswith("refused") and "access is missing" in riverside
    else:
        assert riverside.startswith("added")
        rec = yaml.safe_load(
            (messy_site / "services/preston/riverside-lunch-club.yaml").read_text()
        )
        assert rec["contacts"]["website"] == "https://riverside-lunch.example.org/club"
        assert [p["number"] for p in rec["contacts"]["phones"]] == ["01632 960001", "01632 960002"]
        assert rec["contacts"]["phones"][0]["label"] == "evenings"
        assert rec["schedule"] == [{"days": ["wednesday"], "opens": "12:00", "closes": "14:00"}]
        assert "reviewed" not in rec
        assert rec["imported"] == {
            "source": "messy-feed.json",
            "id": "svc-001",
            "date": TODAY,
        }

    chat = "\n".join(report["Burnley Chat Line"])
    assert "no name in the source" in chat
    assert "'N/A' is a placeholder" in chat and "'test@example.org' is a placeholder" in chat
    assert "burnley: the service area is named Burnley" in chat

    assert "only active services" in "\n".join(report["Closed Club"])
    assert report["Closed Club"][0].startswith("refused")
    nowhere = "\n".join(report["No Way To Reach Us"])
    assert nowhere.startswith("refused") and "contacts" in nowhere
    again = "\n".join(report["Riverside Lunch Club (again)"])
    assert "same id appears earlier in the source ('Riverside Lunch Club')" in again
    assert ("it was refused" in again) == riverside.startswith("refused")
    # Each repair is reported once, however many steps read the field.
    for name, lines in report.items():
        assert len(lines) == len(set(lines)), (name, lines)
    elsewhere = "\n".join(report["Somewhere Else Entirely"])
    assert elsewhere.startswith("refused") and "district:" in elsewhere

    allot = "\n".join(report["Pendle Allotment Helpers"])
    assert "pendle: the service area's ONS code E07000122" in allot
    assert "the description's first sentence is used" in allot
    assert "'sixteen' is not an age" in allot
    assert "'Beekeeping' matches no category" in allot
    assert "category not matched: 'Beekeeping'" in result.output
    assert "refused" in result.output.splitlines()[-1] or "refused" in result.output
    # Whatever was written validates.
    check = run("validate", "--content", str(messy_site), "--today", "2026-11-28")
    assert check.exit_code == 0, check.output


def test_a_repeated_id_says_whether_the_first_record_was_refused(run, messy_site: Path, tmp_path):
    refused = {"id": "dup-1", "name": "No Contacts Club", "status": "active"}
    good = {
        "id": "dup-1",
        "name": "Contactable Club",
        "status": "active",
        "email": "club@lunch.example.org",
    }
    feed = tmp_path / "dup.json"
    feed.write_text(json.dumps([refused, good]))
    args = ["import", "oruk", str(feed), "--content", str(messy_site), "--district", "preston"]
    report = outcomes(run(*args, "--today", "2026-11-28").output)
    first, second = report["No Contacts Club"], report["Contactable Club"]
    assert first[0].startswith("refused") and second[0].startswith("refused")
    assert any("only the first record with an id is read, and it was refused" in x for x in second)
    assert not any("first is kept" in x for x in first + second)


def test_add_categories_adds_unmatched_terms(run, messy_site: Path):
    run(
        "import",
        "oruk",
        str(FEED),
        "--content",
        str(messy_site),
        "--add-categories",
        "--today",
        "2026-11-28",
    )
    taxonomy = yaml.safe_load((messy_site / "taxonomy.yaml").read_text())
    cats = {c["id"]: c for c in taxonomy["categories"]}
    assert cats["beekeeping"]["name"] == "Beekeeping"
    assert "description" not in cats["beekeeping"]  # none in the source: none invented
    assert "bees-and-wildlife" in cats
    if s.CATEGORY.child("parent") is not None:
        assert cats["beekeeping"]["parent"] == "bees-and-wildlife"
    assert (messy_site / "taxonomy.yaml").read_text().startswith("# The categories")
    assert run("validate", "--content", str(messy_site)).exit_code == 0


def test_reimport_updates_its_own_records_and_leaves_local_ones(run, messy_site: Path, tmp_path):
    local = messy_site / "services/burnley/burnley-chat-line.yaml"
    shutil.copy(
        EXAMPLE / "organisations/preston-age-friendly-network.yaml", messy_site / "organisations"
    )
    local.write_text((EXAMPLE / "services/preston/tuesday-lunch-club.yaml").read_text())
    args = ["import", "oruk", str(FEED), "--content", str(messy_site)]
    first = run(*args, "--today", "2026-11-28")
    before = files(messy_site)
    assert local.read_bytes() == (EXAMPLE / "services/preston/tuesday-lunch-club.yaml").read_bytes()
    assert "services/burnley/burnley-chat-line-2.yaml" in first.output
    second = run(*args, "--today", "2026-12-05")
    assert files(messy_site) == before  # same input, same files (the first import date kept)
    assert (
        "0 added, 0 updated" in second.output and "unchanged: 'Burnley Chat Line'" in second.output
    )
    feed = tmp_path / "messy-feed.json"
    feed.write_text(FEED.read_text().replace("Mon to Fri", "Mondays to Fridays"))
    third = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-05")
    assert "updated: 'Burnley Chat Line'" in third.output
    rec = yaml.safe_load((messy_site / "services/burnley/burnley-chat-line-2.yaml").read_text())
    assert rec["contacts"]["phones"][0]["label"] == "Mondays to Fridays"
    assert rec["imported"]["date"].isoformat() == "2026-12-05"
    assert len(list((messy_site / "services").rglob("burnley-chat-line*.yaml"))) == 2


def test_unreadable_source_is_reported(run, messy_site: Path, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"contents": [')
    result = run("import", "oruk", str(bad), "--content", str(messy_site))
    assert result.exit_code == 1
    assert "bad.json:1: not JSON" in result.output


# ---- the round trip ------------------------------------------------------------------------


def model(folder: Path) -> dict[str, Service]:
    content = read_content(folder, TODAY)
    assert content.ok, [p.text() for p in content.problems]
    site = build_site(
        content.config, content.categories, content.organisations, content.services, TODAY
    )
    return {sv.name + "/" + sv.organisation.name: sv for sv in site.services}


def comparable(sv: Service) -> dict:
    """Everything the site shows about a service, by field."""
    out = {
        f.name: getattr(sv, f.name)
        for f in dataclasses.fields(sv)
        if f.name not in ("id", "file", "organisation", "order_key", "imported", "record")
    }
    out["district"] = sv.district.slug
    out["areas_served"] = sorted(d.slug for d in sv.areas_served)
    out["categories"] = [c.id for c in sv.categories]
    # What a pause that ended by its date was (a fact of this build date, not exported).
    cap = dataclasses.replace(sv.capacity, inherited=False, ended=None, ended_on=None)
    if cap.status == "unknown":  # nothing is exported about an unknown capacity
        cap = dataclasses.replace(cap, contact_preference=None)
    out["capacity"] = cap
    org = sv.organisation
    out["organisation"] = (
        org.name,
        (org.description or "").strip(),
        org.website,
        org.email,
        org.phone,
        org.charity_number,
        org.company_number,
    )
    return out


@pytest.mark.parametrize("form", ["api/services.ndjson", "api/tabular"])
def test_round_trip_gives_the_same_services(run, tmp_path: Path, form: str):
    out = tmp_path / "exported"
    assert build(EXAMPLE, out, TODAY, jobs=1).ok
    folder = init(run)
    shutil.copy(EXAMPLE / "taxonomy.yaml", folder / "taxonomy.yaml")
    # The council says when its school terms are, as the example county does.
    terms = (EXAMPLE / "site.yaml").read_text().split("school_terms:\n", 1)[1].split("\n#", 1)[0]
    with (folder / "site.yaml").open("a") as f:
        f.write("school_terms:\n" + terms + "\n")
    result = run(
        "import", "oruk", str(out / form), "--content", str(folder), "--today", "2026-11-28"
    )
    assert result.exit_code == 0, result.output
    assert " 0 refused" in result.output
    original = {k: sv for k, sv in model(EXAMPLE).items() if sv.freshness != "expired"}
    back = model(folder)
    assert sorted(back) == sorted(original)
    for key, sv in original.items():
        want, got = comparable(sv), comparable(back[key])
        for name in want:
            assert got[name] == want[name], (key, name)


def test_round_trip_keeps_emails_people_and_links(run, content: Path, tmp_path: Path):
    svc = content / "services/preston/tuesday-lunch-club.yaml"
    text = svc.read_text()
    extra = (
        "  emails:\n"
        "    - address: bookings@example.org\n"
        "      label: Bookings\n"
        "  people:\n"
        "    - name: Ann Example\n"
        "      role: Coordinator\n"
        '      phone: "01632 960555"\n'
        "  links:\n"
        "    - url: https://www.facebook.com/example\n"
        "      label: Facebook page\n"
    )
    svc.write_text(text.replace("contacts:\n", "contacts:\n" + extra, 1))
    out = tmp_path / "exported"
    assert build(content, out, TODAY, jobs=1).ok
    folder = init(run)
    shutil.copy(content / "taxonomy.yaml", folder / "taxonomy.yaml")
    result = run(
        "import",
        "oruk",
        str(out / "api/services.ndjson"),
        "--content",
        str(folder),
        "--today",
        "2026-11-28",
    )
    assert result.exit_code == 0, result.output
    (original,) = model(content).values()
    (back,) = model(folder).values()
    assert back.emails == original.emails and back.emails
    assert back.people == original.people and back.people
    assert back.links == original.links and back.links
    assert back.phones == original.phones


def test_reimport_keeps_what_was_changed_here(run, messy_site: Path, tmp_path: Path):
    """A three-way merge by field against what the last import wrote (content/.imported/)."""
    args = ["import", "oruk", str(FEED), "--content", str(messy_site)]
    assert run(*args, "--today", "2026-11-28").exit_code == 0
    path = messy_site / "services/burnley/burnley-chat-line.yaml"
    text = path.read_text()
    assert text.startswith("# Imported by `directory import`: check it")
    assert (messy_site / ".imported/messy-feed-json.yaml").exists()
    # Someone checks it: a better summary and the check's date (the header left in).
    summary = "A friendly phone call every week for people who feel lonely."
    text = text.replace(summary, "A weekly friendly phone call.")
    path.write_text(text + "reviewed: 2026-12-01\n")
    edited = path.read_bytes()

    again = run(*args, "--today", "2026-12-05")
    assert again.exit_code == 0, again.output
    assert "unchanged: 'Burnley Chat Line'" in again.output
    assert path.read_bytes() == edited  # the same source: the file is not touched

    # The source changes the phone's label (only there) and the summary (changed here too).
    feed = tmp_path / "messy-feed.json"
    feed.write_text(
        FEED.read_text()
        .replace("Mon to Fri", "Mondays to Fridays")
        .replace(summary, "A phone call every week, for anyone feeling lonely.")
    )
    third = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-06")
    assert third.exit_code == 0, third.output
    assert "updated: 'Burnley Chat Line'" in third.output
    rec = yaml.safe_load(path.read_text())
    assert rec["summary"] == "A weekly friendly phone call."  # ours, changed in both
    assert rec["reviewed"].isoformat() == "2026-12-01"  # a check made here is always kept
    assert rec["contacts"]["phones"][0]["label"] == "Mondays to Fridays"  # the source's
    assert rec["imported"]["date"].isoformat() == "2026-12-06"
    assert not path.read_text().startswith("#")  # no "check it" header again
    assert (
        "kept here: services/burnley/burnley-chat-line.yaml: summary: changed here and in the "
        "source since the last import; the value here is kept" in third.output
    )
    # A field changed here only (and not in the source) stays through a later update.
    rec["access_notes"] = "Ring and ask for Sam."
    path.write_text(yaml.safe_dump(rec, sort_keys=False))
    feed.write_text(feed.read_text().replace("Mondays to Fridays", "Weekdays"))
    fourth = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-07")
    rec = yaml.safe_load(path.read_text())
    assert rec["access_notes"] == "Ring and ask for Sam."
    assert rec["contacts"]["phones"][0]["label"] == "Weekdays"
    kept = [x for x in fourth.output.splitlines() if "kept as changed here since" in x]
    assert kept and "access_notes" in kept[0] and "summary" in kept[0]
    assert run("validate", "--content", str(messy_site), "--today", "2026-12-07").exit_code == 0

    # A file removed here is not brought back.
    path.unlink()
    fifth = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-08")
    assert not path.exists()
    assert "kept removed: 'Burnley Chat Line'" in fifth.output
    assert "removed here since, so it is not added again" in fifth.output


def test_reimport_keeps_an_organisation_edited_here(run, messy_site: Path, tmp_path: Path):
    args = ["import", "oruk", str(FEED), "--content", str(messy_site)]
    assert run(*args, "--today", "2026-11-28").exit_code == 0
    svc = yaml.safe_load((messy_site / "services/burnley/burnley-chat-line.yaml").read_text())
    org_path = messy_site / "organisations" / f"{svc['organisation']}.yaml"
    org = yaml.safe_load(org_path.read_text())
    org["name"] = "Burnley Befrienders"  # the import used the service's name: corrected here
    org_path.write_text(yaml.safe_dump(org, sort_keys=False))
    feed = tmp_path / "messy-feed.json"
    data = json.loads(FEED.read_text())
    items = data["contents"] if isinstance(data, dict) else data
    for item in items:
        if item.get("id") == "svc-002":
            item["organization"]["description"] = "Volunteers who ring people every week."
    feed.write_text(json.dumps(data))
    again = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-05")
    assert again.exit_code == 0, again.output
    org = yaml.safe_load(org_path.read_text())
    assert org["name"] == "Burnley Befrienders"
    assert org["description"] == "Volunteers who ring people every week."


def test_reimport_without_a_record_of_the_last_import_keeps_local_values(
    run, messy_site: Path, tmp_path: Path
):
    """Files imported before imports kept a record: nothing here is overwritten, and said."""
    args = ["import", "oruk", str(FEED), "--content", str(messy_site)]
    assert run(*args, "--today", "2026-11-28").exit_code == 0
    shutil.rmtree(messy_site / ".imported")
    path = messy_site / "services/burnley/burnley-chat-line.yaml"
    path.write_text(path.read_text().replace("label: Mon to Fri", "label: Weekdays 9 to 5"))
    feed = tmp_path / "messy-feed.json"
    feed.write_text(FEED.read_text().replace("Mon to Fri", "Mondays to Fridays"))
    again = run("import", "oruk", str(feed), "--content", str(messy_site), "--today", "2026-12-05")
    rec = yaml.safe_load(path.read_text())
    assert rec["contacts"]["phones"][0]["label"] == "Weekdays 9 to 5"
    assert (
        "kept here: services/burnley/burnley-chat-line.yaml: contacts: differ from the source, "
        "and there is no record of what the last import wrote" in again.output
    )
    assert (messy_site / ".imported/messy-feed-json.yaml").exists()  # the next import has one
