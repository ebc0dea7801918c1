"""Find the code in what a member sent: a fenced block, an attached file, or plain code."""

from __future__ import annotations

import re

_FENCE = re.compile(r"```[ \t]*(?:python|py|python3)?[ \t]*\n(.*?)```", re.S | re.I)


def extract_code(text: str) -> str | None:
    """The last fenced code block; else the text itself if it defines a function; else None."""
    blocks = _FENCE.findall(text or "")
    if blocks:
        return blocks[-1].strip("\n") + "\n"
    if re.search(r"^\s*def\s+\w+\s*\(", text or "", re.M):
        return text.strip("\n") + "\n"
    return None


def latest_code(parts: list[str]) -> str | None:
    """The most recent code among answer parts, newest last."""
    for text in reversed(parts):
        code = extract_code(text)
        if code is not None:
            return code
    return None
