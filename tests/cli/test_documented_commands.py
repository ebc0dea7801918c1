"""Every command the README and `--help` document runs once, every command a message suggests
exists, and the spelling the program suggests is the one that works after the quick start."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser
from tests.terminal.pty import REPO

SCRIPT = Path(sys.executable).parent / "mockloop"  # what `pip install -e .` put beside the interpreter


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOCKLOOP_", "DISCORD_"))}
    base.update(MOCKLOOP_DB=str(tmp_path / "m.db"), MOCKLOOP_JUDGE="off", COLUMNS="200", PYTHONPATH=str(REPO))
    # The venv is not on PATH after the README's quick start.
    base["PATH"] = os.pathsep.join(
        p for p in base.get("PATH", "").split(os.pathsep) if Path(p).resolve() != SCRIPT.parent.resolve()
    )
    base.update(extra)
    return base


def subcommand_paths() -> list[list[str]]:
    """Every command path the parser knows: ['run'], ['bank', 'list'], ..."""
    import argparse

    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and prefix:
            found.append(prefix)
        for action in subs:
            for name, child in action.choices.items():
                walk(child, [*prefix, name])

    walk(build_parser(), [])
    return found


def exists(words: list[str]) -> bool:
    """Whether these words name a real command (arguments may follow) or group (`bank`)."""
    return any(words[: len(path)] == path or path[: len(words)] == words for path in subcommand_paths())


def test_every_command_answers_help(tmp_path: Path) -> None:
    paths = subcommand_paths()
    assert (
        ["bank", "list"] in paths
        and ["rounds"] in paths
        and ["abandon"] in paths
        and ["db", "check"] in paths
    )
    top = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], env=env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert top.returncode == 0
    for path in paths:
        assert path[0] in top.stdout
        proc = subprocess.run(
            [sys.executable, "-m", "bot", *path, "--help"],
            env=env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0 and "usage:" in proc.stdout, path


HINT = re.compile(r"(?:`mockloop|\{command_name\(\)\}) ([a-z][a-z_-]*(?: [a-z][a-z_-]*)?)")


def test_every_command_a_message_suggests_exists() -> None:
    hints = []
    for source in sorted((REPO / "bot").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        for match in HINT.finditer(text):
            hints.append((source.name, match.group(1).split()))
    assert len(hints) >= 10
    assert (("score.py", ["bank", "list"]) in hints) and (("run.py", ["practice"]) in hints)
    missing = [(name, " ".join(words)) for name, words in hints if not exists(words)]
    assert missing == []


def readme_commands() -> list[str]:
    """The commands the README's table and quick start spell out for the terminal."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"`(\.venv/bin/mockloop [^`]*)`", text)
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        found += [m.strip() for m in re.findall(r"(\.venv/bin/mockloop [^&;#\n]*)", block)]
    return [c.replace("\\|", "|") for c in found if not c.endswith("…")]  # "`.venv/bin/mockloop …`": prose


# Placeholders in the README, and what a first-time reader would put there.
VALUES = {
    "ID": "prob-ppv-rare-disease",
    "QUESTION_ID": "code-stable-softmax",
    "FILE": "{tmp}/answer.py",
    "FILE|-": "{tmp}/answer.py",
    "PATH": "{tmp}/backup.db",
    "PATH…": str(REPO / "questions"),
    "ROUND": "1",
    "R": "ml_theory",
    "D": "easy",
    "T": "probability",
    "M": "45",
}
OPTION_VALUES = {"--png": "{tmp}/chart.png", "--grader": "rubric"}
# What each documented command may exit with on a fresh database (health: no bot is running;
# run: no token; abandon: no round open, or round 1 already over; judge: a wrong answer fails).
ALLOWED = {"health": {1}, "run": {2}, "abandon": {1, 2}, "judge": {1}}


def expand(command: str, tmp: Path) -> list[list[str]]:
    """A documented command line as the argv lists to run: the bare form, then each optional
    part once (an option with its placeholder filled in, or an optional argument)."""
    tokens = re.findall(r"\[[^\]]*\]|\S+", command)[1:]
    fill = lambda word: VALUES.get(word, word).format(tmp=tmp)  # noqa: E731
    required = [fill(t) for t in tokens if not t.startswith("[")]
    runs = [required]
    for token in (t.strip("[]").split() for t in tokens if t.startswith("[")):
        if token[0].startswith("--"):
            value = [fill(token[1])] if len(token) > 1 else []
            if token[0] in OPTION_VALUES:
                value = [OPTION_VALUES[token[0]].format(tmp=tmp)]
            runs.append([*required, token[0].split("|")[0], *value])
        else:
            runs.append([*required, fill(" ".join(token))])
    return runs


def test_the_readme_spells_terminal_commands_as_they_work_after_the_quick_start() -> None:
    commands = readme_commands()
    assert any(c.startswith(".venv/bin/mockloop practice") for c in commands)
    assert any(c.startswith(".venv/bin/mockloop run") for c in commands)
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| Terminal |")]
    assert table and all("`.venv/bin/mockloop " in line for line in table)


@pytest.mark.timeout(300)
def test_every_documented_command_runs_once(tmp_path: Path) -> None:
    (tmp_path / "answer.py").write_text("def softmax(xs):\n    return xs\n")
    e = env(tmp_path)
    ran = []
    for command in readme_commands():
        for argv in expand(command, tmp_path):
            if argv[0] == "practice":
                stdin = "/skip\n"
            elif argv[:1] == ["score"]:
                stdin = ""
            else:
                stdin = ""
            proc = subprocess.run(
                [sys.executable, "-m", "bot", *argv],
                input=stdin, env=e, cwd=tmp_path, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            ok = {0} | ALLOWED.get(argv[0], set())
            assert proc.returncode in ok, (argv, proc.returncode, proc.stdout[-500:], proc.stderr[-500:])
            assert "Traceback" not in proc.stderr and "usage:" not in proc.stderr, (argv, proc.stderr)
            assert (proc.stdout + proc.stderr).strip(), argv
            ran.append(argv[0] if argv[0] not in ("bank", "db") else " ".join(argv[:2]))
    for name in ("practice", "rounds", "abandon", "history", "stats", "bank list", "bank show", "score",
                 "judge", "db check", "db backup", "health", "run"):  # fmt: skip
        assert name in ran, name


@pytest.mark.skipif(not SCRIPT.exists(), reason="no mockloop script beside this interpreter")
def test_run_without_a_token_suggests_the_spelling_that_works(tmp_path: Path) -> None:
    home = SCRIPT.parent.parent.parent  # the folder holding the venv: where the quick start ran
    typed = os.path.relpath(SCRIPT, home)
    proc = subprocess.run(
        [typed, "run"], cwd=home, env=env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    suggestion = re.search(r"right away:\s+(.+)$", proc.stdout, re.M)
    assert suggestion is not None and suggestion.group(1) == f"{typed} practice --round ml_theory"
    # ... and the suggested command works as printed.
    practice = subprocess.run(
        [*suggestion.group(1).split()], input="/skip\n", cwd=home, env=env(tmp_path),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert practice.returncode == 0 and "given up" in practice.stdout
    # With the venv activated (its bin on PATH) the plain name is what works, and what it says.
    on_path = env(tmp_path, PATH=f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    activated = subprocess.run(
        ["mockloop", "run"], cwd=tmp_path, env=on_path, capture_output=True, text=True, timeout=60
    )
    assert "right away:  mockloop practice --round ml_theory" in activated.stdout
    assert shutil.which("mockloop", path=on_path["PATH"]) is not None
