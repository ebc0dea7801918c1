"""One extension per command group. Each is thin: parse options, call RoundFlow or the service."""

EXTENSIONS = (
    "bot.discordbot.cogs.mock",
    "bot.discordbot.cogs.admin",
    "bot.discordbot.cogs.groups",
    "bot.discordbot.cogs.leaderboard",
    "bot.discordbot.cogs.bank",
)
