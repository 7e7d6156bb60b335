package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
	"broadsheet/internal/search"
	"broadsheet/internal/store"
)

var leadHeadlineRe = regexp.MustCompile(`(?s)<h2 class="lead-headline"><a href="[^"]*">([^<]*)</a>`)

// leadHeadline is the front page's lead headline in an edition.
func leadHeadline(t *testing.T, c *newsroomClient, prefix string) string {
	t.Helper()
	resp, page := c.get("/" + prefix + "/")
	mustStatus(t, resp, http.StatusOK)
	m := leadHeadlineRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("/%s/ has no lead", prefix)
	}
	return htmlUnescape(m[1])
}

// bilingualStories are published demo stories with both languages, oldest first.
func bilingualStories(t *testing.T, st *store.Store) []news.Card {
	t.Helper()
	cards, err := st.Latest(context.Background(), news.ZH, 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(cards)
	return cards
}

func englishHeadline(t *testing.T, st *store.Store, id int64) (string, string) {
	t.Helper()
	e, err := st.StoryForEdit(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range e.Translations {
		if tr.Lang == news.EN {
			return tr.Headline, tr.Slug
		}
	}
	t.Fatalf("story %d has no English", id)
	return "", ""
}

func TestFrontPagePinAndOrder(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor) // an editor, not only admins
	reader := newClient(t, base)
	stories := bilingualStories(t, st)
	old := stories[0]
	oldEN, _ := englishHeadline(t, st, old.StoryID)
	before := map[string]string{}
	for _, pre := range []string{"en", "zh", "zh-hant"} {
		before[pre] = leadHeadline(t, reader, pre) // cached now
	}
	if before["en"] == oldEN {
		t.Fatal("the oldest story leads before any pin")
	}

	resp, page := c.get("/newsroom/front")
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "No story is pinned") || !strings.Contains(page, html.EscapeString(oldEN)) {
		t.Fatal("the front page desk does not offer the published stories")
	}
	id := strconv.FormatInt(old.StoryID, 10)
	resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"lead"}, "story": {id}})
	mustStatus(t, resp, http.StatusSeeOther)
	if _, page = c.get(resp.Header.Get("Location")); !strings.Contains(page, "The front page shows the change now") {
		t.Fatal("no notice after pinning")
	}
	if got := leadHeadline(t, reader, "en"); got != oldEN {
		t.Fatalf("English lead=%q after pinning, want %q", got, oldEN)
	}
	if got := leadHeadline(t, reader, "zh"); got != old.Headline {
		t.Fatalf("Chinese lead=%q after pinning, want %q", got, old.Headline)
	}
	if got := leadHeadline(t, reader, "zh-hant"); got == before["zh-hant"] {
		t.Fatalf("the Traditional edition's cached lead %q did not change", got)
	}

	// Two top stories, the second moved up: the Latest list starts with them.
	a, b := stories[1], stories[2]
	for _, s := range []news.Card{a, b} {
		resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"top"}, "story": {strconv.FormatInt(s.StoryID, 10)}})
		mustStatus(t, resp, http.StatusSeeOther)
	}
	resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"up"}, "story": {strconv.FormatInt(b.StoryID, 10)}})
	mustStatus(t, resp, http.StatusSeeOther)
	_, front := reader.get("/zh/")
	latest := front[strings.Index(front, `id="latest-title"`):]
	if ib, ia := strings.Index(latest, b.Headline), strings.Index(latest, a.Headline); ib < 0 || ia < 0 || ib > ia {
		t.Fatalf("top stories not in the chosen order (b at %d, a at %d)", ib, ia)
	}
	if strings.Count(front, ">"+old.Headline+"<") != 1 {
		t.Fatal("the pinned lead appears more than once on the front page")
	}

	// Mistakes are explained and change nothing. Three more make five.
	for _, s := range stories[3:6] {
		resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"top"}, "story": {strconv.FormatInt(s.StoryID, 10)}})
		mustStatus(t, resp, http.StatusSeeOther)
	}
	resp, page = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"top"}, "story": {strconv.FormatInt(stories[9].StoryID, 10)}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "at most 5 top stories") {
		t.Fatal("a sixth top story is not refused with a reason")
	}
	resp, page = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"lead"}, "story": {"99999"}})
	mustStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "no longer exists") {
		t.Fatal("pinning a missing story is not explained")
	}
	if got := leadHeadline(t, reader, "en"); got != oldEN {
		t.Fatalf("a refused change moved the lead to %q", got)
	}
	resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"shuffle"}, "story": {id}})
	mustStatus(t, resp, http.StatusBadRequest)

	// Unpinned: the newest story with a photo leads again.
	resp, _ = c.post("/newsroom/front", url.Values{"csrf": {c.csrf}, "action": {"remove"}, "story": {id}})
	mustStatus(t, resp, http.StatusSeeOther)
	if got := leadHeadline(t, reader, "en"); got != before["en"] {
		t.Fatalf("lead=%q after unpinning, want %q", got, before["en"])
	}
}

func TestWithdrawOneLanguage(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	ctx := context.Background()
	c := signedIn(t, st, base, news.RoleEditor)
	reader := newClient(t, base)
	stories := bilingualStories(t, st)
	story := stories[len(stories)-1] // the newest: it leads the Chinese front page
	id := strconv.FormatInt(story.StoryID, 10)
	enHeadline, enSlug := englishHeadline(t, st, story.StoryID)
	if err := st.SetFrontPicks(ctx, story.StoryID, nil); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, func() *http.Response { r, _ := reader.get("/en/story/" + enSlug); return r }(), http.StatusOK)

	if _, editor := c.get("/newsroom/stories/" + id); !strings.Contains(editor, `href="/newsroom/stories/`+id+`/withdraw/en"`) ||
		!strings.Contains(editor, `href="/newsroom/stories/`+id+`/withdraw/zh"`) || strings.Contains(editor, "/delete") {
		t.Fatal("the editor of a live story does not offer each language's take-down (or offers a delete)")
	}
	resp, page := c.get("/newsroom/stories/" + id + "/withdraw/en")
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{"Take down the English version?", html.EscapeString(enHeadline), "https://news.example/en/story/" + enSlug,
		"Still on the site: Chinese.", "leaves the front page, feeds, sitemaps and search"} {
		if !strings.Contains(page, want) {
			t.Fatalf("the confirmation does not say %q", want)
		}
	}
	if !strings.Contains(page, "<title>Take down the English version?") {
		t.Fatal("the confirmation's title does not name the language")
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	// A form from before someone else's save is not acted on: it is asked
	// again, about the story as it now is.
	resp, page = c.post("/newsroom/stories/"+id+"/withdraw/en", url.Values{"csrf": {c.csrf}, "version": {"999"}})
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(page, "Someone saved this story") || !strings.Contains(page, `name="version" value="`+version+`"`) {
		t.Fatal("a stale confirmation is not explained and asked again")
	}
	resp, _ = c.post("/newsroom/stories/"+id+"/withdraw/en", url.Values{"csrf": {c.csrf}, "version": {version}})
	mustStatus(t, resp, http.StatusSeeOther)
	_, editor := c.get(resp.Header.Get("Location"))
	if !strings.Contains(editor, "Taken down.") {
		t.Fatal("no notice after taking a language down")
	}

	// English: 410 in the site's frame; Chinese, and Traditional made from it, stay.
	resp, page = reader.get("/en/story/" + enSlug)
	mustStatus(t, resp, http.StatusGone)
	if !strings.Contains(page, "Story withdrawn") || !strings.Contains(page, `<html lang="en"`) || !strings.Contains(page, `class="masthead`) {
		t.Fatal("the withdrawn story's page is not a notice in the site's frame")
	}
	for _, p := range []string{"/zh/story/" + story.Slug, "/zh-hant/story/" + story.Slug} {
		resp, _ = reader.get(p)
		mustStatus(t, resp, http.StatusOK)
	}
	if _, feed := reader.get("/en/feed.xml"); strings.Contains(feed, enSlug) {
		t.Fatal("the English feed still lists the withdrawn story")
	}
	urls, err := st.StoryURLs(ctx, news.EN, 10000, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		if u.Slug == enSlug {
			t.Fatal("the sitemap still lists the withdrawn story")
		}
	}
	q, _ := search.Parse(enHeadline)
	if n, _ := st.SearchCount(ctx, news.EN, q); n != 0 {
		t.Fatalf("English search still finds the withdrawn story %d times", n)
	}
	if got := leadHeadline(t, reader, "en"); got == enHeadline {
		t.Fatal("the withdrawn pinned lead still leads the English front page")
	}
	if got := leadHeadline(t, reader, "zh"); got != story.Headline {
		t.Fatalf("the Chinese lead=%q, want the pinned story, still out in Chinese", got)
	}
	// The editor kept it held: saving the story again does not bring it back.
	form := formFromEditor(t, editor)
	form.Set("action", "save")
	resp, _ = c.postStory("/newsroom/stories/"+id, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	resp, _ = reader.get("/en/story/" + enSlug)
	mustStatus(t, resp, http.StatusGone)
	_, revs := c.get("/newsroom/stories/" + id + "/revisions")
	if !strings.Contains(revs, "English version taken down by editor@example.com") {
		t.Fatal("the revisions do not record the take-down")
	}

	// Nothing to take down twice.
	resp, page = c.get("/newsroom/stories/" + id + "/withdraw/en")
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(page, "nothing to take down") {
		t.Fatal("taking down a language that is not out is not explained")
	}

	// The Chinese one too, in Chinese: the Traditional edition answers 410 in its own words.
	c.lang = "zh"
	_, page = c.get("/newsroom/stories/" + id + "/withdraw/zh")
	if !strings.Contains(page, "由其转换的繁体中文版一并撤下") || !strings.Contains(page, "读者将完全看不到") {
		t.Fatal("the Chinese confirmation does not name what readers lose")
	}
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	resp, _ = c.post("/newsroom/stories/"+id+"/withdraw/zh", url.Values{"csrf": {c.csrf}, "version": {version}})
	mustStatus(t, resp, http.StatusSeeOther)
	resp, page = reader.get("/zh-hant/story/" + story.Slug)
	mustStatus(t, resp, http.StatusGone)
	if !strings.Contains(page, "本文已下架") {
		t.Fatal("the Traditional edition's 410 is not in Traditional Chinese")
	}
	resp, page = reader.get("/zh/story/" + story.Slug)
	mustStatus(t, resp, http.StatusGone)
	if !strings.Contains(page, "稿件已撤下") {
		t.Fatal("the Simplified edition's 410 is not in Chinese")
	}

	// A draft never published, and an address that never was: 404.
	if _, _, err := st.SaveEdit(ctx, 0, 0, news.StoryInput{Key: "never", Section: "world", Translations: []news.TranslationInput{
		{Lang: news.EN, Slug: "never-out", Headline: "Never out", Markdown: "Draft."}}}, 0, "save"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/en/story/never-out", "/en/story/no-such-story", "/zh-hant/story/no-such-story"} {
		resp, _ = reader.get(p)
		mustStatus(t, resp, http.StatusNotFound)
	}
}

func TestDeleteDraftAndPhoto(t *testing.T) {
	srv, st, base := newNewsroomSite(t)
	ctx := context.Background()
	c := signedIn(t, st, base, news.RoleEditor)
	published := bilingualStories(t, st)[0]
	pid := strconv.FormatInt(published.StoryID, 10)

	// A published story is refused, with the reason, and no button.
	resp, page := c.get("/newsroom/stories/" + pid + "/delete")
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(page, "cannot be deleted") || strings.Contains(page, "Delete the draft") {
		t.Fatal("deleting a published story is not refused with a reason")
	}
	resp, _ = c.post("/newsroom/stories/"+pid+"/delete", url.Values{"csrf": {c.csrf}})
	mustStatus(t, resp, http.StatusConflict)
	if _, err := st.StoryForEdit(ctx, published.StoryID); err != nil {
		t.Fatal("the published story is gone")
	}

	// A scheduled one is refused too, saying how to delete it.
	sched, _, err := st.SaveEdit(ctx, 0, 0, news.StoryInput{Key: "later", Section: "world", Translations: []news.TranslationInput{
		{Lang: news.EN, Slug: "later", Headline: "Later", Markdown: "Soon.", PublishedAt: srv.cfg.Now().Add(100 * 24 * time.Hour)}}}, 0, "schedule")
	if err != nil {
		t.Fatal(err)
	}
	resp, page = c.get("/newsroom/stories/" + strconv.FormatInt(sched, 10) + "/delete")
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(page, "Cancel the schedule") {
		t.Fatal("deleting a scheduled story is not refused with the way out")
	}

	id, _, err := st.SaveEdit(ctx, 0, 0, news.StoryInput{Key: "scrap", Section: "world", Translations: []news.TranslationInput{
		{Lang: news.EN, Slug: "scrap", Headline: "A draft to scrap", Markdown: "Draft."},
		{Lang: news.ZH, Slug: "scrap-zh", Headline: "待删草稿", Markdown: "草稿。"}}}, 0, "save")
	if err != nil {
		t.Fatal(err)
	}
	did := strconv.FormatInt(id, 10)
	_, editor := c.get("/newsroom/stories/" + did)
	if !strings.Contains(editor, `href="/newsroom/stories/`+did+`/delete"`) {
		t.Fatal("the draft's editor offers no delete")
	}
	resp, page = c.get("/newsroom/stories/" + did + "/delete")
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "A draft to scrap") || !strings.Contains(page, "cannot be undone") {
		t.Fatal("the confirmation does not say what is lost")
	}
	resp, page = c.post("/newsroom/stories/"+did+"/delete", url.Values{"csrf": {c.csrf}})
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "was deleted") {
		t.Fatal("no word that the draft was deleted")
	}
	resp, _ = c.get("/newsroom/stories/" + did)
	mustStatus(t, resp, http.StatusNotFound)
	if revs, _ := st.Revisions(ctx, id); len(revs) != 0 {
		t.Fatalf("%d revisions left after delete", len(revs))
	}

	// Photos: one a story leads with is refused, naming the story; a free one goes.
	e, err := st.StoryForEdit(ctx, published.StoryID)
	if err != nil || e.LeadImage == "" {
		t.Fatalf("the demo story has no lead photo (err %v)", err)
	}
	resp, page = c.get("/newsroom/photos/" + url.PathEscape(e.LeadImage) + "/delete")
	mustStatus(t, resp, http.StatusConflict)
	if !strings.Contains(page, "cannot be deleted") || !strings.Contains(page, e.Key) {
		t.Fatal("deleting a photo in use does not name the story using it")
	}
	resp, _ = c.post("/newsroom/photos/"+url.PathEscape(e.LeadImage)+"/delete", url.Values{"csrf": {c.csrf}})
	mustStatus(t, resp, http.StatusConflict)
	resp, _ = c.postStory("/newsroom/photos", url.Values{"credit": {"Photo: Lab"}}, "spare.png", testPNG(600, 400))
	mustStatus(t, resp, http.StatusSeeOther)
	added, _ := url.QueryUnescape(strings.TrimPrefix(resp.Header.Get("Location"), "/newsroom/photos?added="))
	if _, lib := c.get("/newsroom/photos"); !strings.Contains(lib, "/newsroom/photos/"+added+"/delete") {
		t.Fatal("the photo library offers no delete")
	}
	resp, page = c.get("/newsroom/photos/" + added + "/delete")
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, "Delete the photo") {
		t.Fatal("no confirmation to delete an unused photo")
	}
	resp, _ = c.post("/newsroom/photos/"+added+"/delete", url.Values{"csrf": {c.csrf}})
	mustStatus(t, resp, http.StatusOK)
	if _, err := st.ImageInfo(ctx, added); err == nil {
		t.Fatal("the photo is still in the library")
	}
}

func TestRevisionChanges(t *testing.T) {
	_, st, base := newNewsroomSite(t)
	c := signedIn(t, st, base, news.RoleEditor)
	_, page := c.get("/newsroom/stories/new")
	resp, _ := c.postStory("/newsroom/stories/new", formWithToken(storyForm("Harbour robots share the quay", "港口机器人共用码头"), page), "", nil)
	mustStatus(t, resp, http.StatusSeeOther)
	edit := strings.Split(resp.Header.Get("Location"), "?")[0]
	_, editor := c.get(edit)
	form := formFromEditor(t, editor)
	form.Set("en-headline", "Harbour robots share the busy quay")
	form.Set("zh-headline", "港口机器人共用繁忙码头")
	form.Set("action", "save")
	resp, _ = c.postStory(edit, form, "", nil)
	mustStatus(t, resp, http.StatusSeeOther)

	_, revs := c.get(edit + "/revisions")
	links := regexp.MustCompile(`href="(/newsroom/stories/\d+/revisions/\d+/changes)"`).FindAllStringSubmatch(revs, -1)
	if len(links) != 2 {
		t.Fatalf("%d links to changes on the revisions page, want 2", len(links))
	}
	resp, page = c.get(links[0][1]) // the newest
	mustStatus(t, resp, http.StatusOK)
	for _, want := range []string{
		"Changes in version 2", "Compared with version 1",
		`<ins><span class="visually-hidden" lang="en">[added: </span>busy <span class="visually-hidden" lang="en">]</span></ins>`,
		`<ins><span class="visually-hidden" lang="en">[added: </span>繁忙<span class="visually-hidden" lang="en">]</span></ins>`,
		"Restore this version", `href="` + strings.TrimSuffix(links[0][1], "/changes") + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Fatalf("the changes page lacks %q", want)
		}
	}
	if strings.Contains(page, "<del>") {
		t.Fatal("an addition is shown as a deletion")
	}
	if strings.Contains(page, "Status") {
		t.Fatal("an update of a live story is shown as a change of status")
	}
	// The first version: everything is new.
	_, page = c.get(links[1][1])
	if !strings.Contains(page, "This is the first version") {
		t.Fatal("the first version is not said to be the first")
	}
	// Restore opens the version in the editor; nothing is saved until the editor saves.
	resp, page = c.get(strings.TrimSuffix(links[1][1], "/changes"))
	mustStatus(t, resp, http.StatusOK)
	if !strings.Contains(page, `value="Harbour robots share the quay"`) || !strings.Contains(page, "Nothing has changed yet") {
		t.Fatal("restore does not load the version into the editor")
	}
	if _, live := newClient(t, base).get("/en/story/harbour-robots-share-the-quay"); !strings.Contains(live, "busy quay") {
		t.Fatal("opening a version to restore changed the live story")
	}

	// A take-down changes no text: its changes say what readers saw change.
	_, page = c.get(edit + "/withdraw/en")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	resp, _ = c.post(edit+"/withdraw/en", url.Values{"csrf": {c.csrf}, "version": {version}})
	mustStatus(t, resp, http.StatusSeeOther)
	_, revs = c.get(edit + "/revisions")
	_, page = c.get(regexp.MustCompile(`href="(/newsroom/stories/\d+/revisions/\d+/changes)"`).FindStringSubmatch(revs)[1])
	if !strings.Contains(page, `<h3>Status</h3><p class="diff" lang="en"><del><span class="visually-hidden" lang="en">[removed: </span>Published`) ||
		!strings.Contains(page, `[added: </span>Draft`) || strings.Contains(page, "Headline") {
		t.Fatal("the take-down's changes do not show English going from published to draft, and nothing else")
	}
}
