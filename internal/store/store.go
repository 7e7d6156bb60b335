// Package store keeps Broadsheet's content in SQLite (modernc.org/sqlite, pure
// Go): raw SQL, embedded numbered migrations and transactions.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"broadsheet/internal/news"
)

//go:embed migrations/*.sql
var embedded embed.FS

// migrations are the numbered schema steps; a variable so a test can add a
// step that fails and see the database left as it was.
var migrations fs.FS = embedded

// Store is the content database. It is safe for concurrent use.
type Store struct {
	db  *sql.DB
	now func() time.Time

	countsMu  sync.Mutex
	counts    map[countKey]countEntry // see reuseCount
	countsGen uint64                  // raised by every write (forgetCounts)

	// converters convert text for converted editions (editions.go);
	// rebuilt when their rules change.
	converters atomic.Pointer[map[news.Lang]*conversions]
	rulesMoved atomic.Bool // a write changed a story's exceptions: rebuild after it commits

	publicMedia preparedStmt // see PublicMedia
	storyParts  preparedStmt // see StoryParts: every story request not in the page cache
	storyRow    preparedStmt // see StoryParts: a story whose parts are to be made
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	// The database holds password hashes, drafts and embargoed stories: a new
	// one is the owner's alone, and SQLite gives its -wal and -shm files the
	// database file's mode, whatever the umask.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	f.Close()
	// Pragmas live in the DSN so every pooled connection gets them.
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	// More connections than cores buy no speed from SQLite, and each holds
	// its own page cache: a small pool keeps memory flat under load.
	n := max(2, 2*runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	s := &Store{db: db, now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	if err := s.loadConversions(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// A database from before the search index gets its index built once.
	var stale bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM translations)
		AND NOT EXISTS (SELECT 1 FROM search_en) AND NOT EXISTS (SELECT 1 FROM search_zh)
		AND NOT EXISTS (SELECT 1 FROM search_pending)`).Scan(&stale); err != nil {
		db.Close()
		return nil, err
	}
	if stale {
		if _, err := s.Reindex(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("build search index: %w", err)
		}
	}
	return s, nil
}

// Close closes the database, checkpointing the WAL.
func (s *Store) Close() error { return s.db.Close() }

// SetClock replaces the clock that decides what is published (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// Applied migrations are skipped without taking the write lock, so a
	// command opening a live database (backup, export) does not queue
	// behind the site's writers for nothing.
	applied := map[int]bool{}
	rows, err := s.db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if applied[v] {
			continue
		}
		src, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		if err := s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(src)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().Unix())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in one transaction, rolling back on any error.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer s.forgetCounts() // any write may change what lists hold
	if err := fn(tx); err != nil {
		tx.Rollback()
		s.rulesMoved.Store(false)
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.rulesMoved.Swap(false) {
		return s.loadConversions(ctx)
	}
	return nil
}

// Empty reports whether the database holds no stories yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories)`).Scan(&n)
	return n == 0, err
}

// PutSection creates or renames a section.
func (s *Store) PutSection(ctx context.Context, key string, position int, names map[news.Lang]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return putSection(ctx, tx, key, position, names) })
}

// putSection creates or renames a section; a negative position keeps an
// existing section's place and puts a new one last.
func putSection(ctx context.Context, tx *sql.Tx, key string, position int, names map[news.Lang]string) error {
	if !news.ValidSlug(key) {
		return &news.FieldError{Field: "section", Reason: "key must be lowercase letters, digits and hyphens"}
	}
	q := `INSERT INTO sections (key, position) VALUES (?1, ?2)
		ON CONFLICT (key) DO UPDATE SET position = excluded.position`
	if position < 0 {
		q = `INSERT INTO sections (key, position) VALUES (?1, (SELECT coalesce(max(position) + 1, 0) FROM sections))
			ON CONFLICT (key) DO NOTHING`
	}
	if _, err := tx.ExecContext(ctx, q, key, position); err != nil {
		return err
	}
	for lang, name := range names {
		if !lang.Valid() || strings.TrimSpace(name) == "" {
			return &news.FieldError{Field: "section", Reason: "needs a name in each language"}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO section_names (section_id, lang, name)
			VALUES ((SELECT id FROM sections WHERE key = ?), ?, ?)
			ON CONFLICT (section_id, lang) DO UPDATE SET name = excluded.name`, key, lang, name); err != nil {
			return err
		}
	}
	// A story page names its section (kicker, metadata).
	return forgetParts(ctx, tx, `SELECT id FROM translations WHERE section_id = (SELECT id FROM sections WHERE key = ?)`, key)
}

// Sections lists the sections in their order, named in lang.
func (s *Store) Sections(ctx context.Context, lang news.Lang) ([]news.Section, error) {
	lang, conv := s.edition(lang)
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.key, s.position, coalesce(n.name, s.key)
		FROM sections s LEFT JOIN section_names n ON n.section_id = s.id AND n.lang = ?
		ORDER BY s.position, s.key`, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.Section
	for rows.Next() {
		var sec news.Section
		if err := rows.Scan(&sec.ID, &sec.Key, &sec.Position, &sec.Name); err != nil {
			return nil, err
		}
		conv.section(&sec)
		out = append(out, sec)
	}
	return out, rows.Err()
}

// Section finds one section by key, named in lang.
func (s *Store) Section(ctx context.Context, lang news.Lang, key string) (news.Section, error) {
	lang, conv := s.edition(lang)
	var sec news.Section
	err := s.db.QueryRowContext(ctx, `SELECT s.id, s.key, s.position, coalesce(n.name, s.key)
		FROM sections s LEFT JOIN section_names n ON n.section_id = s.id AND n.lang = ?
		WHERE s.key = ?`, lang, key).Scan(&sec.ID, &sec.Key, &sec.Position, &sec.Name)
	if err == sql.ErrNoRows {
		return sec, news.ErrNotFound
	}
	conv.section(&sec)
	return sec, err
}

// SaveStory writes a whole story — section link, images and translations — in
// one transaction, replacing any earlier version with the same key.
func (s *Store) SaveStory(ctx context.Context, in news.StoryInput) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) (err error) {
		id, err = s.saveStory(ctx, tx, in)
		return err
	})
	return id, err
}

// SaveStories writes many stories in one transaction (bulk loads); it writes
// all of them or none.
func (s *Store) SaveStories(ctx context.Context, ins []news.StoryInput) error {
	for _, in := range ins {
		if err := in.Validate(); err != nil {
			return fmt.Errorf("story %s: %w", in.Key, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, in := range ins {
			if _, err := s.saveStory(ctx, tx, in); err != nil {
				return fmt.Errorf("story %s: %w", in.Key, err)
			}
		}
		return nil
	})
}

func (s *Store) saveStory(ctx context.Context, tx *sql.Tx, in news.StoryInput) (int64, error) {
	var id int64
	err := func() error {
		var sectionID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM sections WHERE key = ?`, in.Section).Scan(&sectionID); err == sql.ErrNoRows {
			return &news.FieldError{Field: "section", Reason: "does not exist"}
		} else if err != nil {
			return err
		}
		imageIDs := map[string]int64{}
		for _, im := range in.Images {
			iid, err := saveImage(ctx, tx, im, im.Name == in.LeadImage)
			if err != nil {
				return err
			}
			imageIDs[im.Name] = iid
		}
		var lead any
		if in.LeadImage != "" {
			iid, ok := imageIDs[in.LeadImage]
			if !ok {
				// A photo uploaded earlier, named without its bytes.
				if err := tx.QueryRowContext(ctx, `SELECT id FROM images WHERE name = ?`, in.LeadImage).Scan(&iid); err == sql.ErrNoRows {
					return &news.FieldError{Field: "image", Reason: "is not in the photo library"}
				} else if err != nil {
					return err
				}
			}
			lead = iid
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO stories (key, section_id, image_id) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET section_id = excluded.section_id, image_id = excluded.image_id
			RETURNING id`, in.Key, sectionID, lead).Scan(&id); err != nil {
			return err
		}
		in, aligned, nextBlock, err := alignStory(ctx, tx, id, in, s.now())
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET next_block = ? WHERE id = ?`, nextBlock, id); err != nil {
			return err
		}
		// A story that moved section takes its other translations along.
		if _, err := tx.ExecContext(ctx, `UPDATE translations SET section_id = ? WHERE story_id = ? AND section_id <> ?`,
			sectionID, id, sectionID); err != nil {
			return err
		}
		for _, t := range in.Translations {
			// Inline pictures must be stored, or the page (and an export) would miss them.
			for _, b := range t.Body {
				if b.Kind != news.BlockImage || b.Image == nil {
					continue
				}
				if _, ok := imageIDs[b.Image.Name]; ok {
					continue
				}
				var stored bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM images WHERE name = ?)`, b.Image.Name).Scan(&stored); err != nil {
					return err
				}
				if !stored {
					return &news.FieldError{Field: "image", Reason: b.Image.Name + " is not in the photo library"}
				}
			}
			body, err := encodeBody(t.Body)
			if err != nil {
				return err
			}
			var pub any
			if !t.PublishedAt.IsZero() {
				pub = t.PublishedAt.Unix()
			}
			updated := t.UpdatedAt
			if updated.IsZero() {
				updated = t.PublishedAt
			}
			if updated.IsZero() {
				updated = s.now()
			}
			if err := keepFormerSlug(ctx, tx, id, t.Lang, t.Slug, s.now().Unix()); err != nil {
				return err
			}
			var tid int64
			// first_published_at remembers the first time the translation was
			// out: the old row's time if it was, else the new one's if it is.
			al := aligned[t.Lang]
			err = tx.QueryRowContext(ctx, `INSERT INTO translations
				(story_id, section_id, lang, slug, headline, summary, byline, caption, alt, published_at, updated_at,
					held, first_published_at, pairing, source_hashes, source_checked_at)
				VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, CASE WHEN ?10 <= ?13 THEN ?10 END, ?14, ?15, ?16)
				ON CONFLICT (story_id, lang) DO UPDATE SET section_id = excluded.section_id, slug = excluded.slug,
					headline = excluded.headline, summary = excluded.summary, byline = excluded.byline,
					caption = excluded.caption, alt = excluded.alt, published_at = excluded.published_at,
					updated_at = excluded.updated_at, held = excluded.held, pairing = excluded.pairing,
					source_hashes = excluded.source_hashes, source_checked_at = excluded.source_checked_at,
					first_published_at = coalesce(translations.first_published_at,
						CASE WHEN translations.published_at <= ?13 THEN translations.published_at END,
						excluded.first_published_at)
				RETURNING id`,
				id, sectionID, t.Lang, t.Slug, t.Headline, t.Summary, t.Byline, t.Caption, t.Alt, pub, updated.Unix(),
				t.Held, s.now().Unix(), al.pairing, al.hashes, al.checked).Scan(&tid)
			if err != nil {
				if strings.Contains(err.Error(), "UNIQUE constraint failed: translations.lang, translations.slug") {
					return &news.FieldError{Field: "slug", Reason: "is already used by another story in this language"}
				}
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO bodies (translation_id, blocks, markdown) VALUES (?, ?, ?)
				ON CONFLICT (translation_id) DO UPDATE SET blocks = excluded.blocks, markdown = excluded.markdown`,
				tid, body, t.Markdown); err != nil {
				return err
			}
			if err := linkImages(ctx, tx, tid, t.Body); err != nil {
				return err
			}
			// The index changes in the same transaction, so it never disagrees with the story.
			var pubAt sql.NullInt64
			if !t.PublishedAt.IsZero() {
				pubAt = sql.NullInt64{Int64: t.PublishedAt.Unix(), Valid: true}
			}
			if err := s.indexTranslation(ctx, tx, tid, t.Lang, pubAt, t.Headline, t.Summary, t.Body); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET updated_at = (SELECT max(updated_at) FROM translations WHERE story_id = ?1)
			WHERE id = ?1`, id); err != nil {
			return err
		}
		if moved, err := saveExceptions(ctx, tx, id, in.Exceptions); err != nil {
			return err
		} else if moved {
			s.rulesMoved.Store(true)
		}
		// Every page of the story: each shows the others in its alternates and toggle.
		return forgetParts(ctx, tx, `SELECT id FROM translations WHERE story_id = ?`, id)
	}()
	return id, err
}

// keepFormerSlug remembers a published translation's address when it
// changes, so old links still lead to it, and forgets an address when a
// translation takes it for its own.
func keepFormerSlug(ctx context.Context, tx *sql.Tx, storyID int64, lang news.Lang, slug string, now int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM former_slugs WHERE lang = ? AND slug = ?`, lang, slug); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO former_slugs (lang, slug, story_id)
		SELECT lang, slug, story_id FROM translations
		WHERE story_id = ? AND lang = ? AND slug <> ? AND published_at <= ?`, storyID, lang, slug, now)
	return err
}

// saveImage writes a picture and its smaller copies; one given without bytes
// must already be stored, and only its credit changes. The credit of a stored
// picture is set by a story that leads with it (lead), never by one that only
// shows it inline, so one story cannot rewrite another's photo credit.
func saveImage(ctx context.Context, tx *sql.Tx, im news.ImageFile, lead bool) (int64, error) {
	var id int64
	if len(im.Data) == 0 {
		err := tx.QueryRowContext(ctx, `UPDATE images SET credit = ? WHERE name = ? RETURNING id`, im.Credit, im.Name).Scan(&id)
		if err == sql.ErrNoRows {
			return 0, &news.FieldError{Field: "image", Reason: "is not in the photo library"}
		}
		if err != nil {
			return 0, err
		}
		return id, forgetImageParts(ctx, tx, id)
	}
	ws := make([]int, len(im.Variants))
	for i, v := range im.Variants {
		ws[i] = v.Width
	}
	slices.Sort(ws)
	widths := make([]string, len(ws))
	for i, w := range ws {
		widths[i] = strconv.Itoa(w)
	}
	// A name already stored with other bytes is refused, never taken for the
	// stored picture: older names carry 32 bits of hash, which can collide.
	err := tx.QueryRowContext(ctx, `INSERT INTO images (name, content_type, width, height, credit, data, widths)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET credit = CASE WHEN ? THEN excluded.credit ELSE images.credit END
			WHERE images.data = excluded.data
		RETURNING id`, im.Name, im.ContentType, im.Width, im.Height, im.Credit, im.Data, strings.Join(widths, ","), lead).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, &news.FieldError{Field: "image", Reason: im.Name + " is already stored with other contents"}
	}
	if err != nil {
		return 0, err
	}
	for _, v := range im.Variants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO image_variants (name, image_id, content_type, width, height, data)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
			v.Name, id, v.ContentType, v.Width, v.Height, v.Data); err != nil {
			return 0, err
		}
	}
	return id, forgetImageParts(ctx, tx, id)
}

// forgetImageParts forgets the pages that show a picture, lead or inline:
// they show its credit and its copies.
func forgetImageParts(ctx context.Context, tx *sql.Tx, imageID int64) error {
	return forgetParts(ctx, tx, `SELECT t.id FROM translations t JOIN stories s ON s.id = t.story_id WHERE s.image_id = ?1
		UNION SELECT translation_id FROM translation_images WHERE image_id = ?1`, imageID)
}

// SaveImage stores an uploaded picture on its own, before any story uses it,
// so a photo is kept even when the rest of the form has to be corrected.
func (s *Store) SaveImage(ctx context.Context, im news.ImageFile) error {
	if im.Name == "" || len(im.Data) == 0 || im.Width <= 0 || im.Height <= 0 {
		return &news.FieldError{Field: "image", Reason: "is empty or has no size"}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := saveImage(ctx, tx, im, false)
		return err
	})
}

// ImageInfo describes a stored picture by name, without its bytes.
func (s *Store) ImageInfo(ctx context.Context, name string) (news.Image, error) {
	var im news.Image
	var widths string
	err := s.db.QueryRowContext(ctx, `SELECT id, name, content_type, width, height, credit, widths FROM images WHERE name = ?`, name).
		Scan(&im.ID, &im.Name, &im.ContentType, &im.Width, &im.Height, &im.Credit, &widths)
	if err == sql.ErrNoRows {
		return im, news.ErrNotFound
	}
	im.Widths = parseWidths(widths)
	return im, err
}

// Images lists a page of the photo library, newest first, with the total.
func (s *Store) Images(ctx context.Context, limit, offset int) ([]news.Image, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM images`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, content_type, width, height, credit, widths
		FROM images ORDER BY id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []news.Image
	for rows.Next() {
		var im news.Image
		var widths string
		if err := rows.Scan(&im.ID, &im.Name, &im.ContentType, &im.Width, &im.Height, &im.Credit, &widths); err != nil {
			return nil, 0, err
		}
		im.Widths = parseWidths(widths)
		out = append(out, im)
	}
	return out, total, rows.Err()
}

func parseWidths(s string) []int {
	if s == "" {
		return nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if w, err := strconv.Atoi(f); err == nil {
			out = append(out, w)
		}
	}
	return out
}

// Media returns a stored image's (or smaller copy's) type and bytes by its served name.
func (s *Store) Media(ctx context.Context, name string) (contentType string, data []byte, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT content_type, data FROM images WHERE name = ?`, name).Scan(&contentType, &data)
	if err == sql.ErrNoRows {
		err = s.db.QueryRowContext(ctx, `SELECT content_type, data FROM image_variants WHERE name = ?`, name).Scan(&contentType, &data)
	}
	if err == sql.ErrNoRows {
		err = news.ErrNotFound
	}
	return contentType, data, err
}
