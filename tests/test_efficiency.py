"""Efficiency: exact euro breakdowns, the largest-remainder split, ratios and unit costs."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from evaldata import assen, contacts, funding, make, projects
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assen_eval.errors import UsageError
from assen_eval.evaluate.efficiency import (
    BY,
    SPLIT_KEYS,
    STRUCTURAL,
    STRUCTURAL_KEYS,
    UNATTRIBUTED,
    UNKNOWN,
    efficiency,
    largest_remainder,
    unit_costs,
)


@pytest.mark.parametrize(
    ("total", "weights", "keys", "expected"),
    [
        (70001, [1, 1], ["a", "b"], [35001, 35000]),
        (70001, [1, 1], ["b", "a"], [35000, 35001]),  # a tie goes to the smallest key
        (10, [1, 1, 1], ["a", "b", "c"], [4, 3, 3]),
        (100, [1, 2], ["a", "b"], [33, 67]),
        (104000, [3600000, 215261], ["x", "y"], [98132, 5868]),  # 98132.21 / 5867.79
        (0, [1, 5], ["a", "b"], [0, 0]),
        (7, [0, 1], ["a", "b"], [0, 7]),
    ],
)
def test_largest_remainder(total: int, weights: list[int], keys: list[str], expected: list[int]):
    assert largest_remainder(total, weights, keys) == expected


@pytest.mark.parametrize("weights", [[0, 0], [-1, 2], []])
def test_largest_remainder_refuses_weights_it_cannot_divide_by(weights: list[int]) -> None:
    with pytest.raises(UsageError):
        largest_remainder(10, weights, [str(i) for i in range(len(weights))])


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=8))
def test_largest_remainder_adds_up_and_is_fair(total: int, weights: list[int]) -> None:
    if sum(weights) == 0:
        weights[0] = 1
    parts = largest_remainder(total, weights, [f"k{i}" for i in range(len(weights))])
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        assert abs(part - total * weight / sum(weights)) < 1 + 1e-6


def small():
    """Project 'shared' (contacts a and b, odd amounts), 'solo' (a), 'orphan' (no contact)."""
    return make(
        contacts=contacts("a", "b", "c"),
        projects=projects("shared", "solo", "orphan"),
        project_contacts=[
            {"project_id": "shared", "contact_id": "b"},
            {"project_id": "shared", "contact_id": "a"},
            {"project_id": "solo", "contact_id": "a"},
        ],
        project_motives=[
            {"project_id": "shared", "motive": "leren"},
            {"project_id": "shared", "motive": "handel"},
            {"project_id": "solo", "motive": "helpen"},
        ],
        funding=funding(
            ("shared", 70001, 3, 2008, "logo"),
            ("solo", 215261, 0, 2006, "logo"),
            ("orphan", 90000, 0, 2004, "gst"),
            ("shared", 10, 0, 2009, "equal"),
        ),
        budget=[
            {"budget_id": "s", "description": "staf", "amount_eur": 104000, "basis": "structureel"}
        ],
    )


def records(df: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in df[list(columns)].to_numpy()]


def test_by_contact_splits_shared_projects_exactly() -> None:
    df = efficiency(small(), "contact")
    assert records(df, "contact_id", "subsidy_eur", "own_contribution_eur", "total_eur") == [
        ("a", 35006 + 215261, 2, 35008 + 215261),
        ("b", 35005, 1, 35006),
        (UNATTRIBUTED, 90000, 0, 90000),
    ]
    assert records(df, "contact_id", "structural_eur", "n_projects") == [
        ("a", 52000, 2),
        ("b", 52000, 1),
        (UNATTRIBUTED, 0, 1),
    ]
    assert str(df["subsidy_eur"].dtype) == "Int64"
    assert df["source"].tolist()[2] == "nota test, regel 2"
    assert df["source"].tolist()[1] == "nota test, hfdst. 6;nota test, regel 0;nota test, regel 3"


def test_split_first_gives_everything_to_the_first_listed_contact() -> None:
    df = efficiency(small(), "contact", split="first")
    assert records(df, "contact_id", "subsidy_eur", "own_contribution_eur", "n_projects") == [
        ("a", 215261, 0, 1),
        ("b", 70011, 3, 1),
        (UNATTRIBUTED, 90000, 0, 1),
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("equal", [("a", 52000), ("b", 52000), (UNATTRIBUTED, 0)]),
        # subsidy a 250267, b 35005: 104000 * 250267 / 285272 = 91238.43, b 12761.57
        ("subsidy", [("a", 91238), ("b", 12762), (UNATTRIBUTED, 0)]),
        ("projects", [("a", 69333), ("b", 34667), (UNATTRIBUTED, 0)]),
        ("none", [("a", 0), ("b", 0), (UNATTRIBUTED, 0), (STRUCTURAL, 104000)]),
    ],
)
def test_structural_keys(key: str, expected: list[tuple[str, int]]) -> None:
    df = efficiency(small(), "contact", structural=key)
    assert records(df, "contact_id", "structural_eur") == expected
    assert int(df["structural_eur"].sum()) == 104000


def test_structural_budget_stays_unallocated_without_funded_contacts() -> None:
    p = make(
        contacts=contacts("a"),
        budget=[{"budget_id": "s", "description": "x", "amount_eur": 500, "basis": "structureel"}],
    )
    df = efficiency(p, "contact")
    assert records(df, "contact_id", "structural_eur", "subsidy_eur") == [(STRUCTURAL, 500, 0)]


def test_by_motive_splits_equally_and_keeps_unknown() -> None:
    df = efficiency(small(), "motive")
    assert records(df, "motive", "subsidy_eur", "own_contribution_eur", "n_projects") == [
        ("handel", 35006, 2, 1),  # the tie in the remainder goes to the smallest code
        ("helpen", 215261, 0, 1),
        ("leren", 35005, 1, 1),
        (UNKNOWN, 90000, 0, 1),
    ]


def test_by_project_programme_year_and_portfolio() -> None:
    p = small()
    assert records(efficiency(p, "project"), "project_id", "subsidy_eur") == [
        ("orphan", 90000),
        ("shared", 70011),
        ("solo", 215261),
    ]
    assert records(efficiency(p, "programme"), "programme_id", "total_eur", "n_projects") == [
        ("equal", 10, 1),
        ("gst", 90000, 1),
        ("logo", 285265, 2),
    ]
    assert records(efficiency(p, "year"), "year", "subsidy_eur") == [
        (2004, 90000),
        (2006, 215261),
        (2008, 70001),
        (2009, 10),
    ]
    whole = efficiency(p, "portfolio")
    assert list(whole.columns)[0] == "subsidy_eur"
    assert records(
        whole, "subsidy_eur", "own_contribution_eur", "structural_eur", "n_projects"
    ) == [(375272, 3, 104000, 3)]


def test_ratios_are_exact_and_never_infinite() -> None:
    df = efficiency(small(), "project").set_index("project_id")
    assert df.loc["shared", "leverage"] == pytest.approx(70011 / 3)
    assert pd.isna(df.loc["solo", "leverage"])
    assert bool(df.loc["solo", "fully_external"]) is True
    assert bool(df.loc["shared", "fully_external"]) is False
    assert df.loc["shared", "cofinancing_rate"] == pytest.approx(3 / 70014)
    assert df.loc["solo", "cofinancing_rate"] == 0
    assert str(df["leverage"].dtype) == "Float64"
    empty = efficiency(make(), "portfolio")
    assert records(empty, "subsidy_eur", "total_eur", "n_projects") == [(0, 0, 0)]
    assert pd.isna(empty.loc[0, "leverage"]) and pd.isna(empty.loc[0, "cofinancing_rate"])


@pytest.mark.parametrize("kwargs", [{"by": "city"}, {"split": "half"}, {"structural": "budget"}])
def test_unknown_keys_are_usage_errors(kwargs: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="must be one of"):
        efficiency(small(), **kwargs)


# -- properties -------------------------------------------------------------------------------

IDS = ["p0", "p1", "p2", "p3", "p4"]


@st.composite
def portfolios(draw: st.DrawFn) -> dict:
    n = draw(st.integers(1, 5))
    pids = IDS[:n]
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(pids),
                st.integers(0, 5_000_000),
                st.integers(0, 500_000),
                st.integers(2004, 2008),
                st.sampled_from(["equal", "logo", "agis"]),
            ),
            min_size=0,
            max_size=8,
        )
    )
    links = draw(st.sets(st.tuples(st.sampled_from(pids), st.sampled_from(["a", "b", "c"]))))
    motives = draw(
        st.sets(st.tuples(st.sampled_from(pids), st.sampled_from(["helpen", "leren", "handel"])))
    )
    budget = draw(st.integers(0, 200_000))
    return {
        "contacts": contacts("a", "b", "c"),
        "projects": projects(*pids),
        "funding": funding(*rows),
        "project_contacts": [{"project_id": p, "contact_id": c} for p, c in sorted(links)],
        "project_motives": [{"project_id": p, "motive": m} for p, m in sorted(motives)],
        "budget": [
            {"budget_id": "s", "description": "x", "amount_eur": budget, "basis": "structureel"}
        ],
    }


MONEY = ["subsidy_eur", "own_contribution_eur", "total_eur"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_every_breakdown_adds_up_to_the_portfolio_total(tables: dict) -> None:
    p = make(**tables)
    whole = efficiency(p, "portfolio").iloc[0]
    for by in BY:
        for split in SPLIT_KEYS:
            for key in STRUCTURAL_KEYS:
                df = efficiency(p, by, split=split, structural=key)
                for column in MONEY:
                    assert int(df[column].sum()) == int(whole[column]), (by, split, key, column)
                if by == "contact":
                    assert int(df["structural_eur"].sum()) == int(whole["structural_eur"])
                assert not df["leverage"].isin([float("inf")]).any()
                assert df["structural_eur"].notna().all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_row_order(tables: dict, rnd: random.Random) -> None:
    shuffled = {}
    for name, records_ in tables.items():
        copy = list(records_)
        rnd.shuffle(copy)
        shuffled[name] = copy
    a, b = make(**tables), make(**shuffled)
    for by in BY:
        for key in STRUCTURAL_KEYS:
            pd.testing.assert_frame_equal(
                efficiency(a, by, structural=key), efficiency(b, by, structural=key)
            )


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 10**7), st.integers(1, 10**6), st.integers(0, 10**6))
def test_leverage_grows_with_subsidy(subsidy: int, own: int, extra: int) -> None:
    def leverage(amount: int) -> float:
        p = make(contacts=contacts("a"), funding=funding(("p", amount, own)))
        return float(efficiency(p, "portfolio").loc[0, "leverage"])

    assert leverage(subsidy + extra) >= leverage(subsidy)


# -- unit costs -------------------------------------------------------------------------------


def test_unit_costs_per_output_with_discrepancy_flags() -> None:
    p = make(
        projects=projects("jobs", "idle"),
        funding=funding(("jobs", 3600000, 277000), ("jobs", 90000, 0)),
        outputs=[
            {"output_id": "cand", "project_id": "jobs", "quantity": 200, "unit": "kandidaat",
             "basis": "beoogd", "description": "kandidaten", "source": "nota test, par. 3"},
            {"output_id": "none", "project_id": "idle", "quantity": 5, "unit": "plan",
             "basis": "beoogd", "description": "x"},
            {"output_id": "zero", "project_id": "jobs", "quantity": 0, "unit": "plan",
             "basis": "beoogd", "description": "x"},
        ],
        discrepancies=[
            {"discrepancy_id": "bedrag", "subject_table": "funding", "subject_id": "f0",
             "statement_a": "ruim een miljoen", "source_a": "a", "statement_b": "3.600.000",
             "source_b": "b", "note_nl": "x", "note_en": "x"},
            {"discrepancy_id": "titel", "subject_table": "projects", "subject_id": "jobs",
             "statement_a": "a", "source_a": "a", "statement_b": "b", "source_b": "b",
             "note_nl": "x", "note_en": "x"},
        ],
    )  # fmt: skip
    df = unit_costs(p)
    assert records(df, "output_id", "total_eur", "subsidy_eur", "eur_per_unit") == [
        ("cand", 3967000, 3690000, 19835.0),
        ("none", None, None, None),
        ("zero", 3967000, 3690000, None),
    ]
    assert df["discrepancy_ids"].tolist() == ["bedrag;titel", "", "bedrag;titel"]
    assert df.loc[0, "source"] == "nota test, par. 3;nota test, regel 0;nota test, regel 1"
    assert str(df["total_eur"].dtype) == "Int64"


# -- the real Assen data (figures checked by hand against the nota, chapter 6) -----------------


def test_assen_portfolio_totals() -> None:
    p = assen()
    whole = efficiency(p, "portfolio").iloc[0]
    assert int(whole["subsidy_eur"]) == 4874851
    assert int(whole["own_contribution_eur"]) == 322000
    assert int(whole["structural_eur"]) == 104000
    for by in BY:
        assert int(efficiency(p, by)["subsidy_eur"].sum()) == 4874851


def test_assen_workprofiler_leverage_and_unit_cost() -> None:
    p = assen()
    project = efficiency(p, "project").set_index("project_id").loc["workprofiler"]
    assert project["leverage"] == pytest.approx(3600000 / 277000)
    costs = unit_costs(p).set_index("output_id").loc["workprofiler-kandidaten"]
    assert costs["eur_per_unit"] == pytest.approx((3600000 + 277000) / 200)
    assert "workprofiler-bedrag" in costs["discrepancy_ids"].split(";")


def test_assen_by_contact_poznan_and_naledi() -> None:
    df = efficiency(assen(), "contact").set_index("contact_id")
    # Poznan: 90000 + 3600000 + 107764 + 450000 and a third of the 70000 Logo East II project
    assert int(df.loc["poznan", "subsidy_eur"]) == 90000 + 3600000 + 107764 + 450000 + 23333
    assert int(df.loc["poznan", "own_contribution_eur"]) == 322000
    # Naledi: Logo South I 215261 + 25000 and Logo South II 246826, all external
    assert int(df.loc["naledi", "subsidy_eur"]) == 215261 + 25000 + 246826
    assert bool(df.loc["naledi", "fully_external"]) is True
    assert int(df.loc[UNATTRIBUTED, "subsidy_eur"]) == 70000  # Beating heart!
