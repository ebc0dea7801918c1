"""The Discord adapter's features, one package each (cog, flow, components, render).

Every package here with a `setup()` is an extension the bot loads; a feature registers its own
persistent components and modal routes in its cog's `cog_load`. `coding` has no cog: its
commands are in the /mock group (`rounds`).
"""

EXTENSIONS = (
    "bot.discordbot.features.rounds",
    "bot.discordbot.features.reviews",
    "bot.discordbot.features.admin",
    "bot.discordbot.features.groups",
    "bot.discordbot.features.study",
    "bot.discordbot.features.daily",
    "bot.discordbot.features.bank",
    "bot.discordbot.features.help",
)
