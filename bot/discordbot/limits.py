"""Discord's request limits, and splitting long text at natural boundaries instead of cutting it."""

from __future__ import annotations

CONTENT = 2000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
BUTTON_LABEL = 80
CUSTOM_ID = 100
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_VALUE = 4000
TEXT_DISPLAY = 4000  # a text display component's content
CHOICES = 25
CHOICE_NAME = 100


def split_text(text: str, limit: int) -> list[str]:
    """Split into chunks of at most `limit` characters: at blank lines, then lines, then spaces.

    Code fences are closed at the end of a chunk and reopened at the start of the next, so
    Markdown renders the same on both sides of the split. Nothing is dropped.
    """
    if limit < 20:
        raise ValueError("limit too small to split sensibly")
    chunks: list[str] = []
    rest = text
    fence_open: str | None = None
    while rest:
        prefix = f"{fence_open}\n" if fence_open else ""
        room = limit - len(prefix)
        if len(rest) <= room and not fence_open:
            chunks.append(rest)
            break
        if len(rest) <= room - 4 and fence_open:
            chunks.append(prefix + rest)
            break
        window = rest[: room - 4]  # keep space for a closing fence
        cut = _best_cut(window)
        piece, rest = rest[:cut], rest[cut:].lstrip("\n")
        body = prefix + piece
        fence_open = _open_fence_after(body, fence_open is not None, fence_open)
        if fence_open:
            body = body.rstrip("\n") + "\n```"
        chunks.append(body)
    return [c for c in chunks if c.strip()] or [""]


def _best_cut(window: str) -> int:
    for sep in ("\n\n", "\n", ". ", " "):
        at = window.rfind(sep)
        if at > len(window) // 3:
            return at + len(sep)
    return len(window)


def _open_fence_after(body: str, started_open: bool, current: str | None) -> str | None:
    """Return the fence opener (e.g. ```python) still open at the end of body, else None."""
    state = current if started_open else None
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            state = None if state else (stripped if len(stripped) > 3 else "```")
    return state


def shorten_keeping_lines(text: str, limit: int) -> str:
    """Like `shorten`, for a block of text: its line breaks are kept, the cut ends at a whole
    word with a visible ellipsis, and a code fence left open is closed."""
    if len(text) <= limit:
        return text
    head = text[: limit - 5]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > limit // 2:
        head = head[:space]
    head = head.rstrip() + "…"
    if _open_fence_after(head, False, None):
        head += "\n```"
    return head


def shorten(text: str, limit: int) -> str:
    """For labels and quotes only (never for the member's or question's main text): visible ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    space = head.rfind(" ")
    if space > limit // 2 and not text[limit - 1].isspace():  # never cut a word in half
        head = head[:space]
    return head.rstrip(" ,;:") + "…"
