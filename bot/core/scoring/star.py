"""STAR structure of a behavioural story: situation, task, action, result.

A part counts as present when it is labelled ("Situation:", "S:", "**Task**", "## Action") or when
a sentence carries one of its cue phrases ("at the time", "my goal was", "I decided", "as a
result"). A result is quantified when the result part holds a number, a percentage, a duration or
an amount of money. `uses_i` asks whether the story says what the speaker did, not only "we".
"""

from __future__ import annotations

import re

from bot.core.scoring.needles import Haystack, needles
from bot.core.scoring.numbers import extract_numbers
from bot.core.scoring.results import StarReport
from bot.core.scoring.text import _fast_start, fold, sentences

PARTS = ("situation", "task", "action", "result")

_LABEL = re.compile(
    r"(?im)^[\s>#*_-]*(?:\*\*|__)?\s*(situation|task|action|actions|result|results|outcome|s|t|a|r)\s*(?:\*\*|__)?\s*[:.)\-–—](?:\*\*|__)?"
)
# A hard-wrapped story runs its labels on after a sentence: "... instead of 50/50. Task: figure out".
_INLINE_LABEL = re.compile(
    r"(?i)(?<=[.!?])[ \t]+(?:\*\*|__)?(situation|task|action|actions|result|results|outcome)(?:\*\*|__)?\s*:(?:\*\*|__)?"
)
_LABEL_PART = {"s": "situation", "t": "task", "a": "action", "r": "result", "actions": "action",
               "results": "result", "outcome": "result"}  # fmt: skip

_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(at the time|back (then|in)|in my (last|previous|current|first|old) (role|job|team|company)|"
        r"at (my|our) (last|previous|old|current|first)? ?(job|company|role|team|startup|employer)|when i was|"
        r"i was (working|leading|running|on|three|two|six|a few|\w+ (months|weeks) into)|we were (building|running|working|about)|"
        r"(our|the) (\w+ )?(team|model|pipeline|service|system|product|company) (was|were|had|kept)|"
        r"context|background|(last|that|one) (year|quarter|summer|spring|winter|autumn|day|time)|in 20\d\d|"
        r"the (situation|problem|deadline|date|issue) was|a few (months|years) ago|i (joined|worked at|was on)|"
        r"there was|we had (a|an|to)|before (a|the|our))\b"
    ),
    "task": re.compile(
        r"\b(my (goal|task|job|role|responsibility|assignment|mission) (was|is)|i was (asked|tasked|responsible|supposed|expected)|"
        r"i (needed|had|wanted) to|i owned|(the|our) (goal|aim|mission) was|the (challenge|task|ask) was|"
        r"responsible for|objective|we (needed|had|wanted) to|(asked|told) (me|us) to|it was (my|on me)|"
        r"had to (choose|decide|pick|deliver|ship|launch|flag|fix|build|get)|so that|in order to|"
        r"the (new )?priority (was|became))\b"
    ),
    "action": re.compile(
        r"\b(i (decided|proposed|built|wrote|implemented|set up|talked|spoke|met|organi[sz]ed|started|created|"
        r"designed|ran|analy[sz]ed|led|reached out|introduced|added|changed|rewrote|profiled|scheduled|"
        r"suggested|pushed|paired|asked|prototyped|tested|measured|investigated|traced|drafted|escalated|"
        r"negotiated|mentored|refactored|migrated|automated|chose|went|took|made|sat down|broke|split|"
        r"shadowed|documented|presented|wrote up|focused|prioriti[sz]ed|gave|collected|dug|compared)|"
        r"my (approach|plan|first step) was|first,? i|then i|so i|next,? i|"
        r"(i|we) (then |also |quickly |first |finally )?(re)?([a-z]{2,}ed|built|wrote|ran|led|made|took|set|found|"
        r"chose|drove|brought|sent|spent|cut|put|got|gave|kept|began|sat|met|spoke|told|taught|sought|held|"
        r"split|shut|dug|read|won|lost|sold|paid|fed|left|went|did))\b"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|the result|result was|outcome|resulted in|which led to|this led to|"
        r"by the end|ultimately|eventually|afterwards|reduc(ed|ing)|increas(ed|ing)|improv(ed|ing)|cut|"
        r"saved|shipped|launched|dropped|rose|grew|went (up|down|from)|lesson|i learned|i learnt|since then|"
        r"halved|doubled|tripled|adopted|turned out|(got|became|was|were) (much )?(better|worse|faster|easier|stable)|"
        r"things (improved|got better)|worked (well|out|fine|reasonably)|went (well|fine|smoothly)|"
        r"(fixed|solved|resolved) (it|the)|went to|fell|landed|approved|got (a|an|the)|"
        r"(got|brought|took|pushed|pulled) (it|that|this|them|us|\w+) (up |down |back )?to|delivered|"
        r"(is|was|were|are|got) (now |still |soon |then )?(used|adopted|rolled out|in production|live|in use)|"
        r"(was|were|seemed|are|is) (really |very |quite )?(happy|pleased|satisfied|glad) with|signed off)\b"
        r"|[+−-]\d+(\.\d+)?\s*(%|pp|points?)|\d+(\.\d+)?\s*(%|[a-z]{0,5})\s*(->|→)\s*~?\d+"
        r"|\bfrom ~?\d+(\.\d+)?\s*(%|[a-z]{0,5})? to ~?\d+"
    ),
}
_CUE_NEEDLES = {part: needles(cue.pattern) for part, cue in _CUES.items()}
# Chat-style stories label their lines freely ("est:", "handled:", "stuck:"); the label's words say the part.
_FREE_LABEL = re.compile(r"(?im)^[\s>*_-]*([a-z][a-z0-9 /'&-]{0,24}?)\s*(?:\*\*)?\s*:(?!//)")
_FREE_LABEL_PART = [
    ("result", re.compile(r"\b(results?|outcomes?|impact|stuck|after|now|since|learn\w*|lessons?|actual|effect|"
                          r"wins?|end|ending|net|numbers|so what|today|takeaway|reflection|me)\b")),
    ("action", re.compile(r"\b(actions?|did|do|handled|handling|changed?|changes|approach|fix\w*|steps?|plan|"
                          r"response|how|what i did|i did|then|moves?|mitigation|process|execution|solution)\b")),
    ("task", re.compile(r"\b(task|goal|objective|the ask|mission|my job|my role|aim|target|constraint)\b")),
    ("situation", re.compile(r"\b(situation|context|background|setup|problem|feedback|est\w*|incident|issue|"
                             r"ask|when|where|why|the bug|trigger|starting point|before|reaction|1st reaction)\b")),
]
# A clause that opens with a past-tense verb and no subject is the speaker's own action, chat style,
# in a bulleted list too ("- parallelized the fetch").
_IMPLICIT_I = re.compile(
    r"(?:^|[:;,.>]\s*|\n\s*(?:[-*•+]\s+|\d+[.)]\s+)?|->\s*|→\s*)(?:then\s+|also\s+|first\s+)?"
    r"(told|chose|built|wrote|ran|led|made|took|set|found|drove|brought|sent|spent|cut|put|got|gave|kept|"
    r"began|sat|met|spoke|taught|sought|held|split|shut|dug|read|did|went|[a-z]{3,}ed)\b"
)
_QUANTITY_WORDS = re.compile(r"\b(half|halved|doubled|tripled|twice|x\d|\d+x)\b|[$£€]|\bpercent\b|%")
# Written by text._fast_start to start with what they match (the same spans and groups): with a
# leading \b they were tried at every position of the answer.
_I = re.compile(_fast_start(r"\bi\b|\bi'(m|ve|d)\b|\bmy(self)?\b"))
_WE = re.compile(_fast_start(r"\bwe\b|\bwe'(re|ve|d)\b|\bour\b|\bus\b"))
_I_DID = re.compile(_fast_start(r"\bi\s+(?!think|guess|believe|feel|hope|was|am|had|were)(\w+)"))


def _free_label_part(label: str) -> str | None:
    for part, pattern in _FREE_LABEL_PART:
        if pattern.search(label.lower()):
            return part
    return None


def _labelled_sections(text: str) -> dict[str, str] | None:
    marks = sorted(
        (m.start(), m.end(), _LABEL_PART.get(m.group(1).lower(), m.group(1).lower()))
        for pattern in (_LABEL, _INLINE_LABEL)
        for m in pattern.finditer(text)
    )
    if len({part for _, _, part in marks}) < 2:
        taken = {start for start, _, _ in marks}
        for m in _FREE_LABEL.finditer(text):
            part = _free_label_part(m.group(1))
            if part is not None and m.start() not in taken and len(m.group(1).split()) <= 3:
                marks.append((m.start(), m.end(), part))
        marks.sort()
    if len({part for _, _, part in marks}) < 2:  # one stray "a." is not a STAR layout
        return None
    sections: dict[str, str] = {}
    for index, (_, end, part) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(text)
        sections[part] = (sections.get(part, "") + " " + text[end:stop]).strip()
    return sections


_PAST_CONTEXT = re.compile(r"\b(was|were|had|kept|used to)\b|\b\w{3,}ed\b")


PART_WORDS = 3  # a part is present when its text has this many words
# The parts whose text analyse_star reads only for PART_WORDS words (the result's is read whole,
# for its numbers): their cue sentences are collected only until they have that many.
_PRESENCE_ONLY = frozenset(("situation", "task", "action"))
_QUANTITY_SIGNS = "%$£€"  # any of them makes a result text quantified (_QUANTITY_WORDS), whatever follows


def _cue_sections(text: str) -> dict[str, str]:
    """Each part's cue sentences, joined; a part in _PRESENCE_ONLY holds only its first ones, up
    to PART_WORDS words, and the result its first ones up to PART_WORDS words and a sign of a
    quantity (a cue regex costs ~10-30 µs a sentence; analyse_star reads no more of them)."""
    sections: dict[str, list[str]] = {part: [] for part in PARTS}
    words = dict.fromkeys(PARTS, 0)
    story = sentences(text)
    # A heading is not the story's first sentence: "**Situation.** At a marketplace, ..."
    opening = next((s for s in story if len(s.split()) > 3), "")
    # A story opens with its context: a first sentence told in the past tense sets the scene.
    if story and len(opening.split()) >= 6 and _PAST_CONTEXT.search(fold(opening)):
        sections["situation"].append(opening)
        words["situation"] += len(opening.split())
    hay = Haystack([fold(sentence) for sentence in story])
    quantified = False
    for part in PARTS:
        # Only the sentences that hold one of the cue's literal words can carry it.
        cue, enough = _CUES[part], part in _PRESENCE_ONLY
        for s in hay.candidates(_CUE_NEEDLES[part]):
            if (enough or quantified) and words[part] >= PART_WORDS:
                break
            if cue.search(hay.texts[s]):
                sections[part].append(story[s])
                words[part] += len(story[s].split())
                quantified = quantified or (part == "result" and any(c in story[s] for c in _QUANTITY_SIGNS))
    return {part: " ".join(found) for part, found in sections.items() if found}


def _quantified(result_text: str) -> bool:
    if not result_text:
        return False
    return bool(extract_numbers(result_text)) or bool(_QUANTITY_WORDS.search(fold(result_text)))


def analyse_star(answer: str) -> StarReport:
    sections = _labelled_sections(answer)
    # "changed: half-page summary up top": under a label of their own, the actions are the
    # speaker's, chat style, with no "I" needed (unless the story is told as "we").
    labelled_action = sections is not None and len(sections.get("action", "").split()) >= 3
    if sections is None:
        sections = _cue_sections(answer)
    else:  # a labelled story may still hold an unlabelled part elsewhere
        for part, text in _cue_sections(answer).items():
            sections.setdefault(part, text)
    present = {part: len(sections.get(part, "").split()) >= PART_WORDS for part in PARTS}
    folded = fold(answer)
    i_count, we_count = len(_I.findall(folded)), len(_WE.findall(folded))
    implicit = len(_IMPLICIT_I.findall(folded))
    uses_i = (
        (bool(_I_DID.search(folded)) and (i_count >= 2 or we_count == 0))
        or implicit >= 2
        or (labelled_action and we_count <= i_count)
    )
    if implicit >= 2 and not present["action"]:
        present["action"] = True
    quantified = present["result"] and _quantified(sections.get("result", ""))
    missing = [part for part in PARTS if not present[part]]
    if present["result"] and not quantified:
        missing.append("quantified result")
    if not uses_i:
        missing.append("your own actions (I, not only we)")
    return StarReport(
        situation=present["situation"],
        task=present["task"],
        action=present["action"],
        result=present["result"],
        quantified_result=quantified,
        uses_i=uses_i,
        missing=missing,
    )
