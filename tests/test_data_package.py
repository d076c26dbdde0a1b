"""The data package: valid against its Frictionless descriptor, loadable, and complete."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

import reopening
from reopening.data import DESCRIPTOR, descriptor
from reopening.provenance import is_verbatim

from conftest import DATA, SEEDS


def test_frictionless_validates_the_whole_package():
    import frictionless  # a test requirement: CI fails here if it is missing

    report = frictionless.validate(str(DATA / DESCRIPTOR))
    problems = [f"{task.name}: {err.type}: {err.message}" for task in report.tasks for err in task.errors]
    problems += [f"package: {err.type}: {err.message}" for err in report.errors]
    assert report.valid, "\n".join(problems[:20])


@pytest.mark.parametrize("name", reopening.resource_names(DATA))
def test_loader_values_agree_with_frictionless(name):
    """The loader and Frictionless (an independent reader of the same descriptor) give the same
    typed value in every cell: dates as dates, whole numbers as whole numbers, blanks as missing."""
    import datetime
    import math

    import frictionless

    # Every row as the file has it, total rows included (load() leaves those out by default).
    frame = reopening.load(name, folder=DATA, rename=False, include_totals=True)
    assert len(frame) > 0, f"{name} is empty"
    package = frictionless.Package(str(DATA / DESCRIPTOR))
    rows = package.get_resource(name).read_rows()
    assert len(rows) == len(frame), f"{name}: Frictionless reads {len(rows)} rows, the loader {len(frame)}"
    problems = []
    for i, row in enumerate(rows):
        for column, expected in row.items():
            got = frame.iloc[i][column]
            if expected is None:
                ok = pd.isna(got)
            elif isinstance(expected, datetime.date):
                ok = isinstance(got, pd.Timestamp) and got.date() == expected
            elif isinstance(expected, bool):
                ok = bool(got) is expected and not pd.isna(got)
            elif isinstance(expected, int):
                ok = not isinstance(got, str) and not pd.isna(got) and float(got).is_integer() and int(got) == expected
            elif isinstance(expected, float) or type(expected).__name__ == "Decimal":
                ok = not isinstance(got, str) and not pd.isna(got) and math.isclose(float(got), float(expected), rel_tol=1e-12)
            else:
                ok = got == str(expected)
            if not ok:
                problems.append(f"{name} line {i + 2}, {column}: loader {got!r}, Frictionless {expected!r}")
    assert not problems, "\n".join(problems[:10])


def test_every_resource_has_provenance_and_licence():
    for res in descriptor(DATA)["resources"]:
        assert res.get("sources"), f"{res['name']} has no sources"
        assert res.get("licenses"), f"{res['name']} has no licence"
        assert res.get("description"), f"{res['name']} has no description"
        if res["path"].startswith("external/"):
            src = res.get("x_source_id")
            assert src, f"{res['name']} does not name its row in sources.csv (x_source_id)"
            sources = reopening.load("sources", folder=DATA)
            assert src in set(sources["source_id"]), f"{res['name']}: {src} is not in sources.csv"


def test_every_data_file_is_described():
    described = {res["path"] for res in descriptor(DATA)["resources"]}
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*.csv")}
    assert on_disk == described, f"not described: {on_disk - described}; described but missing: {described - on_disk}"


def test_seed_manifest_matches_seeds_and_sources():
    manifest = pd.read_csv(SEEDS / "manifest.csv", dtype=str, keep_default_na=False)
    files = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert sorted(manifest["file"]) == files, "manifest.csv must list every seed file exactly once"
    sources = reopening.load("sources", folder=DATA).set_index("source_id")
    for row in manifest.itertuples():
        assert row.source_id in sources.index, row.source_id
        src = sources.loc[row.source_id]
        assert src["kind"] == "seed" and src["seed_file"] == row.file
        assert src["outlet"] == row.outlet
        assert (src["url"] if pd.notna(src["url"]) else "unknown") == row.url
        published = src["published"].strftime("%Y-%m-%d") if pd.notna(src["published"]) else ""
        assert published == row.published, f"{row.file}: manifest and sources.csv disagree on the publication date"
        assert row.published_basis == src["published_basis"]
        pd.Timestamp(row.events_date)  # a real date
        assert len(row.events_date_evidence.split()) >= 5, f"{row.file}: say what in the text fixes the date"
        assert is_verbatim(row.lede, (SEEDS / row.file).read_text(encoding="utf-8")), f"{row.file}: the lede must be verbatim"
        digest = hashlib.sha256((SEEDS / row.file).read_bytes()).hexdigest()
        assert digest == row.sha256, f"{row.file} was changed: seeds stay byte for byte as received"


def test_outside_facts_cite_complete_outside_sources():
    facts = reopening.load("outside_facts", folder=DATA)
    sources = reopening.load("sources", folder=DATA).set_index("source_id")
    for fact in facts.itertuples():
        src = sources.loc[fact.source_id]
        assert src["kind"] != "seed", f"{fact.fact_id}: facts from a seed belong in the seed tables"
        assert pd.notna(src["url"]) and pd.notna(src["retrieved"]), f"{fact.fact_id}: its source needs a URL and a retrieval date"
        assert pd.notna(src["published"]) or src["published_basis"] == "unknown"
        words = len(fact.excerpt.split())
        assert 3 <= words <= 60, f"{fact.fact_id}: an excerpt is a short verbatim passage (3-60 words), this one has {words}"


def test_descriptor_is_plain_json_with_unique_names():
    data = json.loads((DATA / DESCRIPTOR).read_text(encoding="utf-8"))
    names = [r["name"] for r in data["resources"]]
    assert len(names) == len(set(names))
