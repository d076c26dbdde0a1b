"""reopening.load(): finds data/ from anywhere in the repo, types the columns, and fails with a
clear message naming the file and the problem. Broken copies live in temporary folders."""

from __future__ import annotations

import json
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


# --------------------------------------------------------------------------- data traps


def _edit_descriptor(data_copy: Path, change) -> None:
    """Apply ``change(resources_by_name)`` to the copy's datapackage.json."""
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change({res["name"]: res for res in package["resources"]})
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")


def _field(res: dict, name: str) -> dict:
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


def _set_cell(path: Path, line: int, column: int, value: str) -> None:
    """Set one cell of a simple CSV (no quoted commas on that line); ``line`` counts the header as 1."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[line - 1].split(",")
    cells[column] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


ENROLLMENT = "cps_race_ethnicity_2020_21"


def test_total_row_is_left_out_unless_asked_for():
    """The CPS file's District Total row would double every sum: load() leaves it out by default."""
    schools = reopening.load(ENROLLMENT, folder=DATA)
    assert "District Total" not in set(schools["school_name"])
    assert schools.attrs["total_rows_left_out"] == 1
    assert list(schools.index) == list(range(len(schools))), "the index starts again at 0"
    everything = reopening.load(ENROLLMENT, folder=DATA, include_totals=True)
    assert len(everything) == len(schools) + 1 and everything.attrs["total_rows_left_out"] == 0
    total_row = everything.loc[everything["school_name"] == "District Total"].iloc[0]
    for column in ("total", "white_no", "african_american_no", "hispanic_no", "asian_no"):
        assert schools[column].sum() == total_row[column], f"{column}: the schools do not add up to the total row"
        assert everything[column].sum() == 2 * total_row[column], "the trap the option keeps: a sum counts twice"
    # A table without total rows is the same either way.
    assert len(reopening.load("figures", folder=DATA, include_totals=True)) == len(reopening.load("figures", folder=DATA))


def test_total_rows_are_named_by_the_descriptor_not_the_loader(data_copy):
    _edit_descriptor(data_copy, lambda res: res[ENROLLMENT].pop("x_total_rows"))
    assert "District Total" in set(reopening.load(ENROLLMENT, folder=data_copy)["school_name"])

    def mark_a_school(res):
        res[ENROLLMENT]["x_total_rows"] = {"field": "School Name", "values": ["District Total", "BATEMAN"]}

    _edit_descriptor(data_copy, mark_a_school)
    schools = reopening.load(ENROLLMENT, folder=data_copy)
    assert schools.attrs["total_rows_left_out"] == 2 and "BATEMAN" not in set(schools["school_name"])


def test_total_rows_entry_must_name_a_column(data_copy):
    def bad(res):
        res[ENROLLMENT]["x_total_rows"] = {"field": "School", "values": ["District Total"]}

    _edit_descriptor(data_copy, bad)
    with pytest.raises(DataError, match=r"datapackage\.json: table 'cps_race_ethnicity_2020_21' has an x_total_rows entry that does not name one of its columns"):
        reopening.load(ENROLLMENT, folder=data_copy)


def test_total_rows_are_checked_too(data_copy):
    """Left out or not, the total row is checked like every other row."""
    path = data_copy / "external" / "cps_race_ethnicity_by_school_2020-21.csv"
    _set_cell(path, 2, 3, "lots")  # the District Total row's Total
    with pytest.raises(DataError, match=r"column 'Total' must hold whole numbers, but line 2 has values like 'lots'"):
        reopening.load(ENROLLMENT, folder=data_copy)


def test_huge_integer_names_file_column_and_line(data_copy):
    path = data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv"
    _set_cell(path, 4, 8, "99999999999999999999999")  # Tests - Weekly: more digits than Int64 holds
    with pytest.raises(DataError, match=r"covid_zip_weekly_2021-02-snapshot\.csv: column 'Tests - Weekly' holds a whole number too large to store .*line 4 has '99999999999999999999999'"):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)


def test_largest_int64_is_kept_exactly(data_copy):
    """Whole numbers are read exactly, not through floating point (which would round this one)."""
    path = data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv"
    _set_cell(path, 4, 8, str(2**63 - 1))
    weekly = reopening.load("covid_zip_weekly_2021_02", folder=data_copy)
    assert int(weekly["tests_weekly"].iloc[2]) == 2**63 - 1


def test_whole_numbers_are_written_as_whole_numbers(data_copy):
    """As Frictionless reads an integer: '55.0' is not one."""
    path = data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv"
    _set_cell(path, 4, 8, "55.0")
    with pytest.raises(DataError, match=r"column 'Tests - Weekly' must hold whole numbers, but line 4 has values like '55\.0'"):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)


def test_semicolon_separated_file_is_named_as_such(data_copy):
    path = data_copy / "quotes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_csv(path, index=False, sep=";")  # what a spreadsheet set to a European language saves
    with pytest.raises(DataError, match=r"quotes\.csv: the file seems to use ';' \(semicolons\) between columns, not ','"):
        reopening.load("quotes", folder=data_copy)


def test_tab_separated_file_is_named_as_such(data_copy):
    path = data_copy / "external" / "ccvi_zip.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_csv(path, index=False, sep="\t")
    with pytest.raises(DataError, match=r"ccvi_zip\.csv: the file seems to use tabs between columns, not ','"):
        reopening.load("ccvi_zip", folder=data_copy)


@pytest.mark.parametrize("zip_code", ["606031", "60603-1234", "Unknown60603", "xUnknown"])
def test_zip_pattern_matches_the_whole_cell_as_frictionless_does(data_copy, zip_code):
    """'(\\d{5}|Unknown)' is anchored at both ends by Frictionless (^...$) and by load() (fullmatch):
    both refuse a cell that only starts with five digits (which the old '\\d{5}|Unknown' let
    through Frictionless) or only contains Unknown."""
    import frictionless

    path = data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv"
    _set_cell(path, 3, 0, zip_code)
    with pytest.raises(DataError, match=r"column 'ZIP Code' must match the pattern \(\\d\{5\}\|Unknown\), but line 3 has"):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)
    resource = frictionless.Package(str(data_copy / "datapackage.json")).get_resource("covid_zip_weekly_2021_02")
    errors = [e for e in resource.validate().flatten(["type", "fieldName"]) if e[1] == "ZIP Code"]
    assert ["constraint-error", "ZIP Code"] in errors, f"Frictionless accepts {zip_code!r}: the two readings differ"


def test_pattern_with_a_bare_alternation_is_refused(data_copy):
    """'\\d{5}|Unknown' means "starts with five digits, or is Unknown" to Frictionless: load() says
    so rather than read it its own way."""
    def unbracket(res):
        _field(res["covid_zip_weekly_2021_02"], "ZIP Code")["constraints"]["pattern"] = r"\d{5}|Unknown"

    _edit_descriptor(data_copy, unbracket)
    # The trap itself: with that pattern Frictionless passes a six-digit ZIP code.
    import frictionless

    _set_cell(data_copy / "external" / "covid_zip_weekly_2021-02-snapshot.csv", 3, 0, "606031")
    resource = frictionless.Package(str(data_copy / "datapackage.json")).get_resource("covid_zip_weekly_2021_02")
    assert not [e for e in resource.validate().flatten(["fieldName"]) if e[0] == "ZIP Code"]
    with pytest.raises(DataError, match=r"datapackage\.json: column 'ZIP Code' of table 'covid_zip_weekly_2021_02' has the pattern \\d\{5\}\|Unknown with a '\|' outside any group\. Frictionless checks a cell against \^\\d\{5\}\|Unknown\$.* Write it as \(\\d\{5\}\|Unknown\)"):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)


def test_constraint_the_loader_does_not_check_is_refused(data_copy):
    def add(res):
        _field(res["figures"], "unit")["constraints"]["jsonSchema"] = {"type": "string"}

    _edit_descriptor(data_copy, add)
    with pytest.raises(DataError, match=r"datapackage\.json: column 'unit' of table 'figures' declares the constraint 'jsonSchema'\. reopening\.load\(\) does not read or check this"):
        reopening.load("figures", folder=data_copy)


def test_parsing_option_the_loader_does_not_read_is_refused(data_copy):
    def add(res):
        _field(res["cps_school_locations_2021_22"], "Is_High_School")["trueValues"] = ["Y"]

    _edit_descriptor(data_copy, add)
    with pytest.raises(DataError, match=r"column 'Is_High_School' of table 'cps_school_locations_2021_22' sets 'trueValues'"):
        reopening.load("cps_school_locations_2021_22", folder=data_copy)


def test_maximum_is_enforced(data_copy):
    def add(res):
        _field(res["covid_zip_weekly_2021_02"], "Tests - Weekly")["constraints"]["maximum"] = 50

    _edit_descriptor(data_copy, add)
    with pytest.raises(DataError, match=r"column 'Tests - Weekly' must be at most 50, but lines 3, 4, .* have 55\."):
        reopening.load("covid_zip_weekly_2021_02", folder=data_copy)


def test_max_length_is_enforced(data_copy):
    def add(res):
        _field(res["ccvi_zip"], "CCVI Category")["constraints"]["maxLength"] = 4

    _edit_descriptor(data_copy, add)
    with pytest.raises(DataError, match=r"column 'CCVI Category' must be at most 4 characters long, but lines 3, 4, .* have 'MEDIUM'"):
        reopening.load("ccvi_zip", folder=data_copy)


def test_boolean_values_are_frictionless_ones(data_copy):
    path = data_copy / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "approximate"] = "yes"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError, match=r"figures\.csv: column 'approximate' must be true or false, but line 2 has 'yes'"):
        reopening.load("figures", folder=data_copy)


def test_short_row_names_the_line(data_copy):
    """pandas would fill a short row with blanks; Frictionless calls it a missing cell, and so does load()."""
    path = data_copy / "external" / "ccvi_zip.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = lines[4].rsplit(",", 2)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"ccvi_zip\.csv: line 5 has 14 cells, but the header has 16 columns"):
        reopening.load("ccvi_zip", folder=data_copy)


def test_blank_line_names_the_line(data_copy):
    path = data_copy / "timeline.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=r"timeline\.csv: line 4 is blank"):
        reopening.load("timeline", folder=data_copy)


def test_repeated_column_name(data_copy):
    path = data_copy / "external" / "ccvi_zip.csv"
    _edit(path, "Rank - Age 65+,", "Rank - Frontline Essential Workers,")
    with pytest.raises(DataError, match=r"ccvi_zip\.csv: the header names 'Rank - Frontline Essential Workers' more than once"):
        reopening.load("ccvi_zip", folder=data_copy)
