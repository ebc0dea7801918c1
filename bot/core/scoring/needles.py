"""Needles: literal strings one of which every match of a regex contains.

A plain substring test (`in`) rules a pattern out far faster than the regex engine can scan for
it, and most patterns (a judgement flag's wording, a misconception's regex) can match only a few
sentences of an answer. Read from the pattern by re's own parser, as re.compile reads it.
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any


def _needles(seq: Any, offers: list[frozenset[str]] | None = None) -> frozenset[str] | None:
    """Strings one of which every match of the parsed pattern `seq` contains (the most selective
    such set the pattern shows), or None when it shows none. A plain substring test (`in`) over
    the answer then rules a pattern out far faster than the regex engine can scan for it."""
    best: frozenset[str] | None = None

    def offer(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and all(found) and offers is not None:
            offers.append(found)  # each one offered is itself a necessary condition
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, av in seq:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: the literal run goes on across it
        offer(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _c.BRANCH:
            alternatives = [_needles(a) for a in av[1]]
            if all(alternatives):
                offer(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op is _c.SUBPATTERN:
            offer(_needles(av[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            offer(_needles(av[2]))
    offer(frozenset({"".join(run)}) if run else None)
    return best


@lru_cache(maxsize=4096)
def needles(pattern: str) -> frozenset[str] | None:
    """The needles of a pattern (re's own parser reads it, as re.compile does); None, so the
    pattern is always tried, if that private parser ever changes shape."""
    try:
        return _needles(_parser.parse(pattern))
    except Exception:  # a speed-up only: never a reason to miss a flag
        return None


def needle_sets(pattern: str) -> tuple[frozenset[str], ...]:
    """Every needle set the pattern shows in its top-level sequence ("(it|that)'s" shows
    {"it", "that"} and {"'s"}): a match holds one needle of each. () if there is none, or if
    re's private parser ever changes shape."""
    offers: list[frozenset[str]] = []
    try:
        _needles(_parser.parse(pattern), offers)
    except Exception:  # a speed-up only
        return ()
    return tuple(dict.fromkeys(offers))


_WORD_RUN = re.compile(r"\w+")
_WORDS_AFTER = 16  # needles a Haystack looks for by plain scans before it lists its word runs


class Haystack:
    """Texts (an answer's folded sentences) searched for needles all at once: which texts hold
    one of a pattern's needles, so the pattern need be tried on those only. One `str.find` pass
    over the joined texts per needle replaces a substring test per text."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.whole = "\n".join(texts)
        self.starts: list[int] = []
        at = 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + 1
        self._holding: dict[str, frozenset[int]] = {}
        self._scans = 0  # needles looked for in `whole` so far
        self._words: str | None = None  # the distinct word runs of `whole`, each on a line of its own

    def _may_hold(self, needle: str) -> bool:
        """False when `needle` cannot be in the texts, told from their distinct word runs (a fifth
        of `whole`'s length, in narrow characters): each word run of the needle lies inside one
        of theirs, and one that a non-word character of the needle bounds starts (ends) theirs.
        STAR's cues and red flags look for ~400 needles, most absent; a failing scan of `whole`
        costs ~10 µs, this ~1. Built once enough needles were looked for."""
        if self._words is None:
            if self._scans < _WORDS_AFTER:
                return True
            self._words = "\n" + "\n".join(dict.fromkeys(_WORD_RUN.findall(self.whole))) + "\n"
        for m in _WORD_RUN.finditer(needle):
            start, end = m.span()
            run = ("\n" if start else "") + m.group(0) + ("\n" if end < len(needle) else "")
            if run not in self._words:
                return False
        return True

    def holding(self, needle: str) -> frozenset[int]:
        """Indexes of the texts that hold `needle` (and, rarely, of one it straddles the end of)."""
        found = self._holding.get(needle)
        if found is None:
            self._scans += 1
            if not self._may_hold(needle):
                found = self._holding[needle] = frozenset()
                return found
            hits: set[int] = set()
            whole, starts = self.whole, self.starts
            at = whole.find(needle)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                hits.add(i)
                at = whole.find(needle, starts[i + 1]) if i + 1 < len(starts) else -1
            found = self._holding[needle] = frozenset(hits)
        return found

    def holding_any(self, found: frozenset[str]) -> frozenset[int]:
        """Indexes of the texts that hold one of the needles `found` (empty: none is anywhere)."""
        hits: frozenset[int] = frozenset()
        for needle in found:
            hits |= self.holding(needle)
        return hits

    def candidates(self, found: frozenset[str] | None) -> Iterable[int]:
        """The texts (in order) a pattern with needles `found` can match in: every one when the
        pattern has none."""
        if found is None:
            return range(len(self.texts))
        return sorted(self.holding_any(found))
