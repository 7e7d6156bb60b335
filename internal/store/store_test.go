package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"broadsheet/internal/news"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	for i, key := range []string{"world", "business"} {
		if err := s.PutSection(ctx, key, i, map[news.Lang]string{news.EN: "EN " + key, news.ZH: "中 " + key}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

var day = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

func story(key, section string, at time.Time, langs ...news.Lang) news.StoryInput {
	in := news.StoryInput{Key: key, Section: section}
	for _, l := range langs {
		in.Translations = append(in.Translations, news.TranslationInput{
			Lang: l, Slug: key + "-" + l.Prefix(), Headline: "Headline " + key + " " + string(l),
			Summary: "Summary", Byline: "By Someone", PublishedAt: at,
			Body: []news.Block{{Kind: news.BlockParagraph, HTML: "Body <em>text</em>", Text: "Body text"}},
		})
	}
	return in
}

func TestStoryBothLanguages(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.SaveStory(ctx, story("delta", "world", day, news.EN, news.ZH)); err != nil {
		t.Fatal(err)
	}
	for _, l := range news.Langs {
		t.Run(string(l), func(t *testing.T) {
			st, err := s.Story(ctx, l, "delta-"+l.Prefix())
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Lang, l; got != want {
				t.Fatalf("lang=%v, want %v", got, want)
			}
			if got, want := st.Section.Name, map[news.Lang]string{news.EN: "EN world", news.ZH: "中 world"}[l]; got != want {
				t.Fatalf("section name=%q, want %q", got, want)
			}
			if got, want := st.Translations[l.Counterpart()], "delta-"+l.Counterpart().Prefix(); got != want {
				t.Fatalf("other translation slug=%q, want %q", got, want)
			}
			if got, want := st.Body[0].HTML, "Body <em>text</em>"; got != want {
				t.Fatalf("body=%q, want %q", got, want)
			}
			if !st.PublishedAt.Equal(day) {
				t.Fatalf("published=%v, want %v", st.PublishedAt, day)
			}
			// A slug belongs to one language: the other edition does not have it.
			if _, err := s.Story(ctx, l.Counterpart(), "delta-"+l.Prefix()); !errors.Is(err, news.ErrNotFound) {
				t.Fatalf("other-language lookup err=%v, want ErrNotFound", err)
			}
		})
	}
}

func TestNotFoundAndDrafts(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	in := story("later", "world", day.Add(48*time.Hour), news.EN)
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	s.SetClock(func() time.Time { return day })
	if _, err := s.Story(ctx, news.EN, "later-en"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("scheduled story err=%v, want ErrNotFound", err)
	}
	if _, err := s.Story(ctx, news.EN, "no-such-story"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("missing story err=%v, want ErrNotFound", err)
	}
	if _, err := s.Section(ctx, news.EN, "sport"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("missing section err=%v, want ErrNotFound", err)
	}
	s.SetClock(func() time.Time { return day.Add(72 * time.Hour) })
	if _, err := s.Story(ctx, news.EN, "later-en"); err != nil {
		t.Fatalf("story once due: %v", err)
	}
}

func TestSaveIsAtomic(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if _, err := s.SaveStory(ctx, story("first", "world", day, news.EN)); err != nil {
		t.Fatal(err)
	}
	// The second story's Chinese slug is new but its English slug is taken:
	// nothing of it may be written.
	bad := story("second", "world", day, news.ZH, news.EN)
	bad.Translations[1].Slug = "first-en"
	_, err := s.SaveStory(ctx, bad)
	var fe *news.FieldError
	if !errors.As(err, &fe) || fe.Field != "slug" {
		t.Fatalf("duplicate slug err=%v, want a slug FieldError", err)
	}
	if _, err := s.Story(ctx, news.ZH, "second-zh"); !errors.Is(err, news.ErrNotFound) {
		t.Fatalf("half-written story visible: err=%v", err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM stories WHERE key = 'second'`).Scan(&n)
	if n != 0 {
		t.Fatalf("stories rows for the failed save=%d, want 0", n)
	}
	if _, err := s.SaveStory(ctx, story("third", "sport", day, news.EN)); err == nil {
		t.Fatal("story in a missing section saved")
	}
}

func TestListsAndPagination(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for i := 0; i < 15; i++ {
		sec := "world"
		if i%3 == 0 {
			sec = "business"
		}
		langs := []news.Lang{news.EN}
		if i%2 == 0 {
			langs = append(langs, news.ZH)
		}
		if _, err := s.SaveStory(ctx, story(fmt.Sprintf("s%02d", i), sec, day.Add(time.Duration(i)*time.Hour), langs...)); err != nil {
			t.Fatal(err)
		}
	}
	latest, err := s.Latest(ctx, news.EN, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := latest[0].Slug, "s14-en"; got != want {
		t.Fatalf("newest=%q, want %q", got, want)
	}
	world, err := s.Section(ctx, news.EN, "world")
	if err != nil {
		t.Fatal(err)
	}
	page2, total, err := s.SectionStories(ctx, news.EN, world.ID, news.Page{Number: 2, Size: 4})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := total, 10; got != want {
		t.Fatalf("world total=%d, want %d", got, want)
	}
	if got, want := len(page2), 4; got != want {
		t.Fatalf("page 2 size=%d, want %d", got, want)
	}
	zhLatest, err := s.Latest(ctx, news.ZH, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(zhLatest), 8; got != want {
		t.Fatalf("Chinese stories=%d, want %d (only translated ones)", got, want)
	}
	st, err := s.Story(ctx, news.EN, "s13-en")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := s.Related(ctx, news.EN, st.StoryID, st.Section.ID, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rel {
		if c.StoryID == st.StoryID || c.Section.Key != st.Section.Key {
			t.Fatalf("related %+v is the story itself or another section", c)
		}
	}
	f, err := s.Front(ctx, news.EN, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Sections), 2; got != want {
		t.Fatalf("front sections=%d, want %d", got, want)
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for i := 0; i < 2; i++ {
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var fk int
		s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
		if fk != 1 {
			t.Fatalf("foreign_keys=%d, want 1", fk)
		}
		var mode string
		s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		if mode != "wal" {
			t.Fatalf("journal_mode=%q, want wal", mode)
		}
		s.Close()
	}
}
