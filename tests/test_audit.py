"""The audit's verdicts (assen_eval.evaluate.audit) on small hand-made data: every measure.

Each test builds a portfolio in the test itself (``tests/evaldata.py``), with one norm of the
measure under test, and checks the verdict per year with the reason that explains it. The last
tests run the Assen and the fictional data sets through the same function.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from evaldata import assen, contacts, funding, make, projects
from hypothesis import given
from hypothesis import strategies as st

from assen_eval.data.periods import parse_period
from assen_eval.data.schema import FIXED_CODES
from assen_eval.errors import UsageError
from assen_eval.evaluate.audit import VERDICTS, audit_verdicts, combine
from assen_eval.evaluate.smart import CRITERIA
from assen_eval.evaluate.trends import audit_trends, previous_years, trend_totals

QUESTION = {"question_id": "q", "kind": "doeltreffendheid", "text_nl": "V?", "text_en": "Q?"}


def norm(measure: str, **columns: Any) -> dict[str, Any]:
    """One norm of ``measure`` (question ``q``), its other columns as given."""
    return {
        "norm_id": "n",
        "question_id": "q",
        "text_nl": "De norm.",
        "text_en": "The norm.",
        "measure": measure,
        **columns,
    }


def judge(period: str = "2009-2011", meta: dict[str, Any] | None = None, **tables: Any) -> Any:
    """The verdicts of norm ``n``: {year: (verdict, reason_nl, value, evidence, source)}."""
    tables.setdefault("audit_questions", [QUESTION])
    portfolio = make(meta, **tables)
    frame = audit_verdicts(portfolio, period)
    assert list(frame["norm_id"].unique()) == ["n"]
    return {
        int(r["year"]): (r["verdict"], r["reason_nl"], r["value"], r["evidence"], r["source"])
        for r in frame.to_dict("records")
    }


def verdicts(result: dict[int, Any]) -> dict[int, str]:
    return {year: v[0] for year, v in result.items()}


# -- combine ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], "niet_te_beoordelen"),
        (["voldoet", "voldoet"], "voldoet"),
        (["voldoet", "niet_te_beoordelen"], "niet_te_beoordelen"),
        (["voldoet", "voldoet_niet"], "voldoet_deels"),
        (["voldoet_niet", "niet_te_beoordelen"], "voldoet_niet"),
        (["voldoet_deels"], "voldoet_deels"),
        (["voldoet_niet", "voldoet_niet"], "voldoet_niet"),
    ],
)
def test_combine(items: list[str], expected: str) -> None:
    assert combine(items) == expected


@given(st.lists(st.sampled_from(VERDICTS[:4]), max_size=8), st.randoms())
def test_combine_is_order_free_and_never_meets_a_norm_with_a_miss(items: list[str], rnd) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    result = combine(items)
    assert result == combine(shuffled) and result in VERDICTS[:4]
    if "voldoet_niet" in items or "voldoet_deels" in items:
        assert result in ("voldoet_deels", "voldoet_niet")
    if result == "voldoet":
        assert set(items) == {"voldoet"}


# -- rule ---------------------------------------------------------------------------------------

RULE = {
    "rule_id": "werkplan",
    "paragraph": "5.1",
    "kind": "yearly_submission",
    "subject": "*",
    "event_types": "werkplan",
    "period_start": 2009,
    "period_end": 2011,
    "description_nl": "Elk jaar een werkplan.",
    "description_en": "A work plan every year.",
}


def _event(year: int) -> dict[str, Any]:
    return {
        "event_id": f"ev-{year}",
        "year": year,
        "event_type": "werkplan",
        "description": "Werkplan",
    }


def test_rule_norm_follows_the_rule_as_of_each_year() -> None:
    result = judge(
        "2008-2011",
        rules=[RULE],
        events=[_event(2009), _event(2011)],
        audit_norms=[norm("rule", rule_id="werkplan")],
    )
    assert verdicts(result) == {
        2008: "niet_van_toepassing",  # the rule's period starts in 2009
        2009: "voldoet",
        2010: "voldoet_niet",  # no work plan in 2010
        2011: "voldoet_niet",  # as of the end of 2011, 2010 is still missing
    }
    assert "2009-2011" in result[2008][1]
    assert "ev-2009" in result[2009][3]
    assert "nota test, hfdst. 6" in result[2009][4]  # the norm's source and the rule's


def test_rule_norm_over_several_subjects_is_partly_met() -> None:
    coverage = {**RULE, "rule_id": "motieven", "kind": "motive_coverage", "event_types": None}
    result = judge(
        "2009-2009",
        rules=[coverage],
        contacts=contacts("alpha", "beta"),
        contact_motives=[{"contact_id": "alpha", "motive": "helpen", "emphasis": "centraal"}],
        audit_norms=[norm("rule", rule_id="motieven")],
    )
    verdict, reason, share, _, _ = result[2009]
    assert verdict == "voldoet_deels"
    assert reason.startswith("voldaan: 1, niet voldaan: 1 (van 2 bevindingen); beta:")
    assert share == 0.5


# -- indicators ---------------------------------------------------------------------------------

WERKPLAN: dict[str, Any] = {
    "objectives": [{"objective_id": "obj", "contact_id": "alpha", "text": "Doel"}],
    "efforts": [{"effort_id": "eff", "objective_id": "obj", "text": "Inspanning"}],
    "results": [{"result_id": "res", "effort_id": "eff", "text": "Vijf medewerkers in 2009"}],
    "indicators": [
        {
            "indicator_id": f"ind-{i}",
            "level": "resultaat",
            "parent_id": "res",
            "description": f"Indicator {i}",
            "target_value": 10,
            "unit": "container",
            "deadline": deadline,
        }
        for i, deadline in ((1, "2009-12-31"), (2, "2009-12-31"), (3, "2010-12-31"))
    ],
}


def _obs(indicator: str, value: float, day: str) -> dict[str, Any]:
    return {
        "observation_id": f"obs-{indicator}-{day}",
        "indicator_id": indicator,
        "date": day,
        "actual_value": value,
        "evidence": "verslag",
    }


def test_indicator_norm_counts_the_indicators_due_by_the_end_of_each_year() -> None:
    result = judge(
        "2009-2011",
        contacts=contacts("alpha"),
        **WERKPLAN,
        observations=[
            _obs("ind-1", 10, "2009-11-01"),
            _obs("ind-2", 0, "2009-11-01"),
            _obs("ind-3", 4, "2010-06-01"),
            _obs("ind-2", 10, "2011-03-01"),
            _obs("ind-3", 10, "2011-03-01"),
        ],
        audit_norms=[norm("indicators", objective_id="obj")],
    )
    assert verdicts(result) == {2009: "voldoet_deels", 2010: "voldoet_deels", 2011: "voldoet"}
    verdict, reason, share, evidence, _ = result[2009]
    assert reason.startswith("gehaald: 1, niet gehaald: 1 (van 2 indicatoren, stand 31 december")
    assert "ind-3" not in evidence  # not yet due in 2009
    assert share == 0.5
    assert result[2011][2] == 1.0


def test_indicator_norm_without_measurement_or_due_indicator_cannot_be_judged() -> None:
    result = judge(
        "2008-2010",
        meta={"policy_period": [2008, 2013]},
        contacts=contacts("alpha"),
        **WERKPLAN,
        audit_norms=[norm("indicators")],  # empty objective_id: the whole werkplan
    )
    assert verdicts(result) == {y: "niet_te_beoordelen" for y in (2008, 2009, 2010)}
    assert "geen indicator van het werkplan is uiterlijk 31 december 2008" in result[2008][1]
    assert "niet gemeten: ind-1 (deadline 31 december 2009), ind-2" in result[2009][1]


def test_werkplan_norms_do_not_apply_before_the_policy_period() -> None:
    result = judge(
        "2007-2009",
        contacts=contacts("alpha"),
        **WERKPLAN,
        audit_norms=[norm("indicators", objective_id="obj")],
    )
    assert verdicts(result)[2008] == "niet_van_toepassing"
    assert "beleidsperiode 2009-2013" in result[2008][1]


# -- efficiency ---------------------------------------------------------------------------------

LEVERAGE = norm(
    "efficiency",
    metric="leverage",
    comparison="ge",
    threshold=1,
    threshold_basis="keuze auditor",
)


def test_efficiency_norm_judges_the_grants_of_each_year() -> None:
    result = judge(
        "2004-2009",
        meta={"finance_period": [2004, 2008]},
        projects=projects("p1", "p2", "p3", "p4"),
        funding=funding(
            ("p1", 100, 50, 2004), ("p2", 10, 50, 2005), ("p3", 70, 0, 2006), ("p4", 0, 0, 2008)
        ),
        audit_norms=[LEVERAGE],
    )
    assert verdicts(result) == {
        2004: "voldoet",  # leverage 2
        2005: "voldoet_niet",  # leverage 0.2
        2006: "voldoet",  # fully external: infinite
        2007: "niet_te_beoordelen",  # no grant: no leverage
        2008: "niet_te_beoordelen",  # subsidy and own contribution both 0
        2009: "niet_te_beoordelen",  # outside finance_period 2004-2008
    }
    assert result[2004][1] == (
        "hefboom 2,0 (subsidie € 100, eigen bijdrage € 50, beschikt in 2004); norm ≥ 1,0"
    )
    assert result[2004][2] == 2.0 and result[2004][3] == "f0"
    assert "oneindig" in result[2006][1] and pd.isna(result[2006][2])
    assert "2004-2008; 2009 valt erbuiten" in result[2009][1]


@pytest.mark.parametrize(
    ("metric", "comparison", "threshold", "expected"),
    [
        ("cofinancing_rate", "le", 0.5, "voldoet"),  # 50 / 150
        ("cofinancing_rate", "lt", 0.3, "voldoet_niet"),
        ("subsidy_eur", "gt", 100, "voldoet_niet"),
        ("own_contribution_eur", "ge", 50, "voldoet"),
        ("total_eur", "le", 149, "voldoet_niet"),
    ],
)
def test_every_efficiency_metric_and_comparison(
    metric: str, comparison: str, threshold: float, expected: str
) -> None:
    row = norm(
        "efficiency",
        metric=metric,
        comparison=comparison,
        threshold=threshold,
        threshold_basis="keuze auditor",
    )
    result = judge(
        "2004-2004",
        meta={"finance_period": [2004, 2004]},
        projects=projects("p1"),
        funding=funding(("p1", 100, 50, 2004)),
        audit_norms=[row],
    )
    assert result[2004][0] == expected


# -- smart --------------------------------------------------------------------------------------


def test_smart_norm_is_the_share_of_results_meeting_the_criterion() -> None:
    werkplan = dict(WERKPLAN)
    werkplan["results"] = [
        *WERKPLAN["results"],
        {"result_id": "res-vaag", "effort_id": "eff", "text": "Betere samenwerking"},
    ]
    rows = {
        t: norm("smart", criterion="measurable", threshold=t, threshold_basis="keuze auditor")
        for t in (0.5, 1)
    }
    met = judge("2009-2009", contacts=contacts("alpha"), **werkplan, audit_norms=[rows[0.5]])
    short = judge("2009-2009", contacts=contacts("alpha"), **werkplan, audit_norms=[rows[1]])
    assert met[2009][0] == "voldoet" and short[2009][0] == "voldoet_deels"
    assert short[2009][1] == "1 van 2 resultaten (50%) meetbaar; norm ≥ 100%; niet: res-vaag"
    assert short[2009][2] == 0.5


def test_smart_criterion_left_to_the_auditor_cannot_be_judged() -> None:
    row = norm("smart", criterion="achievable", threshold=1, threshold_basis="keuze auditor")
    result = judge("2009-2009", contacts=contacts("alpha"), **WERKPLAN, audit_norms=[row])
    assert result[2009][0] == "niet_te_beoordelen"
    assert "aan de auditor over" in result[2009][1]


def test_the_schema_knows_the_smart_reviews_criteria() -> None:
    assert FIXED_CODES["smart_criterion"] == CRITERIA


# -- follow-up ----------------------------------------------------------------------------------

AUDITS = [
    {
        "audit_id": "audit-2008",
        "title": "Onderzoek 2002-2007",
        "period_start": 2002,
        "period_end": 2007,
    }
]


def _rec(rid: str, status: str | None = None, day: str | None = None) -> dict[str, Any]:
    return {
        "recommendation_id": rid,
        "audit_id": "audit-2008",
        "text": "Maak beleid.",
        "status": status,
        "evidence": "brief" if status else None,
        "status_date": day,
    }


def test_follow_up_norm_counts_the_statuses_known_by_each_year() -> None:
    result = judge(
        "2009-2011",
        audits=AUDITS,
        recommendations=[
            _rec("r1", "actie_ondernomen", "2010-06-01"),
            _rec("r2", "toegezegd", "2011-02-01"),
        ],
        audit_norms=[norm("follow_up", audit_id="audit-2008")],
    )
    assert verdicts(result) == {
        2009: "niet_te_beoordelen",  # no status known yet
        2010: "niet_te_beoordelen",  # r1 acted on, r2 not yet established
        2011: "voldoet_deels",  # r2 committed, no action yet
    }
    assert result[2011][1].startswith(
        "actie ondernomen: 1, toegezegd, nog geen actie: 1 (van 2 aanbevelingen, stand"
    )
    assert result[2011][3] == "r1;r2"


def test_follow_up_without_recommendations_cannot_be_judged() -> None:
    result = judge(
        "2009-2009", audits=AUDITS, audit_norms=[norm("follow_up", audit_id="audit-2008")]
    )
    assert result[2009][0] == "niet_te_beoordelen"
    assert "geen aanbevelingen van audit-2008" in result[2009][1]


# -- auditor ------------------------------------------------------------------------------------


def test_auditor_norm_shows_the_entered_verdict_or_not_yet_assessed() -> None:
    entered = {
        "norm_id": "n",
        "year": 2010,
        "verdict": "voldoet_niet",
        "reason": "Geen jaarverslag gevonden.",
        "evidence": "raadsinformatiesysteem",
        "auditor": "R. Kamer",
        "decided_on": "2014-03-01",
        "source": "nota test, par. 9",
    }
    result = judge("2009-2010", audit_norms=[norm("auditor")], audit_verdicts=[entered])
    assert result[2009][:2] == ("nog_niet_beoordeeld", "nog niet beoordeeld door de auditor")
    assert result[2010][0] == "voldoet_niet"
    assert result[2010][1] == "Geen jaarverslag gevonden. [R. Kamer, 1 maart 2014]"
    assert result[2010][3] == "raadsinformatiesysteem"
    assert "nota test, par. 9" in result[2010][4]


# -- horizon and applicability --------------------------------------------------------------------


def test_years_after_the_horizon_are_not_judged_but_the_auditor_still_is() -> None:
    entered = {
        "norm_id": "a",
        "year": 2012,
        "verdict": "voldoet",
        "reason": "Gezien.",
        "evidence": "dossier",
        "auditor": "R. Kamer",
        "decided_on": "2014-03-01",
    }
    portfolio = make(
        {"events_recorded_until": "2010-06-30", "finance_period": [2004, 2014]},
        audit_questions=[QUESTION],
        projects=projects("p1"),
        funding=funding(("p1", 100, 50, 2011)),
        audit_norms=[LEVERAGE, {**norm("auditor"), "norm_id": "a"}],
        audit_verdicts=[entered],
    )
    frame = audit_verdicts(portfolio, "2010-2012").set_index(["norm_id", "year"])
    assert frame.loc[("n", 2011), "verdict"] == "niet_te_beoordelen"  # funding 2011 not looked at
    assert "de bronnen reiken tot en met 30 juni 2010" in frame.loc[("n", 2011), "reason_nl"]
    assert frame.loc[("a", 2012), "verdict"] == "voldoet"


def test_norm_period_limits_where_it_applies() -> None:
    row = {**LEVERAGE, "period_start": 2005}
    result = judge(
        "2004-2005",
        projects=projects("p1"),
        funding=funding(("p1", 100, 50, 2005)),
        audit_norms=[row],
    )
    assert verdicts(result) == {2004: "niet_van_toepassing", 2005: "voldoet"}
    assert result[2004][1] == "de norm geldt vanaf 2005"


def test_columns_and_english_reasons() -> None:
    portfolio = make(
        None,
        audit_questions=[QUESTION],
        projects=projects("p1"),
        funding=funding(("p1", 100, 50, 2004)),
        audit_norms=[LEVERAGE],
    )
    frame = audit_verdicts(portfolio, parse_period("2004-2004"))
    assert list(frame.columns) == [
        "question_id",
        "norm_id",
        "measure",
        "year",
        "verdict",
        "value",
        "reason_nl",
        "reason_en",
        "evidence",
        "source",
    ]
    assert frame.loc[0, "reason_en"] == (
        "leverage 2.0 (subsidy €100, own contribution €50, granted in 2004); norm ≥ 1.0"
    )


def test_a_data_set_without_norms_gives_an_empty_table() -> None:
    assert audit_verdicts(make(None), "2009-2013").empty


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2013-2009", "period must run forward"),
        ("abc", "period must be two years FIRST-LAST"),
        ("1800-1810", "between 1900 and 2100"),
        ("2000-2030", "at most 20 years"),
    ],
)
def test_bad_periods_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        audit_verdicts(make(None), text)


# -- trends -------------------------------------------------------------------------------------


def test_trends_show_the_previous_window_the_finance_data_cover() -> None:
    portfolio = make(
        {"finance_period": [2005, 2010], "events_recorded_until": "2010-12-31"},
        projects=projects("p1", "p2", "p3"),
        funding=funding(("p1", 100, 50, 2006), ("p2", 40, 0, 2009), ("p3", 30, 10, 2009)),
    )
    period = parse_period("2009-2011")
    assert previous_years(portfolio, period) == [2006, 2007, 2008]
    trends = audit_trends(portfolio, period).set_index("year")
    assert list(trends.index) == [2006, 2007, 2008, 2009, 2010, 2011]
    assert trends.loc[2009, "subsidy_eur"] == 70 and trends.loc[2009, "n_grants"] == 2
    assert trends.loc[2007, "subsidy_eur"] == 0  # covered, no grant: a real 0
    assert pd.isna(trends.loc[2011, "subsidy_eur"])  # not covered: unknown, never 0
    assert pd.isna(trends.loc[2011, "rules_complies"])  # after the horizon
    totals = trend_totals(audit_trends(portfolio, period)).set_index("window")
    assert totals.loc["previous", "subsidy_eur"] == 100
    assert totals.loc["period", "leverage"] == 7.0  # 70 / 10
    assert totals.loc["period", "years_covered"] == 2


# -- the real data sets ---------------------------------------------------------------------------


def test_assen_2009_2013() -> None:
    frame = audit_verdicts(assen(), "2009-2013")
    assert len(frame) == 26 * 5
    by = frame.set_index(["norm_id", "year"])["verdict"]
    assert by[("bc-jaarlijks-werkplan", 2009)] == "voldoet"  # the werkplan 2009-2010
    assert by[("op-audit-2008", 2009)] == "voldoet"  # the nota itself
    assert by[("dm-subsidies", 2009)] == "niet_te_beoordelen"  # finance table ends in 2008
    # the sources end in April 2009: nothing after 2009 is judged by computation
    later = frame[(frame["year"] > 2009) & (frame["measure"] != "auditor")]
    assert set(later["verdict"]) == {"niet_te_beoordelen"}
    assert set(frame.loc[frame["measure"] == "auditor", "verdict"]) == {"nog_niet_beoordeeld"}


def test_assen_2002_2007_judges_what_the_finance_table_holds() -> None:
    frame = audit_verdicts(assen(), "2002-2007")
    subsidies = frame[frame["norm_id"] == "dm-subsidies"].set_index("year")["verdict"]
    assert dict(subsidies) == {
        2002: "niet_te_beoordelen",
        2003: "niet_te_beoordelen",
        2004: "voldoet",
        2005: "voldoet",
        2006: "voldoet",
        2007: "voldoet",
    }
    rest = frame[frame["norm_id"] != "dm-subsidies"]
    assert set(rest["verdict"]) == {"niet_van_toepassing"}  # the nota's norms start in 2009
