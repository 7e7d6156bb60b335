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

// searchFrom searches as a client at addr (host:port) with the given headers.
func searchFrom(t *testing.T, h http.Handler, addr, path string, headers ...string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = addr
	if rec := serve(h, req, headers...); rec.Code != http.StatusOK {
		t.Fatalf("search %s from %s: status %d", path, addr, rec.Code)
	}
}

// trendsShown is the Search Trends box of an edition's article page.
func trendsShown(t *testing.T, srv *Server, lang news.Lang) string {
	t.Helper()
	if err := srv.RefreshTrends(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := "/en/story/" + seawallEN
	if lang.Chinese() {
		path = views.StoryHref(lang, seawallZH)
	}
	return trendsBox(body(t, get(t, srv, path)))
}

// trendsBox cuts the Search Trends box out of a page ("" when none).
func trendsBox(page string) string {
	i := strings.Index(page, `<aside class="trends"`)
	if i < 0 {
		return ""
	}
	return page[i : i+strings.Index(page[i:], "</aside>")]
}

// The review's spam string, searched from three addresses, never reaches
// the box; symbols and format characters around real words are dropped.
func TestTrendsIgnoreSpam(t *testing.T) {
	srv, _ := newTestServer(t)
	spam := strings.Repeat("the ", 12) + "VISIT evil-casino.example FOR FREE MONEY ☠ \u202egnp.exe"
	for i, addr := range []string{"198.51.100.1:1", "198.51.100.2:1", "198.51.100.3:1"} {
		searchFrom(t, srv, addr, views.SearchHref(news.EN, spam), "User-Agent: ua-"+string(rune('a'+i)))
		searchFrom(t, srv, addr, views.SearchHref(news.EN, "☠ sleeper \u202e trains ✅"))
	}
	box := trendsShown(t, srv, news.EN)
	for _, bad := range []string{"evil", "casino", "VISIT", "visit", "the the", "☠", "\u202e", "✅", "gnp"} {
		if strings.Contains(box, bad) {
			t.Errorf("Search Trends show %q:\n%s", bad, box)
		}
	}
	if !strings.Contains(box, ">sleeper trains</a>") {
		t.Errorf("the words three readers searched are not shown as a clean term:\n%s", box)
	}
}

// Readers are told apart by address: one address with three browsers or
// three fresh sessions counts once; three addresses count three times.
func TestTrendsCountAddressesNotHeaders(t *testing.T) {
	srv, _ := newTestServer(t)
	q := views.SearchHref(news.ZH, "人才")
	for i := 0; i < 3; i++ {
		session := cookieHeader(get(t, srv, "/lang/zh?next=/zh/"))
		searchFrom(t, srv, "203.0.113.7:4000", q, "User-Agent: browser-"+string(rune('a'+i)), session)
	}
	// One IPv6 host with three addresses in its /64 is one reader too.
	for _, a := range []string{"[2001:db8:1:2::1]:1", "[2001:db8:1:2::2]:1", "[2001:db8:1:2:ffff::3]:1"} {
		searchFrom(t, srv, a, q)
	}
	if box := trendsShown(t, srv, news.ZH); box != "" {
		t.Fatalf("two readers (one address, one /64) put a term in Search Trends:\n%s", box)
	}
	searchFrom(t, srv, "203.0.113.8:4000", q)
	if box := trendsShown(t, srv, news.ZH); !strings.Contains(box, ">人才</a>") {
		t.Fatalf("three addresses did not put the term in Search Trends:\n%s", box)
	}
}

// One address counts at most maxCountsPerAddr searches a day.
func TestTrendsRateLimitPerAddress(t *testing.T) {
	srv, st := newTestServer(t)
	words := []string{"delta", "town", "wall", "sea", "future", "port", "crane", "library", "radio", "school",
		"train", "night", "verona", "tea", "festival", "poetry", "repair", "phone", "market", "stall",
		"diesel", "island", "movie", "rabbit", "factory", "forces"}
	for _, w := range words {
		searchFrom(t, srv, "192.0.2.200:1", views.SearchHref(news.EN, w))
	}
	today := dayOf(srv.cfg.Now())
	counted, err := st.Trends(context.Background(), news.EN, today, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(counted) > maxCountsPerAddr || len(counted) < maxCountsPerAddr-2 {
		t.Fatalf("one address counted %d searches, want at most %d (and about that many)", len(counted), maxCountsPerAddr)
	}
}

// Blocking folds as trends do and blocks by word or, for Chinese, by
// characters; an admin sees the terms in the newsroom and removes one there.
func TestTrendsBlockingAndAdmin(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	for _, addr := range []string{"192.0.2.1:1", "192.0.2.2:1", "192.0.2.3:1"} {
		searchFrom(t, srv, addr, views.SearchHref(news.ZH, "码头工人"))
		searchFrom(t, srv, addr, views.SearchHref(news.EN, "sleeper trains"))
		searchFrom(t, srv, addr, views.SearchHref(news.EN, "delta"))
	}
	if box := trendsShown(t, srv, news.ZH); !strings.Contains(box, ">码头工人</a>") {
		t.Fatalf("the Chinese term is not shown:\n%s", box)
	}
	// A spaced entry blocks the unspaced term.
	if err := st.BlockTerm(context.Background(), "码头 工人", 0); err != nil {
		t.Fatal(err)
	}
	if box := trendsShown(t, srv, news.ZH); strings.Contains(box, "码头工人") {
		t.Fatalf("blocking 码头 工人 misses 码头工人:\n%s", box)
	}
	// An editor cannot reach the page; an admin can.
	ed := signedIn(t, st, base, news.RoleEditor)
	if resp, _ := ed.get("/newsroom/trends"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor got the trends page: status %d, want 403", resp.StatusCode)
	}
	admin := signedIn(t, st, base, news.RoleAdmin)
	resp, page := admin.get("/newsroom/trends")
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{">sleeper trains</a>", ">delta</a>", "码头工人"} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin's trends page lacks %s", want)
		}
	}
	// Removing one word removes every term holding it, for readers at once.
	resp, _ = admin.post("/newsroom/trends", url.Values{"csrf": {admin.csrf}, "action": {"block"}, "term": {"Trains"}})
	mustStatus(t, resp, http.StatusSeeOther)
	box := trendsBox(body(t, get(t, srv, "/en/story/"+seawallEN)))
	if strings.Contains(box, "sleeper trains") || !strings.Contains(box, ">delta</a>") {
		t.Fatal("after removal the reader's box still shows the term, or lost the others")
	}
	resp, _ = admin.post("/newsroom/trends", url.Values{"csrf": {admin.csrf}, "action": {"unblock"}, "term": {"trains"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if box := trendsShown(t, srv, news.EN); !strings.Contains(box, ">sleeper trains</a>") {
		t.Fatalf("an allowed term does not come back:\n%s", box)
	}
	if resp, page := admin.post("/newsroom/trends", url.Values{"csrf": {admin.csrf}, "action": {"block"}, "term": {" "}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "letters or digits") {
		t.Fatalf("an empty term: status %d", resp.StatusCode)
	}
}

// A new reader counted for a term already shown changes no box, so the
// rendered pages stay cached.
func TestTrendsRefreshKeepsPagesWhenTermsStay(t *testing.T) {
	srv, _ := newTestServer(t)
	q := views.SearchHref(news.EN, "delta")
	for _, addr := range []string{"192.0.2.1:1", "192.0.2.2:1", "192.0.2.3:1"} {
		searchFrom(t, srv, addr, q)
	}
	trendsShown(t, srv, news.EN) // refreshes and caches the article
	key := pageKey{"/en/story/" + seawallEN, "", ""}
	if srv.pages.get(key) == nil {
		t.Fatal("the article was not cached")
	}
	searchFrom(t, srv, "192.0.2.4:1", q)
	if err := srv.RefreshTrends(context.Background()); err != nil {
		t.Fatal(err)
	}
	if srv.pages.get(key) == nil {
		t.Fatal("a count that changed no term emptied the page cache")
	}
}
