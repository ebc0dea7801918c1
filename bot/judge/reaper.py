"""No zombies, whether or not the bot is PID 1.

The sandbox itself leaves no orphan (its harness runs `--as-pid-1`, so bwrap reaps the
namespace's init before it exits). But a process that is PID 1 of a container inherits every
orphan of the container and must reap them, which a Python program does not do by itself.
`become_init_if_pid1()`, called first thing at start, handles that the way tini does: when we
are PID 1 we fork; the parent stays PID 1 as a tiny init that forwards signals to the bot and
reaps every child, and the bot carries on in the child, with nothing of its own to reap.
The Docker image also starts under tini; this is for `docker run` without it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

PR_SET_CHILD_SUBREAPER = 36
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
_state = {"reaping": False}


def reaping() -> bool:
    """True when orphans of this process are reaped (by our init parent, or because we are not PID 1)."""
    return _state["reaping"] or os.getpid() != 1


def set_subreaper() -> bool:
    """Mark this process a child subreaper (orphans below it come to it, not to the host's init)."""
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    return False


def become_init_if_pid1() -> None:
    """When PID 1, split into a reaping init (this process) and the bot (a child); else nothing."""
    if os.getpid() != 1:
        return
    child = os.fork()
    if child == 0:
        _state["reaping"] = True  # our parent, PID 1, reaps everything
        return
    os._exit(_init_loop(child))


def _init_loop(child: int) -> int:
    """Forward signals to `child`, reap every process that ends, exit as the child did."""
    for signum in FORWARDED:
        signal.signal(signum, lambda sig, _frame: _forward(child, sig))
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 1
        except InterruptedError:
            continue
        if pid == child:
            if os.WIFSIGNALED(status):
                return 128 + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


def _forward(child: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child, signum)
