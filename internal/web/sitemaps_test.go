package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/demo"
	"broadsheet/internal/news"
)

type testURLSet struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
		News struct {
			Title    string `xml:"title"`
			Language string `xml:"publication>language"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func TestSitemaps(t *testing.T) {
	srv, st := newTestServer(t)
	fresh := news.StoryInput{Key: "fresh", Section: "world", Translations: []news.TranslationInput{{
		Lang: news.ZH, Slug: "xin-wen", Headline: "刚刚发布", PublishedAt: srv.cfg.Now().Add(-time.Hour).Truncate(time.Second),
	}}}
	if _, err := st.SaveStory(t.Context(), fresh); err != nil {
		t.Fatal(err)
	}
	var index struct {
		Locs []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(get(t, srv, "/sitemap.xml").Body.Bytes(), &index); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(index.Locs, " "), "https://news.example/sitemaps/en-1.xml https://news.example/sitemaps/zh-1.xml https://news.example/sitemaps/zh-hant-1.xml https://news.example/sitemaps/news.xml"; got != want {
		t.Fatalf("index=%s, want %s", got, want)
	}
	var en testURLSet
	if err := xml.Unmarshal(get(t, srv, "/sitemaps/en-1.xml").Body.Bytes(), &en); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	for _, u := range en.URLs {
		var hl []string
		for _, l := range u.Links {
			hl = append(hl, l.Hreflang+"="+l.Href)
		}
		links[u.Loc] = strings.Join(hl, " ")
	}
	for loc, want := range map[string]string{
		"https://news.example/en/": "en=https://news.example/en/ zh-Hans=https://news.example/zh/ zh-Hant=https://news.example/zh-hant/ x-default=https://news.example/en/",
		"https://news.example/en/story/" + seawallEN: "en=https://news.example/en/story/" + seawallEN +
			" zh-Hans=https://news.example/zh/story/" + seawallZH + " zh-Hant=https://news.example/zh-hant/story/" + seawallZH +
			" x-default=https://news.example/en/story/" + seawallEN,
		"https://news.example/en/story/" + untranslEN: "en=https://news.example/en/story/" + untranslEN +
			" x-default=https://news.example/en/story/" + untranslEN,
	} {
		if got := links[loc]; got != want {
			t.Errorf("%s alternates=%q, want %q", loc, got, want)
		}
	}
	for _, u := range en.URLs {
		if u.LastMod == "" && !strings.HasSuffix(u.Loc, "/privacy") {
			t.Errorf("%s has no lastmod", u.Loc)
		}
	}
	// Documents are compressed once and cached like pages.
	if got := get(t, srv, "/sitemaps/en-1.xml", "Accept-Encoding: gzip").Header().Get("Content-Encoding"); got != "gzip" {
		t.Errorf("sitemap Content-Encoding=%q, want gzip", got)
	}
	if got := get(t, srv, "/en/feed.xml", "Accept-Encoding: br").Header().Get("Content-Encoding"); got != "br" {
		t.Errorf("feed Content-Encoding=%q, want br", got)
	}
	if got, want := len(en.URLs), 2+4+12; got != want {
		t.Errorf("English sitemap lists %d URLs, want %d (front, policy, 4 sections, 12 stories)", got, want)
	}
	var newsMap testURLSet
	if err := xml.Unmarshal(get(t, srv, "/sitemaps/news.xml").Body.Bytes(), &newsMap); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range newsMap.URLs {
		found = found || (u.Loc == "https://news.example/zh/story/xin-wen" && u.News.Title == "刚刚发布" && u.News.Language == "zh-cn")
	}
	if !found {
		t.Fatalf("news sitemap lacks the story published an hour ago: %+v", newsMap.URLs)
	}
	// The Traditional edition has its own sitemap, in its own script.
	var hant testURLSet
	if err := xml.Unmarshal(get(t, srv, "/sitemaps/zh-hant-1.xml").Body.Bytes(), &hant); err != nil {
		t.Fatal(err)
	}
	var hans testURLSet
	if err := xml.Unmarshal(get(t, srv, "/sitemaps/zh-1.xml").Body.Bytes(), &hans); err != nil {
		t.Fatal(err)
	}
	if got, want := len(hant.URLs), len(hans.URLs); got != want || got == 0 {
		t.Errorf("Traditional sitemap lists %d URLs, the Simplified one %d", got, want)
	}
	found = false
	for _, u := range newsMap.URLs {
		found = found || (u.Loc == "https://news.example/zh-hant/story/xin-wen" && u.News.Title == "剛剛發布" && u.News.Language == "zh-tw")
	}
	if !found {
		t.Fatalf("news sitemap lacks the Traditional story: %+v", newsMap.URLs)
	}
	for _, bad := range []string{"/sitemaps/en-2.xml", "/sitemaps/fr-1.xml", "/sitemaps/en-x.xml", "/sitemaps/en-1.txt", "/sitemaps/zh-hant-x.xml", "/sitemaps/hant-1.xml", "/sitemaps/-1.xml"} {
		if got := get(t, srv, bad).Code; got != 404 {
			t.Errorf("%s status=%d, want 404", bad, got)
		}
	}
	if b := body(t, get(t, srv, "/robots.txt")); !strings.Contains(b, "Sitemap: https://news.example/sitemap.xml") {
		t.Fatalf("robots.txt lacks the sitemap: %q", b)
	}
}

// With no story from the last two days the sitemap index leaves the news
// sitemap out and its URL is not found: an empty urlset is invalid.
func TestNewsSitemapLeftOutWhenNothingIsRecent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration // after the demo edition's newest story
		news  bool
	}{
		{"a day after", 24 * time.Hour, true},
		{"three days after", 72 * time.Hour, false},
		{"a year after", 365 * 24 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ed, err := demo.Load()
			if err != nil {
				t.Fatal(err)
			}
			at := demo.Newest(ed).Add(tc.after)
			srv, _ := newTestServer(t, func(c *Config) { c.Now = func() time.Time { return at } })
			idx := body(t, get(t, srv, "/sitemap.xml"))
			if got := strings.Contains(idx, "/sitemaps/news.xml"); got != tc.news {
				t.Fatalf("index names the news sitemap=%v, want %v:\n%s", got, tc.news, idx)
			}
			want := http.StatusNotFound
			if tc.news {
				want = http.StatusOK
			}
			rec := get(t, srv, "/sitemaps/news.xml")
			if rec.Code != want {
				t.Fatalf("news sitemap status=%d, want %d", rec.Code, want)
			}
			if tc.news && !strings.Contains(rec.Body.String(), "<url>") {
				t.Fatalf("news sitemap lists no story:\n%s", rec.Body.String())
			}
		})
	}
}
