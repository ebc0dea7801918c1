"""Ctrl-C, Ctrl-D, a closed terminal and a closed pipe in the middle of `mockloop practice`:
nothing typed is lost, the round stays open, the exit is quiet, and the next start resumes it."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.terminal.pty import env_for, finish, rows, spawn, wait_rows, words

QUESTION = "beh-mlj-simple-beat-complex"  # behavioral, three follow-ups
DRAFTS = "SELECT content FROM answer_drafts ORDER BY id"


def start(db: Path) -> pexpect.spawn:
    child = spawn(db, "practice", "--question", QUESTION)
    child.expect(words("Ctrl-C pauses"))
    return child


def open_status(db: Path) -> list[tuple]:
    return rows(db, "SELECT id, status FROM rounds ORDER BY id")


def test_ctrl_c_asks_a_second_one_keeps_the_round_and_the_next_start_resumes_it(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("I chose logistic regression over a transformer.")
    child.sendline("We compared both on the same test set.")
    assert len(wait_rows(db, DRAFTS, 2)) == 2  # stored as typed, before anything ends the answer
    child.sendintr()
    child.expect(words("finish now"))
    child.expect(words("keep the round open"))
    child.sendintr()
    status, out = finish(child)
    assert status == 130
    assert "Traceback" not in out and "still open" in " ".join(out.split())
    assert open_status(db) == [(1, "asked")]
    assert [r[0] for r in rows(db, DRAFTS)] == [
        "I chose logistic regression over a transformer.",
        "We compared both on the same test set.",
    ]

    listing = subprocess.run(
        [sys.executable, "-m", "bot", "rounds"], env=env_for(db), capture_output=True, text=True, timeout=60
    )
    assert listing.returncode == 0 and "two lines" in listing.stdout and "abandon 1" in listing.stdout

    child = spawn(db, "practice")
    child.expect(words("round #1"))
    child.expect(words("the clock kept running"))
    child.sendline("")  # Enter: resume
    child.expect(words("Restored two lines"))
    child.sendline("It cut p99 latency by 40% and I owned the decision.")
    child.sendline(".")
    child.expect(words("Follow-up 1/3"))
    child.sendintr()
    child.expect(words("finish now"))
    child.sendline("f")  # finish now: no more follow-ups, score
    child.expect("Score")
    child.expect("Self-review")
    child.sendline("")
    status, out = finish(child)
    assert status == 0 and "Traceback" not in out
    assert open_status(db) == [(1, "done")]
    (answer,) = rows(db, "SELECT content FROM answer_parts WHERE kind = 'answer'")
    assert answer[0].splitlines() == [
        "I chose logistic regression over a transformer.",
        "We compared both on the same test set.",
        "It cut p99 latency by 40% and I owned the decision.",
    ]
    assert rows(db, DRAFTS) == []


def test_ctrl_d_keeps_the_round_open_with_the_draft(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("A line before the end of input.")
    wait_rows(db, DRAFTS, 1)
    child.sendeof()
    status, out = finish(child)
    assert status == 130 and "Traceback" not in out and "still open" in " ".join(out.split())
    assert open_status(db) == [(1, "asked")]
    assert rows(db, DRAFTS) == [("A line before the end of input.",)]


def test_a_closed_terminal_sighup_keeps_the_round_and_exits_quietly(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("Typed just before the connection dropped.")
    wait_rows(db, DRAFTS, 1)
    child.kill(signal.SIGHUP)
    status, out = finish(child)
    assert status == 130 and "Traceback" not in out
    assert open_status(db) == [(1, "asked")]
    assert rows(db, DRAFTS) == [("Typed just before the connection dropped.",)]


def test_a_closed_output_pipe_keeps_the_round_and_exits_quietly(tmp_path: Path) -> None:
    """`mockloop practice | sed '/Ctrl-C pauses/q'`: the reader goes away after the introduction."""
    db = tmp_path / "p.db"
    script = (
        f"{sys.executable} -m bot practice --question {QUESTION} 2>{tmp_path}/err.txt "
        "| sed '/Ctrl-C pauses/q'; echo STATUS=${PIPESTATUS[0]}"
    )
    child = pexpect.spawn(
        "bash", ["-c", script], env=env_for(db), cwd=str(tmp_path), encoding="utf-8", timeout=30
    )
    child.expect(words("Ctrl-C pauses"))
    child.sendline("Written after the pipe closed.")
    wait_rows(db, DRAFTS, 1)
    child.sendline("/time")  # something to print: the closed pipe is found here
    child.expect(r"STATUS=(\d+)")
    assert child.match.group(1) == "130"
    finish(child)
    err = (tmp_path / "err.txt").read_text()
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert open_status(db) == [(1, "asked")]
    assert rows(db, DRAFTS) == [("Written after the pipe closed.",)]


def test_a_lone_dot_asks_before_giving_up(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline(".")
    child.expect(words("Give up this round"))
    child.sendline("n")
    child.expect(words("Go on"))
    assert open_status(db) == [(1, "asked")]
    child.sendline("Now a real answer about a simpler model.")
    child.sendline(".")
    child.expect(words("Follow-up 1/3"))
    child.sendintr()
    child.expect(words("finish now"))
    child.sendline("g")  # give up from the menu
    status, out = finish(child)
    assert status == 0 and "given up" in out
    assert open_status(db) == [(1, "abandoned")]


def test_a_20000_character_paste_is_stored_in_parts(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    line = ("I chose a logistic regression baseline and measured it on the same test set. " * 13)[:999]
    for _ in range(20):
        child.sendline(line)
    assert len(wait_rows(db, DRAFTS, 20)) == 20
    child.sendline(".")
    child.expect(words("Follow-up 1/3"))
    parts = [r[0] for r in rows(db, "SELECT content FROM answer_parts WHERE kind = 'answer' ORDER BY id")]
    assert len(parts) == 3 and all(len(p) <= 8000 for p in parts)
    assert [x for p in parts for x in p.splitlines()] == [line] * 20  # nothing cut, nothing lost
    assert rows(db, DRAFTS) == []
    child.sendintr()
    child.expect(words("finish now"))
    child.sendintr()
    assert finish(child)[0] == 130


def test_abandon_ends_the_open_round_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("Some thoughts.")
    wait_rows(db, DRAFTS, 1)
    child.sendintr()
    child.expect(words("finish now"))
    child.sendline("k")  # keep the round open and leave
    status, out = finish(child)
    assert status == 130 and "still open" in " ".join(out.split())

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], env=env_for(db), capture_output=True, text=True, timeout=60
        )

    done = cli("abandon")
    assert done.returncode == 0 and "Round #1" in done.stdout and "one unsent line" in done.stdout
    assert open_status(db) == [(1, "abandoned")]
    assert "No round is open" in cli("rounds").stdout
    again = cli("abandon", "1")
    assert again.returncode == 2 and "gave up this round" in again.stderr and "Traceback" not in again.stderr
    child = spawn(db, "practice", "--question", QUESTION)  # no lock-out: a new round starts
    child.expect(words("Ctrl-C pauses"))
    child.sendintr()
    child.expect(words("finish now"))
    child.sendintr()
    assert finish(child)[0] == 130
    assert open_status(db) == [(1, "abandoned"), (2, "asked")]


def test_a_round_past_its_deadline_is_timed_out_and_scored_at_the_next_start(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("I compared a logistic regression with gradient boosting on the same test set.")
    wait_rows(db, DRAFTS, 1)
    child.sendintr()
    child.expect(words("finish now"))
    child.sendintr()
    assert finish(child)[0] == 130
    # Two hours pass: everything about round 1 happened two hours earlier.
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE rounds SET started_at = started_at - 7200, deadline = deadline - 7200")
        conn.execute("UPDATE timers SET due_at = due_at - 7200")
        conn.execute("UPDATE answer_drafts SET created_at = created_at - 7200")
    conn.close()

    child = spawn(db, "practice", "--question", QUESTION)
    child.expect(words("ran past its deadline"))
    child.expect("Score")
    child.expect(words("Ctrl-C pauses"))  # and a new round starts: nothing is locked
    child.sendintr()
    child.expect(words("finish now"))
    child.sendintr()
    status, out = finish(child)
    assert status == 130 and "Traceback" not in out
    assert open_status(db) == [(1, "timed_out"), (2, "asked")]
    # The draft typed before the deadline was part of what was scored.
    assert rows(db, "SELECT content, late FROM answer_parts WHERE round_id = 1") == [
        ("I compared a logistic regression with gradient boosting on the same test set.", 0)
    ]
    ((score, points),) = rows(db, "SELECT score, points FROM scores WHERE round_id = 1")
    assert score > 0 and points == 0  # timed out: scored, no points
    assert rows(db, "SELECT count(*) FROM timers WHERE round_id = 1") == [(0,)]


def test_a_line_cut_by_the_terminal_driver_is_flagged(tmp_path: Path) -> None:
    """Linux keeps at most 4,095 bytes of one line in canonical mode: say so instead of losing text quietly."""
    db = tmp_path / "p.db"
    child = start(db)
    child.sendline("a" * 5000)
    child.expect(words("reached the terminal's limit"))
    child.sendintr()
    child.expect(words("finish now"))
    child.sendintr()
    assert finish(child)[0] == 130
