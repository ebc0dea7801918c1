-- Study groups, the daily question, and a points ledger that keeps /leaderboard and /stats fast.

CREATE TABLE study_groups (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,               -- casefolded name: unique per guild, case-insensitively
    role_id    INTEGER,
    created_by INTEGER NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (guild_id, name_key)
);

CREATE TABLE study_group_members (
    group_id  INTEGER NOT NULL REFERENCES study_groups(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    joined_at REAL NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;

-- Per-guild study settings beside guild_settings (which keeps the timezone).
CREATE TABLE study_settings (
    guild_id         INTEGER PRIMARY KEY,
    points_cap       INTEGER,               -- points a member may earn per guild-local day; NULL = default
    daily_channel_id INTEGER,
    daily_minute     INTEGER,               -- minutes after local midnight
    daily_round_type TEXT,
    daily_since      REAL                   -- when the daily schedule was (re)set
);

CREATE TABLE daily_posts (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    day         TEXT NOT NULL,              -- guild-local date, YYYY-MM-DD
    question_id TEXT NOT NULL,
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER,
    posted_at   REAL NOT NULL,
    UNIQUE (guild_id, day)                  -- claimed once: a restart can never post the same day twice
);

CREATE TABLE daily_answers (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES daily_posts(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    choice      TEXT NOT NULL,
    correct     INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    answered_at REAL NOT NULL,
    UNIQUE (post_id, user_id)
);

-- Every point-earning event (scored rounds, daily answers), denormalised with guild and member so
-- the leaderboard is one covering-index range scan. Round rows are copied from `scores`.
CREATE TABLE points_ledger (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    at         REAL NOT NULL,
    points     INTEGER NOT NULL,
    round_type TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('round', 'daily')),
    ref_id     INTEGER NOT NULL,
    UNIQUE (source, ref_id)
);

-- How far the ledger has copied from `scores` and `reviews`.
CREATE TABLE ledger_sync (
    name  TEXT PRIMARY KEY,
    value REAL NOT NULL
);

-- Backfill from rounds scored before this migration, then index (faster than indexing row by row).
INSERT INTO points_ledger (guild_id, user_id, at, points, round_type, source, ref_id)
    SELECT r.guild_id, r.user_id, s.scored_at, s.points, r.round_type, 'round', s.round_id
    FROM scores s JOIN rounds r ON r.id = s.round_id;
INSERT INTO ledger_sync (name, value)
    SELECT 'scores', max(scored_at) FROM scores HAVING max(scored_at) IS NOT NULL;

-- Covering indexes: a board is one range scan (by time, or by round type then time); the
-- per-member index serves all-time boards grouped by member and streaks.
CREATE INDEX ledger_by_guild_time ON points_ledger(guild_id, at, user_id, points, round_type);
CREATE INDEX ledger_by_guild_type_time ON points_ledger(guild_id, round_type, at, user_id, points);
CREATE INDEX ledger_by_member ON points_ledger(guild_id, user_id, at, points, round_type);
CREATE INDEX scores_by_time ON scores(scored_at);
CREATE INDEX reviews_by_time ON reviews(created_at);
