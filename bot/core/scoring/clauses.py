"""Clauses and negation scope: which words of a sentence are affirmed and which are denied.

A sentence is cut into clauses at punctuation outside brackets and before connectives ("but",
"because", "rather than", ...). Within a clause, a negator ("not", "no", "never", "without",
"rather than", "instead of", "wrong to", contractions such as "isn't") denies the words after it,
up to the end of the clause. Three wider forms deny more:
- a negator followed only by a dismissive tail ("rolling back is not needed") denies the whole
  clause, subject included;
- a clause that only says "which is wrong", "but it's not", "that's a myth" denies the clauses
  before it, and a sentence that only says so ("Not true.") denies the sentence before;
- "the misconception is that ...", "it's a myth that ..." deny the rest of the sentence.
Two negations cancel ("not without").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.scoring.lexicon import (
    COPULAS,
    DISMISSIVE_TAIL,
    FALSIFIERS,
    NEGATING_PAIRS,
    NEGATORS,
    NOT_NEGATING,
    SENTENCE_SCOPE_PAIRS,
)
from bot.core.scoring.text import STOPWORDS, normalise

COMPARED_PAIRS = frozenset({("rather", "than"), ("instead", "of")})
_OPENERS = NEGATORS | {a for a, _ in NEGATING_PAIRS}  # the words a negation scope can open with
COMPARED_WORDS = 2  # "rather than X" denies the next two content words, not the rest of the clause

_CONNECTIVE = re.compile(
    r"\s+(?=(?:but|however|although|though|whereas|yet|because|since|so|unless|while|whilst|which|"
    r"rather than|instead of|and (?:i|we|they|he|she|then|so))\b|(?:->|→|=>)\s)",
    re.IGNORECASE,
)
_PUNCT_BREAK = re.compile(r"[,;]\s|:\s|\s[-–—]\s|—|\s\(|\)\s|\?\s")
# Where the bracket-aware split can change state: a bracket, or where _PUNCT_BREAK can match.
# Every other character is stepped over without effect, so the split jumps between these.
_SPLIT_STATE = re.compile(r"[()\[\]{},;:—?]|\s(?=[-–—]\s|\()")


@dataclass(frozen=True, slots=True)
class Clause:
    text: str  # the original wording, for evidence
    start: int  # index of its first token in the sentence
    end: int  # one past its last token


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    text: str
    tokens: tuple[str, ...]
    negated: tuple[bool, ...]
    clauses: tuple[Clause, ...]
    clause_of: tuple[int, ...]  # token index -> clause index

    def quote(self, first: int, last: int) -> str:
        """The original text of the clauses that hold tokens first..last (never a part-clause)."""
        a, b = self.clause_of[first], self.clause_of[last]
        text = " ".join(c.text for c in self.clauses[a : b + 1]).strip()
        if len(text.split()) < 4:  # a bare "so I" is no evidence: show the sentence
            return self.text
        return text


def split_clauses(sentence: str) -> list[str]:
    """Clause texts in order; brackets are never cut, so "(-count, token)" stays whole."""
    pieces: list[str] = []
    if "(" not in sentence and "[" not in sentence and "{" not in sentence:  # no brackets to protect: one regex pass
        start = 0
        for m in _PUNCT_BREAK.finditer(sentence):
            pieces.append(sentence[start : m.start() + 1])
            start = m.end()
        pieces.append(sentence[start:])
        return [clause for piece in pieces for c in _CONNECTIVE.split(piece) if (clause := c.strip())]
    depth, start, i = 0, 0, 0
    while (at := _SPLIT_STATE.search(sentence, i)) is not None:
        i = at.start()
        ch = sentence[i]
        if ch in "([{":
            if ch == "(" and depth == 0 and i > 0 and sentence[i - 1] == " ":  # an aside, not "[]"
                pieces.append(sentence[start:i])
                start = i
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0:
            m = _PUNCT_BREAK.match(sentence, i)
            if m and not m.group(0).startswith((" (", ")")):
                pieces.append(sentence[start : i + 1])
                start = m.end()
                i = m.end()
                continue
        i += 1
    pieces.append(sentence[start:])
    clauses: list[str] = []
    for piece in pieces:
        clauses.extend(p for p in _CONNECTIVE.split(piece) if p.strip())
    return [c.strip() for c in clauses if c.strip()]


_FILLER = frozenset(("but", "and", "which", "a", "an", "the", "common", "complete", "total"))


def _is_falsifier_clause(tokens: list[str]) -> bool:
    """ "which is wrong", "but it is not", "that is a myth", "not true" """
    first, last = tokens[0] if tokens else "", tokens[-1] if tokens else ""
    if first not in _FILLER and last not in _FILLER and first != "not" and last != "not" and last not in FALSIFIERS:
        return False  # most clauses: their core neither ends on a falsifier or "not" nor opens with "not"
    core = [t for t in tokens if t not in _FILLER]
    if not core or len(core) > 5:
        return False
    if core[-1] in FALSIFIERS or core[-1] == "not":
        return all(t in COPULAS or t in FALSIFIERS or t == "not" for t in core)
    if core[0] == "not" and all(t in DISMISSIVE_TAIL for t in core[1:]):
        return True
    return False


def is_falsifier_sentence(sentence: str) -> bool:
    return _is_falsifier_clause(normalise(sentence).split())


def is_falsifier_tokens(tokens: tuple[str, ...]) -> bool:
    """The same test on a sentence already normalised ("Not true." -> ("not", "true"))."""
    return _is_falsifier_clause(list(tokens))


def _clause_flags(tokens: list[str]) -> tuple[list[bool], bool]:
    """Negation flags for one clause, and whether a scope runs on to the end of the sentence."""
    flags = [False] * len(tokens)
    if _OPENERS.isdisjoint(tokens) and (len(tokens) < 3 or tokens[-1] not in FALSIFIERS):
        return flags, False  # most clauses: nothing opens a negation, nothing calls it false
    to_sentence_end = False
    i = 0
    while i < len(tokens):
        pair = (tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
        if pair in NOT_NEGATING:
            i += 2
            continue
        width = 2 if pair in NEGATING_PAIRS else 1 if tokens[i] in NEGATORS else 0
        if width:
            tail = tokens[i + width :]
            if tail and all(t in DISMISSIVE_TAIL or t in STOPWORDS for t in tail):
                flags = [not f for f in flags[:i]] + flags[i:]  # "rolling back is not needed"
            end = len(tokens)
            if pair in COMPARED_PAIRS:  # "rather than full fine-tuning": the compared phrase only
                content = [j for j in range(i + width, len(tokens)) if tokens[j] not in STOPWORDS]
                if len(content) > COMPARED_WORDS:
                    end = content[COMPARED_WORDS]
            for j in range(i + width, end):
                flags[j] = not flags[j]
            if pair in SENTENCE_SCOPE_PAIRS:
                to_sentence_end = True
            i += width
            continue
        i += 1
    # "... in production is wrong": a clause that ends by calling itself false denies itself.
    if len(tokens) >= 3 and tokens[-1] in FALSIFIERS and tokens[-2] in COPULAS | {"a", "common"}:
        flags = [not f for f in flags]
    return flags, to_sentence_end


def parse_sentence(sentence: str) -> ParsedSentence:
    texts = split_clauses(sentence)
    return assemble(sentence, texts, [normalise(t).split() for t in texts])


CLAUSE_MARK = "qzq1c"  # survives normalisation as one token: the clause breaks of a batch
SENTENCE_MARK = "qzq1s"


def parse_sentences(raw: list[str]) -> list[ParsedSentence]:
    """parse_sentence for many sentences with one normalisation pass over all their clauses."""
    texts = [split_clauses(s) for s in raw]
    batch = f" {SENTENCE_MARK} ".join(f" {CLAUSE_MARK} ".join(t) for t in texts)
    per_sentence: list[list[list[str]]] = [[[]]]
    for token in normalise(batch).split():
        if token == SENTENCE_MARK:
            per_sentence.append([[]])
        elif token == CLAUSE_MARK:
            per_sentence[-1].append([])
        else:
            per_sentence[-1][-1].append(token)
    if len(per_sentence) != len(raw) or any(len(c) != len(t) for c, t in zip(per_sentence, texts, strict=False)):
        return [parse_sentence(s) for s in raw]  # a mark was swallowed: fall back, one by one
    return [assemble(s, t, c) for s, t, c in zip(raw, texts, per_sentence, strict=True)]


def assemble(sentence: str, texts: list[str], clause_tokens: list[list[str]]) -> ParsedSentence:
    tokens: list[str] = []
    negated: list[bool] = []
    clauses: list[Clause] = []
    clause_of: list[int] = []
    carry = False  # a sentence-wide scope opened by an earlier clause
    for text, toks in zip(texts, clause_tokens, strict=True):
        if not toks:
            continue
        if clauses and _is_falsifier_clause(toks):
            negated = [not f for f in negated]  # "..., but that is wrong"
        flags, to_end = _clause_flags(toks)
        if carry:
            flags = [not f for f in flags]
        carry = carry or to_end
        clauses.append(Clause(text, len(tokens), len(tokens) + len(toks)))
        clause_of.extend([len(clauses) - 1] * len(toks))
        tokens.extend(toks)
        negated.extend(flags)
    if not clauses:
        clauses.append(Clause(sentence, 0, 0))
    return ParsedSentence(sentence, tuple(tokens), tuple(negated), tuple(clauses), tuple(clause_of))


def deny(parsed: ParsedSentence) -> ParsedSentence:
    """The same sentence with every word denied (the next sentence said "That's wrong.")."""
    return ParsedSentence(
        parsed.text, parsed.tokens, tuple(not f for f in parsed.negated), parsed.clauses, parsed.clause_of
    )
