"""Find the code in what a member sent: a fenced block, an attached file, or plain code."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```[ \t]*(?:python|py|python3)?[ \t]*\n(.*?)```", re.S | re.I)


_CODE_START = re.compile(r"^(import |from \S+ import |def |class |@)")
MAX_SCAN_LINES = 400


def extract_code(text: str) -> str | None:
    """The last fenced code block; else the longest run of lines that compiles and defines a
    function (so prose before or after unfenced code is left out); else None."""
    blocks = _FENCE.findall(text or "")
    if blocks:
        return blocks[-1].strip("\n") + "\n"
    lines = (text or "").splitlines()[:MAX_SCAN_LINES]
    starts = [i for i, line in enumerate(lines) if _CODE_START.match(line)]
    for start in starts:
        for end in range(len(lines), start, -1):
            chunk = "\n".join(lines[start:end]).strip("\n") + "\n"
            if re.search(r"^def\s+\w+\s*\(", chunk, re.M) and _compiles(chunk):
                return chunk
    return None


def _compiles(source: str) -> bool:
    """Parse only; nothing is executed here."""
    try:
        compile(source, "<answer>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def latest_code(parts: list[str]) -> str | None:
    """The most recent code among answer parts, newest last."""
    for text in reversed(parts):
        code = extract_code(text)
        if code is not None:
            return code
    return None
