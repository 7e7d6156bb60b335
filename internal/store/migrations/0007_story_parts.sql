-- Parts of story pages rendered and compressed once per change, so a request
-- for a story splices them into the page instead of querying, rendering and
-- compressing the article again (internal/gzsplice). A row is a cache: the
-- store deletes it in the same transaction as any write that may change what
-- it shows (the story, its section, a picture it shows), and the page is
-- rendered again on its next request.
CREATE TABLE story_parts (
    -- A request finds the row by its address alone: the translation's
    -- facts it needs are copied here with the parts.
    lang           TEXT    NOT NULL,
    slug           TEXT    NOT NULL,
    translation_id INTEGER PRIMARY KEY REFERENCES translations(id) ON DELETE CASCADE,
    story_id       INTEGER NOT NULL,
    section_id     INTEGER NOT NULL,
    published_at   INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    build          TEXT    NOT NULL, -- the renderer that made it: other builds ignore it
    head           BLOB    NOT NULL, -- <head>, raw DEFLATE ending on a sync flush
    head_size      INTEGER NOT NULL,
    head_crc       INTEGER NOT NULL,
    article        BLOB    NOT NULL, -- <article>, the same way
    article_size   INTEGER NOT NULL,
    article_crc    INTEGER NOT NULL,
    sum            BLOB    NOT NULL, -- fingerprint of both, for ETags
    toggle         TEXT    NOT NULL, -- where the language toggle leads
    embeds         INTEGER NOT NULL, -- the article has embeds: readers who agreed to them get it rendered whole
    valid_until    INTEGER           -- another translation falls due then
);
-- Rows stay rowid rows: most of a row (its parts) then fits on its leaf page.
CREATE UNIQUE INDEX story_parts_address ON story_parts (lang, slug);

-- Moved by every write that deletes parts: a render that read the story
-- before the write stores its parts only if the epoch has not moved since.
CREATE TABLE parts_epoch (n INTEGER NOT NULL);
INSERT INTO parts_epoch (n) VALUES (0);
