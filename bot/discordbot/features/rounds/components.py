"""The round's persistent components: the Answer/Hint/Done/Give up buttons, the answer form
and the history pager. State lives in the custom_id; callbacks only route to `RoundFlow`."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discordbot import limits
from bot.discordbot.components import Component, RoutedModal
from bot.discordbot.context import services_of
from bot.discordbot.messaging import member_from

ROUND_ACTIONS = {
    "answer": ("Answer", discord.ButtonStyle.primary, "✍️"),
    "hint": ("Hint", discord.ButtonStyle.secondary, "💡"),
    "done": ("Done", discord.ButtonStyle.success, "✅"),
    "giveup": ("Give up", discord.ButtonStyle.danger, "🏳️"),
}
MAX_ID = 2**63 - 1  # Discord snowflakes and SQLite row ids fit in 19-20 digits


class RoundButton(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:(?P<action>answer|hint|done|giveup):(?P<round_id>[0-9]{1,20})",
):
    """Only the round's member, in the round's server, may press these."""

    def __init__(self, action: str, round_id: int) -> None:
        label, style, emoji = ROUND_ACTIONS[action]
        super().__init__(
            discord.ui.Button(
                label=label, style=style, emoji=emoji, custom_id=f"mockloop:{action}:{round_id}"
            )
        )
        self.action = action
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> RoundButton:
        return cls(match["action"], int(match["round_id"]))

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(action, MAX_ID) for action in ROUND_ACTIONS]

    @classmethod
    def matches(cls, custom_id: str | None, round_id: int) -> bool:
        """Whether `custom_id` is one of this round's buttons."""
        found = cls.__discord_ui_compiled_template__.fullmatch(custom_id or "")
        return found is not None and int(found["round_id"]) == round_id

    async def check(self, interaction: discord.Interaction[Any]) -> None:
        member = member_from(interaction)  # a DM is refused before anything is read
        await services_of(interaction).interviews.owned_round(member, self.round_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discordbot.features.rounds.flow import RoundFlow  # the flow shows these controls

        await RoundFlow.of(interaction).on_button(interaction, self.action, self.round_id)


def round_controls(round_id: int, *, answer_only: bool = False, options: list[str] | None = None) -> discord.ui.View:
    """The round's buttons; a choice question's option keys (A, B, C...) come first, on a row of
    their own (the option text is in the question's embed)."""
    view = discord.ui.View(timeout=None)
    for key in options or []:
        view.add_item(OptionButton(round_id, key))
    for action in ("answer",) if answer_only else ROUND_ACTIONS:
        button = RoundButton(action, round_id)
        if options:
            button.item.row = 1
        view.add_item(button)
    return view


class OptionButton(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:pick:(?P<round_id>[0-9]{1,20}):(?P<key>[a-z])",
):
    """One option of a choice question: pressing it opens `PickReasonModal`, which sends the
    pick with the member's reason (as an interviewer asks "which one, and why?")."""

    def __init__(self, round_id: int, key: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=key.upper(), style=discord.ButtonStyle.primary, custom_id=f"mockloop:pick:{round_id}:{key}", row=0
            )
        )
        self.round_id = round_id
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> OptionButton:
        return cls(int(match["round_id"]), match["key"])

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(MAX_ID, "z")]

    @classmethod
    def matches(cls, custom_id: str | None, round_id: int) -> bool:
        found = cls.__discord_ui_compiled_template__.fullmatch(custom_id or "")
        return found is not None and int(found["round_id"]) == round_id

    async def check(self, interaction: discord.Interaction[Any]) -> None:
        member = member_from(interaction)
        await services_of(interaction).interviews.owned_round(member, self.round_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discordbot.features.rounds.flow import RoundFlow

        await RoundFlow.of(interaction).on_pick(interaction, self.round_id, self.key)


class GiveUpChoice(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:giveup-(?P<choice>confirm|cancel):(?P<round_id>[0-9]{1,20})",
):
    """Confirm or Cancel under the private "Give up round #3? It scores 0." question."""

    def __init__(self, choice: str, round_id: int) -> None:
        confirm = choice == "confirm"
        super().__init__(
            discord.ui.Button(
                label="Confirm" if confirm else "Cancel",
                style=discord.ButtonStyle.danger if confirm else discord.ButtonStyle.secondary,
                custom_id=f"mockloop:giveup-{choice}:{round_id}",
            )
        )
        self.choice = choice
        self.round_id = round_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> GiveUpChoice:
        return cls(match["choice"], int(match["round_id"]))

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(choice, MAX_ID) for choice in ("confirm", "cancel")]

    async def check(self, interaction: discord.Interaction[Any]) -> None:
        member = member_from(interaction)
        await services_of(interaction).interviews.owned_round(member, self.round_id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discordbot.features.rounds.flow import RoundFlow

        await RoundFlow.of(interaction).on_give_up_choice(interaction, self.choice == "confirm", self.round_id)


def give_up_controls(round_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(GiveUpChoice("confirm", round_id))
    view.add_item(GiveUpChoice("cancel", round_id))
    return view


class StudyNextButton(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:next:(?P<question_id>[a-z0-9][a-z0-9-]{2,63})",
):
    """Under a result: start the suggested next question (a round of the member's own)."""

    def __init__(self, question_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Start the next question",
                style=discord.ButtonStyle.success,
                emoji="▶️",
                custom_id=f"mockloop:next:{question_id}",
            )
        )
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> StudyNextButton:
        return cls(match["question_id"])

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls("q" * 64)]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discordbot.features.rounds.flow import RoundFlow

        flow = RoundFlow.of(interaction)
        question = flow.interviews.bank_for(member_from(interaction).guild_id).get(self.question_id)
        await flow.start(interaction, question.round_type.value, None, None, None, question_id=question.id)


class AnswerModal(RoutedModal):
    """The answer form; submits (also of forms opened before a restart) go to
    `RoundFlow.on_answer_modal` through the modal router."""

    prefix = "mockloop:answer-modal:"

    def __init__(self, round_id: int, title: str, question: str = "") -> None:
        super().__init__(
            title=limits.shorten(title, limits.MODAL_TITLE),
            custom_id=f"{self.prefix}{round_id}",
            timeout=900,
        )
        if question.strip():  # the question above the box, so a phone user sees what they answer
            self.add_item(discord.ui.TextDisplay(question_display(question)))
        self.answer: discord.ui.TextInput[AnswerModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            max_length=limits.TEXT_INPUT_VALUE,
            placeholder="Write your answer. Code blocks (```) are kept as code.",
            custom_id="answer",
        )
        self.add_item(discord.ui.Label(text="Your answer", component=self.answer))

    @classmethod
    def examples(cls) -> list[RoutedModal]:
        return [cls(MAX_ID, "Follow-up 99/99", "word " * 2000)]


class PickReasonModal(RoutedModal):
    """The reason for a pick; its submit (the pick and the reason, an empty reason allowed) goes
    to `RoundFlow.on_pick_modal`. The round id and the option key travel in the custom_id."""

    prefix = "mockloop:pick-modal:"

    def __init__(self, round_id: int, key: str, option_text: str, pick_share: float) -> None:
        super().__init__(
            title=f"Why {key.upper()}?", custom_id=f"{self.prefix}{round_id}:{key}", timeout=900
        )
        shown = f"**{key.upper()}** · {option_text}"
        note = (
            f"\n\nA right pick earns {pick_share:.0%} of the score; your reason earns the rest."
            " Leave it empty to send the pick alone."
        )
        self.add_item(discord.ui.TextDisplay(limits.shorten(shown, limits.TEXT_DISPLAY - len(note)) + note))
        self.reason: discord.ui.TextInput[PickReasonModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            max_length=limits.TEXT_INPUT_VALUE,
            required=False,
            placeholder="Why is this option right, and the others not?",
            custom_id="reason",
        )
        self.add_item(discord.ui.Label(text="Your reason", component=self.reason))

    @classmethod
    def examples(cls) -> list[RoutedModal]:
        return [cls(MAX_ID, "z", "option " * 200, 0.5)]


def question_display(text: str) -> str:
    """The question as a modal's text display shows it (at most 4000 characters; a longer one
    ends with a visible note that the whole question is in the thread)."""
    if len(text) <= limits.TEXT_DISPLAY:
        return text
    note = "\n*(the whole question is in the thread)*"
    return limits.shorten_keeping_lines(text, limits.TEXT_DISPLAY - len(note)) + note


class HistoryPager(
    Component[discord.ui.Button[Any]],
    template=r"mockloop:history:(?P<guild>[0-9]{1,20}):(?P<user>[0-9]{1,20}):(?P<page>[0-9]{1,6}):(?P<dir>prev|next)",
):
    def __init__(
        self, guild_id: int, user_id: int, page: int, direction: str, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Newer" if direction == "prev" else "Older ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mockloop:history:{guild_id}:{user_id}:{page}:{direction}",
                disabled=disabled,
            )
        )
        self.guild_id, self.user_id, self.page, self.direction = guild_id, user_id, page, direction

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> HistoryPager:
        return cls(int(match["guild"]), int(match["user"]), int(match["page"]), match["dir"])

    @classmethod
    def examples(cls) -> list[Component[Any]]:
        return [cls(MAX_ID, MAX_ID, 999_999, direction) for direction in ("prev", "next")]

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        from bot.discordbot.features.rounds.flow import RoundFlow

        await RoundFlow.of(interaction).on_history_page(interaction, self.guild_id, self.user_id, self.page)


def history_controls(guild_id: int, user_id: int, page: int, pages: int) -> discord.ui.View | None:
    if pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(HistoryPager(guild_id, user_id, max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(
        HistoryPager(guild_id, user_id, min(page + 1, pages - 1), "next", disabled=page >= pages - 1)
    )
    return view
