"""The terminal practice mode end to end: piped stdin, a real subprocess, the row in the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def practice(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MOCKLOOP_DB=str(tmp_path / "practice.db"), COLUMNS="100")
    env.pop("DISCORD_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "practice", *args],
        input=stdin,
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


ANSWER = """Use Bayes rule with natural frequencies: out of 10,000 people, 100 have the condition and 95 test positive.
Of the 9,900 healthy people, 495 false positives test positive.
So P(condition | positive) = 95 / 590, about 16%. The low base rate (prevalence) is why.
I would add a confirmatory second test.
."""


def test_practice_round_with_hint_follow_ups_and_self_review_is_saved(tmp_path: Path) -> None:
    stdin = "/hint\n" + ANSWER + "\nIt rises a lot.\n.\nRetest positives.\n.\n1 2\n"
    proc = practice(tmp_path, stdin, "--round", "ml_theory", "--question", "prob-ppv-rare-disease")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Hint 1/" in out and "Follow-up 1/" in out and "Result" in out and "Self-review" in out
    db = sqlite3.connect(tmp_path / "practice.db")
    status, hints, qid = db.execute("SELECT status, hints_used, question_id FROM rounds").fetchone()
    assert status == "done" and hints == 1
    parts = db.execute("SELECT kind, source FROM answer_parts ORDER BY id").fetchall()
    assert parts[0] == ("answer", "terminal") and [p[0] for p in parts[1:]] == ["follow_up"] * (
        len(parts) - 1
    )
    (score,) = db.execute("SELECT score FROM scores").fetchone()
    assert score > 0
    assert db.execute("SELECT kind, reviewer_id FROM reviews").fetchall() == [("self", 0)]

    history = subprocess.run(
        [sys.executable, "-m", "bot", "history"],
        env=dict(os.environ, MOCKLOOP_DB=str(tmp_path / "practice.db"), COLUMNS="160"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert qid in history.stdout and f"{score:.0f}" in history.stdout


def test_ctrl_d_ends_the_answer_and_skip_gives_up(tmp_path: Path) -> None:
    proc = practice(tmp_path, "/skip\n", "--round", "behavioral")
    assert proc.returncode == 0 and "given up" in proc.stdout
    proc = practice(tmp_path, "My answer without a final dot", "--round", "coding", "--minutes", "30")
    assert proc.returncode == 0, proc.stderr
    db = sqlite3.connect(tmp_path / "practice.db")
    assert [r[0] for r in db.execute("SELECT status FROM rounds ORDER BY id")] == ["abandoned", "done"]


def test_bad_options_are_one_clear_line(tmp_path: Path) -> None:
    proc = practice(tmp_path, "", "--round", "coding", "--minutes", "90")
    assert proc.returncode == 1 and "Coding rounds run 30–45 minutes" in proc.stdout
    proc = practice(tmp_path, "", "--round", "ml_theory", "--topic", "astrology")
    assert proc.returncode == 1 and "no topic 'astrology'" in proc.stdout
    proc = practice(tmp_path, "", "--round", "coding", "--question", "prob-ppv-rare-disese")
    assert proc.returncode == 1 and "prob-ppv-rare-disease" in proc.stdout  # suggests the close id
    assert "Traceback" not in proc.stdout + proc.stderr


def test_coding_round_runs_the_judge_on_the_answer(tmp_path: Path) -> None:
    import shutil

    if shutil.which("bwrap") is None:
        import pytest

        pytest.skip("bubblewrap is not installed (scripts/test.sh installs it)")
    code = (
        "import math\ndef softmax(xs):\n    if not xs:\n        return []\n    m = max(xs)\n"
        "    e = [math.exp(x - m) for x in xs]\n    s = sum(e)\n    return [v / s for v in e]\n"
    )
    stdin = (
        code + "/run\nI subtract the max, divide by the sum, and return [] for an empty list.\n.\n"
        # the follow-ups are scored (issue 13): a skipped one would earn nothing for its share
        "The common factor exp(-m) cancels in numerator and denominator, and the largest term is 1.\n.\n"
        "Use log-sum-exp: x_i - m - log of the sum; the log of a softmax that underflows to 0 is minus infinity.\n.\n\n"
    )
    proc = practice(tmp_path, stdin, "--round", "coding", "--question", "code-stable-softmax")
    assert proc.returncode == 0, proc.stderr
    assert "Passed 2/2 examples" in proc.stdout and "Passed 8/8 hidden tests" in proc.stdout
    db = sqlite3.connect(tmp_path / "practice.db")
    assert db.execute("SELECT which, passed, total FROM code_submissions ORDER BY id").fetchall() == [
        ("examples", 2, 2),
        ("tests", 8, 8),
    ]
    (score,) = db.execute("SELECT score FROM scores").fetchone()
    assert score >= 90
