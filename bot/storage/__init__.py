"""SQLite storage (aiosqlite): connection, numbered migrations and one repository per table group."""
