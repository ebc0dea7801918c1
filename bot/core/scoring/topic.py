"""Topic overlap: how much of the question's own subject an answer talks about.

The question's topic terms are the content words of its title and prompt, less the words every interview question uses ("tell",
"describe", "time", "situation"). The overlap is the share of those terms the answer uses, up to
TOPIC_TERMS_CAP terms: a well-told story about something else shares few of them.
"""

from __future__ import annotations

from functools import lru_cache

from bot.core.questions import Question
from bot.core.scoring.matching import AnswerIndex
from bot.core.scoring.text import content_tokens, normalise

TOPIC_TERMS_CAP = 12

_GENERIC = frozenset(
    normalise(
        """tell time describe example situation walk through what did how you your happened result
        results would do explain give share about when which who why was were one some any most also
        made make work worked working team thing things question interview answer approach handle
        handled like look know want need way ways get got take took come came say said talk talked
        different specific particular case cases well good better best new first last next year years
        month months week weeks day days people person someone something anything everything really
        just more less many much lot part role job company project projects problem problems decision
        decisions learn learned learnt happen happens help helped keep kept use used using think
        went goes going see seen show shows long short high low big small number numbers given
        write return function list while whilst out found find again along between another after before
        least most yet still even percent build design system systems ask asked tell told give gave
        explain walk through which whose would could should might must will shall able ever never"""
    ).split()
)


@lru_cache(maxsize=4096)
def _terms(text: str) -> frozenset[str]:
    return frozenset(t for t in content_tokens(normalise(text)) if len(t) >= 3 and not t.isdigit()) - _GENERIC


def topic_terms(question: Question) -> frozenset[str]:
    return _terms(f"{question.title}\n{question.prompt}")


def topic_overlap(question: Question, index: AnswerIndex) -> float:
    terms = topic_terms(question)
    if not terms:
        return 1.0
    used = sum(bool(index.matching_tokens(t)) for t in terms)
    return min(1.0, used / min(len(terms), TOPIC_TERMS_CAP))
