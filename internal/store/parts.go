package store

import (
	"context"
	"database/sql"
	"time"

	"broadsheet/internal/gzsplice"
	"broadsheet/internal/news"
)

// StoryParts is what a request for a story needs before rendering anything:
// the published translation and, when stored for this build and still valid,
// its page's rendered parts.
type StoryParts struct {
	TranslationID, StoryID, SectionID int64
	UpdatedAt                         time.Time
	// Epoch is read before the story itself: pass it to PutStoryParts.
	Epoch int64
	Parts *Parts // nil: render them
}

// Parts are a story page's head and article, compressed once.
type Parts struct {
	Head, Article gzsplice.Fragment
	Sum           []byte
	Menu          string // where the language menu leads: one line per edition, in news.Editions order
	// Embeds is set when the article has embeds: the stored article shows
	// their placeholders, as to every reader who has not agreed to them.
	Embeds bool
	// ValidUntil is when another translation of the story falls due, which
	// changes the head's alternates and the language menu; zero: none is scheduled.
	ValidUntil time.Time
}

// StoryParts finds the published translation an edition shows at slug with
// the edition's stored parts for build. Not found is news.ErrNotFound.
func (s *Store) StoryParts(ctx context.Context, lang news.Lang, slug, build string) (StoryParts, error) {
	var sp StoryParts
	now := s.now().Unix()
	// Prepared once: parsing would cost as much as running it. Each is one
	// statement, so the epoch and the row come from one snapshot.
	stmt, err := s.storyParts.get(ctx, s.db, `SELECT (SELECT n FROM parts_epoch), translation_id, story_id, section_id,
			updated_at, build, head, head_size, head_crc, article, article_size, article_crc, sum, menu, embeds, valid_until
		FROM story_parts WHERE lang = ? AND slug = ? AND published_at <= ?`)
	if err != nil {
		return sp, err
	}
	var updated int64
	var p Parts
	var pb string
	var until sql.NullInt64
	err = stmt.QueryRowContext(ctx, lang, slug, now).Scan(&sp.Epoch, &sp.TranslationID, &sp.StoryID, &sp.SectionID, &updated,
		&pb, &p.Head.Deflate, &p.Head.Size, &p.Head.CRC, &p.Article.Deflate, &p.Article.Size, &p.Article.CRC,
		&p.Sum, &p.Menu, &p.Embeds, &until)
	if err == nil && pb == build && (!until.Valid || until.Int64 > now) {
		sp.UpdatedAt = time.Unix(updated, 0).UTC()
		if until.Valid {
			p.ValidUntil = time.Unix(until.Int64, 0).UTC()
		}
		sp.Parts = &p
		return sp, nil
	}
	if err != nil && err != sql.ErrNoRows {
		return sp, err
	}
	// None current: the translation itself, for the parts to be made.
	stmt, err = s.storyRow.get(ctx, s.db, `SELECT (SELECT n FROM parts_epoch), id, story_id, section_id, updated_at
		FROM translations WHERE lang = ? AND slug = ? AND published_at <= ?`)
	if err != nil {
		return sp, err
	}
	err = stmt.QueryRowContext(ctx, lang.Written(), slug, now).Scan(&sp.Epoch, &sp.TranslationID, &sp.StoryID, &sp.SectionID, &updated)
	if err == sql.ErrNoRows {
		return sp, news.ErrNotFound
	}
	sp.UpdatedAt = time.Unix(updated, 0).UTC()
	return sp, err
}

// NextDue is when the story's next scheduled translation falls due, or zero.
func (s *Store) NextDue(ctx context.Context, storyID int64) (time.Time, error) {
	var t sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT min(published_at) FROM translations
		WHERE story_id = ? AND published_at > ?`, storyID, s.now().Unix()).Scan(&t)
	if err != nil || !t.Valid {
		return time.Time{}, err
	}
	return time.Unix(t.Int64, 0).UTC(), nil
}

// PutStoryParts stores an edition's rendered parts of a translation for build, unless a
// write has moved the epoch since the render read the story (then the parts
// may show what is no longer there, and it reports false).
func (s *Store) PutStoryParts(ctx context.Context, lang news.Lang, translationID, epoch int64, build string, p Parts) (bool, error) {
	var until sql.NullInt64
	if !p.ValidUntil.IsZero() {
		until = sql.NullInt64{Int64: p.ValidUntil.Unix(), Valid: true}
	}
	res, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO story_parts
		(lang, slug, translation_id, story_id, section_id, published_at, updated_at,
			build, head, head_size, head_crc, article, article_size, article_crc, sum, menu, embeds, valid_until)
		SELECT ?, slug, id, story_id, section_id, published_at, updated_at, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
		FROM translations WHERE id = ? AND published_at IS NOT NULL AND (SELECT n FROM parts_epoch) = ?`,
		lang, build, p.Head.Deflate, p.Head.Size, int64(p.Head.CRC), p.Article.Deflate, p.Article.Size, int64(p.Article.CRC),
		p.Sum, p.Menu, p.Embeds, until, translationID, epoch)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ForgetOtherBuilds deletes parts other builds made, a batch at a time so
// the writer is never held long; it reports how many it deleted.
func (s *Store) ForgetOtherBuilds(ctx context.Context, build string, batch int) (int64, error) {
	var total int64
	for {
		res, err := s.db.ExecContext(ctx, `DELETE FROM story_parts WHERE id IN
			(SELECT id FROM story_parts WHERE build <> ? LIMIT ?)`, build, batch)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		total += n
		if err != nil || n < int64(batch) {
			return total, err
		}
	}
}

// forgetParts deletes the stored parts of the translations a write may have
// changed (selected by the query, a list of translation ids) and moves the
// epoch. Every write that changes what a story page shows calls it.
func forgetParts(ctx context.Context, tx *sql.Tx, translations string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM story_parts WHERE translation_id IN (`+translations+`)`, args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE parts_epoch SET n = n + 1`)
	return err
}
