package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/views"
)

// Story pages give published and updated times with hour and minute in the
// site's time zone, which an admin sets; cards give the day alone.
func TestSiteTimeZone(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	story := "/en/story/" + seawallEN
	if page := body(t, get(t, srv, story)); !strings.Contains(page, ">November 26, 2026, 07:30 UTC</time>") {
		t.Fatal("the story page does not give the time in UTC")
	}
	if page := body(t, get(t, srv, "/zh/story/"+seawallZH)); !strings.Contains(page, ">2026年11月26日 07:30 UTC</time>") {
		t.Fatal("the Chinese story page does not give the time")
	}
	ed := signedIn(t, st, base, news.RoleEditor)
	if resp, _ := ed.get("/newsroom/settings"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("an editor got the settings: status %d", resp.StatusCode)
	}
	admin := signedIn(t, st, base, news.RoleAdmin)
	admin.get("/newsroom/settings")
	resp, page := admin.post("/newsroom/settings", url.Values{"csrf": {admin.csrf}, "time_zone": {"Mars/Olympus_Mons"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(html.UnescapeString(page), "“Mars/Olympus_Mons” is not a time zone name") {
		t.Fatal("an unknown zone is not explained")
	}
	resp, _ = admin.post("/newsroom/settings", url.Values{"csrf": {admin.csrf}, "time_zone": {"Asia/Taipei"}})
	mustStatus(t, resp, http.StatusSeeOther)
	for path, want := range map[string]string{
		story:                         ">November 26, 2026, 15:30 CST</time>",
		"/zh-hant/story/" + seawallZH: ">2026年11月26日 15:30 CST</time>",
	} {
		if page := body(t, get(t, srv, path)); !strings.Contains(page, want) {
			t.Errorf("%s does not show %s after the zone changed", path, want)
		}
	}
	if _, p := admin.get("/newsroom/settings?saved=1"); !strings.Contains(p, `value="Asia/Taipei"`) {
		t.Fatal("the settings page does not show the saved zone")
	}

	// The newsroom reads and shows times in the site's zone too: a story
	// scheduled for 20:00 goes out at 20:00 Taipei time, 12:00 UTC.
	day := srv.cfg.Now().In(time.UTC).AddDate(0, 0, 2).Format("2006-01-02")
	ed.get("/newsroom/stories/new")
	form := storyForm("Evening story", "")
	form.Set("action", "schedule")
	form.Set("schedule_at", day+"T20:00:00")
	resp, _ = ed.postStory("/newsroom/stories/new", form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	_, editor := ed.get(resp.Header.Get("Location"))
	if !strings.Contains(editor, `value="`+day+`T20:00:00"`) || !strings.Contains(editor, "Asia/Taipei") ||
		!strings.Contains(editor, "20:00:00 CST") {
		t.Error("the editor does not show the schedule in the site's zone")
	}
	e, err := st.StoryForEdit(t.Context(), storyIDFrom(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := e.Translations[0].PublishedAt.UTC().Format("2006-01-02 15:04"), day+" 12:00"; got != want {
		t.Errorf("scheduled for %s UTC, want %s", got, want)
	}
}

// storyIDFrom reads the story id from an editor address.
func storyIDFrom(t *testing.T, loc string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(loc, "/newsroom/stories/"), "%d", &id); err != nil {
		t.Fatalf("no story id in %q", loc)
	}
	return id
}

// settingsForm is the settings form as an admin sends it: every field of
// both written languages, empty (the default) unless given.
func settingsForm(csrf string, fields map[string]string) url.Values {
	form := url.Values{"csrf": {csrf}, "time_zone": {""}}
	for _, lang := range news.Langs {
		for _, f := range news.SiteFields {
			id := views.SiteFieldID(lang, f.Name)
			form.Set(id, fields[id])
		}
	}
	return form
}

// The site's name, tagline, footer note and privacy text are the owner's:
// set in the newsroom, they show at once everywhere the site names itself
// — front, story pages (stored parts too), feeds, the privacy page — and in
// the Traditional edition converted; set back, the site is as it was.
func TestSiteText(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	ctx := context.Background()
	story := "/en/story/" + seawallEN
	hantStory := "/zh-hant/story/" + seawallZH
	before := map[string]string{}
	for _, path := range []string{"/en/", story, "/en/privacy", "/zh-hant/", hantStory, "/zh-hant/privacy"} {
		before[path] = body(t, get(t, srv, path))
	}
	if !strings.Contains(before["/en/"], "<title>Broadsheet – News in English and Chinese</title>") {
		t.Fatal("the front page's title is not the default")
	}
	if sp, _ := st.StoryParts(ctx, news.EN, seawallEN, srv.build); sp.Parts == nil {
		t.Fatal("the story's parts are not stored")
	}

	admin := signedIn(t, st, base, news.RoleAdmin)
	_, page := admin.get("/newsroom/settings")
	for _, want := range []string{
		`id="site-en-name" name="site-en-name" value="Broadsheet" lang="en"`,
		`id="site-zh-Hans-privacy" name="site-zh-Hans-privacy" lang="zh-Hans"`,
		"## The essential cookie", // the built-in policy, to edit from
		"Site name (Chinese)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the settings page lacks %s", want)
		}
	}

	en, zh := func(f string) string { return views.SiteFieldID(news.EN, f) }, func(f string) string { return views.SiteFieldID(news.ZH, f) }
	form := settingsForm(admin.csrf, map[string]string{
		en("name"): "The Harbour Ledger", en("tagline"): "Local news, both languages", en("footer"): "Owned by its readers.",
		en("privacy"): "We keep **nothing** about you.\r\n\r\n## Contact\r\n\r\nWrite to [the editor](mailto:privacy@example.org).",
		zh("name"):    "海港纪事报", zh("footer"): "本报归读者所有。",
		zh("privacy"): "我们不保存任何个人资料。\r\n\r\n## 联系方式\r\n\r\n请来信。",
	})
	resp, _ := admin.post("/newsroom/settings", form)
	mustStatus(t, resp, http.StatusSeeOther)
	if sp, _ := st.StoryParts(ctx, news.EN, seawallEN, srv.build); sp.Parts != nil {
		t.Fatal("the story's stored parts, which embed the old name, are kept")
	}
	hant := func(s string) string {
		c := st.ConvertText(news.ZHHant, s)
		if c == s {
			t.Fatalf("%s does not change in Traditional characters: a weak test", s)
		}
		return c
	}
	want := map[string][]string{
		"/en/": {"<title>The Harbour Ledger – Local news, both languages</title>", `<meta name="description" content="Local news, both languages">`,
			`<a class="brand" href="/en/">The Harbour Ledger</a>`, `<meta property="og:site_name" content="The Harbour Ledger">`,
			`"name":"The Harbour Ledger"`, `title="The Harbour Ledger (RSS)"`, "<p>Owned by its readers.</p>", "Search The Harbour Ledger"},
		story: {"– The Harbour Ledger</title>", `<a class="brand" href="/en/">The Harbour Ledger</a>`,
			`"name":"The Harbour Ledger"`, "<p>Owned by its readers.</p>"},
		"/en/privacy": {"<p>We keep <strong>nothing</strong> about you.</p>", "<h2>Contact</h2>", `<a href="mailto:privacy@example.org">the editor</a>`,
			"Policy version 1", "Cookie settings</a></p>"},
		"/en/atom.xml": {"<title>The Harbour Ledger</title>", "<name>The Harbour Ledger</name>"},
		"/en/feed.xml": {"<title>The Harbour Ledger</title>", "<description>Local news, both languages</description>"},
		"/zh/":         {"<title>海港纪事报 – 中英双语新闻</title>", "<p>本报归读者所有。</p>"},
		"/zh/privacy":  {"<p>我们不保存任何个人资料。</p>", "<h2>联系方式</h2>"},
		"/zh-hant/": {"<title>" + hant("海港纪事报") + " – 中英雙語新聞</title>", `<meta property="og:site_name" content="` + hant("海港纪事报") + `">`,
			"<p>" + hant("本报归读者所有。") + "</p>"},
		hantStory:           {"– " + hant("海港纪事报") + "</title>", `"name":"` + hant("海港纪事报") + `"`},
		"/zh-hant/privacy":  {"<p>" + hant("我们不保存任何个人资料。") + "</p>", "<h2>" + hant("联系方式") + "</h2>"},
		"/zh-hant/atom.xml": {"<title>" + hant("海港纪事报") + "</title>"},
	}
	check := func(when string) {
		t.Helper()
		for path, wants := range want {
			page := body(t, get(t, srv, path))
			for _, w := range wants {
				if !strings.Contains(page, w) {
					t.Errorf("%s: %s lacks %s", when, path, w)
				}
			}
			if strings.Contains(page, ">Broadsheet<") || strings.Contains(page, "Broadsheet is an independent") {
				t.Errorf("%s: %s still names Broadsheet", when, path)
			}
		}
		if page := body(t, get(t, srv, "/en/privacy")); strings.Contains(page, "does not track you") {
			t.Errorf("%s: the built-in policy shows beside the site's own", when)
		}
	}
	check("after the change")
	// The story pages again, spliced from the parts stored just now.
	if sp, _ := st.StoryParts(ctx, news.ZHHant, seawallZH, srv.build); sp.Parts == nil {
		t.Fatal("the Traditional story's parts are not stored again")
	}
	srv.pages.clear()
	check("from stored parts")

	// A form without the site's text (one made before it was a setting)
	// changes the time zone alone.
	resp, _ = admin.post("/newsroom/settings", url.Values{"csrf": {admin.csrf}, "time_zone": {"UTC"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if texts, _ := st.SiteTexts(ctx); texts[news.EN].Name != "The Harbour Ledger" || texts[news.ZH].Name != "海港纪事报" {
		t.Fatalf("a form without the site's text changed it: %+v", texts)
	}

	// The site's text follows the glossary, like every other Chinese text.
	_, page = admin.get("/newsroom/glossary")
	m := regexp.MustCompile(`name="glossary-zh-hant"[^>]*>([^<]*)</textarea>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no glossary on the glossary page")
	}
	glossary := html.UnescapeString(m[1])
	resp, _ = admin.post("/newsroom/glossary", url.Values{"csrf": {admin.csrf}, "glossary-zh-hant": {glossary + "\n纪事报 → 記事報"}})
	mustStatus(t, resp, http.StatusSeeOther)
	if page := body(t, get(t, srv, "/zh-hant/")); !strings.Contains(page, `<a class="brand" href="/zh-hant/">海港記事報</a>`) {
		t.Error("the Traditional edition's name does not follow the glossary")
	}
	admin.post("/newsroom/glossary", url.Values{"csrf": {admin.csrf}, "glossary-zh-hant": {glossary}})
	admin.get("/newsroom/settings")

	// Too long: a localized 422 with the text kept, and nothing changes.
	long := strings.Repeat("x", news.MaxSiteName+1)
	bad := settingsForm(admin.csrf, map[string]string{en("name"): long, zh("name"): "新名字"})
	resp, page = admin.post("/newsroom/settings", bad)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "This has 61 characters; at most 60 are allowed.") || !strings.Contains(page, `value="`+long+`"`) ||
		!strings.Contains(page, `aria-describedby="site-en-name-hint site-en-name-error"`) {
		t.Fatal("a name too long is not explained on the form, with the text kept")
	}
	admin.lang = "zh-Hans"
	bad.Set(zh("privacy"), "![图](photo.png)")
	resp, page = admin.post("/newsroom/settings", bad)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	for _, w := range []string{"已输入61个字，超过60字的上限。", "隐私页面只能显示文字，请删去图片、视频和代码块。"} {
		if !strings.Contains(page, w) {
			t.Errorf("the Chinese form lacks %s", w)
		}
	}
	// Two privacy texts near the limit are a large form (a Chinese character
	// is sent as 9 bytes): it is read and answered, not refused whole.
	bad.Set(zh("privacy"), strings.Repeat("隐", news.MaxSitePrivacy+1))
	bad.Set(en("privacy"), strings.Repeat("p", news.MaxSitePrivacy))
	resp, page = admin.post("/newsroom/settings", bad)
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "已输入20001个字，超过20000字的上限。") {
		t.Error("a privacy text too long is not explained")
	}
	admin.lang = "en"
	check("after refused changes")

	// Saved as the form shows the defaults, or empty, the site is as it was:
	// the Traditional edition keeps its own wording of the defaults.
	defaults := map[string]string{}
	for _, lang := range news.Langs {
		def := srv.defaultSiteText(lang)
		for _, f := range news.SiteFields {
			defaults[views.SiteFieldID(lang, f.Name)] = strings.ReplaceAll(*f.Get(&def), "\n", "\r\n")
		}
	}
	defaults[zh("footer")] = ""
	resp, _ = admin.post("/newsroom/settings", settingsForm(admin.csrf, defaults))
	mustStatus(t, resp, http.StatusSeeOther)
	if texts, _ := st.SiteTexts(ctx); texts[news.EN] != (news.SiteText{}) || texts[news.ZH] != (news.SiteText{}) {
		t.Fatalf("the defaults were stored as the site's own text: %+v", texts)
	}
	for path, was := range before {
		if got := body(t, get(t, srv, path)); got != was {
			t.Errorf("%s differs from before the changes", path)
		}
	}
	if feed := body(t, get(t, srv, "/en/atom.xml")); !strings.Contains(feed, "<title>Broadsheet</title>") {
		t.Error("the feed's title is not the default again")
	}
}

// Whatever an admin types is text: escaped on every page and in feeds,
// the privacy text sanitized like a story body.
func TestSiteTextIsEscaped(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	admin := signedIn(t, st, base, news.RoleAdmin)
	admin.get("/newsroom/settings")
	en := func(f string) string { return views.SiteFieldID(news.EN, f) }
	resp, _ := admin.post("/newsroom/settings", settingsForm(admin.csrf, map[string]string{
		en("name"): "Tom & Jerry's <i>Ledger</i>\x01", en("tagline"): `"Quoted" </title><script>alert(1)</script>`,
		en("footer"):  "<script>alert(2)</script>",
		en("privacy"): "<script>alert(3)</script>\n\nRead [this](javascript:alert(4)) <img src=x onerror=alert(5)>.",
	}))
	mustStatus(t, resp, http.StatusSeeOther)
	for _, path := range []string{"/en/", "/en/story/" + seawallEN, "/en/privacy"} {
		page := body(t, get(t, srv, path))
		assertNoActiveContent(t, path, page)
		if !strings.Contains(page, "Tom &amp; Jerry&#39;s &lt;i&gt;Ledger&lt;/i&gt;</a>") || strings.Contains(page, "\x01") {
			t.Errorf("%s does not show the name as typed text", path)
		}
		if strings.Contains(page, "javascript:") {
			t.Errorf("%s links to javascript:", path)
		}
	}
	for _, path := range []string{"/en/atom.xml", "/en/feed.xml"} {
		var doc struct{ XMLName xml.Name }
		if err := xml.Unmarshal([]byte(body(t, get(t, srv, path))), &doc); err != nil {
			t.Errorf("%s is not XML: %v", path, err)
		}
	}
}
