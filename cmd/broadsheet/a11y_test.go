package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// axePath is axe-core as `make test-deps` installs it (pinned in tests/checkers/package.json).
var axePath = filepath.Join("..", "..", "tests", "checkers", "node_modules", "axe-core", "axe.min.js")

// axeResult is the part of axe.run's answer the test reports.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes int `json:"passes"`
}

// TestA11yWCAG22AA runs axe-core's WCAG 2.0–2.2 A and AA rules on every page
// type in both languages, on a desktop and a 360 px phone, and checks that
// nothing scrolls sideways on the phone.
func TestA11yWCAG22AA(t *testing.T) {
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core missing (%v): run `make test-deps`, which installs it with npm", err)
	}
	data := t.TempDir()
	seedTrends(t, data)
	base, _, stop := startRun(t, data)
	t.Cleanup(stop)
	token := a11yNewsroomToken(t, base, data)
	pages := []string{
		"/en/", "/zh/",
		"/en/section/business", "/zh/section/business",
		"/en/story/open-movies-animation-classroom", "/zh/story/kai-yuan-dian-ying-dong-hua-ke-tang",
		"/zh/story/harwick-library-software-reads-handwritten-records", // untranslated
		"/en/privacy", "/zh/cookies", "/en/no-such-page",
		"/zh-hant/", "/zh-hant/section/business", "/zh-hant/story/kai-yuan-dian-ying-dong-hua-ke-tang",
		"/zh-hant/search?q=" + url.QueryEscape("夜車"),
		"/zh/story/ni-bo-er-shan-qu-cha-nong-zhi-xiao-hai-wai/bilingual", "/en/story/night-market-family-stall-renovation/bilingual?show=tap",
		"/zh-hant/story/ao-si-te-li-dao-tai-yang-neng-wei-dian-wang/bilingual", "/zh/story/ao-si-te-li-dao-tai-yang-neng-wei-dian-wang",
		// The newsroom, signed in. "action:" entries send a form to check a
		// state: a preview (Chinese in the English newsroom), an empty story saved, a conflict, a picture inserted with none
		// chosen (errors), a draft offered, a session ended and resumed.
		"/newsroom/", "/newsroom/stories/new", "/newsroom/stories/1", "/newsroom/stories/1/revisions", "/newsroom/photos", "/newsroom/users", "/newsroom/trends",
		"/newsroom/glossary", "/newsroom/stories/10", "/newsroom/settings", "conflict:/newsroom/stories/2", "preview:/newsroom/stories/1",
		// Editorial control, in English, then (after the toggle) in Chinese: the front page desk,
		// a take-down's confirmation, a refused delete, a photo in use, and a story saved
		// here for its changes page.
		"/newsroom/front", "/newsroom/stories/1/withdraw/en", "/newsroom/stories/1/delete", `follow:/newsroom/photos a[href$="/delete"]`,
		"save:/newsroom/stories/1", `follow:/newsroom/stories/1/revisions a[href$="/changes"]`,
		"/lang/zh?next=/newsroom/stories/1", "/newsroom/settings", "save:/newsroom/stories/new", "conflict:/newsroom/stories/2",
		"/newsroom/front", "/newsroom/stories/1/withdraw/zh", "/newsroom/stories/1/delete", `follow:/newsroom/photos a[href$="/delete"]`,
		`follow:/newsroom/stories/1/revisions a[href$="/changes"]`,
		"insert-picture:/newsroom/stories/new",
		// The editor offering a draft kept in the browser; a form sent after
		// the session ended, on the sign-in page, and back in the editor.
		"draft:/newsroom/stories/1", "expired:/newsroom/stories/new", "resumed:",
	}
	for _, width := range []int64{1280, 360} {
		tb := e2eNewTab(t, base, e2eBrowserOpts{})
		acceptPrompts(tb) // leaving a form with unsaved text asks first
		e2eViewport(tb, width)
		setNewsroomCookie(tb, token)
		for _, path := range pages {
			if p, ok := strings.CutPrefix(path, "save:"); ok {
				tb.navigate(p)
				tb.click(`#editor button[name="action"][value="save"]`)
			} else if p, ok := strings.CutPrefix(path, "insert-picture:"); ok {
				tb.navigate(p)
				tb.click(`#editor button[name="action"][value="insert-picture"]`)
			} else if p, ok := strings.CutPrefix(path, "conflict:"); ok {
				// A form from a version with no record: every field that
				// differs from the story is shown as a conflict.
				tb.navigate(p)
				nrSet(tb, `#editor input[name="version"]`, "0")
				nrSet(tb, "#en-headline", "A headline typed meanwhile")
				if got := tb.click(`#editor button[name="action"][value="save"]`); got.status != 409 {
					t.Fatalf("%s: status %d, want the conflict", path, got.status)
				}
			} else if p, ok := strings.CutPrefix(path, "draft:"); ok {
				tb.navigate(p)
				nrFill(tb, "#zh-headline", "草稿")
				draftWait(tb, draftKeys+" > 0")
				tb.navigate(p)
				draftWait(tb, `!document.getElementById("editor-draft").hidden`)
			} else if p, ok := strings.CutPrefix(path, "expired:"); ok {
				tb.navigate(p)
				nrFill(tb, "#zh-headline", "草稿")
				draftEndSession(tb)
				tb.click(`#editor button[name="action"][value="save"]`)
				tb.mustHave("#login-carried")
			} else if path == "resumed:" {
				nrFill(tb, "#login-email", "a11y@example.com")
				nrFill(tb, "#login-password", "a long enough password")
				tb.click(nrLoginButton)
				tb.mustHave("#editor-resumed")
			} else if p, ok := strings.CutPrefix(path, "preview:"); ok {
				tb.navigate(p)
				tb.click(`#editor button[name="action"][value="preview"]`)
				tb.mustHave("#preview .preview")
			} else if p, ok := strings.CutPrefix(path, "follow:"); ok {
				page, link, _ := strings.Cut(p, " ")
				tb.navigate(page)
				tb.click(link)
			} else {
				tb.navigate(path)
			}
			// Evaluated through the debugging protocol, axe is not subject to the page's CSP.
			e2eEval[bool](tb, string(axe)+";true")
			var res axeResult
			tb.call("axe on "+path, func(ctx context.Context) error {
				raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {
					runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
					iframes: false, resultTypes: ["violations"]
				}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
				if err != nil {
					return err
				}
				return json.Unmarshal([]byte(raw), &res)
			})
			for _, v := range res.Violations {
				var where []string
				for _, n := range v.Nodes {
					b, _ := json.Marshal(n.Target)
					where = append(where, string(b))
				}
				t.Errorf("%dpx %s: %s (%s): %s at %s", width, path, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
			}
			if got := e2eEval[int](tb, "document.documentElement.scrollWidth"); got > int(width) {
				t.Errorf("%dpx %s: page is %d px wide and scrolls sideways", width, path, got)
			}
		}
	}
}

// a11yNewsroomToken creates an admin with the subcommand and signs in over
// HTTP, returning the newsroom session token for the browser's cookie.
func a11yNewsroomToken(t *testing.T, base, data string) string {
	t.Helper()
	return newsroomToken(t, base, data, "a11y@example.com", "admin")
}

// newsroomToken creates an account with the subcommand and signs in over
// HTTP, returning the newsroom session token for the browser's cookie.
func newsroomToken(t *testing.T, base, data, email, role string) string {
	t.Helper()
	const pw = "a long enough password"
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(pw + "\n")
	if err := run(t.Context(), []string{"user", "add", "--data", data, "--email", email, "--role", role}, env(nil), io.Discard); err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(base+"/newsroom/login", url.Values{"email": {email}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, k := range resp.Cookies() {
		if k.Name == "newsroom" {
			return k.Value
		}
	}
	t.Fatalf("signing in gave no newsroom cookie (status %d)", resp.StatusCode)
	return ""
}

// seedTrends gives a data directory a term in each edition's Search Trends
// and a blocked entry, so the checkers see the trends box and the admin's
// trends page filled in.
func seedTrends(t *testing.T, data string) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	today := time.Now().UTC().Unix() / 86400
	for lang, term := range map[news.Lang]string{news.EN: "delta", news.ZH: "海堤"} {
		for i := 0; i < 3; i++ {
			if err := st.CountSearch(t.Context(), lang, term, today); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := st.BlockTerm(t.Context(), "casino", 0); err != nil {
		t.Fatal(err)
	}
}
