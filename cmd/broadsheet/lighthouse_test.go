package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// lighthousePath is Lighthouse's command line as `make test-deps` installs it
// (pinned in tests/checkers/package.json).
var lighthousePath = filepath.Join("..", "..", "tests", "checkers", "node_modules", "lighthouse", "cli", "index.js")

// TestLighthouse runs Lighthouse (its default: a phone, throttled) on the
// front page and a story in every edition and requires 100 in accessibility,
// best practices and SEO. Performance is a timing, so it is reported, not
// asserted (`make lighthouse` shows it; BENCHMARKS.md records it).
func TestLighthouse(t *testing.T) {
	if _, err := os.Stat(lighthousePath); err != nil {
		t.Fatalf("Lighthouse is missing (%v): run `make test-deps`", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is missing: run `make test-deps`")
	}
	t.Parallel()
	base := e2eStartSite(t)
	chromium := e2eChromium(t)
	dir := t.TempDir()
	for _, path := range []string{
		"/en/", "/zh/", "/zh-hant/",
		"/en/story/delta-town-seawall-or-saltmarsh", "/zh/story/san-jiao-zhou-xiao-zhen-hai-di",
		"/zh-hant/story/san-jiao-zhou-xiao-zhen-hai-di",
	} {
		out := filepath.Join(dir, "report.json")
		cmd := exec.Command(node, lighthousePath, base+path, "--quiet", "--output=json", "--output-path="+out,
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("lighthouse %s: %v\n%s", path, err, b)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var report struct {
			Categories map[string]struct {
				Score float64 `json:"score"`
			} `json:"categories"`
			Audits map[string]struct {
				Title string   `json:"title"`
				Score *float64 `json:"score"`
				Mode  string   `json:"scoreDisplayMode"`
			} `json:"audits"`
		}
		if err := json.Unmarshal(raw, &report); err != nil {
			t.Fatal(err)
		}
		var scores []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			scores = append(scores, fmt.Sprintf("%s %.0f", c, 100*report.Categories[c].Score))
		}
		t.Logf("%s: %s", path, strings.Join(scores, ", "))
		for _, c := range []string{"accessibility", "best-practices", "seo"} {
			if s := report.Categories[c].Score; s < 1 {
				var failed []string
				for id, a := range report.Audits {
					if a.Mode == "binary" && a.Score != nil && *a.Score < 1 {
						failed = append(failed, id+": "+a.Title)
					}
				}
				t.Errorf("%s: %s %.0f, want 100; failing audits: %v", path, c, 100*s, failed)
			}
		}
	}
}
