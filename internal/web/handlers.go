package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/internal/search"
	"broadsheet/views"
)

// pathLang reads the {lang} path segment; an unknown one is a 404.
func pathLang(r *http.Request) (news.Lang, error) {
	l, ok := news.LangFromPrefix(r.PathValue("lang"))
	if !ok {
		return "", news.ErrNotFound
	}
	return l, nil
}

// readerLang is the language to answer in when the URL does not say: the
// saved choice, else the best Accept-Language match, else English.
func (s *Server) readerLang(r *http.Request) news.Lang {
	if seg, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); seg != "" {
		if l, ok := news.LangFromPrefix(seg); ok {
			return l
		}
	}
	if rd := s.reader(r); rd.Lang != "" {
		return rd.Lang
	}
	return news.Lang(i18n.Match(r.Header.Get("Accept-Language")))
}

func (s *Server) localize(ctx context.Context, lang news.Lang) context.Context {
	return i18n.WithTranslator(ctx, s.translator(lang))
}

// basePage fills what every page shares; handlers add the rest.
func (s *Server) basePage(r *http.Request, lang news.Lang, rd reader) views.Page {
	secs, err := s.sections.get(lang, s.cfg.Now(), s.cfg.PageTTL, func() ([]news.Section, error) {
		return s.store.Sections(r.Context(), lang)
	})
	if err != nil {
		s.log.Error("sections", "err", err)
	}
	state := rd.consentState(s.cfg.PolicyVersion)
	path := r.URL.Path
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery // handlers have normalized the query by now
	}
	return views.Page{
		Lang:       lang,
		Path:       path,
		Feeds:      feedLinks(lang, s.translator(lang), nil),
		Sections:   secs,
		Consent:    views.Consent{Banner: state == "", Agreed: state == consentAccepted},
		Stylesheet: stylesheetURL,
		Icon:       iconURL,
		Menu:       menu(news.EditionPaths("/")),
		Location:   s.zone.Load(),
	}
}

// menu is the language menu for a page that is at paths in each edition;
// an edition missing from paths is offered its front page.
func menu(paths map[news.Lang]string) []views.MenuItem {
	items := make([]views.MenuItem, len(news.Editions))
	for i, e := range news.Editions {
		next, ok := paths[e.Lang]
		if !ok {
			next = views.HomeHref(e.Lang)
		}
		items[i] = views.MenuItem{Lang: e.Lang, Href: toggleHref(e.Lang, next)}
	}
	return items
}

// toggleHref leads through /lang/, which saves the choice, to next.
func toggleHref(to news.Lang, next string) string {
	return "/lang/" + to.Prefix() + "?next=" + url.QueryEscape(next)
}

// pageBuilder builds a page's component for one consent variant; it fills in
// p and may set lastMod to when the content last changed.
type pageBuilder func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error)

// page serves an HTML page from the rendered-page cache, building it on a miss.
// The cache key is the URL plus the consent variant, the only reader state a
// page shows.
func (s *Server) page(w http.ResponseWriter, r *http.Request, lang news.Lang, build pageBuilder) error {
	rd := s.reader(r)
	state := rd.consentState(s.cfg.PolicyVersion)
	key := pageKey{r.URL.Path, r.URL.RawQuery, state}
	if p := s.pages.get(key); p != nil {
		p.write(w, r, rd, s.publicCaching)
		return nil
	}
	p := s.basePage(r, lang, rd)
	ctx := s.localize(r.Context(), lang)
	var lastMod time.Time
	c, status, err := build(ctx, &p, &lastMod)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		return err
	}
	rp := newRenderedPage(status, buf.Bytes(), s.lastModified(lastMod), s.cfg.PageTTL, s.cfg.Now())
	s.pages.put(key, rp)
	rp.write(w, r, rd, s.publicCaching)
	return nil
}

// alternates lists hreflang links for every edition the page is in, plus
// x-default (English when it exists).
func (s *Server) alternates(paths map[news.Lang]string) []views.Alternate {
	var out []views.Alternate
	for _, e := range news.Editions {
		if p, ok := paths[e.Lang]; ok {
			out = append(out, views.Alternate{Hreflang: string(e.Lang), Href: s.cfg.BaseURL + p})
		}
	}
	for _, e := range news.Editions {
		if p, ok := paths[e.Lang]; ok {
			out = append(out, views.Alternate{Hreflang: "x-default", Href: s.cfg.BaseURL + p})
			break
		}
	}
	return out
}

// root sends a reader to their edition: the saved choice, else Accept-Language, else English.
func (s *Server) root(w http.ResponseWriter, r *http.Request) error {
	lang := s.readerLang(r)
	h := w.Header()
	h.Set("Vary", "Cookie, Accept-Language")
	h.Set("Cache-Control", "private, no-cache")
	http.Redirect(w, r, "/"+lang.Prefix()+"/", http.StatusFound)
	return nil
}

func (s *Server) langRoot(w http.ResponseWriter, r *http.Request) error {
	lang, _ := news.LangFromPrefix(strings.Trim(r.URL.Path, "/"))
	http.Redirect(w, r, "/"+lang.Prefix()+"/", http.StatusMovedPermanently)
	return nil
}

func (s *Server) front(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	if r.URL.RawQuery != "" {
		r.URL.RawQuery = "" // one cache entry per edition, whatever tracking junk is appended
	}
	return s.page(w, r, lang, func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error) {
		f, err := s.store.Front(ctx, lang, frontLatest, frontPerSection)
		if err != nil {
			return nil, 0, err
		}
		paths := news.EditionPaths("/")
		p.Canonical = s.cfg.BaseURL + paths[lang]
		p.Alternates = s.alternates(paths)
		p.Description = i18n.T(ctx, "SiteTagline")
		p.Current = "home"
		name := i18n.T(ctx, "SiteName")
		p.Social = s.social(lang, name, paths)
		p.Social.JSONLD = s.websiteLD(lang, name)
		all := f.Latest
		if f.Lead != nil {
			all = append(all, *f.Lead)
		}
		for _, b := range f.Sections {
			all = append(all, b.Stories...)
		}
		*lastMod = newest(all)
		return views.FrontPage(*p, f), http.StatusOK, nil
	})
}

func (s *Server) section(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return news.ErrNotFound // no such page, like one past the last
		}
	}
	r.URL.RawQuery = ""
	if n > 1 {
		r.URL.RawQuery = "page=" + strconv.Itoa(n)
	}
	key := r.PathValue("key")
	return s.page(w, r, lang, func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error) {
		sec, err := s.store.Section(ctx, lang, key)
		if err != nil {
			return nil, 0, err
		}
		pg := news.Page{Number: n, Size: sectionPageSize}
		cards, total, err := s.store.SectionStories(ctx, lang, sec.ID, pg)
		if err != nil {
			return nil, 0, err
		}
		pg.Total = total
		if n > pg.Pages() {
			return nil, 0, news.ErrNotFound
		}
		paths := news.EditionPaths("/section/" + sec.Key)
		pageSuffix := ""
		if n > 1 {
			pageSuffix = "?page=" + strconv.Itoa(n)
		}
		p.Title = sec.Name
		if n > 1 {
			p.Title = i18n.TD(ctx, "SectionPageTitle", map[string]any{"Section": sec.Name, "Page": n})
		}
		p.Canonical = s.cfg.BaseURL + paths[lang] + pageSuffix
		// Each page of a list is its own canonical page, so it names the same
		// page number in the other edition when that edition has one.
		pagePaths := map[news.Lang]string{lang: paths[lang] + pageSuffix}
		if n == 1 {
			pagePaths = paths
		} else {
			for _, e := range news.Editions {
				if e.Lang == lang {
					continue
				}
				if _, total, err := s.store.SectionStories(ctx, e.Lang, sec.ID, news.Page{Number: 1, Size: 1}); err == nil &&
					n <= (news.Page{Size: sectionPageSize, Total: total}).Pages() {
					pagePaths[e.Lang] = paths[e.Lang] + pageSuffix
				}
			}
		}
		p.Alternates = s.alternates(pagePaths)
		p.Menu = menu(paths)
		p.Current = sec.Key
		p.Feeds = append(p.Feeds, feedLinks(lang, s.translator(lang), &sec)...)
		p.Social = s.social(lang, sec.Name, pagePaths)
		*lastMod = newest(cards)
		return views.SectionPage(*p, sec, cards, views.Pager{Page: pg, BaseHref: views.SectionHref(lang, sec.Key)}), http.StatusOK, nil
	})
}

func (s *Server) story(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	slug := r.PathValue("slug")
	if !news.ValidSlug(slug) {
		return news.ErrNotFound
	}
	r.URL.RawQuery = ""
	if s.parts != nil {
		err := s.storyFromParts(w, r, lang, slug)
		if !errors.Is(err, news.ErrNotFound) && !errors.Is(err, errWholePage) {
			return err
		}
	}
	// Not published at slug (a former address, the other edition's), a
	// reader who agreed to a story's embeds, or a store that keeps no
	// parts: the page is rendered whole.
	var redirect string
	err := s.page(w, r, lang, func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error) {
		st, err := s.store.Story(ctx, lang, slug)
		if errors.Is(err, news.ErrNotFound) {
			// An address the story had before its slug changed.
			if cur, err := s.store.FormerSlug(ctx, lang, slug); err == nil {
				redirect = views.StoryHref(lang, cur)
				return nil, 0, errRedirect
			} else if !errors.Is(err, news.ErrNotFound) {
				return nil, 0, err
			}
			c, status, err := s.otherEdition(ctx, *p, lang, slug, &redirect)
			if errors.Is(err, news.ErrNotFound) {
				err = s.goneOrNotFound(ctx, lang, slug)
			}
			return c, status, err
		}
		if err != nil {
			return nil, 0, err
		}
		related, err := s.store.Related(ctx, lang, st.StoryID, st.Section.ID, relatedCount)
		if err != nil {
			return nil, 0, err
		}
		s.storyHead(ctx, p, st)
		// The page also lists related stories; it changed when any of them did.
		*lastMod = newest(append(related, st.Card))
		return views.ArticlePage(*p, views.StoryArticle(*p, st), views.Related(lang, related), s.trends.get(lang)), http.StatusOK, nil
	})
	if errors.Is(err, errRedirect) {
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return nil
	}
	return err
}

var errRedirect = errors.New("redirect")

// storyPaths maps every edition a story is published in to its page there.
func storyPaths(st news.Story) map[news.Lang]string {
	paths := map[news.Lang]string{}
	for l, slug := range news.WithConverted(st.Translations) {
		paths[l] = views.StoryHref(l, slug)
	}
	return paths
}

// otherEdition handles a story URL whose slug belongs to the other language:
// a story with a version in lang redirects there; one without gets the honest
// "not translated" page with the original and related stories.
func (s *Server) otherEdition(ctx context.Context, p views.Page, lang news.Lang, slug string, redirect *string) (templ.Component, int, error) {
	orig, err := s.store.Story(ctx, lang.Counterpart(), slug)
	if err != nil {
		return nil, 0, err
	}
	if sl, ok := orig.Translations[lang]; ok {
		*redirect = views.StoryHref(lang, sl)
		return nil, 0, errRedirect
	}
	related, err := s.store.Related(ctx, lang, orig.StoryID, orig.Section.ID, relatedCount)
	if err != nil {
		return nil, 0, err
	}
	if len(related) == 0 {
		if related, err = s.store.Latest(ctx, lang, relatedCount, 0); err != nil {
			return nil, 0, err
		}
	}
	p.Title = i18n.T(ctx, "UntranslatedTitle")
	p.NoIndex = true
	p.Menu = menu(storyPaths(orig))
	return views.UntranslatedPage(p, orig, related), http.StatusNotFound, nil
}

func (s *Server) privacy(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	r.URL.RawQuery = ""
	return s.page(w, r, lang, func(ctx context.Context, p *views.Page, lastMod *time.Time) (templ.Component, int, error) {
		paths := news.EditionPaths("/privacy")
		p.Title = i18n.T(ctx, "PolicyTitle")
		p.Canonical = s.cfg.BaseURL + paths[lang]
		p.Alternates = s.alternates(paths)
		p.Menu = menu(paths)
		p.Social = s.social(lang, p.Title, paths)
		return views.PolicyPage(*p, s.cfg.PolicyVersion, s.privacyText(lang)), http.StatusOK, nil
	})
}

// cookies shows the reader's decision; it depends on the session, so it is never cached.
func (s *Server) cookies(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	ret := safeLocalPath(r.URL.Query().Get("return"), "/"+lang.Prefix()+"/")
	rd := s.reader(r)
	p := s.basePage(r, lang, rd)
	p.Path = ret
	p.Consent.Banner = false // this page is the choice itself
	p.NoIndex = true
	ctx := s.localize(r.Context(), lang)
	p.Title = i18n.T(ctx, "CookiesTitle")
	p.Menu = menu(news.EditionPaths("/cookies?return=" + url.QueryEscape(ret)))
	d := views.Decision{State: rd.consentState(s.cfg.PolicyVersion), Version: rd.ConsentVersion, At: rd.ConsentAt}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	return views.CookiesPage(p, d, ret).Render(ctx, w)
}

// consent records the reader's decision and returns them to the page they were on.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	rd := s.reader(r)
	switch r.PostForm.Get("decision") {
	case "accept":
		rd.Consent = consentAccepted
	case "reject":
		rd.Consent = consentRejected
	default:
		return errBadRequest
	}
	rd.ConsentVersion = s.cfg.PolicyVersion
	rd.ConsentAt = s.cfg.Now().UTC()
	lang := s.readerLang(r)
	if err := s.sessions.write(w, r, rd); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, safeLocalPath(r.PostForm.Get("return"), "/"+lang.Prefix()+"/"), http.StatusSeeOther)
	return nil
}

// switchLang saves the reader's language choice and continues to the same
// page in that language.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) error {
	lang, err := pathLang(r)
	if err != nil {
		return err
	}
	rd := s.reader(r)
	rd.Lang = lang
	if err := s.sessions.write(w, r, rd); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, safeLocalPath(r.URL.Query().Get("next"), "/"+lang.Prefix()+"/"), http.StatusSeeOther)
	return nil
}

// searchPageSize is how many results a search page lists.
const searchPageSize = 10

// search answers /{lang}/search?q=…: results in the reader's language with
// matches marked, or a clear message; never an FTS error.
func (s *Server) search(w http.ResponseWriter, r *http.Request, lang news.Lang) error {
	ctx := s.localize(r.Context(), lang)
	raw := r.URL.Query().Get("q")
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1000 {
			return news.ErrNotFound // no such page of results, like one past the last
		}
	}
	rd := s.reader(r)
	p := s.basePage(r, lang, rd)
	p.NoIndex = true
	p.OwnSearch = true
	p.Title = i18n.T(ctx, "SearchTitle")
	sv := views.SearchView{Trends: s.trends.get(lang), State: "results"}
	status := http.StatusOK
	q, err := search.Parse(raw)
	switch {
	case errors.Is(err, search.ErrTooLong):
		sv.State, status = "toolong", http.StatusBadRequest
		p.Query = ""
	case errors.Is(err, search.ErrEmpty):
		sv.State = "empty"
	case err != nil:
		return err
	default:
		// The page repeats the query as typed ("AI芯片", not "ai芯片").
		sv.Query, p.Query = q.Shown, q.Shown
		page := news.Page{Number: n, Size: searchPageSize}
		hits, total, err := s.store.Search(ctx, lang, q, page)
		if err != nil {
			return err
		}
		page.Total = total
		if total == 0 {
			sv.State = "none"
		} else if n > page.Pages() {
			return news.ErrNotFound
		}
		sv.Hits = hits
		sv.Pager = views.Pager{Page: page, BaseHref: views.SearchHref(lang, q.Shown)}
		// The same search in the other written language, for a reader who reads both.
		other := lang.Counterpart()
		count, err := s.store.SearchCount(ctx, other, q)
		if err != nil {
			return err
		}
		sv.Other = views.OtherEdition{Lang: other, Count: count, Href: views.SearchHref(other, q.Shown)}
		// Only searches that found something count towards Search Trends.
		if term, ok := search.TrendTerm(q); ok && total > 0 && n == 1 {
			today := dayOf(s.cfg.Now())
			if s.trends.firstToday(today, lang, term, readerKey(r)) {
				if err := s.store.CountSearch(ctx, lang, term, today); err != nil {
					s.log.Error("count search", "err", err)
				}
				s.kickTrends()
			}
		}
	}
	// The toggle keeps the query; consent forms return to this search.
	p.Path = views.SearchHref(lang, sv.Query)
	paths := map[news.Lang]string{}
	for _, e := range news.Editions {
		paths[e.Lang] = views.SearchHref(e.Lang, sv.Query)
	}
	p.Menu = menu(paths)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	w.WriteHeader(status)
	return views.SearchPage(p, sv).Render(ctx, w)
}

// newest is the latest change among cards, for Last-Modified.
func newest(cards []news.Card) time.Time {
	var t time.Time
	for _, c := range cards {
		if c.UpdatedAt.After(t) {
			t = c.UpdatedAt
		}
	}
	return t
}
