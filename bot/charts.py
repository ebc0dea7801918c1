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
from datetime import UTC, datetime

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


def stats_chart_png(stats: StudyStats) -> bytes:
    """Render the chart to PNG bytes (blocking)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartsUnavailable("Charts need matplotlib: pip install 'mockloop[charts]'.") from None
    with _LOCK:
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        over_time, by_topic = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
        for rtype in RoundType:
            points = [(when, score) for when, kind, score in stats.rounds_over_time if kind is rtype]
            if points:
                xs = [datetime.fromtimestamp(when, UTC) for when, _ in points]
                over_time.plot(
                    xs, [s for _, s in points], marker="o", label=rtype.label, color=_COLOURS[rtype]
                )
        over_time.set_title("Scores over time")
        over_time.set_ylim(0, 100)
        over_time.set_ylabel("score")
        if stats.rounds_over_time:
            over_time.legend(loc="lower left", fontsize="small")
        fig.autofmt_xdate()
        topics = stats.summary.by_topic
        labels = [t.topic.replace("_", " ") for t in topics]
        by_topic.barh(labels, [t.average for t in topics], color=[_COLOURS[t.round_type] for t in topics])
        by_topic.set_xlim(0, 100)
        by_topic.set_title("Average score per topic")
        by_topic.invert_yaxis()
        by_topic.tick_params(axis="y", labelsize="small")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
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
