"""/stats figures and the chart PNG."""

from __future__ import annotations

import io
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from bot import charts
from bot.charts import CHART_SIZE, ChartsUnavailable, render_stats_chart, stats_chart_png
from bot.discordbot.features.study.render import suggestion_command
from bot.study import StudyService
from tests.study.conftest import GOOD, HALF

REPO = Path(__file__).resolve().parents[2]


async def test_a_member_without_rounds_has_no_stats_rather_than_an_error(study: StudyService) -> None:
    assert await study.stats(10, 4242) is None


async def test_stats_per_type_and_topic_weakest_first_with_a_suggestion(study: StudyService, player) -> None:
    ann = player(1, "ann")
    await ann.round(GOOD, minutes_used=10)
    await ann.round(HALF, minutes_used=5)
    await ann.round(HALF, round_type="coding", minutes_used=30)
    await ann.abandon(round_type="behavioral")
    stats = await study.stats(10, 1)
    assert stats is not None
    s = stats.summary
    assert s.rounds == 4
    by_type = {t.round_type.value: t for t in s.by_type}
    assert (by_type["ml_theory"].rounds, by_type["ml_theory"].scored) == (2, 2)
    assert (by_type["behavioral"].rounds, by_type["behavioral"].scored, by_type["behavioral"].average) == (
        1,
        0,
        None,
    )
    assert by_type["coding"].time_used == 30 * 60 and by_type["coding"].time_limit == 45 * 60
    assert by_type["ml_theory"].time_limit == 2 * 60 * 60
    weakest = [(t.round_type.value, t.topic) for t in s.weakest]
    assert weakest[0] == ("coding", "arrays")  # HALF only, lower than the ML mix
    assert (
        s.suggestion is not None
        and suggestion_command(s.suggestion) == "/mock start round:coding topic:arrays"
    )
    assert stats.streak.current == 1 and stats.total_points > 0


async def test_chart_is_a_png_of_the_expected_size(study: StudyService, player) -> None:
    ann = player(1, "ann")
    await ann.round(GOOD)
    await ann.round(HALF, round_type="coding", minutes_used=30)
    stats = await study.stats(10, 1)
    assert stats is not None
    png = await render_stats_chart(stats)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == CHART_SIZE == (1000, 400)


async def test_the_chart_days_are_the_servers_and_a_topic_at_100_is_never_weakest(
    study: StudyService, player, clock
) -> None:
    await study.set_timezone(10, "Asia/Tokyo")
    clock.advance(23 * 3600)  # 2026-01-01 23:00 UTC is 2 January, 08:00 in Tokyo
    ann = player(1, "ann")
    await ann.round(GOOD, round_type="coding", minutes_used=0)  # no follow-ups: a full score
    await ann.round(HALF, minutes_used=0)
    stats = await study.stats(10, 1)
    assert stats is not None and stats.timezone == "Asia/Tokyo"
    (first, _, score), _ = charts.local_times(stats)
    assert (first.day, first.hour, score) == (2, 8, 100)
    assert sorted(t.topic for t in stats.summary.by_topic) == ["arrays", "probability"]
    assert [t.topic for t in stats.summary.weakest] == ["probability"]
    assert stats.summary.suggestion is not None and stats.summary.suggestion.topic == "probability"


async def test_without_matplotlib_the_chart_fails_with_an_install_hint(
    study: StudyService, player, monkeypatch
) -> None:
    await player(1, "ann").round(GOOD)
    stats = await study.stats(10, 1)
    assert stats is not None
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` raise ImportError
    with pytest.raises(ChartsUnavailable, match=r"pip install 'mockloop\[charts\]'"):
        stats_chart_png(stats)


async def test_a_chart_process_that_died_is_replaced(study: StudyService, player) -> None:
    await player(1, "ann").round(GOOD)
    stats = await study.stats(10, 1)
    assert stats is not None
    assert (await render_stats_chart(stats)).startswith(b"\x89PNG")
    renderers = multiprocessing.active_children()
    assert renderers, "charts are drawn in a process of their own"
    for process in renderers:
        process.kill()  # e.g. the kernel's OOM killer
        process.join()
    assert (await render_stats_chart(stats)).startswith(b"\x89PNG")
    assert multiprocessing.active_children()


KILLED_BOT = """
import asyncio, os, signal
from bot.charts import _chart_process

async def main():
    child = await asyncio.get_running_loop().run_in_executor(_chart_process(), os.getpid)
    print(child, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_a_killed_bot_leaves_no_chart_process_behind(tmp_path) -> None:
    script = tmp_path / "killed_bot.py"
    script.write_text(KILLED_BOT)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=REPO, check=False
    )
    assert done.returncode == -signal.SIGKILL
    child = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.1)
    assert not _running(child), "the chart process outlived the bot"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be collected


async def test_where_no_process_can_be_started_the_chart_is_drawn_anyway(
    study: StudyService, player, monkeypatch, caplog
) -> None:
    await player(1, "ann").round(GOOD)
    stats = await study.stats(10, 1)
    assert stats is not None
    charts.close_renderer()

    def no_semaphores(method: str) -> None:
        raise OSError(38, "Function not implemented")  # what a container without /dev/shm says

    monkeypatch.setattr(charts.multiprocessing, "get_context", no_semaphores)
    assert (await render_stats_chart(stats)).startswith(b"\x89PNG")
    assert "drawing in a thread" in caplog.text
