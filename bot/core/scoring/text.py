"""Text normalisation shared by every matcher: one canonical form for answers and rubric phrases.

Both sides go through the same steps, so "Area under the ROC curves" and "AUC" meet in the middle:
unicode folding, lower case, abbreviations collapsed to one token, punctuation to spaces, and a
light suffix-stripping stemmer (plurals, -ing/-ed, British/American -ise/-ize).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.core.scoring.needles import needle_sets

# Chat shorthand and symbols -> words, applied first ("w/o" -> "without", "~16%" -> "about 16%").
_CHAT: list[tuple[str, str]] = [
    (r"\bw/o\b", " without "),
    (r"\bb/w\b", " between "),
    (r"\bb/c\b|\bbc\b|\bcuz\b|\bcoz\b|\bbecuz\b", " because "),
    (r"\bw/(?=\s|[a-z])", " with "),
    (r"\bwrt\b|\bw\.r\.t\.?", " with respect to "),
    (r"\be\.g\.|\beg\.(?=\s)", " for example "),
    (r"\bi\.e\.", " that is "),
    (r"\betc\.", " etc "),
    (r"\bvs\.?(?=\s)", " versus "),
    (r"(?:->|=>|→|⇒)", " so "),
    (r"(?:<-|←)", " from "),
    (r"≈|~(?=\s*[\d.$])|\bapprox\.?(?=\s)", " about "),
    (r"≠|!=", " not equal "),
    (r"&", " and "),
    (r"\+ve\b", " positive "),
    (r"-ve\b", " negative "),
    (r"\bp\((?=[^)|]*\))|\bp \((?=[^)|]*\))", " probability ( "),  # P(pos ranked above neg); P(D | +) stays a pattern
    (r"\b(?:my|our) (team|group|squad|org)\b", r" we \1 "),  # "asked my team to" is "asked us to"
    (r"\bgo/no[- ]?go\b", " gonogo "),  # a decision point, not a negation of "go"
    (r"\bno-go\b", " nogo "),
    (r"\b1:1s?\b|\bone[- ]on[- ]ones?\b", " oneonone "),  # "weekly 1:1s" is "a 1:1"
    # "used the proxy as is" means unchanged: without it the phrase is "used the proxy"
    # (not "as is common", "as is the case")
    (r"\bas[- ]is\b(?!\s+(?:the|a|an|often|common|usual|typical|standard|normal|customary|expected|true|done|"
     r"clear|obvious|shown|known|required|needed|likely|well)\b)", " asis "),
]


# Chat words that stand alone, looked up token by token (one pass, no regex per word).
_CHAT_WORDS = {
    "ppl": "people", "b4": "before", "thru": "through", "ur": "your", "u": "you", "pos": "positive",
    "neg": "negative", "avg": "average", "diff": "difference", "perf": "performance", "prod": "production",
    "num": "number", "req": "requests", "reqs": "requests", "prob": "probability", "probs": "probability",
    "imo": "in my opinion", "imho": "in my opinion", "1st": "first", "2nd": "second", "3rd": "third",
    "4th": "fourth", "5th": "fifth",
    # the workplace shorthand of a story typed in chat
    "tl": "team lead", "tls": "team leads", "mgr": "manager", "mgrs": "managers", "mgmt": "management",
    "mtg": "meeting", "mtgs": "meetings", "eng": "engineer", "engs": "engineers", "convo": "conversation",
    "convos": "conversations", "yr": "year", "yrs": "years", "wk": "week", "wks": "weeks", "qtr": "quarter",
    "qtrs": "quarters", "hrs": "hours", "mins": "minutes", "dept": "department",
    "impl": "implementation", "asap": "as soon as possible", "tho": "though",
    # "every team" and "each team" say the same; both are kept in phrases (lexicon.COMPARATIVES)
    "every": "each",
}  # fmt: skip
# No look-behind in front (it would have the regex tried at every position): a match that
# follows a word character or "-" is put back unchanged instead. Every chat word is made of
# word characters, so no real match can start inside one that is put back.
_WORD_OR_DASH = re.compile(r"[\w-]")


_CHAT_WORD_KEYS = frozenset(w[:3] for w in _CHAT_WORDS)
_CHAT_OUTPUT_KEYS = frozenset(w[:3] for v in _CHAT_WORDS.values() for w in v.split())


def _chat_words(text: str, keys: set[str]) -> str:
    if keys.isdisjoint(_CHAT_WORD_KEYS):
        return text
    if len(text) < LONG_TEXT:
        return _CHAT_WORD.sub(_chat_word, text)
    # Only a chat word the text holds can be replaced: a regex of those few (a substring test
    # each) replaces the same as one of all ~70, and scans a long text faster.
    present = frozenset(w for w in _CHAT_WORDS if w in text)
    if not present:
        return text
    return _chat_word_regex(present).sub(_chat_word, text)


@lru_cache(maxsize=256)
def _chat_word_regex(present: frozenset[str]) -> re.Pattern[str]:
    """A regex for these chat words, each a whole word ("-" counts as part of one)."""
    return re.compile(r"(?:" + "|".join(sorted(present, key=lambda w: (-len(w), w))) + r")(?![\w-])")


_CHAT_WORD = _chat_word_regex(frozenset(_CHAT_WORDS))
# From this length on, a text's regex passes first ask which of their strings it holds: on a
# short text (a clause) one regex scan costs less than the questions.
LONG_TEXT = 400


def _chat_word(m: re.Match[str]) -> str:
    at = m.start()
    if at and _WORD_OR_DASH.match(m.string, at - 1):
        return m.group(0)
    return _CHAT_WORDS[m.group(0)]


# Contractions keep their negation: "isn't" -> "is not", "I'd" -> "i would".
_CONTRACTIONS: list[tuple[str, str]] = [
    (r"\bcan't\b|\bcannot\b", "can not"),
    (r"\bwon't\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"),
    (r"n't\b", " not"),
    (r"\b(it|that|there|what|here|he|she|who|this)'s\b", r"\1 is"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    (r"'m\b", " am"),
    (r"'s\b", ""),
]


# Long forms -> one canonical token. Order matters: longer forms first.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (r"area under (?:the )?(?:roc |receiver operating characteristic )?curves?", "auc"),
    (r"\b(?:roc[ -]?auc|auc[ -]?roc|auroc)\b", "auc"),
    (r"\bstochastic gradient descent\b", "sgd"),
    (r"\bprincipal components? analysis\b", "pca"),
    (r"\bsingular value decompositions?\b", "svd"),
    (r"\bconfidence intervals?\b", "ci"),
    (r"\bmaximum likelihood(?: estimat(?:e|es|ion|or|ors))?\b", "mle"),
    (r"\btrue positive rates?\b", "tpr"),
    (r"\bfalse positive rates?\b", "fpr"),
    (r"\bfalse negative rates?\b", "fnr"),
    (r"\btrue negative rates?\b", "tnr"),
    (r"\bfalse positives?\b|\bfps\b", "fp"),
    (r"\bfalse negatives?\b|\bfns\b", "fn"),
    (r"\btrue positives?\b|\btps\b", "tp"),
    (r"\btrue negatives?\b|\btns\b", "tn"),
    (r"\bpositive predictive values?\b", "ppv"),
    (r"\broot mean squared? errors?\b", "rmse"),
    (r"\bmean squared? errors?\b", "mse"),
    (r"\bmean absolute errors?\b", "mae"),
    (r"\b(?:cross[ -]?entropy|log[ -]?loss)\b", "crossentropy"),
    (r"\bk[ -]?nearest[ -]neighbou?rs?\b", "knn"),
    (r"\bapproximate nearest[ -]neighbou?rs?(?: search)?\b", "ann"),
    (r"\bconvolutional neural networks?\b", "cnn"),
    (r"\brecurrent neural networks?\b", "rnn"),
    (r"\bgradient[ -]boost(?:ed|ing)(?: decision)?(?: trees?| machines?)?\b", "gbdt"),
    (r"\bbatch[ -]?normali[sz]ation\b|\bbatch[ -]?norm\b", "batchnorm"),
    (r"\blayer[ -]?normali[sz]ation\b|\blayer[ -]?norm\b", "layernorm"),
    (r"\bkullback[ -]leibler(?: divergence)?\b|\bkl[ -]divergence\b", "kl"),
    (r"\bclick[ -]?through[ -]rates?\b", "ctr"),
    (r"\bnormali[sz]ed discounted cumulative gain\b", "ndcg"),
    (r"\bmean reciprocal rank\b", "mrr"),
    (r"\b(?:queries|requests) per second\b|\brps\b", "qps"),
    (r"\b99th percentile\b", "p99"),
    (r"\b95th percentile\b", "p95"),
    (r"\bmillisec(?:ond)?s?\b", "ms"),
    (r"\ba/b[ -]?test(?:s|ing|ed)?\b|\bab[ -]test(?:s|ing|ed)?\b|\bsplit[ -]test(?:s|ing)?\b", "abtest"),
    (r"\bservice[ -]level objectives?\b", "slo"),
    (r"\bexponential(?:ly weighted)? moving averages?\b", "ema"),
    (r"\bl2[ -]regulari[sz]ation\b|\bridge penalty\b|\bl2[ -]penalty\b", "l2"),
    (r"\bl1[ -]regulari[sz]ation\b|\blasso penalty\b|\bl1[ -]penalty\b", "l1"),
    (r"\bnull hypothes[ie]s\b|\bh_0\b", "h0"),
    (r"\balternative hypothes[ie]s\b|\bh_1\b", "h1"),
    (r"\bp[ -]values?\b|\bp[ -]?vals?\b", "pvalue"),
    (r"\blearning[ -]rates?\b", "lr"),
    (r"\bbatch[ -]sizes?\b", "bs"),
    (r"\bfine[ -]tun(e|es|ed|ing)\b", r"finetun\1"),  # one word: "fine-tuned" does not say "fine"
    (r"\bpre[ -]train(s|ed|ing)?\b", r"pretrain\1"),
    (r"\bstandard deviations?\b|\bstd[ -]?dev\b|\bstdev\b", "std"),
    (r"\bmaximum\b|\bmaximal\b", "max"),
    (r"\bminimum\b|\bminimal\b", "min"),
    (r"\bcolumns?\b|\bcols?\b", "column"),
    (r"\btype[ -]i\s+errors?\b|\btype[ -]1\s+errors?\b", "type1"),
    (r"\btype[ -]ii\s+errors?\b|\btype[ -]2\s+errors?\b", "type2"),
]


def _top_level_alternatives(pattern: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _literal_start(alternative: str) -> str:
    """The literal text every match of this alternative starts with ('' when there is none)."""
    alt = re.sub(r"^(?:\\b|\(\?<[=!][^)]*\))+", "", alternative)
    out = ""
    i = 0
    while i < len(alt):
        ch = alt[i]
        if ch == "\\" and i + 1 < len(alt) and not alt[i + 1].isalnum():
            out += alt[i + 1]
            i += 2
            continue
        if ch in ".^$*+?{}[]()|\\":
            if ch in "?*{" and out:
                out = out[:-1]  # the last character was optional
            break
        out += ch
        i += 1
    return out


_TOKEN = re.compile(r"[a-z0-9]+")
_TOKEN_KEY = re.compile(r"([a-z0-9]{1,3})[a-z0-9]*")  # the _key of each _TOKEN, found by the regex
_WORD_START = re.compile(r"\\b([a-z0-9])(?![?*+{])")


def regex_top_level(pattern: str) -> list[tuple[int, str]]:
    """(index, character) of each top-level character of a regex: escapes, character classes and
    groups are skipped whole (a group's "(" is reported, its inside is not)."""
    out: list[tuple[int, str]] = []
    depth, i = 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if depth == 0:
            out.append((i, ch))
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1 + (pattern[i + 1 : i + 2] == "^")
            i += pattern[i : i + 1] == "]"  # a "]" first in a class is a literal
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                out.append((i, ch))
        i += 1
    return out


def _alternatives(pattern: str) -> list[str]:
    cuts = [i for i, ch in regex_top_level(pattern) if ch == "|"]
    return [pattern[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(pattern)], strict=True)]


def _fast_start(pattern: str) -> str:
    r"""The same regex with each alternative `\bx...` written `x(?<=\bx)...`, and `\b(a|b)...`
    as `(\ba|\bb)...` so that its alternatives can be written so too.

    Python's regex engine skips ahead to the literal characters a pattern can start with, but a
    leading `\b` hides them, so the pattern was tried at every position of the text: 0.14 ms per
    rule on an 8,000-character answer instead of 0.01. Both forms match exactly the same spans
    (and keep their groups' numbers).
    """
    parts = []
    for alt in _alternatives(pattern):
        opener = "(?:" if alt.startswith("\\b(?:") else "(" if alt.startswith("\\b(") and alt[3:4] != "?" else ""
        if opener:
            close = next(i for i, ch in regex_top_level(alt[2:]) if ch == ")") + 2
            inner = alt[2 + len(opener) : close]
            alt = opener + _fast_start("|".join("\\b" + a for a in _alternatives(inner))) + alt[close:]
        elif m := _WORD_START.match(alt):
            alt = f"{m.group(1)}(?<=\\b{m.group(1)})" + alt[m.end() :]
        parts.append(alt)
    return "|".join(parts)


def _key(word: str) -> str:
    return word[:3]


class _Rules:
    """A list of (pattern, replacement) applied in order, each only when its literal start occurs
    in the text. Rules are indexed by the first three letters of their literal start, so a text
    only tries the rules whose start could be among its own words."""

    def __init__(self, table: list[tuple[str, str]]) -> None:
        self.rules: list[tuple[tuple[str, ...], re.Pattern[str], str]] = []
        self.by_key: dict[str, list[int]] = {}
        self.by_symbol: list[int] = []  # rules whose start is not a word ("->", "~", "&")
        self.always: list[int] = []
        # Sets of strings every match of the rule holds one of (needles.py): a rule that is due by
        # its key or an empty literal start is still skipped when one set has none in the text.
        self.needles: list[tuple[frozenset[str], ...]] = []
        for n, (pattern, repl) in enumerate(table):
            alternatives = _top_level_alternatives(pattern)
            starts = tuple(_literal_start(a) for a in alternatives)
            triggers = () if any(not t for t in starts) else starts
            self.rules.append((triggers, re.compile(_fast_start(pattern)), repl))
            self.needles.append(needle_sets(pattern))
            if not triggers:
                self.always.append(n)
                continue
            for alternative, trigger in zip(alternatives, triggers, strict=True):
                word = re.match(r"[a-z0-9]*", trigger).group(0)  # type: ignore[union-attr]
                if word and alternative.startswith("\\b"):  # starts a word: index by its letters
                    self.by_key.setdefault(_key(word), []).append(n)
                elif n not in self.by_symbol:
                    self.by_symbol.append(n)

    def sub(self, text: str, keys: set[str] | None = None) -> str:
        """Apply the rules; `keys` (the text's word keys, kept up to date here) saves a scan."""
        if keys is None:
            keys = set(_TOKEN_KEY.findall(text))
        wanted = set(self.always)
        for key in keys:
            wanted.update(self.by_key.get(key, ()))
        wanted.update(n for n in self.by_symbol if any(t in text for t in self.rules[n][0]))
        long = len(text) >= LONG_TEXT
        for n in sorted(wanted):
            triggers, pattern, repl = self.rules[n]
            if long and any(not any(t in text for t in found) for found in self.needles[n]):
                continue  # no match of the rule can be in the text: sub would change nothing
            if not triggers or any(t in text for t in triggers):
                changed = pattern.sub(repl, text)
                if changed != text:
                    keys.update(_key(w) for w in _TOKEN.findall(repl))
                    text = changed
        return text


_CONTRACTION_PASS = _Rules(_CONTRACTIONS)
_CHAT_PASS = _Rules(_CHAT)
_ABBREVIATION_PASS = _Rules(_ABBREVIATIONS)

class CharMap:
    """`str.translate` for a handful of characters, done by a regex that finds only those.

    On text that is not pure ASCII `str.translate` looks every character up in its table
    (0.45 ms for an 8,000-character answer); the regex skips to the few characters that change.
    """

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.pattern = re.compile("|".join(re.escape(c) for c in sorted(table, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        if self.pattern.search(text) is None:
            return text
        return self.pattern.sub(lambda m: self.table[m.group(0)], text)


_DASHES_AND_QUOTES = CharMap(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
    | dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u2033", '"')
)

STOPWORDS = frozenset(
    """a an the of to in on at for by with from and or but if then so as is are was were be been
    being it its this that these those there their they them we our us you your i me my he she his
    her do does did done have has had can could would should will shall may might must not no than
    into onto over under about which who whom what when where why how all any each some such very
    just also only""".split()
)

_KEEP = frozenset("instead indeed need speed seed feed embed bed shed".split())  # "-ed" is not a suffix here
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "e", "s")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Unicode-fold and lower-case, keeping punctuation (used before number and regex matching)."""
    if text.isascii():
        return text.lower()
    return _DASHES_AND_QUOTES(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A deliberately light stemmer: enough to make plural, tense and spelling variants meet."""
    if len(word) <= 3 or not word.isalpha() or word in _KEEP:
        return word
    word = re.sub(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word)
    for suffix in _SUFFIXES:
        # Stems shorter than four letters collide ("location" -> "loc" ~ "lock"), except plurals.
        shortest = 3 if suffix in ("s", "ies", "ied") else 4
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            if suffix == "s" and word[-2] in "suia":  # class, focus, analysis, bias
                continue
            stemmed = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                stemmed += "y"
            if (
                suffix in ("ing", "ed")
                and len(stemmed) > 3
                and stemmed[-1] == stemmed[-2]
                and stemmed[-1] not in "lsz"
            ):
                stemmed = stemmed[:-1]
            return stemmed
    return word


STOPWORDS = STOPWORDS | frozenset(stem(w) for w in STOPWORDS)  # "does" is stemmed to "doe"


def expand_abbreviations(folded: str) -> str:
    keys = set(_TOKEN_KEY.findall(folded))  # shared by the passes, updated as they go
    text = _CHAT_PASS.sub(_CONTRACTION_PASS.sub(folded, keys), keys)
    chatted = _chat_words(text, keys)
    if chatted != text:
        keys |= _CHAT_OUTPUT_KEYS
    return _ABBREVIATION_PASS.sub(chatted, keys)


# Each starts with what it matches: a regex that starts with a look-behind is tried at every
# position of the text.
_THOUSANDS = re.compile(r"(\d),(?=\d{3}\b)")
_NORMAL_WORD = re.compile(r"[a-z0-9\u0370-\u03ff]+(?:(?<=\d)\.(?=\d)[a-z0-9\u0370-\u03ff]+)*")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Canonical form for fuzzy matching: folded, abbreviations collapsed, punctuation gone, stemmed."""
    folded = expand_abbreviations(fold(text))
    folded = _THOUSANDS.sub(r"\1", folded)  # 10,000 -> 10000
    folded = folded.replace("%", " percent ")
    # Words of letters (Greek too: "1 - ηλ") and digits; a point is kept only between two digits.
    return " ".join(map(stem, _NORMAL_WORD.findall(folded)))


def tokens(text: str) -> list[str]:
    return normalise(text).split()


def content_tokens(normalised: str) -> list[str]:
    """Tokens that are not stop words (stop words compared in their stemmed form too)."""
    return [t for t in normalised.split() if t not in STOPWORDS]


# A stop ends a sentence, except after an abbreviation or an enumerator ("e.g.", "vs.", "(2).").
# The match is the white space after the stop; it starts with that space and looks back from it
# (a regex that starts with a look-behind is tried at every position of the text).
_SENTENCE_END = re.compile(
    r"\s(?:(?<=[.!?;]\s)|(?<=[.!?;]\*\*\s)|(?<=[.!?;]__\s))"  # "... batch size 2.** Here ...": bold closes after the stop
    r"(?<!\be\.g\.\s)(?<!\bi\.e\.\s)(?<!\bvs\.\s)(?<!\betc\.\s)(?<!\bcf\.\s)\s*"
)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


_LABEL_START = re.compile(r"^\s*(?:\*\*|__|#+\s*)?[A-Z][\w-]*(?: [\w-]+){0,2}(?:\*\*|__)?\s*:")
WRAPPED_LINE = 40  # a line this long that stops mid-sentence was wrapped, not ended


def _lines_to_blocks(text: str) -> list[tuple[str, bool]]:
    """Re-join hard-wrapped lines; keep bullets, labels, blank lines and short lines separate.
    Each block comes with whether it is a bulleted or numbered list item."""
    blocks: list[str] = []
    items: list[bool] = []
    previous = ""
    for line in text.replace("\r", "").split("\n"):
        stripped = line.strip()
        starts_new = (
            not blocks
            or not stripped
            or not previous
            or _BULLET.match(line) is not None
            or _LABEL_START.match(line) is not None
            or previous[-1:] in ".!?;:"
            or len(previous) < WRAPPED_LINE
        )
        if starts_new:
            blocks.append(_BULLET.sub("", line).strip())
            items.append(_BULLET.match(line) is not None)
        else:
            blocks[-1] = f"{blocks[-1]} {stripped}"
        previous = stripped
    return [(b, item) for b, item in zip(blocks, items, strict=True) if b]


def sentences(text: str) -> list[str]:
    """Split into sentences and list items; keeps the original wording for evidence."""
    return list(_split(text)[0])


def list_item_openers(text: str) -> frozenset[int]:
    """Which of `sentences(text)` open a bulleted or numbered list item ("1. how do u eval")."""
    return _split(text)[1]


@lru_cache(maxsize=64)
def _split(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """Cached: one answer is split by the answer index, the STAR reader and the stuffing check."""
    parts: list[str] = []
    openers = set()
    for block, item in _lines_to_blocks(text):
        first = True
        for raw in _SENTENCE_END.split(block):
            cleaned = raw.strip()
            if cleaned:
                if item and first:
                    openers.add(len(parts))
                first = False
                parts.append(cleaned)
    return tuple(parts), frozenset(openers)


_FENCE = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_CODE_LINE = re.compile(
    r"^(?: {4,}|\t)\S|^\s*(?:def|return|for|if|elif|else|while|import|from|class|try|except|with)\b.*[:)\]]\s*$"
    r"|^\s*(?:import\s+[\w.]+(?:\s+as\s+\w+)?|from\s+[\w.]+\s+import\s+[\w, ]+)\s*$"
)


def without_code(text: str) -> str:
    """The prose of an answer: fenced blocks and indented or obviously-code lines removed."""
    text = _FENCE.sub("\n", text)
    return "\n".join(line for line in text.split("\n") if not _CODE_LINE.match(line))


_WORDS = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return _WORDS.findall(fold(text))
