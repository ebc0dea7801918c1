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
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.core.questions import NumericAnswer
from bot.core.scoring.quantities import (
    APPROX,
    BEFORE_VALUE,
    BRACKETS_TO_END,
    Context,
    Unit,
    asked_quantity,
    clause_before,
    context_of,
    unit_of,
)
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

# The leading lookaheads name the characters a match can start with (a digit, "-", ".", "(" or a
# number word's first letter): they skip the other positions of a long answer before the
# alternatives are tried, which leaves every match as it was and roughly halves the scan.
_STARTS_NUMBER = r"(?=[-\d.])"
_STARTS_WORD = "[" + "".join(sorted({w[0] for w in _WORD_NUMBERS})) + "]"
_FRACTION = re.compile(rf"(?=[\d.(])(?<![\w.])(?P<a>{_NUM}|{_SUM})\s*/\s*(?P<b>{_NUM}|{_SUM})(?!\w|\.\d)")
_IN_EVERY = re.compile(
    rf"(?=[\d.]|{_STARTS_WORD})(?<![\w.])(?P<a>{_NUM}|{_WORD})\s+(?:in|out\s+of|of\s+every|per)\s+(?:every\s+)?(?P<b>{_NUM}|{_WORD})\b(?!\s*%)"
)
_RANGE = re.compile(
    rf"{_STARTS_NUMBER}(?P<a>{_SIGNED})(?P<pa>{_PERCENT})?\s*(?:-|to)\s*(?P<b>{_SIGNED})(?P<pb>{_PERCENT})?(?![\d.])(?!\s*=)"
)
_SCIENTIFIC = re.compile(
    rf"{_STARTS_NUMBER}(?P<m>{_SIGNED})\s*(?:e(?P<e1>[-+]?\d+)|(?:x|×|\*|·)\s*10\s*(?:\^|\*\*)\s*\(?(?P<e2>[-+]?\d+)\)?)(?![\w.])"
)
_PLAIN = re.compile(rf"{_STARTS_NUMBER}(?<![\w.])(?P<n>{_SIGNED})(?P<p>{_PERCENT})?{_SCALE_RE}?(?![\d])(?!(?:st|nd|rd|th)\b)")
_WORD_PERCENT = re.compile(rf"(?={_STARTS_WORD})\b(?P<w>{_WORD}){_PERCENT}")
# Necessary conditions for the forms above, each a fast scan (it starts with a character class, so
# the regex engine skips to the next candidate character in C): a form whose condition fails
# cannot match, and its full scan of the answer is skipped. Each is the form with its lookarounds
# and word boundaries left out, so it matches wherever the form could.
_MAYBE_FRACTION = re.compile(r"[\d)]\s*/\s*[\d.(]")
_MAYBE_IN_EVERY = re.compile(rf"\s(?:in|out\s+of|of\s+every|per)\s+(?:every\s+)?(?:{_NUM}|{_WORD})")
_MAYBE_SCIENTIFIC = re.compile(r"\d\s*(?:e[-+]?\d|(?:x|×|\*|·)\s*10\s*(?:\^|\*\*))")
_PERCENT_MARK = re.compile(r"%|per\s?cent|pct")
_NUMBER_WORDS = tuple(_WORD_NUMBERS)
_LONGEST_NUMBER_WORD = max(map(len, _NUMBER_WORDS))


def _maybe_word_percent(source: str) -> bool:
    """A number word right before a percent mark ("sixteen percent"), whitespace between allowed."""
    for m in _PERCENT_MARK.finditer(source):
        j = m.start()
        while j > 0 and source[j - 1].isspace():
            j -= 1
        if source[max(0, j - _LONGEST_NUMBER_WORD) : j].endswith(_NUMBER_WORDS):
            return True
    return False

_BULLET_NUMBER = re.compile(r"(?m)^(\s*)\d+[.)](?=\s)")
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")  # the comma first: the engine jumps to each comma

_PREFILTERS = (
    ("fraction", _MAYBE_FRACTION.search),
    ("in_every", _MAYBE_IN_EVERY.search),
    ("scientific", _MAYBE_SCIENTIFIC.search),
    ("word_percent", _maybe_word_percent),
)

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


@dataclass(frozen=True, slots=True)
class NumberMention:
    low: float
    high: float
    percent: bool
    text: str
    start: int
    part: bool = False  # an operand of a fraction ("95" in "95/590"), not a stated value

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


# A line that stops on "=" or "≈" goes on with its value ("η < 2/100 =\n0.02").
_LINE_BREAK = re.compile(r"(?<=[=≈])[ \t]*\n(?=[ \t]*[-−]?[\d.(*])")
_WRAPPED_LINE = 40  # a line this long that stops mid-sentence was wrapped (as text.WRAPPED_LINE)


def _unwrap(text: str) -> str:
    """Join hard-wrapped prose lines ("η < 2/100 =\n0.02"), keeping lists, tables and short lines."""

    def join(m: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, m.start()) + 1
        return " " if m.start() - line_start >= _WRAPPED_LINE else "\n"

    return _LINE_BREAK.sub(join, text) if "\n" in text else text


@lru_cache(maxsize=16)
def _prepare(text: str) -> str:
    folded = _unwrap(fold(text))
    folded = _BULLET_NUMBER.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), folded)
    # Drop thousands separators but keep positions stable enough for ordering.
    return _THOUSANDS.sub("", folded)


def extract_numbers(text: str) -> list[NumberMention]:
    """Every number mentioned in `text`, in order of appearance."""
    return list(_extract_numbers(text))


# Few entries: a scoring reads the answer, the prompt and a STAR result, and every cached mention
# is an object the cyclic GC walks in each full collection (64 answers' worth cost ~3 ms a pass).
@lru_cache(maxsize=8)
def _extract_numbers(text: str) -> tuple[NumberMention, ...]:
    source = _prepare(text)
    taken = bytearray(len(source))  # 1 where an earlier (stronger) form already read the text
    found: list[NumberMention] = []

    def free(m: re.Match[str]) -> bool:
        start, end = m.span()
        return taken.find(1, start, end) < 0

    def take(m: re.Match[str]) -> None:
        start, end = m.span()
        taken[start:end] = b"\x01" * (end - start)

    def add(low: float, high: float, percent: bool, m: re.Match[str]) -> None:
        found.append(NumberMention(low, high, percent, m.group(0).strip(), m.start()))

    maybe = {form: bool(test(source)) for form, test in _PREFILTERS}
    for m in _FRACTION.finditer(source) if maybe["fraction"] else ():
        a, b = _evaluate(m.group("a")), _evaluate(m.group("b"))
        if a is not None and b:
            add(a / b, a / b, False, m)
            for part in (a, b):
                found.append(NumberMention(part, part, False, f"{part:g}", m.start(), part=True))
            take(m)
    for m in _IN_EVERY.finditer(source) if maybe["in_every"] else ():
        if not free(m):
            continue
        a, b = _word_or_number(m.group("a")), _word_or_number(m.group("b"))
        if a is not None and b:
            add(a / b, a / b, False, m)
            for part in (a, b):
                found.append(NumberMention(part, part, False, f"{part:g}", m.start(), part=True))
            take(m)
    for m in _SCIENTIFIC.finditer(source) if maybe["scientific"] else ():
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
    for m in _WORD_PERCENT.finditer(source) if maybe["word_percent"] else ():
        if free(m):
            value = float(_WORD_NUMBERS[m.group("w")])
            add(value, value, True, m)
            take(m)
    for m in _PLAIN.finditer(source):  # the last and most frequent form: inlined, and nothing reads `taken` after it
        start, end = m.span()
        if taken.find(1, start, end) >= 0:
            continue
        number, percent, short, long = m.group("n", "p", "short", "long")
        value = float(number)
        scale = short or long
        if scale:
            value *= _SCALE[scale]
        found.append(NumberMention(value, value, percent is not None, m.group(0).strip(), start))
    return tuple(sorted(found, key=lambda n: n.start))


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
    if len(lows) != len(highs):  # "0.5-2" with no % sign: only one end can be a fraction; read as written
        lows, highs = lows[:1], highs[:1]
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


# Hedges: a value with one of these near it is not committed to.
_HEDGES = r"maybe|perhaps|possibly|could|might|not sure"
_HEDGED_ALTERNATIVE = re.compile(rf"\b(?:{_HEDGES})\b")
_HEDGED_CLAUSE = re.compile(rf"\b(?:{_HEDGES}|or)\b")
_HEDGE_WORDS = re.compile(r"\b(or|maybe|perhaps|possibly|either|could be|might be|somewhere|not sure)\b")
# Words right before a number that state it as the answer ("= 0.533", "about 16%", "so 16%").
# Each mark pattern below ends at the number, so a search tries every start in the 40 characters
# before it; the leading lookahead (every alternative's first character, a word's after a word
# boundary) skips the starts where none can begin: the matches stay as they were, ~3x faster.
_STRONG_MARK = re.compile(
    r"(?=[=≈~→-]|\b[arnjsthfcgyie])"
    r"(?:=|≈|~|→|->|=>|\babout|\baround|\broughly|\bapprox\w*\.?|\bnearly|\balmost|\bjust (?:under|over)|"
    r"\bso\b(?: (?:it is|it's|that is|that's|we get|i get|p|the answer is))?|\btherefore|\bthus|\bhence|"
    r"\banswers?\b[^\d.]{0,14}|\bfinal\w*\b[^\d.]{0,14}|\bcomes? (?:out )?to|\bgives?|\byields?|"
    rf"\bi (?:get|got|'d say|would say|estimate|make it)|\bequals?|\bresults? (?:is|of|in)){BEFORE_VALUE}"
)
# _STRONG_MARK without a regex search for the usual case: its fixed alternatives must end the
# text before the number (after the spaces and brackets its tail allows), a word one after a word
# boundary. Only "answer", "final" and "approx" (whose forms vary in length) need the search.
_STRONG_FIXED = tuple(
    (alt, alt[0].isalpha())
    for alt in (
        "=", "≈", "~", "→", "->", "=>", "about", "around", "roughly", "nearly", "almost", "just under",
        "just over", "so", "so it is", "so it's", "so that is", "so that's", "so we get", "so i get", "so p",
        "so the answer is", "therefore", "thus", "hence", "come to", "comes to", "come out to", "comes out to",
        "give", "gives", "yield", "yields", "i get", "i got", "i 'd say", "i would say", "i estimate",
        "i make it", "equal", "equals", "result is", "result of", "result in", "results is", "results of",
        "results in",
    )
)  # fmt: skip


_STRONG_BY_LAST: dict[str, list[tuple[str, bool]]] = {}
for _alt, _bounded in _STRONG_FIXED:
    _STRONG_BY_LAST.setdefault(_alt[-1], []).append((_alt, _bounded))


def _strong_mark(before: str) -> bool:
    """_STRONG_MARK.search(before), answered by suffix tests unless a variable-length form is there."""
    if "answer" in before or "final" in before or "approx" in before:
        return _STRONG_MARK.search(before) is not None
    core = before.rstrip().rstrip("([$*_").rstrip()
    for alt, bounded in _STRONG_BY_LAST.get(core[-1:], ()):  # only a mark with core's last character can end it
        if core.endswith(alt):
            at = len(core) - len(alt)
            if bounded and at > 0 and (core[at - 1].isalnum() or core[at - 1] == "_"):
                continue
            if alt == "so" and before[len(core) : len(core) + 1] == "_":
                continue  # "\bso\b": "so_" has no word boundary after it
            return True
    return False


def _ends_with_mark(before: str, marks: tuple[tuple[str, bool], ...]) -> str | None:
    """The fixed mark (word marks after a word boundary) that ends `before`, once the spaces and
    brackets a mark's tail allows are stripped; None if none does."""
    core = before.rstrip().rstrip("([$*_").rstrip()
    for alt, bounded in marks:
        if core.endswith(alt):
            at = len(core) - len(alt)
            if not (bounded and at > 0 and (core[at - 1].isalnum() or core[at - 1] == "_")):
                return alt
    return None


_WEAK_FIXED = tuple((alt, alt[0].isalpha()) for alt in ("is", "are", "was", "be", ":", "at", "of"))


def _weak_mark(before: str) -> bool:
    """_WEAK_MARK.search(before), by suffix tests ("the p99 budget is", "lr:")."""
    return _ends_with_mark(before, _WEAK_FIXED) is not None


# "final" marks the answer when it names it ("final answer ≈", "final: ", "finally, "), not when it
# describes something else ("the final three stages (10/3 + ...)", "the final layer has 512").
_FINAL_NOUN = r"(?:answer|value|result|estimate|number|figure|count|tally|total)s?"
_MARK_LINK = r"(?:[*_]*\s*[:=≈~→,]|\s+(?:is|are|of|at|comes to|come to|about|around|roughly|approximately|approx\.?))"
_ANSWER_MARK = re.compile(
    rf"(?=[af])(?:\banswers?\b[^\d.]{{0,14}}|\bfinally\b{_MARK_LINK}*"
    rf"|\bfinal(?:\s+[a-z-]+)?\s+{_FINAL_NOUN}\b{_MARK_LINK}*|\bfinal\b{_MARK_LINK}+){BRACKETS_TO_END}"
)
_WEAK_MARK = re.compile(rf"(?=[iawbo:])(?:\bis|\bare|\bwas|\bbe|:|\bat|\bof){BEFORE_VALUE}")
_BOLD_VALUE = re.compile(r"(?:\*\*|__)\s*(?:[~≈=$]|about|approx\w*|roughly)?\s*[-−]?[\d.]")
# "**P(A) = 1 − 0.8¹⁰ ≈ 0.893**", "**Stage-2: 3.75 B/param × 7e9 ≈ 26.25 GB per GPU**": the result
# of a bold chain, before at most a few words of its unit.
_BOLD_RESULT = re.compile(r"(?:=|≈|~)\s*([-−]?\d[\d.,]*\s*%?)(?:\s*[^\W\d_][\w/-]*){0,4}\s*(?:\*\*|__)$")
_EMPHASIS = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")
_NEGATED = re.compile(rf"(?=[nri])\b(not|no|never|isn't|rather than|instead of)\s*{APPROX}?\s*$")


_EVENT_CLOSE = frozenset(") ]")
_EVENT_OPEN = re.compile(r"\b[pP][(\[]\s*(?:[a-zA-Z]\w*\s*)?(?:>=|<=|==|=|>|<|≥|≤)?\s*$")
_EVENT_AFTER = re.compile(r"\s*[)\]]")


def _may_negate(before: str) -> bool:
    """A substring test that _NEGATED needs to pass ("not" contains "no")."""
    return "no" in before or "never" in before or "isn't" in before or "rather than" in before or "instead of" in before


def _before(text: str, start: int) -> str:
    """The words of the same sentence that come before position `start` (at most 40 characters)."""
    prefix = text[max(0, start - 40) : start]
    cut = max(prefix.rfind(". "), prefix.rfind("\n"), prefix.rfind("? "))
    return prefix[cut + 1 :] if cut >= 0 else prefix


def _sentence_around(text: str, start: int) -> tuple[int, int]:
    lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0]
    return lo, min(ends) if ends else len(text)


@dataclass(frozen=True, slots=True)
class _Brackets:
    """Where an answer's line breaks and parentheses are, found once for all its numbers."""

    newlines: list[int]
    opens: list[int]
    closes: list[int]


@lru_cache(maxsize=16)
def _brackets(text: str) -> _Brackets:
    def where(char: str) -> list[int]:
        return [m.start() for m in re.finditer(re.escape(char), text)] if char in text else []

    return _Brackets(where("\n"), where("("), where(")"))


def _in_parentheses(text: str, start: int) -> bool:
    """Is position `start` inside an open parenthesis of its line (not a formula's own brackets)?"""
    marks = _brackets(text)
    i = bisect_left(marks.newlines, start) - 1
    line_start = marks.newlines[i] + 1 if i >= 0 else 0
    lo, hi = bisect_left(marks.opens, line_start), bisect_left(marks.opens, start)
    depth = (hi - lo) - (bisect_left(marks.closes, start) - bisect_left(marks.closes, line_start))
    if depth <= 0:
        return False
    opened = marks.opens[hi - 1]  # the last "(" of the line before `start`
    if opened <= line_start:  # "(Expected flags = 20 × 0.05 = 1.)": a whole line in brackets
        end = text.find("\n", start)
        return text[start : len(text) if end < 0 else end].rstrip().rstrip(".").endswith(")")
    if text[opened - 1] != " ":
        return False
    j = opened - 1
    while j >= line_start and text[j].isspace():
        j -= 1
    return not (j >= line_start and text[j] in "=*/+")  # not after an operator: "= (a + b)"


def _unit_word(spec: NumericAnswer) -> str | None:
    """A regex for the first word of the asked-for unit ("users per arm" -> users?), if it is a word."""
    if not spec.unit:
        return None
    first = re.findall(r"[a-z]{2,}", fold(spec.unit))
    if not first or len(first[0]) < 4 or first[0] in ("per", "of", "the"):
        return None  # "GB", "ms": every number in the answer carries them
    word = first[0].rstrip("s")
    return rf"{re.escape(word)}s?\b"


def _reading(m: NumberMention, spec: NumericAnswer) -> float:
    """The reading of a mention closest to the expected scale (16% and 0.16 are one value)."""
    return min(_interpretations(m.value, m.percent, spec), key=lambda v: abs(v - spec.value))


def _same_value(a: NumberMention, b: NumberMention, spec: NumericAnswer) -> bool:
    x, y = _reading(a, spec), _reading(b, spec)
    scale = max(abs(x), abs(y), 1e-12)
    return abs(x - y) <= 0.02 * scale or (a.low, a.high) == (b.low, b.high)


@dataclass(frozen=True, slots=True)
class Reading:
    """What the answer states as its value, and what was set aside on the way."""

    final: NumberMention | None  # as written
    value: NumberMention | None  # the final value in the asked unit (converted from "1.2 hours")
    candidates: list[NumberMention]
    unit: str | None = None  # the unit it was written in, when converted
    set_aside: tuple[tuple[NumberMention, str], ...] = ()  # other named quantities, with their names


@dataclass(frozen=True, slots=True)
class _Candidate:
    mention: NumberMention
    rank: int  # 5 bold, 4 named as the answer, 3 followed by the asked unit, 2 "=", "so", 1 "is", 0 none
    context: Context
    aside: bool  # in parentheses


def _converted(m: NumberMention, unit: Unit | None, spec: NumericAnswer) -> NumberMention:
    asked = unit_of(spec.unit)
    if unit is None or asked is None or unit.dimension != asked.dimension or unit.factor == asked.factor:
        return m
    f = unit.factor / asked.factor
    return replace(m, low=m.low * f, high=m.high * f, percent=False)


def _candidates(answer: str, spec: NumericAnswer, given: str) -> list[_Candidate]:
    text = _prepare(answer)
    # A bold value is the answer ("**26.25 GB**"); a bold label with a number is not ("**Stage 3**").
    emphasised = []
    for m in _EMPHASIS.finditer(text):
        if _BOLD_VALUE.match(m.group(0)):
            emphasised.append((m.start(), m.end()))
        elif tail := _BOLD_RESULT.search(m.group(0)):  # "**P(A) = 1 − 0.8¹⁰ ≈ 0.893**": its result
            emphasised.append((m.start() + tail.start(1), m.end()))
    unit = _unit_word(spec)
    unit_after = re.compile(rf"[\s*_]*(?:{unit})") if unit else None
    asked = asked_quantity(given, spec.unit, tuple(spec.names))
    given_values = {(m.low, m.high) for m in extract_numbers(given)} if given else set()
    found: list[_Candidate] = []
    for m in extract_numbers(answer):
        if m.part:
            continue
        before = _before(text, m.start)
        if _may_negate(before) and _NEGATED.search(before):
            continue
        end = m.start + len(m.text)
        after = text[end : end + 30]
        if after[:1] in _EVENT_CLOSE and _EVENT_OPEN.search(before) and _EVENT_AFTER.match(after):
            continue  # the 1 of "P(X >= 1)" names an event, it is not a value
        context = context_of(text, m.start, end, asked)
        rank = 0
        if any(lo <= m.start < hi for lo, hi in emphasised):
            rank = 5
        elif ("answer" in before or "final" in before) and _ANSWER_MARK.search(before):
            rank = 4
        elif unit_after and unit_after.match(after):
            rank = 3
        elif _strong_mark(before):
            rank = 2
        elif (m.low, m.high) in given_values:
            continue  # a number the question gave, repeated
        elif _weak_mark(before) or context.role == "asked":
            rank = 1
        if (m.low, m.high) in given_values and rank < 4 and (context.role == "other" or not mention_matches(m, spec)):
            continue  # a given number restated ("the prevalence = 1%", "at α = 0.05")
        if context.role == "asked":
            rank = max(rank, 2)  # "the max stable lr is 0.02" commits as much as "lr = 0.02"
        found.append(_Candidate(m, rank, context, _in_parentheses(text, m.start)))
    return found


def _feeds_later(m: NumberMention, operands: list[NumberMention], spec: NumericAnswer) -> bool:
    """Is `m` used again as an operand later on (the same number, not just a close one)?"""
    x = _reading(m, spec)
    return any(o.start > m.start and abs(_reading(o, spec) - x) <= 0.005 * max(abs(x), 1e-12) for o in operands)


def _declared(c: _Candidate) -> bool:
    return c.rank >= 4 or (c.rank == 3 and c.context.role == "other")


def _last_committed(pool: list[_Candidate]) -> _Candidate | None:
    """The last value of the strongest commitment; a parenthesised aside only if nothing else."""
    top = max((c.rank for c in pool), default=0)
    if top == 0:
        return None
    tier = [c for c in pool if c.rank == top]
    tier = [c for c in tier if not c.aside] or tier
    if top >= 4:
        # Several values in bold: the one named as the asked quantity, not "**2 clicks**"; else one
        # not named as another quantity (a factor, "**~1.5× DP**", or a size when a count is asked).
        tier = (
            [c for c in tier if c.context.role == "asked"]
            or [c for c in tier if c.context.role != "other"]
            or tier
        )
    return tier[-1]


def read_final(answer: str, spec: NumericAnswer, given: str = "") -> Reading:
    """The value the answer commits to for the asked quantity (see final_value)."""
    found = _candidates(answer, spec, given)
    candidates = [c.mention for c in found]
    if not found:
        return Reading(None, None, [])
    # The bank's name for the asked quantity outweighs a shared word: with "P(at least one) =
    # 0.893" stated, "E[clicks] = 2" names another quantity, though the prompt says "clicks"; and
    # later plain numbers (a test statistic, a p-value) are not the answer unless declared.
    named = any(c.context.by_name for c in found)
    if named:
        found = [
            replace(c, context=replace(c.context, role="other")) if c.context.role == "asked" and not c.context.by_name else c
            for c in found
        ]
    # Another named quantity ("the condition number is 100") is set aside only when the answer
    # names a value as the asked quantity itself; that value must not feed a later computation
    # ("the chance of a positive is 0.059, so PPV = 0.0095/0.059": 0.059 is a step).
    operands = [m for m in extract_numbers(answer) if m.part] + [c.mention for c in found if c.context.role == "step"]
    explicit = any(
        c.context.role == "asked" and c.rank > 0 and not _feeds_later(c.mention, operands, spec) for c in found
    )
    stated = [c for c in found if c.context.role in ("asked", "plain") or _declared(c)]
    others = [c for c in found if c.context.role == "other" and not _declared(c)]
    rest = [c for c in found if c.context.role in ("aside", "step") and c.rank < 4]
    if any(c.rank > 0 for c in stated):
        # "E[clicks] = 2" when a probability is asked: a sibling of the asked quantity, never its value.
        others = [c for c in others if not c.context.contrasted]
    if named:
        stated = [c for c in stated if c.context.by_name or c.rank >= 4]
    pool = stated if explicit else sorted(stated + others, key=lambda c: c.mention.start)
    chosen = _last_committed(pool)
    if chosen is None and not pool:
        chosen, pool = _last_committed(rest), rest
    if chosen is None:
        last = pool[-1]
        if not all(_same_value(c.mention, last.mention, spec) for c in pool):
            return Reading(None, None, [c.mention for c in pool])
        chosen = last
    chosen = _restated_in_asked_unit(chosen, pool, spec)
    text = _prepare(answer)
    lo, hi = _sentence_around(text, chosen.mention.start)
    # A hedge: another value of the same kind in the sentence, with "or", "maybe"... between them
    # or just before ("maybe 0.12, maybe 0.16"); an aside in parentheses or another named quantity is no rival.
    in_sentence = [c for c in pool if lo <= c.mention.start < hi]
    rivals = [
        c
        for c in in_sentence
        if not _same_value(c.mention, chosen.mention, spec)
        and not c.aside
        and (c.context.role != "other" or chosen.context.role == "other")
        and _HEDGE_WORDS.search(text[max(lo, min(c.mention.start, chosen.mention.start) - 15) : max(c.mention.start, chosen.mention.start) + 1])
    ]
    if rivals:
        return Reading(None, None, [c.mention for c in in_sentence])
    # "The lr is 0.01. It could also be 0.02.": a value and a hedged alternative commit to neither.
    alternatives = [
        c
        for c in pool
        if c is not chosen and c.context.role != "other" and not _same_value(c.mention, chosen.mention, spec)
    ]
    hedged_here = _HEDGED_CLAUSE.search(clause_before(text, chosen.mention.start))
    for c in alternatives:
        later = c.mention.start > chosen.mention.start
        if (later and _HEDGED_ALTERNATIVE.search(clause_before(text, c.mention.start))) or (
            not later and hedged_here and c.rank > 0
        ):
            return Reading(None, None, sorted([c.mention, chosen.mention], key=lambda m: m.start))
    value = _converted(chosen.mention, chosen.context.unit, spec)
    unit = chosen.context.unit.name if value is not chosen.mention and chosen.context.unit else None
    aside = tuple(
        (c.mention, c.context.label)
        for c in others
        if explicit and c.rank > 0 and c.context.label and not _same_value(c.mention, chosen.mention, spec)
    )
    return Reading(chosen.mention, value, candidates, unit, aside)


def _restated_in_asked_unit(chosen: _Candidate, pool: list[_Candidate], spec: NumericAnswer) -> _Candidate:
    """ "≈ 69 min, i.e. about 1.2 hours": the coarser restatement is not the answer's precision."""
    asked = unit_of(spec.unit)
    unit = chosen.context.unit
    if asked is None or unit is None or unit.dimension != asked.dimension or unit.factor == asked.factor:
        return chosen
    for c in reversed(pool):
        near = 0 < chosen.mention.start - c.mention.start <= 60
        if near and c.rank > 0 and c.context.unit is not None and c.context.unit.factor == asked.factor:
            restated = _converted(chosen.mention, unit, spec).value
            if abs(restated - c.mention.value) <= 0.1 * max(abs(c.mention.value), 1e-12):
                return c
    return chosen


def final_value(
    answer: str, spec: NumericAnswer, given: str = ""
) -> tuple[NumberMention | None, list[NumberMention]]:
    """The value the answer commits to, and the competing candidates when it commits to none.

    Candidates are the numbers the answer states (not the operands of a fraction, not a number it
    denies: "not 95%"). The last one stated as a result ("= 0.533", "about 16%", "so 16%") is the
    final value; failing that, the last one after "is"/":" that is not just a number restated from
    the question. With no such marker, the candidates must all agree; several different values
    with no committed one, or a hedge ("0.12 or 0.16"), commit to nothing.

    Stronger than order: a value in bold, one introduced as the answer ("final answer: 16%"),
    or one followed by the unit the question asks for ("73,856 parameters") is the committed
    one, even when the answer goes on to other numbers (a follow-on estimate, a sanity check).

    Multi-part answers (bot/core/scoring/quantities.py): a number named as another quantity than
    the prompt asks for ("the condition number is 100", "50 iterations", "the denominator = 4"),
    a step inside an arithmetic chain, and a what-if or practical aside ("it would drop to 17 GB",
    "in practice people use 0.01") count only when the answer states nothing for the asked
    quantity. A value in another unit of the asked measure is converted ("1.16 hours").
    """
    reading = read_final(answer, spec, given)
    return reading.value, reading.candidates


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


def _set_aside_note(reading: Reading) -> str:
    if not reading.set_aside:
        return ""
    shown = "; ".join(f"'{m.text}' ({label})" for m, label in reading.set_aside[:3])
    return f" Other quantities in the answer, not read as the answer: {shown}."


def judge_numeric(spec: NumericAnswer, answer: str, given: str = "") -> NumericVerdict:
    """Judge the answer's final stated value; `given` is the question's prompt (its numbers are data)."""
    mentions = extract_numbers(answer)
    found = [m.value for m in mentions]
    expected = describe_expected(spec)
    if not mentions:
        return NumericVerdict(spec.value, found, False, f"No number found in the answer; expected {expected}.")
    reading = read_final(answer, spec, given)
    final, value, candidates = reading.final, reading.value, reading.candidates
    if final is None or value is None:
        if not candidates:
            return NumericVerdict(
                spec.value,
                found,
                False,
                f"The answer only repeats numbers from the question; expected {expected}.",
            )
        shown = ", ".join(dict.fromkeys(m.text for m in candidates[:6]))
        return NumericVerdict(
            spec.value,
            found,
            False,
            f"Several different values ({shown}) and none stated as the final answer; commit to a single one.",
        )
    read = f"{final.text} {reading.unit}" if reading.unit else final.text
    shown = f"'{read}' ({value.value:.4g} {spec.unit})" if reading.unit else f"'{read}'"
    note = _set_aside_note(reading)
    if mention_matches(value, spec):
        return NumericVerdict(
            spec.value,
            found,
            True,
            f"Read {shown} as your final value; it matches the expected {expected}.{note}",
            read,
            read,
        )
    return NumericVerdict(
        spec.value,
        found,
        False,
        f"Read {shown} as your final value; that is not close enough: expected {expected}.{note}",
        None,
        read,
    )
