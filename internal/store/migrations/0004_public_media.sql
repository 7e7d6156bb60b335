-- Which pictures each translation's body shows, so that /media/ can tell
-- from indexes alone whether a picture is in a published story: readers get
-- only those, the newsroom gets every picture. The store writes these rows
-- with the body, in the same transaction.
CREATE TABLE translation_images (
    image_id       INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    translation_id INTEGER NOT NULL REFERENCES translations(id) ON DELETE CASCADE,
    PRIMARY KEY (image_id, translation_id)
) WITHOUT ROWID;
CREATE INDEX translation_images_translation ON translation_images(translation_id);

-- The stories a picture leads.
CREATE INDEX stories_image ON stories(image_id);

-- Bodies written before this table: their inline pictures, by name.
INSERT OR IGNORE INTO translation_images (image_id, translation_id)
    SELECT i.id, b.translation_id
    FROM bodies b, json_each(b.blocks) j
    JOIN images i ON i.name = json_extract(j.value, '$.i.Name')
    WHERE json_extract(j.value, '$.k') = 'image';
