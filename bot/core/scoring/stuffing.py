"""Keyword-stuffing detection: an answer that lists rubric terms instead of explaining them.

Real explanations have sentences of some length with function words and verbs ("because",
"is", "so", "we"), while a stuffed answer is a pile of nouns, often repeated. The signals:
- function-word share of all words (prose sits around 35-50%, a keyword list under 20%),
- share of "sentences" that are fragments of three words or fewer,
- repetition: the same content word used again and again,
- rubric-term density: how much of the answer is made of rubric phrase words,
- list share: how much of the text sits in comma-separated runs of short fragments
  ("bayes, base rate, second test, ..."), which reads as a list even with "I" and "the" in it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.core.scoring.text import STOPWORDS, content_tokens, normalise, sentences, without_code, words

_EXTRA_FUNCTION = frozenset(
    """because since while although though therefore thus hence means mean get gets got make makes
    made use uses used need needs want give gives take takes would going let lets s t""".split()
)
FUNCTION_WORDS = STOPWORDS | _EXTRA_FUNCTION

MIN_WORDS = 4  # below this there is not enough text to judge
MIN_RUBRIC_DENSITY = 0.3  # stuffing means piling up *rubric* terms


@dataclass(frozen=True, slots=True)
class StuffingSignals:
    word_count: int
    function_share: float
    fragment_share: float
    repetition: float  # share of content words that repeat an earlier one
    rubric_density: float  # share of content words that come from rubric phrases
    list_share: float = 0.0  # share of words inside comma-separated runs of short fragments

    @property
    def stuffed(self) -> bool:
        if self.word_count < MIN_WORDS or self.rubric_density < MIN_RUBRIC_DENSITY:
            return False  # terse or off-topic answers are weak, but they are not keyword stuffing
        if self.function_share < 0.12:
            return True
        if self.list_share > 0.6 and self.rubric_density > 0.5:
            return True
        if self.rubric_density > 0.85 and self.word_count >= 8:
            return True
        # Dense expert notes also run low on function words (~0.2), but they come in full-length
        # sentences; a stuffed answer is fragments or comma lists.
        if self.function_share < 0.22 and (self.fragment_share > 0.5 or self.list_share > 0.4):
            return True
        return self.repetition > 0.5 and self.rubric_density > 0.4


def _is_fragment_list(sentence: str) -> bool:
    """Four or more comma/semicolon pieces, nearly all of them four words or fewer."""
    pieces = [p for p in re.split(r"[,;]", sentence) if p.strip()]
    short = sum(len(words(p)) <= 4 for p in pieces)
    return len(pieces) >= 4 and short >= 0.8 * len(pieces)


def stuffing_signals(answer: str, rubric_phrases: list[str]) -> StuffingSignals:
    """Signals computed on the prose only: code is meant to be terse and is not stuffing."""
    answer = without_code(answer)
    all_words = words(answer)
    if not all_words:
        return StuffingSignals(0, 0.0, 0.0, 0.0, 0.0)
    function_share = sum(w in FUNCTION_WORDS for w in all_words) / len(all_words)
    parts = sentences(answer)
    fragments = sum(len(words(p)) <= 3 for p in parts)
    content = content_tokens(normalise(answer))
    counts = Counter(content)
    repeats = sum(c - 1 for c in counts.values())
    rubric_vocab = {t for phrase in rubric_phrases for t in content_tokens(normalise(phrase))}
    in_rubric = sum(t in rubric_vocab for t in content)
    listed = sum(len(words(p)) for p in parts if _is_fragment_list(p))
    return StuffingSignals(
        list_share=listed / len(all_words),
        word_count=len(all_words),
        function_share=function_share,
        fragment_share=fragments / len(parts) if parts else 0.0,
        repetition=repeats / len(content) if content else 0.0,
        rubric_density=in_rubric / len(content) if content else 0.0,
    )


def looks_stuffed(answer: str, rubric_phrases: list[str]) -> bool:
    return stuffing_signals(answer, rubric_phrases).stuffed
