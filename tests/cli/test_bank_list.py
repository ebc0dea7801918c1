"""`mockloop bank list` finds question ids; a duplicate id points at its first definition."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bot.bank.loader import load_bank
from tests.terminal.pty import REPO

FIRST = (REPO / "tests" / "bank" / "broken" / "duplicate_id" / "first.yaml").read_text()


def bank(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCKLOOP_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", "bank", *args],
        env=dict(env, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bank_list_filters_and_prints_json() -> None:
    proc = bank("list", "--round", "coding", "--difficulty", "easy", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and all(r["round_type"] == "coding" and r["difficulty"] == "easy" for r in rows)
    assert {"id", "topic", "title", "kind"} <= set(rows[0])
    plain = bank("list", "--topic", "probability")
    assert plain.returncode == 0 and "prob-ppv-rare-disease" in plain.stdout
    assert "practice --question ID" in plain.stdout
    every = json.loads(bank("list", "--json").stdout)
    assert "code-stable-softmax" in {r["id"] for r in every} and len(every) > len(rows)


def test_bank_list_with_an_unknown_topic_names_the_topics() -> None:
    proc = bank("list", "--round", "ml_theory", "--topic", "astrology")
    assert proc.returncode == 1 and "no topic 'astrology'" in proc.stderr and "probability" in proc.stderr


def test_a_duplicate_id_in_one_file_points_at_the_first_definition(tmp_path: Path) -> None:
    lines = FIRST.splitlines()
    questions = lines[lines.index("questions:") + 1 :]
    path = tmp_path / "twice.yaml"
    path.write_text("\n".join([*lines, *questions]) + "\n")  # the same question again, further down
    first_line = lines.index("  - id: bv-shared-id") + 1
    second_line = len(lines) + 1
    result = load_bank([path], run_solutions=False)
    assert [str(e) for e in result.errors] == [
        f"{path}:{second_line}: bv-shared-id: id: duplicate id; already defined at {path}:{first_line} "
        "(ids must be unique across the bank)"
    ]
    assert first_line != second_line and result.bank.ids == ["bv-shared-id"]
