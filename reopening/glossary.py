"""Glossary links (issue 19, item 4): in every chapter, the first use of each glossary term is a
link to its entry, so a chapter read alone still leads to every definition.

The glossary is ``chapters/glossary.md``: a list of ``**Term**`` lines, each followed by its
definition (``: ...``). :func:`read_terms` reads it; each entry gets an anchor on the glossary
page (``term-<slug>``), and the words that count as a use of it (:data:`EXTRA_FORMS` adds forms
that are not just the term or its plural: "abstained" for *Abstention*, "TA" for *Tentative
agreement*).

In the build (``doctree-resolved``), :func:`link_first_uses` walks each chapter's text (and that of
Start here) in reading
order and turns the first use of each term into a link. It leaves alone the words a link would
spoil or could not hold: headings and titles, code and its output, links (quotations and
numbers are already links to "How we know"), and raw HTML. :func:`unlinked_first_uses` checks
the built HTML the same way, from the page a reader gets, and lists each term whose first use is
not a link to its entry (tests/test_glossary.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

GLOSSARY_DOC = "chapters/glossary"
ALSO_LINKED = ("chapters/start-here",)
"""Pages that are not chapters but teach terms too, and get the links as chapters do. (The
codebook page is left out: its text is rendered from data/codebook.csv and shown as written.)"""

EXTRA_FORMS: dict[str, list[str]] = {
    "Abstention": ["abstain", "abstained", "abstaining"],
    "Agreed in principle": ["in principle"],
    "Cluster program": ["cluster"],
    "Cohen's kappa (κ)": ["kappa"],
    "Cooling-off period": ["cooling off period"],
    "Counterproposal": ["counter-proposal", "counteroffer", "counter-offer"],
    "Loaded word": ["loaded term", "loaded terms", "loaded language"],
    "Lockout": ["lock out", "locked out", "locks out", "lock-out"],
    "No confidence (vote of)": ["no-confidence"],
    "Opt in": ["opt-in", "opt-ins", "opted in", "opting in", "opts in"],
    "Ratification": ["ratify", "ratified", "ratifies", "ratifying"],
    "Steelman": ["steelmanning"],
    "Value word": ["value term", "value terms"],
}
"""Forms that count as a use of a term besides the term itself, its plural and (for a term with
a part in brackets) the part in brackets. Forms in capitals (TA, CCVI) match only in capitals.
Forms that would often mean something else are left out ("eligible" alone is also said of
voters; "struck" of a deal)."""

NO_PLURAL = {"20th-day enrollment count", "Agreed in principle", "Average daily attendance", "Board of Education", "Collective bargaining", "Equity", "House of Delegates", "No confidence (vote of)", "Opt in"}
"""Terms with no plural form worth matching."""

NOT_AFTER: dict[str, str] = {"Framework": "C3 "}
"""A use of the term does not count right after these words: the "C3 Framework" of the
standards is not the reopening framework of February 2021."""

_ENTRY = re.compile(r"^\*\*(?P<term>[^*\n]+)\*\*\n: ", re.M)
_PARENS = re.compile(r"\s*\((?P<inner>[^)]*)\)\s*$")


@dataclass(frozen=True)
class Term:
    name: str  # as printed on the glossary page, e.g. "Tentative agreement (TA)"
    anchor: str  # the id of its entry on the glossary page
    forms: tuple[str, ...] = field(default_factory=tuple)


class GlossaryError(ValueError):
    """The glossary page, or the forms listed for it, cannot be read as the book expects."""


def slug(name: str) -> str:
    base = _PARENS.sub("", name)
    return "term-" + re.sub(r"[^a-z0-9]+", "-", base.lower().replace("'", "")).strip("-")


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def forms_of(name: str) -> tuple[str, ...]:
    """The words that count as a use of a term, longest first."""
    forms = []
    match = _PARENS.search(name)
    base = _PARENS.sub("", name).strip()
    forms += [base] if name in NO_PLURAL else [base, _plural(base)]
    if match:
        inner = match.group("inner").strip()
        if inner.isupper() and inner.isalpha():
            forms.append(inner)  # an acronym: TA, CCVI (a symbol such as κ is left out)
        elif not inner.isascii():
            pass
        elif inner.startswith("vote of"):
            forms.append(f"{inner} {base}")  # "vote of no confidence"
        else:
            forms += [inner, _plural(inner)]
    forms += EXTRA_FORMS.get(name, [])
    unique = list(dict.fromkeys(f for f in forms if f))
    return tuple(sorted(unique, key=len, reverse=True))


def read_terms(glossary_md: Path | str) -> list[Term]:
    """Every entry of the glossary page, in the page's order."""
    path = Path(glossary_md)
    if not path.is_file():
        raise GlossaryError(f"No glossary page at {path}: the glossary links need chapters/glossary.md.")
    names = [m.group("term").strip() for m in _ENTRY.finditer(path.read_text(encoding="utf-8"))]
    if not names:
        raise GlossaryError(f"{path} has no entries: each entry is a line **Term** followed by a line ': definition'.")
    unknown = sorted((set(EXTRA_FORMS) | NO_PLURAL | set(NOT_AFTER)) - set(names))
    if unknown:
        raise GlossaryError(f"glossary.EXTRA_FORMS lists forms for terms the glossary does not have: {unknown}")
    return [Term(name, slug(name), forms_of(name)) for name in names]


def _form_pattern(form: str, not_after: str = "") -> str:
    # Straight or curly apostrophes, any run of spaces, and no match inside a longer word.
    body = re.escape(form).replace("'", "['’]").replace(r"\ ", r"\s+")
    if not form.isupper():
        body = f"(?i:{body})"
    guard = f"(?<!{re.escape(not_after)})" if not_after else ""
    return rf"{guard}(?<![\w-]){body}(?![\w-])"


def pattern(terms: list[Term]) -> tuple[re.Pattern, dict[str, Term]]:
    """One regular expression for every form of every term (longest forms first, so "tentative
    agreement" is found before a shorter form inside it), and the group name of each term."""
    parts, by_group = [], {}
    for i, term in enumerate(terms):
        group = f"t{i}"
        by_group[group] = term
        parts.append(f"(?P<{group}>" + "|".join(_form_pattern(f, NOT_AFTER.get(term.name, "")) for f in term.forms) + ")")
    # Alternatives are tried in order: order the terms by their longest form.
    order = sorted(range(len(terms)), key=lambda i: -len(terms[i].forms[0]))
    return re.compile("|".join(parts[i] for i in order)), by_group


# --- In the build -------------------------------------------------------------------------

_SKIP_CLASSES = {"cell_input", "cell_output", "output", "exercise-label"}


def _skipped(node) -> bool:
    """Whether text under ``node`` must stay as it is (see the module's docstring)."""
    from docutils import nodes

    skip_types = (
        nodes.title,
        nodes.subtitle,
        nodes.rubric,
        nodes.reference,
        nodes.literal,
        nodes.literal_block,
        nodes.raw,
        nodes.comment,
        nodes.target,
        nodes.image,
        nodes.math,
        nodes.math_block,
        nodes.field_name,
    )
    while node is not None:
        if isinstance(node, skip_types):
            return True
        if isinstance(node, nodes.Element) and _SKIP_CLASSES & set(node.get("classes", [])):
            return True
        node = node.parent
    return False


def _merge_texts(doctree) -> None:
    """Join runs of neighbouring text nodes (a line break in the source makes its own node), so a
    term printed across two lines ("remote work / action") is found as the reader sees it."""
    from docutils import nodes

    for element in list(doctree.findall(nodes.Element)):
        if _skipped(element):
            continue
        children, merged, run = list(element.children), [], []
        for child in children + [None]:
            if isinstance(child, nodes.Text):
                run.append(str(child))
                continue
            if run:
                merged.append(nodes.Text("".join(run)))
                run = []
            if child is not None:
                merged.append(child)
        if len(merged) != len(children):
            element.children = []
            element.extend(merged)


def link_first_uses(doctree, terms: list[Term], uri_of) -> list[Term]:
    """Link the first use of each term in ``doctree`` to ``uri_of(term)``; return the terms linked,
    in the order they were found."""
    from docutils import nodes

    regex, by_group = pattern(terms)
    linked: list[Term] = []
    seen: set[str] = set()
    _merge_texts(doctree)
    for text in list(doctree.findall(nodes.Text)):
        if _skipped(text.parent):
            continue
        value = str(text)
        pieces, at = [], 0
        for match in regex.finditer(value):
            term = by_group[match.lastgroup]
            if term.anchor in seen:
                continue
            seen.add(term.anchor)
            linked.append(term)
            pieces.append(nodes.Text(value[at : match.start()]))
            ref = nodes.reference("", "", internal=True, refuri=uri_of(term), reftitle=f"In the glossary: {term.name}", classes=["glossary-link"])
            ref += nodes.Text(match.group(0))
            pieces.append(ref)
            at = match.end()
        if pieces:
            pieces.append(nodes.Text(value[at:]))
            parent = text.parent
            # By identity: a Text is a string, and equal strings would match by value.
            index = next(i for i, child in enumerate(parent.children) if child is text)
            del parent[index]
            for offset, piece in enumerate(p for p in pieces if not (isinstance(p, nodes.Text) and not str(p))):
                parent.insert(index + offset, piece)
    return linked


def anchor_entries(doctree, terms: list[Term]) -> list[str]:
    """Give each entry of the glossary page its anchor; return the names of entries not found."""
    from docutils import nodes

    wanted = {t.name: t.anchor for t in terms}
    for term_node in doctree.findall(nodes.term):
        name = term_node.astext().strip().replace("’", "'")  # Sphinx's smart quotes
        if name in wanted:
            if wanted[name] not in term_node["ids"]:
                term_node["ids"].append(wanted[name])
            wanted.pop(name)
    return sorted(wanted)


def _is_chapter(app, docname: str) -> bool:
    from .teachers import page_source

    try:
        meta, _ = page_source(Path(app.srcdir), docname)
    except Exception:  # a page outside the toc (the teacher keys): not a chapter
        return False
    return meta.get("kind") == "chapter"


def _on_doctree_resolved(app, doctree, docname):
    if app.builder.format != "html" or GLOSSARY_DOC not in app.env.found_docs:
        return  # a book without the glossary page (a small test book) gets no glossary links
    terms = read_terms(Path(app.srcdir) / f"{GLOSSARY_DOC}.md")
    if docname == GLOSSARY_DOC:
        missing = anchor_entries(doctree, terms)
        if missing:
            raise GlossaryError(f"these glossary entries were not found on the built page: {missing}")
        return
    if not (_is_chapter(app, docname) or docname in ALSO_LINKED):
        return
    link_first_uses(doctree, terms, lambda term: f"{app.builder.get_relative_uri(docname, GLOSSARY_DOC)}#{term.anchor}")


def setup(app):
    app.connect("doctree-resolved", _on_doctree_resolved)


# --- In the built HTML ---------------------------------------------------------------------

_HTML_SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "script", "style", "summary", "button", "svg", "nav"}
_HTML_SKIP_CLASSES = {"cell_input", "cell_output", "output", "admonition-title", "exercise-label", "headerlink"}


def unlinked_first_uses(html: str, terms: list[Term], glossary_href: str = "glossary.html") -> list[str]:
    """Every term whose first use in the page's article (read the way a reader sees it, outside
    headings, links, code and code output) is not a link to its glossary entry."""
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    regex, by_group = pattern(terms)
    problems, seen = [], set()

    def skipped(element) -> bool:
        for parent in [element, *element.parents]:
            if getattr(parent, "name", None) in _HTML_SKIP_TAGS:
                return True
            if _HTML_SKIP_CLASSES & set(getattr(parent, "get", lambda *_: None)("class") or []):
                return True
            if parent is article:
                return False
        return False

    for string in article.find_all(string=True):
        if not isinstance(string, NavigableString) or type(string).__name__ in ("Comment", "Doctype"):
            continue
        inside_link = None
        for parent in string.parents:
            if parent.name == "a":
                inside_link = parent
                break
            if parent is article:
                break
        for match in regex.finditer(str(string)):
            term = by_group[match.lastgroup]
            if term.anchor in seen:
                continue
            if inside_link is not None:
                href = inside_link.get("href", "")
                if "glossary-link" in (inside_link.get("class") or []):
                    seen.add(term.anchor)
                    if not href.endswith(f"{glossary_href}#{term.anchor}"):
                        problems.append(f"{term.name}: its first use links to {href}, not to the glossary entry #{term.anchor}")
                continue  # words inside another link (a quotation, a number) are not counted
            if skipped(string.parent):
                continue
            seen.add(term.anchor)
            problems.append(f"{term.name}: its first use ({match.group(0)!r}, in {str(string).strip()[:60]!r}) is not a link to the glossary")
    return problems
