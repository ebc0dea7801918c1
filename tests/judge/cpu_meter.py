"""PID 1 of a fresh pid namespace that runs a command and says how much CPU all of it used.

rusage cannot tell: a pid namespace torn down by a kill reaps its processes without adding
their time to anyone's. So every 20 ms this samples the user+system time of every process in
the namespace (all of them are below us) and keeps, per process, the last value seen; the sum
at the end is the CPU the command and everything it started used (less at most ~20 ms of
each process's last moments). Prints one JSON line after the command's output: {"cpu": s}.
"""

from __future__ import annotations

import json
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def sample(seen: dict[tuple[int, int], int]) -> None:
    for name in os.listdir("/proc"):
        if not name.isdigit() or name == "1":
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            seen[(int(name), int(fields[19]))] = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            continue


def main() -> int:
    assert os.getpid() == 1, "run me as `unshare --pid --fork --mount-proc python cpu_meter.py CMD...`"
    child = os.fork()
    if child == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    seen: dict[tuple[int, int], int] = {}
    status, deadline = 0, None
    while True:
        sample(seen)
        try:
            while (reaped := os.waitpid(-1, os.WNOHANG))[0] > 0:
                if reaped[0] == child:
                    status = os.waitstatus_to_exitcode(reaped[1])
                    deadline = time.monotonic() + 5  # leftovers of the command: let them end
        except ChildProcessError:
            break
        if deadline is not None and time.monotonic() > deadline:
            os.kill(-1, 9)
        time.sleep(0.02)
    print(json.dumps({"cpu": sum(seen.values()) / TICKS}), flush=True)
    return max(status, 0)


if __name__ == "__main__":
    sys.exit(main())
