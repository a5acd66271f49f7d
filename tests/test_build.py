"""``assen-eval build``: end to end with real kernels, on the small test data set.

The notebooks in ``tests/data/notebooks`` are tiny parameterized stand-ins (the same parameters
as the real ones); ``test_real_notebooks_*`` run the real ``notebooks/*.ipynb``. Tests that start
kernels are marked ``slow`` but run by default.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest

import assen_eval
from assen_eval import report
from assen_eval.build import BuildSummary, build, build_date, export, report_title
from assen_eval.build.executor import InlineExecutor, ReportTask
from assen_eval.build.kernels import shutdown_kernels
from assen_eval.build.manifest import sha256_file
from assen_eval.cli import main
from assen_eval.errors import BuildError, DataError, UsageError, ValidationError

HERE = Path(__file__).parent
VALID = HERE / "data" / "valid"
NOTEBOOKS = HERE / "data" / "notebooks"
EPOCH = "1262304000"  # 2010-01-01T00:00:00Z
FILES = {
    "index.html",
    "alpha.html",
    "beta.html",
    "notebooks/index.ipynb",
    "notebooks/alpha.ipynb",
    "notebooks/beta.ipynb",
    "metrics.csv",
    "metrics/index.csv",
    "metrics/alpha.csv",
    "metrics/beta.csv",
    "manifest.json",
}


class Recording(InlineExecutor):
    """Runs tasks in-process and remembers which reports were submitted."""

    def __init__(self) -> None:
        self.ids: list[str] = []  # reports run in a kernel
        self.metrics_ids: list[str] = []  # reports whose metrics alone were computed

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        task: ReportTask = args[0]
        (self.ids if task.notebook is not None else self.metrics_ids).append(task.report_id)
        return super().submit(fn, *args, **kwargs)


class NoKernels(InlineExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        raise AssertionError(f"a kernel was asked for {args[0].report_id}")


@pytest.fixture(autouse=True)
def _stop_kernels() -> Iterator[None]:
    yield
    shutdown_kernels()


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the test data as ./data; relative paths from here."""
    shutil.copytree(VALID, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def notebooks(partnership: str = "partnership", portfolio: str = "portfolio") -> dict[str, Path]:
    return {
        "partnership": NOTEBOOKS / f"{partnership}.ipynb",
        "portfolio": NOTEBOOKS / f"{portfolio}.ipynb",
    }


def run(out: str = "out", **kw: Any) -> BuildSummary:
    kw.setdefault("notebooks", notebooks())
    kw.setdefault("executor", InlineExecutor())
    kw.setdefault("progress", False)
    return build("data", out=out, **kw)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_no_live_formula(path: Path) -> None:
    """No cell of a written CSV starts with a formula trigger, but for numbers in 'value'."""
    import csv

    from assen_eval.spreadsheet import is_formula_like, is_number

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for row in rows[1:]:
        assert len(row) == len(rows[0]), (path, row)
        for name, cell in zip(rows[0], row, strict=True):
            assert not is_formula_like(cell) or (name == "value" and is_number(cell)), (path, cell)


def set_observation(value: str) -> None:
    path = Path("data/observations.csv")
    text = path.read_text()
    assert ",3000," in text
    path.write_text(text.replace(",3000,", f",{value},"))


# -- arguments refused before anything runs -----------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["../x", "/etc/x", "a/b", "..", ".", "", "Alpha", "a b", "x\\y", "alpha\n", "a\nb"]
)
def test_ids_that_could_leave_the_output_folder_are_refused_first(
    bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="refusing report id"):
        build(tmp_path / "no-such-data", out="out", only=["alpha", bad], executor=NoKernels())
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_a_path_id_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["build", "--data", str(VALID), "--out", "out", "--only", "../../etc/passwd"])
    err = capsys.readouterr().err
    assert code == 2
    assert "refusing report id '../../etc/passwd'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_unknown_id_is_a_usage_error_naming_the_known_ones(work: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown report id\(s\): gamma .*alpha, beta"):
        run(only=["alpha", "gamma"], executor=NoKernels())
    assert not (work / "out").exists()


def test_invalid_data_raises_validation_error_and_writes_nothing(work: Path) -> None:
    path = work / "data" / "funding.csv"
    path.write_text(path.read_text().replace("3600000", "EUR 3.600.000"))
    with pytest.raises(ValidationError) as info:
        run(executor=NoKernels())
    assert "funding.csv:2: column 'subsidy_eur'" in info.value.lines()[0]
    assert not (work / "out").exists()


@pytest.mark.slow
def test_data_made_invalid_after_a_build_is_still_refused(work: Path) -> None:
    run()
    before = files(work / "out" / "2010")
    path = work / "data" / "observations.csv"
    path.write_text(path.read_text().replace("2009-11-15", "2009-13-15"))
    with pytest.raises(ValidationError, match="observations.csv:2: column 'date'"):
        run(executor=NoKernels())
    assert files(work / "out" / "2010") == before


def test_a_partnership_named_index_is_refused(work: Path) -> None:
    for name in ("contacts", "contact_motives", "project_contacts", "events", "objectives"):
        path = work / "data" / f"{name}.csv"
        path.write_text(re.sub(r"\bbeta\b", "index", path.read_text()))
    with pytest.raises(DataError, match="reserved for the portfolio report"):
        run(executor=NoKernels())


def test_bad_arguments(work: Path) -> None:
    with pytest.raises(UsageError, match="lang"):
        run(lang="fr", executor=NoKernels())
    with pytest.raises(UsageError, match="jobs"):
        run(jobs=0, executor=NoKernels())
    with pytest.raises(UsageError, match="notebook"):
        run(notebooks={"partnership": work / "missing.ipynb"}, executor=NoKernels())


def test_build_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1293753600")
    assert build_date() == "2010-12-31"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        build_date()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date(dt.date(2011, 3, 4)) == "2011-03-04"
    assert build_date() == dt.date.today().isoformat()


def test_report_titles() -> None:
    meta = {"municipality": "Gemeente Assen", "municipality_en": "Municipality of Assen"}
    assert report_title(meta, 2010, "nl", "Naledi") == "Naledi: evaluatie 2010"
    assert report_title(meta, 2010, "en", "Naledi") == "Naledi: evaluation 2010"
    meta["title_nl"] = "Nota internationaal beleid"
    assert (
        report_title(meta, 2010, "nl")
        == "Gemeente Assen, Nota internationaal beleid: evaluatie 2010"
    )
    assert report_title(meta, 2011, "en") == "Municipality of Assen: evaluation 2011"


def test_missing_dask_is_a_clear_usage_error(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"needs Dask distributed: pip install"):
        build("data", out="out", notebooks=notebooks(), scheduler="tcp://127.0.0.1:1")


# -- building ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_end_to_end_in_worker_processes(work: Path) -> None:
    stream = io.StringIO()
    summary = build("data", out="out", jobs=2, notebooks=notebooks(), progress=True, stream=stream)
    out = work / "out" / "2010"
    assert summary.out_dir == Path("out/2010")
    assert sorted(summary.built) == ["alpha", "beta", "index"] and not summary.failed
    assert set(files(out)) == FILES
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    for line in lines:
        assert re.fullmatch(r"\[[123]/3\] (index|alpha|beta) +built \d+\.\d s", line), line
    assert re.fullmatch(
        r"out/2010: 3 reports \(3 built, 0 reused, 0 failed\) in \d+\.\d s", summary.describe()
    )

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["year"] == 2010 and manifest["lang"] == "nl"
    assert manifest["parameters"] == {
        "build_date": dt.date.today().isoformat(),
        "data_dir": "data",
        "lang": "nl",
        "year": 2010,
    }
    assert manifest["data"]["files"]["observations.csv"] == sha256_file(
        work / "data" / "observations.csv"
    )
    assert len(manifest["data"]["files"]) == len(list(VALID.iterdir()))
    assert manifest["notebooks"]["partnership"] == {
        "file": "partnership.ipynb",
        "sha256": sha256_file(NOTEBOOKS / "partnership.ipynb"),
    }
    for name in ("python", "assen-eval", "pandas", "papermill", "nbclient", "mistune"):
        assert manifest["versions"][name]
    assert {"matplotlib", "babel"} <= set(manifest["versions"])
    assert set(manifest["reports"]) == {"index", "alpha", "beta"}
    for rid, entry in manifest["reports"].items():
        assert entry["current"] is True and len(entry["key"]) == 64
        for rel, digest in entry["outputs"].items():
            assert sha256_file(out / rel) == digest, (rid, rel)
    assert manifest["reports"]["alpha"]["parameters"]["partnership"] == "alpha"
    assert manifest["metrics"]["metrics.csv"] == sha256_file(out / "metrics.csv")
    assert manifest["order"] == ["index", "alpha", "beta"]
    portfolio = assen_eval.load(work / "data")
    expected = pd.concat(
        [report.metrics(portfolio, 2010, c) for c in (None, "alpha", "beta")], ignore_index=True
    )
    assert (out / "metrics.csv").read_bytes() == expected.to_csv(
        index=False, lineterminator="\n"
    ).encode("utf-8")
    assert list(dict.fromkeys(expected["report"])) == ["index", "alpha", "beta"]
    for name in ("metrics.csv", "metrics/index.csv", "metrics/alpha.csv", "metrics/beta.csv"):
        assert_no_live_formula(out / name)

    html = (out / "alpha.html").read_text()
    assert "<title>Alphastad: evaluatie 2010</title>" in html
    assert "<h1>Alphastad</h1>" in html and "Waste Management Alpha" in html
    assert "must not reach the HTML" not in html  # stderr (a warning) is stripped
    assert "portfolio.contact(partnership)" not in html  # no code
    assert "data:image/png;base64," in html  # the chart is embedded
    assert (
        "<title>Gemeente Testdorp, Testnota internationaal beleid: evaluatie 2010</title>"
        in (out / "index.html").read_text()
    )
    executed = json.loads((out / "notebooks" / "alpha.ipynb").read_text())
    assert executed["metadata"]["papermill"]["parameters"]["data_dir"] == "data"
    assert "must not reach the HTML" in json.dumps(executed)  # kept in the audit trail
    for name, raw in files(out).items():
        assert str(work).encode() not in raw, f"{name} holds an absolute temp path"
        assert b"\r\n" not in raw, name


@pytest.mark.slow
def test_kernel_is_this_interpreter(work: Path) -> None:
    build(
        "data",
        out="out",
        jobs=1,
        notebooks=notebooks("executable", "executable"),
        only=["alpha"],
        progress=False,
    )
    nb = json.loads((work / "out" / "2010" / "notebooks" / "alpha.ipynb").read_text())
    printed = "".join(nb["cells"][2]["outputs"][0]["text"]).splitlines()
    assert printed[0] == sys.executable
    assert Path(printed[1]) == work  # the kernel runs where relative data paths resolve
    assert printed[2] == "0"  # PYTHONHASHSEED is fixed
    # beta is not built, but its metrics are computed: metrics.csv is always complete
    assert set(files(work / "out" / "2010")) == FILES - {"beta.html", "notebooks/beta.ipynb"}
    metrics = (work / "out" / "2010" / "metrics.csv").read_text()
    assert "\nbeta,beta," in metrics


@pytest.mark.slow
def test_incremental_rebuilds(work: Path) -> None:
    first = run()
    out = work / "out" / "2010"
    before = files(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.html")}

    # nothing changed: no kernel at all, files untouched, same manifest
    second = run(executor=NoKernels())
    assert sorted(second.reused) == ["alpha", "beta", "index"] and not second.built
    assert files(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.html")} == mtimes

    # one observation of alpha changed: alpha and the portfolio rerun, beta is reused
    set_observation("3100")
    recorder = Recording()
    third = run(executor=recorder)
    assert sorted(recorder.ids) == ["alpha", "index"]
    assert third.reused == ["beta"]
    after = files(out)
    assert after["beta.html"] == before["beta.html"]
    assert after["alpha.html"] != before["alpha.html"]
    assert "3100.0" in after["alpha.html"].decode()

    # the partnership notebook changed: every partnership reruns
    changed = work / "partnership.ipynb"
    nb = json.loads(notebooks()["partnership"].read_text())
    nb["cells"].append({"cell_type": "markdown", "id": "extra", "metadata": {}, "source": "Extra"})
    changed.write_text(json.dumps(nb))
    recorder = Recording()
    run(executor=recorder, notebooks={**notebooks(), "partnership": changed})
    assert sorted(recorder.ids) == ["alpha", "beta"]

    # --force reruns everything; a damaged output is rebuilt
    recorder = Recording()
    run(executor=recorder, notebooks={**notebooks(), "partnership": changed}, force=True)
    assert sorted(recorder.ids) == ["alpha", "beta", "index"]
    (out / "beta.html").write_text("tampered")
    recorder = Recording()
    run(executor=recorder, notebooks={**notebooks(), "partnership": changed})
    assert recorder.ids == ["beta"]
    assert first.out_dir == second.out_dir


@pytest.mark.slow
def test_only_builds_the_named_reports(work: Path) -> None:
    recorder = Recording()
    summary = run(only=["beta"], executor=recorder)
    out = work / "out" / "2010"
    assert recorder.ids == ["index", "beta"]  # the index is built because it is missing
    assert recorder.metrics_ids == ["alpha"]  # metrics.csv stays complete
    assert [r.report_id for r in summary.reports] == ["index", "beta"]
    assert not (out / "alpha.html").exists()
    entries = json.loads((out / "manifest.json").read_text())["reports"]
    assert entries["alpha"]["outputs"] == {} and entries["alpha"]["current"] is False
    assert entries["alpha"]["metrics"]["file"] == "metrics/alpha.csv"
    assert entries["beta"]["current"] is True

    run(executor=Recording())  # complete the folder
    set_observation("2500")
    recorder = Recording()
    run(only=["beta", "alpha"], executor=recorder)
    assert recorder.ids == ["alpha"]  # beta is up to date; the index is not asked for
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["reports"]["index"]["current"] is False  # stale, kept, and says so
    assert manifest["reports"]["alpha"]["current"] is True

    recorder = Recording()
    run(only=["index"], executor=recorder)
    assert recorder.ids == ["index"]


@pytest.mark.slow
def test_one_failing_report_does_not_stop_the_others(work: Path) -> None:
    run()
    out = work / "out" / "2010"
    good = files(out)
    set_observation("2900")
    stream = io.StringIO()
    with pytest.raises(BuildError) as info:
        run(notebooks=notebooks("failing"), progress=True, stream=stream)
    assert info.value.failures == [
        {"report": "beta", "error": "cell 4: KeyError: 'beta'", "cell_id": "c2"}
    ]
    assert "1 of 3 reports" in str(info.value)
    assert re.search(
        r"^\[[123]/3\] beta   FAILED cell 4: KeyError: 'beta'$", stream.getvalue(), re.M
    )
    now = files(out)
    assert now["beta.html"] == good["beta.html"]  # the previous good output is kept
    assert now["notebooks/beta.ipynb"] == good["notebooks/beta.ipynb"]
    assert now["alpha.html"] != good["alpha.html"]  # alpha was built with the failing notebook
    assert set(now) == FILES  # no temporary files left
    manifest = json.loads(now["manifest.json"])
    assert manifest["reports"]["beta"]["current"] is False
    assert manifest["reports"]["beta"]["error"] == "cell 4: KeyError: 'beta'"
    assert manifest["reports"]["alpha"]["current"] is True

    # the next build retries the failed report even though its key did not change
    recorder = Recording()
    with pytest.raises(BuildError):
        run(notebooks=notebooks("failing"), executor=recorder)
    assert recorder.ids == ["beta"]


@pytest.mark.slow
def test_no_half_written_files_when_export_or_writing_fails(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run()
    out = work / "out" / "2010"
    good = files(out)
    real_html = export.html_bytes

    def broken_export(nb: Any, title: str, *args: Any, **kwargs: Any) -> bytes:
        if "Alphastad" in title:
            raise OSError("disk went away during export")
        return real_html(nb, title, *args, **kwargs)

    monkeypatch.setattr(export, "html_bytes", broken_export)
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = real_fdopen(fd, mode, *args, **kwargs)
        if getattr(failing_fdopen, "armed", False) and "w" in mode:
            real_write = fh.write

            def write(data: bytes) -> int:
                if data.startswith(b"<!DOCTYPE") and b"Betagrad" in data:
                    real_write(data[: len(data) // 2])  # half the file reaches the disk
                    raise OSError(28, "No space left on device")
                return real_write(data)

            fh.write = write
        return fh

    failing_fdopen.armed = True  # type: ignore[attr-defined]
    monkeypatch.setattr("assen_eval.data.files.os.fdopen", failing_fdopen)
    with pytest.raises(BuildError) as info:
        run(force=True)
    failures = {f["report"]: f["error"] for f in info.value.failures}
    assert failures["alpha"] == "export: OSError: disk went away during export"
    assert failures["beta"].startswith("write: [Errno 28] No space left on device")
    now = files(out)
    assert set(now) == FILES  # no temporary or partial file anywhere
    for name in ("alpha.html", "beta.html", "notebooks/alpha.ipynb", "notebooks/beta.ipynb"):
        assert now[name] == good[name], name


@pytest.mark.slow
def test_two_builds_are_byte_identical(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # different folders, different workers and kernel reuse patterns: same bytes
    run("out_a", jobs=2, executor=None)
    run("out_b", kernel_uses=100)
    run("out_c", kernel_uses=1)
    a, b, c = (files(work / name / "2010") for name in ("out_a", "out_b", "out_c"))
    assert set(a) == FILES
    for name in FILES:
        assert a[name] == b[name] == c[name], name
    assert b"2010-01-01" in a["alpha.html"]
    assert json.loads(a["manifest.json"])["build_date"] == "2010-01-01"
    index = a["index.html"].decode()
    assert 'id="T_00001"' in index  # the pandas Styler's random id is fixed


@pytest.mark.slow
def test_escaping_survives_export_and_live_markup_fails_the_report(work: Path) -> None:
    path = work / "data" / "projects.csv"
    path.write_text(path.read_text().replace("Waste Management Alpha", "<script>alert(1)</script>"))
    with pytest.raises(BuildError) as info:
        run(notebooks=notebooks(portfolio="unsafe"))
    [failure] = info.value.failures
    assert failure["report"] == "index"
    assert failure["error"].startswith("export: ExportError: cell 4: <script>")
    html = (work / "out" / "2010" / "alpha.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert not (work / "out" / "2010" / "index.html").exists()


@pytest.mark.slow
def test_orphaned_reports_are_removed_on_a_full_build(work: Path) -> None:
    run()
    out = work / "out" / "2010"
    (out / "gamma.html").write_text("a partnership that left the data")
    (out / "notes.txt").write_text("not ours")
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["reports"]["gamma"] = {
        "current": True,
        "outputs": {"gamma.html": sha256_file(out / "gamma.html")},
    }
    (out / "manifest.json").write_text(json.dumps(manifest))
    run(only=["alpha"], executor=NoKernels())  # a partial build leaves it alone
    assert (out / "gamma.html").exists()
    run(executor=NoKernels())
    assert not (out / "gamma.html").exists()
    assert (out / "notes.txt").exists()
    assert "gamma" not in json.loads((out / "manifest.json").read_text())["reports"]


@pytest.mark.slow
def test_dask_cluster_gives_the_same_files(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from distributed import LocalCluster

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run("local")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        summary = build(
            "data",
            out="cluster",
            notebooks=notebooks(),
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert sorted(summary.built) == ["alpha", "beta", "index"]
    assert files(work / "cluster" / "2010") == files(work / "local" / "2010")


# -- the real notebooks ---------------------------------------------------------------------


@pytest.mark.slow
def test_real_notebooks_build_escape_and_are_deterministic(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = work / "data" / "projects.csv"
    text = path.read_text().replace("Waste Management Alpha", "<script>alert(1)</script>")
    harmless = "javascript: moet aan staan; budget $x^2$"  # words, not markup: must pass
    path.write_text(text.replace("Shared desk", harmless))
    funding = work / "data" / "funding.csv"
    funding.write_text(funding.read_text().replace("Shared desk", harmless))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    code = main(["build", "--data", "data", "--out", "cli", "--jobs", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert re.fullmatch(
        r"cli/2010: 3 reports \(3 built, 0 reused, 0 failed\) in \d+\.\d s\n", captured.out
    )
    assert len(captured.err.splitlines()) == 3  # one progress line per report, nothing else
    out = work / "cli" / "2010"
    assert set(files(out)) == FILES
    for name in ("index.html", "alpha.html", "beta.html"):
        html = (out / name).read_text()
        assert "<script>alert(1)" not in html, name
        assert "Traceback" not in html and "Warning" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "alpha.html").read_text()
    assert "<title>Alphastad: evaluatie 2010</title>" in (out / "alpha.html").read_text()
    for name in ("index.html", "alpha.html"):  # the harmless text reached the page as text,
        page = (out / name).read_text()  # on a page that loads no MathJax (no script at all)
        assert harmless in page and "<script" not in page.lower(), name

    # the same build in one kernel, in-process, into another folder: the same bytes
    build("data", out="inline", executor=InlineExecutor(), progress=False)
    assert files(work / "inline" / "2010") == files(out)


@pytest.mark.slow
def test_cli_reports_a_failed_report_with_exit_1(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import assen_eval.build.plan as build_module

    monkeypatch.setattr(build_module, "PARTNERSHIP_NOTEBOOK", NOTEBOOKS / "failing.ipynb")
    monkeypatch.setattr(build_module, "PORTFOLIO_NOTEBOOK", NOTEBOOKS / "portfolio.ipynb")
    code = main(["build", "--data", "data", "--out", "out", "--quiet"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0].startswith("assen-eval: build failed: 1 of 3 reports failed")
    assert err[1:] == ["  beta: cell 4: KeyError: 'beta'"]
    assert (work / "out" / "2010" / "alpha.html").is_file()
    assert not (work / "out" / "2010" / "beta.html").exists()


# -- kernels ----------------------------------------------------------------------------------


def _notebook(*sources: str) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell('x = ""', id="params", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(src, id=f"c{i}") for i, src in enumerate(sources)]
    return nbformat.writes(nb).encode()


def _stdout(nb: Any) -> list[str]:
    text = "".join(
        "".join(o["text"])
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("name") == "stdout"
    )
    return text.splitlines()


PROBE = _notebook(
    "import os, sys, warnings\n"
    "import matplotlib, pandas as pd\n"
    "print(os.getpid())\n"
    "print('leak' in globals(), pd.get_option('display.max_rows'),"
    " matplotlib.rcParams['lines.linewidth'], len(warnings.filters), os.getcwd(),"
    " os.environ.get('LEAK'), get_ipython().execution_count)"
)
LEAKY = _notebook(
    "import os, warnings, matplotlib, pandas as pd\n"
    "leak = 1\n"
    "pd.set_option('display.max_rows', 3)\n"
    "matplotlib.rcParams['lines.linewidth'] = 9\n"
    "warnings.simplefilter('ignore')\n"
    "os.environ['LEAK'] = 'yes'\n"
    "os.chdir('/')"
)


@pytest.mark.slow
def test_a_reused_kernel_is_reset_to_its_start_up_state(tmp_path: Path) -> None:
    from assen_eval.build.kernels import execute

    kw: dict[str, Any] = {"cwd": str(tmp_path), "env": {"X": "reuse"}, "kernel_uses": 10}
    fresh, _ = execute(PROBE, {"x": "a"}, **kw)
    execute(LEAKY, {"x": "b"}, **kw)
    after, _ = execute(PROBE, {"x": "c"}, **kw)
    pid, state = _stdout(fresh)
    assert _stdout(after) == [pid, state]  # the same kernel, and nothing leaked
    assert state.startswith("False 60 1.5 ") and state.endswith(
        f" {tmp_path} None 4"
    )  # as in a fresh kernel
    separate, _ = execute(PROBE, {"x": "d"}, **{**kw, "kernel_uses": 1})
    assert _stdout(separate)[0] != pid and _stdout(separate)[1] == state


@pytest.mark.slow
def test_a_kernel_that_fails_to_start_is_retried_once(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assen_eval.build import kernels

    real = kernels._Kernel._set_up
    failures = iter([True])

    async def flaky(self: Any) -> None:
        if next(failures, False):
            raise kernels._KernelStartError("zmq.error.ZMQError: Address already in use")
        await real(self)

    monkeypatch.setattr(kernels._Kernel, "_set_up", flaky)
    summary = run()
    assert sorted(summary.built) == ["alpha", "beta", "index"]


@pytest.mark.slow
def test_a_kernel_that_dies_fails_only_its_report(work: Path) -> None:
    dying = work / "dying.ipynb"
    nb = json.loads((NOTEBOOKS / "partnership.ipynb").read_text())
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "die",
            "metadata": {},
            "outputs": [],
            "source": "import os\nif partnership == 'beta':\n    os._exit(1)",
        }
    )
    dying.write_text(json.dumps(nb))
    with pytest.raises(BuildError) as info:
        run(notebooks={**notebooks(), "partnership": dying})
    [failure] = info.value.failures
    assert failure["report"] == "beta" and "DeadKernelError" in failure["error"]
    assert "\n" not in failure["error"]
    assert (work / "out" / "2010" / "alpha.html").is_file()
