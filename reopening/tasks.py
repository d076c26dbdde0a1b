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
    "attendance-data-optin-rate": "Divide the daily average attendance (f-blockclub-07) by the late-January opt-in count (f-att-09), then multiply by 100 to get a percent.",
    "attendance-data-implied-base": "If a share is numerator / base, then base = numerator / share. Turn the percent (f-suntimes-01) into a share first (divide by 100), and round to a whole number of students.",
    "attendance-data-late-k8": "Start from the pre-K to grade 8 count (f-tribune-06) and take away the students who are not in K-8: the first-wave (pre-K and cluster) opt-ins of the same week (f-att-09).",
    "attendance-data-optin-drop": "Subtract the late-January first-wave opt-in count (f-att-09) from the December count (f-att-03).",
    "what-happened-next-data-did-not-vote": "Look up two counts by figure_id: the members eligible to vote (ballot tokens) and the ballots cast. Subtract the ballots from the eligible members.",
    "what-happened-next-data-yes-share": "Divide the yes votes by the ballots cast (not by yes plus no), then multiply by 100 and round to two decimal places: the answer is a percent.",
    "what-happened-next-data-high-school-wait": "Look up both rows by event_id, subtract the earlier date from the later one, and take .days of the result.",
    "demands-data-jan26": "Combine three conditions with &: party equal to 'district_city', status equal to 'offer', and as_of equal to '2021-01-26'; then count the rows.",
    "demands-data-final": "Keep the rows whose status is 'final_deal', then use .nunique() on the issue column (each issue counts once, however many rows it has).",
    "demands-data-granted": "The denied share and the granted share of the same group add up to 100 percent.",
    "demands-data-in-writing": "Subtract the number of areas signed on January 30 from the number of issues on CPS's list (all the areas are on the list).",
    "equity-data-district-total": "One row of with_total is not a school: its school_name is 'District Total'. Either take that row's total, or add up the total of every other row.",
    "equity-data-black-latino": "Add up the african_american_no and hispanic_no columns of schools, divide by the sum of the total column, and multiply by 100.",
    "equity-data-charter-latino": "Keep the rows of schools whose network is 'Charter', add up their hispanic_no, and divide by hispanic_no summed over all schools (then times 100).",
    "zip-codes-data-proxy": "Keep the row of snapshot whose zip_code is '60614' and whose week_start is '2021-01-17'; divide its cases_weekly by its tests_weekly and multiply by 100.",
    "zip-codes-data-few-tests": "Keep one week of snapshot (week_start == '2021-01-17'), drop the Unknown row and rows with blank cases or tests, then count the rows whose tests_weekly is below MIN_TESTS.",
    "zip-codes-data-latino-makeup": "Keep the rows of placed whose zip is in by_cases['zip_code']; add up their hispanic_no, divide by the sum of their total, and multiply by 100.",
    "zip-codes-data-cases": "Keep one week of final (week_start == '2021-01-10'), drop the Unknown row and blank cases or tests, keep tests_weekly >= MIN_TESTS, then take nlargest(10, ...) once by cases_weekly / tests_weekly and once by cases_weekly, and count the ZIP codes in both.",
    "framing-data-printings": "Filter `coded` (not `once`) on two columns at once, side == 'union' and primary_frame == 'k-political', and count the rows with len().",
    "framing-data-share": "Keep the rows of `once` whose side is 'district_city'; the share is the number with primary_frame 'k-political' over all of them, times 100.",
    "coverage-data-fox-share": "Take the row of `words` for 'fox-2021-02-05' (words.loc[...]); divide its district_city words by its union plus district_city words, times 100, then round to one place.",
    "coverage-data-groups": "Filter `quotes` on two columns at once, source_id == 'blockclub-2021-01-29' and side == 'district_city', then use .nunique() on the group column.",
    "coverage-data-extras": "coverage.page_extras()['abc7-2021-01-30'] is one column of counts, one per kind of extra; .sum() adds it up.",
    "framing-data-kappa": "p_o is the share of quotations where theirs and books agree; p_e adds, over every code, (their share of that code) times (the book's share); then kappa = (p_o - p_e) / (1 - p_e).",
}

TOLERANCES = {
    "attendance-data-optin-rate": 0.05,
    "attendance-data-implied-base": 0.5,
    "what-happened-next-data-yes-share": 0.005,
}
"""How far an answer may be from the expected value and still count (absolute, in the answer's
units): a percent given to two decimal places is accepted (to two places, dividing by the yes and
no votes instead of the ballots gives a different answer). Tasks not listed need the exact value."""

EQUITY_TOLERANCES = {
    "equity-data-black-latino": 0.05,
    "equity-data-charter-latino": 0.05,
    "zip-codes-data-proxy": 0.05,
    "zip-codes-data-latino-makeup": 0.05,
}
"""How far from the expected value an Equity or ZIP codes answer may be and still count (absolute, in percentage points)."""


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


def _figure(figure_id: str) -> float:
    from .data import load

    return float(load("figures").set_index("figure_id").loc[figure_id, "value"])


def _positions():
    from .data import load

    return load("positions")


def _figure_value(figure_id: str) -> float:
    from .data import load

    return float(load("figures").set_index("figure_id").loc[figure_id, "value"])


def _attendance_data_optin_rate() -> float:
    return 100 * _figure("f-blockclub-07") / _figure("f-att-09")


def _attendance_data_implied_base() -> float:
    return round(_figure("f-blockclub-07") / (_figure("f-suntimes-01") / 100))


def _attendance_data_late_k8() -> float:
    return _figure("f-tribune-06") - _figure("f-att-09")


def _attendance_data_optin_drop() -> float:
    return _figure("f-att-03") - _figure("f-att-09")


def _figures():
    from .data import load

    return load("figures").set_index("figure_id")


def _next_data_did_not_vote() -> float:
    value = _figures()["value"]
    return value["f-ctu-04"] - value["f-ctu-03"]


def _next_data_yes_share() -> float:
    value = _figures()["value"]
    return 100 * value["f-ctu-01"] / value["f-ctu-03"]


def _next_data_high_school_wait() -> float:
    timeline = _timeline()
    return (timeline.loc["t-next-14", "date"] - timeline.loc["t-next-10", "date"]).days


def _demands_data_jan26() -> float:
    p = _positions()
    return int(((p["party"] == "district_city") & (p["status"] == "offer") & (p["as_of"] == "2021-01-26")).sum())


def _demands_data_final() -> float:
    p = _positions()
    return int(p.loc[p["status"] == "final_deal", "issue"].nunique())


def _demands_data_granted() -> float:
    return 100 - _figure_value("f-dem-04")


def _demands_data_in_writing() -> float:
    return _figure_value("f-dem-01") - _figure_value("f-dem-02")


def _enrollment(include_totals: bool = False):
    from .data import load

    return load("cps_race_ethnicity_2020_21", include_totals=include_totals)


def _equity_data_district_total() -> float:
    with_total = _enrollment(include_totals=True)
    return int(with_total.loc[with_total["school_name"] != "District Total", "total"].sum())


def _equity_data_black_latino() -> float:
    schools = _enrollment()
    return 100 * (schools["african_american_no"].sum() + schools["hispanic_no"].sum()) / schools["total"].sum()


def _equity_data_charter_latino() -> float:
    schools = _enrollment()
    return 100 * schools.loc[schools["network"] == "Charter", "hispanic_no"].sum() / schools["hispanic_no"].sum()


ZIP_MIN_TESTS = 100
"""The ZIP codes chapter's minimum-tests rule (its MIN_TESTS): a ZIP code with fewer tests in a week is not ranked."""


def _zip_week(version: str, week_start: str):
    """One week of the city's ZIP-code data, the Unknown row and rows with a blank count left out."""
    from .data import load

    data = load(version)
    week = data[(data["week_start"] == week_start) & (data["zip_code"] != "Unknown")]
    return week.dropna(subset=["cases_weekly", "tests_weekly"])


def _zip_data_proxy() -> float:
    row = _zip_week("covid_zip_weekly_2021_02", "2021-01-17")
    row = row[row["zip_code"] == "60614"]
    return float(100 * row["cases_weekly"].sum() / row["tests_weekly"].sum())


def _zip_data_few_tests() -> float:
    week = _zip_week("covid_zip_weekly_2021_02", "2021-01-17")
    return int((week["tests_weekly"] < ZIP_MIN_TESTS).sum())


def _zip_data_latino_makeup() -> float:
    from .data import load

    week = _zip_week("covid_zip_weekly_2021_02", "2021-01-17")
    by_cases = week[week["tests_weekly"] >= ZIP_MIN_TESTS].nlargest(10, "cases_weekly")["zip_code"]
    placed = _enrollment().merge(load("cps_school_locations_2021_22")[["school_id", "zip"]], on="school_id", how="left")
    there = placed[placed["zip"].isin(set(by_cases))]
    return float(100 * there["hispanic_no"].sum() / there["total"].sum())


def _zip_data_cases() -> float:
    week = _zip_week("covid_zip_weekly_final", "2021-01-10")
    week = week[week["tests_weekly"] >= ZIP_MIN_TESTS].copy()
    week["positivity_proxy"] = week["cases_weekly"] / week["tests_weekly"]
    by_positivity = set(week.nlargest(10, "positivity_proxy")["zip_code"])
    by_cases = set(week.nlargest(10, "cases_weekly")["zip_code"])
    return len(by_positivity & by_cases)


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


def _coverage_data_fox_share() -> float:
    from .coverage import quoted_words

    fox = quoted_words().loc["fox-2021-02-05"]
    return round(100 * float(fox["district_city"]) / float(fox["union"] + fox["district_city"]), 1)


def _coverage_data_groups() -> float:
    from .data import quotes_with_groups

    q = quotes_with_groups()
    return int(q[(q["source_id"] == "blockclub-2021-01-29") & (q["side"] == "district_city")]["group"].nunique())


def _coverage_data_extras() -> float:
    from .coverage import page_extras

    return int(page_extras()["abc7-2021-01-30"].sum())


EXPECTED = {
    "sources-data-gap": _sources_data_gap,
    "sources-data-same-day": _sources_data_same_day,
    "sources-utc": _sources_utc,
    "background-data-weeks": _background_data_weeks,
    "background-data-friday": _background_data_friday,
    "background-data-turnout": _background_data_turnout,
    "attendance-data-optin-rate": _attendance_data_optin_rate,
    "attendance-data-implied-base": _attendance_data_implied_base,
    "attendance-data-late-k8": _attendance_data_late_k8,
    "attendance-data-optin-drop": _attendance_data_optin_drop,
    "what-happened-next-data-did-not-vote": _next_data_did_not_vote,
    "what-happened-next-data-yes-share": _next_data_yes_share,
    "what-happened-next-data-high-school-wait": _next_data_high_school_wait,
    "demands-data-jan26": _demands_data_jan26,
    "demands-data-final": _demands_data_final,
    "demands-data-granted": _demands_data_granted,
    "demands-data-in-writing": _demands_data_in_writing,
    "equity-data-district-total": _equity_data_district_total,
    "equity-data-black-latino": _equity_data_black_latino,
    "equity-data-charter-latino": _equity_data_charter_latino,
    "zip-codes-data-proxy": _zip_data_proxy,
    "zip-codes-data-few-tests": _zip_data_few_tests,
    "zip-codes-data-latino-makeup": _zip_data_latino_makeup,
    "zip-codes-data-cases": _zip_data_cases,
    "framing-data-printings": _framing_data_printings,
    "framing-data-share": _framing_data_share,
    "framing-data-kappa": _framing_data_kappa,
    "coverage-data-fox-share": _coverage_data_fox_share,
    "coverage-data-groups": _coverage_data_groups,
    "coverage-data-extras": _coverage_data_extras,
}
"""Each data task's expected answer, computed from data/ (or the time-zone database)."""

TOLERANCES = {**globals().get("TOLERANCES", {}), **EQUITY_TOLERANCES}
"""How far from the expected value an answer may be and still count (absolute); 0 when absent."""
