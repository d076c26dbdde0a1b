"""Every quotation on a page is a real quotation, and the two sides get comparable space.

A *quotation* here is any passage a page puts between quotation marks (double or single, curly
or straight), found in the text as a reader gets it, so line wraps in the source, glue and
markup cannot hide one. Each quotation of :data:`MIN_WORDS` words or more must lie inside one of:

1. a ``quotes.csv`` row: words that were inside quotation marks in their source (a speaker's);
2. an outside excerpt (``outside_facts.csv``), the words of an outside page;
3. the title of a listed source (``sources.csv``);
4. an outlet's own words quoted as the outlet's (a dating clue, an archive notice, a translation
   banner): listed in ``tests/outlet_words.csv`` with the page that quotes them and a reason
   each, verified against that seed, counted for the side ``outlet`` and never handed to a
   speaker (they pass only on their listed page);
5. the book's own earlier words, quoted on the Corrections page (``corrections.csv``
   ``book_said``), counted for no side, and accepted on that page only.

Anything else (a paraphrase in quotation marks, a reporter's sentence handed to a speaker) is a
problem. A passage with three dots in it (an elision) passes when its pieces lie, in order, in
one of those texts.

Balance (DESIGN §10): words quoted from ``union`` and from ``district_city`` are counted
book-wide over chapter pages; each distinct passage is counted once, and versions of one
passage (rows of one variant group: ``variant_of`` or ``group_id``) count once, by the longest.
A table that reproduces what one outlet printed (the Coverage chapter shows each seed's own
imbalance; it does not make it) is marked with :data:`REPRODUCES_CLASS` and the seed's id
(``data-source``); it is left out of the count (``html_blocks(html, reproductions=False)``),
and :func:`reproduction_problems` checks that every quotation in it is that outlet's, so the
mark cannot hide the book's own choice of quotations.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .provenance import normalise
from .quiz import DATA_CLASS

MIN_WORDS = 4
"""Shorter quoted spans are terms ("teach-out") or scare quotes, checked by eye."""

BALANCE_MIN = 0.40
"""The smaller of the two sides must have at least this share of the words quoted."""

# --------------------------------------------------------------------------- finding quotations

_DOUBLE_OPEN, _DOUBLE_CLOSE = "\u201c", "\u201d"
_SINGLE_OPEN, _SINGLE_CLOSE = "\u2018", "\u2019"


def _single_quoted(text: str) -> list[tuple[str, int]]:
    """Spans in single quotation marks. An apostrophe (inside a word) neither opens nor closes."""
    found = []
    pattern = re.compile(r"(?<![\w\u2019'])[\u2018']([^\u2018\n]+?)[\u2019'](?![\w])")
    for m in pattern.finditer(text):
        found.append((m.group(1), m.start()))
    return found


def _double_quoted(text: str) -> tuple[list[tuple[str, int]], list[int]]:
    """Spans in double quotation marks, and the positions of marks that never close.

    Curly marks say which way they face; a straight mark closes an open straight mark, else opens.
    """
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch == _DOUBLE_OPEN:
            stack.append((ch, i))
        elif ch == _DOUBLE_CLOSE:
            if stack and stack[-1][0] == _DOUBLE_OPEN:
                _, start = stack.pop()
                spans.append((text[start + 1 : i], start))
            elif stack and stack[-1][0] == '"':  # a straight opener closed by a curly mark
                _, start = stack.pop()
                spans.append((text[start + 1 : i], start))
        elif ch == '"':
            if stack and stack[-1][0] in ('"', _DOUBLE_OPEN):
                _, start = stack.pop()
                spans.append((text[start + 1 : i], start))
            else:
                stack.append((ch, i))
    return spans, [pos for _, pos in stack]


_ELISION = re.compile(r"\s*(?:\[\.\.\.\]|\.\.\.\.?|\u2026)\s*")


def clean(span: str) -> str:
    """A quoted span as compared: straight marks, single spaces, no edge punctuation."""
    return normalise(span).strip(" ,.;:\u2026")


@dataclass
class Quotation:
    text: str  # as compared (clean)
    block: str  # the passage of the page it is in, for messages


def quotations(block: str) -> tuple[list[Quotation], list[str]]:
    """The quotations of :data:`MIN_WORDS` words or more in one block of text, and any problems."""
    text = re.sub(r"\s+", " ", block)
    problems = []
    spans, unclosed = _double_quoted(text)
    spans += _single_quoted(text)
    found = []
    for span, _ in spans:
        cleaned = clean(span)
        if len(cleaned.split()) >= MIN_WORDS:
            found.append(Quotation(cleaned, text))
    for pos in unclosed:
        tail = text[pos : pos + 80]
        if len(text[pos + 1 :].split()) >= MIN_WORDS:
            problems.append(f"a quotation mark that never closes: {tail!r}")
    return found, problems


# --------------------------------------------------------------------------- what a quotation may match


@dataclass(frozen=True)
class Haystack:
    kind: str  # quote | outside | title | outlet
    ref: str  # quote_id, fact_id, source_id
    text: str  # normalised
    side: str | None
    group: str | None = None
    page: str | None = None  # outlet words: the one page that may quote them
    source: str | None = None  # the source_id the words were printed in (quotes, facts, outlet words)


@dataclass
class Sources:
    """Everything a quotation may lie in, loaded from ``data/`` and the outlet-words list."""

    haystacks: list[Haystack]

    @classmethod
    def load(cls, folder: Path | None = None, outlet_words: Path | None = None) -> "Sources":
        import pandas as pd

        from .data import load, resource_names

        hay: list[Haystack] = []
        quotes = load("quotes", folder=folder)
        roots = _variant_groups(quotes)
        for q in quotes.itertuples():
            hay.append(Haystack("quote", q.quote_id, normalise(q.text), q.side, roots[q.quote_id], source=q.source_id))
        facts = load("outside_facts", folder=folder)
        for f in facts.itertuples():
            side = f.side if "side" in facts.columns and pd.notna(f.side) else None
            hay.append(Haystack("outside", f.fact_id, normalise(f.excerpt), side, f"x:{f.fact_id}", source=f.source_id))
        sources = load("sources", folder=folder)
        for s in sources.dropna(subset=["title"]).itertuples():
            hay.append(Haystack("title", s.source_id, normalise(s.title), None))
        if "corrections" in resource_names(folder):
            for c in load("corrections", folder=folder).dropna(subset=["book_said"]).itertuples():
                hay.append(Haystack("correction", c.correction_id, normalise(c.book_said), None, page="corrections"))
        # The "How we know" page lists every row with its source's words: there, and only
        # there, a quotation may come from any seed's text or any excerpt in data/.
        from .provenance import seed_texts

        listing = list(seed_texts(folder).values())
        for table in ("figures", "timeline", "positions"):
            listing += list(load(table, folder=folder)["excerpt"])
        for text in listing:
            hay.append(Haystack("listing", "data", normalise(text), None, page="how-we-know"))
        if outlet_words is not None and outlet_words.is_file():
            words = pd.read_csv(outlet_words, dtype=str, keep_default_na=False)
            for w in words.itertuples():
                hay.append(Haystack("outlet", w.source_id, normalise(w.text), "outlet", f"o:{w.source_id}:{w.Index}", w.page, source=w.source_id))
        return cls(hay)

    def with_marked_outlet_words(self, html: str, page: str, seeds: dict[str, str]) -> tuple["Sources", list[str]]:
        """Add the outlet's words a built page marks with the ``{outlet}`` role (class
        ``hwk-src-<seed id>``), each verified again against its seed; return any that are not."""
        from bs4 import BeautifulSoup

        extra, problems = [], []
        for a in BeautifulSoup(html, "html.parser").select("a.hwk-outlet-words"):
            sid = next((c[len("hwk-src-"):] for c in a.get("class", []) if c.startswith("hwk-src-")), None)
            shown = a.select_one(".hwk-text")
            words = normalise(shown.get_text()) if shown else ""
            if sid not in seeds or words not in normalise(seeds[sid]):
                problems.append(f"{page}: words marked as {sid}'s own are not verbatim in that seed: {words[:60]!r}")
                continue
            extra.append(Haystack("outlet", sid, words, "outlet", f"o:{sid}:{words[:20]}", page, source=sid))
        return Sources(self.haystacks + extra), problems

    def match(self, quotation: str, page: str | None = None) -> list[Haystack]:
        """The texts a quotation lies in, of the first kind that has any (quote, outside, title,
        outlet, correction). An outlet's words count only on the page they are listed for, so the
        list cannot excuse the same words handed to a speaker on another page."""
        pieces = [p for p in _ELISION.split(quotation) if p.strip()]
        for kind in ("quote", "outside", "title", "outlet", "correction", "listing"):
            hits = [
                h for h in self.haystacks
                if h.kind == kind and (h.page is None or h.page == page) and _in_order(pieces, h.text)
            ]
            if hits:
                return hits
        return []


def _in_order(pieces: list[str], text: str) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece.strip(" ,.;:"), at)
        if found == -1:
            return False
        at = found + len(piece)
    return True


def _variant_groups(quotes) -> dict[str, str]:
    """Each quote's group: its ``group_id`` when given, else the root of its ``variant_of`` chain."""
    import pandas as pd

    parent = {q.quote_id: (q.variant_of if pd.notna(q.variant_of) else None) for q in quotes.itertuples()}
    group_ids = {}
    if "group_id" in quotes.columns:
        group_ids = {q.quote_id: q.group_id for q in quotes.itertuples() if pd.notna(q.group_id)}
    roots = {}
    for qid in parent:
        node, seen = qid, set()
        while parent.get(node) and node not in seen:
            seen.add(node)
            node = parent[node]
        roots[qid] = node
    # a group_id anywhere in a variant chain names the whole chain
    named = {roots[q]: g for q, g in group_ids.items()}
    return {qid: named.get(root, root) for qid, root in roots.items()}


# --------------------------------------------------------------------------- checking a page


@dataclass
class PageReport:
    name: str
    attributed: list[tuple[Quotation, Haystack | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_blocks(name: str, blocks: list[str], sources: Sources) -> PageReport:
    """Check every quotation in the given blocks of a page's text."""
    report = PageReport(name)
    page = Path(name).stem
    for block in blocks:
        found, problems = quotations(block)
        report.problems += [f"{name}: {p}" for p in problems]
        for q in found:
            hits = sources.match(q.text, page)
            if not hits:
                report.problems.append(
                    f"{name}: “{q.text}” is in quotation marks, but it is not a quotation from any source "
                    "(quotes.csv, an outside excerpt, a source title or a listed outlet's words)"
                )
                continue
            sides = {h.side for h in hits}
            report.attributed.append((q, hits[0] if len(sides) == 1 else None))
    return report


# --------------------------------------------------------------------------- the text a reader gets

_BLOCK_TAGS = ["p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "figcaption", "pre", "blockquote", "div", "tr", "br", "summary", "legend", "label"]


REPRODUCES_CLASS = "reproduces-outlet"
"""The class of an HTML element (a table and its caption) that reproduces what one outlet
printed; its ``data-source`` attribute names the seed. Left out of the balance count."""


def html_blocks(html: str, reproductions: bool = True) -> list[str]:
    """The text of a built page as a reader gets it, in blocks: the article's text (code cells'
    input left out: it is code, not prose), every image's ``alt`` text and each quiz's answer data
    (feedback, shown only after an answer; the questions and options are page text).
    ``reproductions=False`` leaves out the elements marked :data:`REPRODUCES_CLASS` (for the
    balance count; check them with :func:`reproduction_problems`)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup.body or soup
    if not reproductions:
        for tag in article.select(f".{REPRODUCES_CLASS}"):
            tag.decompose()
    blocks: list[str] = []
    for img in article.find_all("img"):
        if img.get("alt"):
            blocks.append(img["alt"])
    for script in article.find_all("script", class_=QUIZ_DATA_CLASS):
        blocks += quiz_strings(script.string or "")
    for tag in article.find_all(["script", "style"]):
        tag.decompose()
    for tag in article.select("div.cell_input, .cell_input"):
        tag.decompose()
    sentinel = "\x00"
    for tag in article.find_all(_BLOCK_TAGS):
        tag.insert_before(sentinel)
        tag.append(sentinel)
    blocks += [b for b in article.get_text().split(sentinel) if b.strip()]
    return blocks


def reproduction_problems(name: str, html: str, sources: "Sources") -> list[str]:
    """Each element marked :data:`REPRODUCES_CLASS` names a source (``data-source``), and every
    quotation in it was printed by that source: a table left out of the balance count must be
    one outlet's own selection, never the book's."""
    from bs4 import BeautifulSoup

    page = Path(name).stem
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(f".{REPRODUCES_CLASS}"):
        sid = tag.get("data-source")
        if not sid:
            problems.append(f"{name}: a table marked as reproducing an outlet names no outlet (data-source)")
            continue
        for block in html_blocks(str(tag)):
            found, _ = quotations(block)
            for q in found:
                hits = sources.match(q.text, page)
                if not any(h.source == sid for h in hits):
                    problems.append(f"{name}: “{q.text[:60]}” is in a table marked as what {sid} printed, but {sid} did not print it")
    return problems


# The ``<script type="application/json">`` in which :mod:`reopening.quiz` keeps a quiz's answers
# and feedback has this class (its questions and options are ordinary text on the page).
QUIZ_DATA_CLASS = DATA_CLASS


def quiz_strings(script: str) -> list[str]:
    """Every string in a quiz's answer data (the feedback shown after each answer), so that a
    quotation a student sees only after answering is checked like the rest of the page. Data
    that is not JSON is a problem in itself: it is returned as one block, to be read as text."""
    try:
        data = json.loads(script)
    except ValueError:
        return [script]
    return list(_strings(data))


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


# --------------------------------------------------------------------------- the text of a notebook (fast check)


def role_text(name: str, content: str, folder: Path | None = None) -> str:
    """What a "How we know" role shows, for the fast check: a quotation role as its words in
    quotation marks (so it is checked and counted), anything else as a plain placeholder."""
    if name != "quote":
        return " 0 "
    from .data import load

    parts = [p.strip() for p in content.split("|")]
    rid = parts[0]
    options = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    quotes = load("quotes", folder=folder).set_index("quote_id")
    facts = load("outside_facts", folder=folder).set_index("fact_id")
    if "part" in options:
        words = options["part"].strip()
    elif rid in quotes.index:
        words = quotes.loc[rid, "text"]
    elif rid in facts.index:
        words = facts.loc[rid, "excerpt"]
    else:
        words = f"unknown quotation id {rid}"
    return f" \u201c{words}\u201d "


_ROLE = re.compile(r"\{(quote|outlet|num|computed)\}`([^`]*)`")


def notebook_blocks(path: Path, folder: Path | None = None) -> list[str]:
    """A fast stand-in for the built page: paragraphs of markdown cells, every string constant in
    code cells (quiz questions, captions) and alt text in cell metadata. Quotation roles are
    resolved from ``data/`` so they are checked and counted."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    blocks: list[str] = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            source = _ROLE.sub(lambda m: role_text(m.group(1), m.group(2), folder), source)
            blocks += markdown_blocks(source)
        elif cell["cell_type"] == "code":
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            blocks += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
            if alt:
                blocks.append(alt)
    return blocks


def markdown_blocks(text: str) -> list[str]:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " 0 ", text)  # roles such as {glue:text}`key`
    text = re.sub(r"`[^`\n]*`", " ", text)  # inline code
    text = re.sub(r"^\s*:[\w-]+:.*$", " ", text, flags=re.M)  # directive options
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags and autolinks
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep the words
    return [b for b in re.split(r"\n\s*\n|\n\s*[-*|] |\|", text) if b.strip()]


# --------------------------------------------------------------------------- balance


def words_by_side(reports: list[PageReport]) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """Quoted words per side book-wide (each passage once; versions of one passage once, by the
    longest) and, for the per-chapter report, per page (each passage once per page)."""
    per_page: dict[str, dict[str, int]] = {}
    by_group: dict[tuple[str, str], list[str]] = {}
    for report in reports:
        seen_here: set[str] = set()
        counts = per_page.setdefault(report.name, {})
        for quotation, hay in report.attributed:
            if hay is None or hay.side is None:
                continue
            if quotation.text not in seen_here:
                seen_here.add(quotation.text)
                counts[hay.side] = counts.get(hay.side, 0) + len(quotation.text.split())
            by_group.setdefault((hay.side, hay.group or hay.ref), []).append(quotation.text)
    totals: dict[str, int] = {}
    for (side, _), passages in by_group.items():
        totals[side] = totals.get(side, 0) + sum(len(p.split()) for p in distinct_passages(passages))
    return totals, per_page


def distinct_passages(passages: list[str]) -> list[str]:
    """Drop repeats, passages inside a longer one, and shorter versions of the same passage."""
    keep: list[str] = []
    for p in sorted(set(passages), key=lambda s: -len(s)):
        if any(p in k or _same_passage(p, k) for k in keep):
            continue
        keep.append(p)
    return keep


def _same_passage(a: str, b: str) -> bool:
    """Two versions of one passage: nearly the same words, nearly the same length."""
    wa, wb = a.lower().split(), b.lower().split()
    if abs(len(wa) - len(wb)) > 2:
        return False
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    return common >= 0.8 * max(len(wa), len(wb))


def balance_problem(totals: dict[str, int]) -> str | None:
    """A message when the smaller of union and district_city has under :data:`BALANCE_MIN` of the words."""
    union, city = totals.get("union", 0), totals.get("district_city", 0)
    if union + city == 0:
        return "the chapters quote neither side"
    smaller = min(union, city) / (union + city)
    if smaller < BALANCE_MIN:
        return f"quoted words: union {union}, district/city {city}; the smaller side has {smaller:.0%} (needs at least {BALANCE_MIN:.0%})"
    return None


def balance_table(totals: dict[str, int], per_page: dict[str, dict[str, int]]) -> str:
    """A plain-text report of quoted words by side, per page and book-wide."""
    sides = ["union", "district_city", "parent", "community", "outlet"]
    lines = ["page".ljust(34) + "".join(s.rjust(15) for s in sides)]
    for name, counts in sorted(per_page.items()):
        lines.append(name.ljust(34) + "".join(str(counts.get(s, 0)).rjust(15) for s in sides))
    lines.append("book (each passage once)".ljust(34) + "".join(str(totals.get(s, 0)).rjust(15) for s in sides))
    union, city = totals.get("union", 0), totals.get("district_city", 0)
    if union + city:
        lines.append(f"smaller of union and district_city: {min(union, city) / (union + city):.1%} (rule: at least {BALANCE_MIN:.0%})")
    return "\n".join(lines)
