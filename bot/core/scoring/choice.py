"""Reading a typed multiple-choice answer: option keys and option text.

A key counts when it stands as a key: a short answer made only of keys and filler ("a, c",
"I'd go with b", "answer: c"), an answer that opens with a pick and then explains it ("c, because
...", "tbh c: ...", "I'd go with (b) since ..."), or a key written as one anywhere ("(b)", "b)",
"option b", "ans: c").
Letters inside words or shorthand never count: "I'd" is not d, "a/b" is not a and b. An option
also counts when the answer says its text ("dropout", "L1 regularisation"), through the same
matcher as rubric phrases, so "not L2" does not pick L2.

`reason_text` is what an answer says beyond its pick: the reason the scorer weighs against the
rubric (a line that only names an option, "b) k-nearest neighbours", is the pick, not a reason).
`stored_pick` writes a pick made in a picker that way, for both front ends.
"""

from __future__ import annotations

import re

from bot.core.questions import ChoiceAnswer, ChoiceOption
from bot.core.scoring.matching import AnswerIndex, compile_phrase, find_phrase
from bot.core.scoring.text import fold

_FILLER = frozenset(
    """i would go with pick choose select selected answer answers is are the option options both and or
    plus my it its say think correct right letter final choice choices will take goes to be
    i'd i'll i'm id im""".split()
)
# Chat-style lead-ins before a pick ("tbh c: ...", "hmm, c I think", "def b", "going with (b)").
_LEAD_FILLER = _FILLER | frozenset(
    """tbh imo imho honestly hmm hm um uh ok okay so well yeah yes yep sure pretty def definitely
    probably prob likely going gonna for vote prefer guess reckon ans it's that's thats must
    i'd've""".split()
)
# Where the lead clause of an answer ends: punctuation, a dash, or a reason starting.
_LEAD_BREAK = re.compile(r"[:.!?\n]|\s[-–—]+\s|\s*(?:->|→)\s*|\b(?:because|since|bc|b/c|cuz|cos|as)\b")
_EXPLICIT = [
    re.compile(r"(?<![\w'/])\(([a-e])\)(?![\w'/])"),  # (b)
    re.compile(r"(?:^|(?<=\s)|(?<=,))([a-e])\)(?![\w'/])"),  # b)
    re.compile(r"\b(?:option|choice|answer(?: is)?|ans|pick|letter)\s*[:#]?\s*([a-e])\b(?!['/\w])"),
    re.compile(r"(?m)^\s*([a-e])\s*[.:]\s"),  # "b. because ..." at a line start
]
_NOT_BEFORE = re.compile(r"\b(not|no|never|except|rather than|instead of)\s*(?:option\s*)?\(?$")


def _short_answer_keys(folded: str, keys: set[str]) -> list[str] | None:
    """All keys of an answer made only of keys and filler words, else None."""
    pieces = re.findall(r"[\w'/]+", folded)
    picked: list[str] = []
    for piece in pieces:
        if piece in keys:
            picked.append(piece)
        elif piece not in _FILLER:
            return None
    return picked or None


def _lead_keys(folded: str, keys: set[str]) -> list[str] | None:
    """The keys of the answer's lead when it is a pick and nothing else: "c, because...",
    "tbh c: ...", "hmm, c I think", "b and c, since ...". The lead ends where a reason or a
    statement starts (":", " - ", "because", a full stop, a clause with any word that is neither
    a key nor chat filler); a lead that starts with such a word ("a canary is...", "a/b
    testing") is no pick."""
    m = _LEAD_BREAK.search(folded)
    lead = folded[: m.start()] if m else folded
    picked: list[str] = []
    for clause in re.split(r"[,;]", lead):  # "tbh b, it's the cleanest": the clauses before the first statement
        pieces = re.findall(r"[\w'/]+", clause.replace("(", " ").replace(")", " "))
        if any(p not in keys and p not in _LEAD_FILLER for p in pieces):
            break
        picked += [p for p in pieces if p in keys]
    return picked or None


def _first_line_with(found: list[tuple[int, str]], folded: str) -> set[str]:
    """The picks made in the first line (or sentence) that makes any: later mentions explain."""
    if not found:
        return set()
    first = min(at for at, _ in found)
    stops = [i for i in (folded.find("\n", first), folded.find(". ", first)) if i >= 0]
    end = min(stops) if stops else len(folded)
    return {key for at, key in found if at <= end}


def read_choice(spec: ChoiceAnswer, answer: str) -> list[str]:
    """The option keys a typed answer picks, in option order.

    Keys written as keys win; failing those, option text. Either way only the first line or
    sentence that picks anything counts: "(b) kNN. Trees (random forest, boosting) do not need
    scaling" picks b alone.
    """
    keys = {o.key for o in spec.options}
    folded = fold(answer).strip()
    short = _short_answer_keys(folded, keys)
    if short is None:
        short = _lead_keys(folded, keys)
    if short is not None:
        picked = set(short)
    else:
        explicit: list[tuple[int, str]] = []
        for pattern in _EXPLICIT:
            for m in pattern.finditer(folded):
                key = m.group(1)
                if key in keys and not _NOT_BEFORE.search(folded[: m.start(1)].rstrip("( ")):
                    explicit.append((m.start(1), key))
        picked = _first_line_with(explicit, folded)
        if not picked:
            index = AnswerIndex.build(answer)
            by_text: list[tuple[int, str]] = []
            for option in spec.options:
                if len(option.text.strip()) <= 1:
                    continue
                hit = find_phrase(compile_phrase(option.text), index)
                if hit is not None:
                    by_text.append((hit.sentence, option.key))
            if by_text:
                first = min(at for at, _ in by_text)
                picked = {key for at, key in by_text if at == first}
    return [o.key for o in spec.options if o.key in picked]


def key_spoken_of(folded: str, at: int) -> str | None:
    """The option key written last before position `at` of a folded sentence ("(a) ships a
    maybe-useless model, (d) roc-auc alone ..." speaks of d at "roc-auc"), or None."""
    keys = [(m.start(1), m.group(1)) for pattern in _EXPLICIT for m in pattern.finditer(folded, 0, at)]
    return max(keys)[1] if keys else None


def _bare(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def reason_text(spec: ChoiceAnswer, answer: str) -> str:
    """The answer without the lines that only name a pick ("b", "I'd go with b", "b) k-nearest
    neighbours", "**B** · k-NN"): what is left is the member's reason for the pick."""
    keys = {o.key for o in spec.options}
    labels = {_bare(o.text) for o in spec.options} | {_bare(f"{o.key} {o.text}") for o in spec.options}
    kept = []
    for line in answer.splitlines():
        folded = fold(line).strip()
        if not folded:
            kept.append("")  # paragraphs stay apart ("Why not 1/2: ..." is a paragraph of its own)
        elif _short_answer_keys(folded, keys) is None and _bare(line) not in labels:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def stored_pick(option: ChoiceOption, reason: str = "") -> str:
    """A picker's pick as stored: "b) <option text>", the reason on the lines after it."""
    reason = reason.strip()
    return f"{option.key}) {option.text}" + (f"\n{reason}" if reason else "")
