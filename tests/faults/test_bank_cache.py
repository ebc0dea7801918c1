"""The validated-bank cache: a warm start gives exactly what a cold one does, and never a stale bank."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot.bank.loader import LoadResult, load_bank

GOOD = """schema_version: 1
round_type: ml_theory
topic: probability
questions:
  - id: cache-q1
    title: Dropout
    difficulty: easy
    prompt: Why does dropout reduce overfitting?
    rubric:
      - {id: ens, point: Acts like an ensemble, phrases: [ensemble]}
    reference_answer: It trains many thinned networks that share weights, like an ensemble.
    answer: {kind: open}
"""


def snapshot(result: LoadResult) -> tuple[list[str], list[str]]:
    return [q.id for q in result.bank], [str(e) for e in result.errors]


def test_warm_load_matches_cold_and_an_edit_is_seen(tmp_path: Path) -> None:
    bank, cache = tmp_path / "bank", tmp_path / "cache"
    bank.mkdir()
    (bank / "a.yaml").write_text(GOOD)
    (bank / "broken.yaml").write_text(GOOD.replace("cache-q1", "cache-q2").replace("easy", "trivial"))
    cold = load_bank([bank], cache_dir=cache)
    warm = load_bank([bank], cache_dir=cache)
    assert snapshot(warm) == snapshot(cold) and snapshot(cold)[0] == ["cache-q1"]
    assert any("difficulty" in e for e in snapshot(warm)[1])  # errors come back from the cache too
    (bank / "a.yaml").write_text(GOOD.replace("Dropout", "Dropout, again"))
    edited = load_bank([bank], cache_dir=cache)
    assert edited.bank.get("cache-q1").title == "Dropout, again"
    assert len(list(cache.glob("*.pickle"))) == 2  # the stale entry was pruned


def test_a_corrupt_or_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    bank, cache = tmp_path / "bank", tmp_path / "cache"
    bank.mkdir()
    (bank / "a.yaml").write_text(GOOD)
    load_bank([bank], cache_dir=cache)
    for entry in cache.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert snapshot(load_bank([bank], cache_dir=cache))[0] == ["cache-q1"]
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    assert snapshot(load_bank([bank], cache_dir=blocker / "cache"))[0] == ["cache-q1"]


def test_a_killed_writers_temp_file_is_cleaned_up_but_a_fresh_one_is_left(tmp_path: Path) -> None:
    bank, cache = tmp_path / "bank", tmp_path / "cache"
    bank.mkdir()
    (bank / "a.yaml").write_text(GOOD)
    load_bank([bank], cache_dir=cache)
    stale, fresh = cache / "tmpdead.tmp", cache / "tmpbusy.tmp"
    stale.write_bytes(b"half a pickle")
    fresh.write_bytes(b"being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert snapshot(load_bank([bank], cache_dir=cache))[0] == ["cache-q1"]
    assert not stale.exists() and fresh.exists()
