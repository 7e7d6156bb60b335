-- Full-text search, one index per edition, rowid = translations.id. Only
-- published translations are in them; one scheduled for later waits in
-- search_pending until it is due. The store writes all of this in the same
-- transaction as the translation (see search.IndexText): words and Han
-- bigrams, then single Han characters, in each column. Contentless: snippets
-- are cut from the bodies table instead.
CREATE VIRTUAL TABLE search_en USING fts5(
    headline, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE search_zh USING fts5(
    headline, body,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Headline matches count four times as much as body matches.
INSERT INTO search_en (search_en, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
INSERT INTO search_zh (search_zh, rank) VALUES ('rank', 'bm25(4.0, 1.0)');

CREATE TABLE search_pending (
    translation_id INTEGER PRIMARY KEY REFERENCES translations(id) ON DELETE CASCADE,
    due_at         INTEGER NOT NULL
);
CREATE INDEX search_pending_due ON search_pending(due_at);

-- Search Trends: per edition and day, how many distinct readers searched a
-- term and got results. Nothing about the readers themselves is kept.
CREATE TABLE search_counts (
    lang    TEXT    NOT NULL CHECK (lang IN ('en', 'zh-Hans')),
    day     INTEGER NOT NULL, -- days since the Unix epoch, UTC
    term    TEXT    NOT NULL,
    readers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (lang, day, term)
) WITHOUT ROWID;

-- Terms editors have blocked from Search Trends, normalized.
CREATE TABLE search_blocked (
    term       TEXT    PRIMARY KEY,
    blocked_at INTEGER NOT NULL
) WITHOUT ROWID;
