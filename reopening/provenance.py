"""Checks that tie the book's quotes and numbers to their sources.

A quote is *verbatim* in a seed when it appears there after normalising only white space and
curly versus straight quotation marks. A figure's excerpt must be verbatim in its seed and
contain the number as printed, and the number as printed must mean the value the table gives.
"""

from __future__ import annotations

import re
from pathlib import Path

from .data import DataError, data_dir, load

_QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def normalise(text: str) -> str:
    """Straighten curly quotation marks and collapse every run of white space to one space."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MARKS)).strip()


def seeds_dir(folder: Path | None = None) -> Path:
    """The ``seeds/`` folder beside ``data/``."""
    return (folder or data_dir()).parent / "seeds"


def seed_texts(folder: Path | None = None) -> dict[str, str]:
    """Map each seed's ``source_id`` to the seed's full text, read from ``seeds/``."""
    sources = load("sources", folder=folder)
    seeds = sources[sources["kind"] == "seed"]
    texts = {}
    for row in seeds.itertuples():
        path = seeds_dir(folder) / row.seed_file
        if not path.is_file():
            raise DataError(f"sources.csv names seed file '{row.seed_file}' for {row.source_id}, but {path} does not exist.")
        texts[row.source_id] = path.read_text(encoding="utf-8")
    return texts


def is_verbatim(passage: str, source_text: str) -> bool:
    """True when ``passage`` appears in ``source_text`` up to white space and quote-mark style."""
    return normalise(passage) in normalise(source_text)


def spans(passage: str, source_text: str) -> list[tuple[int, int]]:
    """Every (start, end) position of ``passage`` in the *normalised* ``source_text``."""
    needle, hay = normalise(passage), normalise(source_text)
    found, start = [], hay.find(needle)
    while needle and start != -1:
        found.append((start, start + len(needle)))
        start = hay.find(needle, start + 1)
    return found


# --------------------------------------------------------------------------- numbers in words

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SPECIAL = {"half": 0.5, "twice": 2, "once": 1, "dozen": 12, "a dozen": 12}

NUMBER_WORDS = sorted(
    set(_UNITS) - {"zero", "one"} | set(_TENS) | {"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "half", "dozen", "tens", "twice"}
)
"""Words the completeness test looks for in the seeds (besides digits)."""


def _word_number(text: str) -> float | None:
    text = text.lower().strip()
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text in _ORDINALS:
        return _ORDINALS[text]
    parts = re.split(r"[-\s]+", text)
    total = 0
    for part in parts:
        if part in _UNITS:
            total += _UNITS[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part == "hundred":
            total = (total or 1) * 100
        else:
            return None
    return total


SHARE_UNIT = "percent"
"""The one unit of every share in ``figures.csv``: its value is in percent ("1 in 5" is 20)."""


def parse_number(text: str, unit: str | None = None) -> float | None:
    """The value a number *as printed* stands for, or ``None`` when it names no single value.

    With ``unit="percent"`` (every share in ``figures.csv``), a ratio or a fraction is read as a
    percentage, so all shares compare on one scale.

    >>> parse_number("3,189"), parse_number("19-percent"), parse_number("1 in 5")
    (3189.0, 19.0, 0.2)
    >>> parse_number("1 in 5", unit="percent"), parse_number("half", unit="percent"), parse_number("19-percent", unit="percent")
    (20.0, 50.0, 19.0)
    >>> parse_number("$100 million"), parse_number("Sixty-one"), parse_number("tens of millions")
    (100000000.0, 61.0, None)
    """
    t = text.strip().lower().replace("\u2011", "-")
    as_percent = unit == SHARE_UNIT
    if t.startswith("tens of") or t in ("hundreds", "thousands", "millions", "dozens"):
        return None
    ratio = re.fullmatch(r"(\d+)\s+(?:in|out of)\s+(\d+)", t)
    if ratio:
        share = int(ratio.group(1)) / int(ratio.group(2))
        return share * 100 if as_percent else share
    is_percent = bool(re.search(r"(?:-|\s)?(?:percent|per cent|%)$", t))
    t = t.lstrip("$").strip()
    t = re.sub(r"(?:-|\s)?(?:percent|per cent|%)$", "", t).strip()
    t = re.sub(r"(st|nd|rd|th)$", "", t) if re.fullmatch(r"\d+(st|nd|rd|th)", t) else t
    scale = 1
    for word, factor in _SCALES.items():
        if t.endswith(" " + word) or t.endswith("-" + word):
            scale, t = factor, t[: -len(word) - 1].strip()
            break
    t = re.sub(r"-(?:year|day|week|month|student|hour)s?$", "", t)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", t):
        return float(t.replace(",", "")) * scale
    word = _word_number(t)
    if word is None:
        return None
    if as_percent and not is_percent and word < 1:  # "half" of a group
        return float(word) * 100
    return float(word) * scale


def seed_manifest(folder: Path | None = None):
    """``seeds/manifest.csv`` as a DataFrame: each seed's outlet, kind of piece, dates and how they are known."""
    import pandas as pd

    path = seeds_dir(folder) / "manifest.csv"
    if not path.is_file():
        raise DataError(f"{path}: file not found. The seed manifest lists each article's outlet and date.")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("events_date", "published"):
        frame[column] = pd.to_datetime(frame[column].replace("", None), format="%Y-%m-%d")
    return frame
