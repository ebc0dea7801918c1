"""Child process that runs reference solutions of `code` questions (stdlib only, run with -I).

Reads a JSON list of jobs on stdin, writes a JSON list of results on stdout. Each case gets its
own SIGALRM deadline so one endless loop fails that case instead of the whole batch.
"""

from __future__ import annotations

import copy
import io
import json
import signal
import sys
import time
import traceback
from typing import Any


class _CaseTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CaseTimeout


def _last_line(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1]


def run_job(job: dict[str, Any]) -> dict[str, Any]:
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
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, case_limit + 0.5)
        try:
            result["value"] = function(*args)
        except _CaseTimeout:
            result["error"] = f"did not finish within {case_limit:g} s"
        except BaseException as exc:
            result["error"] = f"raised {_last_line(exc)}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        result["seconds"] = time.perf_counter() - start
        cases.append(result)
    return {"qid": job["qid"], "error": None, "cases": cases}


def main() -> None:
    jobs = json.load(sys.stdin)
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()  # solutions that print must not corrupt our JSON
    signal.signal(signal.SIGALRM, _on_alarm)
    results = [run_job(job) for job in jobs]
    sys.stdout = real_stdout
    json.dump(results, real_stdout, default=repr)


if __name__ == "__main__":
    main()
