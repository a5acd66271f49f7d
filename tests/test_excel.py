"""Observations through Excel: the template written, filled in with openpyxl, and imported.

Every test works on real files in ``tmp_path``: a copy of ``tests/data/valid`` (or of Assen's
data), a workbook written by ``write_template`` and filled in the way an auditor would.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

import assen_eval
from assen_eval.cli import main
from assen_eval.data.excel import (
    COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    Conflict,
    import_observations,
    number_text,
    safe_cell_text,
    template_rows,
    write_template,
)
from assen_eval.data.files import CsvFile, atomic_write, validate_changes
from assen_eval.data.schema import TABLES
from assen_eval.errors import ExcelError, UsageError, ValidationError
from assen_eval.paths import DEFAULT_DATA_DIR

VALID = Path(__file__).parent / "data" / "valid"
SHEET_XML = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# -- helpers ------------------------------------------------------------------------------------


def data_copy(tmp_path: Path, source: Path = VALID) -> Path:
    return Path(shutil.copytree(source, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def template(folder: Path, year: int, out: Path) -> Path:
    return write_template(assen_eval.load(folder), year, out)


def fill(source: Path, out: Path, rows: dict[str | int, dict[str, object]]) -> Path:
    """Fill the template like an auditor: keys are indicator ids (their row) or row numbers."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    ws = wb["observaties"]
    column = {c.value: c.column for c in ws[1]}
    row_of = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for key, values in rows.items():
        row = key if isinstance(key, int) else row_of[key]
        for name, value in values.items():
            ws.cell(row, column[name]).value = value
    wb.save(out)
    return out


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def sheet_xml(path: Path, name: str = SHEET_XML) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def xml_cells(path: Path) -> dict[str, ElementTree.Element]:
    """The sheet's ``<c>`` elements by reference, parsed from the XML inside the zip."""
    root = ElementTree.fromstring(sheet_xml(path))
    return {c.get("r", ""): c for c in root.iter(f"{{{NS}}}c")}


def stored_text(cell: ElementTree.Element) -> str | None:
    """The text of an inline-string cell without a formula, else None."""
    if cell.get("t") != "inlineStr" or cell.find(f"{{{NS}}}f") is not None:
        return None
    return "".join(cell.find(f"{{{NS}}}is").itertext())  # type: ignore[union-attr]


# -- safe text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_safe_cell_text_stores_formula_like_text_as_text(tmp_path: Path, lead: str) -> None:
    from openpyxl import Workbook, load_workbook

    text = f'{lead}HYPERLINK("http://example.org","klik")'
    wb = Workbook()
    safe_cell_text(wb.active["A1"], text)
    safe_cell_text(wb.active["A2"], "gewone tekst")
    safe_cell_text(wb.active["A3"], None)
    wb.save(tmp_path / "t.xlsx")

    assert not re.search(r"<f[ >]", sheet_xml(tmp_path / "t.xlsx"))
    cells = xml_cells(tmp_path / "t.xlsx")
    assert stored_text(cells["A1"]) == text
    assert stored_text(cells["A2"]) == "gewone tekst"
    back = load_workbook(tmp_path / "t.xlsx").active
    assert (back["A1"].value, back["A1"].data_type, back["A1"].quotePrefix) == (text, "s", True)
    assert (back["A2"].value, back["A2"].quotePrefix) == ("gewone tekst", False)
    assert back["A3"].value is None


# -- the template -------------------------------------------------------------------------------


def _indicators(folder: Path) -> list[dict[str, str]]:
    return csv_rows(folder / "indicators.csv")


@pytest.mark.parametrize("year", [2008, 2009, 2010])
def test_template_rows_are_due_by_year_then_without_deadline(year: int) -> None:
    rows = template_rows(assen_eval.load(DEFAULT_DATA_DIR), year)

    indicators = _indicators(DEFAULT_DATA_DIR)
    dated = [
        r["indicator_id"] for r in indicators if r["deadline"] and r["deadline"] <= f"{year}-12-31"
    ]
    undated = [r["indicator_id"] for r in indicators if not r["deadline"]]
    assert list(rows["indicator_id"]) == dated + undated
    assert list(rows["due"]) == ["ja"] * len(dated) + ["geen deadline"] * len(undated)
    assert len(undated) == 3  # Assen: millennium-status, millennium-co2, poznan-loket-vng


def test_template_rows_resolve_partnership_parent_and_unit() -> None:
    rows = template_rows(assen_eval.load(DEFAULT_DATA_DIR), 2010).set_index("indicator_id")

    assert rows.loc["ind-naledi-medewerkers", "partnership"] == "Naledi"  # via a result
    assert rows.loc["ind-poznan-mou", "partnership"] == "Poznan"  # via an effort
    co2 = rows.loc["ind-millennium-co2"]  # via an effect
    assert co2["partnership"] == "Millennium Gemeente (campagne VNG)"
    assert co2["parent_text"].startswith("Er wordt jaarlijk 3120 ton CO2")
    assert (co2["unit"], co2["target_value"], co2["deadline"]) == ("ton CO2 per jaar", 3120, None)
    assert rows.loc["ind-naledi-zwerfvuil", "deadline"] == dt.date(2010, 3, 31)
    assert rows["latest_value"].isna().all()  # Assen records no observations


def test_template_workbook_layout(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = template(DEFAULT_DATA_DIR, 2009, tmp_path / "obs.xlsx")

    wb = load_workbook(path)
    assert wb.sheetnames == ["observaties", "toelichting", "meta"]
    ws = wb["observaties"]
    header = [c.value for c in ws[1]]
    assert header == [name for name, _, _ in COLUMNS]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["E"].width == 48
    expected = list(template_rows(assen_eval.load(DEFAULT_DATA_DIR), 2009)["indicator_id"])
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == expected
    col = {name: header.index(name) + 1 for name in header}
    first = {name: ws.cell(2, col[name]) for name in header}
    assert first["indicator_id"].value == "ind-naledi-medewerkers"
    assert first["deadline"].is_date and first["deadline"].value == dt.datetime(2009, 12, 31)
    assert first["target_value"].value == 5 and first["unit"].value == "medewerker"
    for name in ("actual_value", "observed_on", "evidence", "recorded_by"):
        assert all(ws.cell(r, col[name]).value is None for r in range(2, ws.max_row + 1))
    undated = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["due"]).value != "ja"]
    assert {ws.cell(r, col["due"]).value for r in undated} == {"geen deadline"}
    assert all(ws.cell(r, col["deadline"]).value is None for r in undated)
    meta = wb["meta"]
    assert meta.sheet_state == "hidden"
    assert {r[0]: r[1] for r in meta.iter_rows(values_only=True)} == {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dataset": "Gemeente Assen",
        "year": 2009,
        "sheet": "observaties",
    }
    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert (rules["decimal"].operator, rules["decimal"].formula1) == ("greaterThanOrEqual", "0")
    last = len(expected) + 101  # validation also covers rows copied below the template's
    assert (str(rules["decimal"].sqref), str(rules["date"].sqref)) == (f"M2:M{last}", f"N2:N{last}")
    day = rules["date"]
    assert (day.operator, day.formula1, day.formula2) == (
        "between",
        "DATE(2000,1,1)",
        "DATE(2100,12,31)",
    )
    assert not re.search(r"<f[ >]", sheet_xml(path))


def test_template_stores_formula_like_data_text_as_string(tmp_path: Path) -> None:
    """Validated data never holds such text (the validator refuses it, see the case
    tests/data/invalid/formula_like_text); a portfolio built in code still gets safe cells."""
    import dataclasses

    from openpyxl import load_workbook

    folder = data_copy(tmp_path)
    risky = {
        "description": '=HYPERLINK("http://example.org","x")',
        "deadline_text": "-eind 2009",
    }
    rows = _indicators(folder)
    rows[0].update(description=risky["description"], deadline_text=risky["deadline_text"])
    rows[1].update(description="+31 6 1234 5678")
    contacts = csv_rows(folder / "contacts.csv")
    contacts[0]["name"] = "@alphastad"
    for name, table in (("indicators", rows), ("contacts", contacts)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, TABLES[name].column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table)
    refused = validate_changes(folder, {})
    assert len(refused) == 4 and set(refused["column"]) == {"description", "deadline_text", "name"}

    portfolio = assen_eval.load(VALID)
    tables = dict(portfolio.tables)
    tables["indicators"] = tables["indicators"].copy()
    tables["indicators"].loc[0, "description"] = risky["description"]
    tables["indicators"].loc[0, "deadline_text"] = risky["deadline_text"]
    tables["indicators"].loc[1, "description"] = "+31 6 1234 5678"
    tables["contacts"] = tables["contacts"].copy()
    tables["contacts"].loc[0, "name"] = "@alphastad"
    path = write_template(
        dataclasses.replace(portfolio, tables=tables), 2010, tmp_path / "obs.xlsx"
    )

    assert not re.search(r"<f[ >]", sheet_xml(path))
    texts = {stored_text(cell) for cell in xml_cells(path).values()}
    for text in (risky["description"], "-eind 2009", "+31 6 1234 5678", "@alphastad"):
        assert text in texts
    ws = load_workbook(path)["observaties"]
    assert ws["E2"].value == risky["description"] and ws["E2"].data_type == "s"
    assert ws["E2"].quotePrefix


def test_template_bytes_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = template(VALID, 2010, tmp_path / "a.xlsx").read_bytes()
    b = template(VALID, 2010, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {info.date_time for info in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1262347200")  # 2010-01-01 12:00 UTC
    c = template(VALID, 2010, tmp_path / "c.xlsx").read_bytes()
    assert c != a
    with zipfile.ZipFile(tmp_path / "c.xlsx") as z:
        assert {info.date_time for info in z.infolist()} == {(2010, 1, 1, 12, 0, 0)}
        assert z.read("docProps/core.xml").decode().count("2010-01-01T12:00:00Z") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx", "c.xlsx"]


def test_template_refuses_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    portfolio = assen_eval.load(VALID)
    with pytest.raises(UsageError, match=r"\.xlsx"):
        write_template(portfolio, 2010, tmp_path / "obs.csv")
    with pytest.raises(UsageError, match="between 1900 and 2100"):
        write_template(portfolio, 20100, tmp_path / "obs.xlsx")
    with pytest.raises(UsageError, match="does not exist"):
        write_template(portfolio, 2010, tmp_path / "missing" / "obs.xlsx")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        write_template(portfolio, 2010, tmp_path / "obs.xlsx")
    assert list(tmp_path.iterdir()) == []


# -- importing ----------------------------------------------------------------------------------


def test_round_trip_adds_rows_and_keeps_every_old_one(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    blank = template(folder, 2010, tmp_path / "blank.xlsx")
    filled = fill(
        blank,
        tmp_path / "filled.xlsx",
        {
            "ind-containers": {
                "actual_value": 3600,
                "observed_on": dt.date(2010, 5, 1),
                "evidence": "Jaarverslag Naledi 2010, p. 4",
                "recorded_by": "auditor A",
            },
            "ind-mou": {"actual_value": "1", "observed_on": "2010-06-01", "evidence": "MoU"},
        },
    )
    sha = hashlib.sha256(filled.read_bytes()).hexdigest()

    result = import_observations(filled, data_dir=folder)

    assert result.added == ("obs-ind-containers-20100501", "obs-ind-mou-20100601")
    assert (result.skipped, result.conflicts, result.replaced, result.written) == ((), (), (), True)
    assert result.document_id == f"workbook-{sha[:8]}"
    obs = (folder / "observations.csv").read_bytes()
    assert obs.startswith(before["observations.csv"])
    new = csv_rows(folder / "observations.csv")[1:]
    assert [(r["actual_value"], r["source"], r["recorded_by"]) for r in new] == [
        ("3600", "werkboek filled.xlsx, rij 2", "auditor A"),
        ("1", "werkboek filled.xlsx, rij 3", ""),
    ]
    docs = (folder / "documents.csv").read_bytes()
    assert docs.startswith(before["documents.csv"])
    doc = csv_rows(folder / "documents.csv")[-1]
    assert doc == {
        "document_id": f"workbook-{sha[:8]}",
        "citation": "werkboek filled.xlsx",
        "title": "Observaties ingevoerd via filled.xlsx",
        "author": "",
        "published": f"ingevoerd {dt.date.today().isoformat()}",
        "year": str(dt.date.today().year),
        "location": f"filled.xlsx (sha256 {sha})",
    }
    assert {k: v for k, v in snapshot(folder).items() if v != before[k]}.keys() == {
        "observations.csv",
        "documents.csv",
    }
    loaded = assen_eval.load(folder).observations
    assert len(loaded) == 3
    assert list(loaded["actual_value"]) == [3000, 3600, 1]
    assert "2 observations added" in result.describe()

    after = snapshot(folder)
    again = import_observations(filled, data_dir=folder)
    assert (again.added, again.written) == ((), False)
    assert again.skipped == result.added
    assert snapshot(folder) == after


def test_conflict_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {
            "ind-containers": {
                "actual_value": 3500,
                "observed_on": dt.date(2009, 11, 15),
                "evidence": "Herziene telling",
            },
            "ind-mou": {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"},
        },
    )

    result = import_observations(filled, data_dir=folder)

    assert result.conflicts == (
        Conflict("ind-containers", dt.date(2009, 11, 15), 3000.0, 3500.0, "obs-containers-2009", 2),
    )
    assert (result.added, result.replaced, result.written) == ((), (), False)
    assert result.held_back == ("obs-ind-mou-20100601",)
    assert snapshot(folder) == before
    text = result.describe()
    assert "ind-containers on 2009-11-15: 3000 in observations.csv" in text
    assert "3500 in row 2" in text and "--replace" in text


def test_replace_overwrites_the_conflicting_value(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {
            "ind-containers": {
                "actual_value": 3500.5,
                "observed_on": dt.datetime(2009, 11, 15),
                "evidence": "Herziene telling",
                "recorded_by": "auditor B",
            }
        },
    )

    result = import_observations(filled, data_dir=folder, replace=True)

    assert result.replaced == ("obs-containers-2009",) and result.added == ()
    assert len(result.conflicts) == 1 and result.written
    rows = csv_rows(folder / "observations.csv")
    assert rows == [
        {
            "observation_id": "obs-containers-2009",
            "indicator_id": "ind-containers",
            "date": "2009-11-15",
            "actual_value": "3500.5",
            "evidence": "Herziene telling",
            "recorded_by": "auditor B",
            "source": "werkboek filled.xlsx, rij 2",
        }
    ]
    assert assen_eval.load(folder).observations["actual_value"].tolist() == [3500.5]
    assert "1 replaced" in result.describe()


def test_invalid_cells_are_all_reported_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    monkeypatch.chdir(tmp_path)
    day = dt.date(2010, 5, 1)
    fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {
            "ind-containers": {
                "actual_value": "EUR 3.600.000",
                "observed_on": day,
                "evidence": "Jaarverslag",
            },
            "ind-mou": {"actual_value": "3,6", "observed_on": "gisteren"},
            4: {
                "indicator_id": "ind-onbekend",
                "actual_value": "veel",
                "observed_on": dt.date(1999, 12, 31),
                "evidence": "x",
            },
            5: {"indicator_id": "ind-mou", "actual_value": -5, "observed_on": day, "evidence": "x"},
            6: {
                "indicator_id": "ind-mou",
                "actual_value": "=1+2",
                "observed_on": day,
                "evidence": "x",
            },
            7: {"actual_value": 4, "observed_on": day, "evidence": "x"},
            8: {
                "indicator_id": "ind-mou",
                "actual_value": True,
                "observed_on": day,
                "evidence": "x",
            },
        },
    )
    expected = [
        "filled.xlsx:2: column 'actual_value': must be a number >= 0 (got 'EUR 3.600.000')",
        "filled.xlsx:3: column 'actual_value': must be a number >= 0 (got '3,6')",
        "filled.xlsx:3: column 'observed_on': must be a date (a date cell or YYYY-MM-DD) "
        "(got 'gisteren')",
        "filled.xlsx:3: column 'evidence': must not be empty when actual_value is given",
        "filled.xlsx:4: column 'indicator_id': is not an indicator of this data set "
        "(indicators.csv) (got 'ind-onbekend')",
        "filled.xlsx:4: column 'actual_value': must be a number >= 0 (got 'veel')",
        "filled.xlsx:4: column 'observed_on': must be a date between 2000-01-01 and 2100-12-31 "
        "(got '1999-12-31')",
        "filled.xlsx:5: column 'actual_value': must be a number >= 0 (got -5)",
        "filled.xlsx:6: column 'actual_value': must be a typed value, not a formula (got '=1+2')",
        "filled.xlsx:7: column 'indicator_id': must not be empty when actual_value is given",
        "filled.xlsx:8: column 'actual_value': must be a number >= 0 (got True)",
    ]

    with pytest.raises(ValidationError) as info:
        import_observations(Path("filled.xlsx"), data_dir=folder)

    assert info.value.lines() == expected
    assert list(info.value.problems.columns) == ["path", "row", "column", "value", "message"]
    assert snapshot(folder) == before


def test_a_date_and_indicator_twice_in_the_workbook_is_refused(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    same = {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {"ind-mou": same, 4: {"indicator_id": "ind-mou", **same, "actual_value": 2}},
    )
    with pytest.raises(ValidationError) as info:
        import_observations(filled, data_dir=folder)
    assert info.value.problems.to_dict("records") == [
        {
            "path": str(filled),
            "row": 4,
            "column": "observed_on",
            "value": "2010-06-01",
            "message": "repeats the indicator and date of row 3",
        }
    ]


def test_rows_without_actual_value_are_skipped_and_named(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {"ind-mou": {"observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}},
    )
    result = import_observations(filled, data_dir=folder)
    assert (result.added, result.ignored_rows, result.written) == ((), (3,), False)
    assert "Ignored row(s) 3" in result.describe()
    assert snapshot(folder) == before


def test_same_file_name_new_content_is_a_new_document(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    blank = template(folder, 2010, tmp_path / "blank.xlsx")
    mou = {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}
    first = import_observations(
        fill(blank, tmp_path / "obs.xlsx", {"ind-mou": mou}), data_dir=folder
    )
    second_file = fill(
        tmp_path / "obs.xlsx",
        tmp_path / "obs.xlsx",
        {
            "ind-containers": {
                "actual_value": 3900,
                "observed_on": dt.date(2010, 7, 1),
                "evidence": "r",
            }
        },
    )
    sha = hashlib.sha256(second_file.read_bytes()).hexdigest()

    second = import_observations(second_file, data_dir=folder)

    assert second.citation == f"werkboek obs.xlsx ({sha[:8]})" != first.citation
    assert second.added == ("obs-ind-containers-20100701",) and second.skipped == first.added
    sources = {r["observation_id"]: r["source"] for r in csv_rows(folder / "observations.csv")}
    assert sources["obs-ind-containers-20100701"] == f"werkboek obs.xlsx ({sha[:8]}), rij 2"
    assert len(assen_eval.load(folder).documents) == 3


def test_crlf_and_bom_files_keep_their_bytes(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    for name in ("observations.csv", "documents.csv"):
        text = (folder / name).read_text(encoding="utf-8").replace("\n", "\r\n")
        (folder / name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    before = snapshot(folder)
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {"ind-mou": {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}},
    )
    import_observations(filled, data_dir=folder)
    for name in ("observations.csv", "documents.csv"):
        data = (folder / name).read_bytes()
        assert data.startswith(before[name]) and data.endswith(b"\r\n")
        assert data.count(b"\r\n") == data.count(b"\n")
    assert len(assen_eval.load(folder).observations) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plain.xlsx", None, "is not an observations workbook of assen-eval"),
        ("data.csv", b"indicator_id,actual_value\n", "is not an Excel workbook (.xlsx)"),
        ("broken.xlsx", b"not a zip file", "cannot be read as an Excel workbook (.xlsx)"),
    ],
)
def test_a_workbook_that_is_not_ours_is_refused(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    from openpyxl import Workbook

    folder = data_copy(tmp_path)
    before = snapshot(folder)
    path = tmp_path / name
    if content is None:
        Workbook().save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ExcelError, match=re.escape(message)) as info:
        import_observations(path, data_dir=folder)
    assert str(info.value).startswith(f"{path}: ")
    with pytest.raises(ExcelError, match="no such workbook"):
        import_observations(tmp_path / "missing.xlsx", data_dir=folder)
    assert snapshot(folder) == before


def test_a_workbook_for_another_data_set_is_refused(tmp_path: Path) -> None:
    folder = data_copy(tmp_path, DEFAULT_DATA_DIR)
    filled = fill(
        template(VALID, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {"ind-mou": {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}},
    )
    with pytest.raises(
        ExcelError, match="written for 'Gemeente Testdorp', not for 'Gemeente Assen'"
    ):
        import_observations(filled, data_dir=folder)


def test_merged_data_is_validated_before_any_file_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the merge produces a bad row; the real validator must stop the write."""
    import assen_eval.data.excel as excel

    def corrupted(data_dir: Path, files: dict[Path, bytes]) -> object:
        obs = data_dir / "observations.csv"
        bad = {**files, obs: files[obs] + b"obs-x,ind-unknown,2010-01-01,1,x,,nota test\n"}
        return validate_changes(data_dir, bad)

    monkeypatch.setattr(excel, "validate_changes", corrupted)
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    filled = fill(
        template(folder, 2010, tmp_path / "blank.xlsx"),
        tmp_path / "filled.xlsx",
        {"ind-mou": {"actual_value": 1, "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}},
    )
    with pytest.raises(ValidationError) as info:
        import_observations(filled, data_dir=folder)
    assert info.value.lines() == [
        f"{folder / 'observations.csv'}:4: column 'indicator_id': refers to an unknown "
        "indicators.indicator_id (got 'ind-unknown')"
    ]
    assert snapshot(folder) == before


# -- the command line ---------------------------------------------------------------------------


def test_cli_template_and_import_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = data_copy(tmp_path)
    monkeypatch.chdir(tmp_path)

    assert main(["template", "--data", "data", "--year", "2010", "-o", "blank.xlsx"]) == 0
    assert capsys.readouterr().out == "wrote blank.xlsx\n"
    assert main(["template", "--data", "data", "--year", "2010", "-o", "blank.csv"]) == 2
    assert "the template must be an Excel workbook" in capsys.readouterr().err

    conflict = {"actual_value": 1, "observed_on": dt.date(2009, 11, 15), "evidence": "telling"}
    fill(Path("blank.xlsx"), Path("conflict.xlsx"), {"ind-containers": conflict})
    before = snapshot(folder)
    assert main(["import-observations", "conflict.xlsx", "--data", "data"]) == 1
    out, err = capsys.readouterr()
    assert "1 conflict" in out and err == ""
    assert snapshot(folder) == before
    assert main(["import-observations", "conflict.xlsx", "--data", "data", "--replace"]) == 0
    assert "1 replaced" in capsys.readouterr().out
    assert assen_eval.load(folder).observations["actual_value"].tolist() == [1]

    bad = {"actual_value": "veel", "observed_on": dt.date(2010, 6, 1), "evidence": "MoU"}
    fill(Path("blank.xlsx"), Path("bad.xlsx"), {"ind-mou": bad})
    assert main(["import-observations", "bad.xlsx", "--data", "data"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "bad.xlsx:3: column 'actual_value': must be a number >= 0 (got 'veel')",
        "1 problem(s); nothing was changed.",
    ]


def test_cli_refuses_a_foreign_workbook_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    data_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    Workbook().save("other.xlsx")
    assert main(["import-observations", "other.xlsx", "--data", "data"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith("assen-eval: other.xlsx: is not an observations workbook of assen-eval")


# -- the file machinery -------------------------------------------------------------------------


@given(st.floats(min_value=0, max_value=1e300, allow_nan=False, allow_infinity=False))
def test_number_text_is_a_valid_csv_number(value: float) -> None:
    text = number_text(value)
    assert re.fullmatch(r"[0-9]+(\.[0-9]+)?", text)
    assert float(text) == value


def test_validate_changes_checks_a_copy_and_names_the_real_folder(tmp_path: Path) -> None:
    folder = data_copy(tmp_path)
    before = snapshot(folder)
    bad = before["observations.csv"] + b"obs-x,ind-unknown,2010-01-01,1,x,,nota test\n"
    problems = validate_changes(folder, {folder / "observations.csv": bad})
    assert problems.to_dict("records") == [
        {
            "path": str(folder / "observations.csv"),
            "row": 3,
            "column": "indicator_id",
            "value": "ind-unknown",
            "message": "refers to an unknown indicators.indicator_id",
        }
    ]
    assert validate_changes(folder, {}).empty
    assert snapshot(folder) == before


def test_atomic_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"old\n")
    with pytest.raises(FileNotFoundError):
        atomic_write({tmp_path / "a.csv": b"new\n", tmp_path / "missing" / "b.csv": b"x"})
    assert snapshot(tmp_path) == {"a.csv": b"old\n"}
    atomic_write({tmp_path / "a.csv": b"new\n"})
    assert snapshot(tmp_path) == {"a.csv": b"new\n"}


def test_csv_file_rewrites_only_the_replaced_record(tmp_path: Path) -> None:
    path = tmp_path / "observations.csv"
    original = (
        b"observation_id,indicator_id,date,actual_value,evidence,recorded_by,source\n"
        b'a,ind-x,2010-01-01,1,"two\nlines",,src\n'
        b"b,ind-x,2010-01-02,2,e,,src"
    )
    path.write_bytes(original)
    table = CsvFile(path, TABLES["observations"])
    assert [r["evidence"] for r in table.rows()] == ["two\nlines", "e"]
    table.replace(0, {**table.rows()[0], "actual_value": "5", "evidence": "one"})
    table.append({**table.rows()[1], "observation_id": "c"})
    assert table.to_bytes() == (
        b"observation_id,indicator_id,date,actual_value,evidence,recorded_by,source\n"
        b"a,ind-x,2010-01-01,5,one,,src\n"
        b"b,ind-x,2010-01-02,2,e,,src\n"
        b"c,ind-x,2010-01-02,2,e,,src\n"
    )
    assert table.unchanged_on_disk()
