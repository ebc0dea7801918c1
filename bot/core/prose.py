"""Bank text reflowed for screens that keep every newline (Discord, a narrow terminal).

Bank files hard-wrap their paragraphs at ~100 columns, as Markdown sources do. Markdown joins
those lines; Discord does not, so a phone shows a sentence broken in the middle. `reflow` joins
the lines of each paragraph and of each list item, and keeps what a line break means: list
items, headings, tables, quotes, fenced code blocks (verbatim) and explicit hard breaks.
"""

from __future__ import annotations

import itertools
import re

_FENCE = re.compile(r"^\s*(```|~~~)")
_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+\S")
_KEEP_LINE = re.compile(r"^\s*(?:#{1,6}\s|\||>|<t:|\S+\s*\|)")  # headings, tables, quotes
_DASH_AS_ITEM = re.compile(r"^\s*-\s+(?=[a-z])")


def reflow(text: str) -> str:
    """Joins hard-wrapped lines into paragraphs; see the module docstring for what is kept."""
    out: list[str] = []
    in_fence = False
    joinable = False  # whether the last output line may take the next line's words
    previous_was_item = False
    lines = text.strip("\n").splitlines()
    for at, raw in enumerate(lines):
        line = raw.rstrip()
        after = lines[at + 1] if at + 1 < len(lines) else ""
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            joinable = previous_was_item = False
            continue
        if in_fence:
            out.append(raw)
            continue
        if not line.strip():
            out.append("")
            joinable = previous_was_item = False
            continue
        hard_break = raw.endswith("  ") or line.endswith("\\")
        dash_goes_on = (  # "…one\n- and stood by it" goes on with the sentence; "Options:\n- one" is a list
            joinable
            and not previous_was_item
            and _DASH_AS_ITEM.match(line) is not None
            and not out[-1].rstrip().endswith(":")
            and not _ITEM.match(after)
        )
        if _ITEM.match(line) and not dash_goes_on:
            out.append(line)
            joinable, previous_was_item = not hard_break, True
            continue
        if _KEEP_LINE.match(line):
            out.append(line)
            joinable = previous_was_item = False
            continue
        words = line.strip()
        if joinable and out:
            if _DASH_AS_ITEM.match(line):  # "…one\n- and stood by it": a dash, not a list
                words = "— " + words[1:].lstrip()
            out[-1] = f"{out[-1]} {words}"
        else:
            out.append(line.rstrip("\\").rstrip() if hard_break else line)
        joinable = not hard_break
    return "\n".join(out)


def broken_sentences(text: str) -> list[str]:
    """Lines of reflowed text that end mid-sentence while the next line goes on with it.

    The check behind the bank test "no rendered prompt breaks a sentence across lines".
    """
    found = []
    lines = text.splitlines()
    in_fence = False
    for here, after in itertools.pairwise(lines):
        if _FENCE.match(here):
            in_fence = not in_fence
            continue
        if in_fence or not here.strip() or not after.strip():
            continue
        if _FENCE.match(after) or _ITEM.match(after) or _KEEP_LINE.match(after) or _KEEP_LINE.match(here):
            continue
        found.append(here)
    return found
