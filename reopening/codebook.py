"""The codebook page's generated parts, rendered from ``data/`` (never retyped).

``{codebook} function`` (or ``frame``, ``not_applicable``, ``term``)
    Each code of that dimension in ``codebook.csv``: its label, plain definition, example quote
    (rendered as the ``{quote}`` role renders it: a "How we know" link, with who said it, where
    and when), rule for hard cases and the source it is adapted from. Each entry's anchor is
    its ``code_id``, so another page can link to ``codebook.html#k-political``.
``{codebook} counts``
    How many quotes the book's coding (coder ``book``) puts under each frame and each function,
    by side: union, district and city, everyone else.
``{codebook} groups``
    The speakers by side and group (``speakers.csv``) with their number of quotes, and the
    groups no seed quotes (health officials).
``{codebook} sources``
    The scholarly sources the codes are adapted from, from ``sources.csv``.

A code, quote or source that is missing stops the build with a message naming it. The count
tables carry the class ``from-data``: their numbers are computed from ``data/``, not typed, and
the typed-number test (``tests/test_how_we_know.py``) skips them.
"""

from __future__ import annotations

import re

import pandas as pd
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .data import codebook_problems, codings, data_dir, load, quotes_with_groups, resource
from .howweknow import CitationError, quote_nodes
from .style import SIDE_LABELS

DIMENSIONS = ("function", "frame", "not_applicable", "term")
SIDE_COLUMNS = {"union": "Union", "district_city": "District", "others": "Others"}
"""Column heads of the count tables: the two sides, then parents, community voices and outlets."""
GROUP_WORDS = {
    "union_organization": "the union as a body, in statements, tweets and an email",
    "union_officers_and_staff": "union officers and staff",
    "union_members": "union members: teachers and a school clerk",
    "mayor": "the mayor",
    "mayor_and_cps_jointly": "the mayor and the CPS CEO, jointly",
    "cps_officials": "CPS officials",
    "district_organization": "the district as a body, in a statement and a letter",
    "city_organization": "the city as a body",
    "health_officials": "health officials",
    "clergy": "clergy",
    "principals": "principals",
    "elected_officials": "elected officials",
    "parent_groups": "parent groups",
    "parents": "parents",
    "outlet": "the outlet itself, in a term and a headline",
}
_DOI = re.compile(r"10\.\d{4,}/[^\s);,]+")


def _para(*children) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _text_with_dois(text: str) -> list[nodes.Node]:
    """Plain text, with each DOI shown as code (it is an identifier, not a number)."""
    out, last = [], 0
    for m in _DOI.finditer(text):
        out.append(nodes.Text(text[last : m.start()]))
        out.append(nodes.literal(m.group(0), m.group(0)))
        last = m.end()
    out.append(nodes.Text(text[last:]))
    return out


def _table(header: list[str], rows: list[list[str]], widths: list[int], caption: str) -> nodes.table:
    table = nodes.table(classes=["codebook-counts", "from-data"])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(header))
    table += group
    for w in widths:
        group += nodes.colspec(colwidth=w)
    head = nodes.thead()
    group += head
    hrow = nodes.row()
    for text in header:
        hrow += nodes.entry("", _para(nodes.Text(text)))
    head += hrow
    body = nodes.tbody()
    group += body
    for cells in rows:
        r = nodes.row()
        for text in cells:
            r += nodes.entry("", _para(nodes.Text(str(text))))
        body += r
    return table


class CodebookDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"class": directives.class_option}

    def fail(self, message: str):
        raise CitationError(f"{self.env.docname} (line {self.lineno}): {{codebook}} {self.arguments[0]}: {message}")

    def run(self):
        folder = data_dir()
        self.env.note_dependency(str(folder / resource("codebook", folder)["path"]))
        self.env.note_dependency(str(folder / resource("codings", folder)["path"]))
        self.env.note_dependency(str(folder / resource("speakers", folder)["path"]))
        what = self.arguments[0]
        codebook = load("codebook", folder=folder)
        book = codings(folder=folder)
        problems = codebook_problems(codebook, book)
        if problems:
            self.fail("; ".join(problems))
        if what in DIMENSIONS:
            return self.entries(codebook[codebook["dimension"] == what])
        if what == "counts":
            return self.counts(codebook, book, folder)
        if what == "groups":
            return self.groups(folder)
        if what == "sources":
            return self.sources(codebook, folder)
        self.fail(f"give one of {', '.join(DIMENSIONS)}, counts, groups or sources")

    # ------------------------------------------------------------------ the codes

    def entries(self, codes: pd.DataFrame) -> list[nodes.Node]:
        if codes.empty:
            self.fail("no codes of this dimension in codebook.csv")
        sources = load("sources").set_index("source_id")
        out = []
        for row in codes.itertuples():
            box = nodes.container("", ids=[row.code_id], classes=["codebook-entry"])
            title = _para(nodes.strong(row.label, row.label), nodes.Text(" "), nodes.literal(row.code_id, row.code_id))
            title["classes"].append("codebook-label")
            box += title
            items = nodes.bullet_list()
            items += nodes.list_item("", _para(nodes.strong("What it means: ", "What it means: "), nodes.Text(row.definition)))
            example = quote_nodes(self.env, f"{row.example_quote_id} | speaker", self.fail)
            items += nodes.list_item("", _para(nodes.strong("Example: ", "Example: "), *example))
            items += nodes.list_item("", _para(nodes.strong("Hard cases: ", "Hard cases: "), nodes.Text(row.hard_case_rule)))
            if isinstance(row.source_id, str):
                src = sources.loc[row.source_id]
                ref = nodes.reference("", "", nodes.emphasis(src["title"], src["title"]), refuri="#codebook-sources")
                para = _para(nodes.strong("Adapted from: ", "Adapted from: "))
                if isinstance(row.adapted_from, str):
                    para += [nodes.Text("what the source calls "), nodes.emphasis(row.adapted_from, row.adapted_from), nodes.Text(", in ")]
                para += [ref, nodes.Text(" (the wording here is the book's own paraphrase).")]
                items += nodes.list_item("", para)
            elif isinstance(row.note, str):
                items += nodes.list_item("", _para(nodes.strong("Source: ", "Source: "), nodes.Text(row.note)))
            box += items
            out.append(box)
        return out

    # ------------------------------------------------------------------ the book's coding, counted

    def counts(self, codebook: pd.DataFrame, book: pd.DataFrame, folder) -> list[nodes.Node]:
        quotes = load("quotes", folder=folder)[["quote_id", "side"]]
        coded = book.merge(quotes, on="quote_id", how="left")
        coded["column"] = coded["side"].where(coded["side"].isin(["union", "district_city"]), "others")
        labels = codebook.set_index("code_id")["label"]
        out = []
        for column, dims, caption in (
            ("primary_frame", ("frame", "not_applicable"), "Quotes by primary frame and side (the book's coding)"),
            ("entman_function", ("function", "not_applicable"), "Quotes by Entman function and side (the book's coding)"),
        ):
            table = pd.crosstab(coded[column], coded["column"]).reindex(columns=list(SIDE_COLUMNS), fill_value=0)
            order = [c for c in codebook.loc[codebook["dimension"].isin(dims), "code_id"] if c in table.index]
            table = table.loc[order]
            rows = [[labels[c], *table.loc[c].tolist(), int(table.loc[c].sum())] for c in table.index]
            rows.append(["All quotes", *table.sum().tolist(), int(table.values.sum())])
            out.append(_table(["Code", *SIDE_COLUMNS.values(), "All"], rows, [40, 15, 15, 15, 15], caption))
        out.append(_para(nodes.Text(
            f"Union is the {SIDE_LABELS['union']}; District is {SIDE_LABELS['district_city']} "
            "(the district, the city and their officials); Others are parents, community voices and the outlets' own words."
        )))
        return out

    # ------------------------------------------------------------------ who speaks

    def groups(self, folder) -> list[nodes.Node]:
        """Per side, each group with its speakers and number of quotes: a list, so it reads on a phone."""
        quotes = quotes_with_groups(folder=folder)
        enum = next(f for f in resource("speakers", folder)["schema"]["fields"] if f["name"] == "group")["constraints"]["enum"]
        speakers = load("speakers", folder=folder)
        empty_groups = {"health_officials": "district_city", "elected_officials": "community"}
        box = nodes.container("", classes=["codebook-groups", "from-data"])
        for side in ["union", "district_city", "community", "parent", "outlet"]:
            box += _para(nodes.strong(SIDE_LABELS[side], SIDE_LABELS[side]))
            items = nodes.bullet_list()
            for group in enum:
                names = speakers.loc[(speakers["side"] == side) & (speakers["group"] == group), "speaker"].tolist()
                n = int(((quotes["side"] == side) & (quotes["group"] == group)).sum())
                if names:
                    said = f"{GROUP_WORDS[group]}: {'; '.join(names)} ({n} {'quote' if n == 1 else 'quotes'})"
                    items += nodes.list_item("", _para(nodes.Text(said)))
                elif empty_groups.get(group) == side:
                    items += nodes.list_item("", _para(nodes.Text(f"{GROUP_WORDS[group]}: none quoted in any seed")))
            box += items
        return [box]

    # ------------------------------------------------------------------ sources

    def sources(self, codebook: pd.DataFrame, folder) -> list[nodes.Node]:
        sources = load("sources", folder=folder).set_index("source_id")
        cited = list(dict.fromkeys(codebook["source_id"].dropna()))
        cited += [s for s in sources.index if sources.loc[s, "kind"] == "scholarly" and s not in cited]
        items = nodes.bullet_list(ids=["codebook-sources"])
        for sid in cited:
            if sid not in sources.index:
                self.fail(f"source '{sid}' is not in sources.csv")
            row = sources.loc[sid]
            para = _para(nodes.emphasis(row["title"], row["title"]), nodes.Text(". " + row["outlet"] + ". "))
            para += _text_with_dois(row["published_evidence"].rstrip(".") + ". ")
            if pd.notna(row["url"]):
                para += nodes.reference("", "Open the stored page", refuri=row["url"])
                para += nodes.Text(f" (read on {row['retrieved']:%B} {row['retrieved'].day}, {row['retrieved']:%Y}). ")
            if pd.notna(row["note"]):
                para += nodes.Text(row["note"])
            items += nodes.list_item("", para)
        return [items]


def setup(app):
    app.add_directive("codebook", CodebookDirective)
