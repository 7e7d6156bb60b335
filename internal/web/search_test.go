package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"broadsheet/internal/news"
	"broadsheet/views"
)

func TestSearchPage(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/zh/search?q=" + url.QueryEscape("新质生产力"), 200, []string{
			"<mark>新质生产力</mark>", "篇与“新质生产力”相关的报道", `<html lang="zh-Hans">`,
			`value="新质生产力"`, // the header box keeps the query
			`href="/lang/en?next=` + url.QueryEscape("/en/search?q="+url.QueryEscape("新质生产力")),
		}},
		{"/zh/search?q=" + url.QueryEscape("水"), 200, []string{"<mark>水</mark>"}},
		{"/zh/search?q=" + url.QueryEscape("人才"), 200, []string{"<mark>人才</mark>"}},
		{"/zh/search?q=" + url.QueryEscape("AI芯片"), 200, []string{"<mark>AI芯片</mark>"}},
		{"/en/search?q=talents", 200, []string{"<mark>talent</mark>", "“talents”"}},
		{"/en/search?q=" + url.QueryEscape(`"new quality productive forces"`), 200, []string{"1 story matches", "<mark>"}},
		{"/en/search?q=zzzyzzy", 200, []string{"No stories in this edition match “zzzyzzy”"}},
		{"/en/search", 200, []string{"Type a word or phrase"}},
		{"/zh/search?q=" + strings.Repeat("x", 10<<10), 400, []string{"搜索内容过长"}},
		// Searching English words in the Chinese edition offers the English one.
		{"/zh/search?q=talent", 200, []string{"英文版另有", `href="/en/search?q=talent" hreflang="en"`}},
		{"/en/search?q=talent&page=99", 404, []string{"Page not found"}},
		{"/en/search?q=talent&page=x", 404, []string{"Page not found"}},
		// The page repeats the query as typed, case and width kept.
		{"/zh/search?q=" + url.QueryEscape("AI芯片"), 200, []string{`value="AI芯片"`, "“AI芯片”"}},
	} {
		rec := get(t, srv, tc.path)
		if got := rec.Code; got != tc.status {
			t.Errorf("%.60s: status=%d, want %d", tc.path, got, tc.status)
		}
		b := body(t, rec)
		for _, w := range tc.want {
			if !strings.Contains(b, w) {
				t.Errorf("%.60s: page lacks %q", tc.path, w)
			}
		}
	}
}

// Matches are marked in the result's headline as in its snippet; a Chinese
// query of two or more characters is one run.
func TestSearchMarksHeadlines(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		lang news.Lang
		q    string
		want string
	}{
		{news.ZH, "新质生产力", `>从工厂车间读懂“<mark>新质生产力</mark>”</a></h2>`},
		{news.ZH, "海堤", `>加高<mark>海堤</mark>，还是放海水进来？一座下沉中的三角洲小镇抉择未来</a></h2>`},
		{news.ZH, "夜车 欧洲", `>21点14分开往维罗纳：<mark>欧洲</mark>卧铺<mark>夜车</mark>重新醒来</a></h2>`},
		{news.EN, "delta", `>Raise the wall or let the sea in: a sinking <mark>delta</mark> town weighs its future</a></h2>`},
		{news.EN, "train", `>The 21:14 to Verona: Europe’s sleeper <mark>trains</mark> wake up again</a></h2>`},
	} {
		page := body(t, get(t, srv, views.SearchHref(tc.lang, tc.q)))
		if !strings.Contains(page, tc.want) {
			i := strings.Index(page, `class="card-headline"`)
			t.Errorf("%s search %q: no headline %s\n%.400s", tc.lang, tc.q, tc.want, page[max(i, 0):])
		}
	}
}

func TestSearchHostileInputNeverFails(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, q := range []string{
		`"`, `*`, `NEAR(a b)`, `-`, `((`, `)`, `a OR b`, `talent*`, "\x00\x07", "\xff\xfe", `'; DROP TABLE stories; --`,
		`<script>alert(1)</script>`, `{headline}: x`, strings.Repeat("人", 100), "\u202e\u200b",
	} {
		rec := get(t, srv, "/en/search?q="+url.QueryEscape(q))
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d", q, rec.Code)
		}
		b := body(t, rec)
		if strings.Contains(b, "fts5") || strings.Contains(b, "syntax error") || strings.Contains(b, "<script>alert") {
			t.Fatalf("%q: page leaks an FTS error or the raw script", q)
		}
	}
}

// search sends a search from one reader (a distinct address and browser).
func searchAs(t *testing.T, h http.Handler, reader, path string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2." + reader + ":1234"
	rec := serve(h, req, "User-Agent: test-"+reader)
	if rec.Code != http.StatusOK {
		t.Fatalf("search status %d", rec.Code)
	}
}

func TestSearchTrends(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	article := "/zh/story/" + seawallZH
	q := "/zh/search?q=" + url.QueryEscape("人才")
	trendLink := `href="/zh/search?q=` + url.QueryEscape("人才") + `"`

	// Two readers, one of them three times, and a search that found nothing.
	searchAs(t, srv, "1", q)
	searchAs(t, srv, "1", q)
	searchAs(t, srv, "1", q)
	searchAs(t, srv, "2", "/zh/search?q="+url.QueryEscape("人 才"))
	for i := 3; i < 9; i++ {
		searchAs(t, srv, string(rune('0'+i)), "/zh/search?q=zzzyzzy")
	}
	if err := srv.RefreshTrends(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	if b := body(t, get(t, srv, article)); strings.Contains(b, "热门搜索") {
		t.Fatal("trends shown before three distinct readers searched")
	}
	// The third distinct reader, with a full-width space around it, tips it over.
	searchAs(t, srv, "3", "/zh/search?q="+url.QueryEscape("\u3000人才 "))
	if err := srv.RefreshTrends(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	b := body(t, get(t, srv, article))
	if !strings.Contains(b, "热门搜索") || !strings.Contains(b, trendLink) {
		t.Fatal("the term searched by three readers is not in Search Trends")
	}
	if b := body(t, get(t, srv, "/en/story/"+seawallEN)); strings.Contains(b, "Search Trends") {
		t.Fatal("Chinese searches shown in the English edition")
	}
	if b := body(t, get(t, srv, q)); !strings.Contains(b, trendLink) {
		t.Fatal("the search page lacks Search Trends")
	}
	if strings.Contains(b, "zzzyzzy") {
		t.Fatal("a search with no results was counted")
	}
	// A blocked term never shows again.
	if err := st.BlockTerm(ctx, "人才", 0); err != nil {
		t.Fatal(err)
	}
	srv.RefreshTrends(ctx)
	srv.Invalidate()
	if b := body(t, get(t, srv, article)); strings.Contains(b, trendLink) {
		t.Fatal("a blocked term is still shown")
	}
}

// A page has one search box: the header's, or on the search page its own.
func TestOneSearchBoxPerPage(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/en/", "/zh/story/" + seawallZH, "/en/search", "/zh/search?q=" + url.QueryEscape("人才")} {
		b := body(t, get(t, srv, path))
		if n := strings.Count(b, `role="search"`); n != 1 {
			t.Errorf("%s has %d search forms, want 1", path, n)
		}
		if n := strings.Count(b, `type="search"`); n != 1 {
			t.Errorf("%s has %d search boxes, want 1", path, n)
		}
	}
}
