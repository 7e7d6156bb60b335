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

// rankWindow is how many of a broad query's newest matches are ranked together.
var rankWindow = 500 // a variable so tests can shrink it

// searchTable is each edition's index; names come only from this map.
var searchTable = map[news.Lang]string{news.EN: "search_en", news.ZH: "search_zh"}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// indexTranslation puts a translation in its edition's index when it is
// published, in search_pending when it is scheduled, and nowhere when it is a
// draft.
func (s *Store) indexTranslation(ctx context.Context, db execer, id int64, lang news.Lang, published sql.NullInt64, headline, summary string, body []news.Block) error {
	table, ok := searchTable[lang]
	if !ok {
		return news.ErrInvalid
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid = ?`, id); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM search_pending WHERE translation_id = ?`, id); err != nil {
		return err
	}
	switch {
	case !published.Valid:
		return nil
	case published.Int64 > s.now().Unix():
		_, err := db.ExecContext(ctx, `INSERT INTO search_pending (translation_id, due_at) VALUES (?, ?)`, id, published.Int64)
		return err
	}
	_, err := db.ExecContext(ctx, `INSERT INTO `+table+` (rowid, headline, body) VALUES (?, ?, ?)`,
		id, search.IndexText(headline), search.IndexText(summary+"\n"+bodyText(body)))
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

// indexRows (re)indexes the translations a query selects (id, lang,
// published_at, headline, summary, blocks), in one transaction.
func (s *Store) indexRows(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	type row struct {
		id                     int64
		lang                   news.Lang
		pub                    sql.NullInt64
		headline, summary, raw string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.lang, &r.pub, &r.headline, &r.summary, &r.raw); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, r := range all {
		var body []news.Block
		if err := json.Unmarshal([]byte(r.raw), &body); err != nil {
			return 0, err
		}
		if err := s.indexTranslation(ctx, tx, r.id, r.lang, r.pub, r.headline, r.summary, body); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}

const indexColumns = `SELECT t.id, t.lang, t.published_at, t.headline, t.summary, b.blocks
	FROM translations t JOIN bodies b ON b.translation_id = t.id`

// Reindex rebuilds the whole search index from the stories, in one transaction.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, stmt := range []string{`DELETE FROM search_en`, `DELETE FROM search_zh`, `DELETE FROM search_pending`} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		var err error
		n, err = s.indexRows(ctx, tx, indexColumns)
		return err
	})
	return n, err
}

// indexDue moves scheduled translations whose time has come into the index.
// It is a single index probe when nothing is due, so searches call it first.
func (s *Store) indexDue(ctx context.Context) error {
	now := s.now().Unix()
	var due bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM search_pending WHERE due_at <= ?)`, now).Scan(&due); err != nil || !due {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := s.indexRows(ctx, tx, indexColumns+` WHERE t.id IN (SELECT translation_id FROM search_pending WHERE due_at <= ?)`, now)
		return err
	})
}

// Search finds published stories in lang matching q, best first (bm25 with
// the headline weighted above the body; newer first on ties), with the total
// number of matches and a snippet around the match for each hit.
func (s *Store) Search(ctx context.Context, lang news.Lang, q search.Query, page news.Page) ([]news.Hit, int, error) {
	lang, conv := s.edition(lang)
	q = conv.query(q)
	total, err := s.SearchCount(ctx, lang, q)
	if err != nil || total == 0 {
		return nil, total, err
	}
	table := searchTable[lang]
	// bm25 costs about 5 µs a match here. For a broad query, the newest
	// rankWindow matches (by rowid, which grows as stories are added) are ranked
	// first and the older ones after them, so a common word costs a bounded
	// amount. A narrower query is ranked whole.
	window, offset, limit := "", page.Offset(), page.Size
	var args []any
	if total > rankWindow {
		var edge int64
		if err := s.db.QueryRowContext(ctx, `SELECT rowid FROM `+table+` WHERE `+table+` MATCH ?
			ORDER BY rowid DESC LIMIT 1 OFFSET ?`, q.Match(), rankWindow-1).Scan(&edge); err != nil {
			return nil, 0, err
		}
		if offset < rankWindow {
			window, args = " AND rowid >= ?", []any{edge}
			limit = min(limit, rankWindow-offset)
		} else {
			window, args = " AND rowid < ?", []any{edge}
			offset -= rankWindow
		}
	}
	// Rank inside the index alone; only the page of hits touches the other tables.
	rows, err := s.db.QueryContext(ctx, `WITH ranked AS (
			SELECT rowid AS id, rank AS score FROM `+table+` WHERE `+table+` MATCH ?`+window+`
			ORDER BY rank LIMIT ? OFFSET ?)
		SELECT `+cardColumns+`, b.blocks FROM ranked r JOIN translations t ON t.id = r.id `+storyJoins+`
		JOIN bodies b ON b.translation_id = t.id
		ORDER BY r.score, t.published_at DESC`, append(append([]any{q.Match()}, args...), limit, offset)...)
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
		h := news.Hit{Card: c, HeadlineMarks: search.Highlight(c.Headline, q),
			Snippet: search.Snippet(strings.ReplaceAll(text, "\n", " "), q, snippetRunes)}
		// Matched in the written script, shown in the edition's: the
		// conversion keeps every character's place, so the marks stay put.
		conv.card(&h.Card)
		conv.segments(h.StoryID, h.HeadlineMarks)
		conv.segments(h.StoryID, h.Snippet)
		hits = append(hits, h)
	}
	return hits, total, rows.Err()
}

// SearchCount is the number of published stories in lang matching q.
func (s *Store) SearchCount(ctx context.Context, lang news.Lang, q search.Query) (int, error) {
	lang, conv := s.edition(lang)
	q = conv.query(q)
	table, ok := searchTable[lang]
	if !ok {
		return 0, news.ErrInvalid
	}
	if err := s.indexDue(ctx); err != nil {
		return 0, err
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+table+` MATCH ?`, q.Match()).Scan(&n)
	return n, err
}

// CountSearch adds one reader to a term's count for lang on day (days since
// the Unix epoch). Callers count each reader at most once per term and day.
func (s *Store) CountSearch(ctx context.Context, lang news.Lang, term string, day int64) error {
	// Both scripts count as one term, in the written one.
	lang, conv := s.edition(lang)
	if conv != nil {
		term = conv.back(term)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_counts (lang, day, term, readers) VALUES (?, ?, ?, 1)
		ON CONFLICT (lang, day, term) DO UPDATE SET readers = readers + 1`, lang, day, term)
	return err
}

// Trends lists an edition's most searched terms (a converted edition's
// are its written one's, shown in its script) since day (inclusive): terms that
// reached minReaders distinct readers on some day of the window, ranked by
// readers over the window. Blocked entries are applied by the caller
// (search.Blocked), since they block by word and substring.
func (s *Store) Trends(ctx context.Context, lang news.Lang, since int64, minReaders, limit int) ([]news.Trend, error) {
	lang, conv := s.edition(lang)
	rows, err := s.db.QueryContext(ctx, `SELECT term, sum(readers) AS total FROM search_counts
		WHERE lang = ? AND day >= ?
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
		t.Term = conv.text(0, t.Term)
		out = append(out, t)
	}
	return out, rows.Err()
}

// BlockTerm keeps a term out of Search Trends for good: every trend holding
// its words (or, for Chinese, its characters) in order. It is folded as
// trends are, so 码头 工人 blocks 码头工人.
func (s *Store) BlockTerm(ctx context.Context, term string, at int64) error {
	term = search.TrendForm(term)
	if term == "" {
		return &news.FieldError{Field: "term", Reason: "is empty"}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO search_blocked (term, blocked_at) VALUES (?, ?)
		ON CONFLICT (term) DO NOTHING`, term, at)
	return err
}

// UnblockTerm lets a blocked term show in Search Trends again.
func (s *Store) UnblockTerm(ctx context.Context, term string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM search_blocked WHERE term = ?`, search.TrendForm(term))
	return err
}

// BlockedTerms lists the blocked entries, oldest first.
func (s *Store) BlockedTerms(ctx context.Context) ([]string, error) {
	return s.texts(ctx, `SELECT term FROM search_blocked ORDER BY blocked_at, term`)
}

// texts runs a query of one text column and lists its values.
func (s *Store) texts(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PruneSearchCounts forgets counts older than day.
func (s *Store) PruneSearchCounts(ctx context.Context, before int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM search_counts WHERE day < ?`, before)
	return err
}
