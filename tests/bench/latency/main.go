// Command latency measures, in process, how long Broadsheet takes to answer
// front, section and search pages and the newsroom's story list and search
// over a large corpus (make bench-corpus): pages are rendered cold (the page
// cache is dropped before every request), searches always run against the
// index, the newsroom is never cached. It prints p50/p95/p99 per request and
// checks them against DESIGN.md's budgets. It reports; it never fails.
//
// The newsroom is asked as a signed-in editor: the first run adds the
// account latency@example.invalid to the corpus's database.
package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"time"

	"broadsheet/internal/account"
	"broadsheet/internal/i18n"
	"broadsheet/internal/news"
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
	only := flag.String("run", "", "only the probes whose class or label matches this regular expression")
	flag.Parse()
	match, err := regexp.Compile(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "latency: -run:", err)
		os.Exit(2)
	}
	// The same collector setting the server runs with (cmd/broadsheet).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if err := run(*data, *rounds, match); err != nil {
		fmt.Fprintln(os.Stderr, "latency:", err)
		os.Exit(1)
	}
}

func run(data string, rounds int, match *regexp.Regexp) error {
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
	cookie, err := signIn(ctx, st)
	if err != nil {
		return err
	}
	q := func(s string) string { return url.QueryEscape(s) }
	last, err := lastPage(ctx, st, "world")
	if err != nil {
		return err
	}
	probes := []probe{
		{"front", "front page en", "/en/", true},
		{"front", "front page zh", "/zh/", true},
		{"section", "section en, page 1", "/en/section/world", true},
		{"section", "section zh, page 1", "/zh/section/business", true},
		{"section", "section en, page 200", "/en/section/technology?page=200", true},
		{"section", "section en, page 1500", "/en/section/world?page=1500", true},
		{"section", "section zh, page 1500", "/zh/section/business?page=1500", true},
		{"section", fmt.Sprintf("section en, last page (%d)", last), fmt.Sprintf("/en/section/world?page=%d", last), true},
		{"section", "section en, past the last page (404)", fmt.Sprintf("/en/section/world?page=%d", last+1), true},
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
		{"newsroom", "newsroom list, page 1", "/newsroom/", false},
		{"newsroom", "newsroom list, page 1000", "/newsroom/?page=1000", false},
		{"newsroom", "newsroom list, last page (2000)", "/newsroom/?page=2000", false},
		{"newsroom", "newsroom list, section technology", "/newsroom/?section=technology", false},
		{"newsroom", "newsroom list, section business, page 300", "/newsroom/?section=business&page=300", false},
		{"newsroom", "newsroom search, headline word: Guangzhou", "/newsroom/?q=Guangzhou", false},
		{"newsroom", "newsroom search, headline words: hard choices", "/newsroom/?q=" + q("hard choices"), false},
		{"newsroom", "newsroom search, zh headline: 墨西哥城", "/newsroom/?q=" + q("墨西哥城"), false},
		{"newsroom", "newsroom search, zh 2 chars: 难民", "/newsroom/?q=" + q("难民"), false},
		{"newsroom", "newsroom search, slug: cannot-ignore", "/newsroom/?q=cannot-ignore", false},
		{"newsroom", "newsroom search, slug: nanmin-yuanzhu", "/newsroom/?q=nanmin-yuanzhu", false},
		{"newsroom", "newsroom search, section + word", "/newsroom/?section=culture&q=festival", false},
		{"newsroom", "newsroom search, no match: zeppelin", "/newsroom/?q=zeppelin", false},
	}
	budgets := map[string]time.Duration{"front": 5 * time.Millisecond, "section": 5 * time.Millisecond, "search": 20 * time.Millisecond,
		"newsroom": 20 * time.Millisecond}
	byClass := map[string][]time.Duration{}
	fmt.Printf("%-46s %9s %9s %9s %8s\n", "request", "p50", "p95", "p99", "status")
	for _, p := range probes {
		if !match.MatchString(p.class + " " + p.label) {
			continue
		}
		var ds []time.Duration
		status := 0
		for i := 0; i < rounds; i++ {
			if p.cold {
				srv.Invalidate()
			}
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			req.RemoteAddr = fmt.Sprintf("198.51.100.%d:1", i%250) // distinct readers for trends
			if p.class == "newsroom" {
				req.AddCookie(cookie)
			}
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
	for _, c := range []string{"front", "section", "search", "newsroom"} {
		ds := byClass[c]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		res := "PASS"
		if pctD(ds, 95) > budgets[c] {
			res = "MISS"
		}
		fmt.Printf("%-10s %9s %9s %9s %10s %s\n", c, pct(ds, 50), pct(ds, 95), pct(ds, 99), "p95≤"+budgets[c].String(), res)
	}
	return nil
}

// benchEditor is the account the newsroom probes sign in as.
const benchEditor = "latency@example.invalid"

// signIn opens a newsroom session for benchEditor, adding the account the
// way `broadsheet user add` does when it is not there yet, and returns the
// session's cookie.
func signIn(ctx context.Context, st *store.Store) (*http.Cookie, error) {
	u, _, err := st.UserByEmail(ctx, benchEditor)
	if errors.Is(err, news.ErrNotFound) {
		var h string
		if h, err = account.Hash(rand.Text()); err == nil {
			u, err = st.CreateUser(ctx, benchEditor, news.RoleEditor, h)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("newsroom account: %w", err)
	}
	token := rand.Text()
	sum := sha256.Sum256([]byte(token)) // as the newsroom keeps it (web.hashToken)
	if err := st.CreateSession(ctx, sum[:], u.ID, time.Now().Add(2*time.Hour)); err != nil {
		return nil, err
	}
	return &http.Cookie{Name: "newsroom", Value: token}, nil
}

// lastPage is the number of a section's last page in English.
func lastPage(ctx context.Context, st *store.Store, key string) (int, error) {
	sec, err := st.Section(ctx, news.EN, key)
	if err != nil {
		return 0, err
	}
	_, total, err := st.SectionStories(ctx, news.EN, sec.ID, news.Page{Number: 1, Size: 1})
	return (news.Page{Size: 12, Total: total}).Pages(), err // 12: web's sectionPageSize
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
