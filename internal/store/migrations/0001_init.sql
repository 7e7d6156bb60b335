-- Sections, images, stories and their per-language translations.
CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    key      TEXT    NOT NULL UNIQUE,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE section_names (
    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    lang       TEXT    NOT NULL CHECK (lang IN ('en', 'zh-Hans')),
    name       TEXT    NOT NULL,
    PRIMARY KEY (section_id, lang)
) WITHOUT ROWID;

CREATE TABLE images (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    content_type TEXT    NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    credit       TEXT    NOT NULL DEFAULT '',
    data         BLOB    NOT NULL
);

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    section_id INTEGER NOT NULL REFERENCES sections(id),
    image_id   INTEGER REFERENCES images(id)
);
CREATE INDEX stories_section ON stories(section_id);

-- published_at and updated_at are Unix seconds; a NULL published_at is a draft.
-- section_id repeats the story's section so list pages and their counts are
-- answered from an index alone; the store keeps the two in step.
CREATE TABLE translations (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    section_id   INTEGER NOT NULL REFERENCES sections(id),
    lang         TEXT    NOT NULL CHECK (lang IN ('en', 'zh-Hans')),
    slug         TEXT    NOT NULL,
    headline     TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    byline       TEXT    NOT NULL DEFAULT '',
    caption      TEXT    NOT NULL DEFAULT '',
    alt          TEXT    NOT NULL DEFAULT '',
    published_at INTEGER,
    updated_at   INTEGER NOT NULL,
    UNIQUE (lang, slug),
    UNIQUE (story_id, lang)
);
CREATE INDEX translations_published ON translations(lang, published_at, story_id);
CREATE INDEX translations_section ON translations(lang, section_id, published_at, story_id);

-- Bodies live apart from the rest of a translation, so the rows that lists,
-- counts and search scan stay small.
CREATE TABLE bodies (
    translation_id INTEGER PRIMARY KEY REFERENCES translations(id) ON DELETE CASCADE,
    blocks         TEXT    NOT NULL DEFAULT '[]' -- JSON array of news.Block
);
