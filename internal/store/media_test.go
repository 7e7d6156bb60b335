package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"broadsheet/internal/news"
)

// public reports whether a reader gets the picture or copy named name.
func public(t *testing.T, s *Store, name string) bool {
	t.Helper()
	_, _, err := s.PublicMedia(context.Background(), name)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		t.Fatal(err)
	}
	return err == nil
}

// A picture is public once a published translation shows it, as its lead
// or in its body, and only while it does; the newsroom (Media) always gets it.
func TestPublicMedia(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	move := fixClock(s, day)
	lead := deskImage(t, "lead.png", 96, 48, "Photo: Ada", 48)
	inline := deskImage(t, "inline.png", 64, 32, "", 32)
	loose := deskImage(t, "loose.png", 8, 8, "")
	for _, im := range []news.ImageFile{lead, inline, loose} {
		if err := s.SaveImage(ctx, im); err != nil {
			t.Fatal(err)
		}
	}
	all := []string{lead.Name, lead.Variants[0].Name, inline.Name, inline.Variants[0].Name, loose.Name}
	want := func(when string, pub map[string]bool) {
		t.Helper()
		for _, n := range all {
			if got := public(t, s, n); got != pub[n] {
				t.Errorf("%s: %s public=%v, want %v", when, n, got, pub[n])
			}
			if _, _, err := s.Media(ctx, n); err != nil {
				t.Errorf("%s: the newsroom cannot get %s: %v", when, n, err)
			}
		}
	}
	want("in the library only", nil)

	en := deskTr(news.EN, "quay", "Quay", time.Time{})
	en.Alt = "The quay"
	en.Body = append(en.Body, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: inline.Name, Alt: "A map"}})
	in := deskStory("quay", "world", en)
	in.LeadImage, in.Images = lead.Name, []news.ImageFile{{Name: lead.Name, Credit: "Photo: Ada"}}
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	want("draft", nil)

	in.Translations[0].PublishedAt = day.Add(time.Hour)
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	want("scheduled", nil)
	move(day.Add(2 * time.Hour))
	every := map[string]bool{lead.Name: true, lead.Variants[0].Name: true, inline.Name: true, inline.Variants[0].Name: true}
	want("fallen due", every)

	// A second, draft translation changes nothing; taking the picture out of
	// the published body makes it private again.
	zh := deskTr(news.ZH, "quay-zh", "码头", time.Time{})
	zh.Alt = "码头"
	in.Translations = append(in.Translations, zh)
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	want("with a draft translation", every)
	in.Translations[0].Body = in.Translations[0].Body[:1]
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	want("inline picture removed", map[string]bool{lead.Name: true, lead.Variants[0].Name: true})
	in.Translations[0].PublishedAt = time.Time{}
	if _, err := s.SaveStory(ctx, in); err != nil {
		t.Fatal(err)
	}
	want("unpublished", nil)
}

// Bodies stored before the table of inline pictures existed are linked by
// its migration.
func TestPublicMediaMigration(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	fixClock(s, day)
	inline := deskImage(t, "inline.png", 64, 32, "")
	if err := s.SaveImage(ctx, inline); err != nil {
		t.Fatal(err)
	}
	en := deskTr(news.EN, "old", "Old", day.Add(-time.Hour))
	en.Body = append(en.Body, news.Block{Kind: news.BlockImage, Image: &news.Image{Name: inline.Name, Alt: "A map"}})
	if _, err := s.SaveStory(ctx, deskStory("old", "world", en)); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before the migration, keeping the stories.
	for _, q := range []string{`DROP TABLE translation_images`, `DROP INDEX stories_image`,
		`DELETE FROM schema_migrations WHERE version = 4`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if !public(t, s, inline.Name) {
		t.Fatal("an inline picture of a published story is not public after the migration")
	}
}

// A different picture under a stored name is refused, never silently
// replaced by the stored one: names made before carried only 32 bits of
// hash, and such a collision can be made.
func TestSaveImageRefusesAnotherPictureUnderAStoredName(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const name = "abcd1234-harbour.png"
	first, second := deskImage(t, name, 8, 8, ""), deskImage(t, name, 9, 9, "")
	if err := s.SaveImage(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveImage(ctx, first); err != nil {
		t.Fatalf("saving the same picture again: %v", err)
	}
	err := s.SaveImage(ctx, second)
	var fe *news.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err=%v, want a *news.FieldError", err)
	}
	_, data, err := s.Media(ctx, name)
	if err != nil || !bytes.Equal(data, first.Data) {
		t.Fatalf("the stored picture changed (%v)", err)
	}
	// Through an import, the whole import is refused.
	in := deskStory("harbour", "world", deskTr(news.EN, "harbour", "Harbour", day))
	in.Translations[0].Alt = "A harbour"
	in.LeadImage, in.Images = name, []news.ImageFile{second}
	if err := s.Import(ctx, nil, []news.StoryInput{in}, nil); err == nil {
		t.Fatal("an import with another picture under a stored name: no error")
	}
	if n, _ := s.Export(ctx); len(n) != 0 {
		t.Fatalf("stories after a refused import=%d, want 0", len(n))
	}
}

func BenchmarkPublicMedia(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir()+"/bench.db")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World", news.ZH: "国际"}); err != nil {
		b.Fatal(err)
	}
	// Many stories sharing nothing, and one picture every story shows.
	shared := deskImage(b, "shared.png", 64, 32, "", 32)
	if err := s.SaveImage(ctx, shared); err != nil {
		b.Fatal(err)
	}
	var ins []news.StoryInput
	for i := range 2000 {
		tr := deskTr(news.EN, fmt.Sprintf("s-%d", i), "Story", day.Add(-time.Hour))
		tr.Alt = "x"
		in := deskStory(fmt.Sprintf("s-%d", i), "world", tr)
		if i%2 == 0 {
			in.LeadImage, in.Images = shared.Name, []news.ImageFile{{Name: shared.Name}}
		}
		ins = append(ins, in)
	}
	if err := s.SaveStories(ctx, ins); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		get  func(context.Context, string) (string, []byte, error)
	}{{"Media", s.Media}, {"PublicMedia", s.PublicMedia}} {
		for _, n := range []string{shared.Name, shared.Variants[0].Name} {
			b.Run(c.name+"/"+n, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := c.get(ctx, n); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
