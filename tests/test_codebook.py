"""The framing codebook and the codings: every quote coded once by the book, every code real,
every example coded with its code, every listed word printed in its quote, and a second coder's
rows in the same shape. Broken copies live in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import reopening
from reopening import DataError
from reopening.data import NA_BY_CHANNEL, codebook_problems, coding_problems, split_terms

from conftest import DATA, ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def _rows(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def _set(path: Path, quote_id: str, column: str, value: str, coder: str = "book") -> None:
    frame = _rows(path)
    hit = (frame["quote_id"] == quote_id) & (frame["coder"] == coder)
    assert hit.sum() == 1, f"test setup: no single row {quote_id}/{coder}"
    frame.loc[hit, column] = value
    _write(frame, path)


# --------------------------------------------------------------------------- the data as it is


def test_every_quote_has_exactly_one_coding_by_the_book():
    quotes = reopening.load("quotes")
    book = reopening.codings()
    counts = book["quote_id"].value_counts()
    uncoded = sorted(set(quotes["quote_id"]) - set(counts.index))
    assert not uncoded, f"quotes with no coding by coder book in codings.csv: {uncoded}"
    assert (counts == 1).all(), f"coded more than once: {list(counts[counts > 1].index)}"
    assert len(book) == len(quotes)


def test_every_code_used_is_in_the_codebook_in_the_right_column():
    codebook = reopening.load("codebook").set_index("code_id")
    book = reopening.codings(coder=None)
    for column, allowed in (("primary_frame", {"frame", "not_applicable"}), ("entman_function", {"function", "not_applicable"})):
        used = set(book[column])
        assert used <= set(codebook.index), f"{column}: codes not in codebook.csv: {used - set(codebook.index)}"
        assert {codebook.loc[c, "dimension"] for c in used} <= allowed, column
    assert coding_problems(book, reopening.load("codebook"), reopening.load("quotes")) == []


def test_every_codebook_example_exists_and_is_coded_with_its_code():
    codebook = reopening.load("codebook")
    assert set(codebook["example_quote_id"]) <= set(reopening.load("quotes")["quote_id"])
    assert codebook_problems(codebook, reopening.codings()) == []
    # every code in the codebook is used by the book at least once
    book = reopening.codings()
    used = set(book["primary_frame"]) | set(book["entman_function"])
    unused = sorted(set(codebook.loc[codebook["dimension"] != "term", "code_id"]) - used)
    assert not unused, f"codes the book never uses: {unused}"


def test_loaded_and_value_words_are_printed_in_their_quotes():
    quotes = reopening.load("quotes").set_index("quote_id")
    for row in reopening.codings().itertuples():
        text = reopening.provenance.normalise(quotes.loc[row.quote_id, "text"])
        for term in split_terms(row.loaded_terms) + split_terms(row.value_terms):
            assert reopening.provenance.normalise(term) in text, f"{row.quote_id}: '{term}' is not in the quote"


def test_the_issues_loaded_words_are_coded_where_they_occur():
    """The words the issue names are listed on every quote that prints them."""
    quotes = reopening.load("quotes").set_index("quote_id")
    book = reopening.codings().set_index("quote_id")
    for word, column in (("chaos", "loaded_terms"), ("blew it to pieces", "loaded_terms"), ("wrecked", "loaded_terms"),
                         ("big bag of nothing", "loaded_terms"), ("lock out", "loaded_terms"), ("locks out", "loaded_terms"),
                         ("moral obligation", "value_terms"), ("equity", "value_terms")):
        printed = [q for q, t in quotes["text"].items() if word in t]
        assert printed, f"test setup: '{word}' is in no quote"
        for qid in printed:
            listed = split_terms(book.loc[qid, column])
            assert any(word in t for t in listed), f"{qid} prints '{word}' but {column} does not list it"


def test_headline_and_term_rows_are_not_applicable_with_a_reason():
    quotes = reopening.load("quotes").set_index("quote_id")
    for row in reopening.codings().itertuples():
        channel = quotes.loc[row.quote_id, "channel"]
        if channel in NA_BY_CHANNEL:
            assert row.primary_frame == row.entman_function == NA_BY_CHANNEL[channel], row.quote_id
            assert isinstance(row.note, str) and len(row.note.split()) >= 5, f"{row.quote_id}: say why no frame applies"
        else:
            assert not row.primary_frame.startswith("k-na-"), row.quote_id


def test_frames_and_functions_cite_scholarly_sources_that_exist():
    codebook = reopening.load("codebook")
    sources = reopening.load("sources").set_index("source_id")
    cited = codebook.loc[codebook["dimension"].isin(["frame", "function"])]
    assert cited["source_id"].notna().all()
    for sid in set(cited["source_id"]):
        row = sources.loc[sid]
        assert row["kind"] == "scholarly" and pd.notna(row["url"]) and pd.notna(row["retrieved"]), sid
    functions = codebook[codebook["dimension"] == "function"]
    assert len(functions) == 4 and set(functions["source_id"]) == {"entman-1993"}


def test_every_speaker_has_a_group_and_no_health_official_is_quoted():
    quotes = reopening.quotes_with_groups()
    assert quotes["group"].notna().all()
    assert "health_officials" not in set(quotes["group"]), "a health official is quoted: update data/README.md and the speakers note"
    # both are community, in different groups: the Coverage chapter can tell them apart
    assert set(quotes.loc[quotes["group"].isin(["clergy", "principals"]), "side"]) == {"community"}
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "No health official is quoted directly" in readme


# --------------------------------------------------------------------------- bad examples fail


def test_a_quote_coded_twice_by_the_book_is_refused(data_copy):
    path = data_copy / "codings.csv"
    frame = _rows(path)
    _write(pd.concat([frame, frame.iloc[[0]]]), path)
    with pytest.raises(DataError, match=r"codings\.csv: the key quote_id, coder must be unique"):
        reopening.codings(folder=data_copy)


def test_a_code_not_in_the_codebook_is_refused(data_copy):
    _set(data_copy / "codings.csv", "q-wgn-02", "primary_frame", "k-economic")
    with pytest.raises(DataError, match=r"primary_frame \['k-economic'\] on line 3 does not match any code_id in codebook\.csv"):
        reopening.codings(folder=data_copy)


def test_a_function_code_in_the_frame_column_is_refused(data_copy):
    _set(data_copy / "codings.csv", "q-wgn-02", "primary_frame", "k-diagnose-cause")
    with pytest.raises(DataError, match=r"line 3 \(q-wgn-02, coder book\): primary_frame 'k-diagnose-cause' \(Diagnose the cause\) is a function code"):
        reopening.codings(folder=data_copy)


def test_a_loaded_word_not_in_its_quote_is_refused(data_copy):
    _set(data_copy / "codings.csv", "q-abc7-01", "loaded_terms", "wrecked | blew it to pieces")
    with pytest.raises(DataError, match=r"q-abc7-01, coder book\): loaded_terms lists 'blew it to pieces', which is not printed in the quote"):
        reopening.codings(folder=data_copy)
    _set(data_copy / "codings.csv", "q-abc7-01", "loaded_terms", "Wrecked")  # exactly as printed: case counts
    with pytest.raises(DataError, match="'Wrecked', which is not printed"):
        reopening.codings(folder=data_copy)


def test_a_headline_given_a_frame_is_refused(data_copy):
    path = data_copy / "codings.csv"
    _set(path, "q-fox-06", "primary_frame", "k-political")
    _set(path, "q-fox-06", "entman_function", "k-moral-judgement")
    with pytest.raises(DataError, match=r"q-fox-06, coder book\): the quote is a headline .* gives it 'k-na-headline'"):
        reopening.codings(folder=data_copy)


def test_not_applicable_needs_both_columns_and_a_note(data_copy):
    path = data_copy / "codings.csv"
    _set(path, "q-cbs-08", "entman_function", "k-define-problem")
    _set(path, "q-cbs-10", "note", "")
    with pytest.raises(DataError, match=r"goes in both primary_frame and entman_function.*'k-na-headline' needs a note"):
        reopening.codings(folder=data_copy)


def test_an_example_coded_with_another_code_is_caught(data_copy):
    path = data_copy / "codebook.csv"
    frame = _rows(path)
    frame.loc[frame["code_id"] == "k-morality", "example_quote_id"] = "q-wgn-02"  # coded political
    frame.loc[frame["code_id"] == "k-term-loaded", "example_quote_id"] = "q-wgn-02"  # lists no loaded words
    _write(frame, path)
    problems = codebook_problems(reopening.load("codebook", folder=data_copy), reopening.codings(folder=data_copy))
    assert any("k-morality" in p and "primary_frame 'k-political', not 'k-morality'" in p for p in problems)
    assert any("k-term-loaded" in p and "lists no words in loaded_terms" in p for p in problems)
    frame.loc[frame["code_id"] == "k-morality", "example_quote_id"] = "q-none-99"
    _write(frame, path)
    with pytest.raises(DataError, match=r"example_quote_id \['q-none-99'\] .* does not match any quote_id in quotes\.csv"):
        reopening.load("codebook", folder=data_copy)


def test_a_speaker_without_a_group_is_named(data_copy):
    path = data_copy / "speakers.csv"
    frame = _rows(path)
    _write(frame[frame["speaker"] != "Deanna Myron"], path)
    with pytest.raises(DataError, match=r"speakers\.csv: no row for speaker 'Deanna Myron' \(quote q-cbs-07\)"):
        reopening.quotes_with_groups(folder=data_copy)


# --------------------------------------------------------------------------- a second coder


def _class_rows(book: pd.DataFrame, coder: str) -> pd.DataFrame:
    sample = book[book["quote_id"].isin(["q-wgn-10", "q-cbs-05", "q-fox-08", "q-cbs-08"])].copy()
    sample["coder"] = coder
    sample.loc[sample["quote_id"] == "q-fox-08", ["primary_frame", "entman_function", "note"]] = ["k-public-opinion", "k-suggest-remedy", "we read it as a demand"]
    return sample


def test_a_second_coder_shares_the_file_and_the_book_is_unchanged(data_copy):
    path = data_copy / "codings.csv"
    book = _rows(path)
    _write(pd.concat([book, _class_rows(book, "class-2b")]), path)
    mine = reopening.codings("class-2b", folder=data_copy)
    assert len(mine) == 4 and set(mine["coder"]) == {"class-2b"}
    assert mine.set_index("quote_id").loc["q-fox-08", "entman_function"] == "k-suggest-remedy"
    assert len(reopening.codings(folder=data_copy)) == len(book)
    assert len(reopening.codings(None, folder=data_copy)) == len(book) + 4
    with pytest.raises(DataError, match=r"no rows by coder 'class-2c'\. Coders in the file: book, class-2b"):
        reopening.codings("class-2c", folder=data_copy)


def test_a_class_file_of_the_same_shape_is_checked_the_same_way(tmp_path):
    book = _rows(DATA / "codings.csv")
    ours = tmp_path / "our_codings.csv"
    rows = _class_rows(book, "class-2b")
    _write(rows, ours)
    assert len(reopening.codings("class-2b", file=ours)) == 4
    rows.loc[rows["quote_id"] == "q-wgn-10", "value_terms"] = "safety"
    _write(rows, ours)
    with pytest.raises(DataError, match=r"our_codings\.csv: line \d \(q-wgn-10, coder class-2b\): value_terms lists 'safety'"):
        reopening.codings("class-2b", file=ours)
    rows.loc[rows["quote_id"] == "q-wgn-10", "coder"] = "Class 2B"
    _write(rows, ours)
    with pytest.raises(DataError, match=r"column 'coder' must match the pattern"):
        reopening.codings("class-2b", file=ours)
    with pytest.raises(DataError, match=r"no_such\.csv: file not found\. Give the path of a CSV file with the columns of data/codings\.csv"):
        reopening.codings("class-2b", file=tmp_path / "no_such.csv")


# --------------------------------------------------------------------------- slow: the built pages


@pytest.mark.slow
def test_the_codebook_page_shows_every_code_with_a_linked_example(built_book: Path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book / "chapters" / "codebook.html").read_text(encoding="utf-8"), "html.parser")
    codebook = reopening.load("codebook")
    for row in codebook.itertuples():
        entry = soup.find(id=row.code_id)
        assert entry is not None, f"{row.code_id}: no entry on the codebook page"
        link = entry.select_one("a.hwk-quote")
        assert link is not None and link["href"].endswith(f"how-we-know.html#{row.example_quote_id}"), row.code_id
        shown = reopening.provenance.normalise(entry.get_text(" "))
        for text in (row.definition, row.hard_case_rule):
            assert reopening.provenance.normalise(text) in shown, f"{row.code_id}: its text is not shown as in codebook.csv"
    tables = soup.select("table.codebook-counts")
    assert len(tables) == 2
    last = [td.get_text(strip=True) for td in tables[0].select("tbody tr")[-1].select("td")]
    assert last[-1] == str(len(reopening.load("quotes"))), "the frame table's total is not every quote"


@pytest.mark.slow
def test_every_quote_entry_on_how_we_know_shows_the_books_coding(built_book: Path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book / "chapters" / "how-we-know.html").read_text(encoding="utf-8"), "html.parser")
    codes = set(reopening.load("codebook")["code_id"])
    for row in reopening.codings().itertuples():
        entry = soup.find(id=row.quote_id)
        para = next((p for p in entry.find_all("p") if p.get_text().startswith("The book’s coding")), None)
        assert para is not None, f"{row.quote_id}: no coding shown"
        anchors = [a["href"].split("#")[1] for a in para.find_all("a")]
        assert anchors and set(anchors) <= codes and row.primary_frame in anchors, row.quote_id
