package web

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// Section pages, read one after the other, list a section's published
// stories newest first (ties by the newer story), each once, none scheduled
// for later; the page after the last is a 404.
func TestSectionPagesListEveryStoryInOrder(t *testing.T) {
	var now func() time.Time
	srv, st := newTestServer(t, func(c *Config) { now = c.Now })
	ctx := t.Context()
	if err := st.PutSection(ctx, "archive", 9, map[news.Lang]string{news.EN: "Archive", news.ZH: "档案"}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 3))
	type row struct {
		slug string
		id   int64
		pub  time.Time
	}
	var want []row
	base := now().Truncate(time.Hour)
	for i := range 45 {
		pub := base.Add(-time.Duration(r.IntN(20)) * time.Hour) // many share an hour
		if i%6 == 0 {
			pub = base.Add(time.Duration(2+r.IntN(48)) * time.Hour) // scheduled
		}
		slug := fmt.Sprintf("archive-story-%02d", i)
		id, err := st.SaveStory(ctx, news.StoryInput{Key: slug, Section: "archive", Translations: []news.TranslationInput{{
			Lang: news.EN, Slug: slug, Headline: fmt.Sprintf("Archive story %d", i), PublishedAt: pub}}})
		if err != nil {
			t.Fatal(err)
		}
		if !pub.After(now()) {
			want = append(want, row{slug, id, pub})
		}
	}
	slices.SortFunc(want, func(x, y row) int { return cmp.Or(y.pub.Compare(x.pub), cmp.Compare(y.id, x.id)) })
	var wantSlugs []string
	for _, w := range want {
		wantSlugs = append(wantSlugs, w.slug)
	}
	link := regexp.MustCompile(`href="/en/story/(archive-story-\d+)"`)
	pages := (len(want) + sectionPageSize - 1) / sectionPageSize
	var got []string
	for n := 1; n <= pages; n++ {
		rec := get(t, srv, "/en/section/archive?page="+strconv.Itoa(n))
		if rec.Code != http.StatusOK {
			t.Fatalf("page %d: status %d", n, rec.Code)
		}
		var onPage []string
		for _, m := range link.FindAllStringSubmatch(body(t, rec), -1) {
			if !slices.Contains(onPage, m[1]) { // a card may link its story twice
				onPage = append(onPage, m[1])
			}
		}
		got = append(got, onPage...)
	}
	if !slices.Equal(got, wantSlugs) {
		t.Fatalf("pages 1–%d list\n%v\nwant\n%v", pages, got, wantSlugs)
	}
	if rec := get(t, srv, "/en/section/archive?page="+strconv.Itoa(pages+1)); rec.Code != http.StatusNotFound {
		t.Fatalf("page after the last: status %d, want 404", rec.Code)
	}
}

// The newsroom's list shows every story, drafts and scheduled ones
// included, most recently changed first; the section filter and the search
// (headlines and slugs, either language, short and long queries) narrow it.
func TestNewsroomDeskListAndSearch(t *testing.T) {
	var now func() time.Time
	_, st, base := newNewsroomSite(t, func(c *Config) { now = c.Now })
	c := signedIn(t, st, base, news.RoleEditor)
	ctx := t.Context()
	at := now().Truncate(time.Second) // after every demo story's last change
	tr := func(l news.Lang, slug, headline string, pub time.Time) news.TranslationInput {
		return news.TranslationInput{Lang: l, Slug: slug, Headline: headline, PublishedAt: pub, UpdatedAt: at}
	}
	ids := map[string]int64{}
	for i, in := range []news.StoryInput{
		{Key: "desk-dam", Section: "world", Translations: []news.TranslationInput{
			tr(news.EN, "desk-dam-opens", "Desk dam opens", at), tr(news.ZH, "shui-ba-kai-zha", "水坝开闸", at)}},
		{Key: "desk-draft", Section: "business", Translations: []news.TranslationInput{
			tr(news.EN, "desk-draft-only", "Desk draft on tariffs", time.Time{})}},
		{Key: "desk-later", Section: "world", Translations: []news.TranslationInput{
			tr(news.ZH, "desk-wan-xie-fa-bu", "稍后发布的水坝报道", at.AddDate(1, 0, 0))}},
	} {
		for j := range in.Translations {
			in.Translations[j].UpdatedAt = at.Add(time.Duration(i) * time.Minute)
		}
		id, err := st.SaveStory(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		ids[in.Key] = id
	}
	edit := regexp.MustCompile(`href="/newsroom/stories/(\d+)"`)
	list := func(query string) []int64 {
		t.Helper()
		resp, b := c.get("/newsroom/?" + query)
		mustStatus(t, resp, http.StatusOK)
		var out []int64
		for _, m := range edit.FindAllStringSubmatch(b, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	all := list("")
	if len(all) < 3 || !slices.Equal(all[:3], []int64{ids["desk-later"], ids["desk-draft"], ids["desk-dam"]}) {
		t.Fatalf("list starts %v, want the later story, the draft, the dam (most recently changed first)", all)
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"q=desk", []string{"desk-later", "desk-draft", "desk-dam"}},
		{"q=DESK+DRAFT", []string{"desk-draft"}},
		{"q=" + url.QueryEscape("水坝"), []string{"desk-later", "desk-dam"}},
		{"q=" + url.QueryEscape("水坝开闸"), []string{"desk-dam"}},
		{"q=" + url.QueryEscape("稍"), []string{"desk-later"}},
		{"q=shui-ba", []string{"desk-dam"}},
		{"q=wan-xie", []string{"desk-later"}},
		{"section=world&q=desk", []string{"desk-later", "desk-dam"}},
		{"section=business&q=desk", []string{"desk-draft"}},
		{"section=business&q=" + url.QueryEscape("水坝"), nil},
		{"q=no-such-desk-story", nil},
	} {
		var want []int64
		for _, k := range tc.want {
			want = append(want, ids[k])
		}
		if got := list(tc.query); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", tc.query, got, want)
		}
	}
	_, b := c.get("/newsroom/?q=desk")
	if !strings.Contains(b, "3 stories") {
		t.Fatal("the search does not count its three stories")
	}
}
