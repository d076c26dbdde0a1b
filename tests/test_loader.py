"""reopening.load(): finds data/ from anywhere in the repo, types the columns, and fails with a
clear message naming the file and the problem. Broken copies live in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import reopening
from reopening import DataError

from conftest import CHAPTERS, DATA, ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A full copy of data/ (and seeds/) that a test may break."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_finds_data_from_the_chapters_folder_and_below(monkeypatch, tmp_path):
    monkeypatch.delenv("REOPENING_DATA", raising=False)
    monkeypatch.chdir(CHAPTERS)
    assert reopening.data_dir() == DATA
    deeper = ROOT / "tests"
    monkeypatch.chdir(deeper)
    assert reopening.data_dir() == DATA


def test_falls_back_to_the_data_beside_the_package(monkeypatch, tmp_path):
    monkeypatch.delenv("REOPENING_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # outside the repository
    assert reopening.data_dir() == DATA


def test_environment_variable_pointing_nowhere_is_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("REOPENING_DATA", str(tmp_path))
    with pytest.raises(DataError, match="REOPENING_DATA"):
        reopening.data_dir()


def test_types_and_snake_case_names():
    weekly = reopening.load("covid_zip_weekly_2021_02", folder=DATA)
    assert "cases_weekly" in weekly.columns and "Cases - Weekly" not in weekly.columns
    assert pd.api.types.is_datetime64_any_dtype(weekly["week_start"])
    assert str(weekly["tests_weekly"].dtype) == "Int64"
    raw = reopening.load("covid_zip_weekly_2021_02", folder=DATA, rename=False)
    assert "Cases - Weekly" in raw.columns
    figures = reopening.load("figures", folder=DATA)
    assert str(figures["approximate"].dtype) == "boolean"
    assert reopening.snake_case("Percent Tested Positive - Weekly") == "percent_tested_positive_weekly"


def test_unknown_table_lists_the_real_ones():
    with pytest.raises(DataError, match="no table called 'quote'.*quotes"):
        reopening.load("quote", folder=DATA)


def test_missing_file(data_copy):
    (data_copy / "figures.csv").unlink()
    with pytest.raises(DataError, match=r"figures\.csv: file not found"):
        reopening.load("figures", folder=data_copy)


def test_missing_descriptor(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError, match=r"datapackage\.json: file not found"):
        reopening.load("figures", folder=data_copy)


def test_missing_column(data_copy):
    path = data_copy / "quotes.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header.replace(",speaker,", ",who,") + "\n" + rest, encoding="utf-8")
    with pytest.raises(DataError, match=r"quotes\.csv: missing column 'speaker'"):
        reopening.load("quotes", folder=data_copy)


def test_wrong_type_names_the_line(data_copy):
    path = data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[3].split(",")
    cells[8] = "many"  # Tests - Weekly
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"covid_zip_weekly_2021-02-snapshot\.csv: column 'Tests - Weekly' must hold whole numbers, but line 4 has values like 'many'"):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)


def test_bad_date(data_copy):
    path = data_copy / "timeline.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "date"] = "Jan 29 2021"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"timeline\.csv: column 'date' must hold dates written YYYY-MM-DD, but line 2 has 'Jan 29 2021'"):
        reopening.load("timeline", folder=data_copy)


def test_value_outside_its_list(data_copy):
    path = data_copy / "quotes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "side"] = "teachers"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"quotes\.csv: column 'side' may only hold .* line 3 has 'teachers'"):
        reopening.load("quotes", folder=data_copy)


def test_required_value_missing(data_copy):
    path = data_copy / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "excerpt"] = ""
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"figures\.csv: column 'excerpt' must not be empty, but it is empty on line 2"):
        reopening.load("figures", folder=data_copy)


def test_duplicate_key(data_copy):
    path = data_copy / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, "figure_id"] = frame.loc[0, "figure_id"]
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"figures\.csv: the key figure_id must be unique"):
        reopening.load("figures", folder=data_copy)


def test_dangling_foreign_key(data_copy):
    path = data_copy / "quotes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "source_id"] = "nytimes-2021-01-29"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"quotes\.csv: source_id \['nytimes-2021-01-29'\] on line 2 does not match any source_id in sources\.csv"):
        reopening.load("quotes", folder=data_copy)


def test_dangling_self_reference(data_copy):
    path = data_copy / "quotes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "variant_of"] = "q-none-99"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"variant_of \['q-none-99'\] .* does not match any quote_id in quotes\.csv"):
        reopening.load("quotes", folder=data_copy)


def test_malformed_csv(data_copy):
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'broken,"unclosed\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"sources\.csv"):
        reopening.load("sources", folder=data_copy)


def test_not_utf8(data_copy):
    path = data_copy / "external" / "ccvi_zip.csv"
    path.write_bytes(path.read_bytes() + "ZIP,60601,\xe9,1,LOW,,,,,,,,,,,\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"ccvi_zip\.csv: not UTF-8"):
        reopening.load("ccvi_zip", folder=data_copy)
