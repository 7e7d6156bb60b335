package web

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"broadsheet/internal/corpus"
	"broadsheet/internal/demo"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
	"broadsheet/views"
)

// Benchmarks for the page path. Warm requests come from the rendered-page
// cache through the whole handler (recoverer, security headers, cross-origin
// protection, mux, session read); cold ones drop the page cache first, as
// when a page was evicted, so every iteration queries the store and renders
// the page (a story: spliced from its stored parts). BenchmarkArticlePageUnrendered
// is a story's first request after a change. They report ns/op and allocs/op and assert nothing about time.

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
	benchServe(b, s, target, cold)
}

// benchServe is benchPage on a server of the caller's.
func benchServe(b *testing.B, s *Server, target string, cold bool) {
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
			s.pages.clear()
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

// BenchmarkArticlePageUnrendered renders a story page whose stored parts are
// out of date on every request (a new build each time): the first request
// after an edit, which renders, compresses and stores the head and article.
func BenchmarkArticlePageUnrendered(b *testing.B) {
	b.Run("en", func(b *testing.B) { benchUnrendered(b, benchStoryEN) })
	b.Run("zh", func(b *testing.B) { benchUnrendered(b, benchStoryZH) })
}

func benchUnrendered(b *testing.B, target string) {
	s, _ := newTestServer(b)
	w := &discardWriter{h: make(http.Header, 16)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.Invalidate()
		s.build = "bench-" + strconv.Itoa(i)
		w.reset()
		s.ServeHTTP(w, benchRequest(target))
	}
	if w.status != http.StatusOK {
		b.Fatalf("GET %s: status %d", target, w.status)
	}
}

// BenchmarkLongTail requests uniformly random story pages, as a crawler walks
// an archive: over the corpus in $BROADSHEET_BENCH_DATA (make bench-corpus
// makes one in bench-data/; the benchmark migrates it like the server would),
// else over 2 000 generated stories. Pages come from the page cache when
// they are in it, else are spliced from stored parts, rendered on first use.
// Profile it with -cpuprofile.
func BenchmarkLongTail(b *testing.B) {
	ctx := context.Background()
	var st *store.Store
	var err error
	if dir := os.Getenv("BROADSHEET_BENCH_DATA"); dir != "" {
		st, err = store.Open(ctx, filepath.Join(dir, "broadsheet.db"))
	} else {
		st, err = store.Open(ctx, filepath.Join(b.TempDir(), "corpus.db"))
		if err == nil {
			err = seedCorpus(ctx, st, 2000)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cat, err := i18n.Default()
	if err != nil {
		b.Fatal(err)
	}
	// A day after the corpus's newest story, whatever the date.
	now := func() time.Time { return corpusNewest.Add(24 * time.Hour) }
	st.SetClock(now)
	s, err := New(Config{BaseURL: "https://news.example", SessionKey: testKey, Now: now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, cat)
	if err != nil {
		b.Fatal(err)
	}
	var paths []string
	for _, lang := range news.Langs {
		urls, err := st.StoryURLs(ctx, lang, 10000, 0)
		if err != nil {
			b.Fatal(err)
		}
		for _, u := range urls {
			paths = append(paths, views.StoryHref(lang, u.Slug))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	w := &discardWriter{h: make(http.Header, 16)}
	b.ReportAllocs()
	for b.Loop() {
		w.reset()
		s.ServeHTTP(w, benchRequest(paths[r.IntN(len(paths))]))
		if w.status != http.StatusOK {
			b.Fatalf("status %d", w.status)
		}
	}
	_, bytes := s.pages.size()
	b.ReportMetric(float64(bytes)/(1<<20), "cache-MiB")
}

// corpusNewest is when internal/corpus publishes its newest story.
var corpusNewest = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// seedCorpus stores n generated stories in the demo edition's sections.
func seedCorpus(ctx context.Context, st *store.Store, n int) error {
	ed, err := demo.Load()
	if err != nil {
		return err
	}
	for i, sec := range ed.Sections {
		if err := st.PutSection(ctx, sec.Key, i, sec.Names); err != nil {
			return err
		}
	}
	var batch []news.StoryInput
	err = corpus.Generate(n, 1, func(in news.StoryInput) error {
		batch = append(batch, in)
		if len(batch) == 500 {
			err := st.SaveStories(ctx, batch)
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return st.SaveStories(ctx, batch)
}
