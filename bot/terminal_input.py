"""The terminal's input: lines from stdin, and Ctrl-C / SIGHUP / end of input as events.

Lines are read by a daemon thread with os.read on the raw descriptor, so a Ctrl-C never leaves
the process waiting for Enter (a thread blocked in input() kept asyncio.run from returning) and
no buffered-reader lock is held at exit. Signals arrive through the event loop, not as
KeyboardInterrupt in the middle of a database write.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import signal
import sys
import threading
from enum import Enum


class Signal(Enum):
    INTERRUPT = "interrupt"  # Ctrl-C
    HANGUP = "hangup"  # the terminal went away (SIGHUP, or reading it failed)
    EOF = "eof"  # Ctrl-D at the start of a line, or the end of piped input


Item = str | Signal


class TerminalInput:
    """`await get()` returns the next line (without its newline) or a Signal."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self.is_tty = os.isatty(self.fd)
        self._queue: asyncio.Queue[Item] = asyncio.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._signals: list[int] = []
        self._ended = False  # piped input ended: every later read is the end too

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        wanted = [(signal.SIGINT, Signal.INTERRUPT)]
        if hasattr(signal, "SIGHUP"):  # not on Windows
            wanted.append((signal.SIGHUP, Signal.HANGUP))
        for sig, item in wanted:
            try:
                self._loop.add_signal_handler(sig, self._queue.put_nowait, item)
                self._signals.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread (a test driving it in-process): signals stay default
        threading.Thread(target=self._read, name="mockloop-stdin", daemon=True).start()

    def stop(self) -> None:
        if self._loop is not None:
            for sig in self._signals:
                self._loop.remove_signal_handler(sig)
        self._signals.clear()

    def _put(self, item: Item) -> None:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # the loop is closed: the program is ending
            pass

    def _read(self) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pending = ""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except InterruptedError:
                continue
            except OSError:  # EIO: the terminal is gone
                self._put(Signal.HANGUP)
                return
            if not chunk:
                pending += decoder.decode(b"", final=True)
                if pending:
                    self._put(pending.removesuffix("\r"))
                self._put(Signal.EOF)
                if not self.is_tty:
                    return
                pending = ""
                continue  # a terminal may be read again after Ctrl-D
            pending += decoder.decode(chunk)
            *lines, pending = pending.split("\n")
            for line in lines:
                self._put(line.removesuffix("\r"))

    async def get(self) -> Item:
        if self._ended and self._queue.empty():
            return Signal.EOF
        item = await self._queue.get()
        if item is Signal.EOF and not self.is_tty:
            self._ended = True
        return item


class ScriptedInput:
    """Input for in-process tests: the given lines and signals, then EOF forever."""

    def __init__(self, items: list[Item], is_tty: bool = False) -> None:
        self.items = list(items)
        self.is_tty = is_tty

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    async def get(self) -> Item:
        await asyncio.sleep(0)
        return self.items.pop(0) if self.items else Signal.EOF
