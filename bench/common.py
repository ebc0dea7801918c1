"""Helpers every benchmark shares: percentiles, one table style, and the machine it ran on."""

from __future__ import annotations

import gc
import os
import platform
import sqlite3
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (p in 0..1)."""
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def summary(samples: Sequence[float]) -> tuple[float, float, float, float]:
    """(median, p95, p99, max)."""
    ordered = sorted(samples)
    return statistics.median(ordered), percentile(ordered, 0.95), percentile(ordered, 0.99), ordered[-1]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1e6
    except OSError:
        pass
    return None


def machine_line() -> str:
    ram = memory_gb()
    return (
        f"machine: {platform.platform()} · {cpu_model()} · {os.cpu_count()} CPUs"
        + (f" · {ram:.1f} GB RAM" if ram else "")
        + f" · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version}"
    )


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process now, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def print_table(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    unit: str = "ms",
    baseline: str | None = None,
    width: int = 40,
) -> None:
    """One row per measurement: n, median, p95, p99, max, and median / the baseline row's median."""
    base = next((statistics.median(s) for name, s in rows if name == baseline), None)
    ratio_head = f"{'× base':>8}" if base else ""
    print(
        f"{'measurement':{width}} {'n':>6} {'median':>8} {'p95':>8} {'p99':>8} {'max':>8}{ratio_head}   ({unit})"
    )
    for name, samples in rows:
        if not samples:
            print(f"{name:{width}} {0:>6} {'–':>8}")
            continue
        med, p95, p99, worst = summary(samples)
        ratio = f"{med / base:8.1f}" if base else ""
        print(f"{name:{width}} {len(samples):>6} {med:8.2f} {p95:8.2f} {p99:8.2f} {worst:8.2f}{ratio}")


@contextmanager
def measuring_process_gc_off() -> Iterator[None]:
    """No cyclic-GC pauses in the measuring process (the fake Discord and the load driver) while
    it times another process: its heap grows with every interaction it records, and a full
    collection of it paused the fake for up to 350 ms, which showed up as the bot's latency."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
