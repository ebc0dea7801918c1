"""Keyword-stuffing detection, judged by structure: does the answer reason, or only list terms?

The answer's prose is cut into segments (sentences, list items, comma/semicolon pieces). A
segment *reasons* when it has a connective ("because", "so", "which", "if", "b/c"), a relation
written as a symbol ("fp = 5% of 9900", "tp -> ppv"), or a verb in a segment of five words or
more; a long segment (seven words or more) with its function words counts too. Short verb
fragments in a list ("divide by the sum, random is 0.5") do not. Terse chat answers reason in few words and are spared; a pile of nouns
("bayes, base rate, false positives, prevalence") is not. An answer is stuffed when it is made
mostly (by words) of rubric terms in segments that do not reason, or when it repeats itself
without reasoning in most of its words.
Off-topic answers are not stuffing (they are weak for another reason): the answer's content
words must come from the rubric's phrases at least MIN_RUBRIC_DENSITY of the time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from bot.core.scoring.text import STOPWORDS, content_tokens, fold, normalise, sentences, without_code, words

MIN_WORDS = 4  # below this there is not enough text to judge
MIN_RUBRIC_DENSITY = 0.3  # stuffing means piling up *rubric* terms
MAX_LISTED_SHARE = 0.6  # more of the words than this in non-reasoning segments: a list
LONG_SEGMENT = 7
REPEATS_REASONING = 0.5  # repetition makes stuffing only below this share of reasoning words

_VERBS = frozenset(
    """is are was were be been being am has have had do does did can could will would should may might
    must need needs use uses used using get gets got make makes made give gives gave take takes took
    keep keeps kept put puts set sets see sees saw know knows think thinks mean means compute computes
    computed divide divides multiply add adds subtract apply applies train trains fit fits predict
    predicts sort sorts return returns drop drops pick picks choose chooses check checks measure
    measures compare compares split splits send sends store stores cache caches serve serves run runs
    ran call calls build builds built write writes wrote read reads show shows goes go went falls fall
    rises rise matter matters dominate dominates outnumber outnumbers swamp swamps increase increases
    decrease decreases reduce reduces grow grows lead leads led cause causes stay stays become becomes
    became let lets say says said ask asks asked tell told want wants try tries tried start started
    stop stops help helps work works worked ship shipped owned own owns ran handle handles avoid avoids
    prefer prefers depend depends scale scales look looks find finds found pay pays cost costs beat
    beats ignore ignores miss misses missed catch catches caught flag flags rank ranks retrain
    retrains sample samples weigh weighs weight weights estimate estimates tune tunes hurt hurts
    subtract subtracts shift shifts normalise normalize normalises normalizes clip clips scale""".split()
)
_CONNECTIVES = frozenset(
    """because since so therefore thus hence which if then but while whereas when unless although though
    otherwise means meaning since instead rather""".split()
)
_RELATION = re.compile(r"=|≈|->|→|=>|<|>|\bb/c\b")
VERB_SEGMENT = 5  # a verb makes a segment reason once it has this many words ("random is 0.5" does not)


@dataclass(frozen=True, slots=True)
class StuffingSignals:
    word_count: int
    segments: int
    reasoning_share: float  # share of words in segments that reason
    repetition: float  # share of content words that repeat an earlier one
    rubric_density: float  # share of content words that come from rubric phrases

    @property
    def stuffed(self) -> bool:
        if self.word_count < MIN_WORDS or self.rubric_density < MIN_RUBRIC_DENSITY:
            return False  # terse or off-topic answers are weak, but they are not keyword stuffing
        if self.reasoning_share < 1 - MAX_LISTED_SHARE and (self.segments >= 3 or self.word_count >= 8):
            return True
        # Repeating the rubric's terms is stuffing only in an answer that mostly does not reason: a
        # long explanation says "token" and "draft" many times (a 496-word derivation that reasons
        # in 94% of its words repeated 54% of its content words).
        return self.repetition > 0.5 and self.rubric_density > 0.4 and self.reasoning_share < REPEATS_REASONING


@lru_cache(maxsize=1024)
def _vocabulary(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for phrase in phrases for t in content_tokens(normalise(phrase)))


_SEGMENT_BREAK = re.compile(r"[,;]\s*|\s+[-–—]\s+|\s+\|\s+")
_SEGMENT_WORD = re.compile(r"[a-z0-9'/]+")
_WORD = re.compile(r"[a-z0-9']+")  # as text.words


def _segments(prose: str) -> list[str]:
    pieces: list[str] = []
    for sentence in sentences(prose):
        pieces.extend(p for p in _SEGMENT_BREAK.split(sentence) if p.strip())
    return pieces


_SETTING = re.compile(r"[a-z]\w*\s+[~≈]?\s*(?:\d+(?:\.\d+)?(?:e-?\d+)?|\.\d+)(?![\w.])")  # "adamw 3e-5", "wd .01"
_RELATING = frozenset("by per on to into onto over for from with w/ not instead".split())  # not "vs": "tpr vs fpr" lists


def _relates(seg_words: list[str]) -> bool:
    """A preposition between two content words: "merge overlaps by taking", "map back to chars"."""
    return any(
        w in _RELATING and seg_words[i - 1] not in STOPWORDS and seg_words[i + 1] not in STOPWORDS
        for i, w in enumerate(seg_words[1:-1], 1)
    )


def _reasons(folded: str) -> bool:
    """Does this segment (folded) reason?"""
    seg_words = _SEGMENT_WORD.findall(folded)
    if _RELATION.search(folded):
        return True
    if len(seg_words) >= 2 and (m := _SETTING.search(folded)) and m.group(0).split()[0] not in STOPWORDS:
        return True  # a concrete setting ("AdamW 3e-5", "stride ~128"): a decision; not "random is 0.5"
    if len(seg_words) >= 3 and _relates(seg_words):
        return True
    if len(seg_words) >= LONG_SEGMENT and sum(w in STOPWORDS for w in seg_words) >= 0.2 * len(seg_words):
        return True  # a long stretch of prose with its function words
    long_enough = len(seg_words) >= VERB_SEGMENT or (
        len(seg_words) >= 3 and seg_words[0] in ("i", "we", "you", "it", "they", "this", "that")
    )  # "I subtract the max": a subject and its verb
    for w in seg_words:
        base = w.split("'")[0]
        if base in _CONNECTIVES:
            return True
        verb = base in _VERBS or (len(base) > 4 and base.endswith("ed")) or "'" in w
        if verb and long_enough:
            return True
    return False


def _content(answer: str, prose: str, tokens: list[str] | None) -> list[str]:
    """The prose's content words: from the caller's normalised `tokens` unless code was cut out."""
    if tokens is not None and prose == answer:
        return [t for t in tokens if t not in STOPWORDS]
    return content_tokens(normalise(prose))


def _repetition(content: list[str]) -> float:
    """Share of content words that repeat an earlier one."""
    if not content:
        return 0.0
    return sum(c - 1 for c in Counter(content).values()) / len(content)


def _rubric_density(content: list[str], rubric_phrases: list[str]) -> float:
    """Share of content words that come from the rubric's phrases."""
    if not content:
        return 0.0
    vocab = _vocabulary(tuple(rubric_phrases))
    return sum(t in vocab for t in content) / len(content)


def stuffing_signals(
    answer: str, rubric_phrases: list[str], tokens: list[str] | None = None
) -> StuffingSignals:
    """Signals computed on the prose only: code is meant to be terse and is not stuffing.

    `tokens`, when the caller has them, are the answer's normalised words (saves a pass).
    """
    prose = without_code(answer)
    all_words = words(prose)
    if not all_words:
        return StuffingSignals(0, 0, 0.0, 0.0, 0.0)
    segments = [fold(s) for s in _segments(prose)]
    sizes = [len(_WORD.findall(s)) for s in segments]
    reasoning = sum(n for s, n in zip(segments, sizes, strict=True) if _reasons(s))
    content = _content(answer, prose, tokens)
    return StuffingSignals(
        word_count=len(all_words),
        segments=len(segments),
        reasoning_share=reasoning / max(1, sum(sizes)),
        repetition=_repetition(content),
        rubric_density=_rubric_density(content, rubric_phrases),
    )


def looks_stuffed(answer: str, rubric_phrases: list[str], tokens: list[str] | None = None) -> bool:
    """`stuffing_signals(...).stuffed`, reading the segments only when the verdict depends on them:
    an off-topic or repetitive answer is decided by its words alone, and the segments are read
    only until enough of them reason (on an 8,000-character answer they cost ~4 ms in all)."""
    prose = without_code(answer)
    # The verdict asks only whether there are MIN_WORDS words, and 8: count no further.
    word_count = sum(1 for _ in islice(_WORD.finditer(fold(prose)), 8))
    if word_count < MIN_WORDS:
        return False
    content = _content(answer, prose, tokens)
    density, repetition = _rubric_density(content, rubric_phrases), _repetition(content)
    if density < MIN_RUBRIC_DENSITY:
        return False
    repeats = repetition > 0.5 and density > 0.4
    segments = [fold(s) for s in _segments(prose)]
    listed = len(segments) >= 3 or word_count >= 8
    if not (repeats or listed):
        return False
    # The reasoning share from which neither rule calls it stuffed: read segments until it is reached.
    enough = REPEATS_REASONING if repeats else 1 - MAX_LISTED_SHARE
    sizes = [len(_WORD.findall(s)) for s in segments]
    total = max(1, sum(sizes))
    reasoning = 0
    for s, n in zip(segments, sizes, strict=True):
        if _reasons(s):
            reasoning += n
            if reasoning / total >= enough:
                return False  # the share only grows from here
    share = reasoning / total
    return (listed and share < 1 - MAX_LISTED_SHARE) or (repeats and share < REPEATS_REASONING)
