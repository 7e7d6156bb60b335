package web

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/hant"
	"broadsheet/internal/news"
	"broadsheet/views"
)

// Every page of the Simplified edition exists in the Traditional one, at the
// same address under /zh-hant/, in Traditional characters, canonical to
// itself and listed among every page's alternates.
func TestTraditionalEditionPages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	hans, err := st.Story(ctx, news.ZH, seawallZH)
	if err != nil {
		t.Fatal(err)
	}
	headline := hant.S2TW().Convert(hans.Headline)
	if headline == hans.Headline {
		t.Fatalf("the test story's headline %q has nothing to convert", headline)
	}
	for _, rest := range []string{"/", "/section/world", "/story/" + seawallZH, "/privacy"} {
		path := "/zh-hant" + rest
		rec := get(t, srv, path)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
		page := body(t, rec)
		if !strings.Contains(page, `<html lang="zh-Hant">`) {
			t.Errorf("%s: not marked zh-Hant", path)
		}
		if want := `<link rel="canonical" href="https://news.example` + path + `">`; !strings.Contains(page, want) {
			t.Errorf("%s: canonical is not the page itself", path)
		}
		for _, e := range news.Editions {
			alt := `hreflang="` + string(e.Lang) + `" href="https://news.example/` + e.Prefix + rest + `"`
			if rest == "/story/"+seawallZH && e.Lang == news.EN {
				alt = `hreflang="en" href="https://news.example/en/story/` + seawallEN + `"`
			}
			if !strings.Contains(page, alt) {
				t.Errorf("%s: no alternate %s", path, alt)
			}
		}
		// The menu names the edition the reader is in and links the others.
		menu := regexp.MustCompile(`(?s)<nav class="lang-menu".*?</nav>`).FindString(page)
		if !strings.Contains(menu, `<span class="lang-current" lang="zh-Hant" aria-current="true">繁體中文</span>`) ||
			strings.Count(menu, `class="lang-toggle"`) != len(news.Editions)-1 {
			t.Errorf("%s: language menu %s", path, menu)
		}
		if strings.Contains(page, hans.Headline) {
			t.Errorf("%s shows the Simplified headline %q", path, hans.Headline)
		}
		if rest != "/privacy" && !strings.Contains(page, headline) {
			t.Errorf("%s lacks the converted headline %q", path, headline)
		}
	}
	// Its own feeds, in its own script, linking its own pages.
	for _, feed := range []string{"/zh-hant/feed.xml", "/zh-hant/atom.xml", "/zh-hant/section/world/feed.xml"} {
		b := body(t, get(t, srv, feed))
		if !strings.Contains(b, headline) || !strings.Contains(b, "https://news.example/zh-hant/story/"+seawallZH) ||
			strings.Contains(b, hans.Headline) {
			t.Errorf("%s: not the Traditional edition's feed", feed)
		}
	}
	// The menu leads to the same story in every edition, and saves the choice.
	rec := get(t, srv, toggleHref(news.ZHHant, "/zh-hant/story/"+seawallZH))
	if got := rec.Header().Get("Location"); got != "/zh-hant/story/"+seawallZH {
		t.Fatalf("menu redirect=%q", got)
	}
	chosen := cookieHeader(rec)
	if got := get(t, srv, "/", chosen, "Accept-Language: en").Header().Get("Location"); got != "/zh-hant/" {
		t.Fatalf("after choosing Traditional, / leads to %q", got)
	}
	// A story with no Chinese translation: the honest page, in Traditional.
	rec = get(t, srv, "/zh-hant/story/"+untranslEN)
	if rec.Code != 404 || !strings.Contains(body(t, rec), `<html lang="zh-Hant">`) {
		t.Fatalf("untranslated story in Traditional: status %d", rec.Code)
	}
}

// Text the conversion must not touch stays as written: addresses, English,
// numbers; and the character count never changes.
func TestTraditionalStoryKeepsWhatIsNotChinese(t *testing.T) {
	_, st := newTestServer(t)
	ctx := context.Background()
	hans, err := st.Story(ctx, news.ZH, seawallZH)
	if err != nil {
		t.Fatal(err)
	}
	trad, err := st.Story(ctx, news.ZHHant, seawallZH)
	if err != nil {
		t.Fatal(err)
	}
	if trad.Lang != news.ZHHant || trad.Slug != hans.Slug || trad.Translations[news.ZHHant] != seawallZH {
		t.Fatalf("Traditional story: lang %v slug %q translations %v", trad.Lang, trad.Slug, trad.Translations)
	}
	tag := regexp.MustCompile(`<[^>]*>`)
	for i, b := range hans.Body {
		tb := trad.Body[i]
		if got, want := len([]rune(tb.HTML)), len([]rune(b.HTML)); got != want {
			t.Errorf("block %d: %d characters, the Simplified %d", i, got, want)
		}
		if got, want := strings.Join(tag.FindAllString(tb.HTML, -1), ""), strings.Join(tag.FindAllString(b.HTML, -1), ""); got != want {
			t.Errorf("block %d: markup changed: %s, want %s", i, got, want)
		}
		if b.Embed != nil && (tb.Embed.Src != b.Embed.Src || tb.Embed.URL != b.Embed.URL) {
			t.Errorf("block %d: embed address changed", i)
		}
	}
	if trad.Image != nil && trad.Image.Name != hans.Image.Name {
		t.Fatalf("picture name changed: %q", trad.Image.Name)
	}
}

// /zh-hant/search finds what /zh/search finds, for a query typed in either
// script, and marks the matches in Traditional.
func TestTraditionalSearch(t *testing.T) {
	srv, _ := newTestServer(t)
	results := func(path string) string {
		page := body(t, get(t, srv, path))
		var heads []string
		for _, m := range regexp.MustCompile(`<h2 class="card-headline"><a href="/[a-z-]+/story/([a-z0-9-]+)"`).FindAllStringSubmatch(page, -1) {
			heads = append(heads, m[1])
		}
		return strings.Join(heads, " ")
	}
	for _, tc := range []struct{ hans, hant, mark string }{
		{"夜车 欧洲", "夜車 歐洲", `<mark>歐洲</mark>臥鋪<mark>夜車</mark>`},
		{"海堤", "海堤", `加高<mark>海堤</mark>，還是`},
		{"新质生产力", "新質生產力", `<mark>新質生產力</mark>`},
	} {
		want := results(views.SearchHref(news.ZH, tc.hans))
		if want == "" {
			t.Fatalf("/zh/search?q=%s finds nothing", tc.hans)
		}
		for _, q := range []string{tc.hant, tc.hans} {
			path := views.SearchHref(news.ZHHant, q)
			if got := results(path); got != want {
				t.Errorf("%s found %q, /zh/search found %q", path, got, want)
			}
			page := body(t, get(t, srv, path))
			if !strings.Contains(page, tc.mark) {
				t.Errorf("%s does not mark %s", path, tc.mark)
			}
			if !strings.Contains(page, `value="`+q+`"`) {
				t.Errorf("%s does not repeat the query as typed", path)
			}
		}
	}
}

// Both scripts count as one Search Trends term, shown in each edition's script.
func TestTraditionalTrendsCountBothScripts(t *testing.T) {
	srv, _ := newTestServer(t)
	searchFrom(t, srv, "192.0.2.1:1", views.SearchHref(news.ZH, "码头工人"))
	searchFrom(t, srv, "192.0.2.2:1", views.SearchHref(news.ZHHant, "碼頭工人"))
	searchFrom(t, srv, "192.0.2.3:1", views.SearchHref(news.ZHHant, "碼頭工人"))
	if box := trendsShown(t, srv, news.ZH); !strings.Contains(box, ">码头工人</a>") {
		t.Fatalf("three readers in two scripts do not make a Simplified trend:\n%s", box)
	}
	box := trendsShown(t, srv, news.ZHHant)
	if !strings.Contains(box, ">碼頭工人</a>") || !strings.Contains(box, `href="/zh-hant/search?q=`) {
		t.Fatalf("the Traditional edition does not show the term in its script:\n%s", box)
	}
}

// Editors' rules reach every page: a glossary change shows at once on story
// pages (stored parts included) and lists; a story's own exceptions only on
// its own text.
func TestGlossaryAndExceptionsRefreshPages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	story := "/zh-hant/story/" + seawallZH
	before := body(t, get(t, srv, story))
	if !strings.Contains(before, "溫德茅斯") {
		t.Fatal("the story does not name 溫德茅斯")
	}
	if err := st.SetGlossary(ctx, news.ZHHant, []news.Rule{{From: "温德茅斯", To: "溫德矛斯"}}); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	if page := body(t, get(t, srv, story)); !strings.Contains(page, "溫德矛斯") || strings.Contains(page, "溫德茅斯") {
		t.Fatal("the story page does not follow the glossary")
	}
	if page := body(t, get(t, srv, "/zh-hant/")); !strings.Contains(page, "溫德矛斯") {
		t.Fatal("the front page does not follow the glossary")
	}
	if page := body(t, get(t, srv, "/zh/story/"+seawallZH)); strings.Contains(page, "溫德矛斯") {
		t.Fatal("the glossary changed the Simplified edition")
	}
	// A rule that would change the length or more than Chinese is refused.
	for _, bad := range []news.Rule{{From: "温德茅斯", To: "溫德"}, {From: "温德", To: "wende"}} {
		if err := st.SetGlossary(ctx, news.ZHHant, []news.Rule{bad}); err == nil {
			t.Errorf("glossary rule %v accepted", bad)
		}
	}
	// A story's own exception: "keep as is" for a name in that story.
	edit, err := st.StoryForEdit(ctx, publishedStoryID(t, srv, seawallEN))
	if err != nil {
		t.Fatal(err)
	}
	edit.Exceptions = map[news.Lang][]news.Rule{news.ZHHant: {{From: "亨里克", To: "亨里克"}}}
	if _, _, err := st.SaveEdit(ctx, edit.ID, edit.Version, edit.StoryInput, 0, "draft"); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	if page := body(t, get(t, srv, story)); !strings.Contains(page, "亨里克") || strings.Contains(page, "亨裡克") {
		t.Fatal("the story's exception is not applied")
	}
	if again, err := st.StoryForEdit(ctx, edit.ID); err != nil || len(again.Exceptions[news.ZHHant]) != 1 {
		t.Fatalf("exceptions read back: %v, %v", again.Exceptions, err)
	}
}

// publishedStoryID is the id of the story published at an English slug.
func publishedStoryID(t *testing.T, srv *Server, slug string) int64 {
	t.Helper()
	st, err := srv.store.Story(context.Background(), news.EN, slug)
	if err != nil {
		t.Fatal(err)
	}
	return st.StoryID
}
