"""A big bank is parsed by several processes; authors must see exactly what one process shows."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from bot.bank import loader
from bot.bank.loader import load_bank

BROKEN = Path(__file__).parent / "broken"
BUNDLED = Path(__file__).resolve().parents[2] / "questions"


@pytest.fixture
def mixed_bank(tmp_path: Path) -> Path:
    """The bundled bank plus every broken fixture (and the cross-file duplicate id)."""
    root = tmp_path / "bank"
    shutil.copytree(BUNDLED, root / "bundled")
    shutil.copytree(BROKEN, root / "broken")
    return root


def outcome(
    root: Path, workers: int, run_solutions: bool = True, cache_dir: Path | None = None
) -> tuple[list[str], list[str]]:
    result = load_bank([root], run_solutions=run_solutions, workers=workers, cache_dir=cache_dir)
    return [q.id for q in result.bank], [str(e) for e in result.errors]


def test_several_processes_give_the_same_questions_and_errors_as_one(mixed_bank: Path) -> None:
    ids, errors = outcome(mixed_bank, workers=1)
    assert len(ids) > 200 and len(errors) >= 20
    assert outcome(mixed_bank, workers=2) == (ids, errors)
    assert outcome(mixed_bank, workers=3) == (ids, errors)


def test_each_process_fills_the_cache_with_what_it_parsed(mixed_bank: Path, tmp_path: Path) -> None:
    expected = outcome(mixed_bank, workers=1)
    cache = tmp_path / "cache"
    assert outcome(mixed_bank, workers=2, cache_dir=cache) == expected
    files = len(list(mixed_bank.rglob("*.yaml")))
    assert len(list(cache.glob("*.pickle"))) == files
    assert outcome(mixed_bank, workers=2, cache_dir=cache) == expected  # now all from the cache


def test_a_worker_that_dies_costs_time_not_questions(mixed_bank: Path, monkeypatch, caplog) -> None:
    expected = outcome(mixed_bank, workers=1, run_solutions=False)
    monkeypatch.setattr(_Child, "parent", os.getpid())
    monkeypatch.setattr(_Child, "real", loader._parse_chunk)
    monkeypatch.setattr(loader, "_parse_chunk", _dies_in_the_child)
    monkeypatch.setattr(loader, "_read_in_worker", _reader_dies_in_the_child)  # workers that only read
    assert outcome(mixed_bank, workers=2, run_solutions=False) == expected
    assert "parallel bank loading failed" in caplog.text


class _Child:
    parent = 0
    real = staticmethod(loader._parse_chunk)


def _dies_in_the_child(items, run_solutions, cache):  # module level: the pool sends it by name
    if os.getpid() != _Child.parent:
        os._exit(3)  # e.g. killed by the OOM killer
    return _Child.real(items, run_solutions, cache)


def _reader_dies_in_the_child(text):
    if os.getpid() != _Child.parent:
        os._exit(3)
    raise AssertionError("only a worker reads files for the parent")


def test_shares_are_balanced_by_size() -> None:
    sizes = [90, 10, 50, 50, 40, 60]
    shares = loader._balanced_shares(sizes, 2)
    assert sorted(i for share in shares for i in share) == list(range(len(sizes)))
    loads = [sum(sizes[i] for i in share) for share in shares]
    assert abs(loads[0] - loads[1]) <= 40 and loads[0] >= loads[1]  # this process takes a bit more


def test_without_solutions_workers_that_only_read_give_the_same_questions_and_errors(mixed_bank: Path) -> None:
    ids, errors = outcome(mixed_bank, workers=1, run_solutions=False)
    assert len(ids) > 200 and len(errors) >= 15
    assert outcome(mixed_bank, workers=2, run_solutions=False) == (ids, errors)
    assert outcome(mixed_bank, workers=3, run_solutions=False) == (ids, errors)


def test_this_process_reads_files_only_while_the_workers_are_busy(mixed_bank: Path, monkeypatch) -> None:
    """A slow parent leaves most files to the worker; every file is still checked once."""
    expected = outcome(mixed_bank, workers=1, run_solutions=False)
    read_here: list[str] = []
    real = loader._parse_file

    def slow_parse(text: str, name: str):
        read_here.append(name)
        time.sleep(0.05)
        return real(text, name)

    monkeypatch.setattr(loader, "_parse_file", slow_parse)
    assert outcome(mixed_bank, workers=2, run_solutions=False) == expected
    files = len(list(mixed_bank.rglob("*.yaml")))
    assert 0 < len(read_here) < files / 2
