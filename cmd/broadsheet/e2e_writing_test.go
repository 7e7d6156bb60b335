package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"broadsheet/internal/content"
)

// TestE2EEditorWritesChinese: an editor starts a sub-heading with the
// toolbar, types the rest as a Chinese input method does (##小标题 with no
// space, a full-width ＞, a link in 【】（）), sees the length as they type,
// and Preview lands on a preview where each reads as meant, with the notes
// saying so; the preview narrows to a phone's width.
func TestE2EEditorWritesChinese(t *testing.T) {
	data := t.TempDir()
	base, _, stop := startRun(t, data)
	t.Cleanup(stop)
	nrAddAdmin(t, data)
	t.Parallel()

	ed := e2eNewTab(t, base, e2eBrowserOpts{})
	ed.navigate("/newsroom/login")
	e2eWantPage(t, nrSignIn(ed), "/newsroom/", 200)
	e2eWantPage(t, ed.navigate("/newsroom/stories/new"), "/newsroom/stories/new", 200)

	nrType(ed, "#en-headline", "Harbour rules change")
	nrFill(ed, "#en-body", "The #1 story of the night.")
	nrType(ed, "#zh-headline", "码头新规出台")

	// The toolbar, shown by its script, starts a sub-heading where the cursor is.
	const tool = `.md-toolbar[data-for="zh-body"] button[data-tool="heading"]`
	if ed.count(`.md-toolbar[data-for="zh-body"]:not([hidden])`) != 1 {
		t.Fatal("the body's toolbar is hidden with JavaScript on")
	}
	ed.call("click the sub-heading tool", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(tool)))
	})
	ed.call("type the sub-heading", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#zh-body"), "码头新规"))
	})
	if got, want := nrValue(ed, "#zh-body"), "## 码头新规"; got != want {
		t.Fatalf("body after the sub-heading tool and typing=%q, want %q", got, want)
	}
	// The script counts as the server does (content.Count), whatever the text.
	for _, sample := range []string{
		"It's a well-known 3.5% rise — again.", "1. First item\n2. Second\n\n> Quoted *words*",
		"![A crane](crane.jpg \"Caption\")\n\nText after", "```embed\nkind = \"video\"\n```\nAfter",
		"见【文字】（https://example.org/a）和[words](https://example.org/b)。", "使用 GPS 定位 2 次\u3000再试",
		"Tab\tseparated\u00a0nbsp", "emoji 🎉 party", "한국어 텍스트 かな カナ", "＃＃小标题\n＞ 引文",
	} {
		nrSet(ed, "#en-body", sample)
		want := fmt.Sprintf("%d words", content.Count(sample))
		if content.Count(sample) == 1 {
			want = "1 word"
		}
		if got := ed.text("#en-body-count"); got != want {
			t.Fatalf("live count of %q=%q, the server's %q", sample, got, want)
		}
	}
	nrFill(ed, "#en-body", "The #1 story of the night.")
	body := "## 码头新规\n\n导语。\n\n##小标题\n\n＞引文\n\n详见【报告】（https://example.org/r）。"
	nrFill(ed, "#zh-body", body)
	typed := ed.text("#zh-body-count") // counted by the script as typed
	if typed != "18 characters" {
		t.Fatalf("live count=%q, want %q", typed, "18 characters")
	}

	// Preview: the page lands on the preview, scrolled to it.
	got := ed.click(nrPreview)
	e2eWantPage(t, got, "/newsroom/stories/new#preview", 200)
	if top := e2eEval[float64](ed, `document.getElementById("preview").getBoundingClientRect().top`); top < -1 || top > 2 {
		t.Fatalf("the preview is %.0f px from the top of the window, want it at the top", top)
	}
	zh := `.preview[lang="zh-Hans"] .story-body`
	nrWantText(ed, zh+" h2:nth-of-type(1)", "码头新规")
	nrWantText(ed, zh+" h2:nth-of-type(2)", "小标题")
	nrWantText(ed, zh+" blockquote", "引文")
	nrWantText(ed, zh+` a[href="https://example.org/r"]`, "报告")
	nrWantText(ed, `.preview[lang="en"] .story-body p`, "The #1 story of the night.")
	// Chinese quotes are upright in the preview too, though the page is in English.
	if got := e2eEval[string](ed, `getComputedStyle(document.querySelector('`+zh+` blockquote')).fontStyle`); got != "normal" {
		t.Fatalf("a Chinese quote in the preview has font-style %q, want normal", got)
	}
	notes := ed.text("#zh-body-notes")
	for _, want := range []string{
		"Line 5: “##小标题” is read as a sub-heading.",
		"Line 7: “＞引文” is read as a quote.",
		"Line 9: “【报告】（https://example.org/r）” is read as a link.",
	} {
		if !strings.Contains(notes, want) {
			t.Fatalf("notes %q lack %q", notes, want)
		}
	}
	if got := ed.text("#zh-body-count"); got != typed {
		t.Fatalf("the server counts %q, the script counted %q", got, typed)
	}

	// The phone-width preview: a checkbox, no script needed.
	ed.call("choose the phone width", func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`label[for="preview-phone"]`)))
	})
	if w := e2eEval[float64](ed, `document.querySelector('.preview').getBoundingClientRect().width`); w != 360 {
		t.Fatalf("phone-width preview is %.0f px wide, want 360", w)
	}
}
