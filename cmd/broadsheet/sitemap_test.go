package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sitemapXSD is the sitemaps.org 0.9 schema as the npm package `sitemap`
// ships it (pinned in tests/checkers/package.json).
var sitemapXSD = filepath.Join("..", "..", "tests", "checkers", "node_modules", "sitemap", "schema", "sitemap.xsd")

// TestSitemapsValidate checks the sitemaps against the sitemaps.org schema with
// xmllint. The schema admits elements of other namespaces (xhtml:link,
// news:news) strictly, which would need their schemas from the network; the
// copy used here checks them laxly and everything of the sitemap itself strictly.
func TestSitemapsValidate(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is missing: run `make test-deps`")
	}
	xsd, err := os.ReadFile(sitemapXSD)
	if err != nil {
		t.Fatalf("the sitemaps.org schema is missing (%v): run `make test-deps`", err)
	}
	dir := t.TempDir()
	lax := filepath.Join(dir, "sitemap.xsd")
	if err := os.WriteFile(lax, []byte(strings.ReplaceAll(string(xsd), `processContents="strict"`, `processContents="lax"`)), 0o600); err != nil {
		t.Fatal(err)
	}
	base := e2eStartSite(t)
	var files []string
	for _, p := range []string{"/sitemaps/en-1.xml", "/sitemaps/zh-1.xml", "/sitemaps/news.xml"} {
		files = append(files, fetchToFile(t, http.DefaultClient, base+p, filepath.Join(dir, filepath.Base(p))))
	}
	out, err := exec.Command(xmllint, append([]string{"--noout", "--schema", lax}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
	for _, f := range files {
		if !strings.Contains(string(out), filepath.Base(f)+" validates") {
			t.Errorf("%s did not validate:\n%s", filepath.Base(f), out)
		}
	}
}
