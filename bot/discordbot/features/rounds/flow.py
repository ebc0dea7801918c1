"""RoundFlow: what happens in Discord for each step of a round.

Slash commands, buttons, forms and thread messages come here; each step parses the Discord
input, calls the service once, and renders the answer. However a step ended the answer (a
button, the form, a thread message, /mock submit), its outcome is shown by one method,
`present`, so every path shows the same result with the same self-review controls.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import discord

from bot.core import rounds as rules
from bot.core.errors import IllegalTransition, RoundNotFound
from bot.core.models import in_prose
from bot.core.prose import reflow
from bot.core.questions import ChoiceAnswer, ChoiceOption
from bot.core.rounds import Round, RoundStatus
from bot.core.scoring.choice import stored_pick
from bot.core.scoring.scorer import CHOICE_PICK_SHARE
from bot.discordbot import limits
from bot.discordbot.attachments import read_code_file
from bot.discordbot.context import Services, services_of
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.errors import member_message
from bot.discordbot.features.reviews.components import result_controls
from bot.discordbot.features.rounds import render
from bot.discordbot.features.rounds.components import (
    AnswerModal,
    OptionButton,
    PickReasonModal,
    RoundButton,
    StudyNextButton,
    give_up_controls,
    history_controls,
    round_controls,
)
from bot.discordbot.formatting import count
from bot.discordbot.messaging import (
    batch_embeds,
    channel_of,
    guild_id_of,
    member_from,
    modal_value,
    send_embeds,
)
from bot.service import AnswerAck, Member, RoundPosts, RoundResult, RoundView

log = logging.getLogger(__name__)

RECENT_POSTS = 100  # a round's thread holds its question, follow-ups and answers: far fewer
NO_PINGS = discord.AllowedMentions.none()
# round id -> (message id of the post with its controls, its last status text): saves a storage
# read per step in this process; after a restart the stored post ids (RoundPosts) say which post
_STATUS_POSTS: dict[int, tuple[int, str]] = {}
_STATUS_NOTES: dict[int, str] = {}  # round id -> the last timer note ("Half time…"), kept on later edits
_STATUS_LOCKS: dict[int, asyncio.Lock] = {}  # one edit of a round's status line at a time


def _has_round_controls(message: discord.Message, round_id: int) -> bool:
    return any(
        RoundButton.matches(getattr(child, "custom_id", None), round_id)
        or OptionButton.matches(getattr(child, "custom_id", None), round_id)
        for row in message.components
        for child in getattr(row, "children", [])
    )

Target = discord.abc.Messageable | discord.Webhook


def _closed_text(content: str, status: str, line: str) -> str:
    """A closed post's text: its status line gives way to `line`; other text keeps it below."""
    return (f"{status}\n{line}" if content.startswith(status) else f"{content}\n{line}").strip()


async def _close_post(message: discord.Message | discord.PartialMessage, rnd: Round, content: str) -> None:
    try:
        await message.edit(content=content.strip(), view=None, allowed_mentions=NO_PINGS)
    except (discord.HTTPException, aiohttp.ClientError) as exc:  # best effort: the result is out
        log.info("could not close post %s of round %s (%s)", message.id, rnd.id, exc)


class RoundFlow:
    def __init__(self, services: Services, client: discord.Client) -> None:
        self.services = services
        self.interviews = services.interviews
        self.client = client

    @classmethod
    def of(cls, interaction: discord.Interaction[Any]) -> RoundFlow:
        return cls(services_of(interaction), interaction.client)

    # ---- the one result path ----------------------------------------------------------------

    async def send_result(self, target: Target, result: RoundResult) -> None:
        """The result embeds, with the self-review menu and the reference-answer button under them;
        then the round's own posts lose their controls and link to the result."""
        controls = result_controls(result.round.id or 0, result.question)
        suggested = await self.interviews.next_question(result.round)
        if suggested is not None:
            controls.add_item(StudyNextButton(suggested.id))
        embeds = render.result_embeds(result, self.interviews.clock.now(), suggested)
        shown = await send_embeds(target, embeds, view=controls)
        link = (
            f" · [see the result](https://discord.com/channels/{result.round.guild_id}/{shown.channel.id}/{shown.id})"
            if shown is not None
            else ""
        )
        await self.close_posts(
            result.round, f"Finished · {result.score:.0f}/100 · {count(result.points, 'point')}{link}"
        )

    async def update_status(self, rnd: Round, note: str | None = None) -> None:
        """Edit the round's one status line (on its question post) to where the round stands now;
        `note` (a timer's, e.g. half time) stays on the line through later edits."""
        round_id = rnd.id or 0
        if rnd.thread_id is None or not rnd.status.is_open:
            return
        if note is not None:
            _STATUS_NOTES[round_id] = note
        async with _STATUS_LOCKS.setdefault(round_id, asyncio.Lock()):
            known = _STATUS_POSTS.get(round_id)
            thread = await channel_of(self.client, rnd.thread_id)
            if not isinstance(thread, discord.Thread):
                return
            message_id = known[0] if known else await self._controls_post_id(thread, round_id)
            text = render.status_line(rnd, _STATUS_NOTES.get(round_id, ""))
            if message_id is None or (known is not None and known[1] == text):
                return
            try:
                await thread.get_partial_message(message_id).edit(content=text, allowed_mentions=NO_PINGS)
            except discord.HTTPException as exc:
                log.info("could not update the status of round %s (%s)", rnd.id, exc.status)
                return
            _STATUS_POSTS[round_id] = (message_id, text)

    async def _controls_post_id(self, thread: discord.Thread, round_id: int) -> int | None:
        """The post with the round's buttons: stored when it was sent, else (a round opened before
        post ids were stored) found in the thread's history."""
        posts = await self.interviews.round_posts(round_id)
        if posts is not None:
            return posts.controls_message_id
        me = self.client.user
        async for message in thread.history(limit=RECENT_POSTS):
            if me is not None and message.author.id == me.id and _has_round_controls(message, round_id):
                return message.id
        return None

    async def close_posts(self, rnd: Round, line: str) -> None:
        """Edits the round's posts in its thread: no more buttons, and `line` saying how it ended.

        An old post's buttons would otherwise stay live under a finished round. (Where the round
        ran in a shared channel its controls were private messages, which expire by themselves.)
        """
        thread = await channel_of(self.client, rnd.thread_id)
        me = self.client.user
        if not isinstance(thread, discord.Thread) or me is None:
            return
        round_id = rnd.id or 0
        status = render.status_line(rnd).split(" · ", 1)[0]  # the status line gives way to how it ended
        for cache in (_STATUS_POSTS, _STATUS_NOTES, _STATUS_LOCKS):  # the round's status line is done
            cache.pop(round_id, None)
        posts = await self.interviews.round_posts(round_id)
        if posts is not None:  # straight to the stored post, without reading the thread back
            await self._close_stored(thread, rnd, posts, status, line)
            return
        async for message in thread.history(limit=RECENT_POSTS):  # a round from before RoundPosts
            if message.author.id == me.id and _has_round_controls(message, round_id):
                await _close_post(message, rnd, _closed_text(message.content, status, line))

    async def _close_stored(
        self, thread: discord.Thread, rnd: Round, posts: RoundPosts, status: str, line: str
    ) -> None:
        """The stored post with the round's buttons loses them. When the question fit in one
        message that post starts with the status line (sent with it, only ever edited to another),
        so its text is known; the last of a several-message question is read back first."""
        message: discord.Message | discord.PartialMessage = thread.get_partial_message(posts.controls_message_id)
        content = f"{status}\n{line}"
        if not posts.single:
            try:
                message = await thread.fetch_message(posts.controls_message_id)
            except (discord.HTTPException, aiohttp.ClientError) as exc:
                log.info("could not read post %s of round %s (%s)", posts.controls_message_id, rnd.id, exc)
                return
            content = _closed_text(message.content, status, line)
        await _close_post(message, rnd, content)

    async def present(
        self, target: Target, ack: AnswerAck, *, what: str, repeat_note: bool, stored_chars: int | None
    ) -> None:
        """Show what an answer step led to: late, a repeat, the result, the next follow-up, or
        (for `stored_chars`) a receipt. `what` names the input in the late notice."""
        if ack.late:
            await target.send(f"⏰ Time was already up: {what} is saved but not scored.")
            return
        if not ack.stored and ack.result is None:
            if repeat_note:
                await target.send("That was already recorded.", ephemeral=True)  # type: ignore[call-arg]
            return
        if ack.result is not None:
            await self.send_result(target, ack.result)
        elif ack.next_follow_up is not None:
            embed = render.follow_up_embed(ack.question, ack.round, ack.next_follow_up)
            if ack.round.thread_id is not None:  # a plain post: the round's controls stay on its question
                await target.send(embed=embed)
            else:  # private messages in a shared channel: each carries the controls
                await target.send(embed=embed, view=round_controls(ack.round.id or 0))
        elif stored_chars is not None:
            await target.send(
                f"📝 Got it ({stored_chars:,} characters). Add more with the Answer button or messages here; "
                "press **Done** when your answer is complete."
            )
        if ack.result is None:
            await self.update_status(ack.round)

    async def after_answer(
        self, interaction: discord.Interaction[Any], ack: AnswerAck, *, acknowledged: bool, chars: int = 0
    ) -> None:
        """An answer step that came as an interaction (button, form, /mock submit)."""
        await self.present(
            interaction.followup,
            ack,
            what="your text",
            repeat_note=True,
            stored_chars=chars if acknowledged else None,
        )

    # ---- /mock start ----------------------------------------------------------------------

    async def start(
        self,
        interaction: discord.Interaction[Any],
        round_type: str,
        difficulty: str | None,
        topic: str | None,
        minutes: int | None,
        question_id: str | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        member = member_from(interaction)
        policy = await self.interviews.policy(member.guild_id)
        home = interaction.channel
        if isinstance(home, discord.Thread):  # started from a round's thread (Start the next question)
            home = home.parent or home
        if policy.practice_channel_id and policy.practice_channel_id != interaction.channel_id:
            home = await channel_of(self.client, policy.practice_channel_id) or home
        view = await self.interviews.start_round(
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
        controls = round_controls(rnd.id or 0, options=render.option_keys(question))
        if thread is not None:
            await self.interviews.attach_thread(rnd.id or 0, getattr(home, "id", None), thread.id)
            # the status line names the member without a ping: they were added to the thread
            first, *rest = batch_embeds(embeds)
            status_post = await send_embeds(
                thread,
                first,
                content=render.status_line(rnd),
                view=None if rest else controls,
                allowed_mentions=NO_PINGS,
            )
            controls_post = (
                await send_embeds(thread, [e for batch in rest for e in batch], view=controls)
                if rest
                else status_post
            )
            if status_post is not None and controls_post is not None:  # stored for the edits to come
                await self.interviews.attach_posts(rnd.id or 0, RoundPosts(status_post.id, controls_post.id))
            await interaction.followup.send(
                f"Your {in_prose(question.round_type.label)} round is open in {thread.mention}. "
                f"Time ends {render.ts(rnd.deadline)}. Good luck!",
                ephemeral=True,
            )
        else:
            await send_embeds(
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

    # ---- buttons and forms (ownership is checked by RoundButton.check) ---------------------

    async def on_button(self, interaction: discord.Interaction[Any], action: str, round_id: int) -> None:
        member = member_from(interaction)
        if action == "answer":
            rnd = await self.interviews.owned_round(member, round_id)
            if not rnd.status.is_open:
                raise RoundNotFound("This round is over, so it takes no more answers.")
            question = self.interviews.question_of(rnd)
            if rnd.status is RoundStatus.FOLLOW_UPS:
                title = f"Follow-up {rnd.follow_up_index + 1}/{rnd.follow_ups_total}"
                shown = question.follow_ups[rnd.follow_up_index].prompt
            else:
                title, shown = f"Answer · round #{round_id}", question.prompt
            await interaction.response.send_modal(AnswerModal(round_id, title, reflow(shown)))
        elif action == "hint":
            hint = await within_deadline(interaction, self.interviews.hint(member, round_id), ephemeral=False)
            await send(interaction, f"💡 **Hint {hint.number}/{hint.total}:** {reflow(hint.text)}", ephemeral=False)
            await self.update_status(hint.round)
        elif action == "done":
            await interaction.response.defer(thinking=True)
            ack = await self.interviews.finish(member, round_id)
            await self.after_answer(interaction, ack, acknowledged=False)
        elif action == "giveup":  # asks first, privately; a closed round is refused before that
            rnd = await self.interviews.owned_round(member, round_id)
            if not rnd.status.is_open:
                raise IllegalTransition(rules.why_not(rnd, "change it"))
            await interaction.response.send_message(
                f"Give up round #{round_id}? It scores 0.", view=give_up_controls(round_id), ephemeral=True
            )

    async def on_pick(self, interaction: discord.Interaction[Any], round_id: int, key: str) -> None:
        """An option button of a choice question opens the form for the pick's reason; the pick
        is sent with it (`on_pick_modal`). A pick is refused once the answer is in."""
        rnd = await self._round_open_for_a_pick(interaction, round_id)
        option = self._option(rnd, key)
        await interaction.response.send_modal(PickReasonModal(round_id, key, option.text, CHOICE_PICK_SHARE))

    async def on_pick_modal(self, interaction: discord.Interaction[Any], state: str) -> None:
        """A pick's form submitted (the route for PickReasonModal.prefix; `state` is "round:key"):
        the pick and its reason are the answer, and the answer is done."""
        round_text, _, key = state.partition(":")
        round_id = int(round_text)
        rnd = await self._round_open_for_a_pick(interaction, round_id)
        option = self._option(rnd, key)
        reason = modal_value(interaction.data or {}, "reason").strip()  # type: ignore[arg-type]
        await interaction.response.defer(thinking=True)
        member = member_from(interaction)
        ack = await self.interviews.add_answer(
            member, stored_pick(option, reason), source="pick", external_id=f"i{interaction.id}", round_id=round_id
        )
        if ack.stored and ack.result is None and not ack.late:
            ack = await self.interviews.finish(member, round_id)
        said = f"You picked **{key.upper()}**: {option.text}"
        await interaction.followup.send(said + ("" if reason else " (no reason given)"))
        await self.present(interaction.followup, ack, what="your pick", repeat_note=True, stored_chars=None)

    async def _round_open_for_a_pick(self, interaction: discord.Interaction[Any], round_id: int) -> Round:
        rnd = await self.interviews.owned_round(member_from(interaction), round_id)
        if rnd.status not in (RoundStatus.ASKED, RoundStatus.ANSWERING):
            raise IllegalTransition(rules.why_not(rnd, "pick an option now"))
        return rnd

    def _option(self, rnd: Round, key: str) -> ChoiceOption:
        spec = self.interviews.question_of(rnd).answer
        option = spec.option(key) if isinstance(spec, ChoiceAnswer) else None
        if option is None:
            raise IllegalTransition(f"This question has no option {key.upper()}.")
        return option

    async def on_give_up_choice(self, interaction: discord.Interaction[Any], confirm: bool, round_id: int) -> None:
        """Confirm or Cancel under the give-up question (ownership is checked by GiveUpChoice)."""
        if not confirm:
            await interaction.response.edit_message(content="Kept going: the round is still open.", view=None)
            return
        rnd = await self.interviews.give_up(member_from(interaction), round_id)
        await interaction.response.edit_message(content=f"Round #{round_id} given up.", view=None)
        await interaction.followup.send("🏳️ Round given up. It stays in your history with no points.")
        await self.close_posts(rnd, "Given up · no points")

    async def on_answer_modal(self, interaction: discord.Interaction[Any], state: str) -> None:
        """An answer form submitted (the route for AnswerModal.prefix; `state` is the round id)."""
        round_id = int(state)
        text = modal_value(interaction.data or {}, "answer")  # type: ignore[arg-type]
        await interaction.response.defer(thinking=True)
        ack = await self.interviews.add_answer(
            member_from(interaction),
            text,
            source="modal",
            external_id=f"i{interaction.id}",
            round_id=round_id,
        )
        await self.after_answer(interaction, ack, acknowledged=True, chars=len(text))

    # ---- thread messages ------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not isinstance(message.channel, discord.Thread):
            return
        code_files = [a for a in message.attachments if a.filename.lower().endswith(".py")]
        if not message.content.strip() and not code_files:
            return
        view = await self.interviews.round_in_thread(message.channel.id)
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
            ack = await self.interviews.add_answer(
                member, text, source="message", external_id=f"m{message.id}", round_id=rnd.id
            )
        except Exception as exc:
            text = member_message(exc)
            if text is None:
                log.exception("could not store a thread message as an answer")
                text = "Sorry, that message could not be saved. Please send it again."
            await message.channel.send(f"{message.author.mention} {text}")
            return
        await self.present(message.channel, ack, what="that message", repeat_note=False, stored_chars=None)

    # ---- other commands -------------------------------------------------------------------

    async def status(self, interaction: discord.Interaction[Any]) -> None:
        view = await self.interviews.require_open_round(member_from(interaction))
        parts = await self.interviews.parts(view.round.id or 0)
        embed = render.status_embed(view.question, view.round, len(parts), self.interviews.clock.now())
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def show_result(self, interaction: discord.Interaction[Any], round_id: int | None) -> None:
        """/mock result: a finished round's result again, privately (its thread may be closed)."""
        member = member_from(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        if round_id is None:
            rows = await self.interviews.history(member.guild_id, member.user_id, 20, 0)
            round_id = next((r.round.id for r in rows if r.score is not None), None)
            if round_id is None:
                raise RoundNotFound("You have no finished round yet. Start one with /mock start.")
        else:
            await self.interviews.owned_round(member, round_id)
        result = await self.interviews.result(round_id)
        if result is None:
            raise RoundNotFound(f"Round #{round_id} has no result: it was given up or is still open.")
        embeds = render.result_embeds(result, self.interviews.clock.now())
        where = f"Round #{round_id}" + (f" in <#{result.round.thread_id}>" if result.round.thread_id else "")
        await send_embeds(interaction.followup, embeds, content=where, ephemeral=True)

    async def hint(self, interaction: discord.Interaction[Any]) -> None:
        work = self.interviews.hint(member_from(interaction))
        hint = await within_deadline(interaction, work, ephemeral=True)
        await send(interaction, f"💡 **Hint {hint.number}/{hint.total}:** {reflow(hint.text)}", ephemeral=True)
        await self.update_status(hint.round)

    async def end(self, interaction: discord.Interaction[Any]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        rnd = await self.interviews.give_up(member_from(interaction))
        await interaction.followup.send(f"🏳️ Round #{rnd.id} ended. It stays in your history with no points.")
        await self.close_posts(rnd, "Given up · no points")

    async def history(self, interaction: discord.Interaction[Any], user: discord.abc.User) -> None:
        guild_id = guild_id_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, view = await self._history_page(guild_id, user.id, user.display_name, 0)
        await interaction.followup.send(embed=embed, view=view or discord.utils.MISSING, ephemeral=True)

    async def on_history_page(
        self, interaction: discord.Interaction[Any], guild_id: int, user_id: int, page: int
    ) -> None:
        name = await self.interviews.member_name(guild_id, user_id)
        embed, view = await self._history_page(guild_id, user_id, name, page)
        await interaction.response.edit_message(embed=embed, view=view)

    async def _history_page(
        self, guild_id: int, user_id: int, name: str, page: int
    ) -> tuple[discord.Embed, discord.ui.View | None]:
        total = await self.interviews.history_count(guild_id, user_id)
        pages = max(1, -(-total // render.HISTORY_PAGE))
        page = min(max(page, 0), pages - 1)
        rows = await self.interviews.history(
            guild_id, user_id, render.HISTORY_PAGE, page * render.HISTORY_PAGE
        )
        embed = render.history_embed(rows, name, page, pages, total, self.interviews.clock.now())
        return embed, history_controls(guild_id, user_id, page, pages)
