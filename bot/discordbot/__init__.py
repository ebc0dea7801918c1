"""The Discord adapter: rendering and wiring only. Every rule lives in bot.core / bot.service."""
