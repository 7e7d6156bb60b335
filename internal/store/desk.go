package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"broadsheet/internal/content"
	"broadsheet/internal/news"
)

// DeskStories lists stories for the newsroom in every state, drafts
// included, most recently changed first, with section names in lang, and the
// total for pagination.
func (s *Store) DeskStories(ctx context.Context, lang news.Lang, f news.DeskFilter) ([]news.DeskItem, int, error) {
	var section int64 // 0: every section
	if f.Section != "" {
		err := s.db.QueryRowContext(ctx, `SELECT id FROM sections WHERE key = ?`, f.Section).Scan(&section)
		if err == sql.ErrNoRows {
			return nil, 0, nil
		}
		if err != nil {
			return nil, 0, err
		}
	}
	var ids []int64
	var total int
	var err error
	if q := strings.TrimSpace(f.Query); q == "" {
		ids, total, err = s.deskPage(ctx, section, f.Page)
	} else {
		ids, total, err = s.deskSearch(ctx, section, q, f.Page)
	}
	if err != nil || len(ids) == 0 {
		return nil, total, err
	}
	items, err := s.deskItems(ctx, lang, ids)
	return items, total, err
}

// deskPage picks a page of story ids, most recently changed first, from an
// index holding only (section,) updated_at and id: rows skipped by the
// offset cost no lookups.
func (s *Store) deskPage(ctx context.Context, section int64, page news.Page) ([]int64, int, error) {
	total, err := s.deskTotal(ctx, section)
	if err != nil || page.Offset() >= total {
		return nil, total, err
	}
	q, args := `SELECT id FROM stories ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`, []any{page.Size, page.Offset()}
	if section != 0 {
		q = `SELECT id FROM stories WHERE section_id = ? ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`
		args = append([]any{section}, args...)
	}
	ids, err := s.ids(ctx, q, args...)
	return ids, total, err
}

// deskTotal counts the stories of a section (0: all) from an index: under a
// millisecond on 100 000 stories, so it is not worth reusing.
func (s *Store) deskTotal(ctx context.Context, section int64) (int, error) {
	q, args := `SELECT count(*) FROM stories`, []any{}
	if section != 0 {
		q, args = `SELECT count(*) FROM stories WHERE section_id = ?`, []any{section}
	}
	var n int
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// deskRowid packs a story into desk_search's rowid (see migration 0006):
// updated_at * deskRowid + id.
const deskRowid = 1 << 28

// deskSearch finds the stories with q in a headline or slug of any
// translation, a page of them most recently changed first, and how many
// there are: from the trigram index when it can answer, else by a scan.
func (s *Store) deskSearch(ctx context.Context, section int64, q string, page news.Page) ([]int64, int, error) {
	var match string
	switch {
	case strings.ContainsFunc(q, unicode.IsControl):
		return s.deskScan(ctx, section, q, page)
	case utf8.RuneCountInString(q) >= 3:
		match = ftsString(q)
	case strings.ContainsFunc(q, hasCase):
		// The index folds case its own way; only ASCII folds the same in Go.
		return s.deskScan(ctx, section, q, page)
	default:
		// One or two characters: any trigram that starts with them.
		q = strings.ToLower(q)
		terms, err := s.deskTerms(ctx, q)
		if err != nil {
			return nil, 0, err
		}
		if len(terms) == 0 {
			return nil, 0, nil
		}
		if len(terms) > maxDeskTerms {
			return s.deskScan(ctx, section, q, page)
		}
		for i, t := range terms {
			terms[i] = ftsString(t)
		}
		match = "(" + strings.Join(terms, " OR ") + ")"
	}
	match = "{headline slug} : " + match
	if section != 0 {
		match += ` AND section : "#` + strconv.FormatInt(section, 10) + `#"`
	}
	return s.countAndPage(ctx, ``, `SELECT count(*) FROM desk_search WHERE desk_search MATCH ?1`,
		`SELECT rowid % `+strconv.Itoa(deskRowid)+` AS id FROM desk_search WHERE desk_search MATCH ?1
			ORDER BY rowid DESC LIMIT ?2 OFFSET ?3`,
		match, page.Size, page.Offset())
}

// maxDeskTerms bounds the trigrams a one- or two-character query is
// searched as; past it (a common letter) the scan is as quick.
const maxDeskTerms = 100

// hasCase reports a non-ASCII letter with case, which the index folds by
// its own tables.
func hasCase(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.ToLower(r) != r || unicode.ToUpper(r) != r || unicode.ToTitle(r) != r)
}

// ftsString quotes s as an FTS5 string, which the tokenizer reads literally.
func ftsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// deskTerms lists the indexed trigrams that start with prefix (folded).
func (s *Store) deskTerms(ctx context.Context, prefix string) ([]string, error) {
	return s.texts(ctx, `SELECT term FROM desk_search_vocab WHERE term >= ? AND term < ?`,
		prefix, prefix+string(utf8.MaxRune))
}

// deskScan is deskSearch for what the index cannot answer well (a control
// character, a short query with case outside ASCII or of a common letter):
// one pass over the translations with LIKE, the query taken literally.
func (s *Store) deskScan(ctx context.Context, section int64, q string, page news.Page) ([]int64, int, error) {
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	return s.countAndPage(ctx, `WITH m AS MATERIALIZED (SELECT id, updated_at FROM stories
			WHERE id IN (SELECT story_id FROM translations WHERE headline LIKE ?1 ESCAPE '\' OR slug LIKE ?1 ESCAPE '\')
				AND (?4 = 0 OR section_id = ?4))`,
		`SELECT count(*) FROM m`, `SELECT id FROM m ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3`,
		like, page.Size, page.Offset(), section)
}

// countAndPage runs a count and a page of ids (column id) in one statement,
// after an optional WITH clause both may use, with one argument list. The
// left join gives a row even when the page is past the end, so the count
// always comes back.
func (s *Store) countAndPage(ctx context.Context, with, count, page string, args ...any) ([]int64, int, error) {
	rows, err := s.db.QueryContext(ctx, with+` SELECT (`+count+`), p.id FROM (SELECT 1) LEFT JOIN (`+page+`) p`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ids []int64
	var total int
	for rows.Next() {
		var id sql.NullInt64
		if err := rows.Scan(&total, &id); err != nil {
			return nil, 0, err
		}
		if id.Valid {
			ids = append(ids, id.Int64)
		}
	}
	return ids, total, rows.Err()
}

// ids runs a query of one integer column.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// deskItems reads the listed stories, in the order given, with their section
// named in lang and every translation's headline and state: two queries for
// the whole page.
func (s *Store) deskItems(ctx context.Context, lang news.Lang, ids []int64) ([]news.DeskItem, error) {
	in := strings.Repeat("?,", len(ids)-1) + "?"
	args := make([]any, 0, len(ids)+1)
	args = append(args, lang)
	for _, id := range ids {
		args = append(args, id)
	}
	out := make([]news.DeskItem, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.key, sec.id, sec.key, sec.position, coalesce(sn.name, sec.key), s.updated_at
		FROM stories s JOIN sections sec ON sec.id = s.section_id
		LEFT JOIN section_names sn ON sn.section_id = sec.id AND sn.lang = ?
		WHERE s.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it news.DeskItem
		var changed int64
		if err := rows.Scan(&it.StoryID, &it.Key, &it.Section.ID, &it.Section.Key, &it.Section.Position, &it.Section.Name, &changed); err != nil {
			return nil, err
		}
		it.UpdatedAt = time.Unix(changed, 0).UTC()
		it.Headlines, it.Status = map[news.Lang]string{}, map[news.Lang]news.Status{}
		out[at[it.StoryID]] = it
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close() // before the next query, so one call never holds two connections
	now := s.now()
	// A translation's source hashes come with its published original's
	// blocks, to tell whether it is behind (alignment.go).
	trs, err := s.db.QueryContext(ctx, `SELECT t.story_id, t.lang, t.headline, t.published_at, t.source_hashes, o.updated_at, ob.blocks
		FROM translations t
		LEFT JOIN translations o ON o.story_id = t.story_id AND o.lang = 'en' AND t.lang <> 'en' AND t.source_hashes IS NOT NULL
			AND o.published_at <= ?
		LEFT JOIN bodies ob ON ob.translation_id = o.id
		WHERE t.story_id IN (`+in+`)`, append([]any{now.Unix()}, args[1:]...)...)
	if err != nil {
		return nil, err
	}
	defer trs.Close()
	for trs.Next() {
		var id int64
		var l news.Lang
		var h string
		var pub, origUpdated sql.NullInt64
		var hashes, origBlocks sql.NullString
		if err := trs.Scan(&id, &l, &h, &pub, &hashes, &origUpdated, &origBlocks); err != nil {
			return nil, err
		}
		it := &out[at[id]]
		if it.Headlines == nil {
			continue // its story was not read (deleted meanwhile)
		}
		it.Headlines[l] = h
		it.Status[l] = news.StatusAt(unixOrZero(pub), now)
		if hashes.Valid && origBlocks.Valid {
			var recorded map[string]string
			var orig []news.Block
			if json.Unmarshal([]byte(hashes.String), &recorded) == nil && json.Unmarshal([]byte(origBlocks.String), &orig) == nil &&
				!current(recorded, orig) {
				if it.Outdated == nil {
					it.Outdated = map[news.Lang]time.Time{}
				}
				it.Outdated[l] = unixOrZero(origUpdated)
			}
		}
	}
	if err := trs.Err(); err != nil {
		return nil, err
	}
	// A story deleted between the two steps leaves a gap: drop it.
	return slices.DeleteFunc(out, func(it news.DeskItem) bool { return it.StoryID == 0 }), nil
}

func unixOrZero(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(v.Int64, 0).UTC()
}

// StoryForEdit loads a whole story as the newsroom edits it: every
// translation with its Markdown, drafts and scheduled ones included.
func (s *Store) StoryForEdit(ctx context.Context, id int64) (news.StoryEdit, error) {
	e := news.StoryEdit{ID: id}
	var imageName sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT s.key, sec.key, s.version, i.name FROM stories s
		JOIN sections sec ON sec.id = s.section_id LEFT JOIN images i ON i.id = s.image_id
		WHERE s.id = ?`, id).Scan(&e.Key, &e.Section, &e.Version, &imageName)
	if err == sql.ErrNoRows {
		return e, news.ErrNotFound
	}
	if err != nil {
		return e, err
	}
	if imageName.Valid {
		im, err := s.ImageInfo(ctx, imageName.String)
		if err != nil {
			return e, err
		}
		e.Lead = &im
		e.LeadImage = im.Name
		e.Images = []news.ImageFile{{Name: im.Name, Credit: im.Credit}}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT t.lang, t.slug, t.headline, t.summary, t.byline, t.caption, t.alt,
			t.published_at, t.updated_at, b.blocks, b.markdown, t.held, t.first_published_at, t.pairing, t.source_hashes
		FROM translations t JOIN bodies b ON b.translation_id = t.id
		WHERE t.story_id = ? ORDER BY t.lang = 'en' DESC`, id)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	var pairings, sources []sql.NullString
	for rows.Next() {
		var t news.TranslationInput
		var pub, first sql.NullInt64
		var updated int64
		var blocks string
		var pairing, hashes sql.NullString
		if err := rows.Scan(&t.Lang, &t.Slug, &t.Headline, &t.Summary, &t.Byline, &t.Caption, &t.Alt,
			&pub, &updated, &blocks, &t.Markdown, &t.Held, &first, &pairing, &hashes); err != nil {
			return e, err
		}
		pairings = append(pairings, pairing)
		sources = append(sources, hashes)
		t.PublishedAt, t.FirstPublishedAt = unixOrZero(pub), unixOrZero(first)
		t.UpdatedAt = time.Unix(updated, 0).UTC()
		if err := json.Unmarshal([]byte(blocks), &t.Body); err != nil {
			return e, err
		}
		if t.Markdown == "" && len(t.Body) > 0 {
			// Stored without its Markdown (seeded, or generated): written
			// from the blocks, so the editor, revisions and merges see the body.
			t.Markdown = content.Markdown(t.Body)
		}
		e.Translations = append(e.Translations, t)
	}
	if err := rows.Err(); err != nil {
		return e, err
	}
	rows.Close() // before more queries, so one call never holds two connections
	for _, t := range e.Translations {
		if err := s.resolveImages(ctx, t.Body); err != nil {
			return e, err
		}
	}
	if err := pairingText(e.Translations, pairings, sources); err != nil {
		return e, err
	}
	e.Exceptions, err = s.exceptions(ctx, id)
	return e, err
}

// SaveEdit writes a story from the newsroom and keeps the revision. version
// is the one the editor started from: if someone saved since, nothing is
// written and the error is news.ErrConflict. id 0 creates the story, under
// in.Key or, when that is taken, the first free "key-2", "key-3"…
func (s *Store) SaveEdit(ctx context.Context, id int64, version int, in news.StoryInput, userID int64, action string) (int64, int, error) {
	if err := in.Validate(); err != nil {
		return 0, 0, err
	}
	if id != 0 {
		// The version this save replaces stays known, for merging the
		// forms of editors who opened it (RevisionAt).
		if err := s.keepCurrentVersion(ctx, id); err != nil && !errors.Is(err, news.ErrNotFound) {
			return 0, 0, err
		}
	}
	newVersion := 1
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if id == 0 && in.CreateToken != "" {
			// The same new-story form sent again: answer with the story it made.
			err := tx.QueryRowContext(ctx, `SELECT id, version FROM stories WHERE create_token = ?`, in.CreateToken).Scan(&id, &newVersion)
			if err == nil {
				return errAlreadyCreated
			}
			if err != sql.ErrNoRows {
				return err
			}
		}
		if id == 0 {
			key, err := freeKey(ctx, tx, in.Key)
			if err != nil {
				return err
			}
			in.Key = key
		} else {
			var cur int
			err := tx.QueryRowContext(ctx, `SELECT key, version FROM stories WHERE id = ?`, id).Scan(&in.Key, &cur)
			if err == sql.ErrNoRows {
				return news.ErrNotFound
			}
			if err != nil {
				return err
			}
			if cur != version {
				return news.ErrConflict
			}
			newVersion = cur + 1
		}
		var err error
		if id, err = s.saveStory(ctx, tx, in); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET version = ?, create_token = coalesce(create_token, nullif(?, '')) WHERE id = ?`,
			newVersion, in.CreateToken, id); err != nil {
			return err
		}
		return s.keepRevision(ctx, tx, id, newVersion, userID, action, in)
	})
	if err == errAlreadyCreated {
		err = nil
	}
	return id, newVersion, err
}

// errAlreadyCreated rolls back a repeated new-story save; SaveEdit then
// reports the story the first one made.
var errAlreadyCreated = errors.New("already created")

// Import writes sections and stories read from files, all or none, keeping
// a revision of each story; a story whose key exists is replaced. New
// sections go after the existing ones; existing ones keep their place and
// take the names given. A converted edition's glossary given replaces the
// site's; one not given is left as it is.
func (s *Store) Import(ctx context.Context, secs []news.SectionInput, ins []news.StoryInput, glossary map[news.Lang][]news.Rule) error {
	for _, in := range ins {
		if err := in.Validate(); err != nil {
			return fmt.Errorf("story %s: %w", in.Key, err)
		}
	}
	for lang, rules := range glossary {
		if err := checkRules(lang, rules); err != nil {
			return fmt.Errorf("glossary %s: %w", lang, err)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for lang, rules := range glossary {
			s.rulesMoved.Store(true)
			if err := setGlossary(ctx, tx, lang, rules); err != nil {
				return err
			}
		}
		for _, sec := range secs {
			if err := putSection(ctx, tx, sec.Key, -1, sec.Names); err != nil {
				return fmt.Errorf("section %s: %w", sec.Key, err)
			}
		}
		for _, in := range ins {
			if err := ctx.Err(); err != nil {
				return err // stopped (SIGTERM): all of it is rolled back
			}
			var existed bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE key = ?)`, in.Key).Scan(&existed); err != nil {
				return err
			}
			id, err := s.saveStory(ctx, tx, in)
			if err != nil {
				return fmt.Errorf("story %s: %w", in.Key, err)
			}
			v := 1 // a new story starts at 1, as in the newsroom
			if existed {
				if err := tx.QueryRowContext(ctx, `UPDATE stories SET version = version + 1 WHERE id = ? RETURNING version`, id).Scan(&v); err != nil {
					return err
				}
			}
			if err := s.keepRevision(ctx, tx, id, v, 0, "import", in); err != nil {
				return err
			}
		}
		return nil
	})
}

// freeKey is key, or key with the first free numeric suffix.
func freeKey(ctx context.Context, tx *sql.Tx, key string) (string, error) {
	if len(key) > 110 {
		key = strings.TrimRight(key[:110], "-") // room for a suffix within 120
	}
	for n := 1; ; n++ {
		k := key
		if n > 1 {
			k = fmt.Sprintf("%s-%d", key, n)
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE key = ?)`, k).Scan(&taken); err != nil {
			return "", err
		}
		if !taken {
			return k, nil
		}
	}
}

// keepRevision stores the story as written, without image bytes or rendered
// blocks: the Markdown is enough to restore it.
func (s *Store) keepRevision(ctx context.Context, tx *sql.Tx, id int64, version int, userID int64, action string, in news.StoryInput) error {
	return s.keepRevisionAt(ctx, tx, id, version, userID, action, in, s.now())
}

// keepRevisionAt is keepRevision for a version saved at another time.
func (s *Store) keepRevisionAt(ctx context.Context, tx *sql.Tx, id int64, version int, userID int64, action string, in news.StoryInput, at time.Time) error {
	snap := in
	snap.Images = nil
	for _, im := range in.Images {
		snap.Images = append(snap.Images, news.ImageFile{Name: im.Name, Credit: im.Credit})
	}
	snap.Translations = make([]news.TranslationInput, len(in.Translations))
	for i, t := range in.Translations {
		t.Body = nil
		snap.Translations[i] = t
	}
	b, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	var user any
	if userID > 0 {
		user = userID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO revisions (story_id, version, saved_at, user_id, action, snapshot)
		VALUES (?, ?, ?, ?, ?, ?)`, id, version, at.Unix(), user, action, string(b))
	return err
}

// Revisions lists a story's saved versions, newest first.
func (s *Store) Revisions(ctx context.Context, storyID int64) ([]news.Revision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.version, r.saved_at, coalesce(u.email, ''), r.action
		FROM revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.story_id = ? ORDER BY r.id DESC`, storyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.Revision
	for rows.Next() {
		var r news.Revision
		var at int64
		if err := rows.Scan(&r.ID, &r.Version, &at, &r.Author, &r.Action); err != nil {
			return nil, err
		}
		r.SavedAt = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Revision loads one saved version of a story as it was written.
func (s *Store) Revision(ctx context.Context, storyID, revisionID int64) (news.StoryInput, news.Revision, error) {
	var in news.StoryInput
	var r news.Revision
	var at int64
	var snap string
	err := s.db.QueryRowContext(ctx, `SELECT r.id, r.version, r.saved_at, coalesce(u.email, ''), r.action, r.snapshot
		FROM revisions r LEFT JOIN users u ON u.id = r.user_id
		WHERE r.story_id = ? AND r.id = ?`, storyID, revisionID).Scan(&r.ID, &r.Version, &at, &r.Author, &r.Action, &snap)
	if err == sql.ErrNoRows {
		return in, r, news.ErrNotFound
	}
	if err != nil {
		return in, r, err
	}
	r.SavedAt = time.Unix(at, 0).UTC()
	err = json.Unmarshal([]byte(snap), &in)
	return in, r, err
}

// keepCurrentVersion records story id as it is stored as the revision of its
// version when that version has none: a story seeded, or imported before
// revisions were kept. Almost every save finds it kept: one read.
func (s *Store) keepCurrentVersion(ctx context.Context, id int64) error {
	var kept bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories s
		JOIN revisions r ON r.story_id = s.id AND r.version = s.version WHERE s.id = ?)`, id).Scan(&kept); err != nil || kept {
		return err
	}
	e, err := s.StoryForEdit(ctx, id)
	if err != nil {
		return err
	}
	return s.keepVersion(ctx, e)
}

// keepVersion records e, as loaded, as the revision of its version when
// that version has none, dated when the story last changed.
func (s *Store) keepVersion(ctx context.Context, e news.StoryEdit) error {
	var at time.Time
	for _, t := range e.Translations {
		if t.UpdatedAt.After(at) {
			at = t.UpdatedAt
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var kept bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM revisions WHERE story_id = ? AND version = ?)`,
			e.ID, e.Version).Scan(&kept); err != nil || kept {
			return err // kept by another save meanwhile
		}
		return s.keepRevisionAt(ctx, tx, e.ID, e.Version, 0, "import", e.StoryInput, at)
	})
}

// RevisionAt loads the story as it was written at version: what an editor
// who opened it then started from. A version saved more than once (a
// "mark up to date" after a save) gives its last revision.
func (s *Store) RevisionAt(ctx context.Context, storyID int64, version int) (news.StoryInput, error) {
	var in news.StoryInput
	var snap string
	err := s.db.QueryRowContext(ctx, `SELECT snapshot FROM revisions WHERE story_id = ? AND version = ?
		ORDER BY id DESC LIMIT 1`, storyID, version).Scan(&snap)
	if err == sql.ErrNoRows {
		return in, news.ErrNotFound
	}
	if err != nil {
		return in, err
	}
	err = json.Unmarshal([]byte(snap), &in)
	return in, err
}

// SlugTaken reports whether another story than storyID uses slug in lang.
func (s *Store) SlugTaken(ctx context.Context, lang news.Lang, slug string, storyID int64) (bool, error) {
	var taken bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM translations WHERE lang = ? AND slug = ? AND story_id <> ?)`,
		lang, slug, storyID).Scan(&taken)
	return taken, err
}

// BecameDue reports whether a scheduled translation's time came in (after,
// upto], and indexes any that are due, so the pages showing them can be
// rebuilt at once.
func (s *Store) BecameDue(ctx context.Context, after, upto time.Time) (bool, error) {
	var due bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM translations
		WHERE lang IN ('en', 'zh-Hans') AND published_at > ? AND published_at <= ?)`, after.Unix(), upto.Unix()).Scan(&due)
	if err != nil || !due {
		return false, err
	}
	return true, s.indexDue(ctx)
}
