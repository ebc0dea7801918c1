"""Every embed and message text of a round: question, follow-up, result, status, history, timer
messages. Rendering only; long text is split, never cut."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord

from bot.core.farming import REPEAT_WINDOW_DAYS
from bot.core.prose import reflow
from bot.core.questions import ChoiceAnswer, CodeAnswer, Question
from bot.core.rounds import Round, RoundStatus
from bot.core.scoring.points import BASE_POINTS, PEER_REVIEW_BONUS, point_steps
from bot.core.scoring.results import MODEL_GRADERS
from bot.core.scoring.scorer import CHOICE_PICK_SHARE
from bot.discordbot import limits
from bot.discordbot.features.coding.render import examples_text
from bot.discordbot.formatting import ROUND_COLOURS, count, minutes, ts
from bot.service import HistoryRow, RoundResult


def question_embeds(question: Question, rnd: Round) -> list[discord.Embed]:
    """The question as one or more embeds (a very long prompt continues in further embeds)."""
    colour = ROUND_COLOURS[question.round_type]
    body = reflow(question.prompt)  # Discord keeps every newline: join the bank's hard wraps
    if isinstance(question.answer, ChoiceAnswer):
        body += "\n\n" + "\n".join(f"**{o.key.upper()}** · {o.text}" for o in question.answer.options)
        body += f"\n\nPick one with the buttons below, then say why: the reason earns {1 - CHOICE_PICK_SHARE:.0%} of the score."
    if isinstance(question.answer, CodeAnswer):
        body += f"\n\n**Signature**\n```python\n{question.answer.starter.rstrip()}\n```"
        body += "\n\n" + examples_text(question.answer)
    parts = limits.split_text(body, limits.EMBED_DESCRIPTION)
    title = limits.shorten(f"{question.round_type.label} · {question.title}", limits.EMBED_TITLE)
    embeds = []
    for i, part in enumerate(parts):
        embed = discord.Embed(title=title if i == 0 else None, description=part, colour=colour)
        embeds.append(embed)
    last = embeds[-1]
    last.add_field(name="Difficulty", value=question.difficulty.value)
    last.add_field(name="Topic", value=question.topic.replace("_", " "))
    last.add_field(name="Time", value=f"{int(rnd.limit_seconds // 60)} min · ends {ts(rnd.deadline)}")
    last.set_footer(text=f"Round #{rnd.id} · question {question.id} · {count(len(question.hints), 'hint')} available")
    return embeds


def option_keys(question: Question) -> list[str] | None:
    """A choice question with one right option is answered by buttons, one per option key."""
    spec = question.answer
    if isinstance(spec, ChoiceAnswer) and len(spec.correct) == 1:
        return [o.key for o in spec.options]
    return None


def follow_up_embed(question: Question, rnd: Round, text: str) -> discord.Embed:
    number = rnd.follow_up_index + 1
    embed = discord.Embed(
        title=f"Follow-up {number}/{rnd.follow_ups_total}",
        description=reflow(text),  # a follow-up is at most 1500 characters (bank schema)
        colour=ROUND_COLOURS[question.round_type],
    )
    embed.set_footer(
        text="Answer with a message here or the Answer button on the question; Done skips this follow-up."
    )
    return embed


def result_embeds(result: RoundResult, now: float, next_question: Question | None = None) -> list[discord.Embed]:
    """Score and how the points add up; the number read, each key point (hit with the clause
    that earned it, or missed), each follow-up with its share, the wrong claims with their
    corrections, the other feedback once, and what to study next."""
    rnd, data = result.round, result.breakdown
    status = ""
    if rnd.status is RoundStatus.TIMED_OUT:
        status = "\nTime ran out: what you wrote was scored, but a timed-out round earns no points."
    head = discord.Embed(
        title=limits.shorten(f"Result · {result.question.title}", limits.EMBED_TITLE),
        description=(
            f"**Score {result.score:.0f}/100** · **{count(result.points, 'point')}**{status}\n"
            f"{points_line(result)}\n"
            f"Time used {minutes(rnd.time_used(now))} of {minutes(rnd.limit_seconds)}"
            f"{' (overtime)' if rnd.overtime else ''} · hints {rnd.hints_used}/{rnd.hints_total}"
        ),
        colour=ROUND_COLOURS[result.question.round_type],
    )
    sections: list[str] = []
    numeric = data.get("numeric")
    if numeric:
        mark = "✅" if numeric.get("correct") else "❌"
        sections.append(f"{mark} **Number:** {numeric.get('explanation', '')}")
    lines = [_point_line(p) for p in data.get("points", [])]
    if data.get("follow_ups") and lines:
        main = data.get("main_score")
        lines.insert(0, "**Main answer**" + (f" · {main:.0f}/100" if main is not None else ""))
    sections.append("\n".join(lines))
    follow_ups = [_follow_up_lines(f) for f in data.get("follow_ups", []) if f.get("scored", True)]
    if follow_ups:
        sections.append("\n".join(follow_ups))
    claims = [_claim_line(m) for m in data.get("misconceptions", [])]
    claims += [_claim_line(m, n["index"]) for n in data.get("follow_ups", []) for m in n.get("misconceptions", [])]
    if claims:
        sections.append("**What to correct**\n" + "\n".join(claims))
    feedback = [f"• {line}" for line in data.get("feedback", []) if not line.startswith(SHOWN_ELSEWHERE)]
    if data.get("grader_fallback"):
        feedback.insert(0, f"• Graded by the rubric: {data['grader_fallback']}.")
    if feedback:
        sections.append("**Feedback**\n" + "\n".join(feedback))
    study = study_next_line(result, next_question)
    if study:
        sections.append(study)
    embeds = [head]
    for chunk in limits.split_text("\n\n".join(s for s in sections if s), limits.EMBED_DESCRIPTION):
        embeds.append(discord.Embed(description=chunk, colour=head.colour))
    grader = (
        f" · key points graded by {data['grader_model']}, every verdict checked against your words"
        if data.get("grader") in MODEL_GRADERS and data.get("grader_model")
        else ""
    )
    embeds[-1].set_footer(
        text=limits.shorten(
            f"{result_footer_number(rnd.id or 0)}/mock share lets a study partner review it{grader}",
            limits.EMBED_FOOTER,
        )
    )
    return embeds


# Feedback lines the result shows in their own sections (key points, number, follow-ups, claims)
SHOWN_ELSEWHERE = ("Missed:", "Misconception:", "Red flag:", "Number:", "Correct number:", "Follow-up ", "  ", "Main answer:")


def points_line(result: RoundResult) -> str:
    """How the points add up, in one line (the rule is bot.core.scoring.points, then bot.core.farming)."""
    rnd, award = result.round, result.breakdown.get("award") or {}
    difficulty = rnd.difficulty.value
    base = BASE_POINTS[rnd.difficulty]
    if award.get("timed_out") or rnd.status is RoundStatus.TIMED_OUT:
        return f"Points: 0, because time ran out (a {difficulty} question pays up to {base})."
    if award.get("empty") or result.score <= 0:
        return f"Points: 0 for a score of 0 (a {difficulty} question pays up to {base})."
    score = min(max(result.score, 0.0), 100.0)
    overtime = bool(award.get("overtime") or rnd.overtime)
    steps = point_steps(
        score, rnd.difficulty, rnd.hints_used, rnd.hints_total,
        on_time=bool(award.get("on_time", True)), overtime=overtime, peer_reviewed=False,
    )  # fmt: skip
    parts = []
    for step in steps:
        if step.kind == "earned":
            parts.append(f"{difficulty} question, base {base}: a score of {score:.0f} earns {step.total:.1f}")
        elif step.kind == "hints":
            hints = f"{count(rnd.hints_used, 'hint')} of {rnd.hints_total}"
            parts.append(f"{hints} −{1 - step.change:.0%} → {step.total:.1f}")
        elif step.kind == "overtime":
            parts.append(f"overtime ×{step.change:g} → {step.total:.1f}")
        elif step.kind == "on_time":
            parts.append(f"on time +{step.change - 1:.0%} → {step.total:.1f}")
    value = steps[-1].total
    raw = int(award.get("raw", round(value)))
    awarded = int(award.get("awarded", raw))
    peer = result.points - awarded
    if award.get("repeated"):
        parts.append(f"but a question you were given in the last {REPEAT_WINDOW_DAYS} days earns 0")
    elif awarded < raw and award.get("cap") is not None:
        parts.append(f"daily cap of {award['cap']}: {awarded} of {raw} awarded")
    later = ""
    if peer > 0:
        parts.append(f"peer review +{peer}")
    elif not award.get("repeated"):
        later = f" (a study partner's review adds {PEER_REVIEW_BONUS})"
    return "Points: " + " · ".join(parts) + f" = **{count(result.points, 'point')}**{later}"


def _point_line(point: dict[str, Any]) -> str:
    partly = point.get("hit") and point.get("credit") is not None and point["credit"] < 1
    mark = "◐" if partly else "✅" if point.get("hit") else "❌"
    by = " · the model's verdict" if point.get("grader") in MODEL_GRADERS else ""
    line = f"{mark} **{point['point']}** (weight {point['weight']:g}{', in part' if partly else ''}{by})"
    if point.get("hit") and point.get("evidence"):
        line += f"\n> {limits.shorten(point['evidence'], 300)}"
    return line


def _follow_up_lines(f: dict[str, Any]) -> str:
    head = f"**Follow-up {f['index'] + 1}** ({f['share']:.0%} of the round)"
    status = f.get("status")
    if status == "skipped":
        return f"{head}: skipped, so its share earned nothing"
    if status == "off-topic":
        return f"{head}: off-topic, none of its key points was made · 0/100"
    line = f"{head}: {f['score']:.0f}/100 · {f['earned']:.1f} of {100 * f['share']:.0f}"
    points = [_point_line(p) for p in f.get("points", [])]
    return "\n".join([line, *points])


def _claim_line(m: dict[str, Any], follow_up: int | None = None) -> str:
    where = f" (follow-up {follow_up + 1})" if follow_up is not None else ""
    cost = f" (−{100 * m['penalty']:.0f})" if m.get("penalty") else ""  # a wrong pick costs its score only
    if m.get("kind") == "red_flag":
        return f"🚩 Red flag{where}: {m['claim']} — {m['correction']}{cost}"
    if m.get("kind") == "wrong_pick":
        return f"⚠️ You picked {m.get('evidence') or 'a wrong option'}: {m['claim']} — {m['correction']}"
    return f"⚠️ You said{where}: {m['claim']} — {m['correction']}{cost}"


def weakest(result: RoundResult) -> str | None:
    """The missed key point that weighs most (main answer first, then follow-ups)."""
    data = result.breakdown
    missed = [p for p in data.get("points", []) if not p.get("hit")]
    for f in data.get("follow_ups", []):
        missed += [p for p in f.get("points", []) if not p.get("hit")]
    if not missed:
        return None
    return str(max(missed, key=lambda p: p.get("weight", 1))["point"])


def study_next_line(result: RoundResult, next_question: Question | None) -> str:
    point = weakest(result)
    topic = result.question.topic.replace("_", " ")
    parts = [f"**Study next:** {limits.shorten(point, 200)} ({topic})" if point else f"**Study next:** {topic}, one level up"]
    if next_question is not None:
        parts.append(f"then try `{next_question.id}` · {limits.shorten(next_question.title, 100)}")
    return " · ".join(parts)


def status_phrase(rnd: Round) -> str:
    """Where the round stands, in the words an interviewer would use (never a state name)."""
    return {
        RoundStatus.ASKED: "Waiting for your answer",
        RoundStatus.ANSWERING: "Answering: press Done when your answer is complete",
        RoundStatus.FOLLOW_UPS: f"On follow-up {rnd.follow_up_index + 1} of {rnd.follow_ups_total}",
        RoundStatus.SCORING: "Being scored",
        RoundStatus.DONE: "Finished",
        RoundStatus.ABANDONED: "Given up",
        RoundStatus.TIMED_OUT: "Time ran out",
    }[rnd.status]


def status_line(rnd: Round, note: str = "") -> str:
    """The round's one status line, on the post that carries its controls, edited as the round
    goes (what it waits for, hints used, when time ends: the timestamp counts down by itself)."""
    return (
        f"<@{rnd.user_id}> · **{status_phrase(rnd)}** · hints {rnd.hints_used}/{rnd.hints_total}"
        f" · time ends {ts(rnd.deadline)}{note}"
    )


def status_embed(question: Question, rnd: Round, parts: int, now: float) -> discord.Embed:
    embed = discord.Embed(
        title=limits.shorten(f"Round #{rnd.id} · {question.title}", limits.EMBED_TITLE),
        colour=ROUND_COLOURS[question.round_type],
    )
    embed.add_field(name="Status", value=status_phrase(rnd))
    embed.add_field(name="Time left", value=f"{minutes(rnd.time_left(now))} (ends {ts(rnd.deadline)})")
    embed.add_field(name="Answer", value=count(parts, "part") + " received")
    embed.add_field(name="Hints", value=f"{rnd.hints_used}/{rnd.hints_total}")
    if rnd.thread_id:
        embed.add_field(name="Where", value=f"<#{rnd.thread_id}>")
    return embed


HISTORY_PAGE = 10


def history_embed(
    rows: list[HistoryRow], name: str, page: int, pages: int, total: int, now: float
) -> discord.Embed:
    embed = discord.Embed(
        title=limits.shorten(f"History · {name}", limits.EMBED_TITLE), colour=discord.Colour.blurple()
    )
    if not rows:
        embed.description = "No rounds yet. Start one with `/mock start`."
        return embed
    lines = []
    for row in rows:
        r = row.round
        when = datetime.fromtimestamp(r.started_at, tz=UTC)
        score = "–" if row.score is None else f"{row.score:.0f}/100 · {count(row.points, 'point')}"
        lines.append(
            f"**#{r.id}** {ts(when.timestamp(), 'd')} {r.round_type.label} · `{r.question_id}`\n"
            f"{status_phrase(r)} · {score} · {minutes(r.time_used(now))}/{minutes(r.limit_seconds)}"
        )
    embed.description = "\n".join(lines)
    embed.set_footer(text=f"Page {page + 1}/{pages} · {count(total, 'round')}")
    return embed


def result_footer_number(round_id: int) -> str:
    """How a result embed's footer starts: a restarted bot finds a round's result by it."""
    return f"Round #{round_id} · "


def round_tag(round_id: int) -> str:
    """How a timer message ends: names the round where several share a channel."""
    return f"round #{round_id}"


# Words every timer message carries; also how a repeat after a crash recognises what was posted.
HALF_TIME_MARK = "Half time"
FIVE_MINUTES_MARK = "5 minutes left"
TIME_UP_MARK = "Time is up"
RESULT_MARK = "result"  # a result embed (its title starts with "Result")
TIMER_MARKS = (HALF_TIME_MARK, FIVE_MINUTES_MARK, TIME_UP_MARK)
