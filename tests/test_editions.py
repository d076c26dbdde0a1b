"""Two editions from one source: the student edition shows no answer key, the teacher edition does.

The leak test builds both editions of a one-page test book, made with the book's own
``_config.yml`` and :mod:`reopening.editions`, whose key file carries a marker string, and looks
for the marker in every file the student build writes (pages, ``_sources/``, ``_downloads/``,
``searchindex.js``) and in ``chapters/``. Two more test books each leak a key on purpose, one
through a student page and one through the student table of contents, to show that the check
fails when it should. The real book's teacher edition is built once, after the student edition.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reopening import editions, quotecheck

from conftest import BUILD, CHAPTERS, DATA, ROOT, offline

MARKER = "Keyleakmarker7q2"  # letters and digits only: it survives HTML, JSON and the search index
BANNER = "Teacher edition."
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
SKIP = ("_static", "_sources", "_images", "_downloads")


def toc_files(toc: dict) -> list[str]:
    return editions._toc_files(toc)


def real_settings() -> tuple[dict, dict]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return config, toc


def html_pages(html: Path) -> list[Path]:
    """The pages a reader sees (not the one-line redirect that index.html is)."""
    pages = (p for p in html.rglob("*.html") if p.relative_to(html).parts[0] not in SKIP)
    return sorted(p for p in pages if not p.read_text(encoding="utf-8").lstrip().startswith("<meta http-equiv=\"Refresh\""))


def leaks(student_html: Path, chapters: Path, marker: str) -> list[str]:
    """Where the marker shows up in the student edition or in the chapter notebooks."""
    found = [f"student build: {f}" for f in editions.find_text(student_html, marker)]
    found += [f"chapters/: {f}" for f in editions.find_text(chapters, marker)]
    return found


# --------------------------------------------------------------------------- fast: the key files


def test_every_key_file_follows_the_layout_and_belongs_to_a_chapter():
    _, toc = real_settings()
    chapters = {Path(f).name for f in toc_files(toc) if f.startswith("chapters/")}
    keys = editions.key_files(ROOT)
    assert keys, "no key files in teacher/"
    assert set(keys) <= chapters, f"key files with no chapter in _toc.yml: {sorted(set(keys) - chapters)}"
    for name, path in keys.items():
        sections = editions.read_key_file(path)  # raises on a section with no id, a bad id or no text
        short = [s.exercise_id for s in sections.values() if len(s.text.split()) < 25]
        assert not short, f"{path.name}: these keys are too short to help a teacher: {short}"
        assert path.read_text(encoding="utf-8").startswith("# "), f"{path.name} needs a title"


def test_every_pause_prompt_and_quiz_has_a_key():
    """One key per "Pause and think" box (teacher notes for the discussion it starts), and one for
    each page's self-check quiz. Exercises map to their keys by id in tests/test_frame.py."""
    keys = editions.key_files(ROOT)
    problems = []
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        prompts = markdown.count("{admonition} Pause and think")
        has_quiz = "quiz.show(" in code
        if not (prompts or has_quiz):
            continue
        if path.stem not in keys:
            problems.append(f"{path.name}: no key file teacher/{path.stem}.md")
            continue
        ids = list(editions.read_key_file(keys[path.stem]))
        pause = [i for i in ids if i.startswith(f"{path.stem}-pause-")]
        if len(pause) != prompts:
            problems.append(f"{path.name}: {prompts} Pause and think prompts, {len(pause)} keys for them ({pause})")
        if has_quiz and f"{path.stem}-self-check" not in ids:
            problems.append(f"{path.name}: its quiz has no key {path.stem}-self-check")
    assert not problems, "\n".join(problems)


def _plain(text: str) -> str:
    """Text without markdown markup, straight quotes, one space between words."""
    text = re.sub(r"\{\w+\}`[^`]*`|`[^`]*`|\*\*|\*|^\s*(?:[-*]|\d+\.)\s+", " ", text, flags=re.M)
    return " ".join(quotecheck.normalise(text).split())


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:;])\s+", _plain(text)) if len(s.split()) >= 8]


def key_text_in(text: str) -> list[str]:
    """The key sentences (eight words or more) that ``text`` contains."""
    plain = _plain(text)
    found = []
    for path in editions.key_files(ROOT).values():
        for section in editions.read_key_file(path).values():
            found += [f"{path.name} [{section.exercise_id}]: {s[:80]!r}" for s in _sentences(section.text) if s in plain]
    return found


def test_the_chapter_notebooks_carry_no_key_text():
    """No sentence of a key is in a notebook students open (Binder, downloads, _sources)."""
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        found = key_text_in("\n\n".join("".join(c["source"]) for c in nb["cells"]))
        assert not found, f"key text in {path.name}:\n" + "\n".join(found)
        assert "(key-" not in path.read_text(encoding="utf-8"), f"{path.name} carries a key target"
    # The check finds a key sentence pasted into a page, markup and line breaks and all.
    section = next(iter(editions.read_key_file(editions.key_files(ROOT)["sources"]).values()))
    pasted = "Some page text.\n\n" + section.text.replace(" ", "\n", 3) + "\n\nMore text."
    assert key_text_in(pasted)


def test_key_files_quote_only_real_quotations():
    """A key is book text too: a quotation in it must be a real quotation (DESIGN §11)."""
    sources = quotecheck.Sources.load(DATA, ROOT / "tests" / "outlet_words.csv")
    problems = []
    for path in editions.key_files(ROOT).values():
        problems += quotecheck.check_blocks(path.name, quotecheck.markdown_blocks(path.read_text(encoding="utf-8")), sources).problems
    assert not problems, "\n".join(problems)


def test_the_key_file_reader_rejects_a_bad_layout(tmp_path):
    good = tmp_path / "page.md"
    good.write_text("# Answer key: Page\n\nIntro.\n\n(key-page-one)=\n## One\n\nThe key.\n\n```\n## not a heading\n```\n\n(key-page-two)=\n## Two\n\nAnother key.\n")
    sections = editions.read_key_file(good)
    assert list(sections) == ["page-one", "page-two"] and "## not a heading" in sections["page-one"].text
    bad = {
        "no id": "# Key\n\n## One\n\nThe key.\n",
        "must start with the chapter": "# Key\n\n(key-other-one)=\n## One\n\nThe key.\n",
        "used twice": "# Key\n\n(key-page-one)=\n## One\n\nA.\n\n(key-page-one)=\n## Again\n\nB.\n",
        "has no text": "# Key\n\n(key-page-one)=\n## One\n\n",
        "not followed by": "# Key\n\n(key-page-one)=\n",
    }
    for message, text in bad.items():
        good.write_text(text)
        with pytest.raises(editions.KeyFileError, match=message):
            editions.read_key_file(good)


def test_the_student_settings_keep_keys_out_and_the_check_catches_it_when_they_do_not():
    config, toc = real_settings()
    assert editions._student_settings_problems(config, toc, ROOT) == []
    unguarded = {**config, "exclude_patterns": [p for p in config["exclude_patterns"] if p != "teacher"]}
    assert any("exclude_patterns" in p for p in editions._student_settings_problems(unguarded, toc, ROOT))
    listed = json.loads(json.dumps(toc))
    listed["parts"][0]["chapters"].append({"file": "teacher/sources"})
    assert any("_toc.yml lists key files" in p for p in editions._student_settings_problems(config, listed, ROOT))
    with pytest.raises(ValueError, match="would put them in the student edition"):
        editions.teacher_toc(listed, ROOT)


def test_the_teacher_settings_are_made_from_the_student_settings():
    """No hand-kept copy: the teacher config is _config.yml with four changes, and the teacher
    table of contents is _toc.yml plus one part of key files, in chapter order."""
    config, toc = real_settings()
    teacher = editions.teacher_config(config, ROOT)
    changed = {k for k in set(config) | set(teacher) if config.get(k) != teacher.get(k)}
    assert changed == {"title", "exclude_patterns", "execute", "sphinx"}
    assert teacher["title"] == config["title"] + editions.TEACHER_TITLE_SUFFIX
    assert [p for p in config["exclude_patterns"] if p != "teacher"] == teacher["exclude_patterns"]
    assert {k: v for k, v in teacher["execute"].items() if k != "cache"} == config["execute"]
    assert teacher["sphinx"]["config"] == {**config["sphinx"]["config"], "reopening_edition": "teacher"}
    assert teacher["sphinx"]["extra_extensions"] == config["sphinx"]["extra_extensions"]

    teacher_toc = editions.teacher_toc(toc, ROOT)
    assert teacher_toc["parts"][:-1] == toc["parts"] and teacher_toc["root"] == toc["root"]
    last = teacher_toc["parts"][-1]
    chapters = [Path(f).name for f in toc_files(toc)]
    keys = [Path(e["file"]).name for e in last["chapters"]]
    assert last["caption"] == editions.KEYS_CAPTION
    assert keys == [c for c in chapters if c in editions.key_files(ROOT)]


def test_find_text_reads_every_file_and_ignores_case(tmp_path):
    (tmp_path / "_sources").mkdir()
    (tmp_path / "_sources" / "page.ipynb.txt").write_text('{"source": ["... keyleakmarker7q2 ..."]}')
    (tmp_path / "searchindex.js").write_text('Search.setIndex({"terms": {"keyleakmarker7q2": 0}})')
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\xff" + MARKER.encode())
    (tmp_path / "clean.html").write_text("<p>nothing here</p>")
    assert editions.find_text(tmp_path, MARKER) == ["_sources/page.ipynb.txt", "image.png", "searchindex.js"]


def test_the_readme_gives_both_edition_commands():
    readme = re.sub(r"```.*?```", "", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert "\n## Two editions\n" in readme
    section = readme.split("\n## Two editions\n", 1)[1].split("\n## ", 1)[0]
    for needed in ("jupyter-book build .", "python -m reopening.editions teacher", "_build/teacher/html", "teacher/", "not secret"):
        assert needed in section, f"the README's Two editions section must mention {needed!r}"


# --------------------------------------------------------------------------- slow: one-page test books

PAGE_MD = """# A test chapter

Some text, and a handout: {download}`the handout <handout.txt>`.

**Pause and think.** Why would anyone write a test book?
"""

KEY_MD = f"""# Answer key: a test chapter {MARKER}

Teacher edition only {MARKER}.

(key-page-pause-why)=
## Pause and think: why a test book? {MARKER}

**Kind:** pause and think. **Key:** rubric. A good answer mentions {MARKER}.
"""


def make_test_book(folder: Path, *, include_key_in_page: bool = False, key_in_toc: bool = False) -> Path:
    """A one-page book with the book's own settings (notebooks not executed) and one key file."""
    import nbformat

    folder.mkdir(parents=True)
    config, _ = real_settings()
    config["execute"]["execute_notebooks"] = "off"
    toc = {"format": "jb-book", "root": "chapters/page"}
    if key_in_toc:
        # The leak: a key listed in the student table of contents, with the folder no longer excluded.
        config["exclude_patterns"] = [p for p in config["exclude_patterns"] if p != "teacher"]
        toc["chapters"] = [{"file": "teacher/page"}]
    (folder / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    (folder / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(PAGE_MD),
        nbformat.v4.new_code_cell("# A hidden cell: _sources/ and the download button carry it.\nanswer = 42", metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_code_cell("checked = True", metadata={"tags": ["remove-cell"]}),
    ]
    if include_key_in_page:
        # The leak: a student page that pulls the key in, and offers it as a download.
        nb.cells.append(nbformat.v4.new_markdown_cell("## Notes\n\n```{include} ../teacher/page.md\n```\n\n{download}`notes <../teacher/page.md>`\n"))
    (folder / "chapters").mkdir()
    shutil.copytree(ROOT / "chapters" / "images", folder / "chapters" / "images")  # the favicon _config.yml names
    nbformat.write(nb, folder / "chapters" / "page.ipynb")
    (folder / "chapters" / "handout.txt").write_text("A handout for students.\n", encoding="utf-8")
    (folder / "teacher").mkdir()
    (folder / "teacher" / "page.md").write_text(KEY_MD, encoding="utf-8")
    return folder


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(offline(cmd), cwd=cwd, capture_output=True, text=True, timeout=600)


def build_student(book: Path) -> subprocess.CompletedProcess:
    return run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], book)


def build_teacher(book: Path, python: str = sys.executable) -> subprocess.CompletedProcess:
    return run([python, "-m", "reopening.editions", "teacher", ".", "-W", "-n", "--keep-going"], book)


@pytest.fixture(scope="module")
def test_books(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("editions")
    books = {
        "good": make_test_book(base / "good"),
        "included": make_test_book(base / "included", include_key_in_page=True),
        "in_toc": make_test_book(base / "in_toc", key_in_toc=True),
    }
    results = {name: build_student(book) for name, book in books.items()}
    results["teacher"] = build_teacher(books["good"])
    return {"books": books, "results": results}


@pytest.mark.slow
def test_the_student_edition_of_a_test_book_carries_no_key_text(test_books):
    book, result = test_books["books"]["good"], test_books["results"]["good"]
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = book / "_build" / "html"
    # The check covers what a student can reach: the page, its source copy (the download button),
    # the downloads and the search index.
    for reachable in ("chapters/page.html", "_sources/chapters/page.ipynb", "searchindex.js"):
        assert (html / reachable).is_file(), f"the student build has no {reachable}"
    assert any((html / "_downloads").rglob("handout.txt"))
    assert "answer = 42" in (html / "_sources" / "chapters" / "page.ipynb").read_text(encoding="utf-8"), "hidden cells reach _sources/"
    assert leaks(html, book / "chapters", MARKER) == []
    assert not (html / "teacher").exists()


@pytest.mark.slow
def test_the_teacher_edition_of_a_test_book_carries_the_keys(test_books):
    book, result = test_books["books"]["good"], test_books["results"]["teacher"]
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "WARNING" not in result.stdout + result.stderr
    html = book / "_build" / "teacher" / "html"
    found = editions.find_text(html, MARKER)
    for where in ("teacher/page.html", "_sources/teacher/page.md", "searchindex.js"):
        assert where in found, f"the marker is not in the teacher edition's {where}: {found}"
    for page in html_pages(html):
        assert BANNER in page.read_text(encoding="utf-8"), f"{page.relative_to(html)} does not say it is the teacher edition"
    chapter = (html / "chapters" / "page.html").read_text(encoding="utf-8")
    assert 'href="../teacher/page.html">The answer key for this page.' in chapter
    assert (book / "_build" / "teacher" / "_config.yml").is_file(), "the teacher settings are generated, not kept"
    # The student edition of the same book, built first, is untouched by the teacher build.
    assert leaks(book / "_build" / "html", book / "chapters", MARKER) == []


@pytest.mark.slow
def test_the_leak_test_fails_when_a_student_page_includes_a_key(test_books):
    book, result = test_books["books"]["included"], test_books["results"]["included"]
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "answer key in the student edition: chapters/page: includes teacher/page.md" in output, output[-3000:]
    assert "offers teacher/page.md as a download" in output
    found = leaks(book / "_build" / "html", book / "chapters", MARKER)
    assert "student build: chapters/page.html" in found and "student build: searchindex.js" in found, found
    assert any(f.startswith("student build: _downloads/") for f in found), found


@pytest.mark.slow
def test_the_leak_test_fails_when_the_student_toc_lists_a_key(test_books):
    book, result = test_books["books"]["in_toc"], test_books["results"]["in_toc"]
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "answer key in the student edition: teacher/page: a key page is part of the student edition" in output, output[-3000:]
    found = leaks(book / "_build" / "html", book / "chapters", MARKER)
    for where in ("teacher/page.html", "_sources/teacher/page.md", "searchindex.js"):
        assert f"student build: {where}" in found, found


# --------------------------------------------------------------------------- slow: the real book


@pytest.mark.slow
def test_the_students_edition_of_the_book_has_no_key_page_or_target(built_book: Path):
    assert not (built_book / "teacher").exists() and not (built_book / "_sources" / "teacher").exists()
    index = (built_book / "searchindex.js").read_text(encoding="utf-8")
    assert '"teacher/' not in index, "a key page is in the student search index"
    targets = [f"key-{i}" for p in editions.key_files(ROOT).values() for i in editions.read_key_file(p)]
    assert targets
    found = {t: editions.find_text(built_book, t) for t in targets}
    assert not any(found.values()), f"key targets in the student build: { {t: f for t, f in found.items() if f} }"


@pytest.fixture(scope="module")
def teacher_book(built_book: Path, reader_python: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """The documented command, on the real book, in a reader's environment, offline, with
    warnings as errors. It runs after the student build and shares its execution cache."""
    shutil.rmtree(BUILD / "teacher", ignore_errors=True)
    result = build_teacher(ROOT, python=str(reader_python))
    (BUILD / "teacher").mkdir(parents=True, exist_ok=True)
    (BUILD / "teacher" / "build.log").write_text(result.stdout + "\n--- stderr ---\n" + result.stderr)
    return BUILD / "teacher" / "html", result


@pytest.mark.slow
def test_the_teacher_edition_of_the_book_builds_clean(teacher_book):
    html, result = teacher_book
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    _, toc = real_settings()
    for entry in toc_files(toc):
        assert (html / f"{entry}.html").is_file(), f"the teacher edition has no page for {entry}"
    for name, path in editions.key_files(ROOT).items():
        page = (html / editions.KEYS_DIR / f"{name}.html").read_text(encoding="utf-8")
        for exercise_id in editions.read_key_file(path):
            assert f'id="key-{exercise_id}"' in page, f"{name}: no anchor for {exercise_id}"
        chapter = (html / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        assert f'href="../teacher/{name}.html"' in chapter, f"chapters/{name} does not link to its key"
    for page in html_pages(html):
        assert BANNER in page.read_text(encoding="utf-8"), f"{page.relative_to(html)} does not say it is the teacher edition"


@pytest.mark.slow
def test_the_teacher_editions_for_teachers_page_links_every_exercise_to_its_key(teacher_book):
    """The key index ({key-index}, reopening.teachers) on the For teachers page: every exercise of
    every chapter, each a link to its key's anchor on its key page."""
    from reopening import teachers

    html, result = teacher_book
    assert result.returncode == 0
    page = (html / "chapters" / "for-teachers.html").read_text(encoding="utf-8")
    plans = teachers.chapter_plans(ROOT)
    assert plans
    for plan in plans:
        keys = editions.read_key_file(ROOT / editions.KEYS_DIR / f"{plan.name}.md")
        for exercise_id, _ in plan.exercises:
            assert exercise_id in keys, f"{exercise_id} has no key"
            assert f'href="../teacher/{plan.name}.html#key-{exercise_id}"' in page, f"no link to the key of {exercise_id}"


@pytest.mark.slow
def test_every_chapter_has_a_teacher_handout_with_its_keys_only_in_the_teacher_build(teacher_book, built_book):
    """``python -m reopening.handouts teacher``: each chapter's exercises and its keys, as a PDF,
    in the teacher build only. The key-text check that passes the student handouts (in
    tests/test_handouts.py) finds the keys here: it can fail."""
    from reopening import handouts, teachers
    from test_handouts import pdf_text

    html, result = teacher_book
    assert result.returncode == 0
    made = subprocess.run([sys.executable, "-m", "reopening.handouts", "teacher"], cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    for plan in teachers.chapter_plans(ROOT):
        pdf = html / handouts.HANDOUTS_DIR / f"{plan.name}-key.pdf"
        assert pdf.is_file(), f"no teacher handout for {plan.docname}"
        text = pdf_text(pdf)
        for exercise_id, _ in plan.exercises:
            assert exercise_id in text
        assert key_text_in(text), f"{pdf.name} carries no key text"
        assert not (built_book / handouts.HANDOUTS_DIR / pdf.name).exists(), f"{pdf.name} is in the student build"


@pytest.mark.slow
def test_the_teacher_editions_key_pages_pass_the_browser_checks(teacher_book):
    """The key pages and the banner, in headless Chromium, with the browser test's own checks."""
    import functools
    import http.server
    import threading

    import test_browser as tb

    html, result = teacher_book
    assert result.returncode == 0
    if not Path(tb.CHROMIUM).exists() or not tb.AXE.is_file():
        pytest.fail("the browser checks need /usr/bin/chromium and axe-core (npm ci --prefix tests/browser)")
    from playwright.sync_api import sync_playwright

    names = [p.relative_to(html).as_posix() for p in html_pages(html) if p.relative_to(html).parts[0] == editions.KEYS_DIR]
    names.append("chapters/sources.html")  # a chapter page, for the banner and its link
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(tb._QuietHandler, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    visits = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=tb.CHROMIUM, args=tb.CHROMIUM_FLAGS)
            for name in names:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                requests: list[str] = []
                page.on("request", lambda req: requests.append(req.url))
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{name}", wait_until="networkidle")
                page.add_script_tag(content=tb.AXE.read_text(encoding="utf-8"))
                axe = page.evaluate(
                    "async (tags) => await axe.run(document, {runOnly: {type: 'rule', values: axe.getRules(tags).map(r => r.ruleId)}})",
                    tb.AXE_TAGS,
                )
                visits[name] = {"requests": requests, "axe": axe, "images": [], "text": page.inner_text("body")}
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    problems = tb.axe_problems(visits) + tb.text_problems(visits) + tb.request_problems(visits)
    assert not problems, "\n".join(problems)
    assert all(BANNER in v["text"] for v in visits.values())
