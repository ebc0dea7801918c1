"""The token never reaches a log line, a traceback in the log, or an error message."""

from __future__ import annotations

import io
import logging

from bot.log import RedactSecrets, setup_logging

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"


def capture(secret_list: list[str]) -> tuple[logging.Logger, io.StringIO]:
    setup_logging("DEBUG", secrets=secret_list)
    stream = io.StringIO()
    root = logging.getLogger()
    root.handlers[0].stream = stream  # type: ignore[attr-defined]
    return logging.getLogger("mockloop.test"), stream


def test_token_is_masked_in_messages_args_and_tracebacks() -> None:
    log, stream = capture([TOKEN])
    log.info("connecting with %s", TOKEN)
    log.warning(f"headers: Authorization: Bot {TOKEN}")
    try:
        raise RuntimeError(f"login failed for token {TOKEN}")
    except RuntimeError:
        log.exception("startup failed")
    out = stream.getvalue()
    assert TOKEN not in out
    assert out.count("[token hidden]") >= 3 and "startup failed" in out and "RuntimeError" in out


def test_anything_shaped_like_a_bot_token_is_masked_even_if_unknown() -> None:
    log, stream = capture([])
    log.error("leaked %s here", TOKEN)
    assert TOKEN not in stream.getvalue() and "[token hidden]" in stream.getvalue()


def test_settings_never_print_the_token() -> None:
    from bot.settings import Settings

    settings = Settings(DISCORD_TOKEN=TOKEN)  # type: ignore[call-arg]
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())
    assert isinstance(RedactSecrets([TOKEN]), logging.Filter)
