"""SMART review of werkplan results: the result's own words, one rule of the guide per case.

Each case names the cause of an over-favourable review that the method must not repeat
(the effort taken for the result, activities counted as results, financing read as a target,
an analyst's target read as the source's, an actor taken for the beneficiary, time words
replaced by dates). Agreement with the labelled werkplannen: ``test_smart_agreement.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from evaldata import assen, contacts, make

from assen_eval.errors import UsageError
from assen_eval.evaluate.smart import (
    CRITERIA,
    LEVELS,
    VERDICTS,
    classify,
    smart_review,
    smart_summary,
)

EFFORT = "Uitgevoerde 1e fase."


def review_of(
    text: str, effort: str = EFFORT, indicators: list[dict] | None = None
) -> pd.DataFrame:
    p = make(
        contacts=[{**contacts("stad")[0], "name": "Stad"}],
        objectives=[{"objective_id": "o1", "contact_id": "stad", "text": "De stad helpen."}],
        efforts=[{"effort_id": "e1", "objective_id": "o1", "text": effort}],
        results=[{"result_id": "r1", "effort_id": "e1", "text": text}],
        indicators=indicators or [],
    )
    return smart_review(p)


def verdict(df: pd.DataFrame, criterion: str) -> tuple[str, str]:
    row = df[df["criterion"] == criterion].iloc[0]
    return row["verdict"], row["reason_en"]


def ind(target: float, origin: str, unit: str = "project") -> dict:
    return {"indicator_id": "i1", "level": "resultaat", "parent_id": "r1", "description": "i",
            "target_value": target, "target_origin": origin, "target_note": "analist",
            "unit": unit}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Vijf getrainde medewerkers bij de gemeente Stad.", "output"),
        ("Start project afvalscheiding.", "activity"),
        ("Projectaanvraag ingediend bij de provincie.", "activity"),
        ("Een plan van aanpak, gereed eind 2009.", "activity"),
        ("Het realiseren van een ondernemersloket in oktober 2009.", "activity"),
        ("80% gefinancierd door de EU. 45.000 euro voor het inrichten van een loket.", "input"),
        ("Aan Stad beschikbaar gesteld budget om 300 afvalbakken te kopen.", "input"),
        ("Er is bos aangeplant met de bijdrage van de gemeente.", "output"),
        ("Minder zwerfvuil in de wijk.", "outcome"),
        ("Ondernemers gebruiken het loket.", "outcome"),
        # mixed: the lowest level, so the auditor sees the weakest commitment
        ("Tien getrainde handhavers. Aan Stad beschikbaar gesteld budget.", "input"),
        ("Projecten binnengehaald die leiden tot versterking van de gemeente Stad.", "input"),
    ],
)
def test_the_level_of_a_statement_in_the_results_chain(text: str, level: str) -> None:
    assert classify(text).level == level
    assert level in LEVELS


def test_the_effort_is_not_taken_for_the_result() -> None:
    """Cause 1: a measure and a date on the effort make the result at most 'partly'."""
    df = review_of(
        "De raad is aantoonbaar bekend met de inhoud van de vastgelegde afspraken.",
        effort="Een door beide gemeenten ondertekend memorandum, eind 2009.",
    )
    assert verdict(df, "measurable")[0] == "partly"
    assert "via effort" in verdict(df, "measurable")[1]
    assert verdict(df, "time_bound") == (
        "partly",
        "partly (via effort): ‘eind 2009’ → deadline 31 December 2009",
    )
    assert verdict(df, "result_oriented")[0] == "no"  # being informed is an activity
    assert verdict(df, "specific")[0] == "partly"  # who: raad; what: only a reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Start begin 2010.", "no"),
        ("Projectaanvraag ingediend.", "no"),
        ("Het realiseren van een ondernemersloket.", "no"),
        ("Beschikbaar gesteld budget om containers te kopen.", "no"),
        ("Er is bos aangeplant.", "partly"),  # an output, but for whom?
        ("Inwoners van de wijk melden minder zwerfvuil.", "yes"),
        ("Vijf getrainde medewerkers bij de gemeente Stad.", "yes"),
    ],
)
def test_result_oriented_means_a_result_for_someone(text: str, expected: str) -> None:
    """Cause 2: result-oriented is outcome versus activity, not a second measurability test."""
    assert verdict(review_of(text), "result_oriented")[0] == expected


def test_financing_is_neither_the_measure_nor_the_what() -> None:
    """Cause 3: '100% gefinancierd', '70.000 euro' are means, not targets."""
    df = review_of("100% gefinancierd door VNG. 70.000 euro voor het realiseren van een loket.")
    assert verdict(df, "measurable") == ("yes", "measure in its own words: ‘een loket’")
    assert verdict(df, "result_oriented")[0] == "no"
    assert "financing in the text: ‘100% gefinancierd’" in verdict(df, "achievable")[1]
    no_desk = review_of("100% gefinancierd door VNG. 70.000 euro.")
    assert verdict(no_desk, "measurable")[0] == "no"


def test_only_a_target_from_the_source_makes_a_result_measurable() -> None:
    """Cause 4: a target the analyst operationalised gives 'partly', and says so."""
    vague = "Structureel zwerfvuilproject i.s.m. scholen."
    operationalised = review_of(vague, indicators=[ind(1, "operationalised")])
    assert verdict(operationalised, "measurable") == (
        "partly",
        "partly (operationalised by the analyst): i1: 1 project; the work plan itself names "
        "no measure",
    )
    stated = review_of(vague, indicators=[ind(1, "stated")])
    assert verdict(stated, "measurable")[0] == "no"  # a stated target would be in the words
    assert verdict(review_of(vague), "measurable")[0] == "no"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Structureel zwerfvuilproject i.s.m. onderwijs en jongerenwerk.", "partly"),
        ("Voorstel voor een pilot met marktpartijen.", "partly"),
        ("Het jaarverslag ligt uiterlijk 1 april 2013 bij de raad.", "partly"),
        ("Gefinancierd door de provincie.", "no"),
        ("Een ondernemersloket in Kaliningrad.", "yes"),  # a beneficiary inside the compound
        ("Twaalf scholen in Wierzbów werken met het lespakket.", "yes"),
        ("Assen heeft projecten kunnen binnenhalen die leiden tot versterking.", "partly"),
    ],
)
def test_specific_needs_a_beneficiary_not_any_actor(text: str, expected: str) -> None:
    """Cause 5: partners, funders and addressees are not the 'who'; vague plurals no 'what'."""
    assert verdict(review_of(text), "specific")[0] == expected


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("Start begin 2010.", "partly", "only a start, no deadline: ‘Start begin 2010’ → start"),
        ("Realisatie 2009.", "yes", "‘Realisatie 2009’ → deadline 31 December 2009"),
        ("Gereed vóór 2011.", "yes", "→ deadline 31 December 2010"),
        ("Het jaarverslag over 2012 ligt uiterlijk 1 april 2013 bij de raad.", "yes", "1 April"),
        ("Minder afval ten opzichte van 2007.", "no", "no time in the result or the effort"),
    ],
)
def test_time_words_are_quoted_with_the_day_they_are_read_as(
    text: str, expected: str, reason: str
) -> None:
    """Cause 6: the reason quotes the words and says start or deadline; 'vóór 2011' is 2010."""
    got, why = verdict(review_of(text, effort="Iets."), "time_bound")
    assert got == expected
    assert reason in why


def test_achievable_is_the_auditors_with_relevance_and_evidence() -> None:
    """Cause 7: the auditor sees the objective and the means the data hold."""
    df = review_of("Vijf getrainde medewerkers.")
    got, why = verdict(df, "achievable")
    assert got == "auditor"
    assert "objective (relevance): ‘De stad helpen.’" in why


def test_long_format_summary_and_partly_counted() -> None:
    df = review_of("Er is bos aangeplant.")
    assert list(df["criterion"]) == list(CRITERIA)
    assert set(df["verdict"]) <= set(VERDICTS)
    summary = smart_summary(df)
    assert list(summary.columns) == [
        "result_id", "contact_id", "level", *CRITERIA, "n_yes", "n_partly",
    ]  # fmt: skip
    row = summary.iloc[0]
    assert (row["level"], int(row["n_yes"]), int(row["n_partly"])) == ("output", 0, 2)


def test_smart_summary_takes_a_portfolio_or_says_what_it_needs() -> None:
    p = assen()
    assert smart_summary(p).equals(smart_summary(smart_review(p)))
    with pytest.raises(UsageError, match="needs smart_review"):
        smart_summary(pd.DataFrame({"result_id": ["r1"]}))
    with pytest.raises(UsageError, match="got int"):
        smart_summary(3)


def test_assen_review_is_mostly_activities_and_inputs() -> None:
    summary = smart_summary(assen())
    assert len(summary) == 13
    levels = summary["level"].value_counts().to_dict()
    assert levels.get("outcome", 0) == 0 and levels["activity"] + levels["input"] == 11
    assert (summary["result_oriented"] == "yes").sum() == 0
