"""Every page follows its frame, so a teacher can assign any chapter alone.

A page's kind (``chapter``, ``front`` or ``back``) is in its metadata (notebook metadata
``reopening.kind``, or the front matter of a Markdown page). A chapter has: a title and a
paragraph on why it matters; a box with objectives, time, standards and what to read first;
"Pause and think" prompts as styled boxes; an Exercises section with at least eight exercises,
at least one of each kind, each with a key in ``teacher/<chapter>.md``; and a Sources section,
last. Front and back matter say, on the page, which parts they leave out and why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from reopening import editions, exercises

from conftest import ROOT
from test_book import toc_files

PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum|placeholder|to be written)\b|^\s*\.\.\.\s*$", re.I | re.M)
_EXERCISE = re.compile(r"^:{3,}\{exercise\}\s+(\S+)\s*\n:kind:\s*(.+?)\s*$", re.M)


def page_source(entry: str) -> tuple[dict, str]:
    """(metadata, the page's Markdown) for a toc entry."""
    nb_path, md_path = ROOT / f"{entry}.ipynb", ROOT / f"{entry}.md"
    if nb_path.is_file():
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        return nb["metadata"].get("reopening", {}), text
    text = md_path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---\n"):
        front, text = text[4:].split("\n---\n", 1)
        meta = (yaml.safe_load(front) or {}).get("reopening", {})
    return meta, text


def frame_problems(name: str, meta: dict, text: str, keys: dict[str, str]) -> list[str]:
    """What a page lacks of its frame. ``keys`` maps exercise ids to their key text."""
    kind = meta.get("kind")
    if kind not in ("chapter", "front", "back"):
        return [f"{name}: mark its kind (chapter, front or back) in its metadata"]
    problems = []
    if "**Pause and think.**" in text:
        problems.append(f"{name}: a 'Pause and think' prompt in bold text; make it a box (:::{{admonition}} Pause and think, :class: pause)")
    if kind != "chapter":
        leaves = meta.get("leaves_out", "")
        if len(leaves.split()) < 8 or " ".join(leaves.split()) not in " ".join(text.split()):
            problems.append(f"{name}: {kind} matter must say on the page which parts it leaves out and why (metadata leaves_out)")
        return problems
    head = text.split("\n## ", 1)[0]
    if not re.match(r"# .+\n\n\S", head):
        problems.append(f"{name}: start with a title and a paragraph on why the chapter matters")
    box = re.search(r":{3,}\{admonition\}.*?\n:{3,}", head, re.S)
    for part, pattern in (("objectives", r"You will be able to"), ("time", r"\*\*Time:\*\*"), ("standards", r"\*\*Standards"), ("what to read first", r"\*\*Read first:\*\*")):
        if not box or not re.search(pattern, box.group(0)):
            problems.append(f"{name}: the box at the top needs {part}")
    if ":class: pause" not in text:
        problems.append(f"{name}: no 'Pause and think' box")
    sections = re.findall(r"^## (.+)$", text, re.M)
    if "Exercises" not in sections:
        problems.append(f"{name}: no Exercises section")
    elif not sections or sections[-1] != "Sources" or sections.index("Exercises") != len(sections) - 2:
        problems.append(f"{name}: Exercises is the last teaching section, followed only by Sources")
    found = _EXERCISE.findall(text)
    if len(found) < exercises.MIN_EXERCISES:
        problems.append(f"{name}: {len(found)} exercises; a chapter has at least {exercises.MIN_EXERCISES}")
    kinds = {k for _, k in found}
    for k in exercises.KINDS:
        if k not in kinds:
            problems.append(f"{name}: no exercise of kind '{k}'")
    for exercise_id, k in found:
        key = keys.get(exercise_id, "")
        if not key.strip():
            problems.append(f"{name}: exercise {exercise_id} has no key in teacher/{name}.md")
        elif PLACEHOLDERS.search(key) or len(key.split()) < 25:
            problems.append(f"{name}: the key of {exercise_id} is a placeholder or too short to help a teacher")
        elif k == "self-check" and "in the quiz" not in key:
            problems.append(f"{name}: the key of self-check {exercise_id} should say 'in the quiz'")
        elif k in ("discuss or write", "extension") and not re.search(r"Levels?:", key):
            problems.append(f"{name}: the rubric of {exercise_id} must name criteria and levels ('Levels:')")
    return problems


def _keys_of(name: str) -> dict[str, str]:
    files = editions.key_files(ROOT)
    if name not in files:
        return {}
    return {i: s.text for i, s in editions.read_key_file(files[name]).items()}


@pytest.mark.parametrize("entry", toc_files(), ids=lambda e: e.rsplit("/", 1)[-1])
def test_every_page_follows_its_frame(entry: str):
    meta, text = page_source(entry)
    name = entry.rsplit("/", 1)[-1]
    problems = frame_problems(name, meta, text, _keys_of(name))
    assert not problems, "\n".join(problems)


def test_at_least_one_page_is_a_chapter():
    assert any(page_source(e)[0].get("kind") == "chapter" for e in toc_files()), "the frame test checks no chapter"


def test_the_frame_test_catches_a_page_that_breaks_the_frame():
    meta, text = page_source("chapters/sources")
    keys = _keys_of("sources")
    assert frame_problems("sources", meta, text, keys) == []
    broken = text.replace(":::{exercise} sources-extension\n:kind: extension", ":::{exercise} sources-extension\n:kind: discuss or write")
    broken = broken.replace("**Standards**", "**Norms**")
    problems = frame_problems("sources", meta, broken, keys)
    assert any("kind 'extension'" in p for p in problems) and any("standards" in p for p in problems)
    assert any("no key" in p for p in frame_problems("sources", meta, text, {k: v for k, v in keys.items() if k != "sources-utc"}))
    assert any("placeholder" in p for p in frame_problems("sources", meta, text, {**keys, "sources-utc": "TODO write the key"}))
    assert frame_problems("x", {}, "# X\n", {}) == ["x: mark its kind (chapter, front or back) in its metadata"]
    assert any("leaves out" in p for p in frame_problems("x", {"kind": "back"}, "# X\n", {}))
    assert any("make it a box" in p for p in frame_problems("x", {"kind": "back", "leaves_out": "a b c d e f g h"}, "# X\n\na b c d e f g h\n\n**Pause and think.** Why?", {}))


def test_the_chapter_template_follows_the_frame(tmp_path):
    """The template (kept out of the book) passes the frame once its placeholders are filled."""
    template = ROOT / "templates" / "chapter.ipynb"
    nb = json.loads(template.read_text(encoding="utf-8"))
    assert nb["metadata"]["reopening"]["kind"] == "chapter"
    text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    found = _EXERCISE.findall(text)
    assert len(found) >= exercises.MIN_EXERCISES and {k for _, k in found} == set(exercises.KINDS)
    filled = {i: "A filled key. " * 10 + "in the quiz. Levels: strong, developing, beginning." for i, _ in found}
    assert frame_problems("template", nb["metadata"]["reopening"], text, filled) == []
