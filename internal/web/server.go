// Package web is Broadsheet's HTTP layer: routes, middleware, the reader's
// session, handlers that return errors, and the rendered-page cache.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"broadsheet/assets"
	"broadsheet/internal/account"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/internal/search"
)

// Store is what the web layer needs from the content database.
type Store interface {
	Front(ctx context.Context, lang news.Lang, latest, perSection int) (news.Front, error)
	Sections(ctx context.Context, lang news.Lang) ([]news.Section, error)
	Section(ctx context.Context, lang news.Lang, key string) (news.Section, error)
	SectionStories(ctx context.Context, lang news.Lang, sectionID int64, page news.Page) ([]news.Card, int, error)
	Story(ctx context.Context, lang news.Lang, slug string) (news.Story, error)
	FormerSlug(ctx context.Context, lang news.Lang, slug string) (string, error)
	Related(ctx context.Context, lang news.Lang, storyID, sectionID int64, limit int) ([]news.Card, error)
	Latest(ctx context.Context, lang news.Lang, limit, offset int) ([]news.Card, error)
	// PublicMedia is a picture or smaller copy by name, only if a published
	// story shows it; the newsroom reads every one (DeskStore.Media).
	PublicMedia(ctx context.Context, name string) (string, []byte, error)
	CountPublished(ctx context.Context, lang news.Lang) (int, error)
	StoryURLs(ctx context.Context, lang news.Lang, limit, offset int) ([]news.StoryURL, error)
	Search(ctx context.Context, lang news.Lang, q search.Query, page news.Page) ([]news.Hit, int, error)
	SearchCount(ctx context.Context, lang news.Lang, q search.Query) (int, error)
	CountSearch(ctx context.Context, lang news.Lang, term string, day int64) error
	Trends(ctx context.Context, lang news.Lang, since int64, minReaders, limit int) ([]news.Trend, error)
	BlockedTerms(ctx context.Context) ([]string, error)
	BlockTerm(ctx context.Context, term string, at int64) error
	UnblockTerm(ctx context.Context, term string) error
	PruneSearchCounts(ctx context.Context, before int64) error
	// ConvertText is text in a converted edition's script (with the site's
	// glossary); text in a written edition comes back as it is.
	ConvertText(lang news.Lang, text string) string
	Ping(ctx context.Context) error
}

// Config is what the server needs from the command line.
type Config struct {
	// BaseURL is the public origin, e.g. "https://news.example"; absolute
	// links (canonical, hreflang) are built from it, never from the Host header.
	BaseURL string
	// SecureCookies says the site is served over TLS: cookies are Secure and
	// named with the __Host- (reader) and __Secure- (newsroom) prefixes, and
	// responses carry HSTS.
	SecureCookies bool
	// PolicyVersion is the consent policy in force; raising it asks every reader again.
	PolicyVersion int
	// SessionKey signs the reader's session cookie (at least 32 bytes).
	SessionKey []byte
	// FrameOrigins are the third-party origins embeds may load from (CSP frame-src).
	FrameOrigins []string
	// PageTTL bounds how long a rendered page is reused (default one minute).
	PageTTL time.Duration
	// PageCacheBytes bounds the rendered pages kept in memory (default
	// 8 MiB: about 2 000 pages gzipped; more costs collector time under the
	// 48 MiB heap limit that keeps RSS within 80 MB — BENCHMARKS.md).
	PageCacheBytes int64
	// SharedMaxAge is how long shared caches (a CDN, a reverse proxy) may keep
	// a page served to a reader without a session; 0 keeps them out.
	SharedMaxAge time.Duration
	// TrendWindow is how far back Search Trends look (default 7 days).
	TrendWindow time.Duration
	// TrendMinReaders is how many distinct readers must search a term on one
	// day before it can show (default 3).
	TrendMinReaders int
	// TrustedProxies are the proxies whose Forwarded / X-Forwarded-For
	// headers name the client; empty (the default) means none are read.
	TrustedProxies []netip.Prefix
	// Now is the clock every decision about time reads (what fell due, what
	// is recent, when a session ends); nil means the wall clock. Tests set it.
	Now    func() time.Time
	Logger *slog.Logger
	// Metrics, when set, counts requests, the page cache and searches for
	// Prometheus (served by Metrics.Handler on a listener of its own); nil
	// means none are kept. One Metrics belongs to one Server.
	Metrics *Metrics
	// AccessLog, when set, gets one line per request (accesslog.go); nil
	// means no access log.
	AccessLog *slog.Logger
}

// Server serves the reader's site.
type Server struct {
	cfg      Config
	store    Store
	catalog  *i18n.Catalog
	sessions *sessionCodec
	pages    *pageCache
	trends   trends
	desk     DeskStore    // nil: no newsroom
	control  ControlStore // nil: no editorial control (front page picks, 410 for withdrawn stories)
	changed  atomic.Int64 // Unix time of the last Invalidate
	// Failed sign-ins by unknown clients are limited per account and, more
	// loosely, per address (an office may share one); a browser with a
	// device cookie for the account only by its own (device.go).
	acctThrottle, addrThrottle, devThrottle *account.Throttle
	devices                                 *account.DeviceSigner
	log                                     *slog.Logger
	handler                                 http.Handler
	csp                                     []string // the Content-Security-Policy value, built once
	// publicCaching is Cache-Control for pages any reader without a session gets.
	publicCaching []string
	// Story pages are spliced from stored parts (parts.go) when the store
	// keeps them; build names this renderer, storing lets one request at a
	// time write parts.
	parts    PartsStore
	build    string
	storing  sync.Mutex
	heads    memo[headKey, sectionHead]
	shells   memo[shellKey, *shell]
	sections memo[news.Lang, []news.Section]
	// settings are the site's own settings, when the store keeps them;
	// zone is the time zone readers see times in.
	settings SettingsStore
	zone     atomic.Pointer[time.Location]
	// site is what the site says about itself in each edition
	// (newsroom_settings.go); nil: the UI strings it ships with.
	site atomic.Pointer[siteWords]
}

// SettingsStore is what the site's settings need from the store.
type SettingsStore interface {
	TimeZone(ctx context.Context) (string, error)
	SiteTexts(ctx context.Context) (map[news.Lang]news.SiteText, error)
	// SetSettings sets the time zone and the site's text in one go.
	SetSettings(ctx context.Context, zone string, texts map[news.Lang]news.SiteText) error
	// ConvertBlocks is ConvertText for body blocks.
	ConvertBlocks(lang news.Lang, blocks []news.Block) []news.Block
}

// Page sizes and list lengths.
const (
	sectionPageSize = 12
	frontLatest     = 6
	frontPerSection = 3
	relatedCount    = 4
	maxBodyBytes    = 64 << 10
)

// New builds the server's handler tree.
func New(cfg Config, st Store, cat *i18n.Catalog) (*Server, error) {
	if len(cfg.SessionKey) < 32 {
		return nil, errors.New("web: session key must be at least 32 bytes")
	}
	if cfg.PolicyVersion < 1 {
		cfg.PolicyVersion = 1
	}
	if cfg.PageCacheBytes <= 0 {
		cfg.PageCacheBytes = 8 << 20
	}
	if cfg.PageTTL == 0 {
		cfg.PageTTL = time.Minute
	}
	// A rendered page is never reused for longer than shared caches may keep
	// it, so the promise of --cache-max-age holds end to end.
	if cfg.SharedMaxAge > 0 && cfg.SharedMaxAge < cfg.PageTTL {
		cfg.PageTTL = cfg.SharedMaxAge
	}
	if cfg.TrendWindow < 24*time.Hour {
		cfg.TrendWindow = defaultTrendWindow
	}
	if cfg.TrendMinReaders < 1 {
		cfg.TrendMinReaders = defaultTrendMinReaders
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &Server{
		cfg:      cfg,
		store:    st,
		catalog:  cat,
		sessions: newSessionCodec(cfg.SessionKey, cfg.SecureCookies),
		pages:    newPageCache(cfg.PageCacheBytes, cfg.PageTTL, cfg.Now),
		trends:   trends{kick: make(chan struct{}, 1)},
		log:      cfg.Logger,

		acctThrottle: account.NewThrottle(signInAccountMax, signInWindow),
		addrThrottle: account.NewThrottle(signInAddrMax, signInWindow),
		devThrottle:  account.NewThrottle(deviceMaxFailures, signInWindow),
		devices:      account.NewDeviceSigner(cfg.SessionKey),
	}
	s.acctThrottle.Now, s.addrThrottle.Now, s.devThrottle.Now = cfg.Now, cfg.Now, cfg.Now
	if cfg.Metrics != nil {
		if err := cfg.Metrics.bind(s.pages); err != nil {
			return nil, err
		}
		s.store = timedStore{Store: st, search: cfg.Metrics.search}
	}
	s.publicCaching = privateCaching
	if secs := int(cfg.SharedMaxAge / time.Second); secs > 0 {
		// s-maxage is for shared caches only: a reader's own browser asks again
		// every time (a cheap 304 when nothing changed), so an edit or a
		// story falling due shows to a reader who already had the page.
		s.publicCaching = []string{fmt.Sprintf("public, max-age=0, s-maxage=%d", secs)}
	}
	s.csp = []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
		"frame-src " + strings.Join(append([]string{"'self'"}, cfg.FrameOrigins...), " ") + "; " +
		"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"}

	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.handle(s.root))
	for _, e := range news.Editions {
		// Each edition gets literal routes, so the language never comes from a wildcard.
		lang, pre := e.Lang, "GET /"+e.Prefix
		mux.Handle(pre, s.handle(s.langRoot))
		mux.Handle(pre+"/{$}", s.handleLang(lang, s.front))
		mux.Handle(pre+"/section/{key}", s.handleLang(lang, s.section))
		mux.Handle(pre+"/story/{slug}", s.handleLang(lang, s.story))
		mux.Handle(pre+"/story/{slug}/bilingual", s.handleLang(lang, s.bilingual))
		mux.Handle(pre+"/privacy", s.handleLang(lang, s.privacy))
		mux.Handle(pre+"/cookies", s.handleLang(lang, s.cookies))
		mux.Handle(pre+"/search", s.handleLang(lang, s.search))
		mux.Handle(pre+"/feed.xml", s.handleLang(lang, s.feed(rssFormat, false)))
		mux.Handle(pre+"/atom.xml", s.handleLang(lang, s.feed(atomFormat, false)))
		mux.Handle(pre+"/section/{key}/feed.xml", s.handleLang(lang, s.feed(rssFormat, true)))
		mux.Handle(pre+"/section/{key}/atom.xml", s.handleLang(lang, s.feed(atomFormat, true)))
	}
	mux.Handle("POST /consent", s.handle(s.consent))
	mux.Handle("GET /lang/{lang}", s.handle(s.switchLang))
	mux.Handle("GET /media/{name}", s.handle(s.media))
	mux.Handle("GET /assets/{file}", s.handle(s.asset))
	mux.Handle("GET /robots.txt", s.handle(s.robots))
	mux.Handle("GET /sitemap.xml", s.handle(s.sitemapIndex))
	mux.Handle("GET /sitemaps/{file}", s.handle(s.sitemap))
	if ps, ok := st.(PartsStore); ok {
		s.parts, s.build = ps, partsBuild(cfg)
	}
	s.zone.Store(time.UTC)
	if ss, ok := st.(SettingsStore); ok {
		s.settings = ss
		if err := s.loadZone(context.Background()); err != nil {
			return nil, err
		}
		if err := s.loadSite(context.Background()); err != nil {
			return nil, err
		}
	}
	if ds, ok := st.(DeskStore); ok {
		s.desk = ds
		s.newsroomRoutes(mux)
	}
	if cs, ok := st.(ControlStore); ok {
		s.control = cs
		if s.desk != nil {
			s.controlRoutes(mux)
		}
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return news.ErrNotFound }))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errForbidden }))
	s.handler = s.recoverer(s.secure(s.cached(cop.Handler(mux))))
	if cfg.Metrics != nil || cfg.AccessLog != nil {
		s.handler = s.observe(s.handler)
	}
	return s, nil
}

// healthz tells a load balancer or monitor whether the site can serve: 200
// when the database answers within two seconds, 503 when it does not. It is
// never cached and says nothing more.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health check: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Invalidate forgets every rendered page, after content changes.
func (s *Server) Invalidate() {
	s.changed.Store(s.cfg.Now().Unix())
	s.pages.clear()
	s.heads.clear()
	s.sections.clear()
	s.shells.clear()
}

// lastModified is when a page's content last changed: its newest story's
// update, but never before the last change to the site (Invalidate), since
// taking a story down or one falling due changes a page while its newest
// remaining story is older. Zero stays zero: the page gives no date.
func (s *Server) lastModified(newest time.Time) time.Time {
	if newest.IsZero() {
		return newest
	}
	if c := s.changed.Load(); c > newest.Unix() {
		return time.Unix(c, 0).UTC()
	}
	return newest
}

// secure sets the security headers every response carries and bounds bodies.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// frame-ancestors in the CSP does what X-Frame-Options did; every
		// header here is paid for on every response.
		h := w.Header()
		h["Content-Security-Policy"] = s.csp
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrer
		if s.cfg.SecureCookies {
			h["Strict-Transport-Security"] = hsts
		}
		if len(s.cfg.TrustedProxies) > 0 {
			s.realClient(r)
		}
		if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead {
			limit := int64(maxBodyBytes)
			switch {
			case takesPhotos(r.URL.Path):
				// Only the photo may be large: parseForm caps the text.
				limit = newsroomMaxBody
			case takesLongText(r.URL.Path):
				// readForm caps each field and the whole text.
				limit = maxFormTextBytes
			}
			r.Body = http.MaxBytesReader(unobserved(w), r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// takesLongText reports whether a POST to path may carry more text than a
// reader's form: the settings (two privacy texts of news.MaxSitePrivacy
// characters, up to 9 bytes each as a form sends them) and the sign-in,
// which carries an editor's form after the session ended.
func takesLongText(path string) bool {
	return path == newsroomPath+"/settings" || path == newsroomPath+"/login"
}

// takesPhotos reports whether a POST to path may carry a photo: the editor
// and the photo library.
func takesPhotos(path string) bool {
	return strings.HasPrefix(path, newsroomPath+"/stories/") || path == newsroomPath+"/photos"
}

// Header values shared by every response, allocated once.
var (
	nosniff  = []string{"nosniff"}
	referrer = []string{"strict-origin-when-cross-origin"}
	hsts     = []string{"max-age=31536000"}
)

// recoverer turns a panic into the localized 500 page instead of a dropped connection.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				s.renderError(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Asset URLs used by every page.
var (
	stylesheetURL = assets.URL("site.css")
	keepPlaceURL  = assets.URL("keep-place.js")
	iconURL       = assets.URL("favicon.svg")
)

func (s *Server) asset(w http.ResponseWriter, r *http.Request) error {
	f, ok := assets.Lookup(r.URL.Path)
	if !ok {
		return news.ErrNotFound
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := f.Data
	switch ae := r.Header.Get("Accept-Encoding"); {
	case f.Brotli != nil && accepts(ae, "br"):
		h.Set("Content-Encoding", "br")
		body = f.Brotli
	case f.Gzip != nil && accepts(ae, "gzip"):
		h.Set("Content-Encoding", "gzip")
		body = f.Gzip
	}
	_, err := w.Write(body)
	return err
}

func (s *Server) media(w http.ResponseWriter, r *http.Request) error {
	ct, data, err := s.store.PublicMedia(r.Context(), r.PathValue("name"))
	if err != nil {
		return err
	}
	// Names carry a content hash, so the bytes behind a name never change.
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return writePicture(w, ct, data)
}

// writePicture sends a stored picture; an SVG is sandboxed, so that opened
// on its own it runs nothing.
func writePicture(w http.ResponseWriter, contentType string, data []byte) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	if contentType == "image/svg+xml" {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	_, err := w.Write(data)
	return err
}
