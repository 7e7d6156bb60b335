package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"time"

	"broadsheet/internal/news"
)

// cardColumns selects what a news.Card needs; scanCard reads them in order.
const cardColumns = `t.story_id, t.lang, t.slug, t.headline, t.summary, t.published_at,
	sec.id, sec.key, sec.position, coalesce(sn.name, sec.key),
	i.id, i.name, i.content_type, i.width, i.height, i.credit, t.caption, t.alt, t.updated_at, i.widths, t.byline`

const cardJoins = `FROM translations t ` + storyJoins

// storyJoins joins a translation t to its story, section, names and image.
const storyJoins = `
	JOIN stories s ON s.id = t.story_id
	JOIN sections sec ON sec.id = s.section_id
	LEFT JOIN section_names sn ON sn.section_id = sec.id AND sn.lang = t.lang
	LEFT JOIN images i ON i.id = s.image_id`

type scanner interface{ Scan(dest ...any) error }

func scanCard(r scanner, extra ...any) (news.Card, error) {
	var c news.Card
	var pub, updated int64
	var imgID sql.NullInt64
	var imgName, imgType, imgCredit, imgWidths sql.NullString
	var imgW, imgH sql.NullInt64
	var caption, alt string
	dest := []any{&c.StoryID, &c.Lang, &c.Slug, &c.Headline, &c.Summary, &pub,
		&c.Section.ID, &c.Section.Key, &c.Section.Position, &c.Section.Name,
		&imgID, &imgName, &imgType, &imgW, &imgH, &imgCredit, &caption, &alt, &updated, &imgWidths, &c.Byline}
	if err := r.Scan(append(dest, extra...)...); err != nil {
		return c, err
	}
	c.PublishedAt = time.Unix(pub, 0).UTC()
	c.UpdatedAt = time.Unix(updated, 0).UTC()
	if imgID.Valid {
		c.Image = &news.Image{ID: imgID.Int64, Name: imgName.String, ContentType: imgType.String,
			Width: int(imgW.Int64), Height: int(imgH.Int64), Credit: imgCredit.String, Caption: caption, Alt: alt,
			Widths: parseWidths(imgWidths.String)}
	}
	return c, nil
}

func (s *Store) cards(ctx context.Context, query string, args ...any) ([]news.Card, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.Card
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Latest lists the newest published stories in lang.
func (s *Store) Latest(ctx context.Context, lang news.Lang, limit, offset int) ([]news.Card, error) {
	lang, conv := s.edition(lang)
	// The page is picked from the covering index alone, so skipped rows cost no joins.
	return conv.list(s.cards(ctx, `SELECT `+cardColumns+` `+cardJoins+`
		WHERE t.id IN (SELECT id FROM translations WHERE lang = ? AND published_at <= ?
			ORDER BY published_at DESC, story_id DESC LIMIT ? OFFSET ?)
		ORDER BY t.published_at DESC, t.story_id DESC`,
		lang, s.now().Unix(), limit, offset))
}

// SectionStories lists a page of a section's published stories in lang, with
// the total count so the page can offer pagination.
func (s *Store) SectionStories(ctx context.Context, lang news.Lang, sectionID int64, page news.Page) ([]news.Card, int, error) {
	lang, conv := s.edition(lang)
	now := s.now().Unix() // one moment for the count and the page
	total, err := s.sectionTotal(ctx, lang, sectionID, now)
	if err != nil || page.Offset() >= total {
		return nil, total, err // past the last page: nothing to skip through
	}
	cards, err := s.sectionCards(ctx, lang, sectionID, now, page.Size, page.Offset())
	return conv.cards(cards), total, err
}

// sectionCards lists a slice of a section's stories published by now, newest first.
func (s *Store) sectionCards(ctx context.Context, lang news.Lang, sectionID, now int64, limit, offset int) ([]news.Card, error) {
	// The page is picked from the covering index alone, so skipped rows cost no joins.
	return s.cards(ctx, `SELECT `+cardColumns+` `+cardJoins+`
		WHERE t.id IN (SELECT id FROM translations WHERE lang = ? AND section_id = ? AND published_at <= ?
			ORDER BY published_at DESC, story_id DESC LIMIT ? OFFSET ?)
		ORDER BY t.published_at DESC, t.story_id DESC`,
		lang, sectionID, now, limit, offset)
}

// Front gathers a front page: the pinned lead, else the newest story with a
// photo; the top stories editors ordered, then the latest after them (a pick
// not out in lang is skipped: the page falls back to the newest); and the
// newest few of each section not already shown above, so no story appears
// twice.
func (s *Store) Front(ctx context.Context, lang news.Lang, latest, perSection int) (news.Front, error) {
	if w, conv := s.edition(lang); conv != nil {
		f, err := s.Front(ctx, w, latest, perSection)
		return conv.front(f), err
	}
	var f news.Front
	lead, picked, err := s.pickedCards(ctx, lang)
	if err != nil {
		return f, err
	}
	recent, err := s.Latest(ctx, lang, latest+1+len(picked)+1, 0)
	if err != nil {
		return f, err
	}
	f.Lead = lead
	recent = frontLatest(lead, picked, recent)
	if f.Lead == nil {
		for i, c := range recent[len(picked):] {
			if c.Image != nil {
				lead := c
				f.Lead = &lead
				i += len(picked)
				recent = append(recent[:i:i], recent[i+1:]...)
				break
			}
		}
	}
	if len(recent) > latest {
		recent = recent[:latest]
	}
	f.Latest = recent
	shown := map[int64]bool{}
	if f.Lead != nil {
		shown[f.Lead.StoryID] = true
	}
	for _, c := range recent {
		shown[c.StoryID] = true
	}
	secs, err := s.Sections(ctx, lang)
	if err != nil {
		return f, err
	}
	for _, sec := range secs {
		// Enough to fill the block even when every story above is in it.
		cards, err := s.sectionCards(ctx, lang, sec.ID, s.now().Unix(), perSection+len(shown), 0)
		if err != nil {
			return f, err
		}
		var block []news.Card
		for _, c := range cards {
			if !shown[c.StoryID] && len(block) < perSection {
				block = append(block, c)
			}
		}
		if len(block) > 0 {
			f.Sections = append(f.Sections, news.SectionBlock{Section: sec, Stories: block})
		}
	}
	return f, nil
}

// frontLatest is the ordered picks followed by the newest stories not
// already among them or the lead.
func frontLatest(lead *news.Card, picked, recent []news.Card) []news.Card {
	seen := map[int64]bool{}
	if lead != nil {
		seen[lead.StoryID] = true
	}
	out := make([]news.Card, 0, len(picked)+len(recent))
	for _, list := range [][]news.Card{picked, recent} {
		for _, c := range list {
			if !seen[c.StoryID] {
				seen[c.StoryID] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// Story finds a published translation by its language and slug.
func (s *Store) Story(ctx context.Context, lang news.Lang, slug string) (news.Story, error) {
	lang, conv := s.edition(lang)
	var st news.Story
	var body string
	var pairing, hashes sql.NullString
	row := s.db.QueryRowContext(ctx, `SELECT `+cardColumns+`, s.key, b.blocks, t.pairing, t.source_hashes,
			CASE WHEN EXISTS (SELECT 1 FROM translations o WHERE o.story_id = t.story_id AND o.lang = 'en') THEN 'en' ELSE t.lang END
		`+cardJoins+`
		JOIN bodies b ON b.translation_id = t.id
		WHERE t.lang = ? AND t.slug = ? AND t.published_at <= ?`, lang, slug, s.now().Unix())
	card, err := scanCard(row, &st.Key, &body, &pairing, &hashes, &st.Original)
	if err == sql.ErrNoRows {
		return st, news.ErrNotFound
	}
	if err != nil {
		return st, err
	}
	st.Card = card
	if err := json.Unmarshal([]byte(body), &st.Body); err != nil {
		return st, err
	}
	if err := s.resolveImages(ctx, st.Body); err != nil {
		return st, err
	}
	if pairing.Valid {
		st.Pairing = new(news.Pairing)
		if err := json.Unmarshal([]byte(pairing.String), st.Pairing); err != nil {
			return st, err
		}
	}
	if err := s.placeStory(ctx, &st, hashes); err != nil {
		return st, err
	}
	if st.Translations, err = s.translations(ctx, st.StoryID); err != nil {
		return st, err
	}
	st.Translations = news.WithConverted(st.Translations)
	conv.story(&st)
	return st, nil
}

// FormerSlug finds where a translation that used to be at slug is now: its
// current slug, when it is published.
func (s *Store) FormerSlug(ctx context.Context, lang news.Lang, slug string) (string, error) {
	lang = lang.Written()
	var cur string
	err := s.db.QueryRowContext(ctx, `SELECT t.slug FROM former_slugs f
		JOIN translations t ON t.story_id = f.story_id AND t.lang = f.lang
		WHERE f.lang = ? AND f.slug = ? AND t.published_at <= ?`, lang, slug, s.now().Unix()).Scan(&cur)
	if err == sql.ErrNoRows {
		return "", news.ErrNotFound
	}
	return cur, err
}

func (s *Store) translations(ctx context.Context, storyID int64) (map[news.Lang]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT lang, slug FROM translations
		WHERE story_id = ? AND published_at <= ?`, storyID, s.now().Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[news.Lang]string{}
	for rows.Next() {
		var l news.Lang
		var slug string
		if err := rows.Scan(&l, &slug); err != nil {
			return nil, err
		}
		out[l] = slug
	}
	return out, rows.Err()
}

// Related lists other published stories in lang from the same section, newest first.
func (s *Store) Related(ctx context.Context, lang news.Lang, storyID, sectionID int64, limit int) ([]news.Card, error) {
	lang, conv := s.edition(lang)
	return conv.list(s.cards(ctx, `SELECT `+cardColumns+` `+cardJoins+`
		WHERE t.lang = ? AND t.section_id = ? AND t.published_at <= ? AND t.story_id <> ?
		ORDER BY t.published_at DESC, t.story_id DESC LIMIT ?`,
		lang, sectionID, s.now().Unix(), storyID, limit))
}

// encodeBody stores blocks as JSON. An inline picture keeps only its name
// and this story's words for it (alt text, caption): its size, copies and
// credit belong to the picture and are read fresh (resolveImages), so they
// never go stale when the picture changes.
func encodeBody(blocks []news.Block) (string, error) {
	out := make([]news.Block, len(blocks))
	for i, b := range blocks {
		if b.Kind == news.BlockImage && b.Image != nil {
			b.Image = &news.Image{Name: b.Image.Name, Alt: b.Image.Alt, Caption: b.Image.Caption}
		}
		out[i] = b
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// resolveImages fills each inline picture's stored facts: type, size,
// srcset widths and credit.
func (s *Store) resolveImages(ctx context.Context, body []news.Block) error {
	for i, b := range body {
		if b.Kind != news.BlockImage || b.Image == nil {
			continue
		}
		im, err := s.ImageInfo(ctx, b.Image.Name)
		if err == news.ErrNotFound {
			continue // kept as written; the page shows what it can
		}
		if err != nil {
			return err
		}
		im.ID, im.Alt, im.Caption = 0, b.Image.Alt, b.Image.Caption
		body[i].Image = &im
	}
	return nil
}

// countTTL bounds how long a section's count is reused: counting a large
// section scans its whole index range. Writes through this store drop the reused
// counts and stories falling due are added to them, so the TTL matters only
// for writes by another process (an import on a running site).
const countTTL = 30 * time.Second

type countKey struct {
	lang    news.Lang
	section int64
}

type countEntry struct {
	n    int
	at   time.Time // when it was counted
	upto int64     // what it counts: published_at <= upto (Unix seconds)
}

// sectionTotal counts a section's stories published by now (Unix seconds).
func (s *Store) sectionTotal(ctx context.Context, lang news.Lang, sectionID, now int64) (int, error) {
	return s.reuseCount(ctx, countKey{lang: lang, section: sectionID}, now, func(after, upto int64) (int, error) {
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM translations
			WHERE lang = ? AND section_id = ? AND published_at > ? AND published_at <= ?`,
			lang, sectionID, after, upto).Scan(&n)
		return n, err
	})
}

// reuseCount is the count under k of rows published by now, where
// count(after, upto) counts those published in (after, upto]. A count made
// earlier is reused: with no write since, only stories that fell due have
// joined it, and they are newer than everything it counted.
func (s *Store) reuseCount(ctx context.Context, k countKey, now int64, count func(after, upto int64) (int, error)) (int, error) {
	s.countsMu.Lock()
	e, ok := s.counts[k]
	gen := s.countsGen
	s.countsMu.Unlock()
	wall := s.now()
	if age := wall.Sub(e.at); !ok || age < 0 || age >= countTTL || now < e.upto {
		e = countEntry{n: 0, at: wall, upto: math.MinInt64}
	}
	if now > e.upto {
		n, err := count(e.upto, now)
		if err != nil {
			return 0, err
		}
		e.n, e.upto = e.n+n, now
	}
	s.countsMu.Lock()
	if s.countsGen == gen { // nothing was written while it counted
		if s.counts == nil {
			s.counts = map[countKey]countEntry{}
		}
		s.counts[k] = e
	}
	s.countsMu.Unlock()
	return e.n, nil
}

// forgetCounts drops reused counts after a write.
func (s *Store) forgetCounts() {
	s.countsMu.Lock()
	s.counts = nil
	s.countsGen++
	s.countsMu.Unlock()
}

// CountPublished is how many stories lang has published.
func (s *Store) CountPublished(ctx context.Context, lang news.Lang) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM translations WHERE lang = ? AND published_at <= ?`,
		lang.Written(), s.now().Unix()).Scan(&n)
	return n, err
}

// StoryURLs lists a slice of an edition's published stories, newest first,
// each with its published versions in every edition, for sitemaps.
func (s *Store) StoryURLs(ctx context.Context, edition news.Lang, limit, offset int) ([]news.StoryURL, error) {
	lang := edition.Written()
	now := s.now().Unix()
	rows, err := s.db.QueryContext(ctx, `SELECT t.slug, t.updated_at, o.lang, o.slug FROM translations t
		LEFT JOIN translations o ON o.story_id = t.story_id AND o.lang <> t.lang AND o.published_at <= ?
		WHERE t.id IN (SELECT id FROM translations WHERE lang = ? AND published_at <= ?
			ORDER BY published_at DESC, story_id DESC LIMIT ? OFFSET ?)
		ORDER BY t.published_at DESC, t.story_id DESC`, now, lang, now, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.StoryURL
	for rows.Next() {
		var u news.StoryURL
		var updated int64
		var otherLang, otherSlug sql.NullString
		if err := rows.Scan(&u.Slug, &updated, &otherLang, &otherSlug); err != nil {
			return nil, err
		}
		u.Updated = time.Unix(updated, 0).UTC()
		u.Translations = map[news.Lang]string{lang: u.Slug}
		if otherLang.Valid {
			u.Translations[news.Lang(otherLang.String)] = otherSlug.String
		}
		news.WithConverted(u.Translations)
		out = append(out, u)
	}
	return out, rows.Err()
}
