"""Claims made inside a hypothesis or a rebuttal, which the answer does not make.

A claim inside a hypothesis ("If you knew the older child is a boy, the answer becomes 1/2",
"Suppose the classes were balanced: then accuracy would do") is not made: the answer says when
it would hold. An "if" near the claim frames it only in a counterfactual sentence (would,
could, were, you, becomes); a rule stated with "if" ("if the scorer is down we let the
payment through", "label 1 if converted", "only works if") is a claim. Both the question's own
misconceptions and the phrase-matched judgement flags (judgement.py) waive such a hit.

A paragraph that opens "Why not 1/2:" (or "Why not (b)?") explains a rejected answer: what it
says there is the case against, not the answer's claim ("Why not 1/2: that answers a different
question. There the other child is independent and the answer is 1/2.").
"""

from __future__ import annotations

import re

from bot.core.scoring.matching import AnswerIndex, Hit
from bot.core.scoring.text import fold

_HYPOTHETICAL = re.compile(r"(?:^|[;:,.(]\s*|\s)(?:if|unless)\b")
_SUPPOSE = re.compile(r"\b(?:suppose|supposing|imagine|hypothetically)\b")
_COUNTERFACTUAL = re.compile(
    r"\b(?:would|could|might|were|wouldn't|couldn't|you|becomes?|then you)\b"
    r"|\w'd\b(?!\s+(?:argue|say|guess|bet|add|note|admit)\b)"  # "which I'd argue" hedges, it supposes nothing
)


def hypothetical(hit: Hit, index: AnswerIndex) -> bool:
    """Is the hit said inside a hypothesis rather than as a claim?"""
    sentence = fold(index.parsed[hit.sentence].text)
    end = sentence.find(fold(hit.evidence)[-20:])
    prefix = sentence if end < 0 else sentence[: end + 20]
    if _SUPPOSE.search(prefix):
        return True
    return bool(_HYPOTHETICAL.search(prefix)) and bool(_COUNTERFACTUAL.search(sentence))


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_REBUTTAL_OPENING = re.compile(r"^[\s>*_#-]*why not\b[^\n]{0,60}?[:?]", re.IGNORECASE)


def rebutted(hit: Hit, index: AnswerIndex) -> bool:
    """Is the hit said in a paragraph that argues against an answer ("Why not 1/2: ...")?"""
    if "why not" not in index.whole_folded:
        return False
    sentence = index.parsed[hit.sentence].text
    at = index.text.find(sentence[:60])
    if at < 0:
        return False
    starts = [m.end() for m in _PARAGRAPH_BREAK.finditer(index.text, 0, at)]
    paragraph = index.text[starts[-1] if starts else 0 : at + len(sentence)]
    return bool(_REBUTTAL_OPENING.match(paragraph))
