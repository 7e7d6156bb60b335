package main

import (
	"strconv"
	"testing"
	"time"
)

// TestE2EPinningChangesFrontPageLead is issue 14's proof that pinning
// changes the front page's lead: an editor pins an older story on the
// newsroom's Front page desk, with plain forms, and the reader's front page
// (cached before) leads with it at once.
func TestE2EPinningChangesFrontPageLead(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data, clockAt(demoNewest(t).Add(24*time.Hour)))
	t.Cleanup(stop)
	nrAddAdmin(t, data)
	t.Parallel() // package state (stdin, account.Cost) is restored by now

	tb := e2eNewTab(t, base, e2eBrowserOpts{})
	e2eWantPage(t, tb.navigate("/en/"), "/en/", 200)
	before := tb.text(".lead-headline")

	tb.navigate("/newsroom/login")
	e2eWantPage(t, nrSignIn(tb), "/newsroom/", 200)
	e2eWantPage(t, tb.click(`nav a[href="/newsroom/front"]`), "/newsroom/front", 200)

	// The oldest published story with an English version: the last such row.
	n := e2eEval[int](tb, `[...document.querySelectorAll("#front-candidates > li")]
		.map((li, i) => li.textContent.includes("English: Published") ? i + 1 : 0).reduce((a, b) => Math.max(a, b), 0)`)
	if n == 0 {
		t.Fatal("the Front page desk lists no published English story")
	}
	row := "#front-candidates > li:nth-child(" + strconv.Itoa(n) + ")"
	pinned := tb.text(row + " .front-headline a")
	if pinned == before {
		t.Fatalf("the story to pin, %q, leads already", pinned)
	}
	e2eWantPage(t, tb.click(row+` button[value="lead"]`), "/newsroom/front?saved=1", 200)
	nrWantText(tb, "#front-notice", "Saved. The front page shows the change now, in every edition.")
	nrWantText(tb, "#front-lead .front-headline a", pinned)

	e2eWantPage(t, tb.navigate("/en/"), "/en/", 200)
	if got := tb.text(".lead-headline"); got != pinned {
		t.Fatalf("front page lead=%q after pinning, want %q", got, pinned)
	}
}
