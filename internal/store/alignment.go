package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"broadsheet/internal/align"
	"broadsheet/internal/news"
)

// How a story's translations line up with its original (internal/align):
// every save gives each block an id that survives edits, keeps each
// translation's pairing with the original's blocks, and the hashes of the
// original blocks a translation was made from, so a reader can be told when
// the original changed since.

// storedBody is a translation as it was before a save.
type storedBody struct {
	blocks  []news.Block
	pairing *news.Pairing
	hashes  map[string]string
	checked sql.NullInt64
	text    string // headline, summary and body hashes: did the words change?
}

// alignment is what a save writes for one translation besides its text.
type alignment struct {
	pairing, hashes sql.NullString
	checked         sql.NullInt64
}

// storedBodies reads a story's translations as stored, and its id counter.
func storedBodies(ctx context.Context, tx *sql.Tx, storyID int64) (map[news.Lang]storedBody, int, error) {
	out := map[news.Lang]storedBody{}
	next := 1
	if err := tx.QueryRowContext(ctx, `SELECT next_block FROM stories WHERE id = ?`, storyID).Scan(&next); err != nil && err != sql.ErrNoRows {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.lang, t.headline, t.summary, b.blocks, t.pairing, t.source_hashes, t.source_checked_at
		FROM translations t JOIN bodies b ON b.translation_id = t.id WHERE t.story_id = ?`, storyID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var lang news.Lang
		var headline, summary, blocks string
		var pairing, hashes sql.NullString
		var sb storedBody
		if err := rows.Scan(&lang, &headline, &summary, &blocks, &pairing, &hashes, &sb.checked); err != nil {
			return nil, 0, err
		}
		if err := json.Unmarshal([]byte(blocks), &sb.blocks); err != nil {
			return nil, 0, err
		}
		if pairing.Valid {
			sb.pairing = new(news.Pairing)
			if err := json.Unmarshal([]byte(pairing.String), sb.pairing); err != nil {
				return nil, 0, err
			}
		}
		if hashes.Valid {
			if err := json.Unmarshal([]byte(hashes.String), &sb.hashes); err != nil {
				return nil, 0, err
			}
		}
		sb.text = textPrint(headline, summary, sb.blocks)
		out[lang] = sb
	}
	return out, next, rows.Err()
}

// textPrint is what a translation says, ignoring spacing and punctuation.
func textPrint(headline, summary string, blocks []news.Block) string {
	b, _ := json.Marshal([]string{align.Hash(news.Block{Kind: news.BlockHeading, Text: headline}),
		align.Hash(news.Block{Kind: news.BlockParagraph, Text: summary})})
	out := string(b)
	for _, bl := range blocks {
		out += align.Hash(bl)
	}
	return out
}

func blockIDs(blocks []news.Block) []string {
	ids := make([]string, len(blocks))
	for i, b := range blocks {
		ids[i] = b.ID
	}
	return ids
}

// alignStory gives every translation of in its block ids (kept from the
// stored story where the blocks are the same) and works out each
// translation's pairing and source hashes. It returns in with the ids set
// (on copies of the bodies), what to write per language, and the story's
// next id.
func alignStory(ctx context.Context, tx *sql.Tx, storyID int64, in news.StoryInput, now time.Time) (news.StoryInput, map[news.Lang]alignment, int, error) {
	prev, next, err := storedBodies(ctx, tx, storyID)
	if err != nil {
		return in, nil, 0, err
	}
	orig := in.Original()
	trs := make([]news.TranslationInput, len(in.Translations))
	copy(trs, in.Translations)
	in.Translations = trs
	// The original first: the others' pairings name its ids.
	var origIDs []string
	var origBody []news.Block
	for pass := 0; pass < 2; pass++ {
		for i := range trs {
			if (trs[i].Lang == orig) != (pass == 0) {
				continue
			}
			p := prev[trs[i].Lang]
			var ids []string
			ids, next = align.Assign(p.blocks, blockIDs(p.blocks), trs[i].Body, next)
			body := make([]news.Block, len(trs[i].Body))
			copy(body, trs[i].Body)
			for j := range body {
				body[j].ID = ids[j]
			}
			trs[i].Body = body
			if pass == 0 {
				origIDs, origBody = ids, body
			}
		}
	}
	out := map[news.Lang]alignment{}
	prevOrig, hadOrig := prev[orig]
	for _, t := range trs {
		if t.Lang == orig {
			continue
		}
		p, existed := prev[t.Lang]
		var a alignment
		// The pairing: kept (by id) when the editor left the text as it was
		// shown, read afresh when they changed it.
		pairing := p.pairing
		if !existed || t.Pairs != align.Format(p.pairing, blockIDs(prevOrig.blocks)) {
			if pairing, err = align.Parse(t.Pairs, origIDs); err != nil {
				return in, nil, 0, &news.FieldError{Field: "pairs", Reason: string(t.Lang) + ": " + err.Error()}
			}
			if pairing == nil && len(t.Body) == len(origBody) {
				// Recorded, so a later edit of the original that keeps the
				// count (one paragraph added, another cut) is noticed.
				pairing = align.Positional(origIDs)
			}
		}
		if pairing != nil {
			b, _ := json.Marshal(pairing)
			a.pairing = sql.NullString{String: string(b), Valid: true}
		}
		// What the translation was made from.
		hashes, checked := p.hashes, p.checked
		switch {
		case len(t.TranslatedFrom) > 0 && (!hadOrig || sameBlocks(prevOrig.blocks, origBody)):
			// Numbered as the original's blocks are: only when those are
			// the ones stored (an import, a story read and saved back).
			hashes = map[string]string{}
			for i, h := range t.TranslatedFrom {
				if i < len(origIDs) && h != addedSince {
					hashes[origIDs[i]] = h
				}
			}
			checked = sql.NullInt64{Int64: now.Unix(), Valid: true}
		case !existed || hashes == nil || p.text != textPrint(t.Headline, t.Summary, t.Body):
			// New or rewritten: made from the original as saved now.
			hashes, checked = align.Hashes(origIDs, origBody), sql.NullInt64{Int64: now.Unix(), Valid: true}
		case in.MinorEdit && hadOrig && current(p.hashes, prevOrig.blocks):
			// A correction of the original that leaves it current.
			hashes = align.Hashes(origIDs, origBody)
		}
		if hashes != nil {
			b, _ := json.Marshal(hashes)
			a.hashes = sql.NullString{String: string(b), Valid: true}
		}
		a.checked = checked
		out[t.Lang] = a
	}
	return in, out, next, nil
}

// addedSince stands, in TranslatedFrom, for an original block added after
// the translation was made.
const addedSince = "-"

// pairingText fills each translation's Pairs and, when it is behind its
// original, TranslatedFrom, from the stored records (one of each per
// translation, in order), as the editor and edition files write them.
func pairingText(trs []news.TranslationInput, pairings, sources []sql.NullString) error {
	in := news.StoryInput{Translations: trs}
	orig := in.Original()
	var origBody []news.Block
	for _, t := range trs {
		if t.Lang == orig {
			origBody = t.Body
		}
	}
	ids := blockIDs(origBody)
	for i := range trs {
		t := &trs[i]
		if t.Lang == orig {
			continue
		}
		if pairings[i].Valid {
			var p news.Pairing
			if err := json.Unmarshal([]byte(pairings[i].String), &p); err != nil {
				return err
			}
			t.Pairs = align.Format(&p, ids)
		}
		if sources[i].Valid {
			var recorded map[string]string
			if err := json.Unmarshal([]byte(sources[i].String), &recorded); err != nil {
				return err
			}
			if !current(recorded, origBody) {
				for _, id := range ids {
					h, ok := recorded[id]
					if !ok {
						h = addedSince
					}
					t.TranslatedFrom = append(t.TranslatedFrom, h)
				}
			}
		}
	}
	return nil
}

// sameBlocks reports whether two bodies read the same, block by block.
func sameBlocks(a, b []news.Block) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if align.Hash(a[i]) != align.Hash(b[i]) {
			return false
		}
	}
	return true
}

// current reports whether a translation made from recorded is current with
// the original blocks given.
func current(recorded map[string]string, orig []news.Block) bool {
	changed, added, _ := align.Changed(recorded, blockIDs(orig), orig)
	return len(changed) == 0 && len(added) == 0
}

// MarkCurrent records that lang's translation of a story is up to date with
// its original as it is now, and keeps a revision saying so.
func (s *Store) MarkCurrent(ctx context.Context, storyID int64, lang news.Lang, userID int64) error {
	e, err := s.StoryForEdit(ctx, storyID)
	if err != nil {
		return err
	}
	orig := e.Original()
	if lang == orig {
		return &news.FieldError{Field: "lang", Reason: "is the original"}
	}
	var origBody []news.Block
	found := false
	for _, t := range e.Translations {
		if t.Lang == orig {
			origBody = t.Body
		}
		found = found || t.Lang == lang
	}
	if !found {
		return news.ErrNotFound
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		b, _ := json.Marshal(align.Hashes(blockIDs(origBody), origBody))
		if _, err := tx.ExecContext(ctx, `UPDATE translations SET source_hashes = ?, source_checked_at = ?
			WHERE story_id = ? AND lang = ?`, string(b), s.now().Unix(), storyID, lang); err != nil {
			return err
		}
		var v int
		if err := tx.QueryRowContext(ctx, `UPDATE stories SET version = version + 1 WHERE id = ? RETURNING version`, storyID).Scan(&v); err != nil {
			return err
		}
		if err := s.keepRevision(ctx, tx, storyID, v, userID, "mark-current-"+string(lang), e.StoryInput); err != nil {
			return err
		}
		return forgetParts(ctx, tx, `SELECT id FROM translations WHERE story_id = ?`, storyID)
	})
}

// placeStory fills a published story's anchors and, for a translation,
// whether it is behind its original: the original's published blocks
// compared with those it was made from (hashes).
func (s *Store) placeStory(ctx context.Context, st *news.Story, hashes sql.NullString) error {
	if st.Lang.Written() == st.Original {
		st.Anchors = anchors(blockIDs(st.Body), nil, len(st.Body))
		return nil
	}
	var slug, blocks string
	var updated int64
	err := s.db.QueryRowContext(ctx, `SELECT t.slug, t.updated_at, b.blocks FROM translations t
		JOIN bodies b ON b.translation_id = t.id
		WHERE t.story_id = ? AND t.lang = ? AND t.published_at <= ?`, st.StoryID, st.Original, s.now().Unix()).Scan(&slug, &updated, &blocks)
	if err == sql.ErrNoRows {
		return nil // no published original: nothing to anchor to or be behind (drafts never count)
	}
	if err != nil {
		return err
	}
	var orig []news.Block
	if err := json.Unmarshal([]byte(blocks), &orig); err != nil {
		return err
	}
	ids := blockIDs(orig)
	st.Anchors = anchors(ids, st.Pairing, len(st.Body))
	if !hashes.Valid {
		return nil
	}
	var recorded map[string]string
	if err := json.Unmarshal([]byte(hashes.String), &recorded); err != nil {
		return fmt.Errorf("source hashes: %w", err)
	}
	changed, added, _ := align.Changed(recorded, ids, orig)
	if len(changed)+len(added) == 0 {
		return nil
	}
	st.Outdated = &news.Outdated{Lang: st.Original, Slug: slug, UpdatedAt: time.Unix(updated, 0).UTC(),
		Changed: append(changed, added...)}
	return nil
}

// anchors names n blocks by the original blocks they render (origIDs, through
// the pairing, or by position without one); each name once.
func anchors(origIDs []string, p *news.Pairing, n int) []string {
	out := make([]string, n)
	used := map[string]bool{}
	for i := range out {
		var id string
		switch {
		case p != nil && len(p.Src) > 0:
			if i < len(p.Src) && len(p.Src[i]) > 0 {
				id = p.Src[i][0]
			}
		case i < len(origIDs):
			id = origIDs[i]
		}
		if id != "" && !used[id] {
			out[i], used[id] = "p-"+id, true
		}
	}
	return out
}
