package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/content"
	"broadsheet/internal/news"
)

// bilingualStory is a published story in English with a Chinese
// translation, each body written as Markdown paragraphs.
func bilingualStory(t *testing.T, pub time.Time, en, zh []string, pairs string) news.StoryInput {
	t.Helper()
	tr := func(lang news.Lang, slug string, paras []string) news.TranslationInput {
		md := strings.Join(paras, "\n\n")
		body, err := content.Blocks([]byte(md))
		if err != nil {
			t.Fatal(err)
		}
		return news.TranslationInput{Lang: lang, Slug: slug, Headline: "Headline " + slug, Summary: "Summary",
			Markdown: md, Body: body, PublishedAt: pub, UpdatedAt: pub}
	}
	zhT := tr(news.ZH, "zhong-wen", zh)
	zhT.Pairs = pairs
	return news.StoryInput{Key: "paired", Section: "world", Translations: []news.TranslationInput{tr(news.EN, "english", en), zhT}}
}

// edited is the story for edit with its English body replaced.
func edited(t *testing.T, e news.StoryEdit, en []string, now time.Time) news.StoryInput {
	t.Helper()
	in := e.StoryInput
	trs := make([]news.TranslationInput, len(in.Translations))
	copy(trs, in.Translations)
	for i := range trs {
		if trs[i].Lang == news.EN {
			md := strings.Join(en, "\n\n")
			body, err := content.Blocks([]byte(md))
			if err != nil {
				t.Fatal(err)
			}
			trs[i].Markdown, trs[i].Body, trs[i].UpdatedAt = md, body, now
		}
	}
	in.Translations = trs
	return in
}

func TestTranslationStatusFollowsThePublishedOriginal(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	en := []string{"The harbour opened at dawn.", "Cranes moved the first boxes.", "Workers watched."}
	zh := []string{"港口黎明时开放。", "起重机搬运了第一批集装箱。", "工人们在一旁观看。"}
	id, _ := mustSaveEdit(t, s, 0, 0, bilingualStory(t, now.Add(-time.Hour), en, zh, ""), 0, "publish")
	outdated := func(lang news.Lang, slug string) *news.Outdated {
		t.Helper()
		st, err := s.Story(ctx, lang, slug)
		if err != nil {
			t.Fatal(err)
		}
		return st.Outdated
	}
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("a fresh translation is outdated: %+v", o)
	}
	save := func(en []string, minor bool) {
		t.Helper()
		e, err := s.StoryForEdit(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		in := edited(t, e, en, now)
		in.MinorEdit = minor
		mustSaveEdit(t, s, id, e.Version, in, 0, "update")
	}
	// Spacing, punctuation and case never count.
	save([]string{"The harbour  opened at dawn!", "Cranes moved the first boxes", "workers watched."}, false)
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("a punctuation edit made the translation outdated: %+v", o)
	}
	// A real change does, in both Chinese scripts, naming the paragraph.
	save([]string{"The harbour opened at dawn.", "Cranes moved the first forty boxes.", "Workers watched."}, false)
	for _, lang := range []news.Lang{news.ZH, news.ZHHant} {
		o := outdated(lang, "zhong-wen")
		if o == nil || o.Lang != news.EN || o.Slug != "english" || !o.UpdatedAt.Equal(now) || len(o.Changed) != 1 {
			t.Fatalf("%s after the original changed: %+v", lang, o)
		}
	}
	if o := outdated(news.EN, "english"); o != nil {
		t.Fatal("the original is flagged as outdated")
	}
	// The translation's own date does not move: feeds do not announce it again.
	if st, _ := s.Story(ctx, news.ZH, "zhong-wen"); !st.UpdatedAt.Equal(now.Add(-3 * time.Hour)) {
		t.Fatalf("the translation's update time moved to %v", st.UpdatedAt)
	}
	// The newsroom's list shows it, with when the original changed.
	items, _, err := s.DeskStories(ctx, news.EN, news.DeskFilter{Page: news.Page{Number: 1, Size: 20}})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !items[0].Outdated[news.ZH].Equal(now) || !items[0].Outdated[news.EN].IsZero() {
		t.Fatalf("desk item outdated=%v", items[0].Outdated)
	}
	// Reverting clears it.
	save(en, false)
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("reverting the original left the notice: %+v", o)
	}
	// A minor edit leaves a current translation current.
	save([]string{"The harbour opened at first light.", "Cranes moved the first boxes.", "Workers watched."}, true)
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("a minor edit made the translation outdated: %+v", o)
	}
	// A translator marks it up to date; the revision history says so.
	save([]string{"The harbour opened at noon.", "Cranes moved the first boxes.", "Workers watched."}, false)
	if outdated(news.ZH, "zhong-wen") == nil {
		t.Fatal("not outdated after a change")
	}
	if err := s.MarkCurrent(ctx, id, news.ZH, 0); err != nil {
		t.Fatal(err)
	}
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("marked up to date, still outdated: %+v", o)
	}
	revs, err := s.Revisions(ctx, id)
	if err != nil || revs[0].Action != "mark-current-zh-Hans" {
		t.Fatalf("latest revision=%+v, %v", revs[0], err)
	}
	if err := s.MarkCurrent(ctx, id, news.EN, 0); err == nil {
		t.Fatal("the original was marked up to date with itself")
	}
	// Drafts never count: an unpublished original tells readers nothing.
	save([]string{"An entirely different draft.", "Cranes moved the first boxes.", "Workers watched."}, false)
	e, _ := s.StoryForEdit(ctx, id)
	in := e.StoryInput
	in.Translations = append([]news.TranslationInput(nil), in.Translations...)
	for i := range in.Translations {
		if in.Translations[i].Lang == news.EN {
			in.Translations[i].PublishedAt = time.Time{}
		}
	}
	mustSaveEdit(t, s, id, e.Version, in, 0, "unpublish")
	if o := outdated(news.ZH, "zhong-wen"); o != nil {
		t.Fatalf("a draft original made the translation outdated: %+v", o)
	}
}

// Block ids and the pairing survive edits: a paragraph inserted at the top
// of the original moves the numbers the editor shows, not what is paired.
func TestPairingSurvivesEditsOfTheOriginal(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	en := []string{"One.", "Two.", "Three."}
	zh := []string{"一和二。", "译者注：说明。", "三。"}
	id, _ := mustSaveEdit(t, s, 0, 0, bilingualStory(t, now.Add(-time.Hour), en, zh, "1+2 note 3"), 0, "publish")
	e, err := s.StoryForEdit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Translations[1].Pairs; got != "1+2 note 3" {
		t.Fatalf("pairs read back %q", got)
	}
	ids := map[string]string{}
	for _, b := range e.Translations[0].Body {
		ids[b.Text] = b.ID
	}
	in := edited(t, e, []string{"Zero.", "One.", "Two.", "Three."}, now)
	mustSaveEdit(t, s, id, e.Version, in, 0, "update")
	e, _ = s.StoryForEdit(ctx, id)
	for _, b := range e.Translations[0].Body {
		if old, ok := ids[b.Text]; ok && old != b.ID {
			t.Errorf("%q changed id from %s to %s", b.Text, old, b.ID)
		}
	}
	if got := e.Translations[1].Pairs; got != "2+3 note 4" {
		t.Fatalf("pairs after an insertion above=%q, want the same blocks renumbered", got)
	}
	zhStory, err := s.Story(ctx, news.ZH, "zhong-wen")
	if err != nil {
		t.Fatal(err)
	}
	if zhStory.Pairing == nil || len(zhStory.Pairing.Src) != 3 || zhStory.Pairing.Src[1] != nil {
		t.Fatalf("stored pairing=%+v", zhStory.Pairing)
	}
	// A pairing that cannot be read is refused and nothing is written.
	in = e.StoryInput
	in.Translations = append([]news.TranslationInput(nil), in.Translations...)
	in.Translations[1].Pairs = "1 banana"
	if _, _, err := s.SaveEdit(ctx, id, e.Version, in, 0, "update"); err == nil {
		t.Fatal("a garbled pairing was saved")
	}
}
