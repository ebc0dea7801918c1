"""Persistent components for self and peer review. State lives in the custom_id."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.questions import Question
from bot.discordbot import limits

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

PEER_MODAL_PREFIX = "mockloop:peermodal:"
LINK_LABELS = {
    "reference": ("Reference answer", discord.ButtonStyle.secondary),
    "review": ("Review", discord.ButtonStyle.primary),
}


def rubric_options(question: Question) -> list[discord.SelectOption]:
    return [
        discord.SelectOption(
            label=limits.shorten(k.point, 100), value=k.id, description=f"weight {k.weight:g}"
        )
        for k in question.rubric[:25]
    ]


def _values(interaction: discord.Interaction[Any]) -> list[str]:
    return [str(v) for v in (interaction.data or {}).get("values", [])]


KEY_POINT_PLACEHOLDERS = {
    "selfrev": "Self-review: tick the key points you covered",
    "peersel": "Tick the key points this answer made",
}


class KeyPointSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"mockloop:(?P<kind>selfrev|peersel):(?P<round_id>[0-9]{1,20})",
):
    """A menu of a question's key points: self-review under a result, or a peer's review."""

    def __init__(self, kind: str, round_id: int, options: list[discord.SelectOption] | None = None) -> None:
        opts = options or [discord.SelectOption(label="-", value="-")]
        super().__init__(
            discord.ui.Select(
                custom_id=f"mockloop:{kind}:{round_id}",
                placeholder=KEY_POINT_PLACEHOLDERS[kind],
                min_values=0,
                max_values=len(opts),
                options=opts,
            )
        )
        self.kind = kind
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Select[Any], match: re.Match[str], /
    ) -> KeyPointSelect:
        return cls(match["kind"], int(match["round_id"]))

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        flow = interaction.client.review_flow
        if self.kind == "selfrev":
            await flow.on_self_review(interaction, self.round_id, _values(interaction))
        else:
            await flow.on_peer_select(interaction, self.round_id, _values(interaction))


class RoundLinkButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"mockloop:(?P<action>reference|review):(?P<round_id>[0-9]{1,20})",
):
    def __init__(self, action: str, round_id: int) -> None:
        label, style = LINK_LABELS[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"mockloop:{action}:{round_id}")
        )
        self.action = action
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> RoundLinkButton:
        return cls(match["action"], int(match["round_id"]))

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        flow = interaction.client.review_flow
        if self.action == "reference":
            await flow.on_reference(interaction, self.round_id)
        else:
            await flow.on_review_button(interaction, self.round_id)


class PeerCommentModal(discord.ui.Modal):
    """The ticked key points travel in the custom_id as a bit mask over the rubric's order."""

    def __init__(self, round_id: int, mask: int) -> None:
        super().__init__(
            title="Peer review", custom_id=f"{PEER_MODAL_PREFIX}{round_id}:{mask:x}", timeout=900
        )
        self.add_item(
            discord.ui.TextInput(
                label="Comment for the candidate",
                style=discord.TextStyle.paragraph,
                max_length=1000,
                required=False,
                custom_id="comment",
                placeholder="What was strong, what was missing, what to practise next",
            )
        )

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        return None  # handled by ReviewFlow.on_interaction (also after a restart)


def result_controls(round_id: int, question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(KeyPointSelect("selfrev", round_id, rubric_options(question)))
    view.add_item(RoundLinkButton("reference", round_id))
    return view


def review_request_controls(round_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(RoundLinkButton("review", round_id))
    return view


def peer_select_controls(round_id: int, question: Question) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(KeyPointSelect("peersel", round_id, rubric_options(question)))
    return view
