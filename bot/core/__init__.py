"""The pure core: no discord, no aiosqlite, no wall clock (time comes from an injected Clock)."""
