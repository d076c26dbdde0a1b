"""Find the book's ``data/`` folder and load its tables with the checks the descriptor asks for.

Every table is described in ``data/datapackage.json`` (a Frictionless data package). ``load(name)``
reads one table, checks it against that description and returns a pandas DataFrame whose
columns have the right types. When something is wrong it raises :class:`DataError` with a
message that names the file and says what to fix, in plain words.
"""

from __future__ import annotations

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

_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


def _where(path: Path, rows: pd.Index, limit: int = 5) -> str:
    # Row numbers as a spreadsheet shows them: the header is line 1, so data row 0 is line 2.
    lines = [str(int(i) + 2) for i in list(rows)[:limit]]
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"line{'s' if len(rows) > 1 else ''} {', '.join(lines)}{more}"


def _convert(series: pd.Series, field: dict, path: Path) -> pd.Series:
    kind = field.get("type", "string")
    name = field["name"]
    present = series.notna()
    if kind == "string":
        return series.astype("string")
    if kind in ("integer", "number"):
        cleaned = series.str.replace(",", "", regex=False) if field.get("groupChar") == "," else series
        numbers = pd.to_numeric(cleaned, errors="coerce")
        bad = present & numbers.isna()
        if kind == "integer":
            bad |= present & numbers.notna() & (numbers % 1 != 0)
        if bad.any():
            example = series[bad].iloc[0]
            raise DataError(
                f"{path.name}: column '{name}' must hold {'whole numbers' if kind == 'integer' else 'numbers'}, "
                f"but {_where(path, series[bad].index)} {'has' if bad.sum() == 1 else 'have'} "
                f"values like '{example}'. Fix those cells."
            )
        return numbers.astype("Int64") if kind == "integer" else numbers.astype("float64")
    if kind == "boolean":
        ok = series.isin(_TRUE | _FALSE)
        bad = present & ~ok
        if bad.any():
            raise DataError(
                f"{path.name}: column '{name}' must be true or false, but {_where(path, series[bad].index)} "
                f"{'has' if bad.sum() == 1 else 'have'} '{series[bad].iloc[0]}'."
            )
        return series.map(lambda v: None if pd.isna(v) else v in _TRUE).astype("boolean")
    if kind == "date":
        fmt = field.get("format", "default")
        fmt = "%Y-%m-%d" if fmt in ("default", "any") else fmt
        dates = pd.to_datetime(series, format=fmt, errors="coerce")
        bad = present & dates.isna()
        if bad.any():
            shown = "YYYY-MM-DD" if fmt == "%Y-%m-%d" else fmt.replace("%m", "MM").replace("%d", "DD").replace("%Y", "YYYY")
            raise DataError(
                f"{path.name}: column '{name}' must hold dates written {shown}, but "
                f"{_where(path, series[bad].index)} {'has' if bad.sum() == 1 else 'have'} '{series[bad].iloc[0]}'."
            )
        return dates
    # geopoint, any, ...: keep the text as it is.
    return series.astype("string")


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
                    f"{_where(path, col[bad].index)} {'has' if bad.sum() == 1 else 'have'} '{col[bad].iloc[0]}'."
                )
        if "pattern" in cons:
            bad = col.notna() & ~col.astype("string").str.fullmatch(cons["pattern"]).fillna(False).astype(bool)
            if bad.any():
                raise DataError(
                    f"{path.name}: column '{name}' must match the pattern {cons['pattern']}, but "
                    f"{_where(path, col[bad].index)} {'has' if bad.sum() == 1 else 'have'} '{col[bad].iloc[0]}'."
                )
        if "minimum" in cons:
            bad = col.notna() & (col < cons["minimum"])
            if bad.any():
                raise DataError(
                    f"{path.name}: column '{name}' must be at least {cons['minimum']}, but "
                    f"{_where(path, col[bad].index)} {'has' if bad.sum() == 1 else 'have'} {col[bad].iloc[0]}."
                )


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _read_table(name: str, folder: Path) -> tuple[pd.DataFrame, dict, Path]:
    res = resource(name, folder)
    path = folder / res["path"]
    if not path.is_file():
        raise DataError(
            f"{path}: file not found. The table '{name}' should be at data/{res['path']}. "
            "If you moved or renamed it, put it back or update datapackage.json."
        )
    fields = res["schema"]["fields"]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{path.name}: not UTF-8 text. Save it as UTF-8 CSV.") from None
    except pd.errors.ParserError as err:
        raise DataError(f"{path.name}: not a well-formed CSV file ({err}). Check for a stray quote mark or comma.") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path.name}: the file is empty; it needs at least a header row.") from None
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    if missing:
        raise DataError(
            f"{path.name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(repr(c) for c in missing)}. "
            f"The header must have: {', '.join(expected)}."
        )
    extra = [c for c in raw.columns if c not in expected]
    if extra:
        raise DataError(
            f"{path.name}: column{'s' if len(extra) > 1 else ''} {', '.join(repr(c) for c in extra)} "
            f"{'are' if len(extra) > 1 else 'is'} not described in {DESCRIPTOR}. Describe it there or remove it."
        )
    frame = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, path) for f in fields})
    _check_constraints(frame, fields, path)
    key = res["schema"].get("primaryKey")
    if key:
        key = _as_list(key)
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


def load(name: str, *, folder: str | os.PathLike | None = None, rename: bool = True) -> pd.DataFrame:
    """Load one table of the book's data as a typed DataFrame.

    ``name`` is the table's name in ``data/datapackage.json`` (``load("quotes")``,
    ``load("covid_zip_weekly")``...). Columns get the types the descriptor gives (dates become
    datetimes, counts become whole numbers). Published datasets keep their published column
    names in the files; with ``rename=True`` (the default) they come back in snake_case, e.g.
    ``'Cases - Weekly'`` becomes ``'cases_weekly'``.

    Raises :class:`DataError` naming the file and the problem when the file is missing, a
    column is missing, a value has the wrong type, a key is repeated or a reference to another
    table does not resolve.
    """
    root = Path(folder).resolve() if folder is not None else data_dir()
    frame, res, path = _read_table(name, root)
    _check_foreign_keys(frame, res, path, root)
    if rename:
        frame = frame.rename(columns=snake_case)
    frame.attrs["source_file"] = str(path)
    frame.attrs["title"] = res.get("title", name)
    return frame
