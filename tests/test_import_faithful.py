"""`directory import` neither loses, alters nor invents what a council's list says: dates
as people write them, HTML descriptions, prices, Excel's number formats, repeated ids,
postcodes as typed, Windows encodings. Each record is brought in or refused with a reason
naming it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from directory.openreferral.spreadsheet import TARGETS

from .conftest import EXAMPLE
from .test_oruk_import import init, outcomes

# A sheet with a column for every target, named after it.
COLUMNS = {t: t.replace("_", " ").title() for t in TARGETS}


@pytest.fixture
def site(run) -> Path:
    folder = init(run)
    shutil.copy(EXAMPLE / "taxonomy.yaml", folder / "taxonomy.yaml")
    text = (folder / "site.yaml").read_text()
    (folder / "site.yaml").write_text(
        text.replace("name: Preston\n", "name: Preston\n  postcodes: [PR1, PR2]\n")
    )
    return folder


def service(sid: str, name: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": sid,
        "name": name,
        "status": "active",
        "description": f"{name} meets every week.",
        "email": "hello@club.example.org",
        "organization": {"id": "org-1", "name": "Preston Friends"},
        "attributes": [
            {"taxonomy_term": {"name": "Lunch clubs"}},
            {
                "link_type": "access-methods",
                "taxonomy_term": {"code": "drop-in", "taxonomy": "access-methods"},
            },
        ],
    }
    out.update(extra)
    return out


def import_feed(run, site: Path, tmp_path: Path, services: list[dict[str, Any]]):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(services))
    args = ["import", "oruk", str(feed), "--content", str(site), "--district", "preston"]
    result = run(*args, "--today", "2026-11-28")
    return result, outcomes(result.output)


def record(site: Path, name: str) -> dict[str, Any]:
    return yaml.safe_load((site / f"services/preston/{name}.yaml").read_text())


def sheet(tmp_path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8") -> Path:
    header = list(COLUMNS.values())
    path = tmp_path / "capture.csv"
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            by_column = {COLUMNS[k]: v for k, v in r.items()}
            w.writerow([by_column.get(h, "") for h in header])
    return path


def import_sheet(run, site: Path, path: Path, mapping: str | None = None):
    if mapping is None:
        m = path.parent / "mapping.yaml"
        m.write_text(yaml.safe_dump({"columns": COLUMNS, "defaults": {"access": ["drop-in"]}}))
        mapping = str(m)
    args = ["import", "spreadsheet", str(path), "--mapping", mapping, "--content", str(site)]
    result = run(*args, "--today", "2026-11-28")
    return result, outcomes(result.output)


def row(sid: str, name: str, **extra: Any) -> dict[str, Any]:
    out = {
        "id": sid,
        "name": name,
        "organisation": "Preston Friends",
        "description": f"{name} meets every week.",
        "email": "hello@club.example.org",
        "category": "Lunch clubs",
        "postcode": "PR1 3BQ",
        "town": "Preston",
        "address_1": "12 Church Street",
    }
    out.update(extra)
    return out


# ---- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, read",
    [
        ("02/10/2026", "2026-10-02"),
        ("2 Oct 2026", "2026-10-02"),
        ("2026/10/02", "2026-10-02"),
        ("31/12/2025", "2025-12-31"),
    ],
)
def test_dates_as_people_write_them_are_read_day_first(run, site, tmp_path, written, read):
    result, report = import_feed(
        run,
        site,
        tmp_path,
        [
            service(
                "s1",
                "Lunch Club",
                assured_date=written,
                alert=f"Full: not taking new people. Until {written}.",
            )
        ],
    )
    assert report["Lunch Club"][0].startswith("added"), result.output
    rec = record(site, "lunch-club")
    assert rec["reviewed"].isoformat() == read
    assert rec["capacity"]["until"].isoformat() == read

    path = sheet(tmp_path, [row("S1", "Sheet Club", assured_date=written)])
    result, report = import_sheet(run, site, path)
    assert report["Sheet Club"][0].startswith("added"), result.output
    assert record(site, "sheet-club")["reviewed"].isoformat() == read


def test_a_date_that_cannot_be_read_is_reported_with_its_field(run, site, tmp_path):
    result, report = import_feed(
        run,
        site,
        tmp_path,
        [service("s1", "Lunch Club", assured_date="October 2026")],
    )
    lines = "\n".join(report["Lunch Club"])
    assert "assured_date: 'October 2026' is not a date that can be read" in lines
    assert "reviewed" not in record(site, "lunch-club")
    path = sheet(tmp_path, [row("S1", "Sheet Club", assured_date="soon")])
    result, report = import_sheet(run, site, path)
    assert "assured_date: 'soon' is not a date that can be read" in "\n".join(report["Sheet Club"])


# ---- HTML ---------------------------------------------------------------------------------


def test_html_descriptions_become_the_markdown_records_use(run, site, tmp_path):
    from bs4 import BeautifulSoup

    from directory.build.pipeline import build

    from .conftest import TODAY

    html = (
        "<p>Hot lunch &amp; a natter.</p><ul><li>Two courses</li><li>Tea after</li></ul>"
        '<script>alert("x")</script><p>See <a href="https://club.example.org">our site</a>'
        '<blink>!</blink></p><style>p {color: red}</style><a href="javascript:go()">go</a>'
    )
    result, report = import_feed(
        run,
        site,
        tmp_path,
        [service("s1", "Lunch Club", description=html, application_process="<b>Just</b> come")],
    )
    lines = "\n".join(report["Lunch Club"])
    assert lines.startswith("added"), result.output
    assert (
        "description: HTML converted to Markdown; left out with what they held: <script>, <style>"
        in lines
    )
    assert "application_process: HTML tags taken out (this field is plain text)" in lines
    rec = record(site, "lunch-club")
    assert rec["summary"] == "Hot lunch & a natter."
    assert rec["description"] == (
        "- Two courses\n- Tea after\n\nSee [our site](https://club.example.org)!\n\ngo"
    )
    assert rec["access_notes"] == "Just come"
    check = run("validate", "--content", str(site), "--today", "2026-11-28")
    assert check.exit_code == 0 and "HTML" not in check.output, check.output
    out = tmp_path / "out"
    assert build(site, out, TODAY, jobs=1).ok
    page = BeautifulSoup((out / "services/lunch-club/index.html").read_text(), "html.parser")
    main = page.find("main")
    assert [li.get_text() for li in main.find_all("li") if "Tea" in li.get_text()] == ["Tea after"]
    assert "<li>" not in main.get_text() and "alert" not in main.get_text()


def test_validate_says_html_is_shown_as_typed(run, content: Path):
    path = content / "services/preston/tuesday-lunch-club.yaml"
    text = path.read_text()
    path.write_text(text.replace("description: |\n", "description: |\n  <p>Hello</p>\n", 1))
    result = run("validate", "--content", str(content))
    assert "contains HTML, which the page shows as typed, tags and all, not as formatting" in (
        result.output
    ), result.output


# ---- prices -------------------------------------------------------------------------------


def test_a_service_with_prices_is_not_free(run, site, tmp_path):
    from directory.build.pipeline import build

    from .conftest import TODAY

    costs = [
        {"option": "Free", "amount_description": "for carers"},
        {"amount": 3.5, "amount_description": "for lunch"},
        {"amount": 2},
    ]
    result, report = import_feed(
        run, site, tmp_path, [service("s1", "Lunch Club", cost_options=costs)]
    )
    lines = "\n".join(report["Lunch Club"])
    assert lines.startswith("added") and "marked free but has prices" not in lines, lines
    assert "'for carers' beside prices; kept as a £0 price" in lines
    assert "£2: the source does not say what the price is for" in lines
    rec = record(site, "lunch-club")
    assert rec["cost"] == {
        "free": False,
        "options": [
            {"amount": 3.5, "description": "for lunch"},
            {"amount": 0, "description": "for carers"},
        ],
        "notes": "£2",
    }
    assert "per session" not in (site / "services/preston/lunch-club.yaml").read_text()
    out = tmp_path / "out"
    assert build(site, out, TODAY, jobs=1).ok
    page = (out / "services/lunch-club/index.html").read_text()
    assert "£3.50 for lunch" in page and ">Free<" not in page


@pytest.mark.parametrize("amount", ["Free", "free", "FREE", "No charge"])
def test_free_in_a_sheets_cost_column_is_free(run, site, tmp_path, amount):
    path = sheet(tmp_path, [row("S1", "Sheet Club", cost_amount=amount)])
    result, report = import_sheet(run, site, path)
    lines = "\n".join(report["Sheet Club"])
    assert lines.startswith("added") and "not a price" not in lines, result.output
    assert record(site, "sheet-club")["cost"] == {"free": True}


def test_a_bare_price_in_a_sheet_gets_no_made_up_words(run, site, tmp_path):
    path = sheet(tmp_path, [row("S1", "Sheet Club", cost_amount="£3.50")])
    result, report = import_sheet(run, site, path)
    assert "£3.50: the source does not say what the price is for" in "\n".join(report["Sheet Club"])
    assert record(site, "sheet-club")["cost"] == {"free": False, "notes": "£3.50"}


# ---- numbers Excel has changed ---------------------------------------------------------


def test_a_phone_in_scientific_notation_is_refused_with_the_reason(run, site, tmp_path):
    path = sheet(
        tmp_path,
        [
            row("S1", "Sheet Club", phone="1.63296E+09"),
            row("S2", "Phone Only", phone="1.63296E+09", email="", address_1=""),
        ],
    )
    result, report = import_sheet(run, site, path)
    lines = "\n".join(report["Sheet Club"])
    said = "phone: Excel has turned this number into 1.63296E+09; format the column as text"
    assert lines.startswith("added") and said in lines, result.output
    assert "phones" not in record(site, "sheet-club").get("contacts", {})
    assert "63296" not in (site / "services/preston/sheet-club.yaml").read_text()
    only = "\n".join(report["Phone Only"])
    assert only.startswith("refused") and said in only


# ---- repeated ids -------------------------------------------------------------------------


def test_rows_sharing_an_id_but_naming_another_service_are_refused(run, site, tmp_path):
    path = sheet(
        tmp_path,
        [
            row("S006", "Knit and Natter", assured_date="2026-10-01"),
            row("S006", "Walking Group", description="Walks by the river.", assured_date=""),
            # More venues of one service, but with a different email: said, with both rows.
            row("S007", "Tea Dance"),
            row("S007", "", description="", email="other@club.example.org", postcode="PR2 6QN"),
        ],
    )
    result, report = import_sheet(run, site, path)
    knit, walk = "\n".join(report["Knit and Natter"]), "\n".join(report["Walking Group"])
    assert knit.startswith("added: 'Knit and Natter' (id S006 in capture.csv, row 2)"), knit
    assert walk.startswith("refused: 'Walking Group' (id S006 in capture.csv, row 3)"), walk
    assert "the same id appears earlier in the source ('Knit and Natter', row 2)" in walk
    assert "row 3: its name and description differ from row 2's" in walk
    assert record(site, "knit-and-natter")["name"] == "Knit and Natter"
    tea = "\n".join(report["Tea Dance"])
    assert tea.startswith("added: 'Tea Dance' (id S007 in capture.csv, rows 4, 5)"), tea
    assert (
        "email: rows 4 and 5 (id S007) give different values, 'hello@club.example.org' and "
        "'other@club.example.org'; the first is kept" in tea
    )
    assert len(record(site, "tea-dance")["locations"]) == 2


# ---- postcodes ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["PR2  6AB", "PR2\u00a06AB", "pr2 6ab", "PR26AB"])
def test_postcodes_as_typed_place_the_service(run, site, tmp_path, typed):
    path = sheet(tmp_path, [row("S1", "Sheet Club", postcode=typed)])
    result, report = import_sheet(run, site, path)
    lines = "\n".join(report["Sheet Club"])
    assert lines.startswith("added"), result.output
    assert "preston: the postcode PR2 is in Preston" in lines
    assert record(site, "sheet-club")["locations"][0]["postcode"] == "PR2 6AB"
    if typed != "PR2 6AB":
        assert f"locations[0].postcode: {typed!r} written as PR2 6AB" in lines


def test_a_venue_without_a_town_says_what_it_held(run, site, tmp_path):
    loc = {
        "location": {
            "name": "St Mary's Hall",
            "addresses": [{"address_1": "12 Church Street", "postal_code": "PR1 3BQ"}],
        }
    }
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([service("s1", "Lunch Club", service_at_locations=[loc])]))
    result = run("import", "oruk", str(feed), "--content", str(site), "--today", "2026-11-28")
    lines = "\n".join(outcomes(result.output)["Lunch Club"])
    assert lines.startswith("added") and "the postcode PR1 is in Preston" in lines, lines
    assert (
        "locations[0] (St Mary's Hall, 12 Church Street, PR1 3BQ) left out: a venue needs its "
        "town, and the source gives none" in lines
    )


# ---- encodings ----------------------------------------------------------------------------


def test_a_windows_excel_csv_is_read_and_said(run, site, tmp_path):
    path = sheet(
        tmp_path,
        [row("S1", "Café Lunch", cost_amount="£3.50", cost_per="meal", description="Don’t miss")],
        encoding="cp1252",
    )
    assert b"\xa3" in path.read_bytes()
    result, report = import_sheet(run, site, path)
    assert result.exit_code == 0, result.output
    assert "capture.csv: not UTF-8, so read as Windows-1252" in result.output
    assert 'save it from Excel as "CSV UTF-8 (Comma delimited)"' in result.output
    rec = record(site, "cafe-lunch")
    assert rec["name"] == "Café Lunch" and rec["summary"] == "Don’t miss"
    assert rec["cost"]["options"] == [{"amount": 3.5, "description": "per meal"}]


def test_mojibake_is_repaired_and_noted(run, site, tmp_path):
    path = sheet(tmp_path, [row("S1", "CafÃ© Lunch", description="Donâ€™t miss it.")])
    result, report = import_sheet(run, site, path)
    lines = "\n".join(report["Café Lunch"])
    assert lines.startswith("added"), result.output
    assert "name: 'CafÃ© Lunch' was garbled by a wrong encoding" in lines
    rec = record(site, "cafe-lunch")
    assert rec["name"] == "Café Lunch" and rec["summary"] == "Don’t miss it."
    feed = [service("s1", "Tea at the CafÃ©", description="Itâ€™s free.")]
    result, report = import_feed(run, site, tmp_path, feed)
    assert record(site, "tea-at-the-cafe")["summary"] == "It’s free."


# ---- smaller things -------------------------------------------------------------------------


def test_a_folder_with_nothing_to_import_says_what_was_expected(run, site, tmp_path):
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "service.csv").write_text("id,name\ns1,Lunch Club\n")
    result = run("import", "oruk", str(tables), "--content", str(site))
    assert result.exit_code == 1
    assert "a folder with nothing to import" in result.output
    assert "1 CSV file(s) (service.csv) but no datapackage.json" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("import", "oruk", str(empty), "--content", str(site))
    assert result.exit_code == 1 and "a folder with nothing to import" in result.output
    nothing = tmp_path / "nothing.json"
    nothing.write_text("[]")
    result = run("import", "oruk", str(nothing), "--content", str(site))
    assert result.exit_code == 1 and "nothing to import" in result.output


def test_a_header_in_another_row_is_suggested(run, site, tmp_path):
    good = sheet(tmp_path, [row("S1", "Sheet Club")])
    path = tmp_path / "titled.csv"
    path.write_text("Preston services, exported 2026\n\n" + good.read_text())
    result, _ = import_sheet(run, site, path)
    assert result.exit_code == 1
    assert "Row 3 holds" in result.output and "set `header_row: 3`" in result.output


def test_words_around_a_number_make_a_balanced_label(run, site, tmp_path):
    path = sheet(tmp_path, [row("S1", "Sheet Club", phone="Tel: 01772 333444 (Mon-Fri)")])
    result, report = import_sheet(run, site, path)
    phones = record(site, "sheet-club")["contacts"]["phones"]
    assert phones == [{"number": "01772 333444", "label": "Mon-Fri"}], result.output


@pytest.mark.parametrize(
    "field, numbers",
    [
        ("Tel: 01772 333444 (Mon-Fri)", [("01772 333444", "Mon-Fri")]),
        (
            "Tel. 01772 333444, Mobile 07700 900123",
            [("01772 333444", None), ("07700 900123", "Mobile")],
        ),
        (
            "01772 333444 (office), 07700 900123 (mobile)",
            [("01772 333444", "office"), ("07700 900123", "mobile")],
        ),
        (
            "01632 960001 or 01632 960002 (evenings)",
            [("01632 960001", "evenings"), ("01632 960002", "evenings")],
        ),
    ],
)
def test_each_number_gets_its_own_words(field, numbers):
    from directory.openreferral.importer import split_phones

    got = split_phones(field, None, [])
    assert [(p["number"], p["label"]) for p in got] == numbers
