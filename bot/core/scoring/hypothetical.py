"""Claims made inside a hypothesis, which the answer does not make.

A claim inside a hypothesis ("If you knew the older child is a boy, the answer becomes 1/2",
"Suppose the classes were balanced: then accuracy would do") is not made: the answer says when
it would hold. An "if" near the claim frames it only in a counterfactual sentence (would,
could, were, you, becomes); a rule stated with "if" ("if the scorer is down we let the
payment through", "label 1 if converted", "only works if") is a claim. Both the question's own
misconceptions and the phrase-matched judgement flags (judgement.py) waive such a hit.
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
