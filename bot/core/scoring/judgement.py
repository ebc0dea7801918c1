"""Judgement red flags: what a behavioural story shows about how the speaker acts.

A polished story can still show the judgement an interviewer marks down hardest: hiding a
problem, pushing a launch through over objections or without checking, taking the credit, or
learning nothing. These flags hold for every behavioural question (each question's own
misconceptions add the ones particular to it). Each is read in the speaker's own voice ("I
shipped it anyway", not "the PM shipped it anyway"), and a denied or hypothetical mention ("I
did not keep it quiet", "if I had kept it quiet...") does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.scoring.matching import AnswerIndex

_ME = r"(?:i|we|i'd|we'd|i've|we've)"
_SOON = r"(?:\s+\w+){0,3}?"  # a few words between, as speech has ("I just quietly fixed")


@dataclass(frozen=True)
class JudgementFlag:
    id: str
    claim: str
    correction: str
    penalty: float
    patterns: tuple[str, ...]
    owned_is_lesson: bool = True  # waived when the story owns it as a mistake (see _OWNED)


FLAGS = (
    JudgementFlag(
        "hides-problems",
        "Hides a problem instead of raising it",
        "Say how you raised it: who you told, how fast, and what you did so it could not recur.",
        0.15,
        (
            rf"\b{_ME}{_SOON}\s+(?:didn't|did not|never|chose not to|decided not to)\s+"
            r"(?:tell|mention|flag|report|disclose|raise|bring up)\s+(?:it|this|that|anyone|anybody|"
            r"the (?:bug|issue|mistake|problem|error|incident|regression|leak|drop|gap))\b",
            r"\bkept (?:it|this|that|the \w+) (?:quiet|to myself|to ourselves|between us|under wraps|low[- ]key)\b",
            r"\bswept (?:it|this|that) under\b",
            rf"\b{_ME}{_SOON}\s+quietly\s+(?:fixed|patched|reverted|rolled|re-?ran|retrained|changed|swapped|deleted|removed)\b",
            r"\bso (?:no one|nobody|no-one|they|the \w+) would(?:n't| not)? (?:notice|know|find out|ask)\b",
            r"\b(?:no|didn't|did not|don't) need (?:to|for) (?:tell|mention|bother|loop in|escalate|inform|a postmortem|a post-mortem)\w*\b",
            r"\bwithout (?:telling|saying|mentioning|asking|flagging)\s+(?:anyone|anybody|anything|them|the|my|our)\b",
            r"\b(?:didn't|did not) want to (?:worry|alarm|bother|panic|scare|upset|make a (?:fuss|thing|big deal)|rock the boat)\b",
            r"\bno need to make (?:it|this|that) (?:a thing|a big deal|a fuss)\b",
            r"\bno point (?:in )?(?:updating|telling|raising|flagging|mentioning|worrying)\b",
            r"\bnever (?:came|come) up\b[^.]{0,40}\b(?:so|and) (?:i|we) (?:left|kept|moved on)\b",
        ),
    ),
    JudgementFlag(
        "overrides-checks",
        "Pushes ahead over objections or without checking",
        "Show how you weighed the concern: the evidence you gathered or the check you ran before deciding.",
        0.15,
        (
            rf"\b{_ME}{_SOON}\s+(?:shipped|launched|released|deployed|pushed|went ahead|rolled (?:it )?out|merged)\b[^.;]{{0,40}}\banyway\b",
            rf"\b{_ME}{_SOON}\s+(?:overrode|overruled|ignored|dismissed|brushed off|brushed aside)\s+"
            r"(?:them|him|her|their|his|the|those|all)\b",
            rf"\b{_ME}{_SOON}\s+skipped\s+(?:the\s+|an?\s+)?(?:review|reviews|a/b|ab test|test|tests|testing|experiment|canary|"
            r"validation|evaluation|offline eval|shadow|rollout plan|sign-off)\b",
            r"\b(?:no|didn't|did not) need (?:to|for) (?:an? )?(?:test|a/b|ab test|experiment|review|canary|validate|"
            r"validation|evaluate|evaluation|shadow)\w*\b",
            rf"\b{_ME}(?:\s+\w+)?\s+(?:didn't|did not|never)\s+(?:really\s+|even\s+)?(?:test|re-?test|check|re-?check|"
            r"validate|re-?validate|verify|measure|evaluate|compare|look at the (?:data|metrics|numbers))\w*\b",
            r"\bno (?:check|test|testing|comparison|validation|evaluation|review)s? (?:was |were )?(?:needed|required|necessary)\b",
            r"\bno need to (?:compare|check|measure|verify|test|validate|evaluate|re-?check)\b",
            r"\bnot worth (?:fighting|arguing|the fight|pushing back)\b",
            r"\b(?:trusted|went with|followed) my gut\b",
            r"\bi knew i was right\b",
            r"\bproved (?:them|him|her|everyone) wrong\b",
            r"\b(?:won|win) the argument\b",
        ),
    ),
    JudgementFlag(
        "takes-credit",
        "Takes the credit for a team's work",
        "Name what you did and what others did: interviewers trust a story that credits the team.",
        0.10,
        (
            r"\bsingle[- ]?handedly\b",
            r"\btook (?:all )?(?:the )?credit\b",
            r"\b(?:it|this|that) was all me\b",
            r"\ball (?:by )?myself\b[^.]{0,30}\b(?:while|and) (?:the|my|everyone|they)\b",
            r"\bcarried the (?:team|project)\b",
        ),
        owned_is_lesson=False,
    ),
    JudgementFlag(
        "learned-nothing",
        "Says there was nothing to learn or change",
        "Every story has a lesson: say what you would do differently and what you changed since.",
        0.10,
        (
            r"\bno regrets\b",
            r"\b(?:wouldn't|would not|won't) change (?:a thing|anything)\b",
            r"\bnothing (?:i|we) (?:would|could|'d) (?:do|have done|change) differently\b",
            r"\bnothing (?:really )?to learn\b",
            r"\b(?:didn't|did not) (?:really )?learn (?:much|anything)\b",
        ),
        owned_is_lesson=False,
    ),
)

_COMPILED = tuple((flag, tuple(re.compile(p) for p in flag.patterns)) for flag in FLAGS)
_DENIED_BEFORE = re.compile(
    r"\b(?:not|never|no|didn't|don't|won't|wouldn't|refused to|avoid(?:ed)?|instead of|rather than|"
    r"without)\s+(?:\w+\s+){0,2}$"
)
_HYPOTHETICAL_BEFORE = re.compile(r"\b(?:if|had i|had we|suppose|imagine|could have|would have|should have)\b[^.;]*$")


# A mistake the speaker owns is a lesson, not a red flag: a failure story tells what went wrong.
_OWNED = re.compile(
    r"\b(?:(?:was|is) (?:all )?on me|my (?:mistake|fault|call and it was wrong)|i should have|we should have|should've|in hindsight|"
    r"looking back|i was wrong|that was wrong|i regret|lesson|i learned|i learnt|i now always|never again|"
    r"i owned (?:it|up)|i own(?:ed)? that|i take responsibility|i took responsibility)\b"
)
OWNED_WINDOW = 2  # sentences after the one with the flag


def _counts(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[: match.start()]
    clause = re.split(r"[;:]|\bbut\b|\band\b|,", before)[-1]
    return not _DENIED_BEFORE.search(clause) and not _HYPOTHETICAL_BEFORE.search(before[-80:])


def _owned(index: AnswerIndex, s: int) -> bool:
    return any(_OWNED.search(f) for f in index.folded[s : s + 1 + OWNED_WINDOW])


def find_judgement_flags(index: AnswerIndex) -> list[tuple[JudgementFlag, str]]:
    """Each flag the story shows, with the sentence that shows it (at most one per flag)."""
    found = []
    for flag, patterns in _COMPILED:
        hit = next(
            (
                index.parsed[s].text
                for s, folded in enumerate(index.folded)
                for pattern in patterns
                for m in pattern.finditer(folded)
                if _counts(folded, m) and not (flag.owned_is_lesson and _owned(index, s))
            ),
            None,
        )
        if hit is not None:
            found.append((flag, hit))
    return found
