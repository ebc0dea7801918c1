-- The points ledger is now written in the same transaction as the score it copies (triggers on
-- `scores`), from any process: no lazy sync on read. And every change that can alter a guild's
-- leaderboard bumps that guild's row in `board_versions`, so a board can be served from memory
-- until its version moves (bot.study.StudyService.leaderboard).

-- Catch up what the lazy sync had not copied yet (scores and peer-review bonuses after its mark).
INSERT INTO points_ledger (guild_id, user_id, at, points, round_type, source, ref_id)
    SELECT r.guild_id, r.user_id, s.scored_at, s.points, r.round_type, 'round', s.round_id
    FROM scores s JOIN rounds r ON r.id = s.round_id
    WHERE s.scored_at >= coalesce((SELECT value - 300 FROM ledger_sync WHERE name = 'scores'), -1)
       OR s.round_id IN (
           SELECT round_id FROM reviews WHERE kind = 'peer'
           AND created_at >= coalesce((SELECT value - 300 FROM ledger_sync WHERE name = 'scores'), -1))
    ON CONFLICT (source, ref_id) DO UPDATE SET points = excluded.points;
DROP TABLE ledger_sync;

CREATE TRIGGER ledger_on_score AFTER INSERT ON scores BEGIN
    INSERT INTO points_ledger (guild_id, user_id, at, points, round_type, source, ref_id)
        SELECT r.guild_id, r.user_id, NEW.scored_at, NEW.points, r.round_type, 'round', NEW.round_id
        FROM rounds r WHERE r.id = NEW.round_id
        ON CONFLICT (source, ref_id) DO UPDATE SET points = excluded.points;
END;

-- A peer-review bonus changes a score's points.
CREATE TRIGGER ledger_on_score_points AFTER UPDATE OF points ON scores BEGIN
    UPDATE points_ledger SET points = NEW.points WHERE source = 'round' AND ref_id = NEW.round_id;
END;

CREATE TABLE board_versions (
    guild_id INTEGER PRIMARY KEY,
    n        INTEGER NOT NULL
);

-- Inserting a guild id into this view bumps that guild's version: the upsert lives in one place.
CREATE VIEW board_changed AS SELECT guild_id FROM board_versions;
CREATE TRIGGER board_changed_bump INSTEAD OF INSERT ON board_changed BEGIN
    INSERT INTO board_versions (guild_id, n) VALUES (NEW.guild_id, 1)
        ON CONFLICT (guild_id) DO UPDATE SET n = n + 1;
END;

-- What a board shows: points (ledger), who is in a group, members' names, the guild's timezone
-- and points cap.
CREATE TRIGGER board_version_ledger_insert AFTER INSERT ON points_ledger BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_ledger_update AFTER UPDATE ON points_ledger BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_ledger_delete AFTER DELETE ON points_ledger BEGIN
    INSERT INTO board_changed VALUES (OLD.guild_id);
END;
CREATE TRIGGER board_version_group_insert AFTER INSERT ON study_groups BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_group_delete AFTER DELETE ON study_groups BEGIN
    INSERT INTO board_changed VALUES (OLD.guild_id);
END;
CREATE TRIGGER board_version_group_member_insert AFTER INSERT ON study_group_members BEGIN
    INSERT INTO board_changed SELECT guild_id FROM study_groups WHERE id = NEW.group_id;
END;
CREATE TRIGGER board_version_group_member_delete AFTER DELETE ON study_group_members BEGIN
    INSERT INTO board_changed SELECT guild_id FROM study_groups WHERE id = OLD.group_id;
END;
CREATE TRIGGER board_version_member_insert AFTER INSERT ON members BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_member_name AFTER UPDATE OF display_name ON members
    WHEN OLD.display_name IS NOT NEW.display_name BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_guild_settings_insert AFTER INSERT ON guild_settings BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_guild_settings_update AFTER UPDATE ON guild_settings BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_study_settings_insert AFTER INSERT ON study_settings BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
CREATE TRIGGER board_version_study_settings_update AFTER UPDATE ON study_settings BEGIN
    INSERT INTO board_changed VALUES (NEW.guild_id);
END;
