"""`directory import spreadsheet`: a council's spreadsheet in DfE's "Local Authority Data
Capture" layout, read by the shipped mapping, as XLSX and as CSV."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from directory.openreferral.spreadsheet import MAPPINGS, read_mapping

from .conftest import EXAMPLE
from .test_oruk_import import init, outcomes

MAPPING = read_mapping(MAPPINGS / "dfe-local-authority-data-capture.yaml")
HEADER = list(MAPPING["columns"].values()) + ["Local authority", "County"]


def row(**values: object) -> list[object]:
    by_target = {MAPPING["columns"][k]: v for k, v in values.items()}
    return [by_target.get(h) for h in HEADER]


ROWS = [
    row(
        id="LA-0001",
        organisation="Preston Pantry Network",
        name="Community Pantry",
        delivery_method="In person",
        location_name="St Mary's Hall",
        address_1="12 Church Street",
        town="Preston",
        postcode="PR1 3BQ",
        phone=1632960101,  # stored as a number: the leading 0 is gone
        email="pantry@example.org",
        website="example.org/pantry",
        category="Food banks and pantries",
        cost_amount=3.5,
        cost_per="visit",
        cost_description="for a bag of shopping",
        language="Polish; English",
        min_age=18,
        opening_hours="Fridays 10am to midday",
        description="Low-cost food for local families. Members choose what they need.",
    ),
    row(
        id="LA-0001",
        location_name="Ribbleton Library",
        address_1="Ribbleton Avenue",
        town="Preston",
        postcode="PR2 6QN",
    ),
    row(
        id="LA-0002",
        organisation="Preston Pantry Network",
        name="Holiday Hunger Lunches",
        delivery_method="In person",
        postcode="PR1 3BQ",
        phone="01632 960102",
        category="Lunch clubs",
        cost_amount=0,
        description="Free lunches for children in the school holidays.",
    ),
    row(  # a venue known by its town and postcode, with no street address
        id="LA-0003",
        organisation="Preston Pantry Network",
        name="Village Pantry",
        town="Preston",
        postcode="PR2 6QN",
        phone="01632 960103",
        category="Food banks and pantries",
        description="A pantry in the village hall.",
    ),
]


def workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(4):  # guidance rows, as in the template
        ws.append([f"Guidance {n}"] + [None] * (len(HEADER) - 1))
    for r in ROWS:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def site(run) -> Path:
    folder = init(run)
    shutil.copy(EXAMPLE / "taxonomy.yaml", folder / "taxonomy.yaml")
    text = (folder / "site.yaml").read_text()
    (folder / "site.yaml").write_text(
        text.replace("name: Preston\n", "name: Preston\n  postcodes: [PR1, PR2]\n")
    )
    return folder


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_dfe_template_imports(run, site: Path, tmp_path: Path, form: str):
    # The template has no column for how people start; this council says self-referral.
    mapping = tmp_path / "mapping.yaml"
    shipped = (MAPPINGS / "dfe-local-authority-data-capture.yaml").read_text()
    mapping.write_text(shipped + "defaults:\n  access: [self-referral]\n")
    source = workbook(tmp_path / "capture.xlsx")
    if form == "csv":
        source = tmp_path / "capture.csv"
        with source.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for n in range(4):
                w.writerow([f"Guidance {n}"])
            for r in ROWS:
                w.writerow(["" if v is None else v for v in r])
    result = run(
        "import",
        "spreadsheet",
        str(source),
        "--mapping",
        str(mapping),
        "--content",
        str(site),
        "--today",
        "2026-11-28",
    )
    report = outcomes(result.output)
    pantry = "\n".join(report["Community Pantry"])
    assert pantry.startswith("added"), result.output
    assert "preston: the postcode PR1 is in Preston" in pantry
    if form == "xlsx":
        assert "stored as a number, which drops the leading 0; read as 01632960101" in pantry
    rec = yaml.safe_load((site / "services/preston/community-pantry.yaml").read_text())
    assert [loc["postcode"] for loc in rec["locations"]] == ["PR1 3BQ", "PR2 6QN"]
    assert rec["categories"] == ["food-banks"]
    assert rec["languages"] == ["Polish", "English"]
    assert rec["cost"] == {
        "free": False,
        "options": [{"amount": 3.5, "description": "per visit, for a bag of shopping"}],
    }
    assert rec["contacts"]["website"] == "https://example.org/pantry"
    assert rec["schedule_notes"] == "Fridays 10am to midday"
    assert rec["eligibility"] == {"min_age": 18}
    assert rec["imported"]["id"] == "LA-0001"
    assert rec["access"] == ["self-referral"]
    assert rec["access_notes"] == "How it is delivered: In person"
    lunch = "\n".join(report["Holiday Hunger Lunches"])
    # A venue with only a postcode is left out, and the report says why in plain words.
    assert (
        "locations[0] (PR1 3BQ) left out: a venue needs its town, and the source gives none; "
        "add the town (address city) in the source to keep it; its postcode is still used to "
        "find the district" in lunch
    ), lunch
    # Town and postcode without a street address are kept: near me can place it.
    village = yaml.safe_load((site / "services/preston/village-pantry.yaml").read_text())
    assert village["locations"] == [{"town": "Preston", "postcode": "PR2 6QN"}]
    lunches = yaml.safe_load((site / "services/preston/holiday-hunger-lunches.yaml").read_text())
    assert lunches["cost"] == {"free": True}
    assert lunches["organisation"] == rec["organisation"]  # one organisation, not two
    assert run("validate", "--content", str(site)).exit_code == 0


def test_a_missing_column_is_named(run, site: Path, tmp_path: Path):
    source = tmp_path / "capture.csv"
    source.write_text("Name of service,Postcode\nA,PR1 3BQ\n")
    result = run(
        "import",
        "spreadsheet",
        str(source),
        "--mapping",
        "dfe-local-authority-data-capture",
        "--content",
        str(site),
    )
    assert result.exit_code == 1
    assert (
        "capture.csv:1: column(s) not found in the header row: id: 'Service unique identifier'"
        in result.output
    )
