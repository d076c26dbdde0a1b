"""Nothing invented: every quote, figure, event and position is verbatim in its seed, and every
number and quotation in the seeds is accounted for."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import reopening
from reopening.provenance import NUMBER_WORDS, SHARE_UNIT, is_verbatim, normalise, parse_number, seed_texts, spans

from conftest import DATA


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return seed_texts(DATA)


def _seed_rows(name: str, seeds: dict[str, str]) -> pd.DataFrame:
    frame = reopening.load(name, folder=DATA)
    return frame[frame["source_id"].isin(seeds)]


def test_every_seed_has_rows_in_every_seed_table(seeds):
    for table in ("quotes", "figures", "timeline", "positions"):
        present = set(reopening.load(table, folder=DATA)["source_id"])
        missing = set(seeds) - present
        assert not missing, f"{table}.csv has no rows for {sorted(missing)}"


def test_quotes_are_verbatim_in_their_seed(seeds):
    quotes = _seed_rows("quotes", seeds)
    bad = [f"{q.quote_id}: {q.text[:60]!r}" for q in quotes.itertuples() if not is_verbatim(q.text, seeds[q.source_id])]
    assert not bad, "not found verbatim in the seed:\n" + "\n".join(bad)


def test_variants_point_back_within_the_same_source():
    quotes = reopening.load("quotes", folder=DATA).set_index("quote_id")
    for qid, row in quotes[quotes["variant_of"].notna()].iterrows():
        assert quotes.loc[row["variant_of"], "source_id"] == row["source_id"], qid
        assert row["variant_of"] != qid


@pytest.mark.parametrize("table", ["figures", "timeline", "positions", "non_figures"])
def test_excerpts_are_verbatim_in_their_seed(table, seeds):
    rows = _seed_rows(table, seeds)
    key = rows.columns[0]
    bad = [f"{r[key]}: {r['excerpt'][:70]!r}" for _, r in rows.iterrows() if not is_verbatim(r["excerpt"], seeds[r["source_id"]])]
    assert not bad, f"{table}.csv excerpts not verbatim in their seed:\n" + "\n".join(bad)


def test_each_figure_excerpt_contains_its_number_and_the_value_matches():
    """Seed rows and outside rows alike: the number as printed is in the excerpt and reads as the value."""
    figures = reopening.load("figures", folder=DATA)
    problems = []
    for f in figures.itertuples():
        if normalise(f.value_text) not in normalise(f.excerpt):
            problems.append(f"{f.figure_id}: value_text {f.value_text!r} is not in its excerpt")
            continue
        parsed = parse_number(f.value_text, unit=f.unit)
        if pd.isna(f.value):
            if parsed is not None:
                problems.append(f"{f.figure_id}: {f.value_text!r} means {parsed:g}; put that in the value column")
        elif parsed is None or abs(parsed - f.value) > 1e-9 * max(1.0, abs(f.value)):
            problems.append(f"{f.figure_id}: {f.value_text!r} does not read as {f.value:g} {f.unit}")
    assert not problems, "\n".join(problems)


def test_every_share_uses_one_unit_and_names_its_base():
    """One rule for shares: unit 'percent', value in percent, the base in words, and its count
    only where a source gives it (that source named when it is not the figure's own)."""
    figures = reopening.load("figures", folder=DATA)
    other_share_units = figures[figures["unit"].isin(["ratio", "share", "fraction", "proportion"])]["figure_id"].tolist()
    assert not other_share_units, f"shares must use unit 'percent' (value in percent): {other_share_units}"
    shares = figures[figures["unit"] == SHARE_UNIT]
    problems = [f"{r.figure_id}: a share needs a numerator and a base in words" for r in shares.itertuples() if pd.isna(r.numerator) or pd.isna(r.base)]
    problems += [f"{r.figure_id}: base 'not stated' says nothing; give the base in words" for r in shares.itertuples() if str(r.base).strip().lower() == "not stated"]
    problems += [f"{r.figure_id}: value {r.value} is not a percent" for r in shares.itertuples() if pd.notna(r.value) and not 0 <= r.value <= 100]
    problems += [f"{r.figure_id}: a base count without a base in words" for r in figures.itertuples() if pd.notna(r.base_count) and pd.isna(r.base)]
    assert not problems, "\n".join(problems)


def test_parse_number_reads_shares_on_one_scale():
    assert parse_number("1 in 5", unit="percent") == 20
    assert parse_number("half", unit="percent") == 50
    assert parse_number("59 percent", unit="percent") == 59
    assert parse_number("1 in 5") == 0.2
    assert parse_number("half") == 0.5
    assert parse_number("twice", unit="tests_per_month") == 2


_NUMBER_TOKEN = re.compile(r"\d[\d,.:%]*|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def test_every_number_in_the_seeds_is_accounted_for(seeds):
    """Each number in a seed lies inside a figure's, a timeline row's or a non-figure's excerpt."""
    covered_by = {}
    for table in ("figures", "timeline", "non_figures"):
        frame = _seed_rows(table, seeds)
        for r in frame.itertuples():
            covered_by.setdefault(r.source_id, []).append(r.excerpt)
    problems = []
    for sid, text in seeds.items():
        norm = normalise(text)
        intervals = [s for excerpt in covered_by.get(sid, []) for s in spans(excerpt, text)]
        for match in _NUMBER_TOKEN.finditer(norm):
            if not any(a <= match.start() and match.end() <= b for a, b in intervals):
                context = norm[max(0, match.start() - 40): match.end() + 40]
                problems.append(f"{sid}: {match.group()!r} in ...{context}...")
    assert not problems, f"{len(problems)} numbers in the seeds are in no figure, timeline or non-figure excerpt:\n" + "\n".join(problems[:25])


_QUOTED = re.compile(r"\u201c([^\u201d]{2,}?)\u201d|(?<![A-Za-z])\"([^\"]{2,}?)\"")


def test_every_quotation_in_the_seeds_is_in_quotes_csv(seeds):
    """Every span between paired double quotation marks in a seed starts a recorded quote or is covered by one."""
    quotes = _seed_rows("quotes", seeds)
    problems = []
    for sid, text in seeds.items():
        mine = quotes[quotes["source_id"] == sid]
        recorded = [normalise(t) for t in mine["text"]]
        # An unclosed quotation (recorded as printed, with a note) would throw the pairing of the
        # straight marks after it out of step: drop its opening mark before pairing.
        for t in mine.loc[mine["note"].fillna("").str.contains("unclosed"), "text"]:
            head = t[:30]
            for mark in ('"', "\u201c"):
                text = text.replace(mark + head, head, 1)
        for match in _QUOTED.finditer(text):
            span = normalise(match.group(1) or match.group(2))
            if not any(span in r or r in span for r in recorded):
                problems.append(f"{sid}: {span[:80]!r}")
    assert not problems, "quoted in a seed but not in quotes.csv:\n" + "\n".join(problems)
