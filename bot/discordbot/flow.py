"""RoundFlow: what happens in Discord for each step of a round.

Slash commands, buttons, forms, thread messages and timer events all come here; each step
parses the Discord input, calls the service once, and renders the answer. No rules live here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.core.errors import RoundNotFound
from bot.core.rounds import RoundStatus, TimerKind
from bot.discordbot import embeds as render
from bot.discordbot import limits
from bot.discordbot.attachments import read_code_file
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.errors import reply_error
from bot.discordbot.review_views import result_controls
from bot.discordbot.views import MODAL_PREFIX, AnswerModal, history_controls, round_controls
from bot.service import AnswerAck, InterviewService, Member, RoundEvent, RoundResult, RoundView

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

log = logging.getLogger(__name__)

Interaction = discord.Interaction["MockloopBot"]

# Words every timer message carries; also how a repeat after a crash recognises what was posted.
HALF_TIME_MARK = "Half time"
FIVE_MINUTES_MARK = "5 minutes left"
TIME_UP_MARK = "Time is up"
RESULT_MARK = "result"  # a result embed (its title starts with "Result")
TIMER_MARKS = (HALF_TIME_MARK, FIVE_MINUTES_MARK, TIME_UP_MARK)
RECENT_FOR_REPEATS = 50


def member_of(interaction: Interaction) -> Member:
    return Member(interaction.guild_id or 0, interaction.user.id, interaction.user.display_name)


def batch_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages that respect 10 embeds and 6000 characters per message."""
    batches: list[list[discord.Embed]] = [[]]
    size = 0
    for embed in embeds:
        n = len(embed)
        if batches[-1] and (len(batches[-1]) >= limits.EMBEDS_PER_MESSAGE or size + n > limits.EMBED_TOTAL):
            batches.append([])
            size = 0
        batches[-1].append(embed)
        size += n
    return batches


class RoundFlow:
    def __init__(self, bot: MockloopBot, service: InterviewService) -> None:
        self.bot = bot
        self.service = service

    # ---- sending helpers ------------------------------------------------------------------

    async def send_embeds(
        self,
        target: discord.abc.Messageable | discord.Webhook,
        embeds: Sequence[discord.Embed],
        *,
        content: str | None = None,
        view: discord.ui.View | None = None,
        ephemeral: bool = False,
    ) -> discord.Message | None:
        """Send embeds as as many messages as the limits need; the view goes on the last one."""
        batches = batch_embeds(embeds)
        last: discord.Message | None = None
        for i, batch in enumerate(batches):
            kwargs: dict[str, Any] = {"embeds": batch}
            if i == 0 and content:
                kwargs["content"] = content
            if i == len(batches) - 1 and view is not None:
                kwargs["view"] = view
            if isinstance(target, discord.Webhook):
                last = await target.send(ephemeral=ephemeral, wait=True, **kwargs)
            else:
                last = await target.send(**kwargs)
        return last

    async def send_result(
        self, target: discord.abc.Messageable | discord.Webhook, result: RoundResult
    ) -> None:
        """The result embeds, with the self-review menu and the reference-answer button under them."""
        controls = result_controls(result.round.id or 0, result.question)
        await self.send_embeds(target, render.result_embeds(result, self.service.clock.now()), view=controls)

    async def _round_channel(self, channel_id: int | None) -> discord.abc.Messageable | None:
        if channel_id is None:
            return None
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:
                return None
        return channel if isinstance(channel, discord.abc.Messageable) else None

    # ---- /mock start ----------------------------------------------------------------------

    async def start(
        self,
        interaction: Interaction,
        round_type: str,
        difficulty: str | None,
        topic: str | None,
        minutes: int | None,
        question_id: str | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        member = member_of(interaction)
        policy = await self.service.policy(member.guild_id)
        home = interaction.channel
        if policy.practice_channel_id and policy.practice_channel_id != interaction.channel_id:
            home = await self._round_channel(policy.practice_channel_id) or home
        view = await self.service.start_round(
            member,
            round_type,
            difficulty,
            topic,
            minutes,
            channel_id=getattr(home, "id", None),
            question_id=question_id,
        )
        rnd, question = view.round, view.question
        thread = await self._open_thread(home, interaction.user, view)
        embeds = render.question_embeds(question, rnd)
        controls = round_controls(rnd.id or 0)
        if thread is not None:
            await self.service.attach_thread(rnd.id or 0, getattr(home, "id", None), thread.id)
            await self.send_embeds(thread, embeds, content=interaction.user.mention, view=controls)
            await interaction.followup.send(
                f"Your {question.round_type.label.lower()} round is open in {thread.mention}. "
                f"Time ends {render.ts(rnd.deadline)}. Good luck!",
                ephemeral=True,
            )
        else:
            await self.send_embeds(
                interaction.followup,
                embeds,
                content="Threads aren't available here, so your round runs in this private message.",
                view=controls,
                ephemeral=True,
            )

    async def _open_thread(self, home: Any, user: discord.abc.User, view: RoundView) -> discord.Thread | None:
        if not isinstance(home, discord.TextChannel):
            return None
        name = limits.shorten(
            f"{view.question.round_type.label} · {user.display_name} · #{view.round.id}", 100
        )
        try:
            thread = await home.create_thread(
                name=name,
                type=discord.ChannelType.private_thread,
                invitable=False,
                auto_archive_duration=1440,
            )
            await thread.add_user(user)
        except discord.HTTPException as exc:
            log.info("private thread not possible in %s (%s); using ephemeral controls", home.id, exc.status)
            return None
        return thread

    # ---- buttons and forms ----------------------------------------------------------------

    async def on_round_button(self, interaction: Interaction, action: str, round_id: int) -> None:
        try:
            member = member_of(interaction)
            if action == "answer":
                rnd = await self.service.rounds.get(round_id)
                if rnd is None or rnd.user_id != member.user_id:
                    raise RoundNotFound(
                        "This round belongs to someone else; start your own with /mock start."
                    )
                if not rnd.status.is_open:
                    raise RoundNotFound("This round is over, so it takes no more answers.")
                title = (
                    f"Follow-up {rnd.follow_up_index + 1}/{rnd.follow_ups_total}"
                    if rnd.status is RoundStatus.FOLLOW_UPS
                    else f"Answer · round #{round_id}"
                )
                await interaction.response.send_modal(AnswerModal(round_id, title))
            elif action == "hint":
                await self._check_owner(member, round_id)
                hint = await within_deadline(interaction, self.service.hint(member), ephemeral=False)
                await send(
                    interaction, f"💡 **Hint {hint.number}/{hint.total}:** {hint.text}", ephemeral=False
                )
            elif action == "done":
                await interaction.response.defer(thinking=True)
                ack = await self.service.finish(member, round_id)
                await self.after_answer(interaction, ack, acknowledged=False)
            elif action == "giveup":
                await interaction.response.defer(thinking=True)
                rnd = await self.service.give_up(member, round_id)
                message = (
                    "🏳️ Round given up. It stays in your history with no points."
                    if rnd.status is RoundStatus.ABANDONED
                    else "This round was already closed."
                )
                await interaction.followup.send(message)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _check_owner(self, member: Member, round_id: int) -> None:
        rnd = await self.service.rounds.get(round_id)
        if rnd is None or rnd.user_id != member.user_id or rnd.guild_id != member.guild_id:
            raise RoundNotFound("This round belongs to someone else; start your own with /mock start.")

    async def on_interaction(self, interaction: Interaction) -> None:
        """Answer forms, including ones opened before a restart."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        if not custom_id.startswith(MODAL_PREFIX):
            return
        try:
            round_id = int(custom_id.removeprefix(MODAL_PREFIX))
            text = modal_value(interaction.data or {}, "answer")
            await interaction.response.defer(thinking=True)
            ack = await self.service.add_answer(
                member_of(interaction),
                text,
                source="modal",
                external_id=f"i{interaction.id}",
                round_id=round_id,
            )
            await self.after_answer(interaction, ack, acknowledged=True, chars=len(text))
        except Exception as exc:
            await reply_error(interaction, exc)

    async def after_answer(
        self, interaction: Interaction, ack: AnswerAck, *, acknowledged: bool, chars: int = 0
    ) -> None:
        follow = interaction.followup
        if ack.late:
            await follow.send("⏰ Time was already up: your text is saved but not scored.")
            return
        if not ack.stored and ack.result is None:
            await follow.send("That was already recorded.", ephemeral=True)
            return
        if ack.result is not None:
            await self.send_result(follow, ack.result)
        elif ack.next_follow_up is not None:
            await follow.send(
                embed=render.follow_up_embed(ack.question, ack.round, ack.next_follow_up),
                view=round_controls(ack.round.id or 0),
            )
        elif acknowledged:
            await follow.send(
                f"📝 Got it ({chars:,} characters). Add more with the Answer button or messages here; "
                "press **Done** when your answer is complete."
            )

    # ---- thread messages ------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not isinstance(message.channel, discord.Thread):
            return
        code_files = [a for a in message.attachments if a.filename.lower().endswith(".py")]
        if not message.content.strip() and not code_files:
            return
        view = await self.service.round_in_thread(message.channel.id)
        if view is None or view.round.user_id != message.author.id:
            return
        rnd = view.round
        if not (rnd.status.is_open or rnd.status is RoundStatus.TIMED_OUT):
            return
        member = Member(rnd.guild_id, message.author.id, getattr(message.author, "display_name", ""))
        try:
            text = message.content
            for attachment in code_files:  # an attached .py file is kept as a code block
                source = await read_code_file(attachment)
                text += f"\n```python\n{source.rstrip()}\n```"
            ack = await self.service.add_answer(
                member, text, source="message", external_id=f"m{message.id}", round_id=rnd.id
            )
        except Exception as exc:
            from bot.discordbot.errors import member_message

            text = member_message(exc)
            if text is None:
                log.exception("could not store a thread message as an answer")
                text = "Sorry, that message could not be saved. Please send it again."
            await message.channel.send(f"{message.author.mention} {text}")
            return
        if ack.late:
            await message.channel.send("⏰ Time was already up: that message is saved but not scored.")
        elif ack.result is not None:
            await self.send_embeds(
                message.channel, render.result_embeds(ack.result, self.service.clock.now())
            )
        elif ack.next_follow_up is not None:
            await message.channel.send(
                embed=render.follow_up_embed(ack.question, ack.round, ack.next_follow_up),
                view=round_controls(ack.round.id or 0),
            )

    # ---- other commands -------------------------------------------------------------------

    async def status(self, interaction: Interaction) -> None:
        view = await self.service.require_open_round(member_of(interaction))
        parts = await self.service.parts(view.round.id or 0)
        embed = render.status_embed(view.question, view.round, len(parts), self.service.clock.now())
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def hint(self, interaction: Interaction) -> None:
        hint = await within_deadline(interaction, self.service.hint(member_of(interaction)), ephemeral=True)
        await send(interaction, f"💡 **Hint {hint.number}/{hint.total}:** {hint.text}", ephemeral=True)

    async def end(self, interaction: Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        rnd = await self.service.give_up(member_of(interaction))
        await interaction.followup.send(f"🏳️ Round #{rnd.id} ended. It stays in your history with no points.")

    async def history(self, interaction: Interaction, user: discord.abc.User) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, view = await self._history_page(interaction.guild_id or 0, user.id, user.display_name, 0)
        await interaction.followup.send(embed=embed, view=view or discord.utils.MISSING, ephemeral=True)

    async def on_history_page(self, interaction: Interaction, guild_id: int, user_id: int, page: int) -> None:
        try:
            name = await self.service.member_name(guild_id, user_id)
            embed, view = await self._history_page(guild_id, user_id, name, page)
            await interaction.response.edit_message(embed=embed, view=view)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _history_page(
        self, guild_id: int, user_id: int, name: str, page: int
    ) -> tuple[discord.Embed, discord.ui.View | None]:
        total = await self.service.history_count(guild_id, user_id)
        pages = max(1, -(-total // render.HISTORY_PAGE))
        page = min(max(page, 0), pages - 1)
        rows = await self.service.history(guild_id, user_id, render.HISTORY_PAGE, page * render.HISTORY_PAGE)
        embed = render.history_embed(rows, name, page, pages, total, self.service.clock.now())
        return embed, history_controls(guild_id, user_id, page, pages)

    # ---- timer events ---------------------------------------------------------------------

    async def on_round_event(self, event: RoundEvent) -> None:
        """Post a warning or time-up where the round lives. Raising makes the dispatcher retry."""
        rnd = event.round
        channel = await self._round_channel(rnd.thread_id or rnd.channel_id)
        if channel is None:
            log.warning("round %s has no reachable channel; timer %s dropped", rnd.id, event.kind)
            return
        posted = await self._already_posted(channel, rnd) if event.maybe_repeat else set()
        who = f"<@{rnd.user_id}>"
        tag = render.round_tag(rnd.id or 0)  # names the round where several share a channel
        left = rnd.time_left(self.service.clock.now())
        if event.kind is TimerKind.HALF_TIME:
            if HALF_TIME_MARK not in posted:
                await channel.send(
                    f"⏳ {who} {HALF_TIME_MARK}: about {render.minutes(left)} left"
                    f" (ends {render.ts(rnd.deadline)}) · {tag}"
                )
        elif event.kind is TimerKind.FIVE_MINUTES:
            if FIVE_MINUTES_MARK not in posted:
                await channel.send(
                    f"⏳ {who} {FIVE_MINUTES_MARK} (ends {render.ts(rnd.deadline)}). Start wrapping up. · {tag}"
                )
        elif rnd.status is RoundStatus.TIMED_OUT and event.result is not None:
            if TIME_UP_MARK not in posted:
                await channel.send(f"⏰ {who} {TIME_UP_MARK}. Here is how your answer scored. · {tag}")
            if RESULT_MARK not in posted:
                await self.send_result(channel, event.result)
        elif TIME_UP_MARK not in posted:
            await channel.send(
                f"⏰ {who} {TIME_UP_MARK}. You may still finish: your answer will be marked overtime. · {tag}"
            )

    async def _already_posted(self, channel: discord.abc.Messageable, rnd: Any) -> set[str]:
        """Which of the round's timer messages the bot already posted where the round lives.

        Asked only when an earlier attempt may have posted before dying (see RoundEvent.maybe_repeat):
        one read of the channel's recent messages. In the round's own thread every bot message is
        the round's; in a shared channel (threads not allowed there) only those naming the round:
        timer messages carry its tag, result embeds its number in the footer.
        """
        own_thread = isinstance(channel, discord.Thread) and channel.id == rnd.thread_id
        tag, number = render.round_tag(rnd.id or 0), render.result_footer_number(rnd.id or 0)
        found: set[str] = set()
        async for message in channel.history(limit=RECENT_FOR_REPEATS):
            if self.bot.user is None or message.author.id != self.bot.user.id:
                continue
            if own_thread or message.content.endswith(tag):
                found.update(mark for mark in TIMER_MARKS if mark in message.content)
            for embed in message.embeds:
                footer = embed.footer.text or ""
                if (embed.title or "").startswith("Result") and (own_thread or footer.startswith(number)):
                    found.add(RESULT_MARK)
        return found


def modal_value(data: dict[str, Any], custom_id: str) -> str:
    """The submitted value of one text input of a modal (components arrive as rows or labels)."""
    for row in data.get("components", []):
        for component in row.get("components", [row.get("component")] if "component" in row else []):
            if component and component.get("custom_id") == custom_id:
                return str(component.get("value") or "")
    return ""
