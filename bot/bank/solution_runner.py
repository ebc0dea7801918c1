"""Child process that runs reference solutions of `code` questions (stdlib only, run with -I).

Reads a JSON list of jobs on stdin, writes a JSON list of results on stdout. Each case is timed
in CPU seconds (see `run_job`) and gets its own deadlines, so one endless loop fails that case
instead of the whole batch. It exits when the process that started it dies (`die_with_parent`).
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import io
import json
import os
import signal
import sys
import threading
import time
import traceback
from typing import Any

PR_SET_PDEATHSIG = 1
# A case may take this many times its limit in wall-clock time before it is stopped: its CPU
# deadline is what counts, this only catches a solution that waits (sleeps, blocks) forever.
WALL_FACTOR = 5.0


class _CaseTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CaseTimeout


def die_with_parent(parent: int) -> None:
    """End this process when `parent` (the process that started it) dies, however it dies.

    A SIGKILLed bot runs no clean-up, so its bank-loading workers and solution checkers would
    otherwise live on as orphans (parent PID 1), busy with work nobody waits for. On Linux the
    kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG, which also covers this child's
    own children through theirs); elsewhere a thread polls getppid(). If the parent is already
    gone by the time this runs, exit at once."""
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:
        os._exit(1)
    if armed:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def _last_line(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1]


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Run one question's solution on each of its cases.

    A case's `seconds` is the CPU time the solution used (user + system, this process only),
    and its deadline is a CPU deadline (ITIMER_PROF). Wall-clock time measures the host as much
    as the solution: on a busy machine references that need about 0.1 s of CPU here
    (moving-median, lru-cache big-churn) took over 1 s and failed validation. CPU time is what
    the solution itself costs, so the limit keeps its meaning
    (an algorithm too slow for the input still fails, on any host). A wall-clock deadline of
    WALL_FACTOR times the limit stays as a backstop for a solution that waits instead of
    computing."""
    namespace: dict[str, Any] = {"__name__": "reference_solution"}
    try:
        exec(compile(job["solution"], "<solution>", "exec"), namespace)
    except BaseException as exc:
        return {"qid": job["qid"], "error": f"the solution does not run: {_last_line(exc)}", "cases": []}
    function = namespace.get(job["function"])
    if not callable(function):
        return {
            "qid": job["qid"],
            "error": f"the solution defines no function '{job['function']}'",
            "cases": [],
        }
    limit = float(job["time_seconds"])
    cases = []
    for case in job["cases"]:
        if "skipped" in case:  # a generated input that could not be made: the reason comes back
            cases.append({"id": case["id"], "skipped": case["skipped"]})
            continue
        result: dict[str, Any] = {"id": case["id"]}
        case_limit = float(case.get("time_seconds", limit))  # generated cases have their own
        args = copy.deepcopy(case["args"])  # outside the timing: big generated inputs copy slowly
        start, wall_start = time.process_time(), time.perf_counter()
        signal.setitimer(signal.ITIMER_PROF, case_limit + 0.5)
        signal.setitimer(signal.ITIMER_REAL, WALL_FACTOR * (case_limit + 0.5))
        try:
            result["value"] = function(*args)
        except _CaseTimeout:
            result["error"] = f"did not finish within {case_limit:g} s"
        except BaseException as exc:
            result["error"] = f"raised {_last_line(exc)}"
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
        result["seconds"] = time.process_time() - start
        result["wall_seconds"] = time.perf_counter() - wall_start
        cases.append(result)
    return {"qid": job["qid"], "error": None, "cases": cases}


def main() -> None:
    if len(sys.argv) > 1:  # the pid of the process that started us
        die_with_parent(int(sys.argv[1]))
    jobs = json.load(sys.stdin)
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()  # solutions that print must not corrupt our JSON
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGPROF, _on_alarm)
    results = [run_job(job) for job in jobs]
    sys.stdout = real_stdout
    json.dump(results, real_stdout, default=repr)


if __name__ == "__main__":
    main()
