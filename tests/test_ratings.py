"""Ratings: kept by the auditor, never computed; shown beside the metrics that bear on them."""

from __future__ import annotations

import pandas as pd
from evaldata import assen, contacts, funding, make, projects
from hypothesis import given, settings
from hypothesis import strategies as st

from assen_eval.data.schema import FIXED_CODES
from assen_eval.evaluate.ratings import RATING_CHECKS, SCALE, ratings, validate_ratings


def rating(contact: str, criterion: str, score: int, rated_on: str = "2010-12-01") -> dict:
    return {"contact_id": contact, "criterion": criterion, "score": score,
            "justification": "omdat", "evidence": "nota", "rater": "auditor",
            "rated_on": rated_on, "source": "audit 2010"}  # fmt: skip


def portfolio(*rated: dict, **tables: object):
    base = {
        "contacts": [
            {**contacts("alpha")[0], "start_year": 1991},
            {**contacts("beta")[0], "start_year": 2004},
        ],
        "projects": projects("jobs", "waste"),
        "project_contacts": [
            {"project_id": "jobs", "contact_id": "beta"},
            {"project_id": "waste", "contact_id": "alpha"},
        ],
        "funding": funding(("jobs", 3600000, 277000), ("waste", 215261, 0)),
        "contact_motives": [
            {"contact_id": "alpha", "motive": "helpen", "emphasis": "centraal"},
            {"contact_id": "beta", "motive": "leren", "emphasis": "centraal", "from_year": 2004},
        ],
        "objectives": [{"objective_id": "o", "contact_id": "alpha", "text": "x"}],
        "efforts": [{"effort_id": "e", "objective_id": "o", "text": "x"}],
        "results": [{"result_id": "r", "effort_id": "e", "text": "x"}],
        "indicators": [
            {"indicator_id": "i1", "level": "resultaat", "parent_id": "r", "description": "x",
             "target_value": 10, "unit": "plan", "deadline": "2009-12-31"},
            {"indicator_id": "i2", "level": "resultaat", "parent_id": "r", "description": "y",
             "target_value": 5, "unit": "plan", "deadline": "2009-12-31"},
        ],
        "observations": [
            {"observation_id": "a", "indicator_id": "i1", "date": "2009-10-01",
             "actual_value": 10, "evidence": "x", "source": "jaarverslag"},
            {"observation_id": "b", "indicator_id": "i2", "date": "2009-10-01",
             "actual_value": 0, "evidence": "x", "source": "jaarverslag"},
        ],
    }  # fmt: skip
    return make(**{**base, **tables}, ratings=list(rated))


def test_a_rating_with_its_label_and_metrics() -> None:
    df = ratings(portfolio(rating("beta", "efficiency", 3)))
    assert len(df) == 1
    row = df.iloc[0]
    assert (row["contact_id"], row["criterion"], row["score"]) == ("beta", "efficiency", 3)
    assert (row["label_nl"], row["label_en"]) == ("Voldoende", "Satisfactory")
    assert row["metric_evidence_nl"] == (
        "1 gefinancierd project: subsidie € 3.600.000, eigen bijdrage € 277.000 "
        "(cofinanciering 7,14%); hefboom 13 (subsidie per euro eigen bijdrage)"
    )
    assert row["metric_evidence_en"] == (
        "1 funded project: subsidy €3,600,000, own contribution €277,000 "
        "(co-financing 7.14%); leverage 13 (subsidy per euro of own money)"
    )
    assert row["source"] == "audit 2010;nota test, hfdst. 6;nota test, regel 0"
    assert row["rated_on"] == pd.Timestamp("2010-12-01")
    assert str(df["score"].dtype) == "Int64"


def test_metric_evidence_per_criterion() -> None:
    rated = [rating("alpha", c, 2) for c in FIXED_CODES["criterion"]]
    df = ratings(portfolio(*rated)).set_index("criterion")["metric_evidence_en"]
    assert df.to_dict() == {
        "relevance": "Motives: Helping (Central)",
        "coherence": "no metric data",
        "effectiveness": "2 indicators as of 2010-12-31: 1 achieved, 1 not achieved",
        "efficiency": "1 funded project: subsidy €215,261, own contribution €0 "
        "(co-financing 0%); fully externally funded",
        "impact": "no metric data",
        "sustainability": "Relation since 1991 (19 years in 2010); status: Active",
    }


def test_relevance_shows_the_years_of_a_motive() -> None:
    df = ratings(portfolio(rating("beta", "relevance", 4)))
    assert df.loc[0, "metric_evidence_nl"] == "Motieven: Leren (Centraal, vanaf 2004)"


def test_code_never_invents_a_rating() -> None:
    p = portfolio(rating("alpha", "relevance", 3))
    assert ratings(p)[["contact_id", "criterion"]].values.tolist() == [["alpha", "relevance"]]
    every = ratings(p, include_missing=True)
    assert len(every) == 2 * len(FIXED_CODES["criterion"])
    assert every["score"].notna().sum() == 1
    assert every.loc[every["score"].isna(), "label_nl"].isna().all()
    assert every["metric_evidence_nl"].notna().all()


@settings(max_examples=15, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from(["alpha", "beta"]), st.sampled_from(FIXED_CODES["criterion"])),
        st.integers(1, 4),
        max_size=6,
    )
)
def test_scores_are_passed_through_unchanged(kept: dict) -> None:
    p = portfolio(*(rating(c, k, s) for (c, k), s in kept.items()))
    df = ratings(p, include_missing=True)
    got = {
        (r["contact_id"], r["criterion"]): int(r["score"])
        for r in df.to_dict("records")
        if not pd.isna(r["score"])
    }
    assert got == kept
    assert set(df["label_en"].dropna()) <= {v["en"] for v in SCALE.values()}


def test_validate_ratings_cross_table_checks() -> None:
    p = portfolio(
        rating("alpha", "relevance", 3, rated_on="1990-05-01"),
        rating("alpha", "effectiveness", 4),
        rating("beta", "impact", 2),
        rating("beta", "efficiency", 3),
    )
    problems = validate_ratings(p)
    assert problems[["contact_id", "criterion", "check"]].values.tolist() == [
        ["alpha", "relevance", "rated_before_start"],
        ["beta", "impact", "no_metric_data"],
    ]
    assert (
        problems.loc[0, "message_en"] == "rated on 1990-05-01, before the relation started in 1991"
    )
    assert set(problems["check"]) <= set(RATING_CHECKS)


def test_validate_ratings_score_against_indicators() -> None:
    failing = {
        "observations": [
            {"observation_id": "b", "indicator_id": "i2", "date": "2009-10-01",
             "actual_value": 0, "evidence": "x"}
        ]
    }  # fmt: skip
    problems = validate_ratings(portfolio(rating("alpha", "effectiveness", 4), **failing))
    assert problems["message_en"].tolist() == [
        "score 4, but no indicator achieved and 1 not achieved"
    ]
    achieved = {
        "observations": [
            {"observation_id": k, "indicator_id": i, "date": "2009-10-01", "actual_value": 10,
             "evidence": "x"}
            for k, i in (("a", "i1"), ("b", "i2"))
        ]
    }  # fmt: skip
    problems = validate_ratings(portfolio(rating("alpha", "effectiveness", 1), **achieved))
    assert problems["message_en"].tolist() == ["score 1, but all 2 due indicators are achieved"]
    assert validate_ratings(portfolio()).empty


# -- the real Assen data --------------------------------------------------------------------


def test_assen_metric_evidence() -> None:
    p = assen()
    df = ratings(p, include_missing=True)
    assert len(df) == len(p.contacts) * len(FIXED_CODES["criterion"])
    assert df["score"].notna().sum() == len(p.ratings)  # only what the auditor kept
    efficiency = df[(df["contact_id"] == "poznan") & (df["criterion"] == "efficiency")].iloc[0]
    # Poznan: 90000 + 3600000 + 107764 + 450000 + 23333 (a third of Logo East II); own 322000
    assert "subsidie € 4.271.097, eigen bijdrage € 322.000" in efficiency["metric_evidence_nl"]
    assert validate_ratings(p).columns.tolist() == [
        "contact_id",
        "criterion",
        "check",
        "message_nl",
        "message_en",
    ]
