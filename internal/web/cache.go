package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// renderedPage is a page rendered once, kept with its gzip and ETag so a warm
// request only writes bytes.
type renderedPage struct {
	status  int
	body    []byte
	gzipped []byte
	brotli  []byte
	// Each coding is its own representation with its own strong ETag
	// (RFC 9110 §8.8.3): identity "X", gzip "X-gz", Brotli "X-br".
	etag, etagGzip, etagBr string
	// Header values kept ready so a hit allocates nothing for them.
	etagHeader, etagGzipHeader, etagBrHeader, bodyLen, gzipLen, brLen []string
	lastModified                                                      time.Time // zero: not known
	contentType, vary                                                 []string  // HTML unless set
	lastModHeader                                                     []string
	expires                                                           time.Time
	// route is the route pattern that rendered the page, so a request the
	// cache answers before routing is counted under it (metrics, access log).
	route atomic.Pointer[string]
}

// size is what the page holds in memory: its body in each coding.
func (p *renderedPage) size() int64 {
	return int64(len(p.body) + len(p.gzipped) + len(p.brotli))
}

// routeName is the page's route pattern, or routeCache until it is known.
func (p *renderedPage) routeName() string {
	if r := p.route.Load(); r != nil {
		return *r
	}
	return routeCache
}

// pageKey names one cached page: its normalized URL and the consent variant,
// the only reader state a page shows.
type pageKey struct {
	path, query, consent string
}

// pageCache holds rendered pages by URL and consent variant. Entries expire
// after ttl so scheduled stories appear on time; clear drops them all.
type pageCache struct {
	mu      sync.RWMutex
	entries map[pageKey]*renderedPage
	bytes   int64 // held by entries (renderedPage.size), under mu
	max     int
	ttl     time.Duration
	now     func() time.Time
	// For the metrics: requests answered from the cache, requests for a
	// cacheable page or document that found no fresh copy, copies rendered.
	hits, misses, renders atomic.Uint64
	// countHits is set when metrics are on: an atomic add costs a warm
	// request about 25 ns here (6% in BenchmarkArticlePageWarm).
	countHits bool
}

func newPageCache(max int, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{entries: map[pageKey]*renderedPage{}, max: max, ttl: ttl, now: now}
}

// get is the fresh page for key, or nil; it counts a hit or a miss.
func (c *pageCache) get(key pageKey) *renderedPage {
	p := c.lookup(key)
	if p == nil {
		c.misses.Add(1)
	} else if c.countHits {
		c.hits.Add(1)
	}
	return p
}

// early is get before routing. It counts only hits: a miss goes on to the
// handler, which counts it when it serves a cacheable page.
func (c *pageCache) early(key pageKey) *renderedPage {
	p := c.lookup(key)
	if p != nil && c.countHits {
		c.hits.Add(1)
	}
	return p
}

func (c *pageCache) lookup(key pageKey) *renderedPage {
	c.mu.RLock()
	p := c.entries[key]
	c.mu.RUnlock()
	if p == nil || c.now().After(p.expires) {
		return nil
	}
	return p
}

func (c *pageCache) put(key pageKey, p *renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Rare and cheap to rebuild: start over rather than track recency.
		c.entries = make(map[pageKey]*renderedPage, c.max)
		c.bytes = 0
	}
	if old := c.entries[key]; old != nil {
		c.bytes -= old.size()
	}
	c.entries[key] = p
	c.bytes += p.size()
	c.renders.Add(1)
}

// size is how many pages the cache holds and their bytes.
func (c *pageCache) size() (entries int, bytes int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries), c.bytes
}

func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries = make(map[pageKey]*renderedPage, c.max)
	c.bytes = 0
	c.mu.Unlock()
}

var gzipPool = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// newRenderedPage compresses and fingerprints a rendered body.
func newRenderedPage(status int, body []byte, lastMod time.Time, ttl time.Duration, now time.Time) *renderedPage {
	var zb bytes.Buffer
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&zb)
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
	var bb bytes.Buffer
	bw := brotli.NewWriterLevel(&bb, 6)
	bw.Write(body)
	bw.Close()
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:12])
	etag, etagGzip, etagBr := `"`+tag+`"`, `"`+tag+`-gz"`, `"`+tag+`-br"`
	var lm []string
	if !lastMod.IsZero() {
		lastMod = lastMod.UTC().Truncate(time.Second)
		lm = []string{lastMod.Format(http.TimeFormat)}
	}
	return &renderedPage{
		lastModified:   lastMod,
		lastModHeader:  lm,
		status:         status,
		body:           body,
		gzipped:        zb.Bytes(),
		brotli:         bb.Bytes(),
		brLen:          []string{strconv.Itoa(bb.Len())},
		etag:           etag,
		etagGzip:       etagGzip,
		etagBr:         etagBr,
		etagHeader:     []string{etag},
		etagGzipHeader: []string{etagGzip},
		etagBrHeader:   []string{etagBr},
		bodyLen:        []string{strconv.Itoa(len(body))},
		gzipLen:        []string{strconv.Itoa(zb.Len())},
		expires:        now.Add(ttl),
	}
}

// Header values for HTML pages, allocated once.
var (
	htmlType       = []string{"text/html; charset=utf-8"}
	gzipEnc        = []string{"gzip"}
	brEnc          = []string{"br"}
	htmlVary       = []string{"Cookie, Sec-GPC, Accept-Encoding"}
	privateCaching = []string{"private, no-cache"}
	docVary        = []string{"Accept-Encoding"}
)

// write sends the page, answering a matching If-None-Match with 304. A
// reader without a session gets the page every such reader gets, so shared
// caches may keep it (caching); anyone else's is private.
func (p *renderedPage) write(w http.ResponseWriter, r *http.Request, rd reader, caching []string) {
	if r.Pattern != "" && p.route.Load() == nil {
		route := r.Pattern // set by the router: the page was just rendered
		p.route.Store(&route)
	}
	h := w.Header()
	h["Content-Type"], h["Vary"] = htmlType, htmlVary
	if p.contentType != nil {
		h["Content-Type"], h["Vary"] = p.contentType, docVary
	}
	if rd.HasSession || p.status != http.StatusOK {
		caching = privateCaching
	}
	h["Cache-Control"] = caching
	if p.lastModHeader != nil {
		h["Last-Modified"] = p.lastModHeader
	}
	// The coding is chosen first: a 304 confirms the representation this
	// request would get, so it answers only to that representation's tag.
	body, n, etag, etagHeader := p.body, p.bodyLen, p.etag, p.etagHeader
	var enc []string
	switch ae := r.Header.Get("Accept-Encoding"); {
	case accepts(ae, "br"):
		enc, body, n, etag, etagHeader = brEnc, p.brotli, p.brLen, p.etagBr, p.etagBrHeader
	case accepts(ae, "gzip"):
		enc, body, n, etag, etagHeader = gzipEnc, p.gzipped, p.gzipLen, p.etagGzip, p.etagGzipHeader
	}
	h["Etag"] = etagHeader
	if p.status == http.StatusOK && p.notModified(r, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != nil {
		h["Content-Encoding"] = enc
	}
	h["Content-Length"] = n
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified applies the conditional request rules: If-None-Match when
// present, else If-Modified-Since against the content's last change.
func (p *renderedPage) notModified(r *http.Request, etag string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || p.lastModified.IsZero() {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !p.lastModified.After(t)
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == etag || t == "W/"+etag || t == "*" {
			return true
		}
	}
	return false
}

// accepts reports whether an Accept-Encoding value takes coding, honouring q=0.
func accepts(ae, coding string) bool {
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
		name, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(name) != coding {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}

// cached decodes the reader's session once per request and answers GET and
// HEAD requests for pages already rendered before they reach the router: the
// cache is keyed by the URL the handler normalized, so an exact match is the
// same page the handler would write. Anything else — a miss, another method,
// an unnormalized query — goes on to the router, carrying the decoded reader.
func (s *Server) cached(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rd := s.sessions.read(r)
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			key := pageKey{r.URL.Path, r.URL.RawQuery, rd.consentState(s.cfg.PolicyVersion)}
			if p := s.pages.early(key); p != nil {
				p.write(w, r, rd, s.publicCaching)
				setRoute(w, p.routeName())
				return
			}
		}
		r = r.WithContext(context.WithValue(r.Context(), readerCtxKey{}, rd))
		// The router records the route on this request; deferred, a panic's 500 still gets it.
		defer routeOf(w, r)
		next.ServeHTTP(w, r)
	})
}

type readerCtxKey struct{}

// reader is the request's reader as cached decoded it; requests that did not
// pass through it (a recovered panic) are decoded here.
func (s *Server) reader(r *http.Request) reader {
	if rd, ok := r.Context().Value(readerCtxKey{}).(reader); ok {
		return rd
	}
	return s.sessions.read(r)
}

// document serves a text document that is the same for every reader (a
// feed, a sitemap, robots.txt) from the rendered-page cache, building it on a
// miss: compressed once, with ETag and Last-Modified, public to shared caches.
func (s *Server) document(w http.ResponseWriter, r *http.Request, contentType string, build func(*bytes.Buffer) (time.Time, error)) error {
	key := pageKey{r.URL.Path, "", "document"}
	p := s.pages.get(key)
	if p == nil {
		var buf bytes.Buffer
		lastMod, err := build(&buf)
		if err != nil {
			return err
		}
		p = newRenderedPage(http.StatusOK, buf.Bytes(), s.lastModified(lastMod), s.cfg.PageTTL, s.cfg.Now())
		p.contentType = []string{contentType}
		s.pages.put(key, p)
	}
	p.write(w, r, reader{}, s.publicCaching)
	return nil
}
