package i18n

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func catalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLocalesDefineTheSameIDs(t *testing.T) {
	c := catalog(t)
	en := set(c.IDs(English))
	for _, lang := range Languages[1:] {
		other := set(c.IDs(lang))
		for id := range en {
			if !other[id] {
				t.Errorf("%q is in active.en.toml but not in active.%s.toml", id, lang)
			}
		}
		for id := range other {
			if !en[id] {
				t.Errorf("%q is in active.%s.toml but not in active.en.toml", id, lang)
			}
		}
	}
}

// Every message id a template or handler asks for must exist in the locales.
func TestUsedIDsExist(t *testing.T) {
	c := catalog(t)
	defined := set(c.IDs(English))
	use := regexp.MustCompile(`\bi18n\.(?:T|TD|TN)\(ctx, "([A-Za-z0-9]+)"`)
	var files []string
	for _, pattern := range []string{"../../views/*.templ", "../../views/*.go", "../web/*.go"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no templ files found")
	}
	used := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			used++
			if !defined[m[1]] {
				t.Errorf("%s uses message %q, which no locale defines", filepath.Base(f), m[1])
			}
		}
	}
	if used < 20 {
		t.Fatalf("found only %d message uses; is the pattern stale?", used)
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", English},
		{"zh", Chinese},
		{"zh-CN", Chinese},
		{"zh-SG", Chinese},
		{"zh-MY", Chinese},
		{"zh-Hans", Chinese},
		{"zh-Hans-HK", Chinese},
		{"zh-TW", Traditional},
		{"zh-HK", Traditional},
		{"zh-MO", Traditional},
		{"zh-Hant", Traditional},
		{"zh-Hant-HK", Traditional},
		{"zh-Hant-CN", Traditional},
		{"zh-HK,zh;q=0.9", Traditional}, // Chrome in Hong Kong
		{"zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", Traditional},
		{"zh-CN,zh;q=0.9,en;q=0.8", Chinese},
		{"en-GB,en;q=0.9,zh;q=0.5", English},
		{"en;q=0.5,zh-TW;q=0.9", Traditional},
		{"fr-FR,fr;q=0.9", English},
		{"fr;q=0.9,zh-CN;q=0.8", Chinese},
		{"fr;q=0.9,zh-HK;q=0.8", Traditional},
		{"de, en;q=0.1", English},
		{"garbage;;;q=abc", English},
		{"*", English},
	} {
		if got := Match(tc.header); got != tc.want {
			t.Errorf("Match(%q)=%q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestDatesAndPlurals(t *testing.T) {
	c := catalog(t)
	d := time.Date(2024, 3, 12, 10, 0, 0, 0, time.UTC)
	if got, want := c.For(English).Date(d), "March 12, 2024"; got != want {
		t.Fatalf("English date=%q, want %q", got, want)
	}
	if got, want := c.For(Chinese).Date(d), "2024年3月12日"; got != want {
		t.Fatalf("Chinese date=%q, want %q", got, want)
	}
	if got, want := c.For(English).TN("ReadingTime", 1, nil), "1 minute read"; got != want {
		t.Fatalf("plural one=%q, want %q", got, want)
	}
	if got, want := c.For(Chinese).TN("ReadingTime", 5, nil), "阅读约需5分钟"; got != want {
		t.Fatalf("Chinese count=%q, want %q", got, want)
	}
}

func TestMissingNeverPanics(t *testing.T) {
	ctx := context.Background()
	if got, want := T(ctx, "NoSuchID"), "NoSuchID"; got != want {
		t.Fatalf("T without translator=%q, want %q", got, want)
	}
	ctx = WithTranslator(ctx, catalog(t).For(Chinese))
	if got, want := T(ctx, "NoSuchID"), "NoSuchID"; got != want {
		t.Fatalf("T missing id=%q, want %q", got, want)
	}
	if got, want := T(ctx, "NavHome"), "首页"; got != want {
		t.Fatalf("T=%q, want %q", got, want)
	}
}

func set(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// The site's own words replace a message for the translator made with
// them, and for no other.
func TestWithReplacesMessages(t *testing.T) {
	cat, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	base := cat.For(English)
	site := base.With(map[string]string{"SiteName": "The Harbour Ledger"})
	if got, want := site.T("SiteName"), "The Harbour Ledger"; got != want {
		t.Fatalf("SiteName=%q, want %q", got, want)
	}
	if got, want := site.T("SkipToContent"), base.T("SkipToContent"); got != want {
		t.Fatalf("another message changed: %q, want %q", got, want)
	}
	if got, want := base.T("SiteName"), "Broadsheet"; got != want {
		t.Fatalf("the catalog's own SiteName=%q, want %q", got, want)
	}
	if got, want := site.TD("SearchLabel", map[string]any{"Site": site.T("SiteName")}), "Search The Harbour Ledger"; got != want {
		t.Fatalf("SearchLabel=%q, want %q", got, want)
	}
}
