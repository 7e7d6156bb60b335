// Package demo seeds an empty site with the demo edition: original stories in
// English and Chinese, written as Markdown files with generated illustrations.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"broadsheet/internal/content"
	"broadsheet/internal/news"
)

//go:embed edition
var edition embed.FS

// Writer is the part of the store seeding needs.
type Writer interface {
	PutSection(ctx context.Context, key string, position int, names map[news.Lang]string) error
	SaveStory(ctx context.Context, in news.StoryInput) (int64, error)
}

// Section is a section as listed in sections.toml.
type Section struct {
	Key   string
	Names map[news.Lang]string
}

// Edition is the parsed demo edition.
type Edition struct {
	Sections []Section
	Stories  []news.StoryInput
}

// Load parses the embedded demo edition.
func Load() (Edition, error) { return LoadFS(edition, "edition") }

// LoadFS parses an edition directory: sections.toml plus <key>.<lang>.md files
// and the images they name.
func LoadFS(fsys fs.FS, dir string) (Edition, error) {
	var ed Edition
	var secFile struct {
		Section []map[string]string `toml:"section"`
	}
	src, err := fs.ReadFile(fsys, path.Join(dir, "sections.toml"))
	if err != nil {
		return ed, err
	}
	if _, err := toml.Decode(string(src), &secFile); err != nil {
		return ed, fmt.Errorf("sections.toml: %w", err)
	}
	for _, s := range secFile.Section {
		ed.Sections = append(ed.Sections, Section{Key: s["key"], Names: map[news.Lang]string{news.EN: s["en"], news.ZH: s["zh-Hans"]}})
	}

	files, err := fs.Glob(fsys, path.Join(dir, "*.md"))
	if err != nil {
		return ed, err
	}
	sort.Strings(files)
	stories := map[string]*news.StoryInput{}
	var order []string
	for _, f := range files {
		base := path.Base(f)
		if base == "FORMAT.md" || base == "README.md" {
			continue
		}
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return ed, err
		}
		doc, err := content.Parse(raw)
		if err != nil {
			return ed, fmt.Errorf("%s: %w", base, err)
		}
		m := doc.Meta
		if want := m.Key + "." + string(m.Lang) + ".md"; base != want {
			return ed, fmt.Errorf("%s: file name should be %s", base, want)
		}
		in := stories[m.Key]
		if in == nil {
			in = &news.StoryInput{Key: m.Key, Section: m.Section}
			stories[m.Key] = in
			order = append(order, m.Key)
		}
		if in.Section != m.Section {
			return ed, fmt.Errorf("%s: section %q differs from the other translation's %q", base, m.Section, in.Section)
		}
		images := map[string]news.ImageFile{}
		for _, im := range in.Images {
			images[im.Name] = im
		}
		addImage := func(name, credit string) (news.ImageFile, error) {
			data, err := fs.ReadFile(fsys, path.Join(dir, name))
			if err != nil {
				return news.ImageFile{}, fmt.Errorf("%s: image %s: %w", base, name, err)
			}
			im, err := content.Image(name, data)
			if err != nil {
				return im, fmt.Errorf("%s: %w", base, err)
			}
			im.Credit = credit
			if _, ok := images[im.Name]; !ok {
				images[im.Name] = im
				in.Images = append(in.Images, im)
			}
			return im, nil
		}
		t := news.TranslationInput{
			Lang: m.Lang, Slug: m.Slug, Headline: m.Headline, Summary: strings.TrimSpace(m.Summary),
			Byline: m.Byline, Body: doc.Body, Caption: m.Caption, Alt: m.Alt,
			PublishedAt: m.Published, UpdatedAt: m.Updated,
		}
		if m.Image != "" {
			im, err := addImage(m.Image, m.Credit)
			if err != nil {
				return ed, err
			}
			in.LeadImage = im.Name
		}
		for i, b := range t.Body {
			if b.Kind != news.BlockImage {
				continue
			}
			im, err := addImage(b.Image.Name, m.Credit)
			if err != nil {
				return ed, err
			}
			ref := *b.Image
			ref.Name, ref.ContentType, ref.Width, ref.Height, ref.Credit = im.Name, im.ContentType, im.Width, im.Height, im.Credit
			t.Body[i].Image = &ref
		}
		in.Translations = append(in.Translations, t)
	}
	for _, k := range order {
		in := stories[k]
		if err := in.Validate(); err != nil {
			return ed, fmt.Errorf("story %s: %w", k, err)
		}
		ed.Stories = append(ed.Stories, *in)
	}
	return ed, nil
}

// Seed writes the edition's sections and stories.
func Seed(ctx context.Context, w Writer, ed Edition) error {
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
	return nil
}
