"""Scoring one answer: rubric coverage plus the checks its answer kind calls for.

How the 0-100 score is made, per answer kind:
- open:    rubric coverage (weighted share of key points hit).
- numeric: 60% for a correct final value, 40% rubric coverage (the working and the interpretation).
- star:    50% rubric, 50% structure (situation, task, action, result 10% each; quantified result
           5% when the question asks for it; speaking for yourself with "I" 5%).
- design:  60% rubric, 40% design dimensions covered; a design with no numbers loses 15% of its score.
- code:    rubric coverage of the explanation; `combine_with_tests` then weighs tests 70 / rubric 30
           (failing tests earn at most half their share; a quarter when a test got a wrong value,
           and then the explanation counts in proportion to the tests passed).
- choice:  see `score_choice`; a typed answer is read by `choice.read_choice` (keys and option text).
Structure is gated by content: STAR structure and design dimensions count in proportion to rubric
coverage by phrases, fully from CONTENT_GATE (50%) of the rubric up (an answer that makes no key
point but is on the question's subject keeps up to TOPIC_ONLY, 30%), so a well-told story about
something else earns little. Keyword stuffing halves the score. Each misconception the answer
states removes its penalty share of the full score (at most 80 in all); so does each of a story's
judgement red flags (blaming others, hiding a problem, pushing past checks, taking the credit,
learning nothing: judgement.py), while its vagueness flags (no personal action, no outcome) take
at most half of its score. The clause that states a claim, and the sentence that shows a red flag,
make no key point.
Follow-ups with key points of their own share FOLLOW_UPS_SHARE (20%) of the round equally, when
the follow-up answers are passed; a skipped one earns nothing for its share.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.model_verdicts import CheckedReply
from bot.core.models import RoundType
from bot.core.questions import (
    ChoiceAnswer,
    CodeAnswer,
    DesignAnswer,
    NumericAnswer,
    Question,
    StarAnswer,
)
from bot.core.scoring.choice import key_spoken_of, read_choice, reason_text
from bot.core.scoring.design import DIMENSION_LABELS, analyse_design
from bot.core.scoring.matching import AnswerIndex
from bot.core.scoring.misconceptions import (
    VAGUENESS_FLAGS,
    find_misconceptions,
    find_red_flags,
    prompt_index,
    total_penalty,
)
from bot.core.scoring.numbers import judge_numeric
from bot.core.scoring.results import (
    DesignReport,
    FollowUpResult,
    KeyPointResult,
    MisconceptionResult,
    NumericVerdict,
    OptionResult,
    ScoreResult,
    StarReport,
)
from bot.core.scoring.rubric import Coverage, model_coverage, rubric_coverage
from bot.core.scoring.star import analyse_star
from bot.core.scoring.stuffing import looks_stuffed
from bot.core.scoring.text import fold, without_code
from bot.core.scoring.topic import topic_overlap

NUMERIC_SHARE = 0.60
STAR_STRUCTURE_SHARE = 0.50
DESIGN_DIMENSION_SHARE = 0.40
DESIGN_NO_NUMBERS_FACTOR = 0.85
STUFFING_FACTOR = 0.25  # a keyword list shows the words, not the understanding: a quarter of the credit
CHOICE_STUFFING_FACTOR = 0.5  # a right pick with a keyword list for its explanation
CHOICE_PICK_SHARE = 0.5  # a right pick without a reason; the reason's rubric coverage earns the rest
TESTS_SHARE = 0.70
FAILING_TESTS_CAP = 0.5  # a solution with a failing hidden test is buggy: half the tests' share at most
WRONG_RESULTS_CAP = 0.25  # ... and a quarter when a test got a wrong value back (not too slow, not a crash)
CONTENT_GATE = 0.5  # rubric coverage from which structure credit counts in full
TOPIC_GATE = 0.3  # topic overlap (see topic.py) from which structure credit counts in full
TOPIC_ONLY = 0.3  # structure credit an on-topic answer keeps while it makes none of the key points
RED_FLAG_MAX_SHARE = 0.5  # red flags remove at most this share of the story's own score
FOLLOW_UPS_SHARE = 0.20  # of the round, shared equally by the follow-ups that have key points


RUBRIC_ONLY_NOTE = "This is the rubric part only: no code was run against the hidden tests."


def _clamp(score: float) -> float:
    return round(min(max(score, 0.0), 100.0), 1)


def _rubric_feedback(points: list[KeyPointResult]) -> list[str]:
    total = sum(p.weight for p in points) or 1.0
    hit = [p for p in points if p.hit]
    lines = [
        f"Covered {len(hit)} of {len(points)} key points "
        f"({sum(p.weight * p.earned for p in hit) / total:.0%} of the rubric weight)."
    ]
    partly = [p.point for p in hit if p.earned < 1]
    if partly:
        lines.append("Made only in part: " + "; ".join(partly) + ".")
    for p in sorted((p for p in points if not p.hit), key=lambda p: -p.weight):
        lines.append(f"Missed: {p.point} (worth {p.weight / total:.0%} of the rubric).")
    return lines


def _star_structure(report: StarReport, spec: StarAnswer) -> float:
    share = 0.10 * sum((report.situation, report.task, report.action, report.result))
    if spec.quantified_result:
        share += 0.05 * report.quantified_result + 0.05 * report.uses_i
    else:
        share += 0.10 * report.uses_i
    return share / STAR_STRUCTURE_SHARE  # 0..1


def _star_feedback(report: StarReport, spec: StarAnswer) -> list[str]:
    lines = []
    parts = [p for p in ("situation", "task", "action", "result") if not getattr(report, p)]
    if parts:
        lines.append(f"Your story has no clear {', '.join(parts)}; STAR answers need all four parts.")
    if report.result and not report.quantified_result and spec.quantified_result:
        lines.append("Put a number on the result (%, time saved, money, users) so its size is clear.")
    if not report.uses_i:
        lines.append('Say what *you* did ("I decided...", "I built..."), not only what "we" did.')
    return lines


def _design_feedback(report: DesignReport) -> list[str]:
    lines = []
    if report.missing:
        names = ", ".join(DIMENSION_LABELS.get(d, d) for d in report.missing)
        lines.append(f"Not discussed: {names}.")
    if not report.has_numbers:
        lines.append(
            "The design has no numbers: estimate traffic, data size and a latency budget "
            f"(the score was reduced by {1 - DESIGN_NO_NUMBERS_FACTOR:.0%})."
        )
    return lines


def content_gate(coverage_share: float, overlap: float = 0.0) -> float:
    """How much structure credit counts: in proportion to rubric coverage (full from CONTENT_GATE);
    an answer that makes no key point but talks about the question's own subject keeps up to
    TOPIC_ONLY of it, in proportion to its topic overlap (full from TOPIC_GATE)."""
    return max(min(1.0, coverage_share / CONTENT_GATE), TOPIC_ONLY * min(1.0, overlap / TOPIC_GATE))


def _misconception_feedback(found: list[MisconceptionResult]) -> list[str]:
    lines = []
    for m in found:
        label = "Red flag" if m.kind == "red_flag" else "Misconception"
        cost = f" (-{100 * m.penalty:.0f})" if m.penalty else ""  # a wrong pick's cost is its score
        if not m.penalty and m.kind == "misconception":
            cost = " (the wrong number above already cost its share)"  # charged_once
        lines.append(f"{label}: {m.claim}. {m.correction}{cost}")
    return lines


def score_answer(
    question: Question,
    answer: str,
    follow_up_answers: list[str | None] | None = None,
    *,
    verdicts: CheckedReply | None = None,
    follow_up_verdicts: list[CheckedReply | None] | None = None,
    main_result: ScoreResult | None = None,
) -> ScoreResult:
    """Score a typed answer to `question` (0-100) with a breakdown and feedback.

    `follow_up_answers`, when given, is aligned with `question.follow_ups` (None = skipped):
    each follow-up with key points is scored on them and carries its share of the round.
    `verdicts`, a model grader's reply already checked against the answer, decides the key
    points instead of phrase matching; everything else (numbers, structure, stuffing, the
    formula) stays mockloop's own. `follow_up_verdicts`, aligned with the follow-ups, does the
    same for each follow-up's own key points. `main_result`, this function's own earlier result
    for the same question, `answer` and `verdicts` without follow-ups, is reused, not recomputed.
    """
    main = main_result if main_result is not None else _score_main(question, answer, verdicts)
    if follow_up_answers is None:
        return main
    return _with_follow_ups(question, main, follow_up_answers, follow_up_verdicts or [])


def _score_main(question: Question, answer: str, verdicts: CheckedReply | None = None) -> ScoreResult:
    spec = question.answer
    if isinstance(spec, ChoiceAnswer):
        return _score_typed_choice(question, spec, answer, verdicts)
    if not answer.strip():
        points = [KeyPointResult(k.id, k.point, k.weight, False, None) for k in question.rubric]
        return ScoreResult(score=0.0, points=points, feedback=["No answer was given."])

    index = AnswerIndex.build(answer)
    coverage = (
        model_coverage(question.rubric, verdicts)
        if verdicts
        else rubric_coverage(question.rubric, index, asked=question.round_type == RoundType.BEHAVIORAL)
    )
    found = find_misconceptions(question.misconceptions, index, prompt_index(question.prompt))
    if verdicts:
        found.extend(_model_misconceptions(question, verdicts, {m.id for m in found}))
    coverage = withhold_contradicted(coverage, found)
    star = None
    if isinstance(spec, StarAnswer):
        # A story's red flags are found before its structure is gated: the sentence that shows one
        # ("The root cause was really on the tagging team") makes no key point either.
        star = analyse_star(answer)
        found.extend(find_red_flags(spec, star, index, found))
        coverage = withhold_contradicted(coverage, found, kinds=("red_flag",))
    gate = number_gate = 1.0
    if isinstance(spec, StarAnswer | DesignAnswer):
        # Structure credit follows phrase coverage: a bare number pattern such as "\\d+%" is
        # structure, not topic, and the points only such a pattern made count as far as the
        # answer is on this question's subject.
        overlap = topic_overlap(question, index)
        gate = content_gate(coverage.phrase_share, overlap)
        number_gate = max(gate, min(1.0, overlap / TOPIC_GATE))
        coverage = gate_pattern_points(coverage, number_gate)
    feedback = _rubric_feedback(coverage.points)
    gated = [p.point for p in coverage.points if p.hit and p.id in coverage.by_pattern] if number_gate < 1 else []
    if gated:
        feedback.append(
            f"A number alone is not this question's result: {'; '.join(gated)} counted {number_gate:.0%}, as far "
            "as the answer is on this question's subject."
        )
    if verdicts:
        feedback.extend(verdicts.notes)
    numeric = design = None
    score = 100 * coverage.share

    if isinstance(spec, NumericAnswer):
        numeric = judge_numeric(spec, answer, question.prompt)
        score = 100 * (NUMERIC_SHARE * numeric.correct + (1 - NUMERIC_SHARE) * coverage.share)
        feedback.insert(0, ("Correct number: " if numeric.correct else "Number: ") + numeric.explanation)
        found = charged_once(found, numeric)
        feedback.append(
            f"Score: {100 * NUMERIC_SHARE * numeric.correct:.0f}/{100 * NUMERIC_SHARE:.0f} for the number, "
            f"{100 * (1 - NUMERIC_SHARE) * coverage.share:.0f}/{100 * (1 - NUMERIC_SHARE):.0f} for the explanation."
        )
    elif isinstance(spec, StarAnswer) and star is not None:
        structure = _star_structure(star, spec) * gate
        score = 100 * (STAR_STRUCTURE_SHARE * structure + (1 - STAR_STRUCTURE_SHARE) * coverage.share)
        feedback.extend(_star_feedback(star, spec))
        feedback.append(
            f"Score: {100 * STAR_STRUCTURE_SHARE * structure:.0f}/{100 * STAR_STRUCTURE_SHARE:.0f} for the STAR "
            f"structure, {100 * (1 - STAR_STRUCTURE_SHARE) * coverage.share:.0f}/"
            f"{100 * (1 - STAR_STRUCTURE_SHARE):.0f} for the key points."
        )
    elif isinstance(spec, DesignAnswer):
        design = analyse_design(spec, answer)
        dims = sum(design.covered.values()) / len(design.covered) * gate
        score = 100 * (DESIGN_DIMENSION_SHARE * dims + (1 - DESIGN_DIMENSION_SHARE) * coverage.share)
        if not design.has_numbers:
            score *= DESIGN_NO_NUMBERS_FACTOR
        feedback.extend(_design_feedback(design))
        feedback.append(
            f"Score: {100 * DESIGN_DIMENSION_SHARE * dims:.0f}/{100 * DESIGN_DIMENSION_SHARE:.0f} for the "
            f"design dimensions, {100 * (1 - DESIGN_DIMENSION_SHARE) * coverage.share:.0f}/"
            f"{100 * (1 - DESIGN_DIMENSION_SHARE):.0f} for the key points."
        )
    elif isinstance(spec, CodeAnswer):
        feedback.append(RUBRIC_ONLY_NOTE)
    if gate < 1 and isinstance(spec, StarAnswer | DesignAnswer):
        feedback.append(
            f"Structure counts in proportion to on-topic content: {gate:.0%} of it counted (the answer "
            f"covers {coverage.share:.0%} of this question's key points)."
        )

    phrases = [p for k in question.rubric for p in k.phrases]
    # Code is the explanation of a coding answer: its terse prose around the code is not stuffing.
    with_code = isinstance(spec, CodeAnswer) and without_code(answer).strip() != answer.strip()
    stuffing = not with_code and looks_stuffed(answer, phrases, [t for p in index.parsed for t in p.tokens])
    if stuffing:
        score *= STUFFING_FACTOR
        feedback.append(
            "This reads like a list of keywords rather than an explanation, so it earned a quarter of "
            "the credit; say how the ideas connect and why."
        )
    if found:
        flags = [m for m in found if m.id in VAGUENESS_FLAGS]
        claims = [m for m in found if m.id not in VAGUENESS_FLAGS]
        # Vagueness flags cost their share of the full score, but at most half of what the story
        # earned: a vague story and a non-story should not both land on 0.
        score -= min(100 * total_penalty(flags), RED_FLAG_MAX_SHARE * score) if flags else 0.0
        score -= 100 * total_penalty(claims)
        feedback.extend(_misconception_feedback(found))
    return ScoreResult(
        score=_clamp(score),
        points=coverage.points,
        numeric=numeric,
        star=star,
        design=design,
        stuffing=stuffing,
        feedback=feedback,
        misconceptions=found,
        main_score=_clamp(score),
        grader="llm" if verdicts else "rubric",
    )


def charged_once(found: list[MisconceptionResult], numeric: NumericVerdict) -> list[MisconceptionResult]:
    """A wrong final value already costs the number's share: the misconception whose clause
    states that value is the same mistake, so it is shown with its correction but not charged
    again."""
    number = re.search(r"\d[\d,]*(?:\.\d+)?", numeric.read or "")
    if numeric.correct or number is None:
        return found
    # the value as a whole number in the clause ("65,536" for "65536"; "5" is not in "15 GB")
    value = re.compile(rf"(?<![\d.]){re.escape(number.group(0).replace(',', ''))}(?!\d|\.\d)")
    return [
        replace(m, penalty=0.0)
        if m.kind == "misconception" and m.evidence and value.search(re.sub(r"(?<=\d),(?=\d{3})", "", m.evidence))
        else m
        for m in found
    ]


def gate_pattern_points(coverage: Coverage, gate: float) -> Coverage:
    """A point only a bare pattern made ("\\d+%" for a quantified result) is structure, not
    topic: in a story or design about something else it counts as far as the structure does."""
    if gate >= 1 or not coverage.by_pattern:
        return coverage
    points, lost = [], 0.0
    for p in coverage.points:
        if p.id in coverage.by_pattern and p.hit:
            points.append(replace(p, credit=p.earned * gate))
            lost += p.weight * p.earned * (1 - gate)
        else:
            points.append(p)
    total = sum(p.weight for p in coverage.points) or 1.0
    return replace(coverage, points=points, share=max(0.0, coverage.share - lost / total))


def withhold_contradicted(
    coverage: Coverage, found: list[MisconceptionResult], kinds: tuple[str, ...] = ("misconception",)
) -> Coverage:
    """A clause that states a wrong claim earns no key point: "L2 and weight decay are the same,
    so we regularise" names the topic but gets it wrong. Points whose only evidence is such a
    clause lose their credit (the claim's penalty still applies). With `kinds=("red_flag",)` the
    same holds for the sentence that shows a story's judgement red flag."""
    wrong = [fold(m.evidence) for m in found if m.evidence and m.kind in kinds]
    if not wrong:
        return coverage
    points, lost = [], 0.0
    for p in coverage.points:
        said = fold(p.evidence) if p.hit and p.evidence else ""
        if said and any(said in w or w in said for w in wrong):
            points.append(replace(p, hit=False, evidence=None, credit=None))
            lost += p.weight * p.earned
        else:
            points.append(p)
    total = sum(p.weight for p in coverage.points) or 1.0
    return Coverage(points, max(0.0, coverage.share - lost / total), max(0.0, coverage.phrase_share - lost / total))


def _model_misconceptions(question: Question, verdicts: CheckedReply, known: set[str]) -> list[MisconceptionResult]:
    """The misconceptions a model found whose quote is really in the answer (checked already)."""
    by_id = {m.id: m for m in question.misconceptions}
    return [
        MisconceptionResult(m.id, by_id[m.id].claim, by_id[m.id].correction, by_id[m.id].penalty, m.quote)
        for m in verdicts.misconceptions
        if m.id not in known
    ]


def model_graded_text(question: Question, answer: str) -> str | None:
    """The text a model grader is asked to judge, or None when no call is needed: code stays
    with its hidden tests; a choice's pick is read here, so the model judges only the reason of
    a right pick (a wrong pick earns nothing however it is argued, a bare pick has no reason)."""
    spec = question.answer
    if not answer.strip() or isinstance(spec, CodeAnswer):
        return None
    if isinstance(spec, ChoiceAnswer):
        if score_choice(question, read_choice(spec, answer)).score == 0:
            return None
        return reason_text(spec, answer) or None
    return answer


def _score_typed_choice(
    question: Question, spec: ChoiceAnswer, answer: str, verdicts: CheckedReply | None = None
) -> ScoreResult:
    """A pick and its reason, as an interviewer asks "which one, and why?": a right pick earns
    CHOICE_PICK_SHARE, its reason the rest in proportion to the rubric it covers (or, with
    `verdicts`, the checked model verdicts on the reason). The reason is held to the same
    standard as any answer: a keyword list halves the score and each misconception costs its
    penalty. A wrong pick earns nothing, however it is argued."""
    result = score_choice(question, read_choice(spec, answer))
    if result.score == 0:
        return result
    reason = reason_text(spec, answer)
    verdicts = verdicts if reason else None
    index = AnswerIndex.build(reason)
    found = find_misconceptions(question.misconceptions, index, prompt_index(question.prompt)) if reason else []
    found = [m for m in found if not _rebuts_its_option(question, m, index)]
    if verdicts:
        found.extend(_model_misconceptions(question, verdicts, {m.id for m in found}))
    coverage = model_coverage(question.rubric, verdicts) if verdicts else rubric_coverage(question.rubric, index)
    coverage = withhold_contradicted(coverage, found)
    score = result.score * (CHOICE_PICK_SHARE + (1 - CHOICE_PICK_SHARE) * coverage.share)
    feedback = list(result.feedback)
    if not reason:
        feedback.append(
            f"No reason was given: a right pick earns {CHOICE_PICK_SHARE:.0%}; say why it is right for the rest."
        )
    else:
        feedback.extend(_rubric_feedback(coverage.points))
        if verdicts:
            feedback.extend(verdicts.notes)
    # An explanation of a pick speaks of the question itself, and a choice rubric has few phrases:
    # its vocabulary is the prompt, the options and the bank's explanation as well.
    vocabulary = [p for k in question.rubric for p in k.phrases] + [o.text for o in spec.options]
    stuffing = len(reason.split()) > 3 and looks_stuffed(reason, [*vocabulary, question.prompt, spec.explanation or ""])
    if stuffing:
        score *= CHOICE_STUFFING_FACTOR
        feedback.append("The explanation is a list of keywords, so the score was halved; say why the option is right.")
    if found:
        score -= 100 * total_penalty(found)
        feedback.extend(_misconception_feedback(found))
    # A wrong pick's claim said again in the explanation is shown once, as said (with its penalty).
    said = {m.id for m in found}
    if said & {m.id for m in result.misconceptions}:
        shown = _misconception_feedback([m for m in result.misconceptions if m.id in said])
        feedback = [line for line in feedback if line not in shown]
    found += [m for m in result.misconceptions if m.id not in said]
    return replace(
        result, score=_clamp(score), points=coverage.points, stuffing=stuffing, misconceptions=found, feedback=feedback,
        grader="llm" if verdicts else "rubric",
    )  # fmt: skip


def _rebuts_its_option(question: Question, found: MisconceptionResult, reason: AnswerIndex) -> bool:
    """In the reason of a right pick, a claim heard under a wrong option's key is the case against
    that option ("(a) ships a maybe-useless model, (d) ROC-AUC alone hides bad precision"): what
    the answer rejects, not what it says."""
    claim = next((m for m in question.misconceptions if m.id == found.id), None)
    if found.kind != "misconception" or not found.evidence or claim is None or not claim.options:
        return False
    said = fold(next((p.text for p in reason.parsed if found.evidence in p.text), found.evidence))
    at = max(0, said.find(fold(found.evidence)))
    return key_spoken_of(said, at + 4) in claim.options  # a key opening the claim's clause counts: "(a) ships ..."


def _score_follow_up(
    question: Question, index: int, text: str | None, share: float, verdicts: CheckedReply | None = None
) -> FollowUpResult:
    follow_up = question.follow_ups[index]
    if not follow_up.key_points:
        return FollowUpResult(index, follow_up.prompt, False, bool(text and text.strip()), False, 0.0, 0.0, 0.0)
    if not text or not text.strip():
        points = [KeyPointResult(k.id, k.point, k.weight, False, None) for k in follow_up.key_points]
        return FollowUpResult(index, follow_up.prompt, True, False, False, 0.0, share, 0.0, points)
    answer_index = AnswerIndex.build(text)
    coverage = (
        model_coverage(follow_up.key_points, verdicts)
        if verdicts
        else rubric_coverage(follow_up.key_points, answer_index)
    )
    found = find_misconceptions(question.misconceptions, answer_index, prompt_index(question.prompt))
    if verdicts:
        found.extend(_model_misconceptions(question, verdicts, {m.id for m in found}))
    score = 100 * coverage.share
    if looks_stuffed(text, [p for k in follow_up.key_points for p in k.phrases]):
        score *= STUFFING_FACTOR
    score = _clamp(score - 100 * total_penalty(found))
    return FollowUpResult(
        index,
        follow_up.prompt,
        True,
        True,
        coverage.share == 0,
        score,
        share,
        share * score,
        coverage.points,
        found,
    )


def _follow_up_feedback(results: list[FollowUpResult]) -> list[str]:
    lines = []
    for r in results:
        if not r.scored:
            continue
        head = f"Follow-up {r.index + 1} ({r.share:.0%} of the round)"
        if not r.answered:
            lines.append(f"{head}: skipped, so its share earned nothing.")
        elif r.off_topic:
            lines.append(f"{head}: off-topic, none of its key points was made (0/100).")
        else:
            missed = [p.point for p in r.points if not p.hit]
            tail = f"; missed: {'; '.join(missed)}" if missed else ""
            lines.append(f"{head}: {r.score:.0f}/100{tail}.")
        lines.extend(f"  {line}" for line in _misconception_feedback(r.misconceptions))
    return lines


def _with_follow_ups(
    question: Question, main: ScoreResult, answers: list[str | None], verdicts: list[CheckedReply | None]
) -> ScoreResult:
    scored = [f for f in question.follow_ups if f.key_points]
    if not question.follow_ups:
        return main
    share = FOLLOW_UPS_SHARE / len(scored) if scored else 0.0
    results = [
        _score_follow_up(
            question,
            i,
            answers[i] if i < len(answers) else None,
            share,
            verdicts[i] if i < len(verdicts) else None,
        )
        for i in range(len(question.follow_ups))
    ]
    main_score = main.main_score if main.main_score is not None else main.score
    main_share = 1 - FOLLOW_UPS_SHARE if scored else 1.0
    total = main_share * main_score + sum(r.earned for r in results)
    feedback = list(main.feedback)
    if scored:
        feedback.append(
            f"Main answer: {main_score:.0f}/100 ({main_share:.0%} of the round); "
            f"follow-ups: {sum(r.earned for r in results):.0f}/{100 * FOLLOW_UPS_SHARE:.0f}."
        )
        feedback.extend(_follow_up_feedback(results))
    return replace(main, score=_clamp(total), feedback=feedback, follow_ups=results, main_score=main_score)


def combine_with_tests(result: ScoreResult, passed: int, total: int, wrong: int = 0) -> ScoreResult:
    """Blend hidden-test results (70%) with the rubric score (30%) of a coding answer's main part.

    `wrong` counts the tests that returned a wrong value. Code that is right but too slow, or that
    stops with an error, is an incomplete solution; code that returns wrong values without a sign
    of it is a wrong one, which an interviewer marks down harder: its tests earn at most a quarter
    of their share (WRONG_RESULTS_CAP), against half for the others (FAILING_TESTS_CAP). The
    explanation of such code counts as far as the code it explains works (its rubric score times
    the share of tests passed): a fluent account of a wrong solution is not half of a right one.
    Follow-ups keep their share of the round: the blend replaces the main answer's score only.
    """
    if total <= 0:
        return result
    passed = min(max(passed, 0), total)
    wrong = min(max(wrong, 0), total - passed)
    rubric = result.main_score if result.main_score is not None else result.score
    cap = 1.0 if passed == total else WRONG_RESULTS_CAP if wrong else FAILING_TESTS_CAP
    explained = rubric * passed / total if wrong else rubric
    main = TESTS_SHARE * 100 * cap * passed / total + (1 - TESTS_SHARE) * explained
    score = main
    if any(f.scored for f in result.follow_ups):
        score = (1 - FOLLOW_UPS_SHARE) * main + sum(f.earned for f in result.follow_ups)
    line = f"Tests: {passed}/{total} passed (70% of the score); rubric {rubric:.0f}/100 (30%)."
    if wrong:
        line += (
            f" {wrong} returned a wrong value: wrong results earn the tests at most a quarter of"
            f" their share until all pass, and the explanation counts as far as the code works"
            f" ({rubric:.0f} x {passed}/{total} = {explained:.0f})."
        )
    elif passed < total:
        line += " A failing test means a bug: the tests earn at most half their share until all pass."
    rest = [f for f in result.feedback if f != RUBRIC_ONLY_NOTE]
    return replace(result, score=_clamp(score), feedback=[line, *rest], main_score=_clamp(main))


def score_choice(question: Question, selected_keys: list[str]) -> ScoreResult:
    """Exact selection scores 100; for several correct options each right pick earns a share and
    each wrong pick takes one away (never below 0)."""
    spec = question.answer
    if not isinstance(spec, ChoiceAnswer):
        raise TypeError(f"question {question.id} is not a multiple-choice question")
    correct, chosen = set(spec.correct), set(selected_keys)
    right, wrong = len(chosen & correct), len(chosen - correct)
    exact = chosen == correct
    score = 100.0 if exact else max(0.0, 100 * (right - wrong) / len(correct))
    labels = {o.key: o.text for o in spec.options}
    feedback = []
    if exact:
        feedback.append("Correct.")
    else:
        wanted = ", ".join(f"{k}) {labels[k]}" for k in spec.correct)
        picked = ", ".join(sorted(chosen)) or "nothing"
        feedback.append(f"You chose {picked}; the correct answer is {wanted}.")
    if spec.explanation:
        feedback.append(spec.explanation)
    picked_wrong = wrong_pick_misconceptions(question, [o.key for o in spec.options if o.key in chosen - correct])
    feedback.extend(_misconception_feedback(picked_wrong))
    points = [KeyPointResult(k.id, k.point, k.weight, exact, None) for k in question.rubric]
    options = [OptionResult(o.key, o.text, o.key in chosen, o.key in correct) for o in spec.options]
    return ScoreResult(
        score=_clamp(score), points=points, feedback=feedback, options=options, misconceptions=picked_wrong
    )


def wrong_pick_misconceptions(question: Question, wrong_keys: list[str]) -> list[MisconceptionResult]:
    """What each wrong pick's option claims and what is true (the bank's `options` link). The
    pick already cost its share of the score, so these carry no penalty of their own."""
    spec = question.answer
    labels = {o.key: o.text for o in spec.options} if isinstance(spec, ChoiceAnswer) else {}
    found: list[MisconceptionResult] = []
    for key in wrong_keys:
        m = question.option_misconception(key)
        if m is not None and all(f.id != m.id for f in found):
            found.append(MisconceptionResult(m.id, m.claim, m.correction, 0.0, f"{key}) {labels.get(key, '')}", "wrong_pick"))
    return found
