-- Members, guilds, sessions, rounds, answer parts, scores, reviews and persistent timers.
-- Times are Unix seconds (REAL, UTC). guild_id 0 is the terminal's local "guild".

CREATE TABLE guilds (
    id          INTEGER PRIMARY KEY,
    created_at  REAL NOT NULL
);

CREATE TABLE guild_settings (
    guild_id            INTEGER PRIMARY KEY REFERENCES guilds(id) ON DELETE CASCADE,
    practice_channel_id INTEGER,
    time_up_mode        TEXT NOT NULL DEFAULT 'hard' CHECK (time_up_mode IN ('hard', 'soft')),
    durations_json      TEXT NOT NULL DEFAULT '{}',   -- {"coding": 40, ...} overrides within the allowed range
    disabled_rounds_json TEXT NOT NULL DEFAULT '[]',  -- ["behavioral", ...]
    timezone            TEXT NOT NULL DEFAULT 'UTC'
);

CREATE TABLE members (
    guild_id     INTEGER NOT NULL REFERENCES guilds(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    created_at   REAL NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    front_end  TEXT NOT NULL CHECK (front_end IN ('discord', 'terminal')),
    started_at REAL NOT NULL,
    FOREIGN KEY (guild_id, user_id) REFERENCES members(guild_id, user_id)
);

CREATE TABLE rounds (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES sessions(id),
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    question_id      TEXT NOT NULL,
    round_type       TEXT NOT NULL,
    difficulty       TEXT NOT NULL,
    topic            TEXT NOT NULL,
    status           TEXT NOT NULL,
    time_up_mode     TEXT NOT NULL,
    started_at       REAL NOT NULL,
    deadline         REAL NOT NULL,
    ended_at         REAL,
    hints_used       INTEGER NOT NULL DEFAULT 0,
    hints_total      INTEGER NOT NULL DEFAULT 0,
    follow_up_index  INTEGER NOT NULL DEFAULT 0,
    follow_ups_total INTEGER NOT NULL DEFAULT 0,
    overtime         INTEGER NOT NULL DEFAULT 0,
    channel_id       INTEGER,
    thread_id        INTEGER,
    FOREIGN KEY (guild_id, user_id) REFERENCES members(guild_id, user_id)
);
-- One open round per member per guild, enforced by the database itself.
CREATE UNIQUE INDEX rounds_one_open ON rounds(guild_id, user_id)
    WHERE status IN ('created', 'asked', 'answering', 'follow_ups', 'scoring');
CREATE INDEX rounds_of_member ON rounds(guild_id, user_id, started_at);
CREATE INDEX rounds_of_guild_period ON rounds(guild_id, started_at);
CREATE INDEX rounds_by_thread ON rounds(thread_id) WHERE thread_id IS NOT NULL;

CREATE TABLE answer_parts (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('answer', 'follow_up')),
    follow_up_index INTEGER,
    content         TEXT NOT NULL,
    source          TEXT NOT NULL,      -- modal, message, terminal, daily...
    external_id     TEXT UNIQUE,        -- Discord message/interaction id: a retried delivery is stored once
    late            INTEGER NOT NULL DEFAULT 0,
    overtime        INTEGER NOT NULL DEFAULT 0,
    created_at      REAL NOT NULL
);
CREATE INDEX answer_parts_of_round ON answer_parts(round_id, id);

CREATE TABLE scores (
    round_id       INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,  -- scored once, ever
    score          REAL NOT NULL,
    points         INTEGER NOT NULL,
    breakdown_json TEXT NOT NULL,
    scored_at      REAL NOT NULL
);

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    reviewer_id INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('self', 'peer')),
    points_json TEXT NOT NULL,          -- key point ids the reviewer ticked
    comment     TEXT NOT NULL DEFAULT '',
    created_at  REAL NOT NULL,
    UNIQUE (round_id, reviewer_id, kind)
);

CREATE TABLE timers (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    round_id     INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
    due_at       REAL NOT NULL,
    payload_json TEXT NOT NULL DEFAULT '{}',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   REAL NOT NULL,
    UNIQUE (kind, round_id)
);
CREATE INDEX timers_by_due ON timers(due_at);
