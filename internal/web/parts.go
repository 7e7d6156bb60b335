package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/klauspost/compress/flate"

	"broadsheet/internal/gzsplice"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
	"broadsheet/views"
)

// A story page is spliced together from parts: its <head> and <article>,
// rendered and compressed once per change and kept beside the story
// (store.Parts), the frame around them kept compressed in pieces (shell.go),
// and the related list kept compressed per section. A request for a story no
// cache holds costs one query and no compression (BENCHMARKS.md, "Archive
// scale").

// Compression levels, chosen by measurement (BENCHMARKS.md, "Compression"):
// parts are compressed once per change at 6 (level 9 saves 1.5% at twice the
// time, and a crawl's first pass waits for it); what is compressed while a
// reader waits (a newest story's related list) at the fastest.
const (
	partsLevel   = 6
	shellLevel   = flate.BestSpeed
	partsPruning = 500 // rows per delete when forgetting other builds' parts
)

// PartsStore is what stored parts need from the store.
type PartsStore interface {
	StoryParts(ctx context.Context, lang news.Lang, slug, build string) (store.StoryParts, error)
	PutStoryParts(ctx context.Context, lang news.Lang, translationID, epoch int64, build string, p store.Parts) (bool, error)
	NextDue(ctx context.Context, storyID int64) (time.Time, error)
	ForgetOtherBuilds(ctx context.Context, build string, batch int) (int64, error)
}

// partsBuild names the renderer that makes parts: this executable (its size
// and modification time change with every build, so new templates or
// strings never show old parts) and the settings that parts embed.
func partsBuild(cfg Config) string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			binary.Write(h, binary.LittleEndian, [2]int64{fi.Size(), fi.ModTime().UnixNano()})
		}
	}
	for _, s := range []string{cfg.BaseURL, stylesheetURL, iconURL} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return fingerprint(h.Sum(nil))
}

// PruneParts deletes the parts earlier builds stored, in small batches.
func (s *Server) PruneParts(ctx context.Context) {
	n, err := s.parts.ForgetOtherBuilds(ctx, s.build, partsPruning)
	if err != nil && ctx.Err() == nil {
		s.log.Error("forget stored story parts of earlier builds", "err", err)
	} else if n > 0 {
		s.log.Info("forgot stored story parts of earlier builds", "rows", n)
	}
}

// storyFromParts serves a story page, from the page cache or spliced from
// its parts (rendering and storing them first when none are current). It
// reports news.ErrNotFound when lang has no published story at slug.
func (s *Server) storyFromParts(w http.ResponseWriter, r *http.Request, lang news.Lang, slug string) error {
	rd := s.reader(r)
	key := pageKey{r.URL.Path, r.URL.RawQuery, rd.consentState(s.cfg.PolicyVersion)}
	if p := s.pages.get(key); p != nil {
		p.write(w, r, rd, s.publicCaching)
		return nil
	}
	ctx := s.localize(r.Context(), lang)
	sp, err := s.parts.StoryParts(ctx, lang, slug, s.build)
	if err != nil {
		return err
	}
	p := s.basePage(r, lang, rd)
	p.Consent.Agreed = false // parts show embeds as placeholders
	if sp.Parts == nil {
		if sp.Parts, err = s.makeParts(ctx, p, lang, slug, sp); err != nil {
			return err
		}
	}
	parts := sp.Parts
	if parts.Embeds && rd.consentState(s.cfg.PolicyVersion) == consentAccepted {
		return errWholePage // the embeds themselves, for a reader who agreed to them
	}
	for _, sec := range p.Sections {
		if sec.ID == sp.SectionID {
			p.Current = sec.Key
		}
	}
	related, relatedMod, err := s.related(ctx, lang, sp.SectionID, sp.StoryID)
	if err != nil {
		return err
	}
	head, article := part{parts.Head, parts.Sum, 'h'}, part{parts.Article, parts.Sum, 'a'}
	var buf bytes.Buffer
	k := shellKey{lang, rd.consentState(s.cfg.PolicyVersion), p.Current}
	sh, err := s.shells.get(k, s.cfg.Now(), s.cfg.PageTTL, func() (*shell, error) { return s.storyShell(ctx, p, k) })
	if err == nil {
		// Room for the page as it will be, so the page cache keeps no spare.
		buf.Grow(sh.size + len(parts.Head.Deflate) + len(parts.Article.Deflate) + len(related.f.Deflate) +
			3*(len(p.Path)+16) + len(parts.Menu) + 64)
	}
	a := newAssembler(&buf)
	if err == nil {
		err = a.spliceStory(sh, head, article, related, p.Path, strings.Split(parts.Menu, "\n"))
	} else {
		// A frame that cannot be kept in pieces: rendered around the parts.
		s.log.Error("story frame", "err", err)
		p.Menu, p.StoredHead = storedMenu(parts.Menu), head
		err = views.ArticlePage(p, article, related, s.trends.get(lang)).Render(ctx, a)
	}
	if err != nil {
		return err
	}
	if err := a.gz.Close(); err != nil {
		return err
	}
	// The page also lists related stories; it changed when any of them did.
	lastMod := sp.UpdatedAt
	if relatedMod.After(lastMod) {
		lastMod = relatedMod
	}
	rp := newGzippedPage(http.StatusOK, buf.Bytes(), a.tag(), s.lastModified(lastMod), s.cfg.PageTTL, s.cfg.Now())
	s.pages.put(key, rp)
	rp.write(w, r, rd, s.publicCaching)
	return nil
}

// errWholePage sends a story request to the page rendered whole.
var errWholePage = errors.New("web: story page rendered whole")

// makeParts renders and compresses a story's head and article, and stores
// them. A store that fails is logged, not the reader's problem: parts are a
// cache, and the next request renders them again.
func (s *Server) makeParts(ctx context.Context, p views.Page, lang news.Lang, slug string, sp store.StoryParts) (*store.Parts, error) {
	st, err := s.store.Story(ctx, lang, slug)
	if err != nil {
		return nil, err
	}
	s.storyHead(ctx, &p, st)
	var buf bytes.Buffer
	var parts store.Parts
	sum := sha256.New()
	for _, part := range []struct {
		c    templ.Component
		frag *gzsplice.Fragment
	}{{views.Head(p), &parts.Head}, {views.StoryArticle(p, st), &parts.Article}} {
		buf.Reset()
		if err := part.c.Render(ctx, &buf); err != nil {
			return nil, err
		}
		sum.Write(buf.Bytes())
		if *part.frag, err = gzsplice.Compress(buf.Bytes(), partsLevel); err != nil {
			return nil, err
		}
	}
	parts.Sum = sum.Sum(nil)
	parts.Menu = menuHrefs(p.Menu)
	for _, b := range st.Body {
		parts.Embeds = parts.Embeds || b.Kind == news.BlockEmbed
	}
	if parts.ValidUntil, err = s.parts.NextDue(ctx, st.StoryID); err != nil {
		return nil, err
	}
	// One writer at a time: requests wait their turn here rather than in
	// SQLite's busy handler, which sleeps. A reader who leaves does not
	// cancel the write.
	s.storing.Lock()
	defer s.storing.Unlock()
	if _, err := s.parts.PutStoryParts(context.WithoutCancel(ctx), lang, sp.TranslationID, sp.Epoch, s.build, parts); err != nil {
		s.log.Error("store story parts", "err", err)
	}
	return &parts, nil
}

// storyHead fills what a story's <head> and language menu show.
func (s *Server) storyHead(ctx context.Context, p *views.Page, st news.Story) {
	paths := storyPaths(st)
	lang := st.Lang
	p.Title = st.Headline
	p.Description = st.Summary
	p.Canonical = s.cfg.BaseURL + paths[lang]
	p.Alternates = s.alternates(paths)
	p.Current = st.Section.Key
	// An edition without a translation is offered the honest "not
	// translated" page at this slug.
	menuPaths := map[news.Lang]string{}
	for _, e := range news.Editions {
		menuPaths[e.Lang] = views.StoryHref(e.Lang, st.Slug)
		if p, ok := paths[e.Lang]; ok {
			menuPaths[e.Lang] = p
		}
	}
	p.Menu = menu(menuPaths)
	p.Script = keepPlaceURL // the menu keeps the reader's place in the story
	p.Social = s.social(lang, st.Headline, paths)
	p.Social.Type, p.Social.Section = "article", st.Section.Name
	p.Social.Published, p.Social.Modified = st.PublishedAt, st.UpdatedAt
	if st.Image != nil {
		p.Social.Image = &views.SocialImage{URL: s.cfg.BaseURL + st.Image.URL(), Alt: st.Image.Alt, Width: st.Image.Width, Height: st.Image.Height}
	}
	p.Social.JSONLD = s.articleLD(st, paths, i18n.T(ctx, "SiteName"))
}

// menuHrefs keeps a language menu's links as stored parts hold them: one
// line per edition, in news.Editions order.
func menuHrefs(items []views.MenuItem) string {
	hrefs := make([]string, len(items))
	for i, m := range items {
		hrefs[i] = m.Href
	}
	return strings.Join(hrefs, "\n")
}

// storedMenu is the language menu menuHrefs kept.
func storedMenu(stored string) []views.MenuItem {
	hrefs := strings.Split(stored, "\n")
	items := make([]views.MenuItem, len(news.Editions))
	for i, e := range news.Editions {
		items[i].Lang = e.Lang
		if i < len(hrefs) {
			items[i].Href = hrefs[i]
		}
	}
	return items
}

// part is a stored fragment as a component: inside a page being assembled
// it is spliced in compressed; anywhere else it writes its bytes.
type part struct {
	f    gzsplice.Fragment
	sum  []byte
	kind byte // which part of the story: its fingerprint differs from the other's
}

func (c part) Render(ctx context.Context, w io.Writer) error {
	if a, ok := underlying(w).(*assembler); ok {
		return a.splice(c)
	}
	body, err := c.f.Inflate(nil)
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// assembler is a gzip page being spliced together, with the fingerprint of
// its content: the rendered bytes and the parts' fingerprints.
type assembler struct {
	gz  *gzsplice.Writer
	sum hash.Hash
}

func newAssembler(buf *bytes.Buffer) *assembler {
	return &assembler{gz: gzsplice.NewWriter(buf, shellLevel), sum: sha256.New()}
}

func (a *assembler) Write(p []byte) (int, error) {
	a.sum.Write(p)
	return a.gz.Write(p)
}

func (a *assembler) splice(c part) error {
	a.sum.Write(c.sum)
	a.sum.Write([]byte{c.kind})
	return a.gz.Splice(c.f)
}

func (a *assembler) tag() string { return fingerprint(a.sum.Sum(nil)) }

// sectionHead is a section's newest stories, kept like a page (until the
// page TTL or the next change), with the related list most of its stories
// show — the newest relatedCount — rendered and compressed once.
type sectionHead struct {
	cards []news.Card
	list  part
}

// related is the related list for a story — up to relatedCount other
// stories of its section, newest first — compressed, and when the newest of
// them changed.
func (s *Server) related(ctx context.Context, lang news.Lang, sectionID, storyID int64) (part, time.Time, error) {
	head, err := s.heads.get(headKey{lang, sectionID}, s.cfg.Now(), s.cfg.PageTTL, func() (sectionHead, error) {
		cards, err := s.store.Related(ctx, lang, 0, sectionID, relatedCount+1)
		if err != nil {
			return sectionHead{}, err
		}
		list, err := renderPart(ctx, views.Related(lang, cards[:min(len(cards), relatedCount)]), partsLevel, 'r')
		return sectionHead{cards, list}, err
	})
	if err != nil {
		return part{}, time.Time{}, err
	}
	out := make([]news.Card, 0, relatedCount)
	for _, c := range head.cards {
		if c.StoryID != storyID && len(out) < relatedCount {
			out = append(out, c)
		}
	}
	lastMod := newest(out)
	for _, c := range head.cards[:min(len(head.cards), relatedCount)] {
		if c.StoryID == storyID { // in the kept list: its own list, made now
			list, err := renderPart(ctx, views.Related(lang, out), shellLevel, 'r')
			return list, lastMod, err
		}
	}
	return head.list, lastMod, nil
}

// renderPart renders a component and compresses it as a part.
func renderPart(ctx context.Context, c templ.Component, level int, kind byte) (part, error) {
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return part{}, err
	}
	f, err := gzsplice.Compress(buf.Bytes(), level)
	sum := sha256.Sum256(buf.Bytes())
	return part{f, sum[:], kind}, err
}

type headKey struct {
	lang    news.Lang
	section int64
}

// memo keeps what pages are built from (a section's newest stories, the
// section list) for as long as a page is kept; Invalidate empties it with
// the pages.
type memo[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]memoEntry[V]
}

type memoEntry[V any] struct {
	v       V
	expires time.Time
}

func (m *memo[K, V]) get(k K, now time.Time, ttl time.Duration, load func() (V, error)) (V, error) {
	m.mu.Lock()
	e, ok := m.m[k]
	m.mu.Unlock()
	if ok && !now.After(e.expires) {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]memoEntry[V]{}
	}
	m.m[k] = memoEntry[V]{v, now.Add(ttl)}
	m.mu.Unlock()
	return v, nil
}

func (m *memo[K, V]) clear() {
	m.mu.Lock()
	m.m = nil
	m.mu.Unlock()
}
