"""Policy rules judged against events: one finding per rule and subject, each with a reason."""

from __future__ import annotations

import pandas as pd
import pytest
from evaldata import META, assen, contacts, make, projects

from assen_eval.errors import UsageError
from assen_eval.evaluate.rules import VERDICTS, check_rules


def rule(kind: str, subject: str = "naledi", **kw: object) -> dict:
    base = {
        "rule_id": "r",
        "paragraph": "4.3",
        "kind": kind,
        "subject": subject,
        "period_start": 2009,
        "period_end": 2013,
        "description_nl": "regel",
        "description_en": "rule",
        "source": "nota test, par. 4.3",
    }
    return {**base, **kw}


def event(eid: str, year: int, kind: str, contact: str | None = "naledi", **kw: object) -> dict:
    return {"event_id": eid, "year": year, "event_type": kind, "contact_id": contact,
            "description": eid, "source": f"bron {eid}", **kw}  # fmt: skip


def findings(rules: list[dict], events: list[dict] = (), as_of: object = None, **tables):
    p = make(
        **{"contacts": contacts("naledi", "poznan"), **tables},
        rules=rules,
        events=list(events),
    )
    return check_rules(p, as_of)


def one(df: pd.DataFrame) -> dict:
    assert len(df) == 1, df
    return df.iloc[0].to_dict()


MOU = {"event_types": "memorandum", "interval_years": 4}

RECURRING = [
    # (name, event years, as_of, verdict, reason_en)
    ("overdue since before the period", [2002], None, "breach",
     "Memorandum at least every 4 years; latest: m2002 (2002); due by 2009, none found up to 2010"),
    ("signed in the period's first year", [2002, 2009], None, "complies",
     "Memorandum at least every 4 years; latest: m2009 (2009); the next is due by 2013"),
    ("recent enough before the period", [2008], None, "complies",
     "Memorandum at least every 4 years; latest: m2008 (2008); the next is due by 2012"),
    ("none yet, first interval running", [], None, "cannot_judge",
     "Memorandum at least every 4 years; none found; the first interval runs to 2012"),
    ("none, first interval over", [], 2012, "breach",
     "Memorandum at least every 4 years; due by 2012, none found up to 2012"),
    ("a gap inside the period", [2009, 2014], 2013, "breach",
     "Memorandum at least every 4 years; latest: m2009 (2009); due by 2013, none found up to 2013"),
    ("still time this year", [2002], "2009-06-30", "complies",
     "Memorandum at least every 4 years; latest: m2002 (2002); the next is due by 2009"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "years", "as_of", "verdict", "reason"), RECURRING)
def test_recurring_event(name: str, years: list[int], as_of: object, verdict: str, reason: str):
    row = one(
        findings([rule("recurring_event", **MOU)], [event(f"m{y}", y, "memorandum") for y in years],
                 as_of)
    )  # fmt: skip
    assert (row["verdict"], row["reason_en"]) == (verdict, reason)
    assert row["subject"] == "naledi" and row["subject_kind"] == "contact"
    assert row["source"] == "nota test, par. 4.3"


def test_recurring_event_late_event_is_a_breach_and_evidence_lists_events() -> None:
    row = one(
        findings(
            [rule("recurring_event", event_types="project_start", interval_years=2)],
            [event("p2008", 2008, "project_start"), event("p2012", 2012, "project_start")],
            2012,
        )
    )
    assert row["verdict"] == "breach"
    assert row["reason_en"] == (
        "Project start at least every 2 years; latest: p2012 (2012); due by 2010, only in 2012 "
        "(p2012)"
    )
    assert row["evidence"] == "p2008;p2012"
    assert row["evidence_source"] == "bron p2008;bron p2012"


def test_a_joint_project_counts_for_each_partner() -> None:
    df = findings(
        [rule("recurring_event", event_types="project_start", interval_years=2)],
        [event("joint", 2009, "project_start", contact=None, project_id="shared")],
        projects=projects("shared"),
        project_contacts=[
            {"project_id": "shared", "contact_id": "poznan"},
            {"project_id": "shared", "contact_id": "naledi"},
        ],
    )
    assert one(df)["verdict"] == "complies"
    assert one(df)["evidence"] == "joint"


def test_events_after_as_of_are_not_seen() -> None:
    row = one(
        findings(
            [rule("recurring_event", **MOU)],
            [event("m", 2010, "memorandum", date="2010-11-01")],
            "2010-06-30",
        )
    )
    assert row["verdict"] == "cannot_judge"


def test_a_period_that_has_not_started_is_not_judged() -> None:
    row = one(findings([rule("recurring_event", period_start=2011, **MOU)], []))
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == "the period only starts in 2011, after 2010-12-31"
    assert pd.isna(row["judged_to"])


def test_the_period_defaults_to_the_policy_period() -> None:
    row = one(findings([rule("recurring_event", period_start=None, period_end=None, **MOU)], []))
    assert (row["period_start"], row["period_end"], row["judged_to"]) == (2009, 2013, 2010)


def test_motive_coverage_one_finding_per_contact_and_project() -> None:
    df = findings(
        [rule("motive_coverage", subject="*")],
        contacts=contacts("naledi", "poznan", "oud"),
        contact_motives=[
            {"contact_id": "naledi", "motive": "helpen", "emphasis": "centraal"},
            {"contact_id": "naledi", "motive": "handel", "emphasis": "geen"},
            {"contact_id": "poznan", "motive": "helpen", "emphasis": "centraal", "to_year": 2004},
            {"contact_id": "poznan", "motive": "handel", "emphasis": "geen", "from_year": 2004},
        ],
        projects=projects("nieuw", "klaar", "stil", nieuw=(2009, None), klaar=(2004, 2007)),
        project_motives=[{"project_id": "nieuw", "motive": "leren"}],
    )
    got = df[["subject", "subject_kind", "verdict", "reason_en", "evidence"]].values.tolist()
    assert got == [
        ["naledi", "contact", "complies", "motives: Helping (Central) (years unknown: taken as "
         "active)", "naledi/helpen"],
        ["poznan", "contact", "breach", "no motive with an emphasis in the period (years unknown: "
         "taken as active)", ""],
        ["oud", "contact", "breach", "no motive with an emphasis in the period (years unknown: "
         "taken as active)", ""],
        ["nieuw", "project", "complies", "motives: Learning", "nieuw/leren"],
        ["stil", "project", "breach", "the project serves no motive (years unknown: taken as "
         "active)", ""],
    ]  # fmt: skip


def test_status_formalized() -> None:
    award = [event("vng", 2008, "status_toekenning")]
    kw = {"event_types": "status_toekenning"}
    row = one(findings([rule("status_formalized", **kw)], award))
    assert (row["verdict"], row["reason_en"]) == ("complies", "Status awarded: vng (2008)")
    row = one(findings([rule("status_formalized", **kw)], []))
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == (
        "Status awarded: none found yet up to 31 December 2010; the period runs to 2013"
    )
    row = one(findings([rule("status_formalized", **kw)], [], 2014))
    assert (row["verdict"], row["reason_en"]) == (
        "breach",
        "Status awarded: none found in the period 2009-2013",
    )


FLEX = {
    "projects": projects("flex", "bound", flex=(2010, None), bound=(2010, None)),
    "project_contacts": [{"project_id": "bound", "contact_id": "naledi"}],
}


def test_informed_before_without_any_such_event_cannot_be_judged() -> None:
    row = one(
        findings([rule("informed_before", subject="*", event_types="raad_geinformeerd")], **FLEX)
    )
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == (
        "Council informed: the data holds none at all; cannot be judged for lack of data "
        "(flexible projects started in 2009-2010: flex)"
    )
    assert row["evidence"] == "flex"


@pytest.mark.parametrize(
    ("informed", "verdict", "reason"),
    [
        ([event("i", 2009, "raad_geinformeerd", None, project_id="flex")], "complies",
         "flexible project started in 2010; Council informed: i (2009)"),
        ([event("i", 2010, "raad_geinformeerd", None, project_id="flex", date="2010-03-01"),
          event("s", 2010, "project_start", None, project_id="flex", date="2010-05-01")],
         "complies", "flexible project started in 2010; Council informed: i (2010)"),
        ([event("i", 2010, "raad_geinformeerd", None, project_id="flex", date="2010-06-01"),
          event("s", 2010, "project_start", None, project_id="flex", date="2010-05-01")],
         "breach", "flexible project started in 2010; Council informed only later: i (2010)"),
        ([event("other", 2009, "raad_geinformeerd", None, project_id="bound")], "breach",
         "flexible project started in 2010; Council informed: none found"),
    ],
)  # fmt: skip
def test_informed_before(informed: list[dict], verdict: str, reason: str) -> None:
    row = one(
        findings(
            [rule("informed_before", subject="*", event_types="raad_geinformeerd")],
            informed,
            **FLEX,
        )
    )
    assert (row["subject"], row["subject_kind"]) == ("flex", "project")
    assert (row["verdict"], row["reason_en"]) == (verdict, reason)


def test_approval_required() -> None:
    tables = {
        "projects": projects("vreemd", "past", vreemd=(2010, None), past=(2010, None)),
        "project_motives": [{"project_id": "past", "motive": "helpen"}],
    }
    r = [rule("approval_required", subject="*", event_types="raad_goedkeuring")]
    row = one(findings(r, **tables))
    assert row["verdict"] == "cannot_judge"
    assert "lack of data" in row["reason_en"]
    ok = [event("ok", 2010, "raad_goedkeuring", None, project_id="vreemd")]
    row = one(findings(r, ok, **tables))
    assert (row["subject"], row["verdict"]) == ("vreemd", "complies")
    other = [event("ok", 2010, "raad_goedkeuring", None, project_id="past")]
    row = one(findings(r, other, **tables))
    assert (row["subject"], row["verdict"]) == ("vreemd", "breach")


@pytest.mark.parametrize(
    ("years", "as_of", "verdict", "reason"),
    [
        ([2009], None, "breach", "Work plan every year: present in 2009; missing in 2010"),
        ([2009, 2010], None, "complies", "Work plan every year: present in 2009, 2010"),
        ([2009], "2010-06-30", "complies",
         "Work plan every year: present in 2009; 2010 has not ended yet"),
        ([], "2009-06-30", "cannot_judge",
         "Work plan every year: present in no year; 2009 has not ended yet"),
    ],
)  # fmt: skip
def test_yearly_submission(years: list[int], as_of: object, verdict: str, reason: str) -> None:
    events = [event(f"w{y}", y, "werkplan", None) for y in years]
    row = one(findings([rule("yearly_submission", subject="*", event_types="werkplan")], events,
                       as_of))  # fmt: skip
    assert (row["verdict"], row["reason_en"]) == (verdict, reason)
    assert row["evidence"] == ";".join(f"w{y}" for y in years if y <= 2010)


def test_a_rule_without_event_types_cannot_be_judged() -> None:
    row = one(findings([rule("recurring_event", interval_years=4)]))
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == "the rule names no event types (event_types)"


def test_unknown_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown kind"):
        findings([rule("guess")])


def test_columns_and_dtypes() -> None:
    df = findings([rule("recurring_event", **MOU)])
    assert list(df.columns) == [
        "rule_id", "paragraph", "kind", "subject", "subject_kind", "period_start", "period_end",
        "judged_to", "verdict", "reason_nl", "reason_en", "evidence", "evidence_source", "source",
    ]  # fmt: skip
    assert str(df["period_start"].dtype) == "Int64"
    assert set(df["verdict"]) <= set(VERDICTS)
    assert df.loc[0, "reason_nl"] == (
        "Memorandum ten minste elke 4 jaar; geen gevonden; de eerste termijn loopt tot en met 2012"
    )


# -- the real Assen data ------------------------------------------------------------------------


def test_assen_findings() -> None:
    df = check_rules(assen())
    # par. 4.3 (1): a Naledi memorandum at least every four years. The nota records none (the 2002
    # agreement is an 'overeenkomst'); by the end of 2010 the first interval (2009-2012) runs.
    row = df[df["rule_id"] == "naledi-memorandum"].iloc[0]
    assert (row["subject"], row["verdict"]) == ("naledi", "cannot_judge")
    assert row["reason_en"].endswith("the first interval runs to 2012")
    # par. 4.3 (6) and 5.1: the data records no council events, so these cannot be judged
    for rule_id in ("raad-vooraf-geinformeerd", "raad-goedkeuring"):
        assert df.loc[df["rule_id"] == rule_id, "verdict"].tolist() == ["cannot_judge"]
    # par. 4.1: the EDR contact has no motive in the nota
    edr = df[(df["rule_id"] == "motieven") & (df["subject"] == "edr")]
    assert edr["verdict"].tolist() == ["breach"]
    assert set(df["verdict"]) <= set(VERDICTS)
    assert df["reason_nl"].str.len().gt(0).all()


UNTIL = {**META, "events_recorded_until": "2009-04-30"}
LATER = "later years cannot be judged without newer sources"
BEYOND = f"the sources record events up to 30 April 2009; {LATER}"


def _judge(rules: list[dict], events: list[dict], as_of: object = None) -> dict:
    p = make(meta=UNTIL, contacts=contacts("naledi", "poznan"), rules=rules, events=events)
    return one(check_rules(p, as_of))


def test_yearly_years_beyond_the_sources_cannot_be_judged() -> None:
    row = _judge(
        [rule("yearly_submission", subject="*", event_types="werkplan")],
        [event("w2009", 2009, "werkplan", None)],
    )
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == f"Work plan every year: present in 2009; 2010: {BEYOND}"


def test_recurring_due_beyond_the_sources_cannot_be_judged() -> None:
    row = _judge([rule("recurring_event", **MOU)], [event("m2002", 2002, "memorandum")])
    assert row["verdict"] == "cannot_judge"
    assert row["reason_en"] == (
        "Memorandum at least every 4 years; latest: m2002 (2002); "
        f"the next was due by 2009; {BEYOND}"
    )
    assert row["evidence"] == "m2002"


def test_a_gap_the_sources_do_cover_is_still_a_breach() -> None:
    p = make(
        meta={**UNTIL, "events_recorded_until": "2011-12-31"},
        contacts=contacts("naledi", "poznan"),
        rules=[rule("recurring_event", **MOU)],
        events=[event("m2002", 2002, "memorandum")],
    )
    assert one(check_rules(p))["verdict"] == "breach"


def test_completed_project_with_unknown_end_is_not_judged_on_motives() -> None:
    done = {"project_id": "oud", "title": "Oud", "status": "afgerond"}
    running = {"project_id": "nieuw", "title": "Nieuw", "status": "lopend"}
    p = make(
        contacts=contacts("naledi"),
        projects=[done, running],
        rules=[rule("motive_coverage", subject="*")],
    )
    found = check_rules(p)
    assert "oud" not in set(found["subject"])
    assert found.set_index("subject").loc["nieuw", "verdict"] == "breach"
