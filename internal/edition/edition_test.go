package edition_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"broadsheet/internal/demo"
	"broadsheet/internal/edition"
	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

func openStore(t *testing.T, name string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// importInto writes an edition the way `broadsheet import` does into an empty store.
func importInto(t *testing.T, st *store.Store, ed edition.Edition) {
	t.Helper()
	ctx := context.Background()
	for i, s := range ed.Sections {
		if err := st.PutSection(ctx, s.Key, i, s.Names); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Import(ctx, nil, ed.Stories, ed.Glossary); err != nil {
		t.Fatal(err)
	}
}

// exportFrom reads a store back as an edition, as `broadsheet export` does.
func exportFrom(t *testing.T, st *store.Store) edition.Edition {
	t.Helper()
	ed, err := edition.Read(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

// readDir reads every file of an exported edition.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// The proof that export and import lose nothing: demo → store A → files →
// store B → files gives the same files twice and the same stories in both stores.
func TestRoundTrip(t *testing.T) {
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	// One draft and one scheduled translation ride along.
	draft, scheduled := &ed.Stories[0].Translations[0], &ed.Stories[1].Translations[len(ed.Stories[1].Translations)-1]
	draft.PublishedAt, draft.UpdatedAt = time.Time{}, time.Time{}
	scheduled.PublishedAt = time.Now().Add(72 * time.Hour).Truncate(time.Second).UTC()
	scheduled.UpdatedAt = scheduled.PublishedAt

	a := openStore(t, "a.db")
	importInto(t, a, ed)
	fromA := exportFrom(t, a)
	if got, want := len(fromA.Stories), len(ed.Stories); got != want {
		t.Fatalf("stories exported from A=%d, want %d", got, want)
	}
	dir1 := filepath.Join(t.TempDir(), "one")
	if err := edition.Write(dir1, fromA); err != nil {
		t.Fatal(err)
	}

	loaded, err := edition.Load(os.DirFS(dir1), ".")
	if err != nil {
		t.Fatalf("loading the export: %v", err)
	}
	if !reflect.DeepEqual(loaded.Sections, ed.Sections) {
		t.Fatalf("sections=%v, want %v", loaded.Sections, ed.Sections)
	}
	b := openStore(t, "b.db")
	importInto(t, b, loaded)
	fromB := exportFrom(t, b)
	dir2 := t.TempDir()
	if err := edition.Write(dir2, fromB); err != nil {
		t.Fatal(err)
	}

	files1, files2 := readDir(t, dir1), readDir(t, dir2)
	if got, want := len(files2), len(files1); got != want {
		t.Fatalf("files in second export=%d, want %d", got, want)
	}
	for name, data := range files1 {
		if !bytes.Equal(files2[name], data) {
			t.Errorf("%s differs between the exports:\n%s\n---\n%s", name, data, files2[name])
		}
	}
	if !reflect.DeepEqual(fromA.Stories, fromB.Stories) {
		for i := range fromA.Stories {
			if !reflect.DeepEqual(fromA.Stories[i], fromB.Stories[i]) {
				t.Errorf("story %s differs between stores A and B", fromA.Stories[i].Key)
			}
		}
		t.Fatal("stores A and B export different stories")
	}

	// The Traditional edition's glossary and a story's own exceptions travel too.
	if !reflect.DeepEqual(fromB.Glossary, ed.Glossary) || len(ed.Glossary[news.ZHHant]) == 0 {
		t.Errorf("glossary after two round trips=%v, want %v", fromB.Glossary, ed.Glossary)
	}
	if _, ok := files1[edition.GlossaryFile(news.ZHHant)]; !ok {
		t.Error("the export has no glossary file")
	}
	exceptions := 0
	for _, st := range fromB.Stories {
		exceptions += len(st.Exceptions[news.ZHHant])
	}
	if exceptions == 0 {
		t.Error("no story kept its exceptions")
	}

	// The export says what a reader of the files needs to know.
	draftFile := string(files1[ed.Stories[0].Key+"."+string(draft.Lang)+".md"])
	if strings.Contains(draftFile, "\npublished =") {
		t.Errorf("draft has a published time:\n%s", draftFile)
	}
	schedFile := string(files1[ed.Stories[1].Key+"."+string(scheduled.Lang)+".md"])
	if want := "published = " + scheduled.PublishedAt.Format(time.RFC3339) + "\n"; !strings.Contains(schedFile, want) {
		t.Errorf("scheduled file lacks %q:\n%s", want, schedFile)
	}
	for _, st := range fromA.Stories {
		for _, im := range st.Images {
			sum := sha256.Sum256(im.Data)
			if _, ok := files1[im.Name]; !ok || !strings.HasPrefix(im.Name, hex.EncodeToString(sum[:])+"-") {
				t.Errorf("image %s not written under its name, which starts with its whole hash", im.Name)
			}
		}
		for _, tr := range st.Translations {
			for _, bl := range tr.Body {
				if bl.Kind == news.BlockImage && !strings.Contains(tr.Markdown, "]("+bl.Image.Name) {
					t.Errorf("%s: Markdown does not name inline image %s", st.Key, bl.Image.Name)
				}
			}
		}
	}
	for name := range files1 {
		info, err := os.Stat(filepath.Join(dir1, name))
		if err != nil {
			t.Fatal(err)
		}
		// 0644 less the umask: never writable by others, never executable.
		if got := info.Mode().Perm(); got&^0o644 != 0 {
			t.Errorf("%s mode=%v, want at most %v", name, got, os.FileMode(0o644))
		}
	}

	if err := edition.Write(dir1, fromA); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("writing into a full directory: err=%v, want a refusal", err)
	}
}

// A story stored without its Markdown (an older database, the synthetic
// corpus) is exported with Markdown written from its blocks.
func TestWriteWithoutMarkdown(t *testing.T) {
	ed, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]news.Block{}
	for i := range ed.Stories {
		for j := range ed.Stories[i].Translations {
			tr := &ed.Stories[i].Translations[j]
			tr.Markdown = ""
			want[ed.Stories[i].Key+"."+string(tr.Lang)] = tr.Body
		}
	}
	dir := t.TempDir()
	if err := edition.Write(dir, ed); err != nil {
		t.Fatal(err)
	}
	back, err := edition.Load(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range back.Stories {
		for _, tr := range st.Translations {
			if tr.Markdown == "" {
				t.Errorf("%s.%s: no Markdown", st.Key, tr.Lang)
			}
			if !reflect.DeepEqual(tr.Body, want[st.Key+"."+string(tr.Lang)]) {
				t.Errorf("%s.%s: body differs after export without Markdown", st.Key, tr.Lang)
			}
		}
	}
}

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"></svg>`

// story writes a translation file's text; fields override the defaults.
func story(key, lang string, fields map[string]string, body string) string {
	f := map[string]string{
		"key": key, "lang": lang, "slug": key + "-" + strings.ToLower(lang), "headline": "A headline",
		"section": "world", "published": "2026-01-02T03:04:05Z",
	}
	for k, v := range fields {
		f[k] = v
	}
	var b strings.Builder
	b.WriteString("+++\n")
	for _, k := range []string{"key", "lang", "slug", "headline", "section", "published", "image", "caption", "credit", "alt", "publised"} {
		if v, ok := f[k]; ok && v != "-" {
			if k == "published" || k == "publised" {
				b.WriteString(k + " = " + v + "\n")
			} else {
				b.WriteString(k + " = \"" + v + "\"\n")
			}
		}
	}
	b.WriteString("+++\n\n" + body + "\n")
	return b.String()
}

// BadEdition writes a directory where every story file but good.en.md has a
// problem, and returns the names of the bad files.
func BadEdition(t *testing.T, dir string) []string {
	t.Helper()
	files := map[string]string{
		edition.SectionsFile: "[[section]]\nkey = \"world\"\nen = \"World\"\nzh-Hans = \"国际\"\n\n[[section]]\nkey = \"business\"\nen = \"Business\"\nzh-Hans = \"财经\"\n",
		"good.svg":           svg,
		"notimage.txt":       "hello",
		"good.en.md":         story("good", "en", map[string]string{"image": "good.svg", "alt": "A picture", "credit": "Studio"}, "Fine.\n\n![Inline](good.svg \"Cap\")"),
		"nofront.en.md":      "Just text, no front matter.\n",
		"badlang.fr.md":      story("badlang", "fr", nil, "Body."),
		"misnamed.en.md":     story("other", "en", nil, "Body."),
		"badslug.en.md":      story("badslug", "en", map[string]string{"slug": "Bad Slug"}, "Body."),
		"Bad_Key.en.md":      story("Bad_Key", "en", nil, "Body."),
		"noheadline.en.md":   story("noheadline", "en", map[string]string{"headline": " "}, "Body."),
		"missingimage.en.md": story("missingimage", "en", map[string]string{"image": "nowhere.svg", "alt": "x"}, "Body."),
		"notimage.en.md":     story("notimage", "en", map[string]string{"image": "notimage.txt", "alt": "x"}, "Body."),
		"noalt.en.md":        story("noalt", "en", map[string]string{"image": "good.svg"}, "Body."),
		"inlinenoalt.en.md":  story("inlinenoalt", "en", nil, "![](good.svg)"),
		"split.en.md":        story("split", "en", nil, "Body."),
		"split.zh-Hans.md":   story("split", "zh-Hans", map[string]string{"section": "business"}, "正文。"),
		"nosection.en.md":    story("nosection", "en", map[string]string{"section": "sport"}, "Body."),
		"dupslug.en.md":      story("dupslug", "en", map[string]string{"slug": "same-slug"}, "Body."),
		"dupslug2.en.md":     story("dupslug2", "en", map[string]string{"slug": "same-slug"}, "Body."),
		"badbody.en.md":      story("badbody", "en", nil, "```go\nfmt.Println()\n```"),
		"typo.en.md":         story("typo", "en", map[string]string{"published": "-", "publised": "2026-01-02T03:04:05Z"}, "Body."),
	}
	var bad []string
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".md") && name != "good.en.md" && name != "split.en.md" {
			bad = append(bad, name)
		}
	}
	return bad
}

func TestLoadReportsEveryBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := BadEdition(t, dir)
	ed, err := edition.Load(os.DirFS(dir), ".")
	var le *edition.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("err=%v, want a *LoadError", err)
	}
	if got, want := len(ed.Stories), 0; got != want {
		t.Fatalf("stories=%d, want %d", got, want)
	}
	named := map[string]bool{}
	for _, p := range le.Problems {
		named[p.File] = true
		if !strings.Contains(err.Error(), p.File+": "+p.Reason) {
			t.Errorf("Error() lacks %q", p.File+": "+p.Reason)
		}
	}
	for _, f := range bad {
		if !named[f] {
			t.Errorf("%s: no problem reported", f)
		}
	}
	for _, f := range []string{"good.en.md", "split.en.md"} {
		if named[f] {
			t.Errorf("%s: reported, but it is fine", f)
		}
	}
	if got, want := len(strings.Split(err.Error(), "\n")), len(le.Problems); got != want {
		t.Errorf("lines in Error()=%d, want one per problem (%d)", got, want)
	}
	t.Log(err)
}

func TestLoadRefusesBadSections(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.en.md"), []byte(story("a", "en", nil, "Body.")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := edition.Load(os.DirFS(dir), ".")
	if err == nil || !strings.Contains(err.Error(), edition.SectionsFile+": ") {
		t.Fatalf("no sections.toml: err=%v, want it named", err)
	}
	if err := os.WriteFile(filepath.Join(dir, edition.SectionsFile), []byte("[[section]]\nkey = \"world\"\nen = \"World\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := edition.Load(os.DirFS(dir), "."); err == nil || !strings.Contains(err.Error(), "zh-Hans") {
		t.Fatalf("section without a Chinese name: err=%v", err)
	}
}
