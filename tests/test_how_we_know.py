""""How we know": every number and quotation the pages show from data/ is a link to its entry,
each entry quotes its row exactly, computed numbers have a derivation, no number is typed into
prose by hand, and a bad citation stops the build."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import reopening
from reopening import quotecheck

from conftest import CHAPTERS, DATA, ROOT, SEEDS

NOTEBOOKS = sorted(CHAPTERS.rglob("*.ipynb"))
HWK = "chapters/how-we-know.html"

# Pages whose numbers are records or listings, not prose a chapter author types.
TYPED_NUMBER_PAGES_LEFT_OUT = {
    "how-we-know": "it lists every row of the data, numbers included",
    "data-dictionary": "it describes the data files' columns",
    "corrections": "it records what the book said and says, from data/corrections.csv",
}
# Numbers typed in prose that are neither dates nor grade labels, each with its reason.
TYPED_NUMBER_ALLOWLIST: dict[tuple[str, str], str] = {}

MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Dec\.)"
_DATE_OR_LABEL = re.compile(
    rf"{MONTHS}\s+\d{{1,2}}(?:,\s*\d{{4}})?"  # January 26, 2021
    rf"|{MONTHS}\s+\d{{4}}"  # March 2020
    r"|\b\d{4}[-/]\d{2}(?:[-/]\d{2})?\b"  # 2021-01-30, 2021/01/30, 2021-01
    r"|\b(?:19|20)\d{2}\s*[–-]\s*\d{2}\b"  # 2019–20 (a school year)
    r"|\b(?:19|20)\d{2}\b"  # a year
    r"|\bK\s*[–-]\s*\d{1,2}\b|\bgrades?\s+\d{1,2}(?:\s*(?:to|[–-])\s*\d{1,2})?"  # K–8, grades 6 to 8
    r"|\bCOVID-19\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)"  # names, clock times
    r"|\b\d{1,2}(?:st|nd|rd|th)\b"  # ordinals (the 11th hour)
    r"|\b(?:RH|RI|WHST|D[1-4])\.[A-Za-z0-9.]*?\d{1,2}-\d{1,2}(?:\.\d+)?"  # standards codes (RH.9-10.3, D2.His.1.9-12)
    r"|Time:\s*about\s+\d+\s+minutes(?:\s*\([^)]*\))?"  # a chapter's reading time, in its opening box
    r"|\bDay\s+\d{1,2}\b"  # a day of a teaching plan (Day 10: ...)
)
_NUMBER = re.compile(r"\$?\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b|per cent\b)?")


# --------------------------------------------------------------------------- fast: the data model


def test_every_derivation_names_a_glue_key_its_page_glues_and_real_inputs():
    derivations = reopening.load("derivations", folder=DATA)
    figures = set(reopening.load("figures", folder=DATA)["figure_id"])
    problems = []
    for d in derivations.itertuples():
        path = ROOT / f"{d.page}.ipynb"
        if not path.is_file():
            problems.append(f"{d.derivation_id}: page {d.page} does not exist")
            continue
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
        if f'glue("{d.glue_key}"' not in code:
            problems.append(f"{d.derivation_id}: {d.page} never glues {d.glue_key!r}")
        for name in d.inputs.split():
            if name not in figures and not (ROOT / name).exists():
                problems.append(f"{d.derivation_id}: input {name!r} is neither a figure nor a file")
    assert not problems, "\n".join(problems)


def test_every_glued_number_in_prose_goes_through_the_computed_role():
    """A bare {glue:text} in a Markdown cell shows a number with no link to how it was computed."""
    problems = []
    derivations = reopening.load("derivations", folder=DATA).set_index("derivation_id")
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"])
            problems += [f"{path.name}: bare glue {m.group(0)}" for m in re.finditer(r"\{glue(?::\w+)?\}`[^`]*`", text)]
            for m in re.finditer(r"\{computed\}`([^`|]*)\|\s*([^`]*)`", text):
                did = m.group(2).strip()
                if did not in derivations.index or derivations.loc[did, "page"] != f"chapters/{path.stem}":
                    problems.append(f"{path.name}: {m.group(0)} names no derivation of this page")
    assert not problems, "\n".join(problems)


def _group_members() -> dict[str, list[str]]:
    """Each group_id and its rows, from the three tables that have groups."""
    members: dict[str, list[str]] = {}
    for table, key in (("figures", "figure_id"), ("quotes", "quote_id"), ("outside_facts", "fact_id")):
        frame = reopening.load(table, folder=DATA)
        for rid, g in zip(frame[key], frame["group_id"]):
            if isinstance(g, str):
                members.setdefault(g, []).append(rid)
    return members


def test_groups_span_tables_and_have_more_than_one_member():
    members = _group_members()
    lonely = [g for g, m in members.items() if len(m) < 2]
    assert not lonely, f"a group with one member shows nothing to read it with: {lonely}"
    assert any(len({m.split('-')[0] for m in ms}) > 1 for ms in members.values()), "no group spans two tables"
    assert {"f-wgn-07", "f-abc7-08", "f-tribune-06"} <= set(members["g-k8-optin"])
    assert {"f-wgn-01", "f-fox-03"} <= set(members["g-safety-spending"])


# --------------------------------------------------------------------------- typed numbers


def typed_numbers(html: str, figure_texts: set[str]) -> list[str]:
    """Numbers typed into a page by hand: in its prose (not code output, not a role's link, not
    code), its alt text and its quiz text. Reported when it matches a figure's printed value, is
    100 or more, or carries % or $; dates, clock times, grade labels and names are not numbers."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup
    texts = [img.get("alt", "") for img in article.find_all("img")]
    for script in article.find_all("script"):
        texts += quotecheck.quiz_strings(script.string or "")
    # .from-data: tables a directive renders from data/ (the codebook's counts, reopening/codebook.py)
    for tag in article.select("div.cell_output, div.cell_input, a.hwk, .pasted-text, .from-data, code, pre, script, style"):
        tag.decompose()
    texts.append(article.get_text(" "))
    found = []
    for text in texts:
        text = re.sub(r"\s+", " ", text)
        text = _DATE_OR_LABEL.sub(" ", text)
        for m in _NUMBER.finditer(text):
            token = m.group(0).strip()
            digits = token.lstrip("$").split("%")[0].replace("percent", "").replace("per cent", "").replace(",", "").strip()
            try:
                value = float(digits)
            except ValueError:
                continue
            if token in figure_texts or value >= 100 or "%" in token or "$" in token or "percent" in token:
                found.append(token)
    return found


def test_the_typed_number_check_catches_what_it_should():
    figure_texts = {"3,189", "19-percent", "71,000", "10"}
    html = """<article class="bd-article"><p>On January 26, 2021, 3,189 students came; 19% stayed home;
    $100 million was spent; K–8 students and grades 6 to 8 return in 2021-03; 12 teachers spoke.
    Day 10: a discussion. 10 students.</p>
    <img alt="A chart of 71,000 students" src="x.png">
    <p><a class="hwk" href="how-we-know.html#f-1">5,300</a></p>
    <table class="codebook-counts from-data"><tr><td>3,189</td></tr></table></article>"""
    assert typed_numbers(html, figure_texts) == ["71,000", "3,189", "19%", "$100", "10"]


def _figure_texts() -> set[str]:
    return set(reopening.load("figures", folder=DATA)["value_text"])


@pytest.mark.slow
def test_no_number_is_typed_into_prose_by_hand(built_book: Path):
    problems = []
    figure_texts = _figure_texts()
    for page in sorted((built_book / "chapters").glob("*.html")):
        if page.stem in TYPED_NUMBER_PAGES_LEFT_OUT:
            continue
        for token in typed_numbers(page.read_text(encoding="utf-8"), figure_texts):
            if (page.stem, token) not in TYPED_NUMBER_ALLOWLIST:
                problems.append(f"{page.name}: {token!r} is typed; cite it with {{num}} or compute it with {{computed}}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the built pages


@pytest.mark.slow
def test_every_role_mark_is_a_link_to_an_entry_that_exists(built_book: Path):
    entries = {el.get("id") for el in BeautifulSoup((built_book / HWK).read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
    problems, counts = [], {}
    for page in sorted((built_book / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        marks = soup.select(".hwk")
        counts[page.name] = {k: len(soup.select(f"a.hwk-{k}")) for k in ("num", "quote", "outlet", "computed")}
        for mark in marks:
            href = mark.get("href", "")
            if mark.name != "a" or "how-we-know.html#" not in href:
                problems.append(f"{page.name}: a mark that is not a link to How we know: {mark}")
            elif href.split("#", 1)[1] not in entries:
                problems.append(f"{page.name}: {href} has no entry")
            if not mark.select_one(".hwk-hidden"):
                problems.append(f"{page.name}: {href} does not say what it opens")
    print(json.dumps(counts, indent=1))
    assert counts["start-here.html"]["num"] >= 8 and counts["start-here.html"]["quote"] >= 10
    assert counts["sources.html"]["outlet"] >= 4
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_a_big_group_is_listed_once_and_each_member_links_to_it(built_book: Path):
    """Rows read together: a group of four or more rows is listed once, in its own section, and
    each member's entry links there (not to every other member: the page would grow with the
    square of the group's size)."""
    from reopening.howweknow import HowWeKnowDirective

    soup = BeautifulSoup((built_book / "chapters" / "how-we-know.html").read_text(encoding="utf-8"), "html.parser")
    members = _group_members()
    big = {g: m for g, m in members.items() if len(m) >= HowWeKnowDirective.BIG_GROUP}
    assert big, "no big group to check"
    for g, rows in big.items():
        box = soup.find(id=f"group-{g}")
        assert box is not None, f"no section for group {g}"
        assert {a["href"].lstrip("#") for a in box.find_all("a")} == set(rows), g
        for rid in rows:
            entry = soup.find(id=rid)
            assert entry.find("a", href=f"#group-{g}") is not None, f"{rid} does not link to its group {g}"
            assert not ({a["href"].lstrip("#") for a in entry.find_all("a")} & (set(rows) - {rid})), f"{rid} lists its group's members again"


@pytest.mark.slow
def test_every_entry_quotes_its_row_exactly(built_book: Path):
    soup = BeautifulSoup((built_book / HWK).read_text(encoding="utf-8"), "html.parser")
    rows = {}
    rows.update(dict(zip(*[reopening.load("figures", folder=DATA)[c] for c in ("figure_id", "excerpt")])))
    rows.update(dict(zip(*[reopening.load("quotes", folder=DATA)[c] for c in ("quote_id", "text")])))
    rows.update(dict(zip(*[reopening.load("outside_facts", folder=DATA)[c] for c in ("fact_id", "excerpt")])))
    problems = []
    for rid, words in rows.items():
        entry = soup.find(id=rid)
        if entry is None:
            problems.append(f"{rid}: no entry")
            continue
        shown = entry.select_one("blockquote .hwk-text")
        if shown is None or re.sub(r"\s+", " ", shown.get_text()).strip() != re.sub(r"\s+", " ", words).strip():
            problems.append(f"{rid}: the entry does not show the row's words exactly")
    for d in reopening.load("derivations", folder=DATA)["derivation_id"]:
        if soup.find(id=d) is None:
            problems.append(f"{d}: no entry")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_every_glued_value_on_a_page_is_inside_a_computed_link(built_book: Path):
    problems = []
    for page in sorted((built_book / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for pasted in soup.select("article .pasted-text"):
            if not pasted.find_parent("a", class_="hwk-computed"):
                problems.append(f"{page.name}: glued value {pasted.get_text()!r} has no derivation link")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- a one-page book

ONE_PAGE = """# A test page

The count was {num}`f-wgn-06`, and the union wrote {quote}`q-test-01 | keep`
The outlet wrote {outlet}`abc7-2021-01-30 | The roughly 355,000-student district`.
"""
MARKUP = "<script>alert(1)</script> *not emphasis* `not code` {num}`f-wgn-06` <b>bold</b>"


def _one_page_book(tmp_path: Path, page: str, reader_python: Path) -> subprocess.CompletedProcess:
    book = tmp_path / "book"
    book.mkdir()
    shutil.copytree(DATA, book / "data")
    shutil.copytree(SEEDS, book / "seeds")
    quotes = pd.read_csv(book / "data" / "quotes.csv", dtype=str, keep_default_na=False)
    row = quotes.iloc[0].copy()
    row["quote_id"], row["text"], row["variant_of"], row["group_id"] = "q-test-01", MARKUP, "", ""
    pd.concat([quotes, pd.DataFrame([row])]).to_csv(book / "data" / "quotes.csv", index=False)
    (book / "index.md").write_text(page, encoding="utf-8")
    (book / "chapters").mkdir()
    (book / "chapters" / "how-we-know.md").write_text("# How we know\n\n```{how-we-know}\n```\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/how-we-know\n", encoding="utf-8")
    (book / "_config.yml").write_text(
        "title: test\nexecute:\n  execute_notebooks: 'off'\nexclude_patterns: [data, seeds, _build]\n"
        "sphinx:\n  extra_extensions:\n    - reopening.sphinx_ext\n",
        encoding="utf-8",
    )
    jb = reader_python.parent / "jupyter-book"
    env = {"REOPENING_DATA": str(book / "data"), "PATH": str(reader_python.parent) + ":/usr/bin:/bin"}
    return subprocess.run([str(jb), "build", str(book), "-W", "-n"], cwd=book, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
def test_a_row_holding_markup_renders_as_plain_text(tmp_path: Path, reader_python: Path):
    result = _one_page_book(tmp_path, ONE_PAGE, reader_python)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = (tmp_path / "book" / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis* `not code` {num}`f-wgn-06` &lt;b&gt;bold&lt;/b&gt;" in html
    assert 'href="chapters/how-we-know.html#f-wgn-06"' in html and ">191,000<" in html
    assert "hwk-src-abc7-2021-01-30" in html


@pytest.mark.slow
@pytest.mark.parametrize(
    "bad, named",
    [
        ("{num}`f-none-99`", "no figure 'f-none-99'"),
        ("{quote}`q-wgn-02 | part=words nobody said`", "are not in q-wgn-02"),
        ("{outlet}`abc7-2021-01-30 | words ABC7 never printed`", "not verbatim in seed 'abc7-2021-01-30'"),
    ],
)
def test_a_bad_citation_stops_the_build_and_names_it(tmp_path: Path, reader_python: Path, bad: str, named: str):
    result = _one_page_book(tmp_path, "# A test page\n\nIt says " + bad + ".\n", reader_python)
    assert result.returncode != 0
    assert named in result.stdout + result.stderr, (result.stdout + result.stderr)[-3000:]
