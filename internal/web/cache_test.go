package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// cachedPage is a rendered page of n bytes for the cache tests.
func cachedPage(n int, now time.Time) *renderedPage {
	return newRenderedPage(http.StatusOK, bytes.Repeat([]byte("x"), n), time.Time{}, time.Hour, now)
}

func TestPageCacheStaysWithinItsBytes(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := newPageCache(100_000, time.Hour, func() time.Time { return now })
	key := func(i int) pageKey { return pageKey{path: "/en/story/" + strconv.Itoa(i)} }
	// A crawl: many pages, each once, ten times what the cache may hold.
	for i := 0; i < 1000; i++ {
		c.put(key(i), cachedPage(1000, now))
		if _, b := c.size(); b > 100_000 {
			t.Fatalf("after %d pages the cache holds %d bytes, over its 100000", i+1, b)
		}
	}
	n, b := c.size()
	// Eviction is gradual: the cache stays nearly full, never emptied at once.
	if n < 90 || b < 90_000 {
		t.Fatalf("the cache holds %d pages, %d bytes; want it kept nearly full", n, b)
	}
	if got := c.evictions.Load(); got < 900 {
		t.Fatalf("evictions=%d, want about 900", got)
	}
}

func TestPageCacheKeepsWhatIsRead(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := newPageCache(50_000, time.Hour, func() time.Time { return now })
	hot := pageKey{path: "/en/"}
	c.put(hot, cachedPage(1000, now))
	for i := 0; i < 500; i++ {
		if c.get(hot) == nil {
			t.Fatalf("the front page, read between every insert, was evicted after %d others", i)
		}
		c.put(pageKey{path: "/en/story/" + strconv.Itoa(i)}, cachedPage(1000, now))
	}
}

// Each coding is made on its first request and only then; the rendered body
// is not kept once a compressed coding is, unless a reader asked for it.
func TestCodingsAreMadeWhenAskedFor(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := newPageCache(1<<20, time.Hour, func() time.Time { return now })
	body := strings.Repeat("<p>The seawall or the saltmarsh.</p>", 200)
	p := newRenderedPage(http.StatusOK, []byte(body), time.Time{}, time.Hour, now)
	key := pageKey{path: "/en/story/x"}
	c.put(key, p)
	serve := func(ae string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, key.path, nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		w := httptest.NewRecorder()
		p.write(w, r, reader{}, privateCaching)
		return w
	}
	first := serve("gzip, deflate, br")
	if got := first.Header().Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("first request: Content-Encoding %q, want gzip (Brotli waits for a second request)", got)
	}
	if p.brot.Load() != nil || p.plain.Load() != nil {
		t.Fatal("after a gzip request the page holds Brotli or its uncompressed body")
	}
	// It counts what the page holds, the gzip body and no more than a sliver of spare room.
	if _, b := c.size(); b < int64(first.Body.Len()) || b > int64(first.Body.Len())*17/16 {
		t.Fatalf("the cache counts %d bytes for a gzip body of %d", b, first.Body.Len())
	}
	second := serve("gzip, deflate, br")
	if got := second.Header().Get("Content-Encoding"); got != "br" {
		t.Fatalf("second request: Content-Encoding %q, want br", got)
	}
	dec, err := io.ReadAll(brotli.NewReader(second.Body))
	if err != nil || string(dec) != body {
		t.Fatalf("the Brotli coding does not decode to the page: %v", err)
	}
	plain := serve("")
	if plain.Body.String() != body || plain.Header().Get("Content-Encoding") != "" {
		t.Fatal("a reader without compression does not get the page as rendered")
	}
	if p.plain.Load() == nil {
		t.Fatal("the uncompressed coding a reader asked for is not kept")
	}
	if _, b := c.size(); b != p.size() {
		t.Fatalf("the cache counts %d bytes, the page holds %d", b, p.size())
	}
	// Each coding answers 304 only to its own tag.
	for _, tc := range []struct{ ae, tag string }{{"gzip", first.Header().Get("ETag")}, {"br", second.Header().Get("ETag")}, {"", plain.Header().Get("ETag")}} {
		r := httptest.NewRequest(http.MethodGet, key.path, nil)
		r.Header.Set("Accept-Encoding", tc.ae)
		r.Header.Set("If-None-Match", tc.tag)
		w := httptest.NewRecorder()
		p.write(w, r, reader{}, privateCaching)
		if w.Code != http.StatusNotModified {
			t.Fatalf("Accept-Encoding %q with its own tag %s: status %d, want 304", tc.ae, tc.tag, w.Code)
		}
	}
}
