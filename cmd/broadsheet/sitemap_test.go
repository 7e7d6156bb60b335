package main

import (
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"broadsheet/tests/feedcheck"
)

// sitemapXSD is the sitemaps.org 0.9 schema as the npm package `sitemap`
// ships it (pinned in tests/checkers/package.json).
var sitemapXSD = filepath.Join("..", "..", "tests", "checkers", "node_modules", "sitemap", "schema", "sitemap.xsd")

// TestSitemapsAndFeedsValidateOnAnyDate runs the real server with its clock
// a day, and a year, after the demo edition's newest story. Every sitemap the
// index names validates against the sitemaps.org schema with xmllint (the
// news sitemap is named only while it has stories), every feed parses with
// gofeed, every Atom feed passes RFC 4287's rules, and the front pages still
// list the demo stories. The schema admits elements of other namespaces
// (xhtml:link, news:news) strictly, which would need their schemas from the
// network; the copy used here checks them laxly and the sitemap itself strictly.
func TestSitemapsAndFeedsValidateOnAnyDate(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is missing: run `make test-deps`")
	}
	xsd, err := os.ReadFile(sitemapXSD)
	if err != nil {
		t.Fatalf("the sitemaps.org schema is missing (%v): run `make test-deps`", err)
	}
	lax := filepath.Join(t.TempDir(), "sitemap.xsd")
	if err := os.WriteFile(lax, []byte(strings.ReplaceAll(string(xsd), `processContents="strict"`, `processContents="lax"`)), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		after time.Duration
		news  bool // the news sitemap is listed
	}{
		{"a day after the demo edition", 24 * time.Hour, true},
		{"a year after the demo edition", 365 * 24 * time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, _, stop := startRun(t, t.TempDir(), clockAt(demoNewest(t).Add(tc.after)))
			defer stop()
			dir := t.TempDir()
			var index struct {
				Locs []string `xml:"sitemap>loc"`
			}
			if err := xml.Unmarshal(fetch(t, base+"/sitemap.xml"), &index); err != nil {
				t.Fatal(err)
			}
			files := []string{fetchToFile(t, http.DefaultClient, base+"/sitemap.xml", filepath.Join(dir, "index.xml"))}
			hasNews := false
			for _, loc := range index.Locs {
				// Locations are absolute on the default base URL, which is this server.
				path := loc[strings.Index(loc, "/sitemaps/"):]
				hasNews = hasNews || path == "/sitemaps/news.xml"
				files = append(files, fetchToFile(t, http.DefaultClient, base+path, filepath.Join(dir, filepath.Base(path))))
			}
			if hasNews != tc.news {
				t.Fatalf("the index names the news sitemap=%v, want %v: %v", hasNews, tc.news, index.Locs)
			}
			if !tc.news {
				resp, err := http.Get(base + "/sitemaps/news.xml")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound {
					t.Fatalf("news sitemap with no recent story: status %d, want 404", resp.StatusCode)
				}
			}
			out, err := exec.Command(xmllint, append([]string{"--noout", "--schema", lax}, files[1:]...)...).CombinedOutput()
			if err != nil {
				t.Fatalf("xmllint: %v\n%s", err, out)
			}
			for _, f := range files[1:] {
				if !strings.Contains(string(out), filepath.Base(f)+" validates") {
					t.Errorf("%s did not validate:\n%s", filepath.Base(f), out)
				}
			}
			for _, p := range []string{"/en/feed.xml", "/en/atom.xml", "/zh/feed.xml", "/zh/atom.xml",
				"/en/section/world/feed.xml", "/zh/section/world/atom.xml",
				"/zh-hant/feed.xml", "/zh-hant/atom.xml", "/zh-hant/section/world/atom.xml"} {
				doc := fetch(t, base+p)
				f, err := gofeed.NewParser().ParseString(string(doc))
				if err != nil {
					t.Fatalf("%s: gofeed: %v", p, err)
				}
				if len(f.Items) == 0 {
					t.Errorf("%s lists no story", p)
				}
				if strings.HasSuffix(p, "atom.xml") {
					for _, err := range feedcheck.Atom(doc) {
						t.Errorf("%s: %v", p, err)
					}
				}
			}
			for _, want := range []struct{ path, headline string }{
				{"/en/", "sinking delta town"},
				{"/zh/", "三角洲小镇"},
				{"/zh-hant/", "三角洲小鎮"},
			} {
				if b := string(fetch(t, base+want.path)); !strings.Contains(b, want.headline) {
					t.Errorf("%s no longer lists the demo story %q", want.path, want.headline)
				}
			}
		})
	}
}

// fetch GETs a URL and returns its body, failing the test on any status but 200.
func fetch(t *testing.T, u string) []byte {
	t.Helper()
	code, b := getBody(t, u)
	if code != http.StatusOK {
		t.Fatalf("%s: status %d", u, code)
	}
	return []byte(b)
}
