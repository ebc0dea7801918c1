"""What a sandbox's processes use, read by the host from /proc (the fallback without a cgroup).

The tree under the bwrap process is found through `/proc/<pid>/task/<tid>/children`. CPU is
the sum of user+system time of every live process plus what each has collected from children
it reaped, so nothing is lost when a process exits between two samples. Memory is the sum of
resident sets (shared pages count once per process, so it errs on the high side).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True, slots=True)
class TreeUsage:
    cpu_seconds: float
    rss_bytes: int
    processes: int


def descendants(root: int) -> list[int]:
    """`root` and every process below it (live or zombie), parents first."""
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as handle:
                    queue.extend(int(child) for child in handle.read().split())
            except (OSError, ValueError):
                continue
    return found


def tree_usage(root: int) -> TreeUsage:
    ticks = rss_pages = count = 0
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # after the command name: state(0) ... utime(11) stime(12) cutime(13) cstime(14) ... rss(21)
        try:
            ticks += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
            rss_pages += int(fields[21])
        except (IndexError, ValueError):
            continue
        count += 1
    return TreeUsage(ticks / CLOCK_TICKS, rss_pages * PAGE_BYTES, count)
