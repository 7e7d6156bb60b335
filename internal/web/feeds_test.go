package web

import (
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"broadsheet/tests/feedcheck"
)

func TestFeedsParse(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		path, feedType, lang, title string
		min                         int
	}{
		{"/en/feed.xml", "rss", "en", "Broadsheet", 12},
		{"/zh/feed.xml", "rss", "zh-Hans", "Broadsheet", 10},
		{"/en/atom.xml", "atom", "en", "Broadsheet", 12},
		{"/zh/atom.xml", "atom", "zh-Hans", "Broadsheet", 10},
		{"/en/section/business/feed.xml", "rss", "en", "Broadsheet – Business", 3},
		{"/zh/section/business/atom.xml", "atom", "zh-Hans", "Broadsheet – 财经", 3},
	} {
		rec := get(t, srv, tc.path)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", tc.path, rec.Code)
		}
		f, err := gofeed.NewParser().ParseString(rec.Body.String())
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if got := f.FeedType; got != tc.feedType {
			t.Errorf("%s: type=%q, want %q", tc.path, got, tc.feedType)
		}
		if got := f.Title; got != tc.title {
			t.Errorf("%s: title=%q, want %q", tc.path, got, tc.title)
		}
		if got := f.Language; got != tc.lang {
			t.Errorf("%s: language=%q, want %q", tc.path, got, tc.lang)
		}
		if got := len(f.Items); got < tc.min {
			t.Fatalf("%s: %d items, want at least %d", tc.path, got, tc.min)
		}
		first := f.Items[0]
		if !strings.HasPrefix(first.Link, "https://news.example/"+map[string]string{"en": "en", "zh-Hans": "zh"}[tc.lang]+"/story/") {
			t.Errorf("%s: item link %q is not an absolute story URL from the base URL", tc.path, first.Link)
		}
		if !strings.HasPrefix(first.GUID, "tag:news.example,2026:story/") || first.PublishedParsed == nil || first.Description == "" {
			t.Errorf("%s: item id %q, published %v, summary %q", tc.path, first.GUID, first.PublishedParsed, first.Description)
		}
		if tc.feedType == "rss" && first.Extensions["media"]["content"][0].Attrs["width"] != "1200" {
			t.Errorf("%s: lead image lacks media:content with its width", tc.path)
		}
		if tc.feedType == "atom" && len(first.Enclosures) == 0 {
			t.Errorf("%s: lead image lacks an enclosure link", tc.path)
		}
		if tc.feedType == "atom" {
			for _, err := range feedcheck.Atom(rec.Body.Bytes()) {
				t.Errorf("%s: %v", tc.path, err)
			}
		}
		// Every item names its author: the byline's name, else the site.
		for _, it := range f.Items {
			if len(it.Authors) == 0 || it.Authors[0].Name == "" || strings.HasPrefix(it.Authors[0].Name, "By ") || strings.HasPrefix(it.Authors[0].Name, "文／") {
				t.Errorf("%s: item %q has authors %v, want the byline's name", tc.path, it.Title, it.Authors)
				break
			}
		}
	}
	if got := get(t, srv, "/en/section/sport/feed.xml").Code; got != 404 {
		t.Fatalf("unknown section feed status=%d, want 404", got)
	}
	b := body(t, get(t, srv, "/zh/section/business"))
	for _, want := range []string{
		`<link rel="alternate" type="application/rss+xml" title="Broadsheet (RSS)" href="/zh/feed.xml">`,
		`<link rel="alternate" type="application/atom+xml" title="Broadsheet – 财经 (Atom)" href="/zh/section/business/atom.xml">`,
	} {
		if !strings.Contains(b, want) {
			t.Errorf("section page lacks %s", want)
		}
	}
}
