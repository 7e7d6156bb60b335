-- The front page as editors arrange it: position 0 is the pinned lead,
-- 1, 2, … the top stories in the order they come after it. A story that is
-- not out in an edition is skipped there (the page falls back to the
-- newest), and a deleted story drops out with its row.
CREATE TABLE front_picks (
    position INTEGER PRIMARY KEY CHECK (position >= 0),
    story_id INTEGER NOT NULL UNIQUE REFERENCES stories(id) ON DELETE CASCADE
);
