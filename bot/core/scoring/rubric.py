"""Rubric coverage: which key points an answer makes, and the sentence that makes each one.

A phrase is found in a sentence when, after normalisation (see `text.py`), either
- the phrase appears almost verbatim (rapidfuzz `partial_ratio` >= PHRASE_THRESHOLD), or
- every content word of the phrase appears in the sentence, each allowing a typo or a longer form
  ("max" ~ "maximum"), which catches reordered paraphrases. A typo is one edit (two for long
  words); longer forms must start with the phrase word.
Very short phrases (one token under 4 letters, like "auc") must appear as a whole token.
Regex `patterns` run on the folded (lower-cased) original sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from bot.core.questions import KeyPoint
from bot.core.scoring.results import KeyPointResult
from bot.core.scoring.text import content_tokens, fold, normalise, sentences

PHRASE_THRESHOLD = 88.0
MIN_PARTIAL_LENGTH = 6  # shorter normalised phrases are matched token by token only


@dataclass(frozen=True, slots=True)
class Coverage:
    points: list[KeyPointResult]
    share: float  # weighted share of the rubric that was hit, 0..1


def _typos_allowed(word: str) -> int:
    return 1 if len(word) < 10 else 2


def _token_present(wanted: str, available: list[str]) -> bool:
    for token in available:
        if token == wanted:
            return True
        if len(wanted) >= 3 and token.startswith(wanted) and len(token) - len(wanted) <= 5:
            return True
        if len(wanted) >= 5 and OSA.distance(wanted, token) <= _typos_allowed(wanted):
            return True
    return False


def phrase_in_sentence(phrase_norm: str, sentence_norm: str) -> bool:
    """True when a normalised phrase is expressed by a normalised sentence."""
    if not phrase_norm or not sentence_norm:
        return False
    sentence_tokens = sentence_norm.split()
    if f" {phrase_norm} " in f" {sentence_norm} ":
        return True
    wanted = content_tokens(phrase_norm) or phrase_norm.split()
    if len(wanted) == 1 and len(wanted[0]) < 4:
        return wanted[0] in sentence_tokens
    long_enough = len(phrase_norm) >= MIN_PARTIAL_LENGTH and len(sentence_norm) >= len(phrase_norm)
    if long_enough and fuzz.partial_ratio(phrase_norm, sentence_norm) >= PHRASE_THRESHOLD:
        # partial_ratio can align across a word boundary ("normal distribution" ~ "normaliz"); also
        # insist that the phrase's content words are at least loosely there.
        if fuzz.token_set_ratio(phrase_norm, sentence_norm) >= 60 or len(wanted) == 1:
            return True
    available = content_tokens(sentence_norm) or sentence_tokens
    return all(_token_present(w, available) for w in wanted)


def _pattern_hits(patterns: list[str], folded_sentence: str) -> bool:
    return any(re.search(p, folded_sentence, flags=re.IGNORECASE) for p in patterns)


def match_key_point(key_point: KeyPoint, answer_sentences: list[str]) -> KeyPointResult:
    phrases = [normalise(p) for p in key_point.phrases]
    for sentence in answer_sentences:
        sentence_norm = normalise(sentence)
        if any(phrase_in_sentence(p, sentence_norm) for p in phrases) or _pattern_hits(
            key_point.patterns, fold(sentence)
        ):
            return KeyPointResult(key_point.id, key_point.point, key_point.weight, True, sentence)
    return KeyPointResult(key_point.id, key_point.point, key_point.weight, False, None)


def rubric_coverage(rubric: list[KeyPoint], answer: str) -> Coverage:
    answer_sentences = sentences(answer)
    results = [match_key_point(kp, answer_sentences) for kp in rubric]
    total = sum(r.weight for r in results)
    hit = sum(r.weight for r in results if r.hit)
    return Coverage(points=results, share=hit / total if total else 0.0)
