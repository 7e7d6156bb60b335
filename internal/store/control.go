package store

import (
	"context"
	"database/sql"

	"broadsheet/internal/news"
)

// Editorial control of the front page and of what stays on the site:
// pinning and ordering, deleting drafts and unused pictures, and telling a
// withdrawn story from one that never was.

// MaxTopStories is how many stories editors may order after the lead.
const MaxTopStories = 5

// FrontPicks is the front page as editors arranged it: the pinned lead (0
// when none) and the top stories in order.
func (s *Store) FrontPicks(ctx context.Context) (lead int64, top []int64, err error) {
	return frontPicks(ctx, s.db)
}

func frontPicks(ctx context.Context, q querier) (lead int64, top []int64, err error) {
	rows, err := q.QueryContext(ctx, `SELECT position, story_id FROM front_picks ORDER BY position`)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var pos, id int64
		if err := rows.Scan(&pos, &id); err != nil {
			return 0, nil, err
		}
		if pos == 0 {
			lead = id
		} else {
			top = append(top, id)
		}
	}
	return lead, top, rows.Err()
}

// SetFrontPicks replaces the front page's arrangement in one transaction.
// A story named twice keeps its first place; an unknown story is
// news.ErrNotFound and nothing changes.
func (s *Store) SetFrontPicks(ctx context.Context, lead int64, top []int64) error {
	return s.ArrangeFront(ctx, func(int64, []int64) (int64, []int64, error) { return lead, top, nil })
}

// ArrangeFront changes the front page's arrangement as change says, given
// the arrangement as it is: read and written in one transaction, so two
// editors moving stories at once each move what the other left. An error
// from change, or an unknown story (news.ErrNotFound), changes nothing.
func (s *Store) ArrangeFront(ctx context.Context, change func(lead int64, top []int64) (int64, []int64, error)) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		lead, top, err := frontPicks(ctx, tx)
		if err != nil {
			return err
		}
		if lead, top, err = change(lead, top); err != nil {
			return err
		}
		if len(top) > MaxTopStories {
			return &news.FieldError{Field: "top", Reason: "too many top stories"}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM front_picks`); err != nil {
			return err
		}
		seen := map[int64]bool{}
		put := func(pos int, id int64) error {
			if id == 0 || seen[id] {
				return nil
			}
			seen[id] = true
			// One statement per pick: it inserts nothing for a story that
			// does not exist (deleted meanwhile), and that is the answer.
			res, err := tx.ExecContext(ctx, `INSERT INTO front_picks (position, story_id) SELECT ?, id FROM stories WHERE id = ?`, pos, id)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return news.ErrNotFound
			}
			return nil
		}
		if err := put(0, lead); err != nil {
			return err
		}
		for i, id := range top {
			if err := put(i+1, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// pickedCards is the front page's picks that are out in lang now, in
// their order: the lead (nil when none is pinned or it is not out) and
// the top stories.
func (s *Store) pickedCards(ctx context.Context, lang news.Lang) (*news.Card, []news.Card, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cardColumns+`, f.position FROM front_picks f
		JOIN translations t ON t.story_id = f.story_id AND t.lang = ? AND t.published_at <= ?
		`+storyJoins+`
		ORDER BY f.position`, lang, s.now().Unix())
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var lead *news.Card
	var top []news.Card
	for rows.Next() {
		var pos int
		c, err := scanCard(rows, &pos)
		if err != nil {
			return nil, nil, err
		}
		if pos == 0 {
			lead = &c
		} else {
			top = append(top, c)
		}
	}
	return lead, top, rows.Err()
}

// FrontCandidates lists the stories out in any language now, most recently
// published first, for the newsroom's front page to pick from.
func (s *Store) FrontCandidates(ctx context.Context, lang news.Lang, limit int) ([]news.DeskItem, error) {
	ids, err := s.ids(ctx, `SELECT story_id FROM translations WHERE lang IN ('en', 'zh-Hans') AND published_at <= ?
		GROUP BY story_id ORDER BY max(published_at) DESC, story_id DESC LIMIT ?`, s.now().Unix(), limit)
	if err != nil {
		return nil, err
	}
	return s.DeskItems(ctx, lang, ids)
}

// DeskItems describes the given stories as the newsroom's list does, in
// the order given.
func (s *Store) DeskItems(ctx context.Context, lang news.Lang, ids []int64) ([]news.DeskItem, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return s.deskItems(ctx, lang, ids) // it drops a story gone since the ids were read
}

// Withdrawn reports whether slug in lang was a published story that has
// been taken down: it went out once (first_published_at) and is not out
// now, nor scheduled to come back (that one is only not out yet). A draft
// never published is not withdrawn.
func (s *Store) Withdrawn(ctx context.Context, lang news.Lang, slug string) (bool, error) {
	lang, _ = s.edition(lang)
	var gone bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM translations
		WHERE lang = ? AND slug = ? AND first_published_at IS NOT NULL AND published_at IS NULL)`, lang, slug).Scan(&gone)
	return gone, err
}

// ErrPublished refuses to delete a story that readers have seen.
var ErrPublished = &news.FieldError{Field: "story", Reason: "has been published"}

// DeleteDraft removes a story that was never published in any language,
// with every row of it (translations, bodies, search rows, stored parts,
// revisions, exceptions, front page picks), in one transaction. A story
// published, scheduled or withdrawn is refused with ErrPublished.
func (s *Store) DeleteDraft(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var exists, published bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM stories WHERE id = ?1),
			EXISTS (SELECT 1 FROM translations WHERE story_id = ?1
				AND (published_at IS NOT NULL OR first_published_at IS NOT NULL))`, id).Scan(&exists, &published); err != nil {
			return err
		}
		if !exists {
			return news.ErrNotFound
		}
		if published {
			return ErrPublished
		}
		// Never published, so in no reader's search index (a virtual table no
		// foreign key reaches). Cascades take the rest: translations, bodies,
		// parts, picture links, former slugs, exceptions, revisions, picks;
		// the translations' trigger takes the newsroom's search row.
		_, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id = ?`, id)
		return err
	})
}

// ImageUse says where a picture is used: the keys of the stories it leads
// or shows, and whether an earlier version of a story used it. A picture
// with any use cannot be deleted.
type ImageUse struct {
	Stories   []string
	Revisions bool
}

// InUse reports whether the picture has any use.
func (u ImageUse) InUse() bool { return len(u.Stories) > 0 || u.Revisions }

// ImageUses finds where the named picture is used.
func (s *Store) ImageUses(ctx context.Context, name string) (ImageUse, error) {
	return imageUses(ctx, s.db, name)
}

// querier is a database or a transaction, for reads both make.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func imageUses(ctx context.Context, db querier, name string) (ImageUse, error) {
	var u ImageUse
	var id int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM images WHERE name = ?`, name).Scan(&id); err == sql.ErrNoRows {
		return u, news.ErrNotFound
	} else if err != nil {
		return u, err
	}
	rows, err := db.QueryContext(ctx, `SELECT key FROM stories WHERE image_id = ?1
		UNION SELECT s.key FROM translation_images ti JOIN translations t ON t.id = ti.translation_id
			JOIN stories s ON s.id = t.story_id WHERE ti.image_id = ?1
		UNION SELECT s.key FROM bodies b JOIN translations t ON t.id = b.translation_id
			JOIN stories s ON s.id = t.story_id WHERE instr(b.markdown, ?2) > 0
		ORDER BY 1`, id, name)
	if err != nil {
		return u, err
	}
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			rows.Close()
			return u, err
		}
		u.Stories = append(u.Stories, key)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return u, err
	}
	// A revision keeps the Markdown and lead by name: restoring it needs the picture.
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM revisions WHERE instr(snapshot, ?) > 0)`,
		name).Scan(&u.Revisions)
	return u, err
}

// ErrImageInUse refuses to delete a picture a story or revision uses.
var ErrImageInUse = &news.FieldError{Field: "image", Reason: "is in use"}

// DeleteImage removes an unused picture and its smaller copies in one
// transaction; a picture in use is refused with ErrImageInUse.
func (s *Store) DeleteImage(ctx context.Context, name string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := imageUses(ctx, tx, name)
		if err != nil {
			return err
		}
		if u.InUse() {
			return ErrImageInUse
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM images WHERE name = ?`, name)
		return err
	})
}
