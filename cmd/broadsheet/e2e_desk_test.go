package main

// End-to-end tests of the bilingual desk: several people on one story.

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"broadsheet/internal/news"
	"broadsheet/internal/store"
)

// newsroomTab is a browser signed in to the newsroom with token.
func newsroomTab(t *testing.T, base, token string, opts e2eBrowserOpts) *e2eTab {
	t.Helper()
	tb := e2eNewTab(t, base, opts)
	setNewsroomCookie(tb, token)
	return tb
}

// setNewsroomCookie signs tb in to the newsroom with a session token.
func setNewsroomCookie(tb *e2eTab, token string) {
	tb.t.Helper()
	tb.call("newsroom cookie", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "newsroom", Value: token, URL: tb.base + "/newsroom/"})
		return err
	})
}

// storyEditPath is the newsroom editor's address of the story with the
// English slug, read from the data directory's store.
func storyEditPath(t *testing.T, data, slugEN string) string {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(data, "broadsheet.db"))
	if err != nil {
		t.Fatal(err)
	}
	story, err := st.Story(t.Context(), news.EN, slugEN)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	return "/newsroom/stories/" + strconv.FormatInt(story.StoryID, 10)
}

// TestE2EEditorAndTranslator: an English editor and a Chinese translator
// edit one story in two browsers. The second save keeps the first's work
// and readers see both; when both change the same field, the second sees
// the two versions side by side and chooses.
func TestE2EEditorAndTranslator(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data, clockAt(demoNewest(t).Add(24*time.Hour)))
	t.Cleanup(stop)
	// Accounts are made before running in parallel (the command reads stdin).
	edToken := newsroomToken(t, base, data, "desk@example.com", "editor")
	trToken := newsroomToken(t, base, data, "translator@example.com", "editor")
	t.Parallel()
	edit := storyEditPath(t, data, biSeawallEN)

	ed := newsroomTab(t, base, edToken, e2eBrowserOpts{})
	tr := newsroomTab(t, base, trToken, e2eBrowserOpts{acceptLang: "zh-CN", noJS: true})
	e2eWantPage(t, ed.navigate(edit), edit, 200)
	e2eWantPage(t, tr.navigate(edit), edit, 200)

	// Each works on their own language; the translator saves first.
	const headlineEN, headlineZH = "Delta town weighs a seawall against a saltmarsh", "三角洲小镇：建海堤还是留盐沼"
	nrFill(tr, "#zh-headline", headlineZH)
	e2eWantPage(t, tr.click(nrSave), edit+"?saved=save", 200)
	nrFill(ed, "#en-headline", headlineEN)
	e2eWantPage(t, ed.click(nrSave), edit+"?saved=save&merged=1", 200)
	if got := ed.text(".form-warning"); !strings.Contains(got, "both kept") {
		t.Error("the editor is not told that another save was merged")
	}
	if got := nrValue(ed, "#zh-headline"); got != headlineZH {
		t.Fatalf("after the editor's save the Chinese headline is %q, want the translator's %q", got, headlineZH)
	}
	// Readers get both.
	reader := tr
	e2eWantPage(t, reader.navigate("/en/story/"+biSeawallEN), "/en/story/"+biSeawallEN, 200)
	nrWantText(reader, "h1", headlineEN)
	e2eWantPage(t, reader.navigate(biSeawallZH), biSeawallZH, 200)
	nrWantText(reader, "h1", headlineZH)

	// Both change the English standfirst.
	e2eWantPage(t, ed.navigate(edit), edit, 200)
	e2eWantPage(t, tr.navigate(edit), edit, 200)
	const theirs, mine = "The translator's reading of the standfirst.", "The editor's standfirst, sharper."
	nrFill(tr, "#en-summary", theirs)
	e2eWantPage(t, tr.click(nrSave), edit+"?saved=save", 200)
	nrFill(ed, "#en-summary", mine)
	e2eWantPage(t, ed.click(nrSave), edit, 409)
	if n := ed.count("section.conflict"); n != 1 {
		t.Fatalf("%d conflicts shown, want 1 (the standfirst)", n)
	}
	nrWantText(ed, "section.conflict .conflict-side:first-child .conflict-text", mine)
	nrWantText(ed, "section.conflict .conflict-side:last-child .conflict-text", theirs)
	// Side by side: level, the editor's on the left.
	level := e2eEval[bool](ed, `(() => {
		const [a, b] = [...document.querySelectorAll("section.conflict .conflict-side")].map(e => e.getBoundingClientRect());
		return Math.abs(a.top - b.top) < 1 && a.right <= b.left;
	})()`)
	if !level {
		t.Error("the two versions are not side by side")
	}
	if got := nrValue(ed, "#en-summary"); got != mine {
		t.Fatalf("the form lost the editor's text: %q", got)
	}
	// The editor takes the translator's, and saves.
	ed.call("take theirs", func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`input[name="take-en-summary"]`)))
		return err
	})
	e2eWantPage(t, ed.click(nrSave), edit+"?saved=save", 200)
	if got := nrValue(ed, "#en-summary"); got != theirs {
		t.Fatalf("after taking theirs the standfirst is %q, want %q", got, theirs)
	}
}
