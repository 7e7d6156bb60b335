package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"broadsheet/internal/demo"
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
