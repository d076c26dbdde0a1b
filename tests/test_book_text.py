"""Every quotation the book prints is a real quotation, and the two sides get comparable space.

The checks run on the text of every built page as a reader gets it (article text, alt text and
each quiz's question data), so line wraps in the notebook source, glue and markup cannot hide a
quotation. A fast version reads the notebooks themselves, so ``pytest -m "not slow"`` still
catches a bad quote. What counts as a real quotation is set out in :mod:`reopening.quotecheck`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reopening import quotecheck
from reopening.provenance import is_verbatim, seed_texts

from conftest import BUILD, CHAPTERS, DATA, ROOT

OUTLET_WORDS = ROOT / "tests" / "outlet_words.csv"
NOTEBOOKS = sorted(CHAPTERS.rglob("*.ipynb"))

# Pages left out of the balance count, each with its reason (DESIGN §10). Tables that reproduce
# what one outlet printed (the Coverage chapter's) are left out table by table, not page by page:
# they carry the class quotecheck.REPRODUCES_CLASS and the seed's id, and every quotation in one
# must be that seed's (quotecheck.reproduction_problems).
BALANCE_EXCLUDED: dict[str, str] = {
    "how-we-know": "it lists every row of the data, so it quotes everything once (DESIGN §10)",
    "data-dictionary": "it describes the data files, not the dispute",
}


@pytest.fixture(scope="module")
def sources() -> quotecheck.Sources:
    return quotecheck.Sources.load(DATA, OUTLET_WORDS)


# --------------------------------------------------------------------------- the outlet-words list


def test_outlet_words_are_verbatim_in_their_seed_and_say_why():
    words = pd.read_csv(OUTLET_WORDS, dtype=str, keep_default_na=False)
    seeds = seed_texts(DATA)
    problems = []
    for row in words.itertuples():
        if row.source_id not in seeds:
            problems.append(f"{row.source_id}: not a seed")
        elif not is_verbatim(row.text, seeds[row.source_id]):
            problems.append(f"{row.source_id}: {row.text[:60]!r} is not verbatim in the seed")
        if row.page not in {p.stem for p in NOTEBOOKS}:
            problems.append(f"{row.source_id}: page {row.page!r} is not a chapter notebook")
        if len(row.reason.split()) < 3:
            problems.append(f"{row.source_id}: {row.text[:40]!r} needs a reason")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- fast: the notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_quotation_in_the_notebooks_is_a_real_quotation(path: Path, sources):
    report = quotecheck.check_blocks(path.name, quotecheck.notebook_blocks(path), sources)
    assert not report.problems, "\n".join(report.problems)


def test_the_two_sides_get_comparable_space_in_the_notebooks(sources):
    reports = [quotecheck.check_blocks(p.name, quotecheck.notebook_blocks(p), sources) for p in NOTEBOOKS if p.stem not in BALANCE_EXCLUDED]
    totals, per_page = quotecheck.words_by_side(reports)
    problem = quotecheck.balance_problem(totals)
    assert problem is None, problem + "\n" + quotecheck.balance_table(totals, per_page)


# --------------------------------------------------------------------------- the checker catches what it should

PARAPHRASE = """<article class="bd-article"><p>The union said it was not safe, "especially for those
who haven't gotten their COVID vaccine" (CBS 2).</p></article>"""

WRAPPED_MISQUOTE_MD = """The district, said CBS 2, "said its buildings are cleaned
and sanitized for the safety of students and staff" that week."""

UNBALANCED = """<article class="bd-article">
<p>The mayor said: "We must respect the tens of thousands of CPS parents — most of them Black and
Latinx — who feel their children need in-person instruction." She added, "Our plan, endorsed by
leading public health experts, gets kids AND staff back safely."</p>
<p>Jackson wrote: "CDC, CDPH, WHO, Academy of Pediatricians, Dr. Fauci, and other leading public
health experts have already said we can reopen schools with mitigations in place."</p>
<p>The union answered: "We don't need closing arguments. We need leadership."</p></article>"""


def test_the_checker_catches_a_paraphrase_in_quotation_marks(sources):
    report = quotecheck.check_blocks("bad.html", quotecheck.html_blocks(PARAPHRASE), sources)
    assert len(report.problems) == 1 and "especially for those who haven't gotten their COVID vaccine" in report.problems[0]


def test_the_checker_catches_a_straight_quoted_quotation_wrapped_over_two_lines(sources, tmp_path):
    nb = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": WRAPPED_MISQUOTE_MD.splitlines(keepends=True)}],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "wrapped.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    report = quotecheck.check_blocks(path.name, quotecheck.notebook_blocks(path), sources)
    assert len(report.problems) == 1 and "said its buildings are cleaned and sanitized" in report.problems[0]
    html = "<article class='bd-article'><p>" + WRAPPED_MISQUOTE_MD + "</p></article>"
    report = quotecheck.check_blocks("wrapped.html", quotecheck.html_blocks(html), sources)
    assert len(report.problems) == 1


def test_a_real_quotation_wrapped_over_lines_is_found_and_counted(sources):
    html = """<article class="bd-article"><p>Davis Gates said: "It's not if we
    reopen, it's how we reopen."</p></article>"""
    report = quotecheck.check_blocks("ok.html", quotecheck.html_blocks(html), sources)
    assert not report.problems
    [(quotation, hay)] = report.attributed
    assert hay.ref == "q-abc7-16" and hay.side == "union"


def test_the_checker_catches_an_unbalanced_page(sources):
    report = quotecheck.check_blocks("unbalanced.html", quotecheck.html_blocks(UNBALANCED), sources)
    assert not report.problems
    totals, _ = quotecheck.words_by_side([report])
    assert totals["district_city"] > 3 * totals["union"]
    problem = quotecheck.balance_problem(totals)
    assert problem is not None and "smaller side has" in problem


def _reproduced(source_id: str, body: str) -> str:
    return f'<div class="{quotecheck.REPRODUCES_CLASS}" data-source="{source_id}"><table><tr><td>{body}</td></tr></table></div>'


def test_a_table_of_what_one_outlet_printed_is_left_out_of_the_balance_count(sources):
    # The unbalanced page's district quotations, all printed by Fox News, inside a table marked
    # as Fox's: left out of the count, and the page is balanced on the union's line alone.
    fox = """“We must respect the tens of thousands of CPS parents — most of them Black and Latinx —
    who feel their children need in-person instruction.” “Our plan, endorsed by leading public
    health experts, gets kids AND staff back safely.”"""
    html = ('<article class="bd-article"><p>The union answered: "We don\'t need closing arguments. We need leadership."</p>'
            + _reproduced("fox-2021-02-05", fox) + "</article>")
    assert quotecheck.reproduction_problems("page.html", html, sources) == []
    counted = quotecheck.check_blocks("page.html", quotecheck.html_blocks(html, reproductions=False), sources)
    totals, _ = quotecheck.words_by_side([counted])
    assert totals.get("district_city", 0) == 0 and totals["union"] > 0
    every = quotecheck.check_blocks("page.html", quotecheck.html_blocks(html), sources)
    assert not every.problems
    totals, _ = quotecheck.words_by_side([every])
    assert totals["district_city"] > 3 * totals["union"]
    assert quotecheck.balance_problem(totals) is not None


def test_a_table_marked_as_one_outlets_cannot_hide_another_outlets_quotation(sources):
    # The union's tweet is ABC7's, not Fox's: a table that calls it Fox's is a problem, and so is a
    # marked table that names no outlet.
    wrong = _reproduced("fox-2021-02-05", "“We don't need closing arguments. We need leadership.”")
    problems = quotecheck.reproduction_problems("bad.html", f'<article class="bd-article">{wrong}</article>', sources)
    assert len(problems) == 1 and "fox-2021-02-05 did not print it" in problems[0]
    unnamed = wrong.replace(' data-source="fox-2021-02-05"', "")
    problems = quotecheck.reproduction_problems("bad.html", f'<article class="bd-article">{unnamed}</article>', sources)
    assert len(problems) == 1 and "names no outlet" in problems[0]


def test_quiz_data_and_alt_text_are_checked(sources):
    # The quiz is made by reopening.quiz itself, as a chapter makes it, so the test follows its
    # format: a misquote in a question (page text) and one in a feedback (the answer data, which
    # a student sees only after answering) are both found, besides the one in the alt text.
    from reopening import quiz

    made = quiz.render(
        [
            quiz.multiple_choice(
                "Who said 'the district said its buildings are cleaned'?",
                [("CBS 2", True, "Yes."), ("WGN", False, "No.")],
            ),
            quiz.numeric("How many?", 3, correct_feedback="Yes.", hint="Not that. CBS reported the CTU \"said it is not safe, especially for those\"."),
        ],
        inline_assets=False,
    )
    html = f"""<article class="bd-article"><img alt='A chart. CBS said the CTU "said it is not safe, especially for those"' src="x.png">
    {made}</article>"""
    report = quotecheck.check_blocks("quiz.html", quotecheck.html_blocks(html), sources)
    assert len(report.problems) == 3, report.problems
    assert sum("buildings are cleaned" in p for p in report.problems) == 1
    assert sum("not safe, especially for those" in p for p in report.problems) == 2


def test_versions_of_one_passage_count_once_by_the_longest(sources):
    # The embedded CTU tweet and ABC7's in-story copy of it are one passage (q-abc7-01, q-abc7-10).
    html = """<article class="bd-article">
    <p>"We were well on our way, working toward an agreement around all key components with the people who are actually at the bargaining table (much like what’s happening in other cities)."</p>
    <p>"We were well on our way, working toward an agreement around all key components with the people who are actually at the bargaining table (much like what's happening the other cities)."</p>
    </article>"""
    report = quotecheck.check_blocks("twice.html", quotecheck.html_blocks(html), sources)
    assert not report.problems
    totals, _ = quotecheck.words_by_side([report])
    assert totals["union"] == 31


def test_an_unclosed_quotation_mark_is_reported(sources):
    report = quotecheck.check_blocks("open.html", quotecheck.html_blocks('<article class="bd-article"><p>She said "we will open Monday no matter what and left.</p></article>'), sources)
    assert any("never closes" in p for p in report.problems)


def test_short_terms_are_not_quotations():
    found, _ = quotecheck.quotations("a short “teach-out” term and the ‘Phased-In’ plan")
    assert found == []


# --------------------------------------------------------------------------- slow: the built pages


def built_chapter_pages(html: Path) -> list[Path]:
    return sorted((html / "chapters").rglob("*.html"))


@pytest.mark.slow
def test_every_quotation_on_every_built_page_is_a_real_quotation(built_book: Path, sources):
    pages = built_chapter_pages(built_book) + [built_book / "index.html"]
    seeds = seed_texts(DATA)
    problems = []
    for page in pages:
        name = page.relative_to(built_book).as_posix()
        html = page.read_text(encoding="utf-8")
        page_sources, marked_problems = sources.with_marked_outlet_words(html, Path(name).stem, seeds)
        report = quotecheck.check_blocks(name, quotecheck.html_blocks(html), page_sources)
        problems += marked_problems + report.problems + quotecheck.reproduction_problems(name, html, page_sources)
    assert built_chapter_pages(built_book), "no chapter pages were built"
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_the_two_sides_get_comparable_space_in_the_built_book(built_book: Path, sources):
    reports = []
    seeds = seed_texts(DATA)
    for page in built_chapter_pages(built_book):
        name = page.relative_to(built_book).as_posix()
        if page.stem in BALANCE_EXCLUDED:
            print(f"left out of the balance count: {name} ({BALANCE_EXCLUDED[page.stem]})")
            continue
        html = page.read_text(encoding="utf-8")
        page_sources, _ = sources.with_marked_outlet_words(html, page.stem, seeds)
        reports.append(quotecheck.check_blocks(name, quotecheck.html_blocks(html, reproductions=False), page_sources))
    totals, per_page = quotecheck.words_by_side(reports)
    table = quotecheck.balance_table(totals, per_page)
    (BUILD / "balance.txt").write_text(table + "\n", encoding="utf-8")
    print(table)
    problem = quotecheck.balance_problem(totals)
    assert problem is None, problem + "\n" + table


# --------------------------------------------------------------------------- the Corrections page


def correction_problems(corrections: pd.DataFrame, sources: set[str], pages: str) -> list[str]:
    """Each correction's evidence resolves to a source, and the page words it corrects are no
    longer on any page (a correction that left the error in place would be a false promise)."""
    pages = quotecheck.normalise(pages)
    problems = []
    for c in corrections.itertuples():
        for source_id in (c.evidence.split() if isinstance(c.evidence, str) else []):
            if source_id not in sources:
                problems.append(f"{c.correction_id}: evidence {source_id!r} is not in sources.csv")
        if isinstance(c.book_said, str) and c.page != "The whole book" and not c.page.startswith("Data"):
            pieces = [quotecheck.clean(p) for p in quotecheck._ELISION.split(c.book_said) if len(p.split()) >= 3]
            if pieces and all(p in pages for p in pieces):
                problems.append(f"{c.correction_id}: the corrected words are still on a page: {c.book_said[:70]!r}")
    return problems


def _current_pages_text() -> str:
    return " ".join(" ".join(quotecheck.notebook_blocks(p)) for p in NOTEBOOKS if p.name != "corrections.ipynb")


def test_every_correction_cites_real_sources_and_the_old_words_are_gone():
    import reopening

    corrections = reopening.load("corrections", folder=DATA)
    sources = set(reopening.load("sources", folder=DATA)["source_id"])
    problems = correction_problems(corrections, sources, _current_pages_text())
    assert not problems, "\n".join(problems)


def test_the_corrections_check_catches_words_left_in_place_and_unknown_sources():
    import reopening

    corrections = reopening.load("corrections", folder=DATA).head(2).copy()
    sources = set(reopening.load("sources", folder=DATA)["source_id"])
    corrections.loc[0, "book_said"] = "Both sides said they were putting children first."  # still on Start here
    corrections.loc[1, "evidence"] = "nytimes-2021-01-29"
    problems = correction_problems(corrections, sources, _current_pages_text())
    assert len(problems) == 2 and "still on a page" in problems[0] and "nytimes" in problems[1]
