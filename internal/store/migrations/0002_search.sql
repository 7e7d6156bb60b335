-- Full-text index of every translation, rowid = translations.id. The store
-- writes it in the same transaction as the translation (see search.IndexText):
-- words and Han bigrams in headline/body, single Han characters in the _uni
-- columns. Contentless: snippets are cut from translations.body instead.
CREATE VIRTUAL TABLE search_index USING fts5(
    headline, body, headline_uni, body_uni,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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
