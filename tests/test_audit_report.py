"""The audit report's chapters (assen_eval.report, audit part) without a kernel.

Every chapter renders for Assen, the fictional data set and a data set without any audit table,
in both languages, with no raw missing value; data text is escaped; norms.csv is tidy and safe
to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from evaldata import make

import assen_eval
from assen_eval import report
from assen_eval.errors import UsageError
from assen_eval.report.audit import csv_cell

ROOT = Path(__file__).parents[1]
RAW = re.compile(r"(?<![\w-])(nan|NaN|NaT|None|<NA>|&lt;NA&gt;)(?![\w-])")


def _html(data: object, period: str, lang: str) -> str:
    ctx = report.audit_context(data, period=period, lang=lang, build_date="2020-01-01")
    return "".join(s(ctx).html() for s in report.AUDIT_SECTIONS) + report.audit_sources(ctx).html()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    ("data", "period"),
    [("", "2009-2013"), ("", "2002-2007"), (str(ROOT / "data" / "voorbeeld"), "2011-2015")],
)
def test_every_chapter_renders_without_raw_missing_values(
    data: str, period: str, lang: str
) -> None:
    html = _html(data, period, lang)
    assert RAW.findall(re.sub(r"<[^>]+>", " ", html)) == []
    assert 'class="ae-chart"' in html and 'href="#trend-table"' in html  # the trend chart
    first, last = period.split("-")
    assert f"{first}–{last}" in html


def test_a_data_set_without_audit_tables_says_what_is_missing() -> None:
    html = _html(str(ROOT / "tests" / "data" / "valid"), "2009-2010", "nl")
    assert "Er is geen normenkader vastgelegd" in html
    assert "Voor deze periode is nog geen onderzoek vastgelegd" in html
    assert "nog niet beoordeeld" in html  # every contact's conclusions
    assert "Er is (nog) geen bestuurlijke reactie van het college vastgelegd." in html
    assert "De gegevens bevatten geen onderzoek over een eerdere periode." in html


def test_the_default_period_is_the_policy_period_and_bad_ones_are_refused() -> None:
    assert tuple(report.audit_context("", build_date="2020-01-01").audit_period) == (2009, 2013)
    with pytest.raises(UsageError, match="period must run forward"):
        report.audit_context("", period="2013-2009")


def test_data_text_is_escaped() -> None:
    portfolio = make(
        None,
        audit_questions=[
            {"question_id": "q", "kind": "opvolging", "text_nl": "<b>V</b>?", "text_en": "Q?"}
        ],
        audit_norms=[
            {
                "norm_id": "n",
                "question_id": "q",
                "text_nl": "<script>alert(1)</script>",
                "text_en": "x",
                "measure": "auditor",
            }
        ],
    )
    html = _html(portfolio, "2009-2010", "nl")
    assert "<script>alert(1)" not in html and "<b>V</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_norms_csv_is_tidy_and_spreadsheet_safe() -> None:
    entered = {
        "norm_id": "n",
        "year": 2010,
        "verdict": "voldoet",
        "reason": '=HYPERLINK("http://x")',
        "evidence": "-1 dossier",
        "auditor": "R. Kamer",
        "decided_on": "2014-03-01",
    }
    portfolio = make(
        None,
        audit_questions=[
            {"question_id": "q", "kind": "opvolging", "text_nl": "V?", "text_en": "Q?"}
        ],
        audit_norms=[
            {
                "norm_id": "n",
                "question_id": "q",
                "text_nl": "N",
                "text_en": "N",
                "measure": "auditor",
            }
        ],
        audit_verdicts=[entered],
    )
    text = report.norms_table(portfolio, "2010-2011", "en").to_csv(index=False)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["question_id", "norm_id", "year", "verdict", "reason", "evidence",
                             "source"]  # fmt: skip
    assert rows[0]["year"] == "2010" and rows[1]["year"] == "2011"  # numbers stay numbers
    assert rows[0]["reason"].startswith("'=HYPERLINK")
    assert rows[0]["evidence"] == "'-1 dossier"
    assert rows[1]["verdict"] == "nog_niet_beoordeeld"
    assert rows[1]["reason"] == "not yet assessed"
    assert csv_cell(5) == 5 and csv_cell("-5") == "'-5" and csv_cell("ok") == "ok"


def test_norms_csv_of_assen_carries_every_norm_and_year() -> None:
    table = report.norms_table(assen_eval.load(), "2009-2013")
    assert len(table) == 26 * 5
    assert table["year"].tolist()[:5] == [2009, 2010, 2011, 2012, 2013]
    assert set(table["verdict"]) <= {
        "voldoet",
        "voldoet_deels",
        "voldoet_niet",
        "niet_te_beoordelen",
        "niet_van_toepassing",
        "nog_niet_beoordeeld",
    }
    assert table["source"].str.len().min() > 0  # every verdict names its sources
