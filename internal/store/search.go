package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// snippetRunes is about how much of a story a search result quotes.
const snippetRunes = 160

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// indexTranslation replaces a translation's row in the search index.
func indexTranslation(ctx context.Context, db execer, id int64, headline, summary string, body []news.Block) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM search_index WHERE rowid = ?`, id); err != nil {
		return err
	}
	h, hUni := search.IndexText(headline)
	b, bUni := search.IndexText(summary + "\n" + bodyText(body))
	_, err := db.ExecContext(ctx, `INSERT INTO search_index (rowid, headline, body, headline_uni, body_uni)
		VALUES (?, ?, ?, ?, ?)`, id, h, b, hUni, bUni)
	return err
}

func bodyText(body []news.Block) string {
	var b strings.Builder
	for _, bl := range body {
		if bl.Text != "" {
			b.WriteString(bl.Text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Reindex rebuilds the whole search index from the stories, in one transaction.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_index`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.headline, t.summary, b.blocks
			FROM translations t JOIN bodies b ON b.translation_id = t.id`)
		if err != nil {
			return err
		}
		type row struct {
			id                     int64
			headline, summary, raw string
		}
		var all []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.headline, &r.summary, &r.raw); err != nil {
				rows.Close()
				return err
			}
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range all {
			var body []news.Block
			if err := json.Unmarshal([]byte(r.raw), &body); err != nil {
				return err
			}
			if err := indexTranslation(ctx, tx, r.id, r.headline, r.summary, body); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// Search finds published stories in lang matching q, best first (bm25 with
// the headline weighted above the body; newer first on ties), with the total
// number of matches and a snippet around the match for each hit.
func (s *Store) Search(ctx context.Context, lang news.Lang, q search.Query, page news.Page) ([]news.Hit, int, error) {
	match := q.Match()
	now := s.now().Unix()
	total, err := s.SearchCount(ctx, lang, q)
	if err != nil || total == 0 {
		return nil, total, err
	}
	// Rank first, over the small translation rows only; bodies are read for
	// the page of hits alone.
	rows, err := s.db.QueryContext(ctx, `WITH ranked AS (
			SELECT t.id, bm25(search_index, 4.0, 1.0, 4.0, 1.0) AS score, t.published_at AS pub
			FROM search_index f JOIN translations t ON t.id = f.rowid
			WHERE search_index MATCH ? AND t.lang = ? AND t.published_at <= ?
			ORDER BY score, pub DESC LIMIT ? OFFSET ?)
		SELECT `+cardColumns+`, b.blocks FROM ranked r JOIN translations t ON t.id = r.id `+storyJoins+`
		JOIN bodies b ON b.translation_id = t.id
		ORDER BY r.score, r.pub DESC`, match, lang, now, page.Size, page.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var hits []news.Hit
	for rows.Next() {
		var raw string
		c, err := scanCard(rows, &raw)
		if err != nil {
			return nil, 0, err
		}
		var body []news.Block
		if err := json.Unmarshal([]byte(raw), &body); err != nil {
			return nil, 0, err
		}
		text := c.Summary + " " + bodyText(body)
		hits = append(hits, news.Hit{Card: c, Snippet: search.Snippet(strings.ReplaceAll(text, "\n", " "), q, snippetRunes)})
	}
	return hits, total, rows.Err()
}

// SearchCount is the number of published stories in lang matching q.
func (s *Store) SearchCount(ctx context.Context, lang news.Lang, q search.Query) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM search_index f JOIN translations t ON t.id = f.rowid
		WHERE search_index MATCH ? AND t.lang = ? AND t.published_at <= ?`, q.Match(), lang, s.now().Unix()).Scan(&n)
	return n, err
}

// CountSearch adds one reader to a term's count for lang on day (days since
// the Unix epoch). Callers count each reader at most once per term and day.
func (s *Store) CountSearch(ctx context.Context, lang news.Lang, term string, day int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_counts (lang, day, term, readers) VALUES (?, ?, ?, 1)
		ON CONFLICT (lang, day, term) DO UPDATE SET readers = readers + 1`, lang, day, term)
	return err
}

// Trends lists lang's most searched terms since day (inclusive): terms that
// reached minReaders distinct readers on some day of the window, ranked by
// readers over the window; blocked terms never show.
func (s *Store) Trends(ctx context.Context, lang news.Lang, since int64, minReaders, limit int) ([]news.Trend, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT term, sum(readers) AS total FROM search_counts
		WHERE lang = ? AND day >= ? AND term NOT IN (SELECT term FROM search_blocked)
		GROUP BY term HAVING max(readers) >= ?
		ORDER BY total DESC, term LIMIT ?`, lang, since, minReaders, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.Trend
	for rows.Next() {
		var t news.Trend
		if err := rows.Scan(&t.Term, &t.Readers); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// BlockTerm keeps a normalized term out of Search Trends for good.
func (s *Store) BlockTerm(ctx context.Context, term string, at int64) error {
	term = search.Normalize(term)
	if term == "" {
		return &news.FieldError{Field: "term", Reason: "is empty"}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_blocked (term, blocked_at) VALUES (?, ?)
		ON CONFLICT (term) DO NOTHING`, term, at)
	return err
}

// PruneSearchCounts forgets counts older than day.
func (s *Store) PruneSearchCounts(ctx context.Context, before int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM search_counts WHERE day < ?`, before)
	return err
}
