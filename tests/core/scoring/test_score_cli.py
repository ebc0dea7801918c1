"""`mockloop score QUESTION_ID [FILE|-] [--json]` against the bundled bank."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from bot.cli import score

GOOD = (
    "By Bayes rule, P(D|+) = 95/590, about 16%. False positives from the healthy majority dominate "
    "because the base rate is 1%, so order a second test."
)


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="mockloop")
    score.register(parser.add_subparsers())
    args = parser.parse_args(["score", *argv])
    return args.func(args)


def test_scores_an_answer_file_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(GOOD, encoding="utf-8")
    assert run_cli(["prob-ppv-rare-disease", str(answer), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == "prob-ppv-rare-disease"
    assert data["numeric"]["correct"] is True
    assert data["score"] > 80
    assert "bayes" in data["hit"]
    assert all(p["evidence"] for p in data["points"] if p["hit"])


def test_reads_stdin_and_prints_a_readable_breakdown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("It is 95%."))
    assert run_cli(["prob-ppv-rare-disease", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("prob-ppv-rare-disease (numeric): 0/100")
    assert "[-]" in out and "Missed:" in out


def test_unknown_question_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["no-such-question", "-"]) == 1
    assert "Unknown question id 'no-such-question'" in capsys.readouterr().err


def test_missing_answer_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["prob-ppv-rare-disease", str(tmp_path / "nope.txt")]) == 1
    assert "Cannot read the answer" in capsys.readouterr().err
