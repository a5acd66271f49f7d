"""The SMART review against independent labels: agreement measured, disagreements listed.

Labels (``tests/data/smart/``), made with ``docs/smart-annotation-guide.md`` and nothing else:

* ``labels_<data set>_a.csv`` and ``labels_<data set>_b.csv``: two independent labellings of every
  result of the Assen werkplan and of the fictional data set; where they differ,
  ``adjudication.csv`` gives the label that counts (the adjudicated labels);
* ``heldout.csv`` with ``heldout_labels_a.csv``: 24 statements written and labelled after the
  method, to see how it does on words it was not developed on.

Criteria S, M, R and T are compared (A is the auditor's). The review must agree on at least 90 %
of the cells of each labelled werkplan and be more favourable than the labels in at most 5 %;
every disagreement is listed in the assertion message. ``AGREEMENT`` in the module (which the
reports quote) must equal what is measured here.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from evaldata import make

import assen_eval
from assen_eval.evaluate.smart import AGREEMENT, smart_review

ROOT = Path(__file__).parents[1]
LABELS = ROOT / "tests" / "data" / "smart"
CRITERIA = {"S": "specific", "M": "measurable", "R": "result_oriented", "T": "time_bound"}
RANK = {"no": 0, "partly": 1, "yes": 2}
DATA_SETS = ("assen", "voorbeeld")


def _read(name: str) -> list[dict[str, str]]:
    with (LABELS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _adjudicated(data_set: str) -> dict[str, dict[str, str]]:
    a = {r["result_id"]: r for r in _read(f"labels_{data_set}_a.csv")}
    b = {r["result_id"]: r for r in _read(f"labels_{data_set}_b.csv")}
    assert list(a) == list(b)
    decided = {(r["result_id"], r["criterion"]): r["label"] for r in _read("adjudication.csv")}
    out = {}
    for rid in a:
        row = {}
        for k in ("level", *CRITERIA):
            if a[rid][k] == b[rid][k]:
                row[k] = a[rid][k]
            else:
                assert (rid, k) in decided, f"{data_set} {rid} {k}: A and B differ, not adjudicated"
                row[k] = decided[(rid, k)]
        out[rid] = row
    return out


def _compare(review: pd.DataFrame, labels: dict[str, dict[str, str]]) -> dict[str, Any]:
    cells, agree, favourable, differences = 0, 0, 0, []
    for rid, label in labels.items():
        part = review[review["result_id"] == rid].set_index("criterion")
        assert not part.empty, rid
        for k, criterion in CRITERIA.items():
            got = part.loc[criterion, "verdict"]
            cells += 1
            if got == label[k]:
                agree += 1
                continue
            favourable += RANK[got] > RANK[label[k]]
            differences.append(f"{rid} {k}: review {got}, label {label[k]}")
    return {"cells": cells, "agree": agree, "favourable": favourable, "differences": differences}


def _heldout_review() -> pd.DataFrame:
    rows = _read("heldout.csv")
    indicators = [
        {"indicator_id": f"i-{r['result_id']}", "level": "resultaat", "parent_id": r["result_id"],
         "description": "indicator", "target_value": float(r["indicator_target"]),
         "target_origin": r["target_origin"], "target_note": "analist",
         "unit": r["indicator_unit"]}
        for r in rows
        if r["indicator_target"]
    ]  # fmt: skip
    p = make(
        objectives=[
            {"objective_id": f"o-{r['result_id']}", "text": r["objective_text"]} for r in rows
        ],
        efforts=[
            {
                "effort_id": f"e-{r['result_id']}",
                "objective_id": f"o-{r['result_id']}",
                "text": r["effort_text"],
            }
            for r in rows
        ],  # fmt: skip
        results=[
            {
                "result_id": r["result_id"],
                "effort_id": f"e-{r['result_id']}",
                "text": r["result_text"],
            }
            for r in rows
        ],  # fmt: skip
        indicators=indicators,
    )
    return smart_review(p)


@pytest.mark.parametrize("data_set", DATA_SETS)
def test_two_independent_labellings_and_their_agreement(data_set: str) -> None:
    a = _read(f"labels_{data_set}_a.csv")
    b = _read(f"labels_{data_set}_b.csv")
    results = _read_results(data_set)
    assert [r["result_id"] for r in a] == [r["result_id"] for r in b] == results
    pairs = [(x[k], y[k]) for x, y in zip(a, b, strict=True) for k in CRITERIA]
    same = sum(x == y for x, y in pairs)
    assert same / len(pairs) >= 0.8, f"inter-annotator agreement {same}/{len(pairs)}"
    assert _adjudicated(data_set)


def _read_results(data_set: str) -> list[str]:
    with (ROOT / "data" / data_set / "results.csv").open(encoding="utf-8") as fh:
        return [r["result_id"] for r in csv.DictReader(fh)]


@pytest.mark.parametrize("data_set", DATA_SETS)
def test_the_review_agrees_with_the_adjudicated_labels(data_set: str) -> None:
    review = smart_review(assen_eval.load(ROOT / "data" / data_set))
    got = _compare(review, _adjudicated(data_set))
    listing = "\n".join(got["differences"])
    assert got["agree"] / got["cells"] >= 0.90, f"{got['agree']}/{got['cells']}:\n{listing}"
    assert got["favourable"] / got["cells"] <= 0.05, f"more favourable:\n{listing}"


def test_the_review_on_statements_written_after_it() -> None:
    labels = {r["result_id"]: r for r in _read("heldout_labels_a.csv")}
    got = _compare(_heldout_review(), labels)
    listing = "\n".join(got["differences"])
    assert got["cells"] == 96
    assert got["agree"] / got["cells"] >= 0.85, f"{got['agree']}/{got['cells']}:\n{listing}"
    assert got["favourable"] / got["cells"] <= 0.05, f"more favourable:\n{listing}"


def test_the_agreement_the_reports_quote_is_the_measured_one() -> None:
    labelled = [
        _compare(smart_review(assen_eval.load(ROOT / "data" / d)), _adjudicated(d))
        for d in DATA_SETS
    ]
    heldout = _compare(
        _heldout_review(), {r["result_id"]: r for r in _read("heldout_labels_a.csv")}
    )
    assert {
        "cells": sum(x["cells"] for x in labelled),
        "agree": sum(x["agree"] for x in labelled),
        "heldout_cells": heldout["cells"],
        "heldout_agree": heldout["agree"],
    } == AGREEMENT
