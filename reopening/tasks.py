"""The checks of the chapters' data tasks, by exercise id.

Each check computes its expected answer from the book's data when it is called, so a corrected
row corrects the check, and the notebooks students open carry no answer or solution code. (The
repository is public, so this is "not shown", not secret: see the README's "Two editions".)

A chapter's student cell calls ``exercises.check("<exercise id>", answer)``.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .provenance import seed_manifest

HINTS = {
    "sources-data-gap": "Subtract the events date from the page date, and take .days of the result.",
    "sources-data-same-day": "Compare the two date columns row by row, then count the rows where they are equal.",
    "sources-utc": "Find the first orange bar in the chart, or the first row of the table under it that shows Saturday.",
    "background-data-weeks": "Look up both rows by event_id, subtract the earlier date from the later one, and take .days of the result.",
    "background-data-friday": "Keep the rows whose date_precision is 'day', then count those whose date is 2021-01-29.",
    "background-data-turnout": "Look up both figures by figure_id and subtract the smaller value from the larger one: the answer is in percentage points.",
    "framing-data-printings": "Filter `coded` (not `once`) on two columns at once, side == 'union' and primary_frame == 'k-political', and count the rows with len().",
    "framing-data-share": "Keep the rows of `once` whose side is 'district_city'; the share is the number with primary_frame 'k-political' over all of them, times 100.",
    "framing-data-kappa": "p_o is the share of quotations where theirs and books agree; p_e adds, over every code, (their share of that code) times (the book's share); then kappa = (p_o - p_e) / (1 - p_e).",
}


def _sources_data_gap() -> float:
    row = seed_manifest().set_index("source_id").loc["cbs-2021-01-29"]
    return (row["published"] - row["events_date"]).days


def _sources_data_same_day() -> float:
    manifest = seed_manifest()
    return int((manifest["published"] == manifest["events_date"]).sum())


def _sources_utc() -> float:
    chicago, utc = ZoneInfo("America/Chicago"), ZoneInfo("UTC")
    return min(h for h in range(24) if datetime(2021, 1, 29, h, tzinfo=chicago).astimezone(utc).day == 30)


def _timeline():
    from .data import load

    return load("timeline").set_index("event_id")


def _background_data_weeks() -> float:
    timeline = _timeline()
    return (timeline.loc["t-wgn-06", "date"] - timeline.loc["t-blockclub-07", "date"]).days


def _background_data_friday() -> float:
    timeline = _timeline()
    exact = timeline[timeline["date_precision"] == "day"]
    return int((exact["date"] == "2021-01-29").sum())


def _background_data_turnout() -> float:
    from .data import load

    figures = load("figures").set_index("figure_id")
    return abs(figures.loc["f-abc70124-01", "value"] - figures.loc["f-nationalpost-02", "value"])


def _framing_coded():
    from .data import codings, quotes_with_groups

    return quotes_with_groups().merge(codings(), on="quote_id")


def _framing_data_printings() -> float:
    coded = _framing_coded()
    return int(((coded["side"] == "union") & (coded["primary_frame"] == "k-political")).sum())


def _framing_data_share() -> float:
    from .framing import statements

    once = statements(_framing_coded(), "primary_frame")
    district = once[once["side"] == "district_city"]
    return round(100 * float((district["primary_frame"] == "k-political").mean()), 1)


def _framing_data_kappa() -> float:
    from .framing import EXAMPLE_FRAMES, agreement, book_codes

    return round(agreement(EXAMPLE_FRAMES, book_codes("primary_frame", EXAMPLE_FRAMES)).kappa, 2)


EXPECTED = {
    "sources-data-gap": _sources_data_gap,
    "sources-data-same-day": _sources_data_same_day,
    "sources-utc": _sources_utc,
    "background-data-weeks": _background_data_weeks,
    "background-data-friday": _background_data_friday,
    "background-data-turnout": _background_data_turnout,
    "framing-data-printings": _framing_data_printings,
    "framing-data-share": _framing_data_share,
    "framing-data-kappa": _framing_data_kappa,
}
"""Each data task's expected answer, computed from data/ (or the time-zone database)."""
