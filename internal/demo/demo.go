// Package demo seeds an empty site with the demo edition: original stories in
// English and Chinese, written as Markdown files with generated illustrations.
package demo

import (
	"context"
	"embed"
	"fmt"
	"time"

	"broadsheet/internal/edition"
	"broadsheet/internal/news"
)

//go:embed edition
var files embed.FS

// Writer is the part of the store seeding needs.
type Writer interface {
	PutSection(ctx context.Context, key string, position int, names map[news.Lang]string) error
	SaveStory(ctx context.Context, in news.StoryInput) (int64, error)
	SetGlossary(ctx context.Context, lang news.Lang, rules []news.Rule) error
}

// Load parses the embedded demo edition.
func Load() (edition.Edition, error) { return edition.Load(files, "edition") }

// Seed writes the edition's sections and stories.
func Seed(ctx context.Context, w Writer, ed edition.Edition) error {
	for i, s := range ed.Sections {
		if err := w.PutSection(ctx, s.Key, i, s.Names); err != nil {
			return fmt.Errorf("section %s: %w", s.Key, err)
		}
	}
	for _, st := range ed.Stories {
		if _, err := w.SaveStory(ctx, st); err != nil {
			return fmt.Errorf("story %s: %w", st.Key, err)
		}
	}
	for lang, rules := range ed.Glossary {
		if err := w.SetGlossary(ctx, lang, rules); err != nil {
			return fmt.Errorf("glossary %s: %w", lang, err)
		}
	}
	return nil
}

// Newest is when the edition's most recent story went out: tests set their
// clock relative to it, never to the wall clock, so they pass on any date.
func Newest(ed edition.Edition) time.Time {
	var t time.Time
	for _, st := range ed.Stories {
		for _, tr := range st.Translations {
			if tr.PublishedAt.After(t) {
				t = tr.PublishedAt
			}
		}
	}
	return t
}
