package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"

	"broadsheet/internal/demo"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// seawallInput is the demo's seawall story as the newsroom would save it.
func seawallInput(t *testing.T) news.StoryInput {
	t.Helper()
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ed.Stories {
		if s.Key == "river-delta-seawall" {
			return s
		}
	}
	t.Fatal("no seawall story in the demo edition")
	return news.StoryInput{}
}

// translation is in's translation in lang, to change in place.
func translation(in *news.StoryInput, lang news.Lang) *news.TranslationInput {
	for i := range in.Translations {
		if in.Translations[i].Lang == lang {
			return &in.Translations[i]
		}
	}
	return nil
}

func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestStoryPagesAreSplicedFromStoredParts(t *testing.T) {
	srv, st := newTestServer(t)
	path := "/en/story/" + seawallEN
	first := get(t, srv, path, "Accept-Encoding: gzip")
	if got, want := first.Header().Get("Content-Encoding"), "gzip"; got != want {
		t.Fatalf("Content-Encoding=%q, want %q", got, want)
	}
	page := gunzip(t, first.Body.Bytes())
	sp, err := st.StoryParts(context.Background(), news.EN, seawallEN, srv.build)
	if err != nil || sp.Parts == nil {
		t.Fatalf("after the first request the story's parts are not stored: %v", err)
	}
	// Evicted from the page cache, the page is spliced from the stored parts:
	// the same bytes, whole and gzip-valid, with the same ETag.
	srv.pages.clear()
	again := get(t, srv, path, "Accept-Encoding: gzip")
	if got := gunzip(t, again.Body.Bytes()); got != page {
		t.Fatal("the page spliced from stored parts differs from the first one")
	}
	if a, b := first.Header().Get("ETag"), again.Header().Get("ETag"); a != b {
		t.Fatalf("ETag %s then %s for the same content", a, b)
	}
	srv.pages.clear()
	plain := get(t, srv, path)
	if plain.Header().Get("Content-Encoding") != "" || plain.Body.String() != page {
		t.Fatal("a reader without gzip does not get the same page uncompressed")
	}
	for _, want := range []string{"<!doctype html>", `<head><meta charset="utf-8">`, `<article class="story">`,
		`class="related"`, `</footer></body></html>`} {
		if !strings.Contains(page, want) {
			t.Errorf("spliced page lacks %q", want)
		}
	}
}

// Every write that changes what a story page shows must leave no stale
// page: not in the page cache (Invalidate, as the newsroom calls it) and not
// in the stored parts (the store deletes them in the write's transaction).
func TestStoredPartsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	path := "/en/story/" + seawallEN
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, srv *Server, st *store.Store)
		want   []string
		absent []string
	}{
		{"edit", func(t *testing.T, srv *Server, st *store.Store) {
			in := seawallInput(t)
			en := translation(&in, news.EN)
			en.Headline, en.UpdatedAt = "Delta town picks the saltmarsh", srv.cfg.Now()
			en.Body[0].HTML = "An edited first paragraph."
			mustSave(t, st, in)
		}, []string{"<title>Delta town picks the saltmarsh", "An edited first paragraph."}, nil},
		{"held translation", func(t *testing.T, srv *Server, st *store.Store) {
			in := seawallInput(t)
			zh := translation(&in, news.ZH)
			zh.PublishedAt, zh.Held = time.Time{}, true
			mustSave(t, st, in)
		}, []string{`href="/lang/zh?next=%2Fzh%2Fstory%2F` + seawallEN + `"`}, []string{`<link rel="alternate" hreflang="zh-Hans"`}},
		{"section rename", func(t *testing.T, srv *Server, st *store.Store) {
			in := seawallInput(t)
			if err := st.PutSection(ctx, in.Section, -1, map[news.Lang]string{news.EN: "Coast and Climate", news.ZH: "海岸与气候"}); err != nil {
				t.Fatal(err)
			}
		}, []string{`<p class="kicker"><a href="/en/section/`, `>Coast and Climate</a></p>`}, nil},
		{"picture credit changed by another story", func(t *testing.T, srv *Server, st *store.Store) {
			lead := seawallInput(t).LeadImage
			other := news.StoryInput{Key: "another-use", Section: seawallInput(t).Section, LeadImage: lead,
				Images: []news.ImageFile{{Name: lead, Credit: "Harbour Photo Desk"}},
				Translations: []news.TranslationInput{{Lang: news.EN, Slug: "another-use", Headline: "Another use",
					Summary: "The same picture.", Alt: "A seawall", Caption: "The same seawall.",
					Body: []news.Block{{Kind: news.BlockParagraph, HTML: "Text."}}}}}
			mustSave(t, st, other)
		}, []string{"Harbour Photo Desk"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, st := newTestServer(t)
			before := body(t, get(t, srv, path))
			tc.change(t, srv, st)
			srv.Invalidate()
			after := body(t, get(t, srv, path))
			if after == before {
				t.Fatal("the page did not change")
			}
			for _, w := range tc.want {
				if !strings.Contains(after, w) {
					t.Errorf("after the change the page lacks %q", w)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(after, a) {
					t.Errorf("after the change the page still has %q", a)
				}
			}
			// And the parts stored now are the new ones.
			srv.pages.clear()
			if again := body(t, get(t, srv, path)); again != after {
				t.Fatal("the page spliced from stored parts is not the changed page")
			}
		})
	}
}

func TestStoredPartsFollowScheduleAndBuild(t *testing.T) {
	srv, st := newTestServer(t)
	path := "/en/story/" + seawallEN
	in := seawallInput(t)
	due := srv.cfg.Now().Add(time.Hour)
	translation(&in, news.ZH).PublishedAt = due
	mustSave(t, st, in)
	srv.Invalidate()
	if b := body(t, get(t, srv, path)); strings.Contains(b, `<link rel="alternate" hreflang="zh-Hans"`) {
		t.Fatal("a scheduled translation is announced before it is due")
	}
	// Once due, the stored head is out of date without any write.
	later := due.Add(time.Minute)
	srv.cfg.Now = func() time.Time { return later }
	st.SetClock(srv.cfg.Now)
	srv.pages.clear()
	if b := body(t, get(t, srv, path)); !strings.Contains(b, `<link rel="alternate" hreflang="zh-Hans"`) {
		t.Fatal("the translation that fell due is missing from the alternates")
	}
	// Another build never shows parts this one stored.
	srv.build = "another build"
	srv.pages.clear()
	get(t, srv, path)
	sp, err := st.StoryParts(context.Background(), news.EN, seawallEN, "another build")
	if err != nil || sp.Parts == nil {
		t.Fatalf("a new build did not store its own parts: %v", err)
	}
}

func TestPartsRenderedBeforeAWriteAreNotStored(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	get(t, srv, "/en/story/"+seawallEN)
	sp, err := st.StoryParts(ctx, news.EN, seawallEN, srv.build)
	if err != nil || sp.Parts == nil {
		t.Fatal("parts not stored")
	}
	epoch := sp.Epoch
	mustSave(t, st, seawallInput(t)) // a write while a render is under way
	ok, err := st.PutStoryParts(ctx, news.EN, sp.TranslationID, epoch, srv.build, *sp.Parts)
	if err != nil || ok {
		t.Fatalf("PutStoryParts with the epoch from before a write = %v, %v; want false", ok, err)
	}
	if sp, _ := st.StoryParts(ctx, news.EN, seawallEN, srv.build); sp.Parts != nil {
		t.Fatal("parts rendered before the write were stored")
	}
}

func mustSave(t *testing.T, st *store.Store, in news.StoryInput) {
	t.Helper()
	if _, err := st.SaveStory(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}

// The related list is kept rendered per section; a story in it must still
// never list itself, and an older one gets the section's newest.
func TestRelatedNeverListsTheStoryItself(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	// Older stories, so sections hold more than a related list.
	if err := seedCorpus(ctx, st, 30); err != nil {
		t.Fatal(err)
	}
	for _, lang := range editionLangs() {
		urls, err := st.StoryURLs(ctx, lang, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range urls {
			self := "/" + lang.Prefix() + "/story/" + u.Slug
			page := body(t, get(t, srv, self))
			_, aside, ok := strings.Cut(page, `<aside class="related"`)
			if !ok {
				continue
			}
			aside, _, _ = strings.Cut(aside, "</aside>")
			if strings.Contains(aside, `href="`+self+`"`) {
				t.Errorf("%s lists itself as related", self)
			}
			if n := strings.Count(aside, "<li"); n != relatedCount {
				t.Errorf("%s lists %d related stories, want %d", self, n, relatedCount)
			}
		}
	}
}

// A story spliced from its frame, parts and values is byte for byte the page
// rendered whole, for every story, edition and consent state.
func TestSplicedStoriesEqualWholePages(t *testing.T) {
	srv, st := newTestServer(t)
	ctx := context.Background()
	decided := map[string]string{"undecided": ""}
	for _, d := range []string{"accept", "reject"} {
		decided[d] = cookieHeader(postConsent(t, srv, d, "/en/"))
	}
	parts := srv.parts
	for _, lang := range editionLangs() {
		urls, err := st.StoryURLs(ctx, lang, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range urls {
			path := "/" + lang.Prefix() + "/story/" + u.Slug
			for state, cookie := range decided {
				var headers []string
				if cookie != "" {
					headers = append(headers, cookie)
				}
				srv.parts = parts
				srv.pages.clear()
				spliced := body(t, get(t, srv, path, headers...))
				srv.parts = nil // the page rendered whole
				srv.pages.clear()
				whole := body(t, get(t, srv, path, headers...))
				if spliced != whole {
					t.Errorf("%s, %s: the spliced page differs from the page rendered whole", path, state)
				}
			}
		}
	}
	srv.parts = parts
	if n := len(srv.shells.m); n == 0 {
		t.Fatal("no story frame was kept in pieces")
	}
}

// An embed's placeholder names the video's platform, and its title shows
// once (as the caption), in both editions.
func TestEmbedPlaceholderNamesItsPlatform(t *testing.T) {
	srv, _ := newTestServer(t)
	for path, want := range map[string][2]string{
		"/en/story/" + embedEN: {"This YouTube video loads from www.youtube-nocookie.com", "Big Buck Bunny, an open movie by the Blender Foundation"},
		"/zh/story/" + embedZH: {"此YouTube视频由www.youtube-nocookie.com提供", "《大雄兔》：Blender基金会出品的开放电影"},
	} {
		b := body(t, get(t, srv, path))
		if !strings.Contains(b, want[0]) {
			t.Errorf("%s: the placeholder does not name the platform (%q)", path, want[0])
		}
		if n := strings.Count(b, html.EscapeString(want[1])); n != 1 {
			t.Errorf("%s: the embed's title shows %d times, want once", path, n)
		}
	}
}
