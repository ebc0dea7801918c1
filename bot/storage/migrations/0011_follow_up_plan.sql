-- The order a round asks its follow-ups in (bot.core.follow_up_plan), decided when the main
-- answer is done: JSON {"order": [bank indexes], "probes": key point id, "asked": model's wording}.
-- NULL: the bank's order (rounds from before this migration, or questions without follow-ups).
ALTER TABLE rounds ADD COLUMN follow_up_plan TEXT;
