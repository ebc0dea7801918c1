"""Every embed and message text of a round: question, follow-up, result, status, history, timer
messages. Rendering only; long text is split, never cut."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord

from bot.core.prose import reflow
from bot.core.questions import CodeAnswer, Question
from bot.core.rounds import Round, RoundStatus
from bot.discordbot import limits
from bot.discordbot.features.coding.render import examples_text
from bot.discordbot.formatting import ROUND_COLOURS, count, minutes, ts
from bot.service import HistoryRow, RoundResult


def question_embeds(question: Question, rnd: Round) -> list[discord.Embed]:
    """The question as one or more embeds (a very long prompt continues in further embeds)."""
    colour = ROUND_COLOURS[question.round_type]
    body = reflow(question.prompt)  # Discord keeps every newline: join the bank's hard wraps
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


def follow_up_embed(question: Question, rnd: Round, text: str) -> discord.Embed:
    number = rnd.follow_up_index + 1
    embed = discord.Embed(
        title=f"Follow-up {number}/{rnd.follow_ups_total}",
        description=reflow(text),  # a follow-up is at most 1500 characters (bank schema)
        colour=ROUND_COLOURS[question.round_type],
    )
    embed.set_footer(text="Answer with the Answer button or a message here; Done skips this follow-up.")
    return embed


def result_embeds(result: RoundResult, now: float) -> list[discord.Embed]:
    """Score, key points hit and missed (with the sentence that earned each), time and hints used."""
    rnd, data = result.round, result.breakdown
    status = ""
    if rnd.status is RoundStatus.TIMED_OUT:
        status = "\nTime ran out: what you wrote was scored, but a timed-out round earns no points."
    head = discord.Embed(
        title=limits.shorten(f"Result · {result.question.title}", limits.EMBED_TITLE),
        description=(
            f"**Score {result.score:.0f}/100** · **{result.points} points**{status}\n"
            f"Time used {minutes(rnd.time_used(now))} of {minutes(rnd.limit_seconds)}"
            f"{' (overtime)' if rnd.overtime else ''} · hints {rnd.hints_used}/{rnd.hints_total}"
        ),
        colour=ROUND_COLOURS[result.question.round_type],
    )
    lines = [_point_line(p) for p in data.get("points", [])]
    feedback = [f"• {line}" for line in data.get("feedback", [])]
    embeds = [head]
    text = "\n".join(lines)
    if feedback:
        text += "\n\n**Feedback**\n" + "\n".join(feedback)
    for chunk in limits.split_text(text, limits.EMBED_DESCRIPTION):
        embeds.append(discord.Embed(description=chunk, colour=head.colour))
    embeds[-1].set_footer(
        text=f"{result_footer_number(rnd.id or 0)}/mock share lets a study partner review it"
    )
    return embeds


def _point_line(point: dict[str, Any]) -> str:
    mark = "✅" if point.get("hit") else "❌"
    line = f"{mark} **{point['point']}** (weight {point['weight']:g})"
    if point.get("hit") and point.get("evidence"):
        line += f"\n> {limits.shorten(point['evidence'], 300)}"
    return line


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
