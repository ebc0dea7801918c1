"""Which quantity a number in an answer states: the one asked for, another named one, an aside.

A correct multi-part answer states several different quantities on the way ("the largest
eigenvalue is 100, so the max stable lr is 0.02; the condition number is 100"). Reading "the last
committed number" then reads another quantity than the one asked. This module looks at the words
around each number: the name before it ("condition number is", "denominator ="), the noun or unit
after it ("50 iterations", "1.2 hours"), a what-if or practical aside ("it would drop to",
"in practice people use"), and a step inside an arithmetic chain ("1 − 0.36 = 0.64"), and compares
names with the quantity the question's prompt asks for ("What is the largest learning rate η ...?",
"Give the stage-2 figure as your answer").

Nothing here knows a question id or a phrase of one answer: it is word overlap between the
answer's label for a number and the prompt's asking sentence, plus a table of units.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from bot.core.scoring.text import STOPWORDS, fold, normalise, sentences, stem

# Words that say nothing about *which* quantity a label names: "the final value", "max", "total".
_GENERIC_WORDS = """answer answers result results value values final finally number numbers figure estimate
        estimated total overall max min largest smallest biggest highest lowest greatest expected roughly
        approximately about around exactly actual real true new get gets got give gives gave come comes
        so thus therefore hence then here now which that this it one each every per both whole get
        compute computed calculate calculation work out equal equals need needs needed take takes
        say said state stated answer report reported use using used first second last maybe perhaps
        possibly probably likely could might guess think hmm wait actually sure which
        two three four five six seven eight nine ten twice half third
        explain explains tell tells check whether well want having go goes list sentence same plus add adds
        many much alone name describe why show compare words word roughly briefly yield yields nearly approx""".split()
_GENERIC = frozenset(normalise(" ".join(_GENERIC_WORDS)).split()) | frozenset(stem(w) for w in _GENERIC_WORDS)
# Modifiers that tell two quantities of one name apart: "the best lr" is not "the largest lr".
_MODIFIER_CLASSES = [
    frozenset(normalise(words).split()) | frozenset(stem(w) for w in words.split())
    for words in (
        "max maximum largest biggest highest greatest upper",
        "min minimum smallest lowest lower",
        "best optimal optimum fastest ideal",
        "mean average expected e",  # "E[clicks]"
        "probability chance likelihood",
        "median",
        "worst",
    )
]
# Plural nouns after a number that count something ("7 failures") are names; these are not.
_NOT_COUNTED = frozenset("times percent pct less more fewer others ones ways cases".split())
# Shared with numbers.py, whose marks end where a number starts: what may sit between a word and
# the number it introduces ("= (0.2", "about **16%", "is $ 5"), and the words that only say the
# number is approximate.
BRACKETS_TO_END = r"[(\[$*_]*\s*$"
BEFORE_VALUE = r"\s*" + BRACKETS_TO_END
APPROX_WORDS = "about|around|roughly"
APPROX = f"(?:{APPROX_WORDS})"
_CLAUSE_BREAK = re.compile(r"(?=[,;.\n:?!sabwt])(?:[,;]|\.\s|\n|:\s|\?\s|!\s|\b(?:so|and|but|because|since|which|while|whereas|then)\b)")
_RELATION = re.compile(r"=|≈|->|→|=>|<=?|>=?|~")
_OPERATORS = r"(?:\s*[+*/×·^|√]\s*|\(|\)|\s+-\s+|(?<=[\d)])-|-(?=[\d(]))"
_FORMULA = re.compile(rf"[\w.]*(?:{_OPERATORS}[\w.]*)+")
_NUMBER_TOKEN = re.compile(r"(?<![\w@])\d[\d.,]*(?:e[-+]?\d+)?")
_OPERATOR_AFTER = re.compile(r"\s*(?:[+×·/^]|\*(?!\*)|-(?!\s*[a-z])|−)\s*[\d(.]")
_CHAIN_AFTER = re.compile(r"\s*(?:=|≈|->|→)\s*[-−]?(?:\d|\.\d)")
# "**" is bold, not a product; "sqrt(0.25/400)" is an argument.
# (The lookahead names where an alternative can start; it only skips hopeless starts, see numbers.py.)
_OPERATOR_BEFORE = re.compile(r"(?=[+×·/^*\-−]|[a-z√]\()(?:[+×·/^]|(?<!\*)\*|(?<![=≈<>~(\s])-|−|[a-z√]\()\s*$")
_LINE_LABEL = re.compile(r"\s*(?:[-*•]\s*)?[*_]*([a-z][\w -]{0,30}?)[*_]*\s*[:(]")
_INDEX_BEFORE = re.compile(
    r"\b(?!(?:is|are|was|be|of|at|to|about|around|roughly|approx|nearly|by|gives?|equals?|so|answer|than|only|"
    r"just|get|got|makes?|say|estimate)\b)[a-z]{2,}[\s-]$"
)
_INDEX_AFTER = re.compile(r"[*_]*\s*:|\)")
_INDEXED = re.compile(r"\b([a-z]{2,})[\s@-]?(\d{1,2})\b")
_ASIDE = re.compile(
    r"(?=[iptscfrew])(?:\bin practice\b|\bpeople (?:usually|often|typically|tend to)\b|\btypically\b|\bsanity[ -]check|"
    r"\bfor comparison\b|\bcompared (?:with|to)\b|\bsafety margin\b|\brule of thumb\b|\bto be safe\b|"
    r"\bfor (?:example|instance)\b|\be\.g\.|"
    r"\bwould (?!say\b|estimate\b|answer\b|put\b|go with\b|guess\b)\w+|\bwith (?:\w+ ){0,3}instead\b)"
)
_ASKING_START = re.compile(
    r"^(?:\d+[.)]\s*)?(?:what|how|which|compute|calculate|estimate|give|find|derive|report|state|determine|"
    r"roughly|above|under|by)\b"
)
_ASKING = re.compile(
    r"\bhow (?:many|much|long|often|fast|large|big|small)\b|\bwhat (?:is|are|was|fraction|percentage|share|"
    r"probability|value|proportion)\b|\b(?:compute|calculate|estimate|derive|determine)\b"
)
_FOLLOW_ON = re.compile(r"^(?:then|also|finally|next|and|after that|explain|say|describe|name|show|discuss)\b")
_NUMBERED_LINE = re.compile(r"(?m)^\s*\d+[.)]\s")
# A follow-on part of a prompt that changes a given: "say how the answer changes if ...", "what
# happens to the guarantee if ...". A prompt that opens with "If the bandwidth is 100 GB/s, how
# long ..." sets a condition of the asked quantity itself, not a what-if.
_WHAT_IF_PART = re.compile(r"\b(?:chang\w*|happens?|differ\w*|would (?:it|the \w+) be)\b[^.?!]{0,60}?\bif\b")
_ITEM_START = re.compile(r"\s*(?:[-*•]\s|\d+[.)]\s|[\w .()/-]{1,30}:\s)")
_IF_INSTEAD = re.compile(r"\bif\b[^.;]{0,60}\binstead\b")
_AS_ANSWER = re.compile(r"\bas (?:your|the) (?:final )?answer\b|\byour final answer\b|\bfinal answer\b|\bgive the\b")

# Units of measure, to the unit of their dimension: a number in another unit of the asked
# dimension is converted ("1.16 hours" for minutes), one of another dimension is another quantity.
_UNITS: dict[str, tuple[str, float]] = {}
for _names, _dimension, _factor in [
    ("ns nanosecond nanoseconds", "time", 1e-9),
    ("us µs μs microsecond microseconds", "time", 1e-6),
    ("ms msec millisecond milliseconds", "time", 1e-3),
    ("s sec secs second seconds", "time", 1.0),
    ("min mins minute minutes", "time", 60.0),
    ("h hr hrs hour hours", "time", 3600.0),
    ("day days", "time", 86400.0),
    ("week weeks wk wks", "time", 604800.0),
    ("b byte bytes", "memory", 1.0),
    ("kb kilobyte kilobytes", "memory", 1e3),
    ("mb megabyte megabytes", "memory", 1e6),
    ("gb gigabyte gigabytes", "memory", 1e9),
    ("tb terabyte terabytes", "memory", 1e12),
    ("kib", "memory", 2.0**10),
    ("mib", "memory", 2.0**20),
    ("gib", "memory", 2.0**30),
    ("tib", "memory", 2.0**40),
]:
    for _name in _names.split():
        _UNITS[_name] = (_dimension, _factor)
_UNIT_AFTER = re.compile(
    r"[\s*_]*(" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")(?![\w/@^])"
)
_UNIT_STARTS = frozenset(name[0] for name in _UNITS)
# What [\s*_]* skips: "*", "_" and every character \s matches (str.isspace; none is above U+3000).
_UNIT_LEAD = "*_" + "".join(c for c in map(chr, range(0x3001)) if c.isspace())
# First characters (after spaces) that _OPERATOR_AFTER / _CHAIN_AFTER, the last one before the
# number that _OPERATOR_BEFORE, and the first or second one that _FACTOR_AFTER can match on.
_STEP_AFTER_CHARS = frozenset("+×·/^*-−=≈→")
_STEP_BEFORE_CHARS = frozenset("+×·/^*-−(")
_FACTOR_CHARS = frozenset("x×")
# A number after these is something the quantity is compared with, not its value.
_COMPARISON_CHARS = frozenset("<>≥≤")
_COMPARED_VALUE = re.compile(r"[\d%]\s*(?:>=?|<=?|≥|≤)\s*$")
_COMPARED_WITH = re.compile(
    r"(?=[eicaubotwvf])\b(?:exclud|includ|contain|exceed|above|below|under|over|than|beyond|outside|inside|within|"
    rf"versus|vs|against|from|except|without|beat)\w*\s*(?:{APPROX_WORDS}|~|≈)?{BEFORE_VALUE}"
)
_FACTOR_AFTER = re.compile(r"\s?[x×](?![\w(])(?!\s*[\d(])")
_WORD_BEFORE = re.compile(r"([a-z]{2,})[\s@-]$")
_WORD_AFTER = re.compile(r"[\s*_]*([a-z][a-z-]{2,})\b")


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    dimension: str
    factor: float  # in the dimension's base unit (seconds, bytes)


@dataclass(frozen=True, slots=True)
class AskedQuantity:
    """What the prompt asks for, as the words an answer would use to name it."""

    words: frozenset[str]  # content stems of the asking sentence(s), and of the unit
    modifiers: frozenset[int]  # which _MODIFIER_CLASSES the asking sentence uses ("largest")
    indexed: frozenset[tuple[str, str]]  # ("stage", "2") from "give the stage-2 figure"
    unit: Unit | None  # the asked unit when it is a unit of measure (GB, minutes)
    unit_words: frozenset[str]  # stems of a counted unit ("users per arm" -> user, arm)
    # The bank's other names for the quantity (NumericAnswer.names), as stem sequences: a label
    # names the asked quantity when one of them ends it as a phrase ("step size" in "so the step
    # size can go up to"), whatever the prompt calls it. A phrase, not a bag of its words, so a
    # name "impurity decrease" does not make "the parent's impurity" the asked value.
    names: tuple[tuple[str, ...], ...] = ()
    name_words: frozenset[str] = frozenset()
    name_ends: frozenset[str] = frozenset()  # each name's last word, a quick test before the phrase one
    # The numbers of the prompt's what-if part ("say how the answer changes if the lift is 0.5
    # points instead"): an answer's sentence that brings one of them up states the what-if's value.
    what_if: frozenset[float] = frozenset()


@dataclass(frozen=True, slots=True)
class Context:
    """What the words around one number say about it."""

    role: str  # "asked" | "plain" | "other" | "aside" | "step"
    label: str  # the words that name it, for feedback ("condition number")
    unit: Unit | None = None  # a unit of measure written after it
    by_name: bool = False  # named by one of the bank's names for the asked quantity
    contrasted: bool = False  # named like the asked quantity but with another modifier ("expected" for "probability")


def _unstarred(text: str) -> str:
    text = fold(text)
    if "*" not in text and "_" not in text and "′" not in text:
        return text
    unbolded = re.sub(r"\*\*|__", " ", text)
    return re.sub(r"(?<=[^\W\d_])[*′]", "star", unbolded)  # η* is not η


def _content(text: str) -> frozenset[str]:
    """Normalised content words (abbreviations collapsed: "learning rate" -> lr); for the prompt."""
    return frozenset(t for t in normalise(_unstarred(text)).split() if t not in STOPWORDS and not t[0].isdigit())


_WORD = re.compile(r"[^\W\d_]+")
_LABEL_WORD = re.compile(r"[^\W\d_][\w@]*[*′']?|[^\W\d_]")


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """Stemmed content words, without the abbreviation pass: cheap enough for every number."""
    return frozenset(stem(w) for w in _WORD.findall(_unstarred(text)) if w not in STOPWORDS)


def unit_of(name: str | None) -> Unit | None:
    if not name:
        return None
    first = fold(name).split()[0] if name.split() else ""
    if first in _UNITS:
        dimension, factor = _UNITS[first]
        return Unit(first, dimension, factor)
    return None


def _content_stems(words: list[str]) -> tuple[str, ...]:
    """Label words (as _LABEL_WORD finds them), stemmed, in order, without stopwords and generic words."""
    return tuple(s for s in (stem(w) for w in words if w not in STOPWORDS) if s not in _GENERIC)


def _name_stems(name: str) -> tuple[str, ...]:
    """A name's words as a label's are read (so "w*" stays "w*", "2/L" has no word but l)."""
    return _content_stems(_LABEL_WORD.findall(_plain_words(fold(name))))


def _ends_with_name(words: tuple[str, ...], names: tuple[tuple[str, ...], ...], ends: frozenset[str]) -> bool:
    """Does one of `names` end the label's content words, or end one word before their end ("the
    step size can go up to", "eta up to")? Further back it names something else: in "the step
    size for a condition number of", the number is the condition number."""
    n = len(words)
    if not words or (words[-1] not in ends and (n < 2 or words[-2] not in ends)):
        return False
    return any(words[end - len(name) : end] == name for name in names for end in (n, n - 1) if end >= len(name))


@lru_cache(maxsize=256)
def asked_quantity(prompt: str, unit: str | None, names: tuple[str, ...] = ()) -> AskedQuantity:
    """The words of the prompt's asking sentence.

    The sentence that names the answer ("Give MRR as your answer") wins; otherwise the first
    question, not a follow-on part ("Then say which learning rate is fastest"). A numbered list
    of questions with none named as the answer asks for all of them: the words of every item count,
    so no item's value sets another aside.
    """
    parts = sentences(prompt) if prompt else []
    folded = [fold(p) for p in parts]
    # "Report F1 as your answer and say what the numbers tell you about the classifier": the clause.
    # "Then give the expected number of clicks" is a follow-on part, not the answer's name.
    clauses = [(p, c) for p in folded for c in re.split(r"[,;]|\band\b|\bthen\b", p)]
    chosen = [
        c for p, c in clauses if (m := _AS_ANSWER.search(c)) and not (m.group(0) == "give the" and _FOLLOW_ON.match(p))
    ]
    if not chosen:
        asking = [p for p in folded if _ASKING.search(p) or p.rstrip().endswith("?") or _ASKING_START.match(p)]
        primary = [p for p in asking if not _FOLLOW_ON.match(p)]
        numbered = len(_NUMBERED_LINE.findall(prompt)) >= 2
        chosen = asking if numbered else (primary or asking)[:1]
    if not chosen:
        chosen = folded
    text = " ".join(chosen)
    what_if = frozenset(
        value
        for p in folded
        if (m := _WHAT_IF_PART.search(p))
        for token in _NUMBER_TOKEN.findall(p, m.end())
        if (value := _as_float(token)) is not None
    )
    stemmed = tuple(dict.fromkeys(n for n in map(_name_stems, names) if n))
    measure = unit_of(unit)
    unit_words = frozenset() if measure or not unit else _content(unit) | _stems(unit)
    return AskedQuantity(
        # Both forms, so that a label's plain stems meet them: "learning rate" (learn, rate) and lr.
        words=(_content(text) | _stems(text)) - _GENERIC | unit_words,
        modifiers=_modifiers(text),
        indexed=_indexed(text),
        unit=measure,
        unit_words=unit_words,
        names=stemmed,
        name_words=frozenset(w for n in stemmed for w in n),
        name_ends=frozenset(n[-1] for n in stemmed),
        what_if=what_if,
    )


def _as_float(token: str) -> float | None:
    try:
        return float(token.replace(",", "").rstrip("."))
    except ValueError:
        return None


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding position `start` begins: after a full stop, a blank line, or a
    newline that opens a list item or a labelled line ("0.5pt lift: ..."); a newline inside
    wrapped prose does not end a sentence."""
    at = max(0, *(text.rfind(mark, 0, start) + len(mark) for mark in (". ", "? ", "! ", "\n\n")))
    line = text.rfind("\n", at, start)
    while line >= at:
        if _ITEM_START.match(text, line + 1):
            return line + 1
        line = text.rfind("\n", at, line)
    return at


def _what_if_sentence(text: str, start: int, asked: AskedQuantity) -> bool:
    """Does the number's sentence (or line), before it, take up a what-if: one of the prompt's
    what-if numbers ("0.5pt lift: ... ≈ 58k per arm"), or "if ... instead" ("If the lift is 0.5
    points instead, ... around 28,000 per arm")?"""
    head = text[_sentence_start(text, start) : start]
    if "instead" in head and _IF_INSTEAD.search(head):
        return True
    return bool(asked.what_if) and any(
        _as_float(m.group(0)) in asked.what_if and not _operand(head[max(0, m.start() - 24) : m.start()], head[m.end() :])
        for m in _NUMBER_TOKEN.finditer(head)
    )  # "2 × 32 × 4096": a what-if's 32 as an operand is another 32 (the layer count)


def _operand(before: str, after: str) -> bool:
    """Is the number between `before` and `after` a step inside arithmetic ("2 × 32 × 4096",
    "1 − 0.36 = 0.64"), not a value stated on its own?"""
    if after.lstrip()[:1] in _STEP_AFTER_CHARS and (_OPERATOR_AFTER.match(after) or _CHAIN_AFTER.match(after)):
        return True
    return before.rstrip()[-1:] in _STEP_BEFORE_CHARS and _OPERATOR_BEFORE.search(before) is not None


@dataclass(frozen=True, slots=True)
class _Layout:
    """Clause breaks and aside markers of one answer, found once for all its numbers."""

    break_starts: list[int]
    break_ends: list[int]
    asides: list[int]  # start of every aside marker


# Two values as the subject of a verb that weighs them ("45 or 90 minutes costs only a point
# more"): alternatives being compared with the answer, not a hedge between two answers ("the
# interval is 45 or 90 minutes" has them as its complement, and stays a hedge).
_WEIGHED_PAIR = re.compile(
    r"(?<![\w.])\d[\d.,]*\s*(?:%|[a-z]+)?\s+(?:or|to)\s+\d[\d.,]*\s*(?:%|[a-z]+)?\s+(?:(?:only|also|both|each|still)\s+)?"
    r"(?:costs?|gives?|loses?|wastes?|adds?|works?)\b"
)


@lru_cache(maxsize=16)
def _layout(text: str) -> _Layout:
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    asides = sorted([m.start() for m in _ASIDE.finditer(text)] + [m.start() for m in _WEIGHED_PAIR.finditer(text)])
    return _Layout([b[0] for b in breaks], [b[1] for b in breaks], asides)


def _clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause around the number at text[start:end] begins (80 characters back at most)
    and where the words after it end (60 characters on at most)."""
    layout = _layout(text)
    i = bisect_right(layout.break_ends, start) - 1
    lo = max(start - 80, layout.break_ends[i] if i >= 0 else 0, 0)
    j = bisect_left(layout.break_starts, end)
    hi = min(end + 60, layout.break_starts[j] if j < len(layout.break_starts) else len(text))
    return lo, hi


def clause_before(text: str, start: int) -> str:
    """The words of the clause that lead up to position `start`."""
    return text[_clause_span(text, start, start)[0] : start]


def _aside_within(text: str, lo: int, hi: int) -> bool:
    asides = _layout(text).asides
    i = bisect_left(asides, lo)
    return i < len(asides) and asides[i] < hi


def _line_label(text: str, start: int) -> str:
    """A label opening the number's line or sentence ("Stage 2:", "- **Stage 3** (weights too)")."""
    stop = text.rfind(". ", 0, start)
    line_start = max(text.rfind("\n", 0, start) + 1, stop + 2 if stop >= 0 else 0)
    m = _LINE_LABEL.match(text[line_start:start])
    return m.group(1) if m else ""


_DIGIT = re.compile(r"\d")
_OPERATOR_CHARS = frozenset("+*/×·^|√()-")
_DISPLAY_TAIL = frozenset("is are was were be of at by to about around roughly nearly just only so the a an".split())


def _plain_words(segment: str) -> str:
    """A segment with its formulas and numbers removed ("the fastest step is η* = 2/(1+100)")."""
    if not _OPERATOR_CHARS.isdisjoint(segment):
        segment = _FORMULA.sub(" ", segment)
    return _NUMBER_TOKEN.sub(" ", segment) if _DIGIT.search(segment) else segment


def _label(clause: str, asked: AskedQuantity) -> tuple[str, frozenset[str], bool]:
    """The name a clause gives the number that ends it, and whether it is one of the asked
    quantity's `names`.

    In a chain "F1 = 2PR/(P+R) = 0.64/1.2 = 0.533" the name is the nearest segment that is not a
    formula ("F1"); "mtbf = 8 h gives ≈ 1.16" is introduced by a verb, so it has no name.
    """
    for segment in reversed(_RELATION.split(clause)):
        plain = _plain_words(segment)
        found = _LABEL_WORD.findall(plain)
        if not found:
            continue
        while found and found[-1] in _DISPLAY_TAIL:
            found.pop()
        nearest = " ".join(found[-4:])  # the words next to the number name it, not the whole clause
        named = frozenset(
            w
            for w in _stems(nearest)
            if ((len(w) > 1 and w not in _UNITS) or w in asked.words or w in asked.name_words) and w not in _GENERIC
        )
        if not named:
            return "", frozenset(), False  # introduced by a generic word ("gives", "the answer is")
        return nearest, named, bool(asked.names) and _ends_with_name(_content_stems(found), asked.names, asked.name_ends)
    return "", frozenset(), False


def _modifiers(text: str) -> frozenset[int]:
    stems = _stems(text)
    return frozenset(i for i, c in enumerate(_MODIFIER_CLASSES) if c & stems)


def _indexed(text: str) -> frozenset[tuple[str, str]]:
    """Numbered names: ("stage", "2") in "the stage-2 figure", not ("the", "5") in "at the 5% level"."""
    return frozenset((w, n) for w, n in _INDEXED.findall(text) if w not in STOPWORDS and w not in _UNITS)


def _index_verdict(label: str, asked: AskedQuantity) -> str | None:
    """'asked' for a label naming the asked part ("stage 2"), 'other' for a sibling part ("stage 3")."""
    pairs = _indexed(label)
    if any(pair in asked.indexed for pair in pairs):
        return "asked"
    if any(k == w and n != i for w, i in pairs for k, n in asked.indexed):
        return "other"
    return None


@lru_cache(maxsize=16)
def _says_instead(text: str) -> bool:
    """ "instead" in text, asked once per answer, not once per number (~7 µs on a long answer)."""
    return "instead" in text


def context_of(text: str, start: int, end: int, asked: AskedQuantity) -> Context:
    """The role of the number at text[start:end] (`text` folded as for extraction)."""
    before = text[max(0, start - 24) : start]
    after = text[end : end + 40]
    # Cheap first-character tests guard the regexes (each is necessary for its regex to match).
    if _operand(before, after):
        return Context("step", "")
    if (after[:1] in _FACTOR_CHARS or after[1:2] in _FACTOR_CHARS) and _FACTOR_AFTER.match(after):
        return Context("other", "a factor")  # "2× smaller", "10x faster": a ratio, not the quantity
    number = text[start:end]
    if number.isdigit() and len(number) <= 2 and _INDEX_BEFORE.search(before) and _INDEX_AFTER.match(after):
        return Context("step", "")  # "Stage 1:", "q3)" name a part, they are not values
    if asked.indexed and (w := _WORD_BEFORE.search(before)) and w.group(1) in {k for k, _ in asked.indexed}:
        return Context("step", "")  # "stage 1/2 add a reduce-scatter": the number is the part's index
    unit = None
    if after.lstrip(_UNIT_LEAD)[:1] in _UNIT_STARTS and (m := _UNIT_AFTER.match(after)):
        dimension, factor = _UNITS[m.group(1)]
        unit = Unit(m.group(1), dimension, factor)
    lo, hi = _clause_span(text, start, end)
    clause = text[lo:start]
    if _aside_within(text, lo, hi) or ((asked.what_if or _says_instead(text)) and _what_if_sentence(text, start, asked)):
        return Context("aside", _label(clause, asked)[0], unit)
    if unit is not None and (asked.unit is None or asked.unit.dimension != unit.dimension):
        return Context("other", unit.name, unit)  # "10 ms" when a probability or a size is asked
    if asked.indexed:
        line = _line_label(text, start)
        if verdict := _index_verdict(line + " " + clause, asked):
            return Context(verdict, line or clause.strip(), unit)
    if not asked.words and not asked.names:
        return Context("plain", "", unit)
    if m := _COMPARED_WITH.search(clause):
        return Context("other", m.group(0).strip(), unit)  # "the interval excludes 0.5": a reference value
    if before.rstrip()[-1:] in _COMPARISON_CHARS and _COMPARED_VALUE.search(before):
        return Context("other", "compared with")  # "lower bound ≈ 0.53 > 0.5": 0.5 is the reference
    label, words, by_name = _label(clause, asked)
    if words and (asked.words or asked.names):
        # "best: η = 2/101 ≈ 0.0198": a line's label says which η, when the clause does not.
        modifiers = _modifiers(label) or _modifiers(_line_label(text, start))
        contrasted = bool(modifiers and asked.modifiers and not modifiers & asked.modifiers)
        named = bool(words & asked.words) or by_name
        asked_here = named and not contrasted
        return Context(
            "asked" if asked_here else "other", label, unit, by_name=asked_here and by_name, contrasted=named and contrasted
        )
    if unit is None and (w := _WORD_AFTER.match(after)):
        noun = w.group(1)
        if noun.endswith("s") and noun not in _NOT_COUNTED and noun not in STOPWORDS:
            counted = _stems(noun)
            return Context("asked" if counted & (asked.words | asked.unit_words) else "other", noun, unit)
    return Context("plain", "", unit)
