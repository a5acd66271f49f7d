"""Effectiveness: indicator status and timeliness, roll-ups and chain completeness."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from evaldata import assen, contacts, make
from hypothesis import given, settings
from hypothesis import strategies as st

from assen_eval.errors import UsageError
from assen_eval.evaluate.effectiveness import (
    STATUSES,
    TIMELINESS,
    chain_completeness,
    effectiveness,
    indicator_chain,
    rollup,
)

WERKPLAN = {
    "contacts": contacts("alpha", "beta"),
    "objectives": [
        {"objective_id": "o1", "contact_id": "alpha", "text": "Alpha helpen."},
        {"objective_id": "o2", "contact_id": "beta", "text": "Beta."},
        {"objective_id": "o3", "text": "Zonder contact."},
    ],
    "efforts": [
        {"effort_id": "e1", "objective_id": "o1", "text": "Project."},
        {"effort_id": "e2", "objective_id": "o1", "text": "Memorandum eind 2009."},
        {"effort_id": "e3", "objective_id": "o3", "text": "Iets."},
    ],
    "results": [
        {"result_id": "r1", "effort_id": "e1", "text": "4.000 containers. Realisatie 2009."},
        {"result_id": "r3", "effort_id": "e3", "text": "Iets."},
    ],
    "effects": [
        {"effect_id": "f1", "effort_id": "e1", "text": "Minder afval."},
        {"effect_id": "f3", "effort_id": "e3", "text": "Beter."},
    ],
}


def indicator(**overrides: object) -> dict:
    base = {
        "indicator_id": "i1",
        "level": "resultaat",
        "parent_id": "r1",
        "description": "containers",
        "target_value": 4000,
        "unit": "container",
        "deadline_text": "Realisatie 2009",
        "deadline": "2009-12-31",
    }
    return {**base, **overrides}


def judge(ind: dict, observations: list[tuple[str, float]], as_of: object = None) -> dict:
    p = make(
        **WERKPLAN,
        indicators=[ind],
        observations=[
            {"observation_id": f"obs{k}", "indicator_id": ind["indicator_id"], "date": d,
             "actual_value": v, "evidence": f"verslag {k}"}
            for k, (d, v) in enumerate(observations)
        ],
    )  # fmt: skip
    return effectiveness(p, as_of).iloc[0].to_dict()


NONE = None
CASES = [
    # (name, indicator overrides, observations, as_of, status, timeliness, attainment)
    ("achieved on time", {}, [("2009-11-15", 4000)], NONE, "achieved", "on_time", 1.0),
    ("achieved late", {}, [("2010-02-01", 4500)], NONE, "achieved", "late", 1.125),
    ("achieved on the day", {}, [("2009-12-31", 4000)], NONE, "achieved", "on_time", 1.0),
    ("partly, deadline passed", {}, [("2009-11-15", 3000)], NONE, "partly_achieved", "late", 0.75),
    ("partly, not yet due", {}, [("2009-06-01", 1000)], "2009-06-30", "partly_achieved",
     "not_due", 0.25),
    ("zero when due", {}, [("2009-11-15", 0)], NONE, "not_achieved", "late", 0.0),
    ("zero before due", {}, [("2009-01-15", 0)], "2009-06-30", "not_yet_due", "not_due", 0.0),
    ("nothing, not due", {}, [], "2009-06-30", "not_yet_due", "not_due", None),
    ("nothing, passed", {}, [], NONE, "no_data", "unknown", None),
    ("nothing, no deadline", {"deadline": None, "deadline_text": None}, [], NONE, "no_data",
     "unknown", None),
    ("no target", {"target_value": None}, [("2009-11-15", 12)], NONE, "no_data", "unknown", None),
    ("target zero", {"target_value": 0}, [("2009-11-15", 12)], NONE, "no_data", "unknown", None),
    ("observation after as_of", {}, [("2010-02-01", 4000)], "2009-12-31", "no_data", "unknown",
     None),
    ("latest observation wins", {}, [("2009-11-15", 4000), ("2009-06-01", 100)], NONE,
     "achieved", "on_time", 1.0),
    ("deadline read from text", {"deadline": None, "deadline_text": "eind 2009"},
     [("2010-01-05", 4000)], NONE, "achieved", "late", 1.0),
    ("achieved, no deadline", {"deadline": None, "deadline_text": None}, [("2009-11-15", 4000)],
     NONE, "achieved", "unknown", 1.0),
]  # fmt: skip


@pytest.mark.parametrize(("name", "over", "obs", "as_of", "status", "timely", "attain"), CASES)
def test_status_rules(
    name: str, over: dict, obs: list, as_of: object, status: str, timely: str, attain: float | None
) -> None:
    row = judge(indicator(**over), obs, as_of)
    assert row["status"] == status
    assert row["timeliness"] == timely
    if attain is None:
        assert pd.isna(row["attainment"])
    else:
        assert row["attainment"] == pytest.approx(attain)


def test_reasons_say_why() -> None:
    row = judge(indicator(), [("2009-11-15", 3000)])
    assert row["reason_nl"] == (
        "3.000 van de beoogde 4.000 container (75%) gemeten op 15 november 2009; "
        "deadline 31 december 2009"
    )
    assert row["reason_en"] == (
        "3,000 of the targeted 4,000 container (75%) measured on 15 November 2009; "
        "deadline 31 December 2009"
    )
    row = judge(indicator(deadline=None, deadline_text="eind 2009"), [])
    assert row["reason_en"] == (
        "no observation up to 31 December 2010; deadline 31 December 2009 (read from 'eind 2009')"
    )
    assert pd.isna(row["evidence"])


def test_row_columns_chain_and_sources() -> None:
    p = make(
        **WERKPLAN,
        indicators=[
            indicator(),
            indicator(indicator_id="i2", level="effect", parent_id="f1", source="nota test, b2"),
            indicator(indicator_id="i3", level="inspanning", parent_id="e3"),
        ],
        observations=[
            {"observation_id": "x", "indicator_id": "i1", "date": "2009-11-15",
             "actual_value": 4000, "evidence": "jaarverslag", "source": "verslag 2009"}
        ],
    )  # fmt: skip
    df = effectiveness(p)
    chain = df[["indicator_id", "result_id", "effect_id", "effort_id", "objective_id"]]
    assert chain.astype(object).where(chain.notna(), None).values.tolist() == [
        ["i1", "r1", None, "e1", "o1"],
        ["i2", None, "f1", "e1", "o1"],
        ["i3", None, None, "e3", "o3"],
    ]
    assert df["contact_id"].tolist()[:2] == ["alpha", "alpha"]
    assert df["contact_id"].isna().tolist() == [False, False, True]
    assert df.loc[0, "source"] == "nota test, hfdst. 6;verslag 2009"
    assert df.loc[0, "evidence"] == "jaarverslag"
    assert df.loc[0, "observed_on"] == pd.Timestamp("2009-11-15")
    assert str(df["deadline"].dtype) == "datetime64[s]"
    assert str(df["attainment"].dtype) == "Float64"
    assert list(indicator_chain(p)["effort_id"]) == ["e1", "e1", "e3"]


def test_as_of_accepts_a_year_and_defaults_to_the_evaluation_year() -> None:
    ind = indicator()
    assert judge(ind, [], 2009)["status"] == "no_data"  # 2009-12-31: deadline reached
    assert judge(ind, [], "2009-12-30")["status"] == "not_yet_due"
    p = make(meta={"evaluation_year": 2009}, **WERKPLAN, indicators=[ind])
    assert effectiveness(p).loc[0, "reason_en"].startswith("no observation up to 31 December 2009")


def werkplan_with_statuses():
    return make(
        **WERKPLAN,
        indicators=[
            indicator(),
            indicator(indicator_id="i2", level="effect", parent_id="f1"),
            indicator(indicator_id="i3", level="inspanning", parent_id="e2"),
            indicator(indicator_id="i4", level="resultaat", parent_id="r3"),
        ],
        observations=[
            {"observation_id": "a", "indicator_id": "i1", "date": "2009-11-15",
             "actual_value": 4000, "evidence": "x"},
            {"observation_id": "b", "indicator_id": "i4", "date": "2009-11-15",
             "actual_value": 10, "evidence": "x"},
        ],
    )  # fmt: skip


def counts(df: pd.DataFrame, key: str) -> list[list]:
    columns = [key, "n_indicators", *STATUSES]
    return df[columns].astype(object).where(df[columns].notna(), None).values.tolist()


def test_rollup_by_objective_result_and_contact() -> None:
    p = werkplan_with_statuses()
    assert counts(rollup(p), "objective_id") == [
        ["o1", 3, 1, 0, 0, 0, 2],
        ["o2", 0, 0, 0, 0, 0, 0],
        ["o3", 1, 0, 1, 0, 0, 0],
    ]
    assert counts(rollup(p, by="result"), "result_id") == [
        ["r1", 1, 1, 0, 0, 0, 0],
        ["r3", 1, 0, 1, 0, 0, 0],
    ]
    assert counts(rollup(p, by="contact"), "contact_id") == [
        ["alpha", 3, 1, 0, 0, 0, 2],
        ["beta", 0, 0, 0, 0, 0, 0],
        [None, 1, 0, 1, 0, 0, 0],
    ]
    early = rollup(p, as_of="2009-06-30")
    assert early.loc[0, "not_yet_due"] == 3
    with pytest.raises(UsageError):
        rollup(p, by="effort")


def test_chain_completeness() -> None:
    p = werkplan_with_statuses()
    df = chain_completeness(p)
    assert df[["objective_id", "n_efforts", "n_results", "n_effects", "n_indicators"]].astype(
        object
    ).values.tolist() == [["o1", 2, 1, 1, 3], ["o2", 0, 0, 0, 0], ["o3", 1, 1, 1, 1]]
    assert df["complete"].tolist() == [False, False, True]
    assert df["missing_en"].tolist() == ["effort e2: no result, no effect", "no efforts", ""]
    assert df["missing_nl"].tolist()[:2] == [
        "inspanning e2: geen resultaat, geen effect",
        "geen inspanningen",
    ]


observation_rows = st.lists(
    st.tuples(
        st.sampled_from(["i1", "i2", "i3", "i4"]),
        st.dates(
            min_value=pd.Timestamp("2008-01-01").date(), max_value=pd.Timestamp("2011-12-31").date()
        ),
        st.integers(0, 6000),
    ),
    max_size=10,
)


@settings(max_examples=30, deadline=None)
@given(observation_rows, st.randoms(use_true_random=False), st.sampled_from([None, "2009-06-30"]))
def test_statuses_are_known_counts_add_up_and_order_does_not_matter(
    obs: list, rnd: random.Random, as_of: str | None
) -> None:
    records = [
        {"observation_id": f"o{k}", "indicator_id": i, "date": d.isoformat(), "actual_value": v,
         "evidence": "x"}
        for k, (i, d, v) in enumerate(obs)
    ]  # fmt: skip
    base = werkplan_with_statuses().tables
    tables = {n: df for n, df in base.items() if n != "observations"}
    shuffled = list(records)
    rnd.shuffle(shuffled)
    a = make(**tables, observations=records)
    b = make(**tables, observations=shuffled)
    df = effectiveness(a, as_of)
    assert set(df["status"]) <= set(STATUSES)
    assert set(df["timeliness"]) <= set(TIMELINESS)
    pd.testing.assert_frame_equal(df, effectiveness(b, as_of))
    up = rollup(a, as_of, by="objective")
    assert int(up["n_indicators"].sum()) == 4
    assert (up[list(STATUSES)].sum(axis=1) == up["n_indicators"]).all()


# -- the real Assen data ------------------------------------------------------------------------


def test_assen_indicators() -> None:
    p = assen()
    df = effectiveness(p).set_index("indicator_id")
    row = df.loc["ind-naledi-containers"]  # werkplan: 4.000 vuilcontainers, realisatie 2009
    assert (row["contact_id"], row["target_value"], row["unit"]) == ("naledi", 4000, "container")
    assert row["deadline"] == pd.Timestamp("2009-12-31")
    assert df.loc["ind-poznan-loket", "deadline"] == pd.Timestamp("2009-10-31")  # oktober 2009
    assert df.loc["ind-groningen-loket", "objective_id"] == "obj-groningen"
    unobserved = df[df["observation_id"].isna()]
    assert set(unobserved["status"]) <= {"no_data"}  # every werkplan deadline had passed by 2010


def test_assen_chain_completeness() -> None:
    df = chain_completeness(assen()).set_index("objective_id")
    assert bool(df.loc["obj-naledi", "complete"]) is True
    assert "eff-millennium-inkoop: no indicator" in df.loc["obj-millennium", "missing_en"]
