""""How we know": numbers and quotations rendered from ``data/``, each one click from its source.

Roles for notebook Markdown cells (MyST syntax ``{role}`text```):

``{num}`f-wgn-06```
    A ``figures.csv`` row, printed as its ``value_text`` ("191,000"). ``{num}`f-cps-01 | fmt=,.0f```
    formats the value instead (``355,156``).
``{quote}`q-abc7-16```
    A ``quotes.csv`` row (or an outside excerpt, ``x-NN``), its exact words in quotation marks,
    one trailing comma or period trimmed. Options after ``|``: ``part=<words>`` (a part of the
    row, checked to be in it), ``keep`` (keep the trailing punctuation), ``cite`` (add
    "(Outlet, Month D)"), ``speaker`` (add "(Speaker, Outlet, Month D)").
``{outlet}`abc7-2021-01-30 | The roughly 355,000-student district```
    An outlet's own words, checked to be verbatim in that seed, marked as the outlet's (never a
    speaker's), in quotation marks.
``{computed}`vote_yes_share:.1f | d-vote-yes-share```
    A number the page computes: the glue key (with a format) and its ``derivations.csv`` row.

Each renders as a link to its entry on the "How we know" page (``chapters/how-we-know``),
which the ``{how-we-know}`` directive generates from ``data/``; ``{data-dictionary}`` renders
``datapackage.json``. An unknown id, a row without a source, or words not in their row or seed
stop the build with a message naming them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .data import data_dir, descriptor, load
from .provenance import normalise, seed_manifest, seed_texts

PAGE = "chapters/how-we-know"
SOURCES_PAGE = "chapters/sources"
CODEBOOK_PAGE = "chapters/codebook"
SHORT_OUTLETS = {
    "CBS 2 Chicago": "CBS 2",
    "ABC7 Chicago": "ABC7",
    "WGN-TV": "WGN",
    "Block Club Chicago": "Block Club",
    "Fox News": "Fox News",
    "Chicago Tribune": "Chicago Tribune",
    "Chicago Sun-Times": "Chicago Sun-Times",
    "NBC Chicago": "NBC Chicago",
    "NewsNation": "NewsNation/WGN",
}


class CitationError(SphinxError):
    """A role or the "How we know" page names something that is not in data/."""

    category = "How we know"


# --------------------------------------------------------------------------- words kept exactly as printed


class verbatim(nodes.inline, nodes.Special):
    """Text from a source, shown exactly: Sphinx's "smart quotes" (which turn -- into a dash and
    ... into an ellipsis) skip it, and it is plain text, never markup."""


def visit_verbatim(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="hwk-text"))


def depart_verbatim(self, node):
    self.body.append("</span>")


def exact(text: str) -> verbatim:
    node = verbatim(text, text)
    node["support_smartquotes"] = False  # Sphinx's own switch (sphinx.util.nodes.is_smartquotable)
    return node


# --------------------------------------------------------------------------- the data, once per build


@dataclass
class Book:
    figures: pd.DataFrame
    quotes: pd.DataFrame
    facts: pd.DataFrame
    sources: pd.DataFrame
    derivations: pd.DataFrame
    seeds: dict[str, str]
    manifest: pd.DataFrame

    def short_outlet(self, source_id: str) -> str:
        outlet = self.sources.loc[source_id, "outlet"]
        plain = outlet.split(" (")[0]
        return SHORT_OUTLETS.get(plain, plain)

    def day_of(self, source_id: str) -> pd.Timestamp | None:
        """The day a source speaks of: a seed's events date, else its publication date."""
        manifest = self.manifest.set_index("source_id")
        if source_id in manifest.index:
            return manifest.loc[source_id, "events_date"]
        published = self.sources.loc[source_id, "published"]
        return None if pd.isna(published) else published


_BOOK: dict[Path, Book] = {}
_CODINGS: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}


def book() -> Book:
    folder = data_dir()
    if folder not in _BOOK:
        _BOOK[folder] = Book(
            figures=load("figures", folder=folder).set_index("figure_id"),
            quotes=load("quotes", folder=folder).set_index("quote_id"),
            facts=load("outside_facts", folder=folder).set_index("fact_id"),
            sources=load("sources", folder=folder).set_index("source_id"),
            derivations=load("derivations", folder=folder).set_index("derivation_id"),
            seeds=seed_texts(folder),
            manifest=seed_manifest(folder),
        )
    return _BOOK[folder]


def parse(text: str) -> tuple[str, set[str], dict[str, str]]:
    """``"id | flag | key=value"`` -> (id, flags, options)."""
    parts = [p.strip() for p in text.split("|")]
    flags, options = set(), {}
    for part in parts[1:]:
        if "=" in part:
            key, value = part.split("=", 1)
            options[key.strip()] = value.strip()
        elif part:
            flags.add(part)
    return parts[0], flags, options


def day_text(day) -> str:
    return "" if day is None or pd.isna(day) else f"{day:%B} {day.day}"


# --------------------------------------------------------------------------- roles


class _LinkRole(SphinxRole):
    kind = ""

    def fail(self, message: str):
        where = f"{self.env.docname} (line {self.lineno})"
        raise CitationError(f"{where}: {{{self.name}}}`{self.text}`: {message}")

    def link(self, anchor: str, children: list[nodes.Node], hidden: str) -> nodes.reference:
        return hwk_link(self.env, self.kind, anchor, children, hidden)


def hwk_link(env, kind: str, anchor: str, children: list[nodes.Node], hidden: str) -> nodes.reference:
    """A link to an entry of the "How we know" page, as the roles make it."""
    uri = env.app.builder.get_relative_uri(env.docname, PAGE) + "#" + anchor
    ref = nodes.reference("", "", *children, refuri=uri, internal=True, classes=["hwk", f"hwk-{kind}"])
    ref += nodes.inline("", hidden, classes=["hwk-hidden"])
    return ref


class NumberRole(_LinkRole):
    kind = "num"

    def run(self):
        fid, flags, options = parse(self.text)
        data = book()
        if fid not in data.figures.index:
            self.fail(f"no figure '{fid}' in figures.csv")
        row = data.figures.loc[fid]
        if row["source_id"] not in data.sources.index:
            self.fail(f"figure '{fid}' names source '{row['source_id']}', which is not in sources.csv")
        if "fmt" in options:
            if pd.isna(row["value"]):
                self.fail(f"figure '{fid}' has no value to format (its text is {row['value_text']!r})")
            shown = format(float(row["value"]), options["fmt"])
        else:
            shown = row["value_text"]
        return [self.link(fid, [exact(shown)], f" (how we know: {data.short_outlet(row['source_id'])})")], []


def _trim(text: str, keep: bool) -> str:
    return text if keep or not text.endswith((",", ".")) else text[:-1]


class QuoteRole(_LinkRole):
    kind = "quote"

    def run(self):
        return quote_nodes(self.env, self.text, self.fail), []


def quote_nodes(env, text: str, fail) -> list[nodes.Node]:
    """What ``{quote}`text``` renders: the quote's words in quotation marks, a link to its entry,
    and (with ``cite`` or ``speaker``) who said it, where and when. ``fail(message)`` raises."""
    qid, flags, options = parse(text)
    data = book()
    if qid in data.quotes.index:
        row = data.quotes.loc[qid]
        words, speaker = row["text"], row["speaker"]
    elif qid in data.facts.index:
        row = data.facts.loc[qid]
        if pd.isna(row["side"]):
            fail(f"outside fact '{qid}' has no side: its excerpt is an outlet's prose, not a speaker's words (use the outlet's words in a sentence of your own)")
        words, speaker = row["excerpt"], None
    else:
        fail(f"no quote '{qid}' in quotes.csv or outside_facts.csv")
    if row["source_id"] not in data.sources.index:
        fail(f"'{qid}' names source '{row['source_id']}', which is not in sources.csv")
    if "part" in options:
        part = options["part"]
        if normalise(part) not in normalise(words):
            fail(f"the words {part!r} are not in {qid}")
        words = part
    words = _trim(words.strip(), "keep" in flags)
    nodes_out = [hwk_link(env, "quote", qid, [nodes.Text("\u201c"), exact(words), nodes.Text("\u201d")], f" (how we know: {data.short_outlet(row['source_id'])})")]
    if "cite" in flags or "speaker" in flags:
        who = [speaker] if "speaker" in flags and speaker else []
        when = day_text(data.day_of(row["source_id"]))
        nodes_out.append(nodes.Text(" (" + ", ".join(who + [data.short_outlet(row["source_id"])] + ([when] if when else [])) + ")"))
    return nodes_out




class OutletRole(_LinkRole):
    kind = "outlet"

    def run(self):
        sid, flags, options = parse(self.text)
        data = book()
        spans = [p.strip() for p in self.text.split("|")[1:] if "=" not in p and p.strip() not in ("keep",)]
        if sid not in data.seeds:
            self.fail(f"'{sid}' is not a seed: the outlet-words role quotes one of the five articles")
        if len(spans) != 1:
            self.fail("give the seed id and the words, as {outlet}`seed-id | the words`")
        words = spans[0]
        if normalise(words) not in normalise(data.seeds[sid]):
            self.fail(f"the words {words!r} are not verbatim in seed '{sid}'")
        words = _trim(words, "keep" in flags)
        ref = self.link(f"src-{sid}", [nodes.Text("\u201c"), exact(words), nodes.Text("\u201d")], f" ({data.short_outlet(sid)}'s own words: how we know)")
        # The class names the seed, so the quotation check can verify the words against it.
        ref["classes"] += ["hwk-outlet-words", f"hwk-src-{sid}"]
        return [ref], []


class ComputedRole(_LinkRole):
    kind = "computed"

    def run(self):
        from myst_nb.ext.glue.roles import PasteTextRole

        spec, _, did = (p.strip() for p in self.text.partition("|"))
        data = book()
        if did not in data.derivations.index:
            self.fail(f"no derivation '{did}' in derivations.csv")
        key = spec.rsplit(":", 1)[0]
        if data.derivations.loc[did, "glue_key"] != key:
            self.fail(f"derivation '{did}' is for glue key '{data.derivations.loc[did, 'glue_key']}', not '{key}'")
        paste = PasteTextRole()
        pasted, messages = paste("glue:text", self.rawtext, spec, self.lineno, self.inliner)
        if messages or not pasted:
            self.fail(f"the page glues no value '{key}'")
        return [self.link(did, pasted, " (how we know: computed)")], []


# --------------------------------------------------------------------------- the "How we know" page


def _para(*children) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def _label(text: str) -> nodes.strong:
    return nodes.strong(text, text)


class HowWeKnowDirective(SphinxDirective):
    """Every figure, quote, outside fact and derivation, grouped by source, with its excerpt."""

    def link_to(self, anchor: str, text: str) -> nodes.reference:
        uri = self.env.app.builder.get_relative_uri(self.env.docname, PAGE) + "#" + anchor
        return nodes.reference("", text, refuri=uri, internal=True)

    def run(self):
        data = book()
        out: list[nodes.Node] = []
        groups = self.groups(data)
        entries: dict[str, list[tuple[str, str, nodes.Node]]] = {}
        for fid, row in data.figures.iterrows():
            entries.setdefault(row["source_id"], []).append(("figure", fid, self.figure_entry(data, fid, row, groups)))
        for qid, row in data.quotes.iterrows():
            entries.setdefault(row["source_id"], []).append(("quote", qid, self.quote_entry(data, qid, row, groups)))
        for xid, row in data.facts.iterrows():
            entries.setdefault(row["source_id"], []).append(("outside fact", xid, self.fact_entry(data, xid, row, groups)))
        seeds_first = data.sources.assign(outside=data.sources["kind"] != "seed").sort_values(["outside", "published"], na_position="last")
        for sid in seeds_first.index:
            if sid not in entries:
                continue
            out.append(self.source_section(data, sid, entries[sid]))
        out.append(self.groups_section(data, groups))
        out.append(self.derivations_section(data))
        return out

    def groups(self, data: Book) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for frame in (data.figures, data.quotes, data.facts):
            if "group_id" in frame.columns:
                for rid, g in frame["group_id"].dropna().items():
                    members.setdefault(g, []).append(rid)
        return members

    BIG_GROUP = 4
    """A group of this many rows or more is listed once, in the page's "Rows read together"
    section, and each of its entries links there: listing every member under every other member
    grew with the square of the group's size and made the page too heavy for a phone."""

    def read_with(self, data: Book, rid: str, row, groups) -> list[nodes.Node]:
        others = []
        g = row.get("group_id") if hasattr(row, "get") else None
        big = isinstance(g, str) and len(groups.get(g, [])) >= self.BIG_GROUP
        if isinstance(g, str) and not big:
            others = [m for m in groups.get(g, []) if m != rid]
        related = row.get("related_to") if hasattr(row, "get") else None
        if isinstance(related, str) and related not in others and related != rid and not (big and related in groups[g]):
            others.append(related)
        if not (others or big):
            return []
        para = _para(_label("Read it with: "))
        if big:
            para += nodes.Text(f"the {len(groups[g]) - 1} other rows of ")
            para += self.link_to(f"group-{g}", f"group {g}")
            if others:
                para += nodes.Text("; ")
        for i, other in enumerate(others):
            if i:
                para += nodes.Text("; ")
            para += self.link_to(other, self.describe(data, other))
        return [para]

    def groups_section(self, data: Book, groups: dict[str, list[str]]) -> nodes.section:
        """Each big group once: the rows that report one thing in different versions, or answer
        one question, to be read side by side."""
        section = nodes.section("", ids=["rows-read-together"], names=["rows-read-together"])
        section += nodes.title("Rows read together", "Rows read together")
        section += _para(nodes.Text("Each group holds rows that report the same thing in different versions, or that answer one question, so they are best read side by side."))
        for g in sorted(groups):
            members = groups[g]
            if len(members) < self.BIG_GROUP:
                continue
            box = nodes.container("", ids=[f"group-{g}"], classes=["hwk-entry"])
            para = _para(_label(g), nodes.Text(f" ({len(members)} rows): "))
            for i, member in enumerate(members):
                if i:
                    para += nodes.Text("; ")
                para += self.link_to(member, self.describe(data, member))
            box += para
            section += box
        return section

    def describe(self, data: Book, rid: str) -> str:
        """A link text that says what the other entry is, not only its id."""
        if rid in data.figures.index:
            row = data.figures.loc[rid]
            return f"{row['value_text']} ({data.short_outlet(row['source_id'])}, {rid})"
        if rid in data.quotes.index:
            row = data.quotes.loc[rid]
            return f"{row['speaker']} ({data.short_outlet(row['source_id'])}, {rid})"
        if rid in data.facts.index:
            return f"{data.short_outlet(data.facts.loc[rid, 'source_id'])} ({rid})"
        return rid

    def entry(self, rid: str, title: str, rows: list[tuple[str, str]], excerpt: str, source_line: str, extra: list[nodes.Node]) -> nodes.container:
        box = nodes.container("", ids=[rid], classes=["hwk-entry"])
        box += _para(_label(rid), nodes.Text(" " + title))
        field_list = nodes.bullet_list()
        for name, value in rows:
            if isinstance(value, str) and value.strip():
                field_list += nodes.list_item("", _para(_label(name + ": "), nodes.Text(value)))
        box += field_list
        quote = nodes.block_quote("", _para(exact(excerpt)))
        if source_line:
            quote += nodes.attribution("", source_line)
        box += quote
        box.extend(extra)
        return box

    def source_line(self, data: Book, sid: str) -> str:
        """The excerpt's attribution: for a seed, whose section is long, the outlet and date; for
        an outside source, none, since its short section's heading (right above) gives both and
        the page must stay within its first-visit budget (tests/test_weight.py)."""
        row = data.sources.loc[sid]
        if row["kind"] != "seed":
            return ""
        day = row["published"]
        dated = f"{day:%B} {day.day}, {day:%Y}" if pd.notna(day) else "date unknown"
        return f"{row['outlet']}, {dated}"

    def figure_entry(self, data, fid, row, groups):
        counts = row["counts"]
        rows = [("What it counts", counts)]
        if pd.notna(row.get("numerator")):
            rows.append(("Counted on top (numerator)", row["numerator"]))
        if pd.notna(row.get("base")):
            base = row["base"] + (f" ({row['base_count']:,.0f})" if pd.notna(row.get("base_count")) else "")
            rows.append(("Out of (base)", base))
        as_of = row["as_of"]
        rows.append(("Claimed by", row["claimed_by"]))
        rows.append(("The date it describes", f"{as_of:%B} {as_of.day}, {as_of:%Y}" if pd.notna(as_of) else "not given by the source"))
        if pd.notna(row.get("note")):
            rows.append(("Note", row["note"]))
        return self.entry(fid, f"the number {row['value_text']}", rows, row["excerpt"], self.source_line(data, row["source_id"]), self.read_with(data, fid, row, groups))

    def quote_entry(self, data, qid, row, groups):
        rows = [("Speaker", row["speaker"] + (f", {row['role']}" if pd.notna(row.get("role")) else "")), ("Side", row["side"]), ("How it was given", row["channel"])]
        if pd.notna(row.get("note")):
            rows.append(("Note", row["note"]))
        extra = self.read_with(data, qid, row, groups) + self.coding(qid)
        return self.entry(qid, "a quotation", rows, row["text"], self.source_line(data, row["source_id"]), extra)

    def coding(self, qid: str) -> list[nodes.Node]:
        """The book's coding of a quotation (codings.csv, coder book), linked to the codebook."""
        from .data import codings, split_terms

        folder = data_dir()
        for table in ("codings", "codebook"):
            self.env.note_dependency(str(folder / f"{table}.csv"))
        key = (folder, *((folder / f"{t}.csv").stat().st_mtime for t in ("codings", "codebook", "quotes")))
        if key not in _CODINGS:
            _CODINGS.clear()
            _CODINGS[key] = (codings(folder=folder).set_index("quote_id"), load("codebook", folder=folder).set_index("code_id"))
        coded, codebook = _CODINGS[key]
        if qid not in coded.index:
            return []
        row = coded.loc[qid]
        uri = self.env.app.builder.get_relative_uri(self.env.docname, CODEBOOK_PAGE)
        para = _para(_label("The book's coding: "))
        codes = [row["primary_frame"]] if row["primary_frame"] == row["entman_function"] else [row["primary_frame"], row["entman_function"]]
        for i, code in enumerate(codes):
            if i:
                para += nodes.Text("; ")
            para += nodes.reference("", codebook.loc[code, "label"], refuri=f"{uri}#{code}", internal=True)
        for column, words in (("loaded_terms", "loaded words"), ("value_terms", "value words")):
            terms = split_terms(row[column])
            if terms:
                para += nodes.Text(f"; {words}: " + ", ".join(terms))
        para += nodes.Text(".")
        return [para]

    def fact_entry(self, data, xid, row, groups):
        rows = [("The fact, in our words", row["fact"])]
        if pd.notna(row.get("side")):
            rows.append(("Whose words", row["side"]))
        return self.entry(xid, "a fact from outside the five articles", rows, row["excerpt"], self.source_line(data, row["source_id"]), self.read_with(data, xid, row, groups))

    def source_section(self, data: Book, sid: str, items) -> nodes.section:
        row = data.sources.loc[sid]
        title = f"{row['outlet']}"
        day = row["published"]
        if pd.notna(day):
            title += f", {day:%B} {day.day}, {day:%Y}"
        section = nodes.section("", ids=[f"src-{sid}"], names=[f"src-{sid}"])
        section += nodes.title(title, title)
        about = _para()
        if row["kind"] == "seed":
            about += nodes.Text("One of the five articles. Its full text, dates and how we know them: ")
            uri = self.env.app.builder.get_relative_uri(self.env.docname, SOURCES_PAGE) + "#seed-" + sid
            about += nodes.reference("", "The sources", refuri=uri, internal=True)
            about += nodes.Text(".")
        else:
            about += nodes.Text("Outside source. ")
            if pd.notna(row["url"]):
                about += nodes.reference("", "Open the page", refuri=row["url"])
                about += nodes.Text(" (read on " + (f"{row['retrieved']:%B %-d, %Y}" if pd.notna(row["retrieved"]) else "an unknown date") + ").")
        if pd.notna(row["title"]):
            about += nodes.Text(" Title: " + row["title"])
        section += about
        for _, _, node in sorted(items, key=lambda t: (("figure", "quote", "outside fact").index(t[0]), t[1])):
            section += node
        return section

    def derivations_section(self, data: Book) -> nodes.section:
        section = nodes.section("", ids=["computed-numbers"], names=["computed-numbers"])
        section += nodes.title("Numbers the book computes", "Numbers the book computes")
        section += _para(nodes.Text("Each of these numbers is computed by a page's code from the rows named, so a corrected row corrects the number."))
        for did, row in data.derivations.iterrows():
            box = nodes.container("", ids=[did], classes=["hwk-entry"])
            box += _para(_label(did), nodes.Text(f" on {row['page']} (glue key {row['glue_key']})"))
            items = nodes.bullet_list()
            items += nodes.list_item("", _para(_label("How: "), nodes.Text(row["formula"])))
            inputs = _para(_label("From: "))
            for i, name in enumerate(row["inputs"].split()):
                if i:
                    inputs += nodes.Text(", ")
                if name in data.figures.index:
                    inputs += self.link_to(name, name)
                else:
                    inputs += nodes.literal(name, name)
            items += nodes.list_item("", inputs)
            box += items
            section += box
        return section


class DataDictionaryDirective(SphinxDirective):
    """Every table in ``datapackage.json``: what it holds, where it comes from, and its columns."""

    def run(self):
        package = descriptor(data_dir())
        out = []
        for res in package["resources"]:
            section = nodes.section("", ids=[f"table-{res['name']}"], names=[f"table-{res['name']}"])
            title = f"{res['name']} ({res['path']})"
            section += nodes.title(title, title)
            section += _para(nodes.Text(res.get("description", "")))
            srcs = "; ".join(s.get("title", "") for s in res.get("sources", []))
            if srcs:
                section += _para(_label("Source: "), nodes.Text(srcs))
            table = nodes.table()
            group = nodes.tgroup(cols=4)
            table += group
            for width in (18, 10, 12, 60):
                group += nodes.colspec(colwidth=width)
            head = nodes.thead()
            group += head
            header = nodes.row()
            for text in ("Column", "Type", "Required", "Meaning and allowed values"):
                header += nodes.entry("", _para(nodes.Text(text)))
            head += header
            body = nodes.tbody()
            group += body
            for f in res["schema"]["fields"]:
                r = nodes.row()
                cons = f.get("constraints", {})
                meaning = f.get("description", "")
                if cons.get("enum"):
                    meaning += " Allowed: " + ", ".join(cons["enum"]) + "."
                for text in (f["name"], f["type"], "yes" if cons.get("required") else "no", meaning):
                    r += nodes.entry("", _para(nodes.Text(text)))
                body += r
            section += table
            out.append(section)
        return out


def setup(app):
    app.add_node(verbatim, html=(visit_verbatim, depart_verbatim))
    app.add_role("num", NumberRole())
    app.add_role("quote", QuoteRole())
    app.add_role("outlet", OutletRole())
    app.add_role("computed", ComputedRole())
    app.add_directive("how-we-know", HowWeKnowDirective)
    app.add_directive("data-dictionary", DataDictionaryDirective)
