-- Issue 16's boards: the weekly winners post, streak freezes, the daily question's role.

-- The weekly winners post (off while NULL) and when it was (re)set: weeks that ended before are
-- not owed. Streak freezes: missed days per week that do not break a streak (0 = off).
ALTER TABLE study_settings ADD COLUMN weekly_channel_id INTEGER;
ALTER TABLE study_settings ADD COLUMN weekly_since REAL;
ALTER TABLE study_settings ADD COLUMN streak_freezes INTEGER NOT NULL DEFAULT 0;
-- The role pinged by each daily question post (members opt in by taking it).
ALTER TABLE study_settings ADD COLUMN daily_role_id INTEGER;

CREATE TABLE weekly_posts (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    week       TEXT NOT NULL,               -- the guild-local Monday the week began, YYYY-MM-DD
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    posted_at  REAL NOT NULL,
    UNIQUE (guild_id, week)                 -- claimed once: a restart can never post a week twice
);
