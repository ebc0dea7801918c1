-- The Discord messages a round posted in its thread when it opened: `status_message_id` carries
-- the status line (the first message of the question), `controls_message_id` its buttons (the
-- last; the same message unless the question needed several). Stored when they are sent, so the
-- status edits and the closing edit at the result go straight to them instead of reading the
-- thread's history back. No row: a round from before this migration (or one without a thread):
-- the flow finds its posts in the thread as before.
CREATE TABLE round_posts (
    round_id            INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    status_message_id   INTEGER NOT NULL,
    controls_message_id INTEGER NOT NULL
);
