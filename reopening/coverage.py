"""Small helpers for the Coverage chapter: the five seeds as five newsrooms.

The counting stays in the chapter, in plain pandas; this module keeps what the chapter and its
data-task checks (:mod:`reopening.tasks`) share, so both compute from the same rules:

- :func:`seeds` lists the five seeds in date order, with a short outlet name and a marker each;
- :func:`quoted_words` counts the words each outlet printed inside quotation marks, by side;
- :data:`PAGE_EXTRAS` are the patterns that find what else is on a page (links, embeds, notices);
- :data:`REPORTER_WORDS` and :func:`word_counts` count charged words inside quotation marks
  (the seed's ``quotes.csv`` rows) and outside them, so a word only a reporter writes is counted
  as the outlet's framing;
- :func:`reproduce` shows a table of what one outlet printed, marked so that the balance count
  leaves it out (``quotecheck.REPRODUCES_CLASS``).
"""

from __future__ import annotations

import html as _html
import re

import pandas as pd

from .data import load, quotes_with_groups
from .provenance import seed_manifest, seed_texts
from .quotecheck import REPRODUCES_CLASS

SHORT = {
    "wgn-2021-01-26": "WGN",
    "cbs-2021-01-29": "CBS 2",
    "blockclub-2021-01-29": "Block Club",
    "abc7-2021-01-30": "ABC7",
    "fox-2021-02-05": "Fox News",
}
"""A short name for each seed's outlet, as the book's text names them."""

MARKERS = {
    "wgn-2021-01-26": "o",
    "cbs-2021-01-29": "s",
    "blockclub-2021-01-29": "^",
    "abc7-2021-01-30": "D",
    "fox-2021-02-05": "v",
}
"""One marker shape per outlet: outlets never take the side colours (DESIGN §11)."""

PAGE_EXTRAS = {
    "Links to other stories": r"^(?:READ MORE|MORE NEWS|Related):|^(?!CLICK HERE)[A-Z][A-Z ,’‘'.]{25,}\s*$",
    "Video captions and WATCH links": r"EMBED >More News Videos|WATCH:",
    "Embedded tweets": r"— [^—\n]{1,40}\(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}",
    "Photo captions": r"^.{20,}\((?:Reuters|AP Photo)[^)]*\)|^.{20,}(?:Monday morning, Jan\. 11, 2021)\.",
    "Machine-translation notice": r"fue traducido automáticamente",
    "Archive notice": r"This is an archived article",
    "Subscription or donation plea": r"^Subscribe to |tax-deductible donation",
    "App promotion": r"^CLICK HERE TO GET",
}
"""What else is on a page besides the story, each found by a pattern in the seed's text (one
match is one item). The patterns are written for these five seeds, not for every web page."""

REPORTER_WORDS = ["sabotaged", "sabotaging", "standoff", "gridlocked", "defy", "defied", "bicker",
                  "threatened", "refuses", "upset", "ultimatum", "chaos"]
"""Charged words in the five seeds that describe the dispute or a person in it. The book's list:
it adds to the loaded words of the codebook the ones that reporters write in their own voice."""

def seeds() -> pd.DataFrame:
    """The five seeds in date order: source id, outlet (short), events date, kind of piece, first sentence."""
    manifest = seed_manifest().sort_values(["events_date", "source_id"], kind="stable")
    frame = manifest[["source_id", "events_date", "kind_of_piece", "lede"]].reset_index(drop=True)
    frame.insert(1, "outlet", frame["source_id"].map(SHORT))
    return frame


def words(text: str) -> int:
    """Words in a text, counted as the balance count does (split on spaces)."""
    return len(str(text).split())


def quoted_words(quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Words each outlet printed inside quotation marks, by side: every printing counts, because
    each is a quotation the outlet's reader met. One row per seed (in date order), one column per side."""
    quotes = quotes_with_groups() if quotes is None else quotes
    order = list(seeds()["source_id"])
    counted = quotes.assign(words=quotes["text"].map(words))
    table = counted.pivot_table(index="source_id", columns="side", values="words", aggfunc="sum", fill_value=0)
    sides = ["union", "district_city", "parent", "community", "outlet"]
    return table.reindex(index=order, columns=sides, fill_value=0).astype(int)


def union_share(table: pd.DataFrame) -> pd.Series:
    """Each outlet's union words as a percent of its union and district/city words."""
    return 100 * table["union"] / (table["union"] + table["district_city"])


def page_extras(texts: dict[str, str] | None = None) -> pd.DataFrame:
    """How many of each kind of :data:`PAGE_EXTRAS` each seed carries (rows: kinds; columns: seeds)."""
    texts = seed_texts() if texts is None else texts
    order = [s for s in seeds()["source_id"] if s in texts]
    counts = {
        sid: {kind: len(re.findall(pattern, texts[sid], flags=re.M)) for kind, pattern in PAGE_EXTRAS.items()}
        for sid in order
    }
    return pd.DataFrame(counts).reindex(index=list(PAGE_EXTRAS))


def word_counts(word_list: list[str] | None = None, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """For each word and seed, how often it appears in the seed, and how often inside quotation
    marks (in the seed's rows of ``quotes.csv``, every printing); the rest are the reporter's own."""
    word_list = REPORTER_WORDS if word_list is None else word_list
    texts = seed_texts() if texts is None else texts
    quotes = load("quotes")
    rows = []
    for sid in [s for s in seeds()["source_id"] if s in texts]:
        quoted = " ".join(quotes.loc[quotes["source_id"] == sid, "text"])
        for word in word_list:
            pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
            everywhere, inside = len(pattern.findall(texts[sid])), len(pattern.findall(quoted))
            if everywhere:
                rows.append({"source_id": sid, "outlet": SHORT.get(sid, sid), "word": word,
                             "outside quotation marks": everywhere - inside, "inside quotation marks": inside})
    return pd.DataFrame(rows, columns=["source_id", "outlet", "word", "outside quotation marks", "inside quotation marks"])


def reproduce(frame: pd.DataFrame, source_id: str, summary: str) -> None:
    """Show a table of what one outlet printed (its quotations in quotation marks), marked so the
    book's balance count leaves it out and the quotation check makes sure it is that outlet's."""
    from IPython.display import HTML, display

    if source_id not in SHORT and source_id not in set(load("sources")["source_id"]):
        raise ValueError(f"'{source_id}' is not a source in sources.csv: a reproduced table names the outlet it reproduces.")
    table = frame.to_html(index=False, escape=True, border=0, classes="data-behind-table")
    display(HTML(
        f'<div class="{REPRODUCES_CLASS}" data-source="{_html.escape(source_id)}">'
        f'<p class="reproduces-note">{_html.escape(summary)}</p>{table}</div>'
    ))
