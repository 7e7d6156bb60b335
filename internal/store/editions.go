package store

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"broadsheet/internal/hant"
	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// A converted edition (news.Edition.From) is never stored: every read for it
// reads the written language's rows and converts what it returns, with the
// site's glossary and each story's exceptions applied. Story pages, where the
// conversion of a whole body costs, are converted once per change and kept
// as stored parts under the edition's own language (parts.go); lists are
// short and kept by the page cache.

// conversions are the converters for a converted edition, with editors' rules
// applied: built when the store opens and again after rules change.
type conversions struct {
	lang    news.Lang // the converted edition
	site    *hant.Converter
	stories map[int64]*hant.Converter // stories with exceptions of their own
	back    func(string) string       // to the written script, for queries
}

// baseConverters makes each converted edition's text from its written one.
var baseConverters = map[news.Lang]struct {
	to   func() *hant.Converter
	back func(string) string
}{
	news.ZHHant: {hant.S2TW, hant.ToSimplified},
}

// edition maps lang to the written language to read and the conversion to
// apply to what is read: nil for a written edition, and every method of a
// nil *conversions leaves its argument as it is.
func (s *Store) edition(lang news.Lang) (news.Lang, *conversions) {
	w := lang.Written()
	if w == lang {
		return lang, nil
	}
	if m := s.converters.Load(); m != nil {
		return w, (*m)[lang]
	}
	return w, nil
}

// loadConversions builds every converted edition's converters from the rules
// stored now.
func (s *Store) loadConversions(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT lang, coalesce(story_id, 0), source, target FROM conversion_rules
		ORDER BY lang, story_id`)
	if err != nil {
		return err
	}
	site := map[news.Lang]hant.Glossary{}
	stories := map[news.Lang]map[int64]hant.Glossary{}
	for rows.Next() {
		var lang news.Lang
		var story int64
		var from, to string
		if err := rows.Scan(&lang, &story, &from, &to); err != nil {
			rows.Close()
			return err
		}
		if story == 0 {
			if site[lang] == nil {
				site[lang] = hant.Glossary{}
			}
			site[lang][from] = to
			continue
		}
		if stories[lang] == nil {
			stories[lang] = map[int64]hant.Glossary{}
		}
		if stories[lang][story] == nil {
			stories[lang][story] = hant.Glossary{}
		}
		stories[lang][story][from] = to
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	m := map[news.Lang]*conversions{}
	for _, e := range news.ConvertedEditions() {
		base, ok := baseConverters[e.Lang]
		if !ok {
			continue
		}
		c := &conversions{lang: e.Lang, site: base.to(), stories: map[int64]*hant.Converter{}, back: base.back}
		if g := site[e.Lang]; len(g) > 0 {
			// Rules were checked when written; one that no longer passes
			// (a stricter converter) is left out rather than failing every page.
			if conv, err := c.site.With(g); err == nil {
				c.site = conv
			}
		}
		for id, g := range stories[e.Lang] {
			if conv, err := c.site.With(g); err == nil {
				c.stories[id] = conv
			}
		}
		m[e.Lang] = c
	}
	s.converters.Store(&m)
	return nil
}

// CheckRules reports whether lang's conversion can apply every rule (see
// checkRules), without writing anything.
func (s *Store) CheckRules(lang news.Lang, rules []news.Rule) error { return checkRules(lang, rules) }

// checkRules reports the first rule lang's conversion cannot apply: its two
// sides differ in length, or in more than Chinese characters. Line numbers
// count rules.
func checkRules(lang news.Lang, rules []news.Rule) error {
	base, ok := baseConverters[lang]
	if !ok {
		return &news.FieldError{Field: "lang", Reason: string(lang) + " is not a converted edition"}
	}
	for i, r := range rules {
		if _, err := base.to().With(hant.Glossary{r.From: r.To}); err != nil {
			return &news.RuleError{Line: i + 1, Kind: news.RuleLength, Word: r.From}
		}
	}
	return nil
}

// Glossary is the site-wide rules of a converted edition, in the order written.
func (s *Store) Glossary(ctx context.Context, lang news.Lang) ([]news.Rule, error) {
	return s.rules(ctx, `SELECT source, target FROM conversion_rules WHERE lang = ? AND story_id IS NULL ORDER BY id`, lang)
}

func (s *Store) rules(ctx context.Context, query string, args ...any) ([]news.Rule, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.Rule
	for rows.Next() {
		var r news.Rule
		if err := rows.Scan(&r.From, &r.To); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetGlossary replaces a converted edition's site-wide rules. Every stored
// page of that edition is forgotten in the same transaction, so the next
// request for any story shows the new spelling.
func (s *Store) SetGlossary(ctx context.Context, lang news.Lang, rules []news.Rule) error {
	if err := checkRules(lang, rules); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		s.rulesMoved.Store(true) // inside the transaction: writes take turns
		return setGlossary(ctx, tx, lang, rules)
	})
}

// setGlossary replaces lang's site-wide rules and forgets its stored pages.
func setGlossary(ctx context.Context, tx *sql.Tx, lang news.Lang, rules []news.Rule) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM conversion_rules WHERE lang = ? AND story_id IS NULL`, lang); err != nil {
		return err
	}
	for _, r := range rules {
		if _, err := tx.ExecContext(ctx, `INSERT INTO conversion_rules (lang, story_id, source, target) VALUES (?, NULL, ?, ?)`,
			lang, r.From, r.To); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM story_parts WHERE lang = ?`, lang); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE parts_epoch SET n = n + 1`)
	return err
}

// saveExceptions replaces a story's own rules; it reports whether they changed.
func saveExceptions(ctx context.Context, tx *sql.Tx, storyID int64, ex map[news.Lang][]news.Rule) (bool, error) {
	old := map[news.Lang]map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT lang, source, target FROM conversion_rules WHERE story_id = ?`, storyID)
	if err != nil {
		return false, err
	}
	n := 0
	for rows.Next() {
		var l news.Lang
		var from, to string
		if err := rows.Scan(&l, &from, &to); err != nil {
			rows.Close()
			return false, err
		}
		if old[l] == nil {
			old[l] = map[string]string{}
		}
		old[l][from] = to
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	same := true
	m := 0
	for l, rules := range ex {
		for _, r := range rules {
			m++
			if to, ok := old[l][r.From]; !ok || to != r.To {
				same = false
			}
		}
	}
	if same && m == n {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM conversion_rules WHERE story_id = ?`, storyID); err != nil {
		return false, err
	}
	for l, rules := range ex {
		if err := checkRules(l, rules); err != nil {
			return false, err
		}
		for _, r := range rules {
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversion_rules (lang, story_id, source, target) VALUES (?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET target = excluded.target`, l, storyID, r.From, r.To); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// exceptions are a story's own rules, by edition.
func (s *Store) exceptions(ctx context.Context, storyID int64) (map[news.Lang][]news.Rule, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT lang, source, target FROM conversion_rules WHERE story_id = ? ORDER BY id`, storyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out map[news.Lang][]news.Rule
	for rows.Next() {
		var l news.Lang
		var r news.Rule
		if err := rows.Scan(&l, &r.From, &r.To); err != nil {
			return nil, err
		}
		if out == nil {
			out = map[news.Lang][]news.Rule{}
		}
		out[l] = append(out[l], r)
	}
	return out, rows.Err()
}

// PreviewConversion is a story as a converted edition would show it, with
// the site's glossary and the exceptions given (the editor's, not yet saved)
// applied, and the words the conversion changes, each once, in order of
// first appearance.
func (s *Store) PreviewConversion(lang news.Lang, st news.Story, exceptions []news.Rule) (news.Story, []news.WordChange, error) {
	_, c := s.edition(lang)
	if c == nil {
		return st, nil, news.ErrNotFound
	}
	if err := checkRules(lang, exceptions); err != nil {
		return st, nil, err
	}
	if len(exceptions) > 0 {
		g := hant.Glossary{}
		for _, r := range exceptions {
			g[r.From] = r.To
		}
		conv, err := c.site.With(g)
		if err != nil {
			return st, nil, err
		}
		// A copy of the edition's conversions with this story's own rules.
		c = &conversions{lang: c.lang, site: c.site, stories: map[int64]*hant.Converter{st.StoryID: conv}, back: c.back}
	}
	conv := c.converter(st.StoryID)
	var changes []news.WordChange
	at := map[[2]string]int{}
	note := func(text string) {
		for _, ch := range conv.Changes(text) {
			k := [2]string{ch.From, ch.To}
			if i, ok := at[k]; ok {
				changes[i].Count++
				continue
			}
			at[k] = len(changes)
			changes = append(changes, news.WordChange{From: ch.From, To: ch.To, ByRule: ch.Glossary, Count: 1})
		}
	}
	note(st.Headline)
	note(st.Summary)
	note(st.Byline)
	if st.Image != nil {
		note(st.Image.Caption)
		note(st.Image.Alt)
	}
	for _, b := range st.Body {
		note(b.Text)
		if b.Image != nil {
			note(b.Image.Caption)
			note(b.Image.Alt)
		}
	}
	body := make([]news.Block, len(st.Body))
	copy(body, st.Body)
	st.Body = body
	c.story(&st)
	return st, changes, nil
}

// ConvertText converts text to lang with the site's glossary; text in a
// written edition comes back as it is.
func (s *Store) ConvertText(lang news.Lang, text string) string {
	_, c := s.edition(lang)
	return c.text(0, text)
}

// ConvertBlocks converts body blocks to lang with the site's glossary, as a
// story's are (never a tag or an address); blocks in a written edition come
// back as they are. The blocks given are not changed.
func (s *Store) ConvertBlocks(lang news.Lang, blocks []news.Block) []news.Block {
	_, c := s.edition(lang)
	if c == nil {
		return blocks
	}
	out := make([]news.Block, len(blocks))
	copy(out, blocks)
	c.blocks(c.site, out)
	return out
}

// converter is the converter for a story's text.
func (c *conversions) converter(storyID int64) *hant.Converter {
	if conv, ok := c.stories[storyID]; ok {
		return conv
	}
	return c.site
}

func (c *conversions) text(storyID int64, s string) string {
	if c == nil {
		return s
	}
	return c.converter(storyID).Convert(s)
}

func (c *conversions) card(card *news.Card) {
	if c == nil {
		return
	}
	conv := c.converter(card.StoryID)
	card.Lang = c.lang
	card.Headline = conv.Convert(card.Headline)
	card.Summary = conv.Convert(card.Summary)
	card.Byline = conv.Convert(card.Byline)
	c.section(&card.Section)
	if card.Image != nil {
		im := *card.Image
		c.image(conv, &im)
		card.Image = &im
	}
}

func (c *conversions) image(conv *hant.Converter, im *news.Image) {
	im.Caption = conv.Convert(im.Caption)
	im.Alt = conv.Convert(im.Alt)
	im.Credit = conv.Convert(im.Credit)
}

func (c *conversions) cards(cards []news.Card) []news.Card {
	if c != nil {
		for i := range cards {
			c.card(&cards[i])
		}
	}
	return cards
}

func (c *conversions) section(sec *news.Section) {
	if c != nil {
		sec.Name = c.site.Convert(sec.Name)
	}
}

func (c *conversions) story(st *news.Story) {
	if c == nil {
		return
	}
	c.card(&st.Card)
	c.blocks(c.converter(st.StoryID), st.Body)
	st.Translations = news.WithConverted(st.Translations)
}

// blocks converts body blocks in place.
func (c *conversions) blocks(conv *hant.Converter, body []news.Block) {
	for i, b := range body {
		b.HTML = convertHTML(conv, b.HTML)
		b.Text = conv.Convert(b.Text)
		if b.Image != nil {
			im := *b.Image
			c.image(conv, &im)
			b.Image = &im
		}
		if b.Embed != nil {
			e := *b.Embed
			e.Title = conv.Convert(e.Title)
			b.Embed = &e
		}
		body[i] = b
	}
}

// segments converts marked text as one string, so phrases spanning a mark's
// edge convert as a whole, and cuts it where the marks were: the conversion
// keeps the number of characters.
func (c *conversions) segments(storyID int64, segs []news.Segment) {
	if c == nil || len(segs) == 0 {
		return
	}
	var b strings.Builder
	for _, sg := range segs {
		b.WriteString(sg.Text)
	}
	out := c.converter(storyID).Convert(b.String())
	for i := range segs {
		n := utf8.RuneCountInString(segs[i].Text)
		j := 0
		for k := 0; k < n && j < len(out); k++ {
			_, size := utf8.DecodeRuneInString(out[j:])
			j += size
		}
		segs[i].Text, out = out[:j], out[j:]
	}
}

// query turns a reader's query in the converted script into the written
// one the index holds; a query already in it is unchanged.
func (c *conversions) query(q search.Query) search.Query {
	if c == nil {
		return q
	}
	q.Text = c.back(q.Text)
	terms := make([]search.Term, len(q.Terms))
	for i, t := range q.Terms {
		parts := make([]string, len(t.Parts))
		for j, p := range t.Parts {
			parts[j] = c.back(p)
		}
		terms[i] = search.Term{Parts: parts, Phrase: t.Phrase}
	}
	q.Terms = terms
	return q
}

// convertHTML converts the text of sanitized inline markup: never a tag, its
// attributes (addresses), or what <code> holds.
func convertHTML(conv *hant.Converter, h string) string {
	if !strings.Contains(h, "<") {
		return conv.Convert(h)
	}
	var keep []hant.Span
	code := -1 // where an open <code> started
	for i := 0; i < len(h); {
		j := strings.IndexByte(h[i:], '<')
		if j < 0 {
			break
		}
		start := i + j
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			keep = append(keep, hant.Span{Start: start, End: len(h)})
			break
		}
		end += start + 1
		tag := strings.ToLower(h[start:end])
		switch {
		case strings.HasPrefix(tag, "<code"):
			if code < 0 {
				code = start
			}
		case strings.HasPrefix(tag, "</code"):
			if code >= 0 {
				keep = append(keep, hant.Span{Start: code, End: end})
				code = -1
			}
		}
		if code < 0 {
			keep = append(keep, hant.Span{Start: start, End: end})
		}
		i = end
	}
	if code >= 0 {
		keep = append(keep, hant.Span{Start: code, End: len(h)})
	}
	return conv.ConvertExcept(h, keep)
}

// list converts the cards a query returned, passing its error on.
func (c *conversions) list(cards []news.Card, err error) ([]news.Card, error) {
	return c.cards(cards), err
}

func (c *conversions) front(f news.Front) news.Front {
	if c == nil {
		return f
	}
	if f.Lead != nil {
		lead := *f.Lead
		c.card(&lead)
		f.Lead = &lead
	}
	c.cards(f.Latest)
	for i := range f.Sections {
		c.section(&f.Sections[i].Section)
		c.cards(f.Sections[i].Stories)
	}
	return f
}
