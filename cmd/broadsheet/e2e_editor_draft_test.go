package main

import (
	"context"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// acceptPrompts answers every dialog in tb as a reader leaving the page
// would ("Leave"), and counts the "leave with unsaved changes?" prompts.
func acceptPrompts(tb *e2eTab) *atomic.Int32 {
	var prompts atomic.Int32
	go func() {
		for ev, err := range chromedp.Events(tb.ctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			if ev.Type == page.DialogTypeBeforeunload {
				prompts.Add(1)
			}
			chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return &prompts
}

// draftKeys counts the editor drafts kept in the browser's storage.
const draftKeys = `Object.keys(localStorage).filter(k => k.startsWith("broadsheet-draft:")).length`

// draftWait waits until expr is true in the page. (chromedp.Poll would
// count as a user's gesture, after which leaving a changed editor asks.)
func draftWait(tb *e2eTab, expr string) {
	tb.t.Helper()
	tb.call("wait for "+expr, func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(done => {
			const check = () => (`+expr+`) ? done(true) : setTimeout(check, 50);
			check();
		})`, chromedp.EvalAwaitPromise))
		return err
	})
}

// draftEndSession deletes the newsroom cookie, as its end or a cleared
// browser would.
func draftEndSession(tb *e2eTab) {
	tb.t.Helper()
	tb.call("delete the newsroom cookie", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: "newsroom", URL: tb.base + "/newsroom/"})
		return err
	})
}

// TestE2EEditorDraft: typed work is never lost. (a) With JavaScript, the
// editor keeps a draft while the editor types; leaving asks first; after
// the session ended and signing in again, the editor offers the draft,
// restores it, and saving clears it. (b) Without JavaScript, a save after
// the session ended goes through the sign-in page and back to the editor
// with the text, which then saves.
func TestE2EEditorDraft(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data)
	t.Cleanup(stop)
	nrAddAdmin(t, data)
	t.Parallel() // package state is restored by now

	tb := e2eNewTab(t, base, e2eBrowserOpts{})
	prompts := acceptPrompts(tb)

	// (a) With JavaScript.
	e2eWantPage(t, tb.navigate("/newsroom/login?next=/newsroom/stories/1"), "/newsroom/login?next=/newsroom/stories/1", 200)
	e2eWantPage(t, nrSignIn(tb), "/newsroom/stories/1", 200)
	stored := nrValue(tb, "#en-headline")
	const typed = "Night buses return to the old routes"
	nrType(tb, "#en-headline", typed)
	draftWait(tb, draftKeys+" === 1")
	// A preview shows the typed text: the draft is kept, and not offered.
	e2eWantPage(t, tb.click(nrPreview), "/newsroom/stories/1#preview", 200)
	if !e2eEval[bool](tb, `document.getElementById("editor-draft").hidden`) || e2eEval[int](tb, draftKeys) != 1 {
		t.Fatal("after a preview the draft is offered, or not kept")
	}

	// The session ends; leaving asks first, and the sign-in leads back.
	draftEndSession(tb)
	back := tb.click(`nav a[href="/newsroom/"]`)
	e2eWantPage(t, back, "/newsroom/login?next="+url.QueryEscape("/newsroom/"), 200)
	if got := prompts.Load(); got != 1 {
		t.Fatalf("leaving the editor with a typed headline asked %d times, want once", got)
	}
	e2eWantPage(t, tb.navigate("/newsroom/stories/1"), "/newsroom/login?next="+url.QueryEscape("/newsroom/stories/1"), 200)
	e2eWantPage(t, nrSignIn(tb), "/newsroom/stories/1", 200)
	if got := nrValue(tb, "#en-headline"); got != stored {
		t.Fatalf("headline before restoring=%q, want the stored %q", got, stored)
	}
	nrWantText(tb, "#editor-draft p", "This browser kept changes to this story that were never saved.")
	tb.call("restore the draft", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#editor-draft button[data-draft="restore"]`)))
	})
	if got := nrValue(tb, "#en-headline"); got != typed {
		t.Fatalf("headline after restoring=%q, want %q", got, typed)
	}
	if !e2eEval[bool](tb, `document.getElementById("editor-draft").hidden`) {
		t.Fatal("the offer stays after restoring")
	}
	nrWantSaved(t, tb, tb.click(nrSave), "save", "Updated.")
	if got := nrValue(tb, "#en-headline"); got != typed {
		t.Fatalf("saved headline=%q, want %q", got, typed)
	}
	if got := e2eEval[int](tb, draftKeys); got != 0 {
		t.Fatalf("%d drafts kept after saving, want none", got)
	}
	if !e2eEval[bool](tb, `document.getElementById("editor-draft").hidden`) {
		t.Fatal("a draft is offered after saving")
	}

	// (b) Without JavaScript, in the same browser.
	tb.call("disable scripts", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	e2eWantPage(t, tb.navigate("/newsroom/stories/new"), "/newsroom/stories/new", 200)
	const headline, body = "Ferry crews vote on a winter rota", "The ferry crews voted on Tuesday to keep the late crossing."
	nrType(tb, "#en-headline", headline)
	nrFill(tb, "#en-body", body)
	draftEndSession(tb)
	e2eWantPage(t, tb.click(nrSave), "/newsroom/stories/new", http.StatusUnauthorized)
	nrWantText(tb, "#login-error", "Your newsroom session has ended, so nothing has been saved yet.")
	nrWantText(tb, "#login-carried", "Your changes are kept on this page. Sign in again and they open in the editor, ready to save.")
	e2eWantPage(t, nrSignIn(tb), "/newsroom/login", 200)
	nrWantText(tb, "#editor-resumed", "You are signed in again. Your changes are below and not saved yet: check them, then save or publish.")
	edit := nrWantSaved(t, tb, tb.click(nrSave), "save", "Saved as a draft.")
	if got := nrValue(tb, "#en-body"); got != body {
		t.Fatalf("%s: body=%q, want %q", edit, got, body)
	}
	if got := prompts.Load(); got != 1 {
		t.Fatalf("%d prompts in all, want the one before leaving", got)
	}
}
