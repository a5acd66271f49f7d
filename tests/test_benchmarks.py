"""The benchmark's synthetic data generator: valid, seeded, and the same bytes every time."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

import assen_eval

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

from generate import generate  # noqa: E402


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("n", [1, 7, 40])
def test_generated_data_is_valid_with_n_partnerships(tmp_path: Path, n: int) -> None:
    data = generate(n, tmp_path / "data")
    portfolio = assen_eval.load(data, cache=False)
    assert len(portfolio.contact_ids) == n
    assert len(set(portfolio.contact_ids)) == n


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = _digest(generate(12, tmp_path / "a", seed=3))
    assert first == _digest(generate(12, tmp_path / "b", seed=3))
    assert first != _digest(generate(12, tmp_path / "c", seed=4))
