-- The newsroom's list search finds any substring of a headline or slug, in
-- every language and state (drafts included). Scanning every translation
-- with LIKE took 0.3 s on 100 000 stories; this index of trigrams answers a
-- query of three or more characters as a phrase, and one of one or two as
-- the trigrams that start with it (listed by desk_search_vocab).
--
-- One row per story, so the index alone gives the list's page and count:
--   rowid    stories.updated_at * 2^28 + stories.id, so rowid order is the
--            list's order (most recently changed first, then newest id);
--            the store takes the story id back as rowid % 2^28
--   headline, slug  every translation's, each followed by two line breaks:
--            a match across two translations would have to contain one
--            (the store scans for such queries instead), and every
--            character starts a trigram
--   section  '#' || stories.section_id || '#', for the section filter
-- Contentless: the text stays in translations.
CREATE VIRTUAL TABLE desk_search USING fts5(
    headline, slug, section,
    content = '', contentless_delete = 1,
    tokenize = 'trigram'
);

-- What desk_search holds for the stories with the given ids.
CREATE VIEW desk_search_rows AS
    SELECT s.id AS story_id, s.updated_at * 268435456 + s.id AS rowid,
        group_concat(t.headline || char(10, 10), '') AS headline,
        group_concat(t.slug || char(10, 10), '') AS slug,
        '#' || s.section_id || '#' AS section
    FROM stories s JOIN translations t ON t.story_id = s.id
    GROUP BY s.id;

INSERT INTO desk_search (rowid, headline, slug, section)
    SELECT rowid, headline, slug, section FROM desk_search_rows;
-- Built in one go it is many small segments: merged, a query reads one.
INSERT INTO desk_search (desk_search) VALUES ('optimize');

CREATE VIRTUAL TABLE desk_search_vocab USING fts5vocab(desk_search, 'row');

-- Triggers keep it in step with every write, whichever path makes it
-- (newsroom, import, restore, cascades): a story's row is dropped and made
-- again from the tables.
CREATE TRIGGER desk_search_story_ids AFTER INSERT ON stories
WHEN new.id >= 268435456 BEGIN
    SELECT RAISE(ABORT, 'desk_search: story ids must stay below 2^28');
END;

CREATE TRIGGER desk_search_story_update AFTER UPDATE OF id, updated_at, section_id ON stories
WHEN old.id IS NOT new.id OR old.updated_at IS NOT new.updated_at OR old.section_id IS NOT new.section_id BEGIN
    DELETE FROM desk_search WHERE rowid = old.updated_at * 268435456 + old.id;
    INSERT INTO desk_search (rowid, headline, slug, section)
        SELECT rowid, headline, slug, section FROM desk_search_rows WHERE story_id = new.id;
END;

CREATE TRIGGER desk_search_story_delete AFTER DELETE ON stories BEGIN
    DELETE FROM desk_search WHERE rowid = old.updated_at * 268435456 + old.id;
END;

CREATE TRIGGER desk_search_insert AFTER INSERT ON translations BEGIN
    DELETE FROM desk_search WHERE rowid = (SELECT updated_at * 268435456 + id FROM stories WHERE id = new.story_id);
    INSERT INTO desk_search (rowid, headline, slug, section)
        SELECT rowid, headline, slug, section FROM desk_search_rows WHERE story_id = new.story_id;
END;

CREATE TRIGGER desk_search_update AFTER UPDATE OF story_id, headline, slug ON translations
WHEN old.story_id IS NOT new.story_id OR old.headline IS NOT new.headline OR old.slug IS NOT new.slug BEGIN
    DELETE FROM desk_search WHERE rowid IN (SELECT updated_at * 268435456 + id FROM stories WHERE id IN (old.story_id, new.story_id));
    INSERT INTO desk_search (rowid, headline, slug, section)
        SELECT rowid, headline, slug, section FROM desk_search_rows WHERE story_id IN (old.story_id, new.story_id);
END;

CREATE TRIGGER desk_search_delete AFTER DELETE ON translations BEGIN
    DELETE FROM desk_search WHERE rowid = (SELECT updated_at * 268435456 + id FROM stories WHERE id = old.story_id);
    INSERT INTO desk_search (rowid, headline, slug, section)
        SELECT rowid, headline, slug, section FROM desk_search_rows WHERE story_id = old.story_id;
END;
