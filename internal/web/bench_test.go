package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// Benchmarks for the page path. Warm requests come from the rendered-page
// cache through the whole handler (recoverer, security headers, cross-origin
// protection, mux, session read); cold ones drop the cache first, so every
// iteration queries the store, renders the templ components and gzips the
// result. They report ns/op and allocs/op and assert nothing about time.

// Story slugs of the demo edition's river-delta-seawall story.
const (
	benchStoryEN = "/en/story/delta-town-seawall-or-saltmarsh"
	benchStoryZH = "/zh/story/san-jiao-zhou-xiao-zhen-hai-di"
)

// discardWriter is a ResponseWriter that keeps the status and byte count and
// throws the body away, so the benchmark measures the handler, not a recorder.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.h }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(p)
	return len(p), nil
}

// reset readies the writer for the next request without allocating.
func (w *discardWriter) reset() {
	clear(w.h)
	w.status = 0
	w.n = 0
}

// benchRequest is a GET that takes gzip, as wrk sends in make bench.
func benchRequest(target string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Header.Set("Accept-Encoding", "gzip")
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	r.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	r.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) broadsheet-bench")
	return r
}

// benchPage serves target b.N times. With cold set, the page cache is dropped
// before every request so each one renders. Each iteration serves a fresh
// shallow copy of the request (into reused memory), as the handlers may
// rewrite r.URL.RawQuery and the mux records the matched pattern on it.
func benchPage(b *testing.B, target string, cold bool) {
	s, _ := newTestServer(b)
	tmpl := benchRequest(target)
	tmplURL := *tmpl.URL
	w := &discardWriter{h: make(http.Header, 16)}
	r := new(http.Request)
	ru := new(url.URL)
	serve := func() {
		w.reset()
		*r = *tmpl
		*ru = tmplURL
		r.URL = ru
		s.ServeHTTP(w, r)
	}

	// Check once, outside the timed loop, that the benchmark measures what it
	// claims: a 200 page sent gzipped.
	serve()
	if w.status != http.StatusOK || w.h.Get("Content-Encoding") != "gzip" || w.n == 0 {
		b.Fatalf("GET %s: status %d, Content-Encoding %q, %d bytes; want 200, gzip, a body",
			target, w.status, w.h.Get("Content-Encoding"), w.n)
	}
	gz := w.n

	b.ReportAllocs()
	b.SetBytes(int64(gz))
	b.ResetTimer()
	for b.Loop() {
		if cold {
			s.Invalidate()
		}
		serve()
	}
	b.StopTimer()
	if w.status != http.StatusOK {
		b.Fatalf("GET %s: status %d during the run", target, w.status)
	}
	b.ReportMetric(float64(gz), "gzip-B")
}

// benchLangs runs one sub-benchmark per edition.
func benchLangs(b *testing.B, en, zh string, cold bool) {
	b.Run("en", func(b *testing.B) { benchPage(b, en, cold) })
	b.Run("zh", func(b *testing.B) { benchPage(b, zh, cold) })
}

// BenchmarkArticlePageWarm serves a story from the page cache.
func BenchmarkArticlePageWarm(b *testing.B) { benchLangs(b, benchStoryEN, benchStoryZH, false) }

// BenchmarkArticlePageCold renders a story on every request.
func BenchmarkArticlePageCold(b *testing.B) { benchLangs(b, benchStoryEN, benchStoryZH, true) }

// BenchmarkFrontPageWarm serves an edition's front page from the page cache.
func BenchmarkFrontPageWarm(b *testing.B) { benchLangs(b, "/en/", "/zh/", false) }

// BenchmarkFrontPageCold renders an edition's front page on every request.
func BenchmarkFrontPageCold(b *testing.B) { benchLangs(b, "/en/", "/zh/", true) }
