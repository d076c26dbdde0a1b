"""The "For teachers" page's tables, read from the chapters themselves.

Each chapter states its objectives, time and standards in its opening box, and its exercises
carry their kinds (the chapter frame, ``tests/test_frame.py``). :func:`chapter_plans` reads
those from every chapter in ``_toc.yml``, in reading order, so the teacher's overview can never
drift from the chapters: add a chapter and it appears; change a chapter's time and the pacing
table changes with it.

Two directives use it (registered by :mod:`reopening.sphinx_ext`):

``{chapter-plan}``
    One row per chapter: time, what students will be able to do, the standards (code and the
    book's paraphrase), and the exercises by kind.
``{key-index}``
    In the teacher edition, every exercise of every chapter with a link to its key or rubric.
    In the student edition, a sentence saying where the keys are (no key text, no links to it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

KINDS = ("self-check", "data task", "discuss or write", "extension")
_KIND_WORDS = {
    "self-check": ("self-check quiz", "self-check quizzes"),
    "data task": ("data task", "data tasks"),
    "discuss or write": ("discussion or writing prompt", "discussion or writing prompts"),
    "extension": ("extension", "extensions"),
}


def kinds_text(plan: "ChapterPlan") -> str:
    """'1 self-check quiz, 3 data tasks, ...': a chapter's exercises counted by kind."""
    parts = []
    for kind in KINDS:
        n = plan.count(kind)
        parts.append(f"{n} {_KIND_WORDS[kind][0 if n == 1 else 1]}")
    return ", ".join(parts)

_EXERCISE = re.compile(r"^:{3,}\{exercise\}\s+(\S+)\s*\n:kind:\s*(.+?)\s*$", re.M)
_TIME = re.compile(r"\*\*Time:\*\*\s*(?:about\s+)?(\d+)\s+minutes", re.I)
_STANDARD = re.compile(r"^- (?P<code>(?:Common Core|C3 Framework) [A-Z][A-Za-z0-9.\-]+)\s*\(paraphrase:\s*(?P<text>.+?)\)[;.]?\s*$", re.S)
_PAUSE = re.compile(r":{3,}\{admonition\}\s+Pause and think")


class PlanError(ValueError):
    """A chapter's opening box cannot be read (its time or standards are missing)."""


@dataclass
class ChapterPlan:
    docname: str  # e.g. "chapters/background"
    title: str
    minutes: int
    objectives: list[str]
    standards: list[tuple[str, str]]  # (code, the book's paraphrase)
    exercises: list[tuple[str, str]] = field(default_factory=list)  # (id, kind)
    pauses: int = 0

    @property
    def name(self) -> str:
        return PurePosixPath(self.docname).name

    def count(self, kind: str) -> int:
        return sum(1 for _, k in self.exercises if k == kind)


def page_source(root: Path, docname: str) -> tuple[dict, str]:
    """(the page's ``reopening`` metadata, its Markdown) for a toc entry."""
    root = Path(root)
    nb_path, md_path = root / f"{docname}.ipynb", root / f"{docname}.md"
    if nb_path.is_file():
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        return nb["metadata"].get("reopening", {}), text
    if not md_path.is_file():
        raise PlanError(f"_toc.yml lists {docname!r}, but there is no {docname}.ipynb or {docname}.md")
    text = md_path.read_text(encoding="utf-8")
    meta = {}
    if text.startswith("---\n"):
        front, text = text[4:].split("\n---\n", 1)
        meta = (yaml.safe_load(front) or {}).get("reopening", {})
    return meta, text


def toc_docnames(root: Path) -> list[str]:
    """Every page of ``_toc.yml``, root first, in reading order, without suffixes."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] if "root" in toc else []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key, []))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [re.sub(r"\.(ipynb|md)$", "", f) for f in files]


def _list_items(block: str, heading: str) -> list[str]:
    """The bullet items that follow ``heading`` in the box, each joined onto one line."""
    start = block.find(heading)
    if start < 0:
        return []
    items, current = [], None
    for line in block[start + len(heading):].splitlines()[1:]:
        if line.startswith("- "):
            if current is not None:
                items.append(current)
            current = line
        elif line.startswith("  ") and current is not None:
            current += " " + line.strip()
        elif line.strip() == "" and current is None:
            continue
        else:
            break
    if current is not None:
        items.append(current)
    return [" ".join(item.split()) for item in items]


def read_plan(docname: str, text: str) -> ChapterPlan:
    """A chapter's plan from its Markdown. Raises :class:`PlanError`, naming the chapter and
    what is missing, when the box has no time or no standards."""
    title_match = re.match(r"#\s+(.+)", text.lstrip())
    if not title_match:
        raise PlanError(f"{docname}: the chapter has no title (a first line starting with '# ')")
    head = text.split("\n## ", 1)[0]
    time_match = _TIME.search(head)
    if not time_match:
        raise PlanError(f"{docname}: the opening box has no time ('**Time:** about N minutes')")
    standards = []
    for item in _list_items(head, "**Standards**"):
        m = _STANDARD.match(item)
        if not m:
            raise PlanError(f"{docname}: a standard is not written as '- <code> (paraphrase: ...)': {item[:80]!r}")
        standards.append((m["code"], " ".join(m["text"].split())))
    if not standards:
        raise PlanError(f"{docname}: the opening box lists no standards under '**Standards**'")
    objectives = [re.sub(r"\*([^*]+)\*", r"\1", item[2:]).rstrip(";.") for item in _list_items(head, "**You will be able to:**")]
    exercises = [(eid, kind) for eid, kind in _EXERCISE.findall(text)]
    return ChapterPlan(docname, title_match[1].strip(), int(time_match[1]), objectives, standards, exercises, len(_PAUSE.findall(text)))


def chapter_plans(root: Path) -> list[ChapterPlan]:
    """The plan of every chapter in the table of contents, in reading order."""
    plans = []
    for docname in toc_docnames(root):
        meta, text = page_source(root, docname)
        if meta.get("kind") == "chapter":
            plans.append(read_plan(docname, text))
    return plans


# --------------------------------------------------------------------------- the directives


def setup(app):
    from docutils import nodes
    from sphinx import addnodes
    from sphinx.util.docutils import SphinxDirective

    def plans_for(directive) -> list[ChapterPlan]:
        root = Path(directive.env.srcdir)
        for docname in toc_docnames(root):
            for suffix in (".ipynb", ".md"):
                if (root / f"{docname}{suffix}").is_file():
                    directive.env.note_dependency(str(root / f"{docname}{suffix}"))
        return chapter_plans(root)

    def doc_link(directive, docname: str, text: str) -> addnodes.pending_xref:
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True, refdoc=directive.env.docname)
        ref += nodes.inline(text, text)
        return ref

    def para(*children) -> nodes.paragraph:
        p = nodes.paragraph()
        for child in children:
            p += child if isinstance(child, nodes.Node) else nodes.Text(child)
        return p

    def table(headers: list[str], rows: list[list[nodes.Node]], widths: list[int], classes: list[str]) -> nodes.table:
        tbl = nodes.table(classes=["reopening-plan", *classes])
        group = nodes.tgroup(cols=len(headers))
        tbl += group
        for width in widths:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        row = nodes.row()
        for text in headers:
            row += nodes.entry("", para(text))
        head += row
        body = nodes.tbody()
        group += body
        for cells in rows:
            row = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                for child in cell if isinstance(cell, list) else [cell]:
                    entry += child
                row += entry
            body += row
        return tbl

    class ChapterPlanDirective(SphinxDirective):
        """Per chapter: its time and exercises, what students will be able to do, and a
        two-column standards table (narrow enough for a phone)."""

        def run(self):
            out = []
            for plan in plans_for(self):
                # from-data: its times and counts are read from the chapters, not typed (the typed-number
                # check in tests/test_how_we_know.py skips them).
                box = nodes.container(classes=["chapter-plan", "from-data"])
                kinds = kinds_text(plan)
                box += para(nodes.strong("", "", doc_link(self, plan.docname, plan.title)))
                box += para(f"Time: about {plan.minutes} minutes. Exercises: {len(plan.exercises)} ({kinds}).")
                box += para("Students will be able to:")
                objectives = nodes.bullet_list()
                for text in plan.objectives:
                    objectives += nodes.list_item("", para(text))
                box += objectives
                rows = []
                for code, text in plan.standards:
                    framework, _, short = code.rpartition(" ")
                    rows.append([[para(framework, nodes.inline("", " "), nodes.inline(short, short, classes=["standard-code"]))], [para(text)]])
                box += table(["Standard (code)", "What it asks (our paraphrase)"], rows, [30, 70], ["standards-table"])
                out.append(box)
            return out

    class KeyIndexDirective(SphinxDirective):
        """Every exercise, by chapter, linked to its key (teacher edition only)."""

        def run(self):
            teacher = getattr(self.config, "reopening_edition", "student") == "teacher"
            if not teacher:
                return [para(
                    "The answer keys and rubrics are in the teacher edition only, which lists every "
                    "exercise of every chapter here with a link to its key. Build it with ",
                    nodes.literal("python -m reopening.editions teacher", "python -m reopening.editions teacher"),
                    " (see the repository's README).",
                )]
            out = []
            for plan in plans_for(self):
                out.append(para(doc_link(self, plan.docname, plan.title), f": {len(plan.exercises)} exercises"))
                items = nodes.bullet_list()
                for exercise_id, kind in plan.exercises:
                    ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=f"key-{exercise_id}", refexplicit=True, refdoc=self.env.docname)
                    ref += nodes.literal(exercise_id, exercise_id)
                    items += nodes.list_item("", para(ref, f" ({kind})"))
                out.append(items)
            return out

    app.add_directive("chapter-plan", ChapterPlanDirective)
    app.add_directive("key-index", KeyIndexDirective)
