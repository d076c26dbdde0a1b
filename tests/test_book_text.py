"""What the chapters' prose quotes is verbatim from a source, and the two sides get comparable space."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import reopening
from reopening.provenance import normalise, seed_texts

from conftest import CHAPTERS, DATA

MIN_WORDS = 4  # shorter quoted spans are terms ("teach-out"), checked by eye
_QUOTED = re.compile(r"\u201c([^\u201d]+)\u201d|(?<![\w=])\"([^\"\n]+)\"(?![\w=])")


def prose_of(path: Path) -> str:
    """The text a reader sees: markdown cells and .md files, without code, directive options or HTML attributes."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks
    text = re.sub(r"`[^`\n]*`", " ", text)  # inline code and roles' targets
    text = re.sub(r"^\s*:[\w-]+:.*$", " ", text, flags=re.M)  # directive options such as :alt:
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    return text


def quoted_spans(text: str) -> list[str]:
    spans = [normalise(m.group(1) or m.group(2)) for m in _QUOTED.finditer(text)]
    return [s.strip(" ,.") for s in spans if len(s.split()) >= MIN_WORDS]


PAGES = sorted(p for p in CHAPTERS.rglob("*") if p.suffix in (".ipynb", ".md"))


@pytest.fixture(scope="module")
def haystacks() -> list[str]:
    texts = list(seed_texts(DATA).values())
    texts += list(reopening.load("quotes", folder=DATA)["text"])
    texts += list(reopening.load("outside_facts", folder=DATA)["excerpt"])
    texts += list(reopening.load("sources", folder=DATA)["title"].dropna())  # titles of cited pages
    return [normalise(t) for t in texts]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_quotation_in_the_prose_is_verbatim_from_a_source(page: Path, haystacks):
    missing = [s for s in quoted_spans(prose_of(page)) if not any(s in h for h in haystacks)]
    assert not missing, f"{page.name} quotes words found in no seed, quotes.csv or outside_facts.csv:\n" + "\n".join(missing)


def words_quoted_by_side() -> dict[str, int]:
    quotes = reopening.load("quotes", folder=DATA)
    texts = [(normalise(t), side) for t, side in zip(quotes["text"], quotes["side"])]
    totals: dict[str, int] = {}
    for page in PAGES:
        for span in quoted_spans(prose_of(page)):
            sides = {side for t, side in texts if span in t}
            if len(sides) == 1:
                side = sides.pop()
                totals[side] = totals.get(side, 0) + len(span.split())
    return totals


def test_the_two_sides_get_comparable_space():
    totals = words_quoted_by_side()
    union, city = totals.get("union", 0), totals.get("district_city", 0)
    assert union + city > 0, "the chapters quote neither side"
    smaller = min(union, city) / (union + city)
    assert smaller >= 0.40, f"quoted words: union {union}, district/city {city}; the smaller side has {smaller:.0%} (needs at least 40%)"


def test_the_balance_check_can_fail():
    assert quoted_spans('She said “we will open Monday no matter what” and left.') == ["we will open Monday no matter what"]
    assert quoted_spans('a short “teach-out” term') == []
