"""Both data sets build for two evaluation years and an audit period, each right: the guard
against Assen-shaped code.

The fictional data set (``data/voorbeeld/``) differs from Assen in every dimension the dictionary
allows. Its appendix must carry the hand-worked figures of ``tests/data/voorbeeld_expected.yaml``,
nothing dated after the evaluation date, and no word of Assen, its nota or its paragraphs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import assen_eval
from assen_eval import report
from assen_eval.build import audit, build
from assen_eval.build.executor import InlineExecutor
from assen_eval.build.kernels import shutdown_kernels

ROOT = Path(__file__).parents[1]
EXPECTED: dict[str, Any] = yaml.safe_load(
    (ROOT / "tests" / "data" / "voorbeeld_expected.yaml").read_text(encoding="utf-8")
)
#: Words of Assen's data and nota that no other municipality's appendix may contain (the
#: package's own name, assen_eval / assen-eval, is the tool's, not the municipality's).
ASSEN_WORDS = re.compile(
    r"(?<![\w_-])(assen|naledi|poznan|bad bentheim|groningen|drenthe|nota 2009|"
    r"par\. 5\.4|werkplan 2009-2010|centraal|afgerond|project_start)(?![\w_-])",
    re.IGNORECASE,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, int], Path]]:
    out = tmp_path_factory.mktemp("appendix")
    folders = {}
    for data, year in (("voorbeeld", 2012), ("voorbeeld", 2013), ("assen", 2009)):
        summary = build(
            ROOT / "data" / data,
            year=year,
            out=out / data,
            progress=False,
            executor=InlineExecutor(),
        )
        assert not summary.failed
        folders[(data, year)] = summary.out_dir
    yield folders
    shutdown_kernels()


def _outputs(folder: Path) -> dict[str, str]:
    files = [*folder.glob("*.html"), folder / "metrics.csv", *folder.glob("notebooks/*.ipynb")]
    return {p.name: p.read_text(encoding="utf-8") for p in files}


def _metrics(folder: Path) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO((folder / "metrics.csv").read_text(encoding="utf-8")))
    return {(r["report"], r["partnership"], r["measure"]): r["value"] for r in rows}


@pytest.mark.parametrize("year", EXPECTED["evaluation_years"])
def test_no_word_of_assen_in_another_municipalitys_appendix(
    built: dict[tuple[str, int], Path], year: int
) -> None:
    for name, text in _outputs(built[("voorbeeld", year)]).items():
        text = re.sub(r"assen[_-]eval", "", text, flags=re.IGNORECASE)
        found = sorted({m.group(0) for m in ASSEN_WORDS.finditer(text)})
        assert found == [], f"{name}: {found}"
    # ... and the check itself finds them where they are
    assen = _outputs(built[("assen", 2009)])
    assert ASSEN_WORDS.search(assen["index.html"])


@pytest.mark.parametrize("year", EXPECTED["evaluation_years"])
def test_the_appendix_carries_the_hand_worked_figures(
    built: dict[tuple[str, int], Path], year: int
) -> None:
    want = EXPECTED["years"][year]
    metrics = _metrics(built[("voorbeeld", year)])
    total = want["funding"]["total"]
    assert metrics[("index", "", "finance.subsidy_eur")] == str(total["subsidy_eur"])
    assert metrics[("index", "", "finance.own_contribution_eur")] == str(
        total["own_contribution_eur"]
    )
    for iid, exp in want["indicators"].items():
        status = [v for (_, _, m), v in metrics.items() if m == f"indicator.{iid}.status"]
        assert status and set(status) == {exp["status"]}, iid
    reports = {p.stem for p in built[("voorbeeld", year)].glob("*.html")} - {"index"}
    contacts = assen_eval.load(ROOT / "data" / "voorbeeld").contacts
    started = contacts[(contacts["start_year"] <= year).fillna(True).to_numpy(bool)]
    assert reports == set(started["contact_id"])


@pytest.mark.parametrize("year", EXPECTED["evaluation_years"])
def test_nothing_after_the_evaluation_year_reaches_the_appendix(
    built: dict[tuple[str, int], Path], year: int
) -> None:
    p = assen_eval.load(ROOT / "data" / "voorbeeld")
    later = {
        str(r["title"])
        for r in p.projects.to_dict("records")
        if r["project_id"] in EXPECTED["years"][year]["projects"]["not_visible"]
    }
    later |= {
        str(r["justification"]) for r in p.ratings.to_dict("records") if r["rated_on"].year > year
    }
    later |= {
        str(r["observation_id"]) for r in p.observations.to_dict("records") if r["date"].year > year
    }
    later |= {str(r["funding_id"]) for r in p.funding.to_dict("records") if r["year"] > year}
    assert later
    import html

    for name, text in _outputs(built[("voorbeeld", year)]).items():
        plain = html.unescape(text)
        leaked = sorted(x for x in later if x in plain)
        assert leaked == [], f"{name}: {leaked}"
    index = (built[("voorbeeld", year)] / "index.html").read_text(encoding="utf-8")
    assert f"2010–{year}" in index  # the finance heading stops at the evaluation year
    for after in range(year + 1, 2016):
        assert f"–{after}</h2>" not in index


def test_assen_builds_for_another_year_with_its_own_totals(
    built: dict[tuple[str, int], Path],
) -> None:
    metrics = _metrics(built[("assen", 2009)])
    # the nota's chapter 6 (2004-2008): the same totals in 2009
    assert metrics[("index", "", "finance.subsidy_eur")] == "4874851"
    assert metrics[("index", "", "finance.own_contribution_eur")] == "322000"


# -- the audit report of a period -------------------------------------------------------------


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fictional data set's audit report of its policy period (past its sources' horizon)."""
    out = tmp_path_factory.mktemp("audit")
    summary = audit(
        "2011-2015",
        data_dir=ROOT / "data" / "voorbeeld",
        out=out,
        progress_lines=False,
        executor=InlineExecutor(),
    )
    assert summary.built == ["audit"]
    yield summary.out_dir
    shutdown_kernels()


def test_no_word_of_assen_in_another_municipalitys_audit(audited: Path) -> None:
    for path in (audited / "index.html", audited / "norms.csv", audited / "notebooks/audit.ipynb"):
        text = re.sub(r"assen[_-]eval", "", path.read_text(encoding="utf-8"), flags=re.IGNORECASE)
        found = sorted({m.group(0) for m in ASSEN_WORDS.finditer(text)})
        assert found == [], f"{path.name}: {found}"
    # ... and the check finds them in Assen's verdicts
    assen_norms = report.norms_table(assen_eval.load(), "2009-2013").to_csv(index=False)
    assert ASSEN_WORDS.search(assen_norms)


def test_the_audit_uses_the_data_sets_own_framework_and_follow_up(audited: Path) -> None:
    rows = {
        (r["norm_id"], int(r["year"])): r
        for r in csv.DictReader(io.StringIO((audited / "norms.csv").read_text(encoding="utf-8")))
    }
    assert rows[("dm-hefboom", 2014)]["verdict"] == "voldoet_niet"  # leverage 4.2 < 5
    assert rows[("dm-hefboom", 2015)]["verdict"] == "niet_te_beoordelen"  # after the horizon
    assert rows[("dm-kosten", 2012)]["verdict"] == "voldoet_deels"  # entered by the auditor
    assert rows[("dm-kosten", 2014)]["verdict"] == "nog_niet_beoordeeld"
    assert rows[("bc-jaarplan", 2011)]["verdict"] == "niet_van_toepassing"  # rule from 2012
    assert rows[("op-rk-2010", 2014)]["verdict"] == "voldoet_deels"
    html = (audited / "index.html").read_text(encoding="utf-8")
    for text in (
        "Bestuurlijke reactie op het rekenkameronderzoek internationale samenwerking 2011-2015",
        "Nawoord van de rekenkamercommissie bij de bestuurlijke reactie",
        "Grotendeels doeltreffend",
        "geen actie, geen toezegging",
        "Keuze van de rekenkamercommissie",
    ):
        assert text in html, text
