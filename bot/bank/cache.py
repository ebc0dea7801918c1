"""A cache of validated bank files, so a restart does not parse and check unchanged YAML again.

Parsing with line numbers, validating and running reference solutions costs seconds for a big
bank; the result for one file depends only on its text, its path and the loader's own code. So
the result is pickled under a key made of those (plus the Python and pydantic versions) in the
data folder, next to the database. Any change to a file, or to the schema or loader code, gives
a new key; a missing, stale or unreadable entry just means the file is loaded the slow way.
The folder is the bot's own (like the database), so loading pickles from it trusts nothing new.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

import pydantic

log = logging.getLogger(__name__)

STALE_TMP_SECONDS = 600  # a temp file this old belongs to a writer that was killed mid-write

_CODE = [Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "core" / "questions.py"]


@cache
def code_fingerprint() -> str:
    """Changes whenever the loader, the schema, Python or pydantic changes."""
    digest = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    for root in _CODE:
        for source in sorted(root.glob("*.py")) if root.is_dir() else [root]:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()


class BankCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def key(self, name: str, text: str, run_solutions: bool) -> str:
        digest = hashlib.sha256(f"{code_fingerprint()}|{run_solutions}|{name}\0".encode())
        digest.update(text.encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as fh:
                value = pickle.load(fh)  # our own data folder: see the module docstring
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # truncated or from an incompatible build: load the slow way
            log.info("bank cache entry %s unreadable; reloading that file", path.name)
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> bytes:
        """Store `value`; returns its pickle (a worker process sends that to the parent)."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._write(key, blob)
        return blob

    def _write(self, key: str, blob: bytes) -> None:
        """Atomic write (temp file + rename); a read-only or full disk only costs the cache."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except OSError as exc:
            log.info("bank cache not written (%s)", exc)

    def prune(self, keep: set[str], *, now: float | None = None) -> None:
        """Drop entries of files that changed or disappeared, and temp files a killed writer left
        (older than STALE_TMP_SECONDS, so another process's write in progress is not touched)."""
        now = time.time() if now is None else now
        try:
            for entry in self.folder.glob("*.pickle"):
                if entry.stem not in keep:
                    entry.unlink(missing_ok=True)
            for tmp in self.folder.glob("*.tmp"):
                with contextlib.suppress(OSError):
                    if now - tmp.stat().st_mtime > STALE_TMP_SECONDS:
                        tmp.unlink(missing_ok=True)
        except OSError:
            pass
