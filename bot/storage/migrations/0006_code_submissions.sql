-- Every run of member code against a coding question, with its verdicts.
CREATE TABLE code_submissions (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    which       TEXT NOT NULL CHECK (which IN ('examples', 'tests')),
    code        TEXT NOT NULL,
    passed      INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    created_at  REAL NOT NULL
);
CREATE INDEX code_submissions_of_round ON code_submissions(round_id, which, id);
