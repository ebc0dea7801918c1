"""Long answers, the round type a question id implies, a broken bank file, and how text reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from bot.terminal import count, prose_markdown, render_follow_ups, split_parts
from tests.terminal.pty import REPO, env_for, rows

QUESTION = "beh-mlj-simple-beat-complex"


def practice(db: Path, stdin: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "practice", *args],
        input=stdin,
        env=env_for(db, **extra),
        cwd=db.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def test_an_answer_over_the_round_limit_is_kept_as_a_draft_with_how_much_to_cut(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    line = "x" * 999
    stdin = "\n".join([line] * 61) + "\n.\n/undo\n.\n"  # 60,999 characters; one line less fits
    proc = practice(db, stdin, "--question", QUESTION)
    out = flat(proc.stdout)
    assert "That answer is 60,999 characters" in out and "Cut 999 characters" in out, proc.stdout[-2000:]
    assert "kept as a draft" in out and "Traceback" not in proc.stderr
    parts = [r[0] for r in rows(db, "SELECT content FROM answer_parts WHERE kind = 'answer' ORDER BY id")]
    assert sum(len(p.replace("\n", "")) for p in parts) == 60 * 999 and all(len(p) <= 8000 for p in parts)
    assert "Follow-up 1/3" in proc.stdout


def test_question_implies_its_round_type(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    proc = practice(db, "/skip\n", "--question", "code-stable-softmax")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Coding" in proc.stdout and "given up" in proc.stdout
    assert rows(db, "SELECT round_type, question_id FROM rounds") == [("coding", "code-stable-softmax")]
    # An explicit, contradicting --round is still a clear one-line refusal.
    proc = practice(db, "", "--round", "ml_theory", "--question", "code-stable-softmax")
    assert proc.returncode == 1 and "is a coding question, not ml theory" in proc.stdout


def test_a_broken_bank_file_is_named_once_with_its_line_in_practice(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(REPO / "questions", bank)
    broken = bank / "ml_theory" / "zz_broken.yaml"
    shutil.copy(REPO / "tests" / "bank" / "broken" / "malformed_yaml.yaml", broken)
    db = tmp_path / "p.db"
    proc = practice(
        db, "/skip\n", "--round", "ml_theory", "--topic", "probability", MOCKLOOP_QUESTIONS=str(bank)
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    err = proc.stderr
    assert err.count(f"{broken}:") == 1 and "skipped" in err
    assert "bank validate" in err and "Traceback" not in err


def test_a_leading_dash_mid_sentence_is_not_a_bullet() -> None:
    text = "Tell me about a time you chose a simpler model\n- and stood by that choice.\n\nOptions:\n- one\n- two"
    assert prose_markdown(text) == (
        "Tell me about a time you chose a simpler model — and stood by that choice.\n\nOptions:\n- one\n- two"
    )
    # A real list after a blank line stays a list.
    assert prose_markdown("Intro.\n\n- one\n- two") == "Intro.\n\n- one\n- two"


def test_the_bundled_question_renders_without_a_stray_bullet(tmp_path: Path) -> None:
    from bot.bank.loader import load_default_bank

    question = load_default_bank().bank.get(QUESTION)
    console = Console(width=200, record=True)
    from rich.markdown import Markdown

    console.print(Markdown(prose_markdown(question.prompt)))
    shown = console.export_text()
    assert "sophisticated one — and stood by that choice" in flat(shown)
    assert "•" not in shown


def test_counts_read_as_words() -> None:
    assert count(1, "key point") == "one key point"
    assert count(0, "key point") == "no key points"
    assert count(3, "line") == "three lines"
    assert count(12, "line") == "12 lines"


def test_split_parts_keeps_every_character_within_the_part_limit() -> None:
    text = "\n".join(["short line", "y" * 9000, "z" * 10])
    parts = split_parts(text, 4000)
    assert all(len(p) <= 4000 for p in parts)
    assert "".join(p.replace("\n", "") for p in parts) == text.replace("\n", "")


def test_follow_up_scores_are_shown_when_the_scorer_provides_them() -> None:
    console = Console(width=160, record=True)
    render_follow_ups(
        console,
        {
            "follow_ups": [
                {"prompt": "When would the complex model be worth it?", "score": 75.0,
                 "points": [{"point": "Names a data-size threshold", "hit": True}]},
                {"prompt": "How did you handle pushback?", "score": None},
            ]
        },
    )  # fmt: skip
    shown = console.export_text()
    assert "75/100" in shown and "Names a data-size threshold" in shown and "not answered" in shown
    empty = Console(width=160, record=True)
    render_follow_ups(empty, {"points": []})
    assert empty.export_text() == ""


def test_follow_up_answers_are_shown_in_the_result(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    stdin = "Bayes: 95 / 590, about 16%, because of the low base rate.\n.\nIt rises a lot.\n.\nRetest positives.\n.\n\n"
    proc = practice(db, stdin, "--question", "prob-ppv-rare-disease")
    assert proc.returncode == 0, proc.stderr
    result = proc.stdout[proc.stdout.index("Result") :]
    assert "Follow-ups" in result and "It rises a lot." in result and "Retest positives." in result
