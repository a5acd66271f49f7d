"""Charts (assen_eval.report.charts): deterministic SVG bytes, localized, safe with odd data."""

from __future__ import annotations

from pathlib import Path

import pytest

import assen_eval
from assen_eval.data.portfolio import Portfolio
from assen_eval.errors import UsageError
from assen_eval.evaluate.efficiency import efficiency
from assen_eval.report import charts

VALID = Path(__file__).parent / "data" / "valid"


@pytest.fixture(scope="module")
def valid() -> Portfolio:
    return assen_eval.load(VALID)


@pytest.fixture(scope="module")
def assen() -> Portfolio:
    return assen_eval.load()


def _renamed(portfolio: Portfolio, title: str) -> Portfolio:
    tables = dict(portfolio.tables)
    projects = tables["projects"].copy()
    projects.loc[projects["project_id"] == "jobs", "title"] = title
    tables["projects"] = projects
    return Portfolio(tables=tables, meta=portfolio.meta, data_dir=portfolio.data_dir)


def test_same_input_gives_identical_svg_bytes(valid: Portfolio) -> None:
    for make in (
        lambda: charts.timeline(valid, "beta", "nl"),
        lambda: charts.funding_by_year(valid, "alpha", "en"),
        lambda: charts.funding_by_year(valid, None, "nl"),
        lambda: charts.partnership_funding(valid, efficiency(valid, "contact"), "nl"),
    ):
        first, second = make(), make()
        assert first.encode() == second.encode()
        assert first.startswith("<?xml") and "<svg" in first
        assert "<dc:date>" not in first and "Date" not in first
        assert "<dc:creator>" not in first


def test_charts_change_with_language_and_data(valid: Portfolio) -> None:
    assert charts.timeline(valid, "beta", "nl") != charts.timeline(valid, "beta", "en")
    assert charts.funding_by_year(valid, "alpha", "nl") != charts.funding_by_year(
        valid, "beta", "nl"
    )


def test_text_from_the_data_is_drawn_literally(valid: Portfolio) -> None:
    odd = _renamed(valid, "<script>alert(1)</script> costs $5 and $10")
    svg = charts.timeline(odd, "beta", "nl")  # "$...$" would be math, "<" markup
    assert "<script" not in svg
    assert svg != charts.timeline(valid, "beta", "nl")


def test_unknown_partnership_and_language_are_refused(valid: Portfolio) -> None:
    with pytest.raises(UsageError):
        charts.timeline(valid, "gamma", "nl")
    with pytest.raises(UsageError):
        charts.funding_by_year(valid, None, "de")
    with pytest.raises(UsageError):
        charts.partnership_funding(valid, efficiency(valid, "year"), "nl")


def test_programme_colours_are_fixed_per_data_set(assen: Portfolio) -> None:
    colours = charts.programme_colours(assen)
    assert len(set(colours.values())) == len(colours)  # 11 programmes, 12 colours
    assert colours == charts.programme_colours(assen)
    funded = list(dict.fromkeys(p for p in assen.programmes["programme_id"]))
    assert colours[funded[0]] == charts.PALETTE[0]


def test_empty_data_draws_a_chart_that_says_so() -> None:
    empty = Portfolio.from_frames(
        meta={"evaluation_year": 2010},
        contacts=assen_eval.load(VALID).contacts,
    )
    svg = charts.funding_by_year(empty, None, "nl")
    assert "<svg" in svg
    assert charts.timeline(empty, "alpha", "en").startswith("<?xml")


def test_every_assen_partnership_charts(assen: Portfolio) -> None:
    for contact_id in assen.contact_ids:
        assert "<svg" in charts.timeline(assen, contact_id, "nl", until=2010)
    assert "<svg" in charts.funding_by_year(assen, "poznan", "en")
