-- The optional model grader (bot/llm/): per-guild switch and daily cap, calls counted per
-- guild-local day, and checked-reply cache so a retry or a re-score costs no model call.
CREATE TABLE model_grader_settings (
    guild_id      INTEGER PRIMARY KEY,
    enabled       INTEGER NOT NULL DEFAULT 0,   -- off until an admin turns it on
    daily_cap     INTEGER,                      -- model calls per guild-local day; NULL = default
    notice_shown  INTEGER NOT NULL DEFAULT 0    -- the "answers are sent to …" notice was shown
);

CREATE TABLE model_calls (
    guild_id  INTEGER NOT NULL,
    day       TEXT NOT NULL,                    -- guild-local date, YYYY-MM-DD
    calls     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, day)
);

-- A model's raw reply for (question version, answer text hash, model); checked again on use.
CREATE TABLE model_replies (
    question_key TEXT NOT NULL,                 -- question id + hash of what the grader is shown
    answer_hash  TEXT NOT NULL,
    model        TEXT NOT NULL,
    reply        TEXT NOT NULL,
    created_at   REAL NOT NULL,
    PRIMARY KEY (question_key, answer_hash, model)
);
