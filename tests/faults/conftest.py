"""The in-process bot on the loopback Discord, shared with the end-to-end tests."""

from tests.e2e.conftest import bot, channel, fake, guild, runner, users  # noqa: F401
