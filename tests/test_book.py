"""The book builds with warnings as errors, in a reader's environment, and every page is there."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import BUILD, ROOT


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files


def test_every_toc_entry_has_a_source_file():
    for entry in toc_files():
        assert any((ROOT / f"{entry}{ext}").is_file() for ext in (".ipynb", ".md")), f"_toc.yml lists {entry}, which does not exist"


def test_every_chapter_file_is_in_the_toc():
    listed = set(toc_files())
    on_disk = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "chapters").rglob("*") if p.suffix in (".ipynb", ".md")}
    assert on_disk <= listed, f"in chapters/ but not in _toc.yml: {sorted(on_disk - listed)}"


@pytest.mark.slow
def test_book_builds_clean_and_every_toc_page_exists(built_book: Path):
    # The build runs with -W (warnings are errors), so built_book has already failed on any warning.
    for entry in toc_files():
        page = built_book / f"{entry}.html"
        assert page.is_file(), f"no HTML page for {entry}"
        assert len(page.read_text(encoding="utf-8")) > 2000
    assert (built_book / "index.html").is_file()


@pytest.mark.slow
def test_book_has_no_execution_errors_in_pages(built_book: Path):
    for page in built_book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for bad in ("Traceback (most recent call last)", "DataError", "Error displaying widget"):
            assert bad not in text, f"{page.relative_to(built_book)} shows {bad!r}"


@pytest.mark.slow
def test_pages_carry_no_build_date(built_book: Path):
    """A build date on every page changes every page on every build and tells a reader nothing
    about when the facts were checked (``html_last_updated_fmt: null``)."""
    stamped = [p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html") if "Last updated on" in p.read_text(encoding="utf-8")]
    assert not stamped, f"pages stamped with the build date: {stamped[:5]}"


def charts_without_their_data(html: str) -> list[str]:
    """Every chart a code cell draws must be followed (in its cell or the next) by the data
    behind it, as a table folded in a <details> (reopening.data_behind)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    missing = []
    for img in soup.select("div.cell_output img"):
        cell = img.find_parent("div", class_="cell")
        following = cell.find_next_sibling("div", class_="cell") if cell else None
        if not any(c is not None and c.select_one("details.data-behind table") for c in (cell, following)):
            missing.append(img.get("alt", img.get("src", ""))[:60])
    return missing


def test_the_chart_data_check_catches_a_chart_without_its_table():
    chart = '<div class="cell"><div class="cell_output"><img alt="A chart of five dates" src="a.png"></div></div>'
    table = '<div class="cell"><details class="data-behind"><summary>The data</summary><table><tr><td>1</td></tr></table></details></div>'
    assert charts_without_their_data(chart) == ["A chart of five dates"]
    assert charts_without_their_data(chart + table) == []


@pytest.mark.slow
def test_every_chart_offers_the_data_behind_it(built_book: Path):
    problems = []
    for page in built_book.rglob("chapters/*.html"):
        problems += [f"{page.name}: {alt}" for alt in charts_without_their_data(page.read_text(encoding="utf-8"))]
    assert not problems, "charts with no table of their data under them:\n" + "\n".join(problems)
