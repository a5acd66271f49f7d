"""SMART review of werkplan results: one verdict per result and criterion, each with a reason."""

from __future__ import annotations

import pandas as pd
import pytest
from evaldata import assen, contacts, make

from assen_eval.evaluate.smart import CRITERIA, VERDICTS, smart_review, smart_summary


def review_of(*results: tuple[str, str, str], indicators: list[dict] | None = None) -> pd.DataFrame:
    """Review results given as (result_id, effort_id, text); efforts e1 and e2 belong to o1."""
    p = make(
        contacts=[{**contacts("naledi")[0], "name": "Naledi"}],
        objectives=[{"objective_id": "o1", "contact_id": "naledi", "text": "Naledi helpen."}],
        efforts=[
            {"effort_id": "e1", "objective_id": "o1", "text": "Uitgevoerde 1e fase."},
            {"effort_id": "e2", "objective_id": "o1", "text": "Memorandum eind 2009."},
        ],
        results=[{"result_id": r, "effort_id": e, "text": t} for r, e, t in results],
        indicators=indicators or [],
    )
    return smart_review(p)


def verdicts(df: pd.DataFrame, result_id: str) -> dict[str, str]:
    rows = df[df["result_id"] == result_id]
    return dict(zip(rows["criterion"], rows["verdict"], strict=True))


def ind(iid: str, level: str, parent: str, target: float | None, unit: str, **kw: object) -> dict:
    return {"indicator_id": iid, "level": level, "parent_id": parent, "description": iid,
            "target_value": target, "unit": unit, **kw}  # fmt: skip


def test_a_smart_result() -> None:
    df = review_of(
        ("r1", "e1", "Vijf getrainde medewerkers bij de gemeente Naledi. Realisatie 2009."),
        indicators=[ind("i1", "resultaat", "r1", 5, "medewerker", deadline="2009-12-31")],
    )
    assert verdicts(df, "r1") == {
        "specific": "yes",
        "measurable": "yes",
        "achievable": "auditor",
        "result_oriented": "yes",
        "time_bound": "yes",
    }
    reasons = dict(zip(df["criterion"], df["reason_en"], strict=True))
    assert reasons["specific"] == "names who: gemeente, medewerkers, Naledi; names what: vijf"
    assert reasons["measurable"] == "indicator with a target: i1: 5 medewerker"
    assert reasons["time_bound"] == "indicator i1 has deadline 31 December 2009"
    assert reasons["achievable"].startswith("for the auditor to judge")
    assert df["indicator_ids"].unique().tolist() == ["i1"]
    assert df["contact_id"].unique().tolist() == ["naledi"]


def test_a_vague_result() -> None:
    df = review_of(("r1", "e1", "Er is bos aangeplant."))
    assert verdicts(df, "r1") == {
        "specific": "no",
        "measurable": "no",
        "achievable": "auditor",
        "result_oriented": "no",
        "time_bound": "no",
    }
    reasons = dict(zip(df["criterion"], df["reason_nl"], strict=True))
    assert reasons["specific"] == "noemt niet wie; noemt geen hoeveelheid of naam (wat)"
    assert reasons["measurable"] == "geen indicator bij dit resultaat of zijn inspanning"


@pytest.mark.parametrize(
    ("text", "indicators", "criterion", "verdict", "reason_en"),
    [
        # measurable: an indicator without a target is only partly measurable
        ("Iets.", [ind("i", "resultaat", "r1", None, "plan")], "measurable", "partly",
         "indicator without a target value: i"),
        # the effort's indicator counts for its result
        ("Iets.", [ind("i", "inspanning", "e1", 1, "memorandum")], "measurable", "yes",
         "indicator with a target: i: 1 memorandum"),
        ("4.000 containers.", [], "measurable", "no",
         "no indicator on this result or its effort (the text does mention 4.000)"),
        # result-oriented: money and percentages do not count deliverables
        ("Iets.", [ind("i", "resultaat", "r1", 70000, "eur")], "result_oriented", "partly",
         "indicator does not count a deliverable (an amount, a percentage or no target): "
         "i: 70,000 eur"),
        ("Iets.", [ind("i", "resultaat", "r1", 3120, "ton_co2_per_jaar")], "result_oriented",
         "partly", "indicator does not count a deliverable (an amount, a percentage or no "
         "target): i: 3,120 ton_co2_per_jaar"),
        ("Iets.", [ind("i", "resultaat", "r1", 2.5, "plan")], "result_oriented", "partly",
         "indicator does not count a deliverable (an amount, a percentage or no target): "
         "i: 2.5 plan"),
        ("Vijf medewerkers.", [], "result_oriented", "partly",
         "the text names a quantity (vijf), but no indicator records it"),
        # time-bound: from the indicator's text, the result's text, or only the effort's
        ("Iets.", [ind("i", "resultaat", "r1", 1, "plan", deadline_text="eind 2009")],
         "time_bound", "yes", "indicator i: 'eind 2009' -> 31 December 2009: the end of a year is "
         "31 December"),
        ("Start begin 2010.", [], "time_bound", "yes", "time expression in the text: "
         "'begin 2010' -> 31 March 2010: the beginning of a year is its first quarter "
         "(to 31 March)"),
        ("Minder afval ten opzichte van 2007.", [], "time_bound", "no",
         "no deadline: no indicator with a deadline and no time expression in the text"),
        # specific: who without what, what without who
        ("De raad is bekend met de afspraken.", [], "specific", "partly",
         "names who: raad; names no quantity or name (what)"),
        ("Een plan van aanpak.", [], "specific", "partly", "does not name who; names what: plan"),
        ("De formele status van 'Millennium Gemeente'.", [], "specific", "yes",
         "names who: gemeente; names what: Millennium Gemeente"),
    ],
)  # fmt: skip
def test_criterion_rules(
    text: str, indicators: list[dict], criterion: str, verdict: str, reason_en: str
) -> None:
    df = review_of(("r1", "e1", text), indicators=indicators)
    row = df[df["criterion"] == criterion].iloc[0]
    assert (row["verdict"], row["reason_en"]) == (verdict, reason_en)


def test_only_the_effort_names_a_time() -> None:
    df = review_of(("r1", "e2", "De raad is bekend met de afspraken."))
    row = df[df["criterion"] == "time_bound"].iloc[0]
    assert row["verdict"] == "partly"
    assert row["reason_en"] == (
        "only the effort names a time: "
        "'eind 2009' -> 31 December 2009: the end of a year is 31 December"
    )


def test_long_format_and_summary() -> None:
    df = review_of(
        ("r1", "e1", "Vijf medewerkers bij de gemeente Naledi. Realisatie 2009."),
        ("r2", "e2", "Iets."),
        indicators=[ind("i1", "resultaat", "r1", 5, "medewerker")],
    )
    assert len(df) == 2 * len(CRITERIA)
    assert df["criterion"].tolist()[:5] == list(CRITERIA)
    assert set(df["verdict"]) <= set(VERDICTS)
    assert df["reason_nl"].notna().all() and df["reason_en"].notna().all()
    assert (df.loc[df["criterion"] == "achievable", "verdict"] == "auditor").all()
    summary = smart_summary(df)
    assert list(summary.columns) == ["result_id", "contact_id", *CRITERIA, "n_yes"]
    assert summary.values.tolist() == [
        ["r1", "naledi", "yes", "yes", "auditor", "yes", "yes", 4],
        ["r2", "naledi", "no", "no", "auditor", "no", "partly", 0],
    ]


def test_r2_reasons_come_from_its_effort() -> None:
    df = review_of(
        ("r2", "e2", "Iets."), indicators=[ind("m", "inspanning", "e2", 1, "memorandum")]
    )
    assert verdicts(df, "r2")["measurable"] == "yes"
    assert df["source"].iloc[0] == "nota test, hfdst. 6"


# -- the real Assen data --------------------------------------------------------------------


def test_assen_review() -> None:
    df = smart_review(assen())
    # "Vijf gekwalificeerde (getrainde) medewerkers ... 4.000 vuilcontainers ... Realisatie 2009."
    assert verdicts(df, "res-naledi-medewerkers-containers") == {
        "specific": "yes",
        "measurable": "yes",
        "achievable": "auditor",
        "result_oriented": "yes",
        "time_bound": "yes",
    }
    # "De formele status van 'Millennium Gemeente'." names no date
    assert verdicts(df, "res-millennium-status")["time_bound"] == "no"
    # "Er is bos aangeplant met de bijdrage van de gemeente Assen." has no indicator
    assert verdicts(df, "res-millennium-samboja")["measurable"] == "no"
    assert len(df) == 5 * len(assen().results)
