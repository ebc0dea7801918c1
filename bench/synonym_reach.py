"""Check: what the synonym table (SYNONYMS in bot/core/scoring/lexicon.py) adds and what it costs.

    .venv/bin/python bench/synonym_reach.py [--list]

For the bundled bank, without the synonyms (the table emptied for the run) and with them:
- own reference: rubric and follow-up key points earned by the question's own reference answer
  (more is better: a reference answer says the point, in its own words);
- reach to others: (rubric phrase, reference answer) pairs where a rubric phrase matches the
  reference answer of ANOTHER question of the same round type (over-reach; should not grow much);
- misconceptions: (misconception phrase, reference answer) pairs where a wrong claim's phrase
  matches any reference answer (each is a right answer losing points: must not grow).
`--list` prints every pair the synonyms add to the last two rows, and the key points they add to
the first, so a group that reaches too far can be found and removed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.bank.loader import load_default_bank
from bot.core.questions import Question
from bot.core.scoring.lexicon import SYNONYMS
from bot.core.scoring.matching import AnswerIndex, compile_phrase, find_phrase, find_point


@contextmanager
def synonyms_off() -> Iterator[None]:
    """The table emptied in place (the matcher reads it per answer index), then restored."""
    saved = dict(SYNONYMS)
    SYNONYMS.clear()
    try:
        yield
    finally:
        SYNONYMS.update(saved)


def key_points(q: Question) -> list:
    return [*q.rubric, *(k for f in q.follow_ups for k in f.key_points)]


def measure(questions: list[Question]) -> dict[str, set[tuple[str, ...]]]:
    """The pairs behind each row (fresh answer indexes, so no cached match crosses a switch)."""
    index = {q.id: AnswerIndex.build(q.reference_answer) for q in questions}
    own: set[tuple[str, ...]] = set()
    reach: set[tuple[str, ...]] = set()
    claims: set[tuple[str, ...]] = set()
    for q in questions:
        for k in key_points(q):
            if find_point(k.phrases, k.patterns, index[q.id])[0] is not None:
                own.add((q.id, k.id))
        others = [o for o in questions if o.round_type == q.round_type and o.id != q.id]
        for k in q.rubric:
            for raw in k.phrases:
                phrase = compile_phrase(raw)
                for o in others:
                    if find_phrase(phrase, index[o.id]) is not None:
                        reach.add((q.id, k.id, raw, o.id))
        for m in q.misconceptions:
            for raw in m.phrases:
                for o in questions:
                    if find_point([raw], [], index[o.id], claim=True)[0] is not None:
                        claims.add((q.id, m.id, raw, o.id))
    return {"own": own, "reach": reach, "claims": claims}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--list", action="store_true", help="print every pair the synonyms add or remove")
    args = parser.parse_args()
    questions = list(load_default_bank().bank)
    groups = len({frozenset({w, *others}) for w, others in SYNONYMS.items()})
    t0 = time.perf_counter()
    with synonyms_off():
        before = measure(questions)
    after = measure(questions)
    took = time.perf_counter() - t0
    points = sum(len(key_points(q)) for q in questions)
    rubric_phrases = sum(len(k.phrases) for q in questions for k in q.rubric)
    claim_phrases = sum(len(m.phrases) for q in questions for m in q.misconceptions)
    print(f"{len(questions)} questions; {groups} synonym groups, {len(SYNONYMS)} stems; both runs took {took:.0f} s")
    print(f"{'what':<62}{'without':>9}{'with':>9}{'change':>8}")
    rows = [
        ("own", f"key points earned by the own reference (of {points})"),
        ("reach", f"(rubric phrase, other reference of its round) pairs; {rubric_phrases} phrases"),
        ("claims", f"(misconception phrase, any reference) pairs; {claim_phrases} phrases"),
    ]
    for key, label in rows:
        b, a = len(before[key]), len(after[key])
        print(f"{label:<62}{b:>9}{a:>9}{a - b:>+8}")
    if args.list:
        for key, _ in rows:
            for sign, pairs in (("+", after[key] - before[key]), ("-", before[key] - after[key])):
                for pair in sorted(pairs):
                    print(f"{sign} {key}: {' | '.join(pair)}")


if __name__ == "__main__":
    main()
