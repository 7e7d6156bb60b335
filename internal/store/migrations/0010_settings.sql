-- The site's own settings, set by its admins in the newsroom: one row each.
-- time_zone: the IANA zone readers see times in ("" or no row: UTC).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
