package demo

import (
	"broadsheet/internal/align"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// The demo edition must show off every part of the reader's site.
func TestEditionShape(t *testing.T) {
	ed, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ed.Stories); got < 12 {
		t.Fatalf("stories=%d, want at least 12", got)
	}
	if got := len(ed.Sections); got < 4 {
		t.Fatalf("sections=%d, want at least 4", got)
	}
	englishOnly, embeds, explainer := 0, 0, false
	merged, notes, outdated := false, false, false
	sections := map[string]int{}
	for _, st := range ed.Stories {
		sections[st.Section]++
		by := map[news.Lang]news.TranslationInput{}
		for _, tr := range st.Translations {
			by[tr.Lang] = tr
		}
		en, ok := by[news.EN]
		if !ok {
			t.Errorf("%s: no English version", st.Key)
			continue
		}
		words := 0
		for _, b := range en.Body {
			words += len(strings.Fields(b.Text))
		}
		if words < 400 || words > 900 {
			t.Errorf("%s: %d English words, want 400–900", st.Key, words)
		}
		if st.LeadImage == "" || en.Caption == "" || en.Alt == "" {
			t.Errorf("%s: lead image, caption or alt missing", st.Key)
		}
		for _, b := range en.Body {
			if b.Kind == news.BlockEmbed {
				embeds++
			}
		}
		if strings.Contains(strings.ToLower(en.Headline), "new quality productive forces") {
			explainer = true
		}
		zh, ok := by[news.ZH]
		if !ok {
			englishOnly++
			continue
		}
		// Translations pair with the English block by block, or as their
		// pairing line says; never in a way a reader would see misaligned.
		ids, _ := align.Assign(nil, nil, en.Body, 1)
		rec, err := align.Parse(zh.Pairs, ids)
		if err != nil {
			t.Errorf("%s: pairs: %v", st.Key, err)
			continue
		}
		if r := align.Pairs(ids, en.Body, zh.Body, rec); !r.OK() {
			t.Errorf("%s: the Chinese does not pair with the English: %v", st.Key, r.Problems)
		}
		for _, word := range strings.Fields(zh.Pairs) {
			merged = merged || strings.Contains(word, "+")
			notes = notes || word == "note"
		}
		outdated = outdated || len(zh.TranslatedFrom) > 0
		if zh.Alt == "" || zh.Caption == "" {
			t.Errorf("%s: Chinese caption or alt missing", st.Key)
		}
	}
	// The demo shows what parallel reading and translation status handle:
	// a merged paragraph, a translator's note, a translation behind its original.
	if !merged || !notes || !outdated {
		t.Errorf("merged paragraph %v, translator's note %v, outdated translation %v: want all three", merged, notes, outdated)
	}
	if englishOnly < 2 {
		t.Errorf("English-only stories=%d, want at least 2", englishOnly)
	}
	if embeds < 1 {
		t.Error("no story has a video embed")
	}
	if !explainer {
		t.Error("no explainer of new quality productive forces")
	}
	for _, s := range ed.Sections {
		if sections[s.Key] == 0 {
			t.Errorf("section %s has no stories", s.Key)
		}
	}
}

func TestSeed(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ed, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, st, ed); err != nil {
		t.Fatal(err)
	}
	if empty, _ := st.Empty(ctx); empty {
		t.Fatal("store empty after seeding")
	}
	for _, l := range news.Langs {
		f, err := st.Front(ctx, l, 6, 3)
		if err != nil {
			t.Fatal(err)
		}
		if f.Lead == nil || f.Lead.Image == nil {
			t.Fatalf("%s front page has no lead photo", l)
		}
		ct, data, err := st.Media(ctx, f.Lead.Image.Name)
		if err != nil || ct != "image/svg+xml" || len(data) == 0 {
			t.Fatalf("lead image %s: %q, %d bytes, %v", f.Lead.Image.Name, ct, len(data), err)
		}
	}
}

// Seeding keeps each translation's Markdown, naming inline pictures as stored,
// so the newsroom edits and `broadsheet export` writes what the writer wrote.
func TestSeedKeepsMarkdown(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "seed.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ed, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := Seed(ctx, st, ed); err != nil {
		t.Fatal(err)
	}
	all, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all), len(ed.Stories); got != want {
		t.Fatalf("stories=%d, want %d", got, want)
	}
	inline := 0
	for _, s := range all {
		for _, tr := range s.Translations {
			if strings.TrimSpace(tr.Markdown) == "" {
				t.Errorf("%s.%s: Markdown not kept", s.Key, tr.Lang)
			}
			for _, b := range tr.Body {
				if b.Kind != news.BlockImage {
					continue
				}
				inline++
				if !strings.Contains(tr.Markdown, "]("+b.Image.Name+" ") {
					t.Errorf("%s.%s: Markdown does not name inline image %s as stored", s.Key, tr.Lang, b.Image.Name)
				}
			}
		}
	}
	if inline == 0 {
		t.Error("no inline image in the demo edition")
	}
}
