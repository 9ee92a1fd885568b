"""`directory preview`: a pull request's changed files -> their built pages' text and copies."""

from __future__ import annotations

from pathlib import Path

from .conftest import SAMPLE_ORG, SAMPLE_SERVICE, write


def test_preview_shows_changed_pages_text_and_copies_them(content: Path, run, tmp_path):
    site = tmp_path / "site"
    built = run(
        "build",
        "--content",
        str(content),
        "--out",
        str(site),
        "--today",
        "2026-11-28",
        "--no-cache",
    )
    assert built.exit_code == 0, built.output
    changed = write(
        tmp_path / "changed.txt",
        f"content/{SAMPLE_SERVICE}\ncontent/organisations/{SAMPLE_ORG}.yaml\n"
        "content/services/preston/gone.yaml\ncontent/taxonomy.yaml\n",
    )
    out = tmp_path / "preview"
    result = run("preview", str(changed), "--site", str(site), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = result.output
    assert "### Tuesday Lunch Club" in text
    assert "Come along for a freshly cooked two-course lunch" in text
    assert "01632 960102" in text
    assert "### Preston Age Friendly Network" in text
    assert "`content/services/preston/gone.yaml`" in text and "it was removed" in text
    assert "Other changed files: `content/taxonomy.yaml`" in text
    # Page text is fenced: nothing in a record is read as Markdown or HTML.
    assert "```text\n" in text and "\n# Tuesday Lunch Club\n" in text
    page = out / "services" / "tuesday-lunch-club" / "index.html"
    assert (
        page.read_bytes() == (site / "services" / "tuesday-lunch-club" / "index.html").read_bytes()
    )
    css = next((out / "assets").glob("site.*.css"))
    assert css.read_bytes() == (site / "assets" / css.name).read_bytes()
    assert not (out / "index.html").exists()  # only the changed pages


def test_preview_with_nothing_changed(content: Path, run, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    changed = write(tmp_path / "changed.txt", "")
    result = run("preview", str(changed), "--site", str(site), "--out", str(tmp_path / "p"))
    assert result.exit_code == 0
    assert "No service or organisation pages change." in result.output
