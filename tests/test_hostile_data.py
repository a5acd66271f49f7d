"""Hostile and broken data folders: refused in one line each, never echoed, never a hang.

The bad-input cases that fit a folder of replaced files live in ``tests/data/invalid/``
(:mod:`tests.test_validate`); these need the file system (links, FIFOs, sizes) or a property.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assen_eval
from assen_eval.cli import main
from assen_eval.data.meta import parse_meta
from assen_eval.data.schema import CELL_MAX_CHARS, MONEY_MAX, TABLE_FILE_MAX_BYTES
from assen_eval.data.validate import validate

HERE = Path(__file__).parent
VALID = HERE / "data" / "valid"
SECRET = "s3cr3t-do-not-echo"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(VALID, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def _validate(capsys: pytest.CaptureFixture, folder: str = "data") -> tuple[int, list[str]]:
    code = main(["validate", "--data", folder])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err.splitlines()


# -- links, special files, sizes ------------------------------------------------------------------


def test_a_table_linked_out_of_the_folder_is_refused_unread(
    data: Path, capsys: pytest.CaptureFixture
) -> None:
    secret = data.parent / "secret.txt"
    secret.write_text(f"{SECRET},{SECRET}\n")
    (data / "budget.csv").unlink()
    (data / "budget.csv").symlink_to(secret)
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == [
        "data/budget.csv: is a link to a file outside the data folder; refusing to read it "
        "(copy the file into the folder instead)",
        "1 problem(s); nothing was changed.",
    ]


def test_dataset_yaml_linked_out_of_the_folder_is_refused(
    data: Path, capsys: pytest.CaptureFixture
) -> None:
    secret = data.parent / "secret.yaml"
    secret.write_text(f"municipality: {SECRET}\nevaluation_year: 2010\n")
    (data / "dataset.yaml").unlink()
    (data / "dataset.yaml").symlink_to(secret)
    code, lines = _validate(capsys)
    assert code == 1 and lines[0].startswith("data/dataset.yaml: is a link to a file outside")
    assert SECRET not in "\n".join(lines)


def test_a_link_inside_the_folder_is_read(data: Path, capsys: pytest.CaptureFixture) -> None:
    (data / "kept").mkdir()
    shutil.move(data / "budget.csv", data / "kept" / "budget.csv")
    (data / "budget.csv").symlink_to(Path("kept") / "budget.csv")
    assert validate(data).empty


def test_a_fifo_is_refused_without_blocking(data: Path, capsys: pytest.CaptureFixture) -> None:
    (data / "budget.csv").unlink()
    os.mkfifo(data / "budget.csv")
    start = time.monotonic()
    code, lines = _validate(capsys)
    assert time.monotonic() - start < 30
    assert code == 1 and lines[0] == "data/budget.csv: is not a regular file"


def test_a_table_file_over_the_size_limit_is_refused_unread(
    data: Path, capsys: pytest.CaptureFixture
) -> None:
    path = data / "events.csv"
    with path.open("ab") as fh:
        fh.truncate(TABLE_FILE_MAX_BYTES + 1)
    code, lines = _validate(capsys)
    assert code == 1
    assert lines[:-1] == ["data/events.csv: is larger than 32 MiB, the limit for this file"]


def test_a_cell_over_the_field_limit_is_one_line(data: Path, capsys: pytest.CaptureFixture) -> None:
    path = data / "contacts.csv"
    path.write_text(path.read_text().replace("Alphastad", "A" * (CELL_MAX_CHARS + 1)))
    code, lines = _validate(capsys)
    assert code == 1
    assert lines[:-1] == [
        "data/contacts.csv:2: has a cell longer than 131072 characters, the limit for a cell"
    ]


def test_long_and_unprintable_values_are_shortened_and_escaped(
    data: Path, capsys: pytest.CaptureFixture
) -> None:
    path = data / "budget.csv"
    text = path.read_text()
    path.write_text(text.replace("amount_eur", "amount_eur,\x1b[31mred" + "x" * 100, 1))
    path.write_text(path.read_text().replace("104000,", "104000,1,", 1))
    funding = data / "funding.csv"
    funding.write_text(funding.read_text().replace("3600000", "9" * 5000))
    code, lines = _validate(capsys)
    assert code == 1
    assert all(len(line) < 400 for line in lines)
    assert not any("\x1b" in line for line in lines)
    assert any("(5000 characters)" in line for line in lines)


# -- nothing of a file that is not a valid table is echoed ---------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("budget.csv", f"{SECRET}:x:0:0\n{SECRET}\n"),  # not a table at all
        ("budget.csv", f"{SECRET};{SECRET}\n1;2\n"),  # semicolons, no known column
        ("budget.csv", f'"{SECRET}\n'),  # broken quoting
        ("budget.csv", (SECRET + "\n").encode("utf-16")),  # not UTF-8
        ("budget.csv", f"{SECRET}\x00\n"),  # NUL
        ("dataset.yaml", f"municipality: [{SECRET}\n"),  # YAML syntax error
        ("dataset.yaml", f"{SECRET}: &a {SECRET}\n"),  # anchor
        ("dataset.yaml", f"- {SECRET}\n"),  # not a mapping
        ("dataset.yaml", f"municipality: !!python/object:os.system {SECRET}\n"),  # a tag
    ],
)
def test_the_content_of_an_unreadable_file_is_never_echoed(
    data: Path, capsys: pytest.CaptureFixture, name: str, content: str | bytes
) -> None:
    path = data / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, lines = _validate(capsys)
    assert code == 1
    assert lines and SECRET not in "\n".join(lines)
    assert all(line.startswith(f"data/{name}") for line in lines[:-1])


# -- dataset.yaml ---------------------------------------------------------------------------------


def test_a_billion_laughs_is_refused_at_once() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    start = time.monotonic()
    meta, _, problems = parse_meta(bomb)
    assert time.monotonic() - start < 1
    assert meta == {} and len(problems) == 1 and "anchor" in problems[0][1]


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    meta, _, problems = parse_meta("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert meta == {} and problems == [(1, "is nested more than 4 levels deep", None)]


def test_the_build_reads_the_year_with_the_same_safe_loader(tmp_path: Path) -> None:
    from assen_eval.build.plan import default_year

    shutil.copytree(VALID, tmp_path / "data")
    path = tmp_path / "data" / "dataset.yaml"
    path.write_text(path.read_text() + "x: &x [1, 2]\ny: *x\n")
    assert default_year(tmp_path / "data") is None  # refused, not expanded
    path.write_text(path.read_text().replace("x: &x [1, 2]\ny: *x\n", ""))
    assert default_year(tmp_path / "data") == 2010


def test_every_key_of_the_real_data_sets_is_known() -> None:
    from assen_eval.paths import DEFAULT_DATA_DIR

    for folder in (DEFAULT_DATA_DIR, VALID):
        assert validate(folder).empty


# -- money: exact sums within the documented range -----------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    amounts=st.lists(
        st.tuples(st.integers(0, MONEY_MAX), st.integers(0, MONEY_MAX)), min_size=1, max_size=6
    )
)
def test_money_totals_are_exact_integer_sums(
    tmp_path: Path, amounts: list[tuple[int, int]]
) -> None:
    folder = tmp_path / "money"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(VALID, folder)
    path = folder / "funding.csv"
    header, first, *_ = path.read_text().splitlines()
    fields = first.split(",", 7)
    rows = [header]
    for i, (subsidy, own) in enumerate(amounts):
        rows.append(",".join([f"f-{i}", *fields[1:5], str(subsidy), str(own), fields[7]]))
    path.write_text("\n".join(rows) + "\n")
    portfolio = assen_eval.load(folder, cache=False)
    subsidy_total = sum(s for s, _ in amounts)
    own_total = sum(o for _, o in amounts)
    assert int(portfolio.funding["subsidy_eur"].sum()) == subsidy_total
    row = assen_eval.efficiency(portfolio, "portfolio").iloc[0]
    assert int(row["subsidy_eur"]) == subsidy_total
    assert int(row["own_contribution_eur"]) == own_total


def test_out_of_range_amounts_fail_cleanly_in_a_subprocess(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "data")
    path = tmp_path / "data" / "funding.csv"
    path.write_text(path.read_text().replace("3600000", "1" + "0" * 400))
    done = subprocess.run(
        [sys.executable, "-m", "assen_eval", "validate", "--data", "data"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the limit for amounts" in done.stderr and "inf" not in done.stderr


# -- ids are matched whole: a newline after an id is not an id ------------------------------------


@pytest.mark.parametrize("href", ["alpha.html\n", "#sources\n", "alpha.html\njavascript:x"])
def test_a_link_target_with_a_newline_is_refused(href: str) -> None:
    from assen_eval.report.markup import link

    with pytest.raises(ValueError, match="unsafe link target"):
        link(href, "x")


def test_an_id_cell_is_matched_whole() -> None:
    from assen_eval.data import validate as v
    from assen_eval.data.schema import Column

    assert v._parse("alpha", Column("x", "id")) == ("alpha", None)
    assert v._parse("alpha\n", Column("x", "id"))[1] is not None
    assert v._parse("5\n", Column("x", "int"))[1] is not None
