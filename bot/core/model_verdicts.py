"""A model grader's reply, read and checked: mockloop never takes the model's word for it.

The model (any OpenAI-compatible endpoint, see bot/llm/) answers with a JSON object:
`{"key_points": [{"id", "verdict": made|partly|missed, "quote"}], "misconceptions": [{"id", "quote"}],
"follow_up": "..."}`. This module decides what of it counts:
- a verdict counts only when its quote occurs in the answer (after case, quote-mark and whitespace
  folding) and shares content with the key point (its text, phrases or the reference answer);
- "partly" earns half the weight, "made" all of it; unknown ids are ignored;
- a misconception counts only when its quote is in the answer and shares content with the claim;
- the score itself is never the model's: callers feed the checked credits into mockloop's formula.
An answer that tries to instruct the grader is noted; it cannot gain anything, since only quotes
that are really in the answer and really about a key point earn credit.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.core.questions import Question

VERDICT_CREDIT = {"made": 1.0, "partly": 0.5, "missed": 0.0}
MIN_QUOTE_CHARS = 6
MAX_FOLLOW_UP_CHARS = 400

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "`": "'"})
_WORD = re.compile(r"[a-z0-9][a-z0-9+\-_.]*")
_STOP = frozenset(
    "a an and are as at be but by can do does for from has have how i if in into is it its of on or our "
    "so than that the their then there these they this to was we were what when which while will with "
    "would you your".split()
)
_INSTRUCTION = re.compile(
    r"(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+|your\s+|previous\s+|prior\s+|above\s+)*"
    r"(instructions?|rubric|rules|prompt)"
    r"|(award|give|grant|assign)\s+(me\s+|this\s+answer\s+|it\s+)?(full|maximum|max|perfect|all)\s+"
    r"(marks?|points?|score|credit)"
    r"|\b(mark|grade|score)\s+(every|all)\s+(key\s+)?points?\s+(as\s+)?made"
    r"|\byou\s+are\s+(now\s+)?(the\s+|a\s+)?(grader|judge|system)\b"
    r"|\bsystem\s+prompt\b",
    re.IGNORECASE,
)


class MalformedReply(ValueError):
    """The model's reply is not the JSON object the contract asks for."""


@dataclass(frozen=True, slots=True)
class KeyPointVerdict:
    id: str
    verdict: str  # what the model said: made, partly or missed
    quote: str
    credit: float  # what mockloop grants after checking: 0, 0.5 or 1
    verified: bool  # the quote is in the answer and about this key point (or the verdict is "missed")


@dataclass(frozen=True, slots=True)
class MisconceptionVerdict:
    id: str
    quote: str


@dataclass(frozen=True, slots=True)
class CheckedReply:
    """What of a model's reply mockloop accepts."""

    key_points: dict[str, KeyPointVerdict]
    misconceptions: list[MisconceptionVerdict]
    follow_up: str | None
    rejected_quotes: int = 0  # verdicts or misconceptions whose quote was not in the answer
    instruction_attempt: bool = False
    notes: list[str] = field(default_factory=list)

    def credit(self, key_point_id: str) -> float:
        verdict = self.key_points.get(key_point_id)
        return verdict.credit if verdict else 0.0


def fold(text: str) -> str:
    """Case, quote marks, dashes and runs of whitespace folded, so a copied span is found."""
    return " ".join(text.translate(_QUOTES).lower().split())


@functools.lru_cache(maxsize=2048)  # a question's key points and reference answer recur in every check
def _content_words(text: str) -> frozenset[str]:
    words = set()
    for word in _WORD.findall(fold(text)):
        word = word.strip(".-_")
        if len(word) < 3 or word in _STOP:
            continue
        words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return frozenset(words)


def parse_reply(content: str) -> dict[str, Any]:
    """The reply's JSON object, checked for exactly the contract's shape (else MalformedReply)."""
    try:
        data = json.loads(content)
    except (TypeError, ValueError) as exc:
        raise MalformedReply("the model's reply was not valid JSON") from exc
    if not isinstance(data, dict) or set(data) != {"key_points", "misconceptions", "follow_up"}:
        raise MalformedReply("the model's reply did not have the expected fields")
    if not isinstance(data["follow_up"], str):
        raise MalformedReply("the model's reply had a follow_up that is not text")
    for name, keys in (("key_points", {"id", "verdict", "quote"}), ("misconceptions", {"id", "quote"})):
        items = data[name]
        if not isinstance(items, list):
            raise MalformedReply(f"the model's reply had {name} that is not a list")
        for item in items:
            if not isinstance(item, dict) or set(item) != keys or not all(isinstance(item[k], str) for k in keys):
                raise MalformedReply(f"the model's reply had a malformed entry in {name}")
    for item in data["key_points"]:
        if item["verdict"] not in VERDICT_CREDIT:
            raise MalformedReply(f"the model's reply had an unknown verdict {item['verdict'][:20]!r}")
    return data


def check_reply(question: Question, answer: str, data: dict[str, Any]) -> CheckedReply:
    """Keeps only what the answer's own words support (see the module docstring)."""
    folded_answer = fold(answer)
    reference_words = _content_words(question.reference_answer)
    points = {k.id: k for k in question.rubric}
    claims = {m.id: m for m in question.misconceptions}
    rejected = 0
    verdicts: dict[str, KeyPointVerdict] = {}
    for item in data["key_points"]:
        point = points.get(item["id"])
        if point is None or item["id"] in verdicts:
            continue  # unknown ids are ignored; the first verdict for an id is the one read
        quote = item["quote"].strip()
        credit = VERDICT_CREDIT[item["verdict"]]
        verified = credit == 0.0
        if credit > 0:
            point_words = _content_words(" ".join([point.point, *point.phrases]))
            verified = _quoted(quote, folded_answer) and _about(quote, point_words, reference_words)
            if not verified:
                rejected += 1
        verdicts[item["id"]] = KeyPointVerdict(
            item["id"], item["verdict"], quote, credit if verified else 0.0, verified
        )
    misconceptions = []
    for item in data["misconceptions"]:
        claim = claims.get(item["id"])
        if claim is None or any(m.id == item["id"] for m in misconceptions):
            continue
        quote = item["quote"].strip()
        claim_words = _content_words(" ".join([claim.claim, *claim.phrases]))
        if _quoted(quote, folded_answer) and _about(quote, claim_words, frozenset()):
            misconceptions.append(MisconceptionVerdict(item["id"], quote))
        else:
            rejected += 1
    attempt = bool(_INSTRUCTION.search(answer))
    notes = []
    if attempt:
        notes.append("The answer tried to instruct the grader; only quoted evidence was counted.")
    if rejected:
        notes.append(
            f"{_count(rejected, 'verdict')} from the model quoted words that are not in the answer "
            "or not about the point, and earned nothing."
        )
    return CheckedReply(
        verdicts, misconceptions, _follow_up(data["follow_up"], question), rejected, attempt, notes
    )


def _quoted(quote: str, folded_answer: str) -> bool:
    folded = fold(quote)
    return len(folded) >= MIN_QUOTE_CHARS and folded in folded_answer


def _about(quote: str, own_words: frozenset[str], reference_words: frozenset[str]) -> bool:
    words = _content_words(quote)
    return bool(words & own_words) or len(words & reference_words) >= 2


def _follow_up(text: str, question: Question) -> str | None:
    """The model's probing question, unless it is empty, too long or gives the rubric away."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_FOLLOW_UP_CHARS:
        return None
    folded = fold(text)
    for point in question.rubric:
        if any(len(p) > 12 and fold(p) in folded for p in point.phrases) or fold(point.point) in folded:
            return None
    return text


def _count(n: int, noun: str) -> str:
    words = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    return f"{words.get(n, str(n))} {noun}{'' if n == 1 else 's'}"
