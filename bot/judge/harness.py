"""Runs INSIDE the sandbox (or on a remote engine): call the member's function on each input.

Standalone on purpose: standard library only and Python 3.8-compatible syntax, because the
file is copied verbatim into the sandbox or sent to Piston/Judge0. It never sees expected
values. Results go to the original stdout as `@@judge {json}` lines; the member's own prints
are captured per case and file-descriptor writes go to /dev/null, so they cannot drown them.
"""

import inspect
import io
import json
import os
import signal
import sys
import time
import traceback

MARK = "@@judge "
SOLUTION_FILE = "<solution>"
MAX_VALUE_JSON = 1_000_000
TRACEBACK_LINES = 8


class CaseTimeout(BaseException):
    """A BaseException so that `except Exception:` in member code does not swallow it."""


class CappedWriter(io.TextIOBase):
    """Keeps the first `cap` characters written; counts but drops the rest."""

    def __init__(self, cap):
        self.cap = cap
        self.parts = []
        self.kept = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.cap - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(room, len(text))
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def excerpt(self):
        out = "".join(self.parts)
        if self.dropped:
            out += f"\n... [{self.dropped} more characters not shown]"
        return out


class Reporter:
    def __init__(self, fd):
        self.fd = fd
        self.pid = os.getpid()

    def emit(self, **event):
        if os.getpid() != self.pid:  # a forked child of member code must not report
            os._exit(0)
        data = (MARK + json.dumps(event, allow_nan=True) + "\n").encode("utf-8", "replace")
        while data:
            written = os.write(self.fd, data)
            data = data[written:]


def clean_traceback(exc):
    """The last lines of the traceback, without harness frames or host paths."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOLUTION_FILE]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    for frame in frames:
        lines.append(f'  File "solution.py", line {frame.lineno}, in {frame.name}\n')
        if frame.line:
            lines.append(f"    {frame.line.strip()}\n")
    lines.extend(traceback.format_exception_only(type(exc), exc))
    text = "".join(lines).rstrip().splitlines()
    return "\n".join(text[-TRACEBACK_LINES:])


def on_alarm(signum, frame):
    raise CaseTimeout()


def classify(exc):
    if isinstance(exc, CaseTimeout):
        return "timeout", "took longer than the time limit"
    if isinstance(exc, MemoryError):
        return "memory", "ran out of memory (MemoryError)"
    if isinstance(exc, SystemExit):
        return "error", "the code called exit() instead of returning a value"
    if isinstance(exc, RecursionError):
        return "error", "RecursionError: maximum recursion depth exceeded"
    return "error", clean_traceback(exc)


def run_guarded(action, seconds, capture):
    """Run `action()` with stdout captured and a wall-clock alarm; return (status, value, error)."""
    saved = sys.stdout
    sys.stdout = capture
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return "ok", action(), ""
    except BaseException as exc:  # member code may raise anything at all
        status, error = classify(exc)
        return status, None, error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout = saved


def signature_problem(fn, name, args):
    if not callable(fn):
        return f"no function named `{name}` is defined (check the name)"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ""
    try:
        sig.bind(*args)
    except TypeError:
        return f"`{name}{sig}` cannot be called with {len(args)} positional argument(s)"
    return ""


def main():
    if len(sys.argv) > 1:
        with open(sys.argv[1], encoding="utf-8") as handle:
            job = json.load(handle)
    else:
        job = json.loads(sys.stdin.read())
    reporter = Reporter(os.dup(1))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes raise instead of killing us
    signal.signal(signal.SIGALRM, on_alarm)

    seconds = float(job["time_seconds"])
    cap = int(job.get("stdout_cap", 2000))
    cases = job["cases"]
    try:
        compiled = compile(job["code"], SOLUTION_FILE, "exec")
    except (SyntaxError, ValueError) as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        reporter.emit(
            event="setup",
            problem="syntax_error",
            error=f"{type(exc).__name__}{where}: {getattr(exc, 'msg', exc)}",
        )
        os._exit(0)

    namespace = {"__name__": "solution", "__builtins__": __builtins__}
    linecache_fill(job["code"])
    capture = CappedWriter(cap)
    status, _, error = run_guarded(lambda: exec(compiled, namespace), seconds, capture)
    if status != "ok":
        for case in cases:
            reporter.emit(
                event="done",
                id=case["id"],
                status=status,
                value=None,
                stdout=capture.excerpt(),
                error=error,
                elapsed=0.0,
            )
        reporter.emit(event="end")
        os._exit(0)

    fn = namespace.get(job["function"])
    problem = signature_problem(fn, job["function"], cases[0]["args"] if cases else [])
    if problem:
        reporter.emit(event="setup", problem="wrong_signature", error=problem)
        os._exit(0)

    for case in cases:
        reporter.emit(event="start", id=case["id"])
        capture = CappedWriter(cap)
        args = case["args"]
        started = time.perf_counter()
        status, value, error = run_guarded(lambda: fn(*args), seconds, capture)  # noqa: B023
        elapsed = time.perf_counter() - started
        encoded = None
        if status == "ok":
            try:
                encoded = json.loads(json.dumps(value, allow_nan=True))
                if len(json.dumps(encoded)) > MAX_VALUE_JSON:
                    status, encoded, error = "error", None, "the returned value is too large to compare"
            except (TypeError, ValueError, RecursionError):
                status, error = "error", f"returned a {type(value).__name__}, which cannot be compared"
        reporter.emit(
            event="done",
            id=case["id"],
            status=status,
            value=encoded,
            stdout=capture.excerpt(),
            error=error,
            elapsed=round(elapsed, 4),
        )
    reporter.emit(event="end")
    os._exit(0)  # skip atexit hooks and lingering threads the member code may have left


def linecache_fill(code):
    """Let tracebacks quote the member's source lines."""
    import linecache

    linecache.cache[SOLUTION_FILE] = (len(code), None, code.splitlines(True), SOLUTION_FILE)


if __name__ == "__main__":
    main()
