package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/content"
	"broadsheet/internal/demo"
	"broadsheet/internal/news"
	"broadsheet/internal/photo"
	"broadsheet/internal/store"
)

// storyCount opens the data directory's database and counts its stories.
func storyCount(t *testing.T, data string) int {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	all, err := st.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// TestExportImportCommands moves the demo edition from one site to another
// through files, and refuses a broken edition without writing anything.
func TestExportImportCommands(t *testing.T) {
	ctx := context.Background()
	from := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(from, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, ed); err != nil {
		t.Fatal(err)
	}
	st.Close()
	translations, images := 0, map[string]bool{}
	for _, s := range ed.Stories {
		translations += len(s.Translations)
		for _, im := range s.Images {
			images[im.Name] = true
		}
	}

	dir := filepath.Join(t.TempDir(), "edition")
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "--data", from, dir}, env(nil), &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	if got, want := out.String(), fmt.Sprintf("exported %d stories (%d translations, %d images) to %s\n", len(ed.Stories), translations, len(images), dir); got != want {
		t.Fatalf("export output=%q, want %q", got, want)
	}
	if err := run(ctx, []string{"export", "--data", from, dir}, env(nil), &out); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("export into a full directory: err=%v, want a refusal", err)
	}

	to := t.TempDir()
	out.Reset()
	if err := run(ctx, []string{"import", "--data", to, dir}, env(nil), &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if got, want := out.String(), fmt.Sprintf("imported %d stories (%d translations)\n", len(ed.Stories), translations); got != want {
		t.Fatalf("import output=%q, want %q", got, want)
	}
	if got, want := storyCount(t, to), len(ed.Stories); got != want {
		t.Fatalf("stories after import=%d, want %d", got, want)
	}
	// Importing again replaces the stories rather than adding copies.
	if err := run(ctx, []string{"import", "--data", to, dir}, env(nil), &out); err != nil {
		t.Fatalf("second import: %v", err)
	}
	if got, want := storyCount(t, to), len(ed.Stories); got != want {
		t.Fatalf("stories after a second import=%d, want %d", got, want)
	}

	bad := t.TempDir()
	for name, src := range map[string]string{
		"sections.toml": "[[section]]\nkey = \"world\"\nen = \"World\"\nzh-Hans = \"国际\"\n",
		"fine.en.md":    "+++\nkey = \"fine\"\nlang = \"en\"\nslug = \"fine\"\nheadline = \"Fine\"\nsection = \"world\"\n+++\nBody.\n",
		"nolang.en.md":  "+++\nkey = \"nolang\"\nslug = \"nolang\"\nheadline = \"No lang\"\nsection = \"world\"\n+++\nBody.\n",
		"photo.en.md":   "+++\nkey = \"photo\"\nlang = \"en\"\nslug = \"photo\"\nheadline = \"Photo\"\nsection = \"world\"\nimage = \"gone.jpg\"\nalt = \"x\"\n+++\nBody.\n",
	} {
		if err := os.WriteFile(filepath.Join(bad, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, data := range []string{to, t.TempDir()} {
		before := storyCount(t, data)
		out.Reset()
		err := run(ctx, []string{"import", "--data", data, bad}, env(nil), &out)
		if err == nil || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("import of a broken edition: err=%v", err)
		}
		for _, f := range []string{"nolang.en.md: ", "photo.en.md: "} {
			if !strings.Contains(out.String(), f) {
				t.Errorf("output does not name %s:\n%s", f, out.String())
			}
		}
		if got, want := storyCount(t, data), before; got != want {
			t.Fatalf("stories after a failed import=%d, want %d", got, want)
		}
	}

	for _, args := range [][]string{
		{"import", "--data", to},
		{"import", "--data", to, dir, dir},
		{"export", "--data", to},
		{"import", "--data", to, filepath.Join(bad, "missing")},
	} {
		if err := run(ctx, args, env(nil), &out); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// Stories without Markdown (the synthetic corpus) export as Markdown written
// from their blocks and import again.
func TestExportImportGeneratedCorpus(t *testing.T) {
	ctx := context.Background()
	from, to := t.TempDir(), t.TempDir()
	var out bytes.Buffer
	if err := run(ctx, []string{"generate", "--data", from, "--stories", "5"}, env(nil), &out); err != nil {
		t.Fatalf("generate: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := run(ctx, []string{"export", "--data", from, dir}, env(nil), &out); err != nil {
		t.Fatalf("export: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--data", to, dir}, env(nil), &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if got, want := out.String(), "imported 5 stories (10 translations)\n"; got != want {
		t.Fatalf("import output=%q, want %q", got, want)
	}
}

// TestExportImportNewsroomStories round-trips stories as the newsroom makes
// them: an uploaded photo with its srcset copies, a lead photo named without
// its bytes, a picture shown inline by another story (whose own credit must
// not replace the photo's), a draft and a scheduled translation.
func TestExportImportNewsroomStories(t *testing.T) {
	ctx := context.Background()
	from, to, dir := t.TempDir(), t.TempDir(), filepath.Join(t.TempDir(), "ed")
	a, err := store.Open(ctx, filepath.Join(from, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.PutSection(ctx, "world", 0, map[news.Lang]string{news.EN: "World", news.ZH: "国际"}); err != nil {
		t.Fatal(err)
	}
	upload := func(name string, w, h int) news.ImageFile {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for x := 0; x < w; x += 7 {
			img.Set(x, x%h, color.RGBA{200, uint8(x), 40, 255})
		}
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, nil); err != nil {
			t.Fatal(err)
		}
		im, err := photo.Process(name, b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if err := a.SaveImage(ctx, im); err != nil {
			t.Fatal(err)
		}
		return im
	}
	p, q := upload("harbour.jpg", 1200, 800), upload("quay.jpg", 1000, 600)
	tr := func(lang news.Lang, slug, headline, md string, pub time.Time) news.TranslationInput {
		body, err := content.Blocks([]byte(md))
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range body {
			if b.Kind == news.BlockImage {
				im, err := a.ImageInfo(ctx, b.Image.Name)
				if err != nil {
					t.Fatal(err)
				}
				im.Alt, im.Caption = b.Image.Alt, b.Image.Caption
				body[i].Image = &im
			}
		}
		return news.TranslationInput{Lang: lang, Slug: slug, Headline: headline, Body: body, Markdown: md,
			Alt: "A harbour", Caption: "The harbour.", PublishedAt: pub, UpdatedAt: time.Unix(1_790_000_000, 0).UTC()}
	}
	published := time.Unix(1_790_000_000, 0).UTC()
	later := time.Now().Add(48 * time.Hour).Truncate(time.Second).UTC()
	alpha := news.StoryInput{Key: "alpha", Section: "world", LeadImage: p.Name, Images: []news.ImageFile{{Name: p.Name, Credit: "Photo: One"}},
		Translations: []news.TranslationInput{
			tr(news.EN, "alpha", "Alpha", "First.\n\n## More\n\nSecond, *with* [a link](https://example.com).", published),
			tr(news.ZH, "a-er-fa", "阿尔法", "第一段。\n\n## 更多\n\n第二段。", time.Time{}),
		}}
	beta := news.StoryInput{Key: "beta", Section: "world", LeadImage: q.Name, Images: []news.ImageFile{{Name: q.Name, Credit: "Photo: Two"}},
		Translations: []news.TranslationInput{
			tr(news.EN, "beta", "Beta", "Text.\n\n![The harbour at dusk]("+p.Name+" \"Seen from the quay\")\n\nMore text.", later),
		}}
	for _, in := range []news.StoryInput{alpha, beta} {
		if _, _, err := a.SaveEdit(ctx, 0, 0, in, 0, "save"); err != nil {
			t.Fatal(err)
		}
	}
	fromA, err := a.Export(ctx)
	a.Close()
	if err != nil {
		t.Fatal(err)
	}

	var out strings.Builder
	if err := run(ctx, []string{"export", "--data", from, dir}, env(nil), &out); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "--data", to, dir}, env(nil), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	b, err := store.Open(ctx, filepath.Join(to, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fromB, err := b.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromA, fromB) {
		// Say what differs without printing picture bytes.
		brief := func(ins []news.StoryInput) string {
			var b strings.Builder
			for _, in := range ins {
				for _, im := range in.Images {
					fmt.Fprintf(&b, "%s image %s %s %dx%d %q %d bytes\n", in.Key, im.Name, im.ContentType, im.Width, im.Height, im.Credit, len(im.Data))
				}
				for _, tr := range in.Translations {
					body, _ := json.Marshal(tr.Body)
					fmt.Fprintf(&b, "%s %s %+v\n", in.Key, tr.Lang, struct {
						Slug, Headline, Markdown, Body string
						Pub, Up                        time.Time
					}{tr.Slug, tr.Headline, tr.Markdown, string(body), tr.PublishedAt, tr.UpdatedAt})
				}
				fmt.Fprintf(&b, "%s lead %s section %s\n", in.Key, in.LeadImage, in.Section)
			}
			return b.String()
		}
		t.Fatalf("the stories differ after export and import:\n%s---\n%s", brief(fromA), brief(fromB))
	}
	for _, c := range []struct {
		im     news.ImageFile
		credit string
	}{{p, "Photo: One"}, {q, "Photo: Two"}} {
		got, err := b.ImageInfo(ctx, c.im.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got.Credit != c.credit {
			t.Errorf("%s: credit %q, want %q", c.im.Name, got.Credit, c.credit)
		}
		var widths []int
		for _, v := range c.im.Variants {
			widths = append(widths, v.Width)
			_, data, err := b.Media(ctx, v.Name)
			if err != nil || !bytes.Equal(data, v.Data) {
				t.Errorf("%s: the imported copy differs from the uploaded one (%v)", v.Name, err)
			}
		}
		if !reflect.DeepEqual(got.Widths, widths) || len(widths) == 0 {
			t.Errorf("%s: widths %v after import, want %v", c.im.Name, got.Widths, widths)
		}
	}
}
