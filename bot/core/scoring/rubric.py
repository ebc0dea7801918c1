"""Rubric coverage: which key points an answer makes, and the clause that makes each one.

Matching rules live in `matching.py` (negation, function words, confusable terms, code segments,
opposites); normalisation in `text.py`. A key point is made by the first sentence that expresses
any of its phrases or patterns; its evidence is the clause (or clauses) that did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.model_verdicts import CheckedReply
from bot.core.questions import KeyPoint
from bot.core.scoring.matching import AnswerIndex, compile_phrase, find_phrase, find_point
from bot.core.scoring.results import KeyPointResult
from bot.core.scoring.text import list_item_openers, normalise


@dataclass(frozen=True, slots=True)
class Coverage:
    points: list[KeyPointResult]
    share: float  # weighted share of the rubric that was hit, 0..1
    phrase_share: float = 0.0  # the same, counting only points a phrase made (not a bare regex)
    by_pattern: frozenset[str] = frozenset()  # ids of the points only a pattern made


def phrase_in_sentence(phrase: str, sentence: str) -> bool:
    """True when `sentence` expresses `phrase` (both raw text)."""
    return find_phrase(compile_phrase(phrase), AnswerIndex.build(sentence)) is not None


def match_key_point(key_point: KeyPoint, index: AnswerIndex) -> KeyPointResult:
    return _match(key_point, index)[0]


# A sentence that asks: a question mark, an asking verb, or a question word leading it ("1. how do
# you evaluate quality"); "evaluation sets built from real user queries" asks nothing.
_ASKS = re.compile(
    r"\?|\b(?:ask|asks|asked|asking|want to know|wanted to know|find out|found out|wonder|curious|whether)\b|"
    # a question word leading a question about them, not a heading ("How I built it", "Why I want to join")
    r"^[\W\d]*(?:(?:how|what|which|who|why|when|where)(?:'s)?(?!\s+(?:i|we|my|our)\b)(?:\s+\S+){0,2}?\s+(?:you|your|u|ur|the|they|this|that|there|it|its)"
    r"|is there|are there|do you|does|did you|can you|could you|would you|will you)\b"
)


def asks_only(key_point: KeyPoint) -> bool:
    """Is this a point made by asking ("Asks how the team evaluates quality")? In a behavioural
    answer it is made only in a sentence that asks, not by a statement on the same subject."""
    return key_point.point.startswith("Asks ")


def _not_asking(index: AnswerIndex) -> frozenset[int]:
    """The sentences that ask nothing. An item of a numbered or bulleted list in a list of questions
    is one of them, said in chat style ("5. monitoring w/ label lag: PSI, backtests")."""
    items = list_item_openers(index.text)
    return frozenset(s for s, folded in enumerate(index.folded) if s not in items and not _ASKS.search(folded))


def _match(
    key_point: KeyPoint, index: AnswerIndex, skip: frozenset[int] = frozenset()
) -> tuple[KeyPointResult, bool]:
    hit, by_phrase = find_point(key_point.phrases, key_point.patterns, index, skip=skip)
    if hit is None:
        return KeyPointResult(key_point.id, key_point.point, key_point.weight, False, None), False
    return KeyPointResult(key_point.id, key_point.point, key_point.weight, True, hit.evidence), by_phrase


def rubric_coverage(rubric: list[KeyPoint], answer: str | AnswerIndex, *, asked: bool = False) -> Coverage:
    """The key points `answer` makes. With `asked` (a behavioural question), a point made by
    asking is searched only in the sentences that ask (see `asks_only`)."""
    index = answer if isinstance(answer, AnswerIndex) else AnswerIndex.build(answer)
    statements = _not_asking(index) if asked and any(asks_only(kp) for kp in rubric) else frozenset()
    matched = [_match(kp, index, statements if asks_only(kp) else frozenset()) for kp in rubric]
    results = [r for r, _ in matched]
    total = sum(r.weight for r in results)
    hit = sum(r.weight for r in results if r.hit)
    by_phrase = sum(r.weight for r, phrase in matched if phrase)
    return Coverage(
        points=results,
        share=hit / total if total else 0.0,
        phrase_share=by_phrase / total if total else 0.0,
        by_pattern=frozenset(r.id for r, phrase in matched if r.hit and not phrase),
    )


def model_coverage(rubric: list[KeyPoint], reply: CheckedReply) -> Coverage:
    """Coverage decided by a checked model reply: each point earns the credit mockloop granted
    after checking the model's quote (made 1, partly 0.5, unverified or missed 0)."""
    results = []
    for kp in rubric:
        verdict = reply.key_points.get(kp.id)
        credit = verdict.credit if verdict is not None else 0.0
        quote = verdict.quote if verdict is not None and credit > 0 else None
        results.append(KeyPointResult(kp.id, kp.point, kp.weight, credit > 0, quote, credit, "llm"))
    total = sum(r.weight for r in results)
    share = sum(r.weight * r.earned for r in results) / total if total else 0.0
    return Coverage(points=results, share=share, phrase_share=share)


__all__ = [
    "Coverage",
    "match_key_point",
    "model_coverage",
    "normalise",
    "phrase_in_sentence",
    "rubric_coverage",
]
