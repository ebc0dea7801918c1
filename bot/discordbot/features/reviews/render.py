"""Review texts and embeds: the self-review comparison, the reference answer, a review request,
the answer a peer reads, and the note to the candidate."""

from __future__ import annotations

from typing import Any

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


def peer_reading_embeds(question: Question, answer: str | list[tuple[str, str]]) -> list[discord.Embed]:
    """What a reviewer reads: the question's prompt, then each part of the answer under its label
    ("Main answer", "Follow-up 1: <its question>"); `answer` may also be one plain text."""
    sections = [f"**Question:** {question.title}\n{reflow(question.prompt)}"]
    if isinstance(answer, str):
        sections.append(f"**Their answer**\n{answer}")
    else:
        sections.append("**Their answer**")
        sections += [f"__{label}__\n{text}" for label, text in answer]
    return [
        discord.Embed(description=c, colour=discord.Colour.gold())
        for c in limits.split_text("\n\n".join(sections), limits.EMBED_DESCRIPTION)
    ]


def labelled_parts(question: Question, parts: list[Any]) -> list[tuple[str, str]]:
    """The answer's parts grouped as the round asked them: the main answer, then each follow-up."""
    main = "\n\n".join(p.content for p in parts if not p.late and p.follow_up_index is None)
    labelled = [("Main answer", main or "(no answer was written)")]
    for i, follow_up in enumerate(question.follow_ups):
        text = "\n\n".join(p.content for p in parts if not p.late and p.follow_up_index == i)
        prompt = limits.shorten(reflow(follow_up.prompt), 200)
        labelled.append((f"Follow-up {i + 1}: {prompt}", text or "(skipped)"))
    return labelled


REVIEWED_BY = "Reviewed by"


def reviewed_request(embed: discord.Embed, reviewer_mention: str) -> discord.Embed:
    """The review request with its reviewers listed (each once), so the group sees it is taken."""
    at = next((i for i, f in enumerate(embed.fields) if f.name == REVIEWED_BY), None)
    names = (embed.fields[at].value or "").split(", ") if at is not None else []
    if reviewer_mention not in names:
        names.append(reviewer_mention)
    if at is not None:
        embed.remove_field(at)
    embed.add_field(name=REVIEWED_BY, value=limits.shorten(", ".join(names), limits.FIELD_VALUE), inline=False)
    return embed


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
