"""Hostile observation workbooks: refused in one line before openpyxl builds them, data untouched.

Each workbook starts as a real template (``assen-eval template``), filled like an auditor, then
changed the way an attacker would: inside the zip, part by part.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import assen_eval
from assen_eval.cli import main
from assen_eval.data.excel import import_observations, write_template
from assen_eval.data.workbook import MAX_CELL_CHARS, MAX_ROWS, MAX_UNPACKED_BYTES
from assen_eval.errors import ExcelError, ValidationError

VALID = Path(__file__).parent / "data" / "valid"
SHEET = "xl/worksheets/sheet1.xml"
DAY = dt.date(2010, 5, 1)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copytree(VALID, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def filled(folder: Path, out: Path, **cells: object) -> Path:
    """The template for 2010 with row 2 filled in (``cells`` override or add columns)."""
    from openpyxl import load_workbook

    blank = write_template(assen_eval.load(folder), 2010, out.with_name("blank.xlsx"))
    wb = load_workbook(blank)
    ws = wb["observaties"]
    column = {c.value: c.column for c in ws[1]}
    values = {"actual_value": 3100, "observed_on": DAY, "evidence": "Jaarverslag 2010"}
    for name, value in {**values, **cells}.items():
        cell = ws.cell(2, column[name])
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, even when it starts with '=' (not a formula)
    wb.save(out)
    return out


def rezip(path: Path, out: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the workbook with each part passed through ``change`` (None drops it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info.filename))
            if data is not None:
                dst.writestr(info.filename, data)
    out.write_bytes(buffer.getvalue())
    return out


def in_sheet(old: str, new: str) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        text = data.decode("utf-8")
        assert old in text, old
        return text.replace(old, new, 1).encode("utf-8")

    return change


def refused(path: Path, folder: Path, pattern: str) -> None:
    before = snapshot(folder)
    start = time.monotonic()
    with pytest.raises(ExcelError) as info:
        import_observations(path, data_dir=folder)
    assert time.monotonic() - start < 20
    assert re.search(pattern, str(info.value)), str(info.value)
    assert "\n" not in str(info.value) and str(info.value).startswith(str(path))
    assert snapshot(folder) == before


# -- denial of service: bounded before reading -----------------------------------------------------


def test_one_far_away_cell_is_refused_at_once(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = filled(folder, tmp_path / "far.xlsx")
    wb = load_workbook(path)
    wb["observaties"]["XFD1048576"] = "x"
    wb.save(path)
    assert path.stat().st_size < 20_000
    refused(path, folder, r"far\.xlsx: refused .*reaches row 1048576; a sheet may have 10000 rows")


def test_a_far_away_cell_is_refused_by_the_cli_within_seconds(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "far.xlsx")
    rezip(path, path, in_sheet("</sheetData>", '<row r="900000"><c r="AMJ900000"/></row>'
                                "</sheetData>"))  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "assen_eval", "import-observations", str(path), "--data", "data"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "row 900000" in done.stderr


def test_a_lying_dimension_is_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "dim.xlsx")
    text = zipfile.ZipFile(path).read(SHEET).decode()
    ref = re.search(r'<dimension ref="([^"]+)"', text).group(1)  # type: ignore[union-attr]
    rezip(path, path, in_sheet(f'<dimension ref="{ref}"', '<dimension ref="A1:Q2000000"'))
    refused(path, folder, r"its used range reaches row 2000000")


def test_a_huge_merged_range_is_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "merge.xlsx")
    rezip(
        path,
        path,
        in_sheet(
            "</sheetData>",
            '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD9"/></mergeCells>',
        ),  # fmt: skip
    )
    refused(path, folder, r"a mergeCell element reaches column XFD; a sheet may have 40 columns")


def test_a_cell_that_unpacks_to_a_gigabyte_is_refused_unpacked(
    folder: Path, tmp_path: Path
) -> None:
    path = filled(folder, tmp_path / "bomb.xlsx")
    huge = "A" * (MAX_UNPACKED_BYTES + 1)
    rezip(path, path, in_sheet("Jaarverslag 2010", huge))
    assert path.stat().st_size < 1_000_000
    refused(path, folder, r"it unpacks to more than 50 MiB")


def test_a_cell_text_over_excels_limit_is_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "long.xlsx")
    rezip(path, path, in_sheet("Jaarverslag 2010", "x" * (MAX_CELL_CHARS + 1)))
    refused(path, folder, r"has a cell text longer than 32767 characters")


def test_xml_entities_are_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "laughs.xlsx")
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'

    def change(name: str, data: bytes) -> bytes:
        if name != SHEET:
            return data
        text = data.decode()
        if text.startswith("<?xml"):
            head, _, rest = text.partition("?>")
            return (head + "?>" + dtd + rest).encode()
        return (dtd + text).encode()

    rezip(path, path, change)
    refused(path, folder, r"has a DTD or entity declaration")


def test_rows_over_the_limit_are_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "rows.xlsx")
    rezip(path, path, in_sheet("</sheetData>", f'<row r="{MAX_ROWS + 1}"/></sheetData>'))
    refused(path, folder, rf"has row {MAX_ROWS + 1}; a sheet may have {MAX_ROWS} rows")


def test_not_a_zip_is_one_line(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    refused(path, folder, r"cannot be read as an Excel workbook")


# -- what the workbook says ----------------------------------------------------------------------


def test_a_second_actual_value_column_is_refused(folder: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = filled(folder, tmp_path / "twice.xlsx")
    wb = load_workbook(path)
    ws = wb["observaties"]
    ws.cell(1, 18).value = "actual_value"
    ws.cell(2, 18).value = 999999
    wb.save(path)
    refused(path, folder, r"has column 'actual_value' twice in row 1 \(columns M and R\)")


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.example","klik")', "+31 50 123", "-1+1", "@SUM(A1)"]
)
def test_formula_like_text_is_refused_not_written(
    folder: Path, tmp_path: Path, text: str, capsys: pytest.CaptureFixture
) -> None:
    before = snapshot(folder)
    path = filled(folder, tmp_path / "text.xlsx", evidence=text)
    assert main(["import-observations", str(path), "--data", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"text.xlsx:2: column 'evidence': must not start with '{text[0]}'" in err
    assert snapshot(folder) == before
    path = filled(folder, tmp_path / "by.xlsx", recorded_by=text)
    with pytest.raises(ValidationError):
        import_observations(path, data_dir=folder)
    assert snapshot(folder) == before


def test_a_workbook_named_like_a_formula_is_refused(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "ok.xlsx")
    risky = path.rename(tmp_path / "=cmd.xlsx")
    refused(risky, folder, r"the file name must not start with '='")


@pytest.mark.parametrize("value", ["1e300", "0.30000000000000004", "10000000000000"])
def test_an_actual_value_beyond_the_number_limits_is_refused_in_the_workbook(
    folder: Path, tmp_path: Path, value: str
) -> None:
    path = filled(folder, tmp_path / "big.xlsx")
    rezip(path, path, in_sheet("<v>3100</v>", f"<v>{value}</v>"))
    before = snapshot(folder)
    with pytest.raises(ValidationError) as info:
        import_observations(path, data_dir=folder)
    [line] = info.value.lines()
    assert line.startswith(f"{path}:2: column 'actual_value': must be at most 1000000000000")
    assert snapshot(folder) == before


def test_an_accepted_import_writes_no_live_formula(folder: Path, tmp_path: Path) -> None:
    path = filled(folder, tmp_path / "fine.xlsx", evidence="Jaarverslag = 2010")
    result = import_observations(path, data_dir=folder)
    assert result.written
    text = (folder / "observations.csv").read_text()
    assert "Jaarverslag = 2010" in text
    assert assen_eval.load(folder, cache=False).observations["actual_value"].tolist()[-1] == 3100
