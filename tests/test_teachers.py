"""The "For teachers" page: its overview is read from the chapters, so it lists every chapter
with its time and standards, and the teacher edition's index links every exercise to its key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reopening import teachers

from conftest import ROOT
from test_frame import page_source

BOX = """# A chapter

Why it matters.

::::{admonition} Before you start
:class: tip
**You will be able to:**
- put events in *order*;
- name a source.

**Time:** about 45 minutes (20 to read, 25 for the exercises).

**Standards** (codes with our paraphrase, not the standards' own wording):
- Common Core RH.9-10.3 (paraphrase: analyze a series of events
  and their causes);
- C3 Framework D2.Civ.10.9-12 (paraphrase: weigh how people and groups use rules and laws).

**Read first:** nothing.
::::

## Exercises

:::{exercise} a-quiz
:kind: self-check
Q
:::
"""


def test_every_chapter_in_the_toc_has_a_plan_with_time_standards_and_exercises():
    plans = teachers.chapter_plans(ROOT)
    chapters = [e for e in teachers.toc_docnames(ROOT) if page_source(e)[0].get("kind") == "chapter"]
    assert [p.docname for p in plans] == chapters and len(chapters) >= 2
    for plan in plans:
        assert 10 <= plan.minutes <= 120, plan
        assert len(plan.objectives) >= 3 and all(len(o.split()) >= 3 for o in plan.objectives), plan.objectives
        assert plan.standards and all(re.match(r"(Common Core RH\.|C3 Framework D\d)", code) for code, _ in plan.standards)
        assert len(plan.exercises) >= 8 and {k for _, k in plan.exercises} == set(teachers.KINDS)
        assert "*" not in " ".join(plan.objectives), "emphasis marks would show in the table"


def test_a_plan_reads_a_box_and_joins_wrapped_lines():
    plan = teachers.read_plan("chapters/a", BOX)
    assert plan.title == "A chapter" and plan.minutes == 45
    assert plan.objectives == ["put events in order", "name a source"]
    assert plan.standards == [
        ("Common Core RH.9-10.3", "analyze a series of events and their causes"),
        ("C3 Framework D2.Civ.10.9-12", "weigh how people and groups use rules and laws"),
    ]
    assert plan.exercises == [("a-quiz", "self-check")] and plan.count("self-check") == 1


@pytest.mark.parametrize(
    "change, message",
    [
        (("**Time:** about 45 minutes", "**Time:** a while"), "no time"),
        (("- Common Core RH.9-10.3 (paraphrase:", "- RH.9-10.3 (said:"), "not written as"),
        (("**Standards**", "**Norms**"), "lists no standards"),
        (("# A chapter", "A chapter"), "no title"),
    ],
)
def test_a_box_the_plan_cannot_read_gets_a_clear_error(change, message):
    with pytest.raises(teachers.PlanError, match=message) as info:
        teachers.read_plan("chapters/a", BOX.replace(*change))
    assert "chapters/a" in str(info.value)


def test_a_toc_entry_with_no_page_gets_a_clear_error(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: chapters/missing\n")
    with pytest.raises(teachers.PlanError, match="no chapters/missing.ipynb or chapters/missing.md"):
        teachers.chapter_plans(tmp_path)


def test_the_for_teachers_page_uses_both_directives_and_covers_the_kit():
    meta, text = page_source("chapters/for-teachers")
    assert meta["kind"] == "front"
    assert "```{chapter-plan}" in text and "```{key-index}" in text
    for heading in ("## Assigning one chapter on its own", "## Pacing", "## Teaching a contested local topic even-handedly", "### Discussion norms for students"):
        assert heading in text
    for plan in ("One class period per chapter", "A one-week unit", "A two-week unit"):
        assert f"**{plan}" in text


def test_the_two_week_unit_gives_every_chapter_a_day():
    """The two-week plan says it takes every chapter: each chapter is linked from it."""
    _, text = page_source("chapters/for-teachers")
    plan = text.split("**A two-week unit", 1)[1].split("\n\n", 1)[0]
    missing = [p.docname for p in teachers.chapter_plans(ROOT) if f"({p.name}.ipynb)" not in plan]
    assert not missing, f"the two-week unit leaves out {missing}"
    assert plan.count("Day ") == 10


@pytest.mark.slow
def test_the_built_page_lists_every_chapter_and_standard(built_book: Path):
    page = (built_book / "chapters" / "for-teachers.html").read_text(encoding="utf-8")
    for plan in teachers.chapter_plans(ROOT):
        assert f'href="{plan.name}.html"' in page, f"no link to {plan.docname}"
        assert f"about {plan.minutes} minutes" in page
        for code, _ in plan.standards:
            framework, _, short = code.rpartition(" ")
            assert f'<span class="standard-code">{short}</span>' in page and framework in page
    assert page.count('class="chapter-plan') == len(teachers.chapter_plans(ROOT))
    assert "reopening.editions</span>" in page and "key-" not in page


# --------------------------------------------------------------------------- the About page


def test_the_citation_is_read_from_citation_cff_and_agrees_with_the_package():
    import datetime as dt
    import tomllib

    from reopening import about

    fields = about.citation_fields(ROOT)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert fields["version"] == version, "CITATION.cff and pyproject.toml give different versions"
    assert dt.date(2026, 1, 1) <= fields["reviewed"] <= dt.date.today(), "the last-reviewed date is not a real past date"
    text = about.citation_text(ROOT)
    assert fields["title"] in text and f"Version {version}" in text and "OWNER/REPO" not in text


@pytest.mark.parametrize(
    "cff, message",
    [
        (None, "is missing"),
        ("title: T\nversion: 1\nauthors:\n  - name: A\n", "lacks date-released"),
        ("title: T\nversion: 1\ndate-released: last week\nauthors:\n  - name: A\n", "must be a date"),
    ],
)
def test_a_bad_citation_file_gets_a_clear_error(tmp_path, cff, message):
    from reopening import about

    (tmp_path / "_config.yml").write_text("title: T\n")
    if cff is not None:
        (tmp_path / "CITATION.cff").write_text(cff)
    with pytest.raises(about.CitationFileError, match=message):
        about.citation_fields(tmp_path)


@pytest.mark.slow
def test_the_about_page_cites_the_book_and_links_the_offline_zip(built_book: Path):
    from reopening import about
    from reopening.sphinx_ext import OFFLINE_ZIP

    page = (built_book / "chapters" / "about.html").read_text(encoding="utf-8")
    fields = about.citation_fields(ROOT)
    assert f"Version {fields['version']}, last reviewed {about.day_text(fields['reviewed'])}" in page
    assert f'href="../{OFFLINE_ZIP}"' in page and (built_book / OFFLINE_ZIP).is_file()


@pytest.mark.slow
def test_the_offline_zip_holds_the_whole_book_and_works_from_disk(built_book: Path, tmp_path: Path):
    """Unzipped and opened from disk (file://, no server, no network), a chapter shows its
    figures and its quiz answers. Every page of the book is in the zip; the build's
    bookkeeping is not."""
    import zipfile

    import test_browser as tb
    from playwright.sync_api import sync_playwright

    from reopening.sphinx_ext import OFFLINE_ZIP
    from test_book import toc_files

    with zipfile.ZipFile(built_book / OFFLINE_ZIP) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path)
    for entry in toc_files():
        assert f"open-or-closed/{entry}.html" in names, f"{entry} is not in the zip"
    assert "open-or-closed/index.html" in names and not any("/.doctrees/" in n or n.endswith(".buildinfo") for n in names)
    chapter = next(e for e in toc_files() if page_source(e)[0].get("kind") == "chapter" and "rq-quiz" in (built_book / f"{e}.html").read_text(encoding="utf-8"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=tb.CHROMIUM, args=tb.CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file:") else None)
        page.goto((tmp_path / "open-or-closed" / f"{chapter}.html").as_uri(), wait_until="load")
        broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
        page.wait_for_selector(".rq-quiz[data-rq-ready='1']", timeout=10000)
        page.locator(".rq-q").first.locator("input").first.check()
        page.locator(".rq-check").first.click()
        try:
            page.wait_for_function("[...document.querySelectorAll('.rq-feedback')].some(f => f.textContent.trim())", timeout=5000)
        except Exception:
            pass
        feedback = " ".join(page.locator(".rq-feedback").all_inner_texts())
        browser.close()
    assert not broken, f"images that do not load from disk: {broken}"
    assert feedback.strip(), "the quiz gives no feedback when opened from disk"
    assert not outside, f"requests that leave the disk: {outside[:5]}"
