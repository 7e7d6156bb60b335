// Command latency measures, in process, how long Broadsheet takes to answer
// front, section and search pages over a large corpus (make bench-corpus):
// pages are rendered cold (the page cache is dropped before every request),
// searches always run against the index. It prints p50/p95/p99 per request
// and checks them against DESIGN.md's budgets. It reports; it never fails.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"broadsheet/internal/i18n"
	"broadsheet/internal/store"
	"broadsheet/internal/web"
)

type probe struct {
	class, label, path string
	cold               bool // drop the page cache before each request
}

func main() {
	data := flag.String("data", "bench-data", "data directory holding a generated corpus")
	rounds := flag.Int("n", 200, "requests per probe")
	flag.Parse()
	// The same collector setting the server runs with (cmd/broadsheet).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if err := run(*data, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(data string, rounds int) error {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(data, "broadsheet.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	cat, err := i18n.Default()
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{
		BaseURL: "http://127.0.0.1", SessionKey: make([]byte, 32),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}, st, cat)
	if err != nil {
		return err
	}
	q := func(s string) string { return url.QueryEscape(s) }
	probes := []probe{
		{"front", "front page en", "/en/", true},
		{"front", "front page zh", "/zh/", true},
		{"section", "section en, page 1", "/en/section/world", true},
		{"section", "section zh, page 1", "/zh/section/business", true},
		{"section", "section en, page 200", "/en/section/technology?page=200", true},
		{"search", "en word: talents", "/en/search?q=talents", false},
		{"search", "en word: water", "/en/search?q=water", false},
		{"search", "en two words: market policy", "/en/search?q=" + q("market policy"), false},
		{"search", "en phrase: \"new quality productive forces\"", "/en/search?q=" + q(`"new quality productive forces"`), false},
		{"search", "zh 1 char: 水", "/zh/search?q=" + q("水"), false},
		{"search", "zh 2 chars: 人才", "/zh/search?q=" + q("人才"), false},
		{"search", "zh 4 chars: 人才引进", "/zh/search?q=" + q("人才引进"), false},
		{"search", "zh phrase: 新质生产力", "/zh/search?q=" + q("新质生产力"), false},
		{"search", "zh mixed: AI芯片", "/zh/search?q=" + q("AI芯片"), false},
		{"search", "zh common 2 chars: 发展", "/zh/search?q=" + q("发展"), false},
	}
	budgets := map[string]time.Duration{"front": 5 * time.Millisecond, "section": 5 * time.Millisecond, "search": 20 * time.Millisecond}
	byClass := map[string][]time.Duration{}
	fmt.Printf("%-46s %9s %9s %9s %8s\n", "request", "p50", "p95", "p99", "status")
	for _, p := range probes {
		var ds []time.Duration
		status := 0
		for i := 0; i < rounds; i++ {
			if p.cold {
				srv.Invalidate()
			}
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			req.RemoteAddr = fmt.Sprintf("198.51.100.%d:1", i%250) // distinct readers for trends
			rec := httptest.NewRecorder()
			start := time.Now()
			srv.ServeHTTP(rec, req)
			ds = append(ds, time.Since(start))
			status = rec.Code
		}
		slices.Sort(ds)
		byClass[p.class] = append(byClass[p.class], ds...)
		fmt.Printf("%-46s %9s %9s %9s %8d\n", p.label, pct(ds, 50), pct(ds, 95), pct(ds, 99), status)
	}
	fmt.Printf("\n%-10s %9s %9s %9s %10s %s\n", "class", "p50", "p95", "p99", "budget", "p95 result")
	for _, c := range []string{"front", "section", "search"} {
		ds := byClass[c]
		slices.Sort(ds)
		res := "PASS"
		if pctD(ds, 95) > budgets[c] {
			res = "MISS"
		}
		fmt.Printf("%-10s %9s %9s %9s %10s %s\n", c, pct(ds, 50), pct(ds, 95), pct(ds, 99), "p95≤"+budgets[c].String(), res)
	}
	return nil
}

func pctD(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := (len(ds)*p + 99) / 100
	return ds[min(i, len(ds))-1]
}

func pct(ds []time.Duration, p int) string {
	return pctD(ds, p).Round(10 * time.Microsecond).String()
}
