"""Two editions of the book from one source: the student edition and the teacher edition.

**Where keys live.** Answer keys and rubrics are kept out of the chapter notebooks, in one key
file per chapter: ``teacher/<chapter>.md`` for ``chapters/<chapter>.ipynb``. A key file has one
section per exercise, each opened by a target that carries the exercise's id::

    (key-sources-self-check)=
    ## Check your understanding (the quiz)

The id (here ``sources-self-check``) starts with the chapter's name; :func:`read_key_file`
returns the sections by id, so a test can map every exercise of a chapter to its key.

**The student edition** is the default build, ``jupyter-book build .``. ``_config.yml``
excludes ``teacher/`` and ``_toc.yml`` does not list it, so no key page is read, written,
indexed for search or copied to ``_sources/``. This module, loaded by ``_config.yml``, also
checks the student build: a key file that reaches it anyway (listed in the table of contents,
pulled in with ``{include}``, ``{literalinclude}`` or ``{download}``) is reported as a warning,
which ``-W`` turns into a failed build.

**The teacher edition** is built by ``python -m reopening.editions teacher`` into
``_build/teacher/html``. It generates its configuration from ``_config.yml`` and its table of
contents from ``_toc.yml`` (into ``_build/teacher/``, never committed: there is no second copy to
keep in step), adds the key files as a last part, and marks every page at the top as the
teacher edition, with a link between each chapter and its key.

**Not secret.** The repository is public (Binder builds it), so anyone can read ``teacher/``
there. The guarantee is only that keys are not shown to students: not in the student HTML, its
``_sources/``, ``_downloads/`` or ``searchindex.js``, and not in the notebooks students open.
:func:`find_text` is the checker the tests use for that.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

KEYS_DIR = "teacher"
CHAPTERS_DIR = "chapters"
TEACHER_BUILD = Path("_build") / "teacher"
KEYS_CAPTION = "Answer keys and rubrics (teacher edition)"
TEACHER_TITLE_SUFFIX = " (teacher edition)"

# --------------------------------------------------------------------------- key files

_TARGET = re.compile(r"^\(key-(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\)=[ \t]*$")
_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.+?)[ \t]*$")


class KeyFileError(ValueError):
    """A key file does not follow the layout (target, then heading, then the key)."""


@dataclass(frozen=True)
class KeySection:
    exercise_id: str
    title: str
    text: str


def key_files(root: Path) -> dict[str, Path]:
    """Every key file of the book, by chapter name (``teacher/sources.md`` -> ``"sources"``)."""
    folder = Path(root) / KEYS_DIR
    return {p.stem: p for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}


def read_key_file(path: Path) -> dict[str, KeySection]:
    """The sections of one key file, by exercise id, in the order they appear.

    Raises :class:`KeyFileError` on a section with no id, an id that does not start with the
    chapter's name, an id used twice, or a section with no text.
    """
    path = Path(path)
    chapter = path.stem
    lines = path.read_text(encoding="utf-8").splitlines()
    sections: dict[str, KeySection] = {}
    problems: list[str] = []
    pending_id: str | None = None
    current: tuple[str, str, list[str]] | None = None
    in_fence = False

    def close():
        if current is None:
            return
        exercise_id, title, body = current
        text = "\n".join(body).strip()
        if not text:
            problems.append(f"{path.name}: section {exercise_id!r} has no text")
        sections[exercise_id] = KeySection(exercise_id, title, text)

    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        target = None if in_fence else _TARGET.match(line)
        heading = None if in_fence else _HEADING.match(line)
        if target:
            close()
            current = None
            pending_id = target["id"]
            if not pending_id.startswith(chapter + "-"):
                problems.append(f"{path.name}:{number}: id {pending_id!r} must start with the chapter's name, {chapter + '-'!r}")
            if pending_id in sections:
                problems.append(f"{path.name}:{number}: id {pending_id!r} is used twice")
        elif heading and len(heading["level"]) == 2:
            close()
            if pending_id is None:
                problems.append(f"{path.name}:{number}: section {heading['title']!r} has no id: put a line (key-{chapter}-NAME)= above it")
                current = None
            else:
                current = (pending_id, heading["title"], [])
            pending_id = None
        elif heading and len(heading["level"]) == 1:
            close()
            current = None
        elif current is not None:
            current[2].append(line)
    close()
    if pending_id is not None:
        problems.append(f"{path.name}: id {pending_id!r} is not followed by a '## ' heading")
    if not sections and not problems:
        problems.append(f"{path.name}: no key sections")
    if problems:
        raise KeyFileError("\n".join(problems))
    return sections


# --------------------------------------------------------------------------- the teacher build's settings


def _toc_files(toc: dict) -> list[str]:
    """Every ``file`` of a table of contents, root first, in reading order."""
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
    return [PurePosixPath(f).with_suffix("").as_posix() if PurePosixPath(f).suffix in (".md", ".ipynb") else f for f in files]


def _excludes_keys(patterns: list[str], key_docs: list[str]) -> list[str]:
    from sphinx.util.matching import Matcher

    matcher = Matcher(patterns)
    return [doc for doc in key_docs if matcher(doc + ".md") or matcher(KEYS_DIR)]


def teacher_toc(toc: dict, root: Path) -> dict:
    """The student table of contents plus one last part (or chapters) listing the key files,
    in the order of their chapters. Raises ValueError on a key file with no chapter in the toc."""
    keys = key_files(root)
    in_toc = _toc_files(toc)
    chapter_names = {PurePosixPath(f).name: f for f in in_toc if f.startswith(CHAPTERS_DIR + "/")}
    orphans = sorted(set(keys) - set(chapter_names))
    if orphans:
        raise ValueError(f"key files with no chapter in the table of contents: {[f'{KEYS_DIR}/{o}.md' for o in orphans]}")
    listed = [f for f in in_toc if f.startswith(KEYS_DIR + "/")]
    if listed:
        raise ValueError(f"_toc.yml lists key files, which would put them in the student edition: {listed}")
    entries = [{"file": f"{KEYS_DIR}/{PurePosixPath(f).name}"} for f in in_toc if f.startswith(CHAPTERS_DIR + "/") and PurePosixPath(f).name in keys]
    if not entries:
        raise ValueError(f"no key files in {KEYS_DIR}/ for the chapters in the table of contents")
    out = copy.deepcopy(toc)
    if "parts" in out:
        out["parts"].append({"caption": KEYS_CAPTION, "chapters": entries})
    else:
        out.setdefault("chapters", []).extend(entries)
    return out


def teacher_config(config: dict, root: Path) -> dict:
    """The teacher edition's settings, made from the student edition's ``_config.yml``:
    the same book, with ``teacher/`` no longer excluded, the title marked, the execution cache
    shared with the student build, and this module told which edition it is building."""
    root = Path(root).resolve()
    out = copy.deepcopy(config)
    out["title"] = (out.get("title") or "") + TEACHER_TITLE_SUFFIX
    patterns = [p for p in out.get("exclude_patterns", []) if p.rstrip("/") not in (KEYS_DIR, f"{KEYS_DIR}/**", f"{KEYS_DIR}/*")]
    still = _excludes_keys(patterns, [f"{KEYS_DIR}/{name}" for name in key_files(root)])
    if still:
        raise ValueError(f"exclude_patterns in _config.yml still exclude {still} from the teacher edition; exclude the folder as {KEYS_DIR!r}")
    out["exclude_patterns"] = patterns
    execute = out.setdefault("execute", {})
    if not execute.get("cache"):
        # Both editions run the same notebooks: share the student build's cache.
        execute["cache"] = str(root / "_build" / ".jupyter_cache")
    sphinx = out.setdefault("sphinx", {})
    extensions = sphinx.setdefault("extra_extensions", [])
    if "reopening.editions" not in extensions:
        extensions.append("reopening.editions")
    sphinx.setdefault("config", {})["reopening_edition"] = "teacher"
    return out


def _student_settings_problems(config: dict, toc: dict, root: Path) -> list[str]:
    """What in the student settings would let a key file into the student edition."""
    problems = []
    keys = [f"{KEYS_DIR}/{name}" for name in key_files(root)]
    if keys and not _excludes_keys(config.get("exclude_patterns", []), keys[:1]):
        problems.append(f"_config.yml: exclude_patterns must list {KEYS_DIR!r}")
    listed = [f for f in _toc_files(toc) if f.startswith(KEYS_DIR + "/")]
    if listed:
        problems.append(f"_toc.yml lists key files: {listed}")
    if "reopening.editions" not in (config.get("sphinx", {}).get("extra_extensions") or []):
        problems.append("_config.yml: sphinx.extra_extensions must list reopening.editions (it checks the student build)")
    return problems


def write_teacher_settings(root: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write the teacher edition's ``_config.yml`` and ``_toc.yml`` into ``out_dir``."""
    root = Path(root)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    problems = _student_settings_problems(config, toc, root)
    if problems:
        raise ValueError("the student settings would let keys into the student edition:\n" + "\n".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    header = "# Generated by `python -m reopening.editions teacher` from {}: do not edit, edit {} instead.\n"
    config_path, toc_path = out_dir / "_config.yml", out_dir / "_toc.yml"
    config_path.write_text(header.format("_config.yml", "_config.yml") + yaml.safe_dump(teacher_config(config, root), sort_keys=False, allow_unicode=True), encoding="utf-8")
    toc_path.write_text(header.format("_toc.yml", "_toc.yml") + yaml.safe_dump(teacher_toc(toc, root), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_path, toc_path


def build_teacher(root: Path = Path("."), *, warningiserror: bool = False, nitpicky: bool = False, keep_going: bool = False, freshenv: bool = False) -> int:
    """Build the teacher edition into ``<root>/_build/teacher/html``; returns the exit status."""
    from jupyter_book.sphinx import build_sphinx

    root = Path(root).resolve()
    out = root / TEACHER_BUILD
    config_path, toc_path = write_teacher_settings(root, out)
    overrides = {"external_toc_path": toc_path.as_posix(), "latex_individualpages": False}
    if nitpicky:
        overrides["nitpicky"] = True
    print(f"Teacher edition: {root} -> {out / 'html'} (settings generated in {config_path.parent})", flush=True)
    result = build_sphinx(
        root,
        out / "html",
        use_external_toc=True,
        noconfig=True,
        path_config=str(config_path),
        confoverrides=overrides,
        builder="html",
        warningiserror=warningiserror,
        keep_going=keep_going,
        freshenv=freshenv,
    )
    if isinstance(result, Exception):
        print(f"The teacher edition did not build: {result!r}", file=sys.stderr)
        return 1
    if result:
        print(f"The teacher edition built with problems (exit {result}); see above.", file=sys.stderr)
        return int(result)
    print(f"Teacher edition built: open {out / 'html' / 'index.html'}", flush=True)
    return 0


# --------------------------------------------------------------------------- the leak checker


def find_text(folder: Path, text: str) -> list[str]:
    """Every file under ``folder`` whose bytes contain ``text``, ignoring case (search indexes
    store words in lower case), as paths relative to ``folder``. Every file is read: HTML,
    ``_sources/``, ``_downloads/``, ``searchindex.js``, images, anything."""
    folder = Path(folder)
    needle = text.lower().encode("utf-8")
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and needle in path.read_bytes().lower():
            found.append(path.relative_to(folder).as_posix())
    return found


# --------------------------------------------------------------------------- the Sphinx extension


def setup(app):
    app.add_config_value("reopening_edition", "student", "env", [str])
    app.connect("config-inited", _check_edition_name)
    app.connect("env-check-consistency", _check_student_edition)
    app.connect("builder-inited", _add_teacher_style)
    app.connect("html-page-context", _mark_teacher_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


def _check_edition_name(app, config):
    if config.reopening_edition not in ("student", "teacher"):
        from sphinx.errors import ConfigError

        raise ConfigError(f"reopening_edition must be 'student' or 'teacher', not {config.reopening_edition!r}")


def _under_keys(relpath: str) -> bool:
    parts = PurePosixPath(os.path.normpath(relpath).replace(os.sep, "/")).parts
    return bool(parts) and parts[0] == KEYS_DIR


def student_edition_leaks(env) -> list[str]:
    """Key files the student build has read, included or copied (from Sphinx's environment)."""
    srcdir = Path(env.srcdir)

    def rel(filename: str) -> str:
        p = Path(filename)
        return os.path.relpath(p if p.is_absolute() else srcdir / p, srcdir)

    leaks = [f"{doc}: a key page is part of the student edition" for doc in sorted(env.found_docs) if _under_keys(doc)]
    for doc, deps in sorted(env.dependencies.items()):
        leaks += [f"{doc}: includes {rel(d)}" for d in sorted(deps) if _under_keys(rel(d))]
    for filename, (docs, _dest) in sorted(env.dlfiles.items()):
        if _under_keys(rel(filename)):
            leaks.append(f"{', '.join(sorted(docs))}: offers {rel(filename)} as a download")
    for filename, (docs, _dest) in sorted(env.images.items()):
        if _under_keys(rel(filename)):
            leaks.append(f"{', '.join(sorted(docs))}: shows {rel(filename)}")
    return list(dict.fromkeys(leaks))


def _check_student_edition(app, env):
    if app.config.reopening_edition != "student":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for leak in student_edition_leaks(env):
        logger.warning(f"answer key in the student edition: {leak} (keys belong only in the teacher edition)", type="reopening", subtype="key_leak")


STATIC = Path(__file__).parent / "static"


def _add_teacher_style(app):
    if app.config.reopening_edition != "teacher":
        return
    if str(STATIC) not in map(str, app.config.html_static_path):
        app.config.html_static_path.append(str(STATIC))
    app.add_css_file("teacher-edition.css")


def _mark_teacher_pages(app, pagename, templatename, context, doctree):
    if app.config.reopening_edition != "teacher":
        return
    from html import escape

    pathto = context["pathto"]
    name = PurePosixPath(pagename).name
    link = ""
    if pagename.startswith(CHAPTERS_DIR + "/") and f"{KEYS_DIR}/{name}" in app.env.found_docs:
        link = f' <a href="{escape(pathto(f"{KEYS_DIR}/{name}"))}">The answer key for this page.</a>'
    elif pagename.startswith(KEYS_DIR + "/") and f"{CHAPTERS_DIR}/{name}" in app.env.found_docs:
        link = f' <a href="{escape(pathto(f"{CHAPTERS_DIR}/{name}"))}">The page these keys are for.</a>'
    context["theme_announcement"] = (
        "<strong>Teacher edition.</strong> This copy of the book adds answer keys and rubrics, which the "
        "student edition leaves out. They are not secret (the repository is public), only not shown to "
        f"students.{link}"
    )


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reopening.editions",
        description="Build the teacher edition (the student edition is the default `jupyter-book build .`).",
    )
    sub = parser.add_subparsers(dest="edition", required=True)
    teacher = sub.add_parser("teacher", help="build the teacher edition into _build/teacher/html")
    teacher.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    teacher.add_argument("-W", dest="warningiserror", action="store_true", help="turn warnings into errors")
    teacher.add_argument("-n", dest="nitpicky", action="store_true", help="warn about every reference that does not resolve")
    teacher.add_argument("--keep-going", action="store_true", help="with -W, keep going after a warning")
    teacher.add_argument("--all", dest="freshenv", action="store_true", help="read every page afresh")
    args = parser.parse_args(argv)
    try:
        return build_teacher(Path(args.path), warningiserror=args.warningiserror, nitpicky=args.nitpicky, keep_going=args.keep_going, freshenv=args.freshenv)
    except (ValueError, KeyFileError) as exc:
        print(f"The teacher edition cannot be built: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
