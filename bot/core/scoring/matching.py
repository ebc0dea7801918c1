"""Phrase matching that respects meaning.

A rubric or misconception phrase is compiled once into
- its words: content words (matched loosely: plural and tense forms, a typo, a longer form) and
  the function words that carry meaning (pronouns, comparatives), matched exactly and next to
  the word they belong to ("I asked" is not "our VP asked");
- its code segments: stretches with operators, signs or brackets ("(-count, token)",
  "start <= end", "n_pos * n_neg"), matched symbol for symbol, spaces aside;
- its polarity: whether the phrase itself denies something ("l2 is not weight decay").

A content word of a phrase of two or more content words is also matched by the members of its
synonym group (`SYNONYMS` in lexicon.py: "told my manager" by "informed my lead"), each by its
own forms (not a typo of it), never by a synonym's synonym.

A phrase is found in a sentence when all its words sit within a short window of one sentence,
none of its confusable technical terms is stood in for by a look-alike (see `lexicon.py`), no
opposite of one of its words sits in that window (a contradiction), and the window's polarity
(see `clauses.py`) equals the phrase's: "rather than roll back" does not earn "roll back", and
"L2 and weight decay are identical" does not earn "l2 is not weight decay".

Regex `patterns` run on the folded sentence; a match inside a negation scope does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from rapidfuzz.distance import OSA

from bot.core.scoring.clauses import (
    ParsedSentence,
    deny,
    is_falsifier_tokens,
    parse_sentence,
    parse_sentences,
)
from bot.core.scoring.lexicon import (
    ANTONYM_PAIRS,
    COMPARATIVES,
    CONFUSABLE,
    NEGATING_PAIRS,
    NEGATORS,
    PRONOUN_GROUPS,
    SYNONYMS,
)
from bot.core.scoring.needles import Haystack, needles
from bot.core.scoring.text import STOPWORDS, CharMap, fold, normalise, regex_top_level, sentences, stem

FUNCTION_DISTANCE = 3  # a pronoun or comparative sits at most this many words from its partner
MAX_GAP = 4  # at most this many other words between two consecutive words of a phrase
SLIGHT_LETTERS = 4  # a phrase with fewer letters of content words ("q and k") must appear word for word
MAX_PREFIX_EXTRA = 5  # "max" ~ "maximum": a longer form may add this many letters
SYNONYM_MIN_WORDS = 2  # a phrase takes synonyms for its words when it has this many content words


# ---- code-like text -----------------------------------------------------------------------

_OP_CHARS = set("()[]{}<>=*+-/^_!|%:,.")
_CODE_MARK = re.compile(r"[()\[\]{}<>=*+^_!|×·≤≥≠]|\d\s*x\s*\d|\s[-−]\s|(?<=[(\[,=])\s*-|\*\*")
_SYMBOLS = CharMap({"≤": "<=", "≥": ">=", "≠": "!=", "×": "*", "·": "*", "−": "-", "–": "-"})


_SIGNATURE = re.compile(r"\s*(?:async\s+)?def\s+\w+\s*\(")


def looks_like_code(phrase: str) -> bool:
    return bool(_CODE_MARK.search(phrase))


_SPACE_BEFORE_OP = re.compile(r" +(?=[)\]}<>=*+\-/^_!|%:,.])")
# Written to start with what they match, not with a look-behind: a regex that starts with an
# assertion is tried at every position of the text (0.1 ms and more on a long answer).
_SPACE_AFTER_OP = re.compile(r"([(\[{<>=*+\-/^_!|%:,]) +")
LONG_CODE_TEXT = 300
_OPS_BEFORE = ")]}<>=*+-/^_!|%:,."  # as _SPACE_BEFORE_OP
_OPS_AFTER = "([{<>=*+-/^_!|%:,"  # as _SPACE_AFTER_OP
_TIMES_X = re.compile(r"(\d)\s*x\s*(?=\d)")  # "111 x 111" is "111 × 111"


@lru_cache(maxsize=8192)
def code_form(text: str) -> str:
    """Folded text with symbols unified and spaces dropped wherever an operator or bracket is."""
    text = _TIMES_X.sub(r"\1*", _SYMBOLS(fold(text)).replace("**", "^"))
    text = " ".join(text.split())  # white space runs to one space, ends stripped
    if len(text) < LONG_CODE_TEXT:
        return _SPACE_AFTER_OP.sub(r"\1", _SPACE_BEFORE_OP.sub("", text))
    # The only white space left is single spaces, so _SPACE_BEFORE_OP and then _SPACE_AFTER_OP
    # are one str.replace per operator (a removed space never makes a new pair); the regexes'
    # "\1" template cost a Python call per match, ~1 ms on a long answer (on a clause, the
    # ~35 replace calls cost more than the two regexes).
    for op in _OPS_BEFORE:
        text = text.replace(" " + op, op)
    for op in _OPS_AFTER:
        text = text.replace(op + " ", op)
    return text


def _code_segments(phrase: str) -> tuple[list[str], str]:
    """(code segments, the rest of the phrase as words) of a code-like phrase."""
    runs = code_form(phrase).split(" ")
    segments: list[str] = []
    words: list[str] = []
    current = ""
    depth = 0
    for run in runs:
        depth += sum(run.count(c) for c in "([{") - sum(run.count(c) for c in ")]}")
        current = f"{current} {run}" if current else run
        if depth > 0:
            continue
        if any(c in "()[]{}<>=*+^_!|" for c in current) or re.search(r"\d-|-\d|^-|\w-\w*\(", current):
            segments.append(current)
        else:
            words.append(current)
        current, depth = "", 0
    if current:
        segments.append(current)
    return segments, " ".join(words)


_ARITHMETIC = frozenset("+-*/^")


def _segment_in(segment: str, text: str) -> int:
    """Index of `segment` in `text` with word boundaries at alphanumeric ends, or -1. An equation
    or comparison ("m2 = m2_a + m2_b", "start <= end") whose other side the text goes on with
    ("m2 = m2_a + m2_b + delta^2 ...", "start <= end + 1") is another one, not this."""
    start = 0
    equation = "=" in segment
    while (at := text.find(segment, start)) >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(segment)] if at + len(segment) < len(text) else " "
        ok_before = not (segment[0].isalnum() or segment[0] == "_") or not (before.isalnum() or before == "_")
        ok_after = not (segment[-1].isalnum() or segment[-1] == "_") or not (after.isalnum() or after == "_")
        if equation and after in _ARITHMETIC:
            ok_after = False
        if ok_before and ok_after:
            return at
        start = at + 1
    return -1


# ---- compiled phrases ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    token: str
    function: bool  # a pronoun or comparative: exact, and next to its partner word


@dataclass(frozen=True, slots=True)
class Phrase:
    raw: str
    words: tuple[Word, ...]
    segments: tuple[str, ...]
    negative: bool
    exact: tuple[str, ...] = ()  # a phrase too slight to match loosely ("for any q and k"): these tokens, in a row
    ordered: bool = False  # a number follows its word: "output is 111" is not "111 + 1 ... the output"

    @property
    def empty(self) -> bool:
        return not self.words and not self.segments


def _is_number(token: str) -> bool:
    return token.replace(".", "", 1).isdigit()


def _opener_positions(tokens: tuple[str, ...]) -> set[int]:
    """Positions of the words that open a negation ("not", "rather than"): not matched as words."""
    found: set[int] = set()
    for i, t in enumerate(tokens):
        if t in NEGATORS:
            found.add(i)
        elif i + 1 < len(tokens) and (t, tokens[i + 1]) in NEGATING_PAIRS:
            found.update((i, i + 1))
    return found


# The bundled bank alone holds ~41,000 distinct phrases: at 16,384 a worker serving all of it
# recompiled a question's phrases (~50 µs each) on most of its scorings. ~0.6 KB a phrase.
@lru_cache(maxsize=65536)
def compile_phrase(raw: str) -> Phrase:
    segments: list[str] = []
    text = raw
    if looks_like_code(raw):
        segments, text = _code_segments(raw)
    parsed = parse_sentence(text) if text.strip() else None
    words: list[Word] = []
    negative = False
    if parsed is not None and parsed.tokens:
        toks = parsed.tokens
        openers = _opener_positions(toks)
        content_at = [i for i, t in enumerate(toks) if i not in openers and t not in STOPWORDS]
        negative = bool(openers) and (bool(segments) or (bool(content_at) and parsed.negated[content_at[-1]]))
        for i, t in enumerate(toks):
            if i in openers:
                continue
            if t in PRONOUN_GROUPS or t in COMPARATIVES:
                words.append(Word(t, True))
            elif t not in STOPWORDS:
                words.append(Word(t, False))
        if not words and not segments:  # a phrase of stop words only: keep them all
            words = [Word(t, False) for i, t in enumerate(toks) if i not in openers]
        distinct = {w.token for w in words if not w.function}
        lone = len(distinct) <= 1 and len(toks) >= 3 and not any(w.function for w in words)
        slight = sum(len(t) for t in distinct) < SLIGHT_LETTERS or lone
        if not segments and slight:  # "it is still there", "mean of the means": word for word
            exact = tuple(t for i, t in enumerate(toks) if i not in openers)
            return Phrase(raw, tuple(words), (), negative, exact)
    ordered = any(_is_number(w.token) for w in words)
    return Phrase(raw, tuple(words), tuple(segments), negative, (), ordered)


# ---- the answer, indexed once -------------------------------------------------------------


def _typos_allowed(word: str) -> int:
    return 1 if len(word) < 10 else 2


@lru_cache(maxsize=65536)
def token_matches(wanted: str, token: str) -> bool:
    """Does answer token `token` stand for phrase word `wanted`?"""
    if wanted == token:
        return True
    if wanted in CONFUSABLE or token in CONFUSABLE:
        return False
    if not wanted.isalpha() or not token.isalpha():
        return False
    if wanted in COMPARATIVES or token in COMPARATIVES or wanted in PRONOUN_GROUPS:
        return False
    if len(wanted) >= 4 and token.startswith(wanted) and len(token) - len(wanted) <= MAX_PREFIX_EXTRA:
        return True
    return (
        len(wanted) >= 5
        and wanted[0] == token[0]
        and OSA.distance(wanted, token, score_cutoff=_typos_allowed(wanted)) <= _typos_allowed(wanted)
    )


@lru_cache(maxsize=65536)
def synonym_matches(synonym: str, token: str) -> bool:
    """Does answer token `token` stand for `synonym`, a member of a phrase word's group? By its
    own forms only (the stem, a longer form: "lead" ~ "leader"), never by a typo: a typo of a
    synonym is two steps from the phrase word ("start" would take "stat")."""
    return synonym == token or (token.startswith(synonym) and token_matches(synonym, token))


@dataclass(frozen=True, slots=True)
class Hit:
    sentence: int
    evidence: str


INDEX_AFTER = 60  # tokens looked up one scan each before sentences_with indexes every token


@dataclass
class AnswerIndex:
    """An answer cut into parsed sentences, with what the matcher needs precomputed."""

    text: str
    parsed: list[ParsedSentence]
    positions: list[dict[str, list[int]]]
    vocab: list[str]  # sorted unique tokens
    folded: list[str]
    _matching: dict[tuple[str, bool], tuple[str, ...]] = field(default_factory=dict)
    _code: dict[int, list[str]] = field(default_factory=dict)
    _sentences_with: dict[str, frozenset[int]] = field(default_factory=dict)
    _whole_code: str | None = None
    _first_letters: dict[str, list[str]] | None = None

    @property
    def whole_code(self) -> str:
        """code_form of the whole answer: a code segment absent from it is absent everywhere."""
        if self._whole_code is None:
            self._whole_code = code_form(self.text)
        return self._whole_code

    def code(self, s: int) -> list[str]:
        """code_form of each clause of sentence `s` (computed when a code phrase first asks)."""
        forms = self._code.get(s)
        if forms is None:
            forms = self._code[s] = [code_form(c.text) for c in self.parsed[s].clauses]
        return forms

    @cached_property
    def claim_sentences(self) -> set[int] | None:
        """The sentences a claim said in words can be made in: all but a function's signature
        line, whose names the question gives (`def best_gini_split(values, labels):` does not say
        "split at the values"); None when there is no such line. The body of the code still
        counts: `key=lambda w: sum(map(ord, w))` does say "sum of the codes"."""
        if "def " not in self.text:
            return None
        signatures = {s for s, p in enumerate(self.parsed) if _SIGNATURE.match(p.text)}
        return set(range(len(self.parsed))) - signatures if signatures else None

    @cached_property
    def whole_folded(self) -> str:
        """Every sentence's folded text, joined: a needle absent from it is absent everywhere."""
        return self.haystack.whole

    @cached_property
    def haystack(self) -> Haystack:
        """The folded sentences, searched for a pattern's needles all at once."""
        return Haystack(self.folded)

    def sentence_code(self, s: int) -> str:
        """code_form of the whole sentence `s`."""
        return code_form(self.parsed[s].text)

    def sentences_with(self, token: str) -> frozenset[int]:
        found = self._sentences_with.get(token)
        if found is None:
            if len(self._sentences_with) < INDEX_AFTER:
                found = frozenset(s for s, where in enumerate(self.positions) if token in where)
            else:
                found = frozenset(self._token_sentences.get(token, ()))
            self._sentences_with[token] = found
        return found

    @cached_property
    def _token_sentences(self) -> dict[str, list[int]]:
        """token -> the sentences that hold it, in order: one pass over the answer, which costs
        what ~INDEX_AFTER scans for one token each do (a long answer's rubric asks for ~200)."""
        found: dict[str, list[int]] = {}
        for s, where in enumerate(self.positions):
            for token in where:
                found.setdefault(token, []).append(s)
        return found

    @classmethod
    def build(cls, answer: str) -> AnswerIndex:
        parsed: list[ParsedSentence] = []
        for p in parse_sentences(sentences(answer)):
            if parsed and len(p.tokens) <= 6 and is_falsifier_tokens(p.tokens):
                parsed[-1] = deny(parsed[-1])  # "Dropout stays on at test time. Not true."
            parsed.append(p)
        positions: list[dict[str, list[int]]] = []
        vocab: set[str] = set()
        for p in parsed:
            where: dict[str, list[int]] = {}
            for i, t in enumerate(p.tokens):
                where.setdefault(t, []).append(i)
            positions.append(where)
            vocab.update(where)
        return cls(
            text=answer,
            parsed=parsed,
            positions=positions,
            vocab=sorted(vocab),
            folded=[fold(p.text) for p in parsed],
        )

    def matching_tokens(self, wanted: str, synonyms: bool = False) -> tuple[str, ...]:
        """The answer's tokens that stand for `wanted` and, with `synonyms`, for a member of its
        synonym group (SYNONYMS in lexicon.py: "told" is also "informed"). Cached per answer."""
        key = (wanted, synonyms and wanted in SYNONYMS)
        cached = self._matching.get(key)
        if cached is not None:
            return cached
        found = []
        if wanted in PRONOUN_GROUPS:
            group = PRONOUN_GROUPS[wanted]
            found = [t for t in PRONOUN_GROUPS if PRONOUN_GROUPS[t] == group and t in self._vocab_set]
        else:
            letters = self._by_first_letter()
            # Only a token of about the same length or that extends `wanted` can match it
            # (token_matches: a typo is at most `typos` edits, so the lengths differ by that at
            # most); the cached test is asked of those only, not of every token with its letter.
            n, typos = len(wanted), _typos_allowed(wanted)
            found = [
                t
                for t in letters.get(wanted[:1], ())
                if (n >= 5 and abs(len(t) - n) <= typos) or t.startswith(wanted)
                if token_matches(wanted, t)
            ]
            for synonym in SYNONYMS.get(wanted, ()) if key[1] else ():
                found.extend(
                    t
                    for t in letters.get(synonym[:1], ())
                    if t.startswith(synonym) and synonym_matches(synonym, t) and t not in found
                )
        result = tuple(found)
        self._matching[key] = result
        return result

    @cached_property
    def _vocab_set(self) -> set[str]:
        return set(self.vocab)

    def _by_first_letter(self) -> dict[str, list[str]]:
        """The vocabulary (in order) by first letter: a phrase word is only ever matched by
        tokens that start like it."""
        if self._first_letters is None:
            self._first_letters = {}
            for token in self.vocab:
                self._first_letters.setdefault(token[:1], []).append(token)
        return self._first_letters


def _window(
    phrase: Phrase, sent: ParsedSentence, cand: list[list[int]], one_clause: bool = False
) -> tuple[int, int, list[int]] | None:
    """The tightest placement of the phrase's words, checked for partners, opposites and polarity.
    `one_clause`: a claim's content words must share a clause (see find_claim)."""
    content = [i for i, w in enumerate(phrase.words) if not w.function] or list(range(len(phrase.words)))
    anchor = min(content, key=lambda i: len(cand[i]))
    limit = 3 * len(phrase.words) + 3
    placements: list[tuple[int, list[int]]] = []
    for a in cand[anchor]:
        chosen = [0] * len(phrase.words)
        chosen[anchor] = a
        used = {a}
        for i in content:
            if i != anchor:
                free = [p for p in cand[i] if p not in used] or cand[i]  # "111 x 111" needs two 111s
                # The nearest; at equal distance the one in the anchor's clause, then the one on the
                # phrase's side: "can't attend the follow-up, so missed follow-up" has its "up".
                chosen[i] = min(
                    free,
                    key=lambda p, i=i: (abs(p - a), sent.clause_of[p] != sent.clause_of[a], (p > a) != (i > anchor)),
                )
                used.add(chosen[i])
        ok = len(used) == len(content)
        if ok and phrase.ordered:  # a number comes right after the word it belongs to
            last_number = -1  # and after the phrase's earlier numbers: "50% and 2%" is not "2% ... 50%"
            for j in range(1, len(content)):
                i, prev = content[j], content[j - 1]
                if not _is_number(phrase.words[i].token):
                    continue
                bound = max(chosen[prev], last_number)
                if chosen[i] < bound:
                    later = [p for p in cand[i] if p > bound]
                    if not later:
                        ok = False
                        break
                    chosen[i] = later[0]
                last_number = chosen[i]
        for i, w in enumerate(phrase.words):
            if not w.function:
                continue
            partner = _partner(phrase, i, content)
            if partner is None:
                chosen[i] = min(cand[i], key=lambda p: abs(p - a))
                continue
            target = chosen[partner]
            before = i < partner
            options = [
                p for p in cand[i] if (p < target if before else p > target) and abs(p - target) <= FUNCTION_DISTANCE
            ]
            if not options and before and partner == i + 1 and carries_subject(w.token, sent, target):
                chosen[i] = target  # "I fixed the query, told my manager": "I told my manager"
                continue
            if not options:
                ok = False
                break
            chosen[i] = min(options, key=lambda p: abs(p - target))
        if not ok or _splits_an_operation(phrase, sent, chosen, content):
            continue
        lo, hi = min(chosen), max(chosen)
        ordered = sorted(chosen)
        if hi - lo <= limit and all(b - a - 1 <= MAX_GAP for a, b in pairwise(ordered)):
            placements.append((hi - lo, chosen))
    placements.sort(key=lambda x: x[0])
    wanted = {w.token for w in phrase.words}
    opposites = {o for w in wanted for o in ANTONYM_PAIRS.get(w, ()) if o not in wanted}
    for _, chosen in placements:
        lo, hi = min(chosen), max(chosen)
        if opposites and any(t in opposites for t in sent.tokens[lo : hi + 1]):
            continue  # "shift by the minimum ... max" is not "shift by the maximum"
        if one_clause and _straddles(sent, {sent.clause_of[p] for i, p in enumerate(chosen) if not phrase.words[i].function}):
            continue
        # The claim's polarity is its last content word's: "fine-tuning cannot MEMORISE" is not
        # "rather than fine-tuning, ... memorisation".
        # A positive phrase needs every word affirmed ("flip the kernel" is not "the kernel is not
        # flipped"); a denying one needs its last word denied.
        last = max((i for i, w in enumerate(phrase.words) if not w.function), default=len(chosen) - 1)
        if phrase.negative != sent.negated[chosen[last]] or (
            not phrase.negative and any(sent.negated[p] for p in chosen)
        ):
            continue
        if phrase.negative and _hedged_denial(sent, chosen[last], wanted):
            continue
        return lo, hi, chosen
    return None


_OPERATION = re.compile(r"(?<![\d.,])(\d[\d.,]*)\s*(?:/|÷|\*|×|x(?=\s*\d))\s*\(?\s*(\d[\d.,]*)")


@lru_cache(maxsize=4096)
def _operands(text: str) -> dict[int, int]:
    """Token index of each operand of an arithmetic operator in the sentence -> its co-operand's:
    "every 100/256 days" holds 100 and 256 as one value, not 100."""
    folded = fold(text)
    pairs: dict[int, int] = {}
    if not any(op in folded for op in "/÷*×x"):
        return pairs
    for m in _OPERATION.finditer(folded):
        a = len(normalise(folded[: m.start(1)]).split())
        b = len(normalise(folded[: m.start(2)]).split())
        if a != b:
            pairs.setdefault(a, b)
            pairs.setdefault(b, a)
    return pairs


def _splits_an_operation(phrase: Phrase, sent: ParsedSentence, chosen: list[int], content: list[int]) -> bool:
    """Does a phrase number sit on an operand whose co-operand the phrase does not also hold?
    "the job fails about every 100 days" is not "fails about every 100/256 days"."""
    numbers = [chosen[i] for i in content if _is_number(phrase.words[i].token)]
    if not numbers:
        return False
    pairs = _operands(sent.text)
    return any(p in pairs and pairs[p] not in chosen for p in numbers)


# "not much", "not a lot of", "not significantly": a denial of degree, not of the thing itself
_HEDGES = frozenset(stem(w) for w in "much many lot significantly significant greatly hugely".split())


def _hedged_denial(sent: ParsedSentence, at: int, wanted: set[str]) -> bool:
    """Does the denial over token `at` deny only a degree? "Stages 1-2 don't add much
    communication" does not say what a denying phrase "adds no communication" says."""
    start = at
    while start > 0 and sent.negated[start - 1]:
        start -= 1
    return any(t in _HEDGES and t not in wanted for t in sent.tokens[start:at])


_SUBJECTS = frozenset(("i", "we"))
# What may stand between a shared subject's clause and the next verb of its chain ("and then told").
_CHAIN_LEADERS = frozenset(stem(w) for w in "and then so also just later first finally immediately quickly personally".split())
_CHAIN_JOINS = frozenset(("and", "then"))  # "I fixed it and told ...": a new link of the chain
CHAIN_CLAUSES = 3  # a shared subject carries this many clauses on at most


def carries_subject(pronoun: str, sent: ParsedSentence, verb: int) -> bool:
    """Is `pronoun` ("i" or "we") the subject of the word at `verb`, by a chain of clauses that
    share it? "I fixed the query, told my manager and sent a note" says "I told my manager" and
    "I sent a note"; so does chat's subjectless "Fixed it, told my manager." (for "I" only). A
    link that opens with any other pronoun, a determiner or a relative word ("she told", "the VP
    told", "who told") breaks the chain."""
    if pronoun not in _SUBJECTS:
        return False
    toks = sent.tokens
    starts = sorted({c.start for c in sent.clauses} | {p + 1 for p, t in enumerate(toks) if t in _CHAIN_JOINS})
    link = max(s for s in starts if s <= verb)
    if any(t not in _CHAIN_LEADERS for t in toks[link:verb]):
        return False  # the word does not open its link of the chain: something else is its subject
    earlier = [s for s in reversed(starts) if s < link]
    for start in earlier[:CHAIN_CLAUSES]:
        first = next((t for t in toks[start:link] if t not in _CHAIN_LEADERS), None)
        link = start
        if first is None:
            continue
        if first in _SUBJECTS:
            return first == pronoun
        if first in STOPWORDS or first in PRONOUN_GROUPS:
            return False
    return link == 0 and pronoun == "i"  # a subjectless chat sentence is the speaker's


def _straddles(sent: ParsedSentence, clauses: set[int]) -> bool:
    """Do a claim's words lie in more than two clauses, or across an aside in brackets?"""
    if len(clauses) <= 1:
        return False
    if len(clauses) > 2 or max(clauses) - min(clauses) > 1:
        return True
    return any(sent.clauses[c].text.lstrip().startswith(("(", "[")) for c in clauses)


def _partner(phrase: Phrase, i: int, content: list[int]) -> int | None:
    after = [j for j in content if j > i and not phrase.words[j].function]
    before = [j for j in content if j < i and not phrase.words[j].function]
    if after:
        return after[0]
    if before:
        return before[-1]
    return None


_NEGATION_BEFORE = re.compile(r"\b(not|no|never|without|instead of|rather than|n't)\b[^.;]*$")


def _segments_in_sentence(phrase: Phrase, index: AnswerIndex, s: int) -> tuple[bool, bool]:
    """(all code segments found, found inside a negation)."""
    denied = False
    for segment in phrase.segments:
        # Clause by clause, then the whole sentence: the clause splitter cuts at a spaced dash,
        # which is also a minus ("1 - rho^2", "(p - 1) / (m + p - 1)").
        for clause_code in (*index.code(s), index.sentence_code(s)):
            at = _segment_in(segment, clause_code)
            if at >= 0:
                denied = denied or bool(_NEGATION_BEFORE.search(clause_code[:at].replace("'", "")))
                break
        else:
            return False, False
    return True, denied


def find_phrase(
    phrase: Phrase, index: AnswerIndex, only: set[int] | None = None, one_clause: bool = False
) -> Hit | None:
    """The first sentence that expresses `phrase`, with the clause(s) that express it."""
    if phrase.empty:
        return None
    if phrase.exact:
        return _find_exact(phrase, index, only)
    if phrase.segments and any(seg not in index.whole_code for seg in phrase.segments):
        return None
    # A phrase of one content word ("resolved in", "outage") names one thing: its synonyms would
    # have it found in every story that uses a common word, so only phrases of two or more take them.
    wide = sum(not w.function for w in phrase.words) >= SYNONYM_MIN_WORDS
    tokens = [index.matching_tokens(w.token, synonyms=wide) for w in phrase.words]
    if any(not t for t in tokens):
        return None
    candidates: set[int] | None = None
    for options in tokens:  # only the sentences that hold every word of the phrase
        where = set().union(*(index.sentences_with(t) for t in options))
        candidates = where if candidates is None else candidates & where
        if not candidates:
            return None
    for s in sorted(candidates) if candidates is not None else range(len(index.parsed)):
        sent = index.parsed[s]
        if only is not None and s not in only:
            continue
        where = index.positions[s]
        cand = []
        for options in tokens:
            found = sorted(p for t in options for p in where.get(t, ()))
            if not found:
                break
            cand.append(found)
        else:
            if phrase.segments:
                found_all, denied = _segments_in_sentence(phrase, index, s)
                if not found_all:
                    continue
                if not phrase.words:
                    if denied == phrase.negative:
                        return Hit(s, sent.text)
                    continue
                if _window(phrase, sent, cand, one_clause) is not None:
                    return Hit(s, sent.text)
                continue
            placed = _window(phrase, sent, cand, one_clause)
            if placed is not None:
                lo, hi, _ = placed
                return Hit(s, sent.quote(lo, hi))
    return None


def _find_exact(phrase: Phrase, index: AnswerIndex, only: set[int] | None) -> Hit | None:
    n = len(phrase.exact)
    first = phrase.exact[0]
    for s in sorted(index.sentences_with(first)):  # where the first token is, in order
        if only is not None and s not in only:
            continue
        sent = index.parsed[s]
        toks = sent.tokens
        for at in index.positions[s][first]:
            if at + n <= len(toks) and toks[at : at + n] == phrase.exact and any(sent.negated[at : at + n]) == phrase.negative:
                return Hit(s, sent.quote(at, at + n - 1))
    return None


def _pattern_denied(sent: ParsedSentence, folded: str, start: int, end: int, says_negation: bool = False) -> bool:
    """Is the regex match at folded[start:end] inside a negation scope? A pattern that states a
    negation itself (`says_negation`: "(?:we|i) never measured ...") is denied only by a negation
    around its match ("it is not true that we never measured"): its first word is read, not the
    words its own negator denies."""
    if not sent.tokens:
        return False
    before = len(normalise(folded[:start]).split())
    inside = len(normalise(folded[start:end]).split())
    first = min(before, len(sent.tokens) - 1)
    if says_negation:
        return sent.negated[first]
    span = range(first, min(before + max(inside, 1), len(sent.tokens)))
    return any(sent.negated[i] for i in span)


# The negators a pattern's own text may ask for ("(?:we|i) (?:never|didn'?t) measure"), read
# in the pattern's source with its \b markers blanked.
_NEGATION_WORDS = re.compile(
    r"(?<![a-z])(?:never|not|no|nothing|nobody|none|without|cannot|"
    r"(?:did|do|does|was|were|is|are|wo|ca|could|would|should|have|has|had)n\W{0,4}t)(?![a-z])"
)


@lru_cache(maxsize=4096)
def states_negation(pattern: str) -> bool:
    """Does the regex `pattern` itself say "not", "never", "didn't" ...? Negators inside a
    negative look-around ("(?!.*\\bcannot\\b)") are exclusions, not what it says."""
    return bool(_NEGATION_WORDS.search(_without_lookarounds(pattern.lower()).replace("\\b", " ")))


def _without_lookarounds(pattern: str) -> str:
    out, depth, skipping = [], 0, 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            if not skipping:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "(":
            depth += 1
            if not skipping and pattern.startswith(("(?!", "(?<!"), i):
                skipping = depth
        elif ch == ")":
            if skipping == depth:
                skipping = 0
                depth -= 1
                i += 1
                continue
            depth -= 1
        if not skipping:
            out.append(ch)
        i += 1
    return "".join(out)


_OPERAND_END = re.compile(r"\d(?:\s?[a-z]+)?$")  # "100", "100 days", "60s"
_OPERATOR_NEXT = re.compile(r"\s*(?:/|÷|\*|×)\s*\(?\d")


def _cuts_a_number(folded: str, start: int, end: int) -> bool:
    """A match that ends or starts inside a number ("ppv = 95" of "ppv = 95/590") is not a match,
    nor one that ends on an operand: "job mtbf is 100 days / 256" states 100/256 days, not 100."""
    if end > start and folded[end - 1].isdigit() and re.match(r"(?:[.,/]\d|/\s*\(|\d)", folded[end : end + 2]):
        return True
    if _OPERAND_END.search(folded, max(start, end - 12), end) and _OPERATOR_NEXT.match(folded, end):
        return True
    return start > 0 and folded[start].isdigit() and re.search(r"\d[.,/]?$", folded[max(0, start - 2) : start]) is not None


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, flags=re.IGNORECASE)


@lru_cache(maxsize=4096)
def _lower_needles(pattern: str) -> frozenset[str] | None:
    found = needles(pattern)
    return frozenset(n.lower() for n in found) if found else None


@lru_cache(maxsize=4096)
def _without_leading_exclusion(pattern: str) -> re.Pattern[str] | None:
    """The pattern less a leading negative look-ahead ("(?!.*\\b(?:impossible|...)\\b)..."), or None
    when it has none. Wherever the pattern matches, this matches too, and it is cheap to rule
    out: the look-ahead alone scans the rest of the sentence at every position."""
    head = "^" if pattern.startswith("^(?!") else ""
    body = pattern[len(head) :]
    if not body.startswith("(?!"):
        return None
    top = regex_top_level(body)  # the look-ahead's "(" and then its ")" at the top level
    if len(top) < 2 or top[1][1] != ")":
        return None
    return _regex(head + body[top[1][0] + 1 :])


def find_pattern(
    patterns: list[str], index: AnswerIndex, *, negative: bool = False, skip: frozenset[int] = frozenset()
) -> Hit | None:
    # Compiled once, not once per sentence; a pattern is tried only on the sentences that hold one
    # of its needles (a design's "^(?!.*\\b(?:...)\\b).*?\\bnightly..." costs ~0.1 s per long answer).
    compiled = [(_regex(p), states_negation(p), _lower_needles(p), _without_leading_exclusion(p)) for p in patterns]
    # The sentences each pattern's needles are in, found in one pass over the answer per needle
    # (cached for the answer); a pattern whose needles are nowhere is out.
    hay = index.haystack
    holdings = [None if c[2] is None else hay.holding_any(c[2]) for c in compiled]
    compiled = [c for c, holding in zip(compiled, holdings, strict=True) if holding is None or holding]
    where = [holding for holding in holdings if holding is None or holding]
    if not compiled:
        return None
    sentences = range(len(index.folded)) if None in where else sorted(frozenset().union(*where))  # type: ignore[arg-type]
    for s in sentences:
        if s in skip:
            continue
        folded = index.folded[s]
        for (pattern, says_negation, _, positive), holding in zip(compiled, where, strict=True):
            if holding is not None and s not in holding:
                continue
            if positive is not None and not positive.search(folded):
                continue
            for m in pattern.finditer(folded):
                if _cuts_a_number(folded, m.start(), m.end()):
                    continue
                if _pattern_denied(index.parsed[s], folded, m.start(), m.end(), says_negation) == negative:
                    return Hit(s, index.parsed[s].text)
    return None


def find_any(phrases: list[str], patterns: list[str], index: AnswerIndex) -> Hit | None:
    """The earliest sentence that makes the point by any phrase or pattern."""
    return find_point(phrases, patterns, index)[0]


def find_point(
    phrases: list[str], patterns: list[str], index: AnswerIndex, claim: bool = False,
    skip: frozenset[int] = frozenset(),
) -> tuple[Hit | None, bool]:
    """(the earliest hit by any phrase or pattern, whether a phrase made it at all). With `claim`,
    a slight phrase must be said within one clause (see find_claim). Sentences in `skip` are not
    searched."""  # fmt: skip
    best: Hit | None = None
    for raw in phrases:
        phrase = compile_phrase(raw)
        slight = claim and len({w.token for w in phrase.words if not w.function}) <= CLAIM_CLAUSE_WORDS
        only = index.claim_sentences if claim and not looks_like_code(raw) else None
        if skip:
            only = (set(range(len(index.parsed))) if only is None else only) - skip
        hit = find_phrase(phrase, index, only=only, one_clause=slight)
        if hit is not None and (best is None or hit.sentence < best.sentence):
            best = hit
            if best.sentence == 0:
                return best, True
    by_phrase = best is not None
    if patterns:
        hit = find_pattern(patterns, index, skip=skip)
        if hit is not None and (best is None or hit.sentence < best.sentence):
            best = hit
    return best, by_phrase


CLAIM_CLAUSE_WORDS = 2  # a claim phrase this slight must be said within one clause


def find_claim(
    phrases: list[str], patterns: list[str], index: AnswerIndex, skip: frozenset[int] = frozenset()
) -> Hit | None:
    """The earliest sentence (not in `skip`) that makes a wrong claim. Unlike a key point, a claim
    is one proposition: a slight phrase ("llms are just hype") must be said within one clause,
    not assembled from "hosted LLM w/ prompt (hype + leadership wanted ...)"."""
    return find_point(phrases, patterns, index, claim=True, skip=skip)[0]


def phrase_in_text(phrase: str, text: str) -> bool:
    """Convenience for tests and one-off checks: does `text` express `phrase`?"""
    return find_phrase(compile_phrase(phrase), AnswerIndex.build(text)) is not None
