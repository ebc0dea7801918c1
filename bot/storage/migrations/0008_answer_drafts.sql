-- What a terminal member has typed but not yet sent, one row per line as it is entered, so a
-- Ctrl-C, a closed terminal or a crash loses nothing: the next `mockloop practice` restores it.
-- `phase` is 'answer' or 'follow_up:N'. Rows go once the text is stored as answer parts.
CREATE TABLE answer_drafts (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    phase      TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at REAL NOT NULL
);
CREATE INDEX answer_drafts_of_round ON answer_drafts(round_id, phase, id);
