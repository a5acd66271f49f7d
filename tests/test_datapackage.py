"""The Frictionless data package: generated from the schema, valid, and read back exactly.

Each data set (Assen, the valid test set, and ``data/voorbeeld`` where present) is exported
once; frictionless validates it and reads it back; the rows and totals must be the ones
``assen_eval.load()`` gives. A broken foreign key in a copy must be reported by frictionless.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest
from opendata_dirs import ASSEN, DATA_DIRS, VALID, copy_data

import assen_eval
from assen_eval.cli import main
from assen_eval.data.schema import FIXED_CODES, TABLES
from assen_eval.opendata.datapackage import DESCRIPTOR
from assen_eval.opendata.export import export_datapackage
from assen_eval.opendata.tableschema import FIELD_TYPES

_EXPORTS: dict[Path, tuple[Path, Any]] = {}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    """The package folder of a data folder and frictionless' report on it (once per module)."""

    def get(data_dir: Path) -> tuple[Path, Any]:
        if data_dir not in _EXPORTS:
            out = tmp_path_factory.mktemp(data_dir.name) / "package"
            export_datapackage(out, data_dir)
            _EXPORTS[data_dir] = (out, frictionless.validate(out / DESCRIPTOR))
        return _EXPORTS[data_dir]

    yield get
    _EXPORTS.clear()


def _descriptor(out: Path) -> dict[str, Any]:
    return json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_frictionless_validate_passes(exported, data_dir: Path) -> None:
    out, report = exported(data_dir)
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:10]
    assert len(report.tasks) == len(TABLES)


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_read_back_gives_the_rows_and_totals_of_load(exported, data_dir: Path) -> None:
    out, _ = exported(data_dir)
    portfolio = assen_eval.load(data_dir)
    package = frictionless.Package(out / DESCRIPTOR)
    for table in TABLES.values():
        rows = package.get_resource(table.name).read_rows()
        frame = portfolio.tables[table.name]
        assert len(rows) == len(frame), table.name
        for col in table.columns:
            values = [row[col.name] for row in rows]
            if col.type in ("money", "int", "year"):
                assert sum(v for v in values if v is not None) == int(frame[col.name].sum())
                assert sum(v is None for v in values) == int(frame[col.name].isna().sum())
            elif col.type == "number":
                total = sum(float(v) for v in values if v is not None)
                assert total == pytest.approx(float(frame[col.name].sum()))
            elif col.type == "date":
                days = [None if v is None else pd.Timestamp(v) for v in values]
                assert days == [None if pd.isna(v) else v for v in frame[col.name]]
            else:
                assert values == [None if pd.isna(v) else v for v in frame[col.name]]


def test_read_back_money_totals_of_assen(exported) -> None:
    out, _ = exported(ASSEN)
    rows = frictionless.Package(out / DESCRIPTOR).get_resource("funding").read_rows()
    assert sum(r["subsidy_eur"] for r in rows) == 4874851
    assert sum(r["own_contribution_eur"] for r in rows) == 322000


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_files_are_byte_copies_and_the_folder_is_a_data_folder(exported, data_dir: Path) -> None:
    out, _ = exported(data_dir)
    for table in TABLES.values():
        source = data_dir / table.file
        if source.exists():
            assert (out / table.file).read_bytes() == source.read_bytes(), table.file
        else:
            assert (out / table.file).read_text() == ",".join(table.column_names) + "\n"
    assert (out / "dataset.yaml").read_bytes() == (data_dir / "dataset.yaml").read_bytes()
    assert assen_eval.load(out).summary() == assen_eval.load(data_dir).summary()


@pytest.mark.parametrize("data_dir", DATA_DIRS)
def test_table_schemas_are_generated_from_the_schema(exported, data_dir: Path) -> None:
    out, _ = exported(data_dir)
    descriptor = _descriptor(out)
    portfolio = assen_eval.load(data_dir)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == list(TABLES)
    for table in TABLES.values():
        schema = resources[table.name]["schema"]
        fields = {f["name"]: f for f in schema["fields"]}
        assert list(fields) == list(table.column_names)
        assert schema.get("primaryKey", []) == list(table.key)
        refs = [(c.name, c.refs) for c in table.columns if c.refs]
        assert [
            (fk["fields"][0], f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}")
            for fk in schema.get("foreignKeys", [])
        ] == refs
        for col in table.columns:
            field = fields[col.name]
            constraints = field.get("constraints", {})
            assert field["type"] == FIELD_TYPES[col.type]
            assert constraints.get("required", False) == col.required
            if col.type == "code":
                expected = FIXED_CODES.get(col.code_list) or portfolio.codes(col.code_list)
                assert constraints["enum"] == list(expected)
            if col.type == "money":
                assert field["type"] == "integer" and constraints["minimum"] == 0
            if col.type == "date":
                assert field["format"] == "default"  # ISO YYYY-MM-DD
        assert resources[table.name].get("title"), table.name  # from the data dictionary


def test_a_new_code_in_codes_csv_is_in_the_enum(tmp_path: Path) -> None:
    data = copy_data(VALID, tmp_path / "data")
    with (data / "codes.csv").open("a", encoding="utf-8") as fh:
        fh.write('project_status,gepauzeerd,Gepauzeerd,Paused,,,"nota test, hfdst. 3"\n')
    export_datapackage(tmp_path / "out", data)
    resources = _descriptor(tmp_path / "out")["resources"]
    projects = next(r for r in resources if r["name"] == "projects")
    status = next(f for f in projects["schema"]["fields"] if f["name"] == "status")
    assert "gepauzeerd" in status["constraints"]["enum"]


def test_a_broken_foreign_key_is_reported_by_frictionless(exported, tmp_path: Path) -> None:
    out, _ = exported(ASSEN)
    copy = tmp_path / "package"
    shutil.copytree(out, copy)
    funding = copy / "funding.csv"
    text = funding.read_text(encoding="utf-8")
    assert ",workprofiler," in text
    funding.write_text(text.replace(",workprofiler,", ",workprofilr,", 1), encoding="utf-8")
    report = frictionless.validate(copy / DESCRIPTOR)
    assert not report.valid
    invalid = [task.name for task in report.tasks if not task.valid]
    assert invalid == ["funding"]
    task = next(t for t in report.tasks if t.name == "funding")
    errors = task.flatten(["rowNumber", "type", "note"])
    broken = [e for e in errors if e[1] == "foreign-key"]
    assert [e[:2] for e in broken] == [[3, "foreign-key"]]  # line 3 of funding.csv
    assert "workprofilr" in broken[0][2] and '"projects"' in broken[0][2]


def test_sources_licence_and_provenance(exported, tmp_path: Path) -> None:
    out, _ = exported(ASSEN)
    descriptor = _descriptor(out)
    titles = [s["title"].split(":")[0] for s in descriptor["sources"]]
    assert titles == ["nota 2009", "audit 2008", "Gemeentewet"]
    assert descriptor["assenEval"]["version"] == assen_eval_version()
    assert descriptor["assenEval"]["dataset"]["municipality"] == "Gemeente Assen"
    assert descriptor["name"] == "gemeente-assen"
    assert "licenses" not in descriptor and "declares no licence" in descriptor["description"]
    data = copy_data(VALID, tmp_path / "data", "licence: CC-BY-4.0\n")
    export_datapackage(tmp_path / "out", data)
    licensed = _descriptor(tmp_path / "out")
    assert licensed["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://spdx.org/licenses/CC-BY-4.0.html"}
    ]
    assert frictionless.validate(tmp_path / "out" / DESCRIPTOR).valid


def assen_eval_version() -> str:
    from importlib import metadata

    return metadata.version("assen-eval")


def test_deterministic_with_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1296518400")
    export_datapackage(tmp_path / "a", VALID)
    export_datapackage(tmp_path / "b", VALID)
    a, b = (tmp_path / "a" / DESCRIPTOR).read_bytes(), (tmp_path / "b" / DESCRIPTOR).read_bytes()
    assert a == b
    assert json.loads(a)["created"] == "2011-02-01T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    export_datapackage(tmp_path / "c", VALID)
    assert "created" not in _descriptor(tmp_path / "c")


def test_an_absent_optional_table_is_its_header(tmp_path: Path) -> None:
    data = copy_data(VALID, tmp_path / "data")
    (data / "ratings.csv").unlink()
    export_datapackage(tmp_path / "out", data)
    assert (tmp_path / "out" / "ratings.csv").read_text() == (
        ",".join(TABLES["ratings"].column_names) + "\n"
    )
    assert frictionless.validate(tmp_path / "out" / DESCRIPTOR).valid


# -- the command line ----------------------------------------------------------------------------


def test_cli_writes_the_package(tmp_path: Path, capsys) -> None:
    assert main(["export", "--format", "datapackage", "--out", str(tmp_path / "dp")]) == 0
    assert f"wrote {tmp_path / 'dp' / DESCRIPTOR}" in capsys.readouterr().out
    assert (tmp_path / "dp" / "funding.csv").read_bytes() == (ASSEN / "funding.csv").read_bytes()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace(",Jobs for all,", ", Jobs for all,", 1),
            "funding.csv:2: column 'title_as_printed': spaces around the value",
        ),
        (lambda t: t + "\n", "funding.csv:5: a blank line"),
    ],
    ids=["padded-cell", "blank-line"],
)
def test_cli_refuses_a_file_a_strict_reader_would_read_differently(
    tmp_path: Path, capsys, edit, expected: str
) -> None:
    data = copy_data(VALID, tmp_path / "data")
    funding = data / "funding.csv"
    funding.write_text(edit(funding.read_text(encoding="utf-8")), encoding="utf-8")
    assert assen_eval.load(data, cache=False)  # assen-eval itself reads it leniently
    out = tmp_path / "out"
    assert main(["export", "--format", "datapackage", "--data", str(data), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not out.exists()  # nothing half-written


def test_cli_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "x")
    assert main(["export", "--format", "datapackage", "--year", "2010", "--out", out]) == 2
    assert "--year applies to --format iati only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "csv", "--out", out])
    assert exc.value.code == 2
    assert main(["export", "--format", "datapackage", "--data", str(tmp_path), "--out", out]) == 1
    assert "dataset.yaml: required file is missing" in capsys.readouterr().err
