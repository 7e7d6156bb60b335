package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"github.com/klauspost/compress/gzip"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// renderedPage is a page rendered once and kept so a warm request only
// writes bytes. It holds each coding a request has asked for, made on demand:
// nothing is compressed that nobody asked for.
type renderedPage struct {
	status int
	// tag is the page's fingerprint; each coding is its own representation
	// with its own strong ETag (RFC 9110 §8.8.3): identity "X", gzip "X-gz",
	// Brotli "X-br".
	tag                  string
	plain, gzipped, brot atomic.Pointer[encoded]
	lastModified         time.Time // zero: not known
	contentType          []string  // HTML unless set
	lastModHeader        []string
	expires              time.Time
	// route is the route pattern that rendered the page, so a request the
	// cache answers before routing is counted under it (metrics, access log).
	route atomic.Pointer[string]
	// used is the clock hand's reference bit: set by a hit, cleared as the
	// hand passes; a page the hand finds unused is evicted.
	used atomic.Bool
	// served is set once the page has answered a request: Brotli, slow to
	// make, is made only for a page asked for again.
	served atomic.Bool
	// plainAsked is set once a reader took the page uncompressed: from then
	// on the identity coding is kept like the others.
	plainAsked atomic.Bool
	// cache is told when a coding is added, for the byte count; nil once
	// the page is out of it.
	cache atomic.Pointer[pageCache]
}

// encoded is one coding of a page, with its header values kept ready so a
// hit allocates nothing for them.
type encoded struct {
	body               []byte
	etag               string
	etagHeader, length []string
}

func newEncoded(body []byte, etag string) *encoded {
	if cap(body)-len(body) > len(body)/16 {
		// A buffer grown while rendering: kept, its spare room would
		// double what the cache holds for what it counts.
		body = bytes.Clone(body)
	}
	return &encoded{body: body, etag: etag, etagHeader: []string{etag}, length: []string{strconv.Itoa(len(body))}}
}

// size is what the page holds in memory: its body in each coding it has.
func (p *renderedPage) size() int64 {
	var n int64
	for _, e := range []*encoded{p.plain.Load(), p.gzipped.Load(), p.brot.Load()} {
		if e != nil {
			n += int64(cap(e.body))
		}
	}
	return n
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

// pageCache holds rendered pages by URL and consent variant, bounded by the
// bytes they hold. When full it evicts with the clock algorithm (an
// approximation of least recently used that costs a hit one atomic load):
// pages read since the hand last passed stay, the others go, a few at a time.
// Entries also expire after ttl so scheduled stories appear on time; clear,
// after content changes, drops them all.
type pageCache struct {
	mu      sync.RWMutex
	entries map[pageKey]*renderedPage
	ring    []pageKey // the clock's face: every key in entries, once
	hand    int
	bytes   atomic.Int64 // held by entries (renderedPage.size)
	max     int64
	ttl     time.Duration
	now     func() time.Time
	// For the metrics: requests answered from the cache, requests for a
	// cacheable page or document that found no fresh copy, copies rendered,
	// pages evicted to stay within max.
	hits, misses, renders, evictions atomic.Uint64
	// countHits is set when metrics are on: an atomic add costs a warm
	// request about 25 ns here (6% in BenchmarkArticlePageWarm).
	countHits bool
}

func newPageCache(maxBytes int64, ttl time.Duration, now func() time.Time) *pageCache {
	return &pageCache{entries: map[pageKey]*renderedPage{}, max: maxBytes, ttl: ttl, now: now}
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
	if !p.used.Load() { // read first: a store on every hit would bounce the cache line
		p.used.Store(true)
	}
	return p
}

func (c *pageCache) put(key pageKey, p *renderedPage) {
	p.cache.Store(c)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil {
		c.bytes.Add(-old.size())
		old.cache.Store(nil)
	} else {
		c.ring = append(c.ring, key)
	}
	c.entries[key] = p
	c.bytes.Add(p.size())
	c.renders.Add(1)
	c.evict()
}

// grew accounts for a coding added to a cached page, evicting if need be.
func (c *pageCache) grew(n int64) {
	if c.bytes.Add(n) > c.max {
		c.mu.Lock()
		c.evict()
		c.mu.Unlock()
	}
}

// evict turns the clock hand until the pages fit in max. Called with mu held.
func (c *pageCache) evict() {
	now := c.now()
	// Twice round the face at most: the first pass clears reference bits.
	for steps := 2 * len(c.ring); c.bytes.Load() > c.max && steps > 0 && len(c.ring) > 0; steps-- {
		if c.hand >= len(c.ring) {
			c.hand = 0
		}
		key := c.ring[c.hand]
		p := c.entries[key]
		if p.used.Load() && !now.After(p.expires) {
			p.used.Store(false)
			c.hand++
			continue
		}
		delete(c.entries, key)
		p.cache.Store(nil)
		c.bytes.Add(-p.size())
		c.evictions.Add(1)
		// Fill the slot from the end: the face's order is not recency.
		last := len(c.ring) - 1
		c.ring[c.hand] = c.ring[last]
		c.ring = c.ring[:last]
	}
}

// size is how many pages the cache holds and their bytes.
func (c *pageCache) size() (entries int, bytes int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries), c.bytes.Load()
}

func (c *pageCache) clear() {
	c.mu.Lock()
	for _, p := range c.entries {
		p.cache.Store(nil)
	}
	c.entries = make(map[pageKey]*renderedPage, len(c.entries))
	c.ring = c.ring[:0]
	c.hand = 0
	c.bytes.Store(0)
	c.mu.Unlock()
}

// Compression levels, chosen by measurement (BENCHMARKS.md, "Compression"):
// a whole page is compressed once per render and served many times, so
// gzip 6 (5% smaller than 1, 1.5% larger than 9 at half its cost) and
// Brotli 5 (6% smaller than 4; 6 saves almost nothing more at 1.7× the cost).
const (
	gzipLevel   = 6
	brotliLevel = 5
)

// gzip writers hold hundreds of kilobytes of state: reused, not remade.
var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzipLevel); return w }}

func gzipBytes(body []byte) []byte {
	var zb bytes.Buffer
	zb.Grow(len(body)/4 + 64)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&zb)
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
	return zb.Bytes()
}

func brotliBytes(body []byte) []byte {
	var bb bytes.Buffer
	// A window as large as the body, not the default 4 MiB: the same bytes
	// out for a page, a fraction of the memory to make them.
	win := 16
	for win < 24 && 1<<win < len(body) {
		win++
	}
	bw := brotli.NewWriterOptions(&bb, brotli.WriterOptions{Quality: brotliLevel, LGWin: win})
	bw.Write(body)
	bw.Close()
	return bb.Bytes()
}

// fingerprint is the tag of a body: a hash, so equal content gets equal tags
// whenever and however it is rendered.
func fingerprint(sum []byte) string {
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// newRenderedPage keeps a rendered body as the page's identity coding; the
// compressed codings are made when asked for.
func newRenderedPage(status int, body []byte, lastMod time.Time, ttl time.Duration, now time.Time) *renderedPage {
	sum := sha256.Sum256(body)
	p := newPageShell(status, fingerprint(sum[:]), lastMod, ttl, now)
	p.plain.Store(newEncoded(body, `"`+p.tag+`"`))
	return p
}

// newGzippedPage keeps a page assembled gzipped (spliced from fragments) as
// its gzip coding; tag fingerprints its content.
func newGzippedPage(status int, gz []byte, tag string, lastMod time.Time, ttl time.Duration, now time.Time) *renderedPage {
	p := newPageShell(status, tag, lastMod, ttl, now)
	p.gzipped.Store(newEncoded(gz, `"`+tag+`-gz"`))
	return p
}

func newPageShell(status int, tag string, lastMod time.Time, ttl time.Duration, now time.Time) *renderedPage {
	var lm []string
	if !lastMod.IsZero() {
		lastMod = lastMod.UTC().Truncate(time.Second)
		lm = []string{lastMod.Format(http.TimeFormat)}
	}
	return &renderedPage{status: status, tag: tag, lastModified: lastMod, lastModHeader: lm, expires: now.Add(ttl)}
}

// identity is the page's uncompressed body, from whichever coding it has.
func (p *renderedPage) identity() []byte {
	if e := p.plain.Load(); e != nil {
		return e.body
	}
	if e := p.gzipped.Load(); e != nil {
		if zr, err := gzip.NewReader(bytes.NewReader(e.body)); err == nil {
			if b, err := io.ReadAll(zr); err == nil {
				return b
			}
		}
	}
	if e := p.brot.Load(); e != nil {
		if b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(e.body))); err == nil {
			return b
		}
	}
	return nil // unreachable: a page is made with a coding, and ours decode
}

// coding returns one coding of the page, making it on the first request for it.
func (p *renderedPage) coding(slot *atomic.Pointer[encoded]) *encoded {
	if e := slot.Load(); e != nil {
		return e
	}
	var e *encoded
	switch slot {
	case &p.plain:
		e = newEncoded(p.identity(), `"`+p.tag+`"`)
	case &p.gzipped:
		e = newEncoded(gzipBytes(p.identity()), `"`+p.tag+`-gz"`)
	case &p.brot:
		e = newEncoded(brotliBytes(p.identity()), `"`+p.tag+`-br"`)
	}
	if !slot.CompareAndSwap(nil, e) {
		return slot.Load() // another request made it first
	}
	grown := int64(cap(e.body))
	if slot != &p.plain && !p.plainAsked.Load() {
		// The rendered body was only the source of this coding: the
		// largest copy, kept only for readers who ask for it.
		if old := p.plain.Swap(nil); old != nil {
			grown -= int64(cap(old.body))
		}
	}
	if c := p.cache.Load(); c != nil {
		c.grew(grown)
	}
	return e
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
	e, enc := p.choose(r.Header.Get("Accept-Encoding"))
	etag, etagHeader, body, n := e.etag, e.etagHeader, e.body, e.length
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

// choose picks the coding for an Accept-Encoding value. Brotli, the smallest
// and the slowest to make, is made for a page asked for a second time; on
// its first request a reader that also takes gzip gets gzip, at once.
func (p *renderedPage) choose(ae string) (*encoded, []string) {
	first := !p.served.Load()
	if first {
		p.served.Store(true)
	}
	br, gz := accepts(ae, "br"), accepts(ae, "gzip")
	switch {
	case br && (p.brot.Load() != nil || !first || !gz):
		return p.coding(&p.brot), brEnc
	case gz:
		return p.coding(&p.gzipped), gzipEnc
	}
	if !p.plainAsked.Load() {
		p.plainAsked.Store(true)
	}
	return p.coding(&p.plain), nil
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
		// Not in the cache: first let the other ready connections go ahead.
		// A client that sends its next request as soon as it has a response
		// (a crawler, a load test) otherwise keeps its connection's goroutine
		// running for whole scheduler time slices, and on a busy core the
		// other connections wait 10 ms at a time: p99 over 150 ms under a
		// crawl, about 15 ms with the turn (BENCHMARKS.md). A hit is quick
		// enough not to need it.
		runtime.Gosched()
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
