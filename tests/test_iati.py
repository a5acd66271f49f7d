"""The IATI 2.03 export: valid against the official schema, nothing invented, numbers numeric.

The schema is the official one (``assen_eval/opendata/iati-2.03/``, from IATI-Schemas commit
4c9ba1e), checked with xmlschema. Data sets without ``iati_org_id`` are tested on a copy with a
test identifier (:mod:`opendata_dirs`); without one the export is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from opendata_dirs import ASSEN, DATA_DIRS, VALID, VOORBEELD, copy_data, with_iati_keys

import assen_eval
from assen_eval.cli import main
from assen_eval.opendata.export import export_iati
from assen_eval.opendata.iati import IATI_FILE, iati_activities
from assen_eval.paths import PACKAGE_DIR

SCHEMA_DIR = PACKAGE_DIR / "opendata" / "iati-2.03"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMA_DIR / "iati-activities-schema.xsd")


def _tree(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def _activities(root: ET.Element) -> dict[str, ET.Element]:
    return {a.findtext("iati-identifier"): a for a in root.findall("iati-activity")}


@pytest.mark.parametrize("data_dir", DATA_DIRS)
@pytest.mark.parametrize("year", [None, 2009, 2013])
def test_valid_against_the_official_schema(
    schema: xmlschema.XMLSchema, tmp_path: Path, data_dir: Path, year: int | None
) -> None:
    data = with_iati_keys(data_dir, tmp_path)
    export_iati(tmp_path / "out", data, year)
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(tmp_path / "out" / IATI_FILE)]
    assert errors == []


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_every_project_is_an_activity_or_named_as_left_out(tmp_path: Path, data_dir: Path) -> None:
    portfolio = assen_eval.load(with_iati_keys(data_dir, tmp_path))
    result = iati_activities(portfolio)
    org = portfolio.meta["iati_org_id"]
    ids = set(_activities(_tree(result.xml)))
    assert len(ids) == len(result.activities)
    for pid in portfolio.projects["project_id"]:
        named = [line for line in result.left_out if f"project '{pid}'" in line]
        assert (f"{org}-{pid}" in ids) != bool(named), pid
    assert all(i.startswith(f"{org}-") for i in ids)
    comments = result.xml.decode("utf-8")
    for line in result.left_out:
        assert line in comments  # the file itself says what it leaves out


@pytest.mark.parametrize("data_dir", DATA_DIRS)
@pytest.mark.parametrize("year", [None, 2009])
def test_commitments_are_the_funding_of_the_activities_up_to_the_year(
    tmp_path: Path, data_dir: Path, year: int | None
) -> None:
    portfolio = assen_eval.load(with_iati_keys(data_dir, tmp_path))
    result = iati_activities(portfolio, year)
    org = portfolio.meta["iati_org_id"]
    last = year or portfolio.meta["evaluation_year"]
    included = {i.removeprefix(f"{org}-") for i in result.activities}
    funding = portfolio.funding[
        portfolio.funding["project_id"].isin(included) & (portfolio.funding["year"] <= last)
    ]
    sums = {"11": 0, "2": 0}
    for transaction in _tree(result.xml).iter("transaction"):
        kind = transaction.find("transaction-type").get("code")
        value = transaction.find("value")
        assert re.fullmatch(r"[1-9][0-9]*", value.text), value.text  # whole euros, > 0
        date = transaction.find("transaction-date").get("iso-date")
        assert date == value.get("value-date") and date.endswith("-12-31")
        assert int(date[:4]) <= last
        sums[kind] += int(value.text)
    assert sums == {
        "11": int(funding["subsidy_eur"].sum()),
        "2": int(funding["own_contribution_eur"].sum()),
    }


def test_assen_activities_dates_and_organisations() -> None:
    result = iati_activities(assen_eval.load(ASSEN))
    activities = _activities(_tree(result.xml))
    workprofiler = activities["NL-OWMS-gm0106-workprofiler"]
    dates = [
        (d.get("type"), d.get("iso-date"), d.findtext("narrative"))
        for d in workprofiler.findall("activity-date")
    ]
    assert dates == [("2", "2004-12-31", "Eind 2004"), ("4", "2007-12-31", "31 december 2007")]
    assert workprofiler.find("activity-status").get("code") == "4"  # afgerond -> closed
    orgs = [
        (o.get("role"), o.get("ref"), o.findtext("narrative"))
        for o in workprofiler.findall("participating-org")
    ]
    assert ("1", None, "Europese Unie") in orgs  # the programme's funder, by name only
    assert ("1", "NL-OWMS-gm0106", "Gemeente Assen") in orgs  # own contribution 277000
    assert ("2", "NL-OWMS-gm0106", "Gemeente Assen") in orgs
    assert ("4", None, "Poznan") in orgs
    values = sorted(int(v.text) for v in workprofiler.iter("value"))
    assert values == [277000, 3600000]
    programme = activities["NL-OWMS-gm0106-nota-2009"]
    assert [d.get("iso-date") for d in programme.findall("activity-date")] == [
        "2009-01-01",
        "2013-12-31",
    ]
    indicators = list(programme.iter("indicator"))
    assert len(indicators) == len(assen_eval.load(ASSEN).indicators)
    assert not list(programme.iter("actual"))  # Assen has no observations
    left = " ".join(result.left_out)
    assert "'beating-heart': its status 'onbekend'" in left  # unknown status stays out
    assert "'waste-naledi-1': no start or end year" in left  # no date is made up


def test_targets_and_actuals_as_of_the_year(tmp_path: Path) -> None:
    portfolio = assen_eval.load(with_iati_keys(VALID, tmp_path))
    programme = next(iter(_activities(_tree(iati_activities(portfolio).xml)).values()))
    containers = next(
        i for i in programme.iter("indicator") if "containers" in i.findtext("title/narrative")
    )
    (period,) = containers.findall("period")
    assert period.find("period-start").get("iso-date") == "2009-01-01"  # the policy period
    assert period.find("period-end").get("iso-date") == "2009-12-31"  # the deadline
    assert period.find("target").get("value") == "4000"
    assert period.find("actual").get("value") == "3000"
    assert "2009-11-15" in period.findtext("actual/comment/narrative")
    assert containers.find("baseline") is None  # the data has no baselines
    early = iati_activities(portfolio, 2008)  # the observation is from November 2009
    assert b"<actual" not in early.xml


@pytest.mark.skipif(not VOORBEELD.is_dir(), reason="data/voorbeeld not in this tree")
def test_late_measurements_get_their_own_period(tmp_path: Path) -> None:
    portfolio = assen_eval.load(with_iati_keys(VOORBEELD, tmp_path))
    programme = next(iter(_activities(_tree(iati_activities(portfolio, 2014).xml)).values()))
    for indicator in programme.iter("indicator"):
        periods = indicator.findall("period")
        ends = [dt.date.fromisoformat(p.find("period-end").get("iso-date")) for p in periods]
        starts = [dt.date.fromisoformat(p.find("period-start").get("iso-date")) for p in periods]
        assert all(s <= e for s, e in zip(starts, ends, strict=True))
        assert all(b > a for a, b in zip(ends, starts[1:], strict=False))  # no overlap
        assert all(e <= dt.date(2014, 12, 31) for e in ends[1:])


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_numbers_are_numbers_and_nothing_unknown_is_written(tmp_path: Path, data_dir: Path):
    xml = iati_activities(assen_eval.load(with_iati_keys(data_dir, tmp_path))).xml
    root = _tree(xml)
    for tag in ("target", "actual"):
        for node in root.iter(tag):
            assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", node.get("value")), node.get("value")
    text = xml.decode("utf-8")
    assert re.findall(r"\b(?:n/a|NaN|nan|None|NaT)\b|&lt;NA&gt;|=\"\"", text) == []
    for narrative in root.iter("narrative"):
        assert (narrative.text or "").strip(), "an empty narrative"
    assert root.get("version") == "2.03"


def test_deterministic_and_dated_only_by_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    data = with_iati_keys(VALID, tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = iati_activities(assen_eval.load(data)).xml
    assert first == iati_activities(assen_eval.load(data)).xml
    assert b"generated-datetime" not in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1296518400")
    dated = iati_activities(assen_eval.load(data)).xml
    assert _tree(dated).get("generated-datetime") == "2011-02-01T00:00:00Z"


# -- refusals and the command line --------------------------------------------------------------


def test_cli_refuses_without_an_org_id(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["export", "--format", "iati", "--data", str(VALID), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert "dataset.yaml: key 'iati_org_id' is missing" in err and "none is made up" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("iati_org_id: Gemeente Assen\n", "key 'iati_org_id' must be an IATI organisation"),
        (
            "iati_org_id: XI-TEST-x\niati_activity_status: {klaar: 4}\n",
            "'klaar' is not a project_status code",
        ),
        (
            "iati_org_id: XI-TEST-x\niati_activity_status: {afgerond: 9}\n",
            "the status of 'afgerond' must be an IATI ActivityStatus code 1-6",
        ),
        ("iati_org_id: XI-TEST-x\niati_activity_status: 4\n", "must be a mapping of codes"),
    ],
    ids=["org-id", "unknown-status-code", "status-out-of-range", "status-not-a-mapping"],
)
def test_cli_refuses_bad_iati_keys(tmp_path: Path, capsys, extra: str, message: str) -> None:
    data = copy_data(VALID, tmp_path / "data", extra)
    out = tmp_path / "out"
    assert main(["export", "--format", "iati", "--data", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "dataset.yaml" in err and "Traceback" not in err
    assert not out.exists()


def test_cli_writes_the_file_and_names_what_it_left_out(tmp_path: Path, capsys) -> None:
    out = tmp_path / "iati"
    assert main(["export", "--format", "iati", "--year", "2010", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out / IATI_FILE}" in printed and "left out: project 'beating-heart'" in printed
    assert main(["export", "--format", "iati", "--year", "1800", "--out", str(out)]) == 2


def test_the_schema_files_are_the_official_ones_unchanged() -> None:
    names = sorted(p.name for p in SCHEMA_DIR.iterdir())
    assert names == ["README.md", "iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd"]
    assert "4c9ba1e" in (SCHEMA_DIR / "README.md").read_text(encoding="utf-8")
    shared = Path(__file__).parents[2] / "shared" / "iati"
    if shared.is_dir():  # the workspace's copy, beside the repository, where present
        for name in names:
            assert (SCHEMA_DIR / name).read_bytes() == (shared / name).read_bytes(), name
