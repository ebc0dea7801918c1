"""Persistent components for self and peer review. State lives in the custom_id."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core.questions import Question
from bot.discordbot import limits
from bot.discordbot.components import Component, RoutedModal

MAX_ID = 2**63 - 1
LINK_LABELS = {
    "reference": ("Reference answer", discord.ButtonStyle.secondary),
    "review": ("Review", discord.ButtonStyle.primary),
}
KEY_POINT_PLACEHOLDERS = {
    "selfrev": "Self-review: tick the key points you covered",
    "peersel": "Tick the key points this answer made",
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


def _flow(interaction: discord.Interaction[Any]) -> Any:
    from bot.discordbot.features.reviews.flow import ReviewFlow  # the flow shows these controls

    return ReviewFlow.of(interaction)


class KeyPointSelect(
    Component[discord.ui.Select[Any]],
    template=r"mockloop:(?P<kind>selfrev|peersel):(?P<round_id>[0-9]{1,20})",
):
    """A menu of a question's key points: self-review under a result, or a peer's review.
    Who may tick is a review rule (bot.core.reviews), checked by the service."""

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

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(kind, MAX_ID) for kind in KEY_POINT_PLACEHOLDERS]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        flow = _flow(interaction)
        if self.kind == "selfrev":
            await flow.on_self_review(interaction, self.round_id, _values(interaction))
        else:
            await flow.on_peer_select(interaction, self.round_id, _values(interaction))


class RoundLinkButton(
    Component[discord.ui.Button[Any]],
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

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(action, MAX_ID) for action in LINK_LABELS]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        flow = _flow(interaction)
        if self.action == "reference":
            await flow.on_reference(interaction, self.round_id)
        else:
            await flow.on_review_button(interaction, self.round_id)


class PeerCommentModal(RoutedModal):
    """The ticked key points travel in the custom_id as a bit mask over the rubric's order."""

    prefix = "mockloop:peermodal:"

    def __init__(self, round_id: int, mask: int) -> None:
        super().__init__(title="Peer review", custom_id=f"{self.prefix}{round_id}:{mask:x}", timeout=900)
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

    @classmethod
    def examples(cls) -> list[RoutedModal]:
        return [cls(MAX_ID, (1 << 25) - 1)]  # a rubric offers at most 25 key points


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
