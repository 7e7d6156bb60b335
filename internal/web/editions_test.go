package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"broadsheet/internal/content"
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
		if !strings.Contains(menu, `<span class="lang-current" lang="zh-Hant" aria-current="true">繁體</span>`) ||
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
	// The demo story's own exception keeps a name as written (亨里克, not
	// 亨裡克); one added by an editor applies on the next request.
	if page := body(t, get(t, srv, story)); !strings.Contains(page, "亨里克") || strings.Contains(page, "亨裡克") {
		t.Fatal("the demo story's exception is not applied")
	}
	edit, err := st.StoryForEdit(ctx, publishedStoryID(t, srv, seawallEN))
	if err != nil {
		t.Fatal(err)
	}
	// 码头 kept as written, in this story only: the harbour story, which has
	// the word too, still gets 碼頭.
	edit.Exceptions[news.ZHHant] = append(edit.Exceptions[news.ZHHant], news.Rule{From: "码头", To: "码头"})
	if _, _, err := st.SaveEdit(ctx, edit.ID, edit.Version, edit.StoryInput, 0, "draft"); err != nil {
		t.Fatal(err)
	}
	srv.Invalidate()
	if page := body(t, get(t, srv, story)); !strings.Contains(page, "码头街") || strings.Contains(page, "碼頭街") {
		t.Fatal("the story's new exception is not applied")
	}
	if page := body(t, get(t, srv, "/zh-hant/story/gang-kou-zi-dong-hua-diao-che-si-ji")); !strings.Contains(page, "碼頭") || strings.Contains(page, "码头") {
		t.Fatal("one story's exception reached another story's text")
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

// The glossary page: an editor lists words, every Traditional page follows
// at once; a wrong entry is explained in the editor's language and nothing
// is saved.
func TestNewsroomGlossary(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	resp, page := c.get("/newsroom/glossary")
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, `name="glossary-zh-hant"`) {
		t.Fatal("no glossary field for the Traditional edition")
	}
	resp, _ = c.post("/newsroom/glossary", url.Values{"csrf": {c.csrf}, "glossary-zh-hant": {"温德茅斯 → 溫德矛斯\r\n乾隆\r\n"}})
	mustStatus(t, resp, http.StatusSeeOther)
	reader := newClient(t, base)
	if _, p := reader.get("/zh-hant/story/" + seawallZH); !strings.Contains(p, "溫德矛斯") {
		t.Fatal("the story does not follow the saved glossary")
	}
	if _, p := c.get("/newsroom/glossary?saved=1"); !strings.Contains(p, "温德茅斯 → 溫德矛斯") || !strings.Contains(p, "Glossary saved") {
		t.Fatal("the glossary page does not show what was saved")
	}
	for bad, msg := range map[string]string{
		"温德茅斯 → 溫德":   "both sides need the same number of characters",
		"→ 臺灣":        "Line 1: write the word",
		"台湾\n台湾 → 臺灣": "Line 2: “台湾” is listed twice",
	} {
		resp, p := c.post("/newsroom/glossary", url.Values{"csrf": {c.csrf}, "glossary-zh-hant": {bad}})
		mustStatus(t, resp, http.StatusUnprocessableEntity)
		if !strings.Contains(html.UnescapeString(p), msg) {
			t.Errorf("glossary %q: the page does not say %q", bad, msg)
		}
	}
	if rules, _ := st.Glossary(context.Background(), news.ZHHant); len(rules) != 2 {
		t.Fatalf("a refused glossary changed the saved one: %v", rules)
	}
	// In Chinese, the same mistake is explained in Chinese.
	c.lang = "zh-CN"
	_, p := c.post("/newsroom/glossary", url.Values{"csrf": {c.csrf}, "glossary-zh-hant": {"台湾\n台湾 → 臺灣"}})
	if !strings.Contains(p, "第2行：“台湾”重复出现。") {
		t.Fatal("the error is not in Chinese")
	}
}

// The editor keeps a story's exceptions, and its preview shows the
// Traditional page with the words the conversion changed.
func TestEditorConversionPreviewAndExceptions(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	c.get("/newsroom/stories/new")
	form := storyForm("Harbour robots", "亨里克说港口机器人发展很快")
	form.Set("zh-zh-hant-exceptions", "亨里克")
	form.Set("action", "preview")
	resp, page := c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{
		`<div class="preview" lang="zh-Hant">`,
		"亨里克說港口機器人發展很快",                                                   // the exception kept the name
		`<span lang="zh-Hans">发展</span> → <mark lang="zh-Hant">發展</mark>`, // a converted word, listed
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the preview lacks %s", want)
		}
	}
	form.Set("action", "publish")
	resp, _ = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, edit := c.get(resp.Header.Get("Location"))
	if !strings.Contains(edit, ">亨里克\n</textarea>") {
		t.Fatal("the saved exception is not in the editor")
	}
	srv.Invalidate()
	slugs, err := st.StoryURLs(context.Background(), news.ZHHant, 1, 0)
	if err != nil || len(slugs) == 0 {
		t.Fatal(err)
	}
	if _, p := newClient(t, base).get("/zh-hant/story/" + slugs[0].Slug); !strings.Contains(p, "亨里克說") {
		t.Fatal("readers do not get the story's exception")
	}
	// A wrong exception is explained beside its field and nothing is saved.
	form.Set("zh-zh-hant-exceptions", "亨里克 → 亨")
	resp, page = c.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(html.UnescapeString(page), "“亨里克”: both sides need the same number of characters") {
		t.Fatal("a wrong exception is not explained")
	}
}

// The harbour story as the Traditional edition serves it — the conversion,
// the site's glossary and the story's own exceptions together — is word for
// word the text a reader of Traditional Chinese wrote by hand
// (internal/hant/testdata), where OpenCC's s2tw alone differs in four places.
func TestTraditionalStoryMatchesHandWrittenText(t *testing.T) {
	_, st := newTestServer(t)
	const slug = "gang-kou-zi-dong-hua-diao-che-si-ji"
	hand, err := os.ReadFile(filepath.Join("..", "hant", "testdata", slug+".zh-Hant.txt"))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(hand), "\n\n", 3)
	want, err := content.Blocks([]byte(parts[2]))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Story(context.Background(), news.ZHHant, slug)
	if err != nil {
		t.Fatal(err)
	}
	if got.Headline != parts[0] || got.Summary != strings.TrimSpace(parts[1]) {
		t.Errorf("headline/summary:\n%s\n%s\nwant\n%s\n%s", got.Headline, got.Summary, parts[0], parts[1])
	}
	if len(got.Body) != len(want) {
		t.Fatalf("%d blocks, the hand-written text has %d", len(got.Body), len(want))
	}
	for i, w := range want {
		g := got.Body[i]
		if g.Kind != w.Kind || g.Text != w.Text {
			t.Errorf("block %d:\n%s\nwant\n%s", i+1, g.Text, w.Text)
		}
		if w.Image != nil && (g.Image == nil || g.Image.Alt != w.Image.Alt || g.Image.Caption != w.Image.Caption) {
			t.Errorf("block %d: picture's words %+v, want alt %q caption %q", i+1, g.Image, w.Image.Alt, w.Image.Caption)
		}
	}
}
