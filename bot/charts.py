"""The /stats chart: scores over time per round type, and average score per topic.

matplotlib (the optional `charts` extra) with the Agg backend; rendering is CPU work, so callers
on the event loop use `render_stats_chart`, which runs it in a separate process.
"""

from __future__ import annotations

import asyncio
import io
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.models import RoundType
from bot.study import StudyStats

log = logging.getLogger(__name__)

WIDTH_IN, HEIGHT_IN, DPI = 10.0, 4.0, 100  # 1000 x 400 pixels
CHART_SIZE = (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))
_LOCK = threading.Lock()  # pyplot's global state is not thread-safe; we avoid pyplot, but be safe
_COLOURS = {
    RoundType.CODING: "#3498db",
    RoundType.ML_THEORY: "#9b59b6",
    RoundType.SYSTEM_DESIGN: "#e67e22",
    RoundType.BEHAVIORAL: "#2ecc71",
}


class ChartsUnavailable(RuntimeError):
    """matplotlib is not installed."""


def charts_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


# Discord's dark theme: the chart sits on the embed's own background, in its text colours.
BACKGROUND = "#2b2d31"
TEXT = "#f2f3f5"
MUTED = "#b5bac1"
GRID = "#4e5058"
TITLE_SIZE, LABEL_SIZE, TICK_SIZE = 17, 14, 13  # points at 100 dpi: readable in a phone's preview


def local_times(stats: StudyStats) -> list[tuple[datetime, RoundType, float]]:
    """The scored rounds' start times in the server's time zone (the chart's x axis)."""
    tz = ZoneInfo(stats.timezone)
    return [(datetime.fromtimestamp(when, tz), kind, score) for when, kind, score in stats.rounds_over_time]


def _dark(ax: Any) -> None:
    ax.set_facecolor(BACKGROUND)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=TICK_SIZE)
    ax.title.set_color(TEXT)
    ax.xaxis.label.set_color(MUTED)
    ax.yaxis.label.set_color(MUTED)
    ax.xaxis.get_offset_text().set_color(MUTED)
    ax.xaxis.get_offset_text().set_fontsize(TICK_SIZE)
    ax.grid(color=GRID, linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)


def stats_chart_png(stats: StudyStats) -> bytes:
    """Render the chart to PNG bytes (blocking)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable("Charts need matplotlib: pip install 'mockloop[charts]'.") from None
    with _LOCK:
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor=BACKGROUND)
        over_time, by_topic = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        rounds = local_times(stats)
        for rtype in RoundType:
            points = [(when, score) for when, kind, score in rounds if kind is rtype]
            if points:
                over_time.plot(
                    [w for w, _ in points],
                    [s for _, s in points],
                    marker="o",
                    markersize=7,
                    linewidth=2.2,
                    label=rtype.label,
                    color=_COLOURS[rtype],
                )
        over_time.set_title("Scores over time", fontsize=TITLE_SIZE)
        over_time.set_ylim(0, 100)
        over_time.set_ylabel("score", fontsize=LABEL_SIZE)
        over_time.set_xlabel(f"day ({stats.timezone})", fontsize=LABEL_SIZE)
        days = AutoDateLocator(tz=ZoneInfo(stats.timezone), minticks=2, maxticks=6)
        over_time.xaxis.set_major_locator(days)
        over_time.xaxis.set_major_formatter(ConciseDateFormatter(days, tz=ZoneInfo(stats.timezone)))
        if rounds:
            legend = over_time.legend(loc="lower left", fontsize=TICK_SIZE, facecolor=BACKGROUND)
            legend.get_frame().set_edgecolor(GRID)
            for text in legend.get_texts():
                text.set_color(TEXT)
        topics = stats.summary.by_topic
        labels = [t.topic.replace("_", " ") for t in topics]
        by_topic.barh(labels, [t.average for t in topics], color=[_COLOURS[t.round_type] for t in topics])
        by_topic.set_xlim(0, 100)
        by_topic.set_title("Average score per topic", fontsize=TITLE_SIZE)
        by_topic.invert_yaxis()
        for ax in (over_time, by_topic):
            _dark(ax)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor=BACKGROUND)
    return buffer.getvalue()


_renderer: ProcessPoolExecutor | None = None


def _chart_process() -> ProcessPoolExecutor:
    global _renderer
    if _renderer is None:  # a fresh interpreter: no threads or sockets of the bot's inherited
        _renderer = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
    return _renderer


def _exit_with_parent(parent: int) -> None:
    """In the chart process: leave when the bot is gone. A killed bot (SIGKILL, power cut of
    the process) never shuts the pool down, and the renderer would otherwise live on."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


async def render_stats_chart(stats: StudyStats) -> bytes:
    """Render in a process of its own, started on first use. In a thread, matplotlib held the
    GIL the event loop needs for most of a 0.3 s render, and its modules and figures lengthened
    every full garbage collection of the bot (~60-75 ms pauses seen under load). A renderer
    that died (e.g. killed for memory) is replaced once."""
    global _renderer
    loop = asyncio.get_running_loop()
    try:
        try:
            return await loop.run_in_executor(_chart_process(), stats_chart_png, stats)
        except BrokenProcessPool:
            _renderer = None
            return await loop.run_in_executor(_chart_process(), stats_chart_png, stats)
    except (OSError, NotImplementedError) as exc:  # e.g. no /dev/shm for the pool's semaphores
        log.warning("charts cannot use a process of their own here (%s); drawing in a thread", exc)
        return await asyncio.to_thread(stats_chart_png, stats)


def close_renderer() -> None:
    """Stop the chart process (at shutdown)."""
    global _renderer
    if _renderer is not None:
        _renderer.shutdown(wait=True, cancel_futures=True)
        _renderer = None
