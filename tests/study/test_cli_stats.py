"""`mockloop stats` for the terminal member (guild 0, user 0) on the same database."""

from __future__ import annotations

import asyncio
import io
import random
from pathlib import Path

import pytest
from PIL import Image

from bot.bank.loader import load_bank
from bot.cli import main
from bot.core.clock import SystemClock
from bot.service import InterviewService, Member
from bot.settings import load_settings

ANSWER = "I would compare precision and recall on a held-out set and watch the calibration of scores."


async def _practice_rounds(db: Path, count: int) -> None:
    bank = load_bank([load_settings().questions_dir]).bank
    service = await InterviewService.open(str(db), bank, SystemClock(), random.Random(3))
    me = Member(0, 0, "me")
    try:
        for _ in range(count):
            await service.start_round(me, "ml_theory", front_end="terminal")
            await service.add_answer(me, ANSWER, source="terminal")
            while (await service.finish(me)).result is None:
                pass
    finally:
        await service.close()


def test_stats_without_rounds_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MOCKLOOP_DB", str(tmp_path / "empty.db"))
    assert main(["stats"]) == 0
    assert "No rounds yet" in capsys.readouterr().out


def test_stats_prints_the_figures_and_writes_the_chart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    db = tmp_path / "stats.db"
    monkeypatch.setenv("MOCKLOOP_DB", str(db))
    asyncio.run(_practice_rounds(db, 2))
    chart = tmp_path / "chart.png"
    assert main(["stats", "--png", str(chart)]) == 0
    out = capsys.readouterr().out
    assert "2 rounds" in out and "ML theory" in out and "Suggested next round: mockloop practice" in out
    with Image.open(io.BytesIO(chart.read_bytes())) as image:
        assert image.format == "PNG" and image.size == (1000, 400)
