"""The optional model grader end to end: the real discord.py client, the fake Discord, and a
stand-in OpenAI-compatible server; off by default, checked verdicts, a clean fallback."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from tests.e2e.conftest import BotRunner, assert_clean
from tests.e2e.test_round_flow import GOOD, button, start_round
from tests.fakediscord import FakeDiscord
from tests.openai_stub.server import StubModel, reply, slow

MANAGE_GUILD = 1 << 5
KEY = "sk-e2e-7c41-never-shown"
VERDICTS = {
    "key_points": [
        {"id": "bias", "verdict": "made", "quote": "Bias is the error from wrong assumptions in the model"},
        {"id": "variance", "verdict": "partly", "quote": "Variance is sensitivity to the training set"},
        {"id": "reg", "verdict": "made", "quote": "an invented sentence that is not in the answer"},
    ],
    "misconceptions": [],
    "follow_up": "",
}


@pytest.fixture
async def stub() -> AsyncIterator[StubModel]:
    async with StubModel([reply(VERDICTS)]) as server:
        yield server


async def finish(fake: FakeDiscord, user: dict, thread: dict, question: dict) -> dict:
    controls = {label: button(question, label) for label in ("Answer", "Done")}
    opened = await fake.click(user, question, controls["Answer"])
    form = (await opened.response())["data"]["custom_id"]
    await (await fake.submit_modal(user, form, {"answer": GOOD}, message=question)).followups()
    for _ in range(3):
        done = await fake.click(user, question, controls["Done"])
        assert (await done.response())["type"] == 5  # deferred before any model call
        await done.followups()
    return await fake.wait_for_message(
        thread["id"], lambda m: any("Result" in (e.get("title") or "") for e in m["embeds"])
    )


def result_text(message: dict) -> str:
    return "\n".join(
        (e.get("description") or "") + ((e.get("footer") or {}).get("text") or "") for e in message["embeds"]
    )


async def start_with_model(runner: BotRunner, bank, base_url: str, timeout: float = 5.0):  # noqa: ASYNC109
    return await runner.start(
        bank,
        llm_base_url=base_url,
        llm_model="stub-model",
        llm_api_key=SecretStr(KEY),
        llm_timeout=timeout,
        llm_max_concurrency=2,
    )


async def test_off_by_default_then_on_with_a_notice_and_checked_verdicts(
    fake, users, runner: BotRunner, bank, stub: StubModel, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await start_with_model(runner, bank, stub.base_url)
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    rubric_only = result_text(await finish(fake, alice, thread, question))
    assert stub.requests == [] and "graded by stub-model" not in rubric_only  # off until an admin says

    on = await fake.slash(alice, "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)
    (notice,) = await on.followups() if (await on.response())["type"] == 5 else [(await on.response())["data"]]
    assert "answers are sent to" in notice["content"] and stub.base_url in notice["content"]
    again = await fake.slash(alice, "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)
    shown = (await again.response())["data"].get("content") or (await again.followups())[0]["content"]
    assert "answers are sent to" not in shown  # the notice is shown once

    thread, question = await start_round(fake, alice, question="ml-test-1")
    text = result_text(await finish(fake, alice, thread, question))
    assert stub.rejected == [] and len(stub.requests) == 1
    assert "graded by stub-model" in text
    assert "the model's verdict" in text and "in part" in text  # variance: "partly"
    assert "not in the answer" in text  # the invented quote for "reg" earned nothing
    everything = caplog.text + str([m.get("content") for m in fake.world.messages.values()])
    assert KEY not in everything and KEY not in str(stub.requests)
    assert stub.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert_clean(fake)


async def test_a_slow_model_falls_back_to_the_rubric_and_says_so(fake, users, runner: BotRunner, bank) -> None:
    async with StubModel([slow(5.0, VERDICTS)]) as stub:
        await start_with_model(runner, bank, stub.base_url, timeout=0.5)
        alice = users["alice"]
        on = await fake.slash(alice, "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)
        await on.response()
        thread, question = await start_round(fake, alice)
        text = result_text(await finish(fake, alice, thread, question))
        await runner.stop()
    assert "Graded by the rubric: the model did not answer in time." in text
    assert "graded by stub-model" not in text
    assert_clean(fake)


async def test_without_a_configured_model_the_admin_is_told_what_to_set(fake, bot, users) -> None:
    it = await fake.slash(users["alice"], "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)
    response = await it.response()
    assert it.ephemeral and "MOCKLOOP_LLM_BASE_URL" in response["data"]["content"]
    assert_clean(fake)


async def test_the_interviewer_probes_the_missed_point_in_the_models_words_and_grades_that_answer(
    fake, users, runner: BotRunner
) -> None:
    from bot.core.bank import QuestionBank
    from tests.conftest import make_question
    from tests.core.test_follow_up_plan import FOLLOW_UPS
    from tests.test_service_follow_ups import MISSES_VARIANCE, MODEL_QUESTION

    bank = QuestionBank([make_question("ml-test-probe", follow_ups=FOLLOW_UPS)])
    main = {
        "key_points": [
            {"id": "bias", "verdict": "made", "quote": "Bias is the error from wrong assumptions"},
            {"id": "variance", "verdict": "missed", "quote": ""},
            {"id": "reg", "verdict": "partly", "quote": "Regularisation reduces variance"},
        ],
        "misconceptions": [],
        "follow_up": MODEL_QUESTION,
    }
    graded = {
        "key_points": [{"id": "variance", "verdict": "made", "quote": "that is its variance"}],
        "misconceptions": [],
        "follow_up": "",
    }
    async with StubModel([reply(main), reply(graded)]) as stub:
        await start_with_model(runner, bank, stub.base_url)
        alice = users["alice"]
        await (await fake.slash(alice, "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)).response()
        thread, question = await start_round(fake, alice, question="ml-test-probe")
        opened = await fake.click(alice, question, button(question, "Answer"))
        form = (await opened.response())["data"]["custom_id"]
        await (await fake.submit_modal(alice, form, {"answer": MISSES_VARIANCE}, message=question)).followups()
        done = await fake.click(alice, question, button(question, "Done"))
        assert (await done.response())["type"] == 5  # deferred before the model is asked
        shown = "\n".join(
            (e.get("title") or "") + " " + (e.get("description") or "")
            for m in await done.followups() for e in m["embeds"]
        )  # fmt: skip
        assert "Follow-up 1/3" in shown and MODEL_QUESTION in shown
        assert "variance is sensitivity" not in shown  # the rubric's wording is never shown
        opened = await fake.click(alice, question, button(question, "Answer"))
        form = (await opened.response())["data"]
        assert form["title"] == "Follow-up 1/3" and form["components"][0]["content"] == MODEL_QUESTION
        answer = "Between samples the fit would move a lot, that is its variance."
        await (await fake.submit_modal(alice, form["custom_id"], {"answer": answer}, message=question)).followups()
        for _ in range(2):  # the other two follow-ups are skipped
            await (await fake.click(alice, question, button(question, "Done"))).followups()
        result = await fake.wait_for_message(
            thread["id"], lambda m: any("Result" in (e.get("title") or "") for e in m["embeds"])
        )
        await runner.stop()
    text = result_text(result)
    assert "**Follow-up 1** (7% of the round): 100/100" in text  # three follow-ups share 20%
    assert "**Defines variance** (weight 2 · the model's verdict)" in text
    assert len(stub.requests) == 2 and stub.rejected == []
    assert_clean(fake)


async def test_the_reason_under_a_right_pick_is_graded_by_the_model(fake, users, runner: BotRunner) -> None:
    import json

    from bot.core.bank import QuestionBank
    from tests.conftest import make_question
    from tests.e2e.test_room import skip_follow_ups_to_result

    bank = QuestionBank([make_question("ml-test-pick", answer={
        "kind": "choice", "correct": ["b"],
        "options": [{"key": "a", "text": "A decision tree"}, {"key": "b", "text": "k-nearest neighbours"}],
    })])  # fmt: skip
    reason = "Variance is sensitivity to the training set, and distances follow the largest feature."
    verdicts = {
        "key_points": [
            {"id": "variance", "verdict": "made", "quote": "Variance is sensitivity to the training set"},
            {"id": "bias", "verdict": "made", "quote": "k-nearest neighbours"},  # the pick is no reason
        ],
        "misconceptions": [],
        "follow_up": "",
    }
    async with StubModel([reply(verdicts)]) as stub:
        await start_with_model(runner, bank, stub.base_url)
        alice = users["alice"]
        await (await fake.slash(alice, "mockadmin llm", {"enabled": True}, permissions=MANAGE_GUILD)).response()
        thread, question = await start_round(fake, alice, question="ml-test-pick")
        form = (await (await fake.click(alice, question, button(question, "B"))).response())["data"]
        sent = await fake.submit_modal(alice, form["custom_id"], {"reason": reason}, message=question)
        assert (await sent.response())["type"] == 5  # deferred before the model is asked
        await sent.followups(count=2)
        text = result_text(await skip_follow_ups_to_result(fake, alice, thread, question))
        await runner.stop()
    (request,) = stub.requests
    document = json.loads(request["messages"][1]["content"])
    assert document["picked"] == ["b) k-nearest neighbours"] and document["answer"] == reason
    assert "graded by stub-model" in text and "the model's verdict" in text
    assert "not in the answer" in text  # the pick's line was not part of the graded reason
    assert "**Score 70/100**" in text  # half for the pick, 2 of the reason's 5 weights
    assert_clean(fake)
