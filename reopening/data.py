"""Find the book's ``data/`` folder and load its tables with the checks the descriptor asks for.

Every table is described in ``data/datapackage.json`` (a Frictionless data package). ``load(name)``
reads one table, checks it against that description and returns a pandas DataFrame whose
columns have the right types. When something is wrong it raises :class:`DataError` with a
message that names the file and says what to fix, in plain words.

A table may have rows that total the others (the CPS enrollment file's "District Total"): the
descriptor lists them in the resource's ``x_total_rows``, and ``load()`` leaves them out unless
it is called with ``include_totals=True``, so that ``sum()`` over a column is not doubled.

``load()`` refuses a descriptor that asks for a check it does not make (a constraint, a type or a
parsing option it does not read), rather than skip the check silently; ``data/README.md`` lists
what it checks and the few things only the Frictionless test checks.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

DESCRIPTOR = "datapackage.json"
ENV_VAR = "REOPENING_DATA"


class DataError(Exception):
    """A data file is missing or does not match its description in datapackage.json."""


# --------------------------------------------------------------------------- finding data/


def data_dir(start: str | os.PathLike | None = None) -> Path:
    """Return the ``data/`` folder of the book.

    Looks, in order: the ``REOPENING_DATA`` environment variable; then ``data/`` in the
    starting folder (default: the current working directory) and each folder above it; then
    the ``data/`` folder beside this package (the repository it was installed from).
    """
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env)
        if not (path / DESCRIPTOR).is_file():
            raise DataError(
                f"{ENV_VAR} is set to '{env}', but there is no {DESCRIPTOR} in that folder. "
                f"Unset {ENV_VAR} or point it at the book's data/ folder."
            )
        return path.resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    beside_package = Path(__file__).resolve().parent.parent / "data"
    if (beside_package / DESCRIPTOR).is_file():
        return beside_package
    raise DataError(
        f"Could not find the book's data/ folder (a folder 'data' holding {DESCRIPTOR}) "
        f"in '{here}' or any folder above it. Open the notebook from inside the book's folder."
    )


def snake_case(name: str) -> str:
    """'Cases - Weekly' -> 'cases_weekly'; 'School ID' -> 'school_id'; 'ZIP Code' -> 'zip_code'."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "_".join(w.lower() for w in words)


# --------------------------------------------------------------------------- the descriptor


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found. The data package description is missing.") from None
    except json.JSONDecodeError as err:
        raise DataError(f"{path}: not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}.") from None


@lru_cache(maxsize=8)
def _descriptor_cached(path: str, mtime: float) -> dict:
    return _read_json(Path(path))


def descriptor(folder: Path | None = None) -> dict:
    """The parsed ``datapackage.json``."""
    folder = folder or data_dir()
    path = folder / DESCRIPTOR
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _descriptor_cached(str(path), mtime)


def resource_names(folder: Path | None = None) -> list[str]:
    """Names of every table in the data package."""
    return [r["name"] for r in descriptor(folder)["resources"]]


def resource(name: str, folder: Path | None = None) -> dict:
    """The description of one table."""
    for res in descriptor(folder)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(resource_names(folder))
    raise DataError(f"There is no table called '{name}' in {DESCRIPTOR}. Tables: {known}.")


# --------------------------------------------------------------------------- loading

# Frictionless's default true and false values: the loader reads booleans exactly as it does.
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}

# A whole number as Frictionless reads one (surrounding spaces allowed), without group commas
# unless the field's groupChar is ",". The loader keeps whole numbers in pandas' Int64.
_WHOLE = r"\s*[+-]?\d+\s*"
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1

# What the loader reads and checks. A descriptor that asks for anything else is refused with a
# DataError (see _unsupported), so that no declared rule is skipped without a word.
_TYPES = {"string", "integer", "number", "boolean", "date", "any"}
_CONSTRAINTS = {
    "required", "unique", "enum", "pattern",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
}
_UNREAD_FIELD_KEYS = {"trueValues", "falseValues", "bareNumber", "decimalChar", "missingValues", "arrayItem"}
_UNREAD_SCHEMA_KEYS = {"uniqueKeys"}
_UNREAD_RESOURCE_KEYS = {"dialect", "compression", "layout"}


def _where(path: Path, rows: pd.Index, limit: int = 5) -> str:
    # Row numbers as a spreadsheet shows them: the header is line 1, so data row 0 is line 2.
    lines = [str(int(i) + 2) for i in list(rows)[:limit]]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"line{'s' if len(rows) > 1 else ''} {', '.join(lines)}{more}"


def _has(bad: pd.Series) -> str:
    return "has" if int(bad.sum()) == 1 else "have"


def _top_level_alternation(pattern: str) -> bool:
    """True when ``pattern`` has a ``|`` outside every group and character class.

    Frictionless checks a cell with ``re.match("^pattern$")``; for ``a|b`` that is "starts with
    a" or "is b": only the last alternative is tied to the end of the cell, so ``\\d{5}|Unknown``
    lets "606031" through, while ``load()`` matches the whole cell. With no top-level ``|``
    (write ``(a|b)``) the two readings agree.
    """
    depth, in_class, escaped = 0, False, False
    for i, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            # A ']' right after '[' or '[^' is a literal, not the end of the class.
            if char == "]" and not (pattern[i - 1] == "[" or pattern[i - 2 : i] == "[^"):
                in_class = False
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "|" and depth == 0:
            return True
    return False


def _unsupported(res: dict) -> list[str]:
    """What the descriptor of one table asks for that the loader does not read or check."""
    problems = []
    where = f"table '{res['name']}'"
    for key in sorted(_UNREAD_RESOURCE_KEYS & res.keys()):
        problems.append(f"{where} sets '{key}'")
    if res.get("encoding", "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(f"{where} has encoding '{res['encoding']}' (the loader reads UTF-8 only)")
    schema = res["schema"]
    for key in sorted(_UNREAD_SCHEMA_KEYS & schema.keys()):
        problems.append(f"{where} sets '{key}'")
    if schema.get("missingValues", [""]) != [""]:
        problems.append(f"{where} sets missingValues {schema['missingValues']} (the loader reads only a blank cell as missing)")
    for field in schema["fields"]:
        column = f"column '{field['name']}' of {where}"
        kind = field.get("type", "string")
        if kind not in _TYPES:
            problems.append(f"{column} has type '{kind}'")
        for key in sorted(_UNREAD_FIELD_KEYS & field.keys()):
            problems.append(f"{column} sets '{key}'")
        if field.get("groupChar", ",") != ",":
            problems.append(f"{column} sets groupChar '{field['groupChar']}' (only ',' is read)")
        if kind != "date" and field.get("format", "default") != "default":
            problems.append(f"{column} has format '{field['format']}' (formats are read for dates only)")
        if kind == "date" and field.get("format") == "any":
            problems.append(f"{column} has date format 'any' (the loader reads ISO dates or a strptime pattern)")
        for name, value in field.get("constraints", {}).items():
            if name not in _CONSTRAINTS:
                problems.append(f"{column} declares the constraint '{name}'")
            elif name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and kind not in ("integer", "number"):
                problems.append(f"{column} declares '{name}' on a {kind} column (the loader compares numbers only)")
    spec = res.get("x_total_rows")
    if spec is not None:
        names = [f["name"] for f in schema["fields"]]
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(spec, dict) or spec.get("field") not in names or not values or not all(isinstance(v, str) for v in values):
            problems.append(
                f"{where} has an x_total_rows entry that does not name one of its columns ('field') "
                f"and the values that mark a total row ('values', a list of text)"
            )
    return problems


def _check_patterns(res: dict) -> None:
    for field in res["schema"]["fields"]:
        pattern = field.get("constraints", {}).get("pattern")
        if pattern is not None and _top_level_alternation(pattern):
            raise DataError(
                f"{DESCRIPTOR}: column '{field['name']}' of table '{res['name']}' has the pattern {pattern} "
                f"with a '|' outside any group. Frictionless checks a cell against ^{pattern}$, which ties only "
                f"the last alternative to the end of the cell (a cell that merely starts with another one passes), "
                f"while load() matches the whole cell. Write it as ({pattern}) so that both read it the same way."
            )


def _convert(series: pd.Series, field: dict, path: Path) -> pd.Series:
    kind = field.get("type", "string")
    name = field["name"]
    present = series.notna()
    if kind == "string":
        return series.astype("string")
    if kind in ("integer", "number"):
        cleaned = series.str.replace(",", "", regex=False) if field.get("groupChar") == "," else series
        if kind == "integer":
            bad = present & ~cleaned.str.fullmatch(_WHOLE).fillna(False).astype(bool)
        else:
            numbers = pd.to_numeric(cleaned, errors="coerce")
            bad = present & numbers.isna()
        if bad.any():
            example = series[bad].iloc[0]
            raise DataError(
                f"{path.name}: column '{name}' must hold {'whole numbers' if kind == 'integer' else 'numbers'}, "
                f"but {_where(path, series[bad].index)} {_has(bad)} "
                f"values like '{example}'. Fix those cells."
            )
        if kind == "number":
            return numbers.astype("float64")
        # Whole numbers are read exactly (as Python ints), then stored in pandas' Int64, which
        # holds up to 19 digits: a longer number is a typing error, not something to round.
        values = [None if pd.isna(v) else int(v) for v in cleaned]
        too_big = pd.Series([v is not None and not _INT64_MIN <= v <= _INT64_MAX for v in values], index=series.index)
        if too_big.any():
            raise DataError(
                f"{path.name}: column '{name}' holds a whole number too large to store "
                f"(pandas' Int64 holds {_INT64_MIN:,} to {_INT64_MAX:,}): {_where(path, series[too_big].index)} {_has(too_big)} "
                f"'{series[too_big].iloc[0]}'. Check that cell: digits typed twice, or two cells run together?"
            )
        return pd.Series(pd.array(values, dtype="Int64"), index=series.index, name=series.name)
    if kind == "boolean":
        ok = series.isin(_TRUE | _FALSE)
        bad = present & ~ok
        if bad.any():
            raise DataError(
                f"{path.name}: column '{name}' must be true or false, but {_where(path, series[bad].index)} "
                f"{_has(bad)} '{series[bad].iloc[0]}'."
            )
        return series.map(lambda v: None if pd.isna(v) else v in _TRUE).astype("boolean")
    if kind == "date":
        fmt = field.get("format", "default")
        fmt = "%Y-%m-%d" if fmt == "default" else fmt
        dates = pd.to_datetime(series, format=fmt, errors="coerce")
        bad = present & dates.isna()
        if bad.any():
            shown = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else fmt.replace("%m", "MM").replace("%d", "DD").replace("%Y", "YYYY")
            raise DataError(
                f"{path.name}: column '{name}' must hold dates written {shown}, but "
                f"{_where(path, series[bad].index)} {_has(bad)} '{series[bad].iloc[0]}'."
            )
        return dates
    # any: keep the text as it is.
    return series.astype("string")


_BOUNDS = {
    "minimum": (lambda col, limit: col < limit, "at least"),
    "maximum": (lambda col, limit: col > limit, "at most"),
    "exclusiveMinimum": (lambda col, limit: col <= limit, "more than"),
    "exclusiveMaximum": (lambda col, limit: col >= limit, "less than"),
}


def _check_constraints(frame: pd.DataFrame, fields: list[dict], path: Path) -> None:
    for field in fields:
        name = field["name"]
        cons = field.get("constraints", {})
        col = frame[name]
        if cons.get("required"):
            missing = col.isna()
            if missing.any():
                raise DataError(
                    f"{path.name}: column '{name}' must not be empty, but it is empty on "
                    f"{_where(path, col[missing].index)}."
                )
        if cons.get("unique"):
            dup = col.notna() & col.duplicated(keep=False)
            if dup.any():
                raise DataError(
                    f"{path.name}: column '{name}' must not repeat a value, but '{col[dup].iloc[0]}' appears on "
                    f"{_where(path, col[dup].index)}."
                )
        if "enum" in cons:
            allowed = set(cons["enum"])
            bad = col.notna() & ~col.astype("string").isin(allowed)
            if bad.any():
                raise DataError(
                    f"{path.name}: column '{name}' may only hold {sorted(allowed)}, but "
                    f"{_where(path, col[bad].index)} {_has(bad)} '{col[bad].iloc[0]}'."
                )
        if "pattern" in cons:
            # The whole cell must match, as Frictionless's ^pattern$ does for a pattern with no
            # top-level '|' (the only kind _unsupported lets through).
            bad = col.notna() & ~col.astype("string").str.fullmatch(cons["pattern"]).fillna(False).astype(bool)
            if bad.any():
                raise DataError(
                    f"{path.name}: column '{name}' must match the pattern {cons['pattern']}, but "
                    f"{_where(path, col[bad].index)} {_has(bad)} '{col[bad].iloc[0]}'."
                )
        for bound, (breaks, words) in _BOUNDS.items():
            if bound in cons:
                bad = (col.notna() & breaks(col, cons[bound])).fillna(False).astype(bool)
                if bad.any():
                    raise DataError(
                        f"{path.name}: column '{name}' must be {words} {cons[bound]}, but "
                        f"{_where(path, col[bad].index)} {_has(bad)} {col[bad].iloc[0]}."
                    )
        for bound, words in (("minLength", "at least"), ("maxLength", "at most")):
            if bound in cons:
                lengths = col.astype("string").str.len()
                bad = col.notna() & ((lengths < cons[bound]) if bound == "minLength" else (lengths > cons[bound])).fillna(False)
                if bad.any():
                    raise DataError(
                        f"{path.name}: column '{name}' must be {words} {cons[bound]} characters long, but "
                        f"{_where(path, col[bad].index)} {_has(bad)} '{col[bad].iloc[0]}'."
                    )


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _other_delimiter(header_line: str, expected: list[str]) -> str | None:
    """';' or a tab when the header reads as ``expected`` columns split by it rather than by ','."""
    def found(sep: str) -> int:
        cells = next(csv.reader([header_line], delimiter=sep), [])
        return sum(cell.strip() in expected for cell in cells)

    with_comma = found(",")
    for sep in (";", "\t"):
        if sep in header_line and found(sep) > with_comma:
            return sep
    return None


def _read_records(path: Path, expected: list[str]) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of a CSV file, checked for shape: UTF-8, commas, one cell per column."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(f"{path.name}: not UTF-8 text (line {line}). Save it as UTF-8 CSV.") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some spreadsheets write
    if not text.strip():
        raise DataError(f"{path.name}: the file is empty; it needs at least a header row.")
    # Another separator first: read with ',' such a file is one column, or not CSV at all.
    first_line = text.splitlines()[0]
    if not all(c in next(csv.reader([first_line]), []) for c in expected):
        sep = _other_delimiter(first_line, expected)
        if sep:
            shown = "';' (semicolons)" if sep == ";" else "tabs"
            raise DataError(
                f"{path.name}: the file seems to use {shown} between columns, not ','. "
                "Save it as comma-separated CSV (a spreadsheet set to another language may use ';')."
            )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as err:
        raise DataError(
            f"{path.name}: not a well-formed CSV file ({err}, near line {reader.line_num}). "
            "Check for a stray quote mark or comma."
        ) from None
    header, rows = records[0], records[1:]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise DataError(f"{path.name}: the header names {', '.join(repr(c) for c in repeated)} more than once.")
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(
            f"{path.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)}. "
            f"The header must have: {', '.join(expected)}."
        )
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            raise DataError(f"{path.name}: line {number} is blank. Remove it: every line after the header is a row of data.")
        if len(row) != len(header):
            fewer = len(row) < len(header)
            raise DataError(
                f"{path.name}: line {number} has {len(row)} cells, but the header has {len(header)} columns. "
                + ("Check for a missing comma." if fewer else "Check for a comma inside a cell that is not in quotation marks.")
            )
    return header, rows


def _read_table(name: str, folder: Path, file: Path | None = None) -> tuple[pd.DataFrame, dict, Path]:
    """Read and check one table; ``file`` reads another file in the same shape (a class's codings)."""
    res = resource(name, folder)
    _check_patterns(res)
    problems = _unsupported(res)
    if problems:
        raise DataError(
            f"{DESCRIPTOR}: {'; '.join(problems)}. reopening.load() does not read or check "
            f"{'this' if len(problems) == 1 else 'these'}, so it will not load the table rather than skip a "
            "declared rule: change the descriptor, or teach reopening/data.py the rule (with a test)."
        )
    path = folder / res["path"] if file is None else Path(file)
    if file is not None and not path.is_file():
        raise DataError(
            f"{path}: file not found. Give the path of a CSV file with the columns of data/{res['path']} "
            f"({', '.join(f['name'] for f in res['schema']['fields'])})."
        )
    if not path.is_file():
        raise DataError(
            f"{path}: file not found. The table '{name}' should be at data/{res['path']}. "
            "If you moved or renamed it, put it back or update datapackage.json."
        )
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    header, rows = _read_records(path, expected)
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataError(
            f"{path.name}: column{'s' if len(extra) > 1 else ''} {', '.join(repr(c) for c in extra)} "
            f"{'are' if len(extra) > 1 else 'is'} not described in {DESCRIPTOR}. Describe it there or remove it."
        )
    raw = pd.DataFrame(rows, columns=header, dtype=str)
    raw = raw.where(raw != "")  # a blank cell is missing, as in Frictionless's default missingValues
    frame = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, path) for f in fields}, index=raw.index)
    _check_constraints(frame, fields, path)
    key = res["schema"].get("primaryKey")
    if key:
        key = _as_list(key)
        blank = frame[key].isna().all(axis=1)
        if blank.any():
            raise DataError(
                f"{path.name}: the key {', '.join(key)} must not be empty, but it is empty on {_where(path, frame[blank].index)}."
            )
        dup = frame.duplicated(subset=key, keep=False)
        if dup.any():
            first = frame.loc[dup, key].iloc[0].tolist()
            raise DataError(
                f"{path.name}: the key {', '.join(key)} must be unique, but {first} appears more than once "
                f"({_where(path, frame[dup].index)})."
            )
    return frame, res, path


def _check_foreign_keys(frame: pd.DataFrame, res: dict, path: Path, folder: Path) -> None:
    for fk in res["schema"].get("foreignKeys", []):
        local = _as_list(fk["fields"])
        ref = fk["reference"]
        ref_fields = _as_list(ref["fields"])
        if ref.get("resource", "") in ("", res["name"]):
            target, target_name = frame, path.name
        else:
            target, _, target_path = _read_table(ref["resource"], folder)
            target_name = target_path.name
        known = set(map(tuple, target[ref_fields].astype("string").itertuples(index=False, name=None)))
        values = frame[local].astype("string")
        usable = values.notna().all(axis=1)
        tuples = list(values[usable].itertuples(index=False, name=None))
        bad_index = [i for i, t in zip(values[usable].index, tuples) if t not in known]
        if bad_index:
            example = frame.loc[bad_index[0], local].tolist()
            raise DataError(
                f"{path.name}: {', '.join(local)} {example} on {_where(path, pd.Index(bad_index))} "
                f"does not match any {', '.join(ref_fields)} in {target_name}. "
                f"Add that row to {target_name} or fix the id."
            )


def load(
    name: str,
    *,
    folder: str | os.PathLike | None = None,
    rename: bool = True,
    include_totals: bool = False,
) -> pd.DataFrame:
    """Load one table of the book's data as a typed DataFrame.

    ``name`` is the table's name in ``data/datapackage.json`` (``load("quotes")``,
    ``load("covid_zip_weekly")``...). Columns get the types the descriptor gives (dates become
    datetimes, counts become whole numbers). Published datasets keep their published column
    names in the files; with ``rename=True`` (the default) they come back in snake_case, e.g.
    ``'Cases - Weekly'`` becomes ``'cases_weekly'``.

    Some published tables carry a row that totals the others (the CPS enrollment file starts with
    "District Total"); the descriptor marks them in ``x_total_rows``. By default they are left
    out, so that ``frame["total"].sum()`` counts each student once; ``include_totals=True``
    keeps them, as the file has them. ``frame.attrs["total_rows_left_out"]`` says how many
    rows were left out. For a table without total rows the option changes nothing.

    Raises :class:`DataError` naming the file and the problem when the file is missing, is not
    comma-separated UTF-8 text, a column is missing, a value has the wrong type, a key is
    repeated or a reference to another table does not resolve. Every row is checked, total rows
    included, whether or not they are returned.
    """
    root = Path(folder).resolve() if folder is not None else data_dir()
    frame, res, path = _read_table(name, root)
    _check_foreign_keys(frame, res, path, root)
    left_out = 0
    totals = res.get("x_total_rows")
    if totals and not include_totals:
        is_total = frame[totals["field"]].isin(totals["values"]).fillna(False).astype(bool)
        left_out = int(is_total.sum())
        frame = frame[~is_total].reset_index(drop=True)
    if rename:
        frame = frame.rename(columns=snake_case)
    frame.attrs["source_file"] = str(path)
    frame.attrs["title"] = res.get("title", name)
    frame.attrs["total_rows_left_out"] = left_out
    return frame


# --------------------------------------------------------------------------- the framing codebook

TERM_SEPARATOR = " | "
"""Between two listed words in ``codings.csv``'s ``loaded_terms`` and ``value_terms``."""

TERM_COLUMNS = {"k-term-loaded": "loaded_terms", "k-term-value": "value_terms"}
"""Which ``codings.csv`` column each ``term`` code of the codebook describes."""

NA_BY_CHANNEL = {"headline": "k-na-headline", "term": "k-na-term"}
"""The not-applicable code every quote given by that channel gets (and no other quote gets)."""

_COLUMN_DIMENSION = {"primary_frame": "frame", "entman_function": "function"}


def split_terms(cell) -> list[str]:
    """The words listed in one ``loaded_terms`` or ``value_terms`` cell (``[]`` for a blank cell)."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [t.strip() for t in str(cell).split(TERM_SEPARATOR.strip()) if t.strip()]


def coding_problems(codings: pd.DataFrame, codebook: pd.DataFrame, quotes: pd.DataFrame) -> list[str]:
    """What is wrong with some rows of codings, in plain words (an empty list when nothing is).

    Checks what the descriptor cannot: a frame column holds a frame code and a function column a
    function code; a not-applicable code goes in both columns, with a note, exactly on headline
    and term rows; every listed word is printed in its quote, exactly (only white space and
    curly vs straight quotation marks may differ), and is listed once.
    """
    from .provenance import normalise  # provenance imports this module

    dims = codebook.set_index("code_id")["dimension"]
    labels = codebook.set_index("code_id")["label"]
    by_id = quotes.set_index("quote_id")
    problems = []
    for i, row in codings.iterrows():
        where = f"line {i + 2} ({row['quote_id']}, coder {row['coder']})"
        codes = {}
        for column, wanted in _COLUMN_DIMENSION.items():
            code = row[column]
            dim = dims.get(code)
            codes[column] = (code, dim)
            if dim is None:
                problems.append(f"{where}: {column} '{code}' is not a code in codebook.csv")
            elif dim not in (wanted, "not_applicable"):
                problems.append(
                    f"{where}: {column} '{code}' ({labels[code]}) is a {dim} code; {column} takes a {wanted} code "
                    f"({', '.join(dims[dims == wanted].index)}) or a not-applicable one"
                )
        frame_code, frame_dim = codes["primary_frame"]
        function_code, function_dim = codes["entman_function"]
        if "not_applicable" in (frame_dim, function_dim) and frame_code != function_code:
            problems.append(f"{where}: a not-applicable code goes in both primary_frame and entman_function (found '{frame_code}' and '{function_code}')")
        if "not_applicable" in (frame_dim, function_dim) and pd.isna(row["note"]):
            problems.append(f"{where}: '{frame_code}' needs a note that says why no frame applies")
        if row["quote_id"] not in by_id.index:
            continue  # the foreign key check names it
        quote = by_id.loc[row["quote_id"]]
        wanted_na = NA_BY_CHANNEL.get(quote["channel"])
        if wanted_na and frame_code != wanted_na:
            problems.append(f"{where}: the quote is a {quote['channel']} (channel in quotes.csv), so the codebook gives it '{wanted_na}', not '{frame_code}'")
        if not wanted_na and "not_applicable" in (frame_dim, function_dim):
            problems.append(f"{where}: '{frame_code}' is only for {' and '.join(NA_BY_CHANNEL)} rows; this quote is a {quote['channel']}: code its frame and function")
        text = normalise(quote["text"])
        for column in TERM_COLUMNS.values():
            terms = split_terms(row[column])
            for term in terms:
                if normalise(term) not in text:
                    problems.append(f"{where}: {column} lists '{term}', which is not printed in the quote (copy the words exactly, as printed)")
            repeated = sorted({t for t in terms if terms.count(t) > 1})
            if repeated:
                problems.append(f"{where}: {column} lists {', '.join(repr(t) for t in repeated)} more than once (list a word once per quote)")
    return problems


def codebook_problems(codebook: pd.DataFrame, book_codings: pd.DataFrame) -> list[str]:
    """Each code's example quote is coded with that code in the book's coding; frames and
    functions name the scholarly source they are adapted from."""
    coded = book_codings.set_index("quote_id")
    problems = []
    for i, row in codebook.iterrows():
        code, example, dim = row["code_id"], row["example_quote_id"], row["dimension"]
        where = f"codebook.csv line {i + 2} ({code})"
        if example not in coded.index:
            problems.append(f"{where}: its example {example} has no coding by coder book")
            continue
        mine = coded.loc[example]
        if dim == "term":
            column = TERM_COLUMNS.get(code)
            if column is None:
                problems.append(f"{where}: a term code must be one of {', '.join(TERM_COLUMNS)} (reopening.data.TERM_COLUMNS)")
            elif not split_terms(mine[column]):
                problems.append(f"{where}: its example {example} lists no words in {column}")
        elif dim == "not_applicable":
            if mine["primary_frame"] != code:
                problems.append(f"{where}: its example {example} is coded '{mine['primary_frame']}', not '{code}'")
        else:
            column = "primary_frame" if dim == "frame" else "entman_function"
            if mine[column] != code:
                problems.append(f"{where}: its example {example} has {column} '{mine[column]}', not '{code}'")
        if dim in ("frame", "function") and pd.isna(row["source_id"]):
            problems.append(f"{where}: a {dim} code names the source it is adapted from (source_id)")
    return problems


def codings(coder: str | None = "book", *, file: str | os.PathLike | None = None, folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """The coding of the quotes by one coder, checked against the codebook.

    ``codings()`` is the book's own coding (coder ``book``) of every quote in ``quotes.csv``;
    ``codings("class-2b")`` another coder's rows in ``data/codings.csv``; ``coder=None`` every
    row. A class can keep its coding in its own file of the same shape:
    ``codings("class-2b", file="our_codings.csv")``. Each row is checked as ``load()`` checks a
    table (columns, types, keys, codes that exist) and by :func:`coding_problems`; a problem
    raises :class:`DataError` naming the file, the line and what to fix.
    """
    root = Path(folder).resolve() if folder is not None else data_dir()
    frame, res, path = _read_table("codings", root, file=Path(file) if file is not None else None)
    _check_foreign_keys(frame, res, path, root)
    problems = coding_problems(frame, load("codebook", folder=root), load("quotes", folder=root))
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise DataError(f"{path.name}: " + "; ".join(problems[:5]) + more + ". See the codebook (data/codebook.csv).")
    if coder is not None:
        coders = sorted(frame["coder"].dropna().unique())
        if coder not in coders:
            raise DataError(
                f"{path.name}: no rows by coder '{coder}'. Coders in the file: {', '.join(coders) or 'none'}. "
                "Check the spelling in the coder column."
            )
        frame = frame[frame["coder"] == coder].reset_index(drop=True)
    frame.attrs["source_file"] = str(path)
    frame.attrs["title"] = res.get("title", "codings")
    return frame


def quotes_with_groups(folder: str | os.PathLike | None = None) -> pd.DataFrame:
    """``quotes.csv`` with each speaker's ``group`` (and ``speaker_kind``) from ``speakers.csv``.

    Raises :class:`DataError` when a quote's speaker has no row in ``speakers.csv`` or the two
    tables give the speaker different sides.
    """
    root = Path(folder).resolve() if folder is not None else data_dir()
    quotes = load("quotes", folder=root)
    speakers = load("speakers", folder=root).rename(columns={"side": "speaker_side", "kind": "speaker_kind", "note": "speaker_note"})
    merged = quotes.merge(speakers, on="speaker", how="left", validate="many_to_one")
    missing = merged[merged["group"].isna()]
    if len(missing):
        raise DataError(
            f"speakers.csv: no row for speaker '{missing['speaker'].iloc[0]}' (quote {missing['quote_id'].iloc[0]}). "
            "Add the speaker, spelled exactly as in quotes.csv, with their side and group."
        )
    clash = merged[merged["side"] != merged["speaker_side"]]
    if len(clash):
        row = clash.iloc[0]
        raise DataError(
            f"speakers.csv: speaker '{row['speaker']}' has side '{row['speaker_side']}', but quote {row['quote_id']} "
            f"in quotes.csv gives side '{row['side']}'. Make them agree."
        )
    return merged.drop(columns=["speaker_side", "speaker_note"])
