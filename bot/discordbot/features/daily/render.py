"""The daily question's post and the reply to an answer."""

from __future__ import annotations

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.formatting import ROUND_COLOURS
from bot.study import DailyAnswer, DailyRecap


def daily_embeds(question: Question, answered: int) -> list[discord.Embed]:
    colour = ROUND_COLOURS[question.round_type]
    options = question.answer.options  # type: ignore[union-attr]
    body = question.prompt + "\n\n" + "\n".join(f"**{o.key.upper()}.** {o.text}" for o in options)
    chunks = limits.split_text(body, limits.EMBED_DESCRIPTION)[: limits.EMBEDS_PER_MESSAGE]
    title = limits.shorten(f"Question of the day · {question.title}", limits.EMBED_TITLE)
    embeds = [
        discord.Embed(title=title if i == 0 else None, description=chunk, colour=colour)
        for i, chunk in enumerate(chunks)
    ]
    who = "nobody yet" if answered == 0 else f"{answered} member{'s' if answered != 1 else ''}"
    embeds[-1].set_footer(
        text=f"Answered by {who} · one answer each; a right answer earns points and keeps your streak"
    )
    return embeds


def recap_text(recap: DailyRecap) -> str:
    """"Yesterday's answer: **B** (It falls) · 2 of 3 got it right", the first line of a post."""
    answer = recap.question.answer
    keys = [k.upper() for k in answer.correct]  # type: ignore[union-attr]
    texts = [o.text for o in answer.options if o.key in answer.correct]  # type: ignore[union-attr]
    when = "Yesterday's answer" if recap.yesterday else f"The answer to {recap.day:%a %d %b}'s question"
    if recap.answered == 0:
        who = "nobody answered it"
    else:
        who = f"{recap.right} of {recap.answered} got it right"
    text = f"{when}: **{', '.join(keys)}** ({limits.shorten('; '.join(texts), 300)}) · {who}"
    return text


def post_content(recap: DailyRecap | None, role_id: int | None) -> str | None:
    """The post's text above the question: yesterday's recap first, then the role's ping."""
    lines = []
    if recap is not None:
        lines.append(recap_text(recap))
    if role_id is not None:
        lines.append(f"<@&{role_id}> today's question is up: answer with the buttons, discuss in the thread.")
    return "\n".join(lines) or None


def answer_text(result: DailyAnswer) -> str:
    """The private reply to a member's answer (the explanation is at most 1500 characters: the schema)."""
    answer = result.question.answer
    right = ", ".join(k.upper() for k in answer.correct)  # type: ignore[union-attr]
    if not result.first_time:
        text = f"You already answered {result.chosen.upper()} today; the answer is {right}."
    elif result.correct:
        text = f"✅ Right, it is {right}. +{result.points} points."
    else:
        text = f"❌ Not this time: the answer is {right}. Your answer still counts for your streak."
    explanation = getattr(answer, "explanation", None)
    if explanation:
        text += f"\n{explanation}"
    return text
