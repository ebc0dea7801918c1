"""Review texts and embeds: the self-review comparison, the reference answer, a review request,
the answer a peer reads, and the note to the candidate."""

from __future__ import annotations

import discord

from bot.core.prose import reflow
from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.formatting import count
from bot.reviews import ReviewOutcome


def names(outcome: ReviewOutcome, ids: list[str]) -> str:
    points = {k.id: k.point for k in outcome.question.rubric}
    return "; ".join(limits.shorten(points[i], 80) for i in ids) or "none"


def self_review_text(outcome: ReviewOutcome) -> str:
    c = outcome.comparison
    return (
        f"Self-review saved: you ticked {len(c.ticked)} of {count(len(outcome.question.rubric), 'key point')}.\n"
        f"**You and the scorer agree on:** {names(outcome, c.agreed)}\n"
        f"**Only you ticked:** {names(outcome, c.only_reviewer)}\n"
        f"**Only the scorer found:** {names(outcome, c.only_scorer)}\n"
        "Your automatic score is unchanged; the review is kept beside it."
    )


def reference_embeds(question: Question) -> list[discord.Embed]:
    rubric = "\n".join(f"• **{k.point}** (weight {k.weight:g})" for k in question.rubric)
    text = f"**Reference answer**\n{reflow(question.reference_answer)}\n\n**Rubric**\n{rubric}"
    chunks = limits.split_text(text, limits.EMBED_DESCRIPTION)
    return [discord.Embed(description=c, colour=discord.Colour.dark_teal()) for c in chunks]


def review_request_embed(mention: str, round_id: int, question: Question) -> discord.Embed:
    return discord.Embed(
        title=limits.shorten(f"Review request · {question.title}", limits.EMBED_TITLE),
        description=(
            f"{mention} asks for a review of round #{round_id} "
            f"({question.round_type.label}, {question.difficulty.value}). Press **Review** to read the "
            "answer, tick the key points it made and leave a comment."
        ),
        colour=discord.Colour.gold(),
    )


def peer_reading_embeds(question: Question, answer: str) -> list[discord.Embed]:
    text = f"**Question:** {question.title}\n\n**Their answer**\n{answer}"
    return [
        discord.Embed(description=c, colour=discord.Colour.gold())
        for c in limits.split_text(text, limits.EMBED_DESCRIPTION)
    ]


def peer_review_note(reviewer_mention: str, outcome: ReviewOutcome, comment: str) -> discord.Embed:
    return discord.Embed(
        title=limits.shorten(f"New peer review · {outcome.question.title}", limits.EMBED_TITLE),
        description=(
            f"{reviewer_mention} reviewed your round #{outcome.round.id}.\n"
            f"**They saw:** {names(outcome, outcome.comparison.ticked)}\n"
            + (f"**Comment:** {comment}" if comment else "")
        ),
        colour=discord.Colour.gold(),
    )
