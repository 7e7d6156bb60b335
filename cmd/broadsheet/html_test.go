package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	dataDir := t.TempDir()
	seedTrends(t, dataDir)
	base, _, stop := startRun(t, dataDir)
	t.Cleanup(stop)
	pages := []string{
		"/en/", "/zh/", "/en/section/world", "/zh/section/culture",
		"/en/story/open-movies-animation-classroom", "/zh/story/kai-yuan-dian-ying-dong-hua-ke-tang",
		"/zh/story/harwick-library-software-reads-handwritten-records",
		"/en/search?q=talent", "/zh/search?q=" + url.QueryEscape("新质生产力"), "/zh/search?q=zzzz", "/en/search",
		"/en/privacy", "/zh/privacy", "/en/cookies", "/en/no-such-page", "/zh/no-such-page",
		// The Traditional edition, converted from the Simplified one.
		"/zh-hant/", "/zh-hant/section/culture", "/zh-hant/story/kai-yuan-dian-ying-dong-hua-ke-tang",
		"/zh-hant/story/harwick-library-software-reads-handwritten-records",
		"/zh-hant/search?q=" + url.QueryEscape("新質生產力"), "/zh-hant/privacy", "/zh-hant/no-such-page",
		// Parallel reading and translation status.
		"/zh/story/ni-bo-er-shan-qu-cha-nong-zhi-xiao-hai-wai/bilingual", "/en/story/night-market-family-stall-renovation/bilingual",
		"/zh-hant/story/ao-si-te-li-dao-tai-yang-neng-wei-dian-wang/bilingual?show=tap",
		"/zh/story/ao-si-te-li-dao-tai-yang-neng-wei-dian-wang",
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

	newsroom := newsroomPagesToFiles(t, base, dataDir, dir)
	files = append(files, newsroom...)

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
	if want := len(pages) + 1 + 48; len(files) != want || len(newsroom) != 48 {
		t.Fatalf("checked %d pages, want %d", len(files), want)
	}
}

// fetchToFile saves a response body for an outside checker and returns the
// file's path; any status but 200 or 404 fails the test.
// newsroomPagesToFiles signs in to the newsroom and saves its pages: sign-in
// (blank and failed), story list, editor (new, existing, with errors, with
// the preview), revisions and accounts, in both languages.
func newsroomPagesToFiles(t *testing.T, base, data, dir string) []string {
	t.Helper()
	const pw = "a long enough password"
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(pw + "\n")
	if err := run(t.Context(), []string{"user", "add", "--data", data, "--email", "check@example.com", "--role", "admin"}, env(nil), io.Discard); err != nil {
		t.Fatal(err)
	}
	var files []string
	save := func(name string, resp *http.Response, err error) {
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		f := filepath.Join(dir, name+".html")
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	anon := &http.Client{}
	resp, err := anon.Get(base + "/newsroom/login")
	save("login", resp, err)
	resp, err = anon.PostForm(base+"/newsroom/login", url.Values{"email": {"check@example.com"}, "password": {"wrong password"}})
	save("login-failed", resp, err)

	var editor string // the editor of story 1, whose form is sent next
	for _, lang := range []string{"en", "zh"} {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		if resp, err := c.Get(base + "/lang/" + lang + "?next=/newsroom/login"); err == nil {
			resp.Body.Close()
		}
		resp, err := c.PostForm(base+"/newsroom/login", url.Values{"email": {"check@example.com"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for i, p := range []string{"/newsroom/", "/newsroom/stories/new", "/newsroom/stories/1", "/newsroom/stories/1/revisions", "/newsroom/photos", "/newsroom/users", "/newsroom/trends", "/newsroom/glossary", "/newsroom/stories/10", "/newsroom/settings"} {
			resp, err := c.Get(base + p)
			save(fmt.Sprintf("newsroom-%s-%d", lang, i), resp, err)
			if p == "/newsroom/stories/1" {
				editor = files[len(files)-1]
			}
		}
		page := editor
		b, _ := os.ReadFile(page)
		m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(b)
		if m == nil {
			t.Fatal("no CSRF token in the editor")
		}
		for _, action := range []string{"preview", "save", "insert-picture"} {
			form := url.Values{"csrf": {string(m[1])}, "action": {action}, "section": {"world"}, "en-headline": {"Checked"},
				"en-body": {"A paragraph.\n\n## A heading\n\n> A quote"}, "zh-headline": {"检查"}, "zh-body": {"一段。\n\n##小标题"}, "zh-slug": {"Bad Slug"}}
			if action == "preview" {
				form.Del("zh-slug")
			}
			resp, err := c.PostForm(base+"/newsroom/stories/new", form)
			save(fmt.Sprintf("newsroom-%s-%s", lang, action), resp, err)
		}
		// A form from a version with no record: every field that differs
		// from the story is a conflict, shown side by side.
		form := url.Values{"csrf": {string(m[1])}, "action": {"save"}, "version": {"0"}, "section": {"world"},
			"en-headline": {"Checked"}, "en-body": {"A paragraph.\n\n## A heading"}, "zh-headline": {"检查"}}
		resp, err = c.PostForm(base+"/newsroom/stories/2", form)
		if err == nil && resp.StatusCode != http.StatusConflict {
			t.Fatalf("the conflict form: status %d, want 409", resp.StatusCode)
		}
		save("newsroom-"+lang+"-conflict", resp, err)
		// The form sent after the session ended: the sign-in page that
		// carries it, and the editor it opens after signing in.
		jar, _ = cookiejar.New(nil)
		late := &http.Client{Jar: jar}
		if resp, err := late.Get(base + "/lang/" + lang + "?next=/newsroom/login"); err == nil {
			resp.Body.Close()
		}
		resp, err = late.PostForm(base+"/newsroom/stories/new", url.Values{"action": {"save"}, "section": {"world"}, "en-headline": {"Checked"}, "zh-headline": {"检查"}})
		save(fmt.Sprintf("newsroom-%s-expired", lang), resp, err)
		b, _ = os.ReadFile(files[len(files)-1])
		signIn := url.Values{"email": {"check@example.com"}, "password": {pw}, "next": {"/newsroom/stories/new"}}
		for _, m := range regexp.MustCompile(`name="(carried\.[^"]+)" value="([^"]*)"`).FindAllSubmatch(b, -1) {
			signIn.Add(string(m[1]), html.UnescapeString(string(m[2])))
		}
		if len(signIn) < 5 {
			t.Fatalf("the sign-in page after the session ended carries %d fields", len(signIn)-3)
		}
		resp, err = late.PostForm(base+"/newsroom/login", signIn)
		save(fmt.Sprintf("newsroom-%s-resumed", lang), resp, err)
		// The settings form with its errors; it changes nothing.
		resp, err = c.PostForm(base+"/newsroom/settings", url.Values{"csrf": {string(m[1])}, "time_zone": {"Nowhere/Else"},
			"site-en-name": {strings.Repeat("x", 61)}, "site-zh-Hans-privacy": {"![图](photo.png)"}})
		save(fmt.Sprintf("newsroom-%s-settings-errors", lang), resp, err)
		// Editorial control: the front page desk, a take-down's confirmation,
		// a refused delete (published story, photo in use), and a draft saved
		// here for its delete confirmation and its changes page.
		for i, p := range []string{"/newsroom/front", "/newsroom/stories/1/withdraw/en", "/newsroom/stories/1/delete", "/newsroom/photos"} {
			resp, err := c.Get(base + p)
			save(fmt.Sprintf("control-%s-%d", lang, i), resp, err)
		}
		photos, _ := os.ReadFile(files[len(files)-1])
		files = files[:len(files)-1] // the library is checked above
		del := regexp.MustCompile(`href="(/newsroom/photos/[^"]+/delete)"`).FindSubmatch(photos)
		if del == nil {
			t.Fatal("the photo library offers no delete")
		}
		resp, err = c.Get(base + string(del[1]))
		save("control-"+lang+"-photo", resp, err)
		resp, err = c.PostForm(base+"/newsroom/stories/new", url.Values{"csrf": {string(m[1])}, "action": {"save"}, "section": {"world"},
			"en-headline": {"Checked draft " + lang}, "en-body": {"A paragraph.\n\nAnother."}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		draft := resp.Request.URL.Path // the editor of the saved draft, after the redirect
		if !regexp.MustCompile(`^/newsroom/stories/\d+$`).MatchString(draft) {
			t.Fatalf("saving a draft ended at %s (status %d)", draft, resp.StatusCode)
		}
		resp, err = c.Get(base + draft + "/delete")
		save("control-"+lang+"-delete", resp, err)
		revs, _ := c.Get(base + draft + "/revisions")
		b, _ = io.ReadAll(revs.Body)
		revs.Body.Close()
		changes := regexp.MustCompile(`href="(/newsroom/stories/\d+/revisions/\d+/changes)"`).FindSubmatch(b)
		if changes == nil {
			t.Fatal("the revisions page links to no changes")
		}
		resp, err = c.Get(base + string(changes[1]))
		save("control-"+lang+"-changes", resp, err)
	}
	return files
}

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
