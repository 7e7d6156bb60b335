-- The newsroom: accounts, their sessions, Markdown sources, revisions,
-- versions for conflict detection and responsive copies of photos.

-- The body as its writer wrote it; bodies.blocks stays what readers get.
ALTER TABLE bodies ADD COLUMN markdown TEXT NOT NULL DEFAULT '';

-- Raised by every newsroom save; a save names the version it started from.
ALTER TABLE stories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The newest change to any translation, so the newsroom's list (most
-- recently changed first) reads one index instead of sorting every story.
ALTER TABLE stories ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE stories SET updated_at = coalesce((SELECT max(updated_at) FROM translations WHERE story_id = stories.id), 0);
CREATE INDEX stories_updated ON stories(updated_at, id);
CREATE INDEX stories_section_updated ON stories(section_id, updated_at, id);

-- Smaller copies of a photo for srcset, ascending, e.g. '480,960'.
ALTER TABLE images ADD COLUMN widths TEXT NOT NULL DEFAULT '';

CREATE TABLE image_variants (
    name         TEXT    PRIMARY KEY,
    image_id     INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    content_type TEXT    NOT NULL,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    data         BLOB    NOT NULL
);
CREATE INDEX image_variants_image ON image_variants(image_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

-- Only a hash of each session token is kept, so a copy of the database
-- cannot be used to sign in.
CREATE TABLE newsroom_sessions (
    token_hash BLOB    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX newsroom_sessions_user ON newsroom_sessions(user_id);

-- Every newsroom save and import keeps the whole story as it was written
-- (news.StoryInput as JSON, without image bytes or rendered blocks).
CREATE TABLE revisions (
    id       INTEGER PRIMARY KEY,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    user_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    action   TEXT    NOT NULL,
    snapshot TEXT    NOT NULL
);
CREATE INDEX revisions_story ON revisions(story_id, id);

-- A language the newsroom keeps back while the others go out.
ALTER TABLE translations ADD COLUMN held INTEGER NOT NULL DEFAULT 0;

-- When the translation first went out, so a story taken down and put back
-- keeps its date.
ALTER TABLE translations ADD COLUMN first_published_at INTEGER;
UPDATE translations SET first_published_at = published_at
    WHERE published_at IS NOT NULL AND published_at <= CAST(strftime('%s', 'now') AS INTEGER);

-- A new story's form carries a one-time token, so sending it twice (a double
-- click) does not make a second story.
ALTER TABLE stories ADD COLUMN create_token TEXT;
CREATE UNIQUE INDEX stories_create_token ON stories(create_token) WHERE create_token IS NOT NULL;

-- Addresses a published translation had before, so old links lead to it.
CREATE TABLE former_slugs (
    lang     TEXT    NOT NULL,
    slug     TEXT    NOT NULL,
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (lang, slug)
) WITHOUT ROWID;
