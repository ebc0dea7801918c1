"""Runs INSIDE the sandbox (or on a remote engine): call the member's function on each input.

Standalone on purpose: standard library only and Python 3.8-compatible syntax, because the
source is handed verbatim to the sandbox's interpreter or sent to Piston/Judge0. It never sees
expected values. The job arrives on stdin (no file on disk).

Two roles, so that member code never holds the result channel:
- the supervisor (this process; PID 1 of the sandbox's pid namespace under bwrap, so member
  code cannot kill or stop it, and not dumpable, so /proc/1/fd and ptrace are closed to it)
  owns stdout, the only channel back to the host, and writes `@@judge {json}` lines to it;
- for every test it forks a worker that first points fds 1 and 2 at /dev/null and closes the
  channel, then runs the member's module and function and sends ONE JSON message back on a
  private pipe. The supervisor checks that message, stops the worker at the time limit,
  kills whatever the test left running, and reports the test under the id IT chose.
The host times every test itself; nothing here reports a duration.
"""

import io
import json
import math
import os
import resource
import select
import signal
import sys

MARK = "@@judge "
SOLUTION_FILE = "<solution>"
MAX_VALUE_JSON = 1_000_000
MAX_MESSAGE_BYTES = MAX_VALUE_JSON + 64 * 1024
MAX_VALUE_DEPTH = 100
TRACEBACK_LINES = 8


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


def emit(fd, **event):
    data = (MARK + json.dumps(event, allow_nan=True) + "\n").encode("utf-8", "replace")
    while data:
        written = os.write(fd, data)
        data = data[written:]


def clean_traceback(exc):
    """The last lines of the traceback, without harness frames or host paths."""
    import traceback  # only when something failed: it costs start-up time

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOLUTION_FILE]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    for frame in frames:
        lines.append(f'  File "solution.py", line {frame.lineno}, in {frame.name}\n')
        if frame.line:
            lines.append(f"    {frame.line.strip()}\n")
    lines.extend(traceback.format_exception_only(type(exc), exc))
    text = "".join(lines).rstrip().splitlines()
    return "\n".join(text[-TRACEBACK_LINES:])


def classify(exc):
    """(status, error text, exception type name) for an exception the member's code raised."""
    name = type(exc).__name__
    if isinstance(exc, MemoryError):
        return "memory", "ran out of memory (MemoryError)", name
    if isinstance(exc, SystemExit):
        return "error", "the code called exit() instead of returning a value", name
    if isinstance(exc, RecursionError):
        return "error", "RecursionError: maximum recursion depth exceeded", name
    try:
        return "error", clean_traceback(exc), name
    except BaseException:  # a hostile __str__ or a broken traceback: the type is enough
        return "error", name, name


def signature_problem(fn, name, args):
    if not callable(fn):
        return f"no function named `{name}` is defined (check the name)"
    code = getattr(fn, "__code__", None)
    if code is None or not isinstance(getattr(fn, "__defaults__", ()), (tuple, type(None))):
        return signature_problem_slow(fn, name, args)
    positional = code.co_argcount
    defaults = len(fn.__defaults__ or ())
    kw_defaults = fn.__kwdefaults__ or {}
    names = code.co_varnames
    kw_only = names[positional : positional + code.co_kwonlyargcount]
    takes_varargs = bool(code.co_flags & 0x04)
    required = positional - defaults
    ok = required <= len(args) and (takes_varargs or len(args) <= positional)
    if ok and all(k in kw_defaults for k in kw_only):
        return ""
    shown = ", ".join(names[:positional])
    return f"`{name}({shown})` cannot be called with {len(args)} positional argument(s)"


def signature_problem_slow(fn, name, args):
    """Callables that are not plain functions (classes, builtins, partials): ask inspect."""
    import inspect  # costs ~15 ms to import, so only for the unusual case

    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return ""
    try:
        sig.bind(*args)
    except TypeError:
        return f"`{name}{sig}` cannot be called with {len(args)} positional argument(s)"
    return ""


def too_deep(value, limit):
    """True if lists/dicts nest deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def encode_value(value):
    """The JSON text of a returned value, or (None, reason) when it cannot be compared."""
    try:
        if too_deep(value, MAX_VALUE_DEPTH):
            return None, f"the returned value is nested more than {MAX_VALUE_DEPTH} levels deep"
        text = json.dumps(value, allow_nan=True)
    except (TypeError, ValueError, RecursionError, MemoryError):
        return None, f"returned a {type(value).__name__}, which cannot be compared"
    if len(text) > MAX_VALUE_JSON:
        return None, "the returned value is too large to compare"
    return text, ""


# ---- worker (member code runs here, never in the supervisor) ---------------------------------


def worker(job, case, compiled, reply_fd, channel_fd, seconds):
    """Runs in the forked child: member code, then one message on `reply_fd`, then _exit."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    if channel_fd not in (0, 1, 2):
        os.close(channel_fd)
    cpu = max(1, math.ceil(seconds))
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    except (ValueError, OSError):
        pass
    for signum in (signal.SIGCHLD, signal.SIGALRM):
        signal.signal(signum, signal.SIG_DFL)
    capture = CappedWriter(int(job.get("stdout_cap", 2000)))
    sys.stdout = capture
    sys.stderr = CappedWriter(0)
    message = {"status": "ok"}
    try:
        namespace = {"__name__": "solution", "__builtins__": __builtins__}
        exec(compiled, namespace)
        fn = namespace.get(job["function"])
        problem = signature_problem(fn, job["function"], case["args"])
        if problem:
            message = {"setup": "wrong_signature", "error": problem}
        else:
            value = fn(*case["args"])
            text, reason = encode_value(value)
            message = {"status": "ok", "value_json": text} if text is not None else {"status": "error", "error": reason}
    except BaseException as exc:  # member code may raise anything at all
        try:
            status, error, name = classify(exc)
        except BaseException:
            status, error, name = "error", "an exception that could not be described", ""
        message = {"status": status, "error": error, "exc_type": name}
    try:
        message["stdout"] = capture.excerpt()
        data = json.dumps(message).encode("utf-8", "replace")
    except BaseException:
        data = b'{"status": "error", "error": "the result could not be sent"}'
    try:
        while data:
            data = data[os.write(reply_fd, data):]
    except OSError:
        pass
    os._exit(0)


# ---- supervisor -------------------------------------------------------------------------------


def not_dumpable():
    """Close /proc/<our pid>/fd, /proc/<our pid>/mem and ptrace to processes of the same uid."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass


def read_reply(fd, deadline_seconds):
    """Bytes from the worker until EOF, the cap, or the deadline; (data, timed_out)."""
    import time

    chunks, size = [], 0
    end = time.monotonic() + deadline_seconds
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            return b"".join(chunks), True
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return b"".join(chunks), True
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks), False
        size += len(chunk)
        if size > MAX_MESSAGE_BYTES:
            return b"", False
        chunks.append(chunk)


def clear_children(worker_pid, as_init):
    """Stop the worker and everything the test left running; reap them all. The worker's status."""
    status = None
    try:
        os.kill(worker_pid, signal.SIGKILL)
    except OSError:
        pass
    if as_init:
        try:
            os.kill(-1, signal.SIGKILL)  # from PID 1: every other process of the namespace
        except OSError:
            pass
    while True:
        try:
            pid, wait_status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid == worker_pid:
            status = wait_status
            if not as_init:
                break
    return status


def outcome_from(reply, timed_out, wait_status):
    """The supervisor's event fields for one test, from the worker's message and exit."""
    if timed_out:
        return {"status": "timeout", "error": "took longer than the time limit"}
    message = None
    if reply:
        try:
            message = json.loads(reply.decode("utf-8", "replace"))
        except (ValueError, RecursionError, MemoryError):
            message = None
    if isinstance(message, dict):
        if message.get("setup") == "wrong_signature":
            return {"setup": "wrong_signature", "error": str(message.get("error", ""))[:2000]}
        status = message.get("status")
        if status in ("ok", "error", "memory"):
            fields = {
                "status": status,
                "stdout": str(message.get("stdout", ""))[:4000],
                "error": str(message.get("error", ""))[:2000],
                "exc_type": str(message.get("exc_type", ""))[:100],
            }
            if status == "ok":
                text = message.get("value_json")
                try:
                    value = json.loads(text) if isinstance(text, str) else None
                except (ValueError, RecursionError, MemoryError):
                    return {"status": "error", "error": "the returned value could not be read"}
                if too_deep(value, MAX_VALUE_DEPTH):  # the worker is the member's: check again
                    return {"status": "error", "error": f"the returned value is nested more than {MAX_VALUE_DEPTH} levels deep"}
                fields["value"] = value
            return fields
    if wait_status is not None and os.WIFSIGNALED(wait_status):
        return {"status": "signal", "signal": os.WTERMSIG(wait_status)}
    return {"status": "crash", "error": "the test stopped without reporting a result"}


def main():
    channel = 1
    as_init = os.getpid() == 1
    # As PID 1 of the namespace a signal from member code is ignored unless we handle it: so
    # handle none (Python handles SIGINT by default).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    not_dumpable()
    try:
        raw = sys.stdin.buffer.read() if len(sys.argv) < 2 else open(sys.argv[1], "rb").read()
        job = json.loads(raw.decode("utf-8"))
        seconds = float(job["time_seconds"])  # CPU seconds per test (RLIMIT_CPU; the host measures)
        wall = float(job.get("wall_seconds", seconds))  # a test that waits is stopped here
        cases = job["cases"]
        code = job["code"]
        processes = int(job.get("max_processes", 0))
    except BaseException as exc:
        emit(channel, event="fatal", error=f"the job could not be read: {type(exc).__name__}")
        os._exit(0)
    if processes > 0:
        # Counted per user namespace: this sandbox's own processes only, not other sandboxes'.
        try:
            resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        except (ValueError, OSError):
            pass
    try:
        compiled = compile(code, SOLUTION_FILE, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        emit(
            channel,
            event="setup",
            problem="syntax_error",
            error=f"{type(exc).__name__}{where}: {getattr(exc, 'msg', exc)}",
        )
        os._exit(0)
    import linecache

    linecache.cache[SOLUTION_FILE] = (len(code), None, code.splitlines(True), SOLUTION_FILE)
    for case in cases:
        emit(channel, event="start", id=case["id"])
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            emit(channel, event="done", id=case["id"], status="crash", error="could not start the test")
            continue
        if pid == 0:
            os.close(read_fd)
            try:
                worker(job, case, compiled, write_fd, channel, seconds)
            finally:
                os._exit(0)
        os.close(write_fd)
        reply, timed_out = read_reply(read_fd, wall)
        os.close(read_fd)
        wait_status = clear_children(pid, as_init)
        fields = outcome_from(reply, timed_out, wait_status)
        if "setup" in fields:
            emit(channel, event="setup", problem=fields["setup"], error=fields["error"])
            os._exit(0)
        emit(channel, event="done", id=case["id"], **fields)
    emit(channel, event="end")
    os._exit(0)


if __name__ == "__main__":
    main()
