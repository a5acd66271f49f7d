"""Hashes, data fingerprints, cache keys, atomic writes and the manifest file (no kernels)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assen_eval
from assen_eval.build.manifest import (
    MANIFEST_FORMAT,
    PORTFOLIO_REPORT,
    atomic_write,
    cache_key,
    data_file_hashes,
    data_fingerprints,
    indicator_contacts,
    manifest_bytes,
    package_source_hash,
    package_versions,
    read_manifest,
    sha256_bytes,
    sha256_file,
    write_manifest,
)
from assen_eval.data.portfolio import Portfolio

VALID = Path(__file__).parent / "data" / "valid"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return assen_eval.load(VALID)


def _with(portfolio: Portfolio, **tables: pd.DataFrame) -> Portfolio:
    return Portfolio(tables={**portfolio.tables, **tables}, meta=portfolio.meta)


def test_sha256_of_bytes_and_file(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"abc" * 1_000_000)
    expected = hashlib.sha256(b"abc" * 1_000_000).hexdigest()
    assert sha256_file(path) == expected
    assert sha256_bytes(b"abc" * 1_000_000) == expected


def test_data_file_hashes_cover_schema_files_and_meta_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "README.md").write_text("not data")
    hashes = data_file_hashes(data)
    assert "README.md" not in hashes
    assert hashes["dataset.yaml"] == sha256_file(data / "dataset.yaml")
    assert hashes["funding.csv"] == sha256_file(data / "funding.csv")
    assert len(hashes) == len(list(VALID.iterdir()))
    assert list(hashes) == sorted(hashes)


def test_indicator_contacts_follow_the_werkplan_chain(portfolio: Portfolio) -> None:
    # ind-containers: resultaat res-alpha-1 -> eff-alpha-1 -> obj-alpha -> alpha
    # ind-mou: inspanning eff-alpha-mou -> obj-alpha -> alpha
    assert indicator_contacts(portfolio) == {"ind-containers": "alpha", "ind-mou": "alpha"}


def test_indicator_contacts_effects_and_objectives_without_partnership(
    portfolio: Portfolio,
) -> None:
    objectives = pd.concat(
        [
            portfolio.objectives,
            pd.DataFrame(
                {"objective_id": ["obj-general"], "contact_id": [None], "text": ["x"]}
            ).astype({"objective_id": "string", "contact_id": "string", "text": "string"}),
        ],
        ignore_index=True,
    )
    efforts = pd.concat(
        [
            portfolio.efforts,
            pd.DataFrame(
                {"effort_id": ["eff-general"], "objective_id": ["obj-general"], "text": ["y"]}
            ).astype("string"),
        ],
        ignore_index=True,
    )
    indicators = pd.concat(
        [
            portfolio.indicators,
            pd.DataFrame(
                {
                    "indicator_id": ["ind-effect", "ind-general"],
                    "level": ["effect", "inspanning"],
                    "parent_id": ["fx-alpha-1", "eff-general"],
                }
            ).astype("string"),
        ],
        ignore_index=True,
    )
    owners = indicator_contacts(
        _with(portfolio, objectives=objectives, efforts=efforts, indicators=indicators)
    )
    assert owners == {
        "ind-containers": "alpha",
        "ind-mou": "alpha",
        "ind-effect": "alpha",
        "ind-general": None,
    }


def test_fingerprints_are_stable_and_per_report(portfolio: Portfolio) -> None:
    hashes = data_file_hashes(VALID)
    first = data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    assert set(first) == {PORTFOLIO_REPORT, "alpha", "beta"}
    assert first == data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    assert len(set(first.values())) == 3


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_changing_an_observation_changes_only_its_partnership_and_the_portfolio(
    portfolio: Portfolio, value: float
) -> None:
    hashes = data_file_hashes(VALID)
    before = data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    observations = portfolio.observations.copy()
    observations["actual_value"] = pd.array([value], dtype="Float64")
    changed = value != 3000.0
    new_hashes = {**hashes, "observations.csv": "0" * 64} if changed else hashes
    after = data_fingerprints(
        _with(portfolio, observations=observations), new_hashes, portfolio.contact_ids
    )
    assert after["beta"] == before["beta"]
    assert (after["alpha"] != before["alpha"]) == changed
    assert (after[PORTFOLIO_REPORT] != before[PORTFOLIO_REPORT]) == changed


def test_a_rating_changes_only_its_partnership(portfolio: Portfolio) -> None:
    hashes = data_file_hashes(VALID)
    before = data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    ratings = portfolio.ratings.copy()
    ratings["score"] = pd.array([4], dtype="Int64")
    after = data_fingerprints(
        _with(portfolio, ratings=ratings),
        {**hashes, "ratings.csv": "1" * 64},
        portfolio.contact_ids,
    )
    assert after["alpha"] != before["alpha"]
    assert after["beta"] == before["beta"]
    assert after[PORTFOLIO_REPORT] != before[PORTFOLIO_REPORT]


def test_an_imported_workbook_leaves_the_other_partnerships_current(portfolio: Portfolio) -> None:
    """The import registers its workbook in documents.csv: only the partnership whose
    observations cite it (and the portfolio) change, not every report."""
    hashes = data_file_hashes(VALID)
    before = data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    documents = pd.concat(
        [
            portfolio.documents,
            pd.DataFrame(
                [{"document_id": "obs-2011", "citation": "observaties 2011", "title": "x",
                  "year": 2011}]
            ).astype({"year": "Int64"}),
        ],
        ignore_index=True,
    )  # fmt: skip
    observations = portfolio.observations.copy()
    observations["source"] = pd.array(["observaties 2011, rij 2"], dtype="string")
    after = data_fingerprints(
        _with(portfolio, documents=documents, observations=observations),
        {**hashes, "documents.csv": "3" * 64, "observations.csv": "4" * 64},
        portfolio.contact_ids,
    )
    assert after["beta"] == before["beta"]
    assert after["alpha"] != before["alpha"]
    assert after[PORTFOLIO_REPORT] != before[PORTFOLIO_REPORT]
    # a document cited by any other table changes every report
    shared = documents.copy()
    shared.loc[0, "title"] = "another title"
    again = data_fingerprints(
        _with(portfolio, documents=shared), {**hashes, "documents.csv": "5" * 64},
        portfolio.contact_ids,
    )  # fmt: skip
    assert all(again[k] != before[k] for k in before)


def test_any_other_file_changes_every_report(portfolio: Portfolio) -> None:
    hashes = data_file_hashes(VALID)
    before = data_fingerprints(portfolio, hashes, portfolio.contact_ids)
    after = data_fingerprints(portfolio, {**hashes, "funding.csv": "2" * 64}, portfolio.contact_ids)
    assert all(after[k] != before[k] for k in before)


def _key(**change: object) -> str:
    parts: dict[str, object] = {
        "notebook_sha256": "a" * 64,
        "source_sha256": "b" * 64,
        "versions": {"pandas": "3.1.1"},
        "parameters": {"year": 2010, "lang": "nl"},
        "data_fingerprint": "c" * 64,
    }
    parts.update(change)
    return cache_key(**parts)  # type: ignore[arg-type]


def test_cache_key_depends_on_every_part() -> None:
    base = _key()
    assert base == _key()
    changes = [
        {"notebook_sha256": "d" * 64},
        {"source_sha256": "d" * 64},
        {"versions": {"pandas": "3.1.2"}},
        {"parameters": {"year": 2011, "lang": "nl"}},
        {"parameters": {"year": 2010, "lang": "en"}},
        {"data_fingerprint": "d" * 64},
    ]
    keys = {base, *(_key(**c) for c in changes)}
    assert len(keys) == len(changes) + 1
    # parameter order does not matter
    assert _key(parameters={"lang": "nl", "year": 2010}) == base


def test_cache_key_refuses_build_date() -> None:
    with pytest.raises(ValueError, match="build_date"):
        _key(parameters={"year": 2010, "build_date": "2010-01-01"})


def test_package_source_hash_sees_every_module(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__pycache__").mkdir()
    (pkg / "a.py").write_text("x = 1\n")
    (pkg / "sub" / "b.py").write_text("y = 2\n")
    first = package_source_hash(pkg)
    (pkg / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"junk")
    (pkg / "notes.txt").write_text("not source")
    assert package_source_hash(pkg) == first
    (pkg / "sub" / "b.py").write_text("y = 3\n")
    assert package_source_hash(pkg) != first


def test_package_versions_name_the_required_packages() -> None:
    versions = package_versions()
    for name in ("python", "assen-eval", "pandas", "papermill", "nbclient", "mistune"):
        assert versions[name] and versions[name] != "not installed", name
    for name in ("matplotlib", "babel"):
        assert name in versions


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "report.html"
    atomic_write(path, b"first")
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]


def test_atomic_write_failure_keeps_old_content_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(b"good old report")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        atomic_write(path, b"new report")
    assert path.read_bytes() == b"good old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_atomic_write_interrupted_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "metrics.csv"
    with pytest.raises(TypeError):
        atomic_write(path, "not bytes")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_manifest_round_trip_and_format(tmp_path: Path) -> None:
    manifest = {"format": MANIFEST_FORMAT, "b": {"y": 1, "x": "é"}, "a": [1, 2]}
    path = tmp_path / "manifest.json"
    digest = write_manifest(path, manifest)
    raw = path.read_bytes()
    assert digest == sha256_bytes(raw)
    assert raw == manifest_bytes(manifest)
    assert raw.endswith(b"}\n") and b"\r" not in raw
    assert raw.decode().splitlines()[1] == '  "a": ['
    assert list(json.loads(raw)) == ["a", "b", "format"]
    assert read_manifest(path) == manifest


@pytest.mark.parametrize(
    "content", [None, "", "{not json", "[1, 2]", '{"format": 999, "reports": {}}']
)
def test_unusable_manifest_reads_as_empty(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "manifest.json"
    if content is not None:
        path.write_text(content)
    assert read_manifest(path) == {}


def test_load_validates_a_folder_once_per_content_and_returns_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assen_eval.data import portfolio as portfolio_module

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    calls: list[Path] = []
    real = portfolio_module.read_portfolio

    def counting(folder: Path) -> Portfolio:
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(portfolio_module, "read_portfolio", counting)
    first = assen_eval.load(data)
    first.funding.loc[0, "subsidy_eur"] = 1  # a caller changing its copy ...
    second = assen_eval.load(str(data))
    assert len(calls) == 1
    assert int(second.funding.loc[0, "subsidy_eur"]) == 3600000  # ... does not change the next
    assert second.data_dir == data
    pd.testing.assert_frame_equal(second.observations, assen_eval.load(VALID).observations)
    path = data / "observations.csv"
    path.write_text(path.read_text().replace(",3000,", ",3100,"))
    assert float(assen_eval.load(data).observations.loc[0, "actual_value"]) == 3100.0
    assert len(calls) == 3  # VALID, then the changed folder
    assen_eval.load(data, cache=False)
    assert len(calls) == 4
