package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/demo"
	"broadsheet/internal/i18n"
	"broadsheet/internal/store"
)

// testKey signs session cookies in tests.
var testKey = []byte("0123456789abcdef0123456789abcdef-test-key")

// newTestServer opens a temp-file SQLite database seeded with the demo
// edition and returns the site's handler over it.
func newTestServer(tb testing.TB, opts ...func(*Config)) (*Server, *store.Store) {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ed, err := demo.Load()
	if err != nil {
		tb.Fatal(err)
	}
	if err := demo.Seed(ctx, st, ed); err != nil {
		tb.Fatal(err)
	}
	cat, err := i18n.Default()
	if err != nil {
		tb.Fatal(err)
	}
	// "Now" starts a day after the demo edition's newest story, whatever the
	// date, and moves at the wall clock's pace (sessions expire, pages age).
	start, from := time.Now(), demo.Newest(ed).Add(24*time.Hour)
	now := func() time.Time { return from.Add(time.Since(start)) }
	cfg := Config{
		BaseURL:       "https://news.example",
		PolicyVersion: 1,
		SessionKey:    testKey,
		FrameOrigins:  []string{"https://www.youtube-nocookie.com"},
		Now:           now,
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, o := range opts {
		o(&cfg)
	}
	st.SetClock(cfg.Now) // the store and the site read one clock
	srv, err := New(cfg, st, cat)
	if err != nil {
		tb.Fatal(err)
	}
	return srv, st
}

// get sends a GET with optional headers ("Name: value") and returns the recorded response.
func get(tb testing.TB, h http.Handler, target string, headers ...string) *httptest.ResponseRecorder {
	tb.Helper()
	return serve(h, httptest.NewRequest(http.MethodGet, target, nil), headers...)
}

// serve adds headers ("Name: value") to req and records h's response.
func serve(h http.Handler, req *http.Request, headers ...string) *httptest.ResponseRecorder {
	for _, hv := range headers {
		k, v, _ := strings.Cut(hv, ":")
		req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
