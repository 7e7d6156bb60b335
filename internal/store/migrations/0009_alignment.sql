-- Parallel reading and honest translation status (internal/align).
--
-- Body blocks carry ids that survive edits ("b7", in bodies.blocks); a
-- story's counter hands out new ones, so an id is never reused.
ALTER TABLE stories ADD COLUMN next_block INTEGER NOT NULL DEFAULT 1;
-- A translation's pairing with the original (JSON news.Pairing; NULL: by
-- position), and the normalised hash of each original block it was made
-- from (JSON id → hash; NULL for the original itself, or not yet known),
-- with when they were recorded.
ALTER TABLE translations ADD COLUMN pairing TEXT;
ALTER TABLE translations ADD COLUMN source_hashes TEXT;
ALTER TABLE translations ADD COLUMN source_checked_at INTEGER;
