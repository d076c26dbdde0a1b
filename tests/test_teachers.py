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


@pytest.mark.slow
def test_the_built_page_lists_every_chapter_and_standard(built_book: Path):
    page = (built_book / "chapters" / "for-teachers.html").read_text(encoding="utf-8")
    for plan in teachers.chapter_plans(ROOT):
        assert f'href="{plan.name}.html"' in page, f"no link to {plan.docname}"
        assert f"about {plan.minutes} minutes" in page
        for code, _ in plan.standards:
            assert code in page
    assert page.count('class="chapter-plan') == len(teachers.chapter_plans(ROOT))
    assert "python -m reopening.editions teacher" in page and "key-" not in page
