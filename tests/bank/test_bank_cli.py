from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.bank.bank_text import bank_file, open_question

BROKEN = Path(__file__).parent / "broken"


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    (tmp_path / "prob.yaml").write_text(
        bank_file(open_question("prob-one", "easy"), open_question("prob-two", "hard"))
    )
    (tmp_path / "beh.yaml").write_text(
        bank_file(open_question("beh-one", "medium"), round_type="behavioral", topic="conflict")
    )
    return tmp_path


def test_validate_ok_prints_summary(bank_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "validate", str(bank_dir)]) == 0
    assert capsys.readouterr().out == "3 questions in 2 files: OK\n"


def test_validate_prints_every_error_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(BROKEN / "bad_difficulty.yaml"), str(BROKEN / "unknown_field_typo.yaml")]
    assert main(["bank", "validate", *paths]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{paths[0]}:7: bv-sample: difficulty:")
    assert lines[-1] == "3 errors in 2 files"


def test_stats_json_counts_per_round_type_and_topic(
    bank_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bank", "stats", "--json", "--path", str(bank_dir)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["ml_theory"]["topics"] == {"probability": 2}
    assert stats["ml_theory"]["difficulty"] == {"easy": 1, "medium": 0, "hard": 1}
    assert stats["behavioral"]["answer_kind"] == {"open": 1}
    assert stats["coding"]["total"] == 0
    assert stats["totals"]["questions"] == 3 and stats["totals"]["topics"] == 2


def test_stats_text(bank_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stats", "--path", str(bank_dir)]) == 0
    out = capsys.readouterr().out
    assert "ML theory: 2 questions  easy 1, medium 0, hard 1  kinds: open 2" in out
    assert out.rstrip().endswith("Total: 3 questions in 2 topics  easy 1, medium 1, hard 1  kinds: open 3")


def test_show_renders_prompt_then_rubric(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["bank", "show", "code-add-two", "--path", str(BROKEN / "code_solution_fails_test.yaml")]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("Add two numbers\nCoding · arrays · easy\n\nWrite `add(a, b)` returning the sum.")
    assert "  add(1, 2) -> 3" in out
    assert out.index("Rubric:") < out.index("Reference answer:") < out.index("Answer: code")
    assert "[1/1] sum: Returns a + b" in out
    assert "8 hidden tests" in out


def test_show_unknown_id_suggests_and_fails(bank_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "show", "prob-onee", "--path", str(bank_dir)]) == 1
    assert capsys.readouterr().err == "There is no question with id 'prob-onee'. Did you mean 'prob-one'?\n"


def test_python_dash_m_bot_validates_bundled_questions() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "bank", "validate", "questions"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].endswith(": OK")
