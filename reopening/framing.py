"""Helpers for the Framing chapter: statements counted once, and agreement between two coders.

``statements(coded)``
    One row per statement and code: rows that print one statement (the same ``group_id``, or a
    ``variant_of`` link) count once for each code their parts carry, so a statement three
    outlets printed is not counted three times.
``agreement(a, b)``
    Percent agreement, chance agreement and Cohen's kappa between two codings of the same
    quotes (two mappings from quote_id to a code), with each step, so a page can show them.
``EXAMPLE_FUNCTIONS``, ``EXAMPLE_FRAMES``
    An example coder's codes, made up for teaching (they are not a real student's or class's
    coding): the worked example and a data task compare them with the book's coding.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FUNCTIONS = ["k-define-problem", "k-diagnose-cause", "k-moral-judgement", "k-suggest-remedy"]
"""The four Entman functions, in the codebook's order."""

SAFETY_WORDS = {"safe", "safely", "safety", "safest"}
"""The value words of the "safe" family, as the codings list them."""

EXAMPLE_FUNCTIONS = {
    "q-wgn-02": "k-diagnose-cause",
    "q-wgn-10": "k-suggest-remedy",
    "q-cbs-01": "k-moral-judgement",
    "q-cbs-06": "k-diagnose-cause",
    "q-blockclub-12": "k-define-problem",
    "q-abc7-08": "k-moral-judgement",
    "q-abc7-13": "k-define-problem",
    "q-fox-08": "k-suggest-remedy",
}
"""An example coder's Entman functions for eight quotes (made up for the worked example)."""

EXAMPLE_FRAMES = {
    "q-wgn-06": "k-health-safety",
    "q-wgn-08": "k-political",
    "q-cbs-04": "k-health-safety",
    "q-cbs-07": "k-health-safety",
    "q-blockclub-02": "k-political",
    "q-blockclub-05": "k-fairness-equality",
    "q-abc7-14": "k-fairness-equality",
    "q-abc7-12": "k-public-opinion",
    "q-fox-04": "k-public-opinion",
    "q-fox-05": "k-health-safety",
}
"""An example coder's primary frames for ten quotes (made up for a data task)."""


def statement_key(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's statement: its ``group_id``; else the row it is a version of; else itself."""
    own = quotes["variant_of"].fillna(quotes["quote_id"]) if "variant_of" in quotes else quotes["quote_id"]
    return quotes["group_id"].fillna(own) if "group_id" in quotes else own


def statements(coded: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per statement and value of ``column`` (a code, or one loaded word per row)."""
    frame = coded.assign(statement=statement_key(coded))
    return frame.drop_duplicates(["statement", column]).reset_index(drop=True)


def term_rows(coded: pd.DataFrame, column: str = "loaded_terms") -> pd.DataFrame:
    """One row per quote and word listed in ``column`` (the codings list words with " | ")."""
    rows = coded.dropna(subset=[column]).copy()
    rows["term"] = rows[column].str.split("|")
    rows = rows.explode("term")
    rows["term"] = rows["term"].str.strip()
    return rows[rows["term"] != ""].reset_index(drop=True)


@dataclass
class Agreement:
    """Two codings compared: each step of Cohen's kappa."""

    table: pd.DataFrame  # one row per quote: first, second, agree
    shares: pd.DataFrame  # one row per code: share of each coder, and their product
    p_o: float  # observed agreement (a share)
    p_e: float  # agreement expected by chance (a share)
    kappa: float


def agreement(first: dict, second: dict, *, names: tuple[str, str] = ("first", "second")) -> Agreement:
    """Percent agreement and Cohen's kappa between two codings of the same quotes.

    ``first`` and ``second`` map quote ids to codes. Raises ``ValueError`` with a plain message
    when they do not code the same quotes, or code fewer than two.
    """
    for name, coding in zip(names, (first, second)):
        if not isinstance(coding, dict):
            raise ValueError(f"{name} must be a dict from quote_id to code, like {{'q-wgn-02': 'k-diagnose-cause'}}; you gave {type(coding).__name__}.")
    if set(first) != set(second):
        only = sorted(set(first) ^ set(second))
        raise ValueError(f"The two codings must code the same quotes; these are in only one of them: {only}.")
    if len(first) < 2:
        raise ValueError("Code at least two quotes to compare two coders.")
    ids = list(first)
    a, b = names
    table = pd.DataFrame({"quote_id": ids, a: [first[i] for i in ids], b: [second[i] for i in ids]})
    table["agree"] = table[a] == table[b]
    codes = list(dict.fromkeys([*FUNCTIONS, *table[a], *table[b]]))
    shares = pd.DataFrame({"code": codes})
    shares[f"share {a}"] = [float((table[a] == c).mean()) for c in codes]
    shares[f"share {b}"] = [float((table[b] == c).mean()) for c in codes]
    shares["product"] = shares[f"share {a}"] * shares[f"share {b}"]
    p_o = float(table["agree"].mean())
    p_e = float(shares["product"].sum())
    kappa = 1.0 if p_e == 1 else (p_o - p_e) / (1 - p_e)
    return Agreement(table, shares, p_o, p_e, kappa)


def book_codes(column: str, quote_ids) -> dict:
    """The book's code in ``column`` (``entman_function`` or ``primary_frame``) for each quote."""
    from .data import codings

    book = codings().set_index("quote_id")[column]
    missing = [q for q in quote_ids if q not in book.index]
    if missing:
        raise ValueError(f"No quote {missing[0]!r} in the book's coding. Quote ids look like 'q-wgn-02'.")
    return {q: book[q] for q in quote_ids}
