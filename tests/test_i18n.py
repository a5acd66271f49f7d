"""Labels and texts (assen_eval.report.i18n, assen_eval.report.texts): complete in both
languages."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import assen_eval
from assen_eval.data.schema import FIXED_CODES, TABLES
from assen_eval.errors import UsageError
from assen_eval.evaluate.audit import VERDICTS as AUDIT_VERDICTS
from assen_eval.evaluate.effectiveness import STATUSES, TIMELINESS
from assen_eval.evaluate.rules import VERDICTS as RULE_VERDICTS
from assen_eval.evaluate.smart import CRITERIA, VERDICTS
from assen_eval.evaluate.trends import WINDOWS
from assen_eval.report import i18n
from assen_eval.report.i18n import CODE_LABELS, TEXTS, code_label, data_label, t

PACKAGE = Path(assen_eval.__file__).parent
VALID = Path(__file__).parent / "data" / "valid"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_placeholders(key: str) -> None:
    nl, en = TEXTS[key]
    assert nl.strip() and en.strip(), key
    assert _fields(nl) == _fields(en), key


def test_section_and_page_texts_do_not_share_a_key() -> None:
    from assen_eval.report.pagetexts import PAGE_TEXTS
    from assen_eval.report.texts import TEXTS as SECTION_TEXTS

    assert set(PAGE_TEXTS).isdisjoint(SECTION_TEXTS)
    assert set(TEXTS) == set(PAGE_TEXTS) | set(SECTION_TEXTS)


def test_every_key_the_code_uses_exists() -> None:
    used: set[str] = set()
    prefixes = "|".join(sorted({key.split(".")[0] for key in TEXTS}))
    pattern = re.compile(rf"""["']((?:{prefixes})\.[a-z_]+)["']""")
    measure = re.compile(r"""metric\(\s*f?["']([^"']+)["']""")
    for path in PACKAGE.rglob("*.py"):
        if path.name != "texts.py":
            text = path.read_text(encoding="utf-8")
            found = set(pattern.findall(text)) - set(measure.findall(text))
            used |= {key for key in found if not key.endswith(".csv")}
    assert len(used) > 150  # the scan finds the report's texts, also keys in tuples
    references = {c.refs for table in TABLES.values() for c in table.columns if c.refs}
    assert sorted(used - set(TEXTS) - references) == []  # "rules.rule_id" is a reference


def test_every_computed_code_has_a_label() -> None:
    exported = {
        "status": STATUSES,
        "timeliness": TIMELINESS,
        "smart_verdict": VERDICTS,
        "smart_criterion": CRITERIA,
        "rule_verdict": RULE_VERDICTS,
        "criterion": FIXED_CODES["criterion"],
        "indicator_level": FIXED_CODES["indicator_level"],
        "rule_kind": FIXED_CODES["rule_kind"],
        "audit_verdict": AUDIT_VERDICTS,
        "audit_verdict_short": AUDIT_VERDICTS,
        **{
            name: FIXED_CODES[name]
            for name in (
                "question_kind",
                "norm_measure",
                "efficiency_metric",
                "comparison",
                "college_reaction",
                "follow_up_status",
                "conclusion_aspect",
            )
        },
        "trend_window": WINDOWS,
    }
    missing = [
        (code_list, code)
        for code_list, codes in exported.items()
        for code in codes
        if (code_list, code) not in CODE_LABELS
    ]
    assert missing == []
    for code_list, codes in exported.items():
        for code in codes:
            nl, en = code_label(code_list, code, "nl"), code_label(code_list, code, "en")
            assert nl and en


def test_score_labels_agree_with_the_ratings_scale() -> None:
    from assen_eval.evaluate.ratings import SCALE

    for score, labels in SCALE.items():
        assert code_label("score", str(score), "nl") == labels["nl"].lower()
        assert code_label("score", str(score), "en") == labels["en"].lower()


def test_t_fills_in_and_refuses_mistakes() -> None:
    assert t("header.year", "nl", year=2010) == "Evaluatiejaar 2010"
    assert t("header.year", "en", year=2010) == "Evaluation year 2010"
    assert t("section.funding", "en") == "Funding by year and programme"
    with pytest.raises(UsageError, match="no text"):
        t("section.nonexistent", "nl")
    with pytest.raises(UsageError, match="lang"):
        t("section.funding", "fr")
    with pytest.raises(UsageError, match="year"):
        t("header.year", "nl")


def test_code_label_keeps_unknown_codes_visible() -> None:
    assert code_label("status", "achieved", "nl") == "gehaald"
    assert code_label("status", "brand_new_status", "en") == "brand_new_status"


def test_data_labels_come_from_codes_csv() -> None:
    portfolio = assen_eval.load(VALID)
    assert data_label(portfolio, "motive", "leren", "en") == "Learning"
    assert data_label(portfolio, "motive", "leren", "nl") == "Leren"
    assert data_label(portfolio, "motive", None, "nl") == "onbekend"
    assert data_label(portfolio, "indicator_level", "inspanning", "en") == "effort"


def test_no_empty_texts_in_the_table_check() -> None:
    assert i18n._check_table(TEXTS) == []
    assert i18n._check_table({"x": ("", "y")}) == ["x"]
