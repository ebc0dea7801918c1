-- Questions a guild uploaded with /bank import; they are mixed into that guild's selection only.
-- question_json is the validated question (pydantic JSON), so loading never re-runs solutions.
CREATE TABLE guild_questions (
    guild_id      INTEGER NOT NULL,
    question_id   TEXT NOT NULL,
    round_type    TEXT NOT NULL,
    topic         TEXT NOT NULL,
    question_json TEXT NOT NULL,
    source_file   TEXT NOT NULL,
    imported_by   INTEGER,
    imported_at   REAL NOT NULL,
    disabled_at   REAL,           -- NULL: selectable; set: kept only so old rounds still resolve
    PRIMARY KEY (guild_id, question_id)
);
