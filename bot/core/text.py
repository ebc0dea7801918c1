"""Text checks shared by every front end."""

from __future__ import annotations

import unicodedata

# Format characters (zero-width space/joiners, word joiner, BOM, direction marks) render as nothing.
_INVISIBLE_CATEGORIES = {"Cf", "Zs", "Zl", "Zp", "Cc"}


def has_visible_text(text: str) -> bool:
    """True when `text` shows at least one character (not only spaces or zero-width marks)."""
    return any(unicodedata.category(ch) not in _INVISIBLE_CATEGORIES for ch in text)
