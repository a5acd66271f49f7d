"""``assen-eval audit``: the audit report of a period, end to end with real kernels.

Both Assen periods (the policy period and the 2008 audit's own period 2002-2007) and the
fictional data set build; two builds give the same bytes; a rebuild reuses; bad input stops
with one line and writes nothing. Tests that start kernels are marked ``slow``.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from assen_eval.build import audit
from assen_eval.build.executor import InlineExecutor
from assen_eval.build.kernels import shutdown_kernels
from assen_eval.cli import main
from assen_eval.errors import UsageError, ValidationError
from assen_eval.paths import AUDIT_NOTEBOOK

ROOT = Path(__file__).parents[1]
ASSEN = ROOT / "data" / "assen"
VOORBEELD = ROOT / "data" / "voorbeeld"
EPOCH = "1262304000"  # 2010-01-01T00:00:00Z
FILES = {"index.html", "norms.csv", "notebooks/audit.ipynb", "manifest.json"}


class NoKernels(InlineExecutor):
    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        raise AssertionError(f"a kernel was asked for {args[0].report_id}")


@pytest.fixture(autouse=True)
def _stop_kernels() -> Iterator[None]:
    yield
    shutdown_kernels()


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def norms(folder: Path) -> dict[tuple[str, int], dict[str, str]]:
    text = (folder / "norms.csv").read_text(encoding="utf-8")
    return {(r["norm_id"], int(r["year"])): r for r in csv.DictReader(io.StringIO(text))}


# -- bad input: one line, exit 2 or 1, nothing written ------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2013-2009"], "period must run forward"),
        (["--period", "abc"], "period must be two years FIRST-LAST, e.g. 2009-2013"),
        (["--period", "1990-2020"], "an audit period covers at most 20 years"),
        (["--period", "2009-2013", "--data", "no-such-folder"], "data folder no-such-folder"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["audit", *args, "--out", "out"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.splitlines()) == 1 and message in err, err
    assert err.startswith("assen-eval: error: ") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_invalid_data_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(VOORBEELD, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "audit_norms.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",leverage,ge,5,", ",leverage,ge,5x,"))
    code = main(["audit", "--period", "2011-2015", "--data", "data", "--out", "out"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0] == "data/audit_norms.csv:4: column 'threshold': must be a number (got '5x')"
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValidationError):
        audit("2011-2015", data_dir="data", out="out", executor=NoKernels())
    with pytest.raises(UsageError, match="notebook"):
        audit("2011-2015", data_dir="data", notebook="missing.ipynb", executor=NoKernels())


def test_the_notebook_lists_period_for_papermill() -> None:
    papermill = Path(sys.executable).with_name("papermill")
    result = subprocess.run(
        [str(papermill), "--help-notebook", str(AUDIT_NOTEBOOK)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "period: str" in result.stdout
    assert "data_dir: str" in result.stdout and "build_date: str" in result.stdout


# -- real builds --------------------------------------------------------------------------------


@pytest.mark.slow
def test_assen_2009_2013_in_a_worker_and_inline_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code = main(["audit", "--period", "2009-2013", "--out", "cli"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith("cli/audit/2009-2013: 1 report (1 built, 0 reused, 0 failed)")
    out = tmp_path / "cli" / "audit" / "2009-2013"
    assert set(files(out)) == FILES
    audit("2009-2013", out="inline", executor=InlineExecutor(), progress_lines=False)
    assert files(tmp_path / "inline" / "audit" / "2009-2013") == files(out)

    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Gemeente Assen, doeltreffendheid en doelmatigheid 2009–2013</title>" in html
    assert "Traceback" not in html and "Warning" not in html
    for heading in ("Inleiding", "Normenkader", "Oordelen per norm en per jaar",
                    "Opvolging van aanbevelingen", "Conclusies per contact",
                    "Bestuurlijke reactie en nawoord", "Bronnen"):  # fmt: skip
        assert f">{heading}</h2>" in html, heading
    assert "De tekst van het rapport is niet beschikbaar" in html  # the 2008 audit
    assert "nog niet beoordeeld" in html
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["build_date"] == "2010-01-01" and manifest["period"] == "2009-2013"
    assert manifest["parameters"]["period"] == "2009-2013"

    rows = norms(out)
    assert len(rows) == 26 * 5
    assert rows[("bc-jaarlijks-werkplan", 2009)]["verdict"] == "voldoet"
    assert rows[("dm-subsidies", 2010)]["verdict"] == "niet_te_beoordelen"
    header = (out / "norms.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "question_id,norm_id,year,verdict,reason,evidence,source"


@pytest.mark.slow
def test_assen_2002_2007_judges_the_finance_table_and_says_the_rest_does_not_apply(
    tmp_path: Path,
) -> None:
    summary = audit(
        "2002-2007",
        data_dir=ASSEN,
        out=tmp_path,
        lang="en",
        executor=InlineExecutor(),
        progress_lines=False,
    )
    out = summary.out_dir
    assert out == tmp_path / "audit" / "2002-2007" and set(files(out)) == FILES
    rows = norms(out)
    assert rows[("dm-subsidies", 2004)]["verdict"] == "voldoet"
    assert rows[("dm-subsidies", 2004)]["reason"].startswith("leverage 13.3 (subsidy €3,690,000")
    assert rows[("dm-subsidies", 2002)]["verdict"] == "niet_te_beoordelen"
    assert rows[("bc-motieven", 2005)]["verdict"] == "niet_van_toepassing"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "Review of this period" in html  # the 2008 audit covered 2002-2007
    assert "The financial data cover no years before the period" in html


@pytest.mark.slow
def test_a_second_run_reuses_and_a_change_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(VOORBEELD, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "audit_norms.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("De raad stelt elk jaar", "<script>alert(1)</script> elk jaar"))
    first = audit("2011-2015", data_dir="data", out="out", executor=InlineExecutor())
    assert first.built == ["audit"]
    out = tmp_path / "out" / "audit" / "2011-2015"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    before = files(out)

    again = audit("2011-2015", data_dir="data", out="out", executor=NoKernels())
    assert again.reused == ["audit"] and again.built == []
    assert files(out) == before  # a warm rebuild writes nothing
    warm = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from assen_eval.build import audit; "
            "s = audit('2011-2015', data_dir='data', out='out', progress_lines=False); "
            "assert s.reused == ['audit'], s; assert 'pandas' not in sys.modules",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert warm.returncode == 0, warm.stderr

    verdicts = tmp_path / "data" / "audit_verdicts.csv"
    verdicts.write_text(
        verdicts.read_text(encoding="utf-8")
        + "dm-kosten,2014,voldoet_niet,Geen overzicht.,Dossier.,Rekenkamercommissie,"
        '2016-02-15,"rekenkamer 2016, par. 4.2"\n',
        encoding="utf-8",
    )
    changed = audit("2011-2015", data_dir="data", out="out", executor=InlineExecutor())
    assert changed.built == ["audit"]
    assert norms(out)[("dm-kosten", 2014)]["verdict"] == "voldoet_niet"
    forced = audit("2011-2015", data_dir="data", out="out", force=True, executor=InlineExecutor())
    assert forced.built == ["audit"]


@pytest.mark.slow
def test_the_audit_report_as_a_council_document_and_an_archival_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit page holds no script and loads nothing, says its language, passes axe; with
    ``--pdf`` it is one PDF/A-3 document with norms.csv and manifest.json attached, reused when
    nothing changed."""
    import pikepdf
    from readers import inspect

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for lang in ("nl", "en"):
        summary = audit(
            "2009-2013", out=lang, lang=lang, pdf=True, executor=InlineExecutor(),
            progress_lines=False,
        )  # fmt: skip
        assert summary.pdf is not None and summary.pdf.status == "built"
        out = tmp_path / lang / "audit" / "2009-2013"
        page = (out / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page
        assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
        with pikepdf.open(out / "audit-2009-2013.pdf") as doc:
            assert str(doc.Root.Lang) == lang
            assert "/StructTreeRoot" in doc.Root
            with doc.open_metadata() as meta:
                assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
                assert meta.get("pdfuaid:part") == "1"
            assert sorted(doc.attachments) == ["manifest.json", "norms.csv"]
            outline = [item.title for item in doc.open_outline().root]
            assert outline and outline[0]
        found = inspect([out / "index.html"])["index.html"]
        assert found["violations"] == [] and found["requests"] == [] and found["console"] == []
    pdf = (tmp_path / "nl" / "audit" / "2009-2013" / "audit-2009-2013.pdf").read_bytes()
    again = audit("2009-2013", out="nl", pdf=True, executor=NoKernels(), progress_lines=False)
    assert again.pdf is not None and again.pdf.status == "reused"
    assert (tmp_path / "nl" / "audit" / "2009-2013" / "audit-2009-2013.pdf").read_bytes() == pdf


def test_a_second_audit_into_the_same_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit takes the output folder's lock, like the yearly build (exit 2 in the CLI)."""
    from assen_eval.build.outdir import claim

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out" / "audit" / "2009-2013"
    with claim(out), pytest.raises(UsageError, match="another build is writing here"):
        audit("2009-2013", out="out", executor=NoKernels(), progress_lines=False)
    assert list(out.iterdir()) == []
