"""The fictional data set (``data/voorbeeld/``) against its hand-worked figures.

``tests/data/voorbeeld_expected.yaml`` was worked out by hand from the CSV files (never with
assen_eval); ``data/voorbeeld/EXPECTED.md`` shows the derivations. Every figure is checked on the
as-of view of each evaluation year, the way the reports see the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

import assen_eval
from assen_eval.data.asof import as_of, structural_budget

ROOT = Path(__file__).parents[1]
EXPECTED: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests" / "data" / "voorbeeld_expected.yaml").read_text(encoding="utf-8")
)
YEARS = EXPECTED["evaluation_years"]


@pytest.fixture(scope="module")
def portfolio() -> assen_eval.Portfolio:
    return assen_eval.load(ROOT / EXPECTED["data"])


def _view(portfolio: assen_eval.Portfolio, year: int) -> assen_eval.Portfolio:
    return as_of(portfolio, year)


def _close(actual: Any, expected: Any) -> bool:
    if expected is None:
        return actual is None or pd.isna(actual)
    return not pd.isna(actual) and abs(float(actual) - float(expected)) < 1e-4


@pytest.mark.parametrize("year", YEARS)
def test_funding_totals_and_years(portfolio: assen_eval.Portfolio, year: int) -> None:
    want = EXPECTED["years"][year]["funding"]
    view = _view(portfolio, year)
    total = assen_eval.efficiency(view, "portfolio").iloc[0]
    assert int(total["subsidy_eur"]) == want["total"]["subsidy_eur"]
    assert int(total["own_contribution_eur"]) == want["total"]["own_contribution_eur"]
    assert _close(total["leverage"], want["total"]["leverage"])
    by_year = assen_eval.efficiency(view, "year").set_index("year")
    assert {int(y) for y in by_year.index} == set(want["by_year"])
    for y, money in want["by_year"].items():
        assert int(by_year.loc[y, "subsidy_eur"]) == money["subsidy_eur"]
        assert int(by_year.loc[y, "own_contribution_eur"]) == money["own_contribution_eur"]


@pytest.mark.parametrize("year", YEARS)
def test_funding_per_partnership_with_shared_projects_split_exactly(
    portfolio: assen_eval.Portfolio, year: int
) -> None:
    want = EXPECTED["years"][year]["funding"]
    frame = assen_eval.efficiency(_view(portfolio, year), "contact").set_index("contact_id")
    for contact, money in {**want["by_contact"], "unattributed": want["unattributed"]}.items():
        if contact not in frame.index:  # a contact without any funding may be left out
            assert money["subsidy_eur"] == money["own_contribution_eur"] == 0, contact
            continue
        row = frame.loc[contact]
        assert int(row["subsidy_eur"]) == money["subsidy_eur"], contact
        assert int(row["own_contribution_eur"]) == money["own_contribution_eur"], contact
        assert _close(row["leverage"], money["leverage"]), contact
    assert int(frame["subsidy_eur"].sum()) == want["total"]["subsidy_eur"]


@pytest.mark.parametrize("year", YEARS)
def test_only_projects_known_by_the_year_are_visible(
    portfolio: assen_eval.Portfolio, year: int
) -> None:
    want = EXPECTED["years"][year]["projects"]
    visible = set(_view(portfolio, year).projects["project_id"])
    assert visible == set(want["visible"])
    assert len(visible) == want["count"]
    assert not visible & set(want["not_visible"])


@pytest.mark.parametrize("year", YEARS)
def test_structural_budget_is_the_rows_in_force_in_the_year(
    portfolio: assen_eval.Portfolio, year: int
) -> None:
    want = EXPECTED["years"][year]["structural_budget"]
    view = _view(portfolio, year)
    rows = structural_budget(view)
    assert set(rows["budget_id"]) == set(want["rows"])
    assert int(rows["amount_eur"].sum()) == want["amount_eur"]
    assert not set(rows["budget_id"]) & set(want["one_off_excluded"])
    total = assen_eval.efficiency(view, "portfolio").iloc[0]
    assert int(total["structural_eur"]) == want["amount_eur"]
    by_contact = assen_eval.efficiency(view, "contact")
    assert int(by_contact["structural_eur"].sum()) == want["amount_eur"]


@pytest.mark.parametrize("year", YEARS)
def test_indicator_status_and_timeliness(portfolio: assen_eval.Portfolio, year: int) -> None:
    want = EXPECTED["years"][year]
    frame = assen_eval.effectiveness(_view(portfolio, year)).set_index("indicator_id")
    assert set(frame.index) == set(want["indicators"])
    for iid, exp in want["indicators"].items():
        row = frame.loc[iid]
        got_contact = None if pd.isna(row["contact_id"]) else row["contact_id"]
        assert got_contact == exp["contact_id"], iid
        assert (row["status"], row["timeliness"]) == (exp["status"], exp["timeliness"]), iid
        got_obs = None if pd.isna(row["observation_id"]) else row["observation_id"]
        assert got_obs == exp["observation_id"], iid
        assert _close(row["attainment"], exp["attainment"]), iid
    counts = frame["status"].value_counts().to_dict()
    assert {k: counts.get(k, 0) for k in want["indicator_counts"]} == want["indicator_counts"]


@pytest.mark.parametrize("year", YEARS)
def test_only_ratings_made_by_the_year_are_visible(
    portfolio: assen_eval.Portfolio, year: int
) -> None:
    want = EXPECTED["years"][year]["ratings"]
    view = _view(portfolio, year)
    pairs = {tuple(p) for p in view.ratings[["contact_id", "criterion"]].to_numpy().tolist()}
    assert pairs == {tuple(p) for p in want["visible"]}
    assert len(assen_eval.ratings(view)) == want["count"]


def test_rules_use_the_data_sets_own_code_roles(portfolio: assen_eval.Portfolio) -> None:
    findings = assen_eval.check_rules(_view(portfolio, 2013))
    verdicts = {f"{r['rule_id']}/{r['subject']}": r["verdict"] for r in findings.to_dict("records")}
    for key, want in EXPECTED["rule_findings_2013"].items():
        if want == "absent":
            assert key not in verdicts, key
        else:
            assert verdicts.get(key) == want, key


def test_the_traps_are_really_wrong_answers(portfolio: assen_eval.Portfolio) -> None:
    """The year-blind figures differ from the right ones: the data set can catch that bug."""
    traps = EXPECTED["traps"]
    whole = assen_eval.efficiency(portfolio, "portfolio").iloc[0]
    assert int(whole["subsidy_eur"]) == traps["no_year_filter_funding"]["subsidy_eur"]
    assert traps["budget_all_rows"] != EXPECTED["years"][2012]["structural_budget"]["amount_eur"]
    assert len(portfolio.projects) == traps["projects_without_year_filter"]
