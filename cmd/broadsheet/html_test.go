package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vnuPath is the Nu Html Checker as `make test-deps` installs it (pinned in
// tests/checkers/package.json).
var vnuPath = filepath.Join("..", "..", "tests", "checkers", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

// TestHTMLValidates checks every page type, in both languages, with the Nu
// Html Checker: front, section (first and later page), article (before and
// after consent, so with the placeholder and with the iframe), untranslated,
// search, policy, cookie settings and 404.
func TestHTMLValidates(t *testing.T) {
	if _, err := os.Stat(vnuPath); err != nil {
		t.Fatalf("the Nu Html Checker is missing (%v): run `make test-deps`", err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("java is missing: run `make test-deps`")
	}
	base := e2eStartSite(t)
	pages := []string{
		"/en/", "/zh/", "/en/section/world", "/zh/section/culture",
		"/en/story/open-movies-animation-classroom", "/zh/story/kai-yuan-dian-ying-dong-hua-ke-tang",
		"/zh/story/harwick-library-software-reads-handwritten-records",
		"/en/search?q=talent", "/zh/search?q=" + url.QueryEscape("新质生产力"), "/zh/search?q=zzzz", "/en/search",
		"/en/privacy", "/zh/privacy", "/en/cookies", "/en/no-such-page", "/zh/no-such-page",
	}
	dir := t.TempDir()
	var files []string
	for i, p := range pages {
		files = append(files, fetchToFile(t, http.DefaultClient, base+p, filepath.Join(dir, fmt.Sprintf("page%02d.html", i))))
	}
	// A reader who agreed sees the embed as an iframe.
	jar, _ := cookiejar.New(nil)
	agreed := &http.Client{Jar: jar}
	resp, err := agreed.PostForm(base+"/consent", url.Values{"decision": {"accept"}, "return": {"/en/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	files = append(files, fetchToFile(t, agreed, base+"/en/story/open-movies-animation-classroom", filepath.Join(dir, "agreed.html")))

	out, err := exec.Command(java, append([]string{"-jar", vnuPath, "--errors-only", "--format", "json"}, files...)...).CombinedOutput()
	var report struct {
		Messages []struct {
			Type, Message, URL, Extract string
			LastLine                    int
		} `json:"messages"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("checker output is not JSON (run error %v): %v\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		name := filepath.Base(strings.TrimPrefix(m.URL, "file:"))
		t.Errorf("%s: %s: %s (line %d: %q)", name, m.Type, m.Message, m.LastLine, m.Extract)
	}
	if len(files) != len(pages)+1 {
		t.Fatalf("checked %d pages, want %d", len(files), len(pages)+1)
	}
}

// fetchToFile saves a response body for an outside checker and returns the
// file's path; any status but 200 or 404 fails the test.
func fetchToFile(t *testing.T, c *http.Client, u, file string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
		t.Fatalf("%s: status %d", u, resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}
