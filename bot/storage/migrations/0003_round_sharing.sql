-- A member may share a finished round so that study partners can review it.
ALTER TABLE rounds ADD COLUMN shared_at REAL;
CREATE INDEX reviews_of_round ON reviews(round_id, kind);
