package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"broadsheet/internal/news"
)

func frontHeadlines(t *testing.T, s *Store, lang news.Lang) (string, []string) {
	t.Helper()
	f, err := s.Front(context.Background(), lang, 6, 3)
	if err != nil {
		t.Fatal(err)
	}
	lead := ""
	if f.Lead != nil {
		lead = f.Lead.Headline
	}
	var latest []string
	for _, c := range f.Latest {
		latest = append(latest, c.Headline)
	}
	return lead, latest
}

func TestFrontPicks(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	if err := s.SaveImage(ctx, deskImage(t, "p.png", 8, 8, "")); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, k := range []string{"old", "mid", "new"} {
		in := deskStory(k, "world", deskTr(news.EN, k, "EN "+k, day.Add(time.Duration(i-5)*time.Hour)),
			deskTr(news.ZH, k+"-zh", "中文"+k, day.Add(time.Duration(i-5)*time.Hour)))
		if k == "new" {
			in.LeadImage, in.Images = "p.png", []news.ImageFile{{Name: "p.png"}}
			for i := range in.Translations {
				in.Translations[i].Alt = "A picture"
			}
		}
		ids[k], _ = mustSaveEdit(t, s, 0, 0, in, 0, "publish")
	}
	if lead, _ := frontHeadlines(t, s, news.EN); lead != "EN new" {
		t.Fatalf("unpinned lead=%q, want the newest with a photo", lead)
	}
	if err := s.SetFrontPicks(ctx, ids["old"], []int64{ids["mid"]}); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[news.Lang][]string{news.EN: {"EN old", "EN mid", "EN new"}, news.ZH: {"中文old", "中文mid", "中文new"},
		news.ZHHant: {"中文old", "中文mid", "中文new"}} {
		lead, latest := frontHeadlines(t, s, lang)
		if lead != want[0] || len(latest) != 2 || latest[0] != want[1] || latest[1] != want[2] {
			t.Fatalf("%s: lead=%q latest=%q, want %q", lang, lead, latest, want)
		}
	}
	// The pinned lead taken down in English: English falls back to the
	// newest with a photo, Chinese keeps it.
	e := mustEdit(t, s, ids["old"])
	e.Translations[0].PublishedAt, e.Translations[0].Held = time.Time{}, true
	mustSaveEdit(t, s, e.ID, e.Version, e.StoryInput, 0, "withdraw")
	if lead, latest := frontHeadlines(t, s, news.EN); lead != "EN new" || len(latest) != 1 || latest[0] != "EN mid" {
		t.Fatalf("after withdrawal lead=%q latest=%q", lead, latest)
	}
	if lead, _ := frontHeadlines(t, s, news.ZH); lead != "中文old" {
		t.Fatalf("zh lead=%q, want the pinned story still out in Chinese", lead)
	}
	if err := s.SetFrontPicks(ctx, 999, nil); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("pinning a missing story err=%v, want ErrNotFound", err)
	}
	if err := s.SetFrontPicks(ctx, ids["old"], []int64{999}); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("a missing top story err=%v, want ErrNotFound", err)
	}
	if lead, top, err := s.FrontPicks(ctx); err != nil || lead != ids["old"] || len(top) != 1 {
		t.Fatalf("a refused change kept lead=%d top=%v err=%v, want the arrangement before", lead, top, err)
	}
}

func TestWithdrawnAndDeleteDraft(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	draft, _ := mustSaveEdit(t, s, 0, 0, deskStory("draft", "world", deskTr(news.EN, "draft", "Draft", time.Time{})), 0, "save")
	live, v := mustSaveEdit(t, s, 0, 0, deskStory("live", "world", deskTr(news.EN, "live", "Live words", day.Add(-time.Hour)),
		deskTr(news.ZH, "live-zh", "现场", day.Add(-time.Hour))), 0, "publish")
	if err := s.SetFrontPicks(ctx, draft, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang news.Lang
		slug string
		want bool
	}{{news.EN, "draft", false}, {news.EN, "live", false}, {news.EN, "nothing", false}} {
		if got, err := s.Withdrawn(ctx, c.lang, c.slug); err != nil || got != c.want {
			t.Fatalf("Withdrawn(%s)=%v, %v, want %v", c.slug, got, err, c.want)
		}
	}
	if err := s.DeleteDraft(ctx, live); !errors.Is(err, ErrPublished) {
		t.Fatalf("deleting a published story err=%v, want ErrPublished", err)
	}
	// English withdrawn, Chinese stays.
	e := mustEdit(t, s, live)
	e.Translations[0].PublishedAt, e.Translations[0].Held = time.Time{}, true
	mustSaveEdit(t, s, live, v, e.StoryInput, 0, "withdraw")
	if got, _ := s.Withdrawn(ctx, news.EN, "live"); !got {
		t.Fatal("withdrawn English not reported withdrawn")
	}
	if got, _ := s.Withdrawn(ctx, news.ZH, "live-zh"); got {
		t.Fatal("Chinese still out reported withdrawn")
	}
	if n := searchCount(t, s, news.EN, "Live words"); n != 0 {
		t.Fatalf("withdrawn story found %d times in search", n)
	}
	if err := s.DeleteDraft(ctx, live); !errors.Is(err, ErrPublished) {
		t.Fatalf("deleting a withdrawn story err=%v, want ErrPublished", err)
	}
	// Scheduled to come back, it is only not out yet: not gone for good.
	e = mustEdit(t, s, live)
	e.Translations[0].PublishedAt, e.Translations[0].Held = day.Add(time.Hour), false
	mustSaveEdit(t, s, live, e.Version, e.StoryInput, 0, "schedule")
	if got, _ := s.Withdrawn(ctx, news.EN, "live"); got {
		t.Fatal("a story scheduled to come back is reported withdrawn")
	}

	if err := s.DeleteDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`SELECT count(*) FROM stories WHERE id = ?1`,
		`SELECT count(*) FROM translations WHERE story_id = ?1`,
		`SELECT count(*) FROM revisions WHERE story_id = ?1`,
		`SELECT count(*) FROM front_picks WHERE story_id = ?1`,
		`SELECT count(*) FROM bodies WHERE translation_id NOT IN (SELECT id FROM translations)`,
		`SELECT count(*) FROM desk_search WHERE desk_search MATCH '"Draft"'`} {
		var n int
		if err := s.db.QueryRow(q, draft).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%s: %d rows left after delete", q, n)
		}
	}
	if err := s.DeleteDraft(ctx, draft); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("deleting twice err=%v, want ErrNotFound", err)
	}
}

func TestDeleteImage(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	for _, n := range []string{"lead.png", "gone.png", "free.png"} {
		if err := s.SaveImage(ctx, deskImage(t, n, 48, 24, "", 24)); err != nil {
			t.Fatal(err)
		}
	}
	in := deskStory("pic", "world", deskTr(news.EN, "pic", "Pic", time.Time{}))
	in.LeadImage, in.Images, in.Translations[0].Alt = "gone.png", []news.ImageFile{{Name: "gone.png"}}, "A picture"
	id, v := mustSaveEdit(t, s, 0, 0, in, 0, "save")
	in.LeadImage, in.Images = "lead.png", []news.ImageFile{{Name: "lead.png"}}
	mustSaveEdit(t, s, id, v, in, 0, "save")

	if err := s.DeleteImage(ctx, "lead.png"); !errors.Is(err, ErrImageInUse) {
		t.Fatalf("deleting a story's lead err=%v, want ErrImageInUse", err)
	}
	if u, err := s.ImageUses(ctx, "lead.png"); err != nil || len(u.Stories) != 1 || u.Stories[0] != "pic" {
		t.Fatalf("uses=%+v, %v, want the story pic", u, err)
	}
	// Only an earlier version leads with it: restoring it would need it.
	if err := s.DeleteImage(ctx, "gone.png"); !errors.Is(err, ErrImageInUse) {
		t.Fatalf("deleting a revision's lead err=%v, want ErrImageInUse", err)
	}
	if err := s.DeleteImage(ctx, "free.png"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Media(ctx, news.VariantName("free.png", 24)); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("smaller copy after delete err=%v, want ErrNotFound", err)
	}
	if err := s.DeleteImage(ctx, "free.png"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("deleting twice err=%v, want ErrNotFound", err)
	}
}

// Editors arranging the front page at the same moment each change the
// arrangement as the other left it: nobody's move is lost.
func TestArrangeFrontConcurrently(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	var ids []int64
	for i := range 4 {
		k := fmt.Sprintf("s%d", i)
		id, _ := mustSaveEdit(t, s, 0, 0, deskStory(k, "world", deskTr(news.EN, k, "EN "+k, day.Add(-time.Hour))), 0, "publish")
		ids = append(ids, id)
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			err := s.ArrangeFront(ctx, func(lead int64, top []int64) (int64, []int64, error) {
				return lead, append(top, id), nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if _, top, err := s.FrontPicks(ctx); err != nil || len(top) != len(ids) {
		t.Fatalf("top stories %v (%v), want all %d added", top, err, len(ids))
	}
	// A change that fails changes nothing.
	if err := s.ArrangeFront(ctx, func(int64, []int64) (int64, []int64, error) { return 0, nil, errors.New("no") }); err == nil {
		t.Fatal("a failed change reported no error")
	}
	if _, top, _ := s.FrontPicks(ctx); len(top) != len(ids) {
		t.Fatalf("a failed change left %d top stories, want %d", len(top), len(ids))
	}
}
