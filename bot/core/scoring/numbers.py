"""Reading numbers out of free text and checking them against a numeric answer.

Understands: 16%, 16 percent, about 16 %, 0.161, .16, 1.6e-1, 1.6 x 10^-1, 10,000, -0.5, 10k,
3 million, fractions (95/590, 95 / (95 + 495)), "1 in 6", "95 out of 590", "sixteen percent",
and ranges (15-17%, 15–17 %, 15 to 17 percent). A range counts only if it sits wholly within
tolerance: "10-20%" is a guess, not an answer.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass

from bot.core.questions import NumericAnswer
from bot.core.scoring.results import NumericVerdict
from bot.core.scoring.text import fold

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_WORD = "(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")"

_NUM = r"(?:\d+(?:\.\d+)?|\.\d+)"
_SIGNED = rf"(?:(?<![\w.)-])-)?{_NUM}"
_PERCENT = r"(?:\s*%|\s*per\s?cent\b|\s*pct\b)"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_SCALE_RE = r"(?:(?P<short>k|m|bn|b)(?![a-z])|\s+(?P<long>thousand|million|billion)\b)"
_SUM = rf"\(\s*{_NUM}(?:\s*[-+*]\s*{_NUM})+\s*\)"

_FRACTION = re.compile(rf"(?<![\w.])(?P<a>{_NUM}|{_SUM})\s*/\s*(?P<b>{_NUM}|{_SUM})(?![\w.])")
_IN_EVERY = re.compile(
    rf"(?<![\w.])(?P<a>{_NUM}|{_WORD})\s+(?:in|out\s+of|of\s+every|per)\s+(?:every\s+)?(?P<b>{_NUM}|{_WORD})\b(?!\s*%)"
)
_RANGE = re.compile(
    rf"(?P<a>{_SIGNED})(?P<pa>{_PERCENT})?\s*(?:-|to)\s*(?P<b>{_SIGNED})(?P<pb>{_PERCENT})?(?![\d.])(?!\s*=)"
)
_SCIENTIFIC = re.compile(
    rf"(?P<m>{_SIGNED})\s*(?:e(?P<e1>[-+]?\d+)|(?:x|×|\*|·)\s*10\s*(?:\^|\*\*)\s*\(?(?P<e2>[-+]?\d+)\)?)(?![\w.])"
)
_PLAIN = re.compile(rf"(?<![\w.])(?P<n>{_SIGNED})(?P<p>{_PERCENT})?{_SCALE_RE}?(?![\d])")
_WORD_PERCENT = re.compile(rf"\b(?P<w>{_WORD}){_PERCENT}")
_BULLET_NUMBER = re.compile(r"(?m)^(\s*)\d+[.)](?=\s)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


@dataclass(frozen=True, slots=True)
class NumberMention:
    low: float
    high: float
    percent: bool
    text: str
    start: int

    @property
    def value(self) -> float:
        return (self.low + self.high) / 2

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def _evaluate(expression: str) -> float | None:
    """Evaluate a tiny arithmetic expression (numbers, + - * /, parentheses) without eval()."""

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise ValueError("unsupported")

    try:
        return walk(ast.parse(expression, mode="eval"))
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def _word_or_number(token: str) -> float | None:
    if token in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[token])
    return _evaluate(token)


def _prepare(text: str) -> str:
    folded = fold(text)
    folded = _BULLET_NUMBER.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), folded)
    # Drop thousands separators but keep positions stable enough for ordering.
    return _THOUSANDS.sub("", folded)


def extract_numbers(text: str) -> list[NumberMention]:
    """Every number mentioned in `text`, in order of appearance."""
    source = _prepare(text)
    taken = [False] * len(source)
    found: list[NumberMention] = []

    def free(m: re.Match[str]) -> bool:
        return not any(taken[m.start() : m.end()])

    def take(m: re.Match[str]) -> None:
        for i in range(m.start(), m.end()):
            taken[i] = True

    def add(low: float, high: float, percent: bool, m: re.Match[str]) -> None:
        found.append(NumberMention(low, high, percent, m.group(0).strip(), m.start()))

    for m in _FRACTION.finditer(source):
        a, b = _evaluate(m.group("a")), _evaluate(m.group("b"))
        if a is not None and b:
            add(a / b, a / b, False, m)
            for part in (a, b):
                found.append(NumberMention(part, part, False, f"{part:g}", m.start()))
            take(m)
    for m in _IN_EVERY.finditer(source):
        if not free(m):
            continue
        a, b = _word_or_number(m.group("a")), _word_or_number(m.group("b"))
        if a is not None and b:
            add(a / b, a / b, False, m)
            for part in (a, b):
                found.append(NumberMention(part, part, False, f"{part:g}", m.start()))
            take(m)
    for m in _SCIENTIFIC.finditer(source):
        if free(m):
            value = float(m.group("m")) * 10 ** int(m.group("e1") or m.group("e2"))
            add(value, value, False, m)
            take(m)
    for m in _RANGE.finditer(source):
        if not free(m):
            continue
        low, high = float(m.group("a")), float(m.group("b"))
        if low < high and (m.group("pa") is None or m.group("pb") is not None):
            add(low, high, bool(m.group("pa") or m.group("pb")), m)
            take(m)
    for m in _WORD_PERCENT.finditer(source):
        if free(m):
            value = float(_WORD_NUMBERS[m.group("w")])
            add(value, value, True, m)
            take(m)
    for m in _PLAIN.finditer(source):
        if not free(m):
            continue
        value = float(m.group("n"))
        scale = m.group("short") or m.group("long")
        if scale:
            value *= _SCALE[scale]
        add(value, value, m.group("p") is not None, m)
        take(m)
    return sorted(found, key=lambda n: n.start)


# ---- judging -------------------------------------------------------------------------------


def _interpretations(value: float, percent: bool, spec: NumericAnswer) -> list[float]:
    readings = [value]
    if spec.percent_equivalent:
        if percent:
            readings.append(value / 100)
        elif abs(value) <= 1:
            readings.append(value * 100)
    return readings


def within_tolerance(value: float, spec: NumericAnswer) -> bool:
    gap = abs(value - spec.value)
    eps = 1e-12
    if spec.abs_tolerance is not None and gap <= spec.abs_tolerance + eps:
        return True
    return spec.rel_tolerance is not None and gap <= spec.rel_tolerance * abs(spec.value) + eps


def mention_matches(mention: NumberMention, spec: NumericAnswer) -> bool:
    """A single number matches if any reading of it is in tolerance; a range needs both ends in."""
    lows = _interpretations(mention.low, mention.percent, spec)
    highs = _interpretations(mention.high, mention.percent, spec)
    return any(
        within_tolerance(lo, spec) and within_tolerance(hi, spec) for lo, hi in zip(lows, highs, strict=True)
    )


def _near_miss(mention: NumberMention, spec: NumericAnswer) -> bool:
    """Close to the expected value (within a factor of 2) but out of tolerance: a competing guess."""
    if spec.value == 0 or mention.is_range:
        return False
    for reading in _interpretations(mention.value, mention.percent, spec):
        ratio = reading / spec.value
        if 0.5 <= ratio <= 2 and not within_tolerance(reading, spec):
            return True
    return False


HEDGE_LIMIT = 2  # competing near-miss values offered next to the right one, as alternatives
_HEDGE_WORDS = re.compile(r"\b(or|maybe|perhaps|possibly|either|could be|might be|somewhere)\b")


def _hedged(
    answer: str, matching: list[NumberMention], mentions: list[NumberMention], spec: NumericAnswer
) -> list[NumberMention]:
    """Near-miss numbers offered as alternatives in the same sentence as the right one.

    Worked answers are full of nearby intermediate numbers (precision 0.8, recall 0.4 next to an F1
    of 0.53), so only a sentence that hedges ("0.1, 0.14 or 0.16") counts as guessing.
    """
    text = _prepare(answer)
    for match in matching:
        start = max(text.rfind(". ", 0, match.start), text.rfind("\n", 0, match.start)) + 1
        ends = [i for i in (text.find(". ", match.start), text.find("\n", match.start)) if i >= 0]
        stop = min(ends) if ends else len(text)
        if not _HEDGE_WORDS.search(text[start:stop]):
            continue
        rivals = [m for m in mentions if start <= m.start < stop and _near_miss(m, spec)]
        if len(rivals) >= HEDGE_LIMIT:
            return rivals
    return []


def describe_expected(spec: NumericAnswer) -> str:
    value = f"{spec.value:g}"
    if spec.percent_equivalent and 0 < abs(spec.value) < 1:
        value += f" ({spec.value * 100:g}%)"
    if spec.unit:
        value += f" {spec.unit}"
    if spec.rel_tolerance is not None:
        tolerance = f"within {spec.rel_tolerance * 100:g}%"
    else:
        tolerance = f"within ±{spec.abs_tolerance:g}"
    return f"{value}, {tolerance}"


def judge_numeric(spec: NumericAnswer, answer: str) -> NumericVerdict:
    mentions = extract_numbers(answer)
    found = [m.value for m in mentions]
    expected = describe_expected(spec)
    matching = [m for m in mentions if mention_matches(m, spec)]
    if not mentions:
        return NumericVerdict(
            spec.value, found, False, f"No number found in the answer; expected {expected}."
        )
    if not matching:
        shown = ", ".join(m.text for m in mentions[:6])
        return NumericVerdict(
            spec.value,
            found,
            False,
            f"None of the numbers given ({shown}) is close enough; expected {expected}.",
        )
    hedged = _hedged(answer, matching, mentions, spec)
    if hedged:
        shown = ", ".join(m.text for m in hedged[:5])
        return NumericVerdict(
            spec.value,
            found,
            False,
            f"Several competing values ({shown}) are offered as the answer; commit to a single one.",
            matching[0].text,
        )
    return NumericVerdict(
        spec.value, found, True, f"'{matching[0].text}' matches the expected {expected}.", matching[0].text
    )
