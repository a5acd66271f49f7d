"""Validation of data folders: one bad-input folder under tests/data/invalid/, one test case.

Each case folder holds the file(s) that replace the valid test data set's (``remove.txt`` lists
files to delete) and ``expected.txt``, the exact lines ``assen-eval validate`` must print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import assen_eval
from assen_eval.cli import main
from assen_eval.data.portfolio import Portfolio
from assen_eval.data.validate import validate
from assen_eval.errors import DataError, ValidationError

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
CASES = sorted(p for p in (DATA / "invalid").iterdir() if p.is_dir())


def _materialise(case: Path, target: Path) -> Path:
    shutil.copytree(VALID, target)
    for f in case.iterdir():
        if f.name == "remove.txt":
            for name in f.read_text().split():
                (target / name).unlink()
        elif f.name != "expected.txt":
            shutil.copy(f, target / f.name)
    return target


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_case_reports_exact_messages(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _materialise(case, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    before = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()}

    code = main(["validate", "--data", "data"])

    out, err = capsys.readouterr()
    lines = err.splitlines()
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert lines[:-1] == expected
    assert lines[-1] == f"{len(expected)} problem(s); nothing was changed."
    assert {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()} == before


def test_every_case_has_expected_messages() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert (case / "expected.txt").read_text().strip(), case.name


def test_valid_data_loads_with_schema_dtypes() -> None:
    portfolio = assen_eval.load(VALID)
    assert isinstance(portfolio, Portfolio)
    funding = portfolio.funding
    assert str(funding["subsidy_eur"].dtype) == "Int64"
    assert int(funding["subsidy_eur"].sum()) == 3600000 + 215261 + 70001
    assert str(portfolio.indicators["target_value"].dtype) == "Float64"
    assert str(portfolio.indicators["deadline"].dtype).startswith("datetime64")
    assert portfolio.contact_ids == ["alpha", "beta"]
    assert list(portfolio.funding.index) == [0, 1, 2]
    assert portfolio.label("motive", "helpen", "en") == "Helping"


def test_problems_are_a_tidy_table(tmp_path: Path) -> None:
    data = _materialise(DATA / "invalid" / "several_problems", tmp_path / "data")
    problems = validate(data)
    assert list(problems.columns) == ["path", "row", "column", "value", "message"]
    assert len(problems) == 3
    with pytest.raises(ValidationError) as info:
        assen_eval.load(data)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, DataError)
    pd.testing.assert_frame_equal(info.value.problems, problems)


def test_bom_is_accepted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    path = data / "contacts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate(data).empty
    assert assen_eval.load(data).contact_ids == ["alpha", "beta"]


def test_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    path = data / "funding.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert validate(data).empty


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", "--data", str(tmp_path / "nope")]) == 1
    assert "data folder does not exist" in capsys.readouterr().err


def test_optional_tables_may_be_absent(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    for name in ("observations.csv", "ratings.csv", "discrepancies.csv", "outputs.csv"):
        (data / name).unlink()
    portfolio = assen_eval.load(data)
    assert portfolio.observations.empty
    assert list(portfolio.ratings.columns)[:3] == ["contact_id", "criterion", "score"]


def test_list_prints_partnership_ids(capsys: pytest.CaptureFixture) -> None:
    assert main(["list", "--data", str(VALID)]) == 0
    assert capsys.readouterr().out == "alpha\nbeta\n"


def test_usage_error_exits_2(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate", "--bogus"])
    assert info.value.code == 2


def test_debug_shows_traceback(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        main(["--debug", "validate", "--data", str(tmp_path / "nope")])


def test_from_frames_coerces_and_fills_missing_tables() -> None:
    portfolio = Portfolio.from_frames(
        contacts=pd.DataFrame({"contact_id": ["x"], "name": ["X"], "kind": ["k"], "status": ["s"]})
    )
    assert portfolio.contact_ids == ["x"]
    assert portfolio.funding.empty
    assert str(portfolio.funding["subsidy_eur"].dtype) == "Int64"
