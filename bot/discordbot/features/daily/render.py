"""The daily question's post and the reply to an answer."""

from __future__ import annotations

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.formatting import ROUND_COLOURS
from bot.study import DailyAnswer


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
