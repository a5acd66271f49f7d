"""Tables shared between the reports of one kernel: memoised by content, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import assen_eval
from assen_eval import report
from assen_eval.data import portfolio as portfolio_module
from assen_eval.data.asof import as_of as as_of_view
from assen_eval.report.context import shared

VALID = Path(__file__).parent / "data" / "valid"


@pytest.fixture(autouse=True)
def _empty_memo() -> None:
    portfolio_module._memo.clear()


def test_loaded_portfolio_is_computed_once_per_year_and_name() -> None:
    portfolio = assen_eval.load(VALID)
    calls: list[int] = []

    def compute() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"x": [1, 2]})

    first = shared(portfolio, 2010, "t", compute)
    again = shared(assen_eval.load(VALID), 2010, "t", compute)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, again)
    shared(portfolio, 2011, "t", compute)
    shared(portfolio, 2010, "other", compute)
    assert len(calls) == 3


def test_each_caller_gets_its_own_copy() -> None:
    portfolio = assen_eval.load(VALID)
    first = shared(portfolio, 2010, "t", lambda: pd.DataFrame({"x": [1]}))
    first.loc[0, "x"] = 99
    assert shared(portfolio, 2010, "t", lambda: None).loc[0, "x"] == 1
    ids = shared(portfolio, 2010, "d", lambda: {"a": ["p1"]})
    ids["a"].append("p2")
    assert shared(portfolio, 2010, "d", lambda: None) == {"a": ["p1"]}


def test_portfolio_built_in_code_is_never_memoised() -> None:
    portfolio = assen_eval.load(VALID, cache=False)
    assert portfolio.content_key is None
    values = iter([1, 2])
    assert shared(portfolio, 2010, "t", lambda: next(values)) == 1
    assert shared(portfolio, 2010, "t", lambda: next(values)) == 2


def test_changed_data_is_computed_anew(tmp_path: Path) -> None:
    data = shutil.copytree(VALID, tmp_path / "data")

    def every_report(portfolio: assen_eval.Portfolio) -> pd.DataFrame:
        ids = [None, *portfolio.contact_ids]
        return pd.concat([report.metrics(portfolio, 2010, c) for c in ids], ignore_index=True)

    before = every_report(assen_eval.load(data))
    path = data / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1, "the valid test data needs an observation"
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("actual_value")] = "1"
    path.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n", encoding="utf-8")
    after = every_report(assen_eval.load(data))
    fresh = every_report(assen_eval.load(data, cache=False))
    pd.testing.assert_frame_equal(after, fresh)
    assert not before.equals(after)


def test_memoised_reports_equal_unmemoised_ones() -> None:
    cached = assen_eval.load(VALID)
    plain = assen_eval.load(VALID, cache=False)
    for contact in [None, *cached.contact_ids]:
        shared_run = report.metrics(cached, 2010, contact)
        again = report.metrics(cached, 2010, contact)  # from the memo
        pd.testing.assert_frame_equal(shared_run, again)
        pd.testing.assert_frame_equal(shared_run, report.metrics(plain, 2010, contact))


def test_the_as_of_view_has_its_own_key() -> None:
    portfolio = assen_eval.load(VALID)
    view = as_of_view(portfolio, 2009)
    assert view.content_key not in (None, portfolio.content_key)
    assert view.memo("n", lambda: "view") == "view"
    assert portfolio.memo("n", lambda: "full") == "full"


def test_records_are_read_only_and_computed_once() -> None:
    portfolio = assen_eval.load(VALID)
    rows = portfolio.records("contacts")
    assert rows is assen_eval.load(VALID).records("contacts")
    assert [r["contact_id"] for r in rows] == portfolio.contact_ids
    with pytest.raises(TypeError):
        rows[0]["name"] = "x"  # type: ignore[index]


def test_only_the_latest_content_keys_are_kept(tmp_path: Path) -> None:
    for i in range(portfolio_module._MEMO_KEYS + 3):
        data = shutil.copytree(VALID, tmp_path / f"d{i}")
        assen_eval.load(data).memo("n", lambda: 1)
    assert len(portfolio_module._memo) == portfolio_module._MEMO_KEYS
