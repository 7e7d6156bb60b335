package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"
)

// renderedPage is a page rendered once, kept with its gzip and ETag so a warm
// request only writes bytes.
type renderedPage struct {
	status  int
	body    []byte
	gzipped []byte
	etag    string
	expires time.Time
}

// pageCache holds rendered pages by URL and consent variant. Entries expire
// after ttl so scheduled stories appear on time; clear drops them all.
type pageCache struct {
	mu      sync.RWMutex
	entries map[string]*renderedPage
	max     int
	ttl     time.Duration
	now     func() time.Time
}

func newPageCache(max int, ttl time.Duration) *pageCache {
	return &pageCache{entries: map[string]*renderedPage{}, max: max, ttl: ttl, now: time.Now}
}

func (c *pageCache) get(key string) *renderedPage {
	c.mu.RLock()
	p := c.entries[key]
	c.mu.RUnlock()
	if p == nil || c.now().After(p.expires) {
		return nil
	}
	return p
}

func (c *pageCache) put(key string, p *renderedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		// Rare and cheap to rebuild: start over rather than track recency.
		c.entries = make(map[string]*renderedPage, c.max)
	}
	c.entries[key] = p
}

func (c *pageCache) clear() {
	c.mu.Lock()
	c.entries = make(map[string]*renderedPage, c.max)
	c.mu.Unlock()
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression); return w }}

// newRenderedPage compresses and fingerprints a rendered body.
func newRenderedPage(status int, body []byte, ttl time.Duration, now time.Time) *renderedPage {
	var zb bytes.Buffer
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&zb)
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
	sum := sha256.Sum256(body)
	return &renderedPage{
		status:  status,
		body:    body,
		gzipped: zb.Bytes(),
		etag:    `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		expires: now.Add(ttl),
	}
}

// Header values for HTML pages, allocated once.
var (
	htmlType    = []string{"text/html; charset=utf-8"}
	gzipEnc     = []string{"gzip"}
	htmlVary    = []string{"Cookie, Sec-GPC, Accept-Encoding"}
	htmlCaching = []string{"no-cache"}
)

// write sends the page, answering a matching If-None-Match with 304.
func (p *renderedPage) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h["Content-Type"] = htmlType
	h["Vary"] = htmlVary
	h["Cache-Control"] = htmlCaching
	h["Etag"] = []string{p.etag}
	if p.status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), p.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	if acceptsGzip(r) {
		h["Content-Encoding"] = gzipEnc
		body = p.gzipped
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
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

// acceptsGzip reports whether the client takes gzip, honouring q=0.
func acceptsGzip(r *http.Request) bool {
	ae := r.Header.Get("Accept-Encoding")
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
		name, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(name) != "gzip" {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}
