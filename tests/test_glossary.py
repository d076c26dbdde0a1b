"""Glossary links (issue 19, item 4): in every chapter, the first use of each glossary term links
to its entry on the Glossary page, so a chapter read alone still leads to every definition.

The fast tests check the glossary's terms and forms, the build step that adds the links
(:func:`reopening.glossary.link_first_uses`, on a small made-up page) and the check of the built
HTML (:func:`reopening.glossary.unlinked_first_uses`, on made-up pages that break the rule). The
slow test runs that check on every chapter of the built book.
"""

from __future__ import annotations

import re

import pytest
from docutils.core import publish_doctree

from reopening import glossary, teachers

from conftest import ROOT

GLOSSARY_MD = ROOT / "chapters" / "glossary.md"


@pytest.fixture(scope="module")
def terms():
    return glossary.read_terms(GLOSSARY_MD)


def test_every_entry_has_a_unique_anchor_and_forms(terms):
    anchors = [t.anchor for t in terms]
    assert len(terms) >= 30
    assert len(set(anchors)) == len(anchors), "two entries share an anchor"
    for t in terms:
        assert t.forms and all(f.strip() for f in t.forms), t
        assert re.fullmatch(r"term-[a-z0-9-]+", t.anchor), t.anchor


def test_forms_cover_plurals_brackets_and_irregular_forms(terms):
    by_name = {t.name: t for t in terms}
    assert "tentative agreements" in {f.lower() for f in by_name["Tentative agreement (TA)"].forms}
    assert "TA" in by_name["Tentative agreement (TA)"].forms
    assert "abstained" in by_name["Abstention"].forms
    assert "counterproposals" in {f.lower() for f in by_name["Counterproposal"].forms}
    assert glossary._plural("proxy") == "proxies" and glossary._plural("day") == "days"
    regex, groups = glossary.pattern(terms)
    found = lambda text: [(m.group(0), groups[m.lastgroup].name) for m in regex.finditer(text)]  # noqa: E731
    assert found("the C3 Framework of standards") == []  # not the reopening framework
    assert found("the framework of February 6") == [("framework", "Framework")]
    assert found("a tentative\nagreement") == [("tentative\nagreement", "Tentative agreement (TA)")]
    assert found("Cohen’s kappa") == [("Cohen’s kappa", "Cohen's kappa (κ)")]
    assert found("a ta-da moment, a frameworks list")[0][1] == "Framework"  # 'ta' is not TA
    assert found("strikes") == [("strikes", "Strike")] and found("striker") == []


def test_a_glossary_form_for_a_missing_term_is_refused(tmp_path, monkeypatch):
    page = tmp_path / "glossary.md"
    page.write_text("# Glossary\n\n**Rate**\n: One count over another.\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match="does not have"):
        glossary.read_terms(page)
    monkeypatch.setattr(glossary, "EXTRA_FORMS", {})
    monkeypatch.setattr(glossary, "NO_PLURAL", set())
    monkeypatch.setattr(glossary, "NOT_AFTER", {})
    assert [t.name for t in glossary.read_terms(page)] == ["Rate"]
    with pytest.raises(glossary.GlossaryError, match="No glossary page"):
        glossary.read_terms(tmp_path / "missing.md")
    (tmp_path / "empty.md").write_text("# Glossary\n\nNo entries yet.\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match="no entries"):
        glossary.read_terms(tmp_path / "empty.md")


PAGE = """\
Rates and frames
================

A rate is one count over another. The second rate is not linked.
See `a link about a strike <https://example.org>`_, then a ``rate`` in code,
and then a strike, a tentative
agreement, and the TA again.

.. note:: A denominator in a note.
"""


def test_the_build_links_the_first_use_of_each_term_only(terms):
    doctree = publish_doctree(PAGE, settings_overrides={"report_level": 5})
    linked = glossary.link_first_uses(doctree, terms, lambda t: f"glossary.html#{t.anchor}")
    assert [t.name for t in linked] == ["Rate", "Strike", "Tentative agreement (TA)", "Denominator"]
    from docutils import nodes

    refs = [r for r in doctree.findall(nodes.reference) if "glossary-link" in r.get("classes", [])]
    assert [(r.astext(), r["refuri"]) for r in refs] == [
        ("rate", "glossary.html#term-rate"),
        ("strike", "glossary.html#term-strike"),  # the one inside the outside link is left alone
        ("tentative\nagreement", "glossary.html#term-tentative-agreement"),
        ("denominator", "glossary.html#term-denominator"),
    ]
    title = next(iter(doctree.findall(nodes.title)))
    assert not list(title.findall(nodes.reference)), "a heading got a link"
    assert doctree.astext().count("rate") >= 3, "text was lost"
    assert "A rate is one count over another. The second rate is not linked." in doctree.astext()


GOOD = """<html><body><nav><a href="#">Rate</a></nav><article>
<h1>Rates</h1>
<p>A <a class="reference internal glossary-link" href="glossary.html#term-rate">rate</a> is one count over another; another rate.</p>
<p>A quotation: <a class="hwk" href="how-we-know.html#q-1">“a strike is coming”</a>.</p>
<div class="cell_output"><table><tr><th>denominator</th></tr></table></div>
<p>Then the <strong><a class="reference internal glossary-link" href="glossary.html#term-strike">strike</a></strong>.</p>
</article></body></html>"""


def test_the_html_check_passes_a_page_that_links_first_uses(terms):
    assert glossary.unlinked_first_uses(GOOD, terms) == []


def test_the_html_check_fails_a_first_use_without_a_link(terms):
    bad = GOOD.replace("<p>A <a", "<p>The rate comes first. A <a", 1)
    problems = glossary.unlinked_first_uses(bad, terms)
    assert len(problems) == 1 and problems[0].startswith("Rate: its first use ('rate'")


def test_the_html_check_fails_a_link_to_the_wrong_entry(terms):
    bad = GOOD.replace("glossary.html#term-strike", "glossary.html#term-lockout")
    problems = glossary.unlinked_first_uses(bad, terms)
    assert problems == ["Strike: its first use links to glossary.html#term-lockout, not to the glossary entry #term-strike"]


def _linked_pages() -> list[str]:
    pages = []
    for docname in teachers.toc_docnames(ROOT):
        meta, _ = teachers.page_source(ROOT, docname)
        if meta.get("kind") == "chapter" or docname in glossary.ALSO_LINKED:
            pages.append(docname)
    return pages


def test_there_are_chapters_to_link():
    assert len(_linked_pages()) >= 8


@pytest.mark.slow
@pytest.mark.parametrize("docname", _linked_pages(), ids=lambda d: d.rsplit("/", 1)[-1])
def test_every_chapter_links_each_terms_first_use_to_the_glossary(built_book, terms, docname):
    html = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    problems = glossary.unlinked_first_uses(html, terms)
    assert not problems, f"{docname}:\n" + "\n".join(problems)
    assert "glossary-link" in html, f"{docname}: no glossary link at all"


@pytest.mark.slow
def test_the_glossary_page_has_an_anchor_for_every_entry(built_book, terms):
    html = (built_book / f"{glossary.GLOSSARY_DOC}.html").read_text(encoding="utf-8")
    missing = [t.anchor for t in terms if f'id="{t.anchor}"' not in html]
    assert not missing
