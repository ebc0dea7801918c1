"""The /stats chart: scores over time per round type, and average score per topic.

matplotlib (the optional `charts` extra) with the Agg backend; rendering is CPU work, so callers
on the event loop use `render_stats_chart`, which runs it in a worker thread.
"""

from __future__ import annotations

import asyncio
import io
import threading
from datetime import UTC, datetime

from bot.core.models import RoundType
from bot.study import StudyStats

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


async def render_stats_chart(stats: StudyStats) -> bytes:
    """Render off the event loop so the bot keeps answering while matplotlib works."""
    return await asyncio.to_thread(stats_chart_png, stats)
