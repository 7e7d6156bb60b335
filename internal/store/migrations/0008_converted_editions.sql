-- Converted editions (news.Editions: zh-Hant is made from zh-Hans).
--
-- Editors' exceptions to a conversion: a site-wide glossary (story_id NULL)
-- and a story's own (names, places, house style). "source" is text in the
-- written language, "target" what the converted edition shows; a target
-- equal to its source keeps the text as written.
CREATE TABLE conversion_rules (
    id       INTEGER PRIMARY KEY,
    lang     TEXT    NOT NULL, -- the converted edition
    story_id INTEGER REFERENCES stories(id) ON DELETE CASCADE,
    source   TEXT    NOT NULL,
    target   TEXT    NOT NULL
);
CREATE UNIQUE INDEX conversion_rules_entry ON conversion_rules (lang, coalesce(story_id, 0), source);
CREATE INDEX conversion_rules_story ON conversion_rules (story_id) WHERE story_id IS NOT NULL;

-- A converted edition's story pages have stored parts of their own, at the
-- same slug as the translation they are made from: parts are now keyed by
-- edition and address, and several rows may come from one translation. The
-- table is a cache, so it is made anew rather than copied.
DROP TABLE story_parts;
CREATE TABLE story_parts (
    id             INTEGER PRIMARY KEY,
    lang           TEXT    NOT NULL, -- the edition
    slug           TEXT    NOT NULL,
    translation_id INTEGER NOT NULL REFERENCES translations(id) ON DELETE CASCADE,
    story_id       INTEGER NOT NULL,
    section_id     INTEGER NOT NULL,
    published_at   INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    build          TEXT    NOT NULL,
    head           BLOB    NOT NULL,
    head_size      INTEGER NOT NULL,
    head_crc       INTEGER NOT NULL,
    article        BLOB    NOT NULL,
    article_size   INTEGER NOT NULL,
    article_crc    INTEGER NOT NULL,
    sum            BLOB    NOT NULL,
    menu           TEXT    NOT NULL, -- where the language menu leads, one line per edition
    embeds         INTEGER NOT NULL,
    valid_until    INTEGER
);
CREATE UNIQUE INDEX story_parts_address ON story_parts (lang, slug);
CREATE INDEX story_parts_translation ON story_parts (translation_id);
