package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Demo stories the bilingual journey reads.
const (
	biTeaZH      = "/zh/story/ni-bo-er-shan-qu-cha-nong-zhi-xiao-hai-wai"
	biSeawallEN  = "delta-town-seawall-or-saltmarsh"
	biSeawallZH  = "/zh/story/san-jiao-zhou-xiao-zhen-hai-di"
	biSeawallHan = "/zh-hant/story/san-jiao-zhou-xiao-zhen-hai-di"
)

// e2eViewport sets the tab's width (and a phone's touch and scaling when narrow).
func e2eViewport(tb *e2eTab, width int64) {
	tb.call("set viewport", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600,
		})
		return err
	})
}

// TestE2EBilingualReading: the bilingual page keeps each pair level side by
// side at 1280 px and stacks it readably at 360 px, with and without
// JavaScript; "on tap" opens a paragraph's English with a click.
func TestE2EBilingualReading(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	e2eBothScriptModes(t, base, e2eBrowserOpts{acceptLang: "zh-CN"}, func(t *testing.T, tb *e2eTab) {
		e2eViewport(tb, 1280)
		e2eWantPage(t, tb.navigate(biTeaZH), biTeaZH, 200)
		e2eWantPage(t, tb.click("p.bilingual-link a"), biTeaZH+"/bilingual", 200)
		// Side by side: both halves of a pair start on one line, and the next
		// pair starts below the longer half.
		bad := e2eEval[string](tb, `(() => {
			const pairs = [...document.querySelectorAll(".pair:not(.across)")];
			if (pairs.length < 10) return "only " + pairs.length + " pairs";
			let prevBottom = 0;
			for (const [i, p] of pairs.entries()) {
				const l = p.querySelector(".pair-lead").getBoundingClientRect(), o = p.querySelector(".pair-other").getBoundingClientRect();
				if (Math.abs(l.top - o.top) > 1) return "pair " + (i+1) + ": tops " + l.top + " and " + o.top;
				if (o.left <= l.right) return "pair " + (i+1) + ": not side by side";
				if (l.top < prevBottom - 1) return "pair " + (i+1) + " overlaps the one before";
				prevBottom = Math.max(l.bottom, o.bottom);
			}
			return "";
		})()`)
		if bad != "" {
			t.Fatalf("at 1280 px: %s", bad)
		}
		// On a phone: one column, the Chinese first, nothing wider than the screen.
		e2eViewport(tb, 360)
		tb.reload()
		bad = e2eEval[string](tb, `(() => {
			if (document.documentElement.scrollWidth > 360) return "page is " + document.documentElement.scrollWidth + " px wide";
			for (const [i, p] of [...document.querySelectorAll(".pair:not(.across)")].entries()) {
				const l = p.querySelector(".pair-lead").getBoundingClientRect(), o = p.querySelector(".pair-other").getBoundingClientRect();
				if (o.top < l.bottom - 1) return "pair " + (i+1) + ": not stacked";
				if (l.width < 300) return "pair " + (i+1) + ": a " + l.width + " px column";
			}
			return "";
		})()`)
		if bad != "" {
			t.Fatalf("at 360 px: %s", bad)
		}
		// Chinese only, English on tap: a click opens one paragraph's English.
		e2eWantPage(t, tb.click(`nav.bilingual-modes a[href$="?show=tap"]`), biTeaZH+"/bilingual?show=tap", 200)
		if n := tb.count("details.pair-other[open]"); n != 0 {
			t.Fatalf("%d English paragraphs open before any tap", n)
		}
		tb.call("tap", func(ctx context.Context) error {
			_, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS("details.pair-other summary")))
			return err
		})
		if n := tb.count("details.pair-other[open]"); n != 1 {
			t.Fatalf("%d English paragraphs open after one tap, want 1", n)
		}
	})
}

// TestE2ETranslationStatus: an editor changes the English original in the
// newsroom; a minor edit leaves the Chinese pages as they were, a real one
// makes both Chinese editions say the translation may be out of date. A
// translation that no longer pairs is shown one text after the other.
func TestE2ETranslationStatus(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data, clockAt(demoNewest(t).Add(24*time.Hour)))
	t.Cleanup(stop)
	token := a11yNewsroomToken(t, base, data) // sets stdin: before running in parallel
	t.Parallel()
	edit := storyEditPath(t, data, biSeawallEN)

	ed := newsroomTab(t, base, token, e2eBrowserOpts{})
	// The English editor changes one paragraph of the original.
	update := func(from, to string, minor bool) {
		t.Helper()
		ed.navigate(edit)
		body := nrValue(ed, "#en-body")
		if !strings.Contains(body, from) {
			t.Fatalf("the English body lacks %q", from)
		}
		nrFill(ed, "#en-body", strings.Replace(body, from, to, 1))
		if minor {
			ed.mustHave(`input[name="minor_edit"]`)
			ed.call("tick minor edit", func(ctx context.Context) error {
				_, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`input[name="minor_edit"]`)))
				return err
			})
		}
		e2eWantPage(t, ed.click(`#editor button[name="action"][value="save"]`), edit+"?saved=save", 200)
	}
	reader := e2eNewTab(t, base, e2eBrowserOpts{acceptLang: "zh-CN", noJS: true})
	notice := func(path string) bool {
		t.Helper()
		e2eWantPage(t, reader.navigate(path), path, 200)
		return reader.count("p.outdated") > 0
	}
	update("At low tide", "At low water", true)
	for _, p := range []string{biSeawallZH, biSeawallHan} {
		if notice(p) {
			t.Fatalf("%s says it is outdated after a minor edit of the original", p)
		}
	}
	update("the seawall at Wendmouth looks", "the seawall at Wendmouth, rebuilt in 1962, looks", false)
	for p, want := range map[string]string{biSeawallZH: "本译文可能已过时", biSeawallHan: "本譯文可能已過時"} {
		if !notice(p) || !strings.Contains(reader.text("p.outdated"), want) {
			t.Fatalf("%s does not say it may be out of date", p)
		}
	}
	// The bilingual page marks the paragraph that changed.
	e2eWantPage(t, reader.navigate(biSeawallZH+"/bilingual"), biSeawallZH+"/bilingual", 200)
	if n := reader.count(".pair.changed"); n != 1 {
		t.Fatalf("%d pairs marked as changed, want 1", n)
	}
	// A Chinese body cut short with no pairing: the texts one after the other.
	ed.navigate(edit)
	zh := nrValue(ed, "#zh-body")
	nrFill(ed, "#zh-body", zh[:strings.LastIndex(zh, "\n\n")])
	e2eWantPage(t, ed.click(`#editor button[name="action"][value="save"]`), edit+"?saved=save", 200)
	if !strings.Contains(ed.text("body"), "The English story has 15 blocks and the Chinese 14.") {
		t.Fatal("the editor is not warned that the texts no longer pair")
	}
	e2eWantPage(t, reader.navigate(biSeawallZH+"/bilingual"), biSeawallZH+"/bilingual", 200)
	if reader.count(".pair") != 0 || reader.count(".bilingual-text") != 2 {
		t.Fatal("a mismatched story is not shown one text after the other")
	}
}

// TestE2ELanguageMenuKeepsThePlace: a reader halfway down a story who
// switches language lands on the same paragraph of the other edition (a
// small script adds its anchor to the menu's link); without JavaScript an
// anchor link still lands on the same paragraph in every edition.
func TestE2ELanguageMenuKeepsThePlace(t *testing.T) {
	t.Parallel()
	base := e2eStartSite(t)
	const en = "/en/story/" + biSeawallEN
	inView := func(tb *e2eTab, id string) bool {
		return e2eEval[bool](tb, `(() => { const e = document.getElementById(`+nrJS(id)+`);
			if (!e) return false; const r = e.getBoundingClientRect(); return r.top >= -2 && r.top < innerHeight; })()`)
	}
	for _, noJS := range []bool{false, true} {
		t.Run(map[bool]string{false: "js", true: "nojs"}[noJS], func(t *testing.T) {
			tb := e2eNewTab(t, base, e2eBrowserOpts{noJS: noJS})
			e2eViewport(tb, 1280)
			e2eWantPage(t, tb.navigate(en), en, 200)
			if tb.count("script[src*='keep-place']") != 1 {
				t.Fatal("the story page does not load the place-keeping script")
			}
			ids := e2eEval[[]string](tb, `[...document.querySelectorAll(".story-body [id^='p-']")].map(e => e.id)`)
			if len(ids) < 10 {
				t.Fatalf("%d anchored paragraphs", len(ids))
			}
			target := ids[7]
			if !noJS {
				e2eEval[bool](tb, `(document.getElementById(`+nrJS(target)+`).scrollIntoView(), true)`)
				time.Sleep(time.Second) // reading: the scroll rests there
				e2eWantPage(t, tb.click(`nav.lang-menu a[hreflang="zh-Hans"]`), biSeawallZH+"#"+target, 200)
				if !inView(tb, target) {
					t.Fatalf("the paragraph %s is not on screen after switching", target)
				}
				return
			}
			for _, p := range []string{biSeawallZH, biSeawallHan, en} {
				tb.navigate(p + "#" + target)
				if !inView(tb, target) {
					t.Fatalf("%s#%s does not show that paragraph", p, target)
				}
			}
		})
	}
}
