package store

import (
	"context"
	"database/sql"
	"sync/atomic"

	"broadsheet/internal/news"
)

// publicImage is an SQL condition: the picture whose id is the column id
// appears in a translation published as of ?2, as its story's lead or in
// its body. Each branch is an index lookup (stories_image, translation_images).
func publicImage(id string) string {
	return `(EXISTS (SELECT 1 FROM stories s JOIN translations t ON t.story_id = s.id
			WHERE s.image_id = ` + id + ` AND t.published_at <= ?2)
		OR EXISTS (SELECT 1 FROM translation_images ti JOIN translations t ON t.id = ti.translation_id
			WHERE ti.image_id = ` + id + ` AND t.published_at <= ?2))`
}

// publicMediaQuery finds a picture or smaller copy by name (?1), if public.
var publicMediaQuery = `SELECT content_type, data FROM images WHERE name = ?1 AND ` + publicImage("images.id") + `
	UNION ALL
	SELECT content_type, data FROM image_variants WHERE name = ?1 AND ` + publicImage("image_variants.image_id") + `
	LIMIT 1`

// PublicMedia is Media for readers: a picture (or smaller copy) only when a
// published translation shows it, as its lead or in its body. The pictures
// of drafts and scheduled stories are not found until they go out.
func (s *Store) PublicMedia(ctx context.Context, name string) (contentType string, data []byte, err error) {
	// Prepared once: it runs for every picture a reader loads, and
	// preparing it costs more than running it.
	stmt, err := s.publicMedia.get(ctx, s.db, publicMediaQuery)
	if err != nil {
		return "", nil, err
	}
	err = stmt.QueryRowContext(ctx, name, s.now().Unix()).Scan(&contentType, &data)
	if err == sql.ErrNoRows {
		err = news.ErrNotFound
	}
	return contentType, data, err
}

// preparedStmt is a statement prepared on first use and kept.
type preparedStmt struct{ p atomic.Pointer[sql.Stmt] }

func (ps *preparedStmt) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	if st := ps.p.Load(); st != nil {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if !ps.p.CompareAndSwap(nil, st) {
		st.Close() // another request prepared it first
		return ps.p.Load(), nil
	}
	return st, nil
}

// linkImages records which stored pictures a translation's body shows, so
// PublicMedia finds them without reading bodies.
func linkImages(ctx context.Context, tx *sql.Tx, translationID int64, body []news.Block) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM translation_images WHERE translation_id = ?`, translationID); err != nil {
		return err
	}
	for _, b := range body {
		if b.Kind != news.BlockImage || b.Image == nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO translation_images (image_id, translation_id)
			SELECT id, ? FROM images WHERE name = ?`, translationID, b.Image.Name); err != nil {
			return err
		}
	}
	return nil
}
