"""The word lists the matcher relies on, in one place so they can be maintained.

All entries are written in plain words and stemmed at import with the same stemmer the text
goes through, so "increased" and "increase" meet the same entry.

- CONFUSABLE: technical terms that look alike but mean different things. A phrase word in this
  list only matches the very same token, never a prefix, a typo or a longer form (adam never
  earns adamw, l1 never earns l2, tpr never earns fpr).
- ANTONYM_PAIRS: opposites. A phrase matched with the opposite word in the same stretch of text
  ("shift by the minimum" for "shift by the maximum") is a contradiction, not a paraphrase.
- PRONOUN_GROUPS: pronouns are kept in phrases ("my change", "I asked") and match only their own
  group ("I", "me", "my"), next to the word they belong to.
- COMPARATIVES: direction and comparison words that carry meaning and are kept in phrases.
- NEGATORS / NEGATING_PAIRS: what opens a negation scope; NOT_NEGATING: look-alikes that do not
  ("not only", "no matter"); DISMISSIVE_TAIL: words that, after a negator, deny the whole clause
  ("rolling back is not needed").
- SYNONYMS: ordinary words that say the same thing in an interview answer ("told" and
  "informed", "manager" and "boss"); the rules for what may go in are at the table.
"""

from __future__ import annotations

from bot.core.scoring.text import STOPWORDS, stem


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


CONFUSABLE = _stems(
    """adam adamw sgd rmsprop adagrad momentum nesterov
    l0 l1 l2 linf l1reg l2reg lasso ridge
    precision recall specificity sensitivity ppv npv
    tpr fpr tnr fnr tp fp tn fn
    max min argmax argmin maximum minimum
    mean median mode average
    row column rows columns col cols
    train test validation val dev holdout
    mse mae rmse mape huber
    relu gelu elu sigmoid tanh softmax logit logits
    batchnorm layernorm
    encoder decoder
    lstm gru rnn cnn
    bias variance
    micro macro weighted
    upper lower left right top bottom first last
    input output
    inner outer
    online offline
    sparse dense
    ascending descending
    bfs dfs
    stack queue heap
    p50 p90 p95 p99 p999
    h0 h1
    type1 type2
    int float
    key value keys values
    local global
    finetune pretrain"""
)

_ANTONYMS = """max min | maximum minimum | argmax argmin | maximise minimise | maximize minimize
    increase decrease | increasing decreasing | more less | more fewer | most least
    higher lower | high low | larger smaller | large small | bigger smaller | big small
    greater smaller | greater less | above below | before after | over under
    overfit underfit | overfitting underfitting | upper lower | first last | early late
    earlier later | fast slow | faster slower | add subtract | plus minus | positive negative
    true false | left right | top bottom | inner outer | ascending descending
    rise fall | rises falls | include exclude | accept reject | same different
    sparse dense | wide narrow | longer shorter | online offline
    underestimate overestimate | overestimates underestimates | optimistic pessimistic
    stronger weaker | better worse | tighter looser | raise lower"""

ANTONYM_PAIRS: dict[str, frozenset[str]] = {}
for _pair in _ANTONYMS.replace("\n", "|").split("|"):
    _a, _b = (stem(w) for w in _pair.split())
    ANTONYM_PAIRS[_a] = ANTONYM_PAIRS.get(_a, frozenset()) | {_b}
    ANTONYM_PAIRS[_b] = ANTONYM_PAIRS.get(_b, frozenset()) | {_a}

PRONOUN_GROUPS: dict[str, str] = {}
for _group, _words in {
    "i": "i me my myself mine",
    "we": "we us our ourselves ours",
    "you": "you your yourself yours",
    "they": "they them their theirs themselves",
    "he": "he him his himself",
    "she": "she her hers herself",
}.items():
    for _w in _words.split():
        PRONOUN_GROUPS[stem(_w)] = _group

COMPARATIVES = _stems(
    """more less fewer most least higher lower greater larger smaller bigger before after above below
    same different only each every all always what which why how who"""
)  # with quantifiers and question words: "each word is one token", "ask what the company does"


def _pairs(text: str) -> frozenset[tuple[str, str]]:
    pairs = set()
    for pair in text.replace("\n", "|").split("|"):
        a, b = (stem(w) for w in pair.split())
        pairs.add((a, b))
    return frozenset(pairs)


# Single tokens that open a negation scope (contractions are expanded to "not" first).
NEGATORS = _stems("not no never without none nor neither nobody nothing cannot")
# Two-token openers: what follows them is denied ("rather than roll back").
NEGATING_PAIRS = _pairs(
    "rather than | instead of | wrong to | mistake to | myth that | misconception that | misconception is"
    " | mistake is | false that | untrue that | fallacy that | incorrect to"
)
# ... and these deny the rest of the sentence, not only the clause.
SENTENCE_SCOPE_PAIRS = _pairs(
    "myth that | misconception that | misconception is | mistake is | false that | untrue that | fallacy that"
)
# A negator followed by one of these does not deny what follows.
NOT_NEGATING = _pairs("not only | not just | no matter | no doubt | not merely | or not | not least")
# After "not", a tail made only of these words denies the whole clause, subject included.
DISMISSIVE_TAIL = _stems(
    """need needed necessary required require enough sufficient help helps helpful work works
    useful matter matters right correct true valid good idea answer fix solution option way worth
    it the a an really always actually go going to be fine ok okay same identical equal equivalent
    as thing case relevant important appropriate recommended advisable there here either much anymore
    all at now them us for"""
)
# A clause that ends in one of these ("..., which is wrong") denies itself.
FALSIFIERS = _stems("wrong false incorrect untrue myth mistake misconception nonsense misleading fallacy")
COPULAS = _stems("is are was were be been it that this which so")


# ---- synonyms -----------------------------------------------------------------------------
# Ordinary words that say the same thing in an interview answer. A word of a rubric or
# misconception phrase (of two or more content words; see matching.py) is matched by any other
# member of its group ("told my manager" is earned by "I notified my boss"), each member by its
# own forms (stem, a longer form), only as a whole word. A group is not transitive: a word is in
# one group at most, and no match runs through a second group.
#
# Words after "|" are answer-only: in an answer they stand for the group ("I informed my lead"
# says "I told my manager"), but as a phrase word they take no synonyms, because in a phrase they
# often mean their other sense: "lead by example", "missing information" (the stemmer makes
# "informed" and "information" one word), "emails in the logs".
#
# What never goes in (`_check_synonyms` enforces the first line at import):
# - confusable technical terms, opposites (ANTONYM_PAIRS), pronouns, comparatives, negators and
#   stop words;
# - words whose difference matters in ML or engineering (validate/test, batch/stream,
#   cache/store, train/fit, error/loss, precision/accuracy, latency/throughput...);
# - words with a second common sense where only one is the synonym. Left out on purpose, with the
#   sense that keeps them out: flag (a feature flag, a model flagging a transaction), alert and
#   page (a monitoring alert, paged attention), message (spam and chat messages), partner (a
#   partner company, "a partner's feed"), tell (present: "this tells me", "can't tell"; the past
#   "told" is kept), fixed (a fixed date, fixed effects), kickoff (the start of anything),
#   incident/outage (named as one-word points, they reached every story), escalate (not the same
#   as telling), update (a model update), warn (a compiler warning), sync (synchronous training),
#   client (client-server, federated clients), user (a user id, not a customer), patch (image
#   patches), speak ("speaker" is one longer form away: speaker id, diarisation), shrink and trim
#   (shrinkage, a trimmed mean), boost (boosting), raise, run, ship, drop, release, launch,
#   align, request, support, objective, group, review, error.
# Every group has a sentence in tests/core/scoring/test_synonyms.py that it makes match a bank
# phrase; bench/synonym_reach.py counts what the table adds to reference answers and what it
# makes reach other questions' references.
_SYNONYMS = """
    told notify ping | inform email
    manager boss supervisor | lead
    measure quantify
    fix fixing resolve repair
    reduce cut cutting
    start begin began begun
    stop stopped stopping halt pause
    quick quickly rapid rapidly swift swiftly
    problem issue
    bug defect
    concern worry worried
    colleague teammate coworker
    talk spoke spoken
    mentor coach
    postmortem retro retrospective
    rollback revert
"""


def _synonym_groups(table: str) -> dict[str, frozenset[str]]:
    """A phrase word's stem -> the stems that may stand for it in an answer."""
    groups: dict[str, frozenset[str]] = {}
    seen: set[str] = set()
    for line in table.strip().splitlines():
        full_part, _, answer_part = line.partition("|")
        full = frozenset(stem(w) for w in full_part.split())  # inflected forms share a stem
        answer_only = frozenset(stem(w) for w in answer_part.split())
        for m in full | answer_only:
            if m in seen:
                raise ValueError(f"synonym {m!r} is in two groups")
            seen.add(m)
        for m in full:
            groups[m] = (full | answer_only) - {m}
    return groups


def _check_synonyms(table: str) -> None:
    barred = CONFUSABLE | COMPARATIVES | NEGATORS | STOPWORDS | set(PRONOUN_GROUPS) | set(ANTONYM_PAIRS)
    wrong = sorted(w for w in (stem(w) for w in table.replace("|", " ").split()) if w in barred)
    if wrong:
        raise ValueError(f"these words may not be synonyms (confusable, opposite or function words): {wrong}")


_check_synonyms(_SYNONYMS)
SYNONYMS: dict[str, frozenset[str]] = _synonym_groups(_SYNONYMS)
